"""The clearance API's input and output types."""

from __future__ import annotations

import datetime as dt

from ninja import Field, Schema


class DecisionOut(Schema):
    user: str
    outcome: str
    comment: str
    version: int | None
    decided_at: dt.datetime
    reset: bool


class StepOut(Schema):
    order: int
    name: str
    assignee: str
    mode: str
    condition: str
    days: int
    state: str
    started_at: dt.datetime | None
    due_at: dt.datetime | None
    decisions: list[DecisionOut]


class ClearanceOut(Schema):
    status: str
    template: str
    started_at: dt.datetime
    finished_at: dt.datetime | None
    steps: list[StepOut]


class VersionOut(Schema):
    number: int
    document: int
    title: str


class AgreementClearanceOut(Schema):
    agreement: int
    locked: bool
    clearance: ClearanceOut | None
    versions: list[VersionOut]


class DecisionIn(Schema):
    comment: str = Field("", max_length=5000)


class ReturnIn(Schema):
    comment: str = Field(..., max_length=5000)
    back_to: int | None = Field(
        None, ge=1, le=999, description="the order of the step to go back to"
    )

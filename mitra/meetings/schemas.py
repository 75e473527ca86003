"""Input types of the meetings API; each enum has its own name in the OpenAPI document."""

from __future__ import annotations

import datetime as dt

from ninja import Schema

from mitra.core.api import CodeEnum


class MeetingKind(CodeEnum):
    MINISTERIAL = "ministerial"
    SENIOR_OFFICIAL = "senior_official"
    TECHNICAL = "technical"
    WORKSHOP = "workshop"
    VISIT = "visit"


class FollowUpStatus(CodeEnum):
    OPEN = "open"
    DONE = "done"
    DROPPED = "dropped"


class ParticipantSide(CodeEnum):
    OURS = "ours"
    PARTNER = "partner"


class ParticipantSchema(Schema):
    name: str
    role_title: str = ""
    side: ParticipantSide = ParticipantSide.OURS


class FollowUpCreate(Schema):
    description: str
    owner_unit: str
    due_date: dt.date | None = None


class MeetingCreate(Schema):
    title: str
    kind: MeetingKind
    level: str = ""
    date: dt.date | None = None
    place: str = ""
    summary: str = ""
    decisions: str = ""
    partners: list[str] = []
    agreements: list[int] = []
    areas: list[str] = []
    participants: list[ParticipantSchema] = []
    followups: list[FollowUpCreate] = []


class FollowUpStatusUpdate(Schema):
    status: FollowUpStatus
    note: str = ""

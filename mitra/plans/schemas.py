"""Input types of the plans domain: the API's schemas (each enum has its own name in the
OpenAPI document) and the services' typed changes, which forms, the API and spreadsheet rows
build."""

from __future__ import annotations

import dataclasses
import datetime as dt
from decimal import Decimal
from typing import Any

from ninja import Schema

from mitra.core.api import CodeEnum
from mitra.core.inputs import UNSET, given


class ActivityStatus(CodeEnum):
    """The statuses a person sets (the derived "delayed" is read, and may also be chosen)."""

    PLANNED = "planned"
    ONGOING = "ongoing"
    COMPLETED = "completed"
    DELAYED = "delayed"
    CANCELLED = "cancelled"


class ReviewDecision(CodeEnum):
    APPROVE = "approve"
    RETURN = "return"


class ActivityUpdate(Schema):
    status: ActivityStatus | None = None
    actual_start: dt.date | None = None
    actual_end: dt.date | None = None
    people_reached: int | None = None
    people_reached_label: str | None = None
    outputs: str | None = None


# Text fields an activity always has (possibly empty): an explicit null is refused, not stored.
ACTIVITY_TEXT_FIELDS = ("status", "people_reached_label", "outputs")


class ResultCreate(Schema):
    period_start: dt.date
    period_end: dt.date
    value: Decimal
    note: str = ""


class ResultReview(Schema):
    decision: ReviewDecision
    comment: str = ""


@dataclasses.dataclass(frozen=True)
class ActivityChanges:
    """What changes in an activity: the fields given; those left UNSET stay as they are.

    `area` is a taxonomy CooperationArea and `owner_unit` an accounts Unit (objects, already
    turned from their codes by the domain that owns them).
    """

    title: str = UNSET
    description: str = UNSET
    kind: str = UNSET
    horizon: str = UNSET
    area: Any = UNSET
    owner_unit: Any = UNSET
    counterpart: str = UNSET
    planned_start: dt.date | None = UNSET
    planned_end: dt.date | None = UNSET
    actual_start: dt.date | None = UNSET
    actual_end: dt.date | None = UNSET
    status: str = UNSET
    budget: Decimal | None = UNSET
    currency: str = UNSET
    funding_source: str = UNSET
    people_reached: int | None = UNSET
    people_reached_label: str = UNSET
    outputs: str = UNSET

    def given(self) -> dict[str, Any]:
        return given(self)


@dataclasses.dataclass(frozen=True)
class IndicatorChanges:
    """What changes in an indicator: the fields given; those left UNSET stay as they are.

    `activity` is one of the plan's activities, or None for the plan as a whole.
    """

    name: str = UNSET
    unit: str = UNSET
    baseline: Decimal | None = UNSET
    target: Decimal = UNSET
    direction: str = UNSET
    activity: Any = UNSET
    frequency: str = UNSET

    def given(self) -> dict[str, Any]:
        return given(self)


ACTIVITY_FIELDS = tuple(f.name for f in dataclasses.fields(ActivityChanges))
# What a unit's focal point reports about its own activity; the plan itself stays the bureau's.
DELIVERY_FIELDS = (
    "actual_start",
    "actual_end",
    "status",
    "people_reached",
    "people_reached_label",
    "outputs",
)
INDICATOR_FIELDS = tuple(f.name for f in dataclasses.fields(IndicatorChanges))


@dataclasses.dataclass(frozen=True)
class CommitmentIn:
    """Money committed to a partnership on its agreement (FundingCommitment)."""

    funder: str
    source: str
    amount: Decimal
    currency: str
    ends_on: dt.date

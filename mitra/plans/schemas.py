"""Input types of the plans API; each enum has its own name in the OpenAPI document."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from ninja import Schema

from mitra.core.api import CodeEnum


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

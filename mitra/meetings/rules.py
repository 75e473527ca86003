"""Rules about meetings and follow-ups that pages, the API, exports and services all share."""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING

from django.db.models import BooleanField, ExpressionWrapper, Q
from django.utils import timezone

if TYPE_CHECKING:
    from mitra.meetings.models import FollowUp

OPEN = "open"


def overdue_q(today: dt.date | None = None, prefix: str = "") -> Q:
    """Follow-ups still open after their due date (queryset form; `prefix` e.g. "followups__")."""
    today = today or timezone.localdate()
    return Q(**{f"{prefix}status": OPEN, f"{prefix}due_date__lt": today})


def is_overdue(followup: FollowUp, today: dt.date | None = None) -> bool:
    """Whether one follow-up is open after its due date (single-object form of `overdue_q`)."""
    today = today or timezone.localdate()
    return bool(followup.status == OPEN and followup.due_date and followup.due_date < today)


def overdue_flag(today: dt.date | None = None) -> ExpressionWrapper:
    """`overdue_q` as a column, to annotate each follow-up with `overdue`."""
    return ExpressionWrapper(overdue_q(today), output_field=BooleanField())

"""Named rules of reminders and obligations, and the one definition of a dormant agreement.

Dormancy lives here (it moved down from insights.measures, which re-exports it) so that the
reminders can call the same rule the dashboard shows: in force for 6 months or more with no
activity and no meeting in the last 12 months.
"""

from __future__ import annotations

import calendar
import datetime as dt
from collections.abc import Iterator
from typing import TYPE_CHECKING, Any

from django.core.exceptions import ValidationError
from django.db.models import OuterRef, QuerySet
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from mitra.agreements import rules as agreement_rules
from mitra.agreements import selectors as agreement_selectors
from mitra.agreements.models import Agreement
from mitra.core.periods import months_before
from mitra.meetings import selectors as meeting_selectors
from mitra.plans import rules as plan_rules
from mitra.plans import selectors as plan_selectors

if TYPE_CHECKING:
    from mitra.workflow.models import Obligation

DEFAULT_THRESHOLDS = (180, 90, 60, 30, 7, 0)
DEFAULT_THRESHOLDS_TEXT = ",".join(str(d) for d in DEFAULT_THRESHOLDS)
# Follow-ups and obligations: a week before, on the day, then every week overdue.
DUE_THRESHOLDS = (7, 0)
OVERDUE_EVERY_DAYS = 7
# Expiry reminders still go out this many days after a missed expiry day (a stopped worker).
EXPIRY_GRACE_DAYS = 7
# An obligation without an end and an agreement without expiry: occurrences this far ahead.
OPEN_ENDED_YEARS = 5

THRESHOLDS_INVALID = _(
    "Give whole numbers of days, 0 to 3650, separated by commas (e.g. 180, 90, 30, 7, 0)."
)
INTERVAL_NOT_POSITIVE = _("The interval must be at least one month.")
END_BEFORE_START = _("The obligation cannot end before it starts.")
NO_END = _("Give the last date: the agreement has no expiry date to end it.")
EVIDENCE_REQUIRED = _("Link the evidence: a meeting or a document.")
DONE_IN_FUTURE = _("An obligation cannot be done on a date in the future.")


def parse_thresholds(text: str) -> tuple[int, ...]:
    """“180, 90, 7,0” → (180, 90, 7, 0), largest first; anything else is refused."""
    try:
        days = {int(part) for part in text.replace(" ", "").split(",") if part != ""}
    except ValueError as exc:
        raise ValidationError(THRESHOLDS_INVALID) from exc
    if not days or any(d < 0 or d > 3650 for d in days):
        raise ValidationError(THRESHOLDS_INVALID)
    return tuple(sorted(days, reverse=True))


def validate_thresholds(text: str) -> None:
    parse_thresholds(text)


def due_threshold(days_left: int, thresholds: tuple[int, ...]) -> int | None:
    """The threshold a date `days_left` away has reached: the smallest one not above it.

    A threshold crossed while nothing ran (an agreement recorded with 25 days left, a stopped
    worker) is still due: 25 days left reaches 30, and 30 is reminded once, not skipped.
    """
    reached = [t for t in thresholds if days_left <= t]
    return min(reached) if reached else None


def due_or_overdue_threshold(days_left: int) -> int | None:
    """Follow-ups and obligations: 7 days before, on the day, then each full week overdue
    (-7, -14, …)."""
    if days_left < 0:
        weeks = (-days_left) // OVERDUE_EVERY_DAYS
        return -weeks * OVERDUE_EVERY_DAYS if weeks else 0
    return due_threshold(days_left, DUE_THRESHOLDS)


def add_months(day: dt.date, months: int) -> dt.date:
    """The same day `months` later (earlier when negative), or the month's last day."""
    year, month = divmod(day.year * 12 + day.month - 1 + months, 12)
    month += 1
    return dt.date(year, month, min(day.day, calendar.monthrange(year, month)[1]))


def obligation_end(obligation: Obligation) -> dt.date | None:
    """The last possible date: its own, else the agreement's expiry."""
    if obligation.end:
        return obligation.end
    agreement = obligation.agreement if obligation.agreement_id else None
    return agreement.date_expiry if agreement is not None else None


def validate_obligation(obligation: Obligation) -> None:
    errors: dict[str, list] = {}
    o = obligation
    if o.interval_months is not None and o.interval_months <= 0:
        errors.setdefault("interval_months", []).append(INTERVAL_NOT_POSITIVE)
    end = obligation_end(o)
    if o.start and end and end < o.start:
        errors.setdefault("end", []).append(END_BEFORE_START)
    if errors:
        raise ValidationError(errors)


def is_overdue(occurrence: Any, today: dt.date | None = None) -> bool:
    """An occurrence still open after its due date."""
    today = today or timezone.localdate()
    return bool(occurrence.status == "open" and occurrence.due_date < today)


def due_dates(obligation: Obligation) -> Iterator[dt.date]:
    """start, start + interval, … up to the end (the expiry by default; five years if none)."""
    end = obligation_end(obligation) or add_months(obligation.start, 12 * OPEN_ENDED_YEARS)
    n = 0
    while True:
        day = add_months(obligation.start, n * obligation.interval_months)
        if day > end:
            return
        yield day
        n += 1


# Dormancy (DESIGN.md, "What it computes"): the one definition, used by the dashboard's
# measures, My week and the reminders. Whether there was activity or a meeting is asked of the
# system-level reads: dormancy is a fact about the agreement, the same whoever asks.

DORMANT_AFTER_MONTHS = 6


def dormant_among(qs: QuerySet[Agreement], today: dt.date | None = None) -> QuerySet[Agreement]:
    """Those of `qs` that are dormant today: in force 6 months or more (by
    `agreements.rules.in_force_since_q`), no activity and no meeting in the last 12 months."""
    today = today or timezone.localdate()
    since = months_before(today, plan_rules.WINDOW_MONTHS)
    cutoff = months_before(today, DORMANT_AFTER_MONTHS)
    here = OuterRef("pk")
    return (
        agreement_selectors.with_current_status(qs.filter(archived_at__isnull=True), today)
        .filter(current_status=Agreement.Status.IN_FORCE)
        .filter(agreement_rules.in_force_since_q(cutoff))
        .filter(~plan_selectors.system_recent_activity_q(today=today, agreement_ref=here))
        .filter(
            ~meeting_selectors.system_recent_meeting_q(since=since, today=today, agreement_ref=here)
        )
        .order_by("date_in_force", "signed_year", "pk")
    )


def dormant_agreements(*, user: Any, today: dt.date | None = None) -> QuerySet[Agreement]:
    """In-force agreements this user may read with no activity and no meeting in 12 months."""
    return dormant_among(agreement_selectors.active(user=user), today)


def is_dormant(agreement: Agreement, *, user: Any, today: dt.date | None = None) -> bool:
    return dormant_agreements(user=user, today=today).filter(pk=agreement.pk).exists()

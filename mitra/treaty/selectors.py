"""Reads of the treaty record. Only those who may read it (core.permissions "treaty.view")
get anything: for the others the list and each record do not exist (404), and the agreement
page's section is empty without a query."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any

from django.db.models import Exists, OuterRef, Prefetch, Q, QuerySet
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from mitra.agreements import selectors as agreement_selectors
from mitra.core import history, workdays
from mitra.core.errors import NotFound
from mitra.core.permissions import can
from mitra.treaty.models import Deadline, DiplomaticNote, TreatyRecord
from mitra.workflow.models import Occurrence

NOT_VISIBLE = _("The treaty record is kept by the bureau and read inside the ministry.")
# The list's filters: their values and what they keep.
RATIFICATION_FILTERS = ("needed", "not_needed", "unassessed")
LODGED_FILTERS = ("yes", "no")
DEADLINE_FILTERS = ("open", "overdue")


def may_read(user: Any) -> bool:
    return can(user, "treaty.view")


def _require(user: Any) -> None:
    if not may_read(user):
        raise NotFound(NOT_VISIBLE)


def _open_deadline_q(today: dt.date | None = None) -> Q:
    """Agreements with a deadline still open (due by `today` when given: overdue)."""
    occurrences = Occurrence.objects.filter(
        obligation__treaty_deadline__record__agreement=OuterRef("pk"), status="open"
    )
    if today is not None:
        occurrences = occurrences.filter(due_date__lt=today)
    return Q(Exists(occurrences))


def _deadlines() -> Prefetch:
    return Prefetch(
        "treaty_record__deadlines",
        Deadline.objects.select_related("obligation").prefetch_related(
            Prefetch("obligation__occurrences", Occurrence.objects.order_by("due_date"))
        ),
    )


def treaty_list(
    *,
    user: Any,
    ratification: str = "",
    lodged: str = "",
    deadline: str = "",
    today: dt.date | None = None,
) -> QuerySet[Any]:
    """The agreements this user may read with their treaty records (those without one are
    listed too: not yet assessed, not lodged), filtered; a fixed number of queries."""
    _require(user)
    today = today or timezone.localdate()
    qs = agreement_selectors.active(user=user).select_related("treaty_record", "responsible_unit")
    if ratification == "needed":
        qs = qs.filter(treaty_record__ratification__in=["statute", "presidential"])
    elif ratification == "not_needed":
        qs = qs.filter(treaty_record__ratification="none")
    elif ratification == "unassessed":
        qs = qs.filter(Q(treaty_record__isnull=True) | Q(treaty_record__ratification=""))
    if lodged == "yes":
        qs = qs.filter(treaty_record__lodged_on__isnull=False)
    elif lodged == "no":
        qs = qs.filter(Q(treaty_record__isnull=True) | Q(treaty_record__lodged_on__isnull=True))
    if deadline == "open":
        qs = qs.filter(_open_deadline_q())
    elif deadline == "overdue":
        qs = qs.filter(_open_deadline_q(today))
    return qs.prefetch_related(
        "parties__partner",
        Prefetch("treaty_record__notes", DiplomaticNote.objects.order_by("date", "pk")),
        _deadlines(),
    ).order_by("title", "pk")


def record_of(agreement: Any) -> TreatyRecord | None:
    """The treaty record a listed agreement carries (select_related), None when it has none."""
    try:
        return agreement.treaty_record  # type: ignore[no-any-return]
    except TreatyRecord.DoesNotExist:
        return None


@dataclass
class DeadlineView:
    deadline: Deadline
    occurrence: Occurrence | None
    is_open: bool
    overdue: bool
    skipped: list[tuple[dt.date, str]] = field(default_factory=list)
    beyond_known: bool = False


def deadline_views(record: TreatyRecord | None, today: dt.date | None = None) -> list[DeadlineView]:
    """Each deadline with its occurrence, whether it is still open or overdue, and the holidays
    it was counted across (to say why it falls where it does)."""
    if record is None or record.pk is None:
        return []
    today = today or timezone.localdate()
    out = []
    for d in record.deadlines.all():
        occurrences = list(d.obligation.occurrences.all())
        occ = occurrences[0] if occurrences else None
        is_open = occ is not None and occ.status == Occurrence.Status.OPEN
        out.append(
            DeadlineView(
                deadline=d,
                occurrence=occ,
                is_open=is_open,
                overdue=is_open and d.due_date < today,
                skipped=workdays.holidays_between(d.requested_on, d.due_date),
                beyond_known=workdays.beyond_known(d.due_date),
            )
        )
    return out


def treaty_get(*, user: Any, agreement_id: int) -> tuple[Any, TreatyRecord | None]:
    """One agreement and its treaty record (None when nothing is recorded yet); 404 alike for
    a missing agreement, a hidden one and a reader of no treaty record."""
    _require(user)
    agreement = agreement_selectors.agreement_get(user=user, pk=agreement_id)
    record = (
        TreatyRecord.objects.filter(agreement=agreement)
        .prefetch_related(
            Prefetch("notes", DiplomaticNote.objects.order_by("date", "pk")),
            Prefetch(
                "deadlines",
                Deadline.objects.select_related("obligation").prefetch_related(
                    "obligation__occurrences"
                ),
            ),
        )
        .first()
    )
    return agreement, record


def record_for(*, user: Any, agreement: Any) -> TreatyRecord | None:
    """The agreement's treaty record for its page: None, without a query, for a reader of no
    treaty record."""
    if not may_read(user):
        return None
    return treaty_get(user=user, agreement_id=agreement.pk)[1]


def record_history(*, user: Any, record: TreatyRecord | None) -> list[Any]:
    """The record's, its notes' and its deadlines' changes, newest first."""
    if record is None or not can(user, "history.view") or not may_read(user):
        return []
    return history.merged(
        history.entries(record.history.all(), str(_("Treaty record"))),
        history.entries(
            DiplomaticNote.history.filter(record_id=record.pk), str(_("Diplomatic note"))
        ),
        history.entries(Deadline.history.filter(record_id=record.pk), str(_("Deadline"))),
    )

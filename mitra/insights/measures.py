"""The measures of whether cooperation is alive, in one place (DESIGN.md, "What it computes").

- Implementation rate of an agreement: the share of its areas with at least one activity ongoing
  or completed in the last 12 months (an activity in a sub-area counts for its parent area).
- Dormant: in force for 6 months or more, with no such activity and no meeting (about the
  agreement or with one of its parties) in the last 12 months.
- Plan progress: completed / planned activities (cancelled ones left out), and indicator
  attainment from the latest approved result of each indicator.

Every function here runs a fixed number of queries, whatever the number of records.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from django.db.models import Count, Exists, OuterRef, QuerySet
from django.utils import timezone

from mitra.agreements.models import Agreement
from mitra.meetings import rules as meeting_rules
from mitra.meetings.models import FollowUp
from mitra.plans import selectors as plan_selectors
from mitra.plans.models import ActionPlan, Activity, Indicator, Result

# Dormancy and the 12-month window are workflow's rules (the reminders use them too): one
# definition, re-exported here for the pages that read measures.
from mitra.workflow.rules import (  # noqa: F401
    DORMANT_AFTER_MONTHS,
    WINDOW_MONTHS,
    dormant_agreements,
    is_dormant,
    months_before,
    recent_activity_q,
)

S = Activity.Status


@dataclass
class Rate:
    """An agreement's implementation: which of its areas saw recent activity."""

    total: int
    covered: set[int] = field(default_factory=set)

    @property
    def share(self) -> float | None:
        return len(self.covered) / self.total if self.total else None

    @property
    def percent(self) -> int | None:
        share = self.share
        return None if share is None else round(share * 100)


def implementation_rates(
    agreement_ids: Iterable[int],
    *,
    today: dt.date | None = None,
    among: QuerySet[Any] | None = None,
) -> dict[int, Rate]:
    """Implementation rate of each agreement, in two queries for any number of agreements.

    `among`, a query of the same agreements' keys, is used in SQL instead of the list of ids
    when there are many (23,000 in force at scale 100; SQLite refuses more than 32,766
    parameters in one statement).
    """
    today = today or timezone.localdate()
    ids = list(agreement_ids)
    scope: Any = ids if among is None else among
    areas: dict[int, set[int]] = defaultdict(set)
    through = Agreement.areas.through
    for agreement_id, area_id in through.objects.filter(agreement_id__in=scope).values_list(
        "agreement_id", "cooperationarea_id"
    ):
        areas[agreement_id].add(area_id)
    active: dict[int, set[int]] = defaultdict(set)
    rows = (
        Activity.objects.filter(
            recent_activity_q(today),
            plan__agreement_id__in=scope,
            plan__archived_at__isnull=True,
            area__isnull=False,
        )
        .order_by()  # no ordering columns in the DISTINCT
        .values_list("plan__agreement_id", "area_id", "area__parent_id")
        .distinct()
    )
    for agreement_id, area_id, parent_id in rows:
        active[agreement_id].add(area_id)
        if parent_id:
            active[agreement_id].add(parent_id)
    return {pk: Rate(total=len(areas[pk]), covered=areas[pk] & active[pk]) for pk in ids}


def implementation_rate(agreement: Agreement, *, today: dt.date | None = None) -> Rate:
    return implementation_rates([agreement.pk], today=today)[agreement.pk]


def attainment(indicator: Indicator, value: Decimal | None) -> float | None:
    """How far a value has come from the baseline to the target, between 0 and 1."""
    if value is None:
        return None
    baseline = indicator.baseline if indicator.baseline is not None else Decimal(0)
    if indicator.direction == Indicator.Direction.MAINTAIN:
        if indicator.target == 0:
            return 1.0 if value >= 0 else 0.0
        return float(max(Decimal(0), min(Decimal(1), value / indicator.target)))
    span = indicator.target - baseline
    if span == 0:
        return None
    return float(max(Decimal(0), min(Decimal(1), (value - baseline) / span)))


@dataclass
class Progress:
    """A plan's progress: activities done of those planned, and indicators attained."""

    planned: int = 0
    completed: int = 0
    by_status: dict[str, int] = field(default_factory=dict)
    indicators: int = 0
    reported: int = 0
    attainment: float | None = None

    @property
    def completion(self) -> float | None:
        return self.completed / self.planned if self.planned else None

    @property
    def completion_percent(self) -> int | None:
        c = self.completion
        return None if c is None else round(c * 100)

    @property
    def attainment_percent(self) -> int | None:
        return None if self.attainment is None else round(self.attainment * 100)


def plan_progress(plan_ids: Iterable[int], *, today: dt.date | None = None) -> dict[int, Progress]:
    """Progress of each plan, in two queries for any number of plans."""
    ids = list(plan_ids)
    out = {pk: Progress() for pk in ids}
    counts = (
        plan_selectors.with_activity_status(
            Activity.objects.active().filter(plan_id__in=ids), today
        )
        .order_by()
        .values_list("plan_id", "current_status")
        .annotate(n=Count("pk"))
    )
    for plan_id, status, n in counts:
        p = out[plan_id]
        p.by_status[status] = p.by_status.get(status, 0) + n
        if status != S.CANCELLED:
            p.planned += n
        if status == S.COMPLETED:
            p.completed += n
    attained: dict[int, list[float]] = defaultdict(list)
    indicators = Indicator.objects.active().filter(plan_id__in=ids)
    for indicator in indicators.annotate(latest_value=plan_selectors.latest_approved_value()):
        out[indicator.plan_id].indicators += 1
        value = attainment(indicator, indicator.latest_value)  # type: ignore[attr-defined]
        if value is not None:
            out[indicator.plan_id].reported += 1
            attained[indicator.plan_id].append(value)
    for plan_id, values in attained.items():
        out[plan_id].attainment = sum(values) / len(values)
    return out


def overdue_followups(*, today: dt.date | None = None, unit: Any = None) -> QuerySet[FollowUp]:
    """Open follow-ups past their due date, oldest first (optionally one unit's)."""
    today = today or timezone.localdate()
    qs = FollowUp.objects.active().filter(
        meeting_rules.overdue_q(today), meeting__archived_at__isnull=True
    )
    if unit is not None:
        qs = qs.filter(owner_unit=unit)
    return qs.select_related("meeting", "owner_unit").order_by("due_date", "pk")


def delayed_activities(*, today: dt.date | None = None, unit: Any = None) -> QuerySet[Activity]:
    """Activities delayed by their dates or marked delayed, in plans still on the books."""
    qs = Activity.objects.active().filter(plan__archived_at__isnull=True)
    if unit is not None:
        qs = qs.filter(owner_unit=unit)
    return (
        plan_selectors.with_activity_status(qs, today)
        .filter(current_status=S.DELAYED)
        .select_related("plan", "owner_unit")
        .order_by("planned_start", "pk")
    )


REPORTING_MONTHS = 6


def overdue_reports(*, today: dt.date | None = None, unit: Any = None) -> QuerySet[Indicator]:
    """Indicators due a report: in an agreed or running plan that started 6 months or more ago,
    with no result (submitted or approved) for a period ending in the last 6 months.

    Results are reported at least every semester; a returned report does not count until it is
    submitted again.
    """
    today = today or timezone.localdate()
    since = months_before(today, REPORTING_MONTHS)
    recent = Result.objects.active().filter(
        indicator=OuterRef("pk"),
        status__in=[Result.Status.SUBMITTED, Result.Status.APPROVED],
        period_end__gte=since,
    )
    qs = Indicator.objects.active().filter(
        plan__archived_at__isnull=True,
        plan__status__in=[ActionPlan.Status.AGREED, ActionPlan.Status.IN_PROGRESS],
        plan__start_year__lte=since.year,
    )
    if unit is not None:
        qs = qs.filter(activity__owner_unit=unit)
    return (
        qs.filter(~Exists(recent))
        .select_related("plan", "activity__owner_unit")
        .order_by("plan__start_year", "pk")
    )

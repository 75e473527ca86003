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
from typing import Any

from django.db.models import QuerySet
from django.utils import timezone

from mitra.agreements import selectors as agreement_selectors
from mitra.plans import rules as plan_rules
from mitra.plans import selectors as plan_selectors
from mitra.plans.schemas import ActivityStatus
from mitra.taxonomy import selectors as taxonomy_selectors

# Dormancy is workflow's rule (the reminders and My week use it too): one definition,
# re-exported here for the pages that read measures.
from mitra.workflow.rules import (  # noqa: F401
    DORMANT_AFTER_MONTHS,
    dormant_agreements,
    dormant_among,
    is_dormant,
)

COMPLETED = ActivityStatus.COMPLETED.value
CANCELLED = ActivityStatus.CANCELLED.value


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
    for agreement_id, area_id in agreement_selectors.system_area_pairs(agreements=scope):
        areas[agreement_id].add(area_id)
    active: dict[int, set[int]] = defaultdict(set)
    rows = plan_selectors.system_recent_activity_areas(agreements=scope, today=today)
    for agreement_id, area_id, parent_id in rows:
        active[agreement_id].add(area_id)
        if parent_id:
            active[agreement_id].add(parent_id)
    return {pk: Rate(total=len(areas[pk]), covered=areas[pk] & active[pk]) for pk in ids}


def implementation_rate(agreement: Any, *, today: dt.date | None = None) -> Rate:
    return implementation_rates([agreement.pk], today=today)[agreement.pk]


def area_coverage(agreements: QuerySet[Any], *, today: dt.date) -> list[dict[str, Any]]:
    """Each first-level area with how many of these agreements are tagged with it (or a
    sub-area) and how many of those saw activity in it in the last 12 months. Three queries."""
    tagged = agreement_selectors.count_by_top_area(agreements)
    active = plan_selectors.system_recent_activity_by_top_area(agreements=agreements, today=today)
    return [
        {
            "code": area.code,
            "label": area.label,
            "agreements": tagged.get(area.pk, 0),
            "active": active.get(area.pk, 0),
        }
        for area in taxonomy_selectors.top_areas()
    ]


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
    counts = plan_selectors.system_activity_status_counts(plan_ids=ids, today=today)
    for plan_id, status, n in counts:
        p = out[plan_id]
        p.by_status[status] = p.by_status.get(status, 0) + n
        if status != CANCELLED:
            p.planned += n
        if status == COMPLETED:
            p.completed += n
    attained: dict[int, list[float]] = defaultdict(list)
    for indicator in plan_selectors.system_indicators_with_latest(plan_ids=ids):
        out[indicator.plan_id].indicators += 1
        value = plan_rules.attainment(indicator, indicator.latest_value)  # type: ignore[attr-defined]
        if value is not None:
            out[indicator.plan_id].reported += 1
            attained[indicator.plan_id].append(value)
    for plan_id, values in attained.items():
        out[plan_id].attainment = sum(values) / len(values)
    return out

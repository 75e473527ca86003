"""Reads of action plans: lists, one plan with its parts, an activity's current status."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.db.models import Case, F, OuterRef, Prefetch, QuerySet, Subquery, Value, When
from django.utils import timezone

from mitra.agreements import selectors as agreement_selectors
from mitra.core.permissions import can
from mitra.plans.models import ActionPlan, Activity, Indicator, Result

A = Activity.Status


def activity_status(today: dt.date | None = None) -> Case:
    """The status as of today: planned but not started by its planned start, or ongoing past its
    planned end, is delayed."""
    today = today or timezone.localdate()
    return Case(
        When(status=A.PLANNED, planned_start__lt=today, then=Value(A.DELAYED.value)),
        When(status=A.ONGOING, planned_end__lt=today, then=Value(A.DELAYED.value)),
        default=F("status"),
    )


def with_activity_status(qs: QuerySet[Activity], today: dt.date | None = None) -> QuerySet:
    return qs.annotate(current_status=activity_status(today))


def plans_visible_to(user: Any, qs: QuerySet[ActionPlan] | None = None) -> QuerySet[ActionPlan]:
    """Plans under an agreement the user may read; plans without one are internal."""
    qs = ActionPlan.objects.all() if qs is None else qs
    if can(user, "internal.view"):
        return qs
    return qs.filter(agreement__in=agreement_selectors.visible_to(user))


def plan_list(
    *, user: Any, partner: str = "", status: str = "", archived: bool = False
) -> QuerySet[ActionPlan]:
    qs = ActionPlan.objects.archived() if archived else ActionPlan.objects.active()
    qs = plans_visible_to(user, qs)
    if partner:
        own = ActionPlan.objects.filter(partner__code__iexact=partner).order_by().values("pk")
        via = (
            ActionPlan.objects.filter(agreement__parties__partner__code__iexact=partner)
            .order_by()
            .values("pk")
        )
        qs = qs.filter(pk__in=own.union(via))
    if status:
        qs = qs.filter(status=status)
    return qs.select_related("agreement", "partner")


def plans_for_partner(*, user: Any, partner: Any) -> QuerySet[ActionPlan]:
    """A partner's plans: its own, and those under agreements it is a party to."""
    qs = plans_visible_to(user, ActionPlan.objects.active())
    # A union of two index searches: an OR across the join made databases scan every plan.
    own = ActionPlan.objects.filter(partner=partner).order_by().values("pk")
    via = ActionPlan.objects.filter(agreement__parties__partner=partner).order_by().values("pk")
    return qs.filter(pk__in=own.union(via)).select_related("agreement", "partner")


def latest_approved_value() -> Subquery:
    """The value of an indicator's most recent approved result."""
    return Subquery(
        Result.objects.active()
        .filter(indicator=OuterRef("pk"), status=Result.Status.APPROVED)
        .order_by("-period_end", "-pk")
        .values("value")[:1]
    )


def plan_get(*, user: Any, pk: int, today: dt.date | None = None) -> ActionPlan | None:
    """One plan with its activities (current status), indicators and results, if visible."""
    activities = with_activity_status(
        Activity.objects.active().select_related("area", "owner_unit"), today
    ).prefetch_related("documents")
    indicators = (
        Indicator.objects.active()
        .select_related("activity")
        .annotate(latest_value=latest_approved_value())
        .prefetch_related(
            Prefetch(
                "results",
                queryset=Result.objects.active().select_related(
                    "reported_by", "reviewed_by", "evidence"
                ),
            )
        )
    )
    qs = plans_visible_to(user).select_related("agreement", "partner")
    qs = qs.prefetch_related(
        Prefetch("activities", queryset=activities),
        Prefetch("indicators", queryset=indicators),
    )
    return qs.filter(pk=pk).first()


def unit_activities(*, unit: Any, today: dt.date | None = None) -> QuerySet[Activity]:
    """The activities a unit owns, in plans still running, with their current status."""
    qs = Activity.objects.active().filter(owner_unit=unit, plan__archived_at__isnull=True)
    return (
        with_activity_status(qs, today)
        .select_related("plan", "area", "owner_unit")
        .prefetch_related("documents")
        .order_by(F("planned_start").asc(nulls_last=True), "pk")
    )


def unit_indicators(*, unit: Any) -> QuerySet[Indicator]:
    """Indicators on a unit's activities: what its focal point reports on."""
    return (
        Indicator.objects.active()
        .filter(activity__owner_unit=unit, activity__archived_at__isnull=True)
        .select_related("activity", "plan")
        .annotate(latest_value=latest_approved_value())
    )


def results_to_review() -> QuerySet[Result]:
    """Submitted reports waiting for the bureau, oldest first."""
    return (
        Result.objects.active()
        .filter(status=Result.Status.SUBMITTED)
        .select_related("indicator__plan", "indicator__activity", "reported_by")
        .order_by("updated_at")
    )

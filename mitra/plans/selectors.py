"""Reads of action plans, their activities, indicators and results: who may see what.

Visibility comes from the role (core.permissions): the ministry's roles read every plan, a
coordination member the plans under what is shared with their organisation, a viewer only plans
under a public agreement. A unit on an account never widens it.
Every `<entity>_get` raises NotFound for a missing record and for one the user may not see alike.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
from decimal import Decimal
from typing import Any

from django.db.models import Count, Exists, F, Max, OuterRef, Prefetch, Q, QuerySet, Subquery
from django.db.models.expressions import RawSQL
from django.db.models.functions import Coalesce
from django.utils import timezone
from django.utils.translation import gettext as _

from mitra.accounts.models import Unit
from mitra.agreements import selectors as agreement_selectors
from mitra.core.errors import NotFound
from mitra.core.permissions import can
from mitra.core.validators import unknown_code
from mitra.plans import rules
from mitra.plans.models import (
    ActionPlan,
    Activity,
    FundingCommitment,
    Indicator,
    Result,
    Sustainability,
)
from mitra.sharing import selectors as sharing_selectors


def with_activity_status(qs: QuerySet[Activity], today: dt.date | None = None) -> QuerySet:
    """Annotate `current_status` and `late` (the `rules.activity_status` and `delayed_q` rules)."""
    return qs.annotate(current_status=rules.activity_status(today), late=rules.delayed_flag(today))


def status_code(field: str, code: str, choices: Any) -> str:
    """A status code as given (any case) → the stored value; unknown → 422 naming it."""
    if not code:
        return ""
    value = code.strip().lower()
    if value not in choices.values:
        raise unknown_code(field, code, list(choices.values))
    return str(value)


def plans_visible_to(user: Any, qs: QuerySet[ActionPlan] | None = None) -> QuerySet[ActionPlan]:
    """Plans under an agreement the user may read; plans without one are internal, except an
    embassy's partner's own plans, which that embassy reads."""
    qs = ActionPlan.objects.all() if qs is None else qs
    if can(user, "internal.view"):
        return qs
    under = Q(agreement__in=agreement_selectors.visible_to(user))
    country = sharing_selectors.partner_country(user)
    if country:
        under |= Q(partner__code=country)
    return qs.filter(under)


def activities_visible_to(user: Any) -> QuerySet[Activity]:
    """The activities of the plans this user may read."""
    if can(user, "internal.view"):
        return Activity.objects.all()
    return Activity.objects.filter(plan__in=plans_visible_to(user))


def audience(user: Any) -> str:
    """What of plans this user reads ("internal": all; "shared": those under what is shared
    with a coordination member's organisation; "public": those under a public agreement; ""
    nothing), for a page that keeps what it computed per audience."""
    if can(user, "internal.view"):
        return "internal"
    if sharing_selectors.applies(user):
        return "shared"
    return "public" if agreement_selectors.audience(user) else ""


def plan_list(
    *, user: Any, partner: str = "", status: str = "", archived: bool = False
) -> QuerySet[ActionPlan]:
    """Plans the user may read, by partner code (any case) and status; latest first, the key
    breaking ties so that pages neither repeat nor skip a plan."""
    base = ActionPlan.objects.archived() if archived else ActionPlan.objects.active()
    qs = plans_visible_to(user, base)
    if partner:
        own = ActionPlan.objects.filter(partner__code__iexact=partner).order_by().values("pk")
        via = (
            ActionPlan.objects.filter(agreement__parties__partner__code__iexact=partner)
            .order_by()
            .values("pk")
        )
        qs = qs.filter(pk__in=own.union(via))
    if status:
        qs = qs.filter(status=status_code("status", status, ActionPlan.Status))
    return qs.select_related("agreement", "partner").order_by("-start_year", "-created_at", "-pk")


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


def plan_get(*, user: Any, pk: int, today: dt.date | None = None) -> ActionPlan:
    """One plan with its activities (current status), indicators and results; else NotFound."""
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
    plan = qs.filter(pk=pk).first()
    if plan is None:
        raise NotFound(_("No action plan with number %(pk)s is visible to you.") % {"pk": pk})
    return plan


def activity_list(
    *,
    user: Any,
    plan: int | None = None,
    partner: str = "",
    status: str = "",
    unit: str = "",
    today: dt.date | None = None,
) -> QuerySet[Activity]:
    """Activities in plans the user may read, with `current_status`; codes in any case."""
    qs = with_activity_status(
        Activity.objects.active().filter(
            plan__in=plans_visible_to(user, ActionPlan.objects.active())
        ),
        today,
    ).select_related("plan", "area", "owner_unit")
    if plan is not None:
        qs = qs.filter(plan_id=plan)
    if partner:
        qs = qs.filter(plan__in=plan_list(user=user, partner=partner))
    if status:
        qs = qs.filter(current_status=status_code("status", status, Activity.Status))
    if unit:
        qs = qs.filter(owner_unit=unit_by_code("unit", unit))
    return qs


def unit_by_code(field: str, code: str) -> Unit:
    """A unit by its code, any case; unknown → 422 naming it."""
    unit = Unit.objects.filter(code__iexact=code.strip()).first()
    if unit is None:
        valid = list(Unit.objects.order_by("code").values_list("code", flat=True))
        raise unknown_code(field, code, valid)
    return unit


def activity_get(*, user: Any, pk: int, today: dt.date | None = None) -> Activity:
    """One activity the user may read, with `current_status`; else NotFound."""
    activity = (
        with_activity_status(Activity.objects.select_related("plan", "area", "owner_unit"), today)
        .filter(pk=pk, plan__in=plans_visible_to(user))
        .first()
    )
    if activity is None:
        raise NotFound(_("No activity with number %(pk)s is visible to you.") % {"pk": pk})
    return activity


def indicator_list(*, user: Any, plan: int | None = None) -> QuerySet[Indicator]:
    """Indicators in plans the user may read."""
    qs = Indicator.objects.active().filter(
        plan__in=plans_visible_to(user, ActionPlan.objects.active())
    )
    if plan is not None:
        qs = qs.filter(plan_id=plan)
    return qs.select_related("plan", "activity")


def indicator_get(*, user: Any, pk: int) -> Indicator:
    """One indicator the user may read; else NotFound."""
    indicator = (
        Indicator.objects.select_related("plan", "activity")
        .filter(pk=pk, plan__in=plans_visible_to(user))
        .first()
    )
    if indicator is None:
        raise NotFound(_("No indicator with number %(pk)s is visible to you.") % {"pk": pk})
    return indicator


def result_list(*, user: Any, indicator: int) -> QuerySet[Result]:
    """An indicator's results, if the user may read its plan."""
    return Result.objects.active().filter(
        indicator_id=indicator, indicator__plan__in=plans_visible_to(user)
    )


def result_get(*, user: Any, pk: int) -> Result:
    """One result the user may read; else NotFound."""
    result = (
        Result.objects.select_related("indicator__plan", "indicator__activity")
        .filter(pk=pk, indicator__plan__in=plans_visible_to(user))
        .first()
    )
    if result is None:
        raise NotFound(_("No result with number %(pk)s is visible to you.") % {"pk": pk})
    return result


def unit_activities(*, user: Any, unit: Any, today: dt.date | None = None) -> QuerySet[Activity]:
    """The activities a unit owns that the user may read, in plans still running, by planned
    start (undated last) then key: the order the `activity_unit_by_start` index keeps, so a
    page of them is read from it without sorting the unit's every activity."""
    qs = _in_visible_plans(
        Activity.objects.active().filter(owner_unit=unit, plan__archived_at__isnull=True), user
    )
    return (
        with_activity_status(qs, today)
        .select_related("plan", "area", "owner_unit")
        .prefetch_related("documents")
        .order_by(F("planned_start").asc(nulls_last=True), "pk")
    )


def unit_indicators(*, user: Any, unit: Any) -> QuerySet[Any]:
    """Indicators on a unit's activities that the user may read: what its focal point reports,
    in the order of the activities (`unit_activities`), then by key: walked from the
    `activity_unit_by_start` index, a page is read without sorting the unit's every indicator."""
    qs = Indicator.objects.active().filter(
        activity__owner_unit=unit, activity__archived_at__isnull=True
    )
    return (
        _in_visible_plans(qs, user)
        .select_related("activity", "plan")
        .annotate(latest_value=latest_approved_value())
        .order_by(F("activity__planned_start").asc(nulls_last=True), "activity_id", "pk")
    )


def results_to_review(*, user: Any) -> QuerySet[Result]:
    """Submitted reports waiting for the bureau, oldest first, the key breaking ties so that
    pages neither repeat nor skip one (none for other roles)."""
    if not can(user, "result.review"):
        return Result.objects.none()
    waiting = Result.objects.active().filter(status=Result.Status.SUBMITTED)
    return (
        _in_visible_plans(waiting, user, field="indicator__plan")
        .select_related("indicator__plan", "indicator__activity", "reported_by")
        .order_by("updated_at", "pk")
    )


def plan_history(*, user: Any, plan: ActionPlan) -> list[Any]:
    """The merged history of a plan and its parts, for roles that may read history."""
    from mitra.core import history

    if not can(user, "history.view"):
        return []
    return history.merged(
        history.entries(plan.history.all(), str(_("Action plan"))),
        history.entries(Activity.history.filter(plan_id=plan.pk), str(_("Activity"))),
        history.entries(Indicator.history.filter(plan_id=plan.pk), str(_("Indicator"))),
        history.entries(Result.history.filter(indicator__plan_id=plan.pk), str(_("Result"))),
    )


HORIZON_ORDER = [*Activity.Horizon.values, ""]
STATUS_ORDER = ["delayed", "ongoing", "planned", "completed", "cancelled"]


def status_labels() -> dict[str, str]:
    """Labels of the current status: "delayed" there is late by the dates or put on hold."""
    labels = {str(v): str(label) for v, label in Activity.Status.choices}
    labels[Activity.Status.DELAYED.value] = str(_("Late or on hold"))
    return labels


def grouped(activities: list[Activity]) -> list[tuple[str, list[tuple[str, list[Activity]]]]]:
    """Activities by horizon (short, medium, long, unset), then by current status, late first."""
    horizon_labels = dict(Activity.Horizon.choices)
    labels = status_labels()
    groups = []
    for horizon in HORIZON_ORDER:
        in_horizon = [a for a in activities if a.horizon == horizon]
        if not in_horizon:
            continue
        by_status = [
            (labels[s], [a for a in in_horizon if a.current_status == s])  # type: ignore[attr-defined]
            for s in STATUS_ORDER
        ]
        label = horizon_labels.get(horizon) or _("Horizon not set")
        groups.append((str(label), [(s, acts) for s, acts in by_status if acts]))
    return groups


def plan_owner(*, user: Any, agreement: str = "", partner: str = "") -> tuple[Any, Any]:
    """(agreement, partner) a new plan belongs to: the agreement (by number) the user may read,
    or else the partner (by code, any case); NotFound when neither."""
    from mitra.partners.models import Partner

    if agreement.isdigit():
        found = agreement_selectors.visible_to(user).filter(pk=int(agreement)).first()
        if found is not None:
            return found, None
    owner = (
        Partner.objects.active().filter(code__iexact=partner.strip()).first() if partner else None
    )
    if owner is None:
        raise NotFound(
            _("Open the agreement (or the partner) the plan belongs to, then add it there.")
        )
    return None, owner


def owner_options(*, user: Any) -> tuple[QuerySet[Any], QuerySet[Any]]:
    """What /plans/new/ offers when it was asked for no owner: the agreements on the books this
    user may read (by title) and the active partners (by name); plan_owner then takes the pick."""
    from mitra.partners import selectors as partner_selectors

    agreements = agreement_selectors.active(user=user).order_by("title", "pk")
    return agreements, partner_selectors.visible_to(user, partner_selectors.partner_choices())


def area_options() -> QuerySet[Any]:
    """The cooperation areas an activity can be filed under, in the taxonomy's order."""
    from mitra.taxonomy.models import CooperationArea

    return CooperationArea.objects.select_related("parent").order_by("position")


def unit_options() -> QuerySet[Unit]:
    """The units that can own an activity."""
    return Unit.objects.order_by("name_id")


def activities_for_iati(*, user: Any) -> QuerySet[Any]:
    """The activities in plans on the books that this user may read, with their plan, its
    agreement's parties, area, unit, indicators and results: what the IATI export writes."""
    plans = plans_visible_to(user, ActionPlan.objects.active())
    return (
        with_activity_status(Activity.objects.active().filter(plan__in=plans))
        .select_related("plan__agreement", "plan__partner", "area", "owner_unit")
        .prefetch_related("plan__agreement__parties__partner", "indicators__results")
        .order_by("pk")
    )


def plan_status_choices() -> list[tuple[str, Any]]:
    """A plan's statuses as (code, label); the labels stay lazy."""
    return list(ActionPlan.Status.choices)


def activity_status_choices() -> list[tuple[str, Any]]:
    """An activity's statuses as (code, label); the labels stay lazy."""
    return list(Activity.Status.choices)


def activity_kind_choices() -> list[tuple[str, Any]]:
    return list(Activity.Kind.choices)


def horizon_choices() -> list[tuple[str, Any]]:
    return list(Activity.Horizon.choices)


def funding_choices() -> list[tuple[str, Any]]:
    return list(Activity.Funding.choices)


# What a new activity is when a source does not say.
DEFAULT_KIND = Activity.Kind.OTHER.value
DEFAULT_STATUS = Activity.Status.PLANNED.value


def owner_unit_by_code(code: str) -> Unit | None:
    """The unit with exactly this code, or None (units are reference data every role reads)."""
    return Unit.objects.filter(code=code).first()


def find_plan(
    *, user: Any, agreement: Any, title: str, start_year: int, end_year: int
) -> ActionPlan | None:
    """The plan on the books under this agreement with this title and period that the user may
    read, or None: for an import that creates what it does not find."""
    qs = plans_visible_to(user, ActionPlan.objects.active())
    return qs.filter(
        agreement=agreement, title=title, start_year=start_year, end_year=end_year
    ).first()


def find_activity(*, user: Any, plan: ActionPlan, title: str) -> Activity | None:
    """The activity on the books in this plan with this exact title, or None."""
    return _in_visible_plans(Activity.objects.active().filter(plan=plan, title=title), user).first()


def activities_for_export(*, user: Any) -> QuerySet[Activity]:
    """The activities on the books under an agreement that this user may read, by key."""
    plans = plans_visible_to(user, ActionPlan.objects.active())
    return (
        Activity.objects.active()
        .filter(plan__in=plans, plan__agreement__isnull=False)
        .select_related("plan__agreement", "area", "owner_unit")
        .order_by("pk")
    )


def _in_visible_plans(qs: QuerySet[Any], user: Any, field: str = "plan") -> QuerySet[Any]:
    # Government roles read every plan: no subquery for them.
    if can(user, "internal.view"):
        return qs
    return qs.filter(**{f"{field}__in": plans_visible_to(user)})


def activities_of_plans(
    *, user: Any, plans: list[Any], today: dt.date | None = None
) -> QuerySet[Any]:
    """The activities of these plans that the user may read, with `current_status`, soonest
    planned first."""
    qs = Activity.objects.active().filter(plan__in=[p.pk for p in plans])
    return (
        with_activity_status(_in_visible_plans(qs, user), today)
        .select_related("area", "owner_unit", "plan")
        .order_by("planned_start", "pk")
    )


def indicators_of_plans(*, user: Any, plans: list[Any]) -> QuerySet[Any]:
    """The indicators of these plans that the user may read, with `latest_value`."""
    qs = Indicator.objects.active().filter(plan__in=[p.pk for p in plans])
    return (
        _in_visible_plans(qs, user)
        .select_related("plan", "activity")
        .annotate(latest_value=latest_approved_value())
    )


def delayed_activities(
    *, user: Any, today: dt.date | None = None, unit: Any = None
) -> QuerySet[Any]:
    """Activities delayed by their dates or marked delayed, in plans still on the books that
    the user may read (optionally one unit's), soonest planned first."""
    qs = Activity.objects.active().filter(plan__archived_at__isnull=True)
    if unit is not None:
        qs = qs.filter(owner_unit=unit)
    return (
        with_activity_status(_in_visible_plans(qs, user), today)
        .filter(current_status=Activity.Status.DELAYED)
        .select_related("plan", "owner_unit")
        .order_by("planned_start", "pk")
    )


# The plans table's own id column; its name comes from the model, nothing from input.
_PLAN_ID = RawSQL(f'"{ActionPlan._meta.db_table}"."id"', ())  # noqa: S611


def overdue_reports(
    *, user: Any, today: dt.date | None = None, unit: Any = None
) -> QuerySet[Indicator]:
    """Indicators due a report that the user may read, oldest plans first: in an agreed or
    running plan that started 6 months or more ago, with no result (submitted or approved) for a
    period ending in the last 6 months (`rules.report_due_since`). A returned report does not
    count until it is submitted again."""
    since = rules.report_due_since(today)
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
        _in_visible_plans(qs, user)
        .filter(~Exists(recent))
        .select_related("plan", "activity__owner_unit")
        # Grouped by plan, oldest first: the order the start-year index yields, so a page of
        # them is read without sorting every indicator due. The plan's own id, not the
        # indicator's `plan_id` (which Django would write for "plan__id"): SQLite cannot tell
        # they are equal and would sort them all again.
        .order_by("plan__start_year", _PLAN_ID, "pk")
    )


# SYSTEM-LEVEL reads, for insights.measures only (a test keeps them there): the measures of an
# agreement or a plan (implementation rate, dormancy, progress, coverage) are facts about the
# record, the same whoever asks; they count activities and never show them. The agreements or
# plans they are asked about were read by the caller through a selector that took the user.


def system_recent_activity_q(*, today: dt.date | None, agreement_ref: Any) -> Q:
    """Whether an activity of a plan still on the books under the agreement `agreement_ref`
    points at was under way in the last 12 months (`rules.recent_activity_q`)."""
    recent = Activity.objects.filter(
        rules.recent_activity_q(today),
        plan__archived_at__isnull=True,
        plan__agreement=agreement_ref,
    )
    return Q(Exists(recent))


def system_recent_activity_areas(*, agreements: Any, today: dt.date | None) -> QuerySet[Any]:
    """(agreement key, area key, parent area key) of the areas with recent activity under these
    agreements (keys, or a query of keys)."""
    return (
        Activity.objects.filter(
            rules.recent_activity_q(today),
            plan__agreement_id__in=agreements,
            plan__archived_at__isnull=True,
            area__isnull=False,
        )
        .order_by()  # no ordering columns in the DISTINCT
        .values_list("plan__agreement_id", "area_id", "area__parent_id")
        .distinct()
    )


def system_recent_activity_by_top_area(
    *, agreements: QuerySet[Any], today: dt.date | None
) -> dict[int, int]:
    """How many of these agreements saw recent activity in each first-level area (an activity
    in a sub-area counts for its parent), by the area's key."""
    return dict(
        Activity.objects.filter(
            rules.recent_activity_q(today),
            plan__archived_at__isnull=True,
            plan__agreement__in=agreements.values("pk"),
            area__isnull=False,
        )
        .annotate(top=Coalesce("area__parent_id", "area_id"))
        .values("top")
        .annotate(n=Count("plan__agreement", distinct=True))
        .values_list("top", "n")
    )


def system_activity_status_counts(*, plan_ids: list[int], today: dt.date | None) -> QuerySet[Any]:
    """(plan key, current status, number of activities) for these plans."""
    return (
        with_activity_status(Activity.objects.active().filter(plan_id__in=plan_ids), today)
        .order_by()
        .values_list("plan_id", "current_status")
        .annotate(n=Count("pk"))
    )


def system_indicators_with_latest(*, plan_ids: list[int]) -> QuerySet[Any]:
    """The indicators of these plans, each with `latest_value` (its latest approved result)."""
    return (
        Indicator.objects.active()
        .filter(plan_id__in=plan_ids)
        .annotate(latest_value=latest_approved_value())
    )


# Funding and sustainability (issue 15 §4): the sources of a partnership's money — the
# commitments recorded on its agreement and the budgets of its plans' activities — and the
# partnerships whose funding ends within 12 months with nothing after it (rules.funding_at_risk).


@dataclasses.dataclass
class FundingSource:
    label: str
    kind: str  # the funding source's label (state budget, partner, grant, PPP) or ""
    amount: Decimal | None
    currency: str
    ends_on: dt.date | None
    commitment: Any = None  # the FundingCommitment, when it is one


@dataclasses.dataclass
class Funding:
    agreement: Any
    sources: list[FundingSource]
    sustainability: Any  # the Sustainability note or None
    ends_on: dt.date | None
    at_risk: bool


def _activity_end(activity: Activity) -> dt.date | None:
    return activity.planned_end or dt.date(activity.plan.end_year, 12, 31)


def funding_of(*, user: Any, agreement: Any, today: dt.date | None = None) -> Funding:
    """An agreement's funding sources, its latest funding end and its sustainability note
    (internal to the government: a viewer gets none)."""
    today = today or timezone.localdate()
    if not can(user, "internal.view"):
        return Funding(agreement, [], None, None, at_risk=False)
    labels = dict(Activity.Funding.choices)
    sources = [
        FundingSource(
            c.funder, str(labels.get(c.source, "")), c.amount, c.currency, c.ends_on, commitment=c
        )
        for c in FundingCommitment.objects.active().filter(agreement=agreement)
    ]
    activities = (
        plans_visible_to(user)
        .filter(agreement=agreement, archived_at=None)
        .values_list("pk", flat=True)
    )
    funded = (
        Activity.objects.active()
        .filter(plan__in=activities)
        .filter(Q(budget__isnull=False) | ~Q(funding_source=""))
        .select_related("plan")
    )
    sources += [
        FundingSource(
            a.title,
            str(labels.get(a.funding_source, "")),
            a.budget,
            a.currency,
            _activity_end(a),
        )
        for a in funded
    ]
    note = Sustainability.objects.filter(agreement=agreement).first()
    ends = [s.ends_on for s in sources if s.ends_on]
    ends_on = max(ends) if ends else None
    return Funding(
        agreement=agreement,
        sources=sorted(sources, key=lambda s: (s.ends_on or dt.date.max, s.label)),
        sustainability=note,
        ends_on=ends_on,
        at_risk=rules.funding_at_risk(ends_on=ends_on, has_note=note is not None, today=today),
    )


@dataclasses.dataclass
class FundingRisk:
    agreement: Any
    ends_on: dt.date


def funding_at_risk(
    *, user: Any, agreements: Any, today: dt.date | None = None
) -> list[FundingRisk]:
    """Of these agreements (a queryset the caller chose: in force, one partner's…), those whose
    funding ends within 12 months with no successor funding and no sustainability note.

    One query: each agreement's latest funding end is taken in SQL (`latest_funding`), so the
    cost grows with the agreements asked about, not with the funded activities that ended."""
    if not can(user, "internal.view"):
        return []
    today = today or timezone.localdate()
    # Every candidate comes back and the rule is applied here: the columns are correlated
    # subqueries, which a WHERE on them would run once more per agreement.
    found = latest_funding(agreements).only("pk", "title", "title_en")  # a risk shows these
    risks = []
    for agreement in found.order_by():
        year = agreement.funded_year
        ends = [agreement.committed_to, agreement.funded_to, year and dt.date(year, 12, 31)]
        ends_on = max((day for day in ends if day is not None), default=None)
        if ends_on and rules.funding_at_risk(
            ends_on=ends_on, has_note=agreement.noted, today=today
        ):
            risks.append(FundingRisk(agreement, ends_on))
    return sorted(risks, key=lambda r: (r.ends_on, r.agreement.pk))


def latest_funding(agreements: Any) -> Any:
    """These agreements, each with the last day of its funding as three columns (its latest
    commitment end `committed_to`; its funded activities' latest planned end `funded_to`, and
    the latest end year `funded_year` of the plans of those without one: their funding runs to
    the plan's end) and `noted`, whether it has a sustainability note."""
    here = OuterRef("pk")
    funded = Activity.objects.active().filter(
        Q(budget__isnull=False) | ~Q(funding_source=""),
        plan__agreement=here,
        plan__archived_at=None,
    )
    return agreements.annotate(
        committed_to=_latest(
            FundingCommitment.objects.active().filter(agreement=here), "ends_on", per="agreement"
        ),
        funded_to=_latest(funded, "planned_end", per="plan__agreement"),
        funded_year=_latest(
            funded.filter(planned_end=None), "plan__end_year", per="plan__agreement"
        ),
        noted=Exists(Sustainability.objects.filter(agreement=here)),
    )


def _latest(qs: QuerySet[Any], field: str, *, per: str) -> Subquery:
    """The greatest `field` of `qs` (correlated to the outer row through `per`), or NULL."""
    return Subquery(qs.order_by().values(per).annotate(latest=Max(field)).values("latest"))

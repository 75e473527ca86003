"""/api/v1/plans: plans, their activities, indicators and results."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

from django.http import Http404, HttpRequest
from django.utils.translation import gettext as _
from ninja import Router, Schema, Status

from mitra.core.api import DEFAULT_LIMIT, Page, paginate
from mitra.plans import selectors, services
from mitra.plans.models import ActionPlan, Activity, Indicator, Result

router = Router(tags=["plans"])


class PlanOut(Schema):
    id: int
    title: str
    agreement_id: int | None
    partner: str | None
    start_year: int
    end_year: int
    status: str
    approved_on: dt.date | None

    @staticmethod
    def resolve_partner(obj: ActionPlan) -> str | None:
        return obj.partner.code if obj.partner_id else None  # type: ignore[union-attr]


class ActivityOut(Schema):
    id: int
    plan_id: int
    title: str
    kind: str
    horizon: str
    area: str | None
    owner_unit: str | None
    status: str
    planned_start: dt.date | None
    planned_end: dt.date | None
    actual_start: dt.date | None
    actual_end: dt.date | None
    budget: Decimal | None
    currency: str
    people_reached: int | None

    @staticmethod
    def resolve_area(obj: Activity) -> str | None:
        return obj.area.code if obj.area_id else None  # type: ignore[union-attr]

    @staticmethod
    def resolve_owner_unit(obj: Activity) -> str | None:
        return obj.owner_unit.code if obj.owner_unit_id else None  # type: ignore[union-attr]

    @staticmethod
    def resolve_status(obj: Activity) -> str:
        return getattr(obj, "current_status", obj.status)


class ActivityUpdate(Schema):
    status: Activity.Status | None = None
    actual_start: dt.date | None = None
    actual_end: dt.date | None = None
    people_reached: int | None = None
    people_reached_label: str | None = None
    outputs: str | None = None


class IndicatorOut(Schema):
    id: int
    plan_id: int
    activity_id: int | None
    name: str
    unit: str
    baseline: Decimal | None
    target: Decimal
    direction: str


class ResultOut(Schema):
    id: int
    indicator_id: int
    period_start: dt.date
    period_end: dt.date
    value: Decimal
    status: str
    review_comment: str


class ResultIn(Schema):
    period_start: dt.date
    period_end: dt.date
    value: Decimal
    note: str = ""


class ReviewIn(Schema):
    decision: str  # "approve" or "return"
    comment: str = ""


def _plans(request: HttpRequest) -> Any:
    return selectors.plans_visible_to(request.user, ActionPlan.objects.active())


def _activity(request: HttpRequest, pk: int) -> Activity:
    activity = (
        selectors.with_activity_status(Activity.objects.select_related("area", "owner_unit"))
        .filter(pk=pk, plan__in=_plans(request))
        .first()
    )
    if activity is None:
        raise Http404(_("No activity with number %(pk)s is visible to you.") % {"pk": pk})
    return activity


@router.get("", response=Page[PlanOut])
def list_plans(
    request: HttpRequest,
    partner: str = "",
    status: str = "",
    cursor: str | None = None,
    limit: int = DEFAULT_LIMIT,
) -> dict[str, Any]:
    qs = selectors.plan_list(user=request.user, partner=partner, status=status)
    return paginate(qs, cursor, limit)


@router.get("/activities", response=Page[ActivityOut])
def list_activities(
    request: HttpRequest,
    plan: int | None = None,
    partner: str = "",
    status: str = "",
    unit: str = "",
    cursor: str | None = None,
    limit: int = DEFAULT_LIMIT,
) -> dict[str, Any]:
    qs = selectors.with_activity_status(
        Activity.objects.active().filter(plan__in=_plans(request))
    ).select_related("area", "owner_unit")
    if plan is not None:
        qs = qs.filter(plan_id=plan)
    if partner:
        qs = qs.filter(plan__in=selectors.plan_list(user=request.user, partner=partner))
    if status:
        qs = qs.filter(current_status=status)
    if unit:
        qs = qs.filter(owner_unit__code=unit)
    return paginate(qs, cursor, limit)


@router.get("/activities/{int:pk}", response=ActivityOut)
def get_activity(request: HttpRequest, pk: int) -> Activity:
    return _activity(request, pk)


@router.patch("/activities/{int:pk}", response=ActivityOut)
def update_activity(request: HttpRequest, pk: int, data: ActivityUpdate) -> Activity:
    """Delivery of an activity: the bureau, or the owner unit's focal point."""
    activity = _activity(request, pk)
    fields = data.dict(exclude_unset=True)
    status = fields.pop("status", None)
    if status:
        services.activity_set_status(user=request.user, activity=activity, status=status)
    if fields:
        services.activity_update(user=request.user, activity=activity, **fields)
    return _activity(request, pk)


@router.get("/indicators", response=Page[IndicatorOut])
def list_indicators(
    request: HttpRequest,
    plan: int | None = None,
    cursor: str | None = None,
    limit: int = DEFAULT_LIMIT,
) -> dict[str, Any]:
    qs = Indicator.objects.active().filter(plan__in=_plans(request))
    if plan is not None:
        qs = qs.filter(plan_id=plan)
    return paginate(qs, cursor, limit)


@router.get("/indicators/{int:pk}/results", response=Page[ResultOut])
def list_results(
    request: HttpRequest, pk: int, cursor: str | None = None, limit: int = DEFAULT_LIMIT
) -> dict[str, Any]:
    qs = Result.objects.active().filter(indicator_id=pk, indicator__plan__in=_plans(request))
    return paginate(qs, cursor, limit)


@router.post("/indicators/{int:pk}/results", response={201: ResultOut})
def report_result(request: HttpRequest, pk: int, data: ResultIn) -> Status:
    indicator = Indicator.objects.filter(pk=pk, plan__in=_plans(request)).first()
    if indicator is None:
        raise Http404(_("No indicator with number %(pk)s is visible to you.") % {"pk": pk})
    return Status(
        201, services.result_report(user=request.user, indicator=indicator, **data.dict())
    )


@router.post("/results/{int:pk}/review", response=ResultOut)
def review_result(request: HttpRequest, pk: int, data: ReviewIn) -> Result:
    result = Result.objects.filter(pk=pk, indicator__plan__in=_plans(request)).first()
    if result is None:
        raise Http404(_("No result with number %(pk)s is visible to you.") % {"pk": pk})
    if data.decision == "return":
        return services.result_return(user=request.user, result=result, comment=data.comment)
    return services.result_approve(user=request.user, result=result, comment=data.comment)

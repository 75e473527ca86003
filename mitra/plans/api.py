"""/api/v1/plans: plans, their activities, indicators and results."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

from django.http import HttpRequest
from ninja import Router, Schema, Status

from mitra.core.api import DEFAULT_LIMIT, Page, changes, paginate
from mitra.plans import selectors, services
from mitra.plans.models import ActionPlan, Activity, Result
from mitra.plans.schemas import (
    ACTIVITY_TEXT_FIELDS,
    ActivityChanges,
    ActivityStatus,
    ActivityUpdate,
    ResultCreate,
    ResultReview,
    ReviewDecision,
)

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


def _activity(request: HttpRequest, pk: int) -> Activity:
    return selectors.activity_get(user=request.user, pk=pk)


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
    qs = selectors.activity_list(
        user=request.user, plan=plan, partner=partner, status=status, unit=unit
    )
    return paginate(qs, cursor, limit)


@router.get("/activities/{int:pk}", response=ActivityOut)
def get_activity(request: HttpRequest, pk: int) -> Activity:
    return _activity(request, pk)


@router.patch("/activities/{int:pk}", response=ActivityOut)
def update_activity(request: HttpRequest, pk: int, data: ActivityUpdate) -> Activity:
    """Delivery of an activity: the bureau, or the owner unit's focal point."""
    activity = _activity(request, pk)
    fields = changes(data, required=ACTIVITY_TEXT_FIELDS)
    if fields.get("status"):
        fields["status"] = ActivityStatus(fields["status"]).value
    services.activity_deliver(
        user=request.user, activity=activity, changes=ActivityChanges(**fields)
    )
    return _activity(request, pk)


@router.get("/indicators", response=Page[IndicatorOut])
def list_indicators(
    request: HttpRequest,
    plan: int | None = None,
    cursor: str | None = None,
    limit: int = DEFAULT_LIMIT,
) -> dict[str, Any]:
    qs = selectors.indicator_list(user=request.user, plan=plan)
    return paginate(qs, cursor, limit)


@router.get("/indicators/{int:pk}/results", response=Page[ResultOut])
def list_results(
    request: HttpRequest, pk: int, cursor: str | None = None, limit: int = DEFAULT_LIMIT
) -> dict[str, Any]:
    qs = selectors.result_list(user=request.user, indicator=pk)
    return paginate(qs, cursor, limit)


@router.post("/indicators/{int:pk}/results", response={201: ResultOut})
def report_result(request: HttpRequest, pk: int, data: ResultCreate) -> Status:
    indicator = selectors.indicator_get(user=request.user, pk=pk)
    return Status(
        201, services.result_report(user=request.user, indicator=indicator, **data.dict())
    )


@router.post("/results/{int:pk}/review", response=ResultOut)
def review_result(request: HttpRequest, pk: int, data: ResultReview) -> Result:
    result = selectors.result_get(user=request.user, pk=pk)
    if data.decision is ReviewDecision.RETURN:
        return services.result_return(user=request.user, result=result, comment=data.comment)
    return services.result_approve(user=request.user, result=result, comment=data.comment)

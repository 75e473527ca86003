"""The action plan's pages: the list with progress, and one plan with its activities,
indicators, results, the agreement's implementation rate and the history.

They show plans with insights' measures and charts, so they are built here, on top, from the
plans selectors. URL names stay plans:list and plans:detail.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_GET

from mitra.insights import charts, measures
from mitra.plans import rules as plan_rules
from mitra.plans import selectors as plan_selectors
from mitra.plans.forms import ResultForm, ReviewForm

PAGE_SIZE = 50


@dataclass
class PlanPage:
    plan: Any
    groups: list[Any]
    activity_count: int
    indicators: list[Any]
    progress: Any
    rate: Any
    history: list[Any] = field(default_factory=list)


def plan_page(*, user: Any, pk: int) -> PlanPage:
    """Everything the plan page shows, read through the selectors (NotFound if not visible)."""
    plan = plan_selectors.plan_get(user=user, pk=pk)
    activities = list(plan.activities.all())
    indicators = list(plan.indicators.all())
    for indicator in indicators:
        indicator.attained = plan_rules.attainment(indicator, indicator.latest_value)  # type: ignore[attr-defined]
        indicator.chart = charts.results_against_target(indicator)  # type: ignore[attr-defined]
    return PlanPage(
        plan=plan,
        groups=plan_selectors.grouped(activities),
        activity_count=len(activities),
        indicators=indicators,
        progress=measures.plan_progress([plan.pk])[plan.pk],
        rate=measures.implementation_rate(plan.agreement) if plan.agreement else None,
        history=plan_selectors.plan_history(user=user, plan=plan),
    )


@require_GET
@login_required
def plan_detail(request: HttpRequest, pk: int) -> HttpResponse:
    page = plan_page(user=request.user, pk=pk)
    context = {
        **page.__dict__,
        "page": page,
        "statuses": plan_selectors.activity_status_choices(),
        "result_form": ResultForm(),
        "review_form": ReviewForm(),
    }
    return render(request, "plans/detail.html", context)


@require_GET
@login_required
def plan_list(request: HttpRequest) -> HttpResponse:
    partner = request.GET.get("partner", "").strip()
    status = request.GET.get("status", "")
    statuses = plan_selectors.plan_status_choices()
    if status not in dict(statuses):
        status = ""
    plans = plan_selectors.plan_list(user=request.user, partner=partner, status=status)
    # A page of plans, and the progress of those only: at scale 100 there are 100,000 plans.
    page = Paginator(plans, PAGE_SIZE).get_page(request.GET.get("page"))
    progress = measures.plan_progress([p.pk for p in page.object_list])
    context = {
        "page": page,
        "rows": [(p, progress[p.pk]) for p in page.object_list],
        "partner": partner,
        "status": status,
        "statuses": statuses,
    }
    return render(request, "plans/list.html", context)

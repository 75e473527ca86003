from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from mitra.agreements import selectors as agreement_selectors
from mitra.agreements.models import Agreement
from mitra.core import history
from mitra.core.forms import add_service_errors, errors_text
from mitra.core.http import HtmxHttpRequest
from mitra.core.permissions import can, require
from mitra.insights import charts, measures
from mitra.partners.models import Partner
from mitra.plans import selectors, services
from mitra.plans.forms import (
    ActivityForm,
    EvidenceForm,
    IndicatorForm,
    PlanForm,
    ResultForm,
    ReviewForm,
    StatusForm,
)
from mitra.plans.models import ActionPlan, Activity, Indicator, Result


def _plan(request: HttpRequest, pk: int) -> ActionPlan:
    plan = selectors.plan_get(user=request.user, pk=pk)
    if plan is None:
        raise Http404(_("No action plan with number %(pk)s is visible to you.") % {"pk": pk})
    return plan


def _visible(request: HttpRequest, qs: Any, plan: str, pk: int, missing: str) -> Any:
    """The object with this pk whose plan (reached by `plan`) the user may read, else 404."""
    found = qs.filter(pk=pk, **{f"{plan}__in": selectors.plans_visible_to(request.user)}).first()
    if found is None:
        raise Http404(missing % {"pk": pk})
    return found


def _activity(request: HttpRequest, pk: int) -> Activity:
    qs = selectors.with_activity_status(Activity.objects.select_related("plan", "owner_unit"))
    missing = _("No activity with number %(pk)s is visible to you.")
    return _visible(request, qs, "plan", pk, missing)


def _indicator(request: HttpRequest, pk: int) -> Indicator:
    qs = Indicator.objects.select_related("plan", "activity")
    missing = _("No indicator with number %(pk)s is visible to you.")
    return _visible(request, qs, "plan", pk, missing)


def _result(request: HttpRequest, pk: int) -> Result:
    qs = Result.objects.select_related("indicator__plan", "indicator__activity")
    missing = _("No result with number %(pk)s is visible to you.")
    return _visible(request, qs, "indicator__plan", pk, missing)


def _form_page(
    request: HttpRequest,
    form: Any,
    heading: str,
    cancel_url: str,
    *,
    intro: str = "",
    multipart: bool = False,
    submit: str = "",
    template: str = "core/form.html",
    **extra: Any,
) -> HttpResponse:
    context = {
        **extra,
        "form": form,
        "heading": heading,
        "cancel_url": cancel_url,
        "intro": intro,
        "multipart": multipart,
        "submit": submit,
    }
    return render(request, template, context)


@require_GET
@login_required
def plan_list(request: HttpRequest) -> HttpResponse:
    partner = request.GET.get("partner", "").strip()
    status = request.GET.get("status", "")
    if status not in ActionPlan.Status.values:
        status = ""
    plans = list(selectors.plan_list(user=request.user, partner=partner, status=status))
    progress = measures.plan_progress([p.pk for p in plans])
    rows = [(p, progress[p.pk]) for p in plans]
    return render(
        request,
        "plans/list.html",
        {
            "rows": rows,
            "partner": partner,
            "status": status,
            "statuses": ActionPlan.Status.choices,
        },
    )


HORIZON_ORDER = [*Activity.Horizon.values, ""]
STATUS_ORDER = ["delayed", "ongoing", "planned", "completed", "cancelled"]


def _grouped(activities: list[Activity]) -> list[tuple[str, list[tuple[str, list[Activity]]]]]:
    """Activities by horizon (short, medium, long, unset), then by status, delayed first."""
    horizon_labels = dict(Activity.Horizon.choices)
    status_labels = dict(Activity.Status.choices)
    groups = []
    for horizon in HORIZON_ORDER:
        in_horizon = [a for a in activities if a.horizon == horizon]
        if not in_horizon:
            continue
        by_status = [
            (str(status_labels[s]), [a for a in in_horizon if a.current_status == s])  # type: ignore[attr-defined]
            for s in STATUS_ORDER
        ]
        label = horizon_labels.get(horizon) or _("Horizon not set")
        groups.append((str(label), [(s, acts) for s, acts in by_status if acts]))
    return groups


def _render_plan(
    request: HttpRequest, plan: ActionPlan, status: int = 200, **extra: Any
) -> HttpResponse:
    activities = list(plan.activities.all())
    indicators = list(plan.indicators.all())
    for indicator in indicators:
        indicator.attained = measures.attainment(indicator, indicator.latest_value)  # type: ignore[attr-defined]
        indicator.chart = charts.results_against_target(indicator)  # type: ignore[attr-defined]
    entries = []
    if can(request.user, "history.view"):
        entries = history.merged(
            history.entries(plan.history.all(), str(_("Action plan"))),
            history.entries(Activity.history.filter(plan_id=plan.pk), str(_("Activity"))),
            history.entries(Indicator.history.filter(plan_id=plan.pk), str(_("Indicator"))),
            history.entries(Result.history.filter(indicator__plan_id=plan.pk), str(_("Result"))),
        )
    rate = measures.implementation_rate(plan.agreement) if plan.agreement else None
    context = {
        "plan": plan,
        "groups": _grouped(activities),
        "activity_count": len(activities),
        "indicators": indicators,
        "progress": measures.plan_progress([plan.pk])[plan.pk],
        "rate": rate,
        "statuses": Activity.Status.choices,
        "history": entries,
        "result_form": ResultForm(),
        "review_form": ReviewForm(),
        **extra,
    }
    return render(request, "plans/detail.html", context, status=status)


@require_GET
@login_required
def plan_detail(request: HttpRequest, pk: int) -> HttpResponse:
    return _render_plan(request, _plan(request, pk))


@require_http_methods(["GET", "POST"])
@login_required
def plan_create(request: HttpRequest) -> HttpResponse:
    require(request.user, "plan.change")
    agreement = None
    partner = None
    if request.GET.get("agreement", "").isdigit():
        agreement = agreement_selectors.agreement_get(
            user=request.user, pk=int(request.GET["agreement"])
        )
    if agreement is None:
        partner = (
            Partner.objects.active().filter(code__iexact=request.GET.get("partner", "")).first()
        )
    if agreement is None and partner is None:
        raise Http404(
            _("Open the agreement (or the partner) the plan belongs to, then add it there.")
        )
    form = PlanForm(request.POST or None, instance=ActionPlan(agreement=agreement, partner=partner))
    if request.method == "POST" and form.is_valid():
        try:
            plan = services.plan_create(
                user=request.user, agreement=agreement, partner=partner, **form.cleaned_data
            )
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, _("Action plan recorded."))
            return redirect(plan)
    owner: Agreement | Partner = agreement or partner  # type: ignore[assignment]  # one is set
    heading = _("New action plan for %(owner)s") % {"owner": owner}
    return _form_page(request, form, heading, owner.get_absolute_url())


@require_http_methods(["GET", "POST"])
@login_required
def plan_edit(request: HttpRequest, pk: int) -> HttpResponse:
    plan = _plan(request, pk)
    require(request.user, "plan.change", plan)
    form = PlanForm(request.POST or None, instance=plan)
    if request.method == "POST" and form.is_valid():
        try:
            services.plan_update(user=request.user, plan=plan, **form.cleaned_data)
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, _("Changes saved."))
            return redirect(plan)
    return _form_page(request, form, _("Edit action plan"), plan.get_absolute_url())


@require_http_methods(["GET", "POST"])
@login_required
def activity_create(request: HttpRequest, pk: int) -> HttpResponse:
    plan = _plan(request, pk)
    require(request.user, "plan.change", plan)
    form = ActivityForm(request.POST or None, instance=Activity(plan=plan))
    if request.method == "POST" and form.is_valid():
        try:
            services.activity_create(user=request.user, plan=plan, **form.cleaned_data)
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, _("Activity added."))
            return redirect(plan)
    heading = _("New activity in %(plan)s") % {"plan": plan}
    return _form_page(request, form, heading, plan.get_absolute_url())


@require_http_methods(["GET", "POST"])
@login_required
def activity_edit(request: HttpRequest, pk: int) -> HttpResponse:
    activity = _activity(request, pk)
    require(request.user, "activity.change", activity)
    delivery_only = not can(request.user, "plan.change")
    form = ActivityForm(request.POST or None, instance=activity, delivery_only=delivery_only)
    if request.method == "POST" and form.is_valid():
        try:
            services.activity_update(user=request.user, activity=activity, **form.cleaned_data)
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, _("Changes saved."))
            return redirect(activity)
    intro = _("As the owner unit's focal point you report how the activity is delivered.")
    heading = _("Edit activity: %(title)s") % {"title": activity}
    return _form_page(
        request,
        form,
        heading,
        activity.get_absolute_url(),
        intro=intro if delivery_only else "",
        template="plans/activity_form.html",
        activity=activity,
        evidence_form=EvidenceForm(),
    )


@require_POST
@login_required
def activity_status(request: HtmxHttpRequest, pk: int) -> HttpResponse:
    """Inline status change; with htmx only the activity's row comes back."""
    activity = _activity(request, pk)
    require(request.user, "activity.change", activity)
    form = StatusForm(request.POST)
    error = ""
    if form.is_valid():
        try:
            services.activity_set_status(
                user=request.user, activity=activity, status=form.cleaned_data["status"]
            )
        except ValidationError as exc:
            error = errors_text(exc)
    else:
        error = errors_text(form)
    if request.htmx:
        activity = _activity(request, pk)
        context = {"a": activity, "statuses": Activity.Status.choices, "row_error": error}
        return render(request, "plans/_activity_row.html", context)
    if error:
        messages.error(request, error)
    else:
        messages.success(request, _("Status changed."))
    return redirect(activity)


@require_POST
@login_required
def activity_evidence(request: HttpRequest, pk: int) -> HttpResponse:
    activity = _activity(request, pk)
    require(request.user, "activity.change", activity)
    form = EvidenceForm(request.POST, request.FILES)
    if form.is_valid():
        try:
            services.activity_attach_evidence(
                user=request.user,
                activity=activity,
                upload=form.cleaned_data["file"],
                title=form.cleaned_data["title"],
            )
        except ValidationError as exc:
            messages.error(request, errors_text(exc))
        else:
            messages.success(request, _("Evidence attached."))
    else:
        messages.error(request, errors_text(form))
    return redirect("plans:activity_edit", pk=activity.pk)


@require_http_methods(["GET", "POST"])
@login_required
def indicator_create(request: HttpRequest, pk: int) -> HttpResponse:
    plan = _plan(request, pk)
    require(request.user, "plan.change", plan)
    form = IndicatorForm(request.POST or None, plan=plan, instance=Indicator(plan=plan))
    if request.method == "POST" and form.is_valid():
        try:
            services.indicator_create(user=request.user, plan=plan, **form.cleaned_data)
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, _("Indicator added."))
            return redirect(plan)
    heading = _("New indicator in %(plan)s") % {"plan": plan}
    return _form_page(request, form, heading, plan.get_absolute_url())


@require_http_methods(["GET", "POST"])
@login_required
def result_report(request: HttpRequest, pk: int) -> HttpResponse:
    indicator = _indicator(request, pk)
    require(request.user, "result.report", indicator)
    instance = Result(indicator=indicator, reported_by=request.user)
    form = ResultForm(request.POST or None, request.FILES or None, instance=instance)
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        evidence = data.pop("evidence_file", None)
        try:
            services.result_report(
                user=request.user, indicator=indicator, evidence=evidence, **data
            )
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, _("Result submitted for review."))
            return redirect(indicator.plan)
    heading = _("Report a result: %(indicator)s") % {"indicator": indicator}
    intro = _("Target %(target)s %(unit)s within %(period)s. The bureau reviews the report.") % {
        "target": indicator.target,
        "unit": indicator.unit,
        "period": indicator.plan.period,
    }
    return _form_page(
        request,
        form,
        heading,
        indicator.plan.get_absolute_url(),
        intro=intro,
        multipart=True,
        submit=_("Submit for review"),
    )


@require_http_methods(["GET", "POST"])
@login_required
def result_edit(request: HttpRequest, pk: int) -> HttpResponse:
    """Correct a returned report and submit it again."""
    result = _result(request, pk)
    require(request.user, "result.report", result)
    form = ResultForm(request.POST or None, instance=result)
    del form.fields["evidence_file"]
    if request.method == "POST" and form.is_valid():
        try:
            services.result_resubmit(user=request.user, result=result, **form.cleaned_data)
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, _("Result submitted for review."))
            return redirect(result.indicator.plan)
    heading = _("Correct the report: %(indicator)s") % {"indicator": result.indicator}
    intro = result.review_comment and _("Returned with the comment: %(comment)s") % {
        "comment": result.review_comment
    }
    return _form_page(
        request,
        form,
        heading,
        result.indicator.plan.get_absolute_url(),
        intro=intro,
        submit=_("Submit for review"),
    )


@require_POST
@login_required
def result_review(request: HttpRequest, pk: int) -> HttpResponse:
    """Approve a submitted result, or return it with a comment."""
    result = _result(request, pk)
    require(request.user, "result.review", result)
    form = ReviewForm(request.POST)
    form.is_valid()
    comment = form.cleaned_data.get("comment", "")
    try:
        if request.POST.get("decision") == "return":
            services.result_return(user=request.user, result=result, comment=comment)
            messages.success(request, _("Report returned to the unit."))
        else:
            services.result_approve(user=request.user, result=result, comment=comment)
            messages.success(request, _("Result approved."))
    except ValidationError as exc:
        messages.error(request, errors_text(exc))
    return redirect(result.indicator.plan)


@require_GET
@login_required
def my_activities(request: HttpRequest) -> HttpResponse:
    """A unit's activities and the indicators it reports on (the focal point's desk)."""
    unit = request.user.unit  # type: ignore[union-attr]
    activities = list(selectors.unit_activities(unit=unit)) if unit else []
    indicators = list(selectors.unit_indicators(unit=unit)) if unit else []
    review = list(selectors.results_to_review()) if can(request.user, "result.review") else []
    context = {
        "unit": unit,
        "activities": activities,
        "indicators": indicators,
        "review": review,
        "statuses": Activity.Status.choices,
    }
    return render(request, "plans/mine.html", context)

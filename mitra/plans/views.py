from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from mitra.agreements import selectors as agreement_selectors
from mitra.core.forms import add_service_errors, errors_text
from mitra.core.http import HtmxHttpRequest
from mitra.core.permissions import can, require
from mitra.plans import selectors, services
from mitra.plans.forms import (
    ActivityForm,
    CommitmentForm,
    EvidenceForm,
    IndicatorForm,
    PlanForm,
    ResultForm,
    ReviewForm,
    StatusForm,
    SustainabilityForm,
)
from mitra.plans.models import ActionPlan, Activity, Indicator, Result
from mitra.plans.schemas import CommitmentIn


def _plan(request: HttpRequest, pk: int) -> ActionPlan:
    return selectors.plan_get(user=request.user, pk=pk)


def _activity(request: HttpRequest, pk: int) -> Activity:
    return selectors.activity_get(user=request.user, pk=pk)


def _indicator(request: HttpRequest, pk: int) -> Indicator:
    return selectors.indicator_get(user=request.user, pk=pk)


def _result(request: HttpRequest, pk: int) -> Result:
    return selectors.result_get(user=request.user, pk=pk)


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


@require_http_methods(["GET", "POST"])
@login_required
def plan_create(request: HttpRequest) -> HttpResponse:
    require(request.user, "plan.change")
    if request.method == "GET" and not (request.GET.get("agreement") or request.GET.get("partner")):
        # Reached from a bookmark or an edited address: ask whose plan it is (a GET form back
        # here); a named owner that is unknown or out of sight still answers 404 below.
        agreements, partners = selectors.owner_options(user=request.user)
        context = {"agreements": agreements, "partners": partners}
        return render(request, "plans/choose_owner.html", context)
    agreement, partner = selectors.plan_owner(
        user=request.user,
        agreement=request.GET.get("agreement", ""),
        partner=request.GET.get("partner", ""),
    )
    owner = agreement or partner
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
            services.activity_update(user=request.user, activity=activity, changes=form.changes())
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
    instance = Result(indicator=indicator, reported_by=request.user)  # type: ignore[misc]  # logged in
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
    if not form.is_valid():
        messages.error(request, errors_text(form))
        return redirect(result.indicator.plan)
    comment = form.cleaned_data.get("comment", "")
    try:
        if form.cleaned_data["decision"] == "return":
            services.result_return(user=request.user, result=result, comment=comment)
            messages.success(request, _("Report returned to the unit."))
        else:
            services.result_approve(user=request.user, result=result, comment=comment)
            messages.success(request, _("Result approved."))
    except ValidationError as exc:
        messages.error(request, errors_text(exc))
    return redirect(result.indicator.plan)


# The focal point's desk shows each of its lists a page at a time, each list with its own page
# parameter (paging one keeps the others): at scale 100 the reports waiting for review alone
# run to 1.7 million rows (issue 18).
PAGE_SIZE = 50
DESK_PAGES = ("review_page", "activities_page", "indicators_page")


@require_GET
@login_required
def my_activities(request: HttpRequest) -> HttpResponse:
    """A unit's activities and the indicators it reports on (the focal point's desk)."""
    unit = request.user.unit  # type: ignore[union-attr]
    user = request.user
    lists = (
        selectors.results_to_review(user=user),
        selectors.unit_activities(user=user, unit=unit) if unit else Activity.objects.none(),
        selectors.unit_indicators(user=user, unit=unit) if unit else Indicator.objects.none(),
    )
    review, activities, indicators = (
        Paginator(qs, PAGE_SIZE).get_page(request.GET.get(param))
        for qs, param in zip(lists, DESK_PAGES, strict=True)
    )
    context = {
        "unit": unit,
        "activities": activities,
        "indicators": indicators,
        "review": review,
        "statuses": Activity.Status.choices,
    }
    return render(request, "plans/mine.html", context)


def _funding_post(
    request: HttpRequest, pk: int, form_class: Any, write: Any, done: str
) -> HttpResponse:
    """The funding section's forms (on the agreement's page): validate, write, say how it went
    and go back to the section."""
    agreement = agreement_selectors.agreement_get(user=request.user, pk=pk)
    require(request.user, "plan.change")
    form = form_class(request.POST)
    if not form.is_valid():
        messages.error(request, errors_text(form))
    else:
        try:
            write(agreement, form.cleaned_data)
        except ValidationError as exc:
            messages.error(request, errors_text(exc))
        else:
            messages.success(request, done)
    return redirect(agreement.get_absolute_url() + "#funding")


@require_POST
@login_required
def commitment_add(request: HttpRequest, pk: int) -> HttpResponse:
    """A funding commitment recorded on the agreement."""
    return _funding_post(
        request,
        pk,
        CommitmentForm,
        lambda agreement, data: services.commitment_add(
            user=request.user, agreement=agreement, data=CommitmentIn(**data)
        ),
        _("Funding commitment recorded."),
    )


@require_POST
@login_required
def sustainability_set(request: HttpRequest, pk: int) -> HttpResponse:
    """What continues after the funding ends, and who carries it."""
    return _funding_post(
        request,
        pk,
        SustainabilityForm,
        lambda agreement, data: services.sustainability_set(
            user=request.user, agreement=agreement, **data
        ),
        _("Sustainability note saved."),
    )

"""The agreement's page: the agreement with its lifecycle, plans, meetings and history.

It shows several domains at once, so it is built here, on top, from each domain's selectors.
The lifecycle steps and document uploads are answered here too, since a refused one shows the
page again with its messages. URL names stay agreements:detail, :step and :document_upload.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from mitra.agreements import lifecycle, rules
from mitra.agreements import selectors as agreement_selectors
from mitra.agreements import services as agreement_services
from mitra.agreements.forms import DocumentForm, InForceForm, SignForm, TerminateForm
from mitra.core.forms import add_service_errors
from mitra.core.http import HtmxHttpRequest
from mitra.core.permissions import can, require
from mitra.insights import measures
from mitra.meetings import selectors as meeting_selectors
from mitra.plans import selectors as plan_selectors
from mitra.plans.forms import CommitmentForm, SustainabilityForm
from mitra.sharing import selectors as sharing_selectors
from mitra.sharing import services as sharing_services
from mitra.treaty import selectors as treaty_selectors
from mitra.workflow import rules as workflow_rules
from mitra.workflow import selectors as workflow_selectors

LAST_MEETINGS = 10
STEP_FORMS: dict[str, Any] = {
    "sign": SignForm,
    "enter_into_force": InForceForm,
    "terminate": TerminateForm,
}
# Steps that cannot be taken back: the first POST shows what will be recorded and asks again.
CONFIRMED_STEPS = frozenset({"terminate"})


@dataclass
class Step:
    name: str
    label: Any
    form: Any
    confirm: bool = False


@dataclass
class AgreementPage:
    agreement: Any
    renewable: bool
    rate: measures.Rate
    dormant: bool
    plans: list[tuple[Any, measures.Progress]]
    meetings: list[Any]
    history: list[Any] = field(default_factory=list)
    # (obligation, [(occurrence, overdue)]) and the reminder thresholds (expiry, notice).
    obligations: list[tuple[Any, list[tuple[Any, bool]]]] = field(default_factory=list)
    thresholds: tuple[str, str] = ("", "")
    # The treaty record (issue 14 §3): shown to its readers only; None when nothing is recorded.
    treaty_readable: bool = False
    treaty: Any = None
    # The organisations it is shared with, and those it could be (for those who may share).
    shares: list[Any] = field(default_factory=list)
    organisations: list[Any] = field(default_factory=list)
    funding: Any = None  # plans.selectors.Funding: sources, sustainability note, at-risk flag


def agreement_page(*, user: Any, pk: int) -> AgreementPage:
    """Everything the agreement's page shows, as this user may see it."""
    agreement = agreement_selectors.agreement_get(user=user, pk=pk)
    plans = list(
        plan_selectors.plans_visible_to(user).filter(agreement=agreement, archived_at=None)
    )
    progress = measures.plan_progress([p.pk for p in plans])
    meetings = list(
        meeting_selectors.meetings_about(user=user, agreement=agreement)[:LAST_MEETINGS]
    )
    return AgreementPage(
        agreement=agreement,
        renewable=rules.renewable(agreement) and not hasattr(agreement, "successor"),
        rate=measures.implementation_rate(agreement),
        dormant=measures.is_dormant(agreement, user=user),
        plans=[(p, progress[p.pk]) for p in plans],
        meetings=meetings,
        history=agreement_selectors.agreement_history(user=user, agreement=agreement),
        # The bureau's own duties: a coordination member's share does not carry them.
        obligations=[
            (obligation, [(o, workflow_rules.is_overdue(o)) for o in occurrences])
            for obligation, occurrences in workflow_selectors.obligations_of(agreement=agreement)
        ]
        if can(user, "internal.view")
        else [],
        thresholds=workflow_selectors.thresholds_of(agreement=agreement),
        treaty_readable=treaty_selectors.may_read(user),
        treaty=treaty_selectors.record_for(user=user, agreement=agreement),
        shares=list(sharing_selectors.shares_of(user=user, agreement=agreement)),
        organisations=list(sharing_selectors.organisations())
        if can(user, "agreement.share")
        else [],
        funding=plan_selectors.funding_of(user=user, agreement=agreement),
    )


def _lifecycle_context(agreement: Any, step_forms: dict[str, Any] | None = None) -> dict:
    steps = lifecycle.available_steps(agreement)
    step_forms = step_forms or {}
    # A refused step that is not on offer any more has no form to show its message on.
    orphan_errors = [
        message
        for step, form in step_forms.items()
        if step not in steps
        for message in form.non_field_errors()
    ]
    return {
        "agreement": agreement,
        "step_errors": orphan_errors,
        "steps": [
            Step(
                step,
                lifecycle.STEP_LABELS[step],
                step_forms.get(step) or (STEP_FORMS[step]() if step in STEP_FORMS else None),
                step in CONFIRMED_STEPS,
            )
            for step in steps
        ],
    }


def _render(
    request: HttpRequest,
    pk: int,
    *,
    step_forms: dict[str, Any] | None = None,
    document_form: DocumentForm | None = None,
    status: int = 200,
) -> HttpResponse:
    page = agreement_page(user=request.user, pk=pk)
    context = {
        **_lifecycle_context(page.agreement, step_forms),
        "page": page,
        "document_form": document_form or DocumentForm(),
        "history": page.history,
        "rate": page.rate,
        "dormant": page.dormant,
        "plans": page.plans,
        "meetings": page.meetings,
        "obligations": page.obligations,
        "commitment_form": CommitmentForm(),
        "sustainability_form": SustainabilityForm(
            initial={
                "what_continues": getattr(page.funding.sustainability, "what_continues", ""),
                "carried_by": getattr(page.funding.sustainability, "carried_by", ""),
            }
        ),
    }
    return render(request, "agreements/detail.html", context, status=status)


@require_GET
@login_required
def agreement_detail(request: HttpRequest, pk: int) -> HttpResponse:
    return _render(request, pk)


def _take_step(user: Any, agreement: Any, step: str, data: dict[str, Any]) -> None:
    if step == "negotiate":
        agreement_services.agreement_negotiate(user=user, agreement=agreement)
    elif step == "sign":
        agreement_services.agreement_sign(user=user, agreement=agreement, **data)
    elif step == "enter_into_force":
        agreement_services.agreement_enter_into_force(user=user, agreement=agreement, **data)
    elif step == "terminate":
        agreement_services.agreement_terminate(
            user=user,
            agreement=agreement,
            date_terminated=data["date_terminated"],
            reason=data["termination_reason"],
        )
    else:
        agreement_services.agreement_expire(user=user, agreement=agreement)


@require_POST
@login_required
def agreement_step(request: HtmxHttpRequest, pk: int, step: str) -> HttpResponse:
    """One lifecycle step; with htmx only the lifecycle panel is sent back."""
    agreement = agreement_selectors.agreement_get(user=request.user, pk=pk)
    if step not in lifecycle.TRANSITIONS:
        raise Http404(_("Unknown step."))
    require(request.user, "agreement.transition", agreement)
    form = STEP_FORMS[step](request.POST) if step in STEP_FORMS else None
    try:
        if form is not None and not form.is_valid():
            raise ValidationError(form.errors.as_data())
        data = form.cleaned_data if form is not None else {}
        if step in CONFIRMED_STEPS and not request.POST.get("confirm"):
            lifecycle.check_step(agreement, step)  # refuse now what would be refused then
            return render(
                request,
                "agreements/confirm_step.html",
                {
                    "agreement": agreement,
                    "step": step,
                    "form": form,
                    "label": lifecycle.STEP_LABELS[step],
                },
            )
        _take_step(request.user, agreement, step, data)
    except ValidationError as exc:
        if form is None:
            form = forms.Form()  # steps without fields still need somewhere to show the error
        form.errors.clear()
        add_service_errors(form, exc)
        if request.htmx:
            fresh = agreement_selectors.agreement_get(user=request.user, pk=pk)
            context = _lifecycle_context(fresh, {step: form})
            # htmx swaps only 2xx answers: the panel with its messages comes back as 200.
            return render(request, "agreements/detail.html#lifecycle", context)
        return _render(request, pk, step_forms={step: form}, status=422)
    messages.success(request, _("Done: %(step)s.") % {"step": lifecycle.STEP_LABELS[step]})
    if request.htmx:
        response = HttpResponse(status=204)
        response["HX-Refresh"] = "true"
        return response
    return redirect(agreement)


@require_POST
@login_required
def document_upload(request: HttpRequest, pk: int) -> HttpResponse:
    agreement = agreement_selectors.agreement_get(user=request.user, pk=pk)
    require(request.user, "document.attach", agreement)
    form = DocumentForm(request.POST, request.FILES)
    if form.is_valid():
        try:
            agreement_services.agreement_attach_document(
                user=request.user,
                agreement=agreement,
                upload=form.cleaned_data["file"],
                title=form.cleaned_data["title"],
                kind=form.cleaned_data["kind"],
            )
        except ValidationError as exc:
            # What the service refuses is the file itself: shown beside it, once.
            for message in exc.messages:
                form.add_error("file", message)
        else:
            messages.success(request, _("Document attached."))
            return redirect(agreement)
    # The page reloads at the top; the first field in error takes the focus (and the view).
    first = next((name for name in form.fields if name in form.errors), None)
    if first:
        form.fields[first].widget.attrs["autofocus"] = True
    return _render(request, pk, document_form=form, status=400)


@require_POST
@login_required
def agreement_share(request: HttpRequest, pk: int) -> HttpResponse:
    """Share the agreement with another ministry or an embassy (chosen by the unit's code)."""
    agreement = agreement_selectors.agreement_get(user=request.user, pk=pk)
    require(request.user, "agreement.share", agreement)
    unit = sharing_selectors.organisations().filter(code=request.POST.get("unit", "")).first()
    try:
        if unit is None:
            raise ValidationError(_("Choose the ministry or embassy to share with."))
        sharing_services.share_create(user=request.user, agreement=agreement, unit=unit)
    except ValidationError as exc:
        for message in exc.messages:
            messages.error(request, message)
        return _render(request, pk, status=422)
    messages.success(request, _("Shared with %(unit)s.") % {"unit": unit})
    return redirect(f"{agreement.get_absolute_url()}#sharing")


@require_POST
@login_required
def agreement_unshare(request: HttpRequest, pk: int, share_pk: int) -> HttpResponse:
    """Stop sharing the agreement with one organisation (the share is archived)."""
    agreement = agreement_selectors.agreement_get(user=request.user, pk=pk)
    require(request.user, "agreement.share", agreement)
    share = sharing_selectors.share_get(user=request.user, pk=share_pk)
    if share.agreement_id != agreement.pk:
        raise Http404(_("No such share on this agreement."))
    sharing_services.share_revoke(user=request.user, share=share)
    messages.success(request, _("No longer shared with %(unit)s.") % {"unit": share.unit})
    return redirect(f"{agreement.get_absolute_url()}#sharing")

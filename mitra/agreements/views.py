from __future__ import annotations

from typing import Any

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from mitra.agreements import lifecycle, selectors, services
from mitra.agreements.forms import (
    AgreementFilterForm,
    AgreementForm,
    DocumentForm,
    InForceForm,
    SignForm,
    TerminateForm,
)
from mitra.agreements.models import Agreement, AgreementParty, CooperationArea
from mitra.core import history
from mitra.core.forms import add_service_errors
from mitra.core.http import HtmxHttpRequest
from mitra.core.permissions import can, require
from mitra.insights import measures
from mitra.interop import spreadsheets
from mitra.partners.models import Partner

PAGE_SIZE = 50
STEP_FORMS: dict[str, Any] = {
    "sign": SignForm,
    "enter_into_force": InForceForm,
    "terminate": TerminateForm,
}


@require_GET
@login_required
def agreement_list(request: HtmxHttpRequest) -> HttpResponse:
    form = AgreementFilterForm(request.GET or None)
    filters = form.cleaned_data if form.is_valid() else {}
    qs = selectors.agreement_list(
        user=request.user,
        q=filters.get("q", ""),
        status=filters.get("status", ""),
        kind=filters.get("kind", ""),
        partner=filters.get("partner", ""),
        area=filters.get("area", ""),
        expiring_within=filters.get("expiring"),
        archived=bool(filters.get("archived")),
    )
    if request.GET.get("format") in ("xlsx", "csv"):
        rows = spreadsheets.agreement_rows(qs)
        return spreadsheets.download("agreements", request.GET["format"], rows)
    page = Paginator(qs, PAGE_SIZE).get_page(request.GET.get("page"))
    template = "agreements/list.html#results" if request.htmx else "agreements/list.html"
    return render(request, template, {"form": form, "page": page})


def _get(request: HttpRequest, pk: int) -> Agreement:
    agreement = selectors.agreement_get(user=request.user, pk=pk)
    if agreement is None:
        raise Http404(_("No agreement with number %(pk)s is visible to you.") % {"pk": pk})
    return agreement


def _lifecycle_context(agreement: Agreement, forms: dict[str, Any] | None = None) -> dict:
    steps = lifecycle.available_steps(agreement)
    forms = forms or {}
    # A refused step that is not on offer any more has no form to show its message on.
    orphan_errors = [
        message
        for step, form in forms.items()
        if step not in steps
        for message in form.non_field_errors()
    ]
    return {
        "agreement": agreement,
        "step_errors": orphan_errors,
        "steps": [
            (
                step,
                lifecycle.STEP_LABELS[step],
                forms.get(step) or (STEP_FORMS[step]() if step in STEP_FORMS else None),
            )
            for step in steps
        ],
    }


@require_GET
@login_required
def agreement_detail(request: HttpRequest, pk: int) -> HttpResponse:
    agreement = _get(request, pk)
    return _render_detail(request, agreement)


def _render_detail(
    request: HttpRequest,
    agreement: Agreement,
    *,
    step_forms: dict[str, Any] | None = None,
    document_form: DocumentForm | None = None,
    status: int = 200,
) -> HttpResponse:
    entries = []
    if can(request.user, "history.view"):
        entries = history.merged(
            history.entries(agreement.history.all(), str(_("Agreement"))),
            history.entries(
                AgreementParty.history.filter(agreement_id=agreement.pk), str(_("Party"))
            ),
        )
    plans = list(agreement.plans.active())
    progress = measures.plan_progress([p.pk for p in plans])
    context = {
        **_lifecycle_context(agreement, step_forms),
        "document_form": document_form or DocumentForm(),
        "history": entries,
        "rate": measures.implementation_rate(agreement),
        "dormant": measures.is_dormant(agreement, user=request.user),
        "plans": [(p, progress[p.pk]) for p in plans],
        "meetings": list(agreement.meetings.active()[:10])
        if can(request.user, "internal.view")
        else [],
    }
    return render(request, "agreements/detail.html", context, status=status)


def _form_payload(form: AgreementForm) -> dict[str, Any]:
    data = dict(form.cleaned_data)
    partners = data.pop("partners")
    codes = data.pop("areas", [])
    data["parties"] = [(p, AgreementParty.Role.SIGNATORY) for p in partners]
    data["areas"] = list(CooperationArea.objects.filter(code__in=codes))
    return data


@require_http_methods(["GET", "POST"])
@login_required
def agreement_create(request: HtmxHttpRequest) -> HttpResponse:
    require(request.user, "agreement.create")
    initial = {}
    partner = Partner.objects.active().filter(code__iexact=request.GET.get("partner", "")).first()
    if partner:
        initial["partners"] = [partner.pk]
    form = AgreementForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            agreement = services.agreement_create(user=request.user, **_form_payload(form))
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, _("Agreement recorded."))
            return redirect(agreement)
    return render(request, "agreements/form.html", {"form": form})


@require_http_methods(["GET", "POST"])
@login_required
def agreement_edit(request: HttpRequest, pk: int) -> HttpResponse:
    agreement = _get(request, pk)
    require(request.user, "agreement.change", agreement)
    form = AgreementForm(request.POST or None, instance=agreement)
    if request.method == "POST" and form.is_valid():
        try:
            services.agreement_update(user=request.user, agreement=agreement, **_form_payload(form))
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, _("Changes saved."))
            return redirect(agreement)
    return render(request, "agreements/form.html", {"form": form, "agreement": agreement})


@require_POST
@login_required
def agreement_step(request: HtmxHttpRequest, pk: int, step: str) -> HttpResponse:
    """One lifecycle step; with htmx only the lifecycle panel is sent back."""
    agreement = _get(request, pk)
    if step not in lifecycle.TRANSITIONS:
        raise Http404(_("Unknown step."))
    require(request.user, "agreement.transition", agreement)
    form = STEP_FORMS[step](request.POST) if step in STEP_FORMS else None
    try:
        if form is not None and not form.is_valid():
            raise ValidationError(form.errors.as_data())
        data = form.cleaned_data if form is not None else {}
        if step == "negotiate":
            services.agreement_negotiate(user=request.user, agreement=agreement)
        elif step == "sign":
            services.agreement_sign(user=request.user, agreement=agreement, **data)
        elif step == "enter_into_force":
            services.agreement_enter_into_force(user=request.user, agreement=agreement, **data)
        elif step == "terminate":
            services.agreement_terminate(
                user=request.user,
                agreement=agreement,
                date_terminated=data["date_terminated"],
                reason=data["termination_reason"],
            )
        else:
            services.agreement_expire(user=request.user, agreement=agreement)
    except ValidationError as exc:
        agreement = _get(request, pk)  # drop the unsaved changes the failed step made
        if form is None:
            form = forms.Form()  # steps without fields still need somewhere to show the error
        form.errors.clear()
        add_service_errors(form, exc)
        if request.htmx:
            context = _lifecycle_context(agreement, {step: form})
            # htmx swaps only 2xx answers: the panel with its messages comes back as 200.
            return render(request, "agreements/detail.html#lifecycle", context)
        return _render_detail(request, agreement, step_forms={step: form}, status=422)
    messages.success(request, _("Done: %(step)s.") % {"step": lifecycle.STEP_LABELS[step]})
    if request.htmx:
        response = HttpResponse(status=204)
        response["HX-Refresh"] = "true"
        return response
    return redirect(agreement)


@require_POST
@login_required
def agreement_archive(request: HttpRequest, pk: int) -> HttpResponse:
    agreement = Agreement.objects.filter(pk=pk).first()
    if agreement is None or not can(request.user, "agreement.view", agreement):
        raise Http404(_("No agreement with number %(pk)s is visible to you.") % {"pk": pk})
    if request.POST.get("restore"):
        services.agreement_restore(user=request.user, agreement=agreement)
        messages.success(request, _("Agreement restored."))
    else:
        services.agreement_archive(user=request.user, agreement=agreement)
        messages.success(request, _("Agreement archived. Its record and history are kept."))
    return redirect(agreement)


@require_POST
@login_required
def agreement_renew(request: HttpRequest, pk: int) -> HttpResponse:
    agreement = _get(request, pk)
    successor = services.agreement_renew(user=request.user, agreement=agreement)
    messages.success(request, _("Successor agreement started; it is linked to this one."))
    return redirect(successor)


@require_POST
@login_required
def document_upload(request: HttpRequest, pk: int) -> HttpResponse:
    agreement = _get(request, pk)
    require(request.user, "document.attach", agreement)
    form = DocumentForm(request.POST, request.FILES)
    if form.is_valid():
        try:
            services.agreement_attach_document(
                user=request.user,
                agreement=agreement,
                upload=form.cleaned_data["file"],
                title=form.cleaned_data["title"],
                kind=form.cleaned_data["kind"],
            )
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, _("Document attached."))
            return redirect(agreement)
    return _render_detail(request, agreement, document_form=form, status=400)


@require_GET
@login_required
def document_download(request: HttpRequest, pk: int, document_pk: int) -> FileResponse:
    """Serve a stored file only through an agreement the user may read."""
    agreement = _get(request, pk)
    document = agreement.documents.filter(pk=document_pk, archived_at__isnull=True).first()
    if document is None:
        raise Http404(_("No such document."))
    filename = document.original_name or f"{document.title}{document.extension}"
    return FileResponse(
        document.file.open("rb"),
        as_attachment=True,
        filename=filename,
        content_type=document.content_type,
    )

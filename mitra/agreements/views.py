"""Agreement pages of the agreements domain: the list, create, edit, archive, renew, files.

The agreement's own page shows plans and meetings too, so it is the top layer's
(mitra/insights/pages/agreement.py), with the lifecycle steps and uploads it answers;
its URL names stay agreements:detail, agreements:step and agreements:document_upload.
"""

from __future__ import annotations

import contextlib
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from mitra.agreements import exports, rules, selectors, services
from mitra.agreements.forms import AgreementFilterForm, AgreementForm, ConfirmForm, RenewForm
from mitra.agreements.models import AgreementParty
from mitra.core import csv, freshness
from mitra.core.forms import add_service_errors
from mitra.core.http import SAFE_DOWNLOAD_TYPE, HtmxHttpRequest
from mitra.core.permissions import require
from mitra.partners import selectors as partner_selectors
from mitra.taxonomy import selectors as taxonomy_selectors

PAGE_SIZE = 50


@require_GET
@login_required
def agreement_list(request: HtmxHttpRequest) -> HttpResponse:
    form = AgreementFilterForm(request.GET or None)
    filters = form.cleaned_data if form.is_valid() else {}
    try:
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
    except ValidationError as exc:
        add_service_errors(form, exc)  # an unknown partner code, named on its field
        qs = selectors.agreement_list(user=request.user).none()
    if request.GET.get("format") in ("xlsx", "csv"):
        rows = exports.agreement_rows(qs)
        return csv.download("agreements", request.GET["format"], exports.HEADERS, rows)
    page = freshness.KeptCountPaginator(qs, PAGE_SIZE).get_page(request.GET.get("page"))
    template = "agreements/list.html#results" if request.htmx else "agreements/list.html"
    return render(request, template, {"form": form, "page": page})


def _form_payload(form: AgreementForm) -> dict[str, Any]:
    data = dict(form.cleaned_data)
    partners = data.pop("partners")
    data["parties"] = [(p, AgreementParty.Role.SIGNATORY) for p in partners]
    data["areas"] = taxonomy_selectors.areas_by_codes(data.pop("areas", []))
    return data


@require_http_methods(["GET", "POST"])
@login_required
def agreement_create(request: HtmxHttpRequest) -> HttpResponse:
    require(request.user, "agreement.create")
    initial = {}
    code = request.GET.get("partner", "")
    if code:
        with contextlib.suppress(ValidationError):  # an unknown code in the link prefills nothing
            initial["partners"] = [partner_selectors.partner_by_code(code).pk]
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
    agreement = selectors.agreement_get(user=request.user, pk=pk)
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


@require_http_methods(["GET", "POST"])
@login_required
def agreement_archive(request: HttpRequest, pk: int) -> HttpResponse:
    """Archive after a confirmation page (works without JavaScript); restore at once."""
    agreement = selectors.agreement_get(user=request.user, pk=pk)
    require(request.user, "agreement.archive", agreement)
    if request.method == "POST" and request.POST.get("restore"):
        services.agreement_restore(user=request.user, agreement=agreement)
        messages.success(request, _("Agreement restored."))
        return redirect(agreement)
    if request.method == "POST" and request.POST.get("confirm"):
        services.agreement_archive(user=request.user, agreement=agreement)
        messages.success(request, _("Agreement archived. Its record and history are kept."))
        return redirect(agreement)
    context = {
        "heading": _("Archive “%(title)s”?") % {"title": agreement},
        "intro": _(
            "The agreement leaves the lists; its record and its history stay, and it can be "
            "restored."
        ),
        "form": ConfirmForm(),
        "submit": _("Archive"),
        "cancel_url": agreement.get_absolute_url(),
    }
    return render(request, "core/form.html", context)


@require_http_methods(["GET", "POST"])
@login_required
def agreement_renew(request: HttpRequest, pk: int) -> HttpResponse:
    """Renewal is a form: the successor's title, dates and parties, prefilled from this one."""
    agreement = selectors.agreement_get(user=request.user, pk=pk)
    require(request.user, "agreement.create")
    if not rules.renewable(agreement):
        messages.error(request, _("Only an agreement in force or expired can be renewed."))
        return redirect(agreement)
    form = RenewForm(request.POST or None, agreement=agreement)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            successor = services.agreement_renew(
                user=request.user,
                agreement=agreement,
                title=data["title"],
                title_en=data["title_en"],
                parties=[(p, AgreementParty.Role.SIGNATORY) for p in data["partners"]],
                date_in_force=data["date_in_force"],
                date_expiry=data["date_expiry"],
                is_public=data["is_public"],
            )
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, _("Successor agreement started; it is linked to this one."))
            return redirect(successor)
    context = {
        "heading": _("Renew “%(title)s”") % {"title": agreement},
        "intro": _(
            "The successor starts as under negotiation, with the areas of this agreement, "
            "and is linked to it. Nothing is recorded until you confirm."
        ),
        "form": form,
        "submit": _("Start renewal"),
        "cancel_url": agreement.get_absolute_url(),
    }
    return render(request, "core/form.html", context)


@require_GET
@login_required
def document_download(request: HttpRequest, pk: int, document_pk: int) -> FileResponse:
    """Serve a stored file only through an agreement the user may read."""
    agreement = selectors.agreement_get(user=request.user, pk=pk)
    document = agreement.documents.filter(pk=document_pk, archived_at__isnull=True).first()
    if document is None:
        raise Http404(_("No such document."))
    filename = document.original_name or f"{document.title}{document.extension}"
    return FileResponse(
        document.file.open("rb"),
        as_attachment=True,
        filename=filename,
        # Always a download of opaque bytes: an uploaded HTML or SVG never runs in our origin.
        content_type=SAFE_DOWNLOAD_TYPE,
    )

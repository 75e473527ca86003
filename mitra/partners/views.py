"""Partner writes: add, edit, archive (after a confirmation), contacts.

The list and the partner's page show agreements and plans too, so they are the top layer's
(mitra/insights/pages/partner.py); their URL names stay partners:list and partners:detail.
"""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from mitra.core.forms import add_service_errors
from mitra.core.http import HtmxHttpRequest
from mitra.core.permissions import require
from mitra.partners import selectors, services
from mitra.partners.forms import ConfirmForm, PartnerForm
from mitra.partners.models import Partner
from mitra.taxonomy.selectors import areas_by_codes


def get_partner_or_404(request: HttpRequest, code: str) -> Partner:
    """The partner with this code (any case), or a 404 that names the code."""
    return selectors.partner_get(user=request.user, code=code)


def _partner_fields(form: PartnerForm) -> dict:
    data = dict(form.cleaned_data)
    data.pop("kind", None)
    data.pop("code", None)
    data["areas"] = areas_by_codes(data.pop("areas", []))
    return data


@require_http_methods(["GET", "POST"])
@login_required
def partner_create(request: HtmxHttpRequest) -> HttpResponse:
    require(request.user, "partner.create")
    # Prefilled from an unmatched IATI organisation ("add as partner").
    initial = {
        "name_id": request.GET.get("name", ""),
        "name_en": request.GET.get("name", ""),
        "iati_ref": request.GET.get("iati_ref", ""),
    }
    form = PartnerForm(request.POST or None, initial={k: v for k, v in initial.items() if v})
    if request.method == "POST" and form.is_valid():
        try:
            partner = services.partner_create(
                user=request.user,
                kind=form.cleaned_data["kind"],
                code=form.cleaned_data["code"],
                **_partner_fields(form),
            )
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, _("Partner “%(name)s” added.") % {"name": partner})
            return redirect(partner)
    return render(request, "partners/form.html", {"form": form})


@require_http_methods(["GET", "POST"])
@login_required
def partner_edit(request: HttpRequest, code: str) -> HttpResponse:
    partner = selectors.partner_get(user=request.user, code=code)
    require(request.user, "partner.change", partner)
    form = PartnerForm(request.POST or None, instance=partner)
    if request.method == "POST" and form.is_valid():
        try:
            services.partner_update(user=request.user, partner=partner, **_partner_fields(form))
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, _("Changes saved."))
            return redirect(partner)
    return render(request, "partners/form.html", {"form": form, "partner": partner})


@require_http_methods(["GET", "POST"])
@login_required
def partner_archive(request: HttpRequest, code: str) -> HttpResponse:
    """Archive after a confirmation page (works without JavaScript); restore at once."""
    partner = selectors.partner_get(user=request.user, code=code)
    require(request.user, "partner.archive", partner)
    if request.method == "POST" and request.POST.get("restore"):
        services.partner_restore(user=request.user, partner=partner)
        messages.success(request, _("Partner restored."))
        return redirect(partner)
    if request.method == "POST" and request.POST.get("confirm"):
        services.partner_archive(user=request.user, partner=partner)
        messages.success(request, _("Partner archived. Its record and history are kept."))
        return redirect(partner)
    context = {
        "heading": _("Archive %(name)s?") % {"name": partner},
        "intro": _(
            "The partner leaves the lists; its record, its agreements and its history stay, "
            "and it can be restored."
        ),
        "form": ConfirmForm(),
        "submit": _("Archive"),
        "cancel_url": partner.get_absolute_url(),
    }
    return render(request, "core/form.html", context)


@require_POST
@login_required
def contact_archive(request: HttpRequest, code: str, pk: int) -> HttpResponse:
    partner = selectors.partner_get(user=request.user, code=code)
    contact = selectors.contact_get(user=request.user, partner=partner, pk=pk)
    services.contact_archive(user=request.user, contact=contact)
    messages.success(request, _("Contact removed from the list; its history is kept."))
    return redirect(reverse("partners:detail", args=[partner.code]))

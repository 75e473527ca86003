from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from mitra.agreements.models import CooperationArea
from mitra.core import history
from mitra.core.forms import add_service_errors
from mitra.core.http import HtmxHttpRequest
from mitra.core.permissions import can, require
from mitra.insights import measures
from mitra.insights import selectors as insight_selectors
from mitra.interop import spreadsheets
from mitra.partners import selectors, services
from mitra.partners.forms import ContactForm, PartnerFilterForm, PartnerForm
from mitra.partners.models import Contact, Partner
from mitra.plans import selectors as plan_selectors

PAGE_SIZE = 50


@require_GET
@login_required
def partner_list(request: HtmxHttpRequest) -> HttpResponse:
    form = PartnerFilterForm(request.GET or None)
    filters = form.cleaned_data if form.is_valid() else {}
    active = {"yes": True, "no": False}.get(filters.get("active") or "")
    qs = selectors.partner_list(
        user=request.user,
        q=filters.get("q", ""),
        kind=filters.get("kind", ""),
        region=filters.get("region", ""),
        area=filters.get("area", ""),
        has_active=active,
        archived=bool(filters.get("archived")),
    )
    if request.GET.get("format") in ("xlsx", "csv"):
        rows = spreadsheets.partner_rows(qs.prefetch_related("areas"))
        return spreadsheets.download("partners", request.GET["format"], rows)
    page = Paginator(qs, PAGE_SIZE).get_page(request.GET.get("page"))
    template = "partners/list.html#results" if request.htmx else "partners/list.html"
    return render(request, template, {"form": form, "page": page})


def get_partner_or_404(request: HttpRequest, code: str) -> Partner:
    """The partner with this code (any case), or a 404 that names the code."""
    partner = selectors.partner_get(user=request.user, code=code)
    if partner is None:
        raise Http404(_("No partner has the code “%(code)s”.") % {"code": code})
    return partner


@require_GET
@login_required
def partner_detail(request: HttpRequest, code: str) -> HttpResponse:
    partner = get_partner_or_404(request, code)
    if partner.code != code:
        return redirect(partner)
    return _render_detail(request, partner, ContactForm())


def _render_detail(
    request: HttpRequest, partner: Partner, contact_form: ContactForm, status: int = 200
) -> HttpResponse:
    agreements = list(selectors.partner_agreements(user=request.user, partner=partner))
    entries = []
    if can(request.user, "history.view"):
        entries = history.merged(
            history.entries(partner.history.all(), str(partner)),
            history.entries(Contact.history.filter(partner_id=partner.pk), str(_("Contact"))),
        )
    rates = measures.implementation_rates([a.pk for a in agreements])
    dormant = set(
        measures.dormant_agreements(user=request.user)
        .filter(pk__in=[a.pk for a in agreements])
        .values_list("pk", flat=True)
    )
    plans = list(plan_selectors.plans_for_partner(user=request.user, partner=partner))
    progress = measures.plan_progress([p.pk for p in plans])
    context = {
        "partner": partner,
        "agreements": [(a, rates[a.pk], a.pk in dormant) for a in agreements],
        "plans": [(p, progress[p.pk]) for p in plans],
        "timeline": insight_selectors.partner_timeline(user=request.user, partner=partner),
        "areas": selectors.partner_areas(partner=partner, agreements=agreements),
        "contact_form": contact_form,
        "history": entries,
    }
    return render(request, "partners/detail.html", context, status=status)


def _partner_fields(form: PartnerForm) -> dict:
    data = dict(form.cleaned_data)
    data.pop("kind", None)
    data.pop("code", None)
    codes = data.pop("areas", [])
    data["areas"] = list(CooperationArea.objects.filter(code__in=codes))
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
    partner = get_partner_or_404(request, code)
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


@require_POST
@login_required
def partner_archive(request: HttpRequest, code: str) -> HttpResponse:
    partner = get_partner_or_404(request, code)
    if request.POST.get("restore"):
        services.partner_restore(user=request.user, partner=partner)
        messages.success(request, _("Partner restored."))
    else:
        services.partner_archive(user=request.user, partner=partner)
        messages.success(request, _("Partner archived. Its record and history are kept."))
    return redirect(partner)


@require_POST
@login_required
def contact_add(request: HttpRequest, code: str) -> HttpResponse:
    partner = get_partner_or_404(request, code)
    require(request.user, "contact.change", partner)
    form = ContactForm(request.POST)
    if form.is_valid():
        try:
            services.contact_create(user=request.user, partner=partner, **form.cleaned_data)
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, _("Contact added."))
            return redirect(partner)
    return _render_detail(request, partner, form, status=400)


@require_POST
@login_required
def contact_archive(request: HttpRequest, code: str, pk: int) -> HttpResponse:
    partner = get_partner_or_404(request, code)
    contact = Contact.objects.filter(partner=partner, pk=pk).first()
    if contact is None:
        raise Http404(_("No such contact."))
    services.contact_archive(user=request.user, contact=contact)
    messages.success(request, _("Contact removed from the list; its history is kept."))
    return redirect(partner)

"""The partner list and the partner's page: partners with their agreements, plans and timeline.

Both show several domains at once, so they are built here, on top, from each domain's
selectors; partners itself knows nothing of agreements or plans. URL names stay
partners:list and partners:detail.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from mitra.agreements import rules as agreement_rules
from mitra.agreements import selectors as agreement_selectors
from mitra.core import csv
from mitra.core.forms import add_service_errors
from mitra.core.http import HtmxHttpRequest
from mitra.core.permissions import require
from mitra.insights import brief, measures
from mitra.insights import selectors as insight_selectors
from mitra.partners import exports
from mitra.partners import selectors as partner_selectors
from mitra.partners import services as partner_services
from mitra.partners.forms import ContactForm, PartnerFilterForm
from mitra.plans import selectors as plan_selectors
from mitra.trade import selectors as trade_selectors

PAGE_SIZE = 50


@dataclass
class AgreementRow:
    agreement: Any
    rate: measures.Rate
    dormant: bool
    renewable: bool


@dataclass
class PartnerPage:
    partner: Any
    agreements: list[AgreementRow]
    plans: list[tuple[Any, measures.Progress]]
    timeline: list[Any]
    areas: list[Any]
    brief_label: str = ""
    history: list[Any] = field(default_factory=list)
    trade: Any = None


def partner_page(*, user: Any, code: str) -> PartnerPage:
    """Everything the partner's page shows, as this user may see it."""
    partner = partner_selectors.partner_get(user=user, code=code)
    agreements = list(agreement_selectors.partner_agreements(user=user, partner=partner))
    ids = [a.pk for a in agreements]
    rates = measures.implementation_rates(ids)
    dormant = set(
        measures.dormant_agreements(user=user).filter(pk__in=ids).values_list("pk", flat=True)
    )
    plans = list(plan_selectors.plans_for_partner(user=user, partner=partner))
    progress = measures.plan_progress([p.pk for p in plans])
    return PartnerPage(
        partner=partner,
        agreements=[
            AgreementRow(a, rates[a.pk], a.pk in dormant, agreement_rules.renewable(a))
            for a in agreements
        ],
        plans=[(p, progress[p.pk]) for p in plans],
        timeline=insight_selectors.partner_timeline(user=user, partner=partner),
        areas=agreement_selectors.partner_areas(partner=partner, agreements=agreements),
        brief_label=brief.brief_label(partner),
        history=partner_selectors.partner_history(user=user, partner=partner),
        trade=trade_selectors.partner_trade(user=user, iso=partner.code, place=partner.name)
        if partner.is_country
        else None,
    )


def partner_rows(*, user: Any, filters: dict[str, Any]) -> Any:
    """The list page's partners, filtered, each with its number of active agreements."""
    qs = partner_selectors.partner_list(
        user=user,
        q=filters.get("q", ""),
        kind=filters.get("kind", ""),
        region=filters.get("region", ""),
        area=filters.get("area", ""),
        archived=bool(filters.get("archived")),
    )
    active = {"yes": True, "no": False}.get(filters.get("active") or "")
    return agreement_selectors.with_active_counts(qs, user=user, has_active=active)


@require_GET
@login_required
def partner_list(request: HtmxHttpRequest) -> HttpResponse:
    form = PartnerFilterForm(request.GET or None)
    filters = form.cleaned_data if form.is_valid() else {}
    qs = partner_rows(user=request.user, filters=filters)
    if request.GET.get("format") in ("xlsx", "csv"):
        rows = exports.partner_rows(qs.prefetch_related("areas"))
        return csv.download("partners", request.GET["format"], exports.HEADERS, rows)
    page = Paginator(qs, PAGE_SIZE).get_page(request.GET.get("page"))
    template = "partners/list.html#results" if request.htmx else "partners/list.html"
    return render(request, template, {"form": form, "page": page})


def _render(
    request: HttpRequest, page: PartnerPage, contact_form: ContactForm, status: int = 200
) -> HttpResponse:
    context = {
        "page": page,
        "partner": page.partner,
        "agreements": page.agreements,
        "plans": page.plans,
        "timeline": page.timeline,
        "areas": page.areas,
        "history": page.history,
        "trade": page.trade,
        "contact_form": contact_form,
    }
    return render(request, "partners/detail.html", context, status=status)


@require_GET
@login_required
def partner_detail(request: HttpRequest, code: str) -> HttpResponse:
    page = partner_page(user=request.user, code=code)
    if page.partner.code != code:
        return redirect(reverse("partners:detail", args=[page.partner.code]))
    return _render(request, page, ContactForm())


@require_POST
@login_required
def contact_add(request: HttpRequest, code: str) -> HttpResponse:
    partner = partner_selectors.partner_get(user=request.user, code=code)
    require(request.user, "contact.change", partner)
    form = ContactForm(request.POST)
    if form.is_valid():
        try:
            partner_services.contact_create(user=request.user, partner=partner, **form.cleaned_data)
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, _("Contact added."))
            return redirect(reverse("partners:detail", args=[partner.code]))
    return _render(request, partner_page(user=request.user, code=code), form, status=400)

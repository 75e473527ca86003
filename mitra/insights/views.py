from __future__ import annotations

import csv
from typing import Any

from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.template.loader import render_to_string
from django.utils import timezone, translation
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET

from mitra.core import freshness
from mitra.core.csv import safe_text
from mitra.core.errors import NotFound
from mitra.insights import brief as brief_selectors
from mitra.insights import dashboard as dashboard_selectors
from mitra.insights import inbox
from mitra.insights import portal as portal_selectors
from mitra.insights.forms import DashboardFilterForm
from mitra.partners import selectors as partner_selectors
from mitra.taxonomy.selectors import area_choices

PAGE_SIZE = 50


def _partner(request: HttpRequest, code: str) -> Any:
    """The partner the user may read with this code (any case), or a 404 that names the code."""
    partner = partner_selectors.partner_get(user=request.user, code=code)
    if partner is None:
        raise NotFound(_("No partner has the code “%(code)s”.") % {"code": code})
    return partner


def _csv(name: str, header: list[str], rows: list[list[Any]]) -> HttpResponse:
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="mitra-{name}.csv"'
    response.write("\ufeff")  # so that spreadsheet programs read UTF-8
    writer = csv.writer(response)
    writer.writerow(header)
    writer.writerows([[safe_text(v) for v in row] for row in rows])
    return response


EXPORTS = ("status", "year", "countries", "areas", "scorecards")


def _export(board: dashboard_selectors.Dashboard, table: str, *, user: Any) -> HttpResponse:
    if table == "status":
        return _csv(
            "status", [_("Status"), _("Number")], [[lbl, n] for _v, lbl, n in board.by_status]
        )
    if table == "year":
        return _csv("year", [_("Year signed"), _("Number")], [list(r) for r in board.by_year])
    if table == "countries":
        return _csv(
            "countries",
            [_("Code"), _("Partner"), _("Agreements in force")],
            [[c["code"], c["name_id"], c["n"]] for c in board.map],
        )
    if table == "areas":
        return _csv(
            "areas",
            [_("Cooperation area"), _("Agreements"), _("With recent activity")],
            [[a["label"], a["agreements"], a["active"]] for a in board.coverage],
        )
    cards = dashboard_selectors.with_agreements(board.scorecards, user=user)
    return _csv(
        "scorecards",
        [_("Agreement"), _("Partners"), _("Areas"), _("Areas with recent activity"), _("Rate (%)")],
        [
            [
                c["agreement"].display_title,
                "; ".join(p.partner.name for p in c["agreement"].parties.all()),
                c["rate"].total,
                len(c["rate"].covered),
                c["rate"].percent if c["rate"].percent is not None else "",
            ]
            for c in cards
        ],
    )


# The dashboard's body as sent, per data version and for the readers who see the same page: it
# depends only on the role (what the page offers), what the reader may read (the board's own
# `readers_key`: two coordination members of different organisations share a role, not a
# board), the language, the day and the query string (filters, sort, page).
_bodies = freshness.Memo(size=64)


@require_GET
@login_required
def dashboard(request: HttpRequest) -> HttpResponse:
    """The portfolio at a glance, filtered; `?export=<table>` downloads a table as CSV."""
    form = DashboardFilterForm(request.GET or None)
    filters = form.filters()
    sort = request.GET.get("sort", "rate")
    sort = sort if sort in dashboard_selectors.SCORECARD_SORTS else "rate"
    table = request.GET.get("export", "")
    if table in EXPORTS:
        board = dashboard_selectors.dashboard(user=request.user, filters=filters, sort=sort)
        return _export(board, table, user=request.user)
    key = (
        request.user.role,  # type: ignore[union-attr]
        *dashboard_selectors.readers_key(request.user),
        translation.get_language(),
        timezone.localdate(),
        tuple((name, tuple(values)) for name, values in sorted(request.GET.lists())),
    )

    def body() -> str:
        board = dashboard_selectors.dashboard(user=request.user, filters=filters, sort=sort)
        return render_to_string(
            "insights/_dashboard_body.html",
            _dashboard_context(request, form, filters, board, sort),
            request,
        )

    # "My week" is per user, so it is not part of the remembered board.
    context = {
        "body": mark_safe(_bodies.get(key, body)),  # noqa: S308 - rendered by the template engine, escaped there
        "week": inbox.my_week(user=request.user),
    }
    return render(request, "insights/dashboard.html", context)


@require_GET
@login_required
def my_week(request: HttpRequest) -> HttpResponse:
    """/inbox/: what is due for me, each item linked to where it is done."""
    return render(request, "insights/inbox.html", {"week": inbox.my_week(user=request.user)})


def _dashboard_context(
    request: HttpRequest,
    form: DashboardFilterForm,
    filters: dashboard_selectors.Filters,
    board: dashboard_selectors.Dashboard,
    sort: str,
) -> dict[str, Any]:
    scorecards = Paginator(board.scorecards, PAGE_SIZE).get_page(request.GET.get("page"))
    scorecards.object_list = dashboard_selectors.with_agreements(
        scorecards.object_list, user=request.user
    )
    query = request.GET.copy()
    for key in ("sort", "page", "export"):
        query.pop(key, None)
    return {
        "form": form,
        "filters": filters,
        "board": board,
        "scorecards": scorecards,
        "sort": sort,
        "query": query.urlencode(),
        "chart_status": {
            "labels": [label for _v, label, _n in board.by_status],
            "values": [n for _v, _l, n in board.by_status],
        },
        "chart_year": {
            "labels": [str(y) for y, _n in board.by_year],
            "values": [n for _y, n in board.by_year],
        },
        "chart_areas": {
            "labels": [a["label"] for a in board.coverage],
            "values": [a["agreements"] for a in board.coverage],
            "active": [a["active"] for a in board.coverage],
        },
        "map_data": board.map,
    }


@require_GET
@login_required
def brief(request: HttpRequest, code: str) -> HttpResponse:
    partner = _partner(request, code)
    if partner.code != code:
        return redirect("insights:brief", code=partner.code)
    context = {"brief": brief_selectors.country_brief(user=request.user, partner=partner)}
    return render(request, "insights/brief.html", context)


def _refuse_fetch(url: str, *args: Any, **kwargs: Any) -> dict[str, Any]:
    """The brief is self-contained (inline styles, no images): nothing may be fetched while
    rendering it, neither from the internet nor from this server."""
    raise ValueError(f"refused to fetch {url} while rendering a PDF")


@require_GET
@login_required
def brief_pdf(request: HttpRequest, code: str) -> HttpResponse:
    """The same brief as an A4 PDF (WeasyPrint), in the user's language."""
    from weasyprint import HTML  # imported here: loading Pango costs ~0.3 s at start-up

    partner = _partner(request, code)
    data = brief_selectors.country_brief(user=request.user, partner=partner)
    html = render_to_string("insights/brief_document.html", {"brief": data}, request=request)
    pdf = HTML(string=html, url_fetcher=_refuse_fetch).write_pdf()
    response = HttpResponse(pdf, content_type="application/pdf")
    filename = f"brief-{partner.code}-{timezone.localdate():%Y%m%d}.pdf"
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


@require_GET
def portal(request: HttpRequest) -> HttpResponse:
    """Public agreements for anyone, without login: the registry's transparency page."""
    q = request.GET.get("q", "").strip()[:200]
    area = request.GET.get("area", "")
    areas = area_choices()
    area = area if area in {code for code, _label in areas} else ""
    qs = portal_selectors.public_agreements(q=q, area=area)
    page = Paginator(qs, PAGE_SIZE).get_page(request.GET.get("page"))
    context = {
        "page": page,
        "q": q,
        "area": area,
        "areas": areas,
        "map_data": portal_selectors.public_map(),
    }
    return render(request, "insights/portal.html", context)

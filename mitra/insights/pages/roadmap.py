"""A year's roadmap of potential with its matrix of sectors × partners: where agreements and
activities serve a sector with a partner, where the roadmap says one should (a target with
nothing serving it: a gap), and the trade figures of the sector's product group where imported.

It sets the roadmap beside agreements, activities and trade, so it is built here, on top.
URL names stay in the roadmap namespace (roadmap:detail, roadmap:pdf).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.template.loader import render_to_string
from django.utils import timezone
from django.views.decorators.http import require_GET

from mitra.core.errors import NotFound
from mitra.roadmap import selectors as roadmap_selectors
from mitra.trade import selectors as trade_selectors


@dataclass
class Cell:
    target: bool
    agreements: list[Any]
    activities: list[Any]
    trade: str = ""

    @property
    def gap(self) -> bool:
        """The roadmap targets this partner for the sector, and nothing serves it yet."""
        return self.target and not self.agreements and not self.activities


@dataclass
class Row:
    assessment: Any
    cells: list[Cell]


@dataclass
class Compared:
    sector: Any
    stance_then: str
    stance_now: str
    changed: list[str]


@dataclass
class RoadmapPage:
    roadmap: Any
    partners: list[Any]
    rows: list[Row]
    unassessed: list[Any]
    years: list[int]
    other: Any = None
    compared: list[Compared] = field(default_factory=list)

    @property
    def gaps(self) -> int:
        return sum(c.gap for r in self.rows for c in r.cells)


def roadmap_page(*, user: Any, year: int, compare: int | None = None) -> RoadmapPage:
    """The roadmap of `year`, its matrix, and (when asked) how it differs from another year's."""
    roadmap = roadmap_selectors.roadmap_get(user=user, year=year)
    assessments = list(roadmap.assessments.all())
    partners = roadmap_selectors.partners_of(roadmap)
    trade = trade_selectors.latest_by_group_and_partner(
        user=user,
        group_codes={a.sector.product_group for a in assessments if a.sector.product_group},
        isos={p.code for p in partners if p.is_country},
    )
    rows = []
    for a in assessments:
        agreements, activities = roadmap_selectors.parties_of(a)
        targets = {p.pk for p in a.target_partners.all()}
        rows.append(
            Row(
                a,
                [
                    Cell(
                        p.pk in targets,
                        agreements.get(p.pk, []),
                        activities.get(p.pk, []),
                        trade.get((a.sector.product_group, p.code), ""),
                    )
                    for p in partners
                ],
            )
        )
    assessed = {a.sector_id for a in assessments}
    page = RoadmapPage(
        roadmap=roadmap,
        partners=partners,
        rows=rows,
        unassessed=[s for s in roadmap_selectors.sectors() if s.pk not in assessed],
        years=[r.year for r in roadmap_selectors.roadmap_list(user=user) if r.year != year],
    )
    if compare is not None and compare != year:
        try:
            other = roadmap_selectors.roadmap_get(user=user, year=compare)
        except NotFound:
            return page
        page.other = other
        then = {a.sector_id: a for a in other.assessments.all()}
        for a in assessments:
            old = then.get(a.sector_id)
            page.compared.append(
                Compared(
                    a.sector,
                    old.get_stance_display() if old else "—",
                    a.get_stance_display() or "—",
                    roadmap_selectors.swot_changes(old, a),
                )
            )
    return page


def _compare(request: HttpRequest) -> int | None:
    raw = request.GET.get("compare", "")
    return int(raw) if raw.isdigit() else None


@require_GET
@login_required
def roadmap_detail(request: HttpRequest, year: int) -> HttpResponse:
    page = roadmap_page(user=request.user, year=year, compare=_compare(request))
    return render(request, "insights/roadmap.html", {"page": page})


@require_GET
@login_required
def roadmap_pdf(request: HttpRequest, year: int) -> HttpResponse:
    """The year's roadmap and matrix as an A4 PDF (WeasyPrint), in the user's language."""
    from weasyprint import HTML  # imported here: loading Pango costs ~0.3 s at start-up

    from mitra.insights.views import _refuse_fetch

    page = roadmap_page(user=request.user, year=year)
    html = render_to_string(
        "insights/roadmap_document.html",
        {"page": page, "generated": timezone.localdate()},
        request=request,
    )
    pdf = HTML(string=html, url_fetcher=_refuse_fetch).write_pdf()
    response = HttpResponse(pdf, content_type="application/pdf")
    response["Content-Disposition"] = f'attachment; filename="roadmap-{year}.pdf"'
    return response

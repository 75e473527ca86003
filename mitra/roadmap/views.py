"""/roadmap/: the years' roadmaps, a new year's (from last year's), sectors, and one sector's
assessment. A year's page with its matrix is composed in insights (pages/roadmap.py)."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from mitra.core.forms import add_service_errors
from mitra.core.permissions import require
from mitra.roadmap import selectors, services
from mitra.roadmap.forms import AssessmentForm, RoadmapForm, SectorForm
from mitra.roadmap.schemas import AssessmentInput


def _index(
    request: HttpRequest, form: RoadmapForm, sector_form: SectorForm, status: int = 200
) -> HttpResponse:
    context = {
        "roadmaps": selectors.roadmap_list(user=request.user),
        "sectors": selectors.sectors(),
        "form": form,
        "sector_form": sector_form,
    }
    return render(request, "roadmap/index.html", context, status=status)


@require_GET
@login_required
def index(request: HttpRequest) -> HttpResponse:
    return _index(request, RoadmapForm(), SectorForm())


@require_POST
@login_required
def create(request: HttpRequest) -> HttpResponse:
    selectors.require_visible(request.user)
    require(request.user, "roadmap.change")
    form = RoadmapForm(request.POST)
    if form.is_valid():
        try:
            roadmap = services.roadmap_create(
                user=request.user,
                year=form.cleaned_data["year"],
                copy_from=selectors.latest(user=request.user)
                if form.cleaned_data["copy"]
                else None,
            )
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, _("Roadmap %(year)s started.") % {"year": roadmap.year})
            return redirect(reverse("roadmap:detail", args=[roadmap.year]))
    return _index(request, form, SectorForm(), status=400)


@require_POST
@login_required
def sector_add(request: HttpRequest) -> HttpResponse:
    selectors.require_visible(request.user)
    require(request.user, "roadmap.change")
    form = SectorForm(request.POST)
    if form.is_valid():
        try:
            services.sector_create(user=request.user, **form.cleaned_data)
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, _("Sector added."))
            return redirect(reverse("roadmap:index"))
    return _index(request, RoadmapForm(), form, status=400)


@require_http_methods(["GET", "POST"])
@login_required
def assessment_edit(request: HttpRequest, year: int, sector: str) -> HttpResponse:
    roadmap = selectors.roadmap_get(user=request.user, year=year)
    found = selectors.sector_get(user=request.user, code=sector)
    require(request.user, "roadmap.change")
    linked = selectors.assessment_for(roadmap=roadmap, sector=found)
    if request.method == "POST":
        form = AssessmentForm(request.POST, user=request.user, linked=linked)
        if form.is_valid():
            data = AssessmentInput(**dict(form.cleaned_data.items()))
            try:
                services.assessment_save(
                    user=request.user, roadmap=roadmap, sector=found, data=data
                )
            except ValidationError as exc:
                add_service_errors(form, exc)
            else:
                messages.success(
                    request, _("Assessment of %(sector)s saved.") % {"sector": found.name}
                )
                return redirect(reverse("roadmap:detail", args=[year]) + f"#sector-{found.code}")
        status = 400
    else:
        initial = {}
        if linked:
            initial = {
                name: getattr(linked, name)
                for name in (
                    "priority",
                    "stance",
                    "strengths",
                    "weaknesses",
                    "opportunities",
                    "threats",
                )
            }
            initial.update(
                target_partners=list(linked.target_partners.all()),
                agreements=list(linked.agreements.all()),
                activities=list(linked.activities.all()),
            )
        form = AssessmentForm(initial=initial, user=request.user, linked=linked)
        status = 200
    context = {"roadmap": roadmap, "sector": found, "form": form}
    return render(request, "roadmap/assessment_form.html", context, status=status)

"""Reads of the roadmap of potential, for the ministry's own roles ("roadmap.view"); for
anyone else the pages do not exist (404)."""

from __future__ import annotations

from typing import Any

from django.db.models import Prefetch, Q, QuerySet
from django.utils.translation import gettext as _

from mitra.agreements import selectors as agreement_selectors
from mitra.core.errors import NotFound
from mitra.core.permissions import can
from mitra.partners import selectors as partner_selectors
from mitra.plans import selectors as plan_selectors
from mitra.roadmap.models import Assessment, Roadmap, Sector


def audience(user: Any) -> str:
    """What of the roadmap this user reads ("internal": all of it; "": nothing)."""
    return "internal" if can(user, "roadmap.view") else ""


def require_visible(user: Any) -> None:
    if not audience(user):
        raise NotFound(_("The roadmap is visible to the ministry's own users only."))


def roadmap_list(*, user: Any) -> QuerySet[Roadmap]:
    require_visible(user)
    return Roadmap.objects.active().order_by("-year")


def sectors() -> QuerySet[Sector]:
    return Sector.objects.active()


def sector_get(*, user: Any, code: str) -> Sector:
    require_visible(user)
    sector = Sector.objects.active().filter(code=code).first()
    if sector is None:
        raise NotFound(_("No such sector."))
    return sector


def roadmap_get(*, user: Any, year: int) -> Roadmap:
    """A year's roadmap with its assessments and everything they link, in a fixed number of
    queries (the matrix reads the agreements' parties and the activities' plans)."""
    require_visible(user)
    assessments = (
        Assessment.objects.active()
        .select_related("sector")
        .prefetch_related(
            "target_partners",
            "agreements__parties__partner",
            "activities__plan__partner",
            "activities__plan__agreement__parties__partner",
        )
    )
    roadmap = (
        Roadmap.objects.active()
        .filter(year=year)
        .prefetch_related(Prefetch("assessments", queryset=assessments))
        .first()
    )
    if roadmap is None:
        raise NotFound(_("There is no roadmap for this year."))
    return roadmap


def assessment_for(*, roadmap: Roadmap, sector: Sector) -> Assessment | None:
    return Assessment.objects.filter(roadmap=roadmap, sector=sector).first()


def latest(*, user: Any) -> Roadmap | None:
    return roadmap_list(user=user).first()


def partner_choices() -> QuerySet[Any]:
    return partner_selectors.partner_choices()


def agreement_choices(*, user: Any) -> QuerySet[Any]:
    return agreement_selectors.agreement_list(user=user).order_by("title")


def activity_choices(*, user: Any, agreements: list[Any], linked: list[Any]) -> QuerySet[Any]:
    """Activities under the agreements linked to the sector, and those linked already: all
    activities would be too many to choose from."""
    return (
        plan_selectors.activity_list(user=user)
        .filter(
            Q(plan__agreement__in=[a.pk for a in agreements]) | Q(pk__in=[a.pk for a in linked])
        )
        .order_by("title")
    )


def parties_of(assessment: Assessment) -> tuple[dict[int, list[Any]], dict[int, list[Any]]]:
    """({partner id: agreements}, {partner id: activities}) that serve the sector, by partner:
    an agreement's parties, an activity's plan partner or its agreement's parties."""
    agreements: dict[int, list[Any]] = {}
    for agreement in assessment.agreements.all():
        for party in agreement.parties.all():
            agreements.setdefault(party.partner_id, []).append(agreement)
    activities: dict[int, list[Any]] = {}
    for activity in assessment.activities.all():
        plan = activity.plan
        partners = {plan.partner_id} if plan.partner_id else set()
        if plan.agreement is not None:
            partners |= {p.partner_id for p in plan.agreement.parties.all()}
        for pk in partners:
            activities.setdefault(pk, []).append(activity)
    return agreements, activities


def partners_of(roadmap: Roadmap) -> list[Any]:
    """Every partner the roadmap targets or reaches through what serves it, by name."""
    found: dict[int, Any] = {}
    for a in roadmap.assessments.all():
        for p in a.target_partners.all():
            found[p.pk] = p
        for agreement in a.agreements.all():
            for party in agreement.parties.all():
                found[party.partner_id] = party.partner
        for activity in a.activities.all():
            plan = activity.plan
            if plan.partner_id:
                found[plan.partner_id] = plan.partner
            if plan.agreement is not None:
                for party in plan.agreement.parties.all():
                    found[party.partner_id] = party.partner
    return sorted(found.values(), key=lambda p: p.name)


SWOT = ("strengths", "weaknesses", "opportunities", "threats")


def swot_changes(before: Assessment | None, after: Assessment) -> list[str]:
    """The SWOT cells (by label) that differ between two years' assessments of a sector."""
    return [
        str(Assessment._meta.get_field(name).verbose_name)  # type: ignore[union-attr]
        for name in SWOT
        if before is None or getattr(before, name) != getattr(after, name)
    ]

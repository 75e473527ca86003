"""Reads of the area taxonomy: areas by code (any case), choices for forms."""

from __future__ import annotations

from collections.abc import Iterable

from django.db.models import QuerySet

from mitra.core.validators import unknown_code
from mitra.taxonomy.models import CooperationArea


def area_codes() -> list[str]:
    return list(CooperationArea.objects.order_by("position").values_list("code", flat=True))


def area_by_code(code: str, *, field: str = "areas") -> CooperationArea:
    """The area with this code (any case); an unknown code is a ValidationError naming it."""
    area = CooperationArea.objects.filter(code__iexact=(code or "").strip()).first()
    if area is None:
        raise unknown_code(field, code, area_codes())
    return area


def areas_by_codes(codes: Iterable[str], *, field: str = "areas") -> list[CooperationArea]:
    """Areas for codes (any case), in taxonomy order; every unknown code is named at once."""
    wanted = {c.strip().lower() for c in codes if c and c.strip()}
    found = {a.code.lower(): a for a in CooperationArea.objects.all()}
    missing = sorted(wanted - set(found))
    if missing:
        raise unknown_code(field, ", ".join(missing), area_codes())
    return sorted((found[c] for c in wanted), key=lambda a: a.position)


def area_labels() -> dict[str, str]:
    """Every area's label (in the active language) by its code."""
    return {a.code: a.label for a in CooperationArea.objects.all()}


def top_areas() -> QuerySet[CooperationArea]:
    """The first level of the taxonomy, in its order."""
    return CooperationArea.objects.filter(parent__isnull=True).order_by("position")


def area_choices() -> list[tuple[str, str]]:
    """Areas as (code, label) with sub-areas indented under their parent, in taxonomy order."""
    areas = list(CooperationArea.objects.select_related("parent").order_by("position"))
    out: list[tuple[str, str]] = []
    for top in (a for a in areas if a.parent_id is None):
        out.append((top.code, top.label))
        out.extend((c.code, f"— {c.label}") for c in areas if c.parent_id == top.pk)
    return out

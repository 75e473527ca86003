"""Writes of the roadmap: a year's roadmap (started from last year's), a sector, and one
sector's assessment. Every write is stamped in history."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.text import slugify
from django.utils.translation import gettext_lazy as _

from mitra.core.history import stamp
from mitra.core.permissions import require
from mitra.core.validators import one_line
from mitra.roadmap.models import Assessment, Roadmap, Sector
from mitra.roadmap.schemas import AssessmentInput

YEAR_TAKEN = _("There is already a roadmap for %(year)s: open it to change it.")
YEAR_RANGE = _("The year must be from 2000 to 2100.")
SECTOR_TAKEN = _("A sector named “%(name)s” already exists.")
SECTOR_NAMES = _("Give the sector's name in Indonesian and in English.")


@transaction.atomic
def roadmap_create(*, user: Any, year: int, copy_from: Roadmap | None = None) -> Roadmap:
    """A year's roadmap, empty or as a copy of an earlier one (its assessments and links),
    which stays as it was."""
    require(user, "roadmap.change")
    if not 2000 <= year <= 2100:
        raise ValidationError({"year": YEAR_RANGE})
    if Roadmap.objects.filter(year=year).exists():
        raise ValidationError({"year": YEAR_TAKEN % {"year": year}})
    roadmap = Roadmap(year=year, note=copy_from.note if copy_from else "")
    roadmap.full_clean()
    stamp(roadmap, by=user, reason=f"copied from {copy_from.year}" if copy_from else None).save()
    if copy_from is not None:
        for old in copy_from.assessments.prefetch_related(
            "target_partners", "agreements", "activities"
        ):
            assessment_save(
                user=user,
                roadmap=roadmap,
                sector=old.sector,
                data=AssessmentInput(
                    strengths=old.strengths,
                    weaknesses=old.weaknesses,
                    opportunities=old.opportunities,
                    threats=old.threats,
                    stance=old.stance,
                    priority=old.priority,
                    target_partners=list(old.target_partners.all()),
                    agreements=list(old.agreements.all()),
                    activities=list(old.activities.all()),
                ),
            )
    return roadmap


@transaction.atomic
def sector_create(*, user: Any, name_id: str, name_en: str, product_group: str = "") -> Sector:
    """A sector the bureau adds to the list every roadmap can assess."""
    require(user, "roadmap.change")
    name_id, name_en = name_id.strip(), name_en.strip()
    if not name_id or not name_en:
        raise ValidationError({"name_en": SECTOR_NAMES})
    for value in (name_id, name_en):
        one_line(value)
    code = slugify(name_en)[:40] or slugify(name_id)[:40]
    if not code or Sector.objects.filter(code=code).exists():
        raise ValidationError({"name_en": SECTOR_TAKEN % {"name": name_en}})
    sector = Sector(code=code, name_id=name_id, name_en=name_en, product_group=product_group)
    sector.full_clean()
    stamp(sector, by=user).save()
    return sector


@transaction.atomic
def assessment_save(
    *, user: Any, roadmap: Roadmap, sector: Sector, data: AssessmentInput
) -> Assessment:
    """One sector's assessment in one year's roadmap, created or changed."""
    require(user, "roadmap.change")
    assessment = Assessment.objects.filter(roadmap=roadmap, sector=sector).first()
    assessment = assessment or Assessment(roadmap=roadmap, sector=sector)
    for name in ("strengths", "weaknesses", "opportunities", "threats", "stance", "priority"):
        setattr(assessment, name, getattr(data, name))
    assessment.full_clean()
    stamp(assessment, by=user).save()
    for name in ("target_partners", "agreements", "activities"):
        wanted = {obj.pk for obj in getattr(data, name)}
        manager = getattr(assessment, name)
        have = set(manager.values_list("pk", flat=True))
        if wanted != have:
            stamp(assessment, by=user)
            manager.remove(*(have - wanted))
            manager.add(*(wanted - have))
    return assessment

"""The roadmap's writes: a year's roadmap (from last year's), sectors, assessments."""

from __future__ import annotations

import pytest
from django.core.exceptions import ValidationError
from django.utils import translation

from mitra.core.errors import NotAllowed
from mitra.roadmap import services
from mitra.roadmap.models import Assessment, Roadmap, Sector
from mitra.roadmap.schemas import AssessmentInput

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _english():
    """The messages asserted below are read in English (lazy texts render when read)."""
    with translation.override("en"):
        yield


def pharma() -> Sector:
    return Sector.objects.get(code="pharmaceuticals")


def test_the_issues_eight_sectors_are_there_from_the_start():
    assert set(Sector.objects.values_list("code", flat=True)) >= {
        "pharmaceuticals",
        "medical-devices",
        "health-workforce",
        "health-services",
        "traditional-medicine",
        "vaccines",
        "digital-health",
        "medical-tourism",
    }
    assert pharma().product_group == "pharmaceuticals"


def test_a_new_years_roadmap_copies_last_years_and_leaves_it_as_it_was(
    officer, kazakhstan, in_force
):
    old = services.roadmap_create(user=officer, year=2024)
    services.assessment_save(
        user=officer,
        roadmap=old,
        sector=pharma(),
        data=AssessmentInput(
            strengths="Industri bahan baku",
            stance="both",
            priority=True,
            target_partners=[kazakhstan],
            agreements=[in_force],
        ),
    )
    new = services.roadmap_create(user=officer, year=2025, copy_from=old)
    copied = new.assessments.get()
    assert (copied.strengths, copied.stance, copied.priority) == (
        "Industri bahan baku",
        "both",
        True,
    )
    assert list(copied.target_partners.all()) == [kazakhstan]
    assert list(copied.agreements.all()) == [in_force]
    services.assessment_save(
        user=officer,
        roadmap=new,
        sector=pharma(),
        data=AssessmentInput(strengths="Berubah", stance="compete"),
    )
    kept = old.assessments.get()
    assert (kept.strengths, kept.stance) == ("Industri bahan baku", "both")
    assert list(kept.target_partners.all()) == [kazakhstan]
    assert Roadmap.objects.count() == 2


def test_one_roadmap_per_year(officer):
    services.roadmap_create(user=officer, year=2025)
    with pytest.raises(ValidationError) as exc:
        services.roadmap_create(user=officer, year=2025)
    assert "already a roadmap for 2025" in str(exc.value)


def test_saving_an_assessment_again_changes_it_and_its_links_with_history(officer, kazakhstan):
    roadmap = services.roadmap_create(user=officer, year=2025)
    services.assessment_save(
        user=officer,
        roadmap=roadmap,
        sector=pharma(),
        data=AssessmentInput(target_partners=[kazakhstan]),
    )
    services.assessment_save(
        user=officer,
        roadmap=roadmap,
        sector=pharma(),
        data=AssessmentInput(weaknesses="Bahan baku impor"),
    )
    assessment = Assessment.objects.get()
    assert assessment.weaknesses == "Bahan baku impor"
    assert not assessment.target_partners.exists()
    assert {h.history_user for h in assessment.history.all()} == {officer}
    assert assessment.history.count() >= 3


def test_a_sector_needs_both_names_and_a_new_name(officer):
    with pytest.raises(ValidationError):
        services.sector_create(user=officer, name_id="", name_en="Nutrition")
    services.sector_create(user=officer, name_id="Gizi", name_en="Nutrition")
    with pytest.raises(ValidationError) as exc:
        services.sector_create(user=officer, name_id="Gizi lagi", name_en="Nutrition")
    assert "already exists" in str(exc.value)


def test_only_an_officer_writes_the_roadmap(focal):
    with pytest.raises(NotAllowed):
        services.roadmap_create(user=focal, year=2025)

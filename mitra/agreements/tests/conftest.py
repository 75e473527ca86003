from __future__ import annotations

import pytest

from mitra.agreements import services
from mitra.agreements.models import Agreement, CooperationArea
from mitra.partners import services as partner_services
from mitra.partners.models import Partner


@pytest.fixture
def kazakhstan(officer) -> Partner:
    return partner_services.partner_create(user=officer, kind="country", code="KAZ")


@pytest.fixture
def two_areas(db) -> list[CooperationArea]:
    return list(CooperationArea.objects.filter(code__in=["primary-care", "vaccines"]))


@pytest.fixture
def draft(officer, kazakhstan, two_areas) -> Agreement:
    return services.agreement_create(
        user=officer,
        title="MoU kesehatan Indonesia–Kazakhstan",
        parties=[(kazakhstan, "signatory")],
        areas=two_areas,
    )

"""The board's coverage panel reads the area taxonomy: a change to an area, made where
administrators make it, shows on the next look without anything else being written."""

from __future__ import annotations

import pytest

from mitra.accounts.models import User
from mitra.agreements import services as agreement_services
from mitra.insights.dashboard import Filters, dashboard
from mitra.taxonomy.models import CooperationArea

pytestmark = pytest.mark.django_db


@pytest.fixture
def superuser(db) -> User:
    """Ade with the keys of the admin site, where the taxonomy is kept."""
    return User.objects.create_user(
        "ade-admin", password="pw-ade", role=User.Role.ADMIN, is_staff=True, is_superuser=True
    )


def coverage_labels(user) -> list[str]:
    return [row["label"] for row in dashboard(user=user, filters=Filters()).coverage]


def test_an_area_renamed_in_the_admin_shows_on_the_next_board(
    client, officer, kazakhstan, superuser
):
    agreement_services.agreement_create(
        user=officer,
        title="MoU vaksin",
        parties=[(kazakhstan, "signatory")],
        areas=CooperationArea.objects.filter(code="vaccines"),
        status="in_force",
        signed_year=2022,
    )
    client.force_login(superuser)  # before the first look: a login is a write to accounts
    area = CooperationArea.objects.get(code="vaccines")
    assert area.label_id in coverage_labels(officer)  # the board is remembered from here on

    response = client.post(
        f"/admin/taxonomy/cooperationarea/{area.pk}/change/",
        {
            "code": area.code,
            "parent": "",
            "label_id": "Vaksin dan imunisasi",
            "label_en": area.label_en,
            "keywords_id": area.keywords_id,
            "keywords_en": area.keywords_en,
            "dac_codes": area.dac_codes,
            "position": area.position,
        },
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    assert area.history.count() >= 1  # the admin keeps the change's history

    labels = coverage_labels(officer)
    assert "Vaksin dan imunisasi" in labels
    assert area.label_id not in labels
    client.force_login(officer)
    assert "Vaksin dan imunisasi" in client.get("/").content.decode()

"""The public portal: anyone reads the public agreements; nothing else leaks."""

from __future__ import annotations

import pytest

from mitra.agreements import services as agreement_services
from mitra.partners import services as partner_services
from mitra.taxonomy.models import CooperationArea

pytestmark = pytest.mark.django_db


@pytest.fixture
def agreements(officer, kazakhstan):
    khm = partner_services.partner_create(user=officer, kind="country", code="KHM")
    public = agreement_services.agreement_create(
        user=officer,
        title="MoU kesehatan Indonesia–Kazakhstan",
        parties=[(kazakhstan, "signatory")],
        areas=CooperationArea.objects.filter(code="pharma-industry"),
        status="in_force",
        signed_year=2021,
        is_public=True,
    )
    hidden = agreement_services.agreement_create(
        user=officer, title="Rancangan kerja sama Kamboja", parties=[(khm, "signatory")]
    )
    return public, hidden


def test_anyone_reads_the_public_agreements_without_login(client, agreements):
    public, hidden = agreements
    response = client.get("/public/")
    body = response.content.decode()
    assert response.status_code == 200 and '<html lang="id">' in body
    assert public.title in body and hidden.title not in body
    assert [row["code"] for row in response.context["map_data"]] == ["KAZ"]


@pytest.mark.parametrize("q", ["kazakh", "KAZ", "Indonesia–Kaz"])
def test_search_by_title_partner_name_or_code(client, agreements, q):
    public, _hidden = agreements
    page = client.get("/public/", {"q": q}).context["page"]
    assert [a.pk for a in page] == [public.pk]


def test_search_never_finds_a_non_public_agreement(client, agreements):
    assert client.get("/public/", {"q": "Kamboja"}).context["page"].paginator.count == 0


def test_the_area_filter_includes_sub_areas(client, agreements):
    assert client.get("/public/", {"area": "pharma-devices"}).context["page"].paginator.count == 1
    assert client.get("/public/", {"area": "vaccines"}).context["page"].paginator.count == 0


def test_nothing_public_yet_says_so(client, db):
    body = client.get("/public/").content.decode()
    assert "Kementerian belum memublikasikan perjanjian apa pun." in body


def test_an_archived_public_agreement_leaves_the_portal(client, officer, agreements):
    public, _hidden = agreements
    agreement_services.agreement_archive(user=officer, agreement=public)
    assert client.get("/public/").context["page"].paginator.count == 0
    assert client.get("/public/").context["map_data"] == []


def test_the_portal_runs_the_same_queries_for_1_or_21_agreements(client, officer, agreements):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    def queries() -> int:
        with CaptureQueriesContext(connection) as ctx:
            assert client.get("/public/").status_code == 200
        return len(ctx.captured_queries)

    small = queries()
    public, _hidden = agreements
    for i in range(20):
        agreement_services.agreement_create(
            user=officer,
            title=f"MoU publik {i}",
            parties=[(public.parties.get().partner, "signatory")],
            areas=CooperationArea.objects.filter(code="vaccines"),
            is_public=True,
        )
    assert queries() == small == 6


def test_talks_in_progress_never_reach_the_portal_even_if_marked_public(
    client, officer, agreements
):
    khm = agreements[1].parties.get().partner
    talks = agreement_services.agreement_create(
        user=officer,
        title="Penjajakan kerja sama Kamboja",
        parties=[(khm, "signatory")],
        status="exploring",
        is_public=True,
    )
    response = client.get("/public/")
    assert talks.title not in response.content.decode()
    assert [row["code"] for row in response.context["map_data"]] == ["KAZ"]

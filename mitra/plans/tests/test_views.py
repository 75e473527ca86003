"""The plan pages over HTTP: forms, inline status, reporting and review, roles, query counts."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from mitra.plans import services
from mitra.plans.models import Activity, Result
from mitra.taxonomy.models import CooperationArea

pytestmark = pytest.mark.django_db


def test_an_officer_starts_a_plan_from_the_agreement(client, officer, in_force):
    client.force_login(officer)
    url = reverse("plans:create") + f"?agreement={in_force.pk}"
    response = client.post(url, {"title": "RA", "start_year": 2025, "end_year": 2024})
    assert "tidak boleh sebelum tahun pertamanya" in response.content.decode()
    assert not in_force.plans.exists()
    response = client.post(
        url, {"title": "RA", "start_year": 2025, "end_year": 2027, "status": "proposed"}
    )
    plan = in_force.plans.get()
    assert response["Location"] == plan.get_absolute_url()
    assert plan.period == "2025–2027"


def test_without_an_owner_the_officer_is_asked_whose_plan_it_is(
    client, officer, in_force, draft, kazakhstan
):
    """/plans/new/ from a bookmark: a chooser of agreements and partners (GET forms back to the
    same address) instead of a 404; an owner that does not exist is still a 404."""
    from mitra.agreements import services as agreement_services
    from mitra.partners import services as partner_services

    archived = partner_services.partner_create(user=officer, kind="country", code="KHM")
    partner_services.partner_archive(user=officer, partner=archived)
    agreement_services.agreement_archive(user=officer, agreement=draft)
    client.force_login(officer)
    url = reverse("plans:create")
    page = client.get(url)
    assert page.status_code == 200
    body = page.content.decode()
    assert "Rencana aksi baru" in body and "Di bawah suatu perjanjian" in body
    assert f'<option value="{in_force.pk}">MoU kesehatan Indonesia–Kazakhstan</option>' in body
    assert f'value="{draft.pk}"' not in body  # archived: not offered
    assert f'<option value="KAZ">{kazakhstan.name_id}</option>' in body
    assert 'value="KHM"' not in body
    assert body.count('<form method="get"') == 2 and "<script>" not in body  # CSP: no inline

    chosen = client.get(url, {"agreement": in_force.pk}).content.decode()
    assert "Rencana aksi baru untuk MoU kesehatan Indonesia–Kazakhstan" in chosen
    assert 'name="start_year"' in chosen
    with_partner = client.get(url, {"partner": "kaz"}).content.decode()
    assert f"Rencana aksi baru untuk {kazakhstan.name_id}" in with_partner
    for unknown in ({"agreement": "999999"}, {"partner": "XYZ"}, {"partner": "KHM"}):
        assert client.get(url, unknown).status_code == 404
    assert (
        client.post(url, {"title": "RA", "start_year": 2025, "end_year": 2027}).status_code == 404
    )

    client.cookies["django_language"] = "en"
    english = client.get(url).content.decode()
    assert "New action plan" in english and "Under an agreement" in english


def test_the_activity_form_refuses_actual_end_before_start_in_indonesian(client, officer, plan):
    client.force_login(officer)
    response = client.post(
        reverse("plans:activity_create", args=[plan.pk]),
        {
            "title": "Pelatihan",
            "kind": "training",
            "status": "ongoing",
            "actual_start": "2025-06-10",
            "actual_end": "2025-06-01",
        },
    )
    assert "Tanggal selesai aktual tidak boleh sebelum tanggal mulai aktual." in (
        response.content.decode()
    )
    assert not plan.activities.exists()


def test_inline_status_change_returns_the_row_and_keeps_history(client, focal, p2p_activity):
    client.force_login(focal)
    response = client.post(
        reverse("plans:activity_status", args=[p2p_activity.pk]),
        {"status": "ongoing"},
        headers={"HX-Request": "true"},
    )
    body = response.content.decode()
    assert response.status_code == 200 and body.lstrip().startswith("<tr")
    assert f'id="activity-{p2p_activity.pk}"' in body
    p2p_activity.refresh_from_db()
    assert p2p_activity.status == "ongoing" and p2p_activity.actual_start is not None
    assert p2p_activity.history.first().history_user == focal


def test_a_focal_point_gets_403_on_another_units_activity(client, focal, officer, plan):
    other = services.activity_create(user=officer, plan=plan, title="Milik Farmalkes")
    client.force_login(focal)
    response = client.post(reverse("plans:activity_status", args=[other.pk]), {"status": "ongoing"})
    assert response.status_code == 403
    assert client.get(reverse("plans:activity_edit", args=[other.pk])).status_code == 403
    other.refresh_from_db()
    assert other.status == "planned"


def test_a_focal_point_edits_only_delivery_fields(client, focal, p2p_activity):
    client.force_login(focal)
    response = client.get(reverse("plans:activity_edit", args=[p2p_activity.pk]))
    fields = set(response.context["form"].fields)
    assert "people_reached" in fields and "title" not in fields and "budget" not in fields


@pytest.fixture
def indicator(officer, plan, p2p_activity):
    return services.indicator_create(
        user=officer,
        plan=plan,
        activity=p2p_activity,
        name="Tenaga kesehatan dilatih",
        unit="orang",
        baseline=Decimal(0),
        target=Decimal(100),
    )


def test_a_focal_point_reports_and_the_officer_approves(client, focal, officer, indicator):
    client.force_login(focal)
    url = reverse("plans:result_report", args=[indicator.pk])
    response = client.post(
        url, {"period_start": "2024-01-01", "period_end": "2024-06-30", "value": "30"}
    )
    assert "Periode harus berada dalam periode rencana, 2025–2027." in response.content.decode()
    response = client.post(
        url, {"period_start": "2025-01-01", "period_end": "2025-06-30", "value": "30"}
    )
    assert response.status_code == 302
    result = Result.objects.get()
    assert result.status == "submitted"
    # The focal point sees no review buttons; the officer does.
    page = client.get(indicator.plan.get_absolute_url()).content.decode()
    assert 'value="approve"' not in page
    assert client.post(reverse("plans:result_review", args=[result.pk])).status_code == 403
    client.force_login(officer)
    page = client.get(indicator.plan.get_absolute_url()).content.decode()
    assert 'value="approve"' in page
    client.post(reverse("plans:result_review", args=[result.pk]), {"decision": "approve"})
    result.refresh_from_db()
    assert result.status == "approved" and result.reviewed_by == officer


def test_returning_without_a_comment_says_why_it_is_needed(client, officer, focal, indicator):
    result = services.result_report(
        user=focal,
        indicator=indicator,
        period_start=dt.date(2025, 1, 1),
        period_end=dt.date(2025, 6, 30),
        value=Decimal(30),
    )
    client.force_login(officer)
    response = client.post(
        reverse("plans:result_review", args=[result.pk]), {"decision": "return"}, follow=True
    )
    assert "Sebutkan alasan laporan dikembalikan" in response.content.decode()
    result.refresh_from_db()
    assert result.status == "submitted"


def _grow(officer, plan, focal, n: int) -> None:
    area = CooperationArea.objects.get(code="primary-care")
    for i in range(n):
        a = services.activity_create(
            user=officer,
            plan=plan,
            title=f"Kegiatan {i}",
            area=area,
            owner_unit=focal.unit,
            horizon=["short", "medium", "long"][i % 3],
            planned_start=dt.date(2025, 1, 1),
        )
        ind = services.indicator_create(
            user=officer, plan=plan, activity=a, name=f"Ind {i}", unit="orang", target=Decimal(10)
        )
        services.result_report(
            user=focal,
            indicator=ind,
            period_start=dt.date(2025, 1, 1),
            period_end=dt.date(2025, 3, 31),
            value=Decimal(i),
        )


def queries(client, url: str) -> int:
    with CaptureQueriesContext(connection) as ctx:
        assert client.get(url).status_code == 200
    return len(ctx.captured_queries)


def test_the_plan_page_runs_the_same_queries_for_2_or_12_activities(client, officer, focal, plan):
    client.force_login(officer)
    _grow(officer, plan, focal, 2)
    small = queries(client, plan.get_absolute_url())
    _grow(officer, plan, focal, 10)
    assert Activity.objects.count() == 12
    assert queries(client, plan.get_absolute_url()) == small == PLAN_PAGE_QUERIES


def test_my_unit_page_runs_the_same_queries_for_2_or_12_activities(client, officer, focal, plan):
    client.force_login(focal)
    _grow(officer, plan, focal, 2)
    small = queries(client, reverse("plans:mine"))
    _grow(officer, plan, focal, 10)
    assert queries(client, reverse("plans:mine")) == small == MINE_PAGE_QUERIES


PLAN_PAGE_QUERIES = 16  # session, user, plan and its parts, measures, history, the bell
MINE_PAGE_QUERIES = 9  # with the bell's unread count, and each list's count


def test_a_focal_point_attaches_evidence_to_their_activity(client, focal, p2p_activity):
    from django.core.files.uploadedfile import SimpleUploadedFile

    from mitra.agreements.tests.test_views import PDF

    client.force_login(focal)
    url = reverse("plans:activity_evidence", args=[p2p_activity.pk])
    response = client.post(
        url, {"file": SimpleUploadedFile("daftar-hadir.exe", b"MZ\x90\x00"), "title": "Hadir"}
    )
    assert "“daftar-hadir.exe” bukan PDF" in client.get(response["Location"]).content.decode()
    assert not p2p_activity.documents.exists()
    client.post(url, {"file": SimpleUploadedFile("daftar-hadir.pdf", PDF), "title": "Hadir"})
    page = client.get(reverse("plans:activity_edit", args=[p2p_activity.pk])).content.decode()
    assert p2p_activity.documents.get().title == "Hadir" and "daftar-hadir.pdf" in page

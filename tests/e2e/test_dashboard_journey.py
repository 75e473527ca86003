"""Before a bilateral meeting: the dashboard, a filter by area, Kazakhstan's brief and its PDF;
then the public portal as anyone sees it."""

from __future__ import annotations

import datetime as dt
import io
import shutil
import subprocess
from pathlib import Path

import pytest
from django.utils import timezone
from pypdf import PdfReader

from mitra.accounts.models import Unit, User
from mitra.agreements import services as agreement_services
from mitra.meetings import services as meeting_services
from mitra.meetings.services import FollowUpIn
from mitra.partners import services as partner_services
from mitra.plans import services as plan_services
from mitra.taxonomy.models import CooperationArea

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]
ARTIFACTS = Path(__file__).resolve().parents[2] / "test-artifacts"


def areas(*codes):
    return CooperationArea.objects.filter(code__in=codes)


def test_dashboard_filter_brief_and_pdf(live_server, page):
    bureau = Unit.objects.create(code="bks", kind="ministry_unit", name_id="Biro Kerja Sama")
    officer = User.objects.create_user(
        username="officer", password="pw-officer-1", role="officer", unit=bureau
    )
    kaz = partner_services.partner_create(
        user=officer, kind="country", code="KAZ", region="central_asia"
    )
    vnm = partner_services.partner_create(
        user=officer, kind="country", code="VNM", region="southeast_asia"
    )
    mou = agreement_services.agreement_create(
        user=officer,
        title="MoU kesehatan Indonesia–Kazakhstan",
        parties=[(kaz, "signatory")],
        areas=areas("primary-care", "pharma-devices"),
        status="in_force",
        signed_year=2021,
        is_public=True,
    )
    agreement_services.agreement_create(
        user=officer,
        title="MoU kesehatan Indonesia–Viet Nam",
        parties=[(vnm, "signatory")],
        areas=areas("vaccines"),
        status="in_force",
        signed_year=2017,
    )
    plan_services.plan_create(
        user=officer, title="Rencana aksi", agreement=mou, start_year=2025, end_year=2027
    )
    meeting_services.meeting_create(
        user=officer,
        title="Pertemuan Astana",
        kind="visit",
        date=dt.date(2025, 4, 28),
        partners=[kaz],
        followups=[
            FollowUpIn(
                "Dialog teknis reguler",
                owner_unit=bureau,
                due_date=timezone.localdate() + dt.timedelta(days=14),
            )
        ],
    )
    base = live_server.url

    page.goto(f"{base}/")
    page.locator("#id_username").fill("officer")
    page.locator("#id_password").fill("pw-officer-1")
    page.get_by_role("button", name="Masuk").click()
    page.wait_for_url(f"{base}/")
    # The map draws the country shapes; Chart.js draws every chart.
    page.locator("[data-map='world'][data-ready='true']").wait_for()
    assert page.locator(".leaflet-interactive").count() > 100
    page.wait_for_function(
        "() => [...document.querySelectorAll('canvas[data-chart]')].every(c => Chart.getChart(c))"
    )
    scorecards = page.locator("#scorecards")
    assert "Viet Nam" in scorecards.inner_text() and "Kazakhstan" in scorecards.inner_text()
    ARTIFACTS.mkdir(exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / "dashboard.png"), full_page=True)

    # Filter by an area: a sub-area's parent finds Kazakhstan's MoU only.
    page.locator("#id_area").select_option("pharma-devices")
    page.get_by_role("button", name="Terapkan").click()
    page.wait_for_url("**area=pharma-devices**")
    assert "Kazakhstan" in scorecards.inner_text()
    assert "Viet Nam" not in scorecards.inner_text()

    # The brief, from the partner page, then its PDF.
    page.get_by_role("link", name="Kazakhstan").first.click()
    page.wait_for_url(f"{base}/partners/KAZ/")
    page.get_by_role("link", name="Profil negara").click()
    page.wait_for_url(f"{base}/partners/KAZ/brief/")
    assert "Dialog teknis reguler" in page.content()
    with page.expect_download() as info:
        page.get_by_role("link", name="Unduh PDF").click()
    pdf_path = ARTIFACTS / "brief-KAZ.pdf"
    info.value.save_as(pdf_path)
    text = "".join(
        "".join(
            p.extract_text() for p in PdfReader(io.BytesIO(pdf_path.read_bytes())).pages
        ).split()
    )
    assert "MoUkesehatanIndonesia–Kazakhstan" in text and "2025–2027" in text
    assert "Dialogteknisreguler" in text
    if shutil.which("pdftoppm"):
        subprocess.run(
            [
                "pdftoppm",
                "-png",
                "-r",
                "80",
                "-f",
                "1",
                "-l",
                "1",
                "-singlefile",
                str(pdf_path),
                str(ARTIFACTS / "brief-page-1"),
            ],
            check=True,
        )
    assert page.console_errors == []


def test_the_public_portal_shows_its_map_to_anyone(live_server, page):
    bureau = Unit.objects.create(code="bks", kind="ministry_unit", name_id="Biro Kerja Sama")
    officer = User.objects.create_user(username="o", password="x", role="officer", unit=bureau)
    kaz = partner_services.partner_create(user=officer, kind="country", code="KAZ")
    agreement_services.agreement_create(
        user=officer,
        title="MoU kesehatan Indonesia–Kazakhstan",
        parties=[(kaz, "signatory")],
        status="in_force",
        signed_year=2021,
        is_public=True,
    )
    page.goto(f"{live_server.url}/public/")
    page.locator("[data-map='world'][data-ready='true']").wait_for()
    assert "MoU kesehatan Indonesia–Kazakhstan" in page.locator("#public-agreements").inner_text()
    page.locator("#p-q").fill("Viet")
    page.get_by_role("button", name="Cari").click()
    page.get_by_text("Tidak ada perjanjian publik yang cocok").wait_for()
    assert page.console_errors == []

"""An officer's Monday morning: add a partner, record an MoU, move it into force, find it."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
from django.utils import timezone

from mitra.accounts.models import Unit, User
from mitra.agreements.models import Agreement

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]
ARTIFACTS = Path(__file__).resolve().parents[2] / "test-artifacts"


def test_officer_records_an_mou_and_moves_it_into_force(live_server, page):
    unit = Unit.objects.create(code="bks", kind="ministry_unit", name_id="Biro Kerja Sama")
    User.objects.create_user(username="officer", password="pw-officer-1", role="officer", unit=unit)
    base = live_server.url

    page.goto(f"{base}/partners/")
    assert page.url.startswith(f"{base}/accounts/login/")
    assert page.locator("html").get_attribute("lang") == "id"
    page.locator("#id_username").fill("officer")
    page.locator("#id_password").fill("pw-officer-1")
    page.get_by_role("button", name="Masuk").click()
    page.wait_for_url(f"{base}/partners/")

    # Add Kazakhstan by its ISO code: the names come from ISO.
    page.get_by_role("link", name="Tambah mitra").click()
    page.locator("#id_kind").select_option("country")
    page.locator("#id_code").fill("KAZ")
    page.locator("#id_region").select_option("central_asia")
    page.get_by_role("button", name="Simpan").click()
    page.wait_for_url(f"{base}/partners/KAZ/")
    assert page.get_by_role("heading", level=1).inner_text().startswith("Kazakhstan")

    # Record an MoU with two areas.
    page.get_by_role("link", name="Catat perjanjian").first.click()
    page.locator("#id_title").fill("MoU kesehatan Indonesia–Kazakhstan")
    page.get_by_label("Pelayanan kesehatan primer dan layanan kesehatan").check()
    page.get_by_label("Vaksin").check()
    page.get_by_role("button", name="Simpan").click()
    page.wait_for_url(f"{base}/agreements/*/")
    agreement = Agreement.objects.get()
    assert agreement.partners.get().code == "KAZ"

    # A future signature date is refused in place, in Indonesian, and nothing changes.
    future = (timezone.localdate() + dt.timedelta(days=5)).isoformat()
    page.locator("#id_date_signed").fill(future)
    page.get_by_role("button", name="Catat penandatanganan").click()
    page.get_by_text("Tanggal penandatanganan tidak boleh di masa depan.").wait_for()
    agreement.refresh_from_db()
    assert agreement.status == "exploring"

    # Sign, then enter into force (htmx posts; the page refreshes with the new status).
    page.locator("#id_date_signed").fill("2025-04-28")
    page.locator("#id_place_signed").fill("Astana")
    page.get_by_role("button", name="Catat penandatanganan").click()
    page.get_by_role("button", name="Catat mulai berlaku").wait_for()
    page.locator("#id_date_in_force").fill("2025-05-01")
    page.locator("#id_date_expiry").fill("2030-04-30")
    page.get_by_role("button", name="Catat mulai berlaku").click()
    page.locator("#lifecycle .status.s-in_force").wait_for()
    agreement.refresh_from_db()
    assert agreement.status == "in_force" and agreement.place_signed == "Astana"
    assert page.get_by_role("heading", name="Riwayat").is_visible()

    # Find it in the filtered list (filter as you type via htmx).
    page.goto(f"{base}/agreements/")
    page.locator("#id_status").select_option("in_force")
    page.locator("#id_area").select_option("vaccines")
    page.wait_for_url("**status=in_force**")
    assert page.locator("#results tbody tr").count() == 1
    assert "MoU kesehatan Indonesia–Kazakhstan" in page.locator("#results").inner_text()

    # Switch to English; the same list, now in English.
    page.get_by_role("button", name="EN").click()
    page.wait_for_load_state()
    assert page.locator("html").get_attribute("lang") == "en"
    assert page.get_by_role("heading", name="Agreements").is_visible()
    assert "In force" in page.locator("#results").inner_text()

    ARTIFACTS.mkdir(exist_ok=True)
    page.goto(f"{base}/partners/KAZ/")
    page.screenshot(path=str(ARTIFACTS / "partner-page.png"), full_page=True)

    page.get_by_role("button", name="Log out").click()
    page.wait_for_url(f"{base}/accounts/login/")
    assert page.console_errors == []

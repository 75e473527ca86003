"""An officer fills one sector's assessment of the roadmap, imports a trade CSV with a wrong
row (the row's error is shown, nothing written), fixes it, imports it, and reads the chart and
the year-on-year sentence on Cambodia's page and in its brief PDF (issue 15, "Done when")."""

from __future__ import annotations

import subprocess

import pytest

from mitra.accounts.models import Unit, User
from mitra.partners import services as partner_services
from mitra.trade.models import TradeFlow

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

GOOD = (
    "year,partner,product,flow,value,currency,source\n"
    "2023,KHM,pharmaceuticals,export,1250000,USD,BPS\n"
    "2024,KHM,3004,export,2500000,USD,BPS\n"
    "2023,KHM,devices,import,90000,USD,BPS\n"
    "2024,KHM,devices,import,60000,USD,BPS\n"
)


def test_roadmap_assessment_trade_import_and_the_cambodia_sentence(live_server, page, tmp_path):
    unit = Unit.objects.create(code="bks", kind="ministry_unit", name_id="Biro Kerja Sama")
    officer = User.objects.create_user(
        username="officer", password="pw-officer-1", role="officer", unit=unit
    )
    partner_services.partner_create(user=officer, kind="country", code="KHM")
    base = live_server.url

    page.goto(f"{base}/roadmap/")
    page.locator("#id_username").fill("officer")
    page.locator("#id_password").fill("pw-officer-1")
    page.get_by_role("button", name="Masuk").click()
    page.wait_for_url(f"{base}/roadmap/")

    # A year's roadmap, then one sector's assessment.
    page.locator("#id_year").fill("2025")
    page.get_by_role("button", name="Mulai", exact=True).click()
    page.wait_for_url(f"{base}/roadmap/2025/")
    page.get_by_role("link", name="Farmasi").click()
    page.locator("#id_priority").check()
    page.locator("#id_stance").select_option("both")
    page.locator("#id_strengths").fill("Industri farmasi dalam negeri yang besar")
    page.locator("#id_weaknesses").fill("Bahan baku obat masih diimpor")
    page.locator("#id_target_partners").select_option(label="Kamboja")
    page.get_by_role("button", name="Simpan").click()
    page.wait_for_url(f"{base}/roadmap/2025/#sector-pharmaceuticals")
    sector = page.locator("#sector-pharmaceuticals")
    assert "Bahan baku obat masih diimpor" in sector.inner_text()
    assert "Bekerja sama dan bersaing" in sector.inner_text()
    # Cambodia is a target with nothing serving it yet: the matrix flags the gap.
    assert page.locator(".roadmap-matrix td.gap").count() == 1

    # A trade file with a wrong row: the row is named and nothing is written.
    bad = tmp_path / "ekspor.csv"
    bad.write_text(GOOD.replace("2024,KHM,3004,export,2500000", "2024,KHM,3004,export,2.5jt"))
    page.goto(f"{base}/trade/")
    page.locator("#trade-file").set_input_files(str(bad))
    page.get_by_role("button", name="Impor", exact=True).click()
    report = page.locator("#trade-report")
    assert "Tidak ada yang diimpor" in report.inner_text()
    assert "Baris 3: Nilai “2.5jt” bukan angka" in report.inner_text()
    assert not TradeFlow.objects.exists()

    # Fixed, imported.
    good = tmp_path / "ekspor-benar.csv"
    good.write_text(GOOD)
    page.locator("#trade-file").set_input_files(str(good))
    page.get_by_role("button", name="Impor", exact=True).click()
    assert "4 baru, 0 berubah, 0 tidak berubah." in page.locator("#trade-report").inner_text()
    assert TradeFlow.objects.count() == 4

    # Cambodia's page: the chart and the sentence the seed could be read off.
    page.goto(f"{base}/partners/KHM/")
    sentence = "Ekspor farmasi ke Kamboja naik dua kali lipat dari 2023 ke 2024"
    assert sentence in page.locator(".trade-sentence").first.inner_text()
    chart = page.locator(".trade-chart svg")
    assert chart.is_visible() and chart.locator("rect.t-export").count() == 2
    assert "Kamboja turun sepertiga" in page.locator(".trade-sentence").nth(1).inner_text()

    # And in its brief, as a PDF read back with pdftotext.
    page.get_by_role("link", name="Profil negara").click()
    with page.expect_download() as info:
        page.get_by_role("link", name="Unduh PDF").click()
    pdf = tmp_path / "brief.pdf"
    info.value.save_as(pdf)
    text = subprocess.run(
        ["pdftotext", "-layout", str(pdf), "-"], capture_output=True, text=True, check=True
    ).stdout
    assert sentence in " ".join(text.split())
    assert "Perdagangan produk kesehatan" in text
    # The refused file was answered 400 by design (the browser logs that); nothing else failed.
    assert [e for e in page.console_errors if "status of 400" not in e] == []

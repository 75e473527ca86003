"""Trade figures on a country's page and brief (page and PDF), and the roadmap's year page
with its matrix, gaps and PDF (issue 15)."""

from __future__ import annotations

import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from pypdf import PdfReader

from mitra.partners import services as partner_services
from mitra.roadmap import services as roadmap_services
from mitra.roadmap.models import Sector
from mitra.roadmap.schemas import AssessmentInput
from mitra.trade import services as trade_services
from mitra.trade.models import TradeFlow

pytestmark = pytest.mark.django_db

FILE = (
    "year,partner,product,flow,value,currency,source\n"
    "2023,KHM,pharmaceuticals,export,1250000,USD,BPS\n"
    "2024,KHM,3004,export,2500000,USD,BPS\n"
    "2023,KHM,devices,import,90,USD,BPS\n"
    "2024,KHM,devices,import,60,USD,BPS\n"
)


@pytest.fixture
def cambodia(officer):
    partner = partner_services.partner_create(user=officer, kind="country", code="KHM")
    trade_services.trade_import(user=officer, data=FILE.encode(), filename="t.csv")
    return partner


def squash(text: str) -> str:
    return "".join(text.split())


def test_a_countrys_page_shows_the_chart_and_the_change_in_words(client, officer, cambodia):
    client.force_login(officer)
    client.cookies["django_language"] = "en"
    body = client.get("/partners/KHM/").content.decode()
    assert "<svg" in body and 'class="bar t-export"' in body
    assert "Exports of pharmaceuticals to Cambodia doubled from 2023 to 2024" in body
    assert "Imports of medical devices and equipment from Cambodia fell by a third" in body
    client.cookies["django_language"] = "id"
    body = client.get("/partners/KHM/").content.decode()
    assert "Ekspor farmasi ke Kamboja naik dua kali lipat dari 2023 ke 2024" in body


def test_the_brief_pdf_says_the_change_too(client, officer, cambodia):
    client.force_login(officer)
    client.cookies["django_language"] = "en"
    response = client.get("/partners/KHM/brief.pdf")
    reader = PdfReader(io.BytesIO(response.content))
    text = "".join("".join(p.extract_text() for p in reader.pages).split())
    assert squash("Exports of pharmaceuticals to Cambodia doubled from 2023 to 2024") in text
    assert squash("Trade in health products") in text


def test_a_coordination_member_and_a_viewer_see_no_trade_figures(
    client, coordinator, viewer, cambodia
):
    for user in (coordinator, viewer):
        client.force_login(user)
        body = client.get("/partners/KHM/").content.decode()
        assert "t-export" not in body and "2.500.000" not in body
        assert client.get("/trade/").status_code == 404


def test_the_upload_page_names_the_bad_row_and_writes_nothing(client, officer):
    client.force_login(officer)
    client.cookies["django_language"] = "en"
    bad = FILE.replace("2024,KHM,3004,export,2500000", "2024,KHM,3004,export,-2500000")
    response = client.post(
        "/trade/import/",
        {"file": SimpleUploadedFile("t.csv", bad.encode()), "action": "import"},
    )
    assert response.status_code == 400
    body = response.content.decode()
    assert "Line 3: Value -2500000 is negative" in body
    assert "Nothing was imported" in body
    assert not TradeFlow.objects.exists()
    response = client.post(
        "/trade/import/", {"file": SimpleUploadedFile("t.csv", FILE.encode()), "action": "import"}
    )
    assert (
        response.status_code == 200
        and "4 new, 0 changed, 0 unchanged." in response.content.decode()
    )
    assert TradeFlow.objects.count() == 4


def test_the_group_page_draws_the_group_over_all_partners(client, officer, cambodia):
    client.force_login(officer)
    body = client.get("/trade/groups/pharmaceuticals/").content.decode()
    assert "<svg" in body and "KHM" in body
    assert client.get("/trade/groups/cars/").status_code == 404


def test_the_roadmap_matrix_flags_a_target_with_nothing_serving_it(
    client, officer, kazakhstan, in_force, cambodia
):
    roadmap = roadmap_services.roadmap_create(user=officer, year=2025)
    roadmap_services.assessment_save(
        user=officer,
        roadmap=roadmap,
        sector=Sector.objects.get(code="pharmaceuticals"),
        data=AssessmentInput(
            strengths="Industri <b>bahan baku</b>",
            stance="both",
            target_partners=[kazakhstan, cambodia],
            agreements=[in_force],
        ),
    )
    client.force_login(officer)
    client.cookies["django_language"] = "en"
    body = client.get("/roadmap/2025/").content.decode()
    assert body.count("Gap: target without agreement or activity") == 1  # Cambodia, not KAZ
    assert "1 agreement" in body
    assert "2024: exports USD 2,500,000" in body  # the sector's trade group with Cambodia
    assert "Industri &lt;b&gt;bahan baku&lt;/b&gt;" in body  # typed text never runs as markup
    response = client.get("/roadmap/2025.pdf")
    text = "".join(PdfReader(io.BytesIO(response.content)).pages[0].extract_text().split())
    assert squash("Roadmap of potential 2025") in text and squash("Gap:") in text


def test_a_new_year_compares_with_the_last(client, officer):
    old = roadmap_services.roadmap_create(user=officer, year=2024)
    pharma = Sector.objects.get(code="pharmaceuticals")
    roadmap_services.assessment_save(
        user=officer, roadmap=old, sector=pharma, data=AssessmentInput(stance="cooperate")
    )
    client.force_login(officer)
    client.cookies["django_language"] = "en"
    response = client.post("/roadmap/new/", {"year": "2025", "copy": "on"})
    assert response.status_code == 302
    response = client.post(
        "/roadmap/2025/sectors/pharmaceuticals/",
        {"stance": "compete", "threats": "Impor bahan baku"},
    )
    assert response.status_code == 302
    body = client.get("/roadmap/2025/?compare=2024").content.decode()
    assert "From 2024 to 2025" in body
    assert "<td>Cooperate</td><td>Compete</td><td>threats</td>" in body

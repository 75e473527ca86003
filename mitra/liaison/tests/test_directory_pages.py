"""The liaison page lists the directory a page of partners at a time, our own side on top of
every page: it once rendered every partner with its contact points (50,000 at scale 100, issue
18). The XLSX and the duty desk's PDF still hold the whole directory."""

from __future__ import annotations

import io
import re

import pytest
from openpyxl import load_workbook

from mitra.core.tests.paging import NOT_A_NUMBER, OUT_OF_RANGE, page_body, queries_per_page
from mitra.liaison import services, views
from mitra.liaison.schemas import ContactIn
from mitra.partners import services as partner_services

pytestmark = pytest.mark.django_db

NAMES = ["Agensi A", "Agensi B", "Agensi C"]


@pytest.fixture
def partners(officer, desk, monkeypatch):
    """Three agencies, two to a page; the last one has its IHR focal point recorded."""
    monkeypatch.setattr(views, "PAGE_SIZE", 2)
    made = [
        partner_services.partner_create(
            user=officer, kind="agency", code=f"ag-{i}", name_id=name, name_en=name
        )
        for i, name in enumerate(NAMES)
    ]
    services.contact_create(
        user=officer,
        data=ContactIn(role="ihr_nfp", partner=made[2], office="Posko Agensi C", phone="+1 2"),
    )
    return made


def _listed(body: str) -> list[str]:
    return re.findall(r'aria-label="(Agensi \w)"', body)


def test_the_directory_shows_a_page_of_partners_under_our_side(client, officer, partners):
    client.force_login(officer)
    body = client.get("/liaison/").content.decode()
    assert "3 mitra" in body and "Halaman 1 dari 2" in body
    assert _listed(body) == ["Agensi A", "Agensi B"]
    assert "Pusat Krisis Kesehatan (duty desk)" in body
    assert 'href="?page=2#directory">Berikutnya</a>' in body

    second = client.get("/liaison/", {"page": 2}).content.decode()
    assert _listed(second) == ["Agensi C"]
    assert "Posko Agensi C" in second  # the partner's contact points come with it
    assert "Pusat Krisis Kesehatan (duty desk)" in second  # our side on every page


@pytest.mark.parametrize(
    ("value", "listed"),
    [(v, ["Agensi C"]) for v in OUT_OF_RANGE]
    + [(v, ["Agensi A", "Agensi B"]) for v in NOT_A_NUMBER],
)
def test_a_page_out_of_range_or_not_a_number_gets_the_last_or_first(
    client, officer, partners, value, listed
):
    client.force_login(officer)
    assert _listed(page_body(client, "/liaison/", {"page": value})) == listed


def test_the_directory_pages_speak_english_too(client, officer, partners):
    client.force_login(officer)
    client.cookies["django_language"] = "en"
    body = client.get("/liaison/").content.decode()
    assert "3 partners" in body and "Page 1 of 2" in body


def test_the_spreadsheet_still_holds_every_partner(client, officer, partners):
    client.force_login(officer)
    book = load_workbook(io.BytesIO(client.get("/liaison/directory.xlsx").content))
    cells = {cell.value for row in book.active.iter_rows() for cell in row}
    assert set(NAMES) <= cells


def test_each_page_of_the_directory_runs_the_same_queries(client, officer, partners):
    client.force_login(officer)
    assert queries_per_page(client, "/liaison/") == [DIRECTORY_QUERIES] * 2


# Session, user, the bell; notices; the partners' count and page, their contact points and
# tests; our side's contact points.
DIRECTORY_QUERIES = 9

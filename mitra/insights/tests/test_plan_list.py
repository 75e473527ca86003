"""The action plans list (/plans/) shows a page of plans with the count, and computes the
progress of the plans on that page only: at scale 100 there are 100,000 plans, which the page
once listed, and measured, in full (issue 18)."""

from __future__ import annotations

import re

import pytest

from mitra.core.tests.paging import NOT_A_NUMBER, OUT_OF_RANGE, page_body, queries_per_page
from mitra.insights.pages import plan as plan_page
from mitra.plans import services

pytestmark = pytest.mark.django_db


@pytest.fixture
def plans(officer, in_force, monkeypatch):
    """Three plans under the Kazakhstan MoU, two to a page; the latest start first."""
    monkeypatch.setattr(plan_page, "PAGE_SIZE", 2)
    return [
        services.plan_create(
            user=officer,
            title=f"Rencana {year}",
            agreement=in_force,
            start_year=year,
            end_year=year + 2,
        )
        for year in (2023, 2025, 2024)
    ]


def _titles(body: str) -> list[str]:
    return re.findall(r">(Rencana \d{4})</a>", body)


def test_the_plan_list_shows_a_page_of_plans_and_the_count(client, officer, plans):
    client.force_login(officer)
    body = client.get("/plans/").content.decode()
    assert "3 rencana aksi" in body and "Halaman 1 dari 2" in body
    assert _titles(body) == ["Rencana 2025", "Rencana 2024"]
    assert 'href="?page=2">Berikutnya</a>' in body
    assert _titles(client.get("/plans/", {"page": 2}).content.decode()) == ["Rencana 2023"]


@pytest.mark.parametrize(
    ("value", "titles"),
    [(v, ["Rencana 2023"]) for v in OUT_OF_RANGE]
    + [(v, ["Rencana 2025", "Rencana 2024"]) for v in NOT_A_NUMBER],
)
def test_a_page_out_of_range_or_not_a_number_gets_the_last_or_first(
    client, officer, plans, value, titles
):
    client.force_login(officer)
    assert _titles(page_body(client, "/plans/", {"page": value})) == titles


def test_only_the_plans_shown_are_measured(client, officer, plans, monkeypatch):
    measured: list[list[int]] = []
    progress = plan_page.measures.plan_progress
    monkeypatch.setattr(
        plan_page.measures, "plan_progress", lambda ids: measured.append(ids) or progress(ids)
    )
    client.force_login(officer)
    client.get("/plans/")
    assert measured == [[plans[1].pk, plans[2].pk]]


def test_the_plan_list_speaks_english_too(client, officer, plans):
    client.force_login(officer)
    client.cookies["django_language"] = "en"
    body = client.get("/plans/").content.decode()
    assert "3 action plans" in body and "Page 1 of 2" in body


def test_each_page_of_the_plan_list_runs_the_same_queries(client, officer, plans):
    client.force_login(officer)
    assert queries_per_page(client, "/plans/") == [PLAN_LIST_QUERIES] * 2


PLAN_LIST_QUERIES = 7  # session, user, the bell; the count, the page and its progress (two)

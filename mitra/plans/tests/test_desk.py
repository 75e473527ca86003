"""The focal point's desk (/plans/mine/) shows each of its three lists a page at a time, with
the count, each list paged by its own parameter so that paging one keeps the others: at scale
100 the reports waiting for review alone are 1.7 million rows, which the page once rendered in
full (issue 18)."""

from __future__ import annotations

import datetime as dt
import html
import re
from decimal import Decimal
from urllib.parse import parse_qsl

import pytest
from django.db import connection
from django.urls import reverse

from mitra.core.tests.paging import NOT_A_NUMBER, OUT_OF_RANGE, page_body, queries_per_page
from mitra.plans import selectors, services, views
from mitra.plans.models import Activity
from mitra.plans.views import DESK_PAGES
from mitra.taxonomy.models import CooperationArea

pytestmark = pytest.mark.django_db

URL = reverse("plans:mine")
# Planned starts of the three activities; the undated one comes last.
STARTS = [dt.date(2025, 3, 1), dt.date(2025, 1, 1), None]


@pytest.fixture
def desk(officer, focal, plan, p2p, monkeypatch):
    """Olga, an officer placed in Ditjen P2P, reads a desk of three activities, three indicators
    and three reports waiting for her review, two to a page."""
    monkeypatch.setattr(views, "PAGE_SIZE", 2)
    officer.unit = p2p
    officer.save()
    area = CooperationArea.objects.get(code="primary-care")
    for i, start in enumerate(STARTS):
        activity = services.activity_create(
            user=officer,
            plan=plan,
            title=f"Kegiatan {i}",
            kind="training",
            area=area,
            owner_unit=p2p,
            planned_start=start,
        )
        indicator = services.indicator_create(
            user=officer,
            plan=plan,
            activity=activity,
            name=f"Indikator {i}",
            unit="orang",
            target=Decimal(10),
        )
        services.result_report(
            user=focal,
            indicator=indicator,
            period_start=dt.date(2025, 1, 1),
            period_end=dt.date(2025, 6, 30),
            value=Decimal(i + 1),
        )
    return officer


def _body(client, params=None) -> str:
    return page_body(client, URL, params)


def _next_link(body: str, param: str) -> dict[str, str]:
    """The query of the pager's "next" link of the list paged by `param` (its last key)."""
    links = [html.unescape(h) for h in re.findall(r'<a href="\?([^"]*)">Berikutnya</a>', body)]
    (link,) = [h for h in links if h.split("#")[0].rsplit("&", 1)[-1].startswith(f"{param}=")]
    query, anchor = link.split("#")
    assert anchor == param.removesuffix("_page")  # back at the list that was paged
    return dict(parse_qsl(query))


def _shown(body: str, prefix: str) -> list[str]:
    return re.findall(rf">({prefix} \d)<", body)


def test_each_list_shows_its_first_page_with_its_count(client, desk):
    client.force_login(desk)
    body = _body(client)
    assert "3 hasil menunggu peninjauan" in body
    assert "3 kegiatan" in body and "3 indikator" in body
    # Reports oldest first; activities by planned start, the undated last; their indicators in
    # the same order.
    reports, indicators = _shown(body, "Indikator")[:2], _shown(body, "Indikator")[2:]
    assert reports == ["Indikator 0", "Indikator 1"]
    assert indicators == ["Indikator 1", "Indikator 0"]
    assert _shown(body, "Kegiatan") == ["Kegiatan 1", "Kegiatan 0"]
    assert body.count("Halaman 1 dari 2") == 3


def test_a_lists_next_page_link_shows_its_next_rows_and_keeps_the_others(client, desk):
    client.force_login(desk)
    first = _body(client, {"review_page": 2})
    assert _shown(first, "Indikator")[:1] == ["Indikator 2"]  # the third report

    query = _next_link(first, "activities_page")
    assert query == {"review_page": "2", "activities_page": "2"}
    second = _body(client, query)
    assert _shown(second, "Kegiatan") == ["Kegiatan 2"]
    # The review list stays on its second page, the indicators on their first.
    assert _shown(second, "Indikator") == ["Indikator 2", "Indikator 1", "Indikator 0"]
    # The rows shown keep their actions: the inline status form of the activity on page 2.
    shown = Activity.objects.get(title="Kegiatan 2")
    assert reverse("plans:activity_status", args=[shown.pk]) in second
    client.post(
        reverse("plans:activity_status", args=[shown.pk]),
        {"status": "ongoing"},
        HTTP_HX_REQUEST="true",
    )
    shown.refresh_from_db()
    assert shown.status == "ongoing"


@pytest.mark.parametrize(
    ("value", "rows"),
    [(v, ["Kegiatan 2"]) for v in OUT_OF_RANGE]
    + [(v, ["Kegiatan 1", "Kegiatan 0"]) for v in NOT_A_NUMBER],
)
def test_a_page_out_of_range_or_not_a_number_gets_the_last_or_first_page(client, desk, value, rows):
    client.force_login(desk)
    assert _shown(_body(client, {"activities_page": value}), "Kegiatan") == rows


def test_the_desk_speaks_english_too(client, desk):
    client.force_login(desk)
    client.cookies["django_language"] = "en"
    body = _body(client)
    assert "3 results waiting for review" in body
    assert "3 activities" in body and "3 indicators" in body
    assert body.count("Page 1 of 2") == 3


def test_every_page_of_the_desk_runs_the_same_queries(client, desk):
    client.force_login(desk)
    for param in DESK_PAGES:
        assert queries_per_page(client, URL, param) == [DESK_QUERIES] * 2


# Session, user, the bell; per list its count and its page (activities with their evidence,
# reports with their indicator, plan and reporter in one join).
DESK_QUERIES = 11


# How each list's page is read. SQLite says it with `EXPLAIN QUERY PLAN` (rows of id, parent,
# detail; a "TEMP B-TREE FOR ORDER BY" at the top level is a sort of every row found). On
# PostgreSQL the planner sorts small test tables in memory, so sequential scans and sorts are
# priced out (`enable_seqscan`/`enable_sort` off) to ask whether an index *can* give the order.
def _how_read(qs) -> tuple[str, str]:
    """(the whole plan, its top-level sorts)."""
    sql, params = qs.query.sql_with_params()
    with connection.cursor() as cursor:
        if connection.vendor == "sqlite":
            cursor.execute("EXPLAIN QUERY PLAN " + sql, params)
            rows = cursor.fetchall()
            subqueries = {r[0] for r in rows if "SUBQUERY" in r[-1]}
            top = [r[-1] for r in rows if r[1] not in subqueries and "B-TREE FOR ORDER BY" in r[-1]]
            return "\n".join(r[-1] for r in rows), "\n".join(top)
        cursor.execute("SET LOCAL enable_seqscan = off")
        cursor.execute("SET LOCAL enable_sort = off")
        cursor.execute("EXPLAIN " + sql, params)
        text = "\n".join(r[0] for r in cursor.fetchall())
        outer = text.split("SubPlan")[0]  # a correlated subquery's own sort is per row shown
        top = [line for line in outer.splitlines() if line.lstrip(" ->").startswith("Sort ")]
        return text, "\n".join(top)


def test_a_page_of_reports_waiting_for_review_is_read_from_its_index_unsorted(officer):
    plan, sorts = _how_read(selectors.results_to_review(user=officer)[:50])
    assert "result_waiting_review" in plan
    assert not sorts, plan


def test_a_page_of_a_units_activities_is_read_from_its_index_unsorted(officer, p2p):
    plan, sorts = _how_read(selectors.unit_activities(user=officer, unit=p2p)[:50])
    assert "activity_unit_by_start" in plan
    assert not sorts, plan


def test_a_page_of_a_units_indicators_follows_the_activities_index(officer, p2p):
    """Found activity by activity from the same index, never by reading every indicator.
    SQLite then puts only each planned start's few indicators in order (the "RIGHT PART" of
    the order); PostgreSQL sorts the unit's indicators it found (as many as the count reads)."""
    plan, sorts = _how_read(selectors.unit_indicators(user=officer, unit=p2p)[:50])
    assert "activity_unit_by_start" in plan
    assert "plans_indicator_activity_id" in plan
    if connection.vendor == "sqlite":
        assert not sorts, plan

"""The API list's floor in `mitra bench` (issue 18): the very page the API gives, by one raw
SQL statement, behind the same token; and the measurement that sets the two side by side."""

from __future__ import annotations

import datetime as dt

import pytest
from django.test import override_settings

from mitra.accounts.tokens import token_create
from mitra.agreements import services
from mitra.agreements.models import Agreement
from mitra.bench import floor, suite
from mitra.partners import services as partner_services
from mitra.taxonomy.models import CooperationArea

pytestmark = pytest.mark.django_db


@pytest.fixture
def token(officer, kazakhstan):
    jpn = partner_services.partner_create(user=officer, kind="country", code="JPN")
    areas = list(CooperationArea.objects.order_by("-position")[:2])
    for i, (status, expiry) in enumerate(
        [
            (Agreement.Status.IN_FORCE, dt.date(2020, 1, 31)),  # ran out: expired
            (Agreement.Status.SIGNED, dt.date(2040, 1, 1)),
            (Agreement.Status.EXPLORING, None),
        ]
    ):
        made = services.agreement_create(
            user=officer,
            title=f"MoU «{i}» <b>",
            title_en=f"MoU {i}",
            parties=[(jpn, "signatory"), (kazakhstan, "signatory")][: i + 1],
            areas=areas[:i],
            status=status,
            reference_number=f"HK/{i}",
            date_signed=dt.date(2019, 1, 1) if expiry else None,
            date_in_force=dt.date(2019, 2, 1) if expiry else None,
            date_expiry=expiry,
            is_public=bool(i % 2),
        )
    services.agreement_archive(user=officer, agreement=made)  # the floor leaves it out too
    services.agreement_create(
        user=officer, title="Not archived", parties=[(kazakhstan, "signatory")]
    )
    return token_create(user=officer, name="bench")[1]


def test_the_floor_gives_the_api_list_page_for_page(client, token):
    auth = {"HTTP_AUTHORIZATION": f"Bearer {token}"}
    cursor, seen = None, 0
    with override_settings(ROOT_URLCONF=floor.__name__):
        while True:
            query = {"limit": 1} | ({"cursor": cursor} if cursor else {})
            api = client.get("/api/v1/agreements", query, **auth).json()
            assert client.get(floor.FLOOR_PATH, query, **auth).json() == api
            seen += len(api["items"])
            cursor = api["next_cursor"]
            if cursor is None:
                break
    assert seen == 3


def test_the_floor_refuses_a_request_without_a_valid_token(client, token):
    with override_settings(ROOT_URLCONF=floor.__name__):
        assert client.get(floor.FLOOR_PATH).status_code == 401
        bad = client.get(floor.FLOOR_PATH, HTTP_AUTHORIZATION="Bearer mitra_nope")
        assert bad.status_code == 401


def test_the_floor_is_not_a_route_of_the_project(client, token):
    auth = {"HTTP_AUTHORIZATION": f"Bearer {token}"}
    assert client.get(floor.FLOOR_PATH, **auth).status_code == 404


def test_the_bench_table_sets_the_api_list_beside_its_floor(token):
    items = [(suite.API_LIST, "/api/v1/agreements?limit=50", "token")]
    rows = suite.api_floor_section(items, token, rounds=3)
    assert [r["metric"] for r in rows] == ["time per request", "CPU per request"]
    for row in rows:
        assert row["baseline"] == "raw SQL + orjson, same token"
        assert row["value"] > 0 and row["baseline_value"] > 0
        assert row["ratio"] == pytest.approx(row["value"] / row["baseline_value"], rel=0.05)

"""The floor for the API's agreement list (issue 18): the same page of rows, read by one raw SQL
statement and written with orjson behind the same token authentication, and the list's time
per request against it, both in this process through Django's whole request path.

The floor answers only in the benchmark: its URL is in `urlpatterns` below, which `measure`
puts in place of the project's for its requests (`ROOT_URLCONF`), never in mitra.urls.
"""

from __future__ import annotations

import datetime as dt
import statistics
import time
from typing import Any

import orjson
from django.db import connection
from django.http import HttpRequest, HttpResponse
from django.test import Client, override_settings
from django.urls import path
from django.utils import timezone

from mitra.agreements.models import Agreement, AgreementParty
from mitra.api import TokenAuth
from mitra.core.api import DEFAULT_LIMIT, MAX_LIMIT, decode_cursor, encode_cursor
from mitra.partners.models import Partner
from mitra.taxonomy.models import CooperationArea

FLOOR_PATH = "/bench/api-floor/agreements"
BINDING = (Agreement.Status.SIGNED.value, Agreement.Status.IN_FORCE.value)
RENEWABLE = frozenset({Agreement.Status.IN_FORCE.value, Agreement.Status.EXPIRED.value})


def _codes(select: str, order: str) -> str:
    """One row's codes joined by commas, in `order`, as a scalar subquery of this database."""
    # Only this module's constant fragments and the models' table names are put in the text
    # (S608); the values the request brings are parameters.
    if connection.vendor == "postgresql":
        return f"(SELECT string_agg(code, ',' ORDER BY {order}) FROM {select})"  # noqa: S608
    return f"(SELECT group_concat(code, ',') FROM (SELECT code FROM {select} ORDER BY {order}))"  # noqa: S608


def floor_sql() -> str:
    """Active agreements after a key, by key, with the status as of a day and their partner and
    area codes in the API's order: the list's page for a user who may read every agreement."""
    agreement, party = Agreement._meta.db_table, AgreementParty._meta.db_table
    partner, area = Partner._meta.db_table, CooperationArea._meta.db_table
    tagging = Agreement.areas.through._meta.db_table
    partners = _codes(
        f"{party} ap JOIN {partner} p ON p.id = ap.partner_id WHERE ap.agreement_id = a.id",
        "ap.partner_id",
    )
    areas = _codes(
        f"{tagging} t JOIN {area} c ON c.id = t.cooperationarea_id WHERE t.agreement_id = a.id",
        "c.position, c.id",
    )
    return (
        "SELECT a.id, a.title, a.title_en, a.kind,"  # noqa: S608 (see _codes)
        " CASE WHEN a.status IN (%s, %s) AND a.date_expiry < %s THEN 'expired' ELSE a.status END,"
        " a.reference_number, a.date_signed, a.signed_year, a.date_in_force, a.date_expiry,"
        f" {partners}, {areas}, a.is_public"
        f" FROM {agreement} a WHERE a.archived_at IS NULL AND a.id > %s ORDER BY a.id LIMIT %s"
    )


def _date(value: Any) -> Any:
    # SQLite's cursor gives the stored text, PostgreSQL's a date; both are written the same.
    return value.isoformat() if isinstance(value, dt.date) else value


def floor_view(request: HttpRequest) -> HttpResponse:
    """The page `GET /api/v1/agreements?cursor=&limit=` gives an officer, by one statement."""
    if TokenAuth()(request) is None:
        return HttpResponse(status=401)
    cursor = request.GET.get("cursor")
    limit = max(1, min(int(request.GET.get("limit", DEFAULT_LIMIT)), MAX_LIMIT))
    after = decode_cursor(cursor) if cursor else 0
    with connection.cursor() as c:
        c.execute(floor_sql(), [*BINDING, timezone.localdate(), after, limit + 1])
        rows = c.fetchall()
    items = [
        {
            "id": r[0],
            "title": r[1],
            "title_en": r[2],
            "kind": r[3],
            "status": r[4],
            "reference_number": r[5],
            "date_signed": _date(r[6]),
            "signed_year": r[7],
            "date_in_force": _date(r[8]),
            "date_expiry": _date(r[9]),
            "partners": r[10].split(",") if r[10] else [],
            "areas": r[11].split(",") if r[11] else [],
            "is_public": bool(r[12]),
            "archived": False,
            "renewable": r[4] in RENEWABLE,
        }
        for r in rows[:limit]
    ]
    more = len(rows) > limit
    body = {
        "items": items,
        "next_cursor": encode_cursor(items[-1]["id"]) if more and items else None,
    }
    return HttpResponse(orjson.dumps(body), content_type="application/json; charset=utf-8")


def _project_urls() -> list[Any]:
    from mitra.urls import urlpatterns

    return list(urlpatterns)


urlpatterns = [path(FLOOR_PATH.lstrip("/"), floor_view), *_project_urls()]


def measure(api_path: str, token: str, rounds: int = 200) -> dict[str, float]:
    """Median wall and CPU milliseconds per request of the API list at `api_path` and of the
    floor for the same page, interleaved round by round so that both meet the same noise."""
    query = api_path.partition("?")[2]
    client = Client(HTTP_HOST="127.0.0.1", HTTP_AUTHORIZATION=f"Bearer {token}")
    times: dict[str, list[tuple[float, float]]] = {"api": [], "floor": []}
    with override_settings(ROOT_URLCONF=__name__):
        for _ in range(3):  # warm: imports, the token's first use, the connection
            client.get(api_path)
            client.get(f"{FLOOR_PATH}?{query}")
        for _ in range(rounds):
            for name, url in (("api", api_path), ("floor", f"{FLOOR_PATH}?{query}")):
                wall, cpu = time.perf_counter(), time.process_time()
                response = client.get(url)
                times[name].append((time.perf_counter() - wall, time.process_time() - cpu))
                if response.status_code != 200:
                    raise RuntimeError(f"{url}: HTTP {response.status_code}")
    out = {}
    for name, pairs in times.items():
        out[f"{name}_wall_ms"] = statistics.median(w for w, _c in pairs) * 1000
        out[f"{name}_cpu_ms"] = statistics.median(c for _w, c in pairs) * 1000
    return out

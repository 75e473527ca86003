"""The API's agreement list is written from plain rows (issue 18): its JSON is the one the
response schema gave from model instances before, field for field and in the same key order."""

from __future__ import annotations

import datetime as dt

import pytest
from django.db.models import Prefetch
from django.test.utils import CaptureQueriesContext

from mitra.accounts.tokens import token_create
from mitra.agreements import selectors, services
from mitra.agreements.models import Agreement, AgreementParty
from mitra.agreements.schemas import AgreementOut
from mitra.core.api import Page, paginate
from mitra.partners import services as partner_services
from mitra.taxonomy.models import CooperationArea

pytestmark = pytest.mark.django_db

# What the list loaded before: the fields AgreementOut shows (the stored status, from which
# the current one was computed per row), their parties' partner codes and their area codes.
OLD_FIELDS = (*(f for f in selectors.API_ROW_FIELDS if f != "current_status"), "status")


def _old_page(user, cursor, limit, **filters):
    """The list as the endpoint answered it until now: instances through Page[AgreementOut]."""
    qs = (
        selectors.agreement_list(user=user, **filters)
        .select_related(None)
        .prefetch_related(None)
        .only(*OLD_FIELDS)
        .prefetch_related(
            Prefetch(
                "parties",
                AgreementParty.objects.select_related("partner").only(
                    "agreement_id", "partner__code"
                ),
            ),
            Prefetch("areas", CooperationArea.objects.only("code")),
        )
    )
    page = paginate(qs, cursor, limit)
    return Page[AgreementOut].model_validate(page).model_dump(mode="json")


@pytest.fixture
def headers(officer):
    return {"HTTP_AUTHORIZATION": f"Bearer {token_create(user=officer, name='t')[1]}"}


@pytest.fixture
def filled(officer, kazakhstan):
    """Four agreements with every field the list shows filled: several partners (added in an
    order that is not their codes' order), areas given out of the taxonomy's order, a status
    that has run out, an archived one, text that is not ASCII or is markup."""
    who = partner_services.partner_create(
        user=officer, kind="international", code="who", name_id="WHO", name_en="WHO"
    )
    jpn = partner_services.partner_create(user=officer, kind="country", code="JPN")
    areas = list(CooperationArea.objects.order_by("-position")[:3])
    rows = [
        ("MoU kesehatan Indonesia–Kazakhstan «ü»", Agreement.Status.IN_FORCE, dt.date(2031, 5, 1)),
        ('PKS <script>alert("x")</script> & co', Agreement.Status.IN_FORCE, dt.date(2020, 1, 31)),
        ("LoI vaksin 😷", Agreement.Status.SIGNED, dt.date(2029, 12, 31)),
        ("Pengaturan pelaksanaan", Agreement.Status.NEGOTIATING, dt.date(2030, 6, 30)),
    ]
    made = []
    for i, (title, status, expiry) in enumerate(rows):
        made.append(
            services.agreement_create(
                user=officer,
                title=title,
                title_en=f"English title {i} ✓",
                kind=[Agreement.Kind.MOU, Agreement.Kind.PKS, Agreement.Kind.LOI][i % 3],
                parties=[(jpn, "signatory"), (kazakhstan, "signatory"), (who, "implementer")][
                    i % 2 :
                ],
                areas=areas,
                status=status,
                reference_number=f"HK.05.01/{i}/2024",
                date_signed=dt.date(2019, 1, 10 + i),
                date_in_force=dt.date(2019, 2, 10 + i),
                date_expiry=expiry,
                is_public=bool(i % 2),
            )
        )
    services.agreement_archive(user=officer, agreement=made[3])
    return made


def test_every_page_is_the_json_the_schema_gave(client, officer, headers, filled):
    for archived in (False, True):
        cursor, pages = None, 0
        while True:
            query = {"limit": 2, "archived": archived} | ({"cursor": cursor} if cursor else {})
            response = client.get("/api/v1/agreements", query, **headers)
            assert response.status_code == 200
            assert response["Content-Type"] == "application/json; charset=utf-8"
            new = response.json()
            old = _old_page(officer, cursor, 2, archived=archived)
            for a, b in zip(new["items"], old["items"], strict=True):
                assert a == b
            for item in new["items"]:
                assert list(item) == list(AgreementOut.model_fields)
            pages += 1
            cursor = new["next_cursor"]
            if cursor is None:
                break
        assert pages == (1 if archived else 2)


def test_the_rows_carry_what_the_rules_say(client, headers, filled, officer):
    items = {a["id"]: a for a in client.get("/api/v1/agreements", **headers).json()["items"]}
    ran_out = items[filled[1].pk]
    assert ran_out["status"] == "expired" and ran_out["renewable"] is True
    assert ran_out["title"] == 'PKS <script>alert("x")</script> & co'
    assert ran_out["partners"] == ["KAZ", "who"]  # by partner key: KAZ was registered first
    first = items[filled[0].pk]
    assert first["partners"] == ["KAZ", "who", "JPN"]
    assert first["areas"] == [
        a.code for a in CooperationArea.objects.filter(agreements=filled[0]).order_by("position")
    ]
    assert first["date_expiry"] == "2031-05-01" and first["signed_year"] == 2019
    assert items[filled[2].pk]["renewable"] is False
    assert filled[3].pk not in items


def test_a_page_takes_the_same_queries_however_many_rows(client, headers, filled):
    from django.db import connection

    client.get("/api/v1/agreements", **headers)  # the token's first use is noted once
    with CaptureQueriesContext(connection) as one:
        client.get("/api/v1/agreements", {"limit": 1}, **headers)
    with CaptureQueriesContext(connection) as three:
        client.get("/api/v1/agreements", {"limit": 3}, **headers)
    # The lockout check, the token and its user, the rows, their partners, their areas.
    assert len(one) == len(three) == 5, [q["sql"] for q in three.captured_queries]


def test_a_viewer_still_reads_only_public_agreements(client, viewer, filled):
    raw = token_create(user=viewer, name="t")[1]
    listed = client.get("/api/v1/agreements", HTTP_AUTHORIZATION=f"Bearer {raw}").json()
    assert [a["id"] for a in listed["items"]] == [filled[1].pk]
    assert listed == _old_page(viewer, None, 50)

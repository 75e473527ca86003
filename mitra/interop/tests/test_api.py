"""The JSON API: authentication, the same rules as the web pages, filters, cursors, errors."""

from __future__ import annotations

import datetime as dt
import json

import pytest
from django.utils import timezone

from mitra.accounts.tokens import token_create
from mitra.agreements import services as agreement_services
from mitra.agreements.models import Agreement

pytestmark = pytest.mark.django_db


def bearer(user) -> dict[str, str]:
    _token, raw = token_create(user=user, name="test")
    return {"HTTP_AUTHORIZATION": f"Bearer {raw}"}


def post(client, url, data, headers):
    return client.post(url, data=json.dumps(data), content_type="application/json", **headers)


def test_anonymous_calls_get_401_as_json(client):
    response = client.get("/api/v1/agreements")
    assert response.status_code == 401
    assert response.json()["code"] == "unauthorized"


def test_a_revoked_or_unknown_token_is_refused(client, officer):
    from mitra.accounts.tokens import token_revoke

    token, raw = token_create(user=officer, name="x")
    assert client.get("/api/v1/partners", HTTP_AUTHORIZATION=f"Bearer {raw}").status_code == 200
    token_revoke(user=officer, token=token)
    assert client.get("/api/v1/partners", HTTP_AUTHORIZATION=f"Bearer {raw}").status_code == 401
    assert client.get("/api/v1/partners", HTTP_AUTHORIZATION="Bearer mitra_nope").status_code == 401
    assert token.key_hash != raw and raw not in token.key_hash  # only the hash is kept


def test_the_session_works_too(client, officer):
    client.force_login(officer)
    assert client.get("/api/v1/partners").status_code == 200


def test_filters_and_cursor_pagination(client, officer, kazakhstan, in_force, draft):
    headers = bearer(officer)
    soon = timezone.localdate() + dt.timedelta(days=100)
    agreement_services.agreement_update(user=officer, agreement=in_force, date_expiry=soon)
    body = client.get(
        "/api/v1/agreements",
        {"partner": "KAZ", "status": "in_force", "expires_before": soon.isoformat()},
        **headers,
    ).json()
    assert [a["id"] for a in body["items"]] == [in_force.pk]
    first = client.get("/api/v1/agreements", {"limit": 1}, **headers).json()
    assert len(first["items"]) == 1 and first["next_cursor"]
    second = client.get(
        "/api/v1/agreements", {"limit": 1, "cursor": first["next_cursor"]}, **headers
    ).json()
    assert second["items"][0]["id"] > first["items"][0]["id"]
    assert second["next_cursor"] is None
    bad = client.get("/api/v1/agreements", {"cursor": "***"}, **headers)
    assert bad.status_code == 400 and bad.json()["code"] == "bad_request"


def test_create_change_archive_through_the_services(client, officer, kazakhstan):
    headers = bearer(officer)
    created = post(
        client,
        "/api/v1/agreements",
        {"title": "MoU vaksin", "partners": ["KAZ"], "areas": ["vaccines"]},
        headers,
    )
    assert created.status_code == 201
    pk = created.json()["id"]
    assert Agreement.objects.get(pk=pk).history.first().history_user == officer
    changed = client.patch(
        f"/api/v1/agreements/{pk}",
        data=json.dumps({"reference_number": "HK.01/2026"}),
        content_type="application/json",
        **headers,
    )
    assert changed.json()["reference_number"] == "HK.01/2026"
    assert client.post(f"/api/v1/agreements/{pk}/archive", **headers).json()["archived"] is True


def test_invalid_input_is_a_422_naming_the_field_in_the_users_language(client, officer, kazakhstan):
    headers = bearer(officer)
    response = post(
        client,
        "/api/v1/agreements",
        {
            "title": "MoU",
            "partners": ["KAZ"],
            "status": "signed",
            "date_signed": "2025-05-01",
            "date_expiry": "2025-04-01",
        },
        headers,
    )
    body = response.json()
    assert response.status_code == 422 and body["code"] == "invalid"
    assert "date_expiry" in body["fields"]
    assert not Agreement.objects.exists()
    unknown = post(client, "/api/v1/agreements", {"title": "x", "partners": ["ZZZ"]}, headers)
    assert unknown.status_code == 422 and "ZZZ" in unknown.json()["message"]


@pytest.mark.parametrize("role", ["viewer", "coordination", "focal", "admin"])
def test_roles_apply_as_on_the_web(client, personas, role, kazakhstan):
    response = post(
        client, "/api/v1/partners", {"kind": "country", "code": "VNM"}, bearer(personas[role])
    )
    assert response.status_code == 403 and response.json()["code"] == "forbidden"


def test_a_viewer_reads_only_public_agreements(client, viewer, officer, in_force, draft):
    agreement_services.agreement_update(user=officer, agreement=in_force, is_public=True)
    items = client.get("/api/v1/agreements", **bearer(viewer)).json()["items"]
    assert [a["id"] for a in items] == [in_force.pk]
    assert client.get(f"/api/v1/agreements/{draft.pk}", **bearer(viewer)).status_code == 404


def test_a_focal_point_reports_delivery_on_their_own_activity_only(
    client, focal, officer, p2p_activity, plan
):
    from mitra.plans import services as plan_services

    other = plan_services.activity_create(user=officer, plan=plan, title="Lain")
    headers = bearer(focal)
    mine = client.patch(
        f"/api/v1/plans/activities/{p2p_activity.pk}",
        data=json.dumps({"status": "ongoing", "people_reached": 12}),
        content_type="application/json",
        **headers,
    )
    assert mine.status_code == 200 and mine.json()["status"] == "ongoing"
    theirs = client.patch(
        f"/api/v1/plans/activities/{other.pk}",
        data=json.dumps({"status": "ongoing"}),
        content_type="application/json",
        **headers,
    )
    assert theirs.status_code == 403


def test_openapi_and_docs_without_internet(client, officer):
    client.force_login(officer)
    schema = client.get("/api/v1/openapi.json").json()
    assert "/api/v1/agreements" in schema["paths"]
    docs = client.get("/api/v1/docs").content.decode()
    assert "/static/ninja/swagger-ui-bundle.js" in docs and "cdn" not in docs.lower()


def test_numbers_out_of_range_are_a_422_not_a_crash(client, officer):
    headers = bearer(officer)
    huge = "3452013246949331968000"
    assert client.get("/api/v1/meetings", {"year": huge}, **headers).status_code == 422
    response = client.get("/api/v1/plans/activities", {"plan": huge}, **headers)
    # SQLite cannot hold the number (422); PostgreSQL compares it and finds nothing (200).
    assert response.status_code in (200, 422)
    if response.status_code == 422:
        assert response.json()["code"] == "invalid"
    else:
        assert response.json()["items"] == []

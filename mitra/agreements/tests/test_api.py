"""/api/v1/agreements: filters that name what they refuse, explicit nulls, codes in any case,
and enum components of their own in the OpenAPI document."""

from __future__ import annotations

import json

import pytest

from mitra.accounts.tokens import token_create
from mitra.agreements.models import Agreement

pytestmark = pytest.mark.django_db


@pytest.fixture
def api(client, officer):
    _token, raw = token_create(user=officer, name="test")
    headers = {"HTTP_AUTHORIZATION": f"Bearer {raw}"}

    def call(method: str, url: str, data: object = None):
        send = getattr(client, method)
        if data is None:
            return send(url, **headers)
        return send(url, data=json.dumps(data), content_type="application/json", **headers)

    return call


@pytest.mark.parametrize(
    ("query", "field", "value"),
    [
        ("status=bogus", "status", "bogus"),
        ("kind=treaty", "kind", "treaty"),
        ("area=teleportation", "area", "teleportation"),
        ("partner=ZZZ", "partner", "ZZZ"),
    ],
)
def test_an_unknown_filter_value_is_a_422_naming_it(api, in_force, query, field, value):
    response = api("get", f"/api/v1/agreements?{query}")
    assert response.status_code == 422
    assert value in response.json()["fields"][field][0]


def test_filter_codes_are_case_insensitive(api, in_force, draft):
    for query in ("status=IN_FORCE", "partner=kaz", "area=VACCINES", "kind=MOU"):
        items = api("get", f"/api/v1/agreements?{query}").json()["items"]
        assert in_force.pk in [a["id"] for a in items], query


def test_an_explicit_null_for_the_title_is_a_422_naming_it(api, draft):
    response = api("patch", f"/api/v1/agreements/{draft.pk}", {"title": None, "summary": "x"})
    assert response.status_code == 422 and list(response.json()["fields"]) == ["title"]
    draft.refresh_from_db()
    assert draft.summary == ""


def test_control_characters_in_a_title_are_refused(api, kazakhstan):
    response = api("post", "/api/v1/agreements", {"title": "MoU\x1b[31m", "partners": ["KAZ"]})
    assert response.status_code == 422 and "title" in response.json()["fields"]
    assert not Agreement.objects.exists()


def test_partner_and_area_codes_in_any_case_and_unknown_ones_named(api, kazakhstan, two_areas):
    ok = api(
        "post", "/api/v1/agreements", {"title": "MoU", "partners": ["kaz"], "areas": ["Vaccines"]}
    )
    assert ok.status_code == 201 and ok.json()["partners"] == ["KAZ"]
    bad = api("post", "/api/v1/agreements", {"title": "MoU 2", "partners": ["kaz", "ZZZ"]})
    assert bad.status_code == 422 and "ZZZ" in bad.json()["fields"]["partners"][0]
    assert Agreement.objects.count() == 1


def test_the_api_says_whether_an_agreement_is_renewable(api, in_force, draft):
    assert api("get", f"/api/v1/agreements/{in_force.pk}").json()["renewable"] is True
    assert api("get", f"/api/v1/agreements/{draft.pk}").json()["renewable"] is False


def test_each_registry_enum_has_its_own_openapi_component():
    from mitra.api import api as ninja_api

    schema = ninja_api.get_openapi_schema()
    components = schema["components"]["schemas"]

    def ref(name: str, prop: str) -> str:
        node = components[name]["properties"][prop]
        node = node.get("allOf", [node])[0] if "$ref" not in node else node
        return node["$ref"].rsplit("/", 1)[-1]

    assert ref("PartnerCreate", "kind") == "PartnerKind"
    assert ref("AgreementCreate", "kind") == "AgreementKind"
    assert ref("AgreementCreate", "status") == "AgreementStatus"
    assert set(components["PartnerKind"]["enum"]) == {
        "country",
        "international",
        "ngo",
        "company",
        "academic",
        "agency",
    }
    assert "exploring" in components["AgreementStatus"]["enum"]


def test_a_viewer_writing_is_forbidden_before_the_body_is_read(client, viewer, draft):
    """A role that may change nothing learns "forbidden", not what its body got wrong, and for
    a record it cannot see exactly as for one that does not exist."""
    _token, raw = token_create(user=viewer, name="test")
    headers = {"HTTP_AUTHORIZATION": f"Bearer {raw}"}
    for url in (f"/api/v1/agreements/{draft.pk}", "/api/v1/agreements/999999"):
        response = client.patch(url, data="{not json", content_type="application/json", **headers)
        assert response.status_code == 403, url
        assert response.json()["code"] == "forbidden"
    response = client.post(
        "/api/v1/agreements", data="[]", content_type="application/json", **headers
    )
    assert response.status_code == 403
    # Reading is still open to them.
    assert client.get("/api/v1/agreements", **headers).status_code == 200
    client.force_login(viewer)
    response = client.post("/api/v1/agreements", data="{}", content_type="application/json")
    assert response.status_code == 403

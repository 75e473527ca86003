"""/api/v1/partners: explicit nulls, control characters, codes in any case, regions from ISO."""

from __future__ import annotations

import json

import pytest

from mitra.accounts.tokens import token_create
from mitra.partners.models import Partner

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


def test_an_explicit_null_for_a_text_field_is_a_422_naming_it(api, kazakhstan):
    response = api("patch", "/api/v1/partners/KAZ", {"region": None, "notes": "kept?"})
    assert response.status_code == 422
    assert list(response.json()["fields"]) == ["region"]
    kazakhstan.refresh_from_db()
    assert kazakhstan.notes == "" and kazakhstan.region == "central_asia"


def test_control_characters_in_a_name_are_refused(api):
    response = api(
        "post",
        "/api/v1/partners",
        {"kind": "ngo", "code": "lsm", "name_id": "A\x07", "name_en": "A"},
    )
    assert response.status_code == 422 and "name_id" in response.json()["fields"]
    assert not Partner.objects.exists()


def test_a_line_break_in_a_name_is_refused_on_a_change_too(api, kazakhstan):
    response = api("patch", "/api/v1/partners/kaz", {"name_en": "Kazakh\nstan"})
    assert response.status_code == 422 and "name_en" in response.json()["fields"]


def test_partner_codes_are_case_insensitive(api, kazakhstan):
    assert api("get", "/api/v1/partners/kaz").json()["code"] == "KAZ"


def test_area_codes_in_any_case_and_an_unknown_one_named(api, two_areas):
    ok = api("post", "/api/v1/partners", {"kind": "country", "code": "vnm", "areas": ["VACCINES"]})
    assert ok.status_code == 201 and ok.json()["areas"] == ["vaccines"]
    bad = api("post", "/api/v1/partners", {"kind": "country", "code": "khm", "areas": ["nope"]})
    assert bad.status_code == 422 and "nope" in bad.json()["fields"]["areas"][0]
    assert not Partner.objects.filter(code="KHM").exists()


def test_an_unknown_kind_filter_is_a_422_naming_it(api):
    response = api("get", "/api/v1/partners?kind=club")
    assert response.status_code == 422 and "club" in response.json()["fields"]["kind"][0]


def test_a_country_added_by_iso_code_gets_its_region(api):
    response = api("post", "/api/v1/partners", {"kind": "country", "code": "THA"})
    assert response.json()["region"] == "southeast_asia"
    listed = api("get", "/api/v1/partners?region=southeast_asia").json()["items"]
    assert [p["code"] for p in listed] == ["THA"]

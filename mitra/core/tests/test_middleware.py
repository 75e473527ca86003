"""A NUL character is refused before any view, on both databases, in the user's language."""

from __future__ import annotations

import pytest

from mitra.accounts.tokens import token_create
from mitra.meetings.models import Meeting

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("path", ["/search/", "/partners/", "/meetings/", "/public/"])
def test_a_nul_in_a_query_is_refused_in_indonesian(client, officer, path):
    client.force_login(officer)
    response = client.get(path, {"q": "vaksin\x00"})
    assert response.status_code == 400
    assert "karakter NUL" in response.content.decode()


def test_a_nul_in_the_path_is_refused(client, officer):
    client.force_login(officer)
    assert client.get("/partners/KAZ%00/").status_code == 400


def test_a_nul_in_a_json_body_is_refused_and_nothing_is_written(client, officer):
    token = token_create(user=officer, name="t")[1]
    response = client.post(
        "/api/v1/meetings",
        data='{"title": "Rapat\\u0000", "kind": "technical"}',
        content_type="application/json",
        HTTP_AUTHORIZATION=f"Bearer {token}",
    )
    assert response.status_code == 422
    assert response.json()["code"] == "invalid"
    assert not Meeting.objects.exists()


def test_a_nul_in_a_posted_form_is_refused(client, officer):
    from urllib.parse import urlencode

    from mitra.partners.models import Partner

    client.force_login(officer)
    body = urlencode({"kind": "ngo", "code": "x\x00", "name_id": "X", "name_en": "X"})
    response = client.post("/partners/new/", body, content_type="application/x-www-form-urlencoded")
    assert response.status_code == 400
    assert not Partner.objects.filter(name_id="X").exists()

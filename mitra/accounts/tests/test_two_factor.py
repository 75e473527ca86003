"""Two-factor sign-in (TOTP): an officer or administrator sets up an authenticator app, and
then every sign-in asks for its code; with MITRA_REQUIRE_2FA=true they must set one up first."""

from __future__ import annotations

import re
import time

import pytest
from django.test import Client, override_settings
from django_otp.oath import TOTP
from django_otp.plugins.otp_totp.models import TOTPDevice

from mitra.accounts.tokens import token_create

pytestmark = pytest.mark.django_db


def code(device: TOTPDevice, steps_ahead: int = 0) -> str:
    """What the phone shows now (or a step later: a code is never accepted twice)."""
    totp = TOTP(device.bin_key, device.step, device.t0, device.digits, device.drift)
    totp.time = time.time() + steps_ahead * device.step
    return f"{totp.token():06d}"


def _sign_in(username: str) -> tuple[Client, object]:
    client = Client()
    response = client.post("/accounts/login/", {"username": username, "password": "pw-" + username})
    return client, response


def _set_up(officer) -> TOTPDevice:
    client, _ = _sign_in("olga")
    page = client.get("/accounts/two-factor/setup/")
    assert page.status_code == 200
    html = page.content.decode()
    assert 'src="data:image/svg+xml' in html
    device = TOTPDevice.objects.get(user=officer, confirmed=False)
    shown = re.search(r'<code id="otp-secret">([A-Z2-7 ]+)</code>', html).group(1)
    assert shown.replace(" ", "") in device.config_url
    done = client.post("/accounts/two-factor/setup/", {"token": code(device)})
    assert done.status_code == 302
    device.refresh_from_db()
    assert device.confirmed
    return device


def test_without_an_app_an_officer_signs_in_with_the_password_alone(officer):
    client, response = _sign_in("olga")
    assert response["Location"] == "/"
    assert client.get("/").status_code == 200


def test_with_an_app_every_sign_in_asks_for_the_code(officer):
    device = _set_up(officer)
    client, response = _sign_in("olga")
    assert response["Location"] == "/"
    held = client.get("/agreements/")
    assert held.status_code == 302
    assert held["Location"] == "/accounts/two-factor/?next=%2Fagreements%2F"
    # The API with this half-signed-in session is closed too.
    assert client.get("/api/v1/partners").status_code == 401
    wrong = client.post("/accounts/two-factor/", {"token": "000000", "next": "/agreements/"})
    assert wrong.status_code == 422
    assert "Kode ini tidak benar" in wrong.content.decode()
    assert client.get("/agreements/").status_code == 302
    # After wrong codes even the right one waits (django-otp's throttling doubles the wait
    # with each: 8 s after the fourth, long enough for this test on a slow machine).
    TOTPDevice.objects.filter(pk=device.pk).update(throttling_failure_count=4)
    soon = client.post("/accounts/two-factor/", {"token": code(device, 1)})
    assert soon.status_code == 422 and "tunggu" in soon.content.decode()
    TOTPDevice.objects.filter(pk=device.pk).update(throttling_failure_count=0)
    right = client.post("/accounts/two-factor/", {"token": code(device, 1), "next": "/agreements/"})
    assert right.status_code == 302 and right["Location"] == "/agreements/"
    assert client.get("/agreements/").status_code == 200


def test_a_code_is_not_accepted_twice(officer):
    device = _set_up(officer)
    used = code(device)  # the one the set-up just took
    client, _ = _sign_in("olga")
    assert client.post("/accounts/two-factor/", {"token": used}).status_code == 422


@override_settings(REQUIRE_2FA=True)
def test_when_required_an_officer_must_set_up_an_app_and_a_viewer_is_not_asked(officer, viewer):
    client, _ = _sign_in("olga")
    held = client.get("/")
    assert held.status_code == 302 and held["Location"].startswith("/accounts/two-factor/setup/")
    other, _ = _sign_in("vina")
    assert other.get("/").status_code == 200
    assert other.get("/accounts/two-factor/setup/").status_code == 404


@override_settings(REQUIRE_2FA=True)
def test_an_api_token_still_works_for_scripts(client, officer):
    raw = token_create(user=officer, name="skrip")[1]
    assert client.get("/api/v1/partners", HTTP_AUTHORIZATION=f"Bearer {raw}").status_code == 200


def test_a_session_begun_before_the_requirement_is_asked_at_its_next_request(officer):
    client, _ = _sign_in("olga")
    assert client.get("/agreements/").status_code == 200
    with override_settings(REQUIRE_2FA=True):
        held = client.get("/agreements/")
        assert held.status_code == 302
        assert held["Location"].startswith("/accounts/two-factor/setup/")
        assert client.get("/api/v1/partners").status_code == 401

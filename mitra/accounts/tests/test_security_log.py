"""The security log: every sign-in, failed sign-in and refused request is one line naming the
user and the address, with no traceback and no query string (a token can ride in one)."""

from __future__ import annotations

import logging

import pytest

from mitra.accounts.tokens import token_create

pytestmark = pytest.mark.django_db


def _lines(caplog) -> list[str]:
    lines = []
    for record in caplog.records:
        if record.name == "mitra.security":
            text = logging.Formatter().format(record)
            assert "\n" not in text and record.exc_info is None
            lines.append(text)
    return lines


def test_a_login_and_a_failed_login_are_logged_with_user_and_address(client, officer, caplog):
    with caplog.at_level(logging.INFO, logger="mitra.security"):
        client.post(
            "/accounts/login/", {"username": "olga", "password": "nope"}, REMOTE_ADDR="192.0.2.7"
        )
        client.post(
            "/accounts/login/", {"username": "olga", "password": "pw-olga"}, REMOTE_ADDR="192.0.2.7"
        )
    lines = _lines(caplog)
    assert "login-failed user=olga addr=192.0.2.7" in lines[0]
    assert "nope" not in " ".join(lines)
    assert any(line.startswith("login user=olga addr=192.0.2.7") for line in lines), lines


def test_a_refused_page_write_names_user_address_and_path(client, viewer, kazakhstan, caplog):
    client.force_login(viewer)
    caplog.clear()
    with caplog.at_level(logging.INFO, logger="mitra.security"):
        response = client.post(f"/partners/{kazakhstan.code}/archive/", REMOTE_ADDR="192.0.2.8")
    assert response.status_code == 403
    assert _lines(caplog) == [
        f"refused user=vina addr=192.0.2.8 status=403 method=POST "
        f"path=/partners/{kazakhstan.code}/archive/"
    ]


def test_a_refused_api_call_names_the_token_user(client, viewer, kazakhstan, caplog):
    token = token_create(user=viewer, name="t")[1]
    with caplog.at_level(logging.INFO, logger="mitra.security"):
        client.post(
            f"/api/v1/partners/{kazakhstan.code}/archive",
            HTTP_AUTHORIZATION=f"Bearer {token}",
            REMOTE_ADDR="192.0.2.9",
        )
    assert _lines(caplog) == [
        f"refused user=vina addr=192.0.2.9 status=403 method=POST "
        f"path=/api/v1/partners/{kazakhstan.code}/archive"
    ]


def test_a_refused_calendar_token_is_logged_without_the_token(client, caplog):
    secret = "mitra_" + "x" * 40
    with caplog.at_level(logging.INFO, logger="mitra.security"):
        assert client.get("/calendar.ics", {"token": secret}).status_code == 401
    lines = _lines(caplog)
    assert lines[0].startswith("token-refused user=- addr=127.0.0.1")
    assert lines[1] == "refused user=- addr=127.0.0.1 status=401 method=GET path=/calendar.ics"
    assert all(secret not in line for line in lines)


def test_the_logged_address_is_the_socket_unless_behind_the_proxy(client, officer, caplog):
    """Without the proxy anyone can send X-Forwarded-For, so it is ignored; behind it, the
    last entry is the one the proxy added. A malformed one is never stored."""
    from django.test import override_settings

    forged = {"HTTP_X_FORWARDED_FOR": "203.0.113.5, 192.0.2.44", "REMOTE_ADDR": "10.9.9.9"}
    with caplog.at_level(logging.INFO, logger="mitra.security"):
        client.post("/accounts/login/", {"username": "olga", "password": "x"}, **forged)
        with override_settings(SECURE_PROXY=True):
            client.post("/accounts/login/", {"username": "olga", "password": "x"}, **forged)
            client.post(
                "/accounts/login/",
                {"username": "olga", "password": "x"},
                HTTP_X_FORWARDED_FOR="not-an-address",
                REMOTE_ADDR="10.9.9.9",
            )
    assert [line.split()[2] for line in _lines(caplog)] == [
        "addr=10.9.9.9",
        "addr=192.0.2.44",
        "addr=10.9.9.9",
    ]

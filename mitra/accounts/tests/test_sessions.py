"""Sessions end after a time without use and when the password changes; an administrator sees
who is signed in and can end a session; API tokens expire and say when they were last used."""

from __future__ import annotations

import datetime as dt
import os
import subprocess
import sys

import pytest
from django.conf import settings
from django.contrib.sessions.models import Session
from django.test import Client
from django.utils import timezone

from mitra.accounts.models import ApiToken, SignedInSession, User
from mitra.accounts.tokens import token_create

pytestmark = pytest.mark.django_db


def _signed_in(username: str, addr: str = "198.51.100.1") -> Client:
    client = Client(REMOTE_ADDR=addr, HTTP_USER_AGENT="Firefox/140")
    response = client.post("/accounts/login/", {"username": username, "password": "pw-" + username})
    assert response.status_code == 302
    return client


def _session(client: Client) -> Session:
    return Session.objects.get(session_key=client.cookies[settings.SESSION_COOKIE_NAME].value)


def test_an_idle_session_ends_and_an_active_one_is_kept_alive(officer):
    client = _signed_in("olga")
    assert client.get("/").status_code == 200
    # A minute and more since the last touch: the next request moves the expiry forward.
    session = _session(client)
    store = session.get_decoded()
    store["seen"] = int(timezone.now().timestamp()) - 120
    Session.objects.filter(pk=session.pk).update(
        session_data=Session.objects.encode(store),
        expire_date=timezone.now() + dt.timedelta(seconds=5),
    )
    assert client.get("/").status_code == 200
    left = _session(client).expire_date - timezone.now()
    assert left > dt.timedelta(seconds=settings.SESSION_COOKIE_AGE - 60)
    # Nobody came back for longer than the idle limit: the session is over.
    Session.objects.filter(pk=session.pk).update(
        expire_date=timezone.now() - dt.timedelta(seconds=1)
    )
    response = client.get("/")
    assert response.status_code == 302 and response["Location"].startswith("/accounts/login/")


def _setting(name: str, **env: str) -> subprocess.CompletedProcess:
    environ = {**os.environ, "DJANGO_SETTINGS_MODULE": "mitra.settings", **env}
    code = (
        f"import django; django.setup(); from django.conf import settings; print(settings.{name})"
    )
    return subprocess.run(
        [sys.executable, "-c", code], env=environ, capture_output=True, text=True, timeout=60
    )


def test_the_idle_limit_comes_from_the_environment():
    assert _setting("SESSION_COOKIE_AGE", MITRA_SESSION_IDLE_MINUTES="5").stdout.strip() == "300"
    bad = _setting("SESSION_COOKIE_AGE", MITRA_SESSION_IDLE_MINUTES="soon")
    assert bad.returncode != 0
    assert "MITRA_SESSION_IDLE_MINUTES must be a whole number" in bad.stderr


def test_a_password_change_ends_the_other_sessions(officer):
    desk, phone = _signed_in("olga"), _signed_in("olga", addr="198.51.100.2")
    assert phone.get("/").status_code == 200
    officer.set_password("a-new-long-passphrase")
    officer.save()
    response = phone.get("/")
    assert response.status_code == 302 and response["Location"].startswith("/accounts/login/")
    assert desk.get("/").status_code == 302


@pytest.fixture
def boss(db) -> User:
    return User.objects.create_user(
        "boss", password="pw-boss", role=User.Role.ADMIN, is_staff=True, is_superuser=True
    )


def test_an_administrator_sees_who_is_signed_in_and_ends_a_session(officer, viewer, boss):
    olga = _signed_in("olga", addr="198.51.100.7")
    _signed_in("vina", addr="198.51.100.8")
    admin = Client()
    admin.force_login(boss)
    page = admin.get("/admin/accounts/signedinsession/").content.decode()
    assert "198.51.100.7" in page and "198.51.100.8" in page and "Firefox/140" in page
    record = SignedInSession.objects.get(user=officer)
    response = admin.post(
        "/admin/accounts/signedinsession/",
        {"action": "end_sessions", "_selected_action": [record.pk]},
    )
    assert response.status_code == 302
    assert olga.get("/").status_code == 302  # signed out at the next request
    record.refresh_from_db()
    assert record.ended_by == boss and record.ended_at is not None  # the record stays
    page = admin.get("/admin/accounts/signedinsession/").content.decode()
    assert "198.51.100.7" not in page and "198.51.100.8" in page


def test_signing_out_ends_the_record_and_only_an_administrator_sees_the_list(officer):
    client = _signed_in("olga")
    client.post("/accounts/logout/")
    assert SignedInSession.objects.get(user=officer).ended_at is not None
    client = _signed_in("olga")
    assert client.get("/admin/accounts/signedinsession/").status_code == 302


def test_a_token_expires_and_records_when_it_was_last_used(client, officer):
    token, raw = token_create(user=officer, name="skrip")
    expected = timezone.now() + dt.timedelta(days=settings.TOKEN_DAYS)
    assert token.expires_at is not None and abs(token.expires_at - expected) < dt.timedelta(
        minutes=1
    )
    auth = {"HTTP_AUTHORIZATION": f"Bearer {raw}"}
    assert client.get("/api/v1/partners", **auth).status_code == 200
    token.refresh_from_db()
    assert token.last_used_at is not None
    ApiToken.objects.filter(pk=token.pk).update(expires_at=timezone.now() - dt.timedelta(seconds=1))
    assert client.get("/api/v1/partners", **auth).status_code == 401
    assert client.get("/calendar.ics", {"token": raw}).status_code == 401

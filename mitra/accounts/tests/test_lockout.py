"""Repeated wrong sign-ins lock the user name and, separately, the address (django-axes): the
person is told in their language when to try again, and an administrator can unlock."""

from __future__ import annotations

import logging
import re

import pytest
from axes.models import AccessAttempt
from django.contrib.auth import SESSION_KEY
from django.test import Client

from mitra.accounts.models import User
from mitra.accounts.tokens import token_create

pytestmark = pytest.mark.django_db

LIMIT = 5


def _login(client: Client, username: str, password: str, addr: str = "10.0.0.1"):
    return client.post(
        "/accounts/login/", {"username": username, "password": password}, REMOTE_ADDR=addr
    )


def test_five_wrong_passwords_lock_the_user_even_with_the_right_one(client, officer, caplog):
    for _ in range(LIMIT - 1):
        assert _login(client, "olga", "wrong").status_code == 200
    with caplog.at_level(logging.INFO, logger="mitra.security"):
        assert _login(client, "olga", "wrong").status_code == 429  # the fifth locks
        response = _login(client, "olga", "pw-olga")
    assert response.status_code == 429
    assert SESSION_KEY not in client.session
    text = response.content.decode()
    assert re.search(r"Coba lagi setelah \d\d[:.]\d\d", text), text
    lines = [r.getMessage() for r in caplog.records if r.name == "mitra.security"]
    assert any(line.startswith("locked-out user=olga addr=10.0.0.1") for line in lines), lines


def test_the_lock_holds_from_another_address_too(client, officer):
    for i in range(LIMIT):
        _login(client, "olga", "wrong", addr=f"10.0.1.{i}")
    assert _login(client, "olga", "pw-olga", addr="10.0.9.9").status_code == 429


def test_an_address_trying_many_names_is_locked_for_every_name(client, officer, viewer):
    for name in ("a", "b", "c", "d", "e"):
        _login(client, name, "guess", addr="10.0.2.2")
    assert _login(client, "vina", "pw-vina", addr="10.0.2.2").status_code == 429
    # The same person from their own desk is not affected.
    assert _login(Client(), "vina", "pw-vina", addr="10.0.3.3").status_code == 302


def test_the_locked_out_message_follows_the_language(client, officer):
    client.cookies["django_language"] = "en"
    for _ in range(LIMIT):
        _login(client, "olga", "wrong")
    text = _login(client, "olga", "pw-olga").content.decode()
    assert re.search(r"Try again after \d\d:\d\d", text), text
    assert '<html lang="en">' in text


def test_a_good_login_before_the_limit_clears_the_count(client, officer):
    for _ in range(LIMIT - 1):
        _login(client, "olga", "wrong")
    assert _login(client, "olga", "pw-olga").status_code == 302
    client.logout()
    for _ in range(LIMIT - 1):
        _login(client, "olga", "wrong")
    assert _login(client, "olga", "pw-olga").status_code == 302


def test_an_administrator_unlocks_in_the_admin(client, officer):
    for _ in range(LIMIT):
        _login(client, "olga", "wrong")
    assert _login(client, "olga", "pw-olga").status_code == 429
    boss = User.objects.create_user(
        "boss", password="pw-boss", role=User.Role.ADMIN, is_staff=True, is_superuser=True
    )
    admin = Client()
    admin.force_login(boss)
    attempts = list(AccessAttempt.objects.filter(username="olga").values_list("pk", flat=True))
    assert attempts
    listing = admin.get("/admin/axes/accessattempt/")
    assert listing.status_code == 200 and "olga" in listing.content.decode()
    response = admin.post(
        "/admin/axes/accessattempt/",
        {"action": "delete_selected", "_selected_action": attempts, "post": "yes"},
    )
    assert response.status_code == 302
    assert _login(client, "olga", "pw-olga").status_code == 302


def test_wrong_api_tokens_lock_the_address_out_of_the_api(client, officer):
    good = token_create(user=officer, name="t")[1]
    bad = {"HTTP_AUTHORIZATION": "Bearer mitra_not-a-real-token", "REMOTE_ADDR": "10.0.4.4"}
    for _ in range(LIMIT - 1):
        assert client.get("/api/v1/partners", **bad).status_code == 401
    assert client.get("/api/v1/partners", **bad).status_code == 429
    locked = client.get(
        "/api/v1/partners", HTTP_AUTHORIZATION=f"Bearer {good}", REMOTE_ADDR="10.0.4.4"
    )
    assert locked.status_code == 429
    assert "Coba lagi setelah" in locked.json()["message"]
    # The calendar's ?token= is the same door.
    assert client.get("/calendar.ics", {"token": good}, REMOTE_ADDR="10.0.4.4").status_code == 429
    # The token's owner elsewhere is not locked out: a wrong token names no user.
    elsewhere = client.get(
        "/api/v1/partners", HTTP_AUTHORIZATION=f"Bearer {good}", REMOTE_ADDR="10.0.5.5"
    )
    assert elsewhere.status_code == 200

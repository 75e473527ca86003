"""MITRA_EMAIL_URL is parsed strictly: a typo stops start-up with a message naming the variable."""

from __future__ import annotations

import os
import subprocess
import sys

import pytest
from django.core.exceptions import ImproperlyConfigured

from mitra.core.mailconfig import CONSOLE, SMTP, parse_email_url


def test_unset_means_the_console_backend():
    assert parse_email_url("").backend == CONSOLE
    assert parse_email_url("console://").backend == CONSOLE


def test_a_full_smtp_address_with_starttls():
    mail = parse_email_url("smtp://bureau%40kemkes.go.id:s%3Acret@mail.kemkes.go.id:587?tls=1")
    assert (mail.backend, mail.host, mail.port) == (SMTP, "mail.kemkes.go.id", 587)
    assert (mail.user, mail.password) == ("bureau@kemkes.go.id", "s:cret")
    assert mail.use_tls and not mail.use_ssl
    assert mail.timeout == 10


def test_smtps_is_implicit_tls_on_465():
    mail = parse_email_url("smtps://mail.example.org?timeout=3.5")
    assert (mail.port, mail.use_ssl, mail.use_tls, mail.timeout) == (465, True, False, 3.5)


@pytest.mark.parametrize(
    ("url", "words"),
    [
        ("http://mail.example.org", "scheme must be smtp"),
        ("smtp://", "host name"),
        ("smtp://mail.example.org:99999", "port"),
        ("smtp://mail.example.org:abc", "port"),
        ("smtp://mail.example.org?tsl=1", "unknown option 'tsl'"),
        ("smtp://mail.example.org?tls=maybe", "tls must be 1 or 0"),
        ("smtp://mail.example.org?tls=1&ssl=1", "exclude each other"),
        ("smtp://mail.example.org?timeout=0", "timeout"),
        ("smtp://mail.example.org?timeout=soon", "timeout"),
        ("smtp://mail.example.org/inbox", "no path"),
        ("smtp://mail.example.org?tls=1&tls=0", "twice"),
    ],
)
def test_a_bad_address_is_refused_with_the_reason(url, words):
    with pytest.raises(ImproperlyConfigured, match="MITRA_EMAIL_URL") as err:
        parse_email_url(url)
    assert words in str(err.value)


def test_the_password_never_appears_in_the_message():
    with pytest.raises(ImproperlyConfigured) as err:
        parse_email_url("smtp://u:hunter2@mail.example.org?bogus=1")
    assert "hunter2" not in str(err.value)


def test_start_up_stops_on_a_bad_value(tmp_path):
    env = {**os.environ, "MITRA_DATA_DIR": str(tmp_path), "MITRA_EMAIL_URL": "smtp://x?tls=2"}
    env.pop("DJANGO_SETTINGS_MODULE", None)
    run = subprocess.run(
        [sys.executable, "-m", "mitra.cli", "manage", "check"],
        env=env,
        capture_output=True,
        text=True,
        timeout=600,
    )
    assert run.returncode != 0
    assert "MITRA_EMAIL_URL: tls must be 1 or 0" in run.stderr

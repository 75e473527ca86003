"""Web hardening (issue 16 §3): production settings pass Django's deploy check, every answer
carries a strict Content-Security-Policy and the other protective headers, stored files are
always downloads of opaque bytes, and CSRF guards every form and session write."""

from __future__ import annotations

import os
import re
import secrets
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from pathlib import Path

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client

from mitra.agreements import services as agreement_services
from mitra.cli import gunicorn_argv

pytestmark = pytest.mark.django_db

MITRA = [sys.executable, "-m", "mitra.cli"]
ROOT = Path(__file__).resolve().parents[3]


def _production(tmp_path: Path, **extra: str) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("MITRA_", "DJANGO_"))}
    env.update(
        MITRA_DATA_DIR=str(tmp_path),
        MITRA_DEBUG="false",
        MITRA_SECRET_KEY=secrets.token_urlsafe(50),
        MITRA_ALLOWED_HOSTS="mitra.kemkes.go.id",
    )
    env.update(extra)
    return env


def _run(args: list[str], env: dict[str, str], stdin: str = "") -> subprocess.CompletedProcess:
    return subprocess.run(
        [*MITRA, *args], env=env, input=stdin, capture_output=True, text=True, cwd=ROOT, timeout=600
    )


def test_the_deploy_check_is_clean_behind_an_https_proxy(tmp_path):
    env = _production(tmp_path, MITRA_SECURE_PROXY="true")
    done = _run(["manage", "check", "--deploy", "--fail-level", "WARNING"], env)
    assert done.returncode == 0, done.stdout + done.stderr
    assert "no issues" in done.stdout


def test_without_a_proxy_the_deploy_check_names_the_insecure_cookies(tmp_path):
    """Plain HTTP (no MITRA_SECURE_PROXY) is for loopback: the check says it is not a deploy."""
    done = _run(["manage", "check", "--deploy", "--fail-level", "WARNING"], _production(tmp_path))
    assert done.returncode != 0
    for warning in ("security.W004", "security.W008", "security.W012", "security.W016"):
        assert warning in done.stderr


# Run inside the production settings: plain HTTP is redirected, HTTPS gets HSTS and cookies
# that are only ever sent back over HTTPS.
PROXY_PROBE = """
from django.test import Client
c = Client(HTTP_HOST="mitra.kemkes.go.id")
plain = c.get("/accounts/login/", headers={"X-Forwarded-Proto": "http"})
print("plain", plain.status_code, plain.get("Location"))
tls = c.get("/accounts/login/", headers={"X-Forwarded-Proto": "https"})
print("tls", tls.status_code, tls.get("Strict-Transport-Security"))
print("cookie", tls.cookies["csrftoken"]["secure"])
"""


@pytest.fixture(scope="module")
def production_dir(tmp_path_factory) -> Path:
    """A data dir with a migrated SQLite database, for the processes started below."""
    path = tmp_path_factory.mktemp("production")
    done = _run(["manage", "migrate", "-v", "0"], _production(path))
    assert done.returncode == 0, done.stderr
    return path


def test_behind_the_proxy_http_redirects_and_https_gets_hsts_and_secure_cookies(production_dir):
    env = _production(production_dir, MITRA_SECURE_PROXY="true")
    done = _run(["manage", "shell", "--no-imports"], env, PROXY_PROBE)
    assert done.returncode == 0, done.stderr
    lines = dict(line.split(" ", 1) for line in done.stdout.splitlines() if " " in line)
    assert lines["plain"] == "301 https://mitra.kemkes.go.id/accounts/login/"
    assert lines["tls"] == "200 max-age=31536000; includeSubDomains; preload"
    assert lines["cookie"] == "True"


def test_every_answer_carries_a_strict_policy_and_protective_headers(client, officer):
    client.force_login(officer)
    for path in ("/", "/accounts/login/", "/partners/", "/api/v1/partners", "/nowhere/"):
        response = client.get(path)
        policy = response["Content-Security-Policy"]
        directives = {d.split()[0]: d.split()[1:] for d in policy.split(";") if d.strip()}
        assert directives["script-src"] == ["'self'"], path
        assert directives["style-src"] == ["'self'"], path
        assert directives["frame-ancestors"] == ["'none'"], path
        assert directives["object-src"] == ["'none'"], path
        assert "unsafe" not in policy, path
        assert response["X-Content-Type-Options"] == "nosniff"
        assert response["X-Frame-Options"] == "DENY"
        assert response["Referrer-Policy"] == "same-origin"


TEMPLATE_ROOT = ROOT / "mitra"
INLINE = [
    (re.compile(r"<script(?![^>]*\bsrc=)(?![^>]*application/(?:ld\+)?json)[^>]*>", re.I), "script"),
    (re.compile(r"\sstyle=[\"']", re.I), "style attribute"),
    (re.compile(r"\son[a-z]+=[\"']", re.I), "event handler"),
    (re.compile(r"javascript:", re.I), "javascript: URL"),
]
# Rendered to PDF by WeasyPrint on the server, never served as a page.
NOT_SERVED = {"brief_document.html"}


def test_no_template_has_inline_script_style_or_handlers():
    found = []
    for template in TEMPLATE_ROOT.rglob("templates/**/*.html"):
        if template.name in NOT_SERVED:
            continue
        text = template.read_text(encoding="utf-8")
        for pattern, what in INLINE:
            if pattern.search(text):
                found.append(f"{template.relative_to(ROOT)}: {what}")
    assert found == []


POST_FORM = re.compile(r"<form\b[^>]*method=[\"']post[\"'][^>]*>(.*?)</form>", re.I | re.S)


def test_every_post_form_carries_the_csrf_token():
    missing = []
    for template in TEMPLATE_ROOT.rglob("templates/**/*.html"):
        for form in POST_FORM.finditer(template.read_text(encoding="utf-8")):
            if "{% csrf_token %}" not in form.group(1):
                missing.append(f"{template.relative_to(ROOT)}: {form.group(0)[:80]}")
    assert missing == []


def test_htmx_requests_send_the_csrf_token(client, officer):
    client.force_login(officer)
    html = client.get("/partners/").content.decode()
    token = client.cookies["csrftoken"].value
    assert token
    match = re.search(r"data-hx-headers='\{\"X-CSRFToken\": \"([^\"]+)\"\}'", html)
    assert match is not None and match.group(1)


def test_a_form_post_without_the_csrf_token_is_refused(officer, kazakhstan):
    client = Client(enforce_csrf_checks=True)
    client.force_login(officer)
    response = client.post(f"/partners/{kazakhstan.code}/archive/")
    assert response.status_code == 403
    kazakhstan.refresh_from_db()
    assert kazakhstan.archived_at is None


def test_an_api_write_with_a_session_but_no_csrf_token_is_refused(officer, kazakhstan):
    """A browser session is not enough for the API to write: a forged cross-site POST carries
    the cookie but not the token. (Bearer tokens are not sent by browsers on their own.)"""
    client = Client(enforce_csrf_checks=True)
    client.force_login(officer)
    response = client.post(f"/api/v1/partners/{kazakhstan.code}/archive")
    assert response.status_code in (401, 403)
    kazakhstan.refresh_from_db()
    assert kazakhstan.archived_at is None


def test_a_stored_file_is_always_an_attachment_of_opaque_bytes(client, officer, draft):
    """Even a text file full of markup is never rendered by the browser in Mitra's origin."""
    upload = SimpleUploadedFile(
        "catatan.txt", b"<html><script>alert(document.cookie)</script></html>\n" * 3
    )
    document = agreement_services.agreement_attach_document(
        user=officer, agreement=draft, upload=upload, title="Catatan", kind="other"
    )
    client.force_login(officer)
    for path in (
        f"/documents/{document.pk}/file/",
        f"/agreements/{draft.pk}/documents/{document.pk}/",
    ):
        response = client.get(path)
        assert response.status_code == 200, path
        assert response["Content-Type"] == "application/octet-stream"
        assert response["Content-Disposition"].startswith("attachment;")
        assert response["X-Content-Type-Options"] == "nosniff"


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def test_the_calendar_token_never_reaches_the_server_log(production_dir, tmp_path):
    """What `mitra serve` runs (gunicorn with its access log) writes no token, for a valid
    request line, a referer or an Authorization header alike."""
    port = _free_port()
    log = tmp_path / "serve.log"
    secret = "mitra_" + secrets.token_urlsafe(32)
    with log.open("w") as out:
        server = subprocess.Popen(
            gunicorn_argv("127.0.0.1", port, 1),
            env=_production(production_dir, MITRA_ALLOWED_HOSTS="127.0.0.1"),
            stdout=out,
            stderr=subprocess.STDOUT,
            cwd=ROOT,
        )
    try:
        base = f"http://127.0.0.1:{port}"
        for _ in range(200):
            try:
                urllib.request.urlopen(base + "/healthz", timeout=2)  # noqa: S310 (loopback)
                break
            except OSError:
                time.sleep(0.1)
        statuses = []
        for url, headers in (
            (f"/calendar.ics?token={secret}", {"Referer": f"{base}/x?token={secret}"}),
            (f"/calendar.ics?lang=id&TOKEN={secret}", {}),
            ("/api/v1/partners", {"Authorization": f"Bearer {secret}"}),
        ):
            request = urllib.request.Request(base + url, headers=headers)  # noqa: S310
            try:
                statuses.append(urllib.request.urlopen(request, timeout=10).status)  # noqa: S310
            except urllib.error.HTTPError as exc:
                statuses.append(exc.code)
    finally:
        server.terminate()
        server.wait(timeout=20)
    text = log.read_text()
    assert statuses == [401, 401, 401]
    assert text.count("GET /calendar.ics?") == 2, text
    assert "token=[hidden]" in text
    assert secret not in text
    assert secret[6:20] not in text

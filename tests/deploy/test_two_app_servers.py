"""Past one machine (issue 18): two app servers (the gunicorn command of `mitra serve`, as on
two hosts) behind Debian's nginx, on one PostgreSQL and one shared data directory, with two
`mitra worker`s on the same queue. What one server stores or writes, the other serves at once;
a connection the database closed is replaced before a request uses it; a job runs once.

PostgreSQL only: another process cannot open the in-memory SQLite test database. In CI both
nginx and PostgreSQL are there (.ci/run), so there it must run, not skip."""

from __future__ import annotations

import datetime as dt
import os
import signal
import subprocess
import time

import pytest
import requests
from django.db import connection
from django.utils import timezone

from mitra.accounts.tokens import token_create
from mitra.bench import cluster
from mitra.documents.models import Document
from mitra.documents.tests import s3
from mitra.interop.models import IatiActivity
from mitra.interop.tests import iati_rules
from mitra.jobs.models import Job

# Committed data, seen by the servers' processes; the taxonomy comes back afterwards.
pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)
ACTIVITIES = iati_rules.shared("data", "iati", "activities")
IN_CI = os.environ.get("CI", "").lower() == "true"


@pytest.fixture
def shared_env(tmp_path) -> dict[str, str]:
    if connection.vendor != "postgresql":
        pytest.skip("another process cannot open the in-memory SQLite test database")
    if cluster.nginx_binary() is None:
        if IN_CI:
            pytest.fail("nginx is missing; CI must run the two-app-server test")
        pytest.skip("nginx is not installed (apt-get install nginx-light)")
    db = connection.settings_dict
    auth = db["USER"] + (f":{db['PASSWORD']}" if db["PASSWORD"] else "")
    url = f"postgres://{auth}@{db['HOST']}:{db['PORT']}/{db['NAME']}"
    return cluster.app_env(tmp_path / "shared", url, "one-key-for-every-app-server")


def _request(
    session: requests.Session, base: str, method: str, path: str, avoid: str = "", **kwargs
) -> requests.Response:
    """One request through nginx; with `avoid`, repeated (nginx takes the servers in turn) until
    another app server than that one answers. Only reads are repeated."""
    for _ in range(4):
        answer = session.request(method, base + path, allow_redirects=False, timeout=60, **kwargs)
        if not avoid or answer.headers[cluster.UPSTREAM_HEADER] != avoid:
            return answer
    raise AssertionError(f"nginx sent every request for {path} to {avoid}")


def _login(session: requests.Session, base: str, username: str, password: str) -> str:
    _request(session, base, "GET", "/accounts/login/")
    answer = _request(
        session,
        base,
        "POST",
        "/accounts/login/",
        data={
            "username": username,
            "password": password,
            "csrfmiddlewaretoken": session.cookies["csrftoken"],
        },
        headers={"Referer": base + "/accounts/login/"},
    )
    assert answer.status_code == 302, answer.text[:2000]
    return answer.headers[cluster.UPSTREAM_HEADER]


def _csrf(session: requests.Session, base: str) -> dict[str, str]:
    return {"X-CSRFToken": session.cookies["csrftoken"], "Referer": base + "/"}


def _attach(
    browser: requests.Session, base: str, agreement, title: str, kind: str, content: bytes
) -> tuple[requests.Response, Document]:
    """Upload a text file to an agreement through nginx, as the agreement page's form does."""
    stored = _request(
        browser,
        base,
        "POST",
        f"/agreements/{agreement.pk}/documents/",
        data={"title": title, "kind": kind},
        files={"file": ("lampiran.txt", content, "text/plain")},
        headers=_csrf(browser, base),
    )
    assert stored.status_code == 302, stored.text[:2000]
    return stored, Document.objects.get(title=title)


def test_two_app_servers_behind_nginx_serve_one_registry(
    shared_env, officer, in_force, tmp_path, settings
):
    # The servers run the production settings, which do not read the tests' fast MD5 hashes.
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.PBKDF2PasswordHasher"]
    officer.set_password("pw-olga")
    officer.save(update_fields=["password"])
    token = token_create(user=officer, name="cluster")[1]
    bearer = {"Authorization": f"Bearer {token}"}
    browser = requests.Session()
    with cluster.running(env=shared_env, servers=2, workers=1, folder=tmp_path / "run") as lb:
        base = lb.url
        # Signed in through one server, the session is good on the other (one database, one key).
        first = _login(browser, base, "olga", "pw-olga")
        home = _request(browser, base, "GET", "/", avoid=first)
        assert home.status_code == 200 and "olga" in home.text

        # A document stored through one server is served by the other, byte for byte.
        content = "Notulen rapat teknis Indonesia–Kazakhstan, lampiran bersama.\n".encode()
        stored, document = _attach(browser, base, in_force, "Notulen bersama", "minutes", content)
        served = _request(
            browser,
            base,
            "GET",
            f"/documents/{document.pk}/file/",
            avoid=stored.headers[cluster.UPSTREAM_HEADER],
        )
        assert served.status_code == 200 and served.content == content
        assert (tmp_path / "shared" / "documents" / document.file.name).read_bytes() == content

        # Both servers remember a dashboard; a write through one shows at once on both boards
        # and lists (every remembered board is keyed by the data version in the database).
        title = "MoU kerja sama laboratorium kesehatan (dua server)"
        for server in lb.app_ports:
            board = _request(browser, base, "GET", "/", avoid=f"127.0.0.1:{server}")
            assert board.status_code == 200 and title not in board.text
        today = timezone.localdate()
        created = _request(
            browser,
            base,
            "POST",
            "/api/v1/agreements",
            json={
                "title": title,
                "partners": ["KAZ"],
                "status": "in_force",
                "date_signed": str(today - dt.timedelta(days=700)),
                "date_in_force": str(today - dt.timedelta(days=690)),
                "date_expiry": str(today + dt.timedelta(days=20)),
            },
            headers=bearer,
        )
        assert created.status_code == 201, created.text
        writer = created.headers[cluster.UPSTREAM_HEADER]
        for avoid in (writer, ""):  # the other server first, then whichever comes
            board = _request(browser, base, "GET", "/", avoid=avoid)
            assert title in board.text, board.headers[cluster.UPSTREAM_HEADER]
        listed = _request(browser, base, "GET", "/agreements/?expiring=30", avoid=writer)
        assert title in listed.text

        # The database drops every server's kept connection (a restart, a failover): each is
        # checked before the next request uses it and replaced, so no page fails.
        with connection.cursor() as cursor:
            cursor.execute(
                "SELECT count(pg_terminate_backend(pid)) FROM pg_stat_activity "
                "WHERE datname = current_database() AND pid <> pg_backend_pid()"
            )
            assert cursor.fetchone()[0] >= 2  # one kept by each app server's worker
        for server in lb.app_ports:
            page = _request(browser, base, "GET", "/partners/", avoid=f"127.0.0.1:{server}")
            assert page.status_code == 200 and "Kazakhstan" in page.text

        # Background work: an import started through one server is run by one of two workers
        # on the same queue (its file waits in the shared data directory), once, and its page
        # on either server shows the result.
        if not ACTIVITIES.is_dir():
            if IN_CI:
                pytest.fail("../shared/data/iati not present")
            return
        sample = ACTIVITIES / "dportal-covid19-sample-2.03.xml"
        started = _request(
            browser,
            base,
            "POST",
            "/interop/iati/",
            files={"file": (sample.name, sample.read_bytes(), "application/xml")},
            headers=_csrf(browser, base),
        )
        assert started.status_code == 302, started.text[:2000]
        job = Job.objects.get()
        workers = [
            subprocess.Popen(
                [cluster.MITRA, "worker", "--interval", "0.2", "--no-startup-delay"],
                env=shared_env,
                stdout=(tmp_path / f"worker-{n}.log").open("wb"),
                stderr=subprocess.STDOUT,
            )
            for n in (1, 2)
        ]
        try:
            _until(lambda: Job.objects.get(pk=job.pk).is_over)
        finally:
            for worker in workers:
                worker.send_signal(signal.SIGTERM)
                worker.wait(timeout=60)
        job.refresh_from_db()
        assert job.status == Job.Status.DONE, (tmp_path / "worker-1.log").read_text()
        assert job.history.filter(status=Job.Status.RUNNING).count() == 1
        assert IatiActivity.objects.count() == 401
        for server in lb.app_ports:
            page = _request(browser, base, "GET", f"/jobs/{job.pk}/", avoid=f"127.0.0.1:{server}")
            assert "401 kegiatan dibaca" in page.text


def test_two_app_servers_share_documents_in_s3_compatible_object_storage(
    shared_env, s3_server, officer, in_force, tmp_path, settings
):
    """MITRA_STORAGE_URL: the servers share a bucket instead of a directory. A document
    uploaded through one is served by the other, through Mitra (permission checked), from the
    bucket; nothing of it lands in the data directory."""
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.PBKDF2PasswordHasher"]
    officer.set_password("pw-olga")
    officer.save(update_fields=["password"])
    bucket = s3_server.new_bucket()
    env = {**shared_env, **s3.CREDENTIALS, "MITRA_STORAGE_URL": s3_server.url(bucket)}
    browser = requests.Session()
    with cluster.running(env=env, servers=2, workers=1, folder=tmp_path / "run") as lb:
        base = lb.url
        _login(browser, base, "olga", "pw-olga")
        content = "Laporan kemajuan rencana aksi 2025–2027, disimpan di bucket.\n".encode()
        stored, document = _attach(browser, base, in_force, "Laporan kemajuan", "report", content)
        assert s3_server.objects(bucket) == {document.file.name: content}
        for path in (
            f"/documents/{document.pk}/file/",
            f"/agreements/{in_force.pk}/documents/{document.pk}/",
        ):
            served = _request(
                browser, base, "GET", path, avoid=stored.headers[cluster.UPSTREAM_HEADER]
            )
            assert served.status_code == 200 and served.content == content
            assert served.headers["Content-Disposition"].startswith("attachment;")
            assert served.headers["Content-Type"] == "application/octet-stream"
            assert _request(requests.Session(), base, "GET", path).status_code == 302  # login
        assert not (tmp_path / "shared" / "documents").exists()
        for log in (tmp_path / "run").glob("app-*.log"):  # the secret key is never logged
            assert s3.CREDENTIALS["AWS_SECRET_ACCESS_KEY"] not in log.read_text(errors="replace")


def _until(condition, seconds: float = 120) -> None:
    end = time.monotonic() + seconds
    while not condition():
        if time.monotonic() > end:
            raise AssertionError("timed out")
        time.sleep(0.1)

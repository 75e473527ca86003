"""Latency and throughput of the key pages and API calls under gunicorn on loopback, at 1, 8 and
32 concurrent clients, each beside /healthz (a constant JSON answer on the same server: the
framework's ceiling); queries per page; search against an icontains scan; worker memory and
cold start."""

from __future__ import annotations

import http.client
import os
import socket
import statistics
import subprocess
import sys
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import Any

CONCURRENCY = (1, 8, 32)
REQUESTS = 160  # per page and concurrency: enough for a p95, few enough for a short run


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def start_server(port: int, workers: int) -> tuple[subprocess.Popen[bytes], float]:
    """Start gunicorn like `mitra serve` does and return it with its cold-start time."""
    start = time.perf_counter()
    process = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "gunicorn",
            "mitra.wsgi:application",
            "--bind",
            f"127.0.0.1:{port}",
            "--workers",
            str(workers),
            "--timeout",
            "120",
            "--log-level",
            "warning",
        ],
        env={**os.environ, "MITRA_ALLOWED_HOSTS": "127.0.0.1,localhost"},
    )
    deadline = time.time() + 60
    while time.time() < deadline:
        try:
            connection = http.client.HTTPConnection("127.0.0.1", port, timeout=2)
            connection.request("GET", "/healthz")
            if connection.getresponse().status == 200:
                return process, time.perf_counter() - start
        except OSError:
            time.sleep(0.05)
    process.kill()
    raise RuntimeError("gunicorn did not start")


def worker_rss_kb(master: int) -> dict[int, int]:
    """The resident memory (kB) of each child of the gunicorn master, by pid, from /proc."""
    out = {}
    for status in Path("/proc").glob("[0-9]*/status"):
        try:
            text = status.read_text()
        except OSError:
            continue
        fields = dict(line.split(":", 1) for line in text.splitlines() if ":" in line)
        if fields.get("PPid", "").strip() == str(master) and "VmRSS" in fields:
            out[int(status.parent.name)] = int(fields["VmRSS"].split()[0])
    return out


def worker_rss_mb(master: int) -> list[float]:
    return [kb / 1024 for kb in worker_rss_kb(master).values()]


def session_cookie() -> str:
    """A logged-in officer's session, made directly in the session store."""
    from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY
    from django.contrib.sessions.backends.db import SessionStore

    from mitra.accounts.models import User

    user = User.objects.filter(username="bench-officer").first() or User.objects.create_user(
        username="bench-officer", role=User.Role.OFFICER
    )
    session = SessionStore()
    session[SESSION_KEY] = str(user.pk)
    session[BACKEND_SESSION_KEY] = "django.contrib.auth.backends.ModelBackend"
    session[HASH_SESSION_KEY] = user.get_session_auth_hash()
    session.create()
    return f"sessionid={session.session_key}"


def load(
    port: int, path: str, headers: dict[str, str], concurrency: int, total: int
) -> dict[str, float]:
    """`total` GETs from `concurrency` keep-alive clients: latency percentiles and throughput."""
    per_client = max(1, total // concurrency)

    def client(_n: int) -> list[float]:
        connection = http.client.HTTPConnection("127.0.0.1", port, timeout=120)
        times = []
        for _ in range(per_client):
            start = time.perf_counter()
            connection.request("GET", path, headers=headers)
            response = connection.getresponse()
            response.read()
            if response.status >= 400:
                raise RuntimeError(f"{path}: HTTP {response.status}")
            times.append(time.perf_counter() - start)
        connection.close()
        return times

    start = time.perf_counter()
    with ThreadPoolExecutor(concurrency) as pool:
        times = [t for batch in pool.map(client, range(concurrency)) for t in batch]
    elapsed = time.perf_counter() - start
    cuts = statistics.quantiles(times, n=100, method="inclusive")
    return {
        "p50": cuts[49] * 1000,
        "p95": cuts[94] * 1000,
        "p99": cuts[98] * 1000,
        "rps": len(times) / elapsed,
    }


def pages() -> list[tuple[str, str, str]]:
    """(name, path, auth) for the key pages and API calls, on the data in the database."""
    from mitra.agreements.models import Agreement
    from mitra.partners.models import Partner

    partner = Partner.objects.filter(agreement_parties__isnull=False).order_by("pk").first()
    code = partner.code if partner else "KAZ"
    first = Agreement.objects.order_by("pk").values_list("pk", flat=True)[100:101]
    import base64

    cursor = base64.urlsafe_b64encode(str(first[0] if first else 0).encode()).decode().rstrip("=")
    return [
        ("dashboard", "/", "session"),
        ("partner list, filtered", "/partners/?kind=ngo&region=europe", "session"),
        ("agreement list, area and expiry", "/agreements/?area=vaccines&expiring=365", "session"),
        ("partner page", f"/partners/{code}/", "session"),
        ("country brief (HTML)", f"/partners/{code}/brief/", "session"),
        ("country brief (PDF)", f"/partners/{code}/brief.pdf", "session"),
        ("search", "/search/?q=vaksin", "session"),
        ("my week (inbox)", "/inbox/", "session"),
        ("API agreement list, cursor", f"/api/v1/agreements?limit=50&cursor={cursor}", "token"),
    ]


def queries_per_page(items: list[tuple[str, str, str]]) -> dict[str, int]:
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    from mitra.accounts.models import User

    client = Client(HTTP_HOST="127.0.0.1")
    client.force_login(User.objects.get(username="bench-officer"))
    out = {}
    for name, path, _auth in items:
        if path.startswith("/api/"):
            continue
        with CaptureQueriesContext(connection) as ctx:
            client.get(path)
        out[name] = len(ctx.captured_queries)
    return out


def _median_seconds(fn: Any, repeat: int) -> float:
    runs = []
    for _ in range(repeat):
        start = time.perf_counter()
        fn()
        runs.append(time.perf_counter() - start)
    return statistics.median(runs)


def search_vs_scan(term: str = "vaksin", repeat: int = 5) -> tuple[float, float]:
    """Median seconds: the ranked search (top 50 with snippets) and an icontains scan."""
    from django.db.models import Q

    from mitra.accounts.models import User
    from mitra.search.models import SearchEntry
    from mitra.search.selectors import search

    user = User.objects.get(username="bench-officer")
    fts = _median_seconds(lambda: search(user=user, q=term), repeat)
    scan = _median_seconds(
        lambda: SearchEntry.objects.filter(
            Q(title__icontains=term) | Q(body__icontains=term)
        ).count(),
        repeat,
    )
    return fts, scan


def dashboard_compute_vs_remembered(repeat: int = 3) -> tuple[float, float]:
    """Median seconds in process: computing the officer's board from the data (what the first
    look after a change costs) and reading it back from the memo."""
    from django.utils import timezone

    from mitra.accounts.models import User
    from mitra.insights import dashboard

    user = User.objects.get(username="bench-officer")
    filters, today = dashboard.Filters(), timezone.localdate()
    computed = _median_seconds(
        lambda: dashboard.compute(user=user, filters=filters, sort="rate", today=today), repeat
    )
    dashboard.dashboard(user=user, filters=filters)  # remembered from here on
    remembered = _median_seconds(lambda: dashboard.dashboard(user=user, filters=filters), repeat)
    return computed, remembered


def dashboard_after_agreement_change(repeat: int = 3) -> float:
    """Median seconds in process: the officer's board on the first look after a write to
    agreements alone. Another path than a change to everything: the portfolio is computed
    again, the lists of what needs attention are kept (by the versions of plans, meetings and
    units, which an agreement does not move)."""
    from django.utils import timezone

    from mitra.accounts.models import User
    from mitra.core import freshness
    from mitra.insights import dashboard

    user = User.objects.get(username="bench-officer")
    filters, today = dashboard.Filters(), timezone.localdate()
    dashboard.dashboard(user=user, filters=filters, today=today)  # the lists remembered
    runs = []
    for _ in range(repeat):
        freshness.bump("agreements")  # what any agreement's save does, in its transaction
        start = time.perf_counter()
        dashboard.dashboard(user=user, filters=filters, today=today)
        runs.append(time.perf_counter() - start)
    return statistics.median(runs)


def profile(items: list[tuple[str, str, str]], out: Path, token: str) -> list[Path]:
    """One warm request of each page under pyinstrument, in process; a text call tree per page
    in `out` (where the time goes when a target is missed)."""
    from django.test import Client
    from pyinstrument import Profiler

    from mitra.accounts.models import User

    client = Client(HTTP_HOST="127.0.0.1")
    client.force_login(User.objects.get(username="bench-officer"))
    out.mkdir(parents=True, exist_ok=True)
    written = []
    for name, path, auth in items:
        # `headers=` is the typed form of the HTTP_AUTHORIZATION environ key.
        headers = {"Authorization": f"Bearer {token}"} if auth == "token" else None
        client.get(path, headers=headers)  # warm: caches, memo, first connection
        profiler = Profiler(interval=0.0005)
        with profiler:
            for _ in range(5):
                client.get(path, headers=headers)
        written.append(_call_tree(out, name, f"GET {path}, 5 requests", profiler))
    # The first look after a change computes the whole board (and My week's funding at risk)
    # from the data: the page rows above read it back from memory.
    from django.utils import timezone

    from mitra.insights import dashboard

    user, today = User.objects.get(username="bench-officer"), timezone.localdate()
    profiler = Profiler(interval=0.001)
    with profiler:
        dashboard.compute(user=user, filters=dashboard.Filters(), sort="rate", today=today)
    written.append(
        _call_tree(out, "dashboard computed after a change", "insights.dashboard.compute", profiler)
    )
    return written


def _call_tree(out: Path, name: str, what: str, profiler: Any) -> Path:
    import re

    target = out / (re.sub(r"[^a-z0-9]+", "-", name.lower()).strip("-") + ".txt")
    target.write_text(
        f"{name}: {what}\n\n" + profiler.output_text(unicode=True, color=False, show_all=False),
        encoding="utf-8",
    )
    return target

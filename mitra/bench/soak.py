"""A soak on loopback (issue 16 §6): simulated users of every role, each logged in once, loop
over a mix of reads and the writes their role may do, against a running `mitra serve`, for a
bounded time. Every request's status and latency is kept; the report gives the count, the
errors by kind (5xx, unexpected 4xx, connection errors, any answer that says "database is
locked"), p50/p95 per page and each gunicorn worker's RSS at the start and the end (from /proc).

Not in CI: run by hand, e.g.
    python -m mitra.bench.soak --port 8190 --server-pid PID --users 16 --minutes 10

It speaks plain HTTP with the standard library (no Django in this process), so what it measures
is the served application only; it never leaves 127.0.0.1.
"""

from __future__ import annotations

import argparse
import datetime as dt
import http.client
import json
import random
import re
import statistics
import sys
import threading
import time
from collections import Counter
from dataclasses import dataclass, field
from http.cookies import SimpleCookie
from pathlib import Path
from typing import Any
from urllib.parse import urlencode

from mitra.bench.pages import worker_rss_kb

ROLES = ("officer", "focal", "viewer", "admin")
LOCKED = b"database is locked"
FOCAL_UNIT = "ditjen-p2p"  # the demo focal point's unit (mitra/demo/registry.py)
FOCAL_UNIT_NAME = "Direktorat Jenderal Pencegahan dan Pengendalian Penyakit"
NOTICE_KINDS = ("expiry", "notice", "followup", "report", "delayed", "dormant", "obligation")


@dataclass
class Sample:
    page: str
    status: int  # 0: the connection failed
    seconds: float
    locked: bool = False
    expected: tuple[int, ...] = (200,)


@dataclass
class Client:
    """One simulated user: a keep-alive connection, its cookies, its CSRF token."""

    port: int
    username: str
    samples: list[Sample]
    period_base: int = 0  # days after 1900-01-01 where this user's result periods start
    cookies: dict[str, str] = field(default_factory=dict)
    connection: http.client.HTTPConnection | None = None

    def _connection(self) -> http.client.HTTPConnection:
        if self.connection is None:
            self.connection = http.client.HTTPConnection("127.0.0.1", self.port, timeout=120)
        return self.connection

    def request(
        self,
        page: str,
        method: str,
        path: str,
        *,
        form: dict[str, Any] | None = None,
        payload: Any = None,
        expected: tuple[int, ...] = (200,),
    ) -> tuple[int, bytes]:
        headers = {"Host": "127.0.0.1", "Accept-Language": "id"}
        if self.cookies:
            headers["Cookie"] = "; ".join(f"{k}={v}" for k, v in self.cookies.items())
        body: bytes | None = None
        if method != "GET":
            headers["X-CSRFToken"] = self.cookies.get("csrftoken", "")
            headers["Referer"] = f"http://127.0.0.1:{self.port}{path}"
        if form is not None:
            form = {**form, "csrfmiddlewaretoken": self.cookies.get("csrftoken", "")}
            body = urlencode(form).encode()
            headers["Content-Type"] = "application/x-www-form-urlencoded"
        elif payload is not None:
            body = json.dumps(payload).encode()
            headers["Content-Type"] = "application/json"
        start = time.perf_counter()
        try:
            connection = self._connection()
            connection.request(method, path, body=body, headers=headers)
            response = connection.getresponse()
            data = response.read()
        except (OSError, http.client.HTTPException):
            if self.connection is not None:
                self.connection.close()
            self.connection = None
            self.samples.append(Sample(page, 0, time.perf_counter() - start, expected=expected))
            return 0, b""
        seconds = time.perf_counter() - start
        for header in response.headers.get_all("Set-Cookie") or []:
            for key, morsel in SimpleCookie(header).items():
                self.cookies[key] = morsel.value
        self.samples.append(
            Sample(page, response.status, seconds, LOCKED in data, expected=expected)
        )
        if response.getheader("Connection", "").lower() == "close":
            connection.close()
            self.connection = None
        return response.status, data

    def json(self, page: str, path: str) -> Any:
        status, data = self.request(page, "GET", path)
        return json.loads(data) if status == 200 else {"items": []}

    def login(self, password: str) -> bool:
        self.request("login form", "GET", "/accounts/login/")
        status, _ = self.request(
            "login",
            "POST",
            "/accounts/login/",
            form={"username": self.username, "password": password, "next": "/"},
            expected=(302,),
        )
        return status == 302 and "sessionid" in self.cookies


@dataclass
class World:
    """Identifiers in the served database, read once through the API as the user sees them."""

    partners: list[str]
    agreements: list[int]
    plans: list[int]
    meetings: list[int]
    activities: list[int]
    indicators: list[int]
    units: list[str]  # the ids offered for a follow-up's owner, the focal point's unit first
    followups: list[int] = field(default_factory=list)  # the focal point's unit's


def unit_followups(client: Client) -> list[int]:
    return _ids(
        client, "API follow-up list", f"/api/v1/meetings/followups?limit=50&unit={FOCAL_UNIT}"
    )


def _ids(client: Client, page: str, path: str, key: str = "id") -> list[Any]:
    return [item[key] for item in client.json(page, path).get("items", [])]


def discover(client: Client, role: str) -> World:
    """What this role works on: the officer its meetings and the units that own follow-ups, the
    focal point the activities and indicators of its own unit (the demo's FOCAL_UNIT)."""
    meetings: list[int] = []
    units: list[str] = []
    activities: list[int] = []
    indicators: list[int] = []
    if role == "officer":
        meetings = _ids(client, "API meeting list", "/api/v1/meetings?limit=50")
    if meetings:
        _, html = client.request("meeting page", "GET", f"/meetings/{meetings[0]}/")
        select = re.search(rb'name="followups-0-owner_unit".*?</select>', html, re.S)
        if select:
            options = re.findall(rb'<option value="(\d+)">([^<]*)<', select.group(0))
            units = sorted(
                (value.decode() for value, _ in options),
                key=lambda v: (
                    next(label for value, label in options if value.decode() == v)
                    != FOCAL_UNIT_NAME.encode()
                ),
            )
    if role == "focal":
        path = f"/api/v1/plans/activities?limit=50&unit={FOCAL_UNIT}"
        activities = _ids(client, "API activity list", path)
        found = client.json("API indicator list", "/api/v1/plans/indicators?limit=50")
        indicators = [i["id"] for i in found["items"] if i["activity_id"] in activities]
    return World(
        partners=_ids(client, "API partner list", "/api/v1/partners?limit=50", "code"),
        agreements=_ids(client, "API agreement list", "/api/v1/agreements?limit=50"),
        plans=_ids(client, "API plan list", "/api/v1/plans?limit=50"),
        meetings=meetings,
        activities=activities,
        indicators=indicators,
        units=units,
        followups=unit_followups(client) if role == "focal" else [],
    )


def reads(client: Client, world: World, rnd: random.Random) -> None:
    """One pass over the pages every role opens."""
    code = rnd.choice(world.partners) if world.partners else None
    pages: list[tuple[str, str]] = [
        ("dashboard", "/"),
        ("partner list", "/partners/?q=" + rnd.choice(["", "kes", "world"])),
        ("agreement list", "/agreements/"),
        ("search", "/search/?q=" + rnd.choice(["vaksin", "kesehatan", "malaria", "tb"])),
        ("inbox", "/inbox/"),
        ("notifications", "/notifications/"),
        ("API agreement list", "/api/v1/agreements?limit=20"),
    ]
    if code:
        pages += [("partner page", f"/partners/{code}/"), ("brief", f"/partners/{code}/brief/")]
    if world.agreements:
        pages.append(("agreement page", f"/agreements/{rnd.choice(world.agreements)}/"))
    if world.plans:
        pages.append(("plan page", f"/plans/{rnd.choice(world.plans)}/"))
    for page, path in rnd.sample(pages, k=min(5, len(pages))):
        client.request(page, "GET", path)


def write(client: Client, world: World, rnd: random.Random, role: str, n: int) -> None:
    """One write the role may do, through the API or a page form as a person would."""
    tag = f"soak {client.period_base} {n}"  # period_base: this run and this user
    if role == "officer":
        choice = n % 3
        if choice == 0:
            code = f"soak-{int(time.time())}-{client.period_base}-{n}"
            client.request(
                "API partner create",
                "POST",
                "/api/v1/partners",
                payload={
                    "kind": "ngo",
                    "code": code,
                    "name_id": f"Mitra uji {tag}",
                    "name_en": f"Test partner {tag}",
                },
                expected=(201,),
            )
        elif choice == 1 and world.agreements:
            pk = rnd.choice(world.agreements)
            client.request(
                "API agreement edit",
                "PATCH",
                f"/api/v1/agreements/{pk}",
                payload={"summary": f"Ringkasan ({tag})"},
            )
        elif world.meetings and world.units:
            pk = rnd.choice(world.meetings)
            due = dt.datetime.now(dt.UTC).date() + dt.timedelta(days=30)
            client.request(
                "meeting follow-up add",
                "POST",
                f"/meetings/{pk}/follow-ups/",
                form={
                    "followups-TOTAL_FORMS": 1,
                    "followups-INITIAL_FORMS": 0,
                    "followups-0-description": f"Tindak lanjut {tag}",
                    # Half to the demo focal point's unit, so that it has follow-ups to close.
                    "followups-0-owner_unit": world.units[0] if n % 2 else rnd.choice(world.units),
                    "followups-0-due_date": due.isoformat(),
                    "participants-TOTAL_FORMS": 0,
                    "participants-INITIAL_FORMS": 0,
                },
                expected=(302,),
            )
    elif role == "focal":
        if n % 5 == 0:  # the officers keep adding follow-ups for the unit
            world.followups = unit_followups(client)
        if n % 3 == 0 and world.activities:  # none in the demo: its activities have no owner
            client.request(
                "API activity status",
                "PATCH",
                f"/api/v1/plans/activities/{rnd.choice(world.activities)}",
                payload={"status": rnd.choice(["ongoing", "planned"])},
            )
        elif n % 3 == 1 and world.indicators:
            # A period of its own (one day) for each report: this run, this user, this loop.
            day = dt.date(1900, 1, 1) + dt.timedelta(days=client.period_base + n)
            client.request(
                "API result report",
                "POST",
                f"/api/v1/plans/indicators/{rnd.choice(world.indicators)}/results",
                payload={
                    "period_start": day.isoformat(),
                    "period_end": day.isoformat(),
                    "value": n,
                    "note": tag,
                },
                expected=(201,),
            )
        elif world.followups:
            client.request(
                "API follow-up status",
                "POST",
                f"/api/v1/meetings/followups/{rnd.choice(world.followups)}/status",
                payload={"status": rnd.choice(["done", "open"]), "note": tag},
            )
    elif role == "admin":  # the registry is the bureau's: an administrator's own settings
        client.request(
            "notification preferences",
            "POST",
            "/notifications/preferences/",
            form={rnd.choice(NOTICE_KINDS): rnd.choice(["immediate", "daily", "weekly", "off"])},
            expected=(302,),
        )
    else:  # a viewer writes only its own state: the notifications read
        client.request(
            "notifications read all", "POST", "/notifications/read-all/", form={}, expected=(302,)
        )


def user_loop(
    port: int, username: str, password: str, until: float, max_loops: int, seed: int
) -> list[Sample]:
    samples: list[Sample] = []
    # Result periods unique across users and across runs on the same database.
    base = (int(time.time()) // 60 % 90) * 30_000 + seed * 1_500
    client = Client(port, username, samples, period_base=base)
    if not client.login(password):
        return samples
    rnd = random.Random(seed)
    world = discover(client, username)
    n = 0
    while time.time() < until and n < max_loops:
        reads(client, world, rnd)
        write(client, world, rnd, username, n)
        n += 1
    if client.connection is not None:
        client.connection.close()
    return samples


def percentile(values: list[float], q: int) -> float:
    if len(values) == 1:
        return values[0]
    return statistics.quantiles(values, n=100, method="inclusive")[q - 1]


def summarise(
    samples: list[Sample], rss_start: dict[int, int], rss_end: dict[int, int], seconds: float
) -> dict[str, Any]:
    """The figures: counts, errors by kind, p50/p95 per page, RSS growth per worker."""
    errors: Counter[str] = Counter()
    where: Counter[str] = Counter()
    for s in samples:
        kind = ""
        if s.status == 0:
            kind = "connection"
        elif s.status >= 500:
            kind = "5xx"
        elif s.status not in s.expected:
            kind = f"unexpected {s.status}"
        if kind:
            errors[kind] += 1
            where[f"{s.page}: {s.status or 'connection'}"] += 1
        if s.locked:
            errors["database is locked"] += 1
            where[f"{s.page}: database is locked"] += 1
    by_page: dict[str, list[float]] = {}
    for s in samples:
        by_page.setdefault(s.page, []).append(s.seconds * 1000)
    workers = []
    for pid in sorted(set(rss_start) | set(rss_end)):
        start, end = rss_start.get(pid), rss_end.get(pid)
        growth = round((end - start) / start * 100, 1) if start and end else None
        workers.append(
            {"pid": pid, "start_mb": _mb(start), "end_mb": _mb(end), "growth_pct": growth}
        )
    return {
        "requests": len(samples),
        "seconds": round(seconds, 1),
        "rate": round(len(samples) / seconds, 1) if seconds else 0.0,
        "errors": dict(errors),
        "error_count": sum(errors.values()),
        "errors_by_page": dict(where),
        "pages": {
            page: {
                "count": len(times),
                "p50_ms": round(percentile(times, 50), 1),
                "p95_ms": round(percentile(times, 95), 1),
            }
            for page, times in sorted(by_page.items())
        },
        "workers": workers,
    }


def _mb(kb: int | None) -> float | None:
    return round(kb / 1024, 1) if kb is not None else None


def markdown(report: dict[str, Any]) -> str:
    lines = [
        f"{report['requests']:,} requests in {report['seconds']:.0f} s "
        f"({report['rate']}/s); errors: {report['errors'] or 'none'}",
        "",
        "| page | requests | p50 ms | p95 ms |",
        "|---|---:|---:|---:|",
    ]
    for page, row in report["pages"].items():
        lines.append(f"| {page} | {row['count']:,} | {row['p50_ms']} | {row['p95_ms']} |")
    lines.append("")
    for label, key in (("", "workers"), (" after warm-up", "workers_after_warm_up")):
        for w in report.get(key, []):
            lines.append(
                f"worker {w['pid']}{label}: {w['start_mb']} MB → {w['end_mb']} MB RSS"
                f" ({w['growth_pct']} %)"
            )
    return "\n".join(lines)


def wait_until_up(port: int, seconds: float = 120.0) -> None:
    """`mitra serve` migrates and collects static files before gunicorn listens."""
    deadline = time.time() + seconds
    while True:
        try:
            connection = http.client.HTTPConnection("127.0.0.1", port, timeout=5)
            connection.request("GET", "/healthz")
            if connection.getresponse().status == 200:
                return
        except OSError:
            pass
        if time.time() > deadline:
            raise SystemExit(f"Nothing answers /healthz on 127.0.0.1:{port}.")
        time.sleep(0.5)


def run(
    port: int, master: int, users: int, minutes: float, password: str, max_loops: int
) -> dict[str, Any]:
    max_loops = min(max_loops, 1_500)  # each user's result periods are 1,500 days apart
    wait_until_up(port)
    rss_start = worker_rss_kb(master)
    until = time.time() + minutes * 60
    # A second reading once the workers are warm (imports, templates, caches, connections):
    # growth after it is what a leak would show; growth from the start includes the warming.
    warm: dict[int, int] = {}
    timer = threading.Timer(min(60.0, minutes * 6), lambda: warm.update(worker_rss_kb(master)))
    timer.start()
    results: list[list[Sample]] = [[] for _ in range(users)]

    def target(i: int) -> None:
        results[i] = user_loop(port, ROLES[i % len(ROLES)], password, until, max_loops, seed=i)

    start = time.perf_counter()
    threads = [threading.Thread(target=target, args=(i,)) for i in range(users)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    elapsed = time.perf_counter() - start
    timer.cancel()
    rss_end = worker_rss_kb(master)
    report = summarise([s for r in results for s in r], rss_start, rss_end, elapsed)
    report["workers_after_warm_up"] = summarise([], warm, rss_end, elapsed)["workers"]
    report.update(users=users, minutes=minutes, port=port)
    return report


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--port", type=int, required=True, help="of `mitra serve` on 127.0.0.1")
    parser.add_argument("--server-pid", type=int, required=True, help="the gunicorn master")
    parser.add_argument("--users", type=int, default=16)
    parser.add_argument("--minutes", type=float, default=10.0)
    parser.add_argument(
        "--max-loops", type=int, default=1_500, help="per user, a bound (≤ 1,500: result periods)"
    )
    parser.add_argument("--password", default="mitra-demo", help="the demo users' password")
    parser.add_argument("--out", help="write the JSON report here")
    args = parser.parse_args(argv)
    report = run(
        args.port, args.server_pid, args.users, args.minutes, args.password, args.max_loops
    )
    if args.out:
        Path(args.out).write_text(json.dumps(report, indent=2), encoding="utf-8")
    print(markdown(report))
    return 1 if report["error_count"] else 0


if __name__ == "__main__":
    sys.exit(main())

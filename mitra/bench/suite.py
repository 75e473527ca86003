"""`mitra bench`: measurements side by side with a baseline taken in the same run.

Each result is {"name", "metric", "value", "unit", "baseline", "baseline_value", "ratio"}; the
whole run is written as JSON (--out) and printed as a Markdown table. Sections so far: IATI
import against a plain lxml parse (issue 6) and extraction against reading the texts (issue 5);
the scale generator and page latencies extend it (issue 7).
"""

from __future__ import annotations

import json
import os
import platform
import tempfile
import time
from pathlib import Path
from typing import Any

SHARED = Path(__file__).resolve().parents[2].parent / "shared"


def _result(
    name: str, metric: str, value: float, unit: str, baseline: str, base: float
) -> dict[str, Any]:
    ratio = value / base if base else None
    return {
        "name": name,
        "metric": metric,
        "value": round(value, 3),
        "unit": unit,
        "baseline": baseline,
        "baseline_value": round(base, 3),
        "ratio": round(ratio, 3) if ratio is not None else None,
    }


def iati_section(size_mb: int, profile_dir: str | None = None) -> list[dict[str, Any]]:
    from mitra.bench import iati
    from mitra.intake.evaluation import shared_dir

    # The publisher files beside the clone, or beside the folder of worktrees.
    sources = sorted(((shared_dir() or SHARED) / "data" / "iati" / "activities").glob("*.xml"))
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "synthetic-iati.xml"
        count = iati.build_file(sources, path, size_mb)
        mb = path.stat().st_size / 1024 / 1024
        plain = iati.measure("plain", path)
        env = {
            "MITRA_DATA_DIR": str(Path(tmp) / "data"),
            "MITRA_DATABASE_URL": os.environ.get("MITRA_DATABASE_URL", ""),
        }
        if profile_dir:
            Path(profile_dir).mkdir(parents=True, exist_ok=True)
            env["MITRA_BENCH_PROFILE"] = str(Path(profile_dir) / "iati-import.txt")
        mitra = iati.measure("mitra", path, env)
    rate, base_rate = count / mitra["seconds"], count / plain["seconds"]
    return [
        _result("iati import", "throughput", rate, "activities/s", "lxml iterparse", base_rate),
        _result(
            "iati import",
            "throughput",
            mb / mitra["seconds"],
            "MB/s",
            "lxml iterparse",
            mb / plain["seconds"],
        ),
        _result(
            "iati import",
            "peak memory",
            mitra["peak_rss_mb"],
            "MB RSS",
            "lxml iterparse",
            plain["peak_rss_mb"],
        ),
        {
            "name": "iati import",
            "metric": "file",
            "value": round(mb, 1),
            "unit": f"MB, {count} activities",
            "baseline": "",
            "baseline_value": None,
            "ratio": None,
        },
    ]


def extraction_section(seconds: float = 5.0) -> list[dict[str, Any]]:
    from mitra.intake.evaluation import shared_dir
    from mitra.intake.extract import extract

    # The corpus beside the clone, or beside the folder of worktrees.
    paths = sorted(((shared_dir() or SHARED) / "corpus" / "dev" / "texts").glob("*.txt"))
    raw = [p.read_text(encoding="utf-8") for p in paths]
    texts = [(raw[i] + "\n" + raw[(i + 1) % len(raw)])[:3000] for i in range(len(raw))]
    for text in texts:  # warm the caches (stems, gazetteer regexes) as a running server has them
        extract(text)
    start, n = time.perf_counter(), 0
    while time.perf_counter() - start < seconds:
        for text in texts:
            extract(text)
            n += 1
    rate = n / (time.perf_counter() - start)
    start, m = time.perf_counter(), 0
    while time.perf_counter() - start < 1.0:
        for path in paths:
            path.read_text(encoding="utf-8")[:3000]
            m += 1
    base = m / (time.perf_counter() - start)
    return [
        _result(
            "extraction (3,000-character texts)",
            "throughput",
            rate,
            "texts/s",
            "reading the texts from disk",
            base,
        )
    ]


def trade_section(years: int = 10) -> list[dict[str, Any]]:
    """`mitra import trade` of a synthetic template CSV against reading it with csv."""
    from mitra.bench import trade

    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "synthetic-trade.csv"
        rows = trade.build_file(path, years)
        plain = trade.read_plain(path)
        seconds, report = trade.import_seconds(path)
    if not report.ok or report.created != rows:
        raise RuntimeError(f"trade import refused the synthetic file: {report.problems[:3]}")
    return [
        _result("trade import", "throughput", rows / seconds, "rows/s", "csv.reader", rows / plain),
        {
            "name": "trade import",
            "metric": "file",
            "value": rows,
            "unit": "rows (synthetic, template layout)",
            "baseline": "",
            "baseline_value": None,
            "ratio": None,
        },
    ]


def _credentials() -> tuple[dict[str, dict[str, str]], str]:
    """Request headers by kind of authentication (a session, an API token) and the token."""
    from mitra.accounts.models import User
    from mitra.accounts.tokens import token_create
    from mitra.bench import pages

    cookie = pages.session_cookie()  # makes the bench officer on first use
    token = token_create(user=User.objects.get(username="bench-officer"), name="bench")[1]
    return {"session": {"Cookie": cookie}, "token": {"Authorization": f"Bearer {token}"}}, token


API_LIST = "API agreement list, cursor"


def api_floor_section(
    items: list[tuple[str, str, str]], token: str, rounds: int = 200
) -> list[dict[str, Any]]:
    """The API list per request against its floor (issue 18: at most 2×), in this process: the
    same page by one raw SQL statement and orjson behind the same token authentication."""
    from mitra.bench import floor

    api_path = next(path for name, path, _auth in items if name == API_LIST)
    t = floor.measure(api_path, token, rounds)
    name, baseline = f"{API_LIST} (in process, median of {rounds})", "raw SQL + orjson, same token"
    return [
        _result(name, "time per request", t["api_wall_ms"], "ms", baseline, t["floor_wall_ms"]),
        _result(name, "CPU per request", t["api_cpu_ms"], "ms", baseline, t["floor_cpu_ms"]),
    ]


def pages_section(
    requests: int, workers: int = 3, profile_dir: str | None = None
) -> list[dict[str, Any]]:
    from mitra.bench import pages

    headers, token = _credentials()
    items = pages.pages()
    if profile_dir:
        pages.profile(items, Path(profile_dir), token)
    results: list[dict[str, Any]] = []
    for name, count in pages.queries_per_page(items).items():
        results.append(
            {
                "name": name,
                "metric": "queries",
                "value": count,
                "unit": "queries",
                "baseline": "",
                "baseline_value": None,
                "ratio": None,
            }
        )
    results += api_floor_section(items, token)
    fts, scan = pages.search_vs_scan()
    results.append(
        _result("search 'vaksin'", "time", fts * 1000, "ms", "icontains scan", scan * 1000)
    )
    computed, remembered = pages.dashboard_compute_vs_remembered()
    results.append(
        _result(
            "dashboard computed after a change",
            "time",
            computed * 1000,
            "ms",
            "remembered board",
            remembered * 1000,
        )
    )
    after_agreement = pages.dashboard_after_agreement_change()
    results.append(
        _result(
            "dashboard after an agreement change",
            "time",
            after_agreement * 1000,
            "ms",
            "remembered board",
            remembered * 1000,
        )
    )
    port = pages.free_port()
    server, cold = pages.start_server(port, workers)
    results.append(
        {
            "name": "server",
            "metric": "cold start",
            "value": round(cold, 2),
            "unit": "s",
            "baseline": "",
            "baseline_value": None,
            "ratio": None,
        }
    )
    try:
        for concurrency in pages.CONCURRENCY:
            base = pages.load(port, "/healthz", {}, concurrency, requests)
            for name, path, auth in items:
                stats = pages.load(port, path, headers[auth], concurrency, requests)
                label = f"{name} @{concurrency}"
                for pct in ("p50", "p95", "p99"):
                    results.append(_result(label, pct, stats[pct], "ms", "/healthz", base[pct]))
                results.append(
                    _result(label, "throughput", stats["rps"], "req/s", "/healthz", base["rps"])
                )
        for i, rss in enumerate(sorted(pages.worker_rss_mb(server.pid))):
            results.append(
                {
                    "name": f"worker {i + 1}",
                    "metric": "RSS after the run",
                    "value": round(rss, 1),
                    "unit": "MB",
                    "baseline": "",
                    "baseline_value": None,
                    "ratio": None,
                }
            )
    finally:
        server.terminate()
        server.wait(timeout=30)
    return results


CLUSTER_PAGES = ("partner list, filtered", "partner page", API_LIST)


def cluster_section(requests: int, workers: int = 2, clients: int = 8) -> list[dict[str, Any]]:
    """Throughput through nginx with two app servers against one (issue 18, "Past one machine"):
    each app server is `mitra serve` with `workers` gunicorn workers, all on this database and
    data directory. On one machine the second server adds processes, not cores."""
    import sys

    from django.conf import settings

    from mitra.bench import cluster, pages

    if cluster.nginx_binary() is None:
        print("cluster: skipped, nginx is not installed", file=sys.stderr)
        return []
    headers, _token = _credentials()
    items = [("/healthz", "/healthz", "none")] + [
        item for item in pages.pages() if item[0] in CLUSTER_PAGES
    ]
    env = cluster.app_env(
        settings.DATA_DIR, os.environ.get("MITRA_DATABASE_URL", ""), settings.SECRET_KEY
    )
    rates: dict[tuple[int, str], float] = {}
    with tempfile.TemporaryDirectory() as tmp:
        for servers in (1, 2):
            folder = Path(tmp) / f"{servers}-servers"
            with cluster.running(env=env, servers=servers, workers=workers, folder=folder) as lb:
                for name, path, auth in items:
                    sent = headers.get(auth, {})
                    pages.load(lb.port, path, sent, 1, 2 * servers * workers)  # warm each worker
                    rates[servers, name] = pages.load(lb.port, path, sent, clients, requests)["rps"]
    return [
        _result(
            f"{name}: 2 app servers behind nginx @{clients}",
            "throughput",
            rates[2, name],
            "req/s",
            "1 app server",
            rates[1, name],
        )
        for name, _path, _auth in items
    ]


def run(
    *,
    scale: int,
    only: list[str],
    iati_mb: int,
    out: str | None,
    requests: int = 160,
    profile_dir: str | None = None,
) -> dict[str, Any]:
    from django.db import connection

    results: list[dict[str, Any]] = []
    if "pages" in only:
        results += pages_section(requests, profile_dir=profile_dir)
    if "extraction" in only:
        results += extraction_section()
    if "iati" in only:
        results += iati_section(iati_mb, profile_dir)
    if "trade" in only:
        results += trade_section()
    if "cluster" in only:
        results += cluster_section(requests)
    from django.utils import timezone

    from mitra.core.models import SyntheticData

    # Overdue and expiring figures depend on how far today is from the day the data was laid
    # out around (mitra generate): the report says both.
    made = SyntheticData.objects.order_by("-generated_at").first()
    report = {
        "generated_on": made.generated_on.isoformat() if made else None,
        "measured_on": timezone.localdate().isoformat(),
        "machine": {
            "cpus": os.cpu_count(),
            "python": platform.python_version(),
            "platform": platform.platform(),
        },
        "scale": scale,
        "database": connection.vendor,
        "results": results,
    }
    if out:
        Path(out).write_text(json.dumps(report, indent=2), encoding="utf-8")
    return report


def markdown(report: dict[str, Any]) -> str:
    lines = [
        f"scale {report['scale']} · {report['database']} · {report['machine']['cpus']} CPUs"
        f" · data laid out around {report.get('generated_on') or 'unknown'},"
        f" measured on {report.get('measured_on') or 'unknown'}",
        "",
        "| name | metric | value | unit | baseline | baseline value | ratio |",
        "|---|---|---:|---|---|---:|---:|",
    ]
    for r in report["results"]:
        lines.append(
            f"| {r['name']} | {r['metric']} | {r['value']} | {r['unit']} | {r['baseline']} | "
            f"{'' if r['baseline_value'] is None else r['baseline_value']} | "
            f"{'' if r['ratio'] is None else r['ratio']} |"
        )
    return "\n".join(lines)

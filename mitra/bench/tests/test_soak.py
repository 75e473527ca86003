"""The soak's report: errors counted by kind, percentiles per page, worker memory growth."""

from __future__ import annotations

from mitra.bench.soak import Sample, markdown, summarise


def test_errors_are_counted_by_kind_and_expected_answers_are_not_errors():
    samples = [
        Sample("dashboard", 200, 0.010),
        Sample("login", 302, 0.020, expected=(302,)),  # a redirect where one is expected
        Sample("API partner create", 201, 0.030, expected=(201,)),
        Sample("dashboard", 500, 0.040),
        Sample("dashboard", 302, 0.050),  # sent to the login page: the session was lost
        Sample("search", 403, 0.060),
        Sample("search", 0, 0.070),  # the connection failed
        Sample("search", 500, 0.080, locked=True),
    ]
    report = summarise(samples, {}, {}, seconds=2.0)
    assert report["requests"] == 8
    assert report["rate"] == 4.0
    assert report["errors"] == {
        "5xx": 2,
        "unexpected 302": 1,
        "unexpected 403": 1,
        "connection": 1,
        "database is locked": 1,
    }
    assert report["error_count"] == 6


def test_percentiles_per_page_and_growth_per_worker():
    samples = [Sample("partner page", 200, ms / 1000) for ms in range(1, 101)]
    samples.append(Sample("brief", 200, 0.250))
    report = summarise(samples, {11: 100 * 1024, 12: 200 * 1024}, {11: 110 * 1024}, 10.0)
    assert report["pages"]["partner page"] == {"count": 100, "p50_ms": 50.5, "p95_ms": 95.0}
    assert report["pages"]["brief"] == {"count": 1, "p50_ms": 250.0, "p95_ms": 250.0}
    assert report["errors"] == {} and report["error_count"] == 0
    # A worker gone by the end (restarted) has no growth rather than a made-up one.
    assert report["workers"] == [
        {"pid": 11, "start_mb": 100.0, "end_mb": 110.0, "growth_pct": 10.0},
        {"pid": 12, "start_mb": 200.0, "end_mb": None, "growth_pct": None},
    ]
    text = markdown(report)
    assert "| partner page | 100 | 50.5 | 95.0 |" in text
    assert "worker 11: 100.0 MB → 110.0 MB RSS (10.0 %)" in text

"""How an app server runs: the gunicorn command of `mitra serve`, also started by the tests and
the benchmarks (several of them behind nginx: mitra/bench/cluster.py)."""

from __future__ import annotations

import sys


def gunicorn_argv(host: str, port: int, workers: int) -> list[str]:
    """The gunicorn command `mitra serve` runs (a test starts the same one and reads its log)."""
    return [
        sys.executable,
        "-m",
        "gunicorn",
        "mitra.wsgi:application",
        "--bind",
        f"{host}:{port}",
        "--workers",
        str(workers),
        "--access-logfile",
        "-",
        "--logger-class",  # masks ?token= (calendar feeds) in the access log
        "mitra.core.gunicorn_log.RedactingLogger",
        "--timeout",
        "60",
    ]

"""Trade import throughput (rows/s) against reading the same CSV with the csv module.

The file is synthetic (its source column says so): every ISO 3166 country × the years ×
the product groups × export and import, in Mitra's template layout. The import runs inside a
transaction that is rolled back, so the benchmark leaves no figures behind.
"""

from __future__ import annotations

import csv
import time
from pathlib import Path
from typing import Any

import pycountry
from django.db import transaction

SOURCE = "SYNTHETIC (mitra bench)"


class _Rollback(Exception):
    pass


def build_file(target: Path, years: int) -> int:
    """Write the synthetic template CSV; return its number of rows."""
    from mitra.trade import groups

    count = 0
    with target.open("w", encoding="utf-8", newline="") as out:
        writer = csv.writer(out)
        writer.writerow(["year", "partner", "product", "flow", "value", "currency", "source"])
        for year in range(2025 - years, 2025):
            for country in pycountry.countries:
                for group in groups.all_groups():
                    for flow in ("export", "import"):
                        value = (count * 7919) % 10_000_000 / 100
                        writer.writerow(
                            [year, country.alpha_3, group.code, flow, value, "USD", SOURCE]
                        )
                        count += 1
    return count


def read_plain(path: Path) -> float:
    """Seconds to read every row with the csv module (the baseline)."""
    start = time.perf_counter()
    with path.open(encoding="utf-8", newline="") as handle:
        for _row in csv.reader(handle):
            pass
    return time.perf_counter() - start


def import_seconds(path: Path) -> tuple[float, Any]:
    """Seconds for `trade_import` of the file by an officer, rolled back afterwards."""
    from mitra.accounts.models import User
    from mitra.trade import services

    data = path.read_bytes()
    result: dict[str, Any] = {}
    try:
        with transaction.atomic():
            user = User.objects.create_user(
                username="bench-trade-officer", password=None, role=User.Role.OFFICER
            )
            start = time.perf_counter()
            result["report"] = services.trade_import(user=user, data=data, filename=path.name)
            result["seconds"] = time.perf_counter() - start
            raise _Rollback
    except _Rollback:
        pass
    return result["seconds"], result["report"]

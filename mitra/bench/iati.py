"""IATI import throughput and peak memory against a plain lxml iterparse of the same file.

The file is built from the real publisher activities in ../shared/data/iati/activities/, each
copied with a new identifier ("SYNTHETIC-…") until the file reaches the size asked for; the
root carries a comment saying it is synthetic. Each measurement runs in a fresh process so that
its peak RSS is its own.
"""

from __future__ import annotations

import json
import os
import resource
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

from lxml import etree

SYNTHETIC = "SYNTHETIC"


def build_file(sources: list[Path], target: Path, size_mb: int) -> int:
    """Write an iati-activities 2.03 file of about size_mb from the sources; return the count."""
    activities: list[bytes] = []
    for source in sources:
        tree = etree.parse(str(source), etree.XMLParser(resolve_entities=False, no_network=True))
        root = tree.getroot()
        if root.get("version") not in ("2.01", "2.02", "2.03"):
            continue
        for node in root.iter("iati-activity"):
            activities.append(etree.tostring(node))
    if not activities:
        raise RuntimeError("no 2.0x activities in the sources")
    limit = size_mb * 1024 * 1024
    count = 0
    with target.open("wb") as out:
        out.write(b'<?xml version="1.0" encoding="UTF-8"?>\n')
        out.write(b'<iati-activities version="2.03" generated-datetime="2026-01-01T00:00:00">\n')
        out.write(
            b"<!-- synthetic: real activities copied with new identifiers, for benchmarks -->\n"
        )
        while out.tell() < limit:
            for raw in activities:
                node = etree.fromstring(raw)
                ident = node.find("iati-identifier")
                if ident is None:
                    continue
                ident.text = f"{SYNTHETIC}-{count:08d}-{(ident.text or '').strip()}"[:200]
                out.write(etree.tostring(node))
                out.write(b"\n")
                count += 1
                if out.tell() >= limit:
                    break
        out.write(b"</iati-activities>\n")
    return count


def _plain_parse(path: str) -> dict[str, Any]:
    """The baseline: iterparse every activity and read its identifier, clearing as it goes."""
    start = time.perf_counter()
    count = 0
    for _event, element in etree.iterparse(
        path, tag="iati-activity", resolve_entities=False, no_network=True
    ):
        element.findtext("iati-identifier")
        count += 1
        element.clear()
        while element.getprevious() is not None:
            del element.getparent()[0]
    return {"seconds": time.perf_counter() - start, "activities": count}


def _mitra_import(path: str) -> dict[str, Any]:
    import django

    django.setup()
    from django.core.management import call_command

    call_command("migrate", verbosity=0)
    from mitra.accounts.models import User
    from mitra.interop import iati

    user = User.objects.filter(username="bench-iati").first() or User.objects.create_user(
        username="bench-iati", role=User.Role.OFFICER
    )
    # Everything is read, matched and written, then rolled back (dry run): the database the
    # pages were measured on (PostgreSQL) is left as it was, and a second run measures the same.
    start = time.perf_counter()
    summary = iati.import_file(user=user, path=Path(path), synthetic=True, dry_run=True)
    seconds = time.perf_counter() - start
    peak = _peak_rss_mb()  # before the profiled run, whose samples would count in it
    if target := os.environ.get("MITRA_BENCH_PROFILE"):  # a second import, under pyinstrument
        from pyinstrument import Profiler

        profiler = Profiler(interval=0.001)
        with profiler:
            iati.import_file(user=user, path=Path(path), synthetic=True, dry_run=True)
        Path(target).write_text(
            f"IATI import of {path} (dry run, as measured)\n\n"
            + profiler.output_text(unicode=True, color=False, show_all=False),
            encoding="utf-8",
        )
    return {"seconds": seconds, "summary": summary, "peak_rss_mb": peak}


def _peak_rss_mb() -> float:
    """This process's own high-water RSS (VmHWM). ru_maxrss would include the parent's RSS at
    fork time, which Linux carries into the child."""
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith("VmHWM:"):
            return int(line.split()[1]) / 1024
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def _child(kind: str, path: str) -> None:
    result = _plain_parse(path) if kind == "plain" else _mitra_import(path)
    result.setdefault("peak_rss_mb", _peak_rss_mb())
    print(json.dumps(result))


def measure(kind: str, path: Path, env: dict[str, str] | None = None) -> dict[str, Any]:
    """Run one measurement in a new process and return what it printed."""
    code = f"from mitra.bench.iati import _child; _child({kind!r}, {str(path)!r})"
    output = subprocess.run(
        [sys.executable, "-c", code],
        capture_output=True,
        text=True,
        check=True,
        env={**os.environ, **(env or {})},
    ).stdout
    return json.loads(output.strip().splitlines()[-1])

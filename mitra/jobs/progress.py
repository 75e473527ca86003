"""How far a running job is: written by the worker beside the data, read by the job's page.

Why a file and not the job's row: the work runs in one all-or-nothing transaction, and SQLite
has one writer at a time, so no other connection could write the row before the work commits.
The worker and the web server share MITRA_DATA_DIR already (documents, stashed uploads).
"""

from __future__ import annotations

import io
import json
import os
import re
import threading
import time
from dataclasses import dataclass
from pathlib import Path

from django.conf import settings

# The worker touches the file this often while a job runs; a page sees a job as stalled when
# the file is older than STALE_SECONDS (rules.is_stale).
HEARTBEAT_SECONDS = 5.0
TERMINAL_LINE = re.compile(r"(\d+)%\s+(\d+)")


@dataclass(frozen=True)
class Progress:
    percent: int | None
    count: int
    at: float  # when the worker last wrote or touched it (epoch seconds)


def path(job_id: int) -> Path:
    return Path(settings.MITRA_JOBS_DIR) / "progress" / f"{job_id}.json"


def write(job_id: int, *, count: int, percent: int | None = None) -> None:
    """Replace the job's progress at once (a reader never sees half a file)."""
    target = path(job_id)
    target.parent.mkdir(parents=True, exist_ok=True)
    temp = target.with_suffix(f".{os.getpid()}.tmp")
    temp.write_text(json.dumps({"percent": percent, "count": count}), encoding="utf-8")
    os.replace(temp, target)


def read(job_id: int) -> Progress | None:
    target = path(job_id)
    try:
        data = json.loads(target.read_text(encoding="utf-8"))
        at = target.stat().st_mtime
    except (OSError, ValueError):
        return None
    percent = data.get("percent")
    return Progress(
        percent=max(0, min(100, int(percent))) if percent is not None else None,
        count=int(data.get("count") or 0),
        at=at,
    )


def clear(job_id: int) -> None:
    path(job_id).unlink(missing_ok=True)


class TerminalProgress(io.StringIO):
    """A text stream for services that report progress to a terminal ("42% 500 activities"):
    what they write becomes the job's progress, so the service itself stays as it is."""

    def __init__(self, job_id: int) -> None:
        super().__init__()
        self.job_id = job_id

    def write(self, text: str) -> int:
        found = TERMINAL_LINE.findall(text)
        if found:
            percent, count = found[-1]
            write(self.job_id, percent=int(percent), count=int(count))
        return len(text)


class Heartbeat:
    """Touches the job's progress file while the work runs, from a thread of its own (the work
    may sit in one long statement). A worker that dies stops touching it."""

    def __init__(self, job_id: int, every: float = HEARTBEAT_SECONDS) -> None:
        self.job_id = job_id
        self.every = every
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._beat, name=f"job-{job_id}-heartbeat")
        self._thread.daemon = True

    def __enter__(self) -> Heartbeat:
        if read(self.job_id) is None:
            write(self.job_id, count=0)
        self._thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self._stop.set()
        self._thread.join()

    def _beat(self) -> None:
        while not self._stop.wait(self.every):
            target = path(self.job_id)
            try:
                now = time.time()
                os.utime(target, (now, now))
            except OSError:
                write(self.job_id, count=0)

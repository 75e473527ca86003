"""Named rules about jobs: when a running job has lost its worker, and when one may be retried."""

from __future__ import annotations

import os
import socket
import time

from mitra.jobs import progress
from mitra.jobs.models import Job

# A running job whose worker has not touched its progress for this long has lost its worker
# (the heartbeat comes every few seconds, whatever the work is doing).
STALE_SECONDS = 60


def worker_name() -> str:
    """host:pid of this process, as a job records who runs it."""
    return f"{socket.gethostname()}:{os.getpid()}"


def worker_gone(worker: str) -> bool:
    """The worker (host:pid) was of this host and its process has ended."""
    host, _sep, pid = worker.rpartition(":")
    if host != socket.gethostname() or not pid.isdigit():
        return False  # another machine's worker: only the heartbeat can tell
    try:
        os.kill(int(pid), 0)
    except ProcessLookupError:
        return True
    except PermissionError:
        return False
    return False


def is_stale(job: Job, *, now: float | None = None) -> bool:
    """Running, but its worker is gone: the process has ended (same host) or it has stopped
    beating for STALE_SECONDS. Its work was rolled back with the worker's transaction."""
    if job.status != Job.Status.RUNNING:
        return False
    if job.worker and worker_gone(job.worker):
        return True
    seen = progress.read(job.pk)
    last = seen.at if seen else (job.started_at.timestamp() if job.started_at else None)
    return last is not None and (now or time.time()) - last > STALE_SECONDS


def is_retryable(job: Job) -> bool:
    """A failed job, or one whose worker died, can run again from its stashed input."""
    if job.status == Job.Status.FAILED or is_stale(job):
        return all(p.exists() for p in job.input_paths())
    return False

"""Writes on jobs: start one (stash its input, enqueue its task), run it, retry it.

A job's task takes the job's id only. Running claims the job (queued → running) so a task
delivered twice does nothing the second time; the work and the job's "done" commit in one
transaction, so a worker killed half-way leaves neither, and the job can be retried.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import logging
import secrets
import uuid
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone, translation
from django.utils.module_loading import import_string
from django.utils.text import get_valid_filename
from django.utils.translation import gettext_lazy as _
from django_tasks_db.models import DBTaskResult

from mitra.core.forms import errors_text
from mitra.core.history import stamp
from mitra.jobs import progress, rules
from mitra.jobs.models import Job

logger = logging.getLogger(__name__)
Kind = Job.Kind  # what callers name when they start a job

NOT_RETRYABLE = _("Only a failed job, or one whose worker stopped, can be run again.")
INPUT_GONE = _("The uploaded file of this job is no longer kept; upload it again.")
KEEP_DAYS = 7
UNEXPECTED = _(
    "The work stopped on an unexpected error; nothing was saved. "
    "Try again, or tell the administrator."
)


@dataclass
class Outcome:
    """What a job's work reports: a one-line summary in the starter's language, and details
    (one line each, e.g. the rows a spreadsheet import refused)."""

    summary: str
    details: list[str] = field(default_factory=list)
    processed: int = 0
    output: str = ""


Work = Callable[[Job], Outcome]


class _Superseded(Exception):
    """The job was taken from this worker (retried as stalled): its work must not commit."""


class WorkerGone(Exception):
    """Recorded as the error of a django-tasks-db result whose worker stopped while running it
    (killed, or its machine went down): the row would otherwise stay RUNNING for ever."""


def _stash(upload: Any) -> str:
    """Keep an upload under MITRA_DATA_DIR/jobs/inputs/<random>/ under its own (cleaned) name,
    which the work reports as its source; returns the path relative to the jobs folder."""
    name = get_valid_filename(Path(upload.name or "upload").name)[-120:] or "upload"
    relative = f"inputs/{secrets.token_urlsafe(12)}/{name}"
    target = Path(settings.MITRA_JOBS_DIR) / relative
    target.parent.mkdir(parents=True, exist_ok=True)
    with target.open("wb") as out:
        for chunk in upload.chunks():
            out.write(chunk)
    return relative


@transaction.atomic
def job_start(
    *,
    user: Any,
    kind: str,
    title: str,
    task: Any,
    uploads: Iterable[Any] = (),
    params: dict[str, Any] | None = None,
) -> Job:
    """Stash the uploads, record the job and enqueue its task (which takes the job's id)."""
    if not getattr(user, "is_authenticated", False):
        raise PermissionDenied
    names = [_stash(upload) for upload in uploads]
    job = Job(
        kind=kind,
        title=title[:300],
        started_by=user,
        language=translation.get_language() or settings.LANGUAGE_CODE,
        params={**(params or {}), "files": [u.name for u in uploads] if names else []},
        inputs=names,
        task_path=task.module_path,
    )
    job.full_clean()
    stamp(job, by=user).save()
    _enqueue(job, task)
    return job


def _enqueue(job: Job, task: Any) -> None:
    # Enqueued inside the job's transaction, not on commit: with the database backend the
    # task's row commits with the job's, so neither can exist without the other.
    result = task.enqueue(job.pk)
    Job.objects.filter(pk=job.pk).update(task_id=str(result.id)[:64])


def job_run(*, job_id: int, work: Work) -> str:
    """Run a queued job's work; returns "done", "failed" or "skipped" (not queued any more)."""
    me = rules.worker_name()
    with transaction.atomic():
        job = Job.objects.select_for_update().filter(pk=job_id).first()
        if job is None or job.status != Job.Status.QUEUED:
            logger.info("Job %s is not waiting (%s): nothing to do.", job_id, job and job.status)
            return "skipped"
        job.status, job.worker, job.started_at = Job.Status.RUNNING, me, timezone.now()
        job.summary = job.error = ""
        stamp(job, by=None, reason="worker").save()
    progress.clear(job.pk)
    try:
        with (
            translation.override(job.language),
            progress.Heartbeat(job.pk),
            transaction.atomic(),
        ):
            outcome = work(job)
            _finish(job, me, outcome)
    except _Superseded:
        logger.warning("Job %s was taken from worker %s; its work is rolled back.", job_id, me)
        return "skipped"
    except (ValidationError, PermissionDenied) as exc:
        with translation.override(job.language):
            text = errors_text(exc) if isinstance(exc, ValidationError) else str(exc)
            _fail(job, me, text or str(UNEXPECTED))
        return "failed"
    except Exception:
        logger.exception("Job %s failed", job_id)
        with translation.override(job.language):
            _fail(job, me, str(UNEXPECTED))
        raise
    finally:
        progress.clear(job.pk)
    _remove_inputs(job)
    return "done"


def _remove_inputs(job: Job) -> None:
    """Once the work is saved the upload goes (it may hold personal data: contacts)."""
    for path in job.input_paths():
        path.unlink(missing_ok=True)
        with contextlib.suppress(OSError):
            path.parent.rmdir()


def _claimed(job: Job, me: str) -> Job:
    current = Job.objects.select_for_update().get(pk=job.pk)
    if (current.status, current.worker, current.attempt) != (
        Job.Status.RUNNING,
        me,
        job.attempt,
    ):
        raise _Superseded
    return current


def _finish(job: Job, me: str, outcome: Outcome) -> None:
    current = _claimed(job, me)
    current.status, current.finished_at = Job.Status.DONE, timezone.now()
    current.summary, current.details = str(outcome.summary), [str(d) for d in outcome.details]
    current.processed, current.output = outcome.processed, outcome.output
    stamp(current, by=None, reason="worker").save()


def _fail(job: Job, me: str, message: str) -> None:
    try:
        with transaction.atomic():
            current = _claimed(job, me)
            current.status, current.finished_at, current.error = (
                Job.Status.FAILED,
                timezone.now(),
                message,
            )
            stamp(current, by=None, reason="worker").save()
    except _Superseded:
        pass


def job_output(*, job: Job, name: str, data: bytes) -> str:
    """Keep a job's result file under MITRA_DATA_DIR/jobs/outputs/; returns its path there."""
    relative = f"outputs/{job.pk}-{job.attempt}/{get_valid_filename(name)}"
    target = Path(settings.MITRA_JOBS_DIR) / relative
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_bytes(data)
    return relative


@transaction.atomic
def job_retry(*, user: Any, job: Job) -> Job:
    """Queue a failed job, or one whose worker died, again (a new attempt of the same input)."""
    job = Job.objects.select_for_update().get(pk=job.pk)
    if not rules.is_retryable(job):
        if job.status == Job.Status.FAILED or rules.is_stale(job):
            raise ValidationError(INPUT_GONE, code="input_gone")
        raise ValidationError(NOT_RETRYABLE, code="not_retryable")
    if job.status == Job.Status.RUNNING and job.task_id:  # stale: its worker is gone
        _task_fail(job.task_id, f"job {job.pk}: worker {job.worker or '?'} stopped")
    job.status, job.attempt = Job.Status.QUEUED, job.attempt + 1
    job.worker, job.error, job.summary, job.details = "", "", "", []
    job.started_at = job.finished_at = None
    stamp(job, by=user, reason="retry").save()
    progress.clear(job.pk)
    _enqueue(job, import_string(job.task_path))
    return job


def tasks_fail_orphaned() -> int:
    """Mark failed the django-tasks-db results left RUNNING by a worker that is gone: the task of
    a job judged stale (rules.is_stale), or one whose worker (Mitra's workers take host:pid as
    their worker id) ran on this host and has ended. `mitra worker` calls it as it starts.
    Returns how many were marked."""
    stale = [
        (job.task_id, f"job {job.pk}: worker {job.worker or '?'} stopped")
        for job in Job.objects.filter(status=Job.Status.RUNNING).exclude(task_id="")
        if rules.is_stale(job)
    ]
    marked = sum(_task_fail(task_id, why) for task_id, why in stale)
    for result in DBTaskResult.objects.running().only("id", "worker_ids"):
        worker = result.worker_ids[-1] if result.worker_ids else ""
        if worker and rules.worker_gone(worker):
            marked += _task_fail(str(result.id), f"worker {worker} stopped")
    return marked


def _task_fail(task_id: str, why: str) -> bool:
    """Through django-tasks-db's own set_failed, if the row is still RUNNING (locked, so a
    worker finishing it at this moment is not overwritten)."""
    try:
        uuid.UUID(task_id)
    except ValueError:
        return False  # not a django-tasks-db row (another backend ran the job's task)
    with transaction.atomic():
        result = DBTaskResult.objects.select_for_update().running().filter(id=task_id).first()
        if result is None:
            return False
        result.set_failed(WorkerGone(why))
    logger.warning("Task %s marked failed: %s.", task_id, why)
    return True


def jobs_prune_files(*, days: int = KEEP_DAYS, now: dt.datetime | None = None) -> int:
    """Remove the stashed inputs and the result files of jobs over for more than `days` days
    (uploads may hold personal data; a failed job keeps its input that long for a retry).
    The job rows stay: they are the record of what was done. Returns how many files went."""
    cutoff = (now or timezone.now()) - dt.timedelta(days=days)
    removed = 0
    over = Job.objects.filter(
        status__in=[Job.Status.DONE, Job.Status.FAILED], finished_at__lt=cutoff
    )
    for job in over.iterator():
        names = [*job.inputs, *([job.output] if job.output else [])]
        for path in (Path(settings.MITRA_JOBS_DIR) / name for name in names):
            if path.exists():
                path.unlink()
                removed += 1
            with contextlib.suppress(OSError):
                path.parent.rmdir()
    return removed

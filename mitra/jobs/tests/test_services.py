"""Jobs: a task delivered twice runs once, a failure keeps nothing and says why in the
starter's language, a job taken from a stalled worker never commits, and a retry runs again."""

from __future__ import annotations

import os
import subprocess
import sys
import time

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone, translation
from django_tasks import task
from django_tasks_db.models import DBTaskResult

from mitra.jobs import progress, rules, services
from mitra.jobs.models import Job
from mitra.partners.models import Partner

pytestmark = pytest.mark.django_db
CALLS: list[int] = []


def _add_partner(job: Job) -> services.Outcome:
    """Work that writes one record and counts its runs."""
    CALLS.append(job.pk)
    Partner.objects.create(kind="ngo", code=f"job-{job.pk}-{len(CALLS)}", name_id="Mitra uji")
    return services.Outcome(summary=translation.gettext("done"))


def _refuse(job: Job) -> services.Outcome:
    Partner.objects.create(kind="ngo", code="half-done", name_id="Setengah jadi")
    raise ValidationError(translation.gettext_lazy("Choose a file to import."))


@task()
def add_partner(job_id: int) -> str:
    return services.job_run(job_id=job_id, work=_add_partner)


@task()
def refuse(job_id: int) -> str:
    return services.job_run(job_id=job_id, work=_refuse)


def _queued(user, work_task, **extra) -> Job:
    upload = SimpleUploadedFile("daftar mitra.csv", b"code,kind\nwho,international\n")
    with translation.override(extra.pop("language", "id")):
        return services.job_start(
            user=user, kind=Job.Kind.INGEST, title="uji", task=work_task, uploads=[upload]
        )


def test_a_started_job_runs_once_and_a_second_delivery_does_nothing(officer):
    CALLS.clear()
    job = _queued(officer, add_partner)  # the immediate backend of the tests runs it at once
    job.refresh_from_db()
    assert job.status == Job.Status.DONE and job.summary == "selesai"
    assert job.task_id and job.worker == rules.worker_name() and job.finished_at
    assert services.job_run(job_id=job.pk, work=_add_partner) == "skipped"
    assert [job.pk] == CALLS and Partner.objects.filter(code__startswith="job-").count() == 1
    # The upload is kept only until the work is saved.
    assert job.inputs and not any(p.exists() for p in job.input_paths())
    statuses = [h.status for h in job.history.order_by("history_id")]
    assert statuses == ["queued", "running", "done"]


def test_a_refused_job_keeps_nothing_and_says_why_in_the_starters_language(officer):
    job = _queued(officer, refuse, language="en")
    job.refresh_from_db()
    assert job.status == Job.Status.FAILED
    assert job.error == "Choose a file to import."
    assert not Partner.objects.filter(code="half-done").exists()
    # The input stays for a retry, which queues a second attempt of the same file.
    assert all(p.exists() for p in job.input_paths())
    assert rules.is_retryable(job)


def test_a_retry_runs_the_same_input_again(officer, settings):
    settings.TASKS = {"default": {"BACKEND": "django_tasks.backends.dummy.DummyBackend"}}
    CALLS.clear()
    job = _queued(officer, add_partner)
    job.refresh_from_db()
    assert job.status == Job.Status.QUEUED and not CALLS  # waits for a worker
    with pytest.raises(ValidationError) as refused:
        services.job_retry(user=officer, job=job)
    assert refused.value.messages == [str(services.NOT_RETRYABLE)]
    Job.objects.filter(pk=job.pk).update(status=Job.Status.FAILED, error="x")
    job = services.job_retry(user=officer, job=job)
    assert (job.status, job.attempt, job.error) == (Job.Status.QUEUED, 2, "")
    assert services.job_run(job_id=job.pk, work=_add_partner) == "done"
    assert [job.pk] == CALLS


def test_a_job_taken_from_a_stalled_worker_never_commits_its_work(officer, settings):
    settings.TASKS = {"default": {"BACKEND": "django_tasks.backends.dummy.DummyBackend"}}
    job = _queued(officer, add_partner)

    def taken_over(job: Job) -> services.Outcome:
        Partner.objects.create(kind="ngo", code="taken", name_id="Diambil alih")
        # Meanwhile the job was seen as stalled and retried: another attempt owns it now.
        Job.objects.filter(pk=job.pk).update(attempt=job.attempt + 1, worker="elsewhere:1")
        return services.Outcome(summary="-")

    assert services.job_run(job_id=job.pk, work=taken_over) == "skipped"
    assert not Partner.objects.filter(code="taken").exists()


def test_a_running_job_is_stale_when_its_process_is_gone_or_its_heartbeat_stops(officer):
    job = Job.objects.create(
        kind=Job.Kind.IATI_IMPORT,
        title="x",
        started_by=officer,
        task_path="x",
        status=Job.Status.RUNNING,
        worker=rules.worker_name(),
    )
    progress.write(job.pk, count=10, percent=5)
    assert not rules.is_stale(job)  # this very process, beating
    job.worker = f"{rules.socket.gethostname()}:{2**22 + 12345}"  # no such pid
    assert rules.is_stale(job)
    job.worker = "another-host:4242"  # only the heartbeat can tell
    assert not rules.is_stale(job)
    old = time.time() - rules.STALE_SECONDS - 5
    os.utime(progress.path(job.pk), (old, old))
    assert rules.is_stale(job)
    job.status = Job.Status.DONE
    assert not rules.is_stale(job)
    progress.clear(job.pk)


def _running_under_a_dead_worker(officer, settings) -> tuple[Job, DBTaskResult, str]:
    """A job whose django-tasks-db row a worker claimed before it was killed: the worker is a
    real process of this host that has ended."""
    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
    ended = subprocess.run(
        [sys.executable, "-c", "import os; print(os.getpid())"], capture_output=True, text=True
    )
    dead = f"{rules.socket.gethostname()}:{int(ended.stdout)}"
    job = _queued(officer, add_partner)
    job.refresh_from_db()
    row = DBTaskResult.objects.get(id=job.task_id)
    row.claim(dead)
    Job.objects.filter(pk=job.pk).update(
        status=Job.Status.RUNNING, worker=dead, started_at=timezone.now()
    )
    job.refresh_from_db()
    return job, row, dead


def test_tasks_left_running_by_a_gone_worker_are_marked_failed_and_a_live_ones_are_not(
    officer, settings
):
    job, row, dead = _running_under_a_dead_worker(officer, settings)
    assert rules.is_stale(job)
    # An e-mail delivery (no job) the same dead worker had started, and one this live process
    # is running: only the first is an orphan.
    orphan = add_partner.enqueue(0)
    DBTaskResult.objects.get(id=orphan.id).claim(dead)
    live = add_partner.enqueue(0)
    DBTaskResult.objects.get(id=live.id).claim(rules.worker_name())

    assert services.tasks_fail_orphaned() == 2
    for failed in (row, DBTaskResult.objects.get(id=orphan.id)):
        failed.refresh_from_db()
        assert failed.status == "FAILED" and failed.finished_at is not None
        assert failed.exception_class_path == "mitra.jobs.services.WorkerGone"
        assert f"worker {dead} stopped" in failed.traceback
    assert f"job {job.pk}: worker {dead} stopped" in row.traceback
    assert DBTaskResult.objects.get(id=live.id).status == "RUNNING"
    assert services.tasks_fail_orphaned() == 0  # once
    job.refresh_from_db()
    assert job.status == Job.Status.RUNNING and rules.is_retryable(job)  # Mitra's own record


def test_retrying_a_job_whose_worker_died_fails_its_old_task_and_queues_a_new_one(
    officer, settings
):
    job, row, _dead = _running_under_a_dead_worker(officer, settings)
    services.job_retry(user=officer, job=job)
    job.refresh_from_db()
    row.refresh_from_db()
    assert row.status == "FAILED" and row.exception_class_path.endswith("WorkerGone")
    assert job.task_id != str(row.id) and job.status == Job.Status.QUEUED
    assert DBTaskResult.objects.get(id=job.task_id).status == "READY"


def test_the_heartbeat_keeps_a_long_job_fresh(officer):
    with progress.Heartbeat(4242, every=0.05):
        old = time.time() - 100
        os.utime(progress.path(4242), (old, old))
        time.sleep(0.3)
        assert time.time() - progress.read(4242).at < 5
    progress.clear(4242)


def test_terminal_progress_becomes_the_jobs_progress():
    stream = progress.TerminalProgress(4343)
    stream.write("\r 42% 500 activities")
    seen = progress.read(4343)
    assert (seen.percent, seen.count) == (42, 500)
    progress.clear(4343)


def test_a_weeks_old_jobs_files_are_pruned_and_a_recent_ones_kept(officer, settings):
    import datetime as dt

    from django.core.management import call_command
    from django.utils import timezone

    settings.TASKS = {"default": {"BACKEND": "django_tasks.backends.dummy.DummyBackend"}}
    old, recent, running = (_queued(officer, add_partner) for _ in range(3))
    now = timezone.now()
    for job, status, days in ((old, "failed", 8), (recent, "done", 1), (running, "running", 30)):
        output = services.job_output(job=job, name="mitra.xlsx", data=b"x")
        Job.objects.filter(pk=job.pk).update(
            status=status,
            output=output,
            finished_at=now - dt.timedelta(days=days) if status != "running" else None,
        )
    call_command("prune_jobs")
    for job in (old, recent, running):
        job.refresh_from_db()
    files = {j.pk: [p.exists() for p in j.input_paths()] for j in (old, recent, running)}
    assert files == {old.pk: [False], recent.pk: [True], running.pk: [True]}
    assert not (settings.MITRA_JOBS_DIR / old.output).exists()
    assert (settings.MITRA_JOBS_DIR / recent.output).exists()
    # The rows stay, and a retry of the pruned job says why it cannot run.
    with pytest.raises(ValidationError) as refused:
        services.job_retry(user=officer, job=old)
    assert refused.value.messages == [str(services.INPUT_GONE)]

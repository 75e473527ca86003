"""`mitra worker` as a real process on the test database (PostgreSQL: an in-memory SQLite test
database cannot be opened by another process). It runs a job started from the page; two
workers never run one task twice and run the day once; a worker killed half-way through an
import leaves nothing of it, and the job runs again to the end."""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import sys
import time
from pathlib import Path

import pytest
from django.core.files import File
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django_tasks_db.models import DBTaskResult

from mitra.interop import tasks as interop_tasks
from mitra.interop.models import IatiActivity
from mitra.interop.tests import iati_rules
from mitra.jobs import progress, rules, services
from mitra.jobs.models import DailyRun, Job
from mitra.jobs.tests.iati_files import many_activities

# Committed data, seen by the worker process; the taxonomy comes back afterwards.
pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)
ACTIVITIES = iati_rules.shared("data", "iati", "activities")
MITRA = str(Path(sys.executable).parent / "mitra")


@pytest.fixture
def worker_env(settings, tmp_path) -> dict[str, str]:
    if connection.vendor != "postgresql":
        pytest.skip("another process cannot open the in-memory SQLite test database")
    if not ACTIVITIES.is_dir():
        pytest.skip("../shared/data/iati not present")
    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
    settings.MITRA_JOBS_DIR = tmp_path / "jobs"  # the worker's MITRA_DATA_DIR/jobs
    db = connection.settings_dict
    auth = db["USER"] + (f":{db['PASSWORD']}" if db["PASSWORD"] else "")
    return {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "mitra.settings",
        "MITRA_DATABASE_URL": f"postgres://{auth}@{db['HOST']}:{db['PORT']}/{db['NAME']}",
        "MITRA_DATA_DIR": str(tmp_path),
        "MITRA_DAILY_COMMANDS": "",
    }


def _worker(env: dict[str, str], log: Path, *args: str) -> subprocess.Popen:
    return subprocess.Popen(
        [MITRA, "worker", "--interval", "0.2", "--no-startup-delay", *args],
        env=env,
        stdout=log.open("w"),
        stderr=subprocess.STDOUT,
    )


def _wait(condition, seconds: float = 60, every: float = 0.05, logs: tuple[Path, ...] = ()) -> None:
    end = time.monotonic() + seconds
    while not condition():
        if time.monotonic() > end:
            jobs = [(j.title, j.status, j.summary or j.error) for j in Job.objects.order_by("pk")]
            told = "\n".join(log.read_text()[-3000:] for log in logs if log.exists())
            raise AssertionError(f"timed out; jobs: {jobs}\n{told}")
        time.sleep(every)


def _stop(process: subprocess.Popen) -> int:
    process.send_signal(signal.SIGTERM)
    return process.wait(timeout=30)


def test_the_worker_runs_a_job_started_from_the_page(worker_env, client, officer, tmp_path):
    client.force_login(officer)
    sample = ACTIVITIES / "dportal-covid19-sample-2.03.xml"
    client.post("/interop/iati/", {"file": SimpleUploadedFile(sample.name, sample.read_bytes())})
    job = Job.objects.get()
    assert job.status == Job.Status.QUEUED and not IatiActivity.objects.exists()
    worker = _worker(worker_env, tmp_path / "worker.log")
    try:
        _wait(lambda: Job.objects.get().is_over)
    finally:
        assert _stop(worker) == 0  # SIGTERM: a clean stop between tasks
    job.refresh_from_db()
    assert job.status == Job.Status.DONE, (tmp_path / "worker.log").read_text()
    assert job.worker.endswith(f":{worker.pid}") and IatiActivity.objects.count() == 401
    assert "401 kegiatan dibaca" in client.get(f"/jobs/{job.pk}/").content.decode()


def test_two_workers_never_run_one_task_twice_and_run_the_day_once(worker_env, officer, tmp_path):
    one = (ACTIVITIES / "usaid-activity-2.03.xml").read_bytes()
    jobs = [
        services.job_start(
            user=officer,
            kind=Job.Kind.IATI_IMPORT,
            title=f"usaid-{n}.xml",
            task=interop_tasks.iati_import,
            uploads=[SimpleUploadedFile(f"usaid-{n}.xml", one)],
        )
        for n in range(8)
    ]
    env = {
        **worker_env,
        "MITRA_DAILY_AT": "00:00",
        "MITRA_DAILY_COMMANDS": "expire_agreements,no_such_command",
    }
    logs = [tmp_path / "a.log", tmp_path / "b.log"]
    workers = [_worker(env, log) for log in logs]
    try:
        _wait(lambda: Job.objects.filter(status=Job.Status.DONE).count() == len(jobs), logs=logs)
        _wait(lambda: DailyRun.objects.filter(finished_at__isnull=False).exists(), logs=logs)
        time.sleep(1)  # both have looked at the clock by now (they look at start)
    finally:
        for worker in workers:
            _stop(worker)
    for job in jobs:
        assert job.history.filter(status=Job.Status.RUNNING).count() == 1
    results = DBTaskResult.objects.filter(id__in=[j.task_id for j in Job.objects.all()])
    assert results.count() == len(jobs)
    assert all(len(r.worker_ids) == 1 and r.status == "SUCCESSFUL" for r in results)
    run = DailyRun.objects.get()
    assert run.outcome == {"expire_agreements": "ok", "no_such_command": "missing"}
    texts = [log.read_text() for log in logs]
    assert sum("there is no command 'no_such_command'" in text for text in texts) == 1


def test_a_worker_killed_mid_import_leaves_nothing_and_the_job_runs_again(
    worker_env, officer, tmp_path
):
    big = tmp_path / "many-activities.xml"
    expected = many_activities(big, copies=12)
    with big.open("rb") as handle:
        job = services.job_start(
            user=officer,
            kind=Job.Kind.IATI_IMPORT,
            title=big.name,
            task=interop_tasks.iati_import,
            uploads=[File(handle, name=big.name)],
        )
    worker = _worker(worker_env, tmp_path / "killed.log")

    def half_way() -> bool:
        seen = progress.read(job.pk)
        return seen is not None and seen.count >= 1000

    try:
        _wait(half_way, every=0.01)
    finally:
        worker.send_signal(signal.SIGKILL)
        worker.wait(timeout=30)
    job.refresh_from_db()
    # At least two batches were written inside the import's transaction; none of it stays.
    assert job.status == Job.Status.RUNNING and IatiActivity.objects.count() == 0
    assert rules.is_stale(job) and rules.is_retryable(job)
    # django-tasks-db's row of the task was left RUNNING, under the killed worker's host:pid;
    # the next worker to start marks it failed (the job itself waits for a person's retry).
    orphan = DBTaskResult.objects.get(id=job.task_id)
    assert orphan.status == "RUNNING"
    assert orphan.worker_ids == [f"{socket.gethostname()}:{worker.pid}"]
    starting = _worker(worker_env, tmp_path / "starting.log", "--batch")
    assert starting.wait(timeout=120) == 0
    orphan.refresh_from_db()
    assert orphan.status == "FAILED", (tmp_path / "starting.log").read_text()
    assert orphan.exception_class_path == "mitra.jobs.services.WorkerGone"
    told = (tmp_path / "starting.log").read_text()
    assert "1 task(s) left running by a stopped worker marked failed." in told
    services.job_retry(user=officer, job=job)
    again = _worker(worker_env, tmp_path / "again.log", "--batch")
    assert again.wait(timeout=120) == 0
    job.refresh_from_db()
    assert (job.status, job.attempt) == (Job.Status.DONE, 2), (tmp_path / "again.log").read_text()
    assert IatiActivity.objects.count() == expected
    assert job.summary.startswith(f"{expected} kegiatan dibaca: {expected} baru")

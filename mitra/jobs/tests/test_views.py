"""The job page: polled while the job runs (htmx, or a reload without script), its summary
once done, a retry button for a failed job, and nobody else's jobs."""

from __future__ import annotations

import pytest

from mitra.jobs import progress, rules
from mitra.jobs.models import Job

pytestmark = pytest.mark.django_db


def _job(user, **fields) -> Job:
    return Job.objects.create(
        kind=Job.Kind.IATI_IMPORT,
        title="kegiatan.xml",
        started_by=user,
        task_path="mitra.interop.tasks.iati_import",
        **fields,
    )


def test_a_running_job_shows_its_progress_and_keeps_asking(client, officer):
    job = _job(officer, status=Job.Status.RUNNING, worker=rules.worker_name())
    progress.write(job.pk, count=500, percent=42)
    client.force_login(officer)
    page = client.get(f"/jobs/{job.pk}/").content.decode()
    assert '<progress max="100" value="42"' in page and "500 butir dibaca sejauh ini." in page
    assert f'data-hx-get="/jobs/{job.pk}/"' in page and 'data-hx-trigger="every 2s"' in page
    assert '<noscript><meta http-equiv="refresh" content="2"></noscript>' in page
    # htmx asks for the state alone.
    part = client.get(f"/jobs/{job.pk}/", headers={"HX-Request": "true"}).content.decode()
    assert part.lstrip().startswith('<section id="job-state"') and "<html" not in part
    progress.clear(job.pk)


def test_a_finished_job_shows_its_summary_and_stops_asking(client, officer):
    job = _job(officer, status=Job.Status.DONE, summary="401 kegiatan dibaca")
    client.force_login(officer)
    page = client.get(f"/jobs/{job.pk}/").content.decode()
    assert "401 kegiatan dibaca" in page
    assert "data-hx-trigger" not in page and "http-equiv" not in page


def test_a_failed_job_says_why_escaped_and_offers_a_retry_when_its_input_is_kept(client, officer):
    job = _job(officer, status=Job.Status.FAILED, error="<script>alert(1)</script> rusak")
    client.force_login(officer)
    page = client.get(f"/jobs/{job.pk}/").content.decode()
    assert "&lt;script&gt;alert(1)&lt;/script&gt; rusak" in page and "<script>alert" not in page
    assert f'action="/jobs/{job.pk}/retry/"' in page


def test_a_job_whose_worker_died_is_marked_stopped_and_can_be_run_again(client, officer):
    job = _job(officer, status=Job.Status.RUNNING, worker="vm-lain:1")
    Job.objects.filter(pk=job.pk).update(started_at="2026-01-01T00:00:00Z")
    client.force_login(officer)
    page = client.get(f"/jobs/{job.pk}/").content.decode()
    assert "worker yang menjalankannya telah berhenti" in page
    assert "data-hx-trigger" not in page
    response = client.post(f"/jobs/{job.pk}/retry/")
    assert response.status_code == 302
    job.refresh_from_db()
    # The tests' immediate backend ran the retried task at once; its task is unknown here.
    assert job.attempt == 2


def test_nobody_sees_anothers_job_but_the_administrator(client, officer, focal, admin_user):
    job = _job(officer, status=Job.Status.QUEUED)
    client.force_login(focal)
    assert client.get(f"/jobs/{job.pk}/").status_code == 404
    assert client.post(f"/jobs/{job.pk}/retry/").status_code == 404
    assert "kegiatan.xml" not in client.get("/jobs/").content.decode()
    client.force_login(admin_user)
    assert client.get(f"/jobs/{job.pk}/").status_code == 200

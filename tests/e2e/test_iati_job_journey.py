"""An officer imports a partner's IATI file from the page: it becomes a background job whose
page follows it (htmx, no reload) from "waiting for the worker" to the summary."""

from __future__ import annotations

import os
import re
import threading
from pathlib import Path

import pytest
from django.db import connection
from django_tasks_db.management.commands.db_worker import Worker

from mitra.accounts.models import Unit, User
from mitra.interop import iati
from mitra.interop.models import IatiActivity
from mitra.interop.tests import iati_rules
from mitra.jobs.tests.iati_files import many_activities

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]
SAMPLE = iati_rules.shared("data", "iati", "activities", "dportal-covid19-sample-2.03.xml")


@pytest.fixture
def officer_uploads(live_server, page, settings):
    """Log in as an officer and upload an IATI file; the page is then the job's page."""
    if not SAMPLE.exists():
        if os.environ.get("CI", "").lower() == "true":
            pytest.fail(f"{SAMPLE} is missing; CI has ../shared beside the clone")
        pytest.skip("../shared/data/iati not present")
    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
    unit = Unit.objects.create(code="bks", kind="ministry_unit", name_id="Biro Kerja Sama")
    User.objects.create_user(username="officer", password="pw-officer-1", role="officer", unit=unit)
    base = live_server.url

    def upload(path: Path) -> None:
        page.goto(f"{base}/interop/")
        page.locator("#id_username").fill("officer")
        page.locator("#id_password").fill("pw-officer-1")
        page.get_by_role("button", name="Masuk").click()
        page.wait_for_url(f"{base}/interop/")
        page.locator("#iati-file").set_input_files(str(path))
        page.locator("form[action='/interop/iati/'] button[type=submit]").click()
        page.wait_for_url(re.compile(rf"{re.escape(base)}/jobs/\d+/$"))

    return upload


def _worker(name: str) -> Worker:
    """The database worker that `mitra worker` runs, here in the test's process: it takes the
    waiting tasks, then stops."""
    return Worker(
        queue_names=["default"],
        interval=0,
        batch=True,
        backend_name="default",
        startup_delay=False,
        max_tasks=None,
        worker_id=name,
        excluded_queue_names=[],
    )


def test_an_iati_import_runs_as_a_job_with_its_progress_shown(page, officer_uploads):
    officer_uploads(SAMPLE)
    # The request only queued the work: the page shows the job waiting for the worker.
    state = page.locator("#job-state")
    assert "menunggu worker" in state.inner_text()
    assert state.locator("progress").count() == 1
    assert not IatiActivity.objects.exists()
    page.evaluate("window.stillTheSamePage = true")

    _worker("journey").run()

    # The page asks again by itself and shows the summary, without a reload.
    page.locator("#job-state[data-status='done']").wait_for()
    assert "401 kegiatan dibaca: 401 baru, 0 diperbarui (disimpan)" in state.inner_text()
    assert page.evaluate("window.stillTheSamePage") is True
    assert IatiActivity.objects.count() == 401
    page.get_by_role("link", name="Pekerjaan latar belakang saya").click()
    assert "401 kegiatan dibaca" in page.locator("table.list").inner_text()
    assert page.console_errors == []


def test_a_long_import_shows_how_far_it_is_while_it_runs(
    page, officer_uploads, tmp_path, monkeypatch
):
    """On PostgreSQL the worker runs beside the live server (an in-memory SQLite test
    database has one connection for every thread), so the page shows the work half-way.

    The import is held half-way through its reading until the page has shown it: an import
    that runs faster than the page asks would otherwise be done before it is seen running."""
    if connection.vendor != "postgresql":
        pytest.skip("a worker thread beside the live server needs PostgreSQL")
    big = tmp_path / "kegiatan-banyak.xml"
    expected = many_activities(big, copies=20)
    officer_uploads(big)

    seen = threading.Event()
    read_one = iati._read_activity
    calls = {"n": 0}

    def held(*args, **kwargs):
        calls["n"] += 1
        if calls["n"] == 2 * iati.PROGRESS_EVERY + 1:  # two reports of progress written
            seen.wait(timeout=120)
        return read_one(*args, **kwargs)

    monkeypatch.setattr(iati, "_read_activity", held)

    def work() -> None:
        try:
            _worker("journey-thread").run()
        finally:
            connection.close()

    worker = threading.Thread(target=work)
    worker.start()
    try:
        running = page.locator("#job-state[data-status='running'] progress[value]")
        running.wait_for(timeout=60_000)
        assert 0 <= int(running.get_attribute("value") or "") < 100
        assert "butir dibaca sejauh ini" in page.locator("#job-state").inner_text()
        seen.set()
        page.locator("#job-state[data-status='done']").wait_for(timeout=120_000)
    finally:
        seen.set()
        worker.join(timeout=180)
    summary = f"{expected} kegiatan dibaca: {expected} baru"
    assert summary in page.locator("#job-state").inner_text()
    assert IatiActivity.objects.count() == expected

"""An officer imports a partner's IATI file from the page: it becomes a background job whose
page follows it (htmx, no reload) from "waiting for the worker" to the summary."""

from __future__ import annotations

import os
import re

import pytest
from django_tasks_db.management.commands.db_worker import Worker

from mitra.accounts.models import Unit, User
from mitra.interop.models import IatiActivity
from mitra.interop.tests import iati_rules

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]
SAMPLE = iati_rules.shared("data", "iati", "activities", "dportal-covid19-sample-2.03.xml")


def test_an_iati_import_runs_as_a_job_with_its_progress_shown(live_server, page, settings):
    if not SAMPLE.exists():
        if os.environ.get("CI", "").lower() == "true":
            pytest.fail(f"{SAMPLE} is missing; CI has ../shared beside the clone")
        pytest.skip("../shared/data/iati not present")
    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
    unit = Unit.objects.create(code="bks", kind="ministry_unit", name_id="Biro Kerja Sama")
    User.objects.create_user(username="officer", password="pw-officer-1", role="officer", unit=unit)
    base = live_server.url

    page.goto(f"{base}/interop/")
    page.locator("#id_username").fill("officer")
    page.locator("#id_password").fill("pw-officer-1")
    page.get_by_role("button", name="Masuk").click()
    page.wait_for_url(f"{base}/interop/")
    page.locator("#iati-file").set_input_files(str(SAMPLE))
    page.locator("form[action='/interop/iati/'] button[type=submit]").click()

    # The request only queued the work: the page shows the job waiting for the worker.
    page.wait_for_url(re.compile(rf"{re.escape(base)}/jobs/\d+/$"))
    state = page.locator("#job-state")
    assert "menunggu worker" in state.inner_text()
    assert state.locator("progress").count() == 1
    assert not IatiActivity.objects.exists()
    page.evaluate("window.stillTheSamePage = true")

    # The worker takes the job (here in the test's own process, on the test database).
    Worker(
        queue_names=["default"],
        interval=0,
        batch=True,
        backend_name="default",
        startup_delay=False,
        max_tasks=None,
        worker_id="journey",
        excluded_queue_names=[],
    ).run()

    # The page asks again by itself and shows the summary, without a reload.
    page.locator("#job-state[data-status='done']").wait_for()
    assert "401 kegiatan dibaca: 401 baru, 0 diperbarui (disimpan)" in state.inner_text()
    assert page.evaluate("window.stillTheSamePage") is True
    assert IatiActivity.objects.count() == 401
    page.get_by_role("link", name="Pekerjaan latar belakang saya").click()
    assert "401 kegiatan dibaca" in page.locator("table.list").inner_text()
    assert page.console_errors == []

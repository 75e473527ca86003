from __future__ import annotations

import os
import shutil
from collections.abc import Iterator

import pytest

CHROMIUM = "/usr/bin/chromium"
ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-dev-shm-usage",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]


@pytest.fixture(scope="session")
def browser() -> Iterator[object]:
    if not shutil.which(CHROMIUM):
        if os.environ.get("CI", "").lower() == "true":
            pytest.fail(f"{CHROMIUM} is missing; CI must run the browser journeys")
        pytest.skip(f"{CHROMIUM} not installed (apt-get install chromium)")
    # Django refuses ORM calls from a thread with a running event loop; Playwright's sync API
    # runs one, and the live server's test data is written from the test itself.
    os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        b = p.chromium.launch(executable_path=CHROMIUM, args=ARGS)
        yield b
        b.close()


@pytest.fixture
def page(browser):
    context = browser.new_context(locale="id-ID", viewport={"width": 1280, "height": 900})
    page = context.new_page()
    page.set_default_timeout(10_000)
    errors: list[str] = []
    page.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
    page.on("pageerror", lambda e: errors.append(str(e)))
    page.console_errors = errors
    yield page
    context.close()


@pytest.fixture(autouse=True)
def area_taxonomy(transactional_db) -> None:
    """Put back the area taxonomy that migration agreements/0003 loads.

    The live server needs committed data, so these tests flush the tables afterwards, and the
    flush takes the migration-loaded taxonomy with it (serialized_rollback does not reliably
    restore it with live_server: pytest-dev/pytest-django#1062, #1117).
    """
    import importlib

    from django.apps import apps

    migration = importlib.import_module("mitra.agreements.migrations.0003_taxonomy_v1")
    migration.load(apps, None)


@pytest.fixture(autouse=True)
def roadmap_sectors(transactional_db) -> None:
    """Put back the sectors that migration roadmap/0002 loads (flushed as the taxonomy is)."""
    import importlib

    from django.apps import apps

    migration = importlib.import_module("mitra.roadmap.migrations.0002_the_issues_sectors")
    migration.add(apps, None)

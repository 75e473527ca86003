"""The strict Content-Security-Policy holds in a real browser: Chromium loads every page of the
URL conf (from the same generated list as the access matrix) in each state it has — signed
out, as an officer and as the administrator, after an htmx swap, with charts and the map drawn,
refused, not found, locked out — and reports no violation."""

from __future__ import annotations

import pytest
from axes.utils import reset

from mitra.jobs.models import Job
from tests.access import world as w
from tests.access.test_matrix import EXPECTED

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

# Every violation the page reports, kept where the test can read it after the page settles.
LISTEN = """
window.__csp = [];
document.addEventListener('securitypolicyviolation', e => window.__csp.push(
  `${e.violatedDirective} blocked ${e.blockedURI || 'inline'} at ${e.sourceFile}:${e.lineNumber}`));
"""

# Answers that are not pages (files, feeds, JSON) or that leave at once (logout, language).
NOT_PAGES = {
    "healthz",
    "logout",
    "set_language",
    "calendar",
    "insights:brief_pdf",
    "roadmap:pdf",
    "liaison:directory_xlsx",
    "liaison:directory_pdf",
    "agreements:document",
    "documents:file",
    "jobs:download",
    "treaty:export",
    "api:openapi-json",
}


def _visit(page, url: str, seen: list[str]) -> None:
    page.goto(url, wait_until="networkidle")
    seen.extend(f"{url}: {v}" for v in page.evaluate("window.__csp"))


def _login(page, base: str, username: str) -> None:
    page.goto(f"{base}/accounts/login/")
    page.locator("#id_username").fill(username)
    page.locator("#id_password").fill("pw-" + username)
    page.locator("main form [type=submit]").click()
    page.wait_for_url(f"{base}/")


def _pages(world: w.World, role: str) -> list[str]:
    column = w.ROLES.index(role)
    return [
        r.path
        for r in w.page_routes(world)
        if r.name not in NOT_PAGES
        and not (r.name.startswith("api:") and r.name != "api:openapi-view")
        and EXPECTED[f"{r.name} GET"][column] == "ok"
    ]


def test_no_page_in_any_state_violates_the_policy(live_server, browser):
    world = w.build()
    base = live_server.url
    seen: list[str] = []
    console: list[str] = []

    def fresh():
        context = browser.new_context(locale="id-ID", viewport={"width": 1280, "height": 900})
        context.add_init_script(LISTEN)
        page = context.new_page()
        page.set_default_timeout(15_000)
        page.on(
            "console",
            lambda m: console.append(m.text) if "Content Security Policy" in m.text else None,
        )
        return context, page

    # Signed out: the login page, the public portal with its map, a missing page.
    context, page = fresh()
    for path in (
        "/accounts/login/",
        "/public/",
        "/partners/NOWHERE/",
        "/accounts/password/reset/",
        "/accounts/password/reset/sent/",
        "/accounts/reset/MQ/set-password/",
        "/accounts/reset/done/",
    ):
        _visit(page, base + path, seen)
    # The control: markup of the kind the policy forbids is reported, so silence means no
    # violation rather than a deaf listener.
    page.evaluate(
        """() => { const s = document.createElement('script'); s.textContent = 'window.x = 1';
        document.body.append(s);
        document.body.insertAdjacentHTML('beforeend', '<p style="color: red">x</p>'); }"""
    )
    page.wait_for_function("window.__csp.length >= 2")
    control = page.evaluate("window.__csp")
    assert any(v.startswith("script-src") for v in control), control
    assert any(v.startswith("style-src") for v in control), control
    assert page.evaluate("window.x") is None
    console.clear()
    # Locked out: five wrong passwords, the page that says when to come back.
    for _ in range(5):
        page.goto(f"{base}/accounts/login/")
        page.locator("#id_username").fill("olga")
        page.locator("#id_password").fill("wrong")
        page.locator("main form [type=submit]").click()
    assert page.locator("h1").inner_text() == "Masuk dikunci"
    seen.extend(f"locked out: {v}" for v in page.evaluate("window.__csp"))
    context.close()
    reset()  # what an administrator's unlock does: this address may sign in again

    # An officer: every page the matrix lets them open, then the htmx swaps.
    context, page = fresh()
    _login(page, base, "citra")  # coordination member first, for a refused page
    _visit(page, f"{base}/partners/new/", seen)
    assert page.locator("h1").count() == 1
    context.close()
    context, page = fresh()
    _login(page, base, "olga")
    paths = _pages(world, "officer")
    assert len(paths) > 30
    for path in paths:
        _visit(page, base + path, seen)
    _visit(page, base + "/", seen)
    page.locator("[data-map='world'][data-ready='true']").wait_for()
    page.wait_for_function(
        "() => [...document.querySelectorAll('canvas[data-chart]')].every(c => Chart.getChart(c))"
    )
    seen.extend(f"dashboard drawn: {v}" for v in page.evaluate("window.__csp"))
    plan = world.objects["plan"]
    activity = world.objects["own_activity"]
    _visit(page, f"{base}/plans/{plan.pk}/", seen)
    with page.expect_response(f"**/plans/activities/{activity.pk}/status/"):
        page.locator(f"#status-{activity.pk}").select_option("ongoing")
    page.locator(f"#activity-{activity.pk}").wait_for()
    # The bell in the header, and a notification marked read in place (the bell follows).
    note = world.objects["notification"]
    _visit(page, f"{base}/notifications/", seen)
    unread = int(page.locator("#bell-count").inner_text())
    assert unread >= 1
    with page.expect_response(f"**/notifications/{note.pk}/read/"):
        page.locator(f"#notification-{note.pk} button").click()
    page.locator(f"#notification-{note.pk}:not(.unread)").wait_for()
    assert int(page.locator("#bell-count").inner_text()) == unread - 1
    # A job waiting for the worker: its page asks htmx for its state every few seconds.
    job = world.objects["job"]
    Job.objects.filter(pk=job.pk).update(
        status=Job.Status.QUEUED, started_at=None, finished_at=None
    )
    _visit(page, f"{base}/jobs/{job.pk}/", seen)
    polled = f"/jobs/{job.pk}/"
    with page.expect_response(
        lambda r: r.url.endswith(polled) and r.request.headers.get("hx-request") == "true"
    ):
        pass
    seen.extend(f"job polled: {v}" for v in page.evaluate("window.__csp"))
    _visit(page, f"{base}/agreements/", seen)
    with page.expect_response(lambda r: "/agreements/?" in r.url):
        page.locator("form.filters input").first.fill("MoU")
    page.wait_for_load_state("networkidle")
    seen.extend(f"after htmx: {v}" for v in page.evaluate("window.__csp"))
    context.close()

    # The administrator's pages.
    context, page = fresh()
    _login(page, base, "ade")
    officer = world.users["officer"]
    assert officer is not None
    for path in (
        "/admin/",
        "/admin/accounts/user/",
        f"/admin/accounts/user/{officer.pk}/change/",
        "/admin/accounts/unit/add/",
        "/admin/axes/accessattempt/",
    ):
        _visit(page, base + path, seen)
    context.close()

    assert seen == []
    assert console == []

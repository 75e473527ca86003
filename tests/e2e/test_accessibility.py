"""axe-core on every page state, for every role that sees it: no serious or critical violation.

axe-core is vendored as a test asset (tests/e2e/assets/README.md): Mitra never serves it.
"""

from __future__ import annotations

import datetime as dt
import json
from decimal import Decimal
from pathlib import Path

import pytest
from django.utils import timezone

from mitra.accounts.models import Unit, User
from mitra.agreements import services as agreement_services
from mitra.documents import services as document_services
from mitra.jobs.models import Job
from mitra.meetings import services as meeting_services
from mitra.meetings.services import FollowUpIn
from mitra.partners import services as partner_services
from mitra.plans import services as plan_services
from mitra.taxonomy.models import CooperationArea

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

AXE = Path(__file__).parent / "assets" / "axe.min.js"
BLOCKING = ("serious", "critical")


def _registry() -> dict[str, str]:
    """A small registry with one of everything; returns the addresses of its pages."""
    bureau = Unit.objects.create(code="bks", kind="ministry_unit", name_id="Biro Kerja Sama")
    officer = User.objects.create_user(
        username="officer", password="pw-officer", role="officer", unit=bureau
    )
    for role in ("admin", "focal", "coordination", "viewer"):
        User.objects.create_user(
            username=role,
            password="pw-" + role,
            role=role,
            unit=bureau if role == "focal" else None,
        )
    kaz = partner_services.partner_create(
        user=officer, kind="country", code="KAZ", region="central_asia"
    )
    fji = partner_services.partner_create(user=officer, kind="country", code="FJI")
    ngo = partner_services.partner_create(
        user=officer, kind="ngo", code="msf", name_id="Dokter Lintas Batas", name_en="MSF"
    )
    areas = CooperationArea.objects.filter(code__in=["primary-care", "vaccines"])
    mou = agreement_services.agreement_create(
        user=officer,
        title="MoU kesehatan Indonesia–Kazakhstan",
        parties=[(kaz, "signatory"), (ngo, "signatory")],
        areas=areas,
        status="in_force",
        signed_year=2021,
        date_signed=dt.date(2021, 3, 1),
        is_public=True,
    )
    agreement_services.agreement_create(
        user=officer,
        title="MoU kesehatan Indonesia–Fiji",
        parties=[(fji, "signatory")],
        status="in_force",
        signed_year=2019,
        is_public=True,
    )
    plan = plan_services.plan_create(
        user=officer, title="Rencana aksi", agreement=mou, start_year=2025, end_year=2027
    )
    activity = plan_services.activity_create(
        user=officer,
        plan=plan,
        title="Pelatihan tenaga kesehatan primer",
        kind="training",
        area=CooperationArea.objects.get(code="primary-care"),
        owner_unit=bureau,
    )
    indicator = plan_services.indicator_create(
        user=officer,
        plan=plan,
        activity=activity,
        name="Tenaga terlatih",
        unit="orang",
        target=Decimal(200),
        baseline=Decimal(0),
    )
    plan_services.result_report(
        user=officer,
        indicator=indicator,
        period_start=dt.date(2025, 1, 1),
        period_end=dt.date(2025, 6, 30),
        value=Decimal(0),
    )
    meeting = meeting_services.meeting_create(
        user=officer,
        title="Pertemuan Astana",
        kind="visit",
        date=dt.date(2025, 4, 28),
        partners=[kaz],
        followups=[
            FollowUpIn(
                "Dialog teknis reguler",
                owner_unit=bureau,
                due_date=timezone.localdate() - dt.timedelta(days=3),
            )
        ],
    )
    document = document_services.document_store_text(
        text="Nota kesepahaman kesehatan antara Indonesia dan Kazakhstan tentang layanan primer.",
        title="Nota kesepahaman",
        user=officer,
    )
    job = Job.objects.create(
        kind=Job.Kind.IATI_IMPORT,
        title="kegiatan.xml",
        started_by=officer,
        task_path="mitra.interop.tasks.iati_import",
        status=Job.Status.FAILED,
        error="Berkas XML rusak pada baris 3.",
        details=["Mitra, baris 3: contoh"],
    )
    return {
        "home": "/",
        "partners": "/partners/",
        "partner": "/partners/KAZ/",
        "partner-ngo": "/partners/msf/",
        "partner-new": "/partners/new/",
        "agreements": "/agreements/",
        "agreement": f"/agreements/{mou.pk}/",
        "agreement-new": "/agreements/new/",
        "plans": "/plans/",
        "plan": f"/plans/{plan.pk}/",
        "mine": "/plans/mine/",
        "meetings": "/meetings/",
        "meeting": f"/meetings/{meeting.pk}/",
        "followups": "/meetings/follow-ups/",
        "search": "/search/?q=kesehatan",
        "review": "/review/",
        "interop": "/interop/",
        "document": f"/documents/{document.pk}/",
        "brief": "/partners/KAZ/brief/",
        "brief-ngo": "/partners/msf/brief/",
        "profile": "/accounts/profile/",
        "public": "/public/",
        "not-found": "/partners/XXX/",
        "jobs": "/jobs/",
        "job": f"/jobs/{job.pk}/",
        "upload": "/review/upload/",
    }


# Which page states each role reaches (a refused page is a page state too: the 403).
STATES = {
    "officer": [
        "home", "partners", "partner", "partner-ngo", "partner-new", "agreements", "agreement",
        "agreement-new", "plans", "plan", "mine", "meetings", "meeting", "followups", "search",
        "review", "interop", "document", "brief", "brief-ngo", "profile", "not-found",
        "jobs", "job", "upload",
    ],
    "admin": ["home", "partner", "agreement", "review"],
    "focal": ["home", "mine", "plan", "followups", "meeting"],
    "coordination": ["home", "partner", "agreement", "brief"],
    "viewer": ["home", "partners", "partner", "agreement", "plans", "search", "brief"],
}  # fmt: skip


def _axe(page) -> list[dict]:
    if not page.evaluate("() => typeof axe !== 'undefined'"):
        # Evaluated through the browser's debugging protocol, not as a <script>: Mitra's
        # Content-Security-Policy refuses every inline script, a test's included.
        page.evaluate(AXE.read_text(encoding="utf-8"))
    results = page.evaluate(
        """async () => (await axe.run(document, {resultTypes: ["violations"]})).violations
             .map(v => ({id: v.id, impact: v.impact, help: v.help,
                         nodes: v.nodes.map(n => n.target.join(" "))}))"""
    )
    return [v for v in results if v["impact"] in BLOCKING]


def _ready(page) -> None:
    """Let the map and the charts draw: their controls are what axe must see."""
    if page.locator("[data-map='world']").count():
        page.locator("[data-map='world'][data-ready='true']").wait_for()
    if page.locator("canvas[data-chart]").count():
        page.wait_for_function(
            "() => [...document.querySelectorAll('canvas[data-chart]')]"
            ".every(c => Chart.getChart(c))"
        )


def _check(page, url: str, found: dict[str, list[dict]], label: str) -> None:
    page.goto(url)
    _ready(page)
    violations = _axe(page)
    if violations:
        found[label] = violations


def _login(page, base: str, username: str) -> None:
    page.goto(f"{base}/accounts/login/")
    page.locator("#id_username").fill(username)
    page.locator("#id_password").fill("pw-" + username)
    page.locator("main form [type=submit]").click()
    page.wait_for_url(f"{base}/")


def test_no_serious_violation_anonymous(live_server, page):
    urls = _registry()
    found: dict[str, list[dict]] = {}
    _check(page, f"{live_server.url}/accounts/login/", found, "anonymous login")
    _check(page, f"{live_server.url}{urls['public']}", found, "anonymous public")
    _check(page, f"{live_server.url}/public/?q=zzz", found, "anonymous public, no match")
    assert found == {}, json.dumps(found, indent=1)


@pytest.mark.parametrize("role", list(STATES))
def test_no_serious_violation(live_server, page, role):
    urls = _registry()
    _login(page, live_server.url, role)
    found: dict[str, list[dict]] = {}
    for state in STATES[role]:
        _check(page, live_server.url + urls[state], found, f"{role} {state}")
    page.set_viewport_size({"width": 390, "height": 844})
    _check(page, live_server.url + "/", found, f"{role} home on a phone")
    assert found == {}, json.dumps(found, indent=1)

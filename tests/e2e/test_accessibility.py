"""axe-core on every page state, for every role that sees it: no serious or critical violation.

axe-core is vendored as a test asset (tests/e2e/assets/README.md): Mitra never serves it.
"""

from __future__ import annotations

import datetime as dt
import json
from decimal import Decimal
from pathlib import Path

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from mitra.accounts.models import Unit, User
from mitra.agreements import services as agreement_services
from mitra.agreements.models import Agreement
from mitra.clearance import services as clearance_services
from mitra.clearance.tests.conftest import V1, issue_template
from mitra.comments import services as comment_services
from mitra.documents import services as document_services
from mitra.jobs.models import Job
from mitra.liaison import services as liaison_services
from mitra.liaison.schemas import ContactIn, NoticeIn
from mitra.meetings import services as meeting_services
from mitra.meetings.services import FollowUpIn
from mitra.partners import selectors as partner_selectors
from mitra.partners import services as partner_services
from mitra.plans import services as plan_services
from mitra.plans.schemas import CommitmentIn
from mitra.roadmap import selectors as roadmap_selectors
from mitra.roadmap import services as roadmap_services
from mitra.roadmap.schemas import AssessmentInput
from mitra.sharing import services as sharing_services
from mitra.taxonomy.models import CooperationArea
from mitra.team import services as team_services
from mitra.team.schemas import PolicyItemIn
from mitra.trade import services as trade_services
from mitra.treaty import services as treaty_services
from mitra.treaty.schemas import NoteIn, TreatyIn

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
        "plan-new": "/plans/new/",  # asked without an owner: the chooser
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
        "agreement-new", "plans", "plan", "plan-new", "mine", "meetings", "meeting", "followups",
        "search", "review", "interop", "document", "brief", "brief-ngo", "profile", "not-found",
        "jobs", "job", "upload",
    ],
    "admin": ["home", "partner", "agreement", "review"],
    "focal": ["home", "mine", "plan", "followups", "meeting"],
    "coordination": ["home", "partner", "agreement", "brief"],
    "viewer": ["home", "partners", "partner", "agreement", "plans", "search", "brief"],
}  # fmt: skip


TRADE = (
    "year,partner,product,flow,value,currency,source\n"
    "2023,KAZ,pharmaceuticals,export,1250000,USD,BPS\n"
    "2024,KAZ,3004,export,2500000,USD,BPS\n"
    "2024,KAZ,devices,import,60000,USD,BPS\n"
)


def _coordination_pages(urls: dict[str, str]) -> dict[str, str]:
    """Onto the registry, one record of each page added with clearance, the treaty record, the
    team, liaison, trade, the roadmap and comments, and the agreement page's sharing, funding
    and treaty sections; returns the addresses of those pages."""
    officer = User.objects.get(username="officer")
    bureau = officer.unit
    kaz = partner_selectors.partner_get(user=officer, code="KAZ")
    mou = Agreement.objects.get(title="MoU kesehatan Indonesia–Kazakhstan")
    for code, name in (("hukum", "Biro Hukum"), ("setjen", "Sekretariat Jenderal")):
        step_unit = Unit.objects.create(code=code, kind="ministry_unit", name_id=name)
        User.objects.create_user(username=code, password="-", role="officer", unit=step_unit)
    kemenlu = Unit.objects.create(
        code="kemenlu", kind="ministry", name_id="Kementerian Luar Negeri"
    )
    User.objects.filter(username="coordination").update(unit=kemenlu)

    # A draft under clearance (the foreign ministry's step applies: Kazakhstan is a country).
    draft = agreement_services.agreement_create(
        user=officer,
        title="Draf MoU Indonesia–Kazakhstan",
        parties=[(kaz, "signatory")],
        status=Agreement.Status.NEGOTIATING,
        responsible_unit=bureau,
    )
    agreement_services.agreement_attach_document(
        user=officer,
        agreement=draft,
        upload=SimpleUploadedFile("draf-v1.txt", V1.encode(), content_type="text/plain"),
        title="Draf v1",
        kind="draft",
    )
    issue_template()
    clearance_services.clearance_start(user=officer, agreement=draft)

    # The agreement page's new sections: a share, a funding commitment, a treaty record.
    sharing_services.share_create(user=officer, agreement=mou, unit=kemenlu)
    plan_services.commitment_add(
        user=officer,
        agreement=mou,
        data=CommitmentIn(
            funder="WHO",
            source="grant",
            amount=Decimal(50000),
            currency="USD",
            ends_on=timezone.localdate() + dt.timedelta(days=60),
        ),
    )
    treaty_services.treaty_record_set(
        user=officer, agreement=mou, data=TreatyIn(ratification="none")
    )
    treaty_services.note_add(
        user=officer,
        agreement=mou,
        data=NoteIn(date=dt.date(2021, 2, 1), direction="sent", reference="D-00123/2021"),
    )

    # The team: Kemenlu is a member, with a person and a position on one item.
    member = team_services.member_add(user=officer, unit=kemenlu)
    team_services.person_add(user=officer, member=member, name="Kirana", role_title="Direktur")
    item = team_services.item_save(
        user=officer,
        data=PolicyItemIn(
            title="Posisi tentang perjanjian pandemi", agreements=[mou], partners=[kaz]
        ),
    )
    team_services.position_set(user=officer, item=item, member=member, text="Mendukung.")

    # Liaison: our desk, Kazakhstan's focal point, and a notice sent to it.
    own = liaison_services.contact_create(
        user=officer, data=ContactIn(role="own", office="Pusat Krisis Kesehatan", phone="+62 21 1")
    )
    nfp = liaison_services.contact_create(
        user=officer,
        data=ContactIn(role="ihr_nfp", partner=kaz, office="IHR NFP Kazakhstan", email="a@b.kz"),
    )
    notice = liaison_services.notice_log(
        user=officer,
        data=NoticeIn(
            partner=kaz,
            kind="alert",
            direction="sent",
            severity="high",
            event="Klaster difteri",
            to_contact=nfp,
            from_contact=own,
            sent_at=timezone.now() - dt.timedelta(hours=2),
        ),
    )

    # Trade figures, and a roadmap year with one sector assessed.
    trade_services.trade_import(user=officer, data=TRADE.encode(), filename="ekspor.csv")
    roadmap = roadmap_services.roadmap_create(user=officer, year=2025)
    sector = roadmap_selectors.sectors().get(code="pharmaceuticals")
    roadmap_services.assessment_save(
        user=officer,
        roadmap=roadmap,
        sector=sector,
        data=AssessmentInput(strengths="Industri farmasi", priority=True, target_partners=[kaz]),
    )

    # A question on the agreement.
    comment_services.comment_post(
        user=officer, kind="agreement", target=mou, body="Sudah ada draf?", is_question=True
    )
    return {
        "clearance": f"/agreements/{draft.pk}/clearance/",
        "draft": f"/agreements/{draft.pk}/",
        "agreement": urls["agreement"],
        "treaty": "/treaty/",
        "treaty-record": f"/treaty/{mou.pk}/",
        "team": "/team/",
        "team-item": f"/team/items/{item.pk}/",
        "team-item-new": "/team/items/new/",
        "liaison": "/liaison/",
        "notice-new": "/liaison/notices/new/",
        "notice": f"/liaison/notices/{notice.pk}/",
        "contact-new": "/liaison/contacts/new/",
        "test-new": "/liaison/tests/new/",
        "trade": "/trade/",
        "trade-group": "/trade/groups/pharmaceuticals/",
        "roadmaps": "/roadmap/",
        "roadmap": "/roadmap/2025/",
        "roadmap-sector": "/roadmap/2025/sectors/pharmaceuticals/",
        "comments": f"/comments/agreement/{mou.pk}/",
        "questions": "/comments/questions/",
    }


# Which of those pages each role reaches (the viewer is refused them).
NEW_STATES = {
    "officer": [
        "clearance", "draft", "agreement", "treaty", "treaty-record", "team", "team-item",
        "team-item-new", "liaison", "notice-new", "notice", "contact-new", "test-new", "trade",
        "trade-group", "roadmaps", "roadmap", "roadmap-sector", "comments", "questions",
    ],
    "admin": ["clearance", "treaty-record", "team-item", "liaison", "roadmap", "questions"],
    "focal": ["treaty", "liaison", "notice-new", "notice", "trade", "roadmap", "comments"],
    "coordination": ["agreement", "team", "team-item", "comments", "questions"],
    "viewer": ["liaison", "roadmap"],  # refused: answered 404, as for a missing record
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


def _walk(page, base: str, role: str, urls: dict[str, str], states: list[str]):
    """Log in as the role and check each of its page states; returns what was found."""
    _login(page, base, role)
    found: dict[str, list[dict]] = {}
    for state in states:
        _check(page, base + urls[state], found, f"{role} {state}")
    return found


@pytest.mark.parametrize("role", list(STATES))
def test_no_serious_violation(live_server, page, role):
    found = _walk(page, live_server.url, role, _registry(), STATES[role])
    page.set_viewport_size({"width": 390, "height": 844})
    _check(page, live_server.url + "/", found, f"{role} home on a phone")
    assert found == {}, json.dumps(found, indent=1)


@pytest.mark.parametrize("role", list(NEW_STATES))
def test_no_serious_violation_on_the_coordination_pages(live_server, page, role):
    urls = _coordination_pages(_registry())
    found = _walk(page, live_server.url, role, urls, NEW_STATES[role])
    if role == "officer":
        # A form sent empty comes back with its errors: labels and messages must still hold.
        for state in ("team-item-new", "notice-new", "contact-new"):
            page.goto(live_server.url + urls[state])
            page.locator("form.record button.primary").click()
            page.locator(".errorlist").first.wait_for()
            violations = _axe(page)
            if violations:
                found[f"{role} {state}, refused"] = violations
    assert found == {}, json.dumps(found, indent=1)

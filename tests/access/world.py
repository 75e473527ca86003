"""A small registry with something in every corner, and every route of the URL conf and the API
made into a concrete request against it.

The access matrix (test_matrix.py) and the Content-Security-Policy journey
(tests/e2e/test_csp.py) both walk `routes()`: a pattern added to the URL conf or an operation
added to the API appears there at once, and a name the table here does not know fails both.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import URLPattern, URLResolver, get_resolver
from django.utils import timezone

from mitra.accounts.models import Unit, User
from mitra.agreements import services as agreement_services
from mitra.agreements.models import Agreement
from mitra.api import api
from mitra.comments import services as comment_services
from mitra.interop import tasks as interop_tasks
from mitra.jobs import services as job_services
from mitra.liaison import services as liaison_services
from mitra.liaison.schemas import ContactIn, NoticeIn
from mitra.meetings import services as meeting_services
from mitra.meetings.services import FollowUpIn, ParticipantIn
from mitra.notifications import services as notification_services
from mitra.partners import services as partner_services
from mitra.plans import services as plan_services
from mitra.roadmap import services as roadmap_services
from mitra.sharing import services as sharing_services
from mitra.taxonomy.models import CooperationArea
from mitra.team import services as team_services
from mitra.team.schemas import PolicyItemIn
from mitra.workflow import services as workflow_services

ROLES = ("anonymous", "viewer", "coordination", "focal", "officer", "admin")


@dataclass
class World:
    users: dict[str, User | None]
    objects: dict[str, Any]


def build() -> World:
    """Six people and the records whose visibility differs between them: a public agreement
    and a non-public one, the focal point's unit's activity and another unit's, follow-ups of
    both units, a document on the non-public agreement, a queued proposal."""
    bureau = Unit.objects.create(code="bks", kind=Unit.Kind.MINISTRY_UNIT, name_id="Biro KS")
    p2p = Unit.objects.create(code="p2p", kind=Unit.Kind.MINISTRY_UNIT, name_id="Ditjen P2P")
    farmalkes = Unit.objects.create(code="fk", kind=Unit.Kind.MINISTRY_UNIT, name_id="Farmalkes")
    # The coordination member's organisation: the public agreement is shared with it, the
    # non-public one is not (so it must not learn that it exists).
    kemenlu = Unit.objects.create(code="kemenlu", kind=Unit.Kind.MINISTRY, name_id="Kemenlu")

    def person(name: str, role: str, unit: Unit | None = None, **extra: Any) -> User:
        return User.objects.create_user(name, password="pw-" + name, role=role, unit=unit, **extra)

    officer = person("olga", User.Role.OFFICER, bureau)
    users: dict[str, User | None] = {
        "anonymous": None,
        "viewer": person("vina", User.Role.VIEWER),
        "coordination": person("citra", User.Role.COORDINATION, kemenlu),
        "focal": person("fajar", User.Role.FOCAL, p2p),
        "officer": officer,
        # The administrator keeps users and reference data in /admin/ (staff, superuser).
        "admin": person("ade", User.Role.ADMIN, is_staff=True, is_superuser=True),
    }
    areas = list(CooperationArea.objects.filter(code__in=["primary-care", "vaccines"]))
    kaz = partner_services.partner_create(user=officer, kind="country", code="KAZ")
    contact = partner_services.contact_create(
        user=officer, partner=kaz, name="Akmaral Alnazarova", title="Menteri Kesehatan"
    )
    public = agreement_services.agreement_create(
        user=officer,
        title="MoU publik Indonesia–Kazakhstan",
        parties=[(kaz, "signatory")],
        areas=areas,
        status=Agreement.Status.IN_FORCE,
        date_signed=dt.date(2024, 2, 1),
        date_in_force=dt.date(2024, 3, 1),
        date_expiry=dt.date(2029, 3, 1),
        is_public=True,
    )
    secret = agreement_services.agreement_create(
        user=officer,
        title="Posisi runding (tidak publik)",
        parties=[(kaz, "signatory")],
        areas=areas,
        status=Agreement.Status.NEGOTIATING,
    )
    share = sharing_services.share_create(user=officer, agreement=public, unit=kemenlu)
    question = comment_services.comment_post(
        user=officer,
        kind="agreement",
        target=secret,
        body="Apakah posisi ini sudah dikonsultasikan?",
        is_question=True,
    )
    document = agreement_services.agreement_attach_document(
        user=officer,
        agreement=secret,
        upload=SimpleUploadedFile("posisi.txt", b"Posisi runding Indonesia tentang vaksin.\n"),
        title="Posisi runding",
        kind="draft",
    )
    plan = plan_services.plan_create(
        user=officer,
        title="Rencana aksi 2025–2027",
        agreement=public,
        start_year=2025,
        end_year=2027,
    )
    own = plan_services.activity_create(
        user=officer,
        plan=plan,
        title="Pelatihan P2P",
        kind="training",
        owner_unit=p2p,
        area=areas[0],
    )
    other = plan_services.activity_create(
        user=officer,
        plan=plan,
        title="Registrasi obat",
        kind="workshop",
        owner_unit=farmalkes,
        area=areas[1],
    )
    indicator = plan_services.indicator_create(
        user=officer,
        plan=plan,
        name="Tenaga terlatih",
        unit="orang",
        target=Decimal(100),
        activity=own,
    )
    result = plan_services.result_report(
        user=officer,
        indicator=indicator,
        period_start=dt.date(2025, 1, 1),
        period_end=dt.date(2025, 12, 31),
        value=Decimal(40),
    )
    meeting = meeting_services.meeting_create(
        user=officer,
        title="Pertemuan Astana",
        kind="technical",
        date=dt.date(2025, 4, 28),
        partners=[kaz],
        agreements=[secret],
        participants=[ParticipantIn(name="Akmaral Alnazarova", side="partner", partner=kaz)],
        followups=[
            FollowUpIn("Kirim draf", owner_unit=p2p, due_date=dt.date(2026, 1, 30)),
            FollowUpIn("Undang delegasi", owner_unit=farmalkes, due_date=dt.date(2026, 1, 30)),
        ],
    )
    own_followup, other_followup = meeting.followups.order_by("pk")
    from mitra.intake import services as intake_services

    submission = intake_services.text_submit(
        user=officer,
        title="Berita",
        text="Menteri Kesehatan RI bertemu Duta Besar Kazakhstan di Jakarta pada 5 Mei 2025 "
        "untuk membahas kerja sama vaksin.",
    )
    proposal = submission.proposals.order_by("pk").first()
    # The officer's own: a finished export job and a notification; nobody else may see either.
    job = job_services.job_start(
        user=officer,
        kind=job_services.Kind.EXPORT,
        title=interop_tasks.EXPORTS["xlsx"],
        task=interop_tasks.registry_export,
        params={"format": "xlsx"},
    )
    notification = notification_services.notify(
        recipient=officer,
        kind="followup",
        params={"title": "Kirim draf", "date": "2026-01-30", "days": 3},
        url=f"/meetings/{meeting.pk}/",
    )
    # Duties under the non-public agreement: one of the focal point's unit, one of another's.
    own_occurrence, other_occurrence = (
        workflow_services.obligation_create(
            user=officer,
            agreement=secret,
            title=title,
            start=dt.date(2026, 6, 30),
            interval_months=12,
            owner_unit=unit,
            end=dt.date(2028, 6, 30),
        )
        .occurrences.order_by("pk")
        .first()
        for title, unit in (("Laporan P2P", p2p), ("Laporan tahunan", farmalkes))
    )
    # Issue 15: a year's roadmap with the non-public agreement serving a sector.
    roadmap = roadmap_services.roadmap_create(user=officer, year=2025)
    objects = {
        "partner": kaz,
        "roadmap": roadmap,
        "contact": contact,
        "public": public,
        "secret": secret,
        "share": share,
        "question": question,
        "document": document,
        "plan": plan,
        "own_activity": own,
        "other_activity": other,
        "indicator": indicator,
        "result": result,
        "meeting": meeting,
        "own_followup": own_followup,
        "other_followup": other_followup,
        "proposal": proposal,
        "job": job,
        "notification": notification,
        "team_item": team_services.item_save(
            user=officer, data=PolicyItemIn(title="Kesehatan sebagai industri")
        ),
        "own_occurrence": own_occurrence,
        "other_occurrence": other_occurrence,
        **_liaison(officer, kaz),
    }
    return World(users=users, objects=objects)


def _liaison(officer: User, kaz: Any) -> dict[str, Any]:
    """Kazakhstan's IHR focal point and a notice sent to it, waiting for its acknowledgement."""
    nfp = liaison_services.contact_create(
        user=officer,
        data=ContactIn(role="ihr_nfp", partner=kaz, office="IHR NFP Kazakhstan", phone="+7 1"),
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
            sent_at=timezone.now() - dt.timedelta(hours=1),
        ),
    )
    return {"liaison_contact": nfp, "liaison_notice": notice}


# Which record each route is asked about. `secret` is the non-public agreement (a viewer may
# not know it exists), `other_*` another unit's (a focal point sees it but may not change it).
ROUTE_OBJECTS: dict[str, dict[str, str]] = {
    "home": {},
    "healthz": {},
    "login": {},
    "logout": {},
    "profile": {},
    "password_change": {},
    "password_change_done": {},
    "password_reset": {},
    "password_reset_done": {},
    # A link that is not valid (the page says so); a valid one is the reset journey's.
    "password_reset_confirm": {"uidb64": "=MQ", "token": "=set-password"},
    "password_reset_complete": {},
    "notifications:list": {},
    "notifications:read": {"pk": "notification"},
    "notifications:read_all": {},
    "notifications:preferences": {},
    "workflow:occurrence": {"pk": "other_occurrence"},
    "workflow:occurrence_done": {"pk": "other_occurrence"},
    "workflow:obligation_create": {"pk": "secret"},
    "workflow:agreement_reminders": {"pk": "secret"},
    "workflow:mute": {},
    "treaty:list": {},
    "treaty:export": {},
    "treaty:record": {"pk": "secret"},
    "treaty:note_add": {"pk": "secret"},
    "treaty:deadline_add": {"pk": "secret"},
    "team:page": {},
    "team:member_add": {},
    "team:person_add": {},
    "team:item_create": {},
    "team:item": {"pk": "team_item"},
    "team:item_edit": {"pk": "team_item"},
    "team:position_set": {"pk": "team_item"},
    "otp_verify": {},
    "otp_setup": {},
    "calendar": {},
    "set_language": {},
    "insights:brief": {"code": "partner"},
    "insights:brief_pdf": {"code": "partner"},
    "insights:portal": {},
    "insights:inbox": {},
    "partners:create": {},
    "partners:edit": {"code": "partner"},
    "partners:archive": {"code": "partner"},
    "partners:contact_archive": {"code": "partner", "pk": "contact"},
    "partners:list": {},
    "partners:detail": {"code": "partner"},
    "partners:contact_add": {"code": "partner"},
    "agreements:list": {},
    "agreements:create": {},
    "agreements:edit": {"pk": "secret"},
    "agreements:archive": {"pk": "secret"},
    "agreements:renew": {"pk": "public"},
    "agreements:document": {"pk": "secret", "document_pk": "document"},
    "agreements:detail": {"pk": "secret"},
    "agreements:step": {"pk": "secret", "step": "=sign"},
    "agreements:document_upload": {"pk": "secret"},
    "agreements:share": {"pk": "secret"},
    "agreements:unshare": {"pk": "public", "share_pk": "share"},
    "comments:questions": {},
    "comments:edit": {"pk": "question"},
    "comments:answer": {"pk": "question"},
    "comments:thread": {"kind": "=agreement", "pk": "secret"},
    "comments:post": {"kind": "=agreement", "pk": "secret"},
    "clearance:page": {"pk": "secret"},
    "clearance:start": {"pk": "secret"},
    "clearance:decide": {"pk": "secret"},
    "clearance:resubmit": {"pk": "secret"},
    "plans:create": {},
    "plans:mine": {},
    "plans:edit": {"pk": "plan"},
    "plans:activity_create": {"pk": "plan"},
    "plans:indicator_create": {"pk": "plan"},
    "plans:activity_edit": {"pk": "other_activity"},
    "plans:activity_status": {"pk": "other_activity"},
    "plans:activity_evidence": {"pk": "other_activity"},
    "plans:result_report": {"pk": "indicator"},
    "plans:result_edit": {"pk": "result"},
    "plans:result_review": {"pk": "result"},
    "plans:commitment_add": {"pk": "secret"},
    "plans:sustainability_set": {"pk": "secret"},
    "plans:list": {},
    "plans:detail": {"pk": "plan"},
    "meetings:list": {},
    "meetings:create": {},
    "meetings:followups": {},
    "meetings:followup_status": {"pk": "other_followup"},
    "meetings:followup_due": {"pk": "other_followup"},
    "meetings:detail": {"pk": "meeting"},
    "meetings:edit": {"pk": "meeting"},
    "meetings:archive": {"pk": "meeting"},
    "meetings:followup_add": {"pk": "meeting"},
    "documents:detail": {"pk": "document"},
    "documents:file": {"pk": "document"},
    "search:search": {},
    "intake:review": {},
    "intake:upload": {},
    "intake:upload_many": {},
    "intake:decide": {"pk": "proposal"},
    "interop:index": {},
    "interop:upload": {},
    "interop:mapping": {"name": "=missing.xlsx"},
    "interop:iati_upload": {},
    "interop:export": {},
    # The officer's export job: another user's for everyone but the administrator.
    "jobs:index": {},
    "jobs:detail": {"pk": "job"},
    "jobs:retry": {"pk": "job"},
    "jobs:download": {"pk": "job"},
    # Issue 15: trade figures and the roadmap of potential.
    "trade:index": {},
    "trade:group": {"group": "=pharmaceuticals"},
    "trade:upload": {},
    "roadmap:index": {},
    "roadmap:create": {},
    "roadmap:sector_add": {},
    "roadmap:assessment": {"year": "=2025", "sector": "=pharmaceuticals"},
    "roadmap:detail": {"year": "=2025"},
    "roadmap:pdf": {"year": "=2025"},
    "liaison:index": {},
    "liaison:directory_xlsx": {},
    "liaison:directory_pdf": {},
    "liaison:contact_create": {},
    "liaison:contact_edit": {"pk": "liaison_contact"},
    "liaison:contact_verify": {"pk": "liaison_contact"},
    "liaison:contact_archive": {"pk": "liaison_contact"},
    "liaison:test_record": {},
    "liaison:notice_create": {},
    "liaison:notice": {"pk": "liaison_notice"},
    "liaison:notice_acknowledge": {"pk": "liaison_notice"},
    "liaison:notice_correct": {"pk": "liaison_notice"},
    # The API's own pages; its operations are walked from the OpenAPI document below.
    "api:openapi-json": {},
    "api:openapi-view": {},
    "api:api-root": {},
}

# Query strings that put a page in the state the test wants (search with a hit).
QUERIES = {"search:search": "?q=vaksin"}


@dataclass(frozen=True)
class Route:
    name: str  # URL name, or "api:<operationId>"
    path: str
    methods: tuple[str, ...]


def _arg(world: World, name: str, spec: str) -> str:
    if spec.startswith("="):
        return spec[1:]
    obj = world.objects[spec]
    return str(obj.code if name == "code" else obj.pk)


def _walk(resolver: URLResolver, prefix: str = "", ns: str = "") -> list[tuple[str, str, Any]]:
    found = []
    for p in resolver.url_patterns:
        if isinstance(p, URLResolver):
            inner = f"{ns}:{p.namespace}".strip(":") if p.namespace else ns
            found += _walk(p, prefix + str(p.pattern), inner)
        elif isinstance(p, URLPattern):
            name = f"{ns}:{p.name}".strip(":") if p.name else ""
            found.append((prefix + str(p.pattern), name, p.callback))
    return found


def _fill(pattern: str, values: dict[str, str]) -> str:
    def one(match: re.Match[str]) -> str:
        return values[match.group(2)]

    return "/" + re.sub(r"<(?:(\w+):)?(\w+)>", one, pattern)


class UnknownRoute(AssertionError):
    pass


def page_routes(world: World) -> list[Route]:
    """Every pattern of the URL conf outside /admin/ (the admin is the administrator's alone
    and answers the same way everywhere: see `admin_routes`) and the API's operations."""
    routes = []
    unknown = []
    for pattern, name, _callback in _walk(get_resolver()):
        if pattern.startswith("admin/"):
            continue
        if name.startswith("api:") and name not in ROUTE_OBJECTS:
            continue  # an API operation: walked from the schema
        if name not in ROUTE_OBJECTS:
            unknown.append(f"{pattern} ({name or 'no name'})")
            continue
        values = {k: _arg(world, k, v) for k, v in ROUTE_OBJECTS[name].items()}
        routes.append(Route(name, _fill(pattern, values) + QUERIES.get(name, ""), ("GET", "POST")))
    if unknown:
        raise UnknownRoute(
            "Routes the access matrix does not know; add them to ROUTE_OBJECTS and EXPECTED: "
            + ", ".join(unknown)
        )
    return routes


# The record each API path parameter names, by operation.
API_OBJECTS: dict[str, str] = {
    "get_partner": "partner",
    "update_partner": "partner",
    "archive_partner": "partner",
    "get_agreement": "secret",
    "update_agreement": "secret",
    "archive_agreement": "secret",
    "get_activity": "other_activity",
    "update_activity": "other_activity",
    "list_results": "indicator",
    "report_result": "indicator",
    "review_result": "result",
    "get_meeting": "meeting",
    "set_followup_status": "other_followup",
    "get_document": "document",
    "get_clearance": "secret",
    "start_clearance": "secret",
    "approve_step": "secret",
    "return_step": "secret",
    "resubmit_clearance": "secret",
}


def api_routes(world: World) -> list[Route]:
    """Every operation of the OpenAPI document, with its method."""
    schema = api.get_openapi_schema(path_prefix="/api/v1")
    routes = []
    unknown = []
    for path, item in schema["paths"].items():
        for method, operation in item.items():
            op = _operation_name(operation["operationId"])
            if "{" in path and op not in API_OBJECTS:
                unknown.append(op)
                continue
            concrete = path
            if "{" in path:
                obj = world.objects[API_OBJECTS[op]]
                concrete = re.sub(r"\{code\}", str(getattr(obj, "code", "")), concrete)
                concrete = re.sub(r"\{pk\}", str(obj.pk), concrete)
            routes.append(Route(f"api:{op}", concrete, (method.upper(),)))
    if unknown:
        raise UnknownRoute("API operations the matrix does not know: " + ", ".join(unknown))
    return routes


def _operation_name(operation_id: str) -> str:
    # ninja names operations "<module path>_<function>", e.g. mitra_partners_api_get_partner.
    return operation_id.split("_api_", 1)[-1]

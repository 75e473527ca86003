"""Every service that writes leaves history naming who wrote (issue 16, §5).

The services are found by walking every app's `services.py`, so a new write path cannot be
forgotten: it fails here until it is given a call below (or named as one that writes nothing).
"""

from __future__ import annotations

import datetime as dt
import importlib
import inspect
import pkgutil
from collections.abc import Callable
from dataclasses import replace
from decimal import Decimal
from typing import Any

import pytest
from django.apps import apps
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django_tasks import task

import mitra
from mitra.accounts import services as accounts
from mitra.accounts.models import Unit
from mitra.agreements import services as agreements
from mitra.clearance import services as clearance
from mitra.comments import services as comments
from mitra.core import history
from mitra.documents import services as documents
from mitra.intake import services as intake
from mitra.jobs import services as jobs
from mitra.jobs.models import Job
from mitra.liaison import services as liaison
from mitra.liaison.schemas import CommunicationTestIn, ContactIn, NoticeIn
from mitra.meetings import services as meetings
from mitra.notifications import services as notifications
from mitra.partners import services as partners
from mitra.plans import services as plans
from mitra.plans.schemas import ActivityChanges, CommitmentIn, IndicatorChanges
from mitra.roadmap import services as roadmap
from mitra.roadmap.schemas import AssessmentInput
from mitra.sharing import services as sharing
from mitra.team import services as team
from mitra.team.schemas import PolicyItemIn
from mitra.trade import services as trade
from mitra.treaty import services as treaty
from mitra.treaty.schemas import NoteIn, TreatyIn
from mitra.workflow import services as workflow

# Helpers that read or check and write nothing, each with the reason.
WRITES_NOTHING = {
    "mitra.documents.services.sniff": "tells a file's type from its bytes",
    "mitra.documents.services.document_validate_upload": "checks an upload, stores nothing",
    "mitra.partners.services.normalise_code": "turns a typed code into the stored form",
    "mitra.intake.services.match_partner": "looks a proposal's partner up in the registry",
    "mitra.intake.services.agreement_title": "builds a proposed agreement's title from the text",
    "mitra.notifications.services.mode_for": "reads how a user wants a kind e-mailed",
    "mitra.notifications.services.retry_delay": "computes when a failed e-mail is tried again",
    "mitra.jobs.services.job_output": "writes a job's result file; job_run records it on the job",
    "mitra.jobs.services.jobs_prune_files": "removes old job files; the job rows stay untouched",
    "mitra.comments.services.mentioned_names": "reads the @names out of a text",
}

# Writes of rows that are themselves the record of what happened (a log, not a person's
# change of a record): they keep no second history, each with the reason.
KEEPS_ITS_OWN_LOG = {
    "mitra.notifications.services.notify": "the notification row is the record of the telling",
    "mitra.notifications.services.mail_queue": "an outbox row is the record of an e-mail",
    "mitra.notifications.services.digests_build": "digest and outbox rows record what was sent",
    "mitra.notifications.services.outbox_send": "the outbox row keeps its own attempts and error",
    "mitra.notifications.services.outbox_requeue": "resets an outbox row's attempts to send again",
    "mitra.notifications.services.notification_mark_read": "a read mark on one's own message",
    "mitra.notifications.services.notifications_mark_all_read": "read marks on one's messages",
    "mitra.workflow.services.remind": "the reminder ledger (Sent) records each reminder sent",
    "mitra.clearance.services.latest_version": "reads an agreement's newest version of the text",
    "mitra.jobs.services.tasks_fail_orphaned": "a django-tasks-db result row is the record of a "
    "task's run (its status, error and times); Mitra's job keeps its own history",
}


def _refuse(job: Job) -> jobs.Outcome:
    raise ValidationError("Berkas ini tidak dapat dibaca.")


@task()
def refused_job(job_id: int) -> str:
    """A job whose work is refused: it fails, keeps its input, and can be retried."""
    return jobs.job_run(job_id=job_id, work=_refuse)


def service_functions() -> set[str]:
    found = set()
    for module_info in pkgutil.iter_modules(mitra.__path__):
        try:
            module = importlib.import_module(f"mitra.{module_info.name}.services")
        except ModuleNotFoundError:
            continue
        for name, obj in vars(module).items():
            if (
                inspect.isfunction(obj)
                and obj.__module__ == module.__name__
                and not name.startswith("_")
            ):
                found.add(f"{module.__name__}.{name}")
    return found


def history_rows() -> int:
    return sum(
        model._default_manager.count()
        for model in apps.get_models()
        if model.__name__.startswith("Historical")
    )


def upload(name: str, text: str) -> SimpleUploadedFile:
    return SimpleUploadedFile(name, text.encode(), content_type="text/plain")


def steps(s: dict[str, Any]) -> list[tuple[Callable[..., Any], Callable[[], Any]]]:
    """(service, call) in an order where each call's inputs exist; `s` carries the results."""
    officer, focal, p2p = s["officer"], s["focal"], s["p2p"]
    today = dt.date(2025, 6, 1)

    def organisation() -> Unit:
        # Reference data, made in the step that needs it, in the name of who shares.
        unit = Unit(code="kemendag", kind="ministry", name_id="Kemendag")
        history.stamp(unit, by=officer)
        unit.save()
        return unit

    def put(key: str, value: Any) -> Any:
        s[key] = value
        return value

    return [
        (
            partners.partner_create,
            lambda: put(
                "who",
                partners.partner_create(
                    user=officer, kind="international", code="who", name_id="WHO", name_en="WHO"
                ),
            ),
        ),
        (
            partners.partner_update,
            lambda: partners.partner_update(user=officer, partner=s["who"], notes="Jenewa"),
        ),
        (
            partners.contact_create,
            lambda: put(
                "contact", partners.contact_create(user=officer, partner=s["who"], name="Dr. A")
            ),
        ),
        (
            partners.contact_update,
            lambda: partners.contact_update(user=officer, contact=s["contact"], title="Direktur"),
        ),
        (
            partners.contact_archive,
            lambda: partners.contact_archive(user=officer, contact=s["contact"]),
        ),
        (
            partners.partner_archive,
            lambda: partners.partner_archive(user=officer, partner=s["who"]),
        ),
        (
            partners.partner_restore,
            lambda: partners.partner_restore(user=officer, partner=s["who"]),
        ),
        (
            agreements.agreement_create,
            lambda: put(
                "mou",
                agreements.agreement_create(
                    user=officer, title="MoU WHO", parties=[(s["who"], "signatory")]
                ),
            ),
        ),
        (
            agreements.agreement_update,
            lambda: agreements.agreement_update(user=officer, agreement=s["mou"], summary="Isi"),
        ),
        (
            agreements.agreement_party_signatory,
            lambda: agreements.agreement_party_signatory(
                user=officer, agreement=s["mou"], partner=s["who"], name="Tedros", title="DG"
            ),
        ),
        (
            agreements.agreement_negotiate,
            lambda: agreements.agreement_negotiate(user=officer, agreement=s["mou"]),
        ),
        (
            agreements.agreement_sign,
            lambda: agreements.agreement_sign(
                user=officer, agreement=s["mou"], date_signed=dt.date(2024, 1, 10)
            ),
        ),
        (
            agreements.agreement_enter_into_force,
            lambda: agreements.agreement_enter_into_force(
                user=officer,
                agreement=s["mou"],
                date_in_force=dt.date(2024, 2, 1),
                date_expiry=dt.date(2025, 1, 31),
            ),
        ),
        (
            agreements.agreement_attach_document,
            lambda: agreements.agreement_attach_document(
                user=officer,
                agreement=s["mou"],
                upload=upload("mou.txt", "Nota kesepahaman antara kedua pihak."),
                title="Naskah MoU",
                kind="signed",
            ),
        ),
        (
            agreements.agreement_expire,
            lambda: agreements.agreement_expire(user=officer, agreement=s["lapsed"]),
        ),
        (
            agreements.agreements_expire_due,
            lambda: agreements.agreements_expire_due(today=today),
        ),
        (
            agreements.agreement_renew,
            lambda: put("renewed", agreements.agreement_renew(user=officer, agreement=s["mou"])),
        ),
        (
            agreements.agreement_terminate,
            lambda: agreements.agreement_terminate(
                user=officer,
                agreement=s["in_force"],
                date_terminated=dt.date(2025, 3, 1),
                reason="Kesepakatan para pihak",
            ),
        ),
        (
            agreements.agreement_archive,
            lambda: agreements.agreement_archive(user=officer, agreement=s["renewed"]),
        ),
        (
            agreements.agreement_restore,
            lambda: agreements.agreement_restore(user=officer, agreement=s["renewed"]),
        ),
        (
            plans.plan_create,
            lambda: put(
                "plan",
                plans.plan_create(
                    user=officer,
                    title="Rencana",
                    agreement=s["mou"],
                    start_year=2024,
                    end_year=2026,
                ),
            ),
        ),
        (plans.plan_update, lambda: plans.plan_update(user=officer, plan=s["plan"], summary="R")),
        (
            plans.activity_create,
            lambda: put(
                "activity",
                plans.activity_create(
                    user=officer, plan=s["plan"], title="Pelatihan", owner_unit=p2p
                ),
            ),
        ),
        (
            plans.activity_update,
            lambda: plans.activity_update(
                user=officer, activity=s["activity"], changes=ActivityChanges(counterpart="X")
            ),
        ),
        (
            plans.activity_set_status,
            lambda: plans.activity_set_status(
                user=focal, activity=s["activity"], status="ongoing", on=today
            ),
        ),
        (
            plans.activity_deliver,
            lambda: plans.activity_deliver(
                user=focal, activity=s["activity"], changes=ActivityChanges(people_reached=40)
            ),
        ),
        (
            plans.activity_attach_evidence,
            lambda: plans.activity_attach_evidence(
                user=focal,
                activity=s["activity"],
                upload=upload("bukti.txt", "Daftar hadir pelatihan tenaga kesehatan."),
                title="Daftar hadir",
            ),
        ),
        (
            plans.indicator_create,
            lambda: put(
                "indicator",
                plans.indicator_create(
                    user=officer,
                    plan=s["plan"],
                    name="Tenaga terlatih",
                    unit="orang",
                    target=Decimal(100),
                    activity=s["activity"],
                ),
            ),
        ),
        (
            plans.indicator_update,
            lambda: plans.indicator_update(
                user=officer, indicator=s["indicator"], changes=IndicatorChanges(unit="org")
            ),
        ),
        (
            plans.result_report,
            lambda: put(
                "result",
                plans.result_report(
                    user=focal,
                    indicator=s["indicator"],
                    period_start=dt.date(2024, 1, 1),
                    period_end=dt.date(2024, 12, 31),
                    value=Decimal(40),
                ),
            ),
        ),
        (
            plans.result_return,
            lambda: plans.result_return(user=officer, result=s["result"], comment="Bukti?"),
        ),
        (
            plans.result_resubmit,
            lambda: plans.result_resubmit(user=focal, result=s["result"], value=Decimal(42)),
        ),
        (plans.result_approve, lambda: plans.result_approve(user=officer, result=s["result"])),
        (plans.plan_archive, lambda: plans.plan_archive(user=officer, plan=s["plan"])),
        (
            meetings.meeting_create,
            lambda: put(
                "meeting",
                meetings.meeting_create(
                    user=officer,
                    title="Dialog teknis",
                    kind="technical",
                    date=today,
                    partners=[s["who"]],
                    followups=[meetings.FollowUpIn("Kirim draf", p2p, dt.date(2025, 7, 1))],
                ),
            ),
        ),
        (
            meetings.meeting_update,
            lambda: meetings.meeting_update(user=officer, meeting=s["meeting"], place="Jakarta"),
        ),
        (
            meetings.followup_add,
            lambda: put(
                "followup",
                meetings.followup_add(
                    user=officer,
                    meeting=s["meeting"],
                    item=meetings.FollowUpIn("Rapat lanjutan", p2p, dt.date(2025, 8, 1)),
                ),
            ),
        ),
        (
            meetings.followup_set_due_date,
            lambda: meetings.followup_set_due_date(
                user=officer, followup=s["followup"], due_date=dt.date(2025, 9, 1)
            ),
        ),
        (
            meetings.followup_set_status,
            lambda: meetings.followup_set_status(user=focal, followup=s["followup"], status="done"),
        ),
        (
            workflow.obligation_create,
            lambda: put(
                "obligation",
                workflow.obligation_create(
                    user=officer,
                    agreement=s["mou"],
                    title="Laporan kemajuan",
                    start=dt.date(2024, 3, 31),
                    interval_months=6,
                    end=dt.date(2024, 12, 31),
                    owner_unit=p2p,
                ),
            ),
        ),
        (
            workflow.occurrence_done,
            lambda: workflow.occurrence_done(
                user=focal,
                occurrence=s["obligation"].occurrences.order_by("due_date").first(),
                done_on=today,
                meeting=s["meeting"],
            ),
        ),
        (
            workflow.agreement_reminders_set,
            lambda: workflow.agreement_reminders_set(
                user=officer, agreement=s["mou"], expiry_days="90, 30", notice_days="30"
            ),
        ),
        (
            workflow.mute_set,
            lambda: (
                workflow.mute_set(user=focal, item=f"agreement:{s['mou'].pk}", muted=True),
                workflow.mute_set(user=focal, item=f"agreement:{s['mou'].pk}", muted=False),
            ),
        ),
        (
            treaty.treaty_record_set,
            lambda: treaty.treaty_record_set(
                user=officer,
                agreement=s["in_force"],
                data=TreatyIn(ratification="none", lodged_on=dt.date(2024, 3, 4)),
            ),
        ),
        (
            treaty.note_add,
            lambda: treaty.note_add(
                user=officer,
                agreement=s["in_force"],
                data=NoteIn(date=dt.date(2024, 2, 1), direction="sent", reference="D-1/2024"),
            ),
        ),
        (
            treaty.deadline_add,
            lambda: treaty.deadline_add(
                user=officer,
                agreement=s["in_force"],
                kind="certified_copy",
                requested_on=dt.date(2025, 6, 2),
            ),
        ),
        (
            team.member_add,
            lambda: put(
                "member",
                team.member_add(user=officer, unit=s["kemenlu"]),
            ),
        ),
        (
            team.person_add,
            lambda: team.person_add(user=officer, member=s["member"], name="Dr. B"),
        ),
        (
            team.item_save,
            lambda: put(
                "item",
                team.item_save(
                    user=officer,
                    data=PolicyItemIn(title="Kesehatan sebagai industri", agreements=[s["mou"]]),
                ),
            ),
        ),
        (
            team.position_set,
            lambda: team.position_set(
                user=officer, item=s["item"], member=s["member"], text="Mendukung"
            ),
        ),
        (
            sharing.share_create,
            lambda: put(
                "share",
                sharing.share_create(
                    user=officer,
                    agreement=s["mou"],
                    unit=organisation(),
                ),
            ),
        ),
        (sharing.share_revoke, lambda: sharing.share_revoke(user=officer, share=s["share"])),
        (
            comments.comment_post,
            lambda: put(
                "question",
                comments.comment_post(
                    user=focal, kind="agreement", target=s["mou"], body="@olga?", is_question=True
                ),
            ),
        ),
        (
            comments.comment_edit,
            lambda: comments.comment_edit(user=focal, comment=s["question"], body="@olga, kapan?"),
        ),
        (
            comments.question_answer,
            lambda: comments.question_answer(user=officer, comment=s["question"]),
        ),
        (
            meetings.meeting_archive,
            lambda: meetings.meeting_archive(user=officer, meeting=s["meeting"]),
        ),
        (
            documents.document_store,
            lambda: documents.document_store(
                upload=upload("catatan.txt", "Catatan rapat koordinasi kesehatan global."),
                title="Catatan",
                kind="minutes",
                user=officer,
            ),
        ),
        (
            documents.document_store_text,
            lambda: documents.document_store_text(
                text="Siaran pers kunjungan kerja ke Jenewa.", title="Siaran pers", user=officer
            ),
        ),
        (
            intake.text_submit,
            lambda: put(
                "submission",
                intake.text_submit(
                    user=officer,
                    title="Berita",
                    text="Menteri Kesehatan RI bertemu Menteri Kesehatan Kazakhstan di Astana "
                    "pada 18 Januari 2024 dan menandatangani nota kesepahaman kerja sama.",
                ),
            ),
        ),
        (
            intake.ingest,
            lambda: put(
                "submission2",
                intake.ingest(
                    user=officer,
                    document=documents.document_store_text(
                        text="Kementerian Kesehatan menerima delegasi Jepang di Jakarta pada "
                        "5 Maret 2024 untuk membahas kerja sama vaksin.",
                        title="Delegasi Jepang",
                        user=officer,
                    ),
                ),
            ),
        ),
        (
            intake.proposal_reject,
            lambda: intake.proposal_reject(
                user=officer, proposal=s["submission2"].proposals.first()
            ),
        ),
        (
            intake.proposal_accept,
            lambda: intake.proposal_accept(
                user=officer, proposal=s["submission"].proposals.order_by("pk").first()
            ),
        ),
        (
            accounts.profile_update,
            lambda: accounts.profile_update(
                user=focal,
                first_name="Sari",
                last_name="Dewi",
                email="sari@kemkes.go.id",
                language="en",
            ),
        ),
        (
            notifications.preferences_set,
            lambda: notifications.preferences_set(
                user=focal, choices={"expiry": "daily", "followup": "off"}
            ),
        ),
        *_liaison_steps(s, put),
        (
            plans.commitment_add,
            lambda: put(
                "commitment",
                plans.commitment_add(
                    user=officer,
                    agreement=s["mou"],
                    data=CommitmentIn("WHO", "grant", Decimal(1000), "USD", dt.date(2026, 6, 30)),
                ),
            ),
        ),
        (
            plans.commitment_archive,
            lambda: plans.commitment_archive(user=officer, commitment=s["commitment"]),
        ),
        (
            plans.sustainability_set,
            lambda: plans.sustainability_set(
                user=officer,
                agreement=s["mou"],
                what_continues="Pelatihan dilanjutkan dengan APBN",
                carried_by="Ditjen P2P",
            ),
        ),
        (
            jobs.job_start,
            lambda: put(
                "job",
                jobs.job_start(
                    user=officer,
                    kind=Job.Kind.INGEST,
                    title="Impor mitra",
                    task=refused_job,
                    uploads=[upload("mitra.csv", "code,kind\nwho,international\n")],
                ),
            ),
        ),
        # Clearance: a draft with a numbered version goes through a two-step template (the
        # focal point's unit, then an officer), with a return and a resubmission.
        (
            clearance.version_record,
            lambda: clearance.version_record(
                put(
                    "draft",
                    agreements.agreement_create(
                        user=officer,
                        title="MoU untuk kliring",
                        parties=[(s["who"], "signatory")],
                        responsible_unit=p2p,
                    ),
                ),
                documents.document_store(
                    upload=upload("draf.txt", "Draf nota kesepahaman, versi pertama."),
                    title="Draf",
                    kind="draft",
                    user=officer,
                ),
                "draft",
                officer,
            ),
        ),
        (
            clearance.clearance_start,
            lambda: put(
                "clearance",
                clearance.clearance_start(
                    user=officer, agreement=s["draft"], template=s["template"]
                ),
            ),
        ),
        (
            clearance.step_return,
            lambda: clearance.step_return(user=focal, agreement=s["draft"], comment="Pasal 2?"),
        ),
        (
            clearance.clearance_resubmit,
            lambda: clearance.clearance_resubmit(user=officer, agreement=s["draft"]),
        ),
        (clearance.step_approve, lambda: clearance.step_approve(user=focal, agreement=s["draft"])),
        (
            clearance.clearances_escalate,
            lambda: clearance.clearances_escalate(
                now=s["clearance"].started_at + dt.timedelta(days=30)
            ),
        ),
        (
            clearance.step_approve,
            lambda: clearance.step_approve(user=officer, agreement=s["draft"]),
        ),
        (
            clearance.template_archive,
            lambda: clearance.template_archive(user=s["admin"], template=s["clearance"].template),
        ),
        # The worker runs the job: its own status changes name nobody (reason "worker").
        (jobs.job_run, lambda: jobs.job_run(job_id=s["job"].pk, work=_refuse)),
        (jobs.job_retry, lambda: jobs.job_retry(user=officer, job=s["job"])),
        (
            trade.trade_import,
            lambda: trade.trade_import(
                user=officer,
                data=b"year,partner,product,flow,value,currency,source\n"
                b"2024,KHM,pharmaceuticals,export,10,USD,BPS\n",
                filename="trade.csv",
            ),
        ),
        (
            roadmap.sector_create,
            lambda: put(
                "sector", roadmap.sector_create(user=officer, name_id="Gizi", name_en="Nutrition")
            ),
        ),
        (
            roadmap.roadmap_create,
            lambda: put("roadmap", roadmap.roadmap_create(user=officer, year=2025)),
        ),
        (
            roadmap.assessment_save,
            lambda: roadmap.assessment_save(
                user=officer,
                roadmap=s["roadmap"],
                sector=s["sector"],
                data=AssessmentInput(strengths="Bahan baku", target_partners=[s["who"]]),
            ),
        ),
    ]


def _clearance_template() -> Any:
    from mitra.clearance.models import ClearanceTemplate, TemplateStep

    template = ClearanceTemplate.objects.create(name="Dua tahap")
    TemplateStep.objects.create(template=template, order=1, name_id="Unit", responsible_unit=True)
    TemplateStep.objects.create(template=template, order=2, name_id="Biro", role="officer")
    return template


def _liaison_steps(s: dict[str, Any], put: Callable[[str, Any], Any]) -> list[Any]:
    """The health-security liaison: a contact point kept, a notice logged, corrected, left
    unanswered past its deadline (escalated by the system), then acknowledged late."""
    officer, focal = s["officer"], s["focal"]
    nfp = ContactIn(role="ihr_nfp", office="WHO IHR contact point", email="ihr@who.example")

    def notice(event: str) -> NoticeIn:
        sent = dt.datetime(2025, 5, 30, 8, tzinfo=dt.UTC)
        return NoticeIn(
            partner=s["who"],
            kind="alert",
            direction="sent",
            severity="high",
            event=event,
            to_contact=s["nfp"],
            sent_at=sent,
        )

    return [
        (
            workflow.liaison_obligation_ensure,
            lambda: put(
                "duty",
                workflow.liaison_obligation_ensure(
                    user=officer,
                    partner=s["who"],
                    source="liaison_test",
                    title="Uji komunikasi",
                    start=dt.date(2025, 6, 1),
                    interval_months=6,
                ),
            ),
        ),
        (
            liaison.directory_duties_ensure,
            lambda: liaison.directory_duties_ensure(user=officer, partner=s["who"]),
        ),
        (
            liaison.contact_create,
            lambda: put(
                "nfp", liaison.contact_create(user=officer, data=replace(nfp, partner=s["who"]))
            ),
        ),
        (
            liaison.test_record,
            lambda: liaison.test_record(
                user=officer,
                data=CommunicationTestIn(
                    partner=s["who"], tested_on=dt.date(2025, 6, 2), result="failed"
                ),
            ),
        ),
        (
            workflow.occurrence_fulfil,
            lambda: workflow.occurrence_fulfil(
                user=officer,
                occurrence=s["duty"].occurrences.order_by("due_date").first(),
                done_on=dt.date(2025, 6, 3),
                reason="communication test got through",
            ),
        ),
        (
            liaison.contact_update,
            lambda: liaison.contact_update(
                user=officer, contact=s["nfp"], data=replace(nfp, partner=s["who"], rank=2)
            ),
        ),
        (liaison.contact_verify, lambda: liaison.contact_verify(user=officer, contact=s["nfp"])),
        (
            liaison.notice_log,
            lambda: put("notice", liaison.notice_log(user=focal, data=notice("Wabah"))),
        ),
        (
            liaison.notice_correct,
            lambda: liaison.notice_correct(
                user=focal, notice=s["notice"], data=notice("Wabah (koreksi)")
            ),
        ),
        (liaison.escalate, lambda: liaison.escalate()),
        (
            liaison.notice_acknowledge,
            lambda: liaison.notice_acknowledge(user=officer, notice=s["notice"]),
        ),
        (liaison.contact_archive, lambda: liaison.contact_archive(user=officer, contact=s["nfp"])),
    ]


def test_every_service_that_writes_is_walked_below():
    s: dict[str, Any] = dict.fromkeys(("officer", "focal", "p2p"))
    walked = {f"{fn.__module__}.{fn.__name__}" for fn, _call in steps(s)}
    assert service_functions() - set(WRITES_NOTHING) - set(KEEPS_ITS_OWN_LOG) == walked


@pytest.mark.django_db
def test_every_write_path_leaves_history_naming_who_wrote(
    officer, focal, p2p, in_force, kazakhstan, two_areas, settings, admin_user
):
    # Jobs wait for a worker (as in production), so the walk runs them itself.
    settings.TASKS = {"default": {"BACKEND": "django_tasks.backends.dummy.DummyBackend"}}
    lapsed = agreements.agreement_create(
        user=officer,
        title="PKS yang lewat masa berlakunya",
        parties=[(kazakhstan, "signatory")],
        status="in_force",
        date_signed=dt.date(2023, 1, 1),
        date_in_force=dt.date(2023, 2, 1),
        date_expiry=dt.date(2024, 12, 31),
    )
    s = {
        "officer": officer,
        "focal": focal,
        "p2p": p2p,
        "in_force": in_force,
        "lapsed": lapsed,
        "admin": admin_user,
        "template": _clearance_template(),  # kept in the admin; its own rows are not walked
    }
    s["kemenlu"] = Unit.objects.create(code="kemenlu", kind="ministry", name_id="Kemenlu")
    without_history = []
    for service, call in steps(s):
        before = history_rows()
        newest = {
            model: model._default_manager.order_by("-pk").values_list("pk", flat=True).first()
            for model in apps.get_models()
            if model.__name__.startswith("Historical") and hasattr(model, "history_user")
        }
        call()
        if history_rows() == before:
            without_history.append(service.__name__)
            continue
        # The rows this call wrote name a person, except the system's own expiry run.
        users = {
            row.history_user_id
            for model, last in newest.items()
            for row in model._default_manager.filter(pk__gt=last or 0)
        }
        system = service in (
            agreements.agreements_expire_due,
            jobs.job_run,
            clearance.clearances_escalate,
            liaison.escalate,
        )
        expected = {None} if system else {officer.pk, focal.pk}
        if service is clearance.template_archive:  # reference data: the administrator's
            expected = {admin_user.pk}
        assert users and users <= expected, service.__name__
    assert without_history == []


SMTP_PORT = 8186  # a local aiosmtpd for the outbox's own log


@pytest.mark.django_db
def test_the_services_that_keep_their_own_log_write_it_and_no_second_history(
    officer, focal, p2p, in_force, settings
):
    """The exceptions above are checked, not only claimed: each writes its log row."""
    from django.utils import timezone

    from mitra.notifications.models import Digest, Notification, Outbox
    from mitra.notifications.tests.smtp import smtp_server, use_smtp
    from mitra.workflow.models import Sent

    settings.TASKS = {"default": {"BACKEND": "django_tasks.backends.dummy.DummyBackend"}}
    use_smtp(settings, SMTP_PORT)
    for user, address in ((officer, "olga@kemkes.go.id"), (focal, "fajar@kemkes.go.id")):
        user.email = address
        user.save()
    notifications.preferences_set(user=focal, choices={"followup": "daily"})
    today = timezone.localdate()
    workflow.obligation_create(
        user=officer,
        agreement=in_force,
        title="Laporan tahunan",
        start=today,
        interval_months=12,
        end=today,
        owner_unit=p2p,
    )
    params = {"title": "Kirim draf MoU", "date": "2026-03-10", "days": 7}
    before = history_rows()
    at_once = notifications.notify(recipient=officer, kind="followup", params=params, url="/m/1/")
    later = notifications.notify(recipient=focal, kind="followup", params=params, url="/m/1/")
    assert at_once.email is not None and later.email is None
    assert notifications.digests_build().daily == 1
    assert Digest.objects.filter(user=focal).exists()
    reset = notifications.mail_queue(user=officer, subject="Atur ulang sandi", body="Tautan")
    assert reset is not None and Outbox.objects.count() == 3
    with smtp_server(SMTP_PORT) as inbox:
        assert notifications.outbox_send().sent == 3
    assert len(inbox.messages) == 3
    Outbox.objects.filter(pk=reset.pk).update(status=Outbox.Status.FAILED)
    assert notifications.outbox_requeue(rows=Outbox.objects.all()) == 1  # the sent stay sent
    assert Outbox.objects.get(pk=reset.pk).status == Outbox.Status.PENDING
    assert notifications.notification_mark_read(user=officer, pk=at_once.pk).read_at
    assert notifications.notifications_mark_all_read(user=focal) == 1
    assert not Notification.objects.filter(read_at__isnull=True).exists()
    reminded = workflow.remind()  # the obligation due today
    assert reminded.notifications >= 1 and Sent.objects.count() == reminded.notifications
    assert history_rows() == before

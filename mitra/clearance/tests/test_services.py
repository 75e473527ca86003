"""Clearance through the services: every step to signature, the return that resets, the locks,
and each piece of bad input of issue 14 refused with its message and nothing written."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from mitra.agreements import services as agreement_services
from mitra.agreements.models import Agreement
from mitra.clearance import rules, services
from mitra.clearance.models import (
    Clearance,
    ClearanceStep,
    StepDecision,
    TemplateStep,
    TextVersion,
)
from mitra.clearance.tests.conftest import V2, upload
from mitra.core.errors import NotAllowed
from mitra.notifications.models import Notification
from mitra.partners import services as partner_services

pytestmark = pytest.mark.django_db
MINUTE = dt.timedelta(minutes=1)


def kinds_for(user) -> list[str]:
    return list(
        Notification.objects.filter(recipient=user).order_by("pk").values_list("kind", flat=True)
    )


def state(clearance: Clearance) -> list[str]:
    return list(clearance.steps.order_by("order").values_list("state", flat=True))


def sign(world) -> Agreement:
    return agreement_services.agreement_sign(
        user=world.officer, agreement=world.mou, date_signed=timezone.localdate()
    )


def test_a_draft_goes_through_every_step_to_signature(world):
    clearance = services.clearance_start(user=world.officer, agreement=world.mou)
    assert state(clearance) == ["current", "waiting", "waiting", "waiting"]
    assert kinds_for(world.focal) == ["clearance_step"]
    services.step_approve(user=world.focal, agreement=world.mou, comment="Sesuai program P2P.")
    assert kinds_for(world.lawyer) == kinds_for(world.lawyer2) == ["clearance_step"]
    services.step_approve(user=world.lawyer, agreement=world.mou)
    # Cambodia is a foreign government: the Kemenlu consultation applies.
    assert kinds_for(world.kemenlu) == ["clearance_step"]
    services.step_approve(user=world.kemenlu, agreement=world.mou)
    with pytest.raises(ValidationError) as refused:
        sign(world)
    assert "Persetujuan Sekjen" in refused.value.messages[0]
    services.step_approve(user=world.sekjen, agreement=world.mou)
    clearance.refresh_from_db()
    assert clearance.status == Clearance.Status.APPROVED
    assert kinds_for(world.officer) == ["clearance_done"]
    # Each approval names the version it approved.
    assert set(StepDecision.objects.values_list("version__number", flat=True)) == {1}
    assert sign(world).status == Agreement.Status.SIGNED
    assert clearance.history.count() >= 2


def test_a_step_whose_condition_does_not_hold_is_skipped(world):
    who = partner_services.partner_create(
        user=world.officer, kind="international", code="who", name_id="WHO", name_en="WHO"
    )
    agreement_services.agreement_update(
        user=world.officer, agreement=world.mou, parties=[(who, "signatory")]
    )
    clearance = services.clearance_start(user=world.officer, agreement=world.mou)
    assert state(clearance) == ["current", "waiting", "skipped", "waiting"]
    services.step_approve(user=world.focal, agreement=world.mou)
    services.step_approve(user=world.lawyer, agreement=world.mou)
    assert clearance.steps.get(state="current").name_id == "Persetujuan Sekjen"
    assert kinds_for(world.kemenlu) == []


def test_signing_with_a_step_pending_is_refused_and_changes_nothing(world):
    services.clearance_start(user=world.officer, agreement=world.mou)
    with pytest.raises(ValidationError) as refused:
        sign(world)
    assert refused.value.messages == [
        "Perjanjian ini belum dapat ditandatangani: kliringnya belum selesai "
        "(menunggu “Telaah unit teknis”)."
    ]
    world.mou.refresh_from_db()
    assert world.mou.status == Agreement.Status.NEGOTIATING and world.mou.date_signed is None


def test_an_agreement_never_cleared_can_still_be_signed(world):
    """Agreements signed before Mitra, or without a clearance, keep the old way."""
    assert sign(world).status == Agreement.Status.SIGNED


def test_a_user_outside_the_steps_role_or_unit_is_refused(world):
    services.clearance_start(user=world.officer, agreement=world.mou)
    with pytest.raises(NotAllowed) as refused:
        services.step_approve(user=world.lawyer, agreement=world.mou)
    assert (
        str(refused.value) == "Hanya Ditjen P2P yang dapat memutuskan tahap “Telaah unit teknis”."
    )
    assert StepDecision.objects.count() == 0


def test_the_same_user_cannot_approve_two_steps(world):
    # A template whose second step the first step's approver also fits.
    step = TemplateStep.objects.get(template=world.template, order=2)
    step.unit = None
    step.role = "focal"
    step.save()
    services.clearance_start(user=world.officer, agreement=world.mou)
    services.step_approve(user=world.focal, agreement=world.mou)
    with pytest.raises(ValidationError) as refused:
        services.step_approve(user=world.focal, agreement=world.mou)
    assert refused.value.messages == [
        "Anda telah menyetujui tahap “Telaah unit teknis” pada kliring ini; "
        "“Telaah hukum Biro Hukum” memerlukan orang lain."
    ]
    assert StepDecision.objects.count() == 1


def test_every_means_each_assignee_approves(world):
    TemplateStep.objects.filter(template=world.template, order=2).update(mode="every")
    clearance = services.clearance_start(user=world.officer, agreement=world.mou)
    services.step_approve(user=world.focal, agreement=world.mou)
    services.step_approve(user=world.lawyer, agreement=world.mou)
    assert state(clearance)[1] == "current"  # hadi has not approved yet
    with pytest.raises(ValidationError):
        services.step_approve(user=world.lawyer, agreement=world.mou)  # not twice
    services.step_approve(user=world.lawyer2, agreement=world.mou)
    assert state(clearance)[1:3] == ["approved", "current"]


def test_a_return_resets_the_later_steps_keeps_their_notes_and_resumes(world):
    clearance = services.clearance_start(user=world.officer, agreement=world.mou)
    services.step_approve(user=world.focal, agreement=world.mou, comment="Oke dari P2P.")
    services.step_approve(user=world.lawyer, agreement=world.mou, comment="Pasal 3 cukup.")
    # Kemenlu returns it back to the legal review.
    services.step_return(
        user=world.kemenlu, agreement=world.mou, comment="Masa berlaku tiga tahun.", back_to=2
    )
    clearance.refresh_from_db()
    assert clearance.status == Clearance.Status.RETURNED
    assert state(clearance) == ["approved", "waiting", "waiting", "waiting"]
    legal = StepDecision.objects.get(step__order=2)
    assert legal.comment == "Pasal 3 cukup." and legal.superseded_at is not None
    # The drafter and those who approved are told; the returner is not.
    assert kinds_for(world.officer)[-1] == "clearance_return"
    assert kinds_for(world.focal)[-1] == kinds_for(world.lawyer)[-1] == "clearance_return"
    assert "clearance_return" not in kinds_for(world.kemenlu)
    # Returned: the text is the drafter's again; a new version is attached.
    agreement_services.agreement_attach_document(
        user=world.officer,
        agreement=world.mou,
        upload=upload("v2.txt", V2),
        title="v2",
        kind="draft",
    )
    services.clearance_resubmit(user=world.officer, agreement=world.mou)
    assert state(clearance) == ["approved", "current", "waiting", "waiting"]
    services.step_approve(user=world.lawyer, agreement=world.mou)
    services.step_approve(user=world.kemenlu, agreement=world.mou)
    services.step_approve(user=world.sekjen, agreement=world.mou)
    versions = dict(
        StepDecision.objects.filter(superseded_at__isnull=True).values_list(
            "step__order", "version__number"
        )
    )
    assert versions == {1: 1, 2: 2, 3: 2, 4: 2}
    assert sign(world).status == Agreement.Status.SIGNED


def test_a_return_needs_a_comment_and_a_step_not_after_it(world):
    services.clearance_start(user=world.officer, agreement=world.mou)
    with pytest.raises(ValidationError) as refused:
        services.step_return(user=world.focal, agreement=world.mou, comment="  ")
    assert refused.value.message_dict == {"comment": [str(services.COMMENT_REQUIRED)]}
    with pytest.raises(ValidationError) as refused:
        services.step_return(user=world.focal, agreement=world.mou, comment="x", back_to=3)
    assert refused.value.message_dict == {"back_to": [str(services.BAD_BACK_TO)]}
    assert StepDecision.objects.count() == 0


def test_the_texts_fields_are_locked_while_under_way_and_free_when_returned(world):
    services.clearance_start(user=world.officer, agreement=world.mou)
    with pytest.raises(ValidationError) as refused:
        agreement_services.agreement_update(
            user=world.officer, agreement=world.mou, title="Judul lain"
        )
    assert refused.value.messages == [
        "Teks dikunci selama kliringnya berjalan atau setelah disetujui untuk ditandatangani: "
        "judul tidak dapat diubah sekarang."
    ]
    with pytest.raises(ValidationError):
        agreement_services.agreement_attach_document(
            user=world.officer,
            agreement=world.mou,
            upload=upload("v2.txt", V2),
            title="v2",
            kind="draft",
        )
    world.mou.refresh_from_db()
    assert world.mou.title == "MoU kesehatan Indonesia–Kamboja"
    assert TextVersion.objects.count() == 1
    # Bookkeeping stays open: the reference number is not the text.
    agreement_services.agreement_update(
        user=world.officer, agreement=world.mou, reference_number="HK.05/1/2026"
    )
    services.step_return(user=world.focal, agreement=world.mou, comment="Perbaiki judul.")
    agreement_services.agreement_update(user=world.officer, agreement=world.mou, title="Judul baru")
    world.mou.refresh_from_db()
    assert world.mou.title == "Judul baru"


def test_a_template_changed_during_a_clearance_does_not_change_it(world):
    clearance = services.clearance_start(user=world.officer, agreement=world.mou)
    TemplateStep.objects.filter(template=world.template, order=2).update(
        name_id="Telaah baru", days=1
    )
    TemplateStep.objects.filter(template=world.template, order=4).delete()
    names = list(clearance.steps.order_by("order").values_list("name_id", "days"))
    assert names[1] == ("Telaah hukum Biro Hukum", 14)
    assert len(names) == 4


def test_a_template_in_use_cannot_be_archived_until_its_clearances_finish(world, admin_user):
    services.clearance_start(user=world.officer, agreement=world.mou)
    with pytest.raises(ValidationError) as refused:
        services.template_archive(user=admin_user, template=world.template)
    assert refused.value.messages == [
        "Templat “Kliring UU 24/2000” sedang dipakai oleh 1 kliring yang berjalan: templat "
        "dapat diarsipkan setelah kliring itu selesai."
    ]
    world.template.refresh_from_db()
    assert world.template.archived_at is None
    for user in (world.focal, world.lawyer, world.kemenlu, world.sekjen):
        services.step_approve(user=user, agreement=world.mou)
    services.template_archive(user=admin_user, template=world.template)
    world.template.refresh_from_db()
    assert world.template.archived_at is not None and not world.template.is_default


def test_a_clearance_needs_a_draft_version_and_a_draft(world):
    other = agreement_services.agreement_create(
        user=world.officer,
        title="MoU tanpa draf",
        parties=[(world.mou.partners.first(), "signatory")],
    )
    with pytest.raises(ValidationError) as refused:
        services.clearance_start(user=world.officer, agreement=other)
    assert refused.value.messages == [str(services.NO_VERSION)]
    sign(world)
    with pytest.raises(ValidationError) as refused:
        services.clearance_start(user=world.officer, agreement=world.mou)
    assert refused.value.messages == [str(services.NOT_A_DRAFT)]
    assert Clearance.objects.count() == 0


def test_a_stalled_step_escalates_once_to_the_officers_and_its_assignees(world):
    start = dt.datetime(2026, 3, 2, 2, 0, tzinfo=dt.UTC)  # Monday, 09:00 in Jakarta
    services.clearance_start(user=world.officer, agreement=world.mou, now=start)
    # Ten working days: the weekends between do not count (due Monday 16 March, 09:00).
    assert services.clearances_escalate(now=start + dt.timedelta(days=10, hours=1)) == 0
    assert services.clearances_escalate(now=start + dt.timedelta(days=14) - MINUTE) == 0
    assert services.clearances_escalate(now=start + dt.timedelta(days=14, hours=1)) == 1
    late = Notification.objects.filter(kind="clearance_late")
    assert set(late.values_list("recipient__username", flat=True)) == {
        "olga",
        "hana",
        "hadi",
        "sekjen",
        "fajar",
    }
    assert late.first().params["label"] == "Telaah unit teknis"
    assert services.clearances_escalate(now=start + dt.timedelta(days=16)) == 0
    step = ClearanceStep.objects.get(order=1)
    assert step.escalated_at is not None and step.history.count() >= 3


def test_a_time_limit_skips_public_holidays_and_collective_leave(world):
    """Three working days from Monday 16 March 2026 run over Nyepi and the Idul Fitri leave
    (18-24 March, weekdays): the step is due on Thursday 26 March, not on the 19th."""
    start = dt.datetime(2026, 3, 16, 2, 0, tzinfo=dt.UTC)
    services.clearance_start(user=world.officer, agreement=world.mou, now=start)
    step = ClearanceStep.objects.get(order=1)
    step.days = 3
    step.save(update_fields=["days"])
    assert timezone.localtime(step.due_at).date() == dt.date(2026, 3, 26)
    assert services.clearances_escalate(now=dt.datetime(2026, 3, 25, 23, 0, tzinfo=dt.UTC)) == 0
    assert services.clearances_escalate(now=dt.datetime(2026, 3, 26, 3, 0, tzinfo=dt.UTC)) == 1


def test_versions_are_numbered_per_agreement_in_the_order_attached(world):
    agreement_services.agreement_attach_document(
        user=world.officer,
        agreement=world.mou,
        upload=upload("v2.txt", V2),
        title="v2",
        kind="draft",
    )
    agreement_services.agreement_attach_document(
        user=world.officer,
        agreement=world.mou,
        upload=upload("min.txt", "Notulen rapat."),
        title="Notulen",
        kind="minutes",
    )
    assert list(TextVersion.objects.values_list("number", "document__title")) == [
        (1, "Draf v1"),
        (2, "v2"),
    ]
    assert rules.text_locked(world.mou, None) is False

"""Writes of the liaison: contact points (kept, verified, archived), notices (logged, corrected
by a new notice, acknowledged) and the escalation run the worker makes every 30 seconds."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, replace
from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone, translation
from django.utils.translation import gettext_lazy as _

from mitra.core import history
from mitra.core.permissions import require
from mitra.liaison import rules, selectors
from mitra.liaison.models import CommunicationTest, ContactPoint, Notice
from mitra.liaison.schemas import CommunicationTestIn, ContactIn, NoticeIn
from mitra.notifications import services as notification_services
from mitra.workflow import rules as workflow_rules
from mitra.workflow import selectors as workflow_selectors
from mitra.workflow import services as workflow_services
from mitra.workflow.models import Obligation

OFFICE_REQUIRED = _("Name the office (a function, such as the IHR National Focal Point).")
CHANNEL_REQUIRED = _("Give at least one channel: a phone, an e-mail or a secure messaging.")
PARTNER_REQUIRED = _("Choose the partner whose contact point this is.")
OWN_HAS_NO_PARTNER = _("Our own side's contact point belongs to no partner.")
VERIFIED_IN_FUTURE = _("A contact point cannot be verified on a date still to come.")
EVENT_REQUIRED = _("Say which event the notice is about.")
RECIPIENT_REQUIRED = _("Choose whom the notice was sent to.")
RECIPIENT_NOT_THEIRS = _("A notice we send goes to a contact point of this partner.")
RECIPIENT_NOT_OURS = _("A notice we receive goes to a contact point of our own side.")
SENDER_NOT_OURS = _("A notice we send comes from a contact point of our own side.")
SENDER_NOT_THEIRS = _("A notice we receive comes from a contact point of this partner.")
SENT_IN_FUTURE = _("A notice cannot be sent at a time still to come.")
DEADLINE_BEFORE_SENT = _("The acknowledgement deadline must come after the notice was sent.")
CORRECTS_OTHER_PARTNER = _("A correction concerns the same partner as the notice it corrects.")
ALREADY_ACKNOWLEDGED = _("This notice was already acknowledged.")
ACK_BEFORE_SENT = _("A notice cannot be acknowledged before it was sent.")
ACK_IN_FUTURE = _("A notice cannot be acknowledged at a time still to come.")
TEST_PARTNER_REQUIRED = _("Choose the partner whose contact points were tested.")
TEST_IN_FUTURE = _("A communication test cannot be recorded on a date still to come.")
TEST_RESULT_REQUIRED = _("Say whether the test got through or failed.")
TEST_WITHOUT_CONTACTS = _(
    "This partner has no contact point in the directory yet: add one before testing it."
)
# Clocks differ a little between the desk's phone and the server: a minute is not "the future".
CLOCK_SKEW = dt.timedelta(minutes=1)


def _contact_errors(data: ContactIn) -> dict[str, list[Any]]:
    errors: dict[str, list[Any]] = {}
    if not data.office.strip():
        errors["office"] = [OFFICE_REQUIRED]
    if not (data.phone.strip() or data.email.strip() or data.secure_channel.strip()):
        errors["phone"] = [CHANNEL_REQUIRED]
    if data.role == ContactPoint.Role.OWN and data.partner is not None:
        errors["partner"] = [OWN_HAS_NO_PARTNER]
    elif data.role != ContactPoint.Role.OWN and data.partner is None:
        errors["partner"] = [PARTNER_REQUIRED]
    if data.last_verified and data.last_verified > timezone.localdate():
        errors["last_verified"] = [VERIFIED_IN_FUTURE]
    return errors


def _fill(contact: ContactPoint, data: ContactIn) -> ContactPoint:
    errors = _contact_errors(data)
    if errors:
        raise ValidationError(errors)
    contact.partner = data.partner
    contact.role = data.role
    contact.office = data.office.strip()
    contact.person = data.person.strip()
    contact.phone = data.phone.strip()
    contact.email = data.email.strip()
    contact.secure_channel = data.secure_channel.strip()
    contact.duty_24_7 = data.duty_24_7
    contact.rank = data.rank
    contact.last_verified = data.last_verified
    contact.notes = data.notes.strip()
    contact.full_clean()
    return contact


@transaction.atomic
def directory_duties_ensure(*, user: Any, partner: Any) -> list[Obligation]:
    """The model procedure's duties for a partner's directory, as obligations with reminders:
    its contact points confirmed yearly and a communication test twice a year (set up once)."""
    require(user, "liaison.change")
    today = timezone.localdate()
    duties = (
        (Obligation.Source.LIAISON_CONFIRMATION, rules.CONFIRM_TITLE, rules.CONFIRM_EVERY_MONTHS),
        (Obligation.Source.LIAISON_TEST, rules.TEST_TITLE, rules.TEST_EVERY_MONTHS),
    )
    out = []
    # Stored in the default language, as the registry's own records are.
    with translation.override(settings.LANGUAGE_CODE):
        for source, title, months in duties:
            out.append(
                workflow_services.liaison_obligation_ensure(
                    user=user,
                    partner=partner,
                    source=source,
                    title=str(title) % {"partner": partner},
                    start=workflow_rules.add_months(today, months),
                    interval_months=months,
                )
            )
    return out


def _confirmation_check(*, user: Any, partner: Any, on: dt.date) -> None:
    """Fulfil the year's confirmation once every contact point of the partner was verified
    within that year (the twelve months up to its due date)."""
    occurrence = workflow_selectors.liaison_occurrence_due(
        partner=partner, source=Obligation.Source.LIAISON_CONFIRMATION, on=on
    )
    if occurrence is None:
        return
    since = workflow_rules.add_months(occurrence.due_date, -rules.CONFIRM_EVERY_MONTHS)
    contacts = ContactPoint.objects.active().filter(partner=partner)
    if not contacts.exists() or contacts.filter(rules.unverified_since_q(since)).exists():
        return
    workflow_services.occurrence_fulfil(
        user=user, occurrence=occurrence, done_on=on, reason="contact points verified"
    )


@transaction.atomic
def contact_create(*, user: Any, data: ContactIn) -> ContactPoint:
    """Add a contact point to the directory; a partner's first sets up its directory's duties."""
    require(user, "liaison.change")
    contact = _fill(ContactPoint(), data)
    history.stamp(contact, by=user)
    contact.save()
    if contact.partner is not None:
        directory_duties_ensure(user=user, partner=contact.partner)
        _confirmation_check(user=user, partner=contact.partner, on=timezone.localdate())
    return contact


@transaction.atomic
def contact_update(*, user: Any, contact: ContactPoint, data: ContactIn) -> ContactPoint:
    """Change a contact point (its history keeps what it was)."""
    require(user, "liaison.change")
    _fill(contact, data)
    history.stamp(contact, by=user)
    contact.save()
    if contact.partner is not None:
        # A date of verification typed in counts as the verify action does.
        _confirmation_check(user=user, partner=contact.partner, on=timezone.localdate())
    return contact


@transaction.atomic
def contact_verify(*, user: Any, contact: ContactPoint, on: dt.date | None = None) -> ContactPoint:
    """Record that the contact point was checked and answered (today unless said)."""
    require(user, "liaison.change")
    on = on or timezone.localdate()
    if on > timezone.localdate():
        raise ValidationError({"last_verified": [VERIFIED_IN_FUTURE]})
    contact.last_verified = on
    history.stamp(contact, by=user, reason="verified")
    contact.save(update_fields=["last_verified", "updated_at"])
    if contact.partner is not None:
        _confirmation_check(user=user, partner=contact.partner, on=on)
    return contact


@transaction.atomic
def contact_archive(*, user: Any, contact: ContactPoint) -> ContactPoint:
    """Take a contact point out of the directory; its history and the notices stay."""
    require(user, "liaison.change")
    contact.archived_at = timezone.now()
    history.stamp(contact, by=user, reason="archived")
    contact.save(update_fields=["archived_at", "updated_at"])
    if contact.partner is not None:
        # The one unverified contact point gone, the others may now complete the year.
        _confirmation_check(user=user, partner=contact.partner, on=timezone.localdate())
    return contact


def _side_errors(data: NoticeIn) -> dict[str, list[Any]]:
    errors: dict[str, list[Any]] = {}
    to, sender = data.to_contact, data.from_contact
    sent = data.direction == Notice.Direction.SENT
    if to is None:
        errors["to_contact"] = [RECIPIENT_REQUIRED]
    elif sent and to.partner_id != data.partner.pk:
        errors["to_contact"] = [RECIPIENT_NOT_THEIRS]
    elif not sent and not to.is_own:
        errors["to_contact"] = [RECIPIENT_NOT_OURS]
    if sender is not None:
        if sent and not sender.is_own:
            errors["from_contact"] = [SENDER_NOT_OURS]
        elif not sent and sender.partner_id != data.partner.pk:
            errors["from_contact"] = [SENDER_NOT_THEIRS]
    return errors


@transaction.atomic
def notice_log(*, user: Any, data: NoticeIn, corrects: Notice | None = None) -> Notice:
    """Log a notice exchanged with a partner; with `corrects`, a correction of an earlier one
    (which itself stays as it was)."""
    require(user, "liaison.notice")
    errors = _side_errors(data)
    if not data.event.strip():
        errors["event"] = [EVENT_REQUIRED]
    if data.sent_at > timezone.now() + CLOCK_SKEW:
        errors["sent_at"] = [SENT_IN_FUTURE]
    deadline = data.ack_deadline or rules.default_deadline(data.sent_at)
    if deadline <= data.sent_at:
        errors["ack_deadline"] = [DEADLINE_BEFORE_SENT]
    if corrects is not None and corrects.partner_id != data.partner.pk:
        errors["partner"] = [CORRECTS_OTHER_PARTNER]
    if errors:
        raise ValidationError(errors)
    notice = Notice(
        partner=data.partner,
        kind=data.kind,
        direction=data.direction,
        severity=data.severity,
        event=data.event.strip(),
        text=data.text.strip(),
        from_contact=data.from_contact,
        to_contact=data.to_contact,
        sent_at=data.sent_at,
        ack_deadline=deadline,
        corrects=corrects,
        logged_by=user,
    )
    notice.full_clean()
    history.stamp(notice, by=user)
    notice.save()
    return notice


def notice_correct(*, user: Any, notice: Notice, data: NoticeIn) -> Notice:
    """A correction: a new notice linked to the one it corrects, for the same partner."""
    return notice_log(user=user, data=replace(data, partner=notice.partner), corrects=notice)


@transaction.atomic
def notice_acknowledge(*, user: Any, notice: Notice, at: dt.datetime | None = None) -> Notice:
    """Record when the notice was acknowledged; after its deadline it is recorded as late, and
    an escalation already made stays on record."""
    require(user, "liaison.notice")
    now = timezone.now()
    at = at or now
    notice = Notice.objects.select_for_update().get(pk=notice.pk)
    if notice.acknowledged_at is not None:
        raise ValidationError({"acknowledged_at": [ALREADY_ACKNOWLEDGED]})
    if at < notice.sent_at:
        raise ValidationError({"acknowledged_at": [ACK_BEFORE_SENT]})
    if at > now + CLOCK_SKEW:
        raise ValidationError({"acknowledged_at": [ACK_IN_FUTURE]})
    notice.acknowledged_at = at
    notice.ack_late = rules.is_late(notice.ack_deadline, at)
    history.stamp(
        notice, by=user, reason="acknowledged late" if notice.ack_late else "acknowledged"
    )
    notice.save(update_fields=["acknowledged_at", "ack_late"])
    return notice


@transaction.atomic
def test_record(*, user: Any, data: CommunicationTestIn) -> CommunicationTest:
    """Record a communication test with a partner's contact points: one that got through
    fulfils the half-year's test obligation; a failed one leaves it open, flagged."""
    require(user, "liaison.change")
    errors: dict[str, list[Any]] = {}
    if data.partner is None:
        errors["partner"] = [TEST_PARTNER_REQUIRED]
    elif not ContactPoint.objects.active().filter(partner=data.partner).exists():
        errors["partner"] = [TEST_WITHOUT_CONTACTS]
    if data.tested_on > timezone.localdate():
        errors["tested_on"] = [TEST_IN_FUTURE]
    if data.result not in CommunicationTest.Result.values:
        errors["result"] = [TEST_RESULT_REQUIRED]
    if errors:
        raise ValidationError(errors)
    occurrence = workflow_selectors.liaison_occurrence_due(
        partner=data.partner, source=Obligation.Source.LIAISON_TEST, on=data.tested_on
    )
    test = CommunicationTest(
        partner=data.partner,
        tested_on=data.tested_on,
        result=data.result,
        note=data.note.strip(),
        occurrence=occurrence,
    )
    test.full_clean()
    history.stamp(test, by=user)
    test.save()
    if occurrence is not None and not test.failed:
        workflow_services.occurrence_fulfil(
            user=user,
            occurrence=occurrence,
            done_on=data.tested_on,
            reason="communication test got through",
        )
    return test


@dataclass
class EscalationReport:
    escalated: int = 0
    notifications: int = 0


def escalate(*, now: dt.datetime | None = None) -> EscalationReport:
    """Escalate every notice not acknowledged by its deadline: name the next contact point in
    line and tell the bureau. Each notice is escalated once, in its own transaction, so a
    second run (or two workers at once) repeats nothing."""
    now = now or timezone.now()
    report = EscalationReport()
    for pk in selectors.escalation_due(now=now):
        with transaction.atomic():
            notice = (
                # Lock the notice alone: PostgreSQL refuses FOR UPDATE on the nullable side of
                # the outer joins select_related makes (logged_by).
                Notice.objects.select_for_update(skip_locked=True, of=("self",))
                .filter(rules.due_for_escalation_q(now), pk=pk)
                .select_related("to_contact", "partner", "logged_by")
                .first()
            )
            if notice is None:
                continue  # acknowledged meanwhile, or another run holds it
            notice.escalated_at = now
            notice.escalated_to = selectors.next_contact(contact=notice.to_contact)
            history.stamp(notice, by=None, reason="escalated")
            notice.save(update_fields=["escalated_at", "escalated_to"])
            params = {
                "title": notice.event,
                "label": str(notice.partner),
                "next": str(notice.escalated_to or ""),
            }
            for person in selectors.escalation_recipients(notice=notice):
                notification_services.notify(
                    recipient=person,
                    kind="liaison",
                    params=params,
                    url=notice.get_absolute_url(),
                    now=now,
                )
                report.notifications += 1
            report.escalated += 1
    return report

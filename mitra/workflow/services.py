"""Writes: send what is due (the reminder run), obligations and their occurrences, thresholds
and mutes. The worker calls `remind` daily (the `remind` management command)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from mitra.core import history
from mitra.core.permissions import require
from mitra.notifications import services as notification_services
from mitra.workflow import rules, selectors
from mitra.workflow.models import AgreementReminders, Mute, Obligation, Occurrence, Sent

TITLE_REQUIRED = _("Say what the duty is.")
OWNER_REQUIRED = _("Name the unit that owns this duty.")
ALREADY_DONE = _("This obligation is already done.")
DONE_IN_LIAISON = _(
    "This duty is done in the liaison: verify the partner's contact points, or record a "
    "communication test."
)


@dataclass
class RemindReport:
    due: list[selectors.Due] = field(default_factory=list)
    notifications: int = 0
    digests: notification_services.DigestReport = field(
        default_factory=notification_services.DigestReport
    )

    def lines(self) -> list[str]:
        """One line per reminder and recipient (what `mitra remind --dry-run` lists)."""
        return [
            f"{d.kind} {d.event} @{d.threshold} → {u.username}"
            for d in self.due
            for u in d.recipients
        ]


def remind(*, now: dt.datetime | None = None, dry_run: bool = False) -> RemindReport:
    """Notify everyone of what is due today (in MITRA_TIME_ZONE), then queue the digests.

    Each (event, threshold, recipient) is written to the ledger in the transaction of its
    notification, so a second run — the same day or after a crash — sends nothing twice.
    """
    now = now or timezone.now()
    today = timezone.localdate(now)
    report = RemindReport(due=selectors.due_reminders(today=today))
    if dry_run:
        return report
    for due in report.due:
        for user in due.recipients:
            with transaction.atomic():
                entry, created = Sent.objects.get_or_create(
                    event=due.event,
                    threshold=due.threshold,
                    recipient=user,
                    defaults={"sent_on": today},
                )
                if not created:
                    continue
                entry.notification = notification_services.notify(
                    recipient=user, kind=due.kind, params=due.params, url=due.url, now=now
                )
                entry.save(update_fields=["notification"])
                report.notifications += 1
    report.digests = notification_services.digests_build(now=now)
    return report


@transaction.atomic
def agreement_reminders_set(
    *, user: Any, agreement: Any, expiry_days: str, notice_days: str
) -> AgreementReminders:
    """Set an agreement's own thresholds (days before expiry and before the notice deadline)."""
    require(user, "agreement.change", agreement)
    errors: dict[str, list] = {}
    for name, text in (("expiry_days", expiry_days), ("notice_days", notice_days)):
        try:
            rules.parse_thresholds(text)
        except ValidationError as exc:
            errors[name] = exc.messages
    if errors:
        raise ValidationError(errors)
    row = AgreementReminders.objects.filter(agreement=agreement).first() or AgreementReminders(
        agreement=agreement
    )
    row.expiry_days = ",".join(str(d) for d in rules.parse_thresholds(expiry_days))
    row.notice_days = ",".join(str(d) for d in rules.parse_thresholds(notice_days))
    history.stamp(row, by=user)
    row.save()
    return row


@transaction.atomic
def mute_set(*, user: Any, item: str, muted: bool) -> None:
    """Silence (or hear again) the reminders about one item, for this user only."""
    if muted:
        if not Mute.objects.filter(user=user, item=item).exists():
            mute = Mute(user=user, item=item)
            history.stamp(mute, by=user)
            mute.save()
    else:
        for mute in Mute.objects.filter(user=user, item=item):
            history.stamp(mute, by=user)
            mute.delete()


@transaction.atomic
def obligation_create(
    *,
    user: Any,
    agreement: Any,
    title: str,
    start: dt.date,
    interval_months: int,
    owner_unit: Any,
    end: dt.date | None = None,
) -> Obligation:
    """A recurring duty from the agreement's terms, with its occurrences until its end (the
    agreement's expiry by default)."""
    require(user, "agreement.change", agreement)
    errors: dict[str, list] = {}
    if not (title or "").strip():
        errors["title"] = [TITLE_REQUIRED]
    if owner_unit is None:
        errors["owner_unit"] = [OWNER_REQUIRED]
    if errors:
        raise ValidationError(errors)
    obligation = Obligation(
        agreement=agreement,
        title=title.strip(),
        start=start,
        interval_months=interval_months,
        end=end,
        owner_unit=owner_unit,
    )
    obligation.full_clean()
    history.stamp(obligation, by=user)
    obligation.save()
    for day in rules.due_dates(obligation):
        occurrence = Occurrence(obligation=obligation, due_date=day, owner_unit=owner_unit)
        history.stamp(occurrence, by=user)
        occurrence.save()
    return obligation


@transaction.atomic
def occurrence_done(
    *,
    user: Any,
    occurrence: Occurrence,
    done_on: dt.date,
    meeting: Any = None,
    document: Any = None,
) -> Occurrence:
    """Mark one occurrence done, linking its evidence (a meeting or a document)."""
    require(user, "obligation.complete", occurrence)
    if occurrence.obligation.is_liaison:
        raise ValidationError(DONE_IN_LIAISON)
    errors: dict[str, list] = {}
    if occurrence.status == Occurrence.Status.DONE:
        errors["status"] = [ALREADY_DONE]
    if meeting is None and document is None:
        errors["evidence_meeting"] = [rules.EVIDENCE_REQUIRED]
    if done_on > timezone.localdate():
        errors["done_on"] = [rules.DONE_IN_FUTURE]
    if errors:
        raise ValidationError(errors)
    occurrence.status = Occurrence.Status.DONE
    occurrence.done_on = done_on
    occurrence.evidence_meeting = meeting
    occurrence.evidence_document = document
    occurrence.full_clean()
    history.stamp(occurrence, by=user)
    occurrence.save()
    return occurrence


@transaction.atomic
def liaison_obligation_ensure(
    *, user: Any, partner: Any, source: str, title: str, start: dt.date, interval_months: int
) -> Obligation:
    """A partner directory's duty of the liaison (one per partner and kind, whoever asks again),
    with its occurrences; no agreement and no unit: the bureau's officers are reminded."""
    require(user, "liaison.change")
    existing = Obligation.objects.filter(partner=partner, source=source).first()
    if existing is not None:
        return existing
    obligation = Obligation(
        source=source,
        partner=partner,
        title=title,
        start=start,
        interval_months=interval_months,
    )
    obligation.full_clean()
    history.stamp(obligation, by=user)
    obligation.save()
    for day in rules.due_dates(obligation):
        occurrence = Occurrence(obligation=obligation, due_date=day)
        history.stamp(occurrence, by=user)
        occurrence.save()
    return obligation


@transaction.atomic
def occurrence_fulfil(*, user: Any, occurrence: Occurrence, done_on: dt.date, reason: str) -> None:
    """Mark a liaison occurrence done by what the liaison recorded (a verification, a test):
    that record is its evidence, named in the history's reason."""
    require(user, "obligation.complete", occurrence)
    if occurrence.status == Occurrence.Status.DONE:
        raise ValidationError({"status": [ALREADY_DONE]})
    occurrence.status = Occurrence.Status.DONE
    occurrence.done_on = done_on
    occurrence.full_clean()
    history.stamp(occurrence, by=user, reason=reason)
    occurrence.save()

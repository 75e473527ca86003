"""Writes: notify a user, build the digests, deliver the outbox, mark as read, set preferences.

Nothing here sends mail inside a web request: `notify` and `digests_build` write outbox rows in
the caller's transaction, and only `outbox_send` (the `send_outbox` command, run by the worker or
`mitra remind`) talks to the SMTP server.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import logging
from dataclasses import dataclass
from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.mail import EmailMessage, get_connection
from django.db import transaction
from django.db.models import Min
from django.utils import timezone, translation
from django.utils.translation import gettext_lazy as _

from mitra.accounts.models import User
from mitra.core import history
from mitra.notifications import messages
from mitra.notifications.models import (
    ALWAYS_IMMEDIATE,
    Digest,
    Kind,
    Mode,
    Notification,
    Outbox,
    Preference,
)

log = logging.getLogger(__name__)

MAX_ATTEMPTS = 12
FIRST_RETRY = dt.timedelta(minutes=1)
LONGEST_RETRY = dt.timedelta(hours=6)
UNKNOWN_KIND = _("Unknown kind of notification: %(kind)s.")
UNKNOWN_MODE = _("Choose at once, daily, weekly or no e-mail.")
MENTION_FIXED = _("Mentions are always e-mailed at once.")
LIAISON_FIXED = _("Unanswered health-security notices are always e-mailed at once.")


def mode_for(user: Any, kind: str) -> str:
    """How this user gets this kind e-mailed now (at once unless they chose otherwise)."""
    if kind in ALWAYS_IMMEDIATE:
        return Mode.IMMEDIATE
    pref = Preference.objects.filter(user=user, kind=kind).values_list("mode", flat=True).first()
    return pref or Mode.IMMEDIATE


def _language(user: Any) -> str:
    return getattr(user, "language", "") or settings.LANGUAGE_CODE


def _queue(user: Any, subject: str, body: str, now: dt.datetime) -> Outbox:
    from mitra.notifications.tasks import outbox_deliver  # the task module imports this one

    transaction.on_commit(outbox_deliver.enqueue)
    return Outbox.objects.create(
        recipient=user,
        to_address=user.email,
        subject=subject[:300],
        body=body,
        language=_language(user),
        created_at=now,
        next_attempt_at=now,
    )


def mail_queue(*, user: Any, subject: str, body: str) -> Outbox | None:
    """Queue one e-mail to a user (e.g. a password reset); nothing without an address."""
    if not user.email:
        return None
    return _queue(user, subject, body, timezone.now())


@transaction.atomic
def notify(
    *, recipient: Any, kind: str, params: dict[str, Any], url: str, now: dt.datetime | None = None
) -> Notification:
    """Tell one user: in Mitra always, and by e-mail at once when that is their choice.

    A user without an e-mail address gets it in Mitra only (the admin lists such users).
    """
    if kind not in Kind.values:
        raise ValidationError(UNKNOWN_KIND, params={"kind": kind})
    now = now or timezone.now()
    mode = mode_for(recipient, kind)
    note = Notification.objects.create(
        recipient=recipient, kind=kind, params=params, url=url, mode=mode, created_at=now
    )
    if mode == Mode.IMMEDIATE and recipient.email:
        with translation.override(_language(recipient)):
            subject, body = messages.email_for_one(kind, params, url, recipient.display_name)
        note.email = _queue(recipient, subject, body, now)
        note.save(update_fields=["email"])
    return note


def _period(mode: str, today: dt.date) -> str:
    if mode == Mode.DAILY:
        return today.isoformat()
    year, week, _day = today.isocalendar()
    return f"{year}-W{week:02d}"


@dataclass
class DigestReport:
    daily: int = 0
    weekly: int = 0


def digests_build(*, now: dt.datetime | None = None) -> DigestReport:
    """Queue each user's daily digest (once a day) and weekly digest (once a week, on Monday or
    on the first run after a missed Monday) of the notifications waiting for one."""
    now = now or timezone.now()
    today = timezone.localdate(now)
    monday = today - dt.timedelta(days=today.weekday())
    week_start = timezone.make_aware(dt.datetime.combine(monday, dt.time.min))
    report = DigestReport()
    for mode in (Mode.DAILY, Mode.WEEKLY):
        waiting = (
            Notification.objects.filter(mode=mode, email__isnull=True, created_at__lte=now)
            .exclude(recipient__email="")
            .values("recipient")
            .annotate(oldest=Min("created_at"))
        )
        period = _period(mode, today)
        for row in waiting:
            # A weekly digest goes on Monday; later in the week only what last week left.
            if mode == Mode.WEEKLY and today != monday and row["oldest"] >= week_start:
                continue
            user = User.objects.get(pk=row["recipient"])
            with transaction.atomic():
                digest, created = Digest.objects.get_or_create(user=user, mode=mode, period=period)
                if not created:
                    continue  # already sent this period: the rest waits for the next one
                notes = list(
                    Notification.objects.select_for_update()
                    .filter(recipient=user, mode=mode, email__isnull=True, created_at__lte=now)
                    .order_by("created_at", "pk")
                )
                with translation.override(_language(user)):
                    subject, body = messages.email_digest(
                        [(n.kind, n.params, n.url) for n in notes], user.display_name, mode
                    )
                digest.email = _queue(user, subject, body, now)
                digest.save(update_fields=["email"])
                Notification.objects.filter(pk__in=[n.pk for n in notes]).update(email=digest.email)
            if mode == Mode.DAILY:
                report.daily += 1
            else:
                report.weekly += 1
    return report


@dataclass
class SendReport:
    sent: int = 0
    retrying: int = 0
    failed: int = 0


def retry_delay(attempts: int) -> dt.timedelta:
    """1, 2, 4, 8… minutes after each failed try, at most 6 hours."""
    return min(FIRST_RETRY * (2 ** max(attempts - 1, 0)), LONGEST_RETRY)


def outbox_send(*, now: dt.datetime | None = None, limit: int = 200) -> SendReport:
    """Send the e-mails whose time has come; a failure is kept with its error and retried later.

    Each row is claimed in its own transaction (skipped if another sender holds it), so two
    senders never send one message twice and a crash loses nothing.
    """
    now = now or timezone.now()
    report = SendReport()
    due = list(
        Outbox.objects.filter(status=Outbox.Status.PENDING, next_attempt_at__lte=now)
        .order_by("next_attempt_at", "pk")
        .values_list("pk", flat=True)[:limit]
    )
    connection = None
    for pk in due:
        with transaction.atomic():
            row = (
                Outbox.objects.select_for_update(skip_locked=True)
                .filter(pk=pk, status=Outbox.Status.PENDING)
                .first()
            )
            if row is None:
                continue
            try:
                if connection is None:
                    connection = get_connection(fail_silently=False)
                EmailMessage(
                    row.subject,
                    row.body,
                    settings.DEFAULT_FROM_EMAIL,
                    [row.to_address],
                    connection=connection,
                ).send()
            except Exception as exc:
                _close(connection)
                connection = None
                row.attempts += 1
                row.last_error = f"{type(exc).__name__}: {exc}"[:2000]
                if row.attempts >= MAX_ATTEMPTS:
                    row.status = Outbox.Status.FAILED
                    report.failed += 1
                    log.warning("E-mail %s to %s given up: %s", row.pk, row.to_address, exc)
                else:
                    row.next_attempt_at = now + retry_delay(row.attempts)
                    report.retrying += 1
                row.save(update_fields=["attempts", "last_error", "status", "next_attempt_at"])
                continue
            row.status = Outbox.Status.SENT
            row.sent_at = timezone.now()
            row.attempts += 1
            row.save(update_fields=["status", "sent_at", "attempts"])
            report.sent += 1
    _close(connection)
    return report


def _close(connection: Any) -> None:
    """Drop a connection, broken or not; the next message opens a fresh one."""
    if connection is not None:
        with contextlib.suppress(Exception):
            connection.close()


def outbox_requeue(*, rows: Any) -> int:
    """Send again (the administrator's action): failed or waiting rows, from now."""
    return rows.exclude(status=Outbox.Status.SENT).update(
        status=Outbox.Status.PENDING, attempts=0, next_attempt_at=timezone.now()
    )


def notification_mark_read(*, user: Any, pk: int) -> Notification:
    """Mark one of the user's own notifications read (someone else's is not found)."""
    note = Notification.objects.get(pk=pk, recipient=user)
    if note.read_at is None:
        note.read_at = timezone.now()
        note.save(update_fields=["read_at"])
    return note


def notifications_mark_all_read(*, user: Any) -> int:
    return Notification.objects.filter(recipient=user, read_at__isnull=True).update(
        read_at=timezone.now()
    )


@transaction.atomic
def preferences_set(*, user: Any, choices: dict[str, str]) -> None:
    """Save the user's e-mail choice for each kind; mentions stay at once."""
    errors: dict[str, list] = {}
    for kind, mode in choices.items():
        if kind not in Kind.values:
            errors.setdefault(kind, []).append(ValidationError(UNKNOWN_KIND, params={"kind": kind}))
        elif mode not in Mode.values:
            errors.setdefault(kind, []).append(UNKNOWN_MODE)
        elif kind in ALWAYS_IMMEDIATE and mode != Mode.IMMEDIATE:
            fixed = LIAISON_FIXED if kind == Kind.LIAISON else MENTION_FIXED
            errors.setdefault(kind, []).append(fixed)
    if errors:
        raise ValidationError(errors)
    for kind, mode in choices.items():
        pref = Preference.objects.filter(user=user, kind=kind).first()
        if pref is not None and pref.mode == mode:
            continue
        pref = pref or Preference(user=user, kind=kind)
        pref.mode = mode
        history.stamp(pref, by=user)
        pref.save()

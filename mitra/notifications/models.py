"""In-app notifications, each user's choice per kind, and the e-mail outbox.

This app knows users, not domains: a notification is a kind, a few parameters and a link. The
text is rendered from them (messages.py) when it is read or mailed, in the reader's language,
so a digest follows a user who changed language.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords


class Kind(models.TextChoices):
    EXPIRY = "expiry", _("Agreement expiry")
    NOTICE = "notice", _("Notice deadline")
    FOLLOWUP = "followup", _("Follow-up due")
    REPORT = "report", _("Indicator report due")
    DELAYED = "delayed", _("Activity delayed")
    DORMANT = "dormant", _("Agreement dormant")
    OBLIGATION = "obligation", _("Obligation due")
    MENTION = "mention", _("Mention in a comment")
    # Clearance before signature (mitra.clearance): `label` is the step's name.
    CLEARANCE_STEP = "clearance_step", _("Clearance step awaiting you")
    CLEARANCE_RETURN = "clearance_return", _("Clearance returned")
    CLEARANCE_LATE = "clearance_late", _("Clearance step past its time limit")
    CLEARANCE_DONE = "clearance_done", _("Cleared for signature")
    LIAISON = "liaison", _("Health-security notice not acknowledged")


class Mode(models.TextChoices):
    IMMEDIATE = "immediate", _("E-mail at once")
    DAILY = "daily", _("Daily digest")
    WEEKLY = "weekly", _("Weekly digest")
    OFF = "off", _("No e-mail (in Mitra only)")


# @mentions are addressed to one person by another, and an unanswered health-security notice
# cannot wait for a digest: always at once, whatever the preference.
ALWAYS_IMMEDIATE = frozenset({Kind.MENTION, Kind.LIAISON})


class Preference(models.Model):
    """How one user wants one kind of notification e-mailed (no row: at once)."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="notification_prefs"
    )
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices)
    mode = models.CharField(_("e-mail"), max_length=10, choices=Mode.choices)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("notification preference")
        verbose_name_plural = _("notification preferences")
        constraints = [models.UniqueConstraint(fields=["user", "kind"], name="preference_once")]

    def __str__(self) -> str:
        return f"{self.user}: {self.kind} → {self.mode}"


class Outbox(models.Model):
    """One e-mail to send: written in the transaction of what caused it, sent by send_outbox.

    A refused or silent SMTP server leaves the row pending with its error and the time of the
    next try (exponential backoff); after MAX_ATTEMPTS it is `failed`, kept for the
    administrator, who can send it again from the admin.
    """

    class Status(models.TextChoices):
        PENDING = "pending", _("Waiting to be sent")
        SENT = "sent", _("Sent")
        FAILED = "failed", _("Failed (gave up)")

    recipient = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="outbox"
    )
    to_address = models.EmailField(_("to"))
    subject = models.CharField(_("subject"), max_length=300)
    body = models.TextField(_("text"))
    language = models.CharField(_("language"), max_length=8)
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.PENDING
    )
    attempts = models.PositiveSmallIntegerField(_("attempts"), default=0)
    next_attempt_at = models.DateTimeField(_("next try"), default=timezone.now)
    last_error = models.TextField(_("last error"), blank=True)
    created_at = models.DateTimeField(_("created"), default=timezone.now)
    sent_at = models.DateTimeField(_("sent"), null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name = _("outgoing e-mail")
        verbose_name_plural = _("outgoing e-mails")
        indexes = [
            # send_outbox: the pending rows whose next try has come, oldest first.
            models.Index(fields=["status", "next_attempt_at"], name="outbox_due"),
        ]

    def __str__(self) -> str:
        return f"{self.to_address}: {self.subject}"


class Notification(models.Model):
    """Something a user should know, shown under the bell and e-mailed as they chose."""

    recipient = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="notifications"
    )
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices)
    # What the text is made of (titles, dates, days): rendered in the reader's language.
    params = models.JSONField(default=dict)
    # A path on this site; e-mails make it absolute with MITRA_BASE_URL.
    url = models.CharField(_("link"), max_length=500)
    # How it is e-mailed, decided when it was made (the preference at that time).
    mode = models.CharField(_("e-mail"), max_length=10, choices=Mode.choices)
    created_at = models.DateTimeField(_("created"), default=timezone.now)
    read_at = models.DateTimeField(_("read"), null=True, blank=True)
    # The e-mail that carried it (at once or in a digest); empty while it waits for a digest.
    email = models.ForeignKey(
        Outbox, on_delete=models.SET_NULL, null=True, blank=True, related_name="notifications"
    )

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name = _("notification")
        verbose_name_plural = _("notifications")
        indexes = [
            # The bell: a user's unread count on every page.
            models.Index(
                fields=["recipient"], condition=Q(read_at__isnull=True), name="notification_unread"
            ),
            # Digests: a user's notifications still waiting for their daily or weekly e-mail.
            models.Index(fields=["mode", "email"], name="notification_digest"),
        ]

    def __str__(self) -> str:
        return f"{self.recipient}: {self.kind}"


class Digest(models.Model):
    """The ledger of digests: one per user, kind of digest and period (a day or an ISO week),
    so a digest run twice the same day sends nothing twice."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    mode = models.CharField(max_length=10, choices=Mode.choices)
    period = models.CharField(max_length=10)  # 2026-03-02 for a day, 2026-W10 for a week
    email = models.ForeignKey(Outbox, on_delete=models.SET_NULL, null=True, related_name="+")
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["user", "mode", "period"], name="digest_once"),
        ]

    def __str__(self) -> str:
        return f"{self.user} {self.mode} {self.period}"

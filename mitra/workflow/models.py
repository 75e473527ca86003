"""Reminders (thresholds per agreement, mutes per user and item, the ledger of what was sent)
and obligations (recurring duties from an agreement's terms, with their occurrences)."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from mitra.core.models import Record
from mitra.workflow import rules


class AgreementReminders(models.Model):
    """An agreement's own thresholds (days before expiry and before the notice deadline);
    an agreement without a row uses the defaults, 180/90/60/30/7/0."""

    agreement = models.OneToOneField(
        "agreements.Agreement", on_delete=models.CASCADE, related_name="reminder_settings"
    )
    expiry_days = models.CharField(
        _("days before expiry"),
        max_length=100,
        default=rules.DEFAULT_THRESHOLDS_TEXT,
        validators=[rules.validate_thresholds],
    )
    notice_days = models.CharField(
        _("days before the notice deadline"),
        max_length=100,
        default=rules.DEFAULT_THRESHOLDS_TEXT,
        validators=[rules.validate_thresholds],
    )
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("reminder thresholds")
        verbose_name_plural = _("reminder thresholds")

    def __str__(self) -> str:
        return f"{self.agreement}: {self.expiry_days} / {self.notice_days}"


class Mute(models.Model):
    """One user silences the reminders about one item (e.g. "agreement:12")."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="reminder_mutes"
    )
    item = models.CharField(max_length=60)
    created_at = models.DateTimeField(auto_now_add=True)
    history = HistoricalRecords()

    class Meta:
        constraints = [models.UniqueConstraint(fields=["user", "item"], name="mute_once")]

    def __str__(self) -> str:
        return f"{self.user} mutes {self.item}"


class Sent(models.Model):
    """The reminder ledger: one row per (event, threshold, recipient), written in the same
    transaction as the notification, so nothing is sent twice whatever runs twice."""

    # What happens to what, and on which date: "expiry:12:2027-03-01". A changed date is a new
    # event, reminded afresh.
    event = models.CharField(max_length=120)
    threshold = models.IntegerField()
    recipient = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+"
    )
    sent_on = models.DateField()
    notification = models.ForeignKey(
        "notifications.Notification", on_delete=models.SET_NULL, null=True, related_name="+"
    )

    class Meta:
        verbose_name = _("reminder sent")
        verbose_name_plural = _("reminders sent")
        constraints = [
            models.UniqueConstraint(
                fields=["event", "threshold", "recipient"], name="reminder_sent_once"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.event} @{self.threshold} → {self.recipient_id}"


class Obligation(Record):
    """A recurring duty from an agreement's terms ("progress report every 6 months"), or one of
    the liaison's model procedure for a partner's directory (issue 15 §1): contact points
    confirmed yearly, a communication test twice a year."""

    class Source(models.TextChoices):
        AGREEMENT = "agreement", _("Agreement's terms")
        LIAISON_CONFIRMATION = "liaison_confirmation", _("Liaison: contact points confirmed")
        LIAISON_TEST = "liaison_test", _("Liaison: communication test")

    source = models.CharField(
        _("source"), max_length=30, choices=Source.choices, default=Source.AGREEMENT
    )
    # Empty for the liaison's duties, which belong to a partner's directory instead: readers
    # that need an agreement check `agreement_id` (the constraint below keeps the two apart).
    agreement = models.ForeignKey(
        "agreements.Agreement",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="obligations",
        verbose_name=_("agreement"),
    )
    partner = models.ForeignKey(
        "partners.Partner",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="liaison_obligations",
        verbose_name=_("partner"),
    )
    title = models.CharField(_("duty"), max_length=300)
    start = models.DateField(_("first due date"))
    interval_months = models.IntegerField(_("every (months)"))
    # Empty: until the agreement's expiry (or five years when it has none).
    end = models.DateField(_("last possible date"), null=True, blank=True)
    # Empty only for the liaison's duties: nobody in the liaison owns them but the bureau, whose
    # officers the reminders reach when a duty has no unit (selectors._People.unit).
    owner_unit = models.ForeignKey(
        "accounts.Unit",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("owner unit"),
    )
    history = HistoricalRecords()

    class Meta:
        ordering = ["start", "pk"]
        verbose_name = _("obligation")
        verbose_name_plural = _("obligations")
        constraints = [
            models.CheckConstraint(
                condition=Q(interval_months__gt=0), name="obligation_interval_positive"
            ),
            models.CheckConstraint(
                condition=Q(end__isnull=True) | Q(end__gte=models.F("start")),
                name="obligation_end_after_start",
            ),
            models.CheckConstraint(
                condition=Q(
                    source="agreement",
                    agreement__isnull=False,
                    partner__isnull=True,
                    owner_unit__isnull=False,
                )
                | Q(
                    source__in=["liaison_confirmation", "liaison_test"],
                    agreement__isnull=True,
                    partner__isnull=False,
                ),
                name="obligation_agreement_or_liaison",
            ),
            # Each partner's directory has one duty of each kind, however often it is asked.
            models.UniqueConstraint(
                fields=["partner", "source"],
                condition=Q(partner__isnull=False),
                name="obligation_liaison_once_per_partner",
            ),
        ]

    def __str__(self) -> str:
        return self.title

    def clean(self) -> None:
        rules.validate_obligation(self)

    def get_absolute_url(self) -> str:
        if self.agreement_id is None:
            return reverse("liaison:index") + f"#partner-{self.partner_id}"
        return reverse("agreements:detail", args=[self.agreement_id]) + "#obligations"

    @property
    def subject(self) -> Any:
        """What the duty is about: its agreement, or the partner whose directory it keeps."""
        return self.agreement if self.agreement_id else self.partner

    @property
    def is_liaison(self) -> bool:
        return self.agreement_id is None


class Occurrence(Record):
    """One due date of an obligation, owned by a unit; done with its evidence."""

    class Status(models.TextChoices):
        OPEN = "open", _("Open")
        DONE = "done", _("Done")

    obligation = models.ForeignKey(Obligation, on_delete=models.PROTECT, related_name="occurrences")
    due_date = models.DateField(_("due date"))
    # Empty as its obligation's: the bureau's (see Obligation.owner_unit).
    owner_unit = models.ForeignKey(
        "accounts.Unit",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("owner unit"),
    )
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.OPEN
    )
    done_on = models.DateField(_("done on"), null=True, blank=True)
    evidence_meeting = models.ForeignKey(
        "meetings.Meeting",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("evidence: meeting"),
    )
    evidence_document = models.ForeignKey(
        "documents.Document",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("evidence: document"),
    )
    history = HistoricalRecords()

    class Meta:
        ordering = ["due_date", "pk"]
        verbose_name = _("obligation due")
        verbose_name_plural = _("obligations due")
        constraints = [
            models.UniqueConstraint(
                fields=["obligation", "due_date"], name="occurrence_once_per_date"
            ),
            models.CheckConstraint(
                condition=Q(status="open") | Q(done_on__isnull=False),
                name="occurrence_done_has_date",
            ),
        ]
        indexes = [
            # Reminders and the inbox: open occurrences by due date.
            models.Index(fields=["status", "due_date"], name="occurrence_status_due"),
        ]

    def __str__(self) -> str:
        return f"{self.obligation} ({self.due_date})"

    def get_absolute_url(self) -> str:
        return reverse("workflow:occurrence", args=[self.pk])

    @property
    def scope_unit_id(self) -> int | None:
        return self.owner_unit_id

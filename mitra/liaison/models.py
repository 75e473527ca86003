"""Health-security liaison: each partner's emergency contact points (and ours), and the log of
notices exchanged with them, acknowledged within a deadline or escalated."""

from __future__ import annotations

from typing import Any, ClassVar

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from mitra.core.models import Record
from mitra.core.validators import one_line
from mitra.liaison import rules

NOTICE_IS_FINAL = _(
    "A notice is never changed once it is sent: log a correction linked to it instead."
)


class ContactPoint(Record):
    """One office to reach in an emergency: a partner's IHR National Focal Point, ministry or
    embassy health attaché, or our own side's (partner empty)."""

    class Role(models.TextChoices):
        IHR_NFP = "ihr_nfp", _("IHR National Focal Point")
        MINISTRY = "ministry", _("Ministry of health")
        ATTACHE = "attache", _("Embassy health attaché")
        OWN = "own", _("Our side")

    partner = models.ForeignKey(
        "partners.Partner",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="liaison_contacts",
        verbose_name=_("partner"),
    )
    role = models.CharField(_("role"), max_length=20, choices=Role.choices)
    # An office, not a person: the IHR focal point is a function that someone holds on duty.
    office = models.CharField(_("office"), max_length=200, validators=[one_line])
    person = models.CharField(_("person (optional)"), max_length=200, blank=True)
    phone = models.CharField(_("phone"), max_length=60, blank=True, validators=[one_line])
    email = models.EmailField(_("e-mail"), blank=True)
    secure_channel = models.CharField(
        _("secure messaging"), max_length=200, blank=True, validators=[one_line]
    )
    duty_24_7 = models.BooleanField(_("reachable 24/7"), default=False)
    # Escalation goes from a contact point to the next one of the same side, in this order.
    rank = models.PositiveSmallIntegerField(_("order of escalation"), default=1)
    last_verified = models.DateField(_("last verified"), null=True, blank=True)
    notes = models.TextField(_("notes"), blank=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["rank", "pk"]
        verbose_name = _("contact point")
        verbose_name_plural = _("contact points")
        constraints = [
            models.CheckConstraint(
                condition=Q(role="own") | Q(partner__isnull=False),
                name="liaison_contact_partner_side",
            ),
        ]

    def __str__(self) -> str:
        return self.office

    @property
    def verification_flag(self) -> str:
        return rules.verification_flag(self.last_verified, timezone.localdate())

    @property
    def is_own(self) -> bool:
        return self.role == self.Role.OWN


class Notice(models.Model):
    """One notice exchanged with a partner. Never edited once logged (corrections are new
    notices pointing at it); only its acknowledgement and escalation are filled in later."""

    class Kind(models.TextChoices):
        ALERT = "alert", _("Outbreak or event alert")
        REQUEST = "request", _("Request for assistance")
        INFORMATION = "information", _("Information share")
        UPDATE = "update", _("Situation update")

    class Direction(models.TextChoices):
        SENT = "sent", _("Sent by us")
        RECEIVED = "received", _("Received")

    class Severity(models.TextChoices):
        LOW = "low", _("Low")
        MODERATE = "moderate", _("Moderate")
        HIGH = "high", _("High")
        CRITICAL = "critical", _("Critical")

    # What the sender wrote and when: fixed once logged (save() refuses a change).
    FROZEN: ClassVar[tuple[str, ...]] = (
        "partner_id",
        "kind",
        "direction",
        "severity",
        "event",
        "text",
        "from_contact_id",
        "to_contact_id",
        "sent_at",
        "ack_deadline",
        "corrects_id",
    )

    partner = models.ForeignKey(
        "partners.Partner",
        on_delete=models.PROTECT,
        related_name="liaison_notices",
        verbose_name=_("partner"),
    )
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices)
    direction = models.CharField(_("direction"), max_length=10, choices=Direction.choices)
    severity = models.CharField(_("severity"), max_length=10, choices=Severity.choices)
    event = models.CharField(_("event"), max_length=300, validators=[one_line])
    text = models.TextField(_("text"), blank=True)
    from_contact = models.ForeignKey(
        ContactPoint,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("from"),
    )
    to_contact = models.ForeignKey(
        ContactPoint, on_delete=models.PROTECT, related_name="+", verbose_name=_("to")
    )
    sent_at = models.DateTimeField(_("sent at"))
    ack_deadline = models.DateTimeField(_("acknowledgement due by"))
    acknowledged_at = models.DateTimeField(_("acknowledged at"), null=True, blank=True)
    ack_late = models.BooleanField(_("acknowledged late"), default=False)
    escalated_at = models.DateTimeField(_("escalated at"), null=True, blank=True)
    escalated_to = models.ForeignKey(
        ContactPoint,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("escalated to"),
    )
    corrects = models.ForeignKey(
        "self",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="corrections",
        verbose_name=_("corrects"),
    )
    logged_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", null=True
    )
    history = HistoricalRecords()

    class Meta:
        ordering = ["-sent_at", "-pk"]
        verbose_name = _("notice")
        verbose_name_plural = _("notices")
        constraints = [
            models.CheckConstraint(
                condition=Q(ack_deadline__gt=models.F("sent_at")),
                name="liaison_notice_deadline_after_sent",
            ),
            models.CheckConstraint(
                condition=Q(acknowledged_at__isnull=True)
                | Q(acknowledged_at__gte=models.F("sent_at")),
                name="liaison_notice_ack_after_sent",
            ),
        ]
        indexes = [
            # The escalation run (every 30 s): unacknowledged notices past their deadline.
            models.Index(
                fields=["ack_deadline"],
                condition=Q(acknowledged_at__isnull=True, escalated_at__isnull=True),
                name="liaison_notice_waiting",
            ),
        ]

    def __str__(self) -> str:
        return self.event

    def save(self, *args: Any, **kwargs: Any) -> None:
        if self.pk is not None:
            stored = type(self).objects.filter(pk=self.pk).values(*self.FROZEN).first()
            if stored and any(stored[f] != getattr(self, f) for f in self.FROZEN):
                raise ValidationError(NOTICE_IS_FINAL)
        super().save(*args, **kwargs)

    def get_absolute_url(self) -> str:
        return reverse("liaison:notice", args=[self.pk])

    @property
    def waiting(self) -> bool:
        return self.acknowledged_at is None

    @property
    def overdue(self) -> bool:
        return self.acknowledged_at is None and self.ack_deadline < timezone.now()


class CommunicationTest(Record):
    """One communication test with a partner's contact points (the model procedure asks for
    two a year): when, whether it got through, and the obligation's occurrence it answered."""

    class Result(models.TextChoices):
        OK = "ok", _("Got through")
        FAILED = "failed", _("Failed")

    partner = models.ForeignKey(
        "partners.Partner",
        on_delete=models.PROTECT,
        related_name="liaison_tests",
        verbose_name=_("partner"),
    )
    tested_on = models.DateField(_("tested on"))
    result = models.CharField(_("result"), max_length=10, choices=Result.choices)
    note = models.TextField(_("note"), blank=True)
    # The twice-yearly duty this test answered: done when it got through, left open (and
    # flagged by this row) when it failed.
    occurrence = models.ForeignKey(
        "workflow.Occurrence",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("obligation due"),
    )
    history = HistoricalRecords()

    class Meta:
        ordering = ["-tested_on", "-pk"]
        verbose_name = _("communication test")
        verbose_name_plural = _("communication tests")

    def __str__(self) -> str:
        return f"{self.partner} {self.tested_on} {self.result}"

    @property
    def failed(self) -> bool:
        return self.result == self.Result.FAILED

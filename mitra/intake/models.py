"""Texts read into the review queue, and the records proposed from them."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords


class Submission(models.Model):
    """One document read by the extractor; its proposals wait for a person."""

    document = models.ForeignKey(
        "documents.Document", on_delete=models.PROTECT, related_name="submissions"
    )
    extraction = models.JSONField()
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-created_at", "-pk"]

    def __str__(self) -> str:
        return f"{self.document} ({self.created_at:%Y-%m-%d})"


class Proposal(models.Model):
    class Kind(models.TextChoices):
        PARTNER = "partner", _("Partner")
        MEETING = "meeting", _("Meeting")
        AGREEMENT = "agreement", _("Agreement")
        AREAS = "areas", _("Cooperation areas")

    class Status(models.TextChoices):
        PENDING = "pending", _("Waiting for review")
        ACCEPTED = "accepted", _("Accepted")
        REJECTED = "rejected", _("Rejected")

    submission = models.ForeignKey(Submission, on_delete=models.CASCADE, related_name="proposals")
    kind = models.CharField(max_length=20, choices=Kind.choices)
    status = models.CharField(max_length=20, choices=Status.choices, default=Status.PENDING)
    payload = models.JSONField()
    # The span of the document's text the proposal came from, shown highlighted.
    evidence_start = models.PositiveIntegerField(default=0)
    evidence_end = models.PositiveIntegerField(default=0)
    match_partner = models.ForeignKey(
        "partners.Partner", on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    match_score = models.FloatField(null=True, blank=True)
    target_agreement = models.ForeignKey(
        "agreements.Agreement", on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    decided_at = models.DateTimeField(null=True, blank=True)
    result_url = models.CharField(max_length=300, blank=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["submission", "pk"]
        indexes = [
            # The review queue lists pending proposals, newest submission first.
            models.Index(fields=["status", "submission"], name="proposal_status_submission"),
        ]

    def __str__(self) -> str:
        label = self.payload.get("name") or self.payload.get("title") or ""
        return f"{self.get_kind_display()} {label}"

    # Flags for the review page, which shows each kind of proposal its own way.
    @property
    def is_partner(self) -> bool:
        return self.kind == self.Kind.PARTNER

    @property
    def is_meeting(self) -> bool:
        return self.kind == self.Kind.MEETING

    @property
    def is_agreement(self) -> bool:
        return self.kind == self.Kind.AGREEMENT

    @property
    def is_pending(self) -> bool:
        return self.status == self.Status.PENDING

"""An agreement shared with an organisation outside the ministry (another ministry, an embassy).

This app sits just above accounts so that every domain's selectors, documents included, can ask
what a coordination member's organisation may read. The agreement is named by a string so that
no code here imports the agreements app above it; the reverse accessor is `agreement.shares`.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from mitra.core.models import Record


class Share(Record):
    """One agreement made readable to one organisation; revoking archives the row."""

    agreement = models.ForeignKey(
        "agreements.Agreement",
        on_delete=models.CASCADE,
        related_name="shares",
        verbose_name=_("agreement"),
    )
    unit = models.ForeignKey(
        "accounts.Unit",
        on_delete=models.PROTECT,
        related_name="shares",
        verbose_name=_("organisation"),
    )
    shared_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("shared by"),
    )
    history = HistoricalRecords()

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name = _("share")
        verbose_name_plural = _("shares")
        constraints = [
            # Shared once at a time; a revoked share stays as its archived row.
            models.UniqueConstraint(
                fields=["agreement", "unit"],
                condition=models.Q(archived_at__isnull=True),
                name="share_once_while_active",
            ),
        ]
        indexes = [
            # "What is shared with my organisation": every coordination member's read.
            models.Index(fields=["unit", "agreement"], name="share_by_unit"),
        ]

    def __str__(self) -> str:
        return f"{self.agreement_id} → {self.unit_id}"

"""Stored files: signed texts, drafts, minutes. One file is one document, by content hash."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from mitra.core.models import Record


def _upload_path(instance: Document, filename: str) -> str:
    # Files are named by their hash: no user-chosen name ever becomes a path on disk.
    return f"{instance.sha256[:2]}/{instance.sha256}{instance.extension}"


class Document(Record):
    class Kind(models.TextChoices):
        SIGNED = "signed", _("Signed text")
        DRAFT = "draft", _("Draft")
        MINUTES = "minutes", _("Minutes")
        REPORT = "report", _("Report")
        NEWS = "news", _("News")
        OTHER = "other", _("Other")

    title = models.CharField(_("title"), max_length=300)
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices, default=Kind.OTHER)
    file = models.FileField(_("file"), upload_to=_upload_path, max_length=200)
    original_name = models.CharField(_("original file name"), max_length=255)
    content_type = models.CharField(_("content type"), max_length=100)
    extension = models.CharField(max_length=10)
    size = models.PositiveBigIntegerField(_("size in bytes"))
    sha256 = models.CharField(max_length=64, unique=True)
    # The file's text, read when it was stored (documents/text.py); empty for images and scans.
    text = models.TextField(_("text"), blank=True, editable=False)
    language = models.CharField(_("language"), max_length=8, blank=True)
    partners = models.ManyToManyField(
        "partners.Partner", blank=True, related_name="documents", verbose_name=_("partners")
    )
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("uploaded by"),
    )
    history = HistoricalRecords(excluded_fields=["text"])  # the text never changes; kept once

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("document")
        verbose_name_plural = _("documents")

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("documents:detail", args=[self.pk])

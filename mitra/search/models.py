"""One row per searchable record, kept in step with the record by signals (same transaction).

SQLite searches it through an FTS5 table over `stemmed` (kept in step by triggers); PostgreSQL
through a generated tsvector column with a GIN index. Both are created in migration 0002.
"""

from __future__ import annotations

from django.db import models


class SearchEntry(models.Model):
    class Kind(models.TextChoices):
        PARTNER = "partner"
        AGREEMENT = "agreement"
        ACTIVITY = "activity"
        MEETING = "meeting"
        FOLLOWUP = "followup"
        DOCUMENT = "document"

    kind = models.CharField(max_length=20, choices=Kind.choices)
    object_id = models.BigIntegerField()
    title = models.TextField()
    body = models.TextField(blank=True)
    # Indonesian words reduced to their stems (Sastrawi): "bekerja sama" → "kerja sama".
    stemmed = models.TextField(blank=True)
    partner_codes = models.CharField(max_length=500, blank=True)
    url = models.CharField(max_length=300)
    # Readers: "public" when a viewer may see it, "internal" for government users only.
    audience = models.CharField(max_length=10, default="internal")
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["kind", "object_id"], name="search_entry_once"),
        ]

    def __str__(self) -> str:
        return f"{self.kind}:{self.object_id} {self.title[:40]}"

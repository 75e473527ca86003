"""Base models shared by every domain."""

from __future__ import annotations

from typing import Any

from django.db import models
from django.utils import timezone
from django.utils.encoding import force_str
from django.utils.hashable import make_hashable
from django.utils.translation import gettext_lazy as _


class ActiveQuerySet(models.QuerySet):
    def active(self) -> ActiveQuerySet:
        return self.filter(archived_at__isnull=True)

    def archived(self) -> ActiveQuerySet:
        return self.filter(archived_at__isnull=False)


class Record(models.Model):
    """A registry record: timestamped and archived instead of deleted, so nothing is lost."""

    created_at = models.DateTimeField(_("created"), default=timezone.now, editable=False)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)
    archived_at = models.DateTimeField(_("archived"), null=True, blank=True, editable=False)

    objects = ActiveQuerySet.as_manager()

    class Meta:
        abstract = True

    @property
    def is_archived(self) -> bool:
        return self.archived_at is not None

    def _get_FIELD_display(self, field: Any) -> Any:
        """`get_<field>_display()`, as Django's, from the field's choices kept once per field.
        Django builds them again on each call, hashing every label, and a lazy label is hashed
        by translating it: a list of 50 partners translated about a thousand labels to show
        a hundred (10 ms a page). The kept labels stay lazy, so each is still given in the
        reader's language."""
        labels = _labels.get(field)
        if labels is None:
            labels = _labels[field] = dict(make_hashable(field.flatchoices))
        value = getattr(self, field.attname)
        return force_str(labels.get(make_hashable(value), value), strings_only=True)


_labels: dict[Any, dict[Any, Any]] = {}


class DataVersion(models.Model):
    """Counters that every change to registry data moves on, inside the writing transaction
    (core/freshness.py): the one of the whole registry (scope "") and one per app, so that a
    figure that reads only plans is kept until plans change. Figures are kept per version."""

    scope = models.CharField(max_length=40, unique=True, default="")
    n = models.BigIntegerField(default=0)

    def __str__(self) -> str:
        return f"data version {self.n}"


class SyntheticData(models.Model):
    """A run of `mitra generate`: its dates are laid out around `generated_on`, so whoever reads
    the data later (a benchmark months on) knows which "today" its overdue and expiring figures
    were made for."""

    generated_on = models.DateField()
    generated_at = models.DateTimeField(default=timezone.now)
    scale = models.PositiveIntegerField()
    seed = models.IntegerField()

    def __str__(self) -> str:
        return f"synthetic data, scale {self.scale}, laid out around {self.generated_on}"

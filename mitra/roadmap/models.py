"""The roadmap of potential: per year, per health sector, where the ministry cooperates and
where it competes, with the partners it targets and the agreements and activities serving it.

Its own app (not insights, which holds no records of its own): a roadmap is data the bureau
writes and keeps year after year, with history; the matrix that sets it beside agreements,
activities and trade figures is composed in insights.
"""

from __future__ import annotations

from django.db import models
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from mitra.core.history import LinkedHistory
from mitra.core.models import Record


class Sector(Record):
    """A health sector the roadmap assesses; the bureau adds sectors beyond the first list."""

    code = models.SlugField(_("code"), max_length=40, unique=True)
    name_id = models.CharField(_("name (Indonesian)"), max_length=120)
    name_en = models.CharField(_("name (English)"), max_length=120)
    # The trade product group (trade/data/hs_groups.json) whose figures the matrix shows.
    product_group = models.CharField(_("trade product group"), max_length=20, blank=True)
    order = models.PositiveSmallIntegerField(_("order"), default=100)

    history = HistoricalRecords()

    class Meta:
        ordering = ["order", "name_en"]
        verbose_name = _("sector")
        verbose_name_plural = _("sectors")

    def __str__(self) -> str:
        return self.name

    @property
    def name(self) -> str:
        return self.name_en if (get_language() or "id").startswith("en") else self.name_id


class Roadmap(Record):
    """One year's roadmap; earlier years are kept as they were, to compare."""

    year = models.PositiveSmallIntegerField(_("year"), unique=True)
    note = models.TextField(_("note"), blank=True)

    history = HistoricalRecords()

    class Meta:
        ordering = ["-year"]
        verbose_name = _("roadmap")
        verbose_name_plural = _("roadmaps")

    def __str__(self) -> str:
        return str(self.year)


class Assessment(Record):
    """One sector in one year's roadmap: SWOT, stance, target partners, what serves it."""

    class Stance(models.TextChoices):
        COOPERATE = "cooperate", _("Cooperate")
        COMPETE = "compete", _("Compete")
        BOTH = "both", _("Cooperate and compete")

    roadmap = models.ForeignKey(
        Roadmap, on_delete=models.CASCADE, related_name="assessments", verbose_name=_("roadmap")
    )
    sector = models.ForeignKey(
        Sector, on_delete=models.PROTECT, related_name="assessments", verbose_name=_("sector")
    )
    priority = models.BooleanField(_("priority sector"), default=False)
    strengths = models.TextField(_("strengths"), blank=True)
    weaknesses = models.TextField(_("weaknesses"), blank=True)
    opportunities = models.TextField(_("opportunities"), blank=True)
    threats = models.TextField(_("threats"), blank=True)
    stance = models.CharField(_("stance"), max_length=10, choices=Stance.choices, blank=True)
    target_partners = models.ManyToManyField(
        "partners.Partner",
        blank=True,
        related_name="roadmap_targets",
        verbose_name=_("target partners"),
    )
    agreements = models.ManyToManyField(
        "agreements.Agreement",
        blank=True,
        related_name="roadmap_assessments",
        verbose_name=_("agreements that serve it"),
    )
    activities = models.ManyToManyField(
        "plans.Activity",
        blank=True,
        related_name="roadmap_assessments",
        verbose_name=_("activities that serve it"),
    )

    history = LinkedHistory(m2m_fields=[target_partners, agreements, activities])

    class Meta:
        ordering = ["sector__order", "sector__name_en"]
        verbose_name = _("sector assessment")
        verbose_name_plural = _("sector assessments")
        constraints = [
            models.UniqueConstraint(fields=["roadmap", "sector"], name="roadmap_one_per_sector"),
        ]

    def __str__(self) -> str:
        return f"{self.roadmap.year} {self.sector}"

"""The taxonomy of cooperation areas, below partners and agreements that both tag with it."""

from __future__ import annotations

from django.db import models
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords


class CooperationArea(models.Model):
    """A two-level bilingual taxonomy of what is cooperated on, mapped to OECD-DAC codes."""

    code = models.SlugField(_("code"), max_length=60, unique=True)
    parent = models.ForeignKey(
        "self",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="children",
        verbose_name=_("parent area"),
    )
    label_id = models.CharField(_("label (Indonesian)"), max_length=200)
    label_en = models.CharField(_("label (English)"), max_length=200)
    keywords_id = models.TextField(_("keywords (Indonesian)"), blank=True)
    keywords_en = models.TextField(_("keywords (English)"), blank=True)
    # Comma-separated five-digit DAC purpose codes, e.g. "12250,74020".
    dac_codes = models.CharField(_("DAC purpose codes"), max_length=100, blank=True)
    position = models.PositiveSmallIntegerField(default=0)
    # The tables keep the names they had when the model lived in agreements: moving the model
    # changed no data (migrations taxonomy 0001 and agreements 0006 touch only Django's state).
    history = HistoricalRecords(table_name="agreements_historicalcooperationarea")

    class Meta:
        db_table = "agreements_cooperationarea"
        ordering = ["position"]
        verbose_name = _("cooperation area")
        verbose_name_plural = _("cooperation areas")

    def __str__(self) -> str:
        return self.label

    @property
    def label(self) -> str:
        return self.label_en if get_language() == "en" else self.label_id

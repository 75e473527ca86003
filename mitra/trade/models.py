"""Yearly trade in health products with a partner country, as imported from statistics."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from mitra.core.models import Record


class TradeFlow(Record):
    """One yearly figure: Indonesia's exports to or imports from one country of one product.

    The country is kept as its ISO 3166 alpha-3 code, not as a registry partner: statistics
    list every country, and a figure must not wait for (or create) a partner record. Pages
    join by code. `product` is what the file said (a group code or an HS code); `group` is
    the product group it falls in (groups.py), kept so that sums per group need no HS logic.
    """

    class Flow(models.TextChoices):
        EXPORT = "export", _("Export")
        IMPORT = "import", _("Import")

    year = models.PositiveSmallIntegerField(_("year"))
    partner_iso = models.CharField(_("partner country (ISO 3166 alpha-3)"), max_length=3)
    product = models.CharField(_("product (group or HS code)"), max_length=20)
    group = models.CharField(_("product group"), max_length=20)
    flow = models.CharField(_("flow"), max_length=6, choices=Flow.choices)
    value = models.DecimalField(_("value"), max_digits=20, decimal_places=2)
    currency = models.CharField(_("currency"), max_length=3)
    source = models.CharField(_("source"), max_length=120)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("trade flow")
        verbose_name_plural = _("trade flows")
        constraints = [
            # Importing the same file twice changes nothing: a figure is known by these five.
            models.UniqueConstraint(
                fields=["year", "partner_iso", "product", "flow", "source"],
                name="trade_flow_natural_key",
            ),
            models.CheckConstraint(
                condition=models.Q(value__gte=0), name="trade_flow_value_not_negative"
            ),
        ]
        indexes = [
            # The partner page and the brief: one country's figures by year.
            models.Index(fields=["partner_iso", "year"], name="trade_flow_partner_year"),
            # The product group page: one group's figures by year.
            models.Index(fields=["group", "year"], name="trade_flow_group_year"),
        ]

    def __str__(self) -> str:
        return f"{self.year} {self.partner_iso} {self.product} {self.flow} {self.value}"

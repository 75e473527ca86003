"""Activities that partners publish to IATI, imported and kept beside the registry."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _


class IatiActivity(models.Model):
    """One `iati-activity`, by its identifier: importing the same file again updates it."""

    identifier = models.CharField(_("IATI identifier"), max_length=200, unique=True)
    title = models.TextField(_("title"), blank=True)
    reporting_org_ref = models.CharField(max_length=200, blank=True)
    reporting_org_name = models.CharField(max_length=300, blank=True)
    status_code = models.CharField(max_length=4, blank=True)
    start_date = models.DateField(null=True, blank=True)
    end_date = models.DateField(null=True, blank=True)
    recipient_countries = models.CharField(max_length=200, blank=True)
    sectors = models.JSONField(default=list)
    participating = models.JSONField(default=list)
    budget_total = models.DecimalField(max_digits=20, decimal_places=2, null=True, blank=True)
    currency = models.CharField(max_length=3, blank=True)
    # The registry's partners named in the activity (by IATI ref or by name).
    partners = models.ManyToManyField(
        "partners.Partner", blank=True, related_name="iati_activities"
    )
    source = models.CharField(_("source file"), max_length=300, blank=True)
    synthetic = models.BooleanField(default=False)
    imported_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["identifier"]
        verbose_name = _("IATI activity")
        verbose_name_plural = _("IATI activities")

    def __str__(self) -> str:
        return self.identifier

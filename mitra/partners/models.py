"""Partners (countries, organisations) and their contacts."""

from __future__ import annotations

from django.core.validators import RegexValidator
from django.db import models
from django.db.models import Q
from django.db.models.functions import Lower
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from mitra.core.history import LinkedHistory
from mitra.core.models import Record
from mitra.core.validators import no_control_characters, one_line

SLUG_CODE = RegexValidator(
    r"^[a-z0-9][a-z0-9-]{1,31}$",
    _("Use 2 to 32 lower-case letters, digits or hyphens, e.g. who or unicef."),
)


class Partner(Record):
    """Someone the ministry cooperates with. Countries are keyed by ISO 3166 alpha-3."""

    class Kind(models.TextChoices):
        COUNTRY = "country", _("Country")
        INTERNATIONAL = "international", _("International organisation")
        NGO = "ngo", _("Non-governmental organisation")
        COMPANY = "company", _("Private company")
        ACADEMIC = "academic", _("Academic or research institution")
        AGENCY = "agency", _("Foreign government agency")

    class Region(models.TextChoices):
        SOUTHEAST_ASIA = "southeast_asia", _("Southeast Asia")
        EAST_ASIA = "east_asia", _("East Asia")
        SOUTH_ASIA = "south_asia", _("South Asia")
        CENTRAL_ASIA = "central_asia", _("Central Asia")
        MIDDLE_EAST = "middle_east", _("Middle East")
        EUROPE = "europe", _("Europe")
        AFRICA = "africa", _("Africa")
        AMERICAS = "americas", _("Americas")
        OCEANIA = "oceania", _("Oceania")
        GLOBAL = "global", _("Global")

    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices)
    # The address of the partner's page: ISO alpha-3 for a country (KAZ), a short slug otherwise.
    code = models.CharField(_("code"), max_length=32, unique=True)
    name_id = models.CharField(_("name (Indonesian)"), max_length=200, validators=[one_line])
    name_en = models.CharField(_("name (English)"), max_length=200, validators=[one_line])
    abbreviation = models.CharField(
        _("abbreviation"), max_length=40, blank=True, validators=[one_line]
    )
    region = models.CharField(_("region"), max_length=20, choices=Region.choices, blank=True)
    parent = models.ForeignKey(
        "self",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="children",
        verbose_name=_("parent partner"),
        db_index=False,  # partner_parent below
    )
    iati_ref = models.CharField(_("IATI organisation identifier"), max_length=100, blank=True)
    website = models.URLField(_("website"), blank=True)
    notes = models.TextField(_("notes"), blank=True, validators=[no_control_characters])
    areas = models.ManyToManyField(
        "taxonomy.CooperationArea",
        blank=True,
        related_name="partners",
        verbose_name=_("cooperation areas"),
        help_text=_("Areas of the partnership itself, besides those of its agreements."),
    )
    history = LinkedHistory(m2m_fields=[areas])

    class Meta:
        ordering = ["name_id"]
        verbose_name = _("partner")
        verbose_name_plural = _("partners")
        constraints = [
            models.UniqueConstraint(Lower("code"), name="partner_code_unique_ci"),
        ]
        indexes = [
            # The partner list filters by kind and sorts by name.
            models.Index(fields=["kind", "name_id"], name="partner_kind_name"),
            models.Index(fields=["kind", "region", "name_id"], name="partner_kind_region_name"),
            # Few partners have a parent: a partial index keeps the planner from taking
            # "parent = x" for a scan (the statistics of a full index count the NULLs).
            models.Index(
                fields=["parent"], condition=Q(parent__isnull=False), name="partner_parent"
            ),
        ]

    def __str__(self) -> str:
        return self.name

    @property
    def name(self) -> str:
        return self.name_en if get_language() == "en" else self.name_id

    @property
    def is_country(self) -> bool:
        return self.kind == self.Kind.COUNTRY

    def get_absolute_url(self) -> str:
        from django.urls import reverse

        return reverse("partners:detail", args=[self.code])


class Contact(Record):
    """A focal point at a partner, with the title they hold."""

    partner = models.ForeignKey(
        Partner, on_delete=models.PROTECT, related_name="contacts", verbose_name=_("partner")
    )
    name = models.CharField(_("name"), max_length=200, validators=[one_line])
    title = models.CharField(_("title or role"), max_length=200, blank=True, validators=[one_line])
    email = models.EmailField(_("e-mail"), blank=True)
    phone = models.CharField(_("phone"), max_length=50, blank=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["name"]
        verbose_name = _("contact")
        verbose_name_plural = _("contacts")

    def __str__(self) -> str:
        return f"{self.name} ({self.title})" if self.title else self.name

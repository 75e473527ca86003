"""Agreements and their parties. (Their cooperation areas are mitra.taxonomy's.)"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from mitra.core.history import LinkedHistory
from mitra.core.models import Record
from mitra.core.validators import no_control_characters, one_line

if TYPE_CHECKING:
    from django.db.backends.base.base import BaseDatabaseWrapper
    from django.db.models.sql.compiler import SQLCompiler


class NoticeDate(models.Func):
    """The last day to give notice of not renewing: the expiry date less the notice period,
    worked out by the database (`date - integer` on PostgreSQL, `date()` with a day modifier
    on SQLite). Null without an expiry date or a notice period. Indexed (Agreement.Meta) and
    read through `agreements.rules.notice_between`."""

    output_field = models.DateField()
    template = "(%(expressions)s)"
    arg_joiner = " - "

    def __init__(self) -> None:
        super().__init__(models.F("date_expiry"), models.F("notice_period_days"))

    def as_sqlite(
        self, compiler: SQLCompiler, connection: BaseDatabaseWrapper, **extra_context: Any
    ) -> Any:
        return self.as_sql(
            compiler,
            connection,
            template="date(%(expressions)s || ' days')",
            arg_joiner=", '-' || ",
            **extra_context,
        )


class Agreement(Record):
    class Kind(models.TextChoices):
        MOU = "mou", _("Memorandum of understanding")
        PKS = "pks", _("Cooperation agreement (PKS)")
        IMPLEMENTING = "implementing", _("Implementing arrangement")
        LOI = "loi", _("Letter of intent")
        JOINT_STATEMENT = "joint_statement", _("Joint statement")

    class Status(models.TextChoices):
        EXPLORING = "exploring", _("Exploring")
        NEGOTIATING = "negotiating", _("Negotiating")
        SIGNED = "signed", _("Signed")
        IN_FORCE = "in_force", _("In force")
        EXPIRED = "expired", _("Expired")
        TERMINATED = "terminated", _("Terminated")

    class Renewal(models.TextChoices):
        NONE = "none", _("Not renewable")
        AUTOMATIC = "automatic", _("Renews automatically unless notice is given")
        BY_AGREEMENT = "by_agreement", _("Renewable by written agreement of the parties")

    class PartnershipType(models.TextChoices):
        PROGRAM = "program", _("Program partnership")
        RESEARCH = "research", _("Research partnership")
        ADVOCACY = "advocacy", _("Advocacy partnership")
        CAPACITY = "capacity", _("Capacity-building partnership")

    class CooperationModel(models.TextChoices):
        G2G = "g2g", _("Government to government")
        MULTILATERAL = "multilateral", _("Multilateral")
        PPP = "ppp", _("Public-private partnership")
        INSTITUTIONAL = "institutional", _("Institution to institution")
        COMMUNITY = "community", _("Community-based")

    title = models.CharField(_("title"), max_length=300, validators=[one_line])
    title_en = models.CharField(
        _("title (English)"), max_length=300, blank=True, validators=[one_line]
    )
    kind = models.CharField(_("type"), max_length=20, choices=Kind.choices, default=Kind.MOU)
    # Changed only by the lifecycle services; "expired" also follows from the expiry date
    # (see AgreementQuerySet.with_current_status) so nobody has to press a button for it.
    status = models.CharField(
        _("status"), max_length=20, choices=Status.choices, default=Status.EXPLORING
    )
    reference_number = models.CharField(_("our reference number"), max_length=100, blank=True)
    partner_reference = models.CharField(
        _("partner's reference number"), max_length=100, blank=True
    )
    summary = models.TextField(_("summary"), blank=True, validators=[no_control_characters])
    place_signed = models.CharField(_("place of signature"), max_length=200, blank=True)
    date_signed = models.DateField(_("date of signature"), null=True, blank=True)
    # Older agreements are often known only by the year of signature ("signed in 2021").
    signed_year = models.PositiveSmallIntegerField(_("year of signature"), null=True, blank=True)
    signature_date_unknown = models.BooleanField(
        _("signature date unknown"),
        default=False,
        help_text=_("For agreements known to be signed whose date is not on record."),
    )
    date_in_force = models.DateField(_("entry into force"), null=True, blank=True)
    date_expiry = models.DateField(_("expiry"), null=True, blank=True)
    renewal = models.CharField(_("renewal"), max_length=20, choices=Renewal.choices, blank=True)
    notice_period_days = models.PositiveIntegerField(
        _("notice period (days)"), null=True, blank=True
    )
    date_terminated = models.DateField(_("date of termination"), null=True, blank=True)
    termination_reason = models.TextField(_("reason for termination"), blank=True)
    parent = models.ForeignKey(
        "self",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="implementing",
        verbose_name=_("parent agreement"),
        help_text=_("The MoU an implementing arrangement falls under."),
    )
    predecessor = models.OneToOneField(
        "self",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="successor",
        verbose_name=_("predecessor"),
    )
    responsible_unit = models.ForeignKey(
        "accounts.Unit",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="agreements",
        verbose_name=_("responsible unit"),
    )
    partnership_type = models.CharField(
        _("partnership type"), max_length=20, choices=PartnershipType.choices, blank=True
    )
    cooperation_model = models.CharField(
        _("cooperation model"), max_length=20, choices=CooperationModel.choices, blank=True
    )
    is_public = models.BooleanField(
        _("public"), default=False, help_text=_("Shown to viewers and on the public portal.")
    )
    areas = models.ManyToManyField(
        "taxonomy.CooperationArea",
        blank=True,
        related_name="agreements",
        verbose_name=_("cooperation areas"),
    )
    partners = models.ManyToManyField(
        "partners.Partner",
        through="AgreementParty",
        related_name="agreements",
        verbose_name=_("partners"),
    )
    documents = models.ManyToManyField(
        "documents.Document", blank=True, related_name="agreements", verbose_name=_("documents")
    )
    history = LinkedHistory(m2m_fields=[areas, documents])

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("agreement")
        verbose_name_plural = _("agreements")
        constraints = [
            models.CheckConstraint(
                condition=Q(date_in_force__isnull=True)
                | Q(date_signed__isnull=True)
                | Q(date_in_force__gte=models.F("date_signed")),
                name="agreement_in_force_after_signature",
            ),
            models.CheckConstraint(
                condition=Q(date_expiry__isnull=True)
                | Q(date_in_force__isnull=True)
                | Q(date_expiry__gt=models.F("date_in_force")),
                name="agreement_expiry_after_in_force",
            ),
            models.CheckConstraint(
                condition=Q(date_expiry__isnull=True)
                | Q(date_signed__isnull=True)
                | Q(date_expiry__gt=models.F("date_signed")),
                name="agreement_expiry_after_signature",
            ),
            # Once signed, the signature must be on record: a date, a year, or "unknown" said
            # explicitly (an old MoU found in the archive).
            models.CheckConstraint(
                condition=Q(status__in=["exploring", "negotiating"])
                | Q(date_signed__isnull=False)
                | Q(signed_year__isnull=False)
                | Q(signature_date_unknown=True),
                name="agreement_signed_has_signature",
            ),
        ]
        indexes = [
            # The agreement list filters by status and sorts by newest.
            models.Index(fields=["status", "-created_at"], name="agreement_status_created"),
            # "Expiring within N days" scans by expiry date; status and archiving are in the
            # index so that the range is filtered without reading the rows.
            models.Index(
                fields=["date_expiry", "status", "archived_at"], name="agreement_expiry_status"
            ),
            # Notice deadlines in a window, in order (My week): only agreements with a notice
            # period, by the day notice must be given.
            models.Index(
                NoticeDate(), name="agreement_notice_date", condition=Q(notice_period_days__gt=0)
            ),
        ]

    def __str__(self) -> str:
        return self.display_title

    @property
    def display_title(self) -> str:
        if get_language() == "en" and self.title_en:
            return self.title_en
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("agreements:detail", args=[self.pk])

    def clean(self) -> None:
        from mitra.agreements import lifecycle

        if self.date_signed and self.signed_year is None:
            self.signed_year = self.date_signed.year
        lifecycle.validate(self)


class AgreementParty(models.Model):
    """A partner's part in an agreement (signatory, implementer…)."""

    class Role(models.TextChoices):
        SIGNATORY = "signatory", _("Signatory")
        IMPLEMENTER = "implementer", _("Implementing party")
        FUNDER = "funder", _("Funder")
        WITNESS = "witness", _("Witness or observer")

    agreement = models.ForeignKey(Agreement, on_delete=models.CASCADE, related_name="parties")
    partner = models.ForeignKey(
        "partners.Partner", on_delete=models.PROTECT, related_name="agreement_parties"
    )
    role = models.CharField(_("role"), max_length=20, choices=Role.choices, default=Role.SIGNATORY)
    signatory_name = models.CharField(_("signed by"), max_length=200, blank=True)
    signatory_title = models.CharField(_("title of signatory"), max_length=200, blank=True)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("party")
        verbose_name_plural = _("parties")
        constraints = [
            models.UniqueConstraint(fields=["agreement", "partner"], name="party_once"),
        ]

    def __str__(self) -> str:
        return f"{self.partner} ({self.get_role_display()})"

"""The health globalisation team (Tim Globalisasi Kesehatan, seed 001): its member
organisations and people, and its policy items with each ministry's position and the agreed
line. Its meetings are meeting records of kind "team meeting" (meetings app)."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from mitra.core.history import LinkedHistory
from mitra.core.models import Record
from mitra.core.validators import no_control_characters, one_line


class Member(Record):
    """A member organisation of the team (a ministry or agency, a Unit of kind "ministry")."""

    unit = models.OneToOneField(
        "accounts.Unit",
        on_delete=models.PROTECT,
        related_name="team_membership",
        verbose_name=_("organisation"),
    )
    history = HistoricalRecords()

    class Meta:
        ordering = ["unit__name_id"]
        verbose_name = _("team member organisation")
        verbose_name_plural = _("team member organisations")

    def __str__(self) -> str:
        return str(self.unit)


class Person(Record):
    """A person who sits on the team for a member organisation."""

    member = models.ForeignKey(
        Member, on_delete=models.PROTECT, related_name="people", verbose_name=_("organisation")
    )
    name = models.CharField(_("name"), max_length=200, validators=[one_line])
    role_title = models.CharField(
        _("role title"), max_length=300, blank=True, validators=[one_line]
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("Mitra user"),
    )
    history = HistoricalRecords()

    class Meta:
        ordering = ["name", "pk"]
        verbose_name = _("team member")
        verbose_name_plural = _("team members")

    def __str__(self) -> str:
        return self.name


class PolicyItem(Record):
    """An issue the team works on: the ministries' positions, the agreed line, what it touches,
    and its open actions (follow-ups of meetings)."""

    title = models.CharField(_("issue"), max_length=300, validators=[one_line])
    description = models.TextField(_("description"), blank=True, validators=[no_control_characters])
    # Empty until the team agrees one.
    agreed_line = models.TextField(_("agreed line"), blank=True, validators=[no_control_characters])
    source_meeting = models.ForeignKey(
        "meetings.Meeting",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("raised at"),
    )
    agreements = models.ManyToManyField(
        "agreements.Agreement", blank=True, related_name="+", verbose_name=_("agreements")
    )
    partners = models.ManyToManyField(
        "partners.Partner", blank=True, related_name="+", verbose_name=_("partners")
    )
    followups = models.ManyToManyField(
        "meetings.FollowUp", blank=True, related_name="+", verbose_name=_("open actions")
    )
    history = LinkedHistory(m2m_fields=[agreements, partners, followups])

    class Meta:
        ordering = ["title", "pk"]
        verbose_name = _("policy item")
        verbose_name_plural = _("policy items")

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("team:item", args=[self.pk])


class Position(Record):
    """One member organisation's position on a policy item."""

    item = models.ForeignKey(PolicyItem, on_delete=models.PROTECT, related_name="positions")
    member = models.ForeignKey(
        Member, on_delete=models.PROTECT, related_name="positions", verbose_name=_("organisation")
    )
    text = models.TextField(_("position"), validators=[no_control_characters])
    history = HistoricalRecords()

    class Meta:
        ordering = ["member__unit__name_id", "pk"]
        verbose_name = _("position")
        verbose_name_plural = _("positions")
        constraints = [
            models.UniqueConstraint(fields=["item", "member"], name="team_position_once"),
        ]

    def __str__(self) -> str:
        return f"{self.member}: {self.item}"

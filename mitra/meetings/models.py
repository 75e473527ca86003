"""Meetings with partners, who took part, and the follow-ups agreed there."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from mitra.core.history import LinkedHistory
from mitra.core.models import Record
from mitra.core.validators import no_control_characters, one_line


def _one_line(obj: object, names: tuple[str, ...]) -> None:
    """Names and titles are one line without control characters (core.validators.one_line)."""
    errors: dict[str, list] = {}
    for name in names:
        try:
            one_line(getattr(obj, name, ""))
        except ValidationError as exc:
            errors.setdefault(name, []).extend(exc.messages)
    if errors:
        raise ValidationError(errors)


class Meeting(Record):
    class Kind(models.TextChoices):
        MINISTERIAL = "ministerial", _("Ministerial meeting")
        SENIOR_OFFICIAL = "senior_official", _("Senior officials' meeting")
        TECHNICAL = "technical", _("Technical dialogue")
        WORKSHOP = "workshop", _("Workshop")
        VISIT = "visit", _("Visit")
        # The health globalisation team's own meetings (issue 14 §6, the team app).
        TEAM = "team", _("Team meeting (health globalisation team)")

    class Level(models.TextChoices):
        MINISTER = "minister", _("Minister")
        AMBASSADOR = "ambassador", _("Ambassador")
        SENIOR = "senior", _("Senior official (eselon I)")
        DIRECTOR = "director", _("Director (eselon II)")
        TECHNICAL = "technical", _("Technical staff")

    title = models.CharField(_("title"), max_length=300)
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices)
    level = models.CharField(_("level"), max_length=20, choices=Level.choices, blank=True)
    # Empty when the source does not say when it took place; such meetings are listed as undated.
    date = models.DateField(_("date"), null=True, blank=True)
    place = models.CharField(_("place"), max_length=300, blank=True)
    organiser = models.ForeignKey(
        "accounts.Unit",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="meetings",
        verbose_name=_("organised or attended by"),
    )
    attendance = models.PositiveIntegerField(
        _("number of participants"),
        null=True,
        blank=True,
        help_text=_("When only a head count is known."),
    )
    attendance_approximate = models.BooleanField(_("approximate count"), default=False)
    summary = models.TextField(_("summary"), blank=True)
    decisions = models.TextField(_("decisions"), blank=True)
    partners = models.ManyToManyField(
        "partners.Partner", blank=True, related_name="meetings", verbose_name=_("partners")
    )
    agreements = models.ManyToManyField(
        "agreements.Agreement", blank=True, related_name="meetings", verbose_name=_("agreements")
    )
    areas = models.ManyToManyField(
        "taxonomy.CooperationArea",
        blank=True,
        related_name="meetings",
        verbose_name=_("areas discussed"),
    )
    documents = models.ManyToManyField(
        "documents.Document", blank=True, related_name="meetings", verbose_name=_("documents")
    )
    history = LinkedHistory(m2m_fields=[partners, agreements, areas, documents])

    class Meta:
        ordering = [models.F("date").desc(nulls_last=True), "-pk"]
        verbose_name = _("meeting")
        verbose_name_plural = _("meetings")
        constraints = [
            models.CheckConstraint(
                condition=Q(attendance__isnull=False) | Q(attendance_approximate=False),
                name="meeting_approximate_needs_count",
            ),
        ]
        indexes = [
            # Dormancy looks for meetings in the last 12 months; the list sorts by date.
            models.Index(fields=["date"], name="meeting_date"),
        ]

    def __str__(self) -> str:
        return self.title

    def clean(self) -> None:
        _one_line(self, ("title", "place"))

    def get_absolute_url(self) -> str:
        return reverse("meetings:detail", args=[self.pk])


class Participant(models.Model):
    """A person at a meeting, with the role title as written (e.g. "Duta Besar RI untuk…")."""

    class Side(models.TextChoices):
        OURS = "ours", _("Indonesian side")
        PARTNER = "partner", _("Partner side")

    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="participants")
    name = models.CharField(_("name"), max_length=200)
    role_title = models.CharField(_("role title"), max_length=300, blank=True)
    side = models.CharField(_("side"), max_length=10, choices=Side.choices, default=Side.OURS)
    partner = models.ForeignKey(
        "partners.Partner",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("partner"),
    )
    unit = models.ForeignKey(
        "accounts.Unit",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("unit"),
    )
    position = models.PositiveSmallIntegerField(default=0)
    history = HistoricalRecords()

    class Meta:
        ordering = ["position", "pk"]
        verbose_name = _("participant")
        verbose_name_plural = _("participants")

    def __str__(self) -> str:
        return f"{self.name}, {self.role_title}" if self.role_title else self.name

    def clean(self) -> None:
        _one_line(self, ("name", "role_title"))


class FollowUp(Record):
    """Something a meeting decided must happen next, owned by one unit, due by a date."""

    class Status(models.TextChoices):
        OPEN = "open", _("Open")
        DONE = "done", _("Done")
        DROPPED = "dropped", _("Dropped")

    meeting = models.ForeignKey(
        Meeting, on_delete=models.PROTECT, related_name="followups", verbose_name=_("meeting")
    )
    description = models.TextField(_("what is to be done"))
    owner_unit = models.ForeignKey(
        "accounts.Unit",
        on_delete=models.PROTECT,
        related_name="followups",
        verbose_name=_("owner unit"),
    )
    due_date = models.DateField(_("due date"), null=True, blank=True)
    # Only a record taken from a source that names no deadline may lack one; it is listed as
    # "due date to be set" until someone sets it.
    due_date_unknown = models.BooleanField(_("due date not stated in the source"), default=False)
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.OPEN
    )
    closed_on = models.DateField(_("closed on"), null=True, blank=True)
    note = models.TextField(_("note"), blank=True)
    history = HistoricalRecords()

    class Meta:
        ordering = [models.F("due_date").asc(nulls_last=True), "pk"]
        verbose_name = _("follow-up")
        verbose_name_plural = _("follow-ups")
        constraints = [
            models.CheckConstraint(
                condition=Q(due_date__isnull=False) | Q(due_date_unknown=True),
                name="followup_has_due_date",
            ),
            models.CheckConstraint(
                condition=Q(status="open") | Q(closed_on__isnull=False),
                name="followup_closed_has_date",
            ),
        ]
        indexes = [
            # Overdue lists: open follow-ups by due date, per unit for "my follow-ups".
            models.Index(fields=["status", "due_date"], name="followup_status_due"),
            models.Index(fields=["owner_unit", "status"], name="followup_unit_status"),
        ]

    def __str__(self) -> str:
        return self.description[:80]

    def clean(self) -> None:
        try:
            no_control_characters(self.description)
        except ValidationError as exc:
            raise ValidationError({"description": exc.messages}) from exc

    def get_absolute_url(self) -> str:
        return reverse("meetings:detail", args=[self.meeting_id]) + f"#followup-{self.pk}"

    @property
    def scope_unit_id(self) -> int | None:
        return self.owner_unit_id

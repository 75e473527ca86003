"""Clearance before signature: templates of ordered steps, and each agreement's clearance.

A clearance copies its template's steps when it starts (ClearanceStep), so a template edited
or archived later never changes a clearance under way (as Wagtail's TaskState keeps a task's
outcome apart from the task). The versions of the text are numbered per agreement.
"""

from __future__ import annotations

import datetime as dt

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from mitra.accounts.models import User
from mitra.core import workdays
from mitra.core.models import Record


class Mode(models.TextChoices):
    ANY = "any", _("Any one assignee")
    EVERY = "every", _("Every assignee")


class Condition(models.TextChoices):
    ALWAYS = "always", _("Always")
    FOREIGN_GOVERNMENT = "foreign_government", _("Only when a foreign government is a party")


class Assignee(models.Model):
    """Who does a step: users of a role, of a unit, or of the agreement's responsible unit
    (any combination narrows: role and unit together mean that role within that unit)."""

    name_id = models.CharField(_("name (Indonesian)"), max_length=200)
    name_en = models.CharField(_("name (English)"), max_length=200, blank=True)
    role = models.CharField(_("role"), max_length=20, choices=User.Role.choices, blank=True)
    unit = models.ForeignKey(
        "accounts.Unit",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("unit"),
    )
    mode = models.CharField(_("needs"), max_length=10, choices=Mode.choices, default=Mode.ANY)
    days = models.PositiveSmallIntegerField(
        _("time limit (working days)"),
        default=10,
        help_text=_(
            "After this many working days the step escalates (weekends, public holidays and "
            "collective leave are not counted)."
        ),
    )

    class Meta:
        abstract = True

    def __str__(self) -> str:
        return self.name

    @property
    def name(self) -> str:
        if get_language() == "en" and self.name_en:
            return self.name_en
        return self.name_id


class ClearanceTemplate(Record):
    """An ordered list of steps an agreement goes through before signature."""

    name = models.CharField(_("name"), max_length=200)
    is_default = models.BooleanField(
        _("default"), default=False, help_text=_("Used when a clearance is started.")
    )
    history = HistoricalRecords()

    class Meta:
        ordering = ["name"]
        verbose_name = _("clearance template")
        verbose_name_plural = _("clearance templates")

    def __str__(self) -> str:
        return self.name


class TemplateStep(Assignee):
    template = models.ForeignKey(ClearanceTemplate, on_delete=models.CASCADE, related_name="steps")
    order = models.PositiveSmallIntegerField(_("order"))
    responsible_unit = models.BooleanField(
        _("the agreement's responsible unit"),
        default=False,
        help_text=_("Done by the unit responsible for the agreement (its technical unit)."),
    )
    condition = models.CharField(
        _("applies"), max_length=30, choices=Condition.choices, default=Condition.ALWAYS
    )
    history = HistoricalRecords()

    class Meta:
        ordering = ["template", "order"]
        verbose_name = _("template step")
        verbose_name_plural = _("template steps")
        constraints = [
            models.UniqueConstraint(fields=["template", "order"], name="template_step_order_once"),
            # A step nobody could do would stall every clearance made from the template.
            models.CheckConstraint(
                condition=~Q(role="") | Q(unit__isnull=False) | Q(responsible_unit=True),
                name="template_step_has_assignee",
            ),
        ]


class Clearance(models.Model):
    """One agreement's way to signature through the steps copied from a template."""

    class Status(models.TextChoices):
        IN_PROGRESS = "in_progress", _("Under way")
        RETURNED = "returned", _("Returned for revision")
        APPROVED = "approved", _("Cleared for signature")

    agreement = models.ForeignKey(
        "agreements.Agreement", on_delete=models.PROTECT, related_name="clearances"
    )
    template = models.ForeignKey(
        ClearanceTemplate, on_delete=models.PROTECT, related_name="clearances"
    )
    status = models.CharField(
        _("status"), max_length=20, choices=Status.choices, default=Status.IN_PROGRESS
    )
    started_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    started_at = models.DateTimeField(_("started"))
    finished_at = models.DateTimeField(_("cleared"), null=True, blank=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["-started_at", "-pk"]
        verbose_name = _("clearance")
        verbose_name_plural = _("clearances")
        constraints = [
            # One clearance at a time per agreement: two would each lock and unlock the text.
            models.UniqueConstraint(
                fields=["agreement"],
                condition=Q(status__in=["in_progress", "returned"]),
                name="clearance_one_open_per_agreement",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.agreement} · {self.get_status_display()}"


class ClearanceStep(Assignee):
    """A step of one clearance, frozen when it started; its assignee unit already resolved."""

    class State(models.TextChoices):
        WAITING = "waiting", _("Waiting")
        CURRENT = "current", _("Awaiting decision")
        APPROVED = "approved", _("Approved")
        SKIPPED = "skipped", _("Does not apply")

    clearance = models.ForeignKey(Clearance, on_delete=models.CASCADE, related_name="steps")
    order = models.PositiveSmallIntegerField(_("order"))
    condition = models.CharField(_("applies"), max_length=30, choices=Condition.choices)
    state = models.CharField(
        _("state"), max_length=10, choices=State.choices, default=State.WAITING
    )
    # When the step last became the one awaiting a decision: its time limit runs from here.
    started_at = models.DateTimeField(_("awaiting since"), null=True, blank=True)
    escalated_at = models.DateTimeField(_("escalated"), null=True, blank=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["clearance", "order"]
        verbose_name = _("clearance step")
        verbose_name_plural = _("clearance steps")
        constraints = [
            models.UniqueConstraint(fields=["clearance", "order"], name="clearance_step_once"),
        ]
        indexes = [
            # The daily escalation looks for the steps awaiting a decision.
            models.Index(fields=["state", "started_at"], name="clearance_step_current"),
        ]

    @property
    def is_conditional(self) -> bool:
        return self.condition != Condition.ALWAYS

    @property
    def due_at(self) -> dt.datetime | None:
        """The same hour, `days` working days after the step became current (in the ministry's
        time zone): a step begun on Friday with 3 days is due on Wednesday, later over a holiday."""
        if self.started_at is None:
            return None
        began = timezone.localtime(self.started_at)
        day = workdays.add_working_days(began.date(), self.days)
        return dt.datetime.combine(day, began.timetz())


class TextVersion(models.Model):
    """A draft of the agreement's text, numbered in the order it was attached."""

    agreement = models.ForeignKey(
        "agreements.Agreement", on_delete=models.PROTECT, related_name="text_versions"
    )
    document = models.ForeignKey(
        "documents.Document", on_delete=models.PROTECT, related_name="text_versions"
    )
    number = models.PositiveIntegerField(_("version"))
    added_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, related_name="+"
    )
    added_at = models.DateTimeField(_("added"))
    history = HistoricalRecords()

    class Meta:
        ordering = ["agreement", "number"]
        verbose_name = _("version of the text")
        verbose_name_plural = _("versions of the text")
        constraints = [
            models.UniqueConstraint(fields=["agreement", "number"], name="text_version_number"),
            models.UniqueConstraint(fields=["agreement", "document"], name="text_version_once"),
        ]

    def __str__(self) -> str:
        return f"v{self.number} · {self.document}"


class StepDecision(models.Model):
    """One assignee's approval or return of a step, with their note and the version they saw.

    A return resets the steps from the returning one on: their decisions are marked superseded,
    not deleted, so the notes stay on the page and in the history.
    """

    class Outcome(models.TextChoices):
        APPROVED = "approved", _("Approved")
        RETURNED = "returned", _("Returned")

    step = models.ForeignKey(ClearanceStep, on_delete=models.CASCADE, related_name="decisions")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    outcome = models.CharField(_("decision"), max_length=10, choices=Outcome.choices)
    comment = models.TextField(_("comment"), blank=True)
    version = models.ForeignKey(
        TextVersion, on_delete=models.PROTECT, null=True, blank=True, related_name="decisions"
    )
    decided_at = models.DateTimeField(_("decided"))
    superseded_at = models.DateTimeField(_("reset"), null=True, blank=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["decided_at", "pk"]
        verbose_name = _("step decision")
        verbose_name_plural = _("step decisions")

    def __str__(self) -> str:
        return f"{self.user} · {self.get_outcome_display()}"

    @property
    def is_approval(self) -> bool:
        return self.outcome == self.Outcome.APPROVED

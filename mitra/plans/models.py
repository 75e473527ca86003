"""Action plans under agreements, their activities, indicators and reported results."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from django.conf import settings
from django.core.validators import MinValueValidator
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from mitra.core.history import LinkedHistory
from mitra.core.models import Record
from mitra.plans import rules


class ActionPlan(Record):
    """A multi-year joint plan (e.g. 2025–2027) under an agreement, or with a partner directly."""

    class Status(models.TextChoices):
        PROPOSED = "proposed", _("Proposed")
        AGREED = "agreed", _("Agreed")
        IN_PROGRESS = "in_progress", _("In progress")
        CLOSED = "closed", _("Closed")

    title = models.CharField(_("title"), max_length=300)
    agreement = models.ForeignKey(
        "agreements.Agreement",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="plans",
        verbose_name=_("agreement"),
    )
    # A partnership without a signed agreement (e.g. with UNICEF) still has plans.
    partner = models.ForeignKey(
        "partners.Partner",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="plans",
        verbose_name=_("partner"),
    )
    start_year = models.PositiveSmallIntegerField(_("first year"))
    end_year = models.PositiveSmallIntegerField(_("last year"))
    status = models.CharField(
        _("status"), max_length=20, choices=Status.choices, default=Status.PROPOSED
    )
    approved_on = models.DateField(_("date of approval"), null=True, blank=True)
    summary = models.TextField(_("summary"), blank=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["-start_year", "-created_at"]
        verbose_name = _("action plan")
        verbose_name_plural = _("action plans")
        constraints = [
            models.CheckConstraint(
                condition=Q(end_year__gte=models.F("start_year")), name="plan_period_order"
            ),
            models.CheckConstraint(
                condition=Q(agreement__isnull=False) | Q(partner__isnull=False),
                name="plan_has_agreement_or_partner",
            ),
        ]
        # Plans on the books by start year: the reports due (oldest plans first) walk this and
        # stop at the first page instead of sorting every indicator (issue 18, My week).
        indexes = [
            # With the key, so that PostgreSQL can walk plans in the order the reports owed
            # are listed (start year, then plan) instead of sorting every plan on the books.
            models.Index(
                fields=["start_year", "id"],
                condition=Q(archived_at=None),
                name="plan_on_books_by_start",
            )
        ]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("plans:detail", args=[self.pk])

    @property
    def period(self) -> str:
        if self.start_year == self.end_year:
            return str(self.start_year)
        return f"{self.start_year}–{self.end_year}"

    def clean(self) -> None:
        rules.validate_plan(self)

    @property
    def first_day(self) -> dt.date:
        return dt.date(self.start_year, 1, 1)

    @property
    def last_day(self) -> dt.date:
        return dt.date(self.end_year, 12, 31)


class Activity(Record):
    """One thing a plan says will be done: a training, an exchange, a joint study…"""

    class Kind(models.TextChoices):
        TRAINING = "training", _("Training")
        SCHOLARSHIP = "scholarship", _("Scholarship")
        INTERNSHIP = "internship", _("Internship")
        EXPERT_EXCHANGE = "expert_exchange", _("Expert exchange")
        JOINT_RESEARCH = "joint_research", _("Joint research")
        WORKSHOP = "workshop", _("Workshop")
        TRADE_FACILITATION = "trade_facilitation", _("Trade facilitation")
        DONATION = "donation", _("Donation")
        OUTREACH = "outreach", _("Outreach")
        POLICY_DIALOGUE = "policy_dialogue", _("Policy dialogue")
        OTHER = "other", _("Other")

    class Horizon(models.TextChoices):
        SHORT = "short", _("Short term")
        MEDIUM = "medium", _("Medium term")
        LONG = "long", _("Long term")

    class Status(models.TextChoices):
        PLANNED = "planned", _("Planned")
        ONGOING = "ongoing", _("Ongoing")
        COMPLETED = "completed", _("Completed")
        DELAYED = "delayed", _("On hold")  # chosen; "late" is derived (rules.delayed_q)
        CANCELLED = "cancelled", _("Cancelled")

    class Funding(models.TextChoices):
        STATE_BUDGET = "state_budget", _("State budget (APBN)")
        PARTNER = "partner", _("Partner")
        GRANT = "grant", _("Grant")
        PPP = "ppp", _("Public-private partnership")

    plan = models.ForeignKey(
        ActionPlan, on_delete=models.PROTECT, related_name="activities", verbose_name=_("plan")
    )
    title = models.CharField(_("title"), max_length=300)
    description = models.TextField(_("description"), blank=True)
    kind = models.CharField(_("kind"), max_length=30, choices=Kind.choices, default=Kind.OTHER)
    horizon = models.CharField(_("horizon"), max_length=10, choices=Horizon.choices, blank=True)
    area = models.ForeignKey(
        "taxonomy.CooperationArea",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="activities",
        verbose_name=_("cooperation area"),
    )
    owner_unit = models.ForeignKey(
        "accounts.Unit",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="activities",
        verbose_name=_("owner unit"),
    )
    counterpart = models.CharField(_("counterpart"), max_length=300, blank=True)
    planned_start = models.DateField(_("planned start"), null=True, blank=True)
    planned_end = models.DateField(_("planned end"), null=True, blank=True)
    actual_start = models.DateField(_("actual start"), null=True, blank=True)
    actual_end = models.DateField(_("actual end"), null=True, blank=True)
    # Stored as set by people; "delayed" is also derived from the dates (selectors.current_status).
    status = models.CharField(
        _("status"), max_length=20, choices=Status.choices, default=Status.PLANNED
    )
    budget = models.DecimalField(
        _("budget"),
        max_digits=18,
        decimal_places=2,
        null=True,
        blank=True,
        validators=[MinValueValidator(Decimal(0))],
    )
    currency = models.CharField(_("currency"), max_length=3, blank=True)
    funding_source = models.CharField(
        _("funding source"), max_length=20, choices=Funding.choices, blank=True
    )
    people_reached = models.PositiveIntegerField(_("people reached"), null=True, blank=True)
    people_reached_label = models.CharField(
        _("who was reached"),
        max_length=200,
        blank=True,
        help_text=_("For example: health workers trained."),
    )
    outputs = models.TextField(_("outputs"), blank=True)
    documents = models.ManyToManyField(
        "documents.Document",
        blank=True,
        related_name="activities",
        verbose_name=_("evidence documents"),
    )
    history = LinkedHistory(m2m_fields=[documents])

    class Meta:
        ordering = ["planned_start", "pk"]
        verbose_name = _("activity")
        verbose_name_plural = _("activities")
        constraints = [
            models.CheckConstraint(
                condition=Q(planned_end__isnull=True)
                | Q(planned_start__isnull=True)
                | Q(planned_end__gte=models.F("planned_start")),
                name="activity_planned_order",
            ),
            models.CheckConstraint(
                condition=Q(actual_end__isnull=True)
                | (Q(actual_start__isnull=False) & Q(actual_end__gte=models.F("actual_start"))),
                name="activity_actual_order",
            ),
            models.CheckConstraint(
                condition=Q(budget__isnull=True) | Q(budget__gte=0), name="activity_budget_positive"
            ),
        ]
        indexes = [
            # "My unit's activities" and the focal point's scope.
            models.Index(fields=["owner_unit", "status"], name="activity_unit_status"),
            # The focal point's desk pages a unit's activities on the books by planned start
            # (undated last, PostgreSQL's order for an ascending index) and key (issue 18).
            models.Index(
                fields=["owner_unit", "planned_start", "id"],
                condition=Q(archived_at=None),
                name="activity_unit_by_start",
            ),
            # Implementation rate and dormancy look for activities by actual dates.
            models.Index(fields=["actual_start", "actual_end"], name="activity_actual_dates"),
        ]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("plans:detail", args=[self.plan_id]) + f"#activity-{self.pk}"

    def clean(self) -> None:
        rules.validate_activity(self)

    @property
    def scope_unit_id(self) -> int | None:
        """The unit whose focal point may report on this activity."""
        return self.owner_unit_id


class Indicator(Record):
    """A measurable target on a plan or on one of its activities."""

    class Direction(models.TextChoices):
        INCREASE = "increase", _("Increase")
        DECREASE = "decrease", _("Decrease")
        MAINTAIN = "maintain", _("Maintain")

    class Frequency(models.TextChoices):
        QUARTERLY = "quarterly", _("Quarterly")
        HALF_YEARLY = "half_yearly", _("Half-yearly")
        YEARLY = "yearly", _("Yearly")

    plan = models.ForeignKey(
        ActionPlan, on_delete=models.PROTECT, related_name="indicators", verbose_name=_("plan")
    )
    # Empty for a plan-level indicator.
    activity = models.ForeignKey(
        Activity,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="indicators",
        verbose_name=_("activity"),
    )
    name = models.CharField(_("name"), max_length=300)
    unit = models.CharField(
        _("unit of measure"), max_length=60, help_text=_("For example: people, %, facilities.")
    )
    baseline = models.DecimalField(
        _("baseline"), max_digits=18, decimal_places=2, null=True, blank=True
    )
    target = models.DecimalField(_("target"), max_digits=18, decimal_places=2)
    direction = models.CharField(
        _("direction"), max_length=10, choices=Direction.choices, default=Direction.INCREASE
    )
    # How often results are due (a report per period; reminders follow it). Half-yearly by
    # default: the semester the overdue-report measure already assumes.
    frequency = models.CharField(
        _("reporting frequency"),
        max_length=12,
        choices=Frequency.choices,
        default=Frequency.HALF_YEARLY,
    )
    history = HistoricalRecords()

    class Meta:
        ordering = ["pk"]
        verbose_name = _("indicator")
        verbose_name_plural = _("indicators")

    def __str__(self) -> str:
        return self.name

    def clean(self) -> None:
        rules.validate_indicator(self)

    @property
    def scope_unit_id(self) -> int | None:
        return self.activity.owner_unit_id if self.activity_id else None  # type: ignore[union-attr]


class Result(Record):
    """A reported value of an indicator for one period, reviewed by the bureau."""

    class Status(models.TextChoices):
        SUBMITTED = "submitted", _("Submitted")
        RETURNED = "returned", _("Returned")
        APPROVED = "approved", _("Approved")

    indicator = models.ForeignKey(
        Indicator, on_delete=models.PROTECT, related_name="results", verbose_name=_("indicator")
    )
    period_start = models.DateField(_("period from"))
    period_end = models.DateField(_("period to"))
    value = models.DecimalField(_("value"), max_digits=18, decimal_places=2)
    note = models.TextField(_("note"), blank=True)
    evidence = models.ForeignKey(
        "documents.Document",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="results",
        verbose_name=_("evidence"),
    )
    status = models.CharField(
        _("status"), max_length=20, choices=Status.choices, default=Status.SUBMITTED
    )
    reported_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("reported by"),
    )
    reviewed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("reviewed by"),
    )
    reviewed_at = models.DateTimeField(_("reviewed"), null=True, blank=True)
    review_comment = models.TextField(_("review comment"), blank=True)
    history = HistoricalRecords()

    @property
    def awaiting_review(self) -> bool:
        """Submitted and not yet reviewed: only such a report can be approved or returned."""
        return self.status == self.Status.SUBMITTED

    @property
    def is_returned(self) -> bool:
        """Returned by the bureau: its reporter corrects and submits it again."""
        return self.status == self.Status.RETURNED

    class Meta:
        ordering = ["period_start", "pk"]
        verbose_name = _("result")
        verbose_name_plural = _("results")
        constraints = [
            models.CheckConstraint(
                condition=Q(period_end__gte=models.F("period_start")), name="result_period_order"
            ),
            models.UniqueConstraint(
                fields=["indicator", "period_start", "period_end"],
                condition=Q(archived_at__isnull=True),
                name="result_once_per_period",
            ),
        ]
        # Reports waiting for review, oldest first, read from this index a page at a time: at
        # scale 100 a third of five million results are submitted (issue 18, My week). The key
        # is in it so that the desk's pages, ordered by (updated_at, id), are read without a sort.
        indexes = [
            models.Index(
                fields=["updated_at", "id"],
                condition=Q(status="submitted", archived_at=None),
                name="result_waiting_review",
            )
        ]

    def __str__(self) -> str:
        return f"{self.indicator}: {self.value} ({self.period_start}–{self.period_end})"

    def clean(self) -> None:
        rules.validate_result(self)

    @property
    def scope_unit_id(self) -> int | None:
        return self.indicator.scope_unit_id


class FundingCommitment(Record):
    """Money committed to a partnership on its agreement (beside the activities' own budgets):
    who funds it, how much, and until when. Kept in plans, beside the activities' budgets, so
    that one rule reads both (plans.rules.funding_at_risk)."""

    agreement = models.ForeignKey(
        "agreements.Agreement",
        on_delete=models.PROTECT,
        related_name="funding_commitments",
        verbose_name=_("agreement"),
    )
    funder = models.CharField(_("funder"), max_length=200)
    source = models.CharField(_("kind of funding"), max_length=20, choices=Activity.Funding.choices)
    amount = models.DecimalField(
        _("amount"), max_digits=18, decimal_places=2, validators=[MinValueValidator(Decimal(0))]
    )
    currency = models.CharField(_("currency"), max_length=3)
    ends_on = models.DateField(_("funding ends on"))
    history = HistoricalRecords()

    class Meta:
        ordering = ["ends_on", "pk"]
        verbose_name = _("funding commitment")
        verbose_name_plural = _("funding commitments")
        constraints = [
            models.CheckConstraint(
                condition=Q(amount__gte=0), name="funding_commitment_amount_positive"
            ),
        ]
        indexes = [
            # The funding-at-risk rule: commitments ending within the next 12 months.
            models.Index(fields=["ends_on"], name="funding_commitment_ends"),
        ]

    def __str__(self) -> str:
        return f"{self.funder}: {self.amount} {self.currency}"

    def clean(self) -> None:
        rules.validate_commitment(self)


class Sustainability(models.Model):
    """What of a partnership continues after its funding ends, and who carries it."""

    agreement = models.OneToOneField(
        "agreements.Agreement", on_delete=models.CASCADE, related_name="sustainability"
    )
    what_continues = models.TextField(_("what continues after the funding ends"))
    carried_by = models.CharField(_("who carries it"), max_length=300)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("sustainability note")
        verbose_name_plural = _("sustainability notes")

    def __str__(self) -> str:
        return self.carried_by

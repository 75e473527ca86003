"""The rules a plan, an activity, an indicator and a result must keep, with their messages.

Models call these from `clean()`, so forms, services and the admin refuse the same things with
the same words; tests assert on the constants.
"""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING

import pycountry
from django.core.exceptions import ValidationError
from django.db.models import BooleanField, Case, ExpressionWrapper, F, Q, Value, When
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from mitra.core.periods import months_before
from mitra.core.validators import one_line

if TYPE_CHECKING:
    from decimal import Decimal

    from mitra.plans.models import ActionPlan, Activity, FundingCommitment, Indicator, Result

PLAN_PERIOD_ORDER = _("The plan's last year cannot be before its first year.")
PLAN_NEEDS_OWNER = _("A plan belongs to an agreement or, without one, to a partner.")
PLAN_APPROVAL_REQUIRED = _("An agreed plan needs its date of approval.")
PLANNED_END_BEFORE_START = _("The planned end cannot be before the planned start.")
ACTUAL_END_BEFORE_START = _("The actual end cannot be before the actual start.")
ACTUAL_END_WITHOUT_START = _("Give the actual start before the actual end.")
ACTUAL_IN_FUTURE = _("An actual date cannot be in the future; use the planned dates.")
CURRENCY_UNKNOWN = _("“%(code)s” is not an ISO 4217 currency code (e.g. IDR, USD, EUR).")
CURRENCY_REQUIRED = _("Give the currency of the budget.")
INDICATOR_ACTIVITY_OTHER_PLAN = _("The activity belongs to another plan.")
TARGET_WRONG_SIGN = _(
    "With direction “%(direction)s” the target must be %(comparison)s the baseline (%(baseline)s)."
)
TARGET_ABOVE = _("above")
TARGET_BELOW = _("below")
RESULT_PERIOD_ORDER = _("The period's end cannot be before its start.")
RESULT_OUTSIDE_PLAN = _("The period must fall within the plan's period, %(period)s.")
RESULT_PERIOD_TAKEN = _("A result for this period has already been reported.")
RESULT_RETURN_COMMENT = _("Say why the report is returned, so the unit can correct it.")
RESULT_NOT_SUBMITTED = _("Only a submitted report can be approved or returned.")
RESULT_LOCKED = _("An approved result can no longer be changed.")


def _one_line(obj: object, names: tuple[str, ...], errors: dict[str, list]) -> None:
    """Titles and names are one line without control characters (core.validators.one_line)."""
    for name in names:
        try:
            one_line(getattr(obj, name, ""))
        except ValidationError as exc:
            errors.setdefault(name, []).extend(exc.messages)


def validate_plan(plan: ActionPlan) -> None:
    errors: dict[str, list] = {}
    _one_line(plan, ("title",), errors)
    if plan.start_year and plan.end_year and plan.end_year < plan.start_year:
        errors.setdefault("end_year", []).append(PLAN_PERIOD_ORDER)
    if plan.agreement_id is None and plan.partner_id is None:
        errors.setdefault("agreement", []).append(PLAN_NEEDS_OWNER)
    if plan.status == "agreed" and plan.approved_on is None:
        errors.setdefault("approved_on", []).append(PLAN_APPROVAL_REQUIRED)
    if errors:
        raise ValidationError(errors)


def validate_activity(activity: Activity) -> None:
    errors: dict[str, list] = {}
    today = timezone.localdate()
    a = activity
    _one_line(a, ("title", "counterpart", "people_reached_label"), errors)
    if a.planned_start and a.planned_end and a.planned_end < a.planned_start:
        errors.setdefault("planned_end", []).append(PLANNED_END_BEFORE_START)
    if a.actual_end and not a.actual_start:
        errors.setdefault("actual_start", []).append(ACTUAL_END_WITHOUT_START)
    if a.actual_start and a.actual_end and a.actual_end < a.actual_start:
        errors.setdefault("actual_end", []).append(ACTUAL_END_BEFORE_START)
    for name in ("actual_start", "actual_end"):
        value = getattr(a, name)
        if value and value > today:
            errors.setdefault(name, []).append(ACTUAL_IN_FUTURE)
    if a.currency:
        a.currency = a.currency.strip().upper()
        if pycountry.currencies.get(alpha_3=a.currency) is None:
            errors.setdefault("currency", []).append(
                ValidationError(CURRENCY_UNKNOWN, params={"code": a.currency})
            )
    elif a.budget is not None:
        errors.setdefault("currency", []).append(CURRENCY_REQUIRED)
    if errors:
        raise ValidationError(errors)


def validate_commitment(commitment: FundingCommitment) -> None:
    errors: dict[str, list] = {}
    _one_line(commitment, ("funder",), errors)
    code = (commitment.currency or "").strip().upper()
    commitment.currency = code
    if code and pycountry.currencies.get(alpha_3=code) is None:
        errors.setdefault("currency", []).append(
            ValidationError(CURRENCY_UNKNOWN, params={"code": code})
        )
    if errors:
        raise ValidationError(errors)


# Seed 004 names funding and sustainability after the funding ends as two of the partnerships'
# three challenges: a partnership whose funding ends within this window, with nothing after it
# and no note on what continues, is flagged.
FUNDING_WINDOW = dt.timedelta(days=365)


def funding_at_risk(*, ends_on: dt.date | None, has_note: bool, today: dt.date) -> bool:
    """Whether a partnership's last funding ends within 12 months (or has ended) with no
    successor funding and no sustainability note. `ends_on` is its latest funding end."""
    return ends_on is not None and ends_on <= today + FUNDING_WINDOW and not has_note


def validate_indicator(indicator: Indicator) -> None:
    i = indicator
    names: dict[str, list] = {}
    _one_line(i, ("name", "unit"), names)
    if names:
        raise ValidationError(names)
    if i.activity_id and i.activity.plan_id != i.plan_id:  # type: ignore[union-attr]
        raise ValidationError({"activity": [INDICATOR_ACTIVITY_OTHER_PLAN]})
    if i.target is None:
        return
    baseline = i.baseline if i.baseline is not None else 0
    wrong = (i.direction == "increase" and i.target <= baseline) or (
        i.direction == "decrease" and i.target >= baseline
    )
    if wrong:
        raise ValidationError(
            {
                "target": [
                    ValidationError(
                        TARGET_WRONG_SIGN,
                        params={
                            "direction": i.get_direction_display(),
                            "comparison": TARGET_ABOVE
                            if i.direction == "increase"
                            else TARGET_BELOW,
                            "baseline": baseline,
                        },
                    )
                ]
            }
        )


def validate_result(result: Result) -> None:
    r = result
    if not (r.period_start and r.period_end):
        return  # the fields' own "required" messages say it
    if r.period_end < r.period_start:
        raise ValidationError({"period_end": [RESULT_PERIOD_ORDER]})
    plan = r.indicator.plan
    if r.period_start < plan.first_day or r.period_end > plan.last_day:
        raise ValidationError(
            {"period_start": [ValidationError(RESULT_OUTSIDE_PLAN, params={"period": plan.period})]}
        )


# The derived "delayed" status: planned but not started by its planned start, or ongoing past
# its planned end. Pages, the API, exports and services all read it from here.


def delayed_q(today: dt.date | None = None) -> Q:
    """Activities that are delayed as of today (queryset form)."""
    from mitra.plans.models import Activity

    today = today or timezone.localdate()
    a = Activity.Status
    return Q(status=a.PLANNED, planned_start__lt=today) | Q(status=a.ONGOING, planned_end__lt=today)


def activity_status(today: dt.date | None = None) -> Case:
    """The current status as a database expression: "delayed" where `delayed_q` holds."""
    from mitra.plans.models import Activity

    today = today or timezone.localdate()
    a = Activity.Status
    return Case(
        When(status=a.PLANNED, planned_start__lt=today, then=Value(a.DELAYED.value)),
        When(status=a.ONGOING, planned_end__lt=today, then=Value(a.DELAYED.value)),
        default=F("status"),
    )


def is_delayed(activity: Activity, today: dt.date | None = None) -> bool:
    """Whether one activity is delayed as of today (single-object form of `delayed_q`)."""
    from mitra.plans.models import Activity

    today = today or timezone.localdate()
    a = Activity.Status
    if activity.status == a.PLANNED and activity.planned_start:
        return activity.planned_start < today
    if activity.status == a.ONGOING and activity.planned_end:
        return activity.planned_end < today
    return False


def current_status(activity: Activity, today: dt.date | None = None) -> str:
    """The status a person sees: the stored one, or "delayed" when `is_delayed`."""
    from mitra.plans.models import Activity

    return Activity.Status.DELAYED.value if is_delayed(activity, today) else str(activity.status)


def delayed_flag(today: dt.date | None = None) -> ExpressionWrapper:
    """`delayed_q` as a column, to annotate each activity with `late`."""
    return ExpressionWrapper(delayed_q(today), output_field=BooleanField())


# Recent work: what the measures of an agreement (implementation rate, dormancy) count.
WINDOW_MONTHS = 12


def recent_activity_q(today: dt.date | None = None, prefix: str = "") -> Q:
    """An activity that was under way at some time in the last 12 months.

    Started (actual start on or before today), not cancelled, and not ended before the window.
    """
    from mitra.plans.models import Activity

    today = today or timezone.localdate()
    since = months_before(today, WINDOW_MONTHS)
    a = Activity.Status
    return Q(
        **{
            f"{prefix}archived_at__isnull": True,
            f"{prefix}status__in": [a.ONGOING, a.COMPLETED, a.DELAYED],
            f"{prefix}actual_start__lte": today,
        }
    ) & (Q(**{f"{prefix}actual_end__isnull": True}) | Q(**{f"{prefix}actual_end__gte": since}))


# Results are reported at least every semester.
REPORTING_MONTHS = 6


def report_due_since(today: dt.date | None = None) -> dt.date:
    """An indicator is due a report when it has none for a period ending on or after this day."""
    return months_before(today or timezone.localdate(), REPORTING_MONTHS)


def attainment(indicator: Indicator, value: Decimal | None) -> float | None:
    """How far a value has come from the baseline to the target, between 0 and 1."""
    from decimal import Decimal

    from mitra.plans.models import Indicator

    if value is None:
        return None
    baseline = indicator.baseline if indicator.baseline is not None else Decimal(0)
    if indicator.direction == Indicator.Direction.MAINTAIN:
        if indicator.target == 0:
            return 1.0 if value >= 0 else 0.0
        return float(max(Decimal(0), min(Decimal(1), value / indicator.target)))
    span = indicator.target - baseline
    if span == 0:
        return None
    return float(max(Decimal(0), min(Decimal(1), (value - baseline) / span)))

"""Writes to action plans: plans, activities, indicators, and the reporting of results."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from mitra.core import history
from mitra.core.errors import NotAllowed
from mitra.core.permissions import NOT_ALLOWED, can, require
from mitra.documents import services as document_services
from mitra.documents.models import Document
from mitra.plans import rules
from mitra.plans.models import (
    ActionPlan,
    Activity,
    FundingCommitment,
    Indicator,
    Result,
    Sustainability,
)
from mitra.plans.schemas import (
    DELIVERY_FIELDS,
    ActivityChanges,
    CommitmentIn,
    IndicatorChanges,
)

PLAN_FIELDS = ("title", "start_year", "end_year", "status", "approved_on", "summary")


def _save(obj: Any, user: Any) -> Any:
    history.stamp(obj, by=user)
    obj.full_clean()
    obj.save()
    return obj


def _change(obj: Any, user: Any, fields: dict[str, Any]) -> Any:
    """Set the fields and save; when the record is refused, the object in hand is as it was."""
    before = {name: getattr(obj, name) for name in fields}
    for name, value in fields.items():
        setattr(obj, name, value)
    try:
        return _save(obj, user)
    except ValidationError:
        for name, value in before.items():
            setattr(obj, name, value)
        raise


_KEEP: Any = object()


@transaction.atomic
def plan_create(
    *,
    user: Any,
    title: str,
    start_year: int,
    end_year: int,
    agreement: Any = None,
    partner: Any = None,
    status: str = ActionPlan.Status.PROPOSED,
    approved_on: dt.date | None = None,
    summary: str = "",
) -> ActionPlan:
    """Start an action plan under an agreement, or with a partner when there is no agreement."""
    require(user, "plan.change")
    plan = ActionPlan(
        title=title,
        start_year=start_year,
        end_year=end_year,
        agreement=agreement,
        partner=partner,
        status=status,
        approved_on=approved_on,
        summary=summary,
    )
    return _save(plan, user)


@transaction.atomic
def plan_update(
    *,
    user: Any,
    plan: ActionPlan,
    title: str = _KEEP,
    start_year: int = _KEEP,
    end_year: int = _KEEP,
    status: str = _KEEP,
    approved_on: dt.date | None = _KEEP,
    summary: str = _KEEP,
) -> ActionPlan:
    """Change a plan's title, period, status, approval or summary (those given)."""
    require(user, "plan.change", plan)
    given = {
        "title": title,
        "start_year": start_year,
        "end_year": end_year,
        "status": status,
        "approved_on": approved_on,
        "summary": summary,
    }
    return _change(plan, user, {k: v for k, v in given.items() if v is not _KEEP})


@transaction.atomic
def plan_archive(*, user: Any, plan: ActionPlan, restore: bool = False) -> ActionPlan:
    """Take a plan out of the lists (or bring it back); its record and history stay."""
    require(user, "plan.change", plan)
    plan.archived_at = None if restore else (plan.archived_at or timezone.now())
    history.stamp(plan, by=user)
    plan.save(update_fields=["archived_at", "updated_at"])
    return plan


@transaction.atomic
def activity_create(
    *,
    user: Any,
    plan: ActionPlan,
    title: str,
    description: str = "",
    kind: str = Activity.Kind.OTHER,
    horizon: str = "",
    area: Any = None,
    owner_unit: Any = None,
    counterpart: str = "",
    planned_start: dt.date | None = None,
    planned_end: dt.date | None = None,
    actual_start: dt.date | None = None,
    actual_end: dt.date | None = None,
    status: str = Activity.Status.PLANNED,
    budget: Decimal | None = None,
    currency: str = "",
    funding_source: str = "",
    people_reached: int | None = None,
    people_reached_label: str = "",
    outputs: str = "",
) -> Activity:
    """Add an activity to a plan."""
    require(user, "plan.change", plan)
    activity = Activity(
        plan=plan,
        title=title,
        description=description,
        kind=kind,
        horizon=horizon,
        area=area,
        owner_unit=owner_unit,
        counterpart=counterpart,
        planned_start=planned_start,
        planned_end=planned_end,
        actual_start=actual_start,
        actual_end=actual_end,
        status=status,
        budget=budget,
        currency=currency,
        funding_source=funding_source,
        people_reached=people_reached,
        people_reached_label=people_reached_label,
        outputs=outputs,
    )
    return _save(activity, user)


@transaction.atomic
def activity_update(*, user: Any, activity: Activity, changes: ActivityChanges) -> Activity:
    """Change an activity: the bureau all of it, the owner unit's focal point its delivery.

    Only the fields `changes` gives change; a refused change leaves the activity as it was.
    """
    require(user, "activity.change", activity)
    fields = changes.given()
    if not can(user, "plan.change") and set(fields) - set(DELIVERY_FIELDS):
        raise NotAllowed(NOT_ALLOWED)
    return _change(activity, user, fields)


def _status_changes(activity: Activity, status: str, on: dt.date) -> dict[str, Any]:
    """A status with the actual dates it implies: starting or completing records them."""
    changes: dict[str, Any] = {"status": status}
    if status in (Activity.Status.ONGOING, Activity.Status.COMPLETED) and not activity.actual_start:
        changes["actual_start"] = on
    if status == Activity.Status.COMPLETED and not activity.actual_end:
        changes["actual_end"] = on
    if status in (Activity.Status.PLANNED, Activity.Status.ONGOING) and activity.actual_end:
        changes["actual_end"] = None  # reopened: it has not ended after all
    return changes


@transaction.atomic
def activity_set_status(
    *, user: Any, activity: Activity, status: str, on: dt.date | None = None
) -> Activity:
    """Move an activity to a status; starting or completing it records the actual dates."""
    on = on or timezone.localdate()
    changes = ActivityChanges(**_status_changes(activity, status, on))
    return activity_update(user=user, activity=activity, changes=changes)


@transaction.atomic
def activity_deliver(
    *, user: Any, activity: Activity, changes: ActivityChanges, on: dt.date | None = None
) -> Activity:
    """Report delivery (status, actual dates, reach, outputs) in one write: all of it or none.

    A status given brings the actual dates it implies; dates given explicitly win over those.
    """
    on = on or timezone.localdate()
    fields = changes.given()
    status = fields.pop("status", None)
    implied = _status_changes(activity, status, on) if status else {}
    if not implied and not fields:
        require(user, "activity.change", activity)
        return activity
    merged = ActivityChanges(**{**implied, **fields})
    return activity_update(user=user, activity=activity, changes=merged)


@transaction.atomic
def activity_attach_evidence(
    *, user: Any, activity: Activity, upload: UploadedFile, title: str
) -> Document:
    """Store an evidence file (checked by content and size) and link it to the activity."""
    require(user, "activity.change", activity)
    history.stamp(activity, by=user)
    document = document_services.document_store(
        upload=upload, title=title, kind=Document.Kind.REPORT, user=user
    )
    activity.documents.add(document)
    return document


@transaction.atomic
def indicator_create(
    *,
    user: Any,
    plan: ActionPlan,
    name: str,
    unit: str,
    target: Decimal,
    baseline: Decimal | None = None,
    direction: str = Indicator.Direction.INCREASE,
    activity: Activity | None = None,
    frequency: str = Indicator.Frequency.HALF_YEARLY,
) -> Indicator:
    """Add an indicator to a plan, or to one of its activities (`activity=`)."""
    require(user, "plan.change", plan)
    indicator = Indicator(
        plan=plan,
        name=name,
        unit=unit,
        target=target,
        baseline=baseline,
        direction=direction,
        activity=activity,
        frequency=frequency,
    )
    return _save(indicator, user)


@transaction.atomic
def indicator_update(*, user: Any, indicator: Indicator, changes: IndicatorChanges) -> Indicator:
    """Change an indicator's name, unit, baseline, target, direction or activity (those given);
    a refused change leaves it as it was."""
    require(user, "plan.change", indicator.plan)
    return _change(indicator, user, changes.given())


@transaction.atomic
def result_report(
    *,
    user: Any,
    indicator: Indicator,
    period_start: dt.date,
    period_end: dt.date,
    value: Decimal,
    note: str = "",
    evidence: UploadedFile | None = None,
) -> Result:
    """Submit a result for one period: the bureau, or the focal point of the owner unit."""
    require(user, "result.report", indicator)
    result = Result(
        indicator=indicator,
        period_start=period_start,
        period_end=period_end,
        value=value,
        note=note,
        reported_by=user,
    )
    history.stamp(result, by=user)
    result.full_clean(validate_constraints=False)
    _check_period_free(result)
    if evidence is not None:
        result.evidence = document_services.document_store(
            upload=evidence, title=str(indicator), kind=Document.Kind.REPORT, user=user
        )
    return _save_result(result)


@transaction.atomic
def result_resubmit(
    *,
    user: Any,
    result: Result,
    value: Decimal,
    note: str = "",
    period_start: dt.date | None = None,
    period_end: dt.date | None = None,
) -> Result:
    """Correct a returned (or not yet reviewed) report and submit it again."""
    require(user, "result.report", result)
    if result.status == Result.Status.APPROVED:
        raise ValidationError(rules.RESULT_LOCKED, code="locked")
    result.value, result.note = value, note
    if period_start is not None:
        result.period_start = period_start
    if period_end is not None:
        result.period_end = period_end
    result.status = Result.Status.SUBMITTED
    result.reported_by = user
    history.stamp(result, by=user)
    result.full_clean(validate_constraints=False)
    _check_period_free(result)
    return _save_result(result)


def _check_period_free(result: Result) -> None:
    taken = Result.objects.active().filter(
        indicator_id=result.indicator_id,
        period_start=result.period_start,
        period_end=result.period_end,
    )
    if result.pk:
        taken = taken.exclude(pk=result.pk)
    if taken.exists():
        raise ValidationError({"period_start": [rules.RESULT_PERIOD_TAKEN]})


def _save_result(result: Result) -> Result:
    try:
        with transaction.atomic():
            result.save()
    except IntegrityError as exc:  # a report for the same period saved a moment earlier
        raise ValidationError({"period_start": [rules.RESULT_PERIOD_TAKEN]}) from exc
    return result


def _review(user: Any, result: Result, status: str, comment: str) -> Result:
    require(user, "result.review", result)
    if not result.awaiting_review:
        raise ValidationError(rules.RESULT_NOT_SUBMITTED, code="not_submitted")
    result.status = status
    result.review_comment = comment
    result.reviewed_by = user
    result.reviewed_at = timezone.now()
    history.stamp(result, by=user)
    result.save()
    return result


@transaction.atomic
def result_approve(*, user: Any, result: Result, comment: str = "") -> Result:
    """Accept a submitted report: its value now counts toward the indicator's attainment."""
    return _review(user, result, Result.Status.APPROVED, comment.strip())


@transaction.atomic
def result_return(*, user: Any, result: Result, comment: str) -> Result:
    """Send a submitted report back to the unit with the reason."""
    if not comment.strip():
        require(user, "result.review", result)
        raise ValidationError({"review_comment": [rules.RESULT_RETURN_COMMENT]})
    return _review(user, result, Result.Status.RETURNED, comment.strip())


FUNDER_REQUIRED = _("Name who funds it.")
WHAT_CONTINUES_REQUIRED = _("Say what continues after the funding ends.")
CARRIED_BY_REQUIRED = _("Say who carries it after the funding ends.")


@transaction.atomic
def commitment_add(*, user: Any, agreement: Any, data: CommitmentIn) -> FundingCommitment:
    """Record money committed to a partnership on its agreement, with the date it ends."""
    require(user, "plan.change")
    if not data.funder.strip():
        raise ValidationError({"funder": [FUNDER_REQUIRED]})
    commitment = FundingCommitment(
        agreement=agreement,
        funder=data.funder.strip(),
        source=data.source,
        amount=data.amount,
        currency=data.currency,
        ends_on=data.ends_on,
    )
    return _save(commitment, user)


@transaction.atomic
def commitment_archive(*, user: Any, commitment: FundingCommitment) -> FundingCommitment:
    """Take a commitment off the partnership (recorded in error); its history stays."""
    require(user, "plan.change")
    commitment.archived_at = timezone.now()
    return _save(commitment, user)


@transaction.atomic
def sustainability_set(
    *, user: Any, agreement: Any, what_continues: str, carried_by: str
) -> Sustainability:
    """Say what of the partnership continues after its funding ends, and who carries it."""
    require(user, "plan.change")
    errors: dict[str, list[Any]] = {}
    if not what_continues.strip():
        errors["what_continues"] = [WHAT_CONTINUES_REQUIRED]
    if not carried_by.strip():
        errors["carried_by"] = [CARRIED_BY_REQUIRED]
    if errors:
        raise ValidationError(errors)
    note = Sustainability.objects.filter(agreement=agreement).first() or Sustainability(
        agreement=agreement
    )
    note.what_continues = what_continues.strip()
    note.carried_by = carried_by.strip()
    return _save(note, user)

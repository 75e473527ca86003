"""Writes of clearance: start, approve, return, resubmit, escalate; versions of the text;
archiving a template. Every write is stamped in its history and tells the next people."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Max
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from mitra.accounts.models import User
from mitra.agreements.models import Agreement
from mitra.clearance import rules
from mitra.clearance.models import (
    Clearance,
    ClearanceStep,
    ClearanceTemplate,
    StepDecision,
    TextVersion,
)
from mitra.core import history
from mitra.core.permissions import require
from mitra.documents.models import Document
from mitra.notifications import services as notification_services
from mitra.notifications.models import Kind
from mitra.sharing import selectors as sharing_selectors
from mitra.sharing import services as sharing_services

NOT_A_DRAFT = _("Only a draft (exploring or negotiating) can go through clearance.")
ALREADY_OPEN = _("A clearance of this agreement is already under way.")
ALREADY_CLEARED = _("This agreement is already cleared for signature.")
NO_TEMPLATE = _("No clearance template is set up: the administrator adds one first.")
TEMPLATE_ARCHIVED = _("The template “%(template)s” is archived and cannot start a clearance.")
NO_VERSION = _("Attach the draft text (a document of kind “Draft”) before starting clearance.")
NO_RESPONSIBLE_UNIT = _(
    "The step “%(step)s” is done by the agreement's responsible unit: name that unit first."
)
NO_ASSIGNEE = _("Nobody can do the step “%(step)s” (%(assignee)s): no active user fits.")
NOT_UNDER_WAY = _("This clearance is not awaiting a decision.")
NOT_RETURNED = _("Only a returned clearance can be resubmitted.")
BAD_BACK_TO = _("Return to this step or to an earlier one that applies.")
COMMENT_REQUIRED = _("Say what must change: a return needs a comment.")
TEMPLATE_IN_USE = _(
    "The template “%(template)s” is in use by %(count)d clearance(s) under way: it can be "
    "archived once they are finished."
)


def _url(agreement: Agreement) -> str:
    return reverse("clearance:page", args=[agreement.pk])


def _params(agreement: Agreement, step: ClearanceStep | None = None) -> dict[str, Any]:
    params: dict[str, Any] = {"title": agreement.title, "title_en": agreement.title_en}
    if step is not None:
        params.update(label=step.name_id, label_en=step.name_en)
    return params


def _tell(users: Any, kind: str, agreement: Agreement, step: ClearanceStep | None) -> None:
    seen: set[int] = set()
    for user in users:
        if user.pk in seen:
            continue
        seen.add(user.pk)
        notification_services.notify(
            recipient=user, kind=kind, params=_params(agreement, step), url=_url(agreement)
        )


def _save(record: Any, by: Any, reason: str | None = None) -> None:
    history.stamp(record, by=by, reason=reason)
    record.save()


def _make_current(step: ClearanceStep, *, by: Any, now: dt.datetime) -> None:
    step.state = ClearanceStep.State.CURRENT
    step.started_at = now
    step.escalated_at = None
    _save(step, by)
    _tell(rules.assignees(step), Kind.CLEARANCE_STEP, step.clearance.agreement, step)


def _advance(clearance: Clearance, *, by: Any, now: dt.datetime) -> None:
    """Make the first applicable step not yet approved the current one, or clear the text."""
    nxt = (
        clearance.steps.filter(state=ClearanceStep.State.WAITING)
        .select_related("unit", "clearance__agreement")
        .order_by("order")
        .first()
    )
    if nxt is not None:
        _make_current(nxt, by=by, now=now)
        return
    clearance.status = Clearance.Status.APPROVED
    clearance.finished_at = now
    _save(clearance, by, "cleared for signature")
    _tell([clearance.started_by], Kind.CLEARANCE_DONE, clearance.agreement, None)


def latest_version(agreement: Agreement) -> TextVersion | None:
    return TextVersion.objects.filter(agreement=agreement).order_by("-number").first()


@transaction.atomic
def clearance_start(
    *,
    user: Any,
    agreement: Agreement,
    template: ClearanceTemplate | None = None,
    now: dt.datetime | None = None,
) -> Clearance:
    """Start a draft's clearance: copy the template's steps (resolving the responsible unit and
    each step's condition now), lock the text and tell the first step's assignees."""
    require(user, "clearance.start", agreement)
    now = now or timezone.now()
    Agreement.objects.select_for_update().filter(pk=agreement.pk).first()  # one start at a time
    if agreement.status not in (Agreement.Status.EXPLORING, Agreement.Status.NEGOTIATING):
        raise ValidationError(NOT_A_DRAFT, code="not_a_draft")
    latest = rules.latest_clearance(agreement)
    if latest is not None and latest.status != Clearance.Status.APPROVED:
        raise ValidationError(ALREADY_OPEN, code="already_open")
    if latest is not None:
        raise ValidationError(ALREADY_CLEARED, code="already_cleared")
    if template is None:
        template = ClearanceTemplate.objects.active().filter(is_default=True).first()
        if template is None:
            raise ValidationError(NO_TEMPLATE, code="no_template")
    if template.is_archived:
        raise ValidationError(
            TEMPLATE_ARCHIVED, code="template_archived", params={"template": template.name}
        )
    if latest_version(agreement) is None:
        raise ValidationError(NO_VERSION, code="no_version")
    clearance = Clearance(agreement=agreement, template=template, started_by=user, started_at=now)
    _save(clearance, user, "clearance started")
    for t in template.steps.select_related("unit").order_by("order"):
        unit = agreement.responsible_unit if t.responsible_unit else t.unit
        if t.responsible_unit and unit is None:
            raise ValidationError(
                NO_RESPONSIBLE_UNIT, code="no_responsible_unit", params={"step": t.name}
            )
        applies = rules.condition_holds(t.condition, agreement)
        step = ClearanceStep(
            clearance=clearance,
            order=t.order,
            name_id=t.name_id,
            name_en=t.name_en,
            role=t.role,
            unit=unit,
            mode=t.mode,
            days=t.days,
            condition=t.condition,
            state=ClearanceStep.State.WAITING if applies else ClearanceStep.State.SKIPPED,
        )
        if applies and not rules.assignees(step).exists():
            raise ValidationError(
                NO_ASSIGNEE,
                code="no_assignee",
                params={"step": step.name, "assignee": rules.assignee_label(step)},
            )
        _save(step, user)
        _share_with_step_organisation(user, agreement, step)
    clearance.agreement = agreement
    _advance(clearance, by=user, now=now)
    return clearance


def _share_with_step_organisation(user: Any, agreement: Agreement, step: ClearanceStep) -> None:
    """A step done by another ministry (the Kemenlu consultation) needs its members to read the
    draft: starting the clearance shares the agreement with that organisation, as an officer
    would on the agreement's page (and, like that, in the share's history; revoked there)."""
    unit = step.unit
    if (
        step.state == ClearanceStep.State.SKIPPED
        or unit is None
        or unit.kind not in sharing_selectors.ORGANISATION_KINDS
        or sharing_selectors.shares_of(user=user, agreement=agreement).filter(unit=unit).exists()
    ):
        return
    sharing_services.share_create(user=user, agreement=agreement, unit=unit)


def _current(agreement: Agreement) -> tuple[Clearance, ClearanceStep]:
    clearance = (
        Clearance.objects.select_for_update()
        .filter(agreement=agreement, status=Clearance.Status.IN_PROGRESS)
        .select_related("agreement", "started_by")
        .first()
    )
    if clearance is None:
        raise ValidationError(NOT_UNDER_WAY, code="not_under_way")
    step = clearance.steps.select_related("unit").get(state=ClearanceStep.State.CURRENT)
    step.clearance = clearance
    return clearance, step


@transaction.atomic
def step_approve(
    *, user: Any, agreement: Agreement, comment: str = "", now: dt.datetime | None = None
) -> StepDecision:
    """Approve the step awaiting a decision, for the latest version of the text; with "every"
    the step is done once each of its assignees approved, with "any" at once."""
    require(user, "clearance.decide", agreement)
    now = now or timezone.now()
    clearance, step = _current(agreement)
    rules.check_decide(user, step, approving=True)
    decision = StepDecision(
        step=step,
        user=user,
        outcome=StepDecision.Outcome.APPROVED,
        comment=comment.strip(),
        version=latest_version(agreement),
        decided_at=now,
    )
    _save(decision, user)
    if step.mode == "every":
        approved = set(
            step.decisions.filter(
                outcome=StepDecision.Outcome.APPROVED, superseded_at__isnull=True
            ).values_list("user_id", flat=True)
        )
        if set(rules.assignees(step).values_list("pk", flat=True)) - approved:
            return decision  # others of the step still to approve
    step.state = ClearanceStep.State.APPROVED
    _save(step, user)
    _advance(clearance, by=user, now=now)
    return decision


@transaction.atomic
def step_return(
    *,
    user: Any,
    agreement: Agreement,
    comment: str,
    back_to: int | None = None,
    now: dt.datetime | None = None,
) -> StepDecision:
    """Return the text for revision from the step awaiting a decision, back to that step or an
    earlier one (`back_to`, a step's order): the steps from there on are reset, their notes
    kept and marked as reset. The drafter and everyone who approved a step are told."""
    require(user, "clearance.decide", agreement)
    now = now or timezone.now()
    if not comment.strip():
        raise ValidationError({"comment": [COMMENT_REQUIRED]})
    clearance, step = _current(agreement)
    rules.check_decide(user, step, approving=False)
    target = step.order if back_to is None else back_to
    applicable = clearance.steps.exclude(state=ClearanceStep.State.SKIPPED)
    if target > step.order or not applicable.filter(order=target).exists():
        raise ValidationError({"back_to": [BAD_BACK_TO]})
    approvers = set(
        StepDecision.objects.filter(
            step__clearance=clearance, outcome=StepDecision.Outcome.APPROVED
        ).values_list("user_id", flat=True)
    )
    reset = applicable.filter(order__gte=target)
    for decision in StepDecision.objects.filter(step__in=reset, superseded_at__isnull=True):
        decision.superseded_at = now
        _save(decision, user, "reset by a return")
    for later in reset:
        later.state = ClearanceStep.State.WAITING
        later.started_at = None
        _save(later, user, "reset by a return")
    decision = StepDecision(
        step=step,
        user=user,
        outcome=StepDecision.Outcome.RETURNED,
        comment=comment.strip(),
        version=latest_version(agreement),
        decided_at=now,
        superseded_at=now,  # a return is a note on the version returned, not a standing vote
    )
    _save(decision, user)
    clearance.status = Clearance.Status.RETURNED
    _save(clearance, user, "returned for revision")
    told = [clearance.started_by, *User.objects.filter(pk__in=approvers).exclude(pk=user.pk)]
    _tell(told, Kind.CLEARANCE_RETURN, agreement, step)
    return decision


@transaction.atomic
def clearance_resubmit(
    *, user: Any, agreement: Agreement, now: dt.datetime | None = None
) -> Clearance:
    """Send a returned clearance on again from the step that returned it."""
    require(user, "clearance.start", agreement)
    now = now or timezone.now()
    clearance = (
        Clearance.objects.select_for_update()
        .filter(agreement=agreement, status__in=[Clearance.Status.RETURNED])
        .select_related("agreement", "started_by")
        .first()
    )
    if clearance is None:
        raise ValidationError(NOT_RETURNED, code="not_returned")
    clearance.status = Clearance.Status.IN_PROGRESS
    _save(clearance, user, "resubmitted")
    _advance(clearance, by=user, now=now)
    return clearance


def version_record(agreement: Agreement, document: Document, kind: str, user: Any) -> None:
    """Number a draft attached to an agreement as its next version of the text (called by
    agreements.services.agreement_attach_document through agreements.guards)."""
    if kind != Document.Kind.DRAFT:
        return
    if TextVersion.objects.filter(agreement=agreement, document=document).exists():
        return  # the same bytes attached again are the same version
    last = TextVersion.objects.filter(agreement=agreement).aggregate(n=Max("number"))["n"] or 0
    version = TextVersion(
        agreement=agreement,
        document=document,
        number=last + 1,
        added_by=user if getattr(user, "is_authenticated", False) else None,
        added_at=timezone.now(),
    )
    _save(version, user)


@transaction.atomic
def template_archive(*, user: Any, template: ClearanceTemplate) -> ClearanceTemplate:
    """Archive a template (templates are never deleted); refused while a clearance made from it
    is under way or returned."""
    require(user, "reference.change")
    in_use = template.clearances.filter(
        status__in=[Clearance.Status.IN_PROGRESS, Clearance.Status.RETURNED]
    ).count()
    if in_use:
        raise ValidationError(
            TEMPLATE_IN_USE,
            code="template_in_use",
            params={"template": template.name, "count": in_use},
        )
    if template.archived_at is None:
        template.archived_at = timezone.now()
        template.is_default = False
        _save(template, user, "archived")
    return template


def clearances_escalate(*, now: dt.datetime | None = None) -> int:
    """Tell the bureau's officers and the assignees of every step past its time limit, once
    per time the step became current (the step's `escalated_at` is the ledger)."""
    now = now or timezone.now()
    steps = ClearanceStep.objects.filter(
        state=ClearanceStep.State.CURRENT,
        clearance__status=Clearance.Status.IN_PROGRESS,
        escalated_at__isnull=True,
        started_at__isnull=False,
    ).select_related("clearance__agreement", "unit")
    count = 0
    for step in steps:
        due = step.due_at
        if due is None or due > now:
            continue
        with transaction.atomic():
            locked = ClearanceStep.objects.select_for_update().get(pk=step.pk)
            if locked.escalated_at is not None:
                continue  # another run got there first
            step.escalated_at = now
            _save(step, None, "past its time limit")
            officers = User.objects.filter(is_active=True, role=User.Role.OFFICER)
            _tell(
                [*officers, *rules.assignees(step)],
                Kind.CLEARANCE_LATE,
                step.clearance.agreement,
                step,
            )
        count += 1
    return count

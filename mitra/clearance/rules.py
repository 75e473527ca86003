"""The named rules of clearance: who does a step, when a step applies, what is locked, and the
checks agreements calls before a signature or an edit (registered in apps.ClearanceConfig)."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.core.exceptions import ValidationError
from django.db.models import QuerySet
from django.utils.translation import gettext_lazy as _

from mitra.accounts.models import User
from mitra.agreements import guards
from mitra.agreements.models import Agreement
from mitra.clearance.models import Clearance, ClearanceStep, Condition, StepDecision
from mitra.core.errors import NotAllowed
from mitra.partners.models import Partner

SIGN_BEFORE_CLEARANCE = _(
    "This agreement cannot be signed yet: its clearance is not finished (waiting for “%(step)s”)."
)
SIGN_AFTER_RETURN = _(
    "This agreement cannot be signed yet: its clearance was returned for revision and must be "
    "resubmitted and approved."
)
TEXT_LOCKED = _(
    "The text is locked while its clearance is under way or cleared for signature: "
    "%(fields)s cannot change now."
)
NOT_ASSIGNEE = _("Only %(assignee)s may decide the step “%(step)s”.")
SAME_PERSON = _(
    "You approved the step “%(other)s” of this clearance; “%(step)s” needs someone else."
)
ALREADY_DECIDED = _("You have already approved the step “%(step)s”.")

# The fields of the text a clearance reviews (the agreement's other fields — reference numbers,
# responsible unit, public flag, place of signature — stay editable: they are the bureau's
# bookkeeping, not what the parties will sign).
LOCKED_FIELDS: dict[str, Any] = {
    "title": _("the title"),
    "title_en": _("the English title"),
    "kind": _("the type"),
    "summary": _("the summary"),
    "parties": _("the parties"),
    "areas": _("the cooperation areas"),
    "parent": _("the parent agreement"),
    "date_in_force": _("the entry into force"),
    "date_expiry": _("the expiry"),
    "renewal": _("the renewal"),
    "notice_period_days": _("the notice period"),
    "partnership_type": _("the partnership type"),
    "cooperation_model": _("the cooperation model"),
    guards.DRAFT_TEXT: _("the draft text (a new version)"),
}

# Parties that make an agreement one with a foreign government (Law 24/2000's international
# agreements): a country, or a foreign government agency.
GOVERNMENT_KINDS = frozenset({Partner.Kind.COUNTRY, Partner.Kind.AGENCY})


def condition_holds(condition: str, agreement: Agreement) -> bool:
    """Whether a step with this condition applies to the agreement."""
    if condition == Condition.FOREIGN_GOVERNMENT:
        return agreement.parties.filter(partner__kind__in=GOVERNMENT_KINDS).exists()
    return True


def assignees(step: ClearanceStep) -> QuerySet[User]:
    """The active users who may decide the step (viewers never do)."""
    users = User.objects.filter(is_active=True).exclude(role=User.Role.VIEWER)
    if step.role:
        users = users.filter(role=step.role)
    if step.unit_id is not None:
        users = users.filter(unit_id=step.unit_id)
    return users.order_by("username")


def is_assignee(user: Any, step: ClearanceStep) -> bool:
    if not getattr(user, "is_authenticated", False) or not user.is_active:
        return False
    if user.role == User.Role.VIEWER:
        return False
    if step.role and user.role != step.role:
        return False
    return step.unit_id is None or user.unit_id == step.unit_id


def assignee_label(step: ClearanceStep) -> str:
    """Who does the step, in words: “Bureau officer, Biro Hukum”."""
    parts = []
    if step.role:
        parts.append(str(User.Role(step.role).label))
    if step.unit is not None:
        parts.append(str(step.unit))
    return ", ".join(parts)


def open_clearance(agreement: Agreement) -> Clearance | None:
    return (
        Clearance.objects.filter(
            agreement=agreement,
            status__in=[Clearance.Status.IN_PROGRESS, Clearance.Status.RETURNED],
        )
        .select_related("agreement")
        .first()
    )


def latest_clearance(agreement: Agreement) -> Clearance | None:
    return Clearance.objects.filter(agreement=agreement).order_by("-started_at", "-pk").first()


def text_locked(agreement: Agreement, clearance: Clearance | None) -> bool:
    """The text is locked while a clearance is under way, and once cleared until signature;
    a returned clearance gives it back to the drafter to revise."""
    if clearance is None:
        return False
    if clearance.status == Clearance.Status.IN_PROGRESS:
        return True
    return clearance.status == Clearance.Status.APPROVED and agreement.status in (
        Agreement.Status.EXPLORING,
        Agreement.Status.NEGOTIATING,
    )


def current_step(clearance: Clearance) -> ClearanceStep | None:
    return clearance.steps.filter(state=ClearanceStep.State.CURRENT).first()


def check_sign(agreement: Agreement) -> None:
    """Refuse a signature while the agreement's latest clearance is not approved.

    An agreement that never had a clearance may be signed as before: the registry holds
    agreements signed long before Mitra (and records them as signed); a clearance, once
    started, must be finished.
    """
    clearance = latest_clearance(agreement)
    if clearance is None or clearance.status == Clearance.Status.APPROVED:
        return
    if clearance.status == Clearance.Status.RETURNED:
        raise ValidationError(SIGN_AFTER_RETURN, code="clearance_returned")
    step = current_step(clearance)
    raise ValidationError(
        SIGN_BEFORE_CLEARANCE,
        code="clearance_pending",
        params={"step": step.name if step else "?"},
    )


def check_edit(agreement: Agreement, fields: Callable[[], frozenset[str]]) -> None:
    """Refuse a change of the text's fields while the text is locked; nothing is written."""
    if agreement.pk is None or not text_locked(agreement, latest_clearance(agreement)):
        return
    locked = [name for name in LOCKED_FIELDS if name in fields()]
    if locked:
        raise ValidationError(
            TEXT_LOCKED,
            code="text_locked",
            params={"fields": ", ".join(str(LOCKED_FIELDS[name]) for name in locked)},
        )


def check_decide(user: Any, step: ClearanceStep, *, approving: bool) -> None:
    """Refuse a decision by someone who is not the step's assignee, a second approval of the
    same step by one person, and one person approving two steps (each needs its own people)."""
    if not is_assignee(user, step):
        raise NotAllowed(NOT_ASSIGNEE % {"assignee": assignee_label(step), "step": step.name})
    if not approving:
        return
    mine = StepDecision.objects.filter(
        step__clearance_id=step.clearance_id,
        user=user,
        outcome=StepDecision.Outcome.APPROVED,
        superseded_at__isnull=True,
    ).select_related("step")
    for decision in mine:
        if decision.step_id == step.pk:
            raise ValidationError(
                ALREADY_DECIDED, code="already_decided", params={"step": step.name}
            )
        raise ValidationError(
            SAME_PERSON,
            code="same_person",
            params={"other": decision.step.name, "step": step.name},
        )

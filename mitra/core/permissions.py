"""The one place that answers "may this user do this to this object?".

Services call `require`; templates ask `can` (through the `can` filter) only to hide buttons
that would be refused anyway.
"""

from __future__ import annotations

from typing import Any

from django.apps import apps
from django.utils.translation import gettext_lazy as _

from mitra.core.errors import NotAllowed

OFFICER = "officer"
ADMIN = "admin"
FOCAL = "focal"
COORDINATION = "coordination"
VIEWER = "viewer"

# Registry writes belong to the bureau; administrators keep users and reference data.
_RULES: dict[str, frozenset[str]] = {
    "partner.create": frozenset({OFFICER}),
    "partner.change": frozenset({OFFICER}),
    "partner.archive": frozenset({OFFICER}),
    "contact.change": frozenset({OFFICER}),
    "agreement.create": frozenset({OFFICER}),
    "agreement.change": frozenset({OFFICER}),
    "agreement.transition": frozenset({OFFICER}),
    "agreement.archive": frozenset({OFFICER}),
    "document.attach": frozenset({OFFICER}),
    "plan.change": frozenset({OFFICER}),
    "activity.change": frozenset({OFFICER, FOCAL}),
    "result.report": frozenset({OFFICER, FOCAL}),
    "result.review": frozenset({OFFICER}),
    "meeting.change": frozenset({OFFICER}),
    "followup.change": frozenset({OFFICER, FOCAL}),
    # An obligation's occurrence is done by the bureau or by its owner unit's focal point.
    "obligation.complete": frozenset({OFFICER, FOCAL}),
    "intake.submit": frozenset({OFFICER}),
    "intake.review": frozenset({OFFICER}),
    "reference.change": frozenset({ADMIN}),
    # Clearance before signature: the bureau starts and resubmits; a step is decided by its
    # assignees (clearance.rules.is_assignee narrows these roles to the step's role or unit).
    "clearance.start": frozenset({OFFICER}),
    "clearance.decide": frozenset({ADMIN, OFFICER, FOCAL, COORDINATION}),
    "history.view": frozenset({ADMIN, OFFICER, FOCAL, COORDINATION}),
    "agreement.view_restricted": frozenset({ADMIN, OFFICER, FOCAL}),
    # Meetings, follow-ups and plans without a public agreement are internal to the ministry.
    "internal.view": frozenset({ADMIN, OFFICER, FOCAL}),
    # A coordination member (another ministry, an embassy) reads only what is shared with their
    # organisation (sharing.selectors), and may comment on it; the bureau shares.
    "shared.view": frozenset({COORDINATION}),
    "agreement.share": frozenset({OFFICER}),
    # Comments are the government's discussion of a record it reads (comments.selectors).
    "comment.read": frozenset({ADMIN, OFFICER, FOCAL, COORDINATION}),
    "comment.post": frozenset({ADMIN, OFFICER, FOCAL, COORDINATION}),
    "question.answer": frozenset({OFFICER}),
    # The treaty record (issue 14 §3) is the bureau's file for the foreign ministry: read inside
    # the ministry, kept by the bureau. Coordination members read nothing of it for now.
    "treaty.view": frozenset({ADMIN, OFFICER, FOCAL}),
    "treaty.change": frozenset({OFFICER}),
    # The health globalisation team (§6): a coordination member reads it only when their
    # organisation is a member (team.rules.may_read adds that condition).
    "team.view": frozenset({ADMIN, OFFICER, FOCAL, COORDINATION}),
    "team.change": frozenset({OFFICER}),
    # Trade figures and the roadmap of potential are the ministry's own working material:
    # coordination members get them once the sharing rules say so (issue 15).
    "trade.view": frozenset({ADMIN, OFFICER, FOCAL}),
    "trade.import": frozenset({OFFICER}),
    "roadmap.view": frozenset({ADMIN, OFFICER, FOCAL}),
    "roadmap.change": frozenset({OFFICER}),
    # Health-security liaison (issue 15 §1): the ministry's own emergency channels. The bureau
    # keeps the directory; the focal points (Ditjen P2P holds the IHR focal point) log notices.
    "liaison.view": frozenset({ADMIN, OFFICER, FOCAL}),
    "liaison.change": frozenset({OFFICER}),
    "liaison.notice": frozenset({OFFICER, FOCAL}),
}

# A focal point acts only on what their own unit owns: the object's `scope_unit_id`.
_UNIT_SCOPED: dict[str, frozenset[str]] = {
    "activity.change": frozenset({FOCAL}),
    "result.report": frozenset({FOCAL}),
    "followup.change": frozenset({FOCAL}),
    "obligation.complete": frozenset({FOCAL}),
}

# The actions above that only read (named so: ….view, ….read); every other one changes something.
_READS = frozenset(a for a in _RULES if a.endswith((".view", ".read", ".view_restricted")))

NOT_ALLOWED = _("Your role does not allow this action.")
OTHER_UNIT = _("Only %(unit)s's own focal point may change this.")


def role_of(user: Any) -> str | None:
    if user is None or not getattr(user, "is_authenticated", False) or not user.is_active:
        return None
    return str(user.role)


def can(user: Any, action: str, obj: Any = None) -> bool:
    """Whether the user may perform `action` (on `obj`, where the object matters)."""
    if action == "agreement.view":
        return can_view_agreement(user, obj)
    if action not in _RULES:
        raise KeyError(f"unknown action {action!r}")
    role = role_of(user)
    if role is None or role not in _RULES[action]:
        return False
    if role in _UNIT_SCOPED.get(action, ()):
        # Without an object there is nothing to scope by: refuse rather than guess.
        unit_id = getattr(obj, "scope_unit_id", None)
        return unit_id is not None and unit_id == user.unit_id
    return True


def writes_nothing(user: Any) -> bool:
    """Whether no action that changes data is open to the user's role (a viewer): the API then
    refuses a write before reading its body, so a malformed body is answered as forbidden, not
    as invalid."""
    role = role_of(user)
    return not any(role in roles for action, roles in _RULES.items() if action not in _READS)


def unit_scoped(user: Any, action: str) -> bool:
    """Whether the user may perform `action` only on what their own unit owns (a focal point):
    lists of what they act on are then their unit's."""
    role = role_of(user)
    return role is not None and role in _UNIT_SCOPED.get(action, ())


def require(user: Any, action: str, obj: Any = None) -> None:
    """Raise NotAllowed unless the user may perform the action."""
    if not can(user, action, obj):
        role = role_of(user)
        if role in _UNIT_SCOPED.get(action, ()) and role in _RULES[action]:
            raise NotAllowed(OTHER_UNIT % {"unit": _owner_unit_name(obj)})
        raise NotAllowed(NOT_ALLOWED)


def _owner_unit_name(obj: Any) -> str:
    # Looked up by name: core is the lowest layer and imports no app above it.
    unit_model = apps.get_model("accounts", "Unit")
    unit_id = getattr(obj, "scope_unit_id", None)
    unit = unit_model._default_manager.filter(pk=unit_id).first() if unit_id is not None else None
    return str(unit) if unit else str(_("the owner unit"))


def can_view_agreement(user: Any, agreement: Any) -> bool:
    """Viewers read only what is marked public; the ministry's roles read the whole registry.

    A coordination member's agreements depend on what is shared with their organisation, which
    only agreements.selectors.visible_to can tell (core sits below sharing): False here.
    """
    role = role_of(user)
    if role is None:
        return False
    if role in _RULES["agreement.view_restricted"]:
        return True
    return bool(agreement is not None and agreement.is_public)

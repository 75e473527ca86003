"""The one place that answers "may this user do this to this object?".

Services call `require`; templates ask `can` (through the `can` filter) only to hide buttons
that would be refused anyway.
"""

from __future__ import annotations

from typing import Any

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
    "reference.change": frozenset({ADMIN}),
    "history.view": frozenset({ADMIN, OFFICER, FOCAL, COORDINATION}),
    "agreement.view_restricted": frozenset({ADMIN, OFFICER, FOCAL, COORDINATION}),
}

NOT_ALLOWED = _("Your role does not allow this action.")


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
    return role is not None and role in _RULES[action]


def require(user: Any, action: str, obj: Any = None) -> None:
    """Raise NotAllowed unless the user may perform the action."""
    if not can(user, action, obj):
        raise NotAllowed(NOT_ALLOWED)


def can_view_agreement(user: Any, agreement: Any) -> bool:
    """Viewers read only what is marked public; every other role reads the whole registry."""
    role = role_of(user)
    if role is None:
        return False
    if role in _RULES["agreement.view_restricted"]:
        return True
    return bool(agreement is not None and agreement.is_public)

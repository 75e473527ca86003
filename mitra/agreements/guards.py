"""Hooks through which an app above agreements may refuse a signature or a change of the text.

agreements may not import the apps above it (the import-linter layers), yet clearance must be
able to say "not before every step is approved". It registers its checks here from its
AppConfig.ready; the services below call them, so the pages and the API are refused alike.
A check raises a ValidationError to refuse; a listener is told of a document just attached.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from mitra.agreements.models import Agreement

SignCheck = Callable[["Agreement"], None]
# The fields are asked for only by a check that locks something: computing them costs queries.
EditCheck = Callable[["Agreement", Callable[[], frozenset[str]]], None]
# (agreement, the stored documents.Document, its kind, who attached it)
AttachListener = Callable[["Agreement", Any, str, Any], None]

_sign_checks: list[SignCheck] = []
_edit_checks: list[EditCheck] = []
_attach_listeners: list[AttachListener] = []

# The name under which a new draft text counts as a change in an EditCheck's field set.
DRAFT_TEXT = "draft_text"


def on_sign(check: SignCheck) -> SignCheck:
    if check not in _sign_checks:
        _sign_checks.append(check)
    return check


def on_edit(check: EditCheck) -> EditCheck:
    if check not in _edit_checks:
        _edit_checks.append(check)
    return check


def on_attach(listener: AttachListener) -> AttachListener:
    if listener not in _attach_listeners:
        _attach_listeners.append(listener)
    return listener


def check_sign(agreement: Agreement) -> None:
    """Raise the first refusal of a registered check to signing this agreement."""
    for check in _sign_checks:
        check(agreement)


def check_edit(agreement: Agreement, fields: Callable[[], frozenset[str]]) -> None:
    """Raise the first refusal of a registered check to changing the fields `fields()` names."""
    for check in _edit_checks:
        check(agreement, fields)


def attached(agreement: Agreement, document: Any, kind: str, user: Any) -> None:
    for listener in _attach_listeners:
        listener(agreement, document, kind, user)

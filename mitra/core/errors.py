"""Domain errors that services raise and views turn into messages in the user's language."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404

__all__ = ["NotAllowed", "NotFound", "ValidationError"]


class NotAllowed(PermissionDenied):
    """The user's role does not allow this action on this object."""


class NotFound(Http404):
    """No such record, or none the user may read: both answer 404, so nothing is disclosed."""

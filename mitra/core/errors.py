"""Domain errors that services raise and views turn into messages in the user's language."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied, ValidationError

__all__ = ["NotAllowed", "ValidationError"]


class NotAllowed(PermissionDenied):
    """The user's role does not allow this action on this object."""

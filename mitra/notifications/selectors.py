"""Reads: a user's own notifications and choices (nobody reads another's)."""

from __future__ import annotations

from typing import Any

from django.db.models import QuerySet

from mitra.notifications.models import ALWAYS_IMMEDIATE, Kind, Mode, Notification, Preference


def unread_count(*, user: Any) -> int:
    """The bell's number: one indexed count."""
    if not getattr(user, "is_authenticated", False):
        return 0
    return Notification.objects.filter(recipient=user, read_at__isnull=True).count()


def notifications_for(*, user: Any) -> QuerySet[Notification]:
    return Notification.objects.filter(recipient=user).order_by("-created_at", "-pk")


def preferences_for(*, user: Any) -> list[tuple[str, str, str, bool]]:
    """(kind, label, mode, fixed) for every kind; a kind without a choice is e-mailed at once."""
    chosen = dict(Preference.objects.filter(user=user).values_list("kind", "mode"))
    return [
        (
            kind.value,
            str(kind.label),
            chosen.get(kind.value, Mode.IMMEDIATE.value),
            kind in ALWAYS_IMMEDIATE,
        )
        for kind in Kind
    ]

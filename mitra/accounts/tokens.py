"""Personal API tokens: created (shown once) and revoked by their owner, checked by hash."""

from __future__ import annotations

import hashlib
import secrets
from typing import Any

from django.db import transaction
from django.utils import timezone

from mitra.accounts.models import ApiToken, User

PREFIX = "mitra_"


def _hash(raw: str) -> str:
    return hashlib.sha256(raw.encode()).hexdigest()


@transaction.atomic
def token_create(*, user: Any, name: str) -> tuple[ApiToken, str]:
    """A new token; the raw value is returned once and never stored."""
    raw = PREFIX + secrets.token_urlsafe(32)
    token = ApiToken.objects.create(
        user=user,
        name=name.strip()[:100] or "API",
        prefix=raw[len(PREFIX) : len(PREFIX) + 6],
        key_hash=_hash(raw),
    )
    return token, raw


@transaction.atomic
def token_revoke(*, user: Any, token: ApiToken) -> None:
    if token.user_id == user.pk and token.revoked_at is None:
        token.revoked_at = timezone.now()
        token.save(update_fields=["revoked_at"])


def user_for(raw: str) -> User | None:
    """The active user a raw token belongs to, if it is valid and not revoked."""
    if not raw or not raw.startswith(PREFIX):
        return None
    token = (
        ApiToken.objects.select_related("user")
        .filter(key_hash=_hash(raw), revoked_at__isnull=True, user__is_active=True)
        .first()
    )
    if token is None:
        return None
    now = timezone.now()
    if token.last_used_at is None or (now - token.last_used_at).total_seconds() > 300:
        ApiToken.objects.filter(pk=token.pk).update(last_used_at=now)  # at most every 5 min
    return token.user

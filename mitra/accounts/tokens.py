"""Personal API tokens: created (shown once) and revoked by their owner, checked by hash."""

from __future__ import annotations

import datetime as dt
import hashlib
import secrets
from typing import Any

from axes.handlers.proxy import AxesProxyHandler
from django.conf import settings
from django.contrib.auth.signals import user_login_failed
from django.db import transaction
from django.db.models import Q
from django.http import HttpRequest
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
        expires_at=timezone.now() + dt.timedelta(days=settings.TOKEN_DAYS),
    )
    return token, raw


@transaction.atomic
def token_revoke(*, user: Any, token: ApiToken) -> None:
    if token.user_id == user.pk and token.revoked_at is None:
        token.revoked_at = timezone.now()
        token.save(update_fields=["revoked_at"])


def user_for(raw: str) -> User | None:
    """The active user a raw token belongs to, if it is valid, not expired and not revoked."""
    if not raw or not raw.startswith(PREFIX):
        return None
    now = timezone.now()
    token = (
        ApiToken.objects.select_related("user")
        .filter(key_hash=_hash(raw), revoked_at__isnull=True, user__is_active=True)
        .filter(Q(expires_at__isnull=True) | Q(expires_at__gt=now))
        .first()
    )
    if token is None:
        return None
    if token.last_used_at is None or (now - token.last_used_at).total_seconds() > 300:
        ApiToken.objects.filter(pk=token.pk).update(last_used_at=now)  # at most every 5 min
    return token.user


def user_for_request(request: HttpRequest, raw: str) -> User | None:
    """`user_for`, guarded like the login page: a wrong token counts as a failed sign-in from
    the caller's address, and a locked address is refused before any token is looked up (the
    lockout middleware then answers 429 with the time to try again)."""
    if not raw:
        return None
    from mitra.accounts.lockout import TOKEN_CREDENTIALS

    if not AxesProxyHandler.is_allowed(request, TOKEN_CREDENTIALS):
        request.axes_locked_out = True  # type: ignore[attr-defined]
        return None
    user = user_for(raw)
    if user is None:
        user_login_failed.send(sender=__name__, credentials=TOKEN_CREDENTIALS, request=request)
    return user

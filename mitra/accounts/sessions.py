"""Signed-in sessions: recorded at sign-in, touched while used, listed and ended by an
administrator (the session is deleted at once, so its cookie opens nothing any more)."""

from __future__ import annotations

from typing import Any

from django.contrib.sessions.models import Session
from django.db import transaction
from django.db.models import Exists, OuterRef, QuerySet
from django.http import HttpRequest
from django.utils import timezone

from mitra.accounts.models import SignedInSession
from mitra.core import security
from mitra.core.permissions import require


def session_opened(request: HttpRequest, user: Any) -> None:
    """Record a sign-in (called from the login signal, after Django has issued a new key)."""
    key = request.session.session_key
    if not key:
        return
    SignedInSession.objects.update_or_create(
        session_key=key,
        defaults={
            "user": user,
            "address": security.address_of(request) or "",
            "user_agent": request.headers.get("User-Agent", "")[:300],
        },
    )


def session_seen(request: HttpRequest) -> None:
    key = request.session.session_key
    if key:
        SignedInSession.objects.filter(session_key=key).update(last_seen_at=timezone.now())


def session_closed(session_key: str | None) -> None:
    """The person signed out."""
    if session_key:
        SignedInSession.objects.filter(session_key=session_key, ended_at__isnull=True).update(
            ended_at=timezone.now()
        )


def sessions_active() -> QuerySet[SignedInSession]:
    """Sign-ins whose session still exists and has not expired (idle ones expire on their own)."""
    live = Session.objects.filter(
        session_key=OuterRef("session_key"), expire_date__gt=timezone.now()
    )
    return (
        SignedInSession.objects.filter(ended_at__isnull=True)
        .filter(Exists(live))
        .select_related("user")
    )


@transaction.atomic
def session_end(*, user: Any, record: SignedInSession, request: HttpRequest | None = None) -> None:
    """End someone's session now: they are signed out at their next request."""
    require(user, "reference.change")
    Session.objects.filter(session_key=record.session_key).delete()
    record.ended_at = timezone.now()
    record.ended_by = user
    record.save(update_fields=["ended_at", "ended_by"])
    security.event("session-ended", request, user=user, of=record.user.get_username())

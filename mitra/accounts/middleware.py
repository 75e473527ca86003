"""Sessions that end after a time without use (MITRA_SESSION_IDLE_MINUTES)."""

from __future__ import annotations

import time
from collections.abc import Callable

from django.http import HttpRequest, HttpResponse

from mitra.accounts import sessions

# How often an active session's expiry is pushed forward: a write per minute, not per request.
TOUCH_SECONDS = 60


def session_activity_seen(request: HttpRequest) -> None:
    """Mark the session used now (its expiry moves forward when it is saved)."""
    request.session["seen"] = int(time.time())


def _idle_for(request: HttpRequest) -> float:
    return time.time() - int(request.session.get("seen", 0))


def session_activity(
    get_response: Callable[[HttpRequest], HttpResponse],
) -> Callable[[HttpRequest], HttpResponse]:
    """Keeps a signed-in session alive while it is used. The session (and its cookie) expire
    SESSION_COOKIE_AGE after the last touch, so an idle one ends on its own."""

    def middleware(request: HttpRequest) -> HttpResponse:
        if request.user.is_authenticated and _idle_for(request) >= TOUCH_SECONDS:
            session_activity_seen(request)  # modified: saved with a new expiry
            sessions.session_seen(request)
        return get_response(request)

    return middleware

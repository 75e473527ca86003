"""Sessions that end after a time without use (MITRA_SESSION_IDLE_MINUTES)."""

from __future__ import annotations

import time
from collections.abc import Callable

from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.http import urlencode
from django.utils.translation import gettext as _

from mitra.accounts import sessions, two_factor

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


# What a signed-in person may reach before their second factor: the second factor itself,
# signing out, the language switch, and what carries no data.
BEFORE_SECOND_FACTOR = (
    "/accounts/two-factor/",
    "/accounts/logout/",
    "/i18n/",
    "/static/",
    "/healthz",
)


def second_factor(
    get_response: Callable[[HttpRequest], HttpResponse],
) -> Callable[[HttpRequest], HttpResponse]:
    """After the password, an officer or administrator with an authenticator app (or without
    one while MITRA_REQUIRE_2FA=true) reaches nothing until the code is given."""

    def middleware(request: HttpRequest) -> HttpResponse:
        step = two_factor.pending(request)
        if step and not request.path.startswith(BEFORE_SECOND_FACTOR):
            if request.path.startswith("/api/"):
                message = _("Enter the code from your authenticator app first.")
                return JsonResponse({"code": "second_factor", "message": message}, status=401)
            target = reverse("otp_verify" if step == two_factor.VERIFY else "otp_setup")
            return redirect(f"{target}?{urlencode({'next': request.get_full_path()})}")
        return get_response(request)

    return middleware

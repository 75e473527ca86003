"""Logins, failed logins and lockouts in the security log (one line each)."""

from __future__ import annotations

from typing import Any

from axes.signals import user_locked_out
from django.contrib.auth.signals import user_logged_in, user_logged_out, user_login_failed
from django.dispatch import receiver
from django.http import HttpRequest

from mitra.accounts import sessions, two_factor
from mitra.accounts.middleware import session_activity_seen
from mitra.core import security


@receiver(user_logged_in)
def _logged_in(sender: Any, request: HttpRequest | None, user: Any, **kwargs: Any) -> None:
    security.event("login", request, user=user)
    if request is not None and hasattr(request, "session"):
        session_activity_seen(request)
        sessions.session_opened(request, user)
        two_factor.remember_at_sign_in(request, user)


@receiver(user_logged_out)
def _logged_out(sender: Any, request: HttpRequest | None, user: Any, **kwargs: Any) -> None:
    if user is not None:
        security.event("logout", request, user=user)
    if request is not None and hasattr(request, "session"):
        sessions.session_closed(request.session.session_key)


@receiver(user_login_failed)
def _login_failed(
    sender: Any, credentials: dict[str, Any], request: HttpRequest | None = None, **kwargs: Any
) -> None:
    # Django has already masked the password; only the name typed is kept.
    kind = "token-refused" if credentials.get("api_token") else "login-failed"
    security.event(kind, request, user=str(credentials.get("username") or "-"))


@receiver(user_locked_out)
def _locked_out(
    sender: Any, request: HttpRequest | None, username: str | None, ip_address: str, **kw: Any
) -> None:
    security.event("locked-out", request, user=str(username or "-"))

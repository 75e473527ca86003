"""The lockout check in front of Django's password check (django-axes)."""

from __future__ import annotations

from typing import Any

from axes.backends import AxesStandaloneBackend
from django.http import HttpRequest


class LockoutBackend(AxesStandaloneBackend):
    """django-axes' check, which refuses a locked user name or address before the password is
    looked at. A call without a request (a management command checking a password) has no
    address to count against and nothing to lock out, so it passes to the next backend instead
    of raising as axes does; every web sign-in passes its request."""

    def authenticate(  # type: ignore[override]
        self,
        request: HttpRequest | None,
        username: str | None = None,
        password: str | None = None,
        **kwargs: Any,
    ) -> None:
        if request is None:
            return None
        return super().authenticate(request, username, password, **kwargs)  # type: ignore[arg-type]

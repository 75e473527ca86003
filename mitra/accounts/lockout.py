"""What a locked-out person is told (django-axes' AXES_LOCKOUT_CALLABLE)."""

from __future__ import annotations

import datetime as dt
from typing import Any

from axes.helpers import get_cool_off
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import render
from django.utils import timezone
from django.utils.formats import time_format
from django.utils.translation import gettext as _

# A wrong password counts against the user name and, separately, against the address; a wrong
# API token names no user, so it counts against the address alone.
BY_USER_AND_ADDRESS: list[str | list[str]] = ["username", "ip_address"]
BY_ADDRESS: list[str | list[str]] = ["ip_address"]
TOKEN_CREDENTIALS: dict[str, Any] = {"username": None, "api_token": True}

STATUS = 429  # Too Many Requests: the right answer, and not a 403 an API client would misread


def parameters(
    request_or_attempt: Any, credentials: dict[str, Any] | None
) -> list[str | list[str]]:
    """django-axes' AXES_LOCKOUT_PARAMETERS: what a failure is counted against."""
    if credentials and credentials.get("api_token"):
        return BY_ADDRESS
    return BY_USER_AND_ADDRESS


def retry_at(request: HttpRequest) -> Any:
    """When the lock ends: each failure, even while locked, starts the cool-off again."""
    return timezone.localtime(timezone.now() + (get_cool_off(request) or dt.timedelta()))


def message(request: HttpRequest) -> str:
    return _(
        "Too many failed sign-ins from this account or this address. "
        "Try again after %(time)s, or ask an administrator to unlock it."
    ) % {"time": time_format(retry_at(request), "H:i")}


def locked_out(
    request: HttpRequest,
    original_response: HttpResponse | None = None,
    credentials: dict[str, Any] | None = None,
) -> HttpResponse:
    """The login page again, with the time to come back; JSON for the API."""
    if request.path.startswith("/api/"):
        return JsonResponse({"code": "locked_out", "message": message(request)}, status=STATUS)
    context = {"message": message(request), "retry_at": retry_at(request)}
    return render(request, "accounts/locked_out.html", context, status=STATUS)

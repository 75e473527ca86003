"""The security log (`mitra.security`): one line per login, lockout and refused request, with
the user and the address, never a traceback, a query string or a token."""

from __future__ import annotations

import ipaddress
import logging
from typing import Any

from django.conf import settings
from django.http import HttpRequest

log = logging.getLogger("mitra.security")


def _ip(value: str | None) -> str | None:
    try:
        return str(ipaddress.ip_address((value or "").strip()))
    except ValueError:
        return None


def address_of(request: HttpRequest) -> str | None:
    """The caller's IP address, or None when there is none (a test request, a broken header).

    Behind the HTTPS proxy (MITRA_SECURE_PROXY) it is the entry the proxy appended to
    X-Forwarded-For, the last one: the earlier ones are the caller's to forge. Without a proxy
    the header is anybody's, and only the socket's address counts. Only a well-formed address
    is returned: django-axes stores it in an address column, which PostgreSQL checks."""
    if settings.SECURE_PROXY:
        forwarded = _ip(request.META.get("HTTP_X_FORWARDED_FOR", "").rsplit(",", 1)[-1])
        if forwarded:
            return forwarded
    return _ip(request.META.get("REMOTE_ADDR"))


def client_address(request: HttpRequest | None) -> str:
    return (address_of(request) if request is not None else None) or "-"


def _name(user: Any) -> str:
    if user is None or not getattr(user, "is_authenticated", False):
        return "-"
    return str(user.get_username())


def _clean(value: object) -> str:
    # One line, whatever a caller typed into a user name.
    return " ".join(str(value).split())[:150] or "-"


def event(kind: str, request: HttpRequest | None, *, user: Any = None, **fields: object) -> None:
    """Write one line: `<kind> user=… addr=… key=value…`."""
    who = _clean(user) if isinstance(user, str) else _name(user)
    if user is None and request is not None:
        who = _name(getattr(request, "user", None))
    extra = "".join(f" {k}={_clean(v)}" for k, v in fields.items())
    log.info("%s user=%s addr=%s%s", kind, who, client_address(request), extra)

"""HTTP helpers for views: the request type with django-htmx's `request.htmx`, a safe `next`."""

from __future__ import annotations

from django.http import HttpRequest
from django.utils.http import url_has_allowed_host_and_scheme
from django_htmx.middleware import HtmxDetails

# Stored documents are served as this type, whatever was uploaded, always as an attachment.
SAFE_DOWNLOAD_TYPE = "application/octet-stream"


class HtmxHttpRequest(HttpRequest):
    htmx: HtmxDetails


def next_url(request: HttpRequest, fallback: str) -> str:
    """Where to go after a POST: the form's `next` when it is a path on this site, else fallback.

    Anything else (another host, a scheme-relative `//host`, `javascript:`) would make Mitra an
    open redirect, so it is ignored.
    """
    target = request.POST.get("next") or request.GET.get("next") or ""
    if target and url_has_allowed_host_and_scheme(
        target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return target
    return fallback

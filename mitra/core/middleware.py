"""Requests refused before any view looks at them."""

from __future__ import annotations

from collections.abc import Callable

from django.http import HttpRequest, HttpResponse, HttpResponseBadRequest, JsonResponse
from django.utils.translation import gettext as _

from mitra.core import security

FORM = "application/x-www-form-urlencoded"


def refuse_nul_characters(
    get_response: Callable[[HttpRequest], HttpResponse],
) -> Callable[[HttpRequest], HttpResponse]:
    """A NUL character ("%00" in the path, a query or form value; escaped in a JSON body): no
    text field can hold it, and PostgreSQL refuses it outright. Answered with 400 (422 from the
    API, like any invalid input) and a sentence in the user's language, whatever view the
    request was for, on either database."""

    def middleware(request: HttpRequest) -> HttpResponse:
        values = [request.path, *(v for _k, vs in request.GET.lists() for v in vs)]
        if request.method == "POST" and request.content_type == FORM:
            values += [v for _k, vs in request.POST.lists() for v in vs]
        nul = any("\x00" in v for v in values)
        if request.content_type == "application/json":
            nul = nul or b"\\u0000" in request.body
        if nul:
            message = _("The request contains a NUL character, which no field can hold.")
            if request.path.startswith("/api/"):
                return JsonResponse({"code": "invalid", "message": message}, status=422)
            return HttpResponseBadRequest(message, content_type="text/plain; charset=utf-8")
        return get_response(request)

    return middleware


# A refusal: not signed in (401), not allowed or CSRF failed (403), locked out (429).
REFUSED = frozenset({401, 403, 429})


def log_refusals(
    get_response: Callable[[HttpRequest], HttpResponse],
) -> Callable[[HttpRequest], HttpResponse]:
    """Every refused request in the security log, pages and API alike: one line with the user,
    the address, the method and the path (the path only: a query can carry a token)."""

    def middleware(request: HttpRequest) -> HttpResponse:
        response = get_response(request)
        if response.status_code in REFUSED:
            security.event(
                "refused",
                request,
                status=response.status_code,
                method=request.method,
                path=request.path,
            )
        return response

    return middleware

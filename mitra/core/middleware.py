"""Requests refused before any view looks at them."""

from __future__ import annotations

from collections.abc import Callable

from django.http import HttpRequest, HttpResponse, HttpResponseBadRequest, JsonResponse
from django.utils.translation import gettext as _

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

"""The JSON API, /api/v1/: one NinjaAPI, a router per app, the services' rules and roles.

Errors are JSON `{"code", "message", "fields"?}` in the user's language: 401 without a session or
a valid token, 403 when the role does not allow it, 404, 422 for invalid input.
"""

from __future__ import annotations

from typing import Any

from django.core.exceptions import ValidationError
from django.db import DataError
from django.http import Http404, HttpRequest, HttpResponse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_safe
from ninja import NinjaAPI
from ninja.errors import AuthenticationError
from ninja.errors import HttpError as NinjaHttpError
from ninja.errors import ValidationError as NinjaValidationError
from ninja.openapi.docs import Swagger
from ninja.openapi.schema import OpenAPISchema
from ninja.security import HttpBearer
from ninja.security import SessionAuth as DjangoSessionAuth
from ninja.types import DictStrAny

from mitra.accounts.tokens import user_for_request
from mitra.core.errors import NotAllowed
from mitra.core.permissions import NOT_ALLOWED, writes_nothing

_SAFE = frozenset({"GET", "HEAD", "OPTIONS"})


def _gate(request: HttpRequest, user: Any) -> Any:
    """A role that may change nothing is refused any write at once, before its body is read."""
    if user is not None and request.method not in _SAFE and writes_nothing(user):
        raise NotAllowed(NOT_ALLOWED)
    return user


class TokenAuth(HttpBearer):
    """`Authorization: Bearer mitra_…`, a personal token from the profile page."""

    def authenticate(self, request: HttpRequest, token: str) -> Any:
        user = user_for_request(request, token)
        if user is not None:
            request.user = user
        return _gate(request, user)


class SessionAuth(DjangoSessionAuth):
    """The signed-in session (pages' htmx and scripts), with the same gate for writes."""

    def authenticate(self, request: HttpRequest, key: str | None) -> Any:
        return _gate(request, super().authenticate(request, key))


# The one shape of every error the handlers below produce; `fields` names what was invalid.
ERROR_SCHEMA: dict[str, Any] = {
    "title": "Error",
    "type": "object",
    "properties": {
        "code": {"type": "string", "title": "Code"},
        "message": {"type": "string", "title": "Message"},
        "fields": {
            "type": "object",
            "title": "Fields",
            "additionalProperties": {"type": "array", "items": {"type": "string"}},
        },
    },
    "required": ["code", "message"],
}

# Every operation can answer these (authentication and roles apply to the whole API).
ERROR_RESPONSES = {
    "401": "Not logged in, and no valid API token.",
    "403": "The user's role does not allow this action.",
    "404": "No such record, or none this user may read.",
    "422": "The request is not valid; `fields` names what is wrong.",
}

_METHODS = frozenset({"get", "put", "post", "patch", "delete", "head", "options", "trace"})


class MitraAPI(NinjaAPI):
    """Adds the error component and the error responses to every operation of the document,
    in one place rather than on each endpoint."""

    def get_openapi_schema(
        self, *, path_prefix: str | None = None, path_params: DictStrAny | None = None
    ) -> OpenAPISchema:
        schema = super().get_openapi_schema(path_prefix=path_prefix, path_params=path_params)
        schema.setdefault("components", {}).setdefault("schemas", {})["Error"] = ERROR_SCHEMA
        error = {"application/json": {"schema": {"$ref": "#/components/schemas/Error"}}}
        for item in schema["paths"].values():
            for method, operation in item.items():
                if method not in _METHODS:
                    continue
                responses = operation.setdefault("responses", {})
                for status, description in ERROR_RESPONSES.items():
                    responses.setdefault(status, {"description": description, "content": error})
        return schema


api = MitraAPI(
    title="Mitra API",
    version="1",
    description="Partners, agreements, plans, meetings and documents of the bureau's registry.",
    auth=[TokenAuth(), SessionAuth()],
    docs=Swagger(),
    docs_decorator=require_safe,  # the document and its page are read, never posted to
    urls_namespace="api",
)


def _error(
    request: HttpRequest, status: int, code: str, message: str, **extra: Any
) -> HttpResponse:
    return api.create_response(request, {"code": code, "message": message, **extra}, status=status)


@api.exception_handler(AuthenticationError)
def _unauthorised(request: HttpRequest, exc: Exception) -> HttpResponse:
    return _error(request, 401, "unauthorized", _("Log in, or send a valid API token."))


@api.exception_handler(NotAllowed)
def _forbidden(request: HttpRequest, exc: Exception) -> HttpResponse:
    return _error(request, 403, "forbidden", str(exc) or _("Your role does not allow this action."))


@api.exception_handler(Http404)
def _not_found(request: HttpRequest, exc: Exception) -> HttpResponse:
    return _error(request, 404, "not_found", str(exc) or _("Not found."))


@api.exception_handler(ValidationError)
def _invalid(request: HttpRequest, exc: ValidationError) -> HttpResponse:
    fields = (
        {k: [str(m) for m in v] for k, v in exc.message_dict.items()}
        if hasattr(exc, "error_dict")
        else {}
    )
    return _error(request, 422, "invalid", " ".join(str(m) for m in exc.messages), fields=fields)


@api.exception_handler(NinjaValidationError)
def _malformed(request: HttpRequest, exc: NinjaValidationError) -> HttpResponse:
    fields: dict[str, list[str]] = {}
    for error in exc.errors:
        where = ".".join(str(p) for p in error.get("loc", [])[1:]) or "body"
        fields.setdefault(where, []).append(str(error.get("msg", "")))
    return _error(request, 422, "invalid", _("The request is not valid."), fields=fields)


@api.exception_handler(DataError)
def _unstorable(request: HttpRequest, exc: Exception) -> HttpResponse:
    """A value the database refuses that validation let through (a number too long for its
    column on PostgreSQL): the service's transaction is rolled back."""
    return _error(request, 422, "invalid", _("A value in the request cannot be stored."))


@api.exception_handler(OverflowError)
def _out_of_range(request: HttpRequest, exc: Exception) -> HttpResponse:
    # A number larger than the database can hold (e.g. ?plan=99999999999999999999).
    return _error(request, 422, "invalid", _("A number in the request is out of range."))


@api.exception_handler(NinjaHttpError)
def _http(request: HttpRequest, exc: NinjaHttpError) -> HttpResponse:
    return _error(
        request, exc.status_code, "bad_request" if exc.status_code == 400 else "error", str(exc)
    )


def _routers() -> None:
    from mitra.agreements.api import router as agreements
    from mitra.clearance.api import router as clearance
    from mitra.documents.api import router as documents
    from mitra.meetings.api import router as meetings
    from mitra.partners.api import router as partners
    from mitra.plans.api import router as plans

    api.add_router("/partners", partners)
    api.add_router("/agreements", agreements)
    api.add_router("/agreements", clearance)  # /agreements/{pk}/clearance…
    api.add_router("/plans", plans)
    api.add_router("/meetings", meetings)
    api.add_router("/documents", documents)


_routers()

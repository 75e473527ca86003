"""Helpers every app's API router shares: cursor pagination, the page schema, PATCH changes."""

from __future__ import annotations

import base64
from enum import StrEnum
from typing import Any, Generic, TypeVar

import orjson
from django.db.models import QuerySet
from django.http import HttpResponse
from django.utils.translation import gettext as _
from ninja import Schema
from ninja.errors import HttpError

T = TypeVar("T")


class CodeEnum(StrEnum):
    """An enum of codes that the API reads in any case: `Ongoing` is `ongoing`."""

    @classmethod
    def _missing_(cls, value: Any) -> Any:
        if isinstance(value, str):
            for member in cls:
                if member.value == value.strip().lower():
                    return member
        return None


DEFAULT_LIMIT = 50
MAX_LIMIT = 200


class Page(Schema, Generic[T]):
    items: list[T]
    next_cursor: str | None = None


def decode_cursor(cursor: str) -> int:
    try:
        return int(base64.urlsafe_b64decode(cursor.encode() + b"==").decode())
    except (ValueError, UnicodeDecodeError) as exc:
        raise HttpError(400, _("The cursor is not one this API gave out.")) from exc


def encode_cursor(pk: int) -> str:
    return base64.urlsafe_b64encode(str(pk).encode()).decode().rstrip("=")


def paginate(qs: QuerySet, cursor: str | None, limit: int) -> dict[str, Any]:
    """Keyset pagination by primary key: stable while rows are added, cheap at any depth."""
    limit = max(1, min(limit, MAX_LIMIT))
    if cursor:
        qs = qs.filter(pk__gt=decode_cursor(cursor))
    rows = list(qs.order_by("pk")[: limit + 1])
    more = len(rows) > limit
    rows = rows[:limit]
    # Rows are model instances, or dicts with "id" from a list read as values.
    last = (rows[-1]["id"] if isinstance(rows[-1], dict) else rows[-1].pk) if rows else None
    next_cursor = encode_cursor(last) if more and last is not None else None
    return {"items": rows, "next_cursor": next_cursor}


def json_response(data: Any) -> HttpResponse:
    """`data` (dicts, lists, text, numbers, dates) as the JSON answer ninja would give, without
    validating it through the response schema: for a list whose rows a selector already built
    in the schema's shape (orjson writes dates as ISO 8601, like pydantic)."""
    return HttpResponse(orjson.dumps(data), content_type="application/json; charset=utf-8")


def changes(data: Schema, *, required: tuple[str, ...] = ()) -> dict[str, Any]:
    """The fields a PATCH sets, as given; an explicit null for a field that must have a value is
    refused with that field named (422), before anything is written."""
    from django.core.exceptions import ValidationError

    from mitra.core.validators import NOT_EMPTY

    fields = data.dict(exclude_unset=True)
    empty = {name: [str(NOT_EMPTY)] for name in required if name in fields and fields[name] is None}
    if empty:
        raise ValidationError(empty)
    return fields

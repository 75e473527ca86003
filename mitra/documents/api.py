"""/api/v1/documents: the metadata of stored documents (the files through the web pages)."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.http import HttpRequest
from ninja import Router, Schema

from mitra.core.api import DEFAULT_LIMIT, Page, paginate
from mitra.documents import selectors as document_selectors
from mitra.documents.models import Document

router = Router(tags=["documents"])


class DocumentOut(Schema):
    id: int
    title: str
    kind: str
    content_type: str
    size: int
    sha256: str
    language: str
    created_at: dt.datetime
    partners: list[str]
    agreements: list[int]
    meetings: list[int]

    @staticmethod
    def resolve_partners(obj: Document) -> list[str]:
        return [p.code for p in obj.partners.all()]

    @staticmethod
    def resolve_agreements(obj: Document) -> list[int]:
        return [a.pk for a in obj.agreements.all()]

    @staticmethod
    def resolve_meetings(obj: Document) -> list[int]:
        return [m.pk for m in obj.meetings.all()]


@router.get("", response=Page[DocumentOut])
def list_documents(
    request: HttpRequest,
    partner: str = "",
    q: str = "",
    cursor: str | None = None,
    limit: int = DEFAULT_LIMIT,
) -> dict[str, Any]:
    qs = document_selectors.document_list(user=request.user, partner=partner, q=q)
    return paginate(qs, cursor, limit)


@router.get("/{int:pk}", response=DocumentOut)
def get_document(request: HttpRequest, pk: int) -> Document:
    return document_selectors.document_get(user=request.user, pk=pk)

"""/api/v1/documents: the metadata of stored documents (the files through the web pages)."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.http import Http404, HttpRequest
from django.utils.translation import gettext as _
from ninja import Router, Schema

from mitra.core.api import DEFAULT_LIMIT, Page, paginate
from mitra.core.permissions import can
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


def _visible(request: HttpRequest) -> Any:
    if not can(request.user, "internal.view"):
        raise Http404(_("No document is visible to you."))
    return Document.objects.active().prefetch_related("partners", "agreements", "meetings")


@router.get("", response=Page[DocumentOut])
def list_documents(
    request: HttpRequest,
    partner: str = "",
    q: str = "",
    cursor: str | None = None,
    limit: int = DEFAULT_LIMIT,
) -> dict[str, Any]:
    qs = _visible(request)
    if partner:
        qs = qs.filter(partners__code__iexact=partner)
    if q:
        qs = qs.filter(title__icontains=q)
    return paginate(qs, cursor, limit)


@router.get("/{int:pk}", response=DocumentOut)
def get_document(request: HttpRequest, pk: int) -> Document:
    document = _visible(request).filter(pk=pk).first()
    if document is None:
        raise Http404(_("No document with number %(pk)s is visible to you.") % {"pk": pk})
    return document

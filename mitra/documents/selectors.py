"""Reads of stored documents: who may see them is decided here, for pages and the API alike."""

from __future__ import annotations

from typing import Any

from django.db.models import QuerySet
from django.utils.translation import gettext_lazy as _

from mitra.core.errors import NotFound
from mitra.core.permissions import can
from mitra.documents.models import Document

NOT_VISIBLE = _("No document with number %(pk)s is visible to you.")


def kind_choices() -> list[tuple[str, Any]]:
    """Document kinds as (code, label); the labels stay lazy, for forms defined at import."""
    return list(Document.Kind.choices)


def audience(user: Any) -> str:
    """What of documents this user reads: "internal" (all of them) for the government roles,
    else "" (news, minutes and drafts are internal reading)."""
    return "internal" if can(user, "internal.view") else ""


def document_list(*, user: Any, partner: str = "", q: str = "") -> QuerySet[Document]:
    """Documents this user may read (news, minutes and drafts are internal reading), with the
    links the pages and the API show; none at all for a role without internal reading."""
    if not can(user, "internal.view"):
        return Document.objects.none()
    qs = Document.objects.active().prefetch_related(
        "partners", "agreements", "meetings", "activities"
    )
    if partner:
        qs = qs.filter(partners__code__iexact=partner)
    if q:
        qs = qs.filter(title__icontains=q)
    return qs


def document_get(*, user: Any, pk: int) -> Document:
    """One document, or NotFound alike for missing and for not visible to this user."""
    document = document_list(user=user).filter(pk=pk).first()
    if document is None:
        raise NotFound(NOT_VISIBLE % {"pk": pk})
    return document

"""Reads of stored documents: who may see them is decided here, for pages and the API alike."""

from __future__ import annotations

from typing import Any

from django.db.models import QuerySet
from django.utils.translation import gettext_lazy as _

from mitra.core.errors import NotFound
from mitra.core.permissions import can
from mitra.documents.models import Document
from mitra.sharing import selectors as sharing_selectors

NOT_VISIBLE = _("No document with number %(pk)s is visible to you.")


def kind_choices() -> list[tuple[str, Any]]:
    """Document kinds as (code, label); the labels stay lazy, for forms defined at import."""
    return list(Document.Kind.choices)


def audience(user: Any) -> str:
    """What of documents this user reads: "internal" (all of them) for the ministry's roles,
    "shared" for a coordination member, else "" (news, minutes and drafts are internal reading)."""
    if can(user, "internal.view"):
        return "internal"
    return "shared" if can(user, "shared.view") else ""


def _scoped(user: Any, qs: QuerySet[Document]) -> QuerySet[Document]:
    """A coordination member reads the documents of the agreements shared with their
    organisation and, for an embassy, those of its partner country (and of that partner's
    agreements). Documents sit below agreements, so the links are followed by their names."""
    if can(user, "internal.view"):
        return qs
    if not can(user, "shared.view"):
        return qs.none()
    shared = Document.objects.filter(
        agreements__pk__in=sharing_selectors.shared_agreement_ids(user)
    )
    country = sharing_selectors.partner_country(user)
    if country:
        shared = (
            shared
            | Document.objects.filter(partners__code=country)
            | Document.objects.filter(agreements__parties__partner__code=country)
        )
    return qs.filter(pk__in=shared.values("pk"))


def document_list(*, user: Any, partner: str = "", q: str = "") -> QuerySet[Document]:
    """Documents this user may read (news, minutes and drafts are internal reading), with the
    links the pages and the API show; none at all for a role without internal reading."""
    qs = _scoped(user, Document.objects.active()).prefetch_related(
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

"""Keep the search index in step with every write, inside the writing transaction."""

from __future__ import annotations

from typing import Any

from django.db.models.signals import m2m_changed, post_delete, post_save

from mitra.search import indexing


def _saved(sender: Any, instance: Any, raw: bool = False, **kwargs: Any) -> None:
    if not raw:
        indexing.index(instance)


def _links_changed(sender: Any, instance: Any, action: str, **kwargs: Any) -> None:
    if action in ("post_add", "post_remove", "post_clear"):
        indexing.index(instance)


def _documents_changed(sender: Any, instance: Any, action: str, **kwargs: Any) -> None:
    """A document linked to an agreement or meeting gains that record's partners."""
    if action not in ("post_add", "post_remove", "post_clear"):
        return
    from mitra.documents.models import Document

    if kwargs.get("reverse"):  # document.agreements.add(…): the instance is the document
        indexing.index(instance)
        return
    for document in Document.objects.filter(pk__in=kwargs.get("pk_set") or ()):
        indexing.index(document)


def _part_changed(sender: Any, instance: Any, raw: bool = False, **kwargs: Any) -> None:
    """A party of an agreement or a participant of a meeting changes its parent's entry."""
    if raw:
        return
    parent = getattr(instance, "agreement", None) or getattr(instance, "meeting", None)
    if parent is not None:
        indexing.index(parent)


def connect() -> None:
    from mitra.agreements.models import Agreement, AgreementParty
    from mitra.documents.models import Document
    from mitra.meetings.models import FollowUp, Meeting, Participant
    from mitra.partners.models import Partner
    from mitra.plans.models import Activity

    for model in (Partner, Agreement, Activity, Meeting, FollowUp, Document):
        post_save.connect(_saved, sender=model, dispatch_uid=f"search-{model.__name__}")
    for through in (Agreement.areas.through, Meeting.partners.through, Document.partners.through):
        m2m_changed.connect(_links_changed, sender=through, dispatch_uid=f"search-{through}")
    for documents in (Agreement.documents.through, Meeting.documents.through):
        m2m_changed.connect(
            _documents_changed, sender=documents, dispatch_uid=f"search-d-{documents}"
        )
    for part in (AgreementParty, Participant):
        post_save.connect(_part_changed, sender=part, dispatch_uid=f"search-s-{part.__name__}")
        post_delete.connect(_part_changed, sender=part, dispatch_uid=f"search-x-{part.__name__}")

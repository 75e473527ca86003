"""What each kind of record puts into the search index, and writing it.

Called from signals inside the writing service's transaction, so the index and the record
change together or not at all.
"""

from __future__ import annotations

from typing import Any

from django.db.models import Model

from mitra.search import stemming
from mitra.search.models import SearchEntry

K = SearchEntry.Kind


def _codes(partners: Any) -> str:
    return " ".join(sorted({p.code for p in partners}))


def _entry(obj: Model) -> dict[str, Any] | None:
    """title, body, partner codes, url and audience of a record; None when it is not indexed."""
    from mitra.agreements.models import Agreement
    from mitra.documents.models import Document
    from mitra.meetings.models import FollowUp, Meeting
    from mitra.partners.models import Partner
    from mitra.plans.models import Activity

    if getattr(obj, "archived_at", None) is not None:
        return None
    if isinstance(obj, Partner):
        return {
            "kind": K.PARTNER,
            "title": " / ".join(dict.fromkeys([obj.name_id, obj.name_en])),
            "body": " ".join(filter(None, [obj.abbreviation, obj.code, obj.notes])),
            "partner_codes": obj.code,
            "url": obj.get_absolute_url(),
            "audience": "public",
        }
    if isinstance(obj, Agreement):
        areas = " ".join(f"{a.label_id} {a.label_en}" for a in obj.areas.all())
        return {
            "kind": K.AGREEMENT,
            "title": " / ".join(filter(None, [obj.title, obj.title_en])),
            "body": " ".join(
                filter(None, [obj.summary, obj.reference_number, obj.partner_reference, areas])
            ),
            "partner_codes": _codes(p.partner for p in obj.parties.select_related("partner")),
            "url": obj.get_absolute_url(),
            "audience": "public" if obj.is_public else "internal",
        }
    if isinstance(obj, Activity):
        plan = obj.plan
        partners = list(plan.agreement.partners.all()) if plan.agreement_id else []  # type: ignore[union-attr]
        if plan.partner_id:
            partners.append(plan.partner)
        area = f"{obj.area.label_id} {obj.area.label_en}" if obj.area_id else ""  # type: ignore[union-attr]
        return {
            "kind": K.ACTIVITY,
            "title": obj.title,
            "body": " ".join(filter(None, [obj.description, obj.outputs, area, plan.title])),
            "partner_codes": _codes(partners),
            "url": obj.get_absolute_url(),
            "audience": "internal",
        }
    if isinstance(obj, Meeting):
        people = " ".join(f"{p.name} {p.role_title}" for p in obj.participants.all())
        return {
            "kind": K.MEETING,
            "title": obj.title,
            "body": " ".join(filter(None, [obj.place, obj.summary, obj.decisions, people])),
            "partner_codes": _codes(obj.partners.all()),
            "url": obj.get_absolute_url(),
            "audience": "internal",
        }
    if isinstance(obj, FollowUp):
        return {
            "kind": K.FOLLOWUP,
            "title": obj.description[:300],
            "body": obj.note,
            "partner_codes": _codes(obj.meeting.partners.all()),
            "url": obj.get_absolute_url(),
            "audience": "internal",
        }
    if isinstance(obj, Document):
        linked: set[Any] = set(obj.partners.all())
        for agreement in obj.agreements.all():
            linked.update(agreement.partners.all())
        for meeting in obj.meetings.all():
            linked.update(meeting.partners.all())
        return {
            "kind": K.DOCUMENT,
            "title": obj.title,
            "body": obj.text,
            "partner_codes": _codes(linked),
            "url": obj.get_absolute_url(),
            "audience": "internal",
        }
    return None


KIND_OF = {
    "Partner": K.PARTNER,
    "Agreement": K.AGREEMENT,
    "Activity": K.ACTIVITY,
    "Meeting": K.MEETING,
    "FollowUp": K.FOLLOWUP,
    "Document": K.DOCUMENT,
}


def index(obj: Model) -> None:
    """Bring the record's entry up to date (or remove it when the record is archived)."""
    kind = KIND_OF[type(obj).__name__]
    data = _entry(obj)
    if data is None:
        SearchEntry.objects.filter(kind=kind, object_id=obj.pk).delete()
        return
    data["stemmed"] = stemming.stem_text(f"{data['title']} {data['body']}")
    SearchEntry.objects.update_or_create(kind=kind, object_id=obj.pk, defaults=data)


def reindex_all() -> int:
    """Rebuild every entry (after a restore or an import that bypassed the services)."""
    from mitra.agreements.models import Agreement
    from mitra.documents.models import Document
    from mitra.meetings.models import FollowUp, Meeting
    from mitra.partners.models import Partner
    from mitra.plans.models import Activity

    count = 0
    for model in (Partner, Agreement, Activity, Meeting, FollowUp, Document):
        for obj in model.objects.all().iterator():
            index(obj)
            count += 1
    return count

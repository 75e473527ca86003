"""From a stored document to proposals, and from an accepted proposal to records.

Nothing reaches the registry unreviewed: ingesting writes only Submission and Proposal rows;
accepting one calls the registry's own services (so their rules, permissions and history apply)
and keeps the document as provenance on what it created or changed.
"""

from __future__ import annotations

import datetime as dt
import re
from typing import Any

from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.utils import timezone
from django.utils.text import slugify
from django.utils.translation import gettext_lazy as _
from rapidfuzz import fuzz
from simple_history.utils import bulk_create_with_history

from mitra.agreements import services as agreement_services
from mitra.agreements.models import Agreement, AgreementParty
from mitra.core import history
from mitra.core.permissions import require
from mitra.documents import services as document_services
from mitra.documents.language import language
from mitra.documents.models import Document
from mitra.intake import details
from mitra.intake.extract import extract
from mitra.intake.models import Proposal, Submission
from mitra.meetings import services as meeting_services
from mitra.meetings.models import Meeting, Participant
from mitra.partners import services as partner_services
from mitra.partners.models import Partner
from mitra.taxonomy.models import CooperationArea

NO_TEXT = _("No text could be read from this document, so nothing can be proposed from it.")
# News items, minutes and agreements run to tens of thousands of characters; a longer text is
# a report or a book, which the rules would read for half a minute and misread anyway.
MAX_CHARS = 200_000
TOO_LONG = _(
    "This text is too long to read into proposals (more than %(max)s characters): "
    "paste the part about the cooperation, or store it as a document."
)
NOT_READABLE_LANGUAGE = _("The text is neither Indonesian nor English; Mitra reads only those.")
ALREADY_DECIDED = _("This proposal has already been decided.")
PARTNER_UNRESOLVED = _("Accept or match the partner “%(name)s” first.")
DATE_INVALID = _("Give the date as YYYY-MM-DD.")
NOTHING_FOUND = _(
    "Nothing to propose: the text names no foreign partner, agreement, dated meeting or "
    "cooperation area (Indonesian ministries and units are not partners)."
)
SIGNED_BY = _("Signed by: %(people)s.")
# What a text reports, as the review queue names it.
TEXT_KINDS = {
    "agreement_signing": _("signing of an agreement"),
    "meeting": _("meeting"),
    "workshop": _("workshop"),
    "action_plan": _("action plan"),
    "overview": _("overview of cooperation"),
    "other": _("other news"),
}
MATCH_THRESHOLD = 85

PARTNER_KINDS = {
    "country": Partner.Kind.COUNTRY,
    "international_org": Partner.Kind.INTERNATIONAL,
    "ngo": Partner.Kind.NGO,
    "private": Partner.Kind.COMPANY,
    "academic": Partner.Kind.ACADEMIC,
    "government_agency": Partner.Kind.AGENCY,
}
AGREEMENT_KINDS = {
    "MoU": Agreement.Kind.MOU,
    "PKS": Agreement.Kind.PKS,
    "LoI": Agreement.Kind.LOI,
    "Joint Statement": Agreement.Kind.JOINT_STATEMENT,
    "Implementing Arrangement": Agreement.Kind.IMPLEMENTING,
}


def match_partner(item: dict[str, Any]) -> tuple[Partner | None, float | None]:
    """The registry's partner for an extracted one: by ISO code, else by name (rapidfuzz)."""
    if item.get("iso3"):
        found = Partner.objects.filter(code__iexact=item["iso3"], kind=Partner.Kind.COUNTRY)
        partner = found.first()
        if partner is not None:
            return partner, 100.0
        if item.get("type") == "country":
            return None, None
    name = item.get("name", "")
    best, best_score = None, 0.0
    # Archived partners too: the review offers to restore one rather than make a duplicate.
    for partner in Partner.objects.exclude(kind=Partner.Kind.COUNTRY):
        for candidate in (partner.name_id, partner.name_en, partner.abbreviation):
            if candidate:
                score = fuzz.token_set_ratio(name.lower(), candidate.lower())
                if score > best_score:
                    best, best_score = partner, score
    if best is not None and best_score >= MATCH_THRESHOLD:
        return best, round(best_score, 1)
    return None, None


def _span(item: dict[str, Any]) -> tuple[int, int]:
    evidence = item.get("evidence") or [0, 0]
    return int(evidence[0] or 0), int(evidence[1] or 0)


MEETING_KINDS = (
    (re.compile(r"workshop|lokakarya|seminar", re.I), Meeting.Kind.WORKSHOP),
    (re.compile(r"kunjungan|visit|courtesy", re.I), Meeting.Kind.VISIT),
    (re.compile(r"\bMenteri\b|\bMinister\b|\bMenkes\b", re.I), Meeting.Kind.MINISTERIAL),
)


def _meeting_payload(document: Document, data: dict[str, Any]) -> dict[str, Any] | None:
    events = data.get("events") or []
    if not events or data.get("kind") not in (
        "meeting",
        "workshop",
        "agreement_signing",
        "action_plan",
    ):
        return None
    event = events[0]
    sentence = event.get("what", "")
    kind = next((k for rx, k in MEETING_KINDS if rx.search(sentence)), Meeting.Kind.TECHNICAL)
    place = details.PLACE.search(sentence)
    return {
        "title": document.title[:300],
        "kind": kind,
        "date": event["date"],
        "place": place.group(1).strip() if place else "",
        "summary": sentence,
        "partners": [
            {"name": p["name"], "iso3": p.get("iso3"), "type": p.get("type")}
            for p in data.get("partners", [])
        ],
        "participants": [
            {"name": p["name"], "role": p.get("role", "")} for p in data.get("people", [])
        ],
        "areas": sorted({a["code"] for a in data.get("areas", []) if a.get("code")}),
    }


def agreement_title(item: dict[str, Any], data: dict[str, Any]) -> str:
    """ "MoU — Belanda: Kerja Sama Kesehatan": type, counterparty and what it is about (the
    document's own subject, else the first area the text names)."""
    subject = item.get("subject") or next(
        (a["phrase"] for a in data.get("areas", []) if a.get("code")), ""
    )
    title = f"{item['type'] if item['type'] != 'other' else 'Agreement'} — {item['counterparty']}"
    return (f"{title}: {subject[:1].upper()}{subject[1:]}" if subject else title)[:300]


def _agreement_payload(
    item: dict[str, Any], data: dict[str, Any], codes: list[str]
) -> dict[str, Any]:
    return {
        **{k: item.get(k) for k in ("type", "counterparty", "signed_date", "period")},
        "title": agreement_title(item, data),
        "place": item.get("place", ""),
        "signatories": item.get("signatories", []),
        "areas": codes,
    }


@transaction.atomic
def ingest(*, user: Any, document: Document) -> Submission:
    """Read a stored document and queue what it proposes; the registry is not touched."""
    require(user, "intake.submit")
    if not document.text.strip():
        raise ValidationError(NO_TEXT, code="no_text")
    if len(document.text) > MAX_CHARS:
        raise ValidationError(TOO_LONG, code="too_long", params={"max": f"{MAX_CHARS:,}"})
    # The language first: extraction of a long text in no language it reads (700 KB of markup)
    # took seconds only to be refused.
    if language(document.text) not in ("id", "en"):
        raise ValidationError(NOT_READABLE_LANGUAGE, code="language")
    data = extract(document.text)
    if data["language"] not in ("id", "en"):
        raise ValidationError(NOT_READABLE_LANGUAGE, code="language")
    submission = Submission.objects.create(document=document, extraction=data, created_by=user)
    proposals: list[Proposal] = []
    matched: dict[str, Partner] = {}
    for item in data["partners"]:
        partner, score = match_partner(item)
        if partner is not None:
            matched[item["name"]] = partner
        start, end = _span(item)
        proposals.append(
            Proposal(
                submission=submission,
                kind=Proposal.Kind.PARTNER,
                payload={k: item.get(k) for k in ("name", "type", "iso3")},
                evidence_start=start,
                evidence_end=end,
                match_partner=partner,
                match_score=score,
            )
        )
    meeting = _meeting_payload(document, data)
    if meeting is not None:
        event = data["events"][0]
        start, end = _span(event)
        proposals.append(
            Proposal(
                submission=submission,
                kind=Proposal.Kind.MEETING,
                payload=meeting,
                evidence_start=start,
                evidence_end=end,
            )
        )
    codes = sorted({a["code"] for a in data["areas"] if a.get("code")})
    for item in data["agreements"]:
        kind = AGREEMENT_KINDS.get(item["type"])
        if kind is None:  # plans, grants, workplans: not agreements of the registry's kinds
            continue
        partner = matched.get(item["counterparty"])
        start, end = _span(item)
        existing = (
            Agreement.objects.active().filter(parties__partner=partner, kind=kind).first()
            if partner is not None
            else None
        )
        if existing is None:
            proposals.append(
                Proposal(
                    submission=submission,
                    kind=Proposal.Kind.AGREEMENT,
                    payload=_agreement_payload(item, data, codes),
                    evidence_start=start,
                    evidence_end=end,
                    match_partner=partner,
                )
            )
            continue
        new = [c for c in codes if c not in {a.code for a in existing.areas.all()}]
        if new and not any(
            p.kind == Proposal.Kind.AREAS and p.target_agreement_id == existing.pk
            for p in proposals
        ):
            first_area = next(a for a in data["areas"] if a.get("code") in new)
            a_start, a_end = _span(first_area)
            proposals.append(
                Proposal(
                    submission=submission,
                    kind=Proposal.Kind.AREAS,
                    payload={
                        "codes": new,
                        "phrases": [a["phrase"] for a in data["areas"] if a.get("code") in new],
                    },
                    evidence_start=a_start,
                    evidence_end=a_end,
                    target_agreement=existing,
                )
            )
    bulk_create_with_history(proposals, Proposal, default_user=user)
    return submission


def text_submit(
    *, user: Any, title: str, upload: UploadedFile | None = None, text: str = ""
) -> Submission:
    """Store a file or a pasted text and queue its proposals, or keep nothing: a text the queue
    refuses (no text, another language) leaves no document, search entry or stored file."""
    require(user, "intake.submit")
    document = None
    try:
        with transaction.atomic():
            if upload is not None:
                document = document_services.document_store(
                    upload=upload, title=title, kind=Document.Kind.NEWS, user=user
                )
            else:
                document = document_services.document_store_text(text=text, title=title, user=user)
            return ingest(user=user, document=document)
    except ValidationError:
        # A document stored by this call is gone with the transaction; its file is not.
        if document is not None and not Document.objects.filter(pk=document.pk).exists():
            document.file.storage.delete(document.file.name or "")
        raise


def _decide(user: Any, proposal: Proposal, status: str, url: str = "") -> Proposal:
    proposal.status = status
    proposal.decided_by = user
    proposal.decided_at = timezone.now()
    proposal.result_url = url
    history.stamp(proposal, by=user)
    proposal.save()
    return proposal


@transaction.atomic
def proposal_reject(*, user: Any, proposal: Proposal) -> Proposal:
    require(user, "intake.review")
    if proposal.status != Proposal.Status.PENDING:
        raise ValidationError(ALREADY_DECIDED, code="decided")
    return _decide(user, proposal, Proposal.Status.REJECTED)


def _resolve_partner(proposal: Proposal, item: dict[str, Any]) -> Partner | None:
    """The registry partner for a name in this submission: matched, accepted, or by ISO code;
    None when the reviewer rejected it. A partner still undecided must be decided first."""
    if item.get("iso3"):
        found = Partner.objects.filter(code__iexact=item["iso3"]).first()
        if found is not None:
            return found
    sibling = next(
        (
            p
            for p in proposal.submission.proposals.filter(kind=Proposal.Kind.PARTNER)
            if p.payload.get("name") == item.get("name")
        ),
        None,
    )
    if sibling is not None and sibling.status == Proposal.Status.REJECTED:
        return None
    if sibling is not None and sibling.match_partner is not None:
        return sibling.match_partner
    raise ValidationError(PARTNER_UNRESOLVED, params={"name": item.get("name", "?")})


def _date(value: Any) -> dt.date | None:
    if not value:
        return None
    try:
        return dt.date.fromisoformat(str(value))
    except ValueError as exc:
        raise ValidationError({"date": [DATE_INVALID]}) from exc


@transaction.atomic
def proposal_accept(
    *, user: Any, proposal: Proposal, edits: dict[str, Any] | None = None
) -> Proposal:
    """Create or update the proposed record with the registry's services; keep the document."""
    require(user, "intake.review")
    if proposal.status != Proposal.Status.PENDING:
        raise ValidationError(ALREADY_DECIDED, code="decided")
    payload = {**proposal.payload, **{k: v for k, v in (edits or {}).items() if v is not None}}
    document = proposal.submission.document
    if proposal.kind == Proposal.Kind.PARTNER:
        partner = proposal.match_partner or _create_partner(user, payload)
        if partner.is_archived:
            partner = partner_services.partner_restore(user=user, partner=partner)
        proposal.match_partner = partner
        document.partners.add(partner)
        return _decide(user, proposal, Proposal.Status.ACCEPTED, partner.get_absolute_url())
    if proposal.kind == Proposal.Kind.MEETING:
        meeting = meeting_services.meeting_create(
            user=user,
            title=payload["title"],
            kind=payload["kind"],
            date=_date(payload.get("date")),
            place=payload.get("place", ""),
            summary=payload.get("summary", ""),
            partners=[
                partner
                for partner in (_resolve_partner(proposal, p) for p in payload.get("partners", []))
                if partner is not None
            ],
            areas=CooperationArea.objects.filter(code__in=payload.get("areas", [])),
            participants=[
                meeting_services.ParticipantIn(
                    name=p["name"], role_title=p.get("role", ""), side=_side(p, payload)
                )
                for p in payload.get("participants", [])
            ],
        )
        meeting.documents.add(document)
        return _decide(user, proposal, Proposal.Status.ACCEPTED, meeting.get_absolute_url())
    if proposal.kind == Proposal.Kind.AGREEMENT:
        counterparty = proposal.match_partner or _resolve_partner(
            proposal, {"name": payload.get("counterparty")}
        )
        if counterparty is None:
            raise ValidationError(PARTNER_UNRESOLVED, params={"name": payload.get("counterparty")})
        signed = _date(payload.get("signed_date"))
        signatories = payload.get("signatories") or []
        created = agreement_services.agreement_create(
            user=user,
            title=payload.get("title") or f"{payload['type']} — {counterparty.name}",
            kind=AGREEMENT_KINDS.get(payload["type"], Agreement.Kind.MOU),
            parties=[(counterparty, AgreementParty.Role.SIGNATORY)],
            status=Agreement.Status.SIGNED if signed else Agreement.Status.EXPLORING,
            date_signed=signed,
            place_signed=payload.get("place", "")[:200],
            areas=CooperationArea.objects.filter(code__in=payload.get("areas", [])),
            summary=_signed_by(signatories),
        )
        theirs = _their_signatory(signatories, counterparty)
        if theirs is not None:
            agreement_services.agreement_party_signatory(
                user=user,
                agreement=created,
                partner=counterparty,
                name=theirs["name"][:200],
                title=theirs.get("role", "")[:200],
            )
        created.documents.add(document)
        return _decide(user, proposal, Proposal.Status.ACCEPTED, created.get_absolute_url())
    agreement = proposal.target_agreement
    assert agreement is not None
    areas = list(agreement.areas.all()) + list(
        CooperationArea.objects.filter(code__in=payload.get("codes", []))
    )
    agreement_services.agreement_update(user=user, agreement=agreement, areas=areas)
    agreement.documents.add(document)
    return _decide(user, proposal, Proposal.Status.ACCEPTED, agreement.get_absolute_url())


def _their_signatory(signatories: list[dict[str, Any]], partner: Partner) -> dict[str, Any] | None:
    """The first signatory whose role names the partner and not Indonesia ("Menteri Kesehatan
    Singapura"); None when no role says whose side a person signed for."""
    names = [n for n in (partner.name_id, partner.name_en, partner.abbreviation) if n]
    for person in signatories:
        role = person.get("role", "")
        if role and not HOME_SIDE.search(role) and any(_names(n, role) for n in names):
            return person
    return None


def _names(name: str, text: str) -> bool:
    return re.search(rf"(?<!\w){re.escape(name)}(?!\w)", text) is not None


def _signed_by(signatories: list[dict[str, Any]]) -> str:
    if not signatories:
        return ""
    people = "; ".join(
        f"{p['name']} ({p['role']})" if p.get("role") else p["name"] for p in signatories
    )
    return str(SIGNED_BY) % {"people": people}


HOME_SIDE = re.compile(r"\b(?:Indonesia|RI|Indonesian|Kemenkes|Kementerian Kesehatan)\b")


def _side(person: dict[str, Any], payload: dict[str, Any]) -> str:
    """The partner's side when the role names a partner and not Indonesia."""
    role = person.get("role", "")
    names = [p.get("name", "") for p in payload.get("partners", [])]
    if role and not HOME_SIDE.search(role) and any(n and n in role for n in names):
        return Participant.Side.PARTNER
    return Participant.Side.OURS


def _create_partner(user: Any, payload: dict[str, Any]) -> Partner:
    kind = PARTNER_KINDS.get(payload.get("type") or "", Partner.Kind.NGO)
    if kind == Partner.Kind.COUNTRY and payload.get("iso3"):
        return partner_services.partner_create(user=user, kind=kind, code=payload["iso3"])
    name = payload.get("name", "").strip()
    abbreviation = re.search(r"\(([A-Za-z]{2,10})\)", name)
    code = slugify(abbreviation.group(1) if abbreviation else name)[:32] or "mitra"
    return partner_services.partner_create(
        user=user, kind=kind, code=code, name_id=name, name_en=name
    )

"""Writes to agreements: create, edit, the lifecycle steps, documents, archive."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Sequence
from typing import Any

from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from mitra.agreements import guards, lifecycle, rules
from mitra.agreements.models import Agreement, AgreementParty
from mitra.core import history
from mitra.core.inputs import UNSET
from mitra.core.permissions import require
from mitra.core.validators import one_line
from mitra.documents import services as document_services
from mitra.documents.models import Document
from mitra.partners.models import Partner
from mitra.taxonomy.models import CooperationArea

PARTY_REQUIRED = _("Name at least one partner as a party to the agreement.")
PARTY_ARCHIVED = _("%(partner)s is archived and cannot become a party.")
NOT_A_PARTY = _("%(partner)s is not a party to this agreement.")
NOT_RENEWABLE = _("Only an agreement in force or expired can be renewed; this one is “%(status)s”.")

EDITABLE_FIELDS = (
    "title",
    "title_en",
    "kind",
    "reference_number",
    "partner_reference",
    "summary",
    "place_signed",
    "date_signed",
    "signed_year",
    "signature_date_unknown",
    "date_in_force",
    "date_expiry",
    "renewal",
    "notice_period_days",
    "parent",
    "responsible_unit",
    "partnership_type",
    "cooperation_model",
    "is_public",
)


def _set_parties(agreement: Agreement, parties: Sequence[tuple[Partner, str]]) -> None:
    user = history.author(agreement)
    if not parties:
        raise ValidationError({"partners": [PARTY_REQUIRED]})
    for partner, _role in parties:
        if partner.is_archived:
            raise ValidationError(
                {"partners": [ValidationError(PARTY_ARCHIVED, params={"partner": partner})]}
            )
    wanted = {p.pk: role for p, role in parties}
    current = {party.partner_id: party for party in agreement.parties.all()}
    for partner_id, party in current.items():
        if partner_id not in wanted:
            history.stamp(party, by=user)
            party.delete()  # the party row's history keeps it
    for partner_id, role in wanted.items():
        existing = current.get(partner_id)
        if existing is None:
            party = AgreementParty(agreement=agreement, partner_id=partner_id, role=role)
        elif existing.role == role:
            continue
        else:
            party = existing
        party.role = role
        history.stamp(party, by=user)
        party.save()


@transaction.atomic
def agreement_create(
    *,
    user: Any,
    title: str,
    parties: Sequence[tuple[Partner, str]],
    areas: Iterable[CooperationArea] = (),
    status: str = Agreement.Status.EXPLORING,
    title_en: str = "",
    kind: str = Agreement.Kind.MOU,
    reference_number: str = "",
    partner_reference: str = "",
    summary: str = "",
    place_signed: str = "",
    date_signed: dt.date | None = None,
    signed_year: int | None = None,
    signature_date_unknown: bool = False,
    date_in_force: dt.date | None = None,
    date_expiry: dt.date | None = None,
    renewal: str = "",
    notice_period_days: int | None = None,
    parent: Agreement | None = None,
    responsible_unit: Any = None,
    partnership_type: str = "",
    cooperation_model: str = "",
    is_public: bool = False,
    predecessor: Agreement | None = None,
) -> Agreement:
    """Record an agreement with its parties and areas.

    A new agreement starts as "exploring" unless an existing one is being recorded with the
    status it already has; the same date rules apply either way.
    """
    require(user, "agreement.create")
    agreement = Agreement(
        title=title,
        status=status,
        title_en=title_en,
        kind=kind,
        reference_number=reference_number,
        partner_reference=partner_reference,
        summary=summary,
        place_signed=place_signed,
        date_signed=date_signed,
        signed_year=signed_year,
        signature_date_unknown=signature_date_unknown,
        date_in_force=date_in_force,
        date_expiry=date_expiry,
        renewal=renewal,
        notice_period_days=notice_period_days,
        parent=parent,
        responsible_unit=responsible_unit,
        partnership_type=partnership_type,
        cooperation_model=cooperation_model,
        is_public=is_public,
        predecessor=predecessor,
    )
    history.stamp(agreement, by=user)
    agreement.full_clean()
    if not parties:
        raise ValidationError({"partners": [PARTY_REQUIRED]})
    agreement.save()
    _set_parties(agreement, parties)
    agreement.areas.set(list(areas))
    return agreement


@transaction.atomic
def agreement_update(
    *,
    user: Any,
    agreement: Agreement,
    parties: Sequence[tuple[Partner, str]] | None = None,
    areas: Iterable[CooperationArea] | None = None,
    title: str = UNSET,
    title_en: str = UNSET,
    kind: str = UNSET,
    reference_number: str = UNSET,
    partner_reference: str = UNSET,
    summary: str = UNSET,
    place_signed: str = UNSET,
    date_signed: dt.date | None = UNSET,
    signed_year: int | None = UNSET,
    signature_date_unknown: bool = UNSET,
    date_in_force: dt.date | None = UNSET,
    date_expiry: dt.date | None = UNSET,
    renewal: str = UNSET,
    notice_period_days: int | None = UNSET,
    parent: Agreement | None = UNSET,
    responsible_unit: Any = UNSET,
    partnership_type: str = UNSET,
    cooperation_model: str = UNSET,
    is_public: bool = UNSET,
) -> Agreement:
    """Change an agreement's details (not its status: that moves only through the steps).

    Only the keywords given change; a refused change leaves the agreement as it was.
    """
    # The keywords given, by name: the editable fields that are not UNSET.
    given = {name: value for name, value in locals().items() if name in EDITABLE_FIELDS}
    require(user, "agreement.change", agreement)
    areas = None if areas is None else list(areas)  # read twice: for the guard, then to set
    changes = {k: v for k, v in given.items() if v is not UNSET}
    before = {name: getattr(agreement, name) for name in changes}
    guards.check_edit(
        agreement, lambda: _changed_fields(agreement, before, changes, parties, areas)
    )
    history.stamp(agreement, by=user)
    for name, value in changes.items():
        setattr(agreement, name, value)
    try:
        agreement.full_clean()
        if parties is not None and not parties:
            raise ValidationError({"partners": [PARTY_REQUIRED]})
    except ValidationError:
        for name, value in before.items():
            setattr(agreement, name, value)
        raise
    agreement.save()
    if parties is not None:
        _set_parties(agreement, parties)
    if areas is not None:
        agreement.areas.set(list(areas))
    return agreement


@transaction.atomic
def agreement_party_signatory(
    *, user: Any, agreement: Agreement, partner: Partner, name: str, title: str = ""
) -> AgreementParty:
    """Who signed for a party, and as what (e.g. "Ong Ye Kung", "Minister for Health")."""
    require(user, "agreement.change", agreement)
    party = agreement.parties.filter(partner=partner).first()
    if party is None:
        raise ValidationError(
            {"partners": [ValidationError(NOT_A_PARTY, params={"partner": partner})]}
        )
    party.signatory_name, party.signatory_title = name.strip(), title.strip()
    errors = {}
    for field in ("signatory_name", "signatory_title"):
        try:
            one_line(getattr(party, field))
        except ValidationError as exc:
            errors[field] = exc.messages
    if errors:
        raise ValidationError(errors)
    party.full_clean()
    history.stamp(party, by=user, reason="signatory")
    party.save()
    return party


def _changed_fields(
    agreement: Agreement,
    before: dict[str, Any],
    changes: dict[str, Any],
    parties: Sequence[tuple[Partner, str]] | None,
    areas: Iterable[CooperationArea] | None,
) -> frozenset[str]:
    """The fields an update really changes (a form sends every field, changed or not)."""
    changed = {name for name, value in changes.items() if before[name] != value}
    if parties is not None:
        current = set(agreement.parties.values_list("partner_id", "role"))
        if {(p.pk, role) for p, role in parties} != current:
            changed.add("parties")
    if areas is not None and {a.pk for a in areas} != set(
        agreement.areas.values_list("pk", flat=True)
    ):
        changed.add("areas")
    return frozenset(changed)


def _save_step(agreement: Agreement, target: str, **changes: Any) -> Agreement:
    """Apply a step's changes and save them, or leave the object as it was and raise."""
    before = {name: getattr(agreement, name) for name in (*changes, "status")}
    for name, value in changes.items():
        setattr(agreement, name, value)
    agreement.status = target
    try:
        agreement.full_clean()
    except ValidationError:
        for name, value in before.items():
            setattr(agreement, name, value)
        raise
    agreement.save()
    return agreement


@transaction.atomic
def agreement_negotiate(*, user: Any, agreement: Agreement) -> Agreement:
    """Exploring → negotiating."""
    require(user, "agreement.transition", agreement)
    history.stamp(agreement, by=user)
    return _save_step(agreement, lifecycle.check_step(agreement, "negotiate"))


@transaction.atomic
def agreement_sign(
    *,
    user: Any,
    agreement: Agreement,
    date_signed: dt.date | None = None,
    signed_year: int | None = None,
    place_signed: str | None = None,
) -> Agreement:
    """Record the signature: a date, or at least a year, and where it was signed."""
    require(user, "agreement.transition", agreement)
    history.stamp(agreement, by=user)
    target = lifecycle.check_step(agreement, "sign")
    if date_signed is None and signed_year is None:
        raise ValidationError({"date_signed": [lifecycle.SIGNATURE_REQUIRED]})
    changes: dict[str, Any] = {
        "date_signed": date_signed,
        "signed_year": date_signed.year if date_signed else signed_year,
        "signature_date_unknown": False,
    }
    if place_signed is not None:
        changes["place_signed"] = place_signed
    return _save_step(agreement, target, **changes)


@transaction.atomic
def agreement_enter_into_force(
    *,
    user: Any,
    agreement: Agreement,
    date_in_force: dt.date | None,
    date_expiry: dt.date | None = None,
) -> Agreement:
    """Signed → in force, from a date; the expiry may be given at the same time."""
    require(user, "agreement.transition", agreement)
    history.stamp(agreement, by=user)
    target = lifecycle.check_step(agreement, "enter_into_force")
    if date_in_force is None:
        raise ValidationError({"date_in_force": [lifecycle.IN_FORCE_REQUIRED]})
    changes: dict[str, Any] = {"date_in_force": date_in_force}
    if date_expiry is not None:
        changes["date_expiry"] = date_expiry
    return _save_step(agreement, target, **changes)


@transaction.atomic
def agreement_terminate(
    *, user: Any, agreement: Agreement, date_terminated: dt.date | None, reason: str
) -> Agreement:
    """End an agreement before its time, with the date and the reason."""
    require(user, "agreement.transition", agreement)
    history.stamp(agreement, by=user)
    target = lifecycle.check_step(agreement, "terminate")
    errors = {}
    if date_terminated is None:
        errors["date_terminated"] = [lifecycle.TERMINATION_DATE_REQUIRED]
    if not reason.strip():
        errors["termination_reason"] = [lifecycle.TERMINATION_REASON_REQUIRED]
    if errors:
        raise ValidationError(errors)
    return _save_step(
        agreement, target, date_terminated=date_terminated, termination_reason=reason.strip()
    )


@transaction.atomic
def agreement_expire(*, user: Any, agreement: Agreement) -> Agreement:
    """Record an expiry that its date has already brought about."""
    require(user, "agreement.transition", agreement)
    history.stamp(agreement, by=user)
    target = lifecycle.check_step(agreement, "expire")
    today = timezone.localdate()
    if not (agreement.date_expiry and agreement.date_expiry < today):
        raise ValidationError(lifecycle.EXPIRY_NOT_PASSED, code="not_expired")
    return _save_step(agreement, target)


@transaction.atomic
def agreements_expire_due(*, today: dt.date | None = None) -> int:
    """Write "expired" on every signed or in-force agreement whose expiry date has passed.

    Reads already show such agreements as expired (selectors.with_current_status); this makes
    the stored status and its history agree. Run by `mitra serve` and daily by a scheduler.
    """
    today = today or timezone.localdate()
    due = Agreement.objects.filter(
        status__in=[Agreement.Status.SIGNED, Agreement.Status.IN_FORCE], date_expiry__lt=today
    )
    count = 0
    for agreement in due.select_for_update():
        agreement.status = Agreement.Status.EXPIRED
        history.stamp(agreement, by=None, reason="expiry date passed")
        agreement.save(update_fields=["status", "updated_at"])
        count += 1
    return count


@transaction.atomic
def agreement_renew(
    *,
    user: Any,
    agreement: Agreement,
    title: str | None = None,
    title_en: str | None = None,
    parties: Sequence[tuple[Partner, str]] | None = None,
    date_in_force: dt.date | None = None,
    date_expiry: dt.date | None = None,
    is_public: bool = False,
) -> Agreement:
    """Start the successor of an agreement in force or expired: a new agreement under
    negotiation with the parties and areas of the old one unless others are given. Not public
    unless said so: the successor is not yet on paper."""
    require(user, "agreement.create")
    if hasattr(agreement, "successor"):
        return agreement.successor  # a second submission of the same renewal
    if not rules.renewable(agreement):
        raise ValidationError(
            NOT_RENEWABLE,
            code="not_renewable",
            params={"status": Agreement.Status(rules.current_status(agreement)).label},
        )
    if parties is None:
        parties = [(p.partner, p.role) for p in agreement.parties.select_related("partner")]
    return agreement_create(
        user=user,
        title=title if title is not None else agreement.title,
        title_en=title_en if title_en is not None else agreement.title_en,
        kind=agreement.kind,
        status=Agreement.Status.NEGOTIATING,
        parties=parties,
        areas=agreement.areas.all(),
        date_in_force=date_in_force,
        date_expiry=date_expiry,
        responsible_unit=agreement.responsible_unit,
        partnership_type=agreement.partnership_type,
        cooperation_model=agreement.cooperation_model,
        parent=agreement.parent,
        renewal=agreement.renewal,
        notice_period_days=agreement.notice_period_days,
        is_public=is_public,
        predecessor=agreement,
    )


@transaction.atomic
def agreement_attach_document(
    *, user: Any, agreement: Agreement, upload: UploadedFile, title: str, kind: str
) -> Document:
    """Store a file (checked by content and size) and link it to the agreement."""
    require(user, "document.attach", agreement)
    if kind == Document.Kind.DRAFT:
        guards.check_edit(agreement, lambda: frozenset({guards.DRAFT_TEXT}))
    history.stamp(agreement, by=user)
    document = document_services.document_store(upload=upload, title=title, kind=kind, user=user)
    agreement.documents.add(document)
    guards.attached(agreement, document, kind, user)
    return document


@transaction.atomic
def agreement_archive(*, user: Any, agreement: Agreement) -> Agreement:
    """Take an agreement out of the lists; its record and history stay."""
    require(user, "agreement.archive", agreement)
    history.stamp(agreement, by=user)
    if agreement.archived_at is None:
        agreement.archived_at = timezone.now()
        agreement.save(update_fields=["archived_at", "updated_at"])
    return agreement


@transaction.atomic
def agreement_restore(*, user: Any, agreement: Agreement) -> Agreement:
    """Bring an archived agreement back."""
    require(user, "agreement.archive", agreement)
    history.stamp(agreement, by=user)
    if agreement.archived_at is not None:
        agreement.archived_at = None
        agreement.save(update_fields=["archived_at", "updated_at"])
    return agreement

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

from mitra.agreements import lifecycle
from mitra.agreements.models import Agreement, AgreementParty, CooperationArea
from mitra.core import history
from mitra.core.permissions import require
from mitra.documents import services as document_services
from mitra.documents.models import Document
from mitra.partners.models import Partner

PARTY_REQUIRED = _("Name at least one partner as a party to the agreement.")
PARTY_ARCHIVED = _("%(partner)s is archived and cannot become a party.")

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
        party = current.get(partner_id)
        if party is None:
            party = AgreementParty(agreement=agreement, partner_id=partner_id, role=role)
        elif party.role == role:
            continue
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
    **fields: Any,
) -> Agreement:
    """Record an agreement with its parties and areas.

    A new agreement starts as "exploring" unless an existing one is being recorded with the
    status it already has; the same date rules apply either way.
    """
    require(user, "agreement.create")
    unknown = set(fields) - set(EDITABLE_FIELDS)
    if unknown:
        raise TypeError(f"unknown agreement fields: {sorted(unknown)}")
    agreement = Agreement(title=title, status=status, **fields)
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
    **fields: Any,
) -> Agreement:
    """Change an agreement's details (not its status: that moves only through the steps)."""
    require(user, "agreement.change", agreement)
    history.stamp(agreement, by=user)
    unknown = set(fields) - set(EDITABLE_FIELDS)
    if unknown:
        raise TypeError(f"unknown agreement fields: {sorted(unknown)}")
    for name, value in fields.items():
        setattr(agreement, name, value)
    agreement.full_clean()
    agreement.save()
    if parties is not None:
        _set_parties(agreement, parties)
    if areas is not None:
        agreement.areas.set(list(areas))
    return agreement


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
def agreement_renew(*, user: Any, agreement: Agreement) -> Agreement:
    """Start the successor of an agreement: a new draft with the same parties and areas."""
    require(user, "agreement.create")
    if hasattr(agreement, "successor"):
        return agreement.successor
    successor = agreement_create(
        user=user,
        title=agreement.title,
        title_en=agreement.title_en,
        kind=agreement.kind,
        status=Agreement.Status.NEGOTIATING,
        parties=[(p.partner, p.role) for p in agreement.parties.select_related("partner")],
        areas=agreement.areas.all(),
        responsible_unit=agreement.responsible_unit,
        partnership_type=agreement.partnership_type,
        cooperation_model=agreement.cooperation_model,
        parent=agreement.parent,
        renewal=agreement.renewal,
        notice_period_days=agreement.notice_period_days,
        is_public=agreement.is_public,
    )
    successor.predecessor = agreement
    successor.save(update_fields=["predecessor", "updated_at"])
    return successor


@transaction.atomic
def agreement_attach_document(
    *, user: Any, agreement: Agreement, upload: UploadedFile, title: str, kind: str
) -> Document:
    """Store a file (checked by content and size) and link it to the agreement."""
    require(user, "document.attach", agreement)
    history.stamp(agreement, by=user)
    document = document_services.document_store(upload=upload, title=title, kind=kind, user=user)
    agreement.documents.add(document)
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

"""Writes to partners and their contacts."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from mitra.core import history
from mitra.core.permissions import require
from mitra.partners import countries
from mitra.partners.models import SLUG_CODE, Contact, Partner

UNKNOWN_COUNTRY = _("“%(code)s” is not an ISO 3166 alpha-3 country code (e.g. KAZ, KHM, VNM).")
CODE_TAKEN = _("A partner with the code “%(code)s” already exists: %(name)s.")
NAME_REQUIRED = _("Give the partner's name in Indonesian and in English.")
NOT_ITS_OWN_PARENT = _("A partner cannot be its own parent.")

PARTNER_FIELDS = (
    "abbreviation",
    "region",
    "parent",
    "iati_ref",
    "website",
    "notes",
    "name_id",
    "name_en",
)


def normalise_code(kind: str, code: str) -> str:
    """ISO alpha-3 codes are upper-case, every other code lower-case."""
    code = (code or "").strip()
    return code.upper() if kind == Partner.Kind.COUNTRY else code.lower()


def _check_code(partner: Partner) -> None:
    if partner.kind == Partner.Kind.COUNTRY:
        country = countries.lookup(partner.code)
        if country is None:
            raise ValidationError(
                {"code": [ValidationError(UNKNOWN_COUNTRY, params={"code": partner.code})]}
            )
        # The official names fill what the user left empty; what they typed wins.
        partner.name_id = partner.name_id or country.name_id
        partner.name_en = partner.name_en or country.name_en
    else:
        try:
            SLUG_CODE(partner.code)
        except ValidationError as exc:
            raise ValidationError({"code": exc.messages}) from exc
    clash = Partner.objects.filter(code__iexact=partner.code).exclude(pk=partner.pk).first()
    if clash is not None:
        raise ValidationError(
            {"code": [ValidationError(CODE_TAKEN, params={"code": partner.code, "name": clash})]}
        )


def _validate(partner: Partner) -> None:
    _check_code(partner)
    if partner.pk is not None and partner.parent_id == partner.pk:
        raise ValidationError({"parent": [NOT_ITS_OWN_PARENT]})
    partner.full_clean(validate_unique=False)


@transaction.atomic
def partner_create(
    *,
    user: Any,
    kind: str,
    code: str,
    areas: Iterable[Any] = (),
    **fields: Any,
) -> Partner:
    """Add a partner: a country by its ISO code (names filled from ISO), or an organisation."""
    require(user, "partner.create")
    unknown = set(fields) - set(PARTNER_FIELDS)
    if unknown:
        raise TypeError(f"unknown partner fields: {sorted(unknown)}")
    partner = Partner(kind=kind, code=normalise_code(kind, code), **fields)
    history.stamp(partner, by=user)
    _validate(partner)
    partner.save()
    partner.areas.set(list(areas))
    return partner


@transaction.atomic
def partner_update(
    *, user: Any, partner: Partner, areas: Iterable[Any] | None = None, **fields: Any
) -> Partner:
    """Change a partner's details. The code stays: it is the address other systems link to."""
    require(user, "partner.change", partner)
    history.stamp(partner, by=user)
    unknown = set(fields) - set(PARTNER_FIELDS)
    if unknown:
        raise TypeError(f"unknown partner fields: {sorted(unknown)}")
    for name, value in fields.items():
        setattr(partner, name, value)
    _validate(partner)
    partner.save()
    if areas is not None:
        partner.areas.set(list(areas))
    return partner


@transaction.atomic
def partner_archive(*, user: Any, partner: Partner) -> Partner:
    """Take a partner out of the lists; it, its agreements and its history stay."""
    require(user, "partner.archive", partner)
    history.stamp(partner, by=user)
    if partner.archived_at is None:
        partner.archived_at = timezone.now()
        partner.save(update_fields=["archived_at", "updated_at"])
    return partner


@transaction.atomic
def partner_restore(*, user: Any, partner: Partner) -> Partner:
    """Bring an archived partner back."""
    require(user, "partner.archive", partner)
    history.stamp(partner, by=user)
    if partner.archived_at is not None:
        partner.archived_at = None
        partner.save(update_fields=["archived_at", "updated_at"])
    return partner


@transaction.atomic
def contact_create(*, user: Any, partner: Partner, name: str, **fields: Any) -> Contact:
    """Add a focal point at a partner."""
    require(user, "contact.change", partner)
    history.stamp(partner, by=user)
    contact = Contact(partner=partner, name=name, **fields)
    history.stamp(contact, by=user)
    contact.full_clean()
    contact.save()
    return contact


@transaction.atomic
def contact_update(*, user: Any, contact: Contact, **fields: Any) -> Contact:
    """Change a contact's details."""
    require(user, "contact.change", contact.partner)
    history.stamp(contact, by=user)
    for name, value in fields.items():
        setattr(contact, name, value)
    contact.full_clean()
    contact.save()
    return contact


@transaction.atomic
def contact_archive(*, user: Any, contact: Contact) -> Contact:
    """Take a contact off the partner's page; the record and its history stay."""
    require(user, "contact.change", contact.partner)
    history.stamp(contact, by=user)
    if contact.archived_at is None:
        contact.archived_at = timezone.now()
        contact.save(update_fields=["archived_at", "updated_at"])
    return contact

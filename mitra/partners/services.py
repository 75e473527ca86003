"""Writes to partners and their contacts."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from mitra.core import history
from mitra.core.inputs import UNSET
from mitra.core.permissions import require
from mitra.partners import countries, regions
from mitra.partners.models import SLUG_CODE, Contact, Partner

UNKNOWN_COUNTRY = _("“%(code)s” is not an ISO 3166 alpha-3 country code (e.g. KAZ, KHM, VNM).")
CODE_TAKEN = _("A partner with the code “%(code)s” already exists: %(name)s.")
NAME_REQUIRED = _("Give the partner's name in Indonesian and in English.")
NOT_ITS_OWN_PARENT = _("A partner cannot be its own parent.")


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


def _derive_region(partner: Partner) -> None:
    """A country's region follows from its ISO code (UN M49) when none was given."""
    if partner.kind == Partner.Kind.COUNTRY and not partner.region:
        partner.region = regions.region_of(partner.code)


@transaction.atomic
def partner_create(
    *,
    user: Any,
    kind: str,
    code: str,
    name_id: str = "",
    name_en: str = "",
    abbreviation: str = "",
    region: str | None = None,
    parent: Partner | None = None,
    iati_ref: str = "",
    website: str = "",
    notes: str = "",
    areas: Iterable[Any] = (),
) -> Partner:
    """Add a partner: a country by its ISO code (names and region filled from ISO and UN M49),
    or an organisation."""
    require(user, "partner.create")
    partner = Partner(
        kind=kind,
        code=normalise_code(kind, code),
        name_id=name_id,
        name_en=name_en,
        abbreviation=abbreviation,
        region=region or "",
        parent=parent,
        iati_ref=iati_ref,
        website=website,
        notes=notes,
    )
    history.stamp(partner, by=user)
    _validate(partner)
    _derive_region(partner)
    partner.save()
    partner.areas.set(list(areas))
    return partner


@transaction.atomic
def partner_update(
    *,
    user: Any,
    partner: Partner,
    name_id: str = UNSET,
    name_en: str = UNSET,
    abbreviation: str = UNSET,
    region: str = UNSET,
    parent: Partner | None = UNSET,
    iati_ref: str = UNSET,
    website: str = UNSET,
    notes: str = UNSET,
    areas: Iterable[Any] | None = None,
) -> Partner:
    """Change a partner's details. The code stays: it is the address other systems link to.

    Only the keywords given change; a refused change leaves the partner as it was.
    """
    require(user, "partner.change", partner)
    given = {
        "name_id": name_id,
        "name_en": name_en,
        "abbreviation": abbreviation,
        "region": region,
        "parent": parent,
        "iati_ref": iati_ref,
        "website": website,
        "notes": notes,
    }
    changes = {k: v for k, v in given.items() if v is not UNSET}
    before = {name: getattr(partner, name) for name in changes}
    history.stamp(partner, by=user)
    for name, value in changes.items():
        setattr(partner, name, value)
    try:
        _validate(partner)
    except ValidationError:
        for name, value in before.items():
            setattr(partner, name, value)
        raise
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
def contact_create(
    *,
    user: Any,
    partner: Partner,
    name: str,
    title: str = "",
    email: str = "",
    phone: str = "",
) -> Contact:
    """Add a focal point at a partner."""
    require(user, "contact.change", partner)
    history.stamp(partner, by=user)
    contact = Contact(partner=partner, name=name, title=title, email=email, phone=phone)
    history.stamp(contact, by=user)
    contact.full_clean()
    contact.save()
    return contact


@transaction.atomic
def contact_update(
    *,
    user: Any,
    contact: Contact,
    name: str = UNSET,
    title: str = UNSET,
    email: str = UNSET,
    phone: str = UNSET,
) -> Contact:
    """Change a contact's details (only the keywords given)."""
    require(user, "contact.change", contact.partner)
    history.stamp(contact, by=user)
    given = {"name": name, "title": title, "email": email, "phone": phone}
    for field, value in given.items():
        if value is not UNSET:
            setattr(contact, field, value)
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

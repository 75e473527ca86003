"""The agreements domain's input and output types: the API's schemas, the services' inputs."""

from __future__ import annotations

import datetime as dt
from enum import Enum

from ninja import Schema

from mitra.agreements import rules
from mitra.agreements.models import Agreement, AgreementParty

# Each enum gets its own name in the OpenAPI document (ninja names a component after the
# class): the models' `Kind` and `Status` would collide with those of other domains.
AgreementKind = Enum("AgreementKind", {k.name: k.value for k in Agreement.Kind}, type=str)  # type: ignore[misc]
AgreementStatus = Enum("AgreementStatus", {s.name: s.value for s in Agreement.Status}, type=str)  # type: ignore[misc]

# The role a party has when a source (an API call, a spreadsheet row) names only the partners.
SIGNATORY = AgreementParty.Role.SIGNATORY.value

# Text fields that hold "" rather than NULL: an explicit null for them is a 422 naming them.
TEXT_FIELDS = ("title", "title_en", "reference_number", "summary")
# Fields that must have a value when given.
REQUIRED_WHEN_GIVEN = (*TEXT_FIELDS, "is_public")


class AgreementOut(Schema):
    id: int
    title: str
    title_en: str
    kind: str
    status: str
    reference_number: str
    date_signed: dt.date | None
    signed_year: int | None
    date_in_force: dt.date | None
    date_expiry: dt.date | None
    partners: list[str]
    areas: list[str]
    is_public: bool
    archived: bool
    renewable: bool

    @staticmethod
    def resolve_status(obj: Agreement) -> str:
        return rules.current_status(obj)

    @staticmethod
    def resolve_partners(obj: Agreement) -> list[str]:
        return [p.partner.code for p in obj.parties.all()]

    @staticmethod
    def resolve_areas(obj: Agreement) -> list[str]:
        return [a.code for a in obj.areas.all()]

    @staticmethod
    def resolve_archived(obj: Agreement) -> bool:
        return obj.archived_at is not None

    @staticmethod
    def resolve_renewable(obj: Agreement) -> bool:
        return rules.renewable(obj)


class AgreementCreate(Schema):
    title: str
    partners: list[str]
    kind: AgreementKind = AgreementKind.MOU  # type: ignore[attr-defined]
    status: AgreementStatus = AgreementStatus.EXPLORING  # type: ignore[attr-defined]
    title_en: str = ""
    reference_number: str = ""
    summary: str = ""
    date_signed: dt.date | None = None
    signed_year: int | None = None
    date_in_force: dt.date | None = None
    date_expiry: dt.date | None = None
    is_public: bool = False
    areas: list[str] = []


class AgreementUpdate(Schema):
    title: str | None = None
    title_en: str | None = None
    reference_number: str | None = None
    summary: str | None = None
    date_signed: dt.date | None = None
    signed_year: int | None = None
    date_in_force: dt.date | None = None
    date_expiry: dt.date | None = None
    is_public: bool | None = None
    areas: list[str] | None = None

"""The partners domain's input and output types: the API's schemas, the services' inputs."""

from __future__ import annotations

from enum import Enum

from ninja import Schema

from mitra.partners.models import Partner

# Each enum gets its own name in the OpenAPI document (ninja names a component after the
# class): the model's `Partner.Kind` would collide with every other `Kind`.
PartnerKind = Enum("PartnerKind", {k.name: k.value for k in Partner.Kind}, type=str)  # type: ignore[misc]

# Text fields that hold "" rather than NULL: an explicit null for them is a 422 naming them.
TEXT_FIELDS = ("name_id", "name_en", "abbreviation", "region", "iati_ref", "website", "notes")


class PartnerOut(Schema):
    code: str
    kind: str
    name_id: str
    name_en: str
    abbreviation: str
    region: str
    iati_ref: str
    website: str
    notes: str
    areas: list[str]
    archived: bool

    @staticmethod
    def resolve_areas(obj: Partner) -> list[str]:
        return [a.code for a in obj.areas.all()]

    @staticmethod
    def resolve_archived(obj: Partner) -> bool:
        return obj.archived_at is not None


class PartnerCreate(Schema):
    kind: PartnerKind
    code: str
    name_id: str = ""
    name_en: str = ""
    abbreviation: str = ""
    region: str | None = None
    iati_ref: str = ""
    website: str = ""
    notes: str = ""
    areas: list[str] = []


class PartnerUpdate(Schema):
    name_id: str | None = None
    name_en: str | None = None
    abbreviation: str | None = None
    region: str | None = None
    iati_ref: str | None = None
    website: str | None = None
    notes: str | None = None
    areas: list[str] | None = None

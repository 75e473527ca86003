"""/api/v1/partners: list, read, create, change, archive."""

from __future__ import annotations

from typing import Any

from django.http import Http404, HttpRequest
from django.utils.translation import gettext as _
from ninja import Router, Schema, Status

from mitra.agreements.models import CooperationArea
from mitra.core.api import DEFAULT_LIMIT, Page, paginate
from mitra.partners import selectors, services
from mitra.partners.models import Partner

router = Router(tags=["partners"])


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
    kind: Partner.Kind
    code: str
    name_id: str = ""
    name_en: str = ""
    abbreviation: str = ""
    region: str = ""
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


def _get(request: HttpRequest, code: str) -> Partner:
    partner = selectors.partner_get(user=request.user, code=code)
    if partner is None:
        raise Http404(_("No partner has the code “%(code)s”.") % {"code": code})
    return partner


def _areas(codes: list[str] | None) -> Any:
    return None if codes is None else list(CooperationArea.objects.filter(code__in=codes))


@router.get("", response=Page[PartnerOut])
def list_partners(
    request: HttpRequest,
    kind: str = "",
    region: str = "",
    area: str = "",
    q: str = "",
    archived: bool = False,
    cursor: str | None = None,
    limit: int = DEFAULT_LIMIT,
) -> dict[str, Any]:
    qs = selectors.partner_list(
        user=request.user, q=q, kind=kind, region=region, area=area, archived=archived
    ).prefetch_related("areas")
    return paginate(qs, cursor, limit)


@router.get("/{code}", response=PartnerOut)
def get_partner(request: HttpRequest, code: str) -> Partner:
    return _get(request, code)


@router.post("", response={201: PartnerOut})
def create_partner(request: HttpRequest, data: PartnerCreate) -> Status:
    fields = data.dict()
    areas = _areas(fields.pop("areas"))
    partner = services.partner_create(
        user=request.user, kind=fields.pop("kind"), code=fields.pop("code"), areas=areas, **fields
    )
    return Status(201, partner)


@router.patch("/{code}", response=PartnerOut)
def update_partner(request: HttpRequest, code: str, data: PartnerUpdate) -> Partner:
    partner = _get(request, code)
    fields = data.dict(exclude_unset=True)
    areas = _areas(fields.pop("areas", None))
    return services.partner_update(user=request.user, partner=partner, areas=areas, **fields)


@router.post("/{code}/archive", response=PartnerOut)
def archive_partner(request: HttpRequest, code: str) -> Partner:
    return services.partner_archive(user=request.user, partner=_get(request, code))

"""/api/v1/partners: list, read, create, change, archive."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest
from ninja import Router, Status

from mitra.core.api import DEFAULT_LIMIT, Page, changes, paginate
from mitra.partners import selectors, services
from mitra.partners.models import Partner
from mitra.partners.schemas import TEXT_FIELDS, PartnerCreate, PartnerOut, PartnerUpdate
from mitra.taxonomy.selectors import areas_by_codes

router = Router(tags=["partners"])


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
    return selectors.partner_get(user=request.user, code=code)


@router.post("", response={201: PartnerOut})
def create_partner(request: HttpRequest, data: PartnerCreate) -> Status:
    partner = services.partner_create(
        user=request.user,
        kind=data.kind.value,
        code=data.code,
        name_id=data.name_id,
        name_en=data.name_en,
        abbreviation=data.abbreviation,
        region=data.region,
        iati_ref=data.iati_ref,
        website=data.website,
        notes=data.notes,
        areas=areas_by_codes(data.areas),
    )
    return Status(201, partner)


@router.patch("/{code}", response=PartnerOut)
def update_partner(request: HttpRequest, code: str, data: PartnerUpdate) -> Partner:
    partner = selectors.partner_get(user=request.user, code=code)
    fields = changes(data, required=TEXT_FIELDS)
    codes = fields.pop("areas", None)
    areas = None if codes is None else areas_by_codes(codes)
    return services.partner_update(user=request.user, partner=partner, areas=areas, **fields)


@router.post("/{code}/archive", response=PartnerOut)
def archive_partner(request: HttpRequest, code: str) -> Partner:
    partner = selectors.partner_get(user=request.user, code=code)
    return services.partner_archive(user=request.user, partner=partner)

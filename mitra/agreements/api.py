"""/api/v1/agreements: list (with filters), read, create, change, archive."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.http import HttpRequest, HttpResponse
from ninja import Router, Status

from mitra.agreements import selectors, services
from mitra.agreements.models import AgreementParty
from mitra.agreements.schemas import (
    REQUIRED_WHEN_GIVEN,
    AgreementCreate,
    AgreementOut,
    AgreementUpdate,
)
from mitra.core.api import DEFAULT_LIMIT, Page, changes, json_response, paginate
from mitra.partners import selectors as partner_selectors
from mitra.taxonomy import selectors as taxonomy_selectors

router = Router(tags=["agreements"])


def _parties(codes: list[str]) -> list[tuple[Any, str]]:
    partners = partner_selectors.partners_by_codes(codes, field="partners")
    return [(p, AgreementParty.Role.SIGNATORY) for p in partners]


@router.get("", response=Page[AgreementOut])
def list_agreements(
    request: HttpRequest,
    partner: str = "",
    status: str = "",
    kind: str = "",
    area: str = "",
    q: str = "",
    expires_before: dt.date | None = None,
    archived: bool = False,
    cursor: str | None = None,
    limit: int = DEFAULT_LIMIT,
) -> HttpResponse:
    qs = selectors.agreement_list(
        user=request.user,
        q=q,
        status=status,
        kind=kind,
        partner=partner,
        area=area,
        expires_before=expires_before,
        archived=archived,
    )
    # Rows as values in AgreementOut's shape, written as they are: no model instance and no
    # validation through the schema per row (issue 18). The declared
    # response still documents them; test_api_list_json holds the two to the same JSON.
    page = paginate(selectors.as_api_rows(qs), cursor, limit)
    return json_response({**page, "items": selectors.api_rows(page["items"])})


@router.get("/{int:pk}", response=AgreementOut)
def get_agreement(request: HttpRequest, pk: int) -> Any:
    return selectors.agreement_get(user=request.user, pk=pk)


@router.post("", response={201: AgreementOut})
def create_agreement(request: HttpRequest, data: AgreementCreate) -> Status:
    agreement = services.agreement_create(
        user=request.user,
        title=data.title,
        parties=_parties(data.partners),
        areas=taxonomy_selectors.areas_by_codes(data.areas),
        kind=data.kind.value,
        status=data.status.value,
        title_en=data.title_en,
        reference_number=data.reference_number,
        summary=data.summary,
        date_signed=data.date_signed,
        signed_year=data.signed_year,
        date_in_force=data.date_in_force,
        date_expiry=data.date_expiry,
        is_public=data.is_public,
    )
    return Status(201, selectors.agreement_get(user=request.user, pk=agreement.pk))


@router.patch("/{int:pk}", response=AgreementOut)
def update_agreement(request: HttpRequest, pk: int, data: AgreementUpdate) -> Any:
    agreement = selectors.agreement_get(user=request.user, pk=pk)
    fields = changes(data, required=REQUIRED_WHEN_GIVEN)
    codes = fields.pop("areas", None)
    areas = None if codes is None else taxonomy_selectors.areas_by_codes(codes)
    services.agreement_update(user=request.user, agreement=agreement, areas=areas, **fields)
    return selectors.agreement_get(user=request.user, pk=pk)


@router.post("/{int:pk}/archive", response=AgreementOut)
def archive_agreement(request: HttpRequest, pk: int) -> Any:
    agreement = selectors.agreement_get(user=request.user, pk=pk)
    services.agreement_archive(user=request.user, agreement=agreement)
    return selectors.agreement_get(user=request.user, pk=pk)

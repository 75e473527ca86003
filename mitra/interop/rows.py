"""One imported row to records, through the registry's services. Each returns True when it
created the record, False when it updated one; a ValidationError names the column at fault."""

from __future__ import annotations

from typing import Any, Literal, TypedDict, get_args

from django.core.exceptions import ValidationError

from mitra.agreements import selectors as agreement_selectors
from mitra.agreements import services as agreement_services
from mitra.agreements.schemas import SIGNATORY, AgreementKind, AgreementStatus
from mitra.interop import spreadsheets as sheets
from mitra.partners import selectors as partner_selectors
from mitra.partners import services as partner_services
from mitra.plans import selectors as plan_selectors
from mitra.plans import services as plan_services
from mitra.plans.schemas import ActivityChanges
from mitra.taxonomy import selectors as taxonomy_selectors


def _choice(values: dict[str, Any], key: str, choices: Any, default: Any = None) -> Any:
    """The code for a choice column's cell: code or label, either language, any case."""
    value = values.get(key)
    if value in (None, ""):
        return default
    return sheets.choice_code(key, value, choices)


def _areas(codes: list[str], key: str = "areas") -> list[Any]:
    """The taxonomy turns area codes (any case) into areas; an unknown one names the column."""
    return taxonomy_selectors.areas_by_codes(codes, field=key) if codes else []


class _PartnerText(TypedDict, total=False):
    """The partner's text columns a row gives: only those present are passed, so an update
    leaves the columns a sheet does not have as they were."""

    name_id: str
    name_en: str
    abbreviation: str
    region: str
    iati_ref: str
    website: str
    notes: str


_PartnerTextKey = Literal[
    "name_id", "name_en", "abbreviation", "region", "iati_ref", "website", "notes"
]


def partner(user: Any, values: dict[str, Any]) -> bool:
    kind = _choice(values, "kind", partner_selectors.kind_choices())
    fields: _PartnerText = {}
    key: _PartnerTextKey
    for key in get_args(_PartnerTextKey):
        if key in values:
            fields[key] = values[key] or ""
    if "region" in values:
        fields["region"] = _choice(values, "region", partner_selectors.region_choices(), "")
    # A sheet may give an organisation's name in one language only: use it for both.
    if not fields.get("name_en") and fields.get("name_id"):
        fields["name_en"] = fields["name_id"]
    if not fields.get("name_id") and fields.get("name_en"):
        fields["name_id"] = fields["name_en"]
    areas = _areas(values.get("areas") or [])
    existing = partner_selectors.find_by_code(user=user, code=values["code"])
    if existing is not None:
        partner_services.partner_update(user=user, partner=existing, areas=areas, **fields)
        return False
    partner_services.partner_create(
        user=user, kind=kind, code=values["code"], areas=areas, **fields
    )
    return True


def agreement(user: Any, values: dict[str, Any]) -> bool:
    codes = values.get("partners") or []
    partners = []
    for code in codes:
        found = partner_selectors.find_by_code(user=user, code=code)
        if found is None:
            raise ValidationError(
                {"partners": [ValidationError(sheets.UNKNOWN_PARTNER, params={"code": code})]}
            )
        partners.append(found)
    fields = {
        k: values[k]
        for k in (
            "title_en",
            "reference_number",
            "date_signed",
            "signed_year",
            "date_in_force",
            "date_expiry",
            "summary",
        )
        if values.get(k) not in (None, "")
    }
    if values.get("is_public") is not None:
        fields["is_public"] = values["is_public"]
    kinds, statuses = agreement_selectors.kind_choices(), agreement_selectors.status_choices()
    kind = _choice(values, "kind", kinds, AgreementKind.MOU.value)  # type: ignore[attr-defined]
    status = _choice(values, "status", statuses, AgreementStatus.EXPLORING.value)  # type: ignore[attr-defined]
    areas = _areas(values.get("areas") or [])
    existing = agreement_selectors.find_by_title(
        user=user, title=values["title"], partners=partners
    )
    parties = [(p, SIGNATORY) for p in partners]
    if existing is not None:
        agreement_services.agreement_update(
            user=user, agreement=existing, parties=parties, areas=areas, kind=kind, **fields
        )
        return False
    agreement_services.agreement_create(
        user=user,
        title=values["title"],
        parties=parties,
        areas=areas,
        kind=kind,
        status=status,
        signature_date_unknown=status not in ("exploring", "negotiating")
        and not values.get("date_signed")
        and not values.get("signed_year"),
        **fields,
    )
    return True


def activity(user: Any, values: dict[str, Any]) -> bool:
    agreement = agreement_selectors.find_by_title(user=user, title=values["agreement"])
    if agreement is None:
        raise ValidationError(
            {
                "agreement": [
                    ValidationError(sheets.UNKNOWN_AGREEMENT, params={"title": values["agreement"]})
                ]
            }
        )
    plan = plan_selectors.find_plan(
        user=user,
        agreement=agreement,
        title=values["plan"],
        start_year=values["plan_start_year"],
        end_year=values["plan_end_year"],
    ) or plan_services.plan_create(
        user=user,
        title=values["plan"],
        agreement=agreement,
        start_year=values["plan_start_year"],
        end_year=values["plan_end_year"],
    )
    fields: dict[str, Any] = {
        k: values[k]
        for k in (
            "planned_start",
            "planned_end",
            "actual_start",
            "actual_end",
            "budget",
            "currency",
            "people_reached",
        )
        if values.get(k) not in (None, "")
    }
    kinds = plan_selectors.activity_kind_choices()
    fields["kind"] = _choice(values, "kind", kinds, plan_selectors.DEFAULT_KIND)
    statuses = plan_selectors.activity_status_choices()
    fields["status"] = _choice(values, "status", statuses, plan_selectors.DEFAULT_STATUS)
    horizon = _choice(values, "horizon", plan_selectors.horizon_choices(), "")
    if horizon:
        fields["horizon"] = horizon
    funding = _choice(values, "funding_source", plan_selectors.funding_choices(), "")
    if funding:
        fields["funding_source"] = funding
    if values.get("area"):
        fields["area"] = _areas([values["area"]], "area")[0]
    if values.get("owner_unit"):
        unit = plan_selectors.owner_unit_by_code(values["owner_unit"])
        if unit is None:
            raise ValidationError(
                {
                    "owner_unit": [
                        ValidationError(sheets.UNKNOWN_UNIT, params={"code": values["owner_unit"]})
                    ]
                }
            )
        fields["owner_unit"] = unit
    existing = plan_selectors.find_activity(user=user, plan=plan, title=values["title"])
    if existing is not None:
        plan_services.activity_update(
            user=user, activity=existing, changes=ActivityChanges(**fields)
        )
        return False
    plan_services.activity_create(user=user, plan=plan, title=values["title"], **fields)
    return True


WRITERS = {"partners": partner, "agreements": agreement, "activities": activity}

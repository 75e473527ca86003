"""The public portal's reads: only agreements marked public, for anyone, without login."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.db.models import Prefetch, Q, QuerySet
from django.utils import timezone

from mitra.agreements import selectors as agreement_selectors
from mitra.agreements.models import Agreement, AgreementParty
from mitra.insights.dashboard import countries_map


def public_agreements(
    *, q: str = "", partner: str = "", area: str = "", today: dt.date | None = None
) -> QuerySet[Agreement]:
    """Public agreements, newest first, searchable by title, reference or partner name."""
    qs = agreement_selectors.with_current_status(
        Agreement.objects.active().filter(is_public=True), today or timezone.localdate()
    )
    if q:
        parties = AgreementParty.objects.filter(
            Q(partner__name_id__icontains=q)
            | Q(partner__name_en__icontains=q)
            | Q(partner__code__iexact=q)
        )
        qs = qs.filter(
            Q(title__icontains=q)
            | Q(title_en__icontains=q)
            | Q(reference_number__icontains=q)
            | Q(pk__in=parties.values("agreement_id"))
        )
    if partner:
        qs = qs.filter(
            pk__in=AgreementParty.objects.filter(partner__code__iexact=partner).values(
                "agreement_id"
            )
        )
    if area:
        qs = agreement_selectors.in_area(qs, area)
    return qs.prefetch_related(
        Prefetch("parties", queryset=AgreementParty.objects.select_related("partner")), "areas"
    ).order_by("-date_signed", "-signed_year", "-pk")


def public_map() -> list[dict[str, Any]]:
    """Countries with the number of public agreements they are party to."""
    return countries_map(Agreement.objects.active().filter(is_public=True))

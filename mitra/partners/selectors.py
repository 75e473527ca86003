"""Reads of partners: the filtered list and one partner's page."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.db.models import Count, OuterRef, Prefetch, Q, QuerySet, Subquery
from django.db.models.functions import Coalesce, Lower
from django.utils import timezone

from mitra.agreements import selectors as agreement_selectors
from mitra.agreements.models import Agreement, AgreementParty, CooperationArea
from mitra.core.permissions import can
from mitra.partners.models import Contact, Partner

S = Agreement.Status


def _active_agreement(prefix: str, user: Any, today: dt.date) -> Q:
    """Q over `prefix`-agreements that are signed or in force and not past expiry today."""
    q = (
        Q(**{f"{prefix}status__in": [S.SIGNED, S.IN_FORCE]})
        & (Q(**{f"{prefix}date_expiry__isnull": True}) | Q(**{f"{prefix}date_expiry__gte": today}))
        & Q(**{f"{prefix}archived_at__isnull": True})
    )
    if not can(user, "agreement.view_restricted"):
        q &= Q(**{f"{prefix}is_public": True})
    return q


def partner_list(
    *,
    user: Any,
    q: str = "",
    kind: str = "",
    region: str = "",
    area: str = "",
    has_active: bool | None = None,
    archived: bool = False,
    today: dt.date | None = None,
) -> QuerySet[Partner]:
    """Partners for the list page, each with its number of active agreements."""
    today = today or timezone.localdate()
    qs = Partner.objects.archived() if archived else Partner.objects.active()
    if q:
        qs = qs.filter(
            Q(name_id__icontains=q)
            | Q(name_en__icontains=q)
            | Q(code__icontains=q)
            | Q(abbreviation__icontains=q)
        )
    if kind:
        qs = qs.filter(kind=kind)
    if region:
        qs = qs.filter(region=region)
    if area:
        in_area = Q(areas__code=area) | Q(areas__parent__code=area)
        via_agreement = Q(
            agreement_parties__agreement__areas__code=area,
        ) | Q(agreement_parties__agreement__areas__parent__code=area)
        ids = Partner.objects.filter(in_area | via_agreement).values("pk")
        qs = qs.filter(pk__in=ids)
    # A subquery per partner shown, not a GROUP BY over every partner that passes the filters:
    # the page and its count stay cheap at 50,000 partners.
    parties = (
        AgreementParty.objects.filter(_active_agreement("agreement__", user, today))
        .filter(partner=OuterRef("pk"))
        .order_by()
        .values("partner")
        .annotate(n=Count("pk"))
        .values("n")
    )
    qs = qs.annotate(active_count=Coalesce(Subquery(parties), 0))
    if has_active is True:
        qs = qs.filter(active_count__gt=0)
    elif has_active is False:
        qs = qs.filter(active_count=0)
    return qs.order_by("name_id", "pk")


def partner_get(*, user: Any, code: str) -> Partner | None:
    """One partner by code, with its contacts and the agreements this user may read."""
    return (
        # lower(code) = …, the expression of the unique index: iexact's LIKE scans every row.
        Partner.objects.alias(code_ci=Lower("code"))
        .filter(code_ci=code.lower())
        .select_related("parent")
        .prefetch_related(
            Prefetch("contacts", queryset=Contact.objects.active()),
            "areas",
            "children",
        )
        .first()
    )


def partner_agreements(*, user: Any, partner: Partner) -> QuerySet[Agreement]:
    """The partner's agreements this user may read, newest first, with their current status."""
    qs = agreement_selectors.visible_to(user, Agreement.objects.active())
    return (
        agreement_selectors.with_current_status(qs.filter(parties__partner=partner))
        .prefetch_related("areas")
        .order_by("-created_at")
    )


def partner_areas(*, partner: Partner, agreements: list[Agreement]) -> list[CooperationArea]:
    """The partnership's own areas and those of its agreements, in taxonomy order."""
    seen: dict[int, CooperationArea] = {a.pk: a for a in partner.areas.all()}
    for agreement in agreements:
        for area in agreement.areas.all():
            seen.setdefault(area.pk, area)
    return sorted(seen.values(), key=lambda a: a.position)

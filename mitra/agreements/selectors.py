"""Reads of agreements: lists with filters, the current status, one agreement with its parts."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.db.models import Case, Exists, F, OuterRef, Prefetch, Q, QuerySet, Value, When
from django.utils import timezone

from mitra.agreements.models import Agreement, AgreementParty, CooperationArea
from mitra.core.permissions import can

S = Agreement.Status


def current_status(today: dt.date | None = None) -> Case:
    """The status as of today: a signed or in-force agreement past its expiry date is expired.

    An agreement is valid through its expiry date and expired from the day after.
    """
    today = today or timezone.localdate()
    return Case(
        When(status__in=[S.SIGNED, S.IN_FORCE], date_expiry__lt=today, then=Value(S.EXPIRED.value)),
        default=F("status"),
    )


def with_current_status(qs: QuerySet[Agreement], today: dt.date | None = None) -> QuerySet:
    return qs.annotate(current_status=current_status(today))


def visible_to(user: Any, qs: QuerySet[Agreement] | None = None) -> QuerySet[Agreement]:
    """The agreements this user may read: all of them, or only the public ones for a viewer."""
    qs = Agreement.objects.all() if qs is None else qs
    if can(user, "agreement.view_restricted"):
        return qs
    return qs.filter(is_public=True)


def in_area(qs: QuerySet[Agreement], code: str) -> QuerySet[Agreement]:
    """Agreements tagged with the area or one of its sub-areas.

    An EXISTS per agreement on the (agreement, area) index, so the other filters (an expiry
    range) choose where to start, rather than a list of every agreement in the area.
    """
    # The area and its sub-areas as a list (one small query), so that the check per agreement
    # is a lookup in the (agreement, area) index and not a join per tagged row.
    areas = list(
        CooperationArea.objects.filter(Q(code=code) | Q(parent__code=code)).values_list(
            "pk", flat=True
        )
    )
    tagged = Agreement.areas.through.objects.filter(
        agreement_id=OuterRef("pk"), cooperationarea_id__in=areas
    )
    return qs.filter(Exists(tagged))


def agreement_list(
    *,
    user: Any,
    q: str = "",
    status: str = "",
    kind: str = "",
    partner: str = "",
    area: str = "",
    expiring_within: int | None = None,
    archived: bool = False,
    today: dt.date | None = None,
) -> QuerySet[Agreement]:
    """Agreements for the list page, filtered, with what each row shows already loaded."""
    today = today or timezone.localdate()
    qs = Agreement.objects.archived() if archived else Agreement.objects.active()
    qs = with_current_status(visible_to(user, qs), today)
    if q:
        qs = qs.filter(
            Q(title__icontains=q) | Q(title_en__icontains=q) | Q(reference_number__icontains=q)
        )
    if status:
        qs = qs.filter(current_status=status)
    if kind:
        qs = qs.filter(kind=kind)
    if partner:
        qs = qs.filter(parties__partner__code__iexact=partner)
    if area:
        qs = in_area(qs, area)
    if expiring_within is not None:
        qs = qs.filter(
            current_status__in=[S.SIGNED, S.IN_FORCE],
            date_expiry__gte=today,
            date_expiry__lte=today + dt.timedelta(days=expiring_within),
        )
    if partner:
        qs = qs.distinct()
    return (
        qs.select_related("responsible_unit")
        .prefetch_related(
            Prefetch("parties", queryset=AgreementParty.objects.select_related("partner")),
            "areas",
        )
        .order_by("-created_at", "-pk")
    )


def agreement_get(*, user: Any, pk: int) -> Agreement | None:
    """One agreement with its parties, areas, documents and links, if the user may read it."""
    qs = with_current_status(visible_to(user))
    qs = qs.select_related("responsible_unit", "parent", "predecessor").prefetch_related(
        Prefetch("parties", queryset=AgreementParty.objects.select_related("partner")),
        Prefetch("areas", queryset=CooperationArea.objects.select_related("parent")),
        "documents",
        "implementing",
    )
    return qs.filter(pk=pk).first()


def area_choices() -> list[tuple[str, str]]:
    """Areas as (code, label) with sub-areas indented under their parent, in taxonomy order."""
    areas = list(CooperationArea.objects.select_related("parent").order_by("position"))
    out: list[tuple[str, str]] = []
    for top in (a for a in areas if a.parent_id is None):
        out.append((top.code, top.label))
        out.extend((c.code, f"— {c.label}") for c in areas if c.parent_id == top.pk)
    return out

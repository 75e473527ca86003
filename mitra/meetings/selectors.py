"""Reads of meetings and follow-ups."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.db.models import Count, F, Prefetch, Q, QuerySet
from django.utils import timezone

from mitra.meetings.models import FollowUp, Meeting, Participant


def meeting_list(
    *,
    q: str = "",
    kind: str = "",
    partner: str = "",
    year: int | None = None,
    archived: bool = False,
    today: dt.date | None = None,
) -> QuerySet[Meeting]:
    """Meetings for the list page, newest first, undated last, with their open follow-ups."""
    today = today or timezone.localdate()
    qs = Meeting.objects.archived() if archived else Meeting.objects.active()
    if q:
        qs = qs.filter(Q(title__icontains=q) | Q(place__icontains=q) | Q(summary__icontains=q))
    if kind:
        qs = qs.filter(kind=kind)
    if partner:
        qs = qs.filter(partners__code__iexact=partner).distinct()
    if year:
        qs = qs.filter(date__year=year)
    open_q = Q(followups__status=FollowUp.Status.OPEN, followups__archived_at__isnull=True)
    return (
        qs.annotate(
            open_followups=Count("followups", filter=open_q, distinct=True),
            overdue_followups=Count(
                "followups", filter=open_q & Q(followups__due_date__lt=today), distinct=True
            ),
        )
        .select_related("organiser")
        .prefetch_related("partners")
        .order_by(F("date").desc(nulls_last=True), "-pk")
    )


def meeting_get(*, pk: int) -> Meeting | None:
    """One meeting with its participants, links and follow-ups."""
    return (
        Meeting.objects.select_related("organiser")
        .prefetch_related(
            Prefetch(
                "participants", queryset=Participant.objects.select_related("partner", "unit")
            ),
            Prefetch("followups", queryset=FollowUp.objects.active().select_related("owner_unit")),
            "partners",
            "agreements",
            "areas",
            "documents",
        )
        .filter(pk=pk)
        .first()
    )


def meetings_with_partner(*, partner: Any) -> QuerySet[Meeting]:
    return Meeting.objects.active().filter(partners=partner).order_by("-date", "-pk")


def followup_list(
    *,
    unit: Any = None,
    status: str = FollowUp.Status.OPEN,
    overdue_only: bool = False,
    undated_only: bool = False,
    today: dt.date | None = None,
) -> QuerySet[FollowUp]:
    """Follow-ups, soonest due first; for one unit when given ("my follow-ups")."""
    today = today or timezone.localdate()
    qs = FollowUp.objects.active().filter(meeting__archived_at__isnull=True)
    if unit is not None:
        qs = qs.filter(owner_unit=unit)
    if status:
        qs = qs.filter(status=status)
    if overdue_only:
        qs = qs.filter(status=FollowUp.Status.OPEN, due_date__lt=today)
    if undated_only:
        qs = qs.filter(status=FollowUp.Status.OPEN, due_date__isnull=True)
    return qs.select_related("meeting", "owner_unit")

"""/api/v1/meetings: meetings with participants, and their follow-ups."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.http import HttpRequest
from ninja import Query, Router, Schema, Status

from mitra.core.api import DEFAULT_LIMIT, Page, paginate
from mitra.meetings import rules, selectors, services
from mitra.meetings.models import FollowUp, Meeting
from mitra.meetings.schemas import FollowUpStatusUpdate, MeetingCreate, ParticipantSchema

router = Router(tags=["meetings"])


class FollowUpOut(Schema):
    id: int
    meeting_id: int
    description: str
    owner_unit: str
    due_date: dt.date | None
    status: str
    overdue: bool

    @staticmethod
    def resolve_owner_unit(obj: FollowUp) -> str:
        return obj.owner_unit.code

    @staticmethod
    def resolve_overdue(obj: FollowUp) -> bool:
        return rules.is_overdue(obj)


class MeetingOut(Schema):
    id: int
    title: str
    kind: str
    level: str
    date: dt.date | None
    place: str
    summary: str
    decisions: str
    partners: list[str]
    agreements: list[int]
    areas: list[str]
    participants: list[ParticipantSchema]

    @staticmethod
    def resolve_partners(obj: Meeting) -> list[str]:
        return [p.code for p in obj.partners.all()]

    @staticmethod
    def resolve_agreements(obj: Meeting) -> list[int]:
        return [a.pk for a in obj.agreements.all()]

    @staticmethod
    def resolve_areas(obj: Meeting) -> list[str]:
        return [a.code for a in obj.areas.all()]

    @staticmethod
    def resolve_participants(obj: Meeting) -> list[dict[str, str]]:
        return [
            {"name": p.name, "role_title": p.role_title, "side": p.side}
            for p in obj.participants.all()
        ]


@router.get("", response=Page[MeetingOut])
def list_meetings(
    request: HttpRequest,
    partner: str = "",
    kind: str = "",
    year: int | None = Query(None, ge=1900, le=2100),
    q: str = "",
    cursor: str | None = None,
    limit: int = DEFAULT_LIMIT,
) -> dict[str, Any]:
    qs = selectors.meeting_list(
        user=request.user, q=q, kind=kind, partner=partner, year=year
    ).prefetch_related("agreements", "areas", "participants")
    return paginate(qs, cursor, limit)


@router.get("/followups", response=Page[FollowUpOut])
def list_followups(
    request: HttpRequest,
    unit: str = "",
    status: str = "",
    overdue: bool = False,
    cursor: str | None = None,
    limit: int = DEFAULT_LIMIT,
) -> dict[str, Any]:
    owner = selectors.unit_by_code("unit", unit) if unit else None
    qs = selectors.followup_list(user=request.user, unit=owner, status=status, overdue_only=overdue)
    return paginate(qs, cursor, limit)


@router.get("/{int:pk}", response=MeetingOut)
def get_meeting(request: HttpRequest, pk: int) -> Meeting:
    return selectors.meeting_get(user=request.user, pk=pk)


@router.post("", response={201: MeetingOut})
def create_meeting(request: HttpRequest, data: MeetingCreate) -> Status:
    fields = data.dict()
    meeting = services.meeting_create(
        user=request.user,
        title=fields["title"],
        kind=data.kind.value,
        level=fields["level"],
        date=fields["date"],
        place=fields["place"],
        summary=fields["summary"],
        decisions=fields["decisions"],
        partners=selectors.partners_by_codes("partners", fields["partners"]),
        agreements=selectors.agreements_by_ids(
            "agreements", fields["agreements"], user=request.user
        ),
        areas=selectors.areas_by_codes("areas", fields["areas"]),
        participants=[
            services.ParticipantIn(name=p.name, role_title=p.role_title, side=p.side.value)
            for p in data.participants
        ],
        followups=[
            services.FollowUpIn(
                description=f["description"],
                owner_unit=selectors.unit_by_code("followups", f["owner_unit"]),
                due_date=f["due_date"],
            )
            for f in fields["followups"]
        ],
    )
    return Status(201, selectors.meeting_get(user=request.user, pk=meeting.pk))


@router.post("/followups/{int:pk}/status", response=FollowUpOut)
def set_followup_status(request: HttpRequest, pk: int, data: FollowUpStatusUpdate) -> FollowUp:
    followup = selectors.followup_get(user=request.user, pk=pk)
    return services.followup_set_status(
        user=request.user, followup=followup, status=data.status.value, note=data.note
    )

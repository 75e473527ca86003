"""/api/v1/meetings: meetings with participants, and their follow-ups."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.http import Http404, HttpRequest
from django.utils import timezone
from django.utils.translation import gettext as _
from ninja import Query, Router, Schema, Status

from mitra.accounts.models import Unit
from mitra.agreements.models import Agreement, CooperationArea
from mitra.core.api import DEFAULT_LIMIT, Page, paginate
from mitra.core.permissions import can
from mitra.meetings import selectors, services
from mitra.meetings.models import FollowUp, Meeting
from mitra.partners.models import Partner

router = Router(tags=["meetings"])


class ParticipantSchema(Schema):
    name: str
    role_title: str = ""
    side: str = "ours"


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
        return bool(obj.status == "open" and obj.due_date and obj.due_date < timezone.localdate())


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


class FollowUpIn(Schema):
    description: str
    owner_unit: str
    due_date: dt.date | None = None


class MeetingIn(Schema):
    title: str
    kind: Meeting.Kind
    level: str = ""
    date: dt.date | None = None
    place: str = ""
    summary: str = ""
    decisions: str = ""
    partners: list[str] = []
    agreements: list[int] = []
    areas: list[str] = []
    participants: list[ParticipantSchema] = []
    followups: list[FollowUpIn] = []


class StatusIn(Schema):
    status: FollowUp.Status
    note: str = ""


def _internal(request: HttpRequest) -> None:
    if not can(request.user, "internal.view"):
        raise Http404(_("Meetings are visible to government users only."))


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
    _internal(request)
    qs = selectors.meeting_list(q=q, kind=kind, partner=partner, year=year).prefetch_related(
        "agreements", "areas", "participants"
    )
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
    _internal(request)
    owner = Unit.objects.filter(code=unit).first() if unit else None
    if unit and owner is None:
        raise Http404(_("No unit has the code “%(code)s”.") % {"code": unit})
    qs = selectors.followup_list(unit=owner, status=status, overdue_only=overdue)
    return paginate(qs, cursor, limit)


@router.get("/{int:pk}", response=MeetingOut)
def get_meeting(request: HttpRequest, pk: int) -> Meeting:
    _internal(request)
    meeting = selectors.meeting_get(pk=pk)
    if meeting is None:
        raise Http404(_("No meeting with number %(pk)s.") % {"pk": pk})
    return meeting


@router.post("", response={201: MeetingOut})
def create_meeting(request: HttpRequest, data: MeetingIn) -> Status:
    fields = data.dict()
    units = {
        u.code: u
        for u in Unit.objects.filter(code__in=[f["owner_unit"] for f in fields["followups"]])
    }
    meeting = services.meeting_create(
        user=request.user,
        title=fields["title"],
        kind=fields["kind"],
        level=fields["level"],
        date=fields["date"],
        place=fields["place"],
        summary=fields["summary"],
        decisions=fields["decisions"],
        partners=Partner.objects.filter(code__in=fields["partners"]),
        agreements=Agreement.objects.filter(pk__in=fields["agreements"]),
        areas=CooperationArea.objects.filter(code__in=fields["areas"]),
        participants=[services.ParticipantIn(**p) for p in fields["participants"]],
        followups=[
            services.FollowUpIn(
                description=f["description"],
                owner_unit=units.get(f["owner_unit"]),
                due_date=f["due_date"],
            )
            for f in fields["followups"]
        ],
    )
    return Status(201, selectors.meeting_get(pk=meeting.pk))


@router.post("/followups/{int:pk}/status", response=FollowUpOut)
def set_followup_status(request: HttpRequest, pk: int, data: StatusIn) -> FollowUp:
    _internal(request)
    followup = FollowUp.objects.select_related("owner_unit").filter(pk=pk).first()
    if followup is None:
        raise Http404(_("No follow-up with number %(pk)s.") % {"pk": pk})
    return services.followup_set_status(
        user=request.user, followup=followup, status=data.status, note=data.note
    )

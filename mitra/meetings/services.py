"""Writes to meetings: a meeting with its participants and follow-ups, in one go."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from mitra.core import history
from mitra.core.permissions import require
from mitra.meetings.models import FollowUp, Meeting, Participant

MEETING_FIELDS = (
    "title",
    "kind",
    "level",
    "date",
    "place",
    "organiser",
    "attendance",
    "attendance_approximate",
    "summary",
    "decisions",
)
FOLLOWUP_TEXT_REQUIRED = _("Say what is to be done.")
FOLLOWUP_OWNER_REQUIRED = _("Name the unit that owns this follow-up.")
FOLLOWUP_DUE_REQUIRED = _("Give the date by which this follow-up is due.")
MEETING_IN_FUTURE_DONE = _("A follow-up cannot be closed on a date in the future.")
PARTICIPANT_NAME_REQUIRED = _("Give the participant's name.")


@dataclass(frozen=True)
class ParticipantIn:
    name: str
    role_title: str = ""
    side: str = Participant.Side.OURS
    partner: Any = None
    unit: Any = None


@dataclass(frozen=True)
class FollowUpIn:
    description: str
    owner_unit: Any
    due_date: dt.date | None
    # Only for records taken from a source that names no deadline (demo data, ingested texts).
    due_date_unknown: bool = False
    note: str = ""


def _check_followup(item: FollowUpIn) -> None:
    errors: dict[str, list] = {}
    if not item.description.strip():
        errors["description"] = [FOLLOWUP_TEXT_REQUIRED]
    if item.owner_unit is None:
        errors["owner_unit"] = [FOLLOWUP_OWNER_REQUIRED]
    if item.due_date is None and not item.due_date_unknown:
        errors["due_date"] = [FOLLOWUP_DUE_REQUIRED]
    if errors:
        raise ValidationError(errors)


def _set_participants(meeting: Meeting, user: Any, people: Sequence[ParticipantIn]) -> None:
    for old in meeting.participants.all():
        history.stamp(old, by=user)
        old.delete()  # the rows' history keeps who was listed before
    for position, person in enumerate(people):
        if not person.name.strip():
            raise ValidationError({"participants": [PARTICIPANT_NAME_REQUIRED]})
        row = Participant(
            meeting=meeting,
            name=person.name.strip(),
            role_title=person.role_title.strip(),
            side=person.side,
            partner=person.partner,
            unit=person.unit,
            position=position,
        )
        history.stamp(row, by=user)
        row.full_clean(exclude=["meeting"])
        row.save()


def _add_followup(meeting: Meeting, user: Any, item: FollowUpIn) -> FollowUp:
    _check_followup(item)
    followup = FollowUp(
        meeting=meeting,
        description=item.description.strip(),
        owner_unit=item.owner_unit,
        due_date=item.due_date,
        due_date_unknown=item.due_date is None and item.due_date_unknown,
        note=item.note,
    )
    history.stamp(followup, by=user)
    followup.full_clean(exclude=["meeting"])
    followup.save()
    return followup


def _set_links(
    meeting: Meeting,
    partners: Iterable[Any] | None,
    agreements: Iterable[Any] | None,
    areas: Iterable[Any] | None,
) -> None:
    if partners is not None:
        meeting.partners.set(list(partners))
    if agreements is not None:
        meeting.agreements.set(list(agreements))
    if areas is not None:
        meeting.areas.set(list(areas))


@transaction.atomic
def meeting_create(
    *,
    user: Any,
    title: str,
    kind: str,
    level: str = "",
    date: dt.date | None = None,
    place: str = "",
    organiser: Any = None,
    attendance: int | None = None,
    attendance_approximate: bool = False,
    summary: str = "",
    decisions: str = "",
    participants: Sequence[ParticipantIn] = (),
    followups: Sequence[FollowUpIn] = (),
    partners: Iterable[Any] = (),
    agreements: Iterable[Any] = (),
    areas: Iterable[Any] = (),
) -> Meeting:
    """Record a meeting with who took part, what it was about, and what must follow.

    All or nothing: one refused follow-up or participant leaves no meeting behind.
    """
    require(user, "meeting.change")
    for item in followups:
        _check_followup(item)  # refuse before writing anything
    meeting = Meeting(
        title=title,
        kind=kind,
        level=level,
        date=date,
        place=place,
        organiser=organiser,
        attendance=attendance,
        attendance_approximate=attendance_approximate,
        summary=summary,
        decisions=decisions,
    )
    history.stamp(meeting, by=user)
    meeting.full_clean()
    meeting.save()
    _set_links(meeting, partners, agreements, areas)
    _set_participants(meeting, user, participants)
    for item in followups:
        _add_followup(meeting, user, item)
    return meeting


_KEEP: Any = object()


@transaction.atomic
def meeting_update(
    *,
    user: Any,
    meeting: Meeting,
    title: str = _KEEP,
    kind: str = _KEEP,
    level: str = _KEEP,
    date: dt.date | None = _KEEP,
    place: str = _KEEP,
    organiser: Any = _KEEP,
    attendance: int | None = _KEEP,
    attendance_approximate: bool = _KEEP,
    summary: str = _KEEP,
    decisions: str = _KEEP,
    participants: Sequence[ParticipantIn] | None = None,
    partners: Iterable[Any] | None = None,
    agreements: Iterable[Any] | None = None,
    areas: Iterable[Any] | None = None,
) -> Meeting:
    """Change a meeting's details (those given), links and participant list."""
    require(user, "meeting.change", meeting)
    given = {
        "title": title,
        "kind": kind,
        "level": level,
        "date": date,
        "place": place,
        "organiser": organiser,
        "attendance": attendance,
        "attendance_approximate": attendance_approximate,
        "summary": summary,
        "decisions": decisions,
    }
    for name, value in given.items():
        if value is not _KEEP:
            setattr(meeting, name, value)
    history.stamp(meeting, by=user)
    meeting.full_clean()
    meeting.save()
    _set_links(meeting, partners, agreements, areas)
    if participants is not None:
        _set_participants(meeting, user, participants)
    return meeting


@transaction.atomic
def meeting_archive(*, user: Any, meeting: Meeting, restore: bool = False) -> Meeting:
    """Take a meeting out of the lists (or bring it back); its record and history stay."""
    require(user, "meeting.change", meeting)
    meeting.archived_at = None if restore else (meeting.archived_at or timezone.now())
    history.stamp(meeting, by=user)
    meeting.save(update_fields=["archived_at", "updated_at"])
    return meeting


@transaction.atomic
def followup_add(*, user: Any, meeting: Meeting, item: FollowUpIn) -> FollowUp:
    """Add one follow-up to a recorded meeting."""
    require(user, "meeting.change", meeting)
    return _add_followup(meeting, user, item)


@transaction.atomic
def followup_set_status(
    *, user: Any, followup: FollowUp, status: str, on: dt.date | None = None, note: str = ""
) -> FollowUp:
    """Mark a follow-up done or dropped (with the date), or open it again."""
    require(user, "followup.change", followup)
    today = timezone.localdate()
    on = on or today
    if on > today:
        raise ValidationError({"closed_on": [MEETING_IN_FUTURE_DONE]})
    followup.status = status
    followup.closed_on = None if status == FollowUp.Status.OPEN else on
    if note.strip():
        followup.note = note.strip()
    history.stamp(followup, by=user)
    followup.full_clean()
    followup.save()
    return followup


@transaction.atomic
def followup_set_due_date(*, user: Any, followup: FollowUp, due_date: dt.date | None) -> FollowUp:
    """Set or move a follow-up's deadline (the bureau or the owner unit)."""
    require(user, "followup.change", followup)
    if due_date is None:
        raise ValidationError({"due_date": [FOLLOWUP_DUE_REQUIRED]})
    followup.due_date = due_date
    followup.due_date_unknown = False
    history.stamp(followup, by=user)
    followup.full_clean()
    followup.save()
    return followup

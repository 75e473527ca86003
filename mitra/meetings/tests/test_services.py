"""Meetings and follow-ups through the services: all or nothing, owners and deadlines, roles."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from mitra.core.errors import NotAllowed
from mitra.meetings import services
from mitra.meetings.models import FollowUp, Meeting
from mitra.meetings.services import FollowUpIn, ParticipantIn

pytestmark = pytest.mark.django_db


def record(officer, partner, followups, **extra):
    return services.meeting_create(
        user=officer,
        title="Dialog teknis Indonesia–Kazakhstan",
        kind=Meeting.Kind.TECHNICAL,
        date=dt.date(2025, 4, 28),
        place="Astana",
        partners=[partner],
        participants=[
            ParticipantIn(name="Fadjroel Rachman", role_title="Duta Besar RI"),
            ParticipantIn(
                name="Akmaral Alnazarova",
                role_title="Menteri Kesehatan Kazakhstan",
                side="partner",
                partner=partner,
            ),
        ],
        followups=followups,
        **extra,
    )


def test_a_meeting_is_recorded_with_its_people_and_follow_ups(officer, kazakhstan, p2p, bureau):
    due = timezone.localdate() + dt.timedelta(days=30)
    meeting = record(
        officer,
        kazakhstan,
        [
            FollowUpIn(description="Dialog teknis reguler", owner_unit=bureau, due_date=due),
            FollowUpIn(description="Usulan rencana aksi", owner_unit=p2p, due_date=due),
        ],
    )
    assert [p.name for p in meeting.participants.all()] == [
        "Fadjroel Rachman",
        "Akmaral Alnazarova",
    ]
    assert meeting.followups.count() == 2
    assert list(kazakhstan.meetings.all()) == [meeting]
    assert {h.history_user for h in meeting.history.all()} == {officer}


@pytest.mark.parametrize(
    ("missing", "message"),
    [
        ("owner_unit", services.FOLLOWUP_OWNER_REQUIRED),
        ("due_date", services.FOLLOWUP_DUE_REQUIRED),
        ("description", services.FOLLOWUP_TEXT_REQUIRED),
    ],
)
def test_a_follow_up_without_owner_due_date_or_text_saves_nothing(
    officer, kazakhstan, bureau, missing, message
):
    item = {
        "description": "Dialog teknis reguler",
        "owner_unit": bureau,
        "due_date": dt.date(2026, 1, 31),
    }
    item[missing] = "" if missing == "description" else None
    with pytest.raises(ValidationError) as exc:
        record(officer, kazakhstan, [FollowUpIn(**item)])
    assert exc.value.message_dict[missing] == [str(message)]
    assert not Meeting.objects.exists() and not FollowUp.objects.exists()


def test_a_source_without_a_deadline_is_said_so_explicitly(officer, kazakhstan, bureau):
    meeting = record(
        officer,
        kazakhstan,
        [FollowUpIn("Dialog teknis", owner_unit=bureau, due_date=None, due_date_unknown=True)],
    )
    followup = meeting.followups.get()
    assert followup.due_date is None and followup.due_date_unknown
    services.followup_set_due_date(user=officer, followup=followup, due_date=dt.date(2026, 3, 1))
    followup.refresh_from_db()
    assert followup.due_date == dt.date(2026, 3, 1) and not followup.due_date_unknown


@pytest.mark.parametrize("role", ["focal", "coordination", "viewer", "admin"])
def test_only_the_bureau_records_meetings(personas, kazakhstan, role):
    with pytest.raises(NotAllowed):
        record(personas[role], kazakhstan, [])
    assert not Meeting.objects.exists()


@pytest.fixture
def followups(officer, kazakhstan, p2p, bureau):
    due = timezone.localdate() - dt.timedelta(days=3)
    meeting = record(
        officer,
        kazakhstan,
        [
            FollowUpIn(description="Kirim draf", owner_unit=p2p, due_date=due),
            FollowUpIn(description="Undang delegasi", owner_unit=bureau, due_date=due),
        ],
    )
    return list(meeting.followups.order_by("pk"))


def test_the_owner_units_focal_point_closes_its_follow_up(focal, followups):
    mine, theirs = followups
    services.followup_set_status(user=focal, followup=mine, status="done", note="Terkirim.")
    mine.refresh_from_db()
    assert (mine.status, mine.closed_on, mine.note) == ("done", timezone.localdate(), "Terkirim.")
    with pytest.raises(NotAllowed):
        services.followup_set_status(user=focal, followup=theirs, status="done")
    theirs.refresh_from_db()
    assert theirs.status == "open" and theirs.closed_on is None


def test_closing_on_a_future_date_is_refused(officer, followups):
    tomorrow = timezone.localdate() + dt.timedelta(days=1)
    with pytest.raises(ValidationError):
        services.followup_set_status(
            user=officer, followup=followups[0], status="done", on=tomorrow
        )
    followups[0].refresh_from_db()
    assert followups[0].status == "open"


def test_reopening_clears_the_closing_date(officer, followups):
    f = followups[0]
    services.followup_set_status(user=officer, followup=f, status="dropped")
    services.followup_set_status(user=officer, followup=f, status="open")
    f.refresh_from_db()
    assert (f.status, f.closed_on) == ("open", None)
    assert [h.status for h in f.history.order_by("history_date")] == ["open", "dropped", "open"]


def test_editing_participants_keeps_who_was_listed_before(officer, kazakhstan):
    meeting = record(officer, kazakhstan, [])
    services.meeting_update(
        user=officer, meeting=meeting, participants=[ParticipantIn(name="Santo Darmosumarto")]
    )
    assert [p.name for p in meeting.participants.all()] == ["Santo Darmosumarto"]
    removed = meeting.participants.model.history.filter(history_type="-")
    assert {h.name for h in removed} == {"Fadjroel Rachman", "Akmaral Alnazarova"}


def test_archiving_keeps_the_meeting(officer, kazakhstan):
    meeting = record(officer, kazakhstan, [])
    services.meeting_archive(user=officer, meeting=meeting)
    assert Meeting.objects.active().count() == 0 and Meeting.objects.count() == 1
    services.meeting_archive(user=officer, meeting=meeting, restore=True)
    assert Meeting.objects.active().count() == 1

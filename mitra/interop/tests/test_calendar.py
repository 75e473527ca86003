"""/calendar.ics for a session or a token, with what the user may read."""

from __future__ import annotations

import datetime as dt

import pytest
from django.utils import timezone
from icalendar import Calendar

from mitra.accounts.tokens import token_create
from mitra.agreements import services as agreement_services
from mitra.meetings import services as meeting_services
from mitra.meetings.services import FollowUpIn

pytestmark = pytest.mark.django_db


def summaries(response) -> list[str]:
    return [str(e.get("summary")) for e in Calendar.from_ical(response.content).walk("VEVENT")]


@pytest.fixture
def dated(officer, kazakhstan, in_force, bureau, p2p):
    expiry = timezone.localdate() + dt.timedelta(days=200)
    agreement_services.agreement_update(
        user=officer, agreement=in_force, date_expiry=expiry, notice_period_days=90
    )
    meeting_services.meeting_create(
        user=officer,
        title="Dialog teknis",
        kind="technical",
        date=dt.date(2026, 3, 2),
        followups=[
            FollowUpIn("Kirim draf", owner_unit=p2p, due_date=dt.date(2026, 4, 1)),
            FollowUpIn("Undang delegasi", owner_unit=bureau, due_date=dt.date(2026, 4, 2)),
        ],
    )
    return in_force


def test_the_feed_holds_expiry_notice_meetings_and_follow_ups(client, officer, dated):
    client.force_login(officer)
    response = client.get("/calendar.ics")
    assert response["Content-Type"].startswith("text/calendar")
    found = summaries(response)
    assert any(dated.title in s and s.startswith("Berakhir") for s in found)
    assert any(s.startswith("Batas pemberitahuan") for s in found)
    assert "Dialog teknis" in found
    assert sum("Kirim draf" in s or "Undang delegasi" in s for s in found) == 2


def test_a_token_opens_it_for_a_calendar_program_and_a_focal_point_sees_their_unit(
    client, focal, dated
):
    _token, raw = token_create(user=focal, name="outlook")
    found = summaries(client.get("/calendar.ics", {"token": raw}))
    assert any("Kirim draf" in s for s in found)
    assert not any("Undang delegasi" in s for s in found)


def test_without_session_or_token_it_is_401(client, dated):
    assert client.get("/calendar.ics").status_code == 401
    assert client.get("/calendar.ics", {"token": "mitra_wrong"}).status_code == 401


def test_a_viewer_gets_only_public_deadlines(client, viewer, dated):
    client.force_login(viewer)
    assert summaries(client.get("/calendar.ics")) == []

"""/calendar.ics carries VALARMs at the user's thresholds, none where the user muted the item,
and the obligations due."""

from __future__ import annotations

import datetime as dt

import pytest
from icalendar import Calendar

from mitra.agreements import services as agreement_services
from mitra.workflow import services

pytestmark = pytest.mark.django_db


def _events(client) -> dict[str, object]:
    feed = Calendar.from_ical(client.get("/calendar.ics").content)
    return {str(e.get("uid")).split("@")[0]: e for e in feed.walk("VEVENT")}


def _alarm_days(event) -> list[int]:
    # Each alarm fires at 09:00 on the day `days` before the event.
    return sorted(
        -(a.decoded("trigger") - dt.timedelta(hours=9)).days for a in event.walk("VALARM")
    )


@pytest.fixture
def dated(officer, in_force, p2p):
    agreement_services.agreement_update(
        user=officer, agreement=in_force, date_expiry=dt.date(2027, 3, 1), notice_period_days=90
    )
    services.obligation_create(
        user=officer,
        agreement=in_force,
        title="Laporan kemajuan",
        start=dt.date(2026, 6, 30),
        interval_months=12,
        owner_unit=p2p,
    )
    return in_force


def test_expiry_and_notice_carry_the_default_thresholds(client, officer, dated):
    client.force_login(officer)
    events = _events(client)
    assert _alarm_days(events[f"expiry-{dated.pk}"]) == [0, 7, 30, 60, 90, 180]
    assert _alarm_days(events[f"notice-{dated.pk}"]) == [0, 7, 30, 60, 90, 180]


def test_the_agreements_own_thresholds_and_a_mute_change_the_alarms(client, officer, focal, dated):
    services.agreement_reminders_set(
        user=officer, agreement=dated, expiry_days="30, 7", notice_days="14"
    )
    client.force_login(officer)
    events = _events(client)
    assert _alarm_days(events[f"expiry-{dated.pk}"]) == [7, 30]
    assert _alarm_days(events[f"notice-{dated.pk}"]) == [14]
    services.mute_set(user=officer, item=f"agreement:{dated.pk}", muted=True)
    events = _events(client)
    assert _alarm_days(events[f"expiry-{dated.pk}"]) == []
    client.force_login(focal)  # Fajar did not mute it
    assert _alarm_days(_events(client)[f"expiry-{dated.pk}"]) == [7, 30]


def test_obligations_are_in_the_feed_with_their_alarms(client, focal, viewer, dated):
    client.force_login(focal)
    events = _events(client)
    obligation = next(e for uid, e in events.items() if uid.startswith("obligation-"))
    assert str(obligation.get("summary")) == "Tenggat kewajiban: Laporan kemajuan"
    assert _alarm_days(obligation) == [0, 7, 30]
    client.force_login(viewer)
    assert not any(uid.startswith("obligation-") for uid in _events(client))

"""The home page's lists of what needs attention."""

from __future__ import annotations

import datetime as dt

import pytest
from django.utils import timezone

from mitra.meetings import services as meeting_services
from mitra.meetings.services import FollowUpIn
from mitra.plans import services as plan_services

pytestmark = pytest.mark.django_db


def test_the_officer_sees_dormant_overdue_and_delayed_work(client, officer, in_force, plan, bureau):
    today = timezone.localdate()
    meeting_services.meeting_create(
        user=officer,
        title="Rapat koordinasi",
        kind="technical",
        date=dt.date(2024, 1, 10),  # too old to wake the MoU
        followups=[
            FollowUpIn("Kirim notula", owner_unit=bureau, due_date=today - dt.timedelta(days=3)),
            FollowUpIn("Jadwalkan dialog", owner_unit=bureau, due_date=None, due_date_unknown=True),
        ],
    )
    plan_services.activity_create(
        user=officer,
        plan=plan,
        title="Lokakarya vaksin",
        planned_start=today - dt.timedelta(days=9),
    )
    client.force_login(officer)
    body = client.get("/").content.decode()
    assert in_force.title in body
    assert "Kirim notula" in body
    assert "Lokakarya vaksin" in body
    assert "1 tindak lanjut terbuka belum memiliki tenggat" in body


def test_a_viewer_sees_no_internal_lists(client, viewer, in_force):
    client.force_login(viewer)
    body = client.get("/").content.decode()
    assert "Perjanjian tidak aktif" not in body and in_force.title not in body

"""“My week” at /inbox/ and on the dashboard: per user and role, each item linked to where it
is done."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from django.utils import timezone

from mitra.agreements import services as agreement_services
from mitra.agreements.models import Agreement
from mitra.insights.inbox import my_week
from mitra.meetings import services as meeting_services
from mitra.meetings.services import FollowUpIn
from mitra.plans import services as plan_services
from mitra.workflow import services as workflow_services

pytestmark = pytest.mark.django_db


@pytest.fixture
def week(officer, focal, in_force, plan, p2p_activity, p2p, bureau):
    today = timezone.localdate()
    agreement_services.agreement_update(
        user=officer,
        agreement=in_force,
        date_expiry=today + dt.timedelta(days=100),
        notice_period_days=30,
        responsible_unit=p2p,
    )
    meeting_services.meeting_create(
        user=officer,
        title="Dialog teknis",
        kind="technical",
        date=today - dt.timedelta(days=400),
        followups=[
            FollowUpIn("Kirim draf", owner_unit=p2p, due_date=today + dt.timedelta(days=5)),
            FollowUpIn(
                "Undang delegasi", owner_unit=bureau, due_date=today + dt.timedelta(days=20)
            ),
            FollowUpIn("Susun peta jalan", owner_unit=p2p, due_date=None, due_date_unknown=True),
            FollowUpIn("Nanti saja", owner_unit=p2p, due_date=today + dt.timedelta(days=60)),
        ],
    )
    indicator = plan_services.indicator_create(
        user=officer,
        plan=plan,
        name="Tenaga terlatih",
        unit="orang",
        target=Decimal(10),
        activity=p2p_activity,
    )
    plan_services.result_report(
        user=focal,
        indicator=indicator,
        period_start=dt.date(2025, 1, 1),
        period_end=dt.date(2025, 6, 30),
        value=Decimal(3),
    )
    workflow_services.obligation_create(
        user=officer,
        agreement=in_force,
        title="Laporan kemajuan",
        start=today + dt.timedelta(days=10),
        interval_months=6,
        owner_unit=p2p,
    )
    return today


def _texts(w, key):
    return [i.text for s in w.sections if s.key == key for i in s.items]


def test_a_focal_point_sees_what_their_unit_owes(focal, week):
    w = my_week(user=focal)
    assert _texts(w, "followups") == ["Kirim draf"]  # not the bureau's, not the one in 60 days
    assert _texts(w, "undated") == ["Susun peta jalan"]
    assert "review" not in {s.key for s in w.sections}
    assert _texts(w, "obligations") == ["Laporan kemajuan — MoU kesehatan Indonesia–Kazakhstan"]
    assert _texts(w, "expiring") == ["MoU kesehatan Indonesia–Kazakhstan"]
    assert _texts(w, "notice") == ["MoU kesehatan Indonesia–Kazakhstan"]


def test_an_officer_sees_the_portfolio_and_what_waits_for_review(officer, week):
    w = my_week(user=officer)
    assert _texts(w, "followups") == ["Kirim draf", "Undang delegasi"]
    assert len(_texts(w, "review")) == 1
    items = {s.key: s.items for s in w.sections}
    assert items["followups"][0].days == 5
    assert items["undated"][0].action == "tetapkan tenggat"


def test_viewers_and_coordination_members_have_nothing_due(viewer, coordinator, week):
    assert my_week(user=viewer).sections == my_week(user=coordinator).sections == []


def test_the_inbox_page_links_each_item_to_where_it_is_done(client, focal, week):
    client.force_login(focal)
    body = client.get("/inbox/").content.decode()
    assert "Tindak lanjut tanpa tenggat" in body
    assert "/obligations/" in body and "#followup-" in body
    assert "dalam 5 hari" in body


def test_the_dashboard_shows_my_week_too(client, focal, week):
    client.force_login(focal)
    assert 'id="my-week"' in client.get("/").content.decode()


def test_a_long_section_lists_twenty_and_says_there_are_more(client, officer, bureau):
    today = timezone.localdate()
    meeting_services.meeting_create(
        user=officer,
        title="Rapat besar",
        kind="workshop",
        date=today,
        followups=[
            FollowUpIn(f"Tugas {i:02d}", owner_unit=bureau, due_date=today - dt.timedelta(days=i))
            for i in range(25)
        ],
    )
    section = next(s for s in my_week(user=officer).sections if s.key == "followups")
    assert len(section.items) == 20 and section.more
    assert section.items[0].text == "Tugas 24" and section.items[0].overdue_days == 24
    client.force_login(officer)
    body = client.get("/inbox/").content.decode()
    assert '<span class="count">20+</span>' in body and "dan lainnya" in body


def test_notice_deadlines_are_listed_by_the_day_notice_is_due(officer, kazakhstan):
    """By the notice day, not the expiry; one due years ahead of a long agreement too."""
    today = timezone.localdate()
    for title, expires_in, notice_days in [
        ("Berakhir kemudian", 100, 90),  # notice in 10 days
        ("Berakhir lebih dulu", 50, 10),  # notice in 40 days
        ("Sudah lewat", 20, 30),  # notice was 10 days ago
        ("Perjanjian panjang", 1_000, 915),  # notice in 85 days
    ]:
        agreement_services.agreement_create(
            user=officer,
            title=title,
            parties=[(kazakhstan, "signatory")],
            status=Agreement.Status.IN_FORCE,
            date_signed=dt.date(2024, 2, 1),
            date_in_force=dt.date(2024, 3, 1),
            date_expiry=today + dt.timedelta(days=expires_in),
            notice_period_days=notice_days,
        )
    week = {s.key: s.items for s in my_week(user=officer, today=today).sections}
    assert [(i.text, i.day, i.days) for i in week["notice"]] == [
        ("Berakhir kemudian", today + dt.timedelta(days=10), 10),
        ("Berakhir lebih dulu", today + dt.timedelta(days=40), 40),
        ("Perjanjian panjang", today + dt.timedelta(days=85), 85),
    ]

"""The last day to give notice of not renewing, worked out by the database
(`agreements.rules.notice_between`), soonest first, read from its index instead of every
agreement in force (My week lists the next 180 days' from it: insights/tests/test_inbox.py)."""

from __future__ import annotations

import datetime as dt

import pytest
from django.db import connection
from django.utils import timezone

from mitra.agreements import rules
from mitra.agreements import services as agreement_services
from mitra.agreements.models import Agreement

pytestmark = pytest.mark.django_db


def _mou(officer, partner, title: str, expires_in: int, notice_days: int | None) -> Agreement:
    today = timezone.localdate()
    return agreement_services.agreement_create(
        user=officer,
        title=title,
        parties=[(partner, "signatory")],
        status=Agreement.Status.IN_FORCE,
        date_signed=dt.date(2024, 2, 1),
        date_in_force=dt.date(2024, 3, 1),
        date_expiry=today + dt.timedelta(days=expires_in),
        notice_period_days=notice_days,
    )


def test_notice_deadlines_come_soonest_first_within_the_window(officer, kazakhstan):
    today = timezone.localdate()
    _mou(officer, kazakhstan, "Expires late, long notice", expires_in=100, notice_days=90)
    _mou(officer, kazakhstan, "Expires first, short notice", expires_in=50, notice_days=10)
    _mou(officer, kazakhstan, "Notice already past", expires_in=20, notice_days=30)
    _mou(officer, kazakhstan, "Notice after the window", expires_in=400, notice_days=30)
    _mou(officer, kazakhstan, "No notice period", expires_in=60, notice_days=None)
    # Three years ahead with a notice of two and a half: notice falls in 85 days.
    _mou(officer, kazakhstan, "Long agreement", expires_in=1_000, notice_days=915)

    found = rules.notice_between(Agreement.objects.all(), today, today + dt.timedelta(days=180))
    assert [(a.title, a.notice) for a in found] == [
        ("Expires late, long notice", today + dt.timedelta(days=10)),
        ("Expires first, short notice", today + dt.timedelta(days=40)),
        ("Long agreement", today + dt.timedelta(days=85)),
    ]
    # One rule for the single agreement and for the database.
    assert all(rules.notice_date(a) == a.notice for a in found)


@pytest.mark.skipif(connection.vendor != "sqlite", reason="the plan is SQLite's")
def test_notice_deadlines_are_read_in_order_from_their_index():
    today = timezone.localdate()
    qs = rules.notice_between(Agreement.objects.all(), today, today + dt.timedelta(days=180))
    sql, params = qs[:21].query.sql_with_params()
    with connection.cursor() as cursor:
        cursor.execute("EXPLAIN QUERY PLAN " + sql, params)
        plan = "\n".join(str(row[-1]) for row in cursor.fetchall())
    assert "agreement_notice_date" in plan
    # Ties on the day are put in order among themselves ("RIGHT PART"); the rows are not all
    # sorted.
    assert "USE TEMP B-TREE FOR ORDER BY" not in plan

"""Indicator reports due per period, activities turning delayed, archived agreements ignored."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.core.management import call_command

from mitra.agreements import services as agreement_services
from mitra.notifications.models import Notification
from mitra.plans import services as plan_services
from mitra.plans.schemas import ActivityChanges
from mitra.workflow import services
from mitra.workflow.selectors import report_periods

pytestmark = pytest.mark.django_db
JAKARTA = ZoneInfo("Asia/Jakarta")


def morning(day: dt.date) -> dt.datetime:
    return dt.datetime.combine(day, dt.time(7), tzinfo=JAKARTA)


@pytest.fixture
def running(officer, plan, p2p_activity):
    plan_services.plan_update(user=officer, plan=plan, status="in_progress")
    return plan


def test_report_periods_follow_the_frequency(officer, running, p2p_activity):
    yearly = plan_services.indicator_create(
        user=officer,
        plan=running,
        name="Tenaga terlatih",
        unit="orang",
        target=Decimal(100),
        activity=p2p_activity,
        frequency="yearly",
    )
    assert list(report_periods(yearly, running)) == [
        (dt.date(y, 1, 1), dt.date(y, 12, 31)) for y in (2025, 2026, 2027)
    ]
    yearly.frequency = "quarterly"
    assert len(list(report_periods(yearly, running))) == 12


def test_a_quarterly_report_is_reminded_to_the_owner_unit_until_it_comes(
    officer, focal, running, p2p_activity
):
    with time_machine.travel(morning(dt.date(2026, 1, 5)), tick=False):
        indicator = plan_services.indicator_create(
            user=officer,
            plan=running,
            name="Tenaga terlatih",
            unit="orang",
            target=Decimal(100),
            activity=p2p_activity,
            frequency="quarterly",
        )
    # Q1 2026 ends 31 March; its report is due 30 April: 7 days before, on the day.
    for day in (dt.date(2026, 4, 22), dt.date(2026, 4, 23), dt.date(2026, 4, 30)):
        with time_machine.travel(morning(day), tick=False):
            services.remind()
    reports = Notification.objects.filter(recipient=focal, kind="report")
    assert [n.params["days"] for n in reports.order_by("pk")] == [7, 0]
    assert reports.first().params["label"] == "01/01/2026–31/03/2026"
    with time_machine.travel(morning(dt.date(2026, 5, 2)), tick=False):
        plan_services.result_report(
            user=focal,
            indicator=indicator,
            period_start=dt.date(2026, 1, 1),
            period_end=dt.date(2026, 3, 31),
            value=Decimal(20),
        )
    with time_machine.travel(morning(dt.date(2026, 5, 7)), tick=False):
        services.remind()  # would be a week overdue: it came, so nothing
    assert reports.all().count() == 2


def test_an_activity_that_turns_delayed_is_reminded_once(officer, focal, running, p2p_activity):
    plan_services.activity_update(
        user=officer,
        activity=p2p_activity,
        changes=ActivityChanges(
            planned_start=dt.date(2026, 2, 1), planned_end=dt.date(2026, 6, 30)
        ),
    )
    with time_machine.travel(morning(dt.date(2026, 2, 1)), tick=False):
        services.remind()
    assert not Notification.objects.filter(kind="delayed").exists()
    for day in (2, 3, 9):
        with time_machine.travel(morning(dt.date(2026, 2, day)), tick=False):
            services.remind()
    delayed = Notification.objects.filter(kind="delayed")
    assert [n.recipient for n in delayed] == [focal]


def test_nothing_for_an_archived_agreement(officer, in_force):
    agreement_services.agreement_update(
        user=officer, agreement=in_force, date_expiry=dt.date(2026, 6, 1)
    )
    agreement_services.agreement_archive(user=officer, agreement=in_force)
    with time_machine.travel(morning(dt.date(2026, 5, 31)), tick=False):
        report = services.remind()
    assert report.notifications == 0 and Notification.objects.count() == 0


def test_the_remind_command_lists_on_a_dry_run_and_sends_once(officer, in_force, capsys):
    agreement_services.agreement_update(
        user=officer, agreement=in_force, date_expiry=dt.date(2026, 6, 1)
    )
    with time_machine.travel(morning(dt.date(2026, 5, 25)), tick=False):
        call_command("remind", dry_run=True)
        assert Notification.objects.count() == 0
        call_command("remind")
        call_command("remind")
    out = capsys.readouterr().out
    assert f"expiry expiry:{in_force.pk}:2026-06-01 @7 → olga" in out
    assert "nothing sent (dry run)" in out
    assert Notification.objects.filter(kind="expiry").count() == 1


def test_mitra_remind_on_the_command_line(officer, in_force, capsys, settings):
    from mitra.cli import main

    agreement_services.agreement_update(
        user=officer, agreement=in_force, date_expiry=dt.date(2026, 6, 1)
    )
    with time_machine.travel(morning(dt.date(2026, 5, 25)), tick=False):
        assert main(["remind", "--dry-run"]) == 0
        assert Notification.objects.count() == 0
        assert main(["remind"]) == 0
    out = capsys.readouterr().out
    # The expiry in 7 days, and the MoU is dormant (in force since 2024, no life since).
    assert "2 reminder(s) due; nothing sent (dry run)." in out
    assert "2 reminder(s) sent" in out
    assert "0 e-mail(s) sent" in out  # Olga has no address: in Mitra only

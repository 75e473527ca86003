"""The daily run: at the set time in Jakarta, once per day whichever worker gets there first;
a command that does not exist is named once and skipped."""

from __future__ import annotations

import datetime as dt
import logging
import os
import subprocess
import sys
from io import StringIO
from zoneinfo import ZoneInfo

import pytest
from django.utils import timezone

from mitra.agreements.models import Agreement
from mitra.jobs import daily
from mitra.jobs.models import DailyRun

pytestmark = pytest.mark.django_db
JAKARTA = ZoneInfo("Asia/Jakarta")


@pytest.fixture
def schedule(settings):
    settings.MITRA_TIME_ZONE = "Asia/Jakarta"
    settings.MITRA_DAILY_AT = dt.time(7, 0)
    settings.MITRA_DAILY_COMMANDS = ["expire_agreements", "no_such_command"]
    daily._warned.clear()


def test_nothing_runs_before_the_time_and_the_day_runs_once(schedule, in_force, caplog):
    Agreement.objects.filter(pk=in_force.pk).update(date_expiry=dt.date(2025, 1, 1))
    early = dt.datetime(2026, 3, 2, 6, 59, tzinfo=JAKARTA)
    assert daily.daily_run_if_due(now=early) is None and not DailyRun.objects.exists()
    on_time = dt.datetime(2026, 3, 2, 7, 0, tzinfo=JAKARTA)
    with caplog.at_level(logging.WARNING, logger="mitra.jobs.daily"):
        run = daily.daily_run_if_due(now=on_time)
        assert run is not None and run.day == dt.date(2026, 3, 2)
        assert run.outcome == {"expire_agreements": "ok", "no_such_command": "missing"}
        in_force.refresh_from_db()
        assert in_force.status == Agreement.Status.EXPIRED
        # A second worker (or this one restarted) that same day finds the day taken.
        assert daily.daily_run_if_due(now=on_time + dt.timedelta(hours=3)) is None
        # The next day runs again; the missing command was named only the first time.
        assert daily.daily_run_if_due(now=on_time + dt.timedelta(days=1)) is not None
    warnings = [r for r in caplog.records if "no_such_command" in r.getMessage()]
    assert len(warnings) == 1
    assert DailyRun.objects.count() == 2


def test_the_frequent_commands_run_at_every_look_whatever_the_hour(schedule, in_force, settings):
    settings.MITRA_FREQUENT_COMMANDS = ["expire_agreements", "no_such_command"]
    Agreement.objects.filter(pk=in_force.pk).update(date_expiry=dt.date(2025, 1, 1))
    outcome = daily.frequent_run()
    assert outcome == {"expire_agreements": "ok", "no_such_command": "missing"}
    in_force.refresh_from_db()
    assert in_force.status == Agreement.Status.EXPIRED
    assert not DailyRun.objects.exists()  # not the day's run: that one still comes at 07:00


def test_an_idle_frequent_run_says_nothing_and_the_daily_run_keeps_its_summary(settings):
    # Any of the daily commands may be made frequent (MITRA_FREQUENT_COMMANDS): each keeps the
    # worker's log quiet when it has nothing to do, every 30 s, yet reports in the daily run.
    commands = ["expire_agreements", "escalate_clearances", "prune_jobs", "remind", "send_outbox"]
    settings.MITRA_FREQUENT_COMMANDS = settings.MITRA_DAILY_COMMANDS = commands
    settings.MITRA_DAILY_AT = dt.time(7, 0)
    out = StringIO()
    assert set(daily.frequent_run(out=out).values()) == {"ok"}
    assert out.getvalue() == ""
    run = daily.daily_run_if_due(now=dt.datetime(2026, 3, 2, 7, 0, tzinfo=JAKARTA), out=out)
    assert run is not None and set(run.outcome.values()) == {"ok"}
    assert out.getvalue().splitlines() == [
        "0 agreement(s) marked expired.",
        "0 clearance step(s) past their time limit escalated.",
        "0 job file(s) removed.",
        "0 reminder(s) sent; digests queued: 0 daily, 0 weekly.",
        "0 e-mail(s) sent, 0 to retry, 0 given up.",
    ]


def test_the_day_is_jakartas_even_when_the_server_runs_in_utc(schedule):
    # 23:30 UTC on 1 March is 06:30 on 2 March in Jakarta: not yet time; 00:05 UTC is 07:05.
    assert daily.daily_run_if_due(now=dt.datetime(2026, 3, 1, 23, 30, tzinfo=dt.UTC)) is None
    run = daily.daily_run_if_due(now=dt.datetime(2026, 3, 2, 0, 5, tzinfo=dt.UTC))
    assert run is not None and run.day == dt.date(2026, 3, 2)


def test_a_claim_left_by_a_dead_worker_is_taken_over_after_an_hour(schedule):
    now = timezone.now()
    DailyRun.objects.create(day=dt.date(2026, 3, 2), worker="gone:1", claimed_at=now)
    day = dt.date(2026, 3, 2)
    assert daily.daily_claim(day=day, worker="me:2", now=now + dt.timedelta(minutes=59)) is None
    run = daily.daily_claim(day=day, worker="me:2", now=now + dt.timedelta(minutes=61))
    assert run is not None and run.worker == "me:2"
    run.finished_at = now
    run.save()
    assert daily.daily_claim(day=day, worker="me:3", now=now + dt.timedelta(hours=5)) is None


@pytest.mark.parametrize(
    ("name", "value", "says"),
    [
        ("MITRA_DAILY_AT", "7 pagi", "MITRA_DAILY_AT must be a time of day"),
        ("MITRA_TIME_ZONE", "Asia/Jakarta-Barat", "MITRA_TIME_ZONE must be a time zone"),
    ],
)
def test_a_bad_schedule_in_the_environment_stops_start_up(name, value, says, tmp_path):
    env = {**os.environ, name: value, "MITRA_DATA_DIR": str(tmp_path)}
    done = subprocess.run(
        [sys.executable, "-c", "import mitra.settings"],
        env=env,
        capture_output=True,
        text=True,
        check=False,
    )
    assert done.returncode != 0 and says in done.stderr

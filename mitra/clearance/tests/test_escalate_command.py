"""`escalate_clearances` in the daily run: the clock moves past a step's time limit and the
officers and the step's assignees are told once, in their own language, by e-mail too."""

from __future__ import annotations

import datetime as dt
from io import StringIO

import pytest
import time_machine
from django.conf import settings
from django.core.management import call_command

from mitra.clearance import services
from mitra.notifications.models import Notification, Outbox

pytestmark = pytest.mark.django_db


def test_the_daily_run_includes_the_escalation():
    assert "escalate_clearances" in settings.MITRA_DAILY_COMMANDS


def test_a_stalled_step_is_escalated_by_the_daily_command_once(world):
    start = dt.datetime(2026, 3, 2, 2, 0, tzinfo=dt.UTC)  # 09:00 in Jakarta
    with time_machine.travel(start, tick=False):
        services.clearance_start(user=world.officer, agreement=world.mou)
    out = StringIO()
    # Ten working days from Monday 2 March: due Monday 16 March at 09:00, two weekends later.
    with time_machine.travel(start + dt.timedelta(days=13), tick=False):
        call_command("escalate_clearances", stdout=out)
    assert Notification.objects.filter(kind="clearance_late").count() == 0
    with time_machine.travel(start + dt.timedelta(days=14, minutes=1), tick=False):
        call_command("escalate_clearances", stdout=out)
        call_command("escalate_clearances", stdout=out)  # a second run the same day
    assert "1 clearance step(s)" in out.getvalue()
    late = Notification.objects.filter(kind="clearance_late")
    assert sorted(late.values_list("recipient__username", flat=True)) == [
        "fajar",
        "hadi",
        "hana",
        "olga",
        "sekjen",
    ]
    mail = Outbox.objects.get(recipient=world.focal, subject__contains="batas waktu")
    assert (
        "Telaah unit teknis" in mail.subject and "MoU kesehatan Indonesia–Kamboja" in mail.subject
    )

"""One year of the demo (2027, a reminder run each morning in Jakarta): how many messages each
demo user receives. The demo users have no e-mail address, so every message is in Mitra only.

Run with -s to see the table:  .venv/bin/pytest mitra/workflow/tests/test_demo_year.py -s
"""

from __future__ import annotations

import datetime as dt
from collections import Counter
from zoneinfo import ZoneInfo

import pytest
import time_machine

from mitra import demo
from mitra.accounts.models import User
from mitra.insights.inbox import my_week
from mitra.notifications.models import Notification, Outbox
from mitra.workflow import services

pytestmark = pytest.mark.django_db
JAKARTA = ZoneInfo("Asia/Jakarta")


def test_a_year_of_the_demo(capsys):
    with time_machine.travel(dt.datetime(2026, 12, 31, 12, tzinfo=JAKARTA), tick=False):
        demo.load(password="pw")
    day = dt.date(2027, 1, 1)
    while day.year == 2027:
        with time_machine.travel(dt.datetime.combine(day, dt.time(7), tzinfo=JAKARTA), tick=False):
            services.remind()
        day += dt.timedelta(days=1)
    per_user = Counter(Notification.objects.values_list("recipient__username", "kind").order_by())
    with capsys.disabled():
        print("\nOne year of the demo (2027): messages per user and kind")
        for (username, kind), n in sorted(per_user.items()):
            print(f"  {username:8} {kind:10} {n}")
    # Eleven dormant MoUs (Kazakhstan and the ten of the 2018 workshop) to the officer, once
    # each; the Kazakhstan plan's review (due 1 October) to the bureau's officer at 30, 7 and 0
    # days, then weekly while nobody marks it done: 8 October … 31 December, 13 more.
    # The liaison's duties begin with a partner's first contact point; the demo's directory has
    # none (the seeds name none), so they add nothing here.
    assert per_user == {("officer", "dormant"): 11, ("officer", "obligation"): 3 + 13}
    assert Outbox.objects.count() == 0
    # The follow-ups whose sources give no date are in the officer's week, to set one.
    officer = User.objects.get(username="officer")
    with time_machine.travel(dt.datetime(2027, 1, 4, 8, tzinfo=JAKARTA), tick=False):
        week = my_week(user=officer)
    undated = next(s for s in week.sections if s.key == "undated")
    assert len(undated.items) == 4
    assert {i.action for i in undated.items} == {"tetapkan tenggat"}

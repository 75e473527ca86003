"""Daily and weekly digests: one e-mail per user and period, in the language the user has when
it is sent, never twice for a period however often the run repeats."""

from __future__ import annotations

import datetime as dt
from zoneinfo import ZoneInfo

import pytest
import time_machine

from mitra.notifications import services
from mitra.notifications.models import Kind, Mode, Outbox

pytestmark = pytest.mark.django_db
JAKARTA = ZoneInfo("Asia/Jakarta")


def at(*args: int) -> dt.datetime:
    return dt.datetime(*args, tzinfo=JAKARTA)


@pytest.fixture
def olga(officer):
    officer.email = "olga@kemkes.go.id"
    officer.save()
    services.preferences_set(user=officer, choices={Kind.FOLLOWUP: Mode.DAILY})
    return officer


def _followup(user, title, when):
    with time_machine.travel(when, tick=False):
        services.notify(
            recipient=user,
            kind=Kind.FOLLOWUP,
            params={"title": title, "date": "2026-03-10", "days": 7},
            url="/meetings/1/",
        )


def test_a_daily_digest_goes_once_a_day_with_what_waited(olga):
    _followup(olga, "Kirim draf MoU", at(2026, 3, 3, 8))
    _followup(olga, "Undang delegasi", at(2026, 3, 3, 9))
    assert Outbox.objects.count() == 0  # nothing at once: she chose the daily digest
    first = services.digests_build(now=at(2026, 3, 3, 17))
    twice = services.digests_build(now=at(2026, 3, 3, 18))
    assert (first.daily, twice.daily) == (1, 0)
    mail = Outbox.objects.get()
    assert mail.subject == "Ringkasan harian Mitra: 2 notifikasi"
    assert "Kirim draf MoU" in mail.body and "Undang delegasi" in mail.body
    # What comes after today's digest waits for tomorrow's.
    _followup(olga, "Siapkan laporan", at(2026, 3, 3, 20))
    assert services.digests_build(now=at(2026, 3, 3, 21)).daily == 0
    assert services.digests_build(now=at(2026, 3, 4, 7)).daily == 1
    assert "Siapkan laporan" in Outbox.objects.order_by("-pk").first().body


def test_a_digest_is_written_in_the_language_the_user_has_when_it_goes(olga):
    _followup(olga, "Kirim draf MoU", at(2026, 3, 3, 8))
    olga.language = "en"
    olga.save()
    services.digests_build(now=at(2026, 3, 3, 17))
    mail = Outbox.objects.get()
    assert mail.subject == "Mitra daily digest: 1 notification"
    assert "Follow-up due in 7 days (10 March 2026): Kirim draf MoU" in mail.body
    assert mail.language == "en"


def test_a_weekly_digest_goes_on_monday_or_after_a_missed_monday(olga):
    services.preferences_set(user=olga, choices={Kind.FOLLOWUP: Mode.WEEKLY})
    _followup(olga, "Kirim draf MoU", at(2026, 3, 4, 8))  # a Wednesday
    assert services.digests_build(now=at(2026, 3, 5, 7)).weekly == 0  # waits for Monday
    # Monday 9 March: no run that day (the worker was stopped); Tuesday's run sends it.
    assert services.digests_build(now=at(2026, 3, 10, 7)).weekly == 1
    assert services.digests_build(now=at(2026, 3, 10, 8)).weekly == 0
    _followup(olga, "Undang delegasi", at(2026, 3, 11, 8))
    assert services.digests_build(now=at(2026, 3, 12, 7)).weekly == 0  # this week's: Monday
    assert services.digests_build(now=at(2026, 3, 16, 7)).weekly == 1
    assert Outbox.objects.count() == 2


def test_off_means_no_e_mail_but_the_bell_still_rings(olga):
    services.preferences_set(user=olga, choices={Kind.FOLLOWUP: Mode.OFF})
    _followup(olga, "Kirim draf MoU", at(2026, 3, 3, 8))
    services.digests_build(now=at(2026, 3, 9, 7))
    assert Outbox.objects.count() == 0
    assert olga.notifications.filter(read_at__isnull=True).count() == 1


def test_a_mention_cannot_be_turned_to_a_digest(olga):
    with pytest.raises(Exception, match="selalu") as err:
        services.preferences_set(user=olga, choices={Kind.MENTION: Mode.DAILY})
    assert err.value.message_dict == {"mention": ["Sebutan selalu dikirim segera lewat surel."]}

"""The escalation run, with the clock driven: an unanswered notice goes to the next contact
point and to the bureau once, and an acknowledgement afterwards is late with the escalation
kept."""

from __future__ import annotations

import datetime as dt
from io import StringIO

import pytest
import time_machine
from django.core.management import call_command
from django.utils import timezone

from mitra.jobs import daily
from mitra.liaison import services
from mitra.liaison.models import Notice
from mitra.liaison.tests.conftest import alert
from mitra.notifications.models import Notification, Outbox
from mitra.notifications.tests.smtp import smtp_server, use_smtp

SMTP_PORT = 8751  # this branch's port (the outbox tests use 8131-8135)

pytestmark = pytest.mark.django_db


def test_nothing_is_escalated_before_the_deadline(officer, kazakhstan, kaz_nfp):
    services.notice_log(user=officer, data=alert(kazakhstan, kaz_nfp))
    out = StringIO()
    call_command("escalate_notices", stdout=out)
    assert out.getvalue().startswith("0 notice(s) escalated")
    assert not Notification.objects.exists()


def test_after_the_deadline_the_next_contact_and_the_bureau_are_told_once(
    officer, focal, kazakhstan, kaz_nfp, kaz_ministry
):
    officer.email = "olga@kemkes.example"
    officer.save()
    notice = services.notice_log(user=focal, data=alert(kazakhstan, kaz_nfp))
    later = notice.ack_deadline + dt.timedelta(minutes=1)
    with time_machine.travel(later, tick=False):
        out = StringIO()
        call_command("escalate_notices", stdout=out)
        call_command("escalate_notices", stdout=StringIO())  # a second run repeats nothing
    assert out.getvalue().startswith("1 notice(s) escalated; 2 notification(s)")
    notice.refresh_from_db()
    assert notice.escalated_at == later
    assert notice.escalated_to == kaz_ministry
    notes = Notification.objects.order_by("recipient__username")
    assert [(n.recipient.username, n.kind) for n in notes] == [
        ("fajar", "liaison"),
        ("olga", "liaison"),
    ]
    assert notes[0].url == f"/liaison/notices/{notice.pk}/"
    # Sent at once by e-mail, whatever the recipient's preference, naming whom to call next.
    mail = Outbox.objects.get(recipient=officer)
    assert "Klaster difteri di perbatasan" in mail.subject
    assert "Ministry of Health, international department" in mail.subject
    assert notice.history.first().history_change_reason == "escalated"

    with time_machine.travel(later + dt.timedelta(hours=1), tick=False):
        services.notice_acknowledge(user=officer, notice=notice)
    notice.refresh_from_db()
    assert notice.ack_late is True
    assert notice.escalated_at == later and notice.escalated_to == kaz_ministry


def test_the_last_contact_in_line_escalates_to_the_bureau_alone(officer, kazakhstan, kaz_nfp):
    sent = timezone.now() - dt.timedelta(hours=25)
    notice = services.notice_log(user=officer, data=alert(kazakhstan, kaz_nfp, sent_at=sent))
    report = services.escalate()
    assert (report.escalated, report.notifications) == (1, 1)
    notice.refresh_from_db()
    assert notice.escalated_to is None and notice.escalated_at is not None


def test_an_acknowledged_notice_is_not_escalated(officer, kazakhstan, kaz_nfp):
    sent = timezone.now() - dt.timedelta(hours=25)
    notice = services.notice_log(user=officer, data=alert(kazakhstan, kaz_nfp, sent_at=sent))
    services.notice_acknowledge(user=officer, notice=notice, at=sent + dt.timedelta(hours=2))
    assert services.escalate().escalated == 0
    assert Notice.objects.get().escalated_at is None


def test_the_worker_escalates_at_every_look_at_the_clock_and_logs_only_what_it_did(
    settings, officer, focal, kazakhstan, kaz_nfp, kaz_ministry
):
    """`mitra worker` runs the frequent commands every 30 s: while nothing is due they say
    nothing; the run that escalates says so, and so does the outbox that mails it (a real SMTP
    server on this branch's port). Asked by hand or in the daily run, they keep their summary."""
    assert settings.MITRA_FREQUENT_COMMANDS[:2] == ["escalate_notices", "send_outbox"]
    use_smtp(settings, SMTP_PORT)
    officer.email = "olga@kemkes.example"
    officer.save()
    notice = services.notice_log(user=focal, data=alert(kazakhstan, kaz_nfp))
    quiet = StringIO()
    assert daily.frequent_run(out=quiet) == {"escalate_notices": "ok", "send_outbox": "ok"}
    assert quiet.getvalue() == ""

    later = notice.ack_deadline + dt.timedelta(minutes=1)
    with time_machine.travel(later, tick=False), smtp_server(SMTP_PORT) as inbox:
        busy = StringIO()
        daily.frequent_run(out=busy)
        assert busy.getvalue().splitlines() == [
            "1 notice(s) escalated; 2 notification(s) sent.",
            "1 e-mail(s) sent, 0 to retry, 0 given up.",
        ]
        assert [m["To"] for m in inbox.messages] == ["olga@kemkes.example"]
        again = StringIO()
        daily.frequent_run(out=again)
        assert again.getvalue() == ""  # escalated once, mailed once: nothing more to say

        by_hand = StringIO()
        call_command("escalate_notices", stdout=by_hand)
        call_command("send_outbox", stdout=by_hand)
        assert by_hand.getvalue().splitlines() == [
            "0 notice(s) escalated; 0 notification(s) sent.",
            "0 e-mail(s) sent, 0 to retry, 0 given up.",
        ]

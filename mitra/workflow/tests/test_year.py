"""A year of an agreement's life, one reminder run a day at 07:00 in Jakarta (time-machine):
exactly which reminders and digests each persona receives, in which language, by which channel,
ending in a real SMTP conversation (aiosmtpd)."""

from __future__ import annotations

import datetime as dt
from collections import Counter
from zoneinfo import ZoneInfo

import pytest
import time_machine

from mitra.accounts.models import User
from mitra.agreements import services as agreement_services
from mitra.agreements.models import Agreement
from mitra.meetings import services as meeting_services
from mitra.meetings.models import FollowUp
from mitra.meetings.services import FollowUpIn
from mitra.notifications import services as notification_services
from mitra.notifications.models import Kind, Mode, Notification, Outbox
from mitra.notifications.tests.smtp import PORT_OK, smtp_server, use_smtp
from mitra.workflow import services
from mitra.workflow.models import Occurrence

pytestmark = pytest.mark.django_db
JAKARTA = ZoneInfo("Asia/Jakarta")
START = dt.date(2026, 3, 1)
END = dt.date(2027, 3, 7)


def morning(day: dt.date) -> dt.datetime:
    return dt.datetime.combine(day, dt.time(7, 0), tzinfo=JAKARTA)


@pytest.fixture
def life(officer, focal, coordinator, viewer, admin_user, bureau, p2p, kazakhstan, two_areas):
    """Olga (officer, Indonesian, everything at once), Oki (officer who muted the MoU), Fajar
    (P2P focal point, English, follow-ups in a daily digest), Citra, Vina and Ade (nothing)."""
    for user, email in ((officer, "olga@kemkes.go.id"), (focal, "fajar@kemkes.go.id")):
        user.email = email
    focal.language = "en"
    officer.save()
    focal.save()
    oki = User.objects.create_user(
        username="oki", password="pw", role=User.Role.OFFICER, unit=bureau, email="oki@kemkes.go.id"
    )
    notification_services.preferences_set(user=focal, choices={Kind.FOLLOWUP: Mode.DAILY})
    with time_machine.travel(morning(dt.date(2025, 1, 10)), tick=False):
        mou = agreement_services.agreement_create(
            user=officer,
            title="MoU kesehatan Indonesia–Kazakhstan",
            title_en="Indonesia–Kazakhstan health MoU",
            parties=[(kazakhstan, "signatory")],
            areas=two_areas,
            status=Agreement.Status.IN_FORCE,
            date_signed=dt.date(2024, 2, 1),
            date_in_force=dt.date(2024, 3, 1),
            date_expiry=dt.date(2027, 3, 1),
            notice_period_days=90,
            responsible_unit=p2p,
        )
        meeting = meeting_services.meeting_create(
            user=officer,
            title="Dialog teknis",
            kind="technical",
            date=dt.date(2025, 1, 10),
            agreements=[mou],
            followups=[
                FollowUpIn("Kirim draf rencana aksi", owner_unit=p2p, due_date=dt.date(2026, 4, 15))
            ],
        )
        archived = agreement_services.agreement_create(
            user=officer,
            title="MoU yang diarsipkan",
            parties=[(kazakhstan, "signatory")],
            status=Agreement.Status.IN_FORCE,
            date_signed=dt.date(2024, 1, 1),
            date_expiry=dt.date(2026, 6, 1),
        )
        agreement_services.agreement_archive(user=officer, agreement=archived)
    with time_machine.travel(morning(dt.date(2026, 2, 1)), tick=False):
        obligation = services.obligation_create(
            user=officer,
            agreement=mou,
            title="Sidang komite bersama tahunan",
            start=dt.date(2026, 6, 30),
            interval_months=12,
            owner_unit=bureau,
        )
    services.mute_set(user=oki, item=f"agreement:{mou.pk}", muted=True)
    return {"mou": mou, "meeting": meeting, "obligation": obligation, "oki": oki}


def _run_the_year(officer, focal, life):
    day = START
    while day <= END:
        with time_machine.travel(morning(day), tick=False):
            services.remind()
            if day == dt.date(2026, 3, 2):
                services.remind()  # run twice the same day: nothing twice
            if day == dt.date(2026, 5, 1):
                followup = FollowUp.objects.get()
                meeting_services.followup_set_status(user=focal, followup=followup, status="done")
            if day == dt.date(2026, 7, 2):
                occurrence = Occurrence.objects.get(due_date=dt.date(2026, 6, 30))
                services.occurrence_done(
                    user=officer, occurrence=occurrence, done_on=day, meeting=life["meeting"]
                )
        day += dt.timedelta(days=1)


def _received(user) -> list[tuple[str, str]]:
    return [
        (n.kind, timezone_date(n.created_at).isoformat())
        for n in Notification.objects.filter(recipient=user).order_by("created_at", "pk")
    ]


def timezone_date(moment: dt.datetime) -> dt.date:
    return moment.astimezone(JAKARTA).date()


def test_a_year_of_reminders_for_each_persona(
    settings, officer, focal, coordinator, viewer, admin_user, life
):
    _run_the_year(officer, focal, life)
    agreement_events = [
        ("dormant", "2026-03-01"),
        ("notice", "2026-06-04"),
        ("expiry", "2026-09-02"),
        ("notice", "2026-09-02"),
        ("notice", "2026-10-02"),
        ("notice", "2026-11-01"),
        ("notice", "2026-11-24"),
        ("expiry", "2026-12-01"),
        ("notice", "2026-12-01"),
        ("expiry", "2026-12-31"),
        ("expiry", "2027-01-30"),
        ("expiry", "2027-02-22"),
        ("expiry", "2027-03-01"),
    ]
    obligation_events = [
        ("obligation", "2026-05-31"),
        ("obligation", "2026-06-23"),
        ("obligation", "2026-06-30"),
    ]
    followup_events = [
        ("followup", "2026-04-08"),
        ("followup", "2026-04-15"),
        ("followup", "2026-04-22"),
        ("followup", "2026-04-29"),
    ]
    assert sorted(_received(officer)) == sorted(agreement_events + obligation_events)
    assert _received(life["oki"]) == obligation_events  # he muted the MoU, not the obligation
    assert sorted(_received(focal)) == sorted(agreement_events + followup_events)
    for nobody in (coordinator, viewer, admin_user):
        assert _received(nobody) == []

    # Channels: Olga's and Fajar's agreement reminders at once; Fajar's follow-ups in daily
    # digests (one a day, four days); Oki's at once.
    mails = Counter(Outbox.objects.values_list("to_address", flat=True))
    assert mails == {
        "olga@kemkes.go.id": len(agreement_events) + len(obligation_events),
        "fajar@kemkes.go.id": len(agreement_events) + len(followup_events),
        "oki@kemkes.go.id": len(obligation_events),
    }
    digests = Outbox.objects.filter(subject__startswith="Mitra daily digest")
    assert [timezone_date(d.created_at).isoformat() for d in digests.order_by("pk")] == [
        d for _k, d in followup_events
    ]
    assert set(
        Outbox.objects.filter(to_address="fajar@kemkes.go.id").values_list("language", flat=True)
    ) == {"en"}
    assert set(
        Outbox.objects.filter(to_address="olga@kemkes.go.id").values_list("language", flat=True)
    ) == {"id"}

    # The mail really goes out, in each reader's language.
    use_smtp(settings, PORT_OK)
    with smtp_server(PORT_OK) as inbox:
        report = notification_services.outbox_send(now=morning(END) + dt.timedelta(hours=1))
    assert report.sent == sum(mails.values()) and report.retrying == 0
    subjects = inbox.subjects()
    assert "Mitra: “Indonesia–Kazakhstan health MoU” expires today (1 March 2027)" in subjects
    assert (
        "Mitra: “MoU kesehatan Indonesia–Kazakhstan” berakhir dalam 180 hari (1 Maret 2027)"
        in subjects
    )
    assert (
        "Mitra: Kewajiban jatuh tempo dalam 30 hari (30 Juni 2026): Sidang komite bersama tahunan"
        in subjects
    )
    assert "MoU yang diarsipkan" not in "".join(subjects)


def test_the_day_begins_at_midnight_in_jakarta_while_the_server_runs_in_utc(officer, life):
    """180 days before 1 March 2027 is 2 September 2026, which starts at 17:00 UTC on the 1st."""
    utc = dt.UTC
    with time_machine.travel(dt.datetime(2026, 9, 1, 16, 59, tzinfo=utc), tick=False):
        assert not [d for d in services.remind(dry_run=True).due if d.kind == "expiry"]
    with time_machine.travel(dt.datetime(2026, 9, 1, 17, 1, tzinfo=utc), tick=False):
        due = [d for d in services.remind(dry_run=True).due if d.kind == "expiry"]
    assert [(d.threshold, d.params["days"]) for d in due] == [(180, 180)]


def test_a_threshold_crossed_while_nothing_ran_is_sent_once_not_skipped(officer, life):
    """The worker stopped from 20 January to 10 February: the 30-day reminder (due 30 January)
    goes on 10 February, once; the 7-day one follows on 22 February."""
    with time_machine.travel(morning(dt.date(2027, 1, 20)), tick=False):
        services.remind()
    with time_machine.travel(morning(dt.date(2027, 2, 10)), tick=False):
        services.remind()
        services.remind()
    expiry = Notification.objects.filter(recipient=officer, kind="expiry").order_by("pk")
    assert [n.params["days"] for n in expiry] == [40, 19]
    with time_machine.travel(morning(dt.date(2027, 2, 22)), tick=False):
        services.remind()
    assert expiry.all().count() == 3


def test_dry_run_lists_and_writes_nothing(officer, life):
    with time_machine.travel(morning(dt.date(2026, 9, 2)), tick=False):
        report = services.remind(dry_run=True)
    assert f"expiry expiry:{life['mou'].pk}:2027-03-01 @180 → olga" in report.lines()
    assert Notification.objects.count() == 0 and Outbox.objects.count() == 0

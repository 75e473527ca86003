"""The model procedure's duties of a partner's directory (issue 15 §1) as workflow obligations:
set up once with the first contact point, reminded to the bureau by the ordinary reminder run,
fulfilled by verifying every contact point or by a test that got through, and read only by
those who may read the liaison."""

from __future__ import annotations

import datetime as dt
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.core.exceptions import ValidationError
from django.core.management import call_command
from django.utils import timezone

from mitra.insights.inbox import my_week
from mitra.liaison import selectors, services
from mitra.liaison.models import CommunicationTest
from mitra.liaison.schemas import CommunicationTestIn, ContactIn
from mitra.notifications.models import Notification
from mitra.workflow import selectors as workflow_selectors
from mitra.workflow import services as workflow_services
from mitra.workflow.models import Obligation, Occurrence

pytestmark = pytest.mark.django_db
JAKARTA = ZoneInfo("Asia/Jakarta")
ADDED = dt.date(2026, 1, 10)
CONFIRM = Obligation.Source.LIAISON_CONFIRMATION
TEST = Obligation.Source.LIAISON_TEST


def morning(day: dt.date) -> dt.datetime:
    return dt.datetime.combine(day, dt.time(7), tzinfo=JAKARTA)


def _contact(officer, partner, office, rank):
    return services.contact_create(
        user=officer,
        data=ContactIn(role="ministry", partner=partner, office=office, phone="+7 1", rank=rank),
    )


@pytest.fixture
def directory(officer, kazakhstan):
    """Kazakhstan's directory, begun on 10 January 2026 with two contact points."""
    with time_machine.travel(morning(ADDED), tick=False):
        first = _contact(officer, kazakhstan, "IHR National Focal Point", 1)
        second = _contact(officer, kazakhstan, "Ministry of Health", 2)
    return first, second


def _occurrences(partner, source):
    return list(Occurrence.objects.filter(obligation__partner=partner, obligation__source=source))


def _test(officer, partner, day, result, note=""):
    with time_machine.travel(morning(day), tick=False):
        return services.test_record(
            user=officer,
            data=CommunicationTestIn(partner=partner, tested_on=day, result=result, note=note),
        )


def test_the_first_contact_point_sets_up_both_duties_once(officer, kazakhstan, directory):
    duties = Obligation.objects.filter(partner=kazakhstan).order_by("source")
    assert [(o.source, o.interval_months, o.agreement_id, o.owner_unit_id) for o in duties] == [
        (CONFIRM, 12, None, None),
        (TEST, 6, None, None),
    ]
    assert [o.title for o in duties] == [
        "Konfirmasi titik kontak penghubung Kazakhstan",
        "Uji komunikasi dengan Kazakhstan",
    ]
    assert [o.due_date for o in _occurrences(kazakhstan, TEST)][:3] == [
        dt.date(2026, 7, 10),
        dt.date(2027, 1, 10),
        dt.date(2027, 7, 10),
    ]
    assert _occurrences(kazakhstan, CONFIRM)[0].due_date == dt.date(2027, 1, 10)
    # Asked again (the demo, a third contact point): nothing more.
    count = Occurrence.objects.count()
    services.directory_duties_ensure(user=officer, partner=kazakhstan)
    _contact(officer, kazakhstan, "Embassy health attaché", 3)
    assert Obligation.objects.filter(partner=kazakhstan).count() == 2
    assert Occurrence.objects.count() == count
    assert all(o.history.count() == 1 for o in duties)


def test_our_own_sides_contact_point_sets_up_no_duty(officer):
    services.contact_create(
        user=officer, data=ContactIn(role="own", office="Duty desk", phone="+62 21 000")
    )
    assert not Obligation.objects.exists()


def test_the_due_test_reaches_the_bureau_through_the_reminder_run(
    officer, focal, coordinator, viewer, kazakhstan, directory
):
    for day in (dt.date(2026, 6, 10), dt.date(2026, 7, 3), dt.date(2026, 7, 10)):
        with time_machine.travel(morning(day), tick=False):
            call_command("remind", stdout=open("/dev/null", "w"))  # noqa: SIM115
    with time_machine.travel(morning(dt.date(2026, 7, 10)), tick=False):
        call_command("remind", stdout=open("/dev/null", "w"))  # noqa: SIM115 — nothing twice
        week = my_week(user=officer)
        texts = [i.text for s in week.sections if s.key == "obligations" for i in s.items]
        others = [my_week(user=u) for u in (focal, coordinator, viewer)]
    sent = Notification.objects.filter(kind="obligation").order_by("pk")
    # 30 days, 7 days and the day itself, to the bureau's officer only (nobody else owns it).
    assert [(n.recipient.username, n.params["days"]) for n in sent] == [
        (officer.username, 30),
        (officer.username, 7),
        (officer.username, 0),
    ]
    assert sent[0].params["title"] == "Uji komunikasi dengan Kazakhstan"
    assert texts == ["Uji komunikasi dengan Kazakhstan — Kazakhstan"]
    assert all("obligations" not in {s.key for s in w.sections} for w in others)


def test_verifying_every_contact_point_confirms_the_year(officer, kazakhstan, directory):
    first, second = directory
    day = dt.date(2026, 12, 20)
    with time_machine.travel(morning(day), tick=False):
        services.contact_verify(user=officer, contact=first)
        year = _occurrences(kazakhstan, CONFIRM)[0]
        assert year.status == "open"  # the second is not verified yet
        services.contact_verify(user=officer, contact=second)
    year.refresh_from_db()
    assert (year.status, year.done_on) == ("done", day)
    assert year.history.first().history_change_reason == "contact points verified"
    assert _occurrences(kazakhstan, CONFIRM)[1].status == "open"  # next year's
    assert all(o.status == "open" for o in _occurrences(kazakhstan, TEST))


def test_a_verification_date_typed_into_the_contact_point_counts_as_well(
    officer, kazakhstan, directory
):
    first, second = directory
    day = dt.date(2026, 3, 2)
    with time_machine.travel(morning(day), tick=False):
        services.contact_verify(user=officer, contact=first)
        data = ContactIn(
            role="ministry",
            partner=kazakhstan,
            office=second.office,
            phone=second.phone,
            rank=2,
            last_verified=dt.date(2026, 3, 1),
        )
        services.contact_update(user=officer, contact=second, data=data)
    year = _occurrences(kazakhstan, CONFIRM)[0]
    assert (year.status, year.done_on) == ("done", day)


def test_a_test_that_got_through_fulfils_and_a_failed_one_stays_open_flagged(
    client, officer, kazakhstan, directory
):
    failed = _test(officer, kazakhstan, dt.date(2026, 7, 1), "failed", "E-mail bounced")
    half = _occurrences(kazakhstan, TEST)[0]
    assert (failed.occurrence, half.status) == (half, "open")
    client.force_login(officer)
    with time_machine.travel(morning(dt.date(2026, 7, 1)), tick=False):
        page = client.get("/liaison/").content.decode()
    assert "uji komunikasi terakhir gagal" in page and "E-mail bounced" in page
    row = next(r for r in selectors.directory(user=officer) if r.partner == kazakhstan)
    assert row.test_flag

    ok = _test(officer, kazakhstan, dt.date(2026, 7, 8), "ok")
    half.refresh_from_db()
    assert (ok.occurrence, half.status, half.done_on) == (half, "done", dt.date(2026, 7, 8))
    assert ok.history.count() == 1 and failed.history.count() == 1
    assert _occurrences(kazakhstan, TEST)[1].status == "open"
    row = next(r for r in selectors.directory(user=officer) if r.partner == kazakhstan)
    assert row.test_flag == ""


def test_bad_test_input_is_refused_in_indonesian_and_writes_nothing(
    client, officer, kazakhstan, directory
):
    client.force_login(officer)
    future = timezone.localdate() + dt.timedelta(days=3)
    body = client.post(
        "/liaison/tests/new/",
        {"partner": kazakhstan.pk, "tested_on": future.isoformat(), "result": "ok"},
    ).content.decode()
    assert "Uji komunikasi tidak dapat dicatat pada tanggal yang belum tiba." in body
    body = client.post(
        "/liaison/tests/new/", {"tested_on": "2026-01-11", "result": "ok"}
    ).content.decode()
    assert "Pilih mitra yang titik kontaknya diuji." in body
    with pytest.raises(ValidationError) as err:
        services.test_record(
            user=officer,
            data=CommunicationTestIn(partner=None, tested_on=dt.date(2026, 1, 11), result="maybe"),
        )
    assert set(err.value.message_dict) == {"partner", "result"}
    assert not CommunicationTest.objects.exists()
    assert all(o.status == "open" for o in Occurrence.objects.all())


def test_a_partner_without_contact_points_cannot_be_tested(officer, kazakhstan):
    services.directory_duties_ensure(user=officer, partner=kazakhstan)
    with pytest.raises(ValidationError) as err:
        services.test_record(
            user=officer,
            data=CommunicationTestIn(
                partner=kazakhstan, tested_on=dt.date(2026, 1, 11), result="ok"
            ),
        )
    assert err.value.message_dict == {"partner": [str(services.TEST_WITHOUT_CONTACTS)]}
    assert not CommunicationTest.objects.exists()


def test_only_those_who_read_the_liaison_see_its_duties(
    client, officer, focal, coordinator, viewer, kazakhstan, directory
):
    occurrence = _occurrences(kazakhstan, TEST)[0]
    assert set(workflow_selectors.open_occurrences(user=officer)) == set(Occurrence.objects.all())
    for outsider in (coordinator, viewer):
        assert not workflow_selectors.open_occurrences(user=outsider).exists()
        client.force_login(outsider)
        assert client.get(f"/obligations/{occurrence.pk}/").status_code == 404
        assert occurrence.obligation.title not in client.get("/calendar.ics").content.decode()
    client.force_login(officer)
    page = client.get(f"/obligations/{occurrence.pk}/").content.decode()
    assert "Kazakhstan" in page and f"#partner-{kazakhstan.pk}" in page


def test_a_liaison_duty_is_not_marked_done_with_the_agreements_form(
    client, officer, kazakhstan, directory
):
    occurrence = _occurrences(kazakhstan, TEST)[0]
    with pytest.raises(ValidationError):
        workflow_services.occurrence_done(
            user=officer, occurrence=occurrence, done_on=dt.date(2026, 1, 11), document=object()
        )
    client.force_login(officer)
    response = client.post(f"/obligations/{occurrence.pk}/done/", {"done_on": "2026-01-11"})
    assert response.status_code == 302
    occurrence.refresh_from_db()
    assert occurrence.status == "open"

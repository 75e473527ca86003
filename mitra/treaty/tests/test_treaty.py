"""The treaty record: working days across Indonesian public holidays and collective leave, the
foreign ministry's deadlines as reminded obligations (the clock driven through one), bad input
refused with its message and nothing written, history, and who reads it."""

from __future__ import annotations

import datetime as dt
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.core.exceptions import ValidationError

from mitra.agreements import services as agreement_services
from mitra.core import workdays
from mitra.core.errors import NotAllowed
from mitra.notifications.models import Notification
from mitra.treaty import rules, services
from mitra.treaty.models import Deadline, DiplomaticNote, TreatyRecord
from mitra.treaty.schemas import NoteIn, TreatyIn
from mitra.workflow import services as workflow_services
from mitra.workflow.models import Occurrence

pytestmark = pytest.mark.django_db
JAKARTA = ZoneInfo("Asia/Jakarta")


def morning(day: dt.date) -> dt.datetime:
    return dt.datetime.combine(day, dt.time(7, 0), tzinfo=JAKARTA)


def test_a_deadline_skips_weekends_public_holidays_and_collective_leave():
    # Tuesday 17 March 2026: Nyepi's collective leave (18), Nyepi (19), Idul Fitri's collective
    # leave (20, 23, 24) and the weekend fall inside; without them 3 working days end on the 20th.
    assert workdays.add_working_days(dt.date(2026, 3, 17), 3) == dt.date(2026, 3, 27)
    assert rules.due_date("certified_copy", dt.date(2026, 3, 17)) == dt.date(2026, 3, 27)
    # 7 working days from Monday 11 May 2026: Ascension (14) and its collective leave (15).
    assert rules.due_date("complete_file", dt.date(2026, 5, 11)) == dt.date(2026, 5, 22)
    # An ordinary week: Friday + 3 → Wednesday.
    assert workdays.add_working_days(dt.date(2026, 7, 10), 3) == dt.date(2026, 7, 15)
    assert workdays.holiday_name(dt.date(2026, 12, 24)).startswith("Cuti Bersama")
    skipped = workdays.holidays_between(dt.date(2026, 3, 17), dt.date(2026, 3, 27))
    assert [d.day for d, _name in skipped] == [18, 19, 20, 23, 24]
    assert workdays.KNOWN_THROUGH >= 2027


def test_a_record_is_kept_with_its_history(officer, in_force):
    record = services.treaty_record_set(
        user=officer,
        agreement=in_force,
        data=TreatyIn(
            ratification="presidential",
            instrument_number="Peraturan Presiden Nomor 5 Tahun 2025",
            gazette_number="LN 2025/12",
            lodged_on=dt.date(2024, 4, 2),
            treaty_reference="PK-2024-0031",
        ),
    )
    record.refresh_from_db()
    assert record.needs_ratification and record.lodged_on == dt.date(2024, 4, 2)
    services.treaty_record_set(user=officer, agreement=in_force, data=TreatyIn(ratification="none"))
    rows = list(TreatyRecord.history.filter(id=record.pk).order_by("history_date"))
    assert [r.history_user for r in rows] == [officer, officer]
    assert [r.ratification for r in rows] == ["presidential", "none"]


@pytest.mark.parametrize(
    ("data", "field", "message"),
    [
        (
            TreatyIn(ratification="none", instrument_number="UU 1/2020"),
            "instrument_number",
            rules.NUMBERS_WITHOUT_INSTRUMENT,
        ),
        (TreatyIn(gazette_number="LN 2020/1"), "gazette_number", rules.NUMBERS_WITHOUT_INSTRUMENT),
        (TreatyIn(treaty_reference="PK-1"), "lodged_on", rules.REFERENCE_WITHOUT_LODGING),
        (TreatyIn(lodged_on=dt.date(2099, 1, 1)), "lodged_on", rules.LODGED_IN_FUTURE),
    ],
)
def test_bad_records_are_refused_and_nothing_is_written(officer, in_force, data, field, message):
    with pytest.raises(ValidationError) as err:
        services.treaty_record_set(user=officer, agreement=in_force, data=data)
    assert err.value.message_dict[field] == [str(message)]
    assert TreatyRecord.objects.count() == 0


def test_lodging_before_signature_or_of_an_unsigned_draft_is_refused(officer, in_force, draft):
    with pytest.raises(ValidationError) as err:
        services.treaty_record_set(
            user=officer, agreement=in_force, data=TreatyIn(lodged_on=dt.date(2024, 1, 5))
        )
    assert "1 Februari 2024" in err.value.message_dict["lodged_on"][0]
    with pytest.raises(ValidationError) as err:
        services.treaty_record_set(
            user=officer, agreement=draft, data=TreatyIn(lodged_on=dt.date(2024, 1, 5))
        )
    assert err.value.message_dict["lodged_on"] == [str(rules.LODGED_UNSIGNED)]
    assert TreatyRecord.objects.count() == 0


def test_only_an_officer_writes_the_record(personas, in_force):
    for role in ("admin", "focal", "coordination", "viewer"):
        with pytest.raises(NotAllowed):
            services.treaty_record_set(
                user=personas[role], agreement=in_force, data=TreatyIn(ratification="none")
            )
    assert TreatyRecord.objects.count() == 0


def test_notes_are_kept_in_order_and_a_future_note_is_refused(officer, in_force):
    services.note_add(
        user=officer,
        agreement=in_force,
        data=NoteIn(date=dt.date(2024, 2, 20), direction="received", reference="No. 12/KAZ"),
    )
    services.note_add(
        user=officer,
        agreement=in_force,
        data=NoteIn(date=dt.date(2024, 2, 10), direction="sent", reference="D-00145/02/2024"),
    )
    with pytest.raises(ValidationError) as err:
        services.note_add(
            user=officer,
            agreement=in_force,
            data=NoteIn(date=dt.date(2099, 1, 1), direction="sent", reference="X"),
        )
    assert err.value.message_dict["date"] == [str(rules.NOTE_IN_FUTURE)]
    notes = DiplomaticNote.objects.order_by("date")
    assert [n.reference for n in notes] == ["D-00145/02/2024", "No. 12/KAZ"]
    assert all(n.history.get().history_user == officer for n in notes)


def test_the_clock_runs_through_a_certified_copy_deadline_across_christmas(officer, in_force):
    """Asked on Tuesday 22 December 2026 for a certified copy within 3 working days: the 24th
    (collective leave), the 25th (Christmas) and the weekend fall out, so it is due Tuesday the
    29th. Olga is reminded the day it is recorded (7 days left) and on the day; once done,
    nothing more."""
    with time_machine.travel(morning(dt.date(2026, 12, 22)), tick=False):
        deadline = services.deadline_add(
            user=officer,
            agreement=in_force,
            kind=Deadline.Kind.CERTIFIED_COPY,
            requested_on=dt.date(2026, 12, 22),
        )
    assert deadline.due_date == dt.date(2026, 12, 29)
    occurrence = Occurrence.objects.get(obligation=deadline.obligation)
    assert occurrence.due_date == dt.date(2026, 12, 29)
    assert occurrence.owner_unit == officer.unit
    reminded = []
    day = dt.date(2026, 12, 22)
    while day <= dt.date(2027, 1, 20):
        with time_machine.travel(morning(day), tick=False):
            before = Notification.objects.filter(recipient=officer).count()
            workflow_services.remind()
            if Notification.objects.filter(recipient=officer).count() > before:
                reminded.append(day)
            if day == dt.date(2026, 12, 30):
                document = _document(officer, in_force)
                workflow_services.occurrence_done(
                    user=officer, occurrence=occurrence, done_on=day, document=document
                )
        day += dt.timedelta(days=1)
    assert reminded == [dt.date(2026, 12, 22), dt.date(2026, 12, 29)]


def test_an_overdue_deadline_is_reminded_weekly_until_done(officer, in_force):
    with time_machine.travel(morning(dt.date(2026, 3, 17)), tick=False):
        services.deadline_add(
            user=officer,
            agreement=in_force,
            kind=Deadline.Kind.CERTIFIED_COPY,
            requested_on=dt.date(2026, 3, 17),
        )
    reminded = []
    day = dt.date(2026, 3, 17)
    while day <= dt.date(2026, 4, 12):
        with time_machine.travel(morning(day), tick=False):
            if workflow_services.remind().notifications:
                reminded.append(day)
        day += dt.timedelta(days=1)
    # 7 days before is already past when recorded (10 calendar days away: the 30-day mark),
    # then the day itself, then each week overdue.
    assert dt.date(2026, 3, 27) in reminded
    assert [d for d in reminded if d > dt.date(2026, 3, 27)] == [
        dt.date(2026, 4, 3),
        dt.date(2026, 4, 10),
    ]


def test_a_deadline_needs_a_unit_and_a_request_not_in_the_future(officer, in_force):
    with pytest.raises(ValidationError) as err:
        services.deadline_add(
            user=officer,
            agreement=in_force,
            kind=Deadline.Kind.COMPLETE_FILE,
            requested_on=dt.date(2099, 1, 5),
        )
    assert err.value.message_dict["requested_on"] == [str(rules.REQUEST_IN_FUTURE)]
    officer.unit = None
    with pytest.raises(ValidationError) as err:
        services.deadline_add(
            user=officer,
            agreement=in_force,
            kind=Deadline.Kind.COMPLETE_FILE,
            requested_on=dt.date(2026, 1, 5),
        )
    assert err.value.message_dict["kind"] == [str(rules.NO_OWNER)]
    assert Deadline.objects.count() == Occurrence.objects.count() == 0


def _document(officer, agreement):
    from django.core.files.uploadedfile import SimpleUploadedFile

    upload = SimpleUploadedFile("salinan.txt", b"Salinan naskah yang disahkan.", "text/plain")
    return agreement_services.agreement_attach_document(
        user=officer, agreement=agreement, upload=upload, title="Salinan resmi", kind="signed"
    )

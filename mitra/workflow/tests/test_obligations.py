"""Obligations from an agreement's terms: occurrences until the expiry, bad intervals and
dates refused with their message (nothing written), done with evidence, through the pages."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.exceptions import ValidationError

from mitra.agreements import services as agreement_services
from mitra.meetings import services as meeting_services
from mitra.workflow import rules, services
from mitra.workflow.models import Obligation, Occurrence

pytestmark = pytest.mark.django_db


@pytest.fixture
def dated(officer, in_force):
    return agreement_services.agreement_update(
        user=officer, agreement=in_force, date_expiry=dt.date(2027, 3, 1)
    )


def _create(officer, agreement, unit, **kw):
    data = {"title": "Laporan kemajuan", "start": dt.date(2025, 6, 30), "interval_months": 6}
    data.update(kw)
    return services.obligation_create(user=officer, agreement=agreement, owner_unit=unit, **data)


def test_occurrences_run_every_interval_until_the_agreements_expiry(officer, dated, p2p):
    obligation = _create(officer, dated, p2p, start=dt.date(2025, 8, 31))
    days = list(obligation.occurrences.values_list("due_date", flat=True))
    assert days == [
        dt.date(2025, 8, 31),
        dt.date(2026, 2, 28),  # the month's last day when it is shorter
        dt.date(2026, 8, 31),
        dt.date(2027, 2, 28),
    ]
    assert {o.owner_unit for o in obligation.occurrences.all()} == {p2p}
    assert obligation.history.count() == 1


@pytest.mark.parametrize("interval", [0, -6])
def test_an_interval_of_zero_or_less_is_refused(officer, dated, p2p, interval):
    with pytest.raises(ValidationError) as err:
        _create(officer, dated, p2p, interval_months=interval)
    assert err.value.message_dict == {"interval_months": [str(rules.INTERVAL_NOT_POSITIVE)]}
    assert Obligation.objects.count() == Occurrence.objects.count() == 0


def test_an_end_before_the_start_is_refused(officer, dated, p2p):
    with pytest.raises(ValidationError) as err:
        _create(officer, dated, p2p, end=dt.date(2025, 1, 1))
    assert err.value.message_dict == {"end": [str(rules.END_BEFORE_START)]}
    assert Obligation.objects.count() == 0


def test_the_page_refuses_bad_input_in_indonesian_and_writes_nothing(client, officer, dated, p2p):
    client.force_login(officer)
    url = f"/agreements/{dated.pk}/obligations/new/"
    response = client.post(
        url,
        {
            "title": "Sidang komite",
            "start": "2026-06-30",
            "interval_months": "0",
            "end": "2026-01-01",
            "owner_unit": p2p.pk,
        },
    )
    body = response.content.decode()
    assert response.status_code == 422
    assert "Selang waktu paling sedikit satu bulan." in body
    assert Obligation.objects.count() == 0
    response = client.post(
        url,
        {
            "title": "Sidang komite",
            "start": "2026-06-30",
            "interval_months": "12",
            "owner_unit": p2p.pk,
        },
    )
    assert response.status_code == 302
    assert Occurrence.objects.count() == 1  # 30 June 2026; the next would pass the expiry


def test_a_focal_point_marks_their_units_occurrence_done_with_a_meeting(
    client, officer, focal, dated, p2p
):
    obligation = _create(officer, dated, p2p)
    meeting = meeting_services.meeting_create(
        user=officer,
        title="Sidang komite bersama",
        kind="technical",
        date=dt.date(2025, 6, 20),
        agreements=[dated],
    )
    occurrence = obligation.occurrences.first()
    client.force_login(focal)
    page = client.get(occurrence.get_absolute_url()).content.decode()
    assert "Tandai selesai" in page and "Sidang komite bersama" in page
    refused = client.post(f"/obligations/{occurrence.pk}/done/", {"done_on": "2025-06-30"})
    assert refused.status_code == 422
    assert "Tautkan buktinya: pertemuan atau dokumen." in refused.content.decode()
    done = client.post(
        f"/obligations/{occurrence.pk}/done/", {"done_on": "2025-06-30", "meeting": meeting.pk}
    )
    assert done.status_code == 302
    occurrence.refresh_from_db()
    assert (occurrence.status, occurrence.evidence_meeting) == ("done", meeting)
    assert occurrence.history.first().history_user == focal


def test_another_units_focal_point_cannot_mark_it_done(client, officer, focal, dated, bureau):
    occurrence = _create(officer, dated, bureau).occurrences.first()
    client.force_login(focal)
    response = client.post(f"/obligations/{occurrence.pk}/done/", {"done_on": "2025-06-30"})
    assert response.status_code == 403
    occurrence.refresh_from_db()
    assert occurrence.status == "open"


def test_a_viewer_does_not_see_an_internal_agreements_obligation(
    client, officer, viewer, dated, p2p
):
    occurrence = _create(officer, dated, p2p).occurrences.first()
    client.force_login(viewer)
    assert client.get(occurrence.get_absolute_url()).status_code == 404


def test_thresholds_are_edited_per_agreement_and_bad_ones_refused(client, officer, dated):
    client.force_login(officer)
    url = f"/agreements/{dated.pk}/reminders/"
    bad = client.post(url, {"expiry_days": "90, soon", "notice_days": "30"})
    assert bad.status_code == 422
    assert "Isikan bilangan bulat hari" in bad.content.decode()
    assert client.post(url, {"expiry_days": "30, 90 ,0", "notice_days": "14"}).status_code == 302
    assert dated.reminder_settings.expiry_days == "90,30,0"


def test_mute_is_per_user_and_only_for_known_items(client, officer):
    client.force_login(officer)
    assert client.post("/reminders/mute/", {"item": "agreement:1", "muted": "1"}).status_code == 302
    assert officer.reminder_mutes.get().item == "agreement:1"
    assert client.post("/reminders/mute/", {"item": "<script>", "muted": "1"}).status_code == 404
    client.post("/reminders/mute/", {"item": "agreement:1", "muted": "0"})
    assert officer.reminder_mutes.count() == 0

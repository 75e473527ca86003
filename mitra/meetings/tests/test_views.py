"""Meeting pages over HTTP: the one-go form, follow-up status inline, lists, query counts."""

from __future__ import annotations

import datetime as dt

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from mitra.meetings import services
from mitra.meetings.models import FollowUp, Meeting
from mitra.meetings.services import FollowUpIn, ParticipantIn

pytestmark = pytest.mark.django_db


def form_data(kazakhstan, bureau, p2p, **overrides):
    due = (timezone.localdate() + dt.timedelta(days=30)).isoformat()
    data = {
        "title": "Dialog teknis Indonesia–Kazakhstan",
        "kind": "technical",
        "date": "2025-04-28",
        "place": "Astana",
        "partners": [kazakhstan.pk],
        "participants-TOTAL_FORMS": "2",
        "participants-INITIAL_FORMS": "0",
        "participants-0-name": "Fadjroel Rachman",
        "participants-0-role_title": "Duta Besar RI untuk Kazakhstan dan Tajikistan",
        "participants-0-side": "ours",
        "participants-1-side": "ours",
        "followups-TOTAL_FORMS": "3",
        "followups-INITIAL_FORMS": "0",
        "followups-0-description": "Dialog teknis reguler",
        "followups-0-owner_unit": bureau.pk,
        "followups-0-due_date": due,
        "followups-1-description": "Draf rencana aksi",
        "followups-1-owner_unit": p2p.pk,
        "followups-1-due_date": due,
    }
    data.update(overrides)
    return data


def test_an_officer_records_a_meeting_with_two_follow_ups_in_one_go(
    client, officer, kazakhstan, bureau, p2p
):
    client.force_login(officer)
    response = client.post(reverse("meetings:create"), form_data(kazakhstan, bureau, p2p))
    meeting = Meeting.objects.get()
    assert response["Location"] == meeting.get_absolute_url()
    assert meeting.participants.get().role_title.startswith("Duta Besar RI")
    assert sorted(meeting.followups.values_list("owner_unit__code", flat=True)) == ["bks", "p2p"]
    assert list(meeting.partners.all()) == [kazakhstan]


def test_a_follow_up_row_without_due_date_is_marked_and_nothing_is_saved(
    client, officer, kazakhstan, bureau, p2p
):
    client.force_login(officer)
    data = form_data(kazakhstan, bureau, p2p, **{"followups-1-due_date": ""})
    response = client.post(reverse("meetings:create"), data)
    body = response.content.decode()
    assert response.status_code == 200
    assert "Isi tanggal batas waktu tindak lanjut ini." in body
    assert not Meeting.objects.exists() and not FollowUp.objects.exists()
    # What was typed is still there to correct.
    assert "Fadjroel Rachman" in body and "Draf rencana aksi" in body


def test_add_row_button_adds_a_row_without_saving(client, officer, kazakhstan, bureau, p2p):
    client.force_login(officer)
    data = form_data(kazakhstan, bureau, p2p, more="participants")
    response = client.post(reverse("meetings:create"), data)
    assert response.context["people"].total_form_count() == 3
    assert not Meeting.objects.exists()


@pytest.fixture
def meeting(officer, kazakhstan, bureau, p2p):
    overdue = timezone.localdate() - dt.timedelta(days=2)
    return services.meeting_create(
        user=officer,
        title="Pertemuan Astana",
        kind="visit",
        date=dt.date(2025, 4, 28),
        partners=[kazakhstan],
        participants=[ParticipantIn(name="Akmaral Alnazarova", side="partner", partner=kazakhstan)],
        followups=[
            FollowUpIn("Kirim draf", owner_unit=p2p, due_date=overdue),
            FollowUpIn("Undang delegasi", owner_unit=bureau, due_date=overdue),
        ],
    )


def test_marking_a_follow_up_done_inline_returns_its_row(client, officer, meeting):
    followup = meeting.followups.first()
    client.force_login(officer)
    response = client.post(
        reverse("meetings:followup_status", args=[followup.pk]),
        {"status": "done"},
        headers={"HX-Request": "true"},
    )
    body = response.content.decode()
    assert body.lstrip().startswith(f'<tr id="followup-{followup.pk}"')
    assert "Terlambat" not in body  # done is not overdue any more
    followup.refresh_from_db()
    assert followup.status == "done" and followup.closed_on == timezone.localdate()


def test_overdue_follow_ups_are_shown_as_such(client, officer, meeting):
    client.force_login(officer)
    body = client.get(meeting.get_absolute_url()).content.decode()
    assert body.count("Terlambat") == 2


def test_my_follow_ups_are_my_units(client, focal, meeting):
    client.force_login(focal)
    response = client.get(reverse("meetings:followups"))
    assert [f.description for f in response.context["page"]] == ["Kirim draf"]
    response = client.get(reverse("meetings:followups"), {"scope": "all"})
    assert len(response.context["page"]) == 2


def test_a_focal_point_cannot_close_another_units_follow_up(client, focal, meeting):
    theirs = meeting.followups.get(owner_unit__code="bks")
    client.force_login(focal)
    response = client.post(
        reverse("meetings:followup_status", args=[theirs.pk]), {"status": "done"}
    )
    assert response.status_code == 403
    theirs.refresh_from_db()
    assert theirs.status == "open"


def test_a_viewer_does_not_see_meetings(client, viewer, meeting):
    client.force_login(viewer)
    assert client.get(reverse("meetings:list")).status_code == 404
    assert client.get(meeting.get_absolute_url()).status_code == 404


def test_an_undated_meeting_is_listed_last_and_said_to_be_undated(client, officer, meeting):
    services.meeting_create(user=officer, title="Phnom Penh", kind="visit", date=None)
    client.force_login(officer)
    response = client.get(reverse("meetings:list"))
    assert [m.title for m in response.context["page"]] == ["Pertemuan Astana", "Phnom Penh"]
    assert "tanggal tidak disebut" in response.content.decode()


def queries(client, url: str) -> int:
    with CaptureQueriesContext(connection) as ctx:
        assert client.get(url).status_code == 200
    return len(ctx.captured_queries)


def _more(officer, partner, unit, n: int) -> Meeting:
    due = timezone.localdate()
    last = None
    for i in range(n):
        last = services.meeting_create(
            user=officer,
            title=f"Rapat {i}",
            kind="technical",
            date=dt.date(2025, 1, 1) + dt.timedelta(days=i),
            partners=[partner],
            participants=[ParticipantIn(name=f"Orang {i}"), ParticipantIn(name=f"Tamu {i}")],
            followups=[FollowUpIn(f"Tugas {i}", owner_unit=unit, due_date=due)],
        )
    assert last is not None
    return last


def test_meeting_pages_run_the_same_queries_at_any_size(client, officer, kazakhstan, bureau):
    client.force_login(officer)
    _more(officer, kazakhstan, bureau, 2)
    small_list = queries(client, reverse("meetings:list"))
    small_followups = queries(client, reverse("meetings:followups") + "?scope=all")
    small_partner = queries(client, kazakhstan.get_absolute_url())
    last = _more(officer, kazakhstan, bureau, 10)
    # 5 each, and 1 for the bell's unread count in the header.
    assert queries(client, reverse("meetings:list")) == small_list == 6
    assert queries(client, reverse("meetings:followups") + "?scope=all") == small_followups == 6
    assert queries(client, kazakhstan.get_absolute_url()) == small_partner == PARTNER_PAGE_QUERIES
    big = services.meeting_create(
        user=officer,
        title="Rapat besar",
        kind="workshop",
        date=dt.date(2025, 6, 1),
        partners=[kazakhstan],
        participants=[ParticipantIn(name=f"Peserta {i}") for i in range(12)],
        followups=[
            FollowUpIn(f"Tugas {i}", owner_unit=bureau, due_date=timezone.localdate())
            for i in range(6)
        ],
    )
    # A meeting recorded in one go: the same page cost for 2 participants or 12.
    assert queries(client, last.get_absolute_url()) == queries(client, big.get_absolute_url())
    assert queries(client, big.get_absolute_url()) == MEETING_PAGE_QUERIES


PARTNER_PAGE_QUERIES = 16  # with the bell's unread count and the trade figures (issue 15)
# 9 for the meeting and its parts, the rest for the history of its links (grows with the edits
# that changed links, not with saves, participants or follow-ups: core.history.LinkedHistory).
MEETING_PAGE_QUERIES = 19  # with the bell's unread count

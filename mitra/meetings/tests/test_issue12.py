"""Defects found from outside (issue 12) in meetings: the open redirect, one overdue rule,
codes in any case, unknown codes named, control characters refused."""

from __future__ import annotations

import datetime as dt
import json

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone

from mitra.accounts.tokens import token_create
from mitra.meetings import rules, services
from mitra.meetings.models import FollowUp
from mitra.meetings.services import FollowUpIn

pytestmark = pytest.mark.django_db


def bearer(user) -> dict[str, str]:
    return {"HTTP_AUTHORIZATION": f"Bearer {token_create(user=user, name='t')[1]}"}


@pytest.fixture
def meeting(officer, kazakhstan, p2p):
    return services.meeting_create(
        user=officer,
        title="Pertemuan Astana",
        kind="visit",
        date=dt.date(2025, 4, 28),
        partners=[kazakhstan],
        followups=[
            FollowUpIn(
                "Kirim draf", owner_unit=p2p, due_date=timezone.localdate() - dt.timedelta(days=2)
            ),
            FollowUpIn("Undang delegasi", owner_unit=p2p, due_date=timezone.localdate()),
        ],
    )


def test_the_follow_up_status_post_does_not_follow_another_sites_next(client, officer, meeting):
    followup = meeting.followups.first()
    client.force_login(officer)
    response = client.post(
        reverse("meetings:followup_status", args=[followup.pk]),
        {"status": "done", "note": "", "next": "https://evil.example/phish"},
    )
    assert response.status_code == 302
    assert "evil.example" not in response["Location"]
    assert response["Location"] == followup.get_absolute_url()


def test_the_overdue_rule_agrees_in_its_two_forms(meeting):
    overdue = set(FollowUp.objects.filter(rules.overdue_q()).values_list("pk", flat=True))
    assert overdue == {f.pk for f in meeting.followups.all() if rules.is_overdue(f)}
    assert len(overdue) == 1


def test_codes_are_case_insensitive_and_unknown_ones_are_named(client, officer, meeting):
    response = client.get("/api/v1/meetings/followups?unit=P2P", **bearer(officer))
    assert response.status_code == 200 and len(response.json()["items"]) == 2
    response = client.get("/api/v1/meetings/followups?unit=nope", **bearer(officer))
    assert response.status_code == 422 and "nope" in json.dumps(response.json())
    response = client.post(
        "/api/v1/meetings",
        data=json.dumps({"title": "Rapat", "kind": "Workshop", "partners": ["kaz", "XXX"]}),
        content_type="application/json",
        **bearer(officer),
    )
    assert response.status_code == 422 and "XXX" in json.dumps(response.json())
    response = client.post(
        "/api/v1/meetings",
        data=json.dumps({"title": "Rapat", "kind": "Workshop", "partners": ["kaz"]}),
        content_type="application/json",
        **bearer(officer),
    )
    assert response.status_code == 201, response.content
    assert response.json()["kind"] == "workshop" and response.json()["partners"] == ["KAZ"]


def test_control_characters_are_refused_in_meeting_titles(officer):
    with pytest.raises(ValidationError) as caught:
        services.meeting_create(user=officer, title="Rapat\x1b[31m", kind="visit")
    assert "title" in caught.value.message_dict

"""The team page lists the team's latest meetings and links to all of them on the meetings
list, which pages: team meetings grow with the registry (issue 18)."""

from __future__ import annotations

import datetime as dt
import re

import pytest

from mitra.core.tests.paging import page_body
from mitra.meetings import services as meeting_services
from mitra.team import selectors

pytestmark = pytest.mark.django_db


@pytest.fixture
def meetings(officer, monkeypatch):
    """Three team meetings in January, February and March; two are shown on the page."""
    monkeypatch.setattr(selectors, "LATEST_MEETINGS", 2)
    return [
        meeting_services.meeting_create(
            user=officer, title=f"Rapat tim {month}", kind="team", date=dt.date(2025, month, 10)
        )
        for month in (1, 2, 3)
    ]


def _titles(body: str) -> list[str]:
    return re.findall(r">(Rapat tim \d)</a>", body)


def test_the_team_page_shows_the_latest_meetings_and_links_to_all(client, officer, meetings):
    client.force_login(officer)
    body = page_body(client, "/team/")
    assert _titles(body) == ["Rapat tim 3", "Rapat tim 2"]
    assert '<a href="/meetings/?kind=team">Semua 3 rapat tim</a>' in body
    assert _titles(page_body(client, "/meetings/", {"kind": "team"})) == [
        "Rapat tim 3",
        "Rapat tim 2",
        "Rapat tim 1",
    ]
    client.cookies["django_language"] = "en"
    assert "All 3 team meetings" in page_body(client, "/team/")


def test_no_link_when_every_team_meeting_is_shown(client, officer, meetings):
    meeting_services.meeting_archive(user=officer, meeting=meetings[0])
    client.force_login(officer)
    body = page_body(client, "/team/")
    assert _titles(body) == ["Rapat tim 3", "Rapat tim 2"]
    assert "?kind=team" not in body

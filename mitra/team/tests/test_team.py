"""The health globalisation team: who reads it (a coordination member only when their
organisation is a member), bad input refused with its message and nothing written, positions
and links kept in history, the team's meetings, and the demo's team as seed 001 tells it."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.exceptions import ValidationError

from mitra import demo
from mitra.accounts.models import Unit, User
from mitra.core.errors import NotAllowed
from mitra.meetings import services as meeting_services
from mitra.team import rules, services
from mitra.team.models import Member, PolicyItem, Position
from mitra.team.schemas import PolicyItemIn

pytestmark = pytest.mark.django_db


@pytest.fixture
def kemenlu(db) -> Unit:
    return Unit.objects.create(code="kemenlu", kind="ministry", name_id="Kementerian Luar Negeri")


@pytest.fixture
def team(officer, kemenlu):
    member = services.member_add(user=officer, unit=kemenlu)
    item = services.item_save(user=officer, data=PolicyItemIn(title="Kesehatan sebagai industri"))
    return {"member": member, "item": item}


def _coordinator(username: str, unit: Unit | None) -> User:
    return User.objects.create_user(username, password="pw", role="coordination", unit=unit)


def test_a_member_ministrys_coordinator_reads_the_team_and_others_do_not(
    client, team, kemenlu, personas
):
    rina = _coordinator("rina", kemenlu)  # Kemenlu, a member
    kemendag = Unit.objects.create(code="kemendag", kind="ministry", name_id="Kemendag")
    dodi = _coordinator("dodi", kemendag)  # not (yet) a member
    item_url = team["item"].get_absolute_url()
    client.force_login(rina)
    page = client.get("/team/")
    assert page.status_code == 200 and "Kesehatan sebagai industri" in page.content.decode()
    assert 'href="/team/"' in page.content.decode()  # the header's link
    assert client.get(item_url).status_code == 200
    assert client.post(f"{item_url}positions/", {"text": "x"}).status_code == 403
    # The shared personas' coordination member (citra) belongs to Kemenlu too: she reads it.
    assert personas["coordination"].unit == kemenlu
    client.force_login(personas["coordination"])
    assert client.get(item_url).status_code == 200
    for user in (dodi, personas["viewer"]):
        client.force_login(user)
        assert client.get("/team/").status_code == 404
        assert client.get(item_url).status_code == 404
        assert 'href="/team/"' not in client.get("/partners/").content.decode()
    for role in ("focal", "admin", "officer"):
        client.force_login(personas[role])
        assert client.get(item_url).status_code == 200


def test_only_a_ministry_joins_once_and_only_an_officer_writes(officer, focal, p2p, kemenlu):
    with pytest.raises(ValidationError) as err:
        services.member_add(user=officer, unit=p2p)  # a unit of the ministry of health
    assert err.value.message_dict == {"unit": [str(rules.NOT_A_MINISTRY)]}
    services.member_add(user=officer, unit=kemenlu)
    with pytest.raises(ValidationError) as err:
        services.member_add(user=officer, unit=kemenlu)
    assert "Kementerian Luar Negeri" in err.value.message_dict["unit"][0]
    with pytest.raises(NotAllowed):
        services.item_save(user=focal, data=PolicyItemIn(title="x"))
    assert Member.objects.count() == 1 and PolicyItem.objects.count() == 0


def test_positions_are_one_per_member_and_refused_without_text_or_membership(
    officer, team, kemenlu
):
    item, member = team["item"], team["member"]
    with pytest.raises(ValidationError) as err:
        services.position_set(user=officer, item=item, member=member, text="  ")
    assert err.value.message_dict == {"text": [str(rules.POSITION_REQUIRED)]}
    with pytest.raises(ValidationError) as err:
        services.position_set(user=officer, item=item, member=None, text="Mendukung")
    assert err.value.message_dict == {"member": [str(rules.NOT_A_MEMBER)]}
    assert Position.objects.count() == 0
    services.position_set(user=officer, item=item, member=member, text="Mendukung")
    services.position_set(user=officer, item=item, member=member, text="Mendukung, dengan syarat")
    position = Position.objects.get()
    assert position.text == "Mendukung, dengan syarat"
    assert [h.history_user for h in position.history.all()] == [officer, officer]


def test_an_item_links_agreements_partners_and_open_actions_with_history(
    client, officer, team, in_force, kazakhstan, bureau
):
    meeting = meeting_services.meeting_create(
        user=officer,
        title="Rapat Tim Globalisasi Kesehatan",
        kind="team",
        date=dt.date(2025, 2, 3),
        followups=[
            meeting_services.FollowUpIn(
                "Susun posisi bersama", owner_unit=bureau, due_date=dt.date(2025, 3, 3)
            )
        ],
    )
    followup = meeting.followups.get()
    item = services.item_save(
        user=officer,
        item=team["item"],
        data=PolicyItemIn(
            title="Kesehatan sebagai industri",
            agreed_line="Farmasi dan alat kesehatan sebagai komoditas nasional",
            source_meeting=meeting,
            agreements=[in_force],
            partners=[kazakhstan],
            followups=[followup],
        ),
    )
    services.item_save(
        user=officer, item=item, data=PolicyItemIn(title=item.title, agreements=[in_force])
    )
    assert list(item.partners.all()) == [] and list(item.followups.all()) == []
    assert list(item.agreements.all()) == [in_force]
    rows = list(PolicyItem.history.filter(id=item.pk))
    assert {r.history_user for r in rows} == {officer}
    client.force_login(officer)
    page = client.get(item.get_absolute_url()).content.decode()
    # The page's history says what was unlinked: the partner and the open action.
    assert "<del>Kazakhstan</del>" in page or "Kazakhstan</del>" in page
    assert "Susun posisi bersama" in page
    team_page = client.get("/team/").content.decode()
    assert "Rapat Tim Globalisasi Kesehatan" in team_page


def test_the_page_shows_markup_as_text(client, officer, team):
    services.item_save(
        user=officer,
        item=team["item"],
        data=PolicyItemIn(title="<b>Isu</b>", agreed_line="<script>alert(1)</script>"),
    )
    client.force_login(officer)
    page = client.get(team["item"].get_absolute_url()).content.decode()
    assert "<script>alert(1)</script>" not in page and "&lt;script&gt;alert(1)" in page
    assert "&lt;b&gt;Isu&lt;/b&gt;" in page


def test_a_source_meeting_must_be_the_teams_and_an_empty_form_is_refused(client, officer, team):
    meeting = meeting_services.meeting_create(
        user=officer, title="Kunjungan", kind="visit", date=dt.date(2025, 1, 1)
    )
    with pytest.raises(ValidationError) as err:
        services.item_save(user=officer, data=PolicyItemIn(title="x", source_meeting=meeting))
    assert err.value.message_dict == {"source_meeting": [str(rules.NOT_A_TEAM_MEETING)]}
    client.force_login(officer)
    response = client.post("/team/items/new/", {"title": ""})
    assert response.status_code == 422
    assert PolicyItem.objects.count() == 1


def test_the_demo_team_is_the_five_ministries_and_the_two_conclusions(db):
    demo.load(password="s3cret-demo")
    demo.load(password="s3cret-demo")  # idempotent
    assert sorted(Member.objects.values_list("unit__abbreviation", flat=True)) == [
        "BKPM",
        "Kemendag",
        "Kemenkes",
        "Kemenkumham",
        "Kemenlu",
    ]
    items = list(PolicyItem.objects.order_by("title"))
    assert len(items) == 2
    assert Position.objects.count() == 0  # the text gives no ministry's position
    assert all(i.agreed_line == "" for i in items)
    assert all(i.source_meeting.date == dt.date(2018, 1, 18) for i in items)
    assert [i.followups.count() for i in items] == [1, 1]

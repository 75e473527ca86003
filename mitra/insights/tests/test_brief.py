"""The country brief as a page and as a PDF read back with pypdf."""

from __future__ import annotations

import datetime as dt
import io

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone
from pypdf import PdfReader

from mitra.agreements import services as agreement_services
from mitra.meetings import services as meeting_services
from mitra.meetings.services import FollowUpIn, ParticipantIn
from mitra.plans import services as plan_services

pytestmark = pytest.mark.django_db


@pytest.fixture
def recorded(officer, kazakhstan, in_force, plan, p2p_activity, bureau):
    """Kazakhstan: an MoU in force, a 2025–2027 plan, a meeting with an open follow-up,
    and a second, non-public agreement under negotiation."""
    meeting_services.meeting_create(
        user=officer,
        title="Pertemuan Astana",
        kind="visit",
        date=dt.date(2025, 4, 28),
        place="Astana",
        partners=[kazakhstan],
        decisions="Dialog teknis reguler difasilitasi KBRI Astana.",
        participants=[ParticipantIn(name="Akmaral Alnazarova", role_title="Menteri Kesehatan")],
        followups=[
            FollowUpIn(
                "Jadwalkan dialog teknis",
                owner_unit=bureau,
                due_date=timezone.localdate() + dt.timedelta(days=20),
            )
        ],
    )
    secret = agreement_services.agreement_create(
        user=officer, title="Rancangan PKS vaksin rahasia", parties=[(kazakhstan, "signatory")]
    )
    agreement_services.agreement_update(user=officer, agreement=in_force, is_public=True)
    return {"secret": secret}


def pdf_text(response) -> str:
    assert response["Content-Type"] == "application/pdf"
    reader = PdfReader(io.BytesIO(response.content))
    assert reader.pages[0].mediabox.width == pytest.approx(595, abs=1)  # A4 portrait
    # Table cells wrap long titles over lines: compare without any whitespace.
    return "".join("".join(page.extract_text() for page in reader.pages).split())


def squash(text: str) -> str:
    return "".join(text.split())


def test_the_pdf_holds_agreements_plan_period_and_open_follow_ups(client, officer, recorded):
    client.force_login(officer)
    text = pdf_text(client.get("/partners/KAZ/brief.pdf"))
    assert squash("MoU kesehatan Indonesia–Kazakhstan") in text
    assert squash("Rancangan PKS vaksin rahasia") in text
    assert squash("2025–2027") in text
    assert squash("Jadwalkan dialog teknis") in text
    assert squash("Kementerian Kesehatan Republik Indonesia") in text  # the ministry's header
    assert squash("Pelatihan tenaga kesehatan primer") in text  # what is being done in an area


def test_the_pdf_is_in_the_users_language(client, officer, recorded):
    client.force_login(officer)
    client.cookies["django_language"] = "en"
    text = pdf_text(client.get("/partners/KAZ/brief.pdf"))
    assert squash("Country brief: Kazakhstan") in text and squash("Open follow-ups") in text


def test_a_viewer_gets_only_public_agreements_and_no_meetings(client, viewer, recorded):
    client.force_login(viewer)
    page = client.get("/partners/KAZ/brief/").content.decode()
    text = pdf_text(client.get("/partners/KAZ/brief.pdf"))
    for body in (squash(page), text):
        assert squash("MoU kesehatan Indonesia–Kazakhstan") in body
        assert squash("Rancangan PKS vaksin rahasia") not in body
        assert squash("Jadwalkan dialog teknis") not in body


def test_an_unknown_partner_is_a_404_in_the_users_language(client, officer):
    client.force_login(officer)
    response = client.get("/partners/XYZ/brief/")
    assert response.status_code == 404
    assert "Tidak ada mitra dengan kode “XYZ”" in response.content.decode()
    assert client.get("/partners/XYZ/brief.pdf").status_code == 404


def test_anonymous_users_are_sent_to_login(client, recorded):
    assert client.get("/partners/KAZ/brief.pdf")["Location"].startswith("/accounts/login/")


def test_a_partner_with_nothing_recorded_gets_a_brief_that_says_so(client, officer, kazakhstan):
    client.force_login(officer)
    body = client.get("/partners/KAZ/brief/").content.decode()
    assert "Belum ada perjanjian dengan mitra ini." in body


def queries(client, url) -> int:
    with CaptureQueriesContext(connection) as ctx:
        assert client.get(url).status_code == 200
    return len(ctx.captured_queries)


def test_the_brief_runs_the_same_queries_whatever_the_size(
    client, officer, recorded, plan, kazakhstan, bureau
):
    client.force_login(officer)
    small = queries(client, "/partners/KAZ/brief/")
    for i in range(8):
        plan_services.activity_create(user=officer, plan=plan, title=f"Kegiatan {i}")
        meeting_services.meeting_create(
            user=officer,
            title=f"Rapat {i}",
            kind="technical",
            date=dt.date(2025, 1, 1 + i),
            partners=[kazakhstan],
            participants=[ParticipantIn(name=f"Orang {i}")],
            followups=[FollowUpIn(f"Tugas {i}", owner_unit=bureau, due_date=dt.date(2026, 1, 1))],
        )
    assert queries(client, "/partners/KAZ/brief/") == small == BRIEF_QUERIES


BRIEF_QUERIES = 21  # with the bell's unread count, the trade figures and the 1 of the funding rule


@pytest.fixture
def ngo(officer):
    from mitra.partners import services as partner_services

    return partner_services.partner_create(
        user=officer, kind="ngo", code="msf", name_id="Dokter Lintas Batas", name_en="MSF"
    )


@pytest.mark.parametrize(
    ("language", "title"),
    [("id", "Profil mitra: Dokter Lintas Batas"), ("en", "Partner brief: MSF")],
)
def test_a_brief_for_an_organisation_is_a_partner_brief(client, officer, ngo, language, title):
    client.force_login(officer)
    client.cookies["django_language"] = language
    page = client.get("/partners/msf/brief/").content.decode()
    assert f"<h1>{title}</h1>" in page and "<title>" + title in page
    assert squash(title) in pdf_text(client.get("/partners/msf/brief.pdf"))
    assert "Country brief" not in page and "Profil negara" not in page


def test_a_country_brief_keeps_its_title(client, officer, kazakhstan):
    client.force_login(officer)
    page = client.get("/partners/KAZ/brief/").content.decode()
    assert "<h1>Profil negara: Kazakhstan</h1>" in page


@pytest.fixture
def from_zero(officer, plan):
    """An indicator counted from a baseline of 0, whose first approved result is 0."""
    from decimal import Decimal

    indicator = plan_services.indicator_create(
        user=officer,
        plan=plan,
        name="Tenaga terlatih",
        unit="orang",
        target=Decimal("1200.5"),
        baseline=Decimal(0),
    )
    result = plan_services.result_report(
        user=officer,
        indicator=indicator,
        period_start=dt.date(2025, 1, 1),
        period_end=dt.date(2025, 6, 30),
        value=Decimal(0),
    )
    plan_services.result_approve(user=officer, result=result)
    return indicator


def _indicator_row(html: str) -> str:
    import re

    row = re.search(r"<tr><td>Tenaga terlatih.*?</tr>", html, re.S)
    assert row, "the indicator has its row"
    return re.sub(r"<[^>]+>", "|", row.group(0))


@pytest.mark.parametrize(("language", "target"), [("id", "1.200,5"), ("en", "1,200.5")])
def test_a_baseline_and_a_value_of_zero_show_as_zero(client, officer, from_zero, language, target):
    client.force_login(officer)
    client.cookies["django_language"] = language
    row = _indicator_row(client.get("/partners/KAZ/brief/").content.decode())
    cells = [c.strip() for c in row.split("|") if c.strip()]
    # name, (unit), baseline, target, latest approved, attained
    assert cells[2:5] == ["0", target, "0"], cells
    assert "—" not in cells[2:5]
    text = pdf_text(client.get("/partners/KAZ/brief.pdf"))
    assert squash(f"0{target}0") in text

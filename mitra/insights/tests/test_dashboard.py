"""The dashboard: its figures, filters, visibility, exports, empty state and query count."""

from __future__ import annotations

import csv
import datetime as dt
import io

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from mitra.agreements import services as agreement_services
from mitra.agreements.models import Agreement
from mitra.core import freshness
from mitra.insights.dashboard import Filters, compute, dashboard, filtered_agreements
from mitra.meetings import services as meeting_services
from mitra.meetings.models import Meeting
from mitra.meetings.services import FollowUpIn
from mitra.partners import services as partner_services
from mitra.plans import selectors as plan_selectors
from mitra.taxonomy.models import CooperationArea

pytestmark = pytest.mark.django_db


def mou(officer, partner, title, *, year=2021, areas=(), public=False, status="in_force"):
    return agreement_services.agreement_create(
        user=officer,
        title=title,
        parties=[(partner, "signatory")],
        areas=CooperationArea.objects.filter(code__in=areas),
        status=status,
        signed_year=year if status != "exploring" else None,
        is_public=public,
    )


@pytest.fixture
def portfolio(officer, kazakhstan):
    khm = partner_services.partner_create(
        user=officer, kind="country", code="KHM", region="southeast_asia"
    )
    kazakhstan.region = "central_asia"
    kazakhstan.save()
    who = partner_services.partner_create(
        user=officer, kind="international", code="who", name_id="WHO", name_en="WHO"
    )
    return {
        "kaz": mou(officer, kazakhstan, "MoU KAZ", year=2021, areas=["pharma-industry"]),
        "khm": mou(officer, khm, "MoU KHM", year=2019, areas=["vaccines"], public=True),
        "who": mou(officer, who, "Kerja sama WHO", year=2024, areas=["nutrition"]),
        "talks": mou(officer, khm, "Penjajakan KHM", status="exploring"),
    }


def test_counts_by_status_year_and_country(officer, portfolio):
    board = dashboard(user=officer, filters=Filters())
    counts = {value: n for value, _label, n in board.by_status}
    assert counts["in_force"] == 3 and counts["exploring"] == 1 and board.total == 4
    assert board.by_year == [(2019, 1), (2021, 1), (2024, 1)]
    assert {(c["code"], c["numeric"], c["n"]) for c in board.map} == {
        ("KAZ", "398", 1),
        ("KHM", "116", 1),
    }  # WHO is not a country: not on the map


def test_an_area_filter_includes_its_sub_areas(officer, portfolio):
    board = dashboard(user=officer, filters=Filters(area="pharma-devices"))
    assert [c["title"] for c in board.scorecards] == ["MoU KAZ"]
    coverage = {a["code"]: a["agreements"] for a in board.coverage}
    assert coverage["pharma-devices"] == 1 and coverage["vaccines"] == 0


@pytest.mark.parametrize(
    ("filters", "titles"),
    [
        (Filters(kind="international"), {"Kerja sama WHO"}),
        (Filters(region="southeast_asia"), {"MoU KHM"}),
        (Filters(year_from=2020), {"MoU KAZ", "Kerja sama WHO"}),
        (Filters(year_from=2019, year_to=2021), {"MoU KAZ", "MoU KHM"}),
    ],
)
def test_filters_narrow_every_panel(officer, portfolio, filters, titles):
    board = dashboard(user=officer, filters=filters)
    assert {c["title"] for c in board.scorecards} == titles


def test_a_viewer_counts_only_public_agreements(client, viewer, portfolio):
    board = dashboard(user=viewer, filters=Filters())
    assert board.total == 1 and [c["code"] for c in board.map] == ["KHM"]
    # The meetings selectors decide: a viewer reads no follow-up. Dormancy is a fact about the
    # public agreement (as on its partner's page), but the internal cards are not shown.
    assert board.overdue_followups == [] and board.undated_followups == 0
    assert {a.title for a in board.dormant} <= {"MoU KHM"}
    client.force_login(viewer)
    page = client.get("/", HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert "MoU KHM" in page and 'id="dormant-h"' not in page and 'id="overdue-h"' not in page


def test_scorecards_sort_by_rate_title_or_expiry(officer, portfolio):
    titles = [
        c["title"] for c in dashboard(user=officer, filters=Filters(), sort="title").scorecards
    ]
    assert titles == sorted(titles, key=str.lower)


def test_a_table_exports_as_csv_with_formulas_neutralised(client, officer, kazakhstan):
    mou(officer, kazakhstan, '=HYPERLINK("http://evil")', areas=["vaccines"])
    client.force_login(officer)
    response = client.get("/", {"export": "scorecards"})
    assert response["Content-Type"].startswith("text/csv")
    rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))
    assert rows[0][0] == "Perjanjian"
    assert rows[1][0].startswith("'=HYPERLINK")


def test_an_empty_portfolio_says_what_to_do(client, officer):
    client.force_login(officer)
    body = client.get("/").content.decode()
    assert "Belum ada perjanjian" in body and "/agreements/new/" in body
    assert "<canvas" not in body


def test_filters_that_match_nothing_say_so(client, officer, portfolio):
    client.force_login(officer)
    body = client.get("/", {"kind": "company"}).content.decode()
    assert "Tidak ada perjanjian yang cocok dengan filter ini" in body


def test_a_year_range_backwards_is_refused_in_indonesian(client, officer, portfolio):
    client.force_login(officer)
    body = client.get("/", {"year_from": 2024, "year_to": 2020}).content.decode()
    assert "Tahun terakhir tidak boleh sebelum tahun pertama." in body


def queries(client) -> int:
    with CaptureQueriesContext(connection) as ctx:
        assert client.get("/").status_code == 200
    return len(ctx.captured_queries)


def test_the_dashboard_runs_the_same_queries_for_4_or_40_agreements(
    client, officer, portfolio, kazakhstan
):
    client.force_login(officer)
    small = queries(client)
    for i in range(36):
        mou(officer, kazakhstan, f"MoU {i}", year=2000 + i % 20, areas=["vaccines", "nutrition"])
    assert Agreement.objects.count() == 40
    freshness.forget()  # the whole board computed again, its attention lists too
    assert queries(client) == small == DASHBOARD_QUERIES


DASHBOARD_QUERIES = 39  # 25 for the board, 1 for each memo's data version (page, board: all
# the counters at once), 1 for the bell, 11 for "My week" (per user; its funding at risk is
# remembered per data version: 1 to read the version, and the expiring agreements and the
# notice deadlines are read apart, so that neither loads every candidate); the funding-at-risk
# rule reads 1 in each (every agreement's latest funding end at once)
ATTENTION_QUERIES = 5  # overdue follow-ups (list and total), overdue reports and delayed
# activities (their keys with the total, then the rows shown: none here), undated follow-ups


def test_a_change_to_an_agreement_counts_the_attention_lists_only_once(
    client, officer, portfolio, kazakhstan
):
    client.force_login(officer)
    assert queries(client) == DASHBOARD_QUERIES
    mou(officer, kazakhstan, "MoU baru", year=2025, areas=["vaccines"])
    # The lists read plans, meetings and units only: an agreement leaves them as they were.
    assert queries(client) == DASHBOARD_QUERIES - ATTENTION_QUERIES
    assert "MoU baru" in client.get("/").content.decode()


def test_a_change_to_a_follow_up_shows_on_the_next_board(officer, kazakhstan, bureau):
    late = timezone.localdate() - dt.timedelta(days=3)
    meeting = meeting_services.meeting_create(
        user=officer,
        title="Dialog teknis",
        kind=Meeting.Kind.TECHNICAL,
        date=late - dt.timedelta(days=30),
        place="Astana",
        partners=[kazakhstan],
        participants=[],
        followups=[FollowUpIn(description="Kirim draf MoU", owner_unit=bureau, due_date=late)],
    )
    board = dashboard(user=officer, filters=Filters())
    assert board.overdue_followups_total == 1
    mou(officer, kazakhstan, "MoU baru")  # the lists are kept across a change to agreements…
    assert dashboard(user=officer, filters=Filters()).overdue_followups_total == 1
    meeting_services.followup_set_status(
        user=officer, followup=meeting.followups.get(), status="done"
    )
    board = dashboard(user=officer, filters=Filters())  # …and counted again after one to theirs
    assert (board.overdue_followups_total, board.overdue_followups) == (0, [])


def test_a_second_look_reuses_the_board_until_something_changes(
    client, officer, portfolio, kazakhstan
):
    client.force_login(officer)
    first = queries(client)
    assert queries(client) < first - 10  # the board is remembered: no portfolio queries
    mou(officer, kazakhstan, "MoU baru", year=2025, areas=["vaccines"])
    body = client.get("/").content.decode()
    assert "MoU baru" in body  # a write moves the data version: the board is computed again


def test_the_remembered_board_follows_activity_changes(officer, portfolio):
    from mitra.plans import services as plan_services

    kaz = portfolio["kaz"]
    plan = plan_services.plan_create(
        user=officer, title="RA", agreement=kaz, start_year=2025, end_year=2026
    )
    area = CooperationArea.objects.get(code="pharma-industry")
    activity = plan_services.activity_create(user=officer, plan=plan, title="Pelatihan", area=area)

    def rate():
        cards = dashboard(user=officer, filters=Filters()).scorecards
        return next(c["rate"].percent for c in cards if c["pk"] == kaz.pk)

    assert rate() == 0
    plan_services.activity_set_status(user=officer, activity=activity, status="ongoing")
    assert rate() == 100


def test_readers_who_may_see_less_never_get_a_fuller_board(officer, viewer, portfolio):
    assert dashboard(user=officer, filters=Filters()).total == 4
    assert dashboard(user=viewer, filters=Filters()).total == 1  # only the public MoU KHM


def test_expiry_windows(officer, kazakhstan):
    today = timezone.localdate()
    for days in (10, 60, 150, 400):
        agreement_services.agreement_create(
            user=officer,
            title=f"Berakhir {days}",
            parties=[(kazakhstan, "signatory")],
            status="in_force",
            date_signed=today - dt.timedelta(days=800),
            date_in_force=today - dt.timedelta(days=700),
            date_expiry=today + dt.timedelta(days=days),
        )
    board = dashboard(user=officer, filters=Filters())
    assert board.expiring == {30: 1, 90: 2, 180: 3}


def test_on_generated_data_the_kept_lists_match_a_board_computed_from_scratch(
    monkeypatch, officer, kazakhstan
):
    from mitra.bench import generate

    small = {k: max(2, v // 100) for k, v in generate.PER_SCALE.items()}
    monkeypatch.setattr(generate, "PER_SCALE", small)
    generate.generate(scale=1, seed=7, progress=None)
    today = timezone.localdate()
    first = dashboard(user=officer, filters=Filters(), today=today)
    assert first.overdue_followups_total and first.overdue_reports_total and first.delayed_total
    # The lists read as keys with their total, then the rows shown, are the selectors' own.
    reports = plan_selectors.overdue_reports(user=officer, today=today)
    delayed = plan_selectors.delayed_activities(user=officer, today=today)
    assert first.overdue_reports == list(reports[:10])
    assert first.overdue_reports_total == reports.count()
    assert (first.delayed, first.delayed_total) == (list(delayed[:10]), delayed.count())
    # Funding at risk, taken in one query, is what each agreement's own funding page says.
    binding = filtered_agreements(user=officer, filters=Filters(), today=today).filter(
        current_status__in=["signed", "in_force"]
    )
    funding = [plan_selectors.funding_of(user=officer, agreement=a, today=today) for a in binding]
    expected = sorted((f.ends_on, f.agreement.pk) for f in funding if f.at_risk)
    assert expected  # the generated funding ends around today: some of it is at risk
    # The board keeps the first ten, soonest ending, and how many there are.
    assert [(r.ends_on, r.agreement.pk) for r in first.funding_risks] == expected[:10]
    assert first.funding_risks_total == len(expected)
    mou(officer, kazakhstan, "MoU baru", year=2025, areas=["vaccines"])
    pieced = dashboard(user=officer, filters=Filters(), today=today)
    assert pieced.total == first.total + 1
    # Kept lists and a fresh portfolio give the very board a computation from scratch gives.
    assert pieced == compute(user=officer, filters=Filters(), sort="rate", today=today)

"""The measures at their edges: 12-month window, 6 months in force, sub-areas, cancelled work."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from django.utils import timezone

from mitra.agreements import services as agreement_services
from mitra.agreements.models import Agreement
from mitra.core.periods import months_before
from mitra.insights import measures
from mitra.meetings import selectors as meeting_selectors
from mitra.meetings import services as meeting_services
from mitra.plans import rules as plan_rules
from mitra.plans import selectors as plan_selectors
from mitra.plans import services as plan_services
from mitra.plans.models import Activity
from mitra.taxonomy.models import CooperationArea

pytestmark = pytest.mark.django_db
TODAY = timezone.localdate()


@pytest.mark.parametrize(
    ("day", "months", "expected"),
    [
        (dt.date(2026, 3, 31), 1, dt.date(2026, 2, 28)),
        (dt.date(2024, 3, 31), 1, dt.date(2024, 2, 29)),
        (dt.date(2026, 1, 15), 12, dt.date(2025, 1, 15)),
        (dt.date(2026, 8, 31), 6, dt.date(2026, 2, 28)),
    ],
)
def test_months_before_keeps_to_the_calendar(day, months, expected):
    assert months_before(day, months) == expected


def area(code: str) -> CooperationArea:
    return CooperationArea.objects.get(code=code)


def activity(officer, plan, code: str, *, start: dt.date | None, end=None, status="ongoing"):
    a = plan_services.activity_create(user=officer, plan=plan, title=code, area=area(code))
    # Recorded as it happened: the dates and status people report.
    Activity.objects.filter(pk=a.pk).update(actual_start=start, actual_end=end, status=status)
    return a


def rate(agreement: Agreement, today=TODAY) -> tuple[int, int]:
    r = measures.implementation_rate(agreement, today=today)
    return len(r.covered), r.total


def test_rate_counts_areas_with_ongoing_or_recently_completed_work(officer, in_force, plan):
    assert rate(in_force) == (0, 2)
    activity(officer, plan, "primary-care", start=TODAY - dt.timedelta(days=30))
    assert rate(in_force) == (1, 2)
    assert measures.implementation_rate(in_force, today=TODAY).percent == 50


def test_rate_window_is_twelve_months_to_the_day(officer, in_force, plan):
    window_start = months_before(TODAY, 12)
    start = window_start - dt.timedelta(days=60)
    activity(officer, plan, "vaccines", start=start, end=window_start, status="completed")
    assert rate(in_force) == (1, 2)  # ended on the window's first day: still counts
    Activity.objects.update(actual_end=window_start - dt.timedelta(days=1))
    assert rate(in_force) == (0, 2)


@pytest.mark.parametrize("status", ["planned", "cancelled"])
def test_planned_or_cancelled_work_does_not_count(officer, in_force, plan, status):
    activity(officer, plan, "primary-care", start=TODAY - dt.timedelta(days=5), status=status)
    assert rate(in_force) == (0, 2)


def test_work_that_has_not_started_yet_does_not_count(officer, in_force, plan):
    activity(officer, plan, "primary-care", start=TODAY + dt.timedelta(days=1))
    assert rate(in_force) == (0, 2)


def test_a_sub_area_counts_for_its_parent(officer, kazakhstan, plan):
    mou = agreement_services.agreement_create(
        user=officer,
        title="MoU farmasi",
        parties=[(kazakhstan, "signatory")],
        areas=[area("pharma-devices")],
    )
    sub_plan = plan_services.plan_create(
        user=officer, title="RA", agreement=mou, start_year=2025, end_year=2026
    )
    activity(officer, sub_plan, "pharma-industry", start=TODAY)
    assert rate(mou) == (1, 1)


def test_another_agreements_work_does_not_count(officer, kazakhstan, in_force):
    other = agreement_services.agreement_create(
        user=officer, title="Lain", parties=[(kazakhstan, "signatory")], areas=[area("vaccines")]
    )
    other_plan = plan_services.plan_create(
        user=officer, title="RA lain", agreement=other, start_year=2025, end_year=2026
    )
    activity(officer, other_plan, "vaccines", start=TODAY)
    assert rate(in_force) == (0, 2)


def test_no_areas_means_no_rate_rather_than_zero(officer, kazakhstan):
    bare = agreement_services.agreement_create(
        user=officer, title="Tanpa area", parties=[(kazakhstan, "signatory")]
    )
    assert measures.implementation_rate(bare).share is None


def dormant(user, today=TODAY) -> set[int]:
    return set(measures.dormant_agreements(user=user, today=today).values_list("pk", flat=True))


def test_in_force_six_months_without_life_is_dormant(officer, in_force):
    assert dormant(officer) == {in_force.pk}


def test_six_months_in_force_to_the_day(officer, kazakhstan):
    def mou(days_in_force: int) -> Agreement:
        start = TODAY - dt.timedelta(days=days_in_force)
        return agreement_services.agreement_create(
            user=officer,
            title=f"MoU {days_in_force}",
            parties=[(kazakhstan, "signatory")],
            status=Agreement.Status.IN_FORCE,
            date_signed=start,
            date_in_force=start,
        )

    cutoff = months_before(TODAY, 6)
    exactly = mou((TODAY - cutoff).days)
    a_day_short = mou((TODAY - cutoff).days - 1)
    assert exactly.pk in dormant(officer)
    assert a_day_short.pk not in dormant(officer)


def test_an_old_mou_with_only_its_year_or_no_date_can_be_dormant(officer, kazakhstan):
    year_only = agreement_services.agreement_create(
        user=officer,
        title="MoU 2021",
        parties=[(kazakhstan, "signatory")],
        status=Agreement.Status.IN_FORCE,
        signed_year=TODAY.year - 1 if TODAY.month > 6 else TODAY.year - 2,
    )
    undated = agreement_services.agreement_create(
        user=officer,
        title="MoU arsip",
        parties=[(kazakhstan, "signatory")],
        status=Agreement.Status.IN_FORCE,
        signature_date_unknown=True,
    )
    this_year = agreement_services.agreement_create(
        user=officer,
        title="MoU tahun ini",
        parties=[(kazakhstan, "signatory")],
        status=Agreement.Status.IN_FORCE,
        signed_year=TODAY.year,
    )
    found = dormant(officer)
    assert {year_only.pk, undated.pk} <= found
    assert this_year.pk not in found


def test_recent_activity_wakes_an_agreement(officer, in_force, plan):
    activity(officer, plan, "primary-care", start=TODAY - dt.timedelta(days=200))
    assert in_force.pk not in dormant(officer)


def meeting(officer, on: dt.date, **links):
    return meeting_services.meeting_create(
        user=officer, title="Pertemuan", kind="technical", date=on, **links
    )


def test_a_meeting_about_the_agreement_or_with_its_partner_wakes_it(officer, in_force, kazakhstan):
    meeting(officer, months_before(TODAY, 12) - dt.timedelta(days=1), agreements=[in_force])
    assert in_force.pk in dormant(officer)  # a day too old
    meeting(officer, months_before(TODAY, 12), partners=[kazakhstan])
    assert in_force.pk not in dormant(officer)


def test_only_agreements_in_force_can_be_dormant(officer, draft):
    assert draft.pk not in dormant(officer)


def test_a_viewer_sees_no_dormant_internal_agreements(viewer, in_force):
    assert dormant(viewer) == set()


def test_plan_progress_leaves_out_cancelled_work(officer, plan):
    for status in ["completed", "completed", "ongoing", "cancelled"]:
        activity(officer, plan, "primary-care", start=TODAY, status=status)
    p = measures.plan_progress([plan.pk])[plan.pk]
    assert (p.completed, p.planned, p.completion_percent) == (2, 3, 67)


def test_attainment_uses_the_latest_approved_result_only(officer, focal, plan, p2p_activity):
    indicator = plan_services.indicator_create(
        user=officer,
        plan=plan,
        activity=p2p_activity,
        name="Dilatih",
        unit="orang",
        baseline=Decimal(20),
        target=Decimal(120),
    )

    def report(month: int, value: int):
        return plan_services.result_report(
            user=focal,
            indicator=indicator,
            period_start=dt.date(2025, month, 1),
            period_end=dt.date(2025, month, 28),
            value=Decimal(value),
        )

    first = report(1, 45)
    assert measures.plan_progress([plan.pk])[plan.pk].attainment is None  # nothing approved
    plan_services.result_approve(user=officer, result=first)
    assert measures.plan_progress([plan.pk])[plan.pk].attainment_percent == 25
    report(2, 200)  # submitted, not yet approved: does not count
    assert measures.plan_progress([plan.pk])[plan.pk].attainment_percent == 25
    plan_services.result_approve(user=officer, result=indicator.results.get(value=200))
    assert measures.plan_progress([plan.pk])[plan.pk].attainment_percent == 100  # capped


def test_a_decrease_indicator_attains_by_going_down(officer, plan):
    indicator = plan_services.indicator_create(
        user=officer,
        plan=plan,
        name="Kadar trans-fat",
        unit="%",
        baseline=Decimal(4),
        target=Decimal(2),
        direction="decrease",
    )
    assert plan_rules.attainment(indicator, Decimal(3)) == 0.5
    assert plan_rules.attainment(indicator, Decimal(5)) == 0.0


def test_overdue_and_delayed_lists(officer, viewer, plan, bureau):
    from mitra.meetings.services import FollowUpIn

    meeting_services.meeting_create(
        user=officer,
        title="Rapat",
        kind="technical",
        date=TODAY - dt.timedelta(days=40),
        followups=[
            FollowUpIn("Lewat", owner_unit=bureau, due_date=TODAY - dt.timedelta(days=1)),
            FollowUpIn("Hari ini", owner_unit=bureau, due_date=TODAY),
        ],
    )
    overdue = meeting_selectors.overdue_followups(user=officer, today=TODAY)
    assert [str(f) for f in overdue] == ["Lewat"]
    # Meetings are internal: a viewer's list is empty, whatever is overdue.
    assert list(meeting_selectors.overdue_followups(user=viewer, today=TODAY)) == []
    late = plan_services.activity_create(
        user=officer, plan=plan, title="Terlambat", planned_start=TODAY - dt.timedelta(days=1)
    )
    plan_services.activity_create(user=officer, plan=plan, title="Tepat", planned_start=TODAY)
    assert list(plan_selectors.delayed_activities(user=officer, today=TODAY)) == [late]
    # The plan is under a non-public agreement: a viewer does not see its activities.
    assert list(plan_selectors.delayed_activities(user=viewer, today=TODAY)) == []


def test_measures_run_a_fixed_number_of_queries(officer, in_force, plan, django_assert_num_queries):
    for code in ["primary-care", "vaccines"]:
        activity(officer, plan, code, start=TODAY)
    with django_assert_num_queries(2):
        measures.implementation_rates([in_force.pk])
    with django_assert_num_queries(2):
        measures.plan_progress([plan.pk])
    with django_assert_num_queries(1):
        list(measures.dormant_agreements(user=officer))

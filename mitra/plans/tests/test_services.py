"""Plans, activities, indicators and results: the rules people rely on, through the services."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from mitra.accounts.models import Unit, User
from mitra.core.errors import NotAllowed
from mitra.plans import rules, services
from mitra.plans.models import Result
from mitra.plans.schemas import ActivityChanges, IndicatorChanges

pytestmark = pytest.mark.django_db


def messages_of(exc: pytest.ExceptionInfo) -> list[str]:
    return [str(m) for m in exc.value.messages]


def test_a_plan_needs_a_sensible_period(officer, in_force):
    with pytest.raises(ValidationError) as exc:
        services.plan_create(
            user=officer, title="Terbalik", agreement=in_force, start_year=2027, end_year=2025
        )
    assert str(rules.PLAN_PERIOD_ORDER) in messages_of(exc)
    assert not in_force.plans.exists()


def test_a_plan_without_agreement_belongs_to_a_partner(officer, kazakhstan):
    plan = services.plan_create(
        user=officer, title="Kemitraan", partner=kazakhstan, start_year=2026, end_year=2026
    )
    assert plan.partner == kazakhstan and plan.period == "2026"
    with pytest.raises(ValidationError) as exc:
        services.plan_create(user=officer, title="Yatim", start_year=2026, end_year=2026)
    assert str(rules.PLAN_NEEDS_OWNER) in messages_of(exc)


def test_an_agreed_plan_needs_its_approval_date(officer, plan):
    with pytest.raises(ValidationError) as exc:
        services.plan_update(user=officer, plan=plan, status="agreed")
    assert str(rules.PLAN_APPROVAL_REQUIRED) in messages_of(exc)
    plan.refresh_from_db()
    assert plan.status == "proposed"


@pytest.mark.parametrize("role", ["focal", "coordination", "viewer", "admin"])
def test_only_the_bureau_writes_plans(personas, in_force, role):
    with pytest.raises(NotAllowed):
        services.plan_create(
            user=personas[role], title="x", agreement=in_force, start_year=2025, end_year=2026
        )


def test_actual_end_before_actual_start_is_refused_and_nothing_changes(officer, p2p_activity):
    with pytest.raises(ValidationError) as exc:
        services.activity_update(
            user=officer,
            activity=p2p_activity,
            changes=ActivityChanges(
                actual_start=dt.date(2025, 6, 10), actual_end=dt.date(2025, 6, 1)
            ),
        )
    assert str(rules.ACTUAL_END_BEFORE_START) in messages_of(exc)
    p2p_activity.refresh_from_db()
    assert p2p_activity.actual_start is None and p2p_activity.actual_end is None


def test_actual_dates_cannot_be_in_the_future(officer, p2p_activity):
    tomorrow = timezone.localdate() + dt.timedelta(days=1)
    with pytest.raises(ValidationError) as exc:
        services.activity_update(
            user=officer, activity=p2p_activity, changes=ActivityChanges(actual_start=tomorrow)
        )
    assert str(rules.ACTUAL_IN_FUTURE) in messages_of(exc)


def test_a_budget_needs_a_real_currency(officer, plan):
    with pytest.raises(ValidationError) as exc:
        services.activity_create(user=officer, plan=plan, title="x", budget=Decimal(1000))
    assert str(rules.CURRENCY_REQUIRED) in messages_of(exc)
    with pytest.raises(ValidationError) as exc:
        services.activity_create(
            user=officer, plan=plan, title="x", budget=Decimal(1000), currency="XYZ"
        )
    assert "XYZ" in messages_of(exc)[0]
    ok = services.activity_create(
        user=officer, plan=plan, title="x", budget=Decimal(1000), currency="idr"
    )
    assert ok.currency == "IDR"
    assert plan.activities.count() == 1


def test_a_focal_point_cannot_touch_another_units_activity(officer, plan, focal):
    farmalkes = Unit.objects.create(code="farmalkes", kind="ministry_unit", name_id="Farmalkes")
    other = services.activity_create(user=officer, plan=plan, title="Lain", owner_unit=farmalkes)
    with pytest.raises(NotAllowed) as exc:
        services.activity_set_status(user=focal, activity=other, status="ongoing")
    assert "Farmalkes" in str(exc.value)
    other.refresh_from_db()
    assert other.status == "planned" and other.actual_start is None


def test_a_focal_point_reports_delivery_of_their_own_activity_but_not_its_design(
    focal, p2p_activity
):
    services.activity_update(
        user=focal,
        activity=p2p_activity,
        changes=ActivityChanges(people_reached=40, people_reached_label="tenaga kesehatan dilatih"),
    )
    p2p_activity.refresh_from_db()
    assert p2p_activity.people_reached == 40
    with pytest.raises(NotAllowed):
        services.activity_update(
            user=focal, activity=p2p_activity, changes=ActivityChanges(title="Judul baru")
        )
    p2p_activity.refresh_from_db()
    assert p2p_activity.title == "Pelatihan tenaga kesehatan primer"


def test_starting_and_completing_record_the_actual_dates(focal, p2p_activity):
    today = timezone.localdate()
    services.activity_set_status(user=focal, activity=p2p_activity, status="ongoing")
    assert (p2p_activity.status, p2p_activity.actual_start) == ("ongoing", today)
    services.activity_set_status(user=focal, activity=p2p_activity, status="completed")
    assert p2p_activity.actual_end == today
    services.activity_set_status(user=focal, activity=p2p_activity, status="ongoing")
    assert p2p_activity.actual_end is None  # reopened
    assert p2p_activity.history.count() == 4  # created + three changes, each kept


@pytest.mark.parametrize(
    ("direction", "baseline", "target"),
    [("increase", 10, 5), ("increase", None, -3), ("decrease", 10, 12), ("increase", 10, 10)],
)
def test_a_target_on_the_wrong_side_of_the_baseline_is_refused(
    officer, plan, direction, baseline, target
):
    with pytest.raises(ValidationError) as exc:
        services.indicator_create(
            user=officer,
            plan=plan,
            name="Tenaga kesehatan dilatih",
            unit="orang",
            baseline=None if baseline is None else Decimal(baseline),
            target=Decimal(target),
            direction=direction,
        )
    assert "target" in exc.value.message_dict
    assert not plan.indicators.exists()


@pytest.fixture
def indicator(officer, plan, p2p_activity):
    return services.indicator_create(
        user=officer,
        plan=plan,
        activity=p2p_activity,
        name="Tenaga kesehatan dilatih",
        unit="orang",
        baseline=Decimal(0),
        target=Decimal(100),
    )


def test_an_indicator_changes_only_what_is_given(officer, indicator):
    services.indicator_update(
        user=officer, indicator=indicator, changes=IndicatorChanges(target=Decimal(120))
    )
    indicator.refresh_from_db()
    assert indicator.target == 120 and indicator.name == "Tenaga kesehatan dilatih"
    assert indicator.activity is not None  # left UNSET, not cleared
    assert indicator.history.first().history_user == officer


def test_a_refused_indicator_change_leaves_it_as_it_was(officer, focal, indicator):
    with pytest.raises(ValidationError) as exc:
        services.indicator_update(
            user=officer, indicator=indicator, changes=IndicatorChanges(target=Decimal(-5))
        )
    assert "target" in exc.value.message_dict
    assert indicator.target == 100  # the object in hand too, not only the row
    with pytest.raises(NotAllowed):
        services.indicator_update(
            user=focal, indicator=indicator, changes=IndicatorChanges(name="Lain")
        )
    indicator.refresh_from_db()
    assert (indicator.name, indicator.target) == ("Tenaga kesehatan dilatih", 100)


def test_changes_name_only_what_an_activity_has():
    with pytest.raises(TypeError):
        ActivityChanges(plan=1)  # type: ignore[call-arg]
    assert ActivityChanges(outputs="", actual_end=None).given() == {
        "actual_end": None,
        "outputs": "",
    }


def test_a_result_for_a_period_outside_the_plan_is_refused(focal, indicator):
    with pytest.raises(ValidationError) as exc:
        services.result_report(
            user=focal,
            indicator=indicator,
            period_start=dt.date(2024, 1, 1),
            period_end=dt.date(2024, 6, 30),
            value=Decimal(10),
        )
    assert "2025–2027" in messages_of(exc)[0]
    assert not Result.objects.exists()


def test_one_result_per_period(focal, indicator):
    period = {"period_start": dt.date(2025, 1, 1), "period_end": dt.date(2025, 6, 30)}
    services.result_report(user=focal, indicator=indicator, value=Decimal(10), **period)
    with pytest.raises(ValidationError) as exc:
        services.result_report(user=focal, indicator=indicator, value=Decimal(12), **period)
    assert str(rules.RESULT_PERIOD_TAKEN) in messages_of(exc)
    assert Result.objects.count() == 1


def test_another_units_focal_point_cannot_report(officer, plan, indicator):
    bppsdmk = Unit.objects.create(code="bppsdmk", kind="ministry_unit", name_id="BPPSDMK")
    stranger = User.objects.create_user(username="sari", password="x", role="focal", unit=bppsdmk)
    with pytest.raises(NotAllowed):
        services.result_report(
            user=stranger,
            indicator=indicator,
            period_start=dt.date(2025, 1, 1),
            period_end=dt.date(2025, 6, 30),
            value=Decimal(10),
        )
    assert not Result.objects.exists()


def test_report_return_resubmit_approve(officer, focal, indicator):
    result = services.result_report(
        user=focal,
        indicator=indicator,
        period_start=dt.date(2025, 1, 1),
        period_end=dt.date(2025, 6, 30),
        value=Decimal(10),
    )
    assert result.status == "submitted" and result.reported_by == focal
    with pytest.raises(NotAllowed):
        services.result_approve(user=focal, result=result)  # no approving one's own report
    with pytest.raises(ValidationError) as exc:
        services.result_return(user=officer, result=result, comment="  ")
    assert str(rules.RESULT_RETURN_COMMENT) in messages_of(exc)
    services.result_return(user=officer, result=result, comment="Lampirkan daftar hadir.")
    assert result.status == "returned"
    with pytest.raises(ValidationError):
        services.result_approve(user=officer, result=result)  # only submitted ones
    services.result_resubmit(user=focal, result=result, value=Decimal(12), note="Dengan bukti.")
    services.result_approve(user=officer, result=result)
    result.refresh_from_db()
    assert (result.status, result.value, result.reviewed_by) == ("approved", 12, officer)
    with pytest.raises(ValidationError) as exc:
        services.result_resubmit(user=focal, result=result, value=Decimal(99))
    assert str(rules.RESULT_LOCKED) in messages_of(exc)
    statuses = [h.status for h in result.history.order_by("history_date")]
    assert statuses == ["submitted", "returned", "submitted", "approved"]


def test_evidence_is_checked_by_content(focal, p2p_activity):
    from django.core.files.uploadedfile import SimpleUploadedFile

    fake = SimpleUploadedFile(
        "laporan.pdf", b"MZ\x90\x00\x03 a program", content_type="application/pdf"
    )
    with pytest.raises(ValidationError):
        services.activity_attach_evidence(
            user=focal, activity=p2p_activity, upload=fake, title="Laporan"
        )
    assert not p2p_activity.documents.exists()

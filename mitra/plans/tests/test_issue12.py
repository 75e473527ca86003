"""Defects found from outside (issue 12), each pinned: visibility by role, refused writes that
change nothing, strict review decisions, typed enums, numbers per language, two words."""

from __future__ import annotations

import datetime as dt
import json
from decimal import Decimal

import pytest
from django.template import Context, Template
from django.urls import reverse
from django.utils import timezone, translation

from mitra.accounts.tokens import token_create
from mitra.plans import rules, services
from mitra.plans.models import Activity, Result

pytestmark = pytest.mark.django_db


def bearer(user) -> dict[str, str]:
    return {"HTTP_AUTHORIZATION": f"Bearer {token_create(user=user, name='t')[1]}"}


def patch(client, url, data, user):
    return client.patch(url, data=json.dumps(data), content_type="application/json", **bearer(user))


@pytest.fixture
def indicator(officer, plan, p2p_activity):
    return services.indicator_create(
        user=officer,
        plan=plan,
        activity=p2p_activity,
        name="Tenaga kesehatan terlatih",
        unit="orang",
        baseline=Decimal(0),
        target=Decimal(200),
    )


def test_a_viewer_given_a_unit_sees_no_internal_activities_on_my_unit_page(
    client, viewer, p2p, p2p_activity, indicator
):
    viewer.unit = p2p
    viewer.save()
    client.force_login(viewer)
    response = client.get(reverse("plans:mine"))
    assert response.status_code == 200
    body = response.content.decode()
    assert p2p_activity.title not in body
    assert indicator.name not in body


def test_a_patch_with_null_for_a_text_field_is_a_422_naming_it(client, focal, p2p_activity):
    url = f"/api/v1/plans/activities/{p2p_activity.pk}"
    response = patch(client, url, {"outputs": None}, focal)
    assert response.status_code == 422
    assert "outputs" in response.json()["fields"]


def test_a_refused_delivery_patch_changes_nothing(client, focal, p2p_activity):
    future = (timezone.localdate() + dt.timedelta(days=10)).isoformat()
    url = f"/api/v1/plans/activities/{p2p_activity.pk}"
    response = patch(client, url, {"status": "ongoing", "actual_end": future}, focal)
    assert response.status_code == 422
    p2p_activity.refresh_from_db()
    assert p2p_activity.status == "planned" and p2p_activity.actual_start is None


def test_statuses_are_case_insensitive_and_unknown_ones_named(client, focal, p2p_activity):
    url = f"/api/v1/plans/activities/{p2p_activity.pk}"
    assert patch(client, url, {"status": "Ongoing"}, focal).status_code == 200
    p2p_activity.refresh_from_db()
    assert p2p_activity.status == "ongoing"
    response = client.get("/api/v1/plans/activities?status=bogus", **bearer(focal))
    assert response.status_code == 422 and "bogus" in json.dumps(response.json())
    response = client.get("/api/v1/plans/activities?unit=P2P", **bearer(focal))
    assert response.status_code == 200 and len(response.json()["items"]) == 1


def test_a_review_decision_other_than_approve_or_return_is_refused(
    client, officer, focal, indicator
):
    result = services.result_report(
        user=focal,
        indicator=indicator,
        period_start=dt.date(2025, 1, 1),
        period_end=dt.date(2025, 6, 30),
        value=Decimal(50),
    )
    url = f"/api/v1/plans/results/{result.pk}/review"
    response = client.post(
        url,
        data=json.dumps({"decision": "typo"}),
        content_type="application/json",
        **bearer(officer),
    )
    assert response.status_code == 422
    result.refresh_from_db()
    assert result.status == Result.Status.SUBMITTED
    client.force_login(officer)
    client.post(reverse("plans:result_review", args=[result.pk]), {"decision": "typo"})
    result.refresh_from_db()
    assert result.status == Result.Status.SUBMITTED


def test_control_characters_are_refused_in_titles(officer, plan):
    from django.core.exceptions import ValidationError

    with pytest.raises(ValidationError) as caught:
        services.activity_create(user=officer, plan=plan, title="Pelatihan\x07")
    assert "title" in caught.value.message_dict
    with pytest.raises(ValidationError):
        services.plan_update(user=officer, plan=plan, title="Rencana\x00")
    assert not plan.activities.exists()


def test_the_openapi_document_names_every_delivery_enum_on_its_own(client):
    schemas = client.get("/api/v1/openapi.json").json()["components"]["schemas"]
    assert {"ActivityStatus", "ReviewDecision", "MeetingKind", "FollowUpStatus"} <= set(schemas)
    assert schemas["ResultReview"]["properties"]["decision"] == {
        "$ref": "#/components/schemas/ReviewDecision"
    }


def test_a_baseline_of_zero_shows_as_0_and_numbers_follow_the_language(client, officer, indicator):
    client.force_login(officer)
    body = client.get(reverse("plans:detail", args=[indicator.plan_id])).content.decode()
    assert "Nilai awal 0 →" in body and "200 orang" in body
    template = Template("{% load numbers %}{{ a|number }} {{ b|number }} {{ c|number }}")
    context = Context({"a": Decimal("1234.50"), "b": Decimal("200.00"), "c": 0})
    with translation.override("id"):
        assert template.render(context) == "1.234,5 200 0"
    with translation.override("en"):
        assert template.render(context) == "1,234.5 200 0"


def test_late_and_on_hold_are_two_words_in_both_languages(officer, plan):
    with translation.override("id"):
        assert str(Activity.Status.DELAYED.label) == "Ditunda"
        assert translation.gettext("Late") == "Terlambat"
    with translation.override("en"):
        assert str(Activity.Status.DELAYED.label) == "On hold"


def test_the_delayed_rule_agrees_in_its_two_forms(officer, plan):
    past = timezone.localdate() - dt.timedelta(days=3)
    late = services.activity_create(user=officer, plan=plan, title="A", planned_start=past)
    on_time = services.activity_create(user=officer, plan=plan, title="B")
    in_db = set(Activity.objects.filter(rules.delayed_q()).values_list("pk", flat=True))
    assert in_db == {late.pk}
    assert rules.is_delayed(late) and not rules.is_delayed(on_time)
    assert rules.current_status(late) == "delayed"

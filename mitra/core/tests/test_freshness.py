"""The data version moves with every write to registry data, inside the writing transaction."""

from __future__ import annotations

import pytest
from django.db import transaction

from mitra.core import freshness
from mitra.partners import services as partner_services
from mitra.taxonomy.models import CooperationArea

pytestmark = pytest.mark.django_db


def test_saves_and_link_changes_move_the_version(officer, draft):
    before = freshness.current()
    partner_services.partner_create(
        user=officer, kind="ngo", code="ngo-x", name_id="LSM X", name_en="NGO X"
    )
    after_save = freshness.current()
    draft.areas.add(CooperationArea.objects.get(code="nutrition"))
    assert before < after_save < freshness.current()


def test_a_rolled_back_write_leaves_the_version_as_it_was(officer):
    before = freshness.current()
    inside = []

    def write_then_fail():
        with transaction.atomic():
            partner_services.partner_create(
                user=officer, kind="ngo", code="ngo-y", name_id="LSM Y", name_en="NGO Y"
            )
            inside.append(freshness.current())
            raise RuntimeError

    with pytest.raises(RuntimeError):
        write_then_fail()
    assert inside[0] > before
    assert freshness.current() == before


def test_the_memo_recomputes_only_when_the_version_moves(officer):
    memo = freshness.Memo(size=2)
    calls = []

    def compute():
        calls.append(1)
        return len(calls)

    assert memo.get("k", compute) == 1
    assert memo.get("k", compute) == 1
    freshness.bump()
    assert memo.get("k", compute) == 2
    memo.get("a", compute), memo.get("b", compute)  # "k" is the oldest of three: dropped
    assert memo.get("k", compute) == 5


def test_a_write_moves_its_apps_counter_and_the_registrys_only(officer, plan):
    from mitra.plans import services as plan_services

    before = freshness.versions()
    plan_services.activity_create(user=officer, plan=plan, title="Pelatihan")
    after = freshness.versions()
    assert after[""] > before[""] and after["plans"] > before["plans"]
    assert freshness.of(after, ["meetings", "agreements"]) == freshness.of(
        before, ["meetings", "agreements"]
    )


def test_a_bulk_write_that_names_no_app_moves_every_counter(db):
    before = freshness.versions()
    freshness.bump()
    after = freshness.versions()
    assert all(after[scope] > before.get(scope, 0) for scope in ["", *freshness.TRACKED_APPS])

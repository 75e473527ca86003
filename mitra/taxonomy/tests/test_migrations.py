"""Moving CooperationArea from agreements to taxonomy keeps every area and every link to one."""

from __future__ import annotations

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

BEFORE = [
    ("agreements", "0005_one_line_titles"),
    ("partners", "0003_one_line_names"),
    ("plans", "0001_initial"),
    ("meetings", "0001_initial"),
    ("taxonomy", None),
]


def _migrate(targets):
    executor = MigrationExecutor(connection)
    executor.loader.build_graph()
    executor.migrate(targets)
    executor.loader.build_graph()
    return executor.loader.project_state([t for t in targets if t[1]]).apps


# serialized_rollback: the areas loaded by a data migration come back for the tests after it.
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_a_database_migrated_from_before_the_move_keeps_its_areas_and_links():
    old = _migrate(BEFORE)
    Area = old.get_model("agreements", "CooperationArea")
    Agreement = old.get_model("agreements", "Agreement")
    Partner = old.get_model("partners", "Partner")
    areas = Area.objects.count()
    assert areas > 20  # the taxonomy_v1 data
    agreement = Agreement.objects.create(title="MoU lama", status="exploring")
    agreement.areas.set(Area.objects.filter(code__in=["vaccines", "primary-care"]))
    partner = Partner.objects.create(kind="ngo", code="lsm-lama", name_id="L", name_en="L")
    partner.areas.set(Area.objects.filter(code="vaccines"))

    leaves = list(MigrationExecutor(connection).loader.graph.leaf_nodes())
    new = _migrate(leaves)
    NewArea = new.get_model("taxonomy", "CooperationArea")
    assert NewArea.objects.count() == areas
    moved = new.get_model("agreements", "Agreement").objects.get(title="MoU lama")
    assert sorted(a.code for a in moved.areas.all()) == ["primary-care", "vaccines"]
    kept = new.get_model("partners", "Partner").objects.get(code="lsm-lama")
    assert [a.code for a in kept.areas.all()] == ["vaccines"]
    assert NewArea._meta.db_table == "agreements_cooperationarea"

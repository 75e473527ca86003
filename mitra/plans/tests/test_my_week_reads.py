"""My week reads a page of reports waiting for review and of reports owed, oldest first, from
an index, and stops there: at scale 100 a third of five million results wait for review and
the reports owed run to hundreds of thousands (issue 18). Sorting them all took 7 s and 2 s
of the 21 s the page took there. SQLite says how it will read a statement
(`EXPLAIN QUERY PLAN`): a temporary B-tree for ORDER BY is the full sort."""

from __future__ import annotations

import pytest
from django.db import connection

from mitra.plans import selectors

pytestmark = [
    pytest.mark.django_db,
    pytest.mark.skipif(
        connection.vendor != "sqlite",
        reason="the plan is SQLite's; PostgreSQL's planner sorts small test tables in memory",
    ),
]


def _plan(qs) -> str:
    sql, params = qs.query.sql_with_params()
    with connection.cursor() as cursor:
        cursor.execute("EXPLAIN QUERY PLAN " + sql, params)
        return "\n".join(str(row[-1]) for row in cursor.fetchall())


def test_the_reports_waiting_for_review_are_read_oldest_first_from_their_index(officer):
    plan = _plan(selectors.results_to_review(user=officer)[:11])
    assert "result_waiting_review" in plan
    assert "TEMP B-TREE" not in plan


def test_the_reports_owed_are_read_plan_by_plan_oldest_first_without_sorting_them_all(officer):
    plan = _plan(selectors.overdue_reports(user=officer)[:11])
    assert "plan_on_books_by_start" in plan
    assert "TEMP B-TREE" not in plan

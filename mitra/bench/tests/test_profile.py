"""`mitra bench --profile`: a readable call tree per page, naming the view that took the time."""

from __future__ import annotations

import pytest

from mitra.accounts.models import User
from mitra.accounts.tokens import token_create
from mitra.bench import pages

pytestmark = pytest.mark.django_db


def test_each_page_and_the_computed_board_get_a_call_tree_that_names_its_code(tmp_path):
    officer = User.objects.create_user(username="bench-officer", role=User.Role.OFFICER)
    token = token_create(user=officer, name="bench")[1]
    items = [("dashboard", "/", "session"), ("API list", "/api/v1/agreements", "token")]
    written = pages.profile(items, tmp_path, token)
    assert [p.name for p in written] == [
        "dashboard.txt",
        "api-list.txt",
        "dashboard-computed-after-a-change.txt",
    ]
    dashboard = written[0].read_text(encoding="utf-8")
    assert dashboard.startswith("dashboard: GET /, 5 requests")
    assert "insights/views.py" in dashboard
    assert "list_agreements" in written[1].read_text(encoding="utf-8")
    computed = written[2].read_text(encoding="utf-8")
    assert computed.startswith("dashboard computed after a change: insights.dashboard.compute")
    assert "insights/dashboard.py" in computed

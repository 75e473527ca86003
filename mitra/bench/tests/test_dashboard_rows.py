"""The bench's dashboard rows measure what they name, on whatever data is in the database."""

from __future__ import annotations

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from mitra.accounts.models import User
from mitra.bench import pages
from mitra.core import freshness
from mitra.insights import dashboard

pytestmark = pytest.mark.django_db


def test_the_board_after_an_agreement_change_recounts_the_portfolio_only(officer):
    User.objects.create_user(username="bench-officer", role=User.Role.OFFICER)
    assert pages.dashboard_after_agreement_change(repeat=2) > 0
    # The path it times: after a write to agreements the lists are kept, the portfolio is not.
    user = User.objects.get(username="bench-officer")
    freshness.bump("agreements")
    with CaptureQueriesContext(connection) as after_agreement:
        dashboard.dashboard(user=user, filters=dashboard.Filters())
    freshness.bump()
    with CaptureQueriesContext(connection) as after_everything:
        dashboard.dashboard(user=user, filters=dashboard.Filters())
    assert len(after_agreement) < len(after_everything)

"""My week's funding at risk looks at every signed or in-force agreement in sight (seconds at
scale 100), so it is kept per data version for the readers who see the same agreements: read
again only after a write, and never handed to a reader who sees other agreements."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from mitra.agreements import services as agreement_services
from mitra.agreements.models import Agreement
from mitra.insights.inbox import my_week
from mitra.plans import services
from mitra.plans.schemas import CommitmentIn

pytestmark = pytest.mark.django_db


def _funding(user) -> list[str]:
    sections = [s for s in my_week(user=user).sections if s.key == "funding"]
    return [item.url for s in sections for item in s.items]


def _commit(officer, agreement, days: int) -> None:
    ends = timezone.localdate() + dt.timedelta(days=days)
    services.commitment_add(
        user=officer,
        agreement=agreement,
        data=CommitmentIn("WHO", "grant", Decimal("50000"), "USD", ends),
    )


def test_funding_at_risk_is_read_once_per_data_version_and_again_after_a_write(officer, in_force):
    _commit(officer, in_force, days=60)
    flagged = [in_force.get_absolute_url() + "#funding"]
    assert _funding(officer) == flagged

    with CaptureQueriesContext(connection) as again:
        assert _funding(officer) == flagged
    assert not any("plans_fundingcommitment" in q["sql"] for q in again.captured_queries)

    _commit(officer, in_force, days=900)  # funding after the window: no longer at risk
    assert _funding(officer) == []


def test_a_focal_point_gets_their_units_share_whoever_looked_first(
    officer, focal, p2p, kazakhstan, in_force
):
    theirs = agreement_services.agreement_create(
        user=officer,
        title="MoU surveilans",
        parties=[(kazakhstan, "signatory")],
        status=Agreement.Status.IN_FORCE,
        date_signed=dt.date(2025, 4, 28),
        responsible_unit=p2p,
    )
    _commit(officer, in_force, days=60)
    _commit(officer, theirs, days=90)
    both = [in_force.get_absolute_url() + "#funding", theirs.get_absolute_url() + "#funding"]

    assert _funding(officer) == both  # the officer looks first: the portfolio's list is kept
    assert _funding(focal) == [theirs.get_absolute_url() + "#funding"]
    assert _funding(officer) == both

"""Funding and sustainability (issue 15 §4): a partnership's funding sources, the named rule
that flags funding ending within 12 months with nothing after it, and where the flag shows
(the agreement's page, the dashboard, My week, the brief page and its PDF)."""

from __future__ import annotations

import datetime as dt
import subprocess
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from mitra.agreements import services as agreement_services
from mitra.agreements.models import Agreement
from mitra.core.errors import NotAllowed
from mitra.insights.inbox import my_week
from mitra.plans import rules, selectors, services
from mitra.plans.models import FundingCommitment, Sustainability
from mitra.plans.schemas import CommitmentIn

pytestmark = pytest.mark.django_db


def _in(days: int) -> dt.date:
    return timezone.localdate() + dt.timedelta(days=days)


def commit(officer, agreement, *, days: int, funder: str = "WHO", amount: str = "50000"):
    return services.commitment_add(
        user=officer,
        agreement=agreement,
        data=CommitmentIn(funder, "grant", Decimal(amount), "USD", _in(days)),
    )


def risks(user, agreement):
    return selectors.funding_at_risk(
        user=user, agreements=Agreement.objects.filter(pk=agreement.pk)
    )


def test_the_rule_flags_funding_ending_within_12_months_without_a_note():
    today = dt.date(2026, 12, 4)
    assert rules.funding_at_risk(ends_on=dt.date(2027, 6, 1), has_note=False, today=today)
    assert rules.funding_at_risk(ends_on=dt.date(2026, 1, 1), has_note=False, today=today)
    assert not rules.funding_at_risk(ends_on=dt.date(2027, 6, 1), has_note=True, today=today)
    assert not rules.funding_at_risk(ends_on=dt.date(2028, 1, 1), has_note=False, today=today)
    assert not rules.funding_at_risk(ends_on=None, has_note=False, today=today)


def test_funding_ending_soon_is_flagged_until_a_successor_or_a_note_comes(officer, in_force):
    commit(officer, in_force, days=120)
    [risk] = risks(officer, in_force)
    assert (risk.agreement, risk.ends_on) == (in_force, _in(120))
    assert selectors.funding_of(user=officer, agreement=in_force).at_risk

    successor = commit(officer, in_force, days=800, funder="Kemenkes (APBN)")
    assert risks(officer, in_force) == []
    services.commitment_archive(user=officer, commitment=successor)
    assert len(risks(officer, in_force)) == 1

    services.sustainability_set(
        user=officer,
        agreement=in_force,
        what_continues="Pelatihan surveilans berlanjut",
        carried_by="Ditjen P2P",
    )
    assert risks(officer, in_force) == []
    assert not selectors.funding_of(user=officer, agreement=in_force).at_risk


def test_an_activity_budget_is_a_funding_source_ending_with_the_activity(officer, in_force):
    plan = services.plan_create(
        user=officer,
        title="Rencana aksi 2025–2027",
        start_year=2025,
        end_year=2027,
        agreement=in_force,
    )
    services.activity_create(
        user=officer,
        plan=plan,
        title="Pelatihan surveilans",
        planned_start=_in(-30),
        planned_end=_in(60),
        budget=Decimal("125000000"),
        currency="IDR",
        funding_source="state_budget",
    )
    funding = selectors.funding_of(user=officer, agreement=in_force)
    assert [(s.label, s.amount, s.currency, s.ends_on) for s in funding.sources] == [
        ("Pelatihan surveilans", Decimal("125000000.00"), "IDR", _in(60))
    ]
    assert [r.ends_on for r in risks(officer, in_force)] == [_in(60)]


@pytest.mark.parametrize(
    ("data", "field"),
    [
        (CommitmentIn(" ", "grant", Decimal(1), "USD", dt.date(2027, 1, 1)), "funder"),
        (CommitmentIn("WHO", "grant", Decimal(-5), "USD", dt.date(2027, 1, 1)), "amount"),
        (CommitmentIn("WHO", "grant", Decimal(5), "XYZ", dt.date(2027, 1, 1)), "currency"),
    ],
)
def test_a_bad_commitment_is_refused_and_nothing_is_saved(officer, in_force, data, field):
    with pytest.raises(ValidationError) as caught:
        services.commitment_add(user=officer, agreement=in_force, data=data)
    assert field in caught.value.message_dict
    assert not FundingCommitment.objects.exists()


def test_a_sustainability_note_says_what_continues_and_who_carries_it(officer, in_force):
    with pytest.raises(ValidationError) as caught:
        services.sustainability_set(
            user=officer, agreement=in_force, what_continues="Pelatihan", carried_by=" "
        )
    assert caught.value.message_dict["carried_by"] == [str(services.CARRIED_BY_REQUIRED)]
    assert not Sustainability.objects.exists()


def test_only_the_bureau_records_funding_and_viewers_see_none(focal, viewer, officer, in_force):
    with pytest.raises(NotAllowed):
        commit(focal, in_force, days=100)
    commit(officer, in_force, days=100)
    assert risks(viewer, in_force) == []
    assert selectors.funding_of(user=viewer, agreement=in_force).sources == []


def test_the_flag_shows_on_the_agreement_the_dashboard_my_week_and_the_brief(
    client, officer, in_force, kazakhstan
):
    commit(officer, in_force, days=90, funder="Global Fund")
    client.force_login(officer)
    page = client.get(in_force.get_absolute_url()).content.decode()
    assert 'id="funding-risk"' in page and "Global Fund" in page

    board = client.get("/").content.decode()
    funding_card = board.split('id="funding-risks"', 1)[1].split("</section>", 1)[0]
    assert in_force.title in funding_card

    week = my_week(user=officer)
    [section] = [s for s in week.sections if s.key == "funding"]
    assert [i.url for i in section.items] == [in_force.get_absolute_url() + "#funding"]

    brief = client.get(f"/partners/{kazakhstan.code}/brief/").content.decode()
    assert "tanpa pendanaan lanjutan" in brief
    pdf = client.get(f"/partners/{kazakhstan.code}/brief.pdf").content
    text = subprocess.run(
        ["pdftotext", "-", "-"], input=pdf, capture_output=True, check=True
    ).stdout.decode()
    assert "tanpa pendanaan lanjutan" in " ".join(text.split())


def test_a_commitment_is_recorded_from_the_agreements_page(client, officer, in_force):
    client.force_login(officer)
    url = f"/plans/funding/{in_force.pk}/commitments/"
    bad = client.post(
        url,
        {
            "funder": "WHO",
            "source": "grant",
            "amount": "-1",
            "currency": "USD",
            "ends_on": "2027-01-31",
        },
    )
    assert bad.status_code == 302 and not FundingCommitment.objects.exists()
    good = client.post(
        url,
        {
            "funder": "WHO",
            "source": "grant",
            "amount": "1000",
            "currency": "usd",
            "ends_on": "2027-01-31",
        },
    )
    assert good["Location"] == in_force.get_absolute_url() + "#funding"
    saved = FundingCommitment.objects.get()
    assert (saved.currency, saved.amount) == ("USD", Decimal("1000.00"))
    assert saved.history.first().history_user == officer


def test_the_board_shows_the_ten_soonest_ending_and_how_many_in_all(client, officer, kazakhstan):
    """Tens of thousands at scale: the dashboard lists ten, My week twenty, each says more."""
    for n in range(22):
        agreement = agreement_services.agreement_create(
            user=officer,
            title=f"MoU pendanaan {n:02}",
            parties=[(kazakhstan, "signatory")],
            status=Agreement.Status.IN_FORCE,
            date_signed=dt.date(2024, 2, 1),
            date_in_force=dt.date(2024, 3, 1),
        )
        commit(officer, agreement, days=30 + n)
    client.force_login(officer)
    board = client.get("/").content.decode()
    card = board.split('id="funding-risks"', 1)[1].split("</section>", 1)[0]
    assert [f"MoU pendanaan {n:02}" in card for n in range(22)] == [True] * 10 + [False] * 12
    assert "Seluruhnya 22 perjanjian." in card

    [section] = [s for s in my_week(user=officer).sections if s.key == "funding"]
    assert [i.text for i in section.items] == [f"MoU pendanaan {n:02}" for n in range(20)]
    assert section.more

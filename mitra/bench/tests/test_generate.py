"""The scale generator: deterministic, marked as synthetic, searchable like real records."""

from __future__ import annotations

import pytest

from mitra.agreements.models import Agreement
from mitra.bench import generate
from mitra.partners.models import Partner
from mitra.plans.models import Result
from mitra.search.selectors import search

pytestmark = pytest.mark.django_db


@pytest.fixture
def small(monkeypatch):
    monkeypatch.setattr(
        generate,
        "PER_SCALE",
        {k: max(2, v // 100) for k, v in generate.PER_SCALE.items()},
    )


def test_generated_records_are_counted_and_marked(small, officer):
    counts = generate.generate(scale=2, seed=3, progress=None)
    assert counts["partners"] == Partner.objects.filter(code__startswith="syn-").count() == 10
    assert counts["results"] == Result.objects.count() == 1000
    assert not Agreement.objects.exclude(title__startswith=generate.MARK).exists()
    assert all(a.reference_number.startswith("SYN-") for a in Agreement.objects.all())


def test_the_same_seed_gives_the_same_data(small, officer):
    generate.generate(scale=1, seed=5, progress=None)
    first = list(Agreement.objects.order_by("pk").values_list("title", "status", "date_expiry"))
    Result.objects.all().delete()
    from mitra.documents.models import Document
    from mitra.meetings.models import FollowUp, Meeting
    from mitra.plans.models import ActionPlan, Activity, Indicator
    from mitra.search.models import SearchEntry

    for model in (FollowUp, Meeting, Indicator, Activity, ActionPlan, SearchEntry, Document):
        model.objects.all().delete()
    Agreement.objects.all().delete()
    Partner.objects.filter(code__startswith="syn-").delete()
    generate.generate(scale=1, seed=5, progress=None)
    again = list(Agreement.objects.order_by("pk").values_list("title", "status", "date_expiry"))
    assert again == first


def test_a_second_run_is_refused_rather_than_doubled(small, officer):
    generate.generate(scale=1, seed=3, progress=None)
    with pytest.raises(generate.AlreadyGenerated):
        generate.generate(scale=1, seed=3, progress=None)


def test_synthetic_records_are_found_by_search(small, officer):
    generate.generate(scale=1, seed=3, progress=None)
    hits = search(user=officer, q="vaksin")
    assert hits and all(generate.MARK in h.entry.title for h in hits)


def test_healthz_is_constant_and_touches_no_database(client, django_assert_num_queries):
    with django_assert_num_queries(0):
        response = client.get("/healthz")
    assert response.json() == {"ok": True}


def test_dates_are_laid_out_around_the_day_it_runs_and_the_day_is_recorded(small, officer):
    import datetime as dt

    from mitra.core.models import SyntheticData
    from mitra.meetings.models import FollowUp
    from mitra.plans.models import ActionPlan

    day = dt.date(2031, 6, 15)
    generate.generate(scale=1, seed=3, today=day, progress=None)
    made = SyntheticData.objects.get()
    assert (made.generated_on, made.scale, made.seed) == (day, 1, 3)
    # Follow-ups are due on both sides of that day, not all long overdue.
    due = list(FollowUp.objects.values_list("due_date", flat=True))
    assert min(due) >= day - dt.timedelta(days=200) and max(due) <= day + dt.timedelta(days=200)
    assert any(d < day for d in due) and any(d > day for d in due)
    assert set(ActionPlan.objects.values_list("start_year", "end_year")) == {(2029, 2032)}
    assert {r.period_start.year for r in Result.objects.all()} == {2030}
    signed = [a.date_signed for a in Agreement.objects.exclude(date_signed=None)]
    assert signed and all(day - dt.timedelta(days=3650) <= d <= day for d in signed)


def test_by_default_it_is_laid_out_around_today(small, officer):
    from django.utils import timezone

    from mitra.core.models import SyntheticData

    generate.generate(scale=1, seed=3, progress=None)
    assert SyntheticData.objects.get().generated_on == timezone.localdate()

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

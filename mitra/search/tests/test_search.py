"""Full-text search: Indonesian word forms, filters, visibility, and an index in step."""

from __future__ import annotations

import pytest
from django.db import transaction

from mitra.agreements import services as agreement_services
from mitra.partners import services as partner_services
from mitra.plans import services as plan_services
from mitra.plans.schemas import ActivityChanges
from mitra.search.models import SearchEntry
from mitra.search.selectors import search

pytestmark = pytest.mark.django_db(transaction=False)


def titles(user, q, **filters) -> list[str]:
    return [hit.entry.title for hit in search(user=user, q=q, **filters)]


@pytest.fixture
def registry(officer, kazakhstan):
    who = partner_services.partner_create(
        user=officer, kind="international", code="who", name_id="WHO", name_en="WHO"
    )
    public = agreement_services.agreement_create(
        user=officer,
        title="Nota kesepahaman bekerja sama di bidang kefarmasian",
        parties=[(kazakhstan, "signatory")],
        is_public=True,
    )
    internal = agreement_services.agreement_create(
        user=officer,
        title="Rancangan kerja sama vaksin dengan WHO",
        parties=[(who, "signatory")],
    )
    return public, internal


def test_indonesian_word_forms_match_by_stem(officer, registry):
    public, internal = registry
    assert public.title in titles(officer, "kerja sama")  # finds "bekerja sama"
    assert public.title in titles(officer, "farmasi")  # finds "kefarmasian"
    assert titles(officer, "vaksin") == [internal.title]


def test_filters_by_type_and_partner(officer, registry, kazakhstan):
    public, _internal = registry
    assert titles(officer, "kerja sama", partner="KAZ") == [public.title]
    assert titles(officer, "kazakhstan", kind="partner") == [kazakhstan.name_id]


def test_a_viewer_finds_only_what_is_public(viewer, registry):
    public, _internal = registry
    assert titles(viewer, "kerja sama") == [public.title]


def test_the_index_follows_writes_and_archiving(officer, registry, plan):
    public, _internal = registry
    activity = plan_services.activity_create(user=officer, plan=plan, title="Pelatihan vaksinasi")
    assert "Pelatihan vaksinasi" in titles(officer, "vaksinasi")
    plan_services.activity_update(
        user=officer, activity=activity, changes=ActivityChanges(title="Lokakarya imunisasi")
    )
    assert titles(officer, "vaksinasi") == []
    agreement_services.agreement_archive(user=officer, agreement=public)
    assert public.title not in titles(officer, "farmasi")


def test_a_failed_write_leaves_no_index_entry(officer, kazakhstan):
    before = SearchEntry.objects.count()

    def fails_after_saving() -> None:
        with transaction.atomic():
            partner_services.partner_create(user=officer, kind="country", code="VNM")
            raise RuntimeError("the service failed after saving")

    with pytest.raises(RuntimeError):
        fails_after_saving()
    assert SearchEntry.objects.count() == before


def test_snippets_are_escaped_and_highlighted(officer, kazakhstan):
    agreement_services.agreement_create(
        user=officer,
        title="PKS <script>alert(1)</script>",
        summary="Kerja sama <b>vaksin</b> halal dan kefarmasian.",
        parties=[(kazakhstan, "signatory")],
    )
    hit = search(user=officer, q="farmasi")[0]
    assert "<mark>kefarmasian</mark>" in hit.snippet
    assert "<b>" not in hit.snippet and "&lt;b&gt;" in hit.snippet


def test_the_search_page(client, officer, registry):
    client.force_login(officer)
    body = client.get("/search/", {"q": "farmasi"}).content.decode()
    assert "Nota kesepahaman bekerja sama di bidang kefarmasian" in body
    assert "<mark>kefarmasian</mark>" in body


def test_a_very_common_word_is_ranked_among_the_newest_matches(
    officer, kazakhstan, client, monkeypatch
):
    from mitra.search import selectors

    monkeypatch.setattr(selectors, "RANK_WINDOW", 3)
    made = [
        agreement_services.agreement_create(
            user=officer, title=f"Kerja sama vaksin {i}", parties=[(kazakhstan, "signatory")]
        )
        for i in range(5)
    ]
    hits = search(user=officer, q="vaksin")
    assert hits.windowed
    newest = {a.title for a in made[-3:]}
    assert {h.entry.title for h in hits} == newest  # the two oldest were not ranked
    client.force_login(officer)
    body = client.get("/search/", {"q": "vaksin"}).content.decode()
    assert "Lebih dari 3 catatan cocok" in body


def test_a_rarer_word_ranks_every_match(officer, registry, monkeypatch):
    from mitra.search import selectors

    monkeypatch.setattr(selectors, "RANK_WINDOW", 3)
    hits = search(user=officer, q="kefarmasian")
    assert len(hits) == 1 and not hits.windowed

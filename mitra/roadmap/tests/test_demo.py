"""The demo's roadmap holds only what seed 001 says: the two priority sectors, empty cells."""

from __future__ import annotations

from mitra import demo
from mitra.roadmap.models import Assessment, Roadmap
from mitra.trade.models import TradeFlow


def test_the_demo_roadmap_has_the_workshops_two_priority_sectors_with_empty_cells(db):
    demo.load(password="s3cret-demo")
    demo.load(password="s3cret-demo")  # idempotent
    roadmap = Roadmap.objects.get()
    assert roadmap.year == 2018
    assessments = Assessment.objects.filter(roadmap=roadmap)
    assert {a.sector.code for a in assessments} == {"pharmaceuticals", "medical-devices"}
    for a in assessments:
        assert a.priority
        assert (a.strengths, a.weaknesses, a.opportunities, a.threats, a.stance) == ("",) * 5
        assert not a.target_partners.exists() and not a.agreements.exists()
    assert not TradeFlow.objects.exists()  # no seed gives a figure

"""The review queue appears in the officer's “My week” (through workflow.inbox_sources)."""

from __future__ import annotations

import pytest

from mitra.insights.inbox import my_week
from mitra.intake import services

pytestmark = pytest.mark.django_db

TEXT = (
    "Jakarta - Kementerian Kesehatan Republik Indonesia dan Kementerian Kesehatan Kazakhstan "
    "menandatangani nota kesepahaman kerja sama di bidang kesehatan pada 28 April 2025 di Astana."
)


def test_pending_proposals_are_in_the_officers_week_only(officer, focal):
    submission = services.text_submit(user=officer, title="Berita", text=TEXT)
    n = submission.proposals.count()
    assert n > 0
    section = next(s for s in my_week(user=officer).sections if s.key == "proposals")
    assert section.items[0].url == "/review/"
    assert section.items[0].text == f"{n} usulan menunggu telaah"
    assert "proposals" not in {s.key for s in my_week(user=focal).sections}

"""A news story about a signing, pasted into the review queue, becomes an agreement with its
areas, place, signatories and a sensible title once the officer accepts it (issue 17 §3)."""

from __future__ import annotations

import datetime as dt

import pytest

from mitra.accounts.models import Unit, User
from mitra.agreements.models import Agreement
from mitra.partners import services as partner_services

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

# Written for this test (not a corpus text): how Indonesian news reports a signing.
STORY = (
    "Indonesia dan Singapura Teken Nota Kesepahaman Kesehatan\n"
    "Menteri Kesehatan RI Budi Gunadi Sadikin dan Menteri Kesehatan Singapura, Ong Ye Kung, "
    "menandatangani Nota Kesepahaman tentang Kerja Sama Kesehatan di Nusa Dua, Bali, pada "
    "Rabu (14/5/2025). Kerja sama tersebut meliputi pengembangan vaksin, kesehatan digital "
    "dan pelatihan tenaga kesehatan."
)


def test_accepting_a_signing_story_makes_a_complete_agreement(live_server, page):
    unit = Unit.objects.create(code="bks", kind="ministry_unit", name_id="Biro Kerja Sama")
    officer = User.objects.create_user(
        username="officer", password="pw-officer-1", role="officer", unit=unit
    )
    partner_services.partner_create(user=officer, kind="country", code="SGP")
    base = live_server.url

    page.goto(f"{base}/review/upload/")
    page.locator("#id_username").fill("officer")
    page.locator("#id_password").fill("pw-officer-1")
    page.get_by_role("button", name="Masuk").click()
    page.wait_for_url(f"{base}/review/upload/")
    page.locator("#id_text").fill(STORY)
    page.get_by_role("button", name="Baca").click()
    page.wait_for_url(f"{base}/review/")

    # Read as a signing, named in the reader's language; the title is the story's first line.
    assert "penandatanganan perjanjian" in page.locator(".submission").first.inner_text()
    card = page.locator(".proposal", has_text="Penanda tangan")
    assert "Ong Ye Kung (Menteri Kesehatan Singapura)" in card.inner_text()
    assert card.get_by_label("Judul").input_value() == "MoU — Singapura: Kerja Sama Kesehatan"
    assert card.get_by_label("Tempat penandatanganan").input_value() == "Nusa Dua"
    boxes = card.locator("fieldset.areas input[type=checkbox]")
    proposed = boxes.count()
    assert proposed >= 2
    boxes.first.uncheck()  # each area is the reviewer's to keep or drop
    card.get_by_role("button", name="Terima").click()
    page.get_by_text("Diterima: kini tercatat di registri.").wait_for()

    agreement = Agreement.objects.get()
    assert agreement.title == "MoU — Singapura: Kerja Sama Kesehatan"
    assert agreement.place_signed == "Nusa Dua" and agreement.date_signed == dt.date(2025, 5, 14)
    assert agreement.areas.count() == proposed - 1
    assert "Budi Gunadi Sadikin" in agreement.summary and "Ong Ye Kung" in agreement.summary
    page.goto(f"{base}{agreement.get_absolute_url()}")
    body = page.locator("main").inner_text()
    assert "Nusa Dua" in body and "ditandatangani oleh Ong Ye Kung" in body
    assert page.console_errors == []

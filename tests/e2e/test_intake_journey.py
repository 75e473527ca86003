"""An embassy's news item becomes a meeting on Kazakhstan's timeline, after a person accepts it;
then a search for "vaksin" finds the text and the plan's activity."""

from __future__ import annotations

import datetime as dt
import os
from pathlib import Path

import pytest

from mitra.accounts.models import Unit, User
from mitra.agreements import services as agreement_services
from mitra.intake.evaluation import shared_dir
from mitra.meetings.models import Meeting
from mitra.partners import services as partner_services
from mitra.plans import services as plan_services
from mitra.taxonomy.models import CooperationArea

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]
SEED = (shared_dir() or Path(__file__).resolve().parents[2].parent / "shared") / (
    "corpus/seeds/002_7f8de734f38217f6.txt"
)


def test_upload_review_accept_and_search(live_server, page):
    if not SEED.exists():
        if os.environ.get("CI", "").lower() == "true":
            pytest.fail(f"{SEED} is missing; CI has ../shared beside the clone")
        pytest.skip("../shared/corpus not present")
    unit = Unit.objects.create(code="bks", kind="ministry_unit", name_id="Biro Kerja Sama")
    officer = User.objects.create_user(
        username="officer", password="pw-officer-1", role="officer", unit=unit
    )
    kaz = partner_services.partner_create(user=officer, kind="country", code="KAZ")
    mou = agreement_services.agreement_create(
        user=officer,
        title="MoU kesehatan Indonesia–Kazakhstan",
        parties=[(kaz, "signatory")],
        areas=CooperationArea.objects.filter(code="primary-care"),
        status="in_force",
        signed_year=2021,
    )
    plan = plan_services.plan_create(
        user=officer, title="Rencana aksi 2025–2027", agreement=mou, start_year=2025, end_year=2027
    )
    plan_services.activity_create(user=officer, plan=plan, title="Kolaborasi pengembangan vaksin")
    base = live_server.url

    page.goto(f"{base}/review/upload/")
    page.locator("#id_username").fill("officer")
    page.locator("#id_password").fill("pw-officer-1")
    page.get_by_role("button", name="Masuk").click()
    page.wait_for_url(f"{base}/review/upload/")
    page.locator("#id_file").set_input_files(str(SEED))
    page.locator("#id_title").fill("KBRI Astana menjajaki kerja sama kesehatan")
    page.get_by_role("button", name="Baca").click()
    page.wait_for_url(f"{base}/review/")

    # Kazakhstan is matched to the registry's partner; nothing is in the registry yet.
    assert "Kazakhstan" in page.locator(".proposal").first.inner_text()
    assert not Meeting.objects.exists()
    # Any other organisation the text mentions is rejected; then the meeting, with the
    # sentence it came from highlighted, is accepted with its place corrected.
    undecided_new = page.locator(".proposal", has_text="Mitra baru").filter(
        has=page.get_by_role("button", name="Tolak")
    )
    while undecided_new.count():
        undecided_new.first.get_by_role("button", name="Tolak").click()
        page.get_by_text("Usulan ditolak.").wait_for()
    meeting_card = page.locator(".proposal", has_text="Pertemuan baru pada 2025-04-28")
    assert "28/4/2025" in meeting_card.locator("blockquote mark").inner_text()
    meeting_card.get_by_label("Tempat").fill("Astana")
    meeting_card.get_by_role("button", name="Terima").click()
    page.wait_for_url(f"{base}/review/")
    page.get_by_text("Diterima: kini tercatat di registri.").wait_for()
    meeting = Meeting.objects.get()
    assert meeting.date == dt.date(2025, 4, 28) and meeting.place == "Astana"

    page.goto(f"{base}/partners/KAZ/")
    timeline = page.locator(".timeline")
    assert "28 Apr 2025" in timeline.inner_text()
    assert meeting.title in timeline.inner_text()

    page.goto(f"{base}/search/?q=vaksin")
    hits = page.locator("#hits").inner_text()
    assert "Kolaborasi pengembangan vaksin" in hits  # the plan's activity
    assert "KBRI Astana menjajaki kerja sama kesehatan" in hits  # the stored text
    assert page.locator("#hits mark").count() >= 2
    assert page.console_errors == []

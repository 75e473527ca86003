"""A focal point's Monday: the daily run reminds them, the bell count rises, "My week" opens,
an obligation is followed to its page and marked done with its evidence, and a notification is
marked read in place (htmx) with the bell going down."""

from __future__ import annotations

import datetime as dt

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from mitra.accounts.models import Unit, User
from mitra.agreements import services as agreement_services
from mitra.meetings import services as meeting_services
from mitra.meetings.services import FollowUpIn
from mitra.partners import services as partner_services
from mitra.workflow import services as workflow_services
from mitra.workflow.models import Occurrence

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


def test_the_bell_rises_the_week_opens_and_an_obligation_is_done(live_server, page):
    today = timezone.localdate()
    bureau = Unit.objects.create(code="bks", kind="ministry_unit", name_id="Biro Kerja Sama")
    p2p = Unit.objects.create(code="p2p", kind="ministry_unit", name_id="Ditjen P2P")
    officer = User.objects.create_user(
        username="olga", password="pw-olga-1", role="officer", unit=bureau
    )
    User.objects.create_user(username="fajar", password="pw-fajar-1", role="focal", unit=p2p)
    kaz = partner_services.partner_create(user=officer, kind="country", code="KAZ")
    mou = agreement_services.agreement_create(
        user=officer,
        title="MoU kesehatan Indonesia–Kazakhstan",
        parties=[(kaz, "signatory")],
        status="in_force",
        date_signed=today - dt.timedelta(days=300),
        responsible_unit=p2p,
    )
    meeting_services.meeting_create(
        user=officer,
        title="Sidang komite bersama",
        kind="technical",
        date=today - dt.timedelta(days=2),
        agreements=[mou],
        followups=[
            FollowUpIn("Kirim draf laporan", owner_unit=p2p, due_date=today + dt.timedelta(days=7))
        ],
    )
    workflow_services.obligation_create(
        user=officer,
        agreement=mou,
        title="Laporan kemajuan semesteran",
        start=today + dt.timedelta(days=5),
        interval_months=6,
        end=today + dt.timedelta(days=90),
        owner_unit=p2p,
    )

    base = live_server.url
    page.goto(f"{base}/accounts/login/?next=/")
    page.locator("#id_username").fill("fajar")
    page.locator("#id_password").fill("pw-fajar-1")
    page.get_by_role("button", name="Masuk").click()
    page.wait_for_url(f"{base}/")
    bell = page.locator("#bell-count")
    assert bell.inner_text() == "0"

    report = workflow_services.remind()  # the worker's daily run
    assert report.notifications >= 2
    page.reload()
    assert bell.inner_text() == "2"

    page.get_by_role("link", name="Minggu saya").click()
    page.wait_for_url(f"{base}/inbox/")
    week = page.locator("#my-week")
    assert "Kirim draf laporan" in week.inner_text()
    week.get_by_role(
        "link", name="Laporan kemajuan semesteran — MoU kesehatan Indonesia–Kazakhstan"
    ).click()
    page.wait_for_url("**/obligations/*/")
    page.get_by_label("Bukti: pertemuan").select_option(label="Sidang komite bersama")
    page.get_by_role("button", name="Tandai selesai").click()
    page.wait_for_selector("text=Ditandai selesai, beserta buktinya.")
    done = Occurrence.objects.get(due_date=today + dt.timedelta(days=5))
    assert done.status == "done" and done.evidence_meeting.title == "Sidang komite bersama"

    page.locator("a.bell").click()
    page.wait_for_url(f"{base}/notifications/")
    first = page.locator("li.notification.unread").first
    first.get_by_role("button", name="Tandai sudah dibaca").click()
    # Playwright's retrying assertion, not a predicate string the page's CSP refuses to eval.
    expect(page.locator("#bell-count")).to_have_text("1")
    # htmx swaps the bell (out of band) before the row: wait for the row too, not only the bell.
    expect(page.locator("li.notification.unread")).to_have_count(1)
    assert page.console_errors == []

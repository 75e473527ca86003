"""The duty desk's day: a focal point logs an outbreak alert to Kazakhstan's IHR focal point;
nobody acknowledges it; with the clock driven past its 24-hour deadline the escalation run
names the next contact point and tells the bureau (the officer's bell); the acknowledgement
that comes afterwards is recorded as late, the escalation kept."""

from __future__ import annotations

import datetime as dt

import pytest
import time_machine
from django.core.management import call_command
from playwright.sync_api import expect

from mitra.accounts.models import Unit, User
from mitra.liaison import services as liaison_services
from mitra.liaison.models import Notice
from mitra.liaison.schemas import ContactIn
from mitra.notifications.models import Notification
from mitra.partners import services as partner_services

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


def _login(page, base: str, username: str, password: str, to: str) -> None:
    # Leave the last page once its requests are done and start from no cookies, so that no
    # late answer carries the previous user's CSRF cookie into this sign-in.
    page.wait_for_load_state("networkidle")
    page.goto("about:blank")
    page.context.clear_cookies()
    page.goto(f"{base}/accounts/login/?next={to}")
    page.locator("#id_username").fill(username)
    page.locator("#id_password").fill(password)
    page.get_by_role("button", name="Masuk").click()
    page.wait_for_url(f"{base}{to}")


def test_a_notice_left_unanswered_escalates_and_its_late_acknowledgement_is_flagged(
    live_server, page
):
    bureau = Unit.objects.create(code="bks", kind="ministry_unit", name_id="Biro Kerja Sama")
    p2p = Unit.objects.create(code="p2p", kind="ministry_unit", name_id="Ditjen P2P")
    officer = User.objects.create_user(
        username="olga", password="pw-olga-1", role="officer", unit=bureau
    )
    User.objects.create_user(username="fajar", password="pw-fajar-1", role="focal", unit=p2p)
    kaz = partner_services.partner_create(user=officer, kind="country", code="KAZ")
    liaison_services.contact_create(
        user=officer,
        data=ContactIn(role="own", office="Pusat Krisis Kesehatan", phone="+62 21 1", rank=1),
    )
    for rank, office in ((1, "IHR NFP Kazakhstan"), (2, "Kementerian Kesehatan Kazakhstan")):
        liaison_services.contact_create(
            user=officer,
            data=ContactIn(
                role="ihr_nfp" if rank == 1 else "ministry",
                partner=kaz,
                office=office,
                email=f"desk{rank}@example.kz",
                rank=rank,
            ),
        )

    base = live_server.url
    _login(page, base, "fajar", "pw-fajar-1", "/liaison/")
    directory = page.locator("#directory")
    # Never verified: flagged in the directory.
    expect(directory.get_by_text("tidak pernah diverifikasi").first).to_be_visible()
    page.get_by_role("link", name="Catat pemberitahuan").click()
    page.locator("#id_partner").select_option(label="Kazakhstan")
    page.locator("#id_kind").select_option(label="Peringatan wabah atau kejadian")
    page.locator("#id_severity").select_option(label="Tinggi")
    page.locator("#id_event").fill("Klaster difteri di perbatasan")
    page.locator("#id_from_contact").select_option(label="Pusat Krisis Kesehatan (pihak kita)")
    # First without a recipient: refused, with its reason, nothing logged.
    page.get_by_role("button", name="Simpan").click()
    expect(page.get_by_text("Pilih kepada siapa pemberitahuan dikirim.")).to_be_visible()
    assert not Notice.objects.exists()
    page.locator("#id_to_contact").select_option(label="IHR NFP Kazakhstan (Kazakhstan)")
    page.get_by_role("button", name="Simpan").click()
    page.wait_for_url("**/liaison/notices/*/")
    notice = Notice.objects.get()
    assert notice.ack_deadline == notice.sent_at + dt.timedelta(hours=24)
    expect(page.locator("#ack-state")).not_to_contain_text("dieskalasi")

    # The next day: the worker's frequent run finds the deadline passed.
    with time_machine.travel(notice.ack_deadline + dt.timedelta(hours=1), tick=True):
        call_command("escalate_notices")
        assert Notification.objects.filter(recipient=officer, kind="liaison").count() == 1
        _login(page, base, "olga", "pw-olga-1", "/liaison/")
        assert page.locator("#bell-count").inner_text() == "1"
        page.locator("a.bell").click()
        page.get_by_role("link", name="Tidak dikonfirmasi tepat waktu").first.click()
        page.wait_for_url(f"**/liaison/notices/{notice.pk}/")
        expect(page.locator("#escalation")).to_contain_text("Kementerian Kesehatan Kazakhstan")
        page.get_by_role("button", name="Catat konfirmasi penerimaan").click()
        expect(page.get_by_text("Konfirmasi penerimaan dicatat terlambat.")).to_be_visible()
        expect(page.locator("#ack-state")).to_contain_text("terlambat")
        expect(page.locator("#ack-state")).to_contain_text("dieskalasi")
    notice.refresh_from_db()
    assert notice.ack_late and notice.escalated_at is not None
    assert page.console_errors == []

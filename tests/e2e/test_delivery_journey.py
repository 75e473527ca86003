"""From signature to delivery: a meeting with follow-ups, a focal point's report, the officer's
approval, and the agreement's implementation rate moving with the work."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from pathlib import Path

import pytest
from django.utils import timezone

from mitra.accounts.models import Unit, User
from mitra.agreements import services as agreement_services
from mitra.meetings.models import FollowUp, Meeting
from mitra.partners import services as partner_services
from mitra.plans import services as plan_services
from mitra.plans.models import Activity, Result
from mitra.taxonomy.models import CooperationArea

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]
ARTIFACTS = Path(__file__).resolve().parents[2] / "test-artifacts"


def log_in(page, base: str, username: str, password: str, then: str) -> None:
    # No late answer of the last page may set the previous user's CSRF cookie after the clear.
    page.wait_for_load_state("networkidle")
    page.goto("about:blank")
    page.context.clear_cookies()
    page.goto(f"{base}{then}")
    page.locator("#id_username").fill(username)
    page.locator("#id_password").fill(password)
    page.get_by_role("button", name="Masuk").click()
    page.wait_for_url(f"{base}{then}")


def test_meeting_follow_ups_and_a_reported_result_move_the_agreement(live_server, page):
    bureau = Unit.objects.create(code="bks", kind="ministry_unit", name_id="Biro Kerja Sama")
    p2p = Unit.objects.create(
        code="p2p", kind="ministry_unit", name_id="Ditjen P2P", abbreviation="P2P"
    )
    officer = User.objects.create_user(
        username="officer", password="pw-officer-1", role="officer", unit=bureau
    )
    User.objects.create_user(username="focal", password="pw-focal-1", role="focal", unit=p2p)
    kaz = partner_services.partner_create(user=officer, kind="country", code="KAZ")
    mou = agreement_services.agreement_create(
        user=officer,
        title="MoU kesehatan Indonesia–Kazakhstan",
        parties=[(kaz, "signatory")],
        areas=CooperationArea.objects.filter(code__in=["primary-care", "vaccines"]),
        status="in_force",
        date_signed=dt.date(2024, 2, 1),
        date_in_force=dt.date(2024, 3, 1),
    )
    plan = plan_services.plan_create(
        user=officer, title="Rencana aksi 2025–2027", agreement=mou, start_year=2025, end_year=2027
    )
    activity = plan_services.activity_create(
        user=officer,
        plan=plan,
        title="Pelatihan tenaga kesehatan primer",
        kind="training",
        horizon="short",
        area=CooperationArea.objects.get(code="primary-care"),
        owner_unit=p2p,
    )
    indicator = plan_services.indicator_create(
        user=officer,
        plan=plan,
        activity=activity,
        name="Tenaga kesehatan dilatih",
        unit="orang",
        baseline=Decimal(0),
        target=Decimal(100),
    )
    base = live_server.url
    due = (timezone.localdate() + dt.timedelta(days=30)).isoformat()

    # The officer records the meeting, its participant and two follow-ups in one form.
    log_in(page, base, "officer", "pw-officer-1", "/meetings/new/?partner=KAZ")
    page.locator("#id_title").fill("Dialog teknis Indonesia–Kazakhstan")
    page.locator("#id_kind").select_option("technical")
    page.locator("#id_date").fill("2025-04-28")
    page.locator("#id_place").fill("Astana")
    page.locator("#id_participants-0-name").fill("Akmaral Alnazarova")
    page.locator("#id_participants-0-role_title").fill("Menteri Kesehatan Kazakhstan")
    page.locator("#id_participants-0-side").select_option("partner")
    page.locator("#id_followups-0-description").fill("Dialog teknis reguler")
    page.locator("#id_followups-0-owner_unit").select_option(str(bureau.pk))
    page.locator("#id_followups-0-due_date").fill(due)
    page.locator("#id_followups-1-description").fill("Draf rencana aksi")
    page.locator("#id_followups-1-owner_unit").select_option(str(p2p.pk))
    # The second follow-up's due date is forgotten: refused in place, nothing saved.
    page.get_by_role("button", name="Simpan").click()
    page.get_by_text("Isi tanggal batas waktu tindak lanjut ini.").wait_for()
    assert not Meeting.objects.exists()
    page.locator("#id_followups-1-due_date").fill(due)
    page.get_by_role("button", name="Simpan").click()
    page.wait_for_url(f"{base}/meetings/*/")
    meeting = Meeting.objects.get()
    assert meeting.followups.count() == 2 and meeting.partners.get() == kaz

    # Mark the first follow-up done, inline.
    first = meeting.followups.get(description="Dialog teknis reguler")
    page.locator(f"#fstatus-{first.pk}").select_option("done")
    page.locator(f"#followup-{first.pk} .muted").wait_for()  # the closing date appears
    first.refresh_from_db()
    assert first.status == "done" and first.closed_on == timezone.localdate()
    assert FollowUp.objects.filter(status="open").count() == 1

    page.goto(f"{base}{mou.get_absolute_url()}")
    assert "0 dari 2 bidang" in page.locator("#delivery-h + p").inner_text()

    # The focal point starts the activity and reports a result.
    log_in(page, base, "focal", "pw-focal-1", "/plans/mine/")
    page.locator(f"#status-{activity.pk}").select_option("ongoing")
    # The row comes back from the server with the actual start it recorded.
    page.locator(f"#activity-{activity.pk}").get_by_text("aktual").wait_for()
    page.get_by_role("link", name="Laporkan hasil").click()
    page.locator("#id_period_start").fill("2025-01-01")
    page.locator("#id_period_end").fill("2025-06-30")
    page.locator("#id_value").fill("40")
    page.get_by_role("button", name="Ajukan untuk ditinjau").click()
    page.wait_for_url(f"{base}{plan.get_absolute_url()}")
    result = Result.objects.get()
    assert result.status == "submitted"
    assert Activity.objects.get().status == "ongoing"

    # The officer approves it; the agreement now shows one of two areas under way.
    log_in(page, base, "officer", "pw-officer-1", plan.get_absolute_url())
    page.locator(f"#result-{result.pk}").get_by_role("button", name="Setujui").click()
    page.wait_for_url(f"{base}{plan.get_absolute_url()}")
    result.refresh_from_db()
    assert result.status == "approved" and result.reviewed_by == officer
    assert "40 %" in page.locator(f"#indicator-{indicator.pk}").inner_text()
    ARTIFACTS.mkdir(exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / "plan-page.png"), full_page=True)

    page.goto(f"{base}{mou.get_absolute_url()}")
    rate = page.locator("#delivery-h + p").inner_text()
    assert "50 %" in rate and "1 dari 2 bidang" in rate
    assert page.console_errors == []

"""A draft MoU with Cambodia goes through every clearance step in the browser — the technical
unit, Biro Hukum, Kemenlu (which returns it once to the legal review), the Secretary-General —
to signed; each assignee is told in Mitra when it is their turn (issue 14, "Done when")."""

from __future__ import annotations

import pytest

from mitra.accounts.models import Unit, User
from mitra.agreements import services as agreement_services
from mitra.agreements.models import Agreement
from mitra.clearance.models import StepDecision
from mitra.clearance.tests.conftest import V1, V2, issue_template, unit
from mitra.notifications.models import Notification
from mitra.partners import services as partner_services

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


def people() -> dict[str, User]:
    bks = unit("bks", "Biro Kerja Sama")
    units = {
        "fajar": (User.Role.FOCAL, unit("p2p", "Ditjen P2P")),
        "hana": (User.Role.OFFICER, unit("hukum", "Biro Hukum")),
        "kirana": (
            User.Role.COORDINATION,
            unit("kemenlu", "Kementerian Luar Negeri", Unit.Kind.MINISTRY),
        ),
        "sekjen": (User.Role.OFFICER, unit("setjen", "Sekretariat Jenderal")),
        "olga": (User.Role.OFFICER, bks),
    }
    return {
        name: User.objects.create_user(name, password="pw-" + name + "-1", role=role, unit=u)
        for name, (role, u) in units.items()
    }


def test_a_draft_mou_with_cambodia_is_cleared_step_by_step_and_signed(
    live_server, browser, tmp_path
):
    who = people()
    issue_template()
    khm = partner_services.partner_create(user=who["olga"], kind="country", code="KHM")
    mou = agreement_services.agreement_create(
        user=who["olga"],
        title="MoU kesehatan Indonesia–Kamboja",
        parties=[(khm, "signatory")],
        status=Agreement.Status.NEGOTIATING,
        responsible_unit=Unit.objects.get(code="p2p"),
    )
    base = live_server.url
    clearance_url = f"{base}/agreements/{mou.pk}/clearance/"
    errors: list[str] = []

    def open_as(name: str):
        context = browser.new_context(locale="id-ID", viewport={"width": 1280, "height": 900})
        page = context.new_page()
        page.set_default_timeout(10_000)
        page.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
        page.on("pageerror", lambda e: errors.append(str(e)))
        page.goto(f"{base}/accounts/login/?next=/agreements/{mou.pk}/clearance/")
        page.locator("#id_username").fill(name)
        page.locator("#id_password").fill(f"pw-{name}-1")
        page.get_by_role("button", name="Masuk").click()
        page.wait_for_url(clearance_url)
        return page

    def attach(page, name: str, text: str) -> None:
        path = tmp_path / name
        path.write_text(text, encoding="utf-8")
        page.goto(f"{base}/agreements/{mou.pk}/")
        form = page.locator("#document-upload")
        form.locator("input[type=file]").set_input_files(str(path))
        form.get_by_label("Judul").fill(name)
        form.get_by_label("Jenis").select_option("draft")
        form.get_by_role("button", name="Lampirkan").click()
        page.wait_for_url(f"{base}/agreements/{mou.pk}/")

    def decide(name: str, decision: str, comment: str = "", back_to: str = "") -> None:
        page = open_as(name)
        form = page.locator("form", has=page.get_by_role("button", name="Kirim keputusan"))
        form.get_by_label("Keputusan").select_option(decision)
        form.get_by_label("Komentar").fill(comment)
        if back_to:
            form.get_by_label("Kembalikan ke tahap").select_option(label=back_to)
        form.get_by_role("button", name="Kirim keputusan").click()
        page.wait_for_url(clearance_url)
        page.context.close()

    # The officer attaches the draft (v1) and starts the clearance: the text is locked.
    officer = open_as("olga")
    attach(officer, "draf-v1.txt", V1)
    officer.goto(clearance_url)
    officer.get_by_role("button", name="Mulai kliring").click()
    officer.get_by_text("teks dikunci").wait_for()

    decide("fajar", "approve", "Sesuai prioritas pengendalian penyakit menular.")
    decide("hana", "approve", "Tidak ada catatan hukum.")
    # Kemenlu returns it to the legal review: the term must be three years.
    decide(
        "kirana", "return", "Masa berlaku sebaiknya tiga tahun.", back_to="Telaah hukum Biro Hukum"
    )

    officer.goto(clearance_url)
    officer.get_by_text("Dikembalikan untuk revisi").first.wait_for()
    attach(officer, "draf-v2.txt", V2)
    officer.goto(clearance_url)
    diff = officer.locator("pre.diff")
    assert "- Pasal 3: Nota Kesepahaman ini berlaku selama lima tahun." in diff.inner_text()
    assert "+ Pasal 3: Nota Kesepahaman ini berlaku selama tiga tahun." in diff.inner_text()
    officer.get_by_role("button", name="Ajukan kembali untuk kliring").click()
    officer.wait_for_url(clearance_url)

    decide("hana", "approve", "Versi 2 sesuai.")
    decide("kirana", "approve")

    # Signing before the Secretary-General's approval is refused on the agreement's page.
    officer.goto(f"{base}/agreements/{mou.pk}/")
    officer.locator("#id_date_signed").fill("2026-01-05")
    officer.get_by_role("button", name="Catat penandatanganan").click()
    officer.get_by_text("kliringnya belum selesai").first.wait_for()
    mou.refresh_from_db()
    assert mou.status == Agreement.Status.NEGOTIATING

    decide("sekjen", "approve", "Disetujui untuk ditandatangani.")
    officer.goto(f"{base}/agreements/{mou.pk}/")
    officer.locator("#id_date_signed").fill("2026-01-05")
    officer.locator("#id_place_signed").fill("Phnom Penh")
    officer.get_by_role("button", name="Catat penandatanganan").click()
    officer.locator("#lifecycle .status.s-signed").wait_for()
    mou.refresh_from_db()
    assert mou.status == Agreement.Status.SIGNED

    # Who approved which version: v1 by the technical unit, v2 by the later steps.
    standing = StepDecision.objects.filter(superseded_at__isnull=True, outcome="approved")
    assert dict(standing.values_list("step__order", "version__number")) == {1: 1, 2: 2, 3: 2, 4: 2}
    # Each assignee was told when the step became theirs (twice for those after the return);
    # the officer of the return and of the clearance.
    told = {
        name: list(
            Notification.objects.filter(recipient=u).order_by("pk").values_list("kind", flat=True)
        )
        for name, u in who.items()
    }
    assert told["fajar"] == ["clearance_step", "clearance_return"]
    assert told["hana"] == ["clearance_step", "clearance_return", "clearance_step"]
    assert told["kirana"] == ["clearance_step", "clearance_step"]
    assert told["sekjen"] == ["clearance_step"]
    assert told["olga"] == ["clearance_return", "clearance_done"]
    # The Secretary-General reads it in the bell's list, in Indonesian.
    page = open_as("sekjen")
    page.goto(f"{base}/notifications/")
    page.get_by_text(
        "Kliring “MoU kesehatan Indonesia–Kamboja”: "
        "tahap “Persetujuan Sekjen” menunggu keputusan Anda"
    ).wait_for()
    page.context.close()
    officer.context.close()
    assert errors == []

"""Sharing by organisation and comments (issue 14 §4–5): an officer shares one MoU with Kemenlu;
Kemenlu's coordination member sees exactly it (and 404 on an MoU not shared), comments on it in
place with an @mention, and the mentioned officer finds the notification."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from mitra.accounts.models import Unit, User
from mitra.agreements import services as agreement_services
from mitra.comments.models import Comment
from mitra.notifications.models import Notification
from mitra.partners import services as partner_services
from mitra.sharing.models import Share

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


def _log_in(page, base: str, username: str, password: str) -> None:
    # Let the last page's htmx requests finish and leave it, so that no late answer sets the
    # previous user's CSRF cookie after the cookies are cleared (CI failed on that race once).
    page.wait_for_load_state("networkidle")
    page.goto("about:blank")
    page.context.clear_cookies()
    page.goto(f"{base}/accounts/login/?next=/agreements/")
    page.locator("#id_username").fill(username)
    page.locator("#id_password").fill(password)
    page.get_by_role("button", name="Masuk").click()
    page.wait_for_url(f"{base}/agreements/")


def test_kemenlu_sees_and_comments_on_exactly_what_was_shared(live_server, page):
    bureau = Unit.objects.create(code="bks", kind="ministry_unit", name_id="Biro Kerja Sama")
    kemenlu = Unit.objects.create(
        code="kemenlu", kind="ministry", name_id="Kementerian Luar Negeri"
    )
    officer = User.objects.create_user(
        username="olga", password="pw-olga-1", role="officer", unit=bureau
    )
    User.objects.create_user(
        username="citra", password="pw-citra-1", role="coordination", unit=kemenlu
    )
    khm = partner_services.partner_create(user=officer, kind="country", code="KHM")
    shared = agreement_services.agreement_create(
        user=officer, title="MoU kesehatan Indonesia–Kamboja", parties=[(khm, "signatory")]
    )
    unshared = agreement_services.agreement_create(
        user=officer, title="Posisi runding vaksin Kamboja", parties=[(khm, "signatory")]
    )
    base = live_server.url

    _log_in(page, base, "olga", "pw-olga-1")
    page.goto(f"{base}/agreements/{shared.pk}/")
    sharing = page.locator("#sharing")
    sharing.get_by_label("Bagikan kepada").select_option("kemenlu")
    sharing.get_by_role("button", name="Bagikan", exact=True).click()
    expect(page.locator("#sharing li")).to_contain_text("Kementerian Luar Negeri")
    assert Share.objects.active().get().agreement == shared

    _log_in(page, base, "citra", "pw-citra-1")
    listed = page.locator("main").inner_text()
    assert "MoU kesehatan Indonesia–Kamboja" in listed
    assert "Posisi runding" not in listed
    response = page.goto(f"{base}/agreements/{unshared.pk}/")
    assert response is not None and response.status == 404
    assert "Posisi runding" not in page.content()
    page.console_errors.clear()  # the browser logs the 404 just asked for

    page.goto(f"{base}/agreements/{shared.pk}/")
    # The thread is loaded into the page by htmx; posting swaps it in place.
    form = page.locator("#comments form.comment-form")
    form.get_by_label("Komentar").fill("@olga <b>kapan</b> rapat berikutnya? <script>x()</script>")
    form.get_by_label("Ini sebuah pertanyaan").check()
    form.get_by_role("button", name="Kirim komentar").click()
    posted = page.locator("#comments article.comment")
    expect(posted).to_contain_text("@olga <b>kapan</b> rapat berikutnya? <script>x()</script>")
    expect(posted).to_contain_text("pertanyaan terbuka")
    assert page.url == f"{base}/agreements/{shared.pk}/"  # in place, no navigation
    comment = Comment.objects.get()
    assert comment.agreement == shared and comment.author.username == "citra"
    assert page.console_errors == []

    _log_in(page, base, "olga", "pw-olga-1")
    assert Notification.objects.get(recipient=officer).kind == "mention"
    expect(page.locator("#bell-count")).to_have_text("1")
    page.goto(f"{base}/notifications/")
    note = page.get_by_role("link", name="citra menyebut Anda: MoU kesehatan Indonesia–Kamboja")
    note.click()
    page.wait_for_url(f"{base}/comments/agreement/{shared.pk}/#comment-{comment.pk}")
    expect(page.locator(f"#comment-{comment.pk}")).to_contain_text("rapat berikutnya?")

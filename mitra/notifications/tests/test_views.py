"""The bell, /notifications/ and marking read: POST with CSRF, htmx or a plain form."""

from __future__ import annotations

import pytest
from django.test import Client

from mitra.notifications import services
from mitra.notifications.models import Kind, Notification

pytestmark = pytest.mark.django_db


def _notes(user, n=2):
    for i in range(n):
        services.notify(
            recipient=user,
            kind=Kind.FOLLOWUP,
            params={
                "title": f"Tindak lanjut {i} <script>alert(1)</script>",
                "date": "2026-03-10",
                "days": 0,
            },
            url="/meetings/1/",
        )


def test_the_bell_shows_the_unread_count_on_every_page(client, officer):
    _notes(officer, 3)
    client.force_login(officer)
    body = client.get("/partners/").content.decode()
    assert '<span id="bell-count" class="count">3</span>' in body


def test_the_list_shows_texts_escaped_in_the_readers_language(client, officer):
    _notes(officer, 1)
    client.force_login(officer)
    body = client.get("/notifications/").content.decode()
    assert "Tindak lanjut jatuh tempo hari ini (10 Maret 2026)" in body
    assert "<script>alert(1)</script>" not in body
    assert "&lt;script&gt;" in body


def test_mark_read_with_htmx_swaps_the_row_and_the_bell(client, officer):
    _notes(officer, 2)
    note = Notification.objects.filter(recipient=officer).first()
    client.force_login(officer)
    response = client.post(f"/notifications/{note.pk}/read/", HTTP_HX_REQUEST="true")
    body = response.content.decode()
    assert response.status_code == 200
    assert f'id="notification-{note.pk}" class="notification"' in body
    assert '<span id="bell-count" class="count" data-hx-swap-oob="true">1</span>' in body
    note.refresh_from_db()
    assert note.read_at is not None


def test_mark_read_without_javascript_redirects_back(client, officer):
    _notes(officer, 1)
    note = Notification.objects.get()
    client.force_login(officer)
    response = client.post(f"/notifications/{note.pk}/read/", {"next": "/notifications/"})
    assert response.status_code == 302 and response["Location"] == "/notifications/"
    assert client.post("/notifications/read-all/").status_code == 302


def test_mark_all_read(client, officer):
    _notes(officer, 3)
    client.force_login(officer)
    client.post("/notifications/read-all/")
    assert Notification.objects.filter(read_at__isnull=True).count() == 0


def test_someone_elses_notification_is_not_found_and_stays_unread(client, officer, focal):
    _notes(focal, 1)
    note = Notification.objects.get()
    client.force_login(officer)
    assert client.post(f"/notifications/{note.pk}/read/").status_code == 404
    note.refresh_from_db()
    assert note.read_at is None


def test_marking_read_needs_post_and_the_csrf_token(officer):
    _notes(officer, 1)
    note = Notification.objects.get()
    strict = Client(enforce_csrf_checks=True)
    strict.force_login(officer)
    assert strict.get(f"/notifications/{note.pk}/read/").status_code == 405
    assert strict.post(f"/notifications/{note.pk}/read/").status_code == 403
    note.refresh_from_db()
    assert note.read_at is None


def test_choices_are_saved_and_a_bad_one_changes_nothing(client, officer):
    client.force_login(officer)
    client.post("/notifications/preferences/", {"expiry": "weekly", "followup": "daily"})
    assert services.mode_for(officer, Kind.EXPIRY) == "weekly"
    choice = officer.notification_prefs.get(kind=Kind.EXPIRY)
    assert choice.history.first().history_user == officer  # who chose, kept in its history
    response = client.post(
        "/notifications/preferences/", {"expiry": "hourly", "followup": "off"}, follow=True
    )
    assert "Pilih segera, harian, mingguan, atau tanpa surel." in response.content.decode()
    assert services.mode_for(officer, Kind.FOLLOWUP) == "daily"


def test_anonymous_visitors_are_sent_to_log_in(client):
    assert client.get("/notifications/").status_code == 302

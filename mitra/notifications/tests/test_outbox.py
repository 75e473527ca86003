"""E-mail goes through the outbox to a real SMTP server (aiosmtpd): in the recipient's language,
never inside the request that caused it, and retried with backoff when the server refuses,
hangs or is not there — nothing is lost."""

from __future__ import annotations

import datetime as dt
import time

import pytest
from django.utils import timezone

from mitra.notifications import services
from mitra.notifications.models import Kind, Mode, Notification, Outbox
from mitra.notifications.tests.smtp import (
    PORT_CLOSED,
    PORT_OK,
    PORT_REFUSING,
    PORT_SILENT,
    PORT_SLOW,
    silent_server,
    smtp_server,
    use_smtp,
)

pytestmark = pytest.mark.django_db

PARAMS = {"title": "MoU kesehatan Indonesia–Kazakhstan", "date": "2027-03-01", "days": 30}


@pytest.fixture
def olga(officer):
    officer.email = "olga@kemkes.go.id"
    officer.first_name, officer.last_name = "Olga", "Pratiwi"
    officer.save()
    return officer


@pytest.fixture
def fajar(focal):
    focal.email = "fajar@kemkes.go.id"
    focal.language = "en"
    focal.save()
    return focal


def _expiry(user, **kw):
    return services.notify(
        recipient=user, kind=Kind.EXPIRY, params=PARAMS, url="/agreements/1/", **kw
    )


def test_each_recipient_gets_the_mail_in_their_language_with_an_absolute_link(
    settings, olga, fajar
):
    settings.MITRA_BASE_URL = "https://mitra.kemkes.go.id"
    use_smtp(settings, PORT_OK)
    _expiry(olga)
    _expiry(fajar)
    with smtp_server(PORT_OK) as inbox:
        report = services.outbox_send()
    assert (report.sent, report.retrying) == (2, 0)
    by_to = {m["To"]: m for m in inbox.messages}
    assert set(by_to) == {"olga@kemkes.go.id", "fajar@kemkes.go.id"}
    texts = dict(zip([m["To"] for m in inbox.messages], inbox.texts(), strict=True))
    assert "Halo Olga Pratiwi," in texts["olga@kemkes.go.id"]
    assert "berakhir dalam 30 hari (1 Maret 2027)" in texts["olga@kemkes.go.id"]
    assert "Hello fajar," in texts["fajar@kemkes.go.id"]
    assert "expires in 30 days (1 March 2027)" in texts["fajar@kemkes.go.id"]
    assert "https://mitra.kemkes.go.id/agreements/1/" in texts["fajar@kemkes.go.id"]
    assert Outbox.objects.filter(status=Outbox.Status.SENT).count() == 2


def test_notifying_never_talks_to_the_server(settings, olga):
    """The request that causes a notification writes rows; a hung server cannot hold it."""
    use_smtp(settings, PORT_SILENT, timeout=5)
    with silent_server():
        start = time.monotonic()
        _expiry(olga)
        assert time.monotonic() - start < 0.5
    assert Outbox.objects.get().status == Outbox.Status.PENDING


def test_a_refusing_server_is_retried_with_backoff_and_nothing_is_lost(settings, olga):
    use_smtp(settings, PORT_REFUSING)
    _expiry(olga)
    t0 = timezone.now()
    with smtp_server(PORT_REFUSING, refuse=True) as refusing:
        first = services.outbox_send(now=t0)
        again_too_soon = services.outbox_send(now=t0 + dt.timedelta(seconds=30))
    row = Outbox.objects.get()
    assert (first.retrying, again_too_soon.retrying, again_too_soon.sent) == (1, 0, 0)
    assert row.status == Outbox.Status.PENDING and row.attempts == 1
    assert "451" in row.last_error
    assert row.next_attempt_at == t0 + dt.timedelta(minutes=1)
    assert refusing.messages == []
    use_smtp(settings, PORT_OK)
    with smtp_server(PORT_OK) as inbox:
        later = services.outbox_send(now=t0 + dt.timedelta(minutes=1))
    assert later.sent == 1 and len(inbox.messages) == 1
    row.refresh_from_db()
    assert (row.status, row.attempts) == (Outbox.Status.SENT, 2)


def test_a_server_that_never_answers_times_out_and_is_retried(settings, olga):
    use_smtp(settings, PORT_SILENT, timeout=0.5)
    _expiry(olga)
    with silent_server():
        start = time.monotonic()
        report = services.outbox_send()
        assert time.monotonic() - start < 3
    row = Outbox.objects.get()
    assert report.retrying == 1 and row.status == Outbox.Status.PENDING
    assert "timed out" in row.last_error


def test_no_server_at_all_is_retried(settings, olga):
    use_smtp(settings, PORT_CLOSED)
    _expiry(olga)
    services.outbox_send()
    row = Outbox.objects.get()
    assert row.status == Outbox.Status.PENDING and "Connection refused" in row.last_error


def test_a_slow_server_within_the_timeout_gets_the_mail(settings, olga):
    use_smtp(settings, PORT_SLOW, timeout=5)
    _expiry(olga)
    with smtp_server(PORT_SLOW, delay=1.5) as inbox:
        report = services.outbox_send()
    assert report.sent == 1 and len(inbox.messages) == 1


def test_after_the_last_try_it_is_failed_and_the_admin_can_send_it_again(
    settings, olga, admin_user, client
):
    use_smtp(settings, PORT_CLOSED)
    _expiry(olga)
    now = timezone.now()
    for _ in range(services.MAX_ATTEMPTS):
        services.outbox_send(now=now)
        now += services.LONGEST_RETRY
    row = Outbox.objects.get()
    assert (row.status, row.attempts) == (Outbox.Status.FAILED, services.MAX_ATTEMPTS)
    admin_user.is_staff = admin_user.is_superuser = True
    admin_user.save()
    client.force_login(admin_user)
    listed = client.get("/admin/notifications/outbox/", {"status": "failed"})
    assert "olga@kemkes.go.id" in listed.content.decode()
    client.post(
        "/admin/notifications/outbox/",
        {"action": "send_again", "_selected_action": [row.pk]},
    )
    row.refresh_from_db()
    assert (row.status, row.attempts) == (Outbox.Status.PENDING, 0)


def test_the_backoff_doubles_up_to_six_hours():
    delays = [services.retry_delay(n) for n in (1, 2, 3, 4, 10, 11)]
    assert delays[:4] == [dt.timedelta(minutes=m) for m in (1, 2, 4, 8)]
    assert delays[4:] == [dt.timedelta(hours=6)] * 2


def test_a_user_without_an_address_is_told_in_mitra_only_and_listed_for_the_admin(
    officer, admin_user, client
):
    assert officer.email == ""
    _expiry(officer)
    assert Outbox.objects.count() == 0
    assert Notification.objects.get().recipient == officer
    admin_user.is_staff = admin_user.is_superuser = True
    admin_user.save()
    client.force_login(admin_user)
    page = client.get("/admin/notifications/notification/", {"address": "none"})
    assert "olga" in page.content.decode()


def test_a_mention_is_mailed_at_once_whatever_the_choice(olga):
    services.preferences_set(user=olga, choices={Kind.EXPIRY: Mode.OFF})
    _expiry(olga)
    services.notify(
        recipient=olga,
        kind=Kind.MENTION,
        params={"title": "Draf MoU", "author": "Fajar"},
        url="/agreements/1/",
    )
    assert [o.subject for o in Outbox.objects.all()] == ["Mitra: Fajar menyebut Anda: Draf MoU"]

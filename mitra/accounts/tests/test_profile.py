"""The profile (name, e-mail, language), password change, and password reset by e-mail
through the outbox and a real SMTP server; names, not user names, in history."""

from __future__ import annotations

import re

import pytest

from mitra.accounts.models import User
from mitra.core import history
from mitra.notifications import services as notification_services
from mitra.notifications.models import Outbox
from mitra.notifications.tests.smtp import PORT_OK, smtp_server, use_smtp

pytestmark = pytest.mark.django_db


def test_the_profile_keeps_name_address_and_language(client, officer):
    client.force_login(officer)
    response = client.post(
        "/accounts/profile/",
        {
            "profile": "1",
            "first_name": "Olga",
            "last_name": "Pratiwi",
            "email": "olga@kemkes.go.id",
            "language": "en",
        },
    )
    assert response.status_code == 302
    officer.refresh_from_db()
    assert (officer.display_name, officer.email, officer.language) == (
        "Olga Pratiwi",
        "olga@kemkes.go.id",
        "en",
    )
    assert officer.history.first().history_user == officer


def test_a_bad_address_or_language_changes_nothing(client, officer, focal):
    focal.email = "fajar@kemkes.go.id"
    focal.save()
    client.force_login(officer)
    for data, message in (
        ({"email": "not-an-address", "language": "id"}, "Masukkan alamat email yang valid."),
        (
            {"email": "FAJAR@kemkes.go.id", "language": "id"},
            "Akun lain sudah memakai alamat surel ini.",
        ),
        (
            {"email": "", "language": "fr"},
            "Masukkan pilihan yang valid. fr bukan salah satu dari pilihan yang tersedia.",
        ),
    ):
        response = client.post("/accounts/profile/", {"profile": "1", "first_name": "Olga", **data})
        assert response.status_code == 422
        assert message in response.content.decode()
    officer.refresh_from_db()
    assert (officer.first_name, officer.email) == ("", "")


def test_history_names_people_not_logins(officer):
    officer.first_name, officer.last_name = "Olga", "Pratiwi"
    officer.save()
    assert history.person(officer) == "Olga Pratiwi"
    assert history.person(User(username="ade")) == "ade"
    assert history.person(None) == "sistem"


def test_password_change(client, officer):
    client.force_login(officer)
    response = client.post(
        "/accounts/password/",
        {
            "old_password": "pw-olga",
            "new_password1": "Kerja-sama-2026!",
            "new_password2": "Kerja-sama-2026!",
        },
    )
    assert response.status_code == 302
    officer.refresh_from_db()
    assert officer.check_password("Kerja-sama-2026!")


def test_password_reset_goes_by_e_mail_in_the_users_language(client, settings, officer):
    officer.email = "olga@kemkes.go.id"
    officer.language = "en"
    officer.save()
    settings.MITRA_BASE_URL = "https://mitra.kemkes.go.id"
    response = client.post("/accounts/password/reset/", {"email": "olga@kemkes.go.id"})
    assert response.status_code == 302
    mail = Outbox.objects.get()  # queued, not sent inside the request
    assert mail.subject == "Mitra: set a new password"
    use_smtp(settings, PORT_OK)
    with smtp_server(PORT_OK) as inbox:
        notification_services.outbox_send()
    text = inbox.texts()[0]
    link = re.search(r"https://mitra\.kemkes\.go\.id(/accounts/reset/\S+/)", text).group(1)
    page = client.get(link, follow=True)
    assert page.status_code == 200
    done = client.post(
        page.redirect_chain[-1][0],
        {"new_password1": "Kerja-sama-2026!", "new_password2": "Kerja-sama-2026!"},
    )
    assert done.status_code == 302
    officer.refresh_from_db()
    assert officer.check_password("Kerja-sama-2026!")


def test_an_unknown_address_gets_the_same_answer_and_no_mail(client):
    response = client.post("/accounts/password/reset/", {"email": "nobody@example.org"})
    assert response.status_code == 302 and Outbox.objects.count() == 0

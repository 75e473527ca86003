"""The liaison pages through HTTP: who reads them, logging and acknowledging a notice, the
exports (XLSX and PDF) holding typed text as text."""

from __future__ import annotations

import datetime as dt
import io
import subprocess

import pytest
from django.utils import timezone
from openpyxl import load_workbook

from mitra.liaison import services
from mitra.liaison.models import ContactPoint, Notice
from mitra.liaison.schemas import ContactIn
from mitra.liaison.tests.conftest import alert

pytestmark = pytest.mark.django_db

HOSTILE = '<script>alert(1)</script>=HYPERLINK("http://x")'


def _client(client, user):
    client.force_login(user)
    return client


def test_the_directory_lists_every_partner_even_without_contact_points(client, officer, kazakhstan):
    page = _client(client, officer).get("/liaison/")
    assert page.status_code == 200
    body = page.content.decode()
    assert str(kazakhstan) in body
    assert "Belum ada titik kontak" in body or "No contact point recorded." in body


def test_coordination_members_and_viewers_are_told_nothing(client, coordinator, viewer):
    for person in (coordinator, viewer):
        client.force_login(person)
        assert client.get("/liaison/").status_code == 404
        assert client.get("/liaison/directory.xlsx").status_code == 404


def test_an_officer_adds_a_contact_point_from_the_form(client, officer, kazakhstan):
    response = _client(client, officer).post(
        "/liaison/contacts/new/",
        {
            "role": "ihr_nfp",
            "partner": kazakhstan.pk,
            "office": "IHR NFP Kazakhstan",
            "secure_channel": "IHR Event Information Site",
            "duty_24_7": "on",
            "rank": "1",
        },
    )
    assert response.status_code == 302
    contact = ContactPoint.objects.get()
    assert (contact.partner, contact.duty_24_7) == (kazakhstan, True)
    assert contact.history.first().history_user == officer


def test_a_contact_point_without_a_channel_is_refused_with_its_reason(client, officer, kazakhstan):
    response = _client(client, officer).post(
        "/liaison/contacts/new/",
        {"role": "ihr_nfp", "partner": kazakhstan.pk, "office": "IHR NFP", "rank": "1"},
    )
    assert response.status_code == 200
    assert str(services.CHANNEL_REQUIRED) in response.content.decode()
    assert not ContactPoint.objects.exists()


def test_a_focal_point_logs_a_notice_and_it_shows_its_deadline(
    client, focal, kazakhstan, kaz_nfp, desk
):
    sent = timezone.localtime() - dt.timedelta(hours=1)
    response = _client(client, focal).post(
        "/liaison/notices/new/",
        {
            "partner": kazakhstan.pk,
            "kind": "alert",
            "direction": "sent",
            "severity": "high",
            "event": "Klaster difteri",
            "from_contact": desk.pk,
            "to_contact": kaz_nfp.pk,
            "sent_at": sent.strftime("%Y-%m-%dT%H:%M"),
        },
    )
    notice = Notice.objects.get()
    assert response["Location"] == f"/liaison/notices/{notice.pk}/"
    assert notice.ack_deadline == notice.sent_at + dt.timedelta(hours=24)
    page = client.get(response["Location"])
    assert "Klaster difteri" in page.content.decode()


def test_a_notice_without_a_recipient_is_refused_on_the_form(client, officer, kazakhstan):
    response = _client(client, officer).post(
        "/liaison/notices/new/",
        {
            "partner": kazakhstan.pk,
            "kind": "alert",
            "direction": "sent",
            "severity": "high",
            "event": "Klaster difteri",
            "sent_at": timezone.localtime().strftime("%Y-%m-%dT%H:%M"),
        },
    )
    assert response.status_code == 200
    assert str(services.RECIPIENT_REQUIRED) in response.content.decode()
    assert not Notice.objects.exists()


def test_a_late_acknowledgement_is_shown_as_late(client, officer, kazakhstan, kaz_nfp):
    sent = timezone.now() - dt.timedelta(hours=30)
    notice = services.notice_log(user=officer, data=alert(kazakhstan, kaz_nfp, sent_at=sent))
    response = _client(client, officer).post(f"/liaison/notices/{notice.pk}/acknowledge/", {})
    assert response.status_code == 302
    notice.refresh_from_db()
    assert notice.ack_late
    page = client.get(f"/liaison/notices/{notice.pk}/").content.decode()
    assert "terlambat" in page


def test_typed_text_stays_text_on_the_page_and_in_both_exports(client, officer, kazakhstan):
    services.contact_create(
        user=officer,
        data=ContactIn(role="ihr_nfp", partner=kazakhstan, office=HOSTILE, phone="+7 1"),
    )
    c = _client(client, officer)
    page = c.get("/liaison/").content.decode()
    assert "<script>alert(1)</script>" not in page
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in page

    book = load_workbook(io.BytesIO(c.get("/liaison/directory.xlsx").content))
    cells = [cell for row in book.active.iter_rows() for cell in row if cell.value == HOSTILE]
    assert cells and all(cell.data_type == "s" for cell in cells)

    pdf = c.get("/liaison/directory.pdf")
    assert pdf["Content-Type"] == "application/pdf"
    text = subprocess.run(
        ["pdftotext", "-layout", "-", "-"], input=pdf.content, capture_output=True, check=True
    ).stdout.decode()
    assert "<script>alert(1)</script>" in text  # printed as the characters typed
    assert "Kazakhstan" in text and "tidak pernah diverifikasi" in text

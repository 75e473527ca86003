from __future__ import annotations

import datetime as dt
import re

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from mitra.agreements import services
from mitra.agreements.models import Agreement
from mitra.documents.models import Document
from mitra.documents.tests.files import docx_bytes, pdf_bytes
from mitra.sharing import services as sharing_services

TODAY = timezone.localdate()
PDF = pdf_bytes()


def login(client: Client, user) -> Client:
    client.force_login(user)
    return client


def test_an_officer_records_an_mou_through_the_form(client, officer, kazakhstan, two_areas):
    response = login(client, officer).post(
        reverse("agreements:create"),
        {
            "title": "MoU Indonesia–Kazakhstan",
            "kind": "mou",
            "partners": [kazakhstan.pk],
            "areas": [a.code for a in two_areas],
        },
    )
    agreement = Agreement.objects.get()
    assert response.status_code == 302 and response["Location"] == agreement.get_absolute_url()
    assert set(agreement.areas.all()) == set(two_areas)
    assert [p.partner for p in agreement.parties.all()] == [kazakhstan]


def test_the_form_reports_expiry_before_signature_inline_in_indonesian(client, officer, kazakhstan):
    response = login(client, officer).post(
        reverse("agreements:create"),
        {
            "title": "MoU",
            "kind": "mou",
            "partners": [kazakhstan.pk],
            "date_signed": "2024-05-01",
            "date_expiry": "2024-01-01",
        },
    )
    assert response.status_code == 200
    assert "Tanggal berakhir harus setelah tanggal penandatanganan." in response.content.decode()
    assert not Agreement.objects.exists()


def test_lifecycle_buttons_move_the_agreement(client, officer, draft):
    c = login(client, officer)
    url = lambda step: reverse("agreements:step", args=[draft.pk, step])  # noqa: E731
    assert c.post(url("negotiate")).status_code == 302
    assert (
        c.post(url("sign"), {"date_signed": "2024-05-01", "place_signed": "Astana"}).status_code
        == 302
    )
    assert c.post(url("enter_into_force"), {"date_in_force": "2024-06-01"}).status_code == 302
    draft.refresh_from_db()
    assert draft.status == "in_force" and draft.place_signed == "Astana"


def test_a_step_out_of_order_shows_why_and_changes_nothing(client, officer, draft):
    response = login(client, officer).post(
        reverse("agreements:step", args=[draft.pk, "enter_into_force"]),
        {"date_in_force": "2024-06-01"},
    )
    assert response.status_code == 422
    assert response.content.decode().count("tidak dapat") == 1  # said once, not twice
    draft.refresh_from_db()
    assert draft.status == "exploring" and draft.date_in_force is None


def test_a_future_signature_is_refused_through_htmx_with_the_panel(client, officer, draft):
    future = (TODAY + dt.timedelta(days=3)).isoformat()
    response = login(client, officer).post(
        reverse("agreements:step", args=[draft.pk, "sign"]),
        {"date_signed": future},
        HTTP_HX_REQUEST="true",
    )
    body = response.content.decode()
    assert response.status_code == 200 and 'id="lifecycle"' in body and "<html" not in body
    assert "Tanggal penandatanganan tidak boleh di masa depan." in body
    draft.refresh_from_db()
    assert draft.status == "exploring"


@pytest.mark.parametrize("role", ["admin", "focal", "coordination", "viewer"])
def test_other_roles_cannot_edit_or_step(client, personas, kemenlu, draft, role):
    draft.is_public = True
    draft.save()
    # In sight of each (a coordination member: shared with their ministry), and refused.
    sharing_services.share_create(user=personas["officer"], agreement=draft, unit=kemenlu)
    c = login(client, personas[role])
    assert c.post(reverse("agreements:step", args=[draft.pk, "negotiate"])).status_code == 403
    response = c.post(reverse("agreements:edit", args=[draft.pk]), {"title": "changed"})
    assert response.status_code == 403
    assert "Peran Anda tidak mengizinkan tindakan ini." in response.content.decode()
    draft.refresh_from_db()
    assert draft.status == "exploring" and draft.title != "changed"


def test_a_viewer_gets_404_for_a_non_public_agreement(client, viewer, draft):
    assert login(client, viewer).get(draft.get_absolute_url()).status_code == 404


def test_anonymous_users_are_sent_to_login(client, draft):
    response = client.get(draft.get_absolute_url())
    assert response.status_code == 302 and response["Location"].startswith("/accounts/login/")


@pytest.mark.parametrize(("name", "content"), [("signed.pdf", PDF), ("signed.docx", None)])
def test_a_signed_pdf_or_docx_is_attached_and_served_to_readers(
    client, officer, coordinator, kemenlu, viewer, draft, name, content
):
    sharing_services.share_create(user=officer, agreement=draft, unit=kemenlu)
    data = content or docx_bytes()
    response = login(client, officer).post(
        reverse("agreements:document_upload", args=[draft.pk]),
        {"file": SimpleUploadedFile(name, data), "title": "Naskah", "kind": "signed"},
    )
    assert response.status_code == 302
    document = Document.objects.get()
    url = reverse("agreements:document", args=[draft.pk, document.pk])
    served = login(Client(), coordinator).get(url)
    assert served.status_code == 200 and b"".join(served.streaming_content) == data
    assert login(Client(), viewer).get(url).status_code == 404  # not public


def test_the_same_file_twice_is_one_document(officer, draft):
    for _ in range(2):
        services.agreement_attach_document(
            user=officer,
            agreement=draft,
            upload=SimpleUploadedFile("a.pdf", PDF),
            title="",
            kind="signed",
        )
    assert Document.objects.count() == 1


def test_a_file_that_only_pretends_to_be_a_pdf_is_refused(client, officer, draft):
    response = login(client, officer).post(
        reverse("agreements:document_upload", args=[draft.pk]),
        {"file": SimpleUploadedFile("virus.pdf", b"MZ\x90\x00 not a pdf"), "kind": "signed"},
    )
    assert response.status_code == 400
    assert "bukan PDF" in response.content.decode()
    assert not Document.objects.exists()


def test_an_oversized_upload_is_refused(client, officer, draft, settings):
    settings.MAX_UPLOAD_MB = 1
    big = PDF + b"0" * (1024 * 1024 + 1)
    response = login(client, officer).post(
        reverse("agreements:document_upload", args=[draft.pk]),
        {"file": SimpleUploadedFile("big.pdf", big), "kind": "signed"},
    )
    assert response.status_code == 400
    assert "batasnya 1 MB" in response.content.decode()
    assert not Document.objects.exists()


def test_a_viewer_cannot_upload(client, viewer, draft):
    draft.is_public = True
    draft.save()
    response = login(client, viewer).post(
        reverse("agreements:document_upload", args=[draft.pk]),
        {"file": SimpleUploadedFile("a.pdf", PDF), "kind": "signed"},
    )
    assert response.status_code == 403
    assert not Document.objects.exists()


def test_history_shows_who_changed_what(client, officer, draft):
    services.agreement_update(user=officer, agreement=draft, title="MoU baru")
    body = login(client, officer).get(draft.get_absolute_url()).content.decode()
    assert "Riwayat" in body and "MoU baru" in body and "olga" in body


def _make_agreements(officer, partner, areas, n):
    for i in range(n):
        services.agreement_create(
            user=officer, title=f"A{i}", parties=[(partner, "signatory")], areas=areas
        )


def test_the_list_runs_the_same_number_of_queries_for_3_or_30_rows(
    client, officer, kazakhstan, two_areas
):
    c = login(client, officer)
    _make_agreements(officer, kazakhstan, two_areas, 3)
    with CaptureQueriesContext(connection) as few:
        assert c.get(reverse("agreements:list"), {"area": "vaccines"}).status_code == 200
    _make_agreements(officer, kazakhstan, two_areas, 27)
    with CaptureQueriesContext(connection) as many:
        response = c.get(reverse("agreements:list"), {"area": "vaccines"})
    assert response.context["page"].paginator.count == 30
    assert len(many) == len(few) <= 11


def test_the_list_counts_its_rows_once_until_the_registry_changes(
    client, officer, viewer, kazakhstan, two_areas
):
    c = login(client, officer)
    _make_agreements(officer, kazakhstan, two_areas, 3)
    url, filters = reverse("agreements:list"), {"area": "vaccines"}
    assert c.get(url, filters).context["page"].paginator.count == 3
    with CaptureQueriesContext(connection) as again:
        assert c.get(url, filters).context["page"].paginator.count == 3
    assert not [
        q for q in again.captured_queries if "COUNT(" in q["sql"] and "agreement" in q["sql"]
    ]
    # A write moves the data version on: counted again, with the new agreement.
    _make_agreements(officer, kazakhstan, two_areas, 1)
    assert c.get(url, filters).context["page"].paginator.count == 4
    # A reader who may read less never gets the officer's count (the key is the statement).
    viewing = login(Client(), viewer).get(url, filters)
    assert viewing.context["page"].paginator.count == 0


def test_filters_narrow_the_list_and_htmx_gets_only_the_results(client, officer, draft, kazakhstan):
    services.agreement_create(user=officer, title="Other", parties=[(kazakhstan, "signatory")])
    c = login(client, officer)
    response = c.get(reverse("agreements:list"), {"q": "Kazakhstan"}, HTTP_HX_REQUEST="true")
    body = response.content.decode()
    assert "<html" not in body and draft.title in body and "Other" not in body
    bad = c.get(reverse("agreements:list"), {"expiring": "-5"})
    assert bad.status_code == 200


def test_a_refused_upload_shows_its_error_once_beside_the_file_field(client, officer, draft):
    response = login(client, officer).post(
        reverse("agreements:document_upload", args=[draft.pk]),
        {"file": SimpleUploadedFile("virus.pdf", b"MZ\x90\x00 not a pdf"), "kind": "signed"},
    )
    body = response.content.decode()
    assert response.status_code == 400
    assert body.count("bukan PDF") == 1
    form = body[body.index('id="document-upload"') :]
    form = form[: form.index("</form>")]
    field = form[: form.index('id="id_file"')]
    field = field[field.rindex("<div") :]  # the file field's own block: its label, its errors
    assert "bukan PDF" in field
    assert re.search(
        r'<input[^>]*\bautofocus\b[^>]*id="id_file"|<input[^>]*id="id_file"[^>]*\bautofocus\b', form
    )
    assert "PDF, DOCX, TXT, HTML, PNG atau JPEG" in field  # the label names what the error names


def test_the_expiring_list_comes_soonest_to_expire_first(client, officer, kazakhstan):
    today = timezone.localdate()
    for title, days in [("Later", 80), ("Soonest", 5), ("Beyond", 200), ("Middle", 40)]:
        services.agreement_create(
            user=officer,
            title=title,
            parties=[(kazakhstan, "signatory")],
            status="in_force",
            date_signed=today - dt.timedelta(days=800),
            date_in_force=today - dt.timedelta(days=700),
            date_expiry=today + dt.timedelta(days=days),
        )
    c = login(client, officer)
    listed = c.get(reverse("agreements:list"), {"expiring": "90"}).context["page"].object_list
    assert [a.title for a in listed] == ["Soonest", "Middle", "Later"]
    # Without the window the newest come first, as before.
    listed = c.get(reverse("agreements:list")).context["page"].object_list
    assert [a.title for a in listed][:4] == ["Middle", "Beyond", "Soonest", "Later"]

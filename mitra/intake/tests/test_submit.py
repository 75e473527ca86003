"""A text the queue refuses leaves nothing behind: no document, no search entry, no file."""

from __future__ import annotations

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile

from mitra.documents.models import Document
from mitra.intake import services
from mitra.search.models import SearchEntry

pytestmark = pytest.mark.django_db
LATIN = "Lorem ipsum dolor sit amet, consectetur adipiscing elit, sed do eiusmod tempor."


def test_a_text_in_another_language_leaves_no_document_and_no_search_entry(officer):
    with pytest.raises(ValidationError) as exc:
        services.text_submit(user=officer, text=LATIN, title="Lorem")
    assert exc.value.code == "language"
    assert not Document.objects.exists() and not SearchEntry.objects.exists()


def test_a_file_with_no_text_leaves_no_document_and_no_file(officer):
    import hashlib

    from django.core.files.storage import default_storage

    data = b"\x89PNG\r\n\x1a\n" + b"no-text-scan" * 8
    sha = hashlib.sha256(data).hexdigest()
    with pytest.raises(ValidationError) as exc:
        services.text_submit(
            user=officer, upload=SimpleUploadedFile("scan.png", data), title="Pindaian"
        )
    assert exc.value.code == "no_text"
    assert not Document.objects.exists() and not SearchEntry.objects.exists()
    assert not default_storage.exists(f"{sha[:2]}/{sha}.png")


def test_the_upload_page_refusing_a_text_keeps_nothing(client, officer):
    client.force_login(officer)
    response = client.post("/review/upload/", {"text": LATIN, "title": "Lorem"})
    assert response.status_code == 200
    assert not Document.objects.exists() and not SearchEntry.objects.exists()

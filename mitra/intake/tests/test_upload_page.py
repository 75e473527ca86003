"""The upload page: one error, beside the file field, naming the same types as the label."""

from __future__ import annotations

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from mitra.documents import services as document_services

pytestmark = pytest.mark.django_db


def test_a_refused_file_type_shows_one_error_beside_the_field(client, officer):
    client.force_login(officer)
    upload = SimpleUploadedFile("data.zip", b"PK\x03\x04" + b"\x00" * 40)
    response = client.post("/review/upload/", {"file": upload, "title": "Arsip"})
    page = response.content.decode()
    types = str(document_services.ACCEPTED_TYPES)
    assert page.count(types) == 2  # the label and the one error
    assert page.count('class="errorlist') == 1
    # The errored field takes the focus (and so the view) when the page comes back; the form posts
    # to its own URL, so a successful upload's redirect carries no fragment along.
    assert 'action="#' not in page
    assert (
        "autofocus"
        in page.split('name="file"')[0].rsplit("<input", 1)[-1]
        + page.split('name="file"')[1].split(">")[0]
    )

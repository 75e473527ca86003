"""Documents in S3-compatible object storage (MITRA_STORAGE_URL=s3://…, issue 18): stored in
the bucket as private objects, served only through Mitra's download views (permission checked,
a download, never a redirect to the bucket), against a real S3 HTTP server on loopback."""

from __future__ import annotations

import hashlib

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse

from mitra.core.http import SAFE_DOWNLOAD_TYPE
from mitra.core.storageconfig import parse_storage_url
from mitra.documents.models import Document
from mitra.documents.tests.files import pdf_bytes

pytestmark = pytest.mark.django_db


@pytest.fixture
def bucket(s3_server, settings) -> str:
    """Mitra configured as an operator would: STORAGES from a MITRA_STORAGE_URL."""
    name = s3_server.new_bucket()
    settings.STORAGES = {
        **settings.STORAGES,
        "default": parse_storage_url(s3_server.url(name), documents_dir=None),
    }
    return name


def _signed_in(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def test_an_upload_is_a_private_object_in_the_bucket_and_only_mitra_serves_it(
    s3_server, bucket, officer, viewer, draft
):
    data = pdf_bytes("Nota kesepahaman kerja sama kesehatan Indonesia–Kazakhstan")
    uploaded = _signed_in(officer).post(
        reverse("agreements:document_upload", args=[draft.pk]),
        {
            "file": SimpleUploadedFile("naskah <final>.pdf", data),
            "title": "Naskah",
            "kind": "signed",
        },
    )
    assert uploaded.status_code == 302

    document = Document.objects.get()
    sha = hashlib.sha256(data).hexdigest()
    assert document.file.name == f"{sha[:2]}/{sha}.pdf"
    # The bytes are in the bucket under the hash name, read back with boto3, not on a disk.
    assert s3_server.objects(bucket) == {document.file.name: data}
    grants = s3_server.client().get_object_acl(Bucket=bucket, Key=document.file.name)["Grants"]
    assert [g["Permission"] for g in grants] == ["FULL_CONTROL"]  # the owner's, nobody else's
    assert all("AllUsers" not in str(g["Grantee"]) for g in grants)

    for url in (
        reverse("documents:file", args=[document.pk]),
        reverse("agreements:document", args=[draft.pk, document.pk]),
    ):
        served = _signed_in(officer).get(url)
        assert served.status_code == 200  # streamed by Mitra, not a redirect to the bucket
        assert b"".join(served.streaming_content) == data
        assert served["Content-Type"] == SAFE_DOWNLOAD_TYPE
        assert served["Content-Length"] == str(len(data))
        assert served["Content-Disposition"].startswith("attachment;")
        assert "naskah" in served["Content-Disposition"]
        assert s3_server.endpoint not in str(served.headers)
        # Permission is still Mitra's: a viewer (not internal reading) gets nothing.
        assert _signed_in(viewer).get(url).status_code == 404
        assert Client().get(url).status_code == 302  # to the login page


def test_the_same_bytes_uploaded_twice_are_one_object(s3_server, bucket, officer, draft):
    data = b"Notulen rapat teknis kerja sama vaksin.\n"
    for title in ("Notulen", "Notulen lagi"):
        response = _signed_in(officer).post(
            reverse("agreements:document_upload", args=[draft.pk]),
            {"file": SimpleUploadedFile("notulen.txt", data), "title": title, "kind": "minutes"},
        )
        assert response.status_code == 302
    assert Document.objects.count() == 1
    assert list(s3_server.objects(bucket).values()) == [data]

"""/interop/: plain language for every user; the import forms only for those who may import."""

from __future__ import annotations

import pytest

from mitra.partners.models import Partner

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("role", ["viewer", "focal", "coordination"])
def test_who_may_not_import_is_offered_no_import_form(client, personas, role):
    client.force_login(personas[role])
    page = client.get("/interop/").content.decode()
    assert 'action="/interop/import/"' not in page
    assert 'action="/interop/iati/"' not in page
    assert 'action="/interop/export/"' in page  # everyone may export what they may read


def test_the_officer_gets_both_import_forms_in_plain_language(client, officer):
    client.force_login(officer)
    page = client.get("/interop/").content.decode()
    assert 'action="/interop/import/"' in page and 'action="/interop/iati/"' in page
    assert "mitra import" not in page  # no shell command for end users
    assert '<option value="partners">partners</option>' not in page  # no raw table names


def _stash() -> set[str]:
    from mitra.interop import views

    return {p.name for p in views.IMPORTS.glob("*")} if views.IMPORTS.exists() else set()


def _upload(client, body: bytes, name: str = "partners.csv"):
    from django.core.files.uploadedfile import SimpleUploadedFile

    return client.post(
        "/interop/import/", {"file": SimpleUploadedFile(name, body), "table": "partners"}
    )


def test_a_file_that_cannot_be_read_is_not_kept(client, officer):
    client.force_login(officer)
    before = _stash()
    response = _upload(client, b"")
    client.get(response["Location"])  # the mapping page reads it and refuses it
    assert _stash() == before


def test_cancelling_an_import_removes_its_file(client, officer):
    client.force_login(officer)
    before = _stash()
    response = _upload(client, b"code,kind,name_id\nKAZ,country,Kazakhstan\n")
    url = response["Location"]
    assert len(_stash() - before) == 1
    response = client.post(url, {"action": "cancel", "table": "partners"})
    assert response.status_code == 302 and _stash() == before
    assert not Partner.objects.filter(code="KAZ").exists()  # cancelling imports nothing


def test_an_abandoned_upload_is_removed_a_day_later(client, officer):
    import os
    import time

    from mitra.interop import views

    client.force_login(officer)
    before = _stash()
    _upload(client, b"code,kind,name_id\nKAZ,country,Kazakhstan\n")
    (old,) = (views.IMPORTS / n for n in _stash() - before)
    day_ago = time.time() - 25 * 3600
    os.utime(old, (day_ago, day_ago))
    _upload(client, b"code,kind,name_id\nKHM,country,Kamboja\n")
    assert not old.exists() and len(_stash() - before) == 1

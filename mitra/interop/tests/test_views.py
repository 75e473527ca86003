"""/interop/: plain language for every user; the import forms only for those who may import."""

from __future__ import annotations

import pytest

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("role", ["viewer", "focal", "coordination"])
def test_who_may_not_import_is_offered_no_import_form(client, personas, role):
    client.force_login(personas[role])
    page = client.get("/interop/").content.decode()
    assert 'action="/interop/import/"' not in page
    assert 'action="/interop/iati/"' not in page
    assert "?download=xlsx" in page


def test_the_officer_gets_both_import_forms_in_plain_language(client, officer):
    client.force_login(officer)
    page = client.get("/interop/").content.decode()
    assert 'action="/interop/import/"' in page and 'action="/interop/iati/"' in page
    assert "mitra import" not in page  # no shell command for end users
    assert '<option value="partners">partners</option>' not in page  # no raw table names

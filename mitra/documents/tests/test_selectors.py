"""Documents are internal reading: one selector says who sees them, for pages and the API."""

from __future__ import annotations

import pytest

from mitra.core.errors import NotFound
from mitra.documents import selectors
from mitra.documents import services as document_services

pytestmark = pytest.mark.django_db


@pytest.fixture
def note(officer):
    return document_services.document_store_text(
        text="Catatan rapat kerja sama kesehatan dengan Kazakhstan.", title="Catatan", user=officer
    )


def test_internal_roles_read_documents_and_a_viewer_reads_none(personas, note):
    for role in ("officer", "focal", "admin"):
        assert selectors.document_get(user=personas[role], pk=note.pk) == note
        assert list(selectors.document_list(user=personas[role])) == [note]
    # A coordination member reads only the documents of what is shared with their ministry
    # (mitra/sharing/tests): a note on no shared record is not theirs to read.
    for role in ("viewer", "coordination"):
        assert not selectors.document_list(user=personas[role]).exists()
        with pytest.raises(NotFound):
            selectors.document_get(user=personas[role], pk=note.pk)


def test_missing_and_not_visible_answer_the_same_404(client, viewer, officer, note):
    client.force_login(viewer)
    hidden = client.get(f"/documents/{note.pk}/")
    client.force_login(officer)
    missing = client.get(f"/documents/{note.pk + 1000}/")
    assert hidden.status_code == missing.status_code == 404
    assert client.get(f"/documents/{note.pk}/").status_code == 200

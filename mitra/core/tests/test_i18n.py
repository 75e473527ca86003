from __future__ import annotations

from pathlib import Path

from babel.messages.pofile import read_po

LOCALE = Path(__file__).resolve().parents[2] / "locale"


def test_every_interface_text_has_an_indonesian_translation():
    with (LOCALE / "id" / "LC_MESSAGES" / "django.po").open("rb") as f:
        catalog = read_po(f, locale="id")
    untranslated = [
        m.id
        for m in catalog
        if m.id and (not m.string or (isinstance(m.string, tuple) and not all(m.string)))
    ]
    fuzzy = [m.id for m in catalog if m.id and m.fuzzy]
    assert untranslated == []
    assert fuzzy == []
    assert len(catalog) > 250


def test_the_interface_is_indonesian_by_default_and_english_on_request(client, officer):
    client.force_login(officer)
    body = client.get("/partners/").content.decode()
    assert '<html lang="id">' in body and "Tambah mitra" in body
    response = client.post("/i18n/setlang/", {"language": "en", "next": "/partners/"})
    assert response.status_code == 302
    body = client.get("/partners/").content.decode()
    assert '<html lang="en">' in body and "Add partner" in body


def test_accept_language_english_is_honoured_without_a_cookie(client, officer):
    client.force_login(officer)
    body = client.get("/partners/", HTTP_ACCEPT_LANGUAGE="en-GB,en;q=0.9").content.decode()
    assert '<html lang="en">' in body


def test_both_catalogues_are_well_formed():
    # A merge can leave an entry without its msgstr; gettext then misreads what follows.
    for language in ("id", "en"):
        with (LOCALE / language / "LC_MESSAGES" / "django.po").open("rb") as f:
            read_po(f, locale=language, abort_invalid=True)

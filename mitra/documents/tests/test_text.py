"""Reading text out of real files, and refusing the broken and the hostile ones."""

from __future__ import annotations

import io
import zipfile

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile

from mitra.documents import services, text
from mitra.documents.models import Document
from mitra.documents.tests.files import docx_bytes, pdf_bytes

pytestmark = pytest.mark.django_db


def store(name: str, data: bytes, officer) -> Document:
    return services.document_store(
        upload=SimpleUploadedFile(name, data), title="", kind="news", user=officer
    )


def test_text_is_read_from_a_pdf_and_a_docx(officer):
    pdf = store("mou.pdf", pdf_bytes("Nota Kesepahaman kerja sama vaksin"), officer)
    assert "kerja sama vaksin" in pdf.text and pdf.language == "id"
    word = store(
        "notula.docx", docx_bytes("Minutes of the technical dialogue on vaccines"), officer
    )
    assert "technical dialogue" in word.text and word.language == "en"


def test_the_same_file_twice_is_one_document(officer):
    first = store("a.pdf", pdf_bytes(), officer)
    assert store("b.pdf", pdf_bytes(), officer) == first
    assert Document.objects.count() == 1


def test_html_is_reduced_to_its_text_without_scripts(officer):
    html = (
        b"<html><head><script>alert('x')</script><style>p{}</style></head>"
        b"<body><p>Kerja sama <b>vaksin</b></p><script>steal()</script></body></html>"
    )
    document = store("berita.html", html, officer)
    assert document.extension == ".html"
    assert "Kerja sama vaksin" in document.text
    assert "alert" not in document.text and "steal" not in document.text


def test_a_text_file_with_a_bom_or_in_windows_1252(officer):
    assert store("a.txt", "\ufeffKerja sama".encode(), officer).text == "Kerja sama"
    assert "Menteri" in store("b.txt", "Menteri – “Kesehatan”".encode("cp1252"), officer).text


def test_an_encrypted_pdf_is_refused_and_nothing_stored(officer):
    from pypdf import PdfReader, PdfWriter

    writer = PdfWriter()
    for page in PdfReader(io.BytesIO(pdf_bytes())).pages:
        writer.add_page(page)
    writer.encrypt("rahasia")
    buffer = io.BytesIO()
    writer.write(buffer)
    with pytest.raises(ValidationError) as exc:
        store("rahasia.pdf", buffer.getvalue(), officer)
    assert exc.value.messages == [str(text.PDF_ENCRYPTED)]
    assert not Document.objects.exists()


def test_a_damaged_pdf_is_refused(officer):
    with pytest.raises(ValidationError) as exc:
        store("rusak.pdf", pdf_bytes()[:400], officer)
    assert exc.value.messages == [str(text.PDF_BROKEN)]
    assert not Document.objects.exists()


def test_a_docx_zip_bomb_is_refused_without_being_unpacked(officer):
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        archive.writestr("word/document.xml", b"0" * (60 * 1024 * 1024))
    assert len(buffer.getvalue()) < 200_000
    with pytest.raises(ValidationError) as exc:
        store("bom.docx", buffer.getvalue(), officer)
    assert exc.value.messages == [str(text.DOCX_BOMB)]
    assert not Document.objects.exists()


def test_an_empty_file_and_a_binary_file_are_refused(officer):
    with pytest.raises(ValidationError) as exc:
        store("kosong.txt", b"", officer)
    assert exc.value.messages == [str(services.FILE_EMPTY)]
    with pytest.raises(ValidationError):
        store("program.exe", b"MZ\x90\x00\x03\x00\x00\x00", officer)
    assert not Document.objects.exists()

"""A file on disk to text, with the same checks as an upload (type by content, size, bombs)."""

from __future__ import annotations

from pathlib import Path

from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile

from mitra.documents import services as document_services
from mitra.documents import text as document_text


def read_file(path: Path) -> str:
    upload = SimpleUploadedFile(path.name, path.read_bytes())
    extension, _content_type = document_services.document_validate_upload(upload)
    text = document_text.read_text(upload.read(), extension)
    if not text:
        raise ValidationError(document_services.NO_TEXT, code="no_text")
    return text

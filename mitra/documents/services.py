"""Storing uploaded files: checked by content, kept once per content hash."""

from __future__ import annotations

import hashlib
import re
import zipfile
from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.utils.translation import gettext_lazy as _

from mitra.core import history
from mitra.documents import text as document_text
from mitra.documents.language import language
from mitra.documents.models import Document

FILE_TOO_LARGE = _("The file is %(size)s MB; the limit is %(limit)s MB.")
FILE_EMPTY = _("The file is empty.")
NO_TEXT = _("No text could be read from this file (an image, or a scan without text).")
# One list of what can be stored, for every upload's label and its error alike.
ACCEPTED_TYPES = _("PDF, DOCX, TXT, HTML, PNG or JPEG")
FILE_TYPE_NOT_ALLOWED = _("“%(name)s” is not a %(types)s file: only those can be stored.")

# (extension, content type) by the bytes a file starts with; the name a user gave is not trusted.
_SIGNATURES: list[tuple[bytes, str, str]] = [
    (b"%PDF-", ".pdf", "application/pdf"),
    (b"\x89PNG\r\n\x1a\n", ".png", "image/png"),
    (b"\xff\xd8\xff", ".jpg", "image/jpeg"),
]
DOCX = (".docx", "application/vnd.openxmlformats-officedocument.wordprocessingml.document")
HTML_START = re.compile(rb"^\s*(?:<!doctype html|<html|<head|<body|<p[ >]|<div[ >]|<article)", re.I)


def sniff(upload: UploadedFile) -> tuple[str, str] | None:
    """(extension, content type) of an allowed file, judged by its content; None otherwise."""
    upload.seek(0)
    head = upload.read(16)
    upload.seek(0)
    for magic, ext, ctype in _SIGNATURES:
        if head.startswith(magic):
            return ext, ctype
    if head.startswith(b"PK\x03\x04"):
        try:
            with zipfile.ZipFile(upload) as archive:
                is_docx = "word/document.xml" in archive.namelist()
        except (zipfile.BadZipFile, OSError):
            is_docx = False
        finally:
            upload.seek(0)
        if is_docx:
            return DOCX
        return None
    return _sniff_text(upload)


def _sniff_text(upload: UploadedFile) -> tuple[str, str] | None:
    """A text or HTML file: no NUL bytes, and it decodes as UTF-8 or Windows-1252."""
    upload.seek(0)
    head = upload.read(8192)
    upload.seek(0)
    if b"\x00" in head:
        return None
    try:
        head.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        if exc.start < len(head) - 4:  # not only a character cut at the 8 KB boundary
            try:
                head.decode("cp1252")
            except UnicodeDecodeError:
                return None
    if HTML_START.match(head):
        return ".html", "text/html"
    return ".txt", "text/plain"


def document_validate_upload(upload: UploadedFile) -> tuple[str, str]:
    """Check size and type; return (extension, content type) or raise a ValidationError."""
    limit_mb = settings.MAX_UPLOAD_MB
    size = upload.size or 0
    if size == 0:
        raise ValidationError(FILE_EMPTY, code="empty")
    if size > limit_mb * 1024 * 1024:
        raise ValidationError(
            FILE_TOO_LARGE,
            code="too_large",
            params={"size": f"{size / 1024 / 1024:.1f}", "limit": limit_mb},
        )
    kind = sniff(upload)
    if kind is None:
        raise ValidationError(
            FILE_TYPE_NOT_ALLOWED,
            code="type",
            params={"name": upload.name or "?", "types": ACCEPTED_TYPES},
        )
    return kind


def document_store_text(*, text: str, title: str, user: Any) -> Document:
    """Store pasted text as a document, as if it had been uploaded as a .txt file."""
    from django.core.files.uploadedfile import SimpleUploadedFile

    data = text.strip().encode("utf-8")
    name = re.sub(r"[^\w-]+", "-", title.strip().lower())[:60].strip("-") or "teks"
    upload = SimpleUploadedFile(f"{name}.txt", data, content_type="text/plain")
    return document_store(upload=upload, title=title, kind=Document.Kind.NEWS, user=user)


@transaction.atomic
def document_store(*, upload: UploadedFile, title: str, kind: str, user: Any) -> Document:
    """Store an upload once: the same bytes uploaded again give back the same document."""
    extension, content_type = document_validate_upload(upload)
    digest = hashlib.sha256()
    for chunk in upload.chunks():
        digest.update(chunk)
    sha = digest.hexdigest()
    existing = Document.objects.filter(sha256=sha).first()
    if existing is not None:
        return existing
    upload.seek(0)
    data = upload.read()
    upload.seek(0)
    text = document_text.read_text(data, extension)
    document = Document(
        title=title or (upload.name or sha[:12]),
        text=text,
        language=language(text) if text else "",
        kind=kind,
        original_name=(upload.name or "")[:255],
        content_type=content_type,
        extension=extension,
        size=upload.size or 0,
        sha256=sha,
        uploaded_by=user,
    )
    document.file.save("ignored", upload, save=False)
    document.full_clean()
    history.stamp(document, by=user)
    document.save()
    return document

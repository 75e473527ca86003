"""Plain text out of stored files: PDF (pypdf), DOCX (python-docx), TXT and HTML.

Every reader is bounded: page and character limits, a DOCX's unpacked size is checked before it
is opened (a zip bomb is refused without being expanded), and HTML is reduced to its text with
scripts and styles dropped. The text is only ever shown escaped.
"""

from __future__ import annotations

import io
import re
import zipfile
from html.parser import HTMLParser

from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

MAX_PAGES = 300
MAX_CHARS = 2_000_000
MAX_DOCX_UNPACKED = 50 * 1024 * 1024
MAX_DOCX_RATIO = 100

PDF_ENCRYPTED = _("This PDF is password-protected; upload a copy without the password.")
PDF_BROKEN = _("This PDF is damaged and cannot be read.")
DOCX_BROKEN = _("This Word document is damaged and cannot be read.")
DOCX_BOMB = _("This Word document unpacks to far more than its size; it was refused.")
TEXT_ENCODING = _("This text file is not in a known encoding (UTF-8 or Windows-1252).")


def read_text(data: bytes, extension: str) -> str:
    """The text of a file whose type was already checked by its content (documents.services)."""
    readers = {".pdf": _pdf, ".docx": _docx, ".txt": _plain, ".html": _html}
    reader = readers.get(extension)
    text = reader(data) if reader else ""
    return normalise(text)[:MAX_CHARS]


def normalise(text: str) -> str:
    text = text.replace("\r\n", "\n").replace("\r", "\n").replace("\x00", "")
    text = re.sub(r"[ \t\u00a0]+", " ", text)
    return re.sub(r"\n{3,}", "\n\n", text).strip()


def _pdf(data: bytes) -> str:
    from pypdf import PdfReader
    from pypdf.errors import PdfReadError

    try:
        reader = PdfReader(io.BytesIO(data))
        if reader.is_encrypted:
            raise ValidationError(PDF_ENCRYPTED, code="encrypted")
        parts: list[str] = []
        size = 0
        for page in reader.pages[:MAX_PAGES]:
            text = page.extract_text() or ""
            parts.append(text)
            size += len(text)
            if size > MAX_CHARS:
                break
        return "\n".join(parts)
    except ValidationError:
        raise
    except (PdfReadError, ValueError, KeyError, TypeError, OSError, RecursionError) as exc:
        raise ValidationError(PDF_BROKEN, code="broken") from exc


def _docx(data: bytes) -> str:
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            unpacked = sum(info.file_size for info in archive.infolist())
    except zipfile.BadZipFile as exc:
        raise ValidationError(DOCX_BROKEN, code="broken") from exc
    if unpacked > MAX_DOCX_UNPACKED or unpacked > MAX_DOCX_RATIO * max(len(data), 1):
        raise ValidationError(DOCX_BOMB, code="bomb")
    import docx

    try:
        document = docx.Document(io.BytesIO(data))
    except Exception as exc:  # python-docx raises many kinds on a damaged package
        raise ValidationError(DOCX_BROKEN, code="broken") from exc
    lines = [p.text for p in document.paragraphs]
    for table in document.tables:
        for row in table.rows:
            lines.append(" | ".join(cell.text for cell in row.cells))
    return "\n".join(lines)


def decode(data: bytes) -> str:
    """UTF-8 (with or without a BOM), else Windows-1252, else refuse."""
    for encoding in ("utf-8-sig", "cp1252"):
        try:
            return data.decode(encoding)
        except UnicodeDecodeError:
            continue
    raise ValidationError(TEXT_ENCODING, code="encoding")


def _plain(data: bytes) -> str:
    return decode(data)


class _TextOnly(HTMLParser):
    SKIP = {"script", "style", "noscript", "template", "iframe", "object", "svg", "head"}
    BLOCK = {"p", "br", "div", "li", "tr", "h1", "h2", "h3", "h4", "h5", "h6", "section", "article"}

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []
        self.skipping = 0

    def handle_starttag(self, tag: str, attrs: list) -> None:  # type: ignore[type-arg]
        if tag in self.SKIP:
            self.skipping += 1
        elif tag in self.BLOCK:
            self.parts.append("\n")

    def handle_endtag(self, tag: str) -> None:
        if tag in self.SKIP and self.skipping:
            self.skipping -= 1
        elif tag in self.BLOCK:
            self.parts.append("\n")

    def handle_data(self, data: str) -> None:
        if not self.skipping:
            self.parts.append(data)


def html_text(markup: str) -> str:
    """The visible text of an HTML page; scripts, styles and tags dropped."""
    parser = _TextOnly()
    parser.feed(markup)
    parser.close()
    return "".join(parser.parts)


def _html(data: bytes) -> str:
    return html_text(decode(data))

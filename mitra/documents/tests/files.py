"""Real files for tests: a PDF rendered by WeasyPrint, a DOCX written by python-docx."""

from __future__ import annotations

import io
from functools import cache


@cache
def pdf_bytes(text: str = "Nota Kesepahaman kerja sama kesehatan") -> bytes:
    from weasyprint import HTML

    html = "".join(f"<p>{line}</p>" for line in text.split("\n"))
    return HTML(string=f"<html><body>{html}</body></html>").write_pdf()


@cache
def docx_bytes(text: str = "Nota Kesepahaman kerja sama kesehatan") -> bytes:
    import docx

    document = docx.Document()
    for line in text.split("\n"):
        document.add_paragraph(line)
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()

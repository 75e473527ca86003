from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import FileResponse, HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_GET

from mitra.core.http import SAFE_DOWNLOAD_TYPE
from mitra.documents import selectors as document_selectors
from mitra.documents.models import Document


def _document(request: HttpRequest, pk: int) -> Document:
    return document_selectors.document_get(user=request.user, pk=pk)


@require_GET
@login_required
def document_detail(request: HttpRequest, pk: int) -> HttpResponse:
    """The document's details, its links, and a preview of the text read from it."""
    return render(request, "documents/detail.html", {"document": _document(request, pk)})


@require_GET
@login_required
def document_file(request: HttpRequest, pk: int) -> FileResponse:
    document = _document(request, pk)
    return FileResponse(
        document.file.open("rb"),
        as_attachment=True,
        filename=document.original_name or f"{document.title}{document.extension}",
        # Always a download of opaque bytes: an uploaded HTML or SVG never runs in our origin.
        content_type=SAFE_DOWNLOAD_TYPE,
    )

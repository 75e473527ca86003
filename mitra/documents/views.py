from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET

from mitra.core.permissions import can
from mitra.documents.models import Document


def _document(request: HttpRequest, pk: int) -> Document:
    # Documents come from every part of the registry (news, minutes, drafts): internal reading.
    document = (
        Document.objects.prefetch_related("partners", "agreements", "meetings", "activities")
        .filter(pk=pk)
        .first()
    )
    if document is None or not can(request.user, "internal.view"):
        raise Http404(_("No document with number %(pk)s is visible to you.") % {"pk": pk})
    return document


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
        content_type=document.content_type,
    )

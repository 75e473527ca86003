"""/interop/: downloads (XLSX, CSV, IATI), spreadsheet import with mapping and a dry run,
IATI import, and the imported IATI activities."""

from __future__ import annotations

import secrets
import time
from pathlib import Path
from typing import Any

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.core.files import File
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from mitra.core.forms import errors_text
from mitra.core.permissions import require
from mitra.interop import spreadsheets, tasks
from mitra.interop.models import IatiActivity
from mitra.jobs import services as job_services

IMPORTS = Path(settings.DATA_DIR) / "imports"
# An upload waits here between its check and its import; one nobody came back to for a day is
# removed when the next file arrives (a stashed file may hold personal data: contacts).
STASH_SECONDS = 24 * 3600
ACTIONS = {"check", "all", "valid", "cancel"}


@require_GET
@login_required
def index(request: HttpRequest) -> HttpResponse:
    # The whole registry is exported by a background job (export below); the empty template
    # is small enough to answer at once.
    fmt = request.GET.get("download", "")
    if fmt == "template":
        response = HttpResponse(
            spreadsheets.write_xlsx({name: [] for name in spreadsheets.ORDER}),
            content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        )
        response["Content-Disposition"] = 'attachment; filename="mitra-template.xlsx"'
        return response
    context = {
        "iati_count": IatiActivity.objects.count(),
        "iati_recent": IatiActivity.objects.order_by("-imported_at")[:20],
        "tables": [(name, spreadsheets.TABLE_LABELS[name]) for name in spreadsheets.ORDER],
        "max_mb": settings.MAX_UPLOAD_MB,
    }
    return render(request, "interop/index.html", context)


def _stash(upload: Any) -> str:
    IMPORTS.mkdir(parents=True, exist_ok=True)
    cutoff = time.time() - STASH_SECONDS
    for old in IMPORTS.iterdir():
        if old.is_file() and old.stat().st_mtime < cutoff:
            old.unlink(missing_ok=True)
    token = secrets.token_urlsafe(12)
    suffix = ".csv" if (upload.name or "").lower().endswith(".csv") else ".xlsx"
    path = IMPORTS / f"{token}{suffix}"
    with path.open("wb") as out:
        for chunk in upload.chunks():
            out.write(chunk)
    return path.name


def _stashed(name: str) -> Path:
    path = IMPORTS / Path(name).name
    if not path.exists():
        raise Http404(_("This upload has expired; upload the file again."))
    return path


def _file(request: HttpRequest, limit_mb: int) -> Any:
    """The uploaded file, or None after telling the user why not (none, or too large)."""
    file = request.FILES.get("file")
    if file is None:
        messages.error(request, _("Choose a file to import."))
    elif (file.size or 0) > limit_mb * 1024 * 1024:
        messages.error(request, _("The file is larger than %(n)s MB.") % {"n": limit_mb})
        file = None
    return file


@require_POST
@login_required
def upload(request: HttpRequest) -> HttpResponse:
    require(request.user, "intake.review")
    file = _file(request, settings.MAX_UPLOAD_MB)
    if file is None:
        return redirect("interop:index")
    name = _stash(file)
    table = request.POST.get("table", "")
    return redirect(reverse("interop:mapping", args=[name]) + f"?table={table}")


@require_http_methods(["GET", "POST"])
@login_required
def mapping(request: HttpRequest, name: str) -> HttpResponse:
    """Map the file's columns to fields, check (dry run), then import."""
    require(request.user, "intake.review")
    path = _stashed(name)
    table = request.GET.get("table", "") or request.POST.get("table", "")
    try:
        tables = spreadsheets.read_tables(path.read_bytes(), path.name, table)
    except ValidationError as exc:
        path.unlink(missing_ok=True)  # nothing can be done with it: upload a corrected file
        messages.error(request, errors_text(exc))
        return redirect("interop:index")
    action = request.POST.get("action", "check")
    if request.method == "POST" and action not in ACTIONS:
        action = "check"  # an unknown button never writes
    if request.method == "POST" and action == "cancel":
        path.unlink(missing_ok=True)
        messages.info(request, _("Import cancelled; the uploaded file is removed."))
        return redirect("interop:index")
    mappings: dict[str, dict[int, str]] = {}
    for tname, rows in tables.items():
        chosen = {}
        for index, _header in enumerate(rows[0]):
            key = request.POST.get(f"map-{tname}-{index}")
            if key:
                chosen[index] = key
        mappings[tname] = (
            chosen if request.method == "POST" else spreadsheets.default_mapping(tname, rows[0])
        )
    if request.method == "POST" and action in ("all", "valid"):
        # The import runs in the worker, all or nothing (or only the valid rows); its page
        # shows the progress, then the summary and any refused rows.
        with path.open("rb") as handle:
            job = job_services.job_start(
                user=request.user,
                kind=job_services.Kind.SPREADSHEET_IMPORT,
                title=name,
                task=tasks.spreadsheet_import,
                uploads=[File(handle, name=path.name)],
                params={
                    "table": table,
                    "mappings": mappings,
                    "valid_only": action == "valid",
                },
            )
        path.unlink(missing_ok=True)
        return redirect("jobs:detail", pk=job.pk)
    report = None
    if request.method == "POST":
        report = spreadsheets.import_tables(
            user=request.user, tables=tables, mappings=mappings, dry_run=True
        )
    columns = {
        tname: [
            (index, header, mappings[tname].get(index, "")) for index, header in enumerate(rows[0])
        ]
        for tname, rows in tables.items()
    }
    fields = {tname: spreadsheets.TABLES[tname] for tname in tables}
    context = {
        "name": name,
        "table": table,
        "columns": columns,
        "fields": fields,
        "report": report,
        "row_counts": {t: len(r) - 1 for t, r in tables.items()},
        "labels": spreadsheets.TABLE_LABELS,
    }
    return render(request, "interop/mapping.html", context)


@require_POST
@login_required
def export(request: HttpRequest) -> HttpResponse:
    """Start an export of the whole registry (XLSX or IATI XML) as a background job."""
    fmt = request.POST.get("format", "")
    if fmt not in tasks.EXPORTS:
        messages.error(request, _("Choose XLSX or IATI."))
        return redirect("interop:index")
    job = job_services.job_start(
        user=request.user,
        kind=job_services.Kind.EXPORT,
        title=tasks.EXPORTS[fmt],
        task=tasks.registry_export,
        params={"format": fmt},
    )
    return redirect("jobs:detail", pk=job.pk)


@require_POST
@login_required
def iati_upload(request: HttpRequest) -> HttpResponse:
    """Start the import of an IATI file as a background job and show its progress page."""
    require(request.user, "intake.review")
    file = _file(request, settings.MAX_IATI_MB)
    if file is None:
        return redirect("interop:index")
    job = job_services.job_start(
        user=request.user,
        kind=job_services.Kind.IATI_IMPORT,
        title=file.name or "iati.xml",
        task=tasks.iati_import,
        uploads=[file],
    )
    return redirect("jobs:detail", pk=job.pk)

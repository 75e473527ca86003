"""/jobs/: my background jobs, and one job's progress page (polled by htmx, or reloaded)."""

from __future__ import annotations

import mimetypes
from pathlib import Path

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from mitra.core.forms import errors_text
from mitra.core.http import HtmxHttpRequest
from mitra.jobs import progress, rules, selectors, services
from mitra.jobs.models import Job

# How often the page asks again while the job is not over (htmx, or a reload without JS).
POLL_SECONDS = 2


@require_GET
@login_required
def index(request: HttpRequest) -> HttpResponse:
    jobs = selectors.jobs_recent(user=request.user, limit=50)
    return render(request, "jobs/index.html", {"jobs": jobs})


def _state(job: Job) -> dict[str, object]:
    seen = progress.read(job.pk) if job.status == Job.Status.RUNNING else None
    stale = rules.is_stale(job)
    return {
        "job": job,
        "progress": seen,
        "stale": stale,
        "retryable": rules.is_retryable(job),
        "polling": not job.is_over and not stale,
        "poll_seconds": POLL_SECONDS,
    }


@require_GET
@login_required
def detail(request: HtmxHttpRequest, pk: int) -> HttpResponse:
    job = selectors.job_get(user=request.user, pk=pk)
    template = "jobs/detail.html#state" if request.htmx else "jobs/detail.html"
    return render(request, template, _state(job))


@require_POST
@login_required
def retry(request: HttpRequest, pk: int) -> HttpResponse:
    job = selectors.job_get(user=request.user, pk=pk)
    try:
        services.job_retry(user=request.user, job=job)
    except ValidationError as exc:
        messages.error(request, errors_text(exc))
    else:
        messages.success(request, _("The job is queued again."))
    return redirect("jobs:detail", pk=job.pk)


@require_GET
@login_required
def download(request: HttpRequest, pk: int) -> FileResponse:
    job = selectors.job_get(user=request.user, pk=pk)
    path = Path(settings.MITRA_JOBS_DIR) / job.output if job.output else None
    if job.status != Job.Status.DONE or path is None or not path.is_file():
        raise Http404(_("This job has no file to download."))
    kind = mimetypes.guess_type(path.name)[0] or "application/octet-stream"
    return FileResponse(path.open("rb"), as_attachment=True, filename=path.name, content_type=kind)

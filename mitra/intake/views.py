from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from mitra.core.forms import errors_text
from mitra.core.permissions import require
from mitra.intake import services, tasks
from mitra.intake.forms import UploadForm
from mitra.intake.models import Proposal, Submission
from mitra.jobs import services as job_services
from mitra.meetings import selectors as meeting_selectors
from mitra.taxonomy import selectors as taxonomy_selectors

MAX_FILES = 200  # one job; more is a folder for `mitra ingest` on the server

EDITABLE: dict[str, tuple[str, ...]] = {
    Proposal.Kind.MEETING: ("title", "date", "place", "kind"),
    Proposal.Kind.PARTNER: ("name",),
    Proposal.Kind.AGREEMENT: ("title", "signed_date", "place"),
}


def highlighted(text: str, start: int, end: int) -> SafeString:
    """The sentence (or line) around the span, escaped, with the span itself in <mark>."""
    if not text or end <= start:
        return mark_safe("")
    left = max(text.rfind(".", 0, start), text.rfind("\n", 0, start)) + 1
    stops = [i for i in (text.find(".", end), text.find("\n", end)) if i != -1]
    right = min(stops) + 1 if stops else len(text)
    left, right = max(left, start - 300), min(right, end + 300)
    return mark_safe(  # noqa: S308 - all three parts are escaped
        escape(text[left:start])
        + "<mark>"
        + escape(text[start:end])
        + "</mark>"
        + escape(text[end:right])
    )


@require_GET
@login_required
def review(request: HttpRequest) -> HttpResponse:
    """The queue: submissions with proposals still waiting, newest first."""
    require(request.user, "intake.review")
    submissions = (
        Submission.objects.filter(proposals__status=Proposal.Status.PENDING)
        .distinct()
        .select_related("document")
        .prefetch_related("proposals__match_partner", "proposals__target_agreement")[:20]
    )
    areas = taxonomy_selectors.area_labels()
    rows = []
    for submission in submissions:
        text = submission.document.text
        cards = [
            {
                "proposal": p,
                "sentence": highlighted(text, p.evidence_start, p.evidence_end),
                "area_labels": [
                    areas.get(c, c) for c in p.payload.get("codes", p.payload.get("areas", []))
                ],
                "area_choices": [(c, areas.get(c, c)) for c in p.payload.get("areas", [])],
            }
            for p in submission.proposals.all()
        ]
        kind = services.TEXT_KINDS.get(submission.extraction.get("kind"), "")
        rows.append((submission, cards, kind))
    context = {
        "rows": rows,
        "meeting_kinds": meeting_selectors.kind_choices(),
        "form": UploadForm(),
    }
    return render(request, "intake/review.html", context)


@require_http_methods(["GET", "POST"])
@login_required
def upload(request: HttpRequest) -> HttpResponse:
    """Store a file or a pasted text, read it, and queue its proposals."""
    require(request.user, "intake.submit")
    form = UploadForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            submission = services.text_submit(
                user=request.user,
                title=data["title"],
                upload=data.get("file"),
                text=data.get("text") or "",
            )
        except ValidationError as exc:
            # The error goes beside the input it is about, which gets the focus.
            field = "file" if data.get("file") else "text"
            form.add_error(field, errors_text(exc))
            form.fields[field].widget.attrs["autofocus"] = True
        else:
            count = submission.proposals.count()
            if not count:
                messages.warning(request, services.NOTHING_FOUND)
                return redirect("intake:review")
            messages.success(
                request,
                _("Read “%(title)s”: %(n)s proposals to review.")
                % {"title": submission.document.title, "n": count},
            )
            return redirect("intake:review")
    return render(request, "intake/upload.html", {"form": form})


@require_POST
@login_required
def upload_many(request: HttpRequest) -> HttpResponse:
    """Many files at once: read in the background, one job; its page lists each file."""
    require(request.user, "intake.submit")
    files = request.FILES.getlist("files")
    if not files:
        messages.error(request, _("Choose one or more files."))
        return redirect("intake:upload")
    if len(files) > MAX_FILES:
        messages.error(request, _("At most %(n)s files at once.") % {"n": MAX_FILES})
        return redirect("intake:upload")
    job = job_services.job_start(
        user=request.user,
        kind=job_services.Kind.INGEST,
        title=ngettext("%(n)s file", "%(n)s files", len(files)) % {"n": len(files)},
        task=tasks.ingest_files,
        uploads=files,
    )
    return redirect("jobs:detail", pk=job.pk)


def _proposal(pk: int) -> Proposal:
    proposal = Proposal.objects.select_related("submission__document").filter(pk=pk).first()
    if proposal is None:
        raise Http404(_("No proposal with number %(pk)s.") % {"pk": pk})
    return proposal


@require_POST
@login_required
def decide(request: HttpRequest, pk: int) -> HttpResponse:
    """Accept (with the reviewer's edits) or reject one proposal."""
    proposal = _proposal(pk)
    try:
        if request.POST.get("decision") == "reject":
            services.proposal_reject(user=request.user, proposal=proposal)
            messages.success(request, _("Proposal rejected."))
        else:
            edits: dict[str, Any] = {
                field: request.POST[field].strip()
                for field in EDITABLE.get(proposal.kind, ())
                if field in request.POST
            }
            if "areas-shown" in request.POST:  # each proposed area is a checkbox
                edits["areas"] = request.POST.getlist("areas")
            services.proposal_accept(user=request.user, proposal=proposal, edits=edits)
            messages.success(request, _("Accepted: the registry now holds it."))
    except ValidationError as exc:
        messages.error(request, errors_text(exc))
    return redirect("intake:review")

"""The clearance page of an agreement and its three forms: start, decide a step, resubmit.

Each form posts and comes back to the page (it works without JavaScript); a refusal is shown
on the page with status 422 and nothing written.
"""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from mitra.clearance import selectors, services
from mitra.clearance.forms import DecideForm
from mitra.core.forms import add_service_errors


def _version_number(request: HttpRequest, name: str) -> int | None:
    raw = request.GET.get(name, "")
    return int(raw) if raw.isdigit() and len(raw) < 9 else None


def _page(
    request: HttpRequest,
    pk: int,
    form: DecideForm | None = None,
    status: int = 200,
    errors: list[str] | None = None,
) -> HttpResponse:
    page = selectors.clearance_page(
        user=request.user,
        pk=pk,
        old=_version_number(request, "old"),
        new=_version_number(request, "new"),
    )
    form = form or DecideForm()
    form.set_targets([(s.order, s.name) for s in page.return_targets])
    context = {"page": page, "form": form, "errors": errors or []}
    return render(request, "clearance/page.html", context, status=status)


@require_GET
@login_required
def clearance_page(request: HttpRequest, pk: int) -> HttpResponse:
    return _page(request, pk)


def _act(request: HttpRequest, pk: int, service: Any, done: str) -> HttpResponse:
    """Run a service that takes only the user and the agreement; say it was done, or show why
    it was refused (422, nothing written)."""
    agreement = selectors.agreement_for_clearance(user=request.user, pk=pk)
    try:
        service(user=request.user, agreement=agreement)
    except ValidationError as exc:
        return _page(request, pk, status=422, errors=[str(m) for m in exc.messages])
    messages.success(request, done)
    return redirect("clearance:page", pk=pk)


@require_POST
@login_required
def clearance_start(request: HttpRequest, pk: int) -> HttpResponse:
    done = _("Clearance started; the first step's assignees are told.")
    return _act(request, pk, services.clearance_start, done)


@require_POST
@login_required
def clearance_resubmit(request: HttpRequest, pk: int) -> HttpResponse:
    return _act(
        request, pk, services.clearance_resubmit, _("Resubmitted; the step's assignees are told.")
    )


@require_POST
@login_required
def step_decide(request: HttpRequest, pk: int) -> HttpResponse:
    agreement = selectors.agreement_for_clearance(user=request.user, pk=pk)
    form = DecideForm(request.POST)
    if not form.is_valid():
        return _page(request, pk, form, status=422)
    data = form.cleaned_data
    try:
        if data["decision"] == "approve":
            services.step_approve(user=request.user, agreement=agreement, comment=data["comment"])
            messages.success(request, _("Step approved."))
        else:
            services.step_return(
                user=request.user,
                agreement=agreement,
                comment=data["comment"],
                back_to=data["back_to"],
            )
            messages.success(request, _("Returned for revision; the drafter is told."))
    except ValidationError as exc:
        add_service_errors(form, exc)
        return _page(request, pk, form, status=422)
    return redirect("clearance:page", pk=pk)

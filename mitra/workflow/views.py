"""Obligations (add one, see an occurrence, mark it done with its evidence), an agreement's
reminder thresholds, and muting an item's reminders."""

from __future__ import annotations

import re

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from mitra.agreements import selectors as agreement_selectors
from mitra.core.forms import add_service_errors
from mitra.core.http import next_url
from mitra.core.permissions import can, require
from mitra.meetings import selectors as meeting_selectors
from mitra.workflow import selectors, services
from mitra.workflow.forms import DoneForm, ObligationForm, ThresholdsForm
from mitra.workflow.models import Occurrence

# What a user may mute: an agreement, an obligation, a follow-up, an activity, an indicator.
ITEM = re.compile(r"^(agreement|obligation|followup|activity|indicator):[0-9]{1,18}$")


def _done_form(request: HttpRequest, occurrence: object, data: object = None) -> DoneForm | None:
    agreement = occurrence.obligation.agreement  # type: ignore[attr-defined]
    if agreement is None:  # a liaison duty: done in the liaison, not with this form
        return None
    return DoneForm(
        data,  # type: ignore[arg-type]
        meetings=meeting_selectors.meetings_about(user=request.user, agreement=agreement),
        documents=agreement.documents.all(),
    )


def _occurrence_page(
    request: HttpRequest, occurrence: object, form: DoneForm | None, status: int = 200
) -> HttpResponse:
    context = {
        "occurrence": occurrence,
        "form": form,
        "may_complete": can(request.user, "obligation.complete", occurrence)
        and not occurrence.obligation.is_liaison,  # type: ignore[attr-defined]
        "is_open": occurrence.status == Occurrence.Status.OPEN,  # type: ignore[attr-defined]
        "muted": selectors.is_muted(
            user=request.user,
            item=f"obligation:{occurrence.obligation_id}",  # type: ignore[attr-defined]
        ),
    }
    return render(request, "workflow/occurrence.html", context, status=status)


@require_GET
@login_required
def occurrence_detail(request: HttpRequest, pk: int) -> HttpResponse:
    occurrence = selectors.occurrence_get(user=request.user, pk=pk)
    return _occurrence_page(request, occurrence, _done_form(request, occurrence))


@require_POST
@login_required
def occurrence_done(request: HttpRequest, pk: int) -> HttpResponse:
    occurrence = selectors.occurrence_get(user=request.user, pk=pk)
    require(request.user, "obligation.complete", occurrence)
    form = _done_form(request, occurrence, request.POST)
    if form is None:
        messages.error(request, services.DONE_IN_LIAISON)
        return redirect(occurrence.get_absolute_url())
    if form.is_valid():
        try:
            services.occurrence_done(
                user=request.user,
                occurrence=occurrence,
                done_on=form.cleaned_data["done_on"],
                meeting=form.cleaned_data["meeting"],
                document=form.cleaned_data["document"],
            )
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, _("Marked done, with its evidence."))
            return redirect(next_url(request, occurrence.get_absolute_url()))
    occurrence.refresh_from_db()
    return _occurrence_page(request, occurrence, form, status=422)


@require_http_methods(["GET", "POST"])
@login_required
def obligation_create(request: HttpRequest, pk: int) -> HttpResponse:
    agreement = agreement_selectors.agreement_get(user=request.user, pk=pk)
    require(request.user, "agreement.change", agreement)
    form = ObligationForm(request.POST or None, units=meeting_selectors.unit_options())
    if request.method == "POST" and form.is_valid():
        try:
            services.obligation_create(user=request.user, agreement=agreement, **form.cleaned_data)
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, _("Obligation added, with its due dates."))
            return redirect(agreement.get_absolute_url() + "#obligations")
    context = {
        "form": form,
        "heading": _("New obligation under %(agreement)s") % {"agreement": agreement},
        "cancel_url": agreement.get_absolute_url(),
    }
    return render(request, "core/form.html", context, status=422 if form.errors else 200)


@require_http_methods(["GET", "POST"])
@login_required
def agreement_reminders(request: HttpRequest, pk: int) -> HttpResponse:
    agreement = agreement_selectors.agreement_get(user=request.user, pk=pk)
    require(request.user, "agreement.change", agreement)
    current = selectors.thresholds_of(agreement=agreement)
    form = ThresholdsForm(
        request.POST or None,
        initial={"expiry_days": current[0], "notice_days": current[1]},
    )
    if request.method == "POST" and form.is_valid():
        try:
            services.agreement_reminders_set(
                user=request.user, agreement=agreement, **form.cleaned_data
            )
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, _("Reminder thresholds saved."))
            return redirect(agreement)
    context = {
        "form": form,
        "heading": _("Reminders for %(agreement)s") % {"agreement": agreement},
        "intro": _("Days before the date, separated by commas; 0 is the day itself."),
        "cancel_url": agreement.get_absolute_url(),
    }
    return render(request, "core/form.html", context, status=422 if form.errors else 200)


@require_POST
@login_required
def mute(request: HttpRequest) -> HttpResponse:
    item = request.POST.get("item", "")
    if not ITEM.match(item):
        raise Http404(_("Nothing to mute."))
    muted = request.POST.get("muted") == "1"
    services.mute_set(user=request.user, item=item, muted=muted)
    messages.success(
        request, _("Reminders muted for you.") if muted else _("Reminders on again for you.")
    )
    return redirect(next_url(request, "/inbox/"))

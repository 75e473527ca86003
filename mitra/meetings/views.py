from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse, QueryDict
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from mitra.core import history
from mitra.core.forms import add_service_errors, errors_text
from mitra.core.http import HtmxHttpRequest, next_url
from mitra.core.permissions import can, require
from mitra.meetings import selectors, services
from mitra.meetings.forms import DueDateForm, FollowUpStatusForm, MeetingForm, row_formsets
from mitra.meetings.models import FollowUp, Meeting, Participant

PAGE_SIZE = 50


def _meeting(request: HttpRequest, pk: int) -> Meeting:
    return selectors.meeting_get(user=request.user, pk=pk)


def _followup(request: HttpRequest, pk: int) -> FollowUp:
    return selectors.followup_get(user=request.user, pk=pk)


@require_GET
@login_required
def meeting_list(request: HtmxHttpRequest) -> HttpResponse:
    q = request.GET.get("q", "").strip()
    kind = request.GET.get("kind", "")
    kind = kind if kind in Meeting.Kind.values else ""
    partner = request.GET.get("partner", "").strip()
    year_text = request.GET.get("year", "")
    year = int(year_text) if year_text.isdigit() and len(year_text) == 4 else None
    qs = selectors.meeting_list(user=request.user, q=q, kind=kind, partner=partner, year=year)
    page = Paginator(qs, PAGE_SIZE).get_page(request.GET.get("page"))
    context = {
        "page": page,
        "q": q,
        "kind": kind,
        "partner": partner,
        "year": year_text,
        "kinds": Meeting.Kind.choices,
    }
    template = "meetings/list.html#results" if request.htmx else "meetings/list.html"
    return render(request, template, context)


@require_GET
@login_required
def meeting_detail(request: HttpRequest, pk: int) -> HttpResponse:
    meeting = _meeting(request, pk)
    entries = []
    if can(request.user, "history.view"):
        entries = history.merged(
            history.entries(meeting.history.all(), str(_("Meeting"))),
            history.entries(
                Participant.history.filter(meeting_id=meeting.pk), str(_("Participant"))
            ),
            history.entries(FollowUp.history.filter(meeting_id=meeting.pk), str(_("Follow-up"))),
        )
    context = {
        "meeting": meeting,
        "history": entries,
        "statuses": FollowUp.Status.choices,
        "units": selectors.units(user=request.user),
    }
    return render(request, "meetings/detail.html", context)


def _filled(formset: Any, row: Any) -> list[Any]:
    """The rows a person filled in, as the service's input type (empty new rows are left out)."""
    return [row(**f.cleaned_data) for f in formset.forms if f.has_changed() and f.cleaned_data]


def _with_one_more_row(data: QueryDict, prefix: str) -> QueryDict:
    data = data.copy()
    key = f"{prefix}-TOTAL_FORMS"
    data[key] = str(int(data.get(key) or 0) + 1)
    return data


@require_http_methods(["GET", "POST"])
@login_required
def meeting_create(request: HttpRequest) -> HttpResponse:
    """One form for the meeting, who took part and what follows, saved together or not at all."""
    require(request.user, "meeting.change")
    agreements = selectors.agreement_options(user=request.user)
    initial: dict[str, Any] = {"date": None}
    code = request.GET.get("partner", "").strip()
    partner = selectors.partner_options().filter(code__iexact=code).first() if code else None
    if partner:
        initial["partners"] = [partner.pk]
        initial["agreements"] = [a.pk for a in agreements.filter(parties__partner=partner)]
    data: QueryDict | None = request.POST if request.method == "POST" else None
    more = request.POST.get("more") if data else None
    if more in ("participants", "followups"):
        data = _with_one_more_row(request.POST, more)
    form = MeetingForm(data, initial=initial, agreements=agreements)
    people, todo = row_formsets(data)
    # Validate all three, so every problem shows at once; save only when all are valid.
    if data is not None and not more and all([form.is_valid(), people.is_valid(), todo.is_valid()]):
        try:
            meeting = services.meeting_create(
                user=request.user,
                participants=_filled(people, services.ParticipantIn),
                followups=_filled(todo, services.FollowUpIn),
                **form.fields_data(),
                **form.links(),
            )
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, _("Meeting recorded."))
            return redirect(meeting)
    context = {"form": form, "people": people, "todo": todo}
    return render(request, "meetings/form.html", context)


@require_http_methods(["GET", "POST"])
@login_required
def meeting_edit(request: HttpRequest, pk: int) -> HttpResponse:
    meeting = _meeting(request, pk)
    require(request.user, "meeting.change", meeting)
    agreements = selectors.agreement_options(user=request.user)
    data: QueryDict | None = request.POST if request.method == "POST" else None
    more = request.POST.get("more") if data else None
    if more == "participants":
        data = _with_one_more_row(request.POST, more)
    form = MeetingForm(data, instance=meeting, agreements=agreements)
    initial = [
        {
            "name": p.name,
            "role_title": p.role_title,
            "side": p.side,
            "partner": p.partner,
            "unit": p.unit,
        }
        for p in meeting.participants.all()
    ]
    people, _todo = row_formsets(data, participants=1, initial_participants=initial)
    if data is not None and not more and all([form.is_valid(), people.is_valid()]):
        try:
            services.meeting_update(
                user=request.user,
                meeting=meeting,
                participants=_participants_all(people),
                **form.fields_data(),
                **form.links(),
            )
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, _("Changes saved."))
            return redirect(meeting)
    context = {"form": form, "people": people, "meeting": meeting}
    return render(request, "meetings/form.html", context)


def _participants_all(formset: Any) -> list[services.ParticipantIn]:
    """On edit every filled row is the list, changed or not."""
    return [
        services.ParticipantIn(**{k: v for k, v in f.cleaned_data.items() if k != "DELETE"})
        for f in formset.forms
        if f.cleaned_data and f.cleaned_data.get("name") and not f.cleaned_data.get("DELETE")
    ]


@require_POST
@login_required
def meeting_archive(request: HttpRequest, pk: int) -> HttpResponse:
    meeting = _meeting(request, pk)
    restore = bool(request.POST.get("restore"))
    services.meeting_archive(user=request.user, meeting=meeting, restore=restore)
    messages.success(
        request,
        _("Meeting restored.")
        if restore
        else _("Meeting archived. Its record and history are kept."),
    )
    return redirect(meeting)


@require_POST
@login_required
def followup_add(request: HttpRequest, pk: int) -> HttpResponse:
    meeting = _meeting(request, pk)
    require(request.user, "meeting.change", meeting)
    _people, todo = row_formsets(request.POST, followups=1)
    if todo.is_valid():
        try:
            for item in _filled(todo, services.FollowUpIn):
                services.followup_add(user=request.user, meeting=meeting, item=item)
        except ValidationError as exc:
            messages.error(request, errors_text(exc))
        else:
            messages.success(request, _("Follow-up added."))
    else:
        messages.error(request, errors_text(todo))
    return redirect(meeting)


@require_POST
@login_required
def followup_status(request: HtmxHttpRequest, pk: int) -> HttpResponse:
    """Mark a follow-up done, dropped or open; with htmx only its row comes back."""
    followup = _followup(request, pk)
    require(request.user, "followup.change", followup)
    form = FollowUpStatusForm(request.POST)
    error = ""
    if form.is_valid():
        try:
            services.followup_set_status(
                user=request.user,
                followup=followup,
                status=form.cleaned_data["status"],
                note=form.cleaned_data["note"],
            )
        except ValidationError as exc:
            error = errors_text(exc)
    else:
        error = errors_text(form)
    if request.htmx:
        context = {
            "f": _followup(request, pk),
            "statuses": FollowUp.Status.choices,
            "row_error": error,
            "show_meeting": request.POST.get("show_meeting") == "1",
        }
        return render(request, "meetings/_followup_row.html", context)
    if error:
        messages.error(request, error)
    else:
        messages.success(request, _("Follow-up updated."))
    return redirect(next_url(request, followup.get_absolute_url()))


@require_POST
@login_required
def followup_due(request: HttpRequest, pk: int) -> HttpResponse:
    followup = _followup(request, pk)
    # Refused before the form is read: a refusal must not depend on what was typed.
    require(request.user, "followup.change", followup)
    form = DueDateForm(request.POST)
    if not form.is_valid():
        messages.error(request, errors_text(form))
        return redirect(followup)
    try:
        services.followup_set_due_date(
            user=request.user, followup=followup, due_date=form.cleaned_data["due_date"]
        )
    except ValidationError as exc:
        messages.error(request, errors_text(exc))
    else:
        messages.success(request, _("Due date set."))
    return redirect(followup)


@require_GET
@login_required
def followup_list(request: HttpRequest) -> HttpResponse:
    """Follow-ups: my unit's by default; all of them, or only the overdue ones, on request."""
    scope = request.GET.get("scope", "mine")
    status = request.GET.get("status", FollowUp.Status.OPEN)
    status = status if status in FollowUp.Status.values else ""
    unit = request.user.unit if scope == "mine" else None  # type: ignore[union-attr]
    if scope == "mine" and unit is None:
        scope = "all"
    qs = selectors.followup_list(
        user=request.user,
        unit=unit,
        status=status,
        overdue_only=request.GET.get("overdue") == "1",
        undated_only=request.GET.get("undated") == "1",
    )
    page = Paginator(qs, PAGE_SIZE).get_page(request.GET.get("page"))
    context = {
        "page": page,
        "scope": scope,
        "status": status,
        "statuses": FollowUp.Status.choices,
        "overdue": request.GET.get("overdue") == "1",
        "undated": request.GET.get("undated") == "1",
        "unit": request.user.unit,  # type: ignore[union-attr]
    }
    return render(request, "meetings/followups.html", context)

"""The treaty record: the list with its filters and XLSX hand-off, one agreement's record with
its diplomatic notes and the foreign ministry's deadlines."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import formats, timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from mitra.core import workdays
from mitra.core.forms import add_service_errors
from mitra.core.permissions import can, require
from mitra.treaty import exports, selectors, services
from mitra.treaty.forms import DeadlineForm, FilterForm, NoteForm, TreatyForm
from mitra.treaty.schemas import NoteIn, TreatyIn

PAGE_SIZE = 50
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def _filtered(request: HttpRequest) -> tuple[FilterForm, Any]:
    form = FilterForm(request.GET)
    filters = form.cleaned_data if form.is_valid() else {}
    agreements = selectors.treaty_list(
        user=request.user,
        ratification=filters.get("ratification", ""),
        lodged=filters.get("lodged", ""),
        deadline=filters.get("deadline", ""),
    )
    return form, agreements


@require_GET
@login_required
def treaty_list(request: HttpRequest) -> HttpResponse:
    form, agreements = _filtered(request)
    page = Paginator(agreements, PAGE_SIZE).get_page(request.GET.get("page"))
    rows = [(a, selectors.record_of(a)) for a in page.object_list]
    query = request.GET.urlencode() if form.is_valid() else ""
    context = {"form": form, "rows": rows, "page": page, "query": query}
    return render(request, "treaty/list.html", context)


@require_GET
@login_required
def treaty_export(request: HttpRequest) -> HttpResponse:
    _form, agreements = _filtered(request)
    response = HttpResponse(exports.write_xlsx(agreements), content_type=XLSX)
    name = f"treaty-record-{timezone.localdate():%Y-%m-%d}.xlsx"
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    return response


def _page(
    request: HttpRequest,
    pk: int,
    *,
    form: TreatyForm | None = None,
    note_form: NoteForm | None = None,
    deadline_form: DeadlineForm | None = None,
    status: int = 200,
) -> HttpResponse:
    agreement, record = selectors.treaty_get(user=request.user, agreement_id=pk)
    if form is None:
        initial = {}
        if record is not None:
            initial = {
                "ratification": record.ratification,
                "instrument_number": record.instrument_number,
                "gazette_number": record.gazette_number,
                "lodged_on": record.lodged_on,
                "treaty_reference": record.treaty_reference,
            }
        form = TreatyForm(initial=initial)
    context = {
        "agreement": agreement,
        "record": record,
        "notes": list(record.notes.all()) if record else [],
        "deadlines": selectors.deadline_views(record),
        "may_change": can(request.user, "treaty.change", agreement),
        "form": form,
        "note_form": note_form or NoteForm(),
        "deadline_form": deadline_form or DeadlineForm(),
        "history": selectors.record_history(user=request.user, record=record),
        "holiday_source": workdays.SOURCE,
        "known_through": workdays.KNOWN_THROUGH,
    }
    return render(request, "treaty/record.html", context, status=status)


def _submit(
    request: HttpRequest,
    pk: int,
    form: Any,
    slot: str,
    write: Callable[[Any, dict[str, Any]], Any],
    done: Callable[[Any], str],
) -> HttpResponse:
    """One of the record page's forms posted: the officer's write, then back to the page; a
    refusal shows the page again with the form's messages (422) and nothing written."""
    agreement, _record = selectors.treaty_get(user=request.user, agreement_id=pk)
    require(request.user, "treaty.change", agreement)
    if form.is_valid():
        try:
            result = write(agreement, form.cleaned_data)
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, done(result))
            return redirect("treaty:record", pk=pk)
    return _page(request, pk, status=422, **{slot: form})


@require_http_methods(["GET", "POST"])
@login_required
def treaty_record(request: HttpRequest, pk: int) -> HttpResponse:
    if request.method == "GET":
        return _page(request, pk)
    return _submit(
        request,
        pk,
        TreatyForm(request.POST),
        "form",
        lambda agreement, data: services.treaty_record_set(
            user=request.user, agreement=agreement, data=TreatyIn(**data)
        ),
        lambda _r: _("Treaty record saved."),
    )


@require_POST
@login_required
def note_add(request: HttpRequest, pk: int) -> HttpResponse:
    return _submit(
        request,
        pk,
        NoteForm(request.POST),
        "note_form",
        lambda agreement, data: services.note_add(
            user=request.user, agreement=agreement, data=NoteIn(**data)
        ),
        lambda _r: _("Diplomatic note added."),
    )


@require_POST
@login_required
def deadline_add(request: HttpRequest, pk: int) -> HttpResponse:
    return _submit(
        request,
        pk,
        DeadlineForm(request.POST),
        "deadline_form",
        lambda agreement, data: services.deadline_add(
            user=request.user,
            agreement=agreement,
            kind=data["kind"],
            requested_on=data["requested_on"],
        ),
        lambda deadline: (
            _("Deadline recorded: due %(date)s.")
            % {"date": formats.date_format(deadline.due_date, "j F Y")}
        ),
    )

"""The health globalisation team: its page (members, meetings, policy items), a policy item
with the ministries' positions, and the officer's forms."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from mitra.core.forms import add_service_errors, errors_text
from mitra.core.permissions import can, require
from mitra.team import selectors, services
from mitra.team.forms import ItemForm, MemberForm, PersonForm, PositionForm
from mitra.team.schemas import PolicyItemIn


def _member_form(data: Any = None) -> MemberForm:
    return MemberForm(data, units=selectors.candidate_units())


def _person_form(data: Any = None) -> PersonForm:
    return PersonForm(data, members=selectors.active_members())


def _item_form(request: HttpRequest, data: Any = None, initial: Any = None) -> ItemForm:
    user = request.user
    return ItemForm(
        data,
        initial=initial,
        meetings=selectors.source_meetings(user=user),
        agreements=selectors.agreement_options(user=user),
        partners=selectors.partner_options(),
        followups=selectors.followup_options(user=user),
    )


@require_GET
@login_required
def team_page(request: HttpRequest) -> HttpResponse:
    page = selectors.team_page(user=request.user)
    may_change = can(request.user, "team.change")
    context = {
        "page": page,
        "may_change": may_change,
        "member_form": _member_form() if may_change else None,
        "person_form": _person_form() if may_change else None,
    }
    return render(request, "team/page.html", context)


def _roster_add(request: HttpRequest, form: Any, write: Callable[[], Any], done: str) -> Any:
    """The team page's small forms: add, or say why not; back to the page either way."""
    selectors.require_readable(request.user)
    require(request.user, "team.change")
    if not form.is_valid():
        messages.error(request, errors_text(form))
        return redirect("team:page")
    try:
        write()
    except ValidationError as exc:
        messages.error(request, errors_text(exc))
    else:
        messages.success(request, done)
    return redirect("team:page")


@require_POST
@login_required
def member_add(request: HttpRequest) -> HttpResponse:
    form = _member_form(request.POST)
    return _roster_add(
        request,
        form,
        lambda: services.member_add(user=request.user, unit=form.cleaned_data["unit"]),
        _("Member organisation added."),
    )


@require_POST
@login_required
def person_add(request: HttpRequest) -> HttpResponse:
    form = _person_form(request.POST)
    return _roster_add(
        request,
        form,
        lambda: services.person_add(
            user=request.user,
            member=form.cleaned_data["member"],
            name=form.cleaned_data["name"],
            role_title=form.cleaned_data["role_title"],
        ),
        _("Team member added."),
    )


def _save_item(request: HttpRequest, form: ItemForm, item: Any = None) -> Any:
    data = form.cleaned_data
    try:
        return services.item_save(
            user=request.user,
            item=item,
            data=PolicyItemIn(
                title=data["title"],
                description=data["description"],
                agreed_line=data["agreed_line"],
                source_meeting=data["source_meeting"],
                agreements=list(data["agreements"]),
                partners=list(data["partners"]),
                followups=list(data["followups"]),
            ),
        )
    except ValidationError as exc:
        add_service_errors(form, exc)
        return None


@require_http_methods(["GET", "POST"])
@login_required
def item_create(request: HttpRequest) -> HttpResponse:
    selectors.require_readable(request.user)
    require(request.user, "team.change")
    form = _item_form(request, request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        item = _save_item(request, form)
        if item is not None:
            messages.success(request, _("Policy item saved."))
            return redirect(item.get_absolute_url())
    status = 422 if request.method == "POST" else 200
    return render(request, "team/item_form.html", {"form": form, "item": None}, status=status)


@require_http_methods(["GET", "POST"])
@login_required
def item_edit(request: HttpRequest, pk: int) -> HttpResponse:
    item = selectors.item_get(user=request.user, pk=pk)
    require(request.user, "team.change")
    initial = {
        "title": item.title,
        "description": item.description,
        "agreed_line": item.agreed_line,
        "source_meeting": item.source_meeting,
        "agreements": list(item.agreements.all()),
        "partners": list(item.partners.all()),
        "followups": list(item.followups.all()),
    }
    form = _item_form(request, request.POST if request.method == "POST" else None, initial)
    if request.method == "POST" and form.is_valid() and _save_item(request, form, item):
        messages.success(request, _("Policy item saved."))
        return redirect(item.get_absolute_url())
    status = 422 if request.method == "POST" else 200
    return render(request, "team/item_form.html", {"form": form, "item": item}, status=status)


def _item_page(
    request: HttpRequest, item: Any, form: PositionForm | None = None, status: int = 200
) -> HttpResponse:
    may_change = can(request.user, "team.change")
    context = {
        "item": item,
        "may_change": may_change,
        "position_form": form
        or (PositionForm(members=selectors.active_members()) if may_change else None),
        "history": selectors.item_history(user=request.user, item=item),
    }
    return render(request, "team/item.html", context, status=status)


@require_GET
@login_required
def item_detail(request: HttpRequest, pk: int) -> HttpResponse:
    return _item_page(request, selectors.item_get(user=request.user, pk=pk))


@require_POST
@login_required
def position_set(request: HttpRequest, pk: int) -> HttpResponse:
    item = selectors.item_get(user=request.user, pk=pk)
    require(request.user, "team.change")
    form = PositionForm(request.POST, members=selectors.active_members())
    if form.is_valid():
        try:
            services.position_set(
                user=request.user,
                item=item,
                member=form.cleaned_data["member"],
                text=form.cleaned_data["text"],
            )
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, _("Position recorded."))
            return redirect(item.get_absolute_url())
    return _item_page(request, item, form, status=422)

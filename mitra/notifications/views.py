"""/notifications/: the user's notifications, marking them read, and their e-mail choices."""

from __future__ import annotations

from django.contrib import messages as flash
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from mitra.core.http import HtmxHttpRequest, next_url
from mitra.notifications import messages, selectors, services
from mitra.notifications.models import Kind, Mode, Notification

PAGE_SIZE = 50


def _rows(page: list[Notification]) -> list[dict]:
    return [
        {"note": n, "text": messages.subject(n.kind, n.params), "kind": n.get_kind_display()}
        for n in page
    ]


@require_GET
@login_required
def notification_list(request: HtmxHttpRequest) -> HttpResponse:
    page = Paginator(selectors.notifications_for(user=request.user), PAGE_SIZE).get_page(
        request.GET.get("page")
    )
    context = {
        "page": page,
        "rows": _rows(list(page.object_list)),
        "unread": selectors.unread_count(user=request.user),
        "preferences": selectors.preferences_for(user=request.user),
        "modes": Mode.choices,
    }
    return render(request, "notifications/list.html", context)


@require_POST
@login_required
def notification_read(request: HtmxHttpRequest, pk: int) -> HttpResponse:
    try:
        note = services.notification_mark_read(user=request.user, pk=pk)
    except Notification.DoesNotExist as exc:
        raise Http404(_("No such notification.")) from exc
    if request.htmx:
        context = {
            "row": _rows([note])[0],
            "unread": selectors.unread_count(user=request.user),
        }
        return render(request, "notifications/_row.html", context)
    return redirect(next_url(request, "/notifications/"))


@require_POST
@login_required
def notification_read_all(request: HtmxHttpRequest) -> HttpResponse:
    n = services.notifications_mark_all_read(user=request.user)
    flash.success(request, _("%(n)d notification(s) marked read.") % {"n": n})
    return redirect(next_url(request, "/notifications/"))


@require_POST
@login_required
def preferences(request: HtmxHttpRequest) -> HttpResponse:
    choices = {kind: request.POST[kind] for kind in Kind.values if kind in request.POST}
    try:
        services.preferences_set(user=request.user, choices=choices)
    except ValidationError as exc:
        for message in exc.messages:
            flash.error(request, message)
        return redirect("/notifications/#preferences")
    flash.success(request, _("Your e-mail choices are saved."))
    return redirect("/notifications/#preferences")

"""A record's comments (a page of their own, also loaded into the record's page with htmx),
posting and correcting them, and the open questions."""

from __future__ import annotations

from typing import Any

from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from mitra.comments import selectors, services
from mitra.comments.forms import CommentForm, EditForm
from mitra.comments.models import EDIT_WINDOW
from mitra.core.errors import NotAllowed, NotFound
from mitra.core.forms import add_service_errors
from mitra.core.http import HtmxHttpRequest
from mitra.core.permissions import can
from mitra.partners import selectors as partner_selectors


def _context(request: HtmxHttpRequest, kind: str, target: Any, form: Any = None) -> dict:
    return {
        "kind": kind,
        "target": target,
        "title": selectors.title_of(kind, target),
        "comments": selectors.thread(user=request.user, kind=kind, target=target),
        "form": form or CommentForm(),
        "may_post": can(request.user, "comment.post"),
    }


def _page(request: HtmxHttpRequest, context: dict, status: int = 200) -> HttpResponse:
    # htmx swaps only 2xx answers: the thread with the form's messages comes back as 200.
    if request.htmx:
        return render(request, "comments/thread.html#thread", context)
    return render(request, "comments/thread.html", context, status=status)


@require_GET
@login_required
def thread(request: HtmxHttpRequest, kind: str, pk: int) -> HttpResponse:
    target = selectors.target_get(user=request.user, kind=kind, pk=pk)
    return _page(request, _context(request, kind, target))


@require_POST
@login_required
def post(request: HtmxHttpRequest, kind: str, pk: int) -> HttpResponse:
    target = selectors.target_get(user=request.user, kind=kind, pk=pk)
    form = CommentForm(request.POST)
    try:
        if not form.is_valid():
            raise ValidationError(form.errors.as_data())
        parent_pk = form.cleaned_data["parent"]
        parent = selectors.comment_get(user=request.user, pk=parent_pk) if parent_pk else None
        comment = services.comment_post(
            user=request.user,
            kind=kind,
            target=target,
            body=form.cleaned_data["body"],
            parent=parent,
            is_question=form.cleaned_data["is_question"],
        )
    except ValidationError as exc:
        form = CommentForm(request.POST)
        form.is_valid()
        form.errors.clear()
        add_service_errors(form, exc)
        return _page(request, _context(request, kind, target, form), status=422)
    if request.htmx:
        return _page(request, _context(request, kind, target))
    return redirect(comment.get_absolute_url())


@require_http_methods(["GET", "POST"])
@login_required
def edit(request: HtmxHttpRequest, pk: int) -> HttpResponse:
    comment = selectors.comment_get(user=request.user, pk=pk)
    if comment.author_id != request.user.pk:
        raise NotAllowed(services.NOT_YOURS)
    form = EditForm(request.POST or None, initial={"body": comment.body})
    status = 200
    if request.method == "POST":
        try:
            if not form.is_valid():
                raise ValidationError(form.errors.as_data())
            services.comment_edit(
                user=request.user, comment=comment, body=form.cleaned_data["body"]
            )
        except ValidationError as exc:
            form.errors.clear()
            add_service_errors(form, exc)
            status = 422
        else:
            return redirect(comment.get_absolute_url())
    context = {"comment": comment, "form": form, "minutes": EDIT_WINDOW.seconds // 60}
    return render(request, "comments/edit.html", context, status=status)


@require_POST
@login_required
def answer(request: HtmxHttpRequest, pk: int) -> HttpResponse:
    comment = selectors.comment_get(user=request.user, pk=pk)
    services.question_answer(user=request.user, comment=comment)
    return redirect(comment.get_absolute_url())


@require_GET
@login_required
def questions(request: HtmxHttpRequest) -> HttpResponse:
    """The open questions, all of them or one partner's (`?partner=KAZ`)."""
    if not can(request.user, "comment.read"):
        raise NotFound(_("Comments are read by government users only."))
    code = request.GET.get("partner", "").strip()
    partner = partner_selectors.partner_get(user=request.user, code=code) if code else None
    items = selectors.open_questions(user=request.user, partner=partner)[:200]
    return render(request, "comments/questions.html", {"partner": partner, "questions": items})

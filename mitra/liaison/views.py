"""The liaison pages: the directory with the notices, contact points, notices, the exports."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from mitra.core import history
from mitra.core.csv import download
from mitra.core.errors import NotFound
from mitra.core.forms import add_service_errors, errors_text
from mitra.core.permissions import can, require
from mitra.liaison import exports, selectors, services
from mitra.liaison.forms import AcknowledgeForm, ContactForm, NoticeForm, TestForm
from mitra.partners import selectors as partner_selectors

RECENT_NOTICES = 100
PAGE_SIZE = 50


def _view(request: HttpRequest) -> None:
    if not can(request.user, "liaison.view"):
        raise NotFound


def _partner_asked(request: HttpRequest) -> Any:
    """The partner a link asks a form to start with (?partner=KAZ), or None."""
    code = request.GET.get("partner", "").strip()
    return partner_selectors.find_by_code(user=request.user, code=code) if code else None


@require_GET
@login_required
def index(request: HttpRequest) -> HttpResponse:
    _view(request)
    # A page of partners (at scale 100 there are 50,000); the XLSX and PDF keep them all.
    partners = selectors.directory_partners(user=request.user)
    page = Paginator(partners, PAGE_SIZE).get_page(request.GET.get("page"))
    context = {
        "page": page,
        "rows": selectors.directory(user=request.user, partners=page.object_list),
        "notices": selectors.notice_list(user=request.user)[:RECENT_NOTICES],
    }
    return render(request, "liaison/index.html", context)


@require_http_methods(["GET", "POST"])
@login_required
def contact_create(request: HttpRequest) -> HttpResponse:
    _view(request)
    require(request.user, "liaison.change")
    partner = _partner_asked(request)
    initial = {"partner": partner, "role": "ihr_nfp" if partner else "own"}
    form = ContactForm(
        request.POST or None, initial=initial, partners=partner_selectors.partner_choices()
    )
    if request.method == "POST" and form.is_valid():
        try:
            services.contact_create(user=request.user, data=form.to_input())
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, _("Contact point added."))
            return redirect("liaison:index")
    return render(
        request,
        "core/form.html",
        {
            "form": form,
            "heading": _("Add a contact point"),
            "cancel_url": "/liaison/",
        },
    )


@require_http_methods(["GET", "POST"])
@login_required
def contact_edit(request: HttpRequest, pk: int) -> HttpResponse:
    contact = selectors.contact_get(user=request.user, pk=pk)
    require(request.user, "liaison.change")
    initial = {f: getattr(contact, f) for f in ContactForm.base_fields}
    form = ContactForm(
        request.POST or None, initial=initial, partners=partner_selectors.partner_choices()
    )
    if request.method == "POST" and form.is_valid():
        try:
            services.contact_update(user=request.user, contact=contact, data=form.to_input())
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, _("Contact point saved."))
            return redirect("liaison:index")
    entries = []
    if can(request.user, "history.view"):
        entries = history.entries(contact.history.all(), str(_("Contact point")))
    return render(
        request,
        "liaison/contact_form.html",
        {
            "form": form,
            "heading": _("Edit contact point"),
            "cancel_url": "/liaison/",
            "history": entries,
        },
    )


@require_POST
@login_required
def contact_verify(request: HttpRequest, pk: int) -> HttpResponse:
    contact = selectors.contact_get(user=request.user, pk=pk)
    services.contact_verify(user=request.user, contact=contact)
    messages.success(request, _("Recorded as verified today: %(office)s.") % {"office": contact})
    return redirect("liaison:index")


@require_POST
@login_required
def contact_archive(request: HttpRequest, pk: int) -> HttpResponse:
    contact = selectors.contact_get(user=request.user, pk=pk)
    services.contact_archive(user=request.user, contact=contact)
    messages.success(request, _("Contact point archived: %(office)s.") % {"office": contact})
    return redirect("liaison:index")


@require_http_methods(["GET", "POST"])
@login_required
def test_record(request: HttpRequest) -> HttpResponse:
    _view(request)
    require(request.user, "liaison.change")
    partner = _partner_asked(request)
    form = TestForm(
        request.POST or None,
        initial={"partner": partner},
        partners=partner_selectors.partner_choices(),
    )
    if request.method == "POST" and form.is_valid():
        try:
            test = services.test_record(user=request.user, data=form.to_input())
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            if test.failed:
                messages.warning(
                    request, _("Failed test recorded: the test stays due until one gets through.")
                )
            else:
                messages.success(request, _("Communication test recorded."))
            return redirect("liaison:index")
    return render(
        request,
        "core/form.html",
        {
            "form": form,
            "heading": _("Record a communication test"),
            "cancel_url": "/liaison/",
        },
    )


def _notice_form(request: HttpRequest, initial: dict[str, Any]) -> NoticeForm:
    return NoticeForm(
        request.POST or None,
        initial=initial,
        partners=partner_selectors.partner_choices(),
        contacts=selectors.contact_choices(user=request.user),
    )


@require_http_methods(["GET", "POST"])
@login_required
def notice_create(request: HttpRequest) -> HttpResponse:
    _view(request)
    require(request.user, "liaison.notice")
    partner = _partner_asked(request)
    form = _notice_form(request, {"partner": partner, "sent_at": timezone.localtime()})
    if request.method == "POST" and form.is_valid():
        try:
            notice = services.notice_log(user=request.user, data=form.to_input())
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, _("Notice logged."))
            return redirect(notice)
    return render(
        request,
        "core/form.html",
        {"form": form, "heading": _("Log a notice"), "cancel_url": "/liaison/"},
    )


@require_http_methods(["GET", "POST"])
@login_required
def notice_correct(request: HttpRequest, pk: int) -> HttpResponse:
    notice = selectors.notice_get(user=request.user, pk=pk)
    require(request.user, "liaison.notice")
    fields = ("kind", "direction", "severity", "event", "text", "from_contact", "to_contact")
    initial: dict[str, Any] = {f: getattr(notice, f) for f in fields}
    initial.update(partner=notice.partner, sent_at=timezone.localtime())
    form = _notice_form(request, initial)
    if request.method == "POST" and form.is_valid():
        try:
            correction = services.notice_correct(
                user=request.user, notice=notice, data=form.to_input()
            )
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, _("Correction logged; the original notice stays as sent."))
            return redirect(correction)
    return render(
        request,
        "core/form.html",
        {
            "form": form,
            "heading": _("Correct “%(event)s”") % {"event": notice.event},
            "intro": _(
                "The notice stays as it was sent; the correction is a new notice linked to it."
            ),
            "cancel_url": notice.get_absolute_url(),
        },
    )


@require_GET
@login_required
def notice_detail(request: HttpRequest, pk: int) -> HttpResponse:
    notice = selectors.notice_get(user=request.user, pk=pk)
    entries = []
    if can(request.user, "history.view"):
        entries = history.entries(notice.history.all(), str(_("Notice")))
    context = {
        "notice": notice,
        "corrections": selectors.notice_corrections(notice=notice),
        "ack_form": AcknowledgeForm(),
        "history": entries,
    }
    return render(request, "liaison/notice.html", context)


@require_POST
@login_required
def notice_acknowledge(request: HttpRequest, pk: int) -> HttpResponse:
    notice = selectors.notice_get(user=request.user, pk=pk)
    form = AcknowledgeForm(request.POST)
    if not form.is_valid():
        messages.error(request, errors_text(form))
        return redirect(notice)
    try:
        notice = services.notice_acknowledge(
            user=request.user, notice=notice, at=form.cleaned_data["acknowledged_at"]
        )
    except ValidationError as exc:
        messages.error(request, errors_text(exc))
    else:
        if notice.ack_late:
            messages.warning(request, _("Acknowledgement recorded as late."))
        else:
            messages.success(request, _("Acknowledgement recorded."))
    return redirect(notice)


@require_GET
@login_required
def directory_xlsx(request: HttpRequest) -> HttpResponse:
    _view(request)
    rows = exports.directory_rows(selectors.directory(user=request.user))
    return download("liaison-directory", "xlsx", exports.headers(), rows)


@require_GET
@login_required
def directory_pdf(request: HttpRequest) -> HttpResponse:
    """The directory on A4 for the duty desk (WeasyPrint), in the user's language."""
    from weasyprint import HTML  # imported here: loading Pango costs ~0.3 s at start-up

    _view(request)
    context = {"rows": selectors.directory(user=request.user), "today": timezone.localdate()}
    html = render_to_string("liaison/directory_document.html", context, request=request)
    pdf = HTML(string=html, url_fetcher=exports.refuse_fetch).write_pdf()
    response = HttpResponse(pdf, content_type="application/pdf")
    filename = f"mitra-liaison-directory-{timezone.localdate():%Y%m%d}.pdf"
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from mitra.accounts import services, tokens, two_factor
from mitra.accounts.forms import ProfileForm
from mitra.accounts.models import ApiToken, User
from mitra.core.forms import add_service_errors
from mitra.core.http import next_url


class _SignedInRequest(HttpRequest):
    """A request past `login_required`: its user is a User, never the AnonymousUser."""

    user: User


@require_http_methods(["GET", "POST"])
@login_required
def profile(request: _SignedInRequest) -> HttpResponse:
    """The user's own page: name, e-mail and language; personal API tokens (created, shown
    once, revoked); links to change the password."""
    new_token = ""
    form = ProfileForm(
        initial={
            "first_name": request.user.first_name,
            "last_name": request.user.last_name,
            "email": request.user.email,
            "language": request.user.language,
        }
    )
    if request.method == "POST" and request.POST.get("profile"):
        form = ProfileForm(request.POST)
        if form.is_valid():
            try:
                services.profile_update(user=request.user, **form.cleaned_data)
            except ValidationError as exc:
                add_service_errors(form, exc)
            else:
                messages.success(request, _("Your profile is saved."))
                return redirect("profile")
        return _page(request, form, "", status=422)
    if request.method == "POST" and request.POST.get("revoke"):
        token = ApiToken.objects.filter(pk=request.POST["revoke"], user=request.user).first()
        if token is None:
            raise Http404(_("No such token."))
        tokens.token_revoke(user=request.user, token=token)
        messages.success(request, _("Token revoked: it no longer opens the API."))
        return redirect("profile")
    if request.method == "POST":
        _token, new_token = tokens.token_create(
            user=request.user, name=request.POST.get("name", "")
        )
    return _page(request, form, new_token)


def _page(
    request: _SignedInRequest, form: ProfileForm, new_token: str, status: int = 200
) -> HttpResponse:
    context = {
        "form": form,
        "tokens": ApiToken.objects.filter(user=request.user),
        "new_token": new_token,
        "calendar_url": request.build_absolute_uri("/calendar.ics"),
        "two_factor": two_factor.may_use(request.user),
    }
    return render(request, "accounts/profile.html", context, status=status)


def _after(request: HttpRequest) -> str:
    return next_url(request, reverse("home"))


@require_http_methods(["GET", "POST"])
@login_required
def otp_setup(request: _SignedInRequest) -> HttpResponse:
    """Set up an authenticator app: scan the code, type the first number it shows."""
    if not two_factor.may_use(request.user):
        raise Http404(_("Two-factor sign-in is for officers and administrators."))
    device = two_factor.totp_device_for_setup(user=request.user)
    error = ""
    if request.method == "POST":
        try:
            two_factor.totp_confirm(
                request=request, device=device, token=request.POST.get("token", "")
            )
        except ValidationError as exc:
            error = " ".join(exc.messages)
        else:
            messages.success(
                request, _("Two-factor sign-in is on: each sign-in will ask for a code.")
            )
            return redirect(_after(request))
    context = {
        "setup": True,
        "qr": two_factor.qr_data_uri(device),
        "secret": two_factor.secret_text(device),
        "error": error,
        "next": _after(request),
    }
    return render(request, "accounts/two_factor.html", context, status=422 if error else 200)


@require_http_methods(["GET", "POST"])
@login_required
def otp_verify(request: _SignedInRequest) -> HttpResponse:
    """The second step of signing in: the number the authenticator app shows now."""
    if not two_factor.pending(request):
        return redirect(_after(request))
    error = ""
    if request.method == "POST":
        try:
            two_factor.totp_verify(request=request, token=request.POST.get("token", ""))
        except ValidationError as exc:
            error = " ".join(exc.messages)
        else:
            return redirect(_after(request))
    context = {"setup": False, "error": error, "next": _after(request)}
    return render(request, "accounts/two_factor.html", context, status=422 if error else 200)

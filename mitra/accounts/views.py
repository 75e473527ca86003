from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from mitra.accounts import services, tokens
from mitra.accounts.forms import ProfileForm
from mitra.accounts.models import ApiToken, User
from mitra.core.forms import add_service_errors


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
    }
    return render(request, "accounts/profile.html", context, status=status)

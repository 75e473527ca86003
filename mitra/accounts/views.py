from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from mitra.accounts import tokens
from mitra.accounts.models import ApiToken, User


class _SignedInRequest(HttpRequest):
    """A request past `login_required`: its user is a User, never the AnonymousUser."""

    user: User


@require_http_methods(["GET", "POST"])
@login_required
def profile(request: _SignedInRequest) -> HttpResponse:
    """The user's own page: personal API tokens (created, shown once, revoked)."""
    new_token = ""
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
    context = {
        "tokens": ApiToken.objects.filter(user=request.user),
        "new_token": new_token,
        "calendar_url": request.build_absolute_uri("/calendar.ics"),
    }
    return render(request, "accounts/profile.html", context)

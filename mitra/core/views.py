from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_GET

from mitra.core import selectors
from mitra.insights import selectors as insight_selectors


@require_GET
@login_required
def home(request: HttpRequest) -> HttpResponse:
    context = {
        **selectors.home_summary(user=request.user),
        **insight_selectors.home_lists(user=request.user),
    }
    return render(request, "core/home.html", context)


def forbidden(request: HttpRequest, exception: Exception | None = None) -> HttpResponse:
    message = str(exception) if exception and str(exception) else ""
    return render(request, "403.html", {"message": message}, status=403)

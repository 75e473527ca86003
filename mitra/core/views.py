from __future__ import annotations

from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import render
from django.views.decorators.http import require_safe


def forbidden(request: HttpRequest, exception: Exception | None = None) -> HttpResponse:
    message = str(exception) if exception and str(exception) else ""
    return render(request, "403.html", {"message": message}, status=403)


@require_safe
def healthz(request: HttpRequest) -> JsonResponse:
    """A constant answer, touching neither the database nor a template: for load balancers,
    and the benchmark's baseline (the framework's own ceiling on this server)."""
    return JsonResponse({"ok": True})

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.formats import number_format
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_GET

from mitra.search import selectors
from mitra.search.models import SearchEntry

KIND_LABELS = [
    ("partner", _("Partners")),
    ("agreement", _("Agreements")),
    ("activity", _("Activities")),
    ("meeting", _("Meetings")),
    ("followup", _("Follow-ups")),
    ("document", _("Documents")),
]


@require_GET
@login_required
def search(request: HttpRequest) -> HttpResponse:
    q = request.GET.get("q", "").strip()[:200]
    kind = request.GET.get("type", "")
    kind = kind if kind in SearchEntry.Kind.values else ""
    partner = request.GET.get("partner", "").strip()[:40]
    hits = selectors.search(user=request.user, q=q, kind=kind, partner=partner) if q else []
    context = {
        "q": q,
        "kind": kind,
        "partner": partner,
        "hits": hits,
        "kinds": KIND_LABELS,
        "limit": selectors.LIMIT,
        "window": number_format(selectors.RANK_WINDOW, force_grouping=True),
    }
    return render(request, "search/results.html", context)

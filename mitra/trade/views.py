"""/trade/: import a trade file (synchronous, all rows or none) and the figures per product
group. A partner's own figures are shown on its page and in its brief (insights)."""

from __future__ import annotations

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from mitra.core.forms import errors_text
from mitra.core.permissions import require
from mitra.trade import groups, reading, selectors, services


def _context(request: HttpRequest, group_code: str = "") -> dict:
    group = groups.by_code(group_code) if group_code else None
    if group_code and group is None:
        raise Http404(_("No such product group."))
    group = group or groups.all_groups()[0]
    trade = selectors.group_trade(user=request.user, group=group.code)
    return {
        "groups": groups.all_groups(),
        "group": group,
        "trade": trade,
        "top": selectors.top_partners(user=request.user, group=group.code),
        "grouping_source": groups.source(),
        "template_headers": ", ".join(reading.TEMPLATE_HEADERS),
        "max_mb": settings.MAX_UPLOAD_MB,
    }


@require_GET
@login_required
def index(request: HttpRequest, group: str = "") -> HttpResponse:
    selectors.require_visible(request.user)
    if request.GET.get("download") == "template":
        response = HttpResponse(
            ",".join(reading.TEMPLATE_HEADERS) + "\n", content_type="text/csv; charset=utf-8"
        )
        response["Content-Disposition"] = 'attachment; filename="mitra-trade-template.csv"'
        return response
    return render(request, "trade/index.html", _context(request, group))


@require_POST
@login_required
def upload(request: HttpRequest) -> HttpResponse:
    """Check and import a trade file at once: the report names every bad row, or the counts."""
    selectors.require_visible(request.user)
    require(request.user, "trade.import")
    context = _context(request)
    file = request.FILES.get("file")
    if file is None:
        messages.error(request, _("Choose a file to import."))
        return render(request, "trade/index.html", context, status=400)
    try:
        reading.check_size(file.size or 0)  # before the upload is read into memory
        report = services.trade_import(
            user=request.user,
            data=file.read(),
            filename=file.name or "upload.csv",
            dry_run=request.POST.get("action") == "check",
        )
    except ValidationError as exc:
        messages.error(request, errors_text(exc))
        return render(request, "trade/index.html", context, status=400)
    context = _context(request)  # read again: the figures may have changed
    context.update(report=report, filename=file.name, checked=request.POST.get("action") == "check")
    return render(request, "trade/index.html", context, status=200 if report.ok else 400)

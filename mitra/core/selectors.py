"""The home page's summary of the portfolio (the full dashboard grows in insights/)."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.db.models import Count
from django.utils import timezone

from mitra.agreements import selectors as agreement_selectors
from mitra.agreements.models import Agreement
from mitra.partners.models import Partner


def home_summary(*, user: Any, today: dt.date | None = None) -> dict[str, Any]:
    """Counts by status, partners by kind, and agreements expiring in the next 180 days."""
    today = today or timezone.localdate()
    visible = agreement_selectors.with_current_status(
        agreement_selectors.visible_to(user, Agreement.objects.active()), today
    )
    by_status = dict(
        visible.order_by()
        .values_list("current_status")
        .annotate(n=Count("pk"))
        .values_list("current_status", "n")
    )
    statuses = [
        (value, label, by_status.get(value, 0)) for value, label in Agreement.Status.choices
    ]
    partners = dict(
        Partner.objects.active()
        .order_by()
        .values_list("kind")
        .annotate(n=Count("pk"))
        .values_list("kind", "n")
    )
    kinds = [(label, partners.get(value, 0)) for value, label in Partner.Kind.choices]
    expiring = list(
        agreement_selectors.agreement_list(user=user, expiring_within=180, today=today).order_by(
            "date_expiry"
        )[:10]
    )
    return {
        "statuses": statuses,
        "partner_kinds": kinds,
        "partner_total": sum(partners.values()),
        "agreement_total": sum(by_status.values()),
        "expiring": expiring,
    }

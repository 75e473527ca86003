"""The public portal's reads: only agreements marked public, for anyone, without login."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.db.models import QuerySet

from mitra.agreements import selectors as agreement_selectors
from mitra.insights.dashboard import countries_map


def public_agreements(
    *, q: str = "", partner: str = "", area: str = "", today: dt.date | None = None
) -> QuerySet[Any]:
    """Public agreements, newest first, searchable by title, reference or partner name (the
    agreements domain decides what may be public)."""
    return agreement_selectors.public_agreements(q=q, partner=partner, area=area, today=today)


def public_map() -> list[dict[str, Any]]:
    """Countries with the number of public agreements they are party to."""
    return countries_map(agreement_selectors.public_agreements())

"""The agreement list as a table (its "Download"), in the columns the spreadsheet import reads."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from mitra.agreements.models import Agreement

HEADERS = (
    "title",
    "partners",
    "kind",
    "status",
    "title_en",
    "reference_number",
    "date_signed",
    "signed_year",
    "date_in_force",
    "date_expiry",
    "areas",
    "is_public",
    "summary",
)


def agreement_rows(agreements: Iterable[Agreement]) -> list[dict[str, Any]]:
    return [
        {
            "title": a.title,
            "partners": [x.partner.code for x in a.parties.all()],
            "kind": a.kind,
            "status": a.status,
            "title_en": a.title_en,
            "reference_number": a.reference_number,
            "date_signed": a.date_signed,
            "signed_year": a.signed_year,
            "date_in_force": a.date_in_force,
            "date_expiry": a.date_expiry,
            "areas": [x.code for x in a.areas.all()],
            "is_public": a.is_public,
            "summary": a.summary,
        }
        for a in agreements
    ]

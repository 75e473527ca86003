"""The partner list as a table (its "Download"), in the columns the spreadsheet import reads."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from mitra.partners.models import Partner

HEADERS = (
    "code",
    "kind",
    "name_id",
    "name_en",
    "abbreviation",
    "region",
    "iati_ref",
    "website",
    "notes",
    "areas",
)


def partner_rows(partners: Iterable[Partner]) -> list[dict[str, Any]]:
    return [
        {
            "code": p.code,
            "kind": p.kind,
            "name_id": p.name_id,
            "name_en": p.name_en,
            "abbreviation": p.abbreviation,
            "region": p.region,
            "iati_ref": p.iati_ref,
            "website": p.website,
            "notes": p.notes,
            "areas": [a.code for a in p.areas.all()],
        }
        for p in partners
    ]

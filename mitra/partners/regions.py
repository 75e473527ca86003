"""A country's region from its ISO code, by the UN M49 standard in fixtures/m49.csv.

The partner list filters by Partner.Region, a coarser grouping than M49's sub-regions; each
M49 sub-region (or region) maps to one of them here.
"""

from __future__ import annotations

import csv
from dataclasses import dataclass
from functools import cache
from pathlib import Path

from mitra.partners.models import Partner

DATA = Path(__file__).parent / "fixtures" / "m49.csv"
R = Partner.Region

# M49 sub-region (or, failing that, region) → the region the partner list filters by.
_BY_SUBREGION: dict[str, str] = {
    "South-eastern Asia": R.SOUTHEAST_ASIA,
    "Eastern Asia": R.EAST_ASIA,
    "Southern Asia": R.SOUTH_ASIA,
    "Central Asia": R.CENTRAL_ASIA,
    "Western Asia": R.MIDDLE_EAST,
}
_BY_REGION: dict[str, str] = {
    "Europe": R.EUROPE,
    "Africa": R.AFRICA,
    "Americas": R.AMERICAS,
    "Oceania": R.OCEANIA,
}


@dataclass(frozen=True)
class M49:
    alpha_3: str
    region: str
    subregion: str


@cache
def _table() -> dict[str, M49]:
    with DATA.open(encoding="utf-8") as f:
        rows = csv.DictReader(line for line in f if not line.startswith("#"))
        return {
            r["alpha_3"]: M49(r["alpha_3"], r["region"], r["subregion"])
            for r in rows
            if r["alpha_3"]
        }


def m49(alpha_3: str) -> M49 | None:
    """The M49 region and sub-region of a country, or None when M49 does not place it."""
    return _table().get((alpha_3 or "").strip().upper())


def region_of(alpha_3: str) -> str:
    """The Partner.Region value for a country's ISO alpha-3 code ("" when M49 has none)."""
    found = m49(alpha_3)
    if found is None:
        return ""
    return _BY_SUBREGION.get(found.subregion) or _BY_REGION.get(found.region, "")

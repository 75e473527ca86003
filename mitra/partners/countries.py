"""Countries by ISO 3166 alpha-3, with Indonesian names from pycountry's translations."""

from __future__ import annotations

import gettext
from dataclasses import dataclass
from functools import cache

import pycountry


@dataclass(frozen=True)
class Country:
    alpha_3: str
    name_en: str
    name_id: str


@cache
def _indonesian() -> gettext.NullTranslations:
    return gettext.translation("iso3166-1", pycountry.LOCALES_DIR, languages=["id"], fallback=True)


def lookup(alpha_3: str) -> Country | None:
    """The country with this alpha-3 code, or None when ISO 3166 has no such code."""
    code = (alpha_3 or "").strip().upper()
    if len(code) != 3 or not code.isalpha():
        return None
    found = pycountry.countries.get(alpha_3=code)
    if found is None:
        return None
    common = getattr(found, "common_name", None)
    translate = _indonesian().gettext
    # pycountry translates the formal name ("Korea, Republic of" -> "Korea Selatan") better
    # than the common one; fall back to the common name where the formal one has no entry.
    name_id = translate(found.name)
    if name_id == found.name and common:
        name_id = translate(common)
    return Country(alpha_3=found.alpha_3, name_en=common or found.name, name_id=name_id)


@cache
def choices() -> list[tuple[str, str]]:
    """(alpha-3, "ABC — English name") for every country, for select boxes."""
    out = []
    for c in pycountry.countries:
        country = lookup(c.alpha_3)
        if country:
            out.append((country.alpha_3, f"{country.alpha_3} — {country.name_en}"))
    return sorted(out, key=lambda pair: pair[1])


@cache
def numeric(alpha_3: str) -> str | None:
    """The ISO 3166 numeric code (e.g. "398" for KAZ), which world map shapes are keyed by."""
    country = pycountry.countries.get(alpha_3=alpha_3.upper())
    return country.numeric if country else None

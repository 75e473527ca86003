"""Health product groups by HS code, read from data/hs_groups.json (the codes and their source
are data, so a new HS edition is an edit of that file, not of code)."""

from __future__ import annotations

import json
from dataclasses import dataclass
from functools import cache
from pathlib import Path

from django.utils.translation import get_language

DATA = Path(__file__).parent / "data" / "hs_groups.json"


@dataclass(frozen=True)
class Group:
    code: str
    name_en: str
    name_id: str
    hs: tuple[str, ...]

    @property
    def name(self) -> str:
        """The group's name in the active language."""
        return self.name_en if (get_language() or "id").startswith("en") else self.name_id

    @property
    def hs_text(self) -> str:
        """The HS headings as usually written (2106.90, not 210690)."""
        return ", ".join(h if len(h) <= 4 else f"{h[:4]}.{h[4:]}" for h in self.hs if len(h) > 2)


@cache
def _data() -> tuple[str, tuple[Group, ...]]:
    raw = json.loads(DATA.read_text(encoding="utf-8"))
    groups = tuple(
        Group(g["code"], g["name_en"], g["name_id"], tuple(g["hs"])) for g in raw["groups"]
    )
    return raw["source"], groups


def source() -> str:
    """Where the grouping comes from (shown beside the figures)."""
    return _data()[0]


def all_groups() -> tuple[Group, ...]:
    return _data()[1]


def by_code(code: str) -> Group | None:
    return next((g for g in all_groups() if g.code == code), None)


def hs_digits(text: str) -> str:
    """An HS code as digits only: "2106.90" -> "210690"; "" when it is not an HS code."""
    digits = text.replace(".", "").replace(" ", "")
    return digits if digits.isdigit() and 2 <= len(digits) <= 10 else ""


def group_of(product: str) -> Group | None:
    """The group a product code (a group code or an HS code) falls in; None for neither."""
    found = by_code(product.strip().lower())
    if found:
        return found
    digits = hs_digits(product)
    if not digits:
        return None
    for group in all_groups():
        if any(digits.startswith(prefix) for prefix in group.hs):
            return group
    return None

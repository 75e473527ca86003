"""A server-drawn SVG of yearly exports and imports: no JavaScript, printable in the PDF, and
every label is text the template escapes. The figures are also given as a table beside it."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from django.utils.formats import number_format
from django.utils.translation import gettext as _

WIDTH, HEIGHT, PAD, AXIS = 520, 180, 24, 18


@dataclass(frozen=True)
class Bar:
    x: float
    y: float
    width: float
    height: float
    flow: str  # export | import, the bar's class
    title: str


@dataclass(frozen=True)
class Label:
    x: float
    text: str


@dataclass(frozen=True)
class Chart:
    width: int
    height: int
    base_y: float
    bars: list[Bar]
    years: list[Label]
    top: str
    currency: str


def yearly_bars(
    years: list[int], exports: dict[int, Decimal], imports: dict[int, Decimal], currency: str
) -> Chart | None:
    """Two bars a year (exports, imports) scaled to the largest; None with no years."""
    if not years:
        return None
    top = max([*exports.values(), *imports.values(), Decimal(1)])
    inner_h = HEIGHT - PAD - AXIS
    slot = (WIDTH - 2 * PAD) / len(years)
    bar_w = slot * 0.35
    base = HEIGHT - AXIS
    bars, labels = [], []
    for i, year in enumerate(years):
        x0 = PAD + i * slot + slot * 0.13
        for j, (flow, values) in enumerate((("export", exports), ("import", imports))):
            if year not in values:
                continue
            h = max(float(values[year] / top) * inner_h, 1.0)
            amount = number_format(values[year], 0, use_l10n=True, force_grouping=True)
            name = _("exports") if flow == "export" else _("imports")
            bars.append(
                Bar(x0 + j * bar_w, base - h, bar_w, h, flow, f"{year} {name}: {currency} {amount}")
            )
        labels.append(Label(PAD + i * slot + slot / 2, str(year)))
    return Chart(
        WIDTH,
        HEIGHT,
        base,
        bars,
        labels,
        f"{currency} {number_format(top, 0, use_l10n=True, force_grouping=True)}",
        currency,
    )

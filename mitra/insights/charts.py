"""Charts drawn on the server as SVG: readable without JavaScript, printable, and each one
comes with the table of its figures for screen readers."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal
from typing import Any

WIDTH, HEIGHT, PAD = 480, 160, 28


@dataclass(frozen=True)
class Bar:
    x: float
    y: float
    width: float
    height: float
    label: str
    value: Decimal
    status: str


@dataclass(frozen=True)
class Chart:
    width: int
    height: int
    bars: list[Bar]
    target_y: float
    target_label_y: float
    baseline_y: float | None
    top: Decimal


def results_against_target(indicator: Any) -> Chart | None:
    """Bars of an indicator's reported results (approved ones solid) with the target as a line."""
    results = [r for r in indicator.results.all() if r.status != "returned"]
    if not results:
        return None
    values = [r.value for r in results]
    top = max([*values, indicator.target, indicator.baseline or Decimal(0), Decimal(1)])
    bottom = min([*values, Decimal(0)])
    span = top - bottom or Decimal(1)
    inner_h = HEIGHT - 2 * PAD

    def y_of(v: Decimal) -> float:
        return float(PAD + inner_h * (1 - (v - bottom) / span))

    slot = (WIDTH - 2 * PAD) / len(results)
    zero = y_of(Decimal(0))
    bars = []
    for i, r in enumerate(results):
        y = y_of(r.value)
        bars.append(
            Bar(
                x=PAD + i * slot + slot * 0.15,
                y=min(y, zero),
                width=slot * 0.7,
                height=max(abs(zero - y), 1.0),
                label=f"{r.period_start:%m/%Y}–{r.period_end:%m/%Y}",
                value=r.value,
                status=r.status,
            )
        )
    baseline = y_of(indicator.baseline) if indicator.baseline is not None else None
    target_y = y_of(indicator.target)
    return Chart(WIDTH, HEIGHT, bars, target_y, max(target_y - 4, 10.0), baseline, top)

"""Writes of trade figures: one import, all rows or none."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from typing import Any

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from simple_history.utils import bulk_create_with_history, bulk_update_with_history

from mitra.core.locks import take_turns
from mitra.core.permissions import require
from mitra.trade import reading
from mitra.trade.models import TradeFlow

DUPLICATE = gettext_lazy(
    "This row repeats line %(line)s (same year, partner, product, flow and source)."
)
MIXED_IN_FILE = gettext_lazy(
    "Currency %(currency)s differs from %(other)s on line %(line)s for %(partner)s %(year)s: "
    "one partner-year is kept in one currency, so convert the figures before importing."
)
MIXED_WITH_KEPT = gettext_lazy(
    "Currency %(currency)s differs from %(other)s already kept for %(partner)s %(year)s: "
    "one partner-year is kept in one currency, so convert the figures before importing."
)


@dataclass(frozen=True)
class Problem:
    line: int
    message: str


@dataclass
class Report:
    layout: str = ""
    rows: int = 0
    created: int = 0
    updated: int = 0
    unchanged: int = 0
    skipped: list[tuple[str, int, int]] = field(default_factory=list)  # reason, count, first line
    problems: list[Problem] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.problems


def _check(rows: list[reading.TradeRow], problems: list[Problem]) -> None:
    """Duplicate rows, and more than one currency in one partner-year (in the file, or between
    the file and figures already kept): refused, since adding them up would be wrong and Mitra
    has no exchange rate it could state; the user converts before importing."""
    first: dict[tuple[Any, ...], int] = {}
    currency: dict[tuple[int, str], tuple[str, int]] = {}
    for row in rows:
        if row.key in first:
            problems.append(
                Problem(
                    row.line,
                    str(DUPLICATE) % {"line": first[row.key]},
                )
            )
            continue
        first[row.key] = row.line
        seen = currency.setdefault((row.year, row.partner_iso), (row.currency, row.line))
        if seen[0] != row.currency:
            problems.append(
                Problem(
                    row.line,
                    str(MIXED_IN_FILE)
                    % {
                        "currency": row.currency,
                        "other": seen[0],
                        "line": seen[1],
                        "partner": row.partner_iso,
                        "year": row.year,
                    },
                )
            )
    if not currency:
        return
    keys = set(first)
    stored = TradeFlow.objects.filter(
        partner_iso__in={p for _y, p in currency}, year__in={y for y, _p in currency}
    ).values_list("year", "partner_iso", "product", "flow", "source", "currency")
    for year, iso, product, flow, source, cur in stored.iterator():
        kept = currency.get((year, iso))
        if kept and kept[0] != cur and (year, iso, product, flow, source) not in keys:
            problems.append(
                Problem(
                    kept[1],
                    str(MIXED_WITH_KEPT)
                    % {"currency": kept[0], "other": cur, "partner": iso, "year": year},
                )
            )
            currency.pop((year, iso))


def trade_import(*, user: Any, data: bytes, filename: str, dry_run: bool = False) -> Report:
    """Import a trade file (Mitra's template or UN Comtrade's layout): every row, or none.

    A figure already kept under the same year, partner, product, flow and source is updated
    (with history) when its value or currency changed and left alone otherwise, so importing
    a file twice changes nothing. Comtrade breakdown and aggregate rows are skipped and counted.
    A file that cannot be read at all raises ValidationError. The file is read before the
    transaction begins, so a large one never holds the write lock while it is parsed.
    """
    require(user, "trade.import")
    reading.check_size(len(data))
    layout, parsed = reading.parse(data, filename)
    report = Report(layout=layout, rows=len(parsed))
    rows: list[reading.TradeRow] = []
    skipped: Counter[str] = Counter()
    first_skip: dict[str, int] = {}
    for item in parsed:
        if isinstance(item, reading.Skipped):
            skipped[item.reason] += 1
            first_skip.setdefault(item.reason, item.line)
        elif isinstance(item, reading.Refused):
            report.problems.extend(Problem(item.line, m) for m in item.messages)
        else:
            rows.append(item)
    report.skipped = [(reading.skip_reason(r), n, first_skip[r]) for r, n in skipped.items()]
    with transaction.atomic():
        take_turns("trade-import")  # two imports of one file: the second finds the first's rows
        _write(user, rows, report, filename=filename, dry_run=dry_run)
    return report


def _write(
    user: Any, rows: list[reading.TradeRow], report: Report, *, filename: str, dry_run: bool
) -> None:
    _check(rows, report.problems)
    report.problems.sort(key=lambda p: p.line)
    if report.problems:
        return
    if not rows:
        report.problems.append(Problem(1, str(reading.EMPTY_FILE)))
        return
    existing = {
        (f.year, f.partner_iso, f.product, f.flow, f.source): f
        for f in TradeFlow.objects.filter(
            partner_iso__in={r.partner_iso for r in rows}, year__in={r.year for r in rows}
        )
    }
    new, changed, now = [], [], timezone.now()
    for row in rows:
        flow = existing.get(row.key)
        if flow is None:
            new.append(
                TradeFlow(
                    year=row.year,
                    partner_iso=row.partner_iso,
                    product=row.product,
                    group=row.group,
                    flow=row.flow,
                    value=row.value,
                    currency=row.currency,
                    source=row.source,
                )
            )
        elif flow.value != row.value or flow.currency != row.currency:
            flow.value, flow.currency, flow.updated_at = row.value, row.currency, now
            changed.append(flow)
        else:
            report.unchanged += 1
    report.created, report.updated = len(new), len(changed)
    if dry_run:
        return
    reason = _("imported from %(file)s") % {"file": filename[:80]}
    bulk_create_with_history(
        new, TradeFlow, batch_size=1000, default_user=user, default_change_reason=reason
    )
    if changed:
        bulk_update_with_history(
            changed,
            TradeFlow,
            ["value", "currency", "updated_at"],
            batch_size=1000,
            default_user=user,
            default_change_reason=reason,
        )

"""Reads of trade figures: per partner country and per product group, with the year-on-year
change said in words. Readable by the ministry's own roles ("trade.view"); for others every
read here returns nothing (and the pages answer 404)."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from django.db.models import Sum
from django.utils.formats import number_format
from django.utils.translation import gettext as _

from mitra.core.errors import NotFound
from mitra.core.permissions import can
from mitra.trade import charts, groups, rules
from mitra.trade.models import TradeFlow


def audience(user: Any) -> str:
    """What of trade this user reads ("internal": all figures; "": none)."""
    return "internal" if can(user, "trade.view") else ""


def require_visible(user: Any) -> None:
    if not audience(user):
        raise NotFound(_("Trade figures are visible to the ministry's own users only."))


def money(value: Decimal, currency: str) -> str:
    """A value with its currency, grouped in the active language's way (US$ as USD)."""
    return f"{currency} {number_format(value, 0, use_l10n=True, force_grouping=True)}"


@dataclass
class Series:
    """Yearly exports and imports in one currency, with the chart drawn from them."""

    currency: str
    years: list[int]
    exports: dict[int, Decimal]
    imports: dict[int, Decimal]
    chart: charts.Chart | None = None

    @property
    def rows(self) -> list[tuple[int, str, str]]:
        """(year, exports, imports) as text, "–" where a flow has no figure that year."""

        def text(values: dict[int, Decimal], year: int) -> str:
            return money(values[year], self.currency) if year in values else "–"

        return [(y, text(self.exports, y), text(self.imports, y)) for y in self.years]


@dataclass
class Trade:
    """A partner's or a product group's figures: the series, the sentences, the sources."""

    series: list[Series] = field(default_factory=list)
    sentences: list[str] = field(default_factory=list)
    sources: list[str] = field(default_factory=list)

    def __bool__(self) -> bool:
        return bool(self.series)


def _series(rows: Any) -> list[Series]:
    """(currency, year, flow, total) rows → one Series per currency, each with its chart."""
    out: dict[str, Series] = {}
    for currency, year, flow, total in rows:
        s = out.setdefault(currency, Series(currency, [], {}, {}))
        (s.exports if flow == TradeFlow.Flow.EXPORT else s.imports)[year] = total
    for s in out.values():
        s.years = sorted(set(s.exports) | set(s.imports))
        s.chart = charts.yearly_bars(s.years, s.exports, s.imports, s.currency)
    return list(out.values())


def sentence(
    *, flow: str, group: str, place: str, year: int, before: Decimal, now: Decimal, currency: str
) -> str | None:
    """The year-on-year change of one figure in one sentence, or None when there is none."""
    change = rules.change(before, now)
    if change is None:
        return None
    params = {
        "group": group,
        "place": place,
        "change": rules.words(change),
        "y0": year - 1,
        "y1": year,
        "v0": money(before, currency),
        "v1": money(now, currency),
    }
    if flow == TradeFlow.Flow.EXPORT:
        return (
            _(
                "Exports of %(group)s to %(place)s %(change)s from %(y0)s to %(y1)s "
                "(%(v0)s → %(v1)s)."
            )
            % params
        )
    return (
        _("Imports of %(group)s from %(place)s %(change)s from %(y0)s to %(y1)s (%(v0)s → %(v1)s).")
        % params
    )


def _sentences(values: dict[tuple[str, str, str], dict[int, Decimal]], place: str) -> list[str]:
    """For each group and flow, the change from the year before its latest year (if kept)."""
    out = []
    order = {g.code: i for i, g in enumerate(groups.all_groups())}  # as the groups are listed
    for (group_code, flow, currency), by_year in sorted(
        values.items(), key=lambda kv: (order.get(kv[0][0], 99), kv[0])
    ):
        latest = max(by_year)
        if latest - 1 not in by_year:
            continue
        group = groups.by_code(group_code)
        text = sentence(
            flow=flow,
            group=group.name.lower() if group else group_code,
            place=place,
            year=latest,
            before=by_year[latest - 1],
            now=by_year[latest],
            currency=currency,
        )
        if text:
            out.append(text)
    return out


def partner_trade(*, user: Any, iso: str, place: str) -> Trade:
    """One country's figures: yearly totals of all health products, and per group the
    change from the year before in words. Empty for a user who may not read trade."""
    if not audience(user):
        return Trade()
    qs = TradeFlow.objects.filter(partner_iso=iso.upper())
    rows = list(
        qs.values_list("group", "flow", "currency", "year")
        .annotate(total=Sum("value"))
        .order_by("group", "flow", "currency", "year")
    )
    if not rows:
        return Trade()
    totals: dict[tuple[str, int, str], Decimal] = defaultdict(Decimal)
    values: dict[tuple[str, str, str], dict[int, Decimal]] = defaultdict(dict)
    for group, flow, currency, year, total in rows:
        totals[(currency, year, flow)] += total
        values[(group, flow, currency)][year] = total
    trade = Trade(series=_series((c, y, f, t) for (c, y, f), t in sorted(totals.items())))
    trade.sentences = _sentences(values, place)
    trade.sources = sorted(set(qs.values_list("source", flat=True)))
    return trade


def group_trade(*, user: Any, group: str) -> Trade:
    """One product group's yearly totals over all partner countries, and its largest partners
    in the latest year."""
    require_visible(user)
    qs = TradeFlow.objects.filter(group=group)
    rows = (
        qs.values_list("currency", "year", "flow")
        .annotate(total=Sum("value"))
        .order_by("currency", "year", "flow")
    )
    trade = Trade(series=_series(rows))
    trade.sources = sorted(set(qs.values_list("source", flat=True)))
    return trade


def top_partners(*, user: Any, group: str, limit: int = 10) -> list[tuple[str, str, str, str]]:
    """(ISO, year, exports, imports) of the group's largest partners in its latest year."""
    require_visible(user)
    qs = TradeFlow.objects.filter(group=group)
    latest = qs.order_by("-year").values_list("year", flat=True).first()
    if latest is None:
        return []
    sums: dict[tuple[str, str], dict[str, Decimal]] = defaultdict(dict)
    for iso, currency, flow, total in (
        qs.filter(year=latest)
        .values_list("partner_iso", "currency", "flow")
        .annotate(total=Sum("value"))
        .order_by()
    ):
        sums[(iso, currency)][flow] = total
    ranked = sorted(sums.items(), key=lambda kv: -sum(kv[1].values()))[:limit]
    return [
        (
            iso,
            str(latest),
            money(v.get("export", Decimal(0)), cur),
            money(v.get("import", Decimal(0)), cur),
        )
        for (iso, cur), v in ranked
    ]


def latest_by_group_and_partner(
    *, user: Any, group_codes: set[str], isos: set[str]
) -> dict[tuple[str, str], str]:
    """{(group, ISO): "2024: exports … · imports …"} of the latest year kept, for the roadmap's
    matrix; empty for a user who may not read trade."""
    if not audience(user) or not group_codes or not isos:
        return {}
    rows = (
        TradeFlow.objects.filter(group__in=group_codes, partner_iso__in=isos)
        .values_list("group", "partner_iso", "year", "flow", "currency")
        .annotate(total=Sum("value"))
        .order_by("group", "partner_iso", "-year")
    )
    latest: dict[tuple[str, str], int] = {}
    parts: dict[tuple[str, str], list[str]] = defaultdict(list)
    for group, iso, year, flow, currency, total in rows:
        if latest.setdefault((group, iso), year) != year:
            continue
        label = _("exports") if flow == TradeFlow.Flow.EXPORT else _("imports")
        parts[(group, iso)].append(f"{label} {money(total, currency)}")
    return {k: f"{latest[k]}: " + " · ".join(v) for k, v in parts.items()}

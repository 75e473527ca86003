"""Trade files read into typed rows: Mitra's template or UN Comtrade's layout as downloaded.

Every row is read to a `TradeRow` or to the reasons it is refused, with its line in the file
(the header is line 1), so that the import can name each bad row and write nothing.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import re
from collections.abc import Iterator
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from functools import lru_cache
from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from mitra.core.validators import no_control_characters
from mitra.partners import countries
from mitra.trade import groups

TEMPLATE_HEADERS = ["year", "partner", "product", "flow", "value", "currency", "source"]
COMTRADE_SOURCE = "UN Comtrade"
WORLD = "W00"  # Comtrade's partner "World": the sum over all partners, not a country

EMPTY_FILE = gettext_lazy("The file has no rows.")
NOT_A_SPREADSHEET = gettext_lazy("The file is not a CSV or XLSX spreadsheet Mitra can read.")
UNKNOWN_LAYOUT = gettext_lazy(
    "The columns are neither Mitra's trade template (%(template)s) nor UN Comtrade's "
    "(refYear, partnerISO, flowCode, cmdCode, primaryValue). Found: %(found)s."
)

NOT_HEALTH_PRODUCT = gettext_lazy(
    "Product “%(value)s” is neither a health product group nor an HS code in one: %(groups)s."
)
NOT_INDONESIA = gettext_lazy(
    "Reporter “%(value)s” is not Indonesia (IDN): Mitra keeps Indonesia's own exports and imports."
)


@dataclass(frozen=True)
class TradeRow:
    line: int
    year: int
    partner_iso: str
    product: str
    group: str
    flow: str
    value: Decimal
    currency: str
    source: str

    @property
    def key(self) -> tuple[int, str, str, str, str]:
        return (self.year, self.partner_iso, self.product, self.flow, self.source)


@dataclass(frozen=True)
class Skipped:
    """A row left out on purpose (a breakdown of a totals row), counted in the report."""

    line: int
    reason: str


@dataclass(frozen=True)
class Refused:
    line: int
    messages: list[str]


def _norm(header: Any) -> str:
    return re.sub(r"[^a-z0-9]", "", str(header or "").lower())


TOO_LARGE = gettext_lazy("The file is larger than %(n)s MB.")


def check_size(size: int) -> None:
    """A trade file is read whole into memory: refuse one over the upload limit before reading
    it (the page and `mitra import trade` alike)."""
    if size > settings.MAX_UPLOAD_MB * 1024 * 1024:
        raise ValidationError(TOO_LARGE, params={"n": settings.MAX_UPLOAD_MB}, code="too_large")


def read_rows(data: bytes, filename: str) -> tuple[list[str], Iterator[tuple[int, list[Any]]]]:
    """(normalised headers, (line, cells) of each non-empty row) of a CSV or XLSX file."""
    if filename.lower().endswith(".csv"):
        from mitra.documents.text import decode

        text = decode(data).lstrip("\ufeff")
        try:
            dialect: Any = csv.Sniffer().sniff(text[:4096], delimiters=",;\t")
        except csv.Error:
            dialect = csv.excel
        rows: Iterator[list[Any]] = csv.reader(io.StringIO(text, newline=""), dialect)
    else:
        from python_calamine import CalamineWorkbook

        try:
            book = CalamineWorkbook.from_filelike(io.BytesIO(data))
            rows = iter(book.get_sheet_by_index(0).to_python())
        except Exception as exc:  # calamine raises its own error types for every kind of damage
            raise ValidationError(NOT_A_SPREADSHEET, code="unreadable") from exc
    try:
        headers = [_norm(h) for h in next(rows)]
    except StopIteration:
        raise ValidationError(EMPTY_FILE, code="empty") from None
    except csv.Error as exc:
        raise ValidationError(NOT_A_SPREADSHEET, code="unreadable") from exc

    def numbered() -> Iterator[tuple[int, list[Any]]]:
        for line, cells in enumerate(rows, start=2):
            if any(str(c).strip() for c in cells):
                yield line, cells

    return headers, numbered()


def _text(value: Any) -> str:
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value if value is not None else "").strip()


def _year(raw: str, problems: list[str]) -> int:
    last = dt.date.today().year  # noqa: DTZ011 (a calendar year; the zone does not matter)
    if not raw.isdigit() or not 1950 <= int(raw) <= last:
        problems.append(
            _("Year “%(value)s” is not a year from 1950 to %(last)s.")
            % {"value": raw, "last": last}
        )
        return 0
    return int(raw)


@lru_cache(maxsize=1024)
def _alpha_3(code: str) -> str:
    """The ISO code as stored, or "" for none; cached: a file repeats few countries many times
    and a pycountry look-up with its translation is the costliest step of a row."""
    country = countries.lookup(code)
    return country.alpha_3 if country else ""


def _partner(raw: str, problems: list[str]) -> str:
    alpha_3 = _alpha_3(raw.upper())
    if not alpha_3:
        problems.append(
            _("Partner “%(value)s” is not an ISO 3166 alpha-3 country code (e.g. KHM).")
            % {"value": raw}
        )
    return alpha_3


def _product(raw: str, problems: list[str]) -> tuple[str, str]:
    group = groups.group_of(raw)
    if group is None:
        names = ", ".join(f"{g.code} ({g.hs_text})" for g in groups.all_groups())
        problems.append(str(NOT_HEALTH_PRODUCT) % {"value": raw, "groups": names})
        return "", ""
    product = group.code if raw.strip().lower() == group.code else groups.hs_digits(raw)
    return product, group.code


def _flow(raw: str, problems: list[str]) -> str:
    flow = {
        "export": "export",
        "ekspor": "export",
        "x": "export",
        "import": "import",
        "impor": "import",
        "m": "import",
    }.get(raw.lower(), "")
    if not flow:
        problems.append(_("Flow “%(value)s” is neither export nor import.") % {"value": raw})
    return flow


def _value(raw: str, problems: list[str]) -> Decimal:
    try:
        value = Decimal(raw)
        if not value.is_finite():
            raise InvalidOperation
    except InvalidOperation:
        problems.append(
            _("Value “%(value)s” is not a number (digits, with a point before decimals).")
            % {"value": raw}
        )
        return Decimal(0)
    if value < 0:
        problems.append(
            _("Value %(value)s is negative; trade values are zero or more.") % {"value": raw}
        )
    if abs(value) >= LARGEST:
        problems.append(
            _("Value %(value)s is too large: at most 18 digits before the decimal point.")
            % {"value": raw[:40] + ("…" if len(raw) > 40 else "")}
        )
        return Decimal(0)
    return value.quantize(Decimal("0.01"))


LARGEST = Decimal(10) ** 18  # TradeFlow.value: 20 digits, 2 of them after the point
SOURCE_LENGTH = 120  # TradeFlow.source


def _currency(raw: str, problems: list[str]) -> str:
    code = raw.upper()
    if len(code) != 3 or not code.isalpha():
        problems.append(
            _("Currency “%(value)s” is not a three-letter code (e.g. USD).") % {"value": raw}
        )
    return code


def _build(line: int, cells: dict[str, str], currency: str, source: str) -> TradeRow | Refused:
    problems: list[str] = []
    year = _year(cells["year"], problems)
    partner = _partner(cells["partner"], problems)
    product, group = _product(cells["product"], problems)
    flow = _flow(cells["flow"], problems)
    value = _value(cells["value"], problems)
    currency = _currency(currency, problems)
    if not source:
        problems.append(_("Source is empty: say where the figure comes from (e.g. BPS)."))
    elif len(source) > SOURCE_LENGTH:
        problems.append(
            _("Source is %(length)s characters long; at most %(limit)s are kept.")
            % {"length": len(source), "limit": SOURCE_LENGTH}
        )
    try:
        for text in cells.values():
            no_control_characters(text)
    except ValidationError as exc:
        problems.extend(exc.messages)
    if problems:
        return Refused(line, problems)
    return TradeRow(line, year, partner, product, group, flow, value, currency, source)


def _column(headers: list[str], *names: str) -> int | None:
    return next((headers.index(n) for n in names if n in headers), None)


def layout_of(headers: list[str]) -> str:
    """ "template", "comtrade", or a ValidationError naming the columns found."""
    if all(h in headers for h in TEMPLATE_HEADERS):
        return "template"
    comtrade = (
        _column(headers, "refyear", "year") is not None
        and _column(headers, "partneriso", "partneriso3") is not None
        and _column(headers, "flowcode", "tradeflow") is not None
        and _column(headers, "cmdcode", "commoditycode") is not None
        and _column(headers, "primaryvalue", "tradevalueus") is not None
    )
    if comtrade:
        return "comtrade"
    raise ValidationError(
        UNKNOWN_LAYOUT,
        params={"template": ", ".join(TEMPLATE_HEADERS), "found": ", ".join(headers) or "-"},
        code="layout",
    )


def parse(data: bytes, filename: str) -> tuple[str, list[TradeRow | Refused | Skipped]]:
    """The file's layout and each of its rows read, refused or skipped, in file order."""
    headers, rows = read_rows(data, filename)
    layout = layout_of(headers)
    out: list[TradeRow | Refused | Skipped] = []
    if layout == "template":
        at = {name: headers.index(name) for name in TEMPLATE_HEADERS}
        for line, raw in rows:
            cells = {k: _text(raw[i]) if i < len(raw) else "" for k, i in at.items()}
            out.append(_build(line, cells, cells["currency"], cells["source"]))
        return layout, out
    idx = {
        "year": _column(headers, "refyear", "year"),
        "partner": _column(headers, "partneriso", "partneriso3"),
        "flow": _column(headers, "flowcode", "tradeflow"),
        "product": _column(headers, "cmdcode", "commoditycode"),
        "value": _column(headers, "primaryvalue", "tradevalueus"),
        "reporter": _column(headers, "reporteriso", "reporteriso3"),
        "customs": _column(headers, "customscode"),
        "mot": _column(headers, "motcode"),
        "partner2": _column(headers, "partner2code", "partner2iso"),
    }
    for line, raw in rows:
        cells = {
            k: (_text(raw[i]) if i is not None and i < len(raw) else "") for k, i in idx.items()
        }
        skip = _comtrade_skip(cells)
        if skip:
            out.append(Skipped(line, skip))
            continue
        if cells["reporter"] and cells["reporter"].upper() != "IDN":
            out.append(
                Refused(
                    line,
                    [str(NOT_INDONESIA) % {"value": cells["reporter"]}],
                )
            )
            continue
        out.append(_build(line, cells, "USD", COMTRADE_SOURCE))
    return layout, out


def _comtrade_skip(cells: dict[str, str]) -> str:
    """Why a Comtrade row is a breakdown or an aggregate rather than a country's total, or ""."""
    if cells["customs"] and cells["customs"].upper() != "C00":
        return "customs"
    if cells["mot"] and cells["mot"] not in ("0", "0.0"):
        return "mot"
    if cells["partner2"] and cells["partner2"] not in ("0", "W00", "0.0"):
        return "partner2"
    if cells["partner"].upper() == WORLD:
        return "world"
    if cells["flow"].upper() in ("RX", "RM") or cells["flow"].lower().startswith("re-"):
        return "reexport"
    return ""


def skip_reason(code: str) -> str:
    """A skipped row's reason, said to the user."""
    return {
        "customs": _("breakdown by customs procedure (only customsCode C00, the total, is kept)"),
        "mot": _("breakdown by mode of transport (only motCode 0, the total, is kept)"),
        "partner2": _("breakdown by second partner (only partner2Code 0 is kept)"),
        "world": _("the World total (W00), which is not a country"),
        "reexport": _("re-exports and re-imports, which are not Indonesia's own products"),
    }[code]

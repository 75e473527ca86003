"""Tables out as CSV or XLSX downloads, with text a spreadsheet would run as a formula guarded.

Shared by every list page's "Download this list" (and open to interop's exports), so the guard
is written once. In CSV, where any text may be read as a formula, text that starts with
= + - @ (or a tab or carriage return) gets a leading apostrophe; in XLSX text cells are typed
as strings, which are never formulas, so they keep what was typed.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
from collections.abc import Sequence
from decimal import Decimal
from typing import Any

from django.http import HttpResponse
from django.utils import timezone

FORMULA_START = ("=", "+", "-", "@", "\t", "\r")
XLSX_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def safe_text(value: Any) -> Any:
    """Text that a spreadsheet would run as a formula, made plain text; anything else as is."""
    if isinstance(value, str) and value.startswith(FORMULA_START):
        return "'" + value
    return value


def plain(value: Any) -> Any:
    """A value as a table cell: lists joined, yes/no, decimals as their exact text."""
    if isinstance(value, list | tuple):
        return ", ".join(str(v) for v in value)
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, Decimal):
        return format(value, "f")
    return value


def cell(value: Any) -> Any:
    """A value as a CSV cell, where any text may be read as a formula: guarded."""
    return safe_text(plain(value))


def write_csv(headers: Sequence[str], rows: Sequence[dict[str, Any]]) -> str:
    out = io.StringIO()
    out.write("\ufeff")  # so that spreadsheet programs read UTF-8
    writer = csv.writer(out)
    writer.writerow(headers)
    for row in rows:
        values = [cell(row.get(h)) for h in headers]
        writer.writerow(
            ["" if v is None else v.isoformat() if isinstance(v, dt.date) else v for v in values]
        )
    return out.getvalue()


def write_xlsx(name: str, headers: Sequence[str], rows: Sequence[dict[str, Any]]) -> bytes:
    from openpyxl import Workbook
    from openpyxl.cell import WriteOnlyCell

    book = Workbook(write_only=True)
    sheet = book.create_sheet(name)
    sheet.append(list(headers))
    for row in rows:
        cells = []
        for header in headers:
            value = plain(row.get(header))
            item = WriteOnlyCell(sheet, value=value)
            if isinstance(value, str):
                # An inline string is never a formula: no guard, no visible apostrophe.
                item.data_type = "s"
            elif isinstance(value, dt.date):
                item.number_format = "yyyy-mm-dd"
            cells.append(item)
        sheet.append(cells)
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def download(
    name: str, fmt: str, headers: Sequence[str], rows: Sequence[dict[str, Any]]
) -> HttpResponse:
    """An HTTP response with one table as XLSX or CSV."""
    stamp = timezone.localdate().strftime("%Y%m%d")
    if fmt == "xlsx":
        response = HttpResponse(write_xlsx(name, headers, rows), content_type=XLSX_TYPE)
        response["Content-Disposition"] = f'attachment; filename="mitra-{name}-{stamp}.xlsx"'
        return response
    response = HttpResponse(write_csv(headers, rows), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="mitra-{name}-{stamp}.csv"'
    return response

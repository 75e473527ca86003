"""Spreadsheets in and out: partners, agreements and activities as XLSX (one sheet each) or CSV.

Out: dates as date cells, text that a spreadsheet would run as a formula (= + - @) prefixed
with an apostrophe. In: read with python-calamine (XLSX, XLS, ODS) or the csv module (UTF-8 with
or without BOM, or Windows-1252; comma, semicolon or tab), columns mapped to fields, every row
checked through the registry's own services inside a transaction. A dry run rolls everything
back and reports each problem by table, row and column; a real import keeps all rows or none,
unless the user asks to keep only the valid ones.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from functools import cache
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext_lazy as _

from mitra.agreements.exports import agreement_rows
from mitra.core.csv import FORMULA_START, safe_text
from mitra.core.locks import take_turns
from mitra.core.validators import unknown_code
from mitra.documents import dates as text_dates
from mitra.partners.exports import partner_rows


@dataclass(frozen=True)
class Column:
    key: str
    label: Any
    type: str = "text"  # text | date | int | decimal | bool | list
    required: bool = False


TABLES: dict[str, list[Column]] = {
    "partners": [
        Column("code", _("Code"), required=True),
        Column("kind", _("Kind"), required=True),
        Column("name_id", _("Name (Indonesian)")),
        Column("name_en", _("Name (English)")),
        Column("abbreviation", _("Abbreviation")),
        Column("region", _("Region")),
        Column("iati_ref", _("IATI identifier")),
        Column("website", _("Website")),
        Column("notes", _("Notes")),
        Column("areas", _("Cooperation areas"), "list"),
    ],
    "agreements": [
        Column("title", _("Title"), required=True),
        Column("partners", _("Partners"), "list", required=True),
        Column("kind", _("Type")),
        Column("status", _("Status")),
        Column("title_en", _("Title (English)")),
        Column("reference_number", _("Our reference number")),
        Column("date_signed", _("Date of signature"), "date"),
        Column("signed_year", _("Year of signature"), "int"),
        Column("date_in_force", _("Entry into force"), "date"),
        Column("date_expiry", _("Expiry"), "date"),
        Column("areas", _("Cooperation areas"), "list"),
        Column("is_public", _("Public"), "bool"),
        Column("summary", _("Summary")),
    ],
    "activities": [
        Column("agreement", _("Agreement (title)"), required=True),
        Column("plan", _("Action plan (title)"), required=True),
        Column("plan_start_year", _("Plan: first year"), "int", required=True),
        Column("plan_end_year", _("Plan: last year"), "int", required=True),
        Column("title", _("Activity"), required=True),
        Column("kind", _("Kind")),
        Column("horizon", _("Horizon")),
        Column("area", _("Area")),
        Column("owner_unit", _("Owner unit (code)")),
        Column("status", _("Status")),
        Column("planned_start", _("Planned start"), "date"),
        Column("planned_end", _("Planned end"), "date"),
        Column("actual_start", _("Actual start"), "date"),
        Column("actual_end", _("Actual end"), "date"),
        Column("budget", _("Budget"), "decimal"),
        Column("currency", _("Currency")),
        Column("funding_source", _("Funding source")),
        Column("people_reached", _("People reached"), "int"),
    ],
}
# Partners before the agreements that name them, agreements before their activities.
ORDER = ("partners", "agreements", "activities")
TABLE_LABELS = {
    "partners": _("Partners"),
    "agreements": _("Agreements"),
    "activities": _("Activities"),
}

NOT_A_SPREADSHEET = _("This file is not a spreadsheet Mitra can read (XLSX, XLS, ODS or CSV).")
UNKNOWN_TABLE = _("Unknown table “%(name)s”: use partners, agreements or activities.")
REQUIRED = _("This column must be filled.")
BAD_DATE = _("“%(value)s” is not a date (use 2025-04-28, 28/04/2025 or 28 April 2025).")
BAD_NUMBER = _("“%(value)s” is not a number.")
BAD_BOOL = _("“%(value)s” is not yes or no.")
UNKNOWN_PARTNER = _("Unknown partner code “%(code)s”.")
UNKNOWN_AGREEMENT = _("No agreement has the title “%(title)s”.")
UNKNOWN_UNIT = _("Unknown unit code “%(code)s”.")
NO_ROWS = _("The file has no rows to import.")
EMPTY_FILE = _("The file is empty: it has no header row and no rows to import.")
BAD_CSV = _("This CSV file cannot be read: %(error)s")


# Out ---------------------------------------------------------------------------------------


def activity_rows(activities: Iterable[Any]) -> list[dict[str, Any]]:
    return [
        {
            "agreement": a.plan.agreement.title if a.plan.agreement_id else "",
            "plan": a.plan.title,
            "plan_start_year": a.plan.start_year,
            "plan_end_year": a.plan.end_year,
            "title": a.title,
            "kind": a.kind,
            "horizon": a.horizon,
            "area": a.area.code if a.area_id else "",
            "owner_unit": a.owner_unit.code if a.owner_unit_id else "",
            "status": a.status,
            "planned_start": a.planned_start,
            "planned_end": a.planned_end,
            "actual_start": a.actual_start,
            "actual_end": a.actual_end,
            "budget": a.budget,
            "currency": a.currency,
            "funding_source": a.funding_source,
            "people_reached": a.people_reached,
        }
        for a in activities
    ]


def _cell(value: Any) -> Any:
    """A value as a cell holds it; text keeps the formula guard (CSV needs it)."""
    if isinstance(value, list):
        return ", ".join(value)
    if isinstance(value, bool):
        return "yes" if value else "no"
    return safe_text(value) if value is not None else None


def _decimal_text(value: Decimal) -> str:
    """350000000 for a whole amount, 1250.50 for one with cents: never float text."""
    return f"{value:.0f}" if value == value.to_integral_value() else f"{value:f}"


def _xlsx_value(value: Any) -> Any:
    """XLSX cells: numbers stay numbers (Decimal, exact), text is a string cell that can never
    be a formula, so it needs no apostrophe."""
    if isinstance(value, list):
        return ", ".join(value)
    if isinstance(value, bool):
        return "yes" if value else "no"
    return value


def write_xlsx(tables: dict[str, list[dict[str, Any]]]) -> bytes:
    from openpyxl import Workbook
    from openpyxl.cell import WriteOnlyCell

    book = Workbook(write_only=True)
    for name in ORDER:
        if name not in tables:
            continue
        sheet = book.create_sheet(name)
        columns = TABLES[name]
        sheet.append([c.key for c in columns])
        for row in tables[name]:
            cells = []
            for column in columns:
                cell = WriteOnlyCell(sheet, value=_xlsx_value(row.get(column.key)))
                if isinstance(cell.value, str):
                    cell.data_type = "s"  # openpyxl would take "=…" for a formula
                if column.type == "date" and row.get(column.key):
                    cell.number_format = "yyyy-mm-dd"
                cells.append(cell)
            sheet.append(cells)
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def write_csv(name: str, rows: list[dict[str, Any]]) -> str:
    out = io.StringIO()
    out.write("\ufeff")  # so that spreadsheet programs read UTF-8
    writer = csv.writer(out)
    columns = TABLES[name]
    writer.writerow([c.key for c in columns])
    for row in rows:
        values = [_cell(row.get(c.key)) for c in columns]
        writer.writerow(
            [
                ""
                if v is None
                else v.isoformat()
                if isinstance(v, dt.date)
                else _decimal_text(v)
                if isinstance(v, Decimal)
                else v
                for v in values
            ]
        )
    return out.getvalue()


# In ----------------------------------------------------------------------------------------


def read_tables(data: bytes, filename: str, table: str = "") -> dict[str, list[list[Any]]]:
    """Raw rows per table (first row = headers). A CSV is one table, named by `table`."""
    if filename.lower().endswith(".csv"):
        if table not in TABLES:
            raise ValidationError(UNKNOWN_TABLE, params={"name": table or "?"})
        rows = _read_csv(data)
        if not rows:
            raise ValidationError(EMPTY_FILE, code="empty")
        return {table: rows}
    from python_calamine import CalamineWorkbook

    try:
        book = CalamineWorkbook.from_filelike(io.BytesIO(data))
        sheets = {name: book.get_sheet_by_name(name).to_python() for name in book.sheet_names}
    except Exception as exc:  # calamine raises its own error types for every kind of damage
        raise ValidationError(NOT_A_SPREADSHEET, code="unreadable") from exc
    out = {name.strip().lower(): rows for name, rows in sheets.items() if rows}
    if not out:
        raise ValidationError(EMPTY_FILE, code="empty")
    if table:
        if table not in TABLES:
            raise ValidationError(UNKNOWN_TABLE, params={"name": table})
        first = next(iter(out.values()), [])
        return {table: out.get(table, first)}
    unknown = [n for n in out if n not in TABLES]
    if unknown:
        raise ValidationError(UNKNOWN_TABLE, params={"name": unknown[0]})
    return out


def _read_csv(data: bytes) -> list[list[Any]]:
    from mitra.documents.text import decode

    # Files saved on different systems mix CRLF, LF and CR: read them all as line ends.
    text = decode(data).lstrip("\ufeff").replace("\r\n", "\n").replace("\r", "\n")
    sample = text[:4096]
    try:
        dialect = csv.Sniffer().sniff(sample, delimiters=",;\t")
    except csv.Error:
        dialect = csv.excel
    try:
        return [
            row
            for row in csv.reader(io.StringIO(text, newline=""), dialect)
            if any(c.strip() for c in row)
        ]
    except csv.Error as exc:
        raise ValidationError(BAD_CSV, params={"error": str(exc)}, code="csv") from exc


def _norm(header: Any) -> str:
    return re.sub(r"[^a-z0-9]+", "_", str(header or "").strip().lower()).strip("_")


def default_mapping(table: str, headers: list[Any]) -> dict[int, str]:
    """Column index → field key, by the key itself or the label in either language."""
    from django.utils import translation

    names: dict[str, str] = {}
    for column in TABLES[table]:
        names[_norm(column.key)] = column.key
        for lang in ("id", "en"):
            with translation.override(lang):
                names[_norm(str(column.label))] = column.key
    return {i: names[_norm(h)] for i, h in enumerate(headers) if _norm(h) in names}


@cache
def _choice_lookup(choices: tuple[tuple[str, Any], ...]) -> dict[str, str]:
    """Every way a user may write a choice → its code: the code and the label in Indonesian and
    English, compared as `_norm` does (case, spaces and punctuation do not matter)."""
    from django.utils import translation

    lookup: dict[str, str] = {}
    for code, label in choices:
        lookup[_norm(code)] = code
        for lang in ("id", "en"):
            with translation.override(lang):
                lookup.setdefault(_norm(str(label)), code)
    return lookup


def choice_code(key: str, value: Any, choices: Iterable[tuple[str, Any]]) -> str:
    """The code a cell means in a choice column (`choices` the domain's (code, lazy label)
    pairs); an unknown value is `unknown_code` listing the labels in the user's language with
    their codes."""
    pairs = tuple((str(code), label) for code, label in choices)
    code = _choice_lookup(pairs).get(_norm(value))
    if code is None:
        valid = [f"{label} ({code})" for code, label in pairs]
        raise unknown_code(key, str(value), valid)
    return code


@dataclass
class Problem:
    table: str
    row: int  # as the user sees it: 1 is the header line
    column: str  # the column's header as the user's file has it
    message: str


@dataclass
class Report:
    created: dict[str, int] = field(default_factory=dict)
    updated: dict[str, int] = field(default_factory=dict)
    problems: list[Problem] = field(default_factory=list)
    dry_run: bool = False
    rows: int = 0

    @property
    def ok(self) -> bool:
        return not self.problems


class _Rollback(Exception):
    pass


def _value(column: Column, raw: Any) -> Any:
    if isinstance(raw, str):
        raw = raw.strip()
        if raw[:1] == "'" and raw[1:2] in FORMULA_START:
            raw = raw[1:]  # our own formula guard, on the way back in
    if raw in (None, ""):
        return [] if column.type == "list" else None
    if column.type == "list":
        return [p.strip() for p in re.split(r"[,;]", str(raw)) if p.strip()]
    if column.type == "date":
        return _date(raw)
    if column.type == "int":
        try:
            return int(float(raw))
        except (TypeError, ValueError) as exc:
            raise ValidationError(BAD_NUMBER, params={"value": raw}) from exc
    if column.type == "decimal":
        try:
            return Decimal(str(raw).replace(" ", ""))
        except InvalidOperation as exc:
            raise ValidationError(BAD_NUMBER, params={"value": raw}) from exc
    if column.type == "bool":
        text = str(raw).strip().lower()
        if text in ("1", "true", "yes", "ya", "y"):
            return True
        if text in ("0", "false", "no", "tidak", "n"):
            return False
        raise ValidationError(BAD_BOOL, params={"value": raw})
    if isinstance(raw, float) and raw.is_integer():
        return str(int(raw))
    return str(raw)


def _date(raw: Any) -> dt.date:
    if isinstance(raw, dt.datetime):
        return raw.date()
    if isinstance(raw, dt.date):
        return raw
    text = str(raw).strip()
    m = re.fullmatch(r"(\d{4})-(\d{1,2})-(\d{1,2})", text) or None
    try:
        if m:
            return dt.date(int(m.group(1)), int(m.group(2)), int(m.group(3)))
        m = re.fullmatch(r"(\d{1,2})[/.-](\d{1,2})[/.-](\d{4})", text)
        if m:  # day first, as Indonesia writes dates
            return dt.date(int(m.group(3)), int(m.group(2)), int(m.group(1)))
    except ValueError:
        pass
    found = text_dates.find_dates(text)
    if found and found[0].text.strip() == text.rstrip("."):
        return found[0].date
    raise ValidationError(BAD_DATE, params={"value": raw})


def import_tables(
    *,
    user: Any,
    tables: dict[str, list[list[Any]]],
    mappings: dict[str, dict[int, str]] | None = None,
    dry_run: bool = False,
    valid_only: bool = False,
) -> Report:
    """Check and write every row through the services; all or nothing unless valid_only."""
    from mitra.interop import rows as row_writers

    report = Report(dry_run=dry_run)
    if not any(len(rows) > 1 for rows in tables.values()):
        report.problems.append(Problem("", 0, "", str(NO_ROWS)))
        return report
    # First every cell of every row is read and checked, outside any transaction; only then
    # are the rows written through the services, in one transaction (all or nothing).
    checked: list[tuple[str, int, dict[str, Any], dict[str, str], list[Problem]]] = []
    for name in ORDER:
        if name not in tables:
            continue
        header, *rows = tables[name]
        mapping = (mappings or {}).get(name) or default_mapping(name, header)
        # Problems name a column by its header in the user's file, not by our key.
        headers = {c.key: str(c.label) for c in TABLES[name]}
        headers.update(
            {key: str(header[i]).strip() for i, key in mapping.items() if i < len(header)}
        )
        for offset, raw in enumerate(rows, start=2):
            values, row_problems = _read_row(name, offset, raw, mapping, headers)
            checked.append((name, offset, values, headers, row_problems))
    report.rows = len(checked)
    try:
        with transaction.atomic():
            take_turns("spreadsheet-import")  # a second import finds the first's rows by code
            for name, offset, values, headers, row_problems in checked:
                if not row_problems:
                    try:
                        with transaction.atomic():  # a savepoint: a refused row leaves nothing
                            created = row_writers.WRITERS[name](user, values)
                        bucket = report.created if created else report.updated
                        bucket[name] = bucket.get(name, 0) + 1
                    except ValidationError as exc:
                        row_problems.extend(_problems(name, offset, exc, headers))
                report.problems.extend(row_problems)
            if dry_run or (report.problems and not valid_only):
                raise _Rollback
    except _Rollback:
        if not dry_run:
            report.created, report.updated = {}, {}
    return report


def _read_row(
    name: str, offset: int, raw: list[Any], mapping: dict[int, str], headers: dict[str, str]
) -> tuple[dict[str, Any], list[Problem]]:
    """One row's cells as typed values, and the problems of its cells and required columns."""
    columns = {c.key: c for c in TABLES[name]}
    problems: list[Problem] = []
    values: dict[str, Any] = {}
    for index, key in mapping.items():
        try:
            values[key] = _value(columns[key], raw[index] if index < len(raw) else None)
        except ValidationError as exc:
            problems.append(Problem(name, offset, headers[key], " ".join(exc.messages)))
    named = {p.column for p in problems}
    problems.extend(
        Problem(name, offset, headers[column.key], str(REQUIRED))
        for column in TABLES[name]
        if column.required
        and values.get(column.key) in (None, "", [])
        and headers[column.key] not in named
    )
    return values, problems


def _problems(table: str, row: int, exc: ValidationError, headers: dict[str, str]) -> list[Problem]:
    if hasattr(exc, "error_dict"):
        return [
            Problem(table, row, headers.get(key, key) if key != "__all__" else "", str(message))
            for key, messages in exc.message_dict.items()
            for message in messages
        ]
    return [Problem(table, row, "", str(m)) for m in exc.messages]


def download(name: str, fmt: str, rows: list[dict[str, Any]]) -> Any:
    """An HTTP response with one table as XLSX or CSV (list pages' "Download")."""
    from django.http import HttpResponse
    from django.utils import timezone

    stamp = timezone.localdate().strftime("%Y%m%d")
    if fmt == "xlsx":
        response = HttpResponse(
            write_xlsx({name: rows}),
            content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        )
        response["Content-Disposition"] = f'attachment; filename="mitra-{name}-{stamp}.xlsx"'
        return response
    response = HttpResponse(write_csv(name, rows), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="mitra-{name}-{stamp}.csv"'
    return response


def export_tables(user: Any, names: Iterable[str] = ORDER) -> dict[str, list[dict[str, Any]]]:
    """The rows of each table this user may read, in a stable order."""
    from mitra.agreements import selectors as agreement_selectors
    from mitra.partners import selectors as partner_selectors
    from mitra.plans import selectors as plan_selectors

    out: dict[str, list[dict[str, Any]]] = {}
    if "partners" in names:
        out["partners"] = partner_rows(partner_selectors.partners_for_export(user=user))
    if "agreements" in names:
        out["agreements"] = agreement_rows(agreement_selectors.agreements_for_export(user=user))
    if "activities" in names:
        out["activities"] = activity_rows(plan_selectors.activities_for_export(user=user))
    return out

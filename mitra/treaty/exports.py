"""The treaty list as the XLSX the bureau hands to the foreign ministry's treaty record: one row
per agreement with what that record registers (parties, signature, entry into force,
ratification and its instrument, the diplomatic notes, the lodging of the original and its
reference) and what is still owed (open deadlines)."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.utils.translation import gettext as _

from mitra.core import csv
from mitra.treaty import selectors


def _date(day: dt.date | None) -> Any:
    return day or ""


def columns() -> list[str]:
    return [
        _("No."),
        _("Title"),
        _("Title (English)"),
        _("Type"),
        _("Parties"),
        _("Our reference number"),
        _("Responsible unit"),
        _("Place of signature"),
        _("Date of signature"),
        _("Entry into force"),
        _("Expiry"),
        _("Ratification"),
        _("Instrument number"),
        _("State Gazette number"),
        _("Diplomatic notes"),
        _("Original lodged on"),
        _("Treaty record reference"),
        _("Open deadlines"),
    ]


def rows(agreements: Any) -> list[list[Any]]:
    out = []
    for n, a in enumerate(agreements, start=1):
        record = selectors.record_of(a)
        notes = list(record.notes.all()) if record else []
        open_deadlines = [v for v in selectors.deadline_views(record) if v.is_open]
        out.append(
            [
                n,
                a.title,
                a.title_en,
                a.get_kind_display(),
                "; ".join(p.partner.name for p in a.parties.all()),
                a.reference_number,
                str(a.responsible_unit or ""),
                a.place_signed,
                _("unknown") if a.signature_date_unknown else _date(a.date_signed),
                _date(a.date_in_force),
                _date(a.date_expiry),
                record.get_ratification_display() if record and record.ratification else "",
                record.instrument_number if record else "",
                record.gazette_number if record else "",
                "\n".join(
                    f"{x.date:%Y-%m-%d} · {x.get_direction_display()} · {x.reference}"
                    for x in notes
                ),
                _date(record.lodged_on) if record else "",
                record.treaty_reference if record else "",
                "\n".join(
                    f"{v.deadline.get_kind_display()}: {v.deadline.due_date:%Y-%m-%d}"
                    for v in open_deadlines
                ),
            ]
        )
    return out


def write_xlsx(agreements: Any) -> bytes:
    """One sheet, headings in the reader's language, dates as dates, text never a formula (the
    project's one XLSX writer, `core.csv.write_xlsx`)."""
    headers = columns()
    return csv.write_xlsx(
        _("Treaty record"),
        headers,
        [dict(zip(headers, row, strict=True)) for row in rows(agreements)],
    )

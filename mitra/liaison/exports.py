"""The directory as a table (XLSX for the duty desk's spreadsheet) and what the PDF needs."""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext as _

from mitra.liaison.selectors import DirectoryRow


def headers() -> list[str]:
    """Column titles, in the reader's language."""
    return [
        _("Partner"),
        _("Role"),
        _("Office"),
        _("Person"),
        _("Phone"),
        _("E-mail"),
        _("Secure messaging"),
        _("24/7"),
        _("Order of escalation"),
        _("Last verified"),
        _("Check"),
    ]


def directory_rows(rows: list[DirectoryRow]) -> list[dict[str, Any]]:
    """One line per contact point; a partner without any has one line saying so. Every value
    is written as text or a date (core.csv guards formulas), never as markup."""
    names = headers()
    out: list[dict[str, Any]] = []
    for row in rows:
        side = str(row.partner) if row.partner is not None else _("Our side")
        if not row.contacts:
            out.append({names[0]: side, names[10]: _("no contact point recorded")})
            continue
        for c in row.contacts:
            values = [
                side,
                c.get_role_display(),
                c.office,
                c.person,
                c.phone,
                c.email,
                c.secure_channel,
                _("yes") if c.duty_24_7 else _("no"),
                c.rank,
                c.last_verified,
                c.verification_flag or "",
            ]
            out.append(dict(zip(names, values, strict=True)))
    return out


def refuse_fetch(url: str, *args: Any, **kwargs: Any) -> dict[str, Any]:
    """The directory PDF is self-contained: nothing may be fetched while rendering it."""
    raise ValueError(f"refused to fetch {url} while rendering a PDF")

"""Typed inputs of the treaty record's services (forms and the demo build them)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass


@dataclass(frozen=True)
class TreatyIn:
    ratification: str = ""
    instrument_number: str = ""
    gazette_number: str = ""
    lodged_on: dt.date | None = None
    treaty_reference: str = ""


@dataclass(frozen=True)
class NoteIn:
    date: dt.date
    direction: str
    reference: str
    subject: str = ""

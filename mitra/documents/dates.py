"""Dates as Indonesian and English texts write them.

In-text dates are found by rules: "Senin (28/4/2025)", "18 Januari 2018", "9-10 Juli 2019",
"October 27–28, 2022", "Monday, 22 June 2020". Only full dates count: a bare year ("pada 2021")
or a day without a year ("Senin (8/6)") gives none, because the format says a date the text does
not give stays null.

dateparser reads all these forms too, but takes about 1.2 ms per string here (measured on this
machine, languages id+en); a 3 KB text holds five or more candidates, and the whole extraction
must stay under 10 ms a text. Two regexes and a month table in both languages do the same work
in microseconds, so dateparser is not used.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass

MONTHS = {
    "januari": 1,
    "january": 1,
    "jan": 1,
    "februari": 2,
    "february": 2,
    "feb": 2,
    "pebruari": 2,
    "maret": 3,
    "march": 3,
    "mar": 3,
    "april": 4,
    "apr": 4,
    "mei": 5,
    "may": 5,
    "juni": 6,
    "june": 6,
    "jun": 6,
    "juli": 7,
    "july": 7,
    "jul": 7,
    "agustus": 8,
    "august": 8,
    "agu": 8,
    "aug": 8,
    "september": 9,
    "sep": 9,
    "sept": 9,
    "oktober": 10,
    "october": 10,
    "okt": 10,
    "oct": 10,
    "november": 11,
    "nov": 11,
    "nopember": 11,
    "desember": 12,
    "december": 12,
    "des": 12,
    "dec": 12,
}
_MONTH = "|".join(sorted(MONTHS, key=len, reverse=True))
_DASH = r"\s*[-–—]\s*"

# 9-10 Juli 2019 / 18 Januari 2018 / 2 Juni 2022
DAY_MONTH_YEAR = re.compile(
    rf"\b(\d{{1,2}})(?:{_DASH}\d{{1,2}})?\s+({_MONTH})\.?,?\s+(\d{{4}})\b", re.IGNORECASE
)
# October 27–28, 2022 / January 24-26, 2025 / June 22, 2020
MONTH_DAY_YEAR = re.compile(
    rf"\b({_MONTH})\.?\s+(\d{{1,2}})(?:{_DASH}\d{{1,2}})?,?\s+(\d{{4}})\b", re.IGNORECASE
)
# (28/4/2025) / (21/02/26): the day first, as Indonesian news writes it.
NUMERIC = re.compile(r"\b(\d{1,2})/(\d{1,2})/(\d{4}|\d{2})\b")


@dataclass(frozen=True)
class Found:
    date: dt.date
    start: int
    end: int
    text: str


def _make(year: int, month: int, day: int) -> dt.date | None:
    try:
        return dt.date(year, month, day)
    except ValueError:
        return None


def find_dates(text: str) -> list[Found]:
    """Every full date in the text, in order, each once per place it is written."""
    found: list[Found] = []
    taken: list[tuple[int, int]] = []

    def add(date: dt.date | None, m: re.Match[str]) -> None:
        if date is None or not 1900 <= date.year <= 2100:
            return
        if any(s < m.end() and m.start() < e for s, e in taken):
            return
        taken.append((m.start(), m.end()))
        found.append(Found(date, m.start(), m.end(), m.group(0)))

    for m in DAY_MONTH_YEAR.finditer(text):
        add(_make(int(m.group(3)), MONTHS[m.group(2).lower()], int(m.group(1))), m)
    for m in MONTH_DAY_YEAR.finditer(text):
        add(_make(int(m.group(3)), MONTHS[m.group(1).lower()], int(m.group(2))), m)
    for m in NUMERIC.finditer(text):
        year = int(m.group(3))
        year += 2000 if year < 100 else 0
        add(_make(year, int(m.group(2)), int(m.group(1))), m)
    return sorted(found, key=lambda f: f.start)


DATELINE = re.compile(
    r"^\s*(?:[A-Z][\w.]*(?:\s+[A-Z][\w.]*){0,3},\s*)?"  # a place or a weekday, then a comma
    r"(?:\w+,?\s+)?\d{1,2}\s+\w+\s+\d{4}(?:\s*[-–|]\s*\d{1,2}[:.]\d{2}(?:\s*\w+)?)?\s*$"
)


def dateline(lines: list[str]) -> tuple[dt.date, int] | None:
    """A publication date standing on its own line just under the title, and its line number.

    "Astana, 25 Oktober 2018", "Rabu, 25 November 2020 - 14:11 WIB", "Saturday, 3 February
    2024". A date inside the first sentence is the event's, not the publication's.
    """
    for number, line in enumerate(lines[1:5], start=1):
        stripped = line.strip()
        if not stripped or len(stripped) > 60 or not DATELINE.match(stripped):
            continue
        dates = find_dates(stripped)
        if dates:
            return dates[0].date, number
    return None

"""Working days in Indonesia: Monday to Friday, less the public holidays and the collective
leave days (cuti bersama) that the government sets each year.

Where the days come from: the `holidays` package (vacanza/holidays, MIT licence), country "ID",
categories "public" (hari libur nasional) and "government" (cuti bersama for civil servants).
Its Indonesian calendar cites, for each year, the joint decree of the Ministers of Religious
Affairs, of Manpower and of State Apparatus Empowerment (SKB 3 Menteri) on national holidays and
collective leave; `KNOWN_THROUGH` is the last year whose decree it carries. Beyond that year only
the weekends and the fixed and computed holidays count (no collective leave is known yet), and
the deadline says so.
"""

from __future__ import annotations

import datetime as dt
from functools import lru_cache

import holidays
from holidays.countries.indonesia import IndonesiaStaticHolidays

SOURCE = "SKB 3 Menteri (hari libur nasional dan cuti bersama), via holidays " + str(
    holidays.__version__
)
# The last year whose collective leave days (from that year's SKB 3 Menteri) are in the list.
KNOWN_THROUGH: int = max(IndonesiaStaticHolidays.special_government_holidays)


@lru_cache(maxsize=64)
def _year(year: int) -> dict[dt.date, str]:
    days = holidays.country_holidays(
        "ID", years=year, categories=("public", "government"), language="id"
    )
    return dict(days.items())


def holiday_name(day: dt.date) -> str:
    """The name of the public holiday or collective leave on `day` ("" on an ordinary day)."""
    return _year(day.year).get(day, "")


def is_working_day(day: dt.date) -> bool:
    return day.weekday() < 5 and not holiday_name(day)


def add_working_days(start: dt.date, n: int) -> dt.date:
    """The `n`th working day after `start` (the day itself not counted): a request received on
    Friday with 3 working days is due on Wednesday, later when a holiday falls between."""
    if n < 0:
        raise ValueError("n must not be negative")
    day = start
    left = n
    while left:
        day += dt.timedelta(days=1)
        if is_working_day(day):
            left -= 1
    return day


def holidays_between(start: dt.date, end: dt.date) -> list[tuple[dt.date, str]]:
    """The holidays and collective leave days after `start` up to `end`, on weekdays (those the
    deadline skipped), for the page to say why a deadline lies where it does."""
    out = []
    day = start + dt.timedelta(days=1)
    while day <= end:
        name = holiday_name(day)
        if name and day.weekday() < 5:
            out.append((day, name))
        day += dt.timedelta(days=1)
    return out


def beyond_known(day: dt.date) -> bool:
    """Whether `day` lies after the last year whose collective leave is known."""
    return day.year > KNOWN_THROUGH

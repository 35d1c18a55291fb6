"""Calendar arithmetic the standard library lacks: ages and whole months."""

from __future__ import annotations

import calendar
import datetime as dt


def age_on(born: dt.date, day: dt.date) -> int:
    """Completed years of age on `day`. Someone born on 29 February turns a year older
    on 1 March in a year that is not a leap year, as UK law counts it."""
    years = day.year - born.year
    if (day.month, day.day) < (born.month, born.day):
        years -= 1
    return years


def add_months(day: dt.date, months: int) -> dt.date:
    """The same day of the month `months` later, or the month's last day if it has no
    such day (31 August plus six months is 28 or 29 February)."""
    index = day.month - 1 + months
    year, month = day.year + index // 12, index % 12 + 1
    return dt.date(year, month, min(day.day, calendar.monthrange(year, month)[1]))

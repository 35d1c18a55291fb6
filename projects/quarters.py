"""Financial quarters (April to June, July to September, October to December, January to
March), each named by its first day (lib.quarters.quarter_start)."""

from __future__ import annotations

import datetime as dt

from lib.quarters import quarter_start

# The most quarters a project may run over: ten years.
MAX_QUARTERS = 40


def next_quarter(quarter: dt.date) -> dt.date:
    month = quarter.month + 3
    return dt.date(quarter.year + (month - 1) // 12, (month - 1) % 12 + 1, 1)


def previous_quarter(quarter: dt.date) -> dt.date:
    month = quarter.month - 3
    return dt.date(quarter.year + (month - 1) // 12, (month - 1) % 12 + 1, 1)


def quarter_end(quarter: dt.date) -> dt.date:
    return next_quarter(quarter) - dt.timedelta(days=1)


def financial_year(quarter: dt.date) -> str:
    first = quarter.year if quarter.month >= 4 else quarter.year - 1
    return f"{first}-{str(first + 1)[-2:]}"


def quarter_number(quarter: dt.date) -> int:
    return (quarter.month - 4) % 12 // 3 + 1


def label(quarter: dt.date) -> str:
    """Q1 2025-26 (April to June 2025)."""
    end = quarter_end(quarter)
    return f"Q{quarter_number(quarter)} {financial_year(quarter)} ({quarter:%B} to {end:%B %Y})"


def short_label(quarter: dt.date) -> str:
    return f"Q{quarter_number(quarter)} {financial_year(quarter)}"


def between(start: dt.date, end: dt.date) -> list[dt.date]:
    """The quarters from the one holding `start` to the one holding `end`, at most
    MAX_QUARTERS."""
    quarters: list[dt.date] = []
    quarter = quarter_start(start)
    while quarter <= end and len(quarters) < MAX_QUARTERS:
        quarters.append(quarter)
        quarter = next_quarter(quarter)
    return quarters


def parse(value: object) -> dt.date | None:
    """A quarter named by its first day in ISO form, or None for anything else."""
    if not isinstance(value, str) or len(value) != 10:
        return None
    try:
        day = dt.date.fromisoformat(value)
    except ValueError:
        return None
    return day if day == quarter_start(day) else None


def count(start: dt.date, end: dt.date) -> int:
    """How many quarters a project from `start` to `end` runs over."""
    return (end.year * 12 + end.month - 1) // 3 - (start.year * 12 + start.month - 1) // 3 + 1

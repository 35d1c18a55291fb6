"""Working days in England and Wales: weekends and England-and-Wales bank holidays excluded.

Channel referral targets (default 5 working days) are measured in these units, so the
calendar is computed here by rule rather than fetched: the queue must render without a
network call, and the rules plus a short table of one-off changes reproduce GOV.UK's
published lists for every year we support.
"""

import bisect
import datetime as dt
import functools

FIRST_SUPPORTED_YEAR = 1995
LAST_SUPPORTED_YEAR = 2100

_D = dt.date

# One-off changes to the rule-based calendar, as (removed dates, added dates). Years outside
# this table follow the rules exactly. Before 1995 the table would need earlier one-offs
# (1977 and 1981 among them), which is why support starts in 1995.
ONE_OFFS: dict[int, tuple[frozenset[dt.date], frozenset[dt.date]]] = {
    # 50th anniversary of VE Day: early May bank holiday moved from Monday 1 May to Monday 8 May.
    1995: (frozenset({_D(1995, 5, 1)}), frozenset({_D(1995, 5, 8)})),
    # Millennium: extra bank holiday on Friday 31 December.
    1999: (frozenset(), frozenset({_D(1999, 12, 31)})),
    # Golden Jubilee: spring bank holiday moved from Monday 27 May to Tuesday 4 June, and an extra
    # bank holiday on Monday 3 June.
    2002: (frozenset({_D(2002, 5, 27)}), frozenset({_D(2002, 6, 3), _D(2002, 6, 4)})),
    # Wedding of Prince William and Catherine Middleton: extra bank holiday on Friday 29 April.
    2011: (frozenset(), frozenset({_D(2011, 4, 29)})),
    # Diamond Jubilee: spring bank holiday moved from Monday 28 May to Monday 4 June, and an extra
    # bank holiday on Tuesday 5 June.
    2012: (frozenset({_D(2012, 5, 28)}), frozenset({_D(2012, 6, 4), _D(2012, 6, 5)})),
    # 75th anniversary of VE Day: early May bank holiday moved from Monday 4 May to Friday 8 May.
    2020: (frozenset({_D(2020, 5, 4)}), frozenset({_D(2020, 5, 8)})),
    # Platinum Jubilee: spring bank holiday moved from Monday 30 May to Thursday 2 June, and an
    # extra bank holiday on Friday 3 June. State funeral of Queen Elizabeth II: Monday 19 September.
    2022: (
        frozenset({_D(2022, 5, 30)}),
        frozenset({_D(2022, 6, 2), _D(2022, 6, 3), _D(2022, 9, 19)}),
    ),
    # Coronation of King Charles III: extra bank holiday on Monday 8 May.
    2023: (frozenset(), frozenset({_D(2023, 5, 8)})),
}

_MONDAY = 0
_SATURDAY = 5
_SUNDAY = 6


def _check_year(year: int) -> None:
    # Outside this range the one-off table is unknown (future proclamations) or the rules
    # themselves differ, so a silent answer could be wrong; refusing is safer.
    if not FIRST_SUPPORTED_YEAR <= year <= LAST_SUPPORTED_YEAR:
        raise ValueError(
            f"working days are only known for {FIRST_SUPPORTED_YEAR}–{LAST_SUPPORTED_YEAR}, not {year}"
        )


def easter_sunday(year: int) -> dt.date:
    """Western (Gregorian) Easter Sunday, by the anonymous Gregorian (Meeus/Jones/Butcher) algorithm."""
    a = year % 19
    b, c = divmod(year, 100)
    d, e = divmod(b, 4)
    f = (b + 8) // 25
    g = (b - f + 1) // 3
    h = (19 * a + b - d - g + 15) % 30
    i, k = divmod(c, 4)
    l = (32 + 2 * e + 2 * i - h - k) % 7  # noqa: E741 -- the algorithm's published name
    m = (a + 11 * h + 22 * l) // 451
    month, day = divmod(h + l - 7 * m + 114, 31)
    return dt.date(year, month, day + 1)


def _first_monday(year: int, month: int) -> dt.date:
    first = dt.date(year, month, 1)
    return first + dt.timedelta(days=(_MONDAY - first.weekday()) % 7)


def _last_monday(year: int, month: int) -> dt.date:
    last = dt.date(year + month // 12, month % 12 + 1, 1) - dt.timedelta(days=1)
    return last - dt.timedelta(days=(last.weekday() - _MONDAY) % 7)


def _new_year(year: int) -> dt.date:
    day = dt.date(year, 1, 1)
    if day.weekday() == _SATURDAY:
        return day + dt.timedelta(days=2)
    if day.weekday() == _SUNDAY:
        return day + dt.timedelta(days=1)
    return day


def _christmas_and_boxing_day(year: int) -> set[dt.date]:
    christmas = dt.date(year, 12, 25)
    weekday = christmas.weekday()
    if weekday == _SATURDAY:
        return {dt.date(year, 12, 27), dt.date(year, 12, 28)}
    if weekday == _SUNDAY:
        return {dt.date(year, 12, 26), dt.date(year, 12, 27)}
    if weekday == _SATURDAY - 1:
        # Christmas on Friday puts Boxing Day on Saturday; its substitute is the Monday.
        return {christmas, dt.date(year, 12, 28)}
    return {christmas, dt.date(year, 12, 26)}


@functools.cache
def bank_holidays(year: int) -> frozenset[dt.date]:
    """England and Wales bank holidays in `year` (1995–2100), substitute days included."""
    _check_year(year)
    easter = easter_sunday(year)
    days = {
        _new_year(year),
        easter - dt.timedelta(days=2),
        easter + dt.timedelta(days=1),
        _first_monday(year, 5),
        _last_monday(year, 5),
        _last_monday(year, 8),
        *_christmas_and_boxing_day(year),
    }
    removed, added = ONE_OFFS.get(year, (frozenset(), frozenset()))
    return frozenset((days - removed) | added)


@functools.cache
def _weekday_holiday_ordinals() -> tuple[int, ...]:
    # One sorted table across every supported year lets a span of any length be counted with
    # two bisections instead of a walk over its years. Only holidays on Monday–Friday matter,
    # since weekends are already excluded by the week arithmetic.
    return tuple(
        sorted(
            day.toordinal()
            for year in range(FIRST_SUPPORTED_YEAR, LAST_SUPPORTED_YEAR + 1)
            for day in bank_holidays(year)
            if day.weekday() < _SATURDAY
        )
    )


def _weekdays_through(day: dt.date) -> int:
    # Ordinal 1 (1 January of year 1) was a Monday, so ordinals 1..n hold n // 7 whole weeks
    # followed by up to five more weekdays.
    weeks, rest = divmod(day.toordinal(), 7)
    return weeks * 5 + min(rest, 5)


def is_working_day(day: dt.date) -> bool:
    """Whether `day` is Monday to Friday and not an England and Wales bank holiday."""
    return day.weekday() < _SATURDAY and day not in bank_holidays(day.year)


def working_days_between(start: dt.date, end: dt.date) -> int:
    """Working days after `start` up to and including `end`; 0 when `end` is not after `start`.

    Received Monday and assessed Friday of the same week is 4; received Friday, assessed the
    following Monday is 1.
    """
    if end <= start:
        return 0
    _check_year(start.year)
    _check_year(end.year)
    holidays = _weekday_holiday_ordinals()
    holiday_count = bisect.bisect_right(holidays, end.toordinal()) - bisect.bisect_right(
        holidays, start.toordinal()
    )
    return _weekdays_through(end) - _weekdays_through(start) - holiday_count


def _add_weekdays(start: dt.date, days: int) -> dt.date:
    # Counting from a weekend is the same as counting from the Friday before it.
    weekday = start.weekday()
    if weekday >= _SATURDAY:
        start -= dt.timedelta(days=weekday - (_SATURDAY - 1))
        weekday = _SATURDAY - 1
    weeks, rest = divmod(days, 5)
    skip_weekend = 2 if weekday + rest >= _SATURDAY else 0
    return start + dt.timedelta(days=weeks * 7 + rest + skip_weekend)


def add_working_days(start: dt.date, days: int) -> dt.date:
    """The date `days` working days after `start`: the due date of a target received on `start`.

    With `days` > 0 the result is always a working day; with 0 it is `start` itself.
    """
    if days < 0:
        raise ValueError(f"days must not be negative, not {days}")
    _check_year(start.year)
    result = start
    remaining = days
    # Jumping by weekdays overshoots nothing: each pass falls short by exactly the bank holidays
    # it crossed (or landed on), so a few passes converge on the earliest date with the full count.
    while remaining > 0:
        result = _add_weekdays(result, remaining)
        remaining = days - working_days_between(start, result)
    return result

import datetime as dt
import functools
import random

import pytest

from lib.working_days import (
    FIRST_SUPPORTED_YEAR,
    LAST_SUPPORTED_YEAR,
    ONE_OFFS,
    add_working_days,
    bank_holidays,
    easter_sunday,
    is_working_day,
    working_days_between,
)

D = dt.date

# GOV.UK's published England and Wales lists, written out by hand rather than derived, so that
# a mistake in the rules cannot also be a mistake in the expectation.
PUBLISHED = {
    2018: [D(2018, 1, 1), D(2018, 3, 30), D(2018, 4, 2), D(2018, 5, 7), D(2018, 5, 28), D(2018, 8, 27),
           D(2018, 12, 25), D(2018, 12, 26)],
    2019: [D(2019, 1, 1), D(2019, 4, 19), D(2019, 4, 22), D(2019, 5, 6), D(2019, 5, 27), D(2019, 8, 26),
           D(2019, 12, 25), D(2019, 12, 26)],
    # VE Day 75th anniversary moved the early May bank holiday to Friday 8 May; Boxing Day was a
    # Saturday, so Monday 28 December.
    2020: [D(2020, 1, 1), D(2020, 4, 10), D(2020, 4, 13), D(2020, 5, 8), D(2020, 5, 25), D(2020, 8, 31),
           D(2020, 12, 25), D(2020, 12, 28)],
    # Christmas on Saturday: substitutes Monday 27 and Tuesday 28 December.
    2021: [D(2021, 1, 1), D(2021, 4, 2), D(2021, 4, 5), D(2021, 5, 3), D(2021, 5, 31), D(2021, 8, 30),
           D(2021, 12, 27), D(2021, 12, 28)],
    # New Year on Saturday (3 January substitute), Platinum Jubilee, the Queen's state funeral, and
    # Christmas on Sunday (Boxing Day 26, Christmas substitute 27).
    2022: [D(2022, 1, 3), D(2022, 4, 15), D(2022, 4, 18), D(2022, 5, 2), D(2022, 6, 2), D(2022, 6, 3),
           D(2022, 8, 29), D(2022, 9, 19), D(2022, 12, 26), D(2022, 12, 27)],
    # New Year on Sunday (2 January substitute) and the coronation on 8 May.
    2023: [D(2023, 1, 2), D(2023, 4, 7), D(2023, 4, 10), D(2023, 5, 1), D(2023, 5, 8), D(2023, 5, 29),
           D(2023, 8, 28), D(2023, 12, 25), D(2023, 12, 26)],
    2024: [D(2024, 1, 1), D(2024, 3, 29), D(2024, 4, 1), D(2024, 5, 6), D(2024, 5, 27), D(2024, 8, 26),
           D(2024, 12, 25), D(2024, 12, 26)],
    2025: [D(2025, 1, 1), D(2025, 4, 18), D(2025, 4, 21), D(2025, 5, 5), D(2025, 5, 26), D(2025, 8, 25),
           D(2025, 12, 25), D(2025, 12, 26)],
    # Boxing Day on Saturday: substitute Monday 28 December.
    2026: [D(2026, 1, 1), D(2026, 4, 3), D(2026, 4, 6), D(2026, 5, 4), D(2026, 5, 25), D(2026, 8, 31),
           D(2026, 12, 25), D(2026, 12, 28)],
    # Christmas on Saturday: substitutes Monday 27 and Tuesday 28 December.
    2027: [D(2027, 1, 1), D(2027, 3, 26), D(2027, 3, 29), D(2027, 5, 3), D(2027, 5, 31), D(2027, 8, 30),
           D(2027, 12, 27), D(2027, 12, 28)],
}  # fmt: skip


@pytest.mark.parametrize("year", sorted(PUBLISHED))
def test_bank_holidays_match_the_published_govuk_list(year: int) -> None:
    assert sorted(bank_holidays(year)) == PUBLISHED[year]


def test_the_historic_one_offs_are_applied() -> None:
    assert D(1995, 5, 8) in bank_holidays(1995)
    assert D(1995, 5, 1) not in bank_holidays(1995)
    assert D(1999, 12, 31) in bank_holidays(1999)
    assert {D(2002, 6, 3), D(2002, 6, 4)} <= bank_holidays(2002)
    assert D(2002, 5, 27) not in bank_holidays(2002)
    assert D(2011, 4, 29) in bank_holidays(2011)
    assert {D(2012, 6, 4), D(2012, 6, 5)} <= bank_holidays(2012)
    assert D(2012, 5, 28) not in bank_holidays(2012)


def test_one_off_changes_only_touch_their_own_year() -> None:
    for year, (removed, added) in ONE_OFFS.items():
        assert {day.year for day in removed | added} == {year}


def test_every_supported_year_has_eight_weekday_bank_holidays_unless_a_one_off_adds_some() -> None:
    for year in range(FIRST_SUPPORTED_YEAR, LAST_SUPPORTED_YEAR + 1):
        days = bank_holidays(year)
        removed, added = ONE_OFFS.get(year, (frozenset(), frozenset()))
        assert len(days) == 8 + len(added) - len(removed)
        assert all(day.weekday() < 5 for day in days)
        assert all(day.year == year for day in days)


def test_years_outside_the_supported_range_are_refused() -> None:
    with pytest.raises(ValueError, match="1994"):
        bank_holidays(1994)
    with pytest.raises(ValueError, match="2101"):
        is_working_day(D(2101, 1, 3))


@pytest.mark.parametrize(
    ("year", "expected"),
    [(2019, D(2019, 4, 21)), (2024, D(2024, 3, 31)), (2025, D(2025, 4, 20)), (2038, D(2038, 4, 25))],
)
def test_easter_sunday_falls_on_the_known_date(year: int, expected: dt.date) -> None:
    assert easter_sunday(year) == expected


def test_weekends_and_bank_holidays_are_not_working_days() -> None:
    assert is_working_day(D(2026, 3, 9))  # a Monday
    assert not is_working_day(D(2026, 3, 7))  # a Saturday
    assert not is_working_day(D(2026, 3, 8))  # a Sunday
    assert not is_working_day(D(2026, 12, 28))  # Boxing Day substitute


def test_monday_to_friday_of_one_week_is_four_working_days() -> None:
    assert working_days_between(D(2026, 3, 2), D(2026, 3, 6)) == 4


def test_friday_to_the_next_monday_is_one_working_day() -> None:
    assert working_days_between(D(2026, 3, 6), D(2026, 3, 9)) == 1


def test_a_weekend_alone_holds_no_working_days() -> None:
    assert working_days_between(D(2026, 3, 6), D(2026, 3, 8)) == 0


def test_christmas_and_new_year_2026_27_skip_25_and_28_december_and_1_january() -> None:
    # Thursday 24 December to Monday 4 January: only 29, 30, 31 December and 4 January count.
    assert working_days_between(D(2026, 12, 24), D(2027, 1, 4)) == 4


def test_easter_2026_skips_good_friday_and_easter_monday() -> None:
    # Wednesday 1 April to Wednesday 8 April: Thursday 2, Tuesday 7 and Wednesday 8.
    assert working_days_between(D(2026, 4, 1), D(2026, 4, 8)) == 3
    assert working_days_between(D(2026, 4, 2), D(2026, 4, 7)) == 1


def test_the_same_day_is_zero_working_days() -> None:
    assert working_days_between(D(2026, 3, 4), D(2026, 3, 4)) == 0


def test_an_end_before_the_start_is_zero_working_days() -> None:
    assert working_days_between(D(2026, 3, 10), D(2026, 3, 2)) == 0


@functools.cache
def _slow_cumulative() -> tuple[dt.date, list[int]]:
    """Working days from the first supported day up to each day, counted one day at a time."""
    first = D(FIRST_SUPPORTED_YEAR, 1, 1)
    last = D(LAST_SUPPORTED_YEAR, 12, 31)
    totals, running, day = [], 0, first
    while day <= last:
        if day.weekday() < 5 and day not in bank_holidays(day.year):
            running += 1
        totals.append(running)
        day += dt.timedelta(days=1)
    return first, totals


def _slow_working_days_between(start: dt.date, end: dt.date) -> int:
    if end <= start:
        return 0
    first, totals = _slow_cumulative()
    return totals[(end - first).days] - totals[(start - first).days]


def _random_pairs() -> list[tuple[dt.date, dt.date]]:
    rng = random.Random(20260324)
    first = D(FIRST_SUPPORTED_YEAR, 1, 1).toordinal()
    last = D(LAST_SUPPORTED_YEAR, 12, 31).toordinal()
    pairs = []
    for index in range(400):
        # Mostly short spans like real queue waits, some across year ends, and some of decades.
        longest = (15, 800, 40_000)[index % 3]
        start = rng.randint(first, last)
        end = min(last, start + rng.randint(0, longest))
        pairs.append((dt.date.fromordinal(start), dt.date.fromordinal(end)))
    # Spans that start just before and end just after a year boundary.
    for year in range(FIRST_SUPPORTED_YEAR, LAST_SUPPORTED_YEAR, 7):
        pairs.append((D(year, 12, rng.randint(20, 31)), D(year + 1, 1, rng.randint(1, 10))))
    return pairs


PAIRS = _random_pairs()


def test_random_pairs_include_spans_across_year_ends_and_of_many_years() -> None:
    assert sum(start.year != end.year for start, end in PAIRS) > 100
    assert any(end.year - start.year > 50 for start, end in PAIRS)


def test_working_days_between_agrees_with_counting_day_by_day() -> None:
    for start, end in PAIRS:
        assert working_days_between(start, end) == _slow_working_days_between(start, end), (start, end)
        assert working_days_between(end, start) == 0


def test_add_working_days_undoes_working_days_between() -> None:
    for start, end in PAIRS:
        days = working_days_between(start, end)
        due = add_working_days(start, days)
        assert working_days_between(start, due) == days, (start, days)
        assert due <= end, (start, end)
        if days > 0:
            assert is_working_day(due), (start, days)


def test_add_working_days_lands_on_the_earliest_such_working_day() -> None:
    for start, _ in PAIRS[:100]:
        for days in range(1, 12):
            due = add_working_days(start, days)
            assert is_working_day(due)
            assert working_days_between(start, due - dt.timedelta(days=1)) == days - 1


def test_adding_no_working_days_gives_the_start_even_on_a_holiday() -> None:
    assert add_working_days(D(2026, 12, 25), 0) == D(2026, 12, 25)


def test_adding_negative_working_days_is_refused() -> None:
    with pytest.raises(ValueError, match="negative"):
        add_working_days(D(2026, 3, 2), -1)


def test_a_referral_received_on_christmas_eve_2026_is_due_on_tuesday_5_january_2027() -> None:
    # Friday 25 (Christmas) and Monday 28 (Boxing Day substitute) are bank holidays, so the
    # count runs Tuesday 29 (1), Wednesday 30 (2), Thursday 31 (3), then skips Friday 1 January
    # (New Year's Day) and the weekend: Monday 4 (4), Tuesday 5 (5).
    due = add_working_days(D(2026, 12, 24), 5)
    assert due == D(2027, 1, 5)
    assert due.weekday() == 1

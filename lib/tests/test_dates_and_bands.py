import datetime as dt

import pytest

from lib.bands import age_band, financial_year
from lib.dates import add_months, age_on


@pytest.mark.parametrize(
    ("born", "day", "age"),
    [
        (dt.date(2008, 6, 15), dt.date(2026, 6, 14), 17),
        (dt.date(2008, 6, 15), dt.date(2026, 6, 15), 18),
        (dt.date(2008, 2, 29), dt.date(2026, 2, 28), 17),
        (dt.date(2008, 2, 29), dt.date(2026, 3, 1), 18),
        (dt.date(2010, 1, 1), dt.date(2010, 1, 1), 0),
    ],
)
def test_age_is_completed_years_on_the_day(born: dt.date, day: dt.date, age: int) -> None:
    assert age_on(born, day) == age


@pytest.mark.parametrize(
    ("day", "months", "expected"),
    [
        (dt.date(2026, 1, 15), 6, dt.date(2026, 7, 15)),
        (dt.date(2026, 8, 31), 6, dt.date(2027, 2, 28)),
        (dt.date(2027, 8, 31), 6, dt.date(2028, 2, 29)),
        (dt.date(2026, 11, 30), 12, dt.date(2027, 11, 30)),
        (dt.date(2026, 12, 1), 1, dt.date(2027, 1, 1)),
        (dt.date(2020, 2, 29), 36, dt.date(2023, 2, 28)),
    ],
)
def test_months_are_added_clamping_to_the_end_of_the_month(
    day: dt.date, months: int, expected: dt.date
) -> None:
    assert add_months(day, months) == expected


@pytest.mark.parametrize(
    ("born", "band"),
    [
        (dt.date(2016, 4, 2), "0-10"),
        (dt.date(2015, 4, 1), "11-15"),
        (dt.date(2010, 4, 2), "11-15"),
        (dt.date(2010, 4, 1), "16-17"),
        (dt.date(2008, 4, 1), "18-20"),
        (dt.date(1975, 4, 1), "51+"),
        (None, "unknown"),
    ],
)
def test_age_bands_are_those_of_the_home_office_statistics(born: dt.date | None, band: str) -> None:
    assert age_band(born, dt.date(2026, 4, 1)) == band


@pytest.mark.parametrize(
    ("day", "year"),
    [(dt.date(2026, 3, 31), 2025), (dt.date(2026, 4, 1), 2026), (dt.date(2026, 12, 31), 2026)],
)
def test_financial_years_run_from_april(day: dt.date, year: int) -> None:
    assert financial_year(day) == year

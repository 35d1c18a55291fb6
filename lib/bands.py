"""How the Home Office statistics group referrals: April-to-March years and age bands
(docs/domain.md, "Age bands, gender and the year"; finer child bands used since 2023/24)."""

from __future__ import annotations

import datetime as dt

from lib.dates import age_on

UNKNOWN_AGE = "unknown"
# (oldest age in the band, band) in order; anyone older is "51+".
AGE_BANDS = [
    (10, "0-10"),
    (15, "11-15"),
    (17, "16-17"),
    (20, "18-20"),
    (30, "21-30"),
    (40, "31-40"),
    (50, "41-50"),
]
OLDEST_BAND = "51+"


def financial_year(day: dt.date) -> int:
    """The April-to-March year a day falls in, named by the year it starts."""
    return day.year if day.month >= 4 else day.year - 1


def financial_quarter(day: dt.date) -> int:
    """The quarter of its financial year a day falls in: 1 is April to June, 4 January to March."""
    return (day.month - 4) % 12 // 3 + 1


def age_band(born: dt.date | None, on: dt.date) -> str:
    if born is None:
        return UNKNOWN_AGE
    age = age_on(born, on)
    return next((band for top, band in AGE_BANDS if age <= top), OLDEST_BAND)

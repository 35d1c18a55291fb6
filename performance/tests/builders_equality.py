"""Figures for the equality tests, written straight into the tallies (the tally itself is
tested through the case actions in cases/tests/test_equality_tally.py)."""

from __future__ import annotations

import datetime as dt

from accounts.models import Partnership
from cases.models import ConcernType, EqualityCount, ReferralSector, StatisticalRecord
from performance.models import EqualityArea


def referrals(
    partnership: Partnership,
    year: int,
    *,
    ethnicity: dict[str, int],
    religion: dict[str, int] | None = None,
    gender: str = "male",
    age_band: str = "11-15",
) -> None:
    """sum(ethnicity) referrals received in April of `year`, counted by ethnic group (and
    religion, all 'Not recorded' unless given)."""
    total = sum(ethnicity.values())
    sector = ReferralSector.objects.get(code="education", partnership=None)
    concern = ConcernType.objects.get(code="extreme_right_wing", partnership=None)
    StatisticalRecord.objects.bulk_create(
        StatisticalRecord(
            partnership=partnership,
            financial_year=year,
            sector=sector,
            concern_type=concern,
            age_band=age_band,
            gender=gender,
            state="received",
            equality_counted=True,
        )
        for _ in range(total)
    )
    quarter = dt.date(year, 4, 1)
    for dimension, counts in (("ethnicity", ethnicity), ("religion", religion or {"Not recorded": total})):
        for group, count in counts.items():
            EqualityCount.objects.create(
                partnership=partnership,
                quarter_start=quarter,
                dimension=dimension,
                group=group,
                referrals=count,
            )


def area(partnership: Partnership, residents: int, codes: str = "E09000030") -> EqualityArea:
    return EqualityArea.objects.create(
        partnership=partnership, local_authority_codes=codes, residents=residents
    )

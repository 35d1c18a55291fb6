"""Statistical records for the statistics tests, made directly (as cases.statistics.refresh
keeps them), in a spread like a demo partnership's year."""

from __future__ import annotations

import random

from accounts.models import Partnership, User
from cases.models import ConcernType, ReferralSector, StatisticalRecord
from performance.models import Region

SECTOR_WEIGHTS = {
    "education": 9,
    "police": 7,
    "local_authority": 3,
    "health": 2,
    "community": 1,
    "friends_family": 1,
}
CONCERN_WEIGHTS = {"islamist": 3, "extreme_right_wing": 4, "no_clear_ideology": 6, "incel": 1, "not_sure": 1}
AGES = {"0-10": 1, "11-15": 6, "16-17": 3, "18-20": 2, "21-30": 2, "31-40": 1, "51+": 1}
GENDERS = {"male": 8, "female": 3, "not_known": 1}


def _pick(chooser: random.Random, weights: dict[str, int]) -> str:
    return chooser.choices(list(weights), weights=list(weights.values()))[0]


def records(partnership: Partnership, year: int, count: int, seed: int = 1) -> None:
    """`count` records of the financial year, spread over its quarters and categories."""
    chooser = random.Random(seed)
    sectors = {s.code: s for s in ReferralSector.objects.filter(partnership=None)}
    concerns = {c.code: c for c in ConcernType.objects.filter(partnership=None)}
    made = []
    for _ in range(count):
        adopted = chooser.random() < 0.2
        discussed = adopted or chooser.random() < 0.2
        made.append(
            StatisticalRecord(
                partnership=partnership,
                financial_year=year,
                quarter=chooser.randint(1, 4),
                sector=sectors[_pick(chooser, SECTOR_WEIGHTS)],
                concern_type=concerns[_pick(chooser, CONCERN_WEIGHTS)],
                age_band=_pick(chooser, AGES),
                gender=_pick(chooser, GENDERS),
                discussed_at_panel=discussed,
                adopted=adopted,
                state="in_support" if adopted else ("not_adopted_nfa" if discussed else "no_further_action"),
            )
        )
    StatisticalRecord.objects.bulk_create(made)


def region(name: str, partnerships: list[Partnership], readers: list[User]) -> Region:
    found = Region.objects.create(name=name)
    found.partnerships.set(partnerships)
    found.readers.set(readers)
    return found


def region_for_walks(partnership: Partnership) -> Region:
    """A region of the walk's partnership that no one is appointed to read."""
    return region("Walked region", [partnership], [])

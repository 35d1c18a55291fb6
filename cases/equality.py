"""Equality monitoring without anyone's special category data in clear: a tally of referrals
by the Census 2021 high-level ethnic group and religion group (EqualityCount), kept by
cases.statistics.refresh in the same transaction as the change it counts.

The groups a referral is counted in are worked out in process from the person's sealed
answers (or, before the person is confirmed, the referral's), and the groups last counted
are kept sealed on its StatisticalRecord with the referral's data key, so a change takes
the referral out of the groups it was in. When the referral is erased, its key is destroyed
and that sealed value emptied: the tally keeps the referral, and no one can say where.
Missing answers are counted: "Prefer not to say" and "Not recorded" are groups of their own."""

from __future__ import annotations

import datetime as dt
import json
from typing import Any

from django.db.models import F
from django.utils import timezone

from cases import ethnicity
from cases.models import EqualityCount, Referral, SpecialCategoryStatus, StatisticalRecord
from lib.quarters import quarter_start

ETHNICITY = "ethnicity"
RELIGION = "religion"
DIMENSIONS = (ETHNICITY, RELIGION)

PREFER_NOT_TO_SAY = "Prefer not to say"
NOT_RECORDED = "Not recorded"

# The Census 2021 high-level ethnic groups, in its order, with the headings of
# cases.ethnicity.CENSUS_2021 they gather.
ETHNIC_GROUPS = ("Asian", "Black", "Mixed", "White", "Other")
_ETHNIC_GROUP_OF_HEADING = {
    "Asian or Asian British": "Asian",
    "Black, Black British, Caribbean or African": "Black",
    "Mixed or multiple ethnic groups": "Mixed",
    "White": "White",
    "Other ethnic group": "Other",
}
_ETHNIC_GROUP_OF_CODE = {
    group.code: _ETHNIC_GROUP_OF_HEADING[heading]
    for heading, groups in ethnicity.CENSUS_2021
    for group in groups
}

# The Census 2021 religion groups.
RELIGION_GROUPS = (
    "No religion",
    "Christian",
    "Buddhist",
    "Hindu",
    "Jewish",
    "Muslim",
    "Sikh",
    "Other religion",
)
# Religion is answered in words: the words that place an answer in a group (checked in this
# order); any other answer is "Other religion".
_RELIGION_WORDS: tuple[tuple[str, tuple[str, ...]], ...] = (
    ("No religion", ("no religion", "none", "atheist", "agnostic", "humanist", "not religious")),
    ("Muslim", ("muslim", "islam")),
    ("Sikh", ("sikh",)),
    ("Hindu", ("hindu",)),
    ("Jewish", ("jew", "judaism")),
    ("Buddhist", ("buddhis",)),
    (
        "Christian",
        (
            "christian",
            "catholic",
            "anglican",
            "church of england",
            "methodist",
            "baptist",
            "orthodox",
            "protestant",
            "pentecostal",
            "evangelical",
            "presbyterian",
        ),
    ),
)

GROUPS: dict[str, tuple[str, ...]] = {
    ETHNICITY: (*ETHNIC_GROUPS, PREFER_NOT_TO_SAY, NOT_RECORDED),
    RELIGION: (*RELIGION_GROUPS, PREFER_NOT_TO_SAY, NOT_RECORDED),
}
DIMENSION_LABELS = {ETHNICITY: "Ethnic group", RELIGION: "Religion"}


def ethnic_group(status: str, value: str) -> str:
    """The high-level group of an ethnicity answer."""
    if status == SpecialCategoryStatus.DECLINED:
        return PREFER_NOT_TO_SAY
    if status != SpecialCategoryStatus.RECORDED:
        return NOT_RECORDED
    parsed = ethnicity.parse(value)
    if parsed is not None:
        return _ETHNIC_GROUP_OF_CODE[parsed[0]]
    # An answer written before the list: only a high-level group's own name is placed.
    named = value.strip().lower()
    for group in ETHNIC_GROUPS:
        if named == group.lower():
            return group
    return NOT_RECORDED


def religion_group(status: str, value: str) -> str:
    """The Census group of a religion answer."""
    if status == SpecialCategoryStatus.DECLINED:
        return PREFER_NOT_TO_SAY
    if status != SpecialCategoryStatus.RECORDED or not value.strip():
        return NOT_RECORDED
    words = value.strip().lower()
    for group, keys in _RELIGION_WORDS:
        if any(key in words for key in keys):
            return group
    return "Other religion"


def _answers(referral: Referral) -> dict[str, tuple[str, str]]:
    """(status, value) of each dimension: the person's, or as referred until there is one."""
    person = referral.person
    if person is not None:
        return {name: person.special_category(name) for name in DIMENSIONS}
    referred: dict[str, Any] = json.loads(referral.special_categories) if referral.special_categories else {}
    found: dict[str, tuple[str, str]] = {}
    for name in DIMENSIONS:
        answer = referred.get(name) or ("", "")
        found[name] = (str(answer[0]), str(answer[1]))
    return found


def groups_of(referral: Referral) -> dict[str, str]:
    answers = _answers(referral)
    return {
        ETHNICITY: ethnic_group(*answers[ETHNICITY]),
        RELIGION: religion_group(*answers[RELIGION]),
    }


def _add(partnership_id: int, counted: dict[str, Any], sign: int) -> None:
    quarter = counted["quarter"]
    for dimension in DIMENSIONS:
        cell = {
            "partnership_id": partnership_id,
            "quarter_start": quarter,
            "dimension": dimension,
            "group": counted[dimension],
        }
        measures = ["referrals"] + [name for name in ("discussed", "adopted") if counted[name]]
        if sign > 0:
            EqualityCount.objects.get_or_create(**cell)
            EqualityCount.objects.filter(**cell).update(**{name: F(name) + 1 for name in measures})
        else:
            # A count never goes below zero, whatever was counted before.
            for name in measures:
                EqualityCount.objects.filter(**cell, **{f"{name}__gt": 0}).update(**{name: F(name) - 1})


def count(record: StatisticalRecord, referral: Referral) -> None:
    """Bring the tally up to date with the referral's present groups and journey (called by
    cases.statistics.refresh with the record it has just saved)."""
    now = {
        "quarter": quarter_start(timezone.localdate(referral.received_at)).isoformat(),
        **groups_of(referral),
        "discussed": record.discussed_at_panel,
        "adopted": record.adopted,
    }
    before: dict[str, Any] | None = None
    if record.equality_counted:
        sealed = record.equality_counted_as
        before = json.loads(sealed) if sealed else None
    if before == now:
        return
    if before is not None:
        _add(record.partnership_id, before, -1)
    elif record.equality_counted:
        # Counted before its groups were kept (cannot happen once counted here): leave it.
        return
    _add(record.partnership_id, now, +1)
    record.equality_counted = True
    record.equality_counted_as = json.dumps(now, sort_keys=True)
    record.save(update_fields=["equality_counted", "equality_counted_as_sealed"])


def count_erased(record: StatisticalRecord) -> None:
    """Count a record whose referral was erased before the tally existed: "Not recorded",
    in the first quarter of its financial year (its day of receipt went with it)."""
    _add(
        record.partnership_id,
        {
            "quarter": dt.date(record.financial_year, 4, 1).isoformat(),
            ETHNICITY: NOT_RECORDED,
            RELIGION: NOT_RECORDED,
            "discussed": record.discussed_at_panel,
            "adopted": record.adopted,
        },
        +1,
    )
    record.equality_counted = True
    record.save(update_fields=["equality_counted"])


def forget(referral: Referral) -> None:
    """Before the referral is erased: empty the sealed groups it was counted in (its data
    key is destroyed too); the counts stay."""
    StatisticalRecord.objects.filter(referral=referral).update(equality_counted_as_sealed="")

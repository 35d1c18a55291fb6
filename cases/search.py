"""Search across cases (issue 14, part 11): by reference or national case-tracking
reference, by name (tolerant, through the matcher of lib.names, with its reasons), date of
birth, postcode and school or setting; filtered by stage, allocated worker, age band and
type of concern.

Identity values are sealed, so people are found through the blind index (PersonNameKey):
the keys of what was searched for fetch the candidates, and only those are decrypted, to
check and to show. Referrals not yet linked to a person (waiting at the gateway) are few:
their details as referred are decrypted and checked the same way, up to UNLINKED_CHECKED of
them. Every result is one of the viewer's referrals (cases.access.referrals): a panel member
finds only the cases of the meetings they are invited to."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from django.db.models import Q, QuerySet

from accounts.access import Viewer
from accounts.models import User
from cases import access, queries
from cases.actions.allocation import allocatable_workers
from cases.actions.gateway import normalise_national_reference
from cases.blind import blind_key, postcode_key, school_key
from cases.models import OPEN_STATES, ConcernType, Person, PersonNameKey, Referral
from lib.names import NameRecord, compare, index_keys, normalise, sound_key

# The most people a name search compares in full and shows (the closest first), and the
# most rows any search shows: past them the page asks for a narrower search.
MOST_PEOPLE = 50
MOST_ROWS = 100
# Referrals waiting at the gateway without a person, checked by decrypting their details.
UNLINKED_CHECKED = 300
UNALLOCATED = "none"

# Whether a referral not yet linked to a person matches one kind of search, and why.
type Check = Callable[[Referral], list[str] | None]


@dataclass
class Criteria:
    reference: str = ""
    name: str = ""
    date_of_birth: dt.date | None = None
    postcode: str = ""
    school: str = ""
    state: str = ""
    worker: str = ""  # a coordinator's uuid, or UNALLOCATED
    age_band: str = ""
    concern_type: ConcernType | None = None

    @property
    def searched_by(self) -> list[str]:
        """The kinds of search made, for the audit: never the values."""
        kinds = {
            "reference": self.reference,
            "name": self.name,
            "date_of_birth": self.date_of_birth,
            "postcode": self.postcode,
            "school": self.school,
        }
        return [kind for kind, value in kinds.items() if value]

    @property
    def filters(self) -> dict[str, Any]:
        """The filters used, which hold no personal data (kept in the audit)."""
        shown = {
            "state": self.state,
            "worker": self.worker,
            "age_band": self.age_band,
            "concern_type": self.concern_type.code if self.concern_type else "",
        }
        return {name: value for name, value in shown.items() if value}

    @property
    def finds_people(self) -> bool:
        return bool(self.name.strip() or self.date_of_birth or self.postcode.strip() or self.school.strip())

    @property
    def given(self) -> bool:
        return bool(self.searched_by or self.filters)


@dataclass
class Row:
    referral: Referral
    name: str
    date_of_birth: dt.date | None
    reasons: list[str] = field(default_factory=list)


@dataclass
class Results:
    rows: list[Row]
    more: bool  # more matched than are shown


def filtered(viewer: Viewer, criteria: Criteria) -> QuerySet[Referral]:
    """The viewer's referrals, narrowed by the reference and the filters."""
    referrals = access.referrals(viewer)
    if criteria.reference.strip():
        wanted = normalise_national_reference(criteria.reference)
        referrals = referrals.filter(Q(reference=wanted) | Q(national_reference=wanted))
    if criteria.state:
        referrals = referrals.filter(state=criteria.state)
    if criteria.worker == UNALLOCATED:
        referrals = referrals.filter(allocated_to__isnull=True)
    elif criteria.worker:
        referrals = referrals.filter(allocated_to__uuid=criteria.worker)
    if criteria.age_band:
        referrals = referrals.filter(statistics__age_band=criteria.age_band)
    if criteria.concern_type is not None:
        referrals = referrals.filter(concern_type=criteria.concern_type)
    return referrals


def _shown(referrals: QuerySet[Referral]) -> QuerySet[Referral]:
    """Only what a row shows is read, and only the rows shown are decrypted."""
    return referrals.select_related("data_key", "person__data_key", "allocated_to").only(
        "uuid",
        "reference",
        "national_reference",
        "state",
        "received_at",
        "data_key",
        "person_id",
        "subject_given_names_sealed",
        "subject_family_name_sealed",
        "subject_date_of_birth_sealed",
        "person__uuid",
        "person__data_key",
        "person__given_names_sealed",
        "person__family_name_sealed",
        "person__date_of_birth_sealed",
        "allocated_to__full_name",
    )


def _keyed(viewer: Viewer, key: str) -> set[int]:
    return set(
        PersonNameKey.objects.filter(partnership=viewer.partnership, key=blind_key(key)).values_list(
            "person_id", flat=True
        )[: MOST_PEOPLE * 4]
    )


def _one_word_reasons(word: str, record: NameRecord) -> list[str]:
    """A one-word name search: any of the person's names that is the same, or sounds the
    same (the matcher's sound keys)."""
    wanted, heard = normalise(word), sound_key(word)
    reasons = []
    for label, names in (
        ("given name", record.given_names.split()),
        ("family name", [record.family_name] if record.family_name else []),
        ("other name", [n for other in record.other_names for n in other.split()]),
    ):
        for name in names:
            if normalise(name) == wanted:
                reasons.append(f"same {label}: {name}")
            elif heard and sound_key(name) == heard:
                reasons.append(f"{label} sounds the same: {word} / {name}")
    return reasons


def _name_matches(viewer: Viewer, criteria: Criteria) -> tuple[dict[int, tuple[int, list[str]]], Any]:
    """People whose name matches, with (rank, reasons), and a check for a record not in
    the index (a referral waiting at the gateway)."""
    name = " ".join(criteria.name.split())
    born = criteria.date_of_birth
    if " " in name:
        record = NameRecord(given_names=name, family_name="", date_of_birth=born)
        found = {
            person.pk: (match.rank, _without_missing_dates(list(match.reasons), born))
            for person, match in queries.compared(viewer.partnership, record, MOST_PEOPLE)
        }

        wanted = index_keys(record)

        def check(referral: Referral) -> list[str] | None:
            other = queries.subject_record(referral)
            # Any two records the matcher matches share an index key: a cheap test first.
            if wanted.isdisjoint(index_keys(other)):
                return None
            match = compare(record, other)
            return _without_missing_dates(list(match.reasons), born) if match else None

        return found, check
    people = (
        Person.objects.filter(pk__in=_keyed(viewer, f"s:{sound_key(name)}"))
        .select_related("data_key")
        .only("uuid", "given_names_sealed", "family_name_sealed", "other_names_sealed", "data_key")
    )
    found = {}
    for person in people:
        reasons = _one_word_reasons(name, queries.person_record(person))
        if reasons:
            found[person.pk] = (0, reasons)

    def check_one(referral: Referral) -> list[str] | None:
        return _one_word_reasons(name, queries.subject_record(referral)) or None

    return found, check_one


def _without_missing_dates(reasons: list[str], born: dt.date | None) -> list[str]:
    """Searching by name alone, "date of birth missing" says nothing."""
    if born is not None:
        return reasons
    return [reason for reason in reasons if "date of birth" not in reason or "missing" not in reason]


def find(viewer: Viewer, criteria: Criteria) -> Results:
    referrals = filtered(viewer, criteria)
    if not criteria.finds_people:
        latest = list(_shown(referrals).order_by("-received_at", "-id")[: MOST_ROWS + 1])
        return Results(
            [Row(r, _name_of(r), _born(r)) for r in latest[:MOST_ROWS]],
            more=len(latest) > MOST_ROWS,
        )

    # Each kind of search given narrows the people found; their reasons add up. The same
    # checks, each reading only the value it needs, are made of referrals not yet linked:
    # (cost, where its reason is shown, check).
    people: dict[int, tuple[int, list[str]]] | None = None
    checks: list[tuple[int, int, Check]] = []
    if criteria.name.strip():
        people, name_check = _name_matches(viewer, criteria)
        checks.append((3, 0, name_check))
    born = criteria.date_of_birth
    if born and " " not in " ".join(criteria.name.split()):
        # A full name is compared with the date of birth by the matcher; otherwise the
        # date of birth narrows by itself.
        people = _narrow(people, _keyed(viewer, f"d:{born.isoformat()}"), "same date of birth")
        checks.append((1, 1, _same(lambda r: r.subject_date_of_birth, born, "same date of birth")))
    if criteria.postcode.strip():
        postcode = postcode_key(criteria.postcode)
        people = _narrow(people, _keyed(viewer, postcode), "same postcode")
        checks.append((0, 2, _same(lambda r: postcode_key(r.subject_postcode), postcode, "same postcode")))
    if criteria.school.strip():
        school = school_key(criteria.school)
        people = _narrow(people, _keyed(viewer, school), "same school or setting")
        checks.append(
            (
                2,
                3,
                _same(lambda r: school_key(r.subject_school_or_employer), school, "same school or setting"),
            )
        )
    people = people or {}

    # The referrals of at most MOST_PEOPLE people: found by the index on the person, then
    # through the access layer by primary key, and sorted here.
    of_people = list(
        Referral.objects.filter(person_id__in=list(people)).values_list("pk", flat=True)[: MOST_PEOPLE * 10]
    )
    linked = list(_shown(referrals.filter(pk__in=of_people)).order_by())
    linked.sort(key=lambda r: (-people[r.person_id or 0][0], -r.received_at.timestamp(), -r.pk))
    # Only the rows shown are decrypted.
    rows = [Row(r, _name_of(r), _born(r), people[r.person_id or 0][1]) for r in linked[: MOST_ROWS + 1]]
    rows += _unlinked(referrals, [(shown, check) for _, shown, check in sorted(checks, key=lambda c: c[0])])
    return Results(rows[:MOST_ROWS], more=len(rows) > MOST_ROWS)


def _narrow(
    people: dict[int, tuple[int, list[str]]] | None, found: set[int], reason: str
) -> dict[int, tuple[int, list[str]]]:
    if people is None:
        return {pk: (0, [reason]) for pk in found}
    return {pk: (rank, [*reasons, reason]) for pk, (rank, reasons) in people.items() if pk in found}


def _same(value: Callable[[Referral], Any], wanted: Any, reason: str) -> Check:
    def check(referral: Referral) -> list[str] | None:
        return [reason] if value(referral) == wanted else None

    return check


def _unlinked(referrals: QuerySet[Referral], checks: list[tuple[int, Check]]) -> list[Row]:
    """Referrals waiting at the gateway, not yet linked to a person: not in the index, so
    their details as referred are decrypted and checked."""
    waiting = (
        referrals.filter(person__isnull=True)
        .select_related("data_key", "allocated_to")
        .only(
            "uuid",
            "reference",
            "national_reference",
            "state",
            "received_at",
            "data_key",
            "person_id",
            "subject_given_names_sealed",
            "subject_family_name_sealed",
            "subject_other_names_sealed",
            "subject_date_of_birth_sealed",
            "subject_postcode_sealed",
            "subject_school_or_employer_sealed",
            "allocated_to__full_name",
        )
        .order_by("-received_at", "-id")[:UNLINKED_CHECKED]
    )
    rows = []
    for referral in waiting:
        # The cheapest checks first: one value each, the name last.
        reasons: list[tuple[int, list[str]]] = []
        for shown, check in checks:
            found = check(referral)
            if found is None:
                break
            reasons.append((shown, found))
        else:
            reasons.sort(key=lambda pair: pair[0])
            rows.append(
                Row(
                    referral,
                    referral.subject_name,
                    referral.subject_date_of_birth,
                    [reason for _, found in reasons for reason in found],
                )
            )
    return rows


def _name_of(referral: Referral) -> str:
    return referral.person.full_name if referral.person else referral.subject_name


def _born(referral: Referral) -> dt.date | None:
    return referral.person.date_of_birth if referral.person else referral.subject_date_of_birth


def my_cases(viewer: Viewer, *, include_closed: bool = False) -> QuerySet[Referral]:
    """The cases allocated to the viewer, newest first."""
    mine = access.referrals(viewer).filter(allocated_to=viewer.user)
    if not include_closed:
        mine = mine.filter(state__in=OPEN_STATES)
    return _shown(mine)


def worker_choices(viewer: Viewer) -> list[tuple[str, str]]:
    workers: QuerySet[User] = allocatable_workers(viewer.partnership.pk).order_by("full_name")
    return [(str(user.uuid), user.full_name) for user in workers.only("uuid", "full_name")]

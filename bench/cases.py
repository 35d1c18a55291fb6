"""Channel cases benchmark: the case pages and the match search at national scale, on
SQLite and PostgreSQL.

    .venv/bin/python bench/cases.py [--database sqlite|postgresql|both] [--requests N] [--scale F]

(`make bench-cases` runs it with the defaults: both databases, 50 requests, full scale.)

Each database gets its own subprocess, set up as bench/plans.py does (bench/common.py):
SQLite in a fresh temporary PREVENTHUB_VAR_DIR with the project's own settings,
PostgreSQL in a database `preventhub_bench_<pid>` created first and dropped at the end,
also when the run fails. The subprocess migrates, then builds ten years of Channel work
with `bulk_create` in batches. It does not go through the action functions
(cases.actions), which write an audit event for every change: the benchmark measures
reads, and 75,000 referrals written one by one through the audit chain would take hours.
The records are shaped as the actions would leave them:

- 300 partnerships with Zipf-skewed sizes (about 330 local authorities in England and
  Wales; a few large, most small): the largest holds about 3.7% of the people and
  referrals, the smallest about 0.15%. Three users each: a police Prevent officer, a
  coordinator and a panel chair.
- 70,000 people referred, with names drawn from given and family names of many
  origins (bench/names_data.py) with their variant spellings, some middle names,
  double-barrelled family names and aliases; dates of birth that put about 57% under
  18 at their first referral; about 90% male. Most are referred once, some two to four
  times, at least three months apart; a later referral often spells the name
  differently. Each person who has been identified has a Person row and the
  PersonNameKey rows that `lib.names.index_keys` gives for them, exactly as
  `cases.actions.gateway.index_person` writes them.
- About 75,000 referrals over the last ten years, growing year on year, with the
  national shape: 28% signposted, 46% no further action and 6% police-led at the
  gateway, 20% progressed to Channel and about half of those adopted; the sectors and
  types of concern of the Home Office statistics. Each referral follows its path in time
  and is cut at today, so the recent ones are still waiting, progressed or at panel.
  References are `{code}-{year}-{n:04d}` per partnership; reference counters match.
- Everything each path leaves behind: a gateway assessment for every referral that has
  a deconfliction or a decision, information sharing requests and answers, vulnerability
  assessments (without their factor findings), panel meetings (one a month for each
  partnership that has cases to discuss, so some thousands rather than a few hundred),
  agenda items, panel actions, and about 750,000 chronology events, ten per referral on
  average, written with the summaries the actions write.
- The largest partnership has a backlog: its referrals of the last six weeks wait at
  the gateway, plus a surge of 40 in the last week, so about 90 wait, many over the
  target of 5 working days, some flagged as re-referrals or possible earlier referrals
  (`possible_matches` is computed with the real search for every waiting referral whose
  person is not yet decided).

Encryption is real. In the largest partnership, the one whose pages are timed, every
person and every referral has a data key of its own, as in the service, so a page of
fifty rows unwraps fifty keys (the vault keeps unwrapped keys for five minutes, and the
warm-up requests fill that cache, as a busy day would). Elsewhere all people share one
data key and all referrals another (each value still sealed in its own record's context),
which keeps building the national data set quick. `--scale F` keeps the largest and the smallest
partnership and an even spread of the ranks between, so the pages measured are the same
size at any scale.

It then signs in as the police officer of the largest partnership (a Role.POLICE
membership, with a verified second factor as conftest.py signs in) and times, through
Django's test client after a few warm-up requests:

- the gateway queue                  /cases/queue/
- a referral page and its chronology /cases/<uuid>/ (the summary of an adopted case,
  decided at panel, with as close to ten events as there is and an earlier referral of
  the same person; each view writes its audit event)
- the case list, page 1              /cases/
- a deep page of the case list       /cases/?after=<cursor>: page 50, reached by
  following the rel="next" link of the pagination 49 times from page 1, as a user would
  (the cursor is the signed (received_at, id) of the last row of page 49);
- a referral page whose person is not yet decided, which runs the match search
  (reported, no target of its own);
- the support page /cases/<uuid>/panel-and-support/ of a case in support with a support
  plan of five interventions and twenty sessions, and the plan's page
  /cases/<uuid>/support-plan/ (their query counts compared with a plan of one of each);

and times `cases.queries.possible_matches(partnership, NameRecord(...))` directly for
a new referral whose name is a variant spelling of an existing person of the
partnership with a common given and family name, and for the most common given and
family names of the partnership together (the worst case: the largest candidate
pool). The search is timed with lib.names' caches emptied before every call (a name
not seen before), and also warm.

For each it prints the p50 and p95, the queries one request or call runs (counted as
assertNumQueries counts them, the session, user and two-factor look-ups and the audit
write included) and the p50 of exactly those statements re-run with the same
parameters on a plain cursor. The query counts are compared on the largest and the
smallest partnership (queue, list), on page 1 and page 50, and on referrals with 3, about
10 and 30 events. Targets: each page's p50 under 30 ms; the match search's under 50 ms.
`--explain` prints the query plan of the slowest statement of everything timed (it is
printed anyway for whatever misses its target); `--statements` lists every statement.

SQLite gets no ANALYZE (the app never runs one). PostgreSQL is vacuumed, analysed and
checkpointed after the load, as its background workers would do in the minutes after it,
so that their work does not run during the timing. The test client keeps one connection
open, so connecting is not measured. The load average is printed with the results.
"""

from __future__ import annotations

import argparse
import datetime as dt
import html
import math
import os
import random
import re
import sys
import time
from collections import Counter
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

# Run as a script, the project root is not on the path; bench.common needs it.
sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench.common import (
    WARM_UP_REQUESTS,
    PageResult,
    Statement,
    count_queries,
    database_description,
    get,
    measure,
    measure_call,
    print_profiles,
    print_slowest,
    print_statements,
    print_table,
    settle_database,
    setup_django,
    signed_in_client,
)
from bench.common import main as run_benchmark
from bench.names_data import ORIGINS, Origin, spelled

if TYPE_CHECKING:
    from django.test import Client

    from accounts.models import Partnership, User
    from cases.models import Person, Referral
    from lib.names import NameRecord

TARGET_PAGE_P50_MS = 30.0
TARGET_MATCH_P50_MS = 50.0
SEED = 20_260_402

# National scale.
PARTNERSHIPS = 300
PEOPLE = 70_000
ZIPF_EXPONENT = 0.55  # the largest partnership gets 3.7% of the people, the smallest 0.15%
YEARS = 10
GROWTH = 1.3  # referrals this year run at 1 + GROWTH times the rate of ten years ago
REFERRALS_PER_PERSON = {1: 0.945, 2: 0.042, 3: 0.009, 4: 0.004}
MIN_DAYS_BETWEEN_REFERRALS = 90
BACKLOG_DAYS = 42  # the largest partnership's referrals this recent all wait
SURGE = 40  # and so do this many more from the last week
DEEP_PAGE = 50
BATCH_SIZE = 5_000
REFERRALS_PER_TRANSACTION = 8_000

GATEWAY_WEIGHTS = {"no_further_action": 46, "signposted": 28, "police_led": 6, "progress": 20}
PANEL_WEIGHTS = {"adopt": 50, "not_adopt_signpost": 22, "not_adopt_nfa": 18, "defer": 10}
GATEWAY_STATES = {
    "no_further_action": "no_further_action",
    "signposted": "signposted",
    "police_led": "police_led",
    "progress": "progressed",
}
PANEL_STATES = {
    "adopt": "adopted",
    "not_adopt_signpost": "not_adopted_signposted",
    "not_adopt_nfa": "not_adopted_nfa",
    "defer": "at_panel",
}
GATEWAY_LABELS = {
    "no_further_action": "No further action",
    "signposted": "Signpost to another service",
    "police_led": "Police-led Prevent case management",
    "progress": "Progress to Channel",
}
PANEL_LABELS = {
    "adopt": "Adopt as a Channel case",
    "not_adopt_signpost": "Do not adopt: signpost to another service",
    "not_adopt_nfa": "Do not adopt: no further action",
    "defer": "Defer to the next meeting",
}
# Working days from receipt to the gateway decision.
DECISION_DAYS = {1: 14, 2: 20, 3: 20, 4: 15, 5: 12, 6: 6, 7: 4, 8: 3, 9: 2, 12: 2, 15: 1, 20: 1}
# Police checks recorded one system at a time (PNC, PND, local intelligence, open source...).
DECONFLICTIONS = {1: 12, 2: 22, 3: 26, 4: 22, 5: 12, 6: 6}

# Shares from the Home Office statistics (2022/23 to 2024/25), rounded; see docs/domain.md,
# "National statistics used by the benchmark".
SECTOR_WEIGHTS = {
    "education": 38,
    "police": 29,
    "local_authority": 9,
    "health": 10,
    "prisons_probation": 3,
    "community": 4,
    "friends_family": 4,
    "other": 3,
}
CONCERN_WEIGHTS = {
    "islamist": 12,
    "extreme_right_wing": 22,
    "left_anarchist_single_issue": 2,
    "no_clear_ideology": 24,
    "mixed_unclear_unstable": 20,
    "conflicted": 3,
    "school_massacre": 4,
    "incel": 3,
    "vulnerability_no_ideology": 6,
    "no_risk": 2,
    "other": 2,
}
SIGNPOST_SERVICES = [
    "early_help",
    "childrens_social_care",
    "adult_social_care",
    "mental_health",
    "youth_justice",
    "education_support",
    "substance_misuse",
    "other",
]
# Age at referral: (youngest, oldest, weight); 4% ten or under, 36% 11-15, 16% 16-17.
AGES = [(9, 10, 4), (11, 15, 36), (16, 17, 16), (18, 20, 14), (21, 25, 12), (26, 39, 12), (40, 65, 6)]
GENDERS = {"male": 89, "female": 10, "other": 0.5, "not_known": 0.5}

REFERRERS = {
    "education": (
        "Designated Safeguarding Lead",
        ["Park View Academy", "St Mary's High School", "City College"],
    ),
    "police": ("Neighbourhood Sergeant", ["Neighbourhood Policing Team", "Counter Terrorism Policing"]),
    "local_authority": ("Social Worker", ["Children's Services", "Early Help Hub"]),
    "health": ("Safeguarding Nurse", ["Community Mental Health Team", "General Practice"]),
    "prisons_probation": ("Probation Officer", ["Probation Service"]),
    "community": ("Youth Worker", ["Youth Centre", "Community Association"]),
    "friends_family": ("Parent", ["Family member"]),
    "other": ("Manager", ["Housing Association", "Job Centre"]),
}
REFERRER_GIVEN = ["Sarah", "David", "Helen", "Imran", "Claire", "Mark", "Priya", "Gareth", "Joanne", "Tom"]
REFERRER_FAMILY = ["Bennett", "Ahmed", "Hughes", "Kaur", "Lloyd", "Okafor", "Walsh", "Patel", "Reid"]
NARRATIVES = [
    "Shared extreme right-wing videos with classmates and praised an attacker in a lesson.",
    "Searched for bomb-making instructions on a school computer; says it was curiosity.",
    "Posts online expressing support for a proscribed organisation; family are worried.",
    "Talks repeatedly about school shootings and keeps a notebook about past attacks.",
    "Has become isolated and spends nights on forums that blame women for his problems.",
    "Mixed and changing views: admires several attackers of different ideologies.",
    "Told a teacher he wants to travel abroad to join a fighting group.",
    "Drew swastikas on his books and handed out stickers from an extremist group.",
]
VULNERABILITIES = [
    "Autism diagnosis; recently excluded from school; few friends.",
    "Known to children's social care; parents separated last year.",
    "Low mood and self-harm disclosed to the school nurse.",
    "Recently moved to the area; not in education or employment.",
    "",
    "",
]
CHECKS = [
    "PNC, PND and local intelligence checked: no trace.",
    "Local intelligence shows two incidents of anti-social behaviour; no counter-terrorism trace.",
    "Open-source checks found the posts described; no other trace.",
    "Known to Counter Terrorism Policing from a previous referral; no current investigation.",
]
GATEWAY_REASONS = {
    "no_further_action": "No indication of radicalisation; the concern was explained by context.",
    "signposted": "Vulnerabilities without a counter-terrorism risk; better met by another service.",
    "police_led": "Risk best managed by Prevent policing under case management.",
    "progress": "Vulnerable to radicalisation and engaging with extremist material; needs Channel support.",
}
PARTNERS = [
    "Children's Social Care",
    "Adult Social Care",
    "Mental health trust",
    "School safeguarding lead",
    "Youth Justice Service",
    "Housing",
    "Probation Service",
    "GP practice",
    "Early Help",
]
LEGAL_BASES = {"ctsa_s38": 60, "public_task": 30, "consent": 10}
SHARING_SUBJECTS = [
    "Any involvement with the family, and current concerns?",
    "Attendance, behaviour and any safeguarding records.",
    "Current treatment and risk assessment, if any.",
]
SHARING_RESPONSES = [
    "Open to the service since March; concerns about neglect, no extremism noted.",
    "Attendance 78%; two fixed-term exclusions this year.",
    "Not known to the service.",
]
ASSESSMENT_SUMMARIES = [
    "Engaged with the material but no intent or capability seen.",
    "Grievance and need for belonging drive his interest; some progress with mentoring.",
    "Risk reduced: back in education and no longer on the forums.",
]
PANEL_REASONS = [
    "The panel agreed the vulnerabilities are best met through Channel support.",
    "No radicalisation concern remains; another service is better placed.",
    "The panel needs the mental health assessment before deciding.",
]
PANEL_ACTIONS = [
    "Arrange an intervention provider and report back to the next panel.",
    "Refer the family to Early Help.",
    "Speak with the school about a reduced timetable.",
    "Obtain consent from a parent before support starts.",
]


# ---------------------------------------------------------------------------------
# Generating the data: people, and each referral's path through the process.
# ---------------------------------------------------------------------------------


def weighted[T](rng: random.Random, weights: dict[T, float] | dict[T, int]) -> T:
    return rng.choices(list(weights), weights=list(weights.values()))[0]


def ranked[T](rng: random.Random, items: Sequence[T], exponent: float) -> T:
    """One of `items`, the first the most likely (weights 1/rank^exponent)."""
    weights = _rank_weights(len(items), exponent)
    return items[rng.choices(range(len(items)), cum_weights=weights)[0]]


_RANK_WEIGHTS: dict[tuple[int, float], list[float]] = {}


def _rank_weights(count: int, exponent: float) -> list[float]:
    key = (count, exponent)
    if key not in _RANK_WEIGHTS:
        total, cumulative = 0.0, []
        for rank in range(1, count + 1):
            total += rank**-exponent
            cumulative.append(total)
        _RANK_WEIGHTS[key] = cumulative
    return _RANK_WEIGHTS[key]


def partnership_people(scale: float) -> list[tuple[int, int]]:
    """(rank, people) of each partnership built: always the largest (rank 1) and the
    smallest, and an even spread of the ranks between."""
    weights = [rank**-ZIPF_EXPONENT for rank in range(1, PARTNERSHIPS + 1)]
    total = sum(weights)
    count = min(PARTNERSHIPS, max(2, round(PARTNERSHIPS * scale)))
    step = (PARTNERSHIPS - 2) / max(1, count - 2) if count > 2 else 0
    ranks = sorted({1, PARTNERSHIPS, *(round(2 + step * i) for i in range(count - 2))})
    return [(rank, max(20, round(PEOPLE * weights[rank - 1] / total))) for rank in ranks]


@dataclass
class Subject:
    """A person as they really are; each referral writes their name as the referrer knew it."""

    given: str
    family: str
    other_names: str
    dob: dt.date | None
    gender: str
    given_group: tuple[str, ...]  # spellings of the first given name
    family_group: tuple[str, ...]  # spellings of the (first part of the) family name
    times: list[dt.datetime]
    person: Any = None  # the Person row, once built


def pick_origin(rng: random.Random) -> Origin:
    return rng.choices(ORIGINS, weights=[origin.weight for origin in ORIGINS])[0]


def pick_name(rng: random.Random, groups: Sequence[tuple[str, ...]]) -> tuple[str, tuple[str, ...]]:
    group = ranked(rng, groups, 0.9)
    return spelled(ranked(rng, group, 1.4)), group


def received_time(rng: random.Random, now: dt.datetime, low: dt.datetime | None = None) -> dt.datetime:
    """A time in the last ten years (or after `low`), more likely the more recent, on a
    weekday in working hours more often than not."""
    span = dt.timedelta(days=365.25 * YEARS)
    start = now - span
    while True:
        u = rng.random()
        # Inverse of the distribution function of a density rising linearly by GROWTH.
        x = (-1 + math.sqrt(1 + 2 * GROWTH * u * (1 + GROWTH / 2))) / GROWTH
        day = (start + span * x).date()
        if day.weekday() >= 5 and rng.random() < 0.8:
            day += (
                dt.timedelta(days=7 - day.weekday())
                if rng.random() < 0.5
                else -dt.timedelta(days=day.weekday() - 4)
            )
        at = dt.datetime(day.year, day.month, day.day, tzinfo=dt.UTC) + dt.timedelta(
            hours=rng.triangular(7.5, 18.5, 11), seconds=rng.randint(0, 3599)
        )
        if at <= now and (low is None or at >= low):
            return at


def make_subject(rng: random.Random, now: dt.datetime, times: list[dt.datetime] | None = None) -> Subject:
    origin = pick_origin(rng)
    gender = weighted(rng, GENDERS)
    given_pool = origin.female if gender == "female" else origin.male
    given, given_group = pick_name(rng, given_pool)
    if rng.random() < 0.15:
        middle, _ = pick_name(rng, given_pool)
        if middle != given:
            given = f"{given} {middle}"
    family_origin = origin if rng.random() < 0.9 else pick_origin(rng)
    family, family_group = pick_name(rng, family_origin.family)
    if rng.random() < 0.03:
        second, _ = pick_name(rng, pick_origin(rng).family)
        if second != family:
            family = f"{family}-{second}"
    other_names = ""
    if rng.random() < 0.04:
        alias_given, _ = pick_name(rng, given_pool)
        alias_family, _ = pick_name(rng, pick_origin(rng).family)
        other_names = alias_given if rng.random() < 0.5 else f"{alias_given} {alias_family}"
    if times is None:
        count = weighted(rng, REFERRALS_PER_PERSON)
        times = sorted(received_time(rng, now) for _ in range(count))
        times = [
            t for i, t in enumerate(times) if i == 0 or (t - times[i - 1]).days >= MIN_DAYS_BETWEEN_REFERRALS
        ]
    first = times[0].date()
    low, high, _ = rng.choices(AGES, weights=[age[2] for age in AGES])[0]
    dob = None
    if rng.random() > 0.03:
        dob = first - dt.timedelta(days=rng.randint(low * 365 + 1, high * 365 + 364))
    return Subject(given, family, other_names, dob, gender, given_group, family_group, times)


def other_spelling(rng: random.Random, written: str, group: tuple[str, ...]) -> str:
    choices = [spelled(name) for name in group if spelled(name) != written]
    return rng.choice(choices) if choices else written


def as_referred(rng: random.Random, subject: Subject, first: bool) -> tuple[str, str, dt.date | None]:
    """The name and date of birth a referral gives: the person's own on their first
    referral (their record is made from it), often spelt differently later."""
    given, family, dob = subject.given, subject.family, subject.dob
    if first:
        return given, family, dob
    roll = rng.random()
    if roll < 0.15:
        head, sep, rest = family.partition("-")
        family = other_spelling(rng, head, subject.family_group) + sep + rest
    elif roll < 0.27:
        head, sep, rest = given.partition(" ")
        given = other_spelling(rng, head, subject.given_group) + sep + rest
    roll = rng.random()
    if dob is not None and roll < 0.04:
        dob = None
    elif dob is not None and roll < 0.06 and dob.day <= 12 and dob.day != dob.month:
        dob = dob.replace(month=dob.day, day=dob.month)
    return given, family, dob


@dataclass
class Event:
    kind: str
    at: dt.datetime
    actor: str | None  # "police", "coordinator", "chair" or None
    summary: str


@dataclass
class Sharing:
    direction: str
    partner: str
    legal_basis: str
    sent_at: dt.datetime
    answered_at: dt.datetime | None


@dataclass
class Round:
    """One time on a panel agenda."""

    meets_at: dt.datetime
    agenda_at: dt.datetime
    decision: str = ""
    decided_at: dt.datetime | None = None
    actions: list[tuple[dt.date, dt.datetime | None]] = field(default_factory=list)  # (due, done)


@dataclass
class Journey:
    """One referral's way through the process, as far as it has got today."""

    received_at: dt.datetime
    sector: str
    concern: str
    identity_at: dt.datetime | None = None
    linked: bool = False
    earlier: int = 0
    deconflictions: list[dt.datetime] = field(default_factory=list)
    decision: str = ""
    decided_at: dt.datetime | None = None
    signposted_to: str = ""
    sharing: list[Sharing] = field(default_factory=list)
    assessments: list[dt.datetime] = field(default_factory=list)
    rounds: list[Round] = field(default_factory=list)
    state: str = "received"
    events: list[Event] = field(default_factory=list)


def next_meeting(after: dt.datetime) -> dt.datetime:
    """The first monthly panel (second Tuesday, 10:00) at or after `after`."""
    year, month = after.year, after.month
    while True:
        first = dt.date(year, month, 1)
        day = first + dt.timedelta(days=(1 - first.weekday()) % 7 + 7)
        meets_at = dt.datetime(day.year, day.month, day.day, 10, tzinfo=dt.UTC)
        if meets_at >= after:
            return meets_at
        year, month = (year + 1, 1) if month == 12 else (year, month + 1)


def at_working_hour(rng: random.Random, day: dt.date) -> dt.datetime:
    return dt.datetime(day.year, day.month, day.day, tzinfo=dt.UTC) + dt.timedelta(
        hours=rng.uniform(8.5, 17.5)
    )


def plan_path(
    rng: random.Random, received_at: dt.datetime, earlier: int, now: dt.datetime, backlog: bool
) -> Journey:
    """The whole path a referral would take, cut at `now`."""
    from lib.working_days import add_working_days

    path = Journey(
        received_at, weighted(rng, SECTOR_WEIGHTS), weighted(rng, CONCERN_WEIGHTS), earlier=earlier
    )
    if backlog:
        decided_at = now + dt.timedelta(days=rng.uniform(1, 21))
    else:
        decided_at = at_working_hour(rng, add_working_days(received_at.date(), weighted(rng, DECISION_DAYS)))
        decided_at = max(decided_at, received_at + dt.timedelta(hours=2))
    window = decided_at - received_at
    if backlog:
        identity_at = received_at + dt.timedelta(days=rng.uniform(0.1, 30))
    else:
        identity_at = received_at + window * rng.uniform(0.02, 0.6)
    first_check = received_at + window * rng.uniform(0.05, 0.8)
    checks = [first_check]
    for _ in range(weighted(rng, DECONFLICTIONS) - 1):
        checks.append(first_check + (decided_at - first_check) * rng.uniform(0.05, 0.95))
    decision = weighted(rng, GATEWAY_WEIGHTS)
    # Drawn whatever the decision, so the random stream does not depend on today.
    service = rng.choice(SIGNPOST_SERVICES)

    sharing: list[Sharing] = []
    assessments: list[dt.datetime] = []
    rounds: list[Round] = []

    def share(low: dt.datetime, days: float) -> None:
        direction = "request" if rng.random() < 0.85 else "disclosure"
        sent_at = low + dt.timedelta(days=rng.uniform(0.5, days))
        answered_at = None
        if direction == "request" and rng.random() < 0.9:
            answered_at = sent_at + dt.timedelta(days=rng.uniform(1, 15))
        sharing.append(
            Sharing(direction, rng.choice(PARTNERS), weighted(rng, LEGAL_BASES), sent_at, answered_at)
        )

    if decision == "progress":
        for _ in range(rng.randint(3, 7)):
            share(decided_at, 10)
        assessments.append(decided_at + dt.timedelta(days=rng.uniform(5, 12)))
        meets_at = next_meeting(decided_at + dt.timedelta(days=14))
        for _ in range(3):
            agenda_at = max(
                decided_at + dt.timedelta(days=1), meets_at - dt.timedelta(days=rng.uniform(2, 9))
            )
            outcome = (
                weighted(rng, PANEL_WEIGHTS)
                if len(rounds) < 2
                else weighted(rng, {k: v for k, v in PANEL_WEIGHTS.items() if k != "defer"})
            )
            round_ = Round(meets_at, agenda_at, outcome, meets_at + dt.timedelta(hours=rng.uniform(0.5, 3)))
            rounds.append(round_)
            if outcome != "defer":
                break
            meets_at = next_meeting(meets_at + dt.timedelta(days=1))
        last = rounds[-1]
        assert last.decided_at is not None
        if last.decision == "adopt":
            adopted_at = last.decided_at
            for _ in range(rng.randint(1, 5)):
                due = adopted_at.date() + dt.timedelta(days=rng.randint(14, 60))
                done = at_working_hour(rng, due + dt.timedelta(days=rng.randint(-10, 20)))
                last.actions.append((due, done))
            length = dt.timedelta(days=rng.uniform(150, 450))
            review = adopted_at + dt.timedelta(days=rng.uniform(28, 56))
            while review < adopted_at + length:
                assessments.append(review)
                review += dt.timedelta(days=rng.uniform(28, 56))
            for _ in range(rng.randint(1, 4)):
                share(adopted_at, length.days)

    # Cut at today: what has not happened yet is not recorded.
    if identity_at <= now:
        path.identity_at = identity_at
        path.linked = earlier > 0
    path.deconflictions = sorted(t for t in checks if t <= now)
    if decided_at > now:
        path.state = "received"
    else:
        path.decision, path.decided_at = decision, decided_at
        if decision == "signposted":
            path.signposted_to = service
        path.state = GATEWAY_STATES[decision]
        path.sharing = [
            Sharing(
                s.direction,
                s.partner,
                s.legal_basis,
                s.sent_at,
                s.answered_at if s.answered_at and s.answered_at <= now else None,
            )
            for s in sharing
            if s.sent_at <= now
        ]
        path.assessments = [t for t in assessments if t <= now]
        for round_ in rounds:
            if round_.agenda_at > now:
                break
            if round_.decided_at is None or round_.decided_at > now:
                path.rounds.append(Round(round_.meets_at, round_.agenda_at))
                path.state = "at_panel"
                break
            round_.actions = [(due, done if done and done <= now else None) for due, done in round_.actions]
            path.rounds.append(round_)
            path.state = PANEL_STATES[round_.decision]
    path.events = path_events(path)
    return path


def path_events(path: Journey) -> list[Event]:
    """The chronology the actions would have written for `path`."""
    sector_label = {
        "education": "education",
        "police": "police",
        "local_authority": "local authority",
        "health": "health",
        "prisons_probation": "prisons and probation",
        "community": "community",
        "friends_family": "friends and family",
        "other": "other",
    }[path.sector]
    events = [
        Event(
            "received",
            path.received_at,
            "police" if path.sector == "police" else "coordinator",
            f"Referral received from the {sector_label} sector",
        )
    ]
    if path.identity_at:
        if path.linked:
            plural = "s" if path.earlier != 1 else ""
            summary = f"Linked to a person already known, with {path.earlier} earlier referral{plural}"
            events.append(Event("identity_linked", path.identity_at, "police", summary))
        else:
            events.append(
                Event(
                    "identity_confirmed",
                    path.identity_at,
                    "police",
                    "Confirmed as a person not referred before",
                )
            )
    events += [Event("deconflicted", at, "police", "Deconfliction recorded") for at in path.deconflictions]
    if path.decided_at:
        label = GATEWAY_LABELS[path.decision]
        if path.signposted_to:
            label += f" ({SERVICE_LABELS[path.signposted_to]})"
        events.append(Event("gateway_decision", path.decided_at, "police", f"Gateway decision: {label}"))
    for sharing in path.sharing:
        what = "requested from" if sharing.direction == "request" else "disclosed to"
        basis = LEGAL_BASIS_LABELS[sharing.legal_basis][:80]
        events.append(
            Event(
                "sharing", sharing.sent_at, "coordinator", f"Information {what} {sharing.partner} ({basis})"
            )
        )
        if sharing.answered_at:
            events.append(
                Event(
                    "sharing_answered",
                    sharing.answered_at,
                    "coordinator",
                    f"{sharing.partner} answered the request for information",
                )
            )
    for version, at in enumerate(path.assessments, start=1):
        events.append(Event("assessment", at, "coordinator", f"Vulnerability assessment version {version}"))
    for round_ in path.rounds:
        events.append(
            Event(
                "agenda",
                round_.agenda_at,
                "chair",
                f"Put on the agenda of the panel of {round_.meets_at:%-d %B %Y}",
            )
        )
        if round_.decided_at:
            summary = f"Panel decision: {PANEL_LABELS[round_.decision]}"
            events.append(Event("panel_decision", round_.decided_at, "chair", summary))
            for due, _done in round_.actions:
                events.append(
                    Event(
                        "panel_action",
                        round_.decided_at + dt.timedelta(seconds=1),
                        None,
                        f"Panel action for {{owner}}, due {due:%-d %B %Y}",
                    )
                )
    events.sort(key=lambda event: event.at)
    return events


SERVICE_LABELS = {
    "early_help": "Early Help",
    "childrens_social_care": "Children's social care",
    "adult_social_care": "Adult social care",
    "mental_health": "Mental health services",
    "youth_justice": "Youth justice service",
    "education_support": "School or college support",
    "substance_misuse": "Drug and alcohol services",
    "other": "Another service",
}
LEGAL_BASIS_LABELS = {
    "ctsa_s38": "Counter-Terrorism and Security Act 2015, s.38: partners' duty to cooperate",
    "public_task": "UK GDPR Art 6(1)(e) public task, with DPA 2018 Sch 1 safeguarding",
    "consent": "Consent of the person (or parent or guardian)",
}


@dataclass
class Planned:
    """One referral to build: who it is about, how it is written, and its path."""

    subject: Subject
    index: int  # 0 for the person's first referral
    given: str
    family: str
    dob: dt.date | None
    path: Journey


def plan_partnership(rng: random.Random, people: int, largest: bool, now: dt.datetime) -> list[Planned]:
    """A partnership's referrals, oldest first."""
    subjects = [make_subject(rng, now) for _ in range(people)]
    if largest:
        week_ago = now - dt.timedelta(days=7)
        subjects += [make_subject(rng, now, [received_time(rng, now, week_ago)]) for _ in range(SURGE)]
    backlog_from = now - dt.timedelta(days=BACKLOG_DAYS)
    planned = []
    for subject in subjects:
        for index, received_at in enumerate(subject.times):
            given, family, dob = as_referred(rng, subject, index == 0)
            path = plan_path(rng, received_at, index, now, backlog=largest and received_at >= backlog_from)
            planned.append(Planned(subject, index, given, family, dob, path))
    planned.sort(key=lambda p: p.path.received_at)
    return planned


# ---------------------------------------------------------------------------------
# Writing the data set.
# ---------------------------------------------------------------------------------


@dataclass
class DataSet:
    partnerships: int = 0
    people: int = 0
    name_keys: int = 0
    referrals: int = 0
    events: int = 0
    gateways: int = 0
    sharing: int = 0
    assessments: int = 0
    meetings: int = 0
    agenda_items: int = 0
    panel_actions: int = 0
    states: Counter[str] = field(default_factory=Counter)
    first_referrals: int = 0
    recent: int = 0
    under_18: int = 0
    seconds: float = 0.0


@dataclass
class Staff:
    police: User
    coordinator: User
    chair: User

    def get(self, role: str | None) -> User | None:
        return getattr(self, role) if role else None


@dataclass
class Built:
    """A partnership kept for timing: its staff and referrals, as planned and as saved."""

    partnership: Partnership
    staff: Staff
    planned: list[Planned]
    referrals: list[Referral]


@dataclass
class Lists:
    """The national lists (the migrations load them) and the shared data keys."""

    sectors: dict[str, Any]
    concerns: dict[str, Any]
    services: dict[str, Any]
    framework: Any
    people_key: Any
    referral_key: Any
    # The partnership whose records get a data key each (the largest: its pages are timed).
    own_keys_for: int | None = None


def load_lists() -> Lists:
    from cases.models import AssessmentFramework, ConcernType, ReferralSector, SupportService
    from cases.vault import DataKey

    return Lists(
        sectors={s.code: s for s in ReferralSector.objects.filter(partnership=None)},
        concerns={c.code: c for c in ConcernType.objects.filter(partnership=None)},
        services={s.code: s for s in SupportService.objects.filter(partnership=None)},
        framework=AssessmentFramework.objects.get(is_current=True),
        # One data key for every person and one for every referral: each value is still
        # sealed in its own record's context, so reading it costs what it always does.
        people_key=DataKey.create(),
        referral_key=DataKey.create(),
    )


def build_partnerships(ranks: list[int]) -> tuple[list[Partnership], dict[int, Staff]]:
    from django.contrib.auth.hashers import make_password

    from accounts.models import Membership, Partnership, Role, User

    partnerships = Partnership.objects.bulk_create(
        [
            Partnership(name=f"Benchmark partnership {rank:03}", slug=f"bench-{rank:03}", code=f"C{rank:03}")
            for rank in ranks
        ],
        batch_size=BATCH_SIZE,
    )
    roles = {"police": Role.POLICE, "coordinator": Role.COORDINATOR, "chair": Role.CHAIR}
    titles = {
        "police": "Police Prevent officer",
        "coordinator": "Prevent coordinator",
        "chair": "Panel chair",
    }
    users = User.objects.bulk_create(
        [
            User(
                email=f"{role}-{p.code.lower()}@bench.example.gov.uk",
                full_name=f"{titles[role]} {p.code}",
                password=make_password(None),
            )
            for p in partnerships
            for role in roles
        ],
        batch_size=BATCH_SIZE,
    )
    Membership.objects.bulk_create(
        [
            Membership(user=users[index * len(roles) + offset], partnership=p, role=roles[role])
            for index, p in enumerate(partnerships)
            for offset, role in enumerate(roles)
        ],
        batch_size=BATCH_SIZE,
    )
    staff = {
        p.pk: Staff(*users[index * len(roles) : (index + 1) * len(roles)])
        for index, p in enumerate(partnerships)
    }
    return partnerships, staff


def postcode(rng: random.Random) -> str:
    return (
        f"{rng.choice('BCLMNS')}{rng.randint(1, 30)} "
        f"{rng.randint(1, 9)}{rng.choice('ABDEFGH')}{rng.choice('JLNPQRSTUWXYZ')}"
    )


STREETS = ["High Street", "Station Road", "Church Lane", "Victoria Road", "Park Avenue", "Mill Lane"]


def write_chunk(
    rng: random.Random,
    chunk: list[tuple[Partnership, list[Planned]]],
    staff: dict[int, Staff],
    lists: Lists,
    now: dt.datetime,
    data: DataSet,
) -> dict[int, list[Referral]]:
    """Write the referrals of a few partnerships, and everything their paths left, in
    one transaction. Returns each partnership's saved referrals, in planned order."""
    from django.db import transaction
    from django.utils import timezone

    from cases.blind import name_index, place_index
    from cases.models import (
        AgendaItem,
        CaseEvent,
        DeconflictionEntry,
        GatewayAssessment,
        PanelAction,
        PanelMeeting,
        Person,
        PersonNameKey,
        ReferenceCounter,
        Referral,
        SharingRequest,
        VulnerabilityAssessment,
    )
    from cases.queries import person_record
    from cases.vault import DataKey, assign, seal_blanks
    from lib.working_days import add_working_days

    people: list[Person] = []
    referrals: list[Referral] = []
    counters: dict[tuple[int, int], int] = {}
    saved: dict[int, list[Referral]] = {}
    for partnership, planned in chunk:
        saved[partnership.pk] = []
        for plan in planned:
            path, subject = plan.path, plan.subject
            if path.identity_at and subject.person is None:
                subject.person = Person(
                    partnership=partnership,
                    data_key=DataKey.create() if partnership.pk == lists.own_keys_for else lists.people_key,
                    gender=subject.gender,
                )
                assign(
                    subject.person,
                    given_names=subject.given,
                    family_name=subject.family,
                    other_names=subject.other_names,
                    date_of_birth=subject.dob,
                    address=f"{rng.randint(1, 200)} {rng.choice(STREETS)}",
                    postcode=postcode(rng),
                    school_or_employer=REFERRERS["education"][1][rng.randint(0, 2)]
                    if rng.random() < 0.5
                    else "",
                )
                seal_blanks(subject.person)
                people.append(subject.person)
            year = timezone.localtime(path.received_at).year
            number = counters[partnership.pk, year] = counters.get((partnership.pk, year), 0) + 1
            role, organisations = REFERRERS[path.sector]
            referral = Referral(
                partnership=partnership,
                reference=f"{partnership.code}-{year}-{number:04d}",
                state=path.state,
                received_at=path.received_at,
                data_key=DataKey.create() if partnership.pk == lists.own_keys_for else lists.referral_key,
                sector=lists.sectors[path.sector],
                concern_type=lists.concerns[path.concern],
                urgency="urgent" if rng.random() < 0.06 else "routine",
                person_aware=weighted(rng, {"yes": 40, "no": 35, "not_known": 25}),
                subject_gender=subject.gender,
                person=subject.person if path.identity_at else None,
                identity_decided_at=path.identity_at,
                possible_matches=1 if path.linked else 0,
            )
            assign(
                referral,
                referrer_name=f"{rng.choice(REFERRER_GIVEN)} {rng.choice(REFERRER_FAMILY)}",
                referrer_role=role,
                referrer_organisation=rng.choice(organisations),
                referrer_email="referrer@example.org.uk" if rng.random() < 0.6 else "",
                subject_given_names=plan.given,
                subject_family_name=plan.family,
                subject_other_names=subject.other_names if plan.index == 0 else "",
                subject_date_of_birth=plan.dob,
            )
            referral.narrative = rng.choice(NARRATIVES)
            referral.vulnerabilities = rng.choice(VULNERABILITIES)
            seal_blanks(referral)
            referrals.append(referral)
            saved[partnership.pk].append(referral)

    gateways: list[GatewayAssessment] = []
    deconflictions: list[DeconflictionEntry] = []
    sharing: list[SharingRequest] = []
    assessments: list[VulnerabilityAssessment] = []
    meetings: dict[tuple[int, dt.datetime], PanelMeeting] = {}
    items: list[tuple[AgendaItem, Round]] = []
    with transaction.atomic():
        Person.objects.bulk_create(people, batch_size=BATCH_SIZE)
        keys = [
            PersonNameKey(person_id=person.pk, partnership_id=person.partnership_id, key=key)
            for person in people
            for key in sorted(
                name_index(person_record(person))
                | place_index(postcode=person.postcode, school=person.school_or_employer)
            )
        ]
        PersonNameKey.objects.bulk_create(keys, batch_size=BATCH_SIZE)
        Referral.objects.bulk_create(referrals, batch_size=BATCH_SIZE)

        for partnership, planned in chunk:
            team = staff[partnership.pk]
            for plan, referral in zip(planned, saved[partnership.pk], strict=True):
                path = plan.path
                if path.deconflictions or path.decided_at:
                    gateway = GatewayAssessment(
                        referral=referral,
                        deconflicted_at=path.deconflictions[-1] if path.deconflictions else None,
                        deconflicted_by=team.police if path.deconflictions else None,
                        decision=path.decision,
                        signposted_to=lists.services[path.signposted_to] if path.signposted_to else None,
                        decided_by=team.police if path.decided_at else None,
                        decided_at=path.decided_at,
                    )
                    for at in path.deconflictions:
                        entry = DeconflictionEntry(
                            referral=referral,
                            consulted="PNC, PND and local intelligence",
                            outcome="no_conflict",
                            recorded_by=team.police,
                            recorded_at=at,
                        )
                        entry.notes = rng.choice(CHECKS)
                        deconflictions.append(entry)
                    if path.decided_at:
                        gateway.reasons = GATEWAY_REASONS[path.decision]
                    gateways.append(gateway)
                for shared in path.sharing:
                    request = SharingRequest(
                        referral=referral,
                        partnership=partnership,
                        direction=shared.direction,
                        partner=shared.partner,
                        legal_basis=shared.legal_basis,
                        sent_at=shared.sent_at,
                        due_on=(
                            add_working_days(shared.sent_at.date(), 10)
                            if shared.direction == "request"
                            else None
                        ),
                        answered_at=shared.answered_at,
                        recorded_by=team.coordinator,
                    )
                    request.subject = rng.choice(SHARING_SUBJECTS)
                    if shared.answered_at:
                        request.response = rng.choice(SHARING_RESPONSES)
                    sharing.append(request)
                for version, at in enumerate(path.assessments, start=1):
                    assessment = VulnerabilityAssessment(
                        referral=referral,
                        version=version,
                        framework=lists.framework,
                        assessed_on=at.date(),
                        author=team.coordinator,
                    )
                    assessment.summary = rng.choice(ASSESSMENT_SUMMARIES)
                    assessment.management_plan = "Mentoring with an intervention provider; review monthly."
                    assessments.append(assessment)
                for round_ in path.rounds:
                    meeting = meetings.get((partnership.pk, round_.meets_at))
                    if meeting is None:
                        meeting = meetings[partnership.pk, round_.meets_at] = PanelMeeting(
                            partnership=partnership,
                            meets_at=round_.meets_at,
                            location="Council offices, committee room 2",
                            chair=team.chair,
                            status="closed",
                        )
                    item = AgendaItem(
                        meeting=meeting,
                        referral=referral,
                        position=0,
                        decision=round_.decision,
                        signposted_to=lists.services[rng.choice(SIGNPOST_SERVICES)]
                        if round_.decision == "not_adopt_signpost"
                        else None,
                        decided_by=team.chair if round_.decided_at else None,
                        decided_at=round_.decided_at,
                    )
                    if round_.decided_at:
                        item.reasons = rng.choice(PANEL_REASONS)
                    items.append((item, round_))
        GatewayAssessment.objects.bulk_create(gateways, batch_size=BATCH_SIZE)
        DeconflictionEntry.objects.bulk_create(deconflictions, batch_size=BATCH_SIZE)
        SharingRequest.objects.bulk_create(sharing, batch_size=BATCH_SIZE)
        VulnerabilityAssessment.objects.bulk_create(assessments, batch_size=BATCH_SIZE)

        # A meeting's minutes are final two days after it, once every item is decided.
        for meeting in meetings.values():
            meeting.closed_at = meeting.meets_at + dt.timedelta(days=2)
        for item, round_ in items:
            if not round_.decided_at:
                item.meeting.status, item.meeting.closed_at = "scheduled", None
        for meeting in meetings.values():
            if meeting.closed_at and meeting.closed_at > now:
                meeting.status, meeting.closed_at = "scheduled", None
        PanelMeeting.objects.bulk_create(list(meetings.values()), batch_size=BATCH_SIZE)
        positions: Counter[int] = Counter()
        for item, _round in sorted(items, key=lambda pair: pair[1].agenda_at):
            positions[id(item.meeting)] += 1
            item.position = positions[id(item.meeting)]
        AgendaItem.objects.bulk_create([item for item, _ in items], batch_size=BATCH_SIZE)
        actions = []
        for item, round_ in items:
            for due, done in round_.actions:
                action = PanelAction(
                    agenda_item=item,
                    partnership_id=item.meeting.partnership_id,
                    owner=staff[item.meeting.partnership_id].coordinator,
                    due_on=due,
                    done_at=done,
                )
                action.description = rng.choice(PANEL_ACTIONS)
                actions.append(action)
        PanelAction.objects.bulk_create(actions, batch_size=BATCH_SIZE)

        events = []
        for partnership, planned in chunk:
            team = staff[partnership.pk]
            for plan, referral in zip(planned, saved[partnership.pk], strict=True):
                for event in plan.path.events:
                    actor = team.get(event.actor)
                    summary = event.summary.replace("{owner}", str(team.coordinator))
                    events.append(
                        CaseEvent(
                            referral_id=referral.pk,
                            kind=event.kind,
                            occurred_at=event.at,
                            actor_id=actor.pk if actor else None,
                            summary=summary[:300],
                        )
                    )
        CaseEvent.objects.bulk_create(events, batch_size=BATCH_SIZE)
        ReferenceCounter.objects.bulk_create(
            [
                ReferenceCounter(partnership_id=pk, year=year, last=last)
                for (pk, year), last in counters.items()
            ],
            batch_size=BATCH_SIZE,
        )

    data.people += len(people)
    data.name_keys += len(keys)
    data.referrals += len(referrals)
    data.events += len(events)
    data.gateways += len(gateways)
    data.sharing += len(sharing)
    data.assessments += len(assessments)
    data.meetings += len(meetings)
    data.agenda_items += len(items)
    data.panel_actions += len(actions)
    for _partnership, planned in chunk:
        for plan in planned:
            data.states[plan.path.state] += 1
            data.recent += plan.path.received_at > now - dt.timedelta(days=365)
            if plan.index == 0 and plan.subject.dob:
                data.first_referrals += 1
                data.under_18 += (plan.path.received_at.date() - plan.subject.dob).days < 18 * 365.25
    return saved


def decide_possible_matches() -> int:
    """`possible_matches` of each waiting referral whose person is not yet decided, from
    the real search, as submit_referral sets it."""
    from cases.models import Referral
    from cases.queries import possible_matches, subject_record

    waiting = list(Referral.objects.filter(state="received", person=None).select_related("partnership"))
    for referral in waiting:
        referral.possible_matches = len(possible_matches(referral.partnership, subject_record(referral)))
    Referral.objects.bulk_update(waiting, ["possible_matches"], batch_size=BATCH_SIZE)
    return len(waiting)


def build_data_set(scale: float, now: dt.datetime) -> tuple[DataSet, Built, Built]:
    """The national data set; the largest and the smallest partnership's details."""
    rng = random.Random(SEED)
    # The texts get their own random stream, so the paths planned do not depend on them.
    text_rng = random.Random(SEED + 1)
    data = DataSet()
    started = time.perf_counter()
    sizes = partnership_people(scale)
    lists = load_lists()
    partnerships, staff = build_partnerships([rank for rank, _ in sizes])
    lists.own_keys_for = partnerships[0].pk
    data.partnerships = len(partnerships)
    kept: dict[int, Built] = {}
    chunk: list[tuple[Partnership, list[Planned]]] = []
    last = len(sizes) - 1

    def flush() -> None:
        saved = write_chunk(text_rng, chunk, staff, lists, now, data)
        for partnership, planned in chunk:
            if partnership.pk in (partnerships[0].pk, partnerships[last].pk):
                kept[partnership.pk] = Built(
                    partnership, staff[partnership.pk], planned, saved[partnership.pk]
                )
        elapsed = time.perf_counter() - started
        print(
            f"  {partnerships.index(chunk[-1][0]) + 1}/{len(partnerships)} partnerships, "
            f"{data.referrals:,} referrals, {data.events:,} events ({elapsed:.0f} s)",
            flush=True,
        )
        chunk.clear()

    pending = 0
    for index, ((rank, people), partnership) in enumerate(zip(sizes, partnerships, strict=True)):
        planned = plan_partnership(rng, people, rank == 1, now)
        chunk.append((partnership, planned))
        pending += len(planned)
        if pending >= REFERRALS_PER_TRANSACTION or index == last:
            flush()
            pending = 0
    decided = decide_possible_matches()
    data.seconds = time.perf_counter() - started
    print(f"  possible matches searched for {decided} waiting referrals ({data.seconds:.0f} s)")
    return data, kept[partnerships[0].pk], kept[partnerships[last].pk]


# ---------------------------------------------------------------------------------
# Measuring.
# ---------------------------------------------------------------------------------

NEXT_LINK = re.compile(r'<a [^>]*href="(?P<href>[^"]+)" rel="next"')


def follow_next(client: Client, url: str, page: int) -> tuple[str, int]:
    """The URL of page `page` of a keyset-paged list, reached by following its
    rel="next" links from `url` (page 1); and the page reached, if the list is shorter."""
    reached = 1
    while reached < page:
        found = NEXT_LINK.search(get(client, url))
        if not found:
            break
        url = url.split("?")[0] + html.unescape(found["href"])
        reached += 1
    return url, reached


def pick(
    built: Built, keep: Callable[[Planned], bool], order: Callable[[Planned], Any]
) -> tuple[Planned, Referral]:
    pairs = [
        (plan, referral) for plan, referral in zip(built.planned, built.referrals, strict=True) if keep(plan)
    ]
    assert pairs, f"no referral of {built.partnership} fits"
    return min(pairs, key=lambda pair: order(pair[0]))


PANEL_DECIDED = ("adopted", "not_adopted_signposted", "not_adopted_nfa")


def chosen_cases(built: Built) -> dict[str, tuple[Planned, Referral]]:
    """The referrals whose pages are timed or counted: an adopted case (the fullest page)
    of about 10 events with an earlier referral of the same person (timed), about 30
    events at the same stage, and 3 events."""
    timed = pick(
        built,
        lambda p: p.index >= 1 and p.path.state in PANEL_DECIDED,
        lambda p: (p.path.state != "adopted", abs(len(p.path.events) - 10), p.path.received_at),
    )
    # The same stage as the timed page, so that only the chronology differs: later
    # stages rightly read more (an adopted case reads its support plan).
    many = pick(
        built,
        lambda p: p.path.state == timed[0].path.state,
        lambda p: (abs(len(p.path.events) - 30), p.path.received_at),
    )
    few = pick(
        built,
        lambda p: p.path.identity_at is not None,
        lambda p: (abs(len(p.path.events) - 3), p.path.received_at),
    )
    undecided = pick(
        built,
        lambda p: p.path.state == "received" and p.path.identity_at is None,
        lambda p: (p.index == 0, p.path.received_at),
    )
    return {"timed": timed, "many": many, "few": few, "undecided": undecided}


@dataclass
class Search:
    label: str
    record: NameRecord
    note: str
    target: Person | None = None  # the person the search should find
    pool: int = 0
    found: int = 0
    cold: PageResult = field(default_factory=lambda: PageResult(""))
    warm: PageResult = field(default_factory=lambda: PageResult(""))


def group_counts(built: Built) -> tuple[Counter[tuple[str, ...]], Counter[tuple[str, ...]]]:
    people = {id(plan.subject): plan.subject for plan in built.planned if plan.subject.person is not None}
    given = Counter(subject.given_group for subject in people.values())
    family = Counter(subject.family_group for subject in people.values())
    return given, family


def searches(built: Built) -> list[Search]:
    """A variant spelling of the family name of a person with a common given and family
    name (other than the partnership's most common ones); and the most common given and
    family names of the partnership together, the largest candidate pool."""
    from lib.names import NameRecord

    given, family = group_counts(built)
    top_given = given.most_common(1)[0][0]
    top_family = family.most_common(1)[0][0]
    people = {id(plan.subject): plan.subject for plan in built.planned if plan.subject.person is not None}
    plain = [
        s
        for s in people.values()
        if len(s.family_group) > 1
        and s.given_group != top_given
        and s.family_group != top_family
        and s.dob is not None
        and not s.other_names
        and s.given == spelled(s.given_group[0])
        and s.family == spelled(s.family_group[0])
    ]
    target = max(plain, key=lambda s: (given[s.given_group] * family[s.family_group], s.dob))
    variant = spelled(target.family_group[1])
    misspelt = NameRecord(given_names=target.given, family_name=variant, date_of_birth=target.dob)
    common = NameRecord(
        given_names=spelled(top_given[0]),
        family_name=spelled(top_family[0]),
        date_of_birth=dt.date(2009, 5, 14),
    )
    return [
        Search(
            "misspelt name",
            misspelt,
            f'"{target.given} {variant}" for {target.given} {target.family}, born {target.dob:%-d %B %Y}',
            target.person,
        ),
        Search("very common name", common, f"{common.given_names} {common.family_name}, born 14 May 2009"),
    ]


def time_search(search: Search, partnership: Partnership, repeats: int) -> None:
    from cases.blind import name_index
    from cases.models import PersonNameKey
    from cases.queries import possible_matches
    from cases.vault import KEY_CACHE
    from lib import names

    def forget() -> None:
        # A name not seen before: lib.names keeps the sound keys and readings of the
        # names it has compared, and the vault the data keys it has unwrapped.
        names._cached_variants.cache_clear()
        names._sound_key.cache_clear()
        KEY_CACHE.clear()

    def run() -> list[Any]:
        return possible_matches(partnership, search.record)

    search.cold = PageResult(f"match search, {search.label}")
    search.warm = PageResult(f"match search, {search.label}, warm caches")
    measure_call(search.cold, run, repeats, before_each=forget)
    measure_call(search.warm, run, repeats)
    candidates = run()
    search.found = len(candidates)
    search.pool = (
        PersonNameKey.objects.filter(partnership=partnership, key__in=name_index(search.record))
        .values("person_id")
        .distinct()
        .count()
    )
    if search.target is not None:
        position = next(
            (i for i, c in enumerate(candidates, start=1) if c.person.pk == search.target.pk), None
        )
        search.note += (
            f"; found first of {len(candidates)}"
            if position == 1
            else (f"; found at position {position} of {len(candidates)}" if position else "; NOT FOUND")
        )


SEARCH_PAGES = ("search_name", "search_dob")


def search_pages(misspelt: Search) -> dict[str, PageResult]:
    """The search page (`/cases/search/`, issue 14 part 11) for the misspelt name of the
    match search, by name alone, and for that person's date of birth alone: through the
    blind index, the matcher and the access layer, as the police officer searches (the
    form is posted: names and dates of birth stay out of URLs)."""
    from django.urls import reverse

    url = reverse("cases:search")
    record = misspelt.record
    born = record.date_of_birth
    assert born is not None
    by_name = {"name": f"{record.given_names} {record.family_name}"}
    by_dob = {
        "date_of_birth_day": born.day,
        "date_of_birth_month": born.month,
        "date_of_birth_year": born.year,
    }
    return {
        "search_name": PageResult("search page, misspelt name", url, form=by_name),
        "search_dob": PageResult("search page, date of birth", url, form=by_dob),
    }


def statement_difference(a: list[Statement], b: list[Statement]) -> list[str]:
    """The statements one list runs more often than the other, as short SQL."""
    count_a = Counter(re.sub(r"%s|\d+", "?", s.sql) for s in a)
    count_b = Counter(re.sub(r"%s|\d+", "?", s.sql) for s in b)
    lines = [f"+ {short_sql}" for short_sql in (count_b - count_a).elements()]
    lines += [f"- {short_sql}" for short_sql in (count_a - count_b).elements()]
    return [line if len(line) <= 130 else line[:129] + "…" for line in lines]


def load_average() -> float:
    return os.getloadavg()[0]


# ---------------------------------------------------------------------------------
# The support page of a case with a support plan (issue 14, part 9).
# ---------------------------------------------------------------------------------

SUPPORT_INTERVENTIONS = 5
SUPPORT_SESSIONS = 20


@dataclass
class SupportCases:
    """Two cases in support in the largest partnership, each with a support plan of two
    versions (the first replaced) and progress recorded against each: `large` with five
    interventions, twenty sessions and five needs a version; `small` with one of each."""

    large: Referral
    small: Referral


def in_support_with_plan(
    referral: Referral, staff: Staff, now: dt.datetime, interventions: int, sessions: int, needs: int
) -> None:
    """Turn an adopted case into one in support, written as the actions would leave it
    (consent, interventions and their sessions, a review of support held and one due,
    an assessment with factor findings, and the plan), without the audit chain."""
    from cases import vault
    from cases.actions import framework_for
    from cases.models import (
        AssessmentFactor,
        Consent,
        FactorFinding,
        Intervention,
        InterventionType,
        NeedProgress,
        PlanNeed,
        PlanProgressReview,
        Referral,
        Review,
        SupportPlan,
        SupportPlanVersion,
        SupportSession,
        VulnerabilityAssessment,
    )

    referral = Referral.objects.select_related("data_key", "partnership").get(pk=referral.pk)
    today = now.date()
    start = today - dt.timedelta(days=200)
    referral.state = "in_support"
    referral.save(update_fields=["state"])
    consent = Consent(
        referral=referral,
        decision="given",
        given_by="person",
        age_on_the_day=19,
        method="in_person",
        given_on=start,
        recorded_by=staff.coordinator,
    )
    consent.capacity_notes = "Understood what Channel offers."
    consent.save()
    types = list(InterventionType.objects.filter(partnership=None).order_by("id"))
    agreed = []
    for index in range(interventions):
        agreed.append(
            Intervention.objects.create(
                referral=referral,
                partnership_id=referral.partnership_id,
                intervention_type=types[index % len(types)],
                provider_organisation="Approved Intervention Provider",
                starts_on=start,
                frequency_days=14,
                last_session_on=today - dt.timedelta(days=7),
                session_due_on=today + dt.timedelta(days=7),
                agreed_by=staff.coordinator,
            )
        )
    logged = []
    for index in range(sessions):
        session = SupportSession(
            intervention=agreed[index % interventions],
            held_on=today - dt.timedelta(days=7 + 14 * (index // interventions)),
            attended=index % 4 != 3,
            logged_by=staff.coordinator,
            data_key=referral.data_key,
        )
        session.notes = "Covered the planned topics; engaged well."
        logged.append(session)
    SupportSession.objects.bulk_create(logged)
    held = Review(
        referral=referral,
        partnership_id=referral.partnership_id,
        kind="support",
        due_on=start + dt.timedelta(weeks=12),
        held_on=start + dt.timedelta(weeks=12),
        recorded_by=staff.chair,
    )
    held.outcome = "Engaging well with mentoring; continue."
    held.save()
    Review.objects.create(
        referral=referral,
        partnership_id=referral.partnership_id,
        kind="support",
        due_on=today + dt.timedelta(days=30),
    )
    assessment = VulnerabilityAssessment(
        referral=referral,
        version=(referral.assessments.count() + 1),
        framework=framework_for(referral.partnership, start),
        assessed_on=start,
        author=staff.coordinator,
    )
    assessment.summary = "Drawn to an extremist narrative; no intent or capability seen."
    assessment.save()
    findings = []
    for factor in AssessmentFactor.objects.filter(framework=assessment.framework, partnership=None)[:needs]:
        finding = FactorFinding(
            assessment=assessment, factor=factor, finding="present", data_key=referral.data_key
        )
        finding.evidence = f"Seen at school: {factor.name.lower()}."
        finding.save()
        findings.append(finding)
    plan = SupportPlan.objects.create(referral=referral, partnership_id=referral.partnership_id)
    reviewed = start + dt.timedelta(weeks=12)  # the day the review of support was held
    signed = (start + dt.timedelta(days=10), reviewed)
    for number, signed_off_on in enumerate(signed, start=1):
        version = SupportPlanVersion.objects.create(
            plan=plan,
            number=number,
            drafted_by=staff.coordinator,
            signed_off_by=staff.chair,
            signed_off_on=signed_off_on,
            superseded_on=signed[1] if number == 1 else None,
        )
        progress = PlanProgressReview.objects.create(
            version=version, reviewed_on=reviewed if number == 1 else today, recorded_by=staff.coordinator
        )
        for position, finding in enumerate(findings, start=1):
            need = PlanNeed(
                version=version,
                position=position,
                factor=finding.factor,
                finding=finding,
                data_key=referral.data_key,
            )
            vault.assign(
                need,
                need=f"Need {position}: help with {finding.factor.name.lower()}.",
                outcome="Fewer signs of it.",
            )
            need.save()
            need.interventions.set({agreed[(position - 1) % interventions], agreed[position % interventions]})
            entry = NeedProgress(
                progress_review=progress, need=need, rating="some", data_key=referral.data_key
            )
            entry.note = "Some progress at school and with the mentor."
            entry.save()


def build_support_cases(largest: Built, now: dt.datetime) -> SupportCases:
    """Two adopted cases of the largest partnership, not among those timed as referral
    pages, put in support with a plan."""
    chosen = {referral.pk for _, referral in chosen_cases(largest).values()}
    adopted = [
        referral
        for plan, referral in zip(largest.planned, largest.referrals, strict=True)
        if plan.path.state == "adopted" and referral.pk not in chosen
    ]
    large, small = adopted[-1], adopted[-2]
    in_support_with_plan(
        large, largest.staff, now, SUPPORT_INTERVENTIONS, SUPPORT_SESSIONS, SUPPORT_INTERVENTIONS
    )
    in_support_with_plan(small, largest.staff, now, 1, 1, 1)
    return SupportCases(large, small)


def support_pages(cases: SupportCases) -> dict[str, PageResult]:
    from django.urls import reverse

    return {
        "support": PageResult(
            f"support page ({SUPPORT_INTERVENTIONS} interventions, {SUPPORT_SESSIONS} sessions, plan)",
            reverse("cases:case_panel", kwargs={"uuid": cases.large.uuid}),
        ),
        "support_plan": PageResult(
            f"support plan page ({SUPPORT_INTERVENTIONS} needs, 2 versions)",
            reverse("cases:plan_detail", kwargs={"uuid": cases.large.uuid}),
        ),
    }


def report_support(pages: dict[str, PageResult], client: Client, cases: SupportCases) -> None:
    """The support pages' query counts against a plan of one intervention, one session
    and one need (asserted the same), and their verdicts."""
    from django.urls import reverse

    print()
    for key, name in (("support", "cases:case_panel"), ("support_plan", "cases:plan_detail")):
        page = pages[key]
        url = reverse(name, kwargs={"uuid": cases.small.uuid})
        get(client, url)
        page.small_queries = len(count_queries(client, url))
        same = "same" if page.small_queries == page.queries else "DIFFERENT: grows with the plan"
        print(
            f"{page.name}: {page.queries} queries, {page.small_queries} with one intervention, one session "
            f"and one need ({same}); p50 {page.p50:.1f} ms — {verdict(page.p50, TARGET_PAGE_P50_MS)}"
        )
        assert page.small_queries == page.queries, f"the {page.name}'s query count grows with the plan"


def run_worker(args: argparse.Namespace) -> int:
    setup_django()
    from django.core.management import call_command
    from django.db import connection
    from django.urls import reverse
    from django.utils import timezone

    from cases.models import Referral
    from cases.queries import queue_rows, waiting_queue

    label = "PostgreSQL" if connection.vendor == "postgresql" else "SQLite"
    print(f"{label}: migrating and building the data set (scale {args.scale:g})…", flush=True)
    started = time.perf_counter()
    call_command("migrate", interactive=False, verbosity=0)
    migrate_seconds = time.perf_counter() - started

    now = timezone.now()
    data, largest, smallest = build_data_set(args.scale, now)
    support = build_support_cases(largest, now)
    settle_database()

    cases = chosen_cases(largest)
    timed_plan = cases["timed"][0]
    client = signed_in_client(largest.staff.police)
    small_client = signed_in_client(smallest.staff.police)
    list_url = reverse("cases:case_list")
    queue_url = reverse("cases:queue")
    deep_url, deep_page = follow_next(client, list_url, DEEP_PAGE)

    def case_url(pair: tuple[Planned, Referral]) -> str:
        return reverse("cases:referral_detail", kwargs={"uuid": pair[1].uuid})

    undecided = Referral.objects.get(pk=cases["undecided"][1].pk)
    pages = {
        "queue": PageResult("gateway queue", queue_url),
        "case": PageResult(f"referral page ({len(timed_plan.path.events)} events)", case_url(cases["timed"])),
        "list": PageResult("case list, page 1", list_url),
        "deep": PageResult(f"case list, page {deep_page}", deep_url),
        "undecided": PageResult(
            f"referral page, person to decide ({undecided.possible_matches} possible)",
            case_url(cases["undecided"]),
        ),
    }
    found = searches(largest)
    pages.update(search_pages(found[0]))

    # The home page is the heaviest for the coordinator, whose panels count the most.
    home_clients = {
        "home": (signed_in_client(largest.staff.coordinator), signed_in_client(smallest.staff.coordinator)),
        "chair_home": (signed_in_client(largest.staff.chair), signed_in_client(smallest.staff.chair)),
    }
    pages["home"] = PageResult("home page (coordinator)", "/")
    pages["chair_home"] = PageResult("home page (chair)", "/")
    pages |= support_pages(support)

    load_before = load_average()
    for key, page in pages.items():
        measure(
            page, home_clients[key][0] if key in home_clients else client, args.requests, profile=args.profile
        )
    for search in found:
        time_search(search, largest.partnership, args.requests)
    load = (load_before, load_average())

    # Query counts against the size of the data.
    for key, url in (("queue", queue_url), ("list", list_url)):
        get(small_client, url)
        pages[key].small_queries = len(count_queries(small_client, url))
    for key, (_, small_home) in home_clients.items():
        get(small_home, "/")
        pages[key].small_queries = len(count_queries(small_home, "/"))
    get(client, list_url)
    referral_counts = {}
    for key in ("few", "timed", "many"):
        url = case_url(cases[key])
        get(client, url)
        referral_counts[key] = count_queries(client, url)
    waiting_small = waiting_queue(smallest.partnership).count()
    waiting = list(waiting_queue(largest.partnership))
    rows = queue_rows(waiting, largest.partnership.gateway_target_days)

    print_report(
        args,
        data,
        migrate_seconds,
        largest,
        smallest,
        cases,
        pages,
        found,
        referral_counts,
        (len(rows), sum(row.overdue for row in rows), sum(bool(row.earlier_referrals) for row in rows)),
        waiting_small,
        load,
    )
    report_support(pages, client, support)
    assert pages["queue"].small_queries == pages["queue"].queries, (
        "the queue's query count grows with the data"
    )
    assert pages["list"].small_queries == pages["list"].queries, (
        "the case list's query count grows with the data"
    )
    assert pages["home"].small_queries == pages["home"].queries, (
        "the home page's query count grows with the data"
    )
    assert len(referral_counts["timed"]) == len(referral_counts["many"]), (
        "the referral page's query count grows with its chronology"
    )
    return 0


def verdict(p50: float, target: float) -> str:
    return f"target of {target:.0f} ms {'met' if p50 < target else 'MISSED'}"


def print_report(
    args: argparse.Namespace,
    data: DataSet,
    migrate_seconds: float,
    largest: Built,
    smallest: Built,
    cases: dict[str, tuple[Planned, Referral]],
    pages: dict[str, PageResult],
    found: list[Search],
    referral_counts: dict[str, list[Statement]],
    queue: tuple[int, int, int],
    waiting_small: int,
    load: tuple[float, float],
) -> None:
    print(
        f"{database_description()} — {data.partnerships:,} partnerships, {data.people:,} people, "
        f"{data.name_keys:,} name keys, {data.referrals:,} referrals, {data.events:,} chronology events, "
        f"{data.gateways:,} gateway assessments, {data.sharing:,} sharing requests, "
        f"{data.assessments:,} vulnerability assessments, {data.meetings:,} panel meetings, "
        f"{data.agenda_items:,} agenda items, {data.panel_actions:,} panel actions "
        f"(built in {data.seconds:.0f} s; migrate {migrate_seconds:.1f} s)"
    )
    shares = ", ".join(
        f"{state.replace('_', ' ')} {count / data.referrals:.1%}"
        for state, count in data.states.most_common()
    )
    print(
        f"States: {shares}. Received in the last 12 months: {data.recent / data.referrals:.1%}. "
        f"Under 18 at their first referral: {data.under_18 / data.first_referrals:.0%}."
    )
    waiting, over, again = queue
    people = len({id(plan.subject) for plan in largest.planned if plan.subject.person is not None})
    timed_plan, timed = cases["timed"]
    print(
        f"Signed in as the police officer of {largest.partnership.name} ({len(largest.planned):,} referrals, "
        f"{people:,} people; {waiting} waiting at the gateway, {over} over target, {again} re-referrals). "
        f"Referral page: {timed.reference}, {timed_plan.path.state.replace('_', ' ')}, "
        f"{len(timed_plan.path.events)} events, {timed_plan.index} earlier referral"
        f"{'s' if timed_plan.index != 1 else ''} of the same person. Deep page: "
        f"page {pages['deep'].name.split()[-1]}, reached by following rel=next links from page 1. "
        f"{args.requests} timed requests (or calls) each after {WARM_UP_REQUESTS} warm-up; "
        f"load average {load[0]:.2f} before and {load[1]:.2f} after timing, on {os.cpu_count()} CPUs."
    )
    for search in found:
        print(
            f"Match search, {search.label}: {search.note}; {search.pool:,} people share a name key, "
            f"{search.found} shown."
        )
    print()
    timed_rows = [*pages.values()] + [result for search in found for result in (search.cold, search.warm)]
    print_table(timed_rows)
    print()
    print("Query counts against the size of the data:")
    small = f"{smallest.partnership.name} ({len(smallest.planned):,} referrals"
    for key, what in (("queue", f"{waiting} waiting"), ("list", f"{len(largest.planned):,} referrals")):
        page = pages[key]
        same = "same" if page.small_queries == page.queries else "DIFFERENT: grows with the data"
        extra = f", {waiting_small} waiting)" if key == "queue" else ")"
        print(
            f"  {page.name}: {page.queries} for {largest.partnership.name} ({what}), "
            f"{page.small_queries} for {small}{extra} ({same})"
        )
    for key in ("home", "chair_home"):
        page = pages[key]
        same = "same" if page.small_queries == page.queries else "DIFFERENT: grows with the data"
        print(
            f"  {page.name}: {page.queries} for {largest.partnership.name}, "
            f"{page.small_queries} for {smallest.partnership.name} ({same})"
        )
    deep, first = pages["deep"], pages["list"]
    print(
        f"  {deep.name}: {deep.queries}, against {first.queries} on page 1 "
        f"({'same' if deep.queries == first.queries else 'DIFFERENT'})"
    )
    counts = {key: len(statements) for key, statements in referral_counts.items()}
    described = {
        key: f"{len(cases[key][0].path.events)} events ({cases[key][0].path.state.replace('_', ' ')})"
        for key in counts
    }
    print(
        f"  referral page: {counts['few']} queries with {described['few']}, {counts['timed']} with "
        f"{described['timed']}, {counts['many']} with {described['many']} "
        f"({'same' if counts['timed'] == counts['many'] else 'DIFFERENT: grows with the chronology'} "
        "at the same stage)"
    )
    if counts["few"] != counts["timed"]:
        print(f"    {cases['few'][1].reference} is at another stage; the statements that differ:")
        for line in statement_difference(referral_counts["few"], referral_counts["timed"]):
            print(f"      {line}")
    print(
        "  match search: "
        + ", ".join(
            f"{s.cold.queries} queries for the {s.label} ({s.pool:,} people share a key)" for s in found
        )
    )
    print()
    for key in ("queue", "case", "list", "deep", "home", "chair_home"):
        page = pages[key]
        print(f"{page.name}: p50 {page.p50:.1f} ms — {verdict(page.p50, TARGET_PAGE_P50_MS)}")
    for key in SEARCH_PAGES:
        page = pages[key]
        print(f"{page.name}: p50 {page.p50:.1f} ms — {verdict(page.p50, TARGET_MATCH_P50_MS)}")
    for search in found:
        print(
            f"{search.cold.name}: p50 {search.cold.p50:.1f} ms with empty name caches "
            f"({search.warm.p50:.1f} ms warm) — {verdict(search.cold.p50, TARGET_MATCH_P50_MS)}"
        )
    if args.statements:
        print_statements(timed_rows)
    if args.profile:
        print_profiles(timed_rows)
    for result in timed_rows:
        target = (
            TARGET_MATCH_P50_MS if result.name.startswith(("match search", "search")) else TARGET_PAGE_P50_MS
        )
        if args.explain or result.p50 >= target:
            print_slowest(result)


def main(argv: Sequence[str] | None = None) -> int:
    return run_benchmark(Path(__file__), __doc__.split("\n\n")[0] if __doc__ else None, run_worker, argv)


if __name__ == "__main__":
    sys.exit(main())

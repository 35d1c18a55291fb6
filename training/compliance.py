"""Compliance with requirement rules: who in a rule's audience holds a valid completion,
who is due soon, who is overdue and who is not yet trained, and the figures by
organisation, sector and service (an organisation with those under it).

The statuses depend on today's date, so they are never stored. What is stored is the
summary `ComplianceEntry`: one row per rule and person in its audience, with the dates
that decide the status (the latest completion, the day it stops counting, the day the
person is due, the day they left). Pages count those rows with date comparisons, one
grouped query a table, so a page's queries do not grow with the data.

The summary is kept in step by the functions below, each set-based (a handful of queries
whatever the number of people) and run inside the caller's transaction:

- `refresh_people(person_ids)`: after completions are added or removed, or a person's
  organisation, staff group, start or leaving date, or network membership changes;
- `refresh_organisations(organisation_ids)`: after an organisation's sector, parent or
  status changes (its people and the people of those under it);
- `refresh_rule(rule)`: after a rule is created, edited, deactivated or reactivated.

`rebuild()` computes the whole table from scratch (tests compare it with what the
incremental functions left)."""

from __future__ import annotations

import datetime as dt
import functools
import math
from collections import defaultdict
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from typing import Any, overload

from django.core.exceptions import EmptyResultSet
from django.db import connection, connections, transaction
from django.db.models import Count, F, Lookup, Max, OuterRef, Q, QuerySet, Subquery
from django.utils import timezone

from accounts.access import Viewer
from accounts.models import Partnership, Role
from govuk.links import uuid_url
from lib.dates import add_months
from partners.models import (
    Contact,
    NetworkMember,
    Organisation,
    OrganisationStatus,
    Sector,
    StaffCount,
    StaffGroup,
)
from training import access
from training.models import AudienceKind, Completion, ComplianceEntry, RequirementRule

# A person is "due soon" when their completion stops counting, or they must first
# complete a course, within this many days.
DUE_SOON_DAYS = 60
# How deep organisations nest (partners.actions.MAX_DEPTH refuses deeper chains).
MAX_DEPTH = 10
BATCH = 2000
# The staff group whose declared numbers stand beside a rule whose audience is not a
# staff group.
ALL_STAFF = "all-staff"


class Status:
    COMPLIANT = "compliant"
    DUE_SOON = "due_soon"
    OVERDUE = "overdue"
    NOT_YET_TRAINED = "not_yet_trained"

    LABELS = {
        COMPLIANT: "Compliant",
        DUE_SOON: "Due soon",
        OVERDUE: "Overdue",
        NOT_YET_TRAINED: "Not yet trained, not yet due",
    }
    ORDER = (COMPLIANT, DUE_SOON, OVERDUE, NOT_YET_TRAINED)


def today() -> dt.date:
    return timezone.localdate()


# --- the dates that decide a status -------------------------------------------------------


@dataclass(frozen=True)
class Dates:
    completed_on: dt.date | None
    expires_on: dt.date | None
    due_on: dt.date | None


def rule_start(rule: RequirementRule) -> dt.date:
    """The day counted from for someone whose start date is not recorded."""
    return timezone.localdate(rule.created_at) if rule.created_at else today()


def dates_for(rule: RequirementRule, started_on: dt.date | None, latest: dt.date | None) -> Dates:
    """The first completion is due `due_within_months` after the person started (or after
    the rule was made, when their start is not recorded). A completion counts until
    `refresher_months` after it, when the rule has a refresher; then the person is due
    again, on the later of that day and their first due date."""
    first_due = add_months(started_on or rule_start(rule), rule.due_within_months)
    if latest is None:
        return Dates(None, None, first_due)
    if rule.refresher_months:
        expires = add_months(latest, rule.refresher_months)
        return Dates(latest, expires, max(first_due, expires))
    return Dates(latest, None, None)


def status_of(dates: Dates, on: dt.date) -> str:
    """One person's status on a day, from their stored dates: the same conditions as
    `_conditions` below, which count it in the database."""
    soon = on + dt.timedelta(days=DUE_SOON_DAYS)
    valid = dates.completed_on is not None and (dates.expires_on is None or dates.expires_on > on)
    if valid:
        return (
            Status.DUE_SOON if dates.expires_on is not None and dates.expires_on <= soon else Status.COMPLIANT
        )
    assert dates.due_on is not None
    if dates.due_on <= on:
        return Status.OVERDUE
    return Status.DUE_SOON if dates.due_on <= soon else Status.NOT_YET_TRAINED


def current(on: dt.date) -> Q:
    """Rows of people who have not left by `on`."""
    return Q(left_on__isnull=True) | Q(left_on__gt=on)


def _conditions(on: dt.date) -> dict[str, Q]:
    soon = on + dt.timedelta(days=DUE_SOON_DAYS)
    valid = Q(completed_on__isnull=False) & (Q(expires_on__isnull=True) | Q(expires_on__gt=on))
    return {
        "trained": valid,
        Status.COMPLIANT: valid & (Q(expires_on__isnull=True) | Q(expires_on__gt=soon)),
        Status.DUE_SOON: (valid & Q(expires_on__lte=soon)) | (~valid & Q(due_on__gt=on, due_on__lte=soon)),
        Status.OVERDUE: ~valid & Q(due_on__lte=on),
        Status.NOT_YET_TRAINED: ~valid & Q(due_on__gt=soon),
        "never_trained": Q(completed_on__isnull=True),
    }


def status_filter(status: str, on: dt.date) -> Q:
    return _conditions(on)[status]


# --- the audience ---------------------------------------------------------------------------


def descendants(organisation_ids: Iterable[int]) -> set[int]:
    """The organisations given and every organisation under them, a query a level."""
    found = set(organisation_ids)
    level = set(found)
    for _ in range(MAX_DEPTH):
        level = set(Organisation.objects.filter(parent_id__in=level).values_list("pk", flat=True)) - found
        if not level:
            break
        found |= level
    return found


def audience(rule: RequirementRule) -> QuerySet[Contact]:
    """The people a rule applies to, leavers included (the summary keeps their leaving
    date; the counts leave them out from that day): people of the partnership at an
    active organisation and, by the kind of audience, in the sector, at the organisation
    or one under it, in the staff group, or a member of the network who has not left it."""
    people = Contact.objects.filter(
        partnership_id=rule.partnership_id, organisation__status=OrganisationStatus.ACTIVE
    )
    if rule.audience == AudienceKind.SECTOR:
        if rule.sector_id is None:
            return people.none()
        return people.filter(organisation__sector_id=rule.sector_id)
    if rule.audience == AudienceKind.ORGANISATION:
        if rule.organisation_id is None:
            return people.none()
        return people.filter(organisation_id__in=descendants([rule.organisation_id]))
    if rule.audience == AudienceKind.STAFF_GROUP:
        if rule.staff_group_id is None:
            return people.none()
        return people.filter(staff_group_id=rule.staff_group_id)
    if rule.audience == AudienceKind.NETWORK:
        if rule.network_id is None:
            return people.none()
        members = NetworkMember.objects.filter(network_id=rule.network_id, left__isnull=True)
        return people.filter(pk__in=members.values("contact_id"))
    return people.none()


def _entries(
    rule: RequirementRule, people: QuerySet[Contact], course_ids: list[int]
) -> list[ComplianceEntry]:
    rows = list(
        people.values_list("pk", "organisation_id", "organisation__sector_id", "started_on", "left_on")
    )
    latest: dict[int, dt.date] = {}
    if rows and course_ids:
        latest = dict(
            Completion.objects.filter(person__in=people.values("pk"), course_id__in=course_ids)
            .values("person_id")
            .annotate(latest=Max("completed_on"))
            .values_list("person_id", "latest")
        )
    entries = []
    for person_id, organisation_id, sector_id, started_on, left_on in rows:
        dates = dates_for(rule, started_on, latest.get(person_id))
        entries.append(
            ComplianceEntry(
                rule_id=rule.pk,
                person_id=person_id,
                partnership_id=rule.partnership_id,
                organisation_id=organisation_id,
                sector_id=sector_id,
                completed_on=dates.completed_on,
                expires_on=dates.expires_on,
                due_on=dates.due_on,
                left_on=left_on,
            )
        )
    return entries


def _course_ids(rules: Sequence[RequirementRule]) -> dict[int, list[int]]:
    through = RequirementRule.courses.through
    found: dict[int, list[int]] = defaultdict(list)
    for rule_id, course_id in through.objects.filter(
        requirementrule_id__in=[r.pk for r in rules]
    ).values_list("requirementrule_id", "course_id"):
        found[rule_id].append(course_id)
    return found


class _AnyOf(Lookup):
    """`field = ANY(%s)` with the ids as one array parameter (PostgreSQL). Django's `__in`
    sends one parameter an id, and the driver's work on a statement of 2,000 parameters
    costs more than the statement: refreshing an import's 50,000 people spent a second of
    this process's time on it."""

    lookup_name = "any_of"
    prepare_rhs = False

    def as_sql(self, compiler: Any, connection: Any) -> Any:
        lhs, lhs_params = self.process_lhs(compiler, connection)
        return f"{lhs} = ANY(%s)", (*lhs_params, [int(pk) for pk in self.rhs])


def _among(field_name: str, ids: Sequence[int]) -> Q | Lookup:
    """A filter: the field's value is one of the ids."""
    if connection.vendor == "postgresql":
        return _AnyOf(F(field_name), list(ids))
    return Q(**{f"{field_name}__in": ids})


def _chunks(ids: Sequence[int], size: int = BATCH) -> Iterable[Sequence[int]]:
    for start in range(0, len(ids), size):
        yield ids[start : start + size]


@transaction.atomic
def refresh_rule(rule: RequirementRule) -> int:
    """Replace the rule's rows: all its audience's when it is active, none when not.
    Returns the number of rows written."""
    ComplianceEntry.objects.filter(rule_id=rule.pk).delete()
    if not rule.active:
        return 0
    entries = _entries(rule, audience(rule), _course_ids([rule])[rule.pk])
    ComplianceEntry.objects.bulk_create(entries, batch_size=BATCH)
    return len(entries)


@transaction.atomic
def refresh_people(person_ids: Iterable[int]) -> int:
    """Replace the rows of these people for every active rule of their partnerships: a
    query or two a rule for each batch of people, however many they are. Call it once
    for a whole import, after its rows are written."""
    ids = sorted(set(person_ids))
    if not ids:
        return 0
    written = 0
    for chunk in _chunks(ids):
        ComplianceEntry.objects.filter(_among("person_id", chunk)).delete()
        partnership_ids = set(
            Contact.objects.filter(_among("pk", chunk))
            .values_list("partnership_id", flat=True)
            .order_by()
            .distinct()
        )
        rules = list(RequirementRule.objects.filter(partnership_id__in=partnership_ids, active=True))
        courses = _course_ids(rules)
        entries = []
        for rule in rules:
            entries += _entries(rule, audience(rule).filter(_among("pk", chunk)), courses[rule.pk])
        ComplianceEntry.objects.bulk_create(entries, batch_size=BATCH)
        written += len(entries)
    return written


@transaction.atomic
def refresh_organisations(organisation_ids: Iterable[int]) -> int:
    """After an organisation's sector, parent or status changes: refresh the people at it
    and at every organisation under it (a rule for an organisation counts those under it)."""
    found = descendants(organisation_ids)
    people = Contact.objects.filter(organisation_id__in=found).values_list("pk", flat=True)
    return refresh_people(list(people))


@transaction.atomic
def rebuild(partnership: Partnership | None = None) -> int:
    """Every row from scratch, for one partnership or all."""
    rules = RequirementRule.objects.all()
    stale = ComplianceEntry.objects.all()
    if partnership is not None:
        rules = rules.filter(partnership=partnership)
        stale = stale.filter(partnership=partnership)
    stale.delete()
    return sum(refresh_rule(rule) for rule in rules)


def computed_from_scratch(partnership: Partnership) -> set[tuple[object, ...]]:
    """What the summary should hold for a partnership, computed straight from the base
    tables person by person (slowly, for tests): each row as a tuple."""
    expected: set[tuple[object, ...]] = set()
    for rule in RequirementRule.objects.filter(partnership=partnership, active=True).prefetch_related(
        "courses"
    ):
        courses = {course.pk for course in rule.courses.all()}
        for person in audience(rule).select_related("organisation"):
            completed = [
                c.completed_on for c in Completion.objects.filter(person=person) if c.course_id in courses
            ]
            dates = dates_for(rule, person.started_on, max(completed) if completed else None)
            expected.add(
                (
                    rule.pk,
                    person.pk,
                    person.organisation_id,
                    person.organisation.sector_id,
                    dates.completed_on,
                    dates.expires_on,
                    dates.due_on,
                    person.left_on,
                )
            )
    return expected


def stored(partnership: Partnership) -> set[tuple[object, ...]]:
    return set(
        tuple(row)
        for row in ComplianceEntry.objects.filter(partnership=partnership).values_list(
            "rule_id",
            "person_id",
            "organisation_id",
            "sector_id",
            "completed_on",
            "expires_on",
            "due_on",
            "left_on",
        )
    )


def scope(viewer: Viewer) -> list[int] | None:
    """The organisations whose figures a viewer reads: None (all of the partnership's)
    for the coordinator and the steering group, the led ones for a partner lead."""
    if viewer.has_any(Role.COORDINATOR, Role.STEERING):
        return None
    return access.led_organisation_ids(viewer)


# --- figures --------------------------------------------------------------------------------


@dataclass(slots=True)
class Figures:
    """The counts behind a percentage: `audience` is the people recorded in the rule's
    audience (who have not left); `trained` hold a valid completion (compliant or due
    soon with one)."""

    audience: int = 0
    trained: int = 0
    compliant: int = 0
    due_soon: int = 0
    overdue: int = 0
    not_yet_trained: int = 0
    never_trained: int = 0
    # Staff an organisation has declared (partners.StaffCount) beyond the people recorded
    # in the audience there: in the denominator and never trained, so a register that
    # holds 2 of a school's 500 staff cannot show the school as compliant.
    unrecorded: int = 0

    def add(self, other: Figures) -> None:
        self.audience += other.audience
        self.trained += other.trained
        self.compliant += other.compliant
        self.due_soon += other.due_soon
        self.overdue += other.overdue
        self.not_yet_trained += other.not_yet_trained
        self.never_trained += other.never_trained
        self.unrecorded += other.unrecorded

    @property
    def denominator(self) -> int:
        """The people recorded, and the declared staff beyond them."""
        return self.audience + self.unrecorded

    @property
    def percent(self) -> float | None:
        """The share trained, rounded down to one decimal place, so that 94.96% never
        shows as meeting a 95% target."""
        if not self.denominator:
            return None
        return math.floor(self.trained * 1000 / self.denominator) / 10


def percent_text(percent: float | None) -> str:
    if percent is None:
        return "No one recorded"
    return f"{percent:g}%"


def against_target(percent: float | None, target: int) -> str:
    """The wording beside a percentage, without red, amber or green."""
    if percent is None:
        return "No one recorded"
    if percent >= target:
        return "Meets target"
    return f"Below target by {round(target - percent, 1):g} points"


# The counts a summary of percentages needs (the sector summary), and those of the
# digest and an organisation's page; a rule's page counts them all.
PERCENTAGES = ("trained",)
DUE = ("trained", Status.DUE_SOON, Status.OVERDUE)


# The counts read from the summary (`unrecorded` comes from the staff numbers).
FIGURES = ("audience", "trained", "compliant", "due_soon", "overdue", "not_yet_trained", "never_trained")


def _tuples(query: QuerySet[Any]) -> list[tuple[Any, ...]]:
    """A `values_list` query's rows as the cursor gives them, without Django's conversion
    of each value: a large partnership's pages read a row for each of its thousands of
    organisations, and converting them cost more than the query. For integers and text
    only (SQLite gives dates as text)."""
    try:
        sql, params = query.query.sql_with_params()
    except EmptyResultSet:  # filtered to nothing (a partner lead who leads no organisation)
        return []
    with connections[query.db].cursor() as cursor:
        cursor.execute(sql, params)
        return cursor.fetchall()


@functools.lru_cache(maxsize=16)
def _count_columns(alias: str, on: dt.date, counted: tuple[str, ...]) -> tuple[str, tuple[Any, ...]]:
    """The SELECT list of the counts named (`COUNT(CASE WHEN <status on the day> THEN 1
    END)`, the audience `COUNT(*)`) and its parameters, compiled from `_conditions` once a
    day and database: building and compiling the seven filtered counts through the ORM
    took longer than the grouped query itself."""
    conditions = _conditions(on)
    parts: list[str] = []
    params: list[Any] = []
    for name in counted:
        if name == "audience":
            parts.append("COUNT(*)")
            continue
        query = ComplianceEntry.objects.filter(conditions[name]).query
        sql, condition_params = query.get_compiler(alias).compile(query.where)
        parts.append(f"COUNT(CASE WHEN {sql} THEN 1 END)")
        params.extend(condition_params)
    return ", ".join(parts), tuple(params)


def _grouped(
    entries: QuerySet[ComplianceEntry], by: Sequence[str], on: dt.date, only: Sequence[str] | None
) -> list[tuple[tuple[int, ...], Figures]]:
    """The counts of `entries` on the day per value of `by`: one query. The rows of the
    people who have not left are read with the columns the statuses compare, and counted
    by the compiled columns of `_count_columns`; the rows are read as plain tuples from the
    cursor: a large partnership's rule has a row for each of about a thousand
    organisations, and Django's conversion of each of their counts took longer than the
    query."""
    counted = tuple(name for name in FIGURES if name == "audience" or only is None or name in only)
    inner = (
        entries.filter(current(on))
        .values_list(*by, "completed_on", "expires_on", "due_on", "left_on")
        .order_by()
    )
    try:
        inner_sql, inner_params = inner.query.sql_with_params()
    except EmptyResultSet:  # filtered to no organisations (a partner lead who leads none)
        return []
    counts, count_params = _count_columns(inner.db, on, counted)
    columns = ", ".join(connections[inner.db].ops.quote_name(name) for name in by)
    # The inner rows take the table's name, so the compiled conditions apply to them.
    table = connections[inner.db].ops.quote_name(ComplianceEntry._meta.db_table)
    # Every part is quoted by the backend or compiled by the ORM; the values are parameters.
    sql = f"SELECT {columns}, {counts} FROM ({inner_sql}) {table} GROUP BY {columns}"  # noqa: S608
    with connections[inner.db].cursor() as cursor:
        cursor.execute(sql, (*count_params, *inner_params))
        rows = cursor.fetchall()
    keys = len(by)
    if len(counted) == len(FIGURES):
        return [(row[:keys], Figures(*row[keys:])) for row in rows]
    # Each figure's place in the row, or None for a count not asked for (left at 0).
    places = [keys + counted.index(name) if name in counted else None for name in FIGURES]
    return [(row[:keys], Figures(*[0 if at is None else row[at] for at in places])) for row in rows]


def grouped(
    entries: QuerySet[ComplianceEntry], by: str, on: dt.date, only: Sequence[str] | None = None
) -> dict[int, Figures]:
    """Figures per value of `by` (organisation_id, sector_id, rule_id): one query; only
    the counts named in `only` (and the audience) when given, the others left at 0."""
    return {key[0]: figures for key, figures in _grouped(entries, (by,), on, only)}


def entries_for(
    rule: RequirementRule, organisation_ids: Iterable[int] | None = None
) -> QuerySet[ComplianceEntry]:
    entries = ComplianceEntry.objects.filter(rule_id=rule.pk)
    if organisation_ids is not None:
        entries = entries.filter(organisation_id__in=list(organisation_ids))
    return entries


@dataclass(slots=True)
class OrganisationInfo:
    pk: int
    name: str
    parent_id: int | None
    sector_id: int
    # Read for the rows shown only (with_declared): a UUID costs a conversion per row.
    uuid: object = None
    href: str = ""


@dataclass
class OrganisationRow:
    organisation: OrganisationInfo
    figures: Figures
    target: int
    declared: Declared | None = None
    # For a service: the organisation with those under it.
    children: int = 0

    @property
    def percent(self) -> float | None:
        return self.figures.percent

    @property
    def percent_text(self) -> str:
        return percent_text(self.figures.percent)

    @property
    def against_target(self) -> str:
        return against_target(self.figures.percent, self.target)


@dataclass
class SectorRow:
    sector: Sector
    figures: Figures
    target: int

    @property
    def percent_text(self) -> str:
        return percent_text(self.figures.percent)

    @property
    def against_target(self) -> str:
        return against_target(self.figures.percent, self.target)


class OrganisationRows(Sequence[OrganisationRow]):
    """A rule's organisations in order, each row made when it is first read: a page shows
    50 of a large partnership's thousand, an export reads them all."""

    def __init__(
        self,
        keys: list[int],
        organisations: dict[int, tuple[int, str, int | None, int]],
        figures: dict[int, Figures],
        target: int,
    ) -> None:
        self._keys = keys
        self._organisations = organisations
        self._figures = figures
        self._target = target
        self._made: dict[int, OrganisationRow] = {}

    def _row(self, pk: int) -> OrganisationRow:
        row = self._made.get(pk)
        if row is None:
            row = OrganisationRow(OrganisationInfo(*self._organisations[pk]), self._figures[pk], self._target)
            self._made[pk] = row
        return row

    def __len__(self) -> int:
        return len(self._keys)

    @overload
    def __getitem__(self, index: int) -> OrganisationRow: ...

    @overload
    def __getitem__(self, index: slice) -> list[OrganisationRow]: ...

    def __getitem__(self, index: int | slice) -> OrganisationRow | list[OrganisationRow]:
        if isinstance(index, slice):
            return [self._row(pk) for pk in self._keys[index]]
        return self._row(self._keys[index])


@dataclass
class RuleCompliance:
    rule: RequirementRule
    on: dt.date
    total: Figures
    organisations: Sequence[OrganisationRow]
    sectors: list[SectorRow]
    services: list[OrganisationRow]
    staff_group: StaffGroup | None
    filtered_total: Figures = field(default_factory=Figures)

    @property
    def percent_text(self) -> str:
        return percent_text(self.total.percent)

    @property
    def against_target(self) -> str:
        return against_target(self.total.percent, self.rule.target_percent)


def declared_group(rule: RequirementRule) -> StaffGroup | None:
    """The staff group whose declared numbers stand beside the rule's figures."""
    if rule.audience == AudienceKind.STAFF_GROUP:
        return rule.staff_group
    return StaffGroup.objects.filter(partnership=None, code=ALL_STAFF).first()


@dataclass(frozen=True, slots=True)
class Declared:
    """An organisation's latest declared number of a staff group, and its date."""

    number: int
    counted_on: dt.date


def with_declared(rows: Sequence[OrganisationRow], group: StaffGroup | None) -> Sequence[OrganisationRow]:
    """Fill in each row's organisation's UUID and latest declared number of the group's
    staff (one query): for the rows shown, not every organisation of the partnership."""
    ids = [row.organisation.pk for row in rows]
    if not ids:
        return rows
    columns: list[Any] = ["pk", "uuid"]
    if group is not None:
        latest = StaffCount.objects.filter(organisation=OuterRef("pk"), staff_group=group).order_by(
            "-counted_on"
        )
        columns += [Subquery(latest.values("number")[:1]), Subquery(latest.values("counted_on")[:1])]
    found = {
        pk: rest for pk, *rest in Organisation.objects.filter(pk__in=ids).values_list(*columns).order_by()
    }
    for row in rows:
        uuid, *declared = found.get(row.organisation.pk, (None,))
        row.organisation.uuid = uuid
        if uuid is not None:
            row.organisation.href = uuid_url("training:compliance_organisation", uuid)
        row.declared = Declared(*declared) if declared and declared[0] is not None else None
    return rows


# --- declared staff beyond the register ------------------------------------------------------


def _declared_groups(rules: Sequence[RequirementRule]) -> dict[int, int]:
    """Each rule's staff group whose declared numbers count in its denominators: its own
    for a staff group audience, all staff for a sector or an organisation, none for a
    network (its members are not an organisation's staff) or an inactive rule."""
    # Read whatever the rules' kinds, so that a page's queries do not depend on them.
    all_staff = (
        StaffGroup.objects.filter(partnership=None, code=ALL_STAFF).values_list("pk", flat=True).first()
    )
    groups: dict[int, int] = {}
    for rule in rules:
        group = rule.staff_group_id if rule.audience == AudienceKind.STAFF_GROUP else None
        if rule.audience in (AudienceKind.SECTOR, AudienceKind.ORGANISATION):
            group = all_staff
        if rule.active and group is not None:
            groups[rule.pk] = group
    return groups


def _audience_test(rule: RequirementRule, parents: dict[int, int | None]) -> Callable[[int, int], bool]:
    """Whether an organisation's staff are in the rule's audience (as `audience` chooses
    its people), given the organisation and its sector: of the rule's sector, at its
    organisation or one under it (`parents` maps each organisation to its parent), or
    anywhere for a staff group. The rule's fields are read once: a page asks about each of
    a partnership's thousands of organisations."""
    if rule.audience == AudienceKind.SECTOR:
        wanted_sector = rule.sector_id
        return lambda organisation_id, sector_id: sector_id == wanted_sector
    if rule.audience == AudienceKind.ORGANISATION:
        top = rule.organisation_id

        def under(organisation_id: int, sector_id: int) -> bool:
            at: int | None = organisation_id
            for _ in range(MAX_DEPTH + 1):
                if at is None:
                    return False
                if at == top:
                    return True
                at = parents.get(at)
            return False

        return under
    return lambda organisation_id, sector_id: True


def unrecorded(
    rules: Sequence[RequirementRule],
    *,
    on: dt.date,
    organisation_ids: Iterable[int] | None = None,
    sector_id: int | None = None,
    recorded: dict[tuple[int, int], int] | None = None,
) -> dict[tuple[int, int], tuple[int, int]]:
    """(rule, organisation) -> (declared staff beyond the people recorded, the organisation's
    sector), for each active organisation in a rule's audience whose latest declared number
    on or before `on` of the rule's staff group is larger than the people recorded in the
    audience there who have not left (`recorded`, counted here when not given). An
    organisation with staff declared and no one recorded counts them all. Three queries at
    most (the all-staff group; the organisations with their latest declared numbers and
    parents; the people recorded), and a fourth for the parents of every organisation when
    asked about some only, whatever the number of organisations."""
    groups = _declared_groups(rules)
    if not groups:
        return {}
    # The partnership's active organisations, each with its latest declared number of
    # each group on the day (an indexed look-up an organisation and group), and its
    # parent, for a rule of an organisation and those under it.
    wanted = sorted(set(groups.values()))
    numbers: dict[str, Any] = {
        f"group_{group}": Subquery(
            StaffCount.objects.filter(organisation=OuterRef("pk"), staff_group_id=group, counted_on__lte=on)
            .order_by("-counted_on")
            .values("number")[:1]
        )
        for group in wanted
    }
    every = Organisation.objects.filter(partnership_id=rules[0].partnership_id)
    asked = every
    parents: dict[int, int | None] = {}
    if organisation_ids is not None or sector_id is not None:
        # The numbers of the organisations asked about only; every one's parent all the same.
        if organisation_ids is not None:
            asked = asked.filter(pk__in=list(organisation_ids))
        if sector_id is not None:
            asked = asked.filter(sector_id=sector_id)
        if any(rule.audience == AudienceKind.ORGANISATION for rule in rules):
            parents = dict(_tuples(every.values_list("pk", "parent_id").order_by()))
    latest: dict[int, dict[int, tuple[int, int]]] = defaultdict(dict)
    for pk, parent_id, organisation_sector, state, *declared_numbers in _tuples(
        asked.annotate(**numbers).values_list("pk", "parent_id", "sector_id", "status", *numbers).order_by()
    ):
        # A closed organisation's staff are not counted, but those under it may be.
        parents[pk] = parent_id
        if state != OrganisationStatus.ACTIVE:
            continue
        for group, number in zip(wanted, declared_numbers, strict=True):
            if number:
                latest[group][pk] = (number, organisation_sector)
    if not any(latest.values()):
        return {}

    declared: dict[tuple[int, int], tuple[int, int]] = {}
    for rule in rules:
        if rule.pk not in groups:
            continue
        rule_id, in_audience = rule.pk, _audience_test(rule, parents)
        for organisation_id, (number, organisation_sector) in latest[groups[rule_id]].items():
            if in_audience(organisation_id, organisation_sector):
                declared[(rule_id, organisation_id)] = (number, organisation_sector)
    if recorded is None and declared:
        entries = ComplianceEntry.objects.filter(rule_id__in={key[0] for key in declared})
        declaring = {key[1] for key in declared}
        if len(declaring) <= BATCH // 10:
            # A long list of keys costs more to match than the rule's rows it would skip.
            entries = entries.filter(organisation_id__in=declaring)
        query = (
            entries.filter(current(on))
            .values("rule_id", "organisation_id")
            .annotate(people=Count("pk"))
            .values_list("rule_id", "organisation_id", "people")
            .order_by()
        )
        recorded = {(rule_id, organisation_id): people for rule_id, organisation_id, people in query}
    recorded = recorded or {}
    return {
        key: (number - recorded.get(key, 0), organisation_sector)
        for key, (number, organisation_sector) in declared.items()
        if number > recorded.get(key, 0)
    }


def _add_unrecorded(
    rule: RequirementRule,
    by_organisation: dict[int, Figures],
    declared: dict[int, int],
    organisations: dict[int, tuple[int, str, int | None, int]],
    organisation_ids: Iterable[int] | None,
    sector_id: int | None,
) -> None:
    """A rule's page: the declared staff beyond the people recorded at each organisation
    in its audience (as `unrecorded` counts them, from what the page has already read)."""
    shown = None if organisation_ids is None else set(organisation_ids)
    parents = (
        {pk: row[2] for pk, row in organisations.items()}
        if rule.audience == AudienceKind.ORGANISATION
        else {}
    )

    of_audience = _audience_test(rule, parents)

    def in_audience(pk: int) -> bool:
        sector = organisations[pk][3]
        if (shown is not None and pk not in shown) or (sector_id is not None and sector != sector_id):
            return False
        return of_audience(pk, sector)

    for pk, number in declared.items():
        figures = by_organisation.get(pk)
        recorded = figures.audience if figures is not None else 0
        if number > recorded and in_audience(pk):
            by_organisation.setdefault(pk, Figures()).unrecorded = number - recorded


def rule_compliance(
    rule: RequirementRule,
    *,
    on: dt.date,
    organisation_ids: Iterable[int] | None = None,
    sector_id: int | None = None,
    status: str = "",
    name: str = "",
) -> RuleCompliance:
    """A rule's figures by organisation, sector and service, limited to `organisation_ids`
    (a partner lead's organisations) when given, and filtered by sector and status. A
    constant number of queries however many people and organisations."""
    entries = entries_for(rule, organisation_ids)
    if sector_id is not None:
        entries = entries.filter(sector_id=sector_id)
    counted = _grouped(entries, ("organisation_id",), on, None)
    by_organisation = {key[0]: figures for key, figures in counted}
    # The partnership's organisations as plain tuples (a large partnership has thousands,
    # made into OrganisationInfo only for the rows listed), each with its latest declared
    # number of the rule's staff group on the day, read in the same query.
    # The staff group whose declared numbers stand beside the rule's figures counts in
    # its denominators too, unless the rule is inactive or of a network (_declared_groups).
    group = declared_group(rule)
    in_denominator = group is not None and rule.active and rule.audience != AudienceKind.NETWORK
    group_id = group.pk if in_denominator and group is not None else None
    columns: list[Any] = ["pk", "name", "parent_id", "sector_id", "status"]
    if group_id is not None:
        latest = StaffCount.objects.filter(
            organisation=OuterRef("pk"), staff_group_id=group_id, counted_on__lte=on
        ).order_by("-counted_on")
        columns.append(Subquery(latest.values("number")[:1]))
    organisations: dict[int, tuple[int, str, int | None, int]] = {}
    declared: dict[int, int] = {}
    for pk, name_, parent_id, sector, state, *number in _tuples(
        Organisation.objects.filter(partnership_id=rule.partnership_id).values_list(*columns).order_by()
    ):
        organisations[pk] = (pk, name_, parent_id, sector)
        if number and number[0] and state == OrganisationStatus.ACTIVE:
            declared[pk] = number[0]
    if declared:
        _add_unrecorded(rule, by_organisation, declared, organisations, organisation_ids, sector_id)
    # The totals, the partnership's and each sector's, summed column by column: a large
    # partnership has a thousand organisations' counts.
    per_sector: dict[int, list[Figures]] = defaultdict(list)
    for pk, figures in by_organisation.items():
        if pk in organisations:
            per_sector[organisations[pk][3]].append(figures)
    total = _summed(by_organisation.values())
    by_sector = {sector: _summed(listed) for sector, listed in per_sector.items()}
    keys = [pk for pk in by_organisation if pk in organisations]
    if status:
        keys = [pk for pk in keys if getattr(by_organisation[pk], status)]
    if name:
        wanted = name.casefold()
        keys = [pk for pk in keys if wanted in organisations[pk][1].casefold()]
    keys.sort(key=lambda pk: (organisations[pk][1].lower(), pk))
    sectors = {sector.pk: sector for sector in Sector.objects.filter(pk__in=list(by_sector))}
    sector_rows = sorted(
        (SectorRow(sectors[pk], figures, rule.target_percent) for pk, figures in by_sector.items()),
        key=lambda row: (row.sector.position, row.sector.label),
    )
    return RuleCompliance(
        rule=rule,
        on=on,
        total=total,
        organisations=OrganisationRows(keys, organisations, by_organisation, rule.target_percent),
        sectors=sector_rows,
        services=services(organisations, by_organisation, rule.target_percent),
        staff_group=group,
    )


def _summed(figures: Iterable[Figures]) -> Figures:
    """The figures added up, column by column."""
    rows = [
        (
            each.audience,
            each.trained,
            each.compliant,
            each.due_soon,
            each.overdue,
            each.not_yet_trained,
            each.never_trained,
            each.unrecorded,
        )
        for each in figures
    ]
    return Figures(*(sum(column) for column in zip(*rows, strict=True)))


def services(
    organisations: dict[int, tuple[int, str, int | None, int]],
    by_organisation: dict[int, Figures],
    target: int,
) -> list[OrganisationRow]:
    """Each organisation that has others under it, with the figures of itself and all
    under it (a council with its services, a trust with its schools). `organisations`
    holds each one's (pk, name, parent, sector)."""
    children: dict[int, list[int]] = defaultdict(list)
    for pk, _, parent_id, _ in organisations.values():
        if parent_id is not None:
            children[parent_id].append(pk)
    rows = []
    for parent_id in children:
        if parent_id not in organisations:
            continue
        figures = Figures()
        stack, seen, under = [parent_id], set(), 0
        while stack:
            pk = stack.pop()
            if pk in seen:
                continue
            seen.add(pk)
            if pk != parent_id:
                under += 1
            if pk in by_organisation:
                figures.add(by_organisation[pk])
            stack.extend(children.get(pk, []))
        if figures.audience:
            rows.append(
                OrganisationRow(OrganisationInfo(*organisations[parent_id]), figures, target, children=under)
            )
    rows.sort(key=lambda row: (row.organisation.name.lower(), row.organisation.pk))
    return rows


@dataclass
class RuleRow:
    rule: RequirementRule
    figures: Figures

    @property
    def percent_text(self) -> str:
        return percent_text(self.figures.percent)

    @property
    def against_target(self) -> str:
        return against_target(self.figures.percent, self.rule.target_percent)


def by_rule(
    rules: Sequence[RequirementRule], *, on: dt.date, organisation_ids: Iterable[int] | None = None
) -> list[RuleRow]:
    """Each rule's figures (over the organisations given, or all): one query."""
    entries = ComplianceEntry.objects.filter(rule_id__in=[rule.pk for rule in rules])
    if organisation_ids is not None:
        entries = entries.filter(organisation_id__in=list(organisation_ids))
    figures = grouped(entries, "rule_id", on, DUE)
    for (rule_id, _), (number, _) in unrecorded(rules, on=on, organisation_ids=organisation_ids).items():
        figures.setdefault(rule_id, Figures()).unrecorded += number
    return [RuleRow(rule, figures.get(rule.pk, Figures())) for rule in rules]


@dataclass
class SectorSummaryRow:
    sector: Sector
    cells: list[RuleRow]


def sector_summary(
    rules: Sequence[RequirementRule], *, on: dt.date, organisation_ids: Iterable[int] | None = None
) -> list[SectorSummaryRow]:
    """Every active rule's percentage in every sector: one grouped query (by organisation
    too, which `unrecorded` needs, so it does not count the people again), the queries of
    `unrecorded`, and one for the sectors' names."""
    entries = ComplianceEntry.objects.filter(rule_id__in=[rule.pk for rule in rules])
    if organisation_ids is not None:
        entries = entries.filter(organisation_id__in=list(organisation_ids))
    cells: dict[int, dict[int, Figures]] = defaultdict(dict)
    recorded: dict[tuple[int, int], int] = {}
    for (sector_id, rule_id, organisation_id), figures in _grouped(
        entries, ("sector_id", "rule_id", "organisation_id"), on, PERCENTAGES
    ):
        cell = cells[sector_id].get(rule_id)
        if cell is None:
            cells[sector_id][rule_id] = figures
        else:
            cell.add(figures)
        recorded[(rule_id, organisation_id)] = recorded.get((rule_id, organisation_id), 0) + figures.audience
    for (rule_id, _), (number, sector_id) in unrecorded(
        rules, on=on, organisation_ids=organisation_ids, recorded=recorded
    ).items():
        cells[sector_id].setdefault(rule_id, Figures()).unrecorded += number
    sectors = Sector.objects.filter(pk__in=list(cells)).order_by("position", "label")
    return [
        SectorSummaryRow(sector, [RuleRow(rule, cells[sector.pk].get(rule.pk, Figures())) for rule in rules])
        for sector in sectors
    ]


def due_counts(
    partnership_id: int, *, on: dt.date, organisation_ids: Iterable[int] | None = None
) -> dict[int, Figures]:
    """Each active rule's figures for the digest: a few queries."""
    rules = list(RequirementRule.objects.filter(partnership_id=partnership_id, active=True))
    return {row.rule.pk: row.figures for row in by_rule(rules, on=on, organisation_ids=organisation_ids)}


# --- a rule in words ------------------------------------------------------------------------


def _months(months: int) -> str:
    if months % 12 == 0:
        years = months // 12
        return "every year" if years == 1 else f"every {years} years"
    return "every month" if months == 1 else f"every {months} months"


def audience_text(rule: RequirementRule) -> str:
    if rule.audience == AudienceKind.SECTOR and rule.sector is not None:
        return f"Everyone in {rule.sector.label}"
    if rule.audience == AudienceKind.ORGANISATION and rule.organisation is not None:
        return f"Everyone at {rule.organisation.name}"
    if rule.audience == AudienceKind.STAFF_GROUP and rule.staff_group is not None:
        return rule.staff_group.label
    if rule.audience == AudienceKind.NETWORK and rule.network is not None:
        return f"Members of {rule.network.name}"
    return rule.get_audience_display()


def summary(rule: RequirementRule, courses: Sequence[object] | None = None) -> str:
    """The rule in a sentence: "Elected members: WRAP within 3 months of starting,
    refresher every 2 years, target 100%"."""
    titles = [str(course) for course in (courses if courses is not None else rule.courses.all())]
    what = " or ".join(titles) if titles else "no course chosen"
    months = rule.due_within_months
    when = "on starting" if months == 0 else f"within {months} month{'s' if months != 1 else ''} of starting"
    refresher = f"refresher {_months(rule.refresher_months)}" if rule.refresher_months else "no refresher"
    return f"{audience_text(rule)}: {what} {when}, {refresher}, target {rule.target_percent}%"

"""Reads for Channel cases: possible earlier referrals of a person, the gateway queue
with waiting times in working days and its counts, and chronologies. Each runs a fixed
number of queries whatever the number of referrals."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from django.db.models import Count, Exists, OuterRef, Q, QuerySet, Subquery
from django.db.models.functions import Coalesce
from django.utils import timezone

from accounts.models import Partnership
from cases.blind import name_index
from cases.models import (
    AgendaItem,
    Intervention,
    InterventionStatus,
    MeetingStatus,
    PanelAction,
    PanelMeeting,
    Person,
    PersonNameKey,
    Referral,
    ReferralState,
    Review,
    ReviewKind,
    SharingDirection,
    SharingRequest,
    Urgency,
    VulnerabilityAssessment,
)
from lib.names import Match, NameRecord, compare
from lib.working_days import add_working_days, working_days_between

# Candidates sharing the most index keys with the new record are compared in full;
# the rest cannot be the best matches.
CANDIDATE_POOL = 100


def today() -> dt.date:
    return timezone.localdate()


def _other_names(text: str) -> tuple[str, ...]:
    return tuple(line.strip() for line in text.splitlines() if line.strip())


def subject_record(referral: Referral) -> NameRecord:
    return NameRecord(
        given_names=referral.subject_given_names,
        family_name=referral.subject_family_name,
        other_names=_other_names(referral.subject_other_names),
        date_of_birth=referral.subject_date_of_birth,
    )


def person_record(person: Person) -> NameRecord:
    return NameRecord(
        given_names=person.given_names,
        family_name=person.family_name,
        other_names=_other_names(person.other_names),
        date_of_birth=person.date_of_birth,
    )


@dataclass
class Candidate:
    person: Person
    match: Match
    referrals: list[Referral] = field(default_factory=list)


def compared(partnership: Partnership, record: NameRecord, pool_size: int) -> list[tuple[Person, Match]]:
    """The matcher's verdict on the people who share the most blind-index keys with the
    record (at most `pool_size` of them), those it matches only, in no particular order.
    Only the pool is decrypted: its names and dates of birth, nothing else."""
    keys = name_index(record)
    if not keys:
        return []
    pool = (
        PersonNameKey.objects.filter(partnership=partnership, key__in=keys)
        .values("person_id")
        .annotate(shared=Count("id"))
        .order_by("-shared", "person_id")[:pool_size]
    )
    people = (
        Person.objects.filter(pk__in=[row["person_id"] for row in pool])
        .select_related("data_key")
        .only(
            "uuid",
            "partnership_id",
            "given_names_sealed",
            "family_name_sealed",
            "other_names_sealed",
            "date_of_birth_sealed",
            "data_key",
        )
    )
    found = []
    for person in people:
        match = compare(record, person_record(person))
        if match is not None:
            found.append((person, match))
    return found


def possible_matches(partnership: Partnership, record: NameRecord, *, limit: int = 10) -> list[Candidate]:
    """People of the partnership who may be the person described, best first, each with
    the reasons and their referrals."""
    candidates = [Candidate(person, match) for person, match in compared(partnership, record, CANDIDATE_POOL)]
    candidates.sort(key=lambda c: (-c.match.rank, c.person.family_name, c.person.pk))
    candidates = candidates[:limit]
    by_person: dict[int, Candidate] = {c.person.pk: c for c in candidates}
    for referral in (
        Referral.objects.filter(person_id__in=by_person)
        .only("uuid", "reference", "received_at", "state", "person_id")
        .order_by("-received_at")
    ):
        if referral.person_id is not None:
            by_person[referral.person_id].referrals.append(referral)
    return candidates


@dataclass(frozen=True)
class QueueRow:
    referral: Referral
    waited: int
    due: dt.date
    earlier_referrals: int

    @property
    def overdue(self) -> bool:
        return today() > self.due

    @property
    def flags(self) -> list[str]:
        flags = []
        if self.referral.urgency == Urgency.URGENT:
            flags.append("Urgent")
        if self.earlier_referrals:
            flags.append(f"Re-referral: {self.earlier_referrals} earlier")
        elif self.referral.person_id is None and self.referral.possible_matches:
            flags.append("Possible earlier referral")
        if self.overdue:
            flags.append("Over target")
        return flags


def waiting_queue(partnership: Partnership) -> QuerySet[Referral]:
    earlier = (
        Referral.objects.filter(person_id=OuterRef("person_id"))
        .exclude(pk=OuterRef("pk"))
        .order_by()
        .values("person_id")
        .annotate(n=Count("id"))
        .values("n")
    )
    return (
        Referral.objects.filter(partnership=partnership, state=ReferralState.RECEIVED)
        .select_related("concern_type", "sector", "data_key")
        # What a queue row shows (case_tables.queue_rows): not the sealed narrative,
        # which is most of a referral's bytes.
        .only(
            "uuid",
            "reference",
            "received_at",
            "urgency",
            "person_id",
            "possible_matches",
            "subject_given_names_sealed",
            "subject_family_name_sealed",
            "subject_date_of_birth_sealed",
            "data_key",
            "concern_type__label",
            "sector__label",
        )
        .annotate(earlier_referrals=Coalesce(Subquery(earlier), 0))
    )


def over_target_before(target_days: int, on: dt.date) -> dt.datetime:
    """The moment before which a referral received is over the gateway target on `on`
    (its QueueRow.due is before `on`): the start of the day after the latest such
    day of receipt. The due date never moves earlier as the day of receipt moves later."""
    day = on
    while add_working_days(day, target_days) >= on:
        day -= dt.timedelta(days=1)
    return timezone.make_aware(dt.datetime.combine(day + dt.timedelta(days=1), dt.time.min))


def gateway_counts(partnership: Partnership, on: dt.date) -> dict[str, int]:
    """How many referrals wait at the gateway, and how many of them are over the
    partnership's target on `on`, as the queue's rows flag them: one aggregate query."""
    over_target = Q(received_at__lt=over_target_before(partnership.gateway_target_days, on))
    return Referral.objects.filter(partnership=partnership, state=ReferralState.RECEIVED).aggregate(
        waiting=Count("id"), over_target=Count("id", filter=over_target)
    )


def queue_rows(referrals: list[Referral], target_days: int) -> list[QueueRow]:
    on = today()
    rows = []
    for referral in referrals:
        received = timezone.localdate(referral.received_at)
        rows.append(
            QueueRow(
                referral=referral,
                waited=working_days_between(received, on),
                due=add_working_days(received, target_days),
                earlier_referrals=getattr(referral, "earlier_referrals", 0),
            )
        )
    return rows


def chronology(referral: Referral) -> QuerySet:
    return (
        referral.events.select_related("actor")
        .only("occurred_at", "summary", "referral_id", "actor__full_name")
        .order_by("-occurred_at", "-id")
    )


@dataclass(frozen=True)
class FactorChange:
    factor: str
    section: str
    before: str
    after: str
    evidence_changed: bool


def assessment_changes(current: Any, previous: Any | None) -> list[FactorChange]:
    """What changed, factor by factor, since the previous version. Nothing is scored:
    the change is stated, the judgement left to the reader."""
    if previous is None or previous.framework_id != current.framework_id:
        return []  # versions compare only within one framework
    before = {f.factor_id: f for f in previous.findings.select_related("factor", "data_key")}
    changes = []
    for finding in current.findings.select_related("factor__section", "data_key").order_by(
        "factor__section__position", "factor__position", "factor__id"
    ):
        old = before.get(finding.factor_id)
        old_label = old.get_finding_display() if old else "Not assessed"
        evidence_changed = (old.evidence if old else "") != finding.evidence
        if old_label != finding.get_finding_display() or evidence_changed:
            changes.append(
                FactorChange(
                    finding.factor.name,
                    finding.factor.section.name,
                    old_label,
                    finding.get_finding_display(),
                    evidence_changed,
                )
            )
    return changes


# --- what is waiting for someone: the home page's counts and the filtered lists behind them

# A progressed referral is prepared for the panel's adoption decision in these states.
BEFORE_ADOPTION = (ReferralState.PROGRESSED, ReferralState.AT_PANEL)


def _unanswered_request() -> Exists:
    return Exists(
        SharingRequest.objects.filter(
            referral=OuterRef("pk"), direction=SharingDirection.REQUEST, answered_at__isnull=True
        )
    )


def _not_assessed() -> Q:
    return ~Q(Exists(VulnerabilityAssessment.objects.filter(referral=OuterRef("pk"))))


@dataclass(frozen=True)
class Waiting:
    """Progressed cases not yet ready for the panel, for want of something."""

    label: str
    condition: Callable[[], Q | Exists]

    def filter(self, referrals: QuerySet[Referral]) -> QuerySet[Referral]:
        return referrals.filter(self.condition(), state__in=BEFORE_ADOPTION)


WAITING = {
    "information": Waiting("Progressed cases waiting for information from a partner", _unanswered_request),
    "assessment": Waiting("Progressed cases waiting for a vulnerability assessment", _not_assessed),
}


def waiting_counts(partnership: Partnership) -> dict[str, int]:
    """How many progressed cases each WAITING filter keeps: one aggregate query."""
    return Referral.objects.filter(partnership=partnership, state__in=BEFORE_ADOPTION).aggregate(
        **{name: Count("id", filter=Q(waiting.condition())) for name, waiting in WAITING.items()}
    )


@dataclass(frozen=True)
class MeetingsWaiting:
    """Panel meetings that have begun and still wait for their organisers."""

    label: str
    condition: Callable[[], Q | Exists]

    def filter(self, meetings: QuerySet[PanelMeeting], now: dt.datetime) -> QuerySet[PanelMeeting]:
        return meetings.filter(self.condition(), status=MeetingStatus.SCHEDULED, meets_at__lt=now)


MEETINGS_WAITING = {
    "decisions": MeetingsWaiting(
        "Past meetings with decisions still to record",
        lambda: Exists(AgendaItem.objects.filter(meeting=OuterRef("pk"), decision="")),
    ),
    "minutes": MeetingsWaiting("Past meetings whose minutes are not yet final", Q),
}


def open_panel_actions(actions: QuerySet[PanelAction]) -> QuerySet[PanelAction]:
    """Actions agreed at panel and not yet closed, the one due soonest first."""
    return actions.filter(done_at__isnull=True).order_by("due_on", "id")


def waiting_answers(requests: QuerySet[SharingRequest]) -> QuerySet[SharingRequest]:
    """Requests for information a partner has not answered yet, the one due soonest first."""
    return requests.filter(direction=SharingDirection.REQUEST, answered_at__isnull=True).order_by(
        "due_on", "id"
    )


def overdue_answers(requests: QuerySet[SharingRequest], on: dt.date) -> QuerySet[SharingRequest]:
    """Requests still waiting for an answer whose due date is before `on`: the home page's
    count, the follow-up page's list and the daily digest."""
    return waiting_answers(requests).filter(due_on__lt=on)


def overdue_panel_actions(actions: QuerySet[PanelAction], on: dt.date) -> QuerySet[PanelAction]:
    """Open panel actions whose due date is before `on`, the longest overdue first."""
    return open_panel_actions(actions).filter(due_on__lt=on)


def active_interventions(interventions: QuerySet[Intervention]) -> QuerySet[Intervention]:
    return interventions.filter(status=InterventionStatus.ACTIVE)


def reconsiderations_due(reviews: QuerySet[Review], on: dt.date) -> QuerySet[Review]:
    """Cases whose consent was not given, kept under review, whose date to reconsider has
    been reached by `on` (it is due that day, not only once overdue), the earliest first:
    the follow-up page's list and the daily digest."""
    return reviews.filter(
        kind=ReviewKind.RECONSIDER, held_on__isnull=True, cancelled_on__isnull=True, due_on__lte=on
    ).order_by("due_on", "id")

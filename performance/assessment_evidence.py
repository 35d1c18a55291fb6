"""The records a self-assessment may cite as evidence, read from the apps that keep them
(plans, training, venues, partners), which never import performance. For each kind: the
partnership's own records to choose from, how each is described (a label and a line of
detail, as they are now), where it opens, and who may open it there. The assessment's
evidence names a record by kind and uuid; `describe` reads them in one query per kind.

Suggestions are counts from the records beside each heading (the duty checks with gaps,
the plan actions rated red or amber, ...), offered to the assessor: the rating is theirs."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import Any
from uuid import UUID

from django.db.models import Count, Q, QuerySet
from django.urls import reverse
from django.utils import timezone

from accounts.access import Viewer
from accounts.models import Partnership
from partners.access import PARTNER_EDITORS
from partners.models import CheckStatus, DutyCheck
from performance.models import EvidenceKind
from plans.access import PLAN_READERS
from plans.models import Action, Rag
from training import compliance
from training.access import AGGREGATE_READERS
from training.models import RequirementRule
from venues.access import VENUE_READERS
from venues.models import LettingsPolicy, VenueCheck

LABEL = 160


@dataclass(frozen=True)
class Described:
    kind: str
    record: str
    label: str
    detail: str
    url: str


def _cut(text: str) -> str:
    return text if len(text) <= LABEL else text[: LABEL - 1] + "…"


def _actions(partnership: Partnership) -> QuerySet[Action]:
    return Action.objects.filter(partnership=partnership).select_related("strategy").order_by("sort_key")


def _action(action: Action) -> tuple[str, str, str]:
    label = _cut(f"{action.reference} {action.title}".strip())
    rag = action.get_rag_display() if action.rag else "No progress update"
    return label, f"{action.strategy.title}. RAG: {rag}", action.get_absolute_url()


def _rules(partnership: Partnership) -> QuerySet[RequirementRule]:
    return RequirementRule.objects.filter(partnership=partnership).order_by("name")


def _describe_rules(rules: list[RequirementRule]) -> dict[str, tuple[str, str, str]]:
    rows = compliance.by_rule(rules, on=timezone.localdate())
    return {
        str(row.rule.uuid): (
            _cut(row.rule.name),
            f"{row.percent_text} trained against a target of {row.rule.target_percent}%: "
            f"{compliance.against_target(row.figures.percent, row.rule.target_percent)}",
            row.rule.get_absolute_url(),
        )
        for row in rows
    }


def _venue_checks(partnership: Partnership) -> QuerySet[VenueCheck]:
    return VenueCheck.objects.filter(partnership=partnership).select_related("venue").order_by("-event_date")


def _venue_check(check: VenueCheck) -> tuple[str, str, str]:
    label = _cut(f"{check.event_title}, {check.venue}, {check.event_date:%-d %B %Y}")
    decision = check.get_decision_display() if check.decision else check.get_state_display()
    return label, f"Decision: {decision}", check.get_absolute_url()


def _policies(partnership: Partnership) -> QuerySet[LettingsPolicy]:
    return LettingsPolicy.objects.filter(partnership=partnership)


def _policy(policy: LettingsPolicy) -> tuple[str, str, str]:
    adopted = (
        f"adopted {policy.adopted_on:%-d %B %Y}" if policy.adopted_on else "date of adoption not recorded"
    )
    active = "in use" if policy.active else "no longer in use"
    return _cut(str(policy)), f"Lettings policy, {adopted}, {active}", policy.get_absolute_url()


def _duty_checks(partnership: Partnership) -> QuerySet[DutyCheck]:
    return (
        DutyCheck.objects.filter(organisation__partnership=partnership, current=True)
        .select_related("organisation", "item")
        .order_by("organisation__name", "item__label")
    )


def _duty_check(check: DutyCheck) -> tuple[str, str, str]:
    label = _cut(f"{check.organisation.name}: {check.item.label}")
    detail = f"{check.get_status_display()}, checked {check.checked_on:%-d %B %Y}"
    return label, detail, check.organisation.get_absolute_url()


@dataclass(frozen=True)
class Source:
    kind: str
    records: Callable[[Partnership], QuerySet[Any]]
    describe_one: Callable[[Any], tuple[str, str, str]] | None
    # Who may open the record's page (the assessment shows the others its label only).
    openers: tuple[str, ...]
    describe_many: Callable[[list[Any]], dict[str, tuple[str, str, str]]] | None = None

    def described(self, records: Iterable[Any]) -> dict[str, tuple[str, str, str]]:
        listed = list(records)
        if self.describe_many is not None:
            return self.describe_many(listed)
        assert self.describe_one is not None
        return {str(record.uuid): self.describe_one(record) for record in listed}


SOURCES: dict[str, Source] = {
    EvidenceKind.PLAN_ACTION: Source(EvidenceKind.PLAN_ACTION, _actions, _action, PLAN_READERS),
    EvidenceKind.TRAINING_RULE: Source(
        EvidenceKind.TRAINING_RULE, _rules, None, AGGREGATE_READERS, describe_many=_describe_rules
    ),
    EvidenceKind.VENUE_CHECK: Source(EvidenceKind.VENUE_CHECK, _venue_checks, _venue_check, VENUE_READERS),
    EvidenceKind.LETTINGS_POLICY: Source(EvidenceKind.LETTINGS_POLICY, _policies, _policy, VENUE_READERS),
    # A duty check opens on its organisation's page, where the coordinator reads its notes.
    EvidenceKind.DUTY_CHECK: Source(EvidenceKind.DUTY_CHECK, _duty_checks, _duty_check, PARTNER_EDITORS),
}


def choices(partnership: Partnership, kind: str) -> list[tuple[str, str]]:
    """The partnership's own records of a kind, as (uuid, label) for a list of checkboxes."""
    source = SOURCES[kind]
    listed = source.described(source.records(partnership))
    return [(record, label) for record, (label, _, _) in listed.items()]


def own_records(partnership: Partnership, kind: str, records: Iterable[UUID | str]) -> set[str]:
    """Which of `records` are the partnership's own records of the kind."""
    wanted = [str(record) for record in records]
    if kind not in SOURCES or not wanted:
        return set()
    found = SOURCES[kind].records(partnership).filter(uuid__in=wanted).values_list("uuid", flat=True)
    return {str(uuid) for uuid in found}


def describe(partnership: Partnership, cited: Iterable[tuple[str, str]]) -> dict[tuple[str, str], Described]:
    """Each cited (kind, uuid) still among the partnership's records, as it is now: one
    query per kind cited."""
    by_kind: dict[str, list[str]] = {}
    for kind, record in cited:
        by_kind.setdefault(kind, []).append(record)
    described: dict[tuple[str, str], Described] = {}
    for kind, records in by_kind.items():
        source = SOURCES.get(kind)
        if source is None:
            continue
        for record, (label, detail, url) in source.described(
            source.records(partnership).filter(uuid__in=records)
        ).items():
            described[(kind, record)] = Described(kind, record, label, detail, url)
    return described


def describe_existing(partnership: Partnership, cited: Iterable[tuple[str, str]]) -> set[tuple[str, str]]:
    """Which cited (kind, uuid) are still among the partnership's records: one query per kind."""
    by_kind: dict[str, list[str]] = {}
    for kind, record in cited:
        by_kind.setdefault(kind, []).append(record)
    return {
        (kind, record)
        for kind, records in by_kind.items()
        for record in own_records(partnership, kind, records)
    }


def opens(viewer: Viewer, kind: str) -> bool:
    source = SOURCES.get(kind)
    return source is not None and viewer.has_any(*source.openers)


# --- suggestions ----------------------------------------------------------------------


@dataclass(frozen=True)
class Suggestion:
    heading: str  # the heading code it is offered beside
    text: str
    url: str
    openers: tuple[str, ...]


def suggestions(partnership: Partnership, on: dt.date | None = None) -> list[Suggestion]:
    """Counts from the records that may help a rating: a fixed number of aggregate queries."""
    on = on or timezone.localdate()
    found: list[Suggestion] = []
    checks = DutyCheck.objects.filter(organisation__partnership=partnership, current=True).aggregate(
        gaps=Count("pk", filter=Q(status__in=[CheckStatus.NOT_MET, CheckStatus.PARTLY])),
        organisations=Count(
            "organisation", filter=Q(status__in=[CheckStatus.NOT_MET, CheckStatus.PARTLY]), distinct=True
        ),
        total=Count("pk"),
    )
    found.append(
        Suggestion(
            "engagement",
            f"{checks['gaps']} of {checks['total']} current duty checks show gaps (not met or partly met), "
            f"in {checks['organisations']} organisations.",
            reverse("partners:check_register"),
            PARTNER_EDITORS,
        )
    )
    rags = Action.objects.filter(partnership=partnership).aggregate(
        red=Count("pk", filter=Q(rag=Rag.RED)),
        amber=Count("pk", filter=Q(rag=Rag.AMBER)),
        total=Count("pk"),
    )
    found.append(
        Suggestion(
            "plan",
            f"{rags['red']} plan actions are rated red and {rags['amber']} amber, of {rags['total']}.",
            reverse("plans:action_list"),
            PLAN_READERS,
        )
    )
    rules = list(_rules(partnership).filter(active=True))
    below = sum(
        1
        for row in compliance.by_rule(rules, on=on)
        if row.figures.percent is not None and row.figures.percent < row.rule.target_percent
    )
    found.append(
        Suggestion(
            "training",
            f"{below} of {len(rules)} training requirement rules in use are below their target.",
            reverse("training:rule_list"),
            AGGREGATE_READERS,
        )
    )
    year_ago = on - dt.timedelta(days=365)
    venue = VenueCheck.objects.filter(partnership=partnership, event_date__gte=year_ago).aggregate(
        total=Count("pk"), declined=Count("pk", filter=Q(decision="declined"))
    )
    found.append(
        Suggestion(
            "venues",
            f"{venue['total']} venue bookings checked for events in the last year, "
            f"{venue['declined']} declined.",
            reverse("venues:check_list"),
            VENUE_READERS,
        )
    )
    return found

"""Reading checks: earlier checks that name the same organiser or speaker, and the checks
due for review for deletion."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from django.db.models import QuerySet
from django.utils import timezone

from venues.models import CheckState, Decision, NameKey, NameRole, VenueCheck

EARLIER_SHOWN = 50
ROLE_WORDS = {
    NameRole.ORGANISER: "organiser",
    NameRole.CONTACT: "contact person",
    NameRole.SPEAKER: "speaker",
}


@dataclass
class Earlier:
    uuid: Any
    event_date: Any
    event_title: str
    venue: str
    decision: str
    state: str
    matched: set[str] = field(default_factory=set)

    @property
    def decision_label(self) -> str:
        return Decision(self.decision).label if self.decision else "Not decided yet"

    @property
    def matched_words(self) -> str:
        return ", ".join(sorted(self.matched))


def earlier_checks(check: VenueCheck) -> list[Earlier]:
    """The other checks of the partnership holding a name (organiser, contact or speaker)
    equal to one of this check's once case and spaces are normalised, latest event first,
    each with what it was decided. One query, found by the blind index; no judgement is
    made here about what a match means."""
    digests = NameKey.objects.filter(check_record=check).values("digest")
    rows = (
        NameKey.objects.filter(partnership_id=check.partnership_id, digest__in=digests)
        .exclude(check_record=check)
        .order_by("-check_record__event_date", "-check_record_id")
        .values_list(
            "check_record__uuid",
            "check_record__event_date",
            "check_record__event_title",
            "check_record__venue__name",
            "check_record__decision",
            "check_record__state",
            "role",
        )[: EARLIER_SHOWN * 4]
    )
    found: dict[Any, Earlier] = {}
    for uuid, event_date, title, venue, decision, state, role in rows:
        earlier = found.get(uuid)
        if earlier is None:
            if len(found) >= EARLIER_SHOWN:
                continue
            earlier = found[uuid] = Earlier(uuid, event_date, title, venue, decision, state)
        earlier.matched.add(ROLE_WORDS[NameRole(role)])
    return list(found.values())


def due_for_review(checks: QuerySet[VenueCheck]) -> QuerySet[VenueCheck]:
    return checks.filter(state=CheckState.CLOSED, review_on__lte=timezone.localdate())

"""The figures venue checks offer to plans' measures (govuk.measures): checks decided in a
period, by decision and kind of venue, and events whose outcome was recorded. Counts only,
never a name: this is how the steering group sees venue checks at all. Each is one
aggregate query (and one for the words), whatever the data."""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping, Sequence

from django.db.models import Count, Q

from accounts.models import Partnership
from govuk.measures import Figure, MeasureSource, Parameter, Unit, period_words
from venues.models import Decision, Outcome, VenueCheck, VenueKind


def kind_choices(partnership: Partnership) -> Sequence[tuple[str, str]]:
    rows = VenueKind.objects.filter(Q(partnership=None) | Q(partnership=partnership))
    return [(str(pk), label) for pk, label in rows.values_list("pk", "label")]


def decision_choices(partnership: Partnership) -> Sequence[tuple[str, str]]:
    return list(Decision.choices)


def outcome_choices(partnership: Partnership) -> Sequence[tuple[str, str]]:
    return list(Outcome.choices)


KIND = Parameter("kind", "Kind of venue", kind_choices)


def _kind_words(params: Mapping[str, str]) -> list[str]:
    if not params.get("kind"):
        return []
    label = VenueKind.objects.filter(pk=params["kind"]).values_list("label", flat=True).first()
    return [f"at venues of the kind {label or ''}"]


def checks_decided(
    partnership: Partnership, params: Mapping[str, str], start: dt.date, end: dt.date
) -> Figure:
    """Checks decided in the period, optionally of one decision and one kind of venue."""
    rows = VenueCheck.objects.filter(partnership=partnership, decided_at__date__range=(start, end))
    if params.get("decision"):
        rows = rows.filter(decision=params["decision"])
    if params.get("kind"):
        rows = rows.filter(venue__kind_id=int(params["kind"]))
    number = rows.aggregate(number=Count("pk"))["number"]
    noun = "venue check" if number == 1 else "venue checks"
    decision = f" {Decision(params['decision']).label.lower()}" if params.get("decision") else " decided"
    text = " ".join([f"{number} {noun}{decision}", *_kind_words(params), period_words(start, end)])
    return Figure.count(number, text)


def outcomes_recorded(
    partnership: Partnership, params: Mapping[str, str], start: dt.date, end: dt.date
) -> Figure:
    """Events dated in the period whose outcome has been recorded."""
    rows = VenueCheck.objects.filter(partnership=partnership, event_date__range=(start, end)).exclude(
        outcome=""
    )
    if params.get("outcome"):
        rows = rows.filter(outcome=params["outcome"])
    if params.get("kind"):
        rows = rows.filter(venue__kind_id=int(params["kind"]))
    number = rows.aggregate(number=Count("pk"))["number"]
    noun = "event" if number == 1 else "events"
    what = f" ({Outcome(params['outcome']).label.lower()})" if params.get("outcome") else ""
    text = " ".join(
        [f"{number} {noun} with an outcome recorded{what}", *_kind_words(params), period_words(start, end)]
    )
    return Figure.count(number, text)


MEASURES = (
    MeasureSource(
        code="venues.checks_decided",
        label="Venue checks decided",
        unit=Unit.COUNT,
        parameters=(Parameter("decision", "Decision", decision_choices), KIND),
        compute=checks_decided,
        hint="Booking checks decided in the period: approved, approved with conditions or declined.",
    ),
    MeasureSource(
        code="venues.outcomes_recorded",
        label="Events with an outcome recorded",
        unit=Unit.COUNT,
        parameters=(Parameter("outcome", "What happened", outcome_choices), KIND),
        compute=outcomes_recorded,
        hint="Events dated in the period whose outcome was recorded after the event.",
    ),
)

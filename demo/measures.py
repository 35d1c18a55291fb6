"""Measures on the demo plans' actions whose outputs can be counted (plans.measures): Tower
Hamlets' "95% of Youth Services staff are WRAP trained", the City of London's Faith Network
and Westminster's "training to over 1800 staff in 53 institutions". Each is written through
the plans' action functions like any user's and computed from the records the demo holds
when it is loaded (so the loader calls this last). Tower Hamlets' reads the Youth Services
requirement demo/training_rules.py sets: 44 of 50 trained, 88%."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from decimal import Decimal

from accounts.access import Viewer
from accounts.models import Partnership, Role, User
from partners.models import Network
from plans import measures
from plans.models import Action, MeasurePeriod
from training.models import RequirementRule


def load(partnership: Partnership, people: dict[Role, User]) -> None:
    coordinator = Viewer(people[Role.COORDINATOR], partnership, frozenset({Role.COORDINATOR}))
    loader: dict[str, Callable[[Viewer], None]] = {
        "towerhamlets": _tower_hamlets,
        "cityoflondon": _city_of_london,
        "westminster": _westminster,
    }
    if partnership.slug in loader:
        loader[partnership.slug](coordinator)


def _action(coordinator: Viewer, title: str) -> Action | None:
    return (
        Action.objects.filter(partnership=coordinator.partnership, title=title)
        .order_by("-strategy__period_start")
        .first()
    )


def _tower_hamlets(coordinator: Viewer) -> None:
    action = _action(coordinator, "Ensure all staff have received relevant training on Prevent")
    if action is None:
        return
    # Read from the requirement demo/training_rules.py sets ("95% of Youth Services staff
    # are WRAP trained"), as its compliance page counts it; counted to today, since the
    # people and completions are dated from the day the demo loads, not in 2018-19.
    rule = RequirementRule.objects.filter(
        partnership=coordinator.partnership, name="Youth Services staff: WRAP"
    ).first()
    if rule is None:
        return
    measures.add_measure(
        viewer=coordinator,
        action=action,
        source="training.rule_compliance",
        params={"rule": str(rule.pk)},
        label="Youth Services staff WRAP trained",
        target=Decimal(95),
        period=MeasurePeriod.YEAR,
    )


def _city_of_london(coordinator: Viewer) -> None:
    action = _action(coordinator, "Include our faith group network as part of our general communication work")
    network = Network.objects.filter(partnership=coordinator.partnership, name="Faith Network").first()
    if action is None or network is None:
        return
    measures.add_measure(
        viewer=coordinator,
        action=action,
        source="partners.network_members",
        params={"network": str(network.pk)},
        label="Members of the Faith Network",
        # Counted on the last day of the City Prevent Strategy 2017-18.
        period=MeasurePeriod.PLAN,
    )


def _westminster(coordinator: Viewer) -> None:
    action = _action(coordinator, "Training packages for Westminster's educational institutions")
    if action is None:
        return
    # "Since April 2016 the Prevent Team delivered training to over 1800 staff in 53
    # institutions" (reported to committee on 15 November 2017).
    since, reported = dt.date(2016, 4, 1), dt.date(2017, 11, 15)
    for source, label, target in (
        ("training.completions", "Training completions since April 2016", Decimal(1800)),
        ("training.organisations_reached", "Institutions whose staff were trained", Decimal(53)),
    ):
        measures.add_measure(
            viewer=coordinator,
            action=action,
            source=source,
            label=label,
            target=target,
            period=MeasurePeriod.DATES,
            period_start=since,
            period_end=reported,
        )

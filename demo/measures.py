"""Measures on the demo plans' actions whose outputs can be counted (plans.measures): Tower
Hamlets' "95% of Youth Services staff are WRAP trained", the City of London's Faith Network
and Westminster's "training to over 1800 staff in 53 institutions". Each is written through
the plans' action functions like any user's and computed from whatever records the demo holds
when it is loaded, so a measure may be zero until the training and partners data is loaded
beside it."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from decimal import Decimal

from accounts.access import Viewer
from accounts.models import Partnership, Role, User
from partners.models import Network, Organisation, Sector
from plans import measures
from plans.models import Action, MeasurePeriod
from training.models import Course


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


def _wrap() -> Course:
    return Course.objects.get(partnership=None, code="wrap")


def _tower_hamlets(coordinator: Viewer) -> None:
    action = _action(coordinator, "Ensure all staff have received relevant training on Prevent")
    if action is None:
        return
    # The Youth Service if the register holds it; otherwise every local authority service.
    youth = (
        Organisation.objects.filter(partnership=coordinator.partnership, name__icontains="youth service")
        .order_by("id")
        .first()
    )
    if youth is not None:
        params = {"course": str(_wrap().pk), "organisation": str(youth.pk)}
    else:
        sector = Sector.objects.get(partnership=None, code="local-authority")
        params = {"course": str(_wrap().pk), "sector": str(sector.pk)}
    measures.add_measure(
        viewer=coordinator,
        action=action,
        source="training.trained_percentage",
        params=params,
        label="Youth Services staff WRAP trained",
        target=Decimal(95),
        period=MeasurePeriod.PLAN,
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

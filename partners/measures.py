"""The figures the register of partners offers to plans' measures (govuk.measures):
members of a network on a date, and organisations by sector and status."""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping, Sequence

from django.db.models import Count, Q

from accounts.models import Partnership
from govuk.measures import Figure, MeasureSource, Parameter, Unit, long_date
from partners.models import Network, NetworkMember, Organisation, OrganisationStatus, Sector


def network_choices(partnership: Partnership) -> Sequence[tuple[str, str]]:
    return [
        (str(pk), name)
        for pk, name in Network.objects.filter(partnership=partnership).values_list("pk", "name")
    ]


def sector_choices(partnership: Partnership) -> Sequence[tuple[str, str]]:
    rows = Sector.objects.filter(Q(partnership=None) | Q(partnership=partnership), active=True)
    return [(str(pk), label) for pk, label in rows.values_list("pk", "label")]


def organisation_choices(partnership: Partnership) -> Sequence[tuple[str, str]]:
    rows = Organisation.objects.filter(partnership=partnership).order_by("name", "id")
    return [(str(pk), name) for pk, name in rows.values_list("pk", "name")]


def status_choices(partnership: Partnership) -> Sequence[tuple[str, str]]:
    return list(OrganisationStatus.choices)


def _label(choices: Sequence[tuple[str, str]], value: str) -> str:
    return dict(choices).get(value, "")


def network_members(
    partnership: Partnership, params: Mapping[str, str], start: dt.date, end: dt.date
) -> Figure:
    """People who were members of the network on the period's last day: joined on or
    before it, and not left by then (someone who left that day no longer counts)."""
    on = end
    network = Network.objects.filter(partnership=partnership, pk=params["network"]).first()
    if network is None:
        return Figure(None, "The network chosen is no longer in the register")
    number = (
        NetworkMember.objects.filter(network=network, joined__lte=on)
        .filter(Q(left__isnull=True) | Q(left__gt=on))
        .aggregate(people=Count("contact", distinct=True))["people"]
    )
    noun = "member" if number == 1 else "members"
    return Figure.count(number, f"{number} {noun} of {network.name} on {long_date(on)}")


def organisations(
    partnership: Partnership, params: Mapping[str, str], start: dt.date, end: dt.date
) -> Figure:
    """Organisations in the register now, of a sector and status if chosen. The register
    keeps no history of sectors or status, so the period is not read."""
    rows = Organisation.objects.filter(partnership=partnership)
    words = []
    if params.get("status"):
        rows = rows.filter(status=params["status"])
        words.append(_label(status_choices(partnership), params["status"]).lower())
    words.append("organisations")
    if params.get("sector"):
        rows = rows.filter(sector_id=params["sector"])
        words.append(f"in the sector {_label(sector_choices(partnership), params['sector'])}")
    number = rows.aggregate(number=Count("pk"))["number"]
    return Figure.count(number, f"{number} {' '.join(words)} in the register")


MEASURES = (
    MeasureSource(
        code="partners.network_members",
        label="Members of a network",
        unit=Unit.COUNT,
        parameters=(Parameter("network", "Network", network_choices, required=True),),
        compute=network_members,
        hint="Counted on the last day of the period (or today, if that is sooner).",
    ),
    MeasureSource(
        code="partners.organisations",
        label="Organisations in the register",
        unit=Unit.COUNT,
        parameters=(
            Parameter("sector", "Sector", sector_choices),
            Parameter("status", "Status", status_choices),
        ),
        compute=organisations,
        hint="Counted in the register as it is now, whatever the period.",
    ),
)

"""Partner organisations in the demo: Barking and Dagenham's register holds some of its
schools (public establishment details, as a GIAS download gives them, with fictional
contacts), and the City of London convenes the Faith Network its Prevent strategy
describes. Written through the action functions, so the audit log records it."""

from __future__ import annotations

import datetime as dt

from accounts.access import Viewer
from accounts.models import Partnership, Role, User
from partners import actions
from partners.importing import ImportedOrganisation
from partners.models import ContactRole, Organisation, Sector

# City Prevent Strategy (City of London), "Engaging with Faith communities".
FAITH_NETWORK = (
    "Over the last year there has been additional engagement with our Faith communities to "
    "establish a Faith Network. We will include our faith group network as part of our general "
    "communication work. Ensure that representatives know who to contact over concerns linked to "
    "community concerns and tensions."
)

# (name, sector code, street and town, postcode, parent)
BARKING_DAGENHAM = (
    (
        "Barking and Dagenham Council",
        "local-authority",
        "Barking Town Hall, 1 Town Square, Barking",
        "IG11 7LU",
        "",
    ),
    ("Community Safety Service", "local-authority", "", "", "Barking and Dagenham Council"),
    ("Youth Service", "local-authority", "", "", "Barking and Dagenham Council"),
    ("Barking Abbey School", "school-academy", "Sandringham Road, Barking", "IG11 9AG", ""),
    ("Eastbury Community School", "school-maintained", "Hulse Avenue, Barking", "IG11 9UW", ""),
    (
        "Jo Richardson Community School",
        "school-maintained",
        "Castle Green, Gale Street, Dagenham",
        "RM9 4UN",
        "",
    ),
    ("Robert Clack School", "school-maintained", "Gosfield Road, Dagenham", "RM8 1JU", ""),
    ("Barking and Dagenham College", "further-education", "Dagenham Road, Romford", "RM7 0XU", ""),
)

CITY_OF_LONDON = (
    ("City of London Corporation", "local-authority", "Guildhall, London", "EC2V 7HH", ""),
    ("St Paul's Cathedral", "faith-institution", "St Paul's Churchyard, London", "EC4M 8AD", ""),
    ("Bevis Marks Synagogue", "faith-institution", "4 Heneage Lane, London", "EC3A 5DQ", ""),
    ("City of London Crime Prevention Association", "business-venue", "", "", ""),
)


def _sector(code: str) -> Sector:
    return Sector.objects.get(partnership=None, code=code)


def _role(code: str) -> ContactRole:
    return ContactRole.objects.get(partnership=None, code=code)


def load(partnership: Partnership, people: dict[Role, User]) -> None:
    coordinator = Viewer(people[Role.COORDINATOR], partnership, frozenset({Role.COORDINATOR}))
    if partnership.slug == "barkingdagenham":
        _barking_dagenham(coordinator)
    elif partnership.slug == "cityoflondon":
        _city_of_london(coordinator)


def _register(coordinator: Viewer, rows: tuple[tuple[str, str, str, str, str], ...]) -> None:
    actions.import_organisations(
        viewer=coordinator,
        rows=[
            ImportedOrganisation(
                line=number,
                name=name,
                sector=_sector(code),
                address=address,
                postcode=postcode,
                parent=parent,
            )
            for number, (name, code, address, postcode, parent) in enumerate(rows, start=2)
        ],
        file_name="demo register",
    )


def _barking_dagenham(coordinator: Viewer) -> None:
    _register(coordinator, BARKING_DAGENHAM)
    organisations = {o.name: o for o in Organisation.objects.filter(partnership=coordinator.partnership)}
    leads = actions.create_network(
        viewer=coordinator,
        name="Education leads",
        description="Designated safeguarding leads of the borough's schools and college, who meet each term.",
    )
    for number, school in enumerate(
        (
            "Barking Abbey School",
            "Eastbury Community School",
            "Robert Clack School",
            "Barking and Dagenham College",
        ),
        start=1,
    ):
        contact = actions.add_contact(
            viewer=coordinator,
            organisation=organisations[school],
            name=f"Demo safeguarding lead {number}",
            job_title="Designated Safeguarding Lead",
            email=f"dsl{number}@school.demo",
            roles=[_role("designated-safeguarding-lead")],
        )
        actions.add_member(viewer=coordinator, network=leads, contact=contact, joined=dt.date(2023, 9, 1))
    champions = actions.create_network(viewer=coordinator, name="Prevent champions")
    champion = actions.add_contact(
        viewer=coordinator,
        organisation=organisations["Youth Service"],
        name="Demo Prevent champion",
        job_title="Youth worker",
        roles=[_role("prevent-champion"), _role("wrap-facilitator")],
    )
    actions.add_member(viewer=coordinator, network=champions, contact=champion, joined=dt.date(2024, 1, 15))


def _city_of_london(coordinator: Viewer) -> None:
    _register(coordinator, CITY_OF_LONDON)
    organisations = {o.name: o for o in Organisation.objects.filter(partnership=coordinator.partnership)}
    network = actions.create_network(viewer=coordinator, name="Faith Network", description=FAITH_NETWORK)
    for number, (place, joined, left) in enumerate(
        (
            ("St Paul's Cathedral", dt.date(2018, 3, 1), None),
            ("Bevis Marks Synagogue", dt.date(2018, 3, 1), None),
            ("City of London Corporation", dt.date(2018, 3, 1), dt.date(2020, 6, 30)),
        ),
        start=1,
    ):
        contact = actions.add_contact(
            viewer=coordinator,
            organisation=organisations[place],
            name=f"Demo faith representative {number}",
            roles=[_role("faith-leader")],
        )
        member = actions.add_member(viewer=coordinator, network=network, contact=contact, joined=joined)
        if left is not None:
            actions.record_leaving(viewer=coordinator, member=member, left=left)

"""Partner organisations in the demo: Barking and Dagenham's register holds some of its
schools (public establishment details, as a GIAS download gives them, with fictional
contacts) and their Prevent duty checks, and the City of London convenes the Faith Network
its Prevent strategy describes; Tower Hamlets and Westminster start a register of their
own. Each partnership's demo partner lead leads one organisation. Written through the
action functions, so the audit log records it."""

from __future__ import annotations

import datetime as dt

from django.utils import timezone

from accounts.access import Viewer
from accounts.models import Partnership, Role, User
from partners import actions
from partners.importing import ImportedOrganisation
from partners.models import CheckItem, CheckStatus, ContactRole, Organisation, Sector

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
    ("Libraries", "local-authority", "", "", "Barking and Dagenham Council"),
)

CITY_OF_LONDON = (
    ("City of London Corporation", "local-authority", "Guildhall, London", "EC2V 7HH", ""),
    ("St Paul's Cathedral", "faith-institution", "St Paul's Churchyard, London", "EC4M 8AD", ""),
    ("Bevis Marks Synagogue", "faith-institution", "4 Heneage Lane, London", "EC3A 5DQ", ""),
    ("City of London Crime Prevention Association", "business-venue", "", "", ""),
    ("City of London School", "school-independent", "Queen Victoria Street, London", "EC4V 3AL", ""),
)

TOWER_HAMLETS = (
    ("Tower Hamlets Council", "local-authority", "Town Hall, 160 Whitechapel Road, London", "E1 1BJ", ""),
    (
        "Mulberry School for Girls",
        "school-maintained",
        "Richard Street, Commercial Road, London",
        "E1 2JP",
        "",
    ),
)

WESTMINSTER = (
    ("Westminster City Council", "local-authority", "64 Victoria Street, London", "SW1E 6QP", ""),
    ("Westminster City School", "school-maintained", "55 Palace Street, London", "SW1E 5HJ", ""),
)

# Barking and Dagenham's strategy (Cabinet report, 9.7 "Property and assets").
LIBRARIES_FILTERING = (
    "Work has been completed in libraries to confirm that internet filtering on websites is in "
    "place, and all reasonable steps taken so that the premises cannot be used to access extremist "
    "material."
)
SPEAKERS = "A pathway to report concerns about extremist speakers to the police is in place."

# The demo's duty checks in Barking and Dagenham, by organisation: (check, result, days
# ago it was checked, days after that the next check is due, notes). Dated from the day
# the demo is loaded, so that what is overdue stays overdue. Fictional results, a
# realistic mix with gaps; checks not listed were never made.
YEAR = 365
CHECKS: dict[str, tuple[tuple[str, str, int, int | None, str], ...]] = {
    "Libraries": (
        ("it-filtering", CheckStatus.MET, 23, YEAR, LIBRARIES_FILTERING),
        ("visiting-speakers", CheckStatus.MET, 23, YEAR, SPEAKERS),
        (
            "lettings",
            CheckStatus.PARTLY,
            23,
            180,
            "Room hire form asks the purpose of the booking; no check of speakers named on it.",
        ),
    ),
    "Barking Abbey School": (
        ("policy", CheckStatus.MET, 65, YEAR, "Safeguarding policy covers Prevent."),
        ("named-lead", CheckStatus.MET, 65, YEAR, ""),
        (
            "it-filtering",
            CheckStatus.MET,
            65,
            YEAR,
            "Internet filtering on websites is in place; monitoring alerts go to the DSL.",
        ),
        ("staff-trained", CheckStatus.PARTLY, 65, 180, "New staff since September not yet trained."),
    ),
    "Eastbury Community School": (
        ("policy", CheckStatus.MET, 440, YEAR, ""),
        (
            "it-filtering",
            CheckStatus.NOT_MET,
            40,
            120,
            "Filtering is in place but nobody reads the monitoring reports.",
        ),
        ("lettings", CheckStatus.NOT_APPLICABLE, 40, None, "The school does not hire out its rooms."),
    ),
    "Robert Clack School": (
        ("policy", CheckStatus.MET, 80, YEAR, ""),
        ("named-lead", CheckStatus.MET, 80, YEAR, ""),
        (
            "risk-assessment",
            CheckStatus.NOT_MET,
            80,
            120,
            "No Prevent risk assessment yet; due with the spring term.",
        ),
    ),
    "Barking and Dagenham College": (
        (
            "visiting-speakers",
            CheckStatus.MET,
            200,
            YEAR,
            "External speakers policy and booking checks seen.",
        ),
        ("it-filtering", CheckStatus.MET, 400, YEAR, ""),
    ),
}

# The organisation each partnership's demo partner lead leads.
LED = {
    "barkingdagenham": "Robert Clack School",
    "cityoflondon": "City of London School",
    "towerhamlets": "Mulberry School for Girls",
    "westminster": "Westminster City School",
}


def _sector(code: str) -> Sector:
    return Sector.objects.get(partnership=None, code=code)


def _role(code: str) -> ContactRole:
    return ContactRole.objects.get(partnership=None, code=code)


def load(partnership: Partnership, people: dict[Role, User]) -> None:
    coordinator = Viewer(people[Role.COORDINATOR], partnership, frozenset({Role.COORDINATOR}))
    if partnership.slug == "barkingdagenham":
        _barking_dagenham(coordinator)
        _checks(coordinator)
    elif partnership.slug == "cityoflondon":
        _city_of_london(coordinator)
    elif partnership.slug == "towerhamlets":
        _started(coordinator, TOWER_HAMLETS)
    elif partnership.slug == "westminster":
        _started(coordinator, WESTMINSTER)
    if partnership.slug in LED and Role.PARTNER_LEAD in people:
        _partner_lead(coordinator, people[Role.PARTNER_LEAD], LED[partnership.slug])


def _started(coordinator: Viewer, rows: tuple[tuple[str, str, str, str, str], ...]) -> None:
    """A register begun: the council and a school, with the school's safeguarding lead."""
    _register(coordinator, rows)
    school = Organisation.objects.get(partnership=coordinator.partnership, name=rows[1][0])
    actions.add_contact(
        viewer=coordinator,
        organisation=school,
        name="Demo safeguarding lead",
        job_title="Designated Safeguarding Lead",
        email=f"dsl@{coordinator.partnership.slug}-school.demo",
        roles=[_role("designated-safeguarding-lead"), _role("prevent-lead")],
    )


def _checks(coordinator: Viewer) -> None:
    organisations = {o.name: o for o in Organisation.objects.filter(partnership=coordinator.partnership)}
    items = {item.code: item for item in CheckItem.objects.filter(partnership=None)}
    today = timezone.localdate()
    for name, checks in CHECKS.items():
        for code, status, days_ago, valid_days, notes in checks:
            checked_on = today - dt.timedelta(days=days_ago)
            actions.record_check(
                viewer=coordinator,
                organisation=organisations[name],
                item=items[code],
                status=status,
                checked_on=checked_on,
                next_due_on=checked_on + dt.timedelta(days=valid_days) if valid_days else None,
                notes=notes,
            )


def _partner_lead(coordinator: Viewer, user: User, name: str) -> None:
    organisation = Organisation.objects.get(partnership=coordinator.partnership, name=name)
    actions.appoint_partner_lead(viewer=coordinator, organisation=organisation, user=user)


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
    actions.add_contact(
        viewer=coordinator,
        organisation=organisations["City of London School"],
        name="Demo safeguarding lead",
        job_title="Designated Safeguarding Lead",
        email="dsl@cityoflondon-school.demo",
        roles=[_role("designated-safeguarding-lead")],
    )
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

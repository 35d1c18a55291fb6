"""Organisations, contacts and networks for tests."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from accounts.access import Viewer
from partners import actions
from partners.models import Contact, ContactRole, Network, NetworkMember, Organisation, Sector


def sector(code: str) -> Sector:
    return Sector.objects.get(partnership=None, code=code)


def contact_role(code: str) -> ContactRole:
    return ContactRole.objects.get(partnership=None, code=code)


def organisation(viewer: Viewer, name: str, code: str = "other", **values: object) -> Organisation:
    return actions.create_organisation(viewer=viewer, name=name, sector=sector(code), **values)  # type: ignore[arg-type]


@dataclass(frozen=True)
class PartnerRecords:
    organisation: Organisation
    contact: Contact
    network: Network
    member: NetworkMember


def partners_for_walks(viewer: Viewer) -> PartnerRecords:
    trust = organisation(viewer, "Riverside Learning Trust", "school-academy")
    school = organisation(
        viewer, "Riverside Academy", "school-academy", parent=trust, postcode="e1 6an", urn="100001"
    )
    contact = actions.add_contact(
        viewer=viewer,
        organisation=school,
        name="Priya Lead",
        job_title="Deputy head",
        email="p.lead@riverside.example.org",
        roles=[contact_role("designated-safeguarding-lead")],
    )
    network = actions.create_network(viewer=viewer, name="Education leads")
    member = actions.add_member(viewer=viewer, network=network, contact=contact, joined=dt.date(2024, 9, 1))
    return PartnerRecords(school, contact, network, member)

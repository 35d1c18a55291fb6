"""Organisations, contacts and networks for tests."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.core.files.uploadedfile import SimpleUploadedFile

from accounts.access import Viewer
from accounts.models import Membership, Role, User
from partners import actions
from partners.models import (
    CheckItem,
    CheckStatus,
    ColumnMapping,
    Contact,
    ContactRole,
    DutyCheck,
    Network,
    NetworkMember,
    Organisation,
    PartnerLead,
    Sector,
    StaffCount,
    StaffGroup,
)


def sector(code: str) -> Sector:
    return Sector.objects.get(partnership=None, code=code)


def contact_role(code: str) -> ContactRole:
    return ContactRole.objects.get(partnership=None, code=code)


def check_item(code: str) -> CheckItem:
    return CheckItem.objects.get(partnership=None, code=code)


def partner_lead(viewer: Viewer, organisation: Organisation, email: str) -> User:
    """A user holding the partner lead role, appointed to lead `organisation`."""
    user = User.objects.create_user(email, "a long enough password", full_name=f"Lead {email.split('@')[0]}")
    Membership.objects.create(user=user, partnership=viewer.partnership, role=Role.PARTNER_LEAD)
    actions.appoint_partner_lead(viewer=viewer, organisation=organisation, user=user)
    return user


def duty_check(
    viewer: Viewer, organisation: Organisation, code: str = "it-filtering", **values: object
) -> DutyCheck:
    values.setdefault("status", CheckStatus.MET)
    values.setdefault("checked_on", dt.date(2025, 3, 14))
    return actions.record_check(viewer=viewer, organisation=organisation, item=check_item(code), **values)  # type: ignore[arg-type]


def organisation(viewer: Viewer, name: str, code: str = "other", **values: object) -> Organisation:
    return actions.create_organisation(viewer=viewer, name=name, sector=sector(code), **values)  # type: ignore[arg-type]


@dataclass(frozen=True)
class PartnerRecords:
    organisation: Organisation
    contact: Contact
    network: Network
    member: NetworkMember
    check: DutyCheck | None = None
    mapping: ColumnMapping | None = None
    lead: PartnerLead | None = None
    own_sector: Sector | None = None
    staff_count: StaffCount | None = None
    own_check: CheckItem | None = None
    # A seeded check switched off for the partnership, and one left on.
    check_off: CheckItem | None = None
    check_on: CheckItem | None = None


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
    check = duty_check(
        viewer,
        school,
        evidence=SimpleUploadedFile("filtering.txt", b"Filtering report: categories blocked."),
        next_due_on=dt.date(2026, 3, 14),
    )
    mapping = actions.save_mapping(viewer=viewer, name="Community team list", columns={"name": "Group"})
    lead_user = partner_lead(viewer, school, f"lead.{viewer.partnership.slug}@riverside.example.org")
    lead = PartnerLead.objects.get(user=lead_user, organisation=school)
    own_sector = actions.add_list_entry(viewer=viewer, kind="sectors", label="Youth club")
    staff_count = actions.record_staff_count(
        viewer=viewer,
        organisation=school,
        staff_group=StaffGroup.objects.get(partnership=None, code="teaching-staff"),
        number=45,
        counted_on=dt.date(2025, 9, 1),
    )
    own_check = actions.add_check_item(
        viewer=viewer, label="Updated hall hire procedures", sectors=[sector("voluntary-community")]
    )
    check_off = check_item("visiting-speakers")
    actions.switch_check_item(viewer=viewer, item=check_off, active=False)
    return PartnerRecords(
        school,
        contact,
        network,
        member,
        check,
        mapping,
        lead,
        own_sector,
        staff_count,
        own_check,
        check_off,
        check_item("lettings"),
    )

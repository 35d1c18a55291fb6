"""People, completions and requirement rules for the compliance tests. People are made
through the partners app's actions; their staff group and dates, and completions, are
written directly (other parts of issue 15 own those writes) and the compliance summary
refreshed, as the actions that will write them must."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from accounts.access import Viewer
from partners import actions as partner_actions
from partners.models import Contact, Organisation, PartnerLead, Sector, StaffGroup
from training import compliance
from training.actions import rules as rule_actions
from training.models import AudienceKind, Completion, CompletionSource, Course, RequirementRule


def sector(code: str) -> Sector:
    return Sector.objects.get(partnership=None, code=code)


def staff_group(code: str) -> StaffGroup:
    return StaffGroup.objects.get(partnership=None, code=code)


def course(code: str) -> Course:
    return Course.objects.get(partnership=None, code=code)


def organisation(viewer: Viewer, name: str, code: str = "local-authority", **values: Any) -> Organisation:
    return partner_actions.create_organisation(viewer=viewer, name=name, sector=sector(code), **values)


def person(
    viewer: Viewer,
    at: Organisation,
    name: str,
    *,
    group: str | None = None,
    started_on: dt.date | None = None,
    left_on: dt.date | None = None,
    email: str = "",
) -> Contact:
    contact = partner_actions.add_contact(viewer=viewer, organisation=at, name=name, email=email)
    Contact.objects.filter(pk=contact.pk).update(
        staff_group=staff_group(group) if group else None, started_on=started_on, left_on=left_on
    )
    compliance.refresh_people([contact.pk])
    contact.refresh_from_db()
    return contact


def complete(who: Contact, code: str, on: dt.date) -> Completion:
    done = Completion.objects.create(
        partnership_id=who.partnership_id,
        person=who,
        course=course(code),
        completed_on=on,
        source=CompletionSource.RECORDED,
    )
    compliance.refresh_people([who.pk])
    return done


def rule(
    viewer: Viewer,
    name: str,
    *,
    courses: tuple[str, ...] = ("wrap",),
    due_within_months: int = 3,
    refresher_months: int | None = 24,
    target_percent: int = 95,
    **audience: Any,
) -> RequirementRule:
    kind = next(
        kind
        for kind, field in (
            (AudienceKind.SECTOR, "sector"),
            (AudienceKind.ORGANISATION, "organisation"),
            (AudienceKind.STAFF_GROUP, "staff_group"),
            (AudienceKind.NETWORK, "network"),
        )
        if field in audience
    )
    return rule_actions.create_rule(
        viewer=viewer,
        name=name,
        audience=kind,
        courses=[course(code) for code in courses],
        due_within_months=due_within_months,
        refresher_months=refresher_months,
        target_percent=target_percent,
        **audience,
    )


@dataclass(frozen=True)
class ComplianceRecords:
    rule: RequirementRule
    organisation: Organisation
    other_organisation: Organisation


def compliance_for_walks(viewer: Viewer) -> ComplianceRecords:
    """A rule with someone in its audience at each of two organisations, for the access
    walk (config/tests/test_url_access.py)."""
    council = organisation(viewer, "Walk Borough Council")
    youth = organisation(viewer, "Walk Youth Service", parent=council)
    other = organisation(viewer, "Walk Fire Station", code="fire")
    person(viewer, youth, "Yasmin Walker", group="frontline-staff", started_on=dt.date(2024, 1, 8))
    person(viewer, other, "Frank Walker", group="frontline-staff", started_on=dt.date(2024, 1, 8))
    walk_rule = rule(viewer, "Walk frontline WRAP", staff_group=staff_group("frontline-staff"))
    return ComplianceRecords(walk_rule, youth, other)


def lead(user: Any, organisation: Organisation) -> PartnerLead:
    return PartnerLead.objects.create(user=user, organisation=organisation)

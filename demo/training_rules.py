"""Tower Hamlets' training requirements in the demo, from its Prevent action plan 2018-19:

- "Induction includes Wrap Training for all elected members within 3 months of appointment
  and refresher every 2 years." 45 fictional councillors, elected seven months ago: most
  trained within three months; two not yet; the six re-elected ones trained 23 months ago,
  so their refresher falls due within 60 days; one elected at a by-election last month.
- "95% of Youth Services staff are WRAP trained". 50 fictional youth workers, 44 trained:
  88%, seven points short of the target; the service declared 50 staff, all on the register.

Organisations and people are written through the partners actions (so the audit log
records them); the people's staff group and start dates, and the completions, are written
directly, as an import will write them, and the compliance summary refreshed once. Every
person is labelled "Demo"."""

from __future__ import annotations

import datetime as dt

from django.utils import timezone

from accounts.access import Viewer
from accounts.models import Partnership, Role, User
from partners import actions as partner_actions
from partners.models import Contact, Organisation, Sector, StaffGroup
from training import compliance
from training.actions import rules as rule_actions
from training.models import AudienceKind, Completion, CompletionSource, Course

COUNCILLORS = 45
RE_ELECTED = 6  # trained at their last induction, 23 months ago
UNTRAINED_COUNCILLORS = 2
YOUTH_WORKERS = 50
YOUTH_TRAINED = 44  # 88%
YOUTH_DECLARED = 50  # all on the register: declared staff beyond it would count as untrained


def _sector(code: str) -> Sector:
    return Sector.objects.get(partnership=None, code=code)


def _group(code: str) -> StaffGroup:
    return StaffGroup.objects.get(partnership=None, code=code)


def load(partnership: Partnership, people: dict[Role, User]) -> None:
    if partnership.slug != "towerhamlets":
        return
    coordinator = Viewer(people[Role.COORDINATOR], partnership, frozenset({Role.COORDINATOR}))
    today = timezone.localdate()
    council = Organisation.objects.filter(partnership=partnership, name="Tower Hamlets Council").first()
    if council is None:
        council = partner_actions.create_organisation(
            viewer=coordinator,
            name="Tower Hamlets Council",
            sector=_sector("local-authority"),
            address="Town Hall, 160 Whitechapel Road, London",
            postcode="E1 1BJ",
        )
    members = partner_actions.create_organisation(
        viewer=coordinator,
        name="Councillors (elected members)",
        sector=_sector("local-authority"),
        parent=council,
    )
    youth = partner_actions.create_organisation(
        viewer=coordinator, name="Youth Services", sector=_sector("local-authority"), parent=council
    )
    wrap = Course.objects.get(partnership=None, code="wrap")
    completions: list[Completion] = []

    def add(organisation: Organisation, name: str, job: str, group: str, started: dt.date) -> Contact:
        contact = partner_actions.add_contact(
            viewer=coordinator, organisation=organisation, name=name, job_title=job
        )
        Contact.objects.filter(pk=contact.pk).update(staff_group=_group(group), started_on=started)
        return contact

    def trained(contact: Contact, on: dt.date) -> None:
        completions.append(
            Completion(
                partnership=partnership,
                person=contact,
                course=wrap,
                completed_on=on,
                source=CompletionSource.RECORDED,
            )
        )

    elected = today - dt.timedelta(days=213)
    ids = []
    for number in range(1, COUNCILLORS + 1):
        if number == COUNCILLORS:  # elected at a by-election last month
            contact = add(
                members, f"Demo councillor {number}", "Councillor", "governors", today - dt.timedelta(days=30)
            )
        else:
            contact = add(members, f"Demo councillor {number}", "Councillor", "governors", elected)
            if number <= RE_ELECTED:
                trained(contact, today - dt.timedelta(days=700))
            elif number > RE_ELECTED + UNTRAINED_COUNCILLORS:
                trained(contact, elected + dt.timedelta(days=20 + number))
        ids.append(contact.pk)
    for number in range(1, YOUTH_WORKERS + 1):
        started = today - dt.timedelta(days=400 + 9 * number)
        contact = add(youth, f"Demo youth worker {number}", "Youth worker", "frontline-staff", started)
        if number <= YOUTH_TRAINED:
            trained(contact, started + dt.timedelta(days=30 + number % 40))
        ids.append(contact.pk)
    Completion.objects.bulk_create(completions)
    partner_actions.record_staff_count(
        viewer=coordinator,
        organisation=youth,
        staff_group=_group("all-staff"),
        number=YOUTH_DECLARED,
        counted_on=today - dt.timedelta(days=60),
    )
    rule_actions.create_rule(
        viewer=coordinator,
        name="Elected members: WRAP on induction",
        audience=AudienceKind.ORGANISATION,
        organisation=members,
        courses=[wrap],
        due_within_months=3,
        refresher_months=24,
        target_percent=100,
    )
    rule_actions.create_rule(
        viewer=coordinator,
        name="Youth Services staff: WRAP",
        audience=AudienceKind.ORGANISATION,
        organisation=youth,
        courses=[wrap],
        due_within_months=6,
        refresher_months=None,
        target_percent=95,
    )
    # The rules above read the people as they are; this is what an import would call.
    compliance.refresh_people(ids)

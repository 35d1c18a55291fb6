"""The compliance summary follows every write that moves it, through the write paths people
use (the partners app's actions, session attendance, adding people at a session, the
completions import), in the same transaction: nothing here calls a refresh itself."""

from __future__ import annotations

import datetime as dt

import pytest
from django.utils import timezone

from accounts.access import Viewer
from accounts.models import Partnership
from partners import actions as partner_actions
from partners.models import OrganisationStatus
from training import compliance
from training.models import ComplianceEntry
from training.tests import builders
from training.tests.builders_compliance import organisation, rule, sector, staff_group
from training.tests.builders_import import csv_upload, run

pytestmark = pytest.mark.django_db

TODAY = timezone.localdate()


def _in_step(partnership: Partnership) -> None:
    assert compliance.stored(partnership) == compliance.computed_from_scratch(partnership)


def test_every_write_path_keeps_the_summary_in_step(
    coordinator_viewer: Viewer, partnership: Partnership
) -> None:
    council = organisation(coordinator_viewer, "Tower Hamlets Council")
    youth = organisation(coordinator_viewer, "Youth Service", parent=council)
    school = organisation(coordinator_viewer, "Bow School", code="school-maintained")
    network = partner_actions.create_network(viewer=coordinator_viewer, name="Faith Network")
    by_council = rule(coordinator_viewer, "Council WRAP", organisation=council)
    rule(coordinator_viewer, "Schools", sector=sector("school-maintained"), courses=("prevent-awareness",))
    rule(coordinator_viewer, "Frontline", staff_group=staff_group("frontline-staff"))
    by_network = rule(coordinator_viewer, "Faith", network=network, courses=("briefing", "wrap"))

    # People added at a session join the audiences; attending records their completion.
    session = builders.session(coordinator_viewer, "wrap", host=youth)
    ana, ben = builders.people(coordinator_viewer, session, youth, "Ana Able", "Ben Bright")
    _in_step(partnership)
    assert ComplianceEntry.objects.filter(rule=by_council).count() == 2
    builders.attend(coordinator_viewer, session, ana)
    _in_step(partnership)
    assert ComplianceEntry.objects.get(rule=by_council, person=ana).completed_on == session.starts_at.date()

    # A contact added, and a contact's staff group, dates and organisation changed.
    cal = partner_actions.add_contact(viewer=coordinator_viewer, organisation=school, name="Cal Cope")
    _in_step(partnership)
    partner_actions.update_contact(
        viewer=coordinator_viewer,
        contact=ben,
        roles=[],
        staff_group=staff_group("frontline-staff"),
        started_on=TODAY - dt.timedelta(days=30),
    )
    _in_step(partnership)
    partner_actions.update_contact(viewer=coordinator_viewer, contact=cal, roles=[], organisation=youth)
    _in_step(partnership)
    partner_actions.update_contact(viewer=coordinator_viewer, contact=ana, roles=[], left_on=TODAY)
    _in_step(partnership)

    # Network membership, joining and leaving.
    member = partner_actions.add_member(viewer=coordinator_viewer, network=network, contact=cal, joined=TODAY)
    _in_step(partnership)
    assert ComplianceEntry.objects.filter(rule=by_network, person=cal).exists()
    partner_actions.record_leaving(viewer=coordinator_viewer, member=member, left=TODAY)
    _in_step(partnership)

    # An organisation moved out from under the council, and one closed.
    partner_actions.update_organisation(viewer=coordinator_viewer, organisation=youth, parent=None)
    _in_step(partnership)
    assert not ComplianceEntry.objects.filter(rule=by_council).exists()
    partner_actions.update_organisation(
        viewer=coordinator_viewer, organisation=school, status=OrganisationStatus.CLOSED
    )
    _in_step(partnership)

    # The completions import: new people and completions land with their summary rows.
    partner_actions.update_organisation(
        viewer=coordinator_viewer, organisation=school, status=OrganisationStatus.ACTIVE
    )
    batch = run(
        coordinator_viewer,
        csv_upload(
            [
                [
                    "new.teacher@bow.example.org",
                    "New Teacher",
                    "Bow School",
                    "prevent-awareness",
                    "03/02/2025",
                ],
                ["cal.cope@bow.example.org", "Cal Cope", "Bow School", "prevent-awareness", "04/02/2025"],
            ]
        ),
    )
    assert batch.completions_added == 2, batch.errors
    _in_step(partnership)

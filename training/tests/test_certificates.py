"""A certificate per completion: opened by the coordinator and the person's partner lead
only, audited, 404 for everyone else."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from django.test import Client
from django.urls import reverse

from accounts.access import Viewer
from accounts.models import Partnership, Role, User
from audit.models import AuditEvent
from conftest import add_person
from govuk.testing import page
from partners.tests.builders import organisation
from training.certificates import certificate_html
from training.models import Completion
from training.tests.builders import attend, partner_lead, people, session

pytestmark = pytest.mark.django_db


@pytest.fixture
def completion(coordinator_viewer: Viewer) -> Completion:
    school = organisation(coordinator_viewer, "Marylebone School", "school-maintained")
    held = session(
        coordinator_viewer,
        "wrap",
        host=school,
        venue="Council House",
        trainer="Sam Trainer",
        trainer_accreditation="Home Office accredited WRAP facilitator",
    )
    [ada] = people(coordinator_viewer, held, school, "Ada One")
    attend(coordinator_viewer, held, ada)
    return Completion.objects.get(person=ada)


def test_the_certificate_says_who_completed_what_when_and_where(completion: Completion) -> None:
    shown = page(certificate_html(completion))
    text = shown.text
    for expected in (
        "Ada One",
        "of Marylebone School",
        "Workshop to Raise Awareness of Prevent (WRAP)",
        f"on {completion.completed_on:%-d %B %Y}",
        "Sam Trainer (Home Office accredited WRAP facilitator)",
        "Council House",
        "Tower Hamlets Prevent partnership",
        "Refresher due by",
    ):
        assert expected in text, expected


def test_the_coordinator_downloads_it_and_the_opening_is_audited(
    completion: Completion, coordinator: User, sign_in: Callable[..., Client]
) -> None:
    response = sign_in(coordinator).get(reverse("training:certificate", args=[completion.uuid]))
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response.content.startswith(b"%PDF")
    assert "attachment" in response["Content-Disposition"]
    event = AuditEvent.objects.get(verb="training.certificate.opened")
    assert event.actor == coordinator


def test_the_persons_partner_lead_opens_it_and_no_one_else_does(
    completion: Completion,
    coordinator_viewer: Viewer,
    partnership: Partnership,
    other_partnership: Partnership,
    person: Callable[..., User],
    sign_in: Callable[..., Client],
) -> None:
    url = reverse("training:certificate", args=[completion.uuid])
    their_lead = partner_lead(
        partnership, completion.person.organisation, email="lead@marylebone.example.org"
    )
    assert sign_in(their_lead).get(url).status_code == 200
    college = organisation(coordinator_viewer, "Westminster College", "further-education")
    other_lead = partner_lead(partnership, college, email="lead@college.example.org")
    assert sign_in(other_lead).get(url).status_code == 404
    for role in Role:
        if role != Role.COORDINATOR:
            assert sign_in(person(partnership, role)).get(url).status_code == 404, role
    outsider = add_person(other_partnership, *Role, email="everyone@wm.example.gov.uk")
    assert sign_in(outsider).get(url).status_code == 404
    assert AuditEvent.objects.filter(verb="training.certificate.opened").count() == 1

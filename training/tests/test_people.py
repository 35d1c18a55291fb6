"""A person's training record: their completions and the sessions they were booked on, for
the coordinator and their organisation's partner lead; audited; 404 for anyone else."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from django.test import Client
from django.urls import reverse

from accounts.access import Viewer
from accounts.models import Partnership, Role, User
from audit.models import AuditEvent
from conftest import add_person
from govuk.testing import Table, page
from partners.tests.builders import organisation
from training.models import Completion, CompletionSource
from training.tests.builders import attend, national, partner_lead, people, session

pytestmark = pytest.mark.django_db


def test_the_record_lists_completions_and_bookings(
    coordinator: User, coordinator_viewer: Viewer, sign_in: Callable[..., Client]
) -> None:
    school = organisation(coordinator_viewer, "Marylebone School", "school-maintained")
    held = session(coordinator_viewer, "wrap", host=school)
    [ada] = people(coordinator_viewer, held, school, "Ada One")
    attend(coordinator_viewer, held, ada)
    Completion.objects.create(
        partnership=school.partnership,
        person=ada,
        course=national("prevent-awareness"),
        completed_on=held.starts_at.date().replace(year=2024),
        source=CompletionSource.IMPORT,
    )
    client = sign_in(coordinator)
    shown = page(client.get(reverse("training:person_detail", args=[ada.uuid])).content)
    completions = Table.read(shown.by_id("completions")).rows
    assert [(row["Course"], row["How"]) for row in completions] == [
        ("Workshop to Raise Awareness of Prevent (WRAP)", "Attended a session"),
        ("Prevent duty training: Awareness course", "Imported from a file"),
    ]
    assert all(row["Certificate"].startswith("Certificate for") for row in completions)
    assert [row["Attendance"] for row in Table.read(shown.by_id("bookings")).rows] == ["Attended"]
    assert AuditEvent.objects.filter(verb="training.person.viewed").count() == 1
    # Every link on it opens.
    for _, href in shown.links():
        if href.startswith("/training/"):
            assert client.get(href).status_code == 200, href


def test_only_the_coordinator_and_the_persons_partner_lead_open_it(
    coordinator_viewer: Viewer,
    partnership: Partnership,
    other_partnership: Partnership,
    person: Callable[..., User],
    sign_in: Callable[..., Client],
) -> None:
    school = organisation(coordinator_viewer, "Marylebone School", "school-maintained")
    college = organisation(coordinator_viewer, "Westminster College", "further-education")
    held = session(coordinator_viewer, "wrap", host=college)
    [ada] = people(coordinator_viewer, held, school, "Ada One")
    attend(coordinator_viewer, held, ada)
    url = reverse("training:person_detail", args=[ada.uuid])
    their_lead = sign_in(partner_lead(partnership, school, email="lead@marylebone.example.org"))
    shown = their_lead.get(url)
    assert shown.status_code == 200
    # The session was hosted by the college: its page is not the school lead's to open,
    # so the record names it without a link.
    for _, href in page(shown.content).links():
        if href.startswith("/training/"):
            assert their_lead.get(href).status_code == 200, href
    assert (
        sign_in(partner_lead(partnership, college, email="lead@college.example.org")).get(url).status_code
        == 404
    )
    for role in Role:
        if role != Role.COORDINATOR:
            assert sign_in(person(partnership, role)).get(url).status_code == 404, role
    outsider = add_person(other_partnership, *Role, email="everyone@wm.example.gov.uk")
    assert sign_in(outsider).get(url).status_code == 404

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from io import StringIO
from typing import Any

import pytest
from django.core import mail
from django.core.management import call_command
from django.utils import timezone
from django_tasks_db.models import DBTaskResult

from accounts.access import Viewer
from accounts.models import Partnership, Role, User
from audit.models import AuditEvent
from training.actions.rules import set_rule_active
from training.tasks import send_training_digest
from training.tests.builders_compliance import complete, lead, organisation, person, rule, staff_group

pytestmark = pytest.mark.django_db

IMMEDIATE = {"default": {"BACKEND": "django.tasks.backends.immediate.ImmediateBackend"}}
TODAY = timezone.localdate()


def days(n: int) -> dt.date:
    return TODAY + dt.timedelta(days=n)


@pytest.fixture
def due(coordinator_viewer: Viewer) -> dict[str, Any]:
    youth = organisation(coordinator_viewer, "Youth Service")
    school = organisation(coordinator_viewer, "Bow School", code="school-maintained")
    # Youth Service: one overdue, one expiring within 60 days, one compliant.
    person(coordinator_viewer, youth, "Olu Overdue", group="frontline-staff", started_on=days(-200))
    expiring = person(
        coordinator_viewer, youth, "Eve Expiring", group="frontline-staff", started_on=days(-900)
    )
    complete(expiring, "wrap", days(-700))
    fine = person(coordinator_viewer, youth, "Fay Fine", group="frontline-staff", started_on=days(-100))
    complete(fine, "wrap", days(-10))
    # Bow School: two overdue.
    person(coordinator_viewer, school, "Sam School", group="frontline-staff", started_on=days(-300))
    person(coordinator_viewer, school, "Tia Teacher", group="frontline-staff", started_on=days(-300))
    made = rule(coordinator_viewer, "Frontline WRAP", staff_group=staff_group("frontline-staff"))
    return {"youth": youth, "school": school, "rule": made}


def test_the_digest_gives_counts_and_a_link_to_the_coordinator_and_each_partner_lead(
    due: dict[str, Any],
    coordinator: User,
    partnership: Partnership,
    other_partnership: Partnership,
    person: Callable[..., User],
    settings: object,
) -> None:
    settings.TASKS = IMMEDIATE  # type: ignore[attr-defined]
    settings.SITE_URL = "https://preventhub.example.gov.uk"  # type: ignore[attr-defined]
    youth_lead = person(partnership, Role.PARTNER_LEAD, email="lead@youth.example.org")
    lead(youth_lead, due["youth"])
    # A partner lead whose role was taken away gets nothing; nor does another partnership.
    former = person(partnership, Role.STEERING, email="former@school.example.org")
    lead(former, due["school"])
    elsewhere = person(other_partnership, Role.COORDINATOR, email="coordinator@wm.example.gov.uk")

    result = send_training_digest.enqueue()
    assert result.status == "SUCCESSFUL", result.errors
    assert result.return_value == {"sent": 2}
    by_recipient = {message.to[0]: message for message in mail.outbox}
    assert set(by_recipient) == {coordinator.email, youth_lead.email}
    assert elsewhere.email not in by_recipient and former.email not in by_recipient

    link = f"https://preventhub.example.gov.uk/training/rules/{due['rule'].uuid}/"
    whole = by_recipient[coordinator.email]
    assert whole.subject == "Prevent Hub: training 3 people overdue, 1 due soon"
    assert "Frontline WRAP: 3 people overdue, 1 due within 60 days (40% trained" in whole.body
    assert link in whole.body
    own = by_recipient[youth_lead.email]
    assert own.subject == "Prevent Hub: training at your organisation: 1 person overdue, 1 due soon"
    assert "Frontline WRAP: 1 person overdue, 1 due within 60 days (66.6% trained" in own.body
    assert link in own.body
    for message in mail.outbox:
        for name in ("Olu", "Eve", "Fay", "Sam", "Tia", "Bow School", "Youth Service"):
            assert name not in message.body and name not in message.subject, name
    events = AuditEvent.objects.filter(verb="training.digest.sent")
    assert {event.object_id for event in events} == {str(coordinator.uuid), str(youth_lead.uuid)}
    assert {event.changes["overdue"]["to"] for event in events} == {3, 1}


def test_no_digest_when_nothing_is_due(
    coordinator_viewer: Viewer, coordinator: User, settings: object
) -> None:
    settings.TASKS = IMMEDIATE  # type: ignore[attr-defined]
    youth = organisation(coordinator_viewer, "Youth Service")
    fine = person(coordinator_viewer, youth, "Fay Fine", group="frontline-staff", started_on=days(-100))
    complete(fine, "wrap", days(-10))
    rule(coordinator_viewer, "Frontline WRAP", staff_group=staff_group("frontline-staff"))
    assert send_training_digest.call() == {"sent": 0}
    assert mail.outbox == []


def test_a_deactivated_rule_is_not_reminded_of(
    due: dict[str, Any], coordinator_viewer: Viewer, settings: object
) -> None:
    settings.TASKS = IMMEDIATE  # type: ignore[attr-defined]
    set_rule_active(viewer=coordinator_viewer, rule=due["rule"], active=False)
    assert send_training_digest.call() == {"sent": 0}


def test_the_command_queues_the_digest_for_the_worker(due: dict[str, Any]) -> None:
    out = StringIO()
    call_command("enqueue_training_digest", stdout=out)
    queued = DBTaskResult.objects.get()
    assert queued.task_path == "training.tasks.send_training_digest"
    assert str(queued.id) in out.getvalue()
    assert mail.outbox == []


def test_the_digest_run_again_the_same_day_sends_only_what_was_not_sent(
    due: dict[str, Any],
    coordinator: User,
    partnership: Partnership,
    person: Callable[..., User],
    settings: object,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """The worker killed halfway, or the task queued twice: each e-mail goes once. Here the
    mail server refuses the partner lead's e-mail on the first run; the second run sends
    that one only, and a third sends nothing."""
    settings.TASKS = IMMEDIATE  # type: ignore[attr-defined]
    youth_lead = person(partnership, Role.PARTNER_LEAD, email="lead@youth.example.org")
    lead(youth_lead, due["youth"])
    real_send = mail.send_mail

    def refusing(subject: str, body: str, sender: str | None, to: list[str], **kwargs: Any) -> int:
        if to == [youth_lead.email]:
            raise ConnectionRefusedError("the mail server is down")
        return real_send(subject, body, sender, to, **kwargs)

    monkeypatch.setattr("accounts.digests.send_mail", refusing)
    first = send_training_digest.enqueue()
    assert first.status == "FAILED"
    assert [message.to for message in mail.outbox] == [[coordinator.email]]
    monkeypatch.undo()
    assert send_training_digest.call() == {"sent": 1, "already_sent": 1}
    assert [message.to for message in mail.outbox] == [[coordinator.email], [youth_lead.email]]
    assert send_training_digest.call() == {"sent": 0, "already_sent": 2}
    assert len(mail.outbox) == 2
    assert AuditEvent.objects.filter(verb="training.digest.sent").count() == 2

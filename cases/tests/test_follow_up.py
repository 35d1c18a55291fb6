"""Follow-up that cannot be missed: the overdue lists, what they cost however many cases
have closed, and the daily e-mail digest."""

import datetime as dt
from collections.abc import Callable
from io import StringIO

import pytest
from django.core import mail
from django.core.management import call_command
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.utils import timezone
from django_tasks_db.models import DBTaskResult

from accounts.models import Partnership, Role, User
from audit.models import AuditEvent
from cases import actions
from cases.follow_up import overdue_interventions, overdue_reviews, partnerships_with_overdue
from cases.models import Intervention, Referral, Review
from cases.tasks import send_follow_up_digest
from cases.tests.test_support_views import in_support, mentoring
from conftest import Channel, Lifecycle, quorate, viewer

pytestmark = pytest.mark.django_db

IMMEDIATE = {"default": {"BACKEND": "django.tasks.backends.immediate.ImmediateBackend"}}


def today() -> dt.date:
    return timezone.localdate()


def overdue_case(channel: Channel, given: str, family: str) -> tuple[Referral, Intervention]:
    """In support since 100 days ago: its first review of support (due after 12 weeks) is
    overdue, and so is its weekly intervention, with no session attended in a month."""
    referral = in_support(channel, given, family, consent_days_ago=100)
    intervention = actions.agree_intervention(
        viewer=viewer(channel.coordinator, referral.partnership),
        referral=referral,
        intervention_type=mentoring(),
        provider_organisation="Mentoring Ltd",
        starts_on=today() - dt.timedelta(days=30),
        frequency_days=7,
    )
    return referral, intervention


def closed_cases(channel: Channel, count: int) -> None:
    """Cases that received support and then closed: their reviews were cancelled and their
    interventions ended, long overdue dates and all."""
    for number in range(count):
        referral, _ = overdue_case(channel, "Closed", f"Case{number}")
        actions.withdraw_consent(
            viewer=viewer(channel.coordinator, referral.partnership),
            referral=referral,
            withdrawn_on=today(),
            reason="No longer wants support.",
            not_given=actions.NotGiven(reconsider_on=today() + dt.timedelta(days=28)),
        )
        # Consent not given: the case is open under review until a panel closes it.
        chair = viewer(channel.chair, referral.partnership)
        panel = actions.schedule_meeting(
            viewer=chair, meets_at=timezone.now(), location="Town Hall", chair=channel.chair
        )
        quorate(panel, chair)
        actions.record_panel_decision(
            viewer=chair,
            item=actions.add_to_agenda(viewer=chair, meeting=panel, referral=referral),
            decision="close_not_given",
            reasons="No longer wants support.",
            confirm_close=True,
            closure_reason="consent_withdrawn",
        )


def test_only_what_is_overdue_is_listed(
    lifecycle: Lifecycle, channel: Channel, partnership: Partnership, other_partnership: Partnership
) -> None:
    late, late_intervention = overdue_case(channel, "Quincy", "Zephyr")
    closed_cases(channel, 1)
    # The exited case's six-month review is due today: overdue only from tomorrow.
    Review.objects.filter(pk=lifecycle.review.pk).update(due_on=today())
    assert [r.referral_id for r in overdue_reviews(partnership, today())] == [late.pk]
    assert list(overdue_interventions(partnership, today())) == [late_intervention]
    # The supported case's weekly session falls due today, so it is not overdue until tomorrow.
    tomorrow = today() + dt.timedelta(days=1)
    assert set(overdue_interventions(partnership, tomorrow)) == {late_intervention, lifecycle.intervention}
    assert lifecycle.review in overdue_reviews(partnership, tomorrow)
    assert not overdue_reviews(other_partnership, tomorrow).exists()
    assert list(partnerships_with_overdue(today())) == [partnership]


@pytest.mark.skipif(connection.vendor != "sqlite", reason="SQLite's plan names the index it uses")
def test_the_lists_are_read_through_the_partial_indexes(partnership: Partnership) -> None:
    assert "review_due" in overdue_reviews(partnership, today()).explain()
    assert "intervention_session_due" in overdue_interventions(partnership, today()).explain()


def _queries(client: Client, url: str) -> int:
    with CaptureQueriesContext(connection) as captured:
        assert client.get(url).status_code == 200
    return len(captured)


def test_the_home_and_follow_up_pages_cost_the_same_however_many_cases_closed(
    channel: Channel, sign_in: Callable[..., Client]
) -> None:
    overdue_case(channel, "Quincy", "Zephyr")
    client = sign_in(channel.chair)
    client.get("/")  # the first request of a session also writes the session
    closed_cases(channel, 1)
    few = {url: _queries(client, url) for url in ("/", "/cases/follow-up/")}
    closed_cases(channel, 4)
    many = {url: _queries(client, url) for url in ("/", "/cases/follow-up/")}
    assert many == few
    # Nor does a row of the lists cost a query of its own.
    overdue_case(channel, "Rory", "Xavier")
    overdue_case(channel, "Sol", "Yates")
    assert {url: _queries(client, url) for url in ("/", "/cases/follow-up/")} == few


def test_the_daily_digest_names_cases_by_reference_only(
    lifecycle: Lifecycle,
    channel: Channel,
    settings: object,
    other_partnership: Partnership,
    person: Callable[..., User],
) -> None:
    settings.TASKS = IMMEDIATE  # type: ignore[attr-defined]
    settings.SITE_URL = "https://preventhub.example.gov.uk"  # type: ignore[attr-defined]
    elsewhere = person(other_partnership, Role.COORDINATOR, email="coordinator@wm.example.gov.uk")
    late, intervention = overdue_case(channel, "Quincy", "Zephyr")
    born = late.person.date_of_birth if late.person else None
    assert born is not None
    result = send_follow_up_digest.enqueue()
    assert result.status == "SUCCESSFUL", result.errors
    assert result.return_value == {"sent": 2}
    assert sorted(message.to[0] for message in mail.outbox) == sorted(
        [channel.coordinator.email, channel.chair.email]
    )
    assert elsewhere.email not in [message.to[0] for message in mail.outbox]
    message = mail.outbox[0]
    assert message.subject == "Prevent Hub: 1 review and 1 intervention need follow-up"
    body = message.body
    assert late.reference in body
    assert "Review of support" in body
    assert "Theological or ideological mentoring" in body
    assert f"https://preventhub.example.gov.uk/cases/{late.uuid}/panel-and-support/" in body
    assert f"https://preventhub.example.gov.uk/cases/interventions/{intervention.uuid}/" in body
    assert "https://preventhub.example.gov.uk/cases/follow-up/" in body
    for personal in (
        "Quincy",
        "Zephyr",
        f"{born:%-d %B %Y}",
        born.isoformat(),
        "Jordan",
        "Reeve",
        "Sam Taylor",
        "extreme right-wing videos",
        lifecycle.provider.full_name,
    ):
        assert personal not in body, personal
        assert personal not in message.subject, personal
    events = AuditEvent.objects.filter(verb="cases.digest.sent")
    assert events.count() == 2
    assert {event.object_id for event in events} == {str(channel.coordinator.uuid), str(channel.chair.uuid)}
    for event in events:
        assert "Quincy" not in str(event.changes) and late.reference not in str(event.changes)
        assert event.changes["overdue_reviews"]["to"] == 1


def test_no_digest_is_sent_when_nothing_is_overdue(lifecycle: Lifecycle, settings: object) -> None:
    settings.TASKS = IMMEDIATE  # type: ignore[attr-defined]
    assert send_follow_up_digest.call() == {"sent": 0}
    assert mail.outbox == []
    assert not AuditEvent.objects.filter(verb="cases.digest.sent").exists()


def test_the_command_queues_the_digest_for_the_worker(channel: Channel) -> None:
    out = StringIO()
    call_command("enqueue_follow_up_digest", stdout=out)
    queued = DBTaskResult.objects.get()
    assert queued.task_path == "cases.tasks.send_follow_up_digest"
    assert str(queued.id) in out.getvalue()
    assert mail.outbox == []  # sent by the worker, not by the command

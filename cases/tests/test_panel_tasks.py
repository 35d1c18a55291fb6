"""Panel actions are tasks: an action agreed at panel has an owner, who may be outside the
case team and sees it on their home page and closes it with a note, without reading the
case; overdue actions and requests for information go into the daily digest, by case
reference only; the follow-up page lists requests past their due date and progressed cases
waiting for an assessment, as the home page counts them."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable

import pytest
from django.core import mail
from django.http import Http404
from django.test import Client
from django.utils import timezone

from accounts.models import Partnership, Role, User
from audit.models import AuditEvent
from cases import access, actions
from cases.models import AgendaItem, PanelAction, Referral, SharingRequest
from cases.tasks import send_follow_up_digest
from conftest import Channel, Lifecycle, progress, referral_details, viewer
from govuk.testing import Table, list_rows, page
from lib.errors import Refused

pytestmark = pytest.mark.django_db

IMMEDIATE = {"default": {"BACKEND": "django.tasks.backends.immediate.ImmediateBackend"}}
# The description names the person: it is sealed text about them, and never goes by e-mail.
ABOUT_MORGAN = "Ask Morgan Hale's college whether he has attended since the summer"


def today() -> dt.date:
    return timezone.localdate()


def agreed(item: AgendaItem, owner: User, due_on: dt.date, description: str) -> PanelAction:
    """An action agreed at the panel of `item`, as cases.actions.record_panel_decision
    writes one."""
    action = PanelAction(
        agenda_item=item, partnership_id=item.referral.partnership_id, owner=owner, due_on=due_on
    )
    action.description = description
    action.save()
    return action


@pytest.fixture
def lead(partnership: Partnership, person: Callable[..., User]) -> User:
    """A school's Prevent lead, made an action's owner: no role on the case team."""
    return person(partnership, Role.ACTION_OWNER, email="lead@bow.example.sch.uk", full_name="Lee Lead")


@pytest.fixture
def leads_action(lifecycle: Lifecycle, lead: User) -> PanelAction:
    """Agreed when `exited` exited, owned by the lead, three days overdue."""
    return agreed(lifecycle.panel_action.agenda_item, lead, today() - dt.timedelta(days=3), ABOUT_MORGAN)


def overdue_request(channel: Channel, partnership: Partnership, referral: Referral) -> SharingRequest:
    return actions.record_sharing(
        viewer=viewer(channel.coordinator, partnership),
        referral=referral,
        direction="request",
        partner="Youth Service",
        legal_basis="ctsa_s38",
        subject="Has Sam Taylor been seen at the youth club?",
        sent_at=timezone.now() - dt.timedelta(days=30),
    )


def progressed_without_assessment(channel: Channel, partnership: Partnership) -> Referral:
    return progress(
        actions.submit_referral(
            viewer=viewer(channel.referrer, partnership), details=referral_details(given_names="Robin")
        ),
        viewer(channel.police, partnership),
    )


# --- the owner ---------------------------------------------------------------------------


def test_an_owner_outside_the_case_team_sees_their_action_at_home_and_closes_it_with_a_note(
    lifecycle: Lifecycle, leads_action: PanelAction, lead: User, sign_in: Callable[..., Client]
) -> None:
    client = sign_in(lead)
    home = page(client.get("/").content).by_id("main-content")
    assert "Your panel actions" in [heading.text for heading in home.iter("h2")]
    [row] = Table.read(home.by_id("own-panel-actions")).rows
    assert row["Case"] == lifecycle.exited.reference
    assert row["Due"].endswith("Overdue")
    assert ABOUT_MORGAN not in home.text  # the home page is not audited: no description
    url = f"/cases/panels/actions/{leads_action.uuid}/close/"
    assert url in [href for _, href in home.links()]

    shown = client.get(url)
    assert shown.status_code == 200
    form = page(shown.content).by_id("main-content")
    assert ABOUT_MORGAN in form.text
    assert f"{leads_action.due_on:%-d %B %Y}" in form.text
    assert lifecycle.exited.reference in form.text
    assert "Hale" not in form.text.replace(ABOUT_MORGAN, "")  # not the person's name otherwise
    assert not [href for _, href in form.links() if href.startswith(f"/cases/{lifecycle.exited.uuid}/")]
    for case_page in ("", "panel-and-support/"):
        assert client.get(f"/cases/{lifecycle.exited.uuid}/{case_page}").status_code == 404

    closed = client.post(url, {"note": "The college confirmed attendance by e-mail."})
    assert closed.status_code == 302 and closed["Location"] == "/"
    done = PanelAction.objects.get(pk=leads_action.pk)
    assert done.done_by == lead and done.done_note == "The college confirmed attendance by e-mail."
    assert lifecycle.exited.events.filter(kind="panel_action", summary__contains="closed").exists()
    assert "Your panel actions" not in [h.text for h in page(client.get("/").content).iter("h2")]
    assert "This action was closed on" in client.get(url).content.decode()


def test_a_panel_member_who_reads_the_case_goes_back_to_it_after_closing_their_action(
    channel: Channel, sign_in: Callable[..., Client]
) -> None:
    # Invited to the meeting with `progressed` on its agenda, the panel member reads the case.
    action = agreed(channel.item, channel.panel_member, today(), "Check the early help record")
    client = sign_in(channel.panel_member)
    url = f"/cases/panels/actions/{action.uuid}/close/"
    closed = client.post(url, {"note": "None open."})
    assert closed["Location"] == f"/cases/{channel.progressed.uuid}/panel-and-support/"
    assert client.get(closed["Location"]).status_code == 200


def test_nobody_but_the_owner_and_the_case_team_gets_the_owners_action(
    lifecycle: Lifecycle,
    leads_action: PanelAction,
    channel: Channel,
    partnership: Partnership,
    other_partnership: Partnership,
    person: Callable[..., User],
    sign_in: Callable[..., Client],
) -> None:
    url = f"/cases/panels/actions/{leads_action.uuid}/close/"
    another_lead = person(partnership, Role.ACTION_OWNER, email="other@bow.example.sch.uk")
    outsider = person(other_partnership, *Role)
    others = [channel.panel_member, channel.referrer, lifecycle.provider, another_lead]
    for user in [*others, outsider]:
        client = sign_in(user)
        assert client.get(url).status_code == 404, user
        assert client.post(url, {"note": "Not mine."}).status_code == 404, user
    for user in others:
        them = viewer(user, partnership)
        assert not access.owns_panel_action(them, leads_action)
        assert not access.own_panel_actions(them).exists()
        with pytest.raises(Http404):
            access.get_panel_action(them, leads_action.uuid)
        with pytest.raises(Refused, match="Your role does not allow you to close panel actions"):
            actions.close_panel_action(viewer=them, action=leads_action, note="Not mine.")
    # The owner working in another partnership, where the action does not belong, gets nothing.
    elsewhere = viewer(leads_action.owner, other_partnership)
    assert not access.owns_panel_action(elsewhere, leads_action)
    assert PanelAction.objects.get(pk=leads_action.pk).done_at is None
    # The case team still closes any action.
    assert sign_in(channel.chair).get(url).status_code == 200


# --- the digest --------------------------------------------------------------------------


def test_overdue_actions_and_requests_go_to_the_right_people_by_reference_only(
    lifecycle: Lifecycle,
    leads_action: PanelAction,
    lead: User,
    channel: Channel,
    partnership: Partnership,
    other_partnership: Partnership,
    person: Callable[..., User],
    settings: object,
) -> None:
    settings.TASKS = IMMEDIATE  # type: ignore[attr-defined]
    settings.SITE_URL = "https://preventhub.example.gov.uk"  # type: ignore[attr-defined]
    elsewhere = person(other_partnership, Role.COORDINATOR, email="coordinator@wm.example.gov.uk")
    police_action = agreed(
        lifecycle.panel_action.agenda_item,
        channel.police,
        today() - dt.timedelta(days=1),
        "Tell Jordan Reeve's mother about the referral",
    )
    request = overdue_request(channel, partnership, channel.progressed)
    # Due today: not overdue yet, so in nobody's digest.
    assert lifecycle.panel_action.due_on == today()

    result = send_follow_up_digest.enqueue()
    assert result.status == "SUCCESSFUL", result.errors
    by_recipient = {message.to[0]: message for message in mail.outbox}
    assert sorted(by_recipient) == sorted(
        [channel.coordinator.email, channel.chair.email, lead.email, channel.police.email]
    )
    assert result.return_value == {"sent": 4}
    for absent in (elsewhere, channel.panel_member, channel.referrer, lifecycle.provider):
        assert absent.email not in by_recipient

    coordinator = by_recipient[channel.coordinator.email]
    assert coordinator.subject == (
        "Prevent Hub: 1 request for information and 2 panel actions need follow-up"
    )
    assert f"- {channel.progressed.reference}: asked of Youth Service" in coordinator.body
    assert f"https://preventhub.example.gov.uk/cases/{channel.progressed.uuid}/sharing-and-assessment/" in (
        coordinator.body
    )
    assert "2 panel actions overdue in Tower Hamlets" in coordinator.body
    assert "you own" not in coordinator.body  # the coordinator's own action is due today
    assert by_recipient[channel.chair.email].body == coordinator.body

    owner = by_recipient[lead.email]
    assert owner.subject == "Prevent Hub: 1 panel action you own is overdue"
    assert (
        f"- {lifecycle.exited.reference}: due {leads_action.due_on:%-d %B %Y} (3 days overdue)" in owner.body
    )
    assert f"https://preventhub.example.gov.uk/cases/panels/actions/{leads_action.uuid}/close/" in owner.body
    assert str(police_action.uuid) not in owner.body  # only their own
    assert request.partner not in owner.body
    police = by_recipient[channel.police.email]
    assert f"/cases/panels/actions/{police_action.uuid}/close/" in police.body
    assert str(leads_action.uuid) not in police.body

    born = [r.person.date_of_birth for r in (lifecycle.exited, lifecycle.supported, channel.progressed)]
    for message in mail.outbox:
        for personal in (
            "Morgan",
            "Hale",
            "Jordan",
            "Reeve",
            "Sam Taylor",
            "Taylor",
            "Ask ",
            "Tell ",
            "youth club",
            *(f"{day:%-d %B %Y}" for day in born if day),
        ):
            assert personal not in message.body, (message.to, personal)
            assert personal not in message.subject, (message.to, personal)
    events = AuditEvent.objects.filter(verb="cases.digest.sent")
    assert {event.object_id for event in events} == {
        str(user.uuid) for user in (channel.coordinator, channel.chair, lead, channel.police)
    }
    assert events.get(object_id=str(lead.uuid)).changes == {"overdue_panel_actions": {"from": None, "to": 1}}


def test_an_owner_who_has_left_the_partnership_is_not_sent_the_digest(
    leads_action: PanelAction, lead: User, settings: object
) -> None:
    settings.TASKS = IMMEDIATE  # type: ignore[attr-defined]
    lead.memberships.all().delete()
    send_follow_up_digest.call()
    assert lead.email not in [message.to[0] for message in mail.outbox]
    assert mail.outbox  # the coordinator and the chair still hear of it


# --- the follow-up page ------------------------------------------------------------------


def test_the_follow_up_page_lists_overdue_requests_and_cases_waiting_for_an_assessment(
    channel: Channel, partnership: Partnership, sign_in: Callable[..., Client]
) -> None:
    late = overdue_request(channel, partnership, channel.progressed)
    answered = overdue_request(channel, partnership, channel.progressed)
    actions.record_sharing_answer(
        viewer=viewer(channel.coordinator, partnership),
        sharing=answered,
        response="Not known to us.",
        answered_at=timezone.now(),
    )
    bare = progressed_without_assessment(channel, partnership)
    assert late.due_on is not None
    # channel.sharing is due in ten working days; channel.progressed has its assessment;
    # channel.waiting is still at the gateway.
    for user in (channel.coordinator, channel.chair):
        client = sign_in(user)
        full = page(client.get("/cases/follow-up/").content)
        [requests] = full.by_id("requests").tables()
        assert [(row["Case"], row["Partner"]) for row in requests.rows] == [
            (channel.progressed.reference, "Youth Service")
        ]
        assert requests.rows[0]["Answer due"].endswith(f"{(today() - late.due_on).days} days overdue")
        [waiting] = full.by_id("assessment").tables()
        assert [row["Case"] for row in waiting.rows] == [bare.reference]
        for part in ("requests", "assessment"):
            links = full.by_id(part).links()
            assert links
            for text, href in links:
                assert client.get(href).status_code == 200, (user, text, href)

        home = page(client.get("/").content).by_id("main-content")
        counts = {link.text: link.attrs["href"] for link in home.iter("a")}
        assert counts["1 request for information past its due date"] == "/cases/follow-up/#requests"
        assert counts["1 progressed case waiting for an assessment"] == "/cases/follow-up/#assessment"
        for href in ("/cases/follow-up/#requests", "/cases/follow-up/#assessment"):
            assert len(list_rows(client, href)) == 1


def test_the_home_counts_equal_the_follow_up_lists_when_they_are_empty_too(
    channel: Channel, sign_in: Callable[..., Client]
) -> None:
    client = sign_in(channel.coordinator)
    home = page(client.get("/").content).by_id("main-content")
    counts = {link.text: link.attrs["href"] for link in home.iter("a")}
    assert counts["0 requests for information past their due date"] == "/cases/follow-up/#requests"
    assert counts["0 progressed cases waiting for an assessment"] == "/cases/follow-up/#assessment"
    assert list_rows(client, "/cases/follow-up/#requests") == []
    assert list_rows(client, "/cases/follow-up/#assessment") == []

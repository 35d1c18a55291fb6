"""Inviting several people to a Channel panel at once, the e-mail and calendar file each is
sent, the cancellation when an invitation is withdrawn, and the minutes made final only
once the meeting has begun."""

from __future__ import annotations

import datetime as dt
import logging
from collections.abc import Callable
from typing import Any

import pytest
from django.core import mail
from django.core.mail import EmailMessage
from django.test import Client
from django.utils import timezone
from icalendar import Calendar

from accounts.models import Membership, Partnership, Role, User
from audit.models import AuditEvent
from cases import actions
from cases.models import MeetingStatus, PanelInvitation, PanelMeeting, Referral
from conftest import Channel, quorate, viewer
from govuk.testing import Element, page
from lib.errors import Refused

pytestmark = pytest.mark.django_db

CAPTION = "Who is invited"


def _url(meeting: PanelMeeting, what: str = "") -> str:
    return f"/cases/panels/{meeting.uuid}/{what}"


def _invite_form(client: Client, meeting: PanelMeeting) -> Element:
    shown = page(client.get(_url(meeting)).content)
    forms = [form for form in shown.forms() if form.attrs.get("action", "").endswith("/invite/")]
    assert len(forms) == 1
    return forms[0]


def _offered(client: Client, meeting: PanelMeeting) -> dict[str, str]:
    """Name of each person offered → the agency filled in for them."""
    form = _invite_form(client, meeting)
    inputs = {i.attrs["name"]: i.attrs.get("value", "") for i in form.iter("input")}
    names = {
        label.text: label.attrs["for"]
        for label in form.iter("label")
        if "govuk-checkboxes__label" in label.attrs.get("class", "")
    }
    boxes = {i.attrs["id"]: i.attrs["value"] for i in form.iter("input") if i.attrs.get("type") == "checkbox"}
    return {name: inputs[f"agency_{boxes[box]}"] for name, box in names.items()}


def _invited(client: Client, meeting: PanelMeeting) -> dict[str, dict[str, str]]:
    tables = [t for t in page(client.get(_url(meeting)).content).tables() if t.caption == CAPTION]
    return {row["Member"]: row for row in (tables[0].rows if tables else [])}


def _posted(*people: tuple[User, str]) -> dict[str, Any]:
    return {"members": [str(user.uuid) for user, _ in people]} | {
        f"agency_{user.uuid}": agency for user, agency in people
    }


def _calendar(message: EmailMessage) -> Calendar:
    parts = [p for p in message.message().iter_attachments() if p.get_filename() == "invitation.ics"]
    assert len(parts) == 1, "one invitation.ics"
    assert parts[0].get_content_type() == "text/calendar"
    return Calendar.from_ical(parts[0].get_content())


def _event(message: EmailMessage) -> Any:
    (event,) = _calendar(message).walk("VEVENT")
    return event


def _written(meeting: PanelMeeting) -> tuple[list[Any], int]:
    return (
        list(
            PanelInvitation.objects.filter(meeting=meeting).values_list("member_id", "agency", "withdrawn_at")
        ),
        AuditEvent.objects.count(),
    )


@pytest.fixture
def others(channel: Channel, partnership: Partnership, other_partnership: Partnership, person: Any) -> Any:
    """People who must not be offered: no panel role here, not active, or elsewhere."""

    class Others:
        provider = person(partnership, Role.PROVIDER, full_name="Priya Provider")
        steering = person(partnership, Role.STEERING, full_name="Stella Steering")
        gone = person(partnership, Role.PANEL_MEMBER, full_name="Gail Gone", is_active=False)
        elsewhere = person(other_partnership, Role.PANEL_MEMBER, full_name="Wendy Westminster")

    return Others


def test_a_chair_invites_two_people_at_once_and_each_agency_is_kept(
    channel: Channel,
    others: Any,
    sign_in: Callable[..., Client],
    django_capture_on_commit_callbacks: Any,
) -> None:
    Membership.objects.filter(user=channel.police, role=Role.POLICE).update(agency="Metropolitan Police")
    client = sign_in(channel.chair)
    # Panel roles only (coordinator, chair, police, panel member), and the panel member is
    # invited already; the police officer's agency comes from their membership.
    assert _offered(client, channel.meeting) == {
        "Chris Chair": "",
        "Cora Ordinator": "",
        "Pat Police": "Metropolitan Police",
    }
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            _url(channel.meeting, "invite/"),
            _posted((channel.police, "Metropolitan Police"), (channel.coordinator, "Tower Hamlets Council")),
        )
    assert response.status_code == 302
    shown = client.get(response["Location"]).content.decode()
    assert "Invited: Pat Police and Cora Ordinator." in shown
    invited = _invited(client, channel.meeting)
    assert {name: row["Agency"] for name, row in invited.items()} == {
        "Pam Panel": "Children's Social Care",
        "Pat Police": "Metropolitan Police",
        "Cora Ordinator": "Tower Hamlets Council",
    }
    assert invited["Pat Police"]["Attended"] == "Not recorded"
    assert _offered(client, channel.meeting) == {"Chris Chair": ""}
    assert (
        AuditEvent.objects.filter(
            verb="cases.meeting.member_invited", object_id=str(channel.meeting.uuid)
        ).count()
        == 3
    )
    assert sorted(message.to[0] for message in mail.outbox) == sorted(
        [channel.police.email, channel.coordinator.email]
    )


def test_each_person_is_offered_with_the_agency_they_represented_last_time(
    channel: Channel, partnership: Partnership, sign_in: Callable[..., Client]
) -> None:
    chair = viewer(channel.chair, partnership)
    later = actions.schedule_meeting(
        viewer=chair,
        meets_at=timezone.now() + dt.timedelta(days=40),
        location="Town Hall",
        chair=channel.chair,
    )
    client = sign_in(channel.coordinator)
    # The panel member's membership names no agency: their last invitation's is offered.
    assert _offered(client, later)["Pam Panel"] == "Children's Social Care"
    Membership.objects.filter(user=channel.panel_member).update(agency="Health")
    assert _offered(client, later)["Pam Panel"] == "Health"
    # Changed on the form, the new agency is the invitation's, and then offered next time.
    Membership.objects.filter(user=channel.panel_member).update(agency="")
    client.post(_url(later, "invite/"), _posted((channel.panel_member, "Youth Justice")))
    assert _invited(client, later)["Pam Panel"]["Agency"] == "Youth Justice"
    third = actions.schedule_meeting(
        viewer=chair, meets_at=timezone.now() + dt.timedelta(days=70), location="", chair=channel.chair
    )
    assert _offered(client, third)["Pam Panel"] == "Youth Justice"


def test_an_agency_is_needed_for_each_person_chosen(channel: Channel, sign_in: Callable[..., Client]) -> None:
    client = sign_in(channel.chair)
    before = _written(channel.meeting)
    response = client.post(
        _url(channel.meeting, "invite/"), _posted((channel.police, "Police"), (channel.coordinator, " "))
    )
    assert response.status_code == 200
    summary = page(response.content).iter("div")
    errors = [d.text for d in summary if "govuk-error-summary" in d.attrs.get("class", "").split()]
    assert errors and "Enter the agency Cora Ordinator represents" in errors[0]
    assert "Select who to invite" in client.post(_url(channel.meeting, "invite/"), {}).content.decode()
    assert _written(channel.meeting) == before


@pytest.mark.parametrize("who", ["elsewhere", "provider", "steering", "gone", "referrer", "invited"])
def test_someone_who_may_not_be_invited_posted_by_hand_is_refused_and_nothing_is_written(
    who: str,
    channel: Channel,
    others: Any,
    sign_in: Callable[..., Client],
    django_capture_on_commit_callbacks: Any,
) -> None:
    stranger = {
        "referrer": channel.referrer,
        "invited": channel.panel_member,
    }.get(who) or getattr(others, who)
    client = sign_in(channel.chair)
    before = _written(channel.meeting)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            _url(channel.meeting, "invite/"), _posted((channel.police, "Police"), (stranger, "Anything"))
        )
    assert response.status_code == 200
    # Someone invited already is told so (by the action); anyone else was never offered.
    expected = "Pam Panel is already invited." if who == "invited" else "Select only people listed"
    assert expected in response.content.decode()
    assert _written(channel.meeting) == before
    assert mail.outbox == []


def test_the_action_refuses_what_the_form_would_not_offer_and_writes_nothing(
    channel: Channel, others: Any, partnership: Partnership, django_capture_on_commit_callbacks: Any
) -> None:
    chair = viewer(channel.chair, partnership)
    meeting = channel.meeting
    before = _written(meeting)
    refusals = {
        "panel role": [(channel.police, "Police"), (others.elsewhere, "Westminster")],
        "panel role in this": [(channel.police, "Police"), (others.provider, "Mentoring")],
        "once": [(channel.police, "Police"), (channel.police, "Police")],
        "already invited": [(channel.police, "Police"), (channel.panel_member, "Health")],
        "Enter the agency": [(channel.police, "")],
        "Select who": [],
    }
    with django_capture_on_commit_callbacks(execute=True):
        for message, members in refusals.items():
            with pytest.raises(Refused, match=message):
                actions.invite_members(viewer=chair, meeting=meeting, members=members)
        with pytest.raises(Refused, match="Your role does not allow"):
            actions.invite_members(
                viewer=viewer(channel.referrer, partnership),
                meeting=meeting,
                members=[(channel.police, "Police")],
            )
    assert _written(meeting) == before
    assert mail.outbox == []


def test_no_one_is_invited_to_a_meeting_whose_minutes_are_final(
    channel: Channel, partnership: Partnership
) -> None:
    chair = viewer(channel.chair, partnership)
    past = actions.schedule_meeting(
        viewer=chair, meets_at=timezone.now() - dt.timedelta(days=1), location="", chair=channel.chair
    )
    actions.close_meeting(viewer=chair, meeting=past)
    before = _written(past)
    with pytest.raises(Refused, match="minutes are final"):
        actions.invite_members(viewer=chair, meeting=past, members=[(channel.police, "Police")])
    assert _written(past) == before


def test_a_form_sent_twice_invites_each_person_once(
    channel: Channel, sign_in: Callable[..., Client], django_capture_on_commit_callbacks: Any
) -> None:
    client = sign_in(channel.chair)
    data = _posted((channel.police, "Police"), (channel.chair, "Council")) | {"submission": "one-form"}
    with django_capture_on_commit_callbacks(execute=True):
        first = client.post(_url(channel.meeting, "invite/"), data)
        second = client.post(_url(channel.meeting, "invite/"), data)
    assert first.status_code == second.status_code == 302
    assert (
        "This form was already sent, and was saved once." in client.get(second["Location"]).content.decode()
    )
    assert sorted(_invited(client, channel.meeting)) == ["Chris Chair", "Pam Panel", "Pat Police"]
    assert PanelInvitation.objects.filter(meeting=channel.meeting, member=channel.police).count() == 1
    assert len(mail.outbox) == 2


def test_each_invitation_is_e_mailed_with_a_calendar_file(
    channel: Channel, partnership: Partnership, settings: Any, django_capture_on_commit_callbacks: Any
) -> None:
    settings.SITE_URL = "https://preventhub.example.gov.uk"
    settings.DEFAULT_FROM_EMAIL = "Prevent Hub <no-reply@preventhub.example.gov.uk>"
    meeting = channel.meeting
    with django_capture_on_commit_callbacks(execute=True):
        actions.invite_members(
            viewer=viewer(channel.chair, partnership),
            meeting=meeting,
            members=[(channel.police, "Police"), (channel.coordinator, "Council")],
        )
    assert len(mail.outbox) == 2
    message = next(m for m in mail.outbox if m.to == [channel.police.email])
    when = timezone.localtime(meeting.meets_at)
    assert message.subject == f"Invitation: Channel panel, {when:%A %-d %B %Y at %H:%M}"
    assert f"When: {when:%A %-d %B %Y at %H:%M}" in message.body
    assert "Where: Town Hall" in message.body
    assert "Chair: Chris Chair" in message.body
    assert "You represent: Police" in message.body
    assert f"https://preventhub.example.gov.uk/cases/panels/{meeting.uuid}/" in message.body
    calendar = _calendar(message)
    assert str(calendar["METHOD"]) == "REQUEST"
    event = _event(message)
    assert str(event["UID"]) == f"{meeting.uuid}@preventhub"
    assert event.decoded("DTSTART") == meeting.meets_at.replace(microsecond=0)
    assert event.decoded("DTEND") - event.decoded("DTSTART") == dt.timedelta(hours=2)
    assert str(event["SUMMARY"]) == "Channel panel"
    assert str(event["LOCATION"]) == "Town Hall"
    assert str(event["STATUS"]) == "CONFIRMED"
    assert str(event["ATTENDEE"]).lower() == f"mailto:{channel.police.email}"
    assert str(event["ORGANIZER"]).lower() == "mailto:no-reply@preventhub.example.gov.uk"
    # The panel member was invited before: this is a later version of the same entry.
    assert int(event["SEQUENCE"]) == 3
    part = next(message.message().iter_attachments())
    assert part.get_param("method") == "REQUEST"


def test_a_withdrawn_invitation_is_cancelled_and_a_new_one_comes_later(
    channel: Channel,
    partnership: Partnership,
    sign_in: Callable[..., Client],
    django_capture_on_commit_callbacks: Any,
) -> None:
    client = sign_in(channel.chair)
    with django_capture_on_commit_callbacks(execute=True):
        client.post(_url(channel.meeting, "invite/"), _posted((channel.police, "Police")))
    invited = _event(mail.outbox[-1])
    invitation = PanelInvitation.objects.get(meeting=channel.meeting, member=channel.police)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(f"/cases/panels/invitations/{invitation.uuid}/withdraw/")
    assert response.status_code == 302
    assert _invited(client, channel.meeting)["Pat Police"]["Attended"] == "Invitation withdrawn"
    cancelled = mail.outbox[-1]
    assert cancelled.to == [channel.police.email]
    assert cancelled.subject.startswith("Cancelled: Channel panel, ")
    assert "has been withdrawn" in cancelled.body
    assert str(_calendar(cancelled)["METHOD"]) == "CANCEL"
    event = _event(cancelled)
    assert str(event["UID"]) == str(invited["UID"])
    assert str(event["STATUS"]) == "CANCELLED"
    assert int(event["SEQUENCE"]) > int(invited["SEQUENCE"])
    # Withdrawn, they are offered again, and a new invitation supersedes the cancellation.
    assert "Pat Police" in _offered(client, channel.meeting)
    with django_capture_on_commit_callbacks(execute=True):
        client.post(_url(channel.meeting, "invite/"), _posted((channel.police, "Police")))
    again = _event(mail.outbox[-1])
    assert str(_calendar(mail.outbox[-1])["METHOD"]) == "REQUEST"
    assert int(again["SEQUENCE"]) > int(event["SEQUENCE"])
    assert len(mail.outbox) == 3


def test_no_e_mail_names_anyone_referred_or_any_case(
    channel: Channel, partnership: Partnership, django_capture_on_commit_callbacks: Any
) -> None:
    chair = viewer(channel.chair, partnership)
    with django_capture_on_commit_callbacks(execute=True):
        actions.invite_members(viewer=chair, meeting=channel.meeting, members=[(channel.police, "Police")])
        actions.withdraw_invitation(viewer=chair, invitation=channel.invitation)
    assert len(mail.outbox) == 2
    referrals = list(Referral.objects.filter(partnership=partnership).select_related("person__data_key"))
    forbidden = ["Sam", "Taylor", "Alex", "Green", "extreme", "videos"]
    forbidden += [r.reference for r in referrals]
    for message in mail.outbox:
        texts = [message.subject, message.body, _calendar(message).to_ical().decode()]
        for text in texts:
            for word in forbidden:
                assert word not in text, f"{word!r} in an e-mail to {message.to}"


def test_invitations_to_a_meeting_that_has_begun_are_not_e_mailed(
    channel: Channel, partnership: Partnership, django_capture_on_commit_callbacks: Any
) -> None:
    chair = viewer(channel.chair, partnership)
    held = actions.schedule_meeting(
        viewer=chair, meets_at=timezone.now() - dt.timedelta(hours=2), location="", chair=channel.chair
    )
    with django_capture_on_commit_callbacks(execute=True):
        (invitation,) = actions.invite_members(
            viewer=chair, meeting=held, members=[(channel.police, "Police")]
        )
        actions.withdraw_invitation(viewer=chair, invitation=invitation)
    assert mail.outbox == []


def test_a_failure_to_e_mail_one_person_is_logged_and_the_others_are_sent(
    channel: Channel,
    partnership: Partnership,
    monkeypatch: pytest.MonkeyPatch,
    caplog: pytest.LogCaptureFixture,
    django_capture_on_commit_callbacks: Any,
) -> None:
    send = EmailMessage.send

    def refuse_the_police(self: EmailMessage, fail_silently: bool = False) -> int:
        if self.to == [channel.police.email]:
            raise OSError("550 mailbox unavailable")
        return send(self, fail_silently)

    monkeypatch.setattr(EmailMessage, "send", refuse_the_police)
    with (
        caplog.at_level(logging.ERROR, logger="cases.invitations"),
        django_capture_on_commit_callbacks(execute=True),
    ):
        invited = actions.invite_members(
            viewer=viewer(channel.chair, partnership),
            meeting=channel.meeting,
            members=[(channel.police, "Police"), (channel.coordinator, "Council")],
        )
    assert [m.to for m in mail.outbox] == [[channel.coordinator.email]]
    assert "could not be sent" in caplog.text
    assert (
        PanelInvitation.objects.filter(pk__in=[i.pk for i in invited], withdrawn_at__isnull=True).count() == 2
    )


def test_the_minutes_can_be_made_final_only_once_the_meeting_has_begun(
    channel: Channel, partnership: Partnership, sign_in: Callable[..., Client]
) -> None:
    chair = viewer(channel.chair, partnership)
    client = sign_in(channel.chair)

    def buttons() -> list[str]:
        shown = page(client.get(_url(channel.meeting)).content)
        return [b.text for b in shown.iter("button")]

    assert "Make the minutes final" not in buttons()
    assert (
        "The minutes can be made final once the meeting has begun."
        in client.get(_url(channel.meeting)).content.decode()
    )
    with pytest.raises(Refused, match="has not begun"):
        actions.close_meeting(viewer=chair, meeting=channel.meeting)
    # Pressed anyway (from a page left open), it is refused with the reason.
    response = client.post(_url(channel.meeting, "close/"), follow=True)
    assert "This meeting has not begun" in response.content.decode()
    assert PanelMeeting.objects.get(pk=channel.meeting.pk).status == MeetingStatus.SCHEDULED
    channel.meeting.meets_at = timezone.now() - dt.timedelta(minutes=5)
    channel.meeting.save(update_fields=["meets_at"])
    assert "Make the minutes final" in buttons()
    quorate(channel.meeting, chair)
    actions.record_panel_decision(viewer=chair, item=channel.item, decision="adopt", reasons="Adopt.")
    actions.record_attendance(viewer=chair, meeting=channel.meeting, attended={channel.invitation.pk: True})
    client.post(_url(channel.meeting, "close/"))
    assert PanelMeeting.objects.get(pk=channel.meeting.pk).status == MeetingStatus.CLOSED


@pytest.mark.parametrize(
    "role", [Role.PANEL_MEMBER, Role.POLICE, Role.REFERRER, Role.PROVIDER, Role.STEERING]
)
def test_only_organisers_reach_the_invitation_form(
    role: Role, channel: Channel, partnership: Partnership, person: Any, sign_in: Callable[..., Client]
) -> None:
    client = sign_in(person(partnership, role))
    assert (
        client.post(_url(channel.meeting, "invite/"), _posted((channel.police, "Police"))).status_code == 404
    )
    assert PanelInvitation.objects.filter(member=channel.police).count() == 0


def test_another_partnerships_organiser_gets_404(
    channel: Channel, other_partnership: Partnership, person: Any, sign_in: Callable[..., Client]
) -> None:
    client = sign_in(person(other_partnership, Role.COORDINATOR, Role.CHAIR))
    assert client.get(_url(channel.meeting)).status_code == 404
    assert (
        client.post(_url(channel.meeting, "invite/"), _posted((channel.police, "Police"))).status_code == 404
    )
    assert PanelInvitation.objects.filter(member=channel.police).count() == 0


def test_panel_members_see_no_invitation_form(channel: Channel, sign_in: Callable[..., Client]) -> None:
    client = sign_in(channel.panel_member)
    shown = page(client.get(_url(channel.meeting)).content)
    assert not [f for f in shown.forms() if f.attrs.get("action", "").endswith("/invite/")]
    assert "Make the minutes final" not in [b.text for b in shown.iter("button")]

"""What waits for someone and the lists behind the home page's numbers: panel actions
closed with a note, requests for information with a due date, past meetings waiting for
decisions or final minutes, the queue over its target, progressed cases waiting for
information or an assessment, and attendance as a form."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable

import pytest
from django.test import Client
from django.utils import timezone

from accounts.models import Partnership, Role, User
from audit.models import AuditEvent
from cases import actions
from cases.models import CaseEvent, PanelAction, PanelInvitation, ReferralState, SharingRequest
from conftest import Channel, Lifecycle, viewer
from govuk.testing import list_rows, page
from lib.errors import Refused
from lib.working_days import add_working_days

pytestmark = pytest.mark.django_db


def _date(prefix: str, day: dt.date) -> dict[str, str]:
    return {f"{prefix}_day": str(day.day), f"{prefix}_month": str(day.month), f"{prefix}_year": str(day.year)}


# --- panel actions -----------------------------------------------------------------------


def test_a_panel_action_is_closed_with_a_note_on_the_case_chronology_and_in_the_audit_log(
    lifecycle: Lifecycle, channel: Channel, partnership: Partnership
) -> None:
    action = lifecycle.panel_action
    closed = actions.close_panel_action(
        viewer=viewer(channel.police, partnership), action=action, note="Told the college's DSL by phone."
    )
    assert closed.done_at is not None and closed.done_by == channel.police
    assert PanelAction.objects.get(pk=action.pk).done_note == "Told the college's DSL by phone."
    assert closed.done_note_sealed != "Told the college's DSL by phone."  # sealed, not plain
    assert lifecycle.exited.events.filter(kind="panel_action", summary__contains="closed").exists()
    event = AuditEvent.objects.filter(verb="cases.panel.action_closed").get()
    assert "Told the college" not in str(event.changes)


def test_a_panel_action_is_closed_once_with_a_note_by_the_case_team_only(
    lifecycle: Lifecycle, channel: Channel, partnership: Partnership, person: Callable[..., User]
) -> None:
    action = lifecycle.panel_action
    panel = viewer(channel.panel_member, partnership)
    with pytest.raises(Refused, match="Your role does not allow you to close panel actions"):
        actions.close_panel_action(viewer=panel, action=action, note="Done.")
    coordinator = viewer(channel.coordinator, partnership)
    with pytest.raises(Refused, match="Enter what was done"):
        actions.close_panel_action(viewer=coordinator, action=action, note="   ")
    assert PanelAction.objects.get(pk=action.pk).done_at is None
    actions.close_panel_action(viewer=coordinator, action=action, note="Done.")
    with pytest.raises(Refused, match="already been closed"):
        actions.close_panel_action(viewer=coordinator, action=action, note="Again.")


def test_the_panel_action_list_shows_what_is_open_and_due_and_closing_one_takes_it_off(
    lifecycle: Lifecycle, channel: Channel, sign_in: Callable[..., Client]
) -> None:
    client = sign_in(channel.chair)
    [row] = list_rows(client, "/cases/panels/actions/?due=yes")
    assert row["Case"].startswith(lifecycle.exited.reference)
    assert row["Action"] == "Tell the college"
    assert row["Owner"] == channel.coordinator.full_name
    assert list_rows(client, "/cases/panels/actions/?mine=yes") == []
    assert len(list_rows(sign_in(channel.coordinator), "/cases/panels/actions/?mine=yes")) == 1
    url = f"/cases/panels/actions/{lifecycle.panel_action.uuid}/close/"
    refused = client.post(url, {"note": ""})
    assert refused.status_code == 200
    assert "Enter what was done" in refused.content.decode()
    assert PanelAction.objects.get(pk=lifecycle.panel_action.pk).done_at is None
    closed = client.post(url, {"note": "Letter sent to the college."})
    assert closed.status_code == 302
    assert closed["Location"] == f"/cases/{lifecycle.exited.uuid}/panel-and-support/"
    assert list_rows(client, "/cases/panels/actions/") == []
    [on_the_case] = page(client.get(closed["Location"]).content).by_id("main-content").tables()[:1]
    assert on_the_case.rows[0]["Done"].endswith("Letter sent to the college.")
    again = client.get(url)
    assert "This action was closed on" in again.content.decode()


def test_a_panel_member_or_another_partnership_cannot_see_or_close_a_panel_action(
    lifecycle: Lifecycle,
    channel: Channel,
    other_partnership: Partnership,
    person: Callable[..., User],
    sign_in: Callable[..., Client],
) -> None:
    url = f"/cases/panels/actions/{lifecycle.panel_action.uuid}/close/"
    outsider = sign_in(person(other_partnership, *Role))
    for client in (sign_in(channel.panel_member), sign_in(lifecycle.provider), outsider):
        assert client.get("/cases/panels/actions/").status_code in (404, 200)
        assert client.get(url).status_code == 404
        assert client.post(url, {"note": "Not mine to close."}).status_code == 404
    assert list_rows(outsider, "/cases/panels/actions/") == []
    assert PanelAction.objects.get(pk=lifecycle.panel_action.pk).done_at is None


# --- requests for information ------------------------------------------------------------


def test_a_request_is_due_ten_working_days_after_it_was_sent_unless_told_otherwise(
    channel: Channel, partnership: Partnership
) -> None:
    coordinator = viewer(channel.coordinator, partnership)
    sent = timezone.now() - dt.timedelta(days=3)
    request = actions.record_sharing(
        viewer=coordinator,
        referral=channel.progressed,
        direction="request",
        partner="Youth Service",
        legal_basis="ctsa_s38",
        subject="Any contact this year?",
        sent_at=sent,
    )
    assert request.due_on == add_working_days(timezone.localdate(sent), 10)
    chosen = timezone.localdate() + dt.timedelta(days=2)
    asked = actions.record_sharing(
        viewer=coordinator,
        referral=channel.progressed,
        direction="request",
        partner="Health visitor",
        legal_basis="ctsa_s38",
        subject="Any concerns at home?",
        sent_at=sent,
        due_on=chosen,
    )
    assert asked.due_on == chosen
    disclosed = actions.record_sharing(
        viewer=coordinator,
        referral=channel.progressed,
        direction="disclosure",
        partner="School",
        legal_basis="ctsa_s38",
        subject="The panel's date.",
        sent_at=sent,
        due_on=chosen,
    )
    assert disclosed.due_on is None
    before = SharingRequest.objects.count()
    with pytest.raises(Refused, match="cannot be due before the request was made"):
        actions.record_sharing(
            viewer=coordinator,
            referral=channel.progressed,
            direction="request",
            partner="Police",
            legal_basis="ctsa_s38",
            subject="Anything?",
            sent_at=sent,
            due_on=timezone.localdate(sent) - dt.timedelta(days=1),
        )
    assert SharingRequest.objects.count() == before


def test_the_list_of_requests_waiting_shows_those_past_their_due_date(
    channel: Channel, partnership: Partnership, sign_in: Callable[..., Client]
) -> None:
    client = sign_in(channel.coordinator)
    form = {
        "direction": "request",
        "partner": "Children's Social Care, MASH",
        "legal_basis": "ctsa_s38",
        "subject": "Open cases?",
        **_date("sent_on", timezone.localdate() - dt.timedelta(days=30)),
    }
    response = client.post(f"/cases/{channel.progressed.uuid}/sharing/new/", form)
    assert response.status_code == 302
    waiting = list_rows(client, "/cases/sharing/")
    assert [row["Partner"] for row in waiting] == [
        "Children's Social Care, MASH",
        "Children's Social Care",  # the fixture's request, due ten working days from today
    ]
    [overdue] = list_rows(client, "/cases/sharing/?overdue=yes")
    assert overdue["Partner"] == "Children's Social Care, MASH"
    assert overdue["Answer due"].endswith("Overdue")
    assert sign_in(channel.chair).get("/cases/sharing/").status_code == 404
    assert sign_in(channel.panel_member).get("/cases/sharing/").status_code == 404


# --- panels --------------------------------------------------------------------------------


def test_past_meetings_waiting_for_decisions_and_for_final_minutes_are_listed(
    lifecycle: Lifecycle, channel: Channel, partnership: Partnership, sign_in: Callable[..., Client]
) -> None:
    chair = viewer(channel.chair, partnership)
    held = actions.schedule_meeting(
        viewer=chair, meets_at=timezone.now() - dt.timedelta(days=3), location="Room 1", chair=channel.chair
    )
    actions.add_to_agenda(viewer=chair, meeting=held, referral=lifecycle.exited)
    client = sign_in(channel.chair)
    decisions = list_rows(client, "/cases/panels/?show=decisions")
    assert [row["Meeting"] for row in decisions] == [f"{timezone.localtime(held.meets_at):%-d %B %Y, %H:%M}"]
    minutes = {row["Meeting"] for row in list_rows(client, "/cases/panels/?show=minutes")}
    # The lifecycle's two past meetings are still open too; the channel's next meeting is not past.
    assert len(minutes) == 3
    assert f"{timezone.localtime(channel.meeting.meets_at):%-d %B %Y, %H:%M}" not in minutes
    assert len(list_rows(client, "/cases/panels/?show=nonsense")) == 4


def test_attendance_is_a_form_that_asks_about_every_member_invited(
    channel: Channel, sign_in: Callable[..., Client]
) -> None:
    url = f"/cases/panels/{channel.meeting.uuid}/attendance/"
    client = sign_in(channel.chair)
    empty = client.post(url, {})
    assert empty.status_code == 200
    name = channel.panel_member.full_name
    assert f"Select whether {name} was present, sent apologies or was absent" in empty.content.decode()
    assert PanelInvitation.objects.get(pk=channel.invitation.pk).attended is None
    hostile = client.post(
        url, {"chair": "present", f"attendance_{channel.invitation.uuid}": "<script>maybe</script>"}
    )
    assert hostile.status_code == 200
    assert "<script>maybe" not in hostile.content.decode()
    assert PanelInvitation.objects.get(pk=channel.invitation.pk).attended is None
    posted = {"chair": "present", f"attendance_{channel.invitation.uuid}": "absent"}
    assert client.post(url, posted).status_code == 302
    assert PanelInvitation.objects.get(pk=channel.invitation.pk).attended is False
    again = page(client.get(url).content)
    checked = [field.attrs["value"] for field in again.iter("input") if "checked" in field.attrs]
    assert checked == ["present", "absent"]


# --- the gateway and progressed cases ----------------------------------------------------


def test_the_queue_shows_only_the_referrals_over_the_target_when_asked(
    channel: Channel, partnership: Partnership, sign_in: Callable[..., Client]
) -> None:
    from conftest import referral_details

    late = actions.submit_referral(
        viewer=viewer(channel.referrer, partnership),
        details=referral_details(given_names="Lou", received_at=timezone.now() - dt.timedelta(days=30)),
    )
    client = sign_in(channel.police)
    waiting = [row["Reference"] for row in list_rows(client, "/cases/queue/")]
    assert [reference[: len(late.reference)] for reference in waiting] == [
        late.reference,
        channel.waiting.reference,
    ]
    assert waiting[0].endswith("Over target")
    [over] = list_rows(client, "/cases/queue/?over_target=yes")
    assert over["Reference"].startswith(late.reference)


def test_the_case_list_shows_progressed_cases_waiting_for_information_or_an_assessment(
    channel: Channel, partnership: Partnership, sign_in: Callable[..., Client]
) -> None:
    from conftest import progress, referral_details

    police = viewer(channel.police, partnership)
    bare = progress(
        actions.submit_referral(
            viewer=viewer(channel.referrer, partnership), details=referral_details(given_names="Robin")
        ),
        police,
    )
    assert bare.state == ReferralState.PROGRESSED
    client = sign_in(channel.coordinator)

    def references(query: str) -> set[str]:
        return {row["Reference"].split(" ")[0] for row in list_rows(client, f"/cases/?{query}")}

    # The fixture's progressed case is assessed, and its request to social care waits.
    assert references("waiting=information") == {channel.progressed.reference}
    assert references("waiting=assessment") == {bare.reference}
    actions.record_sharing_answer(
        viewer=viewer(channel.coordinator, partnership),
        sharing=channel.sharing,
        response="No involvement.",
        answered_at=timezone.now(),
    )
    assert references("waiting=information") == set()
    assert len(references("waiting=<script>")) == 3  # an unknown filter filters nothing
    assert CaseEvent.objects.filter(referral=bare).exists()

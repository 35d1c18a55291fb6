import datetime as dt
from collections.abc import Callable
from typing import Any

import pytest
from django.test import Client
from django.utils import timezone

from accounts.models import Partnership
from cases import actions
from cases.models import (
    AssessmentFactor,
    PanelMeeting,
    Referral,
    ReferralState,
    SupportService,
    VulnerabilityAssessment,
)
from conftest import Channel, quorate, referral_details, viewer

pytestmark = pytest.mark.django_db


def _date(prefix: str, day: dt.date) -> dict[str, str]:
    return {f"{prefix}_day": str(day.day), f"{prefix}_month": str(day.month), f"{prefix}_year": str(day.year)}


def test_a_referrer_makes_a_referral_page_by_page(channel: Channel, sign_in: Callable[..., Client]) -> None:
    client = sign_in(channel.referrer)
    assert "Make a Prevent referral" in client.get("/cases/refer/").content.decode()
    empty = client.post("/cases/refer/person/", {"gender": "not_known"}).content.decode()
    assert "Enter the person&#x27;s name, or as much of it as you know" in empty
    response = client.post(
        "/cases/refer/person/",
        {
            "given_names": "Jordan",
            "family_name": "Hughes",
            **_date("date_of_birth", dt.date(2009, 2, 14)),
            "gender": "female",
            "school_or_employer": "Bow School",
        },
    )
    assert response["Location"] == "/cases/refer/concern/"
    response = client.post(
        "/cases/refer/concern/",
        {
            "concern_type": "incel",
            "narrative": "Posts about hating women and admiring attackers.",
            "urgency": "routine",
            "person_aware": "no",
        },
    )
    assert response["Location"] == "/cases/refer/you/"
    you = client.get("/cases/refer/you/").content.decode()
    assert 'value="Rita Referrer"' in you
    response = client.post(
        "/cases/refer/you/",
        {
            "referrer_name": "Rita Referrer",
            "referrer_organisation": "Bow School",
            "sector": "education",
        },
    )
    assert response["Location"] == "/cases/refer/equality/"
    response = client.post("/cases/refer/equality/", {"religion_status": "recorded"})
    assert "Enter what is recorded for religion or belief" in response.content.decode()
    response = client.post("/cases/refer/equality/", {"religion_status": "declined"})
    assert response["Location"] == "/cases/refer/check/"
    check = client.get("/cases/refer/check/").content.decode()
    for answer in ("Jordan", "Hughes", "14 February 2009", "Incel", "Declined to say", "Education"):
        assert answer in check
    sent = client.post("/cases/refer/check/")
    referral = Referral.objects.order_by("-id").first()
    assert referral is not None and referral.subject_family_name == "Hughes"
    assert sent["Location"] == f"/cases/refer/sent/{referral.uuid}/"
    assert referral.reference in client.get(sent["Location"]).content.decode()
    assert referral.submitted_by == channel.referrer
    assert client.session.get("referral_draft") is None


def test_the_check_page_sends_you_back_to_unanswered_questions(
    channel: Channel, sign_in: Callable[..., Client]
) -> None:
    response = sign_in(channel.referrer).get("/cases/refer/check/")
    assert response["Location"] == "/cases/refer/person/"


def test_the_draft_in_the_session_is_encrypted(channel: Channel, sign_in: Callable[..., Client]) -> None:
    client = sign_in(channel.referrer)
    client.post(
        "/cases/refer/person/", {"given_names": "Jordan", "family_name": "Hughes", "gender": "female"}
    )
    stored = str(client.session["referral_draft"])
    assert "Hughes" not in stored


def test_the_queue_shows_waiting_time_in_working_days_and_flags(
    channel: Channel, partnership: Partnership, sign_in: Callable[..., Client]
) -> None:
    Referral.objects.filter(pk=channel.waiting.pk).update(received_at=timezone.now() - dt.timedelta(days=30))
    actions.submit_referral(
        viewer=viewer(channel.referrer, partnership),
        details=referral_details(family_name="Tailor", urgency="urgent"),
    )
    body = sign_in(channel.police).get("/cases/queue/").content.decode()
    assert "2 referrals waiting" in body
    assert "Over target" in body
    assert "Possible earlier referral" in body
    assert "Urgent" in body
    assert body.index(channel.waiting.reference) < body.index("Tailor")  # oldest first


def test_the_case_page_shows_possible_earlier_referrals_with_reasons(
    channel: Channel, partnership: Partnership, sign_in: Callable[..., Client]
) -> None:
    again = actions.submit_referral(
        viewer=viewer(channel.referrer, partnership), details=referral_details(family_name="Tailor")
    )
    client = sign_in(channel.police)
    body = client.get(f"/cases/{again.uuid}/").content.decode()
    assert "Possible earlier referrals of this person" in body
    assert "family name sounds the same: Tailor / Taylor" in body
    assert channel.progressed.reference in body
    person = Referral.objects.get(pk=channel.progressed.pk).person
    assert person is not None
    client.post(f"/cases/{again.uuid}/identity/", {"person": str(person.uuid)})
    again.refresh_from_db()
    assert again.person == person
    queue = client.get("/cases/queue/").content.decode()
    assert "Re-referral: 1 earlier" in queue


def test_the_police_record_deconfliction_and_progress_through_the_forms(
    channel: Channel, sign_in: Callable[..., Client]
) -> None:
    client = sign_in(channel.police)
    url = f"/cases/{channel.waiting.uuid}"
    client.post(f"{url}/identity/", {})
    assert "Enter the checks made" in client.post(f"{url}/deconfliction/", {"checks": ""}).content.decode()
    client.post(
        f"{url}/deconfliction/",
        {"consulted": "Police National Database", "outcome": "no_conflict", "checks": "PND: nothing known."},
    )
    errors = client.post(
        f"{url}/gateway-decision/", {"decision": "signposted", "reasons": "Early Help"}
    ).content.decode()
    assert "Select the service the person is signposted to" in errors
    response = client.post(
        f"{url}/gateway-decision/", {"decision": "progress", "reasons": "Meets the threshold."}
    )
    assert response["Location"] == f"{url}/"
    page = client.get(f"{url}/").content.decode()
    assert "Progressed to Channel" in page
    assert "Gateway decision: Progress to Channel" in page
    assert "Record the gateway decision" not in page
    # The gateway section: the checks and reasons (sealed), who did what, and when.
    today = timezone.localdate().strftime("%-d %B %Y")
    assert f"Latest: No conflict, {today}" in page
    assert "PND: nothing known." in page
    assert f"Progress to Channel, {today} by Pat Police" in page
    assert "Meets the threshold." in page


def test_the_case_page_names_the_service_a_referral_was_signposted_to(
    channel: Channel, partnership: Partnership, sign_in: Callable[..., Client]
) -> None:
    police = viewer(channel.police, partnership)
    actions.confirm_new_person(viewer=police, referral=channel.waiting)
    actions.record_deconfliction(viewer=police, referral=channel.waiting, checks="Local checks.")
    actions.record_gateway_decision(
        viewer=police,
        referral=channel.waiting,
        decision="signposted",
        reasons="Needs family support.",
        signposted_to=SupportService.objects.get(code="early_help", partnership=None),
    )
    page = sign_in(channel.police).get(f"/cases/{channel.waiting.uuid}/").content.decode()
    assert "Signpost to another service: Early Help" in page
    assert "Needs family support." in page


def test_sharing_is_recorded_and_answered(channel: Channel, sign_in: Callable[..., Client]) -> None:
    client = sign_in(channel.coordinator)
    url = f"/cases/{channel.progressed.uuid}"
    bad = client.post(
        f"{url}/sharing/new/",
        {
            "direction": "disclosure",
            "partner": "",
            "legal_basis": "",
            **_date("sent_on", timezone.localdate() + dt.timedelta(days=3)),
        },
    )
    body = bad.content.decode()
    for message in (
        "Enter the partner organisation",
        "Select the legal basis",
        "Date sent must be today or in the past",
    ):
        assert message in body
    client.post(
        f"{url}/sharing/new/",
        {
            "direction": "request",
            "partner": "NHS mental health trust",
            "legal_basis": "public_task",
            "subject": "Any contact with CAMHS?",
            **_date("sent_on", timezone.localdate()),
        },
    )
    sharing = channel.progressed.sharing_requests.get(partner="NHS mental health trust")
    answered = client.post(
        f"/cases/sharing/{sharing.uuid}/answer/",
        {"response": "Known to CAMHS since 2024.", **_date("answered_on", timezone.localdate())},
    )
    assert answered["Location"] == f"{url}/sharing-and-assessment/"
    assert "Known to CAMHS since 2024." in client.get(answered["Location"]).content.decode()
    assert "Information requested from NHS mental health trust" in client.get(f"{url}/").content.decode()


def test_a_second_assessment_shows_what_changed(channel: Channel, sign_in: Callable[..., Client]) -> None:
    client = sign_in(channel.police)
    url = f"/cases/{channel.progressed.uuid}/assessments/new/"
    form = client.get(url)
    assert "version 2" in form.content.decode()
    data: dict[str, Any] = {
        **_date("assessed_on", timezone.localdate()),
        "summary": "Intent now seen.",
        "management_plan": "Mentoring.",
    }
    for factor in form.context["form"].factors:
        data[f"finding_{factor.pk}"] = form.context["form"].initial.get(f"finding_{factor.pk}", "not_known")
        data[f"evidence_{factor.pk}"] = form.context["form"].initial.get(f"evidence_{factor.pk}", "")
    them_and_us = AssessmentFactor.objects.get(name="'Them and us' thinking")
    data[f"finding_{them_and_us.pk}"] = "present"
    missing = client.post(url, data).content.decode()
    assert "Enter the evidence that &#x27;them and us&#x27; thinking is present" in missing
    data[f"evidence_{them_and_us.pk}"] = "Describes classmates as the enemy."
    response = client.post(url, data)
    second = VulnerabilityAssessment.objects.get(referral=channel.progressed, version=2)
    assert response["Location"] == f"/cases/assessments/{second.uuid}/"
    body = client.get(response["Location"]).content.decode()
    assert "What changed since version 1" in body
    assert "&#x27;Them and us&#x27; thinking" in body
    assert "Describes classmates as the enemy." in body


def test_a_coordinator_adds_a_local_factor(channel: Channel, sign_in: Callable[..., Client]) -> None:
    client = sign_in(channel.coordinator)
    client.post("/cases/assessment-factors/", {"section": "engagement", "name": "Online gaming communities"})
    assert "Online gaming communities" in client.get("/cases/assessment-factors/").content.decode()
    factors = client.get(f"/cases/{channel.progressed.uuid}/assessments/new/").context["form"].factors
    assert "Online gaming communities" in [factor.name for factor in factors]


def test_a_chair_runs_a_panel_through_the_pages(channel: Channel, sign_in: Callable[..., Client]) -> None:
    client = sign_in(channel.chair)
    response = client.post(
        "/cases/panels/new/",
        {**_date("meets_on", timezone.localdate()), "time": "25:00", "chair": str(channel.chair.uuid)},
    )
    assert "Enter the time in 24-hour form" in response.content.decode()
    response = client.post(
        "/cases/panels/new/",
        {
            # Yesterday: the minutes are made final below, which waits for the meeting to begin.
            **_date("meets_on", timezone.localdate() - dt.timedelta(days=1)),
            "time": "10:30",
            "location": "Room 2",
            "chair": str(channel.chair.uuid),
        },
    )
    meeting = PanelMeeting.objects.get(location="Room 2")
    url = f"/cases/panels/{meeting.uuid}"
    member, police = str(channel.panel_member.uuid), str(channel.police.uuid)
    client.post(
        f"{url}/invite/",
        {"members": [member, police], f"agency_{member}": "Health", f"agency_{police}": "Police"},
    )
    # Move the case from the fixture's meeting by deferring it there first, once it has begun.
    channel.meeting.meets_at = timezone.now() - dt.timedelta(hours=1)  # it has begun
    channel.meeting.save(update_fields=["meets_at"])
    actions.record_panel_decision(
        viewer=viewer(channel.chair, channel.progressed.partnership),
        item=channel.item,
        decision="defer",
        reasons="Next month.",
    )
    client.post(f"{url}/agenda/", {"referral": str(channel.progressed.uuid)})
    item = meeting.agenda.get()
    client.post(
        f"{url}/attendance/",
        {"chair": "present", **{f"attendance_{i.uuid}": "present" for i in meeting.invitations.all()}},
    )
    errors = client.post(
        f"/cases/panels/agenda/{item.uuid}/decision/",
        {
            "decision": "adopt",
            "reasons": "Vulnerable.",
            "action_1": "Find a mentor",
        },
    ).content.decode()
    assert "Select who owns action 1" in errors
    client.post(
        f"/cases/panels/agenda/{item.uuid}/decision/",
        {
            "decision": "adopt",
            "reasons": "Vulnerable.",
            "action_1": "Find a mentor",
            "action_1_owner": str(channel.coordinator.uuid),
            **_date("action_1_due", timezone.localdate()),
        },
    )
    assert Referral.objects.get(pk=channel.progressed.pk).state == ReferralState.ADOPTED
    client.post(f"{url}/close/")
    meeting.refresh_from_db()
    assert meeting.status == "closed"
    minutes = client.get(f"{url}/minutes.pdf")
    assert minutes["Content-Type"] == "application/pdf"
    assert minutes.content.startswith(b"%PDF-")


def test_the_minutes_hold_attendance_decisions_and_actions(
    channel: Channel, partnership: Partnership
) -> None:
    from django.template.loader import render_to_string

    chair = viewer(channel.chair, partnership)
    channel.meeting.meets_at = timezone.now() - dt.timedelta(hours=1)  # it has begun
    channel.meeting.save(update_fields=["meets_at"])
    actions.record_attendance(viewer=chair, meeting=channel.meeting, attended={channel.invitation.pk: False})
    quorate(channel.meeting, chair)
    actions.record_panel_decision(
        viewer=chair,
        item=channel.item,
        decision="adopt",
        reasons="Vulnerable to ERW narratives.",
        panel_actions=[
            actions.NewPanelAction("Arrange mentoring", channel.coordinator, timezone.localdate())
        ],
    )
    html = render_to_string(
        "cases/minutes.html",
        {
            "meeting": channel.meeting,
            "partnership": partnership,
            "invitations": channel.meeting.invitations.all(),
            "items": list(channel.meeting.agenda.all()),
            "generated_at": timezone.now(),
        },
    )
    for text in (
        "Pam Panel",
        "Adopt as a Channel case",
        "Vulnerable to ERW narratives.",
        "Arrange mentoring",
    ):
        assert text in html


def test_the_case_list_and_queue_page_through_many_referrals(
    channel: Channel, partnership: Partnership, sign_in: Callable[..., Client]
) -> None:
    referrer = viewer(channel.referrer, partnership)
    start = timezone.now() - dt.timedelta(days=200)
    for number in range(60):
        actions.submit_referral(
            viewer=referrer,
            details=referral_details(
                family_name=f"Pager{number:02d}", received_at=start + dt.timedelta(hours=number)
            ),
        )
    client = sign_in(channel.police)
    first = client.get("/cases/")
    seen = [r.reference for r in first.context["page"].items]
    newest = first.context["page"].items[0]
    row = first.content.decode().split(f">{newest.reference}</a>")[1].split("</tr>")[0]
    assert f'href="/cases/{newest.uuid}/"' in first.content.decode()
    assert all(text in row for text in ("Sam Taylor", "Extreme right-wing", "On a panel agenda"))
    assert timezone.localdate(newest.received_at).strftime("%-d %b %Y") in row
    pager = first.content.decode().split("Sam Pager59</td>")[1].split("</tr>")[0]
    assert "Extreme right-wing" in pager and "Waiting for gateway assessment" in pager
    second = client.get("/cases/" + first.context["page"].next_query)
    seen += [r.reference for r in second.context["page"].items]
    assert len(seen) == len(set(seen)) == Referral.objects.count()
    back = client.get("/cases/" + second.context["page"].previous_query)
    assert [r.reference for r in back.context["page"].items] == seen[:50]
    queue = client.get("/cases/queue/")
    waiting = [row.referral.subject_family_name for row in queue.context["rows"]]
    assert waiting[:3] == ["Pager00", "Pager01", "Pager02"]  # oldest first
    rest = client.get("/cases/queue/" + queue.context["page"].next_query).context["rows"]
    assert len(waiting) + len(rest) == 61

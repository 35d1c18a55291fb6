"""Issue 14, parts 2 and 3. Quorum: a decision to adopt, not adopt, exit or close needs the
chair (or the meeting's deputy chair) and a police officer recorded as present; attendance
records apologies and deputies. Panel papers: an invited member reads each case's referral
summary, latest assessment and a summary of information shared until the minutes are
final, each view audited; an agenda PDF marked OFFICIAL-SENSITIVE on every page."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import Any

import pytest
from django.test import Client
from django.utils import timezone
from weasyprint import HTML, Document
from weasyprint.layout import boxes

from accounts.access import Viewer
from accounts.models import Membership, Role, User
from audit.models import AuditEvent
from cases import actions, quorum
from cases.models import (
    AgendaItem,
    PanelInvitation,
    PanelMeeting,
    Referral,
    ReferralState,
    ReviewKind,
    SupportService,
)
from cases.tests.builders import (
    Team,
    exited,
    gateway,
    in_support,
    make_quorate,
    make_team,
    meeting,
    refer,
    today,
)
from cases.views.panels import agenda_html
from govuk.testing import Table, page
from lib.dates import add_months
from lib.errors import Refused

ADULT = {"date_of_birth": dt.date(2000, 1, 1)}
BOTH_MISSING = (
    "The panel is not quorate: record the chair (chair TH) or a deputy chair named for this meeting as "
    "present, and a police officer."
)
POLICE_MISSING = "The panel is not quorate: record a police officer as present."


@pytest.fixture
def team(db: Any) -> Team:
    return make_team("Tower Hamlets", "TH")


def _progressed(team: Team, **details: Any) -> Referral:
    return gateway(team, refer(team, **details))


def _on_agenda(team: Team, referral: Referral, held: PanelMeeting) -> AgendaItem:
    return actions.add_to_agenda(viewer=team.chair, meeting=held, referral=referral)


def _decide(team: Team, item: AgendaItem, decision: str, **extra: Any) -> AgendaItem:
    return actions.record_panel_decision(
        viewer=team.chair,
        item=AgendaItem.objects.get(pk=item.pk),
        decision=decision,
        reasons="Reasons given at the panel.",
        **extra,
    )


def _state(referral: Referral) -> tuple[str, str]:
    referral.refresh_from_db()
    return referral.state, AgendaItem.objects.filter(referral=referral).order_by("-id")[0].decision


def _invite(team: Team, held: PanelMeeting, who: Viewer, agency: str) -> PanelInvitation:
    return actions.invite_member(viewer=team.chair, meeting=held, member=who.user, agency=agency)


def _add_person(team: Team, role: Role, name: str) -> User:
    user = User.objects.create_user(
        f"{name.lower().replace(' ', '.')}@th.example.gov.uk", "a long test password", full_name=name
    )
    Membership.objects.create(user=user, partnership=team.partnership, role=role)
    return user


# --- quorum: which decisions need it ----------------------------------------------------


@pytest.mark.parametrize("decision", ["adopt", "not_adopt_signpost", "not_adopt_nfa"])
def test_adoption_decisions_are_refused_without_a_quorum_and_nothing_is_written(
    team: Team, decision: str
) -> None:
    referral = _progressed(team)
    item = _on_agenda(team, referral, meeting(team, quorate=False))
    events = AuditEvent.objects.count()
    with pytest.raises(Refused) as refused:
        _decide(
            team,
            item,
            decision,
            signposted_to=SupportService.objects.get(code="early_help", partnership=None)
            if decision == "not_adopt_signpost"
            else None,
        )
    assert refused.value.message == BOTH_MISSING
    assert _state(referral) == (ReferralState.AT_PANEL, "")
    assert AuditEvent.objects.count() == events


def test_deferring_needs_no_quorum(team: Team) -> None:
    referral = _progressed(team)
    item = _on_agenda(team, referral, meeting(team, quorate=False))
    _decide(team, item, "defer")
    assert _state(referral) == (ReferralState.AT_PANEL, "defer")


def test_exit_needs_a_quorum_and_continuing_support_does_not(team: Team) -> None:
    leaving, staying = in_support(team, **ADULT), in_support(team, **ADULT)
    held = meeting(team, quorate=False)
    with pytest.raises(Refused, match="The panel is not quorate"):
        _decide(team, _on_agenda(team, leaving, held), "exit")
    assert _state(leaving) == (ReferralState.IN_SUPPORT, "")
    _decide(team, _on_agenda(team, staying, held), "continue")
    assert _state(staying) == (ReferralState.IN_SUPPORT, "continue")


def test_closing_after_exit_needs_a_quorum_and_a_six_month_review_does_not(team: Team) -> None:
    exit_on = add_months(today(), -6)
    closing = exited(team, on=exit_on - dt.timedelta(days=60), exit_on=exit_on, **ADULT)
    reviewed = exited(team, on=exit_on - dt.timedelta(days=60), exit_on=exit_on, **ADULT)
    held = meeting(team, quorate=False)
    with pytest.raises(Refused, match="The panel is not quorate"):
        _decide(
            team, _on_agenda(team, closing, held), "close", confirm_close=True, close_reason="Moved away."
        )
    assert _state(closing) == (ReferralState.EXITED, "")
    _decide(team, _on_agenda(team, reviewed, held), "post_exit_review")
    assert _state(reviewed) == (ReferralState.EXITED, "post_exit_review")


def test_the_twelve_month_review_closes_the_case_so_it_needs_a_quorum(team: Team) -> None:
    exit_on = add_months(today(), -13)
    referral = exited(team, on=exit_on - dt.timedelta(days=60), exit_on=exit_on, **ADULT)
    actions.record_post_exit_review(
        viewer=team.coordinator,
        review=referral.reviews.get(kind=ReviewKind.AFTER_EXIT_6),
        held_on=add_months(exit_on, 6),
        outcome="Settled.",
    )
    item = _on_agenda(team, referral, meeting(team, quorate=False))
    with pytest.raises(Refused, match="The panel is not quorate"):
        _decide(team, item, "post_exit_review", confirm_close=True)
    assert _state(referral) == (ReferralState.EXITED, "")
    make_quorate(team, item.meeting)
    _decide(team, item, "post_exit_review", confirm_close=True)
    assert _state(referral) == (ReferralState.CLOSED, "post_exit_review")


# --- quorum: who counts -----------------------------------------------------------------


def test_the_message_names_only_who_is_missing(team: Team) -> None:
    held = meeting(team, quorate=False)
    assert quorum.quorum_refusal(held) == BOTH_MISSING
    actions.record_attendance(viewer=team.chair, meeting=held, chair="present")
    assert quorum.quorum_refusal(held) == POLICE_MISSING
    officer = _invite(team, held, team.police, "Police")
    actions.record_attendance(
        viewer=team.chair, meeting=held, attendance={officer.pk: "present"}, chair="absent"
    )
    assert quorum.quorum_refusal(held) == (
        "The panel is not quorate: record the chair (chair TH) or a deputy chair named for this meeting "
        "as present."
    )
    actions.record_attendance(viewer=team.chair, meeting=held, chair="present")
    assert quorum.quorum_refusal(held) == ""


def test_a_deputy_chair_present_counts_when_the_chair_sends_apologies(team: Team) -> None:
    referral = _progressed(team)
    held = meeting(team, quorate=False)
    officer = _invite(team, held, team.police, "Police")
    item = _on_agenda(team, referral, held)
    actions.record_attendance(
        viewer=team.chair, meeting=held, attendance={officer.pk: "present"}, chair="apologies"
    )
    with pytest.raises(Refused, match=r"the chair \(chair TH\) or a deputy chair"):
        _decide(team, item, "adopt")
    actions.name_deputy_chair(viewer=team.chair, meeting=held, deputy=team.coordinator.user)
    with pytest.raises(Refused) as refused:
        _decide(team, item, "adopt")
    assert refused.value.message == (
        "The panel is not quorate: record the chair (chair TH) or the deputy chair (coordinator TH) as "
        "present."
    )
    actions.record_attendance(viewer=team.coordinator, meeting=held, deputy_chair="present")
    _decide(team, item, "adopt")
    assert _state(referral) == (ReferralState.ADOPTED, "adopt")


def test_apologies_do_not_count_and_a_police_deputy_does(team: Team) -> None:
    held = meeting(team, quorate=False)
    officer = _invite(team, held, team.police, "Police")
    actions.record_attendance(
        viewer=team.chair, meeting=held, attendance={officer.pk: "apologies"}, chair="present"
    )
    assert quorum.quorum_refusal(held) == POLICE_MISSING
    actions.record_attendance(
        viewer=team.chair,
        meeting=held,
        attendance={officer.pk: actions.Presence("apologies", "DS Jo Ward", "Prevent sergeant")},
    )
    assert quorum.quorum_refusal(held) == ""
    invitation = PanelInvitation.objects.get(pk=officer.pk)
    assert (invitation.attendance, invitation.deputy_name, invitation.represented) == (
        "apologies",
        "DS Jo Ward",
        True,
    )
    assert invitation.attendance_text() == "Sent apologies; represented by DS Jo Ward, Prevent sergeant"


def test_only_someone_holding_the_police_role_counts_as_the_police_officer(team: Team) -> None:
    held = meeting(team, quorate=False)
    member = _invite(team, held, team.panel_member, "Police")  # says police, is not the police officer
    actions.record_attendance(
        viewer=team.chair, meeting=held, attendance={member.pk: "present"}, chair="present"
    )
    assert quorum.quorum_refusal(held) == POLICE_MISSING


def test_a_withdrawn_police_invitation_does_not_count(team: Team) -> None:
    held = meeting(team)
    assert quorum.quorum_refusal(held) == ""
    actions.withdraw_invitation(viewer=team.chair, invitation=held.invitations.get(member=team.police.user))
    assert quorum.quorum_refusal(held) == POLICE_MISSING


def test_the_deputy_chair_must_hold_a_panel_role_and_not_be_the_chair(team: Team) -> None:
    held = meeting(team, quorate=False)
    with pytest.raises(Refused, match="someone other than the chair"):
        actions.name_deputy_chair(viewer=team.chair, meeting=held, deputy=team.chair.user)
    with pytest.raises(Refused, match="must hold a panel role"):
        actions.name_deputy_chair(viewer=team.chair, meeting=held, deputy=team.provider.user)
    with pytest.raises(Refused):
        actions.name_deputy_chair(viewer=team.police, meeting=held, deputy=team.coordinator.user)
    actions.name_deputy_chair(viewer=team.chair, meeting=held, deputy=team.coordinator.user)
    event = AuditEvent.objects.filter(verb="cases.meeting.deputy_chair_named").get()
    assert event.changes == {"deputy_chair": {"from": None, "to": "coordinator TH"}}
    scheduled = actions.schedule_meeting(
        viewer=team.chair,
        meets_at=timezone.now(),
        location="",
        chair=team.chair.user,
        deputy_chair=team.police.user,
    )
    assert scheduled.deputy_chair == team.police.user


# --- quorum and attendance through the pages --------------------------------------------


def test_the_decision_page_says_who_is_missing_before_it_is_sent(
    team: Team, sign_in: Callable[..., Client]
) -> None:
    referral = _progressed(team)
    held = meeting(team, quorate=False)
    item = _on_agenda(team, referral, held)
    client = sign_in(team.chair.user)
    url = f"/cases/panels/agenda/{item.uuid}/decision/"
    warning = page(client.get(url).content).by_id("not-quorate")
    assert BOTH_MISSING in warning.text
    assert ("Record attendance", f"/cases/panels/{held.uuid}/attendance/") in warning.links()
    assert client.get(f"/cases/panels/{held.uuid}/attendance/").status_code == 200
    refused = client.post(url, {"decision": "adopt", "reasons": "Vulnerable."})
    assert refused.status_code == 200
    assert BOTH_MISSING in page(refused.content).by_id("main-content").text
    assert _state(referral) == (ReferralState.AT_PANEL, "")
    make_quorate(team, held)
    assert "not-quorate" not in client.get(url).content.decode()
    assert client.post(url, {"decision": "adopt", "reasons": "Vulnerable."}).status_code == 302
    assert _state(referral) == (ReferralState.ADOPTED, "adopt")


def test_attendance_records_apologies_and_deputies_through_the_form(
    team: Team, sign_in: Callable[..., Client]
) -> None:
    held = meeting(team, quorate=False)
    actions.name_deputy_chair(viewer=team.chair, meeting=held, deputy=team.coordinator.user)
    member = _invite(team, held, team.panel_member, "Children's Social Care")
    officer = _invite(team, held, team.police, "Police")
    client = sign_in(team.chair.user)
    url = f"/cases/panels/{held.uuid}/attendance/"
    form = client.get(url).content.decode()
    assert "chair TH, chair" in form and "coordinator TH, deputy chair" in form
    answer = {
        "chair": "apologies",
        "deputy_chair": "present",
        f"attendance_{member.uuid}": "present",
        f"deputy_name_{member.uuid}": "Sam Lee",
        f"attendance_{officer.uuid}": "present",
    }
    refused = client.post(url, answer).content.decode()
    assert "panel_member TH was present: leave the deputy blank" in refused
    assert PanelInvitation.objects.get(pk=member.pk).attendance == ""
    answer |= {
        f"attendance_{member.uuid}": "apologies",
        f"deputy_role_{member.uuid}": "Early Help manager",
    }
    saved = client.post(url, answer, follow=True)
    assert "Attendance recorded. The panel is quorate." in saved.content.decode()
    held.refresh_from_db()
    assert (held.chair_attendance, held.deputy_chair_attendance) == ("apologies", "present")
    members = {row["Member"]: row["Attended"] for row in page(saved.content).tables()[-1].rows}
    assert members == {
        "panel_member TH": "Sent apologies; represented by Sam Lee, Early Help manager",
        "police TH": "Present",
    }
    event = AuditEvent.objects.filter(verb="cases.meeting.attendance_recorded").latest("id")
    assert event.changes["panel_member TH"] == {
        "from": None,
        "to": "apologies; deputy: Sam Lee, Early Help manager",
    }
    assert event.changes["chair: chair TH"] == {"from": None, "to": "apologies"}


def test_the_minutes_list_present_apologies_absent_and_deputies(team: Team) -> None:
    from django.template.loader import render_to_string

    held = meeting(team, quorate=False)
    member = _invite(team, held, team.panel_member, "Children's Social Care")
    officer = _invite(team, held, team.police, "Police")
    other = _invite(
        team,
        held,
        Viewer(
            _add_person(team, Role.PANEL_MEMBER, "Ola Health"),
            team.partnership,
            frozenset({Role.PANEL_MEMBER}),
        ),
        "Health",
    )
    actions.record_attendance(
        viewer=team.chair,
        meeting=held,
        chair="present",
        attendance={
            member.pk: actions.Presence("apologies", "Sam Lee", "Early Help manager"),
            officer.pk: "present",
            other.pk: "absent",
        },
    )
    held.refresh_from_db()
    html = render_to_string(
        "cases/minutes.html",
        {
            "meeting": held,
            "partnership": team.partnership,
            "invitations": held.invitations.select_related("member"),
            "not_quorate": quorum.quorum_refusal(held),
            "items": [],
            "generated_at": timezone.now(),
        },
    )
    (attendance,) = [table for table in page(html.encode()).tables() if "Deputy" in table.headers]
    assert {row["Member"]: (row["Attendance"], row["Deputy"]) for row in attendance.rows} == {
        "chair TH": ("Present", ""),
        "panel_member TH": ("Sent apologies", "Sam Lee, Early Help manager"),
        "police TH": ("Present", ""),
        "Ola Health": ("Absent", ""),
    }
    assert "quorate (the chair or deputy chair, and a police officer, present)" in html


# --- panel papers ------------------------------------------------------------------------


def _papers_case(team: Team) -> tuple[Referral, AgendaItem, PanelInvitation]:
    referral = _progressed(team, narrative="Shares far-right videos in the year group's chat.")
    actions.record_sharing(
        viewer=team.coordinator,
        referral=referral,
        direction="request",
        partner="Children's Social Care",
        legal_basis="ctsa_s38",
        subject="Any social care involvement with the family?",
        sent_at=timezone.now() - dt.timedelta(days=3),
    )
    factors = actions.factors_for(team.partnership, actions.current_framework())
    actions.record_assessment(
        viewer=team.coordinator,
        referral=referral,
        assessed_on=today(),
        findings={factors[0].pk: ("present", "Angry about his exclusion.")},
        summary="Engaging with an extremist narrative.",
        management_plan="Mentoring.",
    )
    held = meeting(team, today() + dt.timedelta(days=7), quorate=False)
    invitation = _invite(team, held, team.panel_member, "Children's Social Care")
    return referral, _on_agenda(team, referral, held), invitation


def _papers_url(item: AgendaItem) -> str:
    return f"/cases/panels/agenda/{item.uuid}/papers/"


def test_an_invited_member_reads_the_papers_and_each_view_is_audited(
    team: Team, sign_in: Callable[..., Client]
) -> None:
    referral, item, _ = _papers_case(team)
    client = sign_in(team.panel_member.user)
    before = AuditEvent.objects.filter(verb="cases.referral.viewed").count()
    response = client.get(_papers_url(item))
    assert response.status_code == 200
    assert {"private", "no-store"} <= {part.strip() for part in response["Cache-Control"].split(",")}
    shown = page(response.content)
    assert "Shares far-right videos in the year group's chat." in shown.by_id("main-content").text
    tables = {table.caption: table for table in shown.tables()}
    first = actions.factors_for(team.partnership, actions.current_framework())[0]
    findings = {
        row["Factor"]: (row["Finding"], row["Evidence"])
        for caption, table in tables.items()
        if caption.endswith("factors, findings and evidence")
        for row in table.rows
    }
    assert findings[first.name] == ("Present", "Angry about his exclusion.")
    assert f"{first.section.name}: factors, findings and evidence" in tables
    sharing: Table = tables["Information requested and disclosed"]
    assert [(row["Partner"], row["Direction"], row["Answered"][:7]) for row in sharing.rows] == [
        ("Children's Social Care", "Information requested from a partner", "Not yet")
    ]
    # What was asked stays with the case team.
    assert "Any social care involvement" not in response.content.decode()
    viewed = AuditEvent.objects.filter(verb="cases.referral.viewed").order_by("id")
    assert viewed.count() == before + 1
    assert viewed.last().changes["page"]["to"].startswith("panel papers")  # type: ignore[union-attr]
    # The meeting page links to the papers, and the link opens for the member.
    links = page(client.get(f"/cases/panels/{item.meeting.uuid}/").content).links()
    assert (f"Panel papers for {referral.reference}", _papers_url(item)) in links


def test_the_case_team_reads_the_papers(team: Team, sign_in: Callable[..., Client]) -> None:
    _, item, _ = _papers_case(team)
    for someone in (team.coordinator, team.chair, team.police):
        assert sign_in(someone.user).get(_papers_url(item)).status_code == 200


def test_the_papers_answer_404_to_anyone_else(team: Team, sign_in: Callable[..., Client]) -> None:
    _, item, invitation = _papers_case(team)
    url = _papers_url(item)
    uninvited = _add_person(team, Role.PANEL_MEMBER, "Una Invited")
    for someone in (uninvited, team.referrer.user, team.provider.user):
        assert sign_in(someone).get(url).status_code == 404
    camden = make_team("Camden", "CA")
    for outsider in (camden.coordinator, camden.chair, camden.panel_member):
        assert sign_in(outsider.user).get(url).status_code == 404
    member = sign_in(team.panel_member.user)
    assert member.get(url).status_code == 200
    actions.withdraw_invitation(viewer=team.chair, invitation=invitation)
    assert member.get(url).status_code == 404


def test_the_papers_close_when_the_minutes_are_final(team: Team, sign_in: Callable[..., Client]) -> None:
    _, item, invitation = _papers_case(team)
    held = item.meeting
    PanelMeeting.objects.filter(pk=held.pk).update(meets_at=timezone.now() - dt.timedelta(hours=1))
    member = sign_in(team.panel_member.user)
    assert member.get(_papers_url(item)).status_code == 200
    make_quorate(team, held)
    actions.record_attendance(viewer=team.chair, meeting=held, attendance={invitation.pk: "present"})
    _decide(team, item, "adopt")
    actions.close_meeting(viewer=team.chair, meeting=PanelMeeting.objects.get(pk=held.pk))
    assert member.get(_papers_url(item)).status_code == 404
    assert sign_in(team.coordinator.user).get(_papers_url(item)).status_code == 200


# --- the agenda PDF ------------------------------------------------------------------------


def _margins(document: Document, at: str) -> list[str]:
    texts = []
    for rendered in document.pages:
        found = [
            child
            for child in rendered._page_box.children
            if isinstance(child, boxes.MarginBox) and child.at_keyword == at
        ]
        texts.append(
            "".join(
                text.text for box in found for text in box.descendants() if isinstance(text, boxes.TextBox)
            )
        )
    return texts


def test_every_page_of_the_agenda_is_marked_official_sensitive(team: Team) -> None:
    _, item, _ = _papers_case(team)
    second = _on_agenda(team, _progressed(team, narrative="Another concern. " * 200), item.meeting)
    document = HTML(string=agenda_html(item.meeting, [item, second])).render(pdf_variant="pdf/ua-1")
    assert len(document.pages) >= 3  # each case's papers start on a new page
    assert _margins(document, "@top-center") == ["OFFICIAL-SENSITIVE"] * len(document.pages)
    assert _margins(document, "@bottom-center") == ["OFFICIAL-SENSITIVE"] * len(document.pages)


def test_the_chair_downloads_the_agenda_and_the_download_is_audited(
    team: Team, sign_in: Callable[..., Client]
) -> None:
    _, item, _ = _papers_case(team)
    url = f"/cases/panels/{item.meeting.uuid}/agenda.pdf"
    before = AuditEvent.objects.filter(verb__in=("cases.referral.viewed", "cases.list.viewed")).count()
    response = sign_in(team.chair.user).get(url)
    assert response["Content-Type"] == "application/pdf"
    assert response.content.startswith(b"%PDF-")
    assert "attachment" in response["Content-Disposition"]
    after = AuditEvent.objects.filter(verb__in=("cases.referral.viewed", "cases.list.viewed"))
    assert after.count() == before + 2  # the download, and the case in it
    assert {event.verb for event in after.order_by("-id")[:2]} == {
        "cases.referral.viewed",
        "cases.list.viewed",
    }
    for someone in (team.panel_member.user, team.police.user, team.referrer.user):
        assert sign_in(someone).get(url).status_code == 404
    # The meeting page offers it to organisers only.
    assert (
        "agenda.pdf"
        in sign_in(team.coordinator.user).get(f"/cases/panels/{item.meeting.uuid}/").content.decode()
    )
    assert (
        "agenda.pdf"
        not in sign_in(team.police.user).get(f"/cases/panels/{item.meeting.uuid}/").content.decode()
    )

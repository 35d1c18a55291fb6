"""Channel panel meetings: scheduling, invitations, agenda, attendance, decisions and
minutes. Panel members see only the meetings they are invited to, while invited."""

from __future__ import annotations

from typing import Any
from uuid import UUID

from django import forms
from django.db.models import Exists, OuterRef, Q, QuerySet
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, render
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone
from weasyprint import HTML

from accounts.access import Viewer, partnership_view
from cases import access, actions, queries, quorum, workflow
from cases.forms.panels import (
    AgendaForm,
    AttendanceForm,
    ClosePanelActionForm,
    DeputyChairForm,
    InviteForm,
    MeetingForm,
    PanelDecisionForm,
)
from cases.models import (
    AgendaItem,
    AgendaPurpose,
    PanelInvitation,
    PanelMeeting,
    Referral,
    ReferralState,
    Review,
)
from cases.tabs import case_tab_url
from cases.workflow import Move
from govuk.links import uuid_url
from govuk.pages import Done, button, form_page, posted
from govuk.paging import keyset_page

PAGE_SIZE = 50


def _agenda_candidates(viewer: Viewer) -> QuerySet[Referral]:
    """Cases a panel can take: for adoption, for a review of support, or for a post-exit
    review that is still waiting."""
    waiting = AgendaItem.objects.filter(decision="").values("referral_id")
    review_waiting = Review.objects.filter(
        referral=OuterRef("pk"), held_on__isnull=True, cancelled_on__isnull=True
    )
    return (
        access.referrals(viewer)
        .filter(
            Q(
                state__in=[
                    ReferralState.PROGRESSED,
                    ReferralState.AT_PANEL,
                    ReferralState.CONSENT_UNDER_REVIEW,
                    ReferralState.IN_SUPPORT,
                ]
            )
            | Q(Exists(review_waiting), state=ReferralState.EXITED)
        )
        .exclude(pk__in=waiting)
        .select_related("data_key", "person__data_key")
        .order_by("received_at")
    )


def _meeting_url(meeting: PanelMeeting) -> str:
    return uuid_url("cases:meeting_detail", meeting.uuid)


@partnership_view(*access.CASE_READERS, two_factor=True)
def meeting_list(request: HttpRequest, viewer: Viewer) -> HttpResponse:
    """Latest first; `?show=decisions` or `?show=minutes` lists the past meetings still
    waiting for decisions or for their minutes to be made final, as the home page counts
    them."""
    show = request.GET.get("show", "")
    waiting = queries.MEETINGS_WAITING.get(show)
    meetings = access.meetings(viewer).select_related("chair")
    if waiting is not None:
        meetings = waiting.filter(meetings, timezone.now())
    return render(
        request,
        "cases/meeting_list.html",
        {
            "meetings": meetings[:100],
            "waiting": waiting,
            "can_schedule": viewer.has_any(*access.PANEL_ORGANISERS),
        },
    )


@partnership_view(*access.PANEL_ORGANISERS, two_factor=True)
def meeting_create(request: HttpRequest, viewer: Viewer) -> HttpResponse:
    form = MeetingForm(posted(request), partnership=viewer.partnership)

    def save(data: dict[str, Any]) -> Done:
        meeting = actions.schedule_meeting(
            viewer=viewer,
            meets_at=form.meets_at(),
            location=data["location"],
            chair=data["chair"],
            deputy_chair=data.get("deputy_chair"),
        )
        return Done(_meeting_url(meeting), "Panel meeting scheduled")

    return form_page(request, form, save=save, template="cases/meeting_form.html")


def _meeting_page(
    request: HttpRequest, viewer: Viewer, meeting: PanelMeeting, **forms: forms.Form
) -> HttpResponse:
    """The meeting with its agenda and members, and the organisers' forms on it."""
    visible = set(access.referrals(viewer).filter(agenda_items__meeting=meeting).values_list("pk", flat=True))
    organiser = access.organises(viewer, meeting)
    context = {
        "meeting": meeting,
        "organiser": organiser,
        # The minutes can be made final once the meeting has begun.
        "begun": meeting.meets_at <= timezone.now(),
        "invitations": meeting.invitations.select_related("member"),
        "agenda": [
            (item, item.referral_id in visible)
            for item in meeting.agenda.select_related("referral__person__data_key", "signposted_to")
        ],
        "invite_form": forms.get("invite_form") or (InviteForm(meeting=meeting) if organiser else None),
        "deputy_form": forms.get("deputy_form") or (DeputyChairForm(meeting=meeting) if organiser else None),
        "not_quorate": quorum.quorum_refusal(meeting),
        "agenda_form": forms.get("agenda_form") or AgendaForm(referrals=_agenda_candidates(viewer)),
    }
    return render(request, "cases/meeting_detail.html", context)


@partnership_view(*access.CASE_READERS, two_factor=True)
def meeting_detail(request: HttpRequest, viewer: Viewer, uuid: UUID) -> HttpResponse:
    meeting = access.get_meeting(viewer, uuid)
    actions.record_list_view(viewer=viewer, what=f"panel meeting {meeting.uuid}")
    return _meeting_page(request, viewer, meeting)


@partnership_view(*access.PANEL_ORGANISERS, two_factor=True)
def meeting_invite(request: HttpRequest, viewer: Viewer, uuid: UUID) -> HttpResponse:
    meeting = access.get_meeting(viewer, uuid)
    form = InviteForm(posted(request), meeting=meeting)

    def save(data: dict[str, Any]) -> Done:
        invited = actions.invite_members(viewer=viewer, meeting=meeting, members=form.chosen())
        names = [invitation.member.full_name for invitation in invited]
        listed = names[0] if len(names) == 1 else f"{', '.join(names[:-1])} and {names[-1]}"
        message = f"Invited: {listed}."
        if meeting.meets_at > timezone.now():
            message += " Each is sent an e-mail with the meeting's details and a calendar invitation."
        return Done(_meeting_url(meeting), message)

    return form_page(
        request,
        form,
        save=save,
        page=lambda form: _meeting_page(request, viewer, meeting, invite_form=form),
        shown_on=_meeting_url(meeting),
    )


@partnership_view(*access.PANEL_ORGANISERS, two_factor=True)
def invitation_withdraw(request: HttpRequest, viewer: Viewer, uuid: UUID) -> HttpResponse:
    invitation = get_object_or_404(
        PanelInvitation.objects.select_related("meeting", "member").filter(
            meeting__in=access.meetings(viewer)
        ),
        uuid=uuid,
    )
    back = _meeting_url(invitation.meeting)

    def press() -> Done:
        actions.withdraw_invitation(viewer=viewer, invitation=invitation)
        return Done(back, f"Invitation to {invitation.member} withdrawn")

    return button(request, press=press, back=back)


@partnership_view(*Move.PUT_ON_AGENDA.roles, two_factor=True)
def meeting_agenda_add(request: HttpRequest, viewer: Viewer, uuid: UUID) -> HttpResponse:
    meeting = access.get_meeting(viewer, uuid)

    def save(data: dict[str, Any]) -> Done:
        actions.add_to_agenda(viewer=viewer, meeting=meeting, referral=data["referral"])
        return Done(_meeting_url(meeting), f"{data['referral'].reference} added to the agenda")

    return form_page(
        request,
        AgendaForm(posted(request), referrals=_agenda_candidates(viewer)),
        save=save,
        page=lambda form: _meeting_page(request, viewer, meeting, agenda_form=form),
        shown_on=_meeting_url(meeting),
    )


@partnership_view(*access.PANEL_ORGANISERS, two_factor=True)
def meeting_attendance(request: HttpRequest, viewer: Viewer, uuid: UUID) -> HttpResponse:
    """Who came: the chair, the deputy chair and each person invited, with apologies and
    the deputies who came in someone's place."""
    meeting = access.get_meeting(viewer, uuid)
    invitations = list(meeting.invitations.filter(withdrawn_at__isnull=True).select_related("member"))
    form = AttendanceForm(posted(request), meeting=meeting, invitations=invitations)

    def save(data: dict[str, Any]) -> Done:
        actions.record_attendance(
            viewer=viewer,
            meeting=meeting,
            attendance={pk: actions.Presence(*row) for pk, row in form.attendance().items()},
            chair=form.chair_status(),
            deputy_chair=form.deputy_chair_status(),
        )
        not_quorate = quorum.quorum_refusal(meeting)
        return Done(_meeting_url(meeting), f"Attendance recorded. {not_quorate or 'The panel is quorate.'}")

    return form_page(
        request, form, save=save, template="cases/meeting_attendance.html", context={"meeting": meeting}
    )


@partnership_view(*access.PANEL_ORGANISERS, two_factor=True)
def meeting_deputy_chair(request: HttpRequest, viewer: Viewer, uuid: UUID) -> HttpResponse:
    """Name (or change, or clear) the deputy chair of the meeting, on the meeting's page."""
    meeting = access.get_meeting(viewer, uuid)
    form = DeputyChairForm(posted(request), meeting=meeting)

    def save(data: dict[str, Any]) -> Done:
        deputy = data.get("deputy_chair")
        actions.name_deputy_chair(viewer=viewer, meeting=meeting, deputy=deputy)
        return Done(_meeting_url(meeting), f"Deputy chair: {deputy}" if deputy else "No deputy chair named")

    return form_page(
        request,
        form,
        save=save,
        page=lambda form: _meeting_page(request, viewer, meeting, deputy_form=form),
        shown_on=_meeting_url(meeting),
    )


@partnership_view(*Move.PANEL_DECISION.roles, two_factor=True)
def agenda_decision(request: HttpRequest, viewer: Viewer, uuid: UUID) -> HttpResponse:
    """The decision on one case, once the meeting has begun; for a post-exit review, with
    the review waiting, whether its window is open on the meeting's day, and confirmation
    of a decision that closes the case."""
    item = access.get_agenda_item(viewer, uuid)
    waiting = (
        actions.pending_reviews(item.referral).first()
        if item.purpose == AgendaPurpose.POST_EXIT_REVIEW
        else None
    )
    meeting_day = timezone.localdate(item.meeting.meets_at)
    review_too_early = actions.post_exit_review_refusal(waiting, meeting_day) if waiting else ""
    form = PanelDecisionForm(
        posted(request),
        item=item,
        partnership=viewer.partnership,
        waiting=waiting,
        review_too_early=review_too_early,
    )

    def save(data: dict[str, Any]) -> Done:
        actions.record_panel_decision(
            viewer=viewer,
            item=item,
            decision=data["decision"],
            reasons=data["reasons"],
            signposted_to=data.get("signposted_to"),
            panel_actions=[
                actions.NewPanelAction(
                    data[f"action_{n}"], data[f"action_{n}_owner"], data[f"action_{n}_due"]
                )
                for n in range(1, form.ACTIONS + 1)
                if data.get(f"action_{n}", "").strip()
            ],
            confirm_close=data.get("confirm_close", False),
            close_reason=data.get("close_reason", ""),
            **form.consent_values(),
        )
        return Done(_meeting_url(item.meeting), f"Decision recorded for {item.referral.reference}")

    return form_page(
        request,
        form,
        save=save,
        template="cases/agenda_decision_form.html",
        context={
            "item": item,
            "referral": item.referral,
            "back_url": _meeting_url(item.meeting),
            "blocked": workflow.meeting_refusal(item.meeting),
            # Said before the form is sent: which decisions need a quorum, and who is missing.
            "not_quorate": quorum.quorum_refusal(item.meeting),
            "quorum_decisions": [
                label
                for value, label in form.fields["decision"].choices  # type: ignore[attr-defined]
                if quorum.needs_quorum(item, value)
            ],
            "waiting": waiting,
            "review_too_early": review_too_early,
        },
        shown=lambda: actions.record_view(viewer=viewer, referral=item.referral, what="panel decision form"),
    )


@partnership_view(*access.PANEL_ORGANISERS, two_factor=True)
def meeting_close(request: HttpRequest, viewer: Viewer, uuid: UUID) -> HttpResponse:
    meeting = access.get_meeting(viewer, uuid)
    back = _meeting_url(meeting)

    def press() -> Done:
        actions.close_meeting(viewer=viewer, meeting=meeting)
        return Done(back, "Minutes made final. Panel members no longer see this meeting's cases.")

    return button(request, press=press, back=back)


@partnership_view(*access.CASE_READERS, two_factor=True)
def meeting_minutes(request: HttpRequest, viewer: Viewer, uuid: UUID) -> HttpResponse:
    meeting = access.get_meeting(viewer, uuid)
    visible = set(access.referrals(viewer).filter(agenda_items__meeting=meeting).values_list("pk", flat=True))
    items = [
        item
        for item in meeting.agenda.select_related(
            "referral__person__data_key", "referral__data_key", "signposted_to", "decided_by"
        ).prefetch_related("actions__owner")
        if item.referral_id in visible
    ]
    for item in items:
        actions.record_view(viewer=viewer, referral=item.referral, what="panel minutes")
    html = render_to_string(
        "cases/minutes.html",
        {
            "meeting": meeting,
            "partnership": meeting.partnership,
            "invitations": meeting.invitations.select_related("member"),
            "not_quorate": quorum.quorum_refusal(meeting),
            "items": items,
            "generated_at": timezone.now(),
        },
    )
    response = HttpResponse(
        HTML(string=html).write_pdf(pdf_variant="pdf/ua-1"), content_type="application/pdf"
    )
    response["Content-Disposition"] = (
        f'attachment; filename="channel-panel-{timezone.localtime(meeting.meets_at):%Y-%m-%d}.pdf"'
    )
    response["Cache-Control"] = "private, no-store"
    return response


def _papers(item: AgendaItem) -> dict[str, Any]:
    """One case's panel papers: the referral summary, the latest vulnerability assessment
    (framework, sections, factors, findings and evidence) and a summary of the information
    shared (who, which way, on what basis, when, and whether answered), not the documents
    nor what was said."""
    referral = item.referral
    assessment = referral.assessments.select_related("framework", "author").first()
    grouped: dict[str, list[Any]] = {}
    if assessment is not None:
        assessment.referral = referral
        for finding in assessment.findings.select_related("factor__section", "data_key").order_by(
            "factor__section__position", "factor__position", "factor__id"
        ):
            grouped.setdefault(finding.factor.section.name, []).append(finding)
    sharing = referral.sharing_requests.only(
        "uuid", "direction", "partner", "legal_basis", "sent_at", "due_on", "answered_at"
    ).order_by("sent_at", "id")
    return {
        "item": item,
        "referral": referral,
        "person": referral.person,
        "assessment": assessment,
        "grouped": list(grouped.items()),
        "sharing": list(sharing),
    }


@partnership_view(*access.CASE_READERS, two_factor=True)
def agenda_papers(request: HttpRequest, viewer: Viewer, uuid: UUID) -> HttpResponse:
    """The papers of one case on a meeting's agenda, for the case team and for the people
    invited, until the minutes are final (access.get_papers). Each view is audited."""
    item = access.get_papers(viewer, uuid)
    actions.record_view(
        viewer=viewer, referral=item.referral, what=f"panel papers, meeting {item.meeting.uuid}"
    )
    return render(
        request,
        "cases/panel_papers.html",
        {**_papers(item), "meeting": item.meeting, "back_url": _meeting_url(item.meeting)},
    )


def agenda_html(meeting: PanelMeeting, items: list[AgendaItem]) -> str:
    """The agenda PDF's HTML: the meeting, who is invited, and each case's papers."""
    return render_to_string(
        "cases/agenda_pdf.html",
        {
            "meeting": meeting,
            "partnership": meeting.partnership,
            "invitations": meeting.invitations.filter(withdrawn_at__isnull=True).select_related("member"),
            "papers": [_papers(item) for item in items],
            "generated_at": timezone.now(),
        },
    )


@partnership_view(*access.PANEL_ORGANISERS, two_factor=True)
def meeting_agenda_pdf(request: HttpRequest, viewer: Viewer, uuid: UUID) -> HttpResponse:
    """The agenda with each case's papers, for the chair to circulate; OFFICIAL-SENSITIVE
    on every page. The download is audited, and a view of each case in it."""
    meeting = access.get_meeting(viewer, uuid)
    items = list(
        meeting.agenda.select_related(
            "referral__data_key", "referral__person__data_key", "referral__sector", "referral__concern_type"
        )
    )
    actions.record_list_view(viewer=viewer, what=f"panel agenda {meeting.uuid} (PDF)")
    for item in items:
        actions.record_view(
            viewer=viewer, referral=item.referral, what=f"panel agenda PDF, meeting {meeting.uuid}"
        )
    html = agenda_html(meeting, items)
    response = HttpResponse(
        HTML(string=html).write_pdf(pdf_variant="pdf/ua-1"), content_type="application/pdf"
    )
    response["Content-Disposition"] = (
        f'attachment; filename="channel-panel-agenda-{timezone.localtime(meeting.meets_at):%Y-%m-%d}.pdf"'
    )
    response["Cache-Control"] = "private, no-store"
    return response


@partnership_view(*access.CASE_TEAM, two_factor=True)
def panel_action_list(request: HttpRequest, viewer: Viewer) -> HttpResponse:
    """Actions agreed at panel and still open; `?due=yes` keeps those due today or
    overdue, `?mine=yes` those the viewer owns, as the home page counts them."""
    today = timezone.localdate()
    due, mine = request.GET.get("due") == "yes", request.GET.get("mine") == "yes"
    open_actions = queries.open_panel_actions(access.panel_actions(viewer))
    if due:
        open_actions = open_actions.filter(due_on__lte=today)
    if mine:
        open_actions = open_actions.filter(owner=viewer.user)
    page = keyset_page(
        request,
        open_actions.select_related("owner", "agenda_item__meeting", "agenda_item__referral__data_key"),
        keys=("due_on", "id"),
        size=PAGE_SIZE,
        noun="actions",
    )
    actions.record_list_view(viewer=viewer, what="panel actions")
    return render(
        request,
        "cases/panel_action_list.html",
        {"page": page, "due": due, "mine": mine, "today": today},
    )


# Open to every role: the case team closes any action (Move.CLOSE_PANEL_ACTION), and an
# action's owner their own (access.get_panel_action answers 404 to anyone else).
@partnership_view(two_factor=True)
def panel_action_close(request: HttpRequest, viewer: Viewer, uuid: UUID) -> HttpResponse:
    """The action and a note of what was done. An owner who may not read the case sees
    only what they need: the case's reference, the action and its due date; they come
    back to their home page, not to the case."""
    action = access.get_panel_action(viewer, uuid)
    referral = action.agenda_item.referral
    reads_case = access.referrals(viewer).filter(pk=referral.pk).exists()
    back = case_tab_url(referral, "panel") if reads_case else reverse("home")

    def save(data: dict[str, Any]) -> Done:
        actions.close_panel_action(viewer=viewer, action=action, note=data["note"])
        return Done(back, f"Action for {action.owner} closed")

    return form_page(
        request,
        ClosePanelActionForm(posted(request)),
        save=save,
        template="cases/panel_action_close_form.html",
        context={
            "referral": referral,
            "action": action,
            "reads_case": reads_case,
            "back_url": back,
            "blocked": f"This action was closed on {timezone.localtime(action.done_at):%-d %B %Y}."
            if action.done_at
            else "",
        },
        shown=lambda: actions.record_view(viewer=viewer, referral=referral, what="panel action form"),
    )

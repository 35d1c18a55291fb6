"""Channel panel meetings: scheduling, invitations, agenda, attendance, decisions and
minutes. Panel members see only the meetings they are invited to, while invited."""

from __future__ import annotations

from typing import Any
from uuid import UUID

from django.contrib import messages
from django.db.models import Exists, OuterRef, Q
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.template.loader import render_to_string
from django.utils import timezone
from weasyprint import HTML

from accounts.access import Viewer, partnership_view
from cases import access, actions
from cases.forms import AgendaForm, InviteForm, MeetingForm, PanelDecisionForm
from cases.models import AgendaItem, MeetingStatus, PanelInvitation, ReferralState, Review
from lib.errors import Refused


def _agenda_candidates(viewer: Viewer) -> Any:
    """Cases a panel can take: for adoption, for a review of support, or for a post-exit
    review that is still waiting."""
    waiting = AgendaItem.objects.filter(decision="").values("referral_id")
    review_waiting = Review.objects.filter(
        referral=OuterRef("pk"), held_on__isnull=True, cancelled_on__isnull=True
    )
    return (
        access.referrals(viewer)
        .filter(
            Q(state__in=[ReferralState.PROGRESSED, ReferralState.AT_PANEL, ReferralState.IN_SUPPORT])
            | Q(Exists(review_waiting), state=ReferralState.EXITED)
        )
        .exclude(pk__in=waiting)
        .select_related("person")
        .order_by("received_at")
    )


@partnership_view(*access.CASE_READERS, two_factor=True)
def meeting_list(request: HttpRequest, viewer: Viewer) -> HttpResponse:
    meetings = access.meetings(viewer).select_related("chair")[:100]
    return render(
        request,
        "cases/meeting_list.html",
        {"meetings": meetings, "can_schedule": viewer.has_any(*access.PANEL_ORGANISERS)},
    )


@partnership_view(*access.PANEL_ORGANISERS, two_factor=True)
def meeting_create(request: HttpRequest, viewer: Viewer) -> HttpResponse:
    form = MeetingForm(request.POST or None, partnership=viewer.partnership)
    if request.method == "POST" and form.is_valid():
        try:
            meeting = actions.schedule_meeting(
                viewer=viewer,
                meets_at=form.meets_at(),
                location=form.cleaned_data["location"],
                chair=form.cleaned_data["chair"],
            )
        except Refused as refused:
            form.add_error(refused.field if refused.field in form.fields else None, refused.message)
        else:
            messages.success(request, "Panel meeting scheduled")
            return redirect("cases:meeting_detail", uuid=meeting.uuid)
    return render(request, "cases/meeting_form.html", {"form": form})


def _meeting_context(viewer: Viewer, meeting: Any, **forms: Any) -> dict[str, Any]:
    organiser = viewer.has_any(*access.PANEL_ORGANISERS) and meeting.status == MeetingStatus.SCHEDULED
    visible = set(access.referrals(viewer).filter(agenda_items__meeting=meeting).values_list("pk", flat=True))
    return {
        "meeting": meeting,
        "organiser": organiser,
        "invitations": meeting.invitations.select_related("member"),
        "agenda": [
            (item, item.referral_id in visible)
            for item in meeting.agenda.select_related("referral__person", "signposted_to")
        ],
        "invite_form": forms.get("invite_form") or InviteForm(partnership=viewer.partnership),
        "agenda_form": forms.get("agenda_form") or AgendaForm(referrals=_agenda_candidates(viewer)),
    }


@partnership_view(*access.CASE_READERS, two_factor=True)
def meeting_detail(request: HttpRequest, viewer: Viewer, uuid: UUID) -> HttpResponse:
    meeting = access.get_meeting(viewer, uuid)
    return render(request, "cases/meeting_detail.html", _meeting_context(viewer, meeting))


@partnership_view(*access.PANEL_ORGANISERS, two_factor=True)
def meeting_invite(request: HttpRequest, viewer: Viewer, uuid: UUID) -> HttpResponse:
    meeting = access.get_meeting(viewer, uuid)
    if request.method != "POST":
        return redirect("cases:meeting_detail", uuid=meeting.uuid)
    form = InviteForm(request.POST, partnership=viewer.partnership)
    if form.is_valid():
        try:
            actions.invite_member(viewer=viewer, meeting=meeting, **form.cleaned_data)
        except Refused as refused:
            form.add_error(refused.field if refused.field in form.fields else None, refused.message)
        else:
            messages.success(request, f"{form.cleaned_data['member']} invited")
            return redirect("cases:meeting_detail", uuid=meeting.uuid)
    return render(request, "cases/meeting_detail.html", _meeting_context(viewer, meeting, invite_form=form))


@partnership_view(*access.PANEL_ORGANISERS, two_factor=True)
def invitation_withdraw(request: HttpRequest, viewer: Viewer, uuid: UUID) -> HttpResponse:
    invitation = get_object_or_404(
        PanelInvitation.objects.select_related("meeting", "member").filter(
            meeting__in=access.meetings(viewer)
        ),
        uuid=uuid,
    )
    if request.method != "POST":
        return redirect("cases:meeting_detail", uuid=invitation.meeting.uuid)
    try:
        actions.withdraw_invitation(viewer=viewer, invitation=invitation)
        messages.success(request, f"Invitation to {invitation.member} withdrawn")
    except Refused as refused:
        messages.error(request, refused.message)
    return redirect("cases:meeting_detail", uuid=invitation.meeting.uuid)


@partnership_view(*access.PANEL_ORGANISERS, two_factor=True)
def meeting_agenda_add(request: HttpRequest, viewer: Viewer, uuid: UUID) -> HttpResponse:
    meeting = access.get_meeting(viewer, uuid)
    if request.method != "POST":
        return redirect("cases:meeting_detail", uuid=meeting.uuid)
    form = AgendaForm(request.POST, referrals=_agenda_candidates(viewer))
    if form.is_valid():
        try:
            actions.add_to_agenda(viewer=viewer, meeting=meeting, referral=form.cleaned_data["referral"])
        except Refused as refused:
            form.add_error("referral", refused.message)
        else:
            messages.success(request, f"{form.cleaned_data['referral'].reference} added to the agenda")
            return redirect("cases:meeting_detail", uuid=meeting.uuid)
    return render(request, "cases/meeting_detail.html", _meeting_context(viewer, meeting, agenda_form=form))


@partnership_view(*access.PANEL_ORGANISERS, two_factor=True)
def meeting_attendance(request: HttpRequest, viewer: Viewer, uuid: UUID) -> HttpResponse:
    meeting = access.get_meeting(viewer, uuid)
    invitations = list(meeting.invitations.filter(withdrawn_at__isnull=True).select_related("member"))
    problem = ""
    if request.method == "POST":
        answers = {i.pk: request.POST.get(f"attended_{i.uuid}") for i in invitations}
        if any(answer not in ("yes", "no") for answer in answers.values()):
            problem = "Select whether each person attended"
        else:
            try:
                actions.record_attendance(
                    viewer=viewer, meeting=meeting, attended={pk: a == "yes" for pk, a in answers.items()}
                )
            except Refused as refused:
                problem = refused.message
            else:
                messages.success(request, "Attendance recorded")
                return redirect("cases:meeting_detail", uuid=meeting.uuid)
    return render(
        request,
        "cases/meeting_attendance.html",
        {"meeting": meeting, "invitations": invitations, "problem": problem, "posted": request.POST},
    )


@partnership_view(*access.PANEL_ORGANISERS, two_factor=True)
def agenda_decision(request: HttpRequest, viewer: Viewer, uuid: UUID) -> HttpResponse:
    item = access.get_agenda_item(viewer, uuid)
    form = PanelDecisionForm(request.POST or None, item=item, partnership=viewer.partnership)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        panel_actions = [
            actions.NewPanelAction(data[f"action_{n}"], data[f"action_{n}_owner"], data[f"action_{n}_due"])
            for n in range(1, form.ACTIONS + 1)
            if data.get(f"action_{n}", "").strip()
        ]
        try:
            actions.record_panel_decision(
                viewer=viewer,
                item=item,
                decision=data["decision"],
                reasons=data["reasons"],
                signposted_to=data.get("signposted_to"),
                panel_actions=panel_actions,
            )
        except Refused as refused:
            form.add_error(refused.field if refused.field in form.fields else None, refused.message)
        else:
            messages.success(request, f"Decision recorded for {item.referral.reference}")
            return redirect("cases:meeting_detail", uuid=item.meeting.uuid)
    actions.record_view(viewer=viewer, referral=item.referral, what="panel decision form")
    return render(
        request, "cases/agenda_decision_form.html", {"item": item, "referral": item.referral, "form": form}
    )


@partnership_view(*access.PANEL_ORGANISERS, two_factor=True)
def meeting_close(request: HttpRequest, viewer: Viewer, uuid: UUID) -> HttpResponse:
    meeting = access.get_meeting(viewer, uuid)
    if request.method != "POST":
        return redirect("cases:meeting_detail", uuid=meeting.uuid)
    try:
        actions.close_meeting(viewer=viewer, meeting=meeting)
        messages.success(request, "Minutes made final. Panel members no longer see this meeting's cases.")
    except Refused as refused:
        messages.error(request, refused.message)
    return redirect("cases:meeting_detail", uuid=meeting.uuid)


@partnership_view(*access.CASE_READERS, two_factor=True)
def meeting_minutes(request: HttpRequest, viewer: Viewer, uuid: UUID) -> HttpResponse:
    meeting = access.get_meeting(viewer, uuid)
    visible = set(access.referrals(viewer).filter(agenda_items__meeting=meeting).values_list("pk", flat=True))
    items = [
        item
        for item in meeting.agenda.select_related(
            "referral__person", "referral__data_key", "signposted_to", "decided_by"
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

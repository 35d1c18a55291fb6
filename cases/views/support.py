"""The case at panels and after adoption: consent, the support plan and its sessions,
reviews held outside a panel, and the follow-up lists. An intervention provider sees
only the interventions assigned to them, and of each only the minimum: the person's
name, the intervention and its sessions. Every page that shows case data is audited."""

from __future__ import annotations

from typing import Any
from uuid import UUID

from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone

from accounts.access import Viewer, partnership_view
from accounts.models import Role
from cases import access, actions, queries, support_plan, workflow
from cases.follow_up import (
    intervention_rows,
    overdue_interventions,
    overdue_requests,
    overdue_reviews,
    reconsideration_rows,
    reconsiderations,
    request_rows,
    review_rows,
    waiting_for_assessment,
)
from cases.forms.support import (
    ConsentForm,
    EndInterventionForm,
    InterventionForm,
    ReturnToPoliceForm,
    ReviewForm,
    SessionForm,
    WithdrawConsentForm,
)
from cases.models import (
    ConsentDecision,
    Intervention,
    InterventionStatus,
    PanelAction,
    Referral,
    ReferralState,
    Review,
    ReviewKind,
)
from cases.tabs import case_page, case_tab_url
from cases.workflow import Move
from govuk.links import uuid_url
from govuk.pages import Done, form_page, posted
from govuk.paging import keyset_page
from lib.dates import age_on

PAGE_SIZE = 50

# Where a case has been adopted by a panel, so consent, support and reviews apply.
AFTER_ADOPTION = frozenset(
    {
        ReferralState.ADOPTED,
        ReferralState.DECLINED,
        ReferralState.CONSENT_UNDER_REVIEW,
        ReferralState.IN_SUPPORT,
        ReferralState.WITHDREW,
        ReferralState.EXITED,
        ReferralState.CLOSED,
    }
)


@partnership_view(*access.CASE_READERS, two_factor=True)
def case_panel(request: HttpRequest, viewer: Viewer, uuid: UUID) -> HttpResponse:
    """The case at Channel panels, then consent, the support plan and reviews (for the
    case team only: a panel member sees the panels)."""
    referral = access.get_referral(viewer, uuid)
    team = viewer.has_any(*access.CASE_TEAM)
    context = {
        "agenda_items": referral.agenda_items.select_related("meeting__partnership")
        .only(
            "decision",
            "referral_id",
            "meeting__uuid",
            "meeting__meets_at",
            "meeting__partnership__name",
        )
        .order_by("meeting__meets_at"),
        "support": _support_section(viewer, referral) if team else None,
        "closures": list(referral.closures.select_related("agenda_item__meeting")) if team else None,
        "today": timezone.localdate(),
        "panel_actions": (
            PanelAction.objects.filter(agenda_item__referral=referral).select_related(
                "owner", "done_by", "agenda_item__meeting", "agenda_item__referral__data_key"
            )
            if team
            else None
        ),
    }
    return case_page(request, viewer, referral, "panel", context)


def _support_section(viewer: Viewer, referral: Referral) -> dict[str, Any] | None:
    """Consent, the support plan and reviews; None before the panel has adopted the
    case, when none of these can exist yet."""
    escalated_after_consent = referral.state == ReferralState.ESCALATED and referral.consents.exists()
    if referral.state not in AFTER_ADOPTION and not escalated_after_consent:
        return None
    reviews = list(referral.reviews.select_related("agenda_item__meeting"))
    held = [review for review in reviews if review.held_on]
    pending = [review for review in reviews if review.is_pending]
    next_review = pending[0] if pending else None
    today = timezone.localdate()
    recordable = next_review if next_review and next_review.kind in workflow.POST_EXIT_DUE_MONTHS else None
    return {
        "consents": list(referral.consents.select_related("recorded_by")),
        "onward_referrals": list(referral.onward_referrals.select_related("recorded_by")),
        "interventions": list(
            referral.interventions.select_related("intervention_type", "provider").order_by(
                "status", "starts_on", "id"
            )
        ),
        "reviews": reviews,
        "last_review": max(held, key=lambda review: (review.held_on, review.pk)) if held else None,
        "next_review": next_review,
        "next_review_overdue": bool(next_review and next_review.due_on < today),
        # Only the earliest review waiting can be recorded, support reviews only at panel,
        # and a post-exit review only once its window has opened.
        "recordable": recordable,
        "recordable_from": actions.post_exit_review_opens(recordable) if recordable else None,
        "today": today,
        "plan": support_plan.summary(referral),
    }


def _case_url(referral: Referral) -> str:
    """Consent, the plan and reviews are on the case's panel and support page."""
    return case_tab_url(referral, "panel")


def _intervention_url(intervention: Intervention) -> str:
    return uuid_url("cases:intervention_detail", intervention.uuid)


def _shown(viewer: Viewer, referral: Referral, what: str) -> Any:
    return lambda: actions.record_view(viewer=viewer, referral=referral, what=what)


# --- consent -----------------------------------------------------------------------------


@partnership_view(*Move.RECORD_CONSENT.roles, two_factor=True)
def consent_create(request: HttpRequest, viewer: Viewer, uuid: UUID) -> HttpResponse:
    referral = access.get_referral(viewer, uuid)
    born = referral.person.date_of_birth if referral.person else None
    today = timezone.localdate()

    form = ConsentForm(posted(request), initial={"given_on": today})

    def save(data: dict[str, Any]) -> Done:
        actions.record_consent(viewer=viewer, referral=referral, **form.action_values())
        if data["decision"] == ConsentDecision.GIVEN:
            return Done(_case_url(referral), "Consent recorded: support can now be agreed")
        return Done(_case_url(referral), "Refusal of consent recorded: the case stays open, under review")

    return form_page(
        request,
        form,
        save=save,
        template="cases/consent_form.html",
        context={
            "referral": referral,
            "back_url": _case_url(referral),
            "blocked": workflow.stage_refusal(referral, Move.RECORD_CONSENT),
            "age": age_on(born, today) if born else None,
        },
        shown=_shown(viewer, referral, "consent form"),
    )


@partnership_view(*Move.WITHDRAW_CONSENT.roles, two_factor=True)
def consent_withdraw(request: HttpRequest, viewer: Viewer, uuid: UUID) -> HttpResponse:
    referral = access.get_referral(viewer, uuid)

    form = WithdrawConsentForm(posted(request), initial={"withdrawn_on": timezone.localdate()})

    def save(data: dict[str, Any]) -> Done:
        actions.withdraw_consent(
            viewer=viewer,
            referral=referral,
            withdrawn_on=data["withdrawn_on"],
            reason=data["reason"],
            not_given=form.not_given(),
        )
        return Done(
            _case_url(referral),
            "Withdrawal of consent recorded: support has ended and the case stays open, under review",
        )

    return form_page(
        request,
        form,
        save=save,
        template="cases/consent_withdraw_form.html",
        context={
            "referral": referral,
            "back_url": _case_url(referral),
            "blocked": workflow.stage_refusal(referral, Move.WITHDRAW_CONSENT),
        },
        shown=_shown(viewer, referral, "consent withdrawal form"),
    )


@partnership_view(*Move.RETURN_TO_POLICE.roles, two_factor=True)
def return_to_police(request: HttpRequest, viewer: Viewer, uuid: UUID) -> HttpResponse:
    """Return the case to the police for police-led management, at any stage after the
    gateway: it closes, with the reasons."""
    referral = access.get_referral(viewer, uuid)

    def save(data: dict[str, Any]) -> Done:
        actions.return_to_police(viewer=viewer, referral=referral, **data)
        return Done(
            case_tab_url(referral, "summary"),
            "Returned to the police for police-led management: the case is closed",
        )

    return form_page(
        request,
        ReturnToPoliceForm(posted(request), initial={"returned_on": timezone.localdate()}),
        save=save,
        template="cases/return_to_police_form.html",
        context={
            "referral": referral,
            "back_url": case_tab_url(referral, "summary"),
            "blocked": workflow.stage_refusal(referral, Move.RETURN_TO_POLICE),
        },
        shown=_shown(viewer, referral, "return to the police form"),
    )


# --- support plan ------------------------------------------------------------------------


@partnership_view(*Move.PLAN_SUPPORT.roles, two_factor=True)
def intervention_create(request: HttpRequest, viewer: Viewer, uuid: UUID) -> HttpResponse:
    referral = access.get_referral(viewer, uuid)

    def save(data: dict[str, Any]) -> Done:
        intervention = actions.agree_intervention(viewer=viewer, referral=referral, **data)
        return Done(_intervention_url(intervention), "Intervention agreed")

    return form_page(
        request,
        InterventionForm(posted(request), partnership=viewer.partnership),
        save=save,
        template="cases/intervention_form.html",
        context={
            "referral": referral,
            "back_url": _case_url(referral),
            "blocked": workflow.stage_refusal(referral, Move.PLAN_SUPPORT),
        },
        shown=_shown(viewer, referral, "intervention form"),
    )


@partnership_view(*access.CASE_TEAM, Role.PROVIDER, two_factor=True)
def intervention_list(request: HttpRequest, viewer: Viewer) -> HttpResponse:
    """For the case team, every active intervention of the partnership; for a provider,
    those assigned to them. Overdue first: the next session due soonest comes first.
    `?due=yes` keeps those whose next session is due today or overdue, as the home page
    counts them."""
    today = timezone.localdate()
    due = request.GET.get("due") == "yes"
    interventions = queries.active_interventions(access.interventions(viewer)).select_related(
        "referral__data_key", "referral__person__data_key", "intervention_type", "provider"
    )
    if due:
        interventions = interventions.filter(session_due_on__lte=today)
    page = keyset_page(
        request, interventions, keys=("session_due_on", "id"), size=PAGE_SIZE, noun="interventions"
    )
    actions.record_list_view(viewer=viewer, what="interventions")
    return render(
        request,
        "cases/intervention_list.html",
        {"page": page, "team": viewer.has_any(*access.CASE_TEAM), "today": today, "due": due},
    )


def _person_name(referral: Referral) -> str:
    return referral.person.full_name if referral.person else referral.subject_name


@partnership_view(*access.CASE_TEAM, Role.PROVIDER, two_factor=True)
def intervention_detail(request: HttpRequest, viewer: Viewer, uuid: UUID) -> HttpResponse:
    intervention = access.get_intervention(viewer, uuid)
    referral = intervention.referral
    actions.record_view(viewer=viewer, referral=referral, what=f"intervention {intervention.uuid}")
    active = intervention.status == InterventionStatus.ACTIVE
    # A provider's page is built without the referral: only what they need to deliver
    # the intervention reaches the template.
    return render(
        request,
        "cases/intervention_detail.html",
        {
            "intervention": intervention,
            "person_name": _person_name(referral),
            "referral": referral if viewer.has_any(*access.CASE_TEAM) else None,
            "sessions": intervention.sessions.select_related("logged_by", "data_key"),
            "overdue": active and intervention.session_due_on < timezone.localdate(),
            "can": workflow.Permissions(viewer, referral, intervention),
        },
    )


@partnership_view(*Move.LOG_SESSION.roles, two_factor=True)
def session_create(request: HttpRequest, viewer: Viewer, uuid: UUID) -> HttpResponse:
    intervention = access.get_intervention(viewer, uuid)
    if not workflow.may_log_session(viewer, intervention):
        raise Http404
    referral = intervention.referral

    def save(data: dict[str, Any]) -> Done:
        actions.log_session(
            viewer=viewer,
            intervention=intervention,
            held_on=data["held_on"],
            attended=data["attended"] == "yes",
            notes=data["notes"],
        )
        return Done(_intervention_url(intervention), "Session logged")

    return form_page(
        request,
        SessionForm(posted(request), initial={"held_on": timezone.localdate()}),
        save=save,
        template="cases/session_form.html",
        context={
            "intervention": intervention,
            "person_name": _person_name(referral),
            "blocked": workflow.stage_refusal(referral, Move.LOG_SESSION, intervention),
            "back_url": _intervention_url(intervention),
            # A provider's page is built without the referral, as on the intervention page.
            "referral": referral if viewer.has_any(*access.CASE_TEAM) else None,
        },
        shown=_shown(viewer, referral, "session form"),
    )


@partnership_view(*Move.END_INTERVENTION.roles, two_factor=True)
def intervention_end(request: HttpRequest, viewer: Viewer, uuid: UUID) -> HttpResponse:
    intervention = access.get_intervention(viewer, uuid)
    referral = intervention.referral

    def save(data: dict[str, Any]) -> Done:
        actions.end_intervention(viewer=viewer, intervention=intervention, **data)
        return Done(_intervention_url(intervention), "Intervention ended")

    return form_page(
        request,
        EndInterventionForm(posted(request), initial={"ended_on": timezone.localdate()}),
        save=save,
        template="cases/intervention_end_form.html",
        context={
            "referral": referral,
            "intervention": intervention,
            "back_url": _intervention_url(intervention),
            "blocked": workflow.stage_refusal(referral, Move.END_INTERVENTION, intervention),
        },
        shown=_shown(viewer, referral, "end intervention form"),
    )


# --- reviews -----------------------------------------------------------------------------


def _review_blocked(review: Review) -> str:
    if review.kind == ReviewKind.SUPPORT:
        return "A review of support is recorded with the panel's decision, not on this page."
    if review.held_on:
        return f"This review was recorded as held on {review.held_on:%-d %B %Y}."
    if review.cancelled_on:
        return f"This review was no longer needed from {review.cancelled_on:%-d %B %Y}."
    return workflow.stage_refusal(review.referral, Move.POST_EXIT_REVIEW) or actions.post_exit_review_refusal(
        review, timezone.localdate()
    )


@partnership_view(*Move.POST_EXIT_REVIEW.roles, two_factor=True)
def review_record(request: HttpRequest, viewer: Viewer, uuid: UUID) -> HttpResponse:
    review = access.get_review(viewer, uuid)
    referral = review.referral

    def save(data: dict[str, Any]) -> Done:
        actions.record_post_exit_review(viewer=viewer, review=review, **data)
        if review.kind == ReviewKind.AFTER_EXIT_12:
            return Done(_case_url(referral), "Twelve-month review recorded: the case is closed")
        return Done(_case_url(referral), "Review recorded")

    return form_page(
        request,
        ReviewForm(
            posted(request),
            initial={"held_on": timezone.localdate()},
            closes=review.kind == ReviewKind.AFTER_EXIT_12,
        ),
        save=save,
        template="cases/review_form.html",
        context={
            "referral": referral,
            "back_url": _case_url(referral),
            "review": review,
            "blocked": _review_blocked(review),
        },
        shown=_shown(viewer, referral, "review form"),
    )


# --- follow-up ---------------------------------------------------------------------------


@partnership_view(*access.FOLLOW_UP, two_factor=True)
def follow_up(request: HttpRequest, viewer: Viewer) -> HttpResponse:
    today = timezone.localdate()
    actions.record_list_view(viewer=viewer, what="follow-up")
    return render(
        request,
        "cases/follow_up.html",
        {
            "reviews": review_rows(list(overdue_reviews(viewer.partnership, today)), today),
            "interventions": intervention_rows(list(overdue_interventions(viewer.partnership, today)), today),
            "requests": request_rows(list(overdue_requests(viewer.partnership, today)), today),
            "awaiting_assessment": list(waiting_for_assessment(viewer.partnership)),
            "reconsiderations": reconsideration_rows(
                list(reconsiderations(viewer.partnership, today)), today
            ),
            "today": today,
        },
    )

"""Pages after adoption: consent, the support plan and its sessions, reviews held outside
a panel, and the follow-up lists. An intervention provider sees only the interventions
assigned to them, and of each only the minimum: the person's name, the intervention and
its sessions. Every page that shows case data is audited as a view."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any
from uuid import UUID

from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone

from accounts.access import Viewer, partnership_view
from accounts.models import Role
from cases import access, actions, workflow
from cases.follow_up import intervention_rows, overdue_interventions, overdue_reviews, review_rows
from cases.forms_support import (
    ConsentForm,
    EndInterventionForm,
    InterventionForm,
    ReviewForm,
    SessionForm,
    WithdrawConsentForm,
)
from cases.models import (
    ConsentDecision,
    Intervention,
    InterventionStatus,
    Referral,
    ReferralState,
    Review,
    ReviewKind,
)
from cases.tabs import case_tab_url
from govuk.paging import keyset_page
from lib.dates import age_on
from lib.errors import Refused

PAGE_SIZE = 50

# Where a case has been adopted by a panel, so consent, support and reviews apply.
AFTER_ADOPTION = frozenset(
    {
        ReferralState.ADOPTED,
        ReferralState.DECLINED,
        ReferralState.IN_SUPPORT,
        ReferralState.WITHDREW,
        ReferralState.EXITED,
        ReferralState.CLOSED,
    }
)


def _posted(request: HttpRequest) -> Any:
    """The form data when posted, even if empty, so an empty form shows its errors."""
    return request.POST if request.method == "POST" else None


def _refused(form: Any, refused: Refused) -> None:
    form.add_error(refused.field if refused.field in form.fields else None, refused.message)


def _blocked(referral: Referral, move: str) -> str:
    """Why the form cannot be used at the case's stage, or "" when it can."""
    if workflow.allowed(referral, move):
        return ""
    return f"{workflow.MOVES[move].refusal} It is now: {referral.get_state_display()}."


def _form_page(
    request: HttpRequest,
    viewer: Viewer,
    *,
    referral: Referral,
    form: Any,
    template: str,
    save: Callable[[dict[str, Any]], str],
    done: str | Callable[[dict[str, Any]], str],
    what: str,
    context: dict[str, Any] | None = None,
) -> HttpResponse:
    """Validate, call the action through `save` (which answers where to go next), and
    show a refusal against the field it concerns."""
    if request.method == "POST" and form.is_valid():
        try:
            next_url = save(form.cleaned_data)
        except Refused as refused:
            _refused(form, refused)
        else:
            messages.success(request, done(form.cleaned_data) if callable(done) else done)
            return redirect(next_url)
    actions.record_view(viewer=viewer, referral=referral, what=what)
    return render(
        request,
        template,
        {"referral": referral, "form": form, "back_url": _case_url(referral), **(context or {})},
    )


def _case_url(referral: Referral) -> str:
    """Consent, the plan and reviews are on the case's panel and support page."""
    return case_tab_url(referral, "panel")


def _intervention_url(intervention: Intervention) -> str:
    return reverse("cases:intervention_detail", kwargs={"uuid": intervention.uuid})


# --- consent -----------------------------------------------------------------------------


@partnership_view(*access.CONSENT_RECORDERS, two_factor=True)
def consent_create(request: HttpRequest, viewer: Viewer, uuid: UUID) -> HttpResponse:
    referral = access.get_referral(viewer, uuid)
    born = referral.person.date_of_birth if referral.person else None
    today = timezone.localdate()

    def save(data: dict[str, Any]) -> str:
        actions.record_consent(viewer=viewer, referral=referral, **data)
        return _case_url(referral)

    return _form_page(
        request,
        viewer,
        referral=referral,
        form=ConsentForm(_posted(request), initial={"given_on": today}),
        template="cases/consent_form.html",
        save=save,
        done=lambda data: (
            "Consent recorded: support can now be agreed"
            if data["decision"] == ConsentDecision.GIVEN
            else "Refusal of consent recorded: the case is closed"
        ),
        what="consent form",
        context={
            "blocked": _blocked(referral, "record_consent"),
            "age": age_on(born, today) if born else None,
        },
    )


@partnership_view(*access.CONSENT_RECORDERS, two_factor=True)
def consent_withdraw(request: HttpRequest, viewer: Viewer, uuid: UUID) -> HttpResponse:
    referral = access.get_referral(viewer, uuid)

    def save(data: dict[str, Any]) -> str:
        actions.withdraw_consent(viewer=viewer, referral=referral, **data)
        return _case_url(referral)

    return _form_page(
        request,
        viewer,
        referral=referral,
        form=WithdrawConsentForm(_posted(request), initial={"withdrawn_on": timezone.localdate()}),
        template="cases/consent_withdraw_form.html",
        save=save,
        done="Withdrawal of consent recorded: support has ended and the case is closed",
        what="consent withdrawal form",
        context={"blocked": _blocked(referral, "withdraw_consent")},
    )


# --- support plan ------------------------------------------------------------------------


@partnership_view(*access.PLAN_KEEPERS, two_factor=True)
def intervention_create(request: HttpRequest, viewer: Viewer, uuid: UUID) -> HttpResponse:
    referral = access.get_referral(viewer, uuid)

    def save(data: dict[str, Any]) -> str:
        intervention = actions.agree_intervention(viewer=viewer, referral=referral, **data)
        return _intervention_url(intervention)

    return _form_page(
        request,
        viewer,
        referral=referral,
        form=InterventionForm(_posted(request), partnership=viewer.partnership),
        template="cases/intervention_form.html",
        save=save,
        done="Intervention agreed",
        what="intervention form",
        context={"blocked": _blocked(referral, "plan_support")},
    )


@partnership_view(*access.CASE_TEAM, Role.PROVIDER, two_factor=True)
def intervention_list(request: HttpRequest, viewer: Viewer) -> HttpResponse:
    """For the case team, every active intervention of the partnership; for a provider,
    those assigned to them. Overdue first: the next session due soonest comes first."""
    team = viewer.has_any(*access.CASE_TEAM)
    interventions = (
        access.interventions(viewer)
        .filter(status=InterventionStatus.ACTIVE)
        .select_related("referral__person", "intervention_type", "provider")
    )
    page = keyset_page(
        request, interventions, keys=("session_due_on", "id"), size=PAGE_SIZE, noun="interventions"
    )
    return render(
        request,
        "cases/intervention_list.html",
        {"page": page, "team": team, "today": timezone.localdate()},
    )


def _may_log(viewer: Viewer, intervention: Intervention) -> bool:
    return viewer.has_any(*access.PLAN_KEEPERS) or (
        viewer.has_any(Role.PROVIDER) and intervention.provider_id == viewer.user.pk
    )


def _person_name(referral: Referral) -> str:
    return referral.person.full_name if referral.person else referral.subject_name


@partnership_view(*access.CASE_TEAM, Role.PROVIDER, two_factor=True)
def intervention_detail(request: HttpRequest, viewer: Viewer, uuid: UUID) -> HttpResponse:
    intervention = access.get_intervention(viewer, uuid)
    referral = intervention.referral
    actions.record_view(viewer=viewer, referral=referral, what=f"intervention {intervention.uuid}")
    team = viewer.has_any(*access.CASE_TEAM)
    active = intervention.status == InterventionStatus.ACTIVE
    # A provider's page is built without the referral: only what they need to deliver
    # the intervention reaches the template.
    return render(
        request,
        "cases/intervention_detail.html",
        {
            "intervention": intervention,
            "person_name": _person_name(referral),
            "referral": referral if team else None,
            "sessions": intervention.sessions.select_related("logged_by", "data_key"),
            "overdue": active and intervention.session_due_on < timezone.localdate(),
            "can": {
                "log": active
                and referral.state == ReferralState.IN_SUPPORT
                and _may_log(viewer, intervention),
                "end": active and viewer.has_any(*access.PLAN_KEEPERS),
            },
        },
    )


@partnership_view(*access.PLAN_KEEPERS, Role.PROVIDER, two_factor=True)
def session_create(request: HttpRequest, viewer: Viewer, uuid: UUID) -> HttpResponse:
    intervention = access.get_intervention(viewer, uuid)
    if not _may_log(viewer, intervention):
        raise Http404
    referral = intervention.referral

    def save(data: dict[str, Any]) -> str:
        actions.log_session(
            viewer=viewer,
            intervention=intervention,
            held_on=data["held_on"],
            attended=data["attended"] == "yes",
            notes=data["notes"],
        )
        return _intervention_url(intervention)

    blocked = ""
    if intervention.status != InterventionStatus.ACTIVE:
        blocked = "This intervention has ended; sessions can no longer be logged."
    else:
        blocked = _blocked(referral, "log_session")
    return _form_page(
        request,
        viewer,
        referral=referral,
        form=SessionForm(_posted(request), initial={"held_on": timezone.localdate()}),
        template="cases/session_form.html",
        save=save,
        done="Session logged",
        what="session form",
        context={
            "intervention": intervention,
            "person_name": _person_name(referral),
            "blocked": blocked,
            "back_url": _intervention_url(intervention),
            # A provider's page is built without the referral, as on the intervention page.
            "referral": referral if viewer.has_any(*access.CASE_TEAM) else None,
        },
    )


@partnership_view(*access.PLAN_KEEPERS, two_factor=True)
def intervention_end(request: HttpRequest, viewer: Viewer, uuid: UUID) -> HttpResponse:
    intervention = access.get_intervention(viewer, uuid)

    def save(data: dict[str, Any]) -> str:
        actions.end_intervention(viewer=viewer, intervention=intervention, **data)
        return _intervention_url(intervention)

    return _form_page(
        request,
        viewer,
        referral=intervention.referral,
        form=EndInterventionForm(_posted(request), initial={"ended_on": timezone.localdate()}),
        template="cases/intervention_end_form.html",
        save=save,
        done="Intervention ended",
        what="end intervention form",
        context={
            "intervention": intervention,
            "back_url": _intervention_url(intervention),
            "blocked": ""
            if intervention.status == InterventionStatus.ACTIVE
            else "This intervention has already ended.",
        },
    )


# --- reviews -----------------------------------------------------------------------------


def _review_blocked(review: Review) -> str:
    if review.kind == ReviewKind.SUPPORT:
        return "A review of support is recorded with the panel's decision, not on this page."
    if review.held_on:
        return f"This review was recorded as held on {review.held_on:%-d %B %Y}."
    if review.cancelled_on:
        return f"This review was no longer needed from {review.cancelled_on:%-d %B %Y}."
    return _blocked(review.referral, "post_exit_review")


@partnership_view(*access.REVIEWERS, two_factor=True)
def review_record(request: HttpRequest, viewer: Viewer, uuid: UUID) -> HttpResponse:
    review = access.get_review(viewer, uuid)
    referral = review.referral

    def save(data: dict[str, Any]) -> str:
        actions.record_post_exit_review(viewer=viewer, review=review, **data)
        return _case_url(referral)

    return _form_page(
        request,
        viewer,
        referral=referral,
        form=ReviewForm(_posted(request), initial={"held_on": timezone.localdate()}),
        template="cases/review_form.html",
        save=save,
        done=(
            "Twelve-month review recorded: the case is closed"
            if review.kind == ReviewKind.AFTER_EXIT_12
            else "Review recorded"
        ),
        what="review form",
        context={"review": review, "blocked": _review_blocked(review)},
    )


# --- follow-up ---------------------------------------------------------------------------


@partnership_view(*access.FOLLOW_UP, two_factor=True)
def follow_up(request: HttpRequest, viewer: Viewer) -> HttpResponse:
    today = timezone.localdate()
    return render(
        request,
        "cases/follow_up.html",
        {
            "reviews": review_rows(list(overdue_reviews(viewer.partnership, today)), today),
            "interventions": intervention_rows(list(overdue_interventions(viewer.partnership, today)), today),
            "today": today,
        },
    )


# --- the section of the referral page ----------------------------------------------------


def support_section(viewer: Viewer, referral: Referral) -> dict[str, Any] | None:
    """Consent, the support plan and reviews for the case team's referral page; None
    before the panel has adopted the case, when none of these can exist yet."""
    if referral.state not in AFTER_ADOPTION:
        return None
    consents = list(referral.consents.select_related("recorded_by"))
    interventions = list(
        referral.interventions.select_related("intervention_type", "provider").order_by(
            "status", "starts_on", "id"
        )
    )
    reviews = list(referral.reviews.select_related("agenda_item__meeting"))
    held = [review for review in reviews if review.held_on]
    pending = [review for review in reviews if review.is_pending]
    next_review = pending[0] if pending else None
    today = timezone.localdate()
    return {
        "consents": consents,
        "interventions": interventions,
        "reviews": reviews,
        "last_review": max(held, key=lambda review: (review.held_on, review.pk)) if held else None,
        "next_review": next_review,
        "next_review_overdue": bool(next_review and next_review.due_on < today),
        # Only the earliest review waiting can be recorded, and support reviews only at panel.
        "recordable": (
            next_review
            if next_review
            and next_review.kind != ReviewKind.SUPPORT
            and viewer.has_any(*access.REVIEWERS)
            and workflow.allowed(referral, "post_exit_review")
            else None
        ),
        "today": today,
        "can": {
            "consent": viewer.has_any(*access.CONSENT_RECORDERS)
            and workflow.allowed(referral, "record_consent"),
            "withdraw": viewer.has_any(*access.CONSENT_RECORDERS)
            and workflow.allowed(referral, "withdraw_consent"),
            "plan": viewer.has_any(*access.PLAN_KEEPERS) and workflow.allowed(referral, "plan_support"),
        },
    }

"""Follow-up that cannot be missed: reviews past their due date, interventions with no
attended session within their expected frequency, requests for information past their due
date, panel actions past theirs, progressed cases waiting for an assessment, and cases
whose consent was not given that have reached the date to reconsider them. The first
four are read through partial indexes (`review_due`, `intervention_session_due`,
`sharing_answer_due`, `panel_action_open`) that hold only what is still waiting, so each
list costs the same few queries however many cases have closed. The requests, actions and
cases waiting are filtered by the definitions in cases.queries, as the home page counts them."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.db.models import Exists, OuterRef, QuerySet

from accounts.models import Partnership
from cases import queries
from cases.models import (
    Intervention,
    InterventionStatus,
    PanelAction,
    Referral,
    Review,
    ReviewKind,
    SharingRequest,
)


def overdue_reviews(partnership: Partnership, on: dt.date) -> QuerySet[Review]:
    """Reviews neither held nor cancelled whose due date is before `on`, oldest first;
    reconsiderations of consent are listed on their own (reconsiderations)."""
    return (
        Review.objects.filter(
            partnership=partnership, held_on__isnull=True, cancelled_on__isnull=True, due_on__lt=on
        )
        .exclude(kind=ReviewKind.RECONSIDER)
        .select_related("referral")
        .only("uuid", "kind", "due_on", "referral__uuid", "referral__reference", "referral__state")
        .order_by("due_on", "id")
    )


def overdue_interventions(partnership: Partnership, on: dt.date) -> QuerySet[Intervention]:
    """Active interventions whose next attended session was due before `on`, oldest first."""
    return (
        Intervention.objects.filter(
            partnership=partnership, status=InterventionStatus.ACTIVE, session_due_on__lt=on
        )
        .select_related("referral", "intervention_type", "provider")
        .only(
            "uuid",
            "provider_organisation",
            "last_session_on",
            "session_due_on",
            "frequency_days",
            "referral__uuid",
            "referral__reference",
            "intervention_type__label",
            "provider__full_name",
        )
        .order_by("session_due_on", "id")
    )


def overdue_requests(partnership: Partnership, on: dt.date) -> QuerySet[SharingRequest]:
    """Requests for information still unanswered whose due date is before `on`
    (queries.overdue_answers), longest overdue first."""
    return (
        queries.overdue_answers(SharingRequest.objects.filter(partnership=partnership), on)
        .select_related("referral")
        .only("uuid", "partner", "sent_at", "due_on", "referral__uuid", "referral__reference")
    )


def overdue_actions(partnership: Partnership, on: dt.date) -> QuerySet[PanelAction]:
    """Open panel actions whose due date is before `on` (queries.overdue_panel_actions),
    longest overdue first."""
    return (
        queries.overdue_panel_actions(PanelAction.objects.filter(partnership=partnership), on)
        .select_related("agenda_item__referral")
        .only("uuid", "due_on", "owner", "agenda_item__referral__uuid", "agenda_item__referral__reference")
    )


def waiting_for_assessment(partnership: Partnership) -> QuerySet[Referral]:
    """Progressed cases, before the adoption decision, with no vulnerability assessment
    (queries.WAITING["assessment"]), the longest waiting first."""
    return (
        queries.WAITING["assessment"]
        .filter(Referral.objects.filter(partnership=partnership))
        .only("uuid", "reference", "state", "received_at")
        .order_by("received_at", "id")
    )


def reconsiderations(partnership: Partnership, on: dt.date) -> QuerySet[Review]:
    """Cases whose consent was not given and whose date to reconsider them has been
    reached by `on` (queries.reconsiderations_due), the earliest first."""
    return (
        queries.reconsiderations_due(Review.objects.filter(partnership=partnership), on)
        .select_related("referral")
        .only("uuid", "kind", "due_on", "referral__uuid", "referral__reference", "referral__state")
    )


def partnerships_with_overdue(on: dt.date) -> QuerySet[Partnership]:
    reviews = Review.objects.filter(
        partnership=OuterRef("pk"), held_on__isnull=True, cancelled_on__isnull=True, due_on__lt=on
    ).exclude(kind=ReviewKind.RECONSIDER)
    reconsider = queries.reconsiderations_due(Review.objects.filter(partnership=OuterRef("pk")), on)
    interventions = Intervention.objects.filter(
        partnership=OuterRef("pk"), status=InterventionStatus.ACTIVE, session_due_on__lt=on
    )
    requests = queries.overdue_answers(SharingRequest.objects.filter(partnership=OuterRef("pk")), on)
    actions = queries.overdue_panel_actions(PanelAction.objects.filter(partnership=OuterRef("pk")), on)
    return Partnership.objects.filter(
        Exists(reviews) | Exists(interventions) | Exists(requests) | Exists(actions) | Exists(reconsider)
    ).order_by("name")


@dataclass(frozen=True)
class OverdueReview:
    review: Review
    days_overdue: int


@dataclass(frozen=True)
class OverdueIntervention:
    intervention: Intervention
    days_overdue: int


@dataclass(frozen=True)
class Reconsideration:
    review: Review
    days_overdue: int  # 0 on the day it is due


def reconsideration_rows(reviews: list[Review], on: dt.date) -> list[Reconsideration]:
    return [Reconsideration(review, (on - review.due_on).days) for review in reviews]


def review_rows(reviews: list[Review], on: dt.date) -> list[OverdueReview]:
    return [OverdueReview(review, (on - review.due_on).days) for review in reviews]


def intervention_rows(interventions: list[Intervention], on: dt.date) -> list[OverdueIntervention]:
    return [OverdueIntervention(i, (on - i.session_due_on).days) for i in interventions]


@dataclass(frozen=True)
class OverdueRequest:
    request: SharingRequest
    days_overdue: int


@dataclass(frozen=True)
class OverdueAction:
    action: PanelAction
    days_overdue: int


def request_rows(requests: list[SharingRequest], on: dt.date) -> list[OverdueRequest]:
    return [OverdueRequest(request, (on - request.due_on).days) for request in requests if request.due_on]


def action_rows(actions: list[PanelAction], on: dt.date) -> list[OverdueAction]:
    return [OverdueAction(action, (on - action.due_on).days) for action in actions]

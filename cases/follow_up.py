"""Follow-up that cannot be missed: reviews past their due date and interventions with no
attended session within their expected frequency. Both are read through partial indexes
(cases.models.support: `review_due`, `intervention_session_due`) that hold only what is
still waiting, so each list costs the same few queries however many cases have closed."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.db.models import Exists, OuterRef, QuerySet

from accounts.models import Partnership
from cases.models import Intervention, InterventionStatus, Review


def overdue_reviews(partnership: Partnership, on: dt.date) -> QuerySet[Review]:
    """Reviews neither held nor cancelled whose due date is before `on`, oldest first."""
    return (
        Review.objects.filter(
            partnership=partnership, held_on__isnull=True, cancelled_on__isnull=True, due_on__lt=on
        )
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


def partnerships_with_overdue(on: dt.date) -> QuerySet[Partnership]:
    reviews = Review.objects.filter(
        partnership=OuterRef("pk"), held_on__isnull=True, cancelled_on__isnull=True, due_on__lt=on
    )
    interventions = Intervention.objects.filter(
        partnership=OuterRef("pk"), status=InterventionStatus.ACTIVE, session_due_on__lt=on
    )
    return Partnership.objects.filter(Exists(reviews) | Exists(interventions)).order_by("name")


@dataclass(frozen=True)
class OverdueReview:
    review: Review
    days_overdue: int


@dataclass(frozen=True)
class OverdueIntervention:
    intervention: Intervention
    days_overdue: int


def review_rows(reviews: list[Review], on: dt.date) -> list[OverdueReview]:
    return [OverdueReview(review, (on - review.due_on).days) for review in reviews]


def intervention_rows(interventions: list[Intervention], on: dt.date) -> list[OverdueIntervention]:
    return [OverdueIntervention(i, (on - i.session_due_on).days) for i in interventions]

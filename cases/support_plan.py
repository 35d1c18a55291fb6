"""What the support plan's pages read (cases.views.plan, and the summary on the case's panel
and support page), each in a fixed number of queries however many needs, interventions
and reviews the plan has."""

from __future__ import annotations

from typing import Any

from django.db.models import Count, Prefetch

from cases.models import (
    Intervention,
    NeedProgress,
    PlanNeed,
    PlanProgressReview,
    Referral,
    SupportPlanVersion,
)


def versions_of(referral: Referral) -> list[SupportPlanVersion]:
    """Every version of the case's plan, newest first, with its number of needs: one query."""
    return list(
        SupportPlanVersion.objects.filter(plan__referral=referral)
        .select_related("signed_off_by", "drafted_by")
        .annotate(need_count=Count("needs"))
        .order_by("-number")
    )


def summary(referral: Referral) -> dict[str, Any]:
    """For the case's panel and support page: the version in force and any draft."""
    versions = versions_of(referral)
    return {
        "versions": versions,
        "in_force": next((version for version in versions if version.in_force), None),
        "draft": next((version for version in versions if version.is_draft), None),
    }


def needs_of(version: SupportPlanVersion) -> list[PlanNeed]:
    return list(
        version.needs.select_related("data_key", "factor__section", "finding__assessment").prefetch_related(
            Prefetch(
                "interventions",
                queryset=Intervention.objects.select_related("intervention_type", "provider").order_by(
                    "starts_on", "id"
                ),
            )
        )
    )


def progress_of(version: SupportPlanVersion, needs: list[PlanNeed]) -> list[dict[str, Any]]:
    """Each review's progress, need by need, in the order of the needs."""
    reviews = list(
        PlanProgressReview.objects.filter(version=version)
        .select_related("recorded_by", "review")
        .prefetch_related(Prefetch("entries", queryset=NeedProgress.objects.select_related("data_key")))
    )
    shown = []
    for review in reviews:
        by_need = {entry.need_id: entry for entry in review.entries.all()}
        shown.append({"review": review, "rows": [(need, by_need.get(need.pk)) for need in needs]})
    return shown

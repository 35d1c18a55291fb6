"""The write path of a case's support plan (cases.models.plan): drafting a version (a
revision starts as a copy of the version before), its needs and the interventions that
meet them, the chair's sign-off, which locks the version and supersedes the one before,
and progress against each need recorded at a review."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping
from typing import Any

from django.db import transaction
from django.db.models import Max, QuerySet
from django.utils import timezone

from accounts.access import Viewer
from cases import vault, workflow
from cases.actions.common import add_event, audit, locked, personal, same_partnership
from cases.models import (
    EventKind,
    FactorFinding,
    Intervention,
    NeedProgress,
    PlanNeed,
    PlanProgressReview,
    ProgressRating,
    Referral,
    Review,
    ReviewKind,
    SupportPlan,
    SupportPlanVersion,
    VulnerabilityAssessment,
)
from cases.workflow import Move
from lib.errors import Refused

__all__ = [
    "add_plan_need",
    "change_plan_need",
    "draft_plan_version",
    "draft_refusal",
    "held_support_reviews",
    "latest_findings",
    "locked_refusal",
    "progress_refusal",
    "record_plan_progress",
    "remove_plan_need",
    "sign_off_plan_version",
]


def latest_findings(referral: Referral) -> QuerySet[FactorFinding]:
    """The factor findings of the referral's latest vulnerability assessment: what a
    need of the plan can address."""
    latest = VulnerabilityAssessment.objects.filter(referral=referral).order_by("-version").values("pk")[:1]
    return (
        FactorFinding.objects.filter(assessment_id__in=latest)
        .select_related("factor__section", "assessment")
        .order_by("factor__section__position", "factor__position", "factor_id")
    )


def _locked_version(version: SupportPlanVersion) -> tuple[Referral, SupportPlanVersion]:
    referral = locked(version.plan.referral)
    return referral, SupportPlanVersion.objects.select_related("plan").select_for_update().get(pk=version.pk)


def locked_refusal(version: SupportPlanVersion) -> str:
    """Why the version cannot be changed (it was signed off), or ""."""
    if version.signed_off_on is None:
        return ""
    return (
        f"Version {version.number} was signed off on {version.signed_off_on:%-d %B %Y} and cannot be "
        "changed: draft a revision of the plan instead."
    )


def progress_refusal(version: SupportPlanVersion) -> str:
    """Why progress cannot be recorded against the version (only the one in force), or ""."""
    if version.is_draft:
        return (
            f"Version {version.number} is a draft: progress is recorded against the plan the chair "
            "signed off."
        )
    if not version.in_force:
        return (
            f"Version {version.number} was replaced by a later version: record progress against the "
            "plan in force."
        )
    return ""


def draft_refusal(version: SupportPlanVersion | None) -> str:
    """Why no new version can be drafted while `version` (the latest) is a draft, or ""."""
    if version is None or not version.is_draft:
        return ""
    return f"Version {version.number} is still a draft: change it, or ask the chair to sign it off."


def _require_draft(version: SupportPlanVersion) -> None:
    refusal = locked_refusal(version)
    if refusal:
        raise Refused(refusal)


# --- versions ------------------------------------------------------------------------------


@transaction.atomic
def draft_plan_version(*, viewer: Viewer, referral: Referral) -> SupportPlanVersion:
    """The plan's first version, empty, or the next one, starting as a copy of the latest
    (its needs, their factors, relinked to the latest assessment where it assessed the
    same factor, and their interventions). Only one draft at a time."""
    referral = locked(referral)
    same_partnership(viewer, referral)
    workflow.require(viewer, referral, Move.DRAFT_SUPPORT_PLAN)
    plan, _ = SupportPlan.objects.get_or_create(
        referral=referral, defaults={"partnership_id": referral.partnership_id}
    )
    latest = plan.versions.order_by("-number").first()
    if draft_refusal(latest):
        raise Refused(draft_refusal(latest))
    version = SupportPlanVersion.objects.create(
        plan=plan, number=(latest.number + 1) if latest else 1, drafted_by=viewer.user
    )
    copied = 0
    if latest is not None:
        findings = {finding.factor_id: finding for finding in latest_findings(referral)}
        for need in latest.needs.select_related("data_key").prefetch_related("interventions"):
            copy = PlanNeed(
                version=version,
                position=need.position,
                factor_id=need.factor_id,
                finding=findings.get(need.factor_id, need.finding),
                data_key=referral.data_key,
            )
            vault.assign(copy, need=need.need, outcome=need.outcome)
            copy.save()
            copy.interventions.set(need.interventions.all())
            copied += 1
    what = f"Support plan version {version.number} drafted" + (
        f" from version {latest.number}" if latest else ""
    )
    add_event(referral, EventKind.SUPPORT_PLAN, what, viewer.user)
    audit(
        viewer,
        "cases.support_plan.drafted",
        referral,
        {
            "version": {"from": latest.number if latest else None, "to": version.number},
            "needs_copied": {"from": None, "to": copied},
        },
    )
    return version


@transaction.atomic
def sign_off_plan_version(
    *, viewer: Viewer, version: SupportPlanVersion, signed_off_on: dt.date
) -> SupportPlanVersion:
    """The chair agrees the draft: it is locked and is the plan in force; the version
    it replaces is superseded (and stays readable)."""
    referral, version = _locked_version(version)
    same_partnership(viewer, referral)
    workflow.require(viewer, referral, Move.SIGN_OFF_SUPPORT_PLAN)
    _require_draft(version)
    needs = list(version.needs.prefetch_related("interventions"))
    if not needs:
        raise Refused("Add at least one need before the plan is signed off.")
    unmet = [need.position for need in needs if not need.interventions.all()]
    if unmet:
        raise Refused(
            "Link at least one intervention to every need before the plan is signed off "
            f"(need {', '.join(str(position) for position in unmet)})."
        )
    if signed_off_on > timezone.localdate():
        raise Refused("The date of sign-off must be today or in the past", field="signed_off_on")
    if signed_off_on < timezone.localdate(referral.received_at):
        raise Refused(
            "The date of sign-off cannot be before the referral was received", field="signed_off_on"
        )
    before = (
        SupportPlanVersion.objects.select_for_update()
        .filter(plan=version.plan, signed_off_on__isnull=False, superseded_on__isnull=True)
        .first()
    )
    if before is not None:
        assert before.signed_off_on is not None
        if signed_off_on < before.signed_off_on:
            raise Refused(
                f"The date of sign-off cannot be before version {before.number} was signed off "
                f"({before.signed_off_on:%-d %B %Y})",
                field="signed_off_on",
            )
        before.superseded_on = signed_off_on
        before.save(update_fields=["superseded_on"])
    version.signed_off_by = viewer.user
    version.signed_off_on = signed_off_on
    version.save(update_fields=["signed_off_by", "signed_off_on"])
    add_event(
        referral,
        EventKind.SUPPORT_PLAN,
        f"Support plan version {version.number} signed off by the chair ({len(needs)} "
        f"need{'s' if len(needs) != 1 else ''})",
        viewer.user,
    )
    audit(
        viewer,
        "cases.support_plan.signed_off",
        referral,
        {
            "version": {"from": before.number if before else None, "to": version.number},
            "signed_off_on": {"from": None, "to": signed_off_on.isoformat()},
        },
    )
    return version


# --- needs ---------------------------------------------------------------------------------


def _checked_need_input(
    referral: Referral,
    finding: FactorFinding | None,
    need: str,
    outcome: str,
    interventions: Iterable[Intervention],
) -> tuple[FactorFinding, list[Intervention]]:
    if finding is None or not latest_findings(referral).filter(pk=finding.pk).exists():
        if not VulnerabilityAssessment.objects.filter(referral=referral).exists():
            raise Refused("Record a vulnerability assessment first: each need addresses one of its factors.")
        raise Refused("Select a factor of the latest vulnerability assessment", field="finding")
    if not need.strip():
        raise Refused("Enter the need", field="need")
    if not outcome.strip():
        raise Refused("Enter the outcome the support should achieve", field="outcome")
    chosen = list(interventions)
    if any(intervention.referral_id != referral.pk for intervention in chosen):
        raise Refused("Choose interventions of this case", field="interventions")
    return finding, chosen


@transaction.atomic
def add_plan_need(
    *,
    viewer: Viewer,
    version: SupportPlanVersion,
    finding: FactorFinding | None,
    need: str,
    outcome: str,
    interventions: Iterable[Intervention] = (),
) -> PlanNeed:
    referral, version = _locked_version(version)
    same_partnership(viewer, referral)
    workflow.require(viewer, referral, Move.DRAFT_SUPPORT_PLAN)
    _require_draft(version)
    finding, chosen = _checked_need_input(referral, finding, need, outcome, interventions)
    position = (version.needs.aggregate(last=Max("position"))["last"] or 0) + 1
    added = PlanNeed(
        version=version,
        position=position,
        factor_id=finding.factor_id,
        finding=finding,
        data_key=referral.data_key,
    )
    vault.assign(added, need=need.strip(), outcome=outcome.strip())
    added.save()
    added.interventions.set(chosen)
    add_event(
        referral,
        EventKind.SUPPORT_PLAN,
        f"Need {position} added to support plan version {version.number}",
        viewer.user,
    )
    audit(
        viewer,
        "cases.support_plan.need_added",
        referral,
        {
            "version": {"from": None, "to": version.number},
            "need": {"from": None, "to": str(added.uuid)},
            "interventions": {"from": None, "to": sorted(str(i.uuid) for i in chosen)},
            **personal("factor", "need", "outcome"),
        },
    )
    return added


def _locked_need(need: PlanNeed) -> tuple[Referral, SupportPlanVersion, PlanNeed]:
    referral, version = _locked_version(need.version)
    need = PlanNeed.objects.select_related("data_key").select_for_update().get(pk=need.pk)
    return referral, version, need


@transaction.atomic
def change_plan_need(
    *,
    viewer: Viewer,
    need: PlanNeed,
    finding: FactorFinding | None,
    need_text: str,
    outcome: str,
    interventions: Iterable[Intervention] = (),
) -> PlanNeed:
    referral, version, need = _locked_need(need)
    same_partnership(viewer, referral)
    workflow.require(viewer, referral, Move.DRAFT_SUPPORT_PLAN)
    _require_draft(version)
    finding, chosen = _checked_need_input(referral, finding, need_text, outcome, interventions)
    before = sorted(str(i.uuid) for i in need.interventions.all())
    changes: dict[str, Any] = {}
    # Which factor a need addresses is as personal as the assessment's findings.
    text_changed = [
        name
        for name, value in (("need", need_text.strip()), ("outcome", outcome.strip()))
        if getattr(need, name) != value
    ] + (["factor"] if need.factor_id != finding.factor_id else [])
    need.factor_id = finding.factor_id
    need.finding = finding
    vault.assign(need, need=need_text.strip(), outcome=outcome.strip())
    need.save(update_fields=["factor", "finding", "need_sealed", "outcome_sealed"])
    need.interventions.set(chosen)
    after = sorted(str(i.uuid) for i in chosen)
    if before != after:
        changes["interventions"] = {"from": before, "to": after}
    add_event(
        referral,
        EventKind.SUPPORT_PLAN,
        f"Need {need.position} of support plan version {version.number} changed",
        viewer.user,
    )
    audit(
        viewer,
        "cases.support_plan.need_changed",
        referral,
        {"need": {"from": str(need.uuid), "to": str(need.uuid)}, **changes, **personal(*text_changed)},
    )
    return need


@transaction.atomic
def remove_plan_need(*, viewer: Viewer, need: PlanNeed) -> SupportPlanVersion:
    referral, version, need = _locked_need(need)
    same_partnership(viewer, referral)
    workflow.require(viewer, referral, Move.DRAFT_SUPPORT_PLAN)
    _require_draft(version)
    position, removed = need.position, str(need.uuid)
    need.delete()
    # The needs keep consecutive numbers.
    for later in version.needs.filter(position__gt=position).order_by("position"):
        later.position -= 1
        later.save(update_fields=["position"])
    add_event(
        referral,
        EventKind.SUPPORT_PLAN,
        f"Need {position} removed from support plan version {version.number}",
        viewer.user,
    )
    audit(viewer, "cases.support_plan.need_removed", referral, {"need": {"from": removed, "to": None}})
    return version


# --- progress ------------------------------------------------------------------------------


def held_support_reviews(referral: Referral) -> QuerySet[Review]:
    """The reviews of support held for the case, which progress can be recorded at."""
    return referral.reviews.filter(kind=ReviewKind.SUPPORT, held_on__isnull=False).order_by("-held_on", "-id")


@transaction.atomic
def record_plan_progress(
    *,
    viewer: Viewer,
    version: SupportPlanVersion,
    reviewed_on: dt.date,
    entries: Mapping[int, tuple[str, str]],
    review: Review | None = None,
) -> PlanProgressReview:
    """Progress against every need of the version in force, at a review: `entries`
    maps each need's id to its rating and a note."""
    referral, version = _locked_version(version)
    same_partnership(viewer, referral)
    workflow.require(viewer, referral, Move.RECORD_PLAN_PROGRESS)
    if progress_refusal(version):
        raise Refused(progress_refusal(version))
    assert version.signed_off_on is not None
    if reviewed_on > timezone.localdate():
        raise Refused("The date of the review must be today or in the past", field="reviewed_on")
    if reviewed_on < version.signed_off_on:
        raise Refused(
            "The date of the review cannot be before the plan was signed off "
            f"({version.signed_off_on:%-d %B %Y})",
            field="reviewed_on",
        )
    if review is not None and not held_support_reviews(referral).filter(pk=review.pk).exists():
        raise Refused("Select a review of support held for this case", field="review")
    needs = list(version.needs.select_related("data_key"))
    for need in needs:
        rating, _ = entries.get(need.pk, ("", ""))
        if rating not in ProgressRating.values:
            raise Refused(
                f"Select the progress against need {need.position}", field=f"rating_{need.position}"
            )
    recorded = PlanProgressReview.objects.create(
        version=version, reviewed_on=reviewed_on, review=review, recorded_by=viewer.user
    )
    noted = []
    for need in needs:
        rating, note = entries[need.pk]
        entry = NeedProgress(progress_review=recorded, need=need, rating=rating, data_key=referral.data_key)
        entry.note = note.strip()
        entry.save()
        if note.strip():
            noted.append(f"note_{need.position}")
    add_event(
        referral,
        EventKind.SUPPORT_PLAN,
        f"Progress against support plan version {version.number} recorded for the review of "
        f"{reviewed_on:%-d %B %Y}",
        viewer.user,
    )
    audit(
        viewer,
        "cases.support_plan.progress_recorded",
        referral,
        {
            "version": {"from": None, "to": version.number},
            "reviewed_on": {"from": None, "to": reviewed_on.isoformat()},
            "needs": {"from": None, "to": len(needs)},
            **personal("ratings", *noted),
        },
    )
    return recorded

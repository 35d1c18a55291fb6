"""A case's support plan: the version in force (or the draft, before one is signed off)
with its needs, the interventions that meet each and progress at each review, and every
earlier version, readable as it was signed off. The case team reads it; the coordinator
and chair draft and revise it; the chair signs it off. An intervention provider, a panel
member and anyone from another partnership get 404. Every page is audited as a view of
the case. The page's queries do not grow with its needs, interventions or reviews."""

from __future__ import annotations

from typing import Any
from uuid import UUID

from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, render
from django.utils import timezone

from accounts.access import Viewer, partnership_view
from cases import access, actions, support_plan, workflow
from cases.forms.plan import DraftPlanForm, NeedForm, ProgressForm, RemoveNeedForm, SignOffForm
from cases.models import (
    NeedProgress,
    PlanNeed,
    Referral,
    SupportPlanVersion,
)
from cases.tabs import case_tab_url
from cases.workflow import Move, Permissions
from govuk.links import uuid_url
from govuk.pages import Done, form_page, posted

# --- reading -------------------------------------------------------------------------------


def _version(viewer: Viewer, uuid: object) -> SupportPlanVersion:
    return get_object_or_404(
        SupportPlanVersion.objects.select_related(
            "plan__referral__data_key", "plan__referral__person__data_key"
        ).filter(plan__referral__in=access.referrals(viewer)),
        uuid=uuid,
    )


def _need(viewer: Viewer, uuid: object) -> PlanNeed:
    return get_object_or_404(
        PlanNeed.objects.select_related(
            "data_key", "version__plan__referral__data_key", "version__plan__referral__person__data_key"
        ).filter(version__plan__referral__in=access.referrals(viewer)),
        uuid=uuid,
    )


def plan_url(referral: Referral) -> str:
    return uuid_url("cases:plan_detail", referral.uuid)


def version_url(version: SupportPlanVersion) -> str:
    return uuid_url("cases:plan_version", version.uuid)


def _plan_page(
    request: HttpRequest, viewer: Viewer, referral: Referral, version: SupportPlanVersion | None
) -> HttpResponse:
    versions = support_plan.versions_of(referral)
    if version is None:
        version = next((v for v in versions if v.in_force), None) or (versions[0] if versions else None)
    else:  # the same version, as read with the others (with who drafted and signed it off)
        version = next(v for v in versions if v.pk == version.pk)
    needs = support_plan.needs_of(version) if version else []
    progress = support_plan.progress_of(version, needs) if version else []
    latest: dict[int, NeedProgress | None] = {}
    for shown in progress:
        for need, entry in shown["rows"]:
            latest[need.pk] = entry or latest.get(need.pk)
    what = f"support plan version {version.number}" if version else "support plan"
    actions.record_view(viewer=viewer, referral=referral, what=what)
    draft = next((v for v in versions if v.is_draft), None)
    return render(
        request,
        "cases/plan_detail.html",
        {
            "referral": referral,
            "version": version,
            "versions": versions,
            "draft": draft,
            "in_force": next((v for v in versions if v.in_force), None),
            "needs": [(need, latest.get(need.pk)) for need in needs],
            "progress": progress,
            "can": Permissions(viewer, referral),
            "back_url": case_tab_url(referral, "panel"),
        },
    )


@partnership_view(*access.CASE_TEAM, two_factor=True)
def plan_detail(request: HttpRequest, viewer: Viewer, uuid: UUID) -> HttpResponse:
    """The plan in force, or its draft before any version is signed off."""
    referral = access.get_referral(viewer, uuid)
    return _plan_page(request, viewer, referral, None)


@partnership_view(*access.CASE_TEAM, two_factor=True)
def plan_version(request: HttpRequest, viewer: Viewer, uuid: UUID) -> HttpResponse:
    version = _version(viewer, uuid)
    return _plan_page(request, viewer, version.plan.referral, version)


# --- writing -------------------------------------------------------------------------------


def _shown(viewer: Viewer, referral: Referral, what: str) -> Any:
    return lambda: actions.record_view(viewer=viewer, referral=referral, what=what)


@partnership_view(*Move.DRAFT_SUPPORT_PLAN.roles, two_factor=True)
def plan_draft(request: HttpRequest, viewer: Viewer, uuid: UUID) -> HttpResponse:
    referral = access.get_referral(viewer, uuid)
    current = support_plan.summary(referral)
    draft = current["draft"]

    def save(data: dict[str, Any]) -> Done:
        version = actions.draft_plan_version(viewer=viewer, referral=referral)
        return Done(version_url(version), f"Version {version.number} of the support plan drafted")

    blocked = workflow.stage_refusal(referral, Move.DRAFT_SUPPORT_PLAN)
    blocked = blocked or actions.draft_refusal(draft)
    return form_page(
        request,
        DraftPlanForm(posted(request)),
        save=save,
        template="cases/plan_draft_form.html",
        context={
            "referral": referral,
            "back_url": plan_url(referral),
            "blocked": blocked,
            "in_force": current["in_force"],
        },
        shown=_shown(viewer, referral, "support plan draft form"),
    )


def _need_form(request: HttpRequest, referral: Referral, need: PlanNeed | None = None) -> NeedForm:
    initial = {}
    if need is not None:
        initial = {
            "finding": need.finding.uuid if need.finding else None,
            "need": need.need,
            "outcome": need.outcome,
            "interventions": [intervention.uuid for intervention in need.interventions.all()],
        }
    return NeedForm(
        posted(request),
        initial=initial,
        findings=actions.latest_findings(referral),
        interventions=referral.interventions.select_related("intervention_type").order_by(
            "status", "starts_on", "id"
        ),
    )


def _need_blocked(referral: Referral, version: SupportPlanVersion) -> str:
    blocked = workflow.stage_refusal(referral, Move.DRAFT_SUPPORT_PLAN) or actions.locked_refusal(version)
    if not blocked and not actions.latest_findings(referral).exists():
        blocked = "Record a vulnerability assessment first: each need addresses one of its factors."
    return blocked


@partnership_view(*Move.DRAFT_SUPPORT_PLAN.roles, two_factor=True)
def plan_need_create(request: HttpRequest, viewer: Viewer, uuid: UUID) -> HttpResponse:
    version = _version(viewer, uuid)
    referral = version.plan.referral

    def save(data: dict[str, Any]) -> Done:
        actions.add_plan_need(viewer=viewer, version=version, **data)
        return Done(version_url(version), "Need added")

    return form_page(
        request,
        _need_form(request, referral),
        save=save,
        template="cases/plan_need_form.html",
        context={
            "referral": referral,
            "version": version,
            "back_url": version_url(version),
            "blocked": _need_blocked(referral, version),
            "heading": f"Add a need to version {version.number}",
            "submit": "Add need",
        },
        shown=_shown(viewer, referral, "support plan need form"),
    )


@partnership_view(*Move.DRAFT_SUPPORT_PLAN.roles, two_factor=True)
def plan_need_edit(request: HttpRequest, viewer: Viewer, uuid: UUID) -> HttpResponse:
    need = _need(viewer, uuid)
    version = need.version
    referral = version.plan.referral

    def save(data: dict[str, Any]) -> Done:
        actions.change_plan_need(
            viewer=viewer,
            need=need,
            finding=data["finding"],
            need_text=data["need"],
            outcome=data["outcome"],
            interventions=data["interventions"],
        )
        return Done(version_url(version), f"Need {need.position} changed")

    return form_page(
        request,
        _need_form(request, referral, need),
        save=save,
        template="cases/plan_need_form.html",
        context={
            "referral": referral,
            "version": version,
            "back_url": version_url(version),
            "blocked": _need_blocked(referral, version),
            "heading": f"Change need {need.position} of version {version.number}",
            "submit": "Save need",
        },
        shown=_shown(viewer, referral, "support plan need form"),
    )


@partnership_view(*Move.DRAFT_SUPPORT_PLAN.roles, two_factor=True)
def plan_need_remove(request: HttpRequest, viewer: Viewer, uuid: UUID) -> HttpResponse:
    need = _need(viewer, uuid)
    version = need.version
    referral = version.plan.referral

    def save(data: dict[str, Any]) -> Done:
        actions.remove_plan_need(viewer=viewer, need=need)
        return Done(version_url(version), f"Need {need.position} removed")

    return form_page(
        request,
        RemoveNeedForm(posted(request)),
        save=save,
        template="cases/plan_need_remove_form.html",
        context={
            "referral": referral,
            "version": version,
            "need": need,
            "back_url": version_url(version),
            "blocked": workflow.stage_refusal(referral, Move.DRAFT_SUPPORT_PLAN)
            or actions.locked_refusal(version),
        },
        shown=_shown(viewer, referral, "support plan need removal form"),
    )


@partnership_view(*Move.SIGN_OFF_SUPPORT_PLAN.roles, two_factor=True)
def plan_sign_off(request: HttpRequest, viewer: Viewer, uuid: UUID) -> HttpResponse:
    version = _version(viewer, uuid)
    referral = version.plan.referral

    def save(data: dict[str, Any]) -> Done:
        actions.sign_off_plan_version(viewer=viewer, version=version, signed_off_on=data["signed_off_on"])
        return Done(version_url(version), f"Version {version.number} of the support plan signed off")

    return form_page(
        request,
        SignOffForm(posted(request), initial={"signed_off_on": timezone.localdate()}),
        save=save,
        template="cases/plan_sign_off_form.html",
        context={
            "referral": referral,
            "version": version,
            "needs": support_plan.needs_of(version),
            "back_url": version_url(version),
            "blocked": workflow.stage_refusal(referral, Move.SIGN_OFF_SUPPORT_PLAN)
            or actions.locked_refusal(version),
        },
        shown=_shown(viewer, referral, "support plan sign-off form"),
    )


@partnership_view(*Move.RECORD_PLAN_PROGRESS.roles, two_factor=True)
def plan_progress(request: HttpRequest, viewer: Viewer, uuid: UUID) -> HttpResponse:
    version = _version(viewer, uuid)
    referral = version.plan.referral
    needs = support_plan.needs_of(version)

    def save(data: dict[str, Any]) -> Done:
        actions.record_plan_progress(
            viewer=viewer,
            version=version,
            reviewed_on=data["reviewed_on"],
            review=data["review"],
            entries=form.entries(),
        )
        return Done(version_url(version), "Progress recorded")

    form = ProgressForm(
        posted(request),
        initial={"reviewed_on": timezone.localdate()},
        needs=needs,
        reviews=actions.held_support_reviews(referral),
    )
    blocked = workflow.stage_refusal(referral, Move.RECORD_PLAN_PROGRESS) or actions.progress_refusal(version)
    return form_page(
        request,
        form,
        save=save,
        template="cases/plan_progress_form.html",
        context={
            "referral": referral,
            "version": version,
            "back_url": version_url(version),
            "blocked": blocked,
        },
        shown=_shown(viewer, referral, "support plan progress form"),
    )

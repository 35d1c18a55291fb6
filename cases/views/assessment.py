"""Once a referral is progressed to Channel: information shared with partners, and the
vulnerability assessments, versioned and compared between versions (never scored). The
coordinator adds local factors to the assessment framework."""

from __future__ import annotations

import datetime as dt
from typing import Any
from uuid import UUID

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone

from accounts.access import Viewer, partnership_view
from accounts.models import Role
from cases import access, actions, queries
from cases.forms.assessment import (
    AssessmentForm,
    FactorForm,
    FrameworkChoiceForm,
    SharingAnswerForm,
    SharingForm,
)
from cases.models import AssessmentFramework, FrameworkChoice
from cases.tabs import case_page, case_tab_url
from cases.workflow import Move
from govuk.pages import Done, form_page, posted
from govuk.paging import keyset_page
from lib.errors import Refused

PAGE_SIZE = 50


def _start_of(day: dt.date) -> dt.datetime:
    return timezone.make_aware(dt.datetime.combine(day, dt.time(9)))


@partnership_view(*access.CASE_TEAM, two_factor=True)
def case_assessment(request: HttpRequest, viewer: Viewer, uuid: UUID) -> HttpResponse:
    """Information shared with partners and the vulnerability assessments."""
    referral = access.get_referral(viewer, uuid)
    context = {
        "sharing": referral.sharing_requests.all(),
        "assessments": referral.assessments.select_related("author").only(
            "uuid", "version", "assessed_on", "author__full_name"
        ),
    }
    return case_page(request, viewer, referral, "assessment", context)


@partnership_view(*Move.SHARE_INFORMATION.roles, two_factor=True)
def sharing_create(request: HttpRequest, viewer: Viewer, uuid: UUID) -> HttpResponse:
    referral = access.get_referral(viewer, uuid)
    back = case_tab_url(referral, "assessment")

    def save(data: dict[str, Any]) -> Done:
        actions.record_sharing(
            viewer=viewer,
            referral=referral,
            direction=data["direction"],
            partner=data["partner"],
            partner_contact=data["partner_contact"],
            legal_basis=data["legal_basis"],
            subject=data["subject"],
            sent_at=min(_start_of(data["sent_on"]), timezone.now()),
            due_on=data["due_on"],
        )
        return Done(back, "Information sharing recorded")

    return form_page(
        request,
        SharingForm(posted(request), initial={"sent_on": timezone.localdate()}),
        save=save,
        template="cases/sharing_form.html",
        context={"referral": referral, "back_url": back},
        shown=lambda: actions.record_view(viewer=viewer, referral=referral, what="sharing_form"),
    )


@partnership_view(*Move.SHARE_INFORMATION.roles, two_factor=True)
def sharing_answer(request: HttpRequest, viewer: Viewer, uuid: UUID) -> HttpResponse:
    sharing = access.get_sharing_request(viewer, uuid)
    back = case_tab_url(sharing.referral, "assessment")

    def save(data: dict[str, Any]) -> Done:
        answered_at = max(min(_start_of(data["answered_on"]), timezone.now()), sharing.sent_at)
        actions.record_sharing_answer(
            viewer=viewer, sharing=sharing, response=data["response"], answered_at=answered_at
        )
        return Done(back, "Answer recorded")

    return form_page(
        request,
        SharingAnswerForm(posted(request), initial={"answered_on": timezone.localdate()}),
        save=save,
        template="cases/sharing_answer_form.html",
        context={"sharing": sharing, "referral": sharing.referral, "back_url": back},
        shown=lambda: actions.record_view(viewer=viewer, referral=sharing.referral, what="sharing answer"),
    )


def _assessed_separately(framework: AssessmentFramework) -> str:
    if set(framework.sections.values_list("code", flat=True)) == {"engagement", "intent", "capability"}:
        return "Engagement, intent and capability are assessed separately."
    return "Each part of the framework is assessed separately."


@partnership_view(*Move.ASSESS.roles, two_factor=True)
def assessment_create(request: HttpRequest, viewer: Viewer, uuid: UUID) -> HttpResponse:
    referral = access.get_referral(viewer, uuid)
    try:
        framework = actions.framework_for(viewer.partnership, timezone.localdate())
        factors = actions.factors_for(viewer.partnership, framework)
    except Refused as refused:
        messages.error(request, refused.message)
        return redirect("cases:referral_detail", uuid=referral.uuid)
    previous = referral.assessments.select_related("framework").first()
    initial: dict[str, Any] = {"assessed_on": timezone.localdate()}
    if previous:
        initial |= {"summary": previous.summary, "management_plan": previous.management_plan}
    if previous and previous.framework_id == framework.pk:
        for finding in previous.findings.select_related("data_key"):
            initial[f"finding_{finding.factor_id}"] = finding.finding
            initial[f"evidence_{finding.factor_id}"] = finding.evidence
    form = AssessmentForm(posted(request), factors=factors, initial=initial)

    def save(data: dict[str, Any]) -> Done:
        assessment = actions.record_assessment(
            viewer=viewer,
            referral=referral,
            assessed_on=data["assessed_on"],
            findings=form.findings(),
            summary=data["summary"],
            management_plan=data["management_plan"],
        )
        return Done(
            reverse("cases:assessment_detail", kwargs={"uuid": assessment.uuid}),
            f"Vulnerability assessment version {assessment.version} recorded",
        )

    return form_page(
        request,
        form,
        save=save,
        template="cases/assessment_form.html",
        context={
            "referral": referral,
            "previous": previous,
            "framework": framework,
            "assessed_separately": _assessed_separately(framework),
        },
        shown=lambda: actions.record_view(viewer=viewer, referral=referral, what="assessment form"),
    )


@partnership_view(*access.CASE_TEAM, two_factor=True)
def assessment_detail(request: HttpRequest, viewer: Viewer, uuid: UUID) -> HttpResponse:
    assessment = access.get_assessment(viewer, uuid)
    referral = assessment.referral
    actions.record_view(viewer=viewer, referral=referral, what=f"assessment version {assessment.version}")
    earlier = referral.assessments.filter(version__lt=assessment.version).select_related("framework")
    # Versions compare only within one framework: factors of two frameworks do not match.
    previous = earlier.filter(framework=assessment.framework_id).first()
    # Later versions than the one compared with, recorded with another framework: named, not compared.
    other_framework = [
        other
        for other in earlier.exclude(framework=assessment.framework_id)
        if previous is None or other.version > previous.version
    ]
    findings = assessment.findings.select_related("factor__section", "data_key").order_by(
        "factor__section__position", "factor__position", "factor__id"
    )
    grouped: dict[str, list[Any]] = {}
    for finding in findings:
        grouped.setdefault(finding.factor.section.name, []).append(finding)
    return render(
        request,
        "cases/assessment_detail.html",
        {
            "assessment": assessment,
            "referral": referral,
            "grouped": grouped.items(),
            "previous": previous,
            "other_framework": other_framework,
            "changes": queries.assessment_changes(assessment, previous),
            "versions": referral.assessments.only("uuid", "version", "assessed_on"),
        },
    )


@partnership_view(Role.COORDINATOR, two_factor=True)
def factors(request: HttpRequest, viewer: Viewer) -> HttpResponse:
    framework: AssessmentFramework | None
    try:
        framework = actions.framework_for(viewer.partnership, timezone.localdate())
        listed = actions.factors_for(viewer.partnership, framework)
    except Refused:
        framework, listed = None, []
    grouped: dict[str, list[Any]] = {}
    for factor in listed:
        grouped.setdefault(factor.section.name, []).append(factor)

    def save(data: dict[str, Any]) -> Done:
        factor = actions.add_local_factor(viewer=viewer, **data)
        return Done(reverse("cases:factors"), f"{factor.name} added to the framework for this partnership")

    return form_page(
        request,
        FactorForm(posted(request), framework=framework),
        save=save,
        template="cases/factors.html",
        context={"framework": framework, "grouped": grouped.items()},
    )


@partnership_view(Role.COORDINATOR, two_factor=True)
def framework_choice(request: HttpRequest, viewer: Viewer) -> HttpResponse:
    """The framework the partnership's new assessments use, from a date, and the choices
    made before."""
    today = timezone.localdate()
    try:
        in_force: AssessmentFramework | None = actions.framework_for(viewer.partnership, today)
    except Refused:
        in_force = None
    frameworks = list(AssessmentFramework.objects.order_by("name", "published_on", "version"))
    choices = FrameworkChoice.objects.filter(partnership=viewer.partnership).select_related(
        "framework", "chosen_by"
    )

    def save(data: dict[str, Any]) -> Done:
        choice = actions.choose_framework(
            viewer=viewer, framework_id=data["framework"], starts_on=data["starts_on"]
        )
        return Done(
            reverse("cases:framework_choice"),
            f"New assessments dated from {choice.starts_on.day} {choice.starts_on:%B %Y} will use the "
            f"{choice.framework}",
        )

    return form_page(
        request,
        FrameworkChoiceForm(posted(request), frameworks=frameworks),
        save=save,
        template="cases/framework_choice.html",
        context={"in_force": in_force, "choices": choices, "today": today},
    )


@partnership_view(*Move.SHARE_INFORMATION.roles, two_factor=True)
def sharing_list(request: HttpRequest, viewer: Viewer) -> HttpResponse:
    """Requests for information still waiting for a partner's answer; `?overdue=yes`
    keeps those past their due date, as the home page counts them."""
    today = timezone.localdate()
    overdue = request.GET.get("overdue") == "yes"
    waiting = queries.waiting_answers(access.sharing_requests(viewer))
    if overdue:
        waiting = waiting.filter(due_on__lt=today)
    page = keyset_page(
        request,
        waiting.select_related("referral__data_key"),
        keys=("due_on", "id"),
        size=PAGE_SIZE,
        noun="requests",
    )
    actions.record_list_view(viewer=viewer, what="requests for information")
    return render(request, "cases/sharing_list.html", {"page": page, "overdue": overdue, "today": today})

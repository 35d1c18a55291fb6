"""The case team's pages: the gateway queue, the list of referrals, a referral with its
chronology, and the forms for identity, gateway, information sharing and assessment.
Every view of a referral page is audited."""

from __future__ import annotations

import datetime as dt
from typing import Any
from uuid import UUID

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.http import content_disposition_header

from accounts.access import Viewer, partnership_view
from accounts.models import Role
from cases import access, actions, queries, views_lifecycle, workflow
from cases.forms import (
    AssessmentForm,
    DeconflictionForm,
    DocumentForm,
    FactorForm,
    GatewayDecisionForm,
    SharingAnswerForm,
    SharingForm,
    SpecialCategoryForm,
)
from cases.models import SPECIAL_CATEGORIES, Person, Referral, ReferralState
from cases.tabs import CASE_TABS, TABS, case_tab_url
from cases.views_support import support_section
from govuk.paging import keyset_page
from lib.errors import Refused

PAGE_SIZE = 50


def _refused(form: Any, refused: Refused) -> None:
    form.add_error(refused.field if refused.field in form.fields else None, refused.message)


def _start_of(day: dt.date) -> dt.datetime:
    return timezone.make_aware(dt.datetime.combine(day, dt.time(9)))


@partnership_view(*access.CASE_TEAM, two_factor=True)
def queue(request: HttpRequest, viewer: Viewer) -> HttpResponse:
    waiting = queries.waiting_queue(viewer.partnership)
    page = keyset_page(request, waiting, keys=("received_at", "id"), size=PAGE_SIZE, noun="referrals")
    return render(
        request,
        "cases/queue.html",
        {
            "page": page,
            "rows": queries.queue_rows(page.items, viewer.partnership.gateway_target_days),
            "waiting": waiting.count(),
            "target": viewer.partnership.gateway_target_days,
        },
    )


@partnership_view(*access.CASE_TEAM, two_factor=True)
def case_list(request: HttpRequest, viewer: Viewer) -> HttpResponse:
    state = request.GET.get("state", "")
    referrals = (
        access.referrals(viewer)
        .select_related("person", "concern_type")
        .only(
            "uuid",
            "reference",
            "state",
            "received_at",
            "subject_given_names",
            "subject_family_name",
            "person__given_names",
            "person__family_name",
            "concern_type__label",
        )
    )
    if state in ReferralState.values:
        referrals = referrals.filter(state=state)
    page = keyset_page(request, referrals, keys=("-received_at", "-id"), size=PAGE_SIZE, noun="referrals")
    return render(
        request,
        "cases/case_list.html",
        {
            "page": page,
            "states": ReferralState.choices,
            "state": state,
            "incoming": access.incoming_transfers(viewer).count(),
            "keeps_retention": viewer.has_any(*access.RETENTION_KEEPERS),
            "coordinator": viewer.has_any(Role.COORDINATOR),
        },
    )


def _case_page(
    request: HttpRequest, viewer: Viewer, referral: Referral, name: str, context: dict[str, Any]
) -> HttpResponse:
    """Render one page of a case (cases/case_<name>.html) under the case's header and
    sub-navigation, after auditing the view."""
    current = TABS[name]
    actions.record_view(
        viewer=viewer,
        referral=referral,
        what="case" if name == "summary" else f"case {current.label.lower()}",
    )
    tabs = [
        {"label": tab.label, "url": case_tab_url(referral, tab.name), "current": tab is current}
        for tab in CASE_TABS
        if viewer.has_any(*tab.roles)
    ]
    return render(
        request,
        f"cases/case_{name}.html",
        {
            "referral": referral,
            "person": referral.person,
            "team": viewer.has_any(*access.CASE_TEAM),
            "tabs": tabs,
            "tab": current,
            **context,
        },
    )


@partnership_view(*access.CASE_READERS, two_factor=True)
def referral_detail(request: HttpRequest, viewer: Viewer, uuid: UUID) -> HttpResponse:
    """The case's summary: the referral, the person, the gateway and the chronology."""
    referral = access.get_referral(viewer, uuid)
    team = viewer.has_any(*access.CASE_TEAM)
    identity_open = viewer.has_any(*access.IDENTIFIERS) and workflow.allowed(referral, "decide_identity")
    person = referral.person
    context: dict[str, Any] = {
        "gateway": access.gateway_of(referral) if team else None,
        "special": _special(person) if access.sees_special_categories(viewer) and person else None,
        "referrals_of_person": (
            person.referrals.only("uuid", "reference", "received_at", "state", "person_id").order_by(
                "received_at"
            )
            if person
            else []
        ),
        "events": queries.chronology(referral)[:200],
        "candidates": (
            queries.possible_matches(referral.partnership, queries.subject_record(referral))
            if identity_open and person is None
            else []
        ),
        "can": {
            "identify": identity_open and person is None,
            "deconflict": viewer.has_any(*access.GATEKEEPERS) and workflow.allowed(referral, "deconflict"),
            "decide": viewer.has_any(*access.GATEKEEPERS) and workflow.allowed(referral, "gateway_decision"),
            "special": team and person is not None,
            "correct": person is not None and viewer.has_any(*access.IDENTIFIERS),
            "subject_access": person is not None and viewer.has_any(Role.COORDINATOR),
            **_next_steps(viewer, referral),
        },
    }
    return _case_page(request, viewer, referral, "summary", context)


def _next_steps(viewer: Viewer, referral: Referral) -> dict[str, bool]:
    """The case team's buttons for the work a case's stage allows, shown on the summary
    and on the page of the part of the record they add to."""
    return {
        "share": viewer.has_any(*access.SHARERS) and workflow.allowed(referral, "share_information"),
        "assess": viewer.has_any(*access.ASSESSORS) and workflow.allowed(referral, "assess"),
        "consent": viewer.has_any(*access.CONSENT_RECORDERS) and workflow.allowed(referral, "record_consent"),
        "plan": viewer.has_any(*access.PLAN_KEEPERS) and workflow.allowed(referral, "plan_support"),
    }


@partnership_view(*access.CASE_TEAM, two_factor=True)
def case_assessment(request: HttpRequest, viewer: Viewer, uuid: UUID) -> HttpResponse:
    """Information shared with partners and the vulnerability assessments."""
    referral = access.get_referral(viewer, uuid)
    steps = _next_steps(viewer, referral)
    context = {
        "sharing": referral.sharing_requests.all(),
        "assessments": referral.assessments.select_related("author").only(
            "uuid", "version", "assessed_on", "author__full_name"
        ),
        "can": {"share": steps["share"], "assess": steps["assess"]},
    }
    return _case_page(request, viewer, referral, "assessment", context)


@partnership_view(*access.CASE_READERS, two_factor=True)
def case_panel(request: HttpRequest, viewer: Viewer, uuid: UUID) -> HttpResponse:
    """The case at Channel panels, then consent, the support plan and reviews (for the
    case team only: a panel member sees the panels)."""
    referral = access.get_referral(viewer, uuid)
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
        "support": support_section(viewer, referral) if viewer.has_any(*access.CASE_TEAM) else None,
    }
    return _case_page(request, viewer, referral, "panel", context)


@partnership_view(*access.CASE_READERS, two_factor=True)
def case_documents(request: HttpRequest, viewer: Viewer, uuid: UUID) -> HttpResponse:
    referral = access.get_referral(viewer, uuid)
    context = {
        "documents": referral.documents.select_related("uploaded_by"),
        "can_add": viewer.has_any(*access.CASE_TEAM),
    }
    return _case_page(request, viewer, referral, "documents", context)


@partnership_view(*access.CASE_TEAM, two_factor=True)
def case_record(request: HttpRequest, viewer: Viewer, uuid: UUID) -> HttpResponse:
    """Where the case has been transferred, and how long it is kept."""
    referral = access.get_referral(viewer, uuid)
    return _case_page(
        request, viewer, referral, "record", {"section": views_lifecycle.case_section(viewer, referral)}
    )


def _special(person: Person) -> list[tuple[str, str, str]]:
    rows = []
    for name, label in SPECIAL_CATEGORIES.items():
        status, value = person.special_category(name)
        shown = {"recorded": value, "not_known": "Not known", "declined": "Declined to say"}.get(
            status, "Not asked"
        )
        rows.append((name, label, shown))
    return rows


@partnership_view(*access.IDENTIFIERS, two_factor=True)
def identity(request: HttpRequest, viewer: Viewer, uuid: UUID) -> HttpResponse:
    referral = access.get_referral(viewer, uuid)
    if request.method != "POST":
        return redirect("cases:referral_detail", uuid=referral.uuid)
    try:
        if request.POST.get("person"):
            person = get_object_or_404(Person, partnership=viewer.partnership, uuid=request.POST["person"])
            actions.link_to_person(viewer=viewer, referral=referral, person=person)
            messages.success(request, f"{referral.reference} linked to {person.full_name}")
        else:
            actions.confirm_new_person(viewer=viewer, referral=referral)
            messages.success(request, f"{referral.reference} recorded as a person not referred before")
    except Refused as refused:
        messages.error(request, refused.message)
    return redirect("cases:referral_detail", uuid=referral.uuid)


def _case_form(
    request: HttpRequest,
    viewer: Viewer,
    uuid: UUID,
    *,
    form: Any,
    template: str,
    save: Any,
    done: str,
    then: str = "summary",
) -> HttpResponse:
    referral = access.get_referral(viewer, uuid)
    if request.method == "POST" and form.is_valid():
        try:
            save(referral, form.cleaned_data)
        except Refused as refused:
            _refused(form, refused)
        else:
            messages.success(request, done)
            return redirect(case_tab_url(referral, then))
    actions.record_view(
        viewer=viewer, referral=referral, what=template.removeprefix("cases/").removesuffix(".html")
    )
    return render(
        request, template, {"referral": referral, "form": form, "back_url": case_tab_url(referral, then)}
    )


@partnership_view(*access.GATEKEEPERS, two_factor=True)
def deconfliction(request: HttpRequest, viewer: Viewer, uuid: UUID) -> HttpResponse:
    return _case_form(
        request,
        viewer,
        uuid,
        form=DeconflictionForm(request.POST or None),
        template="cases/deconfliction_form.html",
        save=lambda referral, data: actions.record_deconfliction(
            viewer=viewer, referral=referral, checks=data["checks"]
        ),
        done="Deconfliction recorded",
    )


@partnership_view(*access.GATEKEEPERS, two_factor=True)
def gateway_decision(request: HttpRequest, viewer: Viewer, uuid: UUID) -> HttpResponse:
    return _case_form(
        request,
        viewer,
        uuid,
        form=GatewayDecisionForm(request.POST or None, partnership=viewer.partnership),
        template="cases/gateway_decision_form.html",
        save=lambda referral, data: actions.record_gateway_decision(
            viewer=viewer,
            referral=referral,
            decision=data["decision"],
            reasons=data["reasons"],
            signposted_to=data["signposted_to"],
        ),
        done="Gateway decision recorded",
    )


@partnership_view(*access.SHARERS, two_factor=True)
def sharing_create(request: HttpRequest, viewer: Viewer, uuid: UUID) -> HttpResponse:
    return _case_form(
        request,
        viewer,
        uuid,
        form=SharingForm(request.POST or None, initial={"sent_on": timezone.localdate()}),
        template="cases/sharing_form.html",
        save=lambda referral, data: actions.record_sharing(
            viewer=viewer,
            referral=referral,
            direction=data["direction"],
            partner=data["partner"],
            partner_contact=data["partner_contact"],
            legal_basis=data["legal_basis"],
            subject=data["subject"],
            sent_at=min(_start_of(data["sent_on"]), timezone.now()),
        ),
        done="Information sharing recorded",
        then="assessment",
    )


@partnership_view(*access.SHARERS, two_factor=True)
def sharing_answer(request: HttpRequest, viewer: Viewer, uuid: UUID) -> HttpResponse:
    sharing = access.get_sharing_request(viewer, uuid)
    form = SharingAnswerForm(request.POST or None, initial={"answered_on": timezone.localdate()})
    if request.method == "POST" and form.is_valid():
        answered_at = max(min(_start_of(form.cleaned_data["answered_on"]), timezone.now()), sharing.sent_at)
        try:
            actions.record_sharing_answer(
                viewer=viewer,
                sharing=sharing,
                response=form.cleaned_data["response"],
                answered_at=answered_at,
            )
        except Refused as refused:
            _refused(form, refused)
        else:
            messages.success(request, "Answer recorded")
            return redirect(case_tab_url(sharing.referral, "assessment"))
    actions.record_view(viewer=viewer, referral=sharing.referral, what="sharing answer")
    return render(
        request,
        "cases/sharing_answer_form.html",
        {
            "sharing": sharing,
            "referral": sharing.referral,
            "form": form,
            "back_url": case_tab_url(sharing.referral, "assessment"),
        },
    )


@partnership_view(*access.ASSESSORS, two_factor=True)
def assessment_create(request: HttpRequest, viewer: Viewer, uuid: UUID) -> HttpResponse:
    referral = access.get_referral(viewer, uuid)
    try:
        factors = actions.factors_for(viewer.partnership, actions.current_framework())
    except Refused as refused:
        messages.error(request, refused.message)
        return redirect("cases:referral_detail", uuid=referral.uuid)
    previous = referral.assessments.first()
    initial: dict[str, Any] = {"assessed_on": timezone.localdate()}
    if previous:
        initial |= {"summary": previous.summary, "management_plan": previous.management_plan}
        for finding in previous.findings.select_related("data_key"):
            initial[f"finding_{finding.factor_id}"] = finding.finding
            initial[f"evidence_{finding.factor_id}"] = finding.evidence
    form = AssessmentForm(request.POST or None, factors=factors, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            assessment = actions.record_assessment(
                viewer=viewer,
                referral=referral,
                assessed_on=form.cleaned_data["assessed_on"],
                findings=form.findings(),
                summary=form.cleaned_data["summary"],
                management_plan=form.cleaned_data["management_plan"],
            )
        except Refused as refused:
            _refused(form, refused)
        else:
            messages.success(request, f"Vulnerability assessment version {assessment.version} recorded")
            return redirect("cases:assessment_detail", uuid=assessment.uuid)
    actions.record_view(viewer=viewer, referral=referral, what="assessment form")
    return render(
        request, "cases/assessment_form.html", {"referral": referral, "form": form, "previous": previous}
    )


@partnership_view(*access.CASE_TEAM, two_factor=True)
def assessment_detail(request: HttpRequest, viewer: Viewer, uuid: UUID) -> HttpResponse:
    assessment = access.get_assessment(viewer, uuid)
    referral = assessment.referral
    actions.record_view(viewer=viewer, referral=referral, what=f"assessment version {assessment.version}")
    previous = referral.assessments.filter(version__lt=assessment.version).first()
    findings = assessment.findings.select_related("factor", "data_key").order_by(
        "factor__dimension", "factor__position"
    )
    grouped: dict[str, list[Any]] = {}
    for finding in findings:
        grouped.setdefault(finding.factor.get_dimension_display(), []).append(finding)
    return render(
        request,
        "cases/assessment_detail.html",
        {
            "assessment": assessment,
            "referral": referral,
            "grouped": grouped.items(),
            "previous": previous,
            "changes": queries.assessment_changes(assessment, previous),
            "versions": referral.assessments.only("uuid", "version", "assessed_on"),
        },
    )


@partnership_view(*access.CASE_TEAM, two_factor=True)
def special_categories(request: HttpRequest, viewer: Viewer, uuid: UUID) -> HttpResponse:
    referral = access.get_referral(viewer, uuid)
    person = referral.person
    if person is None:
        messages.error(request, "Decide who the referral is about first.")
        return redirect("cases:referral_detail", uuid=referral.uuid)
    initial: dict[str, str] = {}
    for name in SPECIAL_CATEGORIES:
        status, value = person.special_category(name)
        initial |= {f"{name}_status": status, f"{name}_value": value}
    form = SpecialCategoryForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        actions.update_special_categories(viewer=viewer, person=person, values=form.values())
        messages.success(request, "Equality information saved")
        return redirect("cases:referral_detail", uuid=referral.uuid)
    actions.record_view(viewer=viewer, referral=referral, what="special categories")
    return render(request, "cases/special_categories_form.html", {"referral": referral, "form": form})


@partnership_view(Role.COORDINATOR, two_factor=True)
def factors(request: HttpRequest, viewer: Viewer) -> HttpResponse:
    form = FactorForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            factor = actions.add_local_factor(viewer=viewer, **form.cleaned_data)
        except Refused as refused:
            _refused(form, refused)
        else:
            messages.success(request, f"{factor.name} added to the framework for this partnership")
            return redirect("cases:factors")
    try:
        framework = actions.current_framework()
        listed = actions.factors_for(viewer.partnership, framework)
    except Refused:
        framework, listed = None, []
    grouped: dict[str, list[Any]] = {}
    for factor in listed:
        grouped.setdefault(factor.get_dimension_display(), []).append(factor)
    return render(
        request, "cases/factors.html", {"form": form, "framework": framework, "grouped": grouped.items()}
    )


@partnership_view(*access.CASE_TEAM, two_factor=True)
def document_create(request: HttpRequest, viewer: Viewer, uuid: UUID) -> HttpResponse:
    referral = access.get_referral(viewer, uuid)
    form = DocumentForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        try:
            actions.attach_document(
                viewer=viewer,
                referral=referral,
                upload=form.cleaned_data["file"],
                description=form.cleaned_data["description"],
            )
        except Refused as refused:
            _refused(form, refused)
        else:
            messages.success(request, "Document added")
            return redirect(case_tab_url(referral, "documents"))
    actions.record_view(viewer=viewer, referral=referral, what="document form")
    return render(
        request,
        "cases/document_form.html",
        {"referral": referral, "form": form, "back_url": case_tab_url(referral, "documents")},
    )


@partnership_view(*access.CASE_READERS, two_factor=True)
def document_download(request: HttpRequest, viewer: Viewer, uuid: UUID) -> HttpResponse:
    document = access.get_document(viewer, uuid)
    actions.record_view(viewer=viewer, referral=document.referral, what=f"document {document.uuid}")
    response = HttpResponse(actions.open_document(document), content_type=document.content_type)
    response["Content-Disposition"] = content_disposition_header(as_attachment=True, filename=document.name)
    response["Cache-Control"] = "private, no-store"
    return response

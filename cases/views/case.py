"""The case as a whole: the list of referrals and cases, a case's summary with its
chronology, its documents and the person's equality information. Every view of a case
page is audited."""

from __future__ import annotations

from typing import Any
from uuid import UUID

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.http import content_disposition_header

from accounts.access import Viewer, partnership_view
from accounts.models import Role
from cases import access, actions, queries, workflow
from cases.forms.case import DocumentForm, SpecialCategoryForm
from cases.models import SPECIAL_CATEGORIES, Person, ReferralState
from cases.tabs import case_page, case_tab_url
from cases.workflow import Move
from govuk.pages import Done, form_page, posted
from govuk.paging import keyset_page

PAGE_SIZE = 50


@partnership_view(*access.CASE_TEAM, two_factor=True)
def case_list(request: HttpRequest, viewer: Viewer) -> HttpResponse:
    state = request.GET.get("state", "")
    waiting = request.GET.get("waiting", "")
    referrals = (
        access.referrals(viewer)
        .select_related("person__data_key", "concern_type", "data_key")
        # Only what a row shows is read, and only the fifty rows shown are decrypted.
        .only(
            "uuid",
            "reference",
            "state",
            "received_at",
            "data_key",
            "subject_given_names_sealed",
            "subject_family_name_sealed",
            "person__uuid",
            "person__data_key",
            "person__given_names_sealed",
            "person__family_name_sealed",
            "concern_type__label",
        )
    )
    if state in ReferralState.values:
        referrals = referrals.filter(state=state)
    if waiting in queries.WAITING:
        referrals = queries.WAITING[waiting].filter(referrals)
    page = keyset_page(request, referrals, keys=("-received_at", "-id"), size=PAGE_SIZE, noun="referrals")
    actions.record_list_view(viewer=viewer, what="case list")
    return render(
        request,
        "cases/case_list.html",
        {
            "page": page,
            "states": ReferralState.choices,
            "state": state,
            "waiting": queries.WAITING.get(waiting),
            "waiting_key": waiting,
            "incoming": access.incoming_transfers(viewer).count(),
            "can_refer": viewer.has_any(*access.SUBMITTERS),
            "keeps_retention": viewer.has_any(*Move.REVIEW_RETENTION.roles),
            "coordinator": viewer.has_any(Role.COORDINATOR),
        },
    )


@partnership_view(*access.CASE_READERS, two_factor=True)
def referral_detail(request: HttpRequest, viewer: Viewer, uuid: UUID) -> HttpResponse:
    """The case's summary: the referral, the person, the gateway and the chronology."""
    referral = access.get_referral(viewer, uuid)
    team = viewer.has_any(*access.CASE_TEAM)
    person = referral.person
    context: dict[str, Any] = {
        "gateway": access.gateway_of(referral) if team else None,
        **access.gateway_context(referral, team=team),
        "special": _special(person) if access.sees_special_categories(viewer) and person else None,
        "referrals_of_person": (
            person.referrals.only("uuid", "reference", "received_at", "state", "person_id").order_by(
                "received_at"
            )
            if person
            else []
        ),
        "additions": referral.additions.select_related("added_by"),
        "events": queries.chronology(referral)[:200],
        "candidates": (
            queries.possible_matches(referral.partnership, queries.subject_record(referral))
            if person is None and viewer.has_any(*Move.DECIDE_IDENTITY.roles)
            else []
        ),
    }
    return case_page(request, viewer, referral, "summary", context)


def _special(person: Person) -> list[tuple[str, str, str]]:
    rows = []
    for name, label in SPECIAL_CATEGORIES.items():
        status, value = person.special_category(name)
        shown = {"recorded": value, "not_known": "Not known", "declined": "Declined to say"}.get(
            status, "Not asked"
        )
        rows.append((name, label, shown))
    return rows


@partnership_view(*Move.RECORD_EQUALITY_INFORMATION.roles, two_factor=True)
def special_categories(request: HttpRequest, viewer: Viewer, uuid: UUID) -> HttpResponse:
    referral = access.get_referral(viewer, uuid)
    person = referral.person
    if person is None:
        messages.error(request, workflow.NO_PERSON)
        return redirect("cases:referral_detail", uuid=referral.uuid)
    initial: dict[str, str] = {}
    for name in SPECIAL_CATEGORIES:
        status, value = person.special_category(name)
        initial |= {f"{name}_status": status, f"{name}_value": value}
    form = SpecialCategoryForm(posted(request), initial=initial)

    def save(data: dict[str, Any]) -> Done:
        actions.update_special_categories(viewer=viewer, person=person, values=form.values())
        return Done(case_tab_url(referral, "summary"), "Equality information saved")

    return form_page(
        request,
        form,
        save=save,
        template="cases/special_categories_form.html",
        context={"referral": referral},
        shown=lambda: actions.record_view(viewer=viewer, referral=referral, what="special categories"),
    )


@partnership_view(*access.CASE_READERS, two_factor=True)
def case_documents(request: HttpRequest, viewer: Viewer, uuid: UUID) -> HttpResponse:
    referral = access.get_referral(viewer, uuid)
    return case_page(
        request,
        viewer,
        referral,
        "documents",
        {"documents": referral.documents.select_related("uploaded_by")},
    )


@partnership_view(*Move.ADD_DOCUMENT.roles, two_factor=True)
def document_create(request: HttpRequest, viewer: Viewer, uuid: UUID) -> HttpResponse:
    referral = access.get_referral(viewer, uuid)
    back = case_tab_url(referral, "documents")

    def save(data: dict[str, Any]) -> Done:
        actions.attach_document(
            viewer=viewer, referral=referral, upload=data["file"], description=data["description"]
        )
        return Done(back, "Document added")

    return form_page(
        request,
        DocumentForm(posted(request), request.FILES or None),
        save=save,
        template="cases/document_form.html",
        context={"referral": referral, "back_url": back},
        shown=lambda: actions.record_view(viewer=viewer, referral=referral, what="document form"),
    )


@partnership_view(*access.CASE_READERS, two_factor=True)
def document_download(request: HttpRequest, viewer: Viewer, uuid: UUID) -> HttpResponse:
    document = access.get_document(viewer, uuid)
    actions.record_view(viewer=viewer, referral=document.referral, what=f"document {document.uuid}")
    response = HttpResponse(actions.open_document(document), content_type=document.content_type)
    response["Content-Disposition"] = content_disposition_header(as_attachment=True, filename=document.name)
    response["Cache-Control"] = "private, no-store"
    return response

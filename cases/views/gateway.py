"""The police gateway: the queue of referrals waiting for it, deciding who a referral is
about (with the possible earlier referrals of the person), deconfliction entries,
screening information and the gateway decision; and, at any stage, the national
case-tracking reference and the allocated worker."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any
from uuid import UUID

from django import forms
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, render

from accounts.access import Viewer, partnership_view
from cases import access, actions, queries
from cases.forms.gateway import (
    AllocationForm,
    DeconflictionForm,
    GatewayDecisionForm,
    NationalReferenceForm,
    ScreeningInformationForm,
)
from cases.models import Person, Referral
from cases.tabs import case_tab_url
from cases.workflow import Move
from govuk.pages import Done, button, form_page, posted
from govuk.paging import keyset_page

PAGE_SIZE = 50


@partnership_view(*access.CASE_TEAM, two_factor=True)
def queue(request: HttpRequest, viewer: Viewer) -> HttpResponse:
    """Oldest first; `?over_target=yes` shows only the referrals past the partnership's
    target, as the home page counts them."""
    target = viewer.partnership.gateway_target_days
    waiting = queries.waiting_queue(viewer.partnership)
    over_target = request.GET.get("over_target") == "yes"
    if over_target:
        waiting = waiting.filter(received_at__lt=queries.over_target_before(target, queries.today()))
    page = keyset_page(request, waiting, keys=("received_at", "id"), size=PAGE_SIZE, noun="referrals")
    actions.record_list_view(viewer=viewer, what="gateway queue")
    return render(
        request,
        "cases/queue.html",
        {
            "page": page,
            "rows": queries.queue_rows(page.items, target),
            "waiting": waiting.count(),
            "target": target,
            "over_target": over_target,
        },
    )


@partnership_view(*Move.DECIDE_IDENTITY.roles, two_factor=True)
def identity(request: HttpRequest, viewer: Viewer, uuid: UUID) -> HttpResponse:
    """Link the referral to a person already known (the button beside a possible match),
    or confirm it is someone new."""
    referral = access.get_referral(viewer, uuid)
    summary = case_tab_url(referral, "summary")

    def press() -> Done:
        if request.POST.get("person"):
            person = get_object_or_404(Person, partnership=viewer.partnership, uuid=request.POST["person"])
            actions.link_to_person(viewer=viewer, referral=referral, person=person)
            return Done(summary, f"{referral.reference} linked to {person.full_name}")
        actions.confirm_new_person(viewer=viewer, referral=referral)
        return Done(summary, f"{referral.reference} recorded as a person not referred before")

    return button(request, press=press, back=summary)


def _gateway_form(
    request: HttpRequest,
    viewer: Viewer,
    uuid: UUID,
    form: forms.Form,
    template: str,
    save: Callable[[Referral, dict[str, Any]], object],
    done: str,
) -> HttpResponse:
    referral = access.get_referral(viewer, uuid)
    summary = case_tab_url(referral, "summary")

    def saved(data: dict[str, Any]) -> Done:
        save(referral, data)
        return Done(summary, done)

    return form_page(
        request,
        form,
        save=saved,
        template=template,
        context={"referral": referral, "back_url": summary},
        shown=lambda: actions.record_view(
            viewer=viewer, referral=referral, what=template.removeprefix("cases/").removesuffix(".html")
        ),
    )


@partnership_view(*Move.DECONFLICT.roles, two_factor=True)
def deconfliction(request: HttpRequest, viewer: Viewer, uuid: UUID) -> HttpResponse:
    """Add a deconfliction entry; entries are repeated as often as needed."""
    return _gateway_form(
        request,
        viewer,
        uuid,
        DeconflictionForm(posted(request)),
        "cases/deconfliction_form.html",
        lambda referral, data: actions.record_deconfliction(
            viewer=viewer,
            referral=referral,
            consulted=data["consulted"],
            outcome=data["outcome"],
            checks=data["checks"],
        ),
        "Deconfliction recorded",
    )


@partnership_view(*Move.RECORD_SCREENING.roles, two_factor=True)
def screening(request: HttpRequest, viewer: Viewer, uuid: UUID) -> HttpResponse:
    return _gateway_form(
        request,
        viewer,
        uuid,
        ScreeningInformationForm(posted(request)),
        "cases/screening_form.html",
        lambda referral, data: actions.record_screening_information(
            viewer=viewer,
            referral=referral,
            source=data["source"],
            what=data["what"],
            legal_basis=data["legal_basis"],
        ),
        "Screening information recorded",
    )


@partnership_view(*Move.SET_NATIONAL_REFERENCE.roles, two_factor=True)
def national_reference(request: HttpRequest, viewer: Viewer, uuid: UUID) -> HttpResponse:
    referral = access.get_referral(viewer, uuid)
    return _gateway_form(
        request,
        viewer,
        uuid,
        NationalReferenceForm(posted(request), initial={"national_reference": referral.national_reference}),
        "cases/national_reference_form.html",
        lambda referral, data: actions.set_national_reference(
            viewer=viewer, referral=referral, national_reference=data["national_reference"]
        ),
        "National case-tracking reference saved",
    )


@partnership_view(*Move.ALLOCATE.roles, two_factor=True)
def allocation(request: HttpRequest, viewer: Viewer, uuid: UUID) -> HttpResponse:
    referral = access.get_referral(viewer, uuid)
    worker = referral.allocated_to
    return _gateway_form(
        request,
        viewer,
        uuid,
        AllocationForm(
            posted(request),
            partnership=viewer.partnership,
            initial={"worker": worker.uuid if worker else None},
        ),
        "cases/allocation_form.html",
        lambda referral, data: actions.allocate(viewer=viewer, referral=referral, worker=data["worker"]),
        "Allocated worker saved",
    )


@partnership_view(*Move.GATEWAY_DECISION.roles, two_factor=True)
def gateway_decision(request: HttpRequest, viewer: Viewer, uuid: UUID) -> HttpResponse:
    return _gateway_form(
        request,
        viewer,
        uuid,
        GatewayDecisionForm(posted(request), partnership=viewer.partnership),
        "cases/gateway_decision_form.html",
        lambda referral, data: actions.record_gateway_decision(
            viewer=viewer,
            referral=referral,
            decision=data["decision"],
            reasons=data["reasons"],
            signposted_to=data["signposted_to"],
        ),
        "Gateway decision recorded",
    )

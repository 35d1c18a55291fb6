"""Where a case lives and how long, and the person's rights over it: correcting the
person's details, transfer to another partnership, review of closed cases for deletion,
and subject access. Every page showing a case's details is audited."""

from __future__ import annotations

from typing import Any
from uuid import UUID

from django import forms
from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.http import content_disposition_header

from accounts.access import Viewer, partnership_view
from cases import access, actions, retention, workflow
from cases.forms.lifecycle import DeclineForm, DeleteForm, ExtendForm, HoldForm, PersonForm, TransferForm
from cases.models import CaseTransfer, Referral, RetentionSchedule, TransferStatus
from cases.tabs import case_page, case_tab_url
from cases.workflow import Move
from govuk.links import uuid_url
from govuk.pages import Done, button, form_page, posted
from govuk.paging import keyset_page
from lib.errors import Refused

PAGE_SIZE = 50


@partnership_view(*access.CASE_TEAM, two_factor=True)
def case_record(request: HttpRequest, viewer: Viewer, uuid: UUID) -> HttpResponse:
    """Where the case has been transferred, and how long it is kept."""
    referral = access.get_referral(viewer, uuid)
    transfers = list(referral.transfers.select_related("from_partnership", "to_partnership"))
    section = {
        "pending": next((t for t in transfers if t.status == TransferStatus.PENDING), None),
        # Only the sending partnership opens a transfer's page: the case's later owners see
        # the history in the list and the chronology.
        "transfers": [(t, t.from_partnership_id == viewer.partnership.pk) for t in transfers],
        "retention": getattr(referral, "retention", None) if referral.is_closed else None,
    }
    return case_page(request, viewer, referral, "record", {"section": section})


# --- the person's details ----------------------------------------------------------------


@partnership_view(*Move.CORRECT_PERSON.roles, two_factor=True)
def person_edit(request: HttpRequest, viewer: Viewer, uuid: UUID) -> HttpResponse:
    referral = access.get_referral(viewer, uuid)
    person = referral.person
    if person is None:
        messages.error(request, workflow.NO_PERSON)
        return redirect("cases:referral_detail", uuid=referral.uuid)

    def save(data: dict[str, Any]) -> Done:
        actions.correct_person(
            viewer=viewer, referral=referral, **{name: data[name] for name in actions.PERSON_FIELDS}
        )
        return Done(case_tab_url(referral, "summary"), "The person's details corrected")

    return form_page(
        request,
        PersonForm(posted(request), initial={name: getattr(person, name) for name in actions.PERSON_FIELDS}),
        save=save,
        template="cases/person_form.html",
        context={"referral": referral},
        shown=lambda: actions.record_view(viewer=viewer, referral=referral, what="person form"),
    )


# --- transfer ----------------------------------------------------------------------------


@partnership_view(*Move.TRANSFER.roles, two_factor=True)
def transfer_create(request: HttpRequest, viewer: Viewer, uuid: UUID) -> HttpResponse:
    referral = access.get_referral(viewer, uuid)
    back = case_tab_url(referral, "record")

    def save(data: dict[str, Any]) -> Done:
        transfer = actions.request_transfer(viewer=viewer, referral=referral, **data)
        return Done(
            back,
            f"Transfer to {transfer.to_partnership} requested. The case stays here until "
            "that partnership's coordinator accepts it.",
        )

    pending = (
        referral.transfers.filter(status=TransferStatus.PENDING).select_related("to_partnership").first()
    )
    return form_page(
        request,
        TransferForm(posted(request), partnership=viewer.partnership),
        save=save,
        template="cases/transfer_form.html",
        context={
            "referral": referral,
            "back_url": back,
            "pending": pending,
            "refusal": workflow.stage_refusal(referral, Move.TRANSFER),
        },
        shown=lambda: actions.record_view(viewer=viewer, referral=referral, what="transfer form"),
    )


@partnership_view(*access.CASE_TEAM, two_factor=True)
def transfer_list(request: HttpRequest, viewer: Viewer) -> HttpResponse:
    sent = access.outgoing_transfers(viewer).select_related("to_partnership")
    page = keyset_page(request, sent, keys=("-requested_at", "-id"), size=PAGE_SIZE, noun="transfers")
    waiting = (
        access.incoming_transfers(viewer).select_related("from_partnership").order_by("requested_at", "id")
    )
    actions.record_list_view(viewer=viewer, what="transfers")
    return render(
        request,
        "cases/transfer_list.html",
        {"page": page, "waiting": waiting, "answers": viewer.has_any(*Move.ANSWER_TRANSFER.roles)},
    )


def _transfer_page(
    request: HttpRequest, viewer: Viewer, transfer: CaseTransfer, decline_form: forms.Form | None = None
) -> HttpResponse:
    referral = transfer.referral
    # The receiving coordinator sees the person's name to decide; the sending partnership
    # sees the reasons while the case is still its own. Both are views of the case.
    receiving = transfer.to_partnership_id == viewer.partnership.pk
    ours = referral is not None and referral.partnership_id == viewer.partnership.pk
    if referral is not None and (receiving or ours):
        actions.record_view(viewer=viewer, referral=referral, what=f"transfer {transfer.uuid}")
    return render(
        request,
        "cases/transfer_detail.html",
        {
            "transfer": transfer,
            "referral": referral,
            "receiving": receiving,
            "ours": ours,
            "decline_form": decline_form or DeclineForm(),
        },
    )


@partnership_view(*access.CASE_TEAM, two_factor=True)
def transfer_detail(request: HttpRequest, viewer: Viewer, uuid: UUID) -> HttpResponse:
    return _transfer_page(request, viewer, access.get_transfer(viewer, uuid))


def _incoming(viewer: Viewer, uuid: UUID) -> CaseTransfer:
    """Only the receiving partnership's coordinator answers a transfer."""
    return get_object_or_404(
        access.incoming_transfers(viewer).select_related(
            "referral__data_key", "referral__person", "from_partnership", "to_partnership"
        ),
        uuid=uuid,
    )


@partnership_view(*Move.ANSWER_TRANSFER.roles, two_factor=True)
def transfer_accept(request: HttpRequest, viewer: Viewer, uuid: UUID) -> HttpResponse:
    transfer = _incoming(viewer, uuid)

    def press() -> Done:
        referral = actions.accept_transfer(viewer=viewer, transfer=transfer)
        return Done(
            case_tab_url(referral, "summary"),
            f"{referral.reference} accepted. The case now belongs to {viewer.partnership}.",
        )

    # A transfer that cannot be accepted any more may not be on its own page either (once
    # answered, the receiving partnership no longer sees it), so a refusal goes to the list.
    return button(request, press=press, back=reverse("cases:transfer_list"))


@partnership_view(*Move.ANSWER_TRANSFER.roles, two_factor=True)
def transfer_decline(request: HttpRequest, viewer: Viewer, uuid: UUID) -> HttpResponse:
    transfer = _incoming(viewer, uuid)

    def save(data: dict[str, Any]) -> Done:
        actions.decline_transfer(viewer=viewer, transfer=transfer, reason=data["reason"])
        return Done(
            reverse("cases:transfer_list"),
            f"Transfer of {transfer.reference} declined. The case stays with {transfer.from_partnership}.",
        )

    return form_page(
        request,
        DeclineForm(posted(request)),
        save=save,
        page=lambda form: _transfer_page(request, viewer, transfer, decline_form=form),
        shown_on=uuid_url("cases:transfer_detail", transfer.uuid),
    )


# --- retention ---------------------------------------------------------------------------


@partnership_view(*Move.REVIEW_RETENTION.roles, two_factor=True)
def retention_queue(request: HttpRequest, viewer: Viewer) -> HttpResponse:
    # Both lists read the (partnership, review_on) index, however many cases have closed.
    in_partnership = RetentionSchedule.objects.filter(partnership=viewer.partnership).select_related(
        "referral"
    )
    due = in_partnership.filter(review_on__lte=timezone.localdate(), legal_hold=False)
    page = keyset_page(request, due, keys=("review_on", "id"), size=PAGE_SIZE, noun="cases")
    held = in_partnership.filter(legal_hold=True).order_by("review_on", "id")
    actions.record_list_view(viewer=viewer, what="retention queue")
    return render(request, "cases/retention_queue.html", {"page": page, "held": held})


def _closed_case(viewer: Viewer, uuid: UUID) -> tuple[Referral, RetentionSchedule | None]:
    referral = access.get_referral(viewer, uuid)
    return referral, RetentionSchedule.objects.filter(referral=referral).first()


def _not_closed(request: HttpRequest, referral: Referral) -> HttpResponse:
    messages.error(request, Move.REVIEW_RETENTION.value.refusal)
    return redirect("cases:referral_detail", uuid=referral.uuid)


def _retention_page(
    request: HttpRequest,
    viewer: Viewer,
    referral: Referral,
    schedule: RetentionSchedule,
    **forms: forms.Form,
) -> HttpResponse:
    """The retention page of a closed case with its three forms: keep longer, legal hold
    and delete; a form posted with a problem is shown in place of its empty one."""
    actions.record_view(viewer=viewer, referral=referral, what="retention")
    return render(
        request,
        "cases/retention_detail.html",
        {
            "referral": referral,
            "schedule": schedule,
            "years": retention.periods(viewer.partnership)[schedule.outcome],
            "due": schedule.review_on <= timezone.localdate(),
            "extend_form": forms.get("extend_form") or ExtendForm(prefix="extend"),
            "hold_form": forms.get("hold_form") or HoldForm(prefix="hold", held=schedule.legal_hold),
            "delete_form": forms.get("delete_form")
            or DeleteForm(prefix="delete", expected=referral.reference),
        },
    )


@partnership_view(*Move.REVIEW_RETENTION.roles, two_factor=True)
def retention_detail(request: HttpRequest, viewer: Viewer, uuid: UUID) -> HttpResponse:
    referral, schedule = _closed_case(viewer, uuid)
    if schedule is None:
        return _not_closed(request, referral)
    return _retention_page(request, viewer, referral, schedule)


@partnership_view(*Move.REVIEW_RETENTION.roles, two_factor=True)
def retention_extend(request: HttpRequest, viewer: Viewer, uuid: UUID) -> HttpResponse:
    referral, schedule = _closed_case(viewer, uuid)
    if schedule is None:
        return _not_closed(request, referral)

    def save(data: dict[str, Any]) -> Done:
        kept = actions.extend_retention(viewer=viewer, referral=referral, **data)
        return Done(
            uuid_url("cases:retention_detail", referral.uuid),
            f"{referral.reference} kept until a review on {kept.review_on:%-d %B %Y}",
        )

    return form_page(
        request,
        ExtendForm(posted(request), prefix="extend"),
        save=save,
        page=lambda form: _retention_page(request, viewer, referral, schedule, extend_form=form),
        shown_on=uuid_url("cases:retention_detail", referral.uuid),
    )


@partnership_view(*Move.REVIEW_RETENTION.roles, two_factor=True)
def retention_hold(request: HttpRequest, viewer: Viewer, uuid: UUID) -> HttpResponse:
    referral, schedule = _closed_case(viewer, uuid)
    if schedule is None:
        return _not_closed(request, referral)
    form = HoldForm(posted(request), prefix="hold", held=schedule.legal_hold)

    def save(data: dict[str, Any]) -> Done:
        place = form.place()
        actions.set_legal_hold(viewer=viewer, referral=referral, hold=place, reason=data["reason"])
        return Done(
            uuid_url("cases:retention_detail", referral.uuid),
            f"Legal hold placed on {referral.reference}. It cannot be deleted until the hold is released."
            if place
            else f"Legal hold on {referral.reference} released",
        )

    return form_page(
        request,
        form,
        save=save,
        page=lambda form: _retention_page(request, viewer, referral, schedule, hold_form=form),
        shown_on=uuid_url("cases:retention_detail", referral.uuid),
    )


@partnership_view(*Move.REVIEW_RETENTION.roles, two_factor=True)
def retention_delete(request: HttpRequest, viewer: Viewer, uuid: UUID) -> HttpResponse:
    referral, schedule = _closed_case(viewer, uuid)
    if schedule is None:
        return _not_closed(request, referral)

    def save(data: dict[str, Any]) -> Done:
        erasure = actions.erase_case(viewer=viewer, referral=referral)
        return Done(reverse("cases:retention_queue"), f"{erasure.reference} deleted")

    return form_page(
        request,
        DeleteForm(posted(request), prefix="delete", expected=referral.reference),
        save=save,
        page=lambda form: _retention_page(request, viewer, referral, schedule, delete_form=form),
        shown_on=uuid_url("cases:retention_detail", referral.uuid),
    )


# --- subject access ----------------------------------------------------------------------


@partnership_view(*Move.SUBJECT_ACCESS.roles, two_factor=True)
def subject_access(request: HttpRequest, viewer: Viewer, uuid: UUID) -> HttpResponse:
    person = access.get_person(viewer, uuid)
    if request.method == "POST":
        try:
            export, archive = actions.produce_subject_access(viewer=viewer, person=person)
        except Refused as refused:
            messages.error(request, refused.message)
            return redirect("cases:subject_access", uuid=person.uuid)
        response = HttpResponse(archive, content_type="application/zip")
        response["Content-Disposition"] = content_disposition_header(
            as_attachment=True,
            filename=f"subject-access-{timezone.localtime(export.produced_at):%Y-%m-%d}.zip",
        )
        response["Cache-Control"] = "private, no-store"
        return response
    actions.record_list_view(viewer=viewer, what=f"subject access {person.uuid}")
    return render(
        request,
        "cases/subject_access_page.html",
        {
            "person": person,
            "referrals": person.referrals.only(
                "uuid", "reference", "received_at", "state", "person_id"
            ).order_by("received_at"),
            "exports": person.subject_access.select_related("produced_by"),
        },
    )

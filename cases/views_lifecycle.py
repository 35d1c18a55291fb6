"""Pages for where a case lives and how long: correcting the person's details, transfer
to another partnership, review of closed cases for deletion, subject access, and the
partnership's Channel settings. Every page showing a case's details is audited."""

from __future__ import annotations

from typing import Any
from uuid import UUID

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.http import content_disposition_header

from accounts.access import Viewer, partnership_view
from accounts.models import Role
from cases import access, actions, retention, workflow
from cases.forms_lifecycle import (
    ChannelSettingsForm,
    DeclineForm,
    DeleteForm,
    ExtendForm,
    HoldForm,
    PersonForm,
    TransferForm,
)
from cases.models import CaseTransfer, Referral, RetentionSchedule, TransferStatus
from cases.tabs import case_tab_url
from govuk.paging import keyset_page
from lib.errors import Refused

PAGE_SIZE = 50


def _posted(request: HttpRequest) -> Any:
    # An empty POST is still a submission: it must show what is missing, not a blank form.
    return request.POST if request.method == "POST" else None


def _refused(form: Any, refused: Refused) -> None:
    form.add_error(refused.field if refused.field in form.fields else None, refused.message)


def case_section(viewer: Viewer, referral: Referral) -> dict[str, Any]:
    """What the case's transfer and retention page shows (cases/case_record.html)."""
    transfers = list(referral.transfers.select_related("from_partnership", "to_partnership"))
    pending = next((t for t in transfers if t.status == TransferStatus.PENDING), None)
    schedule = getattr(referral, "retention", None) if referral.is_closed else None
    return {
        "pending": pending,
        # Only the sending partnership opens a transfer's page: the case's later owners see
        # the history in the list and the chronology.
        "transfers": [(t, t.from_partnership_id == viewer.partnership.pk) for t in transfers],
        "retention": schedule,
        "can_transfer": pending is None
        and viewer.has_any(*access.TRANSFERRERS)
        and workflow.allowed(referral, "transfer"),
        "can_review": schedule is not None and viewer.has_any(*access.RETENTION_KEEPERS),
    }


# --- the person's details ----------------------------------------------------------------


@partnership_view(*access.IDENTIFIERS, two_factor=True)
def person_edit(request: HttpRequest, viewer: Viewer, uuid: UUID) -> HttpResponse:
    referral = access.get_referral(viewer, uuid)
    person = referral.person
    if person is None:
        messages.error(request, "Decide who the referral is about first.")
        return redirect("cases:referral_detail", uuid=referral.uuid)
    form = PersonForm(
        _posted(request), initial={name: getattr(person, name) for name in actions.PERSON_FIELDS}
    )
    if request.method == "POST" and form.is_valid():
        try:
            actions.correct_person(
                viewer=viewer,
                referral=referral,
                **{name: form.cleaned_data[name] for name in actions.PERSON_FIELDS},
            )
        except Refused as refused:
            _refused(form, refused)
        else:
            messages.success(request, "The person's details corrected")
            return redirect("cases:referral_detail", uuid=referral.uuid)
    actions.record_view(viewer=viewer, referral=referral, what="person form")
    return render(request, "cases/person_form.html", {"referral": referral, "form": form})


# --- transfer ----------------------------------------------------------------------------


@partnership_view(*access.TRANSFERRERS, two_factor=True)
def transfer_create(request: HttpRequest, viewer: Viewer, uuid: UUID) -> HttpResponse:
    referral = access.get_referral(viewer, uuid)
    form = TransferForm(_posted(request), partnership=viewer.partnership)
    if request.method == "POST" and form.is_valid():
        try:
            transfer = actions.request_transfer(viewer=viewer, referral=referral, **form.cleaned_data)
        except Refused as refused:
            _refused(form, refused)
        else:
            messages.success(
                request,
                f"Transfer to {transfer.to_partnership} requested. The case stays here until "
                "that partnership's coordinator accepts it.",
            )
            return redirect(case_tab_url(referral, "record"))
    actions.record_view(viewer=viewer, referral=referral, what="transfer form")
    pending = (
        referral.transfers.filter(status=TransferStatus.PENDING).select_related("to_partnership").first()
    )
    return render(
        request,
        "cases/transfer_form.html",
        {
            "referral": referral,
            "form": form,
            "back_url": case_tab_url(referral, "record"),
            "pending": pending,
            "refusal": None if workflow.allowed(referral, "transfer") else workflow.MOVES["transfer"].refusal,
        },
    )


@partnership_view(*access.CASE_TEAM, two_factor=True)
def transfer_list(request: HttpRequest, viewer: Viewer) -> HttpResponse:
    sent = access.outgoing_transfers(viewer).select_related("to_partnership")
    page = keyset_page(request, sent, keys=("-requested_at", "-id"), size=PAGE_SIZE, noun="transfers")
    waiting = (
        access.incoming_transfers(viewer).select_related("from_partnership").order_by("requested_at", "id")
    )
    return render(
        request,
        "cases/transfer_list.html",
        {"page": page, "waiting": waiting, "answers": viewer.has_any(*access.TRANSFERRERS)},
    )


def _transfer_page(
    request: HttpRequest, viewer: Viewer, transfer: CaseTransfer, decline_form: DeclineForm | None = None
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


@partnership_view(*access.TRANSFERRERS, two_factor=True)
def transfer_accept(request: HttpRequest, viewer: Viewer, uuid: UUID) -> HttpResponse:
    transfer = _incoming(viewer, uuid)
    if request.method != "POST":
        return redirect("cases:transfer_detail", uuid=transfer.uuid)
    try:
        referral = actions.accept_transfer(viewer=viewer, transfer=transfer)
    except Refused as refused:
        messages.error(request, refused.message)
        return redirect("cases:transfer_list")
    messages.success(request, f"{referral.reference} accepted. The case now belongs to {viewer.partnership}.")
    return redirect("cases:referral_detail", uuid=referral.uuid)


@partnership_view(*access.TRANSFERRERS, two_factor=True)
def transfer_decline(request: HttpRequest, viewer: Viewer, uuid: UUID) -> HttpResponse:
    transfer = _incoming(viewer, uuid)
    if request.method != "POST":
        return redirect("cases:transfer_detail", uuid=transfer.uuid)
    form = DeclineForm(request.POST)
    if form.is_valid():
        try:
            actions.decline_transfer(viewer=viewer, transfer=transfer, reason=form.cleaned_data["reason"])
        except Refused as refused:
            _refused(form, refused)
        else:
            messages.success(
                request,
                f"Transfer of {transfer.reference} declined. "
                f"The case stays with {transfer.from_partnership}.",
            )
            return redirect("cases:transfer_list")
    return _transfer_page(request, viewer, transfer, decline_form=form)


# --- retention ---------------------------------------------------------------------------


@partnership_view(*access.RETENTION_KEEPERS, two_factor=True)
def retention_queue(request: HttpRequest, viewer: Viewer) -> HttpResponse:
    # Both lists read the (partnership, review_on) index, however many cases have closed.
    in_partnership = RetentionSchedule.objects.filter(partnership=viewer.partnership).select_related(
        "referral"
    )
    due = in_partnership.filter(review_on__lte=timezone.localdate(), legal_hold=False)
    page = keyset_page(request, due, keys=("review_on", "id"), size=PAGE_SIZE, noun="cases")
    held = in_partnership.filter(legal_hold=True).order_by("review_on", "id")
    return render(request, "cases/retention_queue.html", {"page": page, "held": held})


def _closed_case(viewer: Viewer, uuid: UUID) -> tuple[Referral, RetentionSchedule | None]:
    referral = access.get_referral(viewer, uuid)
    return referral, RetentionSchedule.objects.filter(referral=referral).first()


def _not_closed(request: HttpRequest, referral: Referral) -> HttpResponse:
    messages.error(request, workflow.MOVES["retention"].refusal)
    return redirect("cases:referral_detail", uuid=referral.uuid)


def _retention_page(
    request: HttpRequest, viewer: Viewer, referral: Referral, schedule: RetentionSchedule, **forms: Any
) -> HttpResponse:
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


@partnership_view(*access.RETENTION_KEEPERS, two_factor=True)
def retention_detail(request: HttpRequest, viewer: Viewer, uuid: UUID) -> HttpResponse:
    referral, schedule = _closed_case(viewer, uuid)
    if schedule is None:
        return _not_closed(request, referral)
    return _retention_page(request, viewer, referral, schedule)


@partnership_view(*access.RETENTION_KEEPERS, two_factor=True)
def retention_extend(request: HttpRequest, viewer: Viewer, uuid: UUID) -> HttpResponse:
    referral, schedule = _closed_case(viewer, uuid)
    if schedule is None:
        return _not_closed(request, referral)
    if request.method != "POST":
        return redirect("cases:retention_detail", uuid=referral.uuid)
    form = ExtendForm(request.POST, prefix="extend")
    if form.is_valid():
        try:
            kept = actions.extend_retention(viewer=viewer, referral=referral, **form.cleaned_data)
        except Refused as refused:
            _refused(form, refused)
        else:
            messages.success(
                request, f"{referral.reference} kept until a review on {kept.review_on:%-d %B %Y}"
            )
            return redirect("cases:retention_detail", uuid=referral.uuid)
    return _retention_page(request, viewer, referral, schedule, extend_form=form)


@partnership_view(*access.RETENTION_KEEPERS, two_factor=True)
def retention_hold(request: HttpRequest, viewer: Viewer, uuid: UUID) -> HttpResponse:
    referral, schedule = _closed_case(viewer, uuid)
    if schedule is None:
        return _not_closed(request, referral)
    if request.method != "POST":
        return redirect("cases:retention_detail", uuid=referral.uuid)
    form = HoldForm(request.POST, prefix="hold", held=schedule.legal_hold)
    if form.is_valid():
        place = form.place()
        try:
            actions.set_legal_hold(
                viewer=viewer, referral=referral, hold=place, reason=form.cleaned_data["reason"]
            )
        except Refused as refused:
            _refused(form, refused)
        else:
            messages.success(
                request,
                f"Legal hold placed on {referral.reference}. It cannot be deleted until the hold is released."
                if place
                else f"Legal hold on {referral.reference} released",
            )
            return redirect("cases:retention_detail", uuid=referral.uuid)
    return _retention_page(request, viewer, referral, schedule, hold_form=form)


@partnership_view(*access.RETENTION_KEEPERS, two_factor=True)
def retention_delete(request: HttpRequest, viewer: Viewer, uuid: UUID) -> HttpResponse:
    referral, schedule = _closed_case(viewer, uuid)
    if schedule is None:
        return _not_closed(request, referral)
    if request.method != "POST":
        return redirect("cases:retention_detail", uuid=referral.uuid)
    form = DeleteForm(request.POST, prefix="delete", expected=referral.reference)
    if form.is_valid():
        try:
            erasure = actions.erase_case(viewer=viewer, referral=referral)
        except Refused as refused:
            _refused(form, refused)
        else:
            messages.success(request, f"{erasure.reference} deleted")
            return redirect("cases:retention_queue")
    return _retention_page(request, viewer, referral, schedule, delete_form=form)


# --- subject access ----------------------------------------------------------------------


@partnership_view(Role.COORDINATOR, two_factor=True)
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


# --- the partnership's Channel settings --------------------------------------------------


@partnership_view(Role.COORDINATOR, two_factor=True)
def channel_settings(request: HttpRequest, viewer: Viewer) -> HttpResponse:
    partnership = viewer.partnership
    initial: dict[str, Any] = {
        "gateway_target_days": partnership.gateway_target_days,
        "support_review_weeks": partnership.support_review_weeks,
    }
    initial |= {
        f"retention_years_{outcome}": years for outcome, years in retention.periods(partnership).items()
    }
    form = ChannelSettingsForm(_posted(request), initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            actions.update_channel_settings(
                viewer=viewer,
                gateway_target_days=form.cleaned_data["gateway_target_days"],
                support_review_weeks=form.cleaned_data["support_review_weeks"],
                retention_years=form.retention_years(),
            )
        except Refused as refused:
            _refused(form, refused)
        else:
            messages.success(request, "Channel settings saved")
            return redirect("cases:channel_settings")
    return render(request, "cases/channel_settings.html", {"form": form})

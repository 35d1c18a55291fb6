"""The write path for where a case lives and how long: correcting the person's details,
transfer to another partnership, retention review, erasure and subject access."""

from __future__ import annotations

import datetime as dt

from django.core.files.storage import default_storage
from django.db import transaction
from django.utils import timezone

from accounts.access import Viewer
from accounts.models import Partnership
from audit.log import record
from cases import equality, statistics, subject_access, tasks, workflow
from cases.actions.common import add_event, audit, locked, personal, same_partnership
from cases.actions.gateway import index_person
from cases.actions.support import end_interventions
from cases.blind import document_digest
from cases.models import (
    OPEN_STATES,
    AgendaItem,
    CaseTransfer,
    Erasure,
    EventKind,
    Gender,
    Intervention,
    PanelAction,
    Person,
    PersonNameKey,
    Referral,
    RetentionSchedule,
    Review,
    SharingRequest,
    SubjectAccessExport,
    TransferStatus,
)
from cases.workflow import Move
from lib.errors import Refused

__all__ = [
    "PERSON_FIELDS",
    "accept_transfer",
    "correct_person",
    "decline_transfer",
    "erase_case",
    "extend_retention",
    "produce_subject_access",
    "request_transfer",
    "set_legal_hold",
]

# --- the person's details ----------------------------------------------------------------

PERSON_FIELDS = (
    "given_names",
    "family_name",
    "other_names",
    "date_of_birth",
    "gender",
    "address",
    "postcode",
    "school_or_employer",
)


@transaction.atomic
def correct_person(*, viewer: Viewer, referral: Referral, **values: object) -> Person:
    """Correct the details of the person a referral is about. A misspelt name hinders
    linking later referrals, so the name index is rebuilt."""
    referral = locked(referral)
    same_partnership(viewer, referral)
    workflow.require(viewer, referral, Move.CORRECT_PERSON)
    assert referral.person_id is not None  # the move needs the person decided
    if set(values) - set(PERSON_FIELDS):
        raise ValueError(sorted(set(values) - set(PERSON_FIELDS)))
    person = Person.objects.select_for_update().get(pk=referral.person_id)
    if not (str(values.get("given_names", "")).strip() or str(values.get("family_name", "")).strip()):
        raise Refused("Enter the person's name, or as much of it as you know", field="family_name")
    born = values.get("date_of_birth")
    if isinstance(born, dt.date) and born > timezone.localdate():
        raise Refused("The date of birth must be in the past", field="date_of_birth")
    if values.get("gender", person.gender) not in Gender.values:
        raise Refused("Select the person's gender", field="gender")
    changed = []
    for name, value in values.items():
        value = value.strip() if isinstance(value, str) else value
        if getattr(person, name) != value:
            setattr(person, name, value)
            changed.append(name)
    if not changed:
        return person
    person.save()
    index_person(person)
    for of_person in person.referrals.select_related("person", "gateway"):
        statistics.refresh(of_person)
    add_event(referral, EventKind.PERSON_UPDATED, "The person's details corrected", viewer.user)
    audit(viewer, "cases.person.corrected", referral, personal(*changed))
    return person


# --- transfer ----------------------------------------------------------------------------


def _other_open_referrals(referral: Referral) -> list[str]:
    if referral.person_id is None:
        return []
    return list(
        Referral.objects.filter(person_id=referral.person_id, state__in=OPEN_STATES)
        .exclude(pk=referral.pk)
        .values_list("reference", flat=True)
    )


@transaction.atomic
def request_transfer(
    *, viewer: Viewer, referral: Referral, to_partnership: Partnership, reason: str
) -> CaseTransfer:
    """Offer the case to the partnership where the person now lives. Nothing moves until
    that partnership's coordinator accepts."""
    partnership = viewer.partnership
    referral = locked(referral)
    same_partnership(viewer, referral)
    workflow.require(viewer, referral, Move.TRANSFER)
    if to_partnership.pk == partnership.pk:
        raise Refused("Choose another partnership", field="to_partnership")
    if not reason.strip():
        raise Refused("Enter why the case is being transferred", field="reason")
    if referral.transfers.filter(status=TransferStatus.PENDING).exists():
        raise Refused("This case is already waiting to be accepted by another partnership.")
    waiting = AgendaItem.objects.filter(referral=referral, decision="").select_related("meeting").first()
    if waiting is not None:
        raise Refused(
            f"{referral.reference} is on the agenda of the panel of "
            f"{timezone.localtime(waiting.meeting.meets_at):%-d %B %Y}. Record the panel's decision, "
            "such as to defer, before transferring it."
        )
    others = _other_open_referrals(referral)
    if others:
        raise Refused(
            f"The person has another open referral here ({', '.join(others)}). Finish or transfer "
            "that referral first: a person's referrals move together."
        )
    transfer = CaseTransfer(
        referral=referral,
        reference=referral.reference,
        from_partnership=partnership,
        to_partnership=to_partnership,
        state_when_sent=referral.state,
        requested_by=viewer.user,
        requested_at=timezone.now(),
    )
    transfer.reason = reason.strip()
    transfer.save()
    add_event(referral, EventKind.TRANSFER, f"Transfer to {to_partnership} requested", viewer.user)
    audit(
        viewer,
        "cases.transfer.requested",
        referral,
        {"to_partnership": {"from": None, "to": to_partnership.name}, **personal("reason")},
    )
    return transfer


def _pending_for_receiver(viewer: Viewer, transfer: CaseTransfer) -> CaseTransfer:
    workflow.require_role(viewer, Move.ANSWER_TRANSFER)
    transfer = (
        CaseTransfer.objects.select_for_update(of=("self",))
        .select_related("referral__data_key")
        .get(pk=transfer.pk)
    )
    if transfer.to_partnership_id != viewer.partnership.pk:
        raise Refused("This transfer is addressed to another partnership.")
    if transfer.status != TransferStatus.PENDING:
        raise Refused(f"This transfer has already been {transfer.get_status_display().lower()}.")
    return transfer


@transaction.atomic
def accept_transfer(*, viewer: Viewer, transfer: CaseTransfer) -> Referral:
    """The receiving partnership takes the case: the person and all their referrals,
    with history and chronology, move to it. The sending partnership keeps the transfer
    as a read-only note of where the case went. Interventions arranged by the sending
    partnership end; the receiving panel agrees its own."""
    transfer = _pending_for_receiver(viewer, transfer)
    assert transfer.referral is not None
    referral = locked(transfer.referral)
    workflow.require(viewer, referral, Move.ANSWER_TRANSFER)
    receiving = viewer.partnership
    sending = transfer.from_partnership
    moving = [referral]
    if referral.person_id is not None:
        moving = list(Referral.objects.select_for_update().filter(person_id=referral.person_id))
        Person.objects.filter(pk=referral.person_id).update(partnership=receiving)
        PersonNameKey.objects.filter(person_id=referral.person_id).update(partnership=receiving)
    # A national case-tracking reference is unique in a partnership (issue 14, part 10).
    national = [r.national_reference for r in moving if r.national_reference]
    clash = Referral.objects.filter(partnership=receiving, national_reference__in=national).first()
    if clash is not None:
        raise Refused(
            f"{clash.reference} in this partnership already has the national case-tracking reference "
            f"{clash.national_reference}. Check whether it is the same case before accepting."
        )
    today = timezone.localdate()
    ended = end_interventions(referral, on=today, reason=f"Case transferred to {receiving}")
    ids = [r.pk for r in moving]
    # The sending partnership's allocated worker does not follow the case.
    Referral.objects.filter(pk__in=ids).update(
        partnership=receiving, allocated_to=None, updated_at=timezone.now()
    )
    Intervention.objects.filter(referral_id__in=ids).update(partnership=receiving)
    Review.objects.filter(referral_id__in=ids).update(partnership=receiving)
    SharingRequest.objects.filter(referral_id__in=ids).update(partnership=receiving)
    PanelAction.objects.filter(agenda_item__referral_id__in=ids).update(partnership=receiving)
    RetentionSchedule.objects.filter(referral_id__in=ids).update(partnership=receiving)
    transfer.status = TransferStatus.ACCEPTED
    transfer.decided_by = viewer.user
    transfer.decided_at = timezone.now()
    transfer.save(update_fields=["status", "decided_by", "decided_at"])
    for moved in moving:
        add_event(moved, EventKind.TRANSFER, f"Transferred from {sending} to {receiving}", viewer.user)
        record(
            verb="cases.transfer.accepted",
            actor=viewer.user,
            partnership=receiving,
            target=moved,
            label=moved.reference,
            changes={
                "partnership": {"from": sending.name, "to": receiving.name},
                **({"interventions_ended": {"from": None, "to": ended}} if moved.pk == referral.pk else {}),
            },
        )
    referral.refresh_from_db()
    return referral


@transaction.atomic
def decline_transfer(*, viewer: Viewer, transfer: CaseTransfer, reason: str) -> CaseTransfer:
    transfer = _pending_for_receiver(viewer, transfer)
    if not reason.strip():
        raise Refused("Enter why the transfer is declined", field="reason")
    assert transfer.referral is not None
    transfer.status = TransferStatus.DECLINED
    transfer.decided_by = viewer.user
    transfer.decided_at = timezone.now()
    transfer.decline_reason = reason.strip()
    transfer.save(update_fields=["status", "decided_by", "decided_at", "decline_reason_sealed"])
    add_event(
        transfer.referral, EventKind.TRANSFER, f"Transfer declined by {viewer.partnership}", viewer.user
    )
    record(
        verb="cases.transfer.declined",
        actor=viewer.user,
        partnership=viewer.partnership,
        target=transfer.referral,
        label=transfer.reference,
        changes={
            "status": {"from": TransferStatus.PENDING, "to": TransferStatus.DECLINED},
            **personal("reason"),
        },
    )
    return transfer


# --- retention ---------------------------------------------------------------------------


def _schedule(viewer: Viewer, referral: Referral) -> tuple[Referral, RetentionSchedule]:
    referral = locked(referral)
    same_partnership(viewer, referral)
    workflow.require(viewer, referral, Move.REVIEW_RETENTION)
    schedule = RetentionSchedule.objects.select_for_update().get(referral=referral)
    schedule.referral = referral
    return referral, schedule


@transaction.atomic
def extend_retention(
    *, viewer: Viewer, referral: Referral, review_on: dt.date, reason: str
) -> RetentionSchedule:
    referral, schedule = _schedule(viewer, referral)
    if review_on <= max(schedule.review_on, timezone.localdate()):
        raise Refused(
            f"The new review date must be later than the present one ({schedule.review_on:%-d %B %Y}) "
            "and in the future",
            field="review_on",
        )
    if not reason.strip():
        raise Refused("Enter why the case is kept longer", field="reason")
    before = schedule.review_on
    schedule.review_on = review_on
    schedule.note = reason.strip()
    schedule.save(update_fields=["review_on", "note_sealed", "updated_at"])
    add_event(referral, EventKind.RETENTION, f"Kept until a review on {review_on:%-d %B %Y}", viewer.user)
    audit(
        viewer,
        "cases.retention.extended",
        referral,
        {"review_on": {"from": before.isoformat(), "to": review_on.isoformat()}, **personal("reason")},
    )
    return schedule


@transaction.atomic
def set_legal_hold(*, viewer: Viewer, referral: Referral, hold: bool, reason: str) -> RetentionSchedule:
    """A legal hold (litigation, an inquiry, a complaint) stops deletion until released."""
    referral, schedule = _schedule(viewer, referral)
    if schedule.legal_hold == hold:
        raise Refused("This case is already under a legal hold." if hold else "This case has no legal hold.")
    if not reason.strip():
        raise Refused(
            "Enter why the legal hold is placed" if hold else "Enter why the legal hold is released",
            field="reason",
        )
    schedule.legal_hold = hold
    schedule.note = reason.strip()
    schedule.save(update_fields=["legal_hold", "note_sealed", "updated_at"])
    add_event(
        referral, EventKind.RETENTION, "Legal hold placed" if hold else "Legal hold released", viewer.user
    )
    audit(
        viewer,
        "cases.retention.legal_hold_placed" if hold else "cases.retention.legal_hold_released",
        referral,
        {"legal_hold": {"from": not hold, "to": hold}, **personal("reason")},
    )
    return schedule


@transaction.atomic
def erase_case(*, viewer: Viewer, referral: Referral) -> Erasure:
    """Delete a closed case whose retention date has passed, irreversibly: every row
    about it goes, its documents' files go, and its data key is destroyed, so copies of
    its encrypted values in backups cannot be read. When it was the person's last
    referral, the person goes too. The anonymous statistical record stays, and the
    audit event names only the case reference."""
    referral, schedule = _schedule(viewer, referral)
    if schedule.legal_hold:
        raise Refused("This case is under a legal hold. Release the hold before deleting it.")
    pending = (
        referral.transfers.filter(status=TransferStatus.PENDING).select_related("to_partnership").first()
    )
    if pending is not None:
        raise Refused(
            f"This case is waiting for {pending.to_partnership} to answer its transfer. It can be deleted "
            "once they have declined it."
        )
    if schedule.review_on > timezone.localdate():
        raise Refused(
            f"This case is kept until {schedule.review_on:%-d %B %Y}. It can be deleted from that day."
        )
    statistics.refresh(referral)
    equality.forget(referral)
    erasure = Erasure(
        partnership=viewer.partnership,
        reference=referral.reference,
        outcome=referral.state,
        closed_on=schedule.closed_on,
        erased_at=timezone.now(),
        erased_by=viewer.user,
    )
    files = list(referral.documents.values_list("stored_as", flat=True))
    person = referral.person
    referral_key = referral.data_key
    referral_uuid = str(referral.uuid)
    CaseTransfer.objects.filter(referral=referral).update(reason_sealed="", decline_reason_sealed="")
    AgendaItem.objects.filter(referral=referral).delete()
    referral.delete()
    referral_key.destroy()
    erasure.person_erased = person is not None and not person.referrals.exists()
    if person is not None and erasure.person_erased:
        person_key = person.data_key
        SubjectAccessExport.objects.filter(person=person).update(person=None)
        person.delete()
        person_key.destroy()
    erasure.save()
    transaction.on_commit(lambda: _delete_files(files))
    # PostgreSQL keeps the deleted rows as dead tuples until vacuumed: the worker vacuums
    # the case tables once this has committed (docs/keys.md).
    transaction.on_commit(tasks.vacuum_erased_tables.enqueue)
    record(
        verb="cases.referral.erased",
        actor=viewer.user,
        partnership=viewer.partnership,
        target=erasure,
        label=erasure.reference,
        changes={
            "referral": {"from": referral_uuid, "to": None},
            "outcome": {"from": erasure.outcome, "to": None},
            "person_erased": {"from": None, "to": erasure.person_erased},
        },
    )
    return erasure


def _delete_files(names: list[str]) -> None:
    for name in names:
        default_storage.delete(name)


# --- subject access ----------------------------------------------------------------------


def produce_subject_access(*, viewer: Viewer, person: Person) -> tuple[SubjectAccessExport, bytes]:
    """Everything held about one person, as a PDF and a JSON file in one archive, and a
    record that it was produced. The archive itself is not kept. It is rendered before
    the write transaction starts: rendering takes seconds, and on SQLite a write
    transaction holds everyone else's writes."""
    workflow.require_role(viewer, Move.SUBJECT_ACCESS)
    partnership = viewer.partnership
    if person.partnership_id != partnership.pk:
        raise Refused("This person belongs to another partnership.")
    produced_at = timezone.now()
    archive, referrals = subject_access.archive(person, produced_at=produced_at, produced_by=viewer.user)
    with transaction.atomic():
        return _record_subject_access(viewer, person, produced_at, archive, referrals), archive


def _record_subject_access(
    viewer: Viewer, person: Person, produced_at: dt.datetime, archive: bytes, referrals: int
) -> SubjectAccessExport:
    partnership = viewer.partnership
    export = SubjectAccessExport.objects.create(
        partnership=partnership,
        person=person,
        produced_by=viewer.user,
        produced_at=produced_at,
        referrals=referrals,
        keyed_digest=document_digest(archive),
    )
    record(
        verb="cases.person.subject_access_produced",
        actor=viewer.user,
        partnership=partnership,
        target=person,
        label=f"Person {person.uuid}",
        changes={
            "export": {"from": None, "to": str(export.uuid)},
            "referrals": {"from": None, "to": referrals},
        },
    )
    return export

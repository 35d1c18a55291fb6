"""The police gateway: who the referral is about (a person already known, or a new one),
deconfliction entries, screening information, the gateway decision, and the national
case-tracking reference."""

from __future__ import annotations

import datetime as dt
import json

from django.db import IntegrityError, transaction
from django.utils import timezone

from accounts.access import Viewer
from cases import queries, statistics, vault, workflow
from cases.actions.common import (
    add_event,
    audit,
    locked,
    move,
    personal,
    same_partnership,
)
from cases.blind import name_index, place_index
from cases.models import (
    DeconflictionEntry,
    DeconflictionOutcome,
    EventKind,
    GatewayAssessment,
    GatewayDecision,
    LegalBasis,
    Person,
    PersonNameKey,
    Referral,
    ScreeningInformation,
    SupportService,
)
from cases.vault import DataKey
from cases.workflow import Move
from lib.errors import Refused

__all__ = [
    "confirm_new_person",
    "link_to_person",
    "record_deconfliction",
    "record_gateway_decision",
    "record_screening_information",
    "set_national_reference",
]


def person_index(person: Person) -> set[str]:
    """Every blind index entry of a person: names and date of birth (which the matcher
    fetches candidates by), postcode and school or setting (which search finds by)."""
    return name_index(queries.person_record(person)) | place_index(
        postcode=person.postcode, school=person.school_or_employer
    )


def index_person(person: Person) -> None:
    PersonNameKey.objects.filter(person=person).delete()
    PersonNameKey.objects.bulk_create(
        PersonNameKey(person=person, partnership_id=person.partnership_id, key=key)
        for key in sorted(person_index(person))
    )


@transaction.atomic
def link_to_person(*, viewer: Viewer, referral: Referral, person: Person) -> Referral:
    referral = locked(referral)
    same_partnership(viewer, referral)
    workflow.require(viewer, referral, Move.DECIDE_IDENTITY)
    if person.partnership_id != referral.partnership_id:
        raise Refused("That person belongs to another partnership.")
    previous = referral.person_id
    referral.person = person
    referral.identity_decided_at = timezone.now()
    referral.save(update_fields=["person", "identity_decided_at", "updated_at"])
    statistics.refresh(referral)  # counted by the person's age, gender and equality answers now
    earlier = Referral.objects.filter(person=person).exclude(pk=referral.pk).count()
    add_event(
        referral,
        EventKind.IDENTITY_LINKED,
        f"Linked to a person already known, with {earlier} earlier referral{'s' if earlier != 1 else ''}",
        viewer.user,
    )
    audit(
        viewer,
        "cases.referral.linked_to_person",
        referral,
        {"person": {"from": str(previous) if previous else None, "to": str(person.uuid)}},
    )
    return referral


@transaction.atomic
def confirm_new_person(*, viewer: Viewer, referral: Referral) -> Person:
    referral = locked(referral)
    same_partnership(viewer, referral)
    workflow.require(viewer, referral, Move.DECIDE_IDENTITY)
    if referral.person_id:
        raise Refused("This referral is already linked to a person.")
    person = Person(
        partnership_id=referral.partnership_id, data_key=DataKey.create(), gender=referral.subject_gender
    )
    vault.assign(
        person,
        given_names=referral.subject_given_names,
        family_name=referral.subject_family_name,
        other_names=referral.subject_other_names,
        date_of_birth=referral.subject_date_of_birth,
        address=referral.subject_address,
        postcode=referral.subject_postcode,
        school_or_employer=referral.subject_school_or_employer,
    )
    if referral.special_categories:
        for name, (status, value) in json.loads(referral.special_categories).items():
            person.set_special_category(name, status, value)
    person.save()
    index_person(person)
    referral.person = person
    referral.identity_decided_at = timezone.now()
    referral.save(update_fields=["person", "identity_decided_at", "updated_at"])
    statistics.refresh(referral)
    add_event(
        referral, EventKind.IDENTITY_CONFIRMED, "Confirmed as a person not referred before", viewer.user
    )
    audit(
        viewer,
        "cases.referral.new_person_confirmed",
        referral,
        {"person": {"from": None, "to": str(person.uuid)}},
    )
    return person


def _gateway(referral: Referral) -> GatewayAssessment:
    gateway, _ = GatewayAssessment.objects.get_or_create(referral=referral)
    gateway.referral = referral
    return gateway


@transaction.atomic
def record_deconfliction(
    *,
    viewer: Viewer,
    referral: Referral,
    checks: str,
    consulted: str = "Police systems",
    outcome: str = DeconflictionOutcome.NO_CONFLICT,
) -> DeconflictionEntry:
    """One more deconfliction entry: who was consulted, their answer, and what was checked
    or the conditions set (`checks`, sealed). Entries are repeated as often as needed."""
    referral = locked(referral)
    same_partnership(viewer, referral)
    workflow.require(viewer, referral, Move.DECONFLICT)
    consulted = consulted.strip()
    if not consulted:
        raise Refused("Enter who was consulted", field="consulted")
    if len(consulted) > DeconflictionEntry._meta.get_field("consulted").max_length:  # type: ignore[operator]
        raise Refused("Who was consulted must be 200 characters or fewer", field="consulted")
    if outcome not in DeconflictionOutcome.values:
        raise Refused("Select the outcome", field="outcome")
    if not checks.strip():
        raise Refused(
            "Enter the conditions" if outcome == DeconflictionOutcome.CONDITIONS else "Enter the checks made",
            field="checks",
        )
    now = timezone.now()
    entry = DeconflictionEntry(
        referral=referral, consulted=consulted, outcome=outcome, recorded_by=viewer.user, recorded_at=now
    )
    vault.assign(entry, notes=checks.strip())
    entry.save()
    # The assessment keeps when deconfliction was last recorded, and by whom.
    gateway = _gateway(referral)
    gateway.deconflicted_at = now
    gateway.deconflicted_by = viewer.user
    gateway.save(update_fields=["deconflicted_at", "deconflicted_by"])
    label = DeconflictionOutcome(outcome).label
    add_event(referral, EventKind.DECONFLICTED, f"Deconfliction recorded: {label}", viewer.user)
    audit(
        viewer,
        "cases.gateway.deconflicted",
        referral,
        {"outcome": {"from": None, "to": outcome}, **personal("consulted", "checks")},
    )
    return entry


def latest_deconfliction(referral: Referral) -> DeconflictionEntry | None:
    return DeconflictionEntry.objects.filter(referral=referral).order_by("-recorded_at", "-id").first()


HOLD_REFUSAL = (
    "The latest deconfliction says to hold: there is police activity. The referral cannot be "
    "progressed to Channel until a later deconfliction entry clears it."
)


@transaction.atomic
def record_screening_information(
    *, viewer: Viewer, referral: Referral, source: str, what: str, legal_basis: str
) -> ScreeningInformation:
    """Information gathered during gateway screening, before the case is progressed."""
    referral = locked(referral)
    same_partnership(viewer, referral)
    workflow.require(viewer, referral, Move.RECORD_SCREENING)
    source = source.strip()
    if not source:
        raise Refused("Enter where the information came from", field="source")
    if len(source) > 200:
        raise Refused("Where the information came from must be 200 characters or fewer", field="source")
    if not what.strip():
        raise Refused("Enter what the information is", field="what")
    if legal_basis not in LegalBasis.values:
        raise Refused("Select the legal basis", field="legal_basis")
    info = ScreeningInformation(
        referral=referral, legal_basis=legal_basis, recorded_by=viewer.user, recorded_at=timezone.now()
    )
    vault.assign(info, source=source, what=what.strip())
    info.save()
    add_event(referral, EventKind.SCREENING, "Screening information recorded", viewer.user)
    audit(
        viewer,
        "cases.gateway.screening_recorded",
        referral,
        {"legal_basis": {"from": None, "to": legal_basis}, **personal("source", "what")},
    )
    return info


NATIONAL_REFERENCE_TAKEN = (
    "Another case in this partnership already has that national case-tracking reference"
)


def normalise_national_reference(text: str) -> str:
    return "".join(text.split()).upper()


@transaction.atomic
def set_national_reference(*, viewer: Viewer, referral: Referral, national_reference: str) -> Referral:
    """Record, change or clear the national case-tracking reference, so the two systems can
    be reconciled. Unique in the partnership (referral_national_reference)."""
    referral = locked(referral)
    same_partnership(viewer, referral)
    workflow.require(viewer, referral, Move.SET_NATIONAL_REFERENCE)
    value = normalise_national_reference(national_reference)
    if len(value) > 40:
        raise Refused("The national reference must be 40 characters or fewer", field="national_reference")
    if value and not all(ch.isalnum() or ch in "-/_." for ch in value):
        raise Refused(
            "The national reference can only include letters, numbers, hyphens, full stops, "
            "underscores and slashes",
            field="national_reference",
        )
    before = referral.national_reference
    if value == before:
        return referral
    taken = Referral.objects.filter(partnership_id=referral.partnership_id, national_reference=value)
    if value and taken.exclude(pk=referral.pk).exists():
        raise Refused(NATIONAL_REFERENCE_TAKEN, field="national_reference")
    referral.national_reference = value
    try:
        # A savepoint: someone recording the same reference at the same moment loses the
        # race here, and the form says so, rather than the page failing.
        with transaction.atomic():
            referral.save(update_fields=["national_reference", "updated_at"])
    except IntegrityError:
        raise Refused(NATIONAL_REFERENCE_TAKEN, field="national_reference") from None
    add_event(
        referral,
        EventKind.NATIONAL_REFERENCE,
        f"National case-tracking reference {'recorded: ' + value if value else 'removed'}",
        viewer.user,
    )
    audit(
        viewer,
        "cases.referral.national_reference",
        referral,
        {"national_reference": {"from": before or None, "to": value or None}},
    )
    return referral


@transaction.atomic
def record_gateway_decision(
    *,
    viewer: Viewer,
    referral: Referral,
    decision: str,
    reasons: str,
    signposted_to: SupportService | None = None,
    decided_on: dt.date | None = None,
) -> Referral:
    """`decided_on`: the day the decision was made, when it is recorded later."""
    referral = locked(referral)
    same_partnership(viewer, referral)
    workflow.require(viewer, referral, Move.GATEWAY_DECISION)
    gateway = _gateway(referral)
    if referral.person_id is None:
        raise Refused(
            "Link the referral to a person already known, or confirm a new person, before deciding."
        )
    latest = latest_deconfliction(referral)
    if latest is None:
        raise Refused("Record deconfliction before the gateway decision.")
    if decision == GatewayDecision.PROGRESS and latest.outcome == DeconflictionOutcome.HOLD:
        raise Refused(HOLD_REFUSAL, field="decision")
    if decision not in workflow.GATEWAY_OUTCOMES:
        raise Refused("Select a decision", field="decision")
    if not reasons.strip():
        raise Refused("Enter the reasons for the decision", field="reasons")
    if decision == GatewayDecision.SIGNPOSTED and signposted_to is None:
        raise Refused("Select the service the person is signposted to", field="signposted_to")
    received_on = timezone.localdate(referral.received_at)
    decided_on = decided_on or timezone.localdate()
    if not received_on <= decided_on <= timezone.localdate():
        raise Refused("The decision date must be between the day the referral was received and today")
    gateway.decision = decision
    gateway.signposted_to = signposted_to if decision == GatewayDecision.SIGNPOSTED else None
    gateway.reasons = reasons.strip()
    gateway.decided_by = viewer.user
    gateway.decided_at = (
        timezone.now()
        if decided_on == timezone.localdate()
        else timezone.make_aware(dt.datetime.combine(decided_on, dt.time(12)))
    )
    gateway.save()
    changes = move(referral, workflow.GATEWAY_OUTCOMES[GatewayDecision(decision)], on=decided_on)
    label = GatewayDecision(decision).label
    if gateway.signposted_to:
        label += f" ({gateway.signposted_to.label})"
    add_event(referral, EventKind.GATEWAY_DECISION, f"Gateway decision: {label}", viewer.user)
    audit(
        viewer,
        "cases.gateway.decided",
        referral,
        {**changes, "decision": {"from": None, "to": decision}, **personal("reasons")},
    )
    return referral

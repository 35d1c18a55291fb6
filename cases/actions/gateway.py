"""The police gateway: who the referral is about (a person already known, or a new one),
deconfliction, and the gateway decision."""

from __future__ import annotations

import datetime as dt
import json

from django.db import transaction
from django.utils import timezone

from accounts.access import Viewer
from cases import queries, vault, workflow
from cases.actions.common import (
    add_event,
    audit,
    locked,
    move,
    personal,
    same_partnership,
)
from cases.blind import name_index
from cases.models import (
    EventKind,
    GatewayAssessment,
    GatewayDecision,
    Person,
    PersonNameKey,
    Referral,
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
]


def index_person(person: Person) -> None:
    PersonNameKey.objects.filter(person=person).delete()
    PersonNameKey.objects.bulk_create(
        PersonNameKey(person=person, partnership_id=person.partnership_id, key=key)
        for key in sorted(name_index(queries.person_record(person)))
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
def record_deconfliction(*, viewer: Viewer, referral: Referral, checks: str) -> GatewayAssessment:
    referral = locked(referral)
    same_partnership(viewer, referral)
    workflow.require(viewer, referral, Move.DECONFLICT)
    if not checks.strip():
        raise Refused("Enter the checks made", field="checks")
    gateway = _gateway(referral)
    gateway.checks = checks.strip()
    gateway.deconflicted_at = timezone.now()
    gateway.deconflicted_by = viewer.user
    gateway.save()
    add_event(referral, EventKind.DECONFLICTED, "Deconfliction recorded", viewer.user)
    audit(viewer, "cases.gateway.deconflicted", referral, personal("checks"))
    return gateway


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
    if gateway.deconflicted_at is None:
        raise Refused("Record deconfliction before the gateway decision.")
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

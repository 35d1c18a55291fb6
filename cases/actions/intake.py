"""Intake: a referral received, from the referral form or recorded by staff from a phone
call or e-mail."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from django.db import transaction
from django.utils import timezone

from accounts.access import Viewer
from accounts.models import Partnership
from cases import access, queries, statistics, vault
from cases.actions.common import (
    add_event,
    audit,
    locked,
    personal,
    require_role,
)
from cases.models import (
    ConcernType,
    EventKind,
    ReferenceCounter,
    Referral,
    ReferralAddition,
    ReferralSector,
    ReferralState,
    sealed_json,
)
from cases.vault import DataKey
from lib.errors import Refused

__all__ = [
    "ADDITION_MAX_LENGTH",
    "ReferralDetails",
    "add_referral_information",
    "submit_referral",
]

ADDITION_MAX_LENGTH = 5000


@dataclass
class ReferralDetails:
    """What a referral form collects (see cases.forms)."""

    given_names: str
    family_name: str
    date_of_birth: dt.date | None
    gender: str
    concern_type: ConcernType
    sector: ReferralSector
    narrative: str
    referrer_name: str
    referrer_organisation: str
    other_names: str = ""
    address: str = ""
    postcode: str = ""
    school_or_employer: str = ""
    vulnerabilities: str = ""
    urgency: str = "routine"
    person_aware: str = "not_known"
    referrer_role: str = ""
    referrer_email: str = ""
    referrer_phone: str = ""
    special_categories: dict[str, tuple[str, str]] = field(default_factory=dict)
    received_at: dt.datetime | None = None


def _next_reference(partnership: Partnership, year: int) -> str:
    counter, _ = ReferenceCounter.objects.select_for_update().get_or_create(
        partnership=partnership, year=year
    )
    counter.last += 1
    counter.save(update_fields=["last"])
    return f"{partnership.code}-{year}-{counter.last:04d}"


@transaction.atomic
def submit_referral(*, viewer: Viewer, details: ReferralDetails) -> Referral:
    partnership = require_role(viewer, access.SUBMITTERS, "make a referral")
    for listed in (details.concern_type, details.sector):
        if listed.partnership_id not in (None, partnership.pk):
            raise Refused("Choose from this partnership's lists.")
    if not (details.given_names or details.family_name):
        raise Refused("Enter the person's name, or as much of it as you know", field="family_name")
    if not details.narrative.strip():
        raise Refused("Describe the concern", field="narrative")
    received_at = details.received_at or timezone.now()
    referral = Referral(
        partnership=partnership,
        reference=_next_reference(partnership, timezone.localtime(received_at).year),
        received_at=received_at,
        data_key=DataKey.create(),
        submitted_by=viewer.user,
        sector=details.sector,
        concern_type=details.concern_type,
        urgency=details.urgency,
        person_aware=details.person_aware,
        subject_gender=details.gender,
    )
    vault.assign(
        referral,
        referrer_name=details.referrer_name,
        referrer_role=details.referrer_role,
        referrer_organisation=details.referrer_organisation,
        referrer_email=details.referrer_email,
        referrer_phone=details.referrer_phone,
        subject_given_names=details.given_names,
        subject_family_name=details.family_name,
        subject_other_names=details.other_names,
        subject_date_of_birth=details.date_of_birth,
        subject_address=details.address,
        subject_postcode=details.postcode,
        subject_school_or_employer=details.school_or_employer,
    )
    referral.narrative = details.narrative.strip()
    referral.vulnerabilities = details.vulnerabilities.strip()
    chosen = {name: value for name, value in details.special_categories.items() if value[0]}
    if chosen:
        referral.special_categories = sealed_json(chosen)
    referral.possible_matches = len(queries.possible_matches(partnership, queries.subject_record(referral)))
    referral.save()
    statistics.refresh(referral)
    add_event(
        referral,
        EventKind.RECEIVED,
        f"Referral received from the {details.sector.label.lower()} sector",
        viewer.user,
        received_at,
    )
    audit(
        viewer,
        "cases.referral.received",
        referral,
        {
            "state": {"from": None, "to": referral.state},
            "concern_type": {"from": None, "to": details.concern_type.code},
            "sector": {"from": None, "to": details.sector.code},
            **personal("subject", "narrative", *(["vulnerabilities"] if details.vulnerabilities else [])),
            **personal(*(["special_categories"] if chosen else [])),
        },
    )
    return referral


@transaction.atomic
def add_referral_information(*, viewer: Viewer, referral: Referral, text: str) -> ReferralAddition:
    """Further information from the person who sent the referral, while it waits at the
    gateway. Afterwards they contact the Prevent team instead."""
    require_role(viewer, access.SUBMITTERS, "add information to a referral")
    referral = locked(referral)
    if referral.partnership_id != viewer.partnership.pk or referral.submitted_by_id != viewer.user.pk:
        raise Refused("Only the person who sent a referral can add information to it.")
    if referral.state != ReferralState.RECEIVED:
        raise Refused(
            "The Prevent team has assessed this referral, so information can no longer be added here. "
            f"Contact them, quoting {referral.reference}.",
            field="text",
        )
    text = text.strip()
    if not text:
        raise Refused("Enter the information you want to add", field="text")
    if len(text) > ADDITION_MAX_LENGTH:
        raise Refused(f"The information must be {ADDITION_MAX_LENGTH:,} characters or fewer", field="text")
    now = timezone.now()
    addition = ReferralAddition(referral=referral, added_by=viewer.user, added_at=now)
    addition.text = text
    addition.save()
    add_event(referral, EventKind.ADDITION, "Further information from the referrer", viewer.user, now)
    audit(viewer, "cases.referral.information_added", referral, personal("further_information"))
    return addition

"""What every Channel action shares: the role check, the chronology event, the audit
event that never holds personal values, and the one place a referral changes state,
which also keeps its statistical record current and starts its retention clock when it
closes."""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping, Sequence
from typing import Any

from django.utils import timezone

from accounts.access import Viewer
from accounts.models import Partnership, User
from audit.log import record
from cases import retention, statistics
from cases.models import CLOSED_STATES, CaseEvent, Referral
from lib.errors import Refused

RECORDED = "(recorded, not logged)"


def require_role(viewer: Viewer, roles: Sequence[str], what: str) -> Partnership:
    if not viewer.has_any(*roles):
        raise Refused(f"Your role does not allow you to {what}.")
    return viewer.partnership


def same_partnership(viewer: Viewer, referral: Referral) -> None:
    if referral.partnership_id != viewer.partnership.pk:
        raise Refused("This referral belongs to another partnership.")


def add_event(
    referral: Referral, kind: str, summary: str, actor: User | None, at: dt.datetime | None = None
) -> None:
    CaseEvent.objects.create(
        referral=referral, kind=kind, summary=summary[:300], actor=actor, occurred_at=at or timezone.now()
    )


def audit(viewer: Viewer, verb: str, referral: Referral, changes: Mapping[str, Any]) -> None:
    record(
        verb=verb,
        actor=viewer.user,
        partnership=viewer.partnership,
        target=referral,
        label=referral.reference,
        changes=changes,
    )


def personal(*names: str) -> dict[str, Any]:
    return {name: {"from": None, "to": RECORDED} for name in names}


def move(referral: Referral, to: str, *, on: dt.date | None = None) -> dict[str, Any]:
    """Change the referral's state; `on` is the day it happened (today if not given)."""
    before = referral.state
    referral.state = to
    referral.save(update_fields=["state", "updated_at"])
    statistics.refresh(referral)
    if to in CLOSED_STATES and before != to:
        retention.start_clock(referral.pk, referral.partnership, to, on or timezone.localdate())
    return {"state": {"from": before, "to": to}} if before != to else {}


def locked(referral: Referral) -> Referral:
    """The referral re-read under a row lock, so two people deciding at once cannot
    both pass the state check."""
    return Referral.objects.select_for_update().select_related("data_key").get(pk=referral.pk)

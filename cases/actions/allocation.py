"""Who looks after a case (the allocated worker, a coordinator of the partnership, whose
"My cases" lists it), and the audit of a search across cases."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from django.db import transaction
from django.db.models import QuerySet

from accounts.access import Viewer
from accounts.models import Role, User
from audit.log import record_outside_action
from cases import workflow
from cases.actions.common import add_event, audit, locked, same_partnership
from cases.models import EventKind, Referral
from cases.workflow import Move
from lib.errors import Refused

__all__ = ["allocatable_workers", "allocate", "record_search"]


def allocatable_workers(partnership_id: int) -> QuerySet[User]:
    """Who a case can be allocated to: the active coordinators of its partnership."""
    return User.objects.filter(
        is_active=True, memberships__partnership_id=partnership_id, memberships__role=Role.COORDINATOR
    ).distinct()


@transaction.atomic
def allocate(*, viewer: Viewer, referral: Referral, worker: User | None) -> Referral:
    """Allocate the case to `worker`, reallocate it, or (None) leave it unallocated."""
    referral = locked(referral)
    same_partnership(viewer, referral)
    workflow.require(viewer, referral, Move.ALLOCATE)
    if worker is not None and not allocatable_workers(referral.partnership_id).filter(pk=worker.pk).exists():
        raise Refused("A case can only be allocated to a coordinator of this partnership", field="worker")
    before = referral.allocated_to_id
    after = worker.pk if worker else None
    if before == after:
        return referral
    previous = User.objects.filter(pk=before).first() if before else None
    referral.allocated_to = worker
    referral.save(update_fields=["allocated_to", "updated_at"])
    if worker is None:
        summary = "No longer allocated to a worker"
    elif previous is None:
        summary = f"Allocated to {worker.full_name}"
    else:
        summary = f"Reallocated from {previous.full_name} to {worker.full_name}"
    add_event(referral, EventKind.ALLOCATED, summary, viewer.user)
    audit(
        viewer,
        "cases.referral.allocated",
        referral,
        {
            "allocated_to": {
                "from": str(previous.uuid) if previous else None,
                "to": str(worker.uuid) if worker else None,
            }
        },
    )
    return referral


def record_search(*, viewer: Viewer, searched_by: list[str], filters: Mapping[str, Any], found: int) -> None:
    """A search across cases is audited like a list view: which kinds of search were made
    (name, date of birth, postcode...) and the filters, never what was typed, which is
    personal data."""
    record_outside_action(
        verb="cases.search",
        actor=viewer.user,
        partnership=viewer.partnership,
        label="case search",
        changes={
            "searched_by": {"from": None, "to": sorted(searched_by)},
            "filters": {"from": None, "to": dict(filters)},
            "found": {"from": None, "to": found},
        },
    )

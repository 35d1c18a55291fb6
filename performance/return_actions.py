"""The write path of the partnership's quarterly return: the coordinator starts it, writes
its narrative and contact, submits it (storing its figures, which then never change) and may
reopen a submitted return with a reason, which starts its next version. Each function checks
the viewer, writes in one transaction and records the audit event."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from accounts.access import Viewer
from accounts.models import Role
from audit.log import changes_between, created, record, snapshot
from lib.errors import Refused
from lib.quarters import quarter_start
from performance import return_figures
from performance.models import PartnershipReturn, PartnershipReturnStatus
from projects import quarters as q

NARRATIVE_FIELDS = [
    "channel_narrative",
    "training_narrative",
    "engagement_narrative",
    "projects_narrative",
    "contact_name",
    "contact_email",
    "contact_phone",
]


def _audit(viewer: Viewer, verb: str, target: PartnershipReturn, changes: dict[str, Any]) -> None:
    record(verb=verb, actor=viewer.user, partnership=viewer.partnership, target=target, changes=changes)


def _require_coordinator(viewer: Viewer, partnership_return: PartnershipReturn | None = None) -> None:
    if not viewer.has_any(Role.COORDINATOR):
        raise Refused("Only the partnership's Prevent coordinator can prepare its quarterly return.")
    if partnership_return is not None and partnership_return.partnership_id != viewer.partnership.pk:
        raise Refused("This return belongs to another partnership.")


def quarters_to_start(partnership: Any, today: dt.date) -> list[dt.date]:
    """The quarter just ended and the current one, when no return for them exists yet."""
    current = quarter_start(today)
    candidates = [q.previous_quarter(current), current]
    taken = set(
        PartnershipReturn.objects.filter(partnership=partnership, quarter__in=candidates).values_list(
            "quarter", flat=True
        )
    )
    return [quarter for quarter in candidates if quarter not in taken]


@transaction.atomic
def start_return(*, viewer: Viewer, quarter: dt.date) -> PartnershipReturn:
    _require_coordinator(viewer)
    if quarter != quarter_start(quarter) or quarter > quarter_start(timezone.localdate()):
        raise Refused("Choose a quarter from the list", field="quarter")
    if PartnershipReturn.objects.filter(partnership=viewer.partnership, quarter=quarter).exists():
        raise Refused(f"The return for {q.label(quarter)} has been started already", field="quarter")
    partnership_return = PartnershipReturn.objects.create(partnership=viewer.partnership, quarter=quarter)
    _audit(
        viewer,
        "performance.return.started",
        partnership_return,
        created({"quarter": q.short_label(quarter), "version": 1}),
    )
    return partnership_return


def _clean(partnership_return: PartnershipReturn) -> None:
    """The model's own limits (lengths, an email address), refused against the field."""
    try:
        partnership_return.full_clean(
            exclude=["partnership", "submitted_by", "snapshot"], validate_unique=False
        )
    except ValidationError as error:
        field, messages = next(iter(error.message_dict.items()))
        raise Refused(messages[0], field=field) from error


def _require_draft(partnership_return: PartnershipReturn) -> None:
    if partnership_return.locked:
        raise Refused("This return has been submitted and can no longer change; reopen it to change it.")


@transaction.atomic
def save_return(*, viewer: Viewer, partnership_return: PartnershipReturn, **values: str) -> PartnershipReturn:
    """The narrative of each section and the contact."""
    _require_coordinator(viewer, partnership_return)
    locked = PartnershipReturn.objects.select_for_update().get(pk=partnership_return.pk)
    _require_draft(locked)
    unknown = set(values) - set(NARRATIVE_FIELDS)
    if unknown:
        raise Refused("The return has no such field.")
    before = snapshot(locked, NARRATIVE_FIELDS)
    for name, value in values.items():
        setattr(locked, name, value.strip())
    _clean(locked)
    locked.save()
    changes = changes_between(before, snapshot(locked, NARRATIVE_FIELDS))
    if changes:
        _audit(viewer, "performance.return.saved", locked, changes)
    return locked


@transaction.atomic
def submit_return(*, viewer: Viewer, partnership_return: PartnershipReturn) -> PartnershipReturn:
    """Lock the return: its figures as they are now are stored and never read from the
    records again."""
    _require_coordinator(viewer, partnership_return)
    locked = PartnershipReturn.objects.select_for_update().get(pk=partnership_return.pk)
    if locked.locked:
        raise Refused("This return has already been submitted.")
    if not locked.contact_name.strip() or not locked.contact_email.strip():
        raise Refused("Give a contact name and email address for the return before submitting it.")
    locked.snapshot = return_figures.live_report(locked)
    locked.status = PartnershipReturnStatus.SUBMITTED
    locked.submitted_at = timezone.now()
    locked.submitted_by = viewer.user
    locked.save()
    _audit(
        viewer,
        "performance.return.submitted",
        locked,
        {
            "status": {"from": PartnershipReturnStatus.DRAFT, "to": PartnershipReturnStatus.SUBMITTED},
            "version": {"from": None, "to": locked.version},
        },
    )
    return locked


@transaction.atomic
def reopen_return(*, viewer: Viewer, partnership_return: PartnershipReturn, reason: str) -> PartnershipReturn:
    """Mark a submitted return reopened (it keeps what it reported) and start its next
    version as a draft, with the narrative carried over and the reason recorded."""
    _require_coordinator(viewer, partnership_return)
    reason = reason.strip()
    if not reason:
        raise Refused("Say why the return is being reopened", field="reason")
    locked = PartnershipReturn.objects.select_for_update().get(pk=partnership_return.pk)
    if locked.status != PartnershipReturnStatus.SUBMITTED:
        raise Refused("Only the submitted version of a return can be reopened.")
    locked.status = PartnershipReturnStatus.REOPENED
    locked.save(update_fields=["status", "updated_at"])
    following = PartnershipReturn(
        partnership=locked.partnership,
        quarter=locked.quarter,
        version=locked.version + 1,
        reopen_reason=reason,
        **{name: getattr(locked, name) for name in NARRATIVE_FIELDS},
    )
    _clean(following)
    following.save()
    _audit(
        viewer,
        "performance.return.reopened",
        locked,
        {
            "status": {"from": PartnershipReturnStatus.SUBMITTED, "to": PartnershipReturnStatus.REOPENED},
            "reason": {"from": None, "to": reason},
            "new version": {"from": None, "to": following.version},
        },
    )
    return following

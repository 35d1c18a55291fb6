"""Quarterly returns for tests: the last quarter's submitted, the current one's a draft."""

from __future__ import annotations

from dataclasses import dataclass

from django.utils import timezone

from accounts.access import Viewer
from performance import return_actions
from performance.models import PartnershipReturn


@dataclass(frozen=True)
class ReturnRecords:
    submitted: PartnershipReturn
    draft: PartnershipReturn


def prepared(viewer: Viewer, partnership_return: PartnershipReturn, **values: str) -> PartnershipReturn:
    fields = {"contact_name": "Cora Ordinator", "contact_email": "cora@th.example.gov.uk", **values}
    return return_actions.save_return(viewer=viewer, partnership_return=partnership_return, **fields)


def returns_for_walks(coordinator: Viewer) -> ReturnRecords:
    last, current = return_actions.quarters_to_start(coordinator.partnership, timezone.localdate())
    submitted = return_actions.start_return(viewer=coordinator, quarter=last)
    prepared(coordinator, submitted, channel_narrative="Referrals steady.")
    submitted = return_actions.submit_return(viewer=coordinator, partnership_return=submitted)
    draft = return_actions.start_return(viewer=coordinator, quarter=current)
    return ReturnRecords(submitted, draft)

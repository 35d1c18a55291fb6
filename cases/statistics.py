"""The anonymous statistical record of each referral, and the counts drawn from it.

The record holds only what the Home Office statistics count (financial year, sector,
type of concern, age band, gender, how far the referral went and, for an exit or
closure, its reason from the list) and the dates the Channel indicators need (received,
gateway decision and whether it met the target, first panel), is refreshed by every
change of state, and outlives the referral's erasure, so figures for past years do not
change when personal data is deleted."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.db.models import Count, Q
from django.utils import timezone

from accounts.models import Partnership
from cases import equality, seeds
from cases.models import (
    AgendaItem,
    ClosureReason,
    ConcernType,
    ConsentDecision,
    PanelDecision,
    Referral,
    ReferralState,
    StatisticalRecord,
)
from lib.bands import age_band, financial_quarter, financial_year
from lib.working_days import add_working_days

# The reason a case left without one recorded (closed before reasons were kept) when its
# outcome says it: withdrawn from support, or returned to the police.
IMPLIED_REASONS: dict[str, str] = {
    ReferralState.WITHDREW: ClosureReason.CONSENT_WITHDRAWN,
    ReferralState.ESCALATED: ClosureReason.ESCALATED,
}


def refresh(referral: Referral) -> StatisticalRecord:
    """Bring the referral's statistical record up to date with its present state."""
    received = timezone.localdate(referral.received_at)
    person = referral.person
    born = person.date_of_birth if person and person.date_of_birth else referral.subject_date_of_birth
    gateway = getattr(referral, "gateway", None)
    discussed = list(
        AgendaItem.objects.filter(referral=referral)
        .exclude(decision="")
        .values_list("decision", "meeting__meets_at")
    )
    decisions = {decision for decision, _ in discussed}
    first_panel = min((timezone.localdate(meets_at) for _, meets_at in discussed), default=None)
    decided = (
        timezone.localdate(gateway.decided_at)
        if gateway and gateway.decision and gateway.decided_at
        else None
    )
    consent = referral.consents.filter(decision=ConsentDecision.GIVEN).order_by("-given_on").first()
    closure = referral.closures.order_by("-decided_on", "-id").values_list("reason", flat=True).first()
    values = {
        "partnership_id": referral.partnership_id,
        "financial_year": financial_year(received),
        "quarter": financial_quarter(received),
        "sector_id": referral.sector_id,
        "concern_type_id": referral.concern_type_id,
        "age_band": age_band(born, received),
        "gender": person.gender if person else referral.subject_gender,
        "gateway_outcome": gateway.decision if gateway else "",
        "discussed_at_panel": bool(decisions),
        "adopted": PanelDecision.ADOPT in decisions,
        "consent_given_by": consent.given_by if consent else "",
        "state": referral.state,
        "closure_reason": closure or IMPLIED_REASONS.get(referral.state, ""),
        "received_on": received,
        "gateway_decided_on": decided,
        "gateway_within_target": within_target(received, decided, referral.partnership.gateway_target_days),
        "first_panel_on": first_panel,
        # A panel dated before the referral's receipt (a date entered wrongly) counts as 0.
        "days_to_panel": max(0, (first_panel - received).days) if first_panel else None,
    }
    record = StatisticalRecord.objects.filter(referral=referral).first()
    if record is None:
        record = StatisticalRecord.objects.create(referral=referral, **values)
    else:
        # Statistics count a referral where it was received, even after a transfer.
        values.pop("partnership_id")
        for name, value in values.items():
            setattr(record, name, value)
        record.save()
    record.referral = referral
    equality.count(record, referral)
    return record


def within_target(received: dt.date, decided: dt.date | None, target_days: int) -> bool | None:
    """Whether the gateway decided by the due date (the target in working days after the
    day of receipt, as the queue counts it); None while undecided."""
    if decided is None:
        return None
    return decided <= add_working_days(received, target_days)


@dataclass(frozen=True)
class Journey:
    """The published journey for one financial year: referrals, discussed at a
    Channel panel, adopted as a Channel case."""

    financial_year: int
    referrals: int
    discussed: int
    adopted: int

    @property
    def label(self) -> str:
        return f"{self.financial_year}/{(self.financial_year + 1) % 100:02d}"


def journeys(partnership: Partnership) -> list[Journey]:
    rows = (
        StatisticalRecord.objects.filter(partnership=partnership)
        .values("financial_year")
        .annotate(
            referrals=Count("id"),
            discussed=Count("id", filter=Q(discussed_at_panel=True)),
            adopted=Count("id", filter=Q(adopted=True)),
        )
        .order_by("-financial_year")
    )
    return [Journey(**row) for row in rows]


def breakdown(partnership: Partnership, financial_year: int, dimension: str) -> dict[str, int]:
    """Referrals of one year counted by sector, concern type, age band, gender,
    gateway outcome, final state or the reason for the exit or closure (closure_reason). A
    type of concern the Home Office statistics have no category for ("Not sure") is counted
    in the one they do (seeds.COUNTED_AS)."""
    if dimension == "concern_type":
        return _by_concern_type(partnership, financial_year)
    field = {"sector": "sector__label", "concern_type": "concern_type__label"}.get(dimension, dimension)
    rows = (
        StatisticalRecord.objects.filter(partnership=partnership, financial_year=financial_year)
        .values(field)
        .annotate(n=Count("id"))
        .order_by(field)
    )
    return {row[field]: row["n"] for row in rows}


def _by_concern_type(partnership: Partnership, financial_year: int) -> dict[str, int]:
    rows = (
        StatisticalRecord.objects.filter(partnership=partnership, financial_year=financial_year)
        .values("concern_type__code", "concern_type__label", "concern_type__partnership")
        .annotate(n=Count("id"))
    )
    national = dict(
        ConcernType.objects.filter(partnership=None, code__in=seeds.COUNTED_AS.values()).values_list(
            "code", "label"
        )
    )
    counts: dict[str, int] = {}
    for row in rows:
        label = row["concern_type__label"]
        counted_as = seeds.COUNTED_AS.get(row["concern_type__code"])
        if row["concern_type__partnership"] is None and counted_as in national:
            label = national[counted_as]
        counts[label] = counts.get(label, 0) + row["n"]
    return dict(sorted(counts.items()))

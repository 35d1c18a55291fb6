"""The write path after adoption: consent, the support plan's interventions and their
sessions, and reviews during support and after exit. The panel's review and exit
decisions (cases.actions.panels.record_panel_decision) use the review helpers here."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from django.db import transaction
from django.db.models import QuerySet
from django.utils import timezone

from accounts.access import Viewer
from accounts.models import Role, User
from cases import statistics, workflow
from cases.actions.common import add_event, audit, locked, move, personal, same_partnership
from cases.models import (
    AgendaItem,
    Closure,
    ClosureReason,
    ClosureStage,
    Consent,
    ConsentDecision,
    ConsentGiver,
    ConsentMethod,
    EventKind,
    Frequency,
    Intervention,
    InterventionStatus,
    InterventionType,
    OnwardKind,
    OnwardReferral,
    PanelDecision,
    Referral,
    ReferralState,
    Review,
    ReviewKind,
    SupportSession,
)
from cases.workflow import Move
from lib.dates import add_months, age_on
from lib.errors import Refused

__all__ = [
    "ConsentRoute",
    "NotGiven",
    "agree_intervention",
    "closure_refusal",
    "consent_giver_required",
    "end_intervention",
    "log_session",
    "pending_reviews",
    "post_exit_review_opens",
    "post_exit_review_refusal",
    "record_closure",
    "record_consent",
    "record_post_exit_review",
    "return_to_police",
    "withdraw_consent",
]


ADULT_AGE = 18


def _not_in_future(day: dt.date, what: str, field: str) -> None:
    if day > timezone.localdate():
        raise Refused(f"The {what} must be today or in the past", field=field)


# --- consent -----------------------------------------------------------------------------


def consent_giver_required(referral: Referral, on: dt.date) -> str | None:
    """Who must consent on that day: a parent or guardian while the person is under 18,
    otherwise the person; None when their date of birth is not known."""
    born = referral.person.date_of_birth if referral.person else None
    if born is None:
        return None
    return ConsentGiver.PARENT if age_on(born, on) < ADULT_AGE else ConsentGiver.PERSON


# Who may give or refuse consent, by who must (consent_giver_required): for a child, a
# parent or guardian or a local authority holding parental responsibility; for an adult,
# the person, or a best-interests decision when they lack capacity for this decision.
GIVERS = {
    ConsentGiver.PARENT: (ConsentGiver.PARENT, ConsentGiver.LOCAL_AUTHORITY),
    ConsentGiver.PERSON: (ConsentGiver.PERSON, ConsentGiver.BEST_INTERESTS),
}


def _required(value: str, message: str, field: str) -> str:
    if not value.strip():
        raise Refused(message, field=field)
    return value.strip()


@dataclass(frozen=True)
class ConsentRoute:
    """What a route to consent other than the person's own needs on record: the parent's
    or guardian's name; the local authority and who gave consent for it; for a
    best-interests decision, the capacity assessment (when, by whom, its outcome) and the
    decision (who decided, who was consulted, the reasons)."""

    giver_name: str = ""
    local_authority: str = ""
    authority_contact: str = ""
    capacity_assessed_on: dt.date | None = None
    capacity_assessor: str = ""
    lacks_capacity: bool = False
    best_interests_decider: str = ""
    best_interests_consulted: str = ""
    best_interests_reasons: str = ""

    def check(self, given_by: str, decided_on: dt.date) -> dict[str, str]:
        """The sealed values to keep for the route, or Refused naming what is missing."""
        if given_by == ConsentGiver.PARENT:
            return {
                "giver_name": _required(
                    self.giver_name, "Enter the name of the parent or guardian", "giver_name"
                )
            }
        if given_by == ConsentGiver.LOCAL_AUTHORITY:
            return {
                "local_authority": _required(
                    self.local_authority,
                    "Enter the local authority holding parental responsibility",
                    "local_authority",
                ),
                "authority_contact": _required(
                    self.authority_contact,
                    "Enter who gave or refused consent for the local authority, and their role",
                    "authority_contact",
                ),
            }
        if given_by == ConsentGiver.BEST_INTERESTS:
            if self.capacity_assessed_on is None:
                raise Refused("Enter the date of the capacity assessment", field="capacity_assessed_on")
            _not_in_future(
                self.capacity_assessed_on, "date of the capacity assessment", "capacity_assessed_on"
            )
            if self.capacity_assessed_on > decided_on:
                raise Refused(
                    "The capacity assessment must be on or before the date of the decision",
                    field="capacity_assessed_on",
                )
            values = {
                "capacity_assessor": _required(
                    self.capacity_assessor, "Enter who assessed the person's capacity", "capacity_assessor"
                )
            }
            if not self.lacks_capacity:
                raise Refused(
                    "A best-interests decision is made only when the capacity assessment found that the "
                    "person lacks capacity for this decision. Otherwise the person decides themselves.",
                    field="lacks_capacity",
                )
            values["best_interests_decider"] = _required(
                self.best_interests_decider,
                "Enter who made the best-interests decision",
                "best_interests_decider",
            )
            values["best_interests_consulted"] = _required(
                self.best_interests_consulted, "Enter who was consulted", "best_interests_consulted"
            )
            values["best_interests_reasons"] = _required(
                self.best_interests_reasons,
                "Enter the reasons for the best-interests decision",
                "best_interests_reasons",
            )
            return values
        return {}


@dataclass(frozen=True)
class NotGiven:
    """What is recorded when consent is refused or withdrawn: the day the case is to be
    reconsidered, and any onward referral (what kind, to whom, when)."""

    reconsider_on: dt.date | None = None
    onward_kind: str = ""
    onward_to: str = ""
    onward_on: dt.date | None = None

    def check(self, decided_on: dt.date) -> None:
        if self.reconsider_on is None:
            raise Refused("Enter the date to reconsider the case", field="reconsider_on")
        if self.reconsider_on <= decided_on:
            raise Refused(
                f"The date to reconsider must be after the decision ({decided_on:%-d %B %Y})",
                field="reconsider_on",
            )
        if self.reconsider_on > add_months(decided_on, 24):
            raise Refused(
                "The date to reconsider must be within two years of the decision", field="reconsider_on"
            )
        if not self.onward_kind:
            return
        if self.onward_kind not in OnwardKind.values:
            raise Refused("Select where the person was referred on to", field="onward_kind")
        if not self.onward_to.strip():
            raise Refused("Enter the organisation or team the person was referred on to", field="onward_to")
        if self.onward_on is None:
            raise Refused("Enter the date of the onward referral", field="onward_on")
        _not_in_future(self.onward_on, "date of the onward referral", "onward_on")


def _under_review(
    viewer: Viewer, referral: Referral, not_given: NotGiven, *, on: dt.date, why: str
) -> dict[str, Any]:
    """Keep a case whose consent was refused or withdrawn open, under review: its
    reconsideration is scheduled (replacing one waiting) and any onward referral kept."""
    assert not_given.reconsider_on is not None
    cancel_pending_reviews(referral, on=on)
    Review.objects.create(
        referral=referral,
        partnership_id=referral.partnership_id,
        kind=ReviewKind.RECONSIDER,
        due_on=not_given.reconsider_on,
    )
    changes = move(referral, ReferralState.CONSENT_UNDER_REVIEW, on=on)
    changes["reconsider_on"] = {"from": None, "to": not_given.reconsider_on.isoformat()}
    if not_given.onward_kind:
        assert not_given.onward_on is not None
        onward = OnwardReferral(
            referral=referral,
            kind=not_given.onward_kind,
            referred_on=not_given.onward_on,
            recorded_by=viewer.user,
        )
        onward.referred_to = not_given.onward_to.strip()
        onward.save()
        add_event(
            referral,
            EventKind.ONWARD_REFERRAL,
            f"Referred on to {OnwardKind(not_given.onward_kind).label.lower()} "
            f"on {not_given.onward_on:%-d %B %Y}",
            viewer.user,
        )
        changes["onward_referral"] = {"from": None, "to": not_given.onward_kind}
        changes |= personal("onward_to")
    add_event(
        referral,
        EventKind.CONSENT,
        f"{why}: the case stays open under review, to be reconsidered on {not_given.reconsider_on:%-d %B %Y}",
        viewer.user,
    )
    return changes


@transaction.atomic
def record_consent(
    *,
    viewer: Viewer,
    referral: Referral,
    decision: str,
    given_by: str,
    method: str,
    given_on: dt.date,
    giver_name: str = "",
    capacity_notes: str = "",
    route: ConsentRoute | None = None,
    not_given: NotGiven | None = None,
) -> Consent:
    """Consent to Channel support, or its refusal, after adoption or while a case whose
    consent was not given is under review. Given, support can start and the first review
    at panel is scheduled; refused, the case stays open under review until the date to
    reconsider it, with any onward referral (`not_given`). Who may decide depends on the
    person's age on the day (GIVERS); a route other than the person's own needs its
    details (`route`)."""
    partnership = viewer.partnership
    referral = locked(referral)
    same_partnership(viewer, referral)
    workflow.require(viewer, referral, Move.RECORD_CONSENT)
    route = route or ConsentRoute(giver_name=giver_name)
    not_given = not_given or NotGiven()
    if decision not in ConsentDecision.values:
        raise Refused("Select whether consent was given or refused", field="decision")
    if method not in ConsentMethod.values:
        raise Refused("Select how consent was asked for", field="method")
    if given_by not in ConsentGiver.values:
        raise Refused("Select who gave or refused consent", field="given_by")
    _not_in_future(given_on, "date of consent", "given_on")
    if given_on < timezone.localdate(referral.received_at):
        raise Refused("The date of consent cannot be before the referral was received", field="given_on")
    earlier = referral.consents.order_by("-given_on", "-id").first()
    last = (earlier.withdrawn_on or earlier.given_on) if earlier is not None else None
    if last is not None and given_on < last:
        raise Refused(
            f"The date of consent cannot be before the last decision about consent ({last:%-d %B %Y})",
            field="given_on",
        )
    required = consent_giver_required(referral, given_on)
    if required is None:
        raise Refused(
            "The person's date of birth is not known, so the service cannot work out whether a parent "
            "or guardian must consent. Correct the person's details to add it first."
        )
    assert referral.person is not None and referral.person.date_of_birth is not None
    age = age_on(referral.person.date_of_birth, given_on)
    if given_by not in GIVERS[ConsentGiver(required)]:
        if required == ConsentGiver.PARENT:
            raise Refused(
                f"The person was {age} on that day, so a parent or guardian must give or refuse consent, "
                "or a local authority holding parental responsibility",
                field="given_by",
            )
        raise Refused(
            f"The person was {age} on that day, so they must give or refuse consent themselves, or, if "
            "they lack capacity for this decision, a best-interests decision is made",
            field="given_by",
        )
    sealed = route.check(given_by, given_on)
    given = decision == ConsentDecision.GIVEN
    if not given:
        not_given.check(given_on)
    consent = Consent(
        referral=referral,
        decision=decision,
        given_by=given_by,
        age_on_the_day=age,
        method=method,
        given_on=given_on,
        recorded_by=viewer.user,
    )
    if given_by == ConsentGiver.BEST_INTERESTS:
        consent.capacity_assessed_on = route.capacity_assessed_on
        consent.lacks_capacity = True
    for name, value in sealed.items():
        setattr(consent, name, value)
    consent.capacity_notes = capacity_notes.strip()
    consent.save()
    who = ConsentGiver(given_by).label.split(":")[0]
    how = ConsentMethod(method).label.lower()
    add_event(
        referral,
        EventKind.CONSENT,
        f"{ConsentDecision(decision).label} by {who[0].lower()}{who[1:]} ({how})",
        viewer.user,
    )
    if given:
        cancel_pending_reviews(referral, on=given_on, reason="Consent given")
        changes = move(referral, ReferralState.IN_SUPPORT, on=given_on)
        schedule_support_review(referral, after=given_on, partnership_weeks=partnership.support_review_weeks)
        # A reconsideration waiting on an agenda can no longer be decided.
        changes |= take_off_agendas(referral, viewer, why="consent was given")
    else:
        changes = _under_review(viewer, referral, not_given, on=given_on, why="Consent refused")
    audit(
        viewer,
        f"cases.consent.{decision}",
        referral,
        {
            **changes,
            "given_by": {"from": None, "to": given_by},
            "given_on": {"from": None, "to": given_on.isoformat()},
            **(
                {"capacity_assessed_on": {"from": None, "to": route.capacity_assessed_on.isoformat()}}
                if given_by == ConsentGiver.BEST_INTERESTS and route.capacity_assessed_on
                else {}
            ),
            **personal(*sealed),
            **personal(*(["capacity_notes"] if capacity_notes.strip() else [])),
        },
    )
    return consent


@transaction.atomic
def withdraw_consent(
    *,
    viewer: Viewer,
    referral: Referral,
    withdrawn_on: dt.date,
    reason: str,
    not_given: NotGiven | None = None,
) -> Referral:
    """The person (or whoever gave consent for them) no longer agrees: support ends, and
    the case stays open under review until the date to reconsider it, with any onward
    referral (`not_given`), until consent is given again or the panel closes it."""
    referral = locked(referral)
    same_partnership(viewer, referral)
    workflow.require(viewer, referral, Move.WITHDRAW_CONSENT)
    not_given = not_given or NotGiven()
    consent = referral.consents.filter(decision=ConsentDecision.GIVEN, withdrawn_on__isnull=True).first()
    if consent is None:
        raise Refused("There is no consent to withdraw.")
    if not reason.strip():
        raise Refused("Enter the reason consent was withdrawn", field="reason")
    _not_in_future(withdrawn_on, "date of withdrawal", "withdrawn_on")
    if withdrawn_on < consent.given_on:
        raise Refused(
            f"The date of withdrawal cannot be before consent was given ({consent.given_on:%-d %B %Y})",
            field="withdrawn_on",
        )
    not_given.check(withdrawn_on)
    consent.withdrawn_on = withdrawn_on
    consent.withdrawal_reason = reason.strip()
    consent.withdrawal_recorded_by = viewer.user
    consent.save(update_fields=["withdrawn_on", "withdrawal_reason_sealed", "withdrawal_recorded_by"])
    ended = end_interventions(referral, on=withdrawn_on, reason="Consent withdrawn")
    add_event(referral, EventKind.CONSENT_WITHDRAWN, "Consent withdrawn: support ended", viewer.user)
    changes = _under_review(viewer, referral, not_given, on=withdrawn_on, why="Consent withdrawn")
    # A review of support waiting on an agenda can no longer be decided.
    changes |= take_off_agendas(referral, viewer, why="consent was withdrawn")
    audit(
        viewer,
        "cases.consent.withdrawn",
        referral,
        {
            **changes,
            "withdrawn_on": {"from": None, "to": withdrawn_on.isoformat()},
            "interventions_ended": {"from": None, "to": ended},
            **personal("reason"),
        },
    )
    return referral


# --- exits, closures and the return to the police ----------------------------------------


def closure_refusal(reason: str, other: str) -> str:
    """Why the reason for an exit or closure cannot be recorded, or ""."""
    if reason not in ClosureReason.values:
        return "Select the reason for the exit or closure"
    if reason == ClosureReason.OTHER and not other.strip():
        return "Enter the reason, as it is not in the list"
    return ""


def record_closure(
    viewer: Viewer,
    referral: Referral,
    *,
    stage: str,
    reason: str,
    on: dt.date,
    other: str = "",
    reasons: str = "",
    item: AgendaItem | None = None,
) -> dict[str, Any]:
    """Keep the reason for an exit or closure (checked with closure_refusal first), and
    the statistical record with it; the audit changes to add."""
    closure = Closure(
        referral=referral,
        stage=stage,
        reason=reason,
        decided_on=on,
        agenda_item=item,
        recorded_by=viewer.user,
    )
    closure.other_reason = other.strip() if reason == ClosureReason.OTHER else ""
    closure.reasons = reasons.strip()
    closure.save()
    statistics.refresh(referral)
    return {
        f"{stage}_reason": {"from": None, "to": reason},
        **personal(*(["other_reason"] if closure.other_reason_sealed else [])),
    }


@transaction.atomic
def return_to_police(*, viewer: Viewer, referral: Referral, returned_on: dt.date, reasons: str) -> Referral:
    """At any stage after the gateway, the case goes back to the police for police-led
    management, with the reasons: support ends, reviews waiting are cancelled, it leaves
    any agenda, and it closes with the reason "escalated to the police"."""
    referral = locked(referral)
    same_partnership(viewer, referral)
    workflow.require(viewer, referral, Move.RETURN_TO_POLICE)
    if not reasons.strip():
        raise Refused("Enter why the case is returned to the police", field="reasons")
    _not_in_future(returned_on, "date of the return", "returned_on")
    if returned_on < timezone.localdate(referral.received_at):
        raise Refused(
            "The date of the return cannot be before the referral was received", field="returned_on"
        )
    ended = end_interventions(referral, on=returned_on, reason="Returned to the police")
    cancel_pending_reviews(referral, on=returned_on, reason="Returned to the police")
    changes = move(referral, ReferralState.ESCALATED, on=returned_on)
    changes |= record_closure(
        viewer,
        referral,
        stage=ClosureStage.CLOSURE,
        reason=ClosureReason.ESCALATED,
        on=returned_on,
        reasons=reasons,
    )
    add_event(
        referral,
        EventKind.RETURNED_TO_POLICE,
        f"Returned to the police for police-led management on {returned_on:%-d %B %Y}",
        viewer.user,
    )
    changes |= take_off_agendas(referral, viewer)
    audit(
        viewer,
        "cases.case.returned_to_police",
        referral,
        {
            **changes,
            "returned_on": {"from": None, "to": returned_on.isoformat()},
            "interventions_ended": {"from": None, "to": ended},
            **personal("reasons"),
        },
    )
    return referral


def take_off_agendas(referral: Referral, viewer: Viewer, *, why: str = "the case closed") -> dict[str, Any]:
    """A case that closes outside a panel (or whose consent changes) leaves the agenda it
    was waiting on: no panel can decide it any more, and its meeting could not otherwise
    be closed."""
    waiting = list(AgendaItem.objects.filter(referral=referral, decision="").select_related("meeting"))
    for item in waiting:
        add_event(
            referral,
            EventKind.AGENDA,
            f"Taken off the agenda of the panel of {timezone.localtime(item.meeting.meets_at):%-d %B %Y}: "
            f"{why}",
            viewer.user,
        )
        item.delete()
    return {"taken_off_agenda": {"from": None, "to": len(waiting)}} if waiting else {}


# --- support plan ------------------------------------------------------------------------


@transaction.atomic
def agree_intervention(
    *,
    viewer: Viewer,
    referral: Referral,
    intervention_type: InterventionType,
    provider_organisation: str,
    starts_on: dt.date,
    frequency_days: int,
    provider: User | None = None,
) -> Intervention:
    partnership = viewer.partnership
    referral = locked(referral)
    same_partnership(viewer, referral)
    workflow.require(viewer, referral, Move.PLAN_SUPPORT)
    if intervention_type.partnership_id not in (None, partnership.pk) or not intervention_type.active:
        raise Refused("Choose a type of intervention from this partnership's list", field="intervention_type")
    if not provider_organisation.strip():
        raise Refused("Enter the Intervention Provider or partner agency", field="provider_organisation")
    if frequency_days not in Frequency.values:
        raise Refused("Select how often sessions should happen", field="frequency_days")
    if (
        provider is not None
        and not provider.memberships.filter(partnership=partnership, role=Role.PROVIDER).exists()
    ):
        raise Refused("The provider must be an intervention provider of this partnership", field="provider")
    consent = referral.consents.filter(decision=ConsentDecision.GIVEN).first()
    assert consent is not None  # in support means consent was given
    if starts_on < consent.given_on:
        raise Refused(
            f"Support cannot start before consent was given ({consent.given_on:%-d %B %Y})", field="starts_on"
        )
    intervention = Intervention.objects.create(
        referral=referral,
        partnership=partnership,
        intervention_type=intervention_type,
        provider_organisation=provider_organisation.strip(),
        provider=provider,
        starts_on=starts_on,
        frequency_days=frequency_days,
        session_due_on=starts_on + dt.timedelta(days=frequency_days),
        agreed_by=viewer.user,
    )
    add_event(
        referral,
        EventKind.INTERVENTION,
        f"Intervention agreed: {intervention_type.label}, {Frequency(frequency_days).label.lower()}, "
        f"from {starts_on:%-d %B %Y}",
        viewer.user,
    )
    audit(
        viewer,
        "cases.intervention.agreed",
        referral,
        {
            "intervention": {"from": None, "to": str(intervention.uuid)},
            "type": {"from": None, "to": intervention_type.code},
            "provider": {"from": None, "to": intervention.provider_organisation},
            "frequency_days": {"from": None, "to": frequency_days},
        },
    )
    return intervention


@transaction.atomic
def log_session(
    *, viewer: Viewer, intervention: Intervention, held_on: dt.date, attended: bool, notes: str = ""
) -> SupportSession:
    """A session of an intervention, logged by its provider or the coordinator. Only an
    attended session counts as support delivered for the follow-up."""
    referral = locked(intervention.referral)
    same_partnership(viewer, referral)
    intervention = Intervention.objects.select_for_update().get(pk=intervention.pk)
    workflow.require(viewer, referral, Move.LOG_SESSION, intervention=intervention)
    _not_in_future(held_on, "session date", "held_on")
    if held_on < intervention.starts_on:
        raise Refused(
            "The session date cannot be before the intervention started "
            f"({intervention.starts_on:%-d %B %Y})",
            field="held_on",
        )
    session = SupportSession(
        intervention=intervention,
        held_on=held_on,
        attended=attended,
        logged_by=viewer.user,
        data_key=referral.data_key,
    )
    session.notes = notes.strip()
    session.save()
    if attended and (intervention.last_session_on is None or held_on > intervention.last_session_on):
        intervention.last_session_on = held_on
        intervention.session_due_on = held_on + dt.timedelta(days=intervention.frequency_days)
        intervention.save(update_fields=["last_session_on", "session_due_on"])
    add_event(
        referral,
        EventKind.SESSION,
        f"{intervention.intervention_type.label} session on {held_on:%-d %B %Y}: "
        f"{'attended' if attended else 'did not attend'}",
        viewer.user,
    )
    audit(
        viewer,
        "cases.intervention.session_logged",
        referral,
        {
            "intervention": {"from": None, "to": str(intervention.uuid)},
            "held_on": {"from": None, "to": held_on.isoformat()},
            "attended": {"from": None, "to": attended},
            **personal(*(["notes"] if notes.strip() else [])),
        },
    )
    return session


@transaction.atomic
def end_intervention(
    *, viewer: Viewer, intervention: Intervention, ended_on: dt.date, reason: str
) -> Intervention:
    referral = locked(intervention.referral)
    same_partnership(viewer, referral)
    intervention = Intervention.objects.select_for_update().get(pk=intervention.pk)
    workflow.require(viewer, referral, Move.END_INTERVENTION, intervention=intervention)
    if not reason.strip():
        raise Refused("Enter why the intervention ended", field="reason")
    _not_in_future(ended_on, "end date", "ended_on")
    if ended_on < intervention.starts_on:
        raise Refused("The end date cannot be before the intervention started", field="ended_on")
    _end(intervention, ended_on, reason.strip())
    add_event(
        referral,
        EventKind.INTERVENTION_ENDED,
        f"Intervention ended: {intervention.intervention_type.label}",
        viewer.user,
    )
    audit(
        viewer,
        "cases.intervention.ended",
        referral,
        {"intervention": {"from": str(intervention.uuid), "to": None}, **personal("reason")},
    )
    return intervention


def _end(intervention: Intervention, on: dt.date, reason: str) -> None:
    intervention.status = InterventionStatus.ENDED
    intervention.ended_on = on
    intervention.end_reason = reason
    intervention.save(update_fields=["status", "ended_on", "end_reason_sealed"])


def end_interventions(referral: Referral, *, on: dt.date, reason: str) -> int:
    """End every active intervention of the case (at exit, withdrawal or transfer)."""
    active = list(referral.interventions.filter(status=InterventionStatus.ACTIVE))
    for intervention in active:
        _end(intervention, max(on, intervention.starts_on), reason)
    return len(active)


# --- reviews -----------------------------------------------------------------------------


def pending_reviews(referral: Referral) -> QuerySet[Review]:
    return referral.reviews.filter(held_on__isnull=True, cancelled_on__isnull=True).order_by("due_on", "id")


def schedule_support_review(
    referral: Referral, *, after: dt.date, partnership_weeks: int | None = None
) -> Review:
    weeks = partnership_weeks or referral.partnership.support_review_weeks
    return Review.objects.create(
        referral=referral,
        partnership_id=referral.partnership_id,
        kind=ReviewKind.SUPPORT,
        due_on=after + dt.timedelta(weeks=weeks),
    )


def schedule_post_exit_reviews(referral: Referral, *, exit_on: dt.date) -> None:
    cancel_pending_reviews(referral, on=exit_on)
    Review.objects.bulk_create(
        Review(
            referral=referral,
            partnership_id=referral.partnership_id,
            kind=kind,
            due_on=add_months(exit_on, months),
        )
        for kind, months in ((ReviewKind.AFTER_EXIT_6, 6), (ReviewKind.AFTER_EXIT_12, 12))
    )


def exit_date(referral: Referral) -> dt.date | None:
    """The day the panel agreed the exit: its meeting's date (as record_panel_decision
    dates it, however late the decision was typed)."""
    item = (
        referral.agenda_items.filter(decision=PanelDecision.EXIT)
        .select_related("meeting")
        .order_by("-decided_at")
        .first()
    )
    if item is None:
        return None
    return timezone.localdate(item.meeting.meets_at)


def _exited_on(review: Review) -> dt.date | None:
    """The exit a post-exit review follows: the panel's meeting day; without an exit
    decision on record (an old case), its due date tells. None for a review of support."""
    months = workflow.POST_EXIT_DUE_MONTHS.get(ReviewKind(review.kind))
    if months is None:
        return None
    return exit_date(review.referral) or add_months(review.due_on, -months)


def post_exit_review_opens(review: Review) -> dt.date | None:
    """The first day the post-exit review may be recorded as held (None for a review of
    support, which has no window)."""
    exited_on = _exited_on(review)
    if exited_on is None:
        return None
    return workflow.review_opens_on(review.kind, review.partnership, exited_on)


def post_exit_review_refusal(review: Review, on: dt.date) -> str:
    """Why the post-exit review cannot be recorded as held on `on` because its window
    (the partnership's months after exit) has not opened, or ""."""
    exited_on = _exited_on(review)
    if exited_on is None:
        return ""
    return workflow.review_window_refusal(review.kind, review.partnership, exited_on, on)


def cancel_pending_reviews(referral: Referral, *, on: dt.date, reason: str = "") -> None:
    """Cancel the reviews waiting on `on`; `reason` (why they are no longer needed) is
    sealed as each one's outcome."""
    if not reason:
        pending_reviews(referral).update(cancelled_on=on)
        return
    for review in pending_reviews(referral).select_related("referral__data_key"):
        review.cancelled_on = on
        review.outcome = reason
        review.save(update_fields=["cancelled_on", "outcome_sealed"])


def hold_pending_review(
    referral: Referral, *, on: dt.date, viewer: Viewer, outcome: str, item: AgendaItem | None = None
) -> Review | None:
    """Mark the earliest review waiting as held on `on`."""
    review = pending_reviews(referral).first()
    if review is None:
        return None
    review.held_on = on
    review.recorded_by = viewer.user
    review.agenda_item = item
    review.outcome = outcome
    review.save(update_fields=["held_on", "recorded_by", "agenda_item", "outcome_sealed"])
    add_event(referral, EventKind.REVIEW, f"{review.get_kind_display()} held on {on:%-d %B %Y}", viewer.user)
    return review


@transaction.atomic
def record_post_exit_review(
    *, viewer: Viewer, review: Review, held_on: dt.date, outcome: str, confirm_close: bool = False
) -> Review:
    """A review after exit held outside a panel meeting, such as a check with the school,
    on the day it was held, which must be inside its window. The twelve-month review closes
    the case, so it needs `confirm_close`."""
    referral = locked(review.referral)
    same_partnership(viewer, referral)
    workflow.require(viewer, referral, Move.POST_EXIT_REVIEW)
    review = Review.objects.select_for_update().get(pk=review.pk)
    if not review.is_pending:
        raise Refused("This review has already been recorded.")
    if review.kind == ReviewKind.SUPPORT:
        raise Refused("Reviews of support are held at a panel: put the case on a panel agenda.")
    earliest = pending_reviews(referral).first()
    if earliest is not None and earliest.pk != review.pk:
        raise Refused(f"Record the {earliest.get_kind_display().lower()} first.")
    if not outcome.strip():
        raise Refused("Enter what the review found", field="outcome")
    _not_in_future(held_on, "review date", "held_on")
    exited_on = exit_date(referral)
    if exited_on and held_on < exited_on:
        raise Refused(f"The review date cannot be before the exit ({exited_on:%-d %B %Y})", field="held_on")
    previous = (
        referral.reviews.exclude(kind=ReviewKind.SUPPORT)
        .filter(held_on__isnull=False)
        .order_by("-held_on")
        .values_list("held_on", flat=True)
        .first()
    )
    if previous and held_on < previous:
        raise Refused(
            f"The review date cannot be before the previous review ({previous:%-d %B %Y})", field="held_on"
        )
    too_early = post_exit_review_refusal(review, held_on)
    if too_early:
        raise Refused(too_early, field="held_on")
    if review.kind == ReviewKind.AFTER_EXIT_12 and not confirm_close:
        raise Refused(workflow.CONFIRM_CLOSE, field="confirm_close")
    held = hold_pending_review(referral, on=held_on, viewer=viewer, outcome=outcome.strip())
    assert held is not None
    changes = {}
    if held.kind == ReviewKind.AFTER_EXIT_12:
        changes = move(referral, ReferralState.CLOSED, on=held_on)
        add_event(referral, EventKind.CLOSED, "Case closed after the twelve-month review", viewer.user)
        changes |= take_off_agendas(referral, viewer)
    audit(
        viewer,
        "cases.review.recorded",
        referral,
        {
            **changes,
            "review": {"from": None, "to": held.kind},
            "held_on": {"from": None, "to": held_on.isoformat()},
            **personal("outcome"),
        },
    )
    return held

"""Channel cases after adoption, built through the action functions for the lifecycle
tests: a partnership's team with one user per role, and referrals taken as far as a
test needs, on the days it names. Cheaper than the `channel` and `lifecycle` fixtures,
which build cases a test may not need."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any

from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from accounts.access import Viewer
from accounts.models import Membership, Partnership, Role, User
from cases import actions
from cases.models import (
    AgendaItem,
    CaseTransfer,
    Consent,
    ConsentGiver,
    Intervention,
    InterventionType,
    PanelMeeting,
    Person,
    Referral,
    SupportService,
)
from conftest import referral_details
from lib.dates import add_months


def noon(day: dt.date) -> dt.datetime:
    return timezone.make_aware(dt.datetime.combine(day, dt.time(12)))


def today() -> dt.date:
    return timezone.localdate()


def years_ago(years: int, days: int = 0) -> dt.date:
    return add_months(today(), -12 * years) - dt.timedelta(days=days)


@dataclass
class Team:
    partnership: Partnership
    coordinator: Viewer
    police: Viewer
    chair: Viewer
    referrer: Viewer
    provider: Viewer
    panel_member: Viewer


def make_team(name: str, code: str) -> Team:
    partnership = Partnership.objects.create(name=name, slug=code.lower(), code=code)

    def member(role: Role) -> Viewer:
        user = User.objects.create_user(
            f"{role}@{code.lower()}.example.gov.uk", "a long test password", full_name=f"{role} {code}"
        )
        Membership.objects.create(user=user, partnership=partnership, role=role)
        return Viewer(user, partnership, frozenset({role}))

    return Team(
        partnership,
        coordinator=member(Role.COORDINATOR),
        police=member(Role.POLICE),
        chair=member(Role.CHAIR),
        referrer=member(Role.REFERRER),
        provider=member(Role.PROVIDER),
        panel_member=member(Role.PANEL_MEMBER),
    )


def mentoring() -> InterventionType:
    return InterventionType.objects.get(code="ideological_mentoring", partnership=None)


def refer(team: Team, *, received_on: dt.date | None = None, **details: Any) -> Referral:
    return actions.submit_referral(
        viewer=team.referrer,
        details=referral_details(received_at=noon(received_on) if received_on else None, **details),
    )


def gateway(
    team: Team,
    referral: Referral,
    decision: str = "progress",
    *,
    on: dt.date | None = None,
    checks: str = "PNC and local intelligence: no trace.",
    reasons: str = "Vulnerable and engaging with extremist material.",
) -> Referral:
    if referral.person_id is None:
        actions.confirm_new_person(viewer=team.police, referral=referral)
    actions.record_deconfliction(viewer=team.police, referral=referral, checks=checks)
    actions.record_gateway_decision(
        viewer=team.police,
        referral=referral,
        decision=decision,
        reasons=reasons,
        decided_on=on,
        signposted_to=SupportService.objects.get(code="early_help", partnership=None)
        if decision == "signposted"
        else None,
    )
    referral.refresh_from_db()
    return referral


def meeting(team: Team, on: dt.date | None = None, *, quorate: bool = True) -> PanelMeeting:
    """A meeting at noon on `on`; now if not given, or if `on` is today and noon is still to
    come, so that a meeting dated today has begun and its decisions can be recorded. Unless
    told otherwise it is quorate: the police officer invited, and both they and the chair
    recorded as present (`make_quorate`)."""
    meets_at = noon(on) if on else timezone.now()
    if on == today():
        meets_at = min(meets_at, timezone.now())
    held = actions.schedule_meeting(
        viewer=team.chair,
        meets_at=meets_at,
        location="Town Hall",
        chair=team.chair.user,
    )
    if quorate:
        make_quorate(team, held)
    return held


CLOSURE_DECISIONS = ("exit", "close", "close_not_given")
CLOSURE_DEFAULT = "support_complete"


def decide(
    team: Team,
    referral: Referral,
    decision: str,
    *,
    on: dt.date | None = None,
    reasons: str = "Reasons given at the panel.",
    panel_actions: tuple[actions.NewPanelAction, ...] = (),
    confirm_close: bool = True,
    close_reason: str = "",
    closure_reason: str = "",
    closure_other: str = "",
    reconsider_on: dt.date | None = None,
) -> AgendaItem:
    """Put the case on the agenda of a new meeting on `on` and record the decision (a
    decision that closes the case confirmed, unless told otherwise; an exit or closure
    for the reason "support complete" unless another is given)."""
    item = actions.add_to_agenda(viewer=team.chair, meeting=meeting(team, on), referral=referral)
    actions.record_panel_decision(
        viewer=team.chair,
        item=item,
        decision=decision,
        reasons=reasons,
        panel_actions=panel_actions,
        confirm_close=confirm_close,
        close_reason=close_reason,
        closure_reason=closure_reason or (CLOSURE_DEFAULT if decision in CLOSURE_DECISIONS else ""),
        closure_other=closure_other,
        reconsider_on=reconsider_on,
        signposted_to=SupportService.objects.get(code="early_help", partnership=None)
        if decision == "not_adopt_signpost"
        else None,
    )
    referral.refresh_from_db()
    item.refresh_from_db()
    return item


def adopted(team: Team, *, on: dt.date | None = None, **details: Any) -> Referral:
    """Received, progressed and adopted on `on` (today if not given)."""
    referral = gateway(team, refer(team, received_on=on, **details), on=on)
    decide(team, referral, "adopt", on=on)
    return referral


def consent(
    team: Team,
    referral: Referral,
    *,
    on: dt.date | None = None,
    decision: str = "given",
    giver_name: str = "Dana Parent",
    capacity_notes: str = "",
) -> Consent:
    """Consent from whoever the age rule says must give it."""
    on = on or today()
    giver = actions.consent_giver_required(referral, on)
    assert giver is not None
    result = actions.record_consent(
        viewer=team.coordinator,
        referral=referral,
        decision=decision,
        given_by=giver,
        method="in_person",
        given_on=on,
        giver_name=giver_name if giver == ConsentGiver.PARENT else "",
        capacity_notes=capacity_notes,
        not_given=not_given(on) if decision == "refused" else None,
    )
    referral.refresh_from_db()
    return result


def in_support(team: Team, *, on: dt.date | None = None, **details: Any) -> Referral:
    """Adopted and consented on `on` (today if not given)."""
    referral = adopted(team, on=on, **details)
    consent(team, referral, on=on)
    return referral


def intervention(
    team: Team, referral: Referral, *, starts_on: dt.date | None = None, frequency_days: int = 14
) -> Intervention:
    return actions.agree_intervention(
        viewer=team.coordinator,
        referral=referral,
        intervention_type=mentoring(),
        provider_organisation="Approved Intervention Provider",
        provider=team.provider.user,
        starts_on=starts_on or today(),
        frequency_days=frequency_days,
    )


def exited(team: Team, *, on: dt.date, exit_on: dt.date | None = None, **details: Any) -> Referral:
    """Adopted and consented on `on`, exited at a panel on `exit_on` (today if not given)."""
    referral = in_support(team, on=on, **details)
    decide(team, referral, "exit", on=exit_on or today())
    return referral


# --- a case with every kind of record --------------------------------------------------


@dataclass
class Rich:
    """A case with every kind of record, and the personal strings planted in it."""

    referral: Referral
    person: Person
    document_file: str
    transfer: CaseTransfer
    planted: dict[str, str] = field(default_factory=dict)


def rich_case(
    team: Team,
    elsewhere: Team,
    *,
    tag: str,
    received_on: dt.date,
    born: dt.date,
    person: Person | None = None,
    close_on: dt.date | None = None,
) -> Rich:
    """Everything a case can hold, each personal value a distinctive string containing
    `tag`: referral, special categories, gateway, sharing and its answer, an assessment,
    a document, a panel decision with an action, consent (by a parent if `born` makes
    the person a child), an intervention with sessions, one ended by hand, a support
    review at panel, a transfer refused by `elsewhere`, and, when `close_on` is given,
    withdrawal of consent on that day. `person`: link to someone already known."""
    day = received_on
    planted = {
        "given": f"Zephyr{tag}ine",
        "family": f"Quill{tag}feather",
        "alias": f"Moonbeam{tag}",
        "address": f"{tag} Obscurity Lane",
        "school": f"Grimwold {tag} Academy",
        "referrer": f"Ignatius {tag}Referrington",
        "referrer_email": f"ignatius.{tag.lower()}@referrer.example",
        "narrative": f"Narrative {tag} about the vortigaunt leaflets",
        "vulnerabilities": f"Vulnerable {tag} through isolation at the lido",
        "referral_religion": f"Pastafarian {tag} as referred",
        "religion": f"Jedi {tag} as recorded",
        "health": f"Health {tag} condition",
        "checks": f"Checks {tag} found a caution",
        "reasons": f"Gateway {tag} reasons",
        "sharing": f"Sharing question {tag} about attendance",
        "answer": f"Sharing answer {tag} from social care",
        "summary": f"Assessment summary {tag}",
        "plan": f"Management plan {tag}",
        "evidence": f"Evidence {tag} of grievance",
        "document_name": f"notes-{tag}.txt",
        "document_description": f"Document {tag} description",
        "panel_reasons": f"Panel reasons {tag} to adopt",
        "panel_action": f"Panel action {tag} for the school",
        "parent": f"Bartholomew {tag}Vantablack",
        "capacity": f"Capacity notes {tag}",
        "session": f"Session notes {tag} on online sources",
        "end_reason": f"Ended {tag} at the mentor's request",
        "review": f"Review {tag} continued support",
        "transfer_reason": f"Transfer reason {tag}: the family moved",
        "decline_reason": f"Decline reason {tag}: not our area",
        "withdrawal": f"Withdrawal {tag}: no longer wishes",
    }
    referral = refer(
        team,
        received_on=day,
        given_names=planted["given"],
        family_name=planted["family"],
        other_names=planted["alias"],
        date_of_birth=born,
        address=planted["address"],
        school_or_employer=planted["school"],
        referrer_name=planted["referrer"],
        referrer_email=planted["referrer_email"],
        narrative=planted["narrative"],
        vulnerabilities=planted["vulnerabilities"],
        special_categories={"religion": ("recorded", planted["referral_religion"])},
    )
    if person is not None:
        actions.link_to_person(viewer=team.police, referral=referral, person=person)
        referral.refresh_from_db()
    gateway(team, referral, on=day, checks=planted["checks"], reasons=planted["reasons"])
    assert referral.person is not None
    person = referral.person
    actions.update_special_categories(
        viewer=team.coordinator,
        person=person,
        values={"religion": ("recorded", planted["religion"]), "health": ("recorded", planted["health"])},
    )
    sharing = actions.record_sharing(
        viewer=team.coordinator,
        referral=referral,
        direction="request",
        partner="Children's Social Care",
        legal_basis="ctsa_s38",
        subject=planted["sharing"],
        sent_at=noon(day),
    )
    actions.record_sharing_answer(
        viewer=team.coordinator, sharing=sharing, response=planted["answer"], answered_at=noon(day)
    )
    framework = actions.current_framework()
    factor = actions.factors_for(team.partnership, framework)[0]
    actions.record_assessment(
        viewer=team.coordinator,
        referral=referral,
        assessed_on=day,
        findings={factor.pk: ("present", planted["evidence"])},
        summary=planted["summary"],
        management_plan=planted["plan"],
    )
    document = actions.attach_document(
        viewer=team.coordinator,
        referral=referral,
        description=planted["document_description"],
        upload=SimpleUploadedFile(planted["document_name"], f"Log {tag}: showed the video.".encode()),
    )
    decide(
        team,
        referral,
        "adopt",
        on=day,
        reasons=planted["panel_reasons"],
        panel_actions=(actions.NewPanelAction(planted["panel_action"], team.coordinator.user, day),),
    )
    consent(team, referral, on=day, giver_name=planted["parent"], capacity_notes=planted["capacity"])
    first = intervention(team, referral, starts_on=day)
    actions.log_session(
        viewer=team.provider, intervention=first, held_on=day, attended=True, notes=planted["session"]
    )
    actions.log_session(viewer=team.provider, intervention=first, held_on=day, attended=False)
    second = intervention(team, referral, starts_on=day)
    actions.end_intervention(
        viewer=team.coordinator, intervention=second, ended_on=day, reason=planted["end_reason"]
    )
    decide(team, referral, "continue", on=day, reasons=planted["review"])
    transfer = actions.request_transfer(
        viewer=team.coordinator,
        referral=referral,
        to_partnership=elsewhere.partnership,
        reason=planted["transfer_reason"],
    )
    actions.decline_transfer(
        viewer=elsewhere.coordinator, transfer=transfer, reason=planted["decline_reason"]
    )
    actions.record_view(viewer=team.coordinator, referral=referral, what="case")
    if close_on is not None:
        withdraw(team, referral, on=close_on, reason=planted["withdrawal"], close=True)
    referral.refresh_from_db()
    person.refresh_from_db()
    transfer.refresh_from_db()
    return Rich(referral, person, document.stored_as, transfer, planted)


# --- the support plan (issue 14, part 9) ------------------------------------------------


def assess(team: Team, referral: Referral, *, on: dt.date | None = None, present: int = 3) -> Any:
    """A vulnerability assessment by the coordinator finding the framework's first
    `present` factors present."""
    day = on or today()
    framework = actions.framework_for(team.partnership, day)
    factors = actions.factors_for(team.partnership, framework)[:present]
    return actions.record_assessment(
        viewer=team.coordinator,
        referral=referral,
        assessed_on=day,
        findings={factor.pk: ("present", f"Seen in school: {factor.name.lower()}.") for factor in factors},
        summary="Engaging with extremist material online.",
        management_plan="",
    )


def drafted_plan(team: Team, referral: Referral, interventions: list[Intervention], *, needs: int = 2) -> Any:
    """Version 1 of the case's plan drafted by the coordinator: one need for each of the
    latest assessment's first `needs` findings, each met by all of `interventions`."""
    version = actions.draft_plan_version(viewer=team.coordinator, referral=referral)
    for number, finding in enumerate(actions.latest_findings(referral)[:needs], start=1):
        actions.add_plan_need(
            viewer=team.coordinator,
            version=version,
            finding=finding,
            need=f"Need {number}: to understand {finding.factor.name.lower()}",
            outcome=f"Outcome {number}: fewer signs of {finding.factor.name.lower()}",
            interventions=interventions,
        )
    return version


@dataclass
class PlanRecords:
    """A support plan with version 1 signed off and in force and version 2 drafted from
    it, for the URL walks (config/tests/test_url_access.py)."""

    in_force: Any
    draft: Any
    need: Any  # of the draft


def plan_for_walks(
    coordinator: Viewer, chair: Viewer, referral: Referral, meets: Intervention
) -> PlanRecords:
    framework = actions.framework_for(coordinator.partnership, today())
    factors = actions.factors_for(coordinator.partnership, framework)[:2]
    actions.record_assessment(
        viewer=coordinator,
        referral=referral,
        assessed_on=today(),
        findings={factor.pk: ("present", "Seen at school.") for factor in factors},
        summary="Engaging with extremist material online.",
        management_plan="",
    )
    first = actions.draft_plan_version(viewer=coordinator, referral=referral)
    for finding in actions.latest_findings(referral):
        actions.add_plan_need(
            viewer=coordinator,
            version=first,
            finding=finding,
            need=f"Help with {finding.factor.name.lower()}",
            outcome="Fewer signs of it at school",
            interventions=[meets],
        )
    actions.sign_off_plan_version(viewer=chair, version=first, signed_off_on=today())
    draft = actions.draft_plan_version(viewer=coordinator, referral=referral)
    return PlanRecords(first, draft, draft.needs.first())


# --- quorum and panel papers (issue 14, parts 2 and 3) -----------------------------------


def make_quorate(team: Team, meeting: PanelMeeting) -> PanelMeeting:
    """Invite the team's police officer (if not invited) and record them and the chair as
    present, so that the panel may adopt, not adopt, exit and close."""
    invitation = meeting.invitations.filter(member=team.police.user, withdrawn_at__isnull=True).first()
    if invitation is None:
        invitation = actions.invite_member(
            viewer=team.chair, meeting=meeting, member=team.police.user, agency="Police"
        )
    actions.record_attendance(
        viewer=team.chair, meeting=meeting, attendance={invitation.pk: "present"}, chair="present"
    )
    meeting.refresh_from_db()
    return meeting


# --- consent not given, exit and closure reasons, the return to the police ---------------
# (issue 14, parts 6 to 8)


def not_given(on: dt.date | None = None, *, days: int = 28, **onward: Any) -> actions.NotGiven:
    """What a refusal or withdrawal on `on` records: a date to reconsider `days` later,
    and any onward referral (onward_kind, onward_to, onward_on)."""
    return actions.NotGiven(reconsider_on=(on or today()) + dt.timedelta(days=days), **onward)


def withdraw(
    team: Team,
    referral: Referral,
    *,
    on: dt.date | None = None,
    reason: str = "No longer wishes to take part.",
    close: bool = False,
) -> Referral:
    """Consent withdrawn on `on`: the case stays open under review; with `close`, a panel
    that day closes it (consent not given, the reason "consent withdrawn")."""
    actions.withdraw_consent(
        viewer=team.coordinator,
        referral=referral,
        withdrawn_on=on or today(),
        reason=reason,
        not_given=not_given(on),
    )
    if close:
        decide(team, referral, "close_not_given", on=on, closure_reason="consent_withdrawn")
    referral.refresh_from_db()
    return referral


def refused(team: Team, referral: Referral, *, on: dt.date | None = None, close: bool = False) -> Referral:
    """Consent refused on `on`: under review; with `close`, closed by a panel that day."""
    consent(team, referral, on=on, decision="refused")
    if close:
        decide(team, referral, "close_not_given", on=on, closure_reason="no_further_concern")
    referral.refresh_from_db()
    return referral

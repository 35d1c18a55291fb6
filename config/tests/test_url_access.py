"""Walks every URL pattern of the project: anonymous users are sent to sign in, roles
without the right get 404, and records of another partnership answer 404. A new view
fails `test_every_url_is_in_the_access_table` until it is added here."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver, reverse

from accounts.models import Partnership, Role, User
from accounts.tests.builders import users_for_walks
from api.access import KEY_MANAGERS as API_KEY_MANAGERS
from api.actions import make_key
from audit.models import AuditEvent
from cases.access import CASE_READERS, CASE_TEAM, FOLLOW_UP, PANEL_ORGANISERS, SUBMITTERS
from cases.tests.builders import plan_for_walks
from cases.workflow import Move
from community.access import EDITORS as COMMUNITY_EDITORS
from community.access import READERS as COMMUNITY_READERS
from community.access import RECORDERS as COMMUNITY_RECORDERS
from community.access import SUMMARY_READERS as COMMUNITY_SUMMARY
from community.tests.builders import community_for_walks
from conftest import (
    Channel,
    Lifecycle,
    action_titled,
    add_coordinator,
    add_owner,
    build_channel,
    build_lifecycle,
    build_plan,
    tower_hamlets,
    viewer,
)
from partners.access import ORGANISATION_READERS, PARTNER_EDITORS, PARTNER_READERS
from partners.tests.builders import partners_for_walks
from performance.access import STATISTICS_READERS
from performance.assessment_access import ASSESSORS as ASSESSMENT_ASSESSORS
from performance.assessment_access import READERS as ASSESSMENT_READERS
from performance.board_pack import READERS as BOARD_PACK_READERS
from performance.home import RETURN_READERS
from performance.indicators import READERS as DASHBOARD_READERS
from performance.tests.builders_assessment import assessment_for_walks
from performance.tests.builders_board_pack import board_pack_for_walks
from performance.tests.builders_indicators import indicators_for_walks
from performance.tests.builders_returns import returns_for_walks
from performance.tests.builders_statistics import region_for_walks
from performance.views.equality import READERS as EQUALITY_READERS
from plans import actions
from plans.access import PLAN_EDITORS, PLAN_READERS
from plans.measures import add_measure
from plans.models import EvidenceFile, Objective, Strategy
from projects.access import PROJECT_EDITORS, PROJECT_READERS
from projects.tests.builders import projects_for_walks
from training.access import AGGREGATE_READERS, TRAINING_EDITORS, TRAINING_READERS
from training.importing import IMPORTERS
from training.tests.builders import training_for_walks
from training.tests.builders_compliance import compliance_for_walks
from training.tests.builders_import import imports_for_walks
from venues.access import VENUE_ADMINS, VENUE_READERS
from venues.tests.builders import venues_for_walks

pytestmark = pytest.mark.django_db

EVERY_ROLE = tuple(Role)
PUBLIC = {
    "accounts:sign_in",
    "accounts:sign_in_code",
    "accounts:signed_out",
    "accounts:sign_out",  # POST only; signs out whoever asks
    "accounts:two_factor_setup",  # any signed-in person may protect their account
    "accounts:two_factor_verify",
    # Anyone may ask for a password reset, with the same answer whether or not the account
    # exists, and open a set-password link (accounts/tests/test_users.py).
    "accounts:password_reset",
    "accounts:password_reset_sent",
    "accounts:set_password",
    "healthz",  # load balancers: no sign-in, one database round trip, "ok" or "unavailable"
    "api:documentation",  # the open API's documentation, written from its public schema
}


@dataclass(frozen=True)
class Records:
    strategy: Strategy
    objective: Objective
    owned_action_uuid: Any
    other_action_uuid: Any
    evidence: EvidenceFile
    channel: Channel
    lifecycle: Lifecycle
    support_plan: Any = None  # cases.tests.builders.PlanRecords
    partners: Any = None  # partners.tests.builders.PartnerRecords
    training: Any = None  # training.tests.builders.TrainingRecords
    compliance: Any = None  # training.tests.builders_compliance.ComplianceRecords
    imports: Any = None  # training.tests.builders_import.ImportWalkRecords
    measure: Any = None  # plans.models.ActionMeasure, of the action nobody owns
    venues: Any = None  # venues.tests.builders.VenueRecords
    community: Any = None  # community.tests.builders.CommunityRecords
    projects: Any = None  # projects.tests.builders.ProjectRecords
    indicator: Any = None  # performance.models.Indicator
    returns: Any = None  # performance.tests.builders_returns.ReturnRecords
    assessment: Any = None  # performance.tests.builders_assessment.AssessmentRecords
    region: Any = None  # performance.models.Region
    board_pack: Any = None  # performance.models.BoardPack
    api_key: Any = None  # api.models.ApiKey
    invited: Any = None  # accounts.models.User, invited to the partnership (accounts.tests.builders)


@dataclass(frozen=True)
class Rule:
    kwargs: Callable[[Records], dict[str, Any]]
    roles: tuple[str, ...]
    # Whether the URL names one partnership's record (so another partnership gets 404).
    names_a_record: bool = True
    # What the roles allowed get: a page, or a redirect (forms that lead elsewhere).
    ok: int = 200
    # Views that only accept POST are walked with an empty POST.
    method: str = "get"


def _none(records: Records) -> dict[str, Any]:
    return {}


def _completed_assessment(records: Records) -> dict[str, Any]:
    return {"uuid": records.assessment.completed.uuid}


ACCESS: dict[str, Rule] = {
    "home": Rule(_none, EVERY_ROLE, names_a_record=False),
    "accounts:partnership_switch": Rule(_none, EVERY_ROLE, names_a_record=False),
    # A partnership's users are managed by its coordinators; anyone else gets 404.
    "accounts:user_list": Rule(_none, (Role.COORDINATOR,), names_a_record=False),
    "accounts:user_invite": Rule(_none, (Role.COORDINATOR,), names_a_record=False),
    "accounts:user_detail": Rule(lambda r: {"uuid": r.invited.uuid}, (Role.COORDINATOR,)),
    "accounts:user_roles": Rule(lambda r: {"uuid": r.invited.uuid}, (Role.COORDINATOR,)),
    "accounts:user_deactivate": Rule(lambda r: {"uuid": r.invited.uuid}, (Role.COORDINATOR,)),
    "accounts:user_two_factor_reset": Rule(lambda r: {"uuid": r.invited.uuid}, (Role.COORDINATOR,)),
    "accounts:user_invitation_resend": Rule(
        lambda r: {"uuid": r.invited.uuid}, (Role.COORDINATOR,), ok=302, method="post"
    ),
    "audit:event_list": Rule(_none, (Role.COORDINATOR,), names_a_record=False),
    "plans:strategy_list": Rule(_none, PLAN_READERS, names_a_record=False),
    "plans:overdue": Rule(_none, PLAN_READERS, names_a_record=False),
    "plans:action_list": Rule(_none, PLAN_READERS, names_a_record=False),
    "plans:strategy_create": Rule(_none, PLAN_EDITORS, names_a_record=False),
    "plans:import": Rule(_none, PLAN_EDITORS, names_a_record=False),
    "plans:import_template": Rule(lambda r: {"extension": "xlsx"}, PLAN_EDITORS, names_a_record=False),
    "plans:strategy_detail": Rule(lambda r: {"uuid": r.strategy.uuid}, PLAN_READERS),
    "plans:strategy_edit": Rule(lambda r: {"uuid": r.strategy.uuid}, PLAN_EDITORS),
    "plans:objective_create": Rule(lambda r: {"uuid": r.strategy.uuid}, PLAN_EDITORS),
    "plans:action_create": Rule(lambda r: {"uuid": r.strategy.uuid}, PLAN_EDITORS),
    "plans:export_csv": Rule(lambda r: {"uuid": r.strategy.uuid}, PLAN_READERS),
    "plans:export_xlsx": Rule(lambda r: {"uuid": r.strategy.uuid}, PLAN_READERS),
    "plans:report_pdf": Rule(lambda r: {"uuid": r.strategy.uuid}, PLAN_READERS),
    "plans:objective_edit": Rule(lambda r: {"uuid": r.objective.uuid}, PLAN_EDITORS),
    "plans:action_detail": Rule(lambda r: {"uuid": r.other_action_uuid}, PLAN_READERS),
    "plans:action_edit": Rule(lambda r: {"uuid": r.other_action_uuid}, PLAN_EDITORS),
    # Action owners may update only the actions they lead: this one is led by nobody.
    "plans:progress_update_create": Rule(lambda r: {"uuid": r.other_action_uuid}, (Role.COORDINATOR,)),
    "plans:evidence_download": Rule(lambda r: {"uuid": r.evidence.uuid}, PLAN_READERS),
    # Measures: changed by whoever may update the action (here led by nobody: the coordinator).
    "plans:measure_create": Rule(lambda r: {"uuid": r.other_action_uuid}, (Role.COORDINATOR,)),
    "plans:measure_edit": Rule(lambda r: {"uuid": r.measure.uuid}, (Role.COORDINATOR,)),
    "plans:measure_remove": Rule(lambda r: {"uuid": r.measure.uuid}, (Role.COORDINATOR,), ok=302),
    "plans:measure_recalculate": Rule(lambda r: {"uuid": r.measure.uuid}, (Role.COORDINATOR,), ok=302),
    "plans:strategy_measures_recalculate": Rule(lambda r: {"uuid": r.strategy.uuid}, PLAN_EDITORS, ok=302),
    # Channel. Panel members reach cases only through an invitation (see cases/tests), so
    # a panel member created for the walk, invited nowhere, gets 404 on every case page.
    "cases:refer_start": Rule(_none, SUBMITTERS, names_a_record=False),
    "cases:refer_step": Rule(lambda r: {"step": "person"}, SUBMITTERS, names_a_record=False),
    "cases:refer_check": Rule(_none, SUBMITTERS, names_a_record=False, ok=302),
    # Only the person who sent a referral sees its confirmation page.
    "cases:refer_done": Rule(lambda r: {"uuid": r.channel.waiting.uuid}, ()),
    "cases:my_referrals": Rule(_none, SUBMITTERS, names_a_record=False),
    # Only the person who sent a referral sees their copy and adds to it; the case team
    # (a coordinator too) uses the case's pages (cases/tests/test_referral_form.py).
    "cases:referral_copy": Rule(lambda r: {"uuid": r.channel.waiting.uuid}, ()),
    "cases:referral_add_information": Rule(lambda r: {"uuid": r.channel.waiting.uuid}, ()),
    "cases:case_list": Rule(_none, CASE_TEAM, names_a_record=False),
    "cases:queue": Rule(_none, CASE_TEAM, names_a_record=False),
    "cases:factors": Rule(_none, (Role.COORDINATOR,), names_a_record=False),
    "cases:referral_detail": Rule(lambda r: {"uuid": r.channel.waiting.uuid}, CASE_TEAM),
    "cases:case_assessment": Rule(lambda r: {"uuid": r.channel.progressed.uuid}, CASE_TEAM),
    "cases:case_panel": Rule(lambda r: {"uuid": r.lifecycle.supported.uuid}, CASE_TEAM),
    "cases:case_documents": Rule(lambda r: {"uuid": r.channel.progressed.uuid}, CASE_TEAM),
    "cases:case_record": Rule(lambda r: {"uuid": r.lifecycle.supported.uuid}, CASE_TEAM),
    "cases:identity": Rule(lambda r: {"uuid": r.channel.waiting.uuid}, Move.DECIDE_IDENTITY.roles, ok=302),
    "cases:deconfliction": Rule(lambda r: {"uuid": r.channel.waiting.uuid}, Move.DECONFLICT.roles),
    "cases:gateway_decision": Rule(lambda r: {"uuid": r.channel.waiting.uuid}, Move.GATEWAY_DECISION.roles),
    "cases:sharing_create": Rule(lambda r: {"uuid": r.channel.progressed.uuid}, Move.SHARE_INFORMATION.roles),
    "cases:assessment_create": Rule(lambda r: {"uuid": r.channel.progressed.uuid}, Move.ASSESS.roles),
    "cases:special_categories": Rule(lambda r: {"uuid": r.channel.progressed.uuid}, CASE_TEAM),
    "cases:sharing_list": Rule(_none, Move.SHARE_INFORMATION.roles, names_a_record=False),
    "cases:sharing_answer": Rule(lambda r: {"uuid": r.channel.sharing.uuid}, Move.SHARE_INFORMATION.roles),
    "cases:assessment_detail": Rule(lambda r: {"uuid": r.channel.assessment.uuid}, CASE_TEAM),
    "cases:document_create": Rule(lambda r: {"uuid": r.channel.progressed.uuid}, CASE_TEAM),
    "cases:document_download": Rule(lambda r: {"uuid": r.channel.document.uuid}, CASE_TEAM),
    "cases:meeting_list": Rule(_none, CASE_READERS, names_a_record=False),
    "cases:meeting_create": Rule(_none, PANEL_ORGANISERS, names_a_record=False),
    "cases:panel_action_list": Rule(_none, CASE_TEAM, names_a_record=False),
    "cases:panel_action_close": Rule(lambda r: {"uuid": r.lifecycle.panel_action.uuid}, CASE_TEAM),
    "cases:meeting_detail": Rule(lambda r: {"uuid": r.channel.meeting.uuid}, CASE_TEAM),
    "cases:meeting_minutes": Rule(lambda r: {"uuid": r.channel.meeting.uuid}, CASE_TEAM),
    "cases:meeting_attendance": Rule(lambda r: {"uuid": r.channel.meeting.uuid}, PANEL_ORGANISERS),
    "cases:agenda_decision": Rule(lambda r: {"uuid": r.channel.item.uuid}, PANEL_ORGANISERS),
    "cases:agenda_papers": Rule(lambda r: {"uuid": r.channel.item.uuid}, CASE_TEAM),
    "cases:meeting_agenda_pdf": Rule(lambda r: {"uuid": r.channel.meeting.uuid}, PANEL_ORGANISERS),
    "cases:meeting_deputy_chair": Rule(
        lambda r: {"uuid": r.channel.meeting.uuid}, PANEL_ORGANISERS, ok=302, method="post"
    ),
    "cases:meeting_invite": Rule(lambda r: {"uuid": r.channel.meeting.uuid}, PANEL_ORGANISERS, method="post"),
    "cases:meeting_agenda_add": Rule(
        lambda r: {"uuid": r.channel.meeting.uuid}, PANEL_ORGANISERS, method="post"
    ),
    "cases:meeting_close": Rule(
        lambda r: {"uuid": r.channel.meeting.uuid}, PANEL_ORGANISERS, ok=302, method="post"
    ),
    "cases:invitation_withdraw": Rule(
        lambda r: {"uuid": r.channel.invitation.uuid}, PANEL_ORGANISERS, ok=302, method="post"
    ),
    # After adoption. The intervention provider created for the walk is assigned to no
    # intervention, so gets 404 on every intervention (see cases/tests for the one assigned).
    "cases:consent_create": Rule(lambda r: {"uuid": r.lifecycle.supported.uuid}, Move.RECORD_CONSENT.roles),
    "cases:consent_withdraw": Rule(
        lambda r: {"uuid": r.lifecycle.supported.uuid}, Move.WITHDRAW_CONSENT.roles
    ),
    "cases:return_to_police": Rule(
        lambda r: {"uuid": r.lifecycle.supported.uuid}, Move.RETURN_TO_POLICE.roles
    ),
    "cases:intervention_create": Rule(
        lambda r: {"uuid": r.lifecycle.supported.uuid}, Move.PLAN_SUPPORT.roles
    ),
    "cases:intervention_list": Rule(_none, (*CASE_TEAM, Role.PROVIDER), names_a_record=False),
    "cases:intervention_detail": Rule(lambda r: {"uuid": r.lifecycle.intervention.uuid}, CASE_TEAM),
    "cases:session_create": Rule(
        lambda r: {"uuid": r.lifecycle.intervention.uuid}, (Role.COORDINATOR, Role.CHAIR)
    ),
    "cases:intervention_end": Rule(
        lambda r: {"uuid": r.lifecycle.intervention.uuid}, Move.END_INTERVENTION.roles
    ),
    "cases:review_record": Rule(lambda r: {"uuid": r.lifecycle.review.uuid}, Move.POST_EXIT_REVIEW.roles),
    "cases:follow_up": Rule(_none, FOLLOW_UP, names_a_record=False),
    "cases:person_edit": Rule(lambda r: {"uuid": r.lifecycle.supported.uuid}, Move.CORRECT_PERSON.roles),
    "cases:transfer_create": Rule(lambda r: {"uuid": r.lifecycle.supported.uuid}, Move.TRANSFER.roles),
    "cases:transfer_list": Rule(_none, CASE_TEAM, names_a_record=False),
    "cases:transfer_detail": Rule(lambda r: {"uuid": r.lifecycle.transfer.uuid}, CASE_TEAM),
    # Only the receiving partnership's coordinator answers a transfer.
    "cases:transfer_accept": Rule(lambda r: {"uuid": r.lifecycle.transfer.uuid}, (), method="post"),
    "cases:transfer_decline": Rule(lambda r: {"uuid": r.lifecycle.transfer.uuid}, (), method="post"),
    "cases:retention_queue": Rule(_none, Move.REVIEW_RETENTION.roles, names_a_record=False),
    "cases:retention_detail": Rule(lambda r: {"uuid": r.lifecycle.closed.uuid}, Move.REVIEW_RETENTION.roles),
    # An empty form shows the retention page again with what to correct.
    "cases:retention_extend": Rule(
        lambda r: {"uuid": r.lifecycle.closed.uuid}, Move.REVIEW_RETENTION.roles, method="post"
    ),
    "cases:retention_hold": Rule(
        lambda r: {"uuid": r.lifecycle.closed.uuid}, Move.REVIEW_RETENTION.roles, method="post"
    ),
    "cases:retention_delete": Rule(
        lambda r: {"uuid": r.lifecycle.closed.uuid}, Move.REVIEW_RETENTION.roles, method="post"
    ),
    "cases:subject_access": Rule(lambda r: {"uuid": r.lifecycle.supported.person.uuid}, (Role.COORDINATOR,)),
    "cases:channel_settings": Rule(_none, (Role.COORDINATOR,), names_a_record=False),
    "cases:framework_choice": Rule(_none, (Role.COORDINATOR,), names_a_record=False),
    # The support plan: read by the case team (not a provider, not a panel member).
    "cases:plan_detail": Rule(lambda r: {"uuid": r.lifecycle.supported.uuid}, CASE_TEAM),
    "cases:plan_version": Rule(lambda r: {"uuid": r.support_plan.in_force.uuid}, CASE_TEAM),
    "cases:plan_draft": Rule(lambda r: {"uuid": r.lifecycle.supported.uuid}, Move.DRAFT_SUPPORT_PLAN.roles),
    "cases:plan_need_create": Rule(
        lambda r: {"uuid": r.support_plan.draft.uuid}, Move.DRAFT_SUPPORT_PLAN.roles
    ),
    "cases:plan_need_edit": Rule(lambda r: {"uuid": r.support_plan.need.uuid}, Move.DRAFT_SUPPORT_PLAN.roles),
    "cases:plan_need_remove": Rule(
        lambda r: {"uuid": r.support_plan.need.uuid}, Move.DRAFT_SUPPORT_PLAN.roles
    ),
    "cases:plan_sign_off": Rule(
        lambda r: {"uuid": r.support_plan.draft.uuid}, Move.SIGN_OFF_SUPPORT_PLAN.roles
    ),
    "cases:plan_progress": Rule(
        lambda r: {"uuid": r.support_plan.in_force.uuid}, Move.RECORD_PLAN_PROGRESS.roles
    ),
    # Gateway entries, search, allocation and "my cases" (issue 14, parts 10 and 11).
    "cases:search": Rule(_none, CASE_READERS, names_a_record=False),
    "cases:my_cases": Rule(_none, (Role.COORDINATOR,), names_a_record=False),
    "cases:screening": Rule(lambda r: {"uuid": r.channel.waiting.uuid}, Move.RECORD_SCREENING.roles),
    "cases:national_reference": Rule(
        lambda r: {"uuid": r.channel.progressed.uuid}, Move.SET_NATIONAL_REFERENCE.roles
    ),
    "cases:allocation": Rule(lambda r: {"uuid": r.channel.progressed.uuid}, Move.ALLOCATE.roles),
    # Partner organisations (issue 15): the steering group reads, the coordinator writes.
    # A partner lead opens the list (theirs only); another organisation's pages are 404
    # to them, as to a partner lead of no organisation, which is how they are walked here.
    "partners:organisation_list": Rule(_none, ORGANISATION_READERS, names_a_record=False),
    "partners:organisation_create": Rule(_none, PARTNER_EDITORS, names_a_record=False),
    "partners:organisation_import": Rule(_none, PARTNER_EDITORS, names_a_record=False),
    "partners:mapping_create": Rule(_none, PARTNER_EDITORS, names_a_record=False),
    "partners:organisation_detail": Rule(lambda r: {"uuid": r.partners.organisation.uuid}, PARTNER_READERS),
    "partners:organisation_edit": Rule(lambda r: {"uuid": r.partners.organisation.uuid}, PARTNER_EDITORS),
    "partners:contact_create": Rule(lambda r: {"uuid": r.partners.organisation.uuid}, PARTNER_EDITORS),
    "partners:staff_count_create": Rule(lambda r: {"uuid": r.partners.organisation.uuid}, PARTNER_EDITORS),
    # Contacts' details are the coordinator's alone; the steering group reads networks.
    "partners:contact_edit": Rule(lambda r: {"uuid": r.partners.contact.uuid}, PARTNER_EDITORS),
    "partners:network_list": Rule(_none, PARTNER_READERS, names_a_record=False),
    "partners:network_create": Rule(_none, PARTNER_EDITORS, names_a_record=False),
    "partners:network_detail": Rule(lambda r: {"uuid": r.partners.network.uuid}, PARTNER_READERS),
    "partners:network_member_add": Rule(lambda r: {"uuid": r.partners.network.uuid}, PARTNER_EDITORS),
    "partners:network_member_leave": Rule(lambda r: {"uuid": r.partners.member.uuid}, PARTNER_EDITORS),
    "partners:network_edit": Rule(lambda r: {"uuid": r.partners.network.uuid}, PARTNER_EDITORS),
    "partners:contact_remove": Rule(lambda r: {"uuid": r.partners.contact.uuid}, PARTNER_EDITORS),
    "partners:mapping_columns": Rule(_none, PARTNER_EDITORS, names_a_record=False, ok=302),
    "partners:mapping_edit": Rule(lambda r: {"uuid": r.partners.mapping.uuid}, PARTNER_EDITORS),
    "partners:mapping_delete": Rule(lambda r: {"uuid": r.partners.mapping.uuid}, PARTNER_EDITORS),
    # Prevent duty checks: the steering group reads the counts by sector, no more.
    "partners:check_register": Rule(_none, PARTNER_READERS, names_a_record=False),
    "partners:check_create": Rule(lambda r: {"uuid": r.partners.organisation.uuid}, PARTNER_EDITORS),
    "partners:check_evidence": Rule(lambda r: {"uuid": r.partners.check.uuid}, PARTNER_EDITORS),
    "partners:lists": Rule(_none, PARTNER_EDITORS, names_a_record=False),
    "partners:list_entry_create": Rule(lambda r: {"kind": "sectors"}, PARTNER_EDITORS, names_a_record=False),
    "partners:list_entry_retire": Rule(
        lambda r: {"kind": "sectors", "pk": r.partners.own_sector.pk}, PARTNER_EDITORS, ok=302, method="post"
    ),
    "partners:check_item_edit": Rule(lambda r: {"pk": r.partners.own_check.pk}, PARTNER_EDITORS),
    "partners:check_item_off": Rule(
        lambda r: {"pk": r.partners.check_on.pk}, PARTNER_EDITORS, names_a_record=False, ok=302, method="post"
    ),
    "partners:check_item_on": Rule(
        lambda r: {"pk": r.partners.check_off.pk},
        PARTNER_EDITORS,
        names_a_record=False,
        ok=302,
        method="post",
    ),
    "partners:network_member_edit": Rule(lambda r: {"uuid": r.partners.member.uuid}, PARTNER_EDITORS),
    "partners:network_member_delete": Rule(lambda r: {"uuid": r.partners.member.uuid}, PARTNER_EDITORS),
    "partners:staff_count_edit": Rule(lambda r: {"uuid": r.partners.staff_count.uuid}, PARTNER_EDITORS),
    "partners:staff_count_delete": Rule(lambda r: {"uuid": r.partners.staff_count.uuid}, PARTNER_EDITORS),
    "partners:partner_lead_add": Rule(lambda r: {"uuid": r.partners.organisation.uuid}, PARTNER_EDITORS),
    "partners:partner_lead_remove": Rule(
        lambda r: {"uuid": r.partners.organisation.uuid, "pk": r.partners.lead.pk},
        PARTNER_EDITORS,
        ok=302,
        method="post",
    ),
    # Training sessions (issue 15, part 4). A partner lead created for the walk leads no
    # organisation, so gets 404 on every session, person and certificate (see
    # training/tests for the host's partner lead); the steering group reads figures only.
    "training:course_list": Rule(_none, TRAINING_READERS, names_a_record=False),
    "training:course_create": Rule(_none, TRAINING_EDITORS, names_a_record=False),
    "training:course_detail": Rule(lambda r: {"uuid": r.training.course.uuid}, TRAINING_READERS),
    "training:course_edit": Rule(lambda r: {"uuid": r.training.course.uuid}, TRAINING_EDITORS),
    "training:course_active": Rule(
        lambda r: {"uuid": r.training.course.uuid}, TRAINING_EDITORS, ok=302, method="post"
    ),
    "training:session_list": Rule(_none, TRAINING_READERS, names_a_record=False),
    "training:session_create": Rule(_none, TRAINING_EDITORS, names_a_record=False),
    "training:session_detail": Rule(
        lambda r: {"uuid": r.training.session.uuid}, (Role.COORDINATOR, Role.STEERING)
    ),
    "training:session_edit": Rule(lambda r: {"uuid": r.training.briefing.uuid}, TRAINING_EDITORS),
    "training:session_cancel": Rule(
        lambda r: {"uuid": r.training.briefing.uuid}, TRAINING_EDITORS, ok=302, method="post"
    ),
    "training:session_held": Rule(
        lambda r: {"uuid": r.training.briefing.uuid}, TRAINING_EDITORS, ok=302, method="post"
    ),
    "training:session_book": Rule(lambda r: {"uuid": r.training.session.uuid}, (Role.COORDINATOR,)),
    "training:session_person_add": Rule(lambda r: {"uuid": r.training.session.uuid}, (Role.COORDINATOR,)),
    "training:session_unbook": Rule(
        lambda r: {"uuid": r.training.session.uuid, "place": r.training.booked.uuid},
        (Role.COORDINATOR,),
        ok=302,
        method="post",
    ),
    "training:session_attendance": Rule(lambda r: {"uuid": r.training.session.uuid}, (Role.COORDINATOR,)),
    "training:session_headcount": Rule(lambda r: {"uuid": r.training.briefing.uuid}, (Role.COORDINATOR,)),
    "training:session_confidence": Rule(
        lambda r: {"uuid": r.training.session.uuid, "moment": "after"}, (Role.COORDINATOR,)
    ),
    "training:person_detail": Rule(lambda r: {"uuid": r.training.person.uuid}, (Role.COORDINATOR,)),
    "training:certificate": Rule(lambda r: {"uuid": r.training.completion.uuid}, (Role.COORDINATOR,)),
    # Training requirements and compliance: figures for the coordinator, partner leads (their
    # organisations' only) and the steering group; names for the coordinator and partner leads
    # (the partner lead created for the walk leads no organisation, so gets 404 on one).
    "training:rule_list": Rule(_none, AGGREGATE_READERS, names_a_record=False),
    "training:rule_create": Rule(_none, TRAINING_EDITORS, names_a_record=False),
    "training:rule_detail": Rule(lambda r: {"uuid": r.compliance.rule.uuid}, AGGREGATE_READERS),
    "training:rule_edit": Rule(lambda r: {"uuid": r.compliance.rule.uuid}, TRAINING_EDITORS),
    "training:rule_active": Rule(
        lambda r: {"uuid": r.compliance.rule.uuid}, TRAINING_EDITORS, ok=302, method="post"
    ),
    "training:compliance_people": Rule(
        lambda r: {"uuid": r.compliance.rule.uuid}, (Role.COORDINATOR, Role.PARTNER_LEAD)
    ),
    "training:compliance_export": Rule(
        lambda r: {"uuid": r.compliance.rule.uuid, "extension": "csv"}, AGGREGATE_READERS
    ),
    "training:compliance_sectors": Rule(_none, AGGREGATE_READERS, names_a_record=False),
    "training:compliance_organisation": Rule(
        lambda r: {"uuid": r.compliance.organisation.uuid}, (Role.COORDINATOR, Role.STEERING)
    ),
    # Completion imports (issue 15, part 6): the coordinator and partner leads import; an
    # import is seen by the coordinator and by the partner lead who uploaded it only.
    # Engagement and communications. The events and campaign here were recorded by the
    # coordinator and deliver no action, so an action owner reads them but changes only
    # their own (community/tests); the steering group reads the summary only.
    # Indicators and the dashboard (performance).
    "performance:dashboard": Rule(_none, DASHBOARD_READERS, names_a_record=False),
    "performance:dashboard_xlsx": Rule(_none, DASHBOARD_READERS, names_a_record=False),
    "performance:indicator_list": Rule(_none, (Role.COORDINATOR,), names_a_record=False),
    "performance:indicator_source": Rule(_none, (Role.COORDINATOR,), names_a_record=False),
    "performance:indicator_create": Rule(
        lambda r: {"code": "cases.referrals_received"}, (Role.COORDINATOR,), names_a_record=False
    ),
    "performance:indicator_edit": Rule(lambda r: {"uuid": r.indicator.uuid}, (Role.COORDINATOR,)),
    "performance:indicator_retire": Rule(
        lambda r: {"uuid": r.indicator.uuid}, (Role.COORDINATOR,), ok=302, method="post"
    ),
    # The board pack (performance): the coordinator produces, readers download.
    "performance:board_packs": Rule(_none, BOARD_PACK_READERS, names_a_record=False),
    "performance:board_pack_download": Rule(lambda r: {"uuid": r.board_pack.uuid}, BOARD_PACK_READERS),
    "community:event_list": Rule(_none, COMMUNITY_READERS, names_a_record=False),
    "community:event_create": Rule(_none, COMMUNITY_RECORDERS, names_a_record=False),
    "community:event_export": Rule(lambda r: {"extension": "xlsx"}, COMMUNITY_READERS, names_a_record=False),
    "community:summary": Rule(_none, COMMUNITY_SUMMARY, names_a_record=False),
    # Equality monitoring (issue 17 part 5): aggregates after disclosure control; the
    # population figures are the coordinator's.
    "performance:equality": Rule(_none, EQUALITY_READERS, names_a_record=False),
    "performance:equality_download": Rule(
        lambda r: {"extension": "csv"}, EQUALITY_READERS, names_a_record=False
    ),
    "performance:equality_population": Rule(_none, (Role.COORDINATOR,), names_a_record=False),
    "community:follow_up_list": Rule(_none, COMMUNITY_READERS, names_a_record=False),
    "community:event_detail": Rule(lambda r: {"uuid": r.community.event.uuid}, COMMUNITY_READERS),
    "community:event_edit": Rule(lambda r: {"uuid": r.community.event.uuid}, COMMUNITY_EDITORS),
    "community:event_delete": Rule(lambda r: {"uuid": r.community.event.uuid}, COMMUNITY_EDITORS),
    "community:follow_up_create": Rule(lambda r: {"uuid": r.community.event.uuid}, COMMUNITY_EDITORS),
    "community:follow_up_done": Rule(
        lambda r: {"uuid": r.community.follow_up.uuid}, COMMUNITY_EDITORS, ok=302, method="post"
    ),
    "community:lists": Rule(_none, COMMUNITY_EDITORS, names_a_record=False),
    "community:list_entry_create": Rule(lambda r: {"kind": "types"}, COMMUNITY_EDITORS, names_a_record=False),
    "community:list_entry_retire": Rule(
        lambda r: {"kind": "types", "pk": r.community.own_type.pk}, COMMUNITY_EDITORS, ok=302, method="post"
    ),
    "community:campaign_list": Rule(_none, COMMUNITY_READERS, names_a_record=False),
    "community:campaign_create": Rule(_none, COMMUNITY_RECORDERS, names_a_record=False),
    "community:campaign_export": Rule(
        lambda r: {"extension": "csv"}, COMMUNITY_READERS, names_a_record=False
    ),
    "community:campaign_detail": Rule(lambda r: {"uuid": r.community.campaign.uuid}, COMMUNITY_READERS),
    "community:campaign_edit": Rule(lambda r: {"uuid": r.community.campaign.uuid}, COMMUNITY_EDITORS),
    "community:reach_create": Rule(lambda r: {"uuid": r.community.campaign.uuid}, COMMUNITY_EDITORS),
    "training:import_list": Rule(_none, IMPORTERS, names_a_record=False),
    "training:import_start": Rule(_none, IMPORTERS, names_a_record=False),
    "training:layout_delete": Rule(
        lambda r: {"uuid": r.imports.layout.uuid}, (Role.COORDINATOR,), ok=302, method="post"
    ),
    "training:import_detail": Rule(lambda r: {"uuid": r.imports.refused.uuid}, (Role.COORDINATOR,)),
    "training:import_columns": Rule(lambda r: {"uuid": r.imports.uploaded.uuid}, (Role.COORDINATOR,)),
    "training:import_problems": Rule(lambda r: {"uuid": r.imports.refused.uuid}, (Role.COORDINATOR,)),
    # Venue checks (issue 16, part 4): the coordinator and venue officers only; the steering
    # group reads their counts through plan measures. The lists, the retention period and
    # the review for deletion are the coordinator's.
    "venues:check_list": Rule(_none, VENUE_READERS, names_a_record=False),
    "venues:check_create": Rule(_none, VENUE_READERS, names_a_record=False),
    "venues:check_detail": Rule(lambda r: {"uuid": r.venues.requested.uuid}, VENUE_READERS),
    "venues:check_edit": Rule(lambda r: {"uuid": r.venues.requested.uuid}, VENUE_READERS),
    "venues:check_findings": Rule(lambda r: {"uuid": r.venues.requested.uuid}, VENUE_READERS),
    "venues:check_decide": Rule(lambda r: {"uuid": r.venues.under_check.uuid}, VENUE_READERS),
    "venues:check_outcome": Rule(lambda r: {"uuid": r.venues.decided.uuid}, VENUE_READERS),
    "venues:check_close": Rule(
        lambda r: {"uuid": r.venues.recorded.uuid}, VENUE_READERS, ok=302, method="post"
    ),
    "venues:venue_list": Rule(_none, VENUE_READERS, names_a_record=False),
    "venues:venue_create": Rule(_none, VENUE_READERS, names_a_record=False),
    "venues:venue_edit": Rule(lambda r: {"uuid": r.venues.venue.uuid}, VENUE_READERS),
    "venues:policy_list": Rule(_none, VENUE_READERS, names_a_record=False),
    "venues:policy_create": Rule(_none, VENUE_READERS, names_a_record=False),
    "venues:policy_edit": Rule(lambda r: {"uuid": r.venues.policy.uuid}, VENUE_READERS),
    "venues:policy_document": Rule(lambda r: {"uuid": r.venues.policy.uuid}, VENUE_READERS),
    "venues:settings": Rule(_none, VENUE_ADMINS, names_a_record=False),
    "venues:entry_add": Rule(lambda r: {"which": "kinds"}, VENUE_ADMINS, names_a_record=False),
    "venues:entry_active": Rule(
        lambda r: {"which": "kinds", "uuid": r.venues.own_kind.uuid}, VENUE_ADMINS, ok=302, method="post"
    ),
    "venues:review_list": Rule(_none, VENUE_ADMINS, names_a_record=False),
    "venues:review_keep": Rule(lambda r: {"uuid": r.venues.due.uuid}, VENUE_ADMINS),
    "venues:review_delete": Rule(lambda r: {"uuid": r.venues.due.uuid}, VENUE_ADMINS, ok=302, method="post"),
    # The open API's keys: the coordinator's. The API itself answers keys, not sessions
    # (api/tests); its documentation page is open, like the schema it is written from.
    "api:key_list": Rule(_none, API_KEY_MANAGERS, names_a_record=False),
    "api:key_create": Rule(_none, API_KEY_MANAGERS, names_a_record=False),
    "api:key_revoke": Rule(lambda r: {"uuid": r.api_key.uuid}, API_KEY_MANAGERS, ok=302),
    # Commissioned projects (issue 16, parts 2 and 3): the coordinator keeps them; the
    # steering group reads; a project provider opens the projects of the organisations
    # they report for only (the walk's provider reports for none, so gets 404 on each
    # project; projects/tests/test_projects.py::
    # test_a_project_provider_sees_their_projects_and_no_other walks a linked one).
    # steering group reads the summary only (aggregates: no project, return or file); a
    # project provider opens the projects of the organisations they report for only (the
    # walk's provider reports for none, so gets 404 on each project;
    # projects/tests/test_projects.py walks a linked one).
    "projects:project_list": Rule(_none, PROJECT_READERS, names_a_record=False),
    "projects:project_create": Rule(_none, PROJECT_EDITORS, names_a_record=False),
    "projects:summary": Rule(_none, (Role.COORDINATOR, Role.STEERING), names_a_record=False),
    "projects:funder_list": Rule(_none, PROJECT_EDITORS, names_a_record=False),
    "projects:funder_create": Rule(_none, PROJECT_EDITORS, names_a_record=False),
    "projects:funder_edit": Rule(lambda r: {"uuid": r.projects.funder.uuid}, PROJECT_EDITORS),
    "projects:funder_return": Rule(lambda r: {"uuid": r.projects.funder.uuid}, PROJECT_EDITORS),
    "projects:funder_return_pdf": Rule(lambda r: {"uuid": r.projects.funder.uuid}, PROJECT_EDITORS),
    "projects:project_detail": Rule(lambda r: {"uuid": r.projects.project.uuid}, (Role.COORDINATOR,)),
    "projects:project_edit": Rule(lambda r: {"uuid": r.projects.project.uuid}, PROJECT_EDITORS),
    "projects:budget_edit": Rule(lambda r: {"uuid": r.projects.project.uuid}, PROJECT_EDITORS),
    "projects:output_create": Rule(lambda r: {"uuid": r.projects.project.uuid}, PROJECT_EDITORS),
    "projects:outcome_create": Rule(lambda r: {"uuid": r.projects.project.uuid}, PROJECT_EDITORS),
    "projects:milestone_create": Rule(lambda r: {"uuid": r.projects.project.uuid}, PROJECT_EDITORS),
    "projects:risk_create": Rule(lambda r: {"uuid": r.projects.project.uuid}, PROJECT_EDITORS),
    "projects:provider_add": Rule(lambda r: {"uuid": r.projects.project.uuid}, PROJECT_EDITORS),
    "projects:provider_remove": Rule(
        lambda r: {"uuid": r.projects.project.uuid, "pk": r.projects.provider_link.pk},
        PROJECT_EDITORS,
        ok=302,
        method="post",
    ),
    "projects:return_start": Rule(lambda r: {"uuid": r.projects.project.uuid}, (Role.COORDINATOR,)),
    "projects:output_edit": Rule(lambda r: {"uuid": r.projects.output.uuid}, PROJECT_EDITORS),
    "projects:output_target": Rule(lambda r: {"uuid": r.projects.output.uuid}, PROJECT_EDITORS),
    "projects:outcome_edit": Rule(lambda r: {"uuid": r.projects.outcome.uuid}, PROJECT_EDITORS),
    "projects:milestone_edit": Rule(lambda r: {"uuid": r.projects.milestone.uuid}, PROJECT_EDITORS),
    "projects:risk_edit": Rule(lambda r: {"uuid": r.projects.risk.uuid}, PROJECT_EDITORS),
    "projects:return_detail": Rule(lambda r: {"uuid": r.projects.submitted.uuid}, (Role.COORDINATOR,)),
    "projects:return_edit": Rule(lambda r: {"uuid": r.projects.draft.uuid}, (Role.COORDINATOR,)),
    "projects:return_send": Rule(
        lambda r: {"uuid": r.projects.draft.uuid}, (Role.COORDINATOR,), ok=302, method="post"
    ),
    "projects:return_send_back": Rule(lambda r: {"uuid": r.projects.in_review.uuid}, (Role.COORDINATOR,)),
    "projects:return_submit": Rule(
        lambda r: {"uuid": r.projects.in_review.uuid}, (Role.COORDINATOR,), ok=302, method="post"
    ),
    "projects:return_download": Rule(
        lambda r: {"uuid": r.projects.submitted.uuid, "extension": "xlsx"}, (Role.COORDINATOR,)
    ),
    # The partnership's quarterly return (issue 17 part 7): the coordinator prepares it; the
    # funder and the steering group read submitted returns, after disclosure control.
    "performance:return_list": Rule(_none, RETURN_READERS, names_a_record=False),
    "performance:return_start": Rule(_none, (Role.COORDINATOR,), names_a_record=False),
    "performance:return_detail": Rule(lambda r: {"uuid": r.returns.submitted.uuid}, RETURN_READERS),
    "performance:return_edit": Rule(lambda r: {"uuid": r.returns.draft.uuid}, (Role.COORDINATOR,)),
    "performance:return_submit": Rule(lambda r: {"uuid": r.returns.draft.uuid}, (Role.COORDINATOR,)),
    "performance:return_reopen": Rule(lambda r: {"uuid": r.returns.submitted.uuid}, (Role.COORDINATOR,)),
    "performance:return_download": Rule(
        lambda r: {"uuid": r.returns.submitted.uuid, "extension": "xlsx"}, RETURN_READERS
    ),
    # The Prevent duty self-assessment (issue 17, part 6): the coordinator assesses; the
    # steering group reads every assessment, a funder the completed ones only.
    "performance:assessment_list": Rule(_none, ASSESSMENT_READERS, names_a_record=False),
    "performance:assessment_start": Rule(_none, ASSESSMENT_ASSESSORS, names_a_record=False),
    "performance:assessment_detail": Rule(
        lambda r: {"uuid": r.assessment.completed.uuid}, ASSESSMENT_READERS
    ),
    "performance:assessment_pdf": Rule(lambda r: {"uuid": r.assessment.completed.uuid}, ASSESSMENT_READERS),
    "performance:assessment_rate": Rule(
        lambda r: {"uuid": r.assessment.in_progress.uuid, "code": "risk.ctlp"}, ASSESSMENT_ASSESSORS
    ),
    "performance:assessment_shortfall": Rule(
        lambda r: {"uuid": r.assessment.in_progress.uuid, "code": r.assessment.shortfall},
        ASSESSMENT_ASSESSORS,
    ),
    "performance:assessment_complete": Rule(
        lambda r: {"uuid": r.assessment.in_progress.uuid}, ASSESSMENT_ASSESSORS, ok=302, method="post"
    ),
    # A benchmark's wording, the partnership's own (only of a benchmark marked as its to edit).
    "performance:assessment_wording": Rule(
        lambda r: {"uuid": r.assessment.in_progress.uuid, "code": r.assessment.unworded}, ASSESSMENT_ASSESSORS
    ),
    "performance:assessment_wording_restore": Rule(
        lambda r: {"uuid": r.assessment.in_progress.uuid, "code": r.assessment.worded},
        ASSESSMENT_ASSESSORS,
        ok=302,
        method="post",
    ),
    # Channel statistics (issue 17, parts 3 and 4): exact for readers of the cases, protected
    # for the steering group and funders; a region's only for the advisers appointed to it
    # (the walk's regional adviser is appointed to none: performance/tests/test_statistics.py).
    "performance:statistics": Rule(_none, STATISTICS_READERS, names_a_record=False),
    "performance:statistics_download": Rule(
        lambda r: {"extension": "csv"}, STATISTICS_READERS, names_a_record=False
    ),
    "performance:statistics_rules": Rule(_none, (Role.COORDINATOR,), names_a_record=False),
    "performance:region_list": Rule(_none, (Role.REGIONAL,), names_a_record=False),
    "performance:region_statistics": Rule(lambda r: {"uuid": r.region.uuid}, ()),
    "performance:region_download": Rule(lambda r: {"uuid": r.region.uuid, "extension": "csv"}, ()),
}


# Pages that show a person's details or what was recorded about them: each writes a
# "viewed" audit event and is never kept by a browser or proxy. Every Channel route is
# either here or in NOT_PERSONAL, so a new one must be placed.
PERSONAL = {
    "cases:my_referrals",
    "cases:referral_copy",
    "cases:case_list",
    "cases:queue",
    "cases:referral_detail",
    "cases:case_assessment",
    "cases:case_panel",
    "cases:case_documents",
    "cases:case_record",
    "cases:deconfliction",
    "cases:gateway_decision",
    "cases:sharing_create",
    "cases:assessment_create",
    "cases:special_categories",
    "cases:sharing_list",
    "cases:sharing_answer",
    "cases:assessment_detail",
    "cases:document_create",
    "cases:document_download",
    "cases:panel_action_list",
    "cases:panel_action_close",
    "cases:meeting_detail",
    "cases:meeting_minutes",
    "cases:agenda_decision",
    "cases:agenda_papers",
    "cases:meeting_agenda_pdf",
    "cases:consent_create",
    "cases:consent_withdraw",
    "cases:return_to_police",
    "cases:intervention_create",
    "cases:intervention_list",
    "cases:intervention_detail",
    "cases:session_create",
    "cases:intervention_end",
    "cases:review_record",
    "cases:follow_up",
    "cases:person_edit",
    "cases:transfer_create",
    "cases:transfer_list",
    "cases:transfer_detail",
    "cases:retention_queue",
    "cases:retention_detail",
    "cases:subject_access",
    "cases:plan_detail",
    "cases:plan_version",
    "cases:plan_draft",
    "cases:plan_need_create",
    "cases:plan_need_edit",
    "cases:plan_need_remove",
    "cases:plan_sign_off",
    "cases:plan_progress",
    "cases:my_cases",
    "cases:screening",
    "cases:national_reference",
    "cases:allocation",
}
# No person's details: lists of meetings, settings, forms not about a case yet, and
# POST-only buttons (what they lead to is audited where it is shown).
NOT_PERSONAL = {
    "cases:refer_start",
    "cases:refer_step",
    "cases:refer_check",
    "cases:refer_done",
    "cases:referral_add_information",  # the reference and a text box; the copy is audited
    "cases:factors",
    "cases:identity",
    "cases:meeting_list",
    "cases:meeting_create",
    "cases:meeting_attendance",
    "cases:meeting_invite",
    "cases:meeting_agenda_add",
    "cases:meeting_close",
    "cases:meeting_deputy_chair",
    "cases:invitation_withdraw",
    "cases:transfer_accept",
    "cases:transfer_decline",
    "cases:retention_extend",
    "cases:retention_hold",
    "cases:retention_delete",
    "cases:channel_settings",
    "cases:framework_choice",
    # The empty search form; each search made is audited (cases.search, cases/tests/test_search.py).
    "cases:search",
}
VIEWED = ("cases.referral.viewed", "cases.list.viewed")


def _names(resolver: URLResolver, namespace: str = "") -> set[str]:
    names = set()
    for pattern in resolver.url_patterns:
        if isinstance(pattern, URLResolver):
            if pattern.namespace == "admin":
                continue  # tested in accounts/tests/test_sign_in.py
            if f"{namespace}{pattern.namespace}" == "api:v1":
                continue  # the API's endpoints answer keys, not sessions: api/tests
            inner = f"{namespace}{pattern.namespace}:" if pattern.namespace else namespace
            names |= _names(pattern, inner)
        elif isinstance(pattern, URLPattern) and pattern.name:
            names.add(f"{namespace}{pattern.name}")
    return names


@pytest.fixture(scope="module")
def records(module_db: None) -> Records:
    """Built once for the module: the tests only read, and each runs in a savepoint."""
    return build_records()


def build_records() -> Records:
    partnership = tower_hamlets()
    coordinator = add_coordinator(partnership)
    coordinator_viewer = viewer(coordinator, partnership)
    plan = build_plan(coordinator_viewer, add_owner(partnership))
    channel = build_channel(partnership, coordinator)
    lifecycle = build_lifecycle(channel, partnership)
    owned = action_titled("Deliver WRAP training in colleges")
    other = action_titled("Host two community roundtables")
    update = actions.record_progress_update(
        viewer=coordinator_viewer,
        action=other,
        update_date=dt.date(2018, 9, 1),
        rag="green",
        commentary="Evidence attached.",
        evidence_files=[SimpleUploadedFile("notes.txt", b"Roundtable notes")],
    )
    return Records(
        plan,
        plan.objectives.earliest("sort_key"),
        owned.uuid,
        other.uuid,
        update.evidence.get(),
        channel,
        lifecycle,
        support_plan=plan_for_walks(
            viewer(channel.coordinator, partnership),
            viewer(channel.chair, partnership),
            lifecycle.supported,
            lifecycle.intervention,
        ),
        partners=partners_for_walks(coordinator_viewer),
        training=training_for_walks(coordinator_viewer),
        compliance=compliance_for_walks(coordinator_viewer),
        imports=imports_for_walks(coordinator_viewer),
        measure=add_measure(viewer=coordinator_viewer, action=other, source="partners.organisations"),
        venues=venues_for_walks(coordinator_viewer),
        community=community_for_walks(coordinator_viewer),
        projects=projects_for_walks(coordinator_viewer),
        indicator=indicators_for_walks(coordinator_viewer),
        returns=returns_for_walks(coordinator_viewer),
        assessment=assessment_for_walks(coordinator_viewer),
        region=region_for_walks(partnership),
        board_pack=board_pack_for_walks(coordinator_viewer),
        api_key=make_key(viewer=coordinator_viewer, name="Walks", scopes_chosen=["plans:read"]).key,
        invited=users_for_walks(coordinator_viewer),
    )


def test_every_url_is_in_the_access_table() -> None:
    assert _names(get_resolver()) == set(ACCESS) | PUBLIC


@pytest.mark.parametrize("name", sorted(ACCESS))
def test_anonymous_users_are_sent_to_sign_in(name: str, records: Records) -> None:
    response = Client().get(reverse(name, kwargs=ACCESS[name].kwargs(records)))
    assert response.status_code == 302
    assert response["Location"].startswith("/sign-in/?next=")


@pytest.mark.parametrize("name", sorted(ACCESS))
def test_each_role_gets_the_page_or_404(
    name: str,
    records: Records,
    partnership: Partnership,
    person: Callable[..., User],
    sign_in: Callable[..., Client],
) -> None:
    rule = ACCESS[name]
    url = reverse(name, kwargs=rule.kwargs(records))
    for role in EVERY_ROLE:
        client = sign_in(person(partnership, role))
        response = client.post(url, {}) if rule.method == "post" else client.get(url)
        expected = rule.ok if role in rule.roles else 404
        assert response.status_code == expected, f"{role} got {response.status_code} at {url}"


@pytest.mark.parametrize("name", sorted(name for name, rule in ACCESS.items() if rule.names_a_record))
def test_another_partnership_gets_404_for_every_record(
    name: str,
    records: Records,
    other_partnership: Partnership,
    person: Callable[..., User],
    sign_in: Callable[..., Client],
) -> None:
    outsider = person(other_partnership, *EVERY_ROLE)
    url = reverse(name, kwargs=ACCESS[name].kwargs(records))
    assert sign_in(outsider).get(url).status_code == 404
    assert sign_in(outsider).post(url, {}).status_code == 404


@pytest.mark.parametrize("name", sorted(ACCESS))
def test_a_person_with_no_partnership_gets_404(
    name: str, records: Records, sign_in: Callable[..., Client]
) -> None:
    lonely = User.objects.create_user("lonely@example.gov.uk", "a long enough password", full_name="No One")
    assert sign_in(lonely).get(reverse(name, kwargs=ACCESS[name].kwargs(records))).status_code == 404


def test_an_action_owner_may_open_the_update_form_only_for_their_own_action(
    records: Records, owner: User, sign_in: Callable[..., Client]
) -> None:
    client = sign_in(owner)
    assert (
        client.get(
            reverse("plans:progress_update_create", kwargs={"uuid": records.owned_action_uuid})
        ).status_code
        == 200
    )
    assert (
        client.get(
            reverse("plans:progress_update_create", kwargs={"uuid": records.other_action_uuid})
        ).status_code
        == 404
    )


def test_every_channel_route_says_whether_it_shows_personal_data() -> None:
    channel = {name for name in ACCESS if name.startswith("cases:")}
    assert channel == PERSONAL | NOT_PERSONAL
    assert not PERSONAL & NOT_PERSONAL


@pytest.mark.parametrize("name", sorted(PERSONAL))
def test_a_page_that_shows_personal_data_is_audited_and_never_cached(
    name: str,
    records: Records,
    partnership: Partnership,
    person: Callable[..., User],
    sign_in: Callable[..., Client],
) -> None:
    rule = ACCESS[name]
    if not rule.roles:
        pytest.skip("opened only by the person who sent it: cases/tests/test_referral_form.py")
    reader = sign_in(person(partnership, *rule.roles))
    before = AuditEvent.objects.filter(verb__in=VIEWED).count()
    response = reader.get(reverse(name, kwargs=rule.kwargs(records)))
    assert response.status_code == 200
    assert {"private", "no-store"} <= {part.strip() for part in response["Cache-Control"].split(",")}
    assert AuditEvent.objects.filter(verb__in=VIEWED).count() > before

"""A partnership with one of each record the API serves, and a second partnership, for the
API's tests, the walks and the schema test."""

from __future__ import annotations

from dataclasses import dataclass

from accounts.access import Viewer
from accounts.models import Partnership, Role, User
from api import scopes
from api.actions import make_key
from cases.actions.intake import submit_referral
from community.tests.builders import CommunityRecords, community_for_walks
from conftest import (
    add_coordinator,
    add_owner,
    add_person,
    build_plan,
    referral_details,
    tower_hamlets,
    viewer,
    westminster,
)
from partners.tests.builders import partners_for_walks
from performance import summaries
from performance.tests.builders_indicators import indicators_for_walks
from plans.models import Action, Strategy
from projects.tests.builders import ProjectRecords, projects_for_walks
from training.tests.builders import TrainingRecords, training_for_walks


@dataclass(frozen=True)
class ApiWorld:
    partnership: Partnership
    coordinator: User
    coordinator_viewer: Viewer
    plan: Strategy
    action: Action
    training: TrainingRecords
    community: CommunityRecords
    projects: ProjectRecords
    other: Partnership
    other_viewer: Viewer


def build_api_world() -> ApiWorld:
    partnership = tower_hamlets()
    coordinator = add_coordinator(partnership)
    coordinator_viewer = viewer(coordinator, partnership)
    plan = build_plan(coordinator_viewer, add_owner(partnership))
    partners_for_walks(coordinator_viewer)
    indicators_for_walks(coordinator_viewer)
    # One referral this quarter: too few to publish, so the dashboard must withhold it.
    referrer = add_person(partnership, Role.REFERRER, email="referrer@th.example.gov.uk")
    submit_referral(viewer=viewer(referrer, partnership), details=referral_details())
    summaries.refresh(partnership)
    other = westminster()
    other_coordinator = add_person(other, Role.COORDINATOR, email="coordinator@wm.example.gov.uk")
    return ApiWorld(
        partnership,
        coordinator,
        coordinator_viewer,
        plan,
        Action.objects.filter(strategy=plan).earliest("sort_key"),
        training_for_walks(coordinator_viewer),
        community_for_walks(coordinator_viewer),
        projects_for_walks(coordinator_viewer),
        other,
        viewer(other_coordinator, other),
    )


def token_for(coordinator: Viewer, *codes: str, name: str = "Learning system") -> str:
    """A new key's token, with `codes` (every scope when none is named)."""
    return make_key(viewer=coordinator, name=name, scopes_chosen=list(codes or scopes.CODES)).token


def bearer(token: str) -> dict[str, str]:
    return {"Authorization": f"Bearer {token}"}

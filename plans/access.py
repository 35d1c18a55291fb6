"""What a viewer may see and change in delivery plans."""

from __future__ import annotations

from django.db.models import QuerySet
from django.shortcuts import get_object_or_404

from accounts.access import Viewer
from accounts.models import Role
from plans.models import Action, ActionMeasure, EvidenceFile, Objective, Strategy

PLAN_READERS = (Role.COORDINATOR, Role.ACTION_OWNER, Role.STEERING)
PLAN_EDITORS = (Role.COORDINATOR,)
PLAN_UPDATERS = (Role.COORDINATOR, Role.ACTION_OWNER)


def strategies(viewer: Viewer) -> QuerySet[Strategy]:
    if not viewer.has_any(*PLAN_READERS):
        return Strategy.objects.none()
    return Strategy.objects.filter(partnership=viewer.partnership)


def actions(viewer: Viewer) -> QuerySet[Action]:
    if not viewer.has_any(*PLAN_READERS):
        return Action.objects.none()
    return Action.objects.filter(partnership=viewer.partnership)


def updatable_actions(viewer: Viewer) -> QuerySet[Action]:
    """Coordinators update any action of the partnership; action owners only the
    actions they lead."""
    if viewer.has_any(Role.COORDINATOR):
        return actions(viewer)
    if viewer.has_any(Role.ACTION_OWNER):
        return actions(viewer).filter(owner=viewer.user)
    return Action.objects.none()


def can_edit_plans(viewer: Viewer) -> bool:
    return viewer.has_any(*PLAN_EDITORS)


def can_update(viewer: Viewer, action: Action) -> bool:
    return viewer.has_any(Role.COORDINATOR) or (
        viewer.has_any(Role.ACTION_OWNER) and action.owner_id == viewer.user.pk
    )


def get_strategy(viewer: Viewer, uuid: object) -> Strategy:
    return get_object_or_404(strategies(viewer), uuid=uuid)


def get_objective(viewer: Viewer, uuid: object) -> Objective:
    return get_object_or_404(
        Objective.objects.select_related("strategy", "parent").filter(strategy__in=strategies(viewer)),
        uuid=uuid,
    )


def get_action(viewer: Viewer, uuid: object) -> Action:
    return get_object_or_404(
        actions(viewer).select_related("strategy", "objective", "objective__parent", "owner"),
        uuid=uuid,
    )


def get_updatable_action(viewer: Viewer, uuid: object) -> Action:
    return get_object_or_404(updatable_actions(viewer).select_related("strategy", "objective"), uuid=uuid)


def get_evidence(viewer: Viewer, uuid: object) -> EvidenceFile:
    return get_object_or_404(
        EvidenceFile.objects.select_related("update__action").filter(update__action__in=actions(viewer)),
        uuid=uuid,
    )


def get_measure(viewer: Viewer, uuid: object) -> ActionMeasure:
    return get_object_or_404(
        ActionMeasure.objects.select_related("action__strategy").filter(action__in=actions(viewer)), uuid=uuid
    )


def get_updatable_measure(viewer: Viewer, uuid: object) -> ActionMeasure:
    """A measure of an action the viewer may update (plans.measures changes it)."""
    return get_object_or_404(
        ActionMeasure.objects.select_related("action__strategy").filter(action__in=updatable_actions(viewer)),
        uuid=uuid,
    )

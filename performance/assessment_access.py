"""Who reads and who writes the Prevent duty self-assessment. The coordinator assesses and
completes; the steering group reads every assessment of the partnership, in progress or
completed; a funder reads completed ones only; anyone else gets 404, and so does an
assessment of another partnership."""

from __future__ import annotations

from django.db.models import QuerySet
from django.shortcuts import get_object_or_404

from accounts.access import Viewer
from accounts.models import Role
from performance.models import Assessment, AssessmentStatus

ASSESSORS = (Role.COORDINATOR,)
READERS = (Role.COORDINATOR, Role.STEERING, Role.FUNDER)
# Those who read assessments still in progress.
DRAFT_READERS = (Role.COORDINATOR, Role.STEERING)


def assessments(viewer: Viewer) -> QuerySet[Assessment]:
    if not viewer.has_any(*READERS):
        return Assessment.objects.none()
    listed = Assessment.objects.filter(partnership=viewer.partnership)
    if not viewer.has_any(*DRAFT_READERS):
        listed = listed.filter(status=AssessmentStatus.COMPLETED)
    return listed


def get_assessment(viewer: Viewer, uuid: object) -> Assessment:
    return get_object_or_404(assessments(viewer).select_related("framework"), uuid=uuid)


def can_assess(viewer: Viewer) -> bool:
    return viewer.has_any(*ASSESSORS)


def get_editable_assessment(viewer: Viewer, uuid: object) -> Assessment:
    """An assessment the viewer may rate: the coordinator's, while in progress."""
    if not can_assess(viewer):
        return get_object_or_404(Assessment.objects.none(), uuid=uuid)
    return get_object_or_404(
        assessments(viewer).select_related("framework").filter(status=AssessmentStatus.IN_PROGRESS), uuid=uuid
    )

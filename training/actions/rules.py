"""Requirement rules: the coordinator creates, edits, deactivates and reactivates them.
Each change refreshes the rule's compliance summary in the same transaction."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from django.db import transaction
from django.db.models import Q

from accounts.access import Viewer
from audit.log import changes_between, created, record
from lib.errors import Refused
from partners.models import Network, Organisation, Sector, StaffGroup
from training import access, compliance
from training.models import AudienceKind, Course, RequirementRule

__all__ = ["create_rule", "set_rule_active", "update_rule"]

RULE_FIELDS = [
    "name",
    "audience",
    "sector",
    "organisation",
    "staff_group",
    "network",
    "due_within_months",
    "refresher_months",
    "target_percent",
]
# The field that names the audience's target, for each kind.
TARGETS = {
    AudienceKind.SECTOR: "sector",
    AudienceKind.ORGANISATION: "organisation",
    AudienceKind.STAFF_GROUP: "staff_group",
    AudienceKind.NETWORK: "network",
}
MAX_COURSES = 20


def _require_editor(viewer: Viewer, rule: RequirementRule | None = None) -> None:
    if not access.can_edit(viewer):
        raise Refused("Only the partnership's Prevent coordinator can change requirement rules.")
    if rule is not None and rule.partnership_id != viewer.partnership.pk:
        raise Refused("This rule belongs to another partnership.")


def _snapshot(rule: RequirementRule, courses: Iterable[Course]) -> dict[str, Any]:
    values: dict[str, Any] = {}
    for name in RULE_FIELDS:
        value = getattr(rule, name)
        values[name] = value if value is None or isinstance(value, int | str) else str(value)
    values["courses"] = sorted(course.title for course in courses)
    return values


def _check(viewer: Viewer, rule: RequirementRule, courses: list[Course]) -> None:
    partnership = viewer.partnership
    rule.name = " ".join(rule.name.split())
    if not rule.name:
        raise Refused("Enter a name for the rule", field="name")
    if len(rule.name) > 200:
        raise Refused("The name must be 200 characters or fewer", field="name")
    if (
        RequirementRule.objects.filter(partnership=partnership, name__iexact=rule.name)
        .exclude(pk=rule.pk)
        .exists()
    ):
        raise Refused("The partnership already has a rule with this name", field="name")
    if rule.audience not in TARGETS:
        raise Refused("Select who the rule applies to", field="audience")
    target = TARGETS[AudienceKind(rule.audience)]
    for name in TARGETS.values():
        if name != target:
            setattr(rule, name, None)
    chosen = getattr(rule, target)
    pk = getattr(chosen, "pk", None) or 0
    shared_or_own = Q(partnership__isnull=True) | Q(partnership=partnership)
    allowed = {
        "sector": Sector.objects.filter(shared_or_own, pk=pk),
        "organisation": Organisation.objects.filter(pk=pk, partnership=partnership),
        "staff_group": StaffGroup.objects.filter(shared_or_own, pk=pk),
        "network": Network.objects.filter(pk=pk, partnership=partnership),
    }[target]
    if chosen is None or not allowed.exists():
        raise Refused(
            {
                "sector": "Select a sector",
                "organisation": "Select an organisation of this partnership",
                "staff_group": "Select a staff group",
                "network": "Select a network of this partnership",
            }[target],
            field=target,
        )
    if not courses:
        raise Refused("Select at least one course", field="courses")
    if len(courses) > MAX_COURSES:
        raise Refused(f"Select at most {MAX_COURSES} courses", field="courses")
    own = set(access.courses(viewer).values_list("pk", flat=True))
    if any(course.pk not in own for course in courses):
        raise Refused("Select courses from the list", field="courses")
    if not 0 <= rule.due_within_months <= 120:
        raise Refused("Enter a number of months between 0 and 120", field="due_within_months")
    if rule.refresher_months is not None and not 1 <= rule.refresher_months <= 240:
        raise Refused(
            "Enter a number of months between 1 and 240, or leave it empty", field="refresher_months"
        )
    if not 1 <= rule.target_percent <= 100:
        raise Refused("Enter a target between 1 and 100", field="target_percent")


@transaction.atomic
def create_rule(
    *,
    viewer: Viewer,
    name: str,
    audience: str,
    courses: Iterable[Course],
    due_within_months: int,
    target_percent: int,
    refresher_months: int | None = None,
    sector: Sector | None = None,
    organisation: Organisation | None = None,
    staff_group: StaffGroup | None = None,
    network: Network | None = None,
) -> RequirementRule:
    _require_editor(viewer)
    courses = list(courses)
    rule = RequirementRule(
        partnership=viewer.partnership,
        name=name,
        audience=audience,
        sector=sector,
        organisation=organisation,
        staff_group=staff_group,
        network=network,
        due_within_months=due_within_months,
        refresher_months=refresher_months,
        target_percent=target_percent,
        created_by=viewer.user,
    )
    _check(viewer, rule, courses)
    rule.save()
    rule.courses.set(courses)
    record(
        verb="training.rule.created",
        actor=viewer.user,
        partnership=viewer.partnership,
        target=rule,
        changes=created(_snapshot(rule, courses)),
    )
    compliance.refresh_rule(rule)
    return rule


@transaction.atomic
def update_rule(
    *, viewer: Viewer, rule: RequirementRule, courses: Iterable[Course], **values: Any
) -> RequirementRule:
    rule = RequirementRule.objects.select_for_update().get(pk=rule.pk)
    _require_editor(viewer, rule)
    unknown = set(values) - set(RULE_FIELDS)
    if unknown:
        raise TypeError(f"Not rule fields: {', '.join(sorted(unknown))}")
    courses = list(courses)
    before = _snapshot(rule, rule.courses.all())
    for name, value in values.items():
        setattr(rule, name, value)
    _check(viewer, rule, courses)
    changes = changes_between(before, _snapshot(rule, courses))
    if changes:
        rule.save()
        rule.courses.set(courses)
        record(
            verb="training.rule.updated",
            actor=viewer.user,
            partnership=viewer.partnership,
            target=rule,
            changes=changes,
        )
        compliance.refresh_rule(rule)
    return rule


@transaction.atomic
def set_rule_active(*, viewer: Viewer, rule: RequirementRule, active: bool) -> RequirementRule:
    """Deactivate a rule (its compliance is no longer counted or reminded of) or bring it
    back; the rule and its history stay."""
    rule = RequirementRule.objects.select_for_update().get(pk=rule.pk)
    _require_editor(viewer, rule)
    if rule.active == active:
        raise Refused(f"The rule is already {'active' if active else 'inactive'}.")
    rule.active = active
    rule.save(update_fields=["active"])
    record(
        verb="training.rule.activated" if active else "training.rule.deactivated",
        actor=viewer.user,
        partnership=viewer.partnership,
        target=rule,
        changes=changes_between({"active": not active}, {"active": active}),
    )
    compliance.refresh_rule(rule)
    return rule

"""Courses: the seeded national ones serve every partnership and are not changed here; the
coordinator adds the partnership's own, edits them and deactivates them."""

from __future__ import annotations

from typing import Any

from django.db import transaction
from django.utils.text import slugify

from accounts.access import Viewer
from audit.log import changes_between, created, record, snapshot
from lib.errors import Refused
from training import access
from training.models import Course, CourseKind

__all__ = ["COURSE_FIELDS", "create_course", "set_course_active", "update_course"]

COURSE_FIELDS = ["title", "kind", "provider", "description", "validity_months"]
MAX_VALIDITY = 240


def _require_editor(viewer: Viewer) -> None:
    if not access.can_edit(viewer):
        raise Refused("Only the partnership's Prevent coordinator can change courses.")


def _own(viewer: Viewer, course: Course) -> None:
    if course.partnership_id is None:
        raise Refused("The national courses cannot be changed; add a course of the partnership's own.")
    if course.partnership_id != viewer.partnership.pk:
        raise Refused("This course belongs to another partnership.")


def _check(viewer: Viewer, course: Course) -> None:
    if not course.title:
        raise Refused("Enter the course's title", field="title")
    if course.kind not in CourseKind.values:
        raise Refused("Select the kind of course", field="kind")
    if course.validity_months is not None and not 1 <= course.validity_months <= MAX_VALIDITY:
        raise Refused(f"The number of months must be between 1 and {MAX_VALIDITY}", field="validity_months")
    same = access.courses(viewer).filter(title__iexact=course.title).exclude(pk=course.pk)
    if same.exists():
        raise Refused("A course with this title is already listed", field="title")


def _code(viewer: Viewer, title: str) -> str:
    base = (slugify(title)[:50] or "course").strip("-") or "course"
    code, number = base, 1
    while Course.objects.filter(partnership=viewer.partnership, code=code).exists():
        number += 1
        code = f"{base}-{number}"
    return code


@transaction.atomic
def create_course(
    *,
    viewer: Viewer,
    title: str,
    kind: str,
    provider: str = "",
    description: str = "",
    validity_months: int | None = None,
) -> Course:
    _require_editor(viewer)
    course = Course(
        partnership=viewer.partnership,
        title=title.strip(),
        kind=kind,
        provider=provider.strip(),
        description=description.strip(),
        validity_months=validity_months,
        position=1000,
    )
    _check(viewer, course)
    course.code = _code(viewer, course.title)
    course.save()
    record(
        verb="training.course.created",
        actor=viewer.user,
        partnership=viewer.partnership,
        target=course,
        changes=created(snapshot(course, COURSE_FIELDS)),
    )
    return course


@transaction.atomic
def update_course(*, viewer: Viewer, course: Course, **values: Any) -> Course:
    _require_editor(viewer)
    unknown = set(values) - set(COURSE_FIELDS)
    if unknown:
        raise TypeError(f"Not course fields: {', '.join(sorted(unknown))}")
    course = Course.objects.select_for_update().get(pk=course.pk)
    _own(viewer, course)
    before = snapshot(course, COURSE_FIELDS)
    for name, value in values.items():
        setattr(course, name, value.strip() if isinstance(value, str) else value)
    _check(viewer, course)
    changes = changes_between(before, snapshot(course, COURSE_FIELDS))
    if changes:
        course.save()
        record(
            verb="training.course.updated",
            actor=viewer.user,
            partnership=viewer.partnership,
            target=course,
            changes=changes,
        )
    return course


@transaction.atomic
def set_course_active(*, viewer: Viewer, course: Course, active: bool) -> Course:
    """A course no longer offered is deactivated: its sessions and completions stay, and
    no new session of it can be scheduled."""
    _require_editor(viewer)
    course = Course.objects.select_for_update().get(pk=course.pk)
    _own(viewer, course)
    if course.active == active:
        raise Refused(f"{course.title} is already {'active' if active else 'inactive'}.")
    course.active = active
    course.save(update_fields=["active"])
    record(
        verb="training.course.reactivated" if active else "training.course.deactivated",
        actor=viewer.user,
        partnership=viewer.partnership,
        target=course,
        changes=changes_between({"active": not active}, {"active": active}),
    )
    return course

from __future__ import annotations

import datetime as dt
from typing import Any
from uuid import UUID

from django import forms
from django.db.models import Count, QuerySet
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, render

from accounts.access import Viewer, partnership_view
from accounts.models import Role
from govuk.forms import DateField
from govuk.pages import Done, button, form_page, posted
from training import access, confidence, schedule
from training.access import TRAINING_EDITORS, TRAINING_READERS
from training.actions import courses as actions
from training.forms.courses import CourseForm
from training.forms.sessions import EARLIEST_SESSION
from training.models import Completion, Course

SESSIONS_SHOWN = 200


def counted_completions(viewer: Viewer) -> QuerySet[Completion]:
    """The completions whose numbers this viewer reads: a partner lead's organisations'
    people; the whole partnership for the coordinator and the steering group (the
    latter as figures only, never a name)."""
    if viewer.has_any(*access.AGGREGATE_READERS) and not viewer.has_any(Role.PARTNER_LEAD):
        return Completion.objects.filter(partnership=viewer.partnership)
    return access.completions(viewer)


@partnership_view(*TRAINING_READERS)
def course_list(request: HttpRequest, viewer: Viewer) -> HttpResponse:
    counted = counted_completions(viewer)
    completions = dict(counted.values("course_id").annotate(n=Count("id")).values_list("course_id", "n"))
    sessions = dict(
        access.sessions(viewer).values("course_id").annotate(n=Count("id")).values_list("course_id", "n")
    )
    courses = list(access.courses(viewer).order_by("-active", "partnership_id", "position", "title"))
    for course in courses:
        course.completion_count = completions.get(course.pk, 0)  # type: ignore[attr-defined]
        course.session_count = sessions.get(course.pk, 0)  # type: ignore[attr-defined]
    return render(
        request,
        "training/course_list.html",
        {"courses": courses, "can_edit": access.can_edit(viewer)},
    )


class PeriodForm(forms.Form):
    is_filter = True
    since = DateField(label="From", hint_example="1 4 2016", required=False, earliest=EARLIEST_SESSION)
    until = DateField(label="To", hint_example="31 3 2017", required=False, earliest=EARLIEST_SESSION)


@partnership_view(*TRAINING_READERS)
def course_detail(request: HttpRequest, viewer: Viewer, uuid: UUID) -> HttpResponse:
    course = access.get_course(viewer, uuid)
    period = PeriodForm(request.GET or None)
    sessions = access.sessions(viewer).filter(course=course).select_related("host")
    completions = counted_completions(viewer).filter(course=course)
    since: dt.date | None = None
    until: dt.date | None = None
    if period.is_valid():
        since, until = period.cleaned_data["since"], period.cleaned_data["until"]
    if since:
        sessions = sessions.filter(starts_at__date__gte=since)
        completions = completions.filter(completed_on__gte=since)
    if until:
        sessions = sessions.filter(starts_at__date__lte=until)
        completions = completions.filter(completed_on__lte=until)
    listed = list(schedule.with_counts(sessions).order_by("-starts_at", "id")[:SESSIONS_SHOWN])
    return render(
        request,
        "training/course_detail.html",
        {
            "course": course,
            "period": period,
            "filtered": bool(since or until),
            "sessions": listed,
            "session_total": sessions.count(),
            "completion_total": completions.count(),
            "people_total": completions.values("person_id").distinct().count(),
            "headcount_total": sum(s.headcount or 0 for s in sessions.filter(headcount_only=True)),
            "confidence": confidence.summarise(sessions),
            "can_edit": access.can_edit(viewer) and course.partnership_id == viewer.partnership.pk,
            "can_schedule": access.can_edit(viewer) and course.active,
        },
    )


@partnership_view(*TRAINING_EDITORS)
def course_create(request: HttpRequest, viewer: Viewer) -> HttpResponse:
    def save(data: dict[str, Any]) -> Done:
        course = actions.create_course(viewer=viewer, **data)
        return Done(course.get_absolute_url(), f"{course.title} added")

    return form_page(
        request,
        CourseForm(posted(request)),
        save=save,
        template="training/course_form.html",
        context={"course": None},
    )


def _own(viewer: Viewer, uuid: UUID) -> Course:
    """A course of the viewer's partnership: the national ones are not edited here."""
    return get_object_or_404(access.courses(viewer).filter(partnership=viewer.partnership), uuid=uuid)


@partnership_view(*TRAINING_EDITORS)
def course_edit(request: HttpRequest, viewer: Viewer, uuid: UUID) -> HttpResponse:
    course = _own(viewer, uuid)

    def save(data: dict[str, Any]) -> Done:
        actions.update_course(viewer=viewer, course=course, **data)
        return Done(course.get_absolute_url(), "Course details saved")

    initial = {name: getattr(course, name) for name in actions.COURSE_FIELDS}
    return form_page(
        request,
        CourseForm(posted(request), initial=initial),
        save=save,
        template="training/course_form.html",
        context={"course": course},
    )


@partnership_view(*TRAINING_EDITORS)
def course_active(request: HttpRequest, viewer: Viewer, uuid: UUID) -> HttpResponse:
    course = _own(viewer, uuid)

    def press() -> Done:
        active = not course.active
        actions.set_course_active(viewer=viewer, course=course, active=active)
        state = "active again" if active else "deactivated: no new session can be scheduled"
        return Done(course.get_absolute_url(), f"{course.title} is {state}")

    return button(request, press=press, back=course.get_absolute_url())

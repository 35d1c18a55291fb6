"""Courses: the national ones for every partnership, the partnership's own added, edited and
deactivated by the coordinator; every other role and partnership as the access rules say."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from accounts.access import Viewer
from accounts.models import Partnership, Role, User
from audit.models import AuditEvent
from conftest import add_person
from govuk.testing import page
from lib.errors import Refused
from partners.tests.builders import organisation
from training.actions import courses as actions
from training.models import Course
from training.tests.builders import attend, national, people, session

pytestmark = pytest.mark.django_db


def _form(**overrides: str) -> dict[str, str]:
    return {
        "title": "Prevent for governors",
        "kind": "face_to_face",
        "provider": "Local Prevent team",
        "description": "An evening session for school governors.",
        "validity_months": "24",
        "submission": "course-token-1",
        **overrides,
    }


def test_the_coordinator_adds_a_course_once_however_often_the_form_is_sent(
    coordinator: User, sign_in: Callable[..., Client]
) -> None:
    client = sign_in(coordinator)
    first = client.post(reverse("training:course_create"), _form())
    again = client.post(reverse("training:course_create"), _form())
    assert first.status_code == again.status_code == 302
    assert Course.objects.filter(title="Prevent for governors").count() == 1
    assert AuditEvent.objects.filter(verb="training.course.created").count() == 1
    listed = page(client.get(reverse("training:course_list")).content).tables()[0]
    [row] = [r for r in listed.rows if r["Course"] == "Prevent for governors"]
    assert row == {
        "Course": "Prevent for governors",
        "Kind": "Face-to-face workshop",
        "Provided by": "Local Prevent team",
        "Valid for": "24 months",
        "Offered by": "This partnership",
        "Sessions": "0",
        "Completions": "0",
    }
    # The seeded national courses are listed beside it.
    assert {"Workshop to Raise Awareness of Prevent (WRAP)", "Prevent briefing"} <= {
        r["Course"] for r in listed.rows
    }


@pytest.mark.parametrize(
    ("overrides", "error"),
    [
        ({"title": ""}, "Enter the course's title"),
        ({"title": "x" * 5000}, "Title must be 200 characters or fewer"),
        ({"validity_months": "0"}, "The number of months must be 1 or more"),
        ({"validity_months": "9" * 40}, "The number of months must be 240 or fewer"),
        ({"validity_months": "two years"}, "Enter the number of months as a whole number, like 24"),
        ({"kind": "<script>"}, "Select the kind of course"),
        ({"title": "Prevent briefing"}, "A course with this title is already listed"),
    ],
)
def test_bad_input_is_refused_and_writes_nothing(
    coordinator: User, sign_in: Callable[..., Client], overrides: dict[str, str], error: str
) -> None:
    before = Course.objects.count()
    response = sign_in(coordinator).post(reverse("training:course_create"), _form(**overrides))
    assert response.status_code == 200
    assert error in page(response.content).text
    assert Course.objects.count() == before
    assert not AuditEvent.objects.filter(verb="training.course.created").exists()


def test_a_pasted_word_paragraph_is_kept_as_text(coordinator: User, sign_in: Callable[..., Client]) -> None:
    pasted = "Governors\u2019 session \u2013 \u201cPrevent\u201d\x0b\x0cduty\u00a0overview"
    client = sign_in(coordinator)
    assert client.post(reverse("training:course_create"), _form(description=pasted)).status_code == 302
    assert "\x0b" not in Course.objects.get(title="Prevent for governors").description


def test_edit_and_deactivate_a_partnership_course(
    coordinator: User, coordinator_viewer: Viewer, sign_in: Callable[..., Client]
) -> None:
    course = actions.create_course(viewer=coordinator_viewer, title="Hall hire briefing", kind="briefing")
    client = sign_in(coordinator)
    response = client.post(
        reverse("training:course_edit", args=[course.uuid]),
        _form(title="Hall hire procedures briefing", kind="briefing", validity_months=""),
    )
    assert response.status_code == 302
    course.refresh_from_db()
    assert (course.title, course.validity_months) == ("Hall hire procedures briefing", None)
    assert client.post(reverse("training:course_active", args=[course.uuid])).status_code == 302
    course.refresh_from_db()
    assert not course.active
    # No session of an inactive course can be scheduled, and the form does not offer it.
    form = page(client.get(reverse("training:session_create")).content)
    offered = [option.text for option in form.by_id("id_course").iter("option")]
    assert "Hall hire procedures briefing" not in offered
    assert "Prevent briefing" in offered
    with pytest.raises(Refused):
        session(coordinator_viewer, course)
    # A session scheduled before keeps the course when edited.
    course.active = True
    course.save()
    earlier = session(coordinator_viewer, course)
    client.post(reverse("training:course_active", args=[course.uuid]))
    edit = reverse("training:session_edit", args=[earlier.uuid])
    offered = [o.text for o in page(client.get(edit).content).by_id("id_course").iter("option")]
    assert "Hall hire procedures briefing" in offered
    day = timezone.localtime(earlier.starts_at)
    response = client.post(
        edit,
        {
            "course": str(course.uuid),
            "starts_on_day": str(day.day),
            "starts_on_month": str(day.month),
            "starts_on_year": str(day.year),
            "time": "11:00",
        },
    )
    assert response.status_code == 302
    assert AuditEvent.objects.filter(verb="training.course.deactivated").count() == 2


def test_the_national_courses_are_not_edited_here(coordinator: User, sign_in: Callable[..., Client]) -> None:
    client = sign_in(coordinator)
    wrap = national("wrap")
    assert client.get(reverse("training:course_edit", args=[wrap.uuid])).status_code == 404
    assert client.post(reverse("training:course_active", args=[wrap.uuid])).status_code == 404
    shown = page(client.get(wrap.get_absolute_url()).content)
    assert "Edit details" not in shown.text
    assert "Schedule a session" in shown.text


def test_other_roles_and_partnerships(
    coordinator_viewer: Viewer,
    partnership: Partnership,
    other_partnership: Partnership,
    person: Callable[..., User],
    sign_in: Callable[..., Client],
) -> None:
    course = actions.create_course(viewer=coordinator_viewer, title="Prevent for governors", kind="briefing")
    outsider = sign_in(add_coordinator_elsewhere(other_partnership))
    for name in ("training:course_detail", "training:course_edit"):
        assert outsider.get(reverse(name, args=[course.uuid])).status_code == 404
    assert outsider.post(reverse("training:course_active", args=[course.uuid])).status_code == 404
    # The other partnership's list has the national courses but not this one.
    assert "Prevent for governors" not in page(outsider.get(reverse("training:course_list")).content).text
    for role in (Role.STEERING, Role.PARTNER_LEAD):
        reader = sign_in(person(partnership, role))
        assert reader.get(course.get_absolute_url()).status_code == 200
        assert reader.get(reverse("training:course_edit", args=[course.uuid])).status_code == 404
        assert reader.get(reverse("training:course_create")).status_code == 404
    for role in (Role.ACTION_OWNER, Role.REFERRER, Role.POLICE):
        assert sign_in(person(partnership, role)).get(reverse("training:course_list")).status_code == 404


def add_coordinator_elsewhere(partnership: Partnership) -> User:
    return add_person(partnership, Role.COORDINATOR, email="coordinator@wm.example.gov.uk")


def test_the_course_page_counts_completions_and_sessions_over_a_period(
    coordinator: User, coordinator_viewer: Viewer, sign_in: Callable[..., Client], steering: User
) -> None:
    school = organisation(coordinator_viewer, "Marylebone School", "school-maintained")
    held = session(coordinator_viewer, "wrap", host=school)
    ada, ben, _ = people(coordinator_viewer, held, school, "Ada One", "Ben Two", "Cy Three")
    attend(coordinator_viewer, held, ada, ben)
    url = national("wrap").get_absolute_url()
    for reader in (coordinator, steering):
        shown = page(sign_in(reader).get(url).content)
        assert shown.by_id("course-figures").text == "2 completions by 2 people."
        [row] = shown.tables()[0].rows
        assert row["Attended"] == "2" and row["Status"] == "Held"
    # A period before the session holds none of it.
    early = {"since_day": "1", "since_month": "1", "since_year": "2011", "until_day": "1"}
    early |= {"until_month": "1", "until_year": "2012"}
    shown = page(sign_in(coordinator).get(url, early).content)
    assert shown.by_id("course-figures").text == "0 completions by 0 people."
    # The steering group reads the figures, never a name.
    assert "Ada One" not in page(sign_in(steering).get(held.get_absolute_url()).content).text

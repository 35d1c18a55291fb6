"""Sessions: scheduling with the trainer's accreditation checked, booking within capacity,
attendance that records completions once, head-counts, confidence shown in aggregate only,
and who sees and records what (the host's partner lead, the steering group's figures)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from accounts.access import Viewer
from accounts.models import Partnership, Role, User
from audit.models import AuditEvent
from conftest import add_person, viewer
from govuk.testing import Table, page
from lib.errors import Refused
from partners.models import Contact
from partners.tests.builders import organisation
from training.actions import sessions as actions
from training.models import (
    Completion,
    CompletionSource,
    ConfidenceQuestion,
    Moment,
    PlaceStatus,
    Session,
    SessionPlace,
    SessionStatus,
)
from training.tests.builders import (
    TrainingRecords,
    attend,
    days_ago,
    national,
    partner_lead,
    people,
    session,
    training_for_walks,
)

pytestmark = pytest.mark.django_db


def _when(day: dt.date, time: str = "09:30") -> dict[str, str]:
    return {
        "starts_on_day": str(day.day),
        "starts_on_month": str(day.month),
        "starts_on_year": str(day.year),
        "time": time,
    }


def _schedule_form(**overrides: str) -> dict[str, str]:
    return {
        "course": str(national("wrap").uuid),
        **_when(timezone.localdate() + dt.timedelta(days=10)),
        "venue": "Council House, Marylebone Road",
        "trainer": "Sam Trainer",
        "trainer_accreditation": "Home Office accredited WRAP facilitator",
        "capacity": "20",
        "submission": "session-token-1",
        **overrides,
    }


def test_scheduling_warns_when_the_accreditation_lapses_before_the_session(
    coordinator: User, sign_in: Callable[..., Client]
) -> None:
    client = sign_in(coordinator)
    expires = timezone.localdate() + dt.timedelta(days=5)
    form = _schedule_form(
        trainer_accreditation_expires_day=str(expires.day),
        trainer_accreditation_expires_month=str(expires.month),
        trainer_accreditation_expires_year=str(expires.year),
    )
    response = client.post(reverse("training:session_create"), form, follow=True)
    assert response.status_code == 200
    shown = page(response.content)
    warning = shown.by_id("accreditation-warning").text
    assert f"expires on {expires:%-d %B %Y}, before the session" in warning
    assert "Check the trainer" in shown.text  # the message on arrival
    # The form sent again saves nothing more.
    client.post(reverse("training:session_create"), form)
    assert Session.objects.count() == 1
    # The edit form shows the warning too.
    edit = client.get(reverse("training:session_edit", args=[Session.objects.get().uuid]))
    assert "before the session" in page(edit.content).by_id("accreditation-warning").text


def test_an_expired_accreditation_is_warned_of_and_a_valid_one_is_not(coordinator_viewer: Viewer) -> None:
    from training.schedule import session_warning

    lapsed = session(
        coordinator_viewer,
        trainer_accreditation="WRAP facilitator",
        trainer_accreditation_expires=timezone.localdate() - dt.timedelta(days=1),
    )
    valid = session(
        coordinator_viewer,
        trainer_accreditation="WRAP facilitator",
        trainer_accreditation_expires=timezone.localdate() + dt.timedelta(days=400),
    )
    assert "expired on" in session_warning(lapsed)
    assert session_warning(valid) == ""


@pytest.mark.parametrize(
    ("overrides", "error"),
    [
        ({"course": "00000000-0000-0000-0000-000000000000"}, "Select a course from the list"),
        ({"time": "25:99"}, "Enter the time in 24-hour form, like 10:00"),
        ({"starts_on_month": "13"}, "Date must be a real date"),
        ({"starts_on_year": "2400"}, "Date must be between"),
        ({"capacity": "-3"}, "The number of places must be 1 or more"),
        ({"capacity": "1" * 50}, "The number of places must be 100,000 or fewer"),
        ({"venue": "v" * 10_000}, "Venue must be 300 characters or fewer"),
        ({"host": "not-a-uuid"}, "Select an organisation from the list"),
    ],
)
def test_bad_schedules_are_refused_and_write_nothing(
    coordinator: User, sign_in: Callable[..., Client], overrides: dict[str, str], error: str
) -> None:
    response = sign_in(coordinator).post(reverse("training:session_create"), _schedule_form(**overrides))
    assert response.status_code == 200
    assert error in page(response.content).text
    assert not Session.objects.exists()


def test_booking_respects_capacity_and_attendance_records_one_completion(
    coordinator: User, coordinator_viewer: Viewer, sign_in: Callable[..., Client]
) -> None:
    school = organisation(coordinator_viewer, "Marylebone School", "school-maintained")
    held = session(coordinator_viewer, "wrap", host=school, capacity=2)
    [ada] = people(coordinator_viewer, held, school, "Ada One")
    ben, cy = (
        Contact.objects.create(
            partnership=school.partnership, organisation=school, name=name, email=f"{name[:3]}@example.org"
        )
        for name in ("Ben Two", "Cy Three")
    )
    client = sign_in(coordinator)
    book = reverse("training:session_book", args=[held.uuid])
    # Search finds those not yet booked.
    found = page(client.get(book, {"q": "Marylebone"}).content)
    assert [label.text for label in found.iter("label") if "Marylebone School" in label.text] == [
        "Ben Two, Marylebone School (Ben@example.org)",
        "Cy Three, Marylebone School (Cy @example.org)",
    ]
    response = client.post(f"{book}?q=Marylebone", {"people": [str(ben.uuid), str(cy.uuid)]})
    assert "The session has 1 place left: 2 cannot be booked." in page(response.content).text
    assert held.places.count() == 1
    response = client.post(f"{book}?q=Ben", {"people": [str(ben.uuid)], "submission": "book-1"})
    assert response.status_code == 302
    client.post(f"{book}?q=Ben", {"people": [str(ben.uuid)], "submission": "book-1"})  # sent twice
    assert held.places.count() == 2
    # Attendance: Ada attended, Ben did not; recording it twice changes nothing.
    [ada_place, ben_place] = sorted(held.places.all(), key=lambda p: p.person.name)
    marks = {f"place_{ada_place.uuid.hex}": "attended", f"place_{ben_place.uuid.hex}": "absent"}
    url = reverse("training:session_attendance", args=[held.uuid])
    assert client.post(url, marks).status_code == 302
    assert client.post(url, marks).status_code == 302
    completion = Completion.objects.get(person=ada)
    assert (completion.course, completion.completed_on, completion.source, completion.session) == (
        national("wrap"),
        timezone.localdate(held.starts_at),
        CompletionSource.SESSION,
        held,
    )
    held.refresh_from_db()
    assert held.status == SessionStatus.HELD
    rows = page(client.get(held.get_absolute_url()).content).tables()[0].rows
    assert [(r["Name"], r["Attendance"], r["Certificate"]) for r in rows] == [
        ("Ada One", "Attended", "Certificate of Ada One (PDF)"),
        ("Ben Two", "Did not attend", ""),
    ]
    # Un-marking removes this session's completion.
    marks[f"place_{ada_place.uuid.hex}"] = "absent"
    client.post(url, marks)
    assert not Completion.objects.filter(person=ada).exists()
    assert AuditEvent.objects.filter(verb="training.session.attendance_recorded").count() == 2


def test_attending_on_a_day_already_recorded_keeps_the_one_completion(coordinator_viewer: Viewer) -> None:
    school = organisation(coordinator_viewer, "Marylebone School", "school-maintained")
    held = session(coordinator_viewer, "wrap", host=school)
    [ada] = people(coordinator_viewer, held, school, "Ada One")
    Completion.objects.create(
        partnership=school.partnership,
        person=ada,
        course=held.course,
        completed_on=timezone.localdate(held.starts_at),
        source=CompletionSource.IMPORT,
    )
    attend(coordinator_viewer, held, ada)
    assert Completion.objects.filter(person=ada).count() == 1
    # Un-marking leaves the imported completion, which is not this session's.
    place = held.places.get()
    actions.record_attendance(viewer=coordinator_viewer, session=held, marks={place: PlaceStatus.ABSENT})
    assert Completion.objects.filter(person=ada, source=CompletionSource.IMPORT).count() == 1


def test_attendance_waits_for_the_session_and_a_cancelled_session_takes_no_one(
    coordinator_viewer: Viewer,
) -> None:
    school = organisation(coordinator_viewer, "Marylebone School", "school-maintained")
    later = session(coordinator_viewer, "wrap", starts_at=timezone.now() + dt.timedelta(days=3))
    [ada] = people(coordinator_viewer, later, school, "Ada One")
    with pytest.raises(Refused, match="record it once it has begun"):
        attend(coordinator_viewer, later, ada)
    with pytest.raises(Refused, match="record it once it has begun"):
        actions.mark_held(viewer=coordinator_viewer, session=later)
    actions.cancel_session(viewer=coordinator_viewer, session=later)
    with pytest.raises(Refused, match="cancelled"):
        people(coordinator_viewer, later, school, "Ben Two")
    with pytest.raises(Refused):
        actions.cancel_session(viewer=coordinator_viewer, session=later)


def test_a_new_person_is_added_once_and_an_email_already_recorded_is_refused(
    coordinator: User, coordinator_viewer: Viewer, sign_in: Callable[..., Client]
) -> None:
    school = organisation(coordinator_viewer, "Marylebone School", "school-maintained")
    held = session(coordinator_viewer, "wrap")
    client = sign_in(coordinator)
    url = reverse("training:session_person_add", args=[held.uuid])
    form = {"name": "Dee Four", "email": "dee@example.org", "organisation": str(school.uuid)}
    assert client.post(url, {**form, "submission": "new-1"}).status_code == 302
    assert client.post(url, {**form, "submission": "new-1"}).status_code == 302
    assert Contact.objects.filter(name="Dee Four").count() == 1
    response = client.post(url, {**form, "email": "DEE@example.org"})
    assert "Someone with the work email dee@example.org is already recorded" in page(response.content).text
    assert Contact.objects.count() == 1
    for bad, error in (
        ({"email": "not an email"}, "Enter an email address in the correct format"),
        ({"name": "\x00\x01"}, "Enter the person's name"),
        ({"organisation": "00000000-0000-0000-0000-000000000000"}, "Select an organisation from the list"),
    ):
        response = client.post(url, {**form, **bad})
        assert response.status_code == 200 and error in page(response.content).text


def test_capacity_cannot_fall_below_the_people_booked(coordinator_viewer: Viewer) -> None:
    school = organisation(coordinator_viewer, "Marylebone School", "school-maintained")
    held = session(coordinator_viewer, "wrap", capacity=5)
    people(coordinator_viewer, held, school, "Ada One", "Ben Two")
    with pytest.raises(Refused, match="2 people are booked"):
        actions.update_session(viewer=coordinator_viewer, session=held, capacity=1)
    with pytest.raises(Refused, match="cannot count heads only"):
        actions.update_session(viewer=coordinator_viewer, session=held, headcount_only=True)


def test_a_briefing_counts_heads_and_books_no_one(
    coordinator: User, coordinator_viewer: Viewer, sign_in: Callable[..., Client]
) -> None:
    briefing = session(coordinator_viewer, "briefing", headcount_only=True, capacity=300)
    client = sign_in(coordinator)
    assert client.get(reverse("training:session_book", args=[briefing.uuid])).status_code == 404
    assert client.get(reverse("training:session_attendance", args=[briefing.uuid])).status_code == 404
    url = reverse("training:session_headcount", args=[briefing.uuid])
    response = client.post(url, {"headcount": "301"})
    assert "The session had 300 places" in page(response.content).text
    assert client.post(url, {"headcount": "240"}).status_code == 302
    briefing.refresh_from_db()
    assert (briefing.headcount, briefing.status) == (240, SessionStatus.HELD)
    shown = page(client.get(briefing.get_absolute_url()).content)
    assert shown.by_id("attended-count").text == "240 (head-count)"


def _tallies(question: ConfidenceQuestion, counts: list[int]) -> dict[tuple[ConfidenceQuestion, int], int]:
    return {(question, score): count for score, count in zip(range(1, 6), counts, strict=True)}


def test_confidence_is_shown_in_aggregate_and_never_below_five_answers(
    coordinator: User, coordinator_viewer: Viewer, steering: User, sign_in: Callable[..., Client]
) -> None:
    held = session(coordinator_viewer, "wrap")
    first, second, *_ = ConfidenceQuestion.objects.filter(partnership=None).order_by("position")
    actions.record_confidence(
        viewer=coordinator_viewer, session=held, moment=Moment.BEFORE, counts=_tallies(first, [2, 3, 1, 0, 0])
    )
    # One form holds every question's counts at one moment.
    actions.record_confidence(
        viewer=coordinator_viewer,
        session=held,
        moment=Moment.AFTER,
        counts=_tallies(first, [0, 0, 1, 3, 2]) | _tallies(second, [0, 0, 1, 2, 1]),
    )
    for reader in (coordinator, steering):
        for url in (held.get_absolute_url(), national("wrap").get_absolute_url()):
            table = page(sign_in(reader).get(url).content).by_id("confidence")
            rows = {row["Question"]: row for row in Table.read(table).rows}
            assert rows[first.text] == {
                "Question": first.text,
                "Before": "1.8 (from 6)",
                "After": "4.2 (from 6)",
                "Scores before": "1: 2, 2: 3, 3: 1, 4: 0, 5: 0",
                "Scores after": "1: 0, 2: 0, 3: 1, 4: 3, 5: 2",
            }
            assert rows[second.text]["After"] == "fewer than 5 responses"
            assert rows[second.text]["Scores after"] == "fewer than 5 responses"
            assert rows[second.text]["Before"] == "fewer than 5 responses"


def test_confidence_form_replaces_the_counts_and_refuses_bad_ones(
    coordinator: User, coordinator_viewer: Viewer, sign_in: Callable[..., Client]
) -> None:
    held = session(coordinator_viewer, "wrap")
    question = ConfidenceQuestion.objects.filter(partnership=None).order_by("position").first()
    assert question is not None
    client = sign_in(coordinator)
    url = reverse("training:session_confidence", args=[held.uuid, "before"])
    response = client.post(url, {f"q{question.pk}_1": "-4"})
    assert "Each count must be 0 or more" in page(response.content).text
    assert client.post(url, {f"q{question.pk}_3": "7"}).status_code == 302
    assert client.post(url, {f"q{question.pk}_4": "5"}).status_code == 302
    assert list(held.confidence.values_list("score", "count")) == [(4, 5)]
    assert client.get(reverse("training:session_confidence", args=[held.uuid, "during"])).status_code == 404


def test_a_partner_lead_records_attendance_only_at_sessions_their_organisation_hosts(
    coordinator_viewer: Viewer, partnership: Partnership, sign_in: Callable[..., Client]
) -> None:
    school = organisation(coordinator_viewer, "Marylebone School", "school-maintained")
    college = organisation(coordinator_viewer, "Westminster College", "further-education")
    hosted = session(coordinator_viewer, "wrap", host=school)
    elsewhere = session(coordinator_viewer, "wrap", host=college)
    [ada] = people(coordinator_viewer, hosted, school, "Ada One")
    [cy] = people(coordinator_viewer, hosted, college, "Cy College")
    lead_user = partner_lead(partnership, school, email="lead@marylebone.example.org")
    lead = viewer(lead_user, partnership)
    client = sign_in(lead_user)
    listed = page(client.get(reverse("training:session_list")).content).tables()[0].rows
    assert [row["Host"] for row in listed] == ["Marylebone School"]
    for name in ("session_detail", "session_book", "session_attendance", "session_person_add"):
        assert client.get(reverse(f"training:{name}", args=[elsewhere.uuid])).status_code == 404
    for name in ("session_edit", "session_cancel", "session_held"):
        assert client.get(reverse(f"training:{name}", args=[hosted.uuid])).status_code == 404
    shown = page(client.get(hosted.get_absolute_url()).content)
    # The college's person is counted, not named.
    assert [row["Name"] for row in shown.tables()[0].rows] == ["Ada One"]
    assert "Cy College" not in shown.text
    assert "1 person from other organisations is booked" in shown.by_id("others-booked").text
    form = page(client.get(reverse("training:session_attendance", args=[hosted.uuid])).content)
    assert "Cy College" not in form.text
    place = hosted.places.get(person=ada)
    response = client.post(
        reverse("training:session_attendance", args=[hosted.uuid]), {f"place_{place.uuid.hex}": "attended"}
    )
    assert response.status_code == 302
    assert Completion.objects.filter(person=ada).exists()
    # The lead cannot book someone from another organisation, nor mark them.
    with pytest.raises(Refused):
        actions.book(viewer=lead, session=hosted, people=[cy])
    with pytest.raises(Refused):
        actions.record_attendance(
            viewer=lead, session=elsewhere, marks={hosted.places.get(person=cy): PlaceStatus.ATTENDED}
        )
    with pytest.raises(Refused, match="organisation"):
        actions.add_people(
            viewer=lead,
            session=hosted,
            people=[actions.NewPerson(name="Eve", email="eve@example.org", organisation=college)],
        )
    # Adding a new person at the lead's own organisation books them.
    url = reverse("training:session_person_add", args=[hosted.uuid])
    organisations = [
        o.attrs.get("value") for o in page(client.get(url).content).by_id("id_organisation").iter("option")
    ]
    assert str(college.uuid) not in organisations
    response = client.post(
        url, {"name": "Fay Five", "email": "fay@example.org", "organisation": str(school.uuid)}
    )
    assert response.status_code == 302
    assert SessionPlace.objects.filter(session=hosted, person__name="Fay Five").exists()


def test_the_steering_group_reads_counts_never_names(
    coordinator_viewer: Viewer, steering: User, sign_in: Callable[..., Client]
) -> None:
    school = organisation(coordinator_viewer, "Marylebone School", "school-maintained")
    held = session(coordinator_viewer, "wrap", host=school)
    ada, _ = people(coordinator_viewer, held, school, "Ada One", "Ben Two")
    attend(coordinator_viewer, held, ada)
    client = sign_in(steering)
    [row] = page(client.get(reverse("training:session_list")).content).tables()[0].rows
    assert (row["Booked"], row["Attended"]) == ("2", "1")
    shown = page(client.get(held.get_absolute_url()).content)
    assert shown.by_id("booked-count").text == "2 booked, 1 attended."
    assert "Ada One" not in shown.text and "Ben Two" not in shown.text
    assert not shown.iter("table") or all("Name" not in t.headers for t in shown.tables())
    for name in ("session_book", "session_attendance", "session_edit"):
        assert client.get(reverse(f"training:{name}", args=[held.uuid])).status_code == 404


def test_another_partnership_sees_none_of_it(
    coordinator_viewer: Viewer, other_partnership: Partnership, sign_in: Callable[..., Client]
) -> None:
    school = organisation(coordinator_viewer, "Marylebone School", "school-maintained")
    held = session(coordinator_viewer, "wrap", host=school)
    people(coordinator_viewer, held, school, "Ada One")
    outsider = sign_in(add_person(other_partnership, *Role, email="all@wm.example.gov.uk"))
    assert "Marylebone" not in page(outsider.get(reverse("training:session_list")).content).text
    for name in (
        "session_detail",
        "session_edit",
        "session_book",
        "session_attendance",
        "session_person_add",
        "session_cancel",
        "session_held",
    ):
        assert outsider.get(reverse(f"training:{name}", args=[held.uuid])).status_code == 404
        assert outsider.post(reverse(f"training:{name}", args=[held.uuid]), {}).status_code == 404


def test_the_coordinator_home_panel_counts_the_next_30_days(
    coordinator: User, coordinator_viewer: Viewer, sign_in: Callable[..., Client]
) -> None:
    client = sign_in(coordinator)
    # Nothing coming up: no panel.
    assert "Training sessions" not in [h.text for h in page(client.get(reverse("home")).content).iter("h2")]
    soon = session(
        coordinator_viewer,
        "wrap",
        starts_at=timezone.now() + dt.timedelta(days=3),
        trainer="Sam Trainer",
        trainer_accreditation="WRAP facilitator",
        trainer_accreditation_expires=timezone.localdate() + dt.timedelta(days=1),
    )
    session(coordinator_viewer, "wrap", starts_at=timezone.now() + dt.timedelta(days=45))
    session(coordinator_viewer, "wrap", starts_at=days_ago(3))
    home = page(client.get(reverse("home")).content)
    links = dict(home.links())
    assert "1 session in the next 30 days" in links
    rows = page(client.get(links["1 session in the next 30 days"]).content).tables()[0].rows
    assert [row["Date"] for row in rows] == [
        f"{timezone.localtime(soon.starts_at):%-d %b %Y, %H:%M}, {soon.course.title}"
    ]
    assert "Trainer's accreditation lapsed by the session" in home.text


def _routes(records: TrainingRecords) -> dict[str, tuple[str, bool]]:
    """Each training route that names a record: its address, and whether the host school's
    partner lead may open it."""
    session, briefing = records.session.uuid, records.briefing.uuid
    return {
        "session_detail": (reverse("training:session_detail", args=[session]), True),
        "session_book": (reverse("training:session_book", args=[session]), True),
        "session_person_add": (reverse("training:session_person_add", args=[session]), True),
        "session_attendance": (reverse("training:session_attendance", args=[session]), True),
        "session_confidence": (reverse("training:session_confidence", args=[session, "after"]), True),
        "person_detail": (reverse("training:person_detail", args=[records.person.uuid]), True),
        "certificate": (reverse("training:certificate", args=[records.completion.uuid]), True),
        "session_edit": (reverse("training:session_edit", args=[session]), False),
        "session_cancel": (reverse("training:session_cancel", args=[briefing]), False),
        "session_held": (reverse("training:session_held", args=[briefing]), False),
        "session_headcount": (reverse("training:session_headcount", args=[briefing]), False),
        "briefing_detail": (reverse("training:session_detail", args=[briefing]), False),
        "course_edit": (reverse("training:course_edit", args=[records.course.uuid]), False),
        "course_active": (reverse("training:course_active", args=[records.course.uuid]), False),
    }


def test_every_route_answers_404_to_the_partner_lead_of_another_organisation(
    coordinator_viewer: Viewer, partnership: Partnership, sign_in: Callable[..., Client]
) -> None:
    records = training_for_walks(coordinator_viewer)
    college = organisation(coordinator_viewer, "Westminster College", "further-education")
    host_lead = sign_in(partner_lead(partnership, records.organisation, email="lead@school.example.org"))
    other_lead = sign_in(partner_lead(partnership, college, email="lead@college.example.org"))
    for name, (url, host_may) in _routes(records).items():
        assert other_lead.get(url).status_code == 404, name
        assert other_lead.post(url, {}).status_code == 404, name
        assert (host_lead.get(url).status_code == 200) == host_may, name


def test_a_booking_is_removed_by_its_recorder_unless_the_person_attended(
    coordinator_viewer: Viewer, partnership: Partnership, sign_in: Callable[..., Client]
) -> None:
    school = organisation(coordinator_viewer, "Marylebone School", "school-maintained")
    college = organisation(coordinator_viewer, "Westminster College", "further-education")
    held = session(coordinator_viewer, "wrap", host=school)
    ada, ben = people(coordinator_viewer, held, school, "Ada One", "Ben Two")
    [cy] = people(coordinator_viewer, held, college, "Cy College")
    attend(coordinator_viewer, held, ada)
    lead_user = partner_lead(partnership, school, email="lead@marylebone.example.org")
    client = sign_in(lead_user)
    shown = page(client.get(held.get_absolute_url()).content).tables()[0].rows
    # Someone who attended keeps their place; the others' can be removed.
    assert [(row["Name"], row["Booking"]) for row in shown] == [
        ("Ada One", ""),
        ("Ben Two", "Remove the booking of Ben Two"),
    ]
    place = {p.person_id: p for p in held.places.all()}

    def remove(person: Contact) -> str:
        return reverse("training:session_unbook", args=[held.uuid, place[person.pk].uuid])

    # The lead does not see the college's person, so cannot remove their booking.
    assert client.post(remove(cy)).status_code == 404
    response = client.post(remove(ada), follow=True)
    assert "record them as not attending first" in page(response.content).text
    assert client.post(remove(ben)).status_code == 302
    assert client.post(remove(ben)).status_code == 404  # pressed twice: already gone
    assert sorted(held.places.values_list("person__name", flat=True)) == ["Ada One", "Cy College"]
    assert Completion.objects.filter(person=ada, session=held).exists()
    event = AuditEvent.objects.get(verb="training.session.unbooked")
    assert event.changes == {"booked": {"from": ["Ben Two"], "to": None}}
    # Another partnership's coordinator gets 404.
    other = Partnership.objects.create(name="Elsewhere", slug="elsewhere", code="EW")
    stranger = add_person(other, Role.COORDINATOR, email="coordinator@elsewhere.example.org")
    assert sign_in(stranger).post(remove(cy)).status_code == 404

"""Venue checks: the workflow through the pages, who may see them, the names sealed at
rest and out of the audit log, earlier checks found by name, retention with review for
deletion, and the measures."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import Any

import pytest
from django.db import connection
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from accounts.access import Viewer
from accounts.models import Partnership, Role, User
from audit.log import verify_chain
from audit.models import AuditEvent
from conftest import add_person, viewer
from govuk.testing import Table, page
from lib.dates import add_months
from lib.errors import Refused
from venues import actions, measures
from venues.models import CheckState, Decision, Finding, NameKey, Outcome, VenueCheck
from venues.tests.builders import check, checked, decided, due_for_review, item, kind, officer, venue

pytestmark = pytest.mark.django_db

SPEAKER = "Zed Placeholder-Speaker"


@pytest.fixture
def venue_officer(partnership: Partnership) -> User:
    return add_person(partnership, Role.VENUE_OFFICER, email="venues@example.gov.uk")


@pytest.fixture
def officer_viewer(venue_officer: User, partnership: Partnership) -> Viewer:
    return viewer(venue_officer, partnership)


def _table(response: object, table_id: str) -> Table:
    shown = page(response.content)  # type: ignore[attr-defined]
    return Table.read(shown.by_id(table_id))


def _date(day: dt.date, prefix: str) -> dict[str, str]:
    return {f"{prefix}_day": str(day.day), f"{prefix}_month": str(day.month), f"{prefix}_year": str(day.year)}


def test_the_venue_officer_records_a_check_from_request_to_close(
    officer_viewer: Viewer, venue_officer: User, sign_in: Callable[..., Client]
) -> None:
    hall = venue(officer_viewer)
    client = sign_in(venue_officer)
    day = timezone.localdate() - dt.timedelta(days=2)
    response = client.post(
        reverse("venues:check_create"),
        {
            "venue": str(hall.uuid),
            "organiser": "Example Debating Club",
            "contact": "Quinn Sample",
            "event_title": "Open debate",
            "event_description": "A debate.",
            **_date(day, "event_date"),
            "audience": "60",
            "speakers": f"{SPEAKER}\n\n  Yan   Example  \n",
        },
    )
    assert response.status_code == 302
    record = VenueCheck.objects.get()
    assert record.speakers == [SPEAKER, "Yan Example"]
    assert record.state == CheckState.REQUESTED
    findings = reverse("venues:check_findings", args=[record.uuid])
    field = f"item_{item('open-source').uuid}"
    assert client.post(findings, {field: "Nothing found."}).status_code == 302
    record.refresh_from_db()
    assert record.state == CheckState.UNDER_CHECK
    decide = reverse("venues:check_decide", args=[record.uuid])
    # Approval with conditions needs the conditions.
    refused = client.post(decide, {"decision": Decision.CONDITIONS, "reasons": "Balanced."})
    assert refused.status_code == 200
    assert "Enter the conditions" in page(refused.content).text
    assert VenueCheck.objects.get().state == CheckState.UNDER_CHECK
    client.post(
        decide,
        {"decision": Decision.CONDITIONS, "conditions": "A council officer present", "reasons": "Balanced."},
    )
    record.refresh_from_db()
    assert (record.state, record.decision, record.decided_by) == (
        CheckState.DECIDED,
        "conditions",
        venue_officer,
    )
    client.post(reverse("venues:check_outcome", args=[record.uuid]), {"outcome": Outcome.AS_PLANNED})
    client.post(reverse("venues:check_close", args=[record.uuid]))
    record.refresh_from_db()
    assert record.state == CheckState.CLOSED
    assert record.review_on == add_months(day, 24)
    shown = page(client.get(record.get_absolute_url()).content)
    assert "A council officer present" in shown.by_id("decision").text
    assert SPEAKER in shown.by_id("request").text
    listed = _table(client.get(reverse("venues:check_list")), "checks")
    assert [(row["Event"], row["Venue"], row["State"], row["Decision"]) for row in listed.rows] == [
        ("Open debate", hall.name, "Closed", "Approved with conditions")
    ]


def test_names_are_sealed_at_rest_and_kept_out_of_the_audit_log(officer_viewer: Viewer) -> None:
    record = check(officer_viewer, venue(officer_viewer), speakers=(SPEAKER,))
    decided(officer_viewer, record)
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT sealed_speakers, sealed_organiser, sealed_contact FROM venues_venuecheck WHERE id = %s",
            [record.pk],
        )
        raw = " ".join(cursor.fetchone())
        cursor.execute("SELECT digest FROM venues_namekey")
        digests = " ".join(row[0] for row in cursor.fetchall())
    for name in (SPEAKER, "Placeholder", "Example Community Forum", "Quinn Sample"):
        assert name.lower() not in raw.lower()
        assert name.lower() not in digests.lower()
    assert VenueCheck.objects.get().speakers == [SPEAKER]
    logged = " ".join(
        f"{event.object_label} {event.changes}"
        for event in AuditEvent.objects.filter(verb__startswith="venues.")
    )
    for name in (SPEAKER, "Example Community Forum", "Quinn Sample"):
        assert name not in logged
    assert "speakers" in logged  # the field is named, not its value


def test_earlier_checks_naming_the_same_organiser_or_speaker_are_listed_with_their_decisions(
    officer_viewer: Viewer, venue_officer: User, sign_in: Callable[..., Client]
) -> None:
    hall = venue(officer_viewer)
    declined = check(officer_viewer, hall, title="First talk", days_from_today=-30, speakers=(SPEAKER,))
    decided(officer_viewer, declined, Decision.DECLINED)
    check(
        officer_viewer, hall, title="Unrelated", organiser="Other Club", contact="Other Person", speakers=()
    )
    # The same speaker, written with other case and spacing, now organising.
    later = check(
        officer_viewer,
        hall,
        title="Second talk",
        organiser="  zed   PLACEHOLDER-speaker ",
        contact="Someone Else",
        speakers=(),
    )
    table = _table(sign_in(venue_officer).get(later.get_absolute_url()), "earlier")
    assert [(row["Event"], row["Named there as"], row["Decision"]) for row in table.rows] == [
        ("First talk", "speaker", "Declined")
    ]
    # No URL carries a name: the page is found by the check's UUID only.
    assert "placeholder" not in later.get_absolute_url().lower()


def test_refused_submissions_write_nothing(
    officer_viewer: Viewer, venue_officer: User, sign_in: Callable[..., Client]
) -> None:
    hall = venue(officer_viewer)
    client = sign_in(venue_officer)
    before = AuditEvent.objects.count()
    pasted = "Pasted from Word:\u2028“quoted” — text\u00a0" * 400
    today = _date(timezone.localdate(), "event_date")
    for posted in (
        {"venue": str(hall.uuid), "event_title": "x", **today},  # no organiser
        {"venue": "00000000-0000-0000-0000-000000000000", "organiser": "A", "event_title": "x"},
        {"venue": str(hall.uuid), "organiser": "A", "event_title": pasted, "event_date_day": "31",
         "event_date_month": "2", "event_date_year": "2027"},
        {"venue": str(hall.uuid), "organiser": "A", "event_title": "x", **today, "audience": "-5"},
        {"venue": str(hall.uuid), "organiser": "A", "event_title": "x", **today,
         "speakers": "\n".join(f"Speaker {n}" for n in range(40))},
        {"venue": str(hall.uuid), "organiser": "A" * 10_000, "event_title": "x"},
    ):  # fmt: skip
        response = client.post(reverse("venues:check_create"), posted)
        assert response.status_code == 200
    assert not VenueCheck.objects.exists()
    assert AuditEvent.objects.count() == before
    with pytest.raises(Refused):
        actions.create_check(
            viewer=officer_viewer,
            venue=hall,
            organiser="A",
            event_title="x",
            event_date=timezone.localdate(),
            speakers=["y" * 300],
        )


def test_a_decision_waits_for_the_checks_and_an_outcome_for_the_event(officer_viewer: Viewer) -> None:
    record = check(officer_viewer, venue(officer_viewer), days_from_today=10)
    with pytest.raises(Refused):
        actions.decide(viewer=officer_viewer, check=record, decision=Decision.APPROVED, reasons="Fine.")
    decided(officer_viewer, record)
    with pytest.raises(Refused, match="after its date"):
        actions.record_outcome(viewer=officer_viewer, check=record, outcome=Outcome.AS_PLANNED)
    with pytest.raises(Refused):
        actions.update_check(
            viewer=officer_viewer, check=record, venue=record.venue, organiser="B", event_title="New",
            event_date=record.event_date,
        )  # fmt: skip


def test_review_for_deletion_removes_the_rows_and_the_chain_still_verifies(
    coordinator: User, coordinator_viewer: Viewer, sign_in: Callable[..., Client]
) -> None:
    record = due_for_review(
        coordinator_viewer, check(coordinator_viewer, venue(coordinator_viewer), days_from_today=-900)
    )
    kept = due_for_review(
        coordinator_viewer, check(coordinator_viewer, record.venue, title="Kept", days_from_today=-900)
    )
    client = sign_in(coordinator)
    table = _table(client.get(reverse("venues:review_list")), "due")
    assert sorted(row["Event"] for row in table.rows) == ["Community iftar talk", "Kept"]
    assert client.post(reverse("venues:review_delete", args=[record.uuid])).status_code == 302
    assert not VenueCheck.objects.filter(pk=record.pk).exists()
    assert not Finding.objects.filter(check_record_id=record.pk).exists()
    assert not NameKey.objects.filter(check_record_id=record.pk).exists()
    event = AuditEvent.objects.get(verb="venues.check.deleted_at_review")
    assert event.object_label == f"Venue check {record.uuid}"
    assert SPEAKER not in str(event.changes) and "Placeholder" not in f"{event.changes} {event.object_label}"
    assert verify_chain().intact
    # Keeping needs a reason; kept, it leaves the list.
    keep = reverse("venues:review_keep", args=[kept.uuid])
    assert client.post(keep, {"months": "12", "reason": ""}).status_code == 200
    assert client.post(keep, {"months": "12", "reason": "An inquiry has asked for it."}).status_code == 302
    kept.refresh_from_db()
    assert kept.review_on is not None and kept.review_on > timezone.localdate()
    assert "No check is due for review" in page(client.get(reverse("venues:review_list")).content).text


def test_only_the_coordinator_reviews_and_the_venue_officer_cannot_delete(
    officer_viewer: Viewer, coordinator_viewer: Viewer
) -> None:
    record = due_for_review(
        coordinator_viewer, check(coordinator_viewer, venue(coordinator_viewer), days_from_today=-900)
    )
    with pytest.raises(Refused):
        actions.delete_at_review(viewer=officer_viewer, check=record)
    assert VenueCheck.objects.filter(pk=record.pk).exists()


def test_other_roles_and_partnerships_get_404(
    officer_viewer: Viewer,
    other_partnership: Partnership,
    partnership: Partnership,
    sign_in: Callable[..., Client],
) -> None:
    record = check(officer_viewer, venue(officer_viewer))
    for role in (Role.STEERING, Role.ACTION_OWNER, Role.PARTNER_LEAD, Role.CHAIR, Role.POLICE):
        client = sign_in(add_person(partnership, role))
        assert client.get(reverse("venues:check_list")).status_code == 404
        assert client.get(record.get_absolute_url()).status_code == 404
    outsider = sign_in(add_person(other_partnership, Role.COORDINATOR, Role.VENUE_OFFICER))
    assert outsider.get(record.get_absolute_url()).status_code == 404
    assert outsider.post(reverse("venues:check_decide", args=[record.uuid]), {}).status_code == 404


def test_a_coordinator_adds_a_kind_of_venue_and_retires_it(
    coordinator: User, coordinator_viewer: Viewer, sign_in: Callable[..., Client]
) -> None:
    client = sign_in(coordinator)
    assert (
        client.post(reverse("venues:entry_add", args=["kinds"]), {"label": "Sports centre"}).status_code
        == 302
    )
    assert (
        client.post(reverse("venues:entry_add", args=["kinds"]), {"label": "sports CENTRE"}).status_code
        == 200
    )
    table = _table(client.get(reverse("venues:settings")), "kinds")
    assert [row["Entry"] for row in table.rows][-1] == "Sports centre"
    assert client.post(reverse("venues:settings"), {"months": "0"}).status_code == 200
    assert client.post(reverse("venues:settings"), {"months": "36"}).status_code == 302
    assert actions.retention_months(coordinator_viewer.partnership.pk) == 36
    assert client.get(reverse("venues:entry_add", args=["nonsense"])).status_code == 404


def test_measures_count_decisions_and_outcomes_by_kind(
    officer_viewer: Viewer, partnership: Partnership
) -> None:
    hall = venue(officer_viewer)
    library = venue(officer_viewer, "Demo Library", "library")
    decided(officer_viewer, check(officer_viewer, hall, days_from_today=-5), Decision.DECLINED)
    approved = decided(officer_viewer, check(officer_viewer, library, days_from_today=-5))
    actions.record_outcome(viewer=officer_viewer, check=approved, outcome=Outcome.CONCERNS)
    check(officer_viewer, hall)  # not decided
    today = timezone.localdate()
    start, end = today - dt.timedelta(days=30), today
    source = measures.MEASURES[0]
    assert source.compute(partnership, {}, start, end).value == 2
    assert source.compute(partnership, {"decision": Decision.DECLINED}, start, end).value == 1
    assert source.compute(partnership, {"kind": str(kind("library").pk)}, start, end).value == 1
    outcomes = measures.MEASURES[1]
    figure = outcomes.compute(partnership, {"outcome": Outcome.CONCERNS}, start, end)
    assert figure.value == 1
    assert "concerns reported" in figure.description


def test_the_home_panel_counts_for_the_venue_officer(
    officer_viewer: Viewer, venue_officer: User, sign_in: Callable[..., Client]
) -> None:
    record = check(officer_viewer, venue(officer_viewer))
    checked(officer_viewer, record)
    home = page(sign_in(venue_officer).get("/").content)
    assert "Venue checks" in [heading.text for heading in home.iter("h2")]
    assert "1 check awaiting a decision" in " ".join(home.by_id("main-content").text.split())


def test_officer_viewer_helper_acts_as_a_venue_officer(coordinator_viewer: Viewer) -> None:
    assert officer(coordinator_viewer).roles == frozenset({Role.VENUE_OFFICER})


def test_names_are_resealed_and_rehashed_by_the_rotation_commands(
    officer_viewer: Viewer, settings: Any
) -> None:
    from io import StringIO

    from django.core.management import call_command

    from lib.crypto import MasterKeys, new_master_key_entry
    from venues.models import NameKey

    record = check(officer_viewer, venue(officer_viewer), speakers=(SPEAKER,))
    old = settings.FIELD_MASTER_KEYS
    rotated = MasterKeys.parse([new_master_key_entry("next")])
    settings.FIELD_MASTER_KEYS = MasterKeys("next", {**rotated.keys, **old.keys})
    out = StringIO()
    call_command("rotate_field_keys", stdout=out)
    assert "1 records of venue checks' names re-sealed." in out.getvalue()
    status = StringIO()
    call_command("rotate_field_keys", "--status", stdout=status)
    assert "next: 0 data keys, 0 second-factor seeds, 3 venue checks' names (current)" in status.getvalue()
    record.refresh_from_db()
    assert record.sealed_speakers.startswith("next$")
    settings.FIELD_MASTER_KEYS = rotated  # the old key removed
    assert record.speakers == [SPEAKER] and record.contact == "Quinn Sample"
    # A new blind-index key: the names' keys are re-hashed from the opened names.
    before = set(NameKey.objects.values_list("digest", flat=True))
    settings.BLIND_INDEX_KEY = b"k" * 32
    call_command("rebuild_blind_index", stdout=StringIO())
    after = set(NameKey.objects.values_list("digest", flat=True))
    assert len(after) == len(before) and not after & before


def test_a_lettings_policy_keeps_its_document_and_refuses_a_false_one(
    venue_officer: User, sign_in: Callable[..., Client]
) -> None:
    from django.core.files.uploadedfile import SimpleUploadedFile

    from venues.models import LettingsPolicy

    client = sign_in(venue_officer)
    refused = client.post(
        reverse("venues:policy_create"),
        {"title": "Hall hire", "document": SimpleUploadedFile("policy.pdf", b"not a pdf at all")},
    )
    assert refused.status_code == 200
    assert not LettingsPolicy.objects.exists()
    client.post(
        reverse("venues:policy_create"),
        {
            "title": "Updated Hall Hire Procedures",
            "version": "2018",
            "active": "on",
            "document": SimpleUploadedFile("hall-hire.txt", b"Conditions of let."),
        },
    )
    policy = LettingsPolicy.objects.get()
    table = _table(client.get(reverse("venues:policy_list")), "policies")
    assert [(row["Title"], row["Document"]) for row in table.rows] == [
        ("Updated Hall Hire Procedures", "hall-hire.txt")
    ]
    download = client.get(reverse("venues:policy_document", args=[policy.uuid]))
    assert b"".join(download.streaming_content) == b"Conditions of let."  # type: ignore[attr-defined]

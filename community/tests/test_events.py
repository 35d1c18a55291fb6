from __future__ import annotations

import csv
import datetime as dt
import io
from collections.abc import Callable
from typing import Any

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone
from openpyxl import load_workbook

from accounts.access import Viewer
from accounts.models import Partnership, Role, User
from audit.models import AuditEvent
from community import actions
from community.models import EngagementEvent, EventType, FollowUp, FollowUpStatus
from community.tests.builders import event, event_type, theme
from conftest import action_titled, add_person, viewer, westminster
from govuk.testing import Table, list_rows, page
from lib.errors import Refused
from partners import actions as partner_actions
from partners.tests.builders import organisation, sector
from plans.models import Strategy

pytestmark = pytest.mark.django_db


def _date(prefix: str, day: dt.date) -> dict[str, str]:
    return {f"{prefix}_day": str(day.day), f"{prefix}_month": str(day.month), f"{prefix}_year": str(day.year)}


def _form(**overrides: Any) -> dict[str, Any]:
    data: dict[str, Any] = {
        "title": "Community Roundtable",
        "venue": "Whitechapel Idea Store",
        "headcount": "50",
    }
    data |= _date("held_on", dt.date(2026, 5, 14))
    data |= overrides
    return data


def _table(client: Client, url: str, caption_id: str | None = None) -> list[dict[str, str]]:
    shown = page(client.get(url).content)
    table = shown.by_id(caption_id) if caption_id else shown.by_id("main-content").iter("table")[0]
    return Table.read(table).rows


@pytest.fixture
def steering_user(partnership: Partnership, person: Callable[..., User]) -> User:
    return person(partnership, Role.STEERING, email="steer@th.example.gov.uk")


def test_the_coordinator_records_an_event_and_the_list_and_page_show_it(
    coordinator_viewer: Viewer, coordinator: User, plan: Strategy, sign_in: Callable[..., Client]
) -> None:
    mosque = organisation(coordinator_viewer, "East London Mosque", "faith-institution")
    network = partner_actions.create_network(viewer=coordinator_viewer, name="Faith Network")
    roundtables = action_titled("Host two community roundtables")
    client = sign_in(coordinator)
    response = client.post(
        reverse("community:event_create"),
        _form(
            event_type=event_type(coordinator_viewer).pk,
            themes=[
                theme(coordinator_viewer, "Prevent awareness").pk,
                theme(coordinator_viewer, "Hate crime").pk,
            ],
            organisations=[str(mosque.uuid)],
            networks=[str(network.uuid)],
            sectors=[sector("faith-institution").pk],
            actions=[str(roundtables.uuid)],
            starts_at="18:30",
            feedback="Residents asked what happens after a referral.",
        ),
    )
    assert response.status_code == 302
    recorded = EngagementEvent.objects.get()
    assert recorded.recorded_by == coordinator and recorded.starts_at == dt.time(18, 30)
    assert list(recorded.actions.all()) == [roundtables]
    assert AuditEvent.objects.filter(verb="community.event.recorded").count() == 1
    assert _table(client, reverse("community:event_list")) == [
        {
            "Date": "14 May 2026",
            "Event": "Community Roundtable",
            "Type": "Roundtable",
            "Venue or place": "Whitechapel Idea Store",
            "Head-count": "50",
        }
    ]
    shown = page(client.get(recorded.get_absolute_url()).content)
    facts = {
        row.iter("dt")[0].text: row.iter("dd")[0].text
        for row in shown.iter("div")
        if "govuk-summary-list__row" in row.attrs.get("class", "")
    }
    assert facts["Themes"] == "Prevent awareness; Hate crime"
    assert facts["Organisations involved"] == "East London Mosque"
    assert facts["Networks involved"] == "Faith Network"
    assert facts["Head-count"] == "50"
    assert "Host two community roundtables" in facts["Plan actions it delivers"]


def test_the_list_filters_and_pages_latest_first(
    coordinator_viewer: Viewer, coordinator: User, plan: Strategy, sign_in: Callable[..., Client]
) -> None:
    school = organisation(coordinator_viewer, "Bow School", "school-maintained")
    schools_network = partner_actions.create_network(viewer=coordinator_viewer, name="Schools network")
    youth_network = partner_actions.create_network(viewer=coordinator_viewer, name="Youth Network")
    roundtables = action_titled("Host two community roundtables")
    start = dt.date(2025, 1, 1)
    for day in range(55):
        event(coordinator_viewer, f"Drop-in {day:02d}", "Drop-in", held_on=start + dt.timedelta(days=day))
    event(
        coordinator_viewer,
        "Schools workshop",
        "Workshop",
        held_on=dt.date(2025, 6, 1),
        organisations=[school],
        networks=[schools_network],
        themes=[theme(coordinator_viewer, "Online safety")],
        sectors=[sector("school-maintained")],
        actions=[roundtables],
        headcount=30,
    )
    client = sign_in(coordinator)
    rows = list_rows(client, reverse("community:event_list"))
    assert len(rows) == 56
    assert (
        rows[0]["Event"] == "Schools workshop"
        and rows[1]["Event"] == "Drop-in 54"
        and rows[-1]["Event"] == "Drop-in 00"
    )
    listed = reverse("community:event_list")
    workshop = [
        {
            "Date": "1 Jun 2025",
            "Event": "Schools workshop",
            "Type": "Workshop",
            "Venue or place": "",
            "Head-count": "30",
        }
    ]
    for query in (
        f"event_type={event_type(coordinator_viewer, 'Workshop').pk}",
        f"theme={theme(coordinator_viewer, 'Online safety').pk}",
        f"organisation={school.uuid}",
        f"network={schools_network.uuid}",
        f"sector={sector('school-maintained').pk}",
        f"action={roundtables.uuid}",
        "start_day=1&start_month=3&start_year=2025",
    ):
        assert list_rows(client, f"{listed}?{query}") == workshop, query
    january = list_rows(
        client, f"{listed}?start_day=1&start_month=1&start_year=2025&end_day=31&end_month=1&end_year=2025"
    )
    assert [row["Event"] for row in january] == [f"Drop-in {day:02d}" for day in range(30, -1, -1)]
    # A network of the partnership that took part in none of them: the filter leaves all out.
    assert list_rows(client, f"{listed}?network={youth_network.uuid}") == []
    # A filter that is not understood is not applied, and says so; the page still opens.
    shown = client.get(f"{listed}?start_day=99&start_month=99&start_year=2025&theme=nonsense")
    assert shown.status_code == 200


def test_the_export_holds_the_filtered_events_with_formulas_made_safe(
    coordinator_viewer: Viewer, coordinator: User, sign_in: Callable[..., Client]
) -> None:
    event(coordinator_viewer, '=HYPERLINK("http://example.com")', headcount=12, feedback="+1 for more")
    event(
        coordinator_viewer, "Assembly at Bow School", "Assembly", held_on=dt.date(2026, 2, 3), headcount=200
    )
    client = sign_in(coordinator)
    kind = event_type(coordinator_viewer).pk
    response = client.get(reverse("community:event_export", args=["xlsx"]) + f"?event_type={kind}")
    assert response.status_code == 200
    assert response["Content-Disposition"].startswith('attachment; filename="engagement-towerhamlets-')
    sheet = load_workbook(io.BytesIO(response.content)).active
    assert sheet is not None
    rows = list(sheet.iter_rows(values_only=True))
    headings = list(rows[0])
    assert len(rows) == 2
    exported = dict(zip(headings, rows[1], strict=True))
    assert exported["Title"] == '\'=HYPERLINK("http://example.com")'
    assert exported["Feedback summary"] == "'+1 for more"
    assert exported["Type"] == "Roundtable" and exported["Head-count"] == 12
    assert exported["Date"] == dt.datetime(2026, 5, 14)

    response = client.get(reverse("community:event_export", args=["csv"]))
    lines = list(csv.DictReader(io.StringIO(response.content.decode("utf-8-sig"))))
    assert [(row["Date"], row["Title"], row["Head-count"]) for row in lines] == [
        ("14/05/2026", '\'=HYPERLINK("http://example.com")', "12"),
        ("03/02/2026", "Assembly at Bow School", "200"),
    ]
    assert client.get(reverse("community:event_export", args=["pdf"])).status_code == 404


def test_hostile_input_is_refused_and_writes_nothing(
    coordinator_viewer: Viewer, coordinator: User, sign_in: Callable[..., Client]
) -> None:
    elsewhere = westminster()
    outsider = viewer(add_coordinator_elsewhere(elsewhere), elsewhere)
    their_school = organisation(outsider, "Pimlico Academy", "school-academy")
    client = sign_in(coordinator)
    kind = event_type(coordinator_viewer).pk
    word_paste = "Feedback “quoted” — with\u00a0non-breaking spaces\r\n\tand a tab. " * 200  # over 5,000
    refused = [
        _form(event_type=kind, headcount="-1"),
        _form(event_type=kind, headcount="99999999999"),
        _form(event_type=kind, headcount="1e308"),
        _form(event_type=kind, held_on_day="31", held_on_month="2"),
        _form(event_type=kind, **_date("ends_on", dt.date(2026, 5, 13))),
        _form(event_type=kind, held_on_year="1850"),
        _form(event_type=kind, title="x" * 10_000),
        _form(event_type=kind, feedback=word_paste),
        _form(event_type=kind, organisations=["00000000-0000-0000-0000-000000000000"]),
        _form(event_type=kind, organisations=[str(their_school.uuid)]),
        _form(event_type=event_type(outsider).pk),
        _form(event_type=kind, starts_at="25:99"),
        _form(event_type=kind, actions=["not-a-uuid"]),
        _form(event_type=kind, title="   "),
    ]
    before = AuditEvent.objects.count()
    for data in refused:
        response = client.post(reverse("community:event_create"), data)
        assert response.status_code == 200, data
        assert "govuk-error-summary" in response.content.decode()
    assert not EngagementEvent.objects.exists()
    assert AuditEvent.objects.exclude(verb__endswith=".viewed").count() == before
    # The action refuses what a form would not send, too.
    with pytest.raises(Refused):
        actions.record_event(
            viewer=coordinator_viewer,
            title="Roundtable",
            held_on=dt.date(2026, 5, 14),
            event_type=event_type(coordinator_viewer),
            organisations=[their_school],
        )
    with pytest.raises(Refused):
        actions.record_event(
            viewer=coordinator_viewer,
            title="Roundtable",
            held_on=dt.date(2026, 5, 14),
            event_type=event_type(outsider),
        )
    # A Word paragraph within the limit is kept as pasted; a double submit saves once.
    token = {"submission": "a-token-1"}
    pasted = _form(event_type=kind, feedback=word_paste[:4000], **token)
    assert client.post(reverse("community:event_create"), pasted).status_code == 302
    assert client.post(reverse("community:event_create"), pasted).status_code == 302
    assert EngagementEvent.objects.count() == 1
    assert EngagementEvent.objects.get().feedback.startswith("Feedback “quoted”")


def test_roles_see_what_they_may_and_other_partnerships_get_404(
    coordinator_viewer: Viewer,
    coordinator: User,
    owner: User,
    steering_user: User,
    plan: Strategy,
    sign_in: Callable[..., Client],
    partnership: Partnership,
) -> None:
    owned = action_titled("Deliver WRAP training in colleges")
    theirs = event(coordinator_viewer, "Coordinator's roundtable")
    delivering = event(coordinator_viewer, "College workshop", "Workshop", actions=[owned])
    owner_client = sign_in(owner)
    # The action owner reads the list and both events...
    assert {row["Event"] for row in list_rows(owner_client, reverse("community:event_list"))} == {
        "Coordinator's roundtable",
        "College workshop",
    }
    assert owner_client.get(theirs.get_absolute_url()).status_code == 200
    # ...changes the one that delivers their action, not the other...
    assert owner_client.get(reverse("community:event_edit", args=[delivering.uuid])).status_code == 200
    assert owner_client.get(reverse("community:event_edit", args=[theirs.uuid])).status_code == 404
    assert owner_client.get(reverse("community:follow_up_create", args=[theirs.uuid])).status_code == 404
    shown = page(owner_client.get(theirs.get_absolute_url()).content)
    assert "Edit the event" not in [a.text for a in shown.iter("a")]
    # ...and records events of their own, which they may change and delete.
    response = owner_client.post(
        reverse("community:event_create"), _form(event_type=event_type(coordinator_viewer).pk)
    )
    own = EngagementEvent.objects.get(recorded_by=owner)
    assert response.status_code == 302
    assert owner_client.get(reverse("community:event_edit", args=[own.uuid])).status_code == 200
    assert owner_client.post(reverse("community:event_delete", args=[own.uuid])).status_code == 302
    assert not EngagementEvent.objects.filter(pk=own.pk).exists()
    assert AuditEvent.objects.filter(verb="community.event.deleted", actor=owner).count() == 1
    # The owner's lists of the partnership's settings stay closed.
    assert owner_client.get(reverse("community:lists")).status_code == 404

    # The steering group reads the summary and nothing else.
    steering_client = sign_in(steering_user)
    assert steering_client.get(reverse("community:summary")).status_code == 200
    for url in (
        theirs.get_absolute_url(),
        reverse("community:event_list"),
        reverse("community:event_export", args=["csv"]),
        reverse("community:campaign_list"),
    ):
        assert steering_client.get(url).status_code == 404, url

    # Another partnership's coordinator: 404 on the event, and it is not in their list.
    elsewhere = westminster()
    stranger = sign_in(add_coordinator_elsewhere(elsewhere))
    assert stranger.get(theirs.get_absolute_url()).status_code == 404
    assert list_rows(stranger, reverse("community:event_list")) == []


def add_coordinator_elsewhere(partnership: Partnership) -> User:
    return add_person(partnership, Role.COORDINATOR, email="coordinator@wm.example.gov.uk")


def test_follow_ups_are_added_marked_done_and_overdue_ones_reach_the_home_page(
    coordinator_viewer: Viewer, coordinator: User, plan: Strategy, sign_in: Callable[..., Client]
) -> None:
    recorded = event(coordinator_viewer)
    roundtables = action_titled("Host two community roundtables")
    client = sign_in(coordinator)
    yesterday = timezone.localdate() - dt.timedelta(days=1)
    response = client.post(
        reverse("community:follow_up_create", args=[recorded.uuid]),
        {
            "text": "Send the slides to the mosque",
            "action": str(roundtables.uuid),
            **_date("due_on", yesterday),
        },
    )
    assert response.status_code == 302
    follow_up = FollowUp.objects.get()
    assert follow_up.action == roundtables and follow_up.status == FollowUpStatus.OPEN
    rows = _table(client, recorded.get_absolute_url(), None)
    assert rows[0]["Follow-up"] == "Send the slides to the mosque"
    assert rows[0]["Status"] == "Open" and rows[0]["Due"].endswith("Overdue")
    home = page(client.get("/").content)
    panel_links = {a.text: a.attrs["href"] for a in home.iter("a")}
    assert "1 follow-up from an event overdue" in " ".join(panel_links)
    overdue = list_rows(client, reverse("community:follow_up_list") + "?due=overdue")
    assert [row["Follow-up"] for row in overdue] == ["Send the slides to the mosque"]

    assert client.post(reverse("community:follow_up_done", args=[follow_up.uuid])).status_code == 302
    follow_up.refresh_from_db()
    assert follow_up.status == FollowUpStatus.DONE and follow_up.done_on == timezone.localdate()
    # Marking it done twice is refused, and nothing changes.
    before = AuditEvent.objects.count()
    client.post(reverse("community:follow_up_done", args=[follow_up.uuid]))
    assert AuditEvent.objects.count() == before
    assert list_rows(client, reverse("community:follow_up_list") + "?due=overdue") == []


def test_the_coordinator_adds_and_retires_types_and_an_event_keeps_its_retired_type(
    coordinator_viewer: Viewer, coordinator: User, sign_in: Callable[..., Client]
) -> None:
    assert [t.label for t in EventType.objects.filter(partnership=coordinator_viewer.partnership)] == [
        "Roundtable",
        "Workshop",
        "Assembly",
        "Faith leaders' forum",
        "Community Reference Group meeting",
        "Drop-in",
        "Conference",
    ]
    client = sign_in(coordinator)
    assert (
        client.post(
            reverse("community:list_entry_create", args=["types"]), {"label": "Street stall"}
        ).status_code
        == 302
    )
    assert (
        client.post(
            reverse("community:list_entry_create", args=["types"]), {"label": "street stall"}
        ).status_code
        == 200
    )
    assert (
        client.post(reverse("community:list_entry_create", args=["nonsense"]), {"label": "X"}).status_code
        == 404
    )
    conference = event_type(coordinator_viewer, "Conference")
    held = event(coordinator_viewer, "Annual conference", "Conference")
    assert (
        client.post(reverse("community:list_entry_retire", args=["types", conference.pk])).status_code == 302
    )
    form = page(client.get(reverse("community:event_create")).content)
    offered = [option.text for option in form.iter("option")]
    assert "Conference" not in offered and "Street stall" in offered
    # The event keeps its type, and is still saved with it.
    response = client.post(
        reverse("community:event_edit", args=[held.uuid]),
        _form(event_type=conference.pk, title="Annual conference (renamed)"),
    )
    assert response.status_code == 302
    held.refresh_from_db()
    assert held.event_type == conference and held.title == "Annual conference (renamed)"
    # Adding the retired name again brings it back.
    assert (
        client.post(
            reverse("community:list_entry_create", args=["types"]), {"label": "Conference"}
        ).status_code
        == 302
    )
    conference.refresh_from_db()
    assert conference.active


def test_the_summary_counts_by_type_and_quarter_without_names(
    coordinator_viewer: Viewer, steering_user: User, sign_in: Callable[..., Client]
) -> None:
    mosque = organisation(coordinator_viewer, "East London Mosque", "faith-institution")
    event(
        coordinator_viewer,
        held_on=dt.date(2025, 4, 10),
        headcount=50,
        organisations=[mosque],
        feedback="Secret",
    )
    event(coordinator_viewer, held_on=dt.date(2025, 12, 1), headcount=40)
    event(coordinator_viewer, "Assembly", "Assembly", held_on=dt.date(2026, 3, 31), headcount=None)
    event(coordinator_viewer, "Next year", held_on=dt.date(2026, 4, 1), headcount=7)
    client = sign_in(steering_user)
    response = client.get(reverse("community:summary") + "?year=2025")
    shown = page(response.content)
    assert Table.read(shown.by_id("by-type")).rows == [
        {"Type": "Roundtable", "Events": "2", "Attendees": "90"},
        {"Type": "Assembly", "Events": "1", "Attendees": "0"},
    ]
    assert Table.read(shown.by_id("by-quarter")).rows == [
        {"Quarter": "Q1 2025-26", "Events": "1", "Attendees": "50"},
        {"Quarter": "Q2 2025-26", "Events": "0", "Attendees": "0"},
        {"Quarter": "Q3 2025-26", "Events": "1", "Attendees": "40"},
        {"Quarter": "Q4 2025-26", "Events": "1", "Attendees": "0"},
    ]
    text = response.content.decode()
    assert "East London Mosque" not in text and "Secret" not in text
    assert client.get(reverse("community:summary") + "?year=nonsense").status_code == 200
    assert client.get(reverse("community:summary") + "?year=99999999999999999999").status_code == 200

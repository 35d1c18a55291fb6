"""The register behind the checks: the lettings policy that applies to a check's venue, shown
on the pages where the officer records what was checked and decides, with its document;
and the register's forms (a venue added and edited, a policy edited, a request edited),
each saving what was posted with its audit event and showing it."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from accounts.access import Viewer
from accounts.models import Partnership, Role, User
from audit.models import AuditEvent
from conftest import add_person, viewer
from govuk.testing import Element, Table, page
from partners.tests.builders import organisation
from venues import actions
from venues.models import LettingsPolicy, Venue, VenueCheck
from venues.tests.builders import check, checked, kind, venue

pytestmark = pytest.mark.django_db

POLICY_TEXT = "Hirers accept the visiting speaker conditions.\nA council officer may attend."


@pytest.fixture
def venue_officer(partnership: Partnership) -> User:
    return add_person(partnership, Role.VENUE_OFFICER, email="venues@example.gov.uk")


@pytest.fixture
def officer_viewer(venue_officer: User, partnership: Partnership) -> Viewer:
    return viewer(venue_officer, partnership)


def _facts(part: Element) -> dict[str, str]:
    """A summary list as its reader sees it: each key with its value."""
    return {
        row.iter("dt")[0].text: row.iter("dd")[0].text
        for row in part.iter("div")
        if "govuk-summary-list__row" in row.attrs.get("class", "").split()
    }


def _rows(client: Client, url: str, table_id: str) -> list[dict[str, str]]:
    return Table.read(page(client.get(url).content).by_id(table_id)).rows


def _date(day: dt.date, prefix: str) -> dict[str, str]:
    return {f"{prefix}_day": str(day.day), f"{prefix}_month": str(day.month), f"{prefix}_year": str(day.year)}


def _event(verb: str, target: object) -> AuditEvent:
    return AuditEvent.objects.get(verb=verb, object_id=str(target.uuid))  # type: ignore[attr-defined]


def test_the_check_pages_show_the_venues_lettings_policy_and_its_document_opens(
    officer_viewer: Viewer,
    venue_officer: User,
    coordinator: User,
    sign_in: Callable[..., Client],
) -> None:
    policy = actions.save_policy(
        viewer=officer_viewer,
        title="Updated Hall Hire Procedures",
        version="2018",
        adopted_on=dt.date(2018, 8, 10),
        summary=POLICY_TEXT,
        document=SimpleUploadedFile("hall-hire.txt", b"Conditions of let, in full."),
    )
    hall = venue(officer_viewer, policy=policy)
    requested = check(officer_viewer, hall)
    under_check = checked(officer_viewer, check(officer_viewer, hall, title="Youth debate"))
    expected = {
        "Policy": "Updated Hall Hire Procedures",
        "Version": "2018",
        "Adopted": "10 August 2018",
        "In force": "Yes",
        "Text or summary": POLICY_TEXT.replace("\n", ""),  # the line break is a <br>
        "Document": "hall-hire.txt (download the policy document)",
    }
    pages = (
        requested.get_absolute_url(),
        reverse("venues:check_findings", args=[requested.uuid]),
        reverse("venues:check_decide", args=[under_check.uuid]),
    )
    for user in (venue_officer, coordinator):
        client = sign_in(user)
        for url in pages:
            shown = page(client.get(url).content)
            policy_part = shown.by_id("policy")
            assert _facts(policy_part) == expected, url
            [(_, href)] = policy_part.links()
            download = client.get(href)
            assert download.status_code == 200, (user.email, url)
            assert b"".join(download.streaming_content) == b"Conditions of let, in full."  # type: ignore[attr-defined]


def test_a_check_at_a_venue_without_a_policy_says_so_and_links_to_the_venue(
    officer_viewer: Viewer, venue_officer: User, sign_in: Callable[..., Client]
) -> None:
    retired = actions.save_policy(viewer=officer_viewer, title="Old conditions", active=False)
    library = venue(officer_viewer, "Demo Library", "library")
    record = check(officer_viewer, library)
    client = sign_in(venue_officer)
    shown = page(client.get(record.get_absolute_url()).content)
    notice = shown.by_id("no-policy")
    assert notice.text.startswith("No lettings policy is recorded for Demo Library.")
    [(_, href)] = notice.links()
    assert client.get(href).status_code == 200
    # A retired policy still applies until the venue is given another, and says it is retired.
    actions.save_venue(
        viewer=officer_viewer, venue=library, name=library.name, kind=library.kind, policy=retired
    )
    facts = _facts(page(client.get(record.get_absolute_url()).content).by_id("policy"))
    assert (facts["Policy"], facts["In force"], facts["Document"]) == (
        "Old conditions",
        "No: retired",
        "None kept",
    )


def test_a_venue_is_added_and_edited_through_its_form(
    officer_viewer: Viewer,
    venue_officer: User,
    coordinator_viewer: Viewer,
    sign_in: Callable[..., Client],
) -> None:
    policy = actions.save_policy(viewer=officer_viewer, title="Hall hire procedures")
    owner = organisation(coordinator_viewer, "Bow Community Trust", "voluntary-community")
    client = sign_in(venue_officer)
    response = client.post(
        reverse("venues:venue_create"),
        {
            "name": "Demo Bow Hall",
            "kind": str(kind("community-centre").uuid),
            "address": "1 Roman Road",
            "postcode": "e3  2ab",
            "organisation": str(owner.uuid),
            "policy": str(policy.uuid),
            "active": "on",
        },
    )
    assert response.status_code == 302
    added = Venue.objects.get(name="Demo Bow Hall")
    assert (added.kind, added.postcode, added.organisation, added.policy, added.active) == (
        kind("community-centre"),
        "E3 2AB",
        owner,
        policy,
        True,
    )
    created = _event("venues.venue.created", added)
    assert created.actor == venue_officer
    assert created.changes["fields"] == [
        "name",
        "kind",
        "address",
        "postcode",
        "organisation",
        "policy",
        "active",
    ]
    listed = reverse("venues:venue_list")
    assert _rows(client, listed, "venues") == [
        {
            "Name": "Demo Bow Hall",
            "Kind": "Community centre",
            "Postcode": "E3 2AB",
            "Owned by": "Bow Community Trust",
            "Lettings policy": "Hall hire procedures",
            "In use": "Yes",
        }
    ]
    # Edited: renamed, no policy, retired (the box left clear).
    edit = reverse("venues:venue_edit", args=[added.uuid])
    response = client.post(
        edit,
        {
            "name": "Demo Bow Hall (old)",
            "kind": str(kind("community-centre").uuid),
            "address": "1 Roman Road",
            "postcode": "E3 2AB",
            "organisation": str(owner.uuid),
            "policy": "",
        },
    )
    assert response.status_code == 302
    added.refresh_from_db()
    assert (added.name, added.policy, added.active) == ("Demo Bow Hall (old)", None, False)
    assert _event("venues.venue.changed", added).changes["fields"] == ["name", "policy", "active"]
    [row] = _rows(client, listed, "venues")
    assert (row["Name"], row["Lettings policy"], row["In use"]) == ("Demo Bow Hall (old)", "", "Retired")
    shown = page(client.get(edit).content)
    assert shown.by_id("id_name").attrs["value"] == "Demo Bow Hall (old)"


def test_a_policy_is_edited_through_its_form_and_its_new_document_kept(
    officer_viewer: Viewer, venue_officer: User, sign_in: Callable[..., Client]
) -> None:
    policy = actions.save_policy(
        viewer=officer_viewer,
        title="Hall hire",
        summary="Draft.",
        document=SimpleUploadedFile("draft.txt", b"Draft conditions."),
    )
    client = sign_in(venue_officer)
    response = client.post(
        reverse("venues:policy_edit", args=[policy.uuid]),
        {
            "title": "Updated Hall Hire Procedures",
            "version": "2018",
            **_date(dt.date(2018, 8, 10), "adopted_on"),
            "summary": POLICY_TEXT,
            "active": "on",
            "document": SimpleUploadedFile("hall-hire.txt", b"Conditions of let, adopted."),
        },
    )
    assert response.status_code == 302
    policy.refresh_from_db()
    assert (policy.title, policy.version, policy.adopted_on, policy.summary, policy.document_name) == (
        "Updated Hall Hire Procedures",
        "2018",
        dt.date(2018, 8, 10),
        POLICY_TEXT,
        "hall-hire.txt",
    )
    changed = _event("venues.policy.changed", policy)
    assert changed.actor == venue_officer
    assert changed.changes["fields"] == ["title", "version", "adopted_on", "summary", "document"]
    assert changed.changes["document_sha256"] == policy.document_sha256
    assert _rows(client, reverse("venues:policy_list"), "policies") == [
        {
            "Title": "Updated Hall Hire Procedures",
            "Version": "2018",
            "Adopted": "10 Aug 2018",
            "In force": "Yes",
            "Document": "hall-hire.txt",
        }
    ]
    download = client.get(reverse("venues:policy_document", args=[policy.uuid]))
    assert b"".join(download.streaming_content) == b"Conditions of let, adopted."  # type: ignore[attr-defined]
    assert LettingsPolicy.objects.count() == 1


def test_a_booking_request_is_edited_through_its_form(
    officer_viewer: Viewer, venue_officer: User, sign_in: Callable[..., Client]
) -> None:
    hall = venue(officer_viewer)
    library = venue(officer_viewer, "Demo Library", "library")
    record = check(officer_viewer, hall)
    day = timezone.localdate() + dt.timedelta(days=40)
    client = sign_in(venue_officer)
    response = client.post(
        reverse("venues:check_edit", args=[record.uuid]),
        {
            "venue": str(library.uuid),
            "organiser": "Example Community Forum",
            "contact": "Quinn Sample",
            "event_title": "Community iftar and talk",
            "event_description": "A talk and a shared meal.",
            **_date(day, "event_date"),
            "audience": "120",
            "speakers": "Zed Placeholder\nYan Example",
        },
    )
    assert response.status_code == 302
    record = VenueCheck.objects.get(pk=record.pk)
    assert (record.venue, record.event_title, record.event_date, record.audience, record.speakers) == (
        library,
        "Community iftar and talk",
        day,
        120,
        ["Zed Placeholder", "Yan Example"],
    )
    changed = _event("venues.check.changed", record)
    assert changed.actor == venue_officer
    assert sorted(changed.changes["fields"]) == ["audience", "event_date", "event_title", "speakers", "venue"]
    assert "Yan Example" not in str(changed.changes)
    request = page(client.get(record.get_absolute_url()).content).by_id("request")
    facts = _facts(request)
    assert facts["Venue"] == "Demo Library (Library)"
    assert facts["Date of the event"] == f"{day.day} {day:%B %Y}"
    assert facts["Expected audience"] == "120"
    assert [speaker.text for speaker in request.iter("li")] == ["Zed Placeholder", "Yan Example"]

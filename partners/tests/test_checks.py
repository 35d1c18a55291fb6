"""Prevent duty checks: the checklist per sector, a check's history (the latest counts),
evidence files, the register of gaps by sector, read as its readers read it."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse

from accounts.access import Viewer
from accounts.models import Partnership, Role, User
from audit.models import AuditEvent
from conftest import viewer
from govuk.testing import list_rows, page
from lib.errors import Refused
from partners import access, actions
from partners.models import CheckItem, CheckStatus, DutyCheck
from partners.tests.builders import check_item, duty_check, organisation, partner_lead, sector

pytestmark = pytest.mark.django_db

REGISTER = "partners:check_register"


def _date(prefix: str, day: dt.date) -> dict[str, str]:
    return {f"{prefix}_day": str(day.day), f"{prefix}_month": str(day.month), f"{prefix}_year": str(day.year)}


def _register_rows(client: Client) -> dict[tuple[str, str], dict[str, str]]:
    shown = page(client.get(reverse(REGISTER)).content)
    [table] = [t for t in shown.tables() if t.caption == "Duty checks by sector and check"]
    return {(row["Sector"], row["Check"]): row for row in table.rows}


@pytest.fixture
def coordinator_client(coordinator: User, sign_in: Callable[..., Client]) -> Client:
    return sign_in(coordinator)


def test_the_seeded_checklist_is_close_to_the_prevent_duty_and_applies_by_sector() -> None:
    labels = list(CheckItem.objects.filter(partnership=None).values_list("label", flat=True))
    assert labels == [
        "A policy that covers Prevent",
        "A named Prevent lead",
        "Staff trained in Prevent",
        "IT filtering and monitoring",
        "Lettings or room-hire policy",
        "Visiting speakers policy",
        "A Prevent risk assessment",
    ]
    schools = sector("school-maintained")
    police = sector("police")
    assert check_item("it-filtering").sectors.filter(pk=schools.pk).exists()
    assert not check_item("lettings").sectors.filter(pk=police.pk).exists()
    assert check_item("policy").sectors.filter(pk=police.pk).exists()


def test_a_coordinator_records_a_check_with_evidence_and_the_page_shows_it(
    coordinator_viewer: Viewer, coordinator_client: Client
) -> None:
    school = organisation(coordinator_viewer, "Eastbury Community School", "school-maintained")
    url = reverse("partners:check_create", args=[school.uuid])
    item = check_item("it-filtering")
    shown = page(coordinator_client.get(f"{url}?item={item.pk}").content)
    [selected] = [o for o in shown.iter("option") if "selected" in o.attrs]
    assert selected.text == "IT filtering and monitoring"
    response = coordinator_client.post(
        url,
        {
            "item": item.pk,
            "status": CheckStatus.PARTLY,
            **_date("checked_on", dt.date(2025, 3, 14)),
            **_date("next_due_on", dt.date(2027, 3, 14)),
            "notes": "Internet filtering on websites is in place; monitoring reports are not read.",
            "evidence": SimpleUploadedFile("filtering.pdf", b"%PDF-1.4 filtering report"),
        },
    )
    assert response.status_code == 302
    detail = page(coordinator_client.get(school.get_absolute_url()).content)
    [table] = [t for t in detail.tables() if t.caption.startswith("Latest duty checks")]
    rows = {row["Check"]: row for row in table.rows}
    assert rows["IT filtering and monitoring"] == {
        "Check": "IT filtering and monitoring",
        "Where it stands": "Partly met",
        "Date checked": "14 March 2025",
        "Next check due": "14 March 2027",
        "Evidence": "filtering.pdf",
    }
    assert rows["Lettings or room-hire policy"]["Where it stands"] == "Never checked"
    check = DutyCheck.objects.get()
    stored = str(check.evidence.name)
    assert check.evidence_sha256 and stored.startswith("checks/")
    assert "filtering" not in stored  # the stored name never holds the uploaded one
    assert AuditEvent.objects.filter(verb="partners.check.recorded").count() == 1


def test_a_check_overdue_says_so(coordinator_viewer: Viewer, coordinator_client: Client) -> None:
    school = organisation(coordinator_viewer, "Robert Clack School", "school-maintained")
    duty_check(coordinator_viewer, school, "policy", next_due_on=dt.date(2025, 9, 1))
    detail = page(coordinator_client.get(school.get_absolute_url()).content)
    [table] = [t for t in detail.tables() if t.caption.startswith("Latest duty checks")]
    row = next(row for row in table.rows if row["Check"] == "A policy that covers Prevent")
    assert row["Where it stands"] == "Met (check overdue)"


def test_history_is_kept_and_the_latest_by_date_checked_counts(coordinator_viewer: Viewer) -> None:
    school = organisation(coordinator_viewer, "Jo Richardson Community School", "school-maintained")
    first = duty_check(coordinator_viewer, school, status=CheckStatus.NOT_MET, checked_on=dt.date(2024, 3, 1))
    second = duty_check(coordinator_viewer, school, status=CheckStatus.MET, checked_on=dt.date(2025, 3, 1))
    # Recorded later, but about an earlier visit: joins the history without replacing.
    older = duty_check(coordinator_viewer, school, status=CheckStatus.PARTLY, checked_on=dt.date(2024, 9, 1))
    assert DutyCheck.objects.filter(organisation=school).count() == 3
    assert DutyCheck.objects.get(current=True) == second
    first.refresh_from_db()
    older.refresh_from_db()
    assert not first.current and not older.current


@pytest.mark.parametrize(
    ("values", "field", "message"),
    [
        ({"checked_on": dt.date(2099, 1, 1)}, "checked_on", "today or in the past"),
        ({"next_due_on": dt.date(2025, 1, 1)}, "next_due_on", "after the date checked"),
        ({"notes": "x" * 2001}, "notes", "2,000 characters"),
        ({"status": "brilliant"}, "status", "result"),
        ({"evidence": SimpleUploadedFile("policy.exe", b"MZ")}, "evidence", "must be a"),
        ({"evidence": SimpleUploadedFile("policy.pdf", b"not a pdf")}, "evidence", "not a real PDF"),
    ],
)
def test_a_bad_check_is_refused_and_writes_nothing(
    coordinator_viewer: Viewer, values: dict[str, Any], field: str, message: str
) -> None:
    school = organisation(coordinator_viewer, "Thames View Infants", "school-maintained")
    data: dict[str, Any] = {"status": CheckStatus.MET, "checked_on": dt.date(2025, 3, 1), **values}
    with pytest.raises(Refused, match=message) as refused:
        actions.record_check(
            viewer=coordinator_viewer, organisation=school, item=check_item("policy"), **data
        )
    assert refused.value.field == field
    assert not DutyCheck.objects.exists()
    assert not AuditEvent.objects.filter(verb="partners.check.recorded").exists()


def test_a_check_that_does_not_apply_to_the_sector_is_refused(coordinator_viewer: Viewer) -> None:
    station = organisation(coordinator_viewer, "Barking Police Station", "police")
    with pytest.raises(Refused, match="applies to the organisation's sector"):
        duty_check(coordinator_viewer, station, "lettings")


def test_hostile_input_on_the_form_is_shown_as_errors_never_a_crash(
    coordinator_viewer: Viewer, coordinator_client: Client
) -> None:
    school = organisation(coordinator_viewer, "Dagenham Park School", "school-maintained")
    url = reverse("partners:check_create", args=[school.uuid])
    response = coordinator_client.post(
        url,
        {
            "item": "99999999999999999999",
            "status": "met\x00",
            "checked_on_day": "31",
            "checked_on_month": "2",
            "checked_on_year": "2025",
            "next_due_on_day": "x",
            "notes": "Pasted from Word:\u2028\u00a0“quoted”\r\n" * 200,
            "evidence": SimpleUploadedFile("report.pdf", b""),
        },
    )
    assert response.status_code == 200
    errors = page(response.content).by_id("main-content").text
    assert "Select a check from the list" in errors
    assert "Date checked must be a real date" in errors
    assert not DutyCheck.objects.exists()


def test_sending_the_form_twice_records_one_check(
    coordinator_viewer: Viewer, coordinator_client: Client
) -> None:
    school = organisation(coordinator_viewer, "Warren School", "school-maintained")
    url = reverse("partners:check_create", args=[school.uuid])
    data = {
        "item": check_item("named-lead").pk,
        "status": CheckStatus.MET,
        **_date("checked_on", dt.date(2025, 3, 1)),
        "submission": "a-token-sent-twice",
    }
    assert coordinator_client.post(url, data).status_code == 302
    assert coordinator_client.post(url, data).status_code == 302
    assert DutyCheck.objects.count() == 1


def _register_scene(viewer_: Viewer) -> None:
    """Three maintained schools: one met, one not met, one never checked on IT filtering,
    one overdue on the policy; and a closed school that counts nowhere."""
    met = organisation(viewer_, "Eastbury Community School", "school-maintained")
    not_met = organisation(viewer_, "Robert Clack School", "school-maintained")
    organisation(viewer_, "Jo Richardson Community School", "school-maintained")
    closed = organisation(viewer_, "Old Closed School", "school-maintained", status="closed")
    duty_check(viewer_, met)
    duty_check(viewer_, not_met, status=CheckStatus.NOT_MET)
    duty_check(viewer_, met, "policy", next_due_on=dt.date(2025, 9, 1))
    duty_check(viewer_, closed, status=CheckStatus.NOT_MET)


def test_the_register_counts_the_gaps_by_sector_and_check(
    coordinator_viewer: Viewer, coordinator_client: Client
) -> None:
    _register_scene(coordinator_viewer)
    rows = _register_rows(coordinator_client)
    filtering = rows[("School: maintained", "IT filtering and monitoring")]
    assert filtering == {
        "Sector": "School: maintained",
        "Check": "IT filtering and monitoring",
        "Organisations": "3",
        "Met": "1",
        "Not met or partly met": "1",
        "Overdue": "0",
        "Never checked": "1",
        "Not applicable": "0",
    }
    policy = rows[("School: maintained", "A policy that covers Prevent")]
    assert (policy["Overdue"], policy["Never checked"]) == ("1", "2")
    # Sectors without organisations are not listed.
    assert not [key for key in rows if key[0] == "Police"]


def test_each_number_of_the_register_opens_the_organisations_behind_it(
    coordinator_viewer: Viewer, coordinator_client: Client
) -> None:
    _register_scene(coordinator_viewer)
    shown = page(coordinator_client.get(reverse(REGISTER)).content)
    links = [(text, href) for text, href in shown.by_id("gaps").links()]
    assert links
    for text, href in links:
        names = [row["Organisation"] for row in list_rows(coordinator_client, href)]
        assert len(names) == int(text), href
    never = next(href for text, href in links if "check_result=never" in href and "check_item=" in href)
    assert [row["Organisation"] for row in list_rows(coordinator_client, never)]


def test_the_organisation_list_filters_by_check_gap(
    coordinator_viewer: Viewer, coordinator_client: Client
) -> None:
    _register_scene(coordinator_viewer)
    item = check_item("it-filtering")
    url = reverse("partners:organisation_list")
    names = {
        result: [
            row["Organisation"]
            for row in list_rows(coordinator_client, f"{url}?check_item={item.pk}&check_result={result}")
        ]
        for result in ("met", "not_met", "never", "gap")
    }
    assert names == {
        "met": ["Eastbury Community School"],
        "not_met": ["Robert Clack School"],
        "never": ["Jo Richardson Community School"],
        "gap": ["Jo Richardson Community School", "Robert Clack School"],
    }
    # Without a check chosen: any check that applies. Every school has some gap here.
    assert len(list_rows(coordinator_client, f"{url}?check_result=gap")) == 3
    # A value not in the list is ignored, never a crash.
    assert coordinator_client.get(f"{url}?check_item=abc&check_result=%00").status_code == 200


def test_the_steering_group_reads_the_counts_without_links_or_details(
    coordinator_viewer: Viewer, steering: User, sign_in: Callable[..., Client]
) -> None:
    _register_scene(coordinator_viewer)
    client = sign_in(steering)
    rows = _register_rows(client)
    assert rows[("School: maintained", "IT filtering and monitoring")]["Never checked"] == "1"
    shown = page(client.get(reverse(REGISTER)).content)
    assert shown.by_id("gaps").links() == []
    school = DutyCheck.objects.filter(status=CheckStatus.NOT_MET).first().organisation  # type: ignore[union-attr]
    detail = page(client.get(school.get_absolute_url()).content)
    assert not [t for t in detail.tables() if t.caption.startswith("Latest duty checks")]
    # The list's gap filter is not offered, and asking for it by hand filters nothing.
    listed = page(client.get(reverse("partners:organisation_list") + "?check_result=never").content)
    assert "Result of the check" not in listed.text
    assert client.get(reverse("partners:check_create", args=[school.uuid])).status_code == 404


def test_evidence_is_downloaded_by_its_readers_audited_and_404_for_anyone_else(
    coordinator_viewer: Viewer,
    coordinator_client: Client,
    steering: User,
    other_partnership: Partnership,
    person: Callable[..., User],
    sign_in: Callable[..., Client],
) -> None:
    school = organisation(coordinator_viewer, "Eastbury Community School", "school-maintained")
    other_school = organisation(coordinator_viewer, "Robert Clack School", "school-maintained")
    check = duty_check(
        coordinator_viewer, school, evidence=SimpleUploadedFile("filtering.txt", b"Filtering report")
    )
    url = reverse("partners:check_evidence", args=[check.uuid])
    response = coordinator_client.get(url)
    assert response.status_code == 200
    assert b"".join(response.streaming_content) == b"Filtering report"  # type: ignore[attr-defined]
    assert "no-store" in response["Cache-Control"]
    assert AuditEvent.objects.filter(verb="partners.check.evidence_downloaded").count() == 1
    lead = partner_lead(coordinator_viewer, school, "lead@eastbury.example.org")
    assert sign_in(lead).get(url).status_code == 200
    other_lead = partner_lead(coordinator_viewer, other_school, "lead@robertclack.example.org")
    assert sign_in(other_lead).get(url).status_code == 404
    assert sign_in(steering).get(url).status_code == 404
    outsider = person(other_partnership, *Role)
    assert sign_in(outsider).get(url).status_code == 404
    assert AuditEvent.objects.filter(verb="partners.check.evidence_downloaded").count() == 2


def test_a_partnership_adds_its_own_check_and_retires_it(
    coordinator_viewer: Viewer,
    coordinator_client: Client,
    other_partnership: Partnership,
    person: Callable[..., User],
) -> None:
    hall = organisation(coordinator_viewer, "Kingsley Hall", "voluntary-community")
    response = coordinator_client.post(
        reverse("partners:list_entry_create", args=["checks"]),
        {
            "label": "Updated hall hire procedures",
            "hint": "Tower Hamlets' hall hire procedures, updated",
            "sectors": [sector("voluntary-community").pk, sector("faith-institution").pk],
        },
    )
    assert response.status_code == 302
    own = CheckItem.objects.get(label="Updated hall hire procedures")
    assert own.partnership_id == coordinator_viewer.partnership.pk
    form = page(coordinator_client.get(reverse("partners:check_create", args=[hall.uuid])).content)
    assert "Updated hall hire procedures" in [o.text for o in form.iter("option")]
    # Another partnership does not see it.
    other = viewer(person(other_partnership, Role.COORDINATOR), other_partnership)
    other_hall = organisation(other, "Another hall", "voluntary-community")
    with pytest.raises(Refused):
        actions.record_check(
            viewer=other, organisation=other_hall, item=own, status="met", checked_on=dt.date(2025, 1, 1)
        )
    # Retired, it is no longer offered; a seeded check cannot be retired.
    assert (
        coordinator_client.post(reverse("partners:list_entry_retire", args=["checks", own.pk])).status_code
        == 302
    )
    form = page(coordinator_client.get(reverse("partners:check_create", args=[hall.uuid])).content)
    assert "Updated hall hire procedures" not in [o.text for o in form.iter("option")]
    seeded = check_item("policy")
    assert (
        coordinator_client.post(reverse("partners:list_entry_retire", args=["checks", seeded.pk])).status_code
        == 404
    )
    assert CheckItem.objects.get(pk=seeded.pk).active


def _home_gaps(client: Client) -> str:
    home = page(client.get("/").content)
    return next(link.text for link in home.iter("a") if "Prevent duty check gap" in link.text)


def _lists_button(client: Client, text: str) -> str:
    """The action of the lists page's form whose button starts with `text`."""
    shown = page(client.get(reverse("partners:lists")).content)
    for form in shown.forms():
        if form.text.startswith(text):
            return form.attrs["action"]
    raise LookupError(text)


def test_a_coordinator_switches_a_seeded_check_off_and_on_for_their_partnership(
    coordinator_viewer: Viewer,
    coordinator_client: Client,
    other_partnership: Partnership,
    person: Callable[..., User],
    sign_in: Callable[..., Client],
) -> None:
    school = organisation(coordinator_viewer, "Eastbury Community School", "school-maintained")
    for code in ("policy", "named-lead", "staff-trained", "lettings", "visiting-speakers", "risk-assessment"):
        duty_check(coordinator_viewer, school, code)
    # Only IT filtering is left undone: the school has a gap.
    assert _home_gaps(coordinator_client) == "1 organisation with a Prevent duty check gap"
    filtering = check_item("it-filtering")
    action = _lists_button(coordinator_client, "Switch off IT filtering and monitoring")
    assert action == reverse("partners:check_item_off", args=[filtering.pk])
    assert coordinator_client.post(action).status_code == 302
    assert _home_gaps(coordinator_client) == "0 organisations with a Prevent duty check gap"
    assert ("School: maintained", "IT filtering and monitoring") not in _register_rows(coordinator_client)
    form = page(coordinator_client.get(reverse("partners:check_create", args=[school.uuid])).content)
    assert "IT filtering and monitoring" not in [o.text for o in form.iter("option")]
    with pytest.raises(Refused):
        duty_check(coordinator_viewer, school, "it-filtering")
    lists = page(coordinator_client.get(reverse("partners:lists")).content)
    [checks] = [t for t in lists.tables() if t.caption == "Duty checklist"]
    row = next(r for r in checks.rows if r["Entry"] == "IT filtering and monitoring")
    assert row["In use"] == "Switched off for the partnership"
    # The seed is shared: another partnership still has the check.
    other = viewer(person(other_partnership, Role.COORDINATOR), other_partnership)
    other_school = organisation(other, "Another school", "school-maintained")
    duty_check(other, other_school, "it-filtering")
    assert CheckItem.objects.get(pk=filtering.pk).active
    # Switching off twice is refused; switched on again, it counts again.
    with pytest.raises(Refused):
        actions.switch_check_item(viewer=coordinator_viewer, item=filtering, active=False)
    action = _lists_button(coordinator_client, "Switch on IT filtering and monitoring")
    assert coordinator_client.post(action).status_code == 302
    assert _home_gaps(coordinator_client) == "1 organisation with a Prevent duty check gap"
    verbs = list(
        AuditEvent.objects.filter(verb__startswith="partners.check_item.switched")
        .order_by("id")
        .values_list("verb", flat=True)
    )
    assert verbs == ["partners.check_item.switched_off", "partners.check_item.switched_on"]


def test_only_the_coordinator_switches_checks_and_only_seeded_ones(
    coordinator_viewer: Viewer,
    coordinator_client: Client,
    steering: User,
    other_partnership: Partnership,
    person: Callable[..., User],
    sign_in: Callable[..., Client],
) -> None:
    own = actions.add_check_item(
        viewer=coordinator_viewer, label="Hall hire", sectors=[sector("voluntary-community")]
    )
    seeded = check_item("policy")
    assert coordinator_client.post(reverse("partners:check_item_off", args=[own.pk])).status_code == 404
    assert coordinator_client.post(reverse("partners:check_item_off", args=[999999])).status_code == 404
    with pytest.raises(Refused):
        actions.switch_check_item(viewer=coordinator_viewer, item=own, active=False)
    school = organisation(coordinator_viewer, "Eastbury Community School", "school-maintained")
    lead = partner_lead(coordinator_viewer, school, "lead@eastbury.example.org")
    outsider = person(other_partnership, *Role)
    for user in (steering, lead):
        client = sign_in(user)
        assert client.post(reverse("partners:check_item_off", args=[seeded.pk])).status_code == 404
        assert client.get(reverse("partners:check_item_edit", args=[own.pk])).status_code == 404
    with pytest.raises(Refused):
        actions.switch_check_item(
            viewer=viewer(steering, coordinator_viewer.partnership), item=seeded, active=False
        )
    assert not AuditEvent.objects.filter(verb__startswith="partners.check_item.switched").exists()
    # Another partnership's coordinator switches it off for their partnership only.
    client = sign_in(outsider)
    assert client.get(reverse("partners:check_item_edit", args=[own.pk])).status_code == 404
    client.post(reverse("partners:check_item_off", args=[seeded.pk]))
    assert access.check_items(coordinator_viewer).filter(pk=seeded.pk).exists()
    assert not access.check_items(viewer(outsider, other_partnership)).filter(pk=seeded.pk).exists()


def test_a_coordinator_changes_the_sectors_of_their_own_check(
    coordinator_viewer: Viewer,
    coordinator_client: Client,
    other_partnership: Partnership,
    person: Callable[..., User],
    sign_in: Callable[..., Client],
) -> None:
    hall = organisation(coordinator_viewer, "Kingsley Hall", "voluntary-community")
    mosque = organisation(coordinator_viewer, "East London Mosque", "faith-institution")
    own = actions.add_check_item(
        viewer=coordinator_viewer,
        label="Updated hall hire procedures",
        sectors=[sector("voluntary-community")],
    )
    lists = page(coordinator_client.get(reverse("partners:lists")).content)
    edit = reverse("partners:check_item_edit", args=[own.pk])
    assert ("Change Updated hall hire procedures", edit) in lists.links()
    form = page(coordinator_client.get(reverse("partners:check_create", args=[mosque.uuid])).content)
    assert "Updated hall hire procedures" not in [o.text for o in form.iter("option")]
    response = coordinator_client.post(
        edit,
        {
            "label": "Updated hall hire procedures",
            "hint": "Checked each year",
            "sectors": [sector("voluntary-community").pk, sector("faith-institution").pk],
        },
    )
    assert response.status_code == 302
    form = page(coordinator_client.get(reverse("partners:check_create", args=[mosque.uuid])).content)
    assert "Updated hall hire procedures" in [o.text for o in form.iter("option")]
    rows = _register_rows(coordinator_client)
    assert rows[("Faith institution", "Updated hall hire procedures")]["Never checked"] == "1"
    event = AuditEvent.objects.get(verb="partners.check_item.updated")
    assert event.changes["sectors"]["to"] == ["Faith institution", "Voluntary and community"]
    # Narrowed to faith only, the hall's sector no longer has the check.
    actions.update_check_item(
        viewer=coordinator_viewer, item=own, label=own.label, sectors=[sector("faith-institution")]
    )
    assert ("Voluntary and community", "Updated hall hire procedures") not in _register_rows(
        coordinator_client
    )
    assert hall.sector_id == sector("voluntary-community").pk
    # Hostile or empty input is refused and changes nothing.
    for data in (
        {"label": "", "sectors": [sector("police").pk]},
        {"label": "Hall hire", "sectors": []},
        {"label": "Hall hire", "sectors": ["abc"]},
        {"label": "Hall hire", "sectors": ["999999"]},
        {"label": "x" * 5000, "sectors": [sector("police").pk]},
        {"label": "A policy that covers Prevent", "sectors": [sector("police").pk]},
    ):
        response = coordinator_client.post(edit, data)
        assert response.status_code == 200, data
    own.refresh_from_db()
    assert own.label == "Updated hall hire procedures"
    assert list(own.sectors.values_list("code", flat=True)) == ["faith-institution"]
    # A seeded check's sectors cannot be changed; another partnership's check is not found.
    assert (
        coordinator_client.get(
            reverse("partners:check_item_edit", args=[check_item("policy").pk])
        ).status_code
        == 404
    )
    with pytest.raises(Refused):
        actions.update_check_item(
            viewer=coordinator_viewer, item=check_item("policy"), label="Policy", sectors=[sector("police")]
        )
    outsider = viewer(person(other_partnership, Role.COORDINATOR), other_partnership)
    with pytest.raises(Refused):
        actions.update_check_item(viewer=outsider, item=own, label="Mine now", sectors=[sector("police")])

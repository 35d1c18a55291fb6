from __future__ import annotations

import csv
import datetime as dt
import importlib
import io
from collections.abc import Callable
from typing import Any

import pytest
from django.apps import apps as django_apps
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse
from openpyxl import Workbook

from accounts.access import Viewer
from accounts.models import Partnership, Role, User
from audit.models import AuditEvent
from conftest import viewer
from govuk.testing import Table, page
from lib.errors import Refused
from partners import actions
from partners.models import CheckItem, Organisation, OrganisationStatus, StaffCount, StaffGroup
from partners.tests.builders import contact_role, duty_check, organisation, partner_lead, sector
from plans.tests import workbooks

pytestmark = pytest.mark.django_db

GIAS_HEADINGS = [
    "URN",
    "LA (code)",
    "EstablishmentName",
    "TypeOfEstablishment (name)",
    "EstablishmentStatus (name)",
    "NumberOfPupils",
    "Trusts (name)",
    "Street",
    "Locality",
    "Town",
    "Postcode",
]
GIAS_ROWS = [
    [
        "101236",
        "301",
        "Dagenham Park Church of England School",
        "Voluntary aided school",
        "Open",
        "1210",
        "",
        "School Road",
        "",
        "Dagenham",
        "RM10 9QH",
    ],
    [
        "137363",
        "301",
        "Riverside School",
        "Academy converter",
        "Open",
        "1450",
        "Riverside Learning Trust",
        "Renwick Road",
        "",
        "Barking",
        "IG11 0FU",
    ],
    [
        "139200",
        "301",
        "Riverside Bridge School",
        "Free schools special",
        "Open",
        "160",
        "Riverside Learning Trust",
        "Renwick Road",
        "",
        "Barking",
        "IG11 0FU",
    ],
    [
        "101200",
        "301",
        "Old Barking Primary",
        "Community school",
        "Closed",
        "",
        "",
        "",
        "",
        "Barking",
        "IG11 7AA",
    ],
]


def csv_file(headings: list[str], rows: list[list[str]], name: str = "register.csv") -> SimpleUploadedFile:
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow(headings)
    writer.writerows(rows)
    return SimpleUploadedFile(name, buffer.getvalue().encode())


def xlsx_file(headings: list[str], rows: list[list[str]]) -> SimpleUploadedFile:
    book = Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.append(headings)
    for row in rows:
        sheet.append(row)
    buffer = io.BytesIO()
    book.save(buffer)
    return SimpleUploadedFile("establishments.xlsx", buffer.getvalue())


def upload(client: Client, file: SimpleUploadedFile, mapping: str = "gias") -> Any:
    return client.post(reverse("partners:organisation_import"), {"mapping": mapping, "file": file})


def problems(response: Any) -> list[str]:
    return [item.text for item in page(response.content).by_id("import-problems").iter("li")]


def register(client: Client, query: str = "") -> list[dict[str, str]]:
    response = client.get(reverse("partners:organisation_list") + query)
    assert response.status_code == 200
    return Table.read(page(response.content).iter("table")[0]).rows


@pytest.fixture
def coordinator_client(coordinator: User, sign_in: Callable[..., Client]) -> Client:
    return sign_in(coordinator)


def test_a_gias_download_lands_with_sectors_statuses_and_trusts_as_parents(
    coordinator_client: Client,
) -> None:
    response = upload(coordinator_client, csv_file(GIAS_HEADINGS, GIAS_ROWS))
    assert response.status_code == 302
    rows = {row["Organisation"]: row for row in register(coordinator_client)}
    assert rows["Dagenham Park Church of England School"]["Sector"] == "School: maintained"
    assert rows["Riverside School"] == {
        "Organisation": "Riverside School",
        "Sector": "School: academy",
        "Part of": "Riverside Learning Trust",
        "Postcode": "IG11 0FU",
        "Status": "Active",
    }
    assert rows["Riverside Bridge School"]["Part of"] == "Riverside Learning Trust"
    assert rows["Riverside Learning Trust"]["Sector"] == "Academy trust (group of schools)"
    assert rows["Old Barking Primary"]["Status"] == "Closed"
    school = Organisation.objects.get(urn="137363")
    assert school.address == "Renwick Road, Barking"
    assert AuditEvent.objects.filter(verb="partners.organisation.imported").count() == 5


def test_a_trust_from_gias_is_no_school_and_has_no_duty_check_gaps(
    coordinator_viewer: Viewer, coordinator_client: Client
) -> None:
    upload(coordinator_client, csv_file(GIAS_HEADINGS, GIAS_ROWS))
    trust = Organisation.objects.get(name="Riverside Learning Trust")
    assert trust.sector == sector("academy-trust")
    assert not CheckItem.objects.filter(partnership=None, sectors=trust.sector).exists()
    response = coordinator_client.get(reverse("partners:check_register"))
    sectors = {row["Sector"] for row in Table.read(page(response.content).by_id("gaps")).rows}
    assert "Academy trust (group of schools)" not in sectors
    gaps = register(coordinator_client, "?check_result=gap")
    assert "Riverside Learning Trust" not in {row["Organisation"] for row in gaps}
    assert "Riverside School" in {row["Organisation"] for row in gaps}


def _trust_migration() -> Any:
    return importlib.import_module("partners.migrations.0005_academy_trust_sector")


def test_the_migration_moves_only_trusts_a_gias_import_added(
    coordinator_viewer: Viewer, coordinator_client: Client
) -> None:
    upload(coordinator_client, csv_file(GIAS_HEADINGS, GIAS_ROWS))
    academy = sector("school-academy")
    imported = Organisation.objects.get(name="Riverside Learning Trust")
    # As an import made before the trusts' sector existed left it.
    Organisation.objects.filter(pk=imported.pk).update(sector=academy)
    by_hand = organisation(coordinator_viewer, "Thames Multi-Academy Trust", "school-academy")
    organisation(coordinator_viewer, "Thames Primary", "school-academy", parent=by_hand)
    _trust_migration().seed(django_apps, None)
    imported.refresh_from_db()
    by_hand.refresh_from_db()
    assert imported.sector == sector("academy-trust")
    assert by_hand.sector == academy
    assert Organisation.objects.get(name="Riverside School").sector == academy


def test_the_migration_leaves_a_trust_with_duty_checks_recorded(
    coordinator_viewer: Viewer, coordinator_client: Client
) -> None:
    upload(coordinator_client, csv_file(GIAS_HEADINGS, GIAS_ROWS))
    academy = sector("school-academy")
    imported = Organisation.objects.get(name="Riverside Learning Trust")
    Organisation.objects.filter(pk=imported.pk).update(sector=academy)
    imported.refresh_from_db()
    duty_check(coordinator_viewer, imported, "policy")
    _trust_migration().seed(django_apps, None)
    imported.refresh_from_db()
    assert imported.sector == academy


def test_an_xlsx_download_reads_the_same(coordinator_client: Client) -> None:
    assert upload(coordinator_client, xlsx_file(GIAS_HEADINGS, GIAS_ROWS)).status_code == 302
    assert Organisation.objects.count() == 5


def test_importing_the_same_file_again_adds_and_changes_nothing(coordinator_client: Client) -> None:
    upload(coordinator_client, csv_file(GIAS_HEADINGS, GIAS_ROWS))
    events = AuditEvent.objects.count()
    response = upload(coordinator_client, csv_file(GIAS_HEADINGS, GIAS_ROWS))
    assert response.status_code == 302
    assert Organisation.objects.count() == 5
    assert AuditEvent.objects.count() == events
    # A later download updates in place, matched by URN.
    changed = [row[:] for row in GIAS_ROWS]
    changed[0][4] = "Closed"
    upload(coordinator_client, csv_file(GIAS_HEADINGS, changed))
    assert Organisation.objects.count() == 5
    assert Organisation.objects.get(urn="101236").status == OrganisationStatus.CLOSED


def test_without_a_urn_an_organisation_is_matched_by_name_and_postcode(coordinator_client: Client) -> None:
    headings = ["Name", "Sector", "Postcode"]
    rows = [
        ["Barking Mosque", "Faith institution", "ig11 8ab"],
        ["Barking Mosque", "Faith institution", "IG11 9ZZ"],
    ]
    upload(coordinator_client, csv_file(headings, rows), mapping="hub")
    upload(coordinator_client, csv_file(headings, rows), mapping="hub")
    assert sorted(Organisation.objects.values_list("postcode", flat=True)) == ["IG11 8AB", "IG11 9ZZ"]


def test_a_file_with_bad_rows_imports_nothing_and_names_every_bad_row(coordinator_client: Client) -> None:
    headings = ["Name", "Sector", "Status"]
    rows = [
        ["Eastbury Community School", "School: maintained", "Active"],
        ["", "Health", "Active"],
        ["Barking Fire Station", "Fire brigade", "Active"],
        ["Gascoigne Primary", "School: maintained", "Shut"],
    ]
    response = upload(coordinator_client, csv_file(headings, rows), mapping="hub")
    assert response.status_code == 200
    assert problems(response) == [
        "Row 3: enter the organisation's name",
        "Row 4: ‘Fire brigade’ is not a sector in the list",
        "Row 5: the status must be Active or Closed",
    ]
    assert not Organisation.objects.exists()


def test_a_refusal_while_writing_undoes_the_rows_written_before_it(
    coordinator_viewer: Viewer, coordinator_client: Client
) -> None:
    organisation(coordinator_viewer, "Riverside Trust", postcode="IG11 1AA")
    organisation(coordinator_viewer, "Riverside Trust", postcode="IG11 2BB")
    headings = ["Name", "Sector", "Parent organisation"]
    rows = [
        ["Thames View Infants", "School: academy", ""],
        ["Thames View Juniors", "School: academy", "Riverside Trust"],
    ]
    response = upload(coordinator_client, csv_file(headings, rows), mapping="hub")
    assert problems(response) == ["Row 3: more than one organisation is named ‘Riverside Trust’"]
    assert Organisation.objects.count() == 2


def test_a_file_claiming_huge_dimensions_is_read_as_its_rows(coordinator_client: Client) -> None:
    rows = workbooks.row(1, ["Name", "Sector"]) + workbooks.row(2, ["Castle Point Youth Club", "Other"])
    content = workbooks.workbook(workbooks.sheet(rows, dimension="A1:XFD1048576"))
    response = upload(coordinator_client, SimpleUploadedFile("big.xlsx", content), mapping="hub")
    assert response.status_code == 302
    assert list(Organisation.objects.values_list("name", flat=True)) == ["Castle Point Youth Club"]


def test_a_file_with_too_many_rows_is_refused(coordinator_client: Client) -> None:
    rows = [[f"Organisation {n}", "Other"] for n in range(5002)]
    response = upload(coordinator_client, csv_file(["Name", "Sector"], rows), mapping="hub")
    assert response.status_code == 200
    assert problems(response) == ["The file has more than 5,000 rows. Import at most 5,000 at a time"]
    assert not Organisation.objects.exists()


def test_a_parent_cycle_is_refused(coordinator_viewer: Viewer) -> None:
    council = organisation(coordinator_viewer, "Barking and Dagenham Council", "local-authority")
    service = organisation(coordinator_viewer, "Youth Service", "local-authority", parent=council)
    team = organisation(coordinator_viewer, "Youth Offending Team", "local-authority", parent=service)
    with pytest.raises(Refused, match="under itself"):
        actions.update_organisation(viewer=coordinator_viewer, organisation=council, parent=team)
    with pytest.raises(Refused, match="under itself"):
        actions.update_organisation(viewer=coordinator_viewer, organisation=council, parent=council)
    council.refresh_from_db()
    assert council.parent is None


def test_a_urn_is_unique_in_the_partnership(coordinator_viewer: Viewer) -> None:
    organisation(coordinator_viewer, "Eastbrook School", urn="101234")
    with pytest.raises(Refused, match="URN"):
        organisation(coordinator_viewer, "Eastbrook School annexe", urn="101234")


def test_a_coordinator_adds_and_edits_an_organisation(coordinator_client: Client) -> None:
    response = coordinator_client.post(
        reverse("partners:organisation_create"),
        {
            "name": "Barking Learning Centre",
            "sector": sector("local-authority").pk,
            "status": "active",
            "postcode": "ig11 7nb",
        },
    )
    assert response.status_code == 302
    created = Organisation.objects.get()
    assert created.postcode == "IG11 7NB"
    response = coordinator_client.post(
        reverse("partners:organisation_edit", args=[created.uuid]),
        {"name": "Barking Learning Centre", "sector": sector("local-authority").pk, "status": "closed"},
    )
    assert response.status_code == 302
    created.refresh_from_db()
    assert created.status == "closed"
    assert AuditEvent.objects.filter(verb="partners.organisation.updated").count() == 1


def test_the_register_filters_by_name_sector_and_status(
    coordinator_viewer: Viewer, coordinator_client: Client
) -> None:
    organisation(coordinator_viewer, "Barking Abbey School", "school-academy")
    organisation(coordinator_viewer, "Barking Hospital", "health", status="closed")
    organisation(coordinator_viewer, "Dagenham Library", "local-authority")
    names = [row["Organisation"] for row in register(coordinator_client, "?name=barking")]
    assert names == ["Barking Abbey School", "Barking Hospital"]
    names = [row["Organisation"] for row in register(coordinator_client, f"?sector={sector('health').pk}")]
    assert names == ["Barking Hospital"]
    names = [row["Organisation"] for row in register(coordinator_client, "?status=active")]
    assert names == ["Barking Abbey School", "Dagenham Library"]


def test_the_steering_group_reads_without_edit_links(
    coordinator_viewer: Viewer, steering: User, sign_in: Callable[..., Client]
) -> None:
    school = organisation(coordinator_viewer, "Barking Abbey School", "school-academy")
    client = sign_in(steering)
    assert [row["Organisation"] for row in register(client)] == ["Barking Abbey School"]
    shown = page(client.get(school.get_absolute_url()).content)
    hrefs = [href for _, href in shown.links()]
    assert reverse("partners:organisation_edit", args=[school.uuid]) not in hrefs
    listed = [href for _, href in page(client.get(reverse("partners:organisation_list")).content).links()]
    assert reverse("partners:organisation_create") not in listed
    assert client.get(reverse("partners:organisation_edit", args=[school.uuid])).status_code == 404


def test_an_organisations_page_lists_its_contacts_and_those_within_it_under_their_headings(
    coordinator_viewer: Viewer, coordinator_client: Client
) -> None:
    council = organisation(coordinator_viewer, "Barking and Dagenham Council", "local-authority")
    organisation(coordinator_viewer, "Youth <Service>", "local-authority", parent=council)
    organisation(coordinator_viewer, "Adult Learning", "local-authority", parent=council, status="closed")
    actions.add_contact(
        viewer=coordinator_viewer,
        organisation=council,
        name="Amira Khan",
        job_title="Prevent & Community Cohesion Officer",
        email="amira.khan@example.gov.uk",
        phone="020 8215 3000",
        roles=[contact_role("prevent-lead"), contact_role("designated-safeguarding-lead")],
        staff_group=StaffGroup.objects.get(partnership=None, code="frontline-staff"),
        left_on=dt.date(2026, 11, 30),
    )
    shown = page(coordinator_client.get(council.get_absolute_url()).content)
    tables = {table.caption: table for table in shown.tables()}
    contact = tables["Contacts at Barking and Dagenham Council"].rows[0]
    assert contact["Name"] == "Amira Khan"
    assert contact["Job title"] == "Prevent & Community Cohesion Officer"
    assert contact["Roles"] == "Prevent lead, Designated safeguarding lead"
    assert contact["Staff group"] == "Frontline staff (left 30 November 2026)"
    assert (contact["Work email"], contact["Work phone"]) == ("amira.khan@example.gov.uk", "020 8215 3000")
    assert contact["Change"] == "Change Amira Khan"
    within = {
        row["Organisation"]: row for row in tables["Organisations within Barking and Dagenham Council"].rows
    }
    assert within["Youth <Service>"] == {
        "Organisation": "Youth <Service>",
        "Sector": "Local authority service",
        "Status": "Active",
    }
    assert within["Adult Learning"]["Status"] == "Closed"
    for text, href in shown.links():
        if text in within or text.startswith("Change"):
            assert coordinator_client.get(href).status_code == 200


def test_another_partnerships_organisation_is_404(
    coordinator_viewer: Viewer,
    other_partnership: Partnership,
    person: Callable[..., User],
    sign_in: Callable[..., Client],
) -> None:
    school = organisation(coordinator_viewer, "Barking Abbey School", "school-academy")
    outsider = sign_in(person(other_partnership, Role.COORDINATOR))
    assert outsider.get(school.get_absolute_url()).status_code == 404
    listed = page(outsider.get(reverse("partners:organisation_list")).content)
    assert listed.by_id("organisation-count").text == "0 organisations."
    other_viewer = viewer(User.objects.get(memberships__partnership=other_partnership), other_partnership)
    with pytest.raises(Refused):
        actions.update_organisation(viewer=other_viewer, organisation=school, name="Taken")
    with pytest.raises(Refused):
        organisation(other_viewer, "Under another's council", parent=school)


def test_a_saved_column_layout_reads_a_file_with_its_own_headings(coordinator_client: Client) -> None:
    # Step 1: a file of the layout is read for its headings, and nothing is imported.
    sample = csv_file(["Group", "Type", "PC", "Notes"], [["Anyone", "Other", "", ""]])
    response = coordinator_client.post(reverse("partners:mapping_create"), {"file": sample})
    assert response.status_code == 302
    assert response["Location"] == reverse("partners:mapping_columns")
    assert not Organisation.objects.exists()
    # Step 2: each field is a choice among the file's headings.
    shown = page(coordinator_client.get(reverse("partners:mapping_columns")).content)
    options = [option.text for option in shown.iter("option") if option.attrs.get("value")]
    assert options[:4] == ["Group", "Type", "PC", "Notes"]
    refused = coordinator_client.post(
        reverse("partners:mapping_columns"), {"name": "Community team list", "name_column": "Not a heading"}
    )
    assert "Select a column of the file from the list" in refused.content.decode()
    response = coordinator_client.post(
        reverse("partners:mapping_columns"),
        {
            "name": "Community team list",
            "name_column": "Group",
            "sector_column": "Type",
            "postcode_column": "PC",
            "address_column": "",
        },
    )
    assert response.status_code == 302
    shown = page(coordinator_client.get(reverse("partners:organisation_import")).content)
    choices = [
        label.text for label in shown.iter("label") if "govuk-radios__label" in label.attrs.get("class", "")
    ]
    assert "Community team list" in choices
    key = next(
        element.attrs["value"]
        for element in shown.iter("input")
        if element.attrs.get("name") == "mapping" and element.attrs["value"].startswith("saved-")
    )
    rows = [["Gurdwara Singh Sabha", "Faith institution", "ig11 8pz"]]
    response = upload(coordinator_client, csv_file(["Group", "Type", "PC", "Notes"], rows), mapping=key)
    assert response.status_code == 302
    imported = Organisation.objects.get()
    assert (imported.name, imported.sector.label, imported.postcode) == (
        "Gurdwara Singh Sabha",
        "Faith institution",
        "IG11 8PZ",
    )


def test_a_layout_needs_the_name_column(coordinator_viewer: Viewer) -> None:
    with pytest.raises(Refused, match="name"):
        actions.save_mapping(viewer=coordinator_viewer, name="Empty", columns={"sector": "Type"})


def test_staff_numbers_are_dated_rows_shown_to_the_steering_group(
    coordinator_viewer: Viewer, coordinator_client: Client, steering: User, sign_in: Callable[..., Client]
) -> None:
    school = organisation(coordinator_viewer, "Eastbury Community School", "school-maintained")
    url = reverse("partners:staff_count_create", args=[school.uuid])
    teaching = StaffGroup.objects.get(partnership=None, code="teaching-staff")
    for number, year in ((96, 2024), (101, 2025)):
        response = coordinator_client.post(
            url,
            {
                "staff_group": teaching.pk,
                "number": str(number),
                "counted_on_day": "1",
                "counted_on_month": "9",
                "counted_on_year": str(year),
            },
        )
        assert response.status_code == 302
    again = coordinator_client.post(
        url,
        {
            "staff_group": teaching.pk,
            "number": "5",
            "counted_on_day": "1",
            "counted_on_month": "9",
            "counted_on_year": "2025",
        },
    )
    assert again.status_code == 200
    assert StaffCount.objects.count() == 2
    shown = page(sign_in(steering).get(school.get_absolute_url()).content)
    [table] = [t for t in shown.tables() if t.caption.startswith("Staff numbers")]
    assert table.rows == [
        {"Date counted": "1 September 2025", "Staff group": "Teaching staff", "Number": "101"},
        {"Date counted": "1 September 2024", "Staff group": "Teaching staff", "Number": "96"},
    ]


def _count_form(number: int, day: dt.date, group: StaffGroup) -> dict[str, str]:
    return {
        "staff_group": str(group.pk),
        "number": str(number),
        "counted_on_day": str(day.day),
        "counted_on_month": str(day.month),
        "counted_on_year": str(day.year),
    }


def test_a_coordinator_corrects_and_deletes_a_staff_count(
    coordinator_viewer: Viewer, coordinator_client: Client
) -> None:
    school = organisation(coordinator_viewer, "Eastbury Community School", "school-maintained")
    teaching = StaffGroup.objects.get(partnership=None, code="teaching-staff")
    first = actions.record_staff_count(
        viewer=coordinator_viewer,
        organisation=school,
        staff_group=teaching,
        number=96,
        counted_on=dt.date(2024, 9, 1),
    )
    second = actions.record_staff_count(
        viewer=coordinator_viewer,
        organisation=school,
        staff_group=teaching,
        number=11,
        counted_on=dt.date(2025, 9, 1),
    )
    detail = page(coordinator_client.get(school.get_absolute_url()).content)
    edit = reverse("partners:staff_count_edit", args=[second.uuid])
    delete = reverse("partners:staff_count_delete", args=[second.uuid])
    hrefs = [href for _, href in detail.links()]
    assert edit in hrefs and delete in hrefs
    assert coordinator_client.post(edit, _count_form(101, dt.date(2025, 9, 1), teaching)).status_code == 302
    second.refresh_from_db()
    assert second.number == 101
    event = AuditEvent.objects.get(verb="partners.staff_count.corrected")
    assert event.changes == {"number": {"from": 11, "to": 101}}
    # Moving it onto the date of the other count of the group is refused.
    response = coordinator_client.post(edit, _count_form(101, dt.date(2024, 9, 1), teaching))
    assert response.status_code == 200
    second.refresh_from_db()
    assert second.counted_on == dt.date(2025, 9, 1)
    # Hostile input is shown as errors and changes nothing.
    events = AuditEvent.objects.count()
    for data in (
        {**_count_form(101, dt.date(2025, 9, 1), teaching), "number": "-1"},
        {**_count_form(101, dt.date(2025, 9, 1), teaching), "number": "1e9"},
        {**_count_form(101, dt.date(2025, 9, 1), teaching), "staff_group": "999999"},
        {**_count_form(101, dt.date(2025, 9, 1), teaching), "staff_group": "<script>"},
        {**_count_form(101, dt.date(2025, 9, 1), teaching), "counted_on_year": "3000"},
        {},
    ):
        assert coordinator_client.post(edit, data).status_code == 200, data
    assert AuditEvent.objects.count() == events
    assert coordinator_client.post(delete).status_code == 302
    assert list(StaffCount.objects.values_list("pk", flat=True)) == [first.pk]
    assert AuditEvent.objects.get(verb="partners.staff_count.deleted").changes["number"] == {
        "from": 101,
        "to": None,
    }
    assert coordinator_client.get(edit).status_code == 404


def test_only_the_coordinator_of_the_partnership_corrects_staff_counts(
    coordinator_viewer: Viewer,
    steering: User,
    other_partnership: Partnership,
    person: Callable[..., User],
    sign_in: Callable[..., Client],
) -> None:
    school = organisation(coordinator_viewer, "Eastbury Community School", "school-maintained")
    teaching = StaffGroup.objects.get(partnership=None, code="teaching-staff")
    count = actions.record_staff_count(
        viewer=coordinator_viewer,
        organisation=school,
        staff_group=teaching,
        number=96,
        counted_on=dt.date(2024, 9, 1),
    )
    lead = partner_lead(coordinator_viewer, school, "lead@eastbury.example.org")
    outsider = person(other_partnership, *Role)
    edit = reverse("partners:staff_count_edit", args=[count.uuid])
    delete = reverse("partners:staff_count_delete", args=[count.uuid])
    for user in (steering, lead, outsider):
        client = sign_in(user)
        assert client.get(edit).status_code == 404
        assert client.post(edit, _count_form(5, dt.date(2024, 9, 1), teaching)).status_code == 404
        assert client.get(delete).status_code == 404
        assert client.post(delete).status_code == 404
    lead_page = page(sign_in(lead).get(school.get_absolute_url()).content)
    assert edit not in [href for _, href in lead_page.links()]
    with pytest.raises(Refused):
        actions.delete_staff_count(viewer=viewer(steering, coordinator_viewer.partnership), count=count)
    count.refresh_from_db()
    assert count.number == 96


HUB_PARENTS = ["Name", "Sector", "Postcode", "Parent organisation"]


def test_a_parent_named_by_two_rows_of_the_file_is_listed_before_anything_is_written(
    coordinator_client: Client,
) -> None:
    rows = [
        ["Riverside Trust", "Other", "IG11 1AA", ""],
        ["Riverside Trust", "Other", "IG11 2BB", ""],
        ["Thames View Juniors", "School: academy", "IG11 3CC", "Riverside Trust"],
        ["", "Other", "", ""],
    ]
    response = upload(coordinator_client, csv_file(HUB_PARENTS, rows), mapping="hub")
    assert response.status_code == 200
    assert problems(response) == [
        "Row 4: more than one organisation is named ‘Riverside Trust’",
        "Row 5: enter the organisation's name",
    ]
    assert not Organisation.objects.exists()


def test_a_parent_named_once_in_the_file_and_once_on_the_register_is_listed(
    coordinator_viewer: Viewer, coordinator_client: Client
) -> None:
    organisation(coordinator_viewer, "Riverside Trust", postcode="IG11 1AA")
    rows = [
        ["Riverside Trust", "Other", "IG11 9ZZ", ""],
        ["Thames View Juniors", "School: academy", "IG11 3CC", "Riverside Trust"],
    ]
    response = upload(coordinator_client, csv_file(HUB_PARENTS, rows), mapping="hub")
    assert problems(response) == ["Row 3: more than one organisation is named ‘Riverside Trust’"]
    assert Organisation.objects.count() == 1
    # The same organisation in the file and on the register (matched by name and
    # postcode) is one organisation, not two.
    rows[0][2] = "ig11 1aa"
    response = upload(coordinator_client, csv_file(HUB_PARENTS, rows), mapping="hub")
    assert response.status_code == 302
    assert Organisation.objects.get(name="Thames View Juniors").parent.name == "Riverside Trust"  # type: ignore[union-attr]


def test_a_loop_of_parents_in_the_file_is_listed_with_its_row(
    coordinator_viewer: Viewer, coordinator_client: Client
) -> None:
    council = organisation(coordinator_viewer, "Barking Council", "local-authority")
    organisation(coordinator_viewer, "Youth Service", "local-authority", parent=council)
    rows = [
        ["Alpha Centre", "Other", "", "Beta Centre"],
        ["Beta Centre", "Other", "", "Alpha Centre"],
        ["Gamma Centre", "Other", "", "Gamma Centre"],
        # The council under its own service: a loop through the register.
        ["Barking Council", "Local authority service", "", "Youth Service"],
        ["Delta Centre", "Other", "", "Nowhere Trust"],
    ]
    response = upload(coordinator_client, csv_file(HUB_PARENTS, rows), mapping="hub")
    assert response.status_code == 200
    assert problems(response) == [
        "Row 3: an organisation cannot sit under itself or under one of its own",
        "Row 4: an organisation cannot sit under itself or under one of its own",
        "Row 5: an organisation cannot sit under itself or under one of its own",
        "Row 6: no organisation is named ‘Nowhere Trust’",
    ]
    assert Organisation.objects.count() == 2


def test_a_chain_deeper_than_allowed_is_listed(coordinator_client: Client) -> None:
    rows = [[f"Level {n}", "Other", "", f"Level {n - 1}" if n else ""] for n in range(12)]
    response = upload(coordinator_client, csv_file(HUB_PARENTS, rows), mapping="hub")
    assert response.status_code == 200
    assert problems(response) == [
        "Row 13: the chain of parent organisations is too long or goes round",
    ]
    assert not Organisation.objects.exists()

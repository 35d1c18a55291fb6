"""Partner leads: appointed by the coordinator, they see and keep up to date their own
organisation's record and nothing of any other; and the rest of the register's upkeep
(contacts, layouts, networks, the partnership's own lists, the home page panel)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable

import pytest
from django.test import Client
from django.urls import reverse

from accounts.access import Viewer
from accounts.models import Membership, Partnership, Role, User
from audit.models import AuditEvent
from conftest import viewer
from govuk.testing import list_rows, page
from lib.errors import Refused
from partners import actions
from partners.models import ColumnMapping, Contact, DutyCheck, PartnerLead, Sector
from partners.tests.builders import check_item, contact_role, duty_check, organisation, partner_lead
from partners.tests.test_partners import csv_file, problems, upload

pytestmark = pytest.mark.django_db


@pytest.fixture
def coordinator_client(coordinator: User, sign_in: Callable[..., Client]) -> Client:
    return sign_in(coordinator)


def _date(prefix: str, day: dt.date) -> dict[str, str]:
    return {f"{prefix}_day": str(day.day), f"{prefix}_month": str(day.month), f"{prefix}_year": str(day.year)}


def test_a_partner_lead_sees_their_organisation_and_nothing_of_another(
    coordinator_viewer: Viewer, sign_in: Callable[..., Client]
) -> None:
    trust = organisation(coordinator_viewer, "Riverside Learning Trust", "school-academy")
    school = organisation(coordinator_viewer, "Riverside Academy", "school-academy", parent=trust)
    other = organisation(coordinator_viewer, "Eastbury Community School", "school-maintained")
    other_contact = actions.add_contact(viewer=coordinator_viewer, organisation=other, name="Someone Else")
    actions.add_contact(viewer=coordinator_viewer, organisation=school, name="Priya Lead")
    check = duty_check(coordinator_viewer, other)
    client = sign_in(partner_lead(coordinator_viewer, school, "lead@riverside.example.org"))

    listed = list_rows(client, reverse("partners:organisation_list"))
    assert [row["Organisation"] for row in listed] == ["Riverside Academy"]
    navigation = [text for text, _ in page(client.get("/").content).by_id("navigation").links()]
    assert "Organisations" in navigation and "Networks" not in navigation

    detail = page(client.get(school.get_absolute_url()).content)
    # The trust is named but not linked: its page is not theirs to open.
    assert "Riverside Learning Trust" in detail.by_id("organisation-details").text
    assert trust.get_absolute_url() not in [href for _, href in detail.links()]
    [contacts] = [t for t in detail.tables() if t.caption == "Contacts at Riverside Academy"]
    assert [row["Name"] for row in contacts.rows] == ["Priya Lead"]
    assert "Edit details" not in detail.text and "Appoint a partner lead" not in detail.text

    for url in (
        other.get_absolute_url(),
        trust.get_absolute_url(),
        reverse("partners:contact_create", args=[other.uuid]),
        reverse("partners:check_create", args=[other.uuid]),
        reverse("partners:contact_edit", args=[other_contact.uuid]),
        reverse("partners:contact_remove", args=[other_contact.uuid]),
        reverse("partners:check_evidence", args=[check.uuid]),
        reverse("partners:organisation_edit", args=[school.uuid]),
        reverse("partners:staff_count_create", args=[school.uuid]),
        reverse("partners:partner_lead_add", args=[school.uuid]),
        reverse("partners:check_register"),
        reverse("partners:network_list"),
        reverse("partners:lists"),
    ):
        assert client.get(url).status_code == 404, url
        assert client.post(url, {}).status_code == 404, url


def test_a_partner_lead_keeps_their_contacts_and_records_checks(
    coordinator_viewer: Viewer, sign_in: Callable[..., Client]
) -> None:
    school = organisation(coordinator_viewer, "Riverside Academy", "school-academy")
    other = organisation(coordinator_viewer, "Eastbury Community School", "school-maintained")
    lead = partner_lead(coordinator_viewer, school, "lead@riverside.example.org")
    client = sign_in(lead)
    response = client.post(
        reverse("partners:contact_create", args=[school.uuid]),
        {
            "name": "Tom Teacher",
            "email": "t.teacher@riverside.example.org",
            **_date("started_on", dt.date(2024, 9, 1)),
        },
    )
    assert response.status_code == 302
    contact = Contact.objects.get(name="Tom Teacher")
    assert contact.started_on == dt.date(2024, 9, 1)
    response = client.post(
        reverse("partners:check_create", args=[school.uuid]),
        {"item": check_item("it-filtering").pk, "status": "met", **_date("checked_on", dt.date(2025, 3, 1))},
    )
    assert response.status_code == 302
    assert DutyCheck.objects.get().recorded_by == lead
    lead_viewer = viewer(lead, coordinator_viewer.partnership)
    with pytest.raises(Refused):
        actions.add_contact(viewer=lead_viewer, organisation=other, name="Not theirs")
    with pytest.raises(Refused):
        actions.update_contact(viewer=lead_viewer, contact=contact, roles=[], organisation=other)
    with pytest.raises(Refused):
        duty_check(lead_viewer, other)


def test_the_coordinator_appoints_and_removes_a_partner_lead(
    coordinator_viewer: Viewer,
    coordinator_client: Client,
    person: Callable[..., User],
    other_partnership: Partnership,
    sign_in: Callable[..., Client],
) -> None:
    school = organisation(coordinator_viewer, "Riverside Academy", "school-academy")
    lead = person(coordinator_viewer.partnership, Role.PARTNER_LEAD, email="dsl@riverside.example.org")
    person(coordinator_viewer.partnership, Role.REFERRER, email="referrer@riverside.example.org")
    person(other_partnership, Role.PARTNER_LEAD, email="elsewhere@example.org")
    url = reverse("partners:partner_lead_add", args=[school.uuid])
    options = [
        o.text for o in page(coordinator_client.get(url).content).iter("option") if o.attrs.get("value")
    ]
    assert options == [f"{lead.full_name} (dsl@riverside.example.org)"]
    # Someone without the role, or of another partnership, is refused.
    referrer = User.objects.get(email="referrer@riverside.example.org")
    refused = coordinator_client.post(url, {"user": str(referrer.uuid)})
    assert "Select a partner lead from the list" in refused.content.decode()
    with pytest.raises(Refused, match="partner lead role"):
        actions.appoint_partner_lead(viewer=coordinator_viewer, organisation=school, user=referrer)
    assert coordinator_client.post(url, {"user": str(lead.uuid)}).status_code == 302
    appointed = PartnerLead.objects.get()
    assert (appointed.user, appointed.organisation) == (lead, school)
    assert sign_in(lead).get(school.get_absolute_url()).status_code == 200
    with pytest.raises(Refused, match="already leads"):
        actions.appoint_partner_lead(viewer=coordinator_viewer, organisation=school, user=lead)
    remove = reverse("partners:partner_lead_remove", args=[school.uuid, appointed.pk])
    assert coordinator_client.post(remove).status_code == 302
    assert not PartnerLead.objects.exists()
    assert sign_in(lead).get(school.get_absolute_url()).status_code == 404
    verbs = list(
        AuditEvent.objects.filter(verb__startswith="partners.partner_lead")
        .order_by("id")
        .values_list("verb", flat=True)
    )
    assert verbs == ["partners.partner_lead.appointed", "partners.partner_lead.removed"]


def test_a_work_email_names_one_contact_in_the_partnership_whatever_its_case(
    coordinator_viewer: Viewer, coordinator_client: Client
) -> None:
    school = organisation(coordinator_viewer, "Riverside Academy", "school-academy")
    actions.add_contact(
        viewer=coordinator_viewer, organisation=school, name="Priya", email="p.lead@riverside.org"
    )
    response = coordinator_client.post(
        reverse("partners:contact_create", args=[school.uuid]),
        {"name": "Another", "email": "P.Lead@Riverside.org"},
    )
    assert response.status_code == 200
    assert "Another contact of the partnership has this work email address" in response.content.decode()
    assert Contact.objects.count() == 1


def test_a_contact_edits_staff_group_and_dates_and_left_before_started_is_refused(
    coordinator_viewer: Viewer, coordinator_client: Client
) -> None:
    school = organisation(coordinator_viewer, "Riverside Academy", "school-academy")
    contact = actions.add_contact(viewer=coordinator_viewer, organisation=school, name="Tom Teacher")
    url = reverse("partners:contact_edit", args=[contact.uuid])
    from partners.models import StaffGroup

    teaching = StaffGroup.objects.get(partnership=None, code="teaching-staff")
    response = coordinator_client.post(
        url,
        {
            "name": "Tom Teacher",
            "staff_group": teaching.pk,
            **_date("started_on", dt.date(2024, 9, 1)),
            **_date("left_on", dt.date(2024, 8, 1)),
        },
    )
    assert "The date left must be on or after the date started" in response.content.decode()
    response = coordinator_client.post(
        url,
        {
            "name": "Tom Teacher",
            "staff_group": teaching.pk,
            **_date("started_on", dt.date(2024, 9, 1)),
            **_date("left_on", dt.date(2025, 7, 31)),
        },
    )
    assert response.status_code == 302
    contact.refresh_from_db()
    assert (contact.staff_group, contact.started_on, contact.left_on) == (
        teaching,
        dt.date(2024, 9, 1),
        dt.date(2025, 7, 31),
    )


def test_a_contact_is_removed_unless_training_records_depend_on_them(
    coordinator_viewer: Viewer, coordinator_client: Client
) -> None:
    from training.models import Completion, CompletionSource, Course

    school = organisation(coordinator_viewer, "Riverside Academy", "school-academy")
    mistake = actions.add_contact(viewer=coordinator_viewer, organisation=school, name="Added by mistake")
    trained = actions.add_contact(viewer=coordinator_viewer, organisation=school, name="Trained Person")
    Completion.objects.create(
        partnership=coordinator_viewer.partnership,
        person=trained,
        course=Course.objects.filter(partnership=None)[0],
        completed_on=dt.date(2025, 1, 1),
        source=CompletionSource.RECORDED,
    )
    confirm = page(coordinator_client.get(reverse("partners:contact_remove", args=[mistake.uuid])).content)
    assert "Remove Added by mistake?" in confirm.text
    assert coordinator_client.post(reverse("partners:contact_remove", args=[mistake.uuid])).status_code == 302
    assert not Contact.objects.filter(pk=mistake.pk).exists()
    response = coordinator_client.post(reverse("partners:contact_remove", args=[trained.uuid]), follow=True)
    assert "has training records, so cannot be removed" in response.content.decode()
    assert Contact.objects.filter(pk=trained.pk).exists()
    assert AuditEvent.objects.filter(verb="partners.contact.removed").count() == 1


def test_a_network_is_renamed_but_not_to_another_networks_name(
    coordinator_viewer: Viewer, coordinator_client: Client
) -> None:
    faith = actions.create_network(viewer=coordinator_viewer, name="Faith Network")
    actions.create_network(viewer=coordinator_viewer, name="Prevent champions")
    url = reverse("partners:network_edit", args=[faith.uuid])
    response = coordinator_client.post(url, {"name": "prevent champions", "description": ""})
    assert "already has a network with this name" in response.content.decode()
    response = coordinator_client.post(url, {"name": "City Faith Network", "description": "Faith leaders"})
    assert response.status_code == 302
    faith.refresh_from_db()
    assert (faith.name, faith.description) == ("City Faith Network", "Faith leaders")
    assert AuditEvent.objects.filter(verb="partners.network.updated").count() == 1


def test_saved_layouts_are_changed_and_deleted(
    coordinator_viewer: Viewer, coordinator_client: Client
) -> None:
    mapping = actions.save_mapping(
        viewer=coordinator_viewer, name="Community list", columns={"name": "Group"}
    )
    shown = page(coordinator_client.get(reverse("partners:organisation_import")).content)
    assert "Community list" in shown.by_id("saved-layouts").text
    url = reverse("partners:mapping_edit", args=[mapping.uuid])
    response = coordinator_client.post(url, {"name": "Community team list", "name_column": "Group name"})
    assert response.status_code == 302
    mapping.refresh_from_db()
    assert (mapping.name, mapping.columns) == ("Community team list", {"name": "Group name"})
    refused = coordinator_client.post(url, {"name": "Community team list", "name_column": ""})
    assert refused.status_code == 200
    assert coordinator_client.post(reverse("partners:mapping_delete", args=[mapping.uuid])).status_code == 302
    assert not ColumnMapping.objects.exists()
    verbs = set(AuditEvent.objects.filter(verb__startswith="partners.mapping").values_list("verb", flat=True))
    assert verbs == {"partners.mapping.saved", "partners.mapping.updated", "partners.mapping.deleted"}


def test_the_mapping_step_refuses_a_file_without_headings_and_hostile_files(
    coordinator_client: Client,
) -> None:
    url = reverse("partners:mapping_create")
    empty = coordinator_client.post(url, {"file": csv_file([""], [])})
    assert "no headings" in empty.content.decode() or "empty" in empty.content.decode()
    wrong = coordinator_client.post(url, {"file": csv_file(["Name"], [], name="register.exe")})
    assert "must be a CSV or XLSX file" in wrong.content.decode()
    # The second step without a file read first goes back to the first.
    assert coordinator_client.get(reverse("partners:mapping_columns"))["Location"] == url


def test_unknown_parents_are_reported_with_the_other_row_problems(
    coordinator_viewer: Viewer, coordinator_client: Client
) -> None:
    organisation(coordinator_viewer, "Barking and Dagenham Council", "local-authority")
    headings = ["Name", "Sector", "Parent organisation"]
    rows = [
        ["Youth Service", "Local authority service", "Barking and Dagenham Council"],
        ["Community Safety", "Local authority service", "Barking & Dagenham Counsil"],
        ["", "Local authority service", ""],
        ["Libraries", "Local authority service", "Leisure Services"],
        ["Leisure Services", "Local authority service", ""],
    ]
    response = upload(coordinator_client, csv_file(headings, rows), mapping="hub")
    assert problems(response) == [
        "Row 3: no organisation is named ‘Barking & Dagenham Counsil’",
        "Row 4: enter the organisation's name",
    ]


def test_the_partnership_adds_and_retires_its_own_list_entries(
    coordinator_viewer: Viewer, coordinator_client: Client
) -> None:
    shown = page(coordinator_client.get(reverse("partners:lists")).content)
    sectors = next(t for t in shown.tables() if t.caption == "Sectors")
    # Seeded entries are shown, with nothing to retire them.
    assert {row["Whose"] for row in sectors.rows} == {"Every partnership"}
    assert not shown.forms() or all("retire" not in f.attrs.get("action", "") for f in shown.forms())
    url = reverse("partners:list_entry_create", args=["sectors"])
    assert coordinator_client.post(url, {"label": "Youth club"}).status_code == 302
    refused = coordinator_client.post(url, {"label": "youth CLUB"})
    assert "The list already has this entry" in refused.content.decode()
    assert coordinator_client.post(url, {"label": "x" * 201}).status_code == 200
    own = Sector.objects.get(label="Youth club")
    form = page(coordinator_client.get(reverse("partners:organisation_create")).content)
    assert "Youth club" in [o.text for o in form.iter("option")]
    assert (
        coordinator_client.post(reverse("partners:list_entry_retire", args=["sectors", own.pk])).status_code
        == 302
    )
    form = page(coordinator_client.get(reverse("partners:organisation_create")).content)
    assert "Youth club" not in [o.text for o in form.iter("option")]
    for kind in ("staff-groups", "contact-roles"):
        assert (
            coordinator_client.post(
                reverse("partners:list_entry_create", args=[kind]), {"label": "Own"}
            ).status_code
            == 302
        )
    assert coordinator_client.get(reverse("partners:list_entry_create", args=["nonsense"])).status_code == 404
    assert contact_role("prevent-lead").active


def test_the_coordinators_home_panel_counts_what_its_lists_show(
    coordinator_viewer: Viewer, coordinator_client: Client, steering: User, sign_in: Callable[..., Client]
) -> None:
    school = organisation(coordinator_viewer, "Eastbury Community School", "school-maintained")
    organisation(coordinator_viewer, "Robert Clack School", "school-maintained")
    organisation(coordinator_viewer, "Old School", "school-maintained", status="closed")
    for item in (
        "policy",
        "named-lead",
        "staff-trained",
        "it-filtering",
        "lettings",
        "visiting-speakers",
        "risk-assessment",
    ):
        duty_check(coordinator_viewer, school, item)
    home = page(coordinator_client.get("/").content)
    counts = [
        (link.text, link.attrs["href"])
        for link in home.iter("a")
        if "app-summary-counts__link" in link.attrs.get("class", "")
    ]
    ours = [(text, href) for text, href in counts if href.startswith("/partners/")]
    assert [text for text, _ in ours] == [
        "2 active organisations",
        "1 organisation with a Prevent duty check gap",
    ]
    for text, href in ours:
        assert len(list_rows(coordinator_client, href)) == int(text.split()[0])
    steering_home = page(sign_in(steering).get("/").content)
    assert "Organisations" not in [h.text for h in steering_home.by_id("main-content").iter("h2")]


def test_membership_roles_other_than_partner_lead_see_no_organisations(
    coordinator_viewer: Viewer, person: Callable[..., User], sign_in: Callable[..., Client]
) -> None:
    school = organisation(coordinator_viewer, "Riverside Academy", "school-academy")
    referrer = person(coordinator_viewer.partnership, Role.REFERRER, email="ref@example.org")
    PartnerLead.objects.create(user=referrer, organisation=school)  # a link without the role
    assert Membership.objects.filter(user=referrer, role=Role.PARTNER_LEAD).count() == 0
    client = sign_in(referrer)
    assert client.get(reverse("partners:organisation_list")).status_code == 404
    assert client.get(school.get_absolute_url()).status_code == 404

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest
from django.test import Client
from django.urls import reverse

from accounts.access import Viewer
from accounts.models import Partnership, Role, User
from audit.models import AuditEvent
from conftest import viewer as viewer_of
from govuk.testing import Table, page
from lib.errors import Refused
from partners.models import Organisation
from training.actions import rules as rule_actions
from training.models import AudienceKind, ComplianceEntry, RequirementRule
from training.tests.builders_compliance import course, organisation, person, rule, sector, staff_group

pytestmark = pytest.mark.django_db


def _form(**overrides: Any) -> dict[str, Any]:
    data = {
        "name": "Youth Services WRAP",
        "audience": "staff_group",
        "staff_group": str(staff_group("frontline-staff").pk),
        "courses": [str(course("wrap").uuid)],
        "due_within_months": "3",
        "refresher_months": "24",
        "target_percent": "95",
    }
    data.update(overrides)
    return {key: value for key, value in data.items() if value is not None}


def test_the_coordinator_creates_a_rule_and_its_summary_is_filled(
    coordinator: User, coordinator_viewer: Viewer, sign_in: Callable[..., Client]
) -> None:
    youth = organisation(coordinator_viewer, "Youth Service")
    person(coordinator_viewer, youth, "Ana Able", group="frontline-staff")
    client = sign_in(coordinator)
    response = client.post(reverse("training:rule_create"), _form())
    assert response.status_code == 302
    created = RequirementRule.objects.get()
    assert response["Location"] == created.get_absolute_url()
    assert created.staff_group == staff_group("frontline-staff") and created.sector is None
    assert ComplianceEntry.objects.filter(rule=created).count() == 1
    assert AuditEvent.objects.filter(verb="training.rule.created").count() == 1
    listed = Table.read(page(client.get(reverse("training:rule_list")).content).iter("table")[0]).rows
    assert listed[0]["Requirement"] == "Youth Services WRAP"
    assert listed[0]["What it asks"] == (
        "Frontline staff: Workshop to Raise Awareness of Prevent (WRAP) within 3 months of starting, "
        "refresher every 2 years, target 95%"
    )
    assert listed[0]["Trained"] == "0% (0 of 1)"


def test_the_target_of_the_chosen_audience_is_kept_and_the_others_cleared(coordinator_viewer: Viewer) -> None:
    made = rule_actions.create_rule(
        viewer=coordinator_viewer,
        name="Schools",
        audience=AudienceKind.SECTOR,
        sector=sector("school-academy"),
        staff_group=staff_group("managers"),
        courses=[course("prevent-awareness")],
        due_within_months=0,
        target_percent=100,
    )
    assert made.staff_group is None and made.sector == sector("school-academy")


@pytest.mark.parametrize(
    ("overrides", "field", "message"),
    [
        ({"name": ""}, "name", "Enter a name for the rule"),
        ({"name": "x" * 5000}, "name", "Name must be 200 characters or fewer"),
        ({"audience": "everyone"}, "audience", "Select who the rule applies to from the list"),
        ({"staff_group": None}, "staff_group", "Select a staff group"),
        ({"audience": "organisation"}, "organisation", "Select an organisation of this partnership"),
        ({"courses": None}, "courses", "Select at least one course"),
        ({"courses": ["not-a-uuid"]}, "courses", "Select courses from the list"),
        ({"due_within_months": "-1"}, "due_within_months", "Due within (months) must be 0 or more"),
        ({"due_within_months": "3.5"}, "due_within_months", "as a whole number"),
        ({"refresher_months": "0"}, "refresher_months", "Refresher every (months) must be 1 or more"),
        ({"target_percent": "101"}, "target_percent", "Target (%) must be 100 or fewer"),
        ({"target_percent": "1e308"}, "target_percent", "as a whole number"),
    ],
)
def test_careless_and_hostile_input_is_refused_and_writes_nothing(
    overrides: dict[str, Any], field: str, message: str, coordinator: User, sign_in: Callable[..., Client]
) -> None:
    response = sign_in(coordinator).post(reverse("training:rule_create"), _form(**overrides))
    assert response.status_code == 200
    assert message in page(response.content).text
    assert not RequirementRule.objects.exists()
    assert not AuditEvent.objects.filter(verb__startswith="training.rule").exists()


def test_control_characters_and_pasted_paragraphs_are_cleaned_from_the_name(
    coordinator: User, sign_in: Callable[..., Client]
) -> None:
    name = "Youth\x00 Services\u2028 WRAP\r\n\r\n  for all  staff"
    assert sign_in(coordinator).post(reverse("training:rule_create"), _form(name=name)).status_code == 302
    assert RequirementRule.objects.get().name == "Youth Services WRAP for all staff"


def test_another_partnerships_organisation_or_network_cannot_be_chosen(
    coordinator_viewer: Viewer, other_partnership: Partnership, person: Callable[..., User]
) -> None:
    outsider = viewer_of(person(other_partnership, Role.COORDINATOR), other_partnership)
    theirs = organisation(outsider, "Westminster Youth")
    with pytest.raises(Refused) as refused:
        rule(coordinator_viewer, "Theirs", organisation=theirs)
    assert refused.value.field == "organisation"
    assert not RequirementRule.objects.filter(partnership=coordinator_viewer.partnership).exists()


def test_a_second_rule_of_the_same_name_is_refused(coordinator_viewer: Viewer) -> None:
    rule(coordinator_viewer, "Frontline", staff_group=staff_group("frontline-staff"))
    with pytest.raises(Refused) as refused:
        rule(coordinator_viewer, " frontline ", staff_group=staff_group("managers"))
    assert refused.value.field == "name"


def test_a_form_sent_twice_saves_once(coordinator: User, sign_in: Callable[..., Client]) -> None:
    client = sign_in(coordinator)
    form_page = page(client.get(reverse("training:rule_create")).content)
    token = next(e.attrs["value"] for e in form_page.iter("input") if e.attrs.get("name") == "submission")
    for _ in range(2):
        assert client.post(reverse("training:rule_create"), _form(submission=token)).status_code == 302
    assert RequirementRule.objects.count() == 1


def test_the_coordinator_edits_and_deactivates_a_rule(
    coordinator: User, coordinator_viewer: Viewer, sign_in: Callable[..., Client]
) -> None:
    youth = organisation(coordinator_viewer, "Youth Service")
    person(coordinator_viewer, youth, "Ana Able", group="frontline-staff")
    person(coordinator_viewer, youth, "Ben Bright", group="managers")
    made = rule(coordinator_viewer, "Frontline", staff_group=staff_group("frontline-staff"))
    client = sign_in(coordinator)
    edit = reverse("training:rule_edit", kwargs={"uuid": made.uuid})
    shown = page(client.get(edit).content)
    assert any(e.attrs.get("value") == "Frontline" for e in shown.iter("input"))
    response = client.post(
        edit,
        _form(name="Everyone at the youth service", audience="organisation", organisation=str(youth.uuid)),
    )
    assert response.status_code == 302
    made.refresh_from_db()
    assert made.audience == AudienceKind.ORGANISATION and made.staff_group is None
    assert ComplianceEntry.objects.filter(rule=made).count() == 2
    active = reverse("training:rule_active", kwargs={"uuid": made.uuid})
    assert client.get(active)["Location"] == made.get_absolute_url()  # a GET changes nothing
    assert client.post(active).status_code == 302
    made.refresh_from_db()
    assert not made.active and not ComplianceEntry.objects.filter(rule=made).exists()
    assert "not active" in page(client.get(made.get_absolute_url()).content).text
    client.post(active)
    assert ComplianceEntry.objects.filter(rule=made).count() == 2
    assert list(
        AuditEvent.objects.filter(verb__startswith="training.rule")
        .order_by("id")
        .values_list("verb", flat=True)
    ) == [
        "training.rule.created",
        "training.rule.updated",
        "training.rule.deactivated",
        "training.rule.activated",
    ]


def test_only_the_coordinator_changes_rules(
    coordinator_viewer: Viewer,
    partnership: Partnership,
    person: Callable[..., User],
    sign_in: Callable[..., Client],
) -> None:
    made = rule(coordinator_viewer, "Frontline", staff_group=staff_group("frontline-staff"))
    for role in (Role.STEERING, Role.PARTNER_LEAD, Role.ACTION_OWNER):
        user = person(partnership, role)
        client = sign_in(user)
        assert client.get(reverse("training:rule_create")).status_code == 404
        assert client.get(reverse("training:rule_edit", kwargs={"uuid": made.uuid})).status_code == 404
        assert client.post(reverse("training:rule_active", kwargs={"uuid": made.uuid})).status_code == 404
        with pytest.raises(Refused):
            rule_actions.set_rule_active(viewer=viewer_of(user, partnership), rule=made, active=False)
    made.refresh_from_db()
    assert made.active


def test_a_closed_organisations_people_are_not_counted(coordinator_viewer: Viewer) -> None:
    closed = organisation(coordinator_viewer, "Old Youth Club", status="closed")
    person(coordinator_viewer, closed, "Cas Closed", group="frontline-staff")
    made = rule(coordinator_viewer, "Frontline", staff_group=staff_group("frontline-staff"))
    assert not ComplianceEntry.objects.filter(rule=made).exists()
    assert Organisation.objects.filter(name="Old Youth Club").exists()


def test_each_kind_of_audience_reveals_its_own_list(
    coordinator: User, sign_in: Callable[..., Client]
) -> None:
    form = page(sign_in(coordinator).get(reverse("training:rule_create")).content)
    for kind, target in (
        ("sector", "sector"),
        ("organisation", "organisation"),
        ("staff_group", "staff_group"),
        ("network", "network"),
    ):
        [radio] = [
            i for i in form.iter("input") if i.attrs.get("name") == "audience" and i.attrs["value"] == kind
        ]
        revealed = form.by_id(radio.attrs["data-aria-controls"])
        assert [s.attrs["name"] for s in revealed.iter("select")] == [target]
        assert "govuk-radios__conditional--hidden" in revealed.attrs["class"]

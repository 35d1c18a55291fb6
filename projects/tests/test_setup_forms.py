"""The coordinator's set-up forms, each through its page: a valid POST saves what was
posted (the record and its audit event) and the project's page (or the funders' page)
then shows it, read by its table headers. And the figures a return writes: a milestone's
status entered in a return is saved and shown; a project provider cannot write another
provider's return."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from decimal import Decimal
from typing import Any

import pytest
from django.test import Client
from django.urls import reverse

from accounts.access import Viewer
from accounts.models import Membership, Partnership, Role, User
from audit.models import AuditEvent
from govuk.templatetags.govuk import short_date
from govuk.testing import Table, page
from partners.tests.builders import organisation
from projects import actions
from projects import quarters as q
from projects.models import (
    Funder,
    Milestone,
    MonitoringReturn,
    Outcome,
    Output,
    OutputQuarter,
    Project,
    ProjectProvider,
    ProjectQuarter,
    Risk,
)
from projects.tests.builders import Q1, Q2, funder, project, project_provider

pytestmark = pytest.mark.django_db


@pytest.fixture
def made(coordinator_viewer: Viewer) -> Project:
    return project(coordinator_viewer, "Youth mentoring")


@pytest.fixture
def client(coordinator: User, sign_in: Callable[..., Client]) -> Client:
    return sign_in(coordinator)


def _posted(client: Client, url: str, data: dict[str, Any]) -> str:
    """POST the form; it saves and redirects. Where to."""
    response = client.post(url, data)
    assert response.status_code == 302, page(response.content).text[:2000]
    return str(response["Location"])


def _table(client: Client, url: str, caption: str) -> Table:
    response = client.get(url)
    assert response.status_code == 200
    [table] = [t for t in page(response.content).tables() if t.caption == caption]
    return table


def _summary_list(client: Client, url: str) -> dict[str, str]:
    shown = page(client.get(url).content)
    rows = [e for e in shown.iter("div") if "govuk-summary-list__row" in e.attrs.get("class", "")]
    return {row.iter("dt")[0].text: row.iter("dd")[0].text for row in rows}


def _audited(verb: str, label: str = "") -> AuditEvent:
    events = AuditEvent.objects.filter(verb=verb).order_by("-id")
    if label:
        events = events.filter(object_label__contains=label)
    event = events.first()
    assert event is not None, f"no {verb} event"
    return event


def _date(name: str, day: dt.date) -> dict[str, str]:
    return {f"{name}_day": str(day.day), f"{name}_month": str(day.month), f"{name}_year": str(day.year)}


def test_project_edit_saves_and_shows_the_details(
    made: Project, client: Client, coordinator_viewer: Viewer
) -> None:
    council = funder(coordinator_viewer, "Council")
    url = _posted(
        client,
        reverse("projects:project_edit", args=[made.uuid]),
        {
            "title": "Youth mentoring in schools",
            "provider": str(made.provider.uuid),
            "funder": str(council.uuid),
            "grant_reference": "LBTH-2025-07",
            **_date("start_on", dt.date(2025, 4, 1)),
            **_date("end_on", dt.date(2026, 9, 30)),
            "status": "paused",
            "description": "Mentors in four secondary schools.",
            "action": "",
        },
    )
    made.refresh_from_db()
    assert (made.title, made.funder, made.grant_reference, made.status, made.end_on) == (
        "Youth mentoring in schools",
        council,
        "LBTH-2025-07",
        "paused",
        dt.date(2026, 9, 30),
    )
    event = _audited("projects.project.updated")
    assert event.changes["title"] == {"from": "Youth mentoring", "to": "Youth mentoring in schools"}
    assert url == made.get_absolute_url()
    shown = _summary_list(client, url)
    assert shown["Funder"] == "Council"
    assert shown["Grant reference"] == "LBTH-2025-07"
    assert shown["Status"] == "Paused"
    assert shown["Runs"] == "1 April 2025 to 30 September 2026"
    assert shown["Description"] == "Mentors in four secondary schools."


def test_budget_edit_profiles_a_quarter(made: Project, client: Client) -> None:
    url = _posted(
        client,
        reverse("projects:budget_edit", args=[made.uuid]),
        {"quarter": Q2.isoformat(), "budget": "3125.50"},
    )
    assert ProjectQuarter.objects.get(project=made, quarter=Q2).budget == Decimal("3125.50")
    assert _audited("projects.budget.profiled").changes == {
        f"budget {q.short_label(Q2)}": {"from": "2500.00", "to": "3125.50"}
    }
    rows = _table(client, url, "Profile and spend by quarter").rows
    [row] = [r for r in rows if r["Quarter"].startswith(q.label(Q2))]
    assert row["Budget"] == "£3,125.50"


def test_an_output_is_added_changed_and_given_a_quarters_target(made: Project, client: Client) -> None:
    page_url = _posted(
        client,
        reverse("projects:output_create", args=[made.uuid]),
        {"description": "300 workshops", "target_total": "300"},
    )
    output = Output.objects.get(project=made)
    assert (output.description, output.target_total) == ("300 workshops", 300)
    assert _audited("projects.output.added").changes["description"]["to"] == "300 workshops"
    [row] = _table(client, page_url, "Outputs, target against actual").rows
    assert (row["Output"], row["Target"], row["Actual"]) == ("300 workshops", "300", "0")

    _posted(
        client,
        reverse("projects:output_edit", args=[output.uuid]),
        {"description": "320 workshops", "target_total": "320"},
    )
    output.refresh_from_db()
    assert (output.description, output.target_total) == ("320 workshops", 320)
    assert _audited("projects.output.updated").changes["target_total"] == {"from": 300, "to": 320}

    _posted(
        client,
        reverse("projects:output_target", args=[output.uuid]),
        {"quarter": Q1.isoformat(), "target": "80"},
    )
    assert OutputQuarter.objects.get(output=output, quarter=Q1).target == 80
    assert _audited("projects.output.profiled").changes == {
        f"320 workshops target {q.short_label(Q1)}": {"from": None, "to": 80}
    }
    [row] = _table(client, page_url, "Outputs, target against actual").rows
    assert (row["Output"], row["Target"], row["By quarter"]) == ("320 workshops", "320", "Apr 2025: – of 80")


def test_an_outcome_is_added_and_changed(made: Project, client: Client) -> None:
    page_url = _posted(
        client,
        reverse("projects:outcome_create", args=[made.uuid]),
        {"description": "Parents feel more confident", "target": "80%", "result": ""},
    )
    outcome = Outcome.objects.get(project=made)
    assert (outcome.description, outcome.target) == ("Parents feel more confident", "80%")
    _audited("projects.outcome.added")
    _posted(
        client,
        reverse("projects:outcome_edit", args=[outcome.uuid]),
        {"description": "Parents feel more confident", "target": "80%", "result": "72% so far"},
    )
    outcome.refresh_from_db()
    assert outcome.result == "72% so far"
    assert _audited("projects.outcome.updated").changes["result"] == {"from": "", "to": "72% so far"}
    [row] = _table(client, page_url, "Outcomes").rows
    assert (row["Outcome"], row["Target"], row["Result so far"]) == (
        "Parents feel more confident",
        "80%",
        "72% so far",
    )


def test_a_milestone_is_added_and_changed(made: Project, client: Client) -> None:
    due = dt.date(2025, 6, 30)
    page_url = _posted(
        client,
        reverse("projects:milestone_create", args=[made.uuid]),
        {"title": "Recruit mentors", **_date("due_on", due), "status": "in_progress"},
    )
    milestone = Milestone.objects.get(project=made)
    assert (milestone.title, milestone.due_on, milestone.status) == ("Recruit mentors", due, "in_progress")
    _audited("projects.milestone.added")
    [row] = _table(client, page_url, "Milestones").rows
    assert (row["Milestone"], row["Due"], row["Status"]) == (
        "Recruit mentors",
        short_date(due),
        "In progress",
    )
    done_on = dt.date(2025, 6, 20)
    _posted(
        client,
        reverse("projects:milestone_edit", args=[milestone.uuid]),
        {
            "title": "Recruit mentors",
            **_date("due_on", due),
            "status": "done",
            **_date("completed_on", done_on),
        },
    )
    milestone.refresh_from_db()
    assert (milestone.status, milestone.completed_on) == ("done", done_on)
    assert _audited("projects.milestone.updated").changes["status"] == {"from": "in_progress", "to": "done"}
    [row] = _table(client, page_url, "Milestones").rows
    assert (row["Status"], row["Completed"]) == ("Done", short_date(done_on))


def test_a_risk_is_added_and_changed(made: Project, client: Client) -> None:
    page_url = _posted(
        client,
        reverse("projects:risk_create", args=[made.uuid]),
        {
            "description": "Schools withdraw",
            "likelihood": "medium",
            "impact": "high",
            "mitigation": "Agreements signed in advance",
            "status": "open",
        },
    )
    risk = Risk.objects.get(project=made)
    assert (risk.likelihood, risk.impact, risk.status) == ("medium", "high", "open")
    _audited("projects.risk.added")
    _posted(
        client,
        reverse("projects:risk_edit", args=[risk.uuid]),
        {
            "description": "Schools withdraw",
            "likelihood": "low",
            "impact": "high",
            "mitigation": "Agreements signed in advance",
            "status": "closed",
        },
    )
    risk.refresh_from_db()
    assert (risk.likelihood, risk.status) == ("low", "closed")
    assert _audited("projects.risk.updated").changes["likelihood"] == {"from": "medium", "to": "low"}
    [row] = _table(client, page_url, "Risks").rows
    assert (row["Risk"], row["Likelihood"], row["Impact"], row["Mitigation"], row["Status"]) == (
        "Schools withdraw",
        "Low",
        "High",
        "Agreements signed in advance",
        "Closed",
    )


def test_a_project_provider_is_appointed_and_removed(
    made: Project, client: Client, partnership: Partnership
) -> None:
    user = User.objects.create_user(
        "mentor.lead@example.org", "a long enough password", full_name="Mina Lead"
    )
    Membership.objects.create(user=user, partnership=partnership, role=Role.PROJECT_PROVIDER)
    page_url = _posted(client, reverse("projects:provider_add", args=[made.uuid]), {"user": str(user.uuid)})
    link = ProjectProvider.objects.get(user=user, organisation=made.provider)
    assert _audited("projects.provider.appointed").changes["project_provider"]["to"] == user.email
    shown = page(client.get(page_url).content)
    appointed = [li.text for li in shown.iter("li") if user.email in li.text]
    assert appointed == ["Mina Lead (mentor.lead@example.org) Remove Mina Lead"]
    _posted(client, reverse("projects:provider_remove", args=[made.uuid, link.pk]), {})
    assert not ProjectProvider.objects.filter(pk=link.pk).exists()
    assert _audited("projects.provider.removed").changes["project_provider"]["from"] == user.email
    shown = page(client.get(page_url).content)
    assert not [li for li in shown.iter("li") if user.email in li.text]
    assert f"Nobody reports for {made.provider.name} yet." in shown.text


def test_a_funder_is_added_and_its_layout_set(client: Client, partnership: Partnership) -> None:
    list_url = _posted(client, reverse("projects:funder_create"), {"name": "National Lottery Community Fund"})
    added = Funder.objects.get(partnership=partnership, name="National Lottery Community Fund")
    assert added.layout.section_list()[0] == ("details", "Project details")
    assert _audited("projects.funder.added").changes["name"]["to"] == "National Lottery Community Fund"
    rows = {r["Funder"]: r for r in _table(client, list_url, "Funders").rows}
    row = rows["National Lottery Community Fund: change the funder and its return layout"]
    assert (row["Return"], row["Offered for new projects"]) == ("Quarterly monitoring return", "Yes")

    edit_url = reverse("projects:funder_edit", args=[added.uuid])
    layout = {
        f"position_{code}": ""
        for code in ("details", "spend", "outputs", "outcomes", "milestones", "risks", "narrative")
    }
    layout.update(position_outputs="1", position_spend="2", position_narrative="3")
    _posted(
        client,
        edit_url,
        {
            "name": "Lottery Community Fund",
            "title": "Grant progress report",
            "reference_fields": "Grant number: 0031-2025",
            **layout,
            "heading_outputs": "What we delivered",
        },
    )
    added.refresh_from_db()
    assert (added.name, added.active) == ("Lottery Community Fund", False)
    assert added.layout.section_list() == [
        ("outputs", "What we delivered"),
        ("spend", "Budget and spend"),
        ("narrative", "Progress this quarter"),
    ]
    assert added.layout.reference_list() == [("Grant number", "0031-2025")]
    changes = _audited("projects.funder.updated").changes
    assert changes["title"]["to"] == "Grant progress report" and changes["active"] == {
        "from": True,
        "to": False,
    }
    rows = {r["Funder"]: r for r in _table(client, list_url, "Funders").rows}
    row = rows["Lottery Community Fund: change the funder and its return layout"]
    assert (row["Return"], row["Offered for new projects"]) == ("Grant progress report", "No")
    # The form shows what was saved.
    form = page(client.get(edit_url).content)
    values = {e.attrs.get("name"): e.attrs.get("value", "") for e in form.iter("input")}
    assert values["heading_outputs"] == "What we delivered" and values["title"] == "Grant progress report"
    chosen = {
        select.attrs["name"]: [o.attrs["value"] for o in select.iter("option") if "selected" in o.attrs]
        for select in form.iter("select")
    }
    assert chosen["position_outputs"] == ["1"] and chosen["position_risks"] == [""]


# --- what a return writes -------------------------------------------------------------------


def test_a_milestone_status_entered_in_a_return_is_saved_and_shown(
    made: Project, client: Client, coordinator_viewer: Viewer
) -> None:
    milestone = actions.add_milestone(
        viewer=coordinator_viewer, project=made, title="Launch event", due_on=dt.date(2025, 5, 15)
    )
    monitoring_return = actions.start_return(viewer=coordinator_viewer, project=made, quarter=Q1)
    _posted(
        client,
        reverse("projects:return_edit", args=[monitoring_return.uuid]),
        {"spend": "2400.00", f"milestone_{milestone.pk}": "done", "progress": "Launched in May."},
    )
    milestone.refresh_from_db()
    assert milestone.status == "done" and milestone.completed_on is not None
    assert _audited("projects.return.saved").changes["Launch event"] == {"from": "Not started", "to": "Done"}
    [row] = _table(client, monitoring_return.get_absolute_url(), "Milestones").rows
    assert (row["Milestone"], row["Status"]) == ("Launch event", "Done")
    [row] = _table(client, made.get_absolute_url(), "Milestones").rows
    assert (row["Status"], row["Completed"]) == ("Done", short_date(milestone.completed_on))


def test_a_provider_cannot_write_or_send_another_providers_return(
    coordinator_viewer: Viewer, sign_in: Callable[..., Client]
) -> None:
    mine = project(coordinator_viewer, "Parenting programme")
    theirs = project(
        coordinator_viewer,
        "Youth football",
        provider=organisation(coordinator_viewer, "Football trust", "voluntary-community"),
    )
    user = project_provider(coordinator_viewer, mine.provider, "provider@example.org")
    project_provider(coordinator_viewer, theirs.provider, "other.provider@example.org")
    other_return = actions.start_return(viewer=coordinator_viewer, project=theirs, quarter=Q1)
    client = sign_in(user)
    written = AuditEvent.objects.exclude(verb__endswith=".viewed").count()
    for name, data in (
        ("projects:return_edit", {"spend": "1.00", "progress": "Not mine to write."}),
        ("projects:return_send", {}),
    ):
        assert client.post(reverse(name, args=[other_return.uuid]), data).status_code == 404
    assert AuditEvent.objects.exclude(verb__endswith=".viewed").count() == written
    other_return.refresh_from_db()
    assert (other_return.status, other_return.progress) == ("draft", "")
    assert not ProjectQuarter.objects.filter(project=theirs, spend__isnull=False).exists()
    assert MonitoringReturn.objects.filter(project=theirs).count() == 1

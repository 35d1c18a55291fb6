import datetime as dt
from collections.abc import Callable

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client

from accounts.access import Viewer
from accounts.models import Partnership, User
from conftest import action_titled, objective_titled
from plans import actions
from plans.models import Action, Objective, ProgressUpdate, Strategy

pytestmark = pytest.mark.django_db


def _date(prefix: str, day: dt.date) -> dict[str, str]:
    return {f"{prefix}_day": str(day.day), f"{prefix}_month": str(day.month), f"{prefix}_year": str(day.year)}


def test_the_plans_page_lists_the_partnerships_plans_with_their_rag_counts(
    plan: Strategy, coordinator: User, sign_in: Callable[..., Client]
) -> None:
    body = sign_in(coordinator).get("/plans/").content.decode()
    assert "Prevent Delivery Plan 2018-19" in body
    assert "Actions in active plans by RAG status" in body
    assert "<svg" in body


def test_a_plan_page_shows_objectives_areas_and_every_action(
    plan: Strategy, steering: User, sign_in: Callable[..., Client]
) -> None:
    body = sign_in(steering).get(f"/plans/{plan.uuid}/").content.decode()
    for text in (
        "Objective 1: Target support",
        "Faith networks",
        "Host two community roundtables",
        "Peer Review Rec 6",
    ):
        assert text in body
    assert "4 actions." in body
    assert "Add an action" not in body  # steering members read only


def test_the_action_table_filters_by_rag_lead_and_overdue(
    plan: Strategy, coordinator: User, coordinator_viewer: Viewer, sign_in: Callable[..., Client]
) -> None:
    actions.record_progress_update(
        viewer=coordinator_viewer,
        action=action_titled("Host two community roundtables"),
        update_date=dt.date(2018, 9, 1),
        rag="red",
        commentary="Venue fell through.",
    )
    client = sign_in(coordinator)
    url = f"/plans/{plan.uuid}/"
    red = client.get(url, {"rag": "red"}).content.decode()
    assert "1 of 4 actions match" in red
    assert "Host two community roundtables" in red and "Support the faith network" not in red
    lead = client.get(url, {"lead": "Prevent Co-ordinator"}).content.decode()
    assert "2 of 4 actions match" in lead
    overdue = client.get(url, {"overdue": "on"}).content.decode()
    assert "Deliver WRAP training in colleges" in overdue  # target date 31 March 2019 has passed
    not_rated = client.get(url, {"rag": "none", "lead": "Prevent Co-ordinator"}).content.decode()
    assert "1 of 4 actions match" in not_rated


def test_recording_an_update_with_evidence_shows_it_in_the_actions_history(
    plan: Strategy, owner: User, sign_in: Callable[..., Client]
) -> None:
    action = action_titled("Deliver WRAP training in colleges")
    client = sign_in(owner)
    form = client.get(f"/plans/actions/{action.uuid}/updates/new/")
    assert form.status_code == 200
    response = client.post(
        f"/plans/actions/{action.uuid}/updates/new/",
        {
            **_date("update_date", dt.date(2018, 12, 31)),
            "rag": "green",
            "commentary": "Four WRAP sessions delivered in colleges.",
            "evidence": SimpleUploadedFile("attendance.pdf", b"%PDF-1.4 register", "application/pdf"),
        },
    )
    assert response.status_code == 302
    page = client.get(response["Location"]).content.decode()
    assert "Progress update recorded" in page
    assert "Four WRAP sessions delivered in colleges." in page
    assert "attendance.pdf" in page
    action.refresh_from_db()
    assert action.rag == "green"

    evidence = ProgressUpdate.objects.get().evidence.get()
    download = client.get(f"/plans/evidence/{evidence.uuid}/")
    assert download.status_code == 200
    assert download.getvalue() == b"%PDF-1.4 register"
    assert "attachment" in download["Content-Disposition"]


def test_a_bad_update_gets_every_error_and_changes_nothing(
    plan: Strategy, coordinator: User, sign_in: Callable[..., Client]
) -> None:
    action = action_titled("Host two community roundtables")
    response = sign_in(coordinator).post(
        f"/plans/actions/{action.uuid}/updates/new/",
        {"update_date_day": "31", "update_date_month": "2", "update_date_year": "2019", "commentary": ""},
    )
    body = response.content.decode()
    assert response.status_code == 200
    assert "There is a problem" in body
    for message in (
        "Date of the update must be a real date",
        "Select a RAG status",
        "Enter a commentary on progress",
    ):
        assert message in body
    assert 'href="#id_rag_0"' in body
    assert ProgressUpdate.objects.count() == 0


def test_an_action_owner_gets_404_for_actions_they_do_not_lead(
    plan: Strategy, owner: User, sign_in: Callable[..., Client]
) -> None:
    action = action_titled("Host two community roundtables")
    client = sign_in(owner)
    assert client.get(f"/plans/actions/{action.uuid}/updates/new/").status_code == 404
    assert "Record a progress update" not in client.get(f"/plans/actions/{action.uuid}/").content.decode()


def test_a_coordinator_creates_a_plan_objective_and_action(
    partnership: Partnership, coordinator: User, owner: User, sign_in: Callable[..., Client]
) -> None:
    client = sign_in(coordinator)
    created = client.post(
        "/plans/new/",
        {
            "title": "Prevent Partnership Plan 2026-27",
            **_date("period_start", dt.date(2026, 4, 1)),
            **_date("period_end", dt.date(2027, 3, 31)),
            "status": "active",
        },
    )
    strategy = Strategy.objects.get(title="Prevent Partnership Plan 2026-27")
    assert created["Location"] == f"/plans/{strategy.uuid}/"
    client.post(
        f"/plans/{strategy.uuid}/objectives/new/",
        {"reference": "Objective 1", "title": "Reduce permissive environments"},
    )
    objective = Objective.objects.get(strategy=strategy)
    response = client.post(
        f"/plans/{strategy.uuid}/actions/new/",
        {
            "objective": str(objective.uuid),
            "kind": "action",
            "title": "Update hall hire procedures",
            **_date("target_date", dt.date(2026, 9, 30)),
            "owner": str(owner.uuid),
            "national_objective": "",
        },
    )
    action = Action.objects.get(strategy=strategy)
    assert response["Location"] == f"/plans/actions/{action.uuid}/"
    assert (action.owner, action.target_date) == (owner, dt.date(2026, 9, 30))


def test_a_plan_form_with_a_backwards_period_says_so(
    coordinator: User, sign_in: Callable[..., Client]
) -> None:
    body = (
        sign_in(coordinator)
        .post(
            "/plans/new/",
            {
                "title": "Backwards",
                **_date("period_start", dt.date(2027, 4, 1)),
                **_date("period_end", dt.date(2026, 3, 31)),
                "status": "draft",
            },
        )
        .content.decode()
    )
    assert "End of period must be after the start of period" in body
    assert not Strategy.objects.exists()


def test_editing_an_action_is_recorded(
    plan: Strategy, coordinator: User, sign_in: Callable[..., Client]
) -> None:
    action = action_titled("Host two community roundtables")
    client = sign_in(coordinator)
    form = client.get(f"/plans/actions/{action.uuid}/edit/")
    assert form.status_code == 200
    data = {
        "objective": str(action.objective.uuid),
        "kind": "action",
        "title": "Host three community roundtables",
        "lead_officer": action.lead_officer,
        "recommendation": action.recommendation,
        "national_objective": "",
    }
    assert client.post(f"/plans/actions/{action.uuid}/edit/", data).status_code == 302
    action.refresh_from_db()
    assert action.title == "Host three community roundtables"
    audit = client.get("/audit/", {"record": str(action.uuid)}).content.decode()
    assert "Action updated" in audit


def test_editing_an_objective(plan: Strategy, coordinator: User, sign_in: Callable[..., Client]) -> None:
    objective = objective_titled("Engage communities")
    client = sign_in(coordinator)
    assert client.get(f"/plans/objectives/{objective.uuid}/edit/").status_code == 200
    client.post(
        f"/plans/objectives/{objective.uuid}/edit/",
        {"reference": "Objective 2", "title": "Engage all communities"},
    )
    objective.refresh_from_db()
    assert objective.title == "Engage all communities"


def test_the_overdue_list_shows_overdue_actions_of_active_plans(
    plan: Strategy, steering: User, sign_in: Callable[..., Client]
) -> None:
    body = sign_in(steering).get("/plans/overdue/").content.decode()
    assert "Deliver WRAP training in colleges" in body
    assert "Target date passed" in body


def test_long_lists_page_with_next_and_previous_links(
    coordinator_viewer: Viewer, coordinator: User, sign_in: Callable[..., Client]
) -> None:
    strategy = actions.create_strategy(
        viewer=coordinator_viewer,
        title="Big plan",
        period_start=dt.date(2026, 4, 1),
        period_end=dt.date(2027, 3, 31),
    )
    objective = actions.add_objective(viewer=coordinator_viewer, strategy=strategy, title="Everything")
    for number in range(1, 56):
        actions.add_action(
            viewer=coordinator_viewer, objective=objective, title=f"Action number {number:02d}"
        )
    client = sign_in(coordinator)
    first = client.get(f"/plans/{strategy.uuid}/")
    assert first.context["page"].next_query and not first.context["page"].previous_query
    assert "Action number 50" in first.content.decode() and "Action number 51" not in first.content.decode()
    second = client.get(f"/plans/{strategy.uuid}/" + first.context["page"].next_query)
    assert (
        "Action number 55" in second.content.decode() and "Action number 50<" not in second.content.decode()
    )
    back = client.get(f"/plans/{strategy.uuid}/" + second.context["page"].previous_query)
    assert "Action number 01" in back.content.decode()


def test_a_tampered_page_cursor_shows_the_first_page(
    plan: Strategy, coordinator: User, sign_in: Callable[..., Client]
) -> None:
    response = sign_in(coordinator).get(f"/plans/{plan.uuid}/", {"after": "forged"})
    assert "Deliver WRAP training in colleges" in response.content.decode()


def test_pages_run_the_same_number_of_queries_whatever_the_plan_size(
    plan: Strategy,
    coordinator_viewer: Viewer,
    coordinator: User,
    sign_in: Callable[..., Client],
    django_assert_num_queries: Callable,
) -> None:
    client = sign_in(coordinator)
    urls = [f"/plans/{plan.uuid}/", "/plans/", "/plans/overdue/", f"/plans/{plan.uuid}/report.pdf"]

    def counts() -> list[int]:
        from django.db import connection
        from django.test.utils import CaptureQueriesContext

        result = []
        for url in urls:
            with CaptureQueriesContext(connection) as captured:
                assert client.get(url).status_code == 200
            result.append(len(captured.captured_queries))
        return result

    client.get("/")  # the first request of a session records activity on it
    before = counts()
    objective = objective_titled("Target support")
    for number in range(30):
        action = actions.add_action(viewer=coordinator_viewer, objective=objective, title=f"Extra {number}")
        actions.record_progress_update(
            viewer=coordinator_viewer,
            action=action,
            update_date=dt.date(2018, 6, 1),
            rag="green",
            commentary="Fine.",
        )
    assert counts() == before


@pytest.mark.parametrize(
    ("url", "message"),
    [
        ("/plans/new/", "Enter the title of the strategy or plan"),
        ("/plans/import/", "Select a CSV or XLSX file to import"),
    ],
)
def test_an_empty_submission_says_what_is_missing(
    url: str, message: str, coordinator: User, sign_in: Callable[..., Client]
) -> None:
    response = sign_in(coordinator).post(url, {})
    assert response.status_code == 200
    body = response.content.decode()
    assert "There is a problem" in body and message in body


def test_an_empty_submission_of_an_action_form_changes_nothing(
    plan: Strategy, coordinator: User, sign_in: Callable[..., Client]
) -> None:
    action = action_titled("Host two community roundtables")
    client = sign_in(coordinator)
    for url in (
        f"/plans/{plan.uuid}/edit/",
        f"/plans/{plan.uuid}/objectives/new/",
        f"/plans/objectives/{objective_titled('Engage communities').uuid}/edit/",
        f"/plans/{plan.uuid}/actions/new/",
        f"/plans/actions/{action.uuid}/edit/",
        f"/plans/actions/{action.uuid}/updates/new/",
    ):
        response = client.post(url, {})
        assert response.status_code == 200 and "There is a problem" in response.content.decode(), url
    assert Action.objects.get(pk=action.pk).title == "Host two community roundtables"
    assert not ProgressUpdate.objects.exists()

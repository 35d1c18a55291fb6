"""Every table plans shows, read by its headers (govuk.testing): each column shows its own
data. The rows are built so that no two columns could hold the same text, so a cell written
under the wrong heading fails, as the strategy page's Lead and Timescale once did."""

import datetime as dt
from collections.abc import Callable
from typing import Any

import pytest
from django.template.loader import render_to_string
from django.test import Client
from django.utils import timezone
from weasyprint import HTML
from weasyprint.formatting_structure import boxes

from accounts.access import Viewer
from accounts.models import Partnership, User
from conftest import action_titled, objective_titled
from govuk.testing import Element, Table, list_rows, page
from plans import actions
from plans.models import Strategy
from plans.report import report_context, report_html

pytestmark = pytest.mark.django_db

PLAN = "Prevent Delivery Plan 2018-19"


@pytest.fixture
def rated(plan: Strategy, coordinator_viewer: Viewer) -> Strategy:
    """The plan with a different number of actions at each status (1 red, 2 amber, 3 green,
    4 complete, 5 not rated), so that every count in a summary differs from the others, and
    "Host two community roundtables" with a lead, a timescale, a status and an update date
    that differ from each other."""
    roundtables = action_titled("Host two community roundtables")
    actions.update_action(viewer=coordinator_viewer, action=roundtables, timescale="Ongoing")
    statuses = {"red": 1, "amber": 2, "green": 3, "complete": 4}
    objective = objective_titled("Engage communities")
    for rag, count in statuses.items():
        for number in range(count - (rag == "red")):
            action = actions.add_action(
                viewer=coordinator_viewer, objective=objective, title=f"{rag.title()} action {number}"
            )
            _update(coordinator_viewer, action, rag, dt.date(2018, 6, 1), f"{rag} noted")
    for number in range(2):  # with the plan's three others never rated
        actions.add_action(viewer=coordinator_viewer, objective=objective, title=f"Unrated action {number}")
    _update(coordinator_viewer, roundtables, "amber", dt.date(2018, 8, 1), "Venue booked.")
    _update(coordinator_viewer, roundtables, "red", dt.date(2018, 9, 3), "Venue fell through.")
    return plan


def _update(viewer: Viewer, action: Any, rag: str, on: dt.date, commentary: str) -> None:
    actions.record_progress_update(
        viewer=viewer, action=action, update_date=on, rag=rag, commentary=commentary
    )


def _row(rows: list[dict[str, str]], action: str) -> dict[str, str]:
    (found,) = [row for row in rows if row["Action"].startswith(action)]
    return found


def _table(body: bytes, caption_id: str) -> Table:
    """The table whose caption has the id `caption_id`."""
    element: Element | None = page(body).by_id(caption_id)
    while element is not None and element.tag != "table":
        element = element.parent
    assert element is not None
    return Table.read(element)


def test_the_strategy_page_shows_each_actions_lead_and_timescale_under_their_own_headings(
    rated: Strategy, steering: User, sign_in: Callable[..., Client]
) -> None:
    body = sign_in(steering).get(f"/plans/{rated.uuid}/").content
    table = _table(body, "strategy-detail-table")
    assert table.headers == ["Action", "Lead", "Timescale", "RAG", "Measures", "Last update"]
    roundtables = _row(table.rows, "Host two community roundtables")
    assert {name: roundtables[name] for name in table.headers[1:]} == {
        "Lead": "Prevent Co-ordinator",
        "Timescale": "Ongoing",
        "RAG": "Red",
        "Measures": "None",
        "Last update": "3 Sep 2018",
    }
    wrap = _row(table.rows, "Deliver WRAP training in colleges")
    # No timescale in words: the target date stands for it.
    assert (wrap["Lead"], wrap["Timescale"], wrap["RAG"], wrap["Last update"]) == (
        "Prevent Education Officer",
        "31 Mar 2019",
        "Not rated",
        "None",
    )


def _summary(rows: list[dict[str, str]]) -> dict[str, str]:
    return {row["Status"]: row["Actions"] for row in rows}


def test_the_rag_summary_counts_each_status_in_its_own_row(
    rated: Strategy, steering: User, sign_in: Callable[..., Client]
) -> None:
    client = sign_in(steering)
    overdue = str(len(list_rows(client, "/plans/overdue/")))
    expected = {
        "Red": "1",
        "Amber": "2",
        "Green": "3",
        "Complete": "4",
        "Not rated": "5",
        "Total": "15",
        "Overdue": overdue,
    }
    for url in (f"/plans/{rated.uuid}/", "/plans/"):
        table = _table(client.get(url).content, "rag-summary-table")
        assert table.headers == ["Status", "Actions"]
        assert _summary(table.rows) == expected, url


def test_the_plans_list_shows_each_plans_period_status_and_counts_under_their_own_headings(
    rated: Strategy, steering: User, sign_in: Callable[..., Client]
) -> None:
    client = sign_in(steering)
    table = _table(client.get("/plans/").content, "strategy-list-table")
    (plan,) = [row for row in table.rows if row["Plan"] == PLAN]
    assert plan == {
        "Plan": PLAN,
        "Period": "Apr 2018 to Mar 2019",
        "Status": "Active",
        "Red": "1",
        "Amber": "2",
        "Green": "3",
        "Complete": "4",
        "Not rated": "5",
        "Overdue": str(len(list_rows(client, "/plans/overdue/"))),
    }


def test_the_overdue_list_shows_why_lead_rag_and_last_update_under_their_own_headings(
    rated: Strategy, steering: User, sign_in: Callable[..., Client]
) -> None:
    rows = list_rows(sign_in(steering), "/plans/overdue/")
    assert list(rows[0]) == ["Action", "Why it is overdue", "Lead", "RAG", "Last update"]
    wrap = _row(rows, "Deliver WRAP training in colleges")
    assert wrap["Why it is overdue"].startswith("Target date passed")
    assert wrap["Why it is overdue"].endswith("Target 31 Mar 2019")
    assert (wrap["Lead"], wrap["RAG"], wrap["Last update"]) == (
        "Prevent Education Officer",
        "Not rated",
        "None",
    )
    roundtables = _row(rows, "Host two community roundtables")
    assert (roundtables["Lead"], roundtables["RAG"], roundtables["Last update"]) == (
        "Prevent Co-ordinator",
        "Red",
        "3 Sep 2018",
    )


def test_the_action_list_shows_plan_lead_owner_rag_and_last_update_under_their_own_headings(
    rated: Strategy, coordinator: User, sign_in: Callable[..., Client]
) -> None:
    client = sign_in(coordinator)
    rows = list_rows(client, "/plans/actions/")
    assert list(rows[0]) == ["Action", "Plan", "Lead", "Owner", "Latest RAG", "Last update"]
    assert _row(rows, "Deliver WRAP training in colleges") == {
        "Action": "Deliver WRAP training in colleges",
        "Plan": PLAN,
        "Lead": "Prevent Education Officer",
        "Owner": "Owen Owner",
        "Latest RAG": "Not rated",
        "Last update": "None",
    }
    roundtables = _row(rows, "Host two community roundtables")
    assert (
        roundtables["Lead"],
        roundtables["Owner"],
        roundtables["Latest RAG"],
        roundtables["Last update"],
    ) == (
        "Prevent Co-ordinator",
        "None",
        "Red",
        "3 Sep 2018",
    )
    overdue = _row(list_rows(client, "/plans/actions/?overdue=yes"), "Deliver WRAP training in colleges")
    assert overdue["Why it is listed"].startswith("Target date passed")
    assert overdue["Last update"] == "None"


def _cards(body: bytes) -> list[dict[str, str]]:
    """Each summary card of the page: its title, then each key of its summary list → value."""
    cards = []
    for card in page(body).iter("div"):
        if "govuk-summary-card" not in card.attrs.get("class", "").split():
            continue
        (title,) = [h for h in card.iter("h3") if "govuk-summary-card__title" in h.attrs.get("class", "")]
        shown = {"Title": title.text}
        for row in card.iter("div"):
            if "govuk-summary-list__row" in row.attrs.get("class", "").split():
                (key,) = row.iter("dt")
                (value,) = row.iter("dd")
                shown[key.text] = value.text
        cards.append(shown)
    return cards


def test_an_actions_history_shows_each_updates_status_commentary_and_author_under_their_own_keys(
    rated: Strategy, steering: User, coordinator: User, sign_in: Callable[..., Client]
) -> None:
    # The history is a summary card per update rather than a table; read the same way.
    action = action_titled("Host two community roundtables")
    cards = _cards(sign_in(steering).get(f"/plans/actions/{action.uuid}/").content)
    today = timezone.localdate()
    recorded = f"Cora Ordinator on {today.day} {today:%B %Y}"
    assert cards == [
        {
            "Title": "3 September 2018: Red",
            "RAG status": "Red",
            "Commentary": "Venue fell through.",
            "Recorded by": recorded,
        },
        {
            "Title": "1 August 2018: Amber",
            "RAG status": "Amber",
            "Commentary": "Venue booked.",
            "Recorded by": recorded,
        },
    ]


def test_the_committee_reports_tables_show_each_column_under_its_own_heading(rated: Strategy) -> None:
    html = render_to_string("plans/report.html", report_context(rated))
    tables = page(html).tables()
    summary = next(table for table in tables if table.caption == "Actions by RAG status")
    assert _summary(summary.rows)["Not rated"] == "5"
    assert _summary(summary.rows)["Complete"] == "4"
    rows = [row for table in tables if table.headers[:1] == ["Action"] for row in table.rows]
    roundtables = _row(rows, "Host two community roundtables")
    assert {name: roundtables[name] for name in ("Lead", "Timescale", "RAG", "Latest commentary")} == {
        "Lead": "Prevent Co-ordinator",
        "Timescale": "Ongoing",
        "RAG": "Red",
        "Latest commentary": "Venue fell through.",
    }


# --- the committee report's footer ---------------------------------------------------------


def _footers(html: str) -> list[str]:
    """The text WeasyPrint lays out in each page's bottom-left margin box."""
    document = HTML(string=html).render(pdf_variant="pdf/ua-1")
    footers = []
    for rendered in document.pages:
        (box,) = [
            child
            for child in rendered._page_box.children
            if isinstance(child, boxes.MarginBox) and child.at_keyword == "@bottom-left"
        ]
        footers.append("".join(text.text for text in box.descendants() if isinstance(text, boxes.TextBox)))
    return footers


def test_the_reports_footer_names_the_partnership_and_plan_as_written_on_every_page(
    plan: Strategy, partnership: Partnership, coordinator_viewer: Viewer
) -> None:
    Partnership.objects.filter(pk=partnership.pk).update(name="Barking & Dagenham")
    actions.update_strategy(
        viewer=coordinator_viewer, strategy=plan, title='Prevent "Delivery" Plan 2018-19 <draft>'
    )
    objective = objective_titled("Target support")
    for number in range(40):  # enough for more than one page
        actions.add_action(
            viewer=coordinator_viewer, objective=objective, title=f"Action {number} " + "words " * 30
        )
    plan.refresh_from_db()
    footers = _footers(report_html(plan))
    assert len(footers) > 1
    assert set(footers) == {'Barking & Dagenham · Prevent "Delivery" Plan 2018-19 <draft>'}

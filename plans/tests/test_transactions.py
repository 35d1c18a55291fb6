"""Long work outside write transactions. On SQLite a write transaction holds the database's
write lock from its start, so everyone else waits while it runs: an import reads and checks
its file before the transaction that writes the plan starts, and exports write nothing.

Each test runs inside transactions of the test framework's own, so "outside a transaction"
is read as "inside no atomic block the application opened": the depth of atomic blocks
when the watched function runs is compared with the depth when the request started."""

import re
from collections.abc import Callable
from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from accounts.models import User
from plans import actions, report, spreadsheets, views_files
from plans.models import Action, Strategy
from plans.tests.test_spreadsheets import GOOD_ROWS, _xlsx

pytestmark = pytest.mark.django_db


def _watch(monkeypatch: pytest.MonkeyPatch, module: Any, name: str, seen: dict[str, bool]) -> None:
    """Record whether `module.name` runs inside an atomic block that the application opened."""
    real = getattr(module, name)
    outside = len(connection.atomic_blocks)  # the test framework's own

    def watched(*args: Any, **kwargs: Any) -> Any:
        seen[name] = len(connection.atomic_blocks) > outside
        return real(*args, **kwargs)

    monkeypatch.setattr(module, name, watched)


def test_an_import_reads_and_checks_its_file_before_the_write_transaction_starts(
    coordinator: User, owner: User, sign_in: Callable[..., Client], monkeypatch: pytest.MonkeyPatch
) -> None:
    seen: dict[str, bool] = {}
    for name in ("read_table", "parse_import"):
        _watch(monkeypatch, spreadsheets, name, seen)
    _watch(monkeypatch, actions, "import_plan", seen)
    client = sign_in(coordinator)
    # As the page sends it, with the token that makes a form save once (govuk.pages).
    form = client.get("/plans/import/").content.decode()
    token = re.search(r'name="submission" value="([^"]+)"', form)
    response = client.post(
        "/plans/import/",
        {
            "title": "Imported plan 2026-27",
            "period_start_day": "1",
            "period_start_month": "4",
            "period_start_year": "2026",
            "period_end_day": "31",
            "period_end_month": "3",
            "period_end_year": "2027",
            "status": "active",
            "file": _xlsx([list(values) for values in GOOD_ROWS]),
            **({"submission": token[1]} if token else {}),
        },
    )
    assert response.status_code == 302
    assert Action.objects.count() == len(GOOD_ROWS)
    assert seen == {"read_table": False, "parse_import": False, "import_plan": True}


def test_a_refused_import_never_starts_a_write_transaction(
    coordinator: User, sign_in: Callable[..., Client], monkeypatch: pytest.MonkeyPatch
) -> None:
    seen: dict[str, bool] = {}
    _watch(monkeypatch, actions, "import_plan", seen)
    response = sign_in(coordinator).post(
        "/plans/import/",
        {
            "title": "Imported plan 2026-27",
            "period_start_day": "1",
            "period_start_month": "4",
            "period_start_year": "2026",
            "period_end_day": "31",
            "period_end_month": "3",
            "period_end_year": "2027",
            "status": "active",
            "file": SimpleUploadedFile("plan.csv", b"Objective,Action\nSafeguard,\n"),
        },
    )
    assert "Row 2: Enter the action" in response.content.decode()
    assert seen == {}
    assert not Strategy.objects.exists()


@pytest.mark.parametrize(
    ("url", "module", "name"),
    [
        ("export.csv", spreadsheets, "to_csv"),
        ("export.xlsx", spreadsheets, "to_xlsx"),
        ("report.pdf", report, "render_pdf"),
    ],
)
def test_exports_write_nothing_and_render_outside_any_transaction(
    url: str,
    module: Any,
    name: str,
    plan: Strategy,
    steering: User,
    sign_in: Callable[..., Client],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    seen: dict[str, bool] = {}
    _watch(monkeypatch, module, name, seen)
    if module is spreadsheets:  # the view calls it through its module
        monkeypatch.setattr(views_files.spreadsheets, name, getattr(module, name))
    client = sign_in(steering)
    client.get("/")  # the first request of a session records activity on it
    with CaptureQueriesContext(connection) as captured:
        assert client.get(f"/plans/{plan.uuid}/{url}").status_code == 200
    assert seen == {name: False}
    writes = [
        query["sql"]
        for query in captured.captured_queries
        if re.match(r"\s*(INSERT|UPDATE|DELETE|BEGIN|SAVEPOINT)", query["sql"], re.IGNORECASE)
    ]
    assert writes == []

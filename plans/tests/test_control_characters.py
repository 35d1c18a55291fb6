"""Control characters: Word pastes a vertical tab for a soft line break, and \\x01 and the
like ride along; PostgreSQL refuses NUL and openpyxl refuses them all. Imports clean them
(lib.text.clean); exports never fail on text stored before anything cleaned it."""

import csv
import io
from collections.abc import Callable

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from openpyxl import load_workbook

from accounts.models import User
from conftest import action_titled
from plans import spreadsheets
from plans.models import Action, Objective, Strategy
from plans.tests.test_reading import _import
from plans.tests.workbooks import HEADINGS, cell, row, sheet, workbook

pytestmark = pytest.mark.django_db


def _legacy(plan: Strategy) -> Action:
    """An action holding control characters, written past every check as older data was."""
    action = action_titled("Host two community roundtables")
    Action.objects.filter(pk=action.pk).update(
        title="Host two\x0bcommunity\x01 roundtables",
        description="First line\x0bsecond line\x01\x1f",
        lead_officer="\x02Prevent Co-ordinator",
    )
    Strategy.objects.filter(pk=plan.pk).update(title="Prevent Delivery Plan\x0b 2018-19\x01")
    return action


def test_the_csv_export_opens_when_stored_text_holds_control_characters(
    plan: Strategy, steering: User, sign_in: Callable[..., Client]
) -> None:
    _legacy(plan)
    response = sign_in(steering).get(f"/plans/{plan.uuid}/export.csv")
    assert response.status_code == 200
    rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"), newline="")))
    exported = next(values for values in rows if values[5].startswith("Host two"))
    assert exported[5] == "Host two\ncommunity roundtables"
    assert exported[6] == "First line\nsecond line"
    assert exported[11] == "Prevent Co-ordinator"
    assert not any(character in response.content.decode() for character in "\x00\x01\x02\x0b\x1f")


def test_the_xlsx_export_opens_when_stored_text_holds_control_characters(
    plan: Strategy, steering: User, sign_in: Callable[..., Client]
) -> None:
    _legacy(plan)
    response = sign_in(steering).get(f"/plans/{plan.uuid}/export.xlsx")
    assert response.status_code == 200
    exported = load_workbook(io.BytesIO(response.content))
    rows = list(exported.worksheets[0].iter_rows(values_only=True))
    action = next(values for values in rows if str(values[5]).startswith("Host two"))
    assert action[5:7] == ("Host two\ncommunity roundtables", "First line\nsecond line")
    assert exported.properties.title == "Prevent Delivery Plan\n 2018-19"


def test_the_committee_report_renders_when_stored_text_holds_control_characters(
    plan: Strategy, steering: User, sign_in: Callable[..., Client]
) -> None:
    _legacy(plan)
    response = sign_in(steering).get(f"/plans/{plan.uuid}/report.pdf")
    assert response.status_code == 200
    assert response.content.startswith(b"%PDF-")

    from plans.report import report_html

    html = report_html(plan)
    assert "Host two\ncommunity roundtables" in html
    assert not any(character in html for character in "\x00\x01\x02\x0b\x1f")


def test_a_csv_import_cleans_control_characters_out_of_every_cell(
    coordinator: User, sign_in: Callable[..., Client]
) -> None:
    content = (
        b"Objective,Action,Lead officer,Outputs\n"
        b'"Safeguard\x01 people","Train\x0bleads","\x1fPrevent Education Officer\x7f","One\x0bTwo\x0c"\n'
    )
    response = sign_in(coordinator).post(
        "/plans/import/",
        {
            "title": "Imported\x01 plan",
            "period_start_day": "1",
            "period_start_month": "4",
            "period_start_year": "2026",
            "period_end_day": "31",
            "period_end_month": "3",
            "period_end_year": "2027",
            "status": "active",
            "file": SimpleUploadedFile("plan.csv", content),
        },
    )
    assert response.status_code == 302
    action = Action.objects.get()
    assert (action.title, action.lead_officer, action.outputs) == (
        "Train\nleads",
        "Prevent Education Officer",
        "One\nTwo",
    )
    assert action.objective.title == "Safeguard people"


def test_an_xlsx_import_cleans_the_control_characters_excel_writes_as_escapes(
    coordinator: User, sign_in: Callable[..., Client]
) -> None:
    # Excel writes a NUL as _x0000_ and a vertical tab as _x000B_; XML itself cannot hold them.
    body = row(1, HEADINGS) + (
        f'<row r="2">{cell("A2", "Safeguard_x0000_ people")}{cell("B2", "Train_x000B_leads")}'
        f"{cell('C2', '_x0001_Lead_x000D__x000A_officer')}</row>"
    )
    response = sign_in(coordinator).post(
        "/plans/import/",
        {
            "title": "Imported plan",
            "period_start_day": "1",
            "period_start_month": "4",
            "period_start_year": "2026",
            "period_end_day": "31",
            "period_end_month": "3",
            "period_end_year": "2027",
            "status": "active",
            "file": SimpleUploadedFile("plan.xlsx", workbook(sheet(body))),
        },
    )
    assert response.status_code == 302
    action = Action.objects.get()
    assert (action.title, action.lead_officer) == ("Train\nleads", "Lead\r\nofficer")
    assert Objective.objects.get().title == "Safeguard people"


def test_parse_import_cleans_nul_and_every_other_control_character_whatever_read_the_file() -> None:
    parsed = spreadsheets.parse_import(
        [
            (1, ["Objective\x00", "Action", "Lead officer", "Description"]),
            (2, ["Safe\x00guard", "Train\x0bleads", "\x00", "Tab\tand\r\nbreaks\x00 stay"]),
        ],
        owner_emails=set(),
    )
    assert parsed.errors == []
    assert parsed.rows[0].values == {
        "objective": "Safeguard",
        "title": "Train\nleads",
        "lead_officer": "",
        "description": "Tab\tand\r\nbreaks stay",
    }


def test_a_file_of_control_characters_only_is_empty(
    coordinator: User, sign_in: Callable[..., Client]
) -> None:
    body = _import(sign_in(coordinator), "plan.csv", b"\x01\x0b,\x02\n\x03,\x04\n")
    assert "The file is empty. Use the template and put the column headings in row 1" in body

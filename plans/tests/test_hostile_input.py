"""Hostile and careless input on every plans form: very long text, unicode, control
characters, markup, huge and negative numbers, impossible dates, fields missing and fields
added, files that are not what they say. The answer is never a server error; a refused
submission writes nothing; an accepted one writes only to the viewer's partnership, and the
pages and files that show what it wrote still open. (config/tests/test_bad_input.py sends
generated values to every form of the service; these are the named cases, for plans.)"""

from __future__ import annotations

import datetime as dt
import uuid
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.utils import timezone

from accounts.models import Partnership, User
from audit.models import AuditEvent
from conftest import add_coordinator, add_owner, build_plan, tower_hamlets, viewer, westminster
from plans.models import Action, EvidenceFile, Objective, ProgressUpdate, Strategy
from plans.tests.test_reading import _dimension_bomb

pytestmark = pytest.mark.django_db


@dataclass(frozen=True)
class Records:
    partnership: Partnership
    coordinator: User
    plan: Strategy
    objective: Objective
    action: Action


@pytest.fixture(scope="module")
def records(module_db: None) -> Records:
    partnership = tower_hamlets()
    westminster()  # another partnership, which nothing may reach
    coordinator = add_coordinator(partnership)
    plan = build_plan(viewer(coordinator, partnership), add_owner(partnership))
    objective = Objective.objects.get(title="Engage communities")
    return Records(
        partnership, coordinator, plan, objective, Action.objects.get(title="Host two community roundtables")
    )


def _date(prefix: str, day: str, month: str, year: str) -> dict[str, str]:
    return {f"{prefix}_day": day, f"{prefix}_month": month, f"{prefix}_year": year}


def _csv_file() -> SimpleUploadedFile:
    return SimpleUploadedFile("plan.csv", b"Objective,Action\nSafeguard people,Train leads\n", "text/csv")


def _pdf_file() -> SimpleUploadedFile:
    return SimpleUploadedFile("register.pdf", b"%PDF-1.4 attendance", "application/pdf")


@dataclass(frozen=True)
class Form:
    """A plans form: where it posts, a submission it accepts, and its kinds of field."""

    url: Callable[[Records], str]
    valid: Callable[[Records], dict[str, Any]]
    text: tuple[str, ...]
    dates: tuple[str, ...] = ()
    choices: tuple[str, ...] = ()
    files: tuple[str, ...] = ()
    record: Callable[[Records], Any] | None = None  # what an edit may change


STRATEGY = {
    "title": "Prevent Partnership Plan 2026-27",
    **_date("period_start", "1", "4", "2026"),
    **_date("period_end", "31", "3", "2027"),
    "status": "active",
    "source": "Committee report",
    "summary": "Our plan.",
}
ACTION_TEXT = (
    "reference",
    "title",
    "description",
    "outcomes",
    "outputs",
    "timescale",
    "lead_officer",
    "lead_agency",
    "partners",
    "recommendation",
)


def _action(records: Records) -> dict[str, Any]:
    return {
        "objective": str(records.objective.uuid),
        "kind": "action",
        **{name: f"{name} text" for name in ACTION_TEXT},
        "title": "Hold a roundtable",
        **_date("target_date", "30", "9", "2026"),
        "owner": "",
        "national_objective": "contest_prevent",
    }


FORMS = {
    "strategy-create": Form(
        url=lambda r: "/plans/new/",
        valid=lambda r: dict(STRATEGY),
        text=("title", "source", "summary"),
        dates=("period_start", "period_end"),
        choices=("status",),
    ),
    "strategy-edit": Form(
        url=lambda r: f"/plans/{r.plan.uuid}/edit/",
        valid=lambda r: dict(STRATEGY),
        text=("title", "source", "summary"),
        dates=("period_start", "period_end"),
        choices=("status",),
        record=lambda r: r.plan,
    ),
    "objective-create": Form(
        url=lambda r: f"/plans/{r.plan.uuid}/objectives/new/",
        valid=lambda r: {
            "parent": "",
            "reference": "Objective 3",
            "title": "Build resilience",
            "description": "",
        },
        text=("reference", "title", "description"),
        choices=("parent",),
    ),
    "objective-edit": Form(
        url=lambda r: f"/plans/objectives/{r.objective.uuid}/edit/",
        valid=lambda r: {"reference": "Objective 2", "title": "Engage all communities", "description": "Why"},
        text=("reference", "title", "description"),
        record=lambda r: r.objective,
    ),
    "action-create": Form(
        url=lambda r: f"/plans/{r.plan.uuid}/actions/new/",
        valid=_action,
        text=ACTION_TEXT,
        dates=("target_date",),
        choices=("objective", "kind", "owner", "national_objective"),
    ),
    "action-edit": Form(
        url=lambda r: f"/plans/actions/{r.action.uuid}/edit/",
        valid=_action,
        text=ACTION_TEXT,
        dates=("target_date",),
        choices=("objective", "kind", "owner", "national_objective"),
        record=lambda r: r.action,
    ),
    "progress-update": Form(
        url=lambda r: f"/plans/actions/{r.action.uuid}/updates/new/",
        valid=lambda r: {
            **_date("update_date", "1", "6", "2018"),
            "rag": "amber",
            "commentary": "Venue booked.",
            "evidence": _pdf_file(),
        },
        text=("commentary",),
        dates=("update_date",),
        choices=("rag",),
        files=("evidence",),
        record=lambda r: r.action,
    ),
    "import": Form(
        url=lambda r: "/plans/import/",
        valid=lambda r: {**STRATEGY, "file": _csv_file()},
        text=("title", "source", "summary"),
        dates=("period_start", "period_end"),
        choices=("status",),
        files=("file",),
    ),
}

HUGE = "9" * 30


def _every(names: tuple[str, ...], value: Any) -> dict[str, Any]:
    return dict.fromkeys(names, value)


def _dates(form: Form, day: str, month: str, year: str) -> dict[str, str]:
    return {key: value for prefix in form.dates for key, value in _date(prefix, day, month, year).items()}


def _date_parts(form: Form, value: str) -> dict[str, str]:
    return _dates(form, value, value, value)


ACCEPTED, REFUSED, EITHER = "accepted", "refused", "either"


def _refused_with(*kinds: str) -> Callable[[Form], str]:
    """Refused by a form that has fields of one of `kinds` ("dates", "choices"), which the
    case spoils; accepted by one without."""
    return lambda form: REFUSED if any(getattr(form, kind) for kind in kinds) else ACCEPTED


Change = Callable[[Form, dict[str, Any]], dict[str, Any]]

# Each case changes a submission the form accepts, and says what the form must make of it.
CASES: dict[str, tuple[Change, Callable[[Form], str]]] = {
    "as-sent": (lambda form, data: data, lambda form: ACCEPTED),
    "100000-characters": (lambda form, data: data | _every(form.text, "x" * 100_000), lambda form: REFUSED),
    "unicode": (
        lambda form, data: data | _every(form.text, "Prévent ✓ 𝒳 \u202e﷽ 🙂 Ж \u2028 \ufeff"),
        lambda form: ACCEPTED,
    ),
    "control-characters": (
        lambda form, data: data | _every(form.text, "a\x00b\x01c\x0bd\x1f\x7fe"),
        lambda form: ACCEPTED,
    ),
    "only-control-characters": (
        lambda form, data: data | _every(form.text, "\x00\x01\x0b"),
        lambda form: EITHER,
    ),
    "markup-and-formulas": (
        lambda form, data: data | _every(form.text, "<b>x</b>=SUM(A1){{a}}{%b%}"),
        lambda form: ACCEPTED,
    ),
    "whitespace": (lambda form, data: data | _every(form.text, " \t\r\n "), lambda form: EITHER),
    "huge-numbers": (
        lambda form, data: data | _every(form.text + form.choices, HUGE) | _date_parts(form, HUGE),
        _refused_with("dates", "choices"),
    ),
    "negative-numbers": (
        lambda form, data: data | _every(form.choices, "-1") | _date_parts(form, "-1"),
        _refused_with("dates", "choices"),
    ),
    "day-99999999999": (
        lambda form, data: data | _dates(form, "99999999999", "1", "2026"),
        _refused_with("dates"),
    ),
    "year-9999": (lambda form, data: data | _dates(form, "31", "12", "9999"), _refused_with("dates")),
    "31-february": (lambda form, data: data | _dates(form, "31", "2", "2019"), _refused_with("dates")),
    "year-0": (lambda form, data: data | _dates(form, "1", "1", "0000"), _refused_with("dates")),
    "1e308-and-nan": (
        lambda form, data: data | _every(form.choices, "NaN") | _dates(form, "1e3", "NaN", "1e308"),
        _refused_with("dates", "choices"),
    ),
    "choices-that-are-not": (
        lambda form, data: data | _every(form.choices, str(uuid.uuid4())),
        _refused_with("choices"),
    ),
    "nothing": (lambda form, data: {}, lambda form: REFUSED),
    "every-other-field-left-out": (
        lambda form, data: {key: value for number, (key, value) in enumerate(data.items()) if number % 2},
        lambda form: EITHER,
    ),
    "every-field-empty": (lambda form, data: dict.fromkeys(data, ""), lambda form: REFUSED),
    "fields-added": (
        lambda form, data: (
            data
            | {
                "partnership": "2",
                "partnership_id": "2",
                "id": "1",
                "uuid": str(uuid.uuid4()),
                "strategy": "1",
                "author": "1",
                "is_demo": "on",
                "sort_key": "-1",
                "submission": "x" * 10_000,
                "\x00": "\x00",
            }
        ),
        lambda form: ACCEPTED,
    ),
    "every-field-twice": (
        lambda form, data: {
            key: value if hasattr(value, "read") else [value, "second"] for key, value in data.items()
        },
        lambda form: EITHER,
    ),
}


FILE_CASES: dict[str, Callable[[], list[SimpleUploadedFile]]] = {
    "a-name-of-1000-characters": lambda: [SimpleUploadedFile("a" * 1000 + ".pdf", b"%PDF-1.4 x")],
    "a-name-with-control-characters-and-a-path": lambda: [
        SimpleUploadedFile("../../\x01etc\x0b/pass\x7fwd.pdf", b"%PDF-1.4 x")
    ],
    "an-empty-file": lambda: [SimpleUploadedFile("empty.pdf", b"")],
    "a-program": lambda: [SimpleUploadedFile("setup.exe", b"MZ\x90\x00")],
    "a-page-calling-itself-a-pdf": lambda: [
        SimpleUploadedFile("report.pdf", b"<html><script>alert(1)</script>")
    ],
    "six-files": lambda: [SimpleUploadedFile(f"file{n}.pdf", b"%PDF-1.4 x") for n in range(6)],
    "a-dimension-bomb": lambda: [SimpleUploadedFile("plan.xlsx", _dimension_bomb("XFD"))],
    "a-workbook-called-csv": lambda: [SimpleUploadedFile("plan.csv", _dimension_bomb("A"))],
}


def _state(records: Records, form: Form) -> tuple[Any, ...]:
    """Everything a submission could change."""
    counts = tuple(
        model.objects.count() for model in (Strategy, Objective, Action, ProgressUpdate, EvidenceFile)
    )
    record = form.record(records) if form.record else None
    values = type(record).objects.filter(pk=record.pk).values().get() if record else None
    return counts, AuditEvent.objects.exclude(verb__endswith=".viewed").count(), values


def _check(
    name: str, data: dict[str, Any], expected: str, records: Records, sign_in: Callable[..., Client]
) -> None:
    form = FORMS[name]
    client = sign_in(records.coordinator)
    before = _state(records, form)
    response = client.post(form.url(records), data)
    assert response.status_code in (200, 302), response.status_code
    if response.status_code == 200:
        assert expected != ACCEPTED, "the form refused what it should accept"
        assert "There is a problem" in response.content.decode()
        assert _state(records, form) == before, "a refused submission wrote"
        return
    assert expected != REFUSED, "the form accepted what it must refuse"
    # What was written stays in the partnership and every page that shows it opens.
    assert set(Strategy.objects.values_list("partnership", flat=True)) == {records.partnership.pk}
    assert not ProgressUpdate.objects.filter(is_demo=True).exists()
    assert client.get(response["Location"]).status_code == 200
    for strategy in Strategy.objects.all():
        for path in ("", "export.csv", "export.xlsx", "report.pdf"):
            assert client.get(f"/plans/{strategy.uuid}/{path}").status_code == 200, path
    for action in Action.objects.all():
        assert client.get(f"/plans/actions/{action.uuid}/").status_code == 200
    for evidence in EvidenceFile.objects.all():
        assert client.get(f"/plans/evidence/{evidence.uuid}/").status_code == 200


@pytest.mark.parametrize("case", list(CASES))
@pytest.mark.parametrize("name", list(FORMS))
def test_hostile_input_never_gets_a_server_error_and_a_refusal_writes_nothing(
    name: str, case: str, records: Records, sign_in: Callable[..., Client]
) -> None:
    form = FORMS[name]
    change, expected = CASES[case]
    _check(name, change(form, form.valid(records)), expected(form), records, sign_in)


@pytest.mark.parametrize("case", list(FILE_CASES))
@pytest.mark.parametrize("name", [name for name, form in FORMS.items() if form.files])
def test_hostile_files_never_get_a_server_error_and_a_refusal_writes_nothing(
    name: str, case: str, records: Records, sign_in: Callable[..., Client]
) -> None:
    form = FORMS[name]
    files = FILE_CASES[case]()
    data = form.valid(records) | dict.fromkeys(form.files, files if len(files) > 1 else files[0])
    _check(name, data, EITHER, records, sign_in)


def test_the_dates_today_and_tomorrow_are_told_apart(
    records: Records, sign_in: Callable[..., Client]
) -> None:
    tomorrow = timezone.localdate() + dt.timedelta(days=1)
    form = FORMS["progress-update"]
    data = form.valid(records) | _dates(form, str(tomorrow.day), str(tomorrow.month), str(tomorrow.year))
    _check("progress-update", data, REFUSED, records, sign_in)

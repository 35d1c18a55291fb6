"""A partnership's own wording of a benchmark marked as its to edit: the coordinator sets it
from an assessment in progress, and the detail page, the rate page and the PDF show it
(marked as set by the partnership, without the framework's note); nobody else may set it or
is shown the link; hostile input writes nothing; the framework's wording comes back on
request; a completed assessment keeps the wording of its snapshot."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from accounts.access import Viewer
from accounts.models import Membership, Partnership, Role, User
from audit.models import AuditEvent
from conftest import build_plan, viewer
from govuk.testing import Element, page
from govuk.testing_pdf import laid_out_text
from lib.errors import Refused
from performance import assessment_actions as actions
from performance.assessment_framework import UNSOURCED_NOTE
from performance.models import Assessment, Benchmark, BenchmarkWording
from performance.tests.builders_assessment import (
    OWN_GOOD,
    OWN_STATEMENT,
    AssessmentRecords,
    assessment_for_walks,
    rate_all,
)
from performance.views import assessment as assessment_views

pytestmark = pytest.mark.django_db

NEW_STATEMENT = "Training compliance is reported to the board each quarter, audience by audience."
NEW_GOOD = "Every audience meets its target.\nRefreshers are booked before certificates lapse."
WORDING_SET = "performance.assessment.wording_set"
WORDING_RESTORED = "performance.assessment.wording_restored"


@pytest.fixture
def records(coordinator_viewer: Viewer, owner: User) -> AssessmentRecords:
    build_plan(coordinator_viewer, owner)
    return assessment_for_walks(coordinator_viewer)


def _benchmark(assessment: Assessment, code: str) -> Benchmark:
    return Benchmark.objects.get(heading__framework=assessment.framework, code=code)


def _wording_url(assessment: Assessment, code: str) -> str:
    return reverse("performance:assessment_wording", args=[assessment.uuid, code])


def _restore_url(assessment: Assessment, code: str) -> str:
    return reverse("performance:assessment_wording_restore", args=[assessment.uuid, code])


def _section(client: Client, assessment: Assessment, code: str) -> Element:
    return page(client.get(assessment.get_absolute_url()).content).by_id(code)


def _summary(section: Element) -> dict[str, str]:
    """A benchmark's summary list on the assessment page: key → value."""
    rows = {}
    for row in section.iter("div"):
        if "govuk-summary-list__row" in row.attrs.get("class", ""):
            key, value = (e for e in row.iter() if e.tag in ("dt", "dd"))
            rows[key.text] = value.text
    return rows


def _wording_links(section: Element) -> list[str]:
    return [href for text, href in section.links() if text.startswith("Change the wording")]


def _writes() -> tuple[int, int, list[tuple[str, str]]]:
    return (
        AuditEvent.objects.exclude(verb__endswith=".viewed").count(),
        BenchmarkWording.objects.count(),
        list(BenchmarkWording.objects.order_by("pk").values_list("statement", "good")),
    )


def _pdf_text(client: Client, assessment: Assessment, monkeypatch: pytest.MonkeyPatch) -> str:
    """The text of the PDF the download serves, read from the HTML it is made of."""
    rendered: list[str] = []
    real = assessment_views.assessment_html

    def keep(*args: Any, **kwargs: Any) -> str:
        rendered.append(real(*args, **kwargs))
        return rendered[-1]

    monkeypatch.setattr(assessment_views, "assessment_html", keep)
    response = client.get(reverse("performance:assessment_pdf", args=[assessment.uuid]))
    assert response.status_code == 200 and response.content.startswith(b"%PDF")
    return laid_out_text(rendered[-1])


def test_the_coordinator_words_a_benchmark_and_the_pages_and_pdf_show_it(
    records: AssessmentRecords,
    coordinator: User,
    sign_in: Callable[..., Client],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    client = sign_in(coordinator)
    assessment, code = records.in_progress, records.unworded
    framework = _benchmark(assessment, code)
    section = _section(client, assessment, code)
    assert _wording_links(section) == [_wording_url(assessment, code)]
    assert UNSOURCED_NOTE in _summary(section)["What good looks like"]

    form_page = page(client.get(_wording_url(assessment, code)).content)
    fields = {e.attrs.get("name"): e for e in form_page.iter() if e.tag in ("input", "textarea")}
    assert fields["statement"].attrs["value"] == framework.statement
    # The form starts from the framework's wording without its note.
    assert fields["good"].text == framework.good.replace(UNSOURCED_NOTE, "").strip()
    assert UNSOURCED_NOTE not in fields["good"].text
    # No wording of the partnership's yet: nothing to go back from.
    assert "Use the framework's wording again" not in [b.text for b in form_page.iter("button")]
    token = fields["submission"].attrs["value"]

    sent = {"statement": NEW_STATEMENT, "good": NEW_GOOD, "submission": token}
    first = client.post(_wording_url(assessment, code), sent)
    assert first.status_code == 302
    assert first["Location"] == f"{assessment.get_absolute_url()}#{code}"
    # The same form sent again (a double click) is saved once.
    assert client.post(_wording_url(assessment, code), sent).status_code == 302
    wording = BenchmarkWording.objects.get(benchmark=framework)
    assert (wording.statement, wording.good, wording.updated_by) == (NEW_STATEMENT, NEW_GOOD, coordinator)
    events = AuditEvent.objects.filter(verb=WORDING_SET, object_label=f"Wording of {code}")
    assert events.count() == 1
    assert events.get().changes == {
        "statement": {"from": framework.statement, "to": NEW_STATEMENT},
        "good": {"from": framework.good, "to": NEW_GOOD},
    }
    assert events.get().actor == coordinator

    detail = page(client.get(assessment.get_absolute_url()).content)
    section = detail.by_id(code)
    assert section.iter("h3")[0].text == NEW_STATEMENT
    summary = _summary(section)
    assert summary["What good looks like"].startswith(" ".join(NEW_GOOD.split()))
    assert "Wording set by the partnership" in summary["What good looks like"]
    assert UNSOURCED_NOTE not in detail.text
    assert "Unsourced" not in summary["What good looks like"]
    history = next(
        t for t in detail.tables() if t.headers == ["Benchmark", "Last year", "This year", "Change"]
    )
    benchmarks = [row["Benchmark"] for row in history.rows]
    assert NEW_STATEMENT in benchmarks and framework.statement not in benchmarks

    rate = page(client.get(reverse("performance:assessment_rate", args=[assessment.uuid, code])).content)
    assert rate.iter("h1")[0].text == NEW_STATEMENT
    assert " ".join(NEW_GOOD.split()) in rate.text
    assert "Wording set by the partnership" in rate.text
    assert UNSOURCED_NOTE not in rate.text
    assert _wording_url(assessment, code) in [href for _, href in rate.links()]

    pdf = _pdf_text(client, assessment, monkeypatch)
    assert NEW_STATEMENT in pdf
    assert "Refreshers are booked before certificates lapse." in pdf
    assert "Wording set by the partnership." in pdf
    assert framework.statement not in pdf
    assert UNSOURCED_NOTE not in pdf


def test_the_partnerships_wording_is_the_one_quoted_by_a_shortfalls_plan_action(
    records: AssessmentRecords, coordinator_viewer: Viewer
) -> None:
    actions.rate_benchmark(
        viewer=coordinator_viewer,
        assessment=records.in_progress,
        benchmark=records.worded,
        rating="not_met",
        commentary="",
        evidence_records={},
    )
    action = actions.create_shortfall_action(
        viewer=coordinator_viewer,
        assessment=records.in_progress,
        benchmark=records.worded,
        objective=records.objective,
        title="Filter the library computers",
    )
    assert f'"{OWN_STATEMENT}" was rated Not met.' in action.description


@pytest.mark.parametrize("role", [r for r in Role if r != Role.COORDINATOR])
def test_no_other_role_is_shown_the_link_or_may_open_the_page(
    role: str,
    records: AssessmentRecords,
    partnership: Partnership,
    person: Callable[..., User],
    sign_in: Callable[..., Client],
) -> None:
    client = sign_in(person(partnership, role))
    before = _writes()
    detail = client.get(records.in_progress.get_absolute_url())
    if detail.status_code == 200:
        links = [href for _, href in page(detail.content).links()]
        assert not [href for href in links if "/wording/" in href]
    for code in (records.unworded, records.worded):
        assert client.get(_wording_url(records.in_progress, code)).status_code == 404
        assert (
            client.post(_wording_url(records.in_progress, code), {"statement": "x", "good": "y"}).status_code
            == 404
        )
        assert client.post(_restore_url(records.in_progress, code)).status_code == 404
    assert _writes() == before


def test_another_partnerships_coordinator_gets_404_and_never_changes_this_ones_wording(
    records: AssessmentRecords,
    other_partnership: Partnership,
    person: Callable[..., User],
    sign_in: Callable[..., Client],
) -> None:
    their_coordinator = person(other_partnership, Role.COORDINATOR, Role.STEERING, Role.FUNDER)
    client = sign_in(their_coordinator)
    before = _writes()
    for code in (records.unworded, records.worded):
        assert client.get(_wording_url(records.in_progress, code)).status_code == 404
        assert (
            client.post(_wording_url(records.in_progress, code), {"statement": "x", "good": "y"}).status_code
            == 404
        )
        assert client.post(_restore_url(records.in_progress, code)).status_code == 404
    assert _writes() == before
    # Their own wording of the same benchmark is theirs only.
    theirs = viewer(their_coordinator, other_partnership)
    benchmark = _benchmark(records.in_progress, records.worded)
    actions.set_benchmark_wording(viewer=theirs, benchmark=benchmark, statement="Theirs", good="Their good")
    assert (
        BenchmarkWording.objects.get(partnership=records.in_progress.partnership).statement == OWN_STATEMENT
    )
    assert actions.restore_framework_wording(viewer=theirs, benchmark=benchmark)
    assert BenchmarkWording.objects.filter(partnership=records.in_progress.partnership).exists()


def test_a_completed_assessment_shows_no_link_and_its_wording_page_is_404(
    records: AssessmentRecords, coordinator: User, sign_in: Callable[..., Client]
) -> None:
    client = sign_in(coordinator)
    section = _section(client, records.completed, records.unworded)
    assert _wording_links(section) == []
    assert client.get(_wording_url(records.completed, records.unworded)).status_code == 404
    assert client.post(_restore_url(records.completed, records.worded)).status_code == 404


HOSTILE_FORMS = {
    "a statement too long": ({"statement": "s" * 301, "good": "Good."}, "300 characters or fewer"),
    "what good looks like too long": ({"statement": "S.", "good": "g" * 2001}, "2,000 characters or fewer"),
    "no statement": ({"statement": "   ", "good": "Good."}, "Enter the benchmark&#x27;s statement"),
    "no good": ({"statement": "S.", "good": ""}, "Enter what good looks like"),
    # The middleware takes control characters out of every input, which leaves nothing.
    "control characters only": ({"statement": "\x00\x01\x0b", "good": "Good."}, "Enter the benchmark"),
    "only the framework's note": ({"statement": "S.", "good": UNSOURCED_NOTE}, "Enter what good looks like"),
    "nothing sent": ({}, "Enter the benchmark"),
}


@pytest.mark.parametrize("name", sorted(HOSTILE_FORMS))
def test_a_refused_wording_shows_an_error_and_writes_nothing(
    name: str, records: AssessmentRecords, coordinator: User, sign_in: Callable[..., Client]
) -> None:
    sent, error = HOSTILE_FORMS[name]
    client = sign_in(coordinator)
    before = _writes()
    for code in (records.unworded, records.worded):
        response = client.post(_wording_url(records.in_progress, code), sent)
        assert response.status_code == 200
        assert error in response.content.decode()
        assert page(response.content).iter("title")[0].text.startswith("Error:")
    assert _writes() == before


def test_the_action_refuses_control_characters_line_breaks_and_lengths(
    records: AssessmentRecords, coordinator_viewer: Viewer
) -> None:
    benchmark = _benchmark(records.in_progress, records.unworded)
    before = _writes()
    for statement, good, field in (
        ("A bell\x07 in it", "Good.", "statement"),
        ("Two\nlines", "Good.", "statement"),
        ("Fine.", "A NUL\x00 in it", "good"),
        ("Fine.", "A vertical tab\x0b from Word", "good"),
        ("s" * 301, "Good.", "statement"),
        ("Fine.", "g" * 2001, "good"),
        ("", "Good.", "statement"),
        ("Fine.", " \n ", "good"),
    ):
        with pytest.raises(Refused) as refused:
            actions.set_benchmark_wording(
                viewer=coordinator_viewer, benchmark=benchmark, statement=statement, good=good
            )
        assert refused.value.field == field, (statement, good)
    # Line breaks are text in what good looks like, and the limits are inclusive.
    actions.set_benchmark_wording(
        viewer=coordinator_viewer, benchmark=benchmark, statement="s" * 300, good="line\n" * 333 + "g"
    )
    assert _writes()[1] == before[1] + 1


def test_a_benchmark_not_marked_as_the_partnerships_to_edit_is_refused(
    records: AssessmentRecords, coordinator: User, coordinator_viewer: Viewer, sign_in: Callable[..., Client]
) -> None:
    sourced = _benchmark(records.in_progress, "risk.ctlp")
    assert not sourced.partnership_to_edit and sourced.source
    before = _writes()
    with pytest.raises(Refused):
        actions.set_benchmark_wording(
            viewer=coordinator_viewer, benchmark=sourced, statement="Reworded.", good="Reworded."
        )
    with pytest.raises(Refused):
        actions.restore_framework_wording(viewer=coordinator_viewer, benchmark=sourced)
    client = sign_in(coordinator)
    assert _wording_links(_section(client, records.in_progress, "risk.ctlp")) == []
    for code in ("risk.ctlp", "no.such", "x" * 500, "%00"):
        assert client.get(_wording_url(records.in_progress, code)).status_code == 404
        posted = client.post(_wording_url(records.in_progress, code), {"statement": "S.", "good": "G."})
        assert posted.status_code == 404
        assert client.post(_restore_url(records.in_progress, code)).status_code == 404
    assert _writes() == before


def test_only_the_coordinator_may_set_a_wording_through_the_action(
    records: AssessmentRecords, partnership: Partnership
) -> None:
    steering = User.objects.create_user("s@th.example.gov.uk", "a long enough password", full_name="S")
    Membership.objects.create(user=steering, partnership=partnership, role=Role.STEERING)
    reader = viewer(steering, partnership)
    benchmark = _benchmark(records.in_progress, records.unworded)
    with pytest.raises(Refused):
        actions.set_benchmark_wording(viewer=reader, benchmark=benchmark, statement="S.", good="G.")
    with pytest.raises(Refused):
        actions.restore_framework_wording(
            viewer=reader, benchmark=_benchmark(records.in_progress, records.worded)
        )
    assert BenchmarkWording.objects.count() == 1


def test_the_coordinator_goes_back_to_the_frameworks_wording(
    records: AssessmentRecords, coordinator: User, sign_in: Callable[..., Client]
) -> None:
    client = sign_in(coordinator)
    assessment, code = records.in_progress, records.worded
    framework = _benchmark(assessment, code)
    section = _section(client, assessment, code)
    assert section.iter("h3")[0].text == OWN_STATEMENT
    form_page = page(client.get(_wording_url(assessment, code)).content)
    restore = next(
        form
        for form in form_page.forms()
        if [b.text for b in form.iter("button")] == ["Use the framework's wording again"]
    )
    assert restore.attrs["action"] == _restore_url(assessment, code)
    # A blank submission is not taken to mean "the framework's wording": it is refused.
    blank = client.post(_wording_url(assessment, code), {"statement": "", "good": ""})
    assert blank.status_code == 200 and BenchmarkWording.objects.filter(benchmark=framework).exists()

    response = client.post(_restore_url(assessment, code))
    assert response.status_code == 302
    assert not BenchmarkWording.objects.filter(benchmark=framework).exists()
    event = AuditEvent.objects.get(verb=WORDING_RESTORED)
    assert event.changes["statement"] == {"from": OWN_STATEMENT, "to": framework.statement}
    section = _section(client, assessment, code)
    assert section.iter("h3")[0].text == framework.statement
    assert UNSOURCED_NOTE in _summary(section)["What good looks like"]
    assert "Wording set by the partnership" not in section.text
    # Sent again: nothing left to remove, nothing written.
    before = _writes()
    assert client.post(_restore_url(assessment, code)).status_code == 302
    assert _writes() == before
    assert client.get(_restore_url(assessment, code)).status_code == 302


def test_a_completed_assessment_keeps_the_wording_of_its_snapshot(
    records: AssessmentRecords, coordinator: User, coordinator_viewer: Viewer, sign_in: Callable[..., Client]
) -> None:
    client = sign_in(coordinator)
    worded = _benchmark(records.in_progress, records.worded)
    # Last year's was completed before the partnership worded the benchmark.
    assert _section(client, records.completed, records.worded).iter("h3")[0].text == worded.statement
    rate_all(coordinator_viewer, records.in_progress, "met")
    completed = actions.complete_assessment(viewer=coordinator_viewer, assessment=records.in_progress)
    assert completed.snapshot is not None
    stored = next(
        b for h in completed.snapshot["headings"] for b in h["benchmarks"] if b["code"] == records.worded
    )
    assert (stored["statement"], stored["good"], stored["wording_by_partnership"]) == (
        OWN_STATEMENT,
        OWN_GOOD,
        True,
    )
    before = _section(client, completed, records.worded).text
    assert OWN_STATEMENT in before and "Wording set by the partnership" in before
    actions.set_benchmark_wording(
        viewer=coordinator_viewer, benchmark=worded, statement="Changed later.", good="Changed later too."
    )
    assert _section(client, completed, records.worded).text == before
    actions.restore_framework_wording(viewer=coordinator_viewer, benchmark=worded)
    assert _section(client, completed, records.worded).text == before


def _queries(client: Client, url: str) -> int:
    with CaptureQueriesContext(connection) as queries:
        assert client.get(url).status_code == 200
    return len(queries)


def test_the_pages_read_the_wordings_in_one_query_however_many(
    records: AssessmentRecords, coordinator: User, coordinator_viewer: Viewer, sign_in: Callable[..., Client]
) -> None:
    client = sign_in(coordinator)
    detail = records.in_progress.get_absolute_url()
    rate = reverse("performance:assessment_rate", args=[records.in_progress.uuid, records.unworded])
    client.get(detail)
    one = (_queries(client, detail), _queries(client, rate))
    actions.set_benchmark_wording(
        viewer=coordinator_viewer,
        benchmark=_benchmark(records.in_progress, records.unworded),
        statement=NEW_STATEMENT,
        good=NEW_GOOD,
    )
    two = (_queries(client, detail), _queries(client, rate))
    actions.restore_framework_wording(
        viewer=coordinator_viewer, benchmark=_benchmark(records.in_progress, records.unworded)
    )
    actions.restore_framework_wording(
        viewer=coordinator_viewer, benchmark=_benchmark(records.in_progress, records.worded)
    )
    none = (_queries(client, detail), _queries(client, rate))
    assert one == two == none

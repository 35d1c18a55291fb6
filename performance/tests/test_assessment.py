"""The Prevent duty self-assessment: who reads and writes it, rating with evidence (and
refusing another partnership's records), a shortfall turned into a plan action, the lock
of a completed assessment, the year-on-year comparison and the PDF."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from django.test import Client
from django.urls import reverse

from accounts.access import Viewer
from accounts.models import Partnership, Role, User
from audit.models import AuditEvent
from conftest import add_coordinator, build_plan, viewer
from govuk.testing import page
from lib.errors import Refused
from performance import assessment_actions as actions
from performance.assessment_framework import FRAMEWORKS
from performance.models import Assessment, AssessmentStatus, Benchmark, BenchmarkFramework, EvidenceKind
from performance.tests.builders_assessment import (
    AssessmentRecords,
    assessment_for_walks,
    codes,
    policy,
    rate_all,
)
from plans.models import Action
from venues import actions as venue_actions

pytestmark = pytest.mark.django_db


@pytest.fixture
def records(coordinator_viewer: Viewer, owner: User) -> AssessmentRecords:
    build_plan(coordinator_viewer, owner)
    return assessment_for_walks(coordinator_viewer)


def _other(other_partnership: Partnership) -> Viewer:
    user = User.objects.create_user("coord@wm.example.gov.uk", "a long enough password", full_name="W C")
    from accounts.models import Membership

    Membership.objects.create(user=user, partnership=other_partnership, role=Role.COORDINATOR)
    return viewer(user, other_partnership)


def test_the_framework_is_loaded_as_data_with_every_heading_and_its_version() -> None:
    framework = BenchmarkFramework.objects.get()
    data = FRAMEWORKS[0]
    assert (framework.name, framework.version) == (data["name"], data["version"])
    titles = list(framework.headings.values_list("title", flat=True))
    assert titles == [heading["title"] for heading in data["headings"]]
    assert "Risk assessment and the counter-terrorism local profile (CTLP)" in titles
    assert [r["label"] for r in framework.ratings] == ["Not met", "Partly met", "Met", "Exceeded"]
    unsourced = Benchmark.objects.filter(partnership_to_edit=True)
    assert unsourced.exists() and not unsourced.exclude(source="").exists()


@pytest.mark.parametrize(
    ("role", "completed", "in_progress"),
    [
        (Role.COORDINATOR, 200, 200),
        (Role.STEERING, 200, 200),
        (Role.FUNDER, 200, 404),
        (Role.ACTION_OWNER, 404, 404),
        (Role.CHAIR, 404, 404),
        (Role.VENUE_OFFICER, 404, 404),
    ],
)
def test_who_reads_which_assessment(
    role: str,
    completed: int,
    in_progress: int,
    records: AssessmentRecords,
    partnership: Partnership,
    person: Callable[..., User],
    sign_in: Callable[..., Client],
) -> None:
    client = sign_in(person(partnership, role))
    assert client.get(records.completed.get_absolute_url()).status_code == completed
    assert client.get(records.in_progress.get_absolute_url()).status_code == in_progress
    listing = client.get(reverse("performance:assessment_list"))
    if completed == 404:
        assert listing.status_code == 404
    else:
        years = [row["Year"] for row in page(listing.content).tables()[0].rows]
        expected = [records.in_progress.year_label] if in_progress == 200 else []
        assert years == [*expected, records.completed.year_label]


def test_only_the_coordinator_rates_and_completes(
    records: AssessmentRecords, partnership: Partnership
) -> None:
    steering = User.objects.create_user("s@th.example.gov.uk", "a long enough password", full_name="S")
    reader = Viewer(steering, partnership, frozenset({Role.STEERING, Role.FUNDER}))
    with pytest.raises(Refused):
        actions.rate_benchmark(
            viewer=reader,
            assessment=records.in_progress,
            benchmark="risk.ctlp",
            rating="met",
            commentary="",
            evidence_records={},
        )
    with pytest.raises(Refused):
        actions.complete_assessment(viewer=reader, assessment=records.in_progress)


def test_a_rating_saves_commentary_and_evidence_shown_as_links(
    records: AssessmentRecords, coordinator: User, sign_in: Callable[..., Client]
) -> None:
    client = sign_in(coordinator)
    url = reverse("performance:assessment_rate", args=[records.in_progress.uuid, "venues.lettings"])
    form = client.get(url)
    assert form.status_code == 200
    response = client.post(
        url,
        {
            "rating": "met",
            "commentary": "Hall hire procedures updated in 2018.",
            f"evidence_{EvidenceKind.LETTINGS_POLICY}": [str(records.policy.uuid)],
            f"evidence_{EvidenceKind.PLAN_ACTION}": [str(records.action.uuid)],
        },
    )
    assert response.status_code == 302
    detail = page(client.get(records.in_progress.get_absolute_url()).content)
    section = detail.by_id("venues.lettings")
    assert "Hall hire procedures updated in 2018." in section.text
    links = dict(section.links())
    assert links[str(records.policy)] == records.policy.get_absolute_url()
    assert records.action.get_absolute_url() in links.values()
    for href in links.values():
        assert client.get(href).status_code == 200
    assert AuditEvent.objects.filter(verb="performance.assessment.rated").exists()


def test_the_steering_group_reads_evidence_it_cannot_open_without_a_link(
    records: AssessmentRecords,
    partnership: Partnership,
    person: Callable[..., User],
    sign_in: Callable[..., Client],
) -> None:
    # The completed assessment cites a lettings policy: venue pages are not the steering group's.
    client = sign_in(person(partnership, Role.STEERING))
    section = page(client.get(records.completed.get_absolute_url()).content).by_id("venues.lettings")
    assert str(records.policy) in section.text
    assert records.policy.get_absolute_url() not in [href for _, href in section.links()]


def test_another_partnerships_records_are_refused_as_evidence(
    records: AssessmentRecords,
    coordinator: User,
    coordinator_viewer: Viewer,
    other_partnership: Partnership,
    sign_in: Callable[..., Client],
) -> None:
    theirs = policy(_other(other_partnership), "Their lettings policy")
    with pytest.raises(Refused) as refused:
        actions.rate_benchmark(
            viewer=coordinator_viewer,
            assessment=records.in_progress,
            benchmark="venues.lettings",
            rating="met",
            commentary="",
            evidence_records={EvidenceKind.LETTINGS_POLICY: [str(theirs.uuid)]},
        )
    assert refused.value.field == f"evidence_{EvidenceKind.LETTINGS_POLICY}"
    before = AuditEvent.objects.count()
    client = sign_in(coordinator)
    url = reverse("performance:assessment_rate", args=[records.in_progress.uuid, "venues.lettings"])
    form = page(client.get(url).content)
    assert str(theirs.uuid) not in [e.attrs.get("value") for e in form.iter("input")]
    response = client.post(
        url, {"rating": "met", f"evidence_{EvidenceKind.LETTINGS_POLICY}": [str(theirs.uuid)]}
    )
    assert response.status_code == 200
    assert "Choose evidence from the partnership" in response.content.decode()
    assert AuditEvent.objects.count() == before
    assert not records.in_progress.ratings.get(benchmark__code="venues.lettings").evidence.exists()


def test_another_partnership_gets_404_for_the_assessment(
    records: AssessmentRecords,
    other_partnership: Partnership,
    person: Callable[..., User],
    sign_in: Callable[..., Client],
) -> None:
    client = sign_in(person(other_partnership, Role.COORDINATOR, Role.STEERING, Role.FUNDER))
    for url in (
        records.completed.get_absolute_url(),
        reverse("performance:assessment_pdf", args=[records.completed.uuid]),
        reverse("performance:assessment_rate", args=[records.in_progress.uuid, "risk.ctlp"]),
    ):
        assert client.get(url).status_code == 404


def test_a_rating_is_chosen_by_a_person_from_the_frameworks_labels(
    records: AssessmentRecords, coordinator_viewer: Viewer
) -> None:
    with pytest.raises(Refused) as refused:
        actions.rate_benchmark(
            viewer=coordinator_viewer,
            assessment=records.in_progress,
            benchmark="risk.ctlp",
            rating="excellent",
            commentary="",
            evidence_records={},
        )
    assert refused.value.field == "rating"
    with pytest.raises(Refused):
        actions.rate_benchmark(
            viewer=coordinator_viewer,
            assessment=records.in_progress,
            benchmark="no.such",
            rating="met",
            commentary="",
            evidence_records={},
        )


def test_a_shortfall_creates_a_plan_action_linked_back_from_the_benchmark(
    records: AssessmentRecords, coordinator: User, sign_in: Callable[..., Client]
) -> None:
    client = sign_in(coordinator)
    detail = page(client.get(records.in_progress.get_absolute_url()).content)
    create = reverse("performance:assessment_shortfall", args=[records.in_progress.uuid, records.shortfall])
    assert create in [href for _, href in detail.by_id(records.shortfall).links()]
    before = Action.objects.count()
    response = client.post(
        create,
        {
            "objective": str(records.objective.uuid),
            "title": "Recruit faith and community members to the steering group",
        },
    )
    assert response.status_code == 302
    assert Action.objects.count() == before + 1
    action = Action.objects.get(title="Recruit faith and community members to the steering group")
    assert action.objective == records.objective
    assert "Partly met" in action.description
    assert AuditEvent.objects.filter(verb="performance.assessment.shortfall_action").exists()
    assert AuditEvent.objects.filter(verb="plans.action.created", object_id=str(action.uuid)).exists()
    section = page(client.get(records.in_progress.get_absolute_url()).content).by_id(records.shortfall)
    assert (action.title, action.get_absolute_url()) in section.links()
    # Once made, no second action; a benchmark that is met offers none.
    assert client.get(create).status_code == 404
    assert (
        client.get(
            reverse("performance:assessment_shortfall", args=[records.in_progress.uuid, "risk.ctlp"])
        ).status_code
        == 404
    )


def test_a_shortfall_action_goes_only_into_the_partnerships_own_plan(
    records: AssessmentRecords, coordinator_viewer: Viewer, other_partnership: Partnership
) -> None:
    theirs = _other(other_partnership)
    from conftest import add_owner

    their_plan = build_plan(theirs, add_owner(other_partnership))
    with pytest.raises(Refused):
        actions.create_shortfall_action(
            viewer=coordinator_viewer,
            assessment=records.in_progress,
            benchmark=records.shortfall,
            objective=their_plan.objectives.first(),  # type: ignore[arg-type]
            title="Nope",
        )
    with pytest.raises(Refused):
        actions.create_shortfall_action(
            viewer=coordinator_viewer,
            assessment=records.in_progress,
            benchmark="risk.ctlp",
            objective=records.objective,
            title="Not a shortfall",
        )


def test_a_completed_assessment_is_a_snapshot_unchanged_by_later_edits(
    records: AssessmentRecords,
    coordinator: User,
    coordinator_viewer: Viewer,
    sign_in: Callable[..., Client],
) -> None:
    client = sign_in(coordinator)
    url = records.completed.get_absolute_url()
    before = page(client.get(url).content).by_id("venues.lettings").text
    assert "Hall hire procedures (2018)" in before
    venue_actions.save_policy(
        viewer=coordinator_viewer, policy=records.policy, title="Renamed procedures", version="2026"
    )
    after = page(client.get(url).content).by_id("venues.lettings").text
    assert after == before
    with pytest.raises(Refused):
        actions.rate_benchmark(
            viewer=coordinator_viewer,
            assessment=records.completed,
            benchmark="risk.ctlp",
            rating="exceeded",
            commentary="",
            evidence_records={},
        )
    assert (
        client.get(
            reverse("performance:assessment_rate", args=[records.completed.uuid, "risk.ctlp"])
        ).status_code
        == 404
    )
    # The assessment in progress reads the records as they are now.
    actions.rate_benchmark(
        viewer=coordinator_viewer,
        assessment=records.in_progress,
        benchmark="venues.lettings",
        rating="met",
        commentary="",
        evidence_records={EvidenceKind.LETTINGS_POLICY: [str(records.policy.uuid)]},
    )
    assert (
        "Renamed procedures"
        in page(client.get(records.in_progress.get_absolute_url()).content).by_id("venues.lettings").text
    )


def test_completion_needs_every_benchmark_rated(
    records: AssessmentRecords, coordinator: User, coordinator_viewer: Viewer, sign_in: Callable[..., Client]
) -> None:
    with pytest.raises(Refused):
        actions.complete_assessment(viewer=coordinator_viewer, assessment=records.in_progress)
    client = sign_in(coordinator)
    complete = reverse("performance:assessment_complete", args=[records.in_progress.uuid])
    response = client.post(complete, follow=True)
    assert "Rate every benchmark" in response.content.decode()
    rate_all(coordinator_viewer, records.in_progress, "met")
    client.post(complete)
    records.in_progress.refresh_from_db()
    assert records.in_progress.status == AssessmentStatus.COMPLETED
    assert records.in_progress.snapshot is not None
    assert AuditEvent.objects.filter(verb="performance.assessment.completed").count() == 2


def test_the_history_reads_last_year_beside_this_year_in_words(
    records: AssessmentRecords, coordinator: User, coordinator_viewer: Viewer, sign_in: Callable[..., Client]
) -> None:
    actions.rate_benchmark(
        viewer=coordinator_viewer,
        assessment=records.in_progress,
        benchmark="venues.lettings",
        rating="partly_met",
        commentary="",
        evidence_records={},
    )
    actions.rate_benchmark(
        viewer=coordinator_viewer,
        assessment=records.in_progress,
        benchmark="risk.ctlp",
        rating="exceeded",
        commentary="",
        evidence_records={},
    )
    detail = page(sign_in(coordinator).get(records.in_progress.get_absolute_url()).content)
    table = next(t for t in detail.tables() if t.headers == ["Benchmark", "Last year", "This year", "Change"])
    rows = {row["Benchmark"]: row for row in table.rows}
    statement = Benchmark.objects.get(code="board.group").statement
    assert rows[statement] == {
        "Benchmark": statement,
        "Last year": "Partly met",
        "This year": "Partly met",
        "Change": "Same",
    }
    lettings = rows[Benchmark.objects.get(code="venues.lettings").statement]
    assert (lettings["Last year"], lettings["This year"], lettings["Change"]) == (
        "Met",
        "Partly met",
        "Worse",
    )
    ctlp = rows[Benchmark.objects.get(code="risk.ctlp").statement]
    assert (ctlp["Last year"], ctlp["This year"], ctlp["Change"]) == ("Partly met", "Exceeded", "Better")
    assert rows[Benchmark.objects.get(code="plan.owned").statement]["Change"] == "Not rated yet"
    assert len(rows) == len(codes())


def test_the_pdf_downloads_with_its_protective_marking(
    records: AssessmentRecords,
    partnership: Partnership,
    person: Callable[..., User],
    sign_in: Callable[..., Client],
) -> None:
    client = sign_in(person(partnership, Role.FUNDER))
    response = client.get(reverse("performance:assessment_pdf", args=[records.completed.uuid]))
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response.content.startswith(b"%PDF")
    assert "attachment" in response["Content-Disposition"]
    assert AuditEvent.objects.filter(verb="performance.assessment.downloaded").exists()
    assert (
        client.get(reverse("performance:assessment_pdf", args=[records.in_progress.uuid])).status_code == 404
    )


def test_the_pdf_says_official_and_the_date() -> None:
    from performance.views.assessment import assessment_html

    html = assessment_html(
        {
            "partnership": "Tower Hamlets",
            "year_label": "2026 to 2027",
            "status": "Completed",
            "completed_on": "2026-12-01",
            "framework": {"name": "F", "version": "1", "source": ""},
            "headings": [],
        },
        printed_on="6 December 2026",
    )
    assert html.count("OFFICIAL") >= 2
    assert "6 December 2026" in html


def test_starting_refuses_a_second_assessment_of_a_year_and_years_out_of_range(
    records: AssessmentRecords, coordinator_viewer: Viewer, coordinator: User, sign_in: Callable[..., Client]
) -> None:
    with pytest.raises(Refused):
        actions.start_assessment(viewer=coordinator_viewer, year=records.in_progress.year)
    with pytest.raises(Refused):
        actions.start_assessment(viewer=coordinator_viewer, year=records.in_progress.year + 1)
    client = sign_in(coordinator)
    response = client.post(reverse("performance:assessment_start"), {"year": str(records.in_progress.year)})
    assert response.status_code == 200
    assert Assessment.objects.count() == 2
    response = client.post(
        reverse("performance:assessment_start"), {"year": str(records.in_progress.year - 2)}
    )
    assert response.status_code == 302
    assert Assessment.objects.count() == 3


def test_an_assessment_names_the_framework_version_it_used(records: AssessmentRecords) -> None:
    assert records.completed.snapshot["framework"]["version"] == "2024"  # type: ignore[index]
    assert records.in_progress.framework.version == "2024"


def test_a_coordinator_of_a_new_partnership_starts_with_no_assessment(
    other_partnership: Partnership, sign_in: Callable[..., Client]
) -> None:
    user = add_coordinator(other_partnership)
    response = sign_in(user).get(reverse("performance:assessment_list"))
    assert "No self-assessments yet" in response.content.decode()
    assert reverse("performance:assessment_start") in [href for _, href in page(response.content).links()]

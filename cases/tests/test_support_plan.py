"""The support plan (issue 14, part 9): versions, the chair's sign-off and the lock it
puts on a version, revisions that keep the earlier versions as they were, progress
against each need at a review, who reads and writes it, and a page whose query count
does not grow with the plan."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import Any

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from accounts.models import Membership, Role, User
from audit.models import AuditEvent
from cases import actions
from cases.models import (
    CaseEvent,
    EventKind,
    NeedProgress,
    PlanNeed,
    PlanProgressReview,
    SupportPlanVersion,
)
from cases.tests.builders import Team, assess, drafted_plan, in_support, intervention, make_team, today
from govuk.testing import Table, page
from lib.errors import Refused

pytestmark = pytest.mark.django_db


@pytest.fixture
def team(db: Any) -> Team:
    return make_team("Tower Hamlets", "TH")


@pytest.fixture
def case(team: Team) -> Any:
    referral = in_support(team, on=today() - dt.timedelta(days=60))
    assess(team, referral, on=today() - dt.timedelta(days=50))
    return referral


def _signed(team: Team, version: SupportPlanVersion, on: dt.date | None = None) -> SupportPlanVersion:
    return actions.sign_off_plan_version(viewer=team.chair, version=version, signed_off_on=on or today())


def _rows(version: SupportPlanVersion) -> list[tuple[str, str, list[int]]]:
    return [
        (need.need, need.outcome, sorted(need.interventions.values_list("pk", flat=True)))
        for need in version.needs.all()
    ]


def _table(client: Client, url: str, caption_start: str) -> Table:
    response = client.get(url)
    assert response.status_code == 200
    tables = [table for table in page(response.content).tables() if table.caption.startswith(caption_start)]
    assert len(tables) == 1, [table.caption for table in page(response.content).tables()]
    return tables[0]


# --- versions and sign-off -----------------------------------------------------------------


def test_a_revision_copies_the_needs_and_leaves_the_signed_off_version_as_it_was(
    team: Team, case: Any
) -> None:
    mentoring, other = intervention(team, case), intervention(team, case)
    first = drafted_plan(team, case, [mentoring])
    _signed(team, first, today() - dt.timedelta(days=10))
    before = _rows(first)

    second = actions.draft_plan_version(viewer=team.coordinator, referral=case)
    assert second.number == 2 and second.is_draft
    assert _rows(second) == before
    need = second.needs.get(position=1)
    actions.change_plan_need(
        viewer=team.coordinator,
        need=need,
        finding=need.finding,
        need_text="A changed need",
        outcome="A changed outcome",
        interventions=[mentoring, other],
    )
    actions.remove_plan_need(viewer=team.coordinator, need=second.needs.get(position=2))
    _signed(team, second)

    first.refresh_from_db()
    assert first.superseded_on == today() and not first.in_force
    assert _rows(first) == before
    assert _rows(second) == [("A changed need", "A changed outcome", sorted([mentoring.pk, other.pk]))]
    assert CaseEvent.objects.filter(referral=case, kind=EventKind.SUPPORT_PLAN).count() >= 6
    verbs = set(AuditEvent.objects.values_list("verb", flat=True))
    assert {"cases.support_plan.drafted", "cases.support_plan.signed_off"} <= verbs


def test_only_one_draft_at_a_time(team: Team, case: Any) -> None:
    actions.draft_plan_version(viewer=team.coordinator, referral=case)
    with pytest.raises(Refused, match="Version 1 is still a draft"):
        actions.draft_plan_version(viewer=team.chair, referral=case)
    assert SupportPlanVersion.objects.count() == 1


def test_only_the_chair_signs_off(team: Team, case: Any) -> None:
    version = drafted_plan(team, case, [intervention(team, case)])
    with pytest.raises(Refused, match="Your role does not allow you to sign off support plans"):
        actions.sign_off_plan_version(viewer=team.coordinator, version=version, signed_off_on=today())
    version.refresh_from_db()
    assert version.is_draft
    assert _signed(team, version).signed_off_by == team.chair.user


def test_a_signed_off_version_is_locked(team: Team, case: Any) -> None:
    mentoring = intervention(team, case)
    version = _signed(team, drafted_plan(team, case, [mentoring]))
    need = version.needs.first()
    assert need is not None
    finding = actions.latest_findings(case).first()
    locked = "signed off on .* and cannot be changed"
    with pytest.raises(Refused, match=locked):
        actions.add_plan_need(
            viewer=team.coordinator, version=version, finding=finding, need="x", outcome="y"
        )
    with pytest.raises(Refused, match=locked):
        actions.change_plan_need(
            viewer=team.chair, need=need, finding=finding, need_text="x", outcome="y", interventions=[]
        )
    with pytest.raises(Refused, match=locked):
        actions.remove_plan_need(viewer=team.coordinator, need=need)
    with pytest.raises(Refused, match=locked):
        _signed(team, version)
    assert _rows(version) == [(n.need, n.outcome, [mentoring.pk]) for n in version.needs.all()]


def test_sign_off_needs_a_need_and_an_intervention_for_each(team: Team, case: Any) -> None:
    version = actions.draft_plan_version(viewer=team.coordinator, referral=case)
    with pytest.raises(Refused, match="Add at least one need"):
        _signed(team, version)
    finding = actions.latest_findings(case).first()
    actions.add_plan_need(
        viewer=team.coordinator, version=version, finding=finding, need="A need", outcome="An outcome"
    )
    with pytest.raises(Refused, match=r"Link at least one intervention to every need .*\(need 1\)"):
        _signed(team, version)
    actions.change_plan_need(
        viewer=team.coordinator,
        need=version.needs.get(),
        finding=finding,
        need_text="A need",
        outcome="An outcome",
        interventions=[intervention(team, case)],
    )
    with pytest.raises(Refused, match="today or in the past"):
        _signed(team, version, today() + dt.timedelta(days=1))
    assert _signed(team, version).in_force


def test_a_need_addresses_a_factor_of_the_latest_assessment(team: Team, case: Any) -> None:
    old = actions.latest_findings(case).first()
    assert old is not None
    mentoring = intervention(team, case)
    version = drafted_plan(team, case, [mentoring], needs=1)
    _signed(team, version)
    assess(team, case)
    revision = actions.draft_plan_version(viewer=team.coordinator, referral=case)
    copied = revision.needs.get()
    # The copy is tied to the same factor in the newer assessment; the old version keeps its own.
    assert copied.finding is not None and copied.finding.assessment.version == 2
    assert copied.factor_id == old.factor_id
    assert version.needs.get().finding == old
    with pytest.raises(Refused, match="Select a factor of the latest vulnerability assessment"):
        actions.add_plan_need(
            viewer=team.coordinator, version=revision, finding=old, need="A need", outcome="An outcome"
        )


def test_no_need_without_an_assessment(team: Team) -> None:
    referral = in_support(team)
    version = actions.draft_plan_version(viewer=team.coordinator, referral=referral)
    with pytest.raises(Refused, match="Record a vulnerability assessment first"):
        actions.add_plan_need(
            viewer=team.coordinator, version=version, finding=None, need="A need", outcome="An outcome"
        )


def test_a_plan_is_for_an_adopted_case(team: Team) -> None:
    from cases.tests.builders import gateway, refer

    referral = gateway(team, refer(team))
    with pytest.raises(Refused, match="only for a case the panel has adopted"):
        actions.draft_plan_version(viewer=team.coordinator, referral=referral)


# --- progress ------------------------------------------------------------------------------


def test_progress_is_recorded_against_each_need_of_the_plan_in_force(team: Team, case: Any) -> None:
    version = _signed(
        team, drafted_plan(team, case, [intervention(team, case)]), today() - dt.timedelta(days=5)
    )
    first, second = version.needs.all()
    with pytest.raises(Refused, match="Select the progress against need 2"):
        actions.record_plan_progress(
            viewer=team.coordinator, version=version, reviewed_on=today(), entries={first.pk: ("some", "")}
        )
    with pytest.raises(Refused, match="cannot be before the plan was signed off"):
        actions.record_plan_progress(
            viewer=team.coordinator,
            version=version,
            reviewed_on=today() - dt.timedelta(days=6),
            entries={first.pk: ("some", ""), second.pk: ("good", "")},
        )
    assert not PlanProgressReview.objects.exists()
    recorded = actions.record_plan_progress(
        viewer=team.chair,
        version=version,
        reviewed_on=today(),
        entries={first.pk: ("some", "Attends every week."), second.pk: ("achieved", "")},
    )
    assert [(entry.need.position, entry.rating, entry.note) for entry in recorded.entries.all()] == [
        (1, "some", "Attends every week."),
        (2, "achieved", ""),
    ]
    draft = actions.draft_plan_version(viewer=team.coordinator, referral=case)
    with pytest.raises(Refused, match="is a draft"):
        actions.record_plan_progress(viewer=team.coordinator, version=draft, reviewed_on=today(), entries={})
    _signed(team, draft)
    with pytest.raises(Refused, match="replaced by a later version"):
        actions.record_plan_progress(
            viewer=team.coordinator,
            version=version,
            reviewed_on=today(),
            entries={first.pk: ("some", ""), second.pk: ("good", "")},
        )
    assert NeedProgress.objects.count() == 2


# --- pages -----------------------------------------------------------------------------------


def _client(sign_in: Callable[..., Client], viewer: Any) -> Client:
    return sign_in(viewer.user)


def _date(prefix: str, day: dt.date) -> dict[str, str]:
    return {f"{prefix}_day": str(day.day), f"{prefix}_month": str(day.month), f"{prefix}_year": str(day.year)}


def test_drafted_signed_off_reviewed_and_revised_through_the_pages(
    team: Team, case: Any, sign_in: Callable[..., Client]
) -> None:
    mentoring = intervention(team, case)
    coordinator, chair = _client(sign_in, team.coordinator), _client(sign_in, team.chair)
    panel = reverse("cases:case_panel", kwargs={"uuid": case.uuid})
    links = dict(page(coordinator.get(panel).content).links())
    draft_url = reverse("cases:plan_draft", kwargs={"uuid": case.uuid})
    assert links["Draft the support plan"] == draft_url
    response = coordinator.post(draft_url, {})
    version = SupportPlanVersion.objects.get()
    assert response["Location"] == reverse("cases:plan_version", kwargs={"uuid": version.uuid})
    version_page = page(coordinator.get(response["Location"]).content)
    add_url = dict(version_page.links())["Add a need"]
    finding = actions.latest_findings(case).first()
    assert finding is not None
    response = coordinator.post(
        add_url,
        {
            "finding": str(finding.uuid),
            "need": "To find a sense of belonging offline",
            "outcome": "Joins a youth club",
            "interventions": [str(mentoring.uuid)],
        },
    )
    assert response.status_code == 302, page(response.content).text
    # The coordinator has no sign-off button; the chair has, and it opens.
    assert "Sign off this version" not in dict(page(coordinator.get(response["Location"]).content).links())
    sign_off = dict(page(chair.get(response["Location"]).content).links())["Sign off this version"]
    assert coordinator.get(sign_off).status_code == 404
    response = chair.post(sign_off, {**_date("signed_off_on", today()), "confirm": "on"})
    assert response.status_code == 302

    needs = _table(
        coordinator, reverse("cases:plan_detail", kwargs={"uuid": case.uuid}), "Needs in version 1"
    )
    assert needs.rows == [
        {
            "Need": "1. To find a sense of belonging offline",
            "Factor": f"{finding.factor.name}{finding.factor.section.name}: present in assessment 1",
            "Intended outcome": "Joins a youth club",
            "Interventions": f"{mentoring.intervention_type.label}: Approved Intervention Provider "
            f"({team.provider.user.full_name}), every two weeks",
            "Latest progress": "Not reviewed yet",
        }
    ]
    plan_page = page(coordinator.get(reverse("cases:plan_detail", kwargs={"uuid": case.uuid})).content)
    progress_url = dict(plan_page.links())["Record progress at a review"]
    need = version.needs.get()
    response = coordinator.post(
        progress_url,
        {
            **_date("reviewed_on", today()),
            f"rating_{need.position}": "good",
            f"note_{need.position}": "Goes weekly",
        },
    )
    assert response.status_code == 302, page(response.content).text
    first_url = reverse("cases:plan_version", kwargs={"uuid": version.uuid})
    progress = _table(coordinator, first_url, f"Review of {today():%-d %B %Y}")
    assert progress.rows == [
        {"Need": f"Need 1: {finding.factor.name}", "Progress": "Good progress", "Notes": "Goes weekly"}
    ]
    before = coordinator.get(first_url).content

    revise = dict(page(coordinator.get(first_url).content).links())["Revise the plan"]
    response = coordinator.post(revise, {})
    revision = SupportPlanVersion.objects.get(number=2)
    edit = reverse("cases:plan_need_edit", kwargs={"uuid": revision.needs.get().uuid})
    assert edit in dict(page(coordinator.get(response["Location"]).content).links()).values()
    response = coordinator.post(
        edit,
        {
            "finding": str(finding.uuid),
            "need": "A revised need",
            "outcome": "A revised outcome",
            "interventions": [str(mentoring.uuid)],
        },
    )
    assert response.status_code == 302, page(response.content).text
    response = chair.post(
        reverse("cases:plan_sign_off", kwargs={"uuid": revision.uuid}),
        {**_date("signed_off_on", today()), "confirm": "on"},
    )
    assert response.status_code == 302, page(response.content).text
    after = page(coordinator.get(first_url).content)
    # The first version reads as it did, bar the note that it was replaced.
    assert [t.rows for t in after.tables()][:2] == [t.rows for t in page(before).tables()][:2]
    assert "This version was replaced on" in after.text
    versions = _table(coordinator, reverse("cases:plan_detail", kwargs={"uuid": case.uuid}), "Every version")
    assert [row["Version"] for row in versions.rows] == ["Version 2 (shown)", "Version 1"]
    assert [row["Status"] for row in versions.rows] == ["In force", f"Replaced {today():%-d %b %Y}"]
    panel_page = page(coordinator.get(panel).content)
    assert "Version 2, 1 need, signed off by" in panel_page.text


def test_a_locked_version_offers_no_form(team: Team, case: Any, sign_in: Callable[..., Client]) -> None:
    version = _signed(team, drafted_plan(team, case, [intervention(team, case)]))
    coordinator = _client(sign_in, team.coordinator)
    response = coordinator.get(reverse("cases:plan_need_create", kwargs={"uuid": version.uuid}))
    assert "cannot be changed: draft a revision" in page(response.content).text
    assert not [form for form in page(response.content).forms() if not form.attrs.get("action")]
    before = PlanNeed.objects.count()
    response = coordinator.post(
        reverse("cases:plan_need_create", kwargs={"uuid": version.uuid}),
        {"finding": str(actions.latest_findings(case).first().uuid), "need": "x", "outcome": "y"},  # type: ignore[union-attr]
    )
    assert response.status_code == 200 and PlanNeed.objects.count() == before


# --- access ----------------------------------------------------------------------------------


def _plan_urls(version: SupportPlanVersion) -> list[str]:
    need = version.needs.first()
    assert need is not None
    referral = version.plan.referral
    return [
        reverse("cases:plan_detail", kwargs={"uuid": referral.uuid}),
        reverse("cases:plan_draft", kwargs={"uuid": referral.uuid}),
        reverse("cases:plan_version", kwargs={"uuid": version.uuid}),
        reverse("cases:plan_need_create", kwargs={"uuid": version.uuid}),
        reverse("cases:plan_sign_off", kwargs={"uuid": version.uuid}),
        reverse("cases:plan_progress", kwargs={"uuid": version.uuid}),
        reverse("cases:plan_need_edit", kwargs={"uuid": need.uuid}),
        reverse("cases:plan_need_remove", kwargs={"uuid": need.uuid}),
    ]


def test_the_provider_of_an_intervention_in_the_plan_gets_404(
    team: Team, case: Any, sign_in: Callable[..., Client]
) -> None:
    mentoring = intervention(team, case)
    version = drafted_plan(team, case, [mentoring])
    provider = _client(sign_in, team.provider)
    assert (
        provider.get(reverse("cases:intervention_detail", kwargs={"uuid": mentoring.uuid})).status_code == 200
    )
    for url in _plan_urls(version):
        assert provider.get(url).status_code == 404, url
        assert provider.post(url, {}).status_code == 404, url
    for url in _plan_urls(version):
        assert _client(sign_in, team.panel_member).get(url).status_code == 404, url


def test_another_partnership_gets_404(team: Team, case: Any, sign_in: Callable[..., Client]) -> None:
    version = drafted_plan(team, case, [intervention(team, case)])
    elsewhere = make_team("Camden", "CA")
    for viewer in (elsewhere.coordinator, elsewhere.chair, elsewhere.police):
        client = _client(sign_in, viewer)
        for url in _plan_urls(version):
            assert client.get(url).status_code == 404, url
            assert client.post(url, {"confirm": "on"}).status_code == 404, url
    assert SupportPlanVersion.objects.count() == 1


def test_the_police_read_the_plan_without_buttons(
    team: Team, case: Any, sign_in: Callable[..., Client]
) -> None:
    version = drafted_plan(team, case, [intervention(team, case)])
    police = _client(sign_in, team.police)
    response = police.get(reverse("cases:plan_version", kwargs={"uuid": version.uuid}))
    assert response.status_code == 200
    texts = {text for text, _ in page(response.content).links()}
    assert not texts & {
        "Add a need",
        "Sign off this version",
        "Revise the plan",
        "Record progress at a review",
    }
    for url in _plan_urls(version)[3:]:
        assert police.get(url).status_code == 404


# --- queries ---------------------------------------------------------------------------------


def _queries(client: Client, url: str) -> int:
    client.get(url)  # the session and caches settle
    with CaptureQueriesContext(connection) as captured:
        assert client.get(url).status_code == 200
    return len(captured)


def test_the_pages_read_the_same_number_of_queries_however_large_the_plan(
    team: Team, sign_in: Callable[..., Client]
) -> None:
    begun = today() - dt.timedelta(days=60)
    small, large = (
        in_support(team, on=begun),
        in_support(team, on=begun, given_names="Sam", family_name="Large"),
    )
    for referral in (small, large):
        assess(team, referral, present=5)
    small_plan = _signed(team, drafted_plan(team, small, [intervention(team, small)], needs=1))
    interventions = [intervention(team, large, starts_on=begun) for _ in range(5)]
    for index, each in enumerate(interventions):
        for days in range(4):
            actions.log_session(
                viewer=team.coordinator,
                intervention=each,
                held_on=today() - dt.timedelta(days=days),
                attended=bool((index + days) % 3),
                notes=f"Session {days}",
            )
    large_plan = _signed(team, drafted_plan(team, large, interventions, needs=5))
    for version in (small_plan, large_plan):
        for _ in range(3):
            actions.record_plan_progress(
                viewer=team.coordinator,
                version=version,
                reviewed_on=today(),
                entries={need.pk: ("some", "A note") for need in version.needs.all()},
            )
    actions.draft_plan_version(viewer=team.coordinator, referral=large)
    client = _client(sign_in, team.coordinator)
    for name in ("cases:case_panel", "cases:plan_detail"):
        counts = [_queries(client, reverse(name, kwargs={"uuid": r.uuid})) for r in (small, large)]
        assert counts[0] == counts[1], (name, counts)
    version_counts = [
        _queries(client, reverse("cases:plan_version", kwargs={"uuid": v.uuid}))
        for v in (small_plan, large_plan)
    ]
    assert version_counts[0] == version_counts[1]


def test_a_chair_who_is_also_a_coordinator_sees_every_button(
    team: Team, case: Any, sign_in: Callable[..., Client]
) -> None:
    both: User = team.chair.user
    Membership.objects.create(user=both, partnership=team.partnership, role=Role.COORDINATOR)
    version = drafted_plan(team, case, [intervention(team, case)])
    client = sign_in(both)
    links = dict(
        page(client.get(reverse("cases:plan_version", kwargs={"uuid": version.uuid})).content).links()
    )
    for text in ("Add a need", "Sign off this version", "Change need 1", "Remove need 1"):
        assert client.get(links[text]).status_code == 200, text


def test_the_plan_is_in_a_subject_access_export(team: Team, case: Any) -> None:
    from django.utils import timezone

    from cases.subject_access import collect

    version = _signed(team, drafted_plan(team, case, [intervention(team, case)], needs=1))
    actions.record_plan_progress(
        viewer=team.coordinator,
        version=version,
        reviewed_on=today(),
        entries={version.needs.get().pk: ("good", "Joined a football club.")},
    )
    data = collect(case.person, produced_at=timezone.now(), produced_by=team.coordinator.user)
    (plan,) = data["Referrals"][0]["Support plan"]
    (need,) = plan["Needs"]
    assert need["Need"] == version.needs.get().need
    assert need["Progress"][0]["Notes"] == "Joined a football club."

"""Projects, their parts and returns for tests."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from accounts.access import Viewer
from accounts.models import Membership, Role, User
from partners.models import Organisation
from partners.tests.builders import organisation
from projects import actions
from projects.models import (
    Funder,
    Milestone,
    MonitoringReturn,
    Outcome,
    Output,
    Project,
    ProjectProvider,
    Risk,
)

Q1 = dt.date(2025, 4, 1)
Q2 = dt.date(2025, 7, 1)
Q3 = dt.date(2025, 10, 1)


def funder(viewer: Viewer, name: str = "Home Office Prevent funding") -> Funder:
    return Funder.objects.get(partnership=viewer.partnership, name=name)


def project_provider(viewer: Viewer, provider: Organisation, email: str) -> User:
    """A user holding the project provider role, reporting for `provider`."""
    user = User.objects.create_user(
        email, "a long enough password", full_name=f"Provider {email.split('@')[0]}"
    )
    Membership.objects.create(user=user, partnership=viewer.partnership, role=Role.PROJECT_PROVIDER)
    actions.appoint_provider(viewer=viewer, organisation=provider, user=user)
    return user


def project(
    viewer: Viewer, title: str = "Parenting programme", provider: Organisation | None = None, **values: Any
) -> Project:
    provider = provider or organisation(viewer, f"{title} provider", "voluntary-community")
    values.setdefault("start_on", Q1)
    values.setdefault("end_on", dt.date(2026, 3, 31))
    values.setdefault("grant_reference", "HO-PREV-0042")
    made = actions.create_project(
        viewer=viewer, title=title, provider=provider, funder=funder(viewer), **values
    )
    for quarter in (Q1, Q2, Q3, dt.date(2026, 1, 1)):
        actions.set_budget(viewer=viewer, project=made, quarter=quarter, budget=Decimal("2500.00"))
    return made


@dataclass(frozen=True)
class ProjectRecords:
    project: Project
    output: Output
    outcome: Outcome
    milestone: Milestone
    risk: Risk
    funder: Funder
    provider_link: ProjectProvider
    provider_user: User
    submitted: MonitoringReturn
    in_review: MonitoringReturn
    draft: MonitoringReturn


def projects_for_walks(viewer: Viewer) -> ProjectRecords:
    made = project(viewer, "Youth mentoring in schools")
    output = actions.add_output(
        viewer=viewer, project=made, description="25 x 2 hour training sessions", target_total=25
    )
    for quarter in (Q1, Q2, Q3):
        actions.set_output_target(viewer=viewer, output=output, quarter=quarter, target=6)
    outcome = actions.add_outcome(
        viewer=viewer, project=made, description="Parents feel more confident", target="80%"
    )
    milestone = actions.add_milestone(
        viewer=viewer,
        project=made,
        title="Recruit facilitators",
        due_on=dt.date(2025, 6, 30),
        status="in_progress",
    )
    risk = actions.add_risk(
        viewer=viewer,
        project=made,
        description="Low take-up",
        likelihood="medium",
        impact="high",
        mitigation="Promote through schools",
    )
    user = project_provider(viewer, made.provider, "provider.walks@example.org")
    link = ProjectProvider.objects.get(user=user)
    submitted = actions.start_return(viewer=viewer, project=made, quarter=Q1)
    actions.save_return(
        viewer=viewer,
        monitoring_return=submitted,
        spend=Decimal("2000.00"),
        actuals={output.pk: 5},
        milestones={milestone.pk: "done"},
        progress="Five sessions held.",
        issues="",
        next_quarter="Six more sessions.",
    )
    actions.send_for_review(viewer=viewer, monitoring_return=submitted)
    actions.submit_return(viewer=viewer, monitoring_return=submitted)
    in_review = actions.start_return(viewer=viewer, project=made, quarter=Q2)
    actions.send_for_review(viewer=viewer, monitoring_return=in_review)
    draft = actions.start_return(viewer=viewer, project=made, quarter=Q3)
    return ProjectRecords(
        made, output, outcome, milestone, risk, made.funder, link, user, submitted, in_review, draft
    )

"""The demo shows a support plan with two versions: the first signed off and replaced,
the second revised at a panel's review of support, with progress recorded at it."""

from io import StringIO
from typing import Any

import pytest
from django.core.management import call_command
from django.test import Client
from django.urls import reverse

from accounts.models import Partnership, Role, User
from cases.models import Referral, ReferralState, SupportPlanVersion
from govuk.testing import page

pytestmark = pytest.mark.django_db


def test_each_partnership_has_a_plan_in_two_versions(settings: Any, sign_in: Any) -> None:
    settings.DEMO = True
    call_command("load_demo", stdout=StringIO())
    for partnership in Partnership.objects.all():
        referral = Referral.objects.get(
            partnership=partnership, state=ReferralState.IN_SUPPORT, support_plan__isnull=False
        )
        first, second = SupportPlanVersion.objects.filter(plan__referral=referral).order_by("number")
        assert first.superseded_on == second.signed_off_on and second.in_force
        assert first.progress_reviews.get().review is not None
    partnership = Partnership.objects.get(slug="towerhamlets")
    referral = Referral.objects.get(
        partnership=partnership, state=ReferralState.IN_SUPPORT, support_plan__isnull=False
    )
    coordinator = User.objects.get(memberships__partnership=partnership, memberships__role=Role.COORDINATOR)
    client: Client = sign_in(coordinator)
    shown = page(client.get(reverse("cases:plan_detail", kwargs={"uuid": referral.uuid})).content)
    tables = {table.caption: table for table in shown.tables()}
    needs = tables["Needs in version 2 and the interventions that meet them"]
    assert [row["Latest progress"] for row in needs.rows] == ["Not reviewed yet", "Not reviewed yet"]
    second_signed = SupportPlanVersion.objects.get(plan__referral=referral, number=2).signed_off_on
    versions = tables["Every version of the support plan, newest first"]
    assert versions.rows[0]["Status"] == "In force"
    assert versions.rows[1]["Status"] == f"Replaced {second_signed:%-d %b %Y}"
    first = SupportPlanVersion.objects.get(plan__referral=referral, number=1)
    earlier = page(client.get(reverse("cases:plan_version", kwargs={"uuid": first.uuid})).content)
    progress = next(table for table in earlier.tables() if table.caption.startswith("Review of"))
    assert [row["Progress"] for row in progress.rows] == ["Some progress", "Achieved"]

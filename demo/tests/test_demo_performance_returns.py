"""The demo's quarterly returns: Tower Hamlets' for the two quarters before this one
submitted, with figures that agree with the demo's records, and this quarter's a draft; the
funder reads the submitted ones."""

from io import StringIO
from typing import Any

import pytest
from django.core.management import call_command
from django.urls import reverse

from accounts.models import User
from govuk.testing import page
from performance import return_figures
from performance.models import PartnershipReturn, PartnershipReturnStatus
from projects.quarters import quarter_end
from training.models import Completion

pytestmark = pytest.mark.django_db


@pytest.fixture
def demo(settings: Any) -> None:
    settings.DEMO = True
    call_command("load_demo", stdout=StringIO())


def test_tower_hamlets_has_two_submitted_returns_and_a_draft(demo: None, sign_in: Any) -> None:
    returns = list(PartnershipReturn.objects.filter(partnership__slug="towerhamlets").order_by("quarter"))
    assert [r.status for r in returns] == [
        PartnershipReturnStatus.SUBMITTED,
        PartnershipReturnStatus.SUBMITTED,
        PartnershipReturnStatus.DRAFT,
    ]
    assert not PartnershipReturn.objects.exclude(partnership__slug="towerhamlets").exists()
    for submitted in returns[:2]:
        assert submitted.snapshot is not None
        counts = return_figures.channel_counts(submitted.partnership, submitted.quarter)
        assert return_figures._channel_of(submitted.snapshot) == counts
        # The training history (demo/training_history.py) is loaded before the returns,
        # so a submitted quarter's training figures are its records'.
        training = next(s for s in submitted.snapshot["sections"] if s["code"] == "training")
        completions = next(row["value"] for row in training["rows"] if row["key"] == "completions")
        dated = Completion.objects.filter(
            partnership=submitted.partnership,
            completed_on__range=(submitted.quarter, quarter_end(submitted.quarter)),
        )
        assert completions == dated.count() > 0
    funder = sign_in(User.objects.get(email="funder@towerhamlets.demo"))
    listed = page(funder.get(reverse("performance:return_list")).content).tables()[0]
    assert len(listed.rows) == 2
    assert funder.get(returns[1].get_absolute_url()).status_code == 200
    assert funder.get(returns[2].get_absolute_url()).status_code == 404

"""Migration 0006 gives referrals recorded before retention and statistics existed the
same retention schedule and statistical record the actions give them now."""

import importlib

import pytest
from django.apps import apps

from cases.models import RetentionSchedule, StatisticalRecord
from conftest import Lifecycle

pytestmark = pytest.mark.django_db

backfill = importlib.import_module("cases.migrations.0006_backfill_retention_and_statistics")
STATISTICS = (
    "referral_id",
    "financial_year",
    "age_band",
    "gender",
    "gateway_outcome",
    "discussed_at_panel",
    "adopted",
)


def test_the_backfill_rebuilds_what_the_actions_wrote(lifecycle: Lifecycle) -> None:
    statistics = set(StatisticalRecord.objects.values_list(*STATISTICS))
    closed_early = RetentionSchedule.objects.filter(outcome__in=backfill.YEARS)
    schedules = set(closed_early.values_list("referral_id", "closed_on", "review_on"))
    assert schedules, "the lifecycle has a referral closed at the gateway"
    StatisticalRecord.objects.all().delete()
    closed_early.delete()

    backfill.backfill(apps, None)

    assert set(StatisticalRecord.objects.values_list(*STATISTICS)) == statistics
    assert set(closed_early.values_list("referral_id", "closed_on", "review_on")) == schedules

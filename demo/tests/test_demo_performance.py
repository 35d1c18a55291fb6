"""The demo's performance dashboard shows trends: two years of figures for each
partnership, consistent with its records, and the history behind them is all finished."""

from __future__ import annotations

from io import StringIO
from typing import Any

import pytest
from django.core.management import call_command
from django.utils import timezone

from accounts.models import Partnership
from cases.models import PanelMeeting, Referral, StatisticalRecord
from demo.performance_history import quarters
from performance.models import Indicator, IndicatorValue
from projects.quarters import quarter_end

pytestmark = pytest.mark.django_db

FINISHED = {"closed", "no_further_action", "signposted", "police_led", "not_adopted_signposted"}


def test_every_demo_partnership_has_two_years_of_channel_and_engagement_figures(settings: Any) -> None:
    settings.DEMO = True
    call_command("load_demo", stdout=StringIO())
    today = timezone.localdate()
    shown = quarters(today)
    assert len(shown) == 8
    for partnership in Partnership.objects.all():
        for source in ("cases.referrals_received", "community.events"):
            indicator = Indicator.objects.get(partnership=partnership, source=source, period="quarter")
            values = {
                v.period_start: v.value
                for v in IndicatorValue.objects.filter(indicator=indicator, period_start__in=shown)
            }
            assert set(values) == set(shown), (partnership.slug, source)
            with_figures = [start for start in shown if values[start]]
            # Every complete quarter has referrals; engagement in nearly every one.
            assert len(with_figures) >= (8 if source.startswith("cases") else 6), (partnership.slug, source)
        # The stored values are the records' counts.
        indicator = Indicator.objects.get(partnership=partnership, source="cases.referrals_received")
        for start in shown:
            counted = StatisticalRecord.objects.filter(
                partnership=partnership, received_on__range=(start, quarter_end(start))
            ).count()
            stored = IndicatorValue.objects.get(indicator=indicator, period_start=start).value
            assert stored == counted, (partnership.slug, start)
        # Panels discussed and adopted referrals in most quarters.
        adopted = Indicator.objects.get(partnership=partnership, source="cases.adopted_at_panel")
        discussed = IndicatorValue.objects.filter(indicator=adopted, denominator__gt=0).count()
        assert discussed >= 5, partnership.slug
    # The history is finished: its referrals are closed one way or another, and every
    # past panel meeting's minutes are final.
    history = [r for r in Referral.objects.all() if r.narrative.endswith("(demo history).")]
    assert len(history) >= 4 * 8 * 2
    assert {r.state for r in history} <= FINISHED
    assert any(r.state == "closed" for r in history)
    assert not PanelMeeting.objects.filter(
        agenda__referral__in=[r.pk for r in history], status="scheduled"
    ).exists()

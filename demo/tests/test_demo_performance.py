"""The demo's performance dashboard shows trends: two years of figures for each
partnership (Channel, engagement, training), consistent with its records, and the history
behind them is all finished."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from io import StringIO

import pytest
from django.core.management import call_command
from django.test import override_settings
from django.utils import timezone

from accounts.models import Partnership
from cases.models import PanelMeeting, Referral, StatisticalRecord
from demo.performance_history import quarters
from demo.training_history import FAMILY
from lib.bands import financial_year
from lib.quarters import quarter_start
from performance.models import Indicator, IndicatorValue
from projects.quarters import quarter_end
from training import compliance
from training.models import (
    Completion,
    ImportBatch,
    ImportStatus,
    PlaceStatus,
    RequirementRule,
    Session,
    SessionStatus,
)

pytestmark = pytest.mark.django_db

FINISHED = {"closed", "no_further_action", "signposted", "police_led", "not_adopted_signposted"}


@pytest.fixture(scope="module")
def demo(module_db: None) -> Iterator[None]:
    """The demo, loaded once for the module's tests, which only read it."""
    with override_settings(DEMO=True):
        call_command("load_demo", stdout=StringIO())
        yield


def test_every_demo_partnership_has_two_years_of_channel_and_engagement_figures(demo: None) -> None:
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


def test_every_demo_partnership_has_two_years_of_training_that_trends(demo: None) -> None:
    shown = quarters(timezone.localdate())
    for partnership in Partnership.objects.all():
        completions = Completion.objects.filter(partnership=partnership)
        by_quarter = [
            completions.filter(completed_on__range=(start, quarter_end(start))).count() for start in shown
        ]
        # Every past quarter has completions, they vary, and the second year has more.
        assert all(by_quarter), (partnership.slug, by_quarter)
        assert len(set(by_quarter)) > 2, (partnership.slug, by_quarter)
        assert sum(by_quarter[4:]) > sum(by_quarter[:4]), (partnership.slug, by_quarter)
        # Both ways in: sessions attended and e-learning exports imported, in every quarter.
        for start in shown:
            dated = completions.filter(completed_on__range=(start, quarter_end(start)))
            assert dated.filter(source="session").exists(), (partnership.slug, start)
            assert dated.filter(source="import").exists(), (partnership.slug, start)
    # Tower Hamlets' indicator for its Youth Services' requirement rises toward today's
    # 88% (44 of 50, demo/training_rules.py) from the people's own start and completion
    # dates, rather than showing today's figure in every quarter.
    youth = Indicator.objects.get(partnership__slug="towerhamlets", source="training.rule_compliance")
    stored = {v.period_start: v for v in IndicatorValue.objects.filter(indicator=youth)}
    series = [stored[start].value for start in shown]
    assert all(value is not None for value in series), series
    assert 0 < series[0] < series[-1] == 88, series  # type: ignore[operator]
    assert series == sorted(series), series  # type: ignore[type-var]
    present = stored[max(stored)]
    assert (present.value, present.numerator, present.denominator) == (88, 44, 50)
    # Westminster's yearly completions count the history's years.
    westminster = Indicator.objects.get(
        partnership__slug="westminster", source="training.completions", period="year"
    )
    last_year = dt.date(financial_year(shown[-1]), 4, 1)
    value = IndicatorValue.objects.get(indicator=westminster, period_start=last_year).value
    assert (
        value
        == Completion.objects.filter(
            partnership__slug="westminster",
            completed_on__range=(last_year, dt.date(last_year.year + 1, 3, 31)),
        ).count()
    )
    assert value and value > 0
    # Every partnership's quarterly completions indicator shows the history's quarters.
    for quarterly in Indicator.objects.filter(source="training.completions", period="quarter"):
        values = list(
            IndicatorValue.objects.filter(indicator=quarterly)
            .order_by("period_start")
            .values_list("value", flat=True)
        )
        assert len(values) == 9 and all(values[:8]) and len(set(values)) > 2, (
            quarterly.partnership_id,
            values,
        )
    assert Indicator.objects.filter(source="training.completions", period="quarter").count() == 4


def test_the_training_history_is_finished_and_leaves_todays_training_as_it_was(demo: None) -> None:
    this_quarter = quarter_start(timezone.localdate())
    past = Session.objects.filter(starts_at__date__lt=this_quarter)
    # Every session before this quarter is held, each booked person marked attended or not.
    assert past.exists() and not past.exclude(status=SessionStatus.HELD).exists()
    assert not past.filter(places__status=PlaceStatus.BOOKED).exists()
    # Every import landed, its file removed.
    assert ImportBatch.objects.filter(file_name__startswith="home-office-elearning").count() == 4 * 8
    assert not ImportBatch.objects.exclude(status=ImportStatus.DONE).exists()
    assert not ImportBatch.objects.exclude(stored_name="").exists()
    # The requirement rules count no one the history added: Tower Hamlets' figures today
    # are those demo/training_rules.py sets, and the summary agrees with the records.
    tower_hamlets = Partnership.objects.get(slug="towerhamlets")
    assert compliance.stored(tower_hamlets) == compliance.computed_from_scratch(tower_hamlets)
    rules = RequirementRule.objects.filter(partnership=tower_hamlets).order_by("name")
    figures = compliance.by_rule(list(rules), on=timezone.localdate())
    assert [(row.rule.name, row.figures.trained, row.figures.audience) for row in figures] == [
        ("Elected members: WRAP on induction", 42, 45),
        ("Youth Services staff: WRAP", 44, 50),
    ]
    # The invented names share no family name with a referred person's, whose names are
    # never held in clear.
    referred = {referral.subject_name.split()[-1] for referral in Referral.objects.all()}
    assert referred and not referred & set(FAMILY)

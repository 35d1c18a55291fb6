"""The demo partnerships' indicators (performance), written through the indicators'
action functions like any coordinator's: the Channel figures every partnership watches,
and targets quoted from the source plans (Tower Hamlets' "95% of Youth Services staff are
WRAP trained", Westminster's "training to over 1,800 staff", the City of London's
engagement with its Faith Network). Their values are computed when the demo has loaded
(demo.loader calls performance.summaries.refresh for each partnership)."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from accounts.access import Viewer
from accounts.models import Partnership, Role, User
from performance import indicator_actions
from performance.models import Direction, PeriodKind
from training.models import RequirementRule

CHANNEL: tuple[dict[str, Any], ...] = (
    {
        "name": "Referrals received",
        "description": "Referrals to Prevent received each quarter: awareness across partners shows in them.",
        "source": "cases.referrals_received",
        "target": Decimal(6),
        "direction": Direction.HIGHER,
        "amber_margin": Decimal(2),
    },
    {
        "name": "Gateway decisions within the target",
        "description": "Police gateway assessments decided within the partnership's target of working days.",
        "source": "cases.gateway_within_target",
        "target": Decimal(90),
        "direction": Direction.HIGHER,
        "amber_margin": Decimal(10),
    },
    {
        "name": "Referrals discussed at panel that were adopted",
        "description": "Of the referrals first discussed at a Channel panel in the quarter.",
        "source": "cases.adopted_at_panel",
        "target": Decimal(50),
        "direction": Direction.HIGHER,
        "amber_margin": Decimal(15),
    },
    {
        "name": "Days from referral to panel",
        "description": "The median of the calendar days from referral to the first panel that discussed it.",
        "source": "cases.days_to_panel",
        "target": Decimal(30),
        "direction": Direction.LOWER,
        "amber_margin": Decimal(10),
    },
)


def load(partnership: Partnership, people: dict[Role, User]) -> None:
    coordinator = Viewer(people[Role.COORDINATOR], partnership, frozenset({Role.COORDINATOR}))
    for order, values in enumerate(CHANNEL):
        indicator_actions.create_indicator(
            viewer=coordinator, period=PeriodKind.QUARTER, order=order, params={}, **values
        )
    if partnership.slug == "towerhamlets":
        rule = RequirementRule.objects.filter(
            partnership=partnership, name="Youth Services staff: WRAP"
        ).first()
        if rule is not None:
            indicator_actions.create_indicator(
                viewer=coordinator,
                name="95% of Youth Services staff are WRAP trained",
                description="Peer review action plan: Youth Services staff with a valid WRAP completion.",
                source="training.rule_compliance",
                params={"rule": str(rule.pk)},
                period=PeriodKind.QUARTER,
                target=Decimal(95),
                direction=Direction.HIGHER,
                amber_margin=Decimal(10),
                order=10,
            )
    if partnership.slug == "westminster":
        indicator_actions.create_indicator(
            viewer=coordinator,
            name="Training to over 1,800 staff a year",
            description="Scrutiny report: Prevent training delivered to over 1,800 staff in 53 institutions.",
            source="training.completions",
            params={},
            period=PeriodKind.YEAR,
            target=Decimal(1800),
            direction=Direction.HIGHER,
            amber_margin=Decimal(300),
            order=10,
        )
    # Every partnership counts the Prevent training its partners' staff complete (the
    # Home Office e-learning and the sessions it holds), a quarter at a time.
    indicator_actions.create_indicator(
        viewer=coordinator,
        name="Prevent training completions",
        description="Completions of the partnership's courses in the quarter: e-learning and sessions.",
        source="training.completions",
        params={},
        period=PeriodKind.QUARTER,
        target=Decimal(30),
        direction=Direction.HIGHER,
        amber_margin=Decimal(10),
        order=15,
    )
    indicator_actions.create_indicator(
        viewer=coordinator,
        name="Engagement events held",
        description="Events held with communities and partners in the quarter.",
        source="community.events",
        params={},
        period=PeriodKind.QUARTER,
        target=Decimal(3),
        direction=Direction.HIGHER,
        amber_margin=Decimal(1),
        order=20,
    )

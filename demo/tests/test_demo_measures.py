"""The demo plans' countable outputs carry measures: Tower Hamlets' 95% WRAP target for
Youth Services staff (read from its training requirement), the City of London's Faith
Network and Westminster's 1,800 staff in 53 institutions. Their values come from the
training and partners records the demo holds."""

from io import StringIO
from typing import Any

import pytest
from django.core.management import call_command

from accounts.models import Partnership, Role, User
from govuk.testing import page
from plans.models import ActionMeasure

pytestmark = pytest.mark.django_db


def test_the_demo_plans_count_their_outputs(settings: Any, sign_in: Any) -> None:
    settings.DEMO = True
    call_command("load_demo", stdout=StringIO())
    found = {
        (measure.action.partnership.slug, measure.source, measure.target)
        for measure in ActionMeasure.objects.select_related("action__partnership")
    }
    assert {
        ("towerhamlets", "training.rule_compliance", 95),
        ("cityoflondon", "partners.network_members", None),
        ("westminster", "training.completions", 1800),
        ("westminster", "training.organisations_reached", 53),
    } <= found
    assert all(measure.computed_at for measure in ActionMeasure.objects.all())
    # Tower Hamlets' Youth Services: 44 of 50 trained, as the requirement's page counts them.
    youth = ActionMeasure.objects.get(
        action__partnership__slug="towerhamlets", source="training.rule_compliance"
    )
    assert (youth.value, youth.numerator, youth.denominator) == (88, 44, 50)
    city = Partnership.objects.get(slug="cityoflondon")
    faith = ActionMeasure.objects.get(action__partnership=city)
    # Three representatives had joined by 31 March 2018, the end of the 2017-18 strategy.
    assert faith.description == "3 members of Faith Network on 31 March 2018"
    steering = User.objects.get(email="steering@cityoflondon.demo")
    assert Role.STEERING in set(steering.memberships.filter(partnership=city).values_list("role", flat=True))
    shown = page(sign_in(steering).get(faith.action.get_absolute_url()).content)
    card = shown.by_id("measures").parent
    assert card is not None
    assert "3 members of Faith Network on 31 March 2018" in card.text

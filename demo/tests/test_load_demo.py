from io import StringIO
from typing import Any

import pytest
from django.core.management import CommandError, call_command

from accounts.models import Membership, Partnership, User
from audit.log import verify_chain
from plans.models import Action, ProgressUpdate, Strategy

pytestmark = pytest.mark.django_db


def _load() -> str:
    out = StringIO()
    call_command("load_demo", stdout=out)
    return out.getvalue()


def test_the_demo_loads_every_partnership_plan_and_sign_in(settings: Any) -> None:
    settings.DEMO = True
    output = _load()
    assert Partnership.objects.count() == 4
    tower_hamlets = Strategy.objects.get(
        partnership__slug="towerhamlets", title="Prevent Delivery Plan 2018-19"
    )
    top_level = tower_hamlets.objectives.filter(parent=None)
    assert [o.reference for o in top_level] == ["Objective 1", "Objective 2", "Objective 3", "Objective 4"]
    assert Action.objects.filter(strategy=tower_hamlets, kind="action").count() == 24
    assert Action.objects.filter(strategy=tower_hamlets, kind="project").count() == 7
    assert Strategy.objects.filter(partnership__slug="cityoflondon").count() == 2
    assert not ProgressUpdate.objects.filter(is_demo=False).exists()
    for email in ("coordinator@towerhamlets.demo", "steering@westminster.demo", "admin@preventhub.demo"):
        assert email in output
        assert User.objects.get(email=email).is_demo_account
    assert "demo-password" in output
    assert Membership.objects.filter(user__email="steering@westminster.demo").count() == 2
    assert verify_chain().intact


def test_loading_twice_changes_nothing(settings: Any) -> None:
    settings.DEMO = True
    _load()
    actions = Action.objects.count()
    assert "already loaded" in _load()
    assert Action.objects.count() == actions


def test_the_demo_refuses_to_load_outside_demo_mode(settings: Any) -> None:
    settings.DEMO = False
    with pytest.raises(CommandError, match="PREVENTHUB_DEMO=true"):
        _load()
    assert not Partnership.objects.exists()

from collections.abc import Callable

import pytest
from django.test import Client

from accounts.models import Partnership, Role, User
from plans.models import Strategy

pytestmark = pytest.mark.django_db

URL = "/audit/"


def test_a_coordinator_sees_the_partnerships_events_newest_first(
    plan: Strategy, coordinator: User, sign_in: Callable[..., Client]
) -> None:
    response = sign_in(coordinator).get(URL)
    assert response.status_code == 200
    body = response.content.decode()
    assert "Action created" in body
    assert body.index("Action created") < body.index("Strategy created")


def test_the_log_filters_by_record(plan: Strategy, coordinator: User, sign_in: Callable[..., Client]) -> None:
    response = sign_in(coordinator).get(URL, {"record": str(plan.uuid)})
    body = response.content.decode()
    assert "Strategy created" in body
    assert "Action created" not in body


def test_the_log_filters_by_person(
    plan: Strategy, coordinator: User, steering: User, sign_in: Callable[..., Client]
) -> None:
    response = sign_in(coordinator).get(URL, {"person": str(steering.uuid)})
    assert "No events match" in response.content.decode()


def test_the_log_filters_by_date(plan: Strategy, coordinator: User, sign_in: Callable[..., Client]) -> None:
    response = sign_in(coordinator).get(
        URL,
        {
            "date_from_day": "1",
            "date_from_month": "1",
            "date_from_year": "2001",
            "date_to_day": "2",
            "date_to_month": "1",
            "date_to_year": "2001",
        },
    )
    assert "No events match" in response.content.decode()


def test_a_bad_filter_gets_a_clear_error(
    plan: Strategy, coordinator: User, sign_in: Callable[..., Client]
) -> None:
    response = sign_in(coordinator).get(
        URL, {"date_from_day": "31", "date_from_month": "2", "date_from_year": "2019"}
    )
    body = response.content.decode()
    assert "There is a problem" in body
    assert "From must be a real date" in body


def test_a_year_the_log_cannot_reach_is_refused_not_a_server_error(
    plan: Strategy, coordinator: User, sign_in: Callable[..., Client]
) -> None:
    """Year 9999 in "to" was an OverflowError when the day after it was worked out."""
    response = sign_in(coordinator).get(
        URL, {"date_to_day": "31", "date_to_month": "12", "date_to_year": "9999"}
    )
    assert response.status_code == 200
    assert "To must be today or in the past" in response.content.decode()


def test_another_partnerships_events_are_not_shown(
    plan: Strategy,
    other_partnership: Partnership,
    person: Callable[..., User],
    sign_in: Callable[..., Client],
) -> None:
    outsider = person(other_partnership, Role.COORDINATOR)
    response = sign_in(outsider).get(URL)
    assert "No events match" in response.content.decode()


@pytest.mark.parametrize("role", [Role.STEERING, Role.ACTION_OWNER, Role.CHAIR, Role.POLICE, Role.REFERRER])
def test_only_coordinators_can_browse_the_log(
    role: Role, partnership: Partnership, person: Callable[..., User], sign_in: Callable[..., Client]
) -> None:
    assert sign_in(person(partnership, role)).get(URL).status_code == 404

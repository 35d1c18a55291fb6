from collections.abc import Callable

import pytest
from django.test import Client

from accounts.models import Partnership, Role, User
from audit.models import AuditEvent
from conftest import TEST_PASSWORD

pytestmark = pytest.mark.django_db


@pytest.fixture
def administrator(db: None) -> User:
    return User.objects.create_superuser("admin@example.gov.uk", TEST_PASSWORD, full_name="Ada Admin")


def test_an_administrators_change_to_a_person_is_audited_with_old_and_new_values(
    administrator: User, partnership: Partnership, person: Callable[..., User], sign_in: Callable[..., Client]
) -> None:
    someone = person(partnership, Role.STEERING, full_name="Sam Smith", email="sam@example.gov.uk")
    client = sign_in(administrator)
    response = client.post(
        f"/admin/accounts/user/{someone.pk}/change/",
        {
            "email": "sam@example.gov.uk",
            "full_name": "Sam Smith-Jones",
            "job_title": "",
            "is_active": "on",
            "memberships-TOTAL_FORMS": "0",
            "memberships-INITIAL_FORMS": "0",
        },
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    event = AuditEvent.objects.filter(verb="admin.user.updated").get()
    assert event.actor == administrator
    assert event.changes["full_name"] == {"from": "Sam Smith", "to": "Sam Smith-Jones"}


def test_an_administrator_adding_a_partnership_is_audited(
    administrator: User, sign_in: Callable[..., Client]
) -> None:
    response = sign_in(administrator).post(
        "/admin/accounts/partnership/add/",
        {
            "name": "Camden",
            "slug": "camden",
            "code": "CA",
            "gateway_target_days": "5",
            "support_review_weeks": "12",
            "post_exit_6_opens_months": "5",
            "post_exit_12_opens_months": "11",
        },
    )
    assert response.status_code == 302
    event = AuditEvent.objects.filter(verb="admin.partnership.created").get()
    assert event.partnership == Partnership.objects.get(slug="camden")
    assert event.changes["name"] == {"from": None, "to": "Camden"}


def test_removing_roles_in_bulk_is_audited_for_each(
    administrator: User, partnership: Partnership, person: Callable[..., User], sign_in: Callable[..., Client]
) -> None:
    from accounts.models import Membership

    person(partnership, Role.STEERING)
    person(partnership, Role.REFERRER)
    chosen = list(Membership.objects.values_list("pk", flat=True))
    response = sign_in(administrator).post(
        "/admin/accounts/membership/",
        {"action": "delete_selected", "_selected_action": chosen, "post": "yes"},
    )
    assert response.status_code == 302
    assert not Membership.objects.exists()
    assert AuditEvent.objects.filter(verb="admin.membership.deleted").count() == 2

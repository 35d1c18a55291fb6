import datetime as dt
from collections.abc import Callable
from typing import Any

import pytest
from django.contrib.sessions.models import Session
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.utils import timezone
from django_otp.oath import TOTP

from accounts.models import Membership, Partnership, Role, SealedTOTPDevice, User
from audit.models import AuditEvent
from conftest import TEST_PASSWORD

pytestmark = pytest.mark.django_db


def _code(device: SealedTOTPDevice) -> str:
    totp = TOTP(device.bin_key, device.step, device.t0, device.digits, device.drift)
    totp.time = timezone.now().timestamp()
    return f"{totp.token():06d}"


def _post_sign_in(client: Client, email: str, password: str = TEST_PASSWORD, **extra: str) -> Any:
    return client.post("/sign-in/", {"email": email, "password": password, **extra})


@pytest.fixture
def steering_member(partnership: Partnership, person: Callable[..., User]) -> User:
    return person(partnership, Role.STEERING, email="steering@example.gov.uk")


def test_signing_in_with_email_and_password_reaches_the_home_page(steering_member: User) -> None:
    client = Client()
    response = _post_sign_in(client, "Steering@Example.gov.uk")
    assert response.status_code == 302
    assert response["Location"] == "/"
    assert "Tower Hamlets" in client.get("/").content.decode()
    assert AuditEvent.objects.filter(verb="accounts.session.signed_in", actor=steering_member).exists()


def test_a_wrong_password_gets_a_clear_error_and_no_session(steering_member: User) -> None:
    client = Client()
    response = _post_sign_in(client, steering_member.email, "not the password")
    body = response.content.decode()
    assert response.status_code == 200
    assert "There is a problem" in body
    assert "Enter a correct email address and password" in body
    assert "_auth_user_id" not in client.session


def test_empty_fields_say_what_to_enter(db: Any) -> None:
    body = Client().post("/sign-in/", {"email": "", "password": ""}).content.decode()
    assert "Enter your email address" in body
    assert "Enter your password" in body
    assert 'href="#id_email"' in body


def test_repeated_failures_lock_the_account(steering_member: User, settings: Any) -> None:
    client = Client()
    for _ in range(settings.AXES_FAILURE_LIMIT - 1):
        assert _post_sign_in(client, steering_member.email, "wrong").status_code == 200
    response = _post_sign_in(client, steering_member.email, "wrong")
    assert response.status_code == 429
    assert "Your account is locked" in response.content.decode()
    # Even the right password is refused while locked.
    assert _post_sign_in(client, steering_member.email).status_code == 429
    assert (
        AuditEvent.objects.filter(verb="accounts.session.sign_in_refused").count()
        >= settings.AXES_FAILURE_LIMIT
    )


def test_signing_out_ends_the_session(steering_member: User, sign_in: Callable[..., Client]) -> None:
    client = sign_in(steering_member)
    response = client.post("/sign-out/")
    assert response["Location"] == "/signed-out/"
    assert client.get("/").status_code == 302
    assert AuditEvent.objects.filter(verb="accounts.session.signed_out").exists()


def test_sessions_end_after_the_configured_inactivity(
    steering_member: User, sign_in: Callable[..., Client]
) -> None:
    client = sign_in(steering_member)
    assert client.get("/").status_code == 200
    session = Session.objects.get(session_key=client.session.session_key)
    remaining = session.expire_date - timezone.now()
    assert dt.timedelta(minutes=29) < remaining <= dt.timedelta(minutes=30)
    Session.objects.filter(pk=session.pk).update(expire_date=timezone.now() - dt.timedelta(seconds=1))
    response = client.get("/")
    assert response.status_code == 302
    assert response["Location"].startswith("/sign-in/")


def test_a_coordinator_without_two_factor_is_sent_to_set_it_up(
    coordinator: User, sign_in: Callable[..., Client]
) -> None:
    client = sign_in(coordinator, verified=False)
    response = client.get("/plans/")
    assert response.status_code == 302
    assert response["Location"].startswith("/account/two-factor/?next=")


@pytest.mark.parametrize("role", [Role.COORDINATOR, Role.CHAIR, Role.POLICE])
def test_two_factor_is_required_for_roles_that_see_cases(
    role: Role, partnership: Partnership, person: Callable[..., User], sign_in: Callable[..., Client]
) -> None:
    client = sign_in(person(partnership, role), verified=False)
    assert client.get("/").status_code == 302


@pytest.mark.parametrize("role", [Role.STEERING, Role.ACTION_OWNER, Role.REFERRER])
def test_two_factor_is_optional_for_other_roles(
    role: Role, partnership: Partnership, person: Callable[..., User], sign_in: Callable[..., Client]
) -> None:
    client = sign_in(person(partnership, role), verified=False)
    assert client.get("/").status_code == 200


def test_enrolling_an_authenticator_then_signing_in_with_a_code(coordinator: User) -> None:
    client = Client()
    _post_sign_in(client, coordinator.email)
    setup = client.get("/account/two-factor/?next=/plans/")
    assert setup.status_code == 200
    assert "Scan this QR code" in setup.content.decode()
    device = SealedTOTPDevice.objects.get(user=coordinator, confirmed=False)

    wrong = client.post("/account/two-factor/", {"code": "000000", "next": "/plans/"})
    assert "You entered a wrong code. Wait 1 second" in wrong.content.decode()
    SealedTOTPDevice.objects.filter(pk=device.pk).update(throttling_failure_count=0)

    confirmed = client.post("/account/two-factor/", {"code": _code(device), "next": "/plans/"})
    assert confirmed["Location"] == "/plans/"
    assert client.get("/plans/").status_code == 200
    assert AuditEvent.objects.filter(verb="accounts.two_factor.enrolled", actor=coordinator).exists()

    client.post("/sign-out/")
    device.refresh_from_db()
    response = _post_sign_in(client, coordinator.email)
    assert response["Location"] == "/sign-in/code/"
    assert "_auth_user_id" not in client.session
    SealedTOTPDevice.objects.filter(pk=device.pk).update(last_t=-1)
    response = client.post("/sign-in/code/", {"code": _code(device)})
    assert response["Location"] == "/"
    assert client.get("/plans/").status_code == 200


def test_a_wrong_code_at_sign_in_is_refused(coordinator: User) -> None:
    SealedTOTPDevice.objects.create(user=coordinator, name="App", confirmed=True)
    client = Client()
    _post_sign_in(client, coordinator.email)
    response = client.post("/sign-in/code/", {"code": "12345"})
    assert "The code must be 6 numbers" in response.content.decode()
    assert "_auth_user_id" not in client.session


def test_demo_accounts_skip_two_factor_only_while_the_demo_is_on(
    coordinator: User, sign_in: Callable[..., Client], settings: Any
) -> None:
    User.objects.filter(pk=coordinator.pk).update(is_demo_account=True)
    settings.DEMO = True
    assert sign_in(coordinator, verified=False).get("/plans/").status_code == 200
    settings.DEMO = False
    assert sign_in(coordinator, verified=False).get("/plans/").status_code == 302


def test_outside_the_demo_the_demo_password_is_refused(steering_member: User, settings: Any) -> None:
    settings.DEMO = False
    steering_member.set_password(settings.DEMO_PASSWORD)
    steering_member.save()
    response = _post_sign_in(Client(), steering_member.email, settings.DEMO_PASSWORD)
    assert "the demo is switched off" in response.content.decode()


def test_outside_the_demo_demo_accounts_cannot_sign_in(steering_member: User, settings: Any) -> None:
    settings.DEMO = False
    User.objects.filter(pk=steering_member.pk).update(is_demo_account=True)
    client = Client()
    response = _post_sign_in(client, steering_member.email)
    assert "the demo is switched off" in response.content.decode()
    assert "_auth_user_id" not in client.session


def test_the_demo_password_cannot_be_chosen_as_a_real_password() -> None:
    from django.contrib.auth.password_validation import validate_password
    from django.core.exceptions import ValidationError

    with pytest.raises(ValidationError, match="published for the demo"):
        validate_password("demo-password")


def test_a_person_in_two_partnerships_can_switch_between_them(
    partnership: Partnership,
    other_partnership: Partnership,
    person: Callable[..., User],
    sign_in: Callable[..., Client],
) -> None:
    user = person(partnership, Role.STEERING)
    person(other_partnership, Role.STEERING, email=user.email)
    client = sign_in(user)
    assert "Change partnership" in client.get("/").content.decode()
    response = client.post("/account/partnership/", {"partnership": str(other_partnership.uuid)})
    assert response["Location"] == "/"
    assert "You are working in Westminster" in client.get("/").content.decode()


def test_switching_to_a_partnership_you_are_not_in_is_refused(
    partnership: Partnership,
    other_partnership: Partnership,
    person: Callable[..., User],
    sign_in: Callable[..., Client],
) -> None:
    client = sign_in(person(partnership, Role.STEERING))
    response = client.post("/account/partnership/", {"partnership": str(other_partnership.uuid)})
    assert response.status_code == 200
    assert "Select a valid choice" in response.content.decode()
    assert "You are working in Tower Hamlets" in client.get("/").content.decode()


def test_only_system_administrators_reach_the_django_admin(
    steering_member: User,
    sign_in: Callable[..., Client],
    person: Callable[..., User],
    partnership: Partnership,
) -> None:
    assert sign_in(steering_member).get("/admin/").status_code == 404
    admin = User.objects.create_superuser("admin@example.gov.uk", TEST_PASSWORD, full_name="Ada Admin")
    assert sign_in(admin).get("/admin/").status_code == 200
    assert sign_in(admin, verified=False).get("/admin/").status_code == 302
    assert Client().get("/admin/")["Location"].startswith("/sign-in/")


def test_each_request_reads_the_user_with_their_memberships_in_one_statement(
    partnership: Partnership,
    other_partnership: Partnership,
    person: Callable[..., User],
    sign_in: Callable[..., Client],
) -> None:
    user = person(partnership, Role.STEERING, Role.COORDINATOR)
    person(other_partnership, Role.STEERING, email=user.email)
    client = sign_in(user)
    with CaptureQueriesContext(connection) as captured:
        page = client.get("/").content.decode()
    assert "Change partnership" in page
    assert "Audit log" in page  # the coordinator role in Tower Hamlets counts
    reads = [
        q["sql"]
        for q in captured
        if 'FROM "accounts_user"' in q["sql"] or 'FROM "accounts_membership"' in q["sql"]
    ]
    assert len(reads) == 1 and 'JOIN "accounts_user"' in reads[0]


def test_a_role_taken_away_or_a_deactivated_account_takes_effect_on_the_next_request(
    partnership: Partnership, person: Callable[..., User], sign_in: Callable[..., Client]
) -> None:
    user = person(partnership, Role.STEERING, Role.COORDINATOR)
    client = sign_in(user)
    assert client.get("/audit/").status_code == 200
    Membership.objects.filter(user=user, role=Role.COORDINATOR).delete()
    assert client.get("/audit/").status_code == 404
    assert client.get("/").status_code == 200
    User.objects.filter(pk=user.pk).update(is_active=False)
    assert client.get("/")["Location"].startswith("/sign-in/")


def test_a_system_administrator_in_no_partnership_stays_signed_in(sign_in: Callable[..., Client]) -> None:
    admin = User.objects.create_superuser("admin@example.gov.uk", TEST_PASSWORD, full_name="Ada Admin")
    client = sign_in(admin)
    assert client.get("/admin/").status_code == 200
    with CaptureQueriesContext(connection) as captured:
        assert client.get("/admin/").status_code == 200
    # The empty list of memberships read with the user is not read again.
    assert sum('FROM "accounts_membership"' in q["sql"] for q in captured) == 1

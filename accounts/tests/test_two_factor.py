"""Second-factor secrets stay secret: no admin page shows an authenticator's key, the
enrolment page shows one only while a person is enrolling, and a system administrator
resets a person's second factor through an action that is audited."""

import base64
import json
from collections.abc import Callable

import pytest
from django.apps import apps
from django.contrib import admin
from django.test import Client
from django.urls import NoReverseMatch, reverse
from django.utils import timezone
from django_otp import DEVICE_ID_SESSION_KEY
from django_otp.models import Device
from django_otp.oath import TOTP

from accounts.models import Partnership, Role, SealedTOTPDevice, User
from audit.models import AuditEvent
from conftest import TEST_PASSWORD

pytestmark = pytest.mark.django_db

RESET_VERB = "accounts.user.two_factor_reset"


@pytest.fixture
def administrator(db: None) -> User:
    return User.objects.create_superuser("admin@example.gov.uk", TEST_PASSWORD, full_name="Ada Admin")


@pytest.fixture
def enrolled(partnership: Partnership, person: Callable[..., User]) -> User:
    """A coordinator with a confirmed authenticator app."""
    user = person(partnership, Role.COORDINATOR, email="sam@example.gov.uk", full_name="Sam Smith")
    SealedTOTPDevice.objects.create(user=user, name="Authenticator app", confirmed=True)
    return user


def _secrets(device: SealedTOTPDevice) -> list[str]:
    """Every form in which a page could give away the device's key."""
    b32 = base64.b32encode(device.bin_key).decode()
    return [
        device.bin_key.hex(),
        device.bin_key.hex().upper(),
        device.sealed_seed,
        b32,
        " ".join(b32[i : i + 4] for i in range(0, len(b32), 4)),
        device.config_url,
        "otpauth://",
        "otpauth%3A",
    ]


def _assert_no_secret(body: str, device: SealedTOTPDevice, where: str) -> None:
    for secret in _secrets(device):
        assert secret not in body, f"{where} shows the key ({secret[:12]}...)"


def _code(device: SealedTOTPDevice) -> str:
    totp = TOTP(device.bin_key, device.step, device.t0, device.digits, device.drift)
    totp.time = timezone.now().timestamp()
    return f"{totp.token():06d}"


def _reset_url(user: User) -> str:
    return f"/admin/accounts/user/{user.pk}/two-factor/reset/"


# The device admin is gone.


def test_no_second_factor_device_has_an_admin(administrator: User) -> None:
    registered = [model for model in apps.get_models() if admin.site.is_registered(model)]
    assert registered, "the walk found no admin at all"
    assert [model for model in registered if issubclass(model, Device)] == []
    with pytest.raises(NoReverseMatch):
        reverse("admin:otp_totp_totpdevice_config", kwargs={"pk": 1})


def test_the_device_admin_and_its_config_page_answer_404_for_a_system_administrator(
    administrator: User, enrolled: User, sign_in: Callable[..., Client]
) -> None:
    device = SealedTOTPDevice.objects.get(user=enrolled)
    client = sign_in(administrator)
    assert client.get("/admin/").status_code == 200
    for url in (
        f"/admin/otp_totp/totpdevice/{device.pk}/config/",
        f"/admin/otp_totp/totpdevice/{device.pk}/qrcode/",
        f"/admin/otp_totp/totpdevice/{device.pk}/change/",
        "/admin/otp_totp/totpdevice/",
        "/admin/otp_totp/totpdevice/add/",
        "/admin/otp_totp/",
        f"/admin/accounts/sealedtotpdevice/{device.pk}/change/",
        "/admin/accounts/sealedtotpdevice/",
    ):
        assert client.get(url).status_code == 404, url


def test_no_admin_page_shows_an_authenticators_key(
    administrator: User, enrolled: User, partnership: Partnership, sign_in: Callable[..., Client]
) -> None:
    """Every list, and every record's change, history and delete pages, of every model in
    the admin; the person's own page and the reset page included."""
    enrolling = User.objects.create_user("new@example.gov.uk", TEST_PASSWORD, full_name="Nia New")
    SealedTOTPDevice.objects.create(user=enrolling, name="Authenticator app", confirmed=False)
    client = sign_in(administrator)
    devices = list(SealedTOTPDevice.objects.all())
    pages = ["/admin/", _reset_url(enrolled), "/admin/accounts/user/?q=sam"]
    for model, model_admin in admin.site._registry.items():
        opts = model._meta
        pages.append(reverse(f"admin:{opts.app_label}_{opts.model_name}_changelist"))
        for obj in model_admin.get_queryset(client.get("/admin/").wsgi_request)[:50]:
            pages.append(reverse(f"admin:{opts.app_label}_{opts.model_name}_change", args=[obj.pk]))
            pages.append(reverse(f"admin:{opts.app_label}_{opts.model_name}_history", args=[obj.pk]))
            pages.append(reverse(f"admin:{opts.app_label}_{opts.model_name}_delete", args=[obj.pk]))
    assert f"/admin/accounts/user/{enrolled.pk}/change/" in pages
    for url in pages:
        response = client.get(url)
        assert response.status_code == 200, url
        for device in devices:
            _assert_no_secret(response.content.decode(), device, url)


def test_the_admin_shows_only_whether_a_person_has_an_authenticator(
    administrator: User, enrolled: User, sign_in: Callable[..., Client]
) -> None:
    without = User.objects.create_user("none@example.gov.uk", TEST_PASSWORD, full_name="Noor None")
    SealedTOTPDevice.objects.create(user=without, name="Authenticator app", confirmed=False)
    client = sign_in(administrator)
    page = client.get(f"/admin/accounts/user/{enrolled.pk}/change/").content.decode()
    assert "Authenticator app" in page
    assert "Set up" in page
    assert _reset_url(enrolled) in page
    page = client.get(f"/admin/accounts/user/{without.pk}/change/").content.decode()
    assert "Not set up" in page
    assert _reset_url(without) not in page
    listing = client.get("/admin/accounts/user/").content.decode()
    assert "Two-factor" in listing


# Resetting a person's second factor.


def test_an_administrator_resets_a_persons_second_factor_and_they_enrol_again(
    administrator: User, enrolled: User, sign_in: Callable[..., Client]
) -> None:
    old = SealedTOTPDevice.objects.get(user=enrolled)
    persons_client = sign_in(enrolled)  # signed in with their (second) device
    assert persons_client.get("/plans/").status_code == 200
    client = sign_in(administrator)

    confirm = client.get(_reset_url(enrolled))
    assert confirm.status_code == 200
    assert "Reset two-factor authentication" in confirm.content.decode()
    assert SealedTOTPDevice.objects.filter(user=enrolled).count() == 2, "a GET must change nothing"

    response = client.post(_reset_url(enrolled))
    assert response.status_code == 302
    assert response["Location"] == f"/admin/accounts/user/{enrolled.pk}/change/"
    assert not SealedTOTPDevice.objects.filter(user=enrolled).exists()
    assert "must set up their authenticator app again" in client.get(response["Location"]).content.decode()

    event = AuditEvent.objects.get(verb=RESET_VERB)
    assert event.actor == administrator
    assert event.object_id == str(enrolled.uuid)
    assert event.object_label == enrolled.email
    assert event.changes == {"two_factor": {"from": True, "to": False}}
    _assert_no_secret(json.dumps([event.changes, event.object_label, event.verb]), old, "the audit event")

    # The person's session no longer counts as two-factor: they are asked to enrol again.
    response = persons_client.get("/plans/")
    assert response.status_code == 302
    assert response["Location"].startswith("/account/two-factor/?next=")
    setup = persons_client.get(response["Location"]).content.decode()
    assert "Scan this QR code" in setup
    new = SealedTOTPDevice.objects.get(user=enrolled, confirmed=False)
    assert new.bin_key != old.bin_key


def test_resetting_from_the_list_of_people_resets_each_one_chosen(
    administrator: User, enrolled: User, partnership: Partnership, sign_in: Callable[..., Client]
) -> None:
    other = User.objects.create_user("other@example.gov.uk", TEST_PASSWORD, full_name="Olu Other")
    SealedTOTPDevice.objects.create(user=other, name="Authenticator app", confirmed=True)
    untouched = User.objects.create_user("kept@example.gov.uk", TEST_PASSWORD, full_name="Kim Kept")
    SealedTOTPDevice.objects.create(user=untouched, name="Authenticator app", confirmed=True)
    response = sign_in(administrator).post(
        "/admin/accounts/user/",
        {"action": "reset_two_factor", "_selected_action": [enrolled.pk, other.pk]},
    )
    assert response.status_code == 302
    assert not SealedTOTPDevice.objects.filter(user__in=[enrolled, other]).exists()
    assert SealedTOTPDevice.objects.filter(user=untouched).exists()
    assert set(AuditEvent.objects.filter(verb=RESET_VERB).values_list("object_label", flat=True)) == {
        enrolled.email,
        other.email,
    }


def test_only_a_system_administrator_may_reset_a_second_factor(
    administrator: User,
    enrolled: User,
    partnership: Partnership,
    person: Callable[..., User],
    sign_in: Callable[..., Client],
) -> None:
    url = _reset_url(enrolled)
    coordinator = person(partnership, Role.COORDINATOR)
    assert sign_in(coordinator).post(url).status_code == 404
    staff = User.objects.create_user("staff@example.gov.uk", TEST_PASSWORD, full_name="Stu Staff")
    User.objects.filter(pk=staff.pk).update(is_staff=True)
    assert sign_in(staff).post(url).status_code == 404
    anonymous = Client().post(url)
    assert anonymous.status_code == 302 and anonymous["Location"].startswith("/sign-in/")
    # An administrator who has not entered a code is sent to enter one first.
    assert sign_in(administrator, verified=False).post(url).status_code == 302
    listing = sign_in(coordinator).post(
        "/admin/accounts/user/", {"action": "reset_two_factor", "_selected_action": [enrolled.pk]}
    )
    assert listing.status_code == 404
    assert SealedTOTPDevice.objects.filter(user=enrolled, name="Authenticator app").exists()
    assert not AuditEvent.objects.filter(verb=RESET_VERB).exists()
    # The same request from a system administrator who has entered a code resets it.
    assert sign_in(administrator).post(url).status_code == 302
    assert not SealedTOTPDevice.objects.filter(user=enrolled).exists()


def test_a_reset_without_the_csrf_token_is_refused(administrator: User, enrolled: User) -> None:
    client = Client(enforce_csrf_checks=True)
    client.force_login(administrator)
    device = SealedTOTPDevice.objects.create(user=administrator, name="Test device", confirmed=True)
    session = client.session
    session[DEVICE_ID_SESSION_KEY] = device.persistent_id
    session.save()
    assert client.post(_reset_url(enrolled)).status_code == 403
    assert SealedTOTPDevice.objects.filter(user=enrolled).exists()
    # The confirmation page's form carries the token, and with it the reset goes through.
    client.get(_reset_url(enrolled))
    token = client.cookies["csrftoken"].value
    assert client.post(_reset_url(enrolled), {"csrfmiddlewaretoken": token}).status_code == 302
    assert not SealedTOTPDevice.objects.filter(user=enrolled).exists()


def test_the_reset_action_deletes_every_device_and_records_no_secret(
    administrator: User, enrolled: User
) -> None:
    from accounts.actions import reset_two_factor

    old = SealedTOTPDevice.objects.get(user=enrolled)
    SealedTOTPDevice.objects.create(user=enrolled, name="Half-enrolled", confirmed=False)
    assert reset_two_factor(actor=administrator, user=enrolled) is True
    assert not SealedTOTPDevice.objects.filter(user=enrolled).exists()
    event = AuditEvent.objects.get(verb=RESET_VERB)
    _assert_no_secret(json.dumps(event.changes) + event.object_label, old, "the audit event")
    # Nothing to reset: nothing recorded.
    assert reset_two_factor(actor=administrator, user=enrolled) is False
    assert AuditEvent.objects.filter(verb=RESET_VERB).count() == 1


# The enrolment page.


def test_the_enrolment_page_shows_the_key_only_while_enrolling(partnership: Partnership) -> None:
    user = User.objects.create_user("enrol@example.gov.uk", TEST_PASSWORD, full_name="Eve Enrol")
    client = Client()
    client.post("/sign-in/", {"email": user.email, "password": TEST_PASSWORD})
    page = client.get("/account/two-factor/").content.decode()
    device = SealedTOTPDevice.objects.get(user=user, confirmed=False)
    b32 = base64.b32encode(device.bin_key).decode()
    assert " ".join(b32[i : i + 4] for i in range(0, len(b32), 4)) in page
    assert "Scan this QR code" in page

    assert client.post("/account/two-factor/", {"code": _code(device)}).status_code == 302
    device.refresh_from_db()
    assert device.confirmed

    after = client.get("/account/two-factor/")
    assert after.status_code == 200
    body = after.content.decode()
    _assert_no_secret(body, device, "the enrolment page after enrolment")
    assert "Scan this QR code" not in body
    assert "<svg" not in body
    assert "ask your Prevent coordinator (or a system administrator)" in body
    assert SealedTOTPDevice.objects.filter(user=user).count() == 1


def test_a_person_with_an_authenticator_is_never_given_a_new_key(
    enrolled: User, sign_in: Callable[..., Client]
) -> None:
    client = sign_in(enrolled)
    devices = list(SealedTOTPDevice.objects.filter(user=enrolled))
    body = client.get("/account/two-factor/").content.decode()
    for device in devices:
        _assert_no_secret(body, device, "the enrolment page")
    assert "<svg" not in body
    # Neither a visit nor a posted code starts or confirms another device.
    client.post("/account/two-factor/", {"code": "123456"})
    assert list(SealedTOTPDevice.objects.filter(user=enrolled)) == devices
    assert not AuditEvent.objects.filter(verb="accounts.two_factor.enrolment_started").exists()


def test_a_person_with_an_authenticator_who_has_not_entered_a_code_is_asked_for_one(
    enrolled: User, sign_in: Callable[..., Client]
) -> None:
    client = sign_in(enrolled, verified=False)
    response = client.get("/account/two-factor/?next=/plans/")
    assert response.status_code == 302
    assert response["Location"] == "/account/two-factor/code/?next=%2Fplans%2F"
    assert not SealedTOTPDevice.objects.filter(user=enrolled, confirmed=False).exists()

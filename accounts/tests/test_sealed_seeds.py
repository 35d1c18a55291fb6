"""Second-factor seeds are encrypted at rest (accounts.models.SealedTOTPDevice): the
database holds no seed in any readable form, a sealed seed opens only on its own device
row, a seed that cannot be opened fails to verify instead of failing the page, and seeds
move to a new master key after rotation (accounts.two_factor_seeds.reseal_all)."""

from __future__ import annotations

import base64
import importlib
import logging
from collections.abc import Callable
from typing import Any

import pytest
from django.apps import apps
from django.conf import settings
from django.db import connection
from django.test import Client, override_settings
from django.utils import timezone
from django_otp import DEVICE_ID_SESSION_KEY, match_token
from django_otp.oath import TOTP
from django_otp.plugins.otp_totp.models import TOTPDevice

from accounts.models import Partnership, Role, SealedTOTPDevice, User
from accounts.two_factor_seeds import reseal_all
from conftest import TEST_PASSWORD
from lib import crypto

pytestmark = pytest.mark.django_db

NEW_ENTRY = crypto.new_master_key_entry("new")


def _code_for(seed: bytes, device: SealedTOTPDevice | None = None, *, steps_ahead: int = 0) -> str:
    step, t0, digits = (device.step, device.t0, device.digits) if device else (30, 0, 6)
    totp = TOTP(seed, step, t0, digits)
    totp.time = timezone.now().timestamp() + steps_ahead * step
    return f"{totp.token():0{digits}d}"


def _code(device: SealedTOTPDevice) -> str:
    return _code_for(device.bin_key, device)


def _readable_forms(seed: bytes) -> list[str]:
    b32 = base64.b32encode(seed).decode()
    return [
        seed.hex(),
        seed.hex().upper(),
        b32,
        b32.rstrip("="),
        b32.lower(),
        " ".join(b32[i : i + 4] for i in range(0, len(b32), 4)),
        base64.b64encode(seed).decode(),
        base64.urlsafe_b64encode(seed).decode(),
    ]


def _database_dump() -> str:
    """The whole database as text: SQLite's own dump, or on PostgreSQL every row of every
    table read with SQL inside the test's transaction, which pg_dump could not see
    (cases/tests/test_keys_and_dumps.py runs pg_dump on committed data)."""
    connection.ensure_connection()
    if connection.vendor == "sqlite":
        return "\n".join(connection.connection.iterdump())
    lines: list[str] = []
    with connection.cursor() as cursor:
        for table in connection.introspection.table_names(cursor):
            cursor.execute(f"SELECT * FROM {connection.ops.quote_name(table)}")  # noqa: S608
            lines.extend(str(value) for row in cursor.fetchall() for value in row)
    return "\n".join(lines)


def _device_table_text() -> str:
    """Every column of every device row, as text, read with SQL past the model."""
    table = connection.ops.quote_name(SealedTOTPDevice._meta.db_table)
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT * FROM {table}")  # noqa: S608
        return "\n".join(str(value) for row in cursor.fetchall() for value in row)


def _assert_no_readable_seed(text: str, seed: bytes, where: str) -> None:
    for form in _readable_forms(seed):
        assert form not in text, f"{where} holds the seed ({form[:8]}...)"


@pytest.fixture
def enrolled(partnership: Partnership, person: Callable[..., User]) -> User:
    return person(partnership, Role.COORDINATOR, email="sam@example.gov.uk", full_name="Sam Smith")


def _sign_in_with_password(client: Client, user: User) -> Any:
    return client.post("/sign-in/", {"email": user.email, "password": TEST_PASSWORD})


# (1) Signing in with the second factor, end to end through the views.


def test_enrolling_and_signing_in_with_a_code_use_the_sealed_seed(enrolled: User) -> None:
    client = Client()
    _sign_in_with_password(client, enrolled)
    setup = client.get("/account/two-factor/?next=/plans/")
    assert setup.status_code == 200
    device = SealedTOTPDevice.objects.get(user=enrolled, confirmed=False)
    page = setup.content.decode()
    b32 = base64.b32encode(device.bin_key).decode()
    assert " ".join(b32[i : i + 4] for i in range(0, len(b32), 4)) in page
    assert "<svg" in page

    confirmed = client.post("/account/two-factor/", {"code": _code(device), "next": "/plans/"})
    assert confirmed["Location"] == "/plans/"
    assert client.session[DEVICE_ID_SESSION_KEY] == f"accounts.sealedtotpdevice/{device.pk}"
    assert client.get("/plans/").status_code == 200
    client.post("/sign-out/")

    # Signing in again: password, then a code from the next time step (the one just used
    # is spent: django_otp's own replay check, kept).
    response = _sign_in_with_password(client, enrolled)
    assert response["Location"] == "/sign-in/code/"
    assert client.get("/plans/").status_code == 302
    spent = client.post("/sign-in/code/", {"code": _code(device)})
    assert spent.status_code == 200
    assert "_auth_user_id" not in client.session
    SealedTOTPDevice.objects.filter(pk=device.pk).update(throttling_failure_count=0)
    response = client.post("/sign-in/code/", {"code": _code_for(device.bin_key, device, steps_ahead=1)})
    assert response["Location"] == "/"
    assert client.session[DEVICE_ID_SESSION_KEY] == device.persistent_id
    assert client.get("/plans/").status_code == 200
    device.refresh_from_db()
    assert device.drift == 1, "django_otp's drift logic runs"
    assert device.last_used_at is not None
    assert device.throttling_failure_count == 0


def test_a_wrong_code_is_refused_and_throttled(enrolled: User) -> None:
    device = SealedTOTPDevice.objects.create(user=enrolled, name="Authenticator app", confirmed=True)
    client = Client()
    _sign_in_with_password(client, enrolled)
    wrong = "000000" if _code(device) != "000000" else "111111"
    response = client.post("/sign-in/code/", {"code": wrong})
    assert "You entered a wrong code. Wait 1 second" in response.content.decode()
    device.refresh_from_db()
    assert device.throttling_failure_count == 1
    # Straight after a failure even the right code is refused (django_otp's throttling).
    response = client.post("/sign-in/code/", {"code": _code(device)})
    assert "You entered a wrong code. Wait" in response.content.decode()
    assert "_auth_user_id" not in client.session
    device.refresh_from_db()
    assert device.throttling_failure_count == 1, "a refused attempt while throttled is not counted"


# (2) What the database holds.


def test_the_row_holds_the_seed_sealed_not_in_hex_or_base32(enrolled: User) -> None:
    device = SealedTOTPDevice.objects.create(user=enrolled, name="Authenticator app", confirmed=True)
    seed = device.bin_key
    assert len(seed) == 20
    assert device.sealed_by_key_id == settings.FIELD_MASTER_KEYS.current_id
    _assert_no_readable_seed(_device_table_text(), seed, "the device table")
    stored = SealedTOTPDevice.objects.values_list("sealed_seed", flat=True).get(pk=device.pk)
    assert stored.startswith(f"{settings.FIELD_MASTER_KEYS.current_id}$v2:")


def test_a_database_dump_holds_no_seed(enrolled: User, sign_in: Callable[..., Client]) -> None:
    """Enrolled through the pages (so the session, the audit log and every other table have
    had their chance), a second person half-enrolled: the whole database, dumped, holds
    neither seed in hex or base32."""
    client = Client()
    _sign_in_with_password(client, enrolled)
    client.get("/account/two-factor/")
    device = SealedTOTPDevice.objects.get(user=enrolled)
    assert client.post("/account/two-factor/", {"code": _code(device)}).status_code == 302
    enrolling = User.objects.create_user("new@example.gov.uk", TEST_PASSWORD, full_name="Nia New")
    half = SealedTOTPDevice.objects.create(user=enrolling, name="Authenticator app", confirmed=False)

    dump = _database_dump()
    assert device.sealed_seed in dump, "the dump does not reach the device table"
    for each in (device, half):
        _assert_no_readable_seed(dump, each.bin_key, "the database dump")
    assert not TOTPDevice.objects.exists()


# (3) A sealed seed opens only on its own device.


def test_a_sealed_seed_copied_to_another_persons_device_does_not_verify(
    enrolled: User, person: Callable[..., User], partnership: Partnership
) -> None:
    mine = SealedTOTPDevice.objects.create(user=enrolled, name="Authenticator app", confirmed=True)
    other_user = person(partnership, Role.POLICE, email="pat@example.gov.uk")
    theirs = SealedTOTPDevice.objects.create(user=other_user, name="Authenticator app", confirmed=True)
    seed = mine.bin_key
    SealedTOTPDevice.objects.filter(pk=theirs.pk).update(sealed_seed=mine.sealed_seed)
    theirs.refresh_from_db()
    with pytest.raises(crypto.KeyUnavailable):
        theirs.bin_key  # noqa: B018
    assert theirs.verify_token(_code_for(seed)) is False
    assert match_token(other_user, _code_for(seed)) is None
    # Nor on another device row of the same person.
    second = SealedTOTPDevice.objects.create(user=enrolled, name="Second", confirmed=True)
    SealedTOTPDevice.objects.filter(pk=second.pk).update(sealed_seed=mine.sealed_seed)
    second.refresh_from_db()
    assert second.verify_token(_code_for(seed)) is False
    # The seed still opens, and verifies, where it belongs.
    assert mine.verify_token(_code_for(seed)) is True


def test_signing_in_with_a_seed_copied_from_another_person_is_refused(
    enrolled: User, person: Callable[..., User], partnership: Partnership
) -> None:
    mine = SealedTOTPDevice.objects.create(user=enrolled, name="Authenticator app", confirmed=True)
    attacker = person(partnership, Role.POLICE, email="pat@example.gov.uk")
    theirs = SealedTOTPDevice.objects.create(user=attacker, name="Authenticator app", confirmed=True)
    SealedTOTPDevice.objects.filter(pk=theirs.pk).update(sealed_seed=mine.sealed_seed)
    client = Client()
    _sign_in_with_password(client, attacker)
    response = client.post("/sign-in/code/", {"code": _code(mine)})
    assert response.status_code == 200
    assert "_auth_user_id" not in client.session


# (4) Rotating the master key.


def test_reseal_all_moves_every_seed_to_the_new_master_key(
    enrolled: User, person: Callable[..., User], partnership: Partnership
) -> None:
    other_user = person(partnership, Role.POLICE, email="pat@example.gov.uk")
    devices = [
        SealedTOTPDevice.objects.create(user=enrolled, name="Authenticator app", confirmed=True),
        SealedTOTPDevice.objects.create(user=other_user, name="Authenticator app", confirmed=False),
    ]
    seeds = {device.pk: device.bin_key for device in devices}
    old_id = settings.FIELD_MASTER_KEYS.current_id

    both = crypto.MasterKeys.parse([NEW_ENTRY, settings.DEVELOPMENT_FIELD_KEY])
    with override_settings(FIELD_MASTER_KEYS=both):
        # A device enrolled after the new key was put first is sealed by it already.
        fresh = SealedTOTPDevice.objects.create(user=other_user, name="New", confirmed=True)
        seeds[fresh.pk] = fresh.bin_key
        assert fresh.sealed_by_key_id == "new"
        assert reseal_all() == 2
        assert reseal_all() == 0, "nothing left to reseal"

    only_new = crypto.MasterKeys.parse([NEW_ENTRY])
    with override_settings(FIELD_MASTER_KEYS=only_new):
        for device in SealedTOTPDevice.objects.all():
            assert device.sealed_by_key_id == "new"
            assert device.bin_key == seeds[device.pk]
        device = SealedTOTPDevice.objects.get(pk=devices[0].pk)
        assert device.verify_token(_code_for(seeds[device.pk], device)) is True
    # The old key alone opens none of them any more.
    old_only = crypto.MasterKeys.parse([settings.DEVELOPMENT_FIELD_KEY])
    assert old_only.current_id == old_id
    with override_settings(FIELD_MASTER_KEYS=old_only):
        for device in SealedTOTPDevice.objects.all():
            with pytest.raises(crypto.KeyUnavailable):
                device.bin_key  # noqa: B018


def test_reseal_all_leaves_a_seed_it_cannot_open_and_logs_it(
    enrolled: User, caplog: pytest.LogCaptureFixture
) -> None:
    good = SealedTOTPDevice.objects.create(user=enrolled, name="Authenticator app", confirmed=True)
    bad = SealedTOTPDevice.objects.create(user=enrolled, name="Damaged", confirmed=True)
    damaged = f"{settings.FIELD_MASTER_KEYS.current_id}$v2:AAAA{bad.sealed_seed[-40:]}"
    SealedTOTPDevice.objects.filter(pk=bad.pk).update(sealed_seed=damaged)
    with (
        override_settings(
            FIELD_MASTER_KEYS=crypto.MasterKeys.parse([NEW_ENTRY, settings.DEVELOPMENT_FIELD_KEY])
        ),
        caplog.at_level(logging.ERROR),
    ):
        assert reseal_all() == 1
        good.refresh_from_db()
        assert good.sealed_by_key_id == "new"
    bad.refresh_from_db()
    assert bad.sealed_seed == damaged
    assert f"second-factor device {bad.pk}" in caplog.text
    assert "could not be resealed" in caplog.text


# (5) A seed that cannot be opened.


def test_a_damaged_sealed_seed_fails_to_verify_without_an_error(
    enrolled: User, caplog: pytest.LogCaptureFixture
) -> None:
    device = SealedTOTPDevice.objects.create(user=enrolled, name="Authenticator app", confirmed=True)
    code = _code(device)
    key_id, _, token = device.sealed_seed.partition("$")
    flipped = token[:-6] + ("A" if token[-6] != "A" else "B") + token[-5:]
    for damaged in (f"{key_id}${flipped}", f"{key_id}$v2:short", "no-key-id-at-all", ""):
        SealedTOTPDevice.objects.filter(pk=device.pk).update(sealed_seed=damaged)
        device.refresh_from_db()
        caplog.clear()
        with caplog.at_level(logging.ERROR, logger="accounts.models"):
            assert device.verify_token(code) is False
        assert f"second-factor device {device.pk} (user {enrolled.pk}) cannot be opened" in caplog.text
        token = damaged.partition("$")[2]
        assert not token or token not in caplog.text, "the log holds no sealed value"
    # A failed attempt is saved (throttling) without a new seed being made up for the device.
    assert device.verify_token("not a number") is False
    device.refresh_from_db()
    assert device.sealed_seed == ""


def test_signing_in_with_a_seed_whose_master_key_is_gone_fails_without_an_error(
    enrolled: User, caplog: pytest.LogCaptureFixture
) -> None:
    device = SealedTOTPDevice.objects.create(user=enrolled, name="Authenticator app", confirmed=True)
    code = _code(device)
    client = Client()
    _sign_in_with_password(client, enrolled)
    with (
        override_settings(FIELD_MASTER_KEYS=crypto.MasterKeys.parse([NEW_ENTRY])),
        caplog.at_level(logging.ERROR, logger="accounts.models"),
    ):
        response = client.post("/sign-in/code/", {"code": code})
    assert response.status_code == 200
    assert "The code is not correct" in response.content.decode()
    assert "_auth_user_id" not in client.session
    assert "cannot be opened" in caplog.text


def test_enrolment_replaces_a_half_enrolled_device_whose_seed_cannot_be_opened(enrolled: User) -> None:
    client = Client()
    _sign_in_with_password(client, enrolled)
    client.get("/account/two-factor/")
    stale = SealedTOTPDevice.objects.get(user=enrolled, confirmed=False)
    SealedTOTPDevice.objects.filter(pk=stale.pk).update(sealed_seed="gone$v2:AAAA")
    page = client.get("/account/two-factor/")
    assert page.status_code == 200
    fresh = SealedTOTPDevice.objects.get(user=enrolled, confirmed=False)
    assert fresh.pk != stale.pk
    b32 = base64.b32encode(fresh.bin_key).decode()
    assert b32[:4] in page.content.decode()


# The migration that sealed the seeds already stored.


def test_the_migration_seals_plain_seeds_and_leaves_none_behind(
    enrolled: User, person: Callable[..., User], partnership: Partnership
) -> None:
    migration = importlib.import_module("accounts.migrations.0004_sealed_totp_device")
    half_enrolled_user = person(partnership, Role.CHAIR, email="chris@example.gov.uk")
    plain = TOTPDevice.objects.create(user=enrolled, name="Phone", confirmed=True, drift=-1, last_t=123)
    half = TOTPDevice.objects.create(user=half_enrolled_user, name="Authenticator app", confirmed=False)
    seed, half_seed = bytes.fromhex(plain.key), bytes.fromhex(half.key)

    migration.seal_plain_seeds(apps, None)

    assert not TOTPDevice.objects.exists()
    sealed = SealedTOTPDevice.objects.get()
    assert (sealed.user, sealed.name, sealed.confirmed) == (enrolled, "Phone", True)
    assert (sealed.drift, sealed.last_t, sealed.created_at) == (-1, 123, plain.created_at)
    assert sealed.bin_key == seed
    dump = _database_dump()
    _assert_no_readable_seed(dump, seed, "the database after the migration")
    _assert_no_readable_seed(dump, half_seed, "the database after the migration")
    # The moved device verifies, through django_otp, as before.
    assert match_token(enrolled, _code_for(seed, sealed, steps_ahead=-1)) == sealed

    # Undone, the confirmed device goes back as it was.
    migration.unseal_seeds(apps, None)
    restored = TOTPDevice.objects.get()
    assert (restored.user, restored.name, restored.key) == (enrolled, "Phone", seed.hex())

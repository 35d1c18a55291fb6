"""Issue 13: what a stolen dump, a stolen backup and a damaged token give away.

- A dump of the database with the demo loaded names no one referred: no name, date of
  birth, postcode, school or narrative of a demo person, on SQLite (`.dump`) and on
  PostgreSQL (`pg_dump`).
- A copy taken before an erasure, after the documented procedure (rotate the master
  key, re-key every record, remove the old master key), opens nothing with the keys
  that remain; re-keying alone already makes an old data key open nothing current.
- Destroying a key evicts it from the cache; a damaged token gives a clear page."""

from __future__ import annotations

import datetime as dt
import os
import re
import shutil
import subprocess
from io import StringIO
from typing import Any

import pytest
from django.core.management import call_command
from django.db import connection
from django.test import override_settings

from audit.models import AuditEvent
from cases import actions, ethnicity, queries
from cases.models import Person, Referral
from cases.vault import KEY_CACHE, SEALED_MODELS, DataKey, data_key_path
from lib import crypto
from lib.names import NameRecord

# --- the dump --------------------------------------------------------------------------


def _dump() -> str:
    if connection.vendor == "sqlite":
        return "\n".join(connection.connection.iterdump())
    settings_dict = connection.settings_dict
    return subprocess.run(
        [
            shutil.which("pg_dump") or "/usr/bin/pg_dump",
            "--no-owner",
            "-h",
            settings_dict["HOST"] or "127.0.0.1",
            "-p",
            str(settings_dict["PORT"] or 5432),
            "-U",
            settings_dict["USER"] or "postgres",
            settings_dict["NAME"],
        ],
        capture_output=True,
        text=True,
        check=True,
        env={**os.environ, "PGPASSWORD": settings_dict.get("PASSWORD") or ""},
    ).stdout


def _dates(day: dt.date) -> set[str]:
    return {day.isoformat(), day.strftime("%d/%m/%Y"), f"{day.day} {day:%B %Y}"}


def _what_identifies_the_demo_people() -> dict[str, set[str]]:
    found: dict[str, set[str]] = {
        "name": set(),
        "date of birth": set(),
        "postcode": set(),
        "school": set(),
        "narrative": set(),
    }
    for person in Person.objects.select_related("data_key"):
        found["name"].add(person.full_name)
        found["name"] |= {name for name in (person.family_name,) if len(name) >= 4}
        if person.date_of_birth:
            found["date of birth"] |= _dates(person.date_of_birth)
        found["postcode"] |= {person.postcode} - {""}
        found["school"] |= {person.school_or_employer} - {""}
    for referral in Referral.objects.select_related("data_key"):
        found["name"].add(referral.subject_name)
        if referral.subject_date_of_birth:
            found["date of birth"] |= _dates(referral.subject_date_of_birth)
        found["postcode"] |= {referral.subject_postcode} - {""}
        found["school"] |= {referral.subject_school_or_employer} - {""}
        found["narrative"].add(referral.narrative[:60])
    return found


def _load_demo_and_enrol_a_second_factor() -> bytes:
    from accounts import actions as account_actions
    from accounts.models import User

    with override_settings(DEMO=True):
        call_command("load_demo", stdout=StringIO())
    device = account_actions.start_two_factor_enrolment(user=User.objects.order_by("pk")[0])
    return bytes(device.bin_key)


def _assert_nothing_identifying_in(dump: str, seed: bytes) -> None:
    import base64

    identifying = _what_identifies_the_demo_people()
    assert len(identifying["name"]) > 20 and identifying["narrative"] and identifying["date of birth"]
    for what, values in identifying.items():
        for value in values - {"Name not given"}:
            pattern = r"\b" + re.escape(value) + r"\b" if what == "name" else re.escape(value)
            assert not re.search(pattern, dump), f"a demo person's {what} is in the dump: {value!r}"
    for form in (seed.hex(), base64.b32encode(seed).decode().rstrip("=")):
        assert form.lower() not in dump.lower(), "a second-factor seed is in the dump"
    # The dump does hold the sealed values, so it is not empty of them by accident.
    assert dump.count("v2:") > 100


@pytest.mark.skipif(connection.vendor != "sqlite", reason="SQLite's own dump; PostgreSQL's is below")
@pytest.mark.django_db
def test_a_sqlite_dump_of_the_demo_names_no_one_referred() -> None:
    seed = _load_demo_and_enrol_a_second_factor()
    _assert_nothing_identifying_in(_dump(), seed)


@pytest.mark.skipif(connection.vendor != "postgresql", reason="pg_dump needs PostgreSQL")
@pytest.mark.django_db(transaction=True)
@pytest.mark.usefixtures("committed_database_put_back", "audit_triggers_off_for_the_flush")
def test_a_pg_dump_of_the_demo_names_no_one_referred() -> None:
    seed = _load_demo_and_enrol_a_second_factor()
    _assert_nothing_identifying_in(_dump(), seed)


# --- a copy of the database, rotation and erasure -----------------------------------------


def _copy() -> tuple[dict[int, dict[str, Any]], list[tuple[int, str, str]]]:
    """What a backup holds of the keys and the sealed values, as stored: every data key's
    row, and every sealed value with its data key's id and the context it is bound to."""
    keys: dict[int, dict[str, Any]] = {
        row["pk"]: dict(row) for row in DataKey.objects.values("pk", "uuid", "master_key_id", "wrapped")
    }
    values: list[tuple[int, str, str]] = []
    for model, descriptors in SEALED_MODELS.items():
        owners = dict(model._default_manager.values_list("pk", data_key_path(model)))
        for row in model._default_manager.all():
            for sealed in descriptors:
                token = getattr(row, sealed.column)
                if token:
                    values.append((owners[row.pk], sealed.context(row), token))
    return keys, values


def _opens(keys: dict[int, dict[str, Any]], masters: crypto.MasterKeys, pk: int) -> bytes | None:
    row = keys[pk]
    if not row["wrapped"]:
        return None
    try:
        return crypto.unwrap(
            masters, row["master_key_id"], row["wrapped"], row=f"cases.datakey:{row['uuid']}"
        )
    except crypto.KeyUnavailable:
        return None


def _readable(
    copy: tuple[dict[int, dict[str, Any]], list[tuple[int, str, str]]], masters: crypto.MasterKeys
) -> int:
    keys, values = copy
    opened = 0
    for pk, context, token in values:
        key = _opens(keys, masters, pk)
        if key is not None:
            crypto.decrypt(key, token, context=context)
            opened += 1
    return opened


def _current_data_keys() -> list[bytes]:
    return [key.key() for key in DataKey.objects.filter(destroyed_at__isnull=True)]


def _opens_with_any(key_list: list[bytes], context: str, token: str) -> bool:
    for key in key_list:
        try:
            crypto.decrypt(key, token, context=context)
            return True
        except crypto.KeyUnavailable:
            continue
    return False


@pytest.fixture
def rich(db: Any) -> Any:
    from cases.tests.builders import in_support, make_team, rich_case, years_ago

    team, camden = make_team("Tower Hamlets", "TH"), make_team("Camden", "CA")
    case = rich_case(
        team, camden, tag="Bk", received_on=years_ago(7), born=years_ago(22), close_on=years_ago(6, days=20)
    )
    in_support(team, given_names="Unrelated", family_name="Bystander", date_of_birth=dt.date(1999, 9, 9))
    return team, case


@pytest.fixture
def plain(db: Any) -> Any:
    """A case in support, for the tests that need one record rather than every kind."""
    from cases.tests.builders import in_support, make_team

    team = make_team("Tower Hamlets", "TH")
    referral = in_support(
        team, given_names="Unrelated", family_name="Bystander", date_of_birth=dt.date(1999, 9, 9)
    )
    return team, Referral.objects.select_related("person").get(pk=referral.pk)


def _rotate(settings: Any) -> str:
    """The documented procedure (docs/keys.md, "Rotating the master key"): a new key put
    first, every record re-keyed, the old key then removed."""
    new_entry = crypto.new_master_key_entry("2027-01")
    settings.FIELD_MASTER_KEYS = crypto.MasterKeys.parse([new_entry, settings.DEVELOPMENT_FIELD_KEY])
    out = StringIO()
    call_command("rotate_field_keys", stdout=out)
    status = StringIO()
    call_command("rotate_field_keys", "--status", stdout=status)
    assert "Every data key, second-factor seed and sealed value is under the current master key." in (
        status.getvalue()
    )
    settings.FIELD_MASTER_KEYS = crypto.MasterKeys.parse([new_entry])
    return out.getvalue()


def test_a_copy_taken_before_an_erasure_opens_nothing_once_the_old_master_key_is_gone(
    rich: Any, settings: Any, django_capture_on_commit_callbacks: Any
) -> None:
    team, case = rich
    narrative = case.referral.narrative
    before_erasure = _copy()
    erased_key = case.referral.data_key_id
    # The copy opens with the keys of its day: the erased narrative among everything else.
    assert _readable(before_erasure, settings.FIELD_MASTER_KEYS) == len(before_erasure[1])
    contexts = {context for pk, context, _ in before_erasure[1] if pk == erased_key}
    assert any(context.startswith("cases.referral.narrative:") for context in contexts)

    with django_capture_on_commit_callbacks(execute=True):
        actions.erase_case(viewer=team.coordinator, referral=case.referral)
    # Erasure alone does not reach the copy: its wrapped key still opens with today's key.
    assert _opens(before_erasure[0], settings.FIELD_MASTER_KEYS, erased_key) is not None

    _rotate(settings)

    # With the keys that remain, nothing in the copy opens: not the erased narrative,
    # not anything else (the copy is as dead as an expired backup).
    assert all(_opens(before_erasure[0], settings.FIELD_MASTER_KEYS, pk) is None for pk in before_erasure[0])
    assert _readable(before_erasure, settings.FIELD_MASTER_KEYS) == 0
    # Nor does any data key in use today open a value of the copy.
    current = _current_data_keys()
    assert not any(_opens_with_any(current, context, token) for _, context, token in before_erasure[1])
    # The live service reads everything it kept with the new key alone.
    other = Referral.objects.exclude(pk=case.referral.pk).select_related("data_key").first()
    assert other is not None and other.narrative and other.narrative != narrative
    assert queries.possible_matches(
        team.partnership, NameRecord("Unrelated", "Bystander", (), dt.date(1999, 9, 9))
    )


def test_rotation_moves_every_record_to_a_new_data_key_and_an_old_wrapped_key_opens_nothing_current(
    rich: Any, settings: Any, django_capture_on_commit_callbacks: Any
) -> None:
    _, case = rich
    before = _copy()
    readings = {
        pk: (person.full_name, person.date_of_birth, person.postcode)
        for pk, person in ((p.pk, p) for p in Person.objects.select_related("data_key"))
    }
    document = case.referral.documents.get()
    content = actions.open_document(document)
    events = AuditEvent.objects.count()

    with django_capture_on_commit_callbacks(execute=True):
        out = _rotate_keeping_old(settings)
    assert "records re-keyed" in out
    live = DataKey.objects.filter(destroyed_at__isnull=True)
    assert {key.master_key_id for key in live} == {"2027-01"}
    assert all(key.rekeyed_at for key in live)
    # One audit event per record re-keyed, and one for the rotation.
    assert AuditEvent.objects.filter(verb="cases.data_key.rekeyed").count() == live.count()
    assert AuditEvent.objects.count() == events + live.count() + 1
    # Every value and document reads as before ...
    assert {
        p.pk: (p.full_name, p.date_of_birth, p.postcode) for p in Person.objects.select_related("data_key")
    } == readings
    document.refresh_from_db()
    assert actions.open_document(document) == content
    # ... but under new data keys: a data key unwrapped from the old copy, even with the old
    # master key still configured, opens no value stored today.
    old_keys = [key for pk in before[0] if (key := _opens(before[0], settings.FIELD_MASTER_KEYS, pk))]
    assert old_keys
    now = _copy()[1]
    assert not any(_opens_with_any(old_keys, context, token) for _, context, token in now)
    # Running it again finds nothing to do (it resumes where it stopped).
    again = StringIO()
    call_command("rotate_field_keys", stdout=again)
    assert again.getvalue().startswith("0 records re-keyed")


def _rotate_keeping_old(settings: Any) -> str:
    new_entry = crypto.new_master_key_entry("2027-01")
    settings.FIELD_MASTER_KEYS = crypto.MasterKeys.parse([new_entry, settings.DEVELOPMENT_FIELD_KEY])
    out = StringIO()
    call_command("rotate_field_keys", stdout=out)
    return out.getvalue()


def test_a_rotation_stopped_half_way_finishes_when_run_again(rich: Any, settings: Any) -> None:
    from cases import rekey

    new_entry = crypto.new_master_key_entry("2027-01")
    settings.FIELD_MASTER_KEYS = crypto.MasterKeys.parse([new_entry, settings.DEVELOPMENT_FIELD_KEY])
    stale = list(rekey.stale_data_keys().order_by("pk").values_list("pk", flat=True))
    assert len(stale) > 2
    assert rekey.rekey(stale[0]) is not None  # then the command is stopped
    assert rekey.rekey(stale[0]) is None  # done already: nothing to do twice
    out = StringIO()
    call_command("rotate_field_keys", stdout=out)
    assert out.getvalue().startswith(f"{len(stale) - 1} records re-keyed")
    assert not rekey.stale_data_keys().exists()


# --- caches and damaged tokens ------------------------------------------------------------


def test_destroying_a_key_evicts_it_from_the_cache(plain: Any) -> None:
    _, case = plain
    referral = Referral.objects.select_related("data_key").get(pk=case.pk)
    assert referral.narrative
    row = f"cases.datakey:{referral.data_key.uuid}"
    assert row in KEY_CACHE
    referral.data_key.destroy()
    assert row not in KEY_CACHE
    with pytest.raises(crypto.KeyUnavailable):
        Referral.objects.select_related("data_key").get(pk=referral.pk).narrative  # noqa: B018


def test_a_cached_key_is_not_used_once_its_row_changed(plain: Any) -> None:
    """Another process destroyed the key: this one reads the row first, so its cache
    entry (for the old wrapped value) is never used, and expires."""
    _, case = plain
    referral = Referral.objects.select_related("data_key").get(pk=case.pk)
    assert referral.narrative
    DataKey.objects.filter(pk=referral.data_key_id).update(wrapped="", destroyed_at=dt.datetime.now(dt.UTC))
    with pytest.raises(crypto.KeyUnavailable):
        Referral.objects.select_related("data_key").get(pk=referral.pk).narrative  # noqa: B018


@pytest.mark.usefixtures("plain")
def test_a_wrapped_key_copied_into_another_row_does_not_open() -> None:
    one, other = DataKey.objects.order_by("pk")[:2]
    DataKey.objects.filter(pk=other.pk).update(wrapped=one.wrapped, master_key_id=one.master_key_id)
    KEY_CACHE.clear()
    with pytest.raises(crypto.KeyUnavailable):
        DataKey.objects.get(pk=other.pk).key()


@pytest.mark.parametrize(
    "damage", [lambda t: t[:-12], lambda t: t[:3] + "%%" + t[5:], lambda t: "v2:" + t[10:], lambda t: "v1:x"]
)
def test_a_damaged_value_shows_a_clear_page_never_a_server_error(
    plain: Any, damage: Any, sign_in: Any
) -> None:
    team, case = plain
    token = Person.objects.values_list("family_name_sealed", flat=True).get(pk=case.person_id)
    Person.objects.filter(pk=case.person_id).update(family_name_sealed=damage(token))
    response = sign_in(team.coordinator.user).get(f"/cases/{case.uuid}/")
    assert response.status_code == 503
    page = response.content.decode()
    assert "This record cannot be opened" in page and "Nothing has been changed" in page


def test_the_blind_index_holds_no_name_key_and_is_rebuilt_under_a_new_key(plain: Any, settings: Any) -> None:
    from cases.models import PersonNameKey

    team, _ = plain
    record = NameRecord("Unrelated", "Bystanda", (), dt.date(1999, 9, 9))
    found = queries.possible_matches(team.partnership, record)
    assert [c.person.full_name for c in found] == ["Unrelated Bystander"]
    stored = set(PersonNameKey.objects.values_list("key", flat=True))
    assert not any(key.startswith(("s:", "d:")) or "1999" in key for key in stored)
    settings.BLIND_INDEX_KEY = crypto.generate_data_key()
    assert queries.possible_matches(team.partnership, record) == []  # the old index, a new key
    call_command("rebuild_blind_index", stdout=StringIO())
    again = queries.possible_matches(team.partnership, record)
    assert [(c.person.full_name, c.match.reasons) for c in again] == [
        (c.person.full_name, c.match.reasons) for c in found
    ]
    assert stored.isdisjoint(PersonNameKey.objects.values_list("key", flat=True))


def test_every_special_category_answer_gives_a_token_of_one_length(plain: Any) -> None:
    _, case = plain
    person = Person.objects.select_related("data_key").get(pk=case.person_id)
    lengths = set()
    # Each of the Census 2021 categories (cases.ethnicity), the longest with its free text.
    longest = ethnicity.value_of(ethnicity.WITH_OTHER[0].code, "x" * ethnicity.OTHER_MAX_LENGTH)
    for status, value in [("recorded", label) for label in [*ethnicity.LABELS, longest]] + [
        ("declined", ""),
        ("not_known", ""),
        ("", ""),
    ]:
        person.set_special_category("ethnicity", status, value)
        lengths.add(len(person.ethnicity_sealed))
        assert person.special_category("ethnicity") == ((status, value) if status else ("", ""))
    assert len(lengths) == 1

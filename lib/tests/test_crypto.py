import pytest

from lib import crypto


@pytest.fixture
def masters() -> crypto.MasterKeys:
    return crypto.MasterKeys.parse(
        [crypto.new_master_key_entry("2026a"), crypto.new_master_key_entry("2025b")]
    )


def test_a_value_round_trips_through_its_data_key(masters: crypto.MasterKeys) -> None:
    key_id, wrapped = crypto.wrap(masters, crypto.generate_data_key())
    data_key = crypto.unwrap(masters, key_id, wrapped)
    token = crypto.encrypt(data_key, "Muslim", context="cases.person.religion:1")
    assert "Muslim" not in token
    assert crypto.decrypt(data_key, token, context="cases.person.religion:1") == "Muslim"


def test_a_value_moved_to_another_record_or_field_does_not_open(masters: crypto.MasterKeys) -> None:
    data_key = crypto.generate_data_key()
    token = crypto.encrypt(data_key, "autism", context="cases.person.health:1")
    for context in ("cases.person.health:2", "cases.person.religion:1"):
        with pytest.raises(crypto.KeyUnavailable):
            crypto.decrypt(data_key, token, context=context)


def test_the_current_master_key_wraps_and_older_ones_still_unwrap(masters: crypto.MasterKeys) -> None:
    data_key = crypto.generate_data_key()
    key_id, _ = crypto.wrap(masters, data_key)
    assert key_id == "2026a"
    older = crypto.MasterKeys(current_id="2025b", keys=masters.keys)
    old_id, old_wrapped = crypto.wrap(older, data_key)
    assert crypto.unwrap(masters, old_id, old_wrapped) == data_key


def test_a_data_key_does_not_open_without_its_master_key(masters: crypto.MasterKeys) -> None:
    key_id, wrapped = crypto.wrap(masters, crypto.generate_data_key())
    others = crypto.MasterKeys.parse([crypto.new_master_key_entry(key_id)])
    with pytest.raises(crypto.KeyUnavailable):
        crypto.unwrap(others, key_id, wrapped)
    with pytest.raises(crypto.KeyUnavailable, match="not configured"):
        crypto.unwrap(crypto.MasterKeys.parse([crypto.new_master_key_entry("other")]), key_id, wrapped)


@pytest.mark.parametrize(
    ("entries", "message"),
    [
        ([], "at least one key"),
        (["nocolon"], "id:base64"),
        (["a:%%%"], "not valid base64"),
        (["a:c2hvcnQ="], "must be 32 bytes"),
    ],
)
def test_bad_key_settings_are_refused_with_a_reason(entries: list[str], message: str) -> None:
    with pytest.raises(crypto.BadKeySetting, match=message):
        crypto.MasterKeys.parse(entries)


def test_a_key_id_cannot_appear_twice() -> None:
    entry = crypto.new_master_key_entry("a")
    with pytest.raises(crypto.BadKeySetting, match="appears twice"):
        crypto.MasterKeys.parse([entry, entry])

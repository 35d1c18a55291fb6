import pytest

from lib import crypto


@pytest.fixture
def masters() -> crypto.MasterKeys:
    return crypto.MasterKeys.parse(
        [crypto.new_master_key_entry("2026a"), crypto.new_master_key_entry("2025b")]
    )


def test_a_value_round_trips_through_its_data_key(masters: crypto.MasterKeys) -> None:
    key_id, wrapped = crypto.wrap(masters, crypto.generate_data_key(), row="r1")
    data_key = crypto.unwrap(masters, key_id, wrapped, row="r1")
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
    key_id, _ = crypto.wrap(masters, data_key, row="r1")
    assert key_id == "2026a"
    older = crypto.MasterKeys(current_id="2025b", keys=masters.keys)
    old_id, old_wrapped = crypto.wrap(older, data_key, row="r1")
    assert crypto.unwrap(masters, old_id, old_wrapped, row="r1") == data_key


def test_a_data_key_does_not_open_without_its_master_key(masters: crypto.MasterKeys) -> None:
    key_id, wrapped = crypto.wrap(masters, crypto.generate_data_key(), row="r1")
    others = crypto.MasterKeys.parse([crypto.new_master_key_entry(key_id)])
    with pytest.raises(crypto.KeyUnavailable):
        crypto.unwrap(others, key_id, wrapped, row="r1")
    with pytest.raises(crypto.KeyUnavailable, match="not configured"):
        crypto.unwrap(
            crypto.MasterKeys.parse([crypto.new_master_key_entry("other")]), key_id, wrapped, row="r1"
        )


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


def test_a_wrapped_key_is_bound_to_its_own_row(masters: crypto.MasterKeys) -> None:
    key_id, wrapped = crypto.wrap(masters, crypto.generate_data_key(), row="cases.datakey:one")
    with pytest.raises(crypto.KeyUnavailable):
        crypto.unwrap(masters, key_id, wrapped, row="cases.datakey:two")


@pytest.mark.parametrize(
    "values",
    [
        # Each answer to a special-category question, and no answer at all.
        ["", "Muslim", "Christian", "No religion", "Sikh", "Jewish", "Any other religion"],
        # Names and postcodes, short and long.
        ["Li", "Aleksandra Wiśniewska-Kowalczyk", "E1 6AN", "SW1A 2AA"],
    ],
)
def test_values_of_different_lengths_give_tokens_of_one_length(values: list[str]) -> None:
    data_key = crypto.generate_data_key()
    lengths = {len(crypto.encrypt(data_key, value, context="cases.person.religion:1")) for value in values}
    assert len(lengths) == 1
    for value in values:
        token = crypto.encrypt(data_key, value, context="c")
        assert crypto.decrypt(data_key, token, context="c") == value


def test_padding_grows_in_buckets_and_round_trips_at_every_edge() -> None:
    data_key = crypto.generate_data_key()
    assert [crypto.padded_size(n) for n in (0, 63, 64, 127, 16383, 16384, 40000)] == [
        64,
        64,
        128,
        128,
        16384,
        32768,
        49152,
    ]
    assert [crypto.padded_size(n, at_least=256) for n in (0, 200, 255, 256)] == [256, 256, 256, 512]
    for length in (0, 62, 63, 64, 65, 16383, 16384):
        value = "x" * (length - 1) + "\x80" if length else ""
        assert crypto.decrypt(data_key, crypto.encrypt(data_key, value, context="c"), context="c") == value
    content = b"%PDF" + b"\x00" * 300 + b"\x80\x00"
    assert (
        crypto.decrypt_bytes(data_key, crypto.encrypt_bytes(data_key, content, context="f"), context="f")
        == content
    )


@pytest.mark.parametrize(
    "damage",
    [
        lambda token: token[:-10],  # cut short
        lambda token: token[:6],  # cut to almost nothing
        lambda token: token[:3] + "!!" + token[5:],  # not base64
        lambda token: token[:3] + "é" + token[4:],  # not even ASCII
        lambda token: "v9:" + token[3:],  # an unknown format
        lambda token: token.replace(":", ""),  # no format at all
        lambda token: token[:20] + ("A" if token[20] != "A" else "B") + token[21:],  # one character changed
        lambda token: "",
    ],
)
def test_a_damaged_token_is_a_clear_cannot_be_opened_never_another_error(damage: object) -> None:
    data_key = crypto.generate_data_key()
    masters = crypto.MasterKeys.parse([crypto.new_master_key_entry("k")])
    token = crypto.encrypt(data_key, "Tariq", context="c")
    _, wrapped = crypto.wrap(masters, data_key, row="r")
    sealed = crypto.seal_secret(masters, b"seed", context="s")
    assert callable(damage)
    with pytest.raises(crypto.KeyUnavailable):
        crypto.decrypt(data_key, damage(token), context="c")
    with pytest.raises(crypto.KeyUnavailable):
        crypto.unwrap(masters, "k", damage(wrapped), row="r")
    with pytest.raises(crypto.KeyUnavailable):
        crypto.open_secret(masters, "k$" + damage(sealed.partition("$")[2]), context="s")
    with pytest.raises(crypto.KeyUnavailable):
        crypto.decrypt_bytes(data_key, damage(token).encode(), context="c")


def test_outside_development_a_data_key_wrapped_by_a_development_key_does_not_open() -> None:
    development = crypto.MasterKeys.parse(["development:ZGV2ZWxvcG1lbnQtb25seS1maWVsZC1rZXktMDAwMDA="])
    key_id, wrapped = crypto.wrap(development, crypto.generate_data_key(), row="r")
    assert crypto.unwrap(development, key_id, wrapped, row="r")
    # As if the development key had slipped into production under the guard's nose.
    production = crypto.MasterKeys(development.current_id, development.keys, development=False)
    with pytest.raises(crypto.KeyUnavailable, match="development key"):
        crypto.unwrap(production, key_id, wrapped, row="r")
    sealed = crypto.seal_secret(development, b"seed", context="s")
    with pytest.raises(crypto.KeyUnavailable, match="development key"):
        crypto.open_secret(production, sealed, context="s")


def test_strict_parsing_refuses_published_and_regular_keys_but_development_allows_its_own() -> None:
    published = "development:ZGV2ZWxvcG1lbnQtb25seS1maWVsZC1rZXktMDAwMDA="
    assert crypto.MasterKeys.parse([published]).development
    with pytest.raises(crypto.BadKeySetting, match="development key published"):
        crypto.MasterKeys.parse([published], development=False)
    with pytest.raises(crypto.BadKeySetting, match="not random enough"):
        crypto.MasterKeys.parse(["k:" + "A" * 43 + "="], development=False)
    assert not crypto.MasterKeys.parse([crypto.new_master_key_entry("k")], development=False).development


def test_a_blind_index_is_keyed() -> None:
    one, other = crypto.generate_data_key(), crypto.generate_data_key()
    assert crypto.blind_index(one, "s:MHMT") == crypto.blind_index(one, "s:MHMT")
    assert crypto.blind_index(one, "s:MHMT") != crypto.blind_index(other, "s:MHMT")
    assert "MHMT" not in crypto.blind_index(one, "s:MHMT")

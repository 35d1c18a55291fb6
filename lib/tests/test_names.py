import datetime as dt
import itertools
import random
from dataclasses import replace

import pytest

from lib.names import (
    MOST_FULL_FORMS,
    Match,
    NameRecord,
    _full_form_keys,
    _nicknamer,
    _supplement,
    compare,
    index_keys,
    normalise,
    sound_key,
)

DOB = dt.date(2006, 8, 7)
OTHER_DOB = dt.date(1999, 11, 23)


def person(
    full_name: str, dob: dt.date | None = DOB, other_names: tuple[str, ...] = (), family: str | None = None
) -> NameRecord:
    """'Given Names Family' read as the last word being the family name, unless
    `family` says otherwise (for double-barrelled names written with a space)."""
    if family is not None:
        given = full_name.removesuffix(family).strip()
    else:
        given, _, family = full_name.rpartition(" ")
    return NameRecord(given_names=given, family_name=family, other_names=other_names, date_of_birth=dob)


# (new, known, a reason that must be given, expected strength)
MUST_MATCH: list[tuple[NameRecord, NameRecord, str, str]] = [
    (
        person("Mohammed Khan"),
        person("Muhammad Khan"),
        "given name sounds the same: Mohammed / Muhammad",
        "strong",
    ),
    (
        person("Mohammed Khan"),
        person("Mohamed Khan"),
        "given name sounds the same: Mohammed / Mohamed",
        "strong",
    ),
    (
        person("Mohammed Khan"),
        person("Mohammad Khan"),
        "given name sounds the same: Mohammed / Mohammad",
        "strong",
    ),
    (
        person("Muhammad Khan"),
        person("Mohamed Khan"),
        "given name sounds the same: Muhammad / Mohamed",
        "strong",
    ),
    (
        person("Muhammed Khan"),
        person("Mohamad Khan"),
        "given name sounds the same: Muhammed / Mohamad",
        "strong",
    ),
    (
        person("Axel Rudakubana"),
        person("Axel Rudakabana"),
        "family name sounds the same: Rudakubana / Rudakabana",
        "strong",
    ),
    (
        person("Axel Rudakubana"),
        person("Axel Rudakubama"),
        "family name spelt similarly: Rudakubana / Rudakubama",
        "strong",
    ),
    (
        person("Sean O'Neill", dob=None),
        person("Sean ONeill", dob=None),
        "family name the same apart from punctuation or accents: O'Neill / ONeill",
        "strong",
    ),
    (
        person("Sean O'Neill", dob=None),
        person("Sean O Neill", dob=None, family="O Neill"),
        "family name the same apart from punctuation or accents: O'Neill / O Neill",
        "strong",
    ),
    (
        person("Sean ONeill", dob=None),
        person("Sean O Neill", dob=None, family="O Neill"),
        "family name the same apart from punctuation or accents: ONeill / O Neill",
        "strong",
    ),
    (person("Siobhan D’Souza"), person("Siobhan DSouza"), "same given name", "strong"),
    (person("Amy Smith-Jones"), person("Amy Jones"), "family name Jones is part of Smith-Jones", "strong"),
    (person("Amy Smith-Jones"), person("Amy Smith"), "family name Smith is part of Smith-Jones", "strong"),
    (
        person("Amy Smith Jones", family="Smith Jones"),
        person("Amy Smith-Jones"),
        "family name the same apart from punctuation or accents: Smith Jones / Smith-Jones",
        "strong",
    ),
    (
        person("Amy Jones-Smith"),
        person("Amy Smith-Jones"),
        "family name has the same parts in a different order: Jones-Smith / Smith-Jones",
        "strong",
    ),
    (
        person("Ali Mohammed"),
        person("Mohammed Ali"),
        "given and family names transposed: Ali Mohammed / Mohammed Ali",
        "strong",
    ),
    (
        person("Ali Muhammad"),
        person("Mohammed Ali"),
        "given and family names transposed: Ali Muhammad / Mohammed Ali",
        "strong",
    ),
    (
        person("Maria De Silva", family="De Silva"),
        person("Maria Silva"),
        "family name Silva is part of De Silva",
        "strong",
    ),
    (person("J Smith"), person("John Smith"), "initial J matches John", "possible"),
    (person("J. Smith"), person("John Smith"), "initial J matches John", "possible"),
    (person("Jon Smith"), person("John Smith"), "given name sounds the same: Jon / John", "strong"),
    (person("John Smyth"), person("John Smith"), "family name sounds the same: Smyth / Smith", "strong"),
    (
        person("Katherine Brown"),
        person("Catherine Brown"),
        "given name sounds the same: Katherine / Catherine",
        "strong",
    ),
    (
        person("Kathryn Brown"),
        person("Catherine Brown"),
        "given name sounds the same: Kathryn / Catherine",
        "strong",
    ),
    (person("Stephen Hall"), person("Steven Hall"), "given name sounds the same: Stephen / Steven", "strong"),
    (person("Aisha Begum"), person("Ayesha Begum"), "given name sounds the same: Aisha / Ayesha", "strong"),
    (person("Yusuf Patel"), person("Yousef Patel"), "given name sounds the same: Yusuf / Yousef", "strong"),
    (person("Yusuf Patel"), person("Yousuf Patel"), "given name sounds the same: Yusuf / Yousuf", "strong"),
    (
        person("Zoë Lefèvre"),
        person("Zoe Lefevre"),
        "family name the same apart from punctuation or accents: Lefèvre / Lefevre",
        "strong",
    ),
    (
        person("Zoë Lefèvre"),
        person("Zoe Lefevre"),
        "given name the same apart from punctuation or accents: Zoë / Zoe",
        "strong",
    ),
    (
        person("Abdul Rahman Khan"),
        person("Abdulrahman Khan"),
        "given name the same apart from punctuation or accents: Abdul Rahman / Abdulrahman",
        "strong",
    ),
    (person("Mohammed Ali Khan"), person("Mohammed Khan"), "given name Mohammed in both", "strong"),
    (
        person("Lily Green", dob=dt.date(2009, 4, 3)),
        person("Lily Green", dob=dt.date(2009, 3, 4)),
        "date of birth with day and month swapped",
        "possible",
    ),
    (
        person("Lily Green", dob=dt.date(2009, 4, 3)),
        person("Lily Green", dob=dt.date(2010, 4, 3)),
        "date of birth one year apart",
        "possible",
    ),
    (
        person("Lily Green", dob=dt.date(2009, 4, 3)),
        person("Lily Green", dob=dt.date(1987, 10, 30)),
        "different date of birth",
        "possible",
    ),
    (
        person("Katherine Brown", dob=None),
        person("Catherine Brown"),
        "date of birth missing on one record",
        "possible",
    ),
    (person("Lily Green", dob=None), person("Lily Green"), "same name", "strong"),
    (person("Green"), person("Lily Green"), "given name missing on one record", "possible"),
    (
        person("Jay Smith"),
        person("Jason Smith", other_names=("Jay Smith",)),
        "matches other name Jay Smith",
        "strong",
    ),
    (
        person("Jason Smith", other_names=("Jay Smith",)),
        person("Jay Smith"),
        "other name Jay Smith matches",
        "strong",
    ),
    (
        person("Chloe Baker", other_names=("Chloe Evans",)),
        person("Chloe Evans"),
        "other name Chloe Evans matches",
        "strong",
    ),
    (
        person("Chloe Baker", other_names=("Evans",)),
        person("Chloe Evans"),
        "other name Evans matches",
        "strong",
    ),
    (person("Jason Smith", other_names=("Jay",)), person("Jay Smith"), "other name Jay matches", "strong"),
    (
        person("Tom Price"),
        person("Thomas Wright", other_names=("Price, Tom",)),
        "matches other name Price, Tom",
        "strong",
    ),
    (
        NameRecord("Axel Rudakubana", "", date_of_birth=DOB),
        person("Axel Rudakabana"),
        "same given name",
        "strong",
    ),
]

# (new, known, why they must stay apart)
MUST_NOT_MATCH: list[tuple[NameRecord, NameRecord, str]] = [
    (person("John Smith", dob=DOB), person("Jane Smyth", dob=OTHER_DOB), "different dates of birth"),
    (person("Mohammed Khan"), person("Mohammed Akhtar"), "different family names"),
    (person("Amy Jones", dob=DOB), person("Amy James", dob=OTHER_DOB), "Jones and James differ"),
    (person("Amy Jones"), person("Amy James"), "Jones and James differ even on the same date"),
    (person("Ali Hassan", dob=DOB), person("Hassan Ahmed", dob=OTHER_DOB), "only one name transposed"),
    (person("Ali Hassan"), person("Hassan Ahmed"), "only one name transposed, same date"),
    (person("Sam Lee"), person("Samuel Leeming"), "Lee is not Leeming"),
    (person("Oliver Grant"), person("Priya Shah"), "same date of birth, nothing else"),
    (person("John Smith"), person("Peter Smith"), "twins: same family and date, different given name"),
    (person("Muhammad Khan", dob=DOB), person("Mohammed Khan", dob=OTHER_DOB), "variant names, other date"),
    (person("J Smith", dob=None), person("John Smith"), "an initial without a date of birth"),
    (person("J Smith", dob=dt.date(2007, 8, 7)), person("John Smith"), "an initial and a date a year out"),
    (
        person("Maria De Silva", family="De Silva"),
        person("Maria De Souza", family="De Souza"),
        "a shared particle is not a shared name",
    ),
    (person("Amy Smith-Jones"), person("Amy Jones-Brown"), "one shared part of two double-barrelled names"),
    (
        person("A Rudakubana", dob=dt.date(2007, 8, 7)),
        person("Axel Rudakubama", dob=DOB),
        "a spelling slip, an initial and a date a year out",
    ),
    (person("S Jones", dob=None), person("S Jones", dob=None), "a bare initial and family name"),
    (
        person("Christopher Rudakubana", dob=None),
        person("Christpoher Rudakubama", dob=None),
        "two spelling slips and no date of birth leave no index key in common",
    ),
]


def _label(value: object) -> str:
    if isinstance(value, NameRecord):
        return f"{value.given_names} {value.family_name}".strip() or "-"
    return str(value)


def _reasons(match: Match | None) -> tuple[str, ...]:
    return () if match is None else match.reasons


@pytest.mark.parametrize(("new", "known", "reason", "strength"), MUST_MATCH, ids=_label)
def test_these_pairs_match_with_the_reason_given(
    new: NameRecord, known: NameRecord, reason: str, strength: str
) -> None:
    match = compare(new, known)
    assert match is not None
    assert reason in match.reasons, match.reasons
    assert match.strength == strength


@pytest.mark.parametrize(("new", "known", "why"), MUST_NOT_MATCH, ids=_label)
def test_these_pairs_do_not_match(new: NameRecord, known: NameRecord, why: str) -> None:
    assert compare(new, known) is None, why


ALL_PAIRS = [(new, known) for new, known, *_ in MUST_MATCH + MUST_NOT_MATCH]


@pytest.mark.parametrize(("new", "known"), ALL_PAIRS, ids=_label)
def test_whether_two_records_match_does_not_depend_on_which_is_new(
    new: NameRecord, known: NameRecord
) -> None:
    assert (compare(new, known) is None) == (compare(known, new) is None)


@pytest.mark.parametrize(("new", "known"), [(n, k) for n, k, *_ in MUST_MATCH], ids=_label)
def test_every_matching_pair_shares_an_index_key(new: NameRecord, known: NameRecord) -> None:
    assert index_keys(new) & index_keys(known)


# --- normalise ---------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("O'Neill", "oneill"),
        ("D’Souza", "dsouza"),
        ("Smith-Jones", "smith jones"),
        ("  Zoë   Lefèvre ", "zoe lefevre"),
        ("J.", "j"),
        ("MÜLLER", "muller"),
        ("Søren Straße", "soren strasse"),
        ("Jean-Paul  d'Arcy", "jean paul darcy"),
        ("", ""),
    ],
)
def test_normalise_lowers_strips_accents_and_apostrophes_and_splits_on_punctuation(
    text: str, expected: str
) -> None:
    assert normalise(text) == expected


# --- sound_key ---------------------------------------------------------------

SOUNDS_ALIKE = [
    ("Mohammed", "Muhammad", "Mohamed", "Mohamad", "Muhammed", "Mohammad"),
    ("Rudakubana", "Rudakabana"),
    ("Katherine", "Catherine", "Kathryn"),
    ("Stephen", "Steven"),
    ("Aisha", "Ayesha"),
    ("Yusuf", "Yousef", "Yousuf"),
    ("Jon", "John"),
    ("Smith", "Smyth"),
    ("Khan", "Kahn"),
    ("Lee", "Li", "Leigh"),
    ("Sean", "Shaun", "Shawn"),
    ("Omar", "Umar"),
    ("Lewis", "Louis"),
    ("Hussain", "Husain", "Hussein"),
    ("O'Neill", "ONeill", "O Neill"),
]


@pytest.mark.parametrize("spellings", SOUNDS_ALIKE, ids=lambda spellings: "/".join(spellings))
def test_variant_spellings_share_a_sound_key(spellings: tuple[str, ...]) -> None:
    assert len({sound_key(spelling) for spelling in spellings}) == 1


@pytest.mark.parametrize(
    ("one", "other"),
    [
        ("Jones", "James"),
        ("Mohammed", "Mahmood"),
        ("Lee", "Leeming"),
        ("Sam", "Samuel"),
        ("Khan", "Akhtar"),
        ("Hassan", "Ahmed"),
        ("Ali", "Lee"),
        ("Grant", "Shah"),
    ],
)
def test_different_names_have_different_sound_keys(one: str, other: str) -> None:
    assert sound_key(one) != sound_key(other)


def test_a_sound_key_keeps_the_first_letter_and_drops_later_vowels() -> None:
    assert sound_key("Rudakubana") == "rdkbn"
    assert sound_key("Mohammed") == "mhmd"
    assert sound_key("Ayesha") == "as"


# --- strength ---------------------------------------------------------------


def test_names_alike_and_the_same_date_of_birth_is_strong() -> None:
    match = compare(person("Axel Rudakubana"), person("Axel Rudakabana"))
    assert match is not None
    assert match.strength == "strong"
    assert match.reasons == (
        "family name sounds the same: Rudakubana / Rudakabana",
        "same given name",
        "same date of birth",
    )


def test_an_identical_name_without_a_date_of_birth_is_strong_but_a_variant_is_possible() -> None:
    assert _strength(person("Lily Green", dob=None), person("Lily Green")) == "strong"
    assert _strength(person("Lily Greene", dob=None), person("Lily Green")) == "possible"


def test_a_near_date_of_birth_makes_a_match_possible_not_strong() -> None:
    swapped = person("Lily Green", dob=dt.date(2009, 3, 4))
    assert _strength(person("Lily Green", dob=dt.date(2009, 4, 3)), swapped) == "possible"
    assert _strength(person("Lily Green", dob=dt.date(2008, 3, 4)), swapped) == "possible"


def test_a_date_that_cannot_be_swapped_is_simply_different() -> None:
    new = person("Lily Greene", dob=dt.date(2009, 4, 25))
    assert compare(new, person("Lily Green", dob=dt.date(2009, 4, 24))) is None
    assert (
        compare(person("Lily Greene", dob=dt.date(2009, 5, 5)), person("Lily Green", dob=dt.date(2009, 5, 6)))
        is None
    )


def test_an_initial_with_the_same_family_name_and_date_is_only_possible() -> None:
    assert _strength(person("J Smith"), person("John Smith")) == "possible"


def test_the_best_explanation_is_chosen_among_other_names() -> None:
    match = compare(person("Jay Smith"), person("Jason Smith", other_names=("Jay Smith", "JJ Smythe")))
    assert match is not None
    assert match.reasons == ("same name", "matches other name Jay Smith", "same date of birth")


def test_rank_orders_closer_candidates_first() -> None:
    new = person("Mohammed Khan")
    candidates = [person("Muhammad Khan", dob=dt.date(2007, 8, 7)), person("Mohammed Khan"), person("M Khan")]
    matches = [compare(new, known) for known in candidates]
    ranks = [match.rank for match in matches if match is not None]
    assert len(ranks) == 3
    assert ranks[1] > ranks[0]
    assert ranks[1] > ranks[2]


def _strength(new: NameRecord, known: NameRecord) -> str | None:
    match = compare(new, known)
    return None if match is None else match.strength


# --- index keys -------------------------------------------------------------


def test_index_keys_hold_name_sounds_and_dates_of_birth() -> None:
    record = person("Mohammed Ali Khan", dob=dt.date(2009, 4, 3), other_names=("Mo Khan",))
    assert index_keys(record) == {
        "s:mhmd",
        "s:al",
        "s:mhmdl",
        "s:kn",
        "s:m",
        "d:2009-04-03",
        "d:2009-03-04",
    }


def test_a_date_that_cannot_be_swapped_has_one_key() -> None:
    assert {
        key for key in index_keys(person("Ann Lee", dob=dt.date(2009, 4, 25))) if key.startswith("d:")
    } == {"d:2009-04-25"}
    assert {
        key for key in index_keys(person("Ann Lee", dob=dt.date(2009, 5, 5))) if key.startswith("d:")
    } == {"d:2009-05-05"}


def test_a_typical_record_has_few_index_keys() -> None:
    record = person("Mohammed Ali", dob=DOB, other_names=("Mo Smith-Jones", "Ali"), family="Smith-Jones")
    assert len(index_keys(record)) <= 12


def _mutations(record: NameRecord, rng: random.Random) -> NameRecord:
    """One realistic slip in recording a person: the kind of thing `compare` forgives."""

    def misspell(name: str) -> str:
        if len(name) < 3:
            return name
        i = rng.randrange(1, len(name) - 1)
        choice = rng.randrange(4)
        if choice == 0:
            return name[:i] + rng.choice("aeiouy") + name[i + 1 :]
        if choice == 1:
            return name[:i] + name[i + 1 :]
        if choice == 2:
            return name[:i] + name[i] + name[i:]
        return name[: i - 1] + name[i] + name[i - 1] + name[i + 1 :]

    dob = record.date_of_birth
    slip = rng.randrange(9)
    if slip == 0:
        return replace(record, family_name=misspell(record.family_name))
    if slip == 1:
        return replace(record, given_names=misspell(record.given_names))
    if slip == 2:
        return replace(record, given_names=record.given_names[:1])
    if slip == 3:
        return replace(record, given_names=record.family_name, family_name=record.given_names)
    if slip == 4:
        return replace(record, family_name=f"{record.family_name}-{rng.choice(['Jones', 'Ahmed', 'Okafor'])}")
    if slip == 5 and dob is not None:
        return replace(record, date_of_birth=dob.replace(year=dob.year + rng.choice([-1, 1])))
    if slip == 6 and dob is not None and dob.day <= 12:
        return replace(record, date_of_birth=dt.date(dob.year, dob.day, dob.month))
    if slip == 7:
        return replace(record, date_of_birth=None)
    return replace(record, other_names=(f"{misspell(record.given_names)} {rng.choice(['Brown', 'Ali'])}",))


def test_matches_among_many_slightly_wrong_records_always_share_an_index_key() -> None:
    rng = random.Random(20240729)
    bases = [
        person(
            f"{given} {family}",
            dob=dt.date(rng.randrange(1990, 2012), rng.randrange(1, 13), rng.randrange(1, 29)),
        )
        for given, family in [
            ("Axel", "Rudakubana"),
            ("Mohammed", "Khan"),
            ("Amy", "Smith-Jones"),
            ("Sean", "O'Neill"),
            ("Aisha", "Begum"),
            ("Katherine", "Brown"),
            ("Yusuf", "Patel"),
            ("Oliver", "Grant"),
            ("Priya", "Shah"),
            ("Ali", "Hassan"),
            ("Zoë", "Lefèvre"),
            ("Stephen", "Hall"),
        ]
    ]
    pool = list(bases)
    for base in bases:
        for _ in range(12):
            record = base
            for _ in range(rng.randrange(1, 4)):
                record = _mutations(record, rng)
            pool.append(record)
    pool += [new for new, *_ in MUST_MATCH + MUST_NOT_MATCH] + [
        known for _, known, *_ in MUST_MATCH + MUST_NOT_MATCH
    ]

    matched = 0
    for new, known in itertools.combinations(pool, 2):
        match = compare(new, known)
        assert (match is None) == (compare(known, new) is None), (new, known)
        if match is not None:
            matched += 1
            assert index_keys(new) & index_keys(known), (new, known, match.reasons)
    # The property means little unless plenty of slipped records still match.
    assert matched > 1000


def test_no_match_ever_shows_a_number() -> None:
    for new, known, *_ in MUST_MATCH:
        match = compare(new, known)
        assert match is not None
        assert not any(ch.isdigit() for reason in match.reasons for ch in reason)


# --- short forms of given names (issue 14) ------------------------------------------

# (new, known, the reason given, expected strength)
SHORT_FORMS: list[tuple[NameRecord, NameRecord, str, str]] = [
    (person("Tom Smith"), person("Thomas Smith"), "Tom is a short form of Thomas", "strong"),
    (person("Thomas Smith"), person("Tom Smith"), "Tom is a short form of Thomas", "strong"),
    (person("tom smith"), person("Thomas Smith"), "tom is a short form of Thomas", "strong"),
    (person("Bill Jones"), person("William Jones"), "Bill is a short form of William", "strong"),
    (person("Sasha Ivanov"), person("Alexander Ivanov"), "Sasha is a short form of Alexander", "strong"),
    (person("Sasha Petrova"), person("Alexandra Petrova"), "Sasha is a short form of Alexandra", "strong"),
    (person("Mo Khan"), person("Mohammed Khan"), "Mo is a short form of Mohammed", "strong"),
    (person("Muhammed Khan"), person("Mo Khan"), "Mo is a short form of Muhammed", "strong"),
    (person("Kasia Nowak"), person("Katarzyna Nowak"), "Kasia is a short form of Katarzyna", "strong"),
    (person("Sam Taylor"), person("Samuel Taylor"), "Sam is a short form of Samuel", "strong"),
    (person("Tom James Smith"), person("Thomas Smith"), "Tom is a short form of Thomas", "strong"),
    (person("Tom Smith", dob=None), person("Thomas Smith"), "Tom is a short form of Thomas", "possible"),
    (
        person("Tom Smith", dob=dt.date(2007, 8, 7)),
        person("Thomas Smith"),
        "Tom is a short form of Thomas",
        "possible",
    ),
    (
        person("Smith Tom"),
        person("Thomas Smith"),
        "given and family names transposed: Smith Tom / Thomas Smith",
        "strong",
    ),
    (person("Thomas Smith"), person("Smith Tom"), "Tom is a short form of Thomas", "strong"),
    (
        person("Khan Mo", dob=None),
        person("Mohammed Khan"),
        "given and family names transposed: Khan Mo / Mohammed Khan",
        "possible",
    ),
]

# (new, known, why they must stay apart)
NOT_SHORT_FORMS: list[tuple[NameRecord, NameRecord, str]] = [
    (person("Tom Smith"), person("Timothy Smith"), "Tom is not a short form of Timothy"),
    (person("Mo Khan"), person("Mahmood Khan"), "Mo is a short form of Mohammed, not Mahmood"),
    (person("Ted Smith"), person("Ned Smith"), "two short forms of Edward, neither of the other"),
    (person("Al Smith"), person("Albert Smith"), "Al has too many full forms to say anything"),
    (person("Ali Khan"), person("Alison Khan"), "Ali is a name in its own right, with too many full forms"),
    (person("John Tom"), person("John Thomas"), "short forms are of given names, not family names"),
    (person("Tom Smith", dob=DOB), person("Thomas Smith", dob=OTHER_DOB), "different dates of birth"),
    (
        NameRecord("Bill", "Tom", date_of_birth=DOB),
        person("Thomas William"),
        "transposed, and short forms both ways",
    ),
]


@pytest.mark.parametrize(("new", "known", "reason", "strength"), SHORT_FORMS, ids=_label)
def test_a_short_form_matches_its_full_name_with_the_reason(
    new: NameRecord, known: NameRecord, reason: str, strength: str
) -> None:
    match = compare(new, known)
    assert match is not None
    assert reason in match.reasons, match.reasons
    assert match.strength == strength
    assert compare(known, new) is not None
    assert index_keys(new) & index_keys(known)


@pytest.mark.parametrize(("new", "known", "why"), NOT_SHORT_FORMS, ids=_label)
def test_names_that_are_not_short_forms_of_each_other_do_not_match(
    new: NameRecord, known: NameRecord, why: str
) -> None:
    assert compare(new, known) is None, why
    assert compare(known, new) is None, why


def test_a_short_form_explains_the_whole_match_and_counts_as_a_spelling_variant() -> None:
    match = compare(person("Tom Smith"), person("Thomas Smith"))
    assert match is not None
    assert match.reasons == ("same family name", "Tom is a short form of Thomas", "same date of birth")
    swapped = compare(person("Smith Tom"), person("Thomas Smith"))
    assert swapped is not None
    assert swapped.reasons == (
        "given and family names transposed: Smith Tom / Thomas Smith",
        "Tom is a short form of Thomas",
        "same date of birth",
    )
    # Below the same name and a name that sounds the same, level with a spelling slip.
    same = compare(person("Thomas Smith"), person("Thomas Smith"))
    sounds = compare(person("Tomas Smith"), person("Thomas Smith"))
    slip = compare(person("Thonas Smith"), person("Thomas Smith"))
    assert same is not None and sounds is not None and slip is not None
    assert slip.reasons[1] == "given name spelt similarly: Thonas / Thomas"
    assert same.rank > sounds.rank > match.rank == slip.rank


def test_index_keys_hold_the_full_forms_of_short_given_names() -> None:
    assert index_keys(person("Tom Smith")) == {"s:tm", "s:tms", "s:smt", "d:2006-08-07", "d:2006-07-08"}
    assert "s:tms" in index_keys(person("Thomas Smith"))
    # Mohammed and its spellings share one sound key.
    assert index_keys(person("Mo Khan")) == {"s:m", "s:mhmd", "s:kn", "d:2006-08-07", "d:2006-07-08"}
    # Family names get no full forms.
    assert "s:tms" not in index_keys(person("John Tom"))


def test_a_short_form_with_too_many_full_forms_adds_no_key() -> None:
    # The package lists a dozen full forms of "Al" (Alan, Albert, Alfred, Alexander...).
    assert len(_nicknamer().canonicals_of("al")) > MOST_FULL_FORMS
    assert index_keys(person("Al Smith")) == {"s:al", "s:smt", "d:2006-08-07", "d:2006-07-08"}
    # "Sam" is as ambiguous in the package; the supplement names its full forms.
    assert _full_form_keys("sam") == {sound_key("Samuel"), sound_key("Samantha")}
    # No short form in either list gives more keys than the cap.
    names = set(_nicknamer().canonical_lookup) | set(_supplement())
    assert max(len(_full_form_keys(normalise(name).replace(" ", ""))) for name in names) == MOST_FULL_FORMS


def test_the_supplement_lists_short_forms_the_package_lacks() -> None:
    supplement = _supplement()
    assert {"alexander", "alexandra", "aleksandr"} <= supplement["sasha"]
    assert {"mohammed", "muhammad", "mohamed", "mohammad"} <= supplement["mo"]
    assert "malgorzata" in supplement["gosia"]
    for short, full_names in supplement.items():
        assert all(len(short) < len(name) for name in full_names), short

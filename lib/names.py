"""Finding earlier referrals that may be about the same person.

The Southport inquiry found that one misspelt name kept three referrals of the
same young man apart. So matching here forgives spelling variants, accents,
apostrophes, hyphens, double-barrelled and transposed names, initials and
aliases, and leans on the date of birth to keep false alarms down.

Short forms of given names count too ("Tom is a short form of Thomas"), as much as a
spelling variant, but only when one name is listed as a short form of the other (or
of a name that sounds the same). Two short forms of one name that the lists do not
link ("Ted" and "Ned", both Edward; "Alex" and "Sasha") do not match this way: such
second-hand links are loose ("Al" and "Bert" are both Albert) and would tie twins
together. The maintained list is the one the `nicknames` package installs
(Anglo-American); `short_forms.csv` beside this module is the product's own small
supplement of short forms common in England and Wales that it lacks ("Sasha", "Mo",
"Kasia"). A short form whose full forms sound like more than `MOST_FULL_FORMS`
different names ("Al": Alan, Albert, Alfred, Alexander...) says too little and is not
used, unless the supplement names its full forms ("Sam", "Chris").

Every match is explained in words. There is deliberately no score: the product
must not score people, so `Match.rank` exists only to order candidates and must
never be shown.

Sound keys (`sound_key`), applied to one name written as a single word:

1. `normalise` it and collapse doubled letters ("Mohammed" -> "mohamed").
2. At the start, "kn" -> "n", "wr" -> "r", "x" -> "s".
3. "gh" before "t" or at the end is silent ("Leigh" = "Lee", "Wright").
4. "tch" -> "ch", "sch" -> "sk", "ph" -> "f", "ch" -> "k", "wh" -> "w",
   "dj" -> "j", "ck" -> "k", "q" -> "k", "x" -> "ks", "z" -> "s", "v" -> "f";
   "c" before e/i/y -> "s", otherwise "k"; "g" before e/i/y -> "j".
5. "y" is a consonant only as the first letter before a vowel ("Yusuf"),
   "w" only as the first letter; anywhere else both are vowels
   ("Kathryn" = "Katherine", "Lewis" = "Louis", "Shawn" = "Shaun").
6. "h" is kept only as the first letter or between two vowels, so it vanishes
   after a consonant ("th", "sh", "kh", "dh", "bh") and before a consonant or at
   the end ("John" = "Jon", "Sarah" = "Sara", "Kahn" = "Khan") but still
   separates "Mohammed" (m-h-m-d) from "Mahmood" (m-m-d).
7. Collapse doubled letters again, then drop every vowel except a first-letter
   vowel, which is written "a" whatever it was ("Omar" = "Umar").

Known collisions, accepted because a match also needs the other name and the
date of birth: Khan = Kahn = Chen, John = Jon = Jane, Lee = Li = Leigh,
Ali = Eli = Ellie, Smith = Smyth. Cohen and Cohn differ (the "h" between
vowels), as do Jones and James.
"""

import csv
import datetime
import functools
import re
import unicodedata
from dataclasses import dataclass
from enum import IntEnum
from pathlib import Path

from nicknames import NickNamer

STRONG = "strong"
POSSIBLE = "possible"


@dataclass(frozen=True)
class NameRecord:
    given_names: str
    family_name: str
    other_names: tuple[str, ...] = ()
    date_of_birth: datetime.date | None = None


@dataclass(frozen=True)
class Match:
    strength: str
    reasons: tuple[str, ...]
    # Orders candidates for the officer; it is not a score and is never displayed.
    rank: int


# ---------------------------------------------------------------------------
# Normalising text

_APOSTROPHES = str.maketrans(dict.fromkeys("'’‘ʼʻ`´′", None))
# NFKD leaves these letters whole, yet people type them without the stroke.
_LETTER_FOLDS = str.maketrans(
    {"ø": "o", "æ": "ae", "œ": "oe", "ß": "ss", "ł": "l", "đ": "d", "ð": "d", "þ": "th", "ı": "i"}
)
_SEPARATORS = re.compile(r"[\W_]+")


def normalise(text: str) -> str:
    """Lower case, without accents or apostrophes; other punctuation becomes a
    space and runs of white space become one space."""
    # Apostrophes go before and after NFKD: it turns a spacing acute into a space.
    text = unicodedata.normalize("NFKD", text.translate(_APOSTROPHES).casefold()).translate(_APOSTROPHES)
    text = "".join(ch for ch in text if not unicodedata.combining(ch)).translate(_LETTER_FOLDS)
    return " ".join(_SEPARATORS.sub(" ", text).split())


# ---------------------------------------------------------------------------
# Sound keys

_VOWELS = frozenset("aeiou")
_START_FOLDS = (("kn", "n"), ("wr", "r"), ("x", "s"))
_SPELLING_FOLDS = (
    ("tch", "ch"),
    ("sch", "sk"),
    ("ph", "f"),
    ("ch", "k"),
    ("wh", "w"),
    ("dj", "j"),
    ("ck", "k"),
    ("q", "k"),
    ("x", "ks"),
    ("z", "s"),
    ("v", "f"),
)
_DOUBLED = re.compile(r"(.)\1+")
_SILENT_GH = re.compile(r"gh(?=t|$)")
_SOFT_C = re.compile(r"c(?=[eiy])")
_SOFT_G = re.compile(r"g(?=[eiy])")


def sound_key(token: str) -> str:
    """A phonetic key for one name (rules in the module docstring); spaces and
    punctuation inside `token` are ignored, so "O'Neill" and "O Neill" agree."""
    return _sound_key("".join(normalise(token).split()))


@functools.lru_cache(maxsize=8192)
def _sound_key(word: str) -> str:
    word = _DOUBLED.sub(r"\1", word)
    if not word:
        return ""
    for start, replacement in _START_FOLDS:
        if word.startswith(start):
            word = replacement + word[len(start) :]
            break
    word = _SILENT_GH.sub("", word)
    for spelling, replacement in _SPELLING_FOLDS:
        word = word.replace(spelling, replacement)
    word = _SOFT_C.sub("s", word).replace("c", "k")
    word = _SOFT_G.sub("j", word)
    if not word:
        return ""

    vowelish = _VOWELS | {"y", "w"}
    letters: list[str] = []
    for i, ch in enumerate(word):
        before = word[i - 1] if i else ""
        after = word[i + 1] if i + 1 < len(word) else ""
        if ch == "y" and not (i == 0 and after in _VOWELS):
            ch = "i"
        elif ch == "w" and i > 0:
            ch = "u"
        elif ch == "h" and i > 0 and not (before in vowelish and after in vowelish):
            continue
        letters.append(ch)

    folded = _DOUBLED.sub(r"\1", "".join(letters))
    head = "a" if folded[0] in _VOWELS else folded[0]
    return head + "".join(ch for ch in folded[1:] if ch not in _VOWELS)


# ---------------------------------------------------------------------------
# Short forms of given names

SHORT_FORMS_FILE = Path(__file__).with_name("short_forms.csv")
# A short form whose full forms sound like more names than this is too ambiguous to use.
MOST_FULL_FORMS = 4


@functools.cache
def _nicknamer() -> NickNamer:
    return NickNamer()


@functools.cache
def _supplement() -> dict[str, frozenset[str]]:
    """The product's own short forms (short_forms.csv): normalised short form to full names."""
    with SHORT_FORMS_FILE.open(encoding="utf-8", newline="") as file:
        rows = csv.DictReader(line for line in file if not line.startswith("#"))
        full_names: dict[str, set[str]] = {}
        for row in rows:
            full_names.setdefault(normalise(row["short_form"]), set()).add(normalise(row["name"]))
    return {short: frozenset(names) for short, names in full_names.items()}


@functools.lru_cache(maxsize=8192)
def _full_form_keys(token: str) -> frozenset[str]:
    """Sound keys of the full names that `token` (one normalised given name) is a short
    form of, apart from its own; none when the package's list makes it too ambiguous and
    the supplement does not name them."""
    own = _sound_key(token)
    # The package lists some pairs both ways ("tom" has the nickname "thomas"), but a
    # short form is never longer than its full name.
    listed = {name for name in _nicknamer().canonicals_of(token) if len(name) >= len(token)}
    supplement = _supplement().get(token, frozenset())
    keys = {sound_key(name) for name in listed | supplement} - {own, ""}
    if len(keys) > MOST_FULL_FORMS:
        keys = {sound_key(name) for name in supplement} - {own, ""}
    return frozenset(keys)


def _short_form_reason(a: str, a_text: str, b: str, b_text: str) -> str | None:
    """Why two normalised given names match as a short form and its full name, in the
    words as typed ("Tom is a short form of Thomas"); None when neither is listed as a
    short form of the other (or of a name sounding the same)."""
    if len(a) < 2 or len(b) < 2:
        return None
    for short, short_text, full, full_text in ((a, a_text, b, b_text), (b, b_text, a, a_text)):
        if _sound_key(full) in _full_form_keys(short):
            return f"{short_text} is a short form of {full_text}"
    return None


# ---------------------------------------------------------------------------
# Names as compared


@dataclass(frozen=True)
class _Name:
    """One way of writing a person's name: the main name or one other name."""

    given: tuple[str, ...]  # normalised tokens
    family: tuple[str, ...]
    given_words: tuple[str, ...]  # each given token as written, for reasons
    given_text: str
    family_text: str
    other_name: str | None  # the other name this reading came from, if any

    @property
    def full_text(self) -> str:
        return f"{self.given_text} {self.family_text}".strip()


# Particles shared by unrelated families ("de Silva", "de Souza"), so never
# evidence on their own. "Le" and "Do" are left out: they are Vietnamese family names.
_PARTICLES = frozenset(
    {"al", "el", "de", "da", "di", "du", "del", "della", "der", "den", "des", "dos", "das", "la"}
    | {"van", "von", "bin", "ibn", "bint", "ben", "ap", "abu", "mac", "mc", "st"}
)
_RAW_SEPARATORS = re.compile(r"[^\w'’‘ʼʻ`´′]+|_")


def _clean(text: str) -> str:
    return " ".join(text.split())


def _same_text(a: str, b: str) -> bool:
    return _clean(a).casefold() == _clean(b).casefold()


def _name(given_text: str, family_text: str, other_name: str | None) -> _Name:
    given: list[str] = []
    words: list[str] = []
    for word in _RAW_SEPARATORS.split(given_text):
        for token in normalise(word).split():
            given.append(token)
            words.append(word)
    return _Name(
        given=tuple(given),
        family=tuple(normalise(family_text).split()),
        given_words=tuple(words),
        given_text=given_text,
        family_text=family_text,
        other_name=other_name,
    )


def _split_last(text: str) -> tuple[str, str]:
    head, _, last = text.rpartition(" ")
    return head, last


def _variants(record: NameRecord) -> tuple[_Name, ...]:
    # Keyed on plain fields so that a caller passing a list of other names still works.
    return _cached_variants(record.given_names, record.family_name, tuple(record.other_names))


@functools.lru_cache(maxsize=4096)
def _cached_variants(given_names: str, family_name: str, other_names: tuple[str, ...]) -> tuple[_Name, ...]:
    given_text, family_text = _clean(given_names), _clean(family_name)
    if not normalise(family_text) and " " in given_text:
        # Whole name typed into the given-names box: read the last word as family.
        given_text, family_text = _split_last(given_text)
    names = [_name(given_text, family_text, None)]
    for other in other_names:
        other = _clean(other)
        if "," in other:
            family, _, given = other.partition(",")
            names.append(_name(_clean(given), _clean(family), other))
        elif " " in other:
            names.append(_name(*_split_last(other), other))
        else:
            # One word could be a nickname or a previous family name; try both.
            names.append(_name(other, family_text, other))
            names.append(_name(given_text, other, other))
    return tuple(name for name in names if name.given or name.family)


# ---------------------------------------------------------------------------
# Evidence


class _Family(IntEnum):
    PART = 1
    SPELLING = 2
    REORDERED = 3
    SOUND = 4
    PUNCTUATION = 5
    EXACT = 6


class _Given(IntEnum):
    MISSING = 1
    INITIAL = 2
    SPELLING = 3
    SHORT_FORM = 3  # the same as a spelling variant (an alias of SPELLING)
    SOUND = 4
    SHARED = 5
    PUNCTUATION = 6
    EXACT = 7


class _Dob(IntEnum):
    DIFFERENT = 0
    ONE_YEAR = 1
    SWAPPED = 2
    UNKNOWN = 3
    SAME = 4


def _edit_distance(a: str, b: str) -> int:
    """Damerau-Levenshtein distance (optimal string alignment)."""
    rows = [list(range(len(b) + 1))]
    for i in range(1, len(a) + 1):
        row = [i] + [0] * len(b)
        for j in range(1, len(b) + 1):
            cost = 0 if a[i - 1] == b[j - 1] else 1
            row[j] = min(rows[i - 1][j] + 1, row[j - 1] + 1, rows[i - 1][j - 1] + cost)
            if i > 1 and j > 1 and a[i - 1] == b[j - 2] and a[i - 2] == b[j - 1]:
                row[j] = min(row[j], rows[i - 2][j - 2] + 1)
        rows.append(row)
    return rows[-1][-1]


def _spelt_similarly(a: str, b: str) -> bool:
    shorter = min(len(a), len(b))
    # Short names are too easily one letter from a different name.
    allowed = 0 if shorter < 5 else 1 if shorter <= 7 else 2
    return allowed > 0 and abs(len(a) - len(b)) <= allowed and _edit_distance(a, b) <= allowed


def _parts(tokens: tuple[str, ...]) -> list[str]:
    return [token for token in tokens if len(token) >= 2 and token not in _PARTICLES]


def _family_evidence(
    a: tuple[str, ...], a_text: str, b: tuple[str, ...], b_text: str, *, allow_spelling: bool
) -> tuple[_Family, str] | None:
    joined_a, joined_b = "".join(a), "".join(b)
    # A one-letter family name is an initial, which says too little.
    if len(joined_a) < 2 or len(joined_b) < 2:
        return None
    if joined_a == joined_b:
        if _same_text(a_text, b_text):
            return _Family.EXACT, "same family name"
        return (
            _Family.PUNCTUATION,
            f"family name the same apart from punctuation or accents: {a_text} / {b_text}",
        )
    if _sound_key(joined_a) == _sound_key(joined_b):
        return _Family.SOUND, f"family name sounds the same: {a_text} / {b_text}"
    parts_a, parts_b = _parts(a), _parts(b)
    keys_a, keys_b = [_sound_key(p) for p in parts_a], [_sound_key(p) for p in parts_b]
    if len(parts_a) >= 2 and sorted(keys_a) == sorted(keys_b):
        return (
            _Family.REORDERED,
            f"family name has the same parts in a different order: {a_text} / {b_text}",
        )
    if keys_a and keys_b:
        for part, whole, part_text, whole_text in ((a, b, a_text, b_text), (b, a, b_text, a_text)):
            part_keys = {_sound_key(p) for p in _parts(part)}
            if len(part) < len(whole) and part_keys <= {_sound_key(p) for p in _parts(whole)}:
                exact = set(_parts(part)) <= set(whole)
                verb = "is part of" if exact else "sounds like part of"
                return _Family.PART, f"family name {part_text} {verb} {whole_text}"
    if allow_spelling and _spelt_similarly(joined_a, joined_b):
        return _Family.SPELLING, f"family name spelt similarly: {a_text} / {b_text}"
    return None


def _given_token_evidence(a: str, a_word: str, b: str, b_word: str) -> tuple[_Given, str] | None:
    if len(a) == 1 or len(b) == 1:
        if a == b:
            return _Given.INITIAL, f"same initial {a.upper()}"
        initial, full, full_word = (a, b, b_word) if len(a) == 1 else (b, a, a_word)
        if full.startswith(initial):
            return _Given.INITIAL, f"initial {initial.upper()} matches {full_word}"
        return None
    if a == b:
        if _same_text(a_word, b_word):
            return _Given.SHARED, f"given name {a_word} in both"
        return _Given.SHARED, f"given name in both: {a_word} / {b_word}"
    if _sound_key(a) == _sound_key(b):
        return _Given.SOUND, f"given name sounds the same: {a_word} / {b_word}"
    short_form = _short_form_reason(a, a_word, b, b_word)
    if short_form is not None:
        return _Given.SHORT_FORM, short_form
    if _spelt_similarly(a, b):
        return _Given.SPELLING, f"given name spelt similarly: {a_word} / {b_word}"
    return None


def _given_evidence(a: _Name, b: _Name) -> tuple[_Given, str] | None:
    if not a.given and not b.given:
        return _Given.MISSING, "given names missing on both records"
    if not a.given or not b.given:
        return _Given.MISSING, "given name missing on one record"
    joined_a, joined_b = "".join(a.given), "".join(b.given)
    if len(joined_a) >= 2 and len(joined_b) >= 2:
        if joined_a == joined_b:
            if _same_text(a.given_text, b.given_text):
                return _Given.EXACT, "same given name"
            return (
                _Given.PUNCTUATION,
                f"given name the same apart from punctuation or accents: {a.given_text} / {b.given_text}",
            )
        if _sound_key(joined_a) == _sound_key(joined_b):
            return _Given.SOUND, f"given name sounds the same: {a.given_text} / {b.given_text}"
    best: tuple[_Given, str] | None = None
    for token_a, word_a in zip(a.given, a.given_words, strict=True):
        for token_b, word_b in zip(b.given, b.given_words, strict=True):
            found = _given_token_evidence(token_a, word_a, token_b, word_b)
            if found and (best is None or found[0] > best[0]):
                best = found
    return best


def _swap_day_and_month(day: datetime.date) -> datetime.date | None:
    if day.day == day.month:
        return None
    try:
        return datetime.date(day.year, day.day, day.month)
    except ValueError:
        return None


def _dob_evidence(a: datetime.date | None, b: datetime.date | None) -> tuple[_Dob, str]:
    if a is None and b is None:
        return _Dob.UNKNOWN, "dates of birth missing on both records"
    if a is None or b is None:
        return _Dob.UNKNOWN, "date of birth missing on one record"
    if a == b:
        return _Dob.SAME, "same date of birth"
    if _swap_day_and_month(a) == b:
        return _Dob.SWAPPED, "date of birth with day and month swapped"
    if (a.month, a.day) == (b.month, b.day) and abs(a.year - b.year) == 1:
        return _Dob.ONE_YEAR, "date of birth one year apart"
    return _Dob.DIFFERENT, "different date of birth"


def _strength(family: _Family, given: _Given, dob: _Dob, *, identical: bool) -> str | None:
    names_match = given >= _Given.SPELLING
    # A family name that is only spelt similarly shares no sound key, so another
    # index key (a given name that sounds the same, or the date of birth) must
    # back it; otherwise the index could never have offered this candidate.
    if family is _Family.SPELLING and given < _Given.SOUND and dob not in (_Dob.SAME, _Dob.SWAPPED):
        return None
    if dob is _Dob.SAME:
        return STRONG if names_match else POSSIBLE
    if dob is _Dob.UNKNOWN:
        if identical:
            return STRONG
        return POSSIBLE if names_match else None
    if dob in (_Dob.SWAPPED, _Dob.ONE_YEAR):
        return POSSIBLE if names_match else None
    # Known and clearly different dates of birth: only an identical name is
    # worth the officer's look, as two people or one wrong date.
    return POSSIBLE if identical else None


def _other_name_reason(a: _Name, b: _Name) -> tuple[str, ...]:
    if a.other_name and b.other_name:
        return (f"other names match: {a.other_name} / {b.other_name}",)
    if b.other_name:
        return (f"matches other name {b.other_name}",)
    if a.other_name:
        return (f"other name {a.other_name} matches",)
    return ()


def _rank(strength: str, family: int, given: int, dob: _Dob, a: _Name, b: _Name, direct: bool) -> int:
    rank = (1000 if strength == STRONG else 0) + 40 * family + 20 * given + 10 * dob
    rank += 5 if direct else 0
    rank -= 3 * ((a.other_name is not None) + (b.other_name is not None))
    return rank


def _direct(a: _Name, b: _Name, dob: tuple[_Dob, str]) -> Match | None:
    family = _family_evidence(a.family, a.family_text, b.family, b.family_text, allow_spelling=True)
    given = _given_evidence(a, b)
    if family is None or given is None:
        return None
    identical = family[0] >= _Family.PUNCTUATION and given[0] >= _Given.PUNCTUATION
    strength = _strength(family[0], given[0], dob[0], identical=identical)
    if strength is None:
        return None
    if family[0] is _Family.EXACT and given[0] is _Given.EXACT:
        names: tuple[str, ...] = ("same name",)
    else:
        names = (family[1], given[1])
    return Match(
        strength=strength,
        reasons=(*names, *_other_name_reason(a, b), dob[1]),
        rank=_rank(strength, family[0], given[0], dob[0], a, b, direct=True),
    )


def _swapped_short_form(a: tuple[str, ...], a_text: str, b: tuple[str, ...], b_text: str) -> str | None:
    if len(a) != 1 or len(b) != 1:
        return None
    return _short_form_reason(a[0], a_text, b[0], b_text)


def _transposed(a: _Name, b: _Name, dob: tuple[_Dob, str]) -> Match | None:
    if not (a.given and a.family and b.given and b.family):
        return None
    # Sound-level agreement only: a swap and a misspelling together are too loose,
    # and every sound-level agreement shares an index key.
    family = _family_evidence(a.family, a.family_text, b.given, b.given_text, allow_spelling=False)
    given = _family_evidence(a.given, a.given_text, b.family, b.family_text, allow_spelling=False)
    # One of the two may instead be a short form ("Smith Tom" / "Thomas Smith"), counted
    # as a spelling variant; the other, at sound level, still shares an index key.
    short_form = None
    if family is None and given is not None:
        short_form = _swapped_short_form(a.family, a.family_text, b.given, b.given_text)
        family = None if short_form is None else (_Family.SPELLING, short_form)
    elif given is None and family is not None:
        short_form = _swapped_short_form(a.given, a.given_text, b.family, b.family_text)
        given = None if short_form is None else (_Family.SPELLING, short_form)
    if family is None or given is None:
        return None
    weaker = min(family[0], given[0])
    strength = _strength(weaker, _Given.EXACT, dob[0], identical=False)
    if strength is None:
        return None
    return Match(
        strength=strength,
        reasons=(
            f"given and family names transposed: {a.full_text} / {b.full_text}",
            *((short_form,) if short_form else ()),
            *_other_name_reason(a, b),
            dob[1],
        ),
        rank=_rank(strength, family[0], given[0], dob[0], a, b, direct=False),
    )


# ---------------------------------------------------------------------------
# Public entry points


def compare(new: NameRecord, known: NameRecord) -> Match | None:
    """Whether `known` may be the same person as `new`, and why in words; None
    when it should not be shown to the officer."""
    dob = _dob_evidence(new.date_of_birth, known.date_of_birth)
    best: Match | None = None
    for a in _variants(new):
        for b in _variants(known):
            for found in (_direct(a, b, dob), _transposed(a, b, dob)):
                if found is not None and (best is None or found.rank > best.rank):
                    best = found
    return best


def index_keys(record: NameRecord) -> set[str]:
    """Keys to store for `record` so that candidates for a new referral can be
    fetched by shared key. Any two records `compare` matches share a key."""
    keys: set[str] = set()
    for name in _variants(record):
        # Initials and particles would fetch half the database and decide nothing.
        tokens = [t for t in name.given if len(t) >= 2] + _parts(name.family)
        # Run together, for "Abdul Rahman" / "Abdulrahman" and "O'Neill" / "O Neill".
        tokens += ["".join(part) for part in (name.given, name.family) if len("".join(part)) >= 2]
        keys.update(f"s:{_sound_key(token)}" for token in tokens)
        # The full forms of short given names: "Tom" also stores the sound of "Thomas".
        for token in name.given:
            if len(token) >= 2:
                keys.update(f"s:{key}" for key in _full_form_keys(token))
    if record.date_of_birth is not None:
        keys.add(f"d:{record.date_of_birth.isoformat()}")
        swapped = _swap_day_and_month(record.date_of_birth)
        if swapped is not None:
            keys.add(f"d:{swapped.isoformat()}")
    return keys

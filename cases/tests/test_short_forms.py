"""Issue 14, nicknames: an earlier referral of "Thomas Smith" is found for a new one of
"Tom Smith" born the same day, through the blind index, with the reason shown; people
indexed before short forms counted are re-indexed by migration 0011."""

from __future__ import annotations

import datetime as dt
import importlib
from collections.abc import Callable
from typing import Any

import pytest
from django.apps import apps
from django.conf import settings
from django.test import Client

from cases import actions, queries
from cases.models import Person, PersonNameKey
from cases.tests.builders import Team, make_team, refer
from lib import crypto
from lib.names import NameRecord

pytestmark = pytest.mark.django_db

BORN = dt.date(2009, 6, 14)


@pytest.fixture
def team(db: Any) -> Team:
    return make_team("Tower Hamlets", "TH")


def _known(team: Team, given_names: str, family_name: str = "Smith", born: dt.date = BORN) -> Person:
    referral = refer(team, given_names=given_names, family_name=family_name, date_of_birth=born)
    return actions.confirm_new_person(viewer=team.police, referral=referral)


def _hashed(key: str) -> str:
    return crypto.blind_index(settings.BLIND_INDEX_KEY, key)


@pytest.mark.parametrize(
    ("stored", "searched"), [("Thomas", "Tom"), ("Tom", "Thomas"), ("Mohammed", "Mo"), ("Sasha", "Alexander")]
)
def test_a_short_form_finds_the_full_name_through_the_blind_index(
    team: Team, stored: str, searched: str
) -> None:
    person = _known(team, stored)
    _known(team, "Timothy")  # same family name and birthday, not a short form
    short, full = sorted((stored, searched), key=len)
    found = queries.possible_matches(team.partnership, NameRecord(searched, "Smith", (), BORN))
    assert [(c.person, c.match.strength, c.match.reasons) for c in found] == [
        (person, "strong", ("same family name", f"{short} is a short form of {full}", "same date of birth"))
    ]


def test_the_gateway_sees_the_reason_on_the_new_referral(team: Team, sign_in: Callable[..., Client]) -> None:
    _known(team, "Thomas")
    referral = refer(team, given_names="Tom", family_name="Smith", date_of_birth=BORN)
    assert referral.possible_matches == 1
    page = sign_in(team.police.user).get(f"/cases/{referral.uuid}/").content.decode()
    assert "Why: same family name; Tom is a short form of Thomas; same date of birth." in page


def test_transposed_names_with_a_short_form_are_found(team: Team) -> None:
    person = _known(team, "Thomas")
    found = queries.possible_matches(team.partnership, NameRecord("Smith", "Tom", (), BORN))
    assert [c.person for c in found] == [person]
    assert "Tom is a short form of Thomas" in found[0].match.reasons


def test_the_migration_adds_the_full_forms_to_an_index_built_without_them(team: Team) -> None:
    tom = _known(team, "Tom")
    erased = _known(team, "Bill", "Jones", born=dt.date(2001, 2, 3))
    # As indexed before short forms counted: no key for the sound of "Thomas".
    PersonNameKey.objects.filter(person=tom, key=_hashed("s:tms")).delete()
    before = set(PersonNameKey.objects.filter(person=tom).values_list("key", flat=True))
    assert before == {_hashed(key) for key in ("s:tm", "s:smt", "d:2009-06-14")}
    erased.data_key.destroy()
    erased_keys = set(PersonNameKey.objects.filter(person=erased).values_list("key", flat=True))

    migration = importlib.import_module("cases.migrations.0011_blind_index_with_short_forms")
    migration.rebuild(apps, None)

    after = set(PersonNameKey.objects.filter(person=tom).values_list("key", flat=True))
    assert after == before | {_hashed("s:tms")}
    assert PersonNameKey.objects.filter(person=tom).values("partnership_id").distinct().get() == {
        "partnership_id": team.partnership.pk
    }
    # A person whose data key was destroyed is left alone: nothing can be read to index.
    assert set(PersonNameKey.objects.filter(person=erased).values_list("key", flat=True)) == erased_keys
    found = queries.possible_matches(team.partnership, NameRecord("Thomas", "Smith", (), BORN))
    assert [(c.person, "Tom is a short form of Thomas" in c.match.reasons) for c in found] == [(tom, True)]

"""How long a closed case is kept, and what deleting it leaves: nothing personal in any
column of any table, the data keys destroyed, the files gone, a note of the reference,
an intact audit chain and unchanged statistics."""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Iterator
from typing import Any

import pytest
from django.apps import apps
from django.core.files.storage import default_storage
from django.db import models

from audit.log import verify_chain
from audit.models import AuditEvent
from cases import actions, queries, retention, statistics
from cases.models import (
    CaseEvent,
    CaseTransfer,
    Erasure,
    Person,
    Referral,
    ReferralState,
    RetentionPeriod,
    RetentionSchedule,
    StatisticalRecord,
)
from cases.tests.builders import (
    Rich,
    Team,
    adopted,
    decide,
    gateway,
    in_support,
    make_team,
    refer,
    refused,
    rich_case,
    today,
    withdraw,
    years_ago,
)
from cases.vault import DataKey
from lib.dates import add_months
from lib.errors import Refused
from lib.names import NameRecord

pytestmark = pytest.mark.django_db

DIMENSIONS = ("sector", "concern_type", "age_band", "gender", "gateway_outcome", "state")


@pytest.fixture
def team(db: Any) -> Team:
    return make_team("Tower Hamlets", "TH")


@pytest.fixture
def camden(db: Any) -> Team:
    return make_team("Camden", "CA")


def _old_closed(team: Team, **details: Any) -> Referral:
    """Closed at the gateway four years ago: past the three years kept."""
    return gateway(
        team,
        refer(team, received_on=years_ago(4, days=10), **details),
        "no_further_action",
        on=years_ago(4),
    )


def _snapshot(referral: Referral) -> tuple[int, int, int, int]:
    return (
        Referral.objects.filter(pk=referral.pk).count(),
        CaseEvent.objects.count(),
        AuditEvent.objects.count(),
        Erasure.objects.count(),
    )


# --- retention schedules ------------------------------------------------------------------


@pytest.mark.parametrize("outcome", ["no_further_action", "signposted", "police_led"])
def test_a_referral_closed_at_the_gateway_is_kept_three_years(team: Team, outcome: str) -> None:
    closed_on = today() - dt.timedelta(days=3)
    referral = gateway(team, refer(team, received_on=closed_on), outcome, on=closed_on)
    schedule = RetentionSchedule.objects.get(referral=referral)
    assert (schedule.outcome, schedule.closed_on, schedule.partnership) == (
        outcome,
        closed_on,
        team.partnership,
    )
    assert schedule.review_on == add_months(closed_on, 36)
    assert retention.DEFAULT_YEARS[outcome] == 3
    assert not schedule.legal_hold


@pytest.mark.parametrize(
    ("decision", "outcome", "years"),
    [("not_adopt_nfa", "not_adopted_nfa", 3), ("not_adopt_signpost", "not_adopted_signposted", 3)],
)
def test_a_referral_the_panel_did_not_adopt_is_kept_three_years(
    team: Team, decision: str, outcome: str, years: int
) -> None:
    panel_day = today() - dt.timedelta(days=5)
    referral = gateway(team, refer(team, received_on=panel_day), on=panel_day)
    decide(team, referral, decision, on=panel_day)
    schedule = RetentionSchedule.objects.get(referral=referral)
    assert (schedule.outcome, schedule.closed_on, schedule.review_on) == (
        outcome,
        panel_day,
        add_months(panel_day, 12 * years),
    )


def test_a_case_that_had_channel_support_is_kept_six_years(team: Team) -> None:
    day = dt.date(2025, 5, 1)
    referral = in_support(team, on=day, date_of_birth=dt.date(2000, 1, 1))
    withdraw(team, referral, on=day, reason="No.", close=True)
    schedule = RetentionSchedule.objects.get(referral=referral)
    assert (schedule.outcome, schedule.review_on) == (ReferralState.WITHDREW, dt.date(2031, 5, 1))


def test_an_open_case_has_no_retention_schedule(team: Team) -> None:
    referral = in_support(team, date_of_birth=dt.date(2000, 1, 1))
    assert not RetentionSchedule.objects.filter(referral=referral).exists()
    with pytest.raises(Refused, match="Only a closed case is reviewed for deletion"):
        actions.extend_retention(
            viewer=team.coordinator, referral=referral, review_on=today() + dt.timedelta(days=9), reason="x"
        )


def test_a_partnerships_own_retention_period_overrides_the_default(team: Team, camden: Team) -> None:
    RetentionPeriod.objects.create(partnership=team.partnership, outcome="no_further_action", years=1)
    closed_on = today() - dt.timedelta(days=2)
    here = gateway(team, refer(team, received_on=closed_on), "no_further_action", on=closed_on)
    there = gateway(camden, refer(camden, received_on=closed_on), "no_further_action", on=closed_on)
    assert RetentionSchedule.objects.get(referral=here).review_on == add_months(closed_on, 12)
    assert RetentionSchedule.objects.get(referral=there).review_on == add_months(closed_on, 36)
    assert retention.periods(team.partnership)["no_further_action"] == 1
    assert retention.periods(team.partnership)["closed"] == 6


def test_extending_retention_needs_a_future_date_and_a_reason_and_delays_deletion(team: Team) -> None:
    referral = _old_closed(team)
    with pytest.raises(Refused, match="must be later than the present one"):
        actions.extend_retention(viewer=team.coordinator, referral=referral, review_on=today(), reason="x")
    with pytest.raises(Refused, match="Enter why the case is kept longer"):
        actions.extend_retention(
            viewer=team.coordinator, referral=referral, review_on=today() + dt.timedelta(days=30), reason=""
        )
    later = today() + dt.timedelta(days=30)
    schedule = actions.extend_retention(
        viewer=team.coordinator, referral=referral, review_on=later, reason="A complaint is open."
    )
    assert (schedule.review_on, schedule.note) == (later, "A complaint is open.")
    before = _snapshot(referral)
    with pytest.raises(Refused, match=r"kept until .* It can be deleted from that day"):
        actions.erase_case(viewer=team.coordinator, referral=referral)
    assert _snapshot(referral) == before


# --- refusals to erase --------------------------------------------------------------------


def test_a_case_is_not_erased_before_its_review_date(team: Team) -> None:
    closed_on = today() - dt.timedelta(days=2)
    referral = gateway(team, refer(team, received_on=closed_on), "no_further_action", on=closed_on)
    before = _snapshot(referral)
    with pytest.raises(Refused, match="This case is kept until"):
        actions.erase_case(viewer=team.coordinator, referral=referral)
    assert _snapshot(referral) == before


def test_an_open_case_is_not_erased(team: Team) -> None:
    referral = in_support(team, on=years_ago(8), date_of_birth=dt.date(1990, 1, 1))
    before = _snapshot(referral)
    with pytest.raises(Refused, match="Only a closed case is reviewed for deletion"):
        actions.erase_case(viewer=team.coordinator, referral=referral)
    assert _snapshot(referral) == before


def test_a_legal_hold_stops_erasure_until_it_is_released(team: Team) -> None:
    referral = _old_closed(team)
    with pytest.raises(Refused, match="Enter why the legal hold is placed"):
        actions.set_legal_hold(viewer=team.coordinator, referral=referral, hold=True, reason="")
    actions.set_legal_hold(viewer=team.coordinator, referral=referral, hold=True, reason="Litigation.")
    with pytest.raises(Refused, match="already under a legal hold"):
        actions.set_legal_hold(viewer=team.coordinator, referral=referral, hold=True, reason="Again.")
    before = _snapshot(referral)
    with pytest.raises(Refused, match=r"under a legal hold\. Release the hold"):
        actions.erase_case(viewer=team.coordinator, referral=referral)
    assert _snapshot(referral) == before
    actions.set_legal_hold(viewer=team.coordinator, referral=referral, hold=False, reason="Settled.")
    erasure = actions.erase_case(viewer=team.coordinator, referral=referral)
    assert erasure.reference == referral.reference
    assert not Referral.objects.filter(pk=referral.pk).exists()


def test_only_the_coordinator_erases_cases(team: Team) -> None:
    referral = _old_closed(team)
    before = _snapshot(referral)
    for someone in (team.chair, team.police, team.panel_member):
        with pytest.raises(Refused, match="Your role does not allow you to decide what happens to closed"):
            actions.erase_case(viewer=someone, referral=referral)
    elsewhere = make_team("Camden", "CA")
    with pytest.raises(Refused, match="belongs to another partnership"):
        actions.erase_case(viewer=elsewhere.coordinator, referral=referral)
    assert _snapshot(referral) == before


# --- what erasure leaves ------------------------------------------------------------------


def _text_columns() -> Iterator[tuple[type[models.Model], list[Any]]]:
    for model in apps.get_models():
        fields = [
            f
            for f in model._meta.concrete_fields
            if isinstance(f, models.CharField | models.TextField | models.JSONField)
        ]
        if fields:
            yield model, fields


def _found(planted: dict[str, str]) -> set[tuple[str, str, str]]:
    """(model, column, what) for every planted string in any text column of any table."""
    wanted = {name: value.lower() for name, value in planted.items()}
    hits: set[tuple[str, str, str]] = set()
    for model, fields in _text_columns():
        for row in model._base_manager.values_list(*(f.attname for f in fields)):
            for field, value in zip(fields, row, strict=True):
                if value in (None, ""):
                    continue
                text = (
                    json.dumps(value, ensure_ascii=False)
                    if isinstance(field, models.JSONField)
                    else str(value)
                ).lower()
                hits.update(
                    (model._meta.label, field.attname, name)
                    for name, needle in wanted.items()
                    if needle in text
                )
    return hits


def _figures(team: Team) -> tuple[Any, ...]:
    journeys = statistics.journeys(team.partnership)
    return (
        journeys,
        {
            (j.financial_year, dimension): statistics.breakdown(team.partnership, j.financial_year, dimension)
            for j in journeys
            for dimension in DIMENSIONS
        },
    )


def _rich_closed(team: Team, camden: Team, tag: str = "Xq") -> Rich:
    """A case of a child (a parent consented) with every kind of record, closed by the
    withdrawal of consent more than six years ago."""
    return rich_case(
        team,
        camden,
        tag=tag,
        received_on=years_ago(7),
        born=years_ago(7 + 15),
        close_on=years_ago(6, days=20),
    )


def test_erasing_a_persons_only_referral_leaves_nothing_personal_anywhere(
    team: Team, camden: Team, django_capture_on_commit_callbacks: Any
) -> None:
    rich = _rich_closed(team, camden)
    other = in_support(
        team, given_names="Unrelated", family_name="Bystander", date_of_birth=dt.date(1999, 9, 9)
    )
    referral, person, planted = rich.referral, rich.person, rich.planted
    assert referral.state == ReferralState.WITHDREW
    referral_key, person_key = referral.data_key_id, person.data_key_id
    # Nothing of it is in the clear even before (issue 13): it opens only with the keys.
    assert _found(planted) == set()
    assert Person.objects.get(pk=person.pk).family_name == planted["family"]
    born = person.date_of_birth
    assert default_storage.exists(rich.document_file)
    figures = _figures(team)
    events_before = AuditEvent.objects.count()

    with django_capture_on_commit_callbacks(execute=True):
        erasure = actions.erase_case(viewer=team.coordinator, referral=referral)

    assert _found(planted) == set()
    assert not Referral.objects.filter(pk=referral.pk).exists()
    assert not Person.objects.filter(pk=person.pk).exists()
    for pk in (referral_key, person_key):
        key = DataKey.objects.get(pk=pk)
        assert key.destroyed_at is not None
        assert key.wrapped == ""
    assert not default_storage.exists(rich.document_file)
    record = NameRecord(planted["given"], planted["family"], (), born)
    assert queries.possible_matches(team.partnership, record) == []
    stored = Erasure.objects.get()
    assert (stored.pk, stored.reference, stored.outcome, stored.person_erased) == (
        erasure.pk,
        referral.reference,
        ReferralState.WITHDREW,
        True,
    )
    assert stored.partnership == team.partnership
    last = AuditEvent.objects.order_by("-id").first()
    assert last is not None
    assert (last.verb, last.object_label) == ("cases.referral.erased", referral.reference)
    assert AuditEvent.objects.count() == events_before + 1
    assert verify_chain().intact
    # The anonymous figures do not change; the sender's note of the refused transfer stays.
    assert _figures(team) == figures
    assert StatisticalRecord.objects.filter(referral=None, partnership=team.partnership).count() == 1
    assert list(CaseTransfer.objects.values_list("reference", "referral", "reason_sealed")) == [
        (referral.reference, None, "")
    ]
    # Someone else's case is untouched.
    other.refresh_from_db()
    assert other.person is not None and other.person.family_name == "Bystander"


def test_erasing_one_of_two_referrals_keeps_the_person(team: Team) -> None:
    old = _old_closed(team, given_names="Robin", family_name="Ashdown", date_of_birth=dt.date(1990, 4, 4))
    assert old.person is not None
    current = refer(team, given_names="Robin", family_name="Ashdown", date_of_birth=dt.date(1990, 4, 4))
    actions.link_to_person(viewer=team.police, referral=current, person=old.person)
    erasure = actions.erase_case(viewer=team.coordinator, referral=old)
    assert erasure.person_erased is False
    person = Person.objects.get(pk=old.person.pk)
    assert person.data_key.destroyed_at is None
    assert list(person.referrals.all()) == [current]
    assert DataKey.objects.get(pk=old.data_key_id).destroyed_at is not None
    record = queries.person_record(person)
    assert [c.person for c in queries.possible_matches(team.partnership, record)] == [person]
    assert verify_chain().intact


def test_an_adopted_referral_keeps_counting_after_erasure(team: Team) -> None:
    day = years_ago(7)
    referral = adopted(team, on=day, date_of_birth=add_months(day, -16 * 12))
    refused(team, referral, on=day, close=True)
    figures = _figures(team)
    assert figures[0][0].adopted == 1
    actions.erase_case(viewer=team.coordinator, referral=referral)
    assert _figures(team) == figures


def test_a_case_waiting_for_a_transfer_answer_is_not_erased(team: Team, camden: Team) -> None:
    referral = refer(team, received_on=years_ago(4, days=10))
    transfer = actions.request_transfer(
        viewer=team.coordinator, referral=referral, to_partnership=camden.partnership, reason="Moved."
    )
    gateway(team, referral, "no_further_action", on=years_ago(4))
    before = _snapshot(referral)
    with pytest.raises(Refused, match="waiting for Camden to answer its transfer"):
        actions.erase_case(viewer=team.coordinator, referral=referral)
    assert _snapshot(referral) == before
    actions.decline_transfer(viewer=camden.coordinator, transfer=transfer, reason="It closed.")
    actions.erase_case(viewer=team.coordinator, referral=referral)
    assert CaseTransfer.objects.get(pk=transfer.pk).referral is None

"""Issue 14, parts 10 and 11: deconfliction entries and the hold, screening information,
the national case-tracking reference, search (reference, name through the matcher with
its reasons, date of birth, postcode, school; filters; the access layer), allocation and
"My cases"."""

from __future__ import annotations

import datetime as dt
import importlib
import json
from collections.abc import Callable
from typing import Any
from unittest import mock

import pytest
from django.apps import apps
from django.core.management import call_command
from django.db.models import QuerySet
from django.test import Client

from accounts.models import Membership, Role, User
from audit.models import AuditEvent
from cases import actions
from cases.blind import blind_key
from cases.models import (
    CaseEvent,
    DeconflictionEntry,
    DeconflictionOutcome,
    PersonNameKey,
    Referral,
    ReferralState,
    ScreeningInformation,
)
from cases.tests.builders import Team, gateway, make_team, meeting, refer
from govuk.testing import Table, page
from lib.errors import Refused

pytestmark = pytest.mark.django_db

BORN = dt.date(2009, 6, 14)


@pytest.fixture
def team(db: Any) -> Team:
    return make_team("Tower Hamlets", "TH")


@pytest.fixture
def elsewhere(db: Any) -> Team:
    return make_team("Leeds", "LD")


def _known(team: Team, given: str = "Thomas", family: str = "Smith", **details: Any) -> Referral:
    """A referral whose person is known to the partnership (so in the blind index)."""
    details.setdefault("date_of_birth", BORN)
    referral = refer(team, given_names=given, family_name=family, **details)
    actions.confirm_new_person(viewer=team.police, referral=referral)
    referral.refresh_from_db()
    return referral


def _results(client: Client, **query: str) -> list[dict[str, str]]:
    response = client.post("/cases/search/", query)
    assert response.status_code == 200
    shown = page(response.content)
    tables = [Table.read(t) for t in shown.iter("table")]
    found = [t for t in tables if t.caption == "Cases found"]
    if not found:
        assert "No cases found" in shown.text
        return []
    return found[0].rows


# --- deconfliction entries --------------------------------------------------------------


def test_deconfliction_is_repeated_and_a_hold_refuses_progress_until_cleared(
    team: Team, sign_in: Callable[..., Client]
) -> None:
    referral = refer(team)
    actions.confirm_new_person(viewer=team.police, referral=referral)
    client = sign_in(team.police.user)
    url = f"/cases/{referral.uuid}"
    response = client.post(
        f"{url}/deconfliction/",
        {"consulted": "CTP North East", "outcome": "hold", "checks": "Live operation; hold for two weeks."},
    )
    assert response.status_code == 302
    refused = client.post(f"{url}/gateway-decision/", {"decision": "progress", "reasons": "Meets threshold."})
    assert refused.status_code == 200
    assert "The latest deconfliction says to hold: there is police activity" in refused.content.decode()
    referral.refresh_from_db()
    assert referral.state == ReferralState.RECEIVED
    # Other decisions are still open while on hold (police-led management, say).
    client.post(
        f"{url}/deconfliction/",
        {
            "consulted": "CTP North East",
            "outcome": "conditions",
            "checks": "Proceed; no contact with the family.",
        },
    )
    response = client.post(
        f"{url}/gateway-decision/", {"decision": "progress", "reasons": "Meets threshold."}
    )
    assert response.status_code == 302
    referral.refresh_from_db()
    assert referral.state == ReferralState.PROGRESSED
    entries = list(DeconflictionEntry.objects.filter(referral=referral))
    assert [(e.consulted, e.outcome) for e in entries] == [
        ("CTP North East", DeconflictionOutcome.HOLD),
        ("CTP North East", DeconflictionOutcome.CONDITIONS),
    ]
    assert entries[0].notes == "Live operation; hold for two weeks."
    assert "Live operation" not in entries[0].notes_sealed  # sealed
    shown = page(client.get(f"{url}/").content)
    [table] = [Table.read(t) for t in shown.iter("table") if Table.read(t).caption == "Deconfliction"]
    assert [(row["Consulted"], row["Outcome"], row["Checks and conditions"]) for row in table.rows] == [
        ("CTP North East", "Hold: police activity", "Live operation; hold for two weeks."),
        ("CTP North East", "Proceed with conditions", "Proceed; no contact with the family."),
    ]
    audited = AuditEvent.objects.filter(verb="cases.gateway.deconflicted").latest("id")
    assert "no contact" not in json.dumps(audited.changes)


def test_the_gateway_decision_still_needs_a_deconfliction_entry(team: Team) -> None:
    referral = refer(team)
    actions.confirm_new_person(viewer=team.police, referral=referral)
    with pytest.raises(Refused, match="Record deconfliction before the gateway decision"):
        actions.record_gateway_decision(
            viewer=team.police, referral=referral, decision="no_further_action", reasons="None."
        )


def test_deconfliction_form_errors(team: Team, sign_in: Callable[..., Client]) -> None:
    referral = refer(team)
    shown = sign_in(team.police.user).post(f"/cases/{referral.uuid}/deconfliction/", {}).content.decode()
    assert "Enter who was consulted" in shown
    assert "Select the outcome" in shown
    assert not DeconflictionEntry.objects.exists()


# --- screening information --------------------------------------------------------------


def test_screening_information_is_recorded_at_the_gateway_and_shown(
    team: Team, sign_in: Callable[..., Client]
) -> None:
    referral = refer(team)
    client = sign_in(team.coordinator.user)
    response = client.post(
        f"/cases/{referral.uuid}/screening/",
        {"source": "School DSL", "what": "Two earlier incidents at school.", "legal_basis": "public_task"},
    )
    assert response.status_code == 302
    info = ScreeningInformation.objects.get(referral=referral)
    assert info.what == "Two earlier incidents at school."
    shown = page(client.get(f"/cases/{referral.uuid}/").content)
    [table] = [Table.read(t) for t in shown.iter("table") if Table.read(t).caption == "Screening information"]
    assert table.rows[0]["Source"] == "School DSL"
    assert table.rows[0]["Information"] == "Two earlier incidents at school."
    assert table.rows[0]["Legal basis"].startswith("UK GDPR Art 6(1)(e) public task")
    assert CaseEvent.objects.filter(referral=referral, kind="screening").exists()
    assert "School DSL" not in info.source_sealed
    audited = json.dumps(AuditEvent.objects.get(verb="cases.gateway.screening_recorded").changes)
    assert "School DSL" not in audited and "incidents" not in audited
    # Once past the gateway, no more screening information.
    gateway(team, referral)
    with pytest.raises(Refused, match="while the referral waits at the gateway"):
        actions.record_screening_information(
            viewer=team.police, referral=referral, source="x", what="y", legal_basis="public_task"
        )
    # A chair does not record it.
    assert client.get(f"/cases/{referral.uuid}/").status_code == 200
    with pytest.raises(Refused, match="Your role does not allow"):
        actions.record_screening_information(
            viewer=team.chair, referral=refer(team), source="x", what="y", legal_basis="public_task"
        )


# --- national reference -----------------------------------------------------------------


def test_national_reference_is_unique_in_the_partnership_with_a_friendly_error(
    team: Team, elsewhere: Team, sign_in: Callable[..., Client]
) -> None:
    first, second = refer(team), refer(team)
    client = sign_in(team.coordinator.user)
    assert (
        client.post(
            f"/cases/{first.uuid}/national-reference/", {"national_reference": "ct 2026 0042"}
        ).status_code
        == 302
    )
    first.refresh_from_db()
    assert first.national_reference == "CT20260042"
    response = client.post(f"/cases/{second.uuid}/national-reference/", {"national_reference": "CT20260042"})
    assert response.status_code == 200
    assert "already has that national case-tracking reference" in response.content.decode()
    second.refresh_from_db()
    assert second.national_reference == ""
    # Another partnership may use the same reference; several cases may have none.
    actions.set_national_reference(
        viewer=elsewhere.police, referral=refer(elsewhere), national_reference="CT20260042"
    )
    assert Referral.objects.filter(partnership=team.partnership, national_reference="").count() == 1
    assert AuditEvent.objects.filter(verb="cases.referral.national_reference").count() == 2
    assert "CT20260042" in page(client.get(f"/cases/{first.uuid}/").content).text


def test_national_reference_taken_in_a_race_is_refused_not_a_server_error(team: Team) -> None:
    first, second = refer(team), refer(team)
    actions.set_national_reference(viewer=team.police, referral=first, national_reference="CT-1")
    # As if both checked before either saved: the constraint catches the second.
    with (
        mock.patch.object(QuerySet, "exists", return_value=False),
        pytest.raises(Refused, match="already has that national"),
    ):
        actions.set_national_reference(viewer=team.police, referral=second, national_reference="CT-1")
    second.refresh_from_db()
    assert second.national_reference == ""


# --- search -----------------------------------------------------------------------------


def test_search_by_reference_and_national_reference(team: Team, sign_in: Callable[..., Client]) -> None:
    referral = _known(team)
    _known(team, "Other", "Person")
    actions.set_national_reference(viewer=team.police, referral=referral, national_reference="NAT-77")
    client = sign_in(team.coordinator.user)
    for query in (referral.reference, referral.reference.lower(), "nat-77"):
        rows = _results(client, reference=query)
        assert [(row["Name"], row["Date of birth"]) for row in rows] == [("Thomas Smith", "14 Jun 2009")]
        assert (rows[0]["Reference"], rows[0]["National reference"]) == (referral.reference, "NAT-77")


def test_a_misspelt_name_is_found_through_the_matcher_with_its_reasons(
    team: Team, sign_in: Callable[..., Client]
) -> None:
    _known(team)
    _known(team, "Aisha", "Begum", date_of_birth=dt.date(2008, 1, 2))
    client = sign_in(team.coordinator.user)
    [row] = _results(client, name="Tomas Smyth")
    assert row["Name"] == "Thomas Smith"
    assert "family name sounds the same: Smyth / Smith" in row["Matched because"]
    assert "given name sounds the same: Tomas / Thomas" in row["Matched because"]
    assert "missing" not in row["Matched because"]
    [row] = _results(
        client, name="Tom Smith", date_of_birth_day="14", date_of_birth_month="6", date_of_birth_year="2009"
    )
    assert "Tom is a short form of Thomas" in row["Matched because"]
    assert "same date of birth" in row["Matched because"]
    # One name alone, by its sound.
    [row] = _results(client, name="Smyth")
    assert row["Matched because"] == "family name sounds the same: Smyth / Smith"
    assert _results(client, name="Jones") == []


def test_search_by_date_of_birth_postcode_and_school(team: Team, sign_in: Callable[..., Client]) -> None:
    _known(team, postcode="E1 6AN", school_or_employer="Bow  School")
    _known(
        team,
        "Aisha",
        "Begum",
        date_of_birth=dt.date(2008, 1, 2),
        postcode="E3 2AA",
        school_or_employer="Bow School",
    )
    client = sign_in(team.coordinator.user)
    [row] = _results(client, date_of_birth_day="14", date_of_birth_month="06", date_of_birth_year="2009")
    assert (row["Name"], row["Matched because"]) == ("Thomas Smith", "same date of birth")
    [row] = _results(client, postcode="e16an")
    assert (row["Name"], row["Matched because"]) == ("Thomas Smith", "same postcode")
    rows = _results(client, school="bow school")
    assert sorted(row["Name"] for row in rows) == ["Aisha Begum", "Thomas Smith"]
    [row] = _results(client, school="BOW SCHOOL", postcode="E3 2AA")
    assert (row["Name"], row["Matched because"]) == ("Aisha Begum", "same postcode; same school or setting")


def test_a_referral_waiting_at_the_gateway_is_found_before_it_is_linked(
    team: Team, sign_in: Callable[..., Client]
) -> None:
    waiting = refer(team, given_names="Thomas", family_name="Smith", date_of_birth=BORN, postcode="E1 6AN")
    client = sign_in(team.police.user)
    [row] = _results(client, name="Tomas Smith")
    assert row["Reference"] == waiting.reference
    [row] = _results(client, postcode="E16AN")
    assert row["Reference"] == waiting.reference
    assert _results(client, postcode="E16AN", name="Aisha Begum") == []


def test_filters(team: Team, sign_in: Callable[..., Client]) -> None:
    child = _known(
        team, "Sam", "Taylor", date_of_birth=dt.date.today().replace(year=dt.date.today().year - 14)
    )
    adult = _known(team, "Sam", "Tailor", date_of_birth=dt.date(1990, 3, 3))
    gateway(team, adult)
    actions.allocate(viewer=team.chair, referral=adult, worker=team.coordinator.user)
    client = sign_in(team.coordinator.user)
    assert [r["Name"] for r in _results(client, name="Sam Taylor", state="progressed")] == ["Sam Tailor"]
    assert [r["Name"] for r in _results(client, name="Sam Taylor", age_band="11-15")] == ["Sam Taylor"]
    assert [r["Name"] for r in _results(client, worker=str(team.coordinator.user.uuid))] == ["Sam Tailor"]
    assert [r["Allocated worker"] for r in _results(client, state="progressed")] == [
        team.coordinator.user.full_name
    ]
    assert [r["Name"] for r in _results(client, worker="none")] == ["Sam Taylor"]
    assert len(_results(client, concern_type="extreme_right_wing")) == 2
    assert _results(client, concern_type="islamist") == []
    assert child.reference  # found above by the age band


def test_search_passes_the_access_layer(team: Team, elsewhere: Team, sign_in: Callable[..., Client]) -> None:
    invited = gateway(team, _known(team, "Thomas", "Smith"))
    other = gateway(team, _known(team, "Thomas", "Smithe"))
    _known(elsewhere, "Thomas", "Smith")
    panel = meeting(team, dt.date.today() + dt.timedelta(days=7))
    actions.add_to_agenda(viewer=team.chair, meeting=panel, referral=invited)
    actions.invite_member(viewer=team.chair, meeting=panel, member=team.panel_member.user, agency="Health")
    member = sign_in(team.panel_member.user)
    assert [row["Reference"] for row in _results(member, name="Thomas Smith")] == [invited.reference]
    # The result opens for them.
    assert member.get(f"/cases/{invited.uuid}/").status_code == 200
    assert member.get(f"/cases/{other.uuid}/").status_code == 404
    # The case team sees its own partnership's cases, never another's.
    team_rows = _results(sign_in(team.coordinator.user), name="Thomas Smith")
    assert sorted(row["Reference"] for row in team_rows) == sorted([invited.reference, other.reference])
    leeds = _results(sign_in(elsewhere.coordinator.user), name="Thomas Smith")
    assert len(leeds) == 1
    assert leeds[0]["Reference"].startswith("LD")
    # Referrers, providers: no search.
    assert sign_in(team.referrer.user).get("/cases/search/").status_code == 404
    assert sign_in(team.provider.user).get("/cases/search/").status_code == 404


def test_a_search_is_audited_by_its_kinds_and_filters_never_the_name(
    team: Team, sign_in: Callable[..., Client]
) -> None:
    _known(team)
    client = sign_in(team.coordinator.user)
    client.get("/cases/search/")
    assert not AuditEvent.objects.filter(verb="cases.search").exists()
    _results(client, name="Tomas Smyth", postcode="E1 6AN", state="received")
    event = AuditEvent.objects.get(verb="cases.search")
    assert event.changes["searched_by"]["to"] == ["name", "postcode"]
    assert event.changes["filters"]["to"] == {"state": "received"}
    assert "Smyth" not in json.dumps(event.changes) and "E1" not in json.dumps(event.changes)


@pytest.mark.parametrize(
    "query",
    [
        {"date_of_birth_day": "31", "date_of_birth_month": "2", "date_of_birth_year": "2009"},
        {"name": "x" * 100_000},
        {"state": "nonsense", "worker": "00000000-0000-0000-0000-000000000000", "age_band": "<b>"},
        {"concern_type": "\x00", "postcode": "\u2028"},
        {"name": "\x00\x01", "school": "'; DROP TABLE cases_referral; --"},
    ],
)
def test_hostile_searches_never_fail(
    team: Team, sign_in: Callable[..., Client], query: dict[str, str]
) -> None:
    response = sign_in(team.coordinator.user).post("/cases/search/", query)
    assert response.status_code == 200


# --- the blind index of places ---------------------------------------------------------


def test_place_keys_are_indexed_rebuilt_and_added_by_the_migration(team: Team) -> None:
    referral = _known(team, postcode="e1 6an", school_or_employer="  Bow   School ")
    person = referral.person
    assert person is not None
    wanted = {blind_key("p:E16AN"), blind_key("sc:bow school")}
    keys = set(PersonNameKey.objects.filter(person=person).values_list("key", flat=True))
    assert wanted <= keys
    PersonNameKey.objects.filter(key__in=wanted).delete()
    migration = importlib.import_module("cases.migrations.0016_gateway_search")
    migration.index_places(apps, None)
    assert set(PersonNameKey.objects.filter(person=person).values_list("key", flat=True)) == keys
    PersonNameKey.objects.filter(key__in=wanted).delete()
    call_command("rebuild_blind_index", stdout=mock.MagicMock())
    assert set(PersonNameKey.objects.filter(person=person).values_list("key", flat=True)) == keys
    # Correcting the person's details re-indexes the new postcode.
    actions.correct_person(
        viewer=team.coordinator,
        referral=referral,
        given_names="Thomas",
        family_name="Smith",
        postcode="E3 2AA",
    )
    keys = set(PersonNameKey.objects.filter(person=person).values_list("key", flat=True))
    assert blind_key("p:E32AA") in keys
    assert blind_key("p:E16AN") not in keys


# --- allocation and my cases ------------------------------------------------------------


def test_only_a_coordinator_of_the_partnership_can_be_allocated(team: Team, elsewhere: Team) -> None:
    referral = _known(team)
    for worker in (team.police.user, team.chair.user, elsewhere.coordinator.user):
        with pytest.raises(Refused, match="only be allocated to a coordinator"):
            actions.allocate(viewer=team.chair, referral=referral, worker=worker)
    with pytest.raises(Refused, match="Your role does not allow you to allocate"):
        actions.allocate(viewer=team.police, referral=referral, worker=team.coordinator.user)
    actions.allocate(viewer=team.chair, referral=referral, worker=team.coordinator.user)
    second = User.objects.create_user(
        "second@th.example.gov.uk", "a long test password", full_name="Cora Second"
    )
    Membership.objects.create(user=second, partnership=team.partnership, role=Role.COORDINATOR)
    actions.allocate(viewer=team.coordinator, referral=referral, worker=second)
    referral.refresh_from_db()
    assert referral.allocated_to == second
    assert list(
        CaseEvent.objects.filter(referral=referral, kind="allocated")
        .order_by("id")
        .values_list("summary", flat=True)
    ) == [
        f"Allocated to {team.coordinator.user.full_name}",
        f"Reallocated from {team.coordinator.user.full_name} to Cora Second",
    ]
    assert AuditEvent.objects.filter(verb="cases.referral.allocated").count() == 2


def test_allocation_from_the_case_page_and_my_cases(team: Team, sign_in: Callable[..., Client]) -> None:
    referral = _known(team)
    _known(team, "Aisha", "Begum")
    client = sign_in(team.coordinator.user)
    summary = client.get(f"/cases/{referral.uuid}/").content.decode()
    assert f'href="/cases/{referral.uuid}/allocation/"' in summary
    assert client.get(f"/cases/{referral.uuid}/allocation/").status_code == 200
    response = client.post(f"/cases/{referral.uuid}/allocation/", {"worker": str(team.coordinator.user.uuid)})
    assert response.status_code == 302
    shown = page(client.get("/cases/mine/").content)
    [table] = [Table.read(t) for t in shown.iter("table")]
    assert [(row["Reference"], row["Name"]) for row in table.rows] == [(referral.reference, "Thomas Smith")]
    home = page(client.get("/").content).text
    assert "1 open case allocated to you" in home
    # Unallocate.
    client.post(f"/cases/{referral.uuid}/allocation/", {"worker": ""})
    referral.refresh_from_db()
    assert referral.allocated_to is None
    # The police officer sees the worker but cannot change it.
    police = sign_in(team.police.user).get(f"/cases/{referral.uuid}/").content.decode()
    assert "Allocated worker" in police
    assert f"/cases/{referral.uuid}/allocation/" not in police


class _Rows:
    """Just enough of a queryset for the migration's reading of the old gateway rows."""

    def __init__(self, rows: list[Any]) -> None:
        self.rows = rows

    def __getattr__(self, name: str) -> Any:
        return lambda *args, **kwargs: self if name != "iterator" else iter(self.rows)


def test_the_migration_turns_each_deconfliction_into_an_entry(team: Team) -> None:
    """As GatewayAssessment was before 0014: deconfliction was one sealed `checks`."""
    from lib import crypto

    referral = refer(team)
    erased = refer(team)
    at = dt.datetime(2026, 3, 2, 10, tzinfo=dt.UTC)

    def old_row(of: Referral, checks: str) -> Any:
        sealed = crypto.encrypt(
            of.data_key.key(), checks, context=f"cases.gatewayassessment.checks:{of.uuid}"
        )
        return mock.Mock(
            referral=of, deconflicted_by_id=team.police.user.pk, deconflicted_at=at, checks_sealed=sealed
        )

    rows = [old_row(referral, "PNC: no trace."), old_row(erased, "Erased checks.")]
    erased.data_key.destroy()
    old_apps = mock.Mock()
    old_apps.get_model.side_effect = lambda app, name: (
        DeconflictionEntry if name == "DeconflictionEntry" else mock.Mock(objects=_Rows(rows))
    )
    migration = importlib.import_module("cases.migrations.0016_gateway_search")
    migration.copy_deconfliction(old_apps, None)
    entry = DeconflictionEntry.objects.select_related("referral__data_key").get(referral=referral)
    assert (entry.consulted, entry.outcome, entry.recorded_at, entry.notes) == (
        "Police systems",
        "no_conflict",
        at,
        "PNC: no trace.",
    )
    assert entry.recorded_by == team.police.user
    # The erased referral's entry keeps nothing that could be read.
    assert DeconflictionEntry.objects.get(referral=erased).notes_sealed == ""


# --- transfers ---------------------------------------------------------------------------


def test_a_transfer_clears_the_worker_and_refuses_a_national_reference_already_used(
    team: Team, elsewhere: Team
) -> None:
    referral = gateway(team, _known(team))
    actions.allocate(viewer=team.coordinator, referral=referral, worker=team.coordinator.user)
    actions.set_national_reference(viewer=team.police, referral=referral, national_reference="NAT-1")
    actions.set_national_reference(
        viewer=elsewhere.police, referral=refer(elsewhere), national_reference="NAT-1"
    )
    transfer = actions.request_transfer(
        viewer=team.coordinator,
        referral=referral,
        to_partnership=elsewhere.partnership,
        reason="Moved to Leeds.",
    )
    with pytest.raises(Refused, match="already has the national case-tracking reference NAT-1"):
        actions.accept_transfer(viewer=elsewhere.coordinator, transfer=transfer)
    Referral.objects.filter(partnership=elsewhere.partnership).update(national_reference="")
    actions.accept_transfer(viewer=elsewhere.coordinator, transfer=transfer)
    referral.refresh_from_db()
    assert (referral.partnership, referral.allocated_to, referral.national_reference) == (
        elsewhere.partnership,
        None,
        "NAT-1",
    )


def test_search_criteria_never_travel_in_the_url(team: Team, sign_in: Callable[..., Client]) -> None:
    """The form posts, so a name or date of birth never reaches browser history or a log
    line; criteria put in a link's query are ignored."""
    _known(team)
    client = sign_in(team.coordinator.user)
    shown = page(client.get("/cases/search/").content)
    [form] = [f for f in shown.iter("form") if any(i.attrs.get("name") == "name" for i in f.iter("input"))]
    assert form.attrs["method"] == "post"
    response = client.get("/cases/search/", {"name": "Thomas Smith"})
    assert response.status_code == 200
    assert "Cases found" not in response.content.decode()
    assert not AuditEvent.objects.filter(verb="cases.search").exists()
    assert _results(client, name="Thomas Smith")

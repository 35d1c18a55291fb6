"""Issue 14, parts 6 to 8: consent refused or withdrawn keeps the case open under review
(a date to reconsider it, any onward referral, reconsideration at a panel, the follow-up
list); the routes to consent besides the person and a parent (a local authority holding
parental responsibility, a best-interests decision); the return to the police at any
stage after the gateway; and the reason of every exit and closure, kept for the
statistics. Every refusal writes nothing."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import Any

import pytest
from django.core import mail
from django.test import Client
from django.utils import timezone

from audit.models import AuditEvent
from cases import actions, statistics, tasks
from cases.actions.common import RECORDED
from cases.models import (
    AgendaItem,
    CaseEvent,
    Closure,
    Consent,
    InterventionStatus,
    OnwardReferral,
    Referral,
    ReferralState,
    RetentionSchedule,
    Review,
    ReviewKind,
    StatisticalRecord,
)
from cases.tests.builders import (
    Team,
    adopted,
    decide,
    exited,
    gateway,
    in_support,
    intervention,
    make_team,
    meeting,
    not_given,
    refer,
    today,
    withdraw,
)
from govuk.testing import page
from lib.errors import Refused

pytestmark = pytest.mark.django_db

CHILD = {"date_of_birth": dt.date(today().year - 15, 1, 10)}
ADULT = {"date_of_birth": dt.date(1990, 1, 1)}


@pytest.fixture
def team(db: Any) -> Team:
    return make_team("Tower Hamlets", "TH")


def _world(referral: Referral) -> tuple[Any, ...]:
    referral.refresh_from_db()
    return (
        referral.state,
        Consent.objects.count(),
        OnwardReferral.objects.count(),
        Closure.objects.count(),
        tuple(Review.objects.filter(referral=referral).values_list("pk", "held_on", "cancelled_on")),
        CaseEvent.objects.count(),
        AuditEvent.objects.count(),
    )


def _consent(team: Team, referral: Referral, **values: Any) -> Consent:
    arguments: dict[str, Any] = {
        "viewer": team.coordinator,
        "referral": referral,
        "decision": "given",
        "given_by": "person",
        "method": "in_person",
        "given_on": today(),
    }
    return actions.record_consent(**(arguments | values))


def _date(prefix: str, day: dt.date) -> dict[str, str]:
    return {f"{prefix}_day": str(day.day), f"{prefix}_month": str(day.month), f"{prefix}_year": str(day.year)}


# --- part 6: consent refused or withdrawn ------------------------------------------------------


def test_a_refusal_records_the_date_to_reconsider_and_the_onward_referral_sealed(team: Team) -> None:
    referral = adopted(team, **CHILD)
    reconsider_on = today() + dt.timedelta(days=90)
    _consent(
        team,
        referral,
        decision="refused",
        given_by="parent",
        route=actions.ConsentRoute(giver_name="Dana Parent"),
        not_given=actions.NotGiven(
            reconsider_on=reconsider_on,
            onward_kind="childrens_social_care",
            onward_to="Tower Hamlets Early Help Hub",
            onward_on=today(),
        ),
    )
    referral.refresh_from_db()
    assert referral.state == ReferralState.CONSENT_UNDER_REVIEW
    assert referral.get_state_display() == "Consent not given, under review"
    assert not RetentionSchedule.objects.filter(referral=referral).exists()
    (review,) = Review.objects.filter(referral=referral)
    assert (review.kind, review.due_on, review.is_pending) == (ReviewKind.RECONSIDER, reconsider_on, True)
    onward = OnwardReferral.objects.get(referral=referral)
    assert (onward.kind, onward.referred_to, onward.referred_on) == (
        "childrens_social_care",
        "Tower Hamlets Early Help Hub",
        today(),
    )
    assert "Early Help" not in onward.referred_to_sealed
    event = AuditEvent.objects.filter(verb="cases.consent.refused").latest("id")
    assert event.changes["onward_to"] == {"from": None, "to": RECORDED}
    assert event.changes["reconsider_on"] == {"from": None, "to": reconsider_on.isoformat()}
    assert "Early Help" not in str(event.changes)


@pytest.mark.parametrize(
    ("values", "field"),
    [
        ({}, "reconsider_on"),
        ({"reconsider_on": "today"}, "reconsider_on"),
        ({"reconsider_on": "in three years"}, "reconsider_on"),
        ({"onward_kind": "housing"}, "onward_kind"),
        ({"onward_kind": "health"}, "onward_to"),
        ({"onward_kind": "health", "onward_to": "GP"}, "onward_on"),
        ({"onward_kind": "health", "onward_to": "GP", "onward_on": "tomorrow"}, "onward_on"),
    ],
)
def test_a_refusal_without_a_sound_date_or_onward_referral_writes_nothing(
    team: Team, values: dict[str, Any], field: str
) -> None:
    days = {"today": 0, "tomorrow": 1, "in three years": 3 * 366}
    given = {"reconsider_on": today() + dt.timedelta(days=30)} | {
        name: today() + dt.timedelta(days=days[value]) if value in days else value
        for name, value in values.items()
    }
    if not values:
        given = {}
    referral = adopted(team, **ADULT)
    before = _world(referral)
    with pytest.raises(Refused) as refused:
        _consent(team, referral, decision="refused", not_given=actions.NotGiven(**given))
    assert refused.value.field == field
    assert _world(referral) == before


def test_consent_given_later_starts_support_and_ends_the_reconsideration(team: Team) -> None:
    referral = adopted(team, **ADULT)
    _consent(team, referral, decision="refused", not_given=not_given())
    item = actions.add_to_agenda(viewer=team.chair, meeting=meeting(team), referral=referral)
    assert item.purpose == "reconsider"
    _consent(team, referral)
    referral.refresh_from_db()
    assert referral.state == ReferralState.IN_SUPPORT
    reconsider = Review.objects.get(referral=referral, kind=ReviewKind.RECONSIDER)
    assert (reconsider.cancelled_on, reconsider.outcome) == (today(), "Consent given")
    assert Review.objects.get(referral=referral, kind=ReviewKind.SUPPORT).is_pending
    # The reconsideration it waited for on the agenda can no longer be decided.
    assert not AgendaItem.objects.filter(pk=item.pk).exists()
    # Consent is dated no earlier than the refusal it follows.
    other = adopted(team, on=today() - dt.timedelta(days=10), family_name="Other", **ADULT)
    refused_on = today() - dt.timedelta(days=2)
    _consent(team, other, decision="refused", given_on=refused_on, not_given=not_given(refused_on))
    with pytest.raises(Refused, match="cannot be before the last decision about consent"):
        _consent(team, other, given_on=refused_on - dt.timedelta(days=1))


def test_a_panel_keeps_the_case_under_review_with_a_new_date_or_closes_it_with_a_reason(team: Team) -> None:
    referral = in_support(team, on=today() - dt.timedelta(days=60), **ADULT)
    withdraw(team, referral, on=today() - dt.timedelta(days=30))
    assert referral.state == ReferralState.CONSENT_UNDER_REVIEW
    item = actions.add_to_agenda(viewer=team.chair, meeting=meeting(team), referral=referral)
    before = _world(referral)
    keep: list[tuple[dict[str, Any], str]] = [
        ({}, "reconsider_on"),
        ({"reconsider_on": today()}, "reconsider_on"),
    ]
    for extra, field in keep:
        with pytest.raises(Refused) as refused:
            actions.record_panel_decision(
                viewer=team.chair, item=item, decision="keep_under_review", reasons="Not yet.", **extra
            )
        assert refused.value.field == field
    close: list[tuple[dict[str, Any], str]] = [
        ({"confirm_close": True}, "closure_reason"),
        ({"confirm_close": True, "closure_reason": "other"}, "closure_other"),
        ({"closure_reason": "no_further_concern"}, "confirm_close"),
    ]
    for extra, field in close:
        with pytest.raises(Refused) as refused:
            actions.record_panel_decision(
                viewer=team.chair, item=item, decision="close_not_given", reasons="Closed.", **extra
            )
        assert refused.value.field == field
    assert _world(referral) == before
    next_time = today() + dt.timedelta(days=60)
    actions.record_panel_decision(
        viewer=team.chair,
        item=item,
        decision="keep_under_review",
        reasons="Not yet.",
        reconsider_on=next_time,
    )
    reviews = list(Review.objects.filter(referral=referral, kind=ReviewKind.RECONSIDER).order_by("pk"))
    assert [(r.held_on, r.due_on) for r in reviews] == [
        (today(), today() + dt.timedelta(days=-30 + 28)),
        (None, next_time),
    ]
    assert reviews[0].outcome == "Not yet."
    decide(
        team,
        referral,
        "close_not_given",
        closure_reason="other",
        closure_other="Joined the armed forces",
    )
    assert referral.state == ReferralState.WITHDREW  # consent had been given, then withdrawn
    closure = Closure.objects.get(referral=referral)
    assert (closure.stage, closure.reason, closure.other_reason) == (
        "closure",
        "other",
        "Joined the armed forces",
    )
    assert "armed" not in closure.other_reason_sealed
    assert StatisticalRecord.objects.get(referral=referral).closure_reason == "other"
    assert RetentionSchedule.objects.get(referral=referral).outcome == ReferralState.WITHDREW


def test_reconsiderations_due_join_the_follow_up_page_and_the_digest(
    team: Team, sign_in: Callable[..., Client]
) -> None:
    due = adopted(team, family_name="Due", **ADULT)
    _consent(team, due, decision="refused", not_given=not_given())
    # Refused long enough ago that the date to reconsider it has come.
    Review.objects.filter(referral=due).update(due_on=today())
    later = adopted(team, family_name="Later", **ADULT)
    _consent(team, later, decision="refused", not_given=not_given())
    html = page(sign_in(team.coordinator.user).get("/cases/follow-up/").content)
    (table,) = html.by_id("reconsiderations").tables()
    assert table.rows == [
        {"Case": due.reference, "Reconsider on": f"{today():%-d %b %Y}", "Days overdue": "0"}
    ]
    # The home page counts it, and its link opens the list.
    client = sign_in(team.coordinator.user)
    home = page(client.get("/").content).by_id("main-content")
    counts = {link.text: link.attrs["href"] for link in home.iter("a")}
    assert (
        counts["1 case with consent not given due to be reconsidered"] == "/cases/follow-up/#reconsiderations"
    )
    assert client.get("/cases/follow-up/").status_code == 200
    # Not among the reviews overdue, however late.
    Review.objects.filter(referral=due).update(due_on=today() - dt.timedelta(days=3))
    assert (
        "reconsider"
        not in page(sign_in(team.chair.user).get("/cases/follow-up/").content).by_id("reviews").text.lower()
    )
    tasks.send_follow_up_digest.call()
    body = next(m.body for m in mail.outbox if m.to == [team.coordinator.user.email])
    assert "1 case with consent not given due to be reconsidered" in body
    assert f"- {due.reference}: reconsider on" in body
    assert later.reference not in body


# --- part 7: consent routes ------------------------------------------------------------------


def test_a_local_authority_with_parental_responsibility_consents_for_a_child(team: Team) -> None:
    referral = adopted(team, **CHILD)
    _consent(
        team,
        referral,
        given_by="local_authority",
        route=actions.ConsentRoute(
            local_authority="London Borough of Tower Hamlets", authority_contact="Sam Social, social worker"
        ),
    )
    consent = Consent.objects.get(referral=referral)
    assert (consent.given_by, consent.local_authority, consent.authority_contact) == (
        "local_authority",
        "London Borough of Tower Hamlets",
        "Sam Social, social worker",
    )
    assert "Sam" not in consent.authority_contact_sealed
    event = AuditEvent.objects.filter(verb="cases.consent.given").latest("id")
    assert (
        event.changes["local_authority"]
        == event.changes["authority_contact"]
        == {"from": None, "to": RECORDED}
    )
    assert "Sam Social" not in str(event.changes)
    assert StatisticalRecord.objects.get(referral=referral).consent_given_by == "local_authority"


def test_a_best_interests_decision_follows_a_capacity_assessment_for_an_adult(team: Team) -> None:
    referral = adopted(team, **ADULT)
    route = actions.ConsentRoute(
        capacity_assessed_on=today() - dt.timedelta(days=2),
        capacity_assessor="Dr Ada Assessor, consultant psychiatrist",
        lacks_capacity=True,
        best_interests_decider="Bea Decider, social worker",
        best_interests_consulted="His mother and his GP",
        best_interests_reasons="Mentoring reduces his isolation and the risk of exploitation online.",
    )
    _consent(team, referral, given_by="best_interests", route=route)
    consent = Consent.objects.get(referral=referral)
    assert (consent.capacity_assessed_on, consent.lacks_capacity) == (route.capacity_assessed_on, True)
    assert (
        consent.capacity_assessor,
        consent.best_interests_decider,
        consent.best_interests_consulted,
        consent.best_interests_reasons,
    ) == (
        route.capacity_assessor,
        route.best_interests_decider,
        route.best_interests_consulted,
        route.best_interests_reasons,
    )
    raw = Consent.objects.values_list(
        "capacity_assessor_sealed", "best_interests_consulted_sealed", "best_interests_reasons_sealed"
    ).get(pk=consent.pk)
    assert all(value and "Ada" not in value and "mother" not in value for value in raw)
    referral.refresh_from_db()
    assert referral.state == ReferralState.IN_SUPPORT


BEST_INTERESTS = {
    "capacity_assessed_on": today() - dt.timedelta(days=1),
    "capacity_assessor": "Dr Ada Assessor",
    "lacks_capacity": True,
    "best_interests_decider": "Bea Decider",
    "best_interests_consulted": "His mother",
    "best_interests_reasons": "Support reduces the risk.",
}


@pytest.mark.parametrize(
    ("person", "given_by", "route", "field", "message"),
    [
        (
            ADULT,
            "local_authority",
            {"local_authority": "LBTH", "authority_contact": "Sam"},
            "given_by",
            "themselves",
        ),
        (
            CHILD,
            "best_interests",
            BEST_INTERESTS,
            "given_by",
            "local authority holding parental responsibility",
        ),
        (
            CHILD,
            "local_authority",
            {"authority_contact": "Sam"},
            "local_authority",
            "Enter the local authority",
        ),
        (CHILD, "local_authority", {"local_authority": "LBTH"}, "authority_contact", "Enter who gave"),
        (
            ADULT,
            "best_interests",
            BEST_INTERESTS | {"capacity_assessed_on": None},
            "capacity_assessed_on",
            "Enter",
        ),
        (
            ADULT,
            "best_interests",
            BEST_INTERESTS | {"capacity_assessed_on": today() + dt.timedelta(days=1)},
            "capacity_assessed_on",
            "today or in the past",
        ),
        (ADULT, "best_interests", BEST_INTERESTS | {"capacity_assessor": " "}, "capacity_assessor", "Enter"),
        (
            ADULT,
            "best_interests",
            BEST_INTERESTS | {"lacks_capacity": False},
            "lacks_capacity",
            "lacks capacity",
        ),
        (
            ADULT,
            "best_interests",
            BEST_INTERESTS | {"best_interests_decider": ""},
            "best_interests_decider",
            "Enter",
        ),
        (
            ADULT,
            "best_interests",
            BEST_INTERESTS | {"best_interests_consulted": ""},
            "best_interests_consulted",
            "Enter who was consulted",
        ),
        (
            ADULT,
            "best_interests",
            BEST_INTERESTS | {"best_interests_reasons": ""},
            "best_interests_reasons",
            "Enter",
        ),
    ],
)
def test_each_route_is_refused_for_the_wrong_age_or_without_its_details(
    team: Team, person: dict[str, Any], given_by: str, route: dict[str, Any], field: str, message: str
) -> None:
    referral = adopted(team, **person)
    before = _world(referral)
    with pytest.raises(Refused, match=message) as refused:
        _consent(team, referral, given_by=given_by, route=actions.ConsentRoute(**route))
    assert refused.value.field == field
    assert _world(referral) == before


def test_the_consent_form_reveals_the_details_of_each_route_and_records_a_local_authority(
    team: Team, sign_in: Callable[..., Client]
) -> None:
    referral = adopted(team, **CHILD)
    client = sign_in(team.coordinator.user)
    url = f"/cases/{referral.uuid}/consent/"
    html = page(client.get(url).content)
    revealed = {}
    for radio in html.iter("input"):
        if radio.attrs.get("name") in ("given_by", "decision") and "data-aria-controls" in radio.attrs:
            inner = html.by_id(radio.attrs["data-aria-controls"])
            assert "govuk-radios__conditional--hidden" in inner.attrs["class"]
            names = [e.attrs["name"] for e in inner.iter() if e.tag in ("input", "textarea")]
            revealed[radio.attrs["value"]] = sorted(
                {
                    name.rsplit("_", 1)[0] if name.endswith(("_day", "_month", "_year")) else name
                    for name in names
                }
            )
    assert revealed["parent"] == ["giver_name"]
    assert revealed["local_authority"] == ["authority_contact", "local_authority"]
    assert revealed["best_interests"] == sorted(
        [
            "best_interests_consulted",
            "best_interests_decider",
            "best_interests_reasons",
            "capacity_assessed_on",
            "capacity_assessor",
            "lacks_capacity",
        ]
    )
    assert revealed["refused"] == ["onward_kind", "onward_on", "onward_to", "reconsider_on"]
    answer = {
        "decision": "given",
        "given_by": "local_authority",
        "method": "in_person",
        **_date("given_on", today()),
    }
    missing = client.post(url, answer).content.decode()
    assert "Enter the local authority holding parental responsibility" in missing
    assert not Consent.objects.exists()
    # Without JavaScript every detail shows: what was typed for another route is ignored.
    done = client.post(
        url,
        answer
        | {
            "local_authority": "LB Tower Hamlets",
            "authority_contact": "Sam Social",
            "giver_name": "Not used",
        },
    )
    assert done.status_code == 302
    consent = Consent.objects.get(referral=referral)
    assert (consent.local_authority, consent.giver_name) == ("LB Tower Hamlets", "")
    shown = page(client.get(done["Location"]).content).text
    assert "by a local authority holding parental responsibility, LB Tower Hamlets" in shown


def test_a_refusal_through_the_form_keeps_the_case_under_review(
    team: Team, sign_in: Callable[..., Client]
) -> None:
    referral = adopted(team, **ADULT)
    client = sign_in(team.coordinator.user)
    url = f"/cases/{referral.uuid}/consent/"
    answer = {
        "decision": "refused",
        "given_by": "person",
        "method": "telephone",
        **_date("given_on", today()),
    }
    assert "Enter the date to reconsider the case" in client.post(url, answer).content.decode()
    assert (
        "Enter the organisation or team"
        in client.post(
            url, answer | _date("reconsider_on", today() + dt.timedelta(days=60)) | {"onward_kind": "health"}
        ).content.decode()
    )
    done = client.post(
        url,
        answer
        | _date("reconsider_on", today() + dt.timedelta(days=60))
        | {"onward_kind": "health", "onward_to": "Community mental health team"}
        | _date("onward_on", today()),
    )
    assert done.status_code == 302
    referral.refresh_from_db()
    assert referral.state == ReferralState.CONSENT_UNDER_REVIEW
    html = page(client.get(done["Location"]).content)
    (onward,) = [t for t in html.tables() if t.caption == "Onward referrals"]
    assert onward.rows == [
        {
            "Referred to": "Health",
            "Organisation or team": "Community mental health team",
            "Date": f"{today():%-d %b %Y}",
        }
    ]
    assert "to be reconsidered on" in html.text


# --- part 8: escalation and exit reasons -------------------------------------------------------


def test_a_case_in_support_is_returned_to_the_police_and_closes_with_its_reasons(team: Team) -> None:
    referral = in_support(team, on=today() - dt.timedelta(days=20), **ADULT)
    support = intervention(team, referral, starts_on=today() - dt.timedelta(days=10))
    item = actions.add_to_agenda(viewer=team.chair, meeting=meeting(team), referral=referral)
    before = _world(referral)
    for viewer in (team.chair, team.provider, team.panel_member):
        with pytest.raises(Refused, match="return cases to the police"):
            actions.return_to_police(viewer=viewer, referral=referral, returned_on=today(), reasons="Risk.")
    with pytest.raises(Refused) as refused:
        actions.return_to_police(viewer=team.police, referral=referral, returned_on=today(), reasons=" ")
    assert refused.value.field == "reasons"
    assert _world(referral) == before
    actions.return_to_police(
        viewer=team.police,
        referral=referral,
        returned_on=today(),
        reasons="Planning travel to a conflict zone.",
    )
    referral.refresh_from_db()
    assert referral.state == ReferralState.ESCALATED
    assert referral.get_state_display() == "Returned to the police for police-led management"
    support.refresh_from_db()
    assert (support.status, support.end_reason) == (InterventionStatus.ENDED, "Returned to the police")
    assert not Review.objects.filter(referral=referral, held_on=None, cancelled_on=None).exists()
    assert not AgendaItem.objects.filter(pk=item.pk).exists()
    closure = Closure.objects.get(referral=referral)
    assert (closure.reason, closure.reasons) == ("escalated", "Planning travel to a conflict zone.")
    assert "conflict" not in closure.reasons_sealed
    assert StatisticalRecord.objects.get(referral=referral).closure_reason == "escalated"
    schedule = RetentionSchedule.objects.get(referral=referral)
    assert (schedule.outcome, schedule.closed_on) == (ReferralState.ESCALATED, today())
    event = AuditEvent.objects.filter(verb="cases.case.returned_to_police").latest("id")
    assert event.changes["reasons"] == {"from": None, "to": RECORDED}
    assert "conflict" not in str(event.changes)
    with pytest.raises(Refused, match="Only an open case past the police gateway"):
        actions.return_to_police(viewer=team.police, referral=referral, returned_on=today(), reasons="Again.")


def test_a_referral_at_the_gateway_is_not_returned_to_the_police(team: Team) -> None:
    referral = refer(team)
    with pytest.raises(Refused, match="Only an open case past the police gateway"):
        actions.return_to_police(viewer=team.police, referral=referral, returned_on=today(), reasons="Risk.")


def test_the_return_page_opens_from_its_button_for_the_police_and_the_coordinator(
    team: Team, sign_in: Callable[..., Client]
) -> None:
    referral = gateway(team, refer(team))
    url = f"/cases/{referral.uuid}/return-to-police/"
    for viewer in (team.chair, team.panel_member):
        summary = sign_in(viewer.user).get(f"/cases/{referral.uuid}/")
        assert summary.status_code in (200, 404)
        assert url not in summary.content.decode()
    for viewer in (team.police, team.coordinator):
        client = sign_in(viewer.user)
        assert ("Return to the police", url) in page(client.get(f"/cases/{referral.uuid}/").content).links()
        assert client.get(url).status_code == 200
    client = sign_in(team.coordinator.user)
    assert (
        "Enter why the case is returned to the police"
        in client.post(url, _date("returned_on", today())).content.decode()
    )
    done = client.post(url, _date("returned_on", today()) | {"reasons": "Risk has grown."})
    assert done.status_code == 302
    referral.refresh_from_db()
    assert referral.state == ReferralState.ESCALATED
    blocked = client.get(url).content.decode()
    assert "Only an open case past the police gateway" in blocked
    panel_page = page(client.get(f"/cases/{referral.uuid}/panel-and-support/").content)
    (closures,) = [t for t in panel_page.tables() if t.caption.startswith("Reasons recorded")]
    reason = closures.rows[0]["Reason"]
    assert reason.startswith("Escalated to the police") and reason.endswith("Risk has grown.")


def test_exits_and_closures_record_their_reason_for_the_statistics(team: Team) -> None:
    referral = exited(
        team, on=today() - dt.timedelta(days=200), exit_on=today() - dt.timedelta(days=30), **ADULT
    )
    assert StatisticalRecord.objects.get(referral=referral).closure_reason == "support_complete"
    closed = exited(team, on=today() - dt.timedelta(days=200), family_name="Moved", **ADULT)
    decide(team, closed, "close", close_reason="Moved abroad.", closure_reason="moved")
    assert [(c.stage, c.reason) for c in Closure.objects.filter(referral=closed).order_by("pk")] == [
        ("exit", "support_complete"),
        ("closure", "moved"),
    ]
    year = statistics.financial_year(today())
    counted = statistics.breakdown(team.partnership, year, "closure_reason")
    assert counted == {"support_complete": 1, "moved": 1}


def test_the_panel_decision_page_asks_for_the_reason_of_an_exit(
    team: Team, sign_in: Callable[..., Client]
) -> None:
    referral = in_support(team, on=today() - dt.timedelta(days=60), **ADULT)
    item = actions.add_to_agenda(viewer=team.chair, meeting=meeting(team), referral=referral)
    client = sign_in(team.chair.user)
    url = f"/cases/panels/agenda/{item.uuid}/decision/"
    html = page(client.get(url).content)
    (other,) = [
        e
        for e in html.iter("input")
        if e.attrs.get("name") == "closure_reason" and e.attrs["value"] == "other"
    ]
    revealed = html.by_id(other.attrs["data-aria-controls"])
    assert [e.attrs["name"] for e in revealed.iter("input")] == ["closure_other"]
    answer = {"decision": "exit", "reasons": "Much reduced."}
    assert "Select the reason for the exit or closure" in client.post(url, answer).content.decode()
    assert (
        "Enter the reason, as it is not in the list"
        in client.post(url, answer | {"closure_reason": "other"}).content.decode()
    )
    assert client.post(url, answer | {"closure_reason": "in_custody"}).status_code == 302
    assert Closure.objects.get(referral=referral).reason == "in_custody"
    # A decision that is not an exit or closure ignores a reason sent with it.
    other_case = in_support(team, on=today() - dt.timedelta(days=60), family_name="Other", **ADULT)
    item = actions.add_to_agenda(viewer=team.chair, meeting=meeting(team), referral=other_case)
    response = client.post(
        f"/cases/panels/agenda/{item.uuid}/decision/",
        {"decision": "continue", "reasons": "Engaging.", "closure_reason": "died"},
    )
    assert response.status_code == 302
    assert not Closure.objects.filter(referral=other_case).exists()


def test_the_reconsideration_page_reveals_the_next_date_under_keep_under_review(
    team: Team, sign_in: Callable[..., Client]
) -> None:
    referral = adopted(team, **ADULT)
    _consent(team, referral, decision="refused", not_given=not_given())
    item = actions.add_to_agenda(viewer=team.chair, meeting=meeting(team), referral=referral)
    client = sign_in(team.coordinator.user)
    url = f"/cases/panels/agenda/{item.uuid}/decision/"
    html = page(client.get(url).content)
    decisions = {e.attrs["value"]: e for e in html.iter("input") if e.attrs.get("name") == "decision"}
    assert set(decisions) == {"keep_under_review", "close_not_given", "defer"}
    revealed = html.by_id(decisions["keep_under_review"].attrs["data-aria-controls"])
    assert {e.attrs["name"] for e in revealed.iter("input")} == {
        "reconsider_on_day",
        "reconsider_on_month",
        "reconsider_on_year",
    }
    refused = client.post(url, {"decision": "close_not_given", "reasons": "No engagement."}).content.decode()
    assert (
        "Select the reason for the exit or closure" in refused
        and "Confirm that the case will be closed" in refused
    )
    done = client.post(
        url,
        {
            "decision": "close_not_given",
            "reasons": "No engagement.",
            "closure_reason": "no_further_concern",
            "confirm_close": "on",
        },
    )
    assert done.status_code == 302
    referral.refresh_from_db()
    assert referral.state == ReferralState.DECLINED
    assert timezone.localdate() == today()

"""The board pack: who opens the page and downloads packs, the tagged PDF and what it holds
(the cover and its marking, figures after disclosure control, the exceptions, the plan's
RAG summary against the previous quarter, the Channel statistics tables), versions, and
bad input."""

from __future__ import annotations

import datetime as dt
import re
import zlib
from decimal import Decimal
from typing import Any

import pytest
from django.urls import reverse
from django.utils import timezone

from accounts.access import Viewer
from accounts.models import Membership, Role, User
from audit.models import AuditEvent
from cases.tests import builders as b
from govuk.testing import Table, page
from govuk.testing_pdf import laid_out_text
from lib.errors import Refused
from performance import board_pack, indicator_actions, releases, summaries
from performance import board_pack_actions as actions
from performance.disclosure import Table as DisclosureTable
from performance.indicators import periods_for
from performance.models import BoardPack, Direction, Marking, PeriodKind
from performance.releases import Contribution
from plans import actions as plan_actions
from plans.models import Action
from projects.quarters import label, previous_quarter, quarter_end

pytestmark = pytest.mark.django_db
URL = "/performance/board-pack/"


@pytest.fixture
def team(db: Any) -> b.Team:
    return b.make_team("Testborough", "TB")


def _member(team: b.Team, role: Role, name: str = "") -> User:
    user = User.objects.create_user(
        f"{role}{name}-bp@tb.example.gov.uk", "a long test password", full_name=str(role)
    )
    Membership.objects.create(user=user, partnership=team.partnership, role=role)
    return user


def _last_quarter() -> dt.date:
    return board_pack.quarters_offered(b.today())[0]


def _figures(team: b.Team) -> None:
    """An indicator counting referrals, one a quarter (so each is suppressed for readers
    without the cases), against a target of 2: red."""
    indicator_actions.create_indicator(
        viewer=team.coordinator,
        name="Referrals received",
        source="cases.referrals_received",
        params={},
        period=PeriodKind.QUARTER,
        target=Decimal(2),
        direction=Direction.HIGHER,
        amber_margin=Decimal(0),
    )
    indicator_actions.create_indicator(
        viewer=team.coordinator,
        name="Organisations on the register",
        source="partners.organisations",
        params={},
        period=PeriodKind.QUARTER,
        target=Decimal(100),
        direction=Direction.HIGHER,
        amber_margin=Decimal(0),
    )
    for start, _ in periods_for(PeriodKind.QUARTER, b.today())[-9:]:
        b.refer(team, received_on=start)
    summaries.refresh(team.partnership)


def _plan(team: b.Team) -> None:
    """An active plan of three actions: one red at the last quarter's end (amber the
    quarter before), one green throughout, one never updated."""
    viewer = team.coordinator
    quarter = _last_quarter()
    before = previous_quarter(quarter)
    strategy = plan_actions.create_strategy(
        viewer=viewer,
        title="Prevent Delivery Plan",
        period_start=previous_quarter(before),
        period_end=quarter_end(quarter) + dt.timedelta(days=365),
        status="active",
    )
    objective = plan_actions.add_objective(viewer=viewer, strategy=strategy, reference="1", title="Support")
    slipping = plan_actions.add_action(
        viewer=viewer, objective=objective, title="Train youth services", lead_officer="Youth lead"
    )
    steady = plan_actions.add_action(viewer=viewer, objective=objective, title="Hold roundtables")
    plan_actions.add_action(viewer=viewer, objective=objective, title="Map venues")
    # Added before the quarters the pack compares (an action counts from when it was added).
    Action.objects.filter(strategy=strategy).update(
        created_at=timezone.make_aware(dt.datetime.combine(previous_quarter(before), dt.time(12)))
    )
    for action, on, rag, words in (
        (slipping, before + dt.timedelta(days=10), "amber", "Two sessions postponed."),
        (slipping, quarter + dt.timedelta(days=10), "red", "Trainer left; sessions cancelled."),
        (steady, before + dt.timedelta(days=5), "green", "Two roundtables held."),
        (steady, quarter_end(quarter) + dt.timedelta(days=1), "red", "After the quarter: not in the pack."),
    ):
        if on <= b.today():
            plan_actions.record_progress_update(
                viewer=viewer, action=action, update_date=on, rag=rag, commentary=words
            )


def _inflate(pdf: bytes) -> bytes:
    parts = [pdf]
    for match in re.finditer(rb"stream\r?\n(.*?)\r?\nendstream", pdf, re.S):
        try:
            parts.append(zlib.decompress(match.group(1)))
        except zlib.error:
            parts.append(match.group(1))
    return b"\n".join(parts)


def _form(**values: str) -> dict[str, str]:
    return {
        "period": _last_quarter().isoformat(),
        "audience": "Safeguarding Adults Board",
        "marking": "official",
    } | values


# --- access ----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("role", "reads"),
    [
        (Role.COORDINATOR, True),
        (Role.STEERING, True),
        (Role.FUNDER, True),
        (Role.CHAIR, False),
        (Role.POLICE, False),
        (Role.REFERRER, False),
        (Role.ACTION_OWNER, False),
        (Role.PANEL_MEMBER, False),
    ],
)
def test_who_opens_the_page_and_downloads_packs(team: b.Team, sign_in: Any, role: Role, reads: bool) -> None:
    pack = actions.produce_pack(viewer=team.coordinator, **_values())
    client = sign_in(_member(team, role))
    assert client.get(URL).status_code == (200 if reads else 404)
    download = client.get(reverse("performance:board_pack_download", args=[pack.uuid]))
    assert download.status_code == (200 if reads else 404)
    if reads:
        assert download["Content-Type"] == "application/pdf"
        assert download.content == bytes(pack.pdf)
        assert "attachment" in download["Content-Disposition"]


def _values(**values: Any) -> dict[str, Any]:
    return {
        "period_start": _last_quarter(),
        "audience": "Safeguarding Adults Board",
        "marking": Marking.OFFICIAL,
    } | values


def test_steering_downloads_but_does_not_produce(team: b.Team, sign_in: Any) -> None:
    client = sign_in(_member(team, Role.STEERING))
    assert "Produce the board pack" not in client.get(URL).content.decode()
    assert client.post(URL, _form()).status_code == 404
    assert not BoardPack.objects.exists()
    with pytest.raises(Refused):
        actions.produce_pack(
            viewer=Viewer(_member(team, Role.STEERING, "2"), team.partnership, frozenset({Role.STEERING})),
            **_values(),
        )


def test_another_partnerships_pack_answers_404(team: b.Team, sign_in: Any) -> None:
    pack = actions.produce_pack(viewer=team.coordinator, **_values(audience="Testborough Scrutiny Panel"))
    other = b.make_team("Otherborough", "OB")
    client = sign_in(other.coordinator.user)
    assert client.get(reverse("performance:board_pack_download", args=[pack.uuid])).status_code == 404
    assert "Testborough Scrutiny Panel" not in client.get(URL).content.decode()


# --- the pack -----------------------------------------------------------------------------------


def test_the_coordinator_produces_a_tagged_pack_with_protected_figures(team: b.Team, sign_in: Any) -> None:
    _figures(team)
    _plan(team)
    client = sign_in(team.coordinator.user)
    response = client.post(
        URL, _form(marking="official-sensitive", audience="Overview and Scrutiny Committee")
    )
    assert response.status_code == 302
    assert "Board pack produced" in client.get(response["Location"]).content.decode()
    pack = BoardPack.objects.get()
    assert (pack.version, pack.marking, pack.period_start) == (1, Marking.SENSITIVE, _last_quarter())
    pdf = bytes(pack.pdf)
    assert pdf.startswith(b"%PDF-")
    inflated = _inflate(pdf)
    assert b"pdfuaid:part" in inflated  # PDF/UA identification
    assert b"/StructTreeRoot" in inflated  # tagged for assistive technology
    event = AuditEvent.objects.get(verb="board_pack.produced")
    assert event.changes["version"]["to"] == 1

    text = laid_out_text(pack.html)
    for words in (
        "OFFICIAL-SENSITIVE",
        "Testborough",
        "Overview and Scrutiny Committee",
        "Prevent performance board pack",
        "Referrals received",
        "Suppressed",
        "Referrals by referral sector",  # the year's and the quarter's statistics tables
    ):
        assert words in text, words
    # Each count of 1 is withheld: no chart or table gives it.
    shown = page(pack.html)
    (figures,) = [t for t in shown.tables() if t.caption == "Referrals received: the figures in the chart"]
    assert {row["Value"] for row in figures.rows} == {"Suppressed"}
    assert "Referrals received: the last 8 periods" in pack.html
    assert "Status: not shown, as the latest figure is suppressed." in pack.html

    listed = Table.read(page(client.get(URL).content).by_id("packs")).rows
    assert listed[0]["Version"] == "1" and listed[0]["Marking"] == "OFFICIAL-SENSITIVE"


def test_the_exceptions_and_the_plans_rag_against_the_previous_quarter(team: b.Team) -> None:
    _figures(team)
    _plan(team)
    quarter = _last_quarter()
    html = board_pack.html(
        **board_pack.context(
            team.partnership,
            period_start=quarter,
            audience="Board",
            marking_label="OFFICIAL",
            version=1,
            produced_on=b.today(),
            title="Pack",
        )
    )
    shown = page(html)
    # Organisations on the register fall short of 100: red. Referrals received are
    # suppressed, so have no RAG to show (a RAG would tell a small count's range).
    indicators = Table.read(shown.by_id("exception-indicators")).rows
    assert [(row["Indicator"], row["Status"], row["Latest"]) for row in indicators] == [
        ("Organisations on the register", "Red", "0")
    ]
    exceptions = Table.read(shown.by_id("exception-actions")).rows
    if quarter + dt.timedelta(days=10) <= b.today():
        assert len(exceptions) == 1
        assert exceptions[0]["Status"] == "Red"
        assert "Trainer left; sessions cancelled." in exceptions[0]["Latest commentary"]
    summary = {row["Status"]: row for row in Table.read(shown.by_id("plan-summary")).rows}
    assert summary["Red"][label(quarter).split(" (")[0]] == "1"
    assert summary["Red"]["Direction of travel"] == "Up 1"
    assert summary["Amber"]["Direction of travel"] == "Down 1"
    assert summary["Green"]["Direction of travel"] == "No change"
    assert summary["Not rated"][label(quarter).split(" (")[0]] == "1"
    assert "After the quarter" not in html


def fake_statistics(partnership: Any, financial_year: int) -> Contribution:
    """A statistics table as the statistics part contributes it to the release."""
    return Contribution(
        tables=[
            DisclosureTable(
                key="statistics-fakesector-year",
                title="Referrals by referral sector",
                rows=["Education", "Police", "Health"],
                columns=["Referrals"],
                cells={
                    ("Education", "Referrals"): 12,
                    ("Police", "Referrals"): 2,
                    ("Health", "Referrals"): 7,
                },
            )
        ]
    )


def test_the_statistics_tables_of_the_release_after_disclosure_control(
    team: b.Team, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(
        releases,
        "CONTRIBUTORS",
        (*releases.CONTRIBUTORS, "performance.tests.test_board_pack.fake_statistics"),
    )
    html = board_pack.html(
        **board_pack.context(
            team.partnership,
            period_start=_last_quarter(),
            audience="Board",
            marking_label="OFFICIAL",
            version=1,
            produced_on=b.today(),
            title="Pack",
        )
    )
    shown = page(html)
    (table,) = [t for t in shown.tables() if t.caption == "Referrals by referral sector"]
    cells = {row["Category"]: row["Referrals"] for row in table.rows}
    assert cells["Police"] == "[c]"  # 2: suppressed
    assert cells["Health"] == "[c]"  # the complement, or Police could be worked out from the total
    assert cells["Education"] == "12"
    assert "No Channel statistics tables" not in html
    assert "Counts from 1 to 4 are suppressed" in html


# --- versions and bad input ----------------------------------------------------------------------


def test_each_pack_of_a_quarter_is_a_new_version(team: b.Team) -> None:
    first = actions.produce_pack(viewer=team.coordinator, **_values())
    second = actions.produce_pack(viewer=team.coordinator, **_values(audience="Scrutiny committee"))
    earlier = actions.produce_pack(
        viewer=team.coordinator, **_values(period_start=board_pack.quarters_offered(b.today())[1])
    )
    assert (first.version, second.version, earlier.version) == (1, 2, 1)
    assert "Version" in second.html and ">2<" in second.html
    assert AuditEvent.objects.filter(verb="board_pack.produced").count() == 3


@pytest.mark.parametrize(
    "posted",
    [
        {},
        {"period": "2001-04-01", "audience": "Board", "marking": "official"},
        {"period": "not a date", "audience": "Board", "marking": "official"},
        {"audience": "", "marking": "official"},
        {"audience": "x" * 201, "marking": "official"},
        {"audience": "Board", "marking": "SECRET"},
        {"audience": "\x00\x01 ", "marking": "official"},
    ],
)
def test_bad_input_is_refused_and_writes_nothing(team: b.Team, sign_in: Any, posted: dict[str, str]) -> None:
    client = sign_in(team.coordinator.user)
    if posted and "period" not in posted:
        posted = {"period": _last_quarter().isoformat(), **posted}
    before = AuditEvent.objects.count()
    response = client.post(URL, posted)
    assert response.status_code == 200
    assert "There is a problem" in response.content.decode()
    assert not BoardPack.objects.exists()
    assert AuditEvent.objects.exclude(verb__endswith=".viewed").count() == before


def test_the_action_refuses_a_quarter_not_offered(team: b.Team) -> None:
    today = b.today()
    for quarter in (dt.date(2001, 4, 1), board_pack.quarters_offered(today)[0] + dt.timedelta(days=1)):
        with pytest.raises(Refused):
            actions.produce_pack(viewer=team.coordinator, **_values(period_start=quarter))
    assert not BoardPack.objects.exists()

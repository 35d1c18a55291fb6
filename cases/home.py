"""What Channel puts on the home page and in the navigation (govuk.home): for each role,
what needs doing today. Every number is one aggregate query and links to the list it
counts, filtered the same way (cases.queries)."""

from __future__ import annotations

from typing import Any

from django.db.models import Subquery
from django.urls import reverse
from django.utils import timezone

from accounts.access import Viewer
from accounts.models import Role
from cases import access, follow_up, queries, search
from cases.models import AgendaItem, MeetingStatus, RetentionSchedule
from govuk.home import Count, NavigationEntry, Panel, counts, holding


def _url(name: str, query: str = "") -> str:
    return reverse(name) + query


def _gateway(viewer: Viewer) -> dict[str, Any]:
    counts = queries.gateway_counts(viewer.partnership, queries.today())
    target = viewer.partnership.gateway_target_days
    return {
        "counts": [
            Count(counts["waiting"], "waiting at the gateway", _url("cases:queue")),
            Count(
                counts["over_target"],
                f"over the target of {target} working day{'s' if target != 1 else ''}",
                _url("cases:queue", "?over_target=yes"),
            ),
        ]
    }


def _casework(viewer: Viewer) -> dict[str, Any]:
    """The coordinator's part of the Channel process between the gateway and closure."""
    today = timezone.localdate()
    waiting = queries.waiting_counts(viewer.partnership)
    due_actions = queries.open_panel_actions(access.panel_actions(viewer)).filter(due_on__lte=today)
    deletion = RetentionSchedule.objects.filter(
        partnership=viewer.partnership, review_on__lte=today, legal_hold=False
    )
    numbers = counts(due=due_actions, transfers=access.incoming_transfers(viewer), deletion=deletion)
    return {
        "counts": [
            Count.of(
                waiting["information"],
                "progressed case waiting for information",
                "progressed cases waiting for information",
                _url("cases:case_list", "?waiting=information"),
            ),
            Count.of(
                numbers["due"],
                "panel action due",
                "panel actions due",
                _url("cases:panel_action_list", "?due=yes"),
            ),
            Count.of(
                numbers["transfers"],
                "transfer waiting for your answer",
                "transfers waiting for your answer",
                _url("cases:transfer_list", "#waiting"),
            ),
            Count.of(
                numbers["deletion"],
                "closed case due for deletion review",
                "closed cases due for deletion review",
                _url("cases:retention_queue"),
            ),
        ]
    }


def _follow_up(viewer: Viewer) -> dict[str, Any]:
    today = timezone.localdate()
    partnership = viewer.partnership
    numbers = counts(
        reviews=follow_up.overdue_reviews(partnership, today),
        interventions=follow_up.overdue_interventions(partnership, today),
        requests=follow_up.overdue_requests(partnership, today),
        assessment=follow_up.waiting_for_assessment(partnership),
        reconsiderations=follow_up.reconsiderations(partnership, today),
    )
    return {
        "counts": [
            Count.of(
                numbers["reviews"],
                "review overdue",
                "reviews overdue",
                _url("cases:follow_up", "#reviews"),
            ),
            Count.of(
                numbers["interventions"],
                "intervention without a recent session",
                "interventions without a recent session",
                _url("cases:follow_up", "#interventions"),
            ),
            Count.of(
                numbers["requests"],
                "request for information past its due date",
                "requests for information past their due date",
                _url("cases:follow_up", "#requests"),
            ),
            Count.of(
                numbers["assessment"],
                "progressed case waiting for an assessment",
                "progressed cases waiting for an assessment",
                _url("cases:follow_up", "#assessment"),
            ),
            Count.of(
                numbers["reconsiderations"],
                "case with consent not given due to be reconsidered",
                "cases with consent not given due to be reconsidered",
                _url("cases:follow_up", "#reconsiderations"),
            ),
        ]
    }


# The most actions the owner's panel lists; past it, it says how many more there are.
OWN_ACTIONS_SHOWN = 20


def _own_actions(viewer: Viewer) -> dict[str, Any] | None:
    """The viewer's open panel actions, whoever they are: the case team, a panel member or
    anyone else of the partnership the panel made an owner. Each links to the page that
    closes it, which shows the action; the home page (not audited) shows no description."""
    today = timezone.localdate()
    mine = queries.open_panel_actions(access.own_panel_actions(viewer))
    shown = list(
        mine.select_related("agenda_item__referral").only(
            "uuid", "due_on", "agenda_item__referral__uuid", "agenda_item__referral__reference"
        )[: OWN_ACTIONS_SHOWN + 1]
    )
    if not shown:
        return None
    return {
        "actions": shown[:OWN_ACTIONS_SHOWN],
        "more": len(shown) > OWN_ACTIONS_SHOWN,
        "today": today,
        "team": viewer.has_any(*access.CASE_TEAM),
    }


def _panels(viewer: Viewer) -> dict[str, Any]:
    now = timezone.now()
    meetings = access.meetings(viewer)
    upcoming = meetings.filter(status=MeetingStatus.SCHEDULED, meets_at__gte=now).order_by("meets_at")
    # The agenda is read whether or not a meeting is coming, so the page always runs the
    # same queries (bench/cases.py checks).
    agenda = AgendaItem.objects.filter(meeting=Subquery(upcoming.values("pk")[:1]))
    numbers = counts(
        **{show: waiting.filter(meetings, now) for show, waiting in queries.MEETINGS_WAITING.items()}
    )
    return {
        "next": upcoming.select_related("chair").first(),
        "agenda": list(agenda.select_related("referral").only("purpose", "referral__reference")),
        "counts": [
            Count.of(
                numbers[show],
                one,
                many,
                _url("cases:meeting_list", f"?show={show}"),
            )
            for show, one, many in (
                (
                    "decisions",
                    "past meeting with decisions still to record",
                    "past meetings with decisions still to record",
                ),
                (
                    "minutes",
                    "past meeting whose minutes are not yet final",
                    "past meetings whose minutes are not yet final",
                ),
            )
        ],
    }


def _invitations(viewer: Viewer) -> dict[str, Any]:
    meetings = list(access.meetings(viewer).order_by("meets_at")[:5])
    return {
        "meetings": meetings,
        "counts": [
            Count.of(
                access.meetings(viewer).count(),
                "panel meeting you are invited to",
                "panel meetings you are invited to",
                _url("cases:meeting_list"),
            )
        ],
    }


def _interventions(viewer: Viewer) -> dict[str, Any]:
    today = timezone.localdate()
    active = queries.active_interventions(access.interventions(viewer))
    numbers = counts(active=active, due=active.filter(session_due_on__lte=today))
    return {
        "counts": [
            Count.of(
                numbers["active"],
                "intervention you deliver",
                "interventions you deliver",
                _url("cases:intervention_list"),
            ),
            Count(
                numbers["due"],
                "with a session due or overdue",
                _url("cases:intervention_list", "?due=yes"),
            ),
        ]
    }


def _referrals(viewer: Viewer) -> dict[str, Any]:
    mine = access.own_submissions(viewer)
    return {
        "recent": list(mine.only("uuid", "reference", "received_at").order_by("-received_at")[:3]),
        "counts": [
            Count.of(
                mine.count(), "referral you have made", "referrals you have made", _url("cases:my_referrals")
            )
        ],
    }


def _my_cases(viewer: Viewer) -> dict[str, Any]:
    """The coordinator's own cases: those allocated to them (issue 14, part 11)."""
    return {
        "counts": [
            Count.of(
                search.my_cases(viewer).count(),
                "open case allocated to you",
                "open cases allocated to you",
                _url("cases:my_cases"),
            )
        ]
    }


def _only(role: str) -> Any:
    """Holders of `role` who are not on the case team, which sees everything already."""

    def rule(viewer: Viewer) -> bool:
        return viewer.has_any(role) and not viewer.has_any(*access.CASE_TEAM)

    return rule


PANELS = (
    Panel("Police gateway", "cases/home/gateway.html", holding(Role.POLICE, Role.COORDINATOR), _gateway, 10),
    Panel("Channel cases", "cases/home/casework.html", holding(Role.COORDINATOR), _casework, 20),
    Panel("My cases", "cases/home/my_cases.html", holding(Role.COORDINATOR), _my_cases, 22),
    Panel("Follow-up", "cases/home/follow_up.html", holding(*access.FOLLOW_UP), _follow_up, 25),
    Panel("Your panel actions", "cases/home/panel_actions.html", lambda viewer: True, _own_actions, 27),
    Panel("Channel panels", "cases/home/panels.html", holding(*access.PANEL_ORGANISERS), _panels, 30),
    Panel("Your panel meetings", "cases/home/invitations.html", _only(Role.PANEL_MEMBER), _invitations, 35),
    Panel("Your interventions", "cases/home/interventions.html", _only(Role.PROVIDER), _interventions, 40),
    Panel("Referrals", "cases/home/referrals.html", holding(Role.REFERRER), _referrals, 50),
)

NAVIGATION = (
    NavigationEntry("Cases", "cases:case_list", holding(*access.CASE_TEAM), ("cases:*",), 10),
    NavigationEntry(
        "Panels",
        "cases:meeting_list",
        holding(*access.CASE_TEAM),
        ("cases:meeting_*", "cases:agenda_*", "cases:invitation_*", "cases:panel_action_*"),
        20,
    ),
    NavigationEntry("Panel meetings", "cases:meeting_list", _only(Role.PANEL_MEMBER), ("cases:*",), 20),
    NavigationEntry("Search cases", "cases:search", holding(*access.CASE_READERS), ("cases:search",), 15),
    NavigationEntry(
        "Your interventions",
        "cases:intervention_list",
        _only(Role.PROVIDER),
        ("cases:intervention_*", "cases:session_*"),
        25,
    ),
    NavigationEntry("Make a referral", "cases:refer_start", holding(Role.REFERRER), ("cases:refer_*",), 30),
    NavigationEntry(
        "Your referrals", "cases:my_referrals", holding(Role.REFERRER), ("cases:my_referrals",), 31
    ),
)

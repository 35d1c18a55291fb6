"""Two years of backdated history for each demo partnership, so the performance
dashboard's charts show trends: older Channel referrals (received over the eight
complete quarters the dashboard shows, each through the gateway; some discussed at a
panel and adopted, then closed once support was complete) and older engagement events.

Everything is written through the action functions with the actions' date arguments, as
a coordinator recording last year's work from paper would, and everything added is
finished: no referral stays open, no panel meeting waits for its minutes and no review
falls due, so the demo's open work (gateway queue, agendas, home pages) is the one the
other demo modules set up. The people are invented from the lists below, rotated by
partnership; every page's footer says so in demo mode. The figures differ between
partnerships (a seeded random draw per partnership) and are consistent with the records:
the dashboard's values are computed from them by performance.summaries once the demo has
loaded."""

from __future__ import annotations

import datetime as dt
import random
from dataclasses import dataclass, field

from django.utils import timezone

from accounts.access import Viewer
from accounts.models import Partnership, Role, User
from cases import actions
from cases.models import ConcernType, PanelMeeting, Referral, ReferralSector, SupportService
from community import actions as community_actions
from community.models import EventType, Theme
from lib.dates import add_months
from lib.quarters import quarter_start
from lib.working_days import add_working_days
from projects.quarters import previous_quarter, quarter_end

QUARTERS = 8  # the complete quarters the dashboard's charts show
# Referrals received in each of those quarters, oldest first, before the partnership's
# own variation; the other demo modules add their recent referrals on top.
REFERRALS = (3, 3, 4, 3, 4, 3, 3, 3)
EVENTS = (2, 3, 2, 4, 3, 2, 4, 3)

GIVEN = (
    ("Aaron", "male"),
    ("Bilal", "male"),
    ("Carys", "female"),
    ("Darius", "male"),
    ("Esme", "female"),
    ("Faisal", "male"),
    ("Georgia", "female"),
    ("Harvey", "male"),
    ("Imogen", "female"),
    ("Jamal", "male"),
    ("Keira", "female"),
    ("Leon", "male"),
    ("Mariam", "female"),
    ("Nathan", "male"),
    ("Orla", "female"),
    ("Piotr", "male"),
)
FAMILY = (
    "Ashdown",
    "Brennan",
    "Cartwright",
    "Ashcombe",
    "Ekwueme",
    "Fairbairn",
    "Grzelak",
    "Thistlewood",
    "Quayle",
    "Jessop",
    "Kettering",
    "Lomax",
    "Morland",
    "Nwachukwu",
    "Ormerod",
    "Prendergast",
    "Quilliam",
    "Rashford",
)
# (concern code, sector code, narrative), drawn per referral.
CONCERNS = (
    ("islamist", "education", "Sharing videos of a banned preacher with classmates (demo history)."),
    ("extreme_right_wing", "education", "Racist stickers and slogans in an exercise book (demo history)."),
    ("mixed_unclear_unstable", "health", "Fixated on past attacks across ideologies (demo history)."),
    ("extreme_right_wing", "local_authority", "Posting far-right material in a local group (demo history)."),
    ("islamist", "police", "Seen with a group known to policing (demo history)."),
    ("vulnerability_no_ideology", "education", "Angry and isolated after exclusion (demo history)."),
    ("incel", "friends_family", "A relative worries about hostile posts about women (demo history)."),
    ("no_risk", "education", "A remark in class taken out of context (demo history)."),
)
OUTCOMES = (
    # (gateway decision, weight)
    ("no_further_action", 4),
    ("signposted", 2),
    ("police_led", 1),
    ("progress", 5),
)
EVENT_KINDS = (
    ("Workshop", "Prevent awareness workshop with a residents' association"),
    ("Drop-in", "Drop-in session on online safety for parents"),
    ("Assembly", "School assembly on hate crime and where to get help"),
    ("Conference", "Safeguarding conference for designated safeguarding leads"),
)


def _at(day: dt.date, hour: int) -> dt.datetime:
    return timezone.make_aware(dt.datetime.combine(day, dt.time(hour)))


def quarters(today: dt.date) -> list[dt.date]:
    """The first days of the complete quarters the dashboard shows, oldest first."""
    starts = [previous_quarter(quarter_start(today))]
    while len(starts) < QUARTERS:
        starts.insert(0, previous_quarter(starts[0]))
    return starts


@dataclass
class _Meeting:
    """A panel meeting of the past, with what it decides (in the order given)."""

    day: dt.date
    decisions: list[tuple[Referral, str]] = field(default_factory=list)


class _History:
    def __init__(self, partnership: Partnership, people: dict[Role, User]) -> None:
        self.partnership = partnership
        self.people = people
        self.as_ = {role: Viewer(user, partnership, frozenset({role})) for role, user in people.items()}
        self.today = timezone.localdate()
        self.random = random.Random(partnership.slug)  # noqa: S311 - demo data, not security
        self.offset = sum(map(ord, partnership.slug))
        self.made = 0
        self.concern = {c.code: c for c in ConcernType.objects.filter(partnership=None)}
        self.sector = {s.code: s for s in ReferralSector.objects.filter(partnership=None)}
        self.service = {s.code: s for s in SupportService.objects.filter(partnership=None)}
        self.meetings: dict[dt.date, _Meeting] = {}

    # --- Channel ------------------------------------------------------------------------------

    def channel(self) -> None:
        for index, start in enumerate(quarters(self.today)):
            number = max(REFERRALS[index] + self.random.randint(-1, 1), 1)
            end = quarter_end(start)
            for k in range(number):
                received = start + dt.timedelta(days=(k * 80) // number + self.random.randint(0, 8))
                self.referral(min(received, end))
        for day in sorted(self.meetings):
            self.hold(self.meetings[day])

    def meeting_after(self, day: dt.date) -> _Meeting:
        """The partnership's monthly panel (the third Wednesday) on or after `day`, or a
        meeting on the last weekday before today when the next one has not been held."""
        month = day.replace(day=1)
        while True:
            first_wednesday = month + dt.timedelta(days=(2 - month.weekday()) % 7)
            panel = first_wednesday + dt.timedelta(days=14)
            if panel >= day:
                break
            month = add_months(month, 1)
        latest = self.today - dt.timedelta(days=3)
        if panel > latest:
            panel = max(day, latest)
        return self.meetings.setdefault(panel, _Meeting(panel))

    def referral(self, received: dt.date) -> None:
        self.made += 1
        number = self.offset + self.made
        given, gender = GIVEN[number % len(GIVEN)]
        family = FAMILY[(number * 7) % len(FAMILY)]
        concern, sector, narrative = CONCERNS[self.random.randrange(len(CONCERNS))]
        age = self.random.choice((13, 14, 15, 16, 17, 19, 22, 26, 31))
        born = add_months(received, -(12 * age + self.random.randint(1, 11)))
        referral = actions.submit_referral(
            viewer=self.as_[Role.REFERRER],
            details=actions.ReferralDetails(
                given_names=given,
                family_name=family,
                date_of_birth=born,
                gender=gender,
                concern_type=self.concern[concern],
                sector=self.sector[sector],
                narrative=narrative,
                referrer_name=self.people[Role.REFERRER].full_name,
                referrer_role="Designated Safeguarding Lead",
                referrer_organisation="Demo data: a referring organisation",
                received_at=_at(received, 11),
            ),
        )
        police = self.as_[Role.POLICE]
        actions.confirm_new_person(viewer=police, referral=referral)
        actions.record_deconfliction(
            viewer=police, referral=referral, checks="PNC, PND and local intelligence checked (demo history)."
        )
        # Most within the partnership's target; about one in seven a few days late.
        target = self.partnership.gateway_target_days
        late = self.random.random() < 0.15
        days = target + self.random.randint(1, 4) if late else self.random.randint(1, target)
        decided = min(add_working_days(received, days), self.today)
        decision = self.random.choices([o for o, _ in OUTCOMES], weights=[w for _, w in OUTCOMES])[0]
        if concern == "no_risk":
            decision = "no_further_action"
        actions.record_gateway_decision(
            viewer=police,
            referral=referral,
            decision=decision,
            reasons="Decided on the information gathered at the gateway (demo history).",
            signposted_to=self.service["early_help"] if decision == "signposted" else None,
            decided_on=decided,
        )
        if decision == "progress":
            first = self.meeting_after(decided + dt.timedelta(days=self.random.randint(5, 25)))
            # Adopted when there is time since to have finished: support for three to six
            # months, an exit, and the case closed at a later panel.
            latest = self.today - dt.timedelta(days=75)
            adopted = first.day <= latest and self.random.random() < 0.6
            first.decisions.append((referral, "adopt" if adopted else "not_adopt_signpost"))
            if adopted:
                months = add_months(first.day, self.random.randint(3, 6))
                exit_ = self.meeting_after(min(months, self.today - dt.timedelta(days=70)))
                exit_.decisions.append((referral, "exit"))
                review = add_months(exit_.day, 6)
                self.meeting_after(min(review, self.today - dt.timedelta(days=34))).decisions.append(
                    (referral, "close")
                )

    def hold(self, meeting: _Meeting) -> None:
        chair = self.as_[Role.CHAIR]
        held = actions.schedule_meeting(
            viewer=chair,
            meets_at=_at(meeting.day, 14),
            location="Committee room 2 (demo)",
            chair=self.people[Role.CHAIR],
        )
        actions.invite_members(
            viewer=chair,
            meeting=held,
            members=[
                (self.people[Role.PANEL_MEMBER], "Children's Social Care"),
                (self.people[Role.POLICE], "Police"),
            ],
        )
        items = []
        for referral, decision in meeting.decisions:
            if decision == "exit":
                self.consent(referral, meeting.day)
            items.append((actions.add_to_agenda(viewer=chair, meeting=held, referral=referral), decision))
        actions.record_attendance(
            viewer=chair,
            meeting=held,
            attendance={i.pk: "present" for i in held.invitations.all()},
            chair="present",
        )
        for item, decision in items:
            self.decide(held, item, decision)
        actions.close_meeting(viewer=chair, meeting=held)

    def consent(self, referral: Referral, before: dt.date) -> None:
        """Consent given the week after adoption, so support could start."""
        referral.refresh_from_db()
        adopted = max(
            timezone.localdate(m)
            for m in referral.agenda_items.exclude(decision="").values_list("meeting__meets_at", flat=True)
        )
        on = min(adopted + dt.timedelta(days=7), before - dt.timedelta(days=1))
        child = actions.consent_giver_required(referral, on) == "parent"
        actions.record_consent(
            viewer=self.as_[Role.COORDINATOR],
            referral=referral,
            decision="given",
            method="in_person",
            given_on=on,
            given_by="parent" if child else "person",
            giver_name="A parent (demo history)" if child else "",
            capacity_notes="" if child else "Understood what Channel offers (demo history).",
        )

    def decide(self, meeting: PanelMeeting, item: object, decision: str) -> None:
        reasons = {
            "adopt": "Vulnerable and drawn to an extremist narrative; support can reduce it (demo history).",
            "not_adopt_signpost": "Needs are better met by early help than by Channel (demo history).",
            "exit": "Support complete: the vulnerability is much reduced (demo history).",
            "close": "No further concern at the review after the exit (demo history).",
        }[decision]
        actions.record_panel_decision(
            viewer=self.as_[Role.CHAIR],
            item=item,  # type: ignore[arg-type]
            decision=decision,
            reasons=reasons,
            signposted_to=self.service["early_help"] if decision == "not_adopt_signpost" else None,
            confirm_close=decision == "close",
            close_reason="No further concern: the reviews after the exit are not needed (demo history)."
            if decision == "close"
            else "",
            closure_reason={"exit": "support_complete", "close": "no_further_concern"}.get(decision, ""),
        )

    # --- engagement -----------------------------------------------------------------------------

    def engagement(self) -> None:
        viewer = self.as_[Role.COORDINATOR]
        themes = list(Theme.objects.filter(partnership=self.partnership, active=True).order_by("pk"))
        types = {t.label: t for t in EventType.objects.filter(partnership=self.partnership)}
        for index, start in enumerate(quarters(self.today)):
            number = max(EVENTS[index] + self.random.randint(-1, 1), 0)
            for k in range(number):
                kind, title = EVENT_KINDS[(self.offset + index + k) % len(EVENT_KINDS)]
                if kind not in types:
                    continue
                community_actions.record_event(
                    viewer=viewer,
                    title=title,
                    held_on=start + dt.timedelta(days=10 + (k * 75) // max(number, 1)),
                    event_type=types[kind],
                    starts_at=dt.time(18, 0),
                    venue="Demo data: a community venue",
                    headcount=self.random.randint(12, 60),
                    feedback="Demo data: attendees asked for a follow-up session.",
                    themes=self.random.sample(themes, k=min(2, len(themes))),
                )


def load_channel(partnership: Partnership, people: dict[Role, User]) -> None:
    """The older referrals: before demo.channel_search, whose gateway entries the demo
    shows as the latest."""
    _History(partnership, people).channel()


def load_engagement(partnership: Partnership, people: dict[Role, User]) -> None:
    """The older engagement events: after the plans' measures are computed, which count
    the events of the plans' own periods."""
    _History(partnership, people).engagement()

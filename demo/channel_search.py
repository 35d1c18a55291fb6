"""Fictional gateway entries, allocation and national references for the demo (issue 14,
parts 10 and 11): the partnership's open cases are allocated to its demo coordinator, so
their "My cases" list is not empty; one case has a national case-tracking reference; and a
referral waiting at the gateway has screening information and two deconfliction entries,
a hold for police activity and then leave to proceed with conditions. The people are
invented; every page's footer says so in demo mode."""

from __future__ import annotations

import datetime as dt

from django.db.models import QuerySet
from django.utils import timezone

from accounts.access import Viewer
from accounts.models import Partnership, Role, User
from cases import actions
from cases.models import OPEN_STATES, ConcernType, Referral, ReferralSector, ReferralState
from lib.dates import add_months


def _at(days_ago: int, hour: int) -> dt.datetime:
    day = timezone.localdate() - dt.timedelta(days=days_ago)
    return timezone.make_aware(dt.datetime.combine(day, dt.time(hour)))


def load(partnership: Partnership, people: dict[Role, User]) -> None:
    as_ = {role: Viewer(user, partnership, frozenset({role})) for role, user in people.items()}
    coordinator, police = as_[Role.COORDINATOR], as_[Role.POLICE]

    # Waiting at the gateway: screened, held for police activity, then cleared with conditions.
    waiting = actions.submit_referral(
        viewer=as_[Role.REFERRER],
        details=actions.ReferralDetails(
            given_names="Tariq",
            family_name="Halloran",
            date_of_birth=add_months(timezone.localdate(), -(12 * 16 + 2)),
            gender="male",
            postcode="E3 4QX",
            school_or_employer="Riverside Academy (demo)",
            concern_type=ConcernType.objects.get(partnership=None, code="extreme_right_wing"),
            sector=ReferralSector.objects.get(partnership=None, code="education"),
            narrative="Handing out stickers of a banned far-right group at the school gates; "
            "talks of a 'race war' to younger pupils.",
            referrer_name=people[Role.REFERRER].full_name,
            referrer_organisation="Riverside Academy (demo)",
            received_at=_at(6, 9),
        ),
    )
    actions.confirm_new_person(viewer=police, referral=waiting)
    actions.record_screening_information(
        viewer=police,
        referral=waiting,
        source="Designated safeguarding lead, Riverside Academy (demo)",
        what="Two earlier behaviour incidents this term; lives with his mother and two sisters.",
        legal_basis="public_task",
    )
    actions.record_deconfliction(
        viewer=police,
        referral=waiting,
        consulted="Counter Terrorism Policing, regional unit (demo)",
        outcome="hold",
        checks="Linked to a live investigation: hold for two weeks before any contact.",
    )
    actions.record_deconfliction(
        viewer=police,
        referral=waiting,
        consulted="Counter Terrorism Policing, regional unit (demo)",
        outcome="conditions",
        checks="May proceed: no contact with the older brother; tell the unit before any home visit.",
    )

    # The partnership's open cases are the demo coordinator's.
    for referral in _open_cases(partnership):
        actions.allocate(viewer=coordinator, referral=referral, worker=people[Role.COORDINATOR])

    # The case in support has a reference in the national case-tracking system.
    supported = (
        _open_cases(partnership).filter(state=ReferralState.IN_SUPPORT).order_by("received_at").first()
    )
    if supported is not None:
        actions.set_national_reference(
            viewer=police,
            referral=supported,
            national_reference=f"NCT-{partnership.code}-{supported.received_at:%Y}-{supported.pk:05d}",
        )


def _open_cases(partnership: Partnership) -> QuerySet[Referral]:
    return Referral.objects.filter(partnership=partnership, state__in=OPEN_STATES).select_related("data_key")

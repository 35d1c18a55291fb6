"""How long a closed case is kept before it is reviewed for deletion: years from the
day it closed, per outcome. The defaults are local policy to review, not law: Shawcross
recommended three years, not six, for referrals that never reached Channel support
(docs/domain.md, "Retention"), and six years after closure is the common point for
Channel cases."""

from __future__ import annotations

import datetime as dt

from accounts.models import Partnership
from cases.models import CLOSED_STATES, ReferralState, RetentionPeriod, RetentionSchedule
from lib.dates import add_months

S = ReferralState

DEFAULT_YEARS: dict[str, int] = {
    S.NO_FURTHER_ACTION: 3,
    S.SIGNPOSTED: 3,
    S.POLICE_LED: 3,
    S.NOT_ADOPTED_NFA: 3,
    S.NOT_ADOPTED_SIGNPOSTED: 3,
    S.DECLINED: 6,
    S.WITHDREW: 6,
    S.CLOSED: 6,
    S.ESCALATED: 6,  # returned to the police after reaching Channel
}
assert set(DEFAULT_YEARS) == CLOSED_STATES


def periods(partnership: Partnership) -> dict[str, int]:
    """Years kept per closed outcome: the partnership's own where set, else the default."""
    years = dict(DEFAULT_YEARS)
    years.update(RetentionPeriod.objects.filter(partnership=partnership).values_list("outcome", "years"))
    return years


def review_date(partnership: Partnership, outcome: str, closed_on: dt.date) -> dt.date:
    return add_months(closed_on, 12 * periods(partnership)[outcome])


def start_clock(referral_id: int, partnership: Partnership, outcome: str, closed_on: dt.date) -> None:
    """Called as a referral closes. A legal hold already placed stays in place."""
    RetentionSchedule.objects.update_or_create(
        referral_id=referral_id,
        defaults={
            "partnership": partnership,
            "outcome": outcome,
            "closed_on": closed_on,
            "review_on": review_date(partnership, outcome, closed_on),
        },
    )

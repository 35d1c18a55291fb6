"""The demo's quarterly returns to Home Office Prevent funding (Tower Hamlets, whose Prevent
work the Home Office funds): the returns for the two quarters before this one submitted, and
this quarter's a draft. Written through the actions, so the figures are the demo's records
as they stand when it is loaded."""

from __future__ import annotations

from django.utils import timezone

from accounts.access import Viewer
from accounts.models import Partnership, Role, User
from lib.quarters import quarter_start
from performance import return_actions
from projects import quarters as q

FUNDED = ("towerhamlets",)
NARRATIVE = {
    "channel_narrative": "Referrals from education remain the largest share; the panel met monthly.",
    "training_narrative": "WRAP sessions for school staff and the council's frontline teams.",
    "engagement_narrative": "Community roundtables and a session with faith leaders.",
    "projects_narrative": "Commissioned projects delivered to profile; see the spend against budget.",
}


def load(partnership: Partnership, people: dict[Role, User]) -> None:
    if partnership.slug not in FUNDED:
        return
    coordinator = Viewer(people[Role.COORDINATOR], partnership, frozenset({Role.COORDINATOR}))
    current = quarter_start(timezone.localdate())
    last = q.previous_quarter(current)
    contact = {
        "contact_name": people[Role.COORDINATOR].full_name,
        "contact_email": people[Role.COORDINATOR].email,
        "contact_phone": "020 7364 5000",
    }
    for quarter in (q.previous_quarter(last), last, current):
        started = return_actions.start_return(viewer=coordinator, quarter=quarter)
        saved = return_actions.save_return(
            viewer=coordinator, partnership_return=started, **NARRATIVE, **contact
        )
        if quarter != current:
            return_actions.submit_return(viewer=coordinator, partnership_return=saved)

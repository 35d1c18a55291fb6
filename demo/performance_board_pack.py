"""The demo's board pack: one pack produced for Tower Hamlets' Prevent board on the last
complete quarter, through the action a coordinator uses, once the indicators' values are
computed (demo.loader calls it last)."""

from __future__ import annotations

from accounts.access import Viewer
from accounts.models import Partnership, Role, User
from demo.plans import tower_hamlets
from performance import board_pack
from performance import board_pack_actions as actions
from performance.models import Marking
from plans.queries import today


def load(coordinators: dict[Partnership, User]) -> None:
    for partnership, user in coordinators.items():
        if partnership.slug != tower_hamlets.PARTNERSHIP["slug"]:
            continue
        actions.produce_pack(
            viewer=Viewer(user, partnership, frozenset({Role.COORDINATOR})),
            period_start=board_pack.quarters_offered(today())[0],
            audience="Tower Hamlets Prevent Board",
            marking=Marking.OFFICIAL,
        )

"""Records for walking the board pack's pages (config/tests/test_url_access.py)."""

from __future__ import annotations

from accounts.access import Viewer
from performance import board_pack
from performance import board_pack_actions as actions
from performance.models import BoardPack, Marking
from plans.queries import today


def board_pack_for_walks(coordinator: Viewer) -> BoardPack:
    return actions.produce_pack(
        viewer=coordinator,
        period_start=board_pack.quarters_offered(today())[0],
        audience="Safeguarding Adults Board",
        marking=Marking.OFFICIAL,
    )

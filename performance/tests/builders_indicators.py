"""Records for walking the indicators' pages (config/tests/test_url_access.py)."""

from __future__ import annotations

from decimal import Decimal

from accounts.access import Viewer
from performance import indicator_actions
from performance.models import Indicator


def indicators_for_walks(coordinator: Viewer) -> Indicator:
    return indicator_actions.create_indicator(
        viewer=coordinator,
        name="Referrals received",
        source="cases.referrals_received",
        params={},
        period="quarter",
        target=Decimal(6),
        direction="higher",
        amber_margin=Decimal(2),
    )

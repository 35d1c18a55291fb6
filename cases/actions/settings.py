"""The partnership's local Channel policy: the gateway target, how often cases receiving
support are reviewed, from when post-exit reviews may be recorded, and how long closed
cases are kept. None of these is fixed by
law or guidance, so each partnership sets and reviews its own."""

from __future__ import annotations

from collections.abc import Mapping

from django.db import transaction

from accounts.access import Viewer
from accounts.models import POST_EXIT_6_OPENS, POST_EXIT_12_OPENS, Partnership, Role
from audit.log import record
from cases import retention
from cases.actions.common import require_role
from cases.models import CLOSED_STATES, ReferralState, RetentionPeriod
from lib.errors import Refused

__all__ = [
    "GATEWAY_DAYS",
    "POST_EXIT_6_OPENS",
    "POST_EXIT_12_OPENS",
    "RETENTION_YEARS",
    "REVIEW_WEEKS",
    "update_channel_settings",
]

# Wide enough for any local policy, narrow enough to catch a typing slip.
GATEWAY_DAYS = (1, 30)
REVIEW_WEEKS = (1, 26)
RETENTION_YEARS = (1, 25)


def _check(value: int, bounds: tuple[int, int], message: str, field: str) -> None:
    if not bounds[0] <= value <= bounds[1]:
        raise Refused(message.format(low=bounds[0], high=bounds[1]), field=field)


@transaction.atomic
def update_channel_settings(
    *,
    viewer: Viewer,
    gateway_target_days: int,
    support_review_weeks: int,
    retention_years: Mapping[str, int],
    post_exit_6_opens_months: int | None = None,
    post_exit_12_opens_months: int | None = None,
) -> Partnership:
    """Save the partnership's Channel policy. A new retention period applies to cases
    that close from now on: a closed case keeps the review date it was given, which a
    coordinator can change case by case. The months from which post-exit reviews may be
    recorded (left as they are when not given) apply to every review not yet recorded."""
    partnership = require_role(viewer, (Role.COORDINATOR,), "change the partnership's Channel settings")
    unknown = set(retention_years) - CLOSED_STATES
    if unknown:
        raise ValueError(sorted(unknown))
    _check(
        gateway_target_days,
        GATEWAY_DAYS,
        "The gateway target must be between {low} and {high} working days",
        "gateway_target_days",
    )
    _check(
        support_review_weeks,
        REVIEW_WEEKS,
        "The time between support reviews must be between {low} and {high} weeks",
        "support_review_weeks",
    )
    if post_exit_6_opens_months is not None:
        _check(
            post_exit_6_opens_months,
            POST_EXIT_6_OPENS,
            "The six-month review must open between {low} and {high} months after exit",
            "post_exit_6_opens_months",
        )
    if post_exit_12_opens_months is not None:
        _check(
            post_exit_12_opens_months,
            POST_EXIT_12_OPENS,
            "The twelve-month review must open between {low} and {high} months after exit",
            "post_exit_12_opens_months",
        )
    for outcome, years in retention_years.items():
        _check(
            years,
            RETENTION_YEARS,
            f"Years kept after “{ReferralState(outcome).label}” must be between {{low}} and {{high}}",
            f"retention_years_{outcome}",
        )
    partnership = Partnership.objects.select_for_update().get(pk=partnership.pk)
    changes: dict[str, dict[str, object]] = {}
    for name, value in (
        ("gateway_target_days", gateway_target_days),
        ("support_review_weeks", support_review_weeks),
        ("post_exit_6_opens_months", post_exit_6_opens_months),
        ("post_exit_12_opens_months", post_exit_12_opens_months),
    ):
        if value is None:
            continue
        before = getattr(partnership, name)
        if before != value:
            changes[name] = {"from": before, "to": value}
            setattr(partnership, name, value)
    if changes:
        partnership.save(update_fields=list(changes))
    current = retention.periods(partnership)
    for outcome, years in sorted(retention_years.items()):
        if current[outcome] != years:
            changes[f"retention_years.{outcome}"] = {"from": current[outcome], "to": years}
            RetentionPeriod.objects.update_or_create(
                partnership=partnership, outcome=outcome, defaults={"years": years}
            )
    if changes:
        record(
            verb="cases.settings.updated",
            actor=viewer.user,
            partnership=partnership,
            target=partnership,
            label=partnership.name,
            changes=changes,
        )
    return partnership

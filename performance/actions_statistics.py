"""Changes to the statistics' configuration: a partnership's disclosure rules."""

from __future__ import annotations

from django.db import transaction

from accounts.access import Viewer
from audit import log
from lib.errors import Refused
from performance.models import DisclosureRules

MAX_THRESHOLD = 50
MAX_ROUNDING = 100


def set_disclosure_rules(*, viewer: Viewer, threshold: int, round_to: int | None) -> DisclosureRules:
    if not 1 <= threshold <= MAX_THRESHOLD:
        raise Refused(f"The threshold must be between 1 and {MAX_THRESHOLD}", field="threshold")
    if round_to is not None and not 2 <= round_to <= MAX_ROUNDING:
        raise Refused(
            f"Round to a multiple between 2 and {MAX_ROUNDING}, or leave it empty", field="round_to"
        )
    with transaction.atomic():
        rules, _ = DisclosureRules.objects.select_for_update().get_or_create(partnership=viewer.partnership)
        before = {"threshold": rules.threshold, "round_to": rules.round_to}
        rules.threshold = threshold
        rules.round_to = round_to
        rules.save()
        log.record(
            verb="performance.disclosure_rules.changed",
            actor=viewer.user,
            partnership=viewer.partnership,
            target=rules,
            label="Disclosure rules",
            changes={
                name: {"from": before[name], "to": value}
                for name, value in (("threshold", threshold), ("round_to", round_to))
                if before[name] != value
            },
        )
    return rules

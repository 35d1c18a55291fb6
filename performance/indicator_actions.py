"""The write path of indicators: the coordinator adds, edits and retires them, each in one
transaction with its audit event (which also marks the figures stale, so the task
computes the new indicator's values)."""

from __future__ import annotations

from collections.abc import Mapping
from decimal import Decimal
from typing import Any

from django.db import transaction

from accounts.access import Viewer
from accounts.models import Role
from audit.log import changes_between, created, record, snapshot
from govuk import measures as registry
from lib.errors import Refused
from lib.text import clean
from performance.models import Direction, Indicator, PeriodKind
from performance.models.indicators import DESCRIPTION_LENGTH, NAME_LENGTH

FIELDS = ["name", "description", "source", "params", "period", "target", "direction", "amber_margin", "order"]
MAX_NUMBER = Decimal("1000000000")
MAX_INDICATORS = 60  # active, in one partnership


def _require_coordinator(viewer: Viewer) -> None:
    if not viewer.has_any(Role.COORDINATOR):
        raise Refused("Only the Prevent coordinator sets the partnership's indicators.")


def _checked(viewer: Viewer, values: Mapping[str, Any]) -> dict[str, Any]:
    source = registry.source(str(values.get("source", "")))
    if source is None:
        raise Refused("Choose a figure from the list", field="source")
    name = clean(str(values.get("name") or "")).strip()
    if not name:
        raise Refused("Enter the indicator's name", field="name")
    if len(name) > NAME_LENGTH:
        raise Refused(f"The name must be {NAME_LENGTH} characters or fewer", field="name")
    description = clean(str(values.get("description") or "")).strip()
    if len(description) > DESCRIPTION_LENGTH:
        raise Refused(
            f"The description must be {DESCRIPTION_LENGTH} characters or fewer", field="description"
        )
    if values.get("period") not in PeriodKind.values:
        raise Refused("Choose a period", field="period")
    if values.get("direction") not in Direction.values:
        raise Refused("Choose whether higher or lower is better", field="direction")
    numbers = {}
    for name_, label in (("target", "target"), ("amber_margin", "amber margin")):
        number = values.get(name_)
        if name_ == "amber_margin" and number is None:
            number = Decimal(0)
        if not isinstance(number, Decimal) or not number.is_finite() or not 0 <= number < MAX_NUMBER:
            raise Refused(f"Enter the {label} as a number of 0 or more", field=name_)
        numbers[name_] = number.quantize(Decimal("0.1"))
    if source.unit == "percentage" and numbers["target"] > 100:
        raise Refused("A percentage target must be 100 or less", field="target")
    order = values.get("order") or 0
    if not isinstance(order, int) or not 0 <= order < 1000:
        raise Refused("Enter the order as a whole number from 0 to 999", field="order")
    params = source.clean(viewer.partnership, values.get("params") or {})
    return {
        "name": name,
        "description": description,
        "source": source.code,
        "params": params,
        "period": values["period"],
        "target": numbers["target"],
        "direction": values["direction"],
        "amber_margin": numbers["amber_margin"],
        "order": order,
    }


@transaction.atomic
def create_indicator(*, viewer: Viewer, **values: Any) -> Indicator:
    _require_coordinator(viewer)
    checked = _checked(viewer, values)
    if Indicator.objects.filter(partnership=viewer.partnership, active=True).count() >= MAX_INDICATORS:
        raise Refused(f"A partnership may have at most {MAX_INDICATORS} indicators in use: retire one first")
    indicator = Indicator.objects.create(partnership=viewer.partnership, **checked)
    record(
        verb="indicator.created",
        actor=viewer.user,
        partnership=viewer.partnership,
        target=indicator,
        changes=created(snapshot(indicator, FIELDS)),
    )
    return indicator


def _locked(viewer: Viewer, indicator: Indicator) -> Indicator:
    found = (
        Indicator.objects.select_for_update().filter(pk=indicator.pk, partnership=viewer.partnership).first()
    )
    if found is None:
        raise Refused("This indicator is not one of the partnership's.")
    return found


@transaction.atomic
def update_indicator(*, viewer: Viewer, indicator: Indicator, **values: Any) -> Indicator:
    _require_coordinator(viewer)
    indicator = _locked(viewer, indicator)
    if not indicator.active:
        raise Refused("This indicator has been retired.")
    checked = _checked(viewer, {**values, "source": indicator.source})
    before = snapshot(indicator, FIELDS)
    for name, value in checked.items():
        setattr(indicator, name, value)
    indicator.save()
    changes = changes_between(before, snapshot(indicator, FIELDS))
    if changes:
        record(
            verb="indicator.updated",
            actor=viewer.user,
            partnership=viewer.partnership,
            target=indicator,
            changes=changes,
        )
    return indicator


@transaction.atomic
def retire_indicator(*, viewer: Viewer, indicator: Indicator) -> Indicator:
    _require_coordinator(viewer)
    indicator = _locked(viewer, indicator)
    if not indicator.active:
        raise Refused("This indicator is already retired.")
    indicator.active = False
    indicator.save(update_fields=["active", "updated_at"])
    record(
        verb="indicator.retired",
        actor=viewer.user,
        partnership=viewer.partnership,
        target=indicator,
        changes={"active": {"from": True, "to": False}},
    )
    return indicator

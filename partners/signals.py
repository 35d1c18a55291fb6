"""What the register tells the capabilities built on it, without knowing them: sent inside
the transaction of the change, so a receiver's summary (training's compliance) changes in
the same transaction or not at all.

- `people_changed(person_ids=[...])`: contacts added, or their organisation, staff group,
  dates or network memberships changed.
- `organisations_changed(organisation_ids=[...])`: an organisation's sector, parent or status
  changed, which moves everyone at it and under it."""

from __future__ import annotations

from django.dispatch import Signal

people_changed = Signal()
organisations_changed = Signal()

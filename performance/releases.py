"""What one reader without access to the cases can download for one partnership and one
financial year, gathered into one release and protected together (performance.disclosure):
the Channel statistics tables, the dashboard's Channel indicators, the equality tables and
the return's Channel counts. Protecting them together is what stops a suppressed cell being
worked out from another table the same reader has, or from the difference between a year and
its quarters.

Each part contributes with a function `(partnership, financial_year) -> Contribution`, named
in CONTRIBUTORS by its dotted path (so this module imports none of them). Relations may name
cells of another part's tables (the dashboard's "referrals received" in a quarter is the
statistics table's total for that quarter): every contribution is gathered first, then every
relation is added."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from importlib import import_module
from typing import Any

from performance.disclosure import CellRef, Protected, Release, Rules, Table

Partnership = Any

# "module.function", each (partnership, financial_year) -> Contribution.
CONTRIBUTORS: tuple[str, ...] = (
    "performance.indicators.release_tables",  # the dashboard's Channel indicators
    "performance.return_figures.contribution",  # the quarterly return's Channel counts
    "performance.equality.contribution",  # equality monitoring (issue 17 part 5)
)


@dataclass(frozen=True)
class Contribution:
    tables: Sequence[Table] = ()
    relations: Sequence[tuple[CellRef, Sequence[CellRef]]] = field(default=())


def _contributor(path: str) -> Callable[[Partnership, int], Contribution]:
    module, name = path.rsplit(".", 1)
    function: Callable[[Partnership, int], Contribution] = getattr(import_module(module), name)
    return function


def rules_for(partnership: Partnership) -> Rules:
    """The partnership's disclosure rules (the defaults: fewer than 5 suppressed, no rounding)."""
    return Rules()


def release(partnership: Partnership, financial_year: int) -> Release:
    gathered = [_contributor(path)(partnership, financial_year) for path in CONTRIBUTORS]
    built = Release(table for contribution in gathered for table in contribution.tables)
    for contribution in gathered:
        for total, parts in contribution.relations:
            built.relate(total, parts)
    return built


def protected(partnership: Partnership, financial_year: int) -> Protected:
    return release(partnership, financial_year).protect(rules_for(partnership))

"""Disclosure control: what a reader without access to the cases may be shown of the counts
drawn from them.

A *release* is everything one reader can download for one scope (a partnership's year, or a
region's): tables of counts, each with its row, column and grand totals, and the published
relations between tables (a year is the sum of its quarters; a region the sum of its
partnerships; the dashboard's "referrals received" is a statistics table's total). Protecting
a release suppresses

- every count from 1 to `threshold - 1` (primary suppression), and then
- as many more cells as it takes (secondary suppression) for no suppressed cell to be worked
  out exactly by solving the linear system of everything published in the release: totals,
  differences between periods or areas, and any other relation given.

Each secondary cell is chosen, among the published cells that share an equation with a cell
that could still be worked out, as an interior cell before a total, a non-zero count before a
zero, then the smallest: so the least information is lost and the suppressed cells' ranges
stay wide. What this does not promise: that bounds worked out from counts being at least zero
are wide (a suppressed pair in a row whose total is 6 is known to lie between 0 and 6).

This module needs no Django: tables in, suppressed cells out. `performance/releases.py`
gathers what a reader can download into one release."""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from fractions import Fraction

TOTAL = "Total"
# How a suppressed cell is shown in tables and downloads (as the Office for National
# Statistics marks confidential cells).
SUPPRESSED_MARK = "[c]"

CellRef = tuple[str, str, str]  # (table key, row label, column label)


@dataclass(frozen=True)
class Rules:
    """The partnership's disclosure rules: counts from 1 to `threshold - 1` are suppressed,
    zeros are shown; `round_to`, if set, rounds every published count to the nearest
    multiple (a half rounds up)."""

    threshold: int = 5
    round_to: int | None = None

    def __post_init__(self) -> None:
        if self.threshold < 1:
            raise ValueError("The threshold is a count of at least 1")
        if self.round_to is not None and self.round_to < 2:
            raise ValueError("Rounding is to a multiple of at least 2")

    def is_primary(self, value: int) -> bool:
        return 0 < value < self.threshold

    def shown(self, value: int) -> int:
        if not self.round_to:
            return value
        return (value + self.round_to // 2) // self.round_to * self.round_to

    def notes(self) -> list[str]:
        """The rules in words, for the notes of every download and page."""
        notes = [
            f"Counts from 1 to {self.threshold - 1} are suppressed and shown as {SUPPRESSED_MARK}, "
            "so that no one can be identified from them; zeros are shown."
            if self.threshold > 1
            else "No count is suppressed for being small.",
            f"Further cells are suppressed and shown as {SUPPRESSED_MARK} where a suppressed count "
            "could otherwise be worked out from totals, from the other tables of this release, or "
            "by subtracting one period or area from another.",
        ]
        if self.round_to:
            notes.append(
                f"Every count shown is rounded to the nearest {self.round_to}, so totals may not "
                "equal the sum of their parts."
            )
        return notes


@dataclass(frozen=True)
class Table:
    """Counts by row and column. Cells not given are zero. With `totals`, each row has its
    total (column TOTAL), each column its total (row TOTAL) and the table its grand total, and
    all of them are published, so all of them are in the equations."""

    key: str
    title: str
    rows: Sequence[str]
    columns: Sequence[str]
    cells: Mapping[tuple[str, str], int]
    totals: bool = True

    def __post_init__(self) -> None:
        if len(set(self.rows)) != len(self.rows) or len(set(self.columns)) != len(self.columns):
            raise ValueError(f"{self.key}: row and column labels must be unique")
        if TOTAL in self.rows or TOTAL in self.columns:
            raise ValueError(f"{self.key}: {TOTAL!r} is kept for the totals")
        unknown = [cell for cell in self.cells if cell[0] not in self.rows or cell[1] not in self.columns]
        if unknown:
            raise ValueError(f"{self.key}: cells outside the table: {unknown[:3]}")
        if any(value < 0 for value in self.cells.values()):
            raise ValueError(f"{self.key}: counts cannot be negative")

    def all_rows(self) -> list[str]:
        return [*self.rows, TOTAL] if self.totals else list(self.rows)

    def all_columns(self) -> list[str]:
        return [*self.columns, TOTAL] if self.totals else list(self.columns)

    def values(self) -> dict[CellRef, int]:
        found: dict[CellRef, int] = {}
        for row in self.rows:
            for column in self.columns:
                found[(self.key, row, column)] = int(self.cells.get((row, column), 0))
        if self.totals:
            for row in self.rows:
                found[(self.key, row, TOTAL)] = sum(found[(self.key, row, c)] for c in self.columns)
            for column in self.columns:
                found[(self.key, TOTAL, column)] = sum(found[(self.key, r, column)] for r in self.rows)
            found[(self.key, TOTAL, TOTAL)] = sum(found[(self.key, r, TOTAL)] for r in self.rows)
        return found

    def equations(self) -> list[tuple[CellRef, list[CellRef]]]:
        """(a total, the cells it adds up)."""
        if not self.totals:
            return []
        found: list[tuple[CellRef, list[CellRef]]] = []
        for row in self.rows:
            found.append(((self.key, row, TOTAL), [(self.key, row, c) for c in self.columns]))
        for column in self.columns:
            found.append(((self.key, TOTAL, column), [(self.key, r, column) for r in self.rows]))
        found.append(((self.key, TOTAL, TOTAL), [(self.key, r, TOTAL) for r in self.rows]))
        found.append(((self.key, TOTAL, TOTAL), [(self.key, TOTAL, c) for c in self.columns]))
        return found


@dataclass
class Protected:
    """A protected release: each published cell's value as shown, or None where suppressed."""

    tables: dict[str, Table]
    rules: Rules
    _values: dict[CellRef, int]
    _suppressed: frozenset[CellRef]
    _primary: frozenset[CellRef] = field(default=frozenset())

    def value(self, key: str, row: str, column: str) -> int | None:
        ref = (key, row, column)
        if ref not in self._values:
            raise KeyError(ref)
        if ref in self._suppressed:
            return None
        return self.rules.shown(self._values[ref])

    def shown(self, key: str, row: str, column: str) -> str:
        """The cell as a page or a download writes it."""
        value = self.value(key, row, column)
        return SUPPRESSED_MARK if value is None else str(value)

    def suppressed_cells(self) -> frozenset[CellRef]:
        return self._suppressed

    def primary_cells(self) -> frozenset[CellRef]:
        """Suppressed for being small (for tests and the lead's checks; never shown apart
        from the others, which would say which cells are the small ones)."""
        return self._primary

    def rows(self, key: str) -> list[tuple[str, list[int | None]]]:
        """A table's rows with their cells as shown, totals included, for rendering."""
        table = self.tables[key]
        return [
            (row, [self.value(key, row, column) for column in table.all_columns()])
            for row in table.all_rows()
        ]


class Release:
    """Everything one reader can download for one scope, protected together."""

    def __init__(self, tables: Iterable[Table] = ()) -> None:
        self.tables: dict[str, Table] = {}
        self._relations: list[tuple[CellRef, list[CellRef]]] = []
        for table in tables:
            self.add(table)

    def add(self, table: Table) -> None:
        if table.key in self.tables:
            raise ValueError(f"Two tables are called {table.key}")
        self.tables[table.key] = table

    def relate(self, total: CellRef, parts: Sequence[CellRef]) -> None:
        """Publish that `total` is the sum of `parts` (cells of any tables of the release)."""
        if not parts:
            raise ValueError("A relation needs at least one part")
        self._relations.append((total, list(parts)))

    def values(self) -> dict[CellRef, int]:
        found: dict[CellRef, int] = {}
        for table in self.tables.values():
            found.update(table.values())
        return found

    def equations(self) -> list[tuple[CellRef, list[CellRef]]]:
        found = [equation for table in self.tables.values() for equation in table.equations()]
        return [*found, *self._relations]

    def protect(self, rules: Rules) -> Protected:
        values = self.values()
        equations = self.equations()
        for total, parts in self._relations:
            missing = [ref for ref in (total, *parts) if ref not in values]
            if missing:
                raise ValueError(f"A relation names cells no table has: {missing[:3]}")
            if values[total] != sum(values[part] for part in parts):
                raise ValueError(f"{total} is not the sum of its parts")
        primary = frozenset(ref for ref, value in values.items() if rules.is_primary(value))
        suppressed = set(primary)
        rows = [_equation(total, parts) for total, parts in equations]
        while True:
            exposed = determined(suppressed, rows)
            if not exposed:
                break
            added = _complements(exposed, suppressed, rows, values)
            if not added:  # everything that shares an equation is suppressed already
                break
            suppressed |= added
        return Protected(dict(self.tables), rules, values, frozenset(suppressed), primary)


Equation = dict[CellRef, int]


def _equation(total: CellRef, parts: Sequence[CellRef]) -> Equation:
    """total - sum(parts) = 0, as coefficients (a cell named twice counts twice)."""
    row: Equation = {}
    for part in parts:
        row[part] = row.get(part, 0) + 1
    row[total] = row.get(total, 0) - 1
    return {ref: coefficient for ref, coefficient in row.items() if coefficient}


def determined(suppressed: set[CellRef] | frozenset[CellRef], equations: Sequence[Equation]) -> set[CellRef]:
    """The suppressed cells whose value follows from the published ones: x_s is determined
    when every solution of the equations, restricted to the suppressed cells, gives it the
    same value, that is when no vector of the null space moves it. Worked out exactly (with
    fractions), one connected group of suppressed cells at a time."""
    touching = [
        {ref: c for ref, c in equation.items() if ref in suppressed}
        for equation in equations
        if any(ref in suppressed for ref in equation)
    ]
    found: set[CellRef] = set()
    for group_rows, group_cells in _components(touching):
        found |= _determined_in(group_rows, group_cells)
    return found


def _components(rows: list[dict[CellRef, int]]) -> list[tuple[list[dict[CellRef, int]], list[CellRef]]]:
    parent: dict[CellRef, CellRef] = {}

    def find(ref: CellRef) -> CellRef:
        while parent.setdefault(ref, ref) != ref:
            parent[ref] = parent[parent[ref]]
            ref = parent[ref]
        return ref

    for row in rows:
        refs = list(row)
        for other in refs[1:]:
            parent[find(other)] = find(refs[0])
        find(refs[0])
    groups: dict[CellRef, tuple[list[dict[CellRef, int]], set[CellRef]]] = {}
    for row in rows:
        root = find(next(iter(row)))
        group = groups.setdefault(root, ([], set()))
        group[0].append(row)
        group[1].update(row)
    return [(group_rows, sorted(cells)) for group_rows, cells in groups.values()]


def _determined_in(rows: list[dict[CellRef, int]], cells: list[CellRef]) -> set[CellRef]:
    index = {ref: position for position, ref in enumerate(cells)}
    matrix = [[Fraction(0)] * len(cells) for _ in rows]
    for r, row in enumerate(rows):
        for ref, coefficient in row.items():
            matrix[r][index[ref]] = Fraction(coefficient)
    pivots: dict[int, int] = {}  # column -> row
    rank = 0
    for column in range(len(cells)):
        pivot = next((r for r in range(rank, len(matrix)) if matrix[r][column] != 0), None)
        if pivot is None:
            continue
        matrix[rank], matrix[pivot] = matrix[pivot], matrix[rank]
        lead = matrix[rank][column]
        matrix[rank] = [value / lead for value in matrix[rank]]
        for r in range(len(matrix)):
            if r != rank and matrix[r][column] != 0:
                factor = matrix[r][column]
                matrix[r] = [a - factor * b for a, b in zip(matrix[r], matrix[rank], strict=True)]
        pivots[column] = rank
        rank += 1
    free = [column for column in range(len(cells)) if column not in pivots]
    return {cells[column] for column, row in pivots.items() if all(matrix[row][other] == 0 for other in free)}


def _complements(
    exposed: set[CellRef],
    suppressed: set[CellRef],
    equations: Sequence[Equation],
    values: Mapping[CellRef, int],
) -> set[CellRef]:
    """One more cell to suppress for each equation that exposes a cell: from the equations
    holding an exposed cell, the published cell that costs least (see the module's words)."""

    def cost(ref: CellRef) -> tuple[bool, bool, int, CellRef]:
        is_total = TOTAL in (ref[1], ref[2])
        return (is_total, values[ref] == 0, values[ref], ref)

    added: set[CellRef] = set()
    for cell in sorted(exposed):
        if any(cell in equation and any(ref in added for ref in equation) for equation in equations):
            continue  # a cell added for another exposed cell of the same equation may do
        candidates = {
            ref
            for equation in equations
            if cell in equation
            for ref in equation
            if ref not in suppressed and ref not in added
        }
        if candidates:
            added.add(min(candidates, key=cost))
    if not added:
        # Every equation holding an exposed cell is suppressed already: the exposure runs
        # through a chain of them, so widen to every equation that holds a suppressed cell.
        candidates = {
            ref
            for equation in equations
            if any(ref in suppressed for ref in equation)
            for ref in equation
            if ref not in suppressed
        }
        if candidates:
            added.add(min(candidates, key=cost))
    return added

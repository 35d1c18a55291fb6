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

It works in two steps, repeated until nothing is given away. First, every equation (a total
and its parts) holding exactly one suppressed cell gets a second one, cheaply and to a fixed
point. Then the system is solved (`_Echelon`, an elimination kept up to date as each cell
is suppressed, so a round costs only what it adds), which finds what the first step cannot
see (a cell worked out through a chain of tables), and each such cell gets a partner: from
an equation that holds it, or else from the published cells it is worked out from. A
partner is chosen as the cell that leaves fewest equations newly holding a single suppressed
cell, then an interior cell before a total, a non-zero count before a zero, then the
smallest: so the suppression spreads least and the suppressed cells' ranges stay wide. When
nothing more is given away, the whole system is solved once more from scratch with
fractions, and the search goes on if that finds anything. On a partnership's year of
statistics (25 tables, 490 cells) this takes about 10 ms; a region of ten partnerships
(7,300 cells) under a second.

What this does not promise: that bounds worked out from counts being at least zero are wide
(a suppressed pair in a row whose total is 6 is known to lie between 0 and 6).

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

    def protect(self, rules: Rules, *, start: Iterable[CellRef] = ()) -> Protected:
        """Suppress the small cells and as many more as it takes for none of them to be
        worked out from what is published. `start`: cells to suppress from the outset
        (another protection of some of these tables, say), which the search then completes;
        the final exact check is the same whatever it starts from."""
        values = self.values()
        equations = self.equations()
        for total, parts in self._relations:
            missing = [ref for ref in (total, *parts) if ref not in values]
            if missing:
                raise ValueError(f"A relation names cells no table has: {missing[:3]}")
            if values[total] != sum(values[part] for part in parts):
                raise ValueError(f"{total} is not the sum of its parts")
        primary = frozenset(ref for ref, value in values.items() if rules.is_primary(value))
        suppression = _Suppression([_equation(total, parts) for total, parts in equations], values)
        suppression.add_all(primary)
        suppression.add_all(ref for ref in start if ref in values)
        while True:
            suppression.pair_every_single()
            exposed = suppression.echelon.determined()
            if not exposed:
                # The last word is exact: if fractions see what the prime did not, go on.
                exposed = suppression.determined()
            if not exposed or not suppression.cover(exposed):
                break
        return Protected(dict(self.tables), rules, values, frozenset(suppression.cells), primary)


Equation = dict[CellRef, int]


def _equation(total: CellRef, parts: Sequence[CellRef]) -> Equation:
    """total - sum(parts) = 0, as coefficients (a cell named twice counts twice)."""
    row: Equation = {}
    for part in parts:
        row[part] = row.get(part, 0) + 1
    row[total] = row.get(total, 0) - 1
    return {ref: coefficient for ref, coefficient in row.items() if coefficient}


# A prime near 2**61: the search (`_Echelon`) eliminates modulo it, an order of magnitude
# faster than with fractions, and agrees with fractions unless the prime divides one of the
# system's minors (for these tables of small whole coefficients, most are 0 or 1). The last
# check is always made with fractions (`determined`), so the answer is exact whatever
# happens modulo the prime.
MODULUS = 2**61 - 1


def determined(suppressed: set[CellRef] | frozenset[CellRef], equations: Sequence[Equation]) -> set[CellRef]:
    """The suppressed cells whose value follows from the published ones: x_s is determined
    when every solution of the equations, restricted to the suppressed cells, gives it the
    same value, that is when no vector of the null space moves it. Worked out exactly by
    sparse Gauss-Jordan elimination with fractions: once reduced, a pivot cell is determined
    when its row holds no free cell."""
    pivots: dict[CellRef, dict[CellRef, Fraction]] = {}  # pivot cell -> its reduced row
    # For each free cell, the pivots whose rows hold it (a reduced row holds no other pivot).
    holders: dict[CellRef, set[CellRef]] = {}
    seen: set[frozenset[tuple[CellRef, int]]] = set()
    for equation in equations:
        row = {ref: c for ref, c in equation.items() if ref in suppressed}
        key = frozenset(row.items())
        if not row or key in seen:
            continue
        seen.add(key)
        reduced: dict[CellRef, Fraction] = {ref: Fraction(c) for ref, c in row.items()}
        for pivot in [ref for ref in reduced if ref in pivots]:
            factor = reduced.pop(pivot)
            for ref, value in pivots[pivot].items():
                if ref == pivot:
                    continue
                left = reduced.get(ref, 0) - factor * value
                if left:
                    reduced[ref] = left
                else:
                    reduced.pop(ref, None)
        if not reduced:
            continue
        # The pivot held by fewest rows, so the fewest rows change.
        pivot = min(reduced, key=lambda ref: (len(holders.get(ref, ())), ref))
        inverse = 1 / reduced[pivot]
        reduced = {ref: value * inverse for ref, value in reduced.items()}
        # Keep every row reduced: take the new pivot out of the rows that hold it.
        for other in holders.pop(pivot, set()):
            other_row = pivots[other]
            factor = other_row.pop(pivot)
            for ref, value in reduced.items():
                if ref == pivot:
                    continue
                left = other_row.get(ref, 0) - factor * value
                if left:
                    other_row[ref] = left
                    holders.setdefault(ref, set()).add(other)
                else:
                    other_row.pop(ref, None)
                    holders.get(ref, set()).discard(other)
        for ref in reduced:
            if ref != pivot:
                holders.setdefault(ref, set()).add(pivot)
        pivots[pivot] = reduced
    return {pivot for pivot, row in pivots.items() if len(row) == 1}


class _Echelon:
    """What the equations give away of the suppressed cells, kept up to date as cells are
    suppressed one by one (modulo MODULUS), so that each round of the search costs only the
    cells it adds, not an elimination of the whole system.

    Its rows span the equations' row space, over every cell, suppressed or published. Each
    row is either a *pivot row*, whose pivot is a suppressed cell that no other row holds, or
    a *published row*, which holds no suppressed cell. A suppressed cell is given away when
    some combination of the equations holds it and no other suppressed cell (the published
    cells' values are known): exactly when it is a pivot and its row holds no suppressed cell
    that is not a pivot (a *free* cell). Suppressing a cell `t`: if a published row holds
    it, that row becomes `t`'s pivot row and `t` is taken out of every other row (the row
    holds no suppressed cell, so no other pivot row gains one); otherwise `t` is free, and
    the pivot rows holding it give nothing away any more. Cells are only ever added, so the
    whole search costs about one elimination of the system in the order cells are suppressed."""

    def __init__(self, equations: Sequence[Equation]) -> None:
        self.rows: dict[int, dict[CellRef, int]] = {}
        self.holders: dict[CellRef, set[int]] = {}
        self.pivot_of: dict[int, CellRef] = {}  # pivot row -> its pivot
        self.free_in: dict[int, int] = {}  # pivot row -> how many free cells it holds
        self.free: set[CellRef] = set()
        for index, equation in enumerate(equations):
            self.rows[index] = {ref: coefficient % MODULUS for ref, coefficient in equation.items()}
            for ref in equation:
                self.holders.setdefault(ref, set()).add(index)

    def add(self, cell: CellRef) -> None:
        holding = self.holders.get(cell, set())
        published = [index for index in holding if index not in self.pivot_of]
        if not published:
            self.free.add(cell)
            for index in holding:
                self.free_in[index] += 1
            return
        chosen = min(published, key=lambda index: (len(self.rows[index]), index))
        row = self.rows[chosen]
        inverse = pow(row[cell], MODULUS - 2, MODULUS)
        for ref in row:
            row[ref] = row[ref] * inverse % MODULUS
        for index in list(holding):
            if index == chosen:
                continue
            other = self.rows[index]
            factor = other[cell]
            for ref, value in row.items():
                left = (other.get(ref, 0) - factor * value) % MODULUS
                if left:
                    if ref not in other:
                        self.holders.setdefault(ref, set()).add(index)
                    other[ref] = left
                elif ref in other:
                    del other[ref]
                    self.holders[ref].discard(index)
            if not other:
                del self.rows[index]
        self.pivot_of[chosen] = cell
        self.free_in[chosen] = 0

    def determined(self) -> set[CellRef]:
        return {cell for index, cell in self.pivot_of.items() if not self.free_in[index]}

    def published_with(self, cell: CellRef) -> list[CellRef]:
        """The published cells from which a given-away `cell` is worked out (the other cells
        of its pivot row): suppressing one of them is where to start hiding it again."""
        for index in self.holders.get(cell, ()):
            if self.pivot_of.get(index) == cell:
                return [ref for ref in self.rows[index] if ref != cell]
        return []


class _Suppression:
    """The cells suppressed so far, and for each equation how many of its cells are."""

    def __init__(self, equations: list[Equation], values: Mapping[CellRef, int]) -> None:
        self.equations = [equation for equation in equations if len(equation) > 1]
        self.values = values
        self.cells: set[CellRef] = set()
        self.holding: dict[CellRef, list[int]] = {}
        for index, equation in enumerate(self.equations):
            for ref in equation:
                self.holding.setdefault(ref, []).append(index)
        self.count = [0] * len(self.equations)
        self._determined: dict[frozenset[CellRef], set[CellRef]] = {}
        self.echelon = _Echelon(self.equations)

    def add_all(self, cells: Iterable[CellRef]) -> None:
        for cell in sorted(cells):
            self.add(cell)

    def add(self, cell: CellRef) -> None:
        if cell in self.cells:
            return
        self.cells.add(cell)
        self.echelon.add(cell)
        for index in self.holding.get(cell, ()):
            self.count[index] += 1

    def cost(self, ref: CellRef) -> tuple[int, bool, bool, int, CellRef]:
        """What suppressing `ref` costs: first the equations it would leave with a single
        suppressed cell (each needs another), then an interior cell before a total, a
        non-zero count before a zero, a smaller count before a larger."""
        opened = sum(1 for index in self.holding.get(ref, ()) if self.count[index] == 0)
        value = self.values[ref]
        return (opened, TOTAL in (ref[1], ref[2]), value == 0, value, ref)

    def cheapest(self, indexes: Iterable[int]) -> CellRef | None:
        candidates = {ref for index in indexes for ref in self.equations[index] if ref not in self.cells}
        return min(candidates, key=self.cost) if candidates else None

    def pair_every_single(self) -> None:
        """Until no equation holds exactly one suppressed cell (which it would give away):
        suppress the cheapest other cell of each such equation."""
        waiting = [index for index, count in enumerate(self.count) if count == 1]
        while waiting:
            index = waiting.pop()
            if self.count[index] != 1:
                continue
            cell = self.cheapest([index])
            if cell is None:
                continue
            self.add(cell)
            waiting.extend(i for i in self.holding.get(cell, ()) if self.count[i] == 1)

    def components(self) -> list[tuple[frozenset[CellRef], list[int]]]:
        """The suppressed cells in groups that equations link (each equation's suppressed
        cells are in one group), with the equations holding each group's cells. What the
        published figures give away of one group depends on its equations only."""
        parent: dict[CellRef, CellRef] = {cell: cell for cell in self.cells}

        def root(cell: CellRef) -> CellRef:
            while parent[cell] != cell:
                parent[cell] = parent[parent[cell]]
                cell = parent[cell]
            return cell

        holding = [index for index, count in enumerate(self.count) if count]
        for index in holding:
            first: CellRef | None = None
            for ref in self.equations[index]:
                if ref in parent:
                    if first is None:
                        first = root(ref)
                    else:
                        other = root(ref)
                        if other != first:
                            parent[other] = first
        cells: dict[CellRef, set[CellRef]] = {}
        for cell in self.cells:
            cells.setdefault(root(cell), set()).add(cell)
        equations: dict[CellRef, list[int]] = {}
        for index in holding:
            ref = next(ref for ref in self.equations[index] if ref in parent)
            equations.setdefault(root(ref), []).append(index)
        return [(frozenset(group), equations.get(key, [])) for key, group in cells.items()]

    def determined(self) -> set[CellRef]:
        """The suppressed cells the equations give away, exactly (`determined`), worked out
        group by group (`components`), each group's answer kept while the group does not
        change, so a check after `cover` eliminates only the groups it touched."""
        found: set[CellRef] = set()
        for cells, indexes in self.components():
            if cells not in self._determined:
                self._determined[cells] = determined(cells, [self.equations[i] for i in indexes])
            found |= self._determined[cells]
        return found

    def cover(self, exposed: set[CellRef]) -> bool:
        """Suppress one more cell for each cell the equations still give away, from the
        equations that hold it; False when there is nothing left to suppress."""
        added = False
        groups: dict[CellRef, list[int]] | None = None
        for cell in sorted(exposed):
            cheapest = self.cheapest(self.holding.get(cell, ()))
            if cheapest is None:
                # Every equation holding it is suppressed already: the exposure runs
                # through a chain of them. The published cells it is worked out from are
                # where to hide it; failing those, widen to the equations of its group.
                published = self.echelon.published_with(cell)
                cheapest = min(published, key=self.cost) if published else None
            if cheapest is None:
                if groups is None:
                    groups = {ref: indexes for cells, indexes in self.components() for ref in cells}
                cheapest = self.cheapest(groups.get(cell, ()))
            if cheapest is None:
                cheapest = self.cheapest(i for i, count in enumerate(self.count) if count)
            if cheapest is not None:
                self.add(cheapest)
                added = True
        return added

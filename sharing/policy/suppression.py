"""Small-number suppression for group figures (POLICY.md "Groups of people", ¶19–22).

¶22: a figure must not identify anyone — "the only child of a specific ethnic group in a postcode
area". **Decision** (POLICY.md): a count from 1 to the threshold minus one is suppressed, and
enough other cells are suppressed that the hidden one cannot be worked back from what is shown.

The model. Everything a page shows is built from *atoms*: disjoint groups of people (or events)
at the finest grain the page uses — e.g. (postcode sector, age band, ethnic group). A *cell* is
the sum of some atoms: a row, a column, a total, a month, a centre against one of its sectors.
Because every cell is a sum of the same atoms, every relation between cells (row and column
totals, a period against its months, a centre against its sectors, a numerator against its
denominator) is implied, and nothing has to be declared twice.

Some differences are never printed but could be computed by a reader — "recorded but not
breastfed" is the denominator minus the numerator. They are cells too, with ``shown=False``:
protected like the others, never displayed.

The rule. A cell is *protected* when its value is from 1 to threshold − 1. Every displayed
protected cell is hidden (primary suppression). Then, for every hidden cell and every protected
cell that is not displayed, there must be a **witness**: one person moved between two atoms (or
into or out of the table) that changes that cell and leaves every shown cell unchanged, keeping
every atom at zero or more. A witness is a second table, consistent with everything shown, in
which the cell has another value — so the cell cannot be worked back. Where there is none, more
cells are hidden (secondary suppression), cheapest first, until there is. Hiding more never
removes a witness, so this ends, at worst with a whole table hidden.

The witness is a sufficient condition, not a necessary one (a larger move could also hide a
cell), so the rule may hide a little more than an optimal solver would; it never hides less.
``tests/sharing/test_suppression.py`` checks every witness independently with hypothesis.

Pure: no Django, no ORM. Callers build the atoms from aggregate queries.
"""
from __future__ import annotations

from collections import defaultdict
from collections.abc import Hashable, Iterable, Mapping
from dataclasses import dataclass, field

DEFAULT_THRESHOLD = 5
OUTSIDE: Hashable = ("outside",)  # anyone not in the table: a witness may add or remove one


@dataclass(frozen=True)
class Cell:
    """One figure: the sum of ``atoms``. ``shown=False`` for a difference a reader could compute
    from displayed cells but that the page never prints (it is protected, never displayed)."""

    key: Hashable
    atoms: frozenset
    shown: bool = True


@dataclass(frozen=True)
class Move:
    """One person moved from ``source`` to ``target`` (either may be ``OUTSIDE``)."""

    source: Hashable
    target: Hashable


@dataclass
class Suppression:
    threshold: int
    values: dict[Hashable, int]
    hidden: frozenset  # keys of displayed cells shown as suppressed
    protected: frozenset  # keys of every cell (displayed or not) whose value is small
    witnesses: dict[Hashable, Move] = field(default_factory=dict)

    def shown(self, key: Hashable) -> int | None:
        """The value to display, or None where it is suppressed."""
        return None if key in self.hidden else self.values[key]

    def rate(self, numerator: Hashable, denominator: Hashable) -> float | None:
        """A rate is shown only when both its numerator and its denominator are shown."""
        top, bottom = self.shown(numerator), self.shown(denominator)
        if top is None or bottom is None or bottom == 0:
            return None
        return top / bottom


def is_small(value: int, threshold: int) -> bool:
    return 1 <= value < threshold


def cell_value(cell: Cell, atoms: Mapping[Hashable, int]) -> int:
    return sum(atoms.get(atom, 0) for atom in cell.atoms)


def _signatures(atoms: Iterable[Hashable], cells: list[Cell], hidden: set) -> dict[Hashable, frozenset]:
    """For each atom, the displayed, not hidden cells it counts in: a reader's view of it."""
    seen: dict[Hashable, set] = defaultdict(set)
    for cell in cells:
        if cell.shown and cell.key not in hidden:
            for atom in cell.atoms:
                seen[atom].add(cell.key)
    signatures = {atom: frozenset(seen.get(atom, ())) for atom in atoms}
    signatures[OUTSIDE] = frozenset()
    return signatures


def _available(atom: Hashable, atoms: Mapping[Hashable, int]) -> bool:
    """Whether one person can be taken from ``atom`` (the outside is never empty)."""
    return atom == OUTSIDE or atoms.get(atom, 0) >= 1


def find_witness(
    cell: Cell, atoms: Mapping[Hashable, int], signatures: Mapping[Hashable, frozenset]
) -> Move | None:
    """A move of one person that changes ``cell`` and no shown cell, or None."""
    inside = cell.atoms
    # Atoms the reader cannot tell apart, grouped: a move within a group changes no shown cell.
    groups: dict[frozenset, tuple[list, list]] = defaultdict(lambda: ([], []))
    for atom, signature in signatures.items():
        groups[signature][0 if atom in inside else 1].append(atom)
    for ins, outs in groups.values():
        if not ins or not outs:
            continue
        for a in ins:
            if _available(a, atoms):
                return Move(a, outs[0])
        for b in outs:
            if _available(b, atoms):
                return Move(b, ins[0])
    return None


def _cheapest_hiding(
    cell: Cell, atoms: Mapping[Hashable, int], signatures: Mapping[Hashable, frozenset], values: Mapping
) -> frozenset:
    """The smallest set of shown cells whose hiding gives ``cell`` a witness: fewest people's
    figures lost first (least information), then fewest cells."""
    inside = [a for a in signatures if a in cell.atoms]
    outside = [a for a in signatures if a not in cell.atoms]
    # Distinct signatures only: atoms with the same one cost the same.
    best: tuple | None = None
    best_set: frozenset = frozenset()
    in_sigs: dict[frozenset, bool] = {}
    for a in inside:
        in_sigs[signatures[a]] = in_sigs.get(signatures[a], False) or _available(a, atoms)
    out_sigs: dict[frozenset, bool] = {}
    for b in outside:
        out_sigs[signatures[b]] = out_sigs.get(signatures[b], False) or _available(b, atoms)
    for sig_a, a_ok in in_sigs.items():
        for sig_b, b_ok in out_sigs.items():
            if not (a_ok or b_ok):
                continue
            difference = sig_a ^ sig_b
            cost = (sum(values[key] for key in difference), len(difference))
            if best is None or cost < best:
                best, best_set = cost, difference
    return best_set


def _components(cells: list[Cell]) -> list[list[Cell]]:
    """Cells that share no atom, directly or through other cells, cannot give each other away:
    each group is suppressed on its own (it is also much faster)."""
    parent: dict[Hashable, Hashable] = {}

    def root(atom: Hashable) -> Hashable:
        while parent.setdefault(atom, atom) != atom:
            parent[atom] = parent[parent[atom]]
            atom = parent[atom]
        return atom

    for cell in cells:
        first = next(iter(cell.atoms), None)
        for atom in cell.atoms:
            parent[root(atom)] = root(first)
    groups: dict[Hashable, list[Cell]] = defaultdict(list)
    for cell in cells:
        groups[root(next(iter(cell.atoms))) if cell.atoms else ("empty", cell.key)].append(cell)
    return list(groups.values())


def suppress(
    atoms: Mapping[Hashable, int], cells: Iterable[Cell], threshold: int = DEFAULT_THRESHOLD
) -> Suppression:
    """Decide which displayed cells of one page are shown (module docstring)."""
    if threshold < 1:
        raise ValueError("The suppression threshold must be at least 1.")
    cells = list(cells)
    keys = [cell.key for cell in cells]
    if len(set(keys)) != len(keys):
        raise ValueError("Each cell needs its own key.")
    atoms = {atom: int(count) for atom, count in atoms.items()}
    if any(count < 0 for count in atoms.values()):
        raise ValueError("Counts cannot be negative.")
    for cell in cells:
        for atom in cell.atoms:
            atoms.setdefault(atom, 0)
    values = {cell.key: cell_value(cell, atoms) for cell in cells}
    protected = frozenset(cell.key for cell in cells if is_small(values[cell.key], threshold))
    hidden: set = set()
    witnesses: dict[Hashable, Move] = {}
    for group in _components(cells):
        group_atoms = {atom: atoms[atom] for cell in group for atom in cell.atoms}
        _suppress_group(group, group_atoms, values, protected, hidden, witnesses)
    return Suppression(
        threshold=threshold, values=values, hidden=frozenset(hidden), protected=protected, witnesses=witnesses
    )


def _suppress_group(
    cells: list[Cell], atoms: dict, values: Mapping, protected: frozenset, hidden: set, witnesses: dict
) -> None:
    """Primary then secondary suppression of one connected group of cells (module docstring)."""
    hidden |= {cell.key for cell in cells if cell.shown and cell.key in protected}
    by_key = {cell.key: cell for cell in cells}
    while True:
        signatures = _signatures(atoms, cells, hidden)
        need = [
            cell.key for cell in cells
            if (cell.key in hidden or cell.key in protected) and cell.key not in witnesses
        ]
        progressed = False
        for key in need:
            move = find_witness(by_key[key], atoms, signatures)
            if move is not None:
                witnesses[key] = move
                continue
            hidden |= _cheapest_hiding(by_key[key], atoms, signatures, values) - hidden
            progressed = True
            break  # signatures changed: recompute them before the next cell
        if not progressed:
            return

"""Small-number suppression (POLICY.md "Groups of people", ¶22): no suppressed value can be worked
back from what a page shows — proved, for generated tables, by exhibiting for every hidden cell a
second table that agrees with every shown figure and gives that cell another value."""
from __future__ import annotations

import itertools

from hypothesis import given, settings
from hypothesis import strategies as st

from sharing.policy.suppression import OUTSIDE, Cell, cell_value, suppress

STAR = "*"


def _second_table(atoms: dict, move) -> dict:
    """The witness applied: one person moved (never trusting the module's own bookkeeping)."""
    other = dict(atoms)
    if move.source != OUTSIDE:
        other[move.source] = other.get(move.source, 0) - 1
    if move.target != OUTSIDE:
        other[move.target] = other.get(move.target, 0) + 1
    return other


def assert_nothing_recomputable(atoms: dict, cells: list[Cell], threshold: int) -> None:
    result = suppress(atoms, cells, threshold)
    by_key = {cell.key: cell for cell in cells}
    values = {cell.key: cell_value(cell, atoms) for cell in cells}
    shown = [cell for cell in cells if cell.shown and cell.key not in result.hidden]
    # Primary: every displayed count from 1 to threshold - 1 is suppressed.
    for cell in cells:
        if cell.shown and 1 <= values[cell.key] < threshold:
            assert cell.key in result.hidden, cell.key
        if not cell.shown:
            assert cell.key not in result.hidden
    # Every hidden cell, and every small difference a reader could try to compute, has a second
    # consistent table in which it differs: the shown figures admit at least two values for it.
    must_hide = set(result.hidden) | {c.key for c in cells if not c.shown and 1 <= values[c.key] < threshold}
    for key in must_hide:
        move = result.witnesses[key]
        other = _second_table(atoms, move)
        assert all(count >= 0 for count in other.values()), (key, move)
        for cell in shown:
            assert cell_value(cell, other) == values[cell.key], (key, move, cell.key)
        assert cell_value(by_key[key], other) != values[key], (key, move)
    # What is shown is the truth.
    for cell in shown:
        assert result.shown(cell.key) == values[cell.key]


def _table(rows: int, cols: int, periods: int, margins: frozenset, differences: bool) -> tuple[list, list[Cell]]:
    """A rows × columns × periods table of people split in two (e.g. breastfed or not), with the
    chosen margins displayed: row and column totals, period totals, a centre against its sectors,
    numerators, and optionally the numerator's complement as a difference a reader could take."""
    atom_keys = list(itertools.product(range(rows), range(cols), range(periods), (0, 1)))
    cells: list[Cell] = []
    for pattern in itertools.product((True, False), repeat=3):
        if pattern not in margins:
            continue
        ranges = [range(n) if keep else [STAR] for keep, n in zip(pattern, (rows, cols, periods), strict=True)]
        for r, c, p in itertools.product(*ranges):
            def matches(atom, r=r, c=c, p=p):
                return all(want in (STAR, got) for want, got in zip((r, c, p), atom[:3], strict=True))
            group = frozenset(a for a in atom_keys if matches(a))
            cells.append(Cell(("all", r, c, p), group))
            cells.append(Cell(("yes", r, c, p), frozenset(a for a in group if a[3] == 1)))
            if differences:
                cells.append(Cell(("no", r, c, p), frozenset(a for a in group if a[3] == 0), shown=False))
    return atom_keys, cells


MARGINS = list(itertools.product((True, False), repeat=3))


@settings(max_examples=300, deadline=None)
@given(
    rows=st.integers(1, 4),
    cols=st.integers(1, 4),
    periods=st.integers(1, 3),
    margins=st.sets(st.sampled_from(MARGINS), min_size=1),
    differences=st.booleans(),
    threshold=st.integers(2, 6),
    data=st.data(),
)
def test_no_suppressed_value_can_be_recomputed(rows, cols, periods, margins, differences, threshold, data):
    atom_keys, cells = _table(rows, cols, periods, frozenset(margins), differences)
    counts = data.draw(st.lists(
        st.one_of(st.just(0), st.integers(1, threshold + 1), st.integers(0, 40)),
        min_size=len(atom_keys), max_size=len(atom_keys),
    ))
    assert_nothing_recomputable(dict(zip(atom_keys, counts, strict=True)), cells, threshold)


def test_the_only_child_of_an_ethnic_group_in_a_postcode_area():
    """¶22's own example: one child of a group in a sector, the rest shown, totals shown."""
    atoms = {("NR1 1", "roma"): 1, ("NR1 1", "white"): 30, ("NR1 2", "roma"): 0, ("NR1 2", "white"): 25,
             ("NR1 1", "asian"): 12, ("NR1 2", "asian"): 9}
    cells = [Cell((s, g), frozenset({(s, g)})) for s, g in atoms]
    for sector in ("NR1 1", "NR1 2"):
        cells.append(Cell((sector, "total"), frozenset(a for a in atoms if a[0] == sector)))
    for group in ("roma", "white", "asian"):
        cells.append(Cell(("centre", group), frozenset(a for a in atoms if a[1] == group)))
    cells.append(Cell(("centre", "total"), frozenset(atoms)))
    result = suppress(atoms, cells, 5)
    assert ("NR1 1", "roma") in result.hidden
    # The centre's Roma total (1) is small too, and the sector total alone would give it away.
    assert ("centre", "roma") in result.hidden
    assert len(result.hidden) >= 3
    assert_nothing_recomputable(atoms, cells, 5)


def test_a_difference_between_two_periods_is_protected():
    """Year to date and the quarter before it, both large: the month between them is 2."""
    atoms = {"earlier": 40, "this month": 2}
    cells = [Cell("to last month", frozenset({"earlier"})), Cell("to this month", frozenset(atoms)),
             Cell("this month", frozenset({"this month"}), shown=False)]
    result = suppress(atoms, cells, 5)
    assert result.hidden  # one of the two periods must go
    assert_nothing_recomputable(atoms, cells, 5)


def test_a_rate_is_suppressed_with_its_numerator_or_denominator():
    atoms = {"fed": 3, "not fed": 20}
    cells = [Cell("fed", frozenset({"fed"})), Cell("recorded", frozenset(atoms))]
    result = suppress(atoms, cells, 5)
    assert result.shown("fed") is None
    assert result.rate("fed", "recorded") is None


def test_large_counts_and_zeros_are_shown():
    atoms = {"a": 0, "b": 12, "c": 7}
    cells = [Cell(k, frozenset({k})) for k in atoms] + [Cell("total", frozenset(atoms))]
    result = suppress(atoms, cells, 5)
    assert not result.hidden
    assert result.rate("b", "total") == 12 / 19

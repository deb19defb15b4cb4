"""The report tabs whose look follows their data cell by cell, made constant-cost for a live workbook.

On the file path a DOOD colours each code's cells and the cost report shades overridden EFCs cell by cell, which
costs nothing in a file but one Excel call per range on a live workbook. ``dood_tab`` and ``cost_tab`` take those
formats out of the spec and express them as conditional formats (one per code, over the whole grid) or one fill
matrix, so the button costs the same however many performers, dates or accounts there are.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, replace

from ..model.sheetspec import Block, Format, SheetSpec, Style
from ..workbook.reader import column_letter
from .styling import CellRule, Fills, Rect


@dataclass(frozen=True, slots=True)
class LiveTab:
    """A tab as the live path draws it: the spec without the formats that ``rules`` and ``fills`` stand for."""

    spec: SheetSpec
    rules: tuple[CellRule, ...] = ()
    fills: tuple[Fills, ...] = ()


def _spec_without(spec: SheetSpec, dropped: Sequence[Format]) -> SheetSpec:
    gone = {id(f) for f in dropped}
    return replace(spec, formats=tuple(f for f in spec.formats if id(f) not in gone))


def _cells(rects: Sequence[Rect]) -> Iterator[tuple[int, int]]:
    for r1, c1, r2, c2 in rects:
        for r in range(r1, r2 + 1):
            for c in range(c1, c2 + 1):
                yield r, c


def dood_tab(spec: SheetSpec) -> LiveTab:
    """The DOOD tab with its colours as conditional formats: one rule per code over the whole code grid (every code
    of the legend, present or not, so a code the coordinator types takes its colour), and one rule shading the
    columns of dates without a shoot day (the day row above the grid is empty there). The spec's per-run formats,
    whose number grows with the cast and the dates, are left out; each rule is used only where it colours exactly
    the cells the file path colours, and the look of each code is taken from the spec's own formats.

    Not reproduced: the file path also borders the shaded columns in the two rows under the grid (total and gap
    rows, empty there); a conditional format cannot set borders through xlwings."""
    from ..reports.dood_tab import CODE_FILLS, FIRST_DATE_COL, FIRST_ROW, HEADER_ROW, OFF_FILL

    def block_at(row: int, col: int) -> Block | None:
        return next((b for b in spec.blocks if b.row == row and b.col == col), None)

    days = block_at(HEADER_ROW, FIRST_DATE_COL)
    if days is None or not days.width:  # no dates: nothing to colour
        return LiveTab(spec)
    last_col = FIRST_DATE_COL + days.width - 1
    grid = block_at(FIRST_ROW, FIRST_DATE_COL)
    below = [b for b in spec.blocks if b.col == FIRST_DATE_COL and b.row > FIRST_ROW]
    last_row = max([b.row + b.height - 1 for b in below] + [FIRST_ROW])
    dropped: list[Format] = []
    rules: list[CellRule] = []

    # Company days off: the whole column, from the first cast row to the last per-day row.
    off = [f for f in spec.formats if f.style.fill == OFF_FILL]
    blank_days = {FIRST_DATE_COL + j for j, v in enumerate(days.values[0]) if v in (None, "")}
    off_cols = {c for f in off for _, c in _cells([(r[0], r[1], r[0], r[3]) for r in f.ranges])}
    spans = {(r[0], r[2]) for f in off for r in f.ranges}
    if len(off) == 1 and off_cols == blank_days and spans <= {(FIRST_ROW, last_row)}:
        # "The shoot-day cell at the top of my column is empty", written for the area's top-left cell: no
        # function name, so desktop Excel reads it whatever the language of its formulas.
        day_cell = f"{column_letter(FIRST_DATE_COL)}${HEADER_ROW}"
        rules.append(CellRule((FIRST_ROW, FIRST_DATE_COL, last_row, last_col), Style(fill=OFF_FILL),
                              formula=f'={day_cell}=""'))  # fmt: skip
        dropped += off
    # else (a dated shoot day without a day number): the spec's shading stays, drawn as the file path does

    # The codes: one rule each, over exactly the grid of codes.
    if grid is not None and grid.height and grid.width:
        area = (grid.row, grid.col, grid.row + grid.height - 1, grid.col + grid.width - 1)
        value = {(grid.row + i, grid.col + j): v for i, r in enumerate(grid.values) for j, v in enumerate(r)}
        count = Counter(value.values())
        looks: dict[str, Style] = {}
        for f in spec.formats:
            cells = list(_cells(f.ranges))
            codes = {value[x] if x in value else spec.value_at(*x) for x in cells}
            if len(codes) != 1 or (code := next(iter(codes))) not in CODE_FILLS:
                continue
            looks.setdefault(code, f.style)
            if all(x in value for x in cells) and len(cells) == count[code]:
                dropped.append(f)  # the grid's cells of this code, all of them and nothing else
        for code, fill in CODE_FILLS.items():
            look = looks.get(code, Style(fill=fill))
            rules.append(CellRule(area, Style(fill=look.fill, color=look.color, bold=look.bold), equals=code))
    return LiveTab(_spec_without(spec, dropped), tuple(rules))


def cost_tab(spec: SheetSpec) -> LiveTab:
    """The Cost Report tab with the shading of accounts whose EFC the accountant set (Accounts → EFC Override) as
    one fill matrix over the EFC column instead of one call per overridden account. Not a conditional format:
    what marks an override (a value where other rows have a formula) needs function names in the rule's formula,
    which desktop Excel reads in the language of its own formulas."""
    from ..reports.cost import OVERRIDE_FILL

    marked = [f for f in spec.formats if f.style.fill == OVERRIDE_FILL and f.ranges]
    cells = {x for f in marked for x in _cells(f.ranges)}
    if len(marked) != 1 or len({c for _, c in cells}) != 1:
        return LiveTab(spec)  # not the one column of overrides this is made for: drawn as the file path does
    col = next(iter(cells))[1]
    top, bottom = min(r for r, _ in cells), max(r for r, _ in cells)
    colors = tuple((OVERRIDE_FILL if (r, col) in cells else None,) for r in range(top, bottom + 1))
    return LiveTab(_spec_without(spec, marked), fills=(Fills(top, col, colors),))



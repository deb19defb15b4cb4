"""Cell values for the live workbook: what one value write of a whole tab holds.

A ``SheetSpec``'s grid becomes one list of rows for a single xlwings write: text that Excel would take for a
formula or a number is written so it stays text, links become ``HYPERLINK`` formulas (no per-cell hyperlink call),
and widths are converted to what each engine measures in (characters on desktop, points on the web).
"""

from __future__ import annotations

import re
from typing import Any

from ..model.sheetspec import Formula, SheetSpec
from ..workbook.safety import xlsx_text_needs_prefix


def width_for_engine(chars: float, web: bool) -> float:
    """Column width as the engine takes it: characters on desktop, points on the web engines (Calibri 11: a
    character is 7 px plus 5 px of padding, 0.75 pt per px)."""
    return round((chars * 7 + 5) * 0.75, 2) if web else chars


def _hex(color: str | None) -> str | None:
    if not color:
        return None
    c = color.lstrip("#")
    return f"#{c[-6:]}"


def _text_formula(text: str) -> str:
    return '"' + text.replace('"', '""') + '"'


def link_formula(sheet: str, cell: str, display: Any) -> str:
    """An in-workbook link as a formula: one value among the others instead of one hyperlink call per cell."""
    target = "#'" + sheet.replace("'", "''") + "'!" + cell
    shown = "" if display is None else str(display)
    return f"=HYPERLINK({_text_formula(target)},{_text_formula(shown)})"


# Text Excel would turn into something else when written through the API, as if typed: numbers ("007"), fractions
# and split-scene parts ("1/2", "1 3/8"), dates ("3-Mar", "Mar 3"), times, percentages, booleans.
_CONVERTIBLE = re.compile(
    r"^\s*([-+(.$€£¥]|\d|(true|false)\s*$|(jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)[a-z]*[\s./-]*\d)",
    re.IGNORECASE)


def cell_value(v: Any, literal_text: bool = True) -> Any:
    """A value as the engine must receive it to store what the spec means, as the openpyxl writer stores it.

    Strings go through Excel's input parser on every engine, so text that would parse as a number, a date or a
    formula gets the apostrophe prefix (stored by Excel as the cell's quote prefix, not as a character).
    ``Formula`` values are formulas; in a sheet without ``literal_text`` (the Issues tab) any string starting
    with "=" is one too, as openpyxl writes it."""
    if not isinstance(v, str):
        return v
    if isinstance(v, Formula) or (not literal_text and v.startswith("=")):
        return str(v)
    if xlsx_text_needs_prefix(v) or _CONVERTIBLE.match(v):
        return "'" + v
    return v


def _as_value(v: Any) -> Any:
    """A value from a call-sheet template or fill plan: text stays text (the template's own formulas are kept by
    copying rows, never written back)."""
    return cell_value(v, literal_text=True)


def spec_grid(spec: SheetSpec) -> list[list[Any]]:
    """The whole tab as one rectangle of values from A1: blocks in order (the last wins, as in ``value_at``), then
    the links as HYPERLINK formulas showing the cell's value."""
    rows = max([b.row + b.height - 1 for b in spec.blocks] + [lk.row for lk in spec.links] + [0])
    cols = max([b.col + b.width - 1 for b in spec.blocks] + [lk.col for lk in spec.links] + [0])
    grid: list[list[Any]] = [[None] * cols for _ in range(rows)]
    for b in spec.blocks:
        for i, r in enumerate(b.values):
            row = grid[b.row - 1 + i]
            for j, v in enumerate(r):
                row[b.col - 1 + j] = cell_value(v, spec.literal_text)
    for lk in spec.links:
        shown = spec.value_at(lk.row, lk.col)
        grid[lk.row - 1][lk.col - 1] = link_formula(lk.sheet, lk.cell, shown)
    return grid



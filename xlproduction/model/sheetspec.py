"""Engine-neutral descriptions of the tabs xlproduction generates.

The Issues tab, call sheets and reports are described once here — values in blocks of rows, styles, column
widths, merges, links, print setup — and rendered by two writers: openpyxl for files (CLI) and xlwings for a
live workbook (ribbon, Lite). Keeping the description separate is what lets both paths produce the same tab and
lets tests assert on the tab's content without either engine.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any


class Formula(str):
    """A cell formula, with its leading '='. In a sheet with ``literal_text`` only values of this type are
    written as formulas; every other string is text, however it begins (see ``xlproduction.workbook.safety``)."""

    __slots__ = ()


@dataclass(frozen=True, slots=True)
class Style:
    bold: bool = False
    italic: bool = False
    size: float | None = None
    color: str | None = None  # font colour, hex RRGGBB
    fill: str | None = None  # background, hex RRGGBB
    number_format: str | None = None
    align: str | None = None  # left | center | right
    wrap: bool = False
    border: bool = False


@dataclass(frozen=True, slots=True)
class Block:
    """A rectangle of values written in one go, starting at (row, col), 1-based, with one style."""

    row: int
    col: int
    values: tuple[tuple[Any, ...], ...]
    style: Style | None = None

    @property
    def height(self) -> int:
        return len(self.values)

    @property
    def width(self) -> int:
        return max((len(r) for r in self.values), default=0)


@dataclass(frozen=True, slots=True)
class Link:
    """An in-workbook hyperlink: the cell at (row, col) jumps to ``'sheet'!cell``."""

    row: int
    col: int
    sheet: str
    cell: str

    @property
    def location(self) -> str:
        # A quote inside a sheet name is doubled in a reference ('Joe''s Days'!B2), as Excel writes it.
        return "'" + self.sheet.replace("'", "''") + f"'!{self.cell}"


@dataclass(frozen=True, slots=True)
class Format:
    """A style laid over cells without writing values: rectangles (first row, first col, last row, last col;
    1-based, inclusive) that share it. One format per kind of cell lets a writer style a whole grid (a Day Out of
    Days' codes) in a few grouped calls instead of one call per cell."""

    style: Style
    ranges: tuple[tuple[int, int, int, int], ...]


@dataclass(frozen=True, slots=True)
class ChartSeries:
    """One series of a chart: its title and the cells of its values, rows ``first_row``..``last_row`` of ``col``."""

    title: str
    first_row: int
    last_row: int
    col: int


@dataclass(frozen=True, slots=True)
class ChartSpec:
    """A native spreadsheet chart over cells of the same sheet (never a picture: it stays live in Excel).

    The category labels are rows ``first_row``..``last_row`` of ``category_col``, each series' values the same
    rows of its own column; ``kind`` is "bar" (horizontal bars, for long labels such as account names) or
    "column"."""

    title: str
    anchor: str  # the cell at the chart's top-left corner
    category_col: int
    first_row: int
    last_row: int
    series: tuple[ChartSeries, ...]
    kind: str = "bar"
    width_cm: float = 18.0
    height_cm: float = 9.0
    number_format: str | None = None
    value_title: str | None = None


@dataclass(frozen=True, slots=True)
class SheetSpec:
    name: str
    blocks: tuple[Block, ...]
    widths: dict[int, float] = field(default_factory=dict)  # column index (1-based) -> width in characters
    merges: tuple[str, ...] = ()
    links: tuple[Link, ...] = ()
    freeze: str | None = None  # the first scrollable cell, e.g. "A3"
    landscape: bool = False
    fit_width: bool = True
    print_title_rows: str | None = None  # e.g. "2:2"
    paper: str = "Letter"
    tab_color: str | None = None
    autofilter: str | None = None  # e.g. "A2:F40"
    formats: tuple[Format, ...] = ()  # applied after the blocks, in order
    heights: dict[int, float] = field(default_factory=dict)  # row (1-based) -> height in points
    charts: tuple[ChartSpec, ...] = ()
    # True: strings are text, never formulas, unless they are ``Formula``; text that begins like a formula
    # (= + - @ tab CR) is stored as text with the quote prefix, so neither opening nor editing the cell runs it.
    # False (the Issues tab's original behaviour): a string starting with '=' is a formula.
    literal_text: bool = False

    def value_at(self, row: int, col: int) -> Any:
        """The value a block puts at (row, col), or None; the last block wins, as when rendering."""
        out = None
        for b in self.blocks:
            if b.row <= row < b.row + b.height:
                r = b.values[row - b.row]
                if b.col <= col < b.col + len(r):
                    out = r[col - b.col]
        return out


@dataclass(frozen=True, slots=True)
class WrittenTabs:
    """What an engine wrote for a job: the tabs, the workbook file they went into (None: the workbook open in
    Excel), and files saved beside it."""

    tabs: tuple[str, ...] = ()
    path: Path | None = None
    files: tuple[Path, ...] = ()

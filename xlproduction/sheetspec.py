"""Engine-neutral descriptions of the tabs xlproduction generates.

The Issues tab, call sheets and reports are described once here — values in blocks of rows, styles, column
widths, merges, links, print setup — and rendered by two writers: openpyxl for files (CLI) and xlwings for a
live workbook (ribbon, Lite). Keeping the description separate is what lets both paths produce the same tab and
lets tests assert on the tab's content without either engine.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any


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
        return f"'{self.sheet}'!{self.cell}"


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

    def value_at(self, row: int, col: int) -> Any:
        """The value a block puts at (row, col), or None; the last block wins, as when rendering."""
        out = None
        for b in self.blocks:
            if b.row <= row < b.row + b.height:
                r = b.values[row - b.row]
                if b.col <= col < b.col + len(r):
                    out = r[col - b.col]
        return out

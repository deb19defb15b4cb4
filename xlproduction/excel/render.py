"""Writing generated tabs into a live workbook through xlwings: the twin of ``workbook/render.py`` (openpyxl).

A coordinator clicks a button with the workbook open, so three things matter more than on the file path:

- **Never a half-written tab.** Every tab is written under a temporary name and swapped in (old tab deleted, new
  one renamed into its place) only when all tabs of the button are complete; on any error the temporary tabs are
  deleted and the workbook is as it was (``Staging``).
- **A number of Excel calls that does not grow with the data.** Each xlwings call is a COM/AppleScript round trip
  on desktop (and an action on the web engines), so a ``SheetSpec`` is written as one value write for the whole
  tab (excel/cells.py), and its styles are re-cut so that each attribute value is set once per rectangle of cells
  ending up with it (``style_plan``, excel/styling.py): adjacent blocks with the same border or number format cost
  one call, not one each. Formats that follow the data cell by cell — a DOOD's code colours, its days off, the
  cost report's overridden EFCs — become conditional formats or one fill matrix (excel/live_tabs.py), whose cost
  is fixed however many performers, dates or accounts there are. In-workbook links are ``HYPERLINK`` formulas
  inside the one write.
- **Only the API every engine has** (DESIGN §5): ``freeze_panes`` only exists on the web engines, so desktop
  freezes through ``.api`` (Windows) or not at all (Mac); widths are characters on desktop and points on the web;
  sheets are always added with ``after=``; the print area is the only print setting of the xlwings API, so the
  rest (orientation, fit to width, repeated header rows) goes through Excel's own object on Windows and is
  skipped elsewhere (excel/printing.py). Cosmetics that an engine lacks are skipped, never fatal.
"""

from __future__ import annotations

import itertools
from collections.abc import Iterator, Sequence
from contextlib import contextmanager, suppress
from dataclasses import dataclass, field
from typing import Any

from ..model.sheetspec import SheetSpec
from ..workbook.reader import column_letter
from .book import CallCount, is_web
from .cells import spec_grid
from .live_tabs import LiveTab
from .printing import draw_chart, page_setup, print_extent
from .styling import _layers, apply_fills, apply_rules, apply_style, freeze, set_widths, style_plan

TEMP_PREFIX = "~xlp "  # temporary tabs; a leftover one (Excel crashed mid-write) is recognisable and harmless


def render_spec(sheet: Any, tab: SheetSpec | LiveTab, calls: CallCount) -> None:
    """Draw a tab on an empty ``sheet``: one value write, the styles once per attribute value and rectangle, the
    conditional formats and fill matrices of a ``LiveTab``, charts, widths, heights, frozen panes, print setup."""
    live = tab if isinstance(tab, LiveTab) else LiveTab(tab)
    spec = live.spec
    web = is_web(sheet.book)
    grid = spec_grid(spec)
    if grid and grid[0]:
        sheet.range((1, 1), (len(grid), len(grid[0]))).value = grid
        calls.writes += 1
        calls.log.append(f"write {spec.name} {len(grid)}x{len(grid[0])}")
    for (r1, c1, r2, c2), style in style_plan(_layers(spec), grid):
        apply_style(sheet.range((r1, c1), (r2, c2)), style, calls)
    apply_fills(sheet, live.fills, calls)
    apply_rules(sheet, live.rules, web, calls)
    for m in spec.merges:
        sheet.range(m).merge()
        calls.formats += 1
    for chart in spec.charts:
        draw_chart(sheet, spec, chart, calls)
    set_widths(sheet, spec.widths, web, calls)
    for row, height in sorted(spec.heights.items()):
        sheet.range((row, 1)).row_height = height
        calls.formats += 1
    if spec.freeze:
        freeze(sheet, spec.freeze, web, calls)
    rows, cols = print_extent(spec, grid)
    page_setup(sheet, area=f"A1:{column_letter(cols)}{rows}" if rows and cols else None, web=web, calls=calls,
               landscape=spec.landscape, paper=spec.paper, title_rows=spec.print_title_rows,
               fit_width=spec.fit_width)  # fmt: skip


# --- temporary tabs swapped in at the end ---------------------------------------------------------------------


@dataclass
class _Pending:
    temp: Any  # the sheet being written, under a temporary name
    final: str
    old: Any | None  # the sheet it replaces


@dataclass
class Staging:
    """Tabs being written under temporary names; ``commit`` swaps them in, ``abort`` removes them."""

    book: Any
    calls: CallCount
    names: list[str] = field(default_factory=list)  # sheet names, read once
    pending: list[_Pending] = field(default_factory=list)
    scratch: list[Any] = field(default_factory=list)  # helper tabs deleted at the end, success or not
    _counter: itertools.count = field(default_factory=lambda: itertools.count(1))

    def __post_init__(self) -> None:
        self.names = [s.name for s in self.book.sheets]

    @property
    def web(self) -> bool:
        return is_web(self.book)

    def find(self, name: str) -> Any | None:
        """The sheet called ``name`` (Excel compares sheet names case-insensitively), else None."""
        folded = name.casefold()
        for n in self.names:
            if n.casefold() == folded:
                return self.book.sheets[n]
        return None

    def _temp_name(self) -> str:
        taken = {n.casefold() for n in self.names}
        while True:
            name = f"{TEMP_PREFIX}{next(self._counter)}"
            if name.casefold() not in taken:
                return name

    def new_tab(self, final: str, after: Any | None = None) -> Any:
        """An empty sheet for the tab ``final``: next to the tab it replaces, else after ``after``, else last."""
        old = self.find(final)
        anchor = old or after or self.book.sheets[-1]
        name = self._temp_name()
        sheet = self.book.sheets.add(name, after=anchor)
        self.names.append(name)
        self.calls.formats += 1
        self.pending.append(_Pending(sheet, final, old))
        return sheet

    def copy_tab(self, source: Any, final: str, after: Any | None = None) -> Any:
        """A copy of ``source`` (formats, widths, merges, print setup, pictures) for the tab ``final``."""
        old = self.find(final)
        anchor = old or after or self.book.sheets[-1]
        name = self._temp_name()
        sheet = source.copy(after=anchor, name=name)
        self.names.append(name)
        self.calls.formats += 2  # the copy, and its rename
        self.pending.append(_Pending(sheet, final, old))
        return sheet

    def scratch_tab(self, after: Any | None = None) -> Any:
        """An empty helper tab (e.g. a default template) that is deleted when the staging ends."""
        name = self._temp_name()
        sheet = self.book.sheets.add(name, after=after or self.book.sheets[-1])
        self.names.append(name)
        self.calls.formats += 1
        self.scratch.append(sheet)
        return sheet

    def _drop_scratch(self) -> None:
        for sheet in reversed(self.scratch):
            try:
                sheet.delete()
                self.calls.formats += 1
            except Exception:  # already gone: nothing to undo
                pass
        self.scratch = []

    def commit(self) -> list[Any]:
        """Replace each old tab by its new one (same place among the sheets) and show the first new tab."""
        self._drop_scratch()
        done = []
        for p in self.pending:
            if p.old is not None:
                p.old.delete()
                self.calls.formats += 1
            p.temp.name = p.final
            self.calls.formats += 1
            done.append(p.temp)
        if done:
            done[0].activate()
            self.calls.formats += 1
        self.pending = []
        return done

    def abort(self) -> None:
        self._drop_scratch()
        for p in reversed(self.pending):
            with suppress(Exception):  # already gone, or Excel refuses: nothing more to undo
                p.temp.delete()
        self.pending = []


@contextmanager
def staging(book: Any, calls: CallCount) -> Iterator[Staging]:
    """Write tabs inside the block; they replace their namesakes only if the whole block succeeds."""
    st = Staging(book, calls)
    try:
        yield st
    except BaseException:
        st.abort()
        raise
    st.commit()


def write_specs(book: Any, specs: Sequence[SheetSpec], calls: CallCount, after: Any | None = None) -> list[Any]:
    """Write each spec as a tab (replacing a tab of the same name), all or nothing."""
    with staging(book, calls) as st:
        for spec in specs:
            render_spec(st.new_tab(spec.name, after=after), spec, calls)
        sheets = list(st.pending)
    return [p.temp for p in sheets]

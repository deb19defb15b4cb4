"""Writing generated tabs into a live workbook through xlwings: the twin of ``workbook/render.py`` (openpyxl).

A coordinator clicks a button with the workbook open, so three things matter more than on the file path:

- **Never a half-written tab.** Every tab is written under a temporary name and swapped in (old tab deleted, new
  one renamed into its place) only when all tabs of the button are complete; on any error the temporary tabs are
  deleted and the workbook is as it was (``Staging``).
- **A constant number of Excel calls.** Each xlwings call is a COM/AppleScript round trip on desktop (and an
  action on the web engines), so a ``SheetSpec`` is written as one value write for the whole tab, formats once
  per block, widths once per run of equal widths. In-workbook links are ``HYPERLINK`` formulas inside that one
  write instead of one hyperlink call per row. Nothing grows with the rows.
- **Only the API every engine has** (DESIGN §5): ``freeze_panes`` only exists on the web engines, so desktop
  freezes through ``.api`` (Windows) or not at all (Mac); widths are characters on desktop and points on the web;
  sheets are always added with ``after=``. Cosmetics that an engine lacks are skipped, never fatal.
"""

from __future__ import annotations

import itertools
import re
import sys
from collections.abc import Iterator, Sequence
from contextlib import contextmanager, suppress
from dataclasses import dataclass, field
from typing import Any

from ..safety import xlsx_text_needs_prefix
from ..sheetspec import Formula, SheetSpec, Style
from ..workbook.reader import column_letter
from .book import CallCount, is_web

TEMP_PREFIX = "~xlp "  # temporary tabs; a leftover one (Excel crashed mid-write) is recognisable and harmless
LINK_COLOR = "#0563C1"
_BORDER_COLOR = "#BFBFBF"


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


def apply_style(rng: Any, style: Style, calls: CallCount) -> None:
    """One call per attribute the style sets, over the whole range."""
    font = rng.font
    if style.bold:
        font.bold = True
        calls.formats += 1
    if style.italic:
        font.italic = True
        calls.formats += 1
    if style.size:
        font.size = style.size
        calls.formats += 1
    if style.color:
        font.color = _hex(style.color)
        calls.formats += 1
    if style.fill:
        rng.color = _hex(style.fill)
        calls.formats += 1
    if style.number_format:
        rng.number_format = style.number_format
        calls.formats += 1
    if style.align:
        try:
            rng.horizontal_alignment = style.align
            calls.formats += 1
        except (NotImplementedError, AttributeError, ValueError):
            pass  # an engine without alignment: cosmetic
    if style.wrap:
        rng.wrap_text = True
        calls.formats += 1
    if style.border:
        try:
            rng.borders.line_style = "continuous"
            rng.borders.color = _BORDER_COLOR
            calls.formats += 2
        except (NotImplementedError, AttributeError):
            pass


_STYLE_FIELDS = tuple(Style.__dataclass_fields__)


def apply_formats(sheet: Any, spec: SheetSpec, calls: CallCount) -> None:
    """Formats laid over a grid (a DOOD's code colours): one range per rectangle, since the web engines take no
    multi-area ranges, and per rectangle only the attributes that change something — the blocks (and earlier
    formats) usually set size, alignment and borders already, so a rectangle costs its fill and bold, not a dozen
    calls. Styling only ever sets attributes, so the effective style of a cell is the last value set for each."""
    if not spec.formats:
        return
    wanted = {(r, c) for f in spec.formats for r1, c1, r2, c2 in f.ranges
              for r in range(r1, r2 + 1) for c in range(c1, c2 + 1)}  # fmt: skip
    effective: dict[tuple[int, int], dict[str, Any]] = {}
    for b in spec.blocks:
        if b.style is None:
            continue
        set_now = {k: getattr(b.style, k) for k in _STYLE_FIELDS if getattr(b.style, k)}
        for r in range(b.row, b.row + b.height):
            for c in range(b.col, b.col + b.width):
                if (r, c) in wanted:
                    effective.setdefault((r, c), {}).update(set_now)
    for f in spec.formats:
        attrs = {k: getattr(f.style, k) for k in _STYLE_FIELDS if getattr(f.style, k)}
        for r1, c1, r2, c2 in f.ranges:
            cells = [(r, c) for r in range(r1, r2 + 1) for c in range(c1, c2 + 1)]
            needed = {k: v for k, v in attrs.items() if any(effective.get(x, {}).get(k) != v for x in cells)}
            for x in cells:
                effective.setdefault(x, {}).update(attrs)
            if needed:
                apply_style(sheet.range((r1, c1), (r2, c2)), Style(**needed), calls)


def set_widths(sheet: Any, widths: dict[int, float], web: bool, calls: CallCount) -> None:
    """One call per run of adjacent columns of equal width (a DOOD's date columns are one run)."""
    cols = sorted(widths)
    for _, run in itertools.groupby(enumerate(cols), key=lambda t: (t[1] - t[0], widths[t[1]])):
        run_cols = [c for _, c in run]
        rng = sheet.range((1, run_cols[0]), (1, run_cols[-1]))
        rng.column_width = width_for_engine(widths[run_cols[0]], web)
        calls.formats += 1


def freeze(sheet: Any, first_scroll_cell: str, web: bool, calls: CallCount) -> None:
    """Freeze the rows above and the columns left of ``first_scroll_cell`` (``"B4"``)."""
    letters = "".join(ch for ch in first_scroll_cell if ch.isalpha())
    digits = "".join(ch for ch in first_scroll_cell if ch.isdigit())
    rows = int(digits) - 1 if digits else 0
    cols = 0
    for ch in letters.upper():
        cols = cols * 26 + ord(ch) - 64
    cols -= 1
    if rows <= 0 and cols <= 0:
        return
    try:
        if web:
            # The web engines freeze the cells of a range: the top rows, the left columns, or both.
            if rows and cols:
                frozen = f"A1:{column_letter(cols)}{rows}"
            elif rows:
                frozen = f"1:{rows}"
            else:
                frozen = f"A:{column_letter(cols)}"
            sheet.freeze_panes.freeze_at(frozen)
        elif sys.platform.startswith("win"):  # pragma: no cover - needs Excel on Windows
            sheet.activate()
            window = sheet.book.app.api.ActiveWindow
            window.FreezePanes = False
            window.SplitColumn = max(cols, 0)
            window.SplitRow = max(rows, 0)
            window.FreezePanes = True
        else:  # pragma: no cover - the Mac engine has no frozen panes API: skip, it is cosmetic
            return
        calls.formats += 1
    except Exception:  # cosmetic: never fail a button over frozen panes
        return


def render_spec(sheet: Any, spec: SheetSpec, calls: CallCount) -> None:
    """Draw ``spec`` on an empty ``sheet``: one value write, then formats per block."""
    web = is_web(sheet.book)
    grid = spec_grid(spec)
    if grid and grid[0]:
        sheet.range((1, 1), (len(grid), len(grid[0]))).value = grid
        calls.writes += 1
        calls.log.append(f"write {spec.name} {len(grid)}x{len(grid[0])}")
    for b in spec.blocks:
        if b.style is not None and b.height and b.width:
            apply_style(sheet.range((b.row, b.col), (b.row + b.height - 1, b.col + b.width - 1)), b.style, calls)
    if spec.links:
        # Links are styled as one rectangle per column holding links: the constant-call price of not styling
        # them cell by cell (cells between links in that column are text already coloured by their block).
        for col, group in itertools.groupby(sorted(spec.links, key=lambda lk: lk.col), key=lambda lk: lk.col):
            rows = [lk.row for lk in group]
            rng = sheet.range((min(rows), col), (max(rows), col))
            rng.font.color = LINK_COLOR
            calls.formats += 1
    apply_formats(sheet, spec, calls)
    for m in spec.merges:
        sheet.range(m).merge()
        calls.formats += 1
    set_widths(sheet, spec.widths, web, calls)
    for row, height in sorted(spec.heights.items()):
        sheet.range((row, 1)).row_height = height
        calls.formats += 1
    if spec.freeze:
        freeze(sheet, spec.freeze, web, calls)
    if grid and grid[0]:
        try:
            sheet.page_setup.print_area = f"A1:{column_letter(len(grid[0]))}{len(grid)}"
            calls.formats += 1
        except Exception:  # an engine without page setup: the whole sheet prints
            pass


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

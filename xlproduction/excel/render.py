"""Writing generated tabs into a live workbook through xlwings: the twin of ``workbook/render.py`` (openpyxl).

A coordinator clicks a button with the workbook open, so three things matter more than on the file path:

- **Never a half-written tab.** Every tab is written under a temporary name and swapped in (old tab deleted, new
  one renamed into its place) only when all tabs of the button are complete; on any error the temporary tabs are
  deleted and the workbook is as it was (``Staging``).
- **A number of Excel calls that does not grow with the data.** Each xlwings call is a COM/AppleScript round trip
  on desktop (and an action on the web engines), so a ``SheetSpec`` is written as one value write for the whole
  tab, and its styles are re-cut so that each attribute value is set once per rectangle of cells ending up with it
  (``style_plan``): adjacent blocks with the same border or number format cost one call, not one each. Formats
  that follow the data cell by cell — a DOOD's code colours, its days off, the cost report's overridden EFCs —
  become conditional formats or one fill matrix (``dood_tab``, ``cost_tab``), whose cost is fixed however many
  performers, dates or accounts there are. In-workbook links are ``HYPERLINK`` formulas inside the one write.
- **Only the API every engine has** (DESIGN §5): ``freeze_panes`` only exists on the web engines, so desktop
  freezes through ``.api`` (Windows) or not at all (Mac); widths are characters on desktop and points on the web;
  sheets are always added with ``after=``; the print area is the only print setting of the xlwings API, so the
  rest (orientation, fit to width, repeated header rows) goes through Excel's own object on Windows and is
  skipped elsewhere. Cosmetics that an engine lacks are skipped, never fatal.
"""

from __future__ import annotations

import itertools
import re
import sys
from collections import Counter
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager, suppress
from dataclasses import dataclass, field, replace
from typing import Any

from ..safety import xlsx_text_needs_prefix
from ..sheetspec import Block, ChartSpec, Format, Formula, SheetSpec, Style
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


# --- static formats: one call per attribute value and rectangle ----------------------------------------------------

Rect = tuple[int, int, int, int]  # first row, first column, last row, last column; 1-based, inclusive
_STYLE_FIELDS = tuple(Style.__dataclass_fields__)
# Attributes nobody can see on a cell without a value: such a cell may join any rectangle that sets them, which lets
# one number format or alignment span the blank banner rows between groups. Fill and borders show on empty cells,
# and a font size changes the row's height, so those cover exactly the cells that have them.
_INVISIBLE_WHEN_EMPTY = frozenset({"bold", "italic", "color", "number_format", "align", "wrap"})


def _cover(band: list[list[Any]], value: Any, free: Callable[[int, int], bool]) -> list[tuple[int, int, int, int]]:
    """Rectangles of bands (i0, j0, i1, j1) covering every band whose value is ``value`` and nothing else except
    ``free`` bands: per row of bands the runs from the first to the last wanted band, continued downwards while
    the next row has the same run or nothing wanted under it."""
    done: list[tuple[int, int, int, int]] = []
    open_: dict[tuple[int, int], tuple[int, int]] = {}  # (j0, j1) -> (first row, last row holding a wanted band)
    for i, row in enumerate(band):
        runs: list[tuple[int, int]] = []
        j, n = 0, len(row)
        while j < n:
            if row[j] != value and not (row[j] is None and free(i, j)):
                j += 1
                continue
            k = j
            while k < n and (row[k] == value or (row[k] is None and free(i, k))):
                k += 1
            wanted = [x for x in range(j, k) if row[x] == value]
            if wanted:
                runs.append((wanted[0], wanted[-1]))
            j = k
        now: dict[tuple[int, int], tuple[int, int]] = {}
        for run in runs:
            now[run] = (open_[run][0], i) if run in open_ else (i, i)
        for (j0, j1), (first, last) in open_.items():
            if (j0, j1) in now:
                continue
            if all(row[x] is None and free(i, x) for x in range(j0, j1 + 1)):
                now[(j0, j1)] = (first, last)  # a blank row in between: the rectangle goes on under it
            else:
                done.append((first, j0, last, j1))
        open_ = now
    done += [(first, j0, last, j1) for (j0, j1), (first, last) in open_.items()]
    return done


def style_plan(layers: Sequence[tuple[Rect, Style]], grid: Sequence[Sequence[Any]]) -> list[tuple[Rect, Style]]:
    """The styles of ``layers`` (applied in order, the last value of each attribute winning, as the file path does)
    re-cut into as few rectangles as possible: every attribute value is set once per rectangle of cells that end
    up with it, so vertically adjacent blocks with the same border or number format cost one call, not one each.
    ``grid`` holds the values written (None: empty). The cells' final look is the one the layers give."""
    layers = [(r, s) for r, s in layers if r[0] <= r[2] and r[1] <= r[3]]
    if not layers:
        return []
    rows = sorted({x for (r1, _, r2, _), _ in layers for x in (r1, r2 + 1)})
    cols = sorted({x for (_, c1, _, c2), _ in layers for x in (c1, c2 + 1)})
    ri = {r: i for i, r in enumerate(rows)}
    ci = {c: j for j, c in enumerate(cols)}
    nr, nc = len(rows) - 1, len(cols) - 1
    final = {a: [[None] * nc for _ in range(nr)] for a in _STYLE_FIELDS}
    for (r1, c1, r2, c2), style in layers:
        i0, i1, j0, j1 = ri[r1], ri[r2 + 1], ci[c1], ci[c2 + 1]
        for a in _STYLE_FIELDS:
            v = getattr(style, a)
            if v:
                for i in range(i0, i1):
                    final[a][i][j0:j1] = [v] * (j1 - j0)
    empty: dict[tuple[int, int], bool] = {}

    def blank(i: int, j: int) -> bool:
        if (i, j) not in empty:
            empty[(i, j)] = all(
                r - 1 >= len(grid) or c - 1 >= len(grid[r - 1]) or grid[r - 1][c - 1] in (None, "")
                for r in range(rows[i], rows[i + 1]) for c in range(cols[j], cols[j + 1]))  # fmt: skip
        return empty[(i, j)]

    def never(i: int, j: int) -> bool:
        return False

    plan: dict[Rect, dict[str, Any]] = {}
    for a in _STYLE_FIELDS:
        band = final[a]
        values = list(dict.fromkeys(v for row in band for v in row if v is not None))
        for v in values:
            for i0, j0, i1, j1 in _cover(band, v, blank if a in _INVISIBLE_WHEN_EMPTY else never):
                rect = (rows[i0], cols[j0], rows[i1 + 1] - 1, cols[j1 + 1] - 1)
                plan.setdefault(rect, {})[a] = v
    return [(rect, Style(**attrs)) for rect, attrs in plan.items()]


def _layers(spec: SheetSpec) -> list[tuple[Rect, Style]]:
    """What the file path styles, in its order: the blocks, the links' colour, then the formats."""
    out: list[tuple[Rect, Style]] = [((b.row, b.col, b.row + b.height - 1, b.col + b.width - 1), b.style)
                                     for b in spec.blocks if b.style is not None and b.height and b.width]
    # Links are coloured as one rectangle per column holding links: the constant-call price of not styling them
    # cell by cell (cells between links in that column are coloured too).
    for col, group in itertools.groupby(sorted(spec.links, key=lambda lk: lk.col), key=lambda lk: lk.col):
        rows = [lk.row for lk in group]
        out.append(((min(rows), col, max(rows), col), Style(color=LINK_COLOR)))
    out += [(rect, f.style) for f in spec.formats for rect in f.ranges]
    return out


# --- formats that follow the data: conditional formats and fill matrices ---------------------------------------


@dataclass(frozen=True, slots=True)
class CellRule:
    """A conditional format over one rectangle: its cells get ``style``'s fill, font colour, bold and italic (all a
    conditional format can set through xlwings) while they equal ``equals``, or while ``formula`` — written for
    the top-left cell, with relative references — is true. One call, however many cells match, and the colour
    follows when the coordinator edits a cell. A later rule wins over an earlier one where both apply."""

    area: Rect
    style: Style
    equals: str | None = None
    formula: str | None = None


@dataclass(frozen=True, slots=True)
class Fills:
    """Fill colours of the cells of a rectangle from (row, col), one per cell (None: left as it is), set with
    ``Range.set_colors``: one call per 10,000 cells on the web engines, however scattered the cells are."""

    row: int
    col: int
    colors: tuple[tuple[str | None, ...], ...]


@dataclass(frozen=True, slots=True)
class LiveTab:
    """A tab as the live path draws it: the spec without the formats that ``rules`` and ``fills`` stand for."""

    spec: SheetSpec
    rules: tuple[CellRule, ...] = ()
    fills: tuple[Fills, ...] = ()


def apply_rules(sheet: Any, rules: Sequence[CellRule], web: bool, calls: CallCount) -> None:
    """Add the conditional formats in order (each new one takes the top priority, so the last added wins)."""
    for rule in rules:
        r1, c1, r2, c2 = rule.area
        rng = sheet.range((r1, c1), (r2, c2))
        look = {"fill_color": _hex(rule.style.fill), "font_color": _hex(rule.style.color),
                "font_bold": True if rule.style.bold else None, "font_italic": True if rule.style.italic else None}
        try:
            if rule.equals is not None:
                # A text constant as a formula ("=""SW"""): no reference and no function name, so desktop Excel
                # reads it the same whatever the active cell and the language of its formulas.
                rng.conditional_formats.add_cell_value("equal_to", "=" + _text_formula(rule.equals), **look)
            else:
                if not web:  # pragma: no cover - needs desktop Excel
                    # Desktop Excel reads a conditional format's relative references from the active cell, not
                    # from the range: make the range's top-left cell the active one first.
                    sheet.activate()
                    sheet.range((r1, c1)).select()
                    calls.formats += 2
                rng.conditional_formats.add_custom(str(rule.formula), **look)
            calls.formats += 1
            calls.log.append(f"conditional format {rule.equals or rule.formula} over {rng.address}")
        except (NotImplementedError, AttributeError):  # pragma: no cover - an xlwings older than 0.37.5
            return


MAX_COLOR_CELLS = 10_000  # Range.set_colors takes at most this many cells


def apply_fills(sheet: Any, fills: Sequence[Fills], calls: CallCount) -> None:
    for f in fills:
        width = max((len(r) for r in f.colors), default=0)
        if not width:
            continue
        step = max(1, MAX_COLOR_CELLS // width)
        for k in range(0, len(f.colors), step):
            part = [[_hex(c) if c else ... for c in (list(r) + [None] * width)[:width]] for r in f.colors[k:k + step]]
            rng = sheet.range((f.row + k, f.col), (f.row + k + len(part) - 1, f.col + width - 1))
            rng.set_colors(part)
            calls.formats += 1
            calls.log.append(f"fill colours over {rng.address}")


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


# --- charts and print setup -------------------------------------------------------------------------------------

_CM = 72 / 2.54  # points per centimetre
_DEFAULT_WIDTH = 8.43  # characters: Excel's default column width
_DEFAULT_HEIGHT = 15.0  # points: Calibri 11's row


def _cell_rc(cell: str) -> tuple[int, int]:
    letters = "".join(ch for ch in cell if ch.isalpha())
    col = 0
    for ch in letters.upper():
        col = col * 26 + ord(ch) - 64
    return int("".join(ch for ch in cell if ch.isdigit())), col


def chart_corner(spec: SheetSpec, chart: ChartSpec) -> tuple[int, int]:
    """The last row and column a chart covers, from the tab's column widths and row heights (Excel's defaults
    elsewhere): so the print area takes in the chart, which the file path (no print area) prints too."""
    row, col = _cell_rc(chart.anchor)
    width, height = chart.width_cm * _CM, chart.height_cm * _CM
    x = 0.0
    while True:
        x += width_for_engine(spec.widths.get(col, _DEFAULT_WIDTH), web=True)  # in points
        if x >= width:
            break
        col += 1
    y = 0.0
    while True:
        y += spec.heights.get(row, _DEFAULT_HEIGHT)
        if y >= height:
            break
        row += 1
    return row, col


def draw_chart(sheet: Any, spec: SheetSpec, chart: ChartSpec, calls: CallCount) -> None:
    """A native chart over the tab's own cells, as the file path draws it: type, title, categories, value format,
    the first category at the top of a bar chart, no legend for one series. Series must sit in adjacent columns
    over the same rows (one source range); the header cell above them names them when it holds their titles."""
    cols = [s.col for s in chart.series]
    if not cols or cols != list(range(cols[0], cols[0] + len(cols))) or any(
            (s.first_row, s.last_row) != (chart.first_row, chart.last_row) for s in chart.series):  # fmt: skip
        calls.log.append(f"chart {chart.title!r} skipped: its series are not one range")
        return
    top = chart.first_row
    if top > 1 and all(spec.value_at(top - 1, s.col) == s.title for s in chart.series):
        top -= 1  # the header row: Excel names the series after it
    source = sheet.range((top, cols[0]), (chart.last_row, cols[-1]))
    try:
        made = sheet.charts.add(anchor=sheet.range(chart.anchor), width=round(chart.width_cm * _CM, 1),
                                height=round(chart.height_cm * _CM, 1),
                                chart_type="bar_clustered" if chart.kind == "bar" else "column_clustered",
                                source=source, plot_by="columns")  # fmt: skip
        made.set_x_axis_values(sheet.range((chart.first_row, chart.category_col),
                                           (chart.last_row, chart.category_col)))  # fmt: skip
        made.title = chart.title
        calls.formats += 3
        calls.log.append(f"chart {chart.title!r} over {source.address}")
        if len(chart.series) == 1:
            made.legend.visible = False
            calls.formats += 1
        if chart.kind == "bar":
            made.category_axis.reverse_order = True  # the first row at the top, as in the table
            calls.formats += 1
        axis = {k: v for k, v in (("number_format", chart.number_format), ("title", chart.value_title)) if v}
        if axis:
            made.value_axis.set(**axis)
            calls.formats += 1
    except (NotImplementedError, AttributeError):  # pragma: no cover - an engine without charts: cosmetic
        return


def page_setup(sheet: Any, *, area: str | None, web: bool, calls: CallCount, landscape: bool | None = None,
               paper: str | None = None, title_rows: str | None = None, fit_width: bool = False) -> None:
    """The print setup the file path gives a tab. The xlwings API has only the print area (every engine); the
    rest — orientation, paper, one page wide, repeated header rows, margins, footer — goes through desktop
    Excel's own PageSetup on Windows, and is skipped on the web engines and the Mac (cosmetic: never fatal)."""
    if area:
        try:
            sheet.page_setup.print_area = area
            calls.formats += 1
        except Exception:  # an engine without page setup: the whole sheet prints
            pass
    if web or not sys.platform.startswith("win"):
        return
    try:  # pragma: no cover - needs Excel on Windows
        calls.formats += _windows_page_setup(sheet, landscape, paper, title_rows, fit_width)
    except Exception:  # pragma: no cover - a printer driver refusing a setting: cosmetic
        return


def _windows_page_setup(sheet: Any, landscape: bool | None, paper: str | None, title_rows: str | None,
                        fit_width: bool) -> int:  # pragma: no cover - needs Excel on Windows
    from ..workbook.styles import PAPER_SIZES

    settings: list[tuple[str, Any]] = []
    if landscape is not None:
        settings.append(("Orientation", 2 if landscape else 1))  # xlLandscape, xlPortrait
    if paper in PAPER_SIZES:
        settings.append(("PaperSize", int(PAPER_SIZES[paper])))  # OOXML's paper codes are Excel's
    if fit_width:
        settings += [("Zoom", False), ("FitToPagesWide", 1), ("FitToPagesTall", False)]
    if title_rows:
        a, _, b = title_rows.replace("$", "").partition(":")
        settings.append(("PrintTitleRows", f"${a}:${b or a}"))
    if landscape is not None:  # a tab of its own (not a call sheet, which keeps its template's): margins, footer
        settings += [("LeftMargin", 0.4 * 72), ("RightMargin", 0.4 * 72), ("TopMargin", 0.6 * 72),
                     ("BottomMargin", 0.6 * 72), ("HeaderMargin", 0.3 * 72), ("FooterMargin", 0.3 * 72),
                     ("PrintGridlines", False), ("CenterFooter", "&A — page &P of &N")]  # fmt: skip
    app = sheet.book.app.api
    ps = sheet.api.PageSetup
    app.PrintCommunication = False  # one exchange with the printer driver for all the settings, not one each
    try:
        for name, value in settings:
            setattr(ps, name, value)
    finally:
        app.PrintCommunication = True
    return len(settings) + 2


def print_extent(spec: SheetSpec, grid: Sequence[Sequence[Any]]) -> tuple[int, int]:
    """The last row and column to print: the values, and the charts beside them."""
    rows, cols = len(grid), len(grid[0]) if grid else 0
    for chart in spec.charts:
        r, c = chart_corner(spec, chart)
        rows, cols = max(rows, r), max(cols, c)
    return rows, cols


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

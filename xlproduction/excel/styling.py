"""Styles, conditional formats and fills on a live tab, at a number of xlwings calls that does not grow with data.

``style_plan`` re-cuts a spec's overlapping style layers so that each attribute value is set once per rectangle of
cells ending up with it; ``apply_rules`` turns formats that follow the data (a DOOD's codes) into conditional
formats, and ``apply_fills`` sets a fill matrix in calls of at most 10,000 cells. Widths and frozen panes use only
what each engine has (DESIGN §5).
"""

from __future__ import annotations

import itertools
import sys
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any

from ..model.sheetspec import SheetSpec, Style
from ..workbook.reader import column_letter
from .book import CallCount
from .cells import _hex, _text_formula, width_for_engine

LINK_COLOR = "#0563C1"
_BORDER_COLOR = "#BFBFBF"


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


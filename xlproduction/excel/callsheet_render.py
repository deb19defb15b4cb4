"""Drawing a filled call sheet (``callsheet.fill.FilledSheet``) in a live workbook by copying template rows.

The coordinator's "Call Sheet Template" tab is the look; the fill plan says which template row each output row
copies and what it holds. In Excel the cheapest faithful way to reproduce a row's look (fonts, fills, borders,
merges, height) is to copy the row, so the call sheet is made as:

1. a copy of the template tab (column widths, page setup, pictures such as the logo, gridlines, the rows above
   the first repeated block — which then need nothing else);
2. from the first row whose place differs, whole template rows copied in *segments*: a run of consecutive
   template rows is one copy, and a template row repeated for N scenes, cast or crew is one copy onto N rows
   (Excel tiles it). Segments are bounded by the template's structure plus banners and department headings,
   never by the number of scenes, performers or crew;
3. the filled values written once per run of placeholder rows (rows without a placeholder keep what the copy
   brought, formulas included);
4. the revision number and the day's warnings right of the print area, where they never print.

Everything is read before anything is written (``read_template``, ``read_revision``).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from ..callsheet.fill import PLACEHOLDER, VARIANTS, FilledSheet
from ..model.contract import CALLSHEET_REVISION_LABEL, CALLSHEET_TEMPLATE_SHEET
from ..workbook.reader import column_letter
from .book import CallCount, _address_origin, read_values
from .cells import _as_value
from .printing import page_setup
from .render import Staging

MARGIN_GAP = 1  # blank columns between the print area and the revision/warnings margin (as the xlsx renderer)


@dataclass(frozen=True)
class TemplateTab:
    sheet: Any  # the template sheet of the book
    grid: list[list[Any]]  # its values over the layout area (rows from 1, columns up to the print area)
    used_cols: int  # columns of the used range (the layout plus notes right of it)


def _print_area_cols(area: str | None) -> int | None:
    if not area:
        return None
    last = str(area).split(",")[0].split("!")[-1].replace("$", "").split(":")[-1]
    letters = "".join(ch for ch in last if ch.isalpha())
    if not letters:
        return None
    n = 0
    for ch in letters.upper():
        n = n * 26 + ord(ch) - 64
    return n


def _from_a1(sheet: Any, calls: CallCount, what: str) -> list[list[Any]]:
    """The used range of ``sheet`` as a grid anchored at A1 (one read)."""
    used = sheet.used_range
    top, left = _address_origin(used.address)
    grid = read_values(used, calls, what)
    return [[None] * (left - 1) + r for r in ([[]] * (top - 1) + grid)]


def read_template(staging: Staging, calls: CallCount) -> TemplateTab | None:
    """The template tab's layout grid, or None when the workbook has none."""
    sheet = staging.find(CALLSHEET_TEMPLATE_SHEET)
    if sheet is None:
        return None
    grid = _from_a1(sheet, calls, "template")
    used_cols = max((len(r) for r in grid), default=0)
    try:
        cols = _print_area_cols(sheet.page_setup.print_area) or used_cols
    except Exception:  # an engine without page setup: the whole used range is the layout
        cols = used_cols
    grid = [(list(r) + [None] * cols)[:cols] for r in grid]
    # Trailing rows that hold nothing are formatting only; keep them, as the xlsx renderer does (max_row).
    return TemplateTab(sheet, grid, used_cols)


def read_revision(staging: Staging, tab: str, calls: CallCount) -> int | None:
    """The revision number an existing call-sheet tab stores beside its label, or None when the tab is new."""
    sheet = staging.find(tab)
    if sheet is None:
        return None
    for row in _from_a1(sheet, calls, f"revision of {tab}"):
        if CALLSHEET_REVISION_LABEL in row:
            i = row.index(CALLSHEET_REVISION_LABEL)
            try:
                return int(float(row[i + 1]))
            except (IndexError, TypeError, ValueError):
                return 0
    return 0


@dataclass(frozen=True)
class Segment:
    """Output rows ``out0..out1`` copying template rows ``t0..t1`` (consecutive), or ``t0`` repeated."""

    t0: int
    t1: int
    out0: int
    out1: int


def _runs(rows: Sequence[tuple[int, int]]) -> list[Segment]:
    """Segments of (output row, template row) pairs: consecutive template rows, or one template row repeated."""
    out: list[Segment] = []
    mode: str | None = None  # "seq" (t, t+1, …) or "rep" (t, t, …) once a segment has two rows
    prev_out = None
    for o, t in rows:
        if out and prev_out == o - 1:
            s = out[-1]
            if mode in (None, "seq") and t == s.t1 + 1 and (mode == "seq" or s.t0 == s.t1):
                out[-1], mode, prev_out = Segment(s.t0, t, s.out0, o), "seq", o
                continue
            if mode in (None, "rep") and t == s.t0 == s.t1:
                out[-1], mode, prev_out = Segment(s.t0, s.t1, s.out0, o), "rep", o
                continue
        out.append(Segment(t, t, o, o))
        mode, prev_out = None, o
    return out


def variant_rows(grid: Sequence[Sequence[Any]]) -> set[int]:
    """Template rows (1-based) of a block's variants: the banner and heading rows."""
    out = set()
    for i, row in enumerate(grid, start=1):
        for cell in row:
            if isinstance(cell, str) and any(m[2] and m[2].lower() in VARIANTS for m in PLACEHOLDER.finditer(cell)):
                out.add(i)
    return out


def segments(plan: FilledSheet, start: int = 1, variants: set[int] | frozenset[int] = frozenset()) -> list[Segment]:
    """The row copies that lay out the plan's output rows from ``start`` (1-based) on.

    Outside blocks, runs of consecutive template rows. A block's rows (all its items, banners and headings) when
    its ordinary item is one template row: that row tiled over the whole block in one copy, then each run of
    variant rows (a department heading, a LUNCH banner) copied over it — so the copies depend on the headings and
    banners of the day, never on how many scenes, performers or crew members there are. A block whose item spans
    several template rows is copied item by item. ``variants``: the template's banner and heading rows."""
    rows = list(enumerate(plan.rows, start=1))[start - 1:]
    out: list[Segment] = []
    i = 0
    while i < len(rows):
        r = rows[i][1]
        if r.block is None:
            j = i
            while j < len(rows) and rows[j][1].block is None:
                j += 1
            out += _runs([(oo, rr.template_row) for oo, rr in rows[i:j]])
            i = j
            continue
        j = i
        while j < len(rows) and rows[j][1].block == r.block:
            j += 1
        region = rows[i:j]
        items: dict[int | None, list[int]] = {}
        for _, rr in region:
            items.setdefault(rr.item, []).append(rr.template_row)
        shapes: dict[tuple[int, ...], int] = {}
        for shape in items.values():
            if not variants.intersection(shape):  # the ordinary item's rows, however many headings there are
                shapes[tuple(shape)] = shapes.get(tuple(shape), 0) + 1
        common = max(shapes, key=lambda k: shapes[k]) if shapes else ()
        if len(common) == 1 and len(region) > 1:
            m = common[0]
            out.append(Segment(m, m, region[0][0], region[-1][0]))
            out += _runs([(oo, rr.template_row) for oo, rr in region if rr.template_row != m])
        else:
            out += _runs([(oo, rr.template_row) for oo, rr in region])
        i = j
    return out


def _has_placeholder(row: Sequence[Any]) -> bool:
    return any(isinstance(c, str) and PLACEHOLDER.search(c) for c in row)


def value_runs(plan: FilledSheet, grid: Sequence[Sequence[Any]]) -> list[tuple[int, int]]:
    """Runs (first, last) of output rows whose template row holds a placeholder: the rows to write."""
    marked = [_has_placeholder(grid[r.template_row - 1]) if r.template_row - 1 < len(grid) else False
              for r in plan.rows]  # fmt: skip
    runs: list[tuple[int, int]] = []
    for i, m in enumerate(marked, start=1):
        if not m:
            continue
        if runs and runs[-1][1] == i - 1:
            runs[-1] = (runs[-1][0], i)
        else:
            runs.append((i, i))
    return runs


def render_callsheet(staging: Staging, template: TemplateTab, plan: FilledSheet, tab: str, calls: CallCount, *,
                     after: Any | None = None, revision: tuple[int, str] | None = None,
                     notes: Sequence[str] = (), paper: str | None = None) -> Any:  # fmt: skip
    """Create the call-sheet tab ``tab`` (under a temporary name until the staging commits). The copy of the
    template brings its print setup (orientation, fit, margins, repeated rows); the print area is set to the
    filled rows, and ``paper`` (Settings) where the engine can (desktop Excel on Windows)."""
    src = template.sheet
    width = max(plan.width, 1)
    t_rows = len(template.grid)
    sheet = staging.copy_tab(src, tab, after=after)
    # Rows that sit where the template has them are already right; the first that moves starts the copying.
    first = next((i for i, r in enumerate(plan.rows, start=1) if r.template_row != i), len(plan.rows) + 1)
    last = max(len(plan.rows), t_rows)
    if first <= last:
        sheet.range(f"{first}:{last}").clear()
        calls.formats += 1
    for s in segments(plan, first, variant_rows(template.grid)):
        source = src.range(f"{s.t0}:{s.t1}")
        source.copy(sheet.range(f"{s.out0}:{s.out1}"))
        calls.formats += 1
        calls.log.append(f"copy rows {s.t0}-{s.t1} -> {s.out0}-{s.out1}")
    # Notes beside the template (its how-to) are not part of the call sheet.
    extra = max(template.used_cols, width + MARGIN_GAP + 3)
    sheet.range((1, width + 1), (max(last, 1), extra)).clear_contents()
    calls.formats += 1
    for r0, r1 in value_runs(plan, template.grid):
        rows = [[_as_value(v) for v in (list(plan.rows[i - 1].values) + [None] * width)[:width]]
                for i in range(r0, r1 + 1)]  # fmt: skip
        sheet.range((r0, 1), (r1, width)).value = rows
        calls.writes += 1
        calls.log.append(f"write rows {r0}-{r1}")
    col = width + MARGIN_GAP + 1
    margin: list[list[Any]] = [[None, None, None] for _ in range(2 + len(notes) + (1 if notes else 0))]
    if revision is not None:
        margin[0] = [CALLSHEET_REVISION_LABEL, revision[0], revision[1]]
    if notes:
        margin[2][0] = "Not printed — check before sending:"
        for j, text in enumerate(notes, start=3):
            margin[j][0] = _as_value(text)
    sheet.range((1, col), (len(margin), col + 2)).value = margin
    calls.writes += 1
    page_setup(sheet, area=f"A1:{column_letter(width)}{max(len(plan.rows), 1)}", paper=paper, web=staging.web,
               calls=calls)  # fmt: skip
    return sheet


def default_template_ws(paper: str | None = None) -> Any:
    """The default call-sheet layout as an openpyxl worksheet (nothing written to the book yet)."""
    from openpyxl import Workbook

    from ..workbook.callsheet_template import write_callsheet_template

    return write_callsheet_template(Workbook(), paper=paper)


def template_layout(ws: Any) -> list[list[Any]]:
    """The layout grid of an openpyxl template worksheet, as the xlsx renderer reads it."""
    from ..workbook.callsheet_xlsx import template_grid

    return template_grid(ws)


def draw_default_template(staging: Staging, ws: Any, calls: CallCount) -> TemplateTab:
    """A workbook without a template tab gets the default layout for this run only (as the CLI does): drawn into
    a helper tab, deleted again when the staging ends, with a constant number of calls (the layout is fixed)."""
    from .styling import set_widths

    grid = template_layout(ws)
    width = max((len(r) for r in grid), default=0)
    full = [list(r) for r in ws.iter_rows(min_row=1, max_row=ws.max_row, max_col=ws.max_column, values_only=True)]
    sheet = staging.scratch_tab()
    sheet.range((1, 1), (len(full), len(full[0]))).value = [[_as_value(v) for v in r] for r in full]
    calls.writes += 1
    _draw_styles(sheet, ws, calls)
    for rng in ws.merged_cells.ranges:
        sheet.range(rng.coord).merge()
        calls.formats += 1
    widths = {i: ws.column_dimensions[column_letter(i)].width for i in range(1, ws.max_column + 1)
              if ws.column_dimensions[column_letter(i)].width}  # fmt: skip
    set_widths(sheet, widths, staging.web, calls)
    for r, dim in sorted(ws.row_dimensions.items()):
        if dim.height:  # the template's fixed rows only: a constant number of calls
            sheet.range(f"A{r}").row_height = dim.height
            calls.formats += 1
    # The layout's print setup, which the call sheets copy with the tab (all of it on desktop Excel for Windows,
    # the print area only elsewhere: see render.page_setup).
    area = str(ws.print_area).split("!")[-1].replace("$", "") if ws.print_area else None
    page_setup(sheet, area=area, web=staging.web, calls=calls, landscape=ws.page_setup.orientation == "landscape",
               title_rows=ws.print_title_rows, fit_width=True)  # fmt: skip
    return TemplateTab(sheet, [(list(r) + [None] * width)[:width] for r in grid], ws.max_column)


def _style_key(cell: Any) -> tuple[Any, ...]:
    f, fill, al, b = cell.font, cell.fill, cell.alignment, cell.border
    fg = fill.fgColor.rgb if fill is not None and fill.fill_type == "solid" else None
    color = f.color.rgb if f is not None and f.color is not None and isinstance(f.color.rgb, str) else None
    boxed = bool(b is not None and b.left is not None and b.left.style)
    under = bool(b is not None and b.bottom is not None and b.bottom.style)
    return (bool(f.b), bool(f.i), f.sz, color, fg if isinstance(fg, str) else None, al.horizontal,
            bool(al.wrap_text), boxed, under)


def _draw_styles(sheet: Any, ws: Any, calls: CallCount) -> None:
    """Fonts, fills, alignment and borders of the openpyxl template, one range per row run of equal style."""
    from ..model.sheetspec import Style
    from .styling import apply_style

    for row in ws.iter_rows(min_row=1, max_row=ws.max_row, max_col=ws.max_column):
        run: list[Any] = []
        for cell in [*row, None]:
            if run and (cell is None or _style_key(cell) != _style_key(run[0])):
                key = _style_key(run[0])
                bold, italic, size, color, fill, align, wrap, boxed, _under = key
                if any((bold, italic, color, fill, align, wrap, boxed)) or (size and size != 11):
                    style = Style(bold=bold, italic=italic, size=size if size and size != 11 else None,
                                  color=color, fill=fill, align=align if align in ("left", "center", "right")
                                  else None, wrap=wrap, border=boxed)  # fmt: skip
                    apply_style(sheet.range((run[0].row, run[0].column), (run[-1].row, run[-1].column)), style,
                                calls)  # fmt: skip
                run = []
            if cell is not None:
                run.append(cell)

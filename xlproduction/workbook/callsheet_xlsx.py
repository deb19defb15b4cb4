"""Drawing a filled call sheet as a tab with openpyxl, by streaming the template's rows into a new sheet.

Whatever the coordinator did to the template tab is what the call sheet looks like: each output row copies its
template row's cell styles and height, merges are re-made at the shifted rows, column widths, page setup, print
titles, sheet view and pictures (the logo) are copied. Blocks grow with their items and the sheet prints on as
many pages as it needs (one page wide; print titles repeat the template's title rows on every page).

The tab also carries, right of its print area where it never prints, its revision number (read back when the day
is generated again) and the readiness warnings of the day.
"""

from __future__ import annotations

import copy
import io
from collections.abc import Sequence
from typing import Any

from openpyxl import Workbook
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE, MergedCell
from openpyxl.drawing.image import Image
from openpyxl.styles import Alignment, Font
from openpyxl.styles.cell_style import StyleArray
from openpyxl.utils import get_column_letter, range_boundaries
from openpyxl.worksheet.cell_range import CellRange
from openpyxl.worksheet.merge import MergedCellRange
from openpyxl.worksheet.worksheet import Worksheet

from ..callsheet.fill import FilledSheet
from ..model.contract import CALLSHEET_REVISION_LABEL
from . import styles as S

# Tab colours for the revision colours a coordinator types in Settings (unknown names leave the tab uncoloured).
REVISION_TAB_COLOURS = {
    "white": "FFFFFF", "blue": "9BC2E6", "pink": "F4B6C2", "yellow": "FFE699", "green": "A9D08E",
    "goldenrod": "DAA520", "buff": "F0DC82", "salmon": "FA8072", "cherry": "C0392B", "tan": "D2B48C",
    "grey": "BFBFBF", "gray": "BFBFBF", "ivory": "FFFFF0", "orange": "F4B183",
}  # fmt: skip
MARGIN_GAP = 1  # blank columns between the print area and the revision/warnings margin
_NOTE_FONT = Font(name=S.FONT_NAME, size=9, italic=True, color="C00000")
_LABEL_FONT = Font(name=S.FONT_NAME, size=9, bold=True, color="595959")


def layout_area(ws: Worksheet) -> tuple[int, int]:
    """(rows, columns) of the template's layout: columns up to the print area's right edge when one is set (so
    notes beside it are not copied), rows down to the last used row (rows added below still count)."""
    cols = ws.max_column
    area = ws.print_area
    if area:
        first = str(area).split(",")[0].split("!")[-1].replace("$", "")
        try:
            _, _, c1, _ = range_boundaries(first)
            cols = c1 or cols
        except ValueError:
            pass
    return ws.max_row, cols


def template_grid(ws: Worksheet) -> list[list[Any]]:
    """The template's cell values, row 1 first, over its layout area."""
    rows, cols = layout_area(ws)
    return [list(r) for r in ws.iter_rows(min_row=1, max_row=rows, max_col=cols, values_only=True)]


def _segments(plan: FilledSheet) -> list[list[tuple[int, int]]]:
    """Runs of output rows that copy consecutive template rows: (output row, template row) pairs. A merge of the
    template is re-made in every run that holds all of its rows."""
    runs: list[list[tuple[int, int]]] = []
    prev = None
    for i, r in enumerate(plan.rows, start=1):
        if prev is None or r.template_row != prev + 1:
            runs.append([])
        runs[-1].append((i, r.template_row))
        prev = r.template_row
    return runs


class _StyleCopier:
    """Cell styles from the template: the style ids themselves within one workbook; across workbooks (the PDF
    copy) each distinct style is registered once and its ids reused, because openpyxl's per-cell registration
    hashes every font and border again."""

    def __init__(self, src: Worksheet, dst: Worksheet) -> None:
        self.same = src.parent is dst.parent
        self.cache: dict[tuple[int, ...], StyleArray] = {}

    def apply(self, s: Any, d: Any) -> None:
        if not s.has_style:
            return
        if self.same:
            d._style = copy.copy(s._style)
            return
        k = tuple(s._style)
        if k not in self.cache:
            d.font, d.fill, d.border = copy.copy(s.font), copy.copy(s.fill), copy.copy(s.border)
            d.alignment, d.number_format, d.protection = copy.copy(s.alignment), s.number_format, \
                copy.copy(s.protection)  # fmt: skip
            self.cache[k] = copy.copy(d._style)
        d._style = copy.copy(self.cache[k])


def _merge(ws: Worksheet, template: Worksheet, styles: _StyleCopier, t0: int, r0: int, r1: int, c0: int,
           c1: int) -> None:  # fmt: skip
    """Merge ``r0:r1`` × ``c0:c1`` whose cells copy template rows from ``t0``. openpyxl's merge_cells re-derives
    edge borders cell by cell (seconds per sheet); the template's merged cells already carry them, so the merged
    cells are made directly with the template's styles."""
    rng = MergedCellRange.__new__(MergedCellRange)
    CellRange.__init__(rng, min_col=c0, min_row=r0, max_col=c1, max_row=r1)
    rng.ws, rng.start_cell = ws, ws.cell(r0, c0)
    ws.merged_cells.ranges.add(rng)  # a set; .add() would first scan every merge for overlap (quadratic)
    for r in range(r0, r1 + 1):
        for c in range(c0, c1 + 1):
            if (r, c) == (r0, c0):
                continue
            cell = MergedCell(ws, row=r, column=c)
            styles.apply(template.cell(t0 + r - r0, c), cell)
            ws._cells[(r, c)] = cell


def _image_bytes(img: Image) -> bytes | None:
    # Image._data() closes the template image's stream, which openpyxl needs again when saving: read around it.
    ref = img.ref
    if isinstance(ref, io.BytesIO):
        return ref.getvalue()
    if isinstance(ref, str | bytes):
        try:
            with open(ref, "rb") as fh:
                return fh.read()
        except OSError:
            return None
    try:  # a PIL image
        buf = io.BytesIO()
        ref.save(buf, format=(img.format or "png").upper())
        return buf.getvalue()
    except Exception:
        return None


def _copy_images(src: Worksheet, dst: Worksheet, first_out: dict[int, int]) -> None:
    for img in getattr(src, "_images", []):
        data = _image_bytes(img)
        if data is None:
            continue
        new = Image(io.BytesIO(data))
        new.width, new.height = img.width, img.height
        anchor = copy.deepcopy(img.anchor)
        if isinstance(anchor, str):
            c0, r0, _, _ = range_boundaries(f"{anchor}:{anchor}")
            anchor = f"{get_column_letter(c0)}{first_out.get(r0, r0)}"
        else:
            start = anchor._from
            shift = first_out.get(start.row + 1, start.row + 1) - (start.row + 1)
            start.row += shift
            if getattr(anchor, "to", None) is not None:
                anchor.to.row += shift
        new.anchor = anchor
        dst.add_image(new)


DEFAULT_WIDTH = 8.43  # Excel's default column width, in characters
_PX_PER_CHAR_WIDTH, _CELL_PADDING_PX = 7, 5  # a column of width w is w * 7 + 5 pixels wide (Calibri 11)
_DPI = 96


def _column_widths(ws: Worksheet, n: int) -> list[float]:
    """Widths of columns 1..n in characters; Excel saves runs of equal columns as one min–max entry."""
    default = ws.sheet_format.defaultColWidth or DEFAULT_WIDTH
    widths = [float(default)] * (n + 1)
    for dim in ws.column_dimensions.values():
        if dim.width is None or dim.min is None:
            continue
        for i in range(dim.min, min(dim.max or dim.min, n) + 1):
            widths[i] = float(dim.width)
    return widths


def _em(ch: str) -> float:
    """Approximate advance width of a character in ems, Calibri's (the template's font). Column widths are counted
    in the default font's digits, so a substitute font (LibreOffice prints DejaVu Sans where Calibri is missing)
    widens the columns with the text and the estimate still holds; ``_SAFETY`` covers the rest."""
    if ch in "ijl.,:;'!|":
        return 0.25
    if ch == " " or ch in "ftrI()[]-":
        return 0.34
    if ch in "mwMW@%":
        return 0.85
    if ch.isdigit():
        return 0.51
    if ch.isupper():
        return 0.6
    return 0.5


_SAFETY = 1.1  # estimates err towards a taller row, never a clipped one


def text_lines(text: str, width_chars: float, size: float = 11.0, bold: bool = False) -> int:
    """Lines a wrapped text takes in a cell ``width_chars`` wide (greedy word wrap on estimated glyph widths):
    LibreOffice and Excel do not grow rows for merged cells, so the renderer must."""
    avail = max(width_chars * _PX_PER_CHAR_WIDTH + _CELL_PADDING_PX - 4, 1.0)
    scale = size * _DPI / 72 * (1.06 if bold else 1.0) * _SAFETY

    def px(word: str) -> float:
        return sum(_em(ch) for ch in word) * scale

    space = px(" ")
    lines = 0
    for para in str(text).split("\n"):
        used, count = 0.0, 1
        for word in para.split(" "):
            w = px(word)
            if used == 0:
                used = w
            elif used + space + w <= avail:
                used += space + w
            else:
                count, used = count + 1, w
            while used > avail:  # a word longer than the cell breaks across lines
                count, used = count + 1, used - avail
        lines += count
    return lines


def _fit_heights(ws: Worksheet, template: Worksheet, plan: FilledSheet) -> None:
    """Grow each output row to show all of its wrapped text (never shrink a height the coordinator set)."""
    widths = _column_widths(template, plan.width)
    span: dict[tuple[int, int], int] = {}  # (template row, first col) -> last col, for one-row merges
    for rng in template.merged_cells.ranges:
        if rng.min_row == rng.max_row:
            span[(rng.min_row, rng.min_col)] = min(rng.max_col, plan.width)
    for i, row in enumerate(plan.rows, start=1):
        need = 0.0
        for c, v in enumerate(row.values, start=1):
            if not isinstance(v, str) or not v:
                continue
            src = template.cell(row.template_row, c)
            if not (src.alignment.wrap_text or "\n" in v):
                continue
            # The merged cell's pixel width, expressed back in characters for text_lines.
            last = span.get((row.template_row, c), c)
            px = sum(w * _PX_PER_CHAR_WIDTH + _CELL_PADDING_PX for w in widths[c: last + 1])
            width = (px - _CELL_PADDING_PX) / _PX_PER_CHAR_WIDTH
            size = float(src.font.sz or 11)
            lines = text_lines(v, width, size, bool(src.font.b))
            if lines > 1:
                need = max(need, lines * size * 1.25 + 3)
        if need:
            dim = ws.row_dimensions[i]
            dim.height = max(dim.height or 0, need)


def _map_title_rows(title_rows: str | None, first_out: dict[int, int]) -> str | None:
    if not title_rows:
        return None
    try:
        a, b = (int(x.replace("$", "")) for x in str(title_rows).split(":"))
    except ValueError:
        return None
    if a not in first_out or b not in first_out:
        return None
    return f"{first_out[a]}:{first_out[b]}"


def _page_setup(src: Worksheet, dst: Worksheet, last_row: int, width: int, paper: str | None,
                first_out: dict[int, int]) -> None:  # fmt: skip
    ps, dps = src.page_setup, dst.page_setup
    for attr in ("orientation", "paperSize", "scale", "fitToWidth", "fitToHeight", "horizontalDpi", "verticalDpi",
                 "pageOrder", "blackAndWhite", "draft", "firstPageNumber", "useFirstPageNumber"):  # fmt: skip
        setattr(dps, attr, getattr(ps, attr))
    if ps.orientation is None:
        dps.orientation = "portrait"
    if paper in S.PAPER_SIZES:  # Settings decides the paper, whatever the template was last printed on
        dps.paperSize = S.PAPER_SIZES[paper]
    if src.sheet_properties.pageSetUpPr is not None:
        dst.sheet_properties.pageSetUpPr = copy.copy(src.sheet_properties.pageSetUpPr)
    if dst.sheet_properties.pageSetUpPr is None or not dst.sheet_properties.pageSetUpPr.fitToPage:
        # Never cut a column off: one page wide, as many tall as the blocks need.
        dps.fitToWidth, dps.fitToHeight = 1, 0
        dst.sheet_properties.pageSetUpPr.fitToPage = True
    dst.page_margins = copy.copy(src.page_margins)
    dst.print_options = copy.copy(src.print_options)
    dst.HeaderFooter = copy.copy(src.HeaderFooter)
    dst.print_area = f"A1:{get_column_letter(max(width, 1))}{max(last_row, 1)}"
    titles = _map_title_rows(src.print_title_rows, first_out)
    if titles:
        dst.print_title_rows = titles
    view, dview = src.sheet_view, dst.sheet_view
    dview.showGridLines = view.showGridLines
    dview.zoomScale = view.zoomScale
    dview.view = view.view


def render_callsheet(wb: Workbook, template: Worksheet, plan: FilledSheet, name: str, *, index: int | None = None,
                     paper: str | None = None, revision: tuple[int, str] | None = None,
                     notes: Sequence[str] = ()) -> Worksheet:  # fmt: skip
    """Create tab ``name`` in ``wb`` (at ``index``) drawing ``plan`` with ``template``'s look. ``template`` may
    belong to another workbook (the PDF copy). ``revision``: (number, colour) stored right of the print area,
    with ``notes`` (warnings) under it."""
    ws = wb.create_sheet(name, index)
    styles = _StyleCopier(template, ws)
    width = plan.width
    for i, row in enumerate(plan.rows, start=1):
        t = row.template_row
        for c in range(1, width + 1):
            src = template.cell(t, c)
            v = row.values[c - 1] if c - 1 < len(row.values) else None
            dst = ws.cell(i, c)
            if v is not None:
                # Control characters pasted into the workbook (a terminal's bell): XML cannot carry them.
                dst.value = ILLEGAL_CHARACTERS_RE.sub("", v) if type(v) is str else v
                if isinstance(v, str) and v.startswith("="):
                    dst.data_type = "s" if "{{" in str(src.value or "") else dst.data_type  # filled text stays text
            styles.apply(src, dst)
        dim = template.row_dimensions.get(t)
        if dim is not None:
            if dim.height is not None:
                ws.row_dimensions[i].height = dim.height
            if dim.hidden:
                ws.row_dimensions[i].hidden = True
    first_out: dict[int, int] = {}
    for i, row in enumerate(plan.rows, start=1):
        first_out.setdefault(row.template_row, i)
    for run in _segments(plan):
        where = {t: o for o, t in run}
        for rng in template.merged_cells.ranges:
            if rng.min_col > width:
                continue
            if all(r in where for r in range(rng.min_row, rng.max_row + 1)):
                _merge(ws, template, styles, rng.min_row, where[rng.min_row], where[rng.max_row], rng.min_col,
                       min(rng.max_col, width))  # fmt: skip
    for letter, dim in template.column_dimensions.items():
        d = ws.column_dimensions[letter]
        d.width, d.hidden = dim.width, dim.hidden
        d.min, d.max = dim.min, dim.max
    _fit_heights(ws, template, plan)
    _copy_images(template, ws, first_out)
    _page_setup(template, ws, len(plan.rows), width, paper, first_out)
    if template.sheet_properties.tabColor is not None:
        ws.sheet_properties.tabColor = copy.copy(template.sheet_properties.tabColor)
    col = width + MARGIN_GAP + 1
    ws.column_dimensions[get_column_letter(col)].width = 22
    ws.column_dimensions[get_column_letter(col + 1)].width = 60
    if revision is not None:
        number, colour = revision
        ws.cell(1, col, CALLSHEET_REVISION_LABEL).font = _LABEL_FONT
        ws.cell(1, col + 1, number).alignment = Alignment(horizontal="left")
        ws.cell(1, col + 2, colour)
        tint = REVISION_TAB_COLOURS.get(colour.split()[-1].casefold())
        if tint:
            ws.sheet_properties.tabColor = tint
    if notes:
        ws.cell(3, col, "Not printed — check before sending:").font = _LABEL_FONT
        for j, text in enumerate(notes, start=4):
            cell = ws.cell(j, col, ILLEGAL_CHARACTERS_RE.sub("", text))
            cell.font = _NOTE_FONT
    return ws

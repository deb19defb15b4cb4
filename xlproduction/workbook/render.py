"""Rendering engine-neutral ``SheetSpec``s into an .xlsx with openpyxl (the file path of the CLI).

Generated tabs (Issues, call sheets, reports) are the only thing xlproduction writes into a user's workbook.
A tab of the same name is replaced in place (same position among the sheets), never duplicated. Styles are
grouped per block so a long Issues tab costs one style object per kind of cell, not one per cell.
"""

from __future__ import annotations

import tempfile
from collections.abc import Sequence
from copy import copy
from pathlib import Path

from openpyxl import Workbook
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE
from openpyxl.chart import BarChart, Reference
from openpyxl.chart.series import SeriesLabel
from openpyxl.styles import Alignment, Border, Font, PatternFill, Side
from openpyxl.styles.cell_style import StyleArray
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.hyperlink import Hyperlink
from openpyxl.worksheet.worksheet import Worksheet

from ..model.sheetspec import ChartSpec, Formula, SheetSpec, Style
from . import sheetxml
from .guard import check_file
from .package import Tab, graft_tabs, render_donor
from .safe_write import atomic_save
from .safety import xlsx_text_needs_prefix
from .styles import print_setup

_THIN = Side(style="thin", color="BFBFBF")


def _apply_style(ws: Worksheet, rows: range, cols: range, style: Style) -> None:
    font = Font(bold=style.bold, italic=style.italic, size=style.size, color=style.color)
    fill = PatternFill("solid", start_color=style.fill, end_color=style.fill) if style.fill else None
    align = Alignment(horizontal=style.align, wrap_text=style.wrap, vertical="top")
    border = Border(left=_THIN, right=_THIN, top=_THIN, bottom=_THIN) if style.border else None
    # Setting a style on a cell is a pure function of the cell's previous style, and openpyxl makes each
    # assignment costly (it looks the font, fill… up in the workbook's tables). So each distinct previous style is
    # styled once and the result copied to the other cells: a 100,000-row block costs a handful of lookups.
    done: dict[tuple[int, ...], StyleArray] = {}
    for r in rows:
        for c in cols:
            cell = ws.cell(r, c)
            before = tuple(cell._style) if cell._style is not None else ()
            after = done.get(before)
            if after is not None:
                cell._style = copy(after)
                continue
            cell.font = font
            cell.alignment = align
            if fill is not None:
                cell.fill = fill
            if border is not None:
                cell.border = border
            if style.number_format:
                cell.number_format = style.number_format
            done[before] = copy(cell._style)


def _write_literal(ws: Worksheet, row: int, col: int, v: object) -> None:
    """A ``literal_text`` sheet's cell: strings are text unless they are ``Formula`` (see ``workbook.safety``)."""
    cell = ws.cell(row, col)
    cell.value = v
    if isinstance(v, str) and not isinstance(v, Formula):
        cell.data_type = "s"  # openpyxl made any '=…' string a formula: make it text again
        if xlsx_text_needs_prefix(v):
            cell.quotePrefix = True


def _add_chart(ws: Worksheet, c: ChartSpec) -> None:
    chart = BarChart()
    chart.type = "bar" if c.kind == "bar" else "col"
    chart.title = c.title
    chart.width, chart.height = c.width_cm, c.height_cm
    chart.legend = None if len(c.series) == 1 else chart.legend
    for s in c.series:
        ref = Reference(ws, min_col=s.col, min_row=s.first_row, max_row=s.last_row)
        chart.add_data(ref, titles_from_data=False)
        chart.series[-1].tx = SeriesLabel(v=s.title)
        chart.series[-1].invertIfNegative = False
    chart.set_categories(Reference(ws, min_col=c.category_col, min_row=c.first_row, max_row=c.last_row))
    if c.kind == "bar":
        chart.x_axis.scaling.orientation = "maxMin"  # first row at the top, as in the table
    chart.x_axis.tickLblPos = "low"  # labels at the edge, not over the bars of negative values
    if c.number_format:
        chart.y_axis.numFmt = c.number_format
        chart.y_axis.number_format = c.number_format
    if c.value_title:
        chart.y_axis.title = c.value_title
    # openpyxl 3.1 hides both axes unless told otherwise (delete=True by default).
    chart.x_axis.delete = False
    chart.y_axis.delete = False
    ws.add_chart(chart, c.anchor)


def _clean(v: object) -> object:
    """Text without the control characters XML cannot carry (a bell or an escape sequence pasted from a terminal,
    a NUL from a database export): openpyxl refuses them, and the whole write would fail for one invisible
    character. Formulas (a ``str`` subclass) are xlproduction's own and pass as they are."""
    return ILLEGAL_CHARACTERS_RE.sub("", v) if type(v) is str else v


def render_into(ws: Worksheet, spec: SheetSpec) -> None:
    for b in spec.blocks:
        for i, row in enumerate(b.values):
            for j, v in enumerate(map(_clean, row)):
                if spec.literal_text:
                    _write_literal(ws, b.row + i, b.col + j, v)
                else:
                    ws.cell(b.row + i, b.col + j, v)
        if b.style is not None and b.height and b.width:
            _apply_style(ws, range(b.row, b.row + b.height), range(b.col, b.col + b.width), b.style)
    for f in spec.formats:
        for r1, c1, r2, c2 in f.ranges:
            _apply_style(ws, range(r1, r2 + 1), range(c1, c2 + 1), f.style)
    for chart in spec.charts:
        _add_chart(ws, chart)
    for col, width in spec.widths.items():
        ws.column_dimensions[get_column_letter(col)].width = width
    for row, height in spec.heights.items():
        ws.row_dimensions[row].height = height
    for m in spec.merges:
        ws.merge_cells(m)
    for link in spec.links:
        cell = ws.cell(link.row, link.col)
        cell.hyperlink = Hyperlink(ref=cell.coordinate, location=link.location, display=str(cell.value or ""))
        cell.font = Font(color="0563C1", underline="single")
    if spec.freeze:
        ws.freeze_panes = spec.freeze
    if spec.autofilter:
        ws.auto_filter.ref = spec.autofilter
    if spec.tab_color:
        ws.sheet_properties.tabColor = spec.tab_color
    print_setup(ws, landscape=spec.landscape, paper=spec.paper, title_rows=spec.print_title_rows)


def replace_sheet(wb: Workbook, spec: SheetSpec) -> Worksheet:
    """Create the sheet, or clear and reuse the position of an existing sheet of that name."""
    index = None
    if spec.name in wb.sheetnames:
        index = wb.sheetnames.index(spec.name)
        wb.remove(wb[spec.name])
    ws = wb.create_sheet(spec.name, index)
    render_into(ws, spec)
    return ws


def write_new_workbook(target: str | Path, specs: Sequence[SheetSpec]) -> Path:
    """A new workbook holding only ``specs``, in order (the finance pack), saved atomically.

    Written by ``sheetxml`` (straight to SpreadsheetML, a tenth of openpyxl's time and memory on a season's
    ledger); tabs with charts are drawn by openpyxl and grafted in at their place (``package.py``)."""
    plain = [s for s in specs if sheetxml.supports(s)]
    if plain and len(plain) == len(specs):
        return atomic_save(lambda tmp: sheetxml.write_workbook(tmp, plain), Path(target))
    if plain:
        charted = [(i, s) for i, s in enumerate(specs) if not sheetxml.supports(s)]
        target = Path(target)
        with tempfile.TemporaryDirectory(prefix=".xlproduction-", dir=target.parent) as tmp:
            first = Path(tmp, "plain.xlsx")
            sheetxml.write_workbook(first, plain)
            donor = render_donor(lambda wb: [render_into(wb.create_sheet(s.name), s) for _, s in charted])
            return graft_tabs(first, target, donor, [Tab(s.name, i) for i, s in charted])
    wb = Workbook()
    wb.remove(wb.active)
    for spec in specs:
        render_into(wb.create_sheet(spec.name), spec)
    if specs:
        wb.active = 0
        for ws in wb.worksheets:
            ws.sheet_view.tabSelected = ws.title == specs[0].name
    return atomic_save(wb.save, Path(target))


def write_sheets(source: str | Path, target: str | Path, specs: Sequence[SheetSpec], *,
                 backups: int = 3) -> Path:  # fmt: skip
    """Write ``specs`` into a copy of ``source`` saved as ``target`` (the same path for in-place writes, which
    keep a timestamped backup). The write is atomic: the target is either the old file or the new one.

    The tabs are rendered by openpyxl into a small workbook of their own and grafted into the user's package
    (``package.py``): every other part of the file is kept byte for byte, whatever it holds, and a big workbook
    is not parsed and rewritten to add one tab. A tab of the same name is replaced where it stands; a new one
    goes last."""
    # Hostile files are refused before anything parses them (see workbook/guard.py). The graft parses the package's
    # structure, styles and strings, never a worksheet (those are copied as compressed bytes), so no sheet is scanned.
    check_file(source, only=())

    def build(wb: Workbook) -> None:
        for spec in specs:
            render_into(wb.create_sheet(spec.name), spec)

    # The donor: written straight to SpreadsheetML (sheetxml) unless a tab has a chart, which openpyxl draws.
    donor = sheetxml.workbook_bytes(specs, inline_strings=True) if all(map(sheetxml.supports, specs)) else \
        render_donor(build)  # fmt: skip
    return graft_tabs(source, target, donor, [Tab(spec.name) for spec in specs], backups=backups)

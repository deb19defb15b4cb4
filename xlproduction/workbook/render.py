"""Rendering engine-neutral ``SheetSpec``s into an .xlsx with openpyxl (the file path of the CLI).

Generated tabs (Issues, call sheets, reports) are the only thing xlproduction writes into a user's workbook.
A tab of the same name is replaced in place (same position among the sheets), never duplicated. Styles are
grouped per block so a long Issues tab costs one style object per kind of cell, not one per cell.
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

from openpyxl import Workbook, load_workbook
from openpyxl.styles import Alignment, Border, Font, PatternFill, Side
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.hyperlink import Hyperlink
from openpyxl.worksheet.worksheet import Worksheet

from ..sheetspec import SheetSpec, Style
from .safe_write import atomic_save
from .styles import print_setup

_THIN = Side(style="thin", color="BFBFBF")


def _apply_style(ws: Worksheet, rows: range, cols: range, style: Style) -> None:
    font = Font(bold=style.bold, italic=style.italic, size=style.size, color=style.color)
    fill = PatternFill("solid", start_color=style.fill, end_color=style.fill) if style.fill else None
    align = Alignment(horizontal=style.align, wrap_text=style.wrap, vertical="top")
    border = Border(left=_THIN, right=_THIN, top=_THIN, bottom=_THIN) if style.border else None
    for r in rows:
        for c in cols:
            cell = ws.cell(r, c)
            cell.font = font
            cell.alignment = align
            if fill is not None:
                cell.fill = fill
            if border is not None:
                cell.border = border
            if style.number_format:
                cell.number_format = style.number_format


def render_into(ws: Worksheet, spec: SheetSpec) -> None:
    for b in spec.blocks:
        for i, row in enumerate(b.values):
            for j, v in enumerate(row):
                ws.cell(b.row + i, b.col + j, v)
        if b.style is not None and b.height and b.width:
            _apply_style(ws, range(b.row, b.row + b.height), range(b.col, b.col + b.width), b.style)
    for col, width in spec.widths.items():
        ws.column_dimensions[get_column_letter(col)].width = width
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


def write_sheets(source: str | Path, target: str | Path, specs: Sequence[SheetSpec], *,
                 backups: int = 3) -> Path:  # fmt: skip
    """Write ``specs`` into a copy of ``source`` saved as ``target`` (the same path for in-place writes, which
    keep a timestamped backup). The write is atomic: the target is either the old file or the new one."""
    wb = load_workbook(source)
    for spec in specs:
        replace_sheet(wb, spec)
    wb.active = wb.sheetnames.index(specs[0].name) if specs else wb.active
    for ws in wb.worksheets:
        ws.sheet_view.tabSelected = ws.title == (specs[0].name if specs else ws.title)
    return atomic_save(wb.save, Path(target), backup=Path(source) == Path(target), keep=backups)

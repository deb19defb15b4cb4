"""The direct SpreadsheetML writer means what openpyxl's renderer makes of the same SheetSpec, cell by cell.

Every report tab of the sample production (finance pack, DOOD, cost report, crew list, Issues) and one spec built
to exercise every feature (overlapping blocks, formats, links, merges, dates and durations, formulas, formula-like
text, control characters) are rendered both ways and read back with openpyxl: values, types, number formats,
fonts, fills, borders, alignment, quote prefixes, links, and the sheet's widths, heights, merges, panes, filter,
tab colour and print setup must agree. The two deliberate differences (fonts name Calibri; colours are opaque ARGB)
are normalised away. The written file must open in LibreOffice and gain no validator finding.
"""

from __future__ import annotations

import datetime as dt
import io
from pathlib import Path
from typing import Any

from openpyxl import Workbook, load_workbook

from xlproduction.model.sheetspec import Block, Format, Formula, Link, SheetSpec, Style
from xlproduction.workbook.render import render_into, write_new_workbook
from xlproduction.workbook.sheetxml import workbook_bytes, write_workbook


def everything_spec(odd_text: str = "bell and _x0041_") -> SheetSpec:
    """A tab using every feature the writers share, with overlaps where the layering order matters."""
    d = dt.date(2027, 3, 2)
    return SheetSpec(
        name="Every feature",
        blocks=(
            Block(1, 1, (("Title that spans",),), Style(bold=True, size=16, color="1F3864")),
            Block(3, 1, (("Text", "Number", "Date", "When", "Time", "Hours", "Yes", "Formula"),),
                  Style(bold=True, fill="D9D9D9", border=True, wrap=True, align="center")),
            Block(4, 1, (("plain", 1.5, d, dt.datetime(2027, 3, 2, 7, 30), dt.time(19, 45), dt.timedelta(hours=25.5),
                          True, Formula("=B4*2")),
                         ("=not a formula", -3, None, None, None, None, False, Formula("=SUM(B4:B5)")),
                         (" spaced ", 10**12, d, None, None, None, None, "@mention"),
                         (odd_text, float("nan"), None, None, None, None, None, "+1 310 555 0100")),
                  Style(border=True)),
            # A second block over one column: a number format laid over values the first block wrote.
            Block(4, 2, ((1.5,), (-3,), (10**12,)), Style(number_format="#,##0.00", italic=True)),
            Block(9, 1, (("After a gap", None, "x"),)),  # unstyled, with a hole
            Block(4, 3, ((None,),)),  # a None over a value: literal sheets clear it
        ),
        widths={1: 24, 2: 12, 8: 18},
        merges=("A1:D1",),
        links=(Link(9, 1, "Every feature", "A1"),),
        freeze="B4",
        landscape=True,
        print_title_rows="3:3",
        paper="A4",
        tab_color="C00000",
        autofilter="A3:H7",
        formats=(Format(Style(fill="FFC7CE", bold=True), ((4, 1, 5, 1), (7, 7, 7, 8))),
                 Format(Style(color="9C0006", align="right"), ((5, 1, 6, 2),))),
        heights={3: 30, 20: 12},
        literal_text=True,
    )


def report_specs() -> list[SheetSpec]:
    from xlproduction.checks import run_checks
    from xlproduction.reports.cost import cost_report, cost_sheet
    from xlproduction.reports.crew_list import crew_sheet
    from xlproduction.reports.dood_tab import dood_sheet
    from xlproduction.reports.finance_pack import finance_pack
    from xlproduction.reports.issues import issues_sheet
    from xlproduction.sample import sample_production
    from xlproduction.workbook.reader import load_production
    from xlproduction.workbook.writer import write_workbook as write_production

    buf = io.BytesIO()
    write_production(path := Path(f"/tmp/xlp-sheetxml-{id(buf)}.xlsx"), sample_production())
    try:
        p = load_production(path)
        specs = [*finance_pack(p).specs, dood_sheet(p), crew_sheet(p), issues_sheet(run_checks(p), p),
                 cost_sheet(cost_report(p), p)]
    finally:
        path.unlink(missing_ok=True)
    # Cells only: charts are openpyxl's (write_new_workbook grafts them, tested below).
    return [SheetSpec(**{**{f: getattr(s, f) for f in s.__dataclass_fields__}, "charts": ()}) for s in specs]


def _rgb(color: Any) -> str | None:
    rgb = getattr(color, "rgb", None)
    return rgb[-6:].upper() if isinstance(rgb, str) else None


def cell_view(c: Any) -> tuple[Any, ...]:
    font, fill, align = c.font, c.fill, c.alignment
    # openpyxl writes numbers with 16 significant digits ("%.16g"), the direct writer the exact shortest form.
    value = float(f"{c.value:.15g}") if isinstance(c.value, float) else c.value
    return (
        value, c.data_type if c.value is not None else None, c.number_format, bool(font.b), bool(font.i),
        font.u, _rgb(font.color),
        float(font.sz or 11), _rgb(fill.fgColor) if fill.fill_type == "solid" else None, c.border.left.style,
        c.border.bottom.style, align.horizontal, bool(align.wrap_text), align.vertical if c.has_style else None,
        bool(c.quotePrefix), c.hyperlink.location if c.hyperlink else None,
    )  # fmt: skip


def sheet_view(ws: Any) -> tuple[Any, ...]:
    ps = ws.page_setup
    return (
        sorted(str(m) for m in ws.merged_cells.ranges), ws.freeze_panes, ws.print_title_rows, ws.auto_filter.ref,
        {k: d.width for k, d in ws.column_dimensions.items() if d.customWidth},
        {k: d.height for k, d in ws.row_dimensions.items() if d.height is not None},
        _rgb(ws.sheet_properties.tabColor), ps.orientation, int(ps.paperSize or 0), ps.fitToWidth, ps.fitToHeight,
        ws.sheet_properties.pageSetUpPr.fitToPage, ws.oddFooter.center.text,
    )  # fmt: skip


def both(specs: list[SheetSpec]) -> tuple[Any, Any]:
    wb = Workbook()
    wb.remove(wb.active)
    for spec in specs:
        render_into(wb.create_sheet(spec.name), spec)
    buf = io.BytesIO()
    wb.save(buf)
    return load_workbook(io.BytesIO(buf.getvalue())), load_workbook(io.BytesIO(workbook_bytes(specs)))


def assert_same(a: Any, b: Any) -> None:
    assert a.sheetnames == b.sheetnames
    for name in a.sheetnames:
        wa, wb_ = a[name], b[name]
        assert sheet_view(wa) == sheet_view(wb_), name
        rows = max(wa.max_row, wb_.max_row)
        cols = max(wa.max_column, wb_.max_column)
        for r in range(1, rows + 1):
            for c in range(1, cols + 1):
                x, y = cell_view(wa.cell(r, c)), cell_view(wb_.cell(r, c))
                if x != y:
                    raise AssertionError(f"{name}!{wa.cell(r, c).coordinate}: openpyxl {x} != direct {y}")


def test_every_feature_reads_back_as_openpyxl_renders_it(tmp_path: Path) -> None:
    a, b = both([everything_spec()])
    assert_same(a, b)
    # Control characters XML cannot hold are dropped by both; text looking like Excel's _xHHHH_ escape reads back
    # as typed from the direct writer (calamine and LibreOffice decode escapes as Excel does; openpyxl does not).
    from python_calamine import CalamineWorkbook

    a, b = both([everything_spec("bell\x07 and _x0041_")])
    assert_same(a, b)
    path = tmp_path / "escaped.xlsx"
    path.write_bytes(workbook_bytes([everything_spec("bell\x07 and _x0041_")]))
    assert CalamineWorkbook.from_path(str(path)).get_sheet_by_name("Every feature").to_python()[6][0] == \
        "bell and _x0041_"  # fmt: skip


def test_every_report_tab_reads_back_as_openpyxl_renders_it() -> None:
    a, b = both(report_specs())
    assert_same(a, b)


def test_inline_and_shared_strings_agree_and_validate(tmp_path: Path, soffice: str) -> None:
    from openxml_audit import OpenXmlValidator
    from python_calamine import CalamineWorkbook

    from xlproduction.workbook import libreoffice

    specs = [everything_spec(), *report_specs()[:3]]
    shared, inline = tmp_path / "shared.xlsx", tmp_path / "inline.xlsx"
    write_workbook(shared, specs)
    write_workbook(inline, specs, inline_strings=True)
    for name in [s.name for s in specs]:
        x = CalamineWorkbook.from_path(str(shared)).get_sheet_by_name(name).to_python()
        y = CalamineWorkbook.from_path(str(inline)).get_sheet_by_name(name).to_python()
        assert x == y, name
    findings = OpenXmlValidator().validate(str(shared)).errors
    assert not findings, [str(f) for f in findings[:5]]
    shown = CalamineWorkbook.from_path(str(libreoffice.recalculate(shared, tmp_path / "lo")))
    grid = shown.get_sheet_by_name("Every feature").to_python()
    assert grid[3][7] == 3.0 and grid[4][7] == -1.5  # LibreOffice computed the formulas
    assert grid[4][0] == "=not a formula"


def test_write_new_workbook_takes_the_direct_path_and_grafts_charts(tmp_path: Path) -> None:
    from xlproduction.model.sheetspec import ChartSeries, ChartSpec

    chart = SheetSpec("Chart", (Block(1, 1, (("a", 1), ("b", 2))),),
                      charts=(ChartSpec("c", "D2", 1, 1, 2, (ChartSeries("n", 1, 2, 2),)),))  # fmt: skip
    out = write_new_workbook(tmp_path / "pack.xlsx", [everything_spec(), chart, report_specs()[0]])
    wb = load_workbook(out)
    assert wb.sheetnames == ["Every feature", "Chart", "About"]
    assert len(wb["Chart"]._charts) == 1
    assert wb.active.title == "Every feature"

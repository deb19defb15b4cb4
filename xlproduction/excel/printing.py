"""Charts and print setup on a live tab: what the xlwings API offers on every engine, and Excel's own on Windows.

The print area is the only print setting every engine has; orientation, paper, fit to width, repeated header rows
and margins go through Excel's ``PageSetup`` object on Windows desktop and are skipped elsewhere (the coordinator
sets them once in Page Layout, or prints the CLI's file). The cost report's chart is drawn where the file path
anchors it.
"""

from __future__ import annotations

import sys
from collections.abc import Sequence
from typing import Any

from ..model.sheetspec import ChartSpec, SheetSpec
from .book import CallCount
from .cells import width_for_engine

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



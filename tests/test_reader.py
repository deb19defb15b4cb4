"""Reading real, messy workbooks: each tolerance reads typed values, each unresolvable case is a finding.

Every test writes a small workbook with openpyxl (Excel Tables, or plain ranges) in ``tmp_path`` the way a
coordinator would have left it, reads it with ``load_production`` and asserts what the coordinator would see:
the typed values, and for what cannot be read the finding's code, sheet and cell.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pandas as pd
import pytest
from openpyxl import Workbook
from openpyxl.utils import column_index_from_string, get_column_letter
from openpyxl.utils.cell import coordinate_from_string
from openpyxl.worksheet.table import Table as ExcelTable

from xlproduction.model.contract import TABLES, TABLES_BY_NAME
from xlproduction.model.findings import Finding, Severity
from xlproduction.model.production import ROW, Production
from xlproduction.workbook.coerce import dtype_for
from xlproduction.workbook.reader import RawTable, WorkbookUnreadable, build_production, build_table, load_production

D = dt.date


def hm(h: int, m: int = 0) -> dt.timedelta:
    return dt.timedelta(hours=h, minutes=m)


# --- writing test workbooks ------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Fmt:
    """A cell value with an Excel number format, e.g. Fmt(1.0625, "h:mm")."""

    value: Any
    number_format: str


@dataclass
class Block:
    """One table as a coordinator left it: headers and rows from ``at``, on ``sheet``.

    ``table`` is the Excel Table name (None: the contract name; False: plain cells, no Excel Table)."""

    headers: Sequence[str]
    rows: Sequence[Sequence[Any]] = ()
    at: str = "A1"
    sheet: str | None = None
    table: str | bool | None = None
    above: Mapping[str, Any] = field(default_factory=dict)  # other cells of the sheet, e.g. a title in A1


def required_headers(name: str) -> list[str]:
    return [c.header for c in TABLES_BY_NAME[name].input_columns if c.required]


def write_book(path: Path, blocks: Mapping[str, Block | None] | None = None) -> Path:
    """Every required contract table (headers only, no rows) unless ``blocks`` gives it, or None to leave it out."""
    blocks = dict(blocks or {})
    wb = Workbook()
    wb.remove(wb.active)
    for spec in TABLES:
        if spec.name in blocks:
            block = blocks.pop(spec.name)
            if block is None:
                continue
        elif spec.required:
            block = Block(["Setting", "Value"] if spec.name == "Settings" else required_headers(spec.name))
        else:
            continue
        _write_block(wb, block.sheet or spec.sheet, spec.name, block)
    for name, block in blocks.items():  # sheets that are not contract tables
        assert block is not None
        _write_block(wb, block.sheet or name, name, block)
    wb.save(path)
    return path


def _write_block(wb: Workbook, sheet: str, name: str, block: Block) -> None:
    ws = wb[sheet] if sheet in wb.sheetnames else wb.create_sheet(sheet)
    for ref, v in block.above.items():
        ws[ref] = v
    col_letter, row0 = coordinate_from_string(block.at)
    col0 = column_index_from_string(col_letter)
    for j, h in enumerate(block.headers):
        ws.cell(row0, col0 + j, h)
    for i, row in enumerate(block.rows, start=1):
        for j, v in enumerate(row):
            cell = ws.cell(row0 + i, col0 + j)
            if isinstance(v, Fmt):
                cell.value, cell.number_format = v.value, v.number_format
            else:
                cell.value = v
    if block.table is not False:
        last = f"{get_column_letter(col0 + len(block.headers) - 1)}{row0 + max(1, len(block.rows))}"
        ws.add_table(ExcelTable(displayName=block.table or name, ref=f"{block.at}:{last}"))


def read(tmp_path: Path, blocks: Mapping[str, Block | None] | None = None, name: str = "prod.xlsx") -> Production:
    return load_production(write_book(tmp_path / name, blocks), today=D(2027, 1, 4))


def found(p: Production, code: str | None = None, table: str | None = None) -> list[Finding]:
    return [f for f in p.findings if (code is None or f.code == code) and (table is None or f.table == table)]


def where(p: Production, code: str | None = None, table: str | None = None) -> list[tuple[str, str | None, str | None]]:
    """(code, sheet, cell) of the findings, in the order reported."""
    return [(f.code, f.sheet, f.cell) for f in found(p, code, table)]


def col(p: Production, table: str, key: str) -> list[Any]:
    """A column as plain Python values: None for missing, dates as dates, times as timedeltas."""
    s = p.df(table)[key]
    out: list[Any] = []
    for v in s.tolist():
        if not isinstance(v, tuple) and pd.isna(v):
            out.append(None)
        elif isinstance(v, pd.Timestamp):
            out.append(v.date())
        elif isinstance(v, pd.Timedelta):
            out.append(v.to_pytimedelta())
        else:
            out.append(v)
    return out


SCENE_HEADERS = ["Scene", "I/E", "Set", "D/N", "Pages"]


# --- the baseline ---------------------------------------------------------------------------------------------


def test_a_workbook_with_every_table_reads_without_findings(tmp_path: Path) -> None:
    p = read(tmp_path)
    assert p.findings == ()
    assert set(p.tables) == {t.name for t in TABLES}
    assert all(len(t) == 0 for t in p.tables.values())


def test_dtypes_follow_the_contract_for_present_and_missing_tables(tmp_path: Path) -> None:
    p = read(tmp_path, {
        "Scenes": Block([*SCENE_HEADERS, "Cast IDs", "Est. Time", "My Notes"],
                        [[1, "INT", "Kitchen", "DAY", "1 3/8", "1, 2", "1:30", "keep me"]]),
        "Days": Block(["Day", "Date", "Crew Call"], [[1, D(2027, 3, 1), dt.time(7)]]),
        "Calls": None,
    })  # fmt: skip
    for name, table in p.tables.items():
        for c in table.spec.columns:
            assert str(table.df[c.key].dtype) == dtype_for(c.type), (name, c.key)
        assert str(table.df[ROW].dtype) == "int64", name
    assert str(p.scenes["My Notes"].dtype) == "object"
    assert not p.table("Calls").present and p.table("Calls").df.empty


# --- tolerances --------------------------------------------------------------------------------------------------


def test_columns_in_any_order_and_extra_columns_are_kept(tmp_path: Path) -> None:
    p = read(tmp_path, {"Scenes": Block(
        ["Pages", "Shoot Notes", "D/N", "Set", "Scene", "Colour", "I/E"],
        [["1 3/8", "rain", "DAY", "Kitchen", 1, 5.0, "INT"],
         [2.0, None, "NIGHT", "Street", 2, None, "EXT"]])})  # fmt: skip
    assert found(p) == []
    assert col(p, "Scenes", "scene") == ["1", "2"]
    assert col(p, "Scenes", "set") == ["Kitchen", "Street"]
    assert col(p, "Scenes", "pages") == [11, 16]
    assert col(p, "Scenes", "Shoot Notes") == ["rain", None]
    assert col(p, "Scenes", "Colour") == [5.0, None]
    loc = p.table("Scenes").location
    assert loc is not None and loc.letters["scene"] == "E" and loc.letters["int_ext"] == "G"


def test_headers_match_ignoring_case_spaces_punctuation_and_aliases(tmp_path: Path) -> None:
    p = read(tmp_path, {"Scenes": Block(
        ["  SCENE # ", "int/ext", "Set_Name", "day / night", "PAGE-COUNT", "est time", "Cast Members", "loc"],
        [[1, "INT", "Kitchen", "DAY", "1/8", "0:30", "1, 2", "L1"]])})  # fmt: skip
    assert found(p) == []
    df = p.scenes
    assert df.loc[0, "scene"] == "1" and df.loc[0, "int_ext"] == "INT" and df.loc[0, "set"] == "Kitchen"
    assert df.loc[0, "day_night"] == "DAY" and df.loc[0, "pages"] == 1 and df.loc[0, "location"] == "L1"
    assert df.loc[0, "cast"] == ("1", "2")
    assert df.loc[0, "est_time"] == pd.Timedelta(minutes=30)


def test_a_header_is_never_taken_by_another_columns_alias(tmp_path: Path) -> None:
    # Days: 'Call' is an alias of Crew Call; here both headers are present and each keeps its own column.
    p = read(tmp_path, {"Days": Block(["Day", "Date", "Wrap", "Crew Call"],
                                      [[1, D(2027, 3, 1), "19:00", "7:00"]])})  # fmt: skip
    assert found(p) == []
    assert col(p, "Days", "crew_call") == [hm(7)] and col(p, "Days", "actual_wrap") == [hm(19)]


def test_blank_rows_are_dropped_and_rows_keep_their_excel_row_number(tmp_path: Path) -> None:
    p = read(tmp_path, {"Scenes": Block([*SCENE_HEADERS, "Notes"], [
        [1, "INT", "Kitchen", "DAY", 1],
        [None, None, None, None, None],
        ["", " ", "-", "n/a", None, ""],  # what 'clear contents' and placeholders leave behind
        [2, "EXT", "Street", "NIGHT", 2],
        [None, None, None, None, None, "just a note"],  # a note alone keeps its row, which then lacks a scene
    ])})  # fmt: skip
    assert col(p, "Scenes", "scene") == ["1", "2", None]
    assert col(p, "Scenes", ROW) == [2, 5, 6]
    assert where(p, "ST005") == [("ST005", "Scenes", f"{c}6") for c in "ABCDE"]


def test_numbers_dates_and_times_typed_as_text(tmp_path: Path) -> None:
    p = read(tmp_path, {
        "Days": Block(["Day", "Date", "Crew Call", "Lunch", "Est. Wrap", "Actual Wrap"],
                      [["1", "03/02/2027", "7:30 AM", "1:00 PM", "19:30", "730p"],
                       [" 2 ", "2 Mar 2027", "0700", "noon", "25:30", " 7:45pm "]]),
        "Crew": Block(["Name", "Department", "Position", "Day Rate", "Call Offset (min)"],
                      [["Ann Lee", "Camera", "DP", "1250", "-30"]]),
        "Budget": Block(["Account", "Description", "Amount", "X", "Rate"],
                        [["1100", "Director", "2", "1.5", "$1,000"]]),
    })  # fmt: skip
    assert found(p) == []
    assert col(p, "Days", "day") == [1, 2]
    assert col(p, "Days", "date") == [D(2027, 3, 2), D(2027, 3, 2)]
    assert col(p, "Days", "crew_call") == [hm(7, 30), hm(7)]
    assert col(p, "Days", "lunch") == [hm(13), hm(12)]
    assert col(p, "Days", "est_wrap") == [hm(19, 30), hm(25, 30)]
    assert col(p, "Days", "actual_wrap") == [hm(19, 30), hm(19, 45)]
    assert col(p, "Crew", "day_rate") == [1250.0] and col(p, "Crew", "call_offset") == [-30]
    assert col(p, "Budget", "amount") == [2.0] and col(p, "Budget", "x") == [1.5]
    assert col(p, "Budget", "rate") == [1000.0]


def test_excel_serial_dates_stored_as_numbers(tmp_path: Path) -> None:
    p = read(tmp_path, {
        "Days": Block(["Day", "Date", "Crew Call"], [[1, 46448, "7:00"], [2, 46449.0, "7:00"]]),
        "Actuals": Block(["Date", "Transaction ID", "Amount"], [[Fmt(46448, "General"), "T1", 10]]),
    })  # fmt: skip
    assert found(p) == []
    assert col(p, "Days", "date") == [D(2027, 3, 2), D(2027, 3, 3)]
    assert col(p, "Actuals", "date") == [D(2027, 3, 2)]


def test_times_as_day_fractions_time_cells_and_past_midnight(tmp_path: Path) -> None:
    p = read(tmp_path, {"Days": Block(
        ["Day", "Date", "Crew Call", "Shooting Call", "Lunch", "Est. Wrap", "Actual Wrap"],
        [[1, D(2027, 3, 1), 0.3125, dt.time(8, 15), Fmt(0.5, "h:mm AM/PM"), 1.0625, Fmt(1.0625, "h:mm")],
         [2, D(2027, 3, 2), Fmt(0.75, "[h]:mm"), "7:30 PM", "12:30 AM", Fmt(1.0, "h:mm"), dt.timedelta(hours=26)]])})
    assert found(p) == []
    assert col(p, "Days", "crew_call") == [hm(7, 30), hm(18)]
    assert col(p, "Days", "shooting_call") == [hm(8, 15), hm(19, 30)]
    assert col(p, "Days", "lunch") == [hm(12), hm(0, 30)]
    # 25:30 typed into a cell formatted h:mm still reads past midnight, and 24:00 is not 'the date 1900-01-01'.
    assert col(p, "Days", "est_wrap") == [hm(25, 30), hm(24)]
    assert col(p, "Days", "actual_wrap") == [hm(25, 30), hm(26)]


def test_pages_in_eighths_however_typed(tmp_path: Path) -> None:
    p = read(tmp_path, {"Scenes": Block(SCENE_HEADERS, [
        [1, "INT", "A", "DAY", "1 3/8"], [2, "INT", "A", "DAY", "11/8"], [3, "INT", "A", "DAY", 1.375],
        [4, "INT", "A", "DAY", Fmt(1.375, "# ?/8")], [5, "INT", "A", "DAY", 0.1], [6, "INT", "A", "DAY", "2"],
        [7, "INT", "A", "DAY", D(2027, 3, 8)],  # '3/8' that Excel turned into 8 March
    ])})  # fmt: skip
    assert found(p) == []
    assert col(p, "Scenes", "pages") == [11, 11, 11, 11, 1, 16, 3]


def test_money_with_symbols_separators_and_brackets(tmp_path: Path) -> None:
    p = read(tmp_path, {
        "Actuals": Block(["Date", "Transaction ID", "Amount", "Status"],
                         [[D(2027, 3, 1), "T1", "$1,250.00", "Posted"], [D(2027, 3, 1), "T2", "(200)", "paid"],
                          [D(2027, 3, 1), "T3", Fmt(-75.5, "$#,##0.00"), None]]),
        "Fringes": Block(["Code", "Description", "Percent", "Cap"], [["FICA", "Social security", "6.2%", "$168,600"]]),
    })  # fmt: skip
    assert found(p) == []
    assert col(p, "Actuals", "amount") == [1250.0, -200.0, -75.5]
    assert col(p, "Actuals", "status") == ["Posted", "Posted", "Posted"]  # blank takes the default
    assert col(p, "Fringes", "percent") == [pytest.approx(0.062)] and col(p, "Fringes", "cap") == [168600.0]


def test_booleans_yes_no_y_x_and_blank_defaults(tmp_path: Path) -> None:
    p = read(tmp_path, {"Cast": Block(["Cast ID", "Character", "Performer", "Minor", "Drop/Pickup OK"], [
        [1, "Ann", "A. Actor", "Yes", "y"], [2, "Bob", "B. Actor", "No", None], [3, "Cy", "C. Actor", "x", "N"],
        [4, "Di", "D. Actor", None, True], [5, "Ed", "E. Actor", "Y", False]])})  # fmt: skip
    assert found(p) == []
    assert col(p, "Cast", "minor") == [True, False, True, False, True]
    assert col(p, "Cast", "drop_allowed") == [True, False, False, True, False]


def test_allowed_values_accept_common_spellings(tmp_path: Path) -> None:
    p = read(tmp_path, {
        "Scenes": Block(SCENE_HEADERS, [[1, "I", "A", "D", 1], [2, "Exterior", "A", "n", 1],
                                        [3, "int./ext.", "A", "Sunset", 1]]),
        "Crew": Block(["Name", "Department", "Position"], [["Ann", "Wardrobe", "Designer"], ["Bob", "hmu", "Key"],
                                                          ["Cy", "camera", "DP"]]),
    })  # fmt: skip
    assert found(p) == []
    assert col(p, "Scenes", "int_ext") == ["INT", "EXT", "INT/EXT"]
    assert col(p, "Scenes", "day_night") == ["DAY", "NIGHT", "DUSK"]
    assert col(p, "Crew", "department") == ["Costume", "Hair & Makeup", "Camera"]


def test_ids_typed_as_numbers_read_as_text(tmp_path: Path) -> None:
    p = read(tmp_path, {
        "Scenes": Block([*SCENE_HEADERS, "Cast IDs", "Location ID"], [[12, "INT", "A", "DAY", 1, 1, 3.0],
                                                                     ["12A", "INT", "A", "DAY", 1, "1, 2", "L1"]]),
        "Schedule": Block(["Day", "Order", "Scene"], [[1, 1, 12.0], [1, 2, " 12A "]]),
        "Accounts": Block(["Account", "Name", "Category"], [[1100, "Director", "ATL"]]),
    })  # fmt: skip
    assert found(p) == []
    assert col(p, "Scenes", "scene") == ["12", "12A"]
    assert col(p, "Scenes", "cast") == [("1",), ("1", "2")]
    assert col(p, "Scenes", "location") == ["3", "L1"]
    assert col(p, "Schedule", "scene") == ["12", "12A"]
    assert col(p, "Accounts", "account") == ["1100"]


def test_a_plain_range_on_a_sheet_named_like_the_table_is_read_with_a_warning(tmp_path: Path) -> None:
    p = read(tmp_path, {"Crew": Block(
        ["Name", "Dept", "Position", "Day Rate"],
        [["Ann", "Camera", "DP", 1200], [None, None, None, None], ["Bob", "Grip", "Key Grip", "lots"]],
        at="B3", table=False, above={"A1": "CREW LIST — do not sort"})})  # fmt: skip
    assert where(p) == [("ST007", "Crew", "B3"), ("ST003", "Crew", "E6")]
    st007 = found(p, "ST007")[0]
    assert st007.severity is Severity.WARNING and st007.table == "Crew"
    assert col(p, "Crew", "name") == ["Ann", "Bob"]
    assert col(p, "Crew", ROW) == [4, 6]
    assert col(p, "Crew", "day_rate") == [1200.0, None]
    assert p.table("Crew").location is not None and not p.table("Crew").location.is_table


def test_a_named_table_on_a_renamed_and_moved_sheet(tmp_path: Path) -> None:
    p = read(tmp_path, {
        "Scenes": Block(SCENE_HEADERS, [[1, "INT", "Kitchen", "DAY", 1], [2, "Outside", "Street", "NIGHT", 1]],
                        at="C5", sheet="Breakdown (v2)"),
        # A leftover sheet still called Scenes does not take the table's place.
        "Old Scenes": Block(["Scene", "Set"], [[99, "Old set"]], sheet="Scenes", table="OldScenes"),
    })  # fmt: skip
    assert p.table("Scenes").sheet == "Breakdown (v2)"
    assert col(p, "Scenes", "scene") == ["1", "2"]
    assert col(p, "Scenes", ROW) == [6, 7]
    assert where(p) == [("ST004", "Breakdown (v2)", "D7")]
    assert p.table("Scenes").cell("pages", 6) == "G6"


def test_table_names_match_whatever_their_case(tmp_path: Path) -> None:
    p = read(tmp_path, {"Days": Block(["Day", "Date", "Crew Call"], [[1, D(2027, 3, 1), "7:00"]], table="DAYS",
                                      sheet="Shoot days")})  # fmt: skip
    assert found(p) == [] and col(p, "Days", "day") == [1]


def test_date_order_from_settings_reads_typed_dates_day_first(tmp_path: Path) -> None:
    p = read(tmp_path, {
        # Date Order comes after the dated setting it governs: it still applies.
        "Settings": Block(["Setting", "Value"], [["Script Revision Date", "03/04/2027"], ["Date Order", "dmy"]]),
        "Days": Block(["Day", "Date", "Crew Call"], [[1, "03/04/2027", "7:00"], [2, "13/04/2027", "7:00"]]),
    })  # fmt: skip
    assert found(p) == []
    assert p.settings.date_order == "DMY"
    assert p.settings.script_revision_date == D(2027, 4, 3)
    assert col(p, "Days", "date") == [D(2027, 4, 3), D(2027, 4, 13)]


def test_settings_values_are_read_from_their_cells_as_typed(tmp_path: Path) -> None:
    p = read(tmp_path, {"Settings": Block(["Setting", "Value", "Notes"], [
        ["Title", "The Long Night", None],
        ["planned shoot days", 30, "from the schedule"],
        ["Script Revision Date", D(2027, 2, 14), None],
        ["Minor Earliest Call", dt.time(5), None],
        ["Minor Latest Wrap", Fmt(0.9166666667, "h:mm AM/PM"), None],
        ["Crew Turnaround Hours", "10", None],
        ["Finance May See Rates", "Yes", None],
        ["Ignore Rules", "CR004, SC010", None],
        ["Max Pages Per Day", "7 4/8", None],
        ["Episode", 101, None],
        ["Production Type", "television", None],
    ], at="B2")})  # fmt: skip
    assert found(p) == []
    s = p.settings
    assert s.title == "The Long Night" and s.planned_shoot_days == 30 and s.episode == "101"
    assert s.script_revision_date == D(2027, 2, 14)
    assert s.minor_earliest_call == hm(5) and s.minor_latest_wrap == hm(22)
    assert s.crew_turnaround_hours == 10.0 and s.finance_may_see_rates is True
    assert s.ignore_rules == ("CR004", "SC010") and s.max_pages_per_day == 60
    assert s.production_type == "Television"
    assert s.cast_turnaround_hours == 12.0  # not in the sheet: the contract default
    assert s.cells["planned_shoot_days"] == "C4" and s.sheet == "Settings"


# --- what cannot be resolved: findings, never exceptions ---------------------------------------------------------


def test_missing_table_is_st001(tmp_path: Path) -> None:
    p = read(tmp_path, {"Days": None, "Junk": Block(["Day", "Notes"], [[1, "x"]], sheet="Days", table=False)})
    [f] = found(p)
    assert (f.code, f.table, f.severity) == ("ST001", "Days", Severity.ERROR)
    assert "Days" in f.message and "Insert" in f.hint
    assert p.table("Days").df.empty and not p.table("Days").present


def test_optional_tables_may_be_missing(tmp_path: Path) -> None:
    p = read(tmp_path, {"Calls": None, "CastEvents": None})
    assert found(p) == []


def test_missing_required_column_is_st002_at_the_table_header(tmp_path: Path) -> None:
    p = read(tmp_path, {"Days": Block(["Day", "Crew Call", "Notes"], [[1, "7:00", "x"]], at="C5", sheet="Shoot")})
    assert where(p) == [("ST002", "Shoot", "C5")]
    f = found(p, "ST002")[0]
    assert f.column == "Date" and f.table == "Days" and "'Date'" in f.hint
    assert col(p, "Days", "date") == [None] and col(p, "Days", "day") == [1]


def test_unreadable_values_are_st003_at_the_exact_cell(tmp_path: Path) -> None:
    p = read(tmp_path, {
        "Days": Block(["Day", "Date", "Crew Call"], [[1, "31/02/2027", "7:00"], [2, D(2027, 3, 2), "25:75"]],
                      at="B3", sheet="Shoot Days"),
        "Crew": Block(["Name", "Department", "Position", "Day Rate"], [["Ann", "Camera", "DP", "abc"]]),
        "Scenes": Block(SCENE_HEADERS, [[1, "INT", "A", "DAY", "lots"]]),
    })  # fmt: skip
    assert sorted(where(p)) == [("ST003", "Crew", "D2"), ("ST003", "Scenes", "E2"),
                                ("ST003", "Shoot Days", "C4"), ("ST003", "Shoot Days", "D5")]  # fmt: skip
    by_cell = {f.cell: f for f in found(p)}
    assert "31/02/2027" in by_cell["C4"].message and by_cell["C4"].row == 4 and by_cell["C4"].column == "Date"
    assert "25:75" in by_cell["D5"].message and "7:30 AM" in by_cell["D5"].hint
    assert "'abc'" in by_cell["D2"].message and "$1,250.00" in by_cell["D2"].hint
    assert all(f.severity is Severity.ERROR for f in found(p))
    assert col(p, "Days", "date") == [None, D(2027, 3, 2)]  # the row is kept, the value is missing


def test_value_outside_the_list_is_st004(tmp_path: Path) -> None:
    p = read(tmp_path, {
        "Scenes": Block(SCENE_HEADERS, [[1, "Outside", "A", "DAY", 1], [2, "INT", "A", "Twilight", 1]]),
        "Crew": Block(["Name", "Department", "Position"], [["Ann", "Catering Dept", "Chef"]]),
    })  # fmt: skip
    assert sorted(where(p)) == [("ST004", "Crew", "B2"), ("ST004", "Scenes", "B2"), ("ST004", "Scenes", "D3")]
    f = found(p, "ST004", "Scenes")[0]
    assert "'Outside'" in f.message and f.hint.startswith("Pick one of: INT, EXT")


def test_blank_required_cell_is_st005(tmp_path: Path) -> None:
    p = read(tmp_path, {"Scenes": Block(SCENE_HEADERS, [[1, "INT", None, "DAY", 1], [2, "INT", "A", "DAY", "  "]],
                                        at="D10")})  # fmt: skip
    assert where(p) == [("ST005", "Scenes", "F11"), ("ST005", "Scenes", "H12")]
    assert found(p)[0].column == "Set" and found(p)[0].row == 11


def test_duplicate_id_is_st006_at_the_second_occurrence(tmp_path: Path) -> None:
    p = read(tmp_path, {
        "Scenes": Block(SCENE_HEADERS, [[12, "INT", "A", "DAY", 1], ["5", "INT", "A", "DAY", 1],
                                        ["12", "INT", "B", "DAY", 1], ["12 ", "EXT", "C", "DAY", 1]]),
        "Cast": Block(["Cast ID", "Character", "Performer"], [["1a", "Ann", "A"], ["1A", "Ann 2", "B"]]),
        "Days": Block(["Day", "Date", "Crew Call"], [[1, D(2027, 3, 1), "7:00"], ["1", D(2027, 3, 2), "7:00"]]),
    })  # fmt: skip
    assert sorted(where(p)) == [("ST006", "Cast", "A3"), ("ST006", "Days", "A3"), ("ST006", "Scenes", "A4"),
                                ("ST006", "Scenes", "A5")]  # fmt: skip
    f = next(f for f in found(p) if f.cell == "A4")
    assert "first on row 2" in f.message and f.row == 4
    assert len(p.scenes) == 4  # both rows stay; the checks decide what a duplicate breaks


def test_duplicate_column_is_st008_and_the_first_is_read(tmp_path: Path) -> None:
    p = read(tmp_path, {"Cast": Block(["Cast ID", "Character", "Performer", "Cast #"], [[1, "Ann", "A", 7]])})
    assert where(p) == [("ST008", "Cast", "D1")]
    assert found(p)[0].severity is Severity.WARNING
    assert col(p, "Cast", "cast_id") == ["1"]


def test_unknown_setting_is_st009_with_the_closest_name(tmp_path: Path) -> None:
    p = read(tmp_path, {"Settings": Block(["Setting", "Value"], [["Title", "X"], ["Planed shoot days", 30],
                                                                 ["Favourite colour", "blue"]])})  # fmt: skip
    assert where(p) == [("ST009", "Settings", "A3"), ("ST009", "Settings", "A4")]
    typo, unknown = found(p)
    assert typo.hint == "Did you mean 'Planned Shoot Days'?" and typo.severity is Severity.INFO
    assert "README" in unknown.hint
    assert p.settings.planned_shoot_days is None


def test_settings_values_that_do_not_parse(tmp_path: Path) -> None:
    p = read(tmp_path, {"Settings": Block(["Setting", "Value"], [
        ["Planned Shoot Days", "thirty"], ["Date Order", "DYM"], ["Script Revision Date", "31/02/2027"],
        ["Minor Earliest Call", "early"], ["Title", "First"], ["title", "Second"]], at="C3")})  # fmt: skip
    assert where(p) == [("ST006", "Settings", "C9"), ("ST004", "Settings", "D5"), ("ST003", "Settings", "D4"),
                        ("ST003", "Settings", "D6"), ("ST003", "Settings", "D7")]  # fmt: skip
    assert p.settings.date_order == "MDY" and p.settings.planned_shoot_days is None
    assert p.settings.title == "First"  # the repeated row is ignored, as the finding says


def test_a_workbook_full_of_nonsense_gives_findings_not_exceptions(tmp_path: Path) -> None:
    junk = [True, "???", -1, 1e308, "=1/0", D(1900, 1, 1), dt.time(3), "31/31/31", "💥", 0.000001]
    blocks: dict[str, Block | None] = {}
    for spec in TABLES:
        headers = [c.header for c in spec.input_columns]
        if spec.name == "Settings":
            rows = [[s, v] for s, v in zip(["Title", "Date Order", "Planned Shoot Days", "Nope"], junk, strict=False)]
            blocks[spec.name] = Block(["Setting", "Value"], rows)
            continue
        rows = [[junk[(i + j) % len(junk)] for j in range(len(headers))] for i in range(len(junk))]
        blocks[spec.name] = Block(headers, rows)
    p = read(tmp_path, blocks)
    assert {f.code for f in p.findings} >= {"ST003", "ST004", "ST009"}
    assert all(f.sheet and f.cell for f in p.findings)


# --- files that cannot be opened --------------------------------------------------------------------------------


def test_a_text_file_named_xlsx_is_unreadable_with_a_clear_message(tmp_path: Path) -> None:
    path = tmp_path / "budget.xlsx"
    path.write_text("scene,set\n1,Kitchen\n")
    with pytest.raises(WorkbookUnreadable) as e:
        load_production(path)
    msg = str(e.value)
    assert "budget.xlsx" in msg and "Excel Workbook (.xlsx)" in msg
    assert "Zip" not in msg and "EOCD" not in msg and "Calamine" not in msg


def test_a_missing_path_is_unreadable(tmp_path: Path) -> None:
    with pytest.raises(WorkbookUnreadable, match="does not exist"):
        load_production(tmp_path / "nope.xlsx")


def test_an_empty_file_and_a_folder_are_unreadable(tmp_path: Path) -> None:
    (tmp_path / "empty.xlsx").write_bytes(b"")
    with pytest.raises(WorkbookUnreadable, match="empty"):
        load_production(tmp_path / "empty.xlsx")
    (tmp_path / "folder.xlsx").mkdir()
    with pytest.raises(WorkbookUnreadable, match="folder"):
        load_production(tmp_path / "folder.xlsx")


def test_an_encrypted_workbook_is_unreadable_with_a_hint(tmp_path: Path) -> None:
    path = tmp_path / "locked.xlsx"
    path.write_bytes(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 600)
    with pytest.raises(WorkbookUnreadable, match="password-protected"):
        load_production(path)


# --- raw grids (the Excel adapter's path) -----------------------------------------------------------------------


def test_raw_grids_with_none_for_empty_cells_and_python_ints() -> None:
    raw = RawTable("Stripboard", 4, 2, ["Day", "Order", "Scene", "Notes"],
                   [[1, 1, 12, None], [None, None, None, None], [1, 2, None, "split"], [1, "x", "13", None]])
    table, findings = build_table(TABLES_BY_NAME["Schedule"], raw)
    assert table.df[ROW].tolist() == [5, 7, 8]
    assert table.df["scene"].tolist()[0] == "12"
    assert sorted((f.code, f.sheet, f.cell) for f in findings) == [("ST003", "Stripboard", "C8"),
                                                                   ("ST005", "Stripboard", "D7")]  # fmt: skip


def test_formula_columns_are_kept_as_text_and_rows_of_formulas_only_are_dropped(tmp_path: Path) -> None:
    p = read(tmp_path, {"Schedule": Block(["Day", "Order", "Scene", "Set"], [
        [1, 1, 12, "=IFERROR(INDEX(Scenes[Set],MATCH(Schedule[[#This Row],[Scene]],Scenes[Scene],0)),\"\")"],
        [None, None, None, "=IFERROR(INDEX(Scenes[Set],MATCH(Schedule[[#This Row],[Scene]],Scenes[Scene],0)),\"\")"],
    ])})  # fmt: skip
    assert found(p) == []
    assert col(p, "Schedule", ROW) == [2]
    assert str(p.schedule["set"].dtype) == "object"


def test_build_production_reports_missing_tables_from_raw_grids() -> None:
    p = build_production({"Settings": RawTable("Settings", 1, 1, ["Setting", "Value"], [["Title", "X"]])})
    missing = {f.table for f in p.findings if f.code == "ST001"}
    assert missing == {t.name for t in TABLES if t.required and t.name != "Settings"}
    assert p.settings.title == "X"

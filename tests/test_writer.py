"""The workbook writer against the contract and the reader: real files written with openpyxl, read back with
python-calamine (``load_production``) and inspected with openpyxl."""

from __future__ import annotations

import datetime as dt
import re
import zipfile
from pathlib import Path
from typing import Any

import openpyxl
import pandas as pd
import pytest
from openpyxl.utils import get_column_letter, range_boundaries
from openpyxl.worksheet.datavalidation import DataValidation
from openpyxl.worksheet.worksheet import Worksheet

from xlproduction.model import contract as K
from xlproduction.model.contract import ColType
from xlproduction.model.tabledata import ProductionData
from xlproduction.workbook import styles
from xlproduction.workbook.reader import load_production
from xlproduction.workbook.topsheet import account_formula, layout
from xlproduction.workbook.writer import MARGIN_LAST_ROW, build_workbook, formula_text, write_workbook

td = dt.timedelta

# Functions Excel 2010 or LibreOffice 7.4 lacks: a formula using one shows #NAME? for somebody.
NEWER_FUNCTIONS = ("XLOOKUP", "XMATCH", "FILTER", "LET", "LAMBDA", "UNIQUE", "SORT", "SORTBY", "SEQUENCE",
                   "TEXTJOIN", "CONCAT", "IFS", "SWITCH", "MAXIFS", "MINIFS", "RANDARRAY")  # fmt: skip
NEWER_RE = re.compile(r"(?<![A-Z0-9_.])(?:_xlfn\.)?(" + "|".join(NEWER_FUNCTIONS) + r")\s*\(", re.IGNORECASE)


def small_production() -> ProductionData:
    """A few rows of each kind of value, including the awkward ones (past-midnight wrap, text that starts with
    '=', IDs that look like numbers, a phone number with a leading zero)."""
    return ProductionData(
        settings={"title": "Small Hours", "company": "Night Owl Films", "currency": "GBP", "paper_size": "A4",
                  "date_order": "DMY", "planned_shoot_days": 2, "script_revision_date": dt.date(2027, 1, 20),
                  "minor_earliest_call": td(hours=5), "finance_may_see_rates": True,
                  "ignore_rules": ("CR004",), "crew_turnaround_hours": 11.5, "max_pages_per_day": 60},
        tables={
            "Scenes": [
                {"scene": "1", "int_ext": "INT", "set": "FLAT - KITCHEN", "day_night": "DAY", "pages": 11,
                 "synopsis": "= breakfast =", "cast": ("1", "2"), "location": "L1", "script_day": "D1",
                 "est_time": td(hours=1, minutes=30)},
                {"scene": "1A", "int_ext": "EXT", "set": "STREET", "day_night": "NIGHT", "pages": 3,
                 "cast": ("2",), "background": "6 pedestrians", "location": "L2"},
                {"scene": "007", "int_ext": "INT/EXT", "set": "CAR", "day_night": "DUSK", "pages": 16},
            ],
            "Days": [
                {"day": 1, "date": dt.date(2027, 3, 1), "location": "L1", "crew_call": td(hours=7),
                 "shooting_call": td(hours=8), "lunch": td(hours=13), "est_wrap": td(hours=19)},
                {"day": 2, "date": dt.date(2027, 3, 2), "unit": "Second", "crew_call": td(hours=17),
                 "est_wrap": td(hours=29, minutes=30), "actual_wrap": td(hours=25, minutes=45)},
            ],
            "Schedule": [
                {"day": 1, "order": 1, "scene": "1", "banner": "LUNCH"},
                {"day": 2, "order": 1, "scene": "1A", "part": "1/2"},
                {"day": 2, "order": 2, "scene": "007"},
            ],
            "Cast": [
                {"cast_id": "1", "character": "ANNA", "performer": "Jo Bloggs", "phone": "07700 900123",
                 "union": "Equity", "minor": False, "day_rate": 650.0, "account": "1400",
                 "available_from": dt.date(2027, 2, 1)},
                {"cast_id": "2", "character": "TOM", "performer": "Sam Smith", "minor": True,
                 "date_of_birth": dt.date(2013, 5, 5), "drop_allowed": True},
            ],
            "CastEvents": [{"cast_id": "1", "date": dt.date(2027, 2, 27), "event": "Fitting"}],
            "Crew": [
                {"name": "Pat Doe", "department": "Hair & Makeup", "position": "HMU Designer", "union": "IATSE",
                 "day_rate": 520.5, "start_date": dt.date(2027, 2, 20), "call_offset": -60, "walkie": "3"},
                {"name": "Lee Roe", "department": "Camera", "position": "DP"},
            ],
            "Calls": [{"day": 1, "cast_id": "1", "pickup": td(hours=5, minutes=30), "makeup": td(hours=6),
                       "on_set": td(hours=7, minutes=45)},
                      {"day": 2, "department": "Camera", "call": td(hours=16, minutes=30)}],
            "Locations": [{"location_id": "L1", "name": "Flat", "address": "1 High St", "latitude": 51.5,
                           "longitude": -0.12, "hospital": "St Mary's", "hospital_phone": "020 7946 0000"},
                          {"location_id": "L2", "name": "Street", "latitude": 51.51, "longitude": -0.13}],
            "Accounts": [{"account": "1400", "name": "Cast", "category": "ATL"},
                         {"account": "2100", "name": "Camera", "category": "BTL", "efc_override": 12000.0}],
            "Budget": [{"account": "1400", "description": "Anna", "amount": 10, "units": "Days", "rate": 650.0,
                        "fringe_codes": ("NI", "HOL")},
                       {"account": "2100", "description": "Camera kit", "units": "Weeks", "rate": 4000.0}],
            "Fringes": [{"code": "NI", "description": "Employer NI", "percent": 0.138, "cap": 50000.0},
                        {"code": "HOL", "description": "Holiday pay", "percent": 0.1207, "flat": 10.0}],
            "Actuals": [{"date": dt.date(2027, 3, 1), "txn_id": "0042", "account": "2100", "vendor": "Kit Ltd",
                         "amount": 3950.0, "po": "PO-1", "status": "Open PO"}],
        },
    )  # fmt: skip


@pytest.fixture(scope="module")
def blank(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return write_workbook(tmp_path_factory.mktemp("blank") / "blank.xlsx")


@pytest.fixture(scope="module")
def small(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return write_workbook(tmp_path_factory.mktemp("small") / "small.xlsx", small_production())


def _sheet_of(wb: openpyxl.Workbook, table: str) -> Worksheet:
    for ws in wb.worksheets:
        if table in ws.tables:
            return ws
    raise AssertionError(f"no table {table}")


def _letter(spec: K.TableSpec, key: str) -> str:
    return get_column_letter(spec.keys.index(key) + 1)


def _expected(value: Any, col_type: ColType) -> Any:
    """What the reader gives back for a value the writer was handed."""
    if col_type is ColType.DATE:
        return pd.Timestamp(value)
    if col_type in (ColType.TIME, ColType.DURATION):
        return pd.Timedelta(value)
    if col_type is ColType.LIST:
        return tuple(value)
    return value


# --- reading back ------------------------------------------------------------------------------------------------


def test_blank_template_reads_without_findings(blank: Path) -> None:
    prod = load_production(blank)
    assert prod.findings == ()
    for spec in K.TABLES:
        table = prod.table(spec.name)
        assert table.location is not None and table.location.is_table, spec.name
        assert table.sheet == spec.sheet
        # The blank data row every Excel table needs is not a row of data.
        expected_rows = len(K.SETTINGS_KEYS) if spec is K.SETTINGS else 0
        assert len(table) == expected_rows, spec.name
    for s in K.SETTINGS_KEYS:
        assert prod.settings[s.key] == (s.default if s.default != () else ()), s.key


def test_small_production_round_trips(small: Path) -> None:
    data = small_production()
    prod = load_production(small)
    assert prod.findings == ()
    for name, rows in data.tables.items():
        spec = K.TABLES_BY_NAME[name]
        df = prod.df(name)
        assert len(df) == len(rows), name
        assert list(df["_row"]) == list(range(2, len(rows) + 2)), name
        for i, row in enumerate(rows):
            for col in spec.input_columns:
                got = df.iloc[i][col.key]
                want = row.get(col.key, col.default)
                if want is None:
                    assert pd.isna(got) or got == (), f"{name} row {i} {col.key}: {got!r}"
                else:
                    assert got == _expected(want, col.type), f"{name} row {i} {col.key}: {got!r} != {want!r}"
    for key, value in data.settings.items():
        assert prod.settings[key] == value, key


def test_reader_reports_the_right_cell(tmp_path: Path) -> None:
    data = small_production()
    data.tables["Scenes"][1]["int_ext"] = "OUTSIDE"
    prod = load_production(write_workbook(tmp_path / "bad.xlsx", data))
    assert [(f.code, f.sheet, f.cell) for f in prod.findings] == [
        ("ST004", K.SCENES.sheet, f"{_letter(K.SCENES, 'int_ext')}3")]


def test_tables_are_found_after_renaming_and_moving_sheets(small: Path, tmp_path: Path) -> None:
    wb = openpyxl.load_workbook(small)
    renamed: dict[str, str] = {}
    for i, ws in enumerate(wb.worksheets):
        # New names match no contract sheet name, so only the table names can find the tables.
        new_title = f"Tab {i}"
        renamed.update({table: new_title for table in ws.tables})
        ws.title = new_title
    order = list(wb.worksheets)
    for ws in order:  # reverse the order of the sheets
        wb.move_sheet(ws, offset=-wb.index(ws))
    assert wb.worksheets == order[::-1]
    moved = tmp_path / "moved.xlsx"
    wb.save(moved)
    original, prod = load_production(small), load_production(moved)
    assert prod.findings == ()
    for spec in K.TABLES:
        assert prod.table(spec.name).sheet == renamed[spec.name]
        pd.testing.assert_frame_equal(prod.df(spec.name), original.df(spec.name), check_dtype=False)


# --- the workbook's structure ---------------------------------------------------------------------------------


def test_every_table_follows_the_contract(small: Path) -> None:
    wb = openpyxl.load_workbook(small)
    data = small_production()
    for spec in K.TABLES:
        ws = wb[spec.sheet]
        table = ws.tables[spec.name]
        rows = len(K.SETTINGS_KEYS) if spec is K.SETTINGS else max(len(data.rows(spec.name)), 1)
        assert table.ref == f"A1:{get_column_letter(len(spec.columns))}{rows + 1}"
        assert [c.name for c in table.tableColumns] == [c.header for c in spec.columns]
        assert [ws.cell(1, j + 1).value for j in range(len(spec.columns))] == [c.header for c in spec.columns]
        assert table.tableStyleInfo is not None and table.tableStyleInfo.name.startswith("TableStyleMedium")
        for j, col in enumerate(spec.columns, start=1):
            assert ws.column_dimensions[get_column_letter(j)].width == styles.column_width(col.type, col.width)
            assert ws.column_dimensions[get_column_letter(j)].width >= (16 if col.type is ColType.DATE else col.width)
            if col.formula is None:
                assert table.tableColumns[j - 1].calculatedColumnFormula is None
                continue
            text = formula_text(spec, col)
            assert "{T}" not in text
            assert table.tableColumns[j - 1].calculatedColumnFormula.attr_text == text[1:]
            assert all(ws.cell(r, j).value == text for r in range(2, rows + 2)), (spec.name, col.key)


def test_blank_template_has_one_blank_row_per_table(blank: Path) -> None:
    wb = openpyxl.load_workbook(blank)
    for spec in K.TABLES:
        if spec is K.SETTINGS:
            continue
        ws = wb[spec.sheet]
        assert ws.tables[spec.name].ref.endswith(f"{get_column_letter(len(spec.columns))}2")
        for j, col in enumerate(spec.columns, start=1):
            assert (ws.cell(2, j).value is None) == (col.formula is None), (spec.name, col.key)


def test_sheet_order_and_generated_sheets(blank: Path) -> None:
    wb = openpyxl.load_workbook(blank)
    visible = [ws.title for ws in wb.worksheets if ws.sheet_state == "visible"]
    expected = [s.sheet for s in K.TABLES]
    expected.insert(expected.index(K.ACCOUNTS.sheet), K.TOP_SHEET)
    expected.append(K.CALLSHEET_TEMPLATE_SHEET)
    assert visible == expected
    assert wb[K.LISTS_SHEET].sheet_state == "hidden"
    assert wb.active.title == K.SETTINGS.sheet


def _validations_covering(ws: Worksheet, cell: str) -> list[DataValidation]:
    return [dv for dv in ws.data_validations.dataValidation if cell in dv.sqref]


def _list_values(wb: openpyxl.Workbook, dv: DataValidation) -> list[str]:
    f = dv.formula1
    if f.startswith('"'):
        return f.strip('"').split(",")
    sheet, ref = f.rsplit("!", 1)
    ws = wb[sheet.strip("'")]
    c1, r1, _, r2 = range_boundaries(ref.replace("$", ""))
    return [ws.cell(r, c1).value for r in range(r1, r2 + 1)]


def test_dropdowns_for_every_list_column(blank: Path) -> None:
    wb = openpyxl.load_workbook(blank)
    checked = 0
    for spec in K.TABLES:
        ws = wb[spec.sheet]
        for col in spec.input_columns:
            if col.type not in (ColType.ENUM, ColType.BOOL):
                continue
            letter = _letter(spec, col.key)
            allowed = list(col.allowed) if col.type is ColType.ENUM else ["Yes", "No"]
            for cell in (f"{letter}2", f"{letter}{MARGIN_LAST_ROW}"):
                lists = [dv for dv in _validations_covering(ws, cell) if dv.type == "list"]
                assert len(lists) == 1, (spec.name, col.key, cell)
                dv = lists[0]
                assert _list_values(wb, dv) == allowed
                assert dv.showErrorMessage and dv.errorStyle in (None, "stop")
                assert len(dv.error) <= 255
                if len(", ".join(allowed)) < 200:
                    assert all(v in dv.error for v in allowed)
            checked += 1
    assert checked >= 10
    ws = wb[K.SETTINGS.sheet]
    for i, s in enumerate(K.SETTINGS_KEYS, start=2):
        lists = [dv for dv in _validations_covering(ws, f"B{i}") if dv.type == "list"]
        if s.type is ColType.ENUM:
            assert _list_values(wb, lists[0]) == list(s.allowed), s.key
        elif s.type is ColType.BOOL:
            assert _list_values(wb, lists[0]) == ["Yes", "No"], s.key
        else:
            assert lists == [], s.key


def test_number_formats(small: Path) -> None:
    wb = openpyxl.load_workbook(small)
    money = styles.money_format("GBP")
    assert money == "[$£-809]#,##0.00"
    expect = {
        (K.BUDGET, "rate"): money, (K.BUDGET, "subtotal"): money, (K.BUDGET, "total"): money,
        (K.CAST, "day_rate"): money, (K.ACCOUNTS, "budget"): money, (K.ACTUALS, "amount"): money,
        (K.FRINGES, "percent"): "0.00%", (K.DAYS, "date"): "ddd dd-mmm-yyyy", (K.ACTUALS, "date"): "ddd dd-mmm-yyyy",
        (K.DAYS, "crew_call"): "h:mm AM/PM", (K.CALLS, "pickup"): "h:mm AM/PM",
        (K.SCENES, "est_time"): "[h]:mm", (K.SCENES, "pages"): "# ?/8", (K.SCHEDULE, "pages"): "# ?/8",
        (K.CAST, "phone"): "@",
    }  # fmt: skip
    for (spec, key), fmt in expect.items():
        cell = wb[spec.sheet][f"{_letter(spec, key)}2"]
        assert cell.number_format == fmt, (spec.name, key, cell.number_format)
    # Values as written (openpyxl would turn them back into datetimes when reading).
    built = build_workbook(small_production())
    assert built[K.SCENES.sheet][f"{_letter(K.SCENES, 'pages')}2"].value == 11 / 8
    assert built[K.DAYS.sheet][f"{_letter(K.DAYS, 'est_wrap')}3"].value == pytest.approx(29.5 / 24)
    assert built[K.SCENES.sheet][f"{_letter(K.SCENES, 'scene')}2"].value == 1  # typed as a user would type it
    assert built[K.SCENES.sheet][f"{_letter(K.SCENES, 'scene')}4"].value == "007"
    scenes = wb[K.SCENES.sheet]
    settings = wb[K.SETTINGS.sheet]
    row = {s.key: i for i, s in enumerate(K.SETTINGS_KEYS, start=2)}
    assert settings[f"B{row['script_revision_date']}"].number_format == "ddd dd-mmm-yyyy"
    assert settings[f"B{row['max_pages_per_day']}"].number_format == "# ?/8"
    assert settings[f"B{row['finance_may_see_rates']}"].value == "Yes"
    # Text that starts with '=' stays text.
    synopsis = scenes[f"{_letter(K.SCENES, 'synopsis')}2"]
    assert synopsis.value == "= breakfast =" and synopsis.data_type == "s"


def test_blank_template_money_is_dollars(blank: Path) -> None:
    wb = openpyxl.load_workbook(blank)
    assert wb[K.BUDGET.sheet][f"{_letter(K.BUDGET, 'rate')}2"].number_format == "[$$-409]#,##0.00"


def test_frozen_header_and_print_setup(small: Path) -> None:
    wb = openpyxl.load_workbook(small)
    for spec in K.TABLES:
        ws = wb[spec.sheet]
        assert ws.freeze_panes == "A2", spec.name
        assert ws.print_title_rows == "$1:$1", spec.name
        assert ws.print_area == f"'{ws.title}'!$A$1:${get_column_letter(len(spec.columns))}$1048576", spec.name
        assert ws.page_setup.orientation == ("portrait" if spec is K.SETTINGS else "landscape"), spec.name
        assert ws.page_setup.fitToWidth == 1 and ws.page_setup.fitToHeight == 0
        assert ws.sheet_properties.pageSetUpPr.fitToPage
        assert not ws.print_options.gridLines
        assert int(ws.page_setup.paperSize) == int(ws.PAPERSIZE_A4)
    top = wb[K.TOP_SHEET]
    assert top.page_setup.orientation == "portrait" and top.page_setup.fitToWidth == 1


def test_strip_colours_on_schedule(blank: Path) -> None:
    ws = openpyxl.load_workbook(blank)[K.SCHEDULE.sheet]
    ie, dn = _letter(K.SCHEDULE, "int_ext"), _letter(K.SCHEDULE, "day_night")
    rules = [(str(cf.sqref), rule) for cf in ws.conditional_formatting for rule in cf.rules]
    assert {area for area, _ in rules} == {f"A2:{get_column_letter(len(K.SCHEDULE.columns))}{MARGIN_LAST_ROW}"}
    colours = {rule.formula[0]: rule.dxf.fill.bgColor.rgb[-6:] for _, rule in rules}
    assert colours == {
        f'OR(${dn}2="DAWN",${dn}2="DUSK")': styles.ORANGE,
        f'AND(${ie}2="INT",${dn}2="DAY")': "FFFFFF",
        f'AND(OR(${ie}2="EXT",${ie}2="INT/EXT"),${dn}2="DAY")': "FFF2CC",
        f'AND(${ie}2="INT",${dn}2="NIGHT")': "DDEBF7",
        f'AND(OR(${ie}2="EXT",${ie}2="INT/EXT"),${dn}2="NIGHT")': "E2EFDA",
    }
    assert all(rule.stopIfTrue for _, rule in rules)


def test_top_sheet_formulas(small: Path) -> None:
    wb = openpyxl.load_workbook(small)
    ws = wb[K.TOP_SHEET]
    lay = layout(small_production().rows("Accounts"))
    # Categories sum what the chart's accounts carry (lines, fringes posted, contractual charges).
    assert ws[lay.totals["ATL"]].value == '=SUMIFS(Accounts[Budget],Accounts[Category],"ATL")'
    for key in (*K.CATEGORIES, *K.TOP_SHEET_TOTALS):
        cell = ws[lay.totals[key]]
        assert str(cell.value).startswith("="), key
        assert cell.number_format == styles.money_format("GBP")
        label = K.CATEGORY_TITLES.get(key) or K.TOP_SHEET_TOTALS[key]
        assert ws.cell(cell.row, cell.column - 1).value == label
    assert set(lay.accounts) == {"1400", "2100"}
    for account, ref in lay.accounts.items():
        row = ws[ref].row
        assert ws[f"A{row}"].value == int(account)
        assert ws[ref].value == account_formula(f"$A{row}")
        assert ws[ref].value.startswith(f'=SUMIFS(Budget[Base Subtotal],Budget[Account],$A{row}&"")')


def test_formulas_use_only_functions_excel_2010_and_libreoffice_have(small: Path) -> None:
    wb = openpyxl.load_workbook(small)
    formulas: list[str] = []
    for ws in wb.worksheets:
        formulas += [c.value for row in ws.iter_rows() for c in row if c.data_type == "f"]
        formulas += [c.calculatedColumnFormula.attr_text for t in ws.tables.values() for c in t.tableColumns
                     if c.calculatedColumnFormula is not None]  # fmt: skip
        formulas += [f for cf in ws.conditional_formatting for r in cf.rules for f in r.formula]
    assert len(formulas) > 50
    for f in formulas:
        assert not NEWER_RE.search(f), f
    assert NEWER_RE.search("=XLOOKUP(1,A:A,B:B)") and not NEWER_RE.search("=SUMPRODUCT(A1:A2)")


def test_builds_are_byte_identical(tmp_path: Path) -> None:
    a = write_workbook(tmp_path / "a.xlsx", small_production())
    b = write_workbook(tmp_path / "b.xlsx", small_production())
    assert a.read_bytes() == b.read_bytes()
    with zipfile.ZipFile(a) as z:
        core = z.read("docProps/core.xml").decode()
    assert "xlproduction" in core and "2026-01-01" in core
    wb = openpyxl.load_workbook(a)
    assert wb.properties.title == "Small Hours"


@pytest.mark.parametrize(
    ("data", "message"),
    [
        (ProductionData(tables={"Scene": []}), "Unknown tables 'Scene'"),
        (ProductionData(settings={"Title": "x"}), "Unknown setting keys 'Title'"),
        (ProductionData(tables={"Scenes": [{"scene": "1", "colour": "red"}]}), "'colour'"),
        (ProductionData(tables={"Budget": [{"account": "1", "total": 3.0}]}), "total is a formula column"),
    ],
)
def test_bad_data_is_refused(data: ProductionData, message: str) -> None:
    with pytest.raises(ValueError, match=re.escape(message)):
        build_workbook(data)

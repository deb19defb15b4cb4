"""The workbook's formulas, computed by a real LibreOffice, against the Python arithmetic
(``xlproduction.model.budget``).

openpyxl writes formulas without values, so the only way to know the template computes what Python computes is
to let a spreadsheet engine do it: write, recalculate headless, read the values back with python-calamine and
compare to the cent. Also covers ``xlproduction.workbook.libreoffice`` itself (errors, PDF, stale cached values).
"""

from __future__ import annotations

import datetime as dt
import re
import shutil
import time
import zipfile
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import Any
from xml.etree import ElementTree as ET

import openpyxl
import pytest
from openpyxl.utils import column_index_from_string
from python_calamine import CalamineWorkbook

from tests.conftest import soffice_or_skip
from xlproduction.jobs.templates import template_sources
from xlproduction.model import budget
from xlproduction.model import contract as K
from xlproduction.model.tabledata import ProductionData
from xlproduction.workbook import libreoffice
from xlproduction.workbook.coerce import parse_id
from xlproduction.workbook.reader import load_production
from xlproduction.workbook.topsheet import layout
from xlproduction.workbook.writer import write_workbook

pytestmark = pytest.mark.libreoffice
td = dt.timedelta
CENT = 0.005
NS = {"m": "http://schemas.openxmlformats.org/spreadsheetml/2006/main"}
ERROR_TEXT = re.compile(r"^(#(REF!|NAME\?|VALUE!|DIV/0!|N/A|NUM!|NULL!)|Err:\d+)$")


def handmade_budget(posting: str = "Category") -> ProductionData:
    """Several lines over every category, fringes by percentage with and without a cap, flat fringes (per line, per
    hour and per day), lines with several codes (in odd case and spacing, one listed twice), a line on an account
    missing from the chart; globals in Amount, X and Rate; a fringe range whose cutoff is reached on its second
    line; lines in two other currencies; groups; an account under a topsheet account; contractual charges."""
    return ProductionData(
        settings={"title": "The Long Night", "currency": "EUR", "fringe_posting": posting,
                  "fringe_account": "99" if posting == "Category" else "2199"},
        tables={
            "Scenes": [
                {"scene": "1", "int_ext": "INT", "set": "KITCHEN", "day_night": "DAY", "pages": 11,
                 "cast": ("1", "2")},
                {"scene": "2", "int_ext": "EXT", "set": "STREET", "day_night": "NIGHT", "pages": 3, "cast": ("1",)},
                {"scene": "2A", "int_ext": "EXT", "set": "STREET", "day_night": "DAY", "pages": 1},
                {"scene": "3", "int_ext": "INT/EXT", "set": "CAR", "day_night": "DAWN", "pages": 16,
                 "cast": ("2", "3")},
                {"scene": "4", "int_ext": "INT", "set": "BEDROOM", "day_night": "NIGHT", "pages": 5},
            ],
            "Days": [{"day": 1, "date": dt.date(2027, 3, 1), "crew_call": td(hours=7)},
                     {"day": 2, "date": dt.date(2027, 3, 2), "crew_call": td(hours=16)}],
            "Schedule": [
                {"day": 1, "order": 1, "scene": "2A"}, {"day": 1, "order": 2, "scene": "1"},
                {"day": 2, "order": 1, "scene": "3", "banner": "LUNCH"}, {"day": 2, "order": 2, "scene": "2"},
                {"day": 2, "order": 3, "scene": "4"}, {"day": 2, "order": 4, "scene": "99"},
            ],
            "Accounts": [
                {"account": "1100", "name": "Story & Rights", "category": "ATL"},
                {"account": "1400", "name": "Cast", "category": "ATL"},
                {"account": "2000", "name": "Production Staff", "category": "BTL"},
                {"account": "2100", "name": "Camera", "category": "BTL"},
                {"account": "2110", "name": "Camera operators", "category": "BTL", "parent": "2100"},
                {"account": "2199", "name": "Fringes – production", "category": "BTL"},
                {"account": "1499", "name": "Fringes – cast", "category": "ATL"},
                {"account": "2099", "name": "Fringes – staff", "category": "BTL"},
                {"account": "6700", "name": "Contingency", "category": "OTHER"},
                {"account": "5000", "name": "Editorial", "category": "POST"},
                {"account": "6500", "name": "Insurance", "category": "OTHER"},
            ],
            "Fringes": [
                {"code": "FICA", "description": "Social security", "percent": 0.062, "cap": 168600.0},
                {"code": "MED", "description": "Medicare", "percent": 0.0145},
                {"code": "SAG", "description": "SAG-AFTRA P&H", "percent": 0.21},
                {"code": "WC", "description": "Workers comp", "percent": 0.03, "flat": 25.0, "cap": 5000.0},
                {"code": "PENS", "description": "Pension, flat", "flat": 150.0},
                {"code": "HW", "description": "Health, per hour", "flat": 2.5, "flat_per": "Hour"},
                {"code": "MEAL", "description": "Meal, per day", "flat": 20.0, "flat_per": "Day"},
                {"code": "SUI", "description": "State unemployment", "percent": 0.034, "cap": 7000.0},
            ],
            "Globals": [
                {"name": "SHOOT_WEEKS", "value": 6, "link": "shoot weeks"},
                {"name": "CREW_X", "value": 2},
                {"name": "day_rate", "value": 410.5},
            ],
            "Currencies": [
                {"code": "USD", "rate": 0.92, "description": "US dollar"},
                {"code": "GBP", "rate": 1.17},
            ],
            "Charges": [
                {"name": "Contingency", "percent": 0.1, "applies_to": ("BTL", "POST"), "excluding": ("2199",),
                 "account": "6700"},
                {"name": "Insurance", "percent": 0.015, "account": "6500"},
                {"name": "Bond", "percent": 0.02, "applies_to": ("1400", "2100"), "account": "6500"},
            ],
            "Budget": [
                {"account": "1100", "description": "Rights purchase", "units": "Allow", "rate": 250000.0},
                {"account": "1400", "description": "Lead", "amount": 20, "units": "Days", "rate": 12000.0,
                 "fringe_codes": ("FICA", "MED", "SAG")},
                {"account": "1400", "description": "Day players", "amount": 10, "units": "Days", "x": 3,
                 "rate": 1200.0, "fringe_codes": ("fica", "sag", "wc")},
                {"account": "1400", "description": "Stand-in", "amount": 2, "units": "Days", "rate": 333.33,
                 "fringe_codes": ("WC",)},
                {"account": "2000", "description": "UPM", "amount": 10, "units": "Weeks", "rate": 4500.0,
                 "fringe_codes": ("FICA", "WC", "PENS")},
                {"account": "2100", "description": "Camera package", "amount": 6, "units": "Weeks",
                 "rate": 15000.5},
                {"account": "2100", "description": "DP", "amount": 30, "units": "Days", "rate": 1800.0,
                 "fringe_codes": ("FICA", "FICA", "MED")},
                {"account": "5000", "description": "Editor", "amount": 12, "units": "Weeks", "rate": 3200.0,
                 "fringe_codes": ("PENS",)},
                {"account": "6500", "description": "Production package", "rate": 38000.75},
                {"account": "7777", "description": "Not in the chart", "rate": 99.0},
                {"account": "2000", "description": "Coordinator - prep", "amount": 3, "units": "Weeks", "rate": 2000.0,
                 "fringe_codes": ("SUI", "HW"), "fringe_range": "Coord", "group": "Prep"},
                # Subtotal lines: this one totals UPM and the prep line; its typed rate, fringe codes and group are
                # ignored (PENS would add 150) and it never counts in the account, the charges or the group.
                {"account": "2000", "description": "Prep", "line_type": "Subtotal", "rate": 999.0,
                 "fringe_codes": ("PENS",), "group": "Prep", "fringe_range": "Coord"},
                {"account": "2000", "description": "Coordinator - shoot", "amount": "SHOOT_WEEKS", "units": "Weeks",
                 "rate": 2000.0, "fringe_codes": ("SUI", "HW", "MEAL"), "fringe_range": "coord"},
                {"account": "6700", "description": "Nothing above", "line_type": "Subtotal"},
                {"account": "2000", "description": "Shoot", "line_type": "Subtotal"},
                {"account": "2000", "description": "Coordinator - wrap", "amount": 1, "units": "Weeks", "rate": 2000.0,
                 "fringe_codes": ("SUI",), "fringe_range": "Coord", "group": "prep"},
                {"account": "2000", "description": "Wrap", "line_type": "Subtotal"},
                {"account": "2110", "description": "Operators (US)", "amount": 10, "units": "Days", "x": "CREW_X",
                 "rate": "day_rate", "currency": "USD", "fringe_codes": ("SUI", "MEAL"), "group": "Second Unit",
                 "location": "Vancouver", "set": "Bridge"},
                {"account": "2110", "description": "Operators (UK)", "amount": 4, "units": "Weeks", "x": 1,
                 "rate": 1500.0, "currency": "gbp", "fringe_codes": ("HW",), "group": "Second Unit"},
                {"account": "2110", "description": "Operators", "line_type": "Subtotal", "currency": "GBP"},
                {"account": "5000", "description": "Assistant editor", "amount": 2, "units": "Months",
                 "rate": 3000.0, "currency": "EUR", "fringe_codes": ("HW",)},
            ],
        },
    )  # fmt: skip


# --- helpers -------------------------------------------------------------------------------------------------


def _records(wb: CalamineWorkbook, spec: K.TableSpec) -> list[dict[str, Any]]:
    """The rows of a table of the recalculated file, keyed by contract key."""
    table = wb.get_table_by_name(spec.name)
    by_header = {K.normalise_header(c.header): c.key for c in spec.columns}
    keys = [by_header.get(K.normalise_header(h), h) for h in table.columns]
    return [dict(zip(keys, row, strict=True)) for row in table.to_python()]


def _cell(grid: list[list[Any]], ref: str) -> Any:
    m = re.fullmatch(r"([A-Z]+)(\d+)", ref)
    assert m
    row, col = int(m[2]) - 1, column_index_from_string(m[1]) - 1
    return grid[row][col] if row < len(grid) and col < len(grid[row]) else ""


def formula_errors(path: Path) -> list[str]:
    """Every cell of the file holding an error value. python-calamine reads error cells as empty strings, so
    this reads the sheet XML: a cell of type "e", or a string that is an error's text."""
    out: list[str] = []
    with zipfile.ZipFile(path) as z:
        for name in sorted(n for n in z.namelist() if re.fullmatch(r"xl/worksheets/sheet\d+\.xml", n)):
            root = ET.fromstring(z.read(name))
            for c in root.iterfind(".//m:sheetData/m:row/m:c", NS):
                v = c.find("m:v", NS)
                text = v.text if v is not None and v.text else ""
                if c.get("t") == "e" or (c.get("t") == "str" and ERROR_TEXT.match(text)):
                    f = c.find("m:f", NS)
                    out.append(f"{name}!{c.get('r')}: {text} = {f.text if f is not None else ''}")
    return out


def _formula_cells(path: Path) -> int:
    with zipfile.ZipFile(path) as z:
        return sum(z.read(n).count(b"<f") for n in z.namelist() if n.startswith("xl/worksheets/sheet"))


class Recalculated:
    """A workbook as written, and as LibreOffice computed it."""

    def __init__(self, written: Path, out_dir: Path) -> None:
        self.written = written
        start = time.perf_counter()
        self.path = libreoffice.recalculate(written, out_dir)
        self.seconds = time.perf_counter() - start
        self.wb = CalamineWorkbook.from_path(str(self.path), load_tables=True)
        self.production = load_production(written)


def _recalculated(tmp: Path, data: ProductionData) -> Recalculated:
    soffice_or_skip()
    return Recalculated(write_workbook(tmp / "written" / "production.xlsx", data), tmp / "recalculated")


@pytest.fixture(scope="module")
def handmade(tmp_path_factory: pytest.TempPathFactory) -> Recalculated:
    return _recalculated(tmp_path_factory.mktemp("handmade"), handmade_budget())


@pytest.fixture(scope="module")
def handmade_budget_posting(tmp_path_factory: pytest.TempPathFactory) -> Recalculated:
    """The handmade budget with every fringe posted to one account (Settings → Fringe Posting: Budget)."""
    return _recalculated(tmp_path_factory.mktemp("handmade-budget"), handmade_budget("Budget"))


@pytest.fixture(scope="module")
def sample(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Recalculated]:
    data = template_sources().get("sample_production.xlsx")
    if data is None:
        pytest.skip("xlproduction.sample.sample_production does not exist yet")
    yield _recalculated(tmp_path_factory.mktemp("sample"), data)


@pytest.fixture(params=["handmade", "handmade_budget_posting", "sample"])
def recalculated(request: pytest.FixtureRequest) -> Recalculated:
    return request.getfixturevalue(request.param)


# --- the workbook's formulas against Python ----------------------------------------------------------------


LINE_FIGURES = ("subtotal", "hours", "fx", "base_subtotal", "range_to_date", "fringes", "total", "charges",
                "subtotal_block")


def test_budget_lines_equal_python(recalculated: Recalculated) -> None:
    p = recalculated.production
    lines = budget.budget_figures(p).lines
    got = _records(recalculated.wb, K.BUDGET)
    assert len(lines) > 0
    for _, line in lines.iterrows():
        row = got[int(line["_row"]) - 2]
        where = f"Budget row {line['_row']} ({line['description']})"
        assert parse_id(row["account"]) == line["account"], where
        for key in LINE_FIGURES:
            assert abs(float(row[key]) - float(line[key])) < CENT, f"{where} {key}: {row[key]} != {line[key]}"
        assert parse_id(row["fringe_account"]) == str(line["fringe_account"]), where
        assert parse_id(row["topsheet"]) == str(line["topsheet"]), where
        expected_category = "" if line["category"] is None or str(line["category"]) == "<NA>" else line["category"]
        assert row["category"] == expected_category, where


def test_handmade_budget_figures(handmade: Recalculated) -> None:
    """The fringe rules on concrete numbers, so a mistake shared by Python and the formula still shows."""
    got = {r["description"]: r for r in _records(handmade.wb, K.BUDGET)}
    lead = 240000 + 0.062 * 168600 + 0.0145 * 240000 + 0.21 * 240000  # FICA capped
    players = 36000 + 0.062 * 36000 + 0.21 * 36000 + 0.03 * 5000 + 25  # WC capped, plus its flat
    dp = 54000 + 0.062 * 54000 + 0.0145 * 54000  # FICA listed twice counts once
    upm = 45000 + 0.062 * 45000 + 0.03 * 5000 + 25 + 150
    for name, total in (("Lead", lead), ("Day players", players), ("DP", dp), ("UPM", upm),
                        ("Rights purchase", 250000), ("Production package", 38000.75)):  # fmt: skip
        assert abs(got[name]["total"] - total) < CENT, name
    assert got["Not in the chart"]["category"] == ""


def test_handmade_globals_currencies_ranges_and_charges(handmade: Recalculated) -> None:
    """The Movie Magic features on concrete numbers: a cutoff reached across a fringe range, flat fringes per hour
    and per day converted through the line's unit, globals, a line in another currency, charges."""
    got = {r["description"]: r for r in _records(handmade.wb, K.BUDGET)}
    # SUI's 7,000 cutoff across the coordinator's range: 6,000 on prep, 1,000 of the shoot, nothing on wrap.
    assert abs(got["Coordinator - prep"]["fringes"] - (0.034 * 6000 + 2.5 * 120)) < CENT
    assert abs(got["Coordinator - shoot"]["fringes"] - (0.034 * 1000 + 2.5 * 240 + 20 * 240 / 8)) < CENT
    assert abs(got["Coordinator - wrap"]["fringes"]) < CENT
    assert abs(got["Coordinator - shoot"]["subtotal"] - 6 * 2000) < CENT  # Amount = SHOOT_WEEKS
    us = 10 * 2 * 410.5  # X = CREW_X, Rate = day_rate
    assert abs(got["Operators (US)"]["subtotal"] - us) < CENT
    assert abs(got["Operators (US)"]["total"] - (us * 0.92 + 0.034 * 7000 + 20 * 10 * 2)) < CENT  # SUI capped per line
    assert abs(got["Operators (UK)"]["base_subtotal"] - 6000 * 1.17) < CENT
    charges = {r["name"]: r for r in _records(handmade.wb, K.CHARGES)}
    lines = {d: r["total"] for d, r in got.items() if r["line_type"] != "Subtotal"}
    btl_post = sum(v for d, v in lines.items() if got[d]["category"] in ("BTL", "POST"))
    assert abs(charges["Contingency"]["amount"] - 0.1 * btl_post) < CENT  # 2199 excluded, but it holds no lines
    assert abs(charges["Insurance"]["amount"] - 0.015 * sum(lines.values())) < CENT
    bond = sum(v for d, v in lines.items() if parse_id(got[d]["account"]) in ("1400", "2100", "2110"))
    assert abs(charges["Bond"]["amount"] - 0.02 * bond) < CENT


def test_handmade_subtotal_lines(handmade: Recalculated) -> None:
    """A subtotal line totals its account's detail lines since the previous subtotal line, and is counted nowhere:
    the account's Budget, the charges and the groups are what they would be without it."""
    got = {r["description"]: r for r in _records(handmade.wb, K.BUDGET)}
    staff = ("UPM", "Coordinator - prep", "Coordinator - shoot", "Coordinator - wrap")
    prep, shoot, wrap = (got[d]["total"] for d in staff[1:])
    assert abs(got["Prep"]["total"] - (got["UPM"]["total"] + prep)) < CENT
    assert abs(got["Shoot"]["total"] - shoot) < CENT and abs(got["Wrap"]["total"] - wrap) < CENT
    assert got["Nothing above"]["total"] == 0
    us_uk = got["Operators (US)"]["total"] + got["Operators (UK)"]["total"]
    assert abs(got["Operators"]["total"] - us_uk) < CENT  # in the base currency, whatever it says
    for d in ("Prep", "Shoot", "Wrap", "Operators"):
        assert (got[d]["subtotal"], got[d]["base_subtotal"], got[d]["fringes"], got[d]["charges"]) == (0, 0, 0, 0), d
    accounts = {parse_id(r["account"]): r for r in _records(handmade.wb, K.ACCOUNTS)}
    # Fringes are posted to 2099 (category posting), so 2000 carries the base subtotals of its detail lines only.
    assert abs(accounts["2000"]["budget"] - sum(got[d]["base_subtotal"] for d in staff)) < CENT
    assert abs(sum(got[d]["total"] for d in ("Prep", "Shoot", "Wrap"))
               - sum(got[d]["total"] for d in staff)) < CENT  # fmt: skip


def test_top_sheet_equals_python(recalculated: Recalculated) -> None:
    p = recalculated.production
    fig = budget.budget_figures(p)
    totals, accounts = fig.top, fig.accounts
    grid = recalculated.wb.get_sheet_by_name(K.TOP_SHEET).to_python(skip_empty_area=False)
    rows = [{"account": a, "category": c} for a, c in zip(p.accounts["account"], p.accounts["category"], strict=True)]
    groups = list(dict.fromkeys(str(g) for g in p.budget["group"].dropna()))
    lay = layout(rows, list(fig.charges["name"]), [g for i, g in enumerate(groups)
                                                    if g.casefold() not in {x.casefold() for x in groups[:i]}])
    for name, ref in lay.charges.items():
        want = float(fig.charges.set_index("name").at[name, "amount"])
        assert abs(float(_cell(grid, ref)) - want) < CENT, f"charge {name} at {ref}"
    for g, (with_ref, without_ref) in lay.groups.items():
        want = fig.groups[g]
        assert abs(float(_cell(grid, with_ref)) - want) < CENT, f"group {g} at {with_ref}"
        assert abs(float(_cell(grid, without_ref)) - (totals["GRAND_TOTAL"] - want)) < CENT, g
    for key, ref in lay.totals.items():
        assert abs(float(_cell(grid, ref)) - totals[key]) < CENT, f"{key} at {ref}"
    assert totals["GRAND_TOTAL"] > 0
    assert lay.accounts, "no account lines on the top sheet"
    for account, amount in zip(accounts["account"], accounts["budget"], strict=True):
        ref = lay.accounts[account]
        assert abs(float(_cell(grid, ref)) - amount) < CENT, f"account {account} at {ref}"
    assert _cell(grid, "A1") == (p.settings.title or "")
    # The Accounts table's own Budget column agrees too.
    by_account = dict(zip(accounts["account"], accounts["budget"], strict=True))
    for row in _records(recalculated.wb, K.ACCOUNTS):
        assert abs(float(row["budget"]) - by_account[parse_id(row["account"])]) < CENT


def test_schedule_display_columns_equal_scenes(recalculated: Recalculated) -> None:
    scenes = {parse_id(r["scene"]): r for r in _records(recalculated.wb, K.SCENES) if r["scene"] != ""}
    schedule = _records(recalculated.wb, K.SCHEDULE)
    assert schedule
    found = 0
    for row in schedule:
        scene = scenes.get(parse_id(row["scene"])) if row["scene"] != "" else None
        for key in ("set", "int_ext", "day_night", "pages", "cast"):
            want = "" if scene is None else scene[key]
            got = row[key]
            if key == "pages" and want != "":
                assert float(got) == pytest.approx(float(want)), (row["scene"], key)
            else:
                assert str(got) == str(want), (row["scene"], key, got, want)
        found += scene is not None
    assert found >= len(schedule) - 1


def test_no_formula_evaluates_to_an_error(recalculated: Recalculated) -> None:
    assert _formula_cells(recalculated.path) > 20
    assert formula_errors(recalculated.path) == []


def test_recalculated_file_still_reads(recalculated: Recalculated) -> None:
    """LibreOffice keeps the Excel tables when it saves, so a recalculated workbook is still a workbook."""
    again = load_production(recalculated.path)
    assert [f.code for f in again.findings] == [f.code for f in recalculated.production.findings]
    for spec in K.TABLES:
        assert len(again.table(spec.name)) == len(recalculated.production.table(spec.name)), spec.name


def test_blank_template_computes_without_errors(tmp_path: Path) -> None:
    soffice_or_skip()
    out = libreoffice.recalculate(write_workbook(tmp_path / "blank.xlsx"), tmp_path / "out")
    assert formula_errors(out) == []
    grid = CalamineWorkbook.from_path(str(out)).get_sheet_by_name(K.TOP_SHEET).to_python(skip_empty_area=False)
    for ref in layout([]).totals.values():
        assert _cell(grid, ref) == 0.0


# --- xlproduction.workbook.libreoffice -------------------------------------------------------------------------------


def _stale_workbook(path: Path) -> Path:
    """A formula whose cached value is wrong, as a file last saved before an edit by another tool would be."""
    wb = openpyxl.Workbook()
    wb.active["A1"] = 5
    wb.active["B1"] = "=A1*2"
    wb.save(path)
    with zipfile.ZipFile(path) as z:
        parts = {n: z.read(n) for n in z.namelist()}
    sheet = parts["xl/worksheets/sheet1.xml"]
    stale = re.sub(rb"<f>A1\*2</f>(<v\s*/>|<v></v>)?", b"<f>A1*2</f><v>999</v>", sheet)
    assert stale != sheet
    parts["xl/worksheets/sheet1.xml"] = stale
    with zipfile.ZipFile(path, "w") as z:
        for n, b in parts.items():
            z.writestr(n, b)
    return path


def test_recalculate_replaces_stale_cached_values(tmp_path: Path) -> None:
    soffice_or_skip()
    out = libreoffice.recalculate(_stale_workbook(tmp_path / "stale.xlsx"), tmp_path / "out")
    assert CalamineWorkbook.from_path(str(out)).get_sheet_by_index(0).to_python() == [[5.0, 10.0]]


def test_recalculate_into_the_source_folder_replaces_the_source(tmp_path: Path) -> None:
    soffice_or_skip()
    src = _stale_workbook(tmp_path / "book.xlsx")
    assert libreoffice.recalculate(src, tmp_path) == src
    assert CalamineWorkbook.from_path(str(src)).get_sheet_by_index(0).to_python() == [[5.0, 10.0]]


def test_parallel_runs_do_not_collide(tmp_path: Path) -> None:
    soffice_or_skip()
    sources = [write_workbook(tmp_path / f"book{i}.xlsx", handmade_budget()) for i in range(3)]
    with ThreadPoolExecutor(max_workers=3) as pool:
        outs = list(pool.map(lambda s: libreoffice.recalculate(s, tmp_path / f"out-{s.stem}"), sources))
    for out in outs:
        assert formula_errors(out) == []
        grand = layout(handmade_budget().rows("Accounts")).totals["GRAND_TOTAL"]
        grid = CalamineWorkbook.from_path(str(out)).get_sheet_by_name(K.TOP_SHEET).to_python(skip_empty_area=False)
        assert float(_cell(grid, grand)) > 0


def test_to_pdf_prints_every_visible_sheet(handmade: Recalculated, tmp_path: Path) -> None:
    from pypdf import PdfReader

    pdf = libreoffice.to_pdf(handmade.written, tmp_path)
    assert pdf == tmp_path / "production.pdf"
    reader = PdfReader(pdf)
    visible = len(K.TABLES) + 1  # every table sheet and the top sheet; the dropdown lists sheet is hidden
    assert len(reader.pages) >= visible
    text = "\n".join(page.extract_text() for page in reader.pages)
    assert "The Long Night" in text and K.TOP_SHEET in text and "Grand total" in text
    assert "Department" not in text.split(K.ACTUALS.sheet)[-1]  # nothing printed after Actuals: Lists is hidden


def test_conversion_error_names_the_file(tmp_path: Path) -> None:
    soffice_or_skip()
    bad = tmp_path / "broken budget.xlsx"
    bad.write_bytes(b"PK\x03\x04 not really a zip")
    with pytest.raises(libreoffice.LibreOfficeError, match=r"broken budget\.xlsx"):
        libreoffice.recalculate(bad, tmp_path / "out")
    assert not (tmp_path / "out" / bad.name).exists()


def test_missing_source_is_a_clear_error(tmp_path: Path) -> None:
    with pytest.raises(FileNotFoundError, match=r"nowhere\.xlsx"):
        libreoffice.recalculate(tmp_path / "nowhere.xlsx", tmp_path)


def test_missing_libreoffice_is_a_clear_error(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.setattr(shutil, "which", lambda name: None)
    monkeypatch.setattr(libreoffice, "_WELL_KNOWN", ())
    assert not libreoffice.available()
    book = write_workbook(tmp_path / "book.xlsx")
    with pytest.raises(libreoffice.LibreOfficeMissing, match="libreoffice-calc-nogui"):
        libreoffice.to_pdf(book, tmp_path)


def test_timeout_is_reported_with_the_file(tmp_path: Path) -> None:
    soffice_or_skip()
    book = write_workbook(tmp_path / "slow.xlsx", handmade_budget())
    with pytest.raises(libreoffice.LibreOfficeError, match=r"slow\.xlsx.*within"):
        libreoffice.recalculate(book, tmp_path / "out", timeout=0.05)

"""Cells showing an Excel error (#REF!, #N/A) read the same from a button as from the command line.

The CLI reads the file with python-calamine, which hands an error cell over as an empty string; the guard finds
the error in the file's XML and the finding names it ("Cast Phone on row 5 shows the Excel error #REF!"). A button
reads the open workbook through xlwings, here its real remote engine (test-only licence, tests/excel_support.py).
Office.js sends an error cell as its text ("#REF!"): xlwings' remote engine knows those strings and, unless a read
asks for ``err_to_str=True``, turns them into None — which is how the button used to say "blank". The payload
below is built as Office.js would send it: the file's values, with the error cells (found by openpyxl, an
independent reader) as their text.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import openpyxl
import pytest

from tests.excel_support import payload, remote_book
from xlproduction.checks import run_checks
from xlproduction.excel.book import cell_error, read_production
from xlproduction.model.findings import Finding
from xlproduction.sample import sample_production
from xlproduction.workbook.reader import load_production
from xlproduction.workbook.writer import write_workbook

# (table, header, data row counted from 1, error): the cells planted in the sample workbook.
PLANTED = [
    ("Cast", "Phone", 4, "#REF!"),  # Cast!D5 in the sample: an optional contact column
    ("Cast", "Performer", 6, "#REF!"),  # a required column: the finding names the error, not a blank
    ("Budget", "Rate", 9, "#REF!"),
    ("Budget", "Amount", 11, "#N/A"),
]


def plant_errors(path: Path, plain: bool = False) -> dict[tuple[str, str], str]:
    """Write ``PLANTED`` into the workbook as error cells (openpyxl stores '#REF!' with t="e", as Excel does);
    ``plain``: and turn the Cast and Budget Tables into plain cells (both readers then find them by sheet name).
    Returns {(sheet, cell): error}."""
    wb = openpyxl.load_workbook(path)
    planted: dict[tuple[str, str], str] = {}
    for table, header, n, error in PLANTED:
        ws, tbl = next((ws, ws.tables[table]) for ws in wb.worksheets if table in ws.tables)
        first = ws[tbl.ref.split(":")[0]]
        headers = [c.value for c in ws[first.row]]
        cell = ws.cell(first.row + n, headers.index(header) + 1)
        cell.value = error
        assert cell.data_type == "e"
        planted[(ws.title, cell.coordinate)] = error
    if plain:
        for table in {t for t, *_ in PLANTED}:
            ws = next(ws for ws in wb.worksheets if table in ws.tables)
            del ws.tables[table]
    wb.save(path)
    return planted


def officejs_payload(path: Path) -> dict[str, Any]:
    """What the Office.js client sends for the workbook: error cells as their text (python-calamine, which builds
    the rest of the payload, reads them as "")."""
    data = payload(path)
    sheets = {s["name"]: s for s in data["sheets"]}
    for ws in openpyxl.load_workbook(path).worksheets:
        for row in ws.iter_rows():
            for c in row:
                if c.data_type == "e":
                    sheets[ws.title]["values"][c.row - 1][c.column - 1] = c.value
    return data


def shown(findings: list[Finding]) -> list[tuple[str, str | None, str | None, str]]:
    """What a coordinator reads of each finding: code, sheet, cell, message."""
    return [(f.code, f.sheet, f.cell, f.message) for f in findings]


@pytest.fixture(scope="module")
def workbooks(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Any]:
    d = tmp_path_factory.mktemp("errors")
    data = sample_production()
    clean = write_workbook(d / "clean.xlsx", data)
    broken = write_workbook(d / "errors.xlsx", data)
    planted = plant_errors(broken)
    plain = write_workbook(d / "plain.xlsx", data)
    assert plant_errors(plain, plain=True) == planted
    return {"clean": clean, "errors": broken, "plain": plain, "planted": planted}


@pytest.mark.parametrize("kind", ["errors", "plain"])
def test_error_cells_give_the_same_findings_from_a_button_as_from_the_cli(workbooks: dict[str, Any],
                                                                           kind: str) -> None:
    """In Excel Tables, and in plain cells found by their sheet's name."""
    path, planted = workbooks[kind], workbooks["planted"]
    data = officejs_payload(path)
    assert all(s["tables"] == [] for s in data["sheets"] if s["name"] in ("Cast", "Budget")) == (kind == "plain")
    cast = next(s for s in data["sheets"] if s["name"] == "Cast")
    assert cast["values"][4][3] == "#REF!"  # Cast!D5, as Office.js sends it: the test is not vacuous

    cli = run_checks(load_production(path))
    live = run_checks(read_production(remote_book(data)))
    assert shown(live) == shown(cli)
    assert [f.to_dict() for f in live] == [f.to_dict() for f in cli]  # hints and rows too
    assert any(f.message.startswith("Cast was found as plain cells") for f in live) == (kind == "plain")

    about_errors = {(f.sheet, f.cell): f for f in live if "shows the Excel error" in f.message}
    assert set(about_errors) == set(planted)
    phone = about_errors[("Cast", "D5")]
    assert phone.message == "Cast Phone on row 5 shows the Excel error #REF! instead of a value."
    assert "#REF! means the formula refers to a row, column or sheet that was deleted" in phone.hint
    for (sheet, cell), error in planted.items():
        assert error in about_errors[(sheet, cell)].message
    # The required Performer cell is reported as the error it shows, never as a blank.
    performer = next(cell for (sheet, cell) in planted if sheet == "Cast" and cell != "D5")
    assert not [f for f in live if f.cell == performer and "has no" in f.message]


def test_without_error_cells_both_paths_agree_and_name_none(workbooks: dict[str, Any]) -> None:
    path = workbooks["clean"]
    cli = run_checks(load_production(path))
    live = run_checks(read_production(remote_book(officejs_payload(path))))
    assert [f.to_dict() for f in live] == [f.to_dict() for f in cli]
    assert not [f for f in live if "Excel error" in f.message]


def test_error_values_as_each_engine_hands_them_over() -> None:
    """Office.js and the remote engine: the text; Windows COM: the HRESULT of the CVErr code, which xlwings leaves
    as a number for the errors newer than its table (#SPILL! in a Table, #CALC!)."""
    assert cell_error("#REF!") == "#REF!"
    assert cell_error("#SPILL!") == "#SPILL!"
    assert cell_error("#N/A", com=True) == "#N/A"
    assert cell_error(-2146826265, com=True) == "#REF!"  # xlErrRef 2023, as xlwings' own table has it
    assert cell_error(-2146826243, com=True) == "#SPILL!"  # xlErrSpill 2045
    assert cell_error(-2146826243) is None  # a number in a web payload is a number
    for value in ("#1 priority", "#", "", "REF!", 2023, 12.5, None, True):
        assert cell_error(value, com=True) is None

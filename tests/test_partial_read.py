"""Reading only the tables a job needs: a call sheet loads nine small tables, not the budget or a season's ledger.

What a coordinator sees: tomorrow's call sheet is made in a fraction of the time a full check takes on a big
workbook, and a broken or hostile ledger sheet (which the call sheet never reads) does not stop it; the same damage
in a sheet the call sheet reads still does, with the usual message.
"""

from __future__ import annotations

import re
import shutil
import zipfile
from pathlib import Path

import openpyxl
import pytest

from xlproduction.callsheet.readiness import CALLSHEET_TABLES
from xlproduction.jobs.callsheets import generate_callsheets
from xlproduction.workbook import guard
from xlproduction.workbook.guard import WorkbookUnreadable
from xlproduction.workbook.reader import load_production

ROOT = Path(__file__).resolve().parents[1]
SAMPLE = ROOT / "workbook_templates" / "sample_production.xlsx"
FAR_ROW = '<row r="1048576"><c r="XFD1048576"><v>1</v></c></row>'


def sheet_part(path: Path, sheet: str) -> str:
    """The zip part that holds ``sheet``, from the workbook and its relationships."""
    with zipfile.ZipFile(path) as z:
        parts = {n.casefold(): z.read(n) for n in z.namelist() if n.endswith((".xml", ".rels"))}
    names, _ = guard._sheet_names(parts, path.name)
    return names[sheet]


def with_far_cell(src: Path, dst: Path, sheet: str) -> Path:
    """A copy of ``src`` whose ``sheet`` also holds a cell at XFD1048576 (a 17-billion-cell grid for calamine)."""
    part = sheet_part(src, sheet)
    with zipfile.ZipFile(src) as zi, zipfile.ZipFile(dst, "w", zipfile.ZIP_DEFLATED) as zo:
        for info in zi.infolist():
            data = zi.read(info)
            if info.filename == part:
                data = data.replace(b"</sheetData>", FAR_ROW.encode() + b"</sheetData>")
            zo.writestr(info.filename, data)
    return dst


def test_a_partial_read_holds_only_the_tables_asked_for_and_their_findings(tmp_path: Path) -> None:
    path = tmp_path / "typos.xlsx"
    wb = openpyxl.load_workbook(SAMPLE)
    wb["Cast"]["A2"].value = None  # a blank Cast # (read by the call sheet)
    actuals = wb["Actuals"]
    amount = next(c.column for c in actuals[1] if c.value == "Amount")
    actuals.cell(2, amount).value = "twelve"  # not a number (the ledger: not read by a call sheet)
    wb.save(path)

    full = load_production(path)
    part = load_production(path, tables=CALLSHEET_TABLES)

    assert set(part.tables) == set(CALLSHEET_TABLES) | {"Settings"}
    with pytest.raises(KeyError):
        _ = part.budget  # absent, never an empty table that would read as "no budget"
    assert {f.table for f in full.findings} >= {"Cast", "Actuals"}
    assert list(part.findings) == [f for f in full.findings if f.table in part.tables]
    assert not any(f.code == "ST001" for f in part.findings)  # the tables left out are not "missing"
    for name in part.tables:
        assert part.df(name).equals(full.df(name)), name


def test_asking_for_a_table_that_does_not_exist_is_refused() -> None:
    with pytest.raises(ValueError, match="Ledger"):
        load_production(SAMPLE, tables=["Cast", "Ledger"])


def test_the_guard_skips_only_the_sheets_not_asked_for() -> None:
    guard._CACHE.clear()
    ins = guard.inspect(SAMPLE, only=["Cast", "Call Sheet Template"])
    assert {"Cast", "Call Sheet Template"} <= set(ins.sheets)
    assert {"Actuals", "Budget", "Scenes"} <= ins.skipped
    assert not set(ins.sheets) & ins.skipped
    assert guard.inspect(SAMPLE).skipped == frozenset()


def test_a_hostile_ledger_sheet_does_not_block_the_call_sheet(tmp_path: Path) -> None:
    src = with_far_cell(SAMPLE, tmp_path / "far_ledger.xlsx", "Actuals")
    with pytest.raises(WorkbookUnreadable, match="Actuals"):
        load_production(src)  # a full read (the checks, the cost report) refuses it, naming the sheet

    out = tmp_path / "out.xlsx"
    result = generate_callsheets(src, out, [1])
    assert len(result.tabs) == 1
    wb = openpyxl.load_workbook(out, read_only=True)
    assert result.tabs[0] in wb.sheetnames
    wb.close()
    # The ledger went into the output as it was, byte for byte: never parsed, never rewritten.
    part = sheet_part(src, "Actuals")
    with zipfile.ZipFile(src) as a, zipfile.ZipFile(out) as b:
        assert a.read(part) == b.read(sheet_part(out, "Actuals"))


def test_the_same_damage_in_a_sheet_the_call_sheet_reads_still_stops_it(tmp_path: Path) -> None:
    src = with_far_cell(SAMPLE, tmp_path / "far_cast.xlsx", "Cast")
    out = tmp_path / "out.xlsx"
    with pytest.raises(WorkbookUnreadable, match=re.escape("sheet 'Cast'")):
        generate_callsheets(src, out, [1])
    assert not out.exists()


def test_a_damaged_template_tab_is_still_refused_before_openpyxl_reads_it(tmp_path: Path) -> None:
    src = with_far_cell(SAMPLE, tmp_path / "far_template.xlsx", "Call Sheet Template")
    out = tmp_path / "out.xlsx"
    shutil.copy(src, tmp_path / "keep.xlsx")
    with pytest.raises(WorkbookUnreadable, match="Call Sheet Template"):
        generate_callsheets(src, out, [1])
    assert not out.exists()
    assert src.read_bytes() == (tmp_path / "keep.xlsx").read_bytes()


@pytest.mark.parametrize("report", ["dood", "crew"])
def test_a_report_made_from_its_own_tables_equals_the_one_made_from_the_whole_workbook(report: str) -> None:
    from xlproduction.model.dood import dood
    from xlproduction.reports.crew_list import CREW_TABLES, crew_sheet
    from xlproduction.reports.dood_tab import DOOD_TABLES, dood_sheet

    def build(p: object) -> object:
        return dood_sheet(p, dood(p)) if report == "dood" else crew_sheet(p, contacts=True)

    tables = DOOD_TABLES if report == "dood" else CREW_TABLES
    assert build(load_production(SAMPLE, tables=tables)) == build(load_production(SAMPLE))


def test_every_call_sheet_rule_runs_on_a_call_sheet_read() -> None:
    """A rule may look up a table its findings do not point at (XR006: a person's account in the chart of accounts);
    on a read of only CALLSHEET_LOAD it must find exactly what it finds on the whole workbook, and never crash."""
    from xlproduction.callsheet.readiness import CALLSHEET_LOAD, callsheet_rules
    from xlproduction.checks import run_checks

    from .rules.base import TODAY
    from .rules.harness import _in_memory, apply_patch, base, load_cases

    rules = callsheet_rules()
    codes = {r.code for r in rules}
    file_only = {"plain_ranges", "append_columns", "extra_settings"}  # patches that need a real file
    cases = [c for c in load_cases() if c.kind == "fail" and c.code in codes and not set(c.patch) & file_only]
    assert len(cases) > 50
    for case in cases:
        data = apply_patch(base(), case.patch)
        read = _in_memory(data, TODAY, only=CALLSHEET_LOAD)
        part = run_checks(read, rules)
        assert not [f.message for f in part if f.code == "XP001"], case.id
        # The reader's own findings about tables left unread are absent, as they should be; all else is equal.
        full = [f for f in run_checks(_in_memory(data, TODAY), rules) if f.table is None or f.table in read.tables]
        assert part == full, case.id


def test_a_rule_needing_a_table_the_call_sheet_does_not_load_neither_blocks_nor_fakes(tmp_path: Path) -> None:
    """A performer from out of town on day 1 with no room that night: the full check reports it (LG008), and the
    call sheet, which does not read Accommodation, is still made (its partial read would see no booking at all)."""
    from xlproduction.callsheet.readiness import callsheet_rules
    from xlproduction.checks import ALL_RULES, run_checks

    path = tmp_path / "no_room.xlsx"
    wb = openpyxl.load_workbook(SAMPLE)
    cast = wb["Cast"]
    head = {c.value: c.column for c in cast[1]}
    row = next(r for r in range(2, cast.max_row + 1) if cast.cell(r, head["Cast ID"]).value in (1, "1"))
    cast.cell(row, head["Local"]).value = "No"
    wb.save(path)

    full = run_checks(load_production(path), ALL_RULES)
    assert any(f.code == "LG008" and f.sheet == "Cast" and f.row == row for f in full)
    assert "LG008" not in {r.code for r in callsheet_rules()}
    out = tmp_path / "out.xlsx"
    result = generate_callsheets(path, out, [1])
    assert len(result.tabs) == 1

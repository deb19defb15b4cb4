"""The schedule optimizer on workbooks (issue 19 phase 2): the job on the sample, pins, infeasibility named with
its cells, and the command's --write / --write --in-place, on real files (the ribbon button: test_excel_entry_points).

Time limits are short; whether the sample reaches proven optimality within 60 s is measured by
``python -m bench optimize``, not here."""

from __future__ import annotations

import copy
import json
import zipfile
from pathlib import Path
from typing import Any

import pytest
from typer.testing import CliRunner

from xlproduction.cli import app
from xlproduction.jobs.optimize import PROPOSED_SHEET, optimize
from xlproduction.jobs.source import workbook_file
from xlproduction.model.tabledata import ProductionData
from xlproduction.sample import sample_production
from xlproduction.workbook.reader import load_production
from xlproduction.workbook.safe_write import backups_of
from xlproduction.workbook.writer import write_workbook

LIMIT = 15.0

pytest.importorskip("ortools")


@pytest.fixture(scope="module")
def data() -> ProductionData:
    return sample_production()


@pytest.fixture(scope="module")
def sample(tmp_path_factory: pytest.TempPathFactory, data: ProductionData) -> Path:
    return write_workbook(tmp_path_factory.mktemp("opt") / "sample.xlsx", data)


@pytest.fixture(scope="module")
def result(sample: Path) -> Any:
    return optimize(workbook_file(sample), time_limit=LIMIT)


def parts(path: Path) -> dict[str, bytes]:
    with zipfile.ZipFile(path) as z:
        return {n: z.read(n) for n in z.namelist()}


def test_the_sample_gets_a_cheaper_schedule_that_the_rules_accept(result: Any, sample: Path) -> None:
    assert result.status in ("optimal", "feasible")
    assert result.gap is not None and (result.status != "optimal" or result.gap == 0)
    assert result.saving.money >= 0 and result.cost.total <= result.current_cost.total
    assert result.saving.money == pytest.approx(result.current_cost.total - result.cost.total)
    # Every strip once; the days already shot (up to the sample's status date, day 12) exactly as they were.
    p = load_production(sample)
    strips = [s for _, _, ids in result.days for s in ids]
    assert len(strips) == len(set(strips)) == p.schedule["scene"].notna().sum()
    was = {int(d): list(g.sort_values("order")["scene"].astype(str)) for d, g in p.schedule.groupby("day")}
    for day, _, ids in result.days:
        if day <= 12:
            assert [s.split(" (")[0] for s in ids] == was[day]
    # The rules raise no new error on the proposal (empty days at the end are warnings the note explains).
    assert not [f for f in result.new_findings if f.severity.value == "error"], result.new_findings
    assert {f.code for f in result.new_findings} <= {"SC010"}
    # The change list says what moved, through xlproduction.changes.
    moved = [c for c in result.changes if c.kind.value == "scene_moved"]
    assert moved and all(c.day is not None and c.day > 12 for c in moved)


def test_split_scenes_keep_their_parts_in_order_on_different_days(result: Any) -> None:
    day_of = {s: day for day, _, ids in result.days for s in ids}
    parts_ = [s for s in day_of if s.endswith(("(1/2)", "(2/2)"))]
    assert parts_
    for s in parts_:
        if s.endswith("(1/2)"):
            assert day_of[s] < day_of[s.replace("(1/2)", "(2/2)")]


def _pinned(data: ProductionData, days: set[int]) -> ProductionData:
    d = copy.deepcopy(data)
    for r in d.tables["Schedule"]:
        if r["day"] in days:
            r["pinned"] = True
    return d


def test_pinned_strips_keep_their_day_and_order(tmp_path: Path, data: ProductionData, result: Any) -> None:
    # The unpinned proposal empties the last days; pinned, their strips stay, in their order.
    last = {day for day, _, ids in result.days if not ids} or {23}
    book = write_workbook(tmp_path / "pinned.xlsx", _pinned(data, last))
    r = optimize(workbook_file(book), time_limit=LIMIT)
    assert r.found
    want = {day: [s["scene"] for s in sorted(data.tables["Schedule"], key=lambda s: s["order"]) if s["day"] == day]
            for day in last}  # fmt: skip
    got = {day: [s.split(" (")[0] for s in ids] for day, _, ids in r.days if day in last}
    for day in last:
        kept = [s for s in got[day] if s in want[day]]
        assert kept == want[day], day
    assert r.cost.total >= result.cost.total - 1e-6  # a pin never makes it cheaper


def _infeasible(tmp_path: Path, data: ProductionData) -> Path:
    """Cast 1 pinned on day 20 but available only until day 19."""
    d = copy.deepcopy(data)
    dates = {r["day"]: r["date"] for r in d.tables["Days"]}
    strip = next(r for r in d.tables["Schedule"] if r["day"] == 20 and any(
        "1" in (s["cast"] or ()) for s in d.tables["Scenes"] if s["scene"] == r["scene"]))  # fmt: skip
    strip["pinned"] = True
    for c in d.tables["Cast"]:
        if c["cast_id"] == "1":
            c["available_to"] = dates[19]
    return write_workbook(tmp_path / "infeasible.xlsx", d)


def test_infeasible_names_the_constraints_and_their_cells_and_writes_nothing(tmp_path: Path,
                                                                             data: ProductionData) -> None:  # fmt: skip
    book = _infeasible(tmp_path, data)
    original = book.read_bytes()
    p = load_production(book)
    runner = CliRunner()
    res = runner.invoke(app, ["optimize", str(book), "--time-limit", "10", "--write", "--format", "json"])
    assert res.exit_code == 1, res.output
    out = json.loads(res.stdout)
    assert out["status"] == "infeasible"
    kinds = {c["constraint"].split(" ")[0] for c in out["conflict"]}
    assert kinds == {"scene", "performer"}
    cells = [c for x in out["conflict"] for c in x["cells"]]
    cast_row = int(p.cast.loc[p.cast["cast_id"] == "1", "_row"].iloc[0])
    to = p.tables["Cast"].cell("available_to", cast_row)
    assert f"Cast!{to}" in cells  # the Available To cell
    assert any(c.startswith("Schedule!") for c in cells)  # the Pinned cell
    assert len(out["conflict"]) == 2  # the smallest set: the pin and the one date
    assert book.read_bytes() == original and not backups_of(book)
    assert not book.with_name("infeasible.optimized.xlsx").exists()
    text = runner.invoke(app, ["optimize", str(book), "--time-limit", "10"])
    assert text.exit_code == 1 and "Infeasible" in text.stdout and f"Cast!{to}" in text.stdout


def test_write_puts_the_proposed_schedule_tab_into_a_copy(tmp_path: Path, sample: Path) -> None:
    book = tmp_path / "w.xlsx"
    book.write_bytes(sample.read_bytes())
    res = CliRunner().invoke(app, ["optimize", str(book), "--time-limit", str(LIMIT), "--write"])
    assert res.exit_code == 0, res.output
    assert "Saves" in res.stdout and "Written" in res.stdout
    copy_ = book.with_name("w.optimized.xlsx")
    assert book.read_bytes() == sample.read_bytes()  # the workbook itself untouched
    before, after = parts(book), parts(copy_)
    # The manifests list the new tab, and the tab's styles are appended to styles.xml (tests/test_package.py checks
    # that the user's own keep their indices); every other part is kept byte for byte.
    manifests = {"xl/workbook.xml", "xl/_rels/workbook.xml.rels", "[Content_Types].xml", "docProps/app.xml",
                 "xl/styles.xml"}
    for name, blob in before.items():
        if name not in manifests:
            assert after[name] == blob, name
    p = load_production(copy_)
    assert p.schedule.equals(load_production(book).schedule)
    import openpyxl

    ws = openpyxl.load_workbook(copy_, read_only=True)[PROPOSED_SHEET]
    rows = list(ws.iter_rows(values_only=True))
    assert str(rows[0][0]).startswith("Proposed Schedule") and "saves" in str(rows[1][0])
    assert rows[4][:4] == ("Day", "Date", "Order", "Scene")


def test_write_in_place_rewrites_the_schedule_with_a_backup(tmp_path: Path, sample: Path) -> None:
    book = tmp_path / "ip.xlsx"
    book.write_bytes(sample.read_bytes())
    before_p = load_production(book)
    res = CliRunner().invoke(app, ["optimize", str(book), "--time-limit", str(LIMIT), "--write", "--in-place",
                                   "--format", "json"])  # fmt: skip
    assert res.exit_code == 0, res.output
    out = json.loads(res.stdout)
    (backup,) = backups_of(book)
    assert backup.read_bytes() == sample.read_bytes()
    after = load_production(book)
    # The Schedule now holds the proposal, strip for strip.
    got = {d: list(g.sort_values("order")["scene"].astype(str)) for d, g in after.schedule.groupby("day")}
    for day in out["days"]:
        assert got.get(day["day"], []) == [s.split(" (")[0] for s in day["strips"]]
    # Only the Schedule's and the Days' sheets and tables changed (and the manifests); every other part byte for byte.
    old, new = parts(backup), parts(book)
    changed = {n for n in old if old[n] != new.get(n)}
    manifests = {"[Content_Types].xml", "xl/_rels/workbook.xml.rels", "xl/sharedStrings.xml", "docProps/app.xml"}
    sheets = {n for n in changed if n.startswith("xl/worksheets/")}
    tables = {n for n in changed if n.startswith("xl/tables/")}
    assert changed == sheets | tables | (changed & manifests)
    assert 1 <= len(sheets) <= 2 and len(tables) <= 2
    assert set(new) - set(old) <= {"xl/sharedStrings.xml"}  # no tab added
    assert after.scenes.equals(before_p.scenes) and after.cast.equals(before_p.cast)


def test_without_ortools_the_command_says_what_to_install(sample: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    import sys

    monkeypatch.setitem(sys.modules, "ortools.sat.python.cp_model", None)
    res = CliRunner().invoke(app, ["optimize", str(sample)])
    assert res.exit_code == 2
    assert 'pip install "xlproduction[plan]"' in res.output


def test_in_place_on_a_schedule_without_the_pinned_column(tmp_path: Path, data: ProductionData) -> None:
    """A workbook made before the Pinned column: --in-place writes the proposal into the columns it has."""
    import openpyxl

    book = write_workbook(tmp_path / "old.xlsx", data)
    wb = openpyxl.load_workbook(book)
    ws = wb["Schedule"]
    col = next(c.column for c in ws[1] if c.value == "Pinned")
    ws.delete_cols(col)
    t = ws.tables["Schedule"]
    first, last = t.ref.split(":")
    from openpyxl.utils import column_index_from_string, get_column_letter
    from openpyxl.utils.cell import coordinate_from_string

    letter, row = coordinate_from_string(last)
    t.ref = f"{first}:{get_column_letter(column_index_from_string(letter) - 1)}{row}"
    t.tableColumns = [c for c in t.tableColumns if c.name != "Pinned"]
    for i, c in enumerate(t.tableColumns, start=1):
        c.id = i
    wb.save(book)
    assert "pinned" not in load_production(book).tables["Schedule"].location.letters
    res = CliRunner().invoke(app, ["optimize", str(book), "--time-limit", "10", "--write", "--in-place"])
    assert res.exit_code == 0, res.output
    assert backups_of(book) and "Written" in res.stdout

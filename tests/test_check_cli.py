"""`xlproduction check`: exit codes, JSON output, and the Issues tab's links, on real files."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest
from openpyxl import load_workbook
from typer.testing import CliRunner

from xlproduction.cli import app
from xlproduction.workbook.writer import write_workbook

from .rules.harness import apply_patch, base

runner = CliRunner()


@pytest.fixture
def clean(tmp_path: Path) -> Path:
    return write_workbook(tmp_path / "clean.xlsx", base())


@pytest.fixture
def broken(tmp_path: Path) -> Path:
    data = apply_patch(base(), {
        "set": [{"table": "Scenes", "where": {"scene": "2"}, "values": {"cast": "1, 9"}},
                {"table": "Days", "where": {"day": 3}, "values": {"location": "L7"}}],
    })  # fmt: skip
    return write_workbook(tmp_path / "broken.xlsx", data)


def test_clean_workbook_exits_0(clean: Path) -> None:
    r = runner.invoke(app, ["check", str(clean)])
    assert r.exit_code == 0, r.output
    assert "0 errors" in r.output or "No problems found" in r.output


def test_errors_exit_1_and_json_lists_them(broken: Path) -> None:
    r = runner.invoke(app, ["check", str(broken), "--format", "json"])
    assert r.exit_code == 1
    doc = json.loads(r.stdout)
    where = {(f["code"], f["sheet"], f["cell"]) for f in doc["findings"]}
    assert ("XR001", "Scenes", "G3") in where
    assert ("XR005", "Days", "D4") in where
    assert doc["counts"]["error"] >= 2
    assert doc["written"] is None


def test_unreadable_file_exits_2_without_traceback(tmp_path: Path) -> None:
    bad = tmp_path / "notes.xlsx"
    bad.write_text("this is not a workbook")
    r = runner.invoke(app, ["check", str(bad)])
    assert r.exit_code == 2
    assert "Traceback" not in r.output
    missing = runner.invoke(app, ["check", str(tmp_path / "nope.xlsx")])
    assert missing.exit_code == 2


def test_write_puts_issues_tab_in_a_copy_with_links_to_cells(broken: Path) -> None:
    before = broken.read_bytes()
    r = runner.invoke(app, ["check", str(broken), "--write"])
    assert r.exit_code == 1
    assert broken.read_bytes() == before, "the input must not change without --in-place"
    copy = broken.with_name("broken.checked.xlsx")
    ws = load_workbook(copy)["Issues"]
    rows = list(ws.iter_rows(min_row=4, values_only=False))
    by_code = {r[1].value: r for r in rows}
    link = by_code["XR001"][4].hyperlink
    assert link is not None and link.location == "'Scenes'!G3"
    assert by_code["XR005"][4].hyperlink.location == "'Days'!D4"
    assert by_code["XR001"][0].value == "ERROR"
    # Running again replaces the tab instead of adding "Issues1".
    runner.invoke(app, ["check", str(copy), "--write", "--in-place"])
    wb = load_workbook(copy)
    assert [s for s in wb.sheetnames if s.startswith("Issues")] == ["Issues"]
    assert list(copy.parent.glob("broken.checked.backup-*.xlsx")), "in-place writes keep a backup"


def test_console_script_runs(clean: Path) -> None:
    r = subprocess.run([sys.executable, "-m", "xlproduction.cli", "check", str(clean), "-f", "json"],
                       capture_output=True, text=True, timeout=120)  # fmt: skip
    assert r.returncode == 0, r.stderr
    assert json.loads(r.stdout)["counts"]["error"] == 0

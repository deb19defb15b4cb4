"""`xlproduction changes` as a coordinator runs it: the memo, JSON, Markdown, the Changes tab, and bad input."""

from __future__ import annotations

import copy
import json
from pathlib import Path

import pytest
from python_calamine import CalamineWorkbook
from typer.testing import CliRunner

from xlproduction.cli import app
from xlproduction.model.contract import CHANGES_SHEET

from .changes_support import MOVED_TO, write_versions

runner = CliRunner()


@pytest.fixture(scope="module")
def versions(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path, object]:
    return write_versions(tmp_path_factory.mktemp("changes-cli"))


def test_text_json_and_markdown(versions):
    old, new, _ = versions
    r = runner.invoke(app, ["changes", str(old), str(new)])
    assert r.exit_code == 0, r.output
    assert r.output.startswith("Changes — Last Call at Rosie's\nold.xlsx → new.xlsx: ")
    assert f"moved from day 5 (Fri 05-Mar) to day {MOVED_TO} (Thu 11-Mar)" in r.output
    r = runner.invoke(app, ["changes", str(old), str(new), "--format", "json"])
    data = json.loads(r.output)
    assert {c["kind"] for c in data["changes"]} >= {"scene_moved", "crew_call", "postings_added"}
    r = runner.invoke(app, ["changes", str(old), str(new), "-f", "markdown"])
    assert r.output.startswith("# Changes — Last Call at Rosie's") and "\n## Finance\n" in r.output


def test_write_adds_the_changes_tab_to_a_copy(versions, tmp_path):
    old, new, _ = versions
    target = tmp_path / "with changes.xlsx"
    before = new.read_bytes()
    r = runner.invoke(app, ["changes", str(old), str(new), "--write", "--output", str(target)])
    assert r.exit_code == 0 and "Changes tab written to" in r.output
    assert new.read_bytes() == before  # the new version itself is untouched without --in-place
    wb = CalamineWorkbook.from_path(str(target))
    assert CHANGES_SHEET in wb.sheet_names
    r = runner.invoke(app, ["changes", str(old), str(new), "--in-place"])
    assert r.exit_code == 2 and "--write" in r.output


def test_bad_input(versions, tmp_path):
    old, _, _ = versions

    def retitle(data):
        d = copy.deepcopy(data)
        d.settings["title"] = "Someone Else's Show"
        return d, None

    a, b, _ = write_versions(tmp_path, retitle)
    r = runner.invoke(app, ["changes", str(a), str(b)])
    assert r.exit_code == 0 and "Warning: These look like two different productions" in r.output
    bad = tmp_path / "broken.xlsx"
    bad.write_bytes(b"PK\x03\x04 not really a zip")
    r = runner.invoke(app, ["changes", str(old), str(bad)])
    assert r.exit_code == 2 and "Cannot read the workbook" in r.output and "broken.xlsx" in r.output
    assert "Traceback" not in r.output
    r = runner.invoke(app, ["changes", str(tmp_path / "missing.xlsx"), str(old)])
    assert r.exit_code == 2 and "missing.xlsx does not exist" in r.output

"""The ribbon's Import USS, Export USS and Tasks buttons through the real xlwings API (remote engine, test-only
licence): what they write into the open workbook (read back with the live reader), what they save beside it, what
xlwings Lite says it cannot do, and Excel calls that do not grow with the data."""

from __future__ import annotations

import copy
import json
from pathlib import Path
from typing import Any

import pytest

from tests.excel_support import apply_actions, payload, remote_book
from tests.test_excel_entry_points import Run, grown
from xlproduction.excel import source as live_source
from xlproduction.excel.book import read_raw_tables
from xlproduction.interchange.uss.validate import validate
from xlproduction.jobs.source import workbook_file
from xlproduction.jobs.uss_export import export_uss
from xlproduction.sample import sample_production
from xlproduction.workbook.reader import build_production, load_production
from xlproduction.workbook.writer import write_workbook


@pytest.fixture(scope="module")
def books(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    d = tmp_path_factory.mktemp("interchange")
    data = sample_production()
    blank = copy.deepcopy(data)
    blank.tables["Tasks"] = []
    return {"small": write_workbook(d / "sample.xlsx", blank), "grown": write_workbook(d / "grown.xlsx", grown(blank))}


@pytest.fixture(scope="module")
def payloads(books: dict[str, Path]) -> dict[str, dict[str, Any]]:
    return {k: payload(p) for k, p in books.items()}


@pytest.fixture(scope="module")
def uss_files(books: dict[str, Path]) -> dict[str, Path]:
    return {k: export_uss(workbook_file(p), p.with_suffix(".uss")).path for k, p in books.items()}


def live(after: dict[str, Any]) -> Any:
    return build_production(read_raw_tables(remote_book(after)))


class TableRun(Run):
    """A button run whose table writes are replayed as Excel stores them: a leading apostrophe (written to keep
    text such as 1, 2, 8 from being read as something else) is the cell's quote prefix, not part of the text."""

    def __init__(self, data: dict[str, Any], name: str, **kwargs: Any) -> None:
        super().__init__(data, name, **kwargs)
        stored = copy.deepcopy(self.actions)
        for a in stored:
            if a["func"] == "setValues":
                a["values"] = [[v[1:] if isinstance(v, str) and v.startswith("'") else v for v in row]
                               for row in a["values"]]  # fmt: skip
        self.after = apply_actions(data, stored)


def test_the_tasks_button_fills_the_tasks_table(payloads: dict[str, Any], books: dict[str, Path]) -> None:
    runs = {k: TableRun(payloads[k], "tasks") for k in ("small", "grown")}
    for _k, r in runs.items():
        assert r.result.ok and r.result.tabs == ["Tasks"], r.result.message
    small = live(runs["small"].after).df("Tasks")
    # 76 before logistics, and a travel and a hotel task for each of the sample's seven out-of-town crew members.
    assert len(small) == 90 and small["derived"].notna().all()
    assert runs["small"].result.message.startswith("Prep tasks: 90 added, 0 updated")
    assert len(live(runs["grown"].after).df("Tasks")) > 2 * len(small)
    # The same number of calls whatever the size: one read per table, one write per block.
    assert runs["small"].result.calls.reads == runs["grown"].result.calls.reads
    assert runs["small"].result.calls.writes == runs["grown"].result.calls.writes
    assert len(runs["small"].actions) == len(runs["grown"].actions)
    # Clicked again on the updated workbook: nothing to add, nothing written.
    again = TableRun(runs["small"].after, "tasks")
    assert again.result.ok and again.result.tabs == [] and "0 added, 0 updated" in again.result.message
    assert [a["func"] for a in again.actions] == ["alert"]


def test_import_uss_into_the_open_workbook(payloads: dict[str, Any], uss_files: dict[str, Path],
                                          monkeypatch: pytest.MonkeyPatch) -> None:  # fmt: skip
    monkeypatch.setattr(live_source, "is_web", lambda book: False)  # desktop Excel: files can be read
    runs = {k: TableRun(payloads[k], "import_uss", path=str(uss_files[k])) for k in ("small", "grown")}
    for r in runs.values():
        assert r.result.ok, r.result.message
    r = runs["small"]
    assert r.result.message.startswith("Imported (stripboard 'Shooting schedule (Blue, 12-Mar-2027)'): 88 scenes "
                                       "(0 new), 90 strips on 23 shoot days")  # fmt: skip
    before, after = live(payloads["small"]), live(r.after)
    for table, cols in (("Scenes", ["scene", "set", "pages", "cast", "location", "est_time", "script_page"]),
                        ("Schedule", ["day", "order", "scene", "part", "banner"]), ("Days", ["day", "date"]),
                        ("Cast", ["cast_id", "character", "performer", "phone"])):  # fmt: skip
        assert after.df(table)[cols].astype(str).values.tolist() == before.df(table)[cols].astype(str).values.tolist()
    assert len(after.df("Elements")) == len(before.df("Elements"))
    assert runs["small"].result.calls.reads == runs["grown"].result.calls.reads


def test_import_uss_refuses_a_bad_file_and_xlwings_lite(payloads: dict[str, Any], tmp_path: Path,
                                                        monkeypatch: pytest.MonkeyPatch) -> None:  # fmt: skip
    bad = tmp_path / "bad.uss"
    bad.write_text(json.dumps({"universalScheduleStandard": {"ussVersion": "2.0.0"}}))
    monkeypatch.setattr(live_source, "is_web", lambda book: False)
    r = Run(payloads["small"], "import_uss", path=str(bad))
    assert not r.result.ok and "nothing was written" in r.result.message
    assert "This is USS version 2.0.0" in r.result.message
    assert [a["func"] for a in r.actions] == ["alert"]
    monkeypatch.undo()  # the remote engine as xlwings Lite: no files of this computer
    r = Run(payloads["small"], "import_uss", path=str(bad))
    assert not r.result.ok and "xlwings Lite cannot read files from this computer" in r.result.message
    assert "xlproduction import uss" in r.result.message


def test_export_uss_saves_beside_the_workbook(payloads: dict[str, Any], tmp_path: Path,
                                              monkeypatch: pytest.MonkeyPatch) -> None:  # fmt: skip
    data = copy.deepcopy(payloads["small"])
    data["book"]["name"] = str(tmp_path / "Rosie.xlsx")
    r = Run(data, "export_uss")  # xlwings Lite: no folder to save into
    assert not r.result.ok and "xlwings Lite cannot save files" in r.result.message
    monkeypatch.setattr(live_source, "is_web", lambda book: False)
    r = Run(data, "export_uss")
    assert r.result.ok and r.result.files == [str(tmp_path / "Rosie schedule.uss")]
    assert [a["func"] for a in r.actions] == ["alert"]
    doc = json.loads((tmp_path / "Rosie schedule.uss").read_text(encoding="utf-8"))
    assert validate(doc).is_valid and len(doc["universalScheduleStandard"]["breakdowns"]) == 114


def test_the_imported_workbook_file_matches_the_live_one(books: dict[str, Path], uss_files: dict[str, Path],
                                                         tmp_path: Path) -> None:  # fmt: skip
    """The command line's import (file engine) writes what the button writes (live engine)."""
    from xlproduction.jobs.uss_import import import_uss

    out = tmp_path / "imported.xlsx"
    import_uss(workbook_file(books["small"], out), uss_files["small"].read_bytes())
    a, b = load_production(out), load_production(books["small"])
    assert a.df("Scenes").drop(columns="_row").astype(str).equals(b.df("Scenes").drop(columns="_row").astype(str))

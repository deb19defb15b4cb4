"""The broken-input corpus (tests/corpus/make_corpus.py) through the reader, the checks, every command and every
ribbon entry point: the expected findings at their sheet and cell, no exception escaping, the input untouched.

The corpus is generated once per module into a temporary folder (two to three seconds). Each case's checks are
computed once and shared by the commands and buttons of that case (``run_checks`` is memoised by production
content for this module): the commands still read and write the file themselves.
"""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from typer.testing import CliRunner

import xlproduction.checks as checks_module
from xlproduction.cli import app
from xlproduction.workbook.reader import load_production

from .checks_memo import shared_checks
from .corpus.make_corpus import CASES, COMMANDS, KNOWN, Case, build_corpus, expected_exit
from .corpus.ribbons import ENTRY_POINTS
from .package_checks import package_problems

runner = CliRunner()
# The last line of defence speaking ("xlproduction failed: ValueError: …", "DOOD failed: KeyError: …"): an
# exception nobody expected, i.e. a bug. (XP001's hint also asks for a report, but that is a finding.)
UNEXPECTED = re.compile(r"Traceback|failed: [A-Z]\w*: ")
ROOT = Path(__file__).resolve().parents[1]


@pytest.fixture(scope="module")
def corpus(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[Path, dict[str, Case]]]:
    folder = tmp_path_factory.mktemp("corpus")
    built = build_corpus(folder)
    # The ribbon buttons run in a second process meanwhile (tests/corpus/ribbons.py): two cores, half the wait.
    env = {**os.environ, "PYTHONPATH": str(ROOT) + os.pathsep + os.environ.get("PYTHONPATH", "")}
    _BUTTONS["proc"] = subprocess.Popen([sys.executable, "-m", "tests.corpus.ribbons", str(folder)], cwd=ROOT, env=env,
                                        stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)  # fmt: skip
    yield folder, built
    proc = _BUTTONS.pop("proc", None)
    if proc is not None and proc.poll() is None:  # the module ended early (-x, -k): do not leave it running
        proc.kill()
        proc.wait()


_BUTTONS: dict[str, Any] = {}


@pytest.fixture
def buttons(corpus: tuple[Path, dict[str, Case]]) -> dict[str, dict[str, dict[str, Any]]]:
    if "results" not in _BUTTONS:
        proc = _BUTTONS["proc"]
        stdout, stderr = proc.communicate(timeout=600)
        assert proc.returncode == 0, stderr[-3000:]
        _BUTTONS["results"] = json.loads(stdout)
    return _BUTTONS["results"]


@pytest.fixture(scope="module", autouse=True)
def _rules_once() -> Iterator[None]:
    with shared_checks():
        yield


def _known(case: str, what: str) -> str | None:
    return KNOWN.get((case, what))


@pytest.mark.parametrize("case", CASES, ids=[c.name for c in CASES])
def test_findings_at_their_cells(case: Case, corpus: tuple[Path, dict[str, Case]]) -> None:
    folder, built = corpus
    c = built[case.name]
    p = load_production(folder / c.file)
    findings = checks_module.run_checks(p)
    got = {(f.code, f.sheet, f.cell) for f in findings}
    for e in c.expect:
        if e.cell is None:  # a table that is not there has no cell: the finding names the table
            assert any(f.code == e.code and f.table for f in findings), (e, sorted(got))
        else:
            assert (e.code, e.sheet, e.cell) in got, (e, sorted(g for g in got if g[0].startswith("ST")))
    # The reader reports exactly what the manifest lists (and the rules add what they find on top).
    expected = {(e.code, e.sheet, e.cell) for e in c.expect}
    read = {(f.code, f.sheet, f.cell) for f in p.findings if f.cell is not None}
    assert read == {x for x in expected if x[2] is not None}, sorted(read ^ expected, key=str)
    assert not [f for f in findings if f.code in c.absent], [(f.code, f.location, f.message) for f in findings
                                                             if f.code in c.absent]  # fmt: skip
    for table, n in c.rows.items():
        assert len(p.df(table)) == n, table
    for f in findings:
        assert f.message and f.hint, f
        if f.row is not None:
            assert f.sheet and f.cell, f"a finding about a row names its sheet and cell: {f}"
    crashed = [f.message for f in findings if f.code == "XP001"]
    if _known(case.name, "XP001"):
        assert crashed, f"known fault fixed? remove ({case.name}, XP001) from KNOWN: {_known(case.name, 'XP001')}"
    else:
        assert not crashed, crashed


def _args(command: str, path: Path, out: Path) -> list[str]:
    return {
        "check": ["check", str(path)],
        "check-write": ["check", str(path), "--write", "-o", str(out / "checked.xlsx")],
        "callsheet": ["callsheet", str(path), "--all", "-o", str(out / "callsheets.xlsx")],
        "dood": ["report", "dood", str(path), "-o", str(out / "dood.xlsx")],
        "cost": ["report", "cost", str(path), "-o", str(out / "cost.xlsx"), "--csv", str(out / "cost.csv")],
        "crew": ["report", "crew", str(path), "-o", str(out / "crew.xlsx"), "--xlsx", str(out / "crew-only.xlsx")],
        "finance-pack": ["finance-pack", str(path), str(out / "finance.xlsx")],
        "calendar": ["calendar", str(path), str(out / "shoot.ics")],
    }[command]


# Every case goes through check --write, callsheet and the DOOD (the commands that read most of the workbook);
# the other commands take turns, so each runs on seven or eight cases. XLP_CORPUS=full runs all of them on all.
CORE = ("check-write", "callsheet", "dood")
OTHERS = tuple(c for c in COMMANDS if c not in CORE)
FULL = os.environ.get("XLP_CORPUS") == "full"


# Text that attacks writers (control characters, formula-like text, every script) goes through every command.
EVERY_COMMAND = ("control-characters", "extreme-values", "non-ascii-names")
# A case made for one command: the cost report replaces the Cost Report tab (with its chart) the workbook holds.
ALSO = {"libreoffice-manifest": ("cost",)}


def commands_for(i: int) -> tuple[str, ...]:
    if FULL or CASES[i].name in EVERY_COMMAND:
        return COMMANDS
    turn = (*CORE, OTHERS[i % len(OTHERS)])
    return (*turn, *(c for c in ALSO.get(CASES[i].name, ()) if c not in turn))


@pytest.mark.parametrize("i", range(len(CASES)), ids=[c.name for c in CASES])
def test_every_command_exits_cleanly(i: int, corpus: tuple[Path, dict[str, Case]], tmp_path: Path) -> None:
    folder, built = corpus
    case = CASES[i]
    c = built[case.name]
    path = folder / c.file
    before = path.read_bytes()
    for command in commands_for(i):
        r = runner.invoke(app, _args(command, path, tmp_path))
        text = " ".join(r.output.split())
        known = _known(case.name, command)
        if known:
            assert r.exit_code == 2 and UNEXPECTED.search(text), f"known fault fixed? remove it from KNOWN: {known}"
            continue
        assert not UNEXPECTED.search(text), (command, text[-600:])
        assert r.exception is None or isinstance(r.exception, SystemExit), (command, repr(r.exception))
        assert r.exit_code == expected_exit(c, command), (command, r.exit_code, text[-600:])
        if r.exit_code == 2:
            assert len(text) > 40, (command, text)  # a sentence saying what is wrong, not a bare code
    assert path.read_bytes() == before, "the input must not change without --in-place"
    # Every workbook written is a sound package, whatever the input's structure (tests/package_checks.py).
    for written in (*tmp_path.glob("*.xlsx"), *tmp_path.glob("*.xlsm")):
        assert not package_problems(written) - package_problems(path), written.name
    if expected_exit(c, "check-write") in (0, 1):
        assert (tmp_path / "checked.xlsx").exists()
        load_production(tmp_path / "checked.xlsx")  # what was written reads back


@pytest.mark.parametrize("case", CASES, ids=[c.name for c in CASES])
def test_every_ribbon_button_reports_instead_of_failing(case: Case, buttons: dict[str, Any]) -> None:
    """The entry points through the real xlwings API (remote engine, test-only licence): each either works or
    shows an alert a coordinator can act on; none raises, none shows the 'failed: SomeError' line of an unexpected
    exception."""
    for name, result in buttons[case.name].items():
        assert result["raised"] is None, (name, result["raised"])
        known = _known(case.name, f"ep:{name}")
        if known:
            assert UNEXPECTED.search(result["message"]), f"known fault fixed? remove it from KNOWN: {known}"
            continue
        assert not UNEXPECTED.search(result["message"]), (name, result["message"])
        assert result["ok"] or len(result["message"]) > 40, (name, result["message"])
    assert set(buttons[case.name]) == set(ENTRY_POINTS)


def test_every_command_runs_on_several_cases() -> None:
    runs = [cmd for i in range(len(CASES)) for cmd in commands_for(i)]
    assert all(runs.count(cmd) >= 4 for cmd in COMMANDS), {cmd: runs.count(cmd) for cmd in COMMANDS}


def test_the_manifest_lists_every_case_with_its_expectations(corpus: tuple[Path, dict[str, Case]]) -> None:
    folder, built = corpus
    manifest = json.loads((folder / "manifest.json").read_text(encoding="utf-8"))
    assert list(manifest) == [c.name for c in CASES]
    for name, entry in manifest.items():
        assert (folder / entry["file"]).exists()
        assert set(entry["exits"]) == set(COMMANDS)
        assert [tuple(e.values()) for e in entry["expect"]] == [(e.code, e.sheet, e.cell) for e in built[name].expect]
    assert sum(len(c.expect) for c in built.values()) >= 40
    assert {k for k, _ in KNOWN} <= set(manifest), "every known fault belongs to a case"


def test_the_corpus_is_deterministic(corpus: tuple[Path, dict[str, Case]], tmp_path: Path) -> None:
    """Two builds give the same expectations and the same cell contents (zip timestamps aside)."""
    folder, built = corpus
    again = build_corpus(tmp_path, ("dates-and-times", "formula-errors"))
    for name, c in again.items():
        assert c.expect == built[name].expect
    from python_calamine import CalamineWorkbook

    for name in ("dates-and-times.xlsx", "formula-errors.xlsx"):
        a, b = CalamineWorkbook.from_path(str(folder / name)), CalamineWorkbook.from_path(str(tmp_path / name))
        assert a.sheet_names == b.sheet_names
        for s in a.sheet_names:
            assert a.get_sheet_by_name(s).to_python() == b.get_sheet_by_name(s).to_python(), (name, s)

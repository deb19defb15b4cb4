"""The ribbon entry points, run through the real xlwings API (remote engine, test-only licence) on the sample.

Each entry point gets an ``xw.Book(json=payload)`` built from the sample workbook; the assertions are on the
workbook after its queued actions are applied (the Issues rows, the call sheet's values, the DOOD grid) and on
the number of actions, which must not change when the sample grows (×10 actuals, ×5 crew).
"""

from __future__ import annotations

import copy
import datetime as dt
import re
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

from tests.excel_support import apply_actions, payload, remote_book, sheet_values, shown
from xlproduction.excel import entry_points as ep
from xlproduction.excel.book import read_production
from xlproduction.excel.render import spec_grid
from xlproduction.sample import sample_production
from xlproduction.tabledata import ProductionData
from xlproduction.workbook.contract import (
    CALLSHEET_REVISION_LABEL,
    CALLSHEET_TEMPLATE_SHEET,
    DOOD_SHEET,
    ISSUES_SHEET,
)
from xlproduction.workbook.reader import load_production
from xlproduction.workbook.writer import write_workbook

# Entry points whose tab must cost the same number of Excel calls on the grown sample.
CONSTANT = ("check", "callsheet", "callsheets_all", "dood", "cost_report", "crew_list")


def grown(data: ProductionData, actuals: int = 10, crew: int = 5) -> ProductionData:
    """The sample with every actual ×``actuals`` (the amount split, so totals stay) and every crew member ×``crew``
    (new names, same jobs, charged to no account). The copies carry ``noqa`` in their Notes, so the checks find
    what they find on the sample: the Issues tab differs in its row count only."""
    d = copy.deepcopy(data)
    rows = []
    for r in d.tables["Actuals"]:
        part = round(r["amount"] / actuals, 2)
        rows.append({**r, "amount": round(r["amount"] - part * (actuals - 1), 2)})
        rows += [{**r, "txn_id": f"{r['txn_id']}-{k}", "amount": part, "notes": "noqa (split)"}
                 for k in range(1, actuals)]  # fmt: skip
    d.tables["Actuals"] = rows
    people = []
    for r in d.tables["Crew"]:
        people.append(r)
        people += [{**r, "name": f"{r['name']} {k + 1}", "account": None, "notes": "noqa (copy)"}
                   for k in range(1, crew)]  # fmt: skip
    d.tables["Crew"] = people
    return d


@pytest.fixture(scope="module", autouse=True)
def _checks_once() -> Any:
    """The rules are the slow part of every button and are tested elsewhere: run them once per distinct
    production content here, to keep this file fast."""
    # The memo keys on the rule list too: a call sheet runs only the rules that concern it.
    from .checks_memo import shared_checks

    with shared_checks():
        yield


@pytest.fixture(scope="module")
def books(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    from xlproduction.demo import plant_mistakes

    d = tmp_path_factory.mktemp("excel")
    data = sample_production()
    return {
        "small": write_workbook(d / "sample.xlsx", data),
        "grown": write_workbook(d / "grown.xlsx", grown(data)),
        "broken": write_workbook(d / "broken.xlsx", plant_mistakes(data)[0]),
    }


@pytest.fixture(scope="module")
def payloads(books: dict[str, Path]) -> dict[str, dict[str, Any]]:
    return {k: payload(p) for k, p in books.items()}


class Run:
    def __init__(self, data: dict[str, Any], name: str, **kwargs: Any) -> None:
        self.data = data
        self.book = remote_book(data)
        self.result: ep.ButtonResult = getattr(ep, name)(self.book, **kwargs)
        self.actions: list[dict[str, Any]] = self.book.json()["actions"]
        self.after = apply_actions(data, self.actions)

    def sheet_names(self) -> list[str]:
        return [s["name"] for s in self.after["sheets"]]

    def values(self, name: str) -> list[list[Any]]:
        return [[shown(v) for v in row] for row in sheet_values(self.after, name)]


@pytest.fixture(scope="module")
def runs(payloads: dict[str, dict[str, Any]]) -> dict[tuple[str, str], Run]:
    """Every constant-cost entry point on the small and the grown sample, run once for all tests."""
    return {(size, name): Run(payloads[size], name) for size in ("small", "grown") for name in CONSTANT}


def test_adapter_reads_what_the_file_reader_reads(books: dict[str, Path], payloads: dict[str, Any]) -> None:
    """Same findings (codes, cells, messages) and same typed tables from the live book as from the file."""
    import pandas as pd

    for kind in ("small", "broken"):
        from_file = load_production(books[kind])
        live = read_production(remote_book(payloads[kind]))
        assert [f.to_dict() for f in live.findings] == [f.to_dict() for f in from_file.findings]
        assert dict(live.settings) == dict(from_file.settings)
        assert dict(live.settings.cells) == dict(from_file.settings.cells)
        for name, table in from_file.tables.items():
            pd.testing.assert_frame_equal(live.df(name), table.df, check_dtype=False, obj=name)
            assert live.table(name).location == table.location


def test_check_writes_the_issues_tab(payloads: dict[str, Any], books: dict[str, Path]) -> None:
    from xlproduction.checks import run_checks

    r = Run(payloads["broken"], "check")
    assert r.result.ok and r.result.tabs == [ISSUES_SHEET]
    findings = run_checks(load_production(books["broken"]))
    rows = r.values(ISSUES_SHEET)
    assert rows[2][:6] == ["Severity", "Code", "Rule", "Message", "Where", "Hint"]
    body = [row[:6] for row in rows[3:3 + len(findings)]]
    assert [row[1] for row in body] == [f.code for f in findings]
    assert [row[3] for row in body] == [f.message for f in findings]
    assert {"XR001", "SC002", "RS001", "ST006"} <= {row[1] for row in body}
    # The Where column links to the offending cell with a formula, not one hyperlink call per row.
    linked = [(row[4], f) for row, f in zip(body, findings, strict=True) if f.sheet and f.cell]
    assert linked
    for text, f in linked:
        assert text == f'=HYPERLINK("#\'{f.sheet}\'!{f.cell}","{f.sheet}!{f.cell}")'
    assert r.sheet_names().count(ISSUES_SHEET) == 1


def test_check_on_the_clean_sample(runs: dict[tuple[str, str], Run]) -> None:
    r = runs[("small", "check")]
    rows = r.values(ISSUES_SHEET)
    assert rows[0][0].startswith("Issues — ")
    assert "No problems found." in rows[1][0]
    assert not any(a["func"] == "alert" for a in r.actions)  # success needs no dialog: the tab opens
    # A second run replaces the tab where it stands.
    again = Run(r.after, "check")
    assert again.sheet_names() == r.sheet_names()
    assert [a["func"] for a in again.actions if a["func"] in ("sheetDelete", "setSheetName")] == [
        "sheetDelete", "setSheetName"]


def _plan_values(books: dict[str, Path], day: int) -> tuple[str, list[tuple[Any, ...]]]:
    """The call sheet of ``day`` as the engine-neutral core fills the default template (the CLI's content)."""
    from xlproduction.callsheet.fill import callsheet_values, fill
    from xlproduction.callsheet.generate import tab_name
    from xlproduction.callsheet.model import build_callsheet
    from xlproduction.excel.callsheet_render import default_template_ws, template_layout

    p = load_production(books["small"])
    cs = build_callsheet(p, day, "crew", generated=dt.datetime(2027, 1, 1))
    plan = fill(template_layout(default_template_ws()), values=callsheet_values(cs))
    return tab_name(day, cs.date, "crew"), [r.values for r in plan.rows]


def _same_cell(got: Any, want: Any) -> bool:
    if want in (None, ""):
        return got in (None, "")
    if isinstance(want, str) and re.search(r"\d{2}:\d{2}$", want) and isinstance(got, str):
        return True  # the generated-at stamp
    return str(got) == str(want)


def test_callsheet_of_the_selected_days_row(payloads: dict[str, Any], books: dict[str, Path]) -> None:
    data = copy.deepcopy(payloads["small"])
    names = [s["name"] for s in data["sheets"]]
    data["book"]["active_sheet_index"] = names.index("Days")
    data["book"]["selection"] = "C6"  # Days row 6: shoot day 5
    r = Run(data, "callsheet")
    tab, want = _plan_values(books, 5)
    assert r.result.ok, r.result.message
    assert r.result.tabs == [tab]
    got = r.values(tab)
    assert len(got) >= len(want)
    for i, row in enumerate(want):
        for j, v in enumerate(row):
            assert _same_cell(got[i][j] if j < len(got[i]) else None, v), (i + 1, j + 1, got[i][j], v)
    # The revision (0: first issue) sits right of the print area, where the next run reads it back.
    label_row = next(row for row in got if CALLSHEET_REVISION_LABEL in row)
    assert label_row[label_row.index(CALLSHEET_REVISION_LABEL) + 1] == 0
    assert not any(n.startswith("~xlp") for n in r.sheet_names())  # the helper template tab is gone
    after = copy.deepcopy(r.after)
    after["book"]["active_sheet_index"] = [s["name"] for s in after["sheets"]].index("Days")
    after["book"]["selection"] = "C6"
    again = Run(after, "callsheet")
    assert again.result.tabs == [tab]
    row2 = next(row for row in again.values(tab) if CALLSHEET_REVISION_LABEL in row)
    assert row2[row2.index(CALLSHEET_REVISION_LABEL) + 1:][:2] == [1, "Blue"]
    assert again.sheet_names() == r.sheet_names()


def test_callsheet_without_a_template_tab_uses_the_default_layout(payloads: dict[str, Any],
                                                                 books: dict[str, Path]) -> None:
    data = copy.deepcopy(payloads["small"])
    data["sheets"] = [s for s in data["sheets"] if s["name"] != CALLSHEET_TEMPLATE_SHEET]
    data["book"]["active_sheet_index"] = 0
    r = Run(data, "callsheet", day=5)
    tab, want = _plan_values(books, 5)
    assert r.result.ok and r.result.tabs == [tab]
    got = r.values(tab)
    for i, row in enumerate(want):
        for j, v in enumerate(row):
            assert _same_cell(got[i][j] if j < len(got[i]) else None, v), (i + 1, j + 1, got[i][j], v)
    # Drawn for this run only, as the command line does: the workbook keeps no template tab it did not have.
    assert r.sheet_names() == [s["name"] for s in data["sheets"]] + [tab]
    print(f"\ncall sheet without a template tab: {len(r.actions)} actions (the default layout drawn and deleted)")


def test_callsheet_defaults_to_the_next_shoot_day(runs: dict[tuple[str, str], Run]) -> None:
    r = runs[("small", "callsheet")]
    assert r.result.tabs == ["CS D12 Tue 16-Mar"]  # the sample's Status Date is shoot day 12


def test_callsheets_for_all_days(runs: dict[tuple[str, str], Run], books: dict[str, Path]) -> None:
    r = runs[("small", "callsheets_all")]
    p = load_production(books["small"])
    assert r.result.ok
    assert len(r.result.tabs) == len(p.days)
    names = r.sheet_names()
    assert [n for n in names if n.startswith("CS D")] == r.result.tabs


def test_a_blocked_day_writes_nothing(payloads: dict[str, Any]) -> None:
    data = copy.deepcopy(payloads["small"])
    days = next(s for s in data["sheets"] if s["name"] == "Days")
    days["values"][5][4] = ""  # day 5 loses its crew call: a blank required cell, an error on the day
    days["values"][5][0] = 5
    data["book"]["active_sheet_index"] = [s["name"] for s in data["sheets"]].index("Days")
    data["book"]["selection"] = "A6"
    r = Run(data, "callsheet")
    assert not r.result.ok
    assert "nothing was written" in r.result.message and "Crew Call" in r.result.message
    assert r.sheet_names() == [s["name"] for s in data["sheets"]]
    assert [a["func"] for a in r.actions] == ["alert"]


def test_a_failure_midway_leaves_no_tab(payloads: dict[str, Any], monkeypatch: pytest.MonkeyPatch) -> None:
    from xlproduction.excel import render

    calls = {"n": 0}
    real = render.apply_style

    def flaky(*args: Any, **kwargs: Any) -> None:
        calls["n"] += 1
        if calls["n"] == 3:
            raise RuntimeError("Excel is busy")
        real(*args, **kwargs)

    monkeypatch.setattr(render, "apply_style", flaky)
    r = Run(payloads["small"], "dood")
    assert not r.result.ok and "Nothing was written" in r.result.message
    assert "RuntimeError: Excel is busy" in r.result.message
    assert r.sheet_names() == [s["name"] for s in payloads["small"]["sheets"]]
    assert r.actions[-1]["func"] == "alert"


def test_dood_grid(runs: dict[tuple[str, str], Run], books: dict[str, Path]) -> None:
    from xlproduction.reports.dood_tab import dood_sheet

    r = runs[("small", "dood")]
    spec = dood_sheet(load_production(books["small"]))
    want = spec_grid(spec)
    got = r.values(DOOD_SHEET)
    title_and_stamp = {0, 1}
    for i, row in enumerate(want):
        if i in title_and_stamp:
            continue
        want_row = [v.isoformat() if isinstance(v, dt.date) else shown(v) for v in row]
        assert want_row == got[i][: len(row)], f"row {i + 1}"
    codes = {v for row in got[6:] for v in row if isinstance(v, str)}
    assert {"SW", "W", "WF"} <= codes


def test_cost_report_tab(runs: dict[tuple[str, str], Run]) -> None:
    r = runs[("small", "cost_report")]
    assert r.result.ok and r.result.tabs == ["Cost Report"]
    rows = r.values("Cost Report")
    assert rows[0][0].startswith("Cost Report — ")


def test_action_counts_do_not_grow_with_the_data(runs: dict[tuple[str, str], Run]) -> None:
    counts = {name: (len(runs[("small", name)].actions), len(runs[("grown", name)].actions)) for name in CONSTANT}
    print("\nxlwings actions per entry point (sample, ×10 actuals ×5 crew):", counts)
    for name, (small, big) in counts.items():
        assert runs[("small", name)].result.ok and runs[("grown", name)].result.ok, name
        assert small == big, f"{name}: {small} actions on the sample, {big} on the grown sample"
    for name in CONSTANT:  # one read per table (and template/tab), whatever the rows
        assert runs[("small", name)].result.calls.reads == runs[("grown", name)].result.calls.reads


def test_crew_list_tab(runs: dict[tuple[str, str], Run], books: dict[str, Path]) -> None:
    from xlproduction.reports.crew_list import crew_sheet

    r = runs[("small", "crew_list")]
    assert r.result.ok and r.result.tabs == ["Crew List"]
    want = spec_grid(crew_sheet(load_production(books["small"])))
    got = r.values("Crew List")
    assert [[shown(v) for v in row] for row in want[3:]] == [row[: len(want[0])] for row in got[3:len(want)]]


def test_files_beside_the_workbook_need_the_desktop(payloads: dict[str, Any]) -> None:
    for name in ("finance_pack", "calendar"):
        r = Run(payloads["small"], name)
        assert not r.result.ok and "xlwings Lite cannot save files" in r.result.message
        assert "command line: xlproduction" in r.result.message
        assert r.sheet_names() == [s["name"] for s in payloads["small"]["sheets"]]


def test_finance_pack_and_calendar_saved_beside_the_workbook(payloads: dict[str, Any], tmp_path: Path,
                                                             monkeypatch: pytest.MonkeyPatch) -> None:
    """As on desktop Excel: a saved workbook has a folder; the files go there, the workbook is not touched."""
    from python_calamine import CalamineWorkbook

    data = copy.deepcopy(payloads["small"])
    data["book"]["name"] = str(tmp_path / "Rosie.xlsx")  # the remote engine's fullname is its name
    monkeypatch.setattr(ep, "is_web", lambda book: False)
    pack = Run(data, "finance_pack")
    assert pack.result.ok, pack.result.message
    assert pack.result.files == [str(tmp_path / "Rosie finance pack.xlsx")]
    assert [a["func"] for a in pack.actions] == ["alert"]  # only the message saying where it went
    wb = CalamineWorkbook.from_path(pack.result.files[0])
    assert "Cost Report" in wb.sheet_names
    text = " ".join(str(v) for n in wb.sheet_names for row in wb.get_sheet_by_name(n).to_python() for v in row)
    assert "@example.com" not in text  # no personal data
    cal = Run(data, "calendar")
    assert cal.result.ok, cal.result.message
    ics = Path(cal.result.files[0]).read_text()
    assert ics.startswith("BEGIN:VCALENDAR") and ics.count("BEGIN:VEVENT") == 23


def test_entry_points_import_without_calamine_or_excel() -> None:
    """xlwings Lite (Pyodide) has no python-calamine: the entry points and the Lite scripts must import."""
    code = ("import sys; sys.modules['python_calamine'] = None\n"
            "import xlproduction.excel.entry_points, xlproduction.excel.lite.main as m\n"
            "assert callable(m.check) and callable(m.callsheet)\n"
            "assert 'python_calamine' not in [k for k, v in sys.modules.items() if v is not None]")  # fmt: skip
    subprocess.run([sys.executable, "-c", code], check=True, cwd=Path(__file__).parents[1])


def test_lite_requirements_are_pure_python() -> None:
    req = Path(__file__).parents[1] / "xlproduction" / "excel" / "lite" / "requirements.txt"
    lines = [ln.strip() for ln in req.read_text().splitlines() if ln.strip() and not ln.startswith("#")]
    assert lines == ["xlproduction"]

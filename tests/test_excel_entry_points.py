"""The ribbon entry points, run through the real xlwings API (remote engine, test-only licence) on the sample.

Each entry point gets an ``xw.Book(json=payload)`` built from the sample workbook; the assertions are on the
workbook after its queued actions are applied (the Issues rows, the call sheet's values, the DOOD grid and its
colours, the cost report's chart, the print areas) and on the number of actions, which must not change when the
sample grows (×10 actuals, ×5 crew, ×3 cast, and a DOOD twice as many dates wide).
"""

from __future__ import annotations

import copy
import datetime as dt
import re
import string
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

from tests.excel_support import apply_actions, find_sheet, look, payload, remote_book, sheet_values, shown
from xlproduction.excel import entry_points as ep
from xlproduction.excel import source as live_source
from xlproduction.excel.book import read_production
from xlproduction.excel.cells import spec_grid
from xlproduction.model.contract import (
    CALLSHEET_REVISION_LABEL,
    CALLSHEET_TEMPLATE_SHEET,
    COST_REPORT_SHEET,
    CREW_LIST_SHEET,
    DOOD_SHEET,
    ISSUES_SHEET,
)
from xlproduction.model.sheetspec import SheetSpec
from xlproduction.model.tabledata import ProductionData
from xlproduction.sample import sample_production
from xlproduction.workbook.reader import column_letter, load_production
from xlproduction.workbook.writer import write_workbook

# Entry points whose tab must cost the same number of Excel calls on the grown sample.
CONSTANT = ("check", "callsheet", "callsheets_all", "dood", "cost_report", "crew_list")
# Entry points that write files next to the workbook, not tabs: one alert, whatever the size.
FILES = ("finance_pack", "calendar")
# Entry points that read a file the desktop ribbon picks: Lite cannot (one alert saying so).
PICKS_A_FILE = ("import_script",)
# Entry points that send, and write nothing into the workbook (tests/test_publish.py): one alert.
SENDS = ("publish",)
# Entry points that read or write the user's own tables and files (tests/test_excel_interchange.py measures them).
INTERCHANGE = ("import_uss", "export_uss", "tasks")
# The Logistics buttons (tests/test_excel_logistics.py measures them on a production whose logistics grow).
LOGISTICS = ("transport", "rooming_list", "travel", "per_diems", "derive_pickups")
# Entry points whose time is the solver's (tests/test_optimize.py covers the job): one tab, measured below.
SOLVES = ("optimize",)


def grown(data: ProductionData, actuals: int = 10, crew: int = 5, cast: int = 3, away: int = 30) -> ProductionData:
    """The sample with every actual ×``actuals`` (the amount split, so totals stay), every crew member ×``crew``
    (new names, same jobs, charged to no account) and every performer ×``cast`` (new cast IDs in the same scenes,
    calls and events, charged to no account), the copies travelling ``away`` days before the first and after the
    last shoot date — a DOOD grid three times as tall and about twice as wide. The copies carry ``noqa`` in their
    Notes, so the checks find what they find on the sample: the Issues tab differs in its row count only."""
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
    copies: dict[str, list[str]] = {r["cast_id"]: [f"{r['cast_id']}{string.ascii_uppercase[k]}" for k in range(1, cast)]
                                    for r in d.tables["Cast"]}  # fmt: skip
    d.tables["Cast"] = [x for r in d.tables["Cast"] for x in [r] + [
        {**r, "cast_id": c, "performer": f"{r['performer']} {k + 2}", "phone": None, "email": None, "account": None,
         "notes": "noqa (copy)"} for k, c in enumerate(copies[r["cast_id"]])]]  # fmt: skip
    for s in d.tables["Scenes"]:
        s["cast"] = tuple(x for c in s["cast"] or () for x in (c, *copies.get(c, ())))
    for name in ("Calls", "CastEvents"):
        d.tables[name] = [x for r in d.tables[name] for x in [r] + [
            {**r, "cast_id": c, "notes": "noqa (copy)"} for c in copies.get(r["cast_id"], ())]]  # fmt: skip
    dates = [r["date"] for r in d.tables["Days"] if r["date"]]
    d.tables["CastEvents"] += [
        {"cast_id": cs[0], "date": when, "event": "Travel", "notes": "noqa (copy)"} for cs in copies.values() if cs
        for when in (min(dates) - dt.timedelta(days=away), max(dates) + dt.timedelta(days=away))]  # fmt: skip
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
    from xlproduction.jobs.demo import plant_mistakes

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
    assert "0 errors, 0 warnings, 1 notes." in rows[1][0]  # the note: the UPM's fringe range reaches a cutoff
    assert not any(a["func"] == "alert" for a in r.actions)  # success needs no dialog: the tab opens
    # A second run replaces the tab where it stands.
    again = Run(r.after, "check")
    assert again.sheet_names() == r.sheet_names()
    assert [a["func"] for a in again.actions if a["func"] in ("sheetDelete", "setSheetName")] == [
        "sheetDelete", "setSheetName"]


def _plan_values(books: dict[str, Path], day: int) -> tuple[str, list[tuple[Any, ...]]]:
    """The call sheet of ``day`` as the engine-neutral core fills the default template (the CLI's content)."""
    from xlproduction.callsheet.fill import callsheet_values, fill
    from xlproduction.callsheet.model import build_callsheet
    from xlproduction.excel.callsheet_render import default_template_ws, template_layout
    from xlproduction.jobs.callsheets import tab_name

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


def _rules(run: Run, tab: str, kind: str) -> list[dict[str, Any]]:
    return [x for x in find_sheet(run.after, tab).get("conditional_formats", []) if x["type"] == kind]


def test_action_counts_do_not_grow_with_the_data(runs: dict[tuple[str, str], Run]) -> None:
    counts = {name: (len(runs[("small", name)].actions), len(runs[("grown", name)].actions)) for name in CONSTANT}
    print("\nxlwings actions per entry point (sample, ×10 actuals ×5 crew ×3 cast, wider DOOD):", counts)
    for name, (small, big) in counts.items():
        assert runs[("small", name)].result.ok and runs[("grown", name)].result.ok, name
        assert small == big, f"{name}: {small} actions on the sample, {big} on the grown sample"
    for name in CONSTANT:  # one read per table (and template/tab), whatever the rows
        assert runs[("small", name)].result.calls.reads == runs[("grown", name)].result.calls.reads
    # The DOOD's grid of codes really grew, in both directions: three times the cast, more dates.
    (r1, c1, r2, c2), (g1, h1, g2, h2) = (_rules(runs[(k, "dood")], DOOD_SHEET, "CellValue")[0]["area"]
                                          for k in ("small", "grown"))  # fmt: skip
    assert g2 - g1 + 1 == 3 * (r2 - r1 + 1) and h2 - h1 > (c2 - c1) * 1.5


def test_every_entry_point_is_measured() -> None:
    """A new button must join one of the two lists, so the constant-count test covers it."""
    assert set(ep.BUTTONS) == (set(CONSTANT) | set(FILES) | set(PICKS_A_FILE) | set(SENDS) | set(INTERCHANGE)
                               | set(LOGISTICS) | set(SOLVES))


def test_files_cost_one_alert_whatever_the_size(payloads: dict[str, Any], tmp_path: Path,
                                                monkeypatch: pytest.MonkeyPatch) -> None:  # fmt: skip
    monkeypatch.setattr(live_source, "is_web", lambda book: False)  # a saved desktop workbook: the files go beside it
    for size in ("small", "grown"):
        data = copy.deepcopy(payloads[size])
        (tmp_path / size).mkdir()
        data["book"]["name"] = str(tmp_path / size / "Rosie.xlsx")
        for name in FILES:
            r = Run(data, name)
            assert r.result.ok, r.result.message
            assert [a["func"] for a in r.actions] == ["alert"], (size, name)


# --- the look: colours, chart, print setup ----------------------------------------------------------------------

# What shows on a cell without a value; the other attributes (bold, number format, …) are compared where there is one.
VISIBLE_WHEN_EMPTY = ("fill", "border", "size")


def _file_look(spec: SheetSpec) -> dict[tuple[int, int], dict[str, Any]]:
    """Each styled cell as the file path draws it (the blocks, then the formats; the last value of an attribute
    wins), in the words of ``excel_support.look``."""
    out: dict[tuple[int, int], dict[str, Any]] = {}
    layers = [((b.row, b.col, b.row + b.height - 1, b.col + b.width - 1), b.style) for b in spec.blocks if b.style]
    layers += [(rect, f.style) for f in spec.formats for rect in f.ranges]
    for (r1, c1, r2, c2), st in layers:
        attrs = {"bold": st.bold or None, "italic": st.italic or None, "size": st.size,
                 "color": f"#{st.color.upper()}" if st.color else None,
                 "fill": f"#{st.fill.upper()}" if st.fill else None, "number_format": st.number_format,
                 "align": st.align, "wrap": st.wrap or None, "border": "#BFBFBF" if st.border else None}  # fmt: skip
        for r in range(r1, r2 + 1):
            for c in range(c1, c2 + 1):
                out.setdefault((r, c), {}).update({k: v for k, v in attrs.items() if v is not None})
    return out


def assert_same_look(after: dict[str, Any], spec: SheetSpec, *, except_border: set[tuple[int, int]] = frozenset()
                     ) -> None:  # fmt: skip
    """Every cell of the tab in the live workbook looks as the file path draws it (``except_border``: cells whose
    border and font size the live path cannot set; they hold no value)."""
    want = _file_look(spec)
    grid = spec_grid(spec)
    sheet = find_sheet(after, spec.name)
    cells = set(want) | {tuple(map(int, k.split(","))) for k in sheet.get("formats", {})}
    for rule in sheet.get("conditional_formats", []):
        r1, c1, r2, c2 = rule["area"]
        cells |= {(r, c) for r in range(r1, r2 + 1) for c in range(c1, c2 + 1)}
    for r, c in sorted(cells):
        got, exp = look(after, spec.name, r, c), want.get((r, c), {})
        empty = r > len(grid) or c > len(grid[r - 1]) or grid[r - 1][c - 1] in (None, "")
        keys = set(VISIBLE_WHEN_EMPTY) if empty else set(got) | set(exp)
        if (r, c) in except_border:
            keys -= {"border", "size"}
        assert {k: got.get(k) for k in keys} == {k: exp.get(k) for k in keys}, (spec.name, r, c)


def _code_of(rule: dict[str, Any]) -> str:
    m = re.fullmatch(r'="(.*)"', rule["formula1"])
    assert m, rule
    return m[1]


@pytest.mark.parametrize("size", ["small", "grown"])
def test_dood_colours_are_one_conditional_format_per_code_over_the_grid(runs: dict[tuple[str, str], Run],
                                                                       books: dict[str, Path], size: str) -> None:
    from xlproduction.model.dood import dood
    from xlproduction.reports.dood_tab import CODE_FILLS, FIRST_DATE_COL, FIRST_ROW, OFF_FILL, dood_sheet

    r = runs[(size, "dood")]
    p = load_production(books[size])
    m, n = dood(p).grid.shape
    grid = [FIRST_ROW, FIRST_DATE_COL, FIRST_ROW + m - 1, FIRST_DATE_COL + n - 1]
    codes = _rules(r, DOOD_SHEET, "CellValue")
    # Every code of the legend, once, present in the data or not (so a code typed later takes its colour).
    assert sorted(_code_of(x) for x in codes) == sorted(CODE_FILLS)
    for rule in codes:
        assert rule["operator"] == "EqualTo" and rule["area"] == grid
        assert rule["fill_color"].upper() == f"#{CODE_FILLS[_code_of(rule)]}"
    [off] = _rules(r, DOOD_SHEET, "Custom")
    assert off["fill_color"].upper() == f"#{OFF_FILL}" and off["area"][:2] == grid[:2] and off["area"][3] == grid[3]
    assert not any(a["func"] == "setRangeColor" and FIRST_ROW <= a["start_row"] + 1 <= grid[2]
                   and FIRST_DATE_COL <= a["start_column"] + 1 <= grid[3] for a in r.actions)  # no fill per run
    # What the coordinator sees is what the file path draws, cell by cell — except the borders of the shaded
    # columns in the empty rows under the grid, which a conditional format cannot draw.
    spec = dood_sheet(p)
    in_blocks = {(i, j) for b in spec.blocks for i in range(b.row, b.row + b.height)
                 for j in range(b.col, b.col + b.width)}  # fmt: skip
    shaded = {(i, j) for f in spec.formats if f.style.fill == OFF_FILL for i1, j1, i2, j2 in f.ranges
              for i in range(i1, i2 + 1) for j in range(j1, j2 + 1)}  # fmt: skip
    assert_same_look(r.after, spec, except_border=shaded - in_blocks)


def test_dood_colour_follows_an_edited_code(runs: dict[tuple[str, str], Run]) -> None:
    from xlproduction.reports.dood_tab import CODE_FILLS, FIRST_DATE_COL, FIRST_ROW, HEADER_ROW, OFF_FILL

    after = copy.deepcopy(runs[("small", "dood")].after)
    values = find_sheet(after, DOOD_SHEET)["values"]
    r, c = next((i + 1, j + 1) for i in range(FIRST_ROW - 1, len(values)) for j, v in enumerate(values[i])
                if v == "W" and j + 1 >= FIRST_DATE_COL)  # fmt: skip
    assert look(after, DOOD_SHEET, r, c)["fill"] == f"#{CODE_FILLS['W']}"
    values[r - 1][c - 1] = "H"  # the coordinator holds the performer that day instead
    assert look(after, DOOD_SHEET, r, c)["fill"] == f"#{CODE_FILLS['H']}"
    values[r - 1][c - 1] = "sw"  # typed in lower case: Excel compares text regardless of case
    seen = look(after, DOOD_SHEET, r, c)
    assert (seen["fill"], seen["color"], seen["bold"]) == (f"#{CODE_FILLS['SW']}", "#FFFFFF", True)
    values[r - 1][c - 1] = "Work"  # not a code: no code colour (and a shoot day is not shaded)
    assert "fill" not in look(after, DOOD_SHEET, r, c) and values[HEADER_ROW - 1][c - 1] != ""
    # A date without a shoot day stays shaded whatever is typed into it.
    off_col = next(j + 1 for j, v in enumerate(values[HEADER_ROW - 1]) if j + 1 >= FIRST_DATE_COL and v == "")
    values[r - 1][off_col - 1] = "Work"
    assert look(after, DOOD_SHEET, r, off_col)["fill"] == f"#{OFF_FILL}"


def test_cost_report_chart_and_shading(runs: dict[tuple[str, str], Run], books: dict[str, Path]) -> None:
    from xlproduction.reports.cost import OVERRIDE_FILL, cost_report, cost_sheet

    r = runs[("small", "cost_report")]
    p = load_production(books["small"])
    spec = cost_sheet(cost_report(p), p)
    [want] = spec.charts
    [chart] = find_sheet(r.after, COST_REPORT_SHEET)["charts"]
    first, last = want.first_row, want.last_row
    assert chart["chart_type"] == "BarClustered" and chart["plot_by"] == "Columns"
    assert chart["source"] == f"$C${first - 1}:$C${last}"  # the variances under their header, which names them
    assert chart["x_values"] == f"$B${first}:$B${last}"  # the accounts
    rows = r.values(COST_REPORT_SHEET)
    assert rows[first - 2][2] == "Variance" and [row[1] for row in rows[first - 1:last]] == [
        shown(row[1]) for row in spec_grid(spec)[first - 1:last]]  # fmt: skip
    assert chart["anchor"] == "$L$5" and chart["title"] == want.title and chart["legend_visible"] is False
    assert chart["category_axis"] == {"reverse_order": True}  # the largest variance at the top, as in the table
    assert chart["value_axis"] == {"number_format": want.number_format}
    assert round(chart["width"] / 72 * 2.54, 1) == want.width_cm
    # The overridden EFCs are shaded, in one call, as in the file (and everything else looks as in the file too).
    [shaded] = [a for a in r.actions if a["func"] == "setRangeColors"]
    painted = sum(c.upper() == f"#{OVERRIDE_FILL}" for row in shaded["args"][0] for c in row)
    assert painted == sum(len(f.ranges) for f in spec.formats if f.style.fill == OVERRIDE_FILL) > 0
    assert_same_look(r.after, spec)


def test_cost_report_without_variances_has_no_chart(tmp_path: Path) -> None:
    data = sample_production()
    data.tables["Actuals"] = []
    for a in data.tables["Accounts"]:
        a["efc_override"] = None
    r = Run(payload(write_workbook(tmp_path / "no variances.xlsx", data)), "cost_report")
    assert r.result.ok, r.result.message
    sheet = find_sheet(r.after, COST_REPORT_SHEET)
    assert not sheet.get("charts") and not any("Chart" in a["func"] for a in r.actions)
    rows = r.values(COST_REPORT_SHEET)
    assert sheet["print_area"] == f"A1:J{len(rows)}"  # the table only: no chart beside it to print
    assert any("No variances" in str(v) for row in rows for v in row)


def test_style_plan_merges_what_looks_the_same() -> None:
    from xlproduction.excel.styling import style_plan
    from xlproduction.model.sheetspec import Style

    banner, label, money = Style(bold=True, fill="DDEBF7"), Style(border=True), Style(border=True, number_format="0.00")
    # As in the cost report: a banner (text in A), rows of a label and two figures (the account rows, then the
    # subtotal row: two blocks), a blank row, the next group.
    layers = [((1, 1, 1, 1), banner), ((2, 1, 3, 1), label), ((2, 2, 3, 3), money), ((4, 1, 4, 1), label),
              ((4, 2, 4, 3), money), ((6, 1, 6, 1), banner), ((7, 1, 8, 1), label), ((7, 2, 8, 3), money)]  # fmt: skip
    grid = [["A", None, None], ["a1", 2, 3], ["a2", 5, 6], ["Total", 8, 9], [None] * 3, ["B", None, None],
            ["b1", 2, 3], ["b2", 5, 6]]  # fmt: skip
    plan = style_plan(layers, grid)
    borders = sorted(rect for rect, st in plan if st.border)
    formats = sorted(rect for rect, st in plan if st.number_format)
    # Borders show on empty cells: the groups stay apart, but the blocks of a group are one rectangle.
    assert borders == [(2, 1, 4, 3), (7, 1, 8, 3)]
    # A number format does not show on an empty cell: one rectangle for the figures of both groups, across the
    # blank row and the banner's empty cells — never over a cell with a value and no number format.
    assert formats == [(2, 2, 8, 3)]
    assert sorted(rect for rect, st in plan if st.fill) == [(1, 1, 1, 1), (6, 1, 6, 1)]
    assert len([1 for _, st in plan if st.border]) + len(formats) == 3  # instead of six blocks' worth


def test_dood_shading_stays_static_when_a_day_number_is_missing(books: dict[str, Path]) -> None:
    """The days-off rule reads the day row; a dated shoot day without a number would be shaded by it, so such a
    DOOD keeps the file path's shading (and still gets its code rules)."""
    from dataclasses import replace

    from xlproduction.excel.live_tabs import dood_tab
    from xlproduction.reports.dood_tab import FIRST_DATE_COL, HEADER_ROW, OFF_FILL, dood_sheet

    spec = dood_sheet(load_production(books["small"]))
    normal = dood_tab(spec)
    assert [r.formula for r in normal.rules if r.formula] == [f'={column_letter(FIRST_DATE_COL)}${HEADER_ROW}=""']
    assert not any(f.style.fill == OFF_FILL for f in normal.spec.formats)
    days = next(b for b in spec.blocks if (b.row, b.col) == (HEADER_ROW, FIRST_DATE_COL))
    row = list(days.values[0])
    row[row.index(next(v for v in row if v is not None))] = None  # the first shoot day loses its number
    broken = replace(spec, blocks=tuple(replace(b, values=(tuple(row),)) if b is days else b for b in spec.blocks))
    kept = dood_tab(broken)
    assert not any(r.formula for r in kept.rules) and len(kept.rules) == len(normal.rules) - 1
    assert any(f.style.fill == OFF_FILL for f in kept.spec.formats)


def _number(letters: str) -> int:
    return sum((ord(ch) - 64) * 26**k for k, ch in enumerate(reversed(letters)))


@pytest.mark.parametrize("name, tab", [("check", ISSUES_SHEET), ("dood", DOOD_SHEET), ("crew_list", CREW_LIST_SHEET),
                                       ("cost_report", COST_REPORT_SHEET)])  # fmt: skip
def test_print_area_is_what_the_tab_shows(runs: dict[tuple[str, str], Run], name: str, tab: str) -> None:
    r = runs[("small", name)]
    sheet = find_sheet(r.after, tab)
    rows, cols = len(sheet["values"]), max(len(row) for row in sheet["values"])  # the values written
    for chart in sheet.get("charts", []):  # a chart beside the table prints with it (Excel's 48-point columns)
        col = _number(chart["anchor"].split("$")[1])
        cols = max(cols, col + int(-(-chart["width"] // 48)) - 1)
    assert sheet["print_area"] == f"A1:{column_letter(cols)}{rows}"
    if name == "cost_report":
        assert cols > 10  # the chart, right of the table's ten columns


def test_call_sheet_print_area_stops_before_the_revision(runs: dict[tuple[str, str], Run]) -> None:
    r = runs[("small", "callsheet")]
    [tab] = r.result.tabs
    sheet = find_sheet(r.after, tab)
    m = re.fullmatch(r"A1:([A-Z]+)(\d+)", sheet["print_area"])
    assert m
    values = r.values(tab)
    label = next((i, row.index(CALLSHEET_REVISION_LABEL)) for i, row in enumerate(values)
                 if CALLSHEET_REVISION_LABEL in row)  # fmt: skip
    width = _number(m[1])
    assert width < label[1] + 1  # the revision and the day's warnings never print
    last = max(i + 1 for i, row in enumerate(values) if any(v is not None for v in row[:width]))
    assert int(m[2]) == last


def test_crew_list_tab(runs: dict[tuple[str, str], Run], books: dict[str, Path]) -> None:
    from xlproduction.reports.crew_list import crew_sheet

    r = runs[("small", "crew_list")]
    assert r.result.ok and r.result.tabs == [CREW_LIST_SHEET]
    spec = crew_sheet(load_production(books["small"]))
    want = spec_grid(spec)
    got = r.values(CREW_LIST_SHEET)
    assert [[shown(v) for v in row] for row in want[3:]] == [row[: len(want[0])] for row in got[3:len(want)]]
    # Styled per attribute and rectangle (one border per department, not one per block), looking the same.
    assert_same_look(r.after, spec)
    borders = {(a["start_row"], a["row_count"]) for a in r.actions if a["func"] == "setBorderProperty"}
    assert len(borders) == 1 + sum(1 for b in spec.blocks if b.style and b.style.fill == "DDEBF7")  # header + groups


def test_files_beside_the_workbook_need_the_desktop(payloads: dict[str, Any]) -> None:
    for name in ("finance_pack", "calendar"):
        r = Run(payloads["small"], name)
        assert not r.result.ok and "xlwings Lite cannot save files" in r.result.message
        assert "command line: xlproduction" in r.result.message
        assert r.sheet_names() == [s["name"] for s in payloads["small"]["sheets"]]


def test_import_script_says_lite_cannot_read_local_files(payloads: dict[str, Any]) -> None:
    r = Run(payloads["small"], "import_script")
    assert not r.result.ok and "xlwings Lite cannot read files from your computer" in r.result.message
    assert "xlproduction script import" in r.result.message
    assert [a["func"] for a in r.actions] == ["alert"]
    assert r.sheet_names() == [s["name"] for s in payloads["small"]["sheets"]]


def test_import_script_on_the_desktop_reads_the_picked_file(payloads: dict[str, Any], tmp_path: Path,
                                                            monkeypatch: pytest.MonkeyPatch) -> None:  # fmt: skip
    """What the file picker hands over, imported into the open workbook's Scenes, Cast and Settings as a revision
    (read back from the workbook as Excel holds it after the button's actions)."""
    from xlproduction.excel.book import read_production
    from xlproduction.interchange.script import breakdown, read_script

    monkeypatch.setattr(ep, "is_web", lambda book: False)
    script = Path(__file__).parent / "fixtures" / "scripts" / "rosies.fdx"
    before = read_production(remote_book(payloads["small"]))
    r = Run(payloads["small"], "import_script", path=str(script))
    assert r.result.ok, r.result.message
    assert r.result.message.startswith("Script imported: 5 scenes")
    # Excel keeps a leading apostrophe ('3A: text, not 3:00 AM) as the cell's quote prefix, not as a character.
    stored = copy.deepcopy(r.actions)
    for a in stored:
        if a["func"] == "setValues":
            a["values"] = [[v[1:] if isinstance(v, str) and v.startswith("'") else v for v in row]
                           for row in a["values"]]
    after = read_production(remote_book(apply_actions(payloads["small"], stored)))
    draft = breakdown(read_script(script))
    scenes = after.scenes.set_index("scene")
    for s in draft.scenes:  # every scene of the draft, with the draft's set and length
        assert scenes.loc[s.scene, "set"] == s.set and int(scenes.loc[s.scene, "pages"]) == s.eighths
    assert len(after.scenes) >= len(before.scenes)  # scenes the draft lacks are marked, never deleted
    assert after.settings.get("script_revision") != before.settings.get("script_revision")
    (tmp_path / "draft.pdf").write_bytes(b"%PDF-1.7")
    pdf = Run(payloads["small"], "import_script", path=str(tmp_path / "draft.pdf"))  # what to export instead
    assert not pdf.result.ok and "is a PDF" in pdf.result.message and "Final Draft" in pdf.result.message


def test_finance_pack_and_calendar_saved_beside_the_workbook(payloads: dict[str, Any], tmp_path: Path,
                                                             monkeypatch: pytest.MonkeyPatch) -> None:
    """As on desktop Excel: a saved workbook has a folder; the files go there, the workbook is not touched."""
    from python_calamine import CalamineWorkbook

    data = copy.deepcopy(payloads["small"])
    data["book"]["name"] = str(tmp_path / "Rosie.xlsx")  # the remote engine's fullname is its name
    monkeypatch.setattr(live_source, "is_web", lambda book: False)
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
    names = [re.split(r"[<>=!~;\[ ]", ln, maxsplit=1)[0] for ln in lines]
    assert names[-1] == "xlproduction" and set(names) <= {"xlwings", "xlproduction"}, lines
    # The live renderer's conditional formats and fill matrices need xlwings 0.37.5.
    assert all(">=0.37.5" in ln for ln in lines if ln.startswith("xlwings")), lines


def test_optimize_writes_the_proposed_schedule_and_leaves_the_schedule_alone(payloads: dict[str, Any]) -> None:
    from xlproduction.jobs.optimize import PROPOSED_SHEET

    r = Run(payloads["small"], "optimize", time_limit=20)
    assert r.result.ok, r.result.message
    assert r.result.tabs == [PROPOSED_SHEET] and PROPOSED_SHEET in r.sheet_names()
    assert "Proposed Schedule written" in r.result.message and "saves" in r.result.message
    tab = r.values(PROPOSED_SHEET)
    assert tab[0][0].startswith("Proposed Schedule")
    assert tab[4][:4] == ["Day", "Date", "Order", "Scene"]
    strips = [row for row in tab[5:] if row and row[0] not in ("", None)]
    before = [row for row in sheet_values(payloads["small"], "Schedule")[1:] if row and row[0] not in ("", None)]
    assert len(strips) == len(before)  # every strip proposed once
    assert sheet_values(r.after, "Schedule") == sheet_values(payloads["small"], "Schedule")


def test_optimize_without_the_solver_says_what_to_install(payloads: dict[str, Any],
                                                          monkeypatch: pytest.MonkeyPatch) -> None:  # fmt: skip
    """xlwings Lite (Pyodide) cannot install OR-Tools: the button says what to do instead, and writes nothing."""
    monkeypatch.setitem(sys.modules, "ortools.sat.python.cp_model", None)  # what an import then raises: ImportError
    r = Run(payloads["small"], "optimize")
    assert not r.result.ok
    assert 'pip install "xlproduction[plan]"' in r.result.message and "xlproduction optimize" in r.result.message
    assert [a["func"] for a in r.actions] == ["alert"]

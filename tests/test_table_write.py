"""Writing rows into the Excel Tables of the open workbook (``excel/table_write.py``), through the real xlwings API.

As ``tests/test_excel_entry_points.py`` does, the sample workbook becomes the payload an Office.js client sends and
``xw.Book(json=…)`` a real ``xlwings.Book`` on the remote engine (test-only licence key); the actions it queues are
replayed onto the payload (``tests/excel_support.py``: values, sheets, tables resized and added, totals rows) and
the workbook is read back through the same live reader the ribbon buttons use. The rows read back must equal what
the file reader reads from the template writer's workbook of the same rows (the file engine's oracle), and the
number of xlwings calls must not depend on the number of rows.
"""

from __future__ import annotations

import copy
import datetime as dt
from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import Any

import pytest

from tests.excel_support import apply_actions, find_sheet, payload, remote_book
from tests.test_table_update import SAMPLE, SCENES_END, _plain, new_scene, oracle
from xlproduction.excel.book import read_raw_tables
from xlproduction.excel.table_write import write_tables
from xlproduction.model.contract import SETTINGS_BY_KEY, TABLES_BY_NAME
from xlproduction.model.production import ROW
from xlproduction.model.tabledata import ProductionData
from xlproduction.model.tableupdate import SettingValues, TableRows, TableUpdateError
from xlproduction.sample import sample_production
from xlproduction.workbook.reader import build_production, column_letter


@pytest.fixture(scope="module")
def data() -> ProductionData:
    return sample_production()


@pytest.fixture(scope="module")
def sample_payload() -> dict[str, Any]:
    return payload(SAMPLE)


def run(data: dict[str, Any],
        updates: Sequence[TableRows | SettingValues]) -> tuple[dict[str, Any], list[dict[str, Any]], Any]:
    """The payload after ``updates`` are written through xlwings, the actions queued, and the calls made."""
    book = remote_book(data)
    calls = write_tables(book, updates)
    actions = book.json()["actions"]
    # Excel keeps a leading apostrophe as the cell's quote prefix, not as text: so does the replayed workbook.
    stored = copy.deepcopy(actions)
    for a in stored:
        if a["func"] == "setValues":
            a["values"] = [[v[1:] if isinstance(v, str) and v.startswith("'") else v for v in r] for r in a["values"]]
    return apply_actions(data, stored), actions, calls


def live_rows(data: dict[str, Any], table: str) -> list[dict[str, Any]]:
    """The table as the ribbon buttons read it (the live reader, same builder as the file reader)."""
    p = build_production(read_raw_tables(remote_book(data)))
    spec = TABLES_BY_NAME[table]
    df = p.tables[table].df
    keys = [c.key for c in spec.input_columns] + [k for k in df.columns if k not in spec.keys and k != ROW]
    return [{k: _plain(r[k]) for k in keys} for r in df.to_dict("records")]


def table_meta(data: dict[str, Any], sheet: str, name: str) -> dict[str, Any]:
    return next(t for t in find_sheet(data, sheet)["tables"] if t["name"] == name)


def funcs(actions: Sequence[Mapping[str, Any]]) -> list[str]:
    return [a["func"] for a in actions]


@pytest.mark.parametrize("how", ["grow", "shrink", "reorder"])
def test_scenes_round_trip(how: str, sample_payload: dict[str, Any], data: ProductionData, tmp_path: Path) -> None:
    scenes = copy.deepcopy(data.tables["Scenes"])
    rows = {"grow": scenes + [new_scene(i) for i in range(12)], "shrink": scenes[:30],
            "reorder": list(reversed(scenes))}[how]  # fmt: skip
    after, actions, calls = run(sample_payload, [TableRows("Scenes", rows)])
    assert live_rows(after, "Scenes") == oracle(tmp_path, "Scenes", rows)
    assert table_meta(after, "Scenes", "Scenes")["range_address"].replace("$", "") == f"A1:{SCENES_END}{len(rows) + 1}"
    assert funcs(actions) == {"grow": ["resizeTable", "copyRange", "setValues"],
                              "shrink": ["resizeTable", "rangeClear", "setValues"], "reorder": ["setValues"]}[how]
    clear = [a for a in actions if a["func"] == "rangeClear"]
    if clear:  # the rows the table left, in its columns only
        assert (clear[0]["start_row"] + 1, clear[0]["row_count"], clear[0]["column_count"]) == (
            32, 88 - 30, len(TABLES_BY_NAME["Scenes"].columns))
    # The other tables read as before.
    before = build_production(read_raw_tables(remote_book(sample_payload)))
    now = build_production(read_raw_tables(remote_book(after)))
    for name in ("Schedule", "Cast", "Budget"):
        assert now.tables[name].df.equals(before.tables[name].df)
    assert calls.reads == 1 + (how == "grow")


def test_formula_columns_are_never_written_and_new_rows_copy_the_last_one(sample_payload: dict[str, Any],
                                                                           data: ProductionData,
                                                                           tmp_path: Path) -> None:  # fmt: skip
    lines = [*copy.deepcopy(data.tables["Budget"]), {"account": "2100", "description": "Extra lens", "rate": 800.0}]
    after, actions, _ = run(sample_payload, [TableRows("Budget", lines)])
    assert live_rows(after, "Budget") == oracle(tmp_path, "Budget", lines)
    (write,) = [a for a in actions if a["func"] == "setValues"]
    # The input columns (A..N) in one write; the formula columns after them are Excel's.
    spec = TABLES_BY_NAME["Budget"]
    inputs, last = len(spec.input_columns), column_letter(len(spec.columns))
    assert all(c.formula is None for c in spec.columns[:inputs])
    n = len(lines)  # the sample's lines and the new one
    assert (write["start_row"], write["start_column"], write["row_count"], write["column_count"]) == (1, 0, n,
                                                                                                      inputs)
    (copy_,) = [a for a in actions if a["func"] == "copyRange"]
    assert (copy_["start_row"], copy_["args"][1]) == (n - 1, f"$A${n + 1}:${last}${n + 1}")


def test_the_number_of_calls_does_not_grow_with_the_rows(sample_payload: dict[str, Any],
                                                         data: ProductionData) -> None:  # fmt: skip
    """Growing by one row or by 2,600 costs the same calls; so does shrinking to 5 rows or to 100."""
    lines = copy.deepcopy(data.tables["Budget"])
    extra = {"account": "2100", "description": "x", "rate": 1.0}
    many = [{**line, "description": f"{line['description']} {k}"} for k in range(12) for line in lines]  # 2,820 rows
    counts = {}
    for name, rows in (("grow 1", [*lines, extra]), ("grow 2,585", many), ("shrink to 5", lines[:5]),
                       ("shrink to 100", lines[:100])):  # fmt: skip
        _, actions, calls = run(sample_payload, [TableRows("Budget", rows), TableRows("Scenes", data.tables[
            "Scenes"][:10]), SettingValues({"script_revision": "Green"})])  # fmt: skip
        counts[name] = (calls.reads, calls.writes, calls.formats, len(actions))
    assert counts["grow 1"] == counts["grow 2,585"] and counts["shrink to 5"] == counts["shrink to 100"], counts
    # Budget grows: a read of the rows below it, a resize, a copy, one write; Scenes shrinks; one Settings value.
    assert counts["grow 1"] == (4, 3, 4, 7), counts


def test_unmentioned_columns_stay_where_the_row_stays(sample_payload: dict[str, Any], data: ProductionData) -> None:
    scenes = [{k: v for k, v in r.items() if k != "notes"} for r in copy.deepcopy(data.tables["Scenes"])[:9]]
    noted = [{**r, "notes": f"note {r['scene']}"} for r in scenes]
    first, _, _ = run(sample_payload, [TableRows("Scenes", noted)])
    edited = copy.deepcopy(scenes)
    edited[3]["pages"] = 40
    same, _, _ = run(first, [TableRows("Scenes", edited)])
    assert [r["notes"] for r in live_rows(same, "Scenes")] == [r["notes"] for r in noted]
    rev, _, _ = run(first, [TableRows("Scenes", list(reversed(scenes)))])
    assert [r["notes"] for r in live_rows(rev, "Scenes")] == [None] * 4 + [noted[4]["notes"]] + [None] * 4


def test_growing_into_occupied_cells_is_refused_and_nothing_is_queued(sample_payload: dict[str, Any],
                                                                      data: ProductionData) -> None:  # fmt: skip
    busy = copy.deepcopy(sample_payload)
    values = find_sheet(busy, "Scenes")["values"]
    while len(values) < 95:
        values.append([""] * len(values[0]))
    values[91][0] = "Scenes still to break down:"
    values[94][2] = 12
    book = remote_book(busy)
    grown = copy.deepcopy(data.tables["Scenes"]) + [new_scene(i) for i in range(10)]
    with pytest.raises(TableUpdateError) as err:
        write_tables(book, [SettingValues({"title": "X"}), TableRows("Scenes", grown)])
    assert "'Scenes'" in str(err.value) and "A92" in str(err.value) and "C95" in str(err.value)
    assert book.json()["actions"] == []


def test_settings_set_an_existing_key_and_add_a_missing_one(sample_payload: dict[str, Any]) -> None:
    fewer = copy.deepcopy(sample_payload)
    sheet = find_sheet(fewer, "Settings")
    row = next(i for i, r in enumerate(sheet["values"]) if r[0] == "Status Date")
    del sheet["values"][row]
    table = sheet["tables"][0]
    end = int(table["range_address"].split(":")[1].lstrip("$ABCDEFGHIJKLMNOPQRSTUVWXYZ")) - 1
    table["range_address"] = f"A1:C{end}"
    after, actions, _ = run(fewer, [SettingValues({"script_revision": "Pink", "status_date": dt.date(2027, 3, 10),
                                                   "minor_latest_wrap": dt.timedelta(hours=21)})])  # fmt: skip
    s = build_production(read_raw_tables(remote_book(after))).settings
    assert (s["script_revision"], s["status_date"], s["minor_latest_wrap"]) == (
        "Pink", dt.date(2027, 3, 10), dt.timedelta(hours=21))
    assert table_meta(after, "Settings", "Settings")["range_address"] == f"$A$1:$C${end + 1}"
    added = find_sheet(after, "Settings")["values"][end]
    assert added == ["Status Date", "2027-03-10", SETTINGS_BY_KEY["status_date"].description]
    formats = [a["args"][0] for a in actions if a["func"] == "setNumberFormat"]
    assert formats == ["ddd dd-mmm-yyyy", "h:mm AM/PM"]  # the date and the time setting


def test_a_missing_table_is_added_on_its_own_sheet(sample_payload: dict[str, Any], data: ProductionData,
                                                  tmp_path: Path) -> None:  # fmt: skip
    without = copy.deepcopy(sample_payload)
    without["sheets"] = [s for s in without["sheets"] if s["name"] != "Cast Events"]
    events = [*copy.deepcopy(data.tables["CastEvents"])[:7],
              {"cast_id": "2", "date": dt.date(2027, 4, 1), "event": "Travel", "notes": "Flight home"}]
    after, actions, _ = run(without, [TableRows("CastEvents", events)])
    names = [s["name"] for s in after["sheets"]]
    assert names[names.index("Cast") + 1] == "Cast Events"
    assert table_meta(after, "Cast Events", "CastEvents")["range_address"] == f"$A$1:$D${len(events) + 1}"
    assert live_rows(after, "CastEvents") == oracle(tmp_path, "CastEvents", events)
    assert funcs(actions)[:3] == ["addSheet", "setValues", "addTable"]


def test_a_totals_row_is_switched_off_around_the_resize(sample_payload: dict[str, Any], data: ProductionData,
                                                        tmp_path: Path) -> None:  # fmt: skip
    with_totals = copy.deepcopy(sample_payload)
    sheet = find_sheet(with_totals, "Fringes")
    table = sheet["tables"][0]
    n = len(data.tables["Fringes"])
    width = len(TABLES_BY_NAME["Fringes"].columns)
    last = column_letter(width)
    sheet["values"].append(["Total", "", "", 100.0, *[""] * (width - 4)])
    table["show_totals"] = True
    table["range_address"] = f"$A$1:${last}${n + 2}"
    rows = [*copy.deepcopy(data.tables["Fringes"]), {"code": "NEW", "description": "New fringe", "percent": 0.01}]
    after, actions, _ = run(with_totals, [TableRows("Fringes", rows)])
    assert funcs(actions) == ["showTotalsTable", "resizeTable", "copyRange", "setValues", "showTotalsTable"]
    assert [a["args"][1] for a in actions if a["func"] == "showTotalsTable"] == [False, True]
    assert table_meta(after, "Fringes", "Fringes")["range_address"] == f"$A$1:${last}${len(rows) + 2}"
    assert live_rows(after, "Fringes") == oracle(tmp_path, "Fringes", rows)


def test_a_table_typed_as_plain_cells_is_refused(sample_payload: dict[str, Any]) -> None:
    plain = copy.deepcopy(sample_payload)
    find_sheet(plain, "Fringes")["tables"] = []
    book = remote_book(plain)
    with pytest.raises(TableUpdateError, match="plain cells on sheet 'Fringes'"):
        write_tables(book, [TableRows("Fringes", [])])
    assert book.json()["actions"] == []


def test_a_missing_settings_table_is_added_with_every_setting(sample_payload: dict[str, Any]) -> None:
    without = copy.deepcopy(sample_payload)
    without["sheets"] = [s for s in without["sheets"] if s["name"] != "Settings"]
    after, _, _ = run(without, [SettingValues({"title": "New Title", "status_date": dt.date(2027, 3, 1)})])
    p = build_production(read_raw_tables(remote_book(after)))
    assert (p.settings["title"], p.settings["status_date"]) == ("New Title", dt.date(2027, 3, 1))
    assert p.settings["currency"] == SETTINGS_BY_KEY["currency"].default
    assert len(p.tables["Settings"].df) == len(SETTINGS_BY_KEY)


def test_rows_taken_from_a_production_write_back_as_they_were_read(sample_payload: dict[str, Any]) -> None:
    p = build_production(read_raw_tables(remote_book(sample_payload)))
    days = p.tables["Days"].df.to_dict("records")
    after, _, _ = run(sample_payload, [TableRows("Days", list(reversed(days)))])
    assert live_rows(after, "Days") == list(reversed(live_rows(sample_payload, "Days")))

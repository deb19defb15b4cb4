"""Writing rows into the user's own Excel Tables (``workbook/table_update.py``), on real files.

The oracle for "the workbook reads back exactly the rows written" is the template writer: the same rows written by
``write_workbook`` into a fresh workbook and read back must equal what ``load_production`` reads from the updated
one. Around that: every part but the few the update must change keeps its bytes (the sample, and workbooks with a
chart, a picture, comments and data validation as openpyxl and as LibreOffice save them), the formula columns are
formulas LibreOffice computes, openxml-audit finds nothing the input did not already have, growing into occupied
cells is refused with the cells named and nothing written, and an in-place update is atomic and keeps a backup.
"""

from __future__ import annotations

import copy
import datetime as dt
import io
import os
import shutil
import signal
import subprocess
import sys
import time
import zipfile
from collections.abc import Iterator, Mapping, Sequence
from pathlib import Path
from typing import Any

import pandas as pd
import pytest
from lxml import etree
from python_calamine import CalamineWorkbook

from tests.test_package import findings, parts
from xlproduction.model import budget
from xlproduction.model.contract import SCENES, SCHEDULE, SETTINGS_BY_KEY, TABLES_BY_NAME
from xlproduction.model.production import ROW
from xlproduction.model.tabledata import ProductionData
from xlproduction.sample import sample_production
from xlproduction.workbook import libreoffice
from xlproduction.workbook.package import list_sheets
from xlproduction.workbook.reader import column_letter, load_production
from xlproduction.workbook.safe_write import backups_of
from xlproduction.workbook.table_update import SettingValues, TableRows, TableUpdateError, update_tables
from xlproduction.workbook.writer import write_workbook

SCENES_END = column_letter(len(SCENES.columns))  # the Scenes table's last column (Notes)

ROOT = Path(__file__).resolve().parents[1]
SAMPLE = ROOT / "workbook_templates" / "sample_production.xlsx"
NS = "{http://schemas.openxmlformats.org/spreadsheetml/2006/main}"
# What an update of tables that exist may change: their sheets and table parts (named per test), the manifests
# (a recalculation asked for, a new shared-strings part registered), styles (a number format appended), and a new
# shared-strings part in a workbook that had none.
MANIFESTS = {"xl/workbook.xml", "xl/_rels/workbook.xml.rels", "[Content_Types].xml", "xl/styles.xml",
             "xl/sharedStrings.xml"}  # fmt: skip


@pytest.fixture(scope="module")
def data() -> ProductionData:
    return sample_production()


@pytest.fixture
def sample(tmp_path: Path) -> Path:
    p = tmp_path / "production.xlsx"
    shutil.copyfile(SAMPLE, p)
    return p


def _plain(v: Any) -> Any:
    """A cell as read, in plain Python: missing values None, pandas scalars as datetime/float/int."""
    if isinstance(v, tuple | list):
        return tuple(v)
    if v is None or (not isinstance(v, str) and pd.isna(v)):
        return None
    if isinstance(v, pd.Timestamp):
        return v.to_pydatetime()
    if isinstance(v, pd.Timedelta):
        return v.to_pytimedelta()
    if hasattr(v, "item"):
        return v.item()
    return v


def read_rows(path: Path, table: str) -> list[dict[str, Any]]:
    """The table's rows as ``load_production`` types them, input columns only (formula columns hold Excel's cache)."""
    p = load_production(path, tables=[table] if table != "Settings" else None)
    spec = TABLES_BY_NAME[table]
    df = p.tables[table].df
    keys = [c.key for c in spec.input_columns] + [k for k in df.columns if k not in spec.keys and k != ROW]
    return [{k: _plain(r[k]) for k in keys} for r in df.to_dict("records")]


def oracle(tmp_path: Path, table: str, rows: Sequence[Mapping[str, Any]]) -> list[dict[str, Any]]:
    """The same rows written by the template writer into a fresh workbook, read back."""
    spec = TABLES_BY_NAME[table]
    inputs = {c.key for c in spec.input_columns}
    p = write_workbook(tmp_path / f"oracle-{table}.xlsx", ProductionData(
        tables={table: [{k: v for k, v in r.items() if k in inputs} for r in rows]}))  # fmt: skip
    return read_rows(p, table)


def changed_parts(before: Path, after: Path) -> set[str]:
    a, b = parts(before), parts(after)
    return {n for n in a.keys() | b.keys() if a.get(n) != b.get(n)}


def table_part(path: Path, name: str) -> tuple[str, str]:
    """(sheet part, table part) of the Excel Table ``name``."""
    with zipfile.ZipFile(path) as z:
        for n in z.namelist():
            if n.startswith("xl/tables/") and f'name="{name}"'.encode() in z.read(n)[:400]:
                table = n
                break
        else:
            raise KeyError(name)
        for n in z.namelist():
            if n.startswith("xl/worksheets/_rels/") and table.rsplit("/", 1)[-1].encode() in z.read(n):
                return "xl/worksheets/" + n.rsplit("/", 1)[-1][: -len(".rels")], table
    raise KeyError(name)


def table_ref(path: Path, name: str) -> str:
    with zipfile.ZipFile(path) as z:
        return etree.fromstring(z.read(table_part(path, name)[1])).get("ref", "")


def sheet_xml(path: Path, name: str) -> etree._Element:
    with zipfile.ZipFile(path) as z:
        return etree.fromstring(z.read(table_part(path, name)[0]))


def validation_ranges(path: Path, table: str) -> list[str]:
    return sorted(dv.get("sqref", "") for dv in sheet_xml(path, table).iter(NS + "dataValidation"))


def new_scene(n: int) -> dict[str, Any]:
    return {"scene": f"{100 + n}", "int_ext": "EXT", "set": f"NEW SET {n}", "day_night": "DUSK", "pages": n + 1,
            "synopsis": f"  Added scene {n}, with spaces  ", "cast": ("1", "3"), "location": "L01",
            "est_time": dt.timedelta(minutes=15 * n)}  # fmt: skip


# --- Scenes: grow, shrink, reorder ------------------------------------------------------------------------------


@pytest.mark.parametrize("how", ["grow", "shrink", "reorder"])
def test_scenes_round_trip(how: str, sample: Path, data: ProductionData, tmp_path: Path) -> None:
    scenes = copy.deepcopy(data.tables["Scenes"])
    rows = {"grow": scenes + [new_scene(i) for i in range(12)], "shrink": scenes[:30],
            "reorder": list(reversed(scenes))}[how]  # fmt: skip
    out = update_tables(sample, tmp_path / "out.xlsx", [TableRows("Scenes", rows)])
    assert read_rows(out, "Scenes") == oracle(tmp_path, "Scenes", rows)
    sheet, table = table_part(SAMPLE, "Scenes")
    assert changed_parts(SAMPLE, out) <= MANIFESTS | {sheet, table}
    assert table_ref(out, "Scenes") == f"A1:{SCENES_END}{len(rows) + 1}"
    # The template's dropdowns reach row 2,000, a margin below the table: a growing table keeps the margin's size.
    end = 2000 + max(0, len(rows) - len(scenes))
    prompts = [column_letter(j) for j, c in enumerate(SCENES.columns, start=1) if c.description or c.allowed]
    assert validation_ranges(out, "Scenes") == [f"{x}2:{x}{end}" for x in prompts]
    assert prompts[:2] == ["B", "D"] and prompts[-1] == SCENES_END  # I/E, D/N … Notes
    # The rest of the production reads as before.
    before, after = load_production(SAMPLE), load_production(out)
    for name in ("Schedule", "Cast", "Budget", "Actuals"):
        pd.testing.assert_frame_equal(before.tables[name].df, after.tables[name].df)
    if how == "grow":
        assert not findings(out) - findings(SAMPLE)


def test_extra_user_columns_follow_their_rows_and_unmentioned_ones_are_kept_only_where_rows_stay(
        sample: Path, data: ProductionData, tmp_path: Path) -> None:  # fmt: skip
    scenes = [{k: v for k, v in r.items() if k != "notes"} for r in copy.deepcopy(data.tables["Scenes"])[:9]]
    noted = [{**r, "notes": f"note {r['scene']}"} for r in scenes]
    first = update_tables(sample, tmp_path / "first.xlsx", [TableRows("Scenes", noted)])
    # Same rows, one value changed, Notes not mentioned: every row is still itself (same scene): notes stay.
    edited = copy.deepcopy(scenes)
    edited[3]["pages"] = 40
    same = update_tables(first, tmp_path / "same.xlsx", [TableRows("Scenes", edited)])
    assert [r["notes"] for r in read_rows(same, "Scenes")] == [r["notes"] for r in noted]
    assert read_rows(same, "Scenes")[3]["pages"] == 40
    # Reversed: only the middle scene stays where it was; elsewhere the unmentioned notes are cleared.
    rev = update_tables(first, tmp_path / "rev.xlsx", [TableRows("Scenes", list(reversed(scenes)))])
    assert [r["notes"] for r in read_rows(rev, "Scenes")] == [None] * 4 + [noted[4]["notes"]] + [None] * 4
    # Passing the notes along makes them follow their rows.
    moved = update_tables(first, tmp_path / "moved.xlsx", [TableRows("Scenes", list(reversed(noted)))])
    assert [r["notes"] for r in read_rows(moved, "Scenes")] == [r["notes"] for r in reversed(noted)]


def test_a_keyless_table_keeps_unmentioned_cells_on_rows_whose_given_values_are_unchanged(
        sample: Path, data: ProductionData, tmp_path: Path) -> None:  # fmt: skip
    strips = [{**r, "notes": f"strip {i}"} for i, r in enumerate(copy.deepcopy(data.tables["Schedule"]))]
    first = update_tables(sample, tmp_path / "first.xlsx", [TableRows("Schedule", strips)])
    bare = [{k: v for k, v in r.items() if k != "notes"} for r in strips]
    bare[5]["scene"] = "2"  # a different strip at position 6: its note is cleared
    out = update_tables(first, tmp_path / "out.xlsx", [TableRows("Schedule", bare)])
    notes = [r["notes"] for r in read_rows(out, "Schedule")]
    assert notes[5] is None and notes[:5] + notes[6:] == [r["notes"] for r in strips[:5] + strips[6:]]


def test_extra_user_columns_are_written_by_their_header(sample: Path, data: ProductionData, tmp_path: Path) -> None:
    """A column the coordinator added to the table (here by openpyxl, as a user would in Excel) is addressed by its
    header; one the update does not mention keeps its values while the rows stay."""
    from openpyxl import load_workbook

    wb = load_workbook(sample)
    ws = wb["Cast"]
    table = ws.tables["Cast"]
    ws["T1"], ws["T2"], ws["T3"] = "Shirt Size", "M", "L"
    ws["U1"], ws["U2"], ws["U3"] = "Fitting Date", dt.date(2027, 2, 1), dt.date(2027, 2, 2)
    table.ref = table.autoFilter.ref = table.ref.replace(":S", ":U")
    from openpyxl.worksheet.table import TableColumn

    table.tableColumns.append(TableColumn(id=20, name="Shirt Size"))
    table.tableColumns.append(TableColumn(id=21, name="Fitting Date"))
    wb.save(tmp_path / "extra.xlsx")
    cast = copy.deepcopy(data.tables["Cast"])
    rows = [{**r, "Shirt Size": "XL" if i == 0 else None} for i, r in enumerate(cast)] + [
        {"cast_id": "99", "character": "NEWCOMER", "performer": "Ann Other", "shirt size": "S", "day_rate": 1234.5,
         "minor": True, "date_of_birth": dt.date(2012, 5, 6)}]  # fmt: skip
    out = update_tables(tmp_path / "extra.xlsx", tmp_path / "out.xlsx", [TableRows("Cast", rows)])
    got = read_rows(out, "Cast")
    assert [r["Shirt Size"] for r in got[:3]] == ["XL", None, None]
    assert got[-1]["Shirt Size"] == "S" and got[-1]["Fitting Date"] is None  # headers match as the reader's do
    # Fitting Date is not in the update: kept on the rows that stayed, blank on the new one.
    assert [r["Fitting Date"] for r in got[:2]] == [dt.date(2027, 2, 1), dt.date(2027, 2, 2)]
    assert got[-1]["date_of_birth"] == dt.datetime(2012, 5, 6)
    assert got[-1]["minor"] is True and got[-1]["day_rate"] == 1234.5
    assert table_ref(out, "Cast") == f"A1:U{len(rows) + 1}"
    with pytest.raises(ValueError, match="Hat Size"):
        update_tables(tmp_path / "extra.xlsx", tmp_path / "bad.xlsx", [TableRows("Cast", [{"Hat Size": "7"}])])
    assert not (tmp_path / "bad.xlsx").exists()


# --- formula columns, computed by LibreOffice ------------------------------------------------------------------


@pytest.mark.libreoffice
def test_schedule_display_columns_are_formulas_libreoffice_computes(sample: Path, data: ProductionData,
                                                                     tmp_path: Path, soffice: str) -> None:  # fmt: skip
    scenes = [*copy.deepcopy(data.tables["Scenes"]), new_scene(1)]
    strips = copy.deepcopy(data.tables["Schedule"])
    strips = [*reversed(strips[:40]), {"day": 30, "order": 1, "scene": "101", "banner": "WRAP"},
              {"day": 30, "order": 2, "scene": "999"}]
    out = update_tables(sample, tmp_path / "out.xlsx", [TableRows("Scenes", scenes), TableRows("Schedule", strips)])
    assert read_rows(out, "Schedule") == oracle(tmp_path, "Schedule", strips)
    shown = libreoffice.recalculate(out, tmp_path / "lo")
    wb = CalamineWorkbook.from_path(str(shown), load_tables=True)
    grid = wb.get_table_by_name("Schedule").to_python()
    assert len(grid) == len(strips)
    by_scene = {str(s["scene"]): s for s in scenes}
    shown_at = next(i for i, c in enumerate(SCHEDULE.columns) if c.formula)  # the display columns, in order
    for strip, row in zip(strips, grid, strict=True):
        scene = by_scene.get(strip["scene"])
        expect = ("", "", "", "", "") if scene is None else (
            scene["set"], scene["int_ext"], scene["day_night"], scene["pages"] / 8, ", ".join(scene["cast"] or ()))
        assert tuple(row[shown_at:shown_at + 5]) == expect, (strip, row)


@pytest.mark.libreoffice
def test_budget_formula_columns_match_the_python_arithmetic(sample: Path, data: ProductionData, tmp_path: Path,
                                                           soffice: str) -> None:  # fmt: skip
    lines = copy.deepcopy(data.tables["Budget"])
    for line in lines[::4]:
        line["rate"] = round((line.get("rate") or 0) * 1.1, 2)
    lines = [*lines[10:], {"account": "2100", "description": "Second camera body", "amount": 3, "units": "Weeks",
                           "x": 2, "rate": 4250.0, "fringe_codes": ("FICA", "MEDI")},
             {"account": "2100", "description": "Blank amount counts as one", "rate": 99.5}]
    out = update_tables(sample, tmp_path / "out.xlsx", [TableRows("Budget", lines)])
    assert read_rows(out, "Budget") == oracle(tmp_path, "Budget", lines)
    shown = libreoffice.recalculate(out, tmp_path / "lo")
    p = load_production(shown)
    got = p.tables["Budget"].df
    want = budget.budget_figures(p).lines
    for key in ("subtotal", "fringes", "total"):
        assert [float(v) for v in got[key]] == pytest.approx([float(v) for v in want[key]], abs=0.005), key
    assert list(got["category"]) == list(want["category"])
    assert len(got) == len(lines)
    assert not findings(out) - findings(SAMPLE)


# --- Settings -------------------------------------------------------------------------------------------------


def _without_setting(src: Path, out: Path, label: str) -> Path:
    """The workbook with one setting's row deleted from the Settings table (as a coordinator would)."""
    from openpyxl import load_workbook

    wb = load_workbook(src)
    ws = wb["Settings"]
    row = next(c.row for c in ws["A"] if c.value == label)
    ws.delete_rows(row)
    t = ws.tables["Settings"]
    last = int(t.ref.split(":")[1][1:]) - 1
    t.ref = t.autoFilter.ref = f"A1:C{last}"
    wb.save(out)
    return out


def test_settings_set_an_existing_key_and_add_a_missing_one(sample: Path, tmp_path: Path) -> None:
    src = _without_setting(sample, tmp_path / "fewer.xlsx", "Status Date")
    assert "status_date" not in load_production(src).settings.cells
    revised = dt.date(2027, 3, 4)
    out = update_tables(src, tmp_path / "out.xlsx", [SettingValues({
        "script_revision": "Pink", "script_revision_date": revised, "status_date": dt.date(2027, 3, 10)})])  # fmt: skip
    p = load_production(out)
    s = p.settings
    assert (s["script_revision"], s["script_revision_date"], s["status_date"]) == ("Pink", revised,
                                                                                   dt.date(2027, 3, 10))  # fmt: skip
    assert not [f for f in p.findings if f.table == "Settings"]
    before = load_production(src).settings
    assert {k: s[k] for k in SETTINGS_BY_KEY if k not in ("script_revision", "script_revision_date", "status_date")} \
        == {k: before[k] for k in SETTINGS_BY_KEY if k not in ("script_revision", "script_revision_date",
                                                              "status_date")}  # fmt: skip
    from openpyxl import load_workbook

    ws = load_workbook(out)["Settings"]
    last = ws.max_row
    assert ws.tables["Settings"].ref == f"A1:C{last}"
    assert [c.value for c in ws[last]] == ["Status Date", dt.datetime(2027, 3, 10),
                                           SETTINGS_BY_KEY["status_date"].description]  # fmt: skip
    revised_row = int(s.cells["script_revision_date"][1:])
    assert ws.cell(last, 2).number_format == ws.cell(revised_row, 2).number_format  # the template's date format
    assert "yy" in ws.cell(last, 2).number_format


# --- a table the workbook does not have ---------------------------------------------------------------------------


def _without_sheet(src: Path, out: Path, sheet: str) -> Path:
    from openpyxl import load_workbook

    wb = load_workbook(src)
    del wb[sheet]
    wb.save(out)
    return out


@pytest.mark.libreoffice
def test_a_missing_table_is_added_on_its_own_sheet(sample: Path, data: ProductionData, tmp_path: Path,
                                                  soffice: str) -> None:  # fmt: skip
    src = _without_sheet(sample, tmp_path / "no-events.xlsx", "Cast Events")
    events = [*copy.deepcopy(data.tables["CastEvents"])[:7],
              {"cast_id": "2", "date": dt.date(2027, 4, 1), "event": "Travel", "notes": "Flight home"}]
    scenes = copy.deepcopy(data.tables["Scenes"])[:5]
    out = update_tables(src, tmp_path / "out.xlsx", [TableRows("CastEvents", events), TableRows("Scenes", scenes),
                                                      SettingValues({"script_revision": "Blue"})])  # fmt: skip
    names = [s.name for s in list_sheets(out)]
    assert names[names.index("Cast") + 1] == "Cast Events"
    assert read_rows(out, "CastEvents") == oracle(tmp_path, "CastEvents", events)
    assert read_rows(out, "Scenes") == oracle(tmp_path, "Scenes", scenes)
    assert load_production(out).settings["script_revision"] == "Blue"
    with zipfile.ZipFile(out) as z:
        ids = [etree.fromstring(z.read(n)).get("id") for n in z.namelist() if n.startswith("xl/tables/")]
    assert len(ids) == len(set(ids)) == len(TABLES_BY_NAME), ids
    assert not findings(out) - findings(src)
    shown = libreoffice.recalculate(out, tmp_path / "lo")
    wb = CalamineWorkbook.from_path(str(shown), load_tables=True)
    assert len(wb.get_table_by_name("CastEvents").to_python()) == len(events)
    # Unchanged parts of the input stay what they were.
    kept = parts(src)
    after = parts(out)
    sheet, table = table_part(src, "Scenes")
    settings_sheet, settings_table = table_part(src, "Settings")
    for name, value in kept.items():
        if name not in MANIFESTS | {sheet, table, settings_sheet, settings_table, "docProps/app.xml"}:
            assert after[name] == value, name


def test_a_missing_settings_table_is_added_with_every_setting(sample: Path, tmp_path: Path) -> None:
    src = _without_sheet(sample, tmp_path / "no-settings.xlsx", "Settings")
    out = update_tables(src, tmp_path / "out.xlsx", [SettingValues({"title": "New Title", "script_revision": "Buff"})])
    s = load_production(out).settings
    assert (s["title"], s["script_revision"]) == ("New Title", "Buff")
    assert len(read_rows(out, "Settings")) == len(SETTINGS_BY_KEY)


# --- what else is in the workbook stays ----------------------------------------------------------------------------


def feature_sample(path: Path) -> Path:
    """The sample with what openpyxl must not be trusted to keep and an update must not touch: a chart, a picture
    and comments on the Scenes sheet itself, a data validation and a conditional format beside the table, notes
    right of it, a defined name."""
    from openpyxl import load_workbook
    from openpyxl.chart import BarChart, Reference
    from openpyxl.comments import Comment
    from openpyxl.drawing.image import Image
    from openpyxl.formatting.rule import CellIsRule
    from openpyxl.styles import Font, PatternFill
    from openpyxl.workbook.defined_name import DefinedName
    from openpyxl.worksheet.datavalidation import DataValidation
    from PIL import Image as PILImage

    wb = load_workbook(SAMPLE)
    ws = wb["Scenes"]
    ws["A3"].comment = Comment("Check the pages", "Coordinator")
    ws["N2"], ws["N3"] = "Desk notes", "Call the studio"
    ws["N2"].font = Font(bold=True, color="8B0000")
    dv = DataValidation(type="list", formula1='"Yes,No"', allow_blank=True)
    ws.add_data_validation(dv)
    dv.add("O2:O40")
    ws.conditional_formatting.add("E2:E89", CellIsRule(operator="greaterThan", formula=["2"],
                                                       fill=PatternFill("solid", bgColor="FFC7CE")))  # fmt: skip
    chart = BarChart()
    chart.add_data(Reference(ws, min_col=5, min_row=1, max_row=20), titles_from_data=True)
    ws.add_chart(chart, "Q2")
    png = io.BytesIO()
    PILImage.new("RGB", (64, 32), (30, 90, 200)).save(png, format="PNG")
    ws.add_image(Image(io.BytesIO(png.getvalue())), "Q20")
    wb["Budget"]["P2"].comment = Comment("Budget note", "Accountant")
    wb.defined_names["FirstScenes"] = DefinedName("FirstScenes", attr_text="Scenes!$A$2:$A$20")
    wb.save(path)
    return path


@pytest.fixture
def feature(tmp_path: Path) -> Path:
    return feature_sample(tmp_path / "feature.xlsx")


@pytest.fixture
def feature_by_libreoffice(feature: Path, tmp_path: Path, soffice: str) -> Path:
    """The same workbook as LibreOffice saves it: shared strings, its own styles, part names and table XML."""
    out = libreoffice.recalculate(feature, tmp_path / "lo-saved")
    assert "xl/sharedStrings.xml" in parts(out)
    return out


@pytest.mark.libreoffice
@pytest.mark.parametrize("book", ["feature", "feature_by_libreoffice"])
def test_every_other_part_stays_byte_for_byte(book: str, request: pytest.FixtureRequest, data: ProductionData,
                                             tmp_path: Path) -> None:  # fmt: skip
    src: Path = request.getfixturevalue(book)
    scenes = copy.deepcopy(data.tables["Scenes"])
    rows = scenes[:50] + [new_scene(i) for i in range(3)]
    lines = [*copy.deepcopy(data.tables["Budget"]), {"account": "2100", "description": "Extra lens", "rate": 800.0}]
    out = update_tables(src, tmp_path / "out.xlsx", [TableRows("Scenes", rows), TableRows("Budget", lines)])
    sheets = {p for t in ("Scenes", "Budget") for p in table_part(src, t)}
    assert changed_parts(src, out) <= MANIFESTS | sheets
    before = parts(src)
    if "xl/sharedStrings.xml" in before:  # the user's strings are left alone; the new text goes inline
        assert parts(out)["xl/sharedStrings.xml"] == before["xl/sharedStrings.xml"]
    kinds = {n for n in before if any(k in n for k in ("drawing", "chart", "media", "comments", "vml"))}
    assert len(kinds) >= 5 and all(parts(out)[n] == before[n] for n in kinds)
    assert read_rows(out, "Scenes") == oracle(tmp_path, "Scenes", rows)
    assert read_rows(out, "Budget") == oracle(tmp_path, "Budget", lines)
    # Cells beside the table are kept, and so are the validation and the highlight beside it.
    root = sheet_xml(out, "Scenes")
    texts = {c.get("r"): "".join(c.itertext()) for c in root.iter(NS + "c") if c.get("r") in ("N2", "N3")}
    if book == "feature":
        assert texts == {"N2": "Desk notes", "N3": "Call the studio"}
    assert "O2:O40" in validation_ranges(out, "Scenes")
    assert [cf.get("sqref") for cf in root.iter(NS + "conditionalFormatting")] == ["E2:E54"]  # shrank with it
    assert not findings(out) - findings(src)
    shown = libreoffice.recalculate(out, tmp_path / "shown")
    wb = CalamineWorkbook.from_path(str(shown), load_tables=True)
    assert len(wb.get_table_by_name("Scenes").to_python()) == len(rows)
    at = TABLES_BY_NAME["Budget"].keys.index("total")
    totals = [r[at] for r in wb.get_table_by_name("Budget").to_python()]
    assert totals[-1] == pytest.approx(800.0) and all(isinstance(t, float) for t in totals)


# --- refusals and safety ----------------------------------------------------------------------------------------


def _with_cells_below(src: Path, out: Path) -> Path:
    from openpyxl import load_workbook

    wb = load_workbook(src)
    ws = wb["Scenes"]
    ws["A92"] = "Scenes still to break down:"
    ws["C95"] = "=COUNTA(Scenes[Scene])"
    wb.save(out)
    return out


def test_growing_into_occupied_cells_is_refused_naming_them(sample: Path, data: ProductionData,
                                                           tmp_path: Path) -> None:  # fmt: skip
    src = _with_cells_below(sample, tmp_path / "busy.xlsx")
    original = src.read_bytes()
    scenes = copy.deepcopy(data.tables["Scenes"])
    grown = scenes + [new_scene(i) for i in range(10)]
    with pytest.raises(TableUpdateError) as err:
        update_tables(src, tmp_path / "out.xlsx", [TableRows("Scenes", grown), SettingValues({"title": "X"})])
    msg = str(err.value)
    assert "'Scenes'" in msg and "A92" in msg and "C95" in msg and "Nothing was written" in msg
    assert not (tmp_path / "out.xlsx").exists()
    with pytest.raises(TableUpdateError):
        update_tables(src, src, [TableRows("Scenes", grown)])
    assert src.read_bytes() == original and not backups_of(src)
    assert sorted(p.name for p in tmp_path.iterdir()) == ["busy.xlsx", "production.xlsx"]
    # Up to the first occupied row it grows.
    fits = update_tables(src, tmp_path / "fits.xlsx", [TableRows("Scenes", [*scenes, new_scene(0), new_scene(1)])])
    assert table_ref(fits, "Scenes") == f"A1:{SCENES_END}91"


def test_a_table_typed_as_plain_cells_is_refused(sample: Path, tmp_path: Path) -> None:
    from openpyxl import load_workbook

    wb = load_workbook(sample)
    del wb["Fringes"].tables["Fringes"]
    wb.save(tmp_path / "plain.xlsx")
    with pytest.raises(TableUpdateError, match="plain cells on sheet 'Fringes'"):
        update_tables(tmp_path / "plain.xlsx", tmp_path / "out.xlsx", [TableRows("Fringes", [])])


def test_an_emptied_table_keeps_one_blank_row_with_its_formulas(sample: Path, tmp_path: Path) -> None:
    out = update_tables(sample, tmp_path / "out.xlsx", [TableRows("Budget", []), TableRows("Scenes", [])])
    spec = TABLES_BY_NAME["Budget"]
    last = column_letter(len(spec.columns))
    assert table_ref(out, "Budget") == f"A1:{last}2" and table_ref(out, "Scenes") == f"A1:{SCENES_END}2"
    assert read_rows(out, "Budget") == [] and read_rows(out, "Scenes") == []
    cells = {c.get("r"): c for c in sheet_xml(out, "Budget").iter(NS + "c")}
    formula_letters = [column_letter(j + 1) for j, c in enumerate(spec.columns) if c.formula]
    assert [cells[f"{c}2"].find(NS + "f") is not None for c in formula_letters] == [True] * len(formula_letters)
    assert "A3" not in cells and f"{last}239" not in cells


def test_in_place_keeps_a_backup_and_replaces_the_file_atomically(sample: Path, data: ProductionData) -> None:
    original = sample.read_bytes()
    inode = sample.stat().st_ino
    rows = copy.deepcopy(data.tables["Scenes"])[:10]
    update_tables(sample, sample, [TableRows("Scenes", rows)], backups=2)
    (backup,) = backups_of(sample)
    assert backup.read_bytes() == original and backup.stat().st_ino == inode  # the old file itself, linked
    assert sample.stat().st_ino != inode  # a new file renamed over it
    assert len(read_rows(sample, "Scenes")) == 10
    for _ in range(3):
        update_tables(sample, sample, [TableRows("Scenes", rows)], backups=2)
    assert len(backups_of(sample)) == 2
    assert not [p for p in sample.parent.iterdir() if ".tmp." in p.name or p.name.startswith(".xlproduction")]


_WRITER = """
import sys
from pathlib import Path
from xlproduction.sample import sample_production
from xlproduction.workbook.table_update import TableRows, update_tables
rows = sample_production().tables["Scenes"][:20]
update_tables(Path(sys.argv[1]), Path(sys.argv[1]), [TableRows("Scenes", rows)])
"""


@pytest.fixture(scope="module")
def heavy(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The sample plus a 16 MB photograph (random bytes, incompressible): writing it takes a while."""
    p = tmp_path_factory.mktemp("heavy") / "heavy.xlsx"
    with zipfile.ZipFile(SAMPLE) as src, zipfile.ZipFile(p, "w", zipfile.ZIP_DEFLATED) as dst:
        for info in src.infolist():
            data = src.read(info)
            if info.filename == "[Content_Types].xml":
                data = data.replace(b"<Default ", b'<Default Extension="png" ContentType="image/png"/><Default ', 1)
            dst.writestr(info, data)
        dst.writestr(zipfile.ZipInfo("xl/media/set-photo.png"), b"\x89PNG\r\n\x1a\n" + os.urandom(16 << 20),
                     compress_type=zipfile.ZIP_STORED)  # fmt: skip
    return p


def _temps(folder: Path) -> Iterator[Path]:
    return (p for p in folder.iterdir() if p.name.startswith(".") and ".tmp." in p.name)


def test_killing_the_update_mid_write_leaves_the_workbook_intact(heavy: Path, tmp_path: Path) -> None:
    path = tmp_path / "heavy.xlsx"
    path.write_bytes(heavy.read_bytes())
    original = path.read_bytes()
    proc = subprocess.Popen([sys.executable, "-c", _WRITER, str(path)], env={**os.environ, "PYTHONPATH": str(ROOT)},
                            stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)  # fmt: skip
    caught = False
    deadline = time.monotonic() + 60
    try:
        while proc.poll() is None and time.monotonic() < deadline:
            try:
                if any(t.stat().st_size >= len(original) // 2 for t in _temps(tmp_path)):
                    caught = True
                    break
            except FileNotFoundError:  # renamed between listing and stat: the write just finished
                break
            time.sleep(0.0005)
    finally:
        if proc.poll() is None:
            os.kill(proc.pid, signal.SIGKILL)
        proc.wait(timeout=30)
    assert caught, "the writer was not caught mid-write"
    assert path.read_bytes() == original and not backups_of(path)
    assert len(read_rows(path, "Scenes")) == 88
    # The next update works, and removes the dead writer's temporary file once it is old enough.
    for t in _temps(tmp_path):
        os.utime(t, (time.time() - 3600, time.time() - 3600))
    update_tables(path, path, [TableRows("Scenes", sample_production().tables["Scenes"][:20])])
    assert len(read_rows(path, "Scenes")) == 20 and not list(_temps(tmp_path))


# --- what Excel writes and openpyxl does not: totals rows, shared formulas, the calculation chain ---------------------


FRINGES_LAST = column_letter(len(TABLES_BY_NAME["Fringes"].columns))


def _with_totals_row(src: Path, out: Path) -> Path:
    """Fringes with a totals row (a label and a SUBTOTAL), as Excel's Table Design → Total Row makes it."""
    from openpyxl import load_workbook

    wb = load_workbook(src)
    ws = wb["Fringes"]
    t = ws.tables["Fringes"]
    n = ws.max_row + 1
    ws.cell(n, 1, "Total")
    ws.cell(n, 4, "=SUBTOTAL(109,Fringes[Flat])")
    t.ref, t.totalsRowCount = f"A1:{FRINGES_LAST}{n}", 1
    t.tableColumns[0].totalsRowLabel, t.tableColumns[3].totalsRowFunction = "Total", "sum"
    wb.save(out)
    return out


@pytest.mark.parametrize("extra", [5, -6])
def test_a_totals_row_moves_with_the_end_of_the_table(extra: int, sample: Path, data: ProductionData,
                                                      tmp_path: Path) -> None:  # fmt: skip
    src = _with_totals_row(sample, tmp_path / "totals.xlsx")
    fringes = copy.deepcopy(data.tables["Fringes"])
    rows = fringes + [{"code": f"X{i}", "description": f"Extra {i}", "flat": 10.0 * i} for i in range(extra)] \
        if extra > 0 else fringes[:extra]  # fmt: skip
    out = update_tables(src, tmp_path / "out.xlsx", [TableRows("Fringes", rows)])
    assert read_rows(out, "Fringes") == oracle(tmp_path, "Fringes", rows)
    end = len(rows) + 2
    assert table_ref(out, "Fringes") == f"A1:{FRINGES_LAST}{end}"
    root = sheet_xml(out, "Fringes")
    with zipfile.ZipFile(out) as z:
        auto = etree.fromstring(z.read(table_part(out, "Fringes")[1])).find(NS + "autoFilter")
    assert auto is not None and auto.get("ref") == f"A1:{FRINGES_LAST}{end - 1}"
    cells = {c.get("r"): c for c in root.iter(NS + "c")}
    assert "".join(cells[f"A{end}"].itertext()) == "Total"
    assert cells[f"D{end}"].findtext(NS + "f") == "SUBTOTAL(109,Fringes[Flat])"
    assert max(int(r.get("r")) for r in root.iter(NS + "row")) == end  # nothing left below the table


def _patched(src: Path, out: Path, edit: Mapping[str, Any], add: Mapping[str, bytes] | None = None) -> Path:
    """A copy of the package with parts edited (name -> function of the bytes) and parts added."""
    with zipfile.ZipFile(src) as zin, zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as zout:
        for info in zin.infolist():
            data = zin.read(info.filename)
            zout.writestr(info, edit[info.filename](data) if info.filename in edit else data)
        for name, data in (add or {}).items():
            zout.writestr(name, data)
    return out


def test_shared_formulas_are_unshared_before_their_cells_move(sample: Path, data: ProductionData,
                                                              tmp_path: Path) -> None:  # fmt: skip
    """Excel saves a column of alike formulas as one shared formula (the first cell holds the text, the others point
    at it): rewriting the first cell must not leave the others pointing at nothing."""
    import re

    sheet, _ = table_part(sample, "Budget")
    spec = TABLES_BY_NAME["Budget"]
    tot, note = (column_letter(spec.keys.index(k) + 1).encode() for k in ("total", "notes"))

    def share(xml: bytes) -> bytes:
        # The Total column (a calculated column) and the Notes column (a user's own =B2 formulas) as Excel shares them.
        xml = re.sub(rb'<c r="' + tot + rb'2" s="(\d+)"><f>([^<]*)</f><v></v></c>',
                     rb'<c r="' + tot + rb'2" s="\1"><f t="shared" ref="' + tot + rb'2:' + tot
                     + rb'239" si="0">\2</f></c>', xml)  # fmt: skip
        xml = re.sub(rb'<c r="' + tot + rb'(\d+)" s="(\d+)"><f>[^<]*</f><v></v></c>', lambda m: m[0] if m[1] == b"2"
                     else (b'<c r="' + tot + m[1] + b'" s="' + m[2] + b'"><f t="shared" si="0"/></c>'), xml)
        xml = re.sub(rb'<c r="' + note + rb'(\d+)" s="(\d+)"[^>]*?(?:/>|>.*?</c>)', lambda m: m[0] if m[1] == b"1"
                     else (b'<c r="' + note + m[1] + b'" s="' + m[2]
                           + (b'"><f t="shared" ref="' + note + b'2:' + note + b'239" si="1">B2</f></c>'
                              if m[1] == b"2" else b'"><f t="shared" si="1"/></c>')), xml)  # fmt: skip
        assert xml.count(b't="shared"') == 2 * 238
        return xml

    src = _patched(sample, tmp_path / "shared.xlsx", {sheet: share})
    lines = [{k: v for k, v in r.items() if k != "notes"} for r in copy.deepcopy(data.tables["Budget"])]
    lines[0]["rate"] = 1.0  # the first row (the masters' row) is no longer the same line: its note is recomputed
    lines = lines[:200]
    out = update_tables(src, tmp_path / "out.xlsx", [TableRows("Budget", lines)])
    root = sheet_xml(out, "Budget")
    assert not [f for f in root.iter(NS + "f") if f.get("t") == "shared"]
    formulas = {c.get("r"): c.findtext(NS + "f") for c in root.iter(NS + "c") if c.find(NS + "f") is not None}
    t, n = tot.decode(), note.decode()
    assert formulas[f"{t}2"] == formulas[f"{t}201"] == spec.column("total").formula[1:].replace("{T}", "Budget")
    # The Notes formulas: a calculated column in all but name (its first row holds one), refilled where the row
    # changed, kept (moved to one formula per cell) where it stayed.
    assert [formulas.get(f"{n}{r}") for r in (2, 3, 150, 201)] == ["B2", "B3", "B150", "B201"]
    assert f"{n}202" not in formulas and f"{t}202" not in formulas


def test_the_calculation_chain_goes_only_when_it_lists_a_changed_sheet(sample: Path, data: ProductionData,
                                                                       tmp_path: Path) -> None:  # fmt: skip
    budget_sheet = int(table_part(sample, "Budget")[0].rsplit("sheet", 1)[1][:-4])  # its sheet id (openpyxl: in order)
    chain = (b'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<calcChain xmlns="http://schemas.'
             b'openxmlformats.org/spreadsheetml/2006/main"><c r="M2" i="' + str(budget_sheet).encode() +
             b'"/><c r="M3"/></calcChain>')  # fmt: skip
    src = _patched(sample, tmp_path / "chain.xlsx", {
        "xl/_rels/workbook.xml.rels": lambda d: d.replace(b"</Relationships>", b'<Relationship Id="rId99" Type="http:'
                                                          b'//schemas.openxmlformats.org/officeDocument/2006/'
                                                          b'relationships/calcChain" Target="calcChain.xml"/>'
                                                          b"</Relationships>"),
        "[Content_Types].xml": lambda d: d.replace(b"</Types>", b'<Override PartName="/xl/calcChain.xml" ContentType='
                                                   b'"application/vnd.openxmlformats-officedocument.spreadsheetml.'
                                                   b'calcChain+xml"/></Types>')},
        add={"xl/calcChain.xml": chain})  # fmt: skip
    kept = update_tables(src, tmp_path / "kept.xlsx", [TableRows("Scenes", data.tables["Scenes"][:3])])
    assert parts(kept)["xl/calcChain.xml"] == chain
    out = parts(update_tables(src, tmp_path / "out.xlsx", [TableRows("Budget", data.tables["Budget"][:3])]))
    assert "xl/calcChain.xml" not in out and b"calcChain" not in out["xl/_rels/workbook.xml.rels"]
    assert b"calcChain" not in out["[Content_Types].xml"]


def test_rows_taken_from_a_production_write_back_as_they_were_read(sample: Path, tmp_path: Path) -> None:
    """What a job that edits a read production passes (the optimizer's --in-place): DataFrame records with pandas'
    missing values, Timestamps, Timedeltas, numpy numbers, formula columns' cached text and ``_row``."""
    p = load_production(SAMPLE)
    days = p.tables["Days"].df.to_dict("records")
    strips = p.tables["Schedule"].df.to_dict("records")
    out = update_tables(sample, tmp_path / "out.xlsx", [TableRows("Days", list(reversed(days))),
                                                        TableRows("Schedule", strips[::2])])  # fmt: skip
    assert read_rows(out, "Days") == list(reversed(read_rows(SAMPLE, "Days")))
    assert read_rows(out, "Schedule") == read_rows(SAMPLE, "Schedule")[::2]


def test_numbers_landing_in_general_cells_get_the_template_formats(sample: Path, data: ProductionData,
                                                                   tmp_path: Path) -> None:  # fmt: skip
    """A user's table whose date and money columns show General: the written dates and amounts get the template's
    formats (the money one in the workbook's currency, from its Settings), never a bare serial number."""
    from openpyxl import load_workbook

    from xlproduction.model.numformats import DATE_FORMAT, money_format

    rate = column_letter(TABLES_BY_NAME["Budget"].keys.index("rate") + 1)
    wb = load_workbook(sample)
    for sheet, col in (("Days", "B"), ("Budget", rate)):
        for cell in wb[sheet][col][1:]:
            cell.number_format = "General"
    wb["Settings"].cell(next(c.row for c in wb["Settings"]["A"] if c.value == "Currency"), 2, "GBP")
    wb.save(tmp_path / "general.xlsx")
    out = update_tables(tmp_path / "general.xlsx", tmp_path / "out.xlsx", [
        TableRows("Days", data.tables["Days"][:4]), TableRows("Budget", data.tables["Budget"][:4])])  # fmt: skip
    wb = load_workbook(out)
    assert {wb["Days"][f"B{r}"].number_format for r in range(2, 6)} == {DATE_FORMAT}
    assert {wb["Budget"][f"{rate}{r}"].number_format for r in range(2, 6)} == {money_format("GBP")}
    assert read_rows(out, "Days") == oracle(tmp_path, "Days", data.tables["Days"][:4])
    assert not findings(out) - findings(tmp_path / "general.xlsx")


def test_a_setting_added_below_a_money_row_takes_its_own_format(sample: Path, tmp_path: Path) -> None:
    """Each Settings row holds its own type: a date added below a row shown as money is shown as a date, not as
    the money format of the row whose look it copies (the bare serial 46,456 instead of 10-Mar-2027)."""
    from openpyxl import load_workbook

    src = _without_setting(sample, tmp_path / "fewer.xlsx", "Status Date")
    wb = load_workbook(src)
    ws = wb["Settings"]
    last = ws.tables["Settings"].ref.split(":")[1]
    money = '"$"#,##0.00'
    ws[f"B{int(''.join(ch for ch in last if ch.isdigit()))}"].number_format = money  # the row above is money
    wb.save(src)
    out = update_tables(src, tmp_path / "out.xlsx", [SettingValues({"status_date": dt.date(2027, 3, 10)})])
    ws = load_workbook(out)["Settings"]
    row = ws.max_row
    assert ws.cell(row, 1).value == "Status Date"
    assert ws.cell(row, 2).number_format != money and "yy" in ws.cell(row, 2).number_format
    assert ws.cell(row - 1, 2).number_format == money  # the user's row keeps its look
    assert load_production(out).settings["status_date"] == dt.date(2027, 3, 10)

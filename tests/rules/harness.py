"""Data-driven rule fixtures (sqlfluff style): one TOML file per rule, with pass and fail cases.

Each case patches the base production (tests/rules/base.py), writes it as a real .xlsx with the template
writer, reads it back with the real reader and runs the real rules. A fail case lists the exact cells where the
rule must report (sheet and A1 cell); a pass case asserts the rule reports nothing.

Patch operations in a case (all optional, applied in this order):
  settings = { planned_shoot_days = 4 }                     # setting key -> value (as a user would type it)
  drop_tables = ["Locations"]
  drop_columns = [{ table = "Days", column = "date" }]
  delete = [{ table = "Schedule", where = { scene = "3" } }]
  set    = [{ table = "Days", where = { day = 2 }, values = { crew_call = "9:00 PM" } }]
  add    = [{ table = "Scenes", row = { scene = "7", ... } }]
  cached = [{ table = "Budget", where = { description = "Editor" }, values = { total = 31000 } }]  # see below
Values may be typed as a coordinator would type them ("7:30 AM", "1 3/8", "1, 2"): the reader parses them.
"""

from __future__ import annotations

import copy
import datetime as dt
import tomllib
from collections.abc import Collection
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from xlproduction.model.contract import SETTINGS_BY_KEY, TABLES_BY_NAME
from xlproduction.model.production import Production
from xlproduction.model.tabledata import ProductionData

from .base import TODAY, base_data

FIXTURES = Path(__file__).parent / "fixtures"


@dataclass
class Case:
    code: str
    kind: str  # "pass" | "fail"
    name: str
    patch: dict[str, Any]
    expect: list[tuple[str | None, str | None]] = field(default_factory=list)  # (sheet, cell); absent = None

    @property
    def id(self) -> str:
        return f"{self.code}-{self.kind}-{self.name}"


def load_cases() -> list[Case]:
    cases: list[Case] = []
    for path in sorted(FIXTURES.glob("*.toml")):
        doc = tomllib.loads(path.read_text(encoding="utf-8"))
        code = doc["code"]
        for kind in ("pass", "fail"):
            for c in doc.get(kind, []):
                expect = [(e.get("sheet"), e.get("cell")) for e in c.get("expect", [])]
                cases.append(Case(code, kind, c["name"], c, expect))
    return cases


def _matches(row: dict[str, Any], where: dict[str, Any]) -> bool:
    return all(str(row.get(k)) == str(v) for k, v in where.items())


def apply_patch(data: ProductionData, patch: dict[str, Any]) -> ProductionData:
    settings = copy.deepcopy(data.settings)
    tables = copy.deepcopy(data.tables)
    for key, value in patch.get("settings", {}).items():
        assert key in SETTINGS_BY_KEY, f"unknown setting {key}"
        settings[key] = value
    for name in patch.get("drop_tables", []):
        tables[name] = None  # type: ignore[assignment]
    for d in patch.get("drop_columns", []):
        assert d["table"] in TABLES_BY_NAME
        for row in tables[d["table"]]:
            row.pop(d["column"], None)
        tables.setdefault("__dropped__", []).append(d)  # type: ignore[arg-type]
    for d in patch.get("delete", []):
        before = len(tables[d["table"]])
        tables[d["table"]] = [r for r in tables[d["table"]] if not _matches(r, d["where"])]
        assert len(tables[d["table"]]) < before, f"delete matched nothing: {d}"
    for s in patch.get("set", []):
        hit = False
        for r in tables[s["table"]]:
            if _matches(r, s["where"]):
                r.update(s["values"])
                hit = True
        assert hit, f"set matched nothing: {s}"
    for a in patch.get("add", []):
        tables.setdefault(a["table"], []).append(dict(a["row"]))
    _apply_cached(tables, patch.get("cached", []))
    return ProductionData(settings=settings, tables=tables)


def production_of(data: ProductionData, tmp_path: Path, today: dt.date = TODAY,
                  file_ops: dict[str, Any] | None = None) -> Production:
    """Write ``data`` as a real workbook and read it back."""
    from xlproduction.workbook.reader import load_production

    data, cached = _split_cached(data)
    try:
        from xlproduction.workbook.writer import write_workbook
    except ImportError:  # the writer lands separately; until then build the grids in memory
        assert not cached, "the 'cached' patch op needs the template writer"
        return _in_memory(data, today)

    dropped_tables = [n for n, rows in data.tables.items() if rows is None]
    dropped_cols = data.tables.get("__dropped__") or []
    tables = {n: rows for n, rows in data.tables.items() if rows is not None and n != "__dropped__"}
    path = write_workbook(tmp_path / "case.xlsx", ProductionData(settings=data.settings, tables=tables))
    if cached:
        _write_cached(path, cached)
    if dropped_tables or dropped_cols or file_ops:
        _remove(path, dropped_tables, dropped_cols, file_ops or {})
    return load_production(path, today=today)


# --- cached formula values (the ``cached`` patch op) ---------------------------------------------------------------
#
#   cached = [{ table = "Budget", where = { description = "Editor" }, values = { total = 31000 } }]
#
# openpyxl writes formulas without cached values, as a workbook never opened in Excel. A workbook saved by Excel
# carries what each formula computed; ``cached`` puts such figures into formula cells (by contract key) after
# the workbook is written, so rules that compare cached figures (BU007, BU008) can be tested. The value replaces
# the formula in the file, which reads back exactly as a cached value does (and as a number typed over the
# formula, which is what those rules look for). Applied after every other patch op; rows are matched like ``set``.

_CACHED = "__cached__"


def _apply_cached(tables: dict[str, Any], ops: list[dict[str, Any]]) -> None:
    """Record each ``cached`` op as (table, Excel row, values); tables start at A1, so row i is Excel row i + 2."""
    for c in ops:
        spec = TABLES_BY_NAME[c["table"]]
        for k in c["values"]:
            assert spec.column(k).formula is not None, f"cached: {spec.name}.{k} is not a formula column"
        hits = [i for i, r in enumerate(tables[c["table"]]) if _matches(r, c["where"])]
        assert hits, f"cached matched nothing: {c}"
        tables.setdefault(_CACHED, []).extend({"table": c["table"], "row": i + 2, "values": c["values"]}
                                              for i in hits)  # fmt: skip


def _split_cached(data: ProductionData) -> tuple[ProductionData, list[dict[str, Any]]]:
    if _CACHED not in data.tables:
        return data, []
    tables = {n: rows for n, rows in data.tables.items() if n != _CACHED}
    return ProductionData(settings=data.settings, tables=tables), list(data.tables[_CACHED])


def _write_cached(path: Path, cached: list[dict[str, Any]]) -> None:
    from openpyxl import load_workbook

    wb = load_workbook(path)
    for c in cached:
        spec = TABLES_BY_NAME[c["table"]]
        ws = next(w for w in wb.worksheets if spec.name in w.tables)
        headers = {cell.value: cell.column for cell in ws[1]}
        for k, v in c["values"].items():
            ws.cell(c["row"], headers[spec.header(k)], v)
    wb.save(path)


def _remove(path: Path, tables: list[str], columns: list[dict[str, str]], ops: dict[str, Any]) -> None:
    """Edit a written workbook as a user would: delete tables (their sheets) or columns, turn a table into plain
    cells (``plain_ranges``), append a column (``append_columns``), add a Settings row (``extra_settings``)."""
    from openpyxl import load_workbook
    from openpyxl.utils import get_column_letter, range_boundaries

    wb = load_workbook(path)
    for name in ops.get("plain_ranges", []):
        for ws in wb.worksheets:
            if name in ws.tables:
                del ws.tables[name]
    for a in ops.get("append_columns", []):
        spec = TABLES_BY_NAME[a["table"]]
        for ws in wb.worksheets:
            if spec.name in ws.tables:
                t = ws.tables[spec.name]
                c0, r0, c1, r1 = range_boundaries(t.ref)
                ws.cell(r0, c1 + 1, a["header"])
                for r in range(r0 + 1, r1 + 1):
                    ws.cell(r, c1 + 1, a.get("value"))
                from openpyxl.worksheet.table import TableColumn

                t.tableColumns.append(TableColumn(id=len(t.tableColumns) + 1, name=a["header"]))
                t.ref = f"{get_column_letter(c0)}{r0}:{get_column_letter(c1 + 1)}{r1}"
                t.autoFilter.ref = t.ref
    for label, value in ops.get("extra_settings", {}).items():
        ws = next(w for w in wb.worksheets if "Settings" in w.tables)
        t = ws.tables["Settings"]
        c0, r0, c1, r1 = range_boundaries(t.ref)
        ws.cell(r1 + 1, c0, label)
        ws.cell(r1 + 1, c0 + 1, value)
        t.ref = f"{get_column_letter(c0)}{r0}:{get_column_letter(c1)}{r1 + 1}"
        t.autoFilter.ref = t.ref
    for name in tables:
        for ws in wb.worksheets:
            if name in ws.tables:
                wb.remove(ws)
                break
    for d in columns:
        spec = TABLES_BY_NAME[d["table"]]
        header = spec.header(d["column"])
        for ws in wb.worksheets:
            if spec.name in ws.tables:
                t = ws.tables[spec.name]
                idx = next(i for i, c in enumerate(ws[1], start=1) if c.value == header)
                ws.delete_cols(idx)
                # Shrink the table and drop the column from its definition, as Excel does.
                c0, r0, c1, r1 = range_boundaries(t.ref)
                t.ref = f"{get_column_letter(c0)}{r0}:{get_column_letter(c1 - 1)}{r1}"
                t.tableColumns = [c for c in t.tableColumns if c.name != header]
                for i, c in enumerate(t.tableColumns, start=1):
                    c.id = i
                t.autoFilter.ref = t.ref
    wb.save(path)


def _cell(v: Any, col_type: str) -> Any:
    if isinstance(v, bool):
        return "Yes" if v else "No"
    if isinstance(v, dt.timedelta):
        return v.total_seconds() / 86400
    if isinstance(v, dt.date) and not isinstance(v, dt.datetime):
        return dt.datetime(v.year, v.month, v.day)
    if isinstance(v, tuple | list):
        return ", ".join(map(str, v))
    if col_type == "pages" and isinstance(v, int):
        return v / 8
    return v


def _in_memory(data: ProductionData, today: dt.date, only: Collection[str] | None = None) -> Production:
    """The production of ``data`` built straight from raw grids (no file); ``only``: as a partial read."""
    from xlproduction.model.contract import SETTINGS, TABLES
    from xlproduction.workbook.reader import RawTable, build_production

    dropped = data.tables.get("__dropped__") or []
    raws: dict[str, RawTable | None] = {}
    for spec in TABLES:
        if spec is SETTINGS:
            rows = [[SETTINGS_BY_KEY[k].label, _cell(v, SETTINGS_BY_KEY[k].type.value)]
                    for k, v in data.settings.items()]
            raws[spec.name] = RawTable(spec.sheet, 1, 1, ["Setting", "Value"], rows)
            continue
        rows_in = data.tables.get(spec.name, [])
        if rows_in is None:
            raws[spec.name] = None
            continue
        cols = [c for c in spec.input_columns
                if not any(d["table"] == spec.name and d["column"] == c.key for d in dropped)]
        rows = [[_cell(r.get(c.key), c.type.value) for c in cols] for r in rows_in]
        raws[spec.name] = RawTable(spec.sheet, 1, 1, [c.header for c in cols], rows)
    return build_production(raws, source="memory", today=today, only=only)


def base() -> ProductionData:
    return base_data()

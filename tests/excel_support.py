"""Driving the entry points through the real xlwings API without Excel: the remote engine, tests only.

``payload(path)`` reads an .xlsx with python-calamine into the JSON an Office.js client sends
(``{client, version, book, names, sheets[{name, values, tables, pictures}]}``: values a rectangle from A1, empty
cells "", dates and times as ISO strings ending in Z, tables with their addresses). ``xw.Book(json=payload)``
then gives a real ``xlwings.Book`` whose writes queue actions (``book.json()``); ``apply_actions`` replays the
actions that change values and sheets onto the payload, so a test can read the workbook as it would be after
Excel ran them.

The remote engine is xlwings PRO (PolyForm Noncommercial): ``remote_book`` sets XLWINGS_LICENSE_KEY to
``noncommercial`` for the test process only. The product itself uses only the BSD part of xlwings.
"""

from __future__ import annotations

import copy
import datetime as dt
import os
import re
from pathlib import Path
from typing import Any

EPOCH = dt.datetime(1899, 12, 30)


def _col(n: int) -> str:
    s = ""
    while n:
        n, r = divmod(n - 1, 26)
        s = chr(65 + r) + s
    return s


def js_value(v: Any) -> Any:
    """A calamine cell as the Office.js client sends it."""
    if v is None or v == "":
        return ""
    if isinstance(v, bool | int | float | str):
        return v
    if isinstance(v, dt.datetime):
        return v.strftime("%Y-%m-%dT%H:%M:%S.000Z")
    if isinstance(v, dt.date):
        return v.strftime("%Y-%m-%dT00:00:00.000Z")
    if isinstance(v, dt.time):
        return f"1899-12-30T{v:%H:%M:%S}.000Z"
    if isinstance(v, dt.timedelta):
        return (EPOCH + v).strftime("%Y-%m-%dT%H:%M:%S.000Z")
    return str(v)


def payload(path: str | Path, active: str | None = None, selection: str | None = None) -> dict[str, Any]:
    from python_calamine import CalamineWorkbook

    wb = CalamineWorkbook.from_path(str(path), load_tables=True)
    tables: dict[str, list[dict[str, Any]]] = {}
    for name in wb.table_names:
        t = wb.get_table_by_name(name)
        (r0, c0), (r1, c1) = t.start, t.end
        # calamine's start row (0-based first data row) is the header's 1-based row; end is 0-based inclusive.
        header = f"{_col(c0 + 1)}{r0}:{_col(c1 + 1)}{r0}"
        body = f"{_col(c0 + 1)}{r0 + 1}:{_col(c1 + 1)}{r1 + 1}"
        tables.setdefault(t.sheet, []).append({
            "name": name, "range_address": f"{_col(c0 + 1)}{r0}:{_col(c1 + 1)}{r1 + 1}",
            "header_row_range_address": header, "data_body_range_address": body, "total_row_range_address": None,
            "show_headers": True, "show_totals": False, "table_style": "TableStyleMedium2",
            "show_autofilter": True})  # fmt: skip
    sheets = []
    for name in wb.sheet_names:
        grid = wb.get_sheet_by_name(name).to_python(skip_empty_area=False)
        width = max((len(r) for r in grid), default=1) or 1
        values = [[js_value(v) for v in r] + [""] * (width - len(r)) for r in grid] or [[""]]
        sheets.append({"name": name, "values": values, "tables": tables.get(name, []), "pictures": [],
                       "charts": [], "shapes": [], "notes": []})  # fmt: skip
    names = [s["name"] for s in sheets]
    return {"client": "Office.js", "version": "0.37.8",
            "book": {"name": Path(path).name, "active_sheet_index": names.index(active) if active else 0,
                     "selection": selection or "A1"},
            "names": [], "sheets": sheets}  # fmt: skip


def remote_book(data: dict[str, Any]) -> Any:
    """A real xlwings Book on the remote engine (test-only licence key)."""
    os.environ["XLWINGS_LICENSE_KEY"] = "noncommercial"
    import xlwings as xw

    return xw.Book(json=copy.deepcopy(data))


# --- replaying actions ------------------------------------------------------------------------------------------


def _cell(address: str) -> tuple[int, int]:
    m = re.match(r"\$?([A-Z]+)\$?(\d+)", address)
    assert m is not None, address
    col = 0
    for ch in m[1]:
        col = col * 26 + ord(ch) - 64
    return int(m[2]), col


def _area(address: str) -> tuple[int, int, int, int]:
    """(row0, col0, row1, col1), 1-based inclusive; whole rows ("$A$5:$XFD$9") included."""
    a, _, b = address.replace("$", "").partition(":")
    r0, c0 = _cell(a)
    r1, c1 = _cell(b) if b else (r0, c0)
    return r0, c0, r1, c1


def _ensure(values: list[list[Any]], rows: int, cols: int) -> None:
    width = max(cols, max((len(r) for r in values), default=0))
    for r in values:
        r.extend([""] * (width - len(r)))
    while len(values) < rows:
        values.append([""] * width)


MAX_COLS = 200  # whole-row copies and clears are cut here: no generated tab is wider


def apply_actions(data: dict[str, Any], actions: list[dict[str, Any]]) -> dict[str, Any]:
    """The payload after the actions that change sheets and values (formats are not modelled)."""
    data = copy.deepcopy(data)
    sheets: list[dict[str, Any]] = data["sheets"]
    for a in actions:
        f, pos = a["func"], a["sheet_position"]
        if f == "addSheet":
            sheets.insert(a["args"][0], {"name": a["args"][1], "values": [[""]], "tables": [], "pictures": []})
        elif f == "setSheetName":
            sheets[pos]["name"] = a["args"][0]
        elif f == "sheetDelete":
            del sheets[pos]
        elif f == "copySheet":
            where, target, name = a["args"]
            new = copy.deepcopy(sheets[pos])
            new["name"] = name
            new["tables"] = []
            sheets.insert(target if where == "Before" else target + 1, new)
        elif f == "setValues":
            vals = sheets[pos]["values"]
            r0, c0 = a["start_row"], a["start_column"]
            _ensure(vals, r0 + a["row_count"], c0 + a["column_count"])
            for i, row in enumerate(a["values"]):
                for j, v in enumerate(row):
                    vals[r0 + i][c0 + j] = "" if v is None else v
        elif f in ("rangeClear", "rangeClearContents"):
            vals = sheets[pos]["values"]
            r0, c0 = a["start_row"], a["start_column"]
            for i in range(r0, min(r0 + a["row_count"], len(vals))):
                for j in range(c0, min(c0 + a["column_count"], len(vals[i]), MAX_COLS)):
                    vals[i][j] = ""
        elif f == "copyRange":
            src = sheets[pos]["values"]
            dest_sheet, dest_address = a["args"]
            r0, c0, r1, c1 = _area(dest_address)
            c1 = min(c1, MAX_COLS)
            h, w = a["row_count"], min(a["column_count"], MAX_COLS)
            dst = sheets[dest_sheet]["values"]
            _ensure(dst, r1, min(c1, c0 + w - 1))
            _ensure(src, a["start_row"] + h, a["start_column"] + w)
            for i in range(r1 - r0 + 1):  # a smaller source is tiled over the destination, as Excel pastes
                for j in range(min(c1 - c0 + 1, w)):
                    dst[r0 - 1 + i][c0 - 1 + j] = src[a["start_row"] + i % h][a["start_column"] + j % w]
        elif f == "activateSheet":
            data["book"]["active_sheet_index"] = a["args"][0]
    return data


def sheet_values(data: dict[str, Any], name: str) -> list[list[Any]]:
    for s in data["sheets"]:
        if s["name"] == name:
            return s["values"]
    raise KeyError(f"{name} not in {[s['name'] for s in data['sheets']]}")


def shown(v: Any) -> Any:
    """What a cell shows: the apostrophe prefix is Excel's, not part of the text; '' is an empty cell."""
    if isinstance(v, str) and v.startswith("'"):
        return v[1:]
    return None if v == "" else v

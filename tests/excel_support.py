"""Driving the entry points through the real xlwings API without Excel: the remote engine, tests only.

``payload(path)`` reads an .xlsx with python-calamine into the JSON an Office.js client sends
(``{client, version, book, names, sheets[{name, values, tables, pictures}]}``: values a rectangle from A1, empty
cells "", dates and times as ISO strings ending in Z, tables with their addresses). ``xw.Book(json=payload)``
then gives a real ``xlwings.Book`` whose writes queue actions (``book.json()``); ``apply_actions`` replays the
actions onto the payload — values and sheets, and the look: cell formats, conditional formats, charts, print area
— so a test can read the workbook as it would be after Excel ran them, and ``look`` says how a cell appears (its
formats with the conditional formats that hold for its value laid over them, as Excel shows it).

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

from xlproduction.workbook.reader import column_letter

EPOCH = dt.datetime(1899, 12, 30)


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
    from xlproduction.workbook.reader import open_calamine

    # As the reader opens it (sheets calamine cannot open, such as Excel 4.0 macro sheets, left out): Excel would send
    # them, and no entry point reads them.
    wb, _ = open_calamine(path, load_tables=True)
    tables: dict[str, list[dict[str, Any]]] = {}
    for name in wb.table_names:
        t = wb.get_table_by_name(name)
        (r0, c0), (r1, c1) = t.start, t.end
        # calamine's start row (0-based first data row) is the header's 1-based row; end is 0-based inclusive.
        header = f"{column_letter(c0 + 1)}{r0}:{column_letter(c1 + 1)}{r0}"
        body = f"{column_letter(c0 + 1)}{r0 + 1}:{column_letter(c1 + 1)}{r1 + 1}"
        tables.setdefault(t.sheet, []).append({
            "name": name, "range_address": f"{column_letter(c0 + 1)}{r0}:{column_letter(c1 + 1)}{r1 + 1}",
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

# Range actions that set one attribute of every cell of their range -> (attribute, value) from the action's args.
_FORMATS = {
    "setRangeColor": lambda a: ("fill", _color(a[0])),
    "setFontProperty": lambda a: (a[0], _color(a[1]) if a[0] == "color" else a[1]),
    "setNumberFormat": lambda a: ("number_format", a[0]),
    "setHorizontalAlignment": lambda a: ("align", str(a[0]).lower()),
    "setWrapText": lambda a: ("wrap", a[0]),
}
_RULE_LOOK = {"fill_color": "fill", "font_color": "color", "font_bold": "bold", "font_italic": "italic"}


def _color(v: Any) -> Any:
    """Colours as "#RRGGBB" (the engine writes some in lower case)."""
    return v.upper() if isinstance(v, str) and v.startswith("#") else v


def _cells(a: dict[str, Any]) -> Any:
    for r in range(a["start_row"] + 1, a["start_row"] + a["row_count"] + 1):
        for c in range(a["start_column"] + 1, min(a["start_column"] + a["column_count"], MAX_COLS) + 1):
            yield r, c


def _new_sheet(name: str) -> dict[str, Any]:
    return {"name": name, "values": [[""]], "tables": [], "pictures": [], "charts": [], "shapes": [], "notes": []}


def apply_actions(data: dict[str, Any], actions: list[dict[str, Any]]) -> dict[str, Any]:
    """The payload after the actions. Besides values and sheets, each sheet gets ``formats`` ("row,col" -> the
    attributes set on the cell), ``conditional_formats`` (highest priority first, each with its ``area``: first
    row, first column, last row, last column, 1-based), ``charts`` and ``print_area``. Row copies (call sheets)
    copy values only."""
    data = copy.deepcopy(data)
    sheets: list[dict[str, Any]] = data["sheets"]
    for a in actions:
        f, pos = a["func"], a["sheet_position"]
        sheet = sheets[pos] if isinstance(pos, int) and 0 <= pos < len(sheets) else None
        if f == "addSheet":
            sheets.insert(a["args"][0], _new_sheet(a["args"][1]))
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
            if f == "rangeClear":  # formats go too
                formats = sheets[pos].get("formats", {})
                for key in [k for k in formats if _inside(k, a)]:
                    del formats[key]
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
        elif f in _FORMATS and sheet is not None:
            attr, value = _FORMATS[f](a["args"])
            formats = sheet.setdefault("formats", {})
            for r, c in _cells(a):
                formats.setdefault(f"{r},{c}", {})[attr] = value
        elif f == "setBorderProperty" and sheet is not None:
            side, attr, value = a["args"]
            formats = sheet.setdefault("formats", {})
            for r, c, edge in _border_cells(a, side):
                formats.setdefault(f"{r},{c}", {})[f"border {edge} {attr}"] = _color(value)
        elif f == "setRangeColors" and sheet is not None:
            formats = sheet.setdefault("formats", {})
            for i, row in enumerate(a["args"][0]):
                for j, color in enumerate(row):
                    if color != "keep":
                        formats.setdefault(f"{a['start_row'] + i + 1},{a['start_column'] + j + 1}", {})["fill"] = (
                            _color(color))
        elif f == "addConditionalFormat" and sheet is not None:
            r0, c0 = a["start_row"] + 1, a["start_column"] + 1
            rule = {**a["args"][0], "area": [r0, c0, r0 + a["row_count"] - 1, c0 + a["column_count"] - 1]}
            sheet.setdefault("conditional_formats", []).insert(0, rule)  # a new rule takes the top priority
        elif f == "addChart" and sheet is not None:
            name, kind, source_sheet, source, _, _, width, height, plot_by, anchor, _ = a["args"]
            sheet.setdefault("charts", []).append({"name": name, "chart_type": kind, "source": source,
                                                   "source_sheet": source_sheet, "anchor": anchor, "width": width,
                                                   "height": height, "plot_by": plot_by})  # fmt: skip
        elif f == "setChartXAxisValues" and sheet is not None:
            sheet["charts"][a["args"][0]]["x_values"] = a["args"][2]
        elif f == "setChartTitle" and sheet is not None:
            sheet["charts"][a["args"][0]]["title"] = a["args"][1]
        elif f == "setChartLegend" and sheet is not None:
            sheet["charts"][a["args"][0]][f"legend_{a['args'][1]}"] = a["args"][2]
        elif f == "setChartAxis" and sheet is not None:
            sheet["charts"][a["args"][0]].setdefault(f"{a['args'][1]}_axis", {}).update(a["args"][2])
        elif f == "setPrintArea" and sheet is not None:
            sheet["print_area"] = a["args"][0]
        elif f in _TABLE_ACTIONS and sheet is not None:
            _TABLE_ACTIONS[f](sheet, a["args"])
    return data


def _table_addresses(table: dict[str, Any], r0: int, c0: int, r1: int, c1: int) -> None:
    """A table's addresses (whole, header, body, totals) for its range ``r0``..``r1`` × ``c0``..``c1``."""
    first, last = column_letter(c0), column_letter(c1)
    totals = 1 if table.get("show_totals") else 0
    table["range_address"] = f"${first}${r0}:${last}${r1}"
    table["header_row_range_address"] = f"${first}${r0}:${last}${r0}"
    table["data_body_range_address"] = f"${first}${r0 + 1}:${last}${r1 - totals}"
    table["total_row_range_address"] = f"${first}${r1}:${last}${r1}" if totals else None
    table["row_count"], table["column_count"] = r1 - r0 + 1, c1 - c0 + 1


def _resize_table(sheet: dict[str, Any], args: list[Any]) -> None:
    _table_addresses(sheet["tables"][args[0]], *_area(args[1]))


def _add_table(sheet: dict[str, Any], args: list[Any]) -> None:
    address, has_headers, style, name = args
    table = {"name": name, "show_headers": bool(has_headers), "show_totals": False, "table_style": style,
             "show_autofilter": True}  # fmt: skip
    _table_addresses(table, *_area(address))
    sheet["tables"].append(table)


def _show_totals(sheet: dict[str, Any], args: list[Any]) -> None:
    """Excel removes the totals row (its cells emptied) or adds one under the last data row (its functions are
    Excel's: left empty here)."""
    table = sheet["tables"][args[0]]
    if bool(args[1]) == bool(table.get("show_totals")):
        return
    r0, c0, r1, c1 = _area(table["range_address"])
    if not args[1]:
        values = sheet["values"]
        for j in range(c0 - 1, c1):
            if r1 - 1 < len(values) and j < len(values[r1 - 1]):
                values[r1 - 1][j] = ""
    table["show_totals"] = bool(args[1])
    _table_addresses(table, r0, c0, r1 + (1 if args[1] else -1), c1)


_TABLE_ACTIONS = {"resizeTable": _resize_table, "addTable": _add_table, "showTotalsTable": _show_totals}


def _border_cells(a: dict[str, Any], side: str) -> Any:
    """(row, col, edge of that cell) a border side of a range draws: the range's edges on its outer cells, the
    inside lines on both cells they separate."""
    r0, c0 = a["start_row"] + 1, a["start_column"] + 1
    r1, c1 = r0 + a["row_count"] - 1, min(c0 + a["column_count"] - 1, MAX_COLS)
    for r, c in _cells(a):
        if side == "edge_top" and r == r0:
            yield r, c, "top"
        elif side == "edge_bottom" and r == r1:
            yield r, c, "bottom"
        elif side == "edge_left" and c == c0:
            yield r, c, "left"
        elif side == "edge_right" and c == c1:
            yield r, c, "right"
        elif side == "inside_horizontal":
            yield from ([(r, c, "top")] if r > r0 else []) + ([(r, c, "bottom")] if r < r1 else [])
        elif side == "inside_vertical":
            yield from ([(r, c, "left")] if c > c0 else []) + ([(r, c, "right")] if c < c1 else [])


def _inside(key: str, a: dict[str, Any]) -> bool:
    r, c = map(int, key.split(","))
    return (a["start_row"] < r <= a["start_row"] + a["row_count"]
            and a["start_column"] < c <= a["start_column"] + a["column_count"])  # fmt: skip


def find_sheet(data: dict[str, Any], name: str) -> dict[str, Any]:
    for s in data["sheets"]:
        if s["name"] == name:
            return s
    raise KeyError(f"{name} not in {[s['name'] for s in data['sheets']]}")


def _value(values: list[list[Any]], row: int, col: int) -> Any:
    return values[row - 1][col - 1] if row <= len(values) and col <= len(values[row - 1]) else ""


def _holds(rule: dict[str, Any], values: list[list[Any]], row: int, col: int) -> bool:
    """Whether a conditional format holds for a cell: the two kinds the renderer writes, evaluated as Excel does."""
    r1, c1, r2, c2 = rule["area"]
    if not (r1 <= row <= r2 and c1 <= col <= c2):
        return False
    if rule["type"] == "CellValue" and rule["operator"] == "EqualTo":
        m = re.fullmatch(r'="((?:[^"]|"")*)"', rule["formula1"])
        assert m, rule  # a text constant
        v = shown(_value(values, row, col))
        return isinstance(v, str) and v.casefold() == m[1].replace('""', '"').casefold()  # Excel ignores case
    if rule["type"] == "Custom":
        m = re.fullmatch(r'=(\$?)([A-Z]+)(\$?)(\d+)=""', rule["formula"])
        assert m, rule  # a cell compared with "" (written for the area's top-left cell)
        ref_row, ref_col = _cell(m[2] + m[4])
        ref_col += 0 if m[1] else col - c1
        ref_row += 0 if m[3] else row - r1
        return shown(_value(values, ref_row, ref_col)) is None
    raise NotImplementedError(rule)


def look(data: dict[str, Any], name: str, row: int, col: int) -> dict[str, Any]:
    """How the cell (row, col) of sheet ``name`` appears: the attributes set on it (fill, color, bold, …), with
    those of the conditional formats that hold for it laid over them (a higher-priority rule wins)."""
    sheet = find_sheet(data, name)
    out = dict(sheet.get("formats", {}).get(f"{row},{col}", {}))
    for rule in reversed(sheet.get("conditional_formats", [])):
        if _holds(rule, sheet["values"], row, col):
            out.update({_RULE_LOOK[k]: _color(v) for k, v in rule.items() if k in _RULE_LOOK and v is not None})
    # A box on all four sides in one colour reads as "border": that colour.
    edges = ("top", "bottom", "left", "right")
    sides = [(out.get(f"border {e} line_style"), out.get(f"border {e} color")) for e in edges]
    if all(style == "continuous" for style, _ in sides) and len({c for _, c in sides}) == 1:
        for e in edges:
            del out[f"border {e} line_style"], out[f"border {e} color"]
        out["border"] = sides[0][1]
    return out


def sheet_values(data: dict[str, Any], name: str) -> list[list[Any]]:
    return find_sheet(data, name)["values"]


def shown(v: Any) -> Any:
    """What a cell shows: the apostrophe prefix is Excel's, not part of the text; '' is an empty cell."""
    if isinstance(v, str) and v.startswith("'"):
        return v[1:]
    return None if v == "" else v

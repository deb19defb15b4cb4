"""Writing an import's rows into the user's own Excel Tables of the open workbook: the live twin of
``workbook/table_update.py``.

A coordinator runs an import from the ribbon (or xlwings Lite) with the production workbook open; the rows must land
in the same tables, by the same rules as on the file path (``model/tableupdate.py``): the data rows become exactly
the rows given, extra user columns by their header, formula columns stay formulas, columns the update does not
mention keep their cells on the positions that still hold the same row and are cleared elsewhere, the table grows
only into empty cells (else nothing is written and the cells are named), a missing table gets its own sheet.

What it costs in Excel calls does not depend on the number of rows (each call is a COM/AppleScript round trip on
desktop, an action on the web engines). For a table: one read of the table's range, one read of the cells it would
grow into, one read of the first data row's formulas (desktop only); then at most: the totals row switched off and
on again around the resize, one ``resize``, one copy of the last data row over the new rows (their formats,
validations and formulas, which is how formula columns reach new rows), one clear of the rows a shrinking table
leaves, and one value write per run of adjacent columns that are not formula columns (one for every contract
table: their formula columns come last). Everything is read before anything is written: the web engines only queue
writes, so a problem found while planning leaves the workbook untouched there and on desktop alike.

What the engines allow (xlwings 0.37.8, ``Table.resize`` on every engine: ``ListObject.Resize`` on Windows, the
AppleScript ``resize`` on macOS, Office.js ``Table.resize`` remotely and in Lite):

- Formula columns are never written: existing rows keep the formula they have (whatever the user made of it), new
  rows get it with the copied last row, as Excel's own calculated columns do when a table grows.
- Only the desktop engines can read formulas synchronously; the web engines' payload carries values. There, a
  column the update does not mention is taken for a column of values unless it is one of the contract's formula
  columns, so a user's own formula column outside the contract comes back as its values on the rows that stay,
  and blank on the others (on desktop its formulas are detected and left alone).
- A totals row is switched off before the resize and on after it (Excel then draws it again under the new last
  row). This, and whether Excel restores every totals formula after that, is not verified against a real Excel
  here: the tests drive the real xlwings API through the remote engine and check the actions it queues.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from ..model.contract import SETTINGS, SETTINGS_BY_KEY, SETTINGS_KEYS, TABLES, ColType, TableSpec
from ..model.contract import normalise_header as _norm
from ..model.numformats import DATE_FORMAT, DURATION_FORMAT, PAGES_FORMAT, PERCENT_FORMAT, TIME_FORMAT, money_format
from ..model.tableupdate import (
    SettingValues,
    TableRows,
    TableUpdateError,
    Update,
    columns,
    comparable,
    identity_columns,
    match_headers,
    plan,
    setting_keys,
)
from ..workbook.cellvalues import cell_value as stored_value
from ..workbook.reader import column_letter
from .book import CallCount, _address_origin, find_tables, is_web, read_values
from .cells import cell_value as typed_text
from .cells import width_for_engine

__all__ = ["SettingValues", "TableRows", "TableUpdateError", "write_tables"]

SHOWN_CELLS = 8  # a refusal names this many occupied cells, then says how many more
EXCEL_ROWS = 1_048_576
_EPOCH = dt.datetime(1899, 12, 30)
# Number formats a typed column's cells get where the file engine would give them (a new table, a set setting).
_FORMATS = {ColType.DATE: DATE_FORMAT, ColType.TIME: TIME_FORMAT, ColType.DURATION: DURATION_FORMAT,
            ColType.PAGES: PAGES_FORMAT, ColType.PERCENT: PERCENT_FORMAT}  # fmt: skip


def _live(v: Any) -> Any:
    """A value after ``cellvalues.cell_value`` as the engine must receive it: text Excel would parse as a number, a
    date or a formula keeps its apostrophe, times and durations are day fractions, dates stay dates."""
    if isinstance(v, str):
        return typed_text(v)
    if isinstance(v, dt.datetime | dt.date):
        return v
    if isinstance(v, dt.time):
        return (v.hour * 3600 + v.minute * 60 + v.second) / 86400
    if isinstance(v, dt.timedelta):
        return v.total_seconds() / 86400
    if isinstance(v, tuple | list):
        return typed_text(", ".join(map(str, v)))
    return v


def _number(v: Any) -> Any:
    """Dates and times as Excel's serial numbers, so a value read back compares with the one written."""
    if isinstance(v, dt.datetime):
        return (v - _EPOCH).total_seconds() / 86400
    if isinstance(v, dt.date):
        return (v - _EPOCH.date()).days
    if isinstance(v, dt.time | dt.timedelta):
        return _live(v)
    if isinstance(v, str) and v.startswith("'"):
        return v[1:]
    return v


def _blank(v: Any) -> bool:
    return v is None or (isinstance(v, str) and not v.strip())


@dataclass
class _Geometry:
    """Where a table stands: its range's corner, its width, header and totals rows, its data rows."""

    top: int
    left: int
    width: int
    header: int
    totals: int
    old_n: int

    @property
    def right(self) -> int:
        return self.left + self.width - 1

    @property
    def first(self) -> int:
        return self.top + self.header

    @property
    def last(self) -> int:
        return self.first + self.old_n - 1

    @property
    def end(self) -> int:
        return self.last + self.totals


@dataclass
class _Plan:
    """What to do to one table, decided from reads alone."""

    sheet: Any
    table: Any
    geo: _Geometry
    new_n: int
    writes: list[tuple[int, int, list[list[Any]]]] = field(default_factory=list)  # (first row, first col, grid)
    formats: list[tuple[int, int, int, int, str]] = field(default_factory=list)  # (r0, c0, r1, c1, number format)


def _where(sheet: Any, table: Any, geo: _Geometry) -> str:
    ref = f"{column_letter(geo.left)}{geo.top}:{column_letter(geo.right)}{geo.end}"
    return f"the {table.name} table (sheet {sheet.name!r}, {ref})"


def _geometry(table: Any, grid: Sequence[Sequence[Any]]) -> _Geometry:
    top, left = _address_origin(table.range.address)
    header = 1 if table.show_headers else 0
    totals = 1 if table.show_totals else 0
    width = len(grid[0]) if grid else 0
    return _Geometry(top, left, width, header, totals, max(0, len(grid) - header - totals))


def _formulas(sheet: Any, geo: _Geometry, calls: CallCount) -> list[Any] | None:
    """The first data row's formulas, where the engine can read them synchronously (desktop); else None."""
    if geo.old_n == 0 or is_web(sheet.book):
        return None
    try:
        got = sheet.range((geo.first, geo.left), (geo.first, geo.right)).formula
    except NotImplementedError:  # an engine without synchronous formula reads
        return None
    calls.reads += 1
    calls.log.append("read formulas")
    row = got[0] if got and isinstance(got[0], tuple | list) else got
    return list(row) if isinstance(row, tuple | list) else [row]


def _check_room(book_tables: Mapping[str, tuple[Any, Any]], sheet: Any, table: Any, geo: _Geometry, new_n: int,
                calls: CallCount) -> None:  # fmt: skip
    """Refuse (naming the cells) when the table would grow over a cell holding something, or over another table."""
    new_end = geo.first + new_n - 1 + geo.totals
    if new_end > EXCEL_ROWS:
        raise TableUpdateError(f"{_where(sheet, table, geo)} would need to end on row {new_end:,}, past Excel's last "
                               "row. Nothing was written.")  # fmt: skip
    if new_end <= geo.end:
        return
    lo = geo.end + 1
    below = read_values(sheet.range((lo, geo.left), (new_end, geo.right)), calls, f"below {table.name}")
    busy = [f"{column_letter(geo.left + j)}{lo + i}" for i, row in enumerate(below) for j, v in enumerate(row)
            if not _blank(v)]  # fmt: skip
    for other_sheet, other in book_tables.values():
        if other_sheet.name != sheet.name or other.name == table.name:
            continue
        r0, c0 = _address_origin(other.range.address)
        r1 = r0 + other.range.shape[0] - 1
        c1 = c0 + other.range.shape[1] - 1
        if r0 <= new_end and r1 >= lo and c0 <= geo.right and c1 >= geo.left:
            busy.append(f"{other.range.address.replace('$', '')} (the {other.name} table)")
    if busy:
        shown = ", ".join(busy[:SHOWN_CELLS]) + (f" and {len(busy) - SHOWN_CELLS} more" if len(busy) > SHOWN_CELLS
                                                 else "")  # fmt: skip
        raise TableUpdateError(
            f"{_where(sheet, table, geo)} must grow to row {new_end}, but on sheet {sheet.name!r} these cells below it "
            f"are not empty: {shown}. Move them (or the table) out of the way, or insert empty rows below the table, "
            "and try again. Nothing was written.")


def _runs(positions: Sequence[int]) -> list[tuple[int, int]]:
    """Adjacent positions as (first, last) runs: one write each."""
    out: list[tuple[int, int]] = []
    for j in sorted(positions):
        if out and out[-1][1] == j - 1:
            out[-1] = (out[-1][0], j)
        else:
            out.append((j, j))
    return out


def _plan_rows(book_tables: Mapping[str, tuple[Any, Any]], sheet: Any, table: Any, spec: TableSpec,
               rows: Sequence[Mapping[str, Any]], calls: CallCount) -> _Plan:  # fmt: skip
    grid = read_values(table.range, calls, f"table {table.name}")
    geo = _geometry(table, grid)
    if not geo.header:
        raise TableUpdateError(f"{_where(sheet, table, geo)} shows no header row, so its columns cannot be told apart. "
                               "Tick Table Design → Header Row and try again. Nothing was written.")  # fmt: skip
    headers = grid[0]
    old = [list(r) for r in grid[geo.header: geo.header + geo.old_n]]
    cols, raw = columns(spec, headers, rows, _where(sheet, table, geo))
    new_n = max(len(rows), 1)  # an Excel Table keeps at least one data row
    _check_room(book_tables, sheet, table, geo, new_n, calls)
    first_formulas = _formulas(sheet, geo, calls)
    formula = set(cols.formula)
    if first_formulas is not None:  # desktop: a column the update leaves alone whose first row is a formula
        formula |= {j for j, f in enumerate(first_formulas) if j not in cols.given and isinstance(f, str)
                    and f.startswith("=")}  # fmt: skip
    types = {j: spec.column(k).type for k, j in cols.keys.items()}
    values = [{j: stored_value(v, types[j]) if j in types else v for j, v in r.items()} for r in raw]
    compare = identity_columns(spec, cols)

    def same(p: int) -> bool:
        if p >= len(values) or p >= len(old):
            return False
        return all(comparable(_number(old[p][j])) == comparable(_number(_live(values[p].get(j)))) for j in compare)

    written = [j for j in range(geo.width) if j not in formula]
    out: list[list[Any]] = []
    for p in range(new_n):
        here = values[p] if p < len(values) else {}
        keep = None
        row: list[Any] = []
        for j in written:
            if j in cols.given:
                row.append(_live(here.get(j)))
                continue
            if keep is None:
                keep = same(p)
            row.append(_live(old[p][j]) if keep else None)
        out.append(row)
    result = _Plan(sheet, table, geo, new_n)
    for j0, j1 in _runs(written):
        a, b = written.index(j0), written.index(j1)
        result.writes.append((geo.first, geo.left + j0, [r[a: b + 1] for r in out]))
    return result


def _plan_settings(sheet: Any, table: Any, values: Mapping[str, Any], book_tables: Mapping[str, tuple[Any, Any]],
                   calls: CallCount) -> _Plan:  # fmt: skip
    grid = read_values(table.range, calls, f"table {table.name}")
    geo = _geometry(table, grid)
    keys, _ = match_headers(SETTINGS, grid[0] if geo.header and grid else [])  # no header: no Setting column
    if "key" not in keys or "value" not in keys:
        raise TableUpdateError(f"{_where(sheet, table, geo)} has no {'Setting' if 'key' not in keys else 'Value'} "
                               "column. Add it and try again. Nothing was written.")  # fmt: skip
    kj, vj, nj = keys["key"], keys["value"], keys.get("notes")
    old = grid[geo.header: geo.header + geo.old_n]
    by_label = setting_keys()
    at: dict[str, int] = {}
    for p, row in enumerate(old):
        key = by_label.get(_norm(row[kj])) if not _blank(row[kj]) else None
        if key is not None:
            at.setdefault(key, p)
    free = geo.old_n
    while free > 0 and all(_blank(v) for v in old[free - 1]):
        free -= 1
    adding = [k for k in values if k not in at]
    new_n = max(geo.old_n, free + len(adding))
    _check_room(book_tables, sheet, table, geo, new_n, calls)
    result = _Plan(sheet, table, geo, new_n)
    for key, v in values.items():
        setting = SETTINGS_BY_KEY[key]
        value = _live(stored_value(v, setting.type))
        fmt = _format(setting.type, values.get("currency"))
        if key in at:
            r = geo.first + at[key]
            result.writes.append((r, geo.left + vj, [[value]]))
            if fmt:
                result.formats.append((r, geo.left + vj, r, geo.left + vj, fmt))
            continue
        r = geo.first + free
        free += 1
        row: list[Any] = [None] * geo.width
        row[kj], row[vj] = typed_text(setting.label), value
        if nj is not None:
            row[nj] = typed_text(setting.description) if setting.description else None
        result.writes.append((r, geo.left, [row]))
        if fmt:
            result.formats.append((r, geo.left + vj, r, geo.left + vj, fmt))
    return result


def _format(t: ColType, currency: str | None = None) -> str | None:
    if t is ColType.MONEY:
        return money_format(currency)
    return _FORMATS.get(t)


def _apply(plan_: _Plan, calls: CallCount) -> None:
    """The writes of one table, in the order Excel needs them."""
    sheet, table, geo, n = plan_.sheet, plan_.table, plan_.geo, plan_.new_n
    last_new = geo.first + n - 1
    resize = n != geo.old_n
    totals = geo.totals and resize
    if totals:  # drawn again under the new last row when switched back on
        table.show_totals = False
        calls.formats += 1
    if resize:
        table.resize(sheet.range((geo.top, geo.left), (last_new + (0 if totals else geo.totals), geo.right)))
        calls.formats += 1
        calls.log.append(f"resize {table.name} to {n} rows")
    if n > geo.old_n and geo.old_n:
        # The last data row's formats, validations and formulas reach the new rows in one call.
        sheet.range((geo.last, geo.left), (geo.last, geo.right)).copy(
            sheet.range((geo.last + 1, geo.left), (last_new, geo.right)))
        calls.formats += 1
    elif n < geo.old_n:
        sheet.range((last_new + 1, geo.left), (geo.end, geo.right)).clear()
        calls.formats += 1
    for r, c, grid in plan_.writes:
        if grid and grid[0]:
            sheet.range((r, c), (r + len(grid) - 1, c + len(grid[0]) - 1)).value = grid
            calls.writes += 1
            calls.log.append(f"write {table.name} {len(grid)}x{len(grid[0])}")
    for r0, c0, r1, c1, fmt in plan_.formats:
        sheet.range((r0, c0), (r1, c1)).number_format = fmt
        calls.formats += 1
    if totals:
        table.show_totals = True
        calls.formats += 1


# --- a table the workbook does not have --------------------------------------------------------------------------


@dataclass
class _NewTable:
    spec: TableSpec
    update: Update
    after: Any  # the sheet it goes after


def _new_table(book: Any, new: _NewTable, currency: str | None, calls: CallCount) -> None:
    """The table on a sheet of its own, named as the contract says: headers and rows in one write, the Excel Table
    over them, formula columns in one write per run, the template's number formats and widths per column."""
    spec = new.spec
    sheet = book.sheets.add(spec.sheet, after=new.after)
    calls.formats += 1
    if isinstance(new.update, SettingValues):
        given = dict(new.update.values)
        rows: Sequence[Mapping[str, Any]] = [{"key": s.label, "value": given.get(s.key, s.default),
                                              "notes": s.description or None} for s in SETTINGS_KEYS]  # fmt: skip
    else:
        rows = new.update.rows
    headers = [c.header for c in spec.columns]
    _, raw = columns(spec, headers, rows, f"the new {spec.name} table")
    n = max(len(raw), 1)
    grid: list[list[Any]] = [list(headers)]
    for p in range(n):
        here = raw[p] if p < len(raw) else {}
        row = []
        for j, col in enumerate(spec.columns):
            v = here.get(j)
            if isinstance(new.update, SettingValues) and col.key == "value" and p < len(SETTINGS_KEYS):
                v = stored_value(v, SETTINGS_KEYS[p].type)
            elif col.formula is None:
                v = stored_value(col.default if v is None else v, col.type)
            else:
                v = None
            row.append(_live(v))
        grid.append(row)
    last = 1 + n
    width = len(spec.columns)
    sheet.range((1, 1), (last, width)).value = grid
    calls.writes += 1
    sheet.tables.add(source=sheet.range((1, 1), (last, width)), name=spec.name, has_headers=True,
                     table_style_name="TableStyleMedium2")  # fmt: skip
    calls.formats += 1
    formula = [j for j, c in enumerate(spec.columns) if c.formula]
    for j0, j1 in _runs(formula):
        texts = [c.formula.replace("{T}", spec.name) for c in spec.columns[j0: j1 + 1] if c.formula]
        sheet.range((2, 1 + j0), (last, 1 + j1)).value = [list(texts) for _ in range(n)]
        calls.writes += 1
    for j, col in enumerate(spec.columns):
        fmt = _format(col.type, currency)
        if fmt:
            sheet.range((2, 1 + j), (last, 1 + j)).number_format = fmt
            calls.formats += 1
    if isinstance(new.update, SettingValues):  # Settings' Value column holds each setting's own type
        vj = 1 + spec.keys.index("value")
        for p, setting in enumerate(SETTINGS_KEYS):
            fmt = _format(setting.type, currency)
            if fmt and setting.type is not ColType.MONEY:
                sheet.range((2 + p, vj)).number_format = fmt
                calls.formats += 1
    web = is_web(book)
    for j, col in enumerate(spec.columns):
        sheet.range((1, 1 + j)).column_width = width_for_engine(col.width, web)
        calls.formats += 1


def _workbook_currency(found: Mapping[str, tuple[Any, Any]], calls: CallCount) -> str:
    """The Settings table's Currency (for a new table's money formats), else the contract's default."""
    hit = found.get(_norm(SETTINGS.name))
    if hit is not None:
        grid = read_values(hit[1].range, calls, "table Settings")
        keys, _ = match_headers(SETTINGS, grid[0] if grid else [])
        by_label = setting_keys()
        if "key" in keys and "value" in keys:
            for row in grid[1:]:
                key, value = row[keys["key"]], row[keys["value"]]
                if not _blank(key) and by_label.get(_norm(key)) == "currency" and not _blank(value):
                    return str(value).strip()
    return str(SETTINGS_BY_KEY["currency"].default)


def _anchor(book: Any, spec: TableSpec, found: Mapping[str, tuple[Any, Any]]) -> Any:
    """The sheet a missing table's sheet goes after: that of the nearest contract table before it, else the last."""
    order = [t.name for t in TABLES]
    for name in reversed(order[: order.index(spec.name)]):
        hit = found.get(_norm(name))
        if hit is not None:
            return hit[0]
    return book.sheets[-1]


# --- the run ---------------------------------------------------------------------------------------------------


def write_tables(book: Any, updates: Sequence[TableRows | SettingValues], calls: CallCount | None = None) -> CallCount:
    """Write ``updates`` into the tables of the open workbook ``book`` (an ``xw.Book``). Every read comes first; a
    ``TableUpdateError`` (nothing written) says what stands in the way. Returns the xlwings calls made."""
    calls = calls if calls is not None else CallCount()
    planned = plan(updates)
    found = find_tables(book)
    sheets = {_norm(s.name): s for s in book.sheets}
    plans: list[_Plan] = []
    new: list[_NewTable] = []
    for spec, u in planned:
        hit = found.get(_norm(spec.name))
        if hit is None:
            plain = sheets.get(_norm(spec.sheet)) or sheets.get(_norm(spec.name))
            if plain is not None:
                raise TableUpdateError(
                    f"The {spec.name} table is typed as plain cells on sheet {plain.name!r}, not as an Excel Table, "
                    f"so its rows cannot be replaced safely. Click in it, Insert → Table, name the table "
                    f"{spec.name!r} (Table Design → Table Name) and try again. Nothing was written.")
            new.append(_NewTable(spec, u, _anchor(book, spec, found)))
            continue
        sheet, table = hit
        if isinstance(u, SettingValues):
            plans.append(_plan_settings(sheet, table, u.values, found, calls))
        else:
            plans.append(_plan_rows(found, sheet, table, spec, u.rows, calls))
    currency = next((u.values.get("currency") for _, u in planned if isinstance(u, SettingValues)
                     and u.values.get("currency")), None)  # fmt: skip
    if currency is None and any(c.type is ColType.MONEY for n in new for c in n.spec.columns):
        currency = _workbook_currency(found, calls)
    for p in plans:
        _apply(p, calls)
    for n in new:
        _new_table(book, n, currency, calls)
    return calls

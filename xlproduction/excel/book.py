"""Reading a live workbook (``xw.Book``) into a ``Production``: the xlwings twin of the file reader.

The Excel buttons must see exactly what the CLI sees, so this adapter does no typing of its own: it finds each
contract table (an Excel Table found by name, case- and punctuation-insensitively, else a sheet of that name as a
plain range), reads its cells in one call, and hands ``RawTable``s to ``build_production`` — the builder the
calamine reader feeds. Findings, cells and rows are therefore identical on both paths.

What differs between engines is only the shape of a cell: the desktop engines give ``datetime`` for dates and
times (a time of day as 1899-12-30 07:30), the remote and Lite engines send ISO strings ending in ``Z`` that
xlwings usually converts, and a client that does not convert leaves the string. Both end up as ``datetime`` here
before the builder sees them. One read per table and a fixed number of metadata reads per sheet keep the number
of Excel calls independent of the number of rows.

A cell showing an Excel error (``#REF!``, ``#N/A``…) must not read as a blank: the file reader names the error at
its cell ("Cast Phone on row 5 shows the Excel error #REF!"), so a button must too. xlwings turns error cells into
``None`` unless a read asks for ``err_to_str=True``; with it the remote and Lite engines keep the text Office.js
sends ("#REF!") and the desktop engines map their error codes to the same text. Table reads ask for it, and the
error cells go to ``RawTable.errors`` by sheet (row, column) and become blanks in the grid: what python-calamine and
the guard hand over on the file path.
"""

from __future__ import annotations

import datetime as dt
import re
import sys
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

from ..model.contract import TABLES, TableSpec, normalise_header
from ..model.production import Production
from ..workbook.reader import RawTable, build_production, find_header_row

# What a non-converting web client sends for a date or time cell (xlwings' own pattern, plus optional millis).
_ISO_Z = re.compile(r"^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(?:\.\d+)?Z$")


class ExcelProblem(Exception):
    """A problem the coordinator can fix in Excel; the message says what to do. Nothing was written."""


@dataclass
class CallCount:
    """xlwings calls made by a button, by kind; the tests assert they do not grow with the data."""

    reads: int = 0  # range value reads (one per table, per template, per existing generated tab)
    writes: int = 0  # range value writes
    formats: int = 0  # formatting, sheet and layout calls
    log: list[str] = field(default_factory=list)

    @property
    def total(self) -> int:
        return self.reads + self.writes + self.formats


def engine_name(book: Any) -> str:
    """"excel" (desktop COM/AppleScript), "remote" (xw.Book(json=...)) or "officejs" (xlwings Lite)."""
    try:
        return str(book.app.engine.name)
    except Exception:  # an engine without a name is treated as a desktop one, the strictest
        return "excel"


def is_web(book: Any) -> bool:
    """The remote and Lite engines: writes are queued actions, reads come from the payload."""
    return engine_name(book) in ("remote", "officejs")


def _iso_to_datetime(v: str) -> dt.datetime:
    return dt.datetime.fromisoformat(v[:-1].split(".")[0])


_EXCEL_DAY_ZERO = dt.date(1899, 12, 30)
_MIDNIGHT = dt.time()


def _as_calamine(v: dt.datetime) -> Any:
    """A date/time cell in the shape python-calamine gives it, so raw text columns read the same on both paths: a
    time of day (Excel's day zero) as ``time``, a date at midnight as ``date``."""
    if v.date() == _EXCEL_DAY_ZERO:
        return v.time()
    if v.time() == _MIDNIGHT:
        return v.date()
    return v


def clean_cell(v: Any) -> Any:
    """A cell as the builder expects it: ISO-Z strings become dates and times, empty strings None."""
    t = type(v)
    if t is str:
        if not v:
            return None
        if len(v) >= 20 and v[-1] == "Z" and _ISO_Z.match(v):
            return _as_calamine(_iso_to_datetime(v))
    elif t is dt.datetime:
        return _as_calamine(v)
    return v


def clean_grid(rows: Sequence[Sequence[Any]]) -> list[list[Any]]:
    return [[clean_cell(v) for v in r] for r in rows]


def as_grid(value: Any) -> list[list[Any]]:
    """A range's ``.value`` as a list of rows, whatever its shape."""
    if value is None:
        return []
    if not isinstance(value, list):
        return [[value]]
    if value and not isinstance(value[0], list):
        return [value]
    return value


def read_values(rng: Any, calls: CallCount | None = None, what: str = "") -> list[list[Any]]:
    """One read of a range's values as a 2-D grid of cleaned cells (error cells read as blanks)."""
    if calls is not None:
        calls.reads += 1
        calls.log.append(f"read {what}")
    return clean_grid(as_grid(rng.options(ndim=2).value))


# The error values a cell can show, as Excel spells them (Office.js sends this text; so does the guard's scan of a
# file). A text cell typed as '#N/A (with the apostrophe) reads the same through Office.js: xlwings itself cannot
# tell them apart, and without err_to_str it would have turned it into a blank.
EXCEL_ERRORS = frozenset({
    "#NULL!", "#DIV/0!", "#VALUE!", "#REF!", "#NAME?", "#NUM!", "#N/A", "#GETTING_DATA", "#SPILL!", "#CONNECT!",
    "#BLOCKED!", "#UNKNOWN!", "#FIELD!", "#CALC!", "#BUSY!", "#PYTHON!", "#DATA!", "#EXTERNAL!",
})  # fmt: skip

# Windows (COM) hands an error cell over as the HRESULT of its CVErr code (0x800A0000 + code, a negative int). xlwings
# maps the seven classic ones to text with err_to_str, but passes newer ones (#SPILL! in a Table, #CALC!) through as
# these numbers. Only the Windows engine is asked to map them: there an int is never a cell's number (numbers come as
# floats), while the web engines' JSON does carry ints (and AppleScript may).
_COM_ERROR_BASE = -2146828288
_COM_ERRORS = {_COM_ERROR_BASE + code: text for code, text in (
    (2000, "#NULL!"), (2007, "#DIV/0!"), (2015, "#VALUE!"), (2023, "#REF!"), (2029, "#NAME?"), (2036, "#NUM!"),
    (2042, "#N/A"), (2043, "#GETTING_DATA"), (2045, "#SPILL!"), (2046, "#CONNECT!"), (2047, "#BLOCKED!"),
    (2048, "#UNKNOWN!"), (2049, "#FIELD!"), (2050, "#CALC!"), (2051, "#BUSY!"), (2052, "#PYTHON!"),
)}  # fmt: skip


def cell_error(v: Any, com: bool = False) -> str | None:
    """The error a cell read with ``err_to_str=True`` shows ('#REF!'), or None when it holds a value."""
    t = type(v)
    if t is str:
        return v if v[:1] == "#" and v in EXCEL_ERRORS else None
    if com and t is int:
        return _COM_ERRORS.get(v)
    return None


def read_cells(rng: Any, top: int, left: int, com: bool, calls: CallCount | None = None,
               what: str = "") -> tuple[list[list[Any]], dict[tuple[int, int], str]]:
    """One read of a range whose top-left cell is (``top``, ``left``): the grid of cleaned cells, with the cells
    showing an Excel error as blanks, and those errors by their sheet (row, column) — as the file path has them.
    ``com``: the book is on the Windows desktop engine (see ``_COM_ERRORS``)."""
    if calls is not None:
        calls.reads += 1
        calls.log.append(f"read {what}")
    grid = as_grid(rng.options(ndim=2, err_to_str=True).value)
    errors: dict[tuple[int, int], str] = {}
    for i, row in enumerate(grid):
        if _may_hold_errors(row, com):  # a set test in C first: most rows of a big table hold no error
            for j, v in enumerate(row):
                text = cell_error(v, com)
                if text is not None:
                    errors[(top + i, left + j)] = text
                    row[j] = None
    return clean_grid(grid), errors


def _may_hold_errors(row: list[Any], com: bool) -> bool:
    try:
        return not EXCEL_ERRORS.isdisjoint(row) or (com and not _COM_ERRORS.keys().isdisjoint(row))
    except TypeError:  # an unhashable cell (a rich value): look at each
        return True


def _address_origin(address: str) -> tuple[int, int]:
    """(row, column), 1-based, of the top-left cell of an A1 address such as ``$B$3:$F$40``."""
    first = address.replace("$", "").split(":")[0].split("!")[-1]
    m = re.match(r"([A-Za-z]+)(\d+)", first)
    if m is None:
        raise ValueError(f"Not a cell address: {address!r}")
    col = 0
    for ch in m[1].upper():
        col = col * 26 + ord(ch) - 64
    return int(m[2]), col


def _table_raw(sheet: Any, table: Any, com: bool, calls: CallCount | None) -> RawTable:
    rng = table.range
    row, col = _address_origin(rng.address)
    grid, errors = read_cells(rng, row, col, com, calls, f"table {table.name}")
    if grid and table.show_totals:
        grid = grid[:-1]  # the totals row is Excel's, not data (the builder looks at no error outside the rows)
    headers = grid[0] if grid else []
    return RawTable(sheet.name, row, col, headers, grid[1:], errors=errors)


def find_tables(book: Any) -> dict[str, tuple[Any, Any]]:
    """Excel Tables of the book by normalised name -> (sheet, table). Table names are unique in a workbook."""
    found: dict[str, tuple[Any, Any]] = {}
    for sheet in book.sheets:
        for table in sheet.tables:
            found.setdefault(normalise_header(table.name), (sheet, table))
    return found


def read_raw_tables(book: Any, calls: CallCount | None = None) -> dict[str, RawTable | None]:
    """Every contract table of the book, found as the file reader finds them: by Excel Table name, else as a
    plain range on the sheet of that name."""
    tables = find_tables(book)
    sheets = {normalise_header(s.name): s for s in book.sheets}
    com = sys.platform == "win32" and not is_web(book)
    out: dict[str, RawTable | None] = {}
    for spec in TABLES:
        hit = tables.get(normalise_header(spec.name))
        if hit is not None:
            out[spec.name] = _table_raw(hit[0], hit[1], com, calls)
            continue
        out[spec.name] = _plain_range(spec, sheets, com, calls)
    return out


def _plain_range(spec: TableSpec, sheets: dict[str, Any], com: bool, calls: CallCount | None) -> RawTable | None:
    sheet = sheets.get(normalise_header(spec.sheet)) or sheets.get(normalise_header(spec.name))
    if sheet is None:
        return None
    used = sheet.used_range
    top, left = _address_origin(used.address)
    grid, errors = read_cells(used, top, left, com, calls, f"sheet {sheet.name}")
    # The file reader's grid starts at A1; pad so the header search and the cell letters agree with it.
    grid = [[None] * (left - 1) + r for r in ([[]] * (top - 1) + grid)]
    found = find_header_row(grid, spec)
    if found is None:
        return None
    i, j = found
    return RawTable(sheet.name, i + 1, j + 1, list(grid[i][j:]), [r[j:] for r in grid[i + 1:]], is_table=False,
                    errors=errors)


def book_source(book: Any) -> str:
    try:
        return str(book.fullname)
    except Exception:  # a web engine may not know the path
        return str(book.name)


def read_production(book: Any, calls: CallCount | None = None, today: dt.date | None = None) -> Production:
    """The production of a live workbook, typed and checked for structure exactly as ``load_production`` does."""
    return build_production(read_raw_tables(book, calls), source=book_source(book), today=today)

"""Replacing the rows of the coordinator's own Excel Tables in an .xlsx: the engine every import job shares.

Until the imports, xlproduction only *added* tabs to a user's workbook. Script import (Scenes, Cast, the script
revision), the USS schedule import, the budget exchange, task derivation and the optimizer's ``--in-place`` must
instead change the rows of tables the coordinator owns — on explicit request only, atomically and with a backup.
openpyxl could load the workbook, change the rows and save it all again, but that rewrites every part: ~20× the
time of reading a season's workbook, and whatever openpyxl does not understand (slicers, threaded comments,
sparklines, form controls, extensions…) silently lost. So, as ``package.py`` does for generated tabs, the update is
made at the package level: only the worksheet part holding the table and its table part are parsed and rewritten,
plus, when needed, ``styles.xml`` (a number format appended, never renumbered), ``workbook.xml`` (ask Excel to
recalculate on open: cached values of formulas elsewhere, the Top Sheet's sums, are stale once the rows change),
the workbook's relationships and ``[Content_Types].xml`` (a new shared-strings part, a dropped ``calcChain.xml``,
a new sheet). Every other part is copied still compressed, byte for byte.

What an update means (said once for both engines in ``model/tableupdate.py``; ``excel/table_write.py`` is the live
twin) — ``TableRows(table, rows)`` is the complete new content of one contract table:

- **The data rows become exactly ``rows``** (the caller has merged what the user typed; nothing is merged here).
  Values are the Python values ``ProductionData`` holds and are stored as the template writer stores them
  (``cellvalues.cell_value``: scene 12 the number 12, times as fractions of a day, pages as pages…), so the
  workbook's own formulas keep matching. Extra user columns are addressed by their header text.
- **The header row, the column order and every column's look stay.** A cell keeps the style of its position; rows
  added below take the style of the table's last data row (and its row height). A date, time, duration, pages,
  money or percentage value landing in a cell with Excel's General format gets the template's format (``# ?/8``,
  ``h:mm AM/PM``…), so it never shows as a bare serial number.
- **Formula columns are written as formulas, never values**: the contract's formula columns (Schedule's display
  columns, Budget's subtotal/fringes/total, Accounts' budget) from the table column's ``calculatedColumnFormula``,
  else the formula of the first data row (moved to each row as Excel fills it), else the contract's formula. Values
  given for them are ignored (rows read from a ``Production`` carry Excel's cached text), as is ``_row``.
- **Columns the update does not mention** keep their cells on every row that is still the same row at the same
  position — so when the row count and order are unchanged, everything is kept. A position holds "the same row"
  when its key (the contract's key column, e.g. Scene or Cast ID) is unchanged, or, for tables without a key
  (Schedule, Budget…), when every mentioned value is unchanged. Elsewhere those cells are cleared — or get the
  column's formula when the column is calculated (a ``calculatedColumnFormula``, or a formula in its first data
  row). Callers that want extras to follow their rows pass them in ``rows``.
- **Cells outside the table are kept** (notes beside it, another table below it). The table grows downwards only
  into empty cells: if a cell it would cover holds a value or a formula, or lies in a merged range or another
  table, the update is refused naming the sheet and the cells, and nothing is written. Rows that leave a shrinking
  table lose their cells inside the table's columns. Nothing is shifted: A1 references elsewhere (defined names,
  ``SUM(C2:C89)``) do not follow the table, as in Excel; structured references (``Budget[Total]``) do.
- **Data validations and conditional formats** whose ranges cover a column of the table from its first data row to
  at least its last grow with it (a range that ends exactly at the last row also shrinks with it; one reaching past
  it keeps its margin). The table's ``ref``, its filter's range and its totals row follow; an active filter or a
  recorded sort is cleared (it described the old rows). Hyperlinks and comments stay on their cells.
- A contract table **missing** from the workbook is added on a new sheet named as the contract says, laid out by
  the template writer (next to the sheet of the contract table before it), with ``rows``. Long dropdown lists that
  the template keeps on its hidden Lists sheet are left out there.

``SettingValues(values)`` sets Settings keys: the Value cell of an existing key's row is rewritten (the rest of the
row kept), a missing key gets a row at the end of the table (label, value, the contract's description as note).

Strings are written inline when the workbook has a shared-strings part with strings in it: appending to it would
rewrite a part the user owns (Excel moves inline strings into it on its next save). A workbook without one (what
openpyxl writes) gets a new ``sharedStrings.xml`` holding the written text, as ``package.py`` does. A sheet whose
cells change loses its entries in ``calcChain.xml`` by dropping that optional part (Excel rebuilds it).
"""

from __future__ import annotations

import datetime as dt
import io
import math
import numbers
import os
import re
import tempfile
import zipfile
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from lxml import etree
from openpyxl.utils.datetime import CALENDAR_MAC_1904, CALENDAR_WINDOWS_1900, to_excel

from ..model.contract import SETTINGS, SETTINGS_BY_KEY, SETTINGS_KEYS, TABLES, ColType, TableSpec
from ..model.contract import normalise_header as _norm
from ..model.production import ROW
from ..model.tabledata import ProductionData
from ..model.tableupdate import (
    SettingValues,
    TableRows,
    Update,
    columns,
    comparable,
    identity_columns,
    is_missing,
    match_headers,
    plan,
    setting_keys,
)
from ..model.tableupdate import TableUpdateError as _TableUpdateError
from .cellvalues import cell_value
from .guard import check_file
from .package import (
    _STYLE_ORDER,
    _WORKBOOK_ORDER,
    CT_NS,
    CT_PATH,
    MAIN_NS,
    PR_NS,
    REL_BASE,
    SST_CT,
    Package,
    PackageError,
    SheetEntry,
    Tab,
    _bytes,
    _canon,
    _check_transitional,
    _fresh,
    _fresh_rid,
    _Graft,
    _section,
    _target_text,
    _xml,
    rels_path,
    resolve,
    sheet_entries,
    structure_locked,
    write_package,
)
from .reader import column_letter, names_to_scan
from .safe_write import DEFAULT_BACKUPS, atomic_save

__all__ = ["SettingValues", "TableRows", "TableUpdateError", "rows_of", "update_tables"]

TABLE_CT = "application/vnd.openxmlformats-officedocument.spreadsheetml.table+xml"
EXCEL_ROWS = 1_048_576
SHOWN_CELLS = 8  # a refusal names this many occupied cells, then says how many more

_M = f"{{{MAIN_NS}}}"
_REL = f"{{{PR_NS}}}Relationship"
_XML_SPACE = "{http://www.w3.org/XML/1998/namespace}space"
_C, _V, _F, _IS, _T, _ROW_TAG = _M + "c", _M + "v", _M + "f", _M + "is", _M + "t", _M + "row"
# Row attributes a new row copies from the table's last data row (its height, its row style); the others say where
# the row is or how it is grouped and folded, which belongs to that row alone.
_ROW_OWN = {"r", "spans", "hidden", "collapsed", "outlineLevel"}
# Column types whose numbers mean nothing in Excel's General format (a date would show as 46023).
_NEEDS_FORMAT = {ColType.DATE, ColType.TIME, ColType.DURATION, ColType.PAGES, ColType.MONEY, ColType.PERCENT}


class TableUpdateError(PackageError, _TableUpdateError):
    """The update cannot be made as asked (no room below the table, a column missing…); nothing was written. Both a
    ``PackageError`` (the command line's "cannot write into the workbook") and the engine-neutral
    ``model.tableupdate.TableUpdateError`` the live engine raises too."""


# --- references ----------------------------------------------------------------------------------------------------

_REF = re.compile(r"^\$?([A-Za-z]{1,3})?\$?(\d+)?$")


def _col_number(letters: str) -> int:
    n = 0
    for ch in letters.upper():
        n = n * 26 + ord(ch) - 64
    return n


def _point(text: str, end: bool) -> tuple[int, int]:
    """(row, column) of one side of a range; a whole column (``A``) or row (``3``) side spans the sheet."""
    m = _REF.match(text)
    if m is None or not (m[1] or m[2]):
        raise ValueError(f"not a cell reference: {text!r}")
    col = _col_number(m[1]) if m[1] else (16_384 if end else 1)
    row = int(m[2]) if m[2] else (EXCEL_ROWS if end else 1)
    return row, col


def _area(ref: str) -> tuple[int, int, int, int]:
    """(first row, first column, last row, last column) of ``B2:D9`` (or of one cell)."""
    a, _, b = ref.partition(":")
    r0, c0 = _point(a, False)
    r1, c1 = _point(b or a, True) if b else _point(a, False)
    return r0, c0, r1, c1


_COLUMNS: dict[str, int] = {}


def _col_of(ref: str) -> int:
    """The column number of a cell reference (``AB12`` -> 28), memoised by letters (a sheet has few columns)."""
    letters = ref.rstrip("0123456789")
    n = _COLUMNS.get(letters)
    if n is None:
        m = re.fullmatch(r"\$?([A-Za-z]{1,3})\$?", letters)
        if m is None:
            raise ValueError(f"not a cell reference: {ref!r}")
        n = _COLUMNS[letters] = _col_number(m[1])
    return n


def _ref(r0: int, c0: int, r1: int, c1: int) -> str:
    return f"{column_letter(c0)}{r0}:{column_letter(c1)}{r1}"


# --- cell values ---------------------------------------------------------------------------------------------------

# XML 1.0 cannot carry these control characters; they never mean anything in a cell (see cellvalues._text).
_ILLEGAL = re.compile(r"[\000-\010]|[\013-\014]|[\016-\037]")


@dataclass(frozen=True, slots=True)
class _Formula:
    text: str  # without the leading '='


def _excel_value(v: Any, date1904: bool) -> tuple[Any, ColType | None]:
    """A value after ``cell_value`` as what a cell stores: None, bool, a finite number or text — plus the column
    type whose format it needs when it is a date or time that became a number (an extra column's date)."""
    t = type(v)
    if t is str:
        return (_ILLEGAL.sub("", v) if _ILLEGAL.search(v) else v), None
    if v is None or t is bool or t is int:
        return v, None
    if t is float:
        if not math.isfinite(v):
            if v != v:  # NaN: pandas' missing number
                return None, None
            raise ValueError(f"{v!r} cannot be stored in a cell")
        return v, None
    if is_missing(v):
        return None, None
    epoch = CALENDAR_MAC_1904 if date1904 else CALENDAR_WINDOWS_1900
    if type(v).__module__ == "numpy" and type(v).__name__ in ("bool", "bool_"):  # numpy's booleans
        return bool(v), None
    if isinstance(v, numbers.Integral):  # numpy's integers
        return int(v), None
    if isinstance(v, numbers.Real):
        return _excel_value(float(v), date1904)
    if isinstance(v, dt.datetime):
        return to_excel(v, epoch), ColType.DATE
    if isinstance(v, dt.date):
        return to_excel(v, epoch), ColType.DATE
    if isinstance(v, dt.time | dt.timedelta):
        return to_excel(v, epoch), ColType.TIME
    if isinstance(v, str):
        return _ILLEGAL.sub("", v), None
    if isinstance(v, tuple | list | frozenset | set):
        return ", ".join(_ILLEGAL.sub("", str(x)) for x in v), None
    return _ILLEGAL.sub("", str(v)), None


def _number_text(v: int | float) -> str:
    if isinstance(v, int):
        return str(v)
    return repr(v) if not v.is_integer() or abs(v) >= 1e16 else str(int(v))


class _SharedText:
    """The texts of the workbook's shared-strings part by index, parsed on first use (only an update that must
    compare old cells with new values, or find a setting's row, reads them)."""

    def __init__(self, data: bytes | None) -> None:
        self._data = data
        self._texts: list[str] | None = None

    def __call__(self, i: int) -> str:
        if self._texts is None:
            root = _xml(self._data) if self._data else None
            self._texts = [] if root is None else [_inline_text(si) for si in root.iterchildren(_M + "si")]
        return self._texts[i] if 0 <= i < len(self._texts) else ""


def _has_strings(data: bytes | None) -> bool:
    return data is not None and re.search(rb"<(?:\w+:)?si\b", data) is not None


def _inline_text(el: etree._Element) -> str:
    """The text of an ``<is>`` or ``<si>``: its runs, without phonetic guides (``rPh``)."""
    return "".join(t.text or "" for t in el.iter("{*}t") if _local(t.getparent().tag) != "rPh")


def _local(tag: object) -> str:
    return tag.rsplit("}", 1)[-1] if isinstance(tag, str) else ""


def _stored(c: etree._Element, sst: _SharedText) -> Any:
    """What a cell holds: None, bool, a number or text (a formula's cached result; an error's text)."""
    t = c.get("t", "n")
    if t == "inlineStr":
        inline = c.find(_IS)
        return None if inline is None else _inline_text(inline)
    v = c.find(_V)
    if v is None or v.text is None or v.text == "":
        return None
    if t == "s":
        try:
            return sst(int(v.text))
        except ValueError:
            return None
    if t == "b":
        return v.text.strip() in ("1", "true")
    if t in ("str", "e"):
        return v.text
    try:
        return float(v.text)
    except ValueError:
        return v.text


def _occupied(c: etree._Element) -> bool:
    """A cell holding a value or a formula (a cell with only a style is free to be written)."""
    if c.find(_F) is not None or c.find(_IS) is not None:
        return True
    v = c.find(_V)
    return v is not None and bool(v.text)


# --- styles --------------------------------------------------------------------------------------------------------


class _Styles:
    """The workbook's ``styles.xml``, changed only by appending (a cell format with a number format, and that
    number format): no existing index moves, so every other cell keeps its look."""

    def __init__(self, root: etree._Element | None) -> None:
        self.root = root
        self.changed = False
        sec = root.find(_M + "cellXfs") if root is not None else None
        self.xfs: list[etree._Element] = [] if sec is None else sec.findall(_M + "xf")
        self.codes = {} if root is None else {nf.get("formatCode", ""): int(nf.get("numFmtId", "0"))
                                              for nf in root.iter(_M + "numFmt")}  # fmt: skip
        self._index: dict[tuple[object, ...], int] | None = None
        self._memo: dict[tuple[str | None, str], str | None] = {}

    def general(self, s: str | None) -> bool:
        i = int(s) if s and s.isdigit() else 0
        xf = self.xfs[i] if i < len(self.xfs) else None
        return xf is None or xf.get("numFmtId", "0") == "0"

    def _numfmt(self, code: str) -> int:
        from openpyxl.styles.numbers import BUILTIN_FORMATS_REVERSE

        if code in BUILTIN_FORMATS_REVERSE:
            return int(BUILTIN_FORMATS_REVERSE[code])
        if code not in self.codes:
            assert self.root is not None
            new_id = max([163, *self.codes.values()]) + 1
            sec = _section(self.root, "numFmts", _STYLE_ORDER)
            etree.SubElement(sec, _M + "numFmt", numFmtId=str(new_id), formatCode=code)
            sec.set("count", str(len(sec)))
            self.codes[code] = new_id
            self.changed = True
        return self.codes[code]

    def formatted(self, s: str | None, code: str | None, *, force: bool = False) -> str | None:
        """The style ``s`` with the number format ``code`` when ``s`` shows numbers in General; else ``s``.
        ``force``: whatever ``s`` shows (``code`` None: General)."""
        if force:
            code = code or "General"
            i = int(s) if s and s.isdigit() else 0
            xf = self.xfs[i] if i < len(self.xfs) else None
            if self.root is None or (xf is not None and xf.get("numFmtId", "0") == str(self._numfmt(code))):
                return s
        elif code is None or self.root is None or not self.general(s):
            return s
        key = (s, code)
        if key not in self._memo:
            i = int(s) if s and s.isdigit() else 0
            base = self.xfs[i] if i < len(self.xfs) else etree.Element(_M + "xf", numFmtId="0", fontId="0",
                                                                      fillId="0", borderId="0", xfId="0")  # fmt: skip
            new = etree.Element(_M + "xf", dict(base.attrib))
            for kid in base:
                new.append(etree.fromstring(etree.tostring(kid)))
            new.set("numFmtId", str(self._numfmt(code)))
            new.set("applyNumberFormat", "1")
            if self._index is None:
                self._index = {}
                for j, xf in enumerate(self.xfs):
                    self._index.setdefault(_canon(xf), j)
            found = self._index.get(_canon(new))
            if found is None:
                sec = _section(self.root, "cellXfs", _STYLE_ORDER)
                sec.append(new)
                sec.set("count", str(len(sec)))
                self.xfs.append(new)
                found = len(self.xfs) - 1
                self._index[_canon(new)] = found
                self.changed = True
            self._memo[key] = str(found)
        return self._memo[key]


# --- strings -------------------------------------------------------------------------------------------------------


class _Strings:
    """Where written text goes: inline (``shared`` False: the user's shared-strings part stays untouched), or into
    a new shared-strings part (the workbook has none with anything in it)."""

    def __init__(self, shared: bool) -> None:
        self.shared = shared
        self.index: dict[str, int] = {}
        self.uses = 0

    def put(self, c: etree._Element, text: str) -> None:
        if self.shared:
            c.set("t", "s")
            etree.SubElement(c, _V).text = str(self.index.setdefault(text, len(self.index)))
            self.uses += 1
            return
        c.set("t", "inlineStr")
        t = etree.SubElement(etree.SubElement(c, _IS), _T)
        t.text = text
        if text != text.strip() or "\n" in text:
            t.set(_XML_SPACE, "preserve")

    def part(self) -> bytes:
        root = etree.Element(_M + "sst", nsmap={None: MAIN_NS}, count=str(self.uses), uniqueCount=str(len(self.index)))
        for text in self.index:
            t = etree.SubElement(etree.SubElement(root, _M + "si"), _T)
            t.text = text
            if text != text.strip() or "\n" in text:
                t.set(_XML_SPACE, "preserve")
        return _bytes(root)


# --- one worksheet part --------------------------------------------------------------------------------------------


@dataclass
class _TablePart:
    """An Excel Table (``xl/tables/tableN.xml``) and where it stands."""

    part: str
    root: etree._Element
    r0: int
    c0: int
    r1: int
    c1: int
    header: int  # header rows (0 or 1)
    totals: int  # totals rows (0 or 1)
    columns: list[str]
    calculated: list[str | None]

    @property
    def name(self) -> str:
        return self.root.get("displayName") or self.root.get("name") or ""

    @property
    def first(self) -> int:
        return self.r0 + self.header

    @property
    def last(self) -> int:
        return self.r1 - self.totals

    @classmethod
    def parse(cls, part: str, data: bytes) -> _TablePart:
        root = _xml(data)
        r0, c0, r1, c1 = _area(root.get("ref", "A1"))
        cols = root.findall(f"{_M}tableColumns/{_M}tableColumn")
        calc = []
        for col in cols:
            f = col.find(_M + "calculatedColumnFormula")
            calc.append(f.text.lstrip("=") if f is not None and f.text else None)
        return cls(part, root, r0, c0, r1, c1, int(root.get("headerRowCount", "1")),
                   int(root.get("totalsRowCount", "0")), [c.get("name", "") for c in cols], calc)  # fmt: skip


class _Sheet:
    """A worksheet part parsed once for every update on it: rows by number, cells by column on demand."""

    def __init__(self, entry: SheetEntry, data: bytes, tables: list[_TablePart]) -> None:
        self.entry = entry
        self.root = _xml(data)
        self.tables = tables
        found = self.root.find(_M + "sheetData")
        if found is None:
            raise TableUpdateError(f"Sheet {entry.name!r} has no cell data part; save the workbook from Excel and "
                                   "try again.")  # fmt: skip
        self.sheet_data: etree._Element = found
        self.rows: dict[int, etree._Element] = {}
        r = 0
        for row in self.sheet_data.iterchildren(_ROW_TAG):
            text = row.get("r")
            r = int(text) if text else r + 1
            if not text:
                row.set("r", str(r))
            self.rows[r] = row
        self._cells: dict[int, dict[int, etree._Element]] = {}
        self.new_rows = False

    def cells(self, r: int) -> dict[int, etree._Element]:
        """Column -> cell of row ``r`` (empty when the row has none)."""
        got = self._cells.get(r)
        if got is None:
            got = {}
            row = self.rows.get(r)
            if row is not None:
                c = 0
                for cell in row.iterchildren(_C):
                    ref = cell.get("r")
                    c = _col_of(ref) if ref else c + 1
                    if not ref:
                        cell.set("r", f"{column_letter(c)}{r}")
                    got[c] = cell
            self._cells[r] = got
        return got

    def merges(self) -> list[str]:
        return [m.get("ref", "") for m in self.root.iter(_M + "mergeCell")]

    def put_row(self, r: int, cells: Mapping[int, etree._Element | None], c0: int, c1: int,
                template: Mapping[str, str]) -> None:  # fmt: skip
        """Row ``r`` holds ``cells`` in columns ``c0``..``c1`` (None: no cell) and keeps its cells elsewhere."""
        current = self.cells(r)
        for c in [c for c in current if c0 <= c <= c1]:
            del current[c]
        for c, el in cells.items():
            if el is not None:
                el.set("r", f"{column_letter(c)}{r}")
                current[c] = el
        row = self.rows.get(r)
        if row is None:
            if not current:
                return
            row = etree.Element(_ROW_TAG, {k: v for k, v in template.items() if k not in _ROW_OWN})
            row.set("r", str(r))
            self.rows[r] = row
            self.new_rows = True
        others = [k for k in row if k.tag != _C]
        row[:] = [current[c] for c in sorted(current)] + others
        row.attrib.pop("spans", None)  # an optional hint of the row's extent, which has just changed
        if not current and not others and set(row.attrib) <= {"r", "{http://schemas.microsoft.com/office/" \
                                                                   "spreadsheetml/2009/9/ac}dyDescent"}:
            self.sheet_data.remove(row)  # a row left empty by a shrinking table, with nothing of its own
            del self.rows[r]

    def finish(self) -> bytes:
        if self.new_rows:
            self.sheet_data[:] = [self.rows[r] for r in sorted(self.rows)]
        dim = self.root.find(_M + "dimension")
        if dim is not None:
            # The used area, from each row's first and last cell: a hint readers size their grid by.
            lo = hi = top = bottom = 0
            for r, row in self.rows.items():
                first = next(row.iterchildren(_C), None)
                if first is None:
                    continue
                last = next(row.iterchildren(_C, reversed=True))
                a, b = _col_of(first.get("r", "A")), _col_of(last.get("r", "A"))
                lo, hi = (min(lo, a) if lo else a), max(hi, b)
                top, bottom = (min(top, r) if top else r), max(bottom, r)
            if top:
                dim.set("ref", _ref(top, lo, bottom, hi) if (top, lo) != (bottom, hi) else f"{column_letter(lo)}{top}")
        return _bytes(self.root)

    def unshare(self, r0: int, r1: int, c0: int, c1: int) -> None:
        """Shared formulas touching rows ``r0``..``r1`` × columns ``c0``..``c1`` become one formula per cell: their
        master cell may be rewritten, and the cells that share it would lose their formula."""
        from openpyxl.formula.translate import Translator

        masters: dict[str, tuple[str, str]] = {}
        hit: set[str] = set()
        for f in self.root.iter(_F):
            if f.get("t") != "shared":
                continue
            si, ref = f.get("si", ""), f.get("ref")
            if ref is not None and f.text:
                cell = f.getparent().get("r", "")
                masters[si] = ("=" + f.text, cell)
                a0, b0, a1, b1 = _area(ref)
                if a0 <= r1 and a1 >= r0 and b0 <= c1 and b1 >= c0:
                    hit.add(si)
        if not hit:
            return
        for f in list(self.root.iter(_F)):
            si = f.get("si", "")
            if f.get("t") != "shared" or si not in hit or si not in masters:
                continue
            text, origin = masters[si]
            f.text = Translator(text, origin=origin).translate_formula(f.getparent().get("r", origin))[1:]
            for attr in ("t", "si", "ref"):
                f.attrib.pop(attr, None)


# --- the update of one table ---------------------------------------------------------------------------------------


class _FormulaSource:
    """One column's formula at any row: moved as Excel fills a column (relative references follow the row)."""

    def __init__(self, text: str, origin_row: int, col: int) -> None:
        from openpyxl.formula.translate import Translator

        self.text, self.col = text, col
        self.origin = f"{column_letter(col)}{origin_row}"
        self._translator = Translator("=" + text, origin=self.origin)
        # Structured references ([#This Row]) read the same on every row: most formulas need no moving at all.
        self.constant = self._at(origin_row + 1) == text

    def _at(self, row: int) -> str:
        return self._translator.translate_formula(f"{column_letter(self.col)}{row}")[1:]

    def at(self, row: int) -> str:
        return self.text if self.constant else self._at(row)


@dataclass
class _Context:
    """What one run shares across tables: strings, styles, the 1904 date system, the currency for money."""

    strings: _Strings
    styles: _Styles
    date1904: bool
    currency: Callable[[], str | None]
    formats: dict[ColType, str | None] = field(default_factory=dict)
    _styled: dict[tuple[str | None, ColType | None], str | None] = field(default_factory=dict)

    def format_for(self, t: ColType | None) -> str | None:
        """The template's number format for numbers of a ``t`` column (None: General will do)."""
        if t is None or t not in _NEEDS_FORMAT:
            return None
        if t not in self.formats:
            from .styles import number_format

            self.formats[t] = number_format(t, self.currency() if t is ColType.MONEY else None)
        return self.formats[t]

    def styled(self, style: str | None, t: ColType | None) -> str | None:
        """``style``, or the same with the template's number format for a ``t`` number when it shows General."""
        key = (style, t)
        got = self._styled.get(key, "?")
        if got == "?":
            # The format is looked up only for a General cell: a money format needs the workbook's currency, which
            # means reading its Settings.
            general = t in _NEEDS_FORMAT and self.styles.general(style)
            got = self._styled[key] = self.styles.formatted(style, self.format_for(t)) if general else style
        return got

    def retyped(self, style: str | None, t: ColType) -> str | None:
        """``style`` with the number format of a ``t`` value whatever it showed: a Settings row holds its own type,
        so a date added below a money row must not take the money format with the row's look."""
        return self.styles.formatted(style, self.format_for(t), force=True)

    def cell(self, style: str | None, value: Any = None, col_type: ColType | None = None) -> etree._Element | None:
        """A new cell element (its ``r`` is set where it is placed: first, as Excel writes it); None for an empty
        cell without a style."""
        t = type(value)
        if t is str and value and not _ILLEGAL.search(value):
            stored: Any = value  # the common case first: plain text
        elif t is int or (t is float and math.isfinite(value)):
            style = self.styled(style, col_type)
            el = etree.Element(_C, {"r": "", "s": style} if style not in (None, "0") else {"r": ""})
            etree.SubElement(el, _V).text = _number_text(value)
            return el
        elif t is _Formula:
            style = self.styled(style, col_type) if col_type is not None else style
            el = etree.Element(_C, {"r": "", "s": style} if style not in (None, "0") else {"r": ""})
            etree.SubElement(el, _F).text = value.text
            return el
        else:
            stored, implied = _excel_value(value, self.date1904)
            if stored is None or stored == "":
                return None if style in (None, "0") else etree.Element(_C, r="", s=style)
            if not isinstance(stored, str | bool):
                style = self.styled(style, col_type if col_type is not None else implied)
        el = etree.Element(_C, {"r": "", "s": style} if style not in (None, "0") else {"r": ""})
        if isinstance(stored, bool):
            el.set("t", "b")
            etree.SubElement(el, _V).text = "1" if stored else "0"
        elif isinstance(stored, str):
            self.strings.put(el, stored)
        else:
            etree.SubElement(el, _V).text = _number_text(stored)
        return el


def _where(sheet: _Sheet, table: _TablePart) -> str:
    return f"the {table.name} table (sheet {sheet.entry.name!r}, {_ref(table.r0, table.c0, table.r1, table.c1)})"


def _check_room(sheet: _Sheet, table: _TablePart, new_last: int) -> None:
    """Refuse (naming the cells) when the table, ending at row ``new_last`` with its totals row, would cover a cell
    holding something, a merged range or another table."""
    end = new_last + table.totals
    if end > EXCEL_ROWS:
        raise TableUpdateError(f"{_where(sheet, table)} would need to end on row {end:,}, past Excel's last row "
                               f"({EXCEL_ROWS:,}). Nothing was written.")  # fmt: skip
    if end <= table.r1:
        return
    lo, hi = table.r1 + 1, end
    busy = [f"{column_letter(c)}{r}" for r in range(lo, hi + 1) if r in sheet.rows
            for c, el in sorted(sheet.cells(r).items()) if table.c0 <= c <= table.c1 and _occupied(el)]  # fmt: skip
    for ref in sheet.merges():
        a0, b0, a1, b1 = _area(ref)
        if a0 <= hi and a1 >= lo and b0 <= table.c1 and b1 >= table.c0:
            busy.append(f"{ref} (merged)")
    for other in sheet.tables:
        if other is not table and other.r0 <= hi and other.r1 >= lo and other.c0 <= table.c1 and \
                other.c1 >= table.c0:  # fmt: skip
            busy.append(f"{_ref(other.r0, other.c0, other.r1, other.c1)} (the {other.name} table)")
    if busy:
        shown = ", ".join(busy[:SHOWN_CELLS]) + (f" and {len(busy) - SHOWN_CELLS} more" if len(busy) > SHOWN_CELLS
                                                 else "")  # fmt: skip
        raise TableUpdateError(
            f"{_where(sheet, table)} must grow to {_ref(table.r0, table.c0, end, table.c1)}, but on sheet "
            f"{sheet.entry.name!r} these cells below it are not empty: {shown}. Move them (or the table) out of the "
            "way, or insert empty rows below the table, and try again. Nothing was written.")


def _column_styles(sheet: _Sheet, table: _TablePart) -> list[str | None]:
    """The style of each table column for rows added below: the last data row's, else the first's, else the row's
    or the column's own style."""
    last, first = sheet.cells(table.last), sheet.cells(table.first)
    row = sheet.rows.get(table.last)
    row_style = row.get("s") if row is not None and row.get("customFormat") in ("1", "true") else None
    col_styles: dict[int, str] = {}
    for col in sheet.root.iter(_M + "col"):
        if col.get("style") is not None:
            for c in range(int(col.get("min", "1")), int(col.get("max", "1")) + 1):
                col_styles[c] = col.get("style", "0")
    out: list[str | None] = []
    for c in range(table.c0, table.c1 + 1):
        el = last.get(c) if last.get(c) is not None else first.get(c)
        out.append(el.get("s") if el is not None else row_style or col_styles.get(c))
    return out


def _row_template(sheet: _Sheet, table: _TablePart) -> dict[str, str]:
    row = sheet.rows.get(table.last)
    return {} if row is None else dict(row.attrib)


def _place(sheet: _Sheet, table: _TablePart, content: Sequence[Mapping[int, etree._Element | None]],
           template: Mapping[str, str]) -> None:  # fmt: skip
    """Put ``content`` (per data row: column -> cell) in the table's data rows, move its totals row below them, and
    resize the table, its filter and the ranges that cover its columns. ``_check_room`` has passed."""
    n = len(content)
    first, old_last, old_end = table.first, table.last, table.r1
    new_last = first + n - 1
    new_end = new_last + table.totals
    c0, c1 = table.c0, table.c1
    totals = {k: {c: el for c, el in sheet.cells(old_last + 1 + k).items() if c0 <= c <= c1}
              for k in range(table.totals)}  # fmt: skip
    for r in range(first, max(old_end, new_end) + 1):
        if r <= new_last:
            row = content[r - first]
            if row is _KEEP:
                continue  # the row holds what it is given already, at the same place
        elif r <= new_end:
            row = totals.get(r - new_last - 1, {})
        else:
            row = {}
        if row or r in sheet.rows:
            sheet.put_row(r, row, c0, c1, template)
    _resize(sheet, table, new_last)


def _resize(sheet: _Sheet, table: _TablePart, new_last: int) -> None:
    old_last = table.last
    new_end = new_last + table.totals
    root = table.root
    root.set("ref", _ref(table.r0, table.c0, new_end, table.c1))
    auto = root.find(_M + "autoFilter")
    if auto is not None:
        auto.set("ref", _ref(table.r0, table.c0, new_last, table.c1))
        filtered = auto.findall(_M + "filterColumn")
        for el in filtered + auto.findall(_M + "sortState"):
            auto.remove(el)
        if filtered:  # the filter hid some of the old rows: show the new ones
            for r in range(table.first, new_last + 1):
                row = sheet.rows.get(r)
                if row is not None:
                    row.attrib.pop("hidden", None)
    for el in root.findall(_M + "sortState"):
        root.remove(el)
    _follow_ranges(sheet, table.c0, table.c1, table.first, old_last, new_last)
    table.r1 = new_end


_RANGE_HOLDERS = {"conditionalFormatting", "dataValidation", "ignoredError", "protectedRange"}


def _follow_ranges(sheet: _Sheet, c0: int, c1: int, first: int, old_last: int, new_last: int) -> None:
    """Validation, conditional-format (also Excel 2010's, in ``extLst``) and ignored-error ranges that cover a
    column of the table from its first data row to its last (or further) follow its new last row."""
    if new_last == old_last:
        return

    def moved(sqref: str) -> str:
        out = []
        for ref in sqref.split():
            try:
                a0, b0, a1, b1 = _area(ref)
            except ValueError:
                out.append(ref)
                continue
            if b0 <= c1 and b1 >= c0 and a0 <= first and old_last <= a1 < EXCEL_ROWS:
                if a1 == old_last:
                    a1 = new_last
                elif new_last > old_last:  # a margin below the table (the template's dropdowns) keeps its size
                    a1 = min(EXCEL_ROWS, a1 + new_last - old_last)
                ref = _ref(a0, b0, a1, b1) if (a0, b0) != (a1, b1) else f"{column_letter(b0)}{a0}"
            out.append(ref)
        return " ".join(out)

    for el in (el for top in sheet.root if top is not sheet.sheet_data for el in top.iter()):
        name = _local(el.tag)
        if name in _RANGE_HOLDERS and el.get("sqref"):
            el.set("sqref", moved(el.get("sqref", "")))
        elif name == "sqref" and el.text:  # x14 extensions: <xm:sqref>A2:A90</xm:sqref>
            el.text = moved(el.text)


def _update_rows(ctx: _Context, sheet: _Sheet, table: _TablePart, spec: TableSpec, rows: Sequence[Mapping[str, Any]],
                 sst: _SharedText) -> None:  # fmt: skip
    cols, raw = columns(spec, table.columns, rows, _where(sheet, table))
    keys, given = cols.keys, cols.given
    width = table.c1 - table.c0 + 1
    n = max(len(rows), 1)  # an Excel Table keeps at least one data row: an empty table keeps one blank row
    _check_room(sheet, table, table.first + n - 1)
    sheet.unshare(table.first, max(table.r1, table.first + n - 1 + table.totals), table.c0, table.c1)

    col_key = {j: k for k, j in keys.items()}
    types: dict[int, ColType | None] = {j: spec.column(k).type for j, k in col_key.items()}
    old_n = table.last - table.first + 1
    old = [dict(sheet.cells(table.first + p)) for p in range(old_n)]
    styles = _column_styles(sheet, table)
    formulas: dict[int, _FormulaSource] = {}
    for j in range(width):
        if j in given and j not in cols.formula:
            continue
        text = table.calculated[j]
        first_cell = old[0].get(table.c0 + j) if old else None
        first_f = first_cell.find(_F) if first_cell is not None else None
        if text is None and first_f is not None and first_f.text:
            text = first_f.text
        if text is None and j in cols.formula:
            text = (spec.column(col_key[j]).formula or "").replace("{T}", table.name).lstrip("=")
        if text is not None:
            formulas[j] = _FormulaSource(text, table.first, table.c0 + j)
    kept = [j for j in range(width) if j not in given and j not in cols.formula]
    # Values as the template writer stores them (scene 12 the number 12, pages as pages, times as day fractions).
    values = [{j: cell_value(v, types[j]) if types.get(j) is not None else v for j, v in row.items()} for row in raw]

    same = _identity(identity_columns(spec, cols), values, old, table, sst, ctx.date1904) if kept else (
        lambda p: False)
    plain = [j for j in given if j not in cols.formula]
    calc = [j for j in cols.formula if j in formulas]

    def as_before(p: int, r: int) -> bool:
        """Row ``p`` already holds exactly what it is given (and its kept cells stay): it is left as it is. Most rows
        of an import (a revised schedule) are such rows; rebuilding them cost most of the time of a season's."""
        if p >= old_n or p >= len(values) or (kept and not same(p)):
            return False
        before, here = old[p], values[p]
        for j in plain:
            el = before.get(table.c0 + j)
            if not _equal(el, here.get(j), sst, ctx.date1904):
                return False
            if types.get(j) in _NEEDS_FORMAT and here.get(j) is not None and ctx.styles.general(
                    None if el is None else el.get("s")):  # fmt: skip
                return False  # a date or an amount showing in General: rewritten, so it gets its format
        for j in calc:
            el = before.get(table.c0 + j)
            f = el.find(_F) if el is not None else None
            if f is None or f.text != formulas[j].at(r):
                return False
        return True

    content: list[dict[int, etree._Element | None]] = []
    for p in range(n):
        r = table.first + p
        if as_before(p, r):
            content.append(_KEEP)
            continue
        before = old[p] if p < old_n else {}
        here = values[p] if p < len(values) else {}
        cells: dict[int, etree._Element | None] = {}
        unchanged: bool | None = None
        for j in range(width):
            c = table.c0 + j
            prev = before.get(c)
            style = prev.get("s") if prev is not None else styles[j]
            if j in cols.formula:
                cells[c] = ctx.cell(style, _Formula(formulas[j].at(r)), types.get(j))
            elif j in given:
                cells[c] = ctx.cell(style, here.get(j), types.get(j))
            else:
                if unchanged is None:
                    unchanged = p < old_n and same(p)
                if unchanged:
                    cells[c] = prev
                elif j in formulas:
                    cells[c] = ctx.cell(style, _Formula(formulas[j].at(r)))
                else:
                    cells[c] = ctx.cell(style)
        content.append(cells)
    _place(sheet, table, content, _row_template(sheet, table))


# A data row left exactly as it is (``_update_rows``): its cells are not rebuilt and its row element not touched.
_KEEP: dict[int, etree._Element | None] = {}


def _equal(el: etree._Element | None, value: Any, sst: _SharedText, date1904: bool) -> bool:
    """Whether the cell ``el`` holds ``value`` (as ``cell_value`` gives it) exactly: the same text, case included,
    the same number as Excel stores it, the same yes/no; blank and empty text alike."""
    stored = None if el is None else _stored(el, sst)
    new = _excel_value(value, date1904)[0] if value is not None else None
    if new == "":
        new = None
    if isinstance(stored, bool) or isinstance(new, bool):
        return stored is new or (isinstance(stored, bool) and isinstance(new, bool) and stored == new)
    if isinstance(new, int | float) and isinstance(stored, float):
        # Excel keeps 15 significant digits; openpyxl writes Python's repr (17): compare what Excel would show.
        return f"{stored:.15g}" == f"{float(new):.15g}"
    return stored == new


def _identity(compare: Sequence[int], values: Sequence[Mapping[int, Any]], old: Sequence[Mapping[int, etree._Element]],
              table: _TablePart, sst: _SharedText, date1904: bool) -> Callable[[int], bool]:  # fmt: skip
    """Whether position ``p`` still holds the same row: the same value in each of the ``compare`` columns (the key
    column, else every column the update gives; see ``model.tableupdate.identity_columns``). A position beyond the
    new rows never does."""

    def same(p: int) -> bool:
        if p >= len(values) or p >= len(old):
            return False
        for j in compare:
            el = old[p].get(table.c0 + j)
            before = None if el is None else comparable(_stored(el, sst))
            if before != comparable(_excel_value(values[p].get(j), date1904)[0]):
                return False
        return True

    return same


def _update_settings(ctx: _Context, sheet: _Sheet, table: _TablePart, values: Mapping[str, Any],
                     sst: _SharedText) -> None:  # fmt: skip
    keys, _ = match_headers(SETTINGS, table.columns)
    if "key" not in keys or "value" not in keys:
        raise TableUpdateError(f"{_where(sheet, table)} has no {'Setting' if 'key' not in keys else 'Value'} column."
                               " Add it and try again. Nothing was written.")  # fmt: skip
    kj, vj, nj = keys["key"], keys["value"], keys.get("notes")
    by_label = setting_keys()
    width = table.c1 - table.c0 + 1
    old_n = table.last - table.first + 1
    old = [dict(sheet.cells(table.first + p)) for p in range(old_n)]
    at: dict[str, int] = {}
    for p in range(old_n):
        el = old[p].get(table.c0 + kj)
        label = _stored(el, sst) if el is not None else None
        key = by_label.get(_norm(label)) if label is not None else None
        if key is not None:
            at.setdefault(key, p)  # the first row of a repeated setting is the one the reader reads
    free = old_n  # trailing rows with neither a setting nor a value are reused before the table grows
    while free > 0 and all(old[free - 1].get(table.c0 + j) is None or not _occupied(old[free - 1][table.c0 + j])
                           for j in range(width)):  # fmt: skip
        free -= 1
    adding = [k for k in values if k not in at]
    n = max(old_n, free + len(adding))
    _check_room(sheet, table, table.first + n - 1)
    sheet.unshare(table.first, table.first + n - 1 + table.totals, table.c0, table.c1)
    styles = _column_styles(sheet, table)
    content: list[dict[int, etree._Element | None]] = [dict(o) for o in old] + [{} for _ in range(n - old_n)]
    for key in values:
        setting = SETTINGS_BY_KEY[key]
        v = cell_value(None if is_missing(values[key]) else values[key], setting.type)
        if key in at:
            p = at[key]
            prev = old[p].get(table.c0 + vj)
            content[p][table.c0 + vj] = ctx.cell(prev.get("s") if prev is not None else styles[vj], v, setting.type)
            continue
        p = free
        free += 1
        row: dict[int, etree._Element | None] = {}
        for j in range(width):
            before = old[p].get(table.c0 + j) if p < old_n else None
            style = before.get("s") if before is not None else styles[j]
            if j == kj:
                row[table.c0 + j] = ctx.cell(style, setting.label)
            elif j == vj:
                row[table.c0 + j] = ctx.cell(ctx.retyped(style, setting.type), v, setting.type)
            elif j == nj:
                row[table.c0 + j] = ctx.cell(style, setting.description or None)
            else:
                row[table.c0 + j] = ctx.cell(style)
        content[p] = row
    _place(sheet, table, content, _row_template(sheet, table))


# --- tables missing from the workbook: added on a new sheet by the template writer ----------------------------------


def _donor(specs: Sequence[tuple[TableSpec, Update]], currency: str | None, paper: str | None) -> bytes:
    """A workbook holding each missing table's sheet as the template writer lays it out, with its rows."""
    from openpyxl import Workbook

    from .package import render_donor
    from .writer import _Lists, _settings_rows, _write_settings, _write_table_sheet  # the template's own layout

    def build(wb: Workbook) -> None:
        lists = _Lists(wb)
        for spec, update in specs:
            if isinstance(update, SettingValues):
                _settings_rows(dict(update.values))  # refuses unknown keys
                ws = _write_table_sheet(wb, spec, [{"key": s.label} for s in SETTINGS_KEYS], lists, currency, paper)
                _write_settings(ws, dict(update.values), lists, currency)
            else:
                ws = _write_table_sheet(wb, spec, _template_rows(spec, update.rows), lists, currency, paper)
            # A dropdown list kept on the template's hidden Lists sheet would point at the user's Lists sheet (or at
            # none): left out.
            for dv in list(ws.data_validations.dataValidation):
                if dv.formula1 and "!" in dv.formula1:
                    ws.data_validations.dataValidation.remove(dv)

    return render_donor(build)


def _template_rows(spec: TableSpec, rows: Sequence[Mapping[str, Any]]) -> list[dict[str, Any]]:
    inputs = {c.key for c in spec.input_columns}
    formula_keys = set(spec.keys) - inputs
    out = []
    for row in rows:
        extra = [k for k in row if k not in inputs and k not in formula_keys and k != ROW]
        if extra:
            raise ValueError(f"{spec.name} is not in the workbook and is added with the contract's columns only; "
                             f"these keys are not among them: {', '.join(map(repr, extra))}.")  # fmt: skip
        out.append({k: v for k, v in row.items() if k in inputs})
    return out


def _add_tables(src: Path, out: Path, missing: Sequence[tuple[TableSpec, Update]], pkg: Package) -> None:
    """Write ``src`` with the ``missing`` tables added (each on its own new sheet) to ``out``."""
    currency, paper = _settings_for_layout(src, missing)
    donor = _donor(missing, currency, paper)
    # The donor's tables are unhooked from their sheets, the sheets grafted, and the tables hooked back under
    # workbook-wide fresh ids (package.py refuses a donor table: it cannot renumber them).
    tables: dict[str, tuple[str, bytes]] = {}  # sheet name -> (relationship id, table xml)
    buf = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(donor)) as zd, zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as zo:
        dpkg = Package(zd)
        wb_part = dpkg.workbook_part()
        rels_of: dict[str, str] = {}
        for e in sheet_entries(dpkg, wb_part, _xml(dpkg.read(wb_part))):
            rels_of[rels_path(e.part)] = e.name
        changed: dict[str, bytes] = {}
        for rp, name in rels_of.items():
            if rp not in dpkg.names:
                continue
            rels = _xml(dpkg.read(rp))
            for r in list(rels.iter(_REL)):
                if r.get("Type", "").endswith("/table"):
                    part = resolve(rp.replace("_rels/", "").removesuffix(".rels"), r.get("Target", ""))
                    tables[name] = (r.get("Id", ""), dpkg.read(part))
                    rels.remove(r)
            changed[rp] = _bytes(rels)
        for info in zd.infolist():
            zo.writestr(info, changed.get(info.filename, zd.read(info.filename)))
    with zipfile.ZipFile(buf) as zd:
        # An empty shared-strings part takes the new sheets' text: the graft sees to it (package.py).
        g = _Graft(pkg, Package(zd))
        entries = sheet_entries(pkg, g.wb_part, g.wb)
        next_id = 1 + max(_table_ids(pkg), default=0)
        for spec, _ in missing:
            g.graft(Tab(spec.sheet, index=_position(spec, entries, pkg)))
            entries = g._entries()
            new = next(e for e in entries if e.name == spec.sheet)
            rid, xml = tables[spec.sheet]
            table = _xml(xml)
            table.set("id", str(next_id))
            next_id += 1
            part = _fresh("xl/tables/table1.xml", g.used | set(g.added))
            g.added[part] = _bytes(table)
            g.used.add(part)
            g._type_for(part, TABLE_CT)
            rp = rels_path(new.part)
            rels = _xml(g.added[rp]) if rp in g.added else etree.Element(f"{{{PR_NS}}}Relationships",
                                                                          nsmap={None: PR_NS})  # fmt: skip
            etree.SubElement(rels, _REL, Id=rid, Type=REL_BASE + "table", Target=_target_text(new.part, part, False))
            g.added[rp] = _bytes(rels)
        changed = g.finish()
        removed = set(g.removed)
    write_package(src, out, changed, removed)


def _table_ids(pkg: Package) -> list[int]:
    ids = []
    for name in pkg.names:
        if name.startswith("xl/tables/") and name.endswith(".xml"):
            m = re.search(rb'<(?:\w+:)?table\b[^>]*?\sid="(\d+)"', pkg.read(name)[:2048])
            if m:
                ids.append(int(m[1]))
    return ids


def _position(spec: TableSpec, entries: Sequence[SheetEntry], pkg: Package) -> int | None:
    """Where a missing table's sheet goes: after the sheet of the nearest contract table before it that the workbook
    holds (CastEvents after Cast), else last."""
    order = [t.name for t in TABLES]
    where = _locate(pkg, entries)
    names = [e.name for e in entries]
    for name in reversed(order[: order.index(spec.name)]):
        hit = where.get(_norm(name))
        if hit is not None and hit[0].name in names:
            return names.index(hit[0].name) + 1
    return None


def _settings_for_layout(src: Path, missing: Sequence[tuple[TableSpec, Update]]) -> tuple[str | None, str | None]:
    """The currency and paper size a new sheet is laid out with: the update's own, else the workbook's Settings."""
    given: dict[str, Any] = {}
    for _, u in missing:
        if isinstance(u, SettingValues):
            given.update(u.values)
    if "currency" in given and "paper_size" in given:
        return given["currency"], given["paper_size"]
    settings = _workbook_settings(src)
    return (given.get("currency") or settings.get("currency") or SETTINGS_BY_KEY["currency"].default,
            given.get("paper_size") or settings.get("paper_size") or SETTINGS_BY_KEY["paper_size"].default)


def _workbook_settings(src: Path) -> Mapping[str, Any]:
    from .reader import build_settings, read_raw_tables

    try:
        return build_settings(read_raw_tables(src, [SETTINGS.name]).get(SETTINGS.name))[0]
    except Exception:  # unreadable Settings only cost the layout its currency: the contract's default is used
        return {}


# --- the run -------------------------------------------------------------------------------------------------------


def _locate(pkg: Package, entries: Sequence[SheetEntry]) -> dict[str, tuple[SheetEntry, str]]:
    """Normalised Excel Table name -> (its sheet, its table part), for every table of the workbook."""
    out: dict[str, tuple[SheetEntry, str]] = {}
    for e in entries:
        for r in pkg.rels(e.part):
            if r.get("Type", "").endswith("/table") and r.get("TargetMode") != "External":
                part = resolve(e.part, r.get("Target", ""))
                if part not in pkg.names:
                    continue
                head = pkg.read(part)[:4096]
                for attr in (rb"displayName", rb"name"):
                    m = re.search(rb"\s" + attr + rb'="([^"]*)"', head)
                    if m:
                        out.setdefault(_norm(m[1].decode("utf-8", "replace")), (e, part))
    return out


def _plain_sheet(spec: TableSpec, entries: Sequence[SheetEntry]) -> SheetEntry | None:
    """The sheet the reader would read ``spec`` from as plain cells (no Excel Table of that name)."""
    names = {_norm(e.name): e for e in entries}
    return names.get(_norm(spec.sheet)) or names.get(_norm(spec.name))


def update_tables(src: Path, dst: Path, updates: Sequence[TableRows | SettingValues], *,
                  backups: int = DEFAULT_BACKUPS) -> Path:  # fmt: skip
    """Write ``updates`` into the tables of the workbook ``src``, saved as ``dst`` (the same path updates it in place,
    keeping ``backups`` timestamped backups); atomic: ``dst`` is the old file or the new one, never half of each.
    Raises ``TableUpdateError`` (nothing written) when an update cannot be made as asked; see the module docstring
    for what an update means."""
    src, dst = Path(src), Path(dst)
    planned = plan(updates)
    # Hostile files are refused before anything parses them; only the sheets holding the updated tables are parsed.
    check_file(src, only=names_to_scan([spec.name for spec, _ in planned]))
    with zipfile.ZipFile(src) as zs:
        pkg = Package(zs)
        wb_part = pkg.workbook_part()
        entries = sheet_entries(pkg, wb_part, _check_transitional(_xml(pkg.read(wb_part))))
        found = _locate(pkg, entries)
        missing = []
        for spec, u in planned:
            if _norm(spec.name) in found:
                continue
            plain = _plain_sheet(spec, entries)
            if plain is not None:
                raise TableUpdateError(
                    f"The {spec.name} table is typed as plain cells on sheet {plain.name!r}, not as an Excel Table, "
                    f"so its rows cannot be replaced safely. Click in it, Insert → Table, name the table "
                    f"{spec.name!r} (Table Design → Table Name) and try again. Nothing was written.")
            missing.append((spec, u))
        names = {_norm(dn.get("name", "")) for dn in _xml(pkg.read(wb_part)).iter(_M + "definedName")}
        clash = [spec.name for spec, _ in missing if _norm(spec.name) in names]
        if clash:
            raise TableUpdateError(f"The workbook has a defined name {clash[0]!r}, the name of the table to add. "
                                   "Rename it (Formulas → Name Manager) and try again. Nothing was written.")
    adding = {spec.name for spec, _ in missing}
    present = [(spec, u) for spec, u in planned if spec.name not in adding]
    backup = dst.exists() and src.resolve() == dst.resolve()
    if missing and backup and structure_locked(src):
        raise TableUpdateError(
            f"{src.name}'s structure is protected (Review → Protect Workbook), so Excel itself would not let a sheet "
            f"be added to it, and the {missing[0][0].name} table needs one. Write into a copy (leave out --in-place), "
            "or remove the protection and run again.")
    if not missing:
        changed, removed = _update_present(src, present)
        return atomic_save(lambda tmp: write_package(src, tmp, changed, removed), dst, backup=backup, keep=backups)
    with tempfile.TemporaryDirectory(prefix=".xlproduction-", dir=dst.parent) as tmp_dir:
        added = Path(tmp_dir, "added.xlsx")
        with zipfile.ZipFile(src) as zs:
            _add_tables(src, added, missing, Package(zs))
        if not present:
            return atomic_save(lambda tmp: os.replace(added, tmp), dst, backup=backup, keep=backups)
        changed, removed = _update_present(added, present)
        return atomic_save(lambda tmp: write_package(added, tmp, changed, removed), dst, backup=backup, keep=backups)


def _update_present(src: Path, planned: Sequence[tuple[TableSpec, Update]]) -> tuple[dict[str, bytes], set[str]]:
    """The parts that change when ``planned`` (tables the workbook holds) are written, and the parts dropped."""
    with zipfile.ZipFile(src) as zs:
        pkg = Package(zs)
        wb_part = pkg.workbook_part()
        wb = _check_transitional(_xml(pkg.read(wb_part)))
        entries = sheet_entries(pkg, wb_part, wb)
        found = _locate(pkg, entries)
        wb_rels_path = rels_path(wb_part)
        wb_rels = _xml(pkg.read(wb_rels_path))
        related = {r.get("Type", "").rsplit("/", 1)[-1]: resolve(wb_part, r.get("Target", ""))
                   for r in wb_rels.iter(_REL) if r.get("TargetMode") != "External"}  # fmt: skip
        sst_part = related.get("sharedStrings")
        sst_data = pkg.read(sst_part) if sst_part in pkg.names else None
        populated = _has_strings(sst_data)
        styles_part = related.get("styles")
        styles = _Styles(_xml(pkg.read(styles_part)) if styles_part in pkg.names else None)
        pr = wb.find(_M + "workbookPr")
        date1904 = pr is not None and pr.get("date1904", "0") in ("1", "true")
        strings = _Strings(shared=not populated)
        setting_currency = next((u.values.get("currency") for _, u in planned if isinstance(u, SettingValues)
                                 and u.values.get("currency")), None)  # fmt: skip
        currency_cache: list[str | None] = []

        def currency() -> str | None:
            if not currency_cache:
                currency_cache.append(setting_currency or _workbook_settings(src).get("currency")
                                      or SETTINGS_BY_KEY["currency"].default)  # fmt: skip
            return currency_cache[0]

        ctx = _Context(strings, styles, date1904, currency)
        sst = _SharedText(sst_data if populated else None)
        sheets: dict[str, _Sheet] = {}
        tables: dict[str, _TablePart] = {}
        for spec, u in planned:
            entry, table_part = found[_norm(spec.name)]
            sheet = sheets.get(entry.part)
            if sheet is None:
                parts = [resolve(entry.part, r.get("Target", "")) for r in pkg.rels(entry.part)
                         if r.get("Type", "").endswith("/table") and r.get("TargetMode") != "External"]  # fmt: skip
                on_sheet = [tables.get(p) or _TablePart.parse(p, pkg.read(p)) for p in parts if p in pkg.names]
                for t in on_sheet:
                    tables.setdefault(t.part, t)
                sheet = sheets[entry.part] = _Sheet(entry, pkg.read(entry.part), [tables[t.part] for t in on_sheet])
            table = tables[table_part]
            _refuse_odd_tables(sheet, table)
            if isinstance(u, SettingValues):
                _update_settings(ctx, sheet, table, u.values, sst)
            else:
                _update_rows(ctx, sheet, table, spec, list(u.rows), sst)
            tables[table_part] = table

        changed: dict[str, bytes] = {}
        removed: set[str] = set()
        for part, sheet in sheets.items():
            changed[part] = sheet.finish()
        for spec, _ in planned:
            part = found[_norm(spec.name)][1]
            changed[part] = _bytes(tables[part].root)
        if styles.changed and styles_part is not None and styles.root is not None:
            changed[styles_part] = _bytes(styles.root)
        types = None
        if strings.shared and strings.index:
            types = _xml(pkg.read(CT_PATH))
            if sst_part is not None and sst_part in pkg.names:
                name = sst_part  # an empty part is replaced by one holding the text
            else:
                name = _fresh("xl/sharedStrings.xml", set(pkg.names)) if "xl/sharedStrings.xml" in pkg.names \
                    else "xl/sharedStrings.xml"  # fmt: skip
                etree.SubElement(wb_rels, _REL, Id=_fresh_rid(wb_rels), Type=REL_BASE + "sharedStrings",
                                 Target=_target_text(wb_part, name, False))  # fmt: skip
                _set_override(types, name, SST_CT)
            changed[name] = strings.part()
        chain = related.get("calcChain")
        if chain is not None and chain in pkg.names and _chain_mentions(pkg.read(chain),
                                                                        {s.entry.sheet_id for s in sheets.values()}):
            removed.add(chain)
            types = types if types is not None else _xml(pkg.read(CT_PATH))
            for o in list(types.iter(f"{{{CT_NS}}}Override")):
                if o.get("PartName", "").lstrip("/") == chain:
                    types.remove(o)
            for r in list(wb_rels.iter(_REL)):
                if r.get("Type", "").endswith("/calcChain"):
                    wb_rels.remove(r)
        if types is not None:
            changed[CT_PATH] = _bytes(types)
            changed[wb_rels_path] = _bytes(wb_rels)
        calc = wb.find(_M + "calcPr")
        if calc is None or calc.get("fullCalcOnLoad") not in ("1", "true"):
            # Values changed: every formula that depends on them (display columns, totals, the Top Sheet) holds a
            # stale cached value until Excel recalculates, which it then does on open.
            _section(wb, "calcPr", _WORKBOOK_ORDER).set("fullCalcOnLoad", "1")
            changed[wb_part] = _bytes(wb)
    return changed, removed


def _refuse_odd_tables(sheet: _Sheet, table: _TablePart) -> None:
    kind = table.root.get("tableType", "worksheet")
    if kind != "worksheet":
        raise TableUpdateError(f"{_where(sheet, table)} is filled from an external source ({kind} table): its rows "
                               "come from there, not from xlproduction. Nothing was written.")  # fmt: skip
    if table.c1 - table.c0 + 1 != len(table.columns):
        raise TableUpdateError(f"{_where(sheet, table)} is damaged (its range and its columns disagree). Open and save "
                               "it in Excel, then try again. Nothing was written.")  # fmt: skip


def _set_override(types: etree._Element, part: str, content_type: str) -> None:
    for o in types.iter(f"{{{CT_NS}}}Override"):
        if o.get("PartName") == "/" + part:
            o.set("ContentType", content_type)
            return
    etree.SubElement(types, f"{{{CT_NS}}}Override", PartName="/" + part, ContentType=content_type)


def _chain_mentions(data: bytes, sheet_ids: set[int]) -> bool:
    """Whether Excel's calculation chain lists a cell of one of the sheets (by sheet id; an entry without ``i`` is
    on the previous entry's sheet)."""
    current = None
    for c in _xml(data).iter(_M + "c"):
        current = c.get("i", current)
        if current is not None and int(current) in sheet_ids:
            return True
    return False


def rows_of(data: ProductionData, tables: Iterable[str]) -> list[TableRows]:
    """``TableRows`` for ``tables`` of ``data`` (a convenience for jobs that build a ``ProductionData``)."""
    return [TableRows(t, data.rows(t)) for t in tables]

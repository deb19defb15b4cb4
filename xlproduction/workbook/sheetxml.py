"""Writing ``SheetSpec`` tabs straight to SpreadsheetML, without openpyxl's cell objects.

openpyxl builds a Python object per cell and then serialises each one: a finance pack with a season's 100,000
ledger lines (a million cells) took 16 s and 10× the workbook's size in memory to render and save. A spec already
says everything a cell needs (values in blocks, styles per block, formats laid over them), so this module writes
the worksheet XML row by row, streamed into the zip, with one style entry per distinct look: the same tab in a
tenth of the time and memory.

The output means what ``render.render_into`` (openpyxl) makes of the same spec — values and formulas, quote
prefixes, styles layered in the same order (a block or format sets the font and alignment, and the fill, border
and number format it names), dates with openpyxl's default formats, links, merges, widths, heights, frozen panes,
filter, tab colour and print setup — and ``tests/test_sheetxml.py`` compares the two cell by cell. Two deliberate
differences: fonts name their face (Calibri, the house font; a nameless font prints in a serif face in
LibreOffice), and colours are opaque ARGB (``FF…``). Tabs with charts are not handled here (``supports``): they
go through openpyxl, which draws the chart parts.

Used for new workbooks (the finance pack, exports) and as the donor of tabs grafted into a user's workbook
(``package.py``), which takes inline strings (``inline_strings=True``).
"""

from __future__ import annotations

import datetime as dt
import decimal
import io
import math
import operator
import re
import zipfile
from bisect import bisect_left
from collections.abc import Iterable, Sequence
from itertools import chain, repeat
from operator import itemgetter
from pathlib import Path
from typing import IO, Any
from xml.sax.saxutils import escape, quoteattr

from openpyxl.styles.numbers import BUILTIN_FORMATS_REVERSE
from openpyxl.utils import get_column_letter, range_boundaries
from openpyxl.utils.datetime import to_excel
from openpyxl.writer.theme import theme_xml

from ..model.sheetspec import Formula, SheetSpec, Style
from .safety import FORMULA_STARTS
from .styles import FONT_NAME, PAPER_SIZES

MAIN = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
REL = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
PKG_REL = "http://schemas.openxmlformats.org/package/2006/relationships"
_DECL = '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
LINK_COLOR = "0563C1"
BORDER_COLOR = "BFBFBF"
DEFAULT_SIZE = 11.0
LETTER = 1
# What openpyxl gives a cell holding a date or time whose number format is still General.
DATE_FORMATS: dict[type, str] = {dt.datetime: "yyyy-mm-dd h:mm:ss", dt.date: "yyyy-mm-dd", dt.time: "h:mm:ss",
                                 dt.timedelta: "[hh]:mm:ss"}  # fmt: skip
_FIRST_CUSTOM = 164
# Characters XML 1.0 cannot hold (dropped, as render.render_into drops them).
_ILLEGAL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f]")
_ESCAPE_LIKE = re.compile(r"_(x[0-9A-Fa-f]{4}_)")
_MAX_TEXT = 32767  # Excel's limit for a cell's text
_NUMBERS = (int, float, decimal.Decimal)
# Value types the column-wise path of ``write_sheet`` writes itself; anything else goes row by row.
_RUN_TYPES = frozenset({type(None), float, int, str, dt.date})
_MIN_RUN = 2  # rows: shorter stretches are not worth setting up column by column
# Rows per stretch at most: a season's ledger in one stretch held all its columns' XML at once (peak memory 6x the
# workbook's unzipped size, against 4x row by row); 2,000 rows keep the speed and the memory of the row path.
_MAX_RUN = 2_000
# Off only in tests/test_sheetxml_runs.py, which holds the column-at-a-time path to the row path's bytes.
COLUMN_RUNS = True


def supports(spec: SheetSpec) -> bool:
    """Whether this writer can draw ``spec`` (charts need openpyxl's drawing parts)."""
    return not spec.charts


# --- styles ------------------------------------------------------------------------------------------------------

# A cell's look: (font, fill, border, number format, alignment). Font = (bold, italic, size, colour, underline);
# alignment = (horizontal, wrap). Layers replace font and alignment, and set fill, border and format when named.
Look = tuple[tuple[bool, bool, float | None, str | None, bool] | None, str | None, bool, str | None,
             tuple[str | None, bool] | None]  # fmt: skip
_PLAIN: Look = (None, None, False, None, None)


def _layer(look: Look, style: Style) -> Look:
    _, fill, border, fmt, _ = look
    return ((style.bold, style.italic, style.size, style.color, False), style.fill or fill, border or style.border,
            style.number_format or fmt, (style.align, style.wrap))  # fmt: skip


def _link(look: Look) -> Look:
    return ((False, False, None, LINK_COLOR, True), *look[1:])  # type: ignore[return-value]


def _argb(color: str) -> str:
    c = color.lstrip("#").upper()
    return c if len(c) == 8 else "FF" + c[-6:]


class Styles:
    """Distinct looks as cellXfs entries, built as cells ask for them."""

    def __init__(self) -> None:
        self.fonts: dict[tuple[Any, ...], int] = {(False, False, None, None, False): 0}
        self.fills: dict[str | None, int] = {None: 0, "gray125": 1}
        self.borders: dict[bool, int] = {False: 0}
        self.numfmts: dict[str, int] = {}
        self.xfs: dict[tuple[Any, ...], int] = {(0, 0, 0, 0, None, False): 0}

    def _numfmt(self, code: str | None) -> int:
        if not code or code == "General":
            return 0
        if code in BUILTIN_FORMATS_REVERSE:
            return BUILTIN_FORMATS_REVERSE[code]
        if code not in self.numfmts:
            self.numfmts[code] = _FIRST_CUSTOM + len(self.numfmts)
        return self.numfmts[code]

    def xf(self, look: Look, prefix: bool) -> int:
        font, fill, border, fmt, align = look
        f = self.fonts.setdefault(font or (False, False, None, None, False), len(self.fonts))
        fi = self.fills.setdefault(fill, len(self.fills)) if fill else 0
        b = self.borders.setdefault(True, 1) if border else 0
        key = (self._numfmt(fmt), f, fi, b, align, prefix)
        return self.xfs.setdefault(key, len(self.xfs))

    def xml(self) -> str:
        out = [_DECL, f'<styleSheet xmlns="{MAIN}">']
        if self.numfmts:
            out.append(f'<numFmts count="{len(self.numfmts)}">')
            out += [f'<numFmt numFmtId="{i}" formatCode={quoteattr(code)}/>' for code, i in self.numfmts.items()]
            out.append("</numFmts>")
        out.append(f'<fonts count="{len(self.fonts)}">')
        for bold, italic, size, color, underline in self.fonts:
            parts = ["<font>", '<b val="1"/>' if bold else "", '<i val="1"/>' if italic else "",
                     '<u val="single"/>' if underline else "", f'<sz val="{size or DEFAULT_SIZE:g}"/>',
                     f'<color rgb="{_argb(color)}"/>' if color else '<color theme="1"/>',
                     f'<name val="{FONT_NAME}"/><family val="2"/>', "</font>"]  # fmt: skip
            out.append("".join(parts))
        out.append(f'</fonts><fills count="{len(self.fills)}">')
        for fill in self.fills:
            if fill is None:
                out.append('<fill><patternFill patternType="none"/></fill>')
            elif fill == "gray125":
                out.append('<fill><patternFill patternType="gray125"/></fill>')
            else:
                c = _argb(fill)
                out.append(f'<fill><patternFill patternType="solid"><fgColor rgb="{c}"/><bgColor rgb="{c}"/>'
                           "</patternFill></fill>")  # fmt: skip
        out.append(f'</fills><borders count="{len(self.borders)}">')
        for border in self.borders:
            if border:
                side = f'style="thin"><color rgb="{_argb(BORDER_COLOR)}"/>'
                out.append(f"<border><left {side}</left><right {side}</right><top {side}</top>"
                           f"<bottom {side}</bottom><diagonal/></border>")  # fmt: skip
            else:
                out.append("<border><left/><right/><top/><bottom/><diagonal/></border>")
        out.append('</borders><cellStyleXfs count="1"><xf numFmtId="0" fontId="0" fillId="0" borderId="0"/>'
                   f'</cellStyleXfs><cellXfs count="{len(self.xfs)}">')  # fmt: skip
        for numfmt, font, fill, border, align, prefix in self.xfs:
            attrs = f'numFmtId="{numfmt}" fontId="{font}" fillId="{fill}" borderId="{border}" xfId="0"'
            for flag, name in ((numfmt, "applyNumberFormat"), (font, "applyFont"), (fill, "applyFill"),
                               (border, "applyBorder"), (align, "applyAlignment")):  # fmt: skip
                if flag:
                    attrs += f' {name}="1"'
            if prefix:
                attrs += ' quotePrefix="1"'
            if align is None:
                out.append(f"<xf {attrs}/>")
                continue
            horizontal, wrap = align
            a = ' vertical="top"' + (f' horizontal="{horizontal}"' if horizontal else "") + \
                (' wrapText="1"' if wrap else "")  # fmt: skip
            out.append(f"<xf {attrs}><alignment{a}/></xf>")
        out.append('</cellXfs><cellStyles count="1"><cellStyle name="Normal" xfId="0" builtinId="0"/></cellStyles>'
                   '<dxfs count="0"/><tableStyles count="0" defaultTableStyle="TableStyleMedium9" '
                   'defaultPivotStyle="PivotStyleLight16"/></styleSheet>')  # fmt: skip
        return "".join(out)


# --- strings -------------------------------------------------------------------------------------------------------


def _text(s: str) -> str:
    """Escaped for XML. Control characters XML cannot hold are dropped, as ``render_into`` drops them (a bell
    pasted from a terminal must not fail the write); text that looks like Excel's own ``_xHHHH_`` escape is
    protected (``_x005F_``), or Excel would read ``_x0041_`` as ``A``."""
    if len(s) > _MAX_TEXT:
        s = s[:_MAX_TEXT]
    if _ILLEGAL.search(s):
        s = _ILLEGAL.sub("", s)
    if "_x" in s:
        s = _ESCAPE_LIKE.sub(r"_x005F_\1", s)
    return escape(s)


class SharedStrings:
    def __init__(self) -> None:
        self.index: dict[str, int] = {}
        self.uses = 0

    def ref(self, s: str) -> int:
        self.uses += 1
        return self.index.setdefault(s, len(self.index))

    def xml(self) -> Iterable[str]:
        yield f'{_DECL}<sst xmlns="{MAIN}" count="{self.uses}" uniqueCount="{len(self.index)}">'
        for s in self.index:
            t = _text_fast(s)  # the same text as _text(s): most strings need no change, and are not scanned four times
            yield f'<si><t xml:space="preserve">{t}</t></si>' if s != s.strip() else f"<si><t>{t}</t></si>"
        yield "</sst>"


# --- one sheet -----------------------------------------------------------------------------------------------------


def _ref(ref: str) -> tuple[int, int, int, int]:
    c1, r1, c2, r2 = range_boundaries(ref)
    return r1, c1, r2 or r1, c2 or c1  # type: ignore[return-value]


class _Block:
    """A block with what the row loop needs at hand (``Block.width`` scans every row: read once)."""

    __slots__ = ("col", "end", "index", "look", "row", "style", "values", "width")

    def __init__(self, index: int, b: Any) -> None:
        self.index, self.row, self.col, self.values, self.style = index, b.row, b.col, b.values, b.style
        self.end, self.width = b.row + b.height, b.width
        self.look = _layer(_PLAIN, b.style) if b.style is not None else _PLAIN


_SPECIAL = re.compile(r"[&<>\x00-\x08\x0b\x0c\x0e-\x1f]|_x")


def _text_fast(s: str) -> str:
    return _text(s) if len(s) > _MAX_TEXT or _SPECIAL.search(s) else s


def _value_xml(v: Any, literal: bool, strings: SharedStrings | None) -> tuple[str, str, str | None, bool]:
    """(type attribute, inner XML, default date format, quote prefix) for one value."""
    tv = type(v)
    if tv is float:
        return (' t="n"', f"<v>{v!r}</v>", None, False) if math.isfinite(v) else ("", "", None, False)
    if tv is str or isinstance(v, str):
        if not v:
            return "", "", None, False  # an empty text is an empty cell (openpyxl writes nothing in it either)
        if isinstance(v, Formula) or (not literal and v.startswith("=") and len(v) > 1):
            return "", f"<f>{_text_fast(v[1:])}</f><v></v>", None, False
        prefix = literal and v.startswith(FORMULA_STARTS)
        if strings is not None:
            return ' t="s"', f"<v>{strings.ref(v)}</v>", None, prefix
        space = ' xml:space="preserve"' if v[:1].isspace() or v[-1:].isspace() else ""
        return ' t="inlineStr"', f"<is><t{space}>{_text_fast(v)}</t></is>", None, prefix
    if tv is bool:
        return ' t="b"', f"<v>{int(v)}</v>", None, False
    if tv is int:
        return ' t="n"', f"<v>{v}</v>", None, False
    for kind in DATE_FORMATS:  # datetime before date: a datetime is a date too
        if isinstance(v, kind):
            if isinstance(v, dt.datetime) and v.tzinfo is not None:
                v = v.replace(tzinfo=None)
            return ' t="n"', f"<v>{to_excel(v)!r}</v>", DATE_FORMATS[kind], False
    if isinstance(v, _NUMBERS) or hasattr(v, "dtype"):  # Decimal, numpy and pandas scalars
        try:
            x = float(v)
        except (TypeError, ValueError):
            return _value_xml(str(v), literal, strings)
        if not math.isfinite(x):
            return "", "", None, False  # NaN and infinity have no cell form: left empty
        return ' t="n"', f"<v>{x!r}</v>", None, False
    import pandas as pd

    if v is pd.NA or v is pd.NaT:
        return "", "", None, False
    return _value_xml(str(v), literal, strings)


_DATE_FORMAT_OF: dict[type, str | None] = {}  # type -> its default date format: isinstance once per type


def _type_date_format(t: type) -> str | None:
    try:
        return _DATE_FORMAT_OF[t]
    except KeyError:
        pass
    fmt = next((f for kind, f in DATE_FORMATS.items() if issubclass(t, kind)), None)  # datetime before date
    _DATE_FORMAT_OF[t] = fmt
    return fmt


def _date_format(v: Any) -> str | None:
    return _type_date_format(type(v))


def _pane(freeze: str) -> str:
    r1, c1, _, _ = _ref(freeze)
    x, y = c1 - 1, r1 - 1
    if not x and not y:
        return ""
    pane = "bottomRight" if x and y else "bottomLeft" if y else "topRight"
    attrs = (f' xSplit="{x}"' if x else "") + (f' ySplit="{y}"' if y else "")
    return (f'<pane{attrs} topLeftCell="{freeze}" activePane="{pane}" state="frozen"/>'
            f'<selection pane="{pane}" activeCell="{freeze}" sqref="{freeze}"/>')  # fmt: skip


class _Row:
    """The general case of one row: blocks, formats and links overlapping (layered as openpyxl renders them)."""

    def __init__(self) -> None:
        self.cells: dict[int, list[Any]] = {}
        self.layered: dict[tuple[Look, Style], Look] = {}

    def cell(self, c: int) -> list[Any]:
        got = self.cells.get(c)
        if got is None:
            got = self.cells[c] = [None, _PLAIN]
        return got

    def layer(self, cell: list[Any], style: Style) -> None:
        k = (cell[1], style)
        got = self.layered.get(k)
        if got is None:
            got = self.layered[k] = _layer(cell[1], style)
        cell[1] = got


def write_sheet(out: IO[bytes], spec: SheetSpec, styles: Styles, strings: SharedStrings | None,
                selected: bool = False) -> None:  # fmt: skip
    """The worksheet part of ``spec``, streamed to ``out`` a row at a time.

    A row covered by one block only (the body of every big table) is written straight from the block's values
    with the block's look; rows where blocks, formats or links overlap are layered cell by cell as
    ``render_into`` does (the last block's value wins; each style layer replaces font and alignment and sets
    fill, border and number format when it names them; links last). Stretches of rows of one shape (a table's
    body) are written column by column (``run``), to the same bytes."""
    literal = spec.literal_text
    blocks = [_Block(i, b) for i, b in enumerate(spec.blocks)]
    fmt_rows: dict[int, list[tuple[int, int, Style]]] = {}
    for f in spec.formats:
        for r1, c1, r2, c2 in f.ranges:
            for r in range(r1, r2 + 1):
                fmt_rows.setdefault(r, []).append((c1, c2, f.style))
    link_rows: dict[int, list[int]] = {}
    for link in spec.links:
        link_rows.setdefault(link.row, []).append(link.col)
    merged_away: set[tuple[int, int]] = set()
    for m in spec.merges:
        r1, c1, r2, c2 = _ref(m)
        merged_away |= {(r, c) for r in range(r1, r2 + 1) for c in range(c1, c2 + 1)} - {(r1, c1)}
    heights = spec.heights
    row_set: set[int] = set(fmt_rows) | set(link_rows) | set(heights)
    for b in blocks:
        row_set.update(range(b.row, b.end))
    max_row = max(row_set, default=1)
    max_col = max([b.col + max(b.width, 1) - 1 for b in blocks] + [c2 for f in spec.formats for _, _, _, c2 in f.ranges]
                  + [link.col for link in spec.links] + [1])  # fmt: skip

    buf: list[str] = [_DECL, f'<worksheet xmlns="{MAIN}" xmlns:r="{REL}"><sheetPr>']
    if spec.tab_color:
        buf.append(f'<tabColor rgb="{_argb(spec.tab_color)}"/>')
    buf.append('<outlinePr summaryBelow="1" summaryRight="1"/><pageSetUpPr fitToPage="1"/></sheetPr>')
    buf.append(f'<dimension ref="A1:{get_column_letter(max_col)}{max_row}"/>')
    selected_attr = ' tabSelected="1"' if selected else ""
    buf.append(f'<sheetViews><sheetView{selected_attr} workbookViewId="0">')
    buf.append(_pane(spec.freeze) if spec.freeze else "")
    buf.append('</sheetView></sheetViews><sheetFormatPr baseColWidth="8" defaultRowHeight="15"/>')
    if spec.widths:
        buf.append("<cols>")
        buf += [f'<col min="{c}" max="{c}" width="{w}" customWidth="1"/>' for c, w in sorted(spec.widths.items())]
        buf.append("</cols>")
    buf.append("<sheetData>")
    out.write("".join(buf).encode())

    letters = [""] + [get_column_letter(c) for c in range(1, max_col + 1)]
    xf_cache: dict[tuple[Look, str | None, bool], int] = {}

    def xf(look: Look, date_fmt: str | None, prefix: bool) -> int:
        key = (look, date_fmt, prefix)
        got = xf_cache.get(key)
        if got is None:
            if date_fmt is not None and look[3] is None:
                look = (look[0], look[1], look[2], date_fmt, look[4])
            got = xf_cache[key] = styles.xf(look, prefix)
        return got

    # A row's shape — which blocks cover it, the formats and links on it — decides the look of each of its cells,
    # whatever the values: the body rows of a table share one shape, so the layering is done once per shape.
    shapes: dict[tuple[Any, ...], tuple[list[int], list[Look], list[int], frozenset[int]]] = {}

    def shape(r: int, active: list[_Block], active_key: tuple[int, ...]) -> tuple[list[int], list[Look], list[int],
                                                                                frozenset[int]]:  # fmt: skip
        fmts = tuple(fmt_rows[r]) if r in fmt_rows else ()
        links = tuple(link_rows[r]) if r in link_rows else ()
        key = (active_key, fmts, links)
        got = shapes.get(key)
        if got is not None:
            return got
        row = _Row()
        for b in active:
            if b.style is not None:
                for c in range(b.col, b.col + b.width):
                    row.layer(row.cell(c), b.style)
        for c1, c2, style in fmts:
            for c in range(c1, c2 + 1):
                row.layer(row.cell(c), style)
        for c in links:
            cell = row.cell(c)
            cell[1] = _link(cell[1])
        cols = sorted(row.cells)
        looks = [row.cells[c][1] for c in cols]
        plain = [xf(look, None, False) for look in looks]
        got = shapes[key] = (cols, looks, plain, frozenset(cols))
        return got

    serials: dict[dt.date, str] = {}  # a ledger's 100,000 rows fall on a few hundred dates

    def serial_of(v: dt.date) -> str:
        got = serials.get(v)
        if got is None:
            got = serials[v] = repr(to_excel(v))
        return got

    date_default = DATE_FORMATS[dt.date]

    def run(r0: int, r1: int, active: list[_Block], active_key: tuple[int, ...]) -> list[str] | None:
        """Rows ``r0``..``r1 - 1``, all of one shape (the same styled blocks, no format, link, height or merge on
        them), written column by column: each column's values are merged, typed and formatted in one pass
        instead of cell by cell through the general row loop. The bytes are those the row loop writes (the
        shared strings are numbered in the same row-major order). None when a value is of a kind only the row
        loop handles (formulas, booleans, datetimes, numpy scalars…) or a row is ragged: nothing was done."""
        cols, looks, plain, _ = shape(r0, active, active_key)
        if not cols:
            return None
        n = r1 - r0
        merged: list[list[Any]] = []
        stickies: list[list[str | None] | None] = []  # per column: a date's format kept on an overwritten cell
        kinds: list[frozenset[type] | set[type]] = []
        for c in cols:
            vals: list[Any] | None = None
            stk: list[str | None] | None = None
            for b in active:  # in block order: the last block's value wins, as in the row loop
                j = c - b.col
                if not 0 <= j < b.width:
                    continue
                try:
                    new = list(map(itemgetter(j), b.values[r0 - b.row : r1 - b.row]))
                except IndexError:
                    return None  # a short row: the row loop knows which cells it leaves alone
                if vals is None:
                    vals = new
                    continue
                if stk is None and all(map(operator.is_, vals, new)):
                    # An overlay of the same values (a money or date column restyled): each cell is overwritten by
                    # itself, and a date keeps its default format (the row loop's sticky format).
                    fmts = {t: _type_date_format(t) for t in set(map(type, vals))}  # None's type has none
                    if any(fmts.values()):
                        stk = [fmts[type(v)] for v in vals] if len(fmts) > 1 else [next(iter(fmts.values()))] * n
                    continue
                if stk is None:
                    stk = [None] * n
                for i, (old, v) in enumerate(zip(vals, new, strict=True)):
                    if v is None and not literal:
                        new[i] = old  # openpyxl's ws.cell(r, c, None) leaves the cell as it was
                    elif old is not None and stk[i] is None:
                        stk[i] = _date_format(old)
                vals = new
            if vals is None:
                vals = [None] * n
            types = set(map(type, vals))
            if not types <= _RUN_TYPES:
                return None
            if str in types and not literal and any(type(v) is str and v.startswith(FORMULA_STARTS) for v in vals):
                return None  # text that is a formula
            merged.append(vals)
            stickies.append(stk if stk is not None and any(stk) else None)
            kinds.append(types)
        row_sticky = list(map(any, zip(*[t for t in stickies if t is not None], strict=True))) if any(stickies) \
            else None  # fmt: skip
        if strings is not None:  # numbered in the order the row loop would meet them: row by row, left to right
            index = strings.index
            uses = 0
            text_cols = [v for v, t in zip(merged, kinds, strict=True) if str in t]
            # dict.fromkeys keeps each distinct value at its first appearance, row by row: the row loop's order.
            for v in dict.fromkeys(chain.from_iterable(zip(*text_cols, strict=True))):
                if v.__class__ is str and v and v not in index:
                    index[v] = len(index)
            for vals in text_cols:
                uses += sum(1 for v in vals if v.__class__ is str and v) if len(set(map(type, vals))) > 1 else \
                    n - vals.count("")  # fmt: skip
            strings.uses += uses
        # Each column's way of writing: "text" (shared strings), "number" and "date" columns by one comprehension
        # each, anything else cell by cell (the same bytes as the row loop either way).
        every_row_sticky = row_sticky is not None and all(row_sticky)
        ways: list[str] = []
        for vals, stk, types in zip(merged, stickies, kinds, strict=True):
            if stk is None and str in types and strings is not None and types <= {str, type(None)} and \
                    not any(map(str.startswith, filter(None, set(vals)), repeat(FORMULA_STARTS))):  # fmt: skip
                ways.append("text")
            elif stk is None and types == {float} and all(map(math.isfinite, vals)):
                ways.append("number")
            elif types == {dt.date} and (row_sticky is None or (every_row_sticky and stk is not None
                                                                and len(set(stk)) == 1)):  # fmt: skip
                ways.append("date")
            else:
                ways.append("cells")
        # New styles are numbered as the row loop would create them (row by row, left to right): each column's
        # first use of a look is noted, and the looks are asked for in that order before any cell is written.
        wanted: list[tuple[int, int, int, tuple[Look, str | None, bool]]] = []
        for pos, (vals, stk, look, way) in enumerate(zip(merged, stickies, looks, ways, strict=True)):
            if way == "date":
                fmt = date_default if row_sticky is None else stk[0]  # type: ignore[index]
                wanted.append((0, pos, 0, (look, fmt, False)))
            if way != "cells":
                continue
            seen: set[tuple[Look, str | None, bool]] = set()
            for i, v in enumerate(vals):
                st = stk[i] if stk is not None else None
                keys = [(look, st, False)] if st is not None else []
                tv = type(v)
                if tv is str and v and v.startswith(FORMULA_STARTS):
                    keys.append((look, st, True))
                elif tv is dt.date:
                    sticky_row = row_sticky is not None and row_sticky[i]
                    keys.append((look, (st or date_default) if sticky_row else date_default, False))
                for o, key in enumerate(keys):
                    if key not in seen:
                        seen.add(key)
                        wanted.append((i, pos, o, key))
        wanted.sort(key=lambda w: w[:3])
        for _, _, _, key in wanted:
            xf(*key)
        columns: list[list[str]] = []
        numbers = list(map(str, range(r0, r1)))  # the row numbers, formatted once for all the columns
        for c, vals, stk, look, s0, way in zip(cols, merged, stickies, looks, plain, ways, strict=True):
            col = letters[c]
            sattr0 = f' s="{s0}"' if s0 else ""
            if way == "text":  # None and "" are both an empty cell, written only for its style
                pre, mid = f'<c r="{col}', f'"{sattr0} t="s"><v>'
                columns.append([f"{pre}{r}{mid}{index[v]}</v></c>" if v else f'<c r="{col}{r}" s="{s0}"/>' if s0 else ""
                                for r, v in zip(numbers, vals, strict=True)])  # fmt: skip
                continue
            if way == "number":
                pre, mid = f'<c r="{col}', f'"{sattr0} t="n"><v>'
                columns.append([f"{pre}{r}{mid}{v!r}</v></c>" for r, v in zip(numbers, vals, strict=True)])
                continue
            if way == "date":
                for v in set(vals):
                    serial_of(v)
                if row_sticky is None:
                    sattr = f' s="{xf(look, date_default, False)}"'
                else:
                    s = xf(look, stk[0] or date_default, False)  # type: ignore[index]
                    sattr = f' s="{s}"' if s else ""
                pre, mid = f'<c r="{col}', f'"{sattr} t="n"><v>'
                columns.append([f"{pre}{r}{mid}{serials[v]}</v></c>" for r, v in zip(numbers, vals, strict=True)])
                continue
            cells: list[str] = []
            add = cells.append
            r = r0
            for i, v in enumerate(vals):
                s, sattr = s0, sattr0
                if stk is not None and stk[i] is not None:
                    s = xf(look, stk[i], False)
                    sattr = f' s="{s}"' if s else ""
                tv = type(v)
                if tv is float:
                    if v - v == 0:
                        add(f'<c r="{col}{r}"{sattr} t="n"><v>{v!r}</v></c>')
                    else:  # NaN and infinity have no cell form: left empty
                        add(f'<c r="{col}{r}" s="{s}"/>' if s else "")
                elif tv is str and v:
                    if v.startswith(FORMULA_STARTS):  # literal text (formulas left above): quote prefix
                        s = xf(look, stk[i] if stk is not None else None, True)
                        sattr = f' s="{s}"' if s else ""
                    if strings is not None:
                        add(f'<c r="{col}{r}"{sattr} t="s"><v>{index[v]}</v></c>')
                    else:
                        space = ' xml:space="preserve"' if v[0].isspace() or v[-1].isspace() else ""
                        add(f'<c r="{col}{r}"{sattr} t="inlineStr"><is><t{space}>{_text_fast(v)}</t></is></c>')
                elif tv is dt.date:
                    if row_sticky is not None and row_sticky[i]:
                        s = xf(look, stk[i] if stk is not None and stk[i] is not None else date_default, False)
                        sattr = f' s="{s}"' if s else ""
                        add(f'<c r="{col}{r}"{sattr} t="n"><v>{serial_of(v)}</v></c>')
                    else:
                        add(f'<c r="{col}{r}" s="{xf(look, date_default, False)}" t="n"><v>{serial_of(v)}</v></c>')
                elif tv is int:
                    add(f'<c r="{col}{r}"{sattr} t="n"><v>{v}</v></c>')
                else:  # None or empty text: an empty cell, written only for its style
                    add(f'<c r="{col}{r}" s="{s}"/>' if s else "")
                r += 1
            columns.append(cells)
        return [f'<row r="{r}">{"".join(cells)}</row>' for r, cells in enumerate(zip(*columns, strict=True), r0)]

    # Rows where the row loop's general case is needed whatever the blocks: formats, links, heights, merges.
    special = set(fmt_rows) | set(link_rows) | set(heights)
    for m in spec.merges:
        r1, _, r2, _ = _ref(m)
        special.update(range(r1, r2 + 1))
    special_sorted = sorted(special)
    order = sorted(blocks, key=lambda b: (b.row, b.index))
    active: list[_Block] = []
    active_key: tuple[int, ...] = ()
    k = 0
    chunk: list[str] = []
    rows = sorted(row_set)
    pos = 0
    while pos < len(rows):
        r = rows[pos]
        pos += 1
        if k < len(order) and order[k].row <= r:
            while k < len(order) and order[k].row <= r:
                active.append(order[k])
                k += 1
            active.sort(key=lambda b: b.index)
            active_key = tuple(b.index for b in active)
        if any(b.end <= r for b in active):
            active = [b for b in active if b.end > r]
            active_key = tuple(b.index for b in active)
        if active and r not in special and all(b.style is not None for b in active):
            # A stretch of rows of one shape (the body of a table): until a block starts or ends, or a special row.
            end = min(b.end for b in active)
            if k < len(order):
                end = min(end, order[k].row)
            i = bisect_left(special_sorted, r)
            if i < len(special_sorted):
                end = min(end, special_sorted[i])
            end = min(end, r + _MAX_RUN)
            if COLUMN_RUNS and end - r >= _MIN_RUN:
                written = run(r, end, active, active_key)
                if written is not None:
                    chunk += written
                    pos += end - r - 1  # every row of the stretch is in row_set (the blocks cover it)
                    if len(chunk) > 8192:
                        out.write("".join(chunk).encode())
                        chunk.clear()
                    continue
        ht = heights.get(r)
        chunk.append(f'<row r="{r}" ht="{ht}" customHeight="1">' if ht is not None else f'<row r="{r}">')
        values: dict[int, Any] = {}
        sticky: dict[int, str] = {}  # a date's default format stays on its cell when another block overwrites it
        for b in active:
            c = b.col
            for v in b.values[r - b.row]:
                if v is not None or literal:  # openpyxl's ws.cell(r, c, None) leaves the cell as it was
                    if c in values and c not in sticky:
                        old = _date_format(values[c])
                        if old is not None:
                            sticky[c] = old
                    values[c] = v
                c += 1
        cols, looks, plain, colset = shape(r, active, active_key)
        if not colset.issuperset(values):  # values outside every styled rectangle: plain cells
            lookup = dict(zip(cols, zip(looks, plain, strict=True), strict=True))
            cols = sorted(colset.union(values))
            looks = [lookup.get(c, (_PLAIN, 0))[0] for c in cols]
            plain = [lookup.get(c, (_PLAIN, 0))[1] for c in cols]
        for c, look, s in zip(cols, looks, plain, strict=True):
            v = values.get(c)
            if sticky and c in sticky:
                s = xf(look, sticky[c], False)
            if v is None or (merged_away and (r, c) in merged_away):
                if s:
                    chunk.append(f'<c r="{letters[c]}{r}" s="{s}"/>')
                continue
            tv = type(v)
            if tv is float and v - v == 0:  # finite
                chunk.append(f'<c r="{letters[c]}{r}" s="{s}" t="n"><v>{v!r}</v></c>' if s else
                             f'<c r="{letters[c]}{r}" t="n"><v>{v!r}</v></c>')  # fmt: skip
                continue
            if tv is str and v and not v.startswith(FORMULA_STARTS):
                sattr = f' s="{s}"' if s else ""
                if strings is not None:
                    chunk.append(f'<c r="{letters[c]}{r}"{sattr} t="s"><v>{strings.ref(v)}</v></c>')
                    continue
                if not v[0].isspace() and not v[-1].isspace():
                    chunk.append(f'<c r="{letters[c]}{r}"{sattr} t="inlineStr"><is><t>{_text_fast(v)}</t></is></c>')
                    continue
            if tv is dt.date and not sticky:
                serial = serials.get(v)
                if serial is None:
                    serial = serials[v] = repr(to_excel(v))
                chunk.append(f'<c r="{letters[c]}{r}" s="{xf(look, DATE_FORMATS[dt.date], False)}" t="n">'
                             f"<v>{serial}</v></c>")  # fmt: skip
                continue
            t, inner, date_fmt, prefix = _value_xml(v, literal, strings)
            if date_fmt is not None or prefix:
                s = xf(look, sticky.get(c, date_fmt), prefix)
            sattr = f' s="{s}"' if s else ""
            if inner:
                chunk.append(f'<c r="{letters[c]}{r}"{sattr}{t}>{inner}</c>')
            elif s:
                chunk.append(f'<c r="{letters[c]}{r}"{sattr}/>')
        chunk.append("</row>")
        if len(chunk) > 8192:
            out.write("".join(chunk).encode())
            chunk.clear()
    chunk.append("</sheetData>")
    if spec.autofilter:
        chunk.append(f'<autoFilter ref="{spec.autofilter}"/>')
    if spec.merges:
        chunk.append(f'<mergeCells count="{len(spec.merges)}">')
        chunk += [f'<mergeCell ref="{m}"/>' for m in spec.merges]
        chunk.append("</mergeCells>")
    if spec.links:
        chunk.append("<hyperlinks>")
        for link in spec.links:
            shown = spec.value_at(link.row, link.col)
            display = "" if shown is None else str(shown)
            chunk.append(f'<hyperlink ref="{get_column_letter(link.col)}{link.row}" '
                         f"location={quoteattr(link.location)} display={quoteattr(display)}/>")
        chunk.append("</hyperlinks>")
    paper = PAPER_SIZES.get(spec.paper or "", LETTER)
    chunk.append('<pageMargins left="0.4" right="0.4" top="0.6" bottom="0.6" header="0.3" footer="0.3"/>')
    chunk.append(f'<pageSetup orientation="{"landscape" if spec.landscape else "portrait"}" paperSize="{paper}" '
                 'fitToWidth="1" fitToHeight="0"/>')  # fmt: skip
    chunk.append("<headerFooter><oddFooter>&amp;C&amp;A — page &amp;P of &amp;N</oddFooter></headerFooter>")
    chunk.append("</worksheet>")
    out.write("".join(chunk).encode())


# --- the workbook --------------------------------------------------------------------------------------------------


def _quote_sheet(name: str) -> str:
    return "'" + name.replace("'", "''") + "'"


def _absolute(ref: str) -> str:
    r1, c1, r2, c2 = _ref(ref)
    return f"${get_column_letter(c1)}${r1}:${get_column_letter(c2)}${r2}"


def _defined_names(specs: Sequence[SheetSpec]) -> list[str]:
    out = []
    for i, spec in enumerate(specs):
        sheet = _quote_sheet(spec.name)
        if spec.autofilter:
            out.append(f'<definedName name="_xlnm._FilterDatabase" localSheetId="{i}" hidden="1">'
                       f"{escape(sheet)}!{_absolute(spec.autofilter)}</definedName>")  # fmt: skip
        if spec.print_title_rows:
            a, _, b = spec.print_title_rows.replace("$", "").partition(":")
            out.append(f'<definedName name="_xlnm.Print_Titles" localSheetId="{i}">{escape(sheet)}!${a}:${b or a}'
                       "</definedName>")  # fmt: skip
    return out


def write_workbook(out: str | Path | IO[bytes], specs: Sequence[SheetSpec], *, inline_strings: bool = False) -> None:
    """A new .xlsx holding ``specs`` in order, the first one selected. ``inline_strings``: text in the cells
    (what the package grafter takes); otherwise in a shared-strings table (what Excel itself writes)."""
    unsupported = [s.name for s in specs if not supports(s)]
    if unsupported:
        raise ValueError(f"tabs with charts are drawn by openpyxl: {', '.join(unsupported)}")
    styles = Styles()
    strings = None if inline_strings else SharedStrings()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED, compresslevel=1) as z:
        for i, spec in enumerate(specs, start=1):
            with z.open(f"xl/worksheets/sheet{i}.xml", "w") as fh:
                write_sheet(fh, spec, styles, strings, selected=i == 1)
        if strings is not None:
            with z.open("xl/sharedStrings.xml", "w") as fh:
                chunk: list[str] = []
                for piece in strings.xml():
                    chunk.append(piece)
                    if len(chunk) >= 4096:
                        fh.write("".join(chunk).encode())
                        chunk.clear()
                fh.write("".join(chunk).encode())
        z.writestr("xl/styles.xml", styles.xml())
        z.writestr("xl/theme/theme1.xml", theme_xml)
        sheets = "".join(f'<sheet name={quoteattr(s.name)} sheetId="{i}" r:id="rId{i}"/>'
                         for i, s in enumerate(specs, start=1))  # fmt: skip
        names = _defined_names(specs)
        z.writestr("xl/workbook.xml", f'{_DECL}<workbook xmlns="{MAIN}" xmlns:r="{REL}"><workbookPr/>'
                   '<bookViews><workbookView activeTab="0"/></bookViews>'
                   f"<sheets>{sheets}</sheets>"
                   + (f"<definedNames>{''.join(names)}</definedNames>" if names else "")
                   + '<calcPr calcId="124519" fullCalcOnLoad="1"/></workbook>')  # fmt: skip
        n = len(specs)
        rels = [f'<Relationship Id="rId{i}" Type="{REL}/worksheet" Target="worksheets/sheet{i}.xml"/>'
                for i in range(1, n + 1)]  # fmt: skip
        rels.append(f'<Relationship Id="rId{n + 1}" Type="{REL}/styles" Target="styles.xml"/>')
        rels.append(f'<Relationship Id="rId{n + 2}" Type="{REL}/theme" Target="theme/theme1.xml"/>')
        if strings is not None:
            rels.append(f'<Relationship Id="rId{n + 3}" Type="{REL}/sharedStrings" Target="sharedStrings.xml"/>')
        z.writestr("xl/_rels/workbook.xml.rels", f'{_DECL}<Relationships xmlns="{PKG_REL}">{"".join(rels)}'
                   "</Relationships>")  # fmt: skip
        z.writestr("_rels/.rels", f'{_DECL}<Relationships xmlns="{PKG_REL}"><Relationship Id="rId1" '
                   f'Type="{REL}/officeDocument" Target="xl/workbook.xml"/></Relationships>')  # fmt: skip
        ct = "application/vnd.openxmlformats-officedocument.spreadsheetml"
        overrides = [f'<Override PartName="/xl/worksheets/sheet{i}.xml" ContentType="{ct}.worksheet+xml"/>'
                     for i in range(1, n + 1)]  # fmt: skip
        overrides += [f'<Override PartName="/xl/workbook.xml" ContentType="{ct}.sheet.main+xml"/>',
                      f'<Override PartName="/xl/styles.xml" ContentType="{ct}.styles+xml"/>',
                      '<Override PartName="/xl/theme/theme1.xml" '
                      'ContentType="application/vnd.openxmlformats-officedocument.theme+xml"/>']  # fmt: skip
        if strings is not None:
            overrides.append(f'<Override PartName="/xl/sharedStrings.xml" ContentType="{ct}.sharedStrings+xml"/>')
        z.writestr("[Content_Types].xml", f'{_DECL}<Types xmlns="http://schemas.openxmlformats.org/package/2006/'
                   'content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.'
                   'relationships+xml"/><Default Extension="xml" ContentType="application/xml"/>'
                   f'{"".join(overrides)}</Types>')  # fmt: skip


def workbook_bytes(specs: Sequence[SheetSpec], *, inline_strings: bool = False) -> bytes:
    buf = io.BytesIO()
    write_workbook(buf, specs, inline_strings=inline_strings)
    return buf.getvalue()

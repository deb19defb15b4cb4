"""Refusing hostile or broken workbook files before python-calamine or openpyxl touches them.

Workbooks travel by e-mail, and both parsers trust the file more than a coordinator's laptop can afford
(measured here, python-calamine 0.9 and openpyxl 3.1.5):

- two cells, ``A1`` and ``XFD1048576``, in a 5 KB file make calamine allocate 550 GB for the sheet's grid: the
  Rust allocator aborts the whole process (no Python exception, so no friendly message either); a table whose
  ``ref`` covers the sheet does the same;
- one ``<mergeCell ref="A1:XFD1048576"/>`` (or a hyperlink over a range) makes openpyxl create a cell object for
  each of its 17 billion cells;
- a part that inflates a thousand times ("zip bomb"), an XML entity bomb ("billion laughs") or an external
  entity (XXE: ``<!ENTITY x SYSTEM "file:///etc/passwd">``) attack whatever parses the XML.

So every user file is inspected here first, streaming, in bounded memory: the zip directory (part count, sizes,
compression ratio, overlapping entries), every part inflated once and checked against its declared size and
CRC (so no reader can be shown more bytes than were checked), every XML part's prolog (no DTD, no entity
declaration: Excel never writes one; a part in UTF-16 or UTF-32, as Excel writes Power Query items, is decoded and
read like the others), the cell references, merged ranges and hyperlink ranges of every XML part
(the grid a parser would allocate; calamine reads any part a relationship calls a sheet, whatever its root
element), and every table's range. Legacy and look-alike files (an encrypted workbook, an .xls, a CSV or an .ods
renamed .xlsx, an .xlsb) are recognised and refused with what to do.

The scan also collects what the parsers lose: python-calamine hands over a cell showing ``#REF!`` as an empty
string, so error cells and merged ranges are returned (by sheet name) for the reader to report at their cells.

The bounds are ``LIMITS`` below (RELIABILITY.md states them and the measurements); one inspection costs one
inflate of the file plus a numpy pass over its cell references (0.015 s for the S production, ~0.45 s for the
100,000-line XL one, of which 0.16 s is zlib) and is cached by path, size and modification time, so the reader and
the writer of one command pay it once.
"""

from __future__ import annotations

import codecs
import itertools
import posixpath
import re
import struct
import zipfile
import zlib
from collections import OrderedDict
from collections.abc import Callable, Collection, Iterator, Mapping
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np

MiB = 1 << 20
EXCEL_ROWS = 1_048_576
EXCEL_COLS = 16_384  # XFD


class WorkbookUnreadable(Exception):
    """The file is not a workbook we can open; the message says why and what to do."""


@dataclass(frozen=True, slots=True)
class Limits:
    """What a file may claim before xlproduction refuses it. The defaults leave room for far more than a feature's
    workbook (the XL sample production — 100,000 ledger lines — is 5.7 MB on disk, 58 MB inflated, ratio 10)."""

    file_bytes: int = 256 * MiB  # on disk
    parts: int = 10_000  # files inside the zip; Excel writes a few dozen
    total_uncompressed: int = 256 * MiB  # all parts inflated
    # Inflated / compressed, for XML parts larger than ratio_floor. Not a cost (inflating is bounded by
    # total_uncompressed, parsing by the cells): a sign of a crafted file. Real sheets inflate 5-25 times, a pasted note
    # on every row ~125 times, cells of 32,000 repeated characters ~800; deflate cannot pass ~1,032, which only
    # megabytes of one repeated byte reach. Pictures and other binary parts are never judged by it (an uncompressed
    # bitmap of one colour inflates ~1,000 times, and nobody parses it).
    part_ratio: float = 1000.0
    ratio_floor: int = 1 * MiB
    sheet_cells: int = 10_000_000  # rows x columns a sheet's cells (or a table's range) span: calamine's grid
    # Cells of merged and hyperlinked ranges per sheet: openpyxl makes an object for each (2 million took 26 s and
    # 620 MB here); a call sheet merges a few hundred.
    expanded_cells: int = 100_000
    prolog_bytes: int = 64 * 1024  # before an XML part's root element
    tag_bytes: int = 8 * MiB  # one unfinished row (or tag) carried between chunks
    error_cells: int = 10_000  # error cells remembered per sheet (the first ones; enough to report)


LIMITS = Limits()

_CHUNK_IN = 256 * 1024
_CHUNK_OUT = 1 * MiB
_ZIP_MAGIC = b"PK\x03\x04"
_EMPTY_ZIP = b"PK\x05\x06"
_CFB_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"  # an OLE container: a legacy .xls, or an encrypted .xlsx
_KEEP_ROOTS = frozenset({"Types", "Relationships", "workbook", "table"})  # small parts parsed after the scan
_KEEP_BYTES = 16 * MiB

# Cells as Excel and openpyxl write them (<c r="B12" ...>) are read by _fast_extent; anything else (attributes in
# another order, namespace prefixes, cells without a reference) takes these general patterns.
_ANY_CELL = re.compile(rb"<(?:[A-Za-z_][\w.\-]*:)?c(?=[\s/>])([^>]*)>")
_ANY_ROW = re.compile(rb"<(?:[A-Za-z_][\w.\-]*:)?row(?=[\s/>])([^>]*)>")
_ATTR_R = re.compile(rb"""(?:^|\s)r\s*=\s*["']\s*([^"']*?)\s*["']""")
_ATTR_REF = re.compile(rb"""(?:^|\s)ref\s*=\s*["']\s*([^"']*?)\s*["']""")
_ATTR_T_ERROR = re.compile(rb"""(?:^|\s)t\s*=\s*["']e["']""")
_ERROR_CELL = re.compile(rb"<(?:[A-Za-z_][\w.\-]*:)?c\s([^>]*)(?<!/)>(.*?)</(?:[A-Za-z_][\w.\-]*:)?c>", re.S)
_VALUE = re.compile(rb"<(?:[A-Za-z_][\w.\-]*:)?v>([^<]{0,64})<")
_RANGED = re.compile(rb"<(?:[A-Za-z_][\w.\-]*:)?(mergeCell|hyperlink)(?=[\s/>])([^>]*)>")
_CELL_REF = re.compile(r"\$?([A-Za-z]{1,4})\$?([0-9]{1,10})")
_ROOT_NAME = re.compile(rb"<([A-Za-z_][\w.\-]*:)?([A-Za-z_][\w.\-]*)")



def _col_number(letters: str) -> int:
    n = 0
    for ch in letters.upper():
        n = n * 26 + ord(ch) - 64
    return n


def _col_letters(n: int) -> str:
    s = ""
    while n > 0:
        n, r = divmod(n - 1, 26)
        s = chr(65 + r) + s
    return s


def _cell(ref: str) -> tuple[int, int] | None:
    """'B12' -> (12, 2); None when it is not a cell reference."""
    m = _CELL_REF.fullmatch(ref.strip())
    return (int(m[2]), _col_number(m[1])) if m else None


def _area(ref: str) -> tuple[int, int, int, int] | None:
    """'A1:C5' -> (row0, col0, row1, col1); a single cell is a 1x1 area; None when not a cell range."""
    a, _, b = ref.partition(":")
    first = _cell(a)
    last = _cell(b) if b else first
    if first is None or last is None:
        return None
    (r0, c0), (r1, c1) = first, last
    return min(r0, r1), min(c0, c1), max(r0, r1), max(c0, c1)


_WINDOW = np.arange(12)  # after '<c r="': up to 3 letters, 7 digits and the closing quote
_BEFORE_QUOTE = np.arange(7, 0, -1)  # a row number's digits, from the 7th before the closing quote
_DIGIT_WEIGHTS = 10 ** np.arange(6, -1, -1, dtype=np.int64)
_PREFIXED_CELL = re.compile(rb"<[A-Za-z_][\w.\-]*:c[\s/>]")
_LT, _C, _SPACE, _R, _EQ, _QUOTE = b'<c r="'  # the byte values, as numpy compares them


def _fast_extent(text: bytes) -> list[tuple[int, int, str]] | None:
    """The cells of one chunk of worksheet XML that set its extent — [(row, col, 'B12'), …], at most two — when
    every cell is written as Excel and openpyxl write them (``<c r="B12" …``); None when any is not (other attribute
    order, a namespace prefix, no reference, lowercase or '$' in the reference), for the general path.

    This is the guard's hot loop: an XL ledger has a million cells. It runs in numpy over the bytes (every '<' that
    opens a ``c`` element, then a 12-byte window after ``<c r=``), which costs a few array passes per chunk instead of
    a Python object per cell (measured on the 58 MB XL workbook: 0.85 s with a regex and tuples, 0.15 s here).
    A ``<c`` inside a comment or CDATA is counted too, which can only overstate the extent: the safe side."""
    if b":c" in text and _PREFIXED_CELL.search(text):
        return None
    a = np.frombuffer(text + b"\0" * 16, dtype=np.uint8)  # padding: every window below stays inside the array
    lt = np.flatnonzero(a[: len(text)] == _LT)
    lt = lt[a[lt + 1] == _C]
    # A cell element is '<c' then whitespace, '>' or '/'; '<cols>', '<cfRule …>' and the like are other elements.
    nxt = a[lt + 2]
    cells = lt[(nxt == _SPACE) | (nxt == 9) | (nxt == 10) | (nxt == 13) | (nxt == 62) | (nxt == 47)]
    if cells.size == 0:
        return []
    if not ((a[cells + 2] == _SPACE) & (a[cells + 3] == _R) & (a[cells + 4] == _EQ) & (a[cells + 5] == _QUOTE)).all():
        return None
    w = a[(cells + 6)[:, None] + _WINDOW]  # the reference's bytes, one row per cell
    n_letters = ((w >= 65) & (w <= 90)).argmin(axis=1)  # the first byte that is not an uppercase letter
    end = (w == _QUOTE).argmax(axis=1)  # the closing quote (0 when there is none: refused below)
    each = np.arange(cells.size)
    # The 7 bytes before the closing quote, right-aligned: those at or after the letters must all be digits.
    at = end[:, None] - _BEFORE_QUOTE
    digits = w[each[:, None], np.maximum(at, 0)].astype(np.int64) - 48
    inside = at >= n_letters[:, None]
    ok = ((n_letters >= 1) & (n_letters <= 3) & (end > n_letters) & (end - n_letters <= 7)
          & (w[each, end] == _QUOTE) & ~(inside & ((digits < 0) | (digits > 9))).any(axis=1))  # fmt: skip
    if not ok.all():
        return None
    row = np.where(inside, digits, 0) @ _DIGIT_WEIGHTS
    letters = w[:, :3].astype(np.int64) - 64  # A = 1
    col = letters[:, 0]
    col = np.where(n_letters >= 2, col * 26 + letters[:, 1], col)
    col = np.where(n_letters >= 3, col * 26 + letters[:, 2], col)
    out = []
    for i in {int(row.argmax()), int(col.argmax())}:
        out.append((int(row[i]), int(col[i]), w[i, : end[i]].tobytes().decode("ascii")))
    return out


@dataclass
class SheetScan:
    """What one worksheet part holds, as far as the bounds and the reader care."""

    part: str
    max_row: int = 0
    max_col: int = 0
    far: str = ""  # the cell reference that set the largest extent, for the message
    implicit_cells: int = 0  # cells without a reference (placed after the previous one)
    implicit_rows: int = 0
    row_hint: int = 0  # the largest row number of a <row> (where cells without a reference go)
    expanded: int = 0  # cells of merged and hyperlinked ranges
    widest: str = ""
    errors: dict[tuple[int, int], str] = field(default_factory=dict)  # (row, col) -> '#REF!'
    merged: list[tuple[int, int, int, int]] = field(default_factory=list)

    def add(self, row: int, col: int, ref: str) -> None:
        if row > self.max_row or col > self.max_col:
            self.far = ref
        self.max_row, self.max_col = max(self.max_row, row), max(self.max_col, col)

    @property
    def cells(self) -> int:
        """An upper bound of the rows x columns a parser allocates for this sheet: from A1 (calamine starts at the
        first cell used, so this errs on the safe side) to the last row and column used, plus room for cells that
        carry no reference."""
        rows = max(self.max_row, self.row_hint if self.implicit_cells else 0) + self.implicit_rows
        return rows * (self.max_col + self.implicit_cells)


@dataclass(frozen=True)
class Inspection:
    """A file that passed: its sheets (by name) with what the parsers do not report."""

    path: Path
    sheets: Mapping[str, SheetScan]  # sheet name -> scan (sheets whose part was found)
    hidden: frozenset[str] = frozenset()
    skipped: frozenset[str] = frozenset()  # sheets whose cells a partial inspection did not scan (``only``)

    def errors(self, sheet: str) -> Mapping[tuple[int, int], str]:
        s = self.sheets.get(sheet)
        return s.errors if s is not None else {}

    def merged(self, sheet: str) -> tuple[tuple[int, int, int, int], ...]:
        s = self.sheets.get(sheet)
        return tuple(s.merged) if s is not None else ()


# --- what kind of file is it ----------------------------------------------------------------------------------


def _sniff(p: Path, head: bytes) -> WorkbookUnreadable | None:
    """A refusal for files that are not an OOXML zip, by their first bytes (None for a zip)."""
    name = p.name
    if head.startswith(_ZIP_MAGIC):
        return None
    if head.startswith(_EMPTY_ZIP):
        return WorkbookUnreadable(f"{name} is an empty zip archive, not a workbook. Open your last good copy, or "
                                  "create a new workbook with 'xlproduction new'.")  # fmt: skip
    if head.startswith(_CFB_MAGIC):
        kind = _ole_kind(p)
        if kind == "encrypted":
            return WorkbookUnreadable(
                f"{name} is password-protected (encrypted), so it cannot be read without Excel. Remove the "
                "password (File → Info → Protect Workbook → Encrypt with Password, clear it), save, and try again.")
        if kind == "xls":
            return WorkbookUnreadable(
                f"{name} is an old-format Excel 97-2003 workbook (.xls), not an .xlsx"
                + (" — it was renamed, not converted" if p.suffix.casefold() != ".xls" else "")
                + ". Open it in Excel and save it as 'Excel Workbook (.xlsx)', then try again.")
        return WorkbookUnreadable(f"{name} is password-protected, or an old .xls saved under an .xlsx name. Remove "
                                  "the password (File → Info → Protect Workbook) or save it from Excel as 'Excel "
                                  "Workbook (.xlsx)', and try again.")  # fmt: skip
    text = head.lstrip(b"\xef\xbb\xbf").lstrip()
    low = text[:512].lower()
    if low.startswith((b"<!doctype html", b"<html")) or b"<table" in low:
        return WorkbookUnreadable(f"{name} is a web page (HTML) saved under a spreadsheet name, not an Excel "
                                  "workbook. Open it in Excel and save it as 'Excel Workbook (.xlsx)'.")  # fmt: skip
    if _looks_like_text(head):
        kind = "a CSV (comma- or tab-separated) text file" if _looks_like_csv(head) else "a text file"
        return WorkbookUnreadable(
            f"{name} is {kind}, not an Excel workbook" + (", even though it is named .xlsx" if p.suffix.casefold()
                                                           in (".xlsx", ".xlsm") else "")
            + ". Open it in Excel and save it as 'Excel Workbook (.xlsx)' (or start from 'xlproduction new' and "
            "paste the rows into its tables), then try again.")  # fmt: skip
    return WorkbookUnreadable(f"{name} could not be opened as an Excel workbook: it is damaged or not a workbook. "
                              "Save it from Excel as 'Excel Workbook (.xlsx)' and try again.")  # fmt: skip


def _ole_kind(p: Path) -> str:
    """'encrypted' (an OOXML file with a password: EncryptionInfo and EncryptedPackage streams), 'xls' (a BIFF
    Workbook stream) or 'unknown', from the stream names in the container's directory (stored in UTF-16, anywhere
    in the file)."""
    encrypted = "EncryptedPackage".encode("utf-16-le")
    workbook = ("Workbook".encode("utf-16-le") + b"\x00\x00", "Book".encode("utf-16-le") + b"\x00\x00")
    overlap = b""
    found_xls = False
    with p.open("rb") as f:
        while chunk := f.read(4 * MiB):
            window = overlap + chunk
            if encrypted in window:
                return "encrypted"
            found_xls = found_xls or any(w in window for w in workbook)
            overlap = chunk[-32:]
    return "xls" if found_xls else "unknown"


def _looks_like_text(head: bytes) -> bool:
    sample = head[:4096]
    if sample[:2] in (b"\xff\xfe", b"\xfe\xff"):  # UTF-16 text, as Excel's "Unicode Text" saves it
        return True
    if b"\x00" in sample:
        return False
    control = sum(1 for b in sample if b < 32 and b not in (9, 10, 13))
    return control <= len(sample) // 100


def _looks_like_csv(head: bytes) -> bool:
    sample = head[:4096]
    return any(sep in sample for sep in (b",", b";", b"\t"))


# --- the zip directory ----------------------------------------------------------------------------------------


def _entry_count(p: Path, size: int) -> int | None:
    """Entries the end-of-central-directory record claims (None when it cannot be found), read before zipfile
    builds one object per entry."""
    with p.open("rb") as f:
        tail_len = min(size, 65_536 + 22)
        f.seek(size - tail_len)
        tail = f.read(tail_len)
        i = tail.rfind(_EMPTY_ZIP)
        if i < 0 or i + 22 > len(tail):
            return None
        entries = struct.unpack("<H", tail[i + 10:i + 12])[0]
        if entries == 0xFFFF and i >= 20 and tail[i - 20:i - 16] == b"PK\x06\x07":  # zip64 locator
            offset = struct.unpack("<Q", tail[i - 12:i - 4])[0]
            if offset + 56 <= size:
                f.seek(offset)
                rec = f.read(56)
                if rec[:4] == b"PK\x06\x06":
                    entries = struct.unpack("<Q", rec[32:40])[0]
        return entries


def _damaged(name: str, why: str) -> WorkbookUnreadable:
    return WorkbookUnreadable(f"{name} is damaged ({why}). Open it in Excel, which may offer to repair it, save it "
                              "as 'Excel Workbook (.xlsx)', and try again.")  # fmt: skip


def _data_offset(f: object, info: zipfile.ZipInfo, name: str) -> int:
    """Where the part's compressed bytes start, from its local header (which may differ from the directory)."""
    f.seek(info.header_offset)  # type: ignore[attr-defined]
    header = f.read(30)  # type: ignore[attr-defined]
    if len(header) < 30 or header[:4] != _ZIP_MAGIC:
        raise _damaged(name, f"the part {info.filename!r} is not where the zip directory says")
    n, m = struct.unpack("<HH", header[26:30])
    return info.header_offset + 30 + n + m


def _stream(f: object, info: zipfile.ZipInfo, name: str) -> Iterator[bytes]:
    """The inflated bytes of one part, checked against its declared size and CRC as they come; never more than
    ``_CHUNK_OUT`` bytes at a time."""
    fp = f  # an open binary file
    fp.seek(_data_offset(f, info, name))  # type: ignore[attr-defined]
    left = info.compress_size
    crc = 0
    total = 0
    inflater = zlib.decompressobj(-15) if info.compress_type == zipfile.ZIP_DEFLATED else None
    while left > 0 and not (inflater is not None and inflater.eof):
        raw = fp.read(min(_CHUNK_IN, left))  # type: ignore[attr-defined]
        if not raw:
            raise _damaged(name, f"the part {info.filename!r} is cut short")
        left -= len(raw)
        data = raw
        while data:
            # At most _CHUNK_OUT bytes per call, checked before the next: 256 KB of a zip bomb's input would
            # otherwise inflate to 256 MB in one go.
            if inflater is None:
                out, data = data, b""
            else:
                try:
                    out = inflater.decompress(data, _CHUNK_OUT)
                except zlib.error:
                    raise _damaged(name, f"the part {info.filename!r} cannot be decompressed") from None
                data = inflater.unconsumed_tail
            if out:
                total += len(out)
                if total > info.file_size:
                    raise WorkbookUnreadable(
                        f"{name} was refused: its part {info.filename!r} holds more than the {info.file_size:,} "
                        "bytes it declares, which only a deliberately crafted file does (a 'zip bomb'). Do not open "
                        "it; ask the sender for the original.")  # fmt: skip
                crc = zlib.crc32(out, crc)
                yield out
            if inflater is not None and inflater.eof:
                break
    # A deflate stream may stop without its end marker once every declared byte is out and the checksum holds: an empty
    # part stored as 0 compressed bytes (Excel's empty thumbnail) has no stream at all. zipfile reads both.
    if inflater is not None and not inflater.eof and total < info.file_size:
        raise _damaged(name, f"the part {info.filename!r} ends in the middle")
    if total != info.file_size or crc != info.CRC:
        raise _damaged(name, f"the part {info.filename!r} does not match its size or checksum")


# --- the parts --------------------------------------------------------------------------------------------------


# Byte-order marks, longest first (a UTF-32 little-endian mark starts like UTF-16's), and without one the first
# character '<' as UTF-16 or UTF-32 spell it, which is how XML 1.0 (appendix F) tells those encodings apart.
_BOMS = ((b"\x00\x00\xfe\xff", "utf-32-be"), (b"\xff\xfe\x00\x00", "utf-32-le"), (b"\xfe\xff", "utf-16-be"),
         (b"\xff\xfe", "utf-16-le"))  # fmt: skip
_BOMLESS = ((b"\x00\x00\x00<", "utf-32-be"), (b"<\x00\x00\x00", "utf-32-le"), (b"\x00<", "utf-16-be"),
            (b"<\x00", "utf-16-le"))  # fmt: skip
_DECLARED_ENCODING = re.compile(rb"""^(\s*<\?xml\s[^?]*?encoding\s*=\s*["'])[^"']*""")


class _Part:
    """Scans one part's stream: the XML prolog, then (for worksheets) cell references, errors and ranges.

    A part in UTF-16 or UTF-32 (Excel writes a Power Query query in UTF-16, and the Data Model's binary part starts
    with UTF-16 text) is decoded to UTF-8 as it streams, so the same checks read it: a parser that reads it sees the
    same characters, whatever their encoding. Whether a part is XML at all is decided on its text, not its bytes."""

    def __init__(self, part: str, name: str, limits: Limits, cells: bool = True,
                 sizes: tuple[int, int] = (0, 0)) -> None:  # fmt: skip
        self.part, self.name, self.limits = part, name, limits
        self.sizes = sizes  # (inflated, compressed) as the zip directory declares them
        self.cells = cells  # False: a sheet nobody will parse; its bytes are checked, its cells not scanned
        self.head = b""
        self.root: str | None = None  # local name of the root element; "" when the part is not XML
        self.kept: list[bytes] = []
        self.kept_bytes = 0
        self.sheet: SheetScan | None = None
        self.carry = b""
        self.tail = b""  # the last bytes, to find a declaration split between chunks
        self.raw: bytes | None = b""  # the first bytes until there are enough to tell the encoding, then None
        self.encoding = ""  # "utf-16-le"… when the part is decoded; "" for UTF-8 (or bytes that are not text)
        self.decoder: codecs.IncrementalDecoder | None = None

    def _refuse_dtd(self) -> WorkbookUnreadable:
        encoded = f" (encoded in {self.encoding[:6].upper()})" if self.encoding else ""
        return WorkbookUnreadable(
            f"{self.name} was refused: its part {self.part!r}{encoded} declares a DTD or entities (<!DOCTYPE …>, "
            "<!ENTITY …>), which Excel never writes and which is how XML readers are attacked (entity expansion, or "
            "external entities that read files from this computer). Ask the sender to save it again from Excel.")

    def _sniff(self, data: bytes) -> bytes:
        """Set ``encoding`` (and a decoder) from the part's first bytes; returns them without a byte-order mark."""
        for marks, decoded in ((_BOMS, True), (_BOMLESS, False)):
            for mark, encoding in marks:
                if data.startswith(mark):
                    self.encoding = encoding
                    # Replacement characters where the bytes are not valid: python-calamine's decoder does the same
                    # and reads on, so the scan must see what follows too.
                    self.decoder = codecs.getincrementaldecoder(encoding)(errors="replace")
                    return data[len(mark):] if decoded else data
        return data

    def feed(self, data: bytes) -> None:
        if self.root == "":
            return  # a picture, a printer setting, a VBA project, a data model: not XML
        if self.raw is not None:
            self.raw += data
            if len(self.raw) < 4:
                return
            data, self.raw = self._sniff(self.raw), None
        if self.decoder is not None:
            data = self.decoder.decode(data).encode("utf-8")
        self._feed(data)

    def _feed(self, data: bytes) -> None:
        """``feed`` for UTF-8 bytes."""
        if self.root is None:
            self.head += data
            self._prolog(final=False)
            if self.root is None:
                return
            data, self.head = self.head, b""
            if self.encoding and self.root:
                # The bytes kept for later parsing are UTF-8 now: say so in their declaration.
                data = _DECLARED_ENCODING.sub(rb"\1UTF-8", data, count=1)
        if self.root == "":
            return
        self._declarations(data)
        if self.root in _KEEP_ROOTS:
            self.kept_bytes += len(data)
            if self.kept_bytes > _KEEP_BYTES:
                raise _damaged(self.name, f"the part {self.part!r} is far larger than such a part ever is")
            self.kept.append(data)
        if self.sheet is not None:
            self._cells(data, final=False)

    def close(self) -> None:
        if self.raw is not None:  # fewer than four bytes in all
            data, self.raw = self._sniff(self.raw), None
            if self.decoder is not None:
                data = self.decoder.decode(data).encode("utf-8")
            self._feed(data)
        if self.decoder is not None and self.root != "":
            self._feed(self.decoder.decode(b"", final=True).encode("utf-8"))
        if self.root is None:
            self._prolog(final=True)
            data, self.head = self.head, b""
            if self.root:
                if self.encoding:
                    data = _DECLARED_ENCODING.sub(rb"\1UTF-8", data, count=1)
                self._declarations(data)
                if self.root in _KEEP_ROOTS:
                    self.kept.append(data)
                if self.sheet is not None:
                    self._cells(data, final=False)
        if self.sheet is not None:
            self._cells(b"", final=True)

    def _prolog(self, final: bool) -> None:
        """Find the root element; refuse a DTD. Sets ``root`` ("" for a part that is not XML)."""
        buf = self.head
        i = 3 if buf.startswith(b"\xef\xbb\xbf") else 0  # UTF-16 and UTF-32 parts arrive here decoded
        while True:
            while i < len(buf) and buf[i] in b" \t\r\n":
                i += 1
            if i >= len(buf):
                break
            if buf[i:i + 1] != b"<":
                self.root = ""  # not XML
                return
            if buf.startswith(b"<?", i):
                j = buf.find(b"?>", i)
                if j < 0:
                    break
                i = j + 2
            elif buf.startswith(b"<!--", i):
                j = buf.find(b"-->", i)
                if j < 0:
                    break
                i = j + 3
            elif buf.startswith(b"<!", i):
                raise self._refuse_dtd()
            else:
                m = _ROOT_NAME.match(buf, i)
                if m is None or m.end() >= len(buf):  # the name may go on in the next chunk
                    if len(buf) - i < 256 and not final:
                        break
                    if m is None:
                        self.root = ""
                        return
                self.root = m[2].decode("ascii", "replace")
                self._check_ratio()
                # Every XML part's cells are scanned, not only those whose root says "worksheet": a parser reads
                # the part a relationship calls a sheet, whatever its root element is. (calcChain lists formula
                # cells of all sheets at once: not a grid anyone allocates.)
                if self.root != "calcChain" and self.cells:
                    self.sheet = SheetScan(self.part)
                return
        if len(buf) > self.limits.prolog_bytes:
            raise WorkbookUnreadable(f"{self.name} was refused: its part {self.part!r} starts with more than "
                                     f"{self.limits.prolog_bytes // 1024} KB before its content, which Excel never "
                                     "writes. Save it again from Excel as .xlsx.")  # fmt: skip
        if final:
            self.root = ""

    def _check_ratio(self) -> None:
        """Refuse an XML part that inflates as only runs of one byte do (see ``Limits.part_ratio``): checked once the
        part is known to be XML, from its declared sizes (which the stream is held to), before the rest inflates."""
        inflated, compressed = self.sizes
        if inflated > self.limits.ratio_floor and inflated > self.limits.part_ratio * max(compressed, 1):
            raise WorkbookUnreadable(
                f"{self.name} was refused: its part {self.part!r} would expand {inflated / max(compressed, 1):,.0f} "
                f"times (to {inflated / MiB:,.0f} MB), as only megabytes of one repeated byte do, which no spreadsheet "
                "program writes: a deliberately crafted file (a 'zip bomb'). Do not open it in Excel either; ask the "
                "sender for the original.")

    def _declarations(self, data: bytes) -> None:
        """No DTD or entity declaration anywhere (only the prolog may hold one, but lenient parsers differ)."""
        buf = self.tail + data
        # '<!' needs a '!', which a one-byte search (memchr) rules out ten times faster than the pair: a ledger of
        # numbers and names has none.
        i = buf.find(b"<!") if b"!" in buf else -1
        while i >= 0:
            nxt = buf[i + 2:i + 3]
            if nxt.isalpha():
                raise self._refuse_dtd()
            i = buf.find(b"<!", i + 2)
        self.tail = buf[-16:]

    def _cells(self, data: bytes, final: bool) -> None:
        """Extents, error cells and merged/hyperlinked ranges of a worksheet, a row at a time."""
        buf = self.carry + data
        if final:
            cut = len(buf)
        else:
            cut = buf.rfind(b"row>")  # </row> or </x:row>: error cells there are complete
            cut = cut + 4 if cut >= 0 else -1
            if cut < 0 or len(buf) - cut > self.limits.tag_bytes:
                cut = buf.rfind(b"<")  # a tag never holds '<'; only an error value may be split here
            if cut <= 0:
                if len(buf) > self.limits.tag_bytes:
                    raise _damaged(self.name, f"the part {self.part!r} holds a tag larger than "
                                              f"{self.limits.tag_bytes // MiB} MB")  # fmt: skip
                self.carry = buf
                return
        text, self.carry = buf[:cut], buf[cut:]
        if text:
            self._scan(text)

    def _scan(self, text: bytes) -> None:
        s = self.sheet
        assert s is not None
        extent = _fast_extent(text)
        if extent is not None:
            for row, col, ref in extent:
                s.add(row, col, ref)
        else:
            for m in _ANY_CELL.finditer(text):
                r = _ATTR_R.search(m[1])
                ref = r[1].decode("ascii", "replace") if r else ""
                at = _cell(ref)
                if at is None:
                    s.implicit_cells += 1  # placed after the previous cell of its row
                else:
                    s.add(at[0], at[1], ref.upper().replace("$", ""))
            if s.implicit_cells:
                for m in _ANY_ROW.finditer(text):
                    r = _ATTR_R.search(m[1])
                    if r is not None and r[1].isdigit():
                        s.row_hint = max(s.row_hint, int(r[1]))
                    else:
                        s.implicit_rows += 1
        if (b'"e"' in text or b"'e'" in text) and len(s.errors) < self.limits.error_cells:
            for m in _ERROR_CELL.finditer(text):
                if not _ATTR_T_ERROR.search(m[1]):
                    continue
                r = _ATTR_R.search(m[1])
                ref = _cell(r[1].decode("ascii", "replace")) if r else None
                v = _VALUE.search(m[2])
                if ref is not None and len(s.errors) < self.limits.error_cells:
                    s.errors[ref] = v[1].decode("utf-8", "replace").strip() if v else "#ERROR"
        if b"mergeCell" in text or b"hyperlink" in text:
            for m in _RANGED.finditer(text):
                r = _ATTR_REF.search(m[2])
                if r is None:
                    continue
                for one in r[1].decode("ascii", "replace").split():
                    a = _area(one)
                    if a is None:
                        continue
                    r0, c0, r1, c1 = a
                    s.expanded += (r1 - r0 + 1) * (c1 - c0 + 1)
                    s.widest = s.widest or one
                    if m[1] == b"mergeCell" and len(s.merged) < 100_000:
                        s.merged.append(a)
                    if s.expanded > self.limits.expanded_cells:
                        return


# --- the workbook's structure -----------------------------------------------------------------------------------


def _xml(data: bytes) -> object:
    from defusedxml.ElementTree import fromstring

    return fromstring(data)


def _local(tag: str) -> str:
    return tag.rsplit("}", 1)[-1]


def _rels(parts: Mapping[str, bytes], source: str) -> dict[str, tuple[str, str]]:
    """Relationship id -> (type, part name) for ``source`` ('' for the package); ``parts`` by casefolded name."""
    folder, base = posixpath.split(source)
    rels_name = posixpath.join(folder, "_rels", base + ".rels") if source else "_rels/.rels"
    data = parts.get(rels_name.casefold())
    if data is None:
        return {}
    out: dict[str, tuple[str, str]] = {}
    for el in _xml(data):  # type: ignore[attr-defined]
        if _local(el.tag) != "Relationship" or el.get("TargetMode") == "External":
            continue
        target = el.get("Target", "")
        path = target.lstrip("/") if target.startswith("/") else posixpath.normpath(posixpath.join(folder, target))
        out[el.get("Id", "")] = (el.get("Type", ""), path)
    return out


def _sheet_names(parts: Mapping[str, bytes], name: str) -> tuple[dict[str, str], frozenset[str]]:
    """Sheet name -> part name, and the hidden sheets, from the workbook part and its relationships."""
    office = [path for kind, path in _rels(parts, "").values() if kind.endswith("/officeDocument")]
    if not office:
        raise WorkbookUnreadable(f"{name} is a zip archive but not an Excel workbook (it holds no workbook). Save "
                                 "your workbook from Excel as 'Excel Workbook (.xlsx)' and try again.")  # fmt: skip
    wb_part = office[0]
    if wb_part.casefold().endswith(".bin"):
        raise WorkbookUnreadable(f"{name} is an Excel Binary Workbook (.xlsb). Open it in Excel and save it as "
                                 "'Excel Workbook (.xlsx)', then try again.")  # fmt: skip
    data = parts.get(wb_part.casefold())
    if data is None:
        raise WorkbookUnreadable(f"{name} is not an Excel workbook: its main part {wb_part!r} is "
                                 + ("a Word or PowerPoint document." if wb_part.startswith(("word/", "ppt/"))
                                    else "missing.") + " Save your workbook from Excel as .xlsx and try again.")
    root = _xml(data)
    rels = _rels(parts, wb_part)
    sheets: dict[str, str] = {}
    hidden: set[str] = set()
    for el in root.iter():  # type: ignore[attr-defined]
        if _local(el.tag) != "sheet":
            continue
        rid = next((v for k, v in el.attrib.items() if _local(k) == "id"), "")
        sheet = el.get("name", "")
        if rid in rels:
            sheets[sheet] = rels[rid][1]
        if el.get("state") in ("hidden", "veryHidden"):
            hidden.add(sheet)
    return sheets, frozenset(hidden)


# --- the inspection ------------------------------------------------------------------------------------------------


def inspect(path: str | Path, limits: Limits = LIMITS, only: Collection[str] | None = None) -> Inspection:
    """Inspect ``path`` (see the module docstring); raises ``WorkbookUnreadable`` saying why and what to do.

    ``only`` names the tables and sheets the caller will parse (matched as headers are: case, spaces and punctuation
    aside). Then the cells of the worksheets that hold none of them are not scanned: a call sheet reads nine small
    tables, and the 50 MB ledger sheet of a season's workbook is copied into the output as compressed bytes, never
    parsed, so its extent endangers nothing. Every part is still inflated and checked (zip bombs, sizes, checksums,
    DTDs and entities), so a file damaged or crafted at that level is refused by every command. ``None`` scans
    every sheet's cells."""
    p = Path(path)
    name = p.name
    if not p.exists():
        raise WorkbookUnreadable(f"{p} does not exist. Check the path, or create one with 'xlproduction new'.")
    if p.is_dir():
        raise WorkbookUnreadable(f"{p} is a folder, not a workbook. Give the path of the .xlsx file.")
    try:
        size = p.stat().st_size
        with p.open("rb") as f:
            head = f.read(4096)
    except OSError as e:
        raise WorkbookUnreadable(f"{name} could not be read ({e.strerror}). Check that it is not open elsewhere "
                                 "with exclusive access, and that you may read it.") from None  # fmt: skip
    if not head:
        raise WorkbookUnreadable(f"{name} is empty (0 bytes). Open your last good copy, or create a new workbook "
                                 "with 'xlproduction new'.")  # fmt: skip
    if size > limits.file_bytes:
        raise WorkbookUnreadable(
            f"{name} is {size / MiB:,.0f} MB, more than the {limits.file_bytes // MiB} MB xlproduction opens. A "
            "production workbook is rarely over 20 MB: remove pictures and old tabs (or move the ledger to its own "
            "file), save, and try again.")
    refusal = _sniff(p, head)
    if refusal is not None:
        raise refusal
    count = _entry_count(p, size)
    if count is not None and count > limits.parts:
        raise WorkbookUnreadable(f"{name} was refused: it holds {count:,} parts (files inside the .xlsx), more than "
                                 f"the {limits.parts:,} xlproduction reads; a workbook has a few dozen. Do not open "
                                 "it; ask the sender for the original.")  # fmt: skip
    try:
        with zipfile.ZipFile(p) as z:
            infos = z.infolist()
    except (zipfile.BadZipFile, zipfile.LargeZipFile, NotImplementedError, ValueError, struct.error, EOFError,
            OSError):  # fmt: skip
        raise _damaged(name, "its zip structure is broken") from None
    return _inspect_parts(p, size, infos, limits, only)


def _inspect_parts(p: Path, size: int, infos: list[zipfile.ZipInfo], limits: Limits,
                   only: Collection[str] | None = None) -> Inspection:  # fmt: skip
    name = p.name
    if len(infos) > limits.parts:
        raise WorkbookUnreadable(f"{name} was refused: it holds {len(infos):,} parts (files inside the .xlsx), "
                                 f"more than the {limits.parts:,} xlproduction reads. Do not open it; ask the sender "
                                 "for the original.")  # fmt: skip
    names = {i.filename for i in infos}
    if "mimetype" in names and "content.xml" in names:
        raise WorkbookUnreadable(f"{name} is an OpenDocument spreadsheet (.ods, from LibreOffice or Google Sheets), "
                                 "not an Excel workbook. Save it as 'Excel 2007-365 (.xlsx)' and try again.")
    if "[Content_Types].xml" not in names:
        raise WorkbookUnreadable(f"{name} is a zip archive but not an Excel workbook. Save your workbook from Excel "
                                 "as 'Excel Workbook (.xlsx)' and try again.")  # fmt: skip
    # Part names are case-insensitive in a package: two entries of one name are one part stored twice. Readers
    # disagree on which copy counts (zipfile and python-calamine take the last, a copy of the package the first).
    seen: dict[str, str] = {}
    for i in infos:
        key = i.filename.casefold()
        if key in seen:
            first = seen[key]
            spelled = "" if first == i.filename else f" (also as {i.filename!r})"
            raise WorkbookUnreadable(
                f"{name} is damaged: it holds the part {first!r} twice{spelled}, and programs disagree on which copy "
                "is the workbook, so what xlproduction reads could differ from what Excel shows. Open it in Excel "
                "(which may offer to repair it), save it again as 'Excel Workbook (.xlsx)', and try again.")
        seen[key] = i.filename
    total = 0
    for i in infos:
        total += i.file_size
        if i.flag_bits & 0x1:
            raise WorkbookUnreadable(f"{name} is a zip archive with a password on its parts, which Excel never "
                                     "writes. Save the workbook from Excel as .xlsx and try again.")  # fmt: skip
        if i.compress_type not in (zipfile.ZIP_STORED, zipfile.ZIP_DEFLATED):
            raise _damaged(name, f"the part {i.filename!r} uses a compression Excel does not write")
        if i.file_size > limits.total_uncompressed or total > limits.total_uncompressed:
            raise WorkbookUnreadable(
                f"{name} was refused: its parts would expand to {total / MiB:,.0f} MB or more, beyond the "
                f"{limits.total_uncompressed // MiB} MB xlproduction reads (the largest sample production is 58 MB). "
                "If it is a real workbook, remove pictures or old tabs; if it came from outside, do not open it.")
    kept: dict[str, bytes] = {}
    scans: dict[str, SheetScan] = {}
    with p.open("rb") as f:
        spans = sorted((i.header_offset, _data_offset(f, i, name) + i.compress_size, i.filename) for i in infos)
        for (_, end, a), (start, _, b) in itertools.pairwise(spans):
            if start < end:
                raise WorkbookUnreadable(f"{name} was refused: its parts {a!r} and {b!r} overlap, which only a "
                                         "deliberately crafted file does (a 'zip bomb'). Do not open it.")  # fmt: skip
        done: set[str] = set()

        def scan(i: zipfile.ZipInfo, cells: bool = True) -> None:
            done.add(i.filename)
            part = _Part(i.filename, name, limits, cells, (i.file_size, i.compress_size))
            for chunk in _stream(f, i, name):
                part.feed(chunk)
            part.close()
            if part.root in _KEEP_ROOTS:
                kept[i.filename.casefold()] = b"".join(part.kept)
            if part.root == "table":
                _check_table(name, kept[i.filename.casefold()], limits)
            if part.sheet is not None:
                scans[i.filename] = part.sheet

        skip = _unwanted_sheet_parts(infos, kept, scan, name, only) if only is not None else frozenset()
        for i in infos:
            if not i.is_dir() and i.filename not in done:
                scan(i, cells=i.filename.casefold() not in skip)
    try:
        sheets, hidden = _sheet_names(kept, name)
    except WorkbookUnreadable:
        raise
    except Exception:  # malformed XML in the package's structure parts
        raise _damaged(name, "its list of sheets cannot be read") from None
    # Part names are case-insensitive in a package (the zip's are not).
    sheet_of = {part.casefold(): sheet for sheet, part in sheets.items()}
    for part_name, scan in scans.items():
        sheet = sheet_of.get(part_name.casefold())
        _check_sheet(name, f"sheet {sheet!r}" if sheet is not None else f"part {part_name!r}", scan, limits)
    by_part = {part.casefold(): scan for part, scan in scans.items()}
    by_name = {sheet: by_part[part.casefold()] for sheet, part in sheets.items() if part.casefold() in by_part}
    skipped = frozenset(sheet for sheet, part in sheets.items() if part.casefold() in skip)
    return Inspection(p, by_name, hidden, skipped)


def _unwanted_sheet_parts(infos: list[zipfile.ZipInfo], kept: Mapping[str, bytes],
                          scan: Callable[[zipfile.ZipInfo], None], name: str,
                          only: Collection[str]) -> frozenset[str]:  # fmt: skip
    """The worksheet parts (casefolded) that hold none of the tables or sheets in ``only``, found by scanning the
    structure first: every relationship part, the workbook part, the table parts. Whatever cannot be worked out
    leaves every part to be scanned (an empty set), so a strange file is inspected in full, never less."""
    wanted = {_normal(n) for n in only}
    by_name = {i.filename.casefold(): i for i in infos if not i.is_dir()}
    for key, info in by_name.items():
        if key.endswith(".rels") or key == "[content_types].xml":
            scan(info)
    try:
        office = [path for kind, path in _rels(kept, "").values() if kind.endswith("/officeDocument")]
        if not office or office[0].casefold() not in by_name:
            return frozenset()
        scan(by_name[office[0].casefold()])
        sheets, _ = _sheet_names(kept, name)
        unwanted = set()
        for sheet, part in sheets.items():
            if _normal(sheet) in wanted:
                continue
            holds = []
            for kind, target in _rels(kept, part).values():
                if kind.endswith("/table") and target.casefold() in by_name:
                    scan(by_name[target.casefold()])
                    display = re.search(rb'displayName\s*=\s*"([^"]*)"', kept.get(target.casefold(), b""))
                    holds.append(_normal(display[1].decode("utf-8", "replace")) if display else "")
            if not any(h in wanted for h in holds):
                unwanted.add(part.casefold())
        # A part two sheets share, or one that is not a worksheet of the workbook, is scanned whatever it holds.
        return frozenset(u for u in unwanted if sum(p.casefold() == u for p in sheets.values()) == 1)
    except WorkbookUnreadable:
        raise
    except Exception:  # malformed structure: the full inspection reports it
        return frozenset()


def _normal(text: str) -> str:
    """Names as the reader matches table and sheet names: case, spaces and punctuation aside."""
    return "".join(ch for ch in text.casefold() if ch.isalnum())


def _check_sheet(name: str, where: str, s: SheetScan, limits: Limits) -> None:
    """Refuse a sheet (``where``: "sheet 'Crew'" or "part '…'") whose grid or expanded ranges pass the bounds."""
    if s.max_row > EXCEL_ROWS or s.max_col > EXCEL_COLS or (s.implicit_cells and s.row_hint > EXCEL_ROWS):
        raise WorkbookUnreadable(f"{name} was refused: {where} refers to cell {s.far}, beyond Excel's last cell "
                                 "XFD1048576, so it was not written by Excel and is damaged or crafted. Do not open "
                                 "it; ask the sender to save it again from Excel.")  # fmt: skip
    if s.cells > limits.sheet_cells:
        raise WorkbookUnreadable(
            f"{name}: {where} has a value as far as cell {s.far or 'far down'}, so it spans {s.cells:,} cells, more "
            f"than the {limits.sheet_cells:,} xlproduction reads. Delete the stray cells below or to the right of "
            "your data (Ctrl+End jumps to the last one), save, and try again.")
    if s.expanded > limits.expanded_cells:
        raise WorkbookUnreadable(
            f"{name}: {where} merges or links {s.expanded:,} cells (e.g. {s.widest}), more than the "
            f"{limits.expanded_cells:,} xlproduction reads. Unmerge the large range (Home → Merge & Center → "
            "Unmerge Cells), save, and try again.")


def _check_table(name: str, data: bytes, limits: Limits) -> None:
    m = re.search(rb"<(?:[A-Za-z_][\w.\-]*:)?table(?=[\s/>])([^>]*)>", data)
    head = m[1] if m else b""
    r = _ATTR_REF.search(head)
    a = _area(r[1].decode("ascii", "replace")) if r else None
    if a is None:
        return
    r0, c0, r1, c1 = a
    if r1 > EXCEL_ROWS or c1 > EXCEL_COLS:
        raise WorkbookUnreadable(f"{name} was refused: a table reaches beyond Excel's last cell XFD1048576, so the "
                                 "file is damaged or crafted. Do not open it; ask the sender to save it again from "
                                 "Excel.")  # fmt: skip
    cells = (r1 - r0 + 1) * (c1 - c0 + 1)
    if cells > limits.sheet_cells:
        display = re.search(rb'displayName\s*=\s*"([^"]*)"', head)
        table = display[1].decode("utf-8", "replace") if display else "a table"
        raise WorkbookUnreadable(
            f"{name}: the table {table!r} covers {r[1].decode()} ({cells:,} cells), more than the "  # type: ignore[index]
            f"{limits.sheet_cells:,} xlproduction reads. Resize it to its rows (click in it, Table Design → Resize "
            "Table), save, and try again.")


_CACHE: OrderedDict[tuple[str, int, int, int, frozenset[str] | None], Inspection] = OrderedDict()


def check_file(path: str | Path, only: Collection[str] | None = None) -> Inspection:
    """``inspect`` with the default limits, remembered by path, size, modification time and inode (the reader and
    the writer of one command inspect the same file). An inspection answers any later one that asks for no sheet it
    did not scan."""
    p = Path(path)
    try:
        st = p.stat()
        base = (str(p.resolve()), st.st_size, st.st_mtime_ns, st.st_ino)
    except OSError:
        return inspect(p, only=only)
    wanted = frozenset(_normal(n) for n in only) if only is not None else None
    for key, hit in reversed(_CACHE.items()):
        # An inspection that scanned the cells of every sheet asked for (or of all) answers.
        if key[:4] == base and (key[4] is None or (wanted is not None and wanted <= key[4])):
            _CACHE.move_to_end(key)
            return hit
    result = inspect(p, only=only)
    _CACHE[(*base, wanted)] = result
    while len(_CACHE) > 8:
        _CACHE.popitem(last=False)
    return result

"""Hostile and look-alike files: builders for tests/test_hostile_files.py and RELIABILITY.md's measurements.

Each builder writes one small file (the largest is ~300 KB on disk) that attacks a parser or only pretends to be a
workbook: zip bombs of four kinds, an XML entity bomb, external entities, sheets and tables claiming billions of
cells, damaged zips (one with a part stored twice), an encrypted workbook, an .xls, a CSV, a web page, an .ods and
an .xlsb under an .xlsx name.
``HOSTILE`` lists them with a pattern the refusal message must match, so a coordinator reading it knows what the
file is and what to do.

``python tests/corpus/hostile.py OUTDIR`` writes them all (to try them on other tools).
"""

from __future__ import annotations

import struct
import sys
import zipfile
import zlib
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

MAIN = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
SECRET = "xlproduction-secret-7f3a"  # written into a local file that XXE cases try to read


def minimal_parts(sheet_xml: bytes | None = None, shared_strings: bytes | None = None,
                  workbook_xml: bytes | None = None, table_xml: bytes | None = None) -> dict[str, bytes]:  # fmt: skip
    """The parts of a one-sheet workbook as Excel writes them (openpyxl reads it; calamine reads it)."""
    sheet = sheet_xml or (f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<worksheet xmlns="{MAIN}">'
                          '<sheetData><row r="1"><c r="A1" t="inlineStr"><is><t>Scene</t></is></c></row>'
                          '<row r="2"><c r="A2"><v>1</v></c></row></sheetData></worksheet>').encode()
    wb = workbook_xml or (f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<workbook xmlns="{MAIN}" '
                          'xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships">'
                          '<sheets><sheet name="Scenes" sheetId="1" r:id="rId1"/></sheets></workbook>').encode()
    ct = ('<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
          '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
          '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
          '<Default Extension="xml" ContentType="application/xml"/>'
          '<Override PartName="/xl/workbook.xml" '
          'ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/>'
          '<Override PartName="/xl/worksheets/sheet1.xml" '
          'ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/>'
          + ('<Override PartName="/xl/sharedStrings.xml" '
             'ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sharedStrings+xml"/>'
             if shared_strings else "")
          + ('<Override PartName="/xl/tables/table1.xml" '
             'ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.table+xml"/>'
             if table_xml else "")
          + "</Types>").encode()  # fmt: skip
    rel = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
    root_rels = ('<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
                 '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
                 f'<Relationship Id="rId1" Type="{rel}/officeDocument" Target="xl/workbook.xml"/>'
                 "</Relationships>").encode()  # fmt: skip
    wb_rels = ('<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
               '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
               f'<Relationship Id="rId1" Type="{rel}/worksheet" Target="worksheets/sheet1.xml"/>'
               + (f'<Relationship Id="rId2" Type="{rel}/sharedStrings" Target="sharedStrings.xml"/>'
                  if shared_strings else "")
               + "</Relationships>").encode()  # fmt: skip
    parts = {"[Content_Types].xml": ct, "_rels/.rels": root_rels, "xl/workbook.xml": wb,
             "xl/_rels/workbook.xml.rels": wb_rels, "xl/worksheets/sheet1.xml": sheet}  # fmt: skip
    if shared_strings:
        parts["xl/sharedStrings.xml"] = shared_strings
    if table_xml:
        parts["xl/tables/table1.xml"] = table_xml
        parts["xl/worksheets/_rels/sheet1.xml.rels"] = (
            '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
            '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
            f'<Relationship Id="rId1" Type="{rel}/table" Target="../tables/table1.xml"/></Relationships>').encode()
        parts["xl/worksheets/sheet1.xml"] = sheet.replace(
            b"</worksheet>", b'<tableParts count="1"><tablePart r:id="rId1" xmlns:r="' + rel.encode() + b'"/>'
                             b"</tableParts></worksheet>")  # fmt: skip
    return parts


def write_zip(path: Path, parts: dict[str, bytes]) -> Path:
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as z:
        for name, data in parts.items():
            z.writestr(name, data)
    return path


def _sheet(rows_xml: str, tail: str = "") -> bytes:
    return (f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<worksheet xmlns="{MAIN}"><sheetData>'
            f"{rows_xml}</sheetData>{tail}</worksheet>").encode()


# --- zip bombs -------------------------------------------------------------------------------------------------------


def zip_bomb_ratio(path: Path) -> Path:
    """A sheet part that inflates 1000-fold to 64 MB (honestly declared): the classic zip bomb, under the total."""
    parts = minimal_parts()
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED, compresslevel=9) as z:
        for name, data in parts.items():
            if name != "xl/worksheets/sheet1.xml":
                z.writestr(name, data)
        with z.open("xl/worksheets/sheet1.xml", "w", force_zip64=True) as f:
            f.write(parts["xl/worksheets/sheet1.xml"].replace(b"<sheetData>", b"<sheetData>" + b" " * 64))
            block = b" " * (1 << 20)
            for _ in range(64):
                f.write(block)  # whitespace between elements: well-formed, and 64 MB of nothing
    return path


def zip_bomb_declared(path: Path) -> Path:
    """Parts whose directory entries declare 2 GB each (no real data needed to claim it)."""
    write_zip(path, minimal_parts())
    return _patch_sizes(path, "xl/worksheets/sheet1.xml", file_size=2**31 - 1)


def zip_bomb_lying(path: Path) -> Path:
    """A part that declares 200 bytes but inflates to 20 MB: a reader trusting the stream, not the directory,
    would be flooded."""
    parts = minimal_parts()
    head = parts["xl/worksheets/sheet1.xml"]
    body = head + b" " * (20 << 20)
    write_zip(path, {**parts, "xl/worksheets/sheet1.xml": body})
    return _patch_sizes(path, "xl/worksheets/sheet1.xml", file_size=200, crc=zlib.crc32(body[:200]))


def zip_bomb_overlap(path: Path) -> Path:
    """Many directory entries pointing at the same compressed data (the 'non-recursive zip bomb' layout)."""
    write_zip(path, minimal_parts())
    data = bytearray(path.read_bytes())
    eocd = data.rfind(b"PK\x05\x06")
    cd_size, cd_offset = struct.unpack("<II", data[eocd + 12:eocd + 20])
    cd = bytes(data[cd_offset:cd_offset + cd_size])
    i = cd.find(b"xl/worksheets/sheet1.xml") - 46
    n, m, k = struct.unpack("<HHH", cd[i + 28:i + 34])
    entry = cd[i:i + 46 + n + m + k]
    extra = b""
    for j in range(1, 200):
        name = f"xl/worksheets/copy{j:03d}.xml".encode()
        e = bytearray(entry[:46]) + name + entry[46 + n:]
        struct.pack_into("<H", e, 28, len(name))
        extra += bytes(e)
    new_cd = cd + extra
    count = struct.unpack("<H", data[eocd + 10:eocd + 12])[0] + 199
    out = data[:cd_offset] + new_cd + data[eocd:]
    e2 = len(data[:cd_offset]) + len(new_cd)
    struct.pack_into("<HHII", out, e2 + 8, count, count, len(new_cd), cd_offset)
    path.write_bytes(bytes(out))
    return path


def too_many_parts(path: Path) -> Path:
    parts = minimal_parts()
    with zipfile.ZipFile(path, "w", zipfile.ZIP_STORED) as z:
        for name, data in parts.items():
            z.writestr(name, data)
        for i in range(10_001):
            z.writestr(f"customXml/item{i}.xml", b"")
    return path


def _patch_sizes(path: Path, part: str, *, file_size: int, crc: int | None = None) -> Path:
    """Rewrite a part's declared uncompressed size (and CRC) in both its local header and the directory."""
    data = bytearray(path.read_bytes())
    name = part.encode()
    local = data.find(b"PK\x03\x04")
    while local >= 0:
        n = struct.unpack("<H", data[local + 26:local + 28])[0]
        if data[local + 30:local + 30 + n] == name:
            struct.pack_into("<I", data, local + 22, file_size)
            if crc is not None:
                struct.pack_into("<I", data, local + 14, crc)
            break
        local = data.find(b"PK\x03\x04", local + 4)
    c = data.find(b"PK\x01\x02")
    while c >= 0:
        n = struct.unpack("<H", data[c + 28:c + 30])[0]
        if data[c + 46:c + 46 + n] == name:
            struct.pack_into("<I", data, c + 24, file_size)
            if crc is not None:
                struct.pack_into("<I", data, c + 16, crc)
            break
        c = data.find(b"PK\x01\x02", c + 4)
    path.write_bytes(bytes(data))
    return path


# --- XML attacks -----------------------------------------------------------------------------------------------------

LAUGHS = ('<!DOCTYPE lolz [<!ENTITY lol "lol">'
          + "".join(f'<!ENTITY lol{i} "{("&lol" + (str(i - 1) if i > 1 else "") + ";") * 10}">' for i in range(1, 10))
          + "]>")  # fmt: skip


def entity_bomb_strings(path: Path) -> Path:
    """'Billion laughs' in the shared strings: nine levels of ten-fold entity expansion (3 GB of 'lol')."""
    sst = (f'<?xml version="1.0"?>{LAUGHS}<sst xmlns="{MAIN}" count="1" uniqueCount="1"><si><t>&lol9;</t></si>'
           "</sst>").encode()  # fmt: skip
    sheet = _sheet('<row r="1"><c r="A1" t="s"><v>0</v></c></row>')
    return write_zip(path, minimal_parts(sheet, shared_strings=sst))


def entity_bomb_workbook(path: Path) -> Path:
    """'Billion laughs' in workbook.xml (which openpyxl parses with fromstring)."""
    wb = (f'<?xml version="1.0"?>{LAUGHS}<workbook xmlns="{MAIN}" '
          'xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships">'
          '<sheets><sheet name="&lol9;" sheetId="1" r:id="rId1"/></sheets></workbook>').encode()  # fmt: skip
    return write_zip(path, minimal_parts(workbook_xml=wb))


def entity_bomb_sheet(path: Path) -> Path:
    """'Billion laughs' in a worksheet (which openpyxl parses with iterparse)."""
    sheet = (f'<?xml version="1.0"?>{LAUGHS}<worksheet xmlns="{MAIN}"><sheetData><row r="1">'
             '<c r="A1" t="inlineStr"><is><t>&lol9;</t></is></c></row></sheetData></worksheet>').encode()
    return write_zip(path, minimal_parts(sheet))


def xxe(path: Path, secret_file: Path) -> Path:
    """An external entity that would copy a local file into a cell."""
    secret_file.write_text(SECRET, encoding="utf-8")
    sheet = (f'<?xml version="1.0"?><!DOCTYPE w [<!ENTITY xxe SYSTEM "{secret_file.resolve().as_uri()}">]>'
             f'<worksheet xmlns="{MAIN}"><sheetData><row r="1"><c r="A1" t="inlineStr"><is><t>Scene</t></is></c>'
             '</row><row r="2"><c r="A2" t="inlineStr"><is><t>&xxe;</t></is></c></row></sheetData>'
             "</worksheet>").encode()  # fmt: skip
    return write_zip(path, minimal_parts(sheet))


def xxe_strings(path: Path, secret_file: Path) -> Path:
    secret_file.write_text(SECRET, encoding="utf-8")
    sst = (f'<?xml version="1.0"?><!DOCTYPE sst [<!ENTITY xxe SYSTEM "{secret_file.resolve().as_uri()}">]>'
           f'<sst xmlns="{MAIN}" count="1" uniqueCount="1"><si><t>&xxe;</t></si></sst>').encode()
    sheet = _sheet('<row r="1"><c r="A1" t="s"><v>0</v></c></row>')
    return write_zip(path, minimal_parts(sheet, shared_strings=sst))


def utf16_part(path: Path) -> Path:
    """A worksheet encoded in UTF-16 (legal XML, never written by Excel, invisible to byte-level checks)."""
    sheet = ('<?xml version="1.0" encoding="UTF-16"?><!DOCTYPE w [<!ENTITY x "y">]>'
             f'<worksheet xmlns="{MAIN}"><sheetData/></worksheet>').encode("utf-16")
    return write_zip(path, minimal_parts(sheet))


# --- sheets that claim more than they hold -------------------------------------------------------------------------


def far_cell(path: Path) -> Path:
    """Two cells, A1 and XFD1048576: calamine would allocate 17 billion cells (550 GB) and abort the process."""
    return write_zip(path, minimal_parts(_sheet(
        '<row r="1"><c r="A1"><v>1</v></c></row><row r="1048576"><c r="XFD1048576"><v>1</v></c></row>')))


def billion_rows(path: Path) -> Path:
    """A row numbered one billion, beyond Excel's 1,048,576."""
    return write_zip(path, minimal_parts(_sheet(
        '<row r="1"><c r="A1"><v>1</v></c></row><row r="1000000000"><c r="A1000000000"><v>1</v></c></row>')))


def far_cell_unusual(path: Path) -> Path:
    """The far cell again, its reference after another attribute and behind a namespace prefix."""
    sheet = (f'<?xml version="1.0"?><x:worksheet xmlns:x="{MAIN}"><x:sheetData><x:row r="1">'
             '<x:c s="0" r="A1"><x:v>1</x:v></x:c></x:row><x:row r="900000">'
             '<x:c s="0" r="ZZZ900000"><x:v>1</x:v></x:c></x:row></x:sheetData></x:worksheet>').encode()
    return write_zip(path, minimal_parts(sheet))


def far_cell_odd_root(path: Path) -> Path:
    """The far cell in a sheet part whose root element is not <worksheet>: calamine reads it all the same."""
    sheet = (f'<?xml version="1.0"?><notes xmlns="{MAIN}"><sheetData><row r="1"><c r="A1"><v>1</v></c></row>'
             '<row r="1048576"><c r="XFD1048576"><v>1</v></c></row></sheetData></notes>').encode()
    return write_zip(path, minimal_parts(sheet))


def dimension_claim(path: Path) -> Path:
    """A <dimension> claiming the whole sheet over two real cells (harmless: neither parser allocates from it)."""
    sheet = (f'<?xml version="1.0"?><worksheet xmlns="{MAIN}"><dimension ref="A1:XFD1048576"/><sheetData>'
             '<row r="1"><c r="A1" t="inlineStr"><is><t>Scene</t></is></c></row><row r="2"><c r="A2"><v>1</v></c>'
             "</row></sheetData></worksheet>").encode()  # fmt: skip
    return write_zip(path, minimal_parts(sheet))


def huge_table(path: Path) -> Path:
    """A table whose range is the whole sheet: calamine allocates the table's range."""
    table = (f'<?xml version="1.0"?><table xmlns="{MAIN}" id="1" name="Scenes" displayName="Scenes" '
             'ref="A1:XFD1048576"><autoFilter ref="A1:XFD1048576"/><tableColumns count="1">'
             '<tableColumn id="1" name="Scene"/></tableColumns></table>').encode()  # fmt: skip
    return write_zip(path, minimal_parts(table_xml=table))


def huge_merge(path: Path) -> Path:
    """One merged range over the sheet: openpyxl creates a cell object for each of its cells."""
    return write_zip(path, minimal_parts(_sheet('<row r="1"><c r="A1"><v>1</v></c></row>',
                                                '<mergeCells count="1"><mergeCell ref="A2:XFD1048576"/></mergeCells>')))


def huge_hyperlink(path: Path) -> Path:
    """A hyperlink over a huge range: openpyxl creates every cell of it to attach the link."""
    return write_zip(path, minimal_parts(_sheet(
        '<row r="1"><c r="A1"><v>1</v></c></row>',
        '<hyperlinks><hyperlink ref="A1:Z1000000" location="Scenes!A1"/></hyperlinks>')))


# --- damaged files ---------------------------------------------------------------------------------------------------


def truncated(path: Path, good: Path) -> Path:
    data = good.read_bytes()
    path.write_bytes(data[: len(data) * 6 // 10])
    return path


def garbage_after_magic(path: Path) -> Path:
    import random

    rnd = random.Random(8)
    path.write_bytes(b"PK\x03\x04" + bytes(rnd.getrandbits(8) for _ in range(20_000)))
    return path


def crc_flip(path: Path, good: Path) -> Path:
    """One byte of a sheet's compressed data flipped: the zip directory is intact, the data is not."""
    data = bytearray(good.read_bytes())
    with zipfile.ZipFile(good) as z:
        info = max((i for i in z.infolist() if i.filename.startswith("xl/worksheets/")), key=lambda i: i.compress_size)
    n, m = struct.unpack("<HH", data[info.header_offset + 26:info.header_offset + 30])
    start = info.header_offset + 30 + n + m
    data[start + info.compress_size // 2] ^= 0x55
    path.write_bytes(bytes(data))
    return path


def part_stored_twice(path: Path) -> Path:
    """The sheet in two zip entries of one name with different cells: zipfile and calamine read the last, a copy of
    the package keeps the first, so what was checked is not what is kept."""
    from .real_structures import write_duplicate_entry

    return write_duplicate_entry(path, minimal_parts(), "xl/worksheets/sheet1.xml",
                                 _sheet('<row r="1"><c r="A1"><v>2</v></c></row>'))  # fmt: skip


def empty_file(path: Path) -> Path:
    path.write_bytes(b"")
    return path


# --- look-alikes ------------------------------------------------------------------------------------------------------


def encrypted(path: Path, good: Path) -> Path:
    """A real workbook with a password (Excel's Agile encryption, via msoffcrypto-tool)."""
    from msoffcrypto.format.ooxml import OOXMLFile

    with good.open("rb") as src, path.open("wb") as out:
        OOXMLFile(src).encrypt("hunter2", out)
    return path


def xls_renamed(path: Path) -> Path:
    """An Excel 97-2003 file (an OLE compound file holding a BIFF8 'Workbook' stream), named .xlsx."""
    bof = struct.pack("<HH", 0x0809, 16) + struct.pack("<HHHHII", 0x0600, 0x0005, 0x0DBB, 0x07CC, 0x41, 0x06)
    eof = struct.pack("<HH", 0x000A, 0)
    stream = bof + eof
    stream += b"\x00" * (4096 - len(stream))  # >= 4096 bytes: stored in regular sectors, no mini stream
    path.write_bytes(_compound_file({"Workbook": stream}))
    return path


def _compound_file(streams: dict[str, bytes]) -> bytes:
    """A minimal version-3 compound file (MS-CFB) with one FAT sector, one directory sector and big streams."""
    sector = 512
    free, end, fat_sect, nostream = 0xFFFFFFFF, 0xFFFFFFFE, 0xFFFFFFFD, 0xFFFFFFFF
    fat = [fat_sect, end]  # sector 0: the FAT itself; sector 1: the directory
    data = b""
    starts = []
    for body in streams.values():
        n = -(-len(body) // sector)
        first = len(fat)
        starts.append(first)
        fat += [first + k + 1 for k in range(n - 1)] + [end]
        data += body + b"\x00" * (n * sector - len(body))
    assert len(fat) <= 128
    fat += [free] * (128 - len(fat))
    header = bytearray(512)
    header[0:8] = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
    struct.pack_into("<HHHHH", header, 24, 0x3E, 3, 0xFFFE, 9, 6)
    struct.pack_into("<IIIIIIII", header, 40, 0, 1, 1, 0, 4096, end, 0, end)
    struct.pack_into("<I", header, 72, 0)
    difat = [0] + [free] * 108
    struct.pack_into("<109I", header, 76, *difat)

    def entry(name: str, kind: int, child: int, start: int, size: int) -> bytes:
        e = bytearray(128)
        raw = name.encode("utf-16-le")
        e[0:len(raw)] = raw
        struct.pack_into("<HBBIII", e, 64, len(raw) + 2, kind, 1, nostream, nostream, child)
        struct.pack_into("<IQ", e, 116, start, size)
        return bytes(e)

    names = list(streams)
    directory = entry("Root Entry", 5, 1, end, 0)
    for i, name in enumerate(names):
        directory += entry(name, 2, nostream, starts[i], len(streams[name]))
    directory += bytes(128) * (4 - 1 - len(names))
    return bytes(header) + struct.pack("<128I", *fat) + directory + data


def csv_renamed(path: Path) -> Path:
    path.write_text("Scene,I/E,Set,D/N,Pages\n1,INT,DINER,DAY,1 3/8\n2,EXT,STREET,NIGHT,2\n", encoding="utf-8")
    return path


def html_renamed(path: Path) -> Path:
    path.write_text("<html><body><table><tr><td>Scene</td></tr><tr><td>1</td></tr></table></body></html>",
                    encoding="utf-8")  # fmt: skip
    return path


def ods_renamed(path: Path) -> Path:
    with zipfile.ZipFile(path, "w") as z:
        z.writestr("mimetype", "application/vnd.oasis.opendocument.spreadsheet")
        z.writestr("content.xml", '<?xml version="1.0"?><office:document-content '
                                  'xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0"/>')
        z.writestr("META-INF/manifest.xml", "<manifest/>")
    return path


def xlsb_renamed(path: Path) -> Path:
    parts = minimal_parts()
    rels = parts["_rels/.rels"].replace(b"xl/workbook.xml", b"xl/workbook.bin")
    write_zip(path, {"[Content_Types].xml": parts["[Content_Types].xml"], "_rels/.rels": rels,
                     "xl/workbook.bin": b"\x83\x01\x00" * 10})  # fmt: skip
    return path


def docx_renamed(path: Path) -> Path:
    parts = minimal_parts()
    rels = parts["_rels/.rels"].replace(b"xl/workbook.xml", b"word/document.xml")
    write_zip(path, {"[Content_Types].xml": parts["[Content_Types].xml"], "_rels/.rels": rels,
                     "word/document.xml": b'<?xml version="1.0"?><w:document xmlns:w="urn:w"/>'})  # fmt: skip
    return path


# --- the list ---------------------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Hostile:
    name: str
    kind: str  # the class of attack or fault, as RELIABILITY.md groups them
    build: Callable[[Path, Path], Path]  # (path, a folder for helper files) -> path
    message: str  # a regular expression the refusal must match


def _good(folder: Path) -> Path:
    good = folder / "good.xlsx"
    if not good.exists():
        from openpyxl import Workbook

        wb = Workbook()
        ws = wb.active
        ws.title = "Scenes"
        for r in range(1, 400):
            ws.append([r, "INT", f"SET {r}", "DAY", 1.0, "scene text " * 5])
        wb.save(good)
    return good


HOSTILE: tuple[Hostile, ...] = (
    Hostile("zip-bomb-ratio", "zip bomb", lambda p, d: zip_bomb_ratio(p), r"zip bomb|expand"),
    Hostile("zip-bomb-declared-2GB", "zip bomb", lambda p, d: zip_bomb_declared(p), r"expand to .* MB"),
    Hostile("zip-bomb-lying-size", "zip bomb", lambda p, d: zip_bomb_lying(p), r"more than the 200 bytes"),
    Hostile("zip-bomb-overlapping-parts", "zip bomb", lambda p, d: zip_bomb_overlap(p), r"overlap"),
    Hostile("10001-parts", "zip bomb", lambda p, d: too_many_parts(p), r"10,006 parts"),
    Hostile("billion-laughs-shared-strings", "XML entity bomb", lambda p, d: entity_bomb_strings(p), r"DTD"),
    Hostile("billion-laughs-workbook", "XML entity bomb", lambda p, d: entity_bomb_workbook(p), r"DTD"),
    Hostile("billion-laughs-sheet", "XML entity bomb", lambda p, d: entity_bomb_sheet(p), r"DTD"),
    Hostile("xxe-sheet", "external entity (XXE)", lambda p, d: xxe(p, d / "secret.txt"), r"external"),
    Hostile("xxe-shared-strings", "external entity (XXE)", lambda p, d: xxe_strings(p, d / "secret.txt"),
            r"external"),
    Hostile("utf16-part", "external entity (XXE)", lambda p, d: utf16_part(p), r"UTF-16"),
    Hostile("far-cell-XFD1048576", "sheet claiming billions of cells", lambda p, d: far_cell(p), r"XFD1048576"),
    Hostile("row-one-billion", "sheet claiming billions of cells", lambda p, d: billion_rows(p),
            r"beyond Excel's last cell"),
    Hostile("far-cell-prefixed", "sheet claiming billions of cells", lambda p, d: far_cell_unusual(p),
            r"ZZZ900000"),
    Hostile("far-cell-odd-root-element", "sheet claiming billions of cells", lambda p, d: far_cell_odd_root(p),
            r"XFD1048576"),
    Hostile("table-over-sheet", "sheet claiming billions of cells", lambda p, d: huge_table(p), r"Resize"),
    Hostile("merge-over-sheet", "sheet claiming billions of cells", lambda p, d: huge_merge(p), r"Unmerge"),
    Hostile("hyperlink-over-26M-cells", "sheet claiming billions of cells", lambda p, d: huge_hyperlink(p),
            r"merges or links"),
    Hostile("truncated-zip", "corrupt zip", lambda p, d: truncated(p, _good(d)), r"damaged"),
    Hostile("garbage-after-zip-magic", "corrupt zip", lambda p, d: garbage_after_magic(p), r"damaged"),
    Hostile("crc-flipped", "corrupt zip", lambda p, d: crc_flip(p, _good(d)), r"damaged"),
    Hostile("empty-file", "corrupt zip", lambda p, d: empty_file(p), r"empty \(0 bytes\)"),
    Hostile("part-stored-twice", "corrupt zip", lambda p, d: part_stored_twice(p), r"twice"),
    Hostile("encrypted", "password-protected workbook", lambda p, d: encrypted(p, _good(d)),
            r"password-protected"),
    Hostile("xls-renamed", "look-alike file", lambda p, d: xls_renamed(p), r"Excel 97-2003.*renamed"),
    Hostile("csv-renamed", "look-alike file", lambda p, d: csv_renamed(p), r"CSV.*named \.xlsx"),
    Hostile("html-renamed", "look-alike file", lambda p, d: html_renamed(p), r"web page"),
    Hostile("ods-renamed", "look-alike file", lambda p, d: ods_renamed(p), r"OpenDocument"),
    Hostile("xlsb-renamed", "look-alike file", lambda p, d: xlsb_renamed(p), r"Binary Workbook"),
    Hostile("docx-renamed", "look-alike file", lambda p, d: docx_renamed(p), r"Word or PowerPoint"),
)


def build_all(folder: Path) -> dict[str, Path]:
    folder.mkdir(parents=True, exist_ok=True)
    helpers = folder / "_helpers"
    helpers.mkdir(exist_ok=True)
    return {h.name: h.build(folder / f"{h.name}.xlsx", helpers) for h in HOSTILE}


if __name__ == "__main__":
    for name, p in build_all(Path(sys.argv[1] if len(sys.argv) > 1 else "hostile")).items():
        print(f"{name:32} {p.stat().st_size:>10,} bytes  {p}")

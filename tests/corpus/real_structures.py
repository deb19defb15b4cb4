"""Structures real workbooks carry that once made a check or a generated tab go wrong (issue 13), as builders.

Each was found by running the graft and ``xlproduction check`` over 1,204 real .xlsx/.xlsm files from the public
test corpora of spreadsheet libraries (saved by Excel, LibreOffice, Google Sheets, WPS, Hancom Office, ONLYOFFICE,
gnumeric). The builders put one structure into a copy of a workbook, at the package level, as those writers store
it: a Power Query query (UTF-16 ``customXml`` item) and a Data Model (binary ``xl/model/item.data``), capitalised
sheet part names with lower-case relationship parts, styles wrapped in ``mc:AlternateContent`` (Hancom Office), a
manifest listing every ``.rels`` part as an Override (LibreOffice 3.5–6.0), a workbook view without ``activeTab``
(Excel omits it when the first sheet is active), an empty shared-strings part, an Excel 4.0 macro sheet and a
legacy module sheet, a very repetitive sheet, an empty thumbnail stored as a 0-byte deflate entry, no styles part,
a protected workbook structure, and (refused) two zip entries of one part.

tests/corpus/make_corpus.py builds its corpus cases from these, and tests/test_real_structures.py the regression
tests of each defect.
"""

from __future__ import annotations

import random
import re
import struct
import warnings
import zipfile
from collections.abc import Callable
from pathlib import Path

MAIN = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
REL = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
PKG_REL = "http://schemas.openxmlformats.org/package/2006/relationships"
MC = "http://schemas.openxmlformats.org/markup-compatibility/2006"
X14AC = "http://schemas.microsoft.com/office/spreadsheetml/2009/9/ac"
RELS_CT = "application/vnd.openxmlformats-package.relationships+xml"
CT = "[Content_Types].xml"
WB_RELS = "xl/_rels/workbook.xml.rels"

Parts = dict[str, bytes]


# --- reading and writing packages ---------------------------------------------------------------------------------


def read_parts(path: Path) -> Parts:
    """Every entry of a zip, in order."""
    with zipfile.ZipFile(path) as z:
        return {i.filename: z.read(i) for i in z.infolist()}


def write_parts(path: Path, parts: Parts) -> Path:
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as z:
        for name, data in parts.items():
            z.writestr(name, data)
    return path


def rewrite(source: Path, target: Path, *edits: Callable[[Parts], Parts]) -> Path:
    """``target``: ``source`` with each edit applied to its parts in turn."""
    parts = read_parts(source)
    for edit in edits:
        parts = edit(parts)
    return write_parts(target, parts)


def _add_rel(rels: bytes, rid: str, kind: str, target: str) -> bytes:
    return rels.replace(b"</Relationships>",
                        f'<Relationship Id="{rid}" Type="{kind}" Target="{target}"/></Relationships>'.encode())


def _add_override(types: bytes, part: str, content_type: str) -> bytes:
    return types.replace(b"</Types>", f'<Override PartName="/{part}" ContentType="{content_type}"/></Types>'.encode())


def _add_default(types: bytes, ext: str, content_type: str) -> bytes:
    return re.sub(rb"(<Types[^>]*>)", lambda m: m[1] + f'<Default Extension="{ext}" ContentType="{content_type}"/>'
                  .encode(), types, count=1)  # fmt: skip


def _r_prefix(workbook_xml: str) -> str:
    """The workbook part with the relationships namespace bound to ``r`` on its root (openpyxl binds it on each
    ``<sheet>`` instead), so a ``<sheet r:id>`` can be added."""
    if re.search(r"<workbook\b[^>]*xmlns:r=", workbook_xml):
        return workbook_xml
    return re.sub(r"<workbook\b", f'<workbook xmlns:r="{REL}"', workbook_xml, count=1)


# --- 1. Power Query and the Data Model ------------------------------------------------------------------------------

DATA_MODEL_HEADER = "This backup was created using XPress9 compression."


def add_power_query(parts: Parts) -> Parts:
    """A Power Query query as Excel stores it (``customXml/item1.xml``: a ``<DataMashup>`` in UTF-16 with a byte-order
    mark, its properties part in UTF-8), and a Data Model (``xl/model/item.data``: a binary Analysis Services backup
    whose header is UTF-16 text after a byte-order mark)."""
    out = dict(parts)
    mashup = ('<?xml version="1.0" encoding="utf-16"?><DataMashup xmlns="http://schemas.microsoft.com/DataMashup">'
              "AAAAAEUDAABQSwMEFAACAAgAWmtBV0cbA3qkAAAA9gAAABIAHABDb25maWcvUGFja2FnZS54bWwgohgAKKAUAAAAAAAAAAAAAAAA"
              "</DataMashup>")  # fmt: skip
    out["customXml/item1.xml"] = b"\xff\xfe" + mashup.encode("utf-16-le")
    out["customXml/itemProps1.xml"] = (
        b'<?xml version="1.0" encoding="UTF-8" standalone="no"?>\r\n<ds:datastoreItem ds:itemID='
        b'"{7A1C9A4E-2F0B-4D6E-9C53-1B8E5B7F0D21}" xmlns:ds="http://schemas.openxmlformats.org/officeDocument/2006/'
        b'customXml"><ds:schemaRefs/></ds:datastoreItem>')
    out["customXml/_rels/item1.xml.rels"] = (
        f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\r\n<Relationships xmlns="{PKG_REL}">'
        f'<Relationship Id="rId1" Type="{REL}/customXmlProps" Target="itemProps1.xml"/></Relationships>').encode()
    rng = random.Random(13)
    model = b"\xff\xfe" + DATA_MODEL_HEADER.encode("utf-16-le") + bytes(rng.randrange(256) for _ in range(60_000))
    out["xl/model/item.data"] = model
    out[WB_RELS] = _add_rel(_add_rel(out[WB_RELS], "rIdPq1", f"{REL}/customXml", "../customXml/item1.xml"),
                            "rIdPq2", f"{REL}/powerPivotData", "model/item.data")  # fmt: skip
    types = _add_override(out[CT], "customXml/itemProps1.xml",
                          "application/vnd.openxmlformats-officedocument.customXmlProperties+xml")
    out[CT] = _add_default(types, "data", "application/vnd.openxmlformats-officedocument.model+data")
    return out


# --- 2. capitalised part names ---------------------------------------------------------------------------------------

_SHEET_PART = re.compile(r"xl/worksheets/sheet(\d+)\.xml")


def capitalise_sheet_parts(parts: Parts) -> Parts:
    """Sheets stored as ``xl/worksheets/Sheet1.xml``… while their relationship parts stay
    ``xl/worksheets/_rels/sheet1.xml.rels``: the same part names to OPC (case-insensitive), as real files have them."""
    out: Parts = {}
    for name, data in parts.items():
        m = _SHEET_PART.fullmatch(name)
        out[f"xl/worksheets/Sheet{m[1]}.xml" if m else name] = data
    for name in (WB_RELS, CT):
        out[name] = re.sub(rb"worksheets/sheet(\d+)\.xml", rb"worksheets/Sheet\1.xml", out[name])
    return out


# --- 3. styles wrapped in mc:AlternateContent (Hancom Office) --------------------------------------------------------


def _wrap(m: re.Match[str]) -> str:
    el = m[0]
    return (f'<mc:AlternateContent xmlns:mc="{MC}"><mc:Choice Requires="x14ac">{el}</mc:Choice>'
            f"<mc:Fallback>{el}</mc:Fallback></mc:AlternateContent>")  # fmt: skip


def wrap_styles(parts: Parts, styles: str = "xl/styles.xml") -> Parts:
    """Every font and every cell format (``cellXfs/xf``) wrapped in ``mc:AlternateContent`` with an x14ac Choice and
    a Fallback, as Hancom Office writes them: Excel gives each wrapper one index."""
    text = parts[styles].decode("utf-8")
    for section, child in (("fonts", "font"), ("cellXfs", "xf")):
        m = re.search(rf"<{section}\b[^>]*>(.*?)</{section}>", text, re.S)
        assert m is not None, section
        inner = re.sub(rf"<{child}\b(?:[^>]*?/>|[^>]*>.*?</{child}>)", _wrap, m[1], flags=re.S)
        text = text[: m.start(1)] + inner + text[m.end(1):]
    text = re.sub(r"<styleSheet\b", f'<styleSheet xmlns:x14ac="{X14AC}"', text, count=1)
    return {**parts, styles: text.encode("utf-8")}


# --- 4 and 5. relationship parts listed as Overrides (LibreOffice) -----------------------------------------------


def rels_as_overrides(parts: Parts) -> Parts:
    """The manifest of LibreOffice 3.5–6.0: no ``Default`` for ``rels``, every ``.rels`` part an ``Override``."""
    types = re.sub(rb'<Default Extension="rels"[^>]*/>', b"", parts[CT])
    for name in parts:
        if name.endswith(".rels"):
            types = _add_override(types, name, RELS_CT)
    return {**parts, CT: types}


# --- 6. no activeTab ----------------------------------------------------------------------------------------------


def drop_active_tab(parts: Parts) -> Parts:
    """A workbook view without ``activeTab``, as Excel writes it when the first sheet is the active one."""
    return {**parts, "xl/workbook.xml": re.sub(rb'\sactiveTab="\d+"', b"", parts["xl/workbook.xml"])}


# --- 7. an empty shared-strings part --------------------------------------------------------------------------------

EMPTY_SST = (f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<sst xmlns="{MAIN}"/>').encode()
ZERO_SST = (f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
            f'<sst xmlns="{MAIN}" count="0" uniqueCount="0"></sst>').encode()  # fmt: skip


def empty_shared_strings(parts: Parts, body: bytes = EMPTY_SST) -> Parts:
    """A shared-strings part holding no string (``<sst/>``, or ``count="0"``), as some writers leave it."""
    assert "xl/sharedStrings.xml" not in parts
    out = {**parts, "xl/sharedStrings.xml": body}
    out[WB_RELS] = _add_rel(out[WB_RELS], "rIdSst", f"{REL}/sharedStrings", "sharedStrings.xml")
    out[CT] = _add_override(out[CT], "xl/sharedStrings.xml",
                            "application/vnd.openxmlformats-officedocument.spreadsheetml.sharedStrings+xml")
    return out


# --- 8. an Excel 4.0 macro sheet and a legacy module sheet ------------------------------------------------------

MACRO_SHEET = (f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\r\n<xm:macrosheet xmlns="{MAIN}" '
               'xmlns:xm="http://schemas.microsoft.com/office/excel/2006/main"><sheetData>'
               '<row r="1"><c r="A1" t="str"><f>GET.WORKSPACE(1)</f><v>Windows (64-bit) NT 10.00</v></c></row>'
               '<row r="2"><c r="A2" t="b"><f>RETURN()</f><v>1</v></c></row></sheetData></xm:macrosheet>').encode()


def add_macro_sheets(parts: Parts, macro_name: str = "Macro1", module: bool = True) -> Parts:
    """An Excel 4.0 macro sheet (``xl/macrosheets/sheet1.xml``, related as ``xlMacrosheet``) and a legacy module
    sheet (``<sheet r:id=""/>``: an Excel 5 VBA module sheet, which has no part), in a macro-enabled workbook."""
    out = dict(parts)
    wb = out["xl/workbook.xml"].decode("utf-8")
    ids = [int(i) for i in re.findall(r'sheetId="(\d+)"', wb)]
    new = f'<sheet name="{macro_name}" sheetId="{max(ids) + 1}" r:id="rIdXlm1"/>'
    if module:
        new += f'<sheet name="Module1" sheetId="{max(ids) + 2}" state="hidden" r:id=""/>'
    out["xl/workbook.xml"] = _r_prefix(wb).replace("</sheets>", new + "</sheets>").encode("utf-8")
    out["xl/macrosheets/sheet1.xml"] = MACRO_SHEET
    out[WB_RELS] = _add_rel(out[WB_RELS], "rIdXlm1", "http://schemas.microsoft.com/office/2006/relationships/"
                            "xlMacrosheet", "macrosheets/sheet1.xml")  # fmt: skip
    types = _add_override(out[CT], "xl/macrosheets/sheet1.xml", "application/vnd.ms-excel.macrosheet+xml")
    out[CT] = types.replace(b"application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml",
                            b"application/vnd.ms-excel.sheet.macroEnabled.main+xml")
    return out


# --- 10. a very repetitive sheet, an empty thumbnail, no styles, a protected structure ------------------------------

NOTE = ("Rain cover: if the forecast turns, move scenes 12 and 14 to the stage and hold the exterior for Thursday. "
        * 12)  # fmt: skip


def repetitive_sheet(rows: int) -> bytes:
    """A sheet whose every row holds the same pasted note: real, and it inflates ~125-fold (1,000 rows: 1.3 MB;
    42,000: 54 MB), past the 100-fold the guard once called a zip bomb."""
    body = "".join(f'<row r="{r}"><c r="A{r}" t="inlineStr"><is><t>{NOTE}</t></is></c></row>'
                   for r in range(1, rows + 1))  # fmt: skip
    return (f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<worksheet xmlns="{MAIN}"><sheetData>{body}'
            "</sheetData></worksheet>").encode()  # fmt: skip


def add_sheet(parts: Parts, name: str, xml: bytes) -> Parts:
    """A worksheet named ``name`` appended to the workbook (a part, its relationship, its content type)."""
    out = dict(parts)
    n = 1 + max(int(m[1]) for p in out if (m := re.fullmatch(r"xl/worksheets/sheet(\d+)\.xml", p)))
    part = f"xl/worksheets/sheet{n}.xml"
    out[part] = xml
    out[WB_RELS] = _add_rel(out[WB_RELS], f"rIdAdd{n}", f"{REL}/worksheet", f"/{part}")
    out[CT] = _add_override(out[CT], part, "application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml")
    wb = out["xl/workbook.xml"].decode("utf-8")
    sheet_id = 1 + max(int(i) for i in re.findall(r'sheetId="(\d+)"', wb))
    out["xl/workbook.xml"] = _r_prefix(wb).replace(
        "</sheets>", f'<sheet name="{name}" sheetId="{sheet_id}" r:id="rIdAdd{n}"/></sheets>').encode("utf-8")
    return out


THUMBNAIL = "docProps/thumbnail.wmf"


def add_empty_thumbnail(parts: Parts) -> Parts:
    """An empty ``docProps/thumbnail.wmf`` related from the package (call ``zero_byte_deflate`` on the written file:
    Excel stores it as a deflate entry of 0 compressed bytes)."""
    out = {**parts, THUMBNAIL: b""}
    out["_rels/.rels"] = _add_rel(out["_rels/.rels"], "rIdThumb", f"{PKG_REL}/metadata/thumbnail", THUMBNAIL)
    out[CT] = _add_default(out[CT], "wmf", "image/x-wmf")
    return out


def zero_byte_deflate(path: Path, part: str = THUMBNAIL) -> Path:
    """Mark the (empty, stored) entry ``part`` as deflated with 0 compressed bytes, in its local header and in the
    directory: no deflate stream at all, which Python's zipfile and Excel read as an empty part."""
    data = bytearray(path.read_bytes())
    name = part.encode()
    with zipfile.ZipFile(path) as z:
        info = z.getinfo(part)
    assert info.file_size == 0 and info.compress_size == 0, "write the part empty and stored first"
    assert data[info.header_offset:info.header_offset + 4] == b"PK\x03\x04"
    struct.pack_into("<H", data, info.header_offset + 8, zipfile.ZIP_DEFLATED)
    i = data.find(b"PK\x01\x02")
    while i >= 0:
        n = struct.unpack("<H", data[i + 28:i + 30])[0]
        if data[i + 46:i + 46 + n] == name:
            struct.pack_into("<H", data, i + 10, zipfile.ZIP_DEFLATED)
            break
        i = data.find(b"PK\x01\x02", i + 4)
    else:  # pragma: no cover - the entry was just written
        raise AssertionError(part)
    path.write_bytes(bytes(data))
    return path


def write_with_empty_thumbnail(path: Path, parts: Parts) -> Path:
    """``parts`` written with an empty thumbnail stored as a 0-byte deflate entry."""
    parts = add_empty_thumbnail(parts)
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as z:
        for name, data in parts.items():
            z.writestr(zipfile.ZipInfo(name, (2027, 1, 4, 9, 0, 0)), data,
                       zipfile.ZIP_STORED if name == THUMBNAIL else zipfile.ZIP_DEFLATED)  # fmt: skip
    return zero_byte_deflate(path)


_STYLE_REFERENCE = re.compile(rb'\s(?:s|style|dxfId|\w+DxfId|customFormat)="[^"]*"')


def remove_styles(parts: Parts) -> Parts:
    """No styles part: optional in SpreadsheetML (every cell then has the default look), as a writer that styles
    nothing leaves it: no cell, row, column, table or conditional format refers to a style either."""
    out = {k: v for k, v in parts.items() if k != "xl/styles.xml"}
    for name, data in out.items():
        if re.fullmatch(r"xl/(worksheets|tables)/[^/]+\.xml", name):
            out[name] = _STYLE_REFERENCE.sub(b"", data)
    out[WB_RELS] = re.sub(rb'<Relationship\s[^>]*Type="[^"]*/styles"[^>]*/>', b"", out[WB_RELS])
    out[CT] = re.sub(rb'<Override PartName="/xl/styles.xml"[^>]*/>', b"", out[CT])
    assert b"styles" not in out[WB_RELS]
    return out


def protect_structure(parts: Parts) -> Parts:
    """The workbook's structure protected (Review → Protect Workbook): Excel's own UI then adds no sheet."""
    wb = parts["xl/workbook.xml"]
    wb = re.sub(rb"<workbookProtection\b[^>]*/>", b"", wb)
    protection = b'<workbookProtection lockStructure="1"/>'
    m = re.search(rb"<workbookPr\b[^>]*(?:/>|>.*?</workbookPr>)", wb, re.S)
    at = m.end() if m else re.search(rb"<(bookViews|sheets)\b", wb).start()  # type: ignore[union-attr]
    return {**parts, "xl/workbook.xml": wb[:at] + protection + wb[at:]}


# --- 9. duplicate zip entries (refused) ---------------------------------------------------------------------------


def write_duplicate_entry(path: Path, parts: Parts, part: str, second: bytes) -> Path:
    """``parts`` with a second zip entry named ``part`` holding ``second``: one reader takes the first copy, another
    the last."""
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", UserWarning)  # zipfile warns "Duplicate name"
        with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as z:
            for name, data in parts.items():
                z.writestr(name, data)
            z.writestr(part, second)
    return path

"""Adding or replacing generated tabs in an existing .xlsx at the package (zip) level.

Why not let openpyxl load the workbook, add the tab and save it all again? Because that rewrites every part of
the coordinator's file: on a season-sized workbook it costs ~20× the time of just reading it, and whatever
openpyxl does not understand (slicers, threaded comments, sparklines, custom XML, form controls, extensions…) is
silently dropped. Here a generated tab is rendered on its own (by openpyxl, into a tiny workbook: the *donor*) and
grafted into the user's package:

- the donor sheet's XML and the parts it relates to (drawings, charts, pictures, comments) are added under fresh
  part names, their relationships rewritten;
- the sheet is registered in ``workbook.xml`` (a replaced tab keeps its position, sheet id and visibility),
  ``workbook.xml.rels`` and ``[Content_Types].xml``; sheet-local defined names (print titles, print area, filter)
  come along, and the indices that count sheets (``localSheetId``, ``activeTab``) shift past an inserted tab;
- the styles the tab uses are found in ``styles.xml`` or **appended** to it (fonts, fills, borders, number
  formats, cell formats, differential formats): existing entries are never renumbered, so every cell of the
  user's keeps its look, and regenerating a tab reuses what the previous run appended;
- every other part is copied byte for byte, still compressed (no inflate/deflate of the big sheets).

Strings: the tab's text is written as inline strings when the workbook already has a shared-strings part, because
appending to it would rewrite a part the user owns (Excel moves inline strings into its table on its next save;
both are valid OOXML). A workbook without one (what openpyxl writes) gets a new ``sharedStrings.xml`` holding the
tab's strings, which is a new part, not a change, and what Excel expects to find; one whose part holds no string
gets them in that part (nothing of the user's is lost).

Part names are compared ignoring case, as OPC defines them (``Sheet1.xml`` and ``sheet1.xml`` are one part); style
entries wrapped in ``mc:AlternateContent`` count once each, as Excel numbers them.

Deliberate limits: the user's active tab stays active (selecting the new tab would mean editing the previously
selected sheet, or leaving two tabs grouped); ``docProps/app.xml`` keeps its old list of titles (Excel rebuilds
it on save and never reads it); a replaced sheet's entries in ``calcChain.xml`` would point at cells that may no
longer hold formulas, so that optional part is dropped then (Excel rebuilds it, as after any openpyxl save); a
donor sheet holding Excel Tables is refused (their workbook-wide ids would need renumbering; no generated tab has
one). Strict OOXML packages (ISO namespaces) are refused with a clear message.
"""

from __future__ import annotations

import copy
import io
import posixpath
import re
import struct
import zipfile
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import IO, TYPE_CHECKING

from lxml import etree

from .safe_write import atomic_save

if TYPE_CHECKING:
    from openpyxl import Workbook

MAIN_NS = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
R_NS = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
PR_NS = "http://schemas.openxmlformats.org/package/2006/relationships"
CT_NS = "http://schemas.openxmlformats.org/package/2006/content-types"
STRICT_NS = "http://purl.oclc.org/ooxml/spreadsheetml/main"
REL_BASE = R_NS + "/"
CT_PATH = "[Content_Types].xml"
WORKSHEET_CT = "application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"
SST_CT = "application/vnd.openxmlformats-officedocument.spreadsheetml.sharedStrings+xml"
RELS_CT = "application/vnd.openxmlformats-package.relationships+xml"
STYLES_CT = "application/vnd.openxmlformats-officedocument.spreadsheetml.styles+xml"
# The look SpreadsheetML gives cells when a workbook has no styles part (it is optional): the part a graft creates
# then starts from it, so index 0 is still the default look.
DEFAULT_STYLES = (
    f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<styleSheet xmlns="{MAIN_NS}">'
    '<fonts count="1"><font><sz val="11"/><name val="Calibri"/><family val="2"/></font></fonts>'
    '<fills count="2"><fill><patternFill patternType="none"/></fill><fill><patternFill patternType="gray125"/></fill>'
    '</fills><borders count="1"><border><left/><right/><top/><bottom/><diagonal/></border></borders>'
    '<cellStyleXfs count="1"><xf numFmtId="0" fontId="0" fillId="0" borderId="0"/></cellStyleXfs>'
    '<cellXfs count="1"><xf numFmtId="0" fontId="0" fillId="0" borderId="0" xfId="0"/></cellXfs>'
    '<cellStyles count="1"><cellStyle name="Normal" xfId="0" builtinId="0"/></cellStyles><dxfs count="0"/>'
    "</styleSheet>").encode()  # fmt: skip

_M = f"{{{MAIN_NS}}}"
_R_ID = f"{{{R_NS}}}id"
_REL = f"{{{PR_NS}}}Relationship"
# CT_Stylesheet and CT_Workbook children in schema order: a section created here goes where Excel expects it.
_STYLE_ORDER = ("numFmts", "fonts", "fills", "borders", "cellStyleXfs", "cellXfs", "cellStyles", "dxfs",
                "tableStyles", "colors", "extLst")  # fmt: skip
_WORKBOOK_ORDER = ("fileVersion", "fileSharing", "workbookPr", "workbookProtection", "bookViews", "sheets",
                   "functionGroups", "externalReferences", "definedNames", "calcPr", "oleSize",
                   "customWorkbookViews", "pivotCaches", "smartTagPr", "smartTagTypes", "webPublishing",
                   "fileRecoveryPr", "webPublishObjects", "extLst")  # fmt: skip
# CT_Font in the order the Open XML SDK validates (openpyxl writes another order, which Excel tolerates but
# validators flag): appended fonts are written in this order.
_FONT_ORDER = ("b", "i", "strike", "condense", "extend", "outline", "shadow", "u", "vertAlign", "sz", "color",
               "name", "rFont", "family", "charset", "scheme")  # fmt: skip
_BOOLEAN_FONT = {"b", "i", "strike", "condense", "extend", "outline", "shadow"}
_FIRST_CUSTOM_NUMFMT = 164  # ids below are Excel's built-in formats
MC_NS = "http://schemas.openxmlformats.org/markup-compatibility/2006"
_MC_ALTERNATE = f"{{{MC_NS}}}AlternateContent"
# The entries of each style list, by the list's name.
_STYLE_ENTRY = {"numFmts": "numFmt", "fonts": "font", "fills": "fill", "borders": "border", "cellStyleXfs": "xf",
                "cellXfs": "xf", "cellStyles": "cellStyle", "dxfs": "dxf"}  # fmt: skip


class PackageError(Exception):
    """The workbook's package cannot take a generated tab this way; the message says why."""


@dataclass(frozen=True, slots=True)
class Tab:
    """A sheet of the donor workbook to graft, by name. A tab of that name in the target (compared as Excel does,
    ignoring case) is replaced where it stands; otherwise the new tab goes at ``index`` among the sheets
    (0-based; None: last)."""

    name: str
    index: int | None = None


@dataclass(frozen=True, slots=True)
class SheetEntry:
    name: str
    sheet_id: int
    rid: str
    state: str  # visible | hidden | veryHidden
    part: str  # zip path of the sheet part


# --- package plumbing --------------------------------------------------------------------------------------------


def _xml(data: bytes) -> etree._Element:
    return etree.fromstring(data, etree.XMLParser(resolve_entities=False, no_network=True))


def _bytes(root: etree._Element) -> bytes:
    return etree.tostring(root, xml_declaration=True, encoding="UTF-8", standalone=True)


def _local(tag: object) -> str:
    return tag.rsplit("}", 1)[-1] if isinstance(tag, str) else ""


def rels_path(part: str) -> str:
    """``xl/worksheets/sheet1.xml`` -> ``xl/worksheets/_rels/sheet1.xml.rels``."""
    folder, name = posixpath.split(part)
    return posixpath.join(folder, "_rels", name + ".rels")


def resolve(source_part: str, target: str) -> str:
    """The zip path a relationship target of ``source_part`` points at (relative, or absolute from the root)."""
    if target.startswith("/"):
        return posixpath.normpath(target.lstrip("/"))
    return posixpath.normpath(posixpath.join(posixpath.dirname(source_part), target))


def _target_text(source_part: str, part: str, absolute: bool) -> str:
    return "/" + part if absolute else posixpath.relpath(part, posixpath.dirname(source_part) or ".")


class Package:
    """Read access to a zip package: parts by name, relationships, content types.

    Part names are compared ignoring case, as OPC defines them (the zip's entry names are not): Excel reads a
    workbook whose sheet is ``xl/worksheets/Sheet1.xml`` and whose relationships are in
    ``xl/worksheets/_rels/sheet1.xml.rels``, and a new ``sheet1.xml`` beside it would be the same part twice."""

    def __init__(self, zf: zipfile.ZipFile) -> None:
        self.zf = zf
        self.names = set(zf.namelist())
        self._folded: dict[str, str] = {}
        for n in zf.namelist():
            self._folded.setdefault(n.casefold(), n)

    def find(self, part: str) -> str | None:
        """The zip entry holding ``part`` (spelled in any case), or None."""
        return part if part in self.names else self._folded.get(part.casefold())

    def read(self, part: str) -> bytes:
        return self.zf.read(self.find(part) or part)

    def rels(self, part: str) -> list[etree._Element]:
        """The Relationship elements of ``part`` ('' for the package's own)."""
        path = self.find("_rels/.rels" if part == "" else rels_path(part))
        if path is None:
            return []
        return list(_xml(self.zf.read(path)).iter(_REL))

    def workbook_part(self) -> str:
        for r in self.rels(""):
            if r.get("Type", "").endswith("/officeDocument") and r.get("TargetMode") != "External":
                part = resolve("", r.get("Target", ""))
                return self.find(part) or part
        raise PackageError("This file has no workbook part: it is not an Excel workbook (.xlsx).")

    def closure(self, part: str) -> list[str]:
        """``part`` and every internal part reachable from it through relationships (depth first, no repeats), by
        their zip entry names."""
        seen: list[str] = []
        folded: set[str] = set()
        stack = [part]
        while stack:
            p = self.find(stack.pop())
            if p is None or p.casefold() in folded:
                continue
            seen.append(p)
            folded.add(p.casefold())
            for r in self.rels(p):
                if r.get("TargetMode") != "External":
                    stack.append(resolve(p, r.get("Target", "")))
        return seen

    def content_type(self, part: str, types: etree._Element) -> str | None:
        for o in types.iter(f"{{{CT_NS}}}Override"):
            if o.get("PartName", "").lstrip("/").casefold() == part.casefold():
                return o.get("ContentType")
        ext = posixpath.splitext(part)[1].lstrip(".").casefold()
        for d in types.iter(f"{{{CT_NS}}}Default"):
            if d.get("Extension", "").casefold() == ext:
                return d.get("ContentType")
        return None


def sheet_entries(pkg: Package, workbook_part: str, wb: etree._Element) -> list[SheetEntry]:
    targets = {r.get("Id"): resolve(workbook_part, r.get("Target", "")) for r in pkg.rels(workbook_part)}
    targets = {rid: pkg.find(part) or part for rid, part in targets.items()}
    out = []
    for s in wb.iter(_M + "sheet"):
        rid = s.get(_R_ID, "")
        out.append(SheetEntry(s.get("name", ""), int(s.get("sheetId", "0")), rid, s.get("state", "visible"),
                              targets.get(rid, "")))  # fmt: skip
    return out


def list_sheets(path: str | Path) -> list[SheetEntry]:
    """The sheets of an .xlsx in tab order, read from its manifests only (milliseconds on any size)."""
    with zipfile.ZipFile(path) as zf:
        pkg = Package(zf)
        part = pkg.workbook_part()
        return sheet_entries(pkg, part, _check_transitional(_xml(pkg.read(part))))


def _check_transitional(wb: etree._Element) -> etree._Element:
    if wb.tag == f"{{{STRICT_NS}}}workbook":
        raise PackageError("This workbook is saved as Strict Open XML, which xlproduction does not write into. "
                           "Save it from Excel as 'Excel Workbook (.xlsx)' and try again.")  # fmt: skip
    if wb.tag != _M + "workbook":
        raise PackageError("This file's workbook part is not a SpreadsheetML workbook.")
    return wb


def _insert_in_order(parent: etree._Element, child: etree._Element, order: Sequence[str]) -> etree._Element:
    """Insert ``child`` among ``parent``'s children after every sibling that comes before it in ``order``."""
    rank = order.index(_local(child.tag))
    at = 0
    for i, sib in enumerate(parent):
        name = _local(sib.tag)
        if name in order and order.index(name) <= rank:
            at = i + 1
    parent.insert(at, child)
    return child


def _section(parent: etree._Element, name: str, order: Sequence[str]) -> etree._Element:
    found = parent.find(_M + name)
    if found is not None:
        return found
    return _insert_in_order(parent, etree.Element(_M + name), order)


_NUMBERED = re.compile(r"^(.*?)(\d*)(\.[^./]+)?$")


def _fresh(part: str, used: set[str]) -> str:
    """A part name like ``part`` (same folder, stem and extension) with a number no part of ``used`` has, compared
    ignoring case as part names are: beside a user's ``Sheet1.xml``, ``sheet1.xml`` is taken."""
    folder, name = posixpath.split(part)
    m = _NUMBERED.match(name)
    stem, ext = (m.group(1), m.group(3) or "") if m else (name, "")
    taken = {u.casefold() for u in used}
    n = 1
    pattern = re.compile(re.escape(stem.casefold()) + r"(\d+)" + re.escape(ext.casefold()) + "$")
    for u in taken:
        uf, un = posixpath.split(u)
        if uf == folder.casefold():
            mm = pattern.match(un)
            if mm:
                n = max(n, int(mm.group(1)) + 1)
    candidate = posixpath.join(folder, f"{stem}{n}{ext}")
    while candidate.casefold() in taken:
        n += 1
        candidate = posixpath.join(folder, f"{stem}{n}{ext}")
    return candidate


def _fresh_rid(rels: etree._Element) -> str:
    ids = {r.get("Id") for r in rels.iter(_REL)}
    n = 1 + max((int(i[3:]) for i in ids if i and re.fullmatch(r"rId\d+", i)), default=0)
    while f"rId{n}" in ids:
        n += 1
    return f"rId{n}"


# --- styles ------------------------------------------------------------------------------------------------------


def _flag(v: str | None) -> str:
    return {"true": "1", "false": "0", "on": "1", "off": "0"}.get((v or "").casefold(), v or "")


def _canon(el: etree._Element) -> tuple[object, ...]:
    """A comparable form of a style element: attribute and child order ignored, defaults spelled out, empty border
    edges dropped, colours upper-cased."""
    name = _local(el.tag)
    attrs = dict(el.attrib)
    if name in _BOOLEAN_FONT:
        attrs["val"] = _flag(attrs.get("val", "1"))
        if attrs["val"] == "0":
            return ()
    elif name == "u":
        attrs.setdefault("val", "single")
        if attrs["val"] == "none":
            return ()
    elif name == "sz" and re.fullmatch(r"\d+(\.\d*)?", attrs.get("val", "")):
        attrs["val"] = repr(float(attrs["val"]))
    for k, v in list(attrs.items()):
        if k == "rgb":
            attrs[k] = v.upper()
        elif k.startswith("apply") or k in ("quotePrefix", "pivotButton", "wrapText", "shrinkToFit", "locked",
                                           "hidden", "diagonalUp", "diagonalDown", "outline"):  # fmt: skip
            attrs[k] = _flag(v)
    kids = [c for c in (_canon(k) for k in el if isinstance(k.tag, str)) if c]
    if name in ("left", "right", "top", "bottom", "diagonal", "start", "end", "vertical", "horizontal") and \
            not attrs and not kids:  # fmt: skip
        return ()
    return (name, tuple(sorted(attrs.items())), tuple(sorted(kids, key=repr)))


def _ordered_font(font: etree._Element) -> etree._Element:
    out = etree.Element(font.tag, font.attrib)
    kids = [k for k in font if isinstance(k.tag, str)]
    kids.sort(key=lambda k: _FONT_ORDER.index(_local(k.tag)) if _local(k.tag) in _FONT_ORDER else len(_FONT_ORDER))
    for k in kids:
        out.append(copy.deepcopy(k))
    return out


class StyleMerger:
    """Maps the donor workbook's style indices onto the target's ``styles.xml``, appending what is missing.

    Lookups go by meaning (``_canon``), so the target's own entries are reused whatever order or spelling their
    writer used; new entries are appended at the end of their list, never inserted, so no existing index moves.

    An entry may come wrapped in ``mc:AlternateContent`` (Hancom Office wraps fonts and cell formats so, with an
    x14ac Choice and a Fallback): Excel gives the wrapper one index, whichever branch it takes, and so does this
    class. A wrapped entry is never reused for a donor's style, as its look depends on the branch a program takes."""

    def __init__(self, target: etree._Element, donor: etree._Element) -> None:
        self.t, self.d = target, donor
        self.changed = False
        self._lists: dict[str, list[etree._Element]] = {}
        self._index: dict[str, dict[tuple[object, ...], int]] = {}
        for name, child in (("fonts", "font"), ("fills", "fill"), ("borders", "border"), ("dxfs", "dxf")):
            items = self._items(target, name, child)
            self._lists[name] = items
            self._index[name] = {}
            for i, el in enumerate(items):
                if el.tag != _MC_ALTERNATE:
                    self._index[name].setdefault(_canon(el), i)
        self.t_xfs = self._items(target, "cellXfs", "xf")
        self.d_xfs = self._items(donor, "cellXfs", "xf")
        self.t_numfmt = {nf.get("formatCode", ""): int(nf.get("numFmtId", "0"))
                         for nf in self._items(target, "numFmts", "numFmt") if nf.tag == _M + "numFmt"}  # fmt: skip
        # A new format's id is past every id the target uses, wrapped ones included.
        self.t_numfmt_ids = {int(nf.get("numFmtId", "0")) for nf in target.iter(_M + "numFmt")}
        self.d_numfmt = {int(nf.get("numFmtId", "0")): nf.get("formatCode", "") for nf in donor.iter(_M + "numFmt")}
        self.t_named = {cs.get("name", "").casefold(): int(cs.get("xfId", "0")) for cs in target.iter(_M + "cellStyle")}
        self.d_named = {int(cs.get("xfId", "0")): cs.get("name", "").casefold() for cs in donor.iter(_M + "cellStyle")}
        self._xf_index: dict[tuple[object, ...], int] | None = None
        self._xf_memo: dict[int, int] = {}
        self._dxf_memo: dict[int, int] = {}
        self._part_memo: dict[tuple[str, int], int] = {}

    @staticmethod
    def _items(root: etree._Element, section: str, child: str) -> list[etree._Element]:
        """The entries of a style list as Excel numbers them: each ``child`` element and each mc:AlternateContent
        wrapper (one index, whatever its branches hold), in order; comments and other elements take none."""
        sec = root.find(_M + section)
        return [] if sec is None else [el for el in sec if el.tag == _M + child or el.tag == _MC_ALTERNATE]

    def _append(self, section: str, el: etree._Element) -> int:
        sec = _section(self.t, section, _STYLE_ORDER)
        index = len(self._items(self.t, section, _STYLE_ENTRY[section]))
        sec.append(el)
        sec.set("count", str(index + 1))
        self.changed = True
        return index

    def _component(self, section: str, child: str, donor_index: int) -> int:
        key = (section, donor_index)
        if key in self._part_memo:
            return self._part_memo[key]
        items = self._items(self.d, section, child)
        if not 0 <= donor_index < len(items):
            result = 0
        else:
            el = items[donor_index]
            c = _canon(el)
            result = self._index[section].get(c, -1)
            if result < 0:
                new = _ordered_font(el) if child == "font" else copy.deepcopy(el)
                for i, inner in enumerate(list(new) if child == "dxf" else []):
                    if _local(inner.tag) == "font":
                        new[i] = _ordered_font(inner)
                result = self._append(section, new)
                self._lists[section].append(new)
                self._index[section][c] = result
        self._part_memo[key] = result
        return result

    def numfmt(self, donor_id: int) -> int:
        if donor_id < _FIRST_CUSTOM_NUMFMT or donor_id not in self.d_numfmt:
            return donor_id
        code = self.d_numfmt[donor_id]
        if code in self.t_numfmt:
            return self.t_numfmt[code]
        new_id = max([_FIRST_CUSTOM_NUMFMT - 1, *self.t_numfmt_ids]) + 1
        el = etree.Element(_M + "numFmt", numFmtId=str(new_id), formatCode=code)
        self._append("numFmts", el)
        self.t_numfmt[code] = new_id
        self.t_numfmt_ids.add(new_id)
        return new_id

    def _xf_key(self, xf: etree._Element) -> tuple[object, ...]:
        return _canon(xf)

    def xf(self, donor_index: int) -> int:
        """The target cellXfs index for the donor's cellXfs ``donor_index``."""
        if donor_index in self._xf_memo:
            return self._xf_memo[donor_index]
        if not 0 <= donor_index < len(self.d_xfs):
            return 0
        if self._xf_index is None:
            self._xf_index = {}
            for i, el in enumerate(self.t_xfs):
                if el.tag != _MC_ALTERNATE:
                    self._xf_index.setdefault(self._xf_key(el), i)
        new = copy.deepcopy(self.d_xfs[donor_index])
        new.set("numFmtId", str(self.numfmt(int(new.get("numFmtId", "0")))))
        new.set("fontId", str(self._component("fonts", "font", int(new.get("fontId", "0")))))
        new.set("fillId", str(self._component("fills", "fill", int(new.get("fillId", "0")))))
        new.set("borderId", str(self._component("borders", "border", int(new.get("borderId", "0")))))
        named = self.d_named.get(int(new.get("xfId", "0")), "normal")
        new.set("xfId", str(self.t_named.get(named, 0)))
        key = self._xf_key(new)
        result = self._xf_index.get(key, -1)
        if result < 0:
            result = self._append("cellXfs", new)
            self.t_xfs.append(new)
            self._xf_index[key] = result
        self._xf_memo[donor_index] = result
        return result

    def dxf(self, donor_index: int) -> int:
        if donor_index not in self._dxf_memo:
            self._dxf_memo[donor_index] = self._component("dxfs", "dxf", donor_index)
        return self._dxf_memo[donor_index]


# Required namespaces Excel 2010 and later understand in an mc:Choice: Office's own extensions (x14ac, x14, xr…).
_OFFICE_NS = "http://schemas.microsoft.com/office/"


def _chosen_branch(alternate: etree._Element) -> etree._Element | None:
    """The branch of an mc:AlternateContent that Excel takes: the first Choice whose required namespaces are all
    Office's own, else the Fallback (None: neither)."""
    for choice in alternate.findall(f"{{{MC_NS}}}Choice"):
        prefixes = choice.get("Requires", "").split()
        if prefixes and all((choice.nsmap.get(p) or "").startswith(_OFFICE_NS) for p in prefixes):
            return choice
    return alternate.find(f"{{{MC_NS}}}Fallback")


def resolve_alternate_content(root: etree._Element) -> bool:
    """Replace each mc:AlternateContent under ``root`` with the content of the branch Excel takes: what a reader
    without markup compatibility (python-calamine counts both branches, openpyxl neither) needs to number styles as
    Excel does. For private copies only; a user's part is never rewritten so. Returns whether anything changed."""
    changed = False
    for alternate in list(root.iter(_MC_ALTERNATE)):
        parent = alternate.getparent()
        if parent is None:
            continue
        branch = _chosen_branch(alternate)
        at = parent.index(alternate)
        parent.remove(alternate)
        for offset, child in enumerate(list(branch) if branch is not None else []):
            parent.insert(at + offset, child)
        changed = True
    return changed


# --- the donor sheet -----------------------------------------------------------------------------------------------


class Strings:
    """Shared strings for a target that has none yet: the tab's inline strings move here (a new part)."""

    def __init__(self) -> None:
        self.index: dict[bytes, int] = {}
        self.items: list[etree._Element] = []

    def add(self, inline: etree._Element) -> int:
        si = etree.Element(_M + "si")
        for k in inline:
            si.append(copy.deepcopy(k))
        key = etree.tostring(si)
        if key not in self.index:
            self.index[key] = len(self.items)
            self.items.append(si)
        return self.index[key]

    def part(self, uses: int) -> bytes:
        root = etree.Element(_M + "sst", nsmap={None: MAIN_NS}, count=str(uses), uniqueCount=str(len(self.items)))
        root.extend(self.items)
        return _bytes(root)


def _adapt_sheet(xml: bytes, styles: StyleMerger, strings: Strings | None) -> tuple[bytes, bool, int]:
    """The donor sheet with the target's style indices (and shared strings when ``strings``), not selected.
    Returns (xml, has formulas, shared-string uses)."""
    root = _xml(xml)
    uses = 0
    has_formula = False
    mapped: dict[str, str] = {}  # donor style index -> target's, as attribute text (a tab has a few dozen)
    for el in root.iter(_M + "c", _M + "row", _M + "col", _M + "cfRule", _M + "sheetView", _M + "f"):
        tag = el.tag
        if tag == _M + "c":
            s = el.get("s")
            if s is not None:
                new = mapped.get(s)
                if new is None:
                    new = mapped[s] = str(styles.xf(int(s)))
                if new != s:
                    el.set("s", new)
            if strings is not None and el.get("t") == "inlineStr":
                inline = el.find(_M + "is")
                if inline is not None:
                    idx = strings.add(inline)
                    el.remove(inline)
                    el.set("t", "s")
                    v = etree.SubElement(el, _M + "v")
                    v.text = str(idx)
                    uses += 1
        elif tag == _M + "row":
            s = el.get("s")
            if s is not None:
                el.set("s", str(styles.xf(int(s))))
        elif tag == _M + "col":
            s = el.get("style")
            if s is not None:
                el.set("style", str(styles.xf(int(s))))
        elif tag == _M + "cfRule":
            d = el.get("dxfId")
            if d is not None:
                el.set("dxfId", str(styles.dxf(int(d))))
        elif tag == _M + "sheetView":
            # Never select the new tab: with the user's selected tab still selected, Excel would group the two.
            el.attrib.pop("tabSelected", None)
        else:
            has_formula = True
    return _bytes(root), has_formula, uses


# --- writing the zip -----------------------------------------------------------------------------------------------


def _strip_zip64(extra: bytes) -> bytes:
    """The extra field without its Zip64 record: zipfile writes a fresh one when a size needs it."""
    out, i = b"", 0
    while i + 4 <= len(extra):
        kind, size = struct.unpack("<HH", extra[i:i + 4])
        if kind != 1:
            out += extra[i:i + 4 + size]
        i += 4 + size
    return out


def _copy_raw(src: IO[bytes], info: zipfile.ZipInfo, dst: zipfile.ZipFile) -> None:
    """Copy one entry still compressed: the same bytes, without inflating and deflating them again."""
    if info.flag_bits & 0x1:
        raise PackageError(f"{info.filename} is encrypted; xlproduction cannot write into this workbook.")
    src.seek(info.header_offset)
    head = src.read(zipfile.sizeFileHeader)
    if head[:4] != zipfile.stringFileHeader:
        raise PackageError("The workbook's zip structure is damaged. Save it again from Excel and retry.")
    name_len, extra_len = struct.unpack("<HH", head[26:30])
    src.seek(info.header_offset + zipfile.sizeFileHeader + name_len + extra_len)
    data = src.read(info.compress_size)
    zi = zipfile.ZipInfo(info.filename, info.date_time)
    zi.compress_type = info.compress_type
    zi.external_attr, zi.internal_attr = info.external_attr, info.internal_attr
    zi.create_system, zi.create_version, zi.extract_version = info.create_system, info.create_version, \
        info.extract_version  # fmt: skip
    zi.flag_bits = info.flag_bits & ~0x08  # sizes go in the local header: no data descriptor follows
    zi.extra = _strip_zip64(info.extra)
    zi.comment = info.comment
    zi.CRC, zi.compress_size, zi.file_size = info.CRC, info.compress_size, info.file_size
    zi.header_offset = dst.fp.tell()  # type: ignore[union-attr]
    zip64 = zi.file_size > zipfile.ZIP64_LIMIT or zi.compress_size > zipfile.ZIP64_LIMIT
    dst.fp.write(zi.FileHeader(zip64))  # type: ignore[union-attr]
    dst.fp.write(data)  # type: ignore[union-attr]
    dst.start_dir = dst.fp.tell()  # type: ignore[union-attr,attr-defined]
    dst.filelist.append(zi)
    dst.NameToInfo[zi.filename] = zi
    dst._didModify = True  # type: ignore[attr-defined]


def write_package(source: str | Path, out: str | Path | IO[bytes], changed: dict[str, bytes],
                  removed: Iterable[str] = ()) -> None:  # fmt: skip
    """Copy ``source`` to ``out`` entry by entry: ``changed`` parts get new bytes (new parts are appended),
    ``removed`` parts are left out, every other entry is copied compressed, byte for byte, in its order."""
    gone = set(removed)
    with zipfile.ZipFile(source) as zs, open(source, "rb") as raw, \
            zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as zo:  # fmt: skip
        stamp = zs.infolist()[0].date_time if zs.infolist() else (1980, 1, 1, 0, 0, 0)
        written = set()
        for info in zs.infolist():
            if info.filename in gone or info.filename in written:
                continue
            written.add(info.filename)
            if info.filename in changed:
                zi = zipfile.ZipInfo(info.filename, info.date_time)
                zi.compress_type, zi.external_attr = zipfile.ZIP_DEFLATED, info.external_attr
                zo.writestr(zi, changed[info.filename])
            else:
                _copy_raw(raw, info, zo)
        for name, data in changed.items():
            if name not in written and name not in gone:
                zi = zipfile.ZipInfo(name, stamp)
                zi.compress_type, zi.external_attr = zipfile.ZIP_DEFLATED, 0o644 << 16
                zo.writestr(zi, data)


# --- grafting -----------------------------------------------------------------------------------------------------


class _Graft:
    """One run: the target's four manifests in memory, the donor's parts, and what changes."""

    def __init__(self, target: Package, donor: Package) -> None:
        self.t, self.d = target, donor
        # Parts the graft rewrites are named as their zip entries are spelled: a part written back under another
        # spelling would be a second copy of it.
        self.wb_part = target.workbook_part()
        self.wb = _check_transitional(_xml(target.read(self.wb_part)))
        self.wb_rels_path = target.find(rels_path(self.wb_part)) or rels_path(self.wb_part)
        self.wb_rels = _xml(target.read(self.wb_rels_path))
        self.types = _xml(target.read(CT_PATH))
        related = self._related(self.wb_part, self.wb_rels, "/styles")
        found = related and target.find(related)
        self.new_styles = found is None
        if found is None:
            # No styles part (it is optional: every cell has the default look). The tab's styles need one: a new
            # part starting from those defaults, at the related name if a relationship is left dangling.
            found = related or ("xl/styles.xml" if target.find("xl/styles.xml") is None else _fresh(
                "xl/styles.xml", set(target.names)))  # fmt: skip
            if related is None:
                etree.SubElement(self.wb_rels, _REL, Id=_fresh_rid(self.wb_rels), Type=REL_BASE + "styles",
                                 Target=_target_text(self.wb_part, found, False))  # fmt: skip
            self._type_for(found, STYLES_CT)
        self.styles_part: str = found
        self.styles = _xml(DEFAULT_STYLES if self.new_styles else target.read(found))
        protection = self.wb.find(_M + "workbookProtection")
        self.structure_locked = protection is not None and _flag(protection.get("lockStructure")) == "1"
        self.d_wb_part = donor.workbook_part()
        self.d_wb = _xml(donor.read(self.d_wb_part))
        d_rels = _xml(donor.read(rels_path(self.d_wb_part)))
        d_styles = self._related(self.d_wb_part, d_rels, "/styles")
        self.merger = StyleMerger(self.styles, _xml(donor.read(d_styles)) if d_styles else etree.Element(
            _M + "styleSheet"))
        # A workbook with a shared-strings part keeps it untouched (the tab's strings stay inline); one without
        # gets a new part holding the tab's strings, and one whose part holds no string gets them in that part
        # (nothing of the user's is in it; inline strings beside an empty table are what validators flag).
        sst = self._related(self.wb_part, self.wb_rels, "/sharedStrings")
        self.sst_part: str | None = None  # the user's empty (or missing) shared-strings part, to write
        self.strings: Strings | None = None
        if sst is None:
            self.strings = Strings()
        elif self._holds_no_string(target, sst):
            self.strings = Strings()
            self.sst_part = target.find(sst) or sst
        self.sst_uses = 0
        self.used = set(target.names)
        self.added: dict[str, bytes] = {}
        self.removed: set[str] = set()
        self.formulas = False

    @staticmethod
    def _holds_no_string(pkg: Package, part: str) -> bool:
        """Whether the shared-strings part holds no string (``<sst/>``, ``count="0"``), or is missing. A part of
        more than a few KB holds some: it is not inflated to find out."""
        found = pkg.find(part)
        if found is None:
            return True
        if pkg.zf.getinfo(found).file_size > 64 * 1024:
            return False
        return _SI_START.search(pkg.read(found)) is None

    @staticmethod
    def _related(part: str, rels: etree._Element, kind: str) -> str | None:
        for r in rels.iter(_REL):
            if r.get("Type", "").endswith(kind) and r.get("TargetMode") != "External":
                return resolve(part, r.get("Target", ""))
        return None

    # -- content types

    def _override(self, part: str, content_type: str) -> None:
        name = "/" + part
        for o in self.types.iter(f"{{{CT_NS}}}Override"):
            if o.get("PartName", "").casefold() == name.casefold():
                o.set("ContentType", content_type)
                return
        etree.SubElement(self.types, f"{{{CT_NS}}}Override", PartName=name, ContentType=content_type)

    def _type_for(self, part: str, content_type: str) -> None:
        """Give a new part its content type: the extension's default when it matches, else an override."""
        ext = posixpath.splitext(part)[1].lstrip(".")
        for d in self.types.iter(f"{{{CT_NS}}}Default"):
            if d.get("Extension", "").casefold() == ext.casefold():
                if d.get("ContentType") != content_type:
                    self._override(part, content_type)
                return
        if ext and not ext.casefold().endswith("xml") and ext.casefold() != "rels":
            # A media extension (png, jpeg, emf…): one Default serves every picture of that kind.
            d = etree.Element(f"{{{CT_NS}}}Default", Extension=ext, ContentType=content_type)
            defaults = list(self.types.iter(f"{{{CT_NS}}}Default"))
            self.types.insert(self.types.index(defaults[-1]) + 1 if defaults else 0, d)
            return
        self._override(part, content_type)

    def _drop_override(self, part: str) -> None:
        name = ("/" + part).casefold()
        for o in list(self.types.iter(f"{{{CT_NS}}}Override")):
            if o.get("PartName", "").casefold() == name:
                self.types.remove(o)

    # -- removing a replaced sheet and what only it used

    def _remove_sheet_parts(self, part: str) -> None:
        """Remove a replaced sheet's part and every part only it used (its drawing, charts, pictures…), keeping
        whatever another part still relates to. Names compare ignoring case (see ``Package``)."""
        removed = {p.casefold(): p for p in self.t.closure(part)}
        gone = {p.casefold() for p in self.removed}
        while True:
            referenced: set[str] = set()
            for name in self.t.names:
                if not name.casefold().endswith(".rels") or name.casefold() in gone:
                    continue
                owner = self._rels_owner(name)
                if owner is not None and (owner.casefold() in removed or owner.casefold() in gone):
                    continue
                for r in _xml(self.t.read(name)).iter(_REL):
                    if r.get("TargetMode") != "External":
                        referenced.add(resolve(owner or "", r.get("Target", "")).casefold())
            keep = (removed.keys() & referenced) - {part.casefold()}
            if not keep:
                break
            for k in keep:
                del removed[k]
        for p in removed.values():
            self.removed.add(p)
            r = self.t.find(rels_path(p))
            if r is not None:
                self.removed.add(r)
                self._drop_override(r)  # LibreOffice lists every .rels part as an Override
            self._drop_override(p)

    def _forget_added(self, part: str) -> None:
        """Take back a part added earlier in this run, with its relationships and the parts they added."""
        stack = [part]
        while stack:
            p = stack.pop()
            if p not in self.added:
                continue
            del self.added[p]
            self._drop_override(p)
            rp = rels_path(p)
            if rp in self.added:
                stack += [resolve(p, r.get("Target", "")) for r in _xml(self.added.pop(rp)).iter(_REL)
                          if r.get("TargetMode") != "External"]  # fmt: skip
                self._drop_override(rp)

    @staticmethod
    def _rels_owner(rels_name: str) -> str | None:
        if rels_name.casefold() == "_rels/.rels":
            return ""
        folder, name = posixpath.split(rels_name)
        if posixpath.basename(folder).casefold() != "_rels":
            return None
        return posixpath.join(posixpath.dirname(folder), name[: -len(".rels")])

    # -- adding the donor's parts

    def _copy_donor_parts(self, d_sheet: str, new_sheet: str) -> dict[str, str]:
        """Fresh names for the donor sheet's related parts, copied with their relationships re-targeted."""
        parts = self.d.closure(d_sheet)
        names = {d_sheet: new_sheet}
        self.used.add(new_sheet)
        d_types = _xml(self.d.read(CT_PATH))
        for p in parts[1:]:
            ct = self.d.content_type(p, d_types) or "application/octet-stream"
            if ct.endswith(".table+xml"):
                raise PackageError("A generated tab holding an Excel Table cannot be grafted (table ids are "
                                   "workbook-wide).")  # fmt: skip
            names[p] = _fresh(p, self.used)
            self.used.add(names[p])
        for p in parts:
            if p != d_sheet:
                self.added[names[p]] = self.d.read(p)
                ct = self.d.content_type(p, d_types) or "application/octet-stream"
                self._type_for(names[p], ct)
            rp = rels_path(p)
            if rp not in self.d.names:
                continue
            rels = _xml(self.d.read(rp))
            for r in rels.iter(_REL):
                if r.get("TargetMode") == "External":
                    continue
                target = r.get("Target", "")
                to = names.get(resolve(p, target))
                if to is not None:
                    r.set("Target", _target_text(names[p], to, target.startswith("/")))
            self.added[rels_path(names[p])] = _bytes(rels)
            self.used.add(rels_path(names[p]))
            # The rels Default serves it; a manifest without one (LibreOffice 3.5-6.0) lists each as an Override.
            self._type_for(rels_path(names[p]), RELS_CT)
        return names

    def _donor_sheet(self, name: str) -> tuple[SheetEntry, int]:
        entries = sheet_entries(self.d, self.d_wb_part, self.d_wb)
        for i, e in enumerate(entries):
            if e.name == name:
                return e, i
        raise PackageError(f"The rendered tab {name!r} is missing from the donor workbook.")

    def _defined_names(self) -> etree._Element:
        return _section(self.wb, "definedNames", _WORKBOOK_ORDER)

    def _shift(self, at: int, by: int) -> None:
        """Sheet indices at or after ``at`` move by ``by`` (a tab inserted there)."""
        for dn in self.wb.iter(_M + "definedName"):
            lid = dn.get("localSheetId")
            if lid is not None and int(lid) >= at:
                dn.set("localSheetId", str(int(lid) + by))
        views = list(self.wb.iter(_M + "workbookView"))
        if not views and at == 0 and self.wb.find(f"{_M}sheets/{_M}sheet") is not None:
            # No view at all means the first tab is active: say which tab that is once another goes first.
            views = [etree.SubElement(_section(self.wb, "bookViews", _WORKBOOK_ORDER), _M + "workbookView")]
        for view in views:
            # An absent activeTab means 0: Excel omits it when the first sheet is active.
            active = int(view.get("activeTab", "0"))
            if active >= at:
                view.set("activeTab", str(active + by))
            first = view.get("firstSheet")
            if first is not None and int(first) >= at and int(first) != 0:
                view.set("firstSheet", str(int(first) + by))

    def _entries(self) -> list[SheetEntry]:
        """The target's sheets as they stand in this run (tabs grafted earlier included)."""
        targets = {r.get("Id"): resolve(self.wb_part, r.get("Target", "")) for r in self.wb_rels.iter(_REL)}
        targets = {rid: self.t.find(part) or part for rid, part in targets.items()}
        return [SheetEntry(s.get("name", ""), int(s.get("sheetId", "0")), s.get(_R_ID, ""),
                           s.get("state", "visible"), targets.get(s.get(_R_ID, ""), ""))
                for s in self.wb.iter(_M + "sheet")]  # fmt: skip

    def graft(self, tab: Tab) -> None:
        d_entry, d_index = self._donor_sheet(tab.name)
        sheets_el = self.wb.find(_M + "sheets")
        assert sheets_el is not None
        sheet_els = list(sheets_el.iter(_M + "sheet"))
        entries = self._entries()
        hit = [i for i, e in enumerate(entries) if e.name.casefold() == tab.name.casefold()]
        new_part = _fresh("xl/worksheets/sheet1.xml", self.used | set(self.added))
        xml, formulas, uses = _adapt_sheet(self.d.read(d_entry.part), self.merger, self.strings)
        self.formulas |= formulas
        self.sst_uses += uses
        self.added[new_part] = xml
        self._type_for(new_part, WORKSHEET_CT)
        self._copy_donor_parts(d_entry.part, new_part)
        rid = _fresh_rid(self.wb_rels)
        etree.SubElement(self.wb_rels, _REL, Id=rid, Type=REL_BASE + "worksheet",
                         Target=_target_text(self.wb_part, new_part, False))  # fmt: skip
        names = self._defined_names()
        if hit:
            pos = hit[0]
            old = entries[pos]
            el = sheet_els[pos]
            el.set(_R_ID, rid)
            el.set("name", tab.name)
            for r in list(self.wb_rels.iter(_REL)):
                if r.get("Id") == old.rid:
                    self.wb_rels.remove(r)
            if old.part in self.added:  # grafted earlier in this run
                self._forget_added(old.part)
            else:
                self._remove_sheet_parts(old.part)
            self._drop_calc_chain(old.sheet_id)
            for dn in list(names):
                if dn.get("localSheetId") == str(pos):
                    names.remove(dn)
        else:
            pos = len(sheet_els) if tab.index is None else max(0, min(tab.index, len(sheet_els)))
            self._shift(pos, 1)
            sheet_id = 1 + max((e.sheet_id for e in entries), default=0)
            el = etree.Element(_M + "sheet", nsmap={"r": R_NS}, name=tab.name, sheetId=str(sheet_id))
            el.set(_R_ID, rid)
            if d_entry.state != "visible":
                el.set("state", d_entry.state)
            sheets_el.insert(sheets_el.index(sheet_els[pos]) if pos < len(sheet_els) else len(sheets_el), el)
        for dn in self.d_wb.iter(_M + "definedName"):
            if dn.get("localSheetId") == str(d_index):
                new = copy.deepcopy(dn)
                new.set("localSheetId", str(pos))
                names.append(new)
        if len(names) == 0:
            self.wb.remove(names)

    def _drop_calc_chain(self, sheet_id: int) -> None:
        chain = self._related(self.wb_part, self.wb_rels, "/calcChain")
        chain = chain and self.t.find(chain)
        if chain is None or chain in self.removed:
            return
        current = None
        for c in _xml(self.t.read(chain)).iter(_M + "c"):
            current = c.get("i", current)
            if current is not None and int(current) == sheet_id:
                break
        else:
            return
        self.removed.add(chain)
        self._drop_override(chain)
        for r in list(self.wb_rels.iter(_REL)):
            if r.get("Type", "").endswith("/calcChain"):
                self.wb_rels.remove(r)

    def finish(self) -> dict[str, bytes]:
        if self.strings is not None and self.strings.items and self.sst_part is not None:
            if self.t.find(self.sst_part) is None:  # related but missing: now written
                self._type_for(self.sst_part, SST_CT)
            self.added[self.sst_part] = self.strings.part(self.sst_uses)
        elif self.strings is not None and self.strings.items:
            taken = {u.casefold() for u in self.used | set(self.added)}
            part = "xl/sharedStrings.xml" if "xl/sharedstrings.xml" not in taken else _fresh(
                "xl/sharedStrings.xml", self.used | set(self.added))  # fmt: skip
            self.added[part] = self.strings.part(self.sst_uses)
            self._override(part, SST_CT)
            etree.SubElement(self.wb_rels, _REL, Id=_fresh_rid(self.wb_rels), Type=REL_BASE + "sharedStrings",
                             Target=_target_text(self.wb_part, part, False))  # fmt: skip
        if self.formulas:
            # Formulas are written without cached values: ask Excel to compute them when the file opens.
            calc = _section(self.wb, "calcPr", _WORKBOOK_ORDER)
            calc.set("fullCalcOnLoad", "1")
        out = dict(self.added)
        out[self.wb_part] = _bytes(self.wb)
        out[self.wb_rels_path] = _bytes(self.wb_rels)
        out[CT_PATH] = _bytes(self.types)
        if self.merger.changed or self.new_styles:
            out[self.styles_part] = _bytes(self.styles)
        return out


def graft_tabs(source: str | Path, target: str | Path, donor: bytes | str | Path, tabs: Sequence[Tab], *,
               backups: int = 3) -> Path:  # fmt: skip
    """Write the ``tabs`` of the ``donor`` workbook (bytes of an .xlsx, or its path) into a copy of ``source``
    saved as ``target`` (the same path writes in place, keeping ``backups`` timestamped backups); atomic."""
    src, dst = Path(source), Path(target)
    data = donor if isinstance(donor, bytes) else Path(donor).read_bytes()
    with zipfile.ZipFile(src) as zs, zipfile.ZipFile(io.BytesIO(data)) as zd:
        g = _Graft(Package(zs), Package(zd))
        if g.structure_locked and dst.exists() and dst.samefile(src):
            raise PackageError(
                f"{src.name}'s structure is protected (Review → Protect Workbook), so Excel itself would not let a "
                "sheet be added to it, and xlproduction does not either. Write the tabs into a copy (leave out "
                "--in-place), or remove the protection and run again.")
        for tab in tabs:
            g.graft(tab)
        changed = g.finish()
        removed = set(g.removed)

    def save(tmp: str) -> None:
        write_package(src, tmp, changed, removed)

    return atomic_save(save, dst, backup=src.resolve() == dst.resolve() if dst.exists() else False, keep=backups)


_LOCK_STRUCTURE = re.compile(
    rb"""<(?:[\w.\-]+:)?workbookProtection\b[^>]*?\slockStructure\s*=\s*["'](?:1|true|on)["']""")


def structure_locked(path: str | Path) -> bool:
    """Whether the workbook's structure is protected (Review → Protect Workbook: Excel then adds, moves and deletes no
    sheet). False for a file that cannot be read so far: the reader and the graft say what is wrong with it."""
    try:
        with zipfile.ZipFile(path) as zf:
            pkg = Package(zf)
            part = pkg.find(pkg.workbook_part())
            if part is None or zf.getinfo(part).file_size > 16 * 1024 * 1024:
                return False
            with zf.open(part) as f:
                data = f.read(16 * 1024 * 1024)  # bounded, whatever the entry claims
    except Exception:  # a probe before the guard has looked: any unreadable file is simply not "locked"
        return False
    return _LOCK_STRUCTURE.search(data) is not None


# --- a one-sheet extract, for openpyxl to read a template tab -------------------------------------------------------


_SI_START = re.compile(rb"<(?:[\w.\-]+:)?si[\s/>]")
_SI = re.compile(rb"<(?:\w+:)?si\b[^>]*?(?:/>|>.*?</(?:\w+:)?si>)", re.S)
_SST_START = re.compile(rb"<(\w+:)?sst\b[^>]*>")


def _subset_strings(sheets: Sequence[etree._Element], sst: bytes) -> bytes:
    """Only the shared strings ``sheets`` use, renumbered in the sheets: a season's workbook can hold hundreds of
    thousands of them and openpyxl would parse them all."""
    cells = [c for root in sheets for c in root.iter(_M + "c") if c.get("t") == "s"]
    values = [v for c in cells if (v := c.find(_M + "v")) is not None and (v.text or "").strip().isdigit()]
    wanted = sorted({int(v.text or "0") for v in values})
    found: dict[int, bytes] = {}
    if wanted:
        want, last = set(wanted), wanted[-1]
        for i, m in enumerate(_SI.finditer(sst)):
            if i in want:
                found[i] = m.group(0)
            if i >= last:
                break
    renumber = {old: new for new, old in enumerate(wanted)}
    for v in values:
        v.text = str(renumber[int(v.text or "0")])
    head = _SST_START.search(sst)
    if head is None:
        raise PackageError("The workbook's shared strings part is not readable.")
    start = re.sub(rb'\s(count|uniqueCount)="\d*"', b"", head.group(0))
    start = re.sub(rb"\s*/>$", b">", start)  # an empty table written <sst …/>
    body = b"".join(found.get(i, b"<si><t></t></si>") for i in wanted)
    return (b'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n' + start + body
            + b"</" + (head.group(1) or b"") + b"sst>")  # fmt: skip


def extract_sheets(source: str | Path, names: Sequence[str]) -> bytes:
    """A minimal .xlsx holding only the sheets ``names`` of ``source`` (with their pictures, drawings, print
    titles, styles, theme and the shared strings they use): what openpyxl needs to read a template tab without
    parsing a season of actuals."""
    with zipfile.ZipFile(source) as zs:
        pkg = Package(zs)
        wb_part = pkg.workbook_part()
        wb = _check_transitional(_xml(pkg.read(wb_part)))
        wb_rels_path = rels_path(wb_part)
        wb_rels = _xml(pkg.read(wb_rels_path))
        entries = sheet_entries(pkg, wb_part, wb)
        wanted = {n.casefold() for n in names}
        keep = [(i, e) for i, e in enumerate(entries) if e.name.casefold() in wanted]
        new_index = {i: j for j, (i, _) in enumerate(keep)}
        sheets_el = wb.find(_M + "sheets")
        assert sheets_el is not None
        for s in list(sheets_el):
            if s.get("name", "").casefold() not in wanted:
                sheets_el.remove(s)
        dns = wb.find(_M + "definedNames")
        if dns is not None:
            for dn in list(dns):
                lid = dn.get("localSheetId")
                if lid is None or int(lid) not in new_index:
                    dns.remove(dn)
                else:
                    dn.set("localSheetId", str(new_index[int(lid)]))
        for tag in ("externalReferences", "pivotCaches", "customWorkbookViews"):
            for el in wb.findall(_M + tag):
                wb.remove(el)
        for view in wb.iter(_M + "workbookView"):
            view.set("activeTab", "0")
            view.attrib.pop("firstSheet", None)
        keep_rids = {e.rid for _, e in keep}
        parts: dict[str, bytes] = {}
        sst_part = None
        for r in list(wb_rels.iter(_REL)):
            kind = r.get("Type", "").rsplit("/", 1)[-1]
            if r.get("Id") in keep_rids or kind in ("styles", "theme"):
                continue
            if kind == "sharedStrings":
                sst_part = resolve(wb_part, r.get("Target", ""))
                continue
            wb_rels.remove(r)
        sheet_xml: dict[str, etree._Element] = {}
        for _, e in keep:
            for p in pkg.closure(e.part):
                parts[p] = pkg.read(p)
                rels = pkg.find(rels_path(p))
                if rels is not None:
                    # Named after its part exactly in this private copy: openpyxl looks relationships up by name.
                    parts[rels_path(p)] = pkg.read(rels)
            sheet_xml[e.part] = _xml(parts[e.part])
        sst_part = sst_part and pkg.find(sst_part)
        if sst_part is not None:
            parts[sst_part] = _subset_strings(list(sheet_xml.values()), pkg.read(sst_part))
            for part, root in sheet_xml.items():
                parts[part] = _bytes(root)
        for r in wb_rels.iter(_REL):
            p = pkg.find(resolve(wb_part, r.get("Target", ""))) or ""
            if p and p not in parts:
                parts[p] = pkg.read(p)
                if r.get("Type", "").endswith("/styles") and b"AlternateContent" in parts[p]:
                    styles = _xml(parts[p])
                    if resolve_alternate_content(styles):  # openpyxl would number wrapped styles otherwise
                        parts[p] = _bytes(styles)
        types = _xml(pkg.read(CT_PATH))
        kept = {p.casefold() for p in parts} | {wb_part.casefold()}
        for o in list(types.iter(f"{{{CT_NS}}}Override")):
            if o.get("PartName", "").lstrip("/").casefold() not in kept:
                types.remove(o)
        root_rels = etree.Element(f"{{{PR_NS}}}Relationships", nsmap={None: PR_NS})
        etree.SubElement(root_rels, _REL, Id="rId1", Type=REL_BASE + "officeDocument", Target=wb_part)
        buf = io.BytesIO()
        with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as zo:
            zo.writestr(CT_PATH, _bytes(types))
            zo.writestr("_rels/.rels", _bytes(root_rels))
            zo.writestr(wb_part, _bytes(wb))
            zo.writestr(wb_rels_path, _bytes(wb_rels))
            for p, data in parts.items():
                zo.writestr(p, data)
        return buf.getvalue()


def render_donor(build: Callable[[Workbook], None]) -> bytes:
    """An openpyxl workbook built by ``build(wb)`` (which adds the tabs), saved to bytes: the donor to graft."""
    from openpyxl import Workbook

    wb = Workbook()
    default = wb.active
    build(wb)
    if default is not None and len(wb.worksheets) > 1:
        wb.remove(default)
    buf = io.BytesIO()
    wb.save(buf)
    return buf.getvalue()

"""Building ``xlproduction.xlam`` (the ribbon add-in) from ``macros/`` on any OS, and verifying it without Excel.

The add-in is a small OOXML package: a hidden workbook with one sheet, the "Production" ribbon tab
(``customUI/customUI.xml`` from ``macros/customUI.xml``) and a VBA project (``xl/vbaProject.bin``) holding the
button callbacks of ``macros/*.bas``. The callbacks run the Python entry points through the xlwings add-in's
``RunPython``, so the add-in carries no copy of xlwings' VBA and works with whatever xlwings version is installed.

Verification (``verify_addin``), everything that can be proven here without Excel:

- the package: every part has a content type, every override and relationship target exists, the workbook is
  typed as a macro-enabled add-in, the ribbon and the VBA project are related where Excel looks for them;
- the ribbon XML parses in the customUI namespace and every ``onAction`` names a ``Sub X(control As
  IRibbonControl)`` of the module it names;
- the VBA modules, extracted again from the built file by oletools (an independent MS-OVBA reader), equal the
  sources byte for byte.

What cannot be proven here: that Excel loads this VBA project (it has no compiled p-code, so Excel compiles the
source on first load, as it does for projects written by other tools) and shows the ribbon. The README says so and
ships the manual route (import the .bas and the ribbon XML with standard tools) beside the built file.

``python -m xlproduction.excel.build_addin [--out PATH] [--macros DIR]`` builds and verifies.

The sources are edited in ``macros/`` at the top of the repository; the wheel carries a copy as the package data
``xlproduction/excel/macros/`` (pyproject.toml maps the folder), so the build works from a checkout, an editable
install and a regular one alike (``macros_dir``).
"""

from __future__ import annotations

import argparse
import io
import posixpath
import re
import sys
import zipfile
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from xml.etree import ElementTree as ET

from .vbaproject import SHEET_CODENAME, WORKBOOK_CODENAME, build_vba_project

RIBBON = "customUI.xml"


def macros_dir() -> Path:
    """Where the add-in's sources are: the repository's ``macros/`` in a checkout (and an editable install), where
    they are edited; else the copy installed with the package (``xlproduction/excel/macros``). A checkout is
    recognised by its pyproject.toml beside ``macros/``, so a stray ``site-packages/macros`` is never taken."""
    here = Path(__file__).resolve().parent
    repo = here.parents[1]
    if (repo / "pyproject.toml").is_file() and (repo / "macros" / RIBBON).is_file():
        return repo / "macros"
    return here / "macros"


MACROS = macros_dir()
CUSTOMUI_NS = "http://schemas.microsoft.com/office/2006/01/customui"
ADDIN_NAME = "xlproduction.xlam"

CT_NS = "http://schemas.openxmlformats.org/package/2006/content-types"
REL_NS = "http://schemas.openxmlformats.org/package/2006/relationships"
R_DOC = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
REL_OFFICE_DOCUMENT = f"{R_DOC}/officeDocument"
REL_UI = "http://schemas.microsoft.com/office/2006/relationships/ui/extensibility"  # customUI.xml (2006/01 schema)
REL_VBA = "http://schemas.microsoft.com/office/2006/relationships/vbaProject"
CT_ADDIN = "application/vnd.ms-excel.addin.macroEnabled.main+xml"
CT_XLSM = "application/vnd.ms-excel.sheet.macroEnabled.main+xml"
CT_VBA = "application/vnd.ms-office.vbaProject"

_FIXED_TIME = (2020, 1, 1, 0, 0, 0)  # zip entries get a fixed date: the same sources give the same bytes

_CONTENT_TYPES = f"""<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<Types xmlns="{CT_NS}">
<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>
<Default Extension="xml" ContentType="application/xml"/>
<Default Extension="bin" ContentType="{CT_VBA}"/>
<Override PartName="/xl/workbook.xml" ContentType="{CT_ADDIN}"/>
<Override PartName="/xl/worksheets/sheet1.xml" \
ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/>
<Override PartName="/xl/styles.xml" \
ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.styles+xml"/>
<Override PartName="/docProps/core.xml" ContentType="application/vnd.openxmlformats-package.core-properties+xml"/>
<Override PartName="/docProps/app.xml" \
ContentType="application/vnd.openxmlformats-officedocument.extended-properties+xml"/>
</Types>"""

_ROOT_RELS = f"""<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<Relationships xmlns="{REL_NS}">
<Relationship Id="rId1" Type="{REL_OFFICE_DOCUMENT}" Target="xl/workbook.xml"/>
<Relationship Id="rId2" Type="http://schemas.openxmlformats.org/package/2006/relationships/metadata/core-properties" \
Target="docProps/core.xml"/>
<Relationship Id="rId3" Type="{R_DOC}/extended-properties" Target="docProps/app.xml"/>
<Relationship Id="rId4" Type="{REL_UI}" Target="customUI/customUI.xml"/>
</Relationships>"""

_WORKBOOK = f"""<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" xmlns:r="{R_DOC}">
<workbookPr codeName="{WORKBOOK_CODENAME}"/>
<bookViews><workbookView visibility="hidden"/></bookViews>
<sheets><sheet name="xlproduction" sheetId="1" r:id="rId1"/></sheets>
</workbook>"""

_WORKBOOK_RELS = f"""<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<Relationships xmlns="{REL_NS}">
<Relationship Id="rId1" Type="{R_DOC}/worksheet" Target="worksheets/sheet1.xml"/>
<Relationship Id="rId2" Type="{R_DOC}/styles" Target="styles.xml"/>
<Relationship Id="rId3" Type="{REL_VBA}" Target="vbaProject.bin"/>
</Relationships>"""

_SHEET = f"""<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" xmlns:r="{R_DOC}">
<sheetPr codeName="{SHEET_CODENAME}"/>
<sheetData><row r="1"><c r="A1" t="inlineStr"><is><t>xlproduction ribbon add-in: the Production tab runs the \
xlproduction entry points through xlwings.</t></is></c></row></sheetData>
</worksheet>"""

_STYLES = """<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<styleSheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">
<fonts count="1"><font><sz val="11"/><name val="Calibri"/></font></fonts>
<fills count="2"><fill><patternFill patternType="none"/></fill><fill><patternFill patternType="gray125"/></fill></fills>
<borders count="1"><border><left/><right/><top/><bottom/><diagonal/></border></borders>
<cellStyleXfs count="1"><xf numFmtId="0" fontId="0" fillId="0" borderId="0"/></cellStyleXfs>
<cellXfs count="1"><xf numFmtId="0" fontId="0" fillId="0" borderId="0" xfId="0"/></cellXfs>
<cellStyles count="1"><cellStyle name="Normal" xfId="0" builtinId="0"/></cellStyles>
</styleSheet>"""

_CORE = """<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<cp:coreProperties xmlns:cp="http://schemas.openxmlformats.org/package/2006/metadata/core-properties" \
xmlns:dc="http://purl.org/dc/elements/1.1/" xmlns:dcterms="http://purl.org/dc/terms/" \
xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance">
<dc:title>xlproduction</dc:title><dc:creator>xlproduction</dc:creator>
<dcterms:created xsi:type="dcterms:W3CDTF">2020-01-01T00:00:00Z</dcterms:created>
</cp:coreProperties>"""

_APP = """<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<Properties xmlns="http://schemas.openxmlformats.org/officeDocument/2006/extended-properties">
<Application>Microsoft Excel</Application></Properties>"""


def module_sources(macros: Path = MACROS) -> list[Path]:
    return sorted(macros.glob("*.bas"))


def build_addin(out: Path, macros: Path = MACROS, *, standalone: bool = False) -> Path:
    """Write the add-in to ``out`` from the sources in ``macros`` and return its path.

    ``standalone``: the same parts as a visible macro-enabled workbook (.xlsm) instead of an add-in: its ribbon
    shows while it is open. LibreOffice opens this form (it has no add-in import), which is how the tests have an
    independent reader list the modules."""
    modules = module_sources(macros)
    if not modules or not (macros / RIBBON).is_file():
        raise FileNotFoundError(f"The add-in's sources (.bas modules and {RIBBON}) are not in {macros}: reinstall "
                                "xlproduction, or pass the folder that holds them (--macros).")  # fmt: skip
    ribbon = (macros / RIBBON).read_bytes()
    ET.fromstring(ribbon)  # a broken ribbon fails the build, not Excel's start
    vba = build_vba_project(modules)
    content_types, workbook = _CONTENT_TYPES, _WORKBOOK
    if standalone:
        content_types = content_types.replace(CT_ADDIN, CT_XLSM)
        workbook = workbook.replace(' visibility="hidden"', "")
    parts = {
        "[Content_Types].xml": content_types.encode(), "_rels/.rels": _ROOT_RELS.encode(),
        "docProps/core.xml": _CORE.encode(), "docProps/app.xml": _APP.encode(),
        "xl/workbook.xml": workbook.encode(), "xl/_rels/workbook.xml.rels": _WORKBOOK_RELS.encode(),
        "xl/worksheets/sheet1.xml": _SHEET.encode(), "xl/styles.xml": _STYLES.encode(),
        "xl/vbaProject.bin": vba, "customUI/customUI.xml": ribbon,
    }  # fmt: skip
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as z:
        for name, data in parts.items():
            info = zipfile.ZipInfo(name, _FIXED_TIME)
            info.compress_type = zipfile.ZIP_DEFLATED
            z.writestr(info, data)
    out.parent.mkdir(parents=True, exist_ok=True)
    tmp = out.with_name(out.name + ".tmp")
    tmp.write_bytes(buf.getvalue())
    tmp.replace(out)
    return out


# --- verification -----------------------------------------------------------------------------------------------


class AddinInvalid(AssertionError):
    """The built add-in failed a check; the message lists what."""


@dataclass
class Verification:
    path: Path
    parts: list[str] = field(default_factory=list)
    modules: dict[str, bytes] = field(default_factory=dict)  # module name -> code as extracted by oletools
    callbacks: list[str] = field(default_factory=list)  # the ribbon's onAction values
    problems: list[str] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.problems


_SUB = re.compile(r"^\s*(?:Public\s+)?Sub\s+(\w+)\s*\(\s*(?:ByRef\s+|ByVal\s+)?control\s+As\s+IRibbonControl\s*\)",
                  re.IGNORECASE | re.MULTILINE)  # fmt: skip


def ribbon_callbacks(xml: bytes) -> list[str]:
    root = ET.fromstring(xml)
    if root.tag != f"{{{CUSTOMUI_NS}}}customUI":
        raise AddinInvalid(f"The ribbon's root is {root.tag}, not customUI in {CUSTOMUI_NS}.")
    return [el.attrib["onAction"] for el in root.iter() if "onAction" in el.attrib]


def ribbon_subs(code: str) -> set[str]:
    """Subs of a module that Excel can call from the ribbon: ``Sub Name(control As IRibbonControl)``."""
    return set(_SUB.findall(code))


def _check_package(z: zipfile.ZipFile, v: Verification, workbook_type: str) -> None:
    names = set(z.namelist())
    v.parts = sorted(names)
    ct = ET.fromstring(z.read("[Content_Types].xml"))
    defaults = {e.attrib["Extension"].lower(): e.attrib["ContentType"] for e in ct if e.tag == f"{{{CT_NS}}}Default"}
    overrides = {e.attrib["PartName"]: e.attrib["ContentType"] for e in ct if e.tag == f"{{{CT_NS}}}Override"}
    for part in overrides:
        if part.lstrip("/") not in names:
            v.problems.append(f"[Content_Types].xml overrides {part}, which is not in the package.")
    for name in names:
        if name == "[Content_Types].xml" or name.endswith("/"):
            continue
        ext = name.rsplit(".", 1)[-1].lower()
        if f"/{name}" not in overrides and ext not in defaults:
            v.problems.append(f"{name} has no content type.")
    if overrides.get("/xl/workbook.xml") != workbook_type:
        v.problems.append(f"xl/workbook.xml is not typed {workbook_type}.")
    typed_vba = overrides.get("/xl/vbaProject.bin", defaults.get("bin"))
    if typed_vba != CT_VBA:
        v.problems.append(f"xl/vbaProject.bin is not typed {CT_VBA}.")
    found: dict[str, set[str]] = {}
    for rels in (n for n in names if n.endswith(".rels")):
        base = posixpath.dirname(posixpath.dirname(rels))  # "_rels/.rels" -> "", "xl/_rels/x.rels" -> "xl"
        for rel in ET.fromstring(z.read(rels)):
            if rel.attrib.get("TargetMode") == "External":
                continue
            target = posixpath.normpath(posixpath.join(base, rel.attrib["Target"])).lstrip("/")
            if target not in names:
                v.problems.append(f"{rels}: relationship {rel.attrib['Id']} points to {target}, which is missing.")
            found.setdefault(rel.attrib["Type"], set()).add(target)
    for kind, target in ((REL_OFFICE_DOCUMENT, "xl/workbook.xml"), (REL_UI, "customUI/customUI.xml"),
                         (REL_VBA, "xl/vbaProject.bin")):  # fmt: skip
        if target not in found.get(kind, set()):
            v.problems.append(f"No {kind.rsplit('/', 1)[-1]} relationship to {target}.")
    for name in names:
        if name.endswith((".xml", ".rels")):
            try:
                ET.fromstring(z.read(name))
            except ET.ParseError as e:
                v.problems.append(f"{name} is not well-formed XML: {e}.")


def extract_modules(vba_project: bytes) -> dict[str, bytes]:
    """Standard and document modules of a vbaProject.bin, decompressed by oletools (cp1252, as VBA stores them)."""
    from oletools.olevba import VBA_Parser

    parser = VBA_Parser("vbaProject.bin", data=vba_project)
    try:
        out: dict[str, bytes] = {}
        for _, stream, _, code in parser.extract_all_macros():
            name = str(stream).split("/")[-1]
            out[name] = code.encode("cp1252") if isinstance(code, str) else bytes(code)
        return out
    finally:
        parser.close()


def verify_addin(path: Path, macros: Path = MACROS, *, standalone: bool = False) -> Verification:
    """Every structural check of the add-in that needs no Excel; ``problems`` lists what failed."""
    v = Verification(path)
    with zipfile.ZipFile(path) as z:
        _check_package(z, v, CT_XLSM if standalone else CT_ADDIN)
        ribbon = z.read("customUI/customUI.xml")
        vba = z.read("xl/vbaProject.bin")
    if ribbon != (macros / RIBBON).read_bytes():
        v.problems.append("The ribbon in the add-in differs from macros/customUI.xml.")
    v.callbacks = ribbon_callbacks(ribbon)
    try:
        v.modules = extract_modules(vba)
    except ImportError:
        v.problems.append("oletools is not installed, so the VBA modules could not be extracted: pip install oletools")
        return v
    for src in module_sources(macros):
        got = v.modules.get(src.stem)
        if got is None:
            v.problems.append(f"Module {src.stem} is missing from the VBA project.")
        elif got != src.read_bytes():
            v.problems.append(f"Module {src.stem} as extracted differs from {src.name}.")
    for cb in v.callbacks:
        module, _, sub = cb.rpartition(".")
        code = v.modules.get(module, b"").decode("cp1252") if module else ""
        if not module or sub not in ribbon_subs(code):
            v.problems.append(f"Ribbon callback {cb} has no 'Sub {sub}(control As IRibbonControl)' in module "
                              f"{module or '?'}.")  # fmt: skip
    return v


def main(argv: Sequence[str] | None = None) -> int:
    ap = argparse.ArgumentParser(prog="python -m xlproduction.excel.build_addin", description=__doc__.split("\n")[0])
    ap.add_argument("--out", type=Path, default=Path("dist") / ADDIN_NAME, help="Where to write the add-in.")
    ap.add_argument("--macros", type=Path, default=MACROS, help="The folder of .bas modules and customUI.xml.")
    ap.add_argument("--xlsm", action="store_true", help="Build the standalone .xlsm form instead of the add-in.")
    args = ap.parse_args(argv)
    out = build_addin(args.out, args.macros, standalone=args.xlsm)
    v = verify_addin(out, args.macros, standalone=args.xlsm)
    for p in v.problems:
        print(f"FAILED: {p}", file=sys.stderr)
    if not v.ok:
        return 1
    print(f"Built {out}: modules {', '.join(sorted(v.modules))}; {len(v.callbacks)} ribbon callbacks, all present; "
          "modules re-extracted by oletools equal the sources byte for byte.")  # fmt: skip
    return 0


if __name__ == "__main__":
    raise SystemExit(main())

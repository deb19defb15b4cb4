"""What makes a package (.xlsx) sound to an OPC reader, checked part by part: for tests that judge a written file.

Excel opens a package only when every part has a content type, no two zip entries name the same part (part names
are case-insensitive), every ``Override`` names a part that is there and every internal relationship points at a
part that is there; otherwise it "repairs" the file, or refuses it. ``package_problems`` lists what breaks those
rules, as sentences, so a test compares a written file's problems with its input's.
"""

from __future__ import annotations

import posixpath
import zipfile
from pathlib import Path

from lxml import etree

CT_NS = "{http://schemas.openxmlformats.org/package/2006/content-types}"
REL = "{http://schemas.openxmlformats.org/package/2006/relationships}Relationship"


def _owner(rels_name: str) -> str | None:
    """The part whose relationships ``rels_name`` holds ('' for the package), None when it is no such name."""
    if rels_name == "_rels/.rels":
        return ""
    folder, name = posixpath.split(rels_name)
    if posixpath.basename(folder) != "_rels" or not name.endswith(".rels"):
        return None
    return posixpath.join(posixpath.dirname(folder), name[: -len(".rels")])


def package_problems(path: str | Path) -> set[str]:
    with zipfile.ZipFile(path) as z:
        names = [i.filename for i in z.infolist() if not i.is_dir()]
        data = {n: z.read(n) for n in names if n.endswith((".rels", ".xml"))}
    problems: set[str] = set()
    folded: dict[str, str] = {}
    for n in names:
        if n.casefold() in folded:
            problems.add(f"two entries name one part: {folded[n.casefold()]!r} and {n!r}")
        folded.setdefault(n.casefold(), n)
    types = etree.fromstring(data["[Content_Types].xml"])
    overrides = {o.get("PartName", "").lstrip("/").casefold(): o.get("ContentType") for o in types.iter(
        CT_NS + "Override")}  # fmt: skip
    defaults = {d.get("Extension", "").casefold() for d in types.iter(CT_NS + "Default")}
    for part in overrides:
        if part not in folded:
            problems.add(f"an Override names {part!r}, which is not in the package")
    for n in names:
        if n == "[Content_Types].xml":
            continue
        base = posixpath.basename(n)
        ext = base.rpartition(".")[2].casefold() if "." in base else ""  # '.rels' is the extension of '_rels/.rels'
        if n.casefold() not in overrides and ext not in defaults:
            problems.add(f"{n!r} has no content type")
    for n in names:
        owner = _owner(n)
        if owner is None:
            continue
        for r in etree.fromstring(data[n]).iter(REL):
            if r.get("TargetMode") == "External":
                continue
            target = r.get("Target", "")
            part = target.lstrip("/") if target.startswith("/") else posixpath.normpath(
                posixpath.join(posixpath.dirname(owner), target))  # fmt: skip
            if part.casefold() not in folded:
                problems.add(f"{n!r} relates {r.get('Id')} to {part!r}, which is not in the package")
    return problems

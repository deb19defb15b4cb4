"""A Final Draft (.fdx) reader: the XML Final Draft saves, into the same ``Script`` a Fountain file gives.

Final Draft publishes no schema; the shape read here is the one its files show (and open-fdx-toolkit, Beat and
Fade In write): ``<FinalDraft>`` → ``<Content>`` → ``<Paragraph Type="…">`` whose text is the concatenation of its
``<Text>`` runs. What a breakdown gains over Fountain is read as Final Draft wrote it: the scene ``Number``, and in
``<SceneProperties>`` the scene's ``Length`` in pages and eighths (``1 3/8``: Final Draft's own pagination, trusted
over any estimate), the ``Page`` it starts on and its ``Summary``; production tags (``TagData``: props, vehicles…
mapped by category id, never by number, which differs between files); revision marks (``RevisionID`` on text runs).

The file is user-supplied XML, so it is parsed with defusedxml: a DTD, an entity declaration or an external
reference refuses the file (no "billion laughs", no file read through an entity).
"""

from __future__ import annotations

import xml.etree.ElementTree as ET
from typing import Any

import defusedxml.ElementTree as DET
from defusedxml import DefusedXmlException

from ...model.pages import parse_pages
from .model import Element, Kind, Script
from .problems import ScriptUnreadable

_KINDS = {
    "Scene Heading": Kind.HEADING, "Action": Kind.ACTION, "General": Kind.ACTION, "Character": Kind.CHARACTER,
    "Parenthetical": Kind.PARENTHETICAL, "Dialogue": Kind.DIALOGUE, "Transition": Kind.TRANSITION,
    "Shot": Kind.SHOT, "Lyrics": Kind.LYRICS, "Center": Kind.CENTERED, "Centered": Kind.CENTERED,
}  # fmt: skip


def parse_fdx(data: bytes, source: str = "script.fdx") -> Script:
    """Parse a Final Draft file; ``ScriptUnreadable`` when it is not safe or not Final Draft XML."""
    root = _parse_xml(data, source)
    if root.tag != "FinalDraft":
        raise ScriptUnreadable(f"{source}: the XML's root is <{root.tag}>, not <FinalDraft>: not a Final Draft "
                               "script. Save it from Final Draft as a Final Draft Document (.fdx).")  # fmt: skip
    content = root.find("Content")
    if content is None:
        raise ScriptUnreadable(f"{source}: the Final Draft file has no <Content>: it holds no script. Save the "
                               "script again from Final Draft.")  # fmt: skip
    tags = _tags(root)
    elements: list[Element] = []
    index = 0
    for para in content.findall("Paragraph"):
        index += 1
        dual = para.find("DualDialogue")
        if dual is not None:
            cues = 0
            for inner in dual.findall("Paragraph"):
                if inner.get("Type") == "Character":
                    cues += 1
                # The second speaker of a dual-dialogue pair prints in the right-hand column.
                elements.append(_element(inner, index, tags, dual=cues >= 2))
            continue
        elements.append(_element(para, index, tags, dual=False))
    return Script(source, "fdx", tuple(elements), title=_title(root), revisions=_revisions(root),
                  paper=_paper(root))  # fmt: skip


def _parse_xml(data: bytes, source: str) -> Any:
    try:
        return DET.fromstring(data, forbid_dtd=True, forbid_entities=True, forbid_external=True)
    except DefusedXmlException as e:
        raise ScriptUnreadable(f"{source}: refused — the file declares a DTD or XML entities ({type(e).__name__}), "
                               "which Final Draft never writes and which can make a parser read other files or "
                               "exhaust memory. Save the script again from Final Draft.") from None  # fmt: skip
    except ET.ParseError as e:
        line, col = getattr(e, "position", (0, 0))
        raise ScriptUnreadable(f"{source}, line {line}, column {col}: not well-formed XML. The file is damaged or "
                               "cut short: save it again from Final Draft.") from None
    except RecursionError:
        raise ScriptUnreadable(f"{source}: the XML is nested too deeply to be a script.") from None


def _element(para: Any, index: int, tags: dict[str, tuple[str, str]], dual: bool) -> Element:
    kind_name = para.get("Type") or "Action"
    runs = para.findall("Text")
    text = "".join(r.text or "" for r in runs).replace("\r\n", "\n").replace("\r", "\n")
    revisions = tuple(sorted({r.get("RevisionID") for r in runs if r.get("RevisionID") not in (None, "", "0")}))
    element_tags = tuple(dict.fromkeys(tags[r.get("TagNumber")] for r in runs if r.get("TagNumber") in tags))
    kind = _KINDS.get(kind_name, Kind.ACTION)
    number = (para.get("Number") or "").strip() or None
    props = para.find("SceneProperties")
    length = page = summary = None
    if props is not None and kind is Kind.HEADING:
        length = _length(props.get("Length"))
        page = (props.get("Page") or "").strip() or None
        summary = " ".join("".join(t.text or "" for t in p.findall("Text")).strip()
                           for p in props.iter("Paragraph")).strip() or None  # fmt: skip
    if kind is Kind.HEADING and number is None and props is None and text.strip().upper().startswith("INTERCUT"):
        # "INTERCUT WITH:" typed in the Scene Heading element: Final Draft gives it no number; it opens no scene.
        kind = Kind.SHOT
    if kind is Kind.HEADING:
        text = text.strip().upper()
    return Element(kind, text.strip("\n") if kind is not Kind.HEADING else text, index, number=number, dual=dual,
                   length=length, page=page, summary=summary, tags=element_tags, revisions=revisions)  # fmt: skip


def _length(value: str | None) -> int | None:
    """``1 3/8`` → 11 eighths; ``None`` for a missing or unreadable length (the paginator's estimate is used)."""
    if not value or not value.strip():
        return None
    try:
        return parse_pages(value.strip())
    except ValueError:
        return None


def _tags(root: Any) -> dict[str, tuple[str, str]]:
    """TagNumber → (category name, label). Categories are found by their id: numbers differ between files."""
    data = root.find("TagData")
    if data is None:
        return {}
    categories = {c.get("Id"): (c.get("Name") or "").strip() for c in data.iter("TagCategory")}
    definitions = {d.get("Id"): (categories.get(d.get("CatId"), ""), (d.get("Label") or "").strip())
                   for d in data.iter("TagDefinition")}  # fmt: skip
    out: dict[str, tuple[str, str]] = {}
    for tag in data.iter("Tag"):
        def_id = tag.findtext("DefId")
        if tag.get("Number") and def_id in definitions:
            out[tag.get("Number")] = definitions[def_id]
    return out


def _title(root: Any) -> str | None:
    page = root.find("TitlePage")
    if page is None:
        return None
    for p in page.iter("Paragraph"):
        text = " ".join("".join(t.text or "" for t in p.findall("Text")).split())
        if text and not text.casefold().startswith(("written by", "by", "draft", "screenplay by")):
            return text
    return None


def _revisions(root: Any) -> tuple[tuple[str, str, str], ...]:
    revs = root.find("Revisions")
    if revs is None:
        return ()
    return tuple((r.get("ID") or "", (r.get("Name") or "").strip(), (r.get("Color") or "").strip())
                 for r in revs.findall("Revision"))  # fmt: skip


def _paper(root: Any) -> str | None:
    layout = root.find("PageLayout")
    if layout is None:
        return None
    size = (layout.get("PaperSize") or "").casefold()
    if "a4" in size:
        return "A4"
    if "letter" in size:
        return "Letter"
    try:  # Final Draft writes the paper's height in points: 792 for US Letter, 842 for A4
        height = float(layout.get("PaperHeight") or 0)
    except ValueError:
        return None
    return "A4" if 830 <= height <= 850 else "Letter" if 780 <= height <= 800 else None

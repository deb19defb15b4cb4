"""From a ``Script`` to its breakdown: one row per scene, and the cast numbered the way a stripboard numbers it.

Per scene: its number (the script's, else its position), I/E, set and D/N read from the heading and mapped to the
workbook contract's values, its length in eighths (Final Draft's when the file has it, else the paginator's — and
marked estimated), the page it starts on, the characters who speak in it, and a synopsis. Per character: the
number of scenes they speak in, which orders the cast IDs (1 is the lead). Names written in capitals in action
lines that never speak are only suggestions: in a screenplay capitals also introduce extras, props and sounds.

The heading conventions handled: ``INT.``, ``EXT.``, ``INT./EXT.``, ``I/E``, ``EST.`` (an establishing shot is an
exterior), separators `` - ``, ``--`` and ``,``; the time of day is the last part that names one (``DAY``,
``NIGHT``, ``DAWN``, ``DUSK``, ``MORNING``, ``EVENING``, ``MAGIC HOUR``…); ``CONTINUOUS``, ``LATER`` and ``SAME``
continue the previous scene's time of day, as an assistant director would read them.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass

from ...model.contract import DAY_NIGHT, INT_EXT
from ...model.findings import Finding
from .fountain import plain
from .model import Breakdown, CharacterCount, Element, Kind, SceneBreakdown, Script, Suggestion
from .paginate import Pagination, paginate, paper_for
from .problems import (
    DUPLICATE_NUMBER,
    EMPTY_SCRIPT,
    MERGED_NAMES,
    NO_INT_EXT,
    NO_TIME_OF_DAY,
    UNNUMBERED,
    finding,
)

_IE = re.compile(
    r"^\s*(?P<ie>INT(?:ERIOR)?\.?\s*/\s*EXT(?:ERIOR)?|EXT(?:ERIOR)?\.?\s*/\s*INT(?:ERIOR)?|I\.?\s*/\s*E|E\.?\s*/\s*I"
    r"|INT(?:ERIOR)?|EXT(?:ERIOR)?|EST(?:ABLISHING)?)(?=[.\s\-–—,:]|$)[.\s\-–—,:]*",
    re.IGNORECASE,
)
_SEPARATOR = re.compile(r"\s+[-–—]+\s+|\s*--+\s*|\s*[–—]\s*|\s*,\s+|\s+-$")
_PARENS = re.compile(r"\s*\([^)]*\)")

INT, EXT, INT_EXT_ = INT_EXT  # the contract's spellings: "INT", "EXT", "INT/EXT"
DAY, NIGHT, DAWN, DUSK = DAY_NIGHT
CONTINUES = "continues"  # the time of day of the scene before
TIMES_OF_DAY: dict[str, str] = {
    "DAY": DAY, "DAYTIME": DAY, "MORNING": DAY, "EARLY MORNING": DAY, "LATE MORNING": DAY, "AFTERNOON": DAY,
    "LATE AFTERNOON": DAY, "NOON": DAY, "MIDDAY": DAY, "LUNCHTIME": DAY,
    "NIGHT": NIGHT, "NIGHTTIME": NIGHT, "LATE NIGHT": NIGHT, "MIDNIGHT": NIGHT, "EARLY EVENING": DUSK,
    "DAWN": DAWN, "SUNRISE": DAWN, "DAYBREAK": DAWN, "FIRST LIGHT": DAWN, "PRE-DAWN": DAWN, "PREDAWN": DAWN,
    "DUSK": DUSK, "SUNSET": DUSK, "SUNDOWN": DUSK, "EVENING": DUSK, "TWILIGHT": DUSK, "MAGIC HOUR": DUSK,
    "GOLDEN HOUR": DUSK,
    "CONTINUOUS": CONTINUES, "CONT": CONTINUES, "CONT'D": CONTINUES, "CONTD": CONTINUES, "LATER": CONTINUES,
    "MOMENTS LATER": CONTINUES, "A MOMENT LATER": CONTINUES, "MOMENT LATER": CONTINUES, "SAME": CONTINUES,
    "SAME TIME": CONTINUES, "SIMULTANEOUS": CONTINUES, "MOMENTS BEFORE": CONTINUES, "MINUTES LATER": CONTINUES,
}  # fmt: skip
# The words that decide a longer phrase ("THE NEXT MORNING", "LATER THAT NIGHT"): the last one found wins.
_TIME_WORDS = {w: v for w, v in TIMES_OF_DAY.items() if " " not in w}

SYNOPSIS_LENGTH = 80


@dataclass(frozen=True, slots=True)
class Heading:
    ie: str
    set: str
    dn: str  # the contract's value, CONTINUES, or ""
    time_of_day: str


def parse_heading(text: str) -> Heading:
    """``INT. HOUSE - KITCHEN - NIGHT (1979)`` → INT, ``HOUSE - KITCHEN``, NIGHT."""
    text = " ".join(plain(text).split()).upper()
    ie = ""
    m = _IE.match(text)
    if m:
        prefix = m.group("ie").replace(" ", "")
        ie = INT_EXT_ if "/" in prefix else EXT if prefix.startswith(("E", "EST")) else INT
        text = text[m.end():]
    parts = [p.strip(" .-") for p in _SEPARATOR.split(text)]
    parts = [p for p in parts if p]
    for i in range(len(parts) - 1, 0, -1):
        dn, said = _time_of_day(parts[i], whole_only=False)
        if dn:
            return Heading(ie, " - ".join(parts[:i]), dn, said)
    if parts:
        # No separator before the time of day ("INT HOUSE DAY"): only a known last word or phrase counts.
        words = _PARENS.sub("", parts[0]).split()
        for size in (2, 1):
            if len(words) > size:
                dn = TIMES_OF_DAY.get(" ".join(words[-size:]).strip(".,"), "")
                if dn:
                    rest = " - ".join([" ".join(words[:-size]), *parts[1:]])
                    return Heading(ie, rest, dn, " ".join(words[-size:]))
    return Heading(ie, " - ".join(parts), "", "")


def _time_of_day(part: str, whole_only: bool) -> tuple[str, str]:
    said = _PARENS.sub("", part).strip(" .,")
    dn = TIMES_OF_DAY.get(said, "")
    if dn or whole_only:
        return dn, said
    for word in reversed(re.split(r"[\s/]+", said)):
        dn = _TIME_WORDS.get(word.strip(".,'"), "")
        if dn:
            return dn, said
    return "", ""


_EXTENSION_WORDS = re.compile(r"\s+(?:CONT'?D|CONT’D|CONTD|CONT\.|V\.?O\.?|O\.?S\.?|O\.?C\.?)$")


def character_names(cue: str) -> list[str]:
    """The people a cue names: ``BOB (V.O.)`` → [BOB]; ``MARY (CONT'D)`` → [MARY]; ``BOB & MARY`` → both."""
    s = plain(cue).strip().lstrip("@").rstrip("^").strip()
    s = _PARENS.sub("", s)
    s = " ".join(s.replace("’", "'").split()).upper().rstrip(":.")
    while True:
        t = _EXTENSION_WORDS.sub("", s)
        if t == s:
            break
        s = t
    names = [n.strip() for n in re.split(r"\s*(?:&|/| AND )\s*", s)] if ("&" in s or "/" in s or " AND " in s) else [s]
    return [n for n in names if n and any(c.isalpha() for c in n)]


def _words(text: str) -> frozenset[str]:
    return frozenset(text.split())


# Words that make a longer name another person, never a fuller name of the same one (YOUNG BOB is not BOB).
_DESCRIPTORS = _words("""YOUNG YOUNGER OLD OLDER LITTLE TEEN TEENAGE TEENAGED ADULT BABY KID CHILD ELDERLY AGED
FUTURE PAST EVIL DEAD GHOST ZOMBIE FAKE REAL OTHER NEW ANOTHER SECOND FIRST THIRD TINY BIG MRS MR MS MISS
DR""")
# Names that stand for many people: one GUARD is not the same person as PRISON GUARD.
_GENERIC = _words("""MAN WOMAN GIRL BOY GUY GUARD COP OFFICER DOCTOR NURSE DRIVER VOICE VOICES CROWD ALL BOTH
SOLDIER AGENT WAITER WAITRESS KID CHILD TEACHER STUDENT REPORTER ANNOUNCER OPERATOR CLERK WORKER PILOT
MOTHER FATHER MOM DAD SISTER BROTHER""")


def merge_names(names: list[str]) -> dict[str, str]:
    """Shorter cues that name the same person as one longer speaking name: {BOB: CYBER BOB}.

    ``BOB`` is taken as ``CYBER BOB`` when that is the only speaking name ending or starting with it, neither has
    a number (COP #2), BOB is not a generic role (GUARD) and the extra words do not make another person
    (YOUNG BOB)."""
    merged: dict[str, str] = {}
    unique = sorted(set(names), key=lambda n: (len(n), n))
    for short in unique:
        if short in _GENERIC or re.search(r"[\d#]", short):
            continue
        fuller = [n for n in unique if n != short and (n.endswith(" " + short) or n.startswith(short + " "))]
        if len(fuller) != 1 or re.search(r"[\d#]", fuller[0]):
            continue
        extra = set(fuller[0].replace(short, " ").split())
        if extra & _DESCRIPTORS:
            continue
        merged[short] = fuller[0]
    # A chain (BOB → CYBER BOB → … ) resolves to its end.
    for k, v in list(merged.items()):
        while v in merged:
            v = merged[v]
        merged[k] = v
    return merged


_CAPS = re.compile(r"(?<![\w'’])([A-Z][A-Z0-9'’\-]*(?:[ ][A-Z][A-Z0-9'’\-]*)*)(?![\w'’])")
_NOT_NAMES = _words("""INT EXT DAY NIGHT CONTINUOUS CUT FADE IN OUT TO THE A AN AND OR OF ON AT V.O O.S O.C CONT'D
POV ANGLE CLOSE INSERT BACK SUPER TITLE CARD FLASHBACK END MONTAGE SERIES SHOTS LATER BEAT OK TV LED CGI VFX SFX
PRE-LAP DISSOLVE SMASH MATCH INTERCUT WIDE ECU CU MCU ESTABLISHING OVER BLACK WHITE FREEZE FRAME SLOW MOTION
THE END I""")


def _suggestions(text: str, speaking: set[str]) -> list[str]:
    """Capitalised runs of an action paragraph that could be characters: not sounds (``FWOOSH!``), not screenplay
    vocabulary (``CLOSE ON``), not someone who speaks."""
    found = []
    for m in _CAPS.finditer(text):
        run = m.group(1).strip("-'’ ")
        after = text[m.end(): m.end() + 1]
        if after == "!" or len(re.sub(r"[^A-Z]", "", run)) < 3:
            continue
        words = run.split()
        while words and words[0].strip(".") in _NOT_NAMES:  # "A STRAY DOG" at the start of a sentence
            words.pop(0)
        while words and words[-1].strip(".") in _NOT_NAMES:
            words.pop()
        run = " ".join(words)
        if not words or len(re.sub(r"[^A-Z]", "", run)) < 3:
            continue
        if run in speaking or any(run.endswith(" " + s) or run == s for s in speaking):
            continue
        found.append(run)
    return found


def _synopsis(text: str) -> str:
    text = " ".join(plain(text).split())
    if len(text) <= SYNOPSIS_LENGTH:
        return text
    cut = text[:SYNOPSIS_LENGTH].rsplit(" ", 1)[0].rstrip(",;:-–— ")
    return cut + "…"


def breakdown(script: Script, paper: str | None = None) -> Breakdown:
    """The breakdown of ``script``, laid out on ``paper`` (Letter unless A4 is asked for or the file says so)."""
    elements = script.elements
    sheet = paper_for(paper or script.paper)
    pagination = paginate(elements, sheet, fountain=script.format == "fountain")
    unit = "paragraph" if script.format == "fdx" else "line"
    findings: list[Finding] = list(script.findings)
    heads = [i for i, e in enumerate(elements) if e.kind is Kind.HEADING]
    if not heads:
        what = "no scene headings found: nothing to break down." if elements else "the script is empty."
        findings.append(finding(EMPTY_SCRIPT, script.source, None, what,
                                EMPTY_SCRIPT.doc.split("**Fix.**")[1].strip(), unit))  # fmt: skip
        return Breakdown(script.source, script.format, script.title, sheet.name, (), (), (), tuple(findings),
                         pagination.pages, script.revisions)  # fmt: skip

    numbered = any(elements[i].number for i in heads)
    raw_scenes = []
    previous_dn = ""
    for pos, hi in enumerate(heads):
        end = heads[pos + 1] if pos + 1 < len(heads) else len(elements)
        head = elements[hi]
        body = elements[hi + 1:end]
        h = parse_heading(head.text)
        dn = h.dn
        if dn == CONTINUES:
            dn = previous_dn
        if not h.ie:
            findings.append(finding(NO_INT_EXT, script.source, head.line, f"scene heading {head.text!r} does not "
                                    "say INT or EXT; I/E is left blank.", "Write it as INT. … or EXT. …, or fill "
                                    "I/E after the import.", unit))  # fmt: skip
        if not dn:
            findings.append(finding(NO_TIME_OF_DAY, script.source, head.line, f"scene heading {head.text!r} does not "
                                    "say DAY or NIGHT; D/N is left blank.", "End the heading with ' - DAY' or ' - "
                                    "NIGHT', or fill D/N after the import.", unit))  # fmt: skip
        previous_dn = dn or previous_dn
        if head.number:
            number = head.number
        else:
            number = str(pos + 1)
            if numbered:
                findings.append(finding(UNNUMBERED, script.source, head.line, f"scene {head.text!r} has no number; "
                                        f"numbered {number} by its position.", "Number every scene in the "
                                        "screenwriting app.", unit))  # fmt: skip
        raw_scenes.append((hi, end, head, body, h, dn, number))

    seen: dict[str, int] = {}
    for _hi, _end, head, _body, _h, _dn, number in raw_scenes:
        key = number.upper()
        if key in seen:
            findings.append(finding(DUPLICATE_NUMBER, script.source, head.line, f"scene number {number} is used "
                                    f"twice (first at {unit} {seen[key]}).", "Renumber one of them (12A) in the "
                                    "screenwriting app.", unit))  # fmt: skip
        else:
            seen[key] = head.line

    # Speaking names, then one name per person.
    cues_by_scene: list[list[str]] = []
    for _hi, _end, _head, body, *_ in raw_scenes:
        names: list[str] = []
        for e in body:
            if e.kind is Kind.CHARACTER:
                names.extend(n for n in character_names(e.text) if n not in names)
        cues_by_scene.append(names)
    all_names = [n for names in cues_by_scene for n in names]
    merged = merge_names(all_names)
    for short, full in sorted(merged.items()):
        findings.append(finding(MERGED_NAMES, script.source, None, f"{short} and {full} are taken for one person: "
                                f"{full}.", "If they are two people, rename one in the script or split the Cast "
                                "row after the import.", unit))  # fmt: skip
    speaking_all = set(all_names) | set(merged.values())

    scenes: list[SceneBreakdown] = []
    mention_scenes: dict[str, list[str]] = {}
    for (hi, end, head, body, h, dn, number), names in zip(raw_scenes, cues_by_scene, strict=True):
        people = list(dict.fromkeys(merged.get(n, n) for n in names))
        eighths, estimated = _length(pagination, hi, end, heads, head)
        if head.page:
            page = head.page
        elif script.format == "fdx" and scenes and any(elements[i].page for i in heads):
            # Final Draft numbered the other scenes' pages from its own layout: a scene it left without one is
            # on the page of the scene before more surely than where this paginator would put it.
            page = scenes[-1].script_page
        else:
            page = str(pagination.starts[hi][0])
        synopsis = head.summary or next((e.text for e in body if e.kind is Kind.SYNOPSIS and e.text), "")
        if not synopsis:
            synopsis = next((e.text for e in body if e.kind is Kind.ACTION and e.text.strip()), "")
        mentioned: list[str] = []
        for e in body:
            if e.kind is Kind.ACTION:
                mentioned.extend(x for x in _suggestions(plain(e.text), speaking_all) if x not in mentioned)
        for x in mentioned:
            mention_scenes.setdefault(x, []).append(number)
        text = "\n".join(plain(e.text) for e in body if e.kind not in (Kind.SECTION, Kind.PAGE_BREAK))
        tags = tuple(dict.fromkeys(t for e in (head, *body) for t in e.tags))
        scenes.append(SceneBreakdown(number, h.ie, h.set, dn, h.time_of_day, eighths, estimated, page, tuple(people),
                                     _synopsis(synopsis), head.text, head.line, bool(head.number), tuple(mentioned),
                                     tags, text))  # fmt: skip

    characters = _cast(scenes, merged)
    suggestions = tuple(Suggestion(n, tuple(s)) for n, s in sorted(mention_scenes.items(), key=lambda kv: -len(kv[1])))
    pages = pagination.pages
    fdx_pages = [int(s.script_page) for s in scenes if s.script_page.isdigit()]
    if script.format == "fdx" and fdx_pages:
        pages = max(fdx_pages)
    return Breakdown(script.source, script.format, script.title, sheet.name, tuple(scenes), characters, suggestions,
                     tuple(findings), pages, script.revisions)  # fmt: skip


def _length(pagination: Pagination, hi: int, end: int, heads: list[int], head: Element) -> tuple[int, bool]:
    """The scene's eighths: the file's own (Final Draft) when it has them, else counted on the laid-out pages."""
    if head.length is not None:
        return max(head.length, 1), False
    start = pagination.absolute(hi)
    stop = pagination.absolute(end) if end < len(pagination.starts) else pagination.end
    return pagination.eighths(max(stop - start, 1)), True


def _cast(scenes: list[SceneBreakdown], merged: dict[str, str]) -> tuple[CharacterCount, ...]:
    """Speaking characters by the number of scenes they speak in; ties in order of first appearance."""
    count: Counter[str] = Counter()
    first: dict[str, tuple[int, str]] = {}
    for i, s in enumerate(scenes):
        for name in s.characters:
            count[name] += 1
            first.setdefault(name, (i, s.scene))
    order = sorted(count, key=lambda n: (-count[n], first[n][0]))
    aliases: dict[str, list[str]] = {}
    for short, full in merged.items():
        aliases.setdefault(full, []).append(short)
    return tuple(CharacterCount(n, count[n], str(i + 1), tuple(sorted(aliases.get(n, ()))), first[n][1])
                 for i, n in enumerate(order))  # fmt: skip

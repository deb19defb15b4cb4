"""The immutable shape of a screenplay as xlproduction reads it, whatever file it came from.

Fountain and Final Draft describe the same thing — a sequence of typed paragraphs (scene heading, action,
character cue, dialogue…) — so both readers produce the same ``Script`` of ``Element``s, and the paginator and the
breakdown never need to know which format a script came from. Only what a printed page and a breakdown need is
kept: text, type, where it was in the file (for findings a writer can act on), and what Final Draft already knows
(scene numbers, lengths, pages, summaries, tags, revision marks).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from enum import StrEnum

from ...model.findings import Finding


class Kind(StrEnum):
    """Paragraph types of a screenplay, named as Final Draft names them."""

    HEADING = "Scene Heading"
    ACTION = "Action"
    CHARACTER = "Character"
    PARENTHETICAL = "Parenthetical"
    DIALOGUE = "Dialogue"
    TRANSITION = "Transition"
    SHOT = "Shot"
    CENTERED = "Centered"
    LYRICS = "Lyrics"
    PAGE_BREAK = "Page Break"  # Fountain's ``===``: the next element starts a new page
    SECTION = "Section"  # Fountain ``#`` outline headings: structure only, never printed
    SYNOPSIS = "Synopsis"  # Fountain ``=`` lines: never printed, become the scene's synopsis


# What a printed page never shows: they take no lines.
UNPRINTED = frozenset({Kind.SECTION, Kind.SYNOPSIS, Kind.PAGE_BREAK})


@dataclass(frozen=True, slots=True)
class Element:
    """One paragraph of the script.

    ``line`` is where a writer finds it: the line in a Fountain file, the paragraph's position in a Final Draft
    file (ElementTree keeps no line numbers). ``text`` keeps the paragraph's own line breaks ("\\n"), which a
    printed page keeps too. The FDX-only fields are ``None`` for Fountain."""

    kind: Kind
    text: str
    line: int
    number: str | None = None  # a scene heading's number as the script writes it (#12A#, Number="12A")
    forced: bool = False  # Fountain: a heading forced with '.', a cue forced with '@'
    dual: bool = False  # the second (right-hand) cue of dual dialogue, and its lines
    length: int | None = None  # FDX SceneProperties Length, in eighths
    page: str | None = None  # FDX SceneProperties Page
    summary: str | None = None  # FDX SceneProperties Summary text
    tags: tuple[tuple[str, str], ...] = ()  # FDX production tags: (category, label)
    revisions: tuple[str, ...] = ()  # FDX revision marks (RevisionID) on this paragraph's text


@dataclass(frozen=True, slots=True)
class Script:
    """A screenplay read from one file: its title page, its elements, and what was wrong with it."""

    source: str  # the file's name, as findings quote it
    format: str  # "fountain" or "fdx"
    elements: tuple[Element, ...]
    title: str | None = None
    title_page: tuple[tuple[str, str], ...] = ()
    findings: tuple[Finding, ...] = ()
    # Final Draft's revision sets: (id, name, colour); the last one is the current revision.
    revisions: tuple[tuple[str, str, str], ...] = ()
    paper: str | None = None  # "Letter" or "A4" when the file says so (FDX PageLayout)
    encoding: str = "utf-8"


@dataclass(frozen=True, slots=True)
class SceneBreakdown:
    """One scene as it goes into the Scenes table."""

    scene: str  # the script's number, else its position (1, 2, 3…)
    ie: str  # INT, EXT, INT/EXT, or "" when the heading does not say
    set: str
    dn: str  # DAY, NIGHT, DAWN, DUSK (the contract's values), or "" when unknown
    time_of_day: str  # as the heading writes it: MORNING, CONTINUOUS…
    eighths: int
    estimated: bool  # True when the paginator counted the eighths, False when the file said (FDX Length)
    script_page: str
    characters: tuple[str, ...]  # speaking characters, one name per person, in order of first line
    synopsis: str
    heading: str  # the heading as printed (no scene number)
    line: int
    numbered: bool  # the script gave the number (False: xlproduction numbered it)
    mentioned: tuple[str, ...] = ()  # capitalised names in action lines that never speak in this scene
    elements: tuple[tuple[str, str], ...] = ()  # FDX production tags (category, label)
    text: str = ""  # the scene's words, for matching scenes between drafts


@dataclass(frozen=True, slots=True)
class CharacterCount:
    """A speaking character: the cast ID follows the industry habit (1 = the most scenes)."""

    name: str
    scenes: int
    cast_id: str
    aliases: tuple[str, ...] = ()  # other names the script gives the same person (BOB for CYBER BOB)
    first_scene: str = ""


@dataclass(frozen=True, slots=True)
class Suggestion:
    """A name written in capitals in action lines that never speaks: maybe cast, maybe background, maybe a prop."""

    name: str
    scenes: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class Breakdown:
    """The breakdown of one script: what ``script breakdown`` prints and ``script import`` writes."""

    source: str
    format: str
    title: str | None
    paper: str
    scenes: tuple[SceneBreakdown, ...]
    characters: tuple[CharacterCount, ...]
    suggestions: tuple[Suggestion, ...] = ()
    findings: tuple[Finding, ...] = ()
    page_count: int = 0  # printed pages (the paginator's, or the last FDX page)
    revisions: tuple[tuple[str, str, str], ...] = field(default=())

    @property
    def eighths(self) -> int:
        return sum(s.eighths for s in self.scenes)

    @property
    def pages(self) -> float:
        """The script's length as the Scenes table sums it: every scene's eighths, in pages."""
        return self.eighths / 8

    def to_json(self) -> dict[str, object]:
        """The documented JSON of ``xlproduction script breakdown --format json``, exactly."""
        return {
            "title": self.title,
            "pages": self.pages,
            "scenes": [
                {"scene": s.scene, "ie": s.ie, "set": s.set, "dn": s.dn, "eighths": s.eighths,
                 "script_page": s.script_page, "characters": list(s.characters), "synopsis": s.synopsis}
                for s in self.scenes
            ],
            "characters": [{"name": c.name, "scenes": c.scenes} for c in self.characters],
        }  # fmt: skip

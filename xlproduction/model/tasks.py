"""What a prep task's Linked To says: the shoot day, scene, location or performer a task is for.

A coordinator types ``Day 5``, ``Scene 12A``, ``Location L03`` or ``Cast 4`` (several, comma-separated); task
derivation writes the same, and the checks follow each link to see that what it names still exists (a task for a
location dropped from the schedule is work nobody needs). One grammar, here, for all three.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

DAY, SCENE, LOCATION, CAST = "day", "scene", "location", "cast"
KINDS = (DAY, SCENE, LOCATION, CAST)
_WORDS = {
    "day": DAY, "shoot day": DAY, "shooting day": DAY, "d": DAY, "scene": SCENE, "sc": SCENE, "sc.": SCENE,
    "location": LOCATION, "loc": LOCATION, "loc.": LOCATION, "location id": LOCATION, "cast": CAST,
    "cast id": CAST, "cast #": CAST, "cast member": CAST,
}  # fmt: skip
LABELS = {DAY: "Day", SCENE: "Scene", LOCATION: "Location", CAST: "Cast"}
_LINK = re.compile(r"^(?P<word>[A-Za-z][A-Za-z .#]*?)\s*[:#]?\s*(?P<id>[A-Za-z0-9][\w.\-/]*)$")


@dataclass(frozen=True, slots=True)
class Link:
    kind: str | None  # None: text that names no kind the grammar knows
    id: str
    text: str  # as typed

    @property
    def label(self) -> str:
        return format_link(self.kind, self.id) if self.kind else self.text


def format_link(kind: str, ident: object) -> str:
    return f"{LABELS[kind]} {ident}"


def parse_links(text: object) -> list[Link]:
    """``'Day 5, Cast 4'`` -> [Link(day, 5), Link(cast, 4)]; a part the grammar cannot read has kind None."""
    if text is None:
        return []
    out: list[Link] = []
    for part in re.split(r"[,;\n]+", str(text)):
        part = " ".join(part.split())
        if not part:
            continue
        m = _LINK.match(part)
        kind = _WORDS.get(m["word"].strip().casefold()) if m else None
        out.append(Link(kind, m["id"] if m and kind else part, part))
    return out

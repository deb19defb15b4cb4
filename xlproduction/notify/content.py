"""What a published call sheet says, once, for Slack, Teams and email to lay out each in its own way.

The values are the printed call sheet's own (``callsheet.fill.callsheet_values``: the same "7:00 AM", the same
"1 3/8" pages, the same location and hospital), so a message can never disagree with the PDF attached to it. What
a version may carry is decided by the call sheet model of its audience: the cast version's model has no crew phone
numbers, so no message made from it can show one. The chat messages carry no personal data at all — no cast list,
no phone but the hospital's and the production office's — since a channel is read by more people than a call
sheet's recipients.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from ..callsheet.fill import BANNER, KIND, callsheet_values, fmt_date, fmt_date_long, fmt_pages, fmt_time
from ..callsheet.model import CallSheet
from ..changes.model import Change

PRODUCT = "xlproduction"


@dataclass(frozen=True, slots=True)
class Digest:
    """A call sheet and the changes since the last publication, as display text."""

    title: str  # "Last Call at Rosie's"
    headline: str  # "Last Call at Rosie's — Day 5 of 23"
    date: str  # "Friday, March 5, 2027"
    date_short: str  # "Fri 05-Mar-2027"
    day: int
    facts: tuple[tuple[str, str], ...]  # ("Crew call", "7:00 AM"), … only those with a value
    hospital: str  # name, address, phone — always said, even when unknown
    scenes: tuple[str, ...]  # one line per strip, banners as their own line
    scene_total: str  # "6 scenes, 7 2/8 pages"
    cast: tuple[str, ...]  # one line per performer on the sheet (email only)
    contacts: tuple[str, ...]  # key people, with phones when the audience may see them (email only)
    notes: tuple[str, ...]  # department notes (email only)
    changes: tuple[str, ...]
    revision: str  # "White", "Blue"…
    revision_number: int  # 0: the first issue
    footer: str  # "Call-sheet revision Blue · sent by xlproduction"
    audience: str  # "Crew", "Cast"

    @property
    def fallback(self) -> str:
        """One line for a phone's notification: "Call sheet Day 5 (Fri 05-Mar): crew call 7:00 AM, Rosie's Diner"."""
        facts = dict(self.facts)
        bits = [f"crew call {facts['Crew call']}" if "Crew call" in facts else "", facts.get("Location", "")]
        lead = f"{self.title}: call sheet day {self.day}, {self.date}" if self.title else \
            f"Call sheet day {self.day}, {self.date}"  # fmt: skip
        extra = ", ".join(b.split("\n")[0] for b in bits if b)
        changes = f" ({len(self.changes)} change{'s' if len(self.changes) != 1 else ''})" if self.changes else ""
        return f"{lead}" + (f": {extra}" if extra else "") + changes


def _scene_line(item: dict[str, str]) -> str:
    where = " ".join(x for x in (item.get("int_ext", ""), item.get("set", "")) if x)
    bits = [f"Sc. {item['scene']}" + (f" ({item['part']})" if item.get("part") else ""), where,
            item.get("day_night", ""), f"{item['pages']} pp" if item.get("pages") else "",
            f"cast {item['cast']}" if item.get("cast") else "", item.get("location", "")]  # fmt: skip
    return " · ".join(b for b in bits if b)


def digest(cs: CallSheet, changes: Sequence[Change] = ()) -> Digest:
    """The digest of ``cs`` (already the audience's version) with ``changes`` (those concerning its day)."""
    scalars, blocks = callsheet_values(cs)
    loc = cs.location
    where = "\n".join(x for x in (loc.name, loc.address) if x) if loc else ""
    if len(cs.locations) > 1:
        where += "\nAlso: " + ", ".join(x.name or x.location_id for x in cs.locations[1:])
    sun = " / ".join(x for x in (scalars["sunrise"], scalars["sunset"]) if x)
    facts = [("Date", fmt_date_long(cs.date, cs.date_order)), ("Crew call", scalars["crew_call"]),
             ("Shooting call", scalars["shooting_call"]), ("Lunch", scalars["lunch"]),
             ("Est. wrap", scalars["est_wrap"]), ("Location", where), ("Parking", scalars["parking"]),
             ("Base camp", scalars["base_camp"]), ("Weather", cs.weather),
             ("Sunrise / sunset", sun), ("Notes", cs.day_notes)]  # fmt: skip
    hospital = ", ".join(x for x in (scalars["hospital"], scalars["hospital_address"], scalars["hospital_phone"]) if x)
    scenes: list[str] = []
    for item in blocks["scenes"]:
        if item.get(KIND) == BANNER:
            scenes.append(f"— {item[BANNER]} —")
        else:
            scenes.append(_scene_line(item))
    n = len(cs.scenes)
    total = f"{n} scene{'s' if n != 1 else ''}, {fmt_pages(cs.total_pages)} page{'s' if cs.total_pages != 8 else ''}"
    cast = []
    for c in cs.cast:
        times = [f"pickup {fmt_time(c.pickup)}" if c.pickup is not None else "",
                 f"makeup/hair {fmt_time(c.makeup)}" if c.makeup is not None else "",
                 f"on set {fmt_time(c.on_set)}" if c.on_set is not None else ""]  # fmt: skip
        who = f"{c.cast_id} {c.character}".strip() + (f" ({c.performer})" if c.performer else "")
        cast.append(" · ".join(x for x in (who, c.status, *times, c.remarks) if x))
    contacts = tuple(" · ".join(x for x in (k.role, k.name, k.phone) if x) for k in cs.key_people)
    office = " · ".join(x for x in ("Production office", cs.office_address, cs.office_phone) if x)
    title = cs.title or ""
    headline = " — ".join(x for x in (title, cs.episode, f"Day {cs.day} of {cs.total_days}") if x)
    return Digest(
        title=title, headline=headline, date=fmt_date_long(cs.date, cs.date_order), date_short=fmt_date(cs.date),
        day=cs.day,
        facts=tuple((k, v) for k, v in facts if v), hospital=hospital or "none given: check the Locations table",
        scenes=tuple(scenes), scene_total=total, cast=tuple(cast),
        contacts=(*contacts, *([office] if cs.office_address or cs.office_phone else [])),
        notes=tuple(f"{n.department}: {n.note}" for n in cs.department_notes),
        changes=tuple(c.message for c in changes), revision=cs.revision_colour, revision_number=cs.revision,
        footer=f"Call-sheet revision {cs.revision_colour} · {cs.policy.label} version · sent by {PRODUCT}",
        audience=cs.policy.label,
    )  # fmt: skip

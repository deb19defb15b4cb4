"""What one change between two versions of a production is: an immutable record a coordinator can announce.

A coordinator's evening is "what changed since the last call sheet, and who needs to hear it". Each ``Change``
answers that once, as plain data: its kind (a scene moved, a crew call, a new posting…), the shoot day(s) and
scene it concerns, the value before and after as the workbook shows it, who is affected (the cast of a moved
scene, the departments whose notes changed, everyone for a call-time change, finance for the budget) and one
plain sentence. The text memo, the JSON, the Changes tab and the Slack, Teams and email messages are all laid out
from these records, so they can never disagree.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from enum import StrEnum
from typing import Any


class Area(StrEnum):
    """What part of the production a change belongs to: the memo and the Changes tab print them in this order."""

    SCHEDULE = "schedule"
    DAYS = "shoot days"
    CAST = "cast"
    CREW = "crew"
    LOCATIONS = "locations"
    FINANCE = "finance"


class Kind(StrEnum):
    # Schedule (the stripboard)
    SCENE_MOVED = "scene_moved"  # to other shoot day(s)
    SCENE_ADDED = "scene_added"  # put on the schedule (a new scene, or one from the boneyard)
    SCENE_REMOVED = "scene_removed"  # taken off the schedule, still in the breakdown (back to the boneyard)
    SCENE_OMITTED = "scene_omitted"  # gone from the breakdown, or marked OMITTED there
    SCENE_REORDERED = "scene_reordered"  # a day's shooting order
    SCENE_SPLIT = "scene_split"  # now shot in a different number of parts
    BANNER = "banner"  # LUNCH, COMPANY MOVE… moved, added or removed
    # Shoot days (the Days table)
    DAY_ADDED = "day_added"
    DAY_REMOVED = "day_removed"
    DAY_DATE = "day_date"
    CREW_CALL = "crew_call"
    SHOOTING_CALL = "shooting_call"
    LUNCH = "lunch"
    EST_WRAP = "est_wrap"
    DAY_LOCATION = "day_location"
    WEATHER = "weather"
    DAY_NOTES = "day_notes"
    # Cast
    CAST_WORKS = "cast_now_works"
    CAST_RELEASED = "cast_no_longer_works"
    CAST_STATUS = "cast_status"  # another Day Out of Days code on a day (SW -> W, H -> D…)
    CAST_CALL = "cast_call"  # pickup, makeup/hair, on set or remarks of the Calls table
    CAST_ADDED = "cast_added"
    CAST_REMOVED = "cast_removed"
    CAST_CHANGED = "cast_changed"  # character renamed, performer recast
    # Crew
    CREW_ADDED = "crew_added"
    CREW_REMOVED = "crew_removed"
    CREW_DEPARTMENT = "crew_department"
    CREW_POSITION = "crew_position"
    CREW_PERSON_CALL = "crew_person_call"  # a Calls row for one crew member
    DEPARTMENT_CALL = "department_call"  # a Calls row for a department
    DEPARTMENT_NOTE = "department_note"
    # Locations
    LOCATION = "location"  # name, address, parking, base camp, nearest hospital…
    # Finance
    BUDGET_LINE = "budget_line"
    ACCOUNT_TOTAL = "account_total"
    POSTINGS_ADDED = "postings_added"
    POSTING_CHANGED = "posting_changed"
    POSTING_REMOVED = "posting_removed"


AREA_OF: dict[Kind, Area] = {
    **{k: Area.SCHEDULE for k in (Kind.SCENE_MOVED, Kind.SCENE_ADDED, Kind.SCENE_REMOVED, Kind.SCENE_OMITTED,
                                  Kind.SCENE_REORDERED, Kind.SCENE_SPLIT, Kind.BANNER)},
    **{k: Area.DAYS for k in (Kind.DAY_ADDED, Kind.DAY_REMOVED, Kind.DAY_DATE, Kind.CREW_CALL, Kind.SHOOTING_CALL,
                              Kind.LUNCH, Kind.EST_WRAP, Kind.DAY_LOCATION, Kind.WEATHER, Kind.DAY_NOTES)},
    **{k: Area.CAST for k in (Kind.CAST_WORKS, Kind.CAST_RELEASED, Kind.CAST_STATUS, Kind.CAST_CALL,
                              Kind.CAST_ADDED, Kind.CAST_REMOVED, Kind.CAST_CHANGED)},
    **{k: Area.CREW for k in (Kind.CREW_ADDED, Kind.CREW_REMOVED, Kind.CREW_DEPARTMENT, Kind.CREW_POSITION,
                              Kind.CREW_PERSON_CALL, Kind.DEPARTMENT_CALL, Kind.DEPARTMENT_NOTE)},
    Kind.LOCATION: Area.LOCATIONS,
    **{k: Area.FINANCE for k in (Kind.BUDGET_LINE, Kind.ACCOUNT_TOTAL, Kind.POSTINGS_ADDED, Kind.POSTING_CHANGED,
                                 Kind.POSTING_REMOVED)},
}  # fmt: skip
AREA_ORDER = {a: i for i, a in enumerate(Area)}


@dataclass(frozen=True, slots=True)
class Affects:
    """Who has to hear about a change. Cast by cast ID, crew by name, departments by their contract name."""

    everyone: bool = False
    cast: tuple[str, ...] = ()
    departments: tuple[str, ...] = ()
    crew: tuple[str, ...] = ()
    finance: bool = False

    def labels(self, characters: dict[str, str] | None = None) -> list[str]:
        """Readable: "everyone", "cast 1 MAYA", "Camera", "Jane Doe", "finance"."""
        names = characters or {}
        out = ["everyone"] if self.everyone else []
        for cid in self.cast:
            character = names.get(cid.strip().casefold(), "")
            out.append(f"cast {cid} {character}".strip())
        out += list(self.departments)
        out += list(self.crew)
        if self.finance:
            out.append("finance")
        return out

    def as_json(self) -> dict[str, Any]:
        return {"everyone": self.everyone, "cast": list(self.cast), "departments": list(self.departments),
                "crew": list(self.crew), "finance": self.finance}  # fmt: skip

    def __bool__(self) -> bool:
        return bool(self.everyone or self.cast or self.departments or self.crew or self.finance)


EVERYONE = Affects(everyone=True)
FINANCE = Affects(finance=True)

Value = str | float | int | None  # as the workbook shows it (times "7:00 AM", dates "Mon 01-Mar-2027"); money a number


@dataclass(frozen=True, slots=True)
class Change:
    kind: Kind
    message: str  # one plain sentence, as a coordinator would announce it
    day: int | None = None  # the shoot day it applies to now (a moved scene: its new day); None: several or none
    days: tuple[int, ...] = ()  # every shoot day whose call sheet it changes (a moved scene: old and new)
    scene: str | None = None
    before: Value = None
    after: Value = None
    affects: Affects = field(default_factory=Affects)
    column: str | None = None  # the column that changed, when a kind covers several (pickup, address…)
    date: dt.date | None = None  # the date of ``day``

    @property
    def area(self) -> Area:
        return AREA_OF[self.kind]

    def concerns(self, day: int) -> bool:
        """Whether the call sheet of shoot day ``day`` changes with this (finance never does)."""
        return self.area is not Area.FINANCE and day in self.days

    def as_json(self) -> dict[str, Any]:
        return {"kind": self.kind.value, "area": self.area.value, "day": self.day, "days": list(self.days),
                "date": self.date.isoformat() if self.date else None, "scene": self.scene, "column": self.column,
                "before": self.before, "after": self.after, "affects": self.affects.as_json(),
                "message": self.message}  # fmt: skip


@dataclass(frozen=True, slots=True)
class ChangeSet(Sequence[Change]):
    """Every change from ``old`` to ``new``, in the order the memo reads: by area, then by day, then as found.

    ``warnings`` say when the comparison itself is doubtful (two different productions). ``characters`` maps a
    cast ID (trimmed, case-folded) to its character, to label who is affected."""

    changes: tuple[Change, ...]
    old: str = ""
    new: str = ""
    title: str = ""
    warnings: tuple[str, ...] = ()
    characters: dict[str, str] = field(default_factory=dict)

    def __getitem__(self, i: Any) -> Any:
        return self.changes[i]

    def __len__(self) -> int:
        return len(self.changes)

    def __iter__(self) -> Iterator[Change]:
        return iter(self.changes)

    def of_kind(self, *kinds: Kind) -> list[Change]:
        return [c for c in self.changes if c.kind in kinds]

    def for_day(self, day: int) -> list[Change]:
        """The changes a call sheet of ``day`` should announce."""
        return [c for c in self.changes if c.concerns(day)]

    def by_day(self) -> list[tuple[int | None, dt.date | None, list[Change]]]:
        """Grouped by the day each applies to, in day order; changes tied to no single day come last."""
        groups: dict[int | None, list[Change]] = {}
        dates: dict[int | None, dt.date | None] = {}
        for c in self.changes:
            groups.setdefault(c.day, []).append(c)
            if c.date is not None:
                dates.setdefault(c.day, c.date)
        order = sorted(d for d in groups if d is not None) + ([None] if None in groups else [])
        return [(d, dates.get(d), groups[d]) for d in order]

    def as_json(self) -> dict[str, Any]:
        return {"old": self.old, "new": self.new, "title": self.title, "warnings": list(self.warnings),
                "changes": [c.as_json() for c in self.changes]}  # fmt: skip


def sort_changes(changes: Iterable[Change]) -> tuple[Change, ...]:
    """Area first (schedule, days, cast, crew, locations, finance), then day (undated last); stable within."""
    return tuple(sorted(changes, key=lambda c: (AREA_ORDER[c.area], c.day is None, c.day or 0)))

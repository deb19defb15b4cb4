"""A USS schedule merged into the workbook's tables: what the import writes, and what it keeps.

The scheduler owns the breakdown and the board; the coordinator owns everything around them. So:

- **Scenes**: a scene of the file updates its row (I/E, set, D/N, pages, synopsis, cast, background, location,
  script day; est. time, script page and notes when the file has them); every other column of the row — extra
  columns included — stays. Scenes the file does not have are kept (and reported): they are never deleted, only
  unscheduled. New scenes are added in the file's order.
- **Cast**: a cast member is found by cast ID (the file's board ID), else by character; found, its character and
  Drop/Pickup OK follow the file and the performer, contacts and rates stay; new ones are added with the next free
  cast ID when the file gives none (Performer to fill in). Nobody is removed.
- **Locations**: found by ID, else by name; new ones are added (ID from the file, else the next free ``L01``…),
  with address and nearest hospital to fill in.
- **Elements**: the rows of the file's scenes are replaced by the file's; rows of other scenes stay.
- **CastEvents**: the file's events are added where the table does not already have them; none removed.
- **Schedule** (when the chosen stripboard has day breaks): replaced by the board, Notes and extra columns of a
  strip carried over when the same scene (and part) is still scheduled. **Days**: each shoot day of the board gets
  its date from the calendar (calls, wraps, weather and notes stay), and a location when it has none; days beyond
  the board stay (and are reported).
- **Settings**: title, company, episode and 1st AD (the file's author) when blank; the script and schedule
  revisions and their dates.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

import pandas as pd

from ...model.elements import parse_category
from ...model.findings import Severity
from ...model.production import ROW, Production
from ...model.tableupdate import SettingValues, TableRows, comparable
from .read import BACKGROUND_JOIN, Note, Schedule

# Tables the import reads and may write.
IMPORT_TABLES = ("Scenes", "Days", "Schedule", "Cast", "CastEvents", "Locations", "Elements")


@dataclass
class ImportPlan:
    tables: dict[str, list[dict[str, Any]]]  # table -> its complete new rows
    settings: dict[str, Any]
    notes: list[Note] = field(default_factory=list)
    counts: dict[str, int] = field(default_factory=dict)

    unchanged: tuple[str, ...] = ()  # tables whose rows the file leaves exactly as they are: not rewritten

    def updates(self) -> list[TableRows | SettingValues]:
        out: list[TableRows | SettingValues] = [TableRows(t, rows) for t, rows in self.tables.items()
                                                if t not in self.unchanged]  # fmt: skip
        if self.settings:
            out.append(SettingValues(self.settings))
        return out

    @property
    def summary(self) -> str:
        c = self.counts
        bits = [f"{c.get('scenes', 0)} scenes ({c.get('scenes_new', 0)} new)"]
        if "strips" in c:
            bits.append(f"{c['strips']} strips on {c.get('days', 0)} shoot days")
        bits.append(f"{c.get('cast', 0)} cast ({c.get('cast_new', 0)} new)")
        bits.append(f"{c.get('elements', 0)} elements")
        if c.get("locations_new"):
            bits.append(f"{c['locations_new']} new locations")
        if c.get("events_new"):
            bits.append(f"{c['events_new']} cast events")
        return ", ".join(bits)


def _text(v: Any) -> str:
    return "" if v is None or v is pd.NA or v is pd.NaT or (isinstance(v, float) and v != v) else str(v).strip()


def _rows(p: Production | None, table: str) -> list[dict[str, Any]]:
    """A table's rows as read (extra columns by header), ``_row`` dropped, as Python values (dates as dates, times
    as timedeltas, blanks None). Column by column: pandas' own conversion of a season's dates and times cell by
    cell was a third of an import."""
    if p is None or table not in p.tables:
        return []
    df = p.df(table)
    names = [c for c in df.columns if c != ROW]
    columns = []
    for c in names:
        s = df[c]
        blank = s.isna().to_numpy(dtype=bool)
        kind = s.dtype.kind if not isinstance(s.dtype, pd.api.extensions.ExtensionDtype) else ""
        if kind == "M":
            values = list(s.dt.date.to_numpy(dtype=object))
        elif kind == "m":  # numpy turns timedelta64 of seconds (or finer, to µs) into datetime.timedelta
            values = s.to_numpy().astype("timedelta64[us]").astype(object).tolist()
        else:
            values = s.to_numpy(dtype=object).tolist()
        columns.append([None if b else v for v, b in zip(values, blank.tolist(), strict=True)]
                       if blank.any() else values)
    return [dict(zip(names, vals, strict=True)) for vals in zip(*columns, strict=True)] if names else []


def _next_id(taken: set[str], prefix: str = "", width: int = 0) -> str:
    """The next free ID: numbers after the largest numeric one (cast 1, 2, 3…), or ``L01``-style with a prefix."""
    nums = [int(m[1]) for t in taken if (m := re.fullmatch(re.escape(prefix.casefold()) + r"(\d+)", t))]
    n = max(nums, default=0) + 1
    while f"{prefix}{n:0{width}d}".casefold() in taken:
        n += 1
    return f"{prefix}{n:0{width}d}"


def plan_import(s: Schedule, p: Production | None) -> ImportPlan:
    """What importing ``s`` writes into ``p``'s tables (``p`` None: a new workbook)."""
    notes: list[Note] = []
    counts: dict[str, int] = {}
    before = {t: _rows(p, t) for t in IMPORT_TABLES}

    def rows_of(table: str) -> list[dict[str, Any]]:
        return [dict(r) for r in before[table]]  # the working copy; ``before`` stays what the workbook holds

    # Cast: resolve the file's cast members against the Cast table.
    cast_rows = rows_of("Cast")
    by_id = {_text(r.get("cast_id")).casefold(): r for r in cast_rows if _text(r.get("cast_id"))}
    by_name = {_text(r.get("character")).casefold(): r for r in cast_rows if _text(r.get("character"))}
    taken = set(by_id)
    cast_of: dict[str, str] = {}  # element ID -> cast ID
    new_cast = 0
    for eid, ref in s.cast.items():
        row = (by_id.get(ref.board_id.casefold()) if ref.board_id else None) or (
            by_name.get(ref.character.casefold()) if ref.character else None)
        if row is None:
            cid = ref.board_id if ref.board_id and ref.board_id.casefold() not in taken else _next_id(taken)
            row = {"cast_id": cid, "character": ref.character, "drop_allowed": bool(ref.drop)}
            cast_rows.append(row)
            taken.add(cid.casefold())
            by_id[cid.casefold()] = row
            new_cast += 1
        else:
            row["character"] = ref.character or row.get("character")
            if ref.drop is not None:
                row["drop_allowed"] = ref.drop
        cast_of[eid] = _text(row["cast_id"])
    if new_cast:
        notes.append(Note(Severity.WARNING, "Cast", f"{new_cast} new cast member(s) added without a performer.",
                          "Fill in Performer (and contacts) for them in the Cast table."))
    counts["cast"], counts["cast_new"] = len(s.cast), new_cast

    # Locations.
    loc_rows = rows_of("Locations")
    loc_by_id = {_text(r.get("location_id")).casefold(): r for r in loc_rows if _text(r.get("location_id"))}
    loc_by_name = {_text(r.get("name")).casefold(): r for r in loc_rows if _text(r.get("name"))}
    loc_taken = set(loc_by_id)
    loc_of: dict[str, str] = {}
    new_locs = []
    for eid, ref in s.locations.items():
        row = (loc_by_id.get(ref.board_id.casefold()) if ref.board_id else None) or loc_by_name.get(
            ref.name.casefold()) or loc_by_id.get(ref.name.casefold())
        if row is None:
            lid = ref.board_id if ref.board_id and ref.board_id.casefold() not in loc_taken else _next_id(
                loc_taken, "L", 2)
            row = {"location_id": lid, "name": ref.name}
            loc_rows.append(row)
            loc_taken.add(lid.casefold())
            loc_by_id[lid.casefold()] = row
            new_locs.append(lid)
        loc_of[eid] = _text(row["location_id"])
    if new_locs:
        notes.append(Note(Severity.WARNING, "Locations", f"{len(new_locs)} new location(s) added: "
                          f"{', '.join(new_locs[:8])}{' …' if len(new_locs) > 8 else ''}.",
                          "Fill in their address, coordinates and nearest hospital in the Locations table."))
    counts["locations_new"] = len(new_locs)

    # Scenes.
    scene_rows = rows_of("Scenes")
    by_scene = {_text(r.get("scene")).casefold(): r for r in scene_rows if _text(r.get("scene"))}
    new_scenes = 0
    in_file: set[str] = set()
    for sc in s.scenes:
        k = sc.scene.casefold()
        in_file.add(k)
        row = by_scene.get(k)
        if row is None:
            row = {"scene": sc.scene}
            scene_rows.append(row)
            by_scene[k] = row
            new_scenes += 1
        row.update({"int_ext": sc.int_ext, "set": sc.set, "day_night": sc.day_night, "pages": sc.pages,
                    "synopsis": sc.synopsis, "cast": tuple(dict.fromkeys(cast_of[e] for e in sc.cast)),
                    "background": BACKGROUND_JOIN.join(sc.background) or None,
                    "location": loc_of.get(sc.location) if sc.location else None,
                    "script_day": sc.script_day})  # fmt: skip
        for attr in ("est_time", "script_page", "notes"):
            if getattr(sc, attr) is not None:
                row[attr] = getattr(sc, attr)
    kept = [r["scene"] for r in scene_rows if _text(r.get("scene")).casefold() not in in_file]
    if kept and p is not None:
        notes.append(Note(Severity.WARNING, "Scenes", f"{len(kept)} scene(s) of the workbook are not in the file "
                          f"({', '.join(map(str, kept[:8]))}{' …' if len(kept) > 8 else ''}): kept"
                          + (", and no longer scheduled." if s.strips is not None else "."),
                          "Delete them from Scenes if they were cut from the script."))  # fmt: skip
    counts["scenes"], counts["scenes_new"] = len(s.scenes), new_scenes

    # Elements: the file's scenes' rows replaced; an element still there keeps its Notes and extra columns.
    element_rows, extras = [], {}
    for r in rows_of("Elements"):
        if _text(r.get("scene")).casefold() not in in_file:
            element_rows.append(r)
        else:
            extras.setdefault(_element_key(r.get("scene"), r.get("category"), r.get("element")),
                              {k: v for k, v in r.items() if k not in ("scene", "category", "element")})
    file_elements = [{**extras.get(_element_key(sc.scene, cat.label, name), {}), "scene": sc.scene,
                      "category": cat.label, "element": name} for sc in s.scenes for cat, name in sc.elements]
    element_rows += file_elements
    counts["elements"] = len(file_elements)

    # Cast events: the file's added where missing.
    event_rows = rows_of("CastEvents")
    have = {(_text(r.get("cast_id")).casefold(), r.get("date"), _text(r.get("event"))) for r in event_rows}
    added = 0
    for eid, when, event, note in s.events:
        cid = cast_of.get(eid)
        if cid is None or (cid.casefold(), when, event) in have:
            continue
        event_rows.append({"cast_id": cid, "date": when, "event": event, "notes": note or None})
        have.add((cid.casefold(), when, event))
        added += 1
    counts["events_new"] = added

    tables: dict[str, list[dict[str, Any]]] = {"Scenes": scene_rows, "Cast": cast_rows, "Locations": loc_rows,
                                               "Elements": element_rows}  # fmt: skip
    if added or p is None:
        tables["CastEvents"] = event_rows

    if s.strips is not None:
        tables["Schedule"] = _schedule(s, rows_of("Schedule"))
        tables["Days"] = _days(s, rows_of("Days"), loc_of, notes)
        counts["strips"], counts["days"] = len(s.strips), s.days

    settings = dict(s.settings)
    unchanged: list[str] = []
    if p is not None:
        for k in ("title", "company", "episode", "first_ad"):
            if k in settings and _text(p.settings.get(k)):
                del settings[k]
        settings = {k: v for k, v in settings.items() if comparable(v) != comparable(p.settings.get(k))}
        # A table the file leaves as it is is not rewritten: its cells, styles and formulas stay byte for byte.
        unchanged = [t for t, rows in tables.items() if _same(rows, before[t])]
    return ImportPlan(tables, settings, notes, counts, tuple(unchanged))


def _same(new: Sequence[Mapping[str, Any]], old: Sequence[Mapping[str, Any]]) -> bool:
    """Whether two versions of a table's rows read the same, value by value, in order (as table updates compare)."""
    if len(new) != len(old):
        return False
    for a, b in zip(new, old, strict=True):
        if a == b:
            continue
        for k in a.keys() | b.keys():
            va, vb = a.get(k), b.get(k)
            if isinstance(va, tuple | list) or isinstance(vb, tuple | list):
                if tuple(va or ()) != tuple(vb or ()):
                    return False
            elif comparable(_plain(va)) != comparable(_plain(vb)):
                return False
    return True


def _plain(v: Any) -> Any:
    if isinstance(v, dt.datetime):
        return v.isoformat()
    if isinstance(v, dt.date | dt.timedelta):
        return str(v)
    return v


def _element_key(scene: Any, category: Any, element: Any) -> tuple[str, Any, str]:
    c = parse_category(_text(category))
    return _text(scene).casefold(), c.ucid if c.ucid is not None else c.name.casefold(), _text(element).casefold()


def _schedule(s: Schedule, old: Sequence[Mapping[str, Any]]) -> list[dict[str, Any]]:
    """The board's strips, each carrying the Notes and extra columns of the old strip of the same scene and part."""
    keep: dict[tuple[str, str], dict[str, Any]] = {}
    for r in old:
        extras = {k: v for k, v in r.items() if k not in ("day", "order", "scene", "part", "banner")}
        keep.setdefault((_text(r.get("scene")).casefold(), _text(r.get("part"))), extras)
        keep.setdefault((_text(r.get("scene")).casefold(), ""), extras)
    out: list[dict[str, Any]] = []
    order: dict[int, int] = {}
    assert s.strips is not None
    for st in s.strips:
        order[st.day] = order.get(st.day, 0) + 1
        extras = dict(keep.get((st.scene.casefold(), st.part or ""), keep.get((st.scene.casefold(), ""), {})))
        row = {**extras, "day": st.day, "order": order[st.day], "scene": st.scene, "part": st.part,
               "banner": st.banner}  # fmt: skip
        if st.notes:
            row["notes"] = st.notes if not _text(extras.get("notes")) else f"{extras['notes']}; {st.notes}"
        out.append(row)
    return out


def _days(s: Schedule, old: list[dict[str, Any]], loc_of: Mapping[str, str], notes: list[Note]) -> list[dict[str, Any]]:
    by_day: dict[int, dict[str, Any]] = {}
    for r in old:
        if r.get("day") is not None:
            by_day.setdefault(int(r["day"]), r)
    out = list(old)
    for i in range(s.days):
        n = i + 1
        when: dt.date | None = s.dates[i] if i < len(s.dates) else None
        loc_el = s.day_locations[i] if i < len(s.day_locations) else None
        loc = loc_of.get(loc_el) if loc_el else None
        row = by_day.get(n)
        if row is None:
            row = {"day": n, "date": when, "unit": "Main", "location": loc}
            out.append(row)
            by_day[n] = row
            continue
        if when is not None:
            row["date"] = when
        if not _text(row.get("location")) and loc:
            row["location"] = loc
    beyond = sorted(d for d in by_day if d > s.days)
    if beyond:
        notes.append(Note(Severity.WARNING, "Days", f"Day(s) {', '.join(map(str, beyond[:10]))} of the Days table are "
                          f"beyond the imported board's {s.days} days: kept, with no scene scheduled.",
                          "Delete those Days rows if the shoot is shorter now."))  # fmt: skip
    new = [r for r in out if r.get("crew_call") is None and r.get("day") is not None and int(r["day"]) <= s.days]
    if new:
        notes.append(Note(Severity.WARNING, "Days", f"{len(new)} shoot day(s) have no crew call yet.",
                          "Enter each day's Crew Call (and shooting call, lunch, wrap) in the Days table."))
    return sorted(out, key=lambda r: (r.get("day") is None, r.get("day") or 0))

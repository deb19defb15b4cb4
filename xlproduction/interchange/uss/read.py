"""Reading a Universal Schedule Standard file as schedulers really write it, into the workbook's terms.

The import is lenient where files are known to differ from the standard and strict where a mistake would give a
wrong schedule:

- **Accepted, with a note**: the stale key names of the standard's own full sample (``type: "strip"``,
  ``breakdownArrays``, ``doodDayCount``, holidays as ``event`` named ``holiday``, ``doodTravel``); the 0.1 draft the
  standard grew from (``version`` instead of ``ussVersion``, ``catId``, categories listing their elements,
  ``time`` for the duration, ``"day"`` strips closing each day, calendar events with ``effect``); "Set" or another
  standard category under a custom UCID (matched by its name); custom categories (kept as Elements rows under their
  name and number); banners (→ Banner After of the strip before); a boneyard (→ scenes not scheduled); several
  stripboards (``stripboard`` picks one by name; by default the first with day breaks; all are listed); pages as
  text or off the eighth grid (read to the nearest eighth).
- **Refused (nothing is written)**: text that is not JSON; JSON that is not a USS schedule; another major USS
  version; missing ``breakdowns``, ``categories`` or ``elements``; objects without IDs or with IDs used twice; a
  breakdown naming an element that does not exist, or the chosen board naming a breakdown that does not exist
  (dangling IDs). Each with the JSON path and what to do.

Everything that cannot be mapped (a calendar event with no performer, a ``photo`` event, a banner opening a day,
unknown keys) is listed as a note, never silently dropped. The result refers to cast members and locations by
their USS elements; ``merge.py`` resolves them against the workbook's own Cast and Locations.
"""

from __future__ import annotations

import datetime as dt
import functools
import json
import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any

from ...model.contract import DAY_NIGHT, DAY_NIGHT_ALIASES, INT_EXT, INT_EXT_ALIASES, normalise_header
from ...model.elements import (
    BACKGROUND,
    CAST,
    LOCATION,
    SCRIPT_DAY,
    SET,
    STANDARD,
    Category,
    is_reserved,
    standard_ucid,
)
from ...model.elements import (
    DAY_NIGHT as DN_UCID,
)
from ...model.elements import (
    INT_EXT as IE_UCID,
)
from ...model.findings import Severity
from .ids import parse_date, uss_weekday
from .validate import ROOT, first_error

MAX_BYTES = 64 * 2**20  # a season's USS file is a few MB; anything far bigger is not a schedule
EVENT_TYPES = {"fitting": "Fitting", "rehearsal": "Rehearsal", "travel": "Travel", "doodtravel": "Travel",
               "holiday": "Holiday"}  # fmt: skip
BACKGROUND_JOIN = "; "
KNOWN_ROOT = {"id", "author", "company", "created", "episode", "episodeName", "description", "name", "project",
              "schedColor", "schedDate", "scriptColor", "scriptDate", "season", "source", "ussVersion", "version",
              "breakdowns", "categories", "elements", "stripboards", "calendars"}  # fmt: skip


@dataclass(frozen=True, slots=True)
class Note:
    """Something the import says: an error (nothing is written), a warning (written, but look), or info."""

    severity: Severity
    path: str  # JSON path in the file ("$.universalScheduleStandard.breakdowns[3].pages"), or the file itself
    message: str
    hint: str = ""


@dataclass(frozen=True, slots=True)
class CastRef:
    """A cast member as the file has them: board ID (cast number) and character."""

    board_id: str | None
    character: str
    drop: bool | None = None


@dataclass(frozen=True, slots=True)
class LocationRef:
    board_id: str | None
    name: str


@dataclass(frozen=True, slots=True)
class StripboardInfo:
    name: str
    days: int  # day breaks on its main board (0: none)
    scenes: int  # scene strips on its main board
    boards: tuple[str, ...]


@dataclass
class Scene:
    scene: str
    int_ext: str | None = None
    set: str | None = None
    day_night: str | None = None
    pages: int | None = None  # eighths
    synopsis: str | None = None
    cast: list[str] = field(default_factory=list)  # element IDs of cast members
    background: list[str] = field(default_factory=list)
    location: str | None = None  # element ID of the location
    script_day: str | None = None
    est_time: dt.timedelta | None = None
    script_page: str | None = None
    notes: str | None = None
    elements: list[tuple[Category, str]] = field(default_factory=list)  # (category, element) for the Elements table
    path: str = ""


@dataclass
class Strip:
    day: int
    scene: str  # scene number
    banner: str | None = None
    notes: str | None = None
    part: str | None = None


@dataclass
class Schedule:
    """What a USS file says, in the workbook's terms (cast and locations still as the file's elements)."""

    notes: list[Note] = field(default_factory=list)
    settings: dict[str, Any] = field(default_factory=dict)
    scenes: list[Scene] = field(default_factory=list)  # in the file's breakdown order, one per scene number
    cast: dict[str, CastRef] = field(default_factory=dict)  # element ID -> cast member, in file order
    locations: dict[str, LocationRef] = field(default_factory=dict)  # element ID -> location
    events: list[tuple[str, dt.date, str, str]] = field(default_factory=list)  # (cast element ID, date, Event, note)
    strips: list[Strip] | None = None  # None: no board with day breaks (the Schedule is left as it is)
    dates: list[dt.date | None] = field(default_factory=list)  # per shoot day (1 first)
    day_locations: list[str | None] = field(default_factory=list)  # element ID of each day's first location
    stripboards: list[StripboardInfo] = field(default_factory=list)
    chosen: str | None = None

    @property
    def errors(self) -> list[Note]:
        return [n for n in self.notes if n.severity is Severity.ERROR]

    @property
    def trusted(self) -> bool:
        return not self.errors

    @property
    def days(self) -> int:
        return len(self.dates)


class _Reader:
    def __init__(self) -> None:
        self.s = Schedule()
        self._said: set[tuple[str, str]] = set()

    def note(self, severity: Severity, path: str, message: str, hint: str = "") -> None:
        self.s.notes.append(Note(severity, path, message, hint))

    def error(self, path: str, message: str, hint: str) -> None:
        self.note(Severity.ERROR, path, message, hint)

    def once(self, what: str, path: str, message: str, severity: Severity = Severity.INFO) -> None:
        """A note said once per kind (a stale key in 170 breakdowns is one note, with the first path)."""
        if (what, severity) in self._said:  # type: ignore[comparison-overlap]
            return
        self._said.add((what, severity))  # type: ignore[arg-type]
        self.note(severity, path, message)


def _text(v: Any) -> str:
    if v is None or isinstance(v, bool):
        return ""
    if isinstance(v, float) and v.is_integer():
        v = int(v)
    return " ".join(str(v).split())


@functools.cache
def _lookup(allowed: tuple[str, ...], aliases: tuple[tuple[str, str], ...]) -> dict[str, str]:
    out = {normalise_header(a): t for a, t in aliases}
    out.update({normalise_header(a): a for a in allowed})
    return out


@functools.cache
def _enum(value: str, allowed: tuple[str, ...], aliases: tuple[tuple[str, str], ...]) -> str | None:
    return _lookup(allowed, aliases).get(normalise_header(value))


_FRACTION = re.compile(r"^\s*(?:(\d+)\s+)?(\d+)\s*/\s*8\s*$")


def _pages(r: _Reader, v: Any, path: str) -> int | None:
    """Pages as eighths: 1.375 -> 11. Text ('1 3/8') and values off the eighth grid are read with a note."""
    if v is None:
        return None
    if isinstance(v, bool):
        r.note(Severity.WARNING, path, f"pages is {v!r}, not a number: left blank.", "Give the page count in "
               "eighths as a decimal (1 3/8 = 1.375).")  # fmt: skip
        return None
    if isinstance(v, str):
        m = _FRACTION.match(v)
        try:
            eighths = (int(m[1] or 0) * 8 + int(m[2])) if m else round(float(v) * 8)
        except ValueError:
            r.note(Severity.WARNING, path, f"pages is the text {v!r}: left blank.",
                   "Give the page count in eighths as a decimal number (1 3/8 = 1.375).")
            return None
        r.once("pages-text", path, f"pages written as text ({v!r}) instead of a number: read as {eighths}/8.",
               Severity.WARNING)  # fmt: skip
        return eighths
    if not isinstance(v, int | float) or v != v or v < 0:
        r.note(Severity.WARNING, path, f"pages is {v!r}: left blank.", "Pages must be a number of 0 or more.")
        return None
    eighths = round(float(v) * 8)
    if abs(float(v) * 8 - eighths) > 1e-6:
        r.note(Severity.WARNING, path, f"pages {v} is not a whole number of eighths: read as {eighths}/8.")
    return eighths


def _duration(r: _Reader, v: Any, path: str) -> dt.timedelta | None:
    if v is None or isinstance(v, bool):
        return None
    try:
        ms = float(v)
    except (TypeError, ValueError):
        r.note(Severity.WARNING, path, f"duration {v!r} is not a number of milliseconds: left blank.")
        return None
    if isinstance(v, str):
        r.once("duration-text", path, "duration written as text: read as milliseconds.", Severity.WARNING)
    if ms != ms or ms < 0:
        r.note(Severity.WARNING, path, f"duration {v!r} is negative: left blank.")
        return None
    if ms == 0:
        return None  # schedulers write 0 for "not estimated"
    return dt.timedelta(seconds=round(ms / 1000))


def _version(r: _Reader, u: Mapping[str, Any], here: str) -> bool:
    """Whether the file is the 0.1 draft; an unreadable version is an error."""
    v = u.get("ussVersion")
    if v is None and isinstance(u.get("version"), str):
        draft = u["version"]
        if draft.split(".")[0] == "0":
            r.note(Severity.WARNING, f"{here}.version", f"version {draft!r}: the 0.1 draft of the standard (before "
                   "1.0.0 named it ussVersion). Read with the draft's key names.",
                   "Export the schedule again as USS 1.0.0 if your scheduler can.")  # fmt: skip
            return True
        v = draft
    if v is None:
        r.note(Severity.WARNING, f"{here}.ussVersion", "The file does not say its USS version: read as 1.0.0.")
        return False
    m = re.match(r"^\s*v?(\d+)(?:\.(\d+))?", str(v))
    if m is None:
        r.error(f"{here}.ussVersion", f"ussVersion {v!r} is not a version number.",
                "Export the schedule again as Universal Schedule Standard 1.0.0.")
        return False
    major, minor = int(m[1]), int(m[2] or 0)
    if major == 0:
        r.note(Severity.WARNING, f"{here}.ussVersion", f"USS {v}: a draft before 1.0.0, read with 1.0.0's rules.")
        return True
    if major != 1:
        r.error(f"{here}.ussVersion", f"This is USS version {v}; xlproduction reads version 1 (1.0.0) only.",
                "Export the schedule from your scheduler as Universal Schedule Standard 1.0.0, or update "
                "xlproduction.")
    elif minor > 0:
        r.note(Severity.WARNING, f"{here}.ussVersion", f"USS {v} is newer than 1.0.0: read with 1.0.0's rules; keys "
               "1.0.0 does not have are listed below, not imported.")  # fmt: skip
    return False


def parse(data: bytes | str) -> tuple[Any, list[Note]]:
    """The JSON value of ``data``, or None with the error that says why it is not JSON."""
    if isinstance(data, bytes):
        if len(data) > MAX_BYTES:
            return None, [Note(Severity.ERROR, "$", f"The file is {len(data) / 2**20:.0f} MB; a schedule is a few MB.",
                               "Check that this is the schedule exported from your scheduler.")]  # fmt: skip
        try:
            text = data.decode("utf-8-sig")
        except UnicodeDecodeError as e:
            return None, [Note(Severity.ERROR, "$", f"The file is not UTF-8 text (byte {e.start}): not a USS file.",
                               "Export the schedule again as a .uss (JSON) file.")]  # fmt: skip
    else:
        text = data
    try:
        return json.loads(text), []
    except json.JSONDecodeError as e:
        return None, [Note(Severity.ERROR, f"line {e.lineno}, column {e.colno}",
                           f"The file is not valid JSON: {e.msg}.",
                           "A USS file is JSON: export it again from your scheduler, or fix the file at that line.")]
    except RecursionError:
        return None, [Note(Severity.ERROR, "$", "The JSON is nested too deeply to be a schedule.",
                           "Export the schedule again as a .uss file.")]  # fmt: skip


def read_uss(data: bytes | str, stripboard: str | None = None) -> Schedule:
    """Read a USS file (its bytes or text). ``stripboard``: the scenario to import, by name (default: the first
    with day breaks). Check ``Schedule.trusted`` before writing anything."""
    doc, problems = parse(data)
    r = _Reader()
    r.s.notes.extend(problems)
    if problems:
        return r.s
    if not isinstance(doc, dict):
        r.error("$", f"The file holds a JSON {type(doc).__name__}, not a USS schedule object.",
                "Choose the .uss file your scheduler exported.")
        return r.s
    u = doc.get(ROOT)
    here = f"$.{ROOT}"
    if u is None:
        if "breakdowns" in doc:
            u, here = doc, "$"
            r.note(Severity.WARNING, "$", f"The schedule is not wrapped in {ROOT!r}: read as is.")
        else:
            r.error("$", f"The file has no {ROOT!r} object: it is JSON, but not a USS schedule.",
                    "Choose the .uss file your scheduler exported (File → Export → Universal Schedule Standard).")
            return r.s
    if not isinstance(u, dict):
        r.error(here, f"{ROOT} is a {type(u).__name__}, not an object.", "Export the schedule again.")
        return r.s
    draft = _version(r, u, here)
    if not draft:
        problem = first_error(doc)
        if problem is not None:
            r.note(Severity.INFO, problem.path, f"The file is not valid USS 1.0.0 against the standard's schema "
                   f"({problem.message}): read leniently.", "Tell the scheduler that wrote it; xlproduction reads "
                   "what it can and lists the rest here.")  # fmt: skip
    extra = sorted(k for k in u if k not in KNOWN_ROOT)
    if extra:
        r.note(Severity.INFO, here, f"Keys not imported: {', '.join(extra)}.")
    for k in ("breakdowns", "categories", "elements"):
        v = u.get(k)
        if k == "categories" and v is None and draft:
            continue
        if not isinstance(v, list):
            what = "missing" if v is None else f"a {type(v).__name__}, not a list"
            r.error(f"{here}.{k}", f"{k} is {what}.", f"A USS file lists its {k}: export the schedule again.")
    if r.s.errors:
        return r.s
    _settings(r, u)
    categories = _categories(r, u, here)
    elements = _elements(r, u, here, categories)
    breakdowns = _breakdowns(r, u, here, elements)
    if r.s.errors:
        return r.s
    _stripboards(r, u, here, breakdowns, elements, stripboard)
    return r.s


def _settings(r: _Reader, u: Mapping[str, Any]) -> None:
    s = r.s.settings
    for key, to in (("project", "title"), ("company", "company"), ("episode", "episode"), ("author", "first_ad"),
                    ("schedColor", "schedule_revision"), ("scriptColor", "script_revision")):  # fmt: skip
        v = _text(u.get(key))
        if v:
            s[to] = v
    for key, to in (("schedDate", "schedule_revision_date"), ("scriptDate", "script_revision_date")):
        d = parse_date(u.get(key))
        if d is not None:
            s[to] = d


def _categories(r: _Reader, u: Mapping[str, Any], here: str) -> dict[str, Category]:
    """Category ID -> what it is. Standard UCIDs as themselves; a custom UCID whose *name* is a standard category
    the file lacks ("Set" under 50) as that category."""
    cats = u.get("categories") or []
    raw: list[tuple[str, int | None, str, str]] = []
    seen: set[str] = set()
    for i, c in enumerate(cats):
        path = f"{here}.categories[{i}]"
        if not isinstance(c, dict) or not isinstance(c.get("id"), str | int):
            r.error(path, "A category without an ID.", "Export the schedule again: every category has an ID.")
            continue
        cid = str(c["id"])
        if cid in seen:
            r.error(f"{path}.id", f"Category ID {cid} is used twice.", "Export the schedule again.")
            continue
        seen.add(cid)
        ucid = c.get("ucid", c.get("catId"))
        if "ucid" not in c and "catId" in c:
            r.once("catId", f"{path}.catId", "Categories use the draft's catId: read as ucid.")
        if isinstance(ucid, float) and ucid.is_integer():
            ucid = int(ucid)
        if not isinstance(ucid, int) or isinstance(ucid, bool):
            r.note(Severity.WARNING, f"{path}.ucid", f"Category {_text(c.get('name'))!r} has no UCID number: "
                   "matched by its name.")  # fmt: skip
            ucid = None
        raw.append((cid, ucid, _text(c.get("name")), path))
        for e_id in c.get("elements") or () if isinstance(c.get("elements"), list) else ():
            r.s.settings.setdefault("_draft_members", {}).setdefault(str(e_id), cid)
    present = {u_ for _, u_, _, _ in raw if u_ is not None and u_ in STANDARD}
    out: dict[str, Category] = {}
    for cid, ucid, name, path in raw:
        if ucid is not None and ucid in STANDARD:
            out[cid] = Category(ucid, STANDARD[ucid])
            continue
        meant = standard_ucid(name)
        if meant is not None and meant not in present:
            r.note(Severity.INFO, path, f"Category {name!r} has UCID {ucid}: read as the standard {STANDARD[meant]} "
                   f"(UCID {meant}) by its name.")  # fmt: skip
            out[cid] = Category(meant, STANDARD[meant])
            present.add(meant)
            continue
        if ucid is not None and is_reserved(ucid):
            r.note(Severity.WARNING, f"{path}.ucid", f"Category {name!r} has UCID {ucid}, which the standard "
                   "reserves: kept as a custom category.")  # fmt: skip
        out[cid] = Category(ucid, name or f"Category {ucid}")
    return out


@dataclass
class _Element:
    category: Category
    name: str
    board_id: str | None
    drop: bool | None
    events: list[Any]
    path: str


def _elements(r: _Reader, u: Mapping[str, Any], here: str, cats: Mapping[str, Category]) -> dict[str, _Element]:
    members: dict[str, str] = r.s.settings.pop("_draft_members", {})
    out: dict[str, _Element] = {}
    for i, e in enumerate(u.get("elements") or []):
        path = f"{here}.elements[{i}]"
        if not isinstance(e, dict) or not isinstance(e.get("id"), str | int):
            r.error(path, "An element without an ID.", "Export the schedule again: every element has an ID.")
            continue
        eid = str(e["id"])
        if eid in out:
            r.error(f"{path}.id", f"Element ID {eid} is used twice.", "Export the schedule again.")
            continue
        for old, new in (("doodDayCount", "dropDayCount"), ("doodDropDays", "dropDayCount"),
                         ("doodDropAllow", "isDrop"), ("doodHoldAllow", "isHold"), ("doodInclude", "isDood"),
                         ("elementIdLock", "isIdLock")):  # fmt: skip
            if old in e and new not in e:
                r.once(old, f"{path}.{old}", f"Elements use the stale key {old!r}: read as {new!r}.")
        cat_id = e.get("category", members.get(eid))
        cat = cats.get(str(cat_id)) if cat_id is not None else None
        name = _text(e.get("name"))
        if cat is None:
            r.note(Severity.WARNING, f"{path}.category", f"Element {name or eid!r} is in no category the file defines: "
                   "ignored, as the standard says.", "Put the element in a category in your scheduler.")  # fmt: skip
            continue
        drop = e.get("isDrop", e.get("doodDropAllow"))
        board = _text(e.get("elementId")) or None
        events = e.get("events") if isinstance(e.get("events"), list) else []
        out[eid] = _Element(cat, name, board, drop if isinstance(drop, bool) else None, events, path)
    # Cast members and locations, in file order, for merge.py to resolve.
    boards: dict[str, str] = {}
    for eid, el in out.items():
        if el.category.ucid == CAST:
            bid = el.board_id
            if bid is not None and bid.casefold() in boards:
                r.note(Severity.WARNING, f"{el.path}.elementId", f"Cast ID {bid} is given to both "
                       f"{boards[bid.casefold()]!r} and {el.name!r}: {el.name!r} gets a new cast ID.")  # fmt: skip
                bid = None
            if bid is not None:
                boards[bid.casefold()] = el.name
            r.s.cast[eid] = CastRef(bid, el.name or (bid or eid), el.drop)
            _cast_events(r, eid, el)
        elif el.category.ucid == LOCATION:
            r.s.locations[eid] = LocationRef(el.board_id, el.name or (el.board_id or eid))
        elif el.events:
            r.note(Severity.INFO, f"{el.path}.events", f"{len(el.events)} event(s) of {el.category.name} element "
                   f"{el.name!r} not imported: only cast members' events have a place (CastEvents).")  # fmt: skip
    return out


def _cast_events(r: _Reader, eid: str, el: _Element) -> None:
    for j, ev in enumerate(el.events):
        path = f"{el.path}.events[{j}]"
        if not isinstance(ev, dict):
            continue
        kind = _text(ev.get("type", ev.get("effect"))).casefold()
        name = _text(ev.get("name", ev.get("type") if "effect" in ev else None)).casefold()
        when = parse_date(ev.get("date"))
        event = EVENT_TYPES.get(name) or ("Holiday" if kind == "dayoff" else None)
        if when is None or event is None:
            r.note(Severity.INFO, path, f"Event {name or kind or '?'!r} of {el.name!r}"
                   f"{f' on {when:%d-%b-%Y}' if when else ''} not imported: CastEvents has Travel, Rehearsal, "
                   "Fitting and Holiday days.", "Add it to the CastEvents table by hand if it matters.")  # fmt: skip
            continue
        r.s.events.append((eid, when, event, ""))


def _breakdowns(r: _Reader, u: Mapping[str, Any], here: str, elements: Mapping[str, _Element]) -> dict[str, Any]:
    """Breakdown ID -> ("scene", scene number) | ("banner", text) | ("day", None); scenes merged by number."""
    out: dict[str, Any] = {}
    scenes: dict[str, Scene] = {}
    for i, b in enumerate(u.get("breakdowns") or []):
        path = f"{here}.breakdowns[{i}]"
        if not isinstance(b, dict) or not isinstance(b.get("id"), str | int):
            r.error(path, "A breakdown without an ID.", "Export the schedule again: every breakdown has an ID.")
            continue
        bid = str(b["id"])
        if bid in out:
            r.error(f"{path}.id", f"Breakdown ID {bid} is used twice.", "Export the schedule again.")
            continue
        kind = _text(b.get("type")).casefold()
        if kind == "strip":
            r.once("strip", f"{path}.type", 'Breakdowns of type "strip" (a stale name): read as "scene".')
            kind = "scene"
        if kind == "banner":
            text = _text(b.get("bannerText")) or _text(b.get("description"))
            out[bid] = ("banner", text)
            continue
        if kind == "day":
            out[bid] = ("day", _text(b.get("description")) or None)
            continue
        if kind != "scene":
            r.note(Severity.WARNING, f"{path}.type", f"Breakdown type {b.get('type')!r} is neither scene nor banner: "
                   "not imported.")  # fmt: skip
            out[bid] = ("skip", None)
            continue
        number = _text(b.get("scene"))
        ids = b.get("elements") if isinstance(b.get("elements"), list) else []
        if not isinstance(b.get("elements"), list):
            r.note(Severity.WARNING, f"{path}.elements", f"Scene {number or bid} lists no elements.")
        dangling = [str(x) for x in ids if str(x) not in elements]
        if dangling:
            r.error(f"{path}.elements", f"Scene {number or bid} names element ID(s) the file does not define: "
                    f"{', '.join(dangling[:5])}{' …' if len(dangling) > 5 else ''}.",
                    "The file is incomplete: export the schedule again, or remove those IDs from the scene.")
            continue
        if not number:
            r.note(Severity.WARNING, f"{path}.scene", "A scene without a scene number: not imported.",
                   "Number the scene in your scheduler and export again.")
            out[bid] = ("skip", None)
            continue
        if "time" in b and "duration" not in b:
            r.once("time", f"{path}.time", "Breakdowns give the draft's 'time': read as 'duration'.")
        sc = Scene(number, path=path, pages=_pages(r, b.get("pages"), f"{path}.pages"),
                   est_time=_duration(r, b.get("duration", b.get("time")), f"{path}.duration"),
                   synopsis=_text(b.get("description")) or None, notes=_text(b.get("comments")) or None,
                   script_page=_text(b.get("scriptPage")) or None)  # fmt: skip
        _classify(r, sc, [elements[str(x)] for x in ids], [str(x) for x in ids], path)
        k = number.casefold()
        if k in scenes:
            _merge_parts(r, scenes[k], sc)
        else:
            scenes[k] = sc
            r.s.scenes.append(sc)
        out[bid] = ("scene", scenes[k].scene)
    return out


def _classify(r: _Reader, sc: Scene, els: list[_Element], ids: list[str], path: str) -> None:
    one: dict[int, str] = {}
    for el, eid in zip(els, ids, strict=True):
        u = el.category.ucid
        if u == CAST:
            if eid not in sc.cast:
                sc.cast.append(eid)
        elif u == BACKGROUND:
            if el.name:
                sc.background.append(el.name)
        elif u in (SET, IE_UCID, DN_UCID, SCRIPT_DAY, LOCATION):
            if u in one:
                r.note(Severity.WARNING, f"{path}.elements", f"Scene {sc.scene} has two {STANDARD[u]} elements "
                       f"({one[u]!r}, {el.name!r}): the first is kept, the other listed in Elements.")  # fmt: skip
                sc.elements.append((el.category, el.name))
                continue
            one[u] = el.name
            if u == SET:
                sc.set = el.name or None
            elif u == IE_UCID:
                sc.int_ext = _mapped(r, el.name, INT_EXT, INT_EXT_ALIASES, "I/E", sc, path)
            elif u == DN_UCID:
                sc.day_night = _mapped(r, el.name, DAY_NIGHT, DAY_NIGHT_ALIASES, "D/N", sc, path)
            elif u == SCRIPT_DAY:
                sc.script_day = el.name or None
            else:
                sc.location = eid
        elif el.name:
            sc.elements.append((el.category, el.name))


def _mapped(r: _Reader, value: str, allowed: tuple[str, ...], aliases: tuple[tuple[str, str], ...], what: str,
            sc: Scene, path: str) -> str | None:  # fmt: skip
    if not value:
        return None
    hit = _enum(value, allowed, aliases)
    if hit is None:
        r.note(Severity.WARNING, f"{path}.elements", f"Scene {sc.scene}: {what} {value!r} is not one of "
               f"{', '.join(allowed)}; written as it is, and the check will point at it.",
               f"Change it in the Scenes table to one of {', '.join(allowed)}.")  # fmt: skip
        return value
    return hit


def _merge_parts(r: _Reader, first: Scene, more: Scene) -> None:
    """A second breakdown with the same scene number: another part of the scene (pages and time added up)."""
    if (first.set, first.int_ext, first.day_night) != (more.set, more.int_ext, more.day_night):
        r.note(Severity.WARNING, more.path, f"Two breakdowns are numbered {first.scene} with different sets or "
               "times of day: imported as parts of one scene.", "Renumber one of them in your scheduler (12A).")
    if more.pages is not None:
        first.pages = (first.pages or 0) + more.pages
    if more.est_time is not None:
        first.est_time = (first.est_time or dt.timedelta()) + more.est_time
    for eid in more.cast:
        if eid not in first.cast:
            first.cast.append(eid)
    first.background += [b for b in more.background if b not in first.background]
    first.elements += [e for e in more.elements if e not in first.elements]
    for attr in ("synopsis", "notes", "script_page", "location", "script_day", "set", "int_ext", "day_night"):
        if getattr(first, attr) is None:
            setattr(first, attr, getattr(more, attr))


def _days_of(ids: list[Any], kinds: Mapping[str, Any]) -> tuple[list[list[str]], bool]:
    """A board's breakdown IDs as days: sub-arrays, or a flat list cut by "day" strips (the draft's end-of-day
    markers). False when the board has no day breaks at all."""
    if any(isinstance(x, list) for x in ids):
        days: list[list[str]] = []
        for x in ids:
            days.append([str(y) for y in _flat(x)] if isinstance(x, list) else [str(x)])
        return days, True
    flat = [str(x) for x in ids]
    if any(kinds.get(x, ("",))[0] == "day" for x in flat):
        days, cur = [], []
        for x in flat:
            if kinds.get(x, ("",))[0] == "day":
                days.append(cur)
                cur = []
            else:
                cur.append(x)
        if cur:
            days.append(cur)
        return days, True
    return [flat], False


def _flat(x: Any) -> Iterable[Any]:
    for y in x:
        if isinstance(y, list):
            yield from _flat(y)
        else:
            yield y


def _stripboards(r: _Reader, u: Mapping[str, Any], here: str, kinds: Mapping[str, Any],
                 elements: Mapping[str, _Element], wanted: str | None) -> None:  # fmt: skip
    boards_raw = u.get("stripboards")
    if not isinstance(boards_raw, list) or not boards_raw:
        r.note(Severity.INFO, f"{here}.stripboards", "The file has no stripboard (a breakdown only): scenes imported, "
               "the Schedule and Days left as they are.")  # fmt: skip
        if wanted:
            r.error(f"{here}.stripboards", f"There is no stripboard {wanted!r}: the file has none.",
                    "Leave out --stripboard to import the breakdown alone.")
        return
    parsed = []
    for i, sb in enumerate(boards_raw):
        path = f"{here}.stripboards[{i}]"
        if not isinstance(sb, dict) or not isinstance(sb.get("boards"), list):
            r.note(Severity.WARNING, path, "A stripboard without boards: skipped.")
            continue
        name = _text(sb.get("name")) or f"Stripboard {i + 1}"
        boards = []
        for j, b in enumerate(sb["boards"]):
            if not isinstance(b, dict):
                continue
            ids = b.get("breakdownIds")
            if ids is None and isinstance(b.get("breakdownArrays"), list):
                ids = b["breakdownArrays"]
                r.once("breakdownArrays", f"{path}.boards[{j}].breakdownArrays",
                       "Boards use the stale key 'breakdownArrays': read as 'breakdownIds'.")
            boards.append((_text(b.get("name")) or f"board {j + 1}", ids if isinstance(ids, list) else [], j))
        main = next((b for b in boards if b[0].casefold() == "stripboard"), boards[0] if boards else None)
        days, breaks = _days_of(main[1], kinds) if main else ([], False)
        scenes_on = sum(1 for d in days for x in d if kinds.get(x, ("",))[0] == "scene")
        info = StripboardInfo(name, len(days) if breaks else 0, scenes_on, tuple(b[0] for b in boards))
        parsed.append((info, sb, main, days, breaks, boards, path))
    r.s.stripboards = [p[0] for p in parsed]
    if wanted is not None:
        hit = [p for p in parsed if p[0].name.casefold() == wanted.strip().casefold()]
        if not hit:
            names = ", ".join(repr(p[0].name) for p in parsed)
            r.error(f"{here}.stripboards", f"There is no stripboard {wanted!r}; the file has {names}.",
                    "Give one of those names to --stripboard (quotes around names with spaces).")
            return
        chosen = hit[0]
    else:
        with_breaks = [p for p in parsed if p[4]]
        if not with_breaks:
            r.note(Severity.WARNING, f"{here}.stripboards", "No stripboard has day breaks: scenes imported, the "
                   "Schedule and Days left as they are.", "Schedule the days in your scheduler, or choose a "
                   "stripboard with --stripboard.")  # fmt: skip
            return
        chosen = with_breaks[0]
    info, sb, main, days, breaks, boards, path = chosen
    r.s.chosen = info.name
    if len(parsed) > 1:
        r.note(Severity.INFO, path, f"Stripboard {info.name!r} imported ({info.days} days); the file has "
               f"{len(parsed)}: {', '.join(repr(p[0].name) for p in parsed)}.")  # fmt: skip
    # Every ID on the chosen stripboard must be a breakdown: a missing one means a missing scene on a day.
    for name, ids, j in boards:
        dangling = [str(x) for x in _flat(ids) if str(x) not in kinds]
        if dangling:
            r.error(f"{path}.boards[{j}].breakdownIds", f"Board {name!r} names breakdown ID(s) the file does not "
                    f"define: {', '.join(dangling[:5])}{' …' if len(dangling) > 5 else ''}.",
                    "The file is incomplete: export the schedule again.")  # fmt: skip
    if r.s.errors:
        return
    if not breaks:
        r.note(Severity.WARNING, path, f"Stripboard {info.name!r} has no day breaks: scenes imported, the Schedule and "
               "Days left as they are.")  # fmt: skip
        return
    _schedule(r, days, kinds, main[2], path)
    on_main = {str(x) for x in _flat(main[1])}
    for name, ids, j in boards:
        if j == main[2]:
            continue
        count = sum(1 for x in _flat(ids) if kinds.get(str(x), ("",))[0] == "scene" and str(x) not in on_main)
        if count and name.casefold() != "boneyard":
            r.note(Severity.WARNING, f"{path}.boards[{j}]", f"Board {name!r} ({count} scenes) is not the main "
                   "stripboard: its scenes are imported unscheduled.")  # fmt: skip
    _calendar(r, u, here, sb, path)


def _schedule(r: _Reader, days: list[list[str]], kinds: Mapping[str, Any], board: int, path: str) -> None:
    strips: list[Strip] = []
    r.s.day_locations = []
    loc_of = {sc.scene.casefold(): sc.location for sc in r.s.scenes}
    for d, ids in enumerate(days, start=1):
        first_loc = None
        pending: list[str] = []
        today: list[Strip] = []
        for x in ids:
            kind, value = kinds[x]
            if kind == "scene":
                strip = Strip(d, value)
                if pending:
                    strip.notes = "Banner before: " + " / ".join(pending)
                    r.note(Severity.WARNING, f"{path}.boards[{board}]", f"Banner {' / '.join(pending)!r} opens "
                           f"day {d}: the Schedule has banners after a scene only, so it is kept in the Notes of "
                           f"day {d}'s first strip (scene {value}).")  # fmt: skip
                    pending = []
                today.append(strip)
                first_loc = first_loc or loc_of.get(value.casefold())
            elif kind == "banner":
                if not value:
                    continue
                if today:
                    prev = today[-1]
                    prev.banner = f"{prev.banner} / {value}" if prev.banner else value
                else:
                    pending.append(value)
        if pending:
            r.note(Severity.WARNING, f"{path}.boards[{board}]", f"Day {d} holds only the banner "
                   f"{' / '.join(pending)!r} and no scene: the banner is not imported.")  # fmt: skip
        strips += today
        r.s.day_locations.append(first_loc)
    counts: dict[str, int] = {}
    for s in strips:
        counts[s.scene.casefold()] = counts.get(s.scene.casefold(), 0) + 1
    seen: dict[str, int] = {}
    for s in strips:
        n = counts[s.scene.casefold()]
        if n > 1:
            seen[s.scene.casefold()] = seen.get(s.scene.casefold(), 0) + 1
            s.part = f"{seen[s.scene.casefold()]}/{n}"
    r.s.strips = strips
    r.s.dates = [None] * len(days)


def _calendar(r: _Reader, u: Mapping[str, Any], here: str, sb: Mapping[str, Any], path: str) -> None:
    cals = [c for c in (u.get("calendars") or []) if isinstance(c, dict)] if isinstance(u.get("calendars"),
                                                                                        list) else []  # fmt: skip
    cal_id = sb.get("calendar")
    cal = next((c for c in cals if str(c.get("id")) == str(cal_id)), None) if cal_id is not None else None
    if cal is None:
        if not cals:
            r.note(Severity.WARNING, f"{path}.calendar", "The file has no calendar: the shoot days are imported "
                   "without dates (dates already in Days are kept).", "Enter the dates in the Days table.")  # fmt: skip
            return
        cal = cals[0]
        r.note(Severity.WARNING, f"{path}.calendar", f"The stripboard's calendar {cal_id!r} is not in the file: "
               f"using calendar {_text(cal.get('name'))!r}.")  # fmt: skip
    c_i = cals.index(cal)
    cpath = f"{here}.calendars[{c_i}]"
    start: dt.date | None = None
    off: set[dt.date] = set()
    for j, ev in enumerate(cal.get("events") or () if isinstance(cal.get("events"), list) else ()):
        if not isinstance(ev, dict):
            continue
        epath = f"{cpath}.events[{j}]"
        if "effect" in ev:
            r.once("effect", f"{epath}.effect", "Calendar events use the draft's 'effect' and 'type': read as 'type' "
                   "and 'name'.")  # fmt: skip
            kind, name = _text(ev.get("effect")).casefold(), _text(ev.get("type")).casefold()
        else:
            kind, name = _text(ev.get("type")).casefold(), _text(ev.get("name")).casefold()
        when = parse_date(ev.get("date"))
        if when is None:
            r.note(Severity.WARNING, f"{epath}.date", f"Calendar event {name or kind!r} has no readable date: "
                   "ignored.")  # fmt: skip
            continue
        if kind == "start":
            if start is not None and when != start:
                r.note(Severity.WARNING, epath, f"A second start date ({when:%d-%b-%Y}): the first "
                       f"({start:%d-%b-%Y}) is used.")  # fmt: skip
            start = start or when
        elif kind == "dayoff" or (kind == "event" and name == "holiday"):
            if kind == "event":
                r.once("holiday-event", epath, 'Holidays given as events named "holiday": read as days off.')
            off.add(when)
        else:
            r.note(Severity.INFO, epath, f"Calendar event {name or kind!r} on {when:%d-%b-%Y} not imported: it names "
                   "no performer (CastEvents holds performers' travel, fittings and rehearsals).")  # fmt: skip
    if start is None:
        r.note(Severity.WARNING, cpath, "The calendar has no start date: the shoot days are imported without dates "
               "(dates already in Days are kept).", "Enter the dates in the Days table.")  # fmt: skip
        return
    weekly = cal.get("daysOff") if isinstance(cal.get("daysOff"), list) else []
    weekly_off = {int(x) for x in weekly if isinstance(x, int | float) and 0 <= x <= 6}
    if len(weekly_off) == 7:
        r.note(Severity.WARNING, f"{cpath}.daysOff", "Every weekday is a day off: the days are dated one after the "
               "other from the start date.")  # fmt: skip
        weekly_off = set()
    dates: list[dt.date | None] = []
    d = start
    for i in range(len(r.s.dates)):
        if i:
            d += dt.timedelta(days=1)
            while uss_weekday(d) in weekly_off or d in off:
                d += dt.timedelta(days=1)
        dates.append(d)
    r.s.dates = dates

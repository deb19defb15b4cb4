"""The production as a Universal Schedule Standard 1.0.0 document: breakdowns, categories, elements, the
stripboard and its calendar.

What goes where (docs/interchange.md has the whole table):

- **Breakdowns**: one per scene; a scene split over several strips (Schedule parts 1/2, 2/2) gives one breakdown
  per strip, sharing the scene's number, its pages (in eighths, written as decimal pages: 1 3/8 = 1.375) and its
  est. time (milliseconds) as the call sheet shares them. Synopsis → description, Script Page → scriptPage, Notes →
  comments. A banner after a strip (LUNCH, COMPANY MOVE) is a banner breakdown right after it on the board.
- **Elements** by UCID: Set (0), I/E (1), D/N (2), Script Day (3) and Location (6: the location's name, its ID as
  the board ID) from the Scenes columns; cast members (100) with their cast ID as board ID, the Drop/Pickup OK flag
  and the drop gap of the production type (10 days for features, 14 otherwise), their CastEvents as events;
  background (101) from the Background column (one element per ``;``-separated part); every Elements row under
  its category (custom categories numbered from 500).
- **Stripboard**: one, named after the schedule revision, with two boards — ``stripboard`` (one sub-array per shoot
  day, day 1 first, an empty one for a day without scenes) and ``boneyard`` (scenes not scheduled).
- **Header**: the project is the title, the author the 1st AD (who makes the schedule), the schedule and script
  revision colours and dates those of Settings.
- **Calendar**: the start date (day 1's date), the weekdays never shot on (``daysOff``), and a ``dayOff`` event —
  named ``holiday`` on a public holiday of Settings → Country, else ``dayOff`` — for every other date between shoot
  days: USS infers each day's date from these, so the dates come back as the Days table has them.

Nothing of the workbook's personal data (phones, e-mails, rates, performers' names) is written: USS carries
characters, not people.
"""

from __future__ import annotations

import datetime as dt
import itertools
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

import pandas as pd

from ...model.contract import REVISION_COLOURS
from ...model.elements import (
    BACKGROUND,
    CAST,
    DAY_NIGHT,
    FIRST_CUSTOM_ACTION,
    INT_EXT,
    LOCATION,
    SCRIPT_DAY,
    SET,
    STANDARD,
    parse_category,
)
from ...model.production import Production
from ...model.scheduling import key, strips
from .ids import date_stamp, object_id, timestamp, uss_weekday
from .validate import ROOT

USS_VERSION = "1.0.0"
SOURCE = "xlproduction"
# Tables the export reads: nothing of the budget or the ledger.
EXPORT_TABLES = ("Scenes", "Days", "Schedule", "Cast", "CastEvents", "Locations", "Elements")
EVENT_NAMES = {"Travel": "travel", "Rehearsal": "rehearsal", "Fitting": "fitting"}
BACKGROUND_SEPARATOR = ";"


@dataclass
class Exported:
    doc: dict[str, Any]
    warnings: list[str] = field(default_factory=list)  # what the file cannot say as the workbook does
    breakdowns: int = 0
    days: int = 0


def _text(v: Any) -> str:
    return "" if v is None or v is pd.NA or (isinstance(v, float) and v != v) else str(v).strip()


def _date(v: Any) -> dt.date | None:
    if v is None or v is pd.NaT or v is pd.NA or (isinstance(v, float) and v != v):
        return None
    return pd.Timestamp(v).date()


def _none(s: str) -> str | None:
    return s or None


def share(total: int, n: int) -> list[int]:
    """``total`` split into ``n`` whole parts, the larger first, summing to ``total`` (a split scene's eighths)."""
    base, extra = divmod(total, n)
    return [base + (1 if i < extra else 0) for i in range(n)]


class _Registry:
    """Categories and elements, each created once, in the order first met."""

    def __init__(self, created: str) -> None:
        self.created = created
        self.categories: dict[tuple[int, str], dict[str, Any]] = {}
        self.elements: dict[tuple[Any, ...], dict[str, Any]] = {}
        self.custom: dict[str, int] = {}

    def category(self, ucid: int | None, name: str) -> dict[str, Any]:
        if ucid is None:  # a custom category nobody numbered: the next free custom action number
            ucid = self.custom.get(name.casefold())
            if ucid is None:
                used = {u for u, _ in self.categories} | set(self.custom.values())
                ucid = max([FIRST_CUSTOM_ACTION - 1, *(u for u in used if u >= FIRST_CUSTOM_ACTION)]) + 1
                self.custom[name.casefold()] = ucid
        k = (ucid, name.casefold())
        if k not in self.categories:
            self.categories[k] = {"id": object_id("category", ucid, name.casefold()), "created": self.created,
                                  "name": name, "ucid": ucid}  # fmt: skip
        return self.categories[k]

    def element(self, ucid: int | None, category_name: str, name: str, board_id: str | None = None,
                **flags: Any) -> str:  # fmt: skip
        cat = self.category(ucid, category_name)
        k = (cat["ucid"], category_name.casefold(), name.casefold(), (board_id or "").casefold())
        if k not in self.elements:
            el = {"id": object_id("element", *k), "category": cat["id"], "created": self.created, "daysOff": [],
                  "dropDayCount": 0, "elementId": board_id, "events": [], "isDood": False, "isDrop": False,
                  "isHold": False, "isIdLock": board_id is not None, "linkedElements": [], "name": name}  # fmt: skip
            el.update(flags)
            self.elements[k] = el
        return str(self.elements[k]["id"])


def _standard(reg: _Registry, ucid: int, name: str, board_id: str | None = None, **flags: Any) -> str:
    return reg.element(ucid, STANDARD[ucid], name, board_id, **flags)


def to_uss(p: Production, *, now: dt.datetime | None = None) -> Exported:
    """The production as a USS 1.0.0 document (a ``dict`` ready for ``json.dumps``)."""
    created = timestamp(now or dt.datetime.now(dt.UTC))
    s = p.settings
    out = Exported({})
    reg = _Registry(created)
    drop_days = 10 if _text(s.production_type) in ("", "Feature") else 14

    # Cast members first, so every performer of the Cast table is an element, in Cast order.
    cast_el: dict[str, str] = {}
    events = p.df("CastEvents").dropna(subset=["cast_id", "date"]) if "CastEvents" in p.tables else None
    by_cast: dict[str, list[dict[str, Any]]] = {}
    if events is not None:
        for r in events.to_dict("records"):
            ev, when = _text(r.get("event")), _date(r.get("date"))
            if when is None or not ev:
                continue
            kind, name = ("dayOff", "holiday") if ev == "Holiday" else ("event", EVENT_NAMES.get(ev, ev.casefold()))
            cid = _text(r["cast_id"])
            by_cast.setdefault(cid.casefold(), []).append(
                {"id": object_id("event", cid.casefold(), when, name), "date": date_stamp(when), "type": kind,
                 "name": name})  # fmt: skip
    for r in p.cast.dropna(subset=["cast_id"]).to_dict("records"):
        cid = _text(r["cast_id"])
        if cid.casefold() in cast_el:
            continue
        cast_el[cid.casefold()] = _standard(
            reg, CAST, _text(r.get("character")) or cid, cid, isDood=True, isHold=True,
            isDrop=bool(r.get("drop_allowed")) if not pd.isna(r.get("drop_allowed")) else False,
            dropDayCount=drop_days, events=sorted(by_cast.get(cid.casefold(), []), key=lambda e: e["date"]))

    locations = {}
    for r in p.locations.dropna(subset=["location_id"]).to_dict("records"):
        lid = _text(r["location_id"])
        locations.setdefault(lid.casefold(), (lid, _text(r.get("name")) or lid))
    extra: dict[str, list[tuple[Any, str]]] = {}
    if "Elements" in p.tables:
        el = p.df("Elements").dropna(subset=["scene", "element"])
        for sc, cat, name in zip(el["scene"].tolist(), el["category"].tolist(), el["element"].tolist(), strict=True):
            extra.setdefault(_text(sc).casefold(), []).append((parse_category(_text(cat) or "Other"), _text(name)))

    def scene_elements(r: dict[str, Any]) -> list[str]:
        ids: list[str] = []
        for ucid, col in ((SET, "set"), (INT_EXT, "int_ext"), (DAY_NIGHT, "day_night"), (SCRIPT_DAY, "script_day")):
            v = _text(r.get(col))
            if v:
                ids.append(_standard(reg, ucid, v))
        lid = _text(r.get("location"))
        if lid:
            ident, name = locations.get(lid.casefold(), (lid, lid))
            ids.append(_standard(reg, LOCATION, name, ident))
        cast = r.get("cast") if isinstance(r.get("cast"), tuple | list) else ()
        for cid in cast:
            k = str(cid).strip().casefold()
            if k not in cast_el:
                out.warnings.append(f"Scene {_text(r['scene'])} lists cast ID {cid}, which is not in the Cast table: "
                                    "exported under its ID as the character's name.")  # fmt: skip
                cast_el[k] = _standard(reg, CAST, str(cid).strip(), str(cid).strip(), isDood=True, isHold=True,
                                       dropDayCount=drop_days)  # fmt: skip
            ids.append(cast_el[k])
        for part in _text(r.get("background")).split(BACKGROUND_SEPARATOR):
            if part.strip():
                ids.append(_standard(reg, BACKGROUND, part.strip()))
        for cat, name in extra.get(_text(r["scene"]).casefold(), []):
            if name:
                ids.append(reg.element(cat.ucid, cat.name, name))
        return list(dict.fromkeys(ids))

    # Scenes and the strips they are on.
    scenes = p.scenes.dropna(subset=["scene"])
    scenes = scenes.assign(scene_key=key(scenes["scene"])).drop_duplicates("scene_key")
    st = strips(p)
    known = set(scenes["scene_key"].tolist())
    orphans = st[~st["scene_key"].isin(known)]
    for d, sc in zip(orphans["day"].tolist(), orphans["scene"].tolist(), strict=True):
        out.warnings.append(f"Day {d} schedules scene {sc}, which is not in the Scenes table: left off the board.")
    st = st[st["scene_key"].isin(known)]
    strip_count = st.groupby("scene_key").size().to_dict() if len(st) else {}
    breakdowns: list[dict[str, Any]] = []
    parts: dict[str, list[str]] = {}  # scene key -> breakdown IDs, one per strip (boneyard: one)
    for r in scenes.to_dict("records"):
        k = r["scene_key"]
        n = int(strip_count.get(k, 0)) or 1
        pages = r.get("pages")
        eighths = share(int(pages), n) if pages is not None and not pd.isna(pages) else [None] * n
        est = r.get("est_time")
        ms = (share(int(pd.Timedelta(est).total_seconds() * 1000), n)
              if est is not None and not pd.isna(est) else [None] * n)  # fmt: skip
        elements = scene_elements(r)
        ids = []
        for i in range(n):
            bid = object_id("breakdown", k, i) if n > 1 else object_id("breakdown", k)
            ids.append(bid)
            breakdowns.append({
                "id": bid, "bannerText": None, "comments": _none(_text(r.get("notes"))), "created": created,
                "description": _none(_text(r.get("synopsis"))), "elements": elements,
                "pages": None if eighths[i] is None else eighths[i] / 8, "scene": _text(r["scene"]),
                "scriptPage": _none(_text(r.get("script_page"))), "duration": ms[i], "type": "scene"})  # fmt: skip
        parts[k] = ids

    # The board: one sub-array per shoot day, banners after their strip.
    day_numbers = {int(d) for d in p.days["day"].dropna().tolist() if int(d) >= 1}
    day_numbers |= {int(d) for d in st["day"].tolist() if int(d) >= 1}
    bad_days = sorted({int(d) for d in st["day"].tolist() if int(d) < 1})
    if bad_days:
        out.warnings.append(f"Schedule rows on day {', '.join(map(str, bad_days))}: USS numbers days from 1; left off.")
    last = max(day_numbers, default=0)
    board: list[list[str]] = [[] for _ in range(last)]
    used: dict[str, int] = {}
    for r in st.to_dict("records"):
        d, k = int(r["day"]), r["scene_key"]
        if d < 1:
            continue
        i = used.get(k, 0)
        used[k] = i + 1
        board[d - 1].append(parts[k][i])
        banner = _text(r.get("banner"))
        if banner:
            bid = object_id("banner", d, r.get("order"), i, k, banner)
            breakdowns.append({"id": bid, "bannerText": banner, "comments": None, "created": created,
                               "description": None, "elements": [], "pages": None, "scene": None, "scriptPage": None,
                               "duration": None, "type": "banner"})  # fmt: skip
            board[d - 1].append(bid)
    missing_days = sorted(set(range(1, last + 1)) - {int(d) for d in p.days["day"].dropna().tolist()})
    if missing_days:
        out.warnings.append(f"Shoot day {_ranges(missing_days)} is not in the Days table: an empty day on the board.")
    boneyard = [parts[k][0] for k in parts if k not in used]
    calendar_id = object_id("calendar", _text(s.title), _text(s.episode))
    stripboard = {
        "id": object_id("stripboard", _text(s.title), _text(s.episode)),
        "boards": [{"id": object_id("board", "stripboard"), "name": "stripboard", "breakdownIds": board},
                   {"id": object_id("board", "boneyard"), "name": "boneyard", "breakdownIds": boneyard}],
        "calendar": calendar_id,
        "name": _board_name(p),
    }  # fmt: skip
    out.days = last
    out.breakdowns = len(breakdowns)
    cal = _calendar(p, calendar_id, last, out.warnings)

    revision = _text(s.schedule_revision)
    out.doc = {ROOT: {
        "id": object_id("schedule", _text(s.title), _text(s.episode)),
        "author": _none(_text(s.first_ad)), "company": _none(_text(s.company)), "created": created,
        "episode": _none(_text(s.episode)), "episodeName": None, "description": None,
        "name": _board_name(p), "project": _none(_text(s.title)), "schedColor": _none(revision),
        "schedDate": _stamp(s.schedule_revision_date), "scriptColor": _none(_text(s.script_revision)),
        "scriptDate": _stamp(s.script_revision_date), "season": None, "source": SOURCE, "ussVersion": USS_VERSION,
        "breakdowns": breakdowns, "categories": list(reg.categories.values()),
        "elements": list(reg.elements.values()), "stripboards": [stripboard], "calendars": [cal],
    }}  # fmt: skip
    return out


def _stamp(v: Any) -> str | None:
    d = _date(v)
    return date_stamp(d) if d else None


def _board_name(p: Production) -> str:
    s = p.settings
    colour = _text(s.schedule_revision) or REVISION_COLOURS[0]
    when = _date(s.schedule_revision_date)
    return f"Shooting schedule ({colour}{f', {when:%d-%b-%Y}' if when else ''})"


def _ranges(numbers: Iterable[int]) -> str:
    out: list[str] = []
    for n in sorted(numbers):
        if out and "–" not in out[-1] and int(out[-1]) == n - 1:
            out[-1] = f"{out[-1]}–{n}"
        elif out and "–" in out[-1] and int(out[-1].split("–")[1]) == n - 1:
            out[-1] = f"{out[-1].split('–')[0]}–{n}"
        else:
            out.append(str(n))
    return ", ".join(out)


def _calendar(p: Production, cal_id: str, last: int, warnings: list[str]) -> dict[str, Any]:
    """Start, weekly days off and the dates off between shoot days, so USS infers each day's date as Days has it."""
    days = p.days.dropna(subset=["day", "date"]).drop_duplicates("day").sort_values("day")
    dated = [(int(d), _date(x)) for d, x in zip(days["day"].tolist(), days["date"].tolist(), strict=True)
             if 1 <= int(d) <= last]  # fmt: skip
    events: list[dict[str, Any]] = []
    cal = {"id": cal_id, "daysOff": [], "events": events, "name": "Shoot calendar"}
    if not dated:
        warnings.append("No shoot day has a date: the calendar has no start date.")
        return cal
    first_day, start = dated[0]
    if first_day != 1:
        warnings.append(f"Day 1 has no date: the calendar starts on day {first_day}'s date, so USS dates every day "
                        "one position earlier.")  # fmt: skip
    assert start is not None
    events.append({"id": object_id("start", start), "date": date_stamp(start), "type": "start", "name": None})
    dates = [d for _, d in dated if d is not None]
    shot = {uss_weekday(d) for d in dates}
    off_weekdays = sorted(set(range(7)) - shot)
    cal["daysOff"] = off_weekdays
    undated = sorted(set(range(1, last + 1)) - {d for d, _ in dated})
    if undated:
        warnings.append(f"Shoot day {_ranges(undated)} has no date: USS gives it the next working date.")
    country = _text(p.settings.country) or "US"
    try:
        import holidays

        public = holidays.country_holidays(country, subdiv=_text(p.settings.subdivision) or None,
                                           years=range(dates[0].year, dates[-1].year + 1))  # fmt: skip
    except (NotImplementedError, KeyError, ImportError, AttributeError):
        public = {}
    off: list[dt.date] = []
    for (d0, a), (d1, b) in itertools.pairwise(dated):
        assert a is not None and b is not None
        if b <= a:
            warnings.append(f"Day {d1} is dated {b:%d-%b-%Y}, not after day {d0} ({a:%d-%b-%Y}): USS dates days in "
                            "board order, so it comes back as the next working date.")  # fmt: skip
            continue
        gap = (b - a).days - 1
        for i in range(1, gap + 1):
            x = a + dt.timedelta(days=i)
            if uss_weekday(x) not in off_weekdays:
                off.append(x)
    for x in off:
        events.append({"id": object_id("dayoff", x), "date": date_stamp(x), "type": "dayOff",
                       "name": "holiday" if x in public else "dayOff"})  # fmt: skip
    return cal

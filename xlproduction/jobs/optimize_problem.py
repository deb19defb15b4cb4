"""The workbook's scheduling problem, as the optimizer (``xlproduction.plan``) states it, read from a production.

``plan/`` knows nothing of workbooks: it takes days with capacities, strips with what they need, performers with
rates and unavailable dates. This module is the one translation from the tables to that problem, and it keeps,
for every side constraint it states, the cells the constraint came from — so that an infeasible schedule is
explained to a coordinator as "Cast!P7 (Available To) against Schedule!G14 (Pinned)", not as solver ids.

What is read, and how:
- **Days** in day order; a day already shot (an Actual Wrap, or dated on or before the workbook's status date) is
  *locked*: its strips stay as they are. Capacity: Settings' Max Pages Per Day, and the minutes from the shooting
  call (else the crew call) to the estimated wrap, less a 30-minute meal when a lunch is set (rule SC014's room).
- **Strips** (Schedule rows): a split scene's parts share its pages and Est. Time evenly (as the checks count them)
  and keep their order; a strip marked **Pinned** keeps its day and its place among the day's pinned strips.
  Exterior DAY scenes go on days called before 14:00, exterior NIGHT scenes on days that wrap after 20:00.
- **Cast**: Day Rate, Drop/Pickup OK, Available From/To, Cast Events (travel, fittings, rehearsals, holidays: not
  a work day), minors' hours (Minor Earliest Call / Latest Wrap against the day's calls, and a studio teacher
  engaged on the date), and the cast turnaround between a day's wrap and the next day's call (their own Calls row
  when they have one) — so the rest rules hold on the proposal.
- **Locations**: Available From/To as the location's window.
- **Settings**: Company Move Cost; the drop gap from Production Type (10 days for a feature, 14 for television).
"""

from __future__ import annotations

import datetime as dt
import math
from collections.abc import Mapping
from dataclasses import dataclass, field
from itertools import pairwise
from typing import Any

import pandas as pd

from ..model.production import ROW, Production
from ..plan import Location, Performer, ScheduleProblem, ShootDay
from ..plan import Scene as Strip

NIGHT_CALL = dt.timedelta(hours=14)  # a day called at or after this is a night shoot: no exterior day scenes
DARK_WRAP = dt.timedelta(hours=20)  # a day that wraps after this can shoot exterior night scenes
MEAL = dt.timedelta(minutes=30)  # the meal rule SC014 takes off a day with a lunch


class ProblemRefused(ValueError):
    """The workbook's schedule cannot be optimized as it is (strips on unknown days or scenes, no days)."""


@dataclass(frozen=True, slots=True)
class StripRow:
    """A Schedule row as the optimizer moves it: its plan id, scene, part and the row's values."""

    id: str
    scene: str
    part: str | None
    day: int
    order: int
    excel_row: int
    location: str | None
    minutes: int
    values: Mapping[str, Any]


@dataclass(frozen=True)
class WorkbookProblem:
    problem: ScheduleProblem
    current: dict[str, tuple[str, ...]]  # day id → strip ids in the current order
    strips: dict[str, StripRow]
    days: pd.DataFrame  # the Days rows by day number (date, location, lunch, _row)
    cells: dict[tuple[str, tuple[str, ...]], list[str]] = field(default_factory=dict)  # constraint → cells
    notes: tuple[str, ...] = ()

    def cells_of(self, kind: str, subject: tuple[str, ...]) -> list[str]:
        return self.cells.get((kind, subject), [])


def _blank(v: Any) -> bool:
    return v is None or v is pd.NA or v is pd.NaT or (isinstance(v, float) and math.isnan(v))


def _date(v: Any) -> dt.date | None:
    if _blank(v):
        return None
    return v.date() if isinstance(v, dt.datetime | pd.Timestamp) else v


def _td(v: Any) -> dt.timedelta | None:
    return None if _blank(v) else pd.Timedelta(v).to_pytimedelta()


def _id(v: Any) -> str | None:
    if _blank(v):
        return None
    text = str(v).strip()
    return text or None


def _cell(p: Production, table: str, key: str, row: Any) -> str | None:
    t = p.tables.get(table)
    if t is None or t.location is None or _blank(row):
        return None
    ref = t.cell(key, int(row))
    return f"{t.sheet}!{ref}" if ref else None


def _setting_cell(p: Production, key: str) -> str | None:
    ref = p.settings.cells.get(key)
    if not ref:
        return None
    return ref if "!" in ref else f"{p.settings.sheet or 'Settings'}!{ref}"


def build_problem(p: Production) -> WorkbookProblem:
    """The scheduling problem of ``p``'s stripboard, with the cells behind each constraint."""
    cells: dict[tuple[str, tuple[str, ...]], list[str]] = {}
    notes: list[str] = []

    def cite(kind: str, subject: tuple[str, ...], *refs: str | None) -> None:
        have = cells.setdefault((kind, subject), [])
        have.extend(r for r in refs if r and r not in have)

    # --- Days ---
    days = p.days.dropna(subset=["day", "date"]).drop_duplicates("day").sort_values("day")
    if days.empty:
        raise ProblemRefused("The Days table has no shoot day with a day number and a date: nothing to schedule.")
    today = p.today
    eighths_cap = p.settings.max_pages_per_day
    shoot: list[ShootDay] = []
    by_day: dict[int, dict[str, Any]] = {}
    for r in days.to_dict("records"):
        n, date = int(r["day"]), _date(r["date"])
        assert date is not None
        by_day[n] = r
        locked = not _blank(r.get("actual_wrap")) or date <= today
        start, wrap = _td(r.get("shooting_call")) or _td(r.get("crew_call")), _td(r.get("est_wrap"))
        minutes = None
        if start is not None and wrap is not None:
            call = _td(r.get("crew_call")) or start
            if wrap < call:
                wrap += dt.timedelta(days=1)
            room = wrap - start - (MEAL if _td(r.get("lunch")) is not None else dt.timedelta())
            minutes = max(0, int(room.total_seconds() // 60))
        shoot.append(ShootDay(str(n), date, max_eighths=None if locked or _blank(eighths_cap) else int(eighths_cap),
                              max_minutes=None if locked else minutes, locked=locked))  # fmt: skip
        cite("locked-day", (str(n),), _cell(p, "Days", "actual_wrap" if not _blank(r.get("actual_wrap")) else "date",
                                            r[ROW]))  # fmt: skip
        cite("day-eighths", (str(n),), _setting_cell(p, "max_pages_per_day"))
        cite("day-minutes", (str(n),), _cell(p, "Days", "est_wrap", r[ROW]),
             _cell(p, "Days", "shooting_call" if not _blank(r.get("shooting_call")) else "crew_call", r[ROW]))
    locked_days = sum(d.locked for d in shoot)
    if locked_days:
        notes.append(f"{locked_days} day(s) already shot or shooting (up to {today.isoformat()}) are kept as they are.")
    for a, b in pairwise(shoot):
        if b.date <= a.date:
            raise ProblemRefused(f"Shoot day {b.id} ({b.date}) is not after day {a.id} ({a.date}): put the Days in "
                                 "date order (rule SC003) before optimizing.")  # fmt: skip

    # --- Scenes ---
    scenes: dict[str, dict[str, Any]] = {}
    for r in p.scenes.to_dict("records"):
        sid = _id(r.get("scene"))
        if sid is not None:
            scenes.setdefault(sid.casefold(), r)

    # --- Strips ---
    sched = p.schedule
    rows = [r for r in sched.to_dict("records") if not (_blank(r.get("day")) and _blank(r.get("scene")))]
    bad = [r for r in rows if _blank(r.get("day")) or _blank(r.get("scene")) or int(r["day"]) not in by_day
           or str(r["scene"]).strip().casefold() not in scenes]  # fmt: skip
    if bad:
        where = ", ".join(f"row {int(r[ROW])}" for r in bad[:5])
        raise ProblemRefused(f"The Schedule has {len(bad)} strip(s) without a known day or scene ({where}): fix them "
                             "first (xlproduction check: XR003, XR004), then optimize.")  # fmt: skip
    rows.sort(key=lambda r: (int(r["day"]), _blank(r.get("order")), r.get("order") or 0, r[ROW]))
    per_scene: dict[str, list[dict[str, Any]]] = {}
    for r in rows:
        per_scene.setdefault(str(r["scene"]).strip().casefold(), []).append(r)
    strips: dict[str, StripRow] = {}
    plan_strips: list[Strip] = []
    current: dict[str, list[str]] = {d.id: [] for d in shoot}
    precedences: list[tuple[str, str]] = []
    night_days = frozenset(d.id for d in shoot if (_td(by_day[int(d.id)].get("est_wrap")) or dt.timedelta())
                           >= DARK_WRAP)  # fmt: skip
    day_days = frozenset(d.id for d in shoot if (_td(by_day[int(d.id)].get("crew_call")) or dt.timedelta())
                         < NIGHT_CALL)  # fmt: skip
    locked_ids = {d.id for d in shoot if d.locked}
    position: dict[str, int] = {}
    for key_, parts in per_scene.items():
        sc = scenes[key_]
        n = len(parts)
        eighths = 0 if _blank(sc.get("pages")) else int(sc["pages"])
        est = _td(sc.get("est_time"))
        minutes = 0 if est is None else int(est.total_seconds() // 60)
        cast = frozenset(c for c in (_id(x) for x in (sc.get("cast") or ())) if c)
        location = _id(sc.get("location"))
        dn, ie = str(sc.get("day_night") or "").upper(), str(sc.get("int_ext") or "").upper()
        allowed: frozenset[str] | None = None
        reason = ""
        label = str(sc["scene"]).strip()
        if ie in ("EXT", "INT/EXT") and dn == "NIGHT":
            allowed, reason = night_days, f"scene {label} is an exterior night scene: days that wrap after 20:00"
        elif ie in ("EXT", "INT/EXT") and dn == "DAY":
            allowed, reason = day_days, f"scene {label} is an exterior day scene: days called before 14:00"
        ids = []
        for i, r in enumerate(parts):
            part = _id(r.get("part"))
            sid = label if n == 1 else f"{label} ({part or i + 1})"
            while sid in strips:
                sid += "'"
            day = str(int(r["day"]))
            pinned = bool(r.get("pinned")) and not _blank(r.get("pinned"))
            keep = pinned or day in locked_ids
            current[day].append(sid)
            position[sid] = len(current[day])
            plan_strips.append(Strip(sid, eighths=-(-eighths // n), minutes=-(-minutes // n), cast=cast,
                                     location=location, night=dn == "NIGHT", pinned_day=day if keep else None,
                                     pinned_order=position[sid] if keep else None,
                                     days=None if keep else (allowed & frozenset(current) if allowed is not None
                                                             else None),
                                     days_reason=reason))  # fmt: skip
            strips[sid] = StripRow(sid, label, part, int(r["day"]), position[sid], int(r[ROW]), location,
                                   -(-minutes // n), {k: v for k, v in r.items() if k != ROW})  # fmt: skip
            cite("pin", (sid, day), _cell(p, "Schedule", "pinned" if pinned else "day", r[ROW]))
            cite("order", (sid,), _cell(p, "Schedule", "part", r[ROW]))
            cite("scene-days", (sid,), _cell(p, "Scenes", "day_night", sc[ROW]), _cell(p, "Scenes", "int_ext", sc[ROW]))
            ids.append(sid)
        precedences += list(pairwise(ids))
    for a, b in precedences:
        cite("order", (a, b), *cells.pop(("order", (a,)), []), *cells.get(("order", (b,)), []))
    for k in [k for k in cells if k[0] == "order" and len(k[1]) == 1]:
        del cells[k]
    unscheduled = [sc["scene"] for k, sc in scenes.items() if k not in per_scene]
    if unscheduled:
        notes.append(f"{len(unscheduled)} scene(s) on no strip are left out (rule SC001): "
                     + ", ".join(map(str, unscheduled[:8])) + ("…" if len(unscheduled) > 8 else ""))

    # --- Cast ---
    performers = _performers(p, shoot, by_day, cite)
    # --- Locations ---
    locations = []
    for r in p.locations.to_dict("records"):
        lid = _id(r.get("location_id"))
        a, b = _date(r.get("available_from")), _date(r.get("available_to"))
        if lid and (a or b):
            locations.append(Location(lid, ((a or dt.date.min, b or dt.date.max),)))
            cite("location-window", (lid,), _cell(p, "Locations", "available_from" if a else "available_to", r[ROW]),
                 _cell(p, "Locations", "available_to", r[ROW]) if a and b else None)
    kind = str(p.settings.production_type or "Feature")
    problem = ScheduleProblem(days=tuple(shoot), scenes=tuple(plan_strips), performers=tuple(performers),
                              locations=tuple(locations), precedences=tuple(precedences),
                              apart=tuple(precedences),
                              move_cost=float(p.settings.company_move_cost or 0),
                              drop_gap_days=14 if kind == "Television" else 10,
                              name=str(p.settings.title or ""))  # fmt: skip
    return WorkbookProblem(problem, {d: tuple(v) for d, v in current.items()}, strips,
                           days.set_index("day", drop=False), cells, tuple(notes))  # fmt: skip


def _performers(p: Production, shoot: list[ShootDay], by_day: dict[int, dict[str, Any]], cite: Any) -> list[Performer]:
    """Every cast member with what constrains their days."""
    from ..checks.rest import _setting_hours  # the rest rules' own reading of the hours settings

    dates = {d.date: d for d in shoot}
    events: dict[str, list[dict[str, Any]]] = {}
    if "CastEvents" in p.tables:
        for r in p.df("CastEvents").to_dict("records"):
            cid = _id(r.get("cast_id"))
            if cid:
                events.setdefault(cid.casefold(), []).append(r)
    teachers = p.crew[p.crew["position"].astype("string").str.contains("studio teacher", case=False, na=False)]
    teacher_spans = [(_date(r.get("start_date")), _date(r.get("end_date")), r[ROW])
                     for r in teachers.to_dict("records")]
    early, late = _td(p.settings.minor_earliest_call), _td(p.settings.minor_latest_wrap)
    turnaround = _setting_hours(p, "cast_turnaround_hours").to_pytimedelta()
    calls: dict[tuple[int, str], dict[str, Any]] = {}
    if "Calls" in p.tables:
        for r in p.df("Calls").to_dict("records"):
            cid = _id(r.get("cast_id"))
            if cid and not _blank(r.get("day")):
                calls.setdefault((int(r["day"]), cid.casefold()), r)

    def wrap_of(r: dict[str, Any]) -> dt.timedelta | None:
        w = _td(r.get("actual_wrap")) or _td(r.get("est_wrap"))
        call = _td(r.get("crew_call"))
        if w is not None and call is not None and w < call:
            w += dt.timedelta(days=1)
        return w

    out = []
    for r in p.cast.dropna(subset=["cast_id"]).drop_duplicates("cast_id").to_dict("records"):
        cid = str(_id(r["cast_id"]))
        unavailable: set[dt.date] = set()

        def off(date: dt.date, *refs: str | None, cid: str = cid, unavailable: set[dt.date] = unavailable) -> None:
            if date in dates and not dates[date].locked:  # a day already shot is what it is
                unavailable.add(date)
                cite("unavailable", (cid, date.isoformat()), *refs)

        a, b = _date(r.get("available_from")), _date(r.get("available_to"))
        for date in dates:
            if a is not None and date < a:
                off(date, _cell(p, "Cast", "available_from", r[ROW]))
            if b is not None and date > b:
                off(date, _cell(p, "Cast", "available_to", r[ROW]))
        for e in events.get(cid.casefold(), []):
            d = _date(e.get("date"))
            if d is not None:
                off(d, _cell(p, "CastEvents", "date", e[ROW]))
        if bool(r.get("minor")) and not _blank(r.get("minor")):
            for date, day in dates.items():
                dr = by_day[int(day.id)]
                call, wrap = _td(dr.get("crew_call")), wrap_of(dr)
                if early is not None and call is not None and call < early:
                    off(date, _cell(p, "Days", "crew_call", dr[ROW]), _setting_cell(p, "minor_earliest_call"))
                if late is not None and wrap is not None and wrap > late:
                    off(date, _cell(p, "Days", "est_wrap", dr[ROW]), _setting_cell(p, "minor_latest_wrap"))
                if not any((s is None or s <= date) and (e is None or date <= e) for s, e, _ in teacher_spans):
                    off(date, _cell(p, "Cast", "minor", r[ROW]),
                        *(_cell(p, "Crew", "end_date", row) for _, _, row in teacher_spans))
        pairs = []
        for d0, d1 in pairwise(shoot):
            if d0.locked and d1.locked:
                continue
            r0, r1 = by_day[int(d0.id)], by_day[int(d1.id)]
            wrap = wrap_of(r0)
            own = calls.get((int(d1.id), cid.casefold()), {})
            report = next((_td(own.get(k)) for k in ("makeup", "pickup", "on_set") if _td(own.get(k)) is not None),
                          None) or _td(r1.get("crew_call"))  # fmt: skip
            if wrap is None or report is None:
                continue
            rest = dt.datetime.combine(d1.date, dt.time()) + report - (dt.datetime.combine(d0.date, dt.time()) + wrap)
            if rest < turnaround:
                pairs.append((d0.id, d1.id))
                cite("rest", (cid, d0.id, d1.id), _cell(p, "Days", "est_wrap", r0[ROW]),
                     _cell(p, "Days", "crew_call", r1[ROW]), _setting_cell(p, "cast_turnaround_hours"))
        rate = r.get("day_rate")
        out.append(Performer(cid, day_rate=0 if _blank(rate) else float(rate), unavailable=frozenset(unavailable),
                             drop_allowed=bool(r.get("drop_allowed")) and not _blank(r.get("drop_allowed")),
                             rest_pairs=tuple(pairs)))  # fmt: skip
    return out

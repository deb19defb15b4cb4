"""Pickups derived from the day's calls: who is collected where, when, and in which vehicle.

A coordinator's starting point for the Transport table, never written over their rows:

- **Who.** Every performer working the day who has a Pickup in Calls or is not local, and every out-of-town crew
  member working it (between their start and end dates).
- **From where.** An out-of-town person from the hotel the Accommodation table books them into that night; anyone
  else from the production office (Settings → Production Office).
- **When.** The passenger's earliest call — a performer's makeup/hair, else their on-set time, else the crew call; a
  crew member's own call in Calls, else the crew call plus their call offset — minus the drive to the set and the
  Pickup Buffer Minutes setting. The drive is the set location's Travel Minutes; from a pickup point that is itself
  a location (a company move) it is the distance between the two locations' latitude and longitude at the Drive
  Speed setting, and so it is for the set too when it has no Travel Minutes but both ends have coordinates.
- **In what.** Passengers of one pickup point, in order of their pickup, share a vehicle while there are seats and
  their pickups are within half an hour of the first; each group takes the smallest car, van or minibus of the
  Vehicles table that is free then (back from its last run: there, and the drive back) and seats them all, else
  the largest free one (the group is then split), else none (the coordinator has to find one).

Times are offsets from the shoot day's midnight, like every time of the workbook: a night shoot's 17:00 call gives a
16:20 pickup, and a call after midnight on a night shoot (earlier than the crew call by twelve hours or more) is
read as the next morning, as the schedule checks read it.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass

import pandas as pd

from .logistics import BASE_CAMP, drive_minutes_between, person_key
from .production import Production
from .scheduling import cast_days
from .stays import bookings, stays, who

MIN = dt.timedelta(minutes=1)
SHARE_WINDOW = 30 * MIN  # passengers whose pickups are this close share a vehicle
DEFAULT_SEATS = 10  # a group's size without a Vehicles table (a passenger van)
AFTER_MIDNIGHT = dt.timedelta(hours=12)


@dataclass(frozen=True, slots=True)
class Passenger:
    ident: str  # Cast ID or crew name
    name: str  # what a movement order prints: the character for cast (never a phone)
    call: dt.timedelta  # the earliest call the pickup serves
    call_of: str  # which call: Makeup/Hair, On Set, Crew Call, Call
    point: str  # the pickup point


@dataclass(frozen=True, slots=True)
class DerivedRun:
    day: int
    pickup_time: dt.timedelta
    pickup_point: str
    drop_off: str  # the set's location ID
    passengers: tuple[Passenger, ...]
    drive_minutes: int | None  # None: no way to tell the drive (no Travel Minutes, no coordinates)
    vehicle: str | None
    purpose: str  # Cast Pickup when any performer rides, else Crew Shuttle


def _td(v: object) -> dt.timedelta | None:
    if v is None or v is pd.NaT or v is pd.NA or (isinstance(v, float) and v != v):
        return None
    if isinstance(v, pd.Timedelta):
        return v.to_pytimedelta()
    return v if isinstance(v, dt.timedelta) else None


def _s(v: object) -> str:
    if v is None or v is pd.NA or (isinstance(v, float) and v != v):
        return ""
    return " ".join(str(v).split())


def _num(v: object) -> float | None:
    if isinstance(v, bool) or v is None or v is pd.NA:
        return None
    try:
        f = float(v)  # type: ignore[arg-type]
    except (TypeError, ValueError):
        return None
    return None if f != f else f


class Drives:
    """Drive minutes between a pickup point and a set location, from the Locations table and the settings."""

    def __init__(self, p: Production) -> None:
        self.speed = _num(p.settings.drive_speed_kmh) or 40.0
        self.locations: dict[str, Mapping[str, object]] = {}
        for r in p.locations.to_dict("records"):
            if _s(r.get("location_id")):
                self.locations.setdefault(person_key(r["location_id"]), r)

    def minutes(self, point: str, location: str) -> int | None:
        """Minutes from ``point`` (a location ID, base camp, a hotel or an address) to the set at ``location``."""
        to = self.locations.get(person_key(location))
        if to is None:
            return None
        if person_key(point) == BASE_CAMP:
            return 0  # base camp is at the set
        frm = self.locations.get(person_key(point))
        if frm is not None and frm is not to:
            coords = [_num(frm.get("latitude")), _num(frm.get("longitude")), _num(to.get("latitude")),
                      _num(to.get("longitude"))]  # fmt: skip
            if all(c is not None for c in coords):
                return drive_minutes_between(*coords, self.speed)  # type: ignore[misc]
            return None
        if frm is to:
            return 0
        travel = _num(to.get("travel_minutes"))
        return int(travel) if travel is not None else None


def _floor5(t: dt.timedelta) -> dt.timedelta:
    return (t // (5 * MIN)) * (5 * MIN)


def passengers(p: Production, day: int) -> tuple[dt.date | None, str, list[Passenger]]:
    """The shoot day's date, set location and the people to collect, with their calls and pickup points."""
    days = p.days.dropna(subset=["day"])
    row = days[days["day"] == day]
    if row.empty:
        return None, "", []
    r = row.iloc[0]
    date = pd.Timestamp(r["date"]).date() if r["date"] is not None and not pd.isna(r["date"]) else None
    location = _s(r.get("location"))
    crew_call = _td(r.get("crew_call"))
    folks, away = who(p), stays(p)
    hotel_on: dict[str, str] = {}
    if date is not None:
        for b in bookings(p):
            if date in b.nights or (b.check_out == date):  # the morning after the last night: still at the hotel
                hotel_on.setdefault(b.key, b.hotel)
    office = _s(p.settings.office_address) or "Production office"
    calls = p.df("Calls")

    def point_of(key: str) -> str:
        return hotel_on.get(key) or office

    def late(t: dt.timedelta | None) -> dt.timedelta | None:
        if t is not None and crew_call is not None and crew_call - t >= AFTER_MIDNIGHT:
            return t + dt.timedelta(days=1)
        return t

    out: list[Passenger] = []
    cast_rows = {person_key(c["cast_id"]): c for c in calls[calls["day"] == day].to_dict("records")
                 if _s(c.get("cast_id"))}  # fmt: skip
    work = cast_days(p)
    working = work[work["day"] == day]["cast_id"].tolist() if len(work) else []
    characters = {person_key(c["cast_id"]): _s(c.get("character")) for c in p.cast.to_dict("records")
                  if _s(c.get("cast_id"))}  # fmt: skip
    for cid in dict.fromkeys(_s(c) for c in working):
        k = person_key(cid)
        c = cast_rows.get(k, {})
        person = folks.get(k)
        if _td(c.get("pickup")) is None and (person is None or person.local):
            continue
        t, label = None, "Crew Call"
        for col, what in (("makeup", "Makeup/Hair"), ("on_set", "On Set")):
            t = late(_td(c.get(col)))
            if t is not None:
                label = what
                break
        else:
            t = crew_call
        if t is None:
            continue
        out.append(Passenger(person.ident if person else cid, characters.get(k) or cid, t, label, point_of(k)))
    crew_calls = {person_key(c["crew"]): c for c in calls[calls["day"] == day].to_dict("records")
                  if _s(c.get("crew"))}  # fmt: skip
    for k, stay in away.items():
        person = stay.person
        if person.cast or date is None or person.start is None or person.end is None:
            continue
        if not person.start <= date <= person.end:
            continue
        own = late(_td(crew_calls.get(k, {}).get("call")))
        if own is not None:
            t, label = own, "Call"
        elif crew_call is not None:
            t, label = crew_call + person.call_offset * MIN, "Crew Call"
        else:
            continue
        out.append(Passenger(person.ident, person.ident, t, label, point_of(k)))
    return date, location, out


def derive_pickups(p: Production, day: int) -> list[DerivedRun]:
    """The pickups of shoot day ``day`` (see the module docstring), in order of pickup time."""
    _, location, people = passengers(p, day)
    if not people:
        return []
    drives = Drives(p)
    buffer = int(_num(p.settings.pickup_buffer_minutes) or 0) * MIN
    vehicles = []
    for v in p.vehicles.to_dict("records"):
        seats = _num(v.get("seats"))
        # Trucks carry equipment and cast trailers stay at base camp: neither collects passengers.
        if _s(v.get("vehicle")) and seats and seats > 0 and _s(v.get("type")) not in ("Truck", "Cast Trailer"):
            vehicles.append((int(seats), _s(v["vehicle"])))
    vehicles.sort()
    cap = max((s for s, _ in vehicles), default=DEFAULT_SEATS)
    # Each passenger's latest pickup: the call less the drive and the buffer.
    need: list[tuple[dt.timedelta, str, Passenger, int | None]] = []
    for ps in people:
        m = drives.minutes(ps.point, location)
        need.append((_floor5(ps.call - (m or 0) * MIN - buffer), ps.point, ps, m))
    need.sort(key=lambda x: (x[1].casefold(), x[0], x[2].ident))
    groups: list[list[tuple[dt.timedelta, str, Passenger, int | None]]] = []
    for item in need:
        g = groups[-1] if groups else None
        if g and g[0][1] == item[1] and len(g) < cap and item[0] - g[0][0] <= SHARE_WINDOW:
            g.append(item)
        else:
            groups.append([item])
    groups.sort(key=lambda g: (g[0][0], g[0][1].casefold()))
    busy: dict[str, dt.timedelta] = {}
    runs: list[DerivedRun] = []
    for g in groups:
        at = min(x[0] for x in g)
        minutes = g[0][3]
        free = [(s, v) for s, v in vehicles if busy.get(v, dt.timedelta.min) <= at]
        pick = next(((s, v) for s, v in free if s >= len(g)), free[-1] if free else None)
        chunks = [g] if pick is None or pick[0] >= len(g) else [g[:pick[0]], g[pick[0]:]]
        for k, chunk in enumerate(chunks):
            vehicle = None
            if k == 0 and pick is not None:
                vehicle = pick[1]
            elif k > 0:
                rest = [(s, v) for s, v in free if v != (pick[1] if pick else None)]
                vehicle = rest[-1][1] if rest else None
            if vehicle is not None:
                # Free again once the passengers are at the set and the vehicle has driven back.
                busy[vehicle] = at + 2 * (minutes or 0) * MIN + buffer
            people_ = tuple(x[2] for x in chunk)
            purpose = "Cast Pickup" if any(folks_is_cast(p, x.ident) for x in people_) else "Crew Shuttle"
            runs.append(DerivedRun(day, at, g[0][1], location, people_, minutes, vehicle, purpose))
    return runs


def folks_is_cast(p: Production, ident: str) -> bool:
    person = who(p).get(person_key(ident))
    return person is not None and person.cast


@dataclass(frozen=True, slots=True)
class PickupRows:
    """Transport rows derived for the shoot days that have no runs yet, and why the other days got none."""

    rows: tuple[dict[str, object], ...]  # new Transport rows, by day then run
    added: dict[int, int]  # shoot day -> runs added
    skipped: dict[int, str]  # shoot day -> why nothing was added (the coordinator's runs, or nobody to collect)


def _clock(t: dt.timedelta) -> str:
    minutes = int(t.total_seconds() // 60)
    days, minutes = divmod(minutes, 24 * 60)
    return f"{minutes // 60:02d}:{minutes % 60:02d}" + (f" +{days}" if days > 0 else "")


def pickup_rows(p: Production, days: list[int] | None = None) -> PickupRows:
    """Transport rows for the pickups of ``days`` (None: every shoot day of Days) that have no Transport rows.

    A day with runs is the coordinator's: it is skipped whole, never topped up, so a run they deleted on purpose
    does not come back. The new runs are numbered 1, 2… in pickup order within their day (the day had none), their
    vehicle the one the derivation assigned (blank when the fleet had none free), and their Notes say they were
    derived and which call they serve, so a coordinator checking them knows what each was made from."""
    t = p.transport
    taken: dict[int, int] = {}
    if len(t):
        for d in t["day"].dropna():
            taken[int(d)] = taken.get(int(d), 0) + 1
    if days is None:
        days = sorted({int(d) for d in p.days["day"].dropna()})
    rows: list[dict[str, object]] = []
    added: dict[int, int] = {}
    skipped: dict[int, str] = {}
    for day in days:
        if taken.get(day):
            n = taken[day]
            skipped[day] = (f"already has {n} run{'s' if n != 1 else ''} in the Transport table (yours, left as "
                            "they are)")
            continue
        runs = derive_pickups(p, day)
        if not runs:
            skipped[day] = "nobody to collect (no Pickup in Calls, nobody from out of town working)"
            continue
        for n, run in enumerate(runs, start=1):
            first = min(run.passengers, key=lambda x: x.call)
            rows.append({"day": day, "run": str(n), "vehicle": run.vehicle, "pickup_time": run.pickup_time,
                         "pickup_point": run.pickup_point, "passengers": ", ".join(x.ident for x in run.passengers),
                         "drop_off": run.drop_off or None, "purpose": run.purpose,
                         "notes": f"Derived: first call {_clock(first.call)} ({first.call_of})"})  # fmt: skip
        added[day] = len(runs)
    return PickupRows(tuple(rows), added, skipped)

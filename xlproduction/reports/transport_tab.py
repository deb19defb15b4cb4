"""The Transport tab: one shoot day's movement order — vehicle, driver, its stops in order, who rides, and when.

What a transport captain hands the drivers the evening before: at the top the set (location and address), base
camp, crew parking and the nearest hospital with its address and phone, then each vehicle with its driver and the
driver's phone on the first row of its runs, and its runs in pickup order — pickup time, from, the passengers
(performers by Cast ID and character, crew by name), to, the estimated arrival (the pickup plus the drive, when
the drop-off is a location) and the flight or train it meets.

The runs are the Transport table's rows for the day. A day with none is laid out from the pickups derived from the
day's calls (model/pickups.py), and the tab says so in its second line: a starting point to check, never copied
into the Transport table behind the coordinator's back.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

import pandas as pd

from ..model.contract import TRANSPORT_SHEET_PREFIX
from ..model.logistics import person_key, split_people
from ..model.numformats import DATE_FORMAT
from ..model.pickups import Drives, derive_pickups
from ..model.production import Production
from ..model.sheetspec import Block, SheetSpec, Style
from .errors import ReportInputError
from .logistics_common import clock, person_label, text

HEADERS = ("Vehicle", "Driver", "Driver Phone", "Run", "Pickup", "From", "Passengers", "Pax", "To", "ETA", "Purpose",
           "Flight/Train", "Notes")
WIDTHS = (20, 20, 16, 6, 9, 30, 44, 5, 24, 9, 14, 12, 30)
NO_VEHICLE = "(no vehicle)"


@dataclass(frozen=True, slots=True)
class Stop:
    vehicle: str
    run: str
    pickup: dt.timedelta | None
    origin: str
    passengers: tuple[str, ...]  # as printed
    destination: str
    eta: dt.timedelta | None
    purpose: str
    flight: str
    notes: str


@dataclass(frozen=True, slots=True)
class MovementOrder:
    day: int
    date: dt.date | None
    derived: bool  # laid out from the calls: the Transport table has no runs that day
    location: dict[str, str]  # id, name, address, base camp, parking, hospital, hospital address/phone
    crew_call: dt.timedelta | None
    vehicles: dict[str, tuple[str, int | None, str, str]]  # vehicle -> type, seats, driver, driver phone
    stops: tuple[Stop, ...]  # by vehicle (in Vehicles order, then unknown ones), then pickup time


def _td(v: object) -> dt.timedelta | None:
    if v is None or v is pd.NaT or v is pd.NA or (isinstance(v, float) and v != v):
        return None
    return v.to_pytimedelta() if isinstance(v, pd.Timedelta) else v if isinstance(v, dt.timedelta) else None


def tab_name(day: int, date: dt.date | None) -> str:
    """'Transport D05 Fri 05-Mar': one tab per shoot day, replaced when the day is made again."""
    return f"{TRANSPORT_SHEET_PREFIX} D{day:02d}" + (f" {date:%a %d-%b}" if date else "")


def movement_order(p: Production, day: int) -> MovementOrder:
    """The movement order of shoot day ``day``; ReportInputError when the Days table has no such day."""
    days = p.days.dropna(subset=["day"])
    rows = days[days["day"] == day]
    if rows.empty:
        known = ", ".join(str(int(d)) for d in days["day"]) or "none"
        raise ReportInputError(f"Day {day} is not in the Days table. Shoot days: {known}.")
    r = rows.iloc[0]
    date = pd.Timestamp(r["date"]).date() if not pd.isna(r["date"]) else None
    loc_id = text(r.get("location"))
    loc = next((x for x in p.locations.to_dict("records") if person_key(text(x.get("location_id"))) ==
                person_key(loc_id)), {}) if loc_id else {}  # fmt: skip
    location = {k: text(loc.get(k)) for k in ("name", "address", "base_camp", "parking", "hospital",
                                              "hospital_address", "hospital_phone")}  # fmt: skip
    location["id"] = loc_id
    vehicles: dict[str, tuple[str, int | None, str, str]] = {}
    for v in p.vehicles.to_dict("records"):
        name = text(v.get("vehicle"))
        if name and name not in vehicles:
            seats = v.get("seats")
            vehicles[name] = (text(v.get("type")), int(seats) if isinstance(seats, (int, float)) and seats == seats
                              else None, text(v.get("driver")), text(v.get("driver_phone")))  # fmt: skip
    drives = Drives(p)
    t = p.transport
    runs = t[(t["day"] == day).fillna(False).to_numpy(dtype=bool)] if len(t) else t
    stops: list[Stop] = []
    if len(runs):
        for x in runs.to_dict("records"):
            pickup, origin, dest = _td(x.get("pickup_time")), text(x.get("pickup_point")), text(x.get("drop_off"))
            minutes = drives.minutes(origin, dest) if origin and dest else None
            eta = pickup + dt.timedelta(minutes=minutes) if pickup is not None and minutes is not None else None
            stops.append(Stop(text(x.get("vehicle")) or NO_VEHICLE, text(x.get("run")), pickup, origin,
                              tuple(person_label(p, who) for who in split_people(x.get("passengers"))), dest, eta,
                              text(x.get("purpose")), text(x.get("flight_train")), text(x.get("notes"))))  # fmt: skip
    else:
        for n, run in enumerate(derive_pickups(p, day), start=1):
            eta = run.pickup_time + dt.timedelta(minutes=run.drive_minutes) if run.drive_minutes is not None else None
            first = min(ps.call for ps in run.passengers)
            stops.append(Stop(run.vehicle or NO_VEHICLE, str(n), run.pickup_time, run.pickup_point,
                              tuple(person_label(p, ps.ident) for ps in run.passengers), run.drop_off, eta,
                              run.purpose, "", f"First call {clock(first)}"))  # fmt: skip
    order = {v: i for i, v in enumerate(vehicles)}
    stops.sort(key=lambda s: (order.get(s.vehicle, len(order)), s.vehicle, s.pickup or dt.timedelta.max, s.run))
    return MovementOrder(day, date, not len(runs), location, _td(r.get("crew_call")), vehicles, tuple(stops))


def movement_frame(m: MovementOrder) -> pd.DataFrame:
    """The movement order as flat rows (the CSV export): one row per stop, with its vehicle and driver."""
    rows = []
    for s in m.stops:
        kind, _seats, driver, phone = m.vehicles.get(s.vehicle, ("", None, "", ""))
        rows.append({"Day": m.day, "Vehicle": s.vehicle, "Type": kind, "Driver": driver, "Driver Phone": phone,
                     "Run": s.run, "Pickup": clock(s.pickup), "From": s.origin, "Passengers": ", ".join(s.passengers),
                     "Pax": len(s.passengers), "To": s.destination, "ETA": clock(s.eta), "Purpose": s.purpose,
                     "Flight/Train": s.flight, "Notes": s.notes})  # fmt: skip
    return pd.DataFrame(rows)


def transport_sheet(p: Production, m: MovementOrder, when: dt.datetime | None = None) -> SheetSpec:
    """The movement order as a tab (see the module docstring)."""
    title = p.settings.title or "Production"
    stamp = (when or dt.datetime.now()).strftime("%a %d-%b-%Y %H:%M")
    loc = m.location
    source = ("Derived from the day's calls: the Transport table has no runs for this day. A starting point — check "
              "it, then enter the runs in the Transport table." if m.derived else
              f"{len(m.stops)} runs from the Transport table.")  # fmt: skip
    blocks = [
        Block(1, 1, ((f"Movement order — Day {m.day}" + (f", {m.date:%a %d-%b-%Y}" if m.date else "")
                      + f" — {title}",),), Style(bold=True, size=14)),
        Block(2, 1, ((f"{source} Generated {stamp}.",),), Style(italic=True, color="595959")),
    ]
    facts = (
        ("Set", f"{loc['id']} {loc['name']}".strip() + (f" — {loc['address']}" if loc["address"] else "")),
        ("Base camp", loc["base_camp"]),
        ("Crew parking", loc["parking"]),
        ("Nearest hospital", " — ".join(x for x in (loc["hospital"], loc["hospital_address"], loc["hospital_phone"])
                                        if x)),
        ("Crew call", clock(m.crew_call)),
    )
    blocks.append(Block(4, 1, tuple((k,) for k, _ in facts), Style(bold=True)))
    blocks.append(Block(4, 2, tuple((v or "—",) for _, v in facts)))
    if m.date:
        blocks.append(Block(2, len(HEADERS), ((m.date,),), Style(number_format=DATE_FORMAT, align="right")))
    row = 4 + len(facts) + 1
    blocks.append(Block(row, 1, (HEADERS,), Style(bold=True, fill="D9D9D9", border=True)))
    header_row = row
    # One rectangle for every stop (the vehicle and its driver on the first row of its runs), so the tab costs the
    # same number of Excel calls on a day with two vehicles as on a day with forty.
    body: list[tuple[object, ...]] = []
    current = None
    for s in m.stops:
        vehicle = driver = phone = ""
        if s.vehicle != current:
            current = s.vehicle
            kind, seats, driver, phone = m.vehicles.get(s.vehicle, ("", None, "", ""))
            detail = ", ".join(x for x in (kind, f"{seats} seats" if seats else "") if x)
            vehicle = s.vehicle + (f" ({detail})" if detail else "")
        body.append((vehicle or None, driver or None, phone or None, s.run, clock(s.pickup), s.origin,
                     ", ".join(s.passengers), len(s.passengers) or None, s.destination, clock(s.eta), s.purpose,
                     s.flight, s.notes))
    if body:
        blocks.append(Block(header_row + 1, 1, tuple(body), Style(border=True, wrap=True)))
    row = header_row + 1 + len(body)
    if not m.stops:
        blocks.append(Block(row, 1, (("No runs and nobody to collect on this day.",),), Style(italic=True)))
    return SheetSpec(name=tab_name(m.day, m.date), blocks=tuple(blocks),
                     widths={i + 1: w for i, w in enumerate(WIDTHS)}, freeze=f"A{header_row + 1}",
                     print_title_rows=f"{header_row}:{header_row}", landscape=True,
                     paper=p.settings.paper_size or "Letter", tab_color="C65911", literal_text=True)  # fmt: skip

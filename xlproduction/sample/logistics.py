"""Logistics of a generated production: who is from out of town, their flights and hotel rooms, the vehicles and
the day's transport runs, the per diem rates, and which meals catering serves.

Everything follows from the schedule that is already built. Performers who fly in (their Travel days in Cast
Events) and a share of the crew are not local; they get a flight each way, a room from the arrival night to the
departure morning (two crew members share a double, to show a shared room), and airport runs on the travel days
that fall on shoot days. Each shoot day the leads, principals and minors with a pickup call are collected from
the hotel or the production office ahead of their makeup call by the drive to the set, the out-of-town crew ride a
shuttle from the hotel, and a company move sends the truck to the next location. Vehicles are added to the fleet
only when a run finds none free, so the fleet is the smallest one that covers the busiest day.
"""

from __future__ import annotations

import datetime as dt
import math
import random
from collections import defaultdict
from dataclasses import dataclass, field
from typing import Any

from ..model.contract import SAG_AFTRA_MEALS
from ..model.logistics import drive_minutes_between
from ..model.tabledata import Row
from .castwork import CastPlan
from .locations import location_id
from .places import OFFICE_ADDRESS, Place
from .shootdays import MIN, DayTimes

SPEED_KMH = 40.0  # the Drive Speed setting's default: Los Angeles surface streets at call time
BUFFER = 10 * MIN  # the Pickup Buffer Minutes default
OFFICE_LATLON = (34.1561, -118.3300)  # the production office on W Riverside Dr, Burbank


@dataclass(frozen=True, slots=True)
class Hotel:
    name: str
    address: str
    latitude: float
    longitude: float
    rate: float  # nightly, USD
    code: str  # confirmation prefix


# Invented hotels near the Burbank office (street numbers invented, as for the locations).
HOTELS = (
    Hotel("The Magnolia Suites", "2510 W Olive Ave, Burbank, CA 91505", 34.1549, -118.3270, 245.0, "MGS"),
    Hotel("Riverside Lodge Burbank", "1180 W Riverside Dr, Burbank, CA 91506", 34.1580, -118.3190, 189.0, "RLB"),
    Hotel("Hollywood Way Inn", "3020 N Hollywood Way, Burbank, CA 91505", 34.1905, -118.3490, 159.0, "HWI"),
)
# Where out-of-town crew fly from: (city, airport code, flight prefix, one-way fare).
HOME_CITIES = (("New York", "JFK", "AA", 420.0), ("Atlanta", "ATL", "DL", 360.0), ("Albuquerque", "ABQ", "WN", 190.0),
               ("Vancouver", "YVR", "AC", 380.0), ("Chicago", "ORD", "UA", 310.0))  # fmt: skip
AIRPORT = "LAX"
# Seats of each vehicle type, and the type a run of a kind takes.
SEATS = {"Car": 3, "Van": 10, "Minibus": 24, "Cast Trailer": 0, "Truck": 2}
CAST_ACCOUNT, CREW_ACCOUNT, TRANSPORT_ACCOUNT = "1500", "3500", "3400"


@dataclass(slots=True)
class Guest:
    person: str  # Cast ID or crew name
    arrive: dt.date  # the travel day in
    leave: dt.date  # the travel day home
    cast: bool
    tier: str = ""  # lead, principal… for cast
    home: tuple[str, str, str, float] = HOME_CITIES[0]
    hotel: Hotel = HOTELS[0]


@dataclass(slots=True)
class _Fleet:
    """Vehicles by type, each busy until a time on each date; a run takes the first one free or a new one."""

    vehicles: list[Row] = field(default_factory=list)
    busy: dict[tuple[str, dt.date], dt.timedelta] = field(default_factory=dict)

    def take(self, kind: str, date: dt.date, start: dt.timedelta, end: dt.timedelta) -> str:
        for v in self.vehicles:
            if v["type"] == kind and self.busy.get((v["vehicle"], date), dt.timedelta(-1)) <= start:
                self.busy[(v["vehicle"], date)] = end
                return str(v["vehicle"])
        n = sum(1 for v in self.vehicles if v["type"] == kind) + 1
        name = f"{kind.upper()} {n}"
        self.vehicles.append({"vehicle": name, "type": kind, "seats": SEATS[kind], "driver": None,
                              "driver_phone": None, "notes": None})  # fmt: skip
        self.busy[(name, date)] = end
        return name


def travellers(events: list[Row], plans: list[CastPlan], cast_ids: list[str], crew: list[Row],
               rng: random.Random) -> list[Guest]:  # fmt: skip
    """Out-of-town people: performers with travel days (arriving the first, leaving the last) and about one crew
    member in eight of those hired for the whole shoot (arriving the day before the start date, leaving the day
    after the end date)."""
    guests: list[Guest] = []
    trips: dict[str, list[dt.date]] = defaultdict(list)
    for e in events:
        if e["event"] == "Travel":
            trips[e["cast_id"]].append(e["date"])
    tier = dict(zip(cast_ids, (p.tier for p in plans), strict=True))
    for cid, dates in trips.items():
        guests.append(Guest(cid, min(dates), max(dates), True, tier[cid],
                            hotel=HOTELS[0] if tier[cid] == "lead" else HOTELS[1]))  # fmt: skip
    # Crew on the whole shoot, not the production office's locals, in a stable order.
    eligible = [c for c in crew if c["department"] not in ("Production", "Accounting", "Transportation", "Catering")
                and (c["end_date"] - c["start_date"]).days >= 14]  # fmt: skip
    n = max(3, len(crew) // 8)
    chosen = rng.sample(eligible, k=min(n, len(eligible)))
    # Two of them on the same dates come from the same city and share a room (the rooming list shows how).
    spans: dict[tuple[dt.date, dt.date], list[Row]] = defaultdict(list)
    for c in eligible:
        spans[(c["start_date"], c["end_date"])].append(c)
    pair = max(spans.values(), key=len)[:2]
    if len(pair) == 2:
        chosen = pair + [c for c in chosen if c not in pair][: max(1, n - 2)]
    for k, c in enumerate(chosen):
        home = HOME_CITIES[0] if k < len(pair) == 2 else rng.choice(HOME_CITIES)
        hotel = HOTELS[1] if k < len(pair) == 2 else HOTELS[1 + k % 2]
        guests.append(Guest(c["name"], c["start_date"] - dt.timedelta(days=1), c["end_date"] + dt.timedelta(days=1),
                            False, home=home, hotel=hotel))  # fmt: skip
    return guests


def _ref(rng: random.Random, n: int = 6) -> str:
    return "".join(rng.choice("ABCDEFGHJKLMNPQRSTUVWXYZ23456789") for _ in range(n))


def travel_rows(guests: list[Guest], rng: random.Random) -> list[Row]:
    """A flight in on the arrival day and home on the departure day for every guest."""
    rows: list[Row] = []
    for g in guests:
        _city, code, carrier, fare = g.home
        number = rng.randint(100, 2999)
        ref = _ref(rng)
        account = CAST_ACCOUNT if g.cast else CREW_ACCOUNT
        legs = ((g.arrive, code, AIRPORT, 8 * 60, 11 * 60 + 25), (g.leave, AIRPORT, code, 13 * 60, 21 * 60 + 30))
        for k, (date, origin, dest, dep, arr) in enumerate(legs):
            if code == "ABQ":  # a short hop
                arr = dep + 125
            rows.append({
                "person": g.person, "date": date, "origin": origin, "destination": dest, "mode": "Flight",
                "carrier": f"{carrier} {number + k}", "depart": dep * MIN, "arrive": arr * MIN, "booking_ref": ref,
                "cost": round(fare * (1.6 if g.tier == "lead" else 1.0) * rng.uniform(0.9, 1.2), 0),
                "account": account, "notes": "Business class (contract)" if g.tier == "lead" else None,
            })  # fmt: skip
    return sorted(rows, key=lambda r: (r["date"], r["depart"]))


def accommodation_rows(guests: list[Guest], rng: random.Random) -> list[Row]:
    """One room per guest from the arrival night to the departure morning; the first two crew guests with the same
    dates share a double (each row names the other, one confirmation, the rate split)."""
    rows: list[Row] = []
    shared: dict[str, str] = {}
    crew = [g for g in guests if not g.cast]
    for i, a in enumerate(crew):
        b = next((b for b in crew[i + 1:] if (b.arrive, b.leave, b.hotel) == (a.arrive, a.leave, a.hotel)), None)
        if b is not None:
            shared[a.person], shared[b.person] = b.person, a.person
            break
    confirmations: dict[str, str] = {}
    for g in guests:
        mate = shared.get(g.person)
        conf = confirmations.get(mate or "") or f"{g.hotel.code}-{rng.randint(10000, 99999)}"
        confirmations[g.person] = conf
        room = "Suite" if g.tier == "lead" else "Double" if mate else "King"
        rate = g.hotel.rate * (1.8 if room == "Suite" else 1.0) / (2 if mate else 1)
        rows.append({
            "person": g.person, "hotel": g.hotel.name, "address": g.hotel.address, "check_in": g.arrive,
            "check_out": g.leave, "room_type": room, "sharing_with": mate,
            "billing": "Production" if g.cast else rng.choice(("Production", "Production", "Incidentals Self")),
            "confirmation": conf, "nightly_rate": round(rate, 2), "currency": None,
            "account": CAST_ACCOUNT if g.cast else CREW_ACCOUNT,
            "notes": "Rate split with the room-mate" if mate else None,
        })  # fmt: skip
    return sorted(rows, key=lambda r: (r["check_in"], r["hotel"], str(r["person"])))


def travel_minutes(places: list[Place]) -> dict[str, int]:
    """Minutes from the office and the hotels (all in Burbank) to each location, rounded up to five."""
    out = {}
    for i, p in enumerate(places):
        m = drive_minutes_between(*OFFICE_LATLON, p.latitude, p.longitude, SPEED_KMH)
        out[location_id(i)] = max(10, -(-m // 5) * 5)
    return out


def _floor5(t: dt.timedelta) -> dt.timedelta:
    return (t // (5 * MIN)) * (5 * MIN)


def transport_rows(dates: list[dt.date], times: list[DayTimes], where: list[int], moves: dict[int, int],
                   calls: list[Row], plans: list[CastPlan], cast_ids: list[str], crew: list[Row],
                   guests: list[Guest], travel: list[Row], minutes: dict[str, int],
                   rng: random.Random) -> tuple[list[Row], list[Row]]:  # fmt: skip
    """The runs of every shoot day, and the fleet they need (Vehicles rows without drivers yet)."""
    fleet = _Fleet()
    tier = dict(zip(cast_ids, (p.tier for p in plans), strict=True))
    minor = {cid for cid, p in zip(cast_ids, plans, strict=True) if p.minor}
    guest_of = {g.person: g for g in guests}
    crew_of = {c["name"]: c for c in crew}
    calls_by_day: dict[int, list[Row]] = defaultdict(list)
    # A Calls row for a crew member or a department moves their call that day, as the call sheet prints it; the
    # shuttle must get them there for that call, not for the crew call plus their usual offset.
    crew_calls: dict[tuple[int, str], dt.timedelta] = {}
    for c in calls:
        if c["cast_id"] is not None and c["pickup"] is not None:
            calls_by_day[c["day"]].append(c)
        elif c["call"] is not None and (c["crew"] or c["department"]):
            crew_calls[(c["day"], c["crew"] or f"dept:{c['department']}")] = c["call"]
    travel_by_date: dict[dt.date, list[Row]] = defaultdict(list)
    for t in travel:
        travel_by_date[t["date"]].append(t)
    rows: list[Row] = []
    for d, date in enumerate(dates):
        day, t = d + 1, times[d]
        loc = location_id(where[d])
        drive = minutes[loc] * MIN
        runs: list[tuple[dt.timedelta, str, str, list[str], str, str, str | None, str | None, dt.timedelta]] = []
        # Cast pickups: a lead alone in a car, the others sharing a van per pickup point and call.
        groups: dict[tuple[str, dt.timedelta], list[str]] = defaultdict(list)
        for c in sorted(calls_by_day[day], key=lambda c: (c["makeup"], int(c["cast_id"]))):
            g = guest_of.get(c["cast_id"])
            point = g.hotel.name if g is not None and g.arrive <= date < g.leave else OFFICE_ADDRESS
            call = min(x for x in (c["makeup"], c["on_set"]) if x is not None)
            if tier[c["cast_id"]] == "lead" or c["cast_id"] in minor:
                why = "With parent/guardian" if c["cast_id"] in minor else None
                runs.append((_floor5(call - drive - BUFFER), "Car", point, [c["cast_id"]], loc, "Cast Pickup", None,
                             why, call))  # fmt: skip
            else:
                groups[(point, call)].append(c["cast_id"])
        for (point, call), people in groups.items():
            for k in range(0, len(people), SEATS["Van"]):
                runs.append((_floor5(call - drive - BUFFER), "Van", point, people[k:k + SEATS["Van"]], loc,
                             "Cast Pickup", None, None, call))  # fmt: skip
        # Out-of-town crew: a shuttle from each hotel for each call time.
        shuttles: dict[tuple[str, dt.timedelta], list[str]] = defaultdict(list)
        for g in guests:
            if not g.cast and g.arrive < date < g.leave:
                person = crew_of[g.person]
                if person["start_date"] <= date <= person["end_date"]:
                    call = crew_calls.get((day, person["name"]),
                                          crew_calls.get((day, f"dept:{person['department']}"),
                                                         t.crew_call + person["call_offset"] * MIN))
                    shuttles[(g.hotel.name, call)].append(g.person)
        for (point, call), people in sorted(shuttles.items(), key=lambda kv: (kv[0][1], kv[0][0])):
            kind = "Minibus" if len(people) > SEATS["Van"] else "Van"
            for k in range(0, len(people), SEATS[kind]):
                runs.append((_floor5(call - drive - BUFFER), kind, point, people[k:k + SEATS[kind]], loc,
                             "Crew Shuttle", None, None, call))  # fmt: skip
        # Airport runs for the flights of the day: from the terminal after landing, to it two hours before take-off.
        for leg in travel_by_date.get(date, []):
            g = guest_of[leg["person"]]
            if leg["destination"] == AIRPORT:
                runs.append((_floor5(leg["arrive"] + 30 * MIN), "Car", AIRPORT, [g.person], g.hotel.name, "Airport",
                             leg["carrier"], None, leg["arrive"] + 90 * MIN))  # fmt: skip
            else:
                runs.append((_floor5(leg["depart"] - 150 * MIN), "Car", g.hotel.name, [g.person], AIRPORT,
                             "Airport", leg["carrier"], None, leg["depart"] - 60 * MIN))  # fmt: skip
        # A company move: the truck takes the set and equipment on to the next location after lunch.
        if d in moves:
            runs.append((t.lunch + 45 * MIN, "Truck", loc, [], location_id(moves[d]), "Company Move", None,
                         f"Equipment and set dressing to {location_id(moves[d])}", t.lunch + 150 * MIN))  # fmt: skip
        # Equipment: the camera truck from the office the first morning at a new location.
        if d == 0 or where[d - 1] != where[d]:
            runs.append((_floor5(t.crew_call - drive - 60 * MIN), "Truck", OFFICE_ADDRESS, [], loc, "Equipment", None,
                         "Camera and grip package", t.crew_call))  # fmt: skip
        runs.sort(key=lambda r: (r[0], r[5], r[2]))
        for n, (pickup, kind, point, people, drop, purpose, flight, notes, free_at) in enumerate(runs, start=1):
            # The vehicle is back and free once the passengers are delivered and it has driven back.
            vehicle = fleet.take(kind, date, pickup, max(free_at, pickup) + drive + 15 * MIN)
            rows.append({"day": day, "run": str(n), "vehicle": vehicle, "pickup_time": pickup, "pickup_point": point,
                         "passengers": ", ".join(people) or None, "drop_off": drop, "purpose": purpose,
                         "flight_train": flight, "notes": notes})  # fmt: skip
    return rows, fleet.vehicles


def vehicle_rows(vehicles: list[Row], crew: list[Row], extra_driver: object) -> list[Row]:
    """The fleet with a driver each: the Transportation crew first (drivers, then the captain), then invented
    Teamsters drivers for the bigger fleets (``extra_driver()`` gives a name and a phone)."""
    transport = [c for c in crew if c["department"] == "Transportation" and c["position"] in ("Driver",
                                                                                            "Transportation Captain")]
    transport.sort(key=lambda c: c["position"] != "Driver")
    order = {"Car": 0, "Van": 1, "Minibus": 2, "Truck": 3, "Cast Trailer": 4}
    out = sorted(vehicles, key=lambda v: (order[v["type"]], int(v["vehicle"].rsplit(" ", 1)[1])))
    for i, v in enumerate(out):
        if i < len(transport):
            v["driver"], v["driver_phone"] = transport[i]["name"], transport[i]["phone"]
        else:
            v["driver"], v["driver_phone"] = extra_driver()  # type: ignore[operator]
    return out


def cast_trailers(n_cast: int) -> list[Row]:
    """Dressing-room trailers at base camp (no passengers): one per four leads and principals, at least one."""
    n = max(1, min(6, n_cast // 12))
    return [{"vehicle": f"CAST TRAILER {k + 1}", "type": "Cast Trailer", "seats": 0, "driver": None,
             "driver_phone": None, "notes": "Parked at base camp: 3-room dressing trailer"} for k in range(n)]


def per_diem_rows(first_date: dt.date) -> list[Row]:
    """The SAG-AFTRA minimum rates for cast, the same rates for everyone else, from before prep starts."""
    start = dt.date(first_date.year - 1, 7, 1)
    meals = SAG_AFTRA_MEALS
    return [{"effective_from": start, "union": union, "breakfast": meals["breakfast"], "lunch": meals["lunch"],
             "dinner": meals["dinner"], "currency": "USD", "notes": note}
            for union, note in (("SAG-AFTRA", "SAG-AFTRA minimums per meal"),
                                (None, "Everyone else: the production's own rate"))]  # fmt: skip


def cover_travel_budget(budget: list[Row], travel: list[Row], rooms: list[Row], shoot_days: int) -> None:
    """Raise the out-of-town cast lines of account 1500 to what the bookings cost (with a tenth to spare), so the
    sample's budget carries its own travel and living at every size: a TV season flies in far more guests than the
    feature's two the template lines assume. Only raises: the small sizes keep their lines."""
    def cost(rows: list[Row], value: Any) -> float:
        return sum(value(r) for r in rows if r["account"] == CAST_ACCOUNT)

    fares = cost(travel, lambda r: r["cost"] or 0.0)
    hotel = cost([r for r in rooms if r["billing"] == "Production"],
                 lambda r: r["nightly_rate"] * (r["check_out"] - r["check_in"]).days)  # fmt: skip
    # Per diems run every day away, arrival to departure, at most the three meals' full rate (60 USD).
    away = cost(rooms, lambda r: (r["check_out"] - r["check_in"]).days + 1) * 60.0
    for line in budget:
        if line["account"] != CAST_ACCOUNT:
            continue
        if line["description"] == "Airfare — out-of-town cast":  # fares × 1 × the average fare
            wanted = math.ceil(fares * 1.1 / (line["rate"] * line["x"]))
            line["amount"] = float(max(line["amount"], wanted))
        elif line["description"] in ("Hotel — out-of-town cast", "Per diem — out-of-town cast"):
            total = hotel if line["description"].startswith("Hotel") else away  # shoot days × rooms × rate
            line["x"] = float(max(line["x"], math.ceil(total * 1.1 / (line["rate"] * shoot_days))))

"""Transport rules: pickups against the calls, vehicles against their seats, drivers against their rest, and the
people and places the runs name.

A transport plan lives in its own tab and drifts from the schedule: the 1st AD moves a makeup call, the pickup
stays; a van gets one passenger too many; a driver is put on two runs at once. These rules read the Transport
table against Days, Calls, Cast, Crew, Vehicles and Locations the way a transport captain checks the movement
order the night before. The shared facts (runs, passengers, calls) are ``checks.movement``'s.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pandas as pd

from ..model.findings import Finding, Severity
from ..model.production import ROW, Production
from .locate import at_rows
from .movement import calls, engaged, has, passengers, runs
from .registry import rule
from .rest import _setting_hours
from .schedule import clock, day_label, hours, plural

TRANSPORT = ("Transport",)
_TO_SET = ("location", "base camp")


def _names(values: pd.Series) -> str:
    return ", ".join(dict.fromkeys(str(v) for v in values.tolist()))


@rule("LG001", "pickup-too-late", "A pickup is after the passenger's call, or too late for the drive to set.",
      tables=TRANSPORT)
def pickup_too_late(p: Production) -> Iterator[Finding]:
    """
    **What it does.** For every Transport run to the set (its Drop-off a location ID or base camp, Purpose not
    Airport), finds the earliest call among its passengers that day — a performer's Makeup/Hair, else On Set
    (Calls), else the crew call; a crew member's own or department Call, else the crew call plus their Call Offset
    — and reports a Pickup Time after it, or a pickup so late that the drive does not arrive by it. The drive is
    the drop-off location's Travel Minutes, else the straight line from a pickup location at the Drive Speed
    setting; without either, only a pickup after the call is reported. On a night shoot a call or a pickup twelve
    hours or more before the crew call is read as after midnight (crew call 6:00 PM, on set 12:30 AM: the next
    morning's half past midnight), as the derived pickups read it.

    **Why it matters.** A performer picked up after their makeup call holds up hair and makeup and then the first
    shot; the whole unit waits, on the clock.

    **Example.** Cast 1's makeup call on day 1 is 6:00 AM; the car picks her up at 5:50 AM for a 25-minute drive.

    **Fix.** Move the pickup earlier (the hint gives the latest pickup that makes the call), or the call later.
    """
    if not has(p, "Transport"):
        return
    pax = passengers(p)
    pax = pax[pax["drop_kind"].isin(_TO_SET).to_numpy(dtype=bool) & (pax["purpose"] != "Airport").fillna(True)
              .to_numpy(dtype=bool) & pax["pickup_at"].notna().to_numpy(dtype=bool)]  # fmt: skip
    if pax.empty:
        return
    c = calls(p)[["pkey", "date", "call_at"]]
    pax = pax.merge(c, left_on=["pkey", pd.to_datetime(pax["date"]).astype("datetime64[ns]")],
                    right_on=["pkey", "date"], how="inner", suffixes=("", "_c"))
    if pax.empty:
        return
    first = pax.sort_values("call_at").drop_duplicates(ROW)
    arrive = first["pickup_at"] + first["drive"].fillna(pd.Timedelta(0))
    bad = first[(arrive > first["call_at"]).to_numpy(dtype=bool)]

    def message(r: dict[str, Any]) -> str:
        who = r["who"]
        if r["pickup_at"] > r["call_at"]:
            return (f"Run {r['run']} on {day_label(r['day'], r['date'])} picks up {who} at {clock(r['pickup_time'])}, "
                    f"after their call at {clock(r['call_at'] - pd.Timestamp(r['date']))}.")
        return (f"Run {r['run']} on {day_label(r['day'], r['date'])} picks up {who} at {clock(r['pickup_time'])}; "
                f"with the {int(r['drive'].total_seconds() // 60)}-minute drive to {r['drop_off']} they arrive after "
                f"their call at {clock(r['call_at'] - pd.Timestamp(r['date']))}.")

    def hint(r: dict[str, Any]) -> str:
        drive = r["drive"] if not pd.isna(r["drive"]) else pd.Timedelta(0)
        latest = r["call_at"] - drive - pd.Timestamp(r["date"])
        return f"Pick them up at {clock(latest)} or earlier, or move their call later."

    yield from at_rows(p, pickup_too_late.info, "Transport", bad, "pickup_time", message, hint)


@rule("LG002", "vehicle-over-seats", "A transport run carries more passengers than its vehicle has seats.",
      tables=TRANSPORT)
def vehicle_over_seats(p: Production) -> Iterator[Finding]:
    """
    **What it does.** Counts the distinct passengers of each Transport run (Cast IDs and crew names, separated by
    commas) and compares them with the Seats of its vehicle in the Vehicles table (the driver's seat not counted).

    **Why it matters.** A van with one passenger too many leaves someone on the pavement at 5 AM, or drives
    illegally; either way the call is missed.

    **Example.** VAN 1 has 10 seats; run 4 lists 11 passengers.

    **Fix.** Move the extra passengers to another run or vehicle, or use a bigger vehicle.
    """
    if not has(p, "Transport") or not has(p, "Vehicles"):
        return
    pax = passengers(p)
    n = pax.groupby(ROW).size()
    t = runs(p)
    t = t.assign(n=t[ROW].map(n).fillna(0).astype(int))
    bad = t[(t["seats"].notna() & (t["n"] > t["seats"].fillna(0))).to_numpy(dtype=bool)]
    yield from at_rows(
        p, vehicle_over_seats.info, "Transport", bad, "passengers",
        lambda r: f"Run {r['run']} on {day_label(r['day'], r['date'])} puts {plural(r['n'], 'passenger')} in "
                  f"{r['vehicle']}, which has {r['seats']} seats.",
        lambda r: f"Move {plural(r['n'] - r['seats'], 'passenger')} to another run, or give the run a bigger vehicle.")


def _driver(r: dict[str, Any]) -> str:
    return f"{r['driver']} ({r['vehicle']})" if not pd.isna(r["driver"]) else str(r["vehicle"])


@rule("LG003", "driver-double-booked", "A driver or vehicle is on two transport runs at the same time.",
      tables=TRANSPORT)
def driver_double_booked(p: Production) -> Iterator[Finding]:
    """
    **What it does.** Takes each run's driver (the Vehicles table's Driver of its vehicle, else the vehicle itself)
    and the time the run takes: from its Pickup Time to the arrival at the drop-off (the drop-off location's Travel
    Minutes; a run whose drive is unknown takes a minute). A run starting before the same driver's earlier run of
    the day has arrived is reported.

    **Why it matters.** One driver cannot be in two places: one of the two pickups will be late, and with it a
    performer's makeup call or the crew's.

    **Example.** Lark Coldridge drives CAR 2 on run 3 at 5:40 AM (25 minutes to L02) and VAN 1 on run 5 at
    5:50 AM.

    **Fix.** Give one of the runs another vehicle or driver, or move its pickup after the other run arrives.
    """
    if not has(p, "Transport"):
        return
    t = runs(p)
    t = t[t["pickup_at"].notna().to_numpy(dtype=bool) & t["driver_key"].notna().to_numpy(dtype=bool)]
    if len(t) < 2:
        return
    t = t.sort_values(["driver_key", "pickup_at", ROW])
    grp = t["driver_key"]
    same = (grp == grp.shift(1)).to_numpy(dtype=bool)
    busy_until = t.groupby("driver_key")["end_at"].cummax().shift(1)
    overlap = same & (t["pickup_at"] < busy_until).fillna(False).to_numpy(dtype=bool)
    if not overlap.any():
        return
    t = t.assign(busy_until=busy_until)
    bad = t[overlap].copy()
    # The run it collides with: an earlier run of the driver still under way at this pickup (few rows: the
    # flagged ones only).
    other = []
    for k, start, row in zip(bad["driver_key"].tolist(), bad["pickup_at"].tolist(), bad[ROW].tolist(), strict=True):
        hit = t[(t["driver_key"] == k).to_numpy(dtype=bool) & (t["pickup_at"] <= start).to_numpy(dtype=bool)
                & (t["end_at"] > start).to_numpy(dtype=bool) & (t[ROW] != row).to_numpy(dtype=bool)]
        other.append(f"run {hit['run'].iloc[0]}" if len(hit) else "another run")
    bad["other"] = other
    yield from at_rows(
        p, driver_double_booked.info, "Transport", bad, "vehicle",
        lambda r: f"{_driver(r)} is on run {r['run']} at {clock(r['pickup_time'])} on "
                  f"{day_label(r['day'], r['date'])} while still on {r['other']} until "
                  f"{clock(r['busy_until'] - pd.Timestamp(r['date']))}.",
        "Give one of the runs another vehicle or driver, or move its pickup after the other run arrives.")


@rule("LG004", "driver-turnaround-short", "A driver gets less rest than Crew Turnaround Hours between two days' "
      "runs.", Severity.WARNING, tables=TRANSPORT)
def driver_turnaround_short(p: Production) -> Iterator[Finding]:
    """
    **What it does.** For each driver (the Vehicles table's Driver, else the vehicle), measures from the arrival
    of their last run of a date to the pickup of their first run on their next date with runs, and reports a
    rest shorter than Settings' Crew Turnaround Hours (10 h by default: the Teamsters drivers' rest follows the
    crew's).

    **Why it matters.** Drivers carry the cast and crew at the ends of long days; a short turnaround is a forced
    call paid as a penalty and a tired driver on the road at 4 AM.

    **Example.** Anika Gravesend's last run on day 4 arrives at 11:40 PM; her first pickup on day 5 is 5:10 AM:
    5.5 hours.

    **Fix.** Give the early run to another driver, or move the late run.
    """
    if not has(p, "Transport"):
        return
    need = _setting_hours(p, "crew_turnaround_hours")
    t = runs(p)
    t = t[t["pickup_at"].notna().to_numpy(dtype=bool)]
    if len(t) < 2:
        return
    t = t.assign(date=pd.to_datetime(t["date"]))
    g = t.groupby(["driver_key", "date"])
    day = pd.DataFrame({"first_at": g["pickup_at"].min(), "last_end": g["arrive_at"].max()}).reset_index()
    first_idx = t.sort_values(["pickup_at", ROW]).drop_duplicates(["driver_key", "date"]).set_index(
        ["driver_key", "date"])  # fmt: skip
    day = day.sort_values(["driver_key", "date"])
    same = (day["driver_key"] == day["driver_key"].shift(1)).to_numpy(dtype=bool)
    day["prev_end"] = day["last_end"].shift(1)
    day["prev_date"] = day["date"].shift(1)
    day["rest"] = day["first_at"] - day["prev_end"]
    short = day[same & (day["rest"] < need).fillna(False).to_numpy(dtype=bool)]
    if short.empty:
        return
    rows = first_idx.loc[list(zip(short["driver_key"], short["date"], strict=True))].reset_index()
    rows = rows.assign(rest=short["rest"].to_numpy(), prev_end=short["prev_end"].to_numpy(),
                       prev_date=short["prev_date"].to_numpy())  # fmt: skip
    yield from at_rows(
        p, driver_turnaround_short.info, "Transport", rows, "pickup_time",
        lambda r: f"{_driver(r)} gets {hours(r['rest'])} of rest between the last run of "
                  f"{pd.Timestamp(r['prev_date']):%a %d-%b} (arriving {clock(r['prev_end'] - r['prev_date'])}) and run "
                  f"{r['run']} at {clock(r['pickup_time'])} on {day_label(r['day'], r['date'])}; the minimum is "
                  f"{hours(need)}.",
        lambda r: f"Give run {r['run']} to another driver, or pick up at "
                  f"{clock(r['prev_end'] + need - pd.Timestamp(r['date']))} or later.")


@rule("LG005", "passenger-not-working", "A transport run carries someone who is not working or travelling that "
      "day.", Severity.WARNING, tables=TRANSPORT)
def passenger_not_working(p: Production) -> Iterator[Finding]:
    """
    **What it does.** For each passenger of a Transport run who is in Cast or Crew, checks that they are wanted on
    the run's date: a performer in a scene scheduled that day or with a Cast Event (rehearsal, fitting, travel)
    that date; a crew member within their Start and End Date or named in a Calls row that day; anyone with a
    Travel row that date (an airport run).

    **Why it matters.** A pickup for a performer who is not called that day is a car and a driver paid for
    nothing — or the sign that the performer's scene moved and their pickup did not follow it.

    **Example.** Cast 3 is on the 6:10 AM van on day 2, but none of her scenes is on day 2 any more.

    **Fix.** Take them off the run, or schedule the day they are picked up for.
    """
    if not has(p, "Transport"):
        return
    pax = passengers(p)
    pax = pax[pax["kind"].notna().to_numpy(dtype=bool) & pax["date"].notna().to_numpy(dtype=bool)]
    if pax.empty:
        return
    e = engaged(p)
    wanted = pd.MultiIndex.from_arrays([e["pkey"], e["date"]])
    at = pd.MultiIndex.from_arrays([pax["pkey"], pd.to_datetime(pax["date"]).astype("datetime64[ns]")])
    idle = pax[~at.isin(wanted)]
    if idle.empty:
        return
    rows = idle.groupby(ROW, sort=False).agg(who=("who", _names), n=("passenger", "size"))
    bad = runs(p).set_index(ROW).loc[rows.index].reset_index().assign(who=rows["who"].to_numpy(),
                                                                     n=rows["n"].to_numpy())  # fmt: skip
    yield from at_rows(
        p, passenger_not_working.info, "Transport", bad, "passengers",
        lambda r: f"Run {r['run']} on {day_label(r['day'], r['date'])} carries {r['who']}, who "
                  f"{'is' if r['n'] == 1 else 'are'} neither working nor travelling that day.",
        "Take them off the run, or check the schedule, their Cast Events or their crew dates.")


@rule("LG006", "transport-reference-unknown", "A transport run names a day, vehicle, passenger or place the "
      "workbook does not have.", tables=TRANSPORT)
def transport_reference_unknown(p: Production) -> Iterator[Finding]:
    """
    **What it does.** Looks up what each Transport row names: its Day in Days, its Vehicle in Vehicles, each
    passenger as a Cast ID or a crew member's name (case- and space-insensitive), and its Pickup Point and
    Drop-off as a location ID, `Base Camp`, a hotel of the Accommodation table, an airport (its code, or a name
    with "airport") or a street address (a number and a street). A place that is none of these — a location ID
    not in Locations, a hotel nobody is booked into — is reported.

    **Why it matters.** The movement order prints what the run names: a misspelt passenger is never collected,
    an unknown vehicle has no driver, an unknown place has no address for the driver.

    **Example.** Run 7 names passenger `Jane Do` (the Crew table has Jane Doe) and picks up at `Magnolia Suits`.

    **Fix.** Correct the name, ID or place, or add the vehicle, location or hotel booking it refers to.
    """
    if not has(p, "Transport"):
        return
    info = transport_reference_unknown.info
    t = runs(p)
    days = p.days["day"].dropna() if "Days" in p.tables else pd.Series(dtype="Int64")
    yield from at_rows(
        p, info, "Transport", t[(t["day"].notna() & ~t["day"].isin(days)).to_numpy(dtype=bool)], "day",
        lambda r: f"Run {r['run']} is on shoot day {r['day']}, which is not in the Days table.",
        "Correct the Day, or add the shoot day to Days.")
    if has(p, "Vehicles"):
        known = set(p.vehicles["vehicle"].astype("string").str.strip().str.casefold().dropna())
        unknown_vehicle = t["vehicle_key"].notna() & ~t["vehicle_key"].isin(known)
    else:
        unknown_vehicle = t["vehicle"].notna()
    yield from at_rows(
        p, info, "Transport", t[unknown_vehicle.to_numpy(dtype=bool)], "vehicle",
        lambda r: f"Run {r['run']} on {day_label(r['day'], r['date'])} uses vehicle {r['vehicle']}, which is not in "
                  f"the Vehicles table.",
        "Correct the vehicle, or add it to Vehicles with its seats and driver.")
    pax = passengers(p)
    stray = pax[pax["kind"].isna().to_numpy(dtype=bool)]
    if len(stray):
        rows = stray.groupby(ROW, sort=False).agg(who=("who", _names), n=("passenger", "size"))
        bad = t.set_index(ROW).loc[rows.index].reset_index().assign(who=rows["who"].to_numpy(),
                                                                   n=rows["n"].to_numpy())  # fmt: skip
        yield from at_rows(
            p, info, "Transport", bad, "passengers",
            lambda r: f"Run {r['run']} on {day_label(r['day'], r['date'])} carries {r['who']}: neither a Cast ID nor "
                      f"a name in the Crew table.",
            "Type the performer's Cast ID or the crew member's name as the Crew table spells it.")
    for col, kind in (("pickup_point", "point_kind"), ("drop_off", "drop_kind")):
        label = "picks up at" if col == "pickup_point" else "drops off at"
        yield from at_rows(
            p, info, "Transport", t[(t[kind] == "unknown").fillna(False).to_numpy(dtype=bool)], col,
            lambda r, c=col, w=label: f"Run {r['run']} on {day_label(r['day'], r['date'])} {w} '{r[c]}': not a "
                                      f"location ID, base camp, a hotel of the Accommodation table, an airport or an "
                                      f"address.",
            "Use a location ID, 'Base Camp', the hotel as Accommodation spells it, an airport code or a street "
            "address.")


RULES = (pickup_too_late, vehicle_over_seats, driver_double_booked, driver_turnaround_short, passenger_not_working,
         transport_reference_unknown)  # fmt: skip

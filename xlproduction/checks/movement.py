"""What the logistics rules share: the Transport runs and their passengers, the people they name, and each
person's call on a day.

Transport, Travel and Accommodation name people as a coordinator types them (a Cast ID or a crew member's name,
``model.logistics.person_key``) and places as a hotel, a location ID, base camp, an airport or an address. The
rules ask the same questions of them — who is this, when are they called, how long is the drive — so the answers
are computed here once per production (``derived``), as frames the rules filter with pandas.
"""

from __future__ import annotations

import re

import numpy as np
import pandas as pd

from ..model.contract import SETTINGS_BY_KEY
from ..model.logistics import BASE_CAMP, drive_minutes_between
from ..model.production import ROW, Production, derived
from ..model.scheduling import cast_calls, cast_days, day_times, key

CAST, CREW = "cast", "crew"
_SEP = r"[,;\n]+"
# An airport is named by its IATA code (LAX) or says so; a street address has a number and a street.
_AIRPORT = re.compile(r"^[A-Z]{3}$|airport|terminal", re.IGNORECASE)
_ADDRESS = re.compile(r"\d.*\s|,")
# A place typed like an ID (L07, LOC12): no spaces and a digit — an unknown location rather than an address.
_ID_LIKE = re.compile(r"^[A-Za-z]{0,4}-?\d+[A-Za-z]?$")


def pkey(values: pd.Series) -> pd.Series:
    """``person_key`` of a column: case- and space-insensitive ('jane  DOE' is 'Jane Doe')."""
    s = values.astype("string")
    return s.str.split().str.join(" ").str.casefold().replace("", pd.NA)


def has(p: Production, table: str) -> bool:
    t = p.tables.get(table)
    return t is not None and not t.df.empty


@derived
def people(p: Production) -> pd.DataFrame:
    """Everyone a logistics row may name: ``pkey`` → ``kind`` (cast/crew), ``id`` (the Cast ID or crew name),
    ``local``, ``union``, ``start``/``end`` (crew dates) and ``src_row`` (their Cast or Crew row)."""
    parts = []
    if "Cast" in p.tables:
        c = p.cast
        # Typed NaT, not a bare one: pandas 2.2 (xlwings Lite's) warns when an all-NA column of another dtype
        # decides the concatenated dtype.
        none = pd.Series(pd.NaT, index=c.index, dtype="datetime64[ns]")
        parts.append(pd.DataFrame({"pkey": pkey(c["cast_id"]), "kind": CAST, "id": c["cast_id"].astype("string"),
                                   "local": c.get("local", True), "union": c["union"],
                                   "start": none, "end": none, "src_row": c[ROW]}))  # fmt: skip
    if "Crew" in p.tables:
        c = p.crew
        parts.append(pd.DataFrame({"pkey": pkey(c["name"]), "kind": CREW, "id": c["name"].astype("string"),
                                   "local": c.get("local", True), "union": c["union"],
                                   "start": c["start_date"].astype("datetime64[ns]"),
                                   "end": c["end_date"].astype("datetime64[ns]"), "src_row": c[ROW]}))  # fmt: skip
    if not parts:
        return pd.DataFrame(columns=["pkey", "kind", "id", "local", "union", "start", "end", "src_row"])
    out = pd.concat(parts, ignore_index=True).dropna(subset=["pkey"])
    # A Cast ID wins over a crew member of the same name (IDs are what Transport rows mostly carry).
    return out.drop_duplicates("pkey").reset_index(drop=True)


def resolve(p: Production, keys: pd.Series) -> pd.DataFrame:
    """``people`` columns for each key (same index); ``kind`` is <NA> for someone not in Cast or Crew."""
    ppl = people(p).set_index("pkey")
    out = ppl.reindex(keys.to_numpy())
    out.index = keys.index
    return out


def names(p: Production, values: pd.Series) -> pd.Series:
    """How messages name the people of a column: 'Cast 4' for a Cast ID, a crew name as typed."""
    kind = resolve(p, pkey(values))["kind"]
    text = values.astype("string").str.strip()
    return ("Cast " + text).where((kind == CAST).fillna(False).to_numpy(dtype=bool), text)


@derived
def day_dates(p: Production) -> pd.DataFrame:
    """Per shoot day number: its date, crew call, wrap (datetime), location and which meals are served."""
    d = day_times(p)[["day", "date", "crew_call", "call_at", "wrap_at", "location"]]
    meals = p.days[["day", *(c for c in ("breakfast_provided", "lunch_provided", "dinner_provided")
                             if c in p.days)]].dropna(subset=["day"]).drop_duplicates("day")  # fmt: skip
    return d.merge(meals, on="day", how="left")


@derived
def locations(p: Production) -> pd.DataFrame:
    """Locations by ID key, with Travel Minutes and coordinates."""
    if "Locations" not in p.tables:
        return pd.DataFrame(columns=["travel_minutes", "latitude", "longitude"])
    loc = p.locations
    cols = [c for c in ("travel_minutes", "latitude", "longitude") if c in loc]
    out = loc[cols].copy()
    out.index = key(loc["location_id"]).to_numpy()
    return out[~out.index.isna() & ~out.index.duplicated()]


@derived
def hotels(p: Production) -> frozenset[str]:
    """The hotels of the Accommodation table (case- and space-insensitive)."""
    if not has(p, "Accommodation"):
        return frozenset()
    return frozenset(pkey(p.accommodation["hotel"]).dropna())


def place_kind(p: Production, values: pd.Series) -> pd.Series:
    """What each place cell names: location, base camp, hotel, airport, address, or unknown (<NA> for blank)."""
    out = pd.Series(pd.NA, index=values.index, dtype="string")
    s = values.astype("string").str.strip()
    k = pkey(s)
    locs = set(locations(p).index)
    for kind, mask in (
        ("location", key(s).isin(locs)),
        ("base camp", k == BASE_CAMP),
        ("hotel", k.isin(hotels(p))),
        ("airport", s.str.contains(_AIRPORT)),
        ("unknown", s.str.fullmatch(_ID_LIKE)),
        ("address", s.str.contains(_ADDRESS)),
    ):
        out = out.mask(out.isna() & mask.fillna(False).astype(bool), kind)
    return out.mask(out.isna() & s.notna() & (s != ""), "unknown")


def _setting(p: Production, name: str) -> float:
    v = p.settings[name]
    return float(v if v is not None else SETTINGS_BY_KEY[name].default)


def after_midnight(times: pd.Series, crew_call: pd.Series) -> pd.Series:
    """Times of a shoot day with those twelve hours or more before its crew call read as the next morning: on a
    night shoot (crew call 18:00) an on-set call or a pickup typed 00:30 is half past midnight after the call, as
    the schedule checks and the derived pickups (model/pickups.py) read it, not eighteen hours before it."""
    t = pd.to_timedelta(times).astype("timedelta64[ns]")
    late = ((pd.to_timedelta(crew_call).astype("timedelta64[ns]") - t) >= pd.Timedelta(hours=12)).fillna(False)
    return t.where(~late.to_numpy(dtype=bool), t + pd.Timedelta(days=1))


@derived
def runs(p: Production) -> pd.DataFrame:
    """Transport rows with their date, the drive to the drop-off (``drive``, NaT when unknown), the run's end
    (``end_at``: pickup + drive, at least a minute), the vehicle's seats and the driver (``driver_key``: the
    Vehicles row's Driver, else the vehicle itself)."""
    t = p.transport.copy()
    dd = day_dates(p)[["day", "date", "location", "crew_call"]].drop_duplicates("day").rename(
        columns={"location": "day_loc", "crew_call": "day_crew_call"})
    t = t.merge(dd, on="day", how="left")
    t["drop_kind"] = place_kind(p, t["drop_off"])
    t["point_kind"] = place_kind(p, t["pickup_point"])
    # The set the run drives to: a location ID, or the day's location for base camp.
    dest = key(t["drop_off"]).where(t["drop_kind"] == "location", key(t["day_loc"].astype("string")))
    dest = dest.where(t["drop_kind"].isin(["location", "base camp"]))
    t["dest"] = dest
    loc = locations(p)
    minutes = pd.Series(loc["travel_minutes"] if "travel_minutes" in loc else pd.Series(dtype="Float64"),
                        dtype="Float64")  # fmt: skip
    drive = dest.map(minutes).astype("Float64")
    # Without Travel Minutes, a pickup at another location drives the straight line at the Drive Speed setting.
    if "latitude" in loc and "longitude" in loc and drive.isna().any():
        src = key(t["pickup_point"]).where(t["point_kind"] == "location")
        need = drive.isna() & dest.notna() & src.notna()
        if need.any():
            speed = _setting(p, "drive_speed_kmh")
            lat, lon = loc["latitude"].astype("Float64"), loc["longitude"].astype("Float64")
            for i in np.flatnonzero(need.to_numpy(dtype=bool)):
                a, b = src.iloc[i], dest.iloc[i]
                pts = (lat.get(a), lon.get(a), lat.get(b), lon.get(b))
                if all(v is not None and not pd.isna(v) for v in pts) and speed > 0:
                    drive.iloc[i] = drive_minutes_between(*(float(v) for v in pts), speed)
    t["drive"] = pd.to_timedelta(drive.astype("float64"), unit="min")
    t["pickup_at"] = pd.to_datetime(t["date"]) + after_midnight(t["pickup_time"], t.pop("day_crew_call"))
    t["arrive_at"] = t["pickup_at"] + t["drive"].fillna(pd.Timedelta(0))
    t["end_at"] = t["pickup_at"] + t["drive"].fillna(pd.Timedelta(0)).clip(lower=pd.Timedelta(minutes=1))
    t["vehicle_key"] = key(t["vehicle"])
    if has(p, "Vehicles"):
        v = p.vehicles
        vk = key(v["vehicle"])
        seats = pd.Series(v["seats"].astype("Int64").to_numpy(), index=vk.to_numpy())
        driver = pd.Series(v["driver"].astype("string").to_numpy(), index=vk.to_numpy())
        keep = ~vk.isna().to_numpy() & ~vk.duplicated().to_numpy()
        seats, driver = seats[keep], driver[keep]
        t["seats"] = t["vehicle_key"].map(seats).astype("Int64")
        t["driver"] = t["vehicle_key"].map(driver).astype("string")
    else:
        t["seats"] = pd.array([pd.NA] * len(t), dtype="Int64")
        t["driver"] = pd.array([pd.NA] * len(t), dtype="string")
    t["driver_key"] = ("driver:" + pkey(t["driver"])).fillna("vehicle:" + t["vehicle_key"])
    return t


@derived
def passengers(p: Production) -> pd.DataFrame:
    """One row per (Transport row, passenger): the run's columns plus ``passenger`` (as typed), ``pkey`` and the
    ``people`` columns (``kind`` <NA>: not in Cast or Crew)."""
    t = runs(p)
    names = t["passengers"].astype("string").str.split(_SEP, regex=True).explode()
    names = names.str.split().str.join(" ")
    names = names[names.notna() & (names != "")]
    out = t.loc[names.index].assign(passenger=names.to_numpy()).reset_index(drop=True)
    out["pkey"] = pkey(out["passenger"])
    who = resolve(p, out["pkey"])
    for c in ("kind", "id", "local", "start", "end"):
        out[c] = who[c].to_numpy()
    # How a message names them: 'Cast 4', a crew member's name as the Crew table spells it, else as typed.
    out["who"] = np.where(out["kind"] == CAST, "Cast " + out["id"].astype(str),
                          out["id"].where(out["id"].notna(), out["passenger"]).astype(str))
    return out.drop_duplicates([ROW, "pkey"]).reset_index(drop=True)


@derived
def crew_calls(p: Production) -> pd.DataFrame:
    """Per (crew member named in Transport or Travel, shoot day within their dates or with a Calls row naming them):
    their call as a datetime (``call_at``): their own Calls row's Call, else their department's, else the crew call
    plus their offset."""
    if "Crew" not in p.tables or p.crew.empty:
        return pd.DataFrame(columns=["pkey", "day", "date", "call_at"])
    c = p.crew
    crew = pd.DataFrame({"pkey": pkey(c["name"]), "dept": key(c["department"].astype("string")),
                         "offset": c["call_offset"].astype("Float64").fillna(0) if "call_offset" in c else 0.0,
                         "start": c["start_date"], "end": c["end_date"]}).dropna(subset=["pkey"])  # fmt: skip
    crew = crew.drop_duplicates("pkey")
    # Only the people Transport and Travel name are asked about: the crew × shoot days grid of a TV season is
    # 60,000 rows, its travellers' a few thousand.
    named = set()
    if has(p, "Transport"):
        named |= set(passengers(p)["pkey"].dropna())
    if has(p, "Travel"):
        named |= set(pkey(p.travel["person"]).dropna())
    crew = crew[crew["pkey"].isin(named).to_numpy(dtype=bool)]
    days = day_dates(p)[["day", "date", "crew_call"]].dropna(subset=["day", "date"])
    pairs = crew.merge(days, how="cross")
    within = (pairs["start"].isna() | (pairs["date"] >= pairs["start"])) & (
        pairs["end"].isna() | (pairs["date"] <= pairs["end"]))
    own = pd.DataFrame(columns=["day", "pkey", "own_call"])
    dept = pd.DataFrame(columns=["day", "dept", "dept_call"])
    if has(p, "Calls") and "call" in p.df("Calls"):
        calls = p.df("Calls")
        crew_col = calls["crew"] if "crew" in calls else pd.Series(pd.NA, index=calls.index)
        named = calls[crew_col.notna()]
        own = pd.DataFrame({"day": named["day"], "pkey": pkey(crew_col[crew_col.notna()]),
                            "own_call": named["call"]}).dropna(subset=["day", "pkey"])  # fmt: skip
        own = own.drop_duplicates(["day", "pkey"])
        dep = calls[crew_col.isna() & calls["cast_id"].isna() & calls["department"].notna() & calls["call"].notna()]
        dept = pd.DataFrame({"day": dep["day"], "dept": key(dep["department"].astype("string")),
                             "dept_call": dep["call"]}).drop_duplicates(["day", "dept"])  # fmt: skip
    pairs = pairs.merge(own, on=["day", "pkey"], how="left")
    pairs = pairs[within.to_numpy() | pairs["own_call"].notna().to_numpy()]
    pairs = pairs.merge(dept, on=["day", "dept"], how="left")
    general = pairs["crew_call"] + pd.to_timedelta(pairs["offset"].astype("float64"), unit="min")
    call = pairs["own_call"].astype("timedelta64[ns]").fillna(pairs["dept_call"].astype("timedelta64[ns]"))
    call = after_midnight(call.fillna(general), pairs["crew_call"])
    pairs["call_at"] = pd.to_datetime(pairs["date"]) + call
    return pairs[["pkey", "day", "date", "call_at"]].reset_index(drop=True)


@derived
def calls(p: Production) -> pd.DataFrame:
    """Per (person, shoot day) they work: their first call (``call_at``) and the day's wrap (``wrap_at``). A
    performer's call is their Makeup/Hair, else On Set (their Calls row), else the crew call; a crew member's as
    ``crew_calls`` gives it."""
    cc = cast_calls(p)
    call = cc["makeup"].astype("timedelta64[ns]").fillna(cc["on_set"].astype("timedelta64[ns]"))
    call = after_midnight(call.fillna(cc["crew_call"].astype("timedelta64[ns]")), cc["crew_call"])
    cast = pd.DataFrame({"pkey": pkey(cc["cast_id"]), "day": cc["day"], "date": cc["date"],
                         "call_at": pd.to_datetime(cc["date"]) + call})  # fmt: skip
    crew = crew_calls(p)
    out = pd.concat([cast, crew], ignore_index=True).dropna(subset=["pkey", "date"])
    wraps = day_dates(p)[["day", "wrap_at"]].drop_duplicates("day")
    out = out.merge(wraps, on="day", how="left")
    out["date"] = pd.to_datetime(out["date"])
    return out.sort_values(["pkey", "date", "call_at"]).drop_duplicates(["pkey", "date"]).reset_index(drop=True)


@derived
def engaged(p: Production) -> pd.DataFrame:
    """Per (person, date) someone is wanted: a performer's work days and Cast Events (rehearsals, fittings,
    travel), a crew member's shoot days within their dates and the days a Calls row names them, and anyone's
    Travel dates. Columns ``pkey``, ``date`` and ``works`` (a work day, not only an event or a trip)."""
    parts = []
    work = calls(p)
    parts.append(pd.DataFrame({"pkey": work["pkey"], "date": work["date"], "works": True}))
    if has(p, "CastEvents"):
        e = p.df("CastEvents")
        parts.append(pd.DataFrame({"pkey": pkey(e["cast_id"]), "date": pd.to_datetime(e["date"]), "works": False}))
    if has(p, "Travel"):
        tr = p.travel
        parts.append(pd.DataFrame({"pkey": pkey(tr["person"]), "date": pd.to_datetime(tr["date"]), "works": False}))
    out = pd.concat(parts, ignore_index=True).dropna(subset=["pkey", "date"])
    out["date"] = out["date"].astype("datetime64[ns]")
    return out.sort_values(["pkey", "date", "works"], ascending=[True, True, False]).drop_duplicates(
        ["pkey", "date"]).reset_index(drop=True)


def cast_work(p: Production) -> pd.DataFrame:
    """Per (performer, date) they work on the stripboard: ``pkey`` and ``date``."""
    w = cast_days(p)
    return pd.DataFrame({"pkey": pkey(w["cast_id"]), "date": pd.to_datetime(w["date"]).astype("datetime64[ns]"),
                         "day": w["day"]}).drop_duplicates(["pkey", "date"])  # fmt: skip

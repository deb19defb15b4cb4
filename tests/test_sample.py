"""The sample production and the S/L/XL generator: sizes, determinism and internal consistency.

The consistency tests restate, on the plain rows, the rules the checks enforce on a workbook (every scene
scheduled once, pages per day, turnarounds, minors, budget links, actuals under budget…), so the committed demo
and the performance fixtures can never be the source of a finding.
"""

from __future__ import annotations

import datetime as dt
import functools
import hashlib
import itertools
import os
import subprocess
import sys
import time
from collections import Counter

import holidays
import pandas as pd
import phonenumbers
import pytest
from email_validator import EmailNotValidError, validate_email

from xlproduction.model.budget import context_from, figures_from
from xlproduction.model.contract import DEPARTMENTS, SETTINGS_BY_KEY, TABLES_BY_NAME, ColType
from xlproduction.model.tabledata import ProductionData
from xlproduction.sample import SAMPLE_TODAY, SIZES, generate_production, production_today, sample_production

H = dt.timedelta(hours=1)
CHECKED_SIZES = ("sample", "S", "L", "XL")


GENERATION_SECONDS: dict[str, float] = {}


@functools.cache
def production(size: str) -> ProductionData:
    """Each size generated once per test session (and timed)."""
    start = time.perf_counter()
    data = generate_production(size)
    GENERATION_SECONDS[size] = time.perf_counter() - start
    return data


def df(data: ProductionData, table: str) -> pd.DataFrame:
    return pd.DataFrame(data.rows(table), columns=[c.key for c in TABLES_BY_NAME[table].input_columns])


def at(date: dt.date, t: dt.timedelta) -> dt.datetime:
    return dt.datetime.combine(date, dt.time()) + t


# --- sizes and determinism ---------------------------------------------------------------------------------------


def test_sample_is_a_realistic_independent_feature() -> None:
    data = sample_production()
    n = {t: len(data.rows(t)) for t in data.tables}
    assert n["Days"] >= 22 and n["Scenes"] >= 85 and n["Cast"] >= 14 and n["Crew"] >= 45
    assert n["Locations"] >= 7 and n["Budget"] >= 160 and n["Actuals"] >= 320
    assert len({c["department"] for c in data.rows("Crew")}) >= 12
    scenes = df(data, "Scenes")
    assert 95 * 8 <= scenes["pages"].sum() <= 110 * 8
    assert 0.2 <= (scenes["day_night"] == "NIGHT").mean() <= 0.4
    assert scenes["pages"].between(1, 40).all() and scenes["pages"].median() >= 6
    assert set(scenes["int_ext"]) >= {"INT", "EXT"}
    days = df(data, "Days")
    assert days["date"].iloc[0] == dt.date(2027, 3, 1)
    assert days.loc[days["day"] == 12, "date"].item() == SAMPLE_TODAY == production_today("sample")
    schedule = df(data, "Schedule")
    assert (schedule["part"] == "1/2").sum() >= 2 and (schedule["banner"] == "COMPANY MOVE").sum() >= 1
    assert set(df(data, "Actuals")["status"]) == {"Posted", "Open PO", "Closed PO", "Void"}
    assert df(data, "Cast")["minor"].sum() == 1
    assert "Studio Teacher" in set(df(data, "Crew")["position"])
    assert {r["event"] for r in data.rows("CastEvents")} >= {"Travel", "Rehearsal", "Fitting"}
    assert data.settings["planned_shoot_days"] == n["Days"] and data.settings["subdivision"] == "CA"


@pytest.mark.parametrize("size", ["S", "L"])
def test_sizes_have_their_counts(size: str) -> None:
    spec, data = SIZES[size], production(size)
    assert len(data.rows("Days")) == spec.days
    assert len(data.rows("Scenes")) == spec.scenes
    assert len(data.rows("Crew")) == spec.crew
    assert len(data.rows("Cast")) == spec.cast
    assert len(data.rows("Budget")) == spec.budget_lines
    assert len(data.rows("Actuals")) == spec.actuals


def test_xl_generates_fast() -> None:
    data = production("XL")
    assert GENERATION_SECONDS["XL"] < 10, f"XL took {GENERATION_SECONDS['XL']:.1f} s"
    assert len(data.rows("Scenes")) == 1500 and len(data.rows("Actuals")) == 100_000
    assert len(data.rows("Days")) == 150 and len(data.rows("Budget")) == 10_000


def test_generation_is_deterministic() -> None:
    assert sample_production() == sample_production()
    assert generate_production("S", seed=3) == generate_production("S", seed=3)
    assert generate_production("S", seed=3) != generate_production("S", seed=4)


def test_generation_does_not_depend_on_string_hashing() -> None:
    """Another process, with another hash seed (set iteration order), builds the very same sample."""
    code = ("import hashlib; from xlproduction.sample import sample_production; "
            "print(hashlib.sha256(repr(sample_production()).encode()).hexdigest())")  # fmt: skip
    env = {**os.environ, "PYTHONHASHSEED": "12345"}
    out = subprocess.run([sys.executable, "-c", code], env=env, capture_output=True, text=True, check=True)
    assert out.stdout.strip() == hashlib.sha256(repr(sample_production()).encode()).hexdigest()


# --- values follow the contract ------------------------------------------------------------------------------------


def _type_ok(v: object, t: ColType) -> bool:
    if t in (ColType.TEXT, ColType.ID, ColType.EMAIL, ColType.PHONE, ColType.ENUM):
        return isinstance(v, str) and v == v.strip() and v != ""
    if t in (ColType.INT, ColType.PAGES):
        return isinstance(v, int) and not isinstance(v, bool)
    if t in (ColType.NUMBER, ColType.MONEY, ColType.PERCENT):
        return isinstance(v, float)
    if t is ColType.DATE:
        return isinstance(v, dt.date) and not isinstance(v, dt.datetime)
    if t in (ColType.TIME, ColType.DURATION):
        return isinstance(v, dt.timedelta)
    if t is ColType.BOOL:
        return isinstance(v, bool)
    if t is ColType.LIST:
        return isinstance(v, tuple) and all(isinstance(x, str) for x in v)
    raise AssertionError(t)


@pytest.mark.parametrize("size", ["sample", "S"])
def test_rows_follow_the_contract(size: str) -> None:
    data = production(size)
    assert set(data.tables) == set(TABLES_BY_NAME) - {"Settings"}
    for name, rows in data.tables.items():
        spec = TABLES_BY_NAME[name]
        keys = {c.key for c in spec.input_columns}
        for row in rows:
            assert set(row) == keys, (name, set(row) ^ keys)
            for col in spec.input_columns:
                v = row[col.key]
                if v is None:
                    assert not col.required, (name, col.key)
                    continue
                assert _type_ok(v, col.type) or (col.globals_allowed and isinstance(v, str)), (name, col.key, v)
                if col.allowed:
                    assert v in col.allowed, (name, col.key, v)
        for col in spec.input_columns:
            if col.unique:  # blanks repeat freely (the reader's ST006 looks at values only): tasks typed by hand
                values = [r[col.key] for r in rows if r[col.key] is not None]
                assert len(values) == len(set(values)), (name, col.key)
    for key, value in data.settings.items():
        setting = SETTINGS_BY_KEY[key]
        if value is not None:
            assert setting.type is ColType.LIST or _type_ok(value, setting.type), key
            assert not setting.allowed or value in setting.allowed, key


# --- schedule ----------------------------------------------------------------------------------------------------


@pytest.mark.parametrize("size", CHECKED_SIZES)
def test_schedule_is_consistent(size: str) -> None:
    data = production(size)
    scenes, days, schedule = df(data, "Scenes"), df(data, "Days"), df(data, "Schedule")
    # Every scene scheduled once; split scenes as parts 1/2 and 2/2 on consecutive days.
    whole = schedule[schedule["part"].isna()]
    parts = schedule[schedule["part"].notna()]
    assert whole["scene"].is_unique
    for scene, rows in parts.groupby("scene"):
        assert list(rows["part"]) == ["1/2", "2/2"] and rows["day"].diff().iloc[1] == 1, scene
    assert set(parts["scene"]).isdisjoint(whole["scene"])
    assert sorted(schedule["scene"].unique()) == sorted(scenes["scene"])
    # Days 1..N on weekdays that are not holidays, in date order.
    assert list(days["day"]) == list(range(1, len(days) + 1))
    closed = holidays.country_holidays("US", subdiv="CA", years=range(2027, 2029))
    assert days["date"].is_monotonic_increasing and days["date"].is_unique
    assert all(d.weekday() < 5 and d not in closed for d in days["date"])
    assert set(schedule["day"]) == set(days["day"])
    for _, rows in schedule.groupby("day"):
        assert list(rows["order"]) == list(range(1, len(rows) + 1))
    # References.
    cast_ids = set(df(data, "Cast")["cast_id"])
    assert all(set(c) <= cast_ids and c for c in scenes["cast"])
    assert set(scenes["location"]) | set(days["location"]) <= set(df(data, "Locations")["location_id"])
    # Each day at its location; after a company move (at most one) at the next day's location.
    sched = schedule.merge(scenes[["scene", "location", "pages"]], on="scene").sort_values(["day", "order"])
    day_loc = dict(zip(days["day"], days["location"], strict=True))
    for d, rows in sched.groupby("day"):
        banners = list(rows["banner"])
        assert banners.count("COMPANY MOVE") <= 1 and banners.count("LUNCH") == 1
        moved = False
        for loc, banner in zip(rows["location"], banners, strict=True):
            if not moved:
                assert loc == day_loc[d], (size, d)
            moved = moved or banner == "COMPANY MOVE"
        assert 8 <= rows["pages"].sum() <= 64, (size, d)
    # The day's scene timings fit between shooting call and est. wrap, less a 30-minute meal.
    timed = schedule.merge(scenes[["scene", "est_time"]], on="scene").groupby("day")["est_time"].sum()
    room = days.set_index("day").eval("est_wrap - shooting_call") - dt.timedelta(minutes=30)
    assert (timed <= room.reindex(timed.index)).all(), size
    # Calls and meal.
    assert (days["crew_call"] <= days["shooting_call"]).all()
    assert (days["shooting_call"] < days["lunch"]).all() and (days["lunch"] < days["est_wrap"]).all()
    assert (days["lunch"] - days["crew_call"] <= 6 * H).all()
    day_length = days["est_wrap"] - days["crew_call"]
    assert day_length.between(9 * H, 12 * H).all()
    assert data.settings["planned_shoot_days"] == len(days)


@pytest.mark.parametrize("size", CHECKED_SIZES)
def test_rest_rules_hold(size: str) -> None:
    data = production(size)
    days, calls, crew = df(data, "Days"), df(data, "Calls"), df(data, "Crew")
    today = production_today(size)
    assert (days["actual_wrap"].notna() == (days["date"] < today)).all()
    wrap = days["actual_wrap"].where(days["actual_wrap"].notna(), days["est_wrap"])
    wrap_at = [at(d, w) for d, w in zip(days["date"], wrap, strict=True)]
    # The earliest anyone is called each day: crew offsets, call overrides, cast pickups and makeup.
    earliest_crew = crew["call_offset"].min() * dt.timedelta(minutes=1)
    cast_first = calls[calls["cast_id"].notna()].assign(
        first=lambda c: c[["pickup", "makeup", "on_set"]].min(axis=1)).groupby("day")["first"].min()
    override = calls[calls["call"].notna()].groupby("day")["call"].min()
    for i in range(1, len(days)):
        d, date, crew_call = days["day"].iloc[i], days["date"].iloc[i], days["crew_call"].iloc[i]
        rest = at(date, crew_call) - wrap_at[i - 1]
        crew_rest = at(date, min(crew_call + earliest_crew, override.get(d, crew_call))) - wrap_at[i - 1]
        cast_rest = at(date, cast_first.get(d, crew_call)) - wrap_at[i - 1]
        assert crew_rest >= 10 * H and cast_rest >= 12 * H, (size, d, crew_rest, cast_rest)
        if (date - days["date"].iloc[i - 1]).days >= 3:  # a weekend
            assert crew_rest >= 54 * H and cast_rest >= 56 * H and rest >= 56 * H, (size, d)


@pytest.mark.parametrize("size", CHECKED_SIZES)
def test_minors_are_protected(size: str) -> None:
    data = production(size)
    days, calls, crew = df(data, "Days"), df(data, "Calls"), df(data, "Crew")
    scenes, schedule = df(data, "Scenes"), df(data, "Schedule")
    minors = set(df(data, "Cast").query("minor")["cast_id"])
    assert minors
    teacher = crew[crew["position"] == "Studio Teacher"]
    assert len(teacher) == 1
    t = teacher.iloc[0]
    wrap = days["actual_wrap"].where(days["actual_wrap"].notna(), days["est_wrap"])
    days = days.assign(wrap=wrap).set_index("day")
    sched = schedule.merge(scenes[["scene", "cast"]], on="scene").explode("cast")
    minor_days = sched[sched["cast"].isin(minors)][["day", "cast"]].drop_duplicates()
    for d, cid in minor_days.itertuples(index=False):
        day = days.loc[d]
        assert day["wrap"] <= 22 * H and day["crew_call"] >= 5 * H, (size, d)
        call = calls[(calls["day"] == d) & (calls["cast_id"] == cid)]
        assert len(call) == 1
        times = call[["pickup", "makeup", "on_set"]].iloc[0].dropna()
        assert (times >= 5 * H).all() and (times <= 22 * H).all()
        assert t["start_date"] <= day["date"] <= t["end_date"]
        assert ((calls["day"] == d) & (calls["crew"] == t["name"])).any()
    assert not any(days.loc[d, "crew_call"] >= 12 * H for d in minor_days["day"])  # no night work


@pytest.mark.parametrize("size", CHECKED_SIZES)
def test_cast_work_fits_availability_and_calls(size: str) -> None:
    data = production(size)
    days, calls, cast = df(data, "Days"), df(data, "Calls"), df(data, "Cast").set_index("cast_id")
    sched = df(data, "Schedule").merge(df(data, "Scenes")[["scene", "cast"]], on="scene").explode("cast")
    worked = sched[["day", "cast"]].drop_duplicates().merge(days[["day", "date"]], on="day")
    for cid, rows in worked.groupby("cast"):
        assert cast.loc[cid, "available_from"] <= rows["date"].min()
        assert rows["date"].max() <= cast.loc[cid, "available_to"]
    cast_calls = calls[calls["cast_id"].notna()]
    assert set(zip(cast_calls["day"], cast_calls["cast_id"], strict=True)) == set(
        zip(worked["day"], worked["cast"], strict=True))
    assert (cast_calls["makeup"] <= cast_calls["on_set"]).all()
    assert cast_calls["pickup"].dropna().le(cast_calls.loc[cast_calls["pickup"].notna(), "makeup"]).all()
    events = df(data, "CastEvents").merge(worked, left_on=["cast_id", "date"], right_on=["cast", "date"])
    assert events.empty, "a travel/fitting/rehearsal day falls on a work day"
    ev = df(data, "CastEvents")
    for cid, rows in ev.groupby("cast_id"):
        assert cast.loc[cid, "available_from"] <= rows["date"].min() <= rows["date"].max() <= \
            cast.loc[cid, "available_to"]  # fmt: skip
    crew_names = set(df(data, "Crew")["name"])
    assert set(calls["crew"].dropna()) <= crew_names
    assert set(calls["department"].dropna()) <= set(df(data, "Crew")["department"])


# --- budget and actuals ------------------------------------------------------------------------------------------


def _work_days(data: ProductionData) -> dict[str, list[int]]:
    """Shoot days each cast member works, from the schedule."""
    sched = df(data, "Schedule").merge(df(data, "Scenes")[["scene", "cast"]], on="scene").explode("cast")
    return {cid: sorted(set(rows["day"])) for cid, rows in sched.groupby("cast")}


@pytest.mark.parametrize("size", CHECKED_SIZES)
def test_budget_links_match_the_schedule(size: str) -> None:
    data = production(size)
    budget, accounts = df(data, "Budget"), df(data, "Accounts")
    cast, crew, days = df(data, "Cast").set_index("cast_id"), df(data, "Crew").set_index("name"), df(data, "Days")
    codes = set(accounts["account"])
    assert all(len(a) == 4 and a.isdigit() for a in codes)
    assert set(budget["account"]) <= codes
    assert set(cast["account"]) <= codes and set(crew["account"]) <= codes
    fringe_codes = set(df(data, "Fringes")["code"])
    assert all(set(f) <= fringe_codes for f in budget["fringe_codes"])
    worked = _work_days(data)
    # Work + hold days: every shoot day from the first to the last work day (no drop/pickup ever qualifies).
    work_hold = {cid: days_[-1] - days_[0] + 1 for cid, days_ in worked.items()}
    linked = budget[budget["link"].notna()]
    assert set(linked.loc[linked["link"].str.startswith("cast "), "link"]) == {f"cast {c}" for c in cast.index}
    for line in linked.itertuples():
        kind, _, who = line.link.partition(" ")
        if line.link == "shoot days":
            # Typed as the global, which is the number of shoot days.
            shoot_days = df(data, "Globals").set_index("name").at[line.amount, "value"]
            assert line.amount == "SHOOT_DAYS" and shoot_days == len(days)
        elif kind == "cast":
            expected = (work_hold[who], cast.loc[who, "day_rate"], "Days", 1)
            assert (line.amount, line.rate, line.units, line.x) == expected
        elif kind == "crew":
            person = crew.loc[who]
            n = days["date"].between(person["start_date"], person["end_date"]).sum()
            assert (line.amount, line.rate) == (n, person["day_rate"])
        else:
            raise AssertionError(line.link)
    assert len(linked[linked["link"].str.startswith("crew ")]) >= (5 if size != "S" else 4)
    assert not budget.duplicated(["account", "description"]).any()
    # Nobody starts over budget: people charged to an account cost no more than its line subtotals.
    ctx = context_from(data.settings, df(data, "Globals"), df(data, "Currencies"), df(data, "Charges"))
    lines = figures_from(budget, df(data, "Fringes"), accounts, ctx).lines
    subtotal = lines["base_subtotal"].groupby(budget["account"]).sum()
    crew_days = [days["date"].between(r.start_date, r.end_date).sum() for r in crew.itertuples()]
    crew_cost = (crew["day_rate"] * crew_days).groupby(crew["account"]).sum()
    assert (crew_cost <= subtotal.reindex(crew_cost.index) + 0.005).all()
    cast_cost = (cast["day_rate"] * cast.index.map(work_hold)).groupby(cast["account"]).sum()
    assert (cast_cost <= subtotal.reindex(cast_cost.index) + 0.005).all()
    # Drop/pickup is only allowed where no gap would qualify, so holds are never turned into drops.
    date_of = dict(zip(days["day"], days["date"], strict=True))
    for cid in cast.index[cast["drop_allowed"]]:
        dates = [date_of[d] for d in worked[cid]]
        assert all((b - a).days <= 10 for a, b in itertools.pairwise(dates))


@pytest.mark.parametrize("size", CHECKED_SIZES)
def test_actuals_stay_within_budget(size: str) -> None:
    data = production(size)
    actuals = df(data, "Actuals")
    ctx = context_from(data.settings, df(data, "Globals"), df(data, "Currencies"), df(data, "Charges"))
    fig = figures_from(df(data, "Budget"), df(data, "Fringes"), df(data, "Accounts"), ctx)
    budget = pd.Series(fig.accounts["budget"].to_numpy(), index=fig.accounts["account"].to_numpy())
    assert actuals["txn_id"].is_unique
    assert actuals["account"].notna().all() and set(actuals["account"]) <= set(budget.index)
    assert (actuals["date"] <= production_today(size)).all()
    assert (actuals["amount"] > 0).all()
    open_po = actuals[actuals["status"] == "Open PO"]
    assert open_po["po"].notna().all() and open_po["po"].is_unique
    live = actuals[actuals["status"] != "Void"]
    assert not live.duplicated(["vendor", "amount", "date"]).any(), "looks like a duplicate payment"
    assert (actuals.dropna(subset=["po"]).groupby("po")["vendor"].nunique() == 1).all()
    committed = actuals[actuals["status"].isin(["Posted", "Open PO"])].groupby("account")["amount"].sum()
    assert (committed <= budget.reindex(committed.index)).all()
    everything = actuals.groupby("account")["amount"].sum()
    assert (everything <= budget.reindex(everything.index)).all()
    assert (fig.lines["total"] > 0).all()


# --- people and places -------------------------------------------------------------------------------------------


def _valid_phone(p: str) -> bool:
    return phonenumbers.is_valid_number(phonenumbers.parse(p, "US")) and p.startswith("+1 ") and " 555 01" in p


@pytest.mark.parametrize("size", CHECKED_SIZES)
def test_people_are_reachable_and_unique(size: str) -> None:
    data = production(size)
    cast, crew = df(data, "Cast"), df(data, "Crew")
    people = pd.concat([cast["performer"], crew["name"]])
    assert people.is_unique
    own_phones = pd.concat([cast["phone"], crew["phone"], cast["emergency_phone"], crew["emergency_phone"]])
    assert own_phones.is_unique
    for table in (cast, crew):
        assert table["emergency_contact"].notna().all() and table["emergency_phone"].notna().all()
        assert all(_valid_phone(p) for p in table["phone"]) and all(_valid_phone(p) for p in table["emergency_phone"])
        emails = table["email"]
        assert emails.is_unique and all(e.endswith("@example.com") for e in emails)
    if size == "sample":
        for e in pd.concat([cast["email"], crew["email"]]):
            try:
                validate_email(e, check_deliverability=False)
            except EmailNotValidError as err:  # pragma: no cover - the message is the point
                raise AssertionError(f"{e}: {err}") from None
        assert all(_valid_phone(p) for p in cast["agent_phone"].dropna())
    assert set(crew["department"]) <= set(DEPARTMENTS)
    assert (crew["start_date"] <= crew["end_date"]).all()
    positions = Counter(crew["position"])
    for needed in ("Unit Production Manager", "Production Coordinator", "1st Assistant Director",
                   "Director of Photography", "Gaffer", "Key Grip", "Production Sound Mixer", "Set Medic"):
        assert positions[needed] >= 1, needed


@pytest.mark.parametrize("size", CHECKED_SIZES)
def test_locations_have_coordinates_and_hospitals(size: str) -> None:
    locations = df(production(size), "Locations")
    assert locations["latitude"].between(33.5, 34.8).all() and locations["longitude"].between(-119, -117.5).all()
    for col in ("hospital", "hospital_address", "hospital_phone", "address", "contact", "contact_phone"):
        assert locations[col].notna().all(), col
    assert all(_valid_phone(p) for p in locations["hospital_phone"])
    assert locations["name"].is_unique
    assert df(production(size), "Scenes").groupby("set")["location"].nunique().max() == 1

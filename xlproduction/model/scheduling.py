"""Facts derived from the stripboard that several parts need: who works which day, and when days start and end.

Checks (turnaround, budget links, availability), the Day Out of Days and the call sheet all ask the same
questions — which cast members work on shoot day N, what are a performer's work and hold days, when does a day
really wrap — so the answers are computed once here, vectorised over the tables, and once per production
(``derived``): one check asks them dozens of times.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from .production import Production, derived
from .textkeys import id_key


def join_unique(left: pd.DataFrame, right: pd.DataFrame, on: str | list[str], how: str = "left") -> pd.DataFrame:
    """``left.merge(right, on=on, how=how)`` for ``how`` "left" or "inner", when ``right`` has one row per
    (non-blank) key and no other column of ``left``: the same frame (rows in left's order, right's columns after
    left's, the same dtypes, a new RangeIndex), by an index lookup instead of a merge, which costs a millisecond
    even on a small table. Any other shape goes to ``merge`` itself."""
    keys = [on] if isinstance(on, str) else list(on)
    if how not in ("left", "inner"):
        raise ValueError(how)
    if len(keys) == 1:
        index, wanted = pd.Index(right[keys[0]]), left[keys[0]]
    else:
        # Several keys: each key's values numbered over both frames (a blank is 0), the numbers combined into one.
        wanted_codes = np.zeros(len(left), dtype="int64")
        index_codes = np.zeros(len(right), dtype="int64")
        for k in keys:
            codes, uniques = pd.factorize(pd.concat([left[k], right[k]], ignore_index=True))
            wanted_codes = wanted_codes * (len(uniques) + 1) + codes[: len(left)] + 1
            index_codes = index_codes * (len(uniques) + 1) + codes[len(left) :] + 1
        index, wanted = pd.Index(index_codes), wanted_codes
        if right[keys].isna().any(axis=None):
            index = index[:0]  # a blank key in right: let merge decide how blanks match
    if (set(left.columns) & set(right.columns)) - set(keys) or len(index) != len(right) or index.hasnans or (
            not index.is_unique):  # fmt: skip
        return left.merge(right, on=on, how=how)
    at = index.get_indexer(wanted)
    if how == "inner":
        found = at >= 0
        data = {col: left[col].array[found] for col in left.columns}
        at = at[found]
    else:
        data = {col: left[col].array for col in left.columns}
    data.update({col: right[col].array.take(at, allow_fill=True) for col in right.columns if col not in keys})
    return pd.DataFrame(data)


@derived
def scene_cast(p: Production) -> pd.DataFrame:
    """One row per (scene, cast_id) from the Scenes table's Cast IDs lists."""
    sc = p.scenes[["scene", "cast"]].explode("cast").dropna(subset=["cast"])
    sc = sc.rename(columns={"cast": "cast_id"})
    sc["cast_id"] = sc["cast_id"].astype("string")
    return sc.drop_duplicates().reset_index(drop=True)


@derived
def scheduled_scenes(p: Production) -> pd.DataFrame:
    """Schedule rows joined with their shoot day's date (only rows whose day exists in Days)."""
    sched = p.schedule[["day", "order", "scene", "part"]].dropna(subset=["day", "scene"])
    days = p.days[["day", "date"]].dropna(subset=["day"]).drop_duplicates("day")
    return sched.merge(days, on="day", how="inner")


@derived
def cast_work_days(p: Production) -> pd.DataFrame:
    """One row per (cast_id, day, date) on which the performer appears in a scheduled scene."""
    work = scheduled_scenes(p).merge(scene_cast(p), on="scene", how="inner")
    return (work[["cast_id", "day", "date"]].drop_duplicates().sort_values(["cast_id", "day"])
            .reset_index(drop=True))  # fmt: skip


@derived
def day_bounds(p: Production) -> pd.DataFrame:
    """Per shoot day: the crew call and wrap as datetimes (actual wrap when entered, else estimated; a wrap
    earlier than the call is taken to be after midnight)."""
    d = p.days[["day", "date", "crew_call", "shooting_call", "est_wrap", "actual_wrap", "_row"]].copy()
    d = d.dropna(subset=["day", "date"])
    base = pd.to_datetime(d["date"])
    d["call_at"] = base + d["crew_call"]
    wrap = d["actual_wrap"].fillna(d["est_wrap"])
    wrap = wrap.where(wrap.isna() | (wrap >= d["crew_call"]) | d["crew_call"].isna(), wrap + pd.Timedelta(days=1))
    d["wrap_at"] = base + wrap
    return d.sort_values("day").reset_index(drop=True)


# --- Shared by the schedule, rest and cast checks (and the call sheet / Day Out of Days) -------------------------

# A time earlier than the crew call by more than this is read as after midnight (a night shoot's 00:30 shooting
# call or 01:00 lunch after an 18:00 call); a smaller difference is a real "before the call" time.
AFTER_MIDNIGHT_GAP = pd.Timedelta(hours=12)


def key(values: pd.Series) -> pd.Series:
    """IDs as compared across tables: trimmed and case-insensitive, as the cross-reference checks match them."""
    return id_key(values)


@derived
def table_key(p: Production, table: str, column: str) -> pd.Series:
    """``key`` of a table's column (same index): computed once per production, as many parts ask for it."""
    return key(p.df(table)[column])


def unit_key(units: pd.Series) -> pd.Series:
    """The unit a shoot day belongs to, blank meaning the main unit (the column's default)."""
    return key(units).fillna("main").replace("", "main")


def after_call(times: pd.Series, call: pd.Series) -> pd.Series:
    """Times of day on a shoot day, moved past midnight when they are far earlier than the crew call."""
    late = times.notna() & call.notna() & (times < call) & (call - times >= AFTER_MIDNIGHT_GAP)
    return times.where(~late, times + pd.Timedelta(days=1))


@derived
def day_times(p: Production) -> pd.DataFrame:
    """``day_bounds`` plus what the checks point at: the unit (normalised), location, lunch, shooting call and the
    column the wrap came from (``wrap_key``: actual_wrap, est_wrap or <NA>)."""
    d = day_bounds(p)
    extra = p.days[["day", "unit", "location", "lunch"]].dropna(subset=["day"]).drop_duplicates("day")
    d = join_unique(d, extra, "day")
    d["unit_key"] = unit_key(d["unit"])
    wrap_key = np.where(d["actual_wrap"].notna(), "actual_wrap", np.where(d["est_wrap"].notna(), "est_wrap", None))
    d["wrap_key"] = pd.array(wrap_key, dtype="string")
    base = pd.to_datetime(d["date"])
    d["shooting_at"] = base + _after_call(d["shooting_call"], d["crew_call"])
    d["lunch_at"] = base + _after_call(d["lunch"], d["crew_call"])
    return d


def _after_call(times: pd.Series, call: pd.Series) -> pd.Series:
    """``after_call`` on the arrays (NaT compares false, as the blanks ``after_call`` leaves alone)."""
    t, c = times.to_numpy(), call.to_numpy()
    if t.dtype.kind != "m" or c.dtype.kind != "m":
        return after_call(times, call)
    late = (t < c) & (c - t >= AFTER_MIDNIGHT_GAP.to_timedelta64())
    return pd.Series(np.where(late, t + np.timedelta64(1, "D"), t).astype(t.dtype), index=times.index,
                     name=times.name)  # fmt: skip


@derived
def strips(p: Production) -> pd.DataFrame:
    """Schedule rows with a day and a scene, in shooting order, with their scene's pages, est. time, location and
    cast, and the strip's share of the scene.

    A scene on several strips (a split scene: parts 1/2 and 2/2) has its pages and est. time shared evenly among
    its strips (``pages_share`` in eighths, ``time_share``), so a day's total counts each page once however the
    scene was split. ``scene_row`` is the scene's Excel row in Scenes (<NA> when the scene is unknown)."""
    sched = p.schedule
    on = (sched["day"].notna() & sched["scene"].notna()).to_numpy(dtype=bool)
    s = sched[["day", "order", "scene", "part", "banner", "_row"]][on].copy()
    s["scene_key"] = table_key(p, "Schedule", "scene")[on]
    sc = p.scenes[["scene", "pages", "est_time", "location", "cast", "_row"]]
    has = sc["scene"].notna().to_numpy(dtype=bool)
    sc = sc[has].copy()
    sc["scene_key"] = table_key(p, "Scenes", "scene")[has]
    sc = sc.drop_duplicates("scene_key").drop(columns="scene").rename(
        columns={"_row": "scene_row", "location": "scene_location"})
    s = join_unique(s, sc, "scene_key")
    codes, _ = pd.factorize(s["scene_key"])  # the strips of each scene
    n = pd.Series(np.bincount(codes[codes >= 0], minlength=1)[codes] if len(codes) else codes, index=s.index,
                  dtype="int64")
    s["pages_share"] = s["pages"].astype("Float64") / n
    s["time_share"] = s["est_time"] / n
    return s.sort_values(["day", "order", "_row"], na_position="last").reset_index(drop=True)


# The order of precedence of a performer's own times on a day: when they report (makeup/hair), else when they
# are picked up, else when they are due on set; without any, the general crew call.
REPORT_COLUMNS = ("makeup", "pickup", "on_set")


@derived
def cast_calls(p: Production) -> pd.DataFrame:
    """One row per (cast_id, day) a performer works: when they report and when the day wraps, as datetimes.

    ``report_key`` names the column the report time came from (makeup, pickup, on_set from their Calls row, or
    crew_call from Days) and ``report_table``/``report_row`` where that cell is, so a check can point at the
    value a coordinator has to change. ``wrap_at`` is the day's wrap (actual, else estimated); ``day_row`` is the
    Days row. Performers are dismissed with the company: their own wrap is not recorded."""
    work = cast_days(p)
    d = day_times(p)[["day", "unit_key", "crew_call", "call_at", "wrap_at", "wrap_key", "_row"]]
    w = join_unique(work, d.rename(columns={"_row": "day_row"}), "day", how="inner")
    calls = p.df("Calls")
    # Calls rows with a day and a cast ID: the first one per (day, performer) overrides their times.
    on = (calls["day"].notna() & calls["cast_id"].notna()).to_numpy(dtype=bool)
    c = pd.DataFrame({"day": calls["day"].array[on], **{col: calls[col].array[on] for col in REPORT_COLUMNS},
                      "calls_row": pd.array(calls["_row"].to_numpy()[on], dtype="Int64"),
                      "cast_key": table_key(p, "Calls", "cast_id").array[on]})  # fmt: skip
    c = c[~c.duplicated(["day", "cast_key"]).to_numpy(dtype=bool)]
    w = join_unique(w, c, ["day", "cast_key"])
    # Four columns, not rows: the first time entered wins. Done on the arrays, in the first column's own unit:
    # pandas 2.x mis-scales .where() between an all-NaT series and timedelta64[s] values, which put report
    # times centuries away.
    first, *rest = (*REPORT_COLUMNS, "crew_call")
    report = w[first].to_numpy()
    if report.dtype.kind != "m" or any(w[col].to_numpy().dtype.kind != "m" for col in rest):
        return _cast_calls_slow(w)
    source = np.where(np.isnat(report), None, first).astype(object)
    for col in rest:
        values = w[col].to_numpy().astype(report.dtype)
        take = np.isnat(report) & ~np.isnat(values)
        report = np.where(take, values, report)
        source[take] = col
    w["report_key"] = pd.array(source, dtype="string")
    w["report_at"] = pd.to_datetime(w["date"]) + pd.Series(report, index=w.index)
    from_calls = np.isin(source, REPORT_COLUMNS)
    w["report_table"] = pd.array(np.where(from_calls, "Calls", "Days"), dtype="string")
    calls_row = w["calls_row"].to_numpy(dtype="int64", na_value=0)  # blank only where the Days row is taken
    w["report_row"] = pd.array(np.where(from_calls, calls_row, w["day_row"].to_numpy(dtype="int64")), dtype="Int64")
    return w.sort_values(["cast_key", "date", "day"]).reset_index(drop=True)


def _cast_calls_slow(w: pd.DataFrame) -> pd.DataFrame:
    """The end of ``cast_calls`` on columns that are not all times (a workbook nobody foresaw)."""
    first, *rest = (*REPORT_COLUMNS, "crew_call")
    report = w[first].copy()
    source = pd.Series(pd.NA, index=w.index, dtype="string").mask(report.notna(), first)
    for col in rest:
        take = report.isna() & w[col].notna()
        report = report.fillna(w[col])
        source = source.mask(take, col)
    w["report_key"] = source
    w["report_at"] = pd.to_datetime(w["date"]) + report
    from_calls = source.isin(REPORT_COLUMNS)
    w["report_table"] = pd.Series("Days", index=w.index, dtype="string").mask(from_calls, "Calls")
    w["report_row"] = w["day_row"].where(~from_calls, w["calls_row"]).astype("Int64")
    return w.sort_values(["cast_key", "date", "day"]).reset_index(drop=True)


@derived
def cast_gaps(p: Production) -> pd.DataFrame:
    """Per performer, each pair of consecutive work dates: the calendar days off between them (``days_off``) and
    the shoot days between them (``held``), on which they would be held — or, if long enough and their contract
    allows it, dropped and picked up again."""
    work = cast_days(p).sort_values(["cast_key", "date", "day"])
    # Sorted, a performer's rows are consecutive and each date's first row is its first day (two units can shoot
    # one date): keep those, and pair each with the performer's next one.
    ck, date = work["cast_key"].to_numpy(dtype=object), work["date"].to_numpy()
    work = work[np.r_[True, (ck[1:] != ck[:-1]) | (date[1:] != date[:-1])][: len(work)]]
    ck = work["cast_key"].to_numpy(dtype=object)
    at = np.flatnonzero(ck[1:] == ck[:-1])
    gaps = work.iloc[at].reset_index(drop=True)
    gaps["next_day"] = work["day"].array[at + 1]
    gaps["next_date"] = work["date"].array[at + 1]
    gaps["days_off"] = (gaps["next_date"] - gaps["date"]).dt.days - 1
    shoot = pd.Series(sorted(p.days["date"].dropna().unique()), dtype="datetime64[s]")
    lo = shoot.searchsorted(gaps["date"].to_numpy(), side="right")
    hi = shoot.searchsorted(gaps["next_date"].to_numpy(), side="left")
    gaps["held"] = (hi - lo).clip(min=0)
    gaps["next_day"] = gaps["next_day"].astype("Int64")
    return gaps[["cast_id", "cast_key", "day", "date", "next_day", "next_date", "days_off", "held"]].reset_index(
        drop=True)


@derived
def cast_strips(p: Production) -> pd.DataFrame:
    """One row per (cast_id, strip) of a scheduled scene: who is in which strip on which shoot day and date.

    Scene and cast IDs are matched trimmed and case-insensitively, as the cross-reference checks match them.
    Strips on days missing from Days have no date (<NA>)."""
    st = strips(p)
    # One row per strip and cast ID (what explode + dropna gives, exploding the one column only).
    cast = st["cast"].explode()
    cast = cast[cast.notna().to_numpy(dtype=bool)]
    s = st[["day", "order", "scene", "part", "_row"]].iloc[st.index.get_indexer(cast.index)]
    s.insert(4, "cast_id", pd.array(cast.to_numpy(), dtype="string"))
    s["cast_key"] = key(s["cast_id"])
    s = join_unique(s, _day_dates(p), "day")
    return s.drop_duplicates(["cast_key", "_row"]).reset_index(drop=True)


@derived
def _day_dates(p: Production) -> pd.DataFrame:
    """Each shoot day number's date (the first Days row of a repeated number)."""
    return p.days[["day", "date"]].dropna(subset=["day"]).drop_duplicates("day")


@derived
def cast_days(p: Production) -> pd.DataFrame:
    """One row per (performer, dated shoot day) they work, with the scenes they are in that day (``scenes``,
    e.g. "1, 2" in shooting order) and ``cast_key`` (the ID trimmed and case-folded).

    Like ``cast_work_days`` but matching scene and cast IDs as the cross-reference checks do (trimmed,
    case-insensitive), so a scene typed ``12a`` on the stripboard and ``12A`` in the breakdown still counts."""
    s = cast_strips(p)
    s = s[s["date"].notna().to_numpy(dtype=bool)]
    s = s.sort_values(["cast_key", "date", "day", "order"])
    # A (performer, day)'s strips are consecutive rows here (a day has one date): each run's first row is the
    # work day, and its scenes (each once, in shooting order) are joined run by run -- one pass, not a Python
    # join per group through groupby.
    ck, day, scene = (s[c].to_numpy(dtype=object) for c in ("cast_key", "day", "scene"))
    starts = np.flatnonzero(np.r_[True, (ck[1:] != ck[:-1]) | (day[1:] != day[:-1])][: len(s)])
    ends = np.r_[starts[1:], len(s)][: len(starts)]
    w = s[["cast_id", "cast_key", "day", "date"]].iloc[starts].reset_index(drop=True)
    # The scene column's dtype, as groupby's aggregation gives it back.
    scenes = scene.tolist()
    w["scenes"] = pd.array([", ".join(dict.fromkeys(scenes[a:b])) for a, b in zip(starts.tolist(), ends.tolist(),
                                                                                 strict=True)], dtype=s["scene"].dtype)
    return w

"""Facts derived from the stripboard that several parts need: who works which day, and when days start and end.

Checks (turnaround, budget links, availability), the Day Out of Days and the call sheet all ask the same
questions — which cast members work on shoot day N, what are a performer's work and hold days, when does a day
really wrap — so the answers are computed once here, vectorised over the tables, and once per production
(``derived``): one check asks them dozens of times.
"""

from __future__ import annotations

import pandas as pd

from .production import Production, derived
from .textkeys import id_key


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
def work_and_hold(p: Production) -> pd.DataFrame:
    """Per performer who works: first and last work day, work days, and hold days (shoot days between first and
    last work day on which they are engaged without working), as the Day Out of Days counts them: shoot days of
    a drop/pick-up gap are not held, and days are counted by date (two units shooting one date is one day).

    Delegates to ``xlproduction.dood.work_and_hold`` so the budget checks and the DOOD tab cannot disagree."""
    from .dood import work_and_hold as dood_work_and_hold  # dood imports this module: import at call time

    return dood_work_and_hold(p)


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
    d = d.merge(extra, on="day", how="left")
    d["unit_key"] = unit_key(d["unit"])
    d["wrap_key"] = pd.Series(pd.NA, index=d.index, dtype="string")
    d.loc[d["est_wrap"].notna(), "wrap_key"] = "est_wrap"
    d.loc[d["actual_wrap"].notna(), "wrap_key"] = "actual_wrap"
    base = pd.to_datetime(d["date"])
    d["shooting_at"] = base + after_call(d["shooting_call"], d["crew_call"])
    d["lunch_at"] = base + after_call(d["lunch"], d["crew_call"])
    return d


@derived
def strips(p: Production) -> pd.DataFrame:
    """Schedule rows with a day and a scene, in shooting order, with their scene's pages, est. time, location and
    cast, and the strip's share of the scene.

    A scene on several strips (a split scene: parts 1/2 and 2/2) has its pages and est. time shared evenly among
    its strips (``pages_share`` in eighths, ``time_share``), so a day's total counts each page once however the
    scene was split. ``scene_row`` is the scene's Excel row in Scenes (<NA> when the scene is unknown)."""
    s = p.schedule[["day", "order", "scene", "part", "banner", "_row"]].dropna(subset=["day", "scene"]).copy()
    s["scene_key"] = key(s["scene"])
    sc = p.scenes[["scene", "pages", "est_time", "location", "cast", "_row"]].dropna(subset=["scene"]).copy()
    sc["scene_key"] = key(sc["scene"])
    sc = sc.drop_duplicates("scene_key").drop(columns="scene").rename(
        columns={"_row": "scene_row", "location": "scene_location"})
    s = s.merge(sc, on="scene_key", how="left")
    n = s.groupby("scene_key")["scene_key"].transform("size")
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
    w = work.merge(d.rename(columns={"_row": "day_row"}), on="day", how="inner")
    c = p.df("Calls")
    c = c.dropna(subset=["day", "cast_id"])[["day", "cast_id", *REPORT_COLUMNS, "_row"]].copy()
    c["cast_key"] = key(c["cast_id"])
    c = c.drop_duplicates(["day", "cast_key"]).drop(columns="cast_id").rename(columns={"_row": "calls_row"})
    c["calls_row"] = c["calls_row"].astype("Int64")
    w = w.merge(c, on=["day", "cast_key"], how="left")
    # Four columns, not rows: the first time entered wins. Start from the first column itself and fillna from
    # the others (same dtype throughout): pandas 2.x mis-scales .where() between an all-NaT series and
    # timedelta64[s] values, which put report times centuries away.
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
    work = cast_days(p).sort_values(["cast_key", "date", "day"]).drop_duplicates(["cast_key", "date"])
    g = work.groupby("cast_key", sort=False)
    work["next_day"] = g["day"].shift(-1)
    work["next_date"] = g["date"].shift(-1)
    gaps = work.dropna(subset=["next_date"]).copy()
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
    s = strips(p)[["day", "order", "scene", "part", "cast", "_row"]].explode("cast").dropna(subset=["cast"])
    s = s.rename(columns={"cast": "cast_id"})
    s["cast_id"] = s["cast_id"].astype("string")
    s["cast_key"] = key(s["cast_id"])
    days = p.days[["day", "date"]].dropna(subset=["day"]).drop_duplicates("day")
    s = s.merge(days, on="day", how="left")
    return s.drop_duplicates(["cast_key", "_row"]).reset_index(drop=True)


@derived
def cast_days(p: Production) -> pd.DataFrame:
    """One row per (performer, dated shoot day) they work, with the scenes they are in that day (``scenes``,
    e.g. "1, 2" in shooting order) and ``cast_key`` (the ID trimmed and case-folded).

    Like ``cast_work_days`` but matching scene and cast IDs as the cross-reference checks do (trimmed,
    case-insensitive), so a scene typed ``12a`` on the stripboard and ``12A`` in the breakdown still counts."""
    s = cast_strips(p).dropna(subset=["date"])
    s = s.sort_values(["cast_key", "date", "day", "order"])
    scenes = s.drop_duplicates(["cast_key", "day", "scene"]).groupby(["cast_key", "day"])["scene"].agg(", ".join)
    w = s.drop_duplicates(["cast_key", "day"])[["cast_id", "cast_key", "day", "date"]]
    w = w.merge(scenes.rename("scenes"), left_on=["cast_key", "day"], right_index=True)
    return w.reset_index(drop=True)

"""Facts derived from the stripboard that several parts need: who works which day, and when days start and end.

Checks (turnaround, budget links, availability), the Day Out of Days and the call sheet all ask the same
questions — which cast members work on shoot day N, what are a performer's work and hold days, when does a day
really wrap — so the answers are computed once here, vectorised over the tables.
"""

from __future__ import annotations

import pandas as pd

from .production import Production


def scene_cast(p: Production) -> pd.DataFrame:
    """One row per (scene, cast_id) from the Scenes table's Cast IDs lists."""
    sc = p.scenes[["scene", "cast"]].explode("cast").dropna(subset=["cast"])
    sc = sc.rename(columns={"cast": "cast_id"})
    sc["cast_id"] = sc["cast_id"].astype("string")
    return sc.drop_duplicates().reset_index(drop=True)


def scheduled_scenes(p: Production) -> pd.DataFrame:
    """Schedule rows joined with their shoot day's date (only rows whose day exists in Days)."""
    sched = p.schedule[["day", "order", "scene", "part"]].dropna(subset=["day", "scene"])
    days = p.days[["day", "date"]].dropna(subset=["day"]).drop_duplicates("day")
    return sched.merge(days, on="day", how="inner")


def cast_work_days(p: Production) -> pd.DataFrame:
    """One row per (cast_id, day, date) on which the performer appears in a scheduled scene."""
    work = scheduled_scenes(p).merge(scene_cast(p), on="scene", how="inner")
    return (work[["cast_id", "day", "date"]].drop_duplicates().sort_values(["cast_id", "day"])
            .reset_index(drop=True))  # fmt: skip


def work_and_hold(p: Production) -> pd.DataFrame:
    """Per performer: first and last work day, work days, and hold days (shoot days between first and last
    work day on which they do not work). Drop/pick-up is the Day Out of Days' refinement of this."""
    work = cast_work_days(p)
    if work.empty:
        return pd.DataFrame({"cast_id": pd.Series(dtype="string"), "first_day": pd.Series(dtype="Int64"),
                             "last_day": pd.Series(dtype="Int64"), "work": pd.Series(dtype="int64"),
                             "hold": pd.Series(dtype="int64")})  # fmt: skip
    g = work.groupby("cast_id", sort=True)["day"]
    out = pd.DataFrame({"first_day": g.min(), "last_day": g.max(), "work": g.nunique()})
    shoot_days = pd.Series(sorted(p.days["day"].dropna().unique()), dtype="Int64")
    # Shoot days inside [first, last]: count via searchsorted on the sorted day numbers (vectorised).
    lo = shoot_days.searchsorted(out["first_day"].to_numpy(), side="left")
    hi = shoot_days.searchsorted(out["last_day"].to_numpy(), side="right")
    out["span"] = hi - lo
    out["hold"] = (out["span"] - out["work"]).clip(lower=0)
    return out.drop(columns="span").reset_index()


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

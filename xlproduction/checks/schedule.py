"""The stripboard and the shoot days: every scene shot once, days in date order, calls and meals that add up.

A schedule is rebuilt many times in prep; each rebuild can drop a scene, shoot one twice, land a day on a
holiday or pile eleven pages on one day. These rules catch what a 1st AD and a coordinator check by eye before a
schedule goes out. The facts they share (strips with their pages, day bounds, after-midnight times) come from
``xlproduction.model.scheduling``; the wording helpers at the top are shared with the rest and cast rules, so every
message names days, dates, times and hours the same way.
"""

from __future__ import annotations

import datetime as dt
import functools
import re
from collections.abc import Iterator
from typing import Any

import holidays
import numpy as np
import pandas as pd

from ..model.findings import Finding, Severity
from ..model.pages import format_pages
from ..model.production import ROW, Production, derived
from ..model.scheduling import day_times, key, strips, unit_key
from .facts import column_key, key_set
from .locate import at_rows, at_setting
from .registry import rule

# --- wording shared by the schedule, rest and cast rules -----------------------------------------------------


def _blank(v: Any) -> bool:
    return v is None or v is pd.NA or v is pd.NaT or (isinstance(v, float) and v != v)


def when(d: Any) -> str:
    """``Mon 1 Mar 2027`` (the weekday matters to a coordinator reading a date)."""
    if _blank(d):
        return "(no date)"
    t = pd.Timestamp(d)
    return f"{t:%a} {t.day} {t:%b %Y}"


def _paren(v: Any) -> str:
    """`` (text)`` after a name, or nothing when the value is blank."""
    return "" if _blank(v) else f" ({v})"


def day_label(day: Any, date: Any = None) -> str:
    """``day 3 (Wed 3 Mar 2027)``, or ``day 3`` when the date is unknown."""
    return f"day {day}" if _blank(date) else f"day {day} ({when(date)})"


def clock(t: Any) -> str:
    """A time of day as the call sheet prints it: ``7:30 AM``; a timedelta past 24 h gets ``(+1 day)``."""
    if _blank(t):
        return "(no time)"
    if isinstance(t, dt.timedelta | np.timedelta64):
        minutes = int(pd.Timedelta(t).total_seconds() // 60)
        days, minutes = divmod(minutes, 24 * 60)
        h, m = divmod(minutes, 60)
        suffix = f" (+{days} day)" if days == 1 else f" (+{days} days)" if days else ""
    else:
        ts = pd.Timestamp(t)
        h, m, suffix = ts.hour, ts.minute, ""
    return f"{(h % 12) or 12}:{m:02d} {'AM' if h < 12 else 'PM'}{suffix}"


def hours(td: Any) -> str:
    """A length of time in hours: ``9.5 h``."""
    if _blank(td):
        return "(unknown)"
    h = pd.Timedelta(td).total_seconds() / 3600 if not isinstance(td, int | float) else float(td)
    return f"{round(h, 2):g} h"


def plural(n: int, noun: str) -> str:
    """``1 day``, ``3 days``."""
    return f"{n} {noun}" if n == 1 else f"{n} {noun}s"


def with_cast(p: Production, df: pd.DataFrame, cast_col: str = "cast_id") -> pd.DataFrame:
    """``df`` with the Cast row of each performer (character, performer, minor, date of birth, rates, availability,
    ``cast_row``), matched on the cast ID as the cross-reference checks match it. Unknown IDs are dropped:
    XR001 reports them."""
    c = _cast_rows(p)
    keys = key(df[cast_col])
    at = _cast_index(p).get_indexer(keys)
    found = at >= 0
    # An inner join on a unique key, as an index lookup: the rows of ``df`` that match, in their order, with
    # ``cast_key`` and the Cast row's columns after df's (the Cast table's spelling of each column, cast_id as
    # typed there, replaces df's) -- what ``merge(how="inner")`` gives, at a fraction of its cost.
    data = {col: (keys if col == "cast_key" else df[col]).array[found] for col in df.columns
            if col not in c.columns or col == "cast_key"}
    if "cast_key" not in data:
        data["cast_key"] = keys.array[found]
    data.update({col: c[col].array.take(at[found]) for col in c.columns if col != "cast_key"})
    return pd.DataFrame(data)


def cast_column(p: Production, keys: pd.Series, column: str) -> pd.Series:
    """The Cast row's ``column`` for each cast key in ``keys`` (same index), <NA> where no Cast row has the key:
    what ``with_cast`` would join, for a rule's quick test before it joins anything."""
    c = _cast_rows(p)
    at = _cast_index(p).get_indexer(keys)
    return pd.Series(c[column].array.take(at, allow_fill=True), index=keys.index, name=column)


@derived
def _cast_index(p: Production) -> pd.Index:
    return pd.Index(_cast_rows(p)["cast_key"])


@derived
def minor_keys(p: Production) -> frozenset[str]:
    """Cast keys of the performers ``with_cast`` finds marked Minor."""
    c = _cast_rows(p)
    return frozenset(c.loc[c["minor"].fillna(False).astype(bool).to_numpy(), "cast_key"])


@derived
def _cast_rows(p: Production) -> pd.DataFrame:
    """The Cast table as ``with_cast`` joins it: contract columns, ``cast_row``, ``cast_key``, first row per key."""
    # Contract columns only: a user's extra column (kept by the reader) must not shadow one of df's.
    cols = [k for k in p.table("Cast").spec.keys if k != "notes"]
    c = p.cast[[*cols, ROW]].dropna(subset=["cast_id"])
    return c.assign(cast_key=key(c["cast_id"])).drop_duplicates("cast_key").rename(columns={ROW: "cast_row"})


def who(r: dict[str, Any]) -> str:
    """``Cast 1 MAYA (Ana Example)``: ID, character and performer, as the stripboard knows them."""
    name = "" if _blank(r.get("performer")) else f" ({r['performer']})"
    character = "" if _blank(r.get("character")) else f" {r['character']}"
    return f"Cast {r['cast_id']}{character}{name}"


@derived
def _days(p: Production) -> pd.DataFrame:
    """Days rows with a day number, and their unit normalised."""
    d = p.days.dropna(subset=["day"]).copy()
    d["unit_key"] = unit_key(d["unit"])
    return d


@derived
def _dated_days(p: Production) -> pd.DataFrame:
    """``_days`` with a date."""
    return _days(p).dropna(subset=["date"])


# --- rules ----------------------------------------------------------------------------------------------------


@rule("SC001", "scene-never-scheduled", "A scene of the breakdown is on no strip of the schedule.",
      tables=("Scenes",))
def scene_never_scheduled(p: Production) -> Iterator[Finding]:
    """
    **What it does.** Checks that every scene in the Scenes table appears on at least one Schedule strip. Scenes
    whose Set or Synopsis starts with `OMIT` (as omitted scenes keep their number in the script) are skipped.

    **Why it matters.** A scene that is never scheduled is never shot: nobody notices until the editor asks.

    **Example.** After a rebuild of the stripboard, scene 27 has no strip.

    **Fix.** Add a Schedule row for the scene, or mark it `OMITTED` in its Set or Synopsis if it was cut.
    """
    if key_set(p, "Scenes", "scene") <= key_set(p, "Schedule", "scene"):
        return  # every scene is on a strip
    s = p.scenes.dropna(subset=["scene"])
    scheduled = set(key(p.schedule["scene"]).dropna())
    omitted = pd.Series(False, index=s.index)
    for col in ("set", "synopsis"):  # two columns, not rows
        omitted |= key(s[col]).str.startswith("omit").fillna(False).astype(bool)
    bad = s[~key(s["scene"]).isin(scheduled).astype(bool) & ~omitted]
    yield from at_rows(p, scene_never_scheduled.info, "Scenes", bad, "scene",
                       lambda r: f"Scene {r['scene']}{_paren(r['set'])} is not scheduled on any shoot day.",
                       "Add a strip for scene {scene} to the Schedule, or write OMITTED in its Set if it was cut.")


@rule("SC002", "scene-scheduled-twice", "A scene (or the same part of a split scene) is on two strips.",
      tables=("Schedule",))
def scene_scheduled_twice(p: Production) -> Iterator[Finding]:
    """
    **What it does.** Looks for a scene on more than one strip. A scene split over several days is allowed when
    each strip has its own Part (`1/2`, `2/2`); the same part twice, or the whole scene (blank Part) beside any
    other strip of it, is reported on the second Schedule row (in table order), naming the first.

    **Why it matters.** The scene's pages, cast and costs are counted twice, and the call sheet calls the cast
    for a scene that was already shot.

    **Example.** Scene 12 is on day 3 and again on day 7, both with a blank Part.

    **Fix.** Delete the extra strip, or give each strip of a split scene its Part (`1/2`, `2/2`).
    """
    k = column_key(p, "Schedule", "scene")
    # Only scenes on more than one strip can be reported: the rest of the stripboard is left out from the start.
    again = k.notna() & k.duplicated(keep=False)
    if not again.any():
        return
    if not _maybe_scheduled_twice(k[again], p.schedule.loc[again.to_numpy(dtype=bool), "part"]):
        return  # split scenes, each part (none blank) on its own strip
    s = p.schedule[again].copy()
    s["k"] = k[again]
    s["part_k"] = s["part"].astype("string").str.replace(r"\s+", "", regex=True).str.casefold().fillna("")
    s = s.sort_values(ROW)
    same_part = s.duplicated(["k", "part_k"], keep="first")
    has_whole = s["part_k"].eq("").groupby(s["k"]).transform("any")
    later = s.groupby("k").cumcount() > 0
    s["same_part"] = same_part
    bad = s[same_part | (has_whole & later)]
    if bad.empty:
        return  # split scenes, each part on its own strip
    # The strip each duplicate repeats: the first with the same part, else the scene's first strip. (Not
    # groupby.first, which skips blanks: a blank Part is what marks the whole scene.)
    cols = ["day", "order", "part"]
    firsts = {c: f"first_{c}" for c in cols}
    by_part = bad.merge(s.drop_duplicates(["k", "part_k"])[["k", "part_k", *cols]].rename(columns=firsts),
                        on=["k", "part_k"], how="left").set_index(bad.index)
    by_scene = bad.merge(s.drop_duplicates("k")[["k", *cols]].rename(columns=firsts), on="k",
                         how="left").set_index(bad.index)
    bad = by_part.where(bad["same_part"], by_scene, axis=0)

    def message(r: dict[str, Any]) -> str:
        this = f"Scene {r['scene']}" + ("" if r["part_k"] == "" else f" part {r['part']}")
        where = f"on day {r['day']} (order {r['order']})"
        first = f"day {r['first_day']} (order {r['first_order']})"
        if r["same_part"]:
            return f"{this} is {where}, but {'that part' if r['part_k'] else 'it'} is already on {first}."
        if _blank(r["first_part"]):
            return f"{this} is {where}, but the whole scene is already on {first}."
        return f"Scene {r['scene']} (whole) is {where}, but part {r['first_part']} is already on {first}."

    yield from at_rows(p, scene_scheduled_twice.info, "Schedule", bad, "scene", message,
                       "Delete the extra strip, or give every strip of a split scene its own Part (1/2, 2/2).")


def _maybe_scheduled_twice(scene_keys: pd.Series, parts: pd.Series) -> bool:
    """False only when the strips of scenes on several strips (``scene_keys``, ``parts``) all carry a Part and no
    Part twice for a scene, as SC002 reads Parts (spacing and case ignored)."""
    seen: set[tuple[Any, str]] = set()
    for k, part in zip(scene_keys.tolist(), parts.tolist(), strict=True):
        if not isinstance(part, str):
            return True  # a blank Part (the whole scene) or something unforeseen
        pk = "".join(part.split()).casefold()  # what replace(r"\s+", "") and casefold give
        if not pk or (k, pk) in seen:
            return True
        seen.add((k, pk))
    return False


@rule("SC003", "day-dates-out-of-order", "Shoot day numbers and dates do not go up together.", tables=("Days",))
def day_dates_out_of_order(p: Production) -> Iterator[Finding]:
    """
    **What it does.** Sorts each unit's shoot days by number and reports a day dated before the day numbered
    just before it.

    **Why it matters.** "Shoot day 5 of 30" on the call sheet, the Day Out of Days and turnaround checks all
    assume day numbers follow the calendar; a typo in a date (2026 for 2027) puts a day in the wrong week.

    **Example.** Day 4 is dated 3 March, day 3 is dated 4 March.

    **Fix.** Correct the date, or renumber the days in date order (and the Schedule's day numbers with them).
    """
    d = _dated_days(p).sort_values(["unit_key", "day"])
    unit, date = d["unit_key"].to_numpy(), d["date"].to_numpy()
    if not ((unit[1:] == unit[:-1]) & (date[1:] < date[:-1])).any():
        return  # each unit's dates go up with its day numbers
    g = d.groupby("unit_key")
    d["prev_day"], d["prev_date"] = g["day"].shift(1), g["date"].shift(1)
    bad = d[d["date"] < d["prev_date"]]
    yield from at_rows(p, day_dates_out_of_order.info, "Days", bad, "date",
                       lambda r: (f"Day {r['day']} is dated {when(r['date'])}, before day {int(r['prev_day'])} "
                                  f"({when(r['prev_date'])}): day numbers and dates must go up together."),
                       "Correct the date, or renumber the shoot days in date order (and the Schedule with them).")


@rule("SC004", "day-date-duplicated", "Two shoot days of the same unit share a date.", tables=("Days",))
def day_date_duplicated(p: Production) -> Iterator[Finding]:
    """
    **What it does.** Reports a shoot day whose date is already used by a lower-numbered day of the same Unit.

    **Why it matters.** One unit cannot shoot two days on one date; usually one date was copied down and not
    changed. A second unit shooting the same date is fine when its Unit says so.

    **Example.** Days 6 and 7 are both Tuesday 9 March, Unit Main.

    **Fix.** Correct the date, or set the Unit (e.g. `2nd`) of a day shot by another unit.
    """
    d = _dated_days(p)
    if not d.duplicated(["unit_key", "date"]).any():
        return
    d = d.sort_values(["unit_key", "day"])
    d["first_day"] = d.groupby(["unit_key", "date"])["day"].transform("first")
    bad = d[d.duplicated(["unit_key", "date"], keep="first")]
    yield from at_rows(p, day_date_duplicated.info, "Days", bad, "date",
                       lambda r: (f"Day {r['day']} and day {r['first_day']} are both on {when(r['date'])} "
                                  f"(unit {r['unit'] if not _blank(r['unit']) else 'Main'})."),
                       "Correct the date, or give a day shot by another unit its own Unit (e.g. 2nd).")


@rule("SC005", "shoot-day-on-weekend", "A shoot day falls on a Saturday or Sunday.", Severity.WARNING,
      tables=("Days",))
def shoot_day_on_weekend(p: Production) -> Iterator[Finding]:
    """
    **What it does.** Reports shoot days dated on a Saturday or a Sunday.

    **Why it matters.** Weekend work is usually a sixth or seventh day at premium rates, breaks the crew's
    weekend rest, and is often a wrong date.

    **Example.** Day 6 is dated Saturday 6 March.

    **Fix.** Correct the date; if the weekend day is planned and budgeted, write `noqa: SC005` in the day's Notes.
    """
    d = _dated_days(p)
    bad = d[d["date"].dt.day_of_week >= 5]
    yield from at_rows(p, shoot_day_on_weekend.info, "Days", bad, "date",
                       lambda r: f"Day {r['day']} is on a {pd.Timestamp(r['date']):%A} ({when(r['date'])}).",
                       "Move the day to a weekday, or write 'noqa: SC005' in the day's Notes if weekend work is "
                       "planned and budgeted.")


@rule("SC006", "shoot-day-on-holiday", "A shoot day falls on a public holiday.", Severity.WARNING,
      tables=("Days",))
def shoot_day_on_holiday(p: Production) -> Iterator[Finding]:
    """
    **What it does.** Looks up each shoot day's date in the public holidays of the Settings' Country and
    State/Province (the `holidays` package), and names the holiday.

    **Why it matters.** Holiday work is paid at premium rates under most union agreements, and locations,
    permits offices and rental houses may be closed.

    **Example.** Day 20 is on 31 May 2027, Memorial Day (US).

    **Fix.** Move the day, or write `noqa: SC006` in the day's Notes if holiday work is planned and budgeted.
    If the Country or State/Province is not recognised, correct it in Settings.
    """
    d = _dated_days(p)
    if d.empty:
        return
    country = str(p.settings.country or "").strip().upper()
    subdiv = str(p.settings.subdivision or "").strip().upper() or None
    if not country:
        return
    years = sorted(set(d["date"].dt.year.astype(int)))
    info = shoot_day_on_holiday.info
    try:
        cal = _holiday_calendar(country, subdiv, tuple(years))
    except (NotImplementedError, KeyError, ValueError):
        try:
            holidays.country_holidays(country)
        except (NotImplementedError, KeyError, ValueError):
            yield at_setting(p, info, "country", f"Public holidays were not checked: country {country!r} is "
                             "not known to the holidays calendar.", "Use a two-letter ISO country code such as "
                             "US, GB, CA or FR.")
            return
        yield at_setting(p, info, "subdivision", f"Public holidays were not checked: {subdiv!r} is not a "
                         f"state/province of {country}.", "Use the ISO code of the state or province, e.g. CA "
                         "or NY, or leave it blank for national holidays only.")
        return
    dates = d["date"].to_numpy(dtype="datetime64[s]")
    if not np.isin(dates, np.array(list(cal), dtype="datetime64[s]")).any():
        return  # no shoot date is a holiday
    names = pd.Series({pd.Timestamp(k): v for k, v in cal.items()}, dtype="string")
    where = f"{country}-{subdiv}" if subdiv else country
    named = d.assign(holiday=d["date"].map(names))
    bad = named[named["holiday"].notna()]
    yield from at_rows(p, info, "Days", bad, "date",
                       lambda r: f"Day {r['day']} ({when(r['date'])}) is {r['holiday']}, a public holiday in "
                                 f"{where}.",
                       "Move the day, or write 'noqa: SC006' in the day's Notes if holiday work is planned and "
                       "budgeted (premium rates).")


@functools.lru_cache(maxsize=32)
def _holiday_calendar(country: str, subdiv: str | None, years: tuple[int, ...]) -> dict[dt.date, str]:
    # Building a holidays calendar costs ~0.1 s; a session checks the same production (and the call sheet's
    # readiness check re-runs it), so it is built once per country, state and years.
    return dict(holidays.country_holidays(country, subdiv=subdiv, years=list(years)).items())


@rule("SC007", "too-many-pages-in-a-day", "A shoot day schedules more pages than Max Pages Per Day.",
      Severity.WARNING, tables=("Days",))
def too_many_pages_in_a_day(p: Production) -> Iterator[Finding]:
    """
    **What it does.** Adds up the pages of each day's strips and compares them with Settings' Max Pages Per Day
    (eighths; 8 pages by default). A split scene's pages are shared evenly among its strips, so a scene shot
    over two days counts half its pages on each.

    **Why it matters.** A day with too many pages is a day that runs into overtime or leaves scenes unshot.

    **Example.** Day 4 schedules 10 2/8 pages; the production plans at most 8.

    **Fix.** Move a strip to a lighter day, or raise Max Pages Per Day if this day's scenes are quick.
    """
    limit = p.settings.max_pages_per_day
    if limit is None:
        return
    pages = strips(p).groupby("day")["pages_share"].sum()
    if not (pages > limit).any():
        return
    d = _days(p)
    d["pages"] = d["day"].map(pages)
    bad = d[d["pages"].notna() & (d["pages"] > limit)]
    yield from at_rows(p, too_many_pages_in_a_day.info, "Days", bad, "day",
                       lambda r: (f"Day {r['day']} schedules {format_pages(round(r['pages']))} pages, more than "
                                  f"the {format_pages(limit)} per day set in Settings (Max Pages Per Day)."),
                       "Move a strip to a lighter day, or raise Max Pages Per Day in Settings.")


@rule("SC008", "crew-call-after-shooting-call", "A day's shooting call is before its crew call.", tables=("Days",))
def crew_call_after_shooting_call(p: Production) -> Iterator[Finding]:
    """
    **What it does.** Compares each day's Shooting Call with its Crew Call. A shooting call more than 12 hours
    before the crew call is read as after midnight (a night shoot's `00:30`).

    **Why it matters.** The camera cannot roll before the crew is called; the call sheet would contradict itself.

    **Example.** Crew call 8:00 AM, shooting call 7:00 AM (swapped).

    **Fix.** Correct one of the two: the shooting call is usually an hour or more after the crew call.
    """
    d = day_times(p)
    bad = d[d["shooting_at"] < d["call_at"]]
    yield from at_rows(p, crew_call_after_shooting_call.info, "Days", bad, "shooting_call",
                       lambda r: (f"Day {r['day']}'s shooting call ({clock(r['shooting_call'])}) is before its "
                                  f"crew call ({clock(r['crew_call'])})."),
                       "Correct the Shooting Call or the Crew Call: the crew is called before the camera rolls.")


@rule("SC009", "shoot-day-count-mismatch", "The Days table has more or fewer days than Planned Shoot Days.",
      Severity.WARNING, tables=("Settings",))
def shoot_day_count_mismatch(p: Production) -> Iterator[Finding]:
    """
    **What it does.** Counts the main unit's shoot days in Days (all days when no day says Main) and compares
    the count with Settings' Planned Shoot Days.

    **Why it matters.** The budget's per-day lines and "day X of Y" on call sheets use the planned count; a
    schedule that grew by two days is two days of cost nobody budgeted.

    **Example.** Planned Shoot Days is 30; the Days table has 32 days.

    **Fix.** Update Planned Shoot Days after a schedule change, or add or remove shoot days.
    """
    planned = p.settings.planned_shoot_days
    if planned is None:
        return
    d = _days(p)
    main = d[d["unit_key"] == "main"]
    n = (main if not main.empty else d)["day"].nunique()
    if n != int(planned):
        unit = "main-unit " if not main.empty and len(main) < len(d) else ""
        yield at_setting(p, shoot_day_count_mismatch.info, "planned_shoot_days",
                         f"The Days table has {plural(n, unit + 'shoot day')} but Planned Shoot Days is {planned}.",
                         f"Set Planned Shoot Days to {n} if the schedule changed, or add or remove shoot days.")


@rule("SC010", "day-without-scenes", "A shoot day has no strips on the stripboard.", Severity.WARNING,
      tables=("Days",))
def day_without_scenes(p: Production) -> Iterator[Finding]:
    """
    **What it does.** Reports shoot days in Days that no Schedule row uses.

    **Why it matters.** A day without scenes has an empty call sheet: usually its strips were moved away, or its
    day number was retyped.

    **Example.** Day 9 exists in Days but every strip says day 8 or 10.

    **Fix.** Schedule scenes on the day or delete it; for a planned non-shooting day (travel, rehearsal) write
    `noqa: SC010` in its Notes.
    """
    d = _days(p)
    used = set(p.schedule["day"].dropna().astype(int))
    bad = d[~d["day"].isin(used).astype(bool)]
    yield from at_rows(p, day_without_scenes.info, "Days", bad, "day",
                       lambda r: f"Day {r['day']} ({when(r['date'])}) has no scenes on the Schedule.",
                       "Schedule scenes on this day or delete it; for a planned non-shooting day write "
                       "'noqa: SC010' in its Notes.")


@rule("SC011", "strip-order-duplicated", "Two strips of the same day have the same Order.", Severity.WARNING,
      tables=("Schedule",))
def strip_order_duplicated(p: Production) -> Iterator[Finding]:
    """
    **What it does.** Reports a Schedule row whose (Day, Order) is already used by an earlier row.

    **Why it matters.** The call sheet prints scenes in Order; with a tie the shooting order is a guess, and
    banners (lunch, company move) land after the wrong scene.

    **Example.** Day 2 has scenes 3 and 6 both as Order 1.

    **Fix.** Renumber the day's strips so each Order is used once.
    """
    s = p.schedule.dropna(subset=["day", "order"])
    if not s.duplicated(["day", "order"]).any():
        return
    s = s.sort_values(ROW)
    s["first_scene"] = s.groupby(["day", "order"])["scene"].transform("first")
    bad = s[s.duplicated(["day", "order"], keep="first")]
    yield from at_rows(p, strip_order_duplicated.info, "Schedule", bad, "order",
                       "Day {day} has two strips with Order {order} (scenes {first_scene} and {scene}).",
                       "Renumber the strips of day {day} so each Order is used once.")


@rule("SC012", "meal-too-late", "Lunch is later than Meal Interval Hours after crew call.", Severity.WARNING,
      tables=("Days",))
def meal_too_late(p: Production) -> Iterator[Finding]:
    """
    **What it does.** Checks that each day's Lunch is no later than crew call plus Settings' Meal Interval Hours
    (6 h by default). A lunch more than 12 hours before the crew call is read as after midnight.

    **Why it matters.** A late first meal costs meal penalties for every crew member and performer.

    **Example.** Crew call 7:00 AM, lunch 1:30 PM: 6.5 hours.

    **Fix.** Move lunch earlier, or plan a non-deductible breakfast / walking meal and note it.
    """
    interval = pd.Timedelta(hours=float(p.settings.meal_interval_hours or 6))
    d = day_times(p)
    d["due"] = d["call_at"] + interval
    bad = d[d["lunch_at"] > d["due"]]
    yield from at_rows(p, meal_too_late.info, "Days", bad, "lunch",
                       lambda r: (f"Day {r['day']}'s lunch at {clock(r['lunch_at'])} is "
                                  f"{hours(r['lunch_at'] - r['call_at'])} after crew call ({clock(r['call_at'])}); "
                                  f"the first meal is due within {hours(interval)}."),
                       lambda r: f"Move lunch to {clock(r['due'])} or earlier, or plan a walking meal and note it.")


@rule("SC013", "day-location-mismatch", "A scene is at another location than its day, with no company move.",
      Severity.WARNING, tables=("Schedule",))
def day_location_mismatch(p: Production) -> Iterator[Finding]:
    """
    **What it does.** Compares each scheduled scene's Location ID with its shoot day's Location ID. A scene
    after a strip whose Banner After says `COMPANY MOVE` may be elsewhere.

    **Why it matters.** The call sheet sends everyone to the day's location; a scene elsewhere without a planned
    move means lost hours, or a crew at the wrong address.

    **Example.** Day 2 is at L1 (the diner); its second scene is at L2 (the park) and no move is planned.

    **Fix.** Put `COMPANY MOVE` in the Banner After of the strip before the move, or correct the scene's or the
    day's Location ID.
    """
    s = strips(p)
    days = p.days[["day", "location"]].dropna(subset=["day"]).drop_duplicates("day")
    if not _maybe_location_mismatch(p, s, days):
        return
    s = s.merge(days.rename(columns={"location": "day_location"}), on="day", how="inner")
    moved = s["banner"].astype("string").str.contains("company move", case=False, na=False).astype(int)
    # Moves on earlier strips of the same day (a banner is printed after its own strip).
    moved_before = (moved.groupby(s["day"]).cumsum() - moved) > 0
    differ = (key(s["scene_location"]) != key(s["day_location"])).fillna(False).astype(bool)
    bad = s[differ & ~moved_before]
    yield from at_rows(p, day_location_mismatch.info, "Schedule", bad, "scene",
                       "Scene {scene} is at location {scene_location} but day {day} is at {day_location}, and no "
                       "COMPANY MOVE banner comes before it.",
                       "Write COMPANY MOVE in the Banner After of the strip before scene {scene}, or correct the "
                       "scene's or the day's Location ID.")


_COMPANY_MOVE = re.compile("company move", re.IGNORECASE)  # as ``str.contains("company move", case=False)``


def _maybe_location_mismatch(p: Production, s: pd.DataFrame, days: pd.DataFrame) -> bool:
    """False only when SC013 has nothing to report: no strip of a day in Days is at another location than its
    day (both known) without a COMPANY MOVE banner on an earlier strip of that day. ``s`` is ``strips(p)``:
    sorted by day, so each day's strips are consecutive."""
    at = pd.Index(days["day"]).get_indexer(s["day"])
    day_loc = column_key(p, "Days", "location").loc[days.index].array.take(at, allow_fill=True)
    differ = np.asarray((key(s["scene_location"]).array != day_loc).fillna(False), dtype=bool) & (at >= 0)
    if not differ.any():
        return False
    banners = s["banner"]
    moves = {v: isinstance(v, str) and _COMPANY_MOVE.search(v) is not None
             for v in banners[banners.notna().to_numpy(dtype=bool)].unique()}
    if any(not isinstance(v, str) for v in moves):
        return True
    moved = np.array([moves.get(v, False) if isinstance(v, str) else False for v in banners.tolist()], dtype="int64")
    day = s["day"].to_numpy(dtype=object)
    new_day = np.r_[True, day[1:] != day[:-1]][: len(day)]
    before = np.cumsum(moved) - moved  # moves on all the strips before each one
    # Less those before the day's first strip: the moves earlier on the same day.
    moved_before = (before - before[np.flatnonzero(new_day)][np.cumsum(new_day) - 1]) > 0
    return bool((differ & ~moved_before).any())


# A meal break the day must also fit, when a lunch is scheduled (30 minutes is the usual non-deductible meal).
MEAL_BREAK = pd.Timedelta(minutes=30)


@rule("SC014", "day-overbooked", "A day's scenes need more shooting time than its calls and wrap allow.",
      Severity.WARNING, tables=("Days",))
def day_overbooked(p: Production) -> Iterator[Finding]:
    """
    **What it does.** Adds up the Est. Time of each day's scenes (a split scene's time shared among its strips)
    and compares it with the time from shooting call to estimated wrap, less a 30-minute meal when a lunch is
    scheduled. Days whose scenes have no Est. Time are skipped.

    **Why it matters.** The AD's timings say the day cannot be shot in the hours the call sheet announces:
    overtime, or scenes pushed to another day.

    **Example.** Day 3's scenes are timed at 11 hours; shooting call 8:00 AM to est. wrap 7:00 PM leaves 10.5.

    **Fix.** Move a scene to another day, or set a later Est. Wrap (and mind the turnaround to the next day).
    """
    s = strips(p)
    need = s.dropna(subset=["time_share"]).groupby("day")["time_share"].sum()
    d = day_times(p).dropna(subset=["est_wrap"])
    wrap = d["est_wrap"].where(d["est_wrap"] >= d["crew_call"], d["est_wrap"] + pd.Timedelta(days=1))
    d["est_wrap_at"] = pd.to_datetime(d["date"]) + wrap
    if d.empty or need.empty:
        return  # no day with both an est. wrap and timed scenes
    d["need"] = d["day"].map(need)
    if not (d["need"].notna() & (d["need"] > d["est_wrap_at"] - d["shooting_at"].fillna(d["call_at"])
                                  - MEAL_BREAK * d["lunch"].notna().astype(int))).any():
        return  # every day's scenes fit
    d = d.drop(columns="need").merge(need.rename("need"), left_on="day", right_index=True, how="left")
    d["room"] = d["est_wrap_at"] - d["shooting_at"].fillna(d["call_at"])
    d["room"] = d["room"] - MEAL_BREAK * d["lunch"].notna().astype(int)
    bad = d[d["need"].notna() & (d["need"] > d["room"])]

    def message(r: dict[str, Any]) -> str:
        meal = " after a 30-minute meal" if not _blank(r["lunch"]) else ""
        start = r["shooting_call"] if not _blank(r["shooting_call"]) else r["crew_call"]
        return (f"Day {r['day']}'s scenes are timed at {hours(r['need'])} of shooting, but {clock(start)} to the "
                f"est. wrap at {clock(r['est_wrap'])} leaves {hours(r['room'])}{meal}.")

    yield from at_rows(p, day_overbooked.info, "Days", bad, "est_wrap", message,
                       "Move a scene to another day, or set a later Est. Wrap (mind the next day's turnaround).")


RULES = (
    scene_never_scheduled, scene_scheduled_twice, day_dates_out_of_order, day_date_duplicated,
    shoot_day_on_weekend, shoot_day_on_holiday, too_many_pages_in_a_day, crew_call_after_shooting_call,
    shoot_day_count_mismatch, day_without_scenes, strip_order_duplicated, meal_too_late, day_location_mismatch,
    day_overbooked,
)  # fmt: skip

"""Rest and safety: turnaround, weekly rest, minors' hours and teachers, long days, and the nearest hospital.

These are the rules whose breach costs money (forced-call and rest-period penalties) or puts people at risk
(a tired crew driving home, a child on set at midnight, a call sheet without a hospital). Thresholds come from
Settings (Crew/Cast Turnaround Hours, weekly rest hours, minors' hours), whose defaults follow the SAG-AFTRA and
IATSE agreements and California's rules for minors; they change with each contract, so they are data, not code.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import numpy as np
import pandas as pd

from ..model.findings import Finding, Severity
from ..model.production import ROW, Production
from ..model.scheduling import cast_calls, cast_days, day_times, key
from .facts import column_key, key_set
from .locate import at_rows
from .registry import rule
from .schedule import clock, day_label, hours, minor_keys, when, who, with_cast

# California: minors may work only between 5 am and 10 pm (Settings may say otherwise).
MINOR_EARLIEST_CALL = pd.Timedelta(hours=5)
MINOR_LATEST_WRAP = pd.Timedelta(hours=22)
MAX_DAY = pd.Timedelta(hours=14)  # a "long day": beyond it, fatigue becomes a safety issue
WEEK_DAYS = 7
# How a message names the time a performer's day starts (see ``scheduling.cast_calls``).
REPORT_LABELS = {"makeup": "their makeup/hair call", "pickup": "their pickup", "on_set": "their on-set call",
                 "crew_call": "the crew call"}


def _setting_hours(p: Production, name: str) -> pd.Timedelta:
    from ..model.contract import SETTINGS_BY_KEY

    v = p.settings[name]
    return pd.Timedelta(hours=float(v if v is not None else SETTINGS_BY_KEY[name].default))


def _setting_time(p: Production, name: str, default: pd.Timedelta) -> pd.Timedelta:
    v = p.settings[name]
    return default if v is None else pd.Timedelta(v)


@rule("RS001", "crew-turnaround-short", "The crew get less rest than Crew Turnaround Hours between two days.",
      tables=("Days",))
def crew_turnaround_short(p: Production) -> Iterator[Finding]:
    """
    **What it does.** For each unit's consecutive shoot days, measures from the first day's wrap (Actual Wrap if
    entered, else Est. Wrap; a wrap earlier than the call is after midnight) to the next day's Crew Call, and
    reports a rest shorter than Settings' Crew Turnaround Hours (10 h, IATSE, by default).

    **Why it matters.** A short turnaround is a forced call, paid as a penalty to every crew member, and a
    safety risk: people drive home tired.

    **Example.** Day 4 wraps at 11:00 PM; day 5's crew call is 7:00 AM: 8 hours.

    **Fix.** Call the next day later (the hint gives the earliest call), or wrap the day before earlier.
    """
    need = _setting_hours(p, "crew_turnaround_hours")
    d = day_times(p).dropna(subset=["call_at"]).sort_values(["unit_key", "date", "day"])
    if not _maybe_short_rest(d, "unit_key", "call_at", need):
        return
    g = d.groupby("unit_key")
    d["prev_day"], d["prev_date"], d["prev_wrap"] = g["day"].shift(1), g["date"].shift(1), g["wrap_at"].shift(1)
    d["rest"] = d["call_at"] - d["prev_wrap"]
    bad = d[(d["date"] > d["prev_date"]) & (d["rest"] < need)]
    yield from at_rows(p, crew_turnaround_short.info, "Days", bad, "crew_call",
                       lambda r: (f"The crew get {hours(r['rest'])} of rest between day {int(r['prev_day'])}'s "
                                  f"wrap ({when(r['prev_wrap'])}, {clock(r['prev_wrap'])}) and day {r['day']}'s "
                                  f"crew call ({clock(r['crew_call'])}); the minimum is {hours(need)}."),
                       lambda r: (f"Call day {r['day']} at {clock(r['prev_wrap'] + need)} or later, or wrap day "
                                  f"{int(r['prev_day'])} earlier."))


@rule("RS002", "cast-turnaround-short", "A performer gets less rest than Cast Turnaround Hours between two days.",
      tables=("Days", "Calls"))
def cast_turnaround_short(p: Production) -> Iterator[Finding]:
    """
    **What it does.** For each performer's consecutive work days, measures from the day's wrap to their report
    time the next work day (their Calls row's Makeup/Hair, else Pickup, else On Set; else the Crew Call) and
    reports a rest shorter than Settings' Cast Turnaround Hours (12 h, SAG-AFTRA, by default). The finding
    points at the Calls time when an override made the call, else at the day's Crew Call.

    **Why it matters.** A rest-period violation is paid to the performer as a penalty (a day's pay under many
    agreements), and an early makeup call after a late wrap is the usual cause.

    **Example.** Day 2 wraps at 8:00 PM; the lead's makeup call on day 3 is 6:00 AM: 10 hours.

    **Fix.** Call the performer later (the hint gives the earliest call), or release them earlier the day before.
    """
    need = _setting_hours(p, "cast_turnaround_hours")
    c = cast_calls(p).dropna(subset=["report_at"]).sort_values(["cast_key", "report_at"])
    if not _maybe_short_rest(c, "cast_key", "report_at", need):
        return
    g = c.groupby("cast_key")
    c["prev_day"], c["prev_date"], c["prev_wrap"] = g["day"].shift(1), g["date"].shift(1), g["wrap_at"].shift(1)
    c["rest"] = c["report_at"] - c["prev_wrap"]
    bad = with_cast(p, c[(c["date"] > c["prev_date"]) & (c["rest"] < need)])

    def message(r: dict[str, Any]) -> str:
        return (f"{who(r)} gets {hours(r['rest'])} of rest between day {int(r['prev_day'])}'s wrap "
                f"({clock(r['prev_wrap'])}) and {REPORT_LABELS[r['report_key']]} at {clock(r['report_at'])} on "
                f"{day_label(r['day'], r['date'])}; the minimum is {hours(need)}.")

    def hint(r: dict[str, Any]) -> str:
        return (f"Call them at {clock(r['prev_wrap'] + need)} or later on day {r['day']}, or release them earlier "
                f"on day {int(r['prev_day'])}.")

    for (table, column), rows in bad.groupby(["report_table", "report_key"]):
        yield from at_rows(p, cast_turnaround_short.info, str(table), rows.assign(**{ROW: rows["report_row"]}),
                           str(column), message, hint)


def _maybe_short_rest(rows: pd.DataFrame, by: str, start: str, need: pd.Timedelta) -> bool:
    """False only when no row (sorted by ``by`` then time) starts less than ``need`` after the wrap of the row
    before it of the same ``by`` on an earlier date: the turnaround rules' test, on plain arrays, so that a
    schedule without a short turnaround costs no grouping and no joins."""
    try:
        grp = rows[by].to_numpy()
        date = rows["date"].to_numpy(dtype="datetime64[s]")
        begin = rows[start].to_numpy(dtype="datetime64[s]")
        wrap = rows["wrap_at"].to_numpy(dtype="datetime64[s]")
        short = (grp[1:] == grp[:-1]) & (date[1:] > date[:-1]) & (begin[1:] - wrap[:-1] < need.to_timedelta64())
        return bool(short.any())
    except (TypeError, ValueError):  # an unforeseen dtype: let the rule itself decide
        return True


def _maybe_no_weekly_rest(work: pd.DataFrame, by: str, need: pd.Timedelta) -> bool:
    """False only when ``_no_weekly_rest`` finds nothing; the same computation on plain arrays."""
    w = work.dropna(subset=["date", "start_at"]).sort_values([by, "start_at"])
    if w.empty:
        return False
    try:
        grp = w[by].to_numpy()
        date = w["date"].to_numpy(dtype="datetime64[s]")
        start = w["start_at"].to_numpy(dtype="datetime64[s]")
        end = w["end_at"].to_numpy(dtype="datetime64[s]")
        end = np.where(np.isnat(end), start, end)
        rest = start[1:] - end[:-1]
        # A run of work starts at each person's first row and after each rest of at least ``need``.
        new_run = np.r_[True, (grp[1:] != grp[:-1]) | (rest >= need.to_timedelta64())]
        starts = np.flatnonzero(new_run)
        run_date = np.minimum.reduceat(date, starts)[np.cumsum(new_run) - 1]
        return bool((date - run_date >= np.timedelta64(WEEK_DAYS, "D")).any())
    except (TypeError, ValueError):
        return True


def _no_weekly_rest(work: pd.DataFrame, by: str, need: pd.Timedelta) -> pd.DataFrame:
    """The first work day of each run of work that reaches 7 calendar days without a rest of ``need``.

    ``work`` has one row per person (``by``) and work day with ``date``, ``start_at`` and ``end_at``. A run
    starts after a rest of at least ``need``; a run whose work days span 7 or more days (its first date to a
    later one) contains a 7-day window with no such rest. A missing wrap counts as the call, so the rest is never
    overstated. Returns the offending rows with the run's first day, its longest rest and its work-day count."""
    w = work.dropna(subset=["date", "start_at"]).sort_values([by, "start_at"]).reset_index(drop=True)
    if w.empty:
        return w
    end = w["end_at"].fillna(w["start_at"])
    rest = w["start_at"] - end.groupby(w[by]).shift(1)
    run = (rest.isna() | (rest >= need)).cumsum()
    w["run_date"] = w["date"].groupby(run).transform("min")
    w["run_day"] = w["day"].groupby(run).transform("first")
    w["longest_rest"] = rest.where(rest < need).groupby(run).cummax()
    w["worked"] = w.groupby(run).cumcount() + 1
    over = (w["date"] - w["run_date"]).dt.days >= WEEK_DAYS
    return w[over].groupby(run[over]).head(1)


def _rest_message(r: dict[str, Any], subject: str, need: pd.Timedelta) -> str:
    longest = f" (longest rest: {hours(r['longest_rest'])})" if not pd.isna(r["longest_rest"]) else ""
    return (f"{subject} work {r['worked']} days from {day_label(r['run_day'], r['run_date'])} to "
            f"{day_label(r['day'], r['date'])} without a rest of {hours(need)}{longest}.")


@rule("RS003", "cast-weekly-rest-short", "A performer works 7 days without a weekly rest period.",
      Severity.WARNING, tables=("Days",))
def cast_weekly_rest_short(p: Production) -> Iterator[Finding]:
    """
    **What it does.** Follows each performer's work days (from their report time to the day's wrap) and reports
    the day that falls 7 or more calendar days after the last rest of at least Settings' Cast Weekly Rest Hours
    (56 h, SAG-AFTRA, by default).

    **Why it matters.** A performer without a weekly rest is owed a penalty, and a sixth or seventh consecutive
    day is paid at premium rates.

    **Example.** A lead works Monday to Saturday, rests 36 hours, and works again Monday.

    **Fix.** Give the performer a day off within each 7 days: move their scenes, or make the weekend longer
    (earlier wrap before it, later call after it).
    """
    need = _setting_hours(p, "cast_weekly_rest_hours")
    c = cast_calls(p).rename(columns={"report_at": "start_at", "wrap_at": "end_at"})
    if not _maybe_no_weekly_rest(c, "cast_key", need):
        return
    bad = with_cast(p, _no_weekly_rest(c, "cast_key", need))
    yield from at_rows(p, cast_weekly_rest_short.info, "Days", bad.assign(**{ROW: bad["day_row"]}), "date",
                       lambda r: _rest_message(r, who(r) + " would", need),
                       f"Give the performer a rest of at least {hours(need)} in every 7 days: move their scenes "
                       "off this day, or wrap earlier before / call later after their day off.")


@rule("RS004", "crew-weekly-rest-short", "The crew work 7 days without a weekly rest period.", Severity.WARNING,
      tables=("Days",))
def crew_weekly_rest_short(p: Production) -> Iterator[Finding]:
    """
    **What it does.** Follows each unit's shoot days (crew call to wrap) and reports the day that falls 7 or more
    calendar days after the last rest of at least Settings' Crew Weekly Rest Hours (54 h, IATSE, by default).

    **Why it matters.** Without a weekend rest the whole crew is on premium pay, and tired.

    **Example.** The unit shoots Monday to Saturday, wraps at 11 PM, and calls Monday at 6 AM: 31 hours.

    **Fix.** Move the day, or wrap earlier before the weekend / call later after it.
    """
    need = _setting_hours(p, "crew_weekly_rest_hours")
    d = day_times(p).rename(columns={"call_at": "start_at", "wrap_at": "end_at"})
    if not _maybe_no_weekly_rest(d, "unit_key", need):
        return
    bad = _no_weekly_rest(d, "unit_key", need)
    yield from at_rows(p, crew_weekly_rest_short.info, "Days", bad, "date",
                       lambda r: _rest_message(r, f"The {r['unit'] if not pd.isna(r['unit']) else 'Main'} unit "
                                               "crew would", need),
                       f"Give the crew a rest of at least {hours(need)} in every 7 days: move this day, or wrap "
                       "earlier before / call later after the day off.")


def _maybe_minor_outside(calls: pd.DataFrame, minors: frozenset[str], earliest: pd.Timedelta,
                         latest: pd.Timedelta) -> bool:  # fmt: skip
    """False only when no minor (by cast key) is called before ``earliest`` or works a day wrapping after
    ``latest``: RS005's tests, on arrays, before any join."""
    mine = calls["cast_key"].isin(minors).to_numpy(dtype=bool)
    if not mine.any():
        return False
    try:
        day0 = calls["date"].to_numpy(dtype="datetime64[s]")[mine]
        report = calls["report_at"].to_numpy(dtype="datetime64[s]")[mine] - day0
        wrap = calls["wrap_at"].to_numpy(dtype="datetime64[s]")[mine] - day0
        late = (wrap > latest.to_timedelta64()) & calls["wrap_key"].notna().to_numpy(dtype=bool)[mine]
        return bool(((report < earliest.to_timedelta64()) | late).any())
    except (TypeError, ValueError):
        return True


def _minors(p: Production, df: pd.DataFrame) -> pd.DataFrame:
    """``with_cast(p, df)`` for the rows of performers marked Minor."""
    minors = minor_keys(p)
    # Only the minors' rows are joined with the Cast table (most productions have few minors, or none).
    out = with_cast(p, df[key(df["cast_id"]).isin(minors).to_numpy(dtype=bool)]) if minors else with_cast(p, df[:0])
    return out[out["minor"].fillna(False).astype(bool)]


@rule("RS005", "minor-outside-hours", "A minor is called too early or works a day that wraps too late.",
      tables=("Days", "Calls"))
def minor_outside_hours(p: Production) -> Iterator[Finding]:
    """
    **What it does.** For each work day of a cast member marked Minor, reports a report time (Calls Makeup/Hair,
    else Pickup, else On Set, else Crew Call) before Settings' Minor Earliest Call (5:00 AM by default), and a
    day whose wrap is after Minor Latest Wrap (10:00 PM by default).

    **Why it matters.** Child labour law (California: 5 am to 10 pm on work days) is not negotiable: the
    production can lose its minor's work permit, or be shut down.

    **Example.** The 9-year-old's makeup call is 4:30 AM; or their day wraps at 11 PM.

    **Fix.** Call the minor later, schedule their scenes earlier and release them in time; if the minor is
    released before a late wrap, write `noqa: RS005` in the day's Notes.
    """
    earliest = _setting_time(p, "minor_earliest_call", MINOR_EARLIEST_CALL)
    latest = _setting_time(p, "minor_latest_wrap", MINOR_LATEST_WRAP)
    calls = cast_calls(p)
    if not _maybe_minor_outside(calls, minor_keys(p), earliest, latest):
        return
    c = _minors(p, calls)
    info = minor_outside_hours.info
    day0 = pd.to_datetime(c["date"])
    early = c[(c["report_at"] - day0) < earliest]
    for (table, column), rows in early.groupby(["report_table", "report_key"]):
        yield from at_rows(p, info, str(table), rows.assign(**{ROW: rows["report_row"]}), str(column),
                           lambda r: (f"{who(r)} is a minor and {REPORT_LABELS[r['report_key']]} on "
                                      f"{day_label(r['day'], r['date'])} is at {clock(r['report_at'])}; minors may "
                                      f"not be called before {clock(earliest)}."),
                           f"Call the minor at {clock(earliest)} or later.")
    late = c[(c["wrap_at"] - day0) > latest].dropna(subset=["wrap_key"])
    for column, rows in late.groupby("wrap_key"):
        yield from at_rows(p, info, "Days", rows.assign(**{ROW: rows["day_row"]}), str(column),
                           lambda r: (f"{who(r)} is a minor and works {day_label(r['day'], r['date'])}, which "
                                      f"wraps at {clock(r['wrap_at'])}; minors must be done by {clock(latest)}."),
                           f"Schedule the minor's scenes earlier and wrap them by {clock(latest)}; if they are "
                           "released before the day wraps, write 'noqa: RS005' in the day's Notes.")


@rule("RS006", "minor-without-studio-teacher", "A minor works on a day when no studio teacher is engaged.",
      tables=("Cast",))
def minor_without_studio_teacher(p: Production) -> Iterator[Finding]:
    """
    **What it does.** For each work day of a cast member marked Minor, looks for a Crew member whose Position
    contains `Studio Teacher` and whose Start/End Dates cover the date (a blank date is open-ended). Reports one
    finding per minor, listing the uncovered days.

    **Why it matters.** A minor may not work without a studio teacher (California requires one on set for every
    minor, responsible for their schooling, welfare and hours).

    **Example.** The child works days 2 and 9; the studio teacher is booked for days 1 to 5 only.

    **Fix.** Add the studio teacher to the Crew table, or extend their Start/End Dates to cover the minor's days.
    """
    days = cast_days(p)
    minors = days["cast_key"].isin(minor_keys(p)).to_numpy(dtype=bool)
    if not minors.any():
        return
    crew = p.crew
    t = crew[crew["position"].astype("string").str.contains("studio teacher", case=False, na=False)]
    t = t[["start_date", "end_date"]]
    try:
        dates = days["date"].to_numpy(dtype="datetime64[s]")[minors][:, None]
        start = t["start_date"].to_numpy(dtype="datetime64[s]")[None, :]
        end = t["end_date"].to_numpy(dtype="datetime64[s]")[None, :]
        covered = ((np.isnat(start) | (start <= dates)) & (np.isnat(end) | (end >= dates))).any(axis=1)
        if covered.all():
            return  # a teacher is engaged on every minor's work day
    except (TypeError, ValueError):
        pass
    work = _minors(p, days)
    pairs = work[["cast_key", "day", "date"]].merge(t, how="cross")
    covered = pairs[(pairs["start_date"].isna() | (pairs["start_date"] <= pairs["date"]))
                    & (pairs["end_date"].isna() | (pairs["end_date"] >= pairs["date"]))]  # fmt: skip
    flags = work.merge(covered[["cast_key", "day"]].drop_duplicates(), on=["cast_key", "day"], how="left",
                       indicator=True)
    uncovered = flags[flags["_merge"] == "left_only"].drop(columns="_merge")
    if uncovered.empty:
        return
    uncovered = uncovered.sort_values("date")
    days = uncovered.groupby("cast_key").apply(
        lambda g: ", ".join(day_label(d, dt) for d, dt in zip(g["day"], g["date"], strict=True)),
        include_groups=False).rename("days")
    rows = uncovered.drop_duplicates("cast_key").merge(days, left_on="cast_key", right_index=True)
    yield from at_rows(p, minor_without_studio_teacher.info, "Cast", rows.assign(**{ROW: rows["cast_row"]}),
                       "minor",
                       lambda r: f"{who(r)} is a minor and works {r['days']} with no studio teacher engaged.",
                       "Add a crew member with Position 'Studio Teacher' whose Start/End Dates cover these days, "
                       "or extend the teacher's dates.")


@rule("RS007", "day-too-long", "A shoot day runs more than 14 hours from crew call to wrap.", Severity.WARNING,
      tables=("Days",))
def day_too_long(p: Production) -> Iterator[Finding]:
    """
    **What it does.** Reports shoot days whose wrap (Actual Wrap if entered, else Est. Wrap) is more than 14
    hours after the Crew Call.

    **Why it matters.** Beyond 14 hours fatigue becomes a safety issue (on set and on the drive home), overtime is
    at double time or more, and the next day's turnaround is squeezed.

    **Example.** Crew call 6:00 AM, est. wrap 10:30 PM: 16.5 hours.

    **Fix.** Move scenes to another day, or plan the day shorter; if the long day is agreed, note it and write
    `noqa: RS007` in the day's Notes.
    """
    d = day_times(p).dropna(subset=["wrap_key"])
    length = d["wrap_at"] - d["call_at"]
    if not (length > MAX_DAY).any():
        return
    d["length"] = length
    bad = d[d["length"] > MAX_DAY]
    for column, rows in bad.groupby("wrap_key"):
        yield from at_rows(p, day_too_long.info, "Days", rows, str(column),
                           lambda r: (f"Day {r['day']} runs {hours(r['length'])} from crew call "
                                      f"({clock(r['crew_call'])}) to wrap ({clock(r['wrap_at'])}), more than "
                                      f"{hours(MAX_DAY)}."),
                           lambda r: (f"Wrap by {clock(r['call_at'] + MAX_DAY)}: move scenes to another day, or "
                                      "write 'noqa: RS007' in the day's Notes if the long day is agreed."))


HOSPITAL_FIELDS = ("hospital", "hospital_address", "hospital_phone")


def _maybe_missing_hospital(p: Production, used: frozenset[str]) -> bool:
    """False only when every used location has all three hospital fields filled in with text."""
    loc = p.locations[column_key(p, "Locations", "location_id").isin(used).fillna(False).astype(bool).to_numpy()]
    for f in HOSPITAL_FIELDS:
        for v in loc[f].to_numpy(dtype=object):
            if not isinstance(v, str) or not v.strip():
                return True
    return False


@rule("LO001", "location-without-hospital", "A location in use has no nearest hospital name, address or phone.",
      tables=("Locations",))
def location_without_hospital(p: Production) -> Iterator[Finding]:
    """
    **What it does.** For every location used by a shoot day or a scene, checks that Nearest Hospital, Hospital
    Address and Hospital Phone are filled in; reports at the first missing one and names all missing.

    **Why it matters.** Every call sheet must print the nearest hospital (emergency room): in an accident nobody
    should be searching for it.

    **Example.** The park location has a hospital name but no address.

    **Fix.** Fill in the nearest 24-hour emergency room's name, address and phone for the location.
    """
    used = key_set(p, "Days", "location") | key_set(p, "Scenes", "location")
    if not _maybe_missing_hospital(p, used):
        return
    loc = p.locations
    loc = loc[key(loc["location_id"]).isin(used).fillna(False).astype(bool)].copy()
    missing = pd.DataFrame({f: loc[f].astype("string").str.strip().fillna("").eq("") for f in HOSPITAL_FIELDS},
                           index=loc.index)
    loc = loc[missing.any(axis=1)].copy()
    missing = missing.loc[loc.index]
    # The names of the missing fields, joined column by column (three columns, not a loop over locations).
    names = pd.Series("", index=loc.index, dtype="string")
    for f in HOSPITAL_FIELDS:
        label = p.table("Locations").spec.header(f).lower()
        names = names + missing[f].map({True: f", {label}", False: ""}).astype("string")
    loc["missing"] = names.str.removeprefix(", ").str.replace(r", ([^,]*)$", r" or \1", regex=True)
    loc["first_missing"] = missing.idxmax(axis=1) if not loc.empty else pd.Series(dtype="string")
    for column, rows in loc.groupby("first_missing"):
        yield from at_rows(p, location_without_hospital.info, "Locations", rows, str(column),
                           "Location {location_id} ({name}) has no {missing}; every call sheet there must print "
                           "the nearest hospital.",
                           "Fill in the nearest 24-hour emergency room's name, address and phone.")


RULES = (
    crew_turnaround_short, cast_turnaround_short, cast_weekly_rest_short, crew_weekly_rest_short,
    minor_outside_hours, minor_without_studio_teacher, day_too_long, location_without_hospital,
)  # fmt: skip

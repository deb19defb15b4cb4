"""The cast list against the schedule: availability, drops and holds, rates, minors' details and cast events.

Cast are booked by deal memo: dates they are available, a day rate, whether they may be dropped and picked up
rather than held. A schedule change silently breaks those deals — a scene moved outside an actor's dates, a gap
too short to drop them — and these rules say so while the change can still be undone. Who works which day comes
from ``xlproduction.model.scheduling`` (the same answers the Day Out of Days and call sheets use).
"""

from __future__ import annotations

from collections.abc import Iterator

import numpy as np
import pandas as pd

from ..model.findings import Finding, Severity
from ..model.production import ROW, Production, derived
from ..model.scheduling import cast_days, cast_gaps, key, scene_cast
from .facts import key_set
from .locate import at_rows
from .registry import rule
from .schedule import cast_column, day_label, plural, when, who, with_cast

# SAG-AFTRA drop/pickup: the gap must be more than this many calendar days (Settings' Production Type).
DROP_GAP_DAYS = {"Television": 14}
DROP_GAP_DEFAULT = 10
# Cast events that are separate paid days on the Day Out of Days (a holiday is not).
SEPARATE_EVENTS = ("Travel", "Fitting", "Rehearsal")


def _days_list(g: pd.DataFrame) -> str:
    """``day 1 (Mon 1 Mar 2027, sc. 1, 2) and day 4 (…)`` for the rows of one performer."""
    parts = [f"day {d} ({when(dt)}, sc. {sc})" for d, dt, sc in zip(g["day"], g["date"], g["scenes"], strict=True)]
    return parts[0] if len(parts) == 1 else ", ".join(parts[:-1]) + " and " + parts[-1]


@rule("CA001", "cast-outside-availability", "A performer works a day outside their Available From/To dates.",
      tables=("Cast",))
def cast_outside_availability(p: Production) -> Iterator[Finding]:
    """
    **What it does.** Compares the dates a performer works (the shoot days of their scheduled scenes) with their
    Available From and Available To, and reports at the date that is broken, naming the days and scenes.

    **Why it matters.** Outside the dates in their deal the performer may be on another job: the day cannot be
    shot, or costs an extension negotiated in a hurry.

    **Example.** Cleo is available from 2 March; scene 3, with her, is on day 1 (1 March).

    **Fix.** Move the scenes inside the performer's dates, or agree new dates with the agent and update the
    Cast table.
    """
    work = cast_days(p)
    if not _maybe_outside(p, work):
        return
    w = with_cast(p, work)
    info = cast_outside_availability.info
    for column, outside, word in (("available_from", w["date"] < w["available_from"], "from"),
                                  ("available_to", w["date"] > w["available_to"], "until")):  # fmt: skip
        bad = w[outside.fillna(False).astype(bool)]
        if bad.empty:
            continue
        days = bad.groupby("cast_key").apply(_days_list, include_groups=False).rename("days")
        rows = bad.drop_duplicates("cast_key").merge(days, left_on="cast_key", right_index=True)
        yield from at_rows(p, info, "Cast", rows.assign(**{ROW: rows["cast_row"]}), column,
                           lambda r, c=column, word=word: (
                               f"{who(r)} is available {word} {when(r[c])} but works {r['days']}."),
                           "Move those scenes inside the performer's dates, or agree new dates with the agent and "
                           "update the Cast table.")


def _maybe_outside(p: Production, work: pd.DataFrame) -> bool:
    """False only when every work date is inside the performer's availability (CA001 has nothing to say)."""
    date = work["date"]
    keys = work["cast_key"]
    early = (date < cast_column(p, keys, "available_from")).fillna(False)
    late = (date > cast_column(p, keys, "available_to")).fillna(False)
    return bool((early | late).any())


@derived
def _scene_cast_keys(p: Production) -> frozenset[str]:
    """Keys of the cast IDs that some scene lists (those of ``scene_cast``, from the distinct IDs)."""
    ids = p.scenes["cast"].explode().dropna().unique()
    if all(isinstance(i, str) for i in ids):
        return frozenset(i.strip().casefold() for i in ids)
    return frozenset(key(scene_cast(p)["cast_id"]).dropna())


def _work_dates(p: Production) -> frozenset[tuple[str, np.datetime64]]:
    """(cast key, date) of every work day."""
    w = cast_days(p)
    return frozenset(zip(w["cast_key"], w["date"].to_numpy(dtype="datetime64[s]"), strict=True))


def _drop_gap(p: Production) -> int:
    return DROP_GAP_DAYS.get(str(p.settings.production_type or ""), DROP_GAP_DEFAULT)


@derived
def _droppable_gaps(p: Production) -> pd.DataFrame:
    """Gaps of performers whose contract allows drop/pickup and who would be held on shoot days in them."""
    g = with_cast(p, cast_gaps(p))
    return g[g["drop_allowed"].fillna(False).astype(bool) & (g["held"] > 0)]


@derived
def _droppable(p: Production) -> pd.DataFrame:
    """The rows of ``cast_gaps`` that ``_droppable_gaps`` keeps, without joining the Cast table's columns."""
    g = cast_gaps(p)
    allowed = cast_column(p, g["cast_key"], "drop_allowed").fillna(False).astype(bool)
    return g[(allowed & (g["held"] > 0)).to_numpy(dtype=bool)]


@rule("CA002", "drop-pickup-gap-too-short", "A droppable performer's gap is too short to drop: the holds are paid.",
      Severity.INFO, tables=("Cast",))
def drop_pickup_gap_too_short(p: Production) -> Iterator[Finding]:
    """
    **What it does.** For performers with Drop/Pickup OK = Yes, looks at each gap between two of their work days
    that contains shoot days (on which they would be held) and reports a gap of no more than 10 calendar days
    off (14 when Settings' Production Type is Television): too short for a SAG-AFTRA drop and pickup.

    **Why it matters.** The performer must be held, and paid, for the shoot days in the gap; a budget that
    assumed a drop is short.

    **Example.** Ben works day 2 (2 March) and day 9 (11 March): 8 days off, 6 shoot days held.

    **Fix.** Budget the hold days, or move the performer's scenes so the gap is closed or longer than the limit.
    """
    limit = _drop_gap(p)
    if not (_droppable(p)["days_off"] <= limit).any():
        return
    g = _droppable_gaps(p)
    bad = g[g["days_off"] <= limit]
    yield from at_rows(p, drop_pickup_gap_too_short.info, "Cast", bad.assign(**{ROW: bad["cast_row"]}),
                       "drop_allowed",
                       lambda r: (f"{who(r)} has {plural(r['days_off'], 'day')} off between "
                                  f"{day_label(r['day'], r['date'])} and {day_label(r['next_day'], r['next_date'])}: "
                                  f"too short to drop and pick up (SAG-AFTRA needs more than {limit} days off; "
                                  f"Production Type {p.settings.production_type or 'Feature'}), so "
                                  f"{plural(r['held'], 'hold day')} will be paid."),
                       f"Budget the hold days, or move the performer's scenes so the gap is closed or longer than "
                       f"{limit} days.")


@rule("CA007", "drop-pickup-more-than-once", "A performer would be dropped and picked up more than once.",
      Severity.WARNING, tables=("Cast",))
def drop_pickup_more_than_once(p: Production) -> Iterator[Finding]:
    """
    **What it does.** Counts, for performers with Drop/Pickup OK = Yes, the gaps long enough to drop and pick
    them up (more than 10 calendar days off, 14 for Television, with shoot days in between) and reports a
    performer with more than one.

    **Why it matters.** SAG-AFTRA allows one drop and pickup per performer per production: for the other gaps
    the performer must be held and paid.

    **Example.** Rita works days 1–2, 12 and 25, with two long gaps.

    **Fix.** Reschedule so one drop is enough, or budget holds for every gap but one.
    """
    limit = _drop_gap(p)
    d = _droppable(p)
    if not d.loc[(d["days_off"] > limit).to_numpy(dtype=bool), "cast_key"].duplicated().any():
        return  # nobody has two gaps long enough to drop
    g = _droppable_gaps(p)
    g = g[g["days_off"] > limit]
    g = g.sort_values(["cast_key", "date"])
    counts = g.groupby("cast_key")["day"].transform("size")
    g = g[counts > 1]
    if g.empty:
        return
    gaps = g.groupby("cast_key").apply(
        lambda x: "; ".join(f"between day {a} and day {b}" for a, b in zip(x["day"], x["next_day"], strict=True)),
        include_groups=False).rename("gaps")
    rows = g.drop_duplicates("cast_key").merge(gaps, left_on="cast_key", right_index=True)
    rows["n"] = rows["cast_key"].map(g.groupby("cast_key").size())
    yield from at_rows(p, drop_pickup_more_than_once.info, "Cast", rows.assign(**{ROW: rows["cast_row"]}),
                       "drop_allowed",
                       lambda r: (f"{who(r)} would be dropped and picked up {r['n']} times ({r['gaps']}); "
                                  "SAG-AFTRA allows one drop per performer per production."),
                       "Reschedule so one drop is enough, or budget holds for every gap but one.")


@rule("CA003", "cast-not-in-any-scene", "A Cast row is in no scene's Cast IDs.", Severity.INFO, tables=("Cast",))
def cast_not_in_any_scene(p: Production) -> Iterator[Finding]:
    """
    **What it does.** Reports cast members whose Cast ID no scene of the breakdown lists.

    **Why it matters.** Usually a role that was cut, or a breakdown that misses a character: either the cast
    list or the scenes are out of date, and the Day Out of Days shows nobody for them.

    **Example.** Cast 8 WAITRESS was cut in the blue revision but is still in the Cast table.

    **Fix.** Add the Cast ID to the scenes the character is in, or remove the row if the role was cut.
    """
    used = _scene_cast_keys(p)
    if key_set(p, "Cast", "cast_id") <= used:
        return  # every performer is in a scene
    c = p.cast.dropna(subset=["cast_id"])
    bad = c[~key(c["cast_id"]).isin(used).astype(bool)]
    yield from at_rows(p, cast_not_in_any_scene.info, "Cast", bad, "cast_id", lambda r: f"{who(r)} is in no scene.",
                       "Add the cast ID to the scenes the character is in, or delete the row if the role was cut.")


@rule("CA004", "cast-without-day-rate", "A performer who works has no day rate.", Severity.WARNING,
      tables=("Cast",))
def cast_without_day_rate(p: Production) -> Iterator[Finding]:
    """
    **What it does.** Reports cast members who work at least one scheduled day but have no Day Rate.

    **Why it matters.** Cast cost reports and the comparison of the cast budget with the schedule count them as
    free.

    **Example.** A day player added late, with the deal memo still at the agent.

    **Fix.** Enter the day rate from the deal memo (0 if the performer is unpaid).
    """
    w = cast_days(p)
    working = pd.Series(w["cast_key"].unique(), dtype=w["cast_key"].dtype)
    in_cast = cast_column(p, working, "cast_id").notna()
    if not (in_cast & cast_column(p, working, "day_rate").isna()).any():
        return  # everybody who works has a day rate
    n = w.groupby("cast_key").size().rename("work_days")
    c = with_cast(p, n.reset_index().rename(columns={"cast_key": "cast_id"}))
    bad = c[c["day_rate"].isna()]
    yield from at_rows(p, cast_without_day_rate.info, "Cast", bad.assign(**{ROW: bad["cast_row"]}), "day_rate",
                       lambda r: (f"{who(r)} works {plural(r['work_days'], 'day')} but has no day rate."),
                       "Enter the day rate from the deal memo (0 if the performer is unpaid).")


@rule("CA005", "minor-without-birth-date", "A cast member marked Minor has no date of birth.", Severity.WARNING,
      tables=("Cast",))
def minor_without_birth_date(p: Production) -> Iterator[Finding]:
    """
    **What it does.** Reports cast members with Minor = Yes and a blank Date of Birth.

    **Why it matters.** A minor's permitted hours, rest and schooling depend on their age; the work permit and
    studio teacher need it.

    **Example.** A child actor added from the casting list without their date of birth.

    **Fix.** Enter the date of birth (it is personal data: it never prints on call sheets).
    """
    c = p.cast
    bad = c[c["minor"].fillna(False).astype(bool) & c["date_of_birth"].isna()]
    yield from at_rows(p, minor_without_birth_date.info, "Cast", bad, "date_of_birth",
                       lambda r: f"{who(r)} is marked as a minor but has no date of birth.",
                       "Enter the date of birth: a minor's hours, rest and schooling depend on their age.")


def _age(born: pd.Series, on: pd.Series) -> pd.Series:
    """Whole years between two date columns, as birthdays count them."""
    before = (on.dt.month < born.dt.month) | ((on.dt.month == born.dt.month) & (on.dt.day < born.dt.day))
    return on.dt.year - born.dt.year - before.astype(int)


def _maybe_wrong_minor(c: pd.DataFrame) -> bool:
    """False only when every performer's Minor flag agrees with their age on ``on`` (``_age`` on the arrays)."""
    try:
        born = c["date_of_birth"].to_numpy(dtype="datetime64[D]")
        on = c["on"].to_numpy(dtype="datetime64[D]")
    except (TypeError, ValueError):
        return True

    def ymd(d: np.ndarray) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
        month = d.astype("datetime64[M]")
        return (d.astype("datetime64[Y]").astype("int64"), month.astype("int64") % 12,
                (d - month).astype("int64"))  # fmt: skip

    (by, bm, bd), (oy, om, od) = ymd(born), ymd(on)
    age = oy - by - ((om < bm) | ((om == bm) & (od < bd)))
    minor = c["minor"].fillna(False).astype(bool).to_numpy()
    return bool(((minor & (age >= 18)) | (~minor & (age < 18))).any())


@rule("CA008", "minor-flag-contradicts-birth-date", "Minor says Yes/No but the date of birth says otherwise.",
      Severity.WARNING, tables=("Cast",))
def minor_flag_contradicts_birth_date(p: Production) -> Iterator[Finding]:
    """
    **What it does.** Works out each performer's age on their first work day (else the first shoot day, else
    today) from their Date of Birth and reports a Minor flag that disagrees: under 18 but Minor is No, or 18 or
    over but Minor is Yes.

    **Why it matters.** Every minors' rule (hours, studio teacher) keys on the Minor flag: a child marked No is
    scheduled like an adult.

    **Example.** Born 12 June 2012, working in March 2027 (14 years old), Minor left at No.

    **Fix.** Correct the Minor flag, or the date of birth if it was mistyped.
    """
    c = p.cast.dropna(subset=["cast_id", "date_of_birth"]).copy()
    if c.empty:
        return
    first = cast_days(p).groupby("cast_key")["date"].min()
    start = p.days["date"].min()
    fallback = pd.Timestamp(start) if not pd.isna(start) else pd.Timestamp(p.today)
    c["on"] = key(c["cast_id"]).map(first).fillna(fallback).astype("datetime64[s]")
    if not _maybe_wrong_minor(c):
        return
    c["age"] = _age(c["date_of_birth"], c["on"])
    minor = c["minor"].fillna(False).astype(bool)
    bad = c[(minor & (c["age"] >= 18)) | (~minor & (c["age"] < 18))]
    yield from at_rows(p, minor_flag_contradicts_birth_date.info, "Cast", bad, "minor",
                       lambda r: (f"{who(r)} is {r['age']} on {when(r['on'])} (born "
                                  f"{pd.Timestamp(r['date_of_birth']):%d %b %Y}) but Minor is "
                                  f"{'Yes' if r['minor'] else 'No'}."),
                       lambda r: (f"Set Minor to {'No' if r['minor'] else 'Yes'}, or correct the date of birth."))


@rule("CA006", "cast-event-on-work-day", "A travel, fitting or rehearsal day falls on a day the performer works.",
      Severity.WARNING, tables=("CastEvents",))
def cast_event_on_work_day(p: Production) -> Iterator[Finding]:
    """
    **What it does.** Reports Cast Events rows (Travel, Fitting, Rehearsal) dated on a day the performer is
    scheduled to work, naming the shoot day and scenes.

    **Why it matters.** The Day Out of Days shows one status per performer per day: the event is either a
    scheduling clash (a fitting across town during the shoot) or a paid day counted twice.

    **Example.** A fitting for cast 1 on 1 March, when she shoots scenes 1 and 2.

    **Fix.** Move the event to a day the performer does not shoot, or delete it if it happens within the work
    day.
    """
    e = p.df("CastEvents").dropna(subset=["cast_id", "date"])
    e = e[e["event"].isin(SEPARATE_EVENTS).fillna(False).astype(bool)].copy()
    e["cast_key"] = key(e["cast_id"])
    if not _work_dates(p) & set(zip(e["cast_key"], e["date"].to_numpy(dtype="datetime64[s]"), strict=True)):
        return  # no event on a work date
    w = cast_days(p).drop(columns="cast_id")
    hits = e.merge(w, on=["cast_key", "date"], how="inner").drop_duplicates(ROW)
    hits = with_cast(p, hits)
    yield from at_rows(p, cast_event_on_work_day.info, "CastEvents", hits, "date",
                       lambda r: (f"{who(r)} has a {r['event']} on {when(r['date'])}, a day they work (day "
                                  f"{r['day']}, sc. {r['scenes']})."),
                       lambda r: (f"Move the {str(r['event']).lower()} to a day the performer does not shoot, or "
                                  "delete it if it happens within the work day."))


RULES = (
    cast_outside_availability, drop_pickup_gap_too_short, cast_not_in_any_scene, cast_without_day_rate,
    minor_without_birth_date, cast_event_on_work_day, drop_pickup_more_than_once,
    minor_flag_contradicts_birth_date,
)  # fmt: skip

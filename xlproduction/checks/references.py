"""Cross-sheet references: every ID used in one table must exist in the table that defines it.

These are the mistakes that silently break everything downstream — a scene listing cast member 7 who is not in
the Cast table never shows on a call sheet — so they are errors.
"""

from __future__ import annotations

from collections.abc import Iterator

import numpy as np
import pandas as pd

from ..model.findings import Finding
from ..model.production import Production, derived
from .locate import at_rows
from .registry import rule


@derived
def known_keys(p: Production, table: str, column: str) -> frozenset[str]:
    """The case-folded values of a table's column: what references to it are matched against. Several rules
    ask for the same table's IDs, so each set is built once per production."""
    return frozenset(p.df(table)[column].dropna().astype("string").str.casefold())


def maybe_unknown(values: pd.Series, keys: frozenset[str]) -> bool:
    """False only when every non-blank value is a text found in ``keys`` (case-insensitive): then ``_unknown``
    flags nothing, and a rule can stop before building frames for findings. Looks at the distinct values only
    (a column repeats a few IDs many times); anything but plain text is left to ``_unknown`` to judge."""
    try:
        distinct = values.unique()
    except TypeError:  # unhashable values: let the full check decide
        return True
    for v in distinct:
        if v is None or v is pd.NA or (isinstance(v, float) and v != v):
            continue
        if not isinstance(v, str) or v.casefold() not in keys:
            return True
    return False


def _all_days_known(days: pd.Series, known: set[int]) -> bool:
    """True when every non-blank day number is in ``known``: the day checks then have nothing to report."""
    for v in days.unique():
        if v is None or v is pd.NA or (isinstance(v, float) and v != v):
            continue
        if isinstance(v, bool) or not isinstance(v, int | np.integer) or int(v) not in known:
            return False
    return True


def _unknown(values: pd.Series, known: pd.Series) -> pd.Series:
    """True where a non-blank value is not among the known ones (case-insensitive)."""
    keys = set(known.dropna().astype("string").str.casefold())
    v = values.astype("string").str.casefold()
    return v.notna() & ~v.isin(keys)


@rule("XR001", "scene-cast-unknown", "A scene lists a cast ID that is not in the Cast table.", tables=("Scenes",))
def scene_cast_unknown(p: Production) -> Iterator[Finding]:
    """
    **What it does.** Checks every ID in the Scenes table's Cast IDs against the Cast table.

    **Why it matters.** An unknown cast ID is never called: it is missing from the call sheet, the Day Out of
    Days and the cast budget.

    **Example.** Scene 12 lists `1, 4, 9` but the Cast table has no cast ID 9.

    **Fix.** Add the performer to the Cast table, or correct the ID in the scene.
    """
    if not maybe_unknown(p.scenes["cast"].explode(), known_keys(p, "Cast", "cast_id")):
        return
    sc = p.scenes[["scene", "cast", "_row"]].explode("cast").dropna(subset=["cast"])
    bad = sc[_unknown(sc["cast"], p.cast["cast_id"])]
    yield from at_rows(p, scene_cast_unknown.info, "Scenes", bad, "cast",
                       "Scene {scene} lists cast ID {cast}, which is not in the Cast table.",
                       "Add cast ID {cast} to the Cast table, or correct the scene's Cast IDs.")


@rule("XR002", "scene-location-unknown", "A scene's location ID is not in the Locations table.", tables=("Scenes",))
def scene_location_unknown(p: Production) -> Iterator[Finding]:
    """
    **What it does.** Checks each scene's Location ID against the Locations table.

    **Why it matters.** The call sheet takes the set address, parking and nearest hospital from the location.

    **Example.** Scene 30 is at `LOC9`, which the Locations table does not define.

    **Fix.** Add the location, or pick an existing Location ID.
    """
    s = p.scenes
    if not maybe_unknown(s["location"], known_keys(p, "Locations", "location_id")):
        return
    bad = s[_unknown(s["location"], p.locations["location_id"])]
    yield from at_rows(p, scene_location_unknown.info, "Scenes", bad, "location",
                       "Scene {scene} is at location {location}, which is not in the Locations table.",
                       "Add location {location} to the Locations table, or correct the scene.")


@rule("XR003", "schedule-scene-unknown", "The stripboard schedules a scene that is not in the breakdown.",
      tables=("Schedule",))
def schedule_scene_unknown(p: Production) -> Iterator[Finding]:
    """
    **What it does.** Checks every Schedule row's scene against the Scenes table.

    **Why it matters.** A strip without a scene has no pages, cast or set: the day's call sheet is wrong.

    **Example.** Day 4 schedules scene `41B`, which the breakdown does not have.

    **Fix.** Add the scene to Scenes (e.g. after a script revision), or correct the number on the strip.
    """
    s = p.schedule
    if not maybe_unknown(s["scene"], known_keys(p, "Scenes", "scene")):
        return
    bad = s[_unknown(s["scene"], p.scenes["scene"])]
    yield from at_rows(p, schedule_scene_unknown.info, "Schedule", bad, "scene",
                       "Day {day} schedules scene {scene}, which is not in the Scenes table.",
                       "Add scene {scene} to Scenes or correct the scene number.")


@rule("XR004", "schedule-day-unknown", "The stripboard uses a shoot day that the Days table does not have.",
      tables=("Schedule",))
def schedule_day_unknown(p: Production) -> Iterator[Finding]:
    """
    **What it does.** Checks that every Schedule row's day is a shoot day in the Days table.

    **Why it matters.** Without a Days row the day has no date, call time or location.

    **Example.** The stripboard has strips on day 23; Days stops at day 22.

    **Fix.** Add the shoot day to Days with its date and calls, or move the strips.
    """
    s = p.schedule
    known = set(p.days["day"].dropna().astype(int))
    if _all_days_known(s["day"], known):
        return
    bad = s[s["day"].notna() & ~s["day"].isin(known)]
    yield from at_rows(p, schedule_day_unknown.info, "Schedule", bad, "day",
                       "Scene {scene} is scheduled on day {day}, which is not in the Days table.",
                       "Add day {day} to the Days table, or move the strip to an existing day.")


@rule("XR005", "day-location-unknown", "A shoot day's location ID is not in the Locations table.", tables=("Days",))
def day_location_unknown(p: Production) -> Iterator[Finding]:
    """
    **What it does.** Checks each Days row's Location ID against the Locations table.

    **Why it matters.** The call sheet's address, parking, base camp, hospital and sunrise come from it.

    **Example.** Day 5 is at `LOC7`, which is not defined.

    **Fix.** Add the location or correct the ID.
    """
    d = p.days
    if not maybe_unknown(d["location"], known_keys(p, "Locations", "location_id")):
        return
    bad = d[_unknown(d["location"], p.locations["location_id"])]
    yield from at_rows(p, day_location_unknown.info, "Days", bad, "location",
                       "Day {day} is at location {location}, which is not in the Locations table.",
                       "Add location {location} to Locations, or correct the day's Location ID.")


@rule("XR006", "person-account-unknown", "A cast or crew member is charged to an account not in the chart.",
      tables=("Cast", "Crew"))
def person_account_unknown(p: Production) -> Iterator[Finding]:
    """
    **What it does.** Checks the Account of every Cast and Crew row against the Accounts table.

    **Why it matters.** Their days × rate cannot be compared with a budget that has no such account.

    **Example.** The gaffer is charged to `3150`; the chart of accounts has `3100`.

    **Fix.** Use an account from the Accounts table, or add the account there.
    """
    known = p.accounts["account"]
    for table, key in (("Cast", "cast_id"), ("Crew", "name")):
        df = p.df(table)
        if not maybe_unknown(df["account"], known_keys(p, "Accounts", "account")):
            continue
        bad = df[_unknown(df["account"], known)]
        label = "Cast ID {cast_id}" if table == "Cast" else "{name}"
        yield from at_rows(p, person_account_unknown.info, table, bad, "account",
                           label + " is charged to account {account}, which is not in the Accounts table.",
                           "Pick an account from the Accounts table.")
        del key


@rule("XR007", "budget-account-unknown", "A budget line's account is not in the chart of accounts.",
      tables=("Budget",))
def budget_account_unknown(p: Production) -> Iterator[Finding]:
    """
    **What it does.** Checks every Budget line's Account against the Accounts table.

    **Why it matters.** The line is missing from its category on the top sheet and from the cost report.

    **Example.** A line in account `2750` when the chart has only `2700`.

    **Fix.** Correct the account, or add it to the Accounts table with its category.
    """
    b = p.budget
    if not maybe_unknown(b["account"], known_keys(p, "Accounts", "account")):
        return
    bad = b[_unknown(b["account"], p.accounts["account"])]
    yield from at_rows(p, budget_account_unknown.info, "Budget", bad, "account",
                       "Budget line {description!s} is in account {account}, which is not in the Accounts table.",
                       "Add account {account} to Accounts, or move the line to an existing account.")


@rule("XR008", "fringe-code-unknown", "A budget line uses a fringe code that the Fringes table lacks.",
      tables=("Budget",))
def fringe_code_unknown(p: Production) -> Iterator[Finding]:
    """
    **What it does.** Checks every code in the Budget's Fringe Codes against the Fringes table.

    **Why it matters.** An unknown code adds nothing: the line is under-fringed and the budget too low.

    **Example.** `FICA, MEDI` where the Fringes table has `MED`.

    **Fix.** Correct the code or add it to the Fringes table.
    """
    if not maybe_unknown(p.budget["fringe_codes"].explode(), known_keys(p, "Fringes", "code")):
        return
    b = p.budget[["description", "fringe_codes", "_row"]].explode("fringe_codes").dropna(subset=["fringe_codes"])
    bad = b[_unknown(b["fringe_codes"], p.fringes["code"])]
    yield from at_rows(p, fringe_code_unknown.info, "Budget", bad, "fringe_codes",
                       "Budget line {description} uses fringe code {fringe_codes}, which is not in Fringes.",
                       "Correct the code or add {fringe_codes} to the Fringes table.")


@rule("XR009", "call-reference-unknown", "A Calls row names a day, cast ID or crew member that does not exist.",
      tables=("Calls",))
def call_reference_unknown(p: Production) -> Iterator[Finding]:
    """
    **What it does.** Checks each Calls row's Day, Cast ID and Crew Member against Days, Cast and Crew.

    **Why it matters.** An override for nobody is silently dropped from the call sheet.

    **Example.** A pickup for cast ID 14 when the Cast table stops at 12.

    **Fix.** Correct the ID, name or day.
    """
    c = p.df("Calls")
    info = call_reference_unknown.info
    days = set(p.days["day"].dropna().astype(int))
    if not _all_days_known(c["day"], days):
        yield from at_rows(p, info, "Calls", c[c["day"].notna() & ~c["day"].isin(days)], "day",
                           "A call override is for day {day}, which is not in the Days table.",
                           "Correct the day, or add it to Days.")
    if maybe_unknown(c["cast_id"], known_keys(p, "Cast", "cast_id")):
        yield from at_rows(p, info, "Calls", c[_unknown(c["cast_id"], p.cast["cast_id"])], "cast_id",
                           "A call override on day {day} is for cast ID {cast_id}, which is not in the Cast table.",
                           "Correct the cast ID.")
    if maybe_unknown(c["crew"], known_keys(p, "Crew", "name")):
        yield from at_rows(p, info, "Calls", c[_unknown(c["crew"], p.crew["name"])], "crew",
                           "A call override on day {day} is for {crew}, who is not in the Crew table.",
                           "Correct the name to match the Crew table exactly.")


@rule("XR010", "cast-event-unknown", "A cast travel/rehearsal/fitting day names an unknown cast ID.",
      tables=("CastEvents",))
def cast_event_unknown(p: Production) -> Iterator[Finding]:
    """
    **What it does.** Checks the Cast ID of every Cast Events row against the Cast table.

    **Why it matters.** The travel or fitting day is missing from the Day Out of Days and is not paid.

    **Example.** A fitting for cast ID 15, who was recast as 16.

    **Fix.** Correct the cast ID.
    """
    e = p.df("CastEvents")
    if not maybe_unknown(e["cast_id"], known_keys(p, "Cast", "cast_id")):
        return
    bad = e[_unknown(e["cast_id"], p.cast["cast_id"])]
    yield from at_rows(p, cast_event_unknown.info, "CastEvents", bad, "cast_id",
                       "A {event} on {date:%d-%b-%Y} is for cast ID {cast_id}, which is not in the Cast table.",
                       "Correct the cast ID.")


RULES = (
    scene_cast_unknown, scene_location_unknown, schedule_scene_unknown, schedule_day_unknown, day_location_unknown,
    person_account_unknown, budget_account_unknown, fringe_code_unknown, call_reference_unknown, cast_event_unknown,
)  # fmt: skip

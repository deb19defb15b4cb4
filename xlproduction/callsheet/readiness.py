"""Is a shoot day ready for its call sheet? The workbook's checks, narrowed to what that day's sheet prints.

A call sheet goes to a hundred people at night; a wrong call time or a missing hospital is worse than a late
sheet. So before generating, the full checks run once and each day keeps the findings that touch it: its Days,
Schedule and Calls rows, its scenes, the cast working or listed that day, its locations, the crew on the sheet,
and whole-table or Settings problems of the tables the sheet reads. Errors block the day (nothing is written);
warnings travel with the sheet (printed by the CLI and noted right of the printed area). A few call-sheet facts
that no workbook rule covers (no scene scheduled, no location for the day, sunrise unknown, a misspelt
placeholder in the template) are added here as warnings of their own ``CS`` codes.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence

import pandas as pd

from ..checks.registry import Rule
from ..model.contract import (
    ACCOUNTS,
    CALLS,
    CAST,
    CAST_EVENTS,
    CREW,
    DAYS,
    ELEMENTS,
    LOCATIONS,
    SCENES,
    SCHEDULE,
    SETTINGS,
    TRANSPORT,
)
from ..model.findings import Finding, RuleInfo, Severity, sort_findings
from ..model.production import ROW, Production
from ..model.scheduling import key
from .model import CallSheet

NO_SCENES = RuleInfo("CS001", "callsheet-without-scenes", "No scene is scheduled on the shoot day.",
                     Severity.WARNING)  # fmt: skip
NO_LOCATION = RuleInfo("CS002", "callsheet-without-location",
                       "The shoot day has no location, so no address, parking or nearest hospital.", Severity.WARNING)
NO_SUN = RuleInfo("CS003", "callsheet-without-sunrise", "Sunrise and sunset cannot be computed for the day.",
                  Severity.WARNING)  # fmt: skip
UNKNOWN_PLACEHOLDER = RuleInfo("CS004", "callsheet-unknown-placeholder",
                               "The call-sheet template names a placeholder that does not exist.", Severity.WARNING)

# Tables the call sheet reads (and the only ones a call-sheet run loads): a finding about the whole table (a
# missing column) concerns every day.
CALLSHEET_TABLES = tuple(t.name for t in (SETTINGS, DAYS, SCHEDULE, SCENES, CAST, CREW, CALLS, LOCATIONS, CAST_EVENTS,
                                          ELEMENTS))


# What a call-sheet run loads: the tables it prints from, and those its rules look up besides (XR006 checks each
# person's budget account against the chart of accounts). tests/test_partial_read.py runs every call-sheet rule on
# such a read and requires the findings of a full read.
# Transport gives the cast pickups when it has runs (model.transport_pickups); its rules block the Transport tab, not
# the call sheet, so it is loaded but not one of CALLSHEET_TABLES.
CALLSHEET_LOAD = (*CALLSHEET_TABLES, ACCOUNTS.name, TRANSPORT.name)


def callsheet_rules() -> tuple[Rule, ...]:
    """The rules whose findings can concern a call sheet: those pointing at a table the sheet reads (``Rule.tables``;
    a rule that declares none is kept), and only those that point at no table a call-sheet run leaves unread.
    Budget and ledger rules cannot block a call sheet, and on a season's workbook they are a third of the checking
    time, so a call sheet does not run them."""
    from ..checks import ALL_RULES

    # A rule that also points at a table a call-sheet run does not load (LG008: a performer's row, for want of an
    # Accommodation row) would see that table empty on the run's partial read and report what is not so; its
    # subject is not the sheet's either (a missing room does not stop the day being printed), so it is not run.
    return tuple(r for r in ALL_RULES if (not r.tables or set(r.tables) & set(CALLSHEET_TABLES))
                 and set(r.tables) <= set(CALLSHEET_LOAD))


def _rows(df: pd.DataFrame, mask: pd.Series) -> set[int]:
    return {int(x) for x in df.loc[mask, ROW]}


# Settings a call sheet prints or computes with; problems with other settings (budget thresholds…) do not block it.
CALLSHEET_SETTINGS = ("title", "company", "episode", "producer", "producer_phone", "director", "upm", "upm_phone",
                      "first_ad", "first_ad_phone", "coordinator", "coordinator_phone", "office_address",
                      "office_phone", "time_zone", "date_order", "planned_shoot_days", "paper_size", "script_revision",
                      "script_revision_date", "schedule_revision", "schedule_revision_date", "revision_colours")


def _settings_rows(p: Production) -> set[int]:
    out = set()
    for k in CALLSHEET_SETTINGS:
        cell = p.settings.cells.get(k)
        digits = "".join(ch for ch in str(cell or "") if ch.isdigit())
        if digits:
            out.add(int(digits))
    return out


def day_rows(p: Production, cs: CallSheet) -> dict[str, set[int]]:
    """Excel rows per table that a day's call sheet is made from."""
    day = cs.day
    scenes = {s.casefold() for s in cs.scene_numbers}
    cast = {c.cast_id.casefold() for c in cs.cast} | {c.casefold() for s in cs.scenes for c in s.cast}
    locs = {loc.location_id.casefold() for loc in cs.locations}
    crew = {c.name.casefold() for c in cs.crew if c.name}
    calls = p.df("Calls")
    events = p.df("CastEvents")
    elements = p.df("Elements") if "Elements" in p.tables else None
    return {
        "Days": _rows(p.days, p.days["day"] == day),
        "Schedule": _rows(p.schedule, p.schedule["day"] == day),
        "Calls": _rows(calls, calls["day"] == day),
        "Scenes": _rows(p.scenes, key(p.scenes["scene"]).isin(scenes)),
        "Cast": _rows(p.cast, key(p.cast["cast_id"]).isin(cast)),
        "CastEvents": _rows(events, key(events["cast_id"]).isin(cast)
                            & (events["date"] == pd.Timestamp(cs.date))),
        "Locations": _rows(p.locations, key(p.locations["location_id"]).isin(locs)),
        "Elements": _rows(elements, key(elements["scene"]).isin(scenes)) if elements is not None else set(),
        "Crew": _rows(p.crew, key(p.crew["name"]).isin(crew)),
        "Settings": _settings_rows(p),
    }  # fmt: skip


def relevant(findings: Iterable[Finding], p: Production, cs: CallSheet) -> list[Finding]:
    """The findings of the whole workbook that concern ``cs``'s day."""
    rows = day_rows(p, cs)
    out = []
    for f in findings:
        if f.table is None:
            continue
        if f.table == "Settings" and f.row is None and f.cell:  # a setting's finding points at its cell
            f_row = int("".join(ch for ch in f.cell if ch.isdigit()) or 0)
            if f_row in rows["Settings"]:
                out.append(f)
            continue
        if f.row is None:
            if f.table in CALLSHEET_TABLES:
                out.append(f)
        elif f.row in rows.get(f.table, ()):
            out.append(f)
    return out


def own_findings(cs: CallSheet, unknown_placeholders: Sequence[str] = ()) -> list[Finding]:
    """The call sheet's own warnings (CS codes)."""
    out: list[Finding] = []
    where = {"table": "Days"}
    if not cs.scenes:
        out.append(NO_SCENES.finding(f"Day {cs.day} ({cs.date:%a %d-%b-%Y}) has no scene in the Schedule.",
                                     hint="Schedule scenes on this day, or check the day number.", **where))
    if not cs.locations:
        out.append(NO_LOCATION.finding(
            f"Day {cs.day} has no location (Days) and its scenes none: the call sheet has no address, parking or "
            "nearest hospital.", hint="Enter the Location ID of the day in Days.", **where))  # fmt: skip
    elif cs.sunrise is None or cs.sunset is None:
        loc = cs.locations[0]
        out.append(NO_SUN.finding(
            f"Sunrise/sunset for day {cs.day} left blank: location {loc.location_id} has no valid latitude/longitude "
            f"or the time zone {cs.time_zone!r} is unknown.",
            hint="Enter the location's coordinates and an IANA time zone (e.g. America/Los_Angeles) in Settings.",
            **where))  # fmt: skip
    for name in unknown_placeholders:
        out.append(UNKNOWN_PLACEHOLDER.finding(
            f"The call-sheet template has {name}, which is not a placeholder; it is printed as typed.",
            hint="Fix the spelling in the Call Sheet Template tab (see docs/callsheets.md for the names)."))
    return out


def readiness(findings: Iterable[Finding], p: Production, cs: CallSheet,
              unknown_placeholders: Sequence[str] = ()) -> tuple[list[Finding], list[Finding]]:  # fmt: skip
    """(errors, warnings) for ``cs``'s day. Info findings are left out: they do not change the sheet."""
    found = sort_findings([*relevant(findings, p, cs), *own_findings(cs, unknown_placeholders)])
    errors = [f for f in found if f.severity is Severity.ERROR]
    warnings = [f for f in found if f.severity is Severity.WARNING]
    return errors, warnings

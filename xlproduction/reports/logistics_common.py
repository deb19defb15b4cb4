"""What the logistics reports share: the tables they are made from, how a person and a time print, and the rule
that nothing is written when those tables have blocking errors.

The movement order, the rooming list, the travel list and the per-diem sheet each print people as the coordinator
knows them (a performer by Cast ID and character — the movement order is handed to drivers, so never a phone — a
crew member by name), times as 24-hour clock text (transport schedules are read at 5 am: "05:40", not a fraction of
a day) and dates as dates.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Sequence

import pandas as pd

from ..model.contract import (
    ACCOMMODATION,
    CALLS,
    CAST,
    CAST_EVENTS,
    CREW,
    DAYS,
    LOCATIONS,
    PER_DIEM_RATES,
    SCENES,
    SCHEDULE,
    SETTINGS,
    TRANSPORT,
    TRAVEL,
    VEHICLES,
)
from ..model.findings import Finding, Severity
from ..model.logistics import person_key
from ..model.production import Production, derived
from ..model.stays import who
from .errors import ReportInputError

# What each report reads (``load_production(tables=...)``): its own tables and what names and dates come from.
PEOPLE = (SETTINGS.name, CAST.name, CREW.name)
SCHEDULE_TABLES = (DAYS.name, SCHEDULE.name, SCENES.name, CAST_EVENTS.name)
TRANSPORT_TABLES = (*PEOPLE, *SCHEDULE_TABLES, CALLS.name, LOCATIONS.name, VEHICLES.name, TRANSPORT.name,
                    ACCOMMODATION.name, TRAVEL.name)  # fmt: skip
ROOMING_TABLES = (*PEOPLE, ACCOMMODATION.name)
TRAVEL_TABLES = (*PEOPLE, TRAVEL.name)
PER_DIEM_TABLES = (*PEOPLE, *SCHEDULE_TABLES, ACCOMMODATION.name, TRAVEL.name, PER_DIEM_RATES.name)


class LogisticsNotReady(ReportInputError):
    """Errors in the tables a logistics tab is made from; nothing was written."""

    def __init__(self, what: str, errors: Sequence[Finding]) -> None:
        self.errors = tuple(errors)
        first = "; ".join(f"{f.sheet}!{f.cell}: {f.message}" if f.sheet and f.cell else f.message
                          for f in errors[:3])  # fmt: skip
        more = f" (and {len(errors) - 3} more)" if len(errors) > 3 else ""
        super().__init__(f"{len(errors)} error(s) in the tables the {what} is made from; nothing was written. "
                         f"{first}{more}. Run 'xlproduction check' for the full list.")  # fmt: skip


def blocking_errors(p: Production, tables: Iterable[str]) -> list[Finding]:
    """The errors that keep a logistics tab from being written: the reader's errors in ``tables`` and the errors of
    every rule that declares one of the logistics tables among its tables (the rules pointing at the rows the tab
    is made from; rules about the rest of the workbook do not stop a rooming list)."""
    from ..checks import ALL_RULES, run_checks

    own = set(tables)
    logistics = own & {VEHICLES.name, TRANSPORT.name, TRAVEL.name, ACCOMMODATION.name, PER_DIEM_RATES.name}
    rules = [r for r in ALL_RULES if r.check is not None and r.tables and set(r.tables) & logistics]
    found = [f for f in p.findings if f.severity is Severity.ERROR and f.table in own]
    if rules:
        found += [f for f in run_checks(p, rules) if f.severity is Severity.ERROR and (f.table in own or not f.table)
                  and f not in found]  # fmt: skip
    return found


def clock(t: object) -> str:
    """A time of day as 24-hour text, '05:40'; past midnight as the next day's hour ('00:30 +1')."""
    if t is None or t is pd.NaT or t is pd.NA or (isinstance(t, float) and t != t):
        return ""
    if isinstance(t, pd.Timedelta):
        t = t.to_pytimedelta()
    if not isinstance(t, dt.timedelta):
        return str(t)
    minutes = int(t.total_seconds() // 60)
    days, minutes = divmod(minutes, 24 * 60)
    hh, mm = divmod(minutes, 60)
    return f"{hh:02d}:{mm:02d}" + (f" +{days}" if days > 0 else " (day before)" if days < 0 else "")


def text(v: object) -> str:
    if v is None or v is pd.NA or v is pd.NaT or (isinstance(v, float) and v != v):
        return ""
    return " ".join(str(v).split())


def day_of(v: object) -> dt.date | None:
    if v is None or v is pd.NaT or v is pd.NA or (isinstance(v, float) and v != v):
        return None
    if isinstance(v, dt.datetime):
        return v.date()
    return v if isinstance(v, dt.date) else None


def person_label(p: Production, ident: str, *, character: bool = True) -> str:
    """How a passenger or guest prints: '3 RITA' for a performer (their character, no personal data), the crew
    member's name for crew, and what was typed for anyone the Cast and Crew tables do not know."""
    person = who(p).get(person_key(ident))
    if person is None:
        return ident
    if person.cast and character:
        return f"{person.ident} {_characters(p).get(person.key, '')}".strip()
    return person.name


@derived
def _characters(p: Production) -> dict[str, str]:
    return {person_key(c): text(ch) for c, ch in zip(p.cast["cast_id"], p.cast["character"], strict=True)
            if text(c)}  # fmt: skip


def guest_name(p: Production, ident: str) -> str:
    """The name a hotel or an accountant knows: the performer's or crew member's own name."""
    person = who(p).get(person_key(ident))
    return person.name if person is not None else ident

"""Derived pickups written into the Transport table: the job behind `xlproduction transport --derive` and the
ribbon's Derive pickups button.

The derivation (model/pickups.py) is a coordinator's starting point, so it only ever adds: the runs of the shoot
days that have none yet, appended after the Transport rows already there, which stay exactly as they are. A day
with runs is skipped whole and the result says so. Nothing is written while the tables the pickups are made from
have blocking errors (the same rule as the Transport tab's), nor when no day needs runs.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from ..model.pickups import PickupRows, pickup_rows
from ..model.production import Production
from ..model.tableupdate import TableRows
from ..reports.errors import ReportInputError
from ..reports.logistics_common import TRANSPORT_TABLES, LogisticsNotReady, blocking_errors
from .source import Source

COMMAND = "xlproduction transport WORKBOOK.xlsx --derive"


@dataclass(frozen=True)
class PickupsResult:
    production: Production
    derived: PickupRows
    written: Path | None = None  # the file written (None: nothing to add, a preview, or the open workbook)
    wrote: bool = False

    @property
    def summary(self) -> str:
        d = self.derived
        runs = sum(d.added.values())
        if not d.added:
            return "no runs added"
        days = ", ".join(str(x) for x in d.added)
        return (f"{runs} run{'s' if runs != 1 else ''} added for day{'s' if len(d.added) != 1 else ''} {days}")

    @property
    def skipped_lines(self) -> list[str]:
        """One line per skipped day, saying why."""
        return [f"Day {day}: {why}." for day, why in self.derived.skipped.items()]


def derive(source: Source, day: int | None = None, *, write: bool = True) -> PickupsResult:
    """Add the derived pickups of ``day`` (None: every shoot day) to the Transport table, for the days without runs.
    ReportInputError when ``day`` is not a shoot day; LogisticsNotReady (nothing written) on blocking errors."""
    with source.step(f"Reading {source.name}"):
        p = source.read(TRANSPORT_TABLES)
    known = sorted({int(d) for d in p.days["day"].dropna()})
    if day is not None and day not in known:
        raise ReportInputError(f"Day {day} is not in the Days table. Shoot days: "
                               f"{', '.join(map(str, known)) or 'none'}.")  # fmt: skip
    with source.step("Checking the tables the pickups are made from"):
        errors = blocking_errors(p, TRANSPORT_TABLES)
    if errors:
        raise LogisticsNotReady("derived pickups", errors)
    with source.step("Deriving the pickups from the calls"):
        plan = pickup_rows(p, None if day is None else [day])
    if not write or not plan.rows:
        return PickupsResult(p, plan)
    existing = p.df("Transport").to_dict("records") if "Transport" in p.tables else []
    with source.step("Adding the runs to the Transport table"):
        done = source.write_tables([TableRows("Transport", [*existing, *plan.rows])])
    return PickupsResult(p, plan, done.path, True)

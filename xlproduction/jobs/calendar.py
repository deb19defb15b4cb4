"""Calendar: the shoot schedule as an .ics file for phones, one event per shoot day, or one performer's own days
(the job behind `xlproduction calendar` and the Calendar button)."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from ..reports.calendar import person_calendar, shoot_calendar, to_ics
from .source import Source

COMMAND = "xlproduction calendar WORKBOOK.xlsx SCHEDULE.ics"


@dataclass(frozen=True)
class CalendarResult:
    path: Path
    events: int
    person: str | None = None


def make_calendar(source: Source, target: Path | None = None, person: str | None = None) -> CalendarResult:
    """Write the calendar to ``target`` (default: ``<workbook> shoot calendar.ics`` beside the workbook)."""
    from ..workbook.safe_write import atomic_save

    target = target or source.file_beside(" shoot calendar.ics", "shoot calendar", COMMAND)
    with source.step(f"Reading {source.name}"):
        p = source.read()
    with source.step("Building the calendar"):
        cal = person_calendar(p, person) if person else shoot_calendar(p)
        data = to_ics(cal)
    with source.step(f"Writing {target.name}"):
        written = atomic_save(lambda tmp: Path(tmp).write_bytes(data), target)
    return CalendarResult(written, sum(1 for _ in cal.walk("VEVENT")), person)

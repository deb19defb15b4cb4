"""Calendar: the shoot schedule as an .ics file for phones, one event per shoot day, or one performer's own days
(the job behind `xlproduction calendar` and the Calendar button)."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from ..reports.calendar import Sequenced, person_calendar, shoot_calendar, to_ics, with_sequences
from .source import Source

COMMAND = "xlproduction calendar WORKBOOK.xlsx SCHEDULE.ics"


@dataclass(frozen=True)
class CalendarResult:
    path: Path
    events: int
    person: str | None = None
    sequences: Sequenced | None = None


def make_calendar(source: Source, target: Path | None = None, person: str | None = None, *,
                  previous: Path | None = None) -> CalendarResult:  # fmt: skip
    """Write the calendar to ``target`` (default: ``<workbook> shoot calendar.ics`` beside the workbook). The export
    it replaces — ``previous``, else the file already at ``target`` — is read back so that changed events get a
    higher SEQUENCE and removed ones are cancelled (reports/calendar.py)."""
    from ..workbook.safe_write import atomic_save

    target = target or source.file_beside(" shoot calendar.ics", "shoot calendar", COMMAND)
    before = Path(previous) if previous is not None else Path(target)
    old = before.read_bytes() if before.is_file() and before.stat().st_size < 64 * 2**20 else None
    with source.step(f"Reading {source.name}"):
        p = source.read()
    with source.step("Building the calendar"):
        cal = person_calendar(p, person) if person else shoot_calendar(p)
        sequences = with_sequences(cal, old)
        data = to_ics(cal)
    with source.step(f"Writing {target.name}"):
        written = atomic_save(lambda tmp: Path(tmp).write_bytes(data), target)
    events = sum(1 for ev in cal.walk("VEVENT") if str(ev.get("STATUS", "")).upper() != "CANCELLED")
    return CalendarResult(written, events, person, sequences)

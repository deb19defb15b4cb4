"""Crew list: crew by department in call-sheet order (the job behind `xlproduction report crew` and the Crew list
button)."""

from __future__ import annotations

from pathlib import Path

from ..reports.crew_list import CREW_TABLES, crew_frame, crew_sheet
from .report_tab import ReportResult, deliver, read
from .source import Source


def crew_list(source: Source, *, contacts: bool = True, write_tab: bool = True, csv: Path | None = None,
              xlsx: Path | None = None) -> ReportResult:  # fmt: skip
    """The Crew List tab, with contacts or without any personal data (``contacts=False``)."""
    p = read(source, CREW_TABLES)
    with source.step("Computing the crew list"):
        tab = crew_sheet(p, contacts=contacts)
        frame = crew_frame(p, contacts=contacts)
        summary = f"{len(frame)} crew" + (" with contacts" if contacts else " (no personal data)")
    return deliver(source, p, tab, frame, summary, write_tab=write_tab, csv=csv, xlsx=xlsx)

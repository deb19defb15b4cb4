"""Day Out of Days: the DOOD tab (the job behind `xlproduction report dood` and the Day Out of Days button)."""

from __future__ import annotations

from pathlib import Path

from ..model.dood import dood
from ..reports.dood_tab import DOOD_TABLES, dood_frame, dood_sheet
from .report_tab import ReportResult, deliver, read
from .source import Source


def dood_report(source: Source, *, write_tab: bool = True, csv: Path | None = None,
                xlsx: Path | None = None) -> ReportResult:  # fmt: skip
    """Each performer's code (SW, W, WF, H, D/PW, TR…) on every date of the shoot, with totals."""
    p = read(source, DOOD_TABLES)
    with source.step("Computing the Day Out of Days"):
        d = dood(p)
        tab = dood_sheet(p, d)
        summary = f"{len(d.people)} cast over {len(d.dates)} days ({int(d.dates['shoot'].sum())} shoot days)"
    return deliver(source, p, tab, dood_frame(d) if csv is not None else None, summary, write_tab=write_tab,
                   csv=csv, xlsx=xlsx)  # fmt: skip

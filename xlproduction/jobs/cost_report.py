"""Cost report: budget, actuals, POs, ETC, EFC and variance per account (the job behind `xlproduction report
cost` and the Cost report button)."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from ..model.numformats import money_text
from ..reports.cost import cost_frame, cost_report, cost_sheet
from .report_tab import ReportResult, deliver, read
from .source import Source


def cost_report_tab(source: Source, start: dt.date | None = None, end: dt.date | None = None, *,
                    write_tab: bool = True, csv: Path | None = None,
                    xlsx: Path | None = None) -> ReportResult:  # fmt: skip
    """The Cost Report tab for the period ``start``–``end`` (default: Settings → Status Date, else today)."""
    p = read(source)
    with source.step("Computing the cost report"):
        r = cost_report(p, start, end)
        tab = cost_sheet(r, p)
        g = r.top.set_index("line").loc["GRAND_TOTAL"]
        summary = (f"{len(r.accounts)} accounts, {r.start:%d-%b-%Y} to {r.end:%d-%b-%Y}: budget "
                   f"{money_text(g['budget'])}, EFC {money_text(g['efc'])}, variance "
                   f"{money_text(g['variance'])} {r.currency}")  # fmt: skip
    return deliver(source, p, tab, cost_frame(r) if csv is not None else None, summary, write_tab=write_tab,
                   csv=csv, xlsx=xlsx)  # fmt: skip

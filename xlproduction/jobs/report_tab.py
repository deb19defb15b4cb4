"""What the report-tab jobs (Day Out of Days, cost report, crew list) share: the tab into the workbook, and the
same report exported as CSV (formula-like text neutralised) and as a one-tab .xlsx on request."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from ..model.production import Production
from ..model.sheetspec import SheetSpec, WrittenTabs
from .source import Source


@dataclass(frozen=True)
class ReportResult:
    production: Production
    tab: SheetSpec
    summary: str  # one line a coordinator reads: what the report covers
    written: WrittenTabs | None = None  # the tab in the workbook (None with write_tab=False)
    csv: Path | None = None
    xlsx: Path | None = None


def deliver(source: Source, p: Production, tab: SheetSpec, frame: Any, summary: str, *, write_tab: bool = True,
            csv: Path | None = None, xlsx: Path | None = None) -> ReportResult:  # fmt: skip
    """Write the tab into the workbook and the exports asked for."""
    from ..workbook.render import write_new_workbook
    from ..workbook.safety import write_csv

    written = None
    if write_tab:
        with source.step("Writing the workbook"):
            written = source.write_tabs([tab])
    csv_out = xlsx_out = None
    if csv is not None:
        with source.step("Writing CSV"):
            csv_out = write_csv(frame, csv)
    if xlsx is not None:
        with source.step("Writing .xlsx"):
            xlsx_out = write_new_workbook(xlsx, [tab])
    return ReportResult(p, tab, summary, written, csv_out, xlsx_out)


def read(source: Source, tables: Sequence[str] | None = None) -> Production:
    with source.step(f"Reading {source.name}"):
        return source.read(tables)

"""Budget export: the workbook's budget as the tab-delimited exchange file finance and accounting systems load (the
job behind `xlproduction budget export`)."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from ..interchange.budget import write_budget_file
from ..model.production import Production
from .report_tab import read
from .source import Source

BUDGET_TABLES = ("Settings", "Accounts", "Budget", "Fringes", "Globals", "Currencies", "Charges")


@dataclass(frozen=True)
class ExportResult:
    production: Production
    path: Path
    lines: int  # detail lines written


def export_budget(source: Source, out: Path, *, details_only: bool = False,
                  currency: str | None = None) -> ExportResult:  # fmt: skip
    """Write the exchange file to ``out`` (atomically: a temporary file beside it, then renamed)."""
    from ..workbook.safe_write import atomic_save

    p = read(source, BUDGET_TABLES)
    with source.step("Writing the budget file"):
        text = write_budget_file(p, details_only=details_only, currency=currency)
        data = text.encode("utf-8")
        atomic_save(lambda tmp: Path(tmp).write_bytes(data), out)
    lines = sum(1 for row in text.splitlines() if row.startswith("D\t"))
    return ExportResult(p, out, lines)

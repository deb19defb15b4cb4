"""Finance pack: a separate macro-free workbook for finance — top sheet, cost report, budget detail, actuals —
without personal data (the job behind `xlproduction finance-pack` and the Finance pack button). The workbook it
is made from is never changed."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from ..model.production import Production
from ..reports.finance_pack import finance_pack
from .source import Source

COMMAND = "xlproduction finance-pack WORKBOOK.xlsx PACK.xlsx"


@dataclass(frozen=True)
class FinancePackResult:
    production: Production
    pack: Any  # reports.finance_pack.FinancePack
    path: Path


def make_finance_pack(source: Source, target: Path | None = None, start: dt.date | None = None,
                      end: dt.date | None = None) -> FinancePackResult:  # fmt: skip
    """Write the pack to ``target`` (default: ``<workbook> finance pack.xlsx`` beside the workbook)."""
    from ..workbook.render import write_new_workbook

    target = target or source.file_beside(" finance pack.xlsx", "finance pack", COMMAND)
    with source.step(f"Reading {source.name}"):
        p = source.read()
    with source.step("Building the finance pack"):
        pack = finance_pack(p, start, end)
    with source.step(f"Writing {target.name}"):
        written = write_new_workbook(target, pack.specs)
    return FinancePackResult(p, pack, written)

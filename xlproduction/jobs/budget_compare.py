"""Budget compare: two versions of a budget, per account and category, with the lines that changed (the job behind
`xlproduction budget compare`); the Compare tab for finance goes into a copy of the second workbook on request."""

from __future__ import annotations

from dataclasses import dataclass

from ..model.sheetspec import WrittenTabs
from ..reports.budget_compare import BudgetComparison, compare_budgets, compare_sheet
from .budget_export import BUDGET_TABLES
from .report_tab import read
from .source import Source


@dataclass(frozen=True)
class CompareResult:
    comparison: BudgetComparison
    written: WrittenTabs | None


def compare(a: Source, b: Source, *, write_tab: bool = False) -> CompareResult:
    """Compare the budget of ``a`` (the earlier version) with ``b``'s; with ``write_tab`` the Compare tab is written
    into ``b``'s target."""
    pa = read(a, BUDGET_TABLES)
    pb = read(b, BUDGET_TABLES)
    with b.step("Comparing the budgets"):
        r = compare_budgets(pa, pb, a.name, b.name)
    written = None
    if write_tab:
        with b.step("Writing the Compare tab"):
            written = b.write_tabs([compare_sheet(r)])
    return CompareResult(r, written)

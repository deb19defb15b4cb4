"""Every figure of a production's budget at once: the lines, what each account carries, the top sheet, the
contractual charges and the groups — computed once per production and shared by the checks and the reports."""

from __future__ import annotations

from dataclasses import dataclass

import pandas as pd

from ..production import Production, derived
from .context import BudgetContext, context_of
from .lines import account_totals, category_totals, charge_totals, compute_lines, group_totals, posted


@dataclass(frozen=True, slots=True)
class BudgetFigures:
    """``lines``: the Budget table with every formula column recomputed. ``accounts``: the chart with its budget.
    ``carried``: what every account code carries (folded code -> amount), chart or not. ``top``: the top sheet's
    totals (categories, above/below the line, grand total). ``charges``: one row per contractual charge.
    ``groups``: each group's total (its lines and the charges they bear)."""

    context: BudgetContext
    lines: pd.DataFrame
    accounts: pd.DataFrame
    carried: pd.Series
    top: dict[str, float]
    charges: pd.DataFrame
    groups: dict[str, float]


def figures_from(budget: pd.DataFrame, fringes: pd.DataFrame, accounts: pd.DataFrame,
                 ctx: BudgetContext) -> BudgetFigures:  # fmt: skip
    lines = compute_lines(budget, fringes, accounts, ctx)
    charges = charge_totals(lines, ctx)
    chart = account_totals(lines, accounts, ctx)
    return BudgetFigures(ctx, lines, chart, posted(lines, charges), category_totals(chart), charges,
                         group_totals(lines))  # fmt: skip


@derived
def budget_figures(p: Production) -> BudgetFigures:
    """The budget of ``p`` (Budget, Fringes and Accounts must be loaded; Globals, Currencies, Charges may not)."""
    return figures_from(p.budget, p.fringes, p.accounts, context_of(p))

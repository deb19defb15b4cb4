"""Budget arithmetic: what the workbook's Budget, Accounts, Charges and Top Sheet formulas compute, in Python.

``lines`` holds the arithmetic of a line and its totals, ``context`` what a line is computed through (globals,
currencies, charges, settings), ``figures`` every figure of a production's budget at once.
"""

from .context import BudgetContext, context_from, context_of, fold
from .figures import BudgetFigures, budget_figures, figures_from
from .lines import (
    account_totals,
    category_totals,
    charge_totals,
    compute_lines,
    detail_totals,
    fringes_from_subtotals,
    group_totals,
    line_fringes,
    line_subtotals,
    posted,
)

__all__ = ["BudgetContext", "BudgetFigures", "account_totals", "budget_figures", "category_totals", "charge_totals",
           "compute_lines", "context_from", "context_of", "detail_totals", "figures_from", "fold",
           "fringes_from_subtotals", "group_totals", "line_fringes", "line_subtotals", "posted"]  # fmt: skip

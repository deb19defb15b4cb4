"""The budget exchange file: xlproduction's tab-delimited detail layout, the one Movie Magic Budgeting's
tab-delimited export and the accounting systems that load it use (Level, Account, Description, Amount, Units, X,
Currency, Rate, Subtotal, Fringe Codes, Fringe Range, Group, Location, Set, Total), with the fringe, global,
currency, charge and setting definitions in rows of their own Level. It is that layout, not MMB's own file.

``layout`` names the columns, levels and aliases; ``write`` turns a production's budget into the file; ``read``
turns a file back into table rows and lists what cannot be read; ``verify`` recomputes every figure and lists the
lines whose file figures disagree.
"""

from .layout import BudgetFileError
from .read import BudgetFile, read_budget_file
from .verify import Disagreement, disagreements
from .write import write_budget_file

__all__ = ["BudgetFile", "BudgetFileError", "Disagreement", "disagreements", "read_budget_file",
           "write_budget_file"]  # fmt: skip

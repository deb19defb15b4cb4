"""Budget arithmetic (see ``lines``): re-exported here so callers keep writing ``from ..model import budget``."""

from .lines import account_totals, category_totals, compute_lines, line_fringes, line_subtotals

__all__ = ["account_totals", "category_totals", "compute_lines", "line_fringes", "line_subtotals"]

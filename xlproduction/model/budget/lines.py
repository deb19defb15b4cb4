"""Budget arithmetic, computed in Python exactly as the workbook's formulas compute it in Excel.

openpyxl writes formulas without cached values, so nothing may trust a figure cached in the file: every
subtotal, fringe and total is recomputed here from the inputs (amount, X, rate, fringe codes) and the Fringes
table. The formulas written into the template (see the contract) and these functions are tested against each
other through a real LibreOffice recalculation.

Fringe semantics (one definition for Excel and Python): for each fringe code listed on a line,
``percent × min(subtotal, cap)`` (no cap when cap is 0) ``+ flat``.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from ..contract import CATEGORIES


def line_subtotals(budget: pd.DataFrame) -> pd.Series:
    """amount × X × rate; a blank amount or X counts as 1 (the workbook formula's IF), a blank rate as 0."""
    return (
        budget["amount"].astype("Float64").fillna(1)
        * budget["x"].astype("Float64").fillna(1)
        * budget["rate"].astype("Float64").fillna(0)
    ).astype("float64")


def line_fringes(budget: pd.DataFrame, fringes: pd.DataFrame, subtotals: pd.Series | None = None) -> pd.Series:
    """Fringe amount per budget line (vectorised over lines × fringe codes)."""
    sub = (subtotals if subtotals is not None else line_subtotals(budget)).to_numpy(dtype="float64")
    if budget.empty or fringes.empty:
        return pd.Series(np.zeros(len(budget)), index=budget.index)
    codes = fringes["code"].astype("string").str.casefold().fillna("").to_numpy()
    pct = fringes["percent"].astype("Float64").fillna(0).to_numpy(dtype="float64")
    flat = fringes["flat"].astype("Float64").fillna(0).to_numpy(dtype="float64")
    cap = fringes["cap"].astype("Float64").fillna(0).to_numpy(dtype="float64")
    # Membership matrix: line i lists fringe code j (a code listed twice counts once, as in the formula).
    code_index = {c: j for j, c in enumerate(codes) if c}
    member = np.zeros((len(budget), len(codes)), dtype=bool)
    for i, listed in enumerate(budget["fringe_codes"].to_numpy()):
        for c in listed or ():
            j = code_index.get(str(c).casefold())
            if j is not None:
                member[i, j] = True
    base = np.where(cap[None, :] > 0, np.minimum(sub[:, None], cap[None, :]), sub[:, None])
    amounts = member * (pct[None, :] * base + flat[None, :])
    return pd.Series(amounts.sum(axis=1), index=budget.index)


def compute_lines(budget: pd.DataFrame, fringes: pd.DataFrame, accounts: pd.DataFrame) -> pd.DataFrame:
    """The budget with ``subtotal``, ``fringes``, ``total`` and ``category`` recomputed from inputs."""
    out = budget.copy()
    out["subtotal"] = line_subtotals(budget)
    out["fringes"] = line_fringes(budget, fringes, out["subtotal"])
    out["total"] = out["subtotal"] + out["fringes"]
    cat = accounts.drop_duplicates("account").set_index("account")["category"] if len(accounts) else pd.Series()
    out["category"] = budget["account"].map(cat).astype("string")
    return out


def account_totals(lines: pd.DataFrame, accounts: pd.DataFrame) -> pd.DataFrame:
    """One row per chart-of-accounts account: account, name, category, budget (sum of line totals)."""
    totals = lines.groupby("account", sort=False)["total"].sum()
    out = accounts[["account", "name", "category"]].copy()
    out["budget"] = out["account"].map(totals).fillna(0.0).astype("float64")
    return out


def category_totals(lines: pd.DataFrame) -> dict[str, float]:
    """Top-sheet figures: total per category, above/below the line, and the grand total."""
    by_cat = lines.groupby("category")["total"].sum()
    out = {c: float(by_cat.get(c, 0.0)) for c in CATEGORIES}
    out["TOTAL_ATL"] = out["ATL"]
    out["TOTAL_BTL"] = out["BTL"] + out["POST"] + out["OTHER"]
    out["GRAND_TOTAL"] = out["TOTAL_ATL"] + out["TOTAL_BTL"]
    return out

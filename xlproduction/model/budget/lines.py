"""Budget line arithmetic, computed in Python exactly as the workbook's formulas compute it in Excel.

openpyxl writes formulas without cached values, so nothing may trust a figure cached in the file: every
subtotal, fringe and total is recomputed here from the inputs (amount, X, rate, currency, fringe codes and range)
and the Fringes, Globals, Currencies and Charges tables. The formulas written into the template (the contract's
Budget columns) and these functions are tested against each other through a real LibreOffice recalculation.

One definition for Excel and Python:

- ``subtotal = amount × X × rate`` in the line's currency; a blank amount or X is 1, a blank rate 0; a cell holding
  a global's name takes the global's value (an unknown name is an error: NaN here, #N/A in Excel);
- ``base subtotal = subtotal × FX`` (1 for the base currency or a blank one, else the Currencies rate);
- ``range to date``: the base subtotals of the line's Fringe Range so far, this line included, in line order (a
  line without a range is its own range) — what a cutoff caps, as Movie Magic caps a person's pay across the
  prep, shoot and wrap lines of one fringe range;
- for each fringe code listed: ``percent × (min(to date, cap) − min(before this line, cap))`` (no cap when cap is
  0) ``+ flat`` — per line, or per hour/day/week converted through the line's hours (amount × X × the unit's hours);
- ``total = base subtotal + fringes``; ``charges`` = total × the percents of the contractual charges that apply;
- a subtotal line (Line Type = Subtotal, as Movie Magic inserts them between Prep, Shoot and Wrap) has every own
  figure 0 and, as its total, the totals of its account's detail lines since the previous subtotal line of the
  account: so every sum of lines (accounts, charges, groups) counts a detail line once.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from ..contract import CATEGORIES, SUBTOTAL, global_column
from .context import NAN, BudgetContext, fold


def _as_object(s: pd.Series) -> np.ndarray:
    return s.astype(object).to_numpy(dtype=object)


def resolved(budget: pd.DataFrame, key: str, blank: float, ctx: BudgetContext) -> np.ndarray:
    """An Amount, X or Rate column as numbers: numbers as they are, blank as ``blank``, a global's name as its value
    (NaN for a name no global has). Names come from the reader's companion column, or as text in a plain frame."""
    n = len(budget)
    if key not in budget:
        return np.full(n, blank)
    col = budget[key]
    names = budget.get(global_column(key))
    if col.dtype == object:
        values = _as_object(col)
        text = np.array([isinstance(v, str) for v in values], dtype=bool)
        nums = pd.to_numeric(pd.Series(np.where(text, None, values)), errors="coerce").to_numpy(dtype="float64")
        name_values = np.where(text, values, None)
    else:
        nums = col.astype("Float64").to_numpy(dtype="float64", na_value=np.nan)
        name_values = np.full(n, None, dtype=object)
    if names is not None:
        given = _as_object(names)
        has = np.array([v is not None and v is not pd.NA for v in given], dtype=bool)
        name_values = np.where(has, given, name_values)
    out = np.where(np.isnan(nums), blank, nums)
    for i in np.flatnonzero(np.array([v is not None for v in name_values], dtype=bool)).tolist():
        out[i] = ctx.globals.get(fold(name_values[i]), NAN)
    return out


def _folded(budget: pd.DataFrame, key: str) -> list[str]:
    if key not in budget:
        return [""] * len(budget)
    return [fold(v) for v in budget[key].tolist()]


def exchange_rates(budget: pd.DataFrame, ctx: BudgetContext) -> np.ndarray:
    """Per line, its currency to the base currency (NaN: a currency the Currencies table does not list)."""
    base = fold(ctx.base_currency)
    out = np.ones(len(budget))
    for i, code in enumerate(_folded(budget, "currency")):
        if code and code != base:
            out[i] = ctx.currencies.get(code, NAN)
    return out


def unit_hours(budget: pd.DataFrame, ctx: BudgetContext) -> np.ndarray:
    hours = ctx.unit_hours()
    return np.array([hours.get(u, 0.0) for u in _folded(budget, "units")], dtype="float64")


def subtotal_mask(budget: pd.DataFrame) -> np.ndarray:
    """Per line, whether it is a subtotal line (compared as the formulas compare: case-insensitively)."""
    return np.array([t == SUBTOTAL.casefold() for t in _folded(budget, "line_type")], dtype=bool)


def subtotal_blocks(budget: pd.DataFrame, is_sub: np.ndarray) -> np.ndarray:
    """Per line, the subtotal lines of its account above it, itself included (the Subtotal Block formula)."""
    seen: dict[str, int] = {}
    out = np.zeros(len(budget), dtype="int64")
    for i, a in enumerate(_folded(budget, "account")):
        if is_sub[i]:
            seen[a] = seen.get(a, 0) + 1
        out[i] = seen.get(a, 0)
    return out


def subtotal_totals(accounts: list[str], is_sub: np.ndarray, blocks: np.ndarray, detail: np.ndarray) -> np.ndarray:
    """Per line, its own total for a detail line; for a subtotal line, the detail totals of its account one block
    before it (a SUMIFS over the whole column: an error among them is the subtotal's error)."""
    sums: dict[tuple[str, int], float] = {}
    for i, a in enumerate(accounts):
        if not is_sub[i]:
            sums[(a, int(blocks[i]))] = sums.get((a, int(blocks[i])), 0.0) + detail[i]
    out = detail.copy()
    for i in np.flatnonzero(is_sub).tolist():
        out[i] = sums.get((accounts[i], int(blocks[i]) - 1), 0.0)
    return out


def range_to_date(base: np.ndarray, ranges: list[str]) -> np.ndarray:
    """Each line's range pay so far (this line included), in line order; a line without a range is its own."""
    out = base.copy()
    running: dict[str, float] = {}
    for i, r in enumerate(ranges):
        if r:
            running[r] = running.get(r, 0.0) + base[i]
            out[i] = running[r]
    return out


def _membership(budget: pd.DataFrame, codes: list[str]) -> np.ndarray:
    """Line i lists fringe code j (a code listed twice counts once, as in the formula)."""
    index = {c: j for j, c in enumerate(codes) if c}
    member = np.zeros((len(budget), len(codes)), dtype=bool)
    if "fringe_codes" not in budget:
        return member
    for i, listed in enumerate(budget["fringe_codes"].to_numpy()):
        if isinstance(listed, str):
            listed = (listed,)
        for c in listed or ():
            j = index.get(fold(c))
            if j is not None:
                member[i, j] = True
    return member


def _fringe_column(fringes: pd.DataFrame, key: str) -> np.ndarray:
    if key not in fringes:
        return np.zeros(len(fringes))
    return fringes[key].astype("Float64").fillna(0).to_numpy(dtype="float64")


def fringe_amounts(budget: pd.DataFrame, fringes: pd.DataFrame, base: np.ndarray, to_date: np.ndarray,
                   hours: np.ndarray, ctx: BudgetContext) -> np.ndarray:  # fmt: skip
    """Fringes per line (vectorised over lines × fringe codes)."""
    if budget.empty or fringes.empty:
        return np.zeros(len(budget))
    codes = [fold(c) for c in fringes["code"].tolist()]
    pct, flat, cap = (_fringe_column(fringes, k) for k in ("percent", "flat", "cap"))
    per = ctx.flat_hours()
    flat_hours = np.array([per.get(b, 0.0) for b in (_folded(fringes, "flat_per"))], dtype="float64")
    member = _membership(budget, codes)
    cum, b = to_date[:, None], base[:, None]
    prev = cum - b
    with np.errstate(invalid="ignore"):
        capped = cap[None, :] > 0
        portion = b - capped * ((cum > cap) * (cum - cap) - (prev > cap) * (prev - cap))
        flat_factor = np.where(flat_hours[None, :] > 0, hours[:, None] / np.where(flat_hours > 0, flat_hours, 1.0),
                               1.0)  # fmt: skip
        amounts = pct[None, :] * portion + flat[None, :] * flat_factor
    # A line that lists no fringe owes none, even when its own figures are errors (SUMPRODUCT of zeros).
    return np.where(member, amounts, 0.0).sum(axis=1)


def fringes_from_subtotals(lines: pd.DataFrame, fringes: pd.DataFrame, base: pd.Series,
                           ctx: BudgetContext) -> pd.Series:  # fmt: skip
    """The fringes of ``lines`` (from ``compute_lines``) when their base subtotals are ``base`` (e.g. the figures
    Excel cached): what each line's Fringes formula computes from the Base Subtotals it reads."""
    b = base.to_numpy(dtype="float64")
    to_date = range_to_date(b, _folded(lines, "fringe_range"))
    out = fringe_amounts(lines, fringes, b, to_date, lines["hours"].to_numpy(dtype="float64"), ctx)
    return pd.Series(out, index=lines.index, dtype="float64")


def topsheet_accounts(budget: pd.DataFrame, accounts: pd.DataFrame) -> list[str]:
    """Per line, the topsheet account its account rolls up into (the account itself when it has no parent or is
    not in the chart), as the Budget table's Topsheet formula gives it."""
    parents: dict[str, object] = {}
    if "parent" in accounts:
        for a, parent in zip(accounts["account"].tolist(), accounts["parent"].tolist(), strict=True):
            parents.setdefault(fold(a), parent)
    out = []
    for a in budget["account"].tolist():
        parent = parents.get(fold(a))
        out.append(a if fold(parent) == "" else parent)
    return out


def fringe_accounts(budget: pd.DataFrame, topsheet: list[object], ctx: BudgetContext) -> list[object]:
    """Where each line's fringes are posted (Settings → Fringe Posting)."""
    posting = fold(ctx.fringe_posting)
    suffix = str(ctx.fringe_account or "")
    if posting == "budget":
        return [suffix] * len(budget)
    if posting == "category":
        out: list[object] = []
        for t, a in zip(topsheet, budget["account"].tolist(), strict=True):
            text = "" if fold(t) == "" else str(t).strip()
            keep = len(text) - len(suffix)
            # LEFT with a negative length is an error, and the formula's IFERROR falls back on the account.
            out.append(text[:keep] + suffix if keep >= 0 else a)
        return out
    return budget["account"].tolist()


def _items(v: object) -> set[str]:
    if isinstance(v, str):
        v = (v,)
    if not isinstance(v, tuple | list):
        return set()
    return {fold(x) for x in v if fold(x)}


def charge_matrix(lines: pd.DataFrame, charges: pd.DataFrame | None) -> np.ndarray:
    """applies[i, c]: contractual charge c applies to line i (Applies To blank or listing the line's account,
    topsheet account or category; Excluding not listing its account)."""
    if charges is None or charges.empty:
        return np.zeros((len(lines), 0), dtype=bool)
    acct = [fold(v) for v in lines["account"].tolist()]
    top = [fold(v) for v in lines["topsheet"].tolist()]
    cat = [fold(v) for v in lines["category"].tolist()]
    out = np.zeros((len(lines), len(charges)), dtype=bool)
    excl_col = charges["excluding"] if "excluding" in charges else pd.Series([()] * len(charges))
    for j, (applies, excluding) in enumerate(zip(charges["applies_to"].tolist(), excl_col.tolist(), strict=True)):
        to, ex = _items(applies), _items(excluding)
        for i in range(len(lines)):
            if acct[i] in ex and acct[i]:
                continue
            out[i, j] = not to or (acct[i] in to and bool(acct[i])) or (top[i] in to and bool(top[i])) \
                or (cat[i] in to and bool(cat[i]))  # fmt: skip
    return out


def charge_percents(charges: pd.DataFrame | None) -> np.ndarray:
    if charges is None or charges.empty:
        return np.zeros(0)
    return charges["percent"].astype("Float64").fillna(0).to_numpy(dtype="float64")


def line_subtotals(budget: pd.DataFrame, ctx: BudgetContext | None = None) -> pd.Series:
    """amount × X × rate in the line's currency (globals resolved)."""
    ctx = ctx or BudgetContext()
    sub = resolved(budget, "amount", 1.0, ctx) * resolved(budget, "x", 1.0, ctx) * resolved(budget, "rate", 0.0, ctx)
    return pd.Series(sub, index=budget.index, dtype="float64")


def line_fringes(budget: pd.DataFrame, fringes: pd.DataFrame, subtotals: pd.Series | None = None,
                 ctx: BudgetContext | None = None) -> pd.Series:  # fmt: skip
    """Fringe amount per budget line (see ``compute_lines`` for everything at once)."""
    return compute_lines(budget, fringes, pd.DataFrame({"account": [], "category": []}), ctx)["fringes"]


def compute_lines(budget: pd.DataFrame, fringes: pd.DataFrame, accounts: pd.DataFrame,
                  ctx: BudgetContext | None = None) -> pd.DataFrame:  # fmt: skip
    """The budget with every formula column recomputed from the inputs: ``category``, ``topsheet``, ``subtotal``,
    ``hours``, ``fx``, ``base_subtotal``, ``range_to_date``, ``fringes``, ``fringe_account``, ``total`` and
    ``charges``."""
    ctx = ctx or BudgetContext()
    out = budget.copy()
    amount = resolved(budget, "amount", 1.0, ctx)
    x = resolved(budget, "x", 1.0, ctx)
    rate = resolved(budget, "rate", 0.0, ctx)
    is_sub = subtotal_mask(budget)
    sub = np.where(is_sub, 0.0, amount * x * rate)
    hours = amount * x * unit_hours(budget, ctx)
    fx = exchange_rates(budget, ctx)
    base = sub * fx
    to_date = range_to_date(base, _folded(budget, "fringe_range"))
    fr = np.where(is_sub, 0.0, fringe_amounts(budget, fringes, base, to_date, hours, ctx))
    blocks = subtotal_blocks(budget, is_sub)
    index = budget.index
    for k, v in (("amount", amount), ("x", x), ("rate", rate)):
        out[f"{k}_value"] = pd.Series(v, index=index, dtype="float64")  # globals resolved
    out["quantity"] = pd.Series(amount * x, index=index, dtype="float64")
    out["subtotal"] = pd.Series(sub, index=index, dtype="float64")
    out["hours"] = pd.Series(hours, index=index, dtype="float64")
    out["fx"] = pd.Series(fx, index=index, dtype="float64")
    out["base_subtotal"] = pd.Series(base, index=index, dtype="float64")
    out["range_to_date"] = pd.Series(to_date, index=index, dtype="float64")
    out["fringes"] = pd.Series(fr, index=index, dtype="float64")
    out["total"] = pd.Series(subtotal_totals(_folded(budget, "account"), is_sub, blocks, base + fr), index=index,
                             dtype="float64")  # fmt: skip
    out["detail"] = pd.Series(~is_sub, index=index, dtype=bool)
    out["subtotal_block"] = pd.Series(blocks, index=index, dtype="int64")
    chart = accounts.drop_duplicates("account") if len(accounts) else accounts
    cat = dict(zip((fold(a) for a in chart["account"].tolist()), chart["category"].tolist(), strict=True)) \
        if len(chart) else {}  # fmt: skip
    out["category"] = pd.Series([cat.get(fold(a)) for a in budget["account"].tolist()], index=index,
                                dtype="string")  # fmt: skip
    top = topsheet_accounts(budget, chart) if len(budget) else []
    out["topsheet"] = pd.Series(top, index=index, dtype=object)
    out["fringe_account"] = pd.Series(fringe_accounts(budget, top, ctx), index=index, dtype=object)
    applies = charge_matrix(out, ctx.charges)
    pct = charge_percents(ctx.charges)
    detail_total = np.where(is_sub, 0.0, out["total"].to_numpy(dtype="float64"))
    out["charges"] = detail_total * (applies * pct[None, :]).sum(axis=1) if applies.shape[1] else 0.0
    return out


def detail_totals(lines: pd.DataFrame) -> np.ndarray:
    """Per line of ``compute_lines``, its total when a detail line and 0 when a subtotal line: what sums count."""
    total = lines["total"].to_numpy(dtype="float64")
    return np.where(lines["detail"].to_numpy(dtype=bool), total, 0.0) if "detail" in lines else total


def charge_totals(lines: pd.DataFrame, ctx: BudgetContext) -> pd.DataFrame:
    """One row per contractual charge: name, percent, account, base (the totals of the lines it applies to) and
    amount (base × percent), as the Charges table computes them."""
    charges = ctx.charges
    if charges is None or charges.empty:
        return pd.DataFrame({"name": pd.Series(dtype="string"), "percent": pd.Series(dtype="float64"),
                             "account": pd.Series(dtype=object), "base": pd.Series(dtype="float64"),
                             "amount": pd.Series(dtype="float64")})  # fmt: skip
    applies = charge_matrix(lines, charges)
    total = detail_totals(lines)
    base = (applies * total[:, None]).sum(axis=0) if len(lines) else np.zeros(len(charges))
    pct = charge_percents(charges)
    return pd.DataFrame({"name": charges["name"].astype("string").to_numpy(), "percent": pct,
                         "account": charges["account"].astype(object).to_numpy() if "account" in charges
                         else None, "base": base, "amount": base * pct})  # fmt: skip


def posted(lines: pd.DataFrame, charges: pd.DataFrame) -> pd.Series:
    """What each account carries, by folded account: its lines' base subtotals, the fringes posted to it and the
    contractual charges posted to it (the Accounts table's Budget column)."""
    parts = [
        pd.Series(lines["base_subtotal"].to_numpy(dtype="float64"), index=[fold(a) for a in lines["account"]]),
        pd.Series(lines["fringes"].to_numpy(dtype="float64"), index=[fold(a) for a in lines["fringe_account"]]),
        pd.Series(charges["amount"].to_numpy(dtype="float64"), index=[fold(a) for a in charges["account"]]),
    ]
    joined = pd.concat([p for p in parts if len(p)]) if any(len(p) for p in parts) else pd.Series(dtype="float64")
    return joined.groupby(level=0, sort=False).sum() if len(joined) else joined


def account_totals(lines: pd.DataFrame, accounts: pd.DataFrame, ctx: BudgetContext | None = None) -> pd.DataFrame:
    """One row per chart-of-accounts account: account, name, category, budget (its lines before fringes, the
    fringes posted to it and the contractual charges posted to it)."""
    ctx = ctx or BudgetContext()
    carried = posted(lines, charge_totals(lines, ctx))
    out = accounts[["account", "name", "category"]].copy()
    out["budget"] = [float(carried.get(fold(a), 0.0)) for a in accounts["account"].tolist()]
    out["budget"] = out["budget"].astype("float64")
    return out


def category_totals(account_budgets: pd.DataFrame) -> dict[str, float]:
    """Top-sheet figures from ``account_totals``: total per category, above/below the line, and the grand total."""
    by_cat = account_budgets.groupby("category")["budget"].sum() if len(account_budgets) else pd.Series()
    out = {c: float(by_cat.get(c, 0.0)) for c in CATEGORIES}
    out["TOTAL_ATL"] = out["ATL"]
    out["TOTAL_BTL"] = out["BTL"] + out["POST"] + out["OTHER"]
    out["GRAND_TOTAL"] = out["TOTAL_ATL"] + out["TOTAL_BTL"]
    return out


def group_totals(lines: pd.DataFrame) -> dict[str, float]:
    """Per group (as first spelled, matched case-insensitively): its lines' totals and the charges they bear."""
    out: dict[str, float] = {}
    spelled: dict[str, str] = {}
    if "group" not in lines:
        return out
    for g, t, c in zip(lines["group"].tolist(), detail_totals(lines).tolist(), lines["charges"].tolist(),
                       strict=True):  # fmt: skip
        k = fold(g)
        if k:
            name = spelled.setdefault(k, str(g).strip())
            out[name] = out.get(name, 0.0) + float(t) + float(c)
    return out

"""Two versions of a budget side by side: per account and category, A, B and the difference, with the lines that
changed — what finance asks for when a revised budget arrives ("what moved, and why?").

Both budgets are recomputed with ``xlproduction.model.budget`` (never trusting cached figures), so the comparison
is of what each version computes, in its own base currency. Accounts are matched by code (trimmed, case-insensitive)
and detail lines by account and description (the n-th line of the same account and description in A is the n-th in
B), which is how people recognise a line from one version to the next. A line is *changed* when an input (amount,
X, rate, units, currency, fringe codes, fringe range, group) or its total differs; *added* or *removed* when it is
in one version only.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import numpy as np
import pandas as pd

from ..model import budget as B
from ..model.contract import CATEGORIES, CATEGORY_TITLES
from ..model.numformats import money_format
from ..model.production import Production
from ..model.sheetspec import Block, SheetSpec, Style

COMPARE_SHEET = "Budget Compare"
CENT = 0.005
INPUTS = ("amount_value", "x_value", "rate_value", "units", "currency", "fringe_codes", "fringe_range", "group")
INPUT_NAMES = {"amount_value": "Amount", "x_value": "X", "rate_value": "Rate", "units": "Units",
               "currency": "Currency", "fringe_codes": "Fringe Codes", "fringe_range": "Fringe Range",
               "group": "Group"}  # fmt: skip


@dataclass(frozen=True)
class BudgetComparison:
    """``accounts``: account, name, category, a, b, diff (every account of either chart or with lines).
    ``categories``: category, title, a, b, diff, then the grand total. ``lines``: status (added, removed,
    changed), account, description, a, b, diff, what (the inputs that changed)."""

    a_name: str
    b_name: str
    accounts: pd.DataFrame
    categories: pd.DataFrame
    lines: pd.DataFrame
    currency: str

    @property
    def grand(self) -> tuple[float, float]:
        t = self.categories.set_index("category")
        return float(t.at["TOTAL", "a"]), float(t.at["TOTAL", "b"])

    def as_dict(self) -> dict[str, Any]:
        def rows(df: pd.DataFrame) -> list[dict[str, Any]]:
            return [{k: (None if isinstance(v, float) and np.isnan(v) else v) for k, v in r.items()}
                    for r in df.to_dict("records")]  # fmt: skip

        return {"a": self.a_name, "b": self.b_name, "currency": self.currency, "accounts": rows(self.accounts),
                "categories": rows(self.categories), "lines": rows(self.lines)}  # fmt: skip


def _carried(fig: B.BudgetFigures) -> dict[str, float]:
    return {str(k): float(v) for k, v in fig.carried.items()}


def _chart(p: Production) -> dict[str, dict[str, Any]]:
    out: dict[str, dict[str, Any]] = {}
    for r in p.accounts.to_dict("records"):
        k = B.fold(r["account"])
        if k and k not in out:
            out[k] = {"account": str(r["account"]), "name": r.get("name"), "category": r.get("category")}
    return out


def _norm(v: Any) -> Any:
    if isinstance(v, tuple | list):
        return tuple(B.fold(x) for x in v)
    if isinstance(v, float):
        return None if np.isnan(v) else round(v, 9)
    if v is None or v is pd.NA:
        return None
    return B.fold(v) if isinstance(v, str) else v


def _keyed(lines: pd.DataFrame) -> dict[tuple[str, str, int], dict[str, Any]]:
    seen: dict[tuple[str, str], int] = {}
    out: dict[tuple[str, str, int], dict[str, Any]] = {}
    for r in lines.to_dict("records"):
        base = (B.fold(r["account"]), B.fold(r["description"]))
        n = seen.get(base, 0)
        seen[base] = n + 1
        out[(*base, n)] = r
    return out


def compare_budgets(a: Production, b: Production, a_name: str = "A", b_name: str = "B") -> BudgetComparison:
    fa, fb = B.budget_figures(a), B.budget_figures(b)
    ca, cb = _carried(fa), _carried(fb)
    chart = {**_chart(b), **{k: v for k, v in _chart(a).items() if k not in _chart(b)}}
    order = list(_chart(a)) + [k for k in _chart(b) if k not in _chart(a)]
    order += sorted((set(ca) | set(cb)) - set(order))
    rows = []
    for k in order:
        info = chart.get(k, {"account": k, "name": "(not in the chart)", "category": None})
        va, vb = ca.get(k, 0.0), cb.get(k, 0.0)
        if k not in chart and abs(va) < CENT and abs(vb) < CENT:
            continue
        rows.append({"account": info["account"], "name": info["name"] or "", "category": info["category"] or "",
                     "a": va, "b": vb, "diff": vb - va})  # fmt: skip
    accounts = pd.DataFrame(rows, columns=["account", "name", "category", "a", "b", "diff"])
    cats = []
    for c in (*CATEGORIES, ""):
        sel = accounts[accounts["category"] == c]
        if c == "" and sel.empty:
            continue
        cats.append({"category": c or "UNASSIGNED", "title": CATEGORY_TITLES.get(c, "Not in the chart of accounts"),
                     "a": float(sel["a"].sum()), "b": float(sel["b"].sum()),
                     "diff": float(sel["b"].sum() - sel["a"].sum())})  # fmt: skip
    ta, tb = float(accounts["a"].sum()), float(accounts["b"].sum())
    cats.append({"category": "TOTAL", "title": "Grand total", "a": ta, "b": tb, "diff": tb - ta})
    categories = pd.DataFrame(cats)

    # Detail lines only: a subtotal line moves when its lines do, which are listed themselves.
    la, lb = _keyed(fa.lines[fa.lines["detail"]]), _keyed(fb.lines[fb.lines["detail"]])
    changed = []
    for key in list(la) + [k for k in lb if k not in la]:
        ra, rb = la.get(key), lb.get(key)
        r = rb if rb is not None else ra
        assert r is not None
        ta_ = float(ra["total"]) if ra is not None else 0.0
        tb_ = float(rb["total"]) if rb is not None else 0.0
        if ra is None or rb is None:
            status, what = ("added" if ra is None else "removed"), ""
        else:
            diffs = [INPUT_NAMES[c] for c in INPUTS if _norm(ra.get(c)) != _norm(rb.get(c))]
            if not diffs and abs(tb_ - ta_) < CENT:
                continue
            status, what = "changed", ", ".join(diffs) or "Total (fringes, globals or rates behind it)"
        changed.append({"status": status, "account": str(r["account"]), "description": str(r["description"]),
                        "a": ta_, "b": tb_, "diff": tb_ - ta_, "what": what})  # fmt: skip
    lines = pd.DataFrame(changed, columns=["status", "account", "description", "a", "b", "diff", "what"])
    return BudgetComparison(a_name, b_name, accounts, categories, lines, str(b.settings.currency or "USD"))


def compare_sheet(r: BudgetComparison) -> SheetSpec:
    """The Compare tab: categories and grand total, accounts that moved, then the lines that changed."""
    money = money_format(r.currency)
    head = Style(bold=True, fill="D9D9D9", border=True)
    blocks: list[Block] = [
        Block(1, 1, ((f"Budget compare — {r.a_name} → {r.b_name}",),), Style(bold=True, size=14)),
        Block(2, 1, ((f"A = {r.a_name}, B = {r.b_name}; amounts in {r.currency}, recomputed from each version's "
                      "inputs; difference = B − A.",),), Style(italic=True, color="595959")),
    ]
    row = 4

    def table(title: str, heads: tuple[str, ...], values: list[tuple[Any, ...]], money_from: int) -> None:
        nonlocal row
        blocks.append(Block(row, 1, ((title,),), Style(bold=True)))
        blocks.append(Block(row + 1, 1, (heads,), head))
        if values:
            blocks.append(Block(row + 2, 1, tuple(v[:money_from] for v in values), Style(border=True)))
            blocks.append(Block(row + 2, money_from + 1, tuple(v[money_from:money_from + 3] for v in values),
                                Style(border=True, number_format=money)))  # fmt: skip
            if len(heads) > money_from + 3:
                blocks.append(Block(row + 2, money_from + 4, tuple(v[money_from + 3:] for v in values),
                                    Style(border=True)))  # fmt: skip
        row += 3 + len(values)

    table("Top sheet", ("Category", "Title", "A", "B", "Difference"),
          [(c["category"], c["title"], c["a"], c["b"], c["diff"]) for c in r.categories.to_dict("records")], 2)
    moved = r.accounts[r.accounts["diff"].abs() >= CENT]
    table("Accounts that moved", ("Account", "Name", "A", "B", "Difference"),
          [(a["account"], a["name"], a["a"], a["b"], a["diff"]) for a in moved.to_dict("records")], 2)
    table("Lines that changed", ("Status", "Account", "Description", "A", "B", "Difference", "What changed"),
          [(x["status"], x["account"], x["description"], x["a"], x["b"], x["diff"], x["what"])
           for x in r.lines.to_dict("records")], 3)  # fmt: skip
    return SheetSpec(name=COMPARE_SHEET, blocks=tuple(blocks), widths={1: 12, 2: 34, 3: 34, 4: 16, 5: 16, 6: 16,
                                                                          7: 36},
                     freeze="A4", landscape=True, literal_text=True)  # fmt: skip

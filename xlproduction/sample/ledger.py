"""The money side of a generated production: chart of accounts, fringes, budget lines and actuals.

Budget lines tied to the schedule are computed from it (cast work + hold days, crew days in their dates, shoot
days), so the schedule-link checks agree with the budget by construction. Actuals are drawn per account as a
share of that account's budget total, computed with ``xlproduction.model.budget`` exactly as the workbook computes
it, so posted costs plus open POs never exceed an account's budget. They are built with numpy because the XL
size has a hundred thousand of them.
"""

from __future__ import annotations

import datetime as dt
import math
import random

import numpy as np
import pandas as pd

from ..model.budget import BudgetFigures, context_from, figures_from
from ..model.contract import SUBTOTAL
from ..model.tabledata import Row
from .castwork import CastPlan, hold_days
from .chart import (
    ACCOUNTS,
    CHARGES,
    CURRENCIES,
    DEFAULT_VENDORS,
    FRINGE_RANGES,
    FRINGE_SETS,
    FRINGES,
    GENERIC_ITEMS,
    GLOBALS,
    ITEMS,
    LINES,
    PETTY_CASH,
    SECOND_UNIT,
    SUBTOTALS_AFTER,
    UNION_FRINGES,
    VENDORS,
)
from .crewlist import CORE, Position
from .places import Place


def global_rows(dates: list[dt.date], where: list[int], places: list[Place]) -> list[Row]:
    """The globals the lines use, valued from the schedule they follow (BU017 checks them against it)."""
    values = _tokens(dates, where, places)
    return [{"name": name, "value": float(values[token]), "link": link, "description": text, "notes": None}
            for token, (name, link, text) in GLOBALS.items()]  # fmt: skip


def currency_rows() -> list[Row]:
    return [{"code": c, "rate": r, "description": d, "notes": None} for c, r, d in CURRENCIES]


def charge_rows() -> list[Row]:
    return [{"name": n, "percent": p, "applies_to": a, "excluding": e, "account": acct, "notes": None}
            for n, p, a, e, acct in CHARGES]  # fmt: skip


def _tokens(dates: list[dt.date], where: list[int], places: list[Place]) -> dict[str, int]:
    n_days = len(dates)
    return {"D": n_days, "W": math.ceil(n_days / 5), "S": sum(places[p].stage for p in where)}


def account_rows() -> list[Row]:
    return [{"account": a, "name": n, "category": c, "efc_override": None, "parent": None, "notes": None}
            for a, n, c, _, _ in ACCOUNTS]  # fmt: skip


def fringe_rows() -> list[Row]:
    return [{"code": c, "description": d, "percent": p, "flat": f, "flat_per": "Line", "cap": cap,
             "notes": note or None}
            for c, d, p, f, cap, note in FRINGES]  # fmt: skip


def _line(account: str, description: str, amount: float | str, units: str, x: float, rate: float, fringe: str,
          link: str | None = None, notes: str | None = None) -> Row:  # fmt: skip
    row: Row = {"account": account, "description": description,
                "amount": amount if isinstance(amount, str) else float(amount), "units": units, "x": float(x),
                "rate": float(rate), "fringe_codes": FRINGE_SETS[fringe], "link": link, "notes": notes,
                "currency": None, "fringe_range": None, "group": None, "location": None, "set": None,
                "line_type": "Detail"}  # fmt: skip
    for prefix, key in FRINGE_RANGES.items():
        if description.startswith(prefix):
            row["fringe_range"] = key
    if account == SECOND_UNIT["account"]:
        row.update({k: v for k, v in SECOND_UNIT.items() if k != "account"})
    return row


def budget_rows(n_lines: int, dates: list[dt.date], where: list[int], places: list[Place], plans: list[CastPlan],
                cast: list[Row], crew: list[Row], positions: list[Position],
                rng: random.Random) -> list[Row]:  # fmt: skip
    """Template lines, then the schedule-linked ones, then detail lines up to n_lines, then contingency."""
    rows: list[Row] = []
    for account, desc, units, amount, x, rate, fringe in LINES:
        qty = GLOBALS[amount][0] if isinstance(amount, str) else amount  # the global's name, as typed in MMB
        rows.append(_line(account, desc, qty, units, x, rate, fringe, "shoot days" if amount == "D" else None))
        if desc in SUBTOTALS_AFTER:
            rows.append({**_line(account, SUBTOTALS_AFTER[desc], 1, "Allow", 1, 0, ""), "line_type": SUBTOTAL,
                         "units": None, "amount": None, "x": None, "rate": None})  # fmt: skip
    for plan, person in zip(plans, cast, strict=True):
        rows.append(_line("1400", f"Cast {person['cast_id']}: {person['character']}", len(plan.days) + hold_days(plan),
                          "Days", 1, person["day_rate"], UNION_FRINGES[person["union"]], f"cast {person['cast_id']}",
                          "Work + hold days from the schedule"))  # fmt: skip
    for pos, person in zip(positions, crew, strict=True):
        if pos.linked:
            days = sum(person["start_date"] <= d <= person["end_date"] for d in dates)
            rows.append(_line(person["account"], pos.title, days, "Days", 1, person["day_rate"],
                              UNION_FRINGES[person["union"]], f"crew {person['name']}",
                              "Shoot days within start and end dates"))  # fmt: skip
    for i, place in enumerate(places):
        days = where.count(i)
        if days and not place.stage:
            rate = round(rng.uniform(2.5, 6.5), 1) * 1000
            rows.append(_line("3500", f"Site fee: {place.name}", days, "Days", 1, rate, ""))
    rows += _crew_list_lines(dates, crew, positions, rows, _tokens(dates, where, places))
    accounts = sorted(ITEMS)
    k = 0
    while len(rows) < n_lines:
        account = accounts[k % len(accounts)]
        item, rate = ITEMS[account][(k // len(accounts)) % len(ITEMS[account])]
        place = places[(k // 3) % len(places)]
        units = rng.choice(("Allow", "Each", "Days", "Weeks"))
        amount = 1 if units == "Allow" else rng.randint(1, 12)
        rows.append(_line(account, f"{item}: {place.name} #{k // (3 * len(places)) + 1}", amount, units, 1,
                          round(rate * rng.uniform(0.6, 1.6), 0), "cast" if account == "1400" else ""))  # fmt: skip
        k += 1
    return rows


def _crew_list_lines(dates: list[dt.date], crew: list[Row], positions: list[Position], lines: list[Row],
                     tokens: dict[str, int]) -> list[Row]:  # fmt: skip
    """Lines for the crafts hired beyond the core crew, and an allowance wherever an account's lines still
    budget less than its crew cost (day rate × shoot days engaged), so no account starts over budget."""
    shoot_days = [sum(c["start_date"] <= d <= c["end_date"] for d in dates) for c in crew]
    groups: dict[tuple[str, str], list[int]] = {}
    for i, pos in enumerate(positions):
        if i >= len(CORE):
            groups.setdefault((crew[i]["account"], pos.title), []).append(i)
    out = [_line(account, f"{title} (additional crew, {len(ix)} on the crew list)", sum(shoot_days[i] for i in ix),
                 "Days", 1, crew[ix[0]]["day_rate"], UNION_FRINGES[crew[ix[0]]["union"]])
           for (account, title), ix in groups.items()]  # fmt: skip
    cost: dict[str, float] = {}
    for c, n in zip(crew, shoot_days, strict=True):
        cost[c["account"]] = cost.get(c["account"], 0.0) + c["day_rate"] * n
    budgeted: dict[str, float] = {}
    for line in [*lines, *out]:
        if line.get("line_type") == SUBTOTAL:
            continue
        amount = line["amount"]
        if isinstance(amount, str):
            amount = tokens[next(t for t, g in GLOBALS.items() if g[0] == amount)]
        budgeted[line["account"]] = budgeted.get(line["account"], 0.0) + amount * line["x"] * line["rate"]
    for account in sorted(cost):
        short = cost[account] - budgeted.get(account, 0.0)
        if short > 0:
            out.append(_line(account, "Crew allowance (per crew list)", 1, "Allow", 1, math.ceil(short / 100) * 100,
                             "nu"))  # fmt: skip
    return out


def budget_figures_of(budget: list[Row], globals_: list[Row]) -> BudgetFigures:
    """The budget's figures computed the workbook's way (lines, what each account carries with its charges)."""
    ctx = context_from({"currency": "USD"}, pd.DataFrame(globals_), pd.DataFrame(currency_rows()),
                       pd.DataFrame(charge_rows()))  # fmt: skip
    return figures_from(pd.DataFrame(budget), pd.DataFrame(fringe_rows()), pd.DataFrame(account_rows()), ctx)


def account_budgets(fig: BudgetFigures) -> pd.Series:
    """What each chart account carries (lines, fringes and contractual charges), by account code."""
    return pd.Series(fig.accounts["budget"].to_numpy(), index=fig.accounts["account"].to_numpy())


def _business_days(first: dt.date, last: dt.date) -> np.ndarray:
    days = np.arange(np.datetime64(first), np.datetime64(last) + 1)
    return days[np.is_busday(days)]


def actual_rows(n_rows: int, fig: BudgetFigures, first_shoot: dt.date, today: dt.date,
                nrng: np.random.Generator) -> list[Row]:  # fmt: skip
    """n_rows costs and purchase orders dated from prep to today, each account under its budget.

    Posted costs are payroll in the share the account budgets labour (fringed lines), invoices otherwise;
    purchase orders and invoices name the account's non-labour lines."""
    lines = fig.lines
    totals = account_budgets(fig)
    fringed = lines["fringe_codes"].map(len) > 0
    labour = (lines[fringed].groupby("account")["total"].sum() / totals).reindex(totals.index).fillna(0.0)
    spend_share = {a: s for a, _, _, s, _ in ACCOUNTS}
    codes = [a for a, *_ in ACCOUNTS if spend_share[a] > 0 and totals.get(a, 0) > 0]
    spend = np.array([spend_share[a] * totals[a] for a in codes]) * nrng.uniform(0.85, 1.0, len(codes))
    weights = spend**0.6
    counts = np.maximum(1, np.floor(n_rows * weights / weights.sum())).astype(int)
    while counts.sum() != n_rows:
        j = int(np.argmax(weights / counts)) if counts.sum() < n_rows else int(np.argmax(counts))
        counts[j] += 1 if counts.sum() < n_rows else -1
    account_of = np.repeat(np.arange(len(codes)), counts)
    amounts = np.empty(n_rows)
    pos = 0
    for j, c in enumerate(counts):
        share = nrng.gamma(1.5, 1.0, c)
        base = min(25.0, spend[j] / c / 2)  # no cent-sized costs, and the sum still stays under spend
        amounts[pos:pos + c] = np.floor((base + share / share.sum() * (spend[j] - base * c)) * 100) / 100
        pos += c
    status = nrng.choice(np.array(["Posted", "Open PO", "Closed PO", "Void"]), n_rows, p=[0.8, 0.1, 0.065, 0.035])
    days = _business_days(first_shoot - dt.timedelta(days=70), today)
    recent = days[int(len(days) * 0.7):]
    when = np.where(status == "Open PO", nrng.choice(recent, n_rows), nrng.choice(days, n_rows))
    order = np.lexsort((nrng.random(n_rows), account_of, when))
    payroll = (status == "Posted") & (nrng.random(n_rows) < labour.reindex(codes).to_numpy()[account_of])
    things = ~fringed & lines["detail"]  # a subtotal line is no item an invoice names
    items = {a: list(lines.loc[(lines["account"] == a) & things, "description"]) or list(GENERIC_ITEMS)
             for a in codes}  # fmt: skip
    # Plain lists: indexing numpy arrays one element at a time is what would make 100,000 rows slow.
    pick = nrng.integers(0, 1 << 30, n_rows).tolist()
    acct_l, status_l, when_l = account_of.tolist(), status.tolist(), when.tolist()
    amount_l, payroll_l = amounts.tolist(), payroll.tolist()
    rows: list[Row] = []
    closed: dict[str, list[tuple[str, str]]] = {}  # account -> (PO number, vendor) of closed POs so far
    paid: set[tuple[str, float, dt.date]] = set()
    n_po = 0
    for seq, i in enumerate(order.tolist(), start=1):
        account, st, date, amount = codes[acct_l[i]], status_l[i], when_l[i], amount_l[i]
        vendors = VENDORS.get(account, DEFAULT_VENDORS)
        vendor = vendors[pick[i] % len(vendors)]
        item = items[account][pick[i] % len(items[account])]
        po = None
        if st in ("Open PO", "Closed PO"):
            n_po += 1
            po = f"PO-{n_po:05d}"
            if st == "Closed PO":
                closed.setdefault(account, []).append((po, vendor))
            prefix, text = "PO", f"PO: {item}"
        elif st == "Void":
            prefix, text = "VD", f"VOID: duplicate payment, {item}"
        elif payroll_l[i]:
            week_end = date - dt.timedelta(days=date.weekday() + 2)  # the Saturday that ended last week
            vendor = VENDORS["labor"][pick[i] % len(VENDORS["labor"])]
            prefix, text = "PR", f"Payroll w/e {week_end:%m/%d/%Y}"
        elif amount < 250:
            prefix, text, vendor = "PC", f"{item}: receipt", PETTY_CASH
        else:
            prefix, text = "AP", f"{item}: inv. {1000 + pick[i] % 9000}"
            if account in closed and pick[i] % 5 == 0:  # the vendor's invoice against its earlier, closed PO
                po, vendor = closed[account][pick[i] % len(closed[account])]
        # The same vendor, amount and date twice looks like a duplicate payment: shave a cent (stays in budget).
        while (vendor, amount, date) in paid:
            amount = round(amount - 0.01, 2)
        paid.add((vendor, amount, date))
        rows.append({"date": date, "txn_id": f"{prefix}-{seq:06d}", "account": account, "vendor": vendor,
                     "description": text, "amount": amount, "po": po, "status": st, "notes": None})  # fmt: skip
    return rows

"""Changes for the production accountant: the budget and the ledger.

Budget lines have no ID of their own, so a line is known by its account and description (two lines alike are told
apart by their order); its total is recomputed from amount × X × rate and fringes in both versions, exactly as the
workbook's formulas compute it, and only lines and account totals that moved by more than the threshold
(Settings → Budget Change Threshold) are listed — a cent of rounding is not news. Transactions are known by their
ID: new postings are summed per account (a week's payroll is hundreds of lines, and finance wants the total and
where to look), corrections and removals are listed one by one. Everything runs on whole columns: a season's ledger
is 100,000 lines.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd

from ..model.budget import budget_figures
from ..model.contract import SETTINGS_BY_KEY
from ..model.numformats import money_text
from ..model.production import Production
from ..model.textkeys import id_key
from .context import Context, blank, has, k, natural, shown, text, was
from .model import FINANCE, Change, Kind

MAX_IDS_LISTED = 5  # transaction IDs named in a "new postings" sentence
_CENT = 0.005  # differences below half a cent are rounding, never a change


def threshold_of(p: Production) -> float:
    """Settings → Budget Change Threshold (its default when blank or not a number)."""
    v = p.settings.get("budget_change_threshold")
    default = float(SETTINGS_BY_KEY["budget_change_threshold"].default)
    try:
        return abs(float(v)) if not blank(v) else default
    except (TypeError, ValueError):
        return default


def _budget_lines(p: Production) -> pd.DataFrame | None:
    if not has(p, "Budget", "Fringes", "Accounts"):
        return None
    # Through the workbook's globals, currencies and fringe ranges, as its formulas compute the lines.
    lines = budget_figures(p).lines
    # Subtotal lines are sums of detail lines: a moved detail line is listed once, and accounts count it once.
    lines = lines[(lines["account"].notna() & lines["detail"]).to_numpy(dtype=bool)]
    akey = id_key(lines["account"]).fillna("")
    desc = lines["description"].astype("string").fillna("").str.split().str.join(" ").str.casefold()
    key = akey + "\x1f" + desc
    key = key + "\x1f" + key.groupby(key).cumcount().astype("string")  # the n-th line alike
    return pd.DataFrame({"key": key.to_numpy(), "akey": akey.to_numpy(),
                         "account": lines["account"].astype("string").to_numpy(),
                         "description": lines["description"].astype("string").to_numpy(),
                         "total": lines["total"].to_numpy(dtype="float64")})  # fmt: skip


def _account_names(p: Production) -> dict[str, str]:
    if not has(p, "Accounts"):
        return {}
    a = p.accounts
    return {str(key): text(name) for key, name in zip(id_key(a["account"]).tolist(), a["name"].tolist(), strict=True)
            if key is not None and key is not pd.NA}  # fmt: skip


def _delta(x: float) -> str:
    return ("+" if x >= 0 else "−") + money_text(abs(x))


def budget(ctx: Context, threshold: float) -> list[Change]:
    old, new = _budget_lines(ctx.old.p), _budget_lines(ctx.new.p)
    if old is None or new is None:
        return []
    out: list[Change] = []
    m = old.merge(new, on="key", how="outer", suffixes=("_o", "_n"))
    moved = np.abs(m["total_n"].fillna(0.0).to_numpy() - m["total_o"].fillna(0.0).to_numpy()) > threshold + _CENT
    for r in m[moved].to_dict("records"):
        account = text(r["account_n"]) or text(r["account_o"])
        desc = text(r["description_n"]) or text(r["description_o"])
        b, a = r["total_o"], r["total_n"]
        if blank(b):
            message = f"New budget line {account} “{desc}”: {ctx.money(a)}."
        elif blank(a):
            message = f"Budget line {account} “{desc}” removed (was {ctx.money(b)})."
        else:
            message = f"Budget line {account} “{desc}”: {ctx.money(a)} (was {ctx.money(b)}, {_delta(a - b)})."
        out.append(Change(Kind.BUDGET_LINE, message, column="total", before=None if blank(b) else round(b, 2),
                          after=None if blank(a) else round(a, 2), affects=FINANCE))  # fmt: skip
    names = {**_account_names(ctx.old.p), **_account_names(ctx.new.p)}
    typed = {**dict(zip(old["akey"], old["account"], strict=True)), **dict(zip(new["akey"], new["account"],
                                                                               strict=True))}  # fmt: skip
    totals = pd.concat([old.groupby("akey")["total"].sum().rename("o"), new.groupby("akey")["total"].sum().rename("n")],
                       axis=1).fillna(0.0)  # fmt: skip
    totals = totals[(totals["n"] - totals["o"]).abs() > threshold + _CENT]
    for akey in sorted(totals.index, key=natural):
        b, a = float(totals.at[akey, "o"]), float(totals.at[akey, "n"])
        label = f"{typed.get(akey, akey)} {names.get(akey, '')}".strip()
        out.append(Change(Kind.ACCOUNT_TOTAL, f"Account {label}: budget {ctx.money(a)} (was {ctx.money(b)}, "
                          f"{_delta(a - b)}).", column="budget", before=round(b, 2), after=round(a, 2),
                          affects=FINANCE))  # fmt: skip
    return out


@dataclass(frozen=True, slots=True)
class _Ledger:
    """The ledger's columns as plain arrays, one row per transaction ID (a repeated ID is the checks' ST006)."""

    txn: np.ndarray  # IDs as typed (object)
    account: np.ndarray  # object, None when blank
    status: np.ndarray  # object, None when blank
    amount: np.ndarray  # float64, NaN when blank

    def take(self, rows: np.ndarray) -> _Ledger:
        return _Ledger(self.txn[rows], self.account[rows], self.status[rows], self.amount[rows])


def _ledger(p: Production) -> _Ledger | None:
    if not has(p, "Actuals"):
        return None
    a = p.actuals
    txn = a["txn_id"].to_numpy(dtype=object, na_value=None)
    ledger = _Ledger(txn, a["account"].to_numpy(dtype=object, na_value=None),
                     a["status"].to_numpy(dtype=object, na_value=None),
                     a["amount"].to_numpy(dtype="float64", na_value=np.nan))  # fmt: skip
    ids = txn.tolist()
    if len({*ids}) == len(ids) and None not in ids:  # the usual ledger: every row has its own ID
        return ledger
    first: dict[object, int] = {}
    for i, x in enumerate(ids):
        if x is not None:
            first.setdefault(x, i)
    return ledger.take(np.fromiter(first.values(), dtype=np.int64, count=len(first)))


def _match(old: np.ndarray, new: np.ndarray) -> np.ndarray:
    """For each new transaction ID, the row of the same ID in ``old`` (-1: none). IDs are matched as typed first —
    one hash lookup per row, in C — and only those left over are compared trimmed and case-insensitively (an ID
    retyped as ``pr-000001 ``), so a season's 100,000 IDs are not normalised one by one in Python."""
    # A dict of str is the quickest hash table here: str caches its hash, and pandas' object index re-checks types.
    where = {x: i for i, x in enumerate(old.tolist())}
    at = np.fromiter((where.get(x, -1) for x in new.tolist()), dtype=np.int64, count=len(new))
    left_new = np.flatnonzero(at < 0)
    taken = np.zeros(len(old), dtype=bool)
    taken[at[at >= 0]] = True
    left_old = np.flatnonzero(~taken)
    if len(left_new) and len(left_old):
        norm_old = pd.Index([k(str(x)) for x in old[left_old]])
        if norm_old.is_unique:
            hit = norm_old.get_indexer([k(str(x)) for x in new[left_new]])
            at[left_new[hit >= 0]] = left_old[hit[hit >= 0]]
    return at


def _same_text(a: np.ndarray, b: np.ndarray) -> np.ndarray:
    """Elementwise: the same text, ignoring case and outer spaces (exact equality first; the few others checked)."""
    same = a == b
    for i in np.flatnonzero(~same):
        same[i] = k(str(a[i] or "")) == k(str(b[i] or ""))
    return same


def _money_or_none(x: float) -> float | None:
    return None if blank(x) else round(float(x), 2)


def actuals(ctx: Context) -> list[Change]:
    old, new = _ledger(ctx.old.p), _ledger(ctx.new.p)
    if old is None or new is None:
        return []
    names = {**_account_names(ctx.old.p), **_account_names(ctx.new.p)}
    out: list[Change] = []
    at = _match(old.txn, new.txn)
    fresh = new.take(np.flatnonzero(at < 0))
    live = np.array([k(str(x or "")) != "void" for x in fresh.status], dtype=bool)
    fresh = fresh.take(np.flatnonzero(live))
    by_account: dict[str, list[int]] = {}
    for i, account in enumerate(fresh.account):
        by_account.setdefault(k(str(account or "")), []).append(i)
    for akey, rows in by_account.items():
        account = text(fresh.account[rows[0]])
        label = f"{account} ({names[akey]})" if names.get(akey) else (account or "(no account)")
        txns = [str(fresh.txn[i]) for i in rows]
        listed = ", ".join(txns[:MAX_IDS_LISTED]) + (f" and {len(txns) - MAX_IDS_LISTED} more"
                                                     if len(txns) > MAX_IDS_LISTED else "")  # fmt: skip
        pos = sum(k(str(fresh.status[i] or "")) == "open po" for i in rows)
        what = f"{len(txns)} new posting{'s' if len(txns) != 1 else ''}"
        if pos:
            what += f" (of which {pos} open PO{'s' if pos != 1 else ''})"
        total = float(np.nansum(fresh.amount[rows]))
        out.append(Change(Kind.POSTINGS_ADDED, f"{what} to account {label}: {ctx.money(total)} ({listed}).",
                          column="amount", after=round(total, 2), affects=FINANCE))  # fmt: skip
    matched = np.flatnonzero(at >= 0)
    o, n = old.take(at[matched]), new.take(matched)
    ao, an = o.amount, n.amount
    differs = ~((np.abs(ao - an) < _CENT) | (np.isnan(ao) & np.isnan(an)))
    differs |= ~_same_text(o.status, n.status) | ~_same_text(o.account, n.account)
    for i in np.flatnonzero(differs):
        txn = text(n.txn[i])
        b, a = _money_or_none(ao[i]), _money_or_none(an[i])
        if b != a:
            out.append(Change(Kind.POSTING_CHANGED, f"Transaction {txn}: amount "
                              f"{was(ctx.money(a) if a is not None else '', ctx.money(b) if b is not None else '')}.",
                              column="amount", before=b, after=a, affects=FINANCE))  # fmt: skip
        for col, bt, at_ in (("status", o.status[i], n.status[i]), ("account", o.account[i], n.account[i])):
            bt, at_ = text(bt), text(at_)
            if k(bt) != k(at_):
                out.append(Change(Kind.POSTING_CHANGED, f"Transaction {txn}: {col} {was(at_, bt)}.", column=col,
                                  before=bt or None, after=at_ or None, affects=FINANCE))  # fmt: skip
    kept = np.zeros(len(old.txn), dtype=bool)
    kept[at[matched]] = True
    for i in np.flatnonzero(~kept):
        amount = "" if blank(old.amount[i]) else f", {ctx.money(old.amount[i])}"
        out.append(Change(Kind.POSTING_REMOVED, f"Transaction {text(old.txn[i])} (account "
                          f"{shown(text(old.account[i]))}{amount}) is no longer in the ledger.", column="amount",
                          before=_money_or_none(old.amount[i]), affects=FINANCE))  # fmt: skip
    return out

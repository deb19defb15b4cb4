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

import numpy as np
import pandas as pd

from ..model.budget import compute_lines
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
    lines = compute_lines(p.budget, p.fringes, p.accounts)
    lines = lines[lines["account"].notna().to_numpy(dtype=bool)]
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


def _ledger(p: Production) -> pd.DataFrame | None:
    if not has(p, "Actuals"):
        return None
    a = p.actuals
    a = a[a["txn_id"].notna().to_numpy(dtype=bool)]
    out = pd.DataFrame({"key": id_key(a["txn_id"]).to_numpy(), "txn": a["txn_id"].astype("string").to_numpy(),
                        "account": a["account"].astype("string").to_numpy(),
                        "amount": a["amount"].astype("Float64").to_numpy(dtype="float64", na_value=np.nan),
                        "status": a["status"].astype("string").to_numpy()})  # fmt: skip
    return out.drop_duplicates("key")  # a repeated transaction ID is a finding of the checks (ST006)


def _money_or_none(x: float) -> float | None:
    return None if blank(x) else round(float(x), 2)


def actuals(ctx: Context) -> list[Change]:
    old, new = _ledger(ctx.old.p), _ledger(ctx.new.p)
    if old is None or new is None:
        return []
    names = {**_account_names(ctx.old.p), **_account_names(ctx.new.p)}
    out: list[Change] = []
    added = new[~new["key"].isin(pd.Index(old["key"])).to_numpy(dtype=bool)]
    added = added[(added["status"].fillna("").str.casefold() != "void").to_numpy(dtype=bool)]
    for akey, group in added.groupby(id_key(added["account"]).fillna("").to_numpy(), sort=False):
        account = text(group["account"].iloc[0])
        label = f"{account} ({names[akey]})" if names.get(akey) else (account or "(no account)")
        txns = [str(x) for x in group["txn"].tolist()]
        listed = ", ".join(txns[:MAX_IDS_LISTED]) + (f" and {len(txns) - MAX_IDS_LISTED} more"
                                                     if len(txns) > MAX_IDS_LISTED else "")  # fmt: skip
        pos = int((group["status"].fillna("").str.casefold() == "open po").sum())
        what = f"{len(txns)} new posting{'s' if len(txns) != 1 else ''}"
        if pos:
            what += f" (of which {pos} open PO{'s' if pos != 1 else ''})"
        total = float(np.nansum(group["amount"].to_numpy()))
        out.append(Change(Kind.POSTINGS_ADDED, f"{what} to account {label}: {ctx.money(total)} ({listed}).",
                          column="amount", after=round(total, 2), affects=FINANCE))  # fmt: skip
    m = old.merge(new, on="key", how="inner", suffixes=("_o", "_n"))
    ao, an = m["amount_o"].to_numpy(), m["amount_n"].to_numpy()
    differs = ~((np.abs(ao - an) < _CENT) | (np.isnan(ao) & np.isnan(an)))
    for col in ("status", "account"):
        differs |= (m[f"{col}_o"].fillna("").str.strip().str.casefold()
                    != m[f"{col}_n"].fillna("").str.strip().str.casefold()).to_numpy(dtype=bool)  # fmt: skip
    for r in m[differs].to_dict("records"):
        txn = text(r["txn_n"])
        b, a = _money_or_none(r["amount_o"]), _money_or_none(r["amount_n"])
        if b != a:
            out.append(Change(Kind.POSTING_CHANGED, f"Transaction {txn}: amount "
                              f"{was(ctx.money(a) if a is not None else '', ctx.money(b) if b is not None else '')}.",
                              column="amount", before=b, after=a, affects=FINANCE))  # fmt: skip
        for col in ("status", "account"):
            bt, at = text(r[f"{col}_o"]), text(r[f"{col}_n"])
            if k(bt) != k(at):
                out.append(Change(Kind.POSTING_CHANGED, f"Transaction {txn}: {col} {was(at, bt)}.", column=col,
                                  before=bt or None, after=at or None, affects=FINANCE))  # fmt: skip
    gone = old[~old["key"].isin(pd.Index(new["key"])).to_numpy(dtype=bool)]
    for r in gone.to_dict("records"):
        amount = "" if blank(r["amount"]) else f", {ctx.money(r['amount'])}"
        out.append(Change(Kind.POSTING_REMOVED, f"Transaction {text(r['txn'])} (account {shown(text(r['account']))}"
                          f"{amount}) is no longer in the ledger.", column="amount",
                          before=_money_or_none(r["amount"]), affects=FINANCE))  # fmt: skip
    return out

"""The cost report: where every account stands against its budget, and where it is heading.

Finance and the UPM read it weekly: per account (and rolled up by category and to the top sheet) the budget,
what was spent this period and to date, what is committed on open purchase orders, and the estimate at final
cost. The figures obey the identities of DESIGN §4 on every row, which the tests assert:

    total to date = actual to date + open POs
    ETC           = EFC − total to date
    variance      = EFC − budget          (positive: over budget)

- **Budget** is what the account carries, recomputed from the inputs (``xlproduction.model.budget``) rather than
  trusted from cached formula values: its lines before fringes (in the base currency), the fringes posted to it
  (Settings → Fringe Posting) and the contractual charges posted to it (Charges), so charges such as contingency
  and the completion bond reach the EFC.
- **Actuals** (the Actuals table, read as the budget checks read it): *Posted* and *Closed PO* rows are cost
  (a closed PO has been invoiced and paid), *Open PO* rows are commitments, *Void* rows count for nothing; a blank
  status is Posted. "To date" is up to and including the period's last day (Settings → Status Date, else today,
  unless a range is given); "this period" is from its first day to its last. An undated row counts to date but
  in no period. Accounts are matched trimmed and case-insensitively.
- **EFC** is the account's EFC Override (Accounts) when the accountant set one, else max(budget, total to date):
  an account never forecasts below what it has already spent or committed.
- Budget lines and actuals coded to an account missing from the chart are not dropped (the report would then
  not reconcile with the ledger): they appear under "Not in the chart of accounts", actuals without an account
  as "(no account)".

The computation (``cost_report``) is pandas only and vectorised (actuals can be 100,000 rows). ``cost_sheet``
lays it out as the ``Cost Report`` tab — with formulas for the identities and the totals so the tab explains
itself in Excel, or with plain values for the finance pack — and a native bar chart of the largest variances.
``cost_frame`` is the flat table the CSV export writes.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

import numpy as np
import pandas as pd

from ..model import budget as B
from ..model.contract import (
    ACCOUNTS,
    CATEGORIES,
    CATEGORY_TITLES,
    COST_REPORT_COLUMNS,
    COST_REPORT_LEVEL,
    COST_REPORT_SHEET,
    TOP_SHEET_TOTALS,
)
from ..model.numformats import money_format
from ..model.production import Production
from ..model.scheduling import key
from ..model.sheetspec import Block, ChartSeries, ChartSpec, Format, Formula, SheetSpec, Style
from .errors import ReportInputError

COST_TO_DATE = ("Posted", "Closed PO")  # as xlproduction.checks.money reads the statuses
COMMITMENT = "Open PO"
VOID = "Void"
UNASSIGNED = "UNASSIGNED"  # the category of accounts missing from the chart
UNASSIGNED_TITLE = "Not in the chart of accounts"
NO_ACCOUNT = "(no account)"
MONEY = tuple(COST_REPORT_COLUMNS)  # budget, actual_period, actual_to_date, po, total_to_date, etc, efc, variance
DEFAULT_PERIOD_DAYS = 7  # a cost report covers a week unless told otherwise
TOP_VARIANCES = 10


@dataclass(frozen=True, slots=True)
class CostReport:
    """``accounts``: one row per account (chart order, then accounts missing from the chart) with ``account``,
    ``name``, ``category``, ``in_chart``, ``efc_override`` (bool: EFC set by the accountant) and the money columns
    (``MONEY``). ``categories``: one row per category present, with ``category``, ``title`` and the money
    columns. ``top``: the top sheet — the category rows, then TOTAL_ATL, TOTAL_BTL (BTL + POST + OTHER) and
    GRAND_TOTAL (everything, accounts missing from the chart included) — with ``line``, ``title`` and the money
    columns. ``start``/``end``: the period (``end`` is also the "to date")."""

    accounts: pd.DataFrame
    categories: pd.DataFrame
    top: pd.DataFrame
    start: dt.date
    end: dt.date
    currency: str


def period(p: Production, start: dt.date | None = None, end: dt.date | None = None) -> tuple[dt.date, dt.date]:
    """The report period: ``end`` defaults to the workbook's status date (``p.today``), ``start`` to the week
    ending on ``end``."""
    end = end or p.today
    start = start or end - dt.timedelta(days=DEFAULT_PERIOD_DAYS - 1)
    if start > end:
        raise ReportInputError(f"The period starts ({start:%d-%b-%Y}) after it ends ({end:%d-%b-%Y}).")
    return start, end


def _chart(p: Production) -> pd.DataFrame:
    a = p.accounts[["account", "name", "category", "efc_override"]].copy()
    a["ak"] = key(a["account"])
    return a[a["ak"].notna() & (a["ak"] != "")].drop_duplicates("ak").reset_index(drop=True)


def _spend(p: Production, start: dt.date, end: dt.date) -> pd.DataFrame:
    """Per account key: actual this period, actual to date, open POs (vectorised over the Actuals table)."""
    a = p.actuals
    status = a["status"].astype("string").fillna("Posted")
    amount = a["amount"].astype("Float64").fillna(0).astype("float64")
    date = pd.to_datetime(a["date"])
    to_date = date.isna() | (date <= pd.Timestamp(end))
    in_period = date.notna() & (date >= pd.Timestamp(start)) & (date <= pd.Timestamp(end))
    cost = status.isin(COST_TO_DATE).fillna(False).to_numpy(dtype=bool)
    po = (status == COMMITMENT).fillna(False).to_numpy(dtype=bool)
    ak = key(a["account"]).fillna("").str.strip()
    frame = pd.DataFrame({
        "ak": ak.to_numpy(dtype=object),
        "actual_period": np.where(cost & in_period.to_numpy(), amount, 0.0),
        "actual_to_date": np.where(cost & to_date.to_numpy(), amount, 0.0),
        "po": np.where(po & to_date.to_numpy(), amount, 0.0),
        "any": (cost | po) & to_date.to_numpy(),
    })  # fmt: skip
    frame = frame[frame["any"]]
    return frame.groupby("ak")[["actual_period", "actual_to_date", "po"]].sum()


def cost_report(p: Production, start: dt.date | None = None, end: dt.date | None = None) -> CostReport:
    """The cost report of ``p`` for the period ``start``..``end`` (defaults: see ``period``)."""
    start, end = period(p, start, end)
    chart = _chart(p)
    fig = B.budget_figures(p)
    lines = fig.lines
    lines_ak = key(lines["account"]).fillna("").str.strip()
    budgets = fig.carried
    spend = _spend(p, start, end)

    # Accounts missing from the chart, from budget lines and actuals, so the report reconciles with both.
    extra_keys = sorted((set(budgets.index) | set(spend.index)) - set(chart["ak"]))
    posted_to = pd.Series(list(lines["fringe_account"]) + list(fig.charges["account"]), dtype=object)
    posted_to = posted_to[posted_to.notna()].astype(str)
    spelled = pd.concat([
        pd.DataFrame({"ak": lines_ak, "account": lines["account"].astype("string")}),
        pd.DataFrame({"ak": key(pd.Series(posted_to.to_numpy(), dtype="string")),
                      "account": pd.Series(posted_to.to_numpy(), dtype="string")}),
        pd.DataFrame({"ak": key(p.actuals["account"]).fillna("").str.strip(),
                      "account": p.actuals["account"].astype("string")}),
    ]).dropna().drop_duplicates("ak").set_index("ak")["account"]  # fmt: skip
    extra = pd.DataFrame({
        "account": [spelled.get(k, "") if k else "" for k in extra_keys],
        "name": [UNASSIGNED_TITLE if k else NO_ACCOUNT for k in extra_keys],
        "category": UNASSIGNED, "efc_override": pd.array([pd.NA] * len(extra_keys), dtype="Float64"),
        "ak": extra_keys,
    })  # fmt: skip
    in_chart = np.r_[np.ones(len(chart), dtype=bool), np.zeros(len(extra), dtype=bool)]
    rows = pd.concat([chart, extra], ignore_index=True) if len(extra) else chart.copy()
    rows["in_chart"] = in_chart
    rows["category"] = rows["category"].astype("string").fillna(UNASSIGNED)
    rows.loc[~rows["category"].isin([*CATEGORIES, UNASSIGNED]), "category"] = UNASSIGNED

    out = pd.DataFrame({"account": rows["account"].astype("string").fillna(""),
                        "name": rows["name"].astype("string").fillna(""),
                        "category": rows["category"], "in_chart": rows["in_chart"]})  # fmt: skip
    out["budget"] = rows["ak"].map(budgets).fillna(0.0).astype("float64").to_numpy()
    for c in ("actual_period", "actual_to_date", "po"):
        out[c] = rows["ak"].map(spend[c]).fillna(0.0).astype("float64").to_numpy()
    out["total_to_date"] = out["actual_to_date"] + out["po"]
    override = rows["efc_override"].astype("Float64")
    out["efc_override"] = override.notna().to_numpy(dtype=bool)
    default_efc = np.maximum(out["budget"].to_numpy(), out["total_to_date"].to_numpy())
    out["efc"] = np.where(out["efc_override"], override.fillna(0).to_numpy(dtype="float64"), default_efc)
    out["etc"] = out["efc"] - out["total_to_date"]
    out["variance"] = out["efc"] - out["budget"]
    # Category order of the chart; within a category, the chart's own order (accounts missing from it last).
    order = {c: i for i, c in enumerate((*CATEGORIES, UNASSIGNED))}
    out = out.assign(_o=out["category"].map(order)).sort_values("_o", kind="stable").drop(columns="_o")
    out = out[["account", "name", "category", "in_chart", "efc_override", *MONEY]].reset_index(drop=True)

    cats = out.groupby("category", sort=False)[list(MONEY)].sum()
    cats = cats.reindex([c for c in (*CATEGORIES, UNASSIGNED) if c in cats.index])
    categories = cats.reset_index()
    categories.insert(1, "title", categories["category"].map({**CATEGORY_TITLES, UNASSIGNED: UNASSIGNED_TITLE}))
    full = cats.reindex([*CATEGORIES, UNASSIGNED], fill_value=0.0)
    top_rows = {**{c: full.loc[c] for c in cats.index},
                "TOTAL_ATL": full.loc["ATL"], "TOTAL_BTL": full.loc[["BTL", "POST", "OTHER"]].sum(),
                "GRAND_TOTAL": full.sum()}  # fmt: skip
    top = pd.DataFrame(top_rows).T.astype("float64").rename_axis("line").reset_index()
    top.insert(1, "title", top["line"].map({**CATEGORY_TITLES, UNASSIGNED: UNASSIGNED_TITLE, **TOP_SHEET_TOTALS}))
    return CostReport(accounts=out, categories=categories, top=top, start=start, end=end,
                      currency=str(p.settings.currency or "USD"))  # fmt: skip


def largest_variances(r: CostReport, n: int = TOP_VARIANCES) -> pd.DataFrame:
    """The ``n`` accounts whose variance is largest in size (over or under budget), largest first."""
    a = r.accounts[r.accounts["variance"].abs() >= 0.005]
    return a.reindex(a["variance"].abs().sort_values(ascending=False, kind="stable").index).head(n)


def cost_frame(r: CostReport) -> pd.DataFrame:
    """The report as one flat table (the CSV export): account rows, then category totals, then the top sheet."""
    acct_h, name_h, cat_h = ACCOUNTS.header("account"), ACCOUNTS.header("name"), ACCOUNTS.header("category")
    money_h = [COST_REPORT_COLUMNS[c] for c in MONEY]
    a = r.accounts.rename(columns={"account": acct_h, "name": name_h, "category": cat_h,
                                   **dict(zip(MONEY, money_h, strict=True))})  # fmt: skip
    a.insert(0, COST_REPORT_LEVEL, "account")
    c = r.categories.rename(columns={"category": cat_h, "title": name_h, **dict(zip(MONEY, money_h, strict=True))})
    c.insert(0, COST_REPORT_LEVEL, "category")
    t = r.top[~r.top["line"].isin(r.categories["category"])]
    t = t.rename(columns={"line": cat_h, "title": name_h, **dict(zip(MONEY, money_h, strict=True))})
    t.insert(0, COST_REPORT_LEVEL, "total")
    out = pd.concat([a, c, t], ignore_index=True)
    out[money_h] = out[money_h].round(2)
    return out[[COST_REPORT_LEVEL, cat_h, acct_h, name_h, *money_h]]


# --- The Cost Report tab -------------------------------------------------------------------------------------

TITLE_ROW, INFO_ROW, NOTE_ROW, HEADER_ROW = 1, 2, 3, 5
COL = {k: 3 + i for i, k in enumerate(MONEY)}  # A account, B name, then the money columns C..J
LETTER = {k: chr(ord("A") + c - 1) for k, c in COL.items()}
LAST_COL = COL["variance"]
OVERRIDE_FILL = "FFF2CC"


def _identity_formulas(r: int) -> dict[str, Formula]:
    """The formulas of an account row: the DESIGN §4 identities, spelled as Excel computes them."""
    L = LETTER
    return {
        "total_to_date": Formula(f"={L['actual_to_date']}{r}+{L['po']}{r}"),
        "etc": Formula(f"={L['efc']}{r}-{L['total_to_date']}{r}"),
        "variance": Formula(f"={L['efc']}{r}-{L['budget']}{r}"),
    }


def cost_sheet(r: CostReport, p: Production, *, formulas: bool = True, when: dt.datetime | None = None,
               name: str = COST_REPORT_SHEET, title: str | None = None) -> SheetSpec:  # fmt: skip
    """The Cost Report tab. ``formulas``: the identities, subtotals and totals as Excel formulas over the tab's
    own cells (a coordinator sees how each figure is made; LibreOffice agrees with Python, tested); False writes
    every figure as a value (the finance pack: holds in any viewer, nothing to recalculate). ``title`` replaces
    the workbook's title (the finance pack passes it scrubbed)."""
    money = Style(number_format=money_format(r.currency), border=True)
    money_bold = Style(number_format=money_format(r.currency), border=True, bold=True, fill="F2F2F2")
    stamp = (when or dt.datetime.now()).strftime("%a %d-%b-%Y %H:%M")
    title = title or p.settings.title or "Production"
    blocks: list[Block] = [
        Block(TITLE_ROW, 1, ((f"Cost Report — {title}",),), Style(bold=True, size=14)),
        Block(INFO_ROW, 1, ((f"This period: {r.start:%a %d-%b-%Y} to {r.end:%a %d-%b-%Y}. To date: up to "
                             f"{r.end:%a %d-%b-%Y}. Currency {r.currency}. Generated {stamp}.",),),
              Style(italic=True, color="595959")),
        Block(NOTE_ROW, 1, (("Total to date = actuals + open POs; ETC = EFC − total to date; variance = EFC − "
                             "budget (positive: over budget). EFC = max(budget, total to date) unless set in "
                             "Accounts → EFC Override (shaded).",),), Style(italic=True, color="595959")),
        Block(HEADER_ROW, 1, ((ACCOUNTS.header("account"), ACCOUNTS.header("name"),
                               *(COST_REPORT_COLUMNS[k] for k in MONEY)),),
              Style(bold=True, fill="D9D9D9", border=True, wrap=True, align="center")),
    ]  # fmt: skip
    overridden: list[tuple[int, int, int, int]] = []
    subtotal_rows: dict[str, int] = {}
    row = HEADER_ROW + 1
    L = LETTER
    for cat in r.categories["category"]:
        accts = r.accounts[r.accounts["category"] == cat]
        ctitle = r.categories.set_index("category").at[cat, "title"]
        blocks.append(Block(row, 1, ((cat, ctitle),), Style(bold=True, fill="DDEBF7")))
        row += 1
        first = row
        values: list[tuple[object, ...]] = []
        for i, a in enumerate(accts.to_dict("records")):
            rr = first + i
            cells: dict[str, object] = {k: float(a[k]) for k in MONEY}
            if formulas:
                cells.update(_identity_formulas(rr))
                if not a["efc_override"]:
                    cells["efc"] = Formula(f"=MAX({L['budget']}{rr},{L['total_to_date']}{rr})")
            if a["efc_override"]:
                overridden.append((rr, COL["efc"], rr, COL["efc"]))
            values.append((a["account"], a["name"], *(cells[k] for k in MONEY)))
        if values:
            blocks.append(Block(first, 1, tuple(v[:2] for v in values), Style(border=True)))
            blocks.append(Block(first, 3, tuple(v[2:] for v in values), money))
        row = first + len(values)
        crow = r.categories.set_index("category").loc[cat]
        if formulas and values:
            sub = tuple(Formula(f"=SUM({L[k]}{first}:{L[k]}{row - 1})") for k in MONEY)
        else:
            sub = tuple(float(crow[k]) for k in MONEY)
        blocks.append(Block(row, 1, ((None, f"Total {ctitle}"),), Style(bold=True, fill="F2F2F2", border=True)))
        blocks.append(Block(row, 3, (sub,), money_bold))
        subtotal_rows[cat] = row
        row += 2

    # Top sheet: above the line, below the line (BTL + post + other), grand total (everything).
    top = r.top.set_index("line")
    groups = {"TOTAL_ATL": ["ATL"], "TOTAL_BTL": ["BTL", "POST", "OTHER"],
              "GRAND_TOTAL": [*CATEGORIES, UNASSIGNED]}  # fmt: skip
    grand_row = row + len(groups) - 1
    for line, cats in groups.items():
        refs = [subtotal_rows[c] for c in cats if c in subtotal_rows]
        if formulas:
            vals = tuple(Formula("=" + ("+".join(f"{L[k]}{x}" for x in refs) if refs else "0")) for k in MONEY)
        else:
            vals = tuple(float(top.at[line, k]) for k in MONEY)
        strong = line == "GRAND_TOTAL"
        blocks.append(Block(row, 1, ((None, TOP_SHEET_TOTALS[line]),),
                            Style(bold=True, border=True, fill="BDD7EE" if strong else "F2F2F2")))
        blocks.append(Block(row, 3, (vals,), Style(number_format=money_format(r.currency), border=True, bold=True,
                                                   fill="BDD7EE" if strong else "F2F2F2")))
        row += 1

    # Largest variances: a small table the chart reads (sorted by size), each figure tied to its account row.
    charts: list[ChartSpec] = []
    big = largest_variances(r)
    if len(big):
        account_row = _account_rows(r, subtotal_rows)
        vrow = grand_row + 3
        blocks.append(Block(vrow, 1, ((f"Largest variances (EFC − budget), top {len(big)}",),), Style(bold=True)))
        blocks.append(Block(vrow + 1, 1, ((ACCOUNTS.header("account"), ACCOUNTS.header("name"),
                                           COST_REPORT_COLUMNS["variance"]),),
                            Style(bold=True, fill="D9D9D9", border=True)))  # fmt: skip
        labels, figures = [], []
        for idx, a in big.iterrows():
            labels.append((a["account"], f"{a['account']} {a['name']}".strip()))
            figures.append((Formula(f"={L['variance']}{account_row[idx]}") if formulas else float(a["variance"]),))
        first = vrow + 2
        last = first + len(big) - 1
        blocks.append(Block(first, 1, tuple(labels), Style(border=True)))
        blocks.append(Block(first, 3, tuple(figures), money))
        charts.append(ChartSpec(
            title="Largest variances (EFC − budget)", anchor=f"{chr(ord('A') + LAST_COL + 1)}"
            f"{HEADER_ROW}", category_col=2, first_row=first, last_row=last,
            series=(ChartSeries(COST_REPORT_COLUMNS["variance"], first, last, 3),), kind="bar",
            number_format=money_format(r.currency), width_cm=18, height_cm=max(7.0, 1.0 + 0.8 * len(big))))
    else:
        blocks.append(Block(grand_row + 3, 1, (("No variances: every account's EFC equals its budget.",),),
                            Style(italic=True, color="595959")))
    formats = (Format(Style(number_format=money_format(r.currency), border=True, fill=OVERRIDE_FILL),
                      tuple(overridden)),) if overridden else ()  # fmt: skip
    widths = {1: 13, 2: 34, **{c: 15 for c in COL.values()}}
    return SheetSpec(name=name, blocks=tuple(blocks), widths=widths, freeze=f"C{HEADER_ROW + 1}", landscape=True,
                     print_title_rows=f"{HEADER_ROW}:{HEADER_ROW}", paper=p.settings.paper_size or "Letter",
                     tab_color="2F75B5", formats=formats, charts=tuple(charts), heights={HEADER_ROW: 30},
                     literal_text=True)  # fmt: skip


def _account_rows(r: CostReport, subtotal_rows: dict[str, int]) -> dict[int, int]:
    """The sheet row of each account (index of ``r.accounts``), as ``cost_sheet`` lays them out."""
    out: dict[int, int] = {}
    for cat, sub in subtotal_rows.items():
        idx = r.accounts.index[r.accounts["category"] == cat]
        first = sub - len(idx)
        out.update({i: first + n for n, i in enumerate(idx)})
    return out


__all__ = ["MONEY", "CostReport", "cost_frame", "cost_report", "cost_sheet", "largest_variances",
           "period"]  # fmt: skip

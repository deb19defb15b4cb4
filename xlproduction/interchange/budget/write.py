"""A production's budget as the exchange file (see ``layout`` for the rows and columns).

Definitions first (settings, currencies, globals, fringes), then the chart in its own order: each topsheet
category (``C``) with the detail lines coded to it, then each account under it (``A``) with its lines; lines on
accounts missing from the chart follow under a ``C`` row of their own; the contractual charges close the file.
Within an account the lines keep the workbook's order, which is the order fringe cutoffs are reached in.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

import pandas as pd

from ...model import budget as B
from ...model.contract import SETTINGS_BY_KEY, global_column
from ...model.production import Production
from .layout import (
    BOM,
    BUDGET_SETTINGS,
    COLUMNS,
    GLOBALS_COLUMN,
    NEWLINE,
    money_text,
    number_text,
    text_cell,
)

_GLOBAL_LABEL = {"amount": "Amount", "x": "X", "rate": "Rate"}


def _row(**cells: str) -> list[str]:
    """A file row from column name -> text (spaces in names as underscores)."""
    by = {k.replace("_", " ").casefold(): v for k, v in cells.items()}
    return [by.get(c.casefold(), "") for c in COLUMNS]


def _list_text(v: Any) -> str:
    if isinstance(v, tuple | list):
        return ", ".join(text_cell(x) for x in v)
    return text_cell(v)


def _value(v: Any) -> Any:
    return None if v is None or v is pd.NA else v


def _definitions(p: Production, fig: B.BudgetFigures) -> list[list[str]]:
    rows: list[list[str]] = []
    for key in BUDGET_SETTINGS:
        v = p.settings.get(key)
        rows.append(_row(level="SETTING", account=SETTINGS_BY_KEY[key].label,
                         description=number_text(v) if isinstance(v, int | float) else text_cell(v)))  # fmt: skip
    if "Currencies" in p.tables:
        for r in p.df("Currencies").to_dict("records"):
            rows.append(_row(level="CURRENCY", currency=text_cell(r["code"]), rate=number_text(_value(r["rate"])),
                             description=text_cell(r.get("description"))))  # fmt: skip
    if "Globals" in p.tables:
        g = p.df("Globals")
        named = g[global_column("value")] if global_column("value") in g else pd.Series(pd.NA, index=g.index)
        for r, other in zip(g.to_dict("records"), named.tolist(), strict=True):
            value = other if isinstance(other, str) else number_text(_value(r["value"]))
            rows.append(_row(level="GLOBAL", account=text_cell(r["name"]), description=text_cell(r.get("description")),
                             amount=text_cell(value), units=text_cell(r.get("link"))))  # fmt: skip
    for r in p.fringes.to_dict("records"):
        rows.append(_row(level="FRINGE", account=text_cell(r["code"]), description=text_cell(r.get("description")),
                         rate=number_text(_value(r.get("percent"))), amount=number_text(_value(r.get("flat"))),
                         units=text_cell(r.get("flat_per")), subtotal=number_text(_value(r.get("cap")))))  # fmt: skip
    return rows


def _charges(fig: B.BudgetFigures, p: Production) -> list[list[str]]:
    if "Charges" not in p.tables:
        return []
    rows = []
    for r, amount in zip(p.df("Charges").to_dict("records"), fig.charges["amount"].tolist(), strict=True):
        rows.append(_row(level="CHARGE", description=text_cell(r["name"]), rate=number_text(_value(r.get("percent"))),
                         fringe_codes=_list_text(r.get("applies_to")), fringe_range=_list_text(r.get("excluding")),
                         account=text_cell(r.get("account")), total=money_text(amount)))  # fmt: skip
    return rows


def _globals_text(line: dict[str, Any]) -> str:
    return ", ".join(f"{label}={line[global_column(k)]}" for k, label in _GLOBAL_LABEL.items()
                     if isinstance(line.get(global_column(k)), str))  # fmt: skip


def _detail(line: dict[str, Any], scale: float, with_globals: bool) -> list[str]:
    if not line["detail"]:  # a subtotal line: its figure alone, what the importer recomputes and compares
        row = _row(level="S", account=text_cell(line["account"]), description=text_cell(line["description"]),
                   total=money_text(line["total"] * scale))  # fmt: skip
        return [*row, ""] if with_globals else row
    row = _row(level="D", account=text_cell(line["account"]), description=text_cell(line["description"]),
               amount=number_text(line["amount_value"]), units=text_cell(line.get("units")),
               x=number_text(line["x_value"]), currency=text_cell(line.get("currency")),
               rate=number_text(line["rate_value"]), subtotal=money_text(line["subtotal"]),
               fringe_codes=_list_text(line.get("fringe_codes")), fringe_range=text_cell(line.get("fringe_range")),
               group=text_cell(line.get("group")), location=text_cell(line.get("location")),
               set=text_cell(line.get("set")), total=money_text(line["total"] * scale))  # fmt: skip
    return [*row, _globals_text(line)] if with_globals else row


def write_budget_file(p: Production, *, details_only: bool = False, currency: str | None = None) -> str:
    """The exchange file's text (with its byte-order mark, CRLF lines). ``details_only`` leaves out the definition
    rows, the subtotal lines and the Globals column, for systems that load detail lines alone; ``currency`` keeps
    only the detail lines in that currency, their totals in it (one currency per file, as TPH Eclipse loads them)."""
    fig = B.budget_figures(p)
    lines = fig.lines
    base = B.fold(fig.context.base_currency)
    scale_of = pd.Series(1.0, index=lines.index)
    if currency is not None:
        want = B.fold(currency)
        codes = [B.fold(c) or base for c in lines.get("currency", pd.Series([None] * len(lines))).tolist()]
        # A subtotal line sums lines of every currency: a one-currency file leaves it out.
        keep = [c == want and bool(d) for c, d in zip(codes, lines["detail"].tolist(), strict=True)]
        lines = lines[keep]
        rate = 1.0 if want == base else fig.context.currencies.get(want, float("nan"))
        scale_of = pd.Series(1.0 / rate if rate else float("nan"), index=lines.index)
    with_globals = not details_only
    if details_only:  # systems that load detail lines alone would add a subtotal line to its lines
        lines = lines[lines["detail"].to_numpy(dtype=bool)]
        scale_of = scale_of[lines.index]
    records = lines.to_dict("records")
    by_account: dict[str, list[int]] = {}
    for i, r in enumerate(records):
        by_account.setdefault(B.fold(r["account"]), []).append(i)

    def total_of(indexes: Iterable[int]) -> str:
        return money_text(sum(float(records[i]["total"]) * float(scale_of.iloc[i]) for i in indexes
                              if records[i]["detail"]))  # fmt: skip

    out: list[list[str]] = [[*COLUMNS, GLOBALS_COLUMN] if with_globals else list(COLUMNS)]
    if not details_only:
        out += _definitions(p, fig)
    chart = p.accounts.drop_duplicates("account")
    chart = chart[[bool(B.fold(a)) for a in chart["account"].tolist()]]
    parent_of = {B.fold(a): B.fold(par) for a, par in zip(chart["account"].tolist(),
                                                          chart.get("parent", pd.Series([None] * len(chart))).tolist(),
                                                          strict=True)}  # fmt: skip
    in_chart = set(parent_of)
    children: dict[str, list[dict[str, Any]]] = {}
    tops: list[dict[str, Any]] = []
    for acc in chart.to_dict("records"):
        par = parent_of[B.fold(acc["account"])]
        if par and par in in_chart and par != B.fold(acc["account"]):
            children.setdefault(par, []).append(acc)
        else:
            tops.append(acc)

    def header(level: str, acc: dict[str, Any], indexes: list[int]) -> list[str]:
        row = _row(level=level, account=text_cell(acc["account"]), description=text_cell(acc.get("name")),
                   units=text_cell(acc.get("category")), total=total_of(indexes))  # fmt: skip
        return [*row, ""] if with_globals else row

    def details(indexes: list[int]) -> list[list[str]]:
        return [_detail(records[i], float(scale_of.iloc[i]), with_globals) for i in indexes]

    for top in tops:
        k = B.fold(top["account"])
        own = by_account.get(k, [])
        kids = children.get(k, [])
        under = own + [i for kid in kids for i in by_account.get(B.fold(kid["account"]), [])]
        out.append(header("C", top, under))
        out += details(own)
        for kid in kids:
            mine = by_account.get(B.fold(kid["account"]), [])
            out.append(header("A", kid, mine))
            out += details(mine)
    for k, indexes in by_account.items():
        if k not in in_chart:
            out.append(header("C", {"account": records[indexes[0]]["account"]}, indexes))
            out += details(indexes)
    if not details_only:
        out += [[*r, ""] for r in _charges(fig, p)]
    return BOM + NEWLINE.join("\t".join(r) for r in out) + NEWLINE

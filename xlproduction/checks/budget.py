"""Budget rules for what Movie Magic budgets carry beyond lines: fringe ranges and cutoffs, globals, currencies,
contractual charges and the chart's account codes.

A budget built like one in Movie Magic computes through names and tables a typo can break silently: a global
nobody defined (#N/A on every line using it), a currency without a rate, a contractual charge on a category that
is not in the chart, a fringe range that mixes two people under one cutoff. These rules find those before finance
does. The arithmetic is ``xlproduction.model.budget``'s, the same as the workbook's formulas.
"""

from __future__ import annotations

import math
from collections import Counter
from collections.abc import Iterator
from typing import Any

import numpy as np
import pandas as pd

from ..model import budget as B
from ..model.contract import BUDGET, CATEGORIES, SUBTOTAL, global_column
from ..model.findings import Finding, Severity
from ..model.production import Production
from .locate import at_rows
from .money import _line_name, _links, money
from .registry import rule

NUMBER_COLUMNS = ("amount", "x", "rate")


def _figures(p: Production) -> B.BudgetFigures:
    return B.budget_figures(p)


def _has(p: Production, table: str) -> bool:
    t = p.tables.get(table)
    return t is not None and not t.df.empty


# --- fringe ranges and cutoffs ---------------------------------------------------------------------------------


@rule("BU013", "fringe-range-mixed-people", "The lines of one Fringe Range are linked to different people.",
      Severity.WARNING, tables=("Budget",))
def fringe_range_mixed_people(p: Production) -> Iterator[Finding]:
    """
    **What it does.** Groups the budget lines by Fringe Range (case-insensitive) and compares the people their
    Schedule Links name (`cast <ID>`, `crew <Name>`). A range whose lines name more than one person is reported on
    every line naming someone other than the range's first person.

    **Why it matters.** A fringe range is one person's pay across prep, shoot and wrap: its cutoffs (FICA's wage
    base, state unemployment) apply to the range's total. Two people in one range share one cap, so the second
    person's payroll taxes are under-budgeted.

    **Example.** `UPM - prep` (crew Uma Manager) and `1st AD - shoot` (crew Adam First) both carry range `UPM`.

    **Fix.** Give each person's lines their own Fringe Range key (e.g. their name), or correct the Schedule Link.
    """
    b = p.budget
    if "fringe_range" not in b or b["fringe_range"].isna().all():
        return
    links = _links(p)
    ranges = [B.fold(v) for v in b["fringe_range"].tolist()]
    people = [f"{k}:{B.fold(t)}" if isinstance(k, str) and k in ("cast", "crew") else None
              for k, t in zip(links["kind"].tolist(), links["target"].tolist(), strict=True)]  # fmt: skip
    first: dict[str, tuple[str, Any]] = {}
    bad = np.zeros(len(b), dtype=bool)
    firsts: list[Any] = [None] * len(b)
    for i, (r, who) in enumerate(zip(ranges, people, strict=True)):
        if not r or who is None:
            continue
        if r not in first:
            first[r] = (who, links["target"].iloc[i])
        elif first[r][0] != who:
            bad[i] = True
            firsts[i] = first[r][1]
    rows = b[bad].assign(first=[f for f, x in zip(firsts, bad, strict=True) if x],
                         who=links["target"][bad].to_numpy())  # fmt: skip
    yield from at_rows(
        p, fringe_range_mixed_people.info, "Budget", rows, "fringe_range",
        lambda r: f"{_line_name(r)} is in fringe range '{r['fringe_range']}' with {r['first']}'s lines, but it is "
                  f"linked to {r['who']}: the range's fringe cutoffs would cap both people's pay together.",
        "Give each person's lines their own Fringe Range key, or correct the Schedule Link.")


@rule("BU014", "fringe-cutoff-reached", "A person's pay across a fringe range reaches a fringe's cutoff on this "
      "line.", Severity.INFO, tables=("Budget",))
def fringe_cutoff_reached(p: Production) -> Iterator[Finding]:
    """
    **What it does.** For the lines of a Fringe Range (one person's prep, shoot and wrap), finds, for every fringe
    with a Cap the line lists, the line where the range's running pay in line order first reaches the cap. From
    there on the percentage is no longer charged on the range's later lines. (A line without a range is capped on
    its own; that is not reported.)

    **Why it matters.** It explains a budget: why the wrap weeks of a producer carry no FICA, or why a line's
    fringes are lower than its neighbours'. Nothing is wrong; the information is there to be read.

    **Example.** SUI caps at 7,000: the UPM's prep weeks pay 6,000, so the cutoff is reached on `UPM - shoot`.

    **Fix.** Nothing to fix. If the cutoff should not apply, check the fringe's Cap and the line's Fringe Range.
    """
    fig = _figures(p)
    lines = fig.lines
    fr = p.fringes
    if lines.empty or fr.empty or "cap" not in fr:
        return
    cap = fr["cap"].astype("Float64").fillna(0).to_numpy(dtype="float64")
    if not (cap > 0).any():
        return
    codes = [B.fold(c) for c in fr["code"].tolist()]
    index = {c: j for j, c in enumerate(codes) if c}
    in_range = [bool(B.fold(v)) for v in lines["fringe_range"].tolist()] if "fringe_range" in lines \
        else [False] * len(lines)  # fmt: skip
    cum = lines["range_to_date"].to_numpy(dtype="float64")
    prev = cum - lines["base_subtotal"].to_numpy(dtype="float64")
    reached: list[list[str]] = [[] for _ in range(len(lines))]
    for i, listed in enumerate(lines["fringe_codes"].tolist()):
        if not in_range[i]:
            continue
        for c in dict.fromkeys(B.fold(x) for x in (listed or ())):
            j = index.get(c)
            if j is not None and cap[j] > 0 and prev[i] < cap[j] <= cum[i] + 1e-9:
                reached[i].append(f"{fr['code'].iloc[j]} ({money(p, cap[j])})")
    mask = np.array([bool(r) for r in reached], dtype=bool)
    rows = lines[mask].assign(reached=[", ".join(r) for r, m in zip(reached, mask, strict=True) if m])

    def message(r: dict[str, Any]) -> str:
        return (f"{_line_name(r)}: the pay of fringe range '{r['fringe_range']}' comes to "
                f"{money(p, r['range_to_date'])} with this line, reaching the cutoff of {r['reached']}; the range's "
                f"later pay owes none of it.")

    yield from at_rows(p, fringe_cutoff_reached.info, "Budget", rows, "fringe_codes", message,
                       "Nothing to fix; check the fringe's Cap and the line's Fringe Range if the cutoff should "
                       "not apply.")


# --- globals ----------------------------------------------------------------------------------------------------


def _used_names(p: Production) -> pd.DataFrame:
    """One row per (line, column) holding a global's name: the line, ``col`` and ``name``."""
    b = p.budget
    parts = []
    for col in NUMBER_COLUMNS:
        g = global_column(col)
        if g in b:
            used = b[b[g].notna()]
            if len(used):
                parts.append(used.assign(col=col, name=used[g].astype(str)))
    return pd.concat(parts) if parts else b.iloc[:0].assign(col="", name="")


@rule("BU015", "global-not-defined", "A budget line uses a global that the Globals table does not define.",
      tables=("Budget",))
def global_not_defined(p: Production) -> Iterator[Finding]:
    """
    **What it does.** Reads the global names typed in budget lines' Amount, X and Rate (e.g. `SHOOT_WEEKS`) and
    looks each up in the Globals table, case-insensitively, as the line's formula does.

    **Why it matters.** The line's formula cannot find the name: Excel shows #N/A in the line, its account, the top
    sheet and the cost report until the global is defined.

    **Example.** `Grip package` has Amount `SHOOT_WEKS`; the Globals table defines `SHOOT_WEEKS`.

    **Fix.** Correct the name in the line, or add the global (Name and Value) to the Globals table.
    """
    used = _used_names(p)
    if used.empty:
        return
    defined = set(B.context_of(p).globals)
    for col in NUMBER_COLUMNS:
        rows = used[(used["col"] == col) & ~used["name"].map(lambda n: B.fold(n) in defined)]
        yield from at_rows(
            p, global_not_defined.info, "Budget", rows, col,
            lambda r: f"{_line_name(r)}: {r['col'].capitalize() if r['col'] != 'x' else 'X'} is the global "
                      f"'{r['name']}', which the Globals table does not define: the line shows #N/A.",
            lambda r: f"Correct '{r['name']}' or add it to the Globals table with its value.")


def _chain_end(name: str, values: dict[str, Any]) -> str | None:
    """Following a global's value through the names it holds: None when the chain comes back on itself."""
    seen = {name}
    cur = values.get(name)
    while isinstance(cur, str):
        k = B.fold(cur)
        if k in seen:
            return None
        seen.add(k)
        cur = values.get(k)
    return "end"


@rule("BU016", "global-without-value", "A global the budget uses is blank, zero, or names another global.",
      tables=("Globals",))
def global_without_value(p: Production) -> Iterator[Finding]:
    """
    **What it does.** For every global that budget lines use, reads its Value in the Globals table: blank (the
    lines count it as 0), zero (every line using it budgets nothing), or the name of another global — which the
    lines cannot compute, and which is circular when the names lead back to it.

    **Why it matters.** A global multiplies every line that uses it: a blank or zero global silently removes
    those lines from the budget; a chained or circular one turns them into errors.

    **Example.** `SHOOT_WEEKS` is blank while twelve lines use it as their Amount.

    **Fix.** Type the number in Value (for a schedule-driven global, the figure the schedule gives).
    """
    if not _has(p, "Globals"):
        return
    used = {B.fold(n) for n in _used_names(p)["name"]}
    g = p.df("Globals")
    named = g[global_column("value")] if global_column("value") in g else pd.Series(pd.NA, index=g.index)
    values: dict[str, Any] = {}
    for name, v, other in zip(g["name"].tolist(), g["value"].tolist(), named.tolist(), strict=True):
        values.setdefault(B.fold(name), other if isinstance(other, str) else v)
    kinds = []
    for name, v, other in zip(g["name"].tolist(), g["value"].tolist(), named.tolist(), strict=True):
        k = B.fold(name)
        if k not in used:
            kinds.append(None)
        elif isinstance(other, str):
            kinds.append("circular" if _chain_end(k, values) is None else "chained")
        elif v is None or v is pd.NA or (isinstance(v, float) and math.isnan(v)):
            kinds.append("blank")
        elif float(v) == 0:
            kinds.append("zero")
        else:
            kinds.append(None)
    rows = g.assign(kind=kinds, other=named)
    texts = {
        "blank": ("is blank: every budget line using it counts it as 0.", Severity.ERROR),
        "zero": ("is 0: every budget line using it budgets nothing.", Severity.WARNING),
        "chained": ("holds the name of another global, '{other}': a line cannot compute through two globals and "
                    "shows #VALUE!.", Severity.ERROR),
        "circular": ("names '{other}', whose value leads back to it: the globals are circular and every line "
                     "using them shows an error.", Severity.ERROR),
    }  # fmt: skip
    for kind, (text, severity) in texts.items():
        yield from at_rows(
            p, global_without_value.info, "Globals", rows[rows["kind"] == kind], "value",
            lambda r, t=text: f"Global '{r['name']}', used by the budget, " + t.format(other=r["other"]),
            "Type its number in Value (for a schedule-driven global, the figure the schedule gives).",
            severity=severity)


def _schedule_figures(p: Production) -> dict[str, float]:
    """What each Schedule Link of a global counts on the schedule."""
    days = p.days
    n = int(days["day"].dropna().nunique())
    out: dict[str, float] = {"shoot days": n, "shoot weeks": math.ceil(n / 5)}
    loc = days["location"].dropna().astype(str) if "location" in days else pd.Series(dtype=str)
    out["locations"] = len({B.fold(v) for v in loc if B.fold(v)})
    # A stage is a location whose Name says so ("Cole Avenue Stages - Stage 4").
    stages = set()
    if "Locations" in p.tables and len(p.locations):
        for lid, name in zip(p.locations["location_id"].tolist(), p.locations["name"].tolist(), strict=True):
            if "stage" in B.fold(name):
                stages.add(B.fold(lid))
    out["stage days"] = sum(1 for v in days["location"].tolist() if B.fold(v) in stages) \
        if "location" in days else 0  # fmt: skip
    # A night is a shoot day with a NIGHT scene on the stripboard.
    nights = 0
    if "Schedule" in p.tables and "Scenes" in p.tables and len(p.schedule):
        night_scenes = {B.fold(s) for s, dn in zip(p.scenes["scene"].tolist(), p.scenes["day_night"].tolist(),
                                                   strict=True) if dn == "NIGHT"}  # fmt: skip
        nights = len({d for d, s in zip(p.schedule["day"].tolist(), p.schedule["scene"].tolist(), strict=True)
                      if B.fold(s) in night_scenes and d is not None and d is not pd.NA})  # fmt: skip
    out["shoot nights"] = nights
    return out


@rule("BU017", "global-differs-from-schedule", "A schedule-driven global is not what the schedule gives.",
      Severity.WARNING, tables=("Globals",))
def global_differs_from_schedule(p: Production) -> Iterator[Finding]:
    """
    **What it does.** For every global with a Schedule Link, counts what the schedule gives: `shoot days` (shoot
    days in Days), `shoot weeks` (shoot days ÷ 5, rounded up), `shoot nights` (shoot days with a NIGHT scene on
    the stripboard), `locations` (distinct Location IDs of the shoot days), `stage days` (shoot days at a location
    whose Name contains "stage"), and compares it with the global's Value.

    **Why it matters.** Every line using the global follows it: when the schedule grows and the global does not,
    the whole budget is short by the same days everywhere at once.

    **Example.** The schedule has 24 shoot days; `SHOOT_DAYS` still says 22.

    **Fix.** Set the global's Value to the schedule's figure, or clear its Schedule Link if it should not follow.
    """
    if not _has(p, "Globals") or p.days.empty:
        return
    g = p.df("Globals")
    figures = _schedule_figures(p)
    expected = [figures.get(str(link).casefold()) if isinstance(link, str) else None for link in g["link"].tolist()]
    value = g["value"].astype("Float64")
    rows = g.assign(expected=expected)
    bad = [e is not None and not pd.isna(v) and abs(float(v) - e) > 1e-9
           for e, v in zip(expected, value.tolist(), strict=True)]  # fmt: skip
    yield from at_rows(
        p, global_differs_from_schedule.info, "Globals", rows[np.array(bad, dtype=bool)], "value",
        lambda r: f"Global '{r['name']}' follows the {r['link']}: it says {float(r['value']):g} but the schedule "
                  f"gives {r['expected']:g}.",
        lambda r: f"Set Value to {r['expected']:g}, or clear the Schedule Link if it should not follow the schedule.")


# --- currencies, charges, the chart -------------------------------------------------------------------------------


@rule("BU018", "currency-without-rate", "A budget line is in a currency the Currencies table gives no rate for.",
      tables=("Budget",))
def currency_without_rate(p: Production) -> Iterator[Finding]:
    """
    **What it does.** Reads each budget line's Currency: blank or the base currency (Settings → Currency) needs
    nothing; any other needs a row in the Currencies table with a Rate above zero.

    **Why it matters.** Every total is in the base currency: a line whose currency has no rate shows #N/A (not in
    the table) or converts to nothing (a blank rate), and the top sheet is wrong by the whole line.

    **Example.** A second-unit line in `CAD` while the Currencies table lists only `GBP`.

    **Fix.** Add the currency to the Currencies table with its rate to the base currency, or correct the code.
    """
    b = p.budget
    if "currency" not in b or b["currency"].isna().all():
        return
    ctx = B.context_of(p)
    base = B.fold(ctx.base_currency)
    codes = [B.fold(c) for c in b["currency"].tolist()]
    missing = np.array([bool(c) and c != base and c not in ctx.currencies for c in codes], dtype=bool)
    no_rate = np.array([bool(c) and c != base and c in ctx.currencies and not ctx.currencies[c] > 0 for c in codes],
                       dtype=bool)  # fmt: skip
    info = currency_without_rate.info
    yield from at_rows(
        p, info, "Budget", b[missing], "currency",
        lambda r: f"{_line_name(r)} is in {r['currency']}, which the Currencies table does not list: the line "
                  f"shows #N/A.",
        lambda r: f"Add {r['currency']} to the Currencies table with its rate to {ctx.base_currency}, or correct "
                  f"the code.")
    yield from at_rows(
        p, info, "Budget", b[no_rate], "currency",
        lambda r: f"{_line_name(r)} is in {r['currency']}, whose rate in the Currencies table is blank or zero: the "
                  f"line converts to nothing in {ctx.base_currency}.",
        lambda r: f"Type {r['currency']}'s rate to {ctx.base_currency} in the Currencies table.")


@rule("BU019", "charge-on-missing-category", "A contractual charge names a category or account that does not "
      "exist.", tables=("Charges",))
def charge_on_missing_category(p: Production) -> Iterator[Finding]:
    """
    **What it does.** For every contractual charge, checks that each item of Applies To is a category (ATL, BTL,
    POST, OTHER), an account of the chart or a topsheet account, that each item of Excluding is an account of the
    chart, and that the Account it posts to is in the chart.

    **Why it matters.** A charge on a category that does not exist is a percent of nothing: the contingency or
    the bond quietly vanishes from the top sheet and the cost report's EFC. Posted to an account missing from the
    chart, it lands under "Not in the chart of accounts".

    **Example.** Contingency applies to `BTL, PST` (a typo for POST): post production bears no contingency.

    **Fix.** Correct the category or account code, or add the account to the chart.
    """
    if not _has(p, "Charges"):
        return
    c = p.df("Charges")
    chart = {B.fold(a) for a in p.accounts["account"].tolist()} - {""}
    tops = {B.fold(a) for a in p.accounts["parent"].tolist()} - {""} if "parent" in p.accounts else set()
    known = chart | tops | {x.casefold() for x in CATEGORIES}

    def unknown(items: Any, allowed: set[str]) -> list[str]:
        if isinstance(items, str):
            items = (items,)
        return [str(i) for i in (items or ()) if B.fold(i) and B.fold(i) not in allowed]

    rows = c.assign(bad_to=[unknown(v, known) for v in c["applies_to"].tolist()],
                    bad_ex=[unknown(v, chart) for v in c["excluding"].tolist()],
                    bad_acct=[bool(B.fold(a)) and B.fold(a) not in chart for a in c["account"].tolist()])  # fmt: skip
    info = charge_on_missing_category.info
    yield from at_rows(
        p, info, "Charges", rows[rows["bad_to"].map(bool)], "applies_to",
        lambda r: f"Contractual charge '{r['name']}' applies to {', '.join(r['bad_to'])}, which is neither a category "
                  f"({', '.join(CATEGORIES)}) nor an account of the chart: it is a percent of nothing there.",
        "Correct the code, or add the account to the Accounts table.")
    yield from at_rows(
        p, info, "Charges", rows[rows["bad_ex"].map(bool)], "excluding",
        lambda r: f"Contractual charge '{r['name']}' excludes {', '.join(r['bad_ex'])}, which is not an account of "
                  f"the chart.",
        "Correct the account code.")
    yield from at_rows(
        p, info, "Charges", rows[rows["bad_acct"]], "account",
        lambda r: f"Contractual charge '{r['name']}' posts to account {r['account']}, which is not in the chart: the "
                  f"cost report shows it under 'Not in the chart of accounts'.",
        "Post it to an account of the chart (e.g. the Contingency or Insurance account), or add the account.")


@rule("BU020", "account-code-width", "The chart of accounts mixes account codes of different widths.",
      Severity.WARNING, tables=("Accounts",))
def account_code_width(p: Production) -> Iterator[Finding]:
    """
    **What it does.** Measures every account code of the chart (its characters before any `-` detail suffix)
    and reports the codes whose width differs from the width most of the chart uses.

    **Why it matters.** Accounting systems load a budget by account code and need codes of one width: a mix of
    2- and 3-digit, or 3- and 4-digit codes, is rejected or mapped to the wrong accounts (TPH Eclipse asks for
    consistent widths; an "Account Mask" fixes them on their side).

    **Example.** The chart uses `1100`, `2000`, `3200` and one account `510`.

    **Fix.** Pad the code to the chart's width (`0510` or `5100`), and recode its budget lines and actuals.
    """
    a = p.accounts
    codes = [str(v).strip() for v in a["account"].tolist() if B.fold(v)]
    if len(codes) < 2:
        return
    widths = [len(c.split("-", 1)[0]) for c in codes]
    common, _ = Counter(widths).most_common(1)[0]
    rows = a[[bool(B.fold(v)) and len(str(v).strip().split("-", 1)[0]) != common for v in a["account"].tolist()]]
    yield from at_rows(
        p, account_code_width.info, "Accounts", rows, "account",
        lambda r: f"Account {r['account']} is {len(str(r['account']).strip().split('-', 1)[0])} characters wide "
                  f"where the chart's codes are {common}: accounting systems need codes of one width.",
        f"Pad the code to {common} characters, and recode its budget lines and actuals.")


# --- subtotal lines ---------------------------------------------------------------------------------------------

# What a subtotal line ignores, with the value the reader gives a blank cell (None: blank is empty).
_IGNORED_ON_SUBTOTALS = {"amount": 1.0, "x": 1.0, "rate": 0.0, "currency": None, "fringe_codes": None}


def _typed(v: Any, blank: Any) -> bool:
    if v is None or v is pd.NA or (isinstance(v, float) and math.isnan(v)):
        return False
    if isinstance(v, tuple | list):
        return bool(v)
    if isinstance(v, str):
        return bool(v.strip())
    return blank is None or float(v) != blank


@rule("BU021", "subtotal-line-with-figures", "A subtotal line has an Amount, X, Rate, Currency or Fringe Codes "
      "typed, which it ignores.", Severity.WARNING, tables=("Budget",))
def subtotal_line_with_figures(p: Production) -> Iterator[Finding]:
    """
    **What it does.** Reads each budget line whose Line Type is `Subtotal` and looks for an Amount, X, Rate,
    Currency or Fringe Codes typed on it (a global's name counts).

    **Why it matters.** A subtotal line only totals its account's detail lines since the previous subtotal line:
    whatever is typed on it is ignored, so a cost typed there — often a detail line whose Line Type was changed by
    mistake — is missing from the budget.

    **Example.** `Shoot subtotal` with Rate 5,200 and Fringe Codes `DGA`.

    **Fix.** Clear those cells, or set Line Type back to `Detail` if the line is a cost.
    """
    b = p.budget
    if "line_type" not in b:
        return
    sub = b["line_type"].astype("string").str.casefold().eq(SUBTOTAL.casefold()).fillna(False).to_numpy(dtype=bool)
    if not sub.any():
        return
    first: list[str | None] = []
    for i in range(len(b)):
        hit = None
        if sub[i]:
            for k, blank in _IGNORED_ON_SUBTOTALS.items():
                names = b.get(global_column(k), None)
                if k in b and (_typed(b[k].iat[i], blank) or (names is not None and _typed(names.iat[i], None))):
                    hit = k
                    break
        first.append(hit)
    flagged = b.assign(_first=first)
    flagged = flagged[flagged["_first"].notna()]
    for column in _IGNORED_ON_SUBTOTALS:
        rows = flagged[flagged["_first"] == column]
        header = BUDGET.column(column).header
        yield from at_rows(
            p, subtotal_line_with_figures.info, "Budget", rows, column,
            lambda r, header=header: f"{_line_name(r)} is a subtotal line with its {header} "
                      "typed, which it ignores: it only totals its account's detail lines above it.",
            "Clear Amount, X, Rate, Currency and Fringe Codes on the subtotal line, or set its Line Type back to "
            "Detail if it is a cost.")


RULES = (fringe_range_mixed_people, fringe_cutoff_reached, global_not_defined, global_without_value,
         global_differs_from_schedule, currency_without_rate, charge_on_missing_category,
         account_code_width, subtotal_line_with_figures)  # fmt: skip

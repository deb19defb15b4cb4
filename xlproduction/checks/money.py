"""Budget and actuals rules: where the budget, the schedule and the accounting disagree.

The budget is formulas over inputs, the schedule decides how many days people are paid for, and accounting
posts costs and raises purchase orders against the chart of accounts. Finance trusts the top sheet and the
cost report only if the three agree, so these rules compare them:

- the chart and the lines themselves (BU001, BU002, BU009, BU010);
- the lines tied to the schedule by their Schedule Link ('shoot days', 'cast <ID>', 'crew <Name>') against
  the Days, Cast and Crew tables (BU003–BU006), and whole accounts against what the schedule costs (BU011,
  BU012);
- figures Excel cached in the file against the same arithmetic done in Python by ``xlproduction.model.budget``: a
  difference means a formula was typed over (BU007, BU008). A file written by openpyxl carries no cached
  values; those rules then have nothing to compare and stay silent;
- actuals and purchase orders against accounts and budgets (AC…).

Statuses of actuals, as the cost report reads them: **Posted** and **Closed PO** are cost to date (a closed PO
has been invoiced and paid in full), **Open PO** is a commitment still to be paid, **Void** counts for nothing.

Everything is vectorised over the tables (actuals may have 100,000 rows); Python loops only run over the few
flagged rows to build findings. Amounts in messages carry the workbook's currency.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from typing import Any

import numpy as np
import pandas as pd

from ..model import budget as B
from ..model.contract import SUBTOTAL
from ..model.dood import work_and_hold_by_key
from ..model.findings import Finding, Severity
from ..model.numformats import excel_round, money_text
from ..model.production import ROW, Production, derived
from ..model.textkeys import id_key
from .facts import column_key, column_name_key, key_set, name_key_one, name_keys
from .locate import at_rows
from .people import crew_shoot_days, name_key
from .registry import rule

# A chart-of-accounts code: four digits (1400), optionally a detail suffix after a hyphen (1401-02). Charts differ
# by studio; a studio using another scheme ignores BU001 in Settings (Ignore Rules).
ACCOUNT_CODE = re.compile(r"\d{4}(?:-\d{2,4})?")

# Schedule Link grammar: 'shoot days' | 'cast <Cast ID>' (or 'cast #3') | 'crew <Name as in the Crew table>'.
_LINK = re.compile(
    r"^\s*(?:(?P<shoot>shoot[\s-]*days?)|cast(?:\s*#\s*|\s+)(?P<cast>\S+)|crew\s+(?P<crew>\S.*?))\s*$",
    re.IGNORECASE,
)

CENT = 0.01  # money differences up to a cent are rounding, not mistakes
_EPS = 1e-9  # for counts of days and rates compared exactly

COST_TO_DATE = ("Posted", "Closed PO")
COMMITMENT = "Open PO"
VOID = "Void"

_SYMBOLS = {"USD": "$", "EUR": "€", "GBP": "£", "CAD": "CA$", "AUD": "A$", "NZD": "NZ$", "JPY": "¥", "INR": "₹",
            "CHF": "CHF ", "ZAR": "R", "MXN": "MX$"}  # fmt: skip


# --- shared helpers ------------------------------------------------------------------------------------------


def _blank(v: Any) -> bool:
    """A missing value as it reaches a message: None, NA, NaN or NaT (``to_dict`` gives None for NA text)."""
    return v is None or v is pd.NA or v is pd.NaT or (isinstance(v, float) and np.isnan(v))


def _text(v: Any, blank: str = "(blank)") -> str:
    return blank if _blank(v) else str(v)


def money(p: Production, x: Any) -> str:
    """An amount as a coordinator reads it in this workbook's currency: $1,250.00, -€80.00, 1,250.00 SEK."""
    if _blank(x):
        return "(blank)"
    code = str(p.settings.currency or "USD").strip().upper()
    v = excel_round(float(x))
    sign = "-" if v < 0 else ""
    sym = _SYMBOLS.get(code)
    body = money_text(abs(v))
    return f"{sign}{sym}{body}" if sym is not None else f"{sign}{body} {code}"


def _gap(p: Production, shown: float, expected: float) -> str:
    """'$1,000.00 less' / '$250.00 more': how far a shown figure is from what it should be."""
    d = float(shown) - float(expected)
    return f"{money(p, abs(d))} {'more' if d > 0 else 'less'}"


def _num(x: Any) -> str:
    """A count or factor without noise: 3, 2.5."""
    if _blank(x):
        return "(blank)"
    return f"{float(x):g}"


def key(s: pd.Series) -> pd.Series:
    """An identifier as Excel's lookups match it: trimmed and case-insensitive."""
    return id_key(s)


def _differs(a: pd.Series, b: pd.Series, tol: float = _EPS) -> pd.Series:
    """True where both are known and differ by more than ``tol`` (a blank is another rule's business)."""
    d = (a.astype("Float64") - b.astype("Float64")).abs() > tol
    return d.fillna(False).astype(bool)


def cached_numbers(s: pd.Series) -> tuple[pd.Series, pd.Series]:
    """A formula column as cached in the file: (numbers, with NA where nothing numeric is cached; text mask).

    The text mask marks cells holding text that is not an Excel error (#VALUE!…): something typed over a
    formula. Errors are left to the rules that report their cause (an unreadable input)."""
    obj = s.astype("object")
    is_bool = obj.map(lambda v: isinstance(v, bool | np.bool_))
    nums = pd.to_numeric(obj.where(~is_bool), errors="coerce").astype("Float64")
    text = obj.astype("string").str.strip()
    is_text = obj.notna() & nums.isna() & ~is_bool & text.notna() & (text != "") & ~text.str.startswith("#")
    return nums, is_text.fillna(False).astype(bool)


@derived
def _lines(p: Production) -> pd.DataFrame:
    """Budget lines with every formula column recomputed from inputs, and an account key."""
    lines = B.budget_figures(p).lines
    lines["acct"] = column_key(p, "Budget", "account")  # the lines keep the Budget table's index
    return lines


@derived
def _accounts(p: Production) -> pd.DataFrame:
    """The chart of accounts with an account key (first row of a duplicated account; the reader reports it)."""
    a = p.accounts.copy()
    a["acct"] = key(a["account"])
    return a[a["acct"].notna()].drop_duplicates("acct")


def parse_links(b: pd.DataFrame) -> pd.DataFrame:
    """Per budget line: ``kind`` ('shoot', 'cast', 'crew', 'bad' for text not understood, NA when blank) and
    ``target`` (the cast ID or crew name as typed)."""
    link = b["link"].astype("string")
    # A budget repeats a few links ('shoot days', 'cast 3') over many lines: the pattern runs once per distinct
    # link and the answers are spread back over the lines.
    codes, uniques = pd.factorize(link)
    found = pd.Series(uniques, dtype="string").str.extract(_LINK)
    ex = pd.DataFrame({c: found[c].array.take(codes, allow_fill=True) for c in found.columns}, index=b.index)
    kind = pd.Series(pd.NA, index=b.index, dtype="string")
    kind = kind.mask(link.notna(), "bad")
    kind = kind.mask(ex["shoot"].notna(), "shoot").mask(ex["cast"].notna(), "cast").mask(ex["crew"].notna(), "crew")
    target = ex["cast"].fillna(ex["crew"]).astype("string")
    return pd.DataFrame({"kind": kind, "target": target}, index=b.index)


@derived
def _links(p: Production) -> pd.DataFrame:
    """``parse_links`` of the Budget table (four rules read the links)."""
    return parse_links(p.budget)


def _linked(p: Production, kind: str) -> pd.DataFrame:
    b = p.budget
    lk = _links(p)
    out = b[lk["kind"] == kind].copy()
    out["target"] = lk.loc[out.index, "target"]
    return out


@derived
def _work_and_hold(p: Production) -> pd.DataFrame:
    """Work and hold days per cast key (case-folded cast ID), from ``dood.work_and_hold``.

    A workbook in early prep has a budget but no stripboard yet: then nobody works, and nothing is asked of the
    schedule code."""
    if p.schedule.empty or p.scenes.empty or p.days.empty:
        return pd.DataFrame({"work": pd.Series(dtype="int64"), "hold": pd.Series(dtype="int64")},
                            index=pd.Index([], dtype="string", name="ck"))  # fmt: skip
    # Per key straight from the DOOD's matrices (what grouping ``dood.work_and_hold`` by key gives).
    return work_and_hold_by_key(p)


def _all_codes_valid(accounts: pd.Series) -> bool:
    """True when every non-blank account is text in the chart's code pattern (judged once per distinct code)."""
    for v in accounts.unique():
        if v is None or v is pd.NA or (isinstance(v, float) and v != v):
            continue
        if not isinstance(v, str) or ACCOUNT_CODE.fullmatch(v) is None:
            return False
    return True


def _known_differs(a: np.ndarray, b: np.ndarray, tol: float = _EPS) -> bool:
    """Whether ``_differs`` flags any row, on float arrays (NaN for blank)."""
    with np.errstate(invalid="ignore"):
        return bool((np.abs(a - b) > tol).any())


def _floats(s: pd.Series) -> np.ndarray:
    """A numeric column as floats, NaN for blank (as ``_differs`` reads it)."""
    return s.astype("Float64").to_numpy(dtype="float64", na_value=np.nan)


def _shoot_day_count(p: Production) -> int:
    return int(p.days["day"].dropna().nunique())


def _line_name(r: dict[str, Any]) -> str:
    return f"Budget line '{_text(r['description'], '(no description)')}' (account {_text(r['account'])})"


def _account_name(r: dict[str, Any]) -> str:
    name = r.get("name")
    return f"Account {r['account']}" + ("" if _blank(name) else f" ({name})")


# --- budget: the chart and the lines --------------------------------------------------------------------------


@rule("BU001", "account-code-malformed", "An account code does not look like a chart-of-accounts code.",
      tables=("Accounts", "Budget"))
def account_code_malformed(p: Production) -> Iterator[Finding]:
    """
    **What it does.** Checks every Account in the Accounts and Budget tables against the chart's code pattern:
    four digits (`1400`), optionally followed by a hyphen and 2–4 digits for a detail account (`1401-02`).

    **Why it matters.** A code like `14OO` (letter O), `140` or `14 00` slips past lookups: the line lands in no
    category on the top sheet, and accounting cannot post against it.

    **Example.** The Accounts table lists `32OO` for Camera; the Budget has a line in `320`.

    **Fix.** Retype the code with digits only, as in the studio's chart. A studio whose chart uses another
    scheme can turn this rule off with `Ignore Rules: BU001` in Settings.
    """
    info = account_code_malformed.info
    for table in ("Accounts", "Budget"):
        df = p.df(table)
        if _all_codes_valid(df["account"]):
            continue
        acct = df["account"].astype("string")
        bad = df[acct.notna() & ~acct.str.fullmatch(ACCOUNT_CODE.pattern).fillna(False).astype(bool)]
        what: Callable[[dict[str, Any]], str] = (
            (lambda r: f"{_account_name(r)} in the chart") if table == "Accounts"
            else (lambda r: f"{_line_name(r)} is in an account that"))  # fmt: skip
        yield from at_rows(p, info, table, bad, "account",
                           lambda r, w=what: f"{w(r)} does not look like an account code (four digits, e.g. 1400, "
                                             f"or 1401-02).",
                           "Retype the code with digits only (no letter O for a zero, no spaces), as in the "
                           "studio's chart of accounts.")


@rule("BU002", "budget-line-duplicated", "The same account and description appear on two budget lines.",
      Severity.WARNING, tables=("Budget",))
def budget_line_duplicated(p: Production) -> Iterator[Finding]:
    """
    **What it does.** Looks for budget lines with the same account and the same description (ignoring case
    and spacing), and reports every repeat after the first.

    **Why it matters.** A line pasted twice budgets the same cost twice; the top sheet looks fine and the
    budget is quietly too high.

    **Example.** Account 3200 has `Camera package` on rows 8 and 15.

    **Fix.** Delete the repeated line, or make the descriptions say what differs (`Camera package — 2nd unit`).
    """
    b = p.budget
    if not _maybe_duplicated_lines(p):
        return
    k = key(b["account"]) + "|" + name_key(b["description"])
    if "line_type" in b:  # subtotal lines may all read "Subtotal": they budget nothing themselves
        k = k.mask(b["line_type"].astype("string").str.casefold().eq(SUBTOTAL.casefold()).fillna(False))
    dup = k.notna() & k.duplicated(keep="first")
    if not dup.any():
        return
    first = b[ROW].groupby(k).transform("first")
    bad = b.assign(first_row=first)[dup]
    yield from at_rows(p, budget_line_duplicated.info, "Budget", bad, "description",
                       lambda r: f"{_line_name(r)} repeats the line on row {r['first_row']}.",
                       "Delete the repeated line, or make the descriptions say what differs.")


def _maybe_duplicated_lines(p: Production) -> bool:
    """False only when no two budget lines share their account key and description name key."""
    seen: set[str] = set()
    for acct, name in zip(column_key(p, "Budget", "account").tolist(), name_keys(p.budget["description"]),
                          strict=True):  # fmt: skip
        if acct is pd.NA or name is None:
            continue
        k = f"{acct}|{name}"  # the rule's key, separator included
        if k in seen:
            return True
        seen.add(k)
    return False


@rule("BU009", "fringe-inputs-invalid", "A fringe's percent is outside 0–100 %, or its flat amount or cap is "
      "negative.", tables=("Fringes",))
def fringe_inputs_invalid(p: Production) -> Iterator[Finding]:
    """
    **What it does.** Checks each Fringes row: Percent between 0 % and 100 %, Flat and Cap not negative.

    **Why it matters.** Every line with the code is fringed from these figures; a percent typed as `62`
    instead of `6.2 %` multiplies the payroll taxes tenfold across the budget.

    **Example.** FICA has Percent `620%`; a cap of `-10,000`.

    **Fix.** Type percentages with a % sign (`6.2%`); type caps and flat amounts as positive amounts (a cap of
    0 means no cap).
    """
    f = p.fringes
    with np.errstate(invalid="ignore"):
        pct_f = _floats(f["percent"])
        if not ((pct_f < 0) | (pct_f > 1) | (_floats(f["flat"]) < 0) | (_floats(f["cap"]) < 0)).any():
            return
    info = fringe_inputs_invalid.info
    pct = f["percent"].astype("Float64")
    bad = f[((pct < 0) | (pct > 1)).fillna(False).astype(bool)]
    yield from at_rows(p, info, "Fringes", bad, "percent",
                       lambda r: f"Fringe {r['code']} has a Percent of {float(r['percent']) * 100:g}%, outside "
                                 f"0–100%.",
                       "Type the percentage with a % sign, e.g. 6.2% (a bare 6.2 also reads as 6.2%).")
    for col, label, hint in (("flat", "Flat amount", "Type the flat amount added per line as a positive amount "
                                                     "(0 for none)."),
                             ("cap", "Cap", "Type the cap as a positive amount (0 means no cap).")):
        neg = f[(f[col].astype("Float64") < 0).fillna(False).astype(bool)]
        yield from at_rows(p, info, "Fringes", neg, col,
                           lambda r, c=col, lab=label: f"Fringe {r['code']} has a negative {lab} "
                                                       f"({money(p, r[c])}).",
                           hint)


@rule("BU010", "negative-budget-line", "A budget line has a negative Amount, X or Rate.", Severity.WARNING,
      tables=("Budget",))
def negative_budget_line(p: Production) -> Iterator[Finding]:
    """
    **What it does.** Reports negative values in a budget line's Amount, X or Rate.

    **Why it matters.** A minus sign typed by mistake subtracts the line from its account, and the account
    looks cheaper than it is.

    **Example.** `Key grip` has Rate `-500`.

    **Fix.** Remove the minus sign. For a deliberate credit (a rebate, a tax incentive), keep it and add
    `noqa: BU010` to the line's Notes.
    """
    b = p.budget
    info = negative_budget_line.info
    for col, header in (("amount", "Amount"), ("x", "X"), ("rate", "Rate")):
        with np.errstate(invalid="ignore"):
            if not (_floats(b[col]) < 0).any():
                continue
        neg = b[(b[col].astype("Float64") < 0).fillna(False).astype(bool)]
        shown = (lambda r, c=col: money(p, r[c])) if col == "rate" else (lambda r, c=col: _num(r[c]))
        yield from at_rows(p, info, "Budget", neg, col,
                           lambda r, h=header, s=shown: f"{_line_name(r)} has a negative {h} ({s(r)}).",
                           "Remove the minus sign; for a deliberate credit add 'noqa: BU010' to the line's Notes.")


# --- budget: lines tied to the schedule -----------------------------------------------------------------------


@rule("BU003", "shoot-days-line-mismatch", "A budget line linked to 'shoot days' does not budget the number of "
      "shoot days.", tables=("Budget",))
def shoot_days_line_mismatch(p: Production) -> Iterator[Finding]:
    """
    **What it does.** For every budget line whose Schedule Link is `shoot days`, compares its Amount with the
    number of shoot days in the Days table.

    **Why it matters.** Daily costs (camera package, catering, location fees) follow the schedule: a day added
    to the schedule and not to the budget is a day nobody paid for.

    **Example.** The schedule grew to 24 days; `Camera package` still says 22 Days.

    **Fix.** Set the line's Amount to the number of shoot days, or clear the Schedule Link if the line should
    not follow the schedule.
    """
    n = _shoot_day_count(p)
    shoot = (_links(p)["kind"] == "shoot").fillna(False).to_numpy(dtype=bool)
    # The Amount as the line computes it: a global's name (SHOOT_DAYS) counts as the global's value.
    amounts = _lines(p)["amount_value"]
    if not _known_differs(amounts.to_numpy(dtype="float64")[shoot], np.float64(n)):
        return
    lines = _linked(p, "shoot")
    lines["amount"] = amounts.loc[lines.index]
    bad = lines[_differs(lines["amount"], pd.Series(float(n), index=lines.index))]
    yield from at_rows(p, shoot_days_line_mismatch.info, "Budget", bad, "amount",
                       lambda r: f"{_line_name(r)} is linked to the shoot days: its Amount is {_num(r['amount'])} "
                                 f"but the Days table has {n} shoot day{'s' if n != 1 else ''}.",
                       f"Set Amount to {n}, or clear the Schedule Link if the line should not follow the schedule.")


@rule("BU004", "cast-line-mismatch", "A budget line linked to a cast member disagrees with their scheduled days "
      "or day rate.", tables=("Budget",))
def cast_line_mismatch(p: Production) -> Iterator[Finding]:
    """
    **What it does.** For every budget line whose Schedule Link is `cast <ID>`, compares its Amount with the
    performer's work plus hold days on the stripboard (first to last work day) and its Rate with the Day Rate
    in the Cast table. The Amount cell or the Rate cell that differs is reported.

    **Why it matters.** Cast is the largest daily cost; a performer who gained two work days in the last
    schedule revision is two days over budget before the camera rolls.

    **Example.** Cast 1 works days 1, 2 and 5 (3 work + 2 hold days), but `MAYA - Ana Example` budgets 3 Days.

    **Fix.** Set Amount to the work + hold days and Rate to the Day Rate shown in the message, or correct the
    Cast table's Day Rate if the deal changed.
    """
    info = cast_line_mismatch.info
    if not _maybe_cast_line_mismatch(p):
        return
    lines = _linked(p, "cast")
    if lines.empty:
        return
    lines["ck"] = key(lines["target"])
    cast = p.cast.assign(ck=key(p.cast["cast_id"]))
    cast = cast[cast["ck"].notna()].drop_duplicates("ck")[["ck", "cast_id", "character", "day_rate"]]
    wh = _work_and_hold(p)
    m = lines.merge(cast, on="ck", how="inner", suffixes=("", "_cast"))  # unknown IDs: BU006
    m["work"] = m["ck"].map(wh["work"]).fillna(0).astype("int64")
    m["hold"] = m["ck"].map(wh["hold"]).fillna(0).astype("int64")
    m["days"] = (m["work"] + m["hold"]).astype("float64")

    def who(r: dict[str, Any]) -> str:
        return f"cast {r['cast_id']} ({r['character']})"

    yield from at_rows(p, info, "Budget", m[_differs(m["amount"], m["days"])], "amount",
                       lambda r: f"{_line_name(r)} is linked to {who(r)}: its Amount is {_num(r['amount'])} but the "
                                 f"schedule has {r['work'] + r['hold']} days ({r['work']} work + {r['hold']} hold).",
                       lambda r: f"Set Amount to {r['work'] + r['hold']}, or correct the Schedule Link.")
    yield from at_rows(p, info, "Budget", m[_differs(m["rate"], m["day_rate"])], "rate",
                       lambda r: f"{_line_name(r)} is linked to {who(r)}: its Rate is {money(p, r['rate'])} but the "
                                 f"Cast table's Day Rate is {money(p, r['day_rate'])}.",
                       lambda r: f"Set Rate to {money(p, r['day_rate'])}, or correct the Day Rate in the Cast table "
                                 f"if the deal changed.")


def _maybe_cast_line_mismatch(p: Production) -> bool:
    """False only when every budget line linked to a known performer has their days as Amount and their Day
    Rate as Rate (or a blank on either side)."""
    lk = _links(p)
    linked = (lk["kind"] == "cast").fillna(False).to_numpy(dtype=bool)
    if not linked.any():
        return False
    ck = key(lk["target"][linked])
    cast = column_key(p, "Cast", "cast_id")
    first = cast[cast.notna()].drop_duplicates()
    at = pd.Index(first).get_indexer(ck)
    known = at >= 0
    if not known.any():
        return False
    rate = _floats(p.cast["day_rate"].loc[first.index])[at[known]]
    b = p.budget[linked][known]
    wh = _work_and_hold(p)
    days = (ck[known].map(wh["work"]).fillna(0).astype("int64") + ck[known].map(wh["hold"]).fillna(0).astype("int64"))
    return _known_differs(_floats(b["amount"]), days.to_numpy(dtype="float64")) or _known_differs(
        _floats(b["rate"]), rate)


@rule("BU005", "crew-line-mismatch", "A budget line linked to a crew member disagrees with their shoot days or "
      "day rate.", tables=("Budget",))
def crew_line_mismatch(p: Production) -> Iterator[Finding]:
    """
    **What it does.** For every budget line whose Schedule Link is `crew <Name>`, compares its Amount with the
    shoot days between the person's Start and End Date (inclusive; every shoot day when both are blank) and
    its Rate with their Day Rate in the Crew table.

    **Why it matters.** Crew are paid for the days they are engaged; a start date moved earlier or a rate
    renegotiated in the deal memo changes the cost, and the budget line has to follow.

    **Example.** The key grip starts a day earlier (4 shoot days) but `Key grip` budgets 3 Days.

    **Fix.** Set Amount and Rate to the figures in the message, or correct the crew member's dates or Day Rate.
    """
    info = crew_line_mismatch.info
    if not _maybe_crew_line_mismatch(p):
        return
    lines = _linked(p, "crew")
    if lines.empty:
        return
    lines["nk"] = name_key(lines["target"])
    crew = p.crew.assign(nk=name_key(p.crew["name"]), days=crew_shoot_days(p).astype("float64"))
    crew = crew[crew["nk"].notna()].drop_duplicates("nk")[["nk", "name", "day_rate", "days"]]
    m = lines.merge(crew, on="nk", how="inner")  # unknown names: BU006
    yield from at_rows(p, info, "Budget", m[_differs(m["amount"], m["days"])], "amount",
                       lambda r: f"{_line_name(r)} is linked to crew member {r['name']}: its Amount is "
                                 f"{_num(r['amount'])} but {r['name']} works {_num(r['days'])} shoot days between "
                                 f"their Start and End Date.",
                       lambda r: f"Set Amount to {_num(r['days'])}, or correct {r['name']}'s Start/End Date in Crew.")
    yield from at_rows(p, info, "Budget", m[_differs(m["rate"], m["day_rate"])], "rate",
                       lambda r: f"{_line_name(r)} is linked to crew member {r['name']}: its Rate is "
                                 f"{money(p, r['rate'])} but the Crew table's Day Rate is {money(p, r['day_rate'])}.",
                       lambda r: f"Set Rate to {money(p, r['day_rate'])}, or correct the Day Rate in the Crew table.")


def _maybe_crew_line_mismatch(p: Production) -> bool:
    """False only when every budget line linked to a known crew member has their shoot days as Amount and their
    Day Rate as Rate (or a blank on either side)."""
    lk = _links(p)
    linked = (lk["kind"] == "crew").fillna(False).to_numpy(dtype=bool)
    if not linked.any():
        return False
    nk = pd.array(name_keys(lk["target"][linked]), dtype="string")
    names = column_name_key(p, "Crew", "name")
    first = names[names.notna()].drop_duplicates()
    at = pd.Index(first).get_indexer(nk)
    known = at >= 0
    if not known.any():
        return False
    rows = first.index[at[known]]
    b = p.budget[linked][known]
    days = crew_shoot_days(p).loc[rows].to_numpy(dtype="float64")
    return _known_differs(_floats(b["amount"]), days) or _known_differs(
        _floats(b["rate"]), _floats(p.crew["day_rate"].loc[rows]))


@rule("BU006", "schedule-link-malformed", "A budget line's Schedule Link is not understood or names nobody.",
      tables=("Budget",))
def schedule_link_malformed(p: Production) -> Iterator[Finding]:
    """
    **What it does.** Reads each budget line's Schedule Link: `shoot days`, `cast <Cast ID>` (e.g. `cast 3`) or
    `crew <Name>` with the name as in the Crew table (case and spacing are ignored). Reports links that are
    none of these, and links to a cast ID or crew name that does not exist.

    **Why it matters.** A link that is not understood ties the line to nothing: it stops following the
    schedule and the budget drifts without any warning.

    **Example.** `cast Maya` (the link needs the cast ID), `crew Jon Smith` when the Crew table has
    `John Smith`, `shootdays x2`.

    **Fix.** Rewrite the link in one of the three forms, correct the ID or name, or clear the cell.
    """
    info = schedule_link_malformed.info
    b = p.budget
    lk = _links(p)
    if not _maybe_bad_link(p, lk):
        return
    yield from at_rows(p, info, "Budget", b[lk["kind"] == "bad"], "link",
                       lambda r: f"{_line_name(r)} has the Schedule Link '{r['link']}', which is not understood.",
                       "Write 'shoot days', 'cast <Cast ID>' (e.g. cast 3) or 'crew <Name>' as in the Crew table, "
                       "or clear the cell.")
    cast = lk["kind"] == "cast"
    unknown_cast = cast & ~key(lk["target"]).isin(set(key(p.cast["cast_id"]).dropna()))
    yield from at_rows(p, info, "Budget", b.assign(t=lk["target"])[unknown_cast.fillna(False).astype(bool)], "link",
                       lambda r: f"{_line_name(r)} is linked to cast {r['t']}, which is not in the Cast table.",
                       "Use the performer's Cast ID from the Cast table (e.g. cast 3).")
    crew = lk["kind"] == "crew"
    unknown_crew = crew & ~name_key(lk["target"]).isin(set(name_key(p.crew["name"]).dropna()))
    yield from at_rows(p, info, "Budget", b.assign(t=lk["target"])[unknown_crew.fillna(False).astype(bool)], "link",
                       lambda r: f"{_line_name(r)} is linked to crew member {r['t']}, who is not in the Crew table.",
                       "Write the name exactly as in the Crew table's Name column, e.g. 'crew Jane Doe'.")


def _maybe_bad_link(p: Production, lk: pd.DataFrame) -> bool:
    """False only when every Schedule Link is understood and names an existing performer or crew member."""
    kind = lk["kind"]
    if (kind == "bad").any():
        return True
    cast = (kind == "cast").fillna(False).to_numpy(dtype=bool)
    if cast.any() and not set(key(lk["target"][cast]).dropna()) <= key_set(p, "Cast", "cast_id"):
        return True
    crew = (kind == "crew").fillna(False).to_numpy(dtype=bool)
    names = set(column_name_key(p, "Crew", "name").dropna())
    return bool(crew.any() and not all(k in names for k in name_keys(lk["target"][crew])))


# --- budget: figures cached by Excel ----------------------------------------------------------------------------


@rule("BU007", "budget-total-typed-over", "A budget line's Subtotal, Fringes or Total no longer follows its "
      "formula.", tables=("Budget",))
def budget_total_typed_over(p: Production) -> Iterator[Finding]:
    """
    **What it does.** In a workbook saved by Excel (which caches what each formula computed), compares each
    line's cached Subtotal, Fringes and Total with the same arithmetic done by xlproduction: Subtotal =
    Amount × X × Rate; Fringes from the line's fringe codes and its Subtotal; Total = Subtotal + Fringes. Each
    cell is judged against the cells it is computed from, so only the cell that was typed over is reported.
    Differences up to a cent are rounding.

    **Why it matters.** A number typed over a formula stops following the line's inputs: the line shows one
    figure, the schedule and rates say another, and the top sheet sums the stale one.

    **Example.** Someone typed `5000` into the Total of `Location fees` to "round it"; its inputs give 6,000.

    **Fix.** Restore the formula (copy the cell from a neighbouring line, or re-extend the table's calculated
    column) and change Amount, X or Rate instead. A workbook written by openpyxl has no cached figures and is
    not checked until Excel or LibreOffice has recalculated and saved it.
    """
    b = p.budget
    if b.empty or b[["subtotal", "fringes", "total"]].isna().all(axis=None):
        return  # nothing cached: a file written by openpyxl
    info = budget_total_typed_over.info
    lines = _lines(p)
    sub_c, sub_t = cached_numbers(b["subtotal"])
    fr_c, fr_t = cached_numbers(b["fringes"])
    tot_c, tot_t = cached_numbers(b["total"])
    # Each formula is evaluated on the cached figures it reads in Excel, so a typed-over Subtotal is reported
    # once, not again in the Fringes and Total that correctly follow it.
    sub_ref = sub_c.fillna(lines["subtotal"]).astype("float64")
    base_ref = sub_ref * lines["fx"]
    fr_exp = B.fringes_from_subtotals(lines, p.fringes, base_ref, B.context_of(p))
    fr_ref = fr_c.fillna(fr_exp).astype("float64")
    tot_exp = base_ref + fr_ref
    checks = (
        ("subtotal", "Subtotal", sub_c, sub_t, lines["subtotal"], "Amount × X × Rate gives"),
        ("fringes", "Fringes", fr_c, fr_t, fr_exp, "its fringe codes give"),
        ("total", "Total", tot_c, tot_t, tot_exp, "Base Subtotal + Fringes give"),
    )
    # Excel's Fringes formula finds codes between commas only; codes separated otherwise ("FICA; MED") read
    # as no fringes in Excel, so that cause is named beside the typed-over formula.
    why = {"fringes": "its formula was typed over, or Excel cannot read the Fringe Codes (separate them with "
                      "commas)"}
    for col, header, cached, text, expected, how in checks:
        off = _differs(cached, expected, CENT)
        rows = b.assign(cached=cached, expected=expected, is_text=text)[off | text]
        cause = why.get(col, "its formula was typed over")
        yield from at_rows(
            p, info, "Budget", rows, col,
            lambda r, h=header, w=how, c=cause: (
                f"{_line_name(r)}: {h} holds text instead of its formula." if r["is_text"] else
                f"{_line_name(r)}: {h} shows {money(p, r['cached'])} but {w} {money(p, r['expected'])} "
                f"({_gap(p, r['cached'], r['expected'])}): {c}."),
            lambda r, h=header: f"Restore the {h} formula (copy it from a neighbouring line) and change Amount, X "
                                f"or Rate instead" + (", and list Fringe Codes with commas (FICA, MED)."
                                                      if h == "Fringes" else "."))


@rule("BU008", "account-total-mismatch", "An account's Budget in the chart is not the sum of its budget lines.",
      tables=("Accounts",))
def account_total_mismatch(p: Production) -> Iterator[Finding]:
    """
    **What it does.** In a workbook saved by Excel, compares each account's cached Budget in the Accounts table
    with what its budget lines carry (as the lines show them): their Base Subtotals, the Fringes posted to it
    (Settings → Fringe Posting) and the contractual charges posted to it. This is the "top-sheet totals are
    not the sum of the lines" check: the top sheet is built from these account budgets. A line whose own Total
    was typed over is reported by BU007 instead.

    **Why it matters.** Finance reads the top sheet; when an account's figure was typed over it no longer
    moves with the detail, and the top sheet and the detail tell two different stories.

    **Example.** Account 3200 Camera shows 12,000 while its lines total 14,585.

    **Fix.** Restore the Budget formula of the account (copy it from another account's row) and change the
    budget through its detail lines.
    """
    a = _accounts(p)
    if a["budget"].isna().all():
        return  # nothing cached: a file written by openpyxl
    cached, text = cached_numbers(a["budget"])
    if not (cached.notna() | text).any():
        return
    lines = _lines(p)
    # As the lines and charges show their figures: each account's base subtotals, the fringes posted to it and
    # the contractual charges posted to it.
    base_c, _ = cached_numbers(p.budget["base_subtotal"]) if "base_subtotal" in p.budget else (lines["base_subtotal"],
                                                                                                None)
    fr_c, _ = cached_numbers(p.budget["fringes"])
    shown = lines.assign(base_subtotal=base_c.fillna(lines["base_subtotal"]).astype("float64"),
                         fringes=fr_c.fillna(lines["fringes"]).astype("float64"))  # fmt: skip
    charges = B.budget_figures(p).charges
    sums = B.posted(shown, charges)
    a = a.assign(cached=cached, is_text=text,
                 expected=[float(sums.get(k, 0.0)) for k in a["acct"].tolist()])  # fmt: skip
    bad = a[_differs(a["cached"], a["expected"], CENT) | a["is_text"]]
    yield from at_rows(
        p, account_total_mismatch.info, "Accounts", bad, "budget",
        lambda r: (f"{_account_name(r)}: Budget holds text instead of its formula." if r["is_text"] else
                   f"{_account_name(r)} shows a budget of {money(p, r['cached'])} but its budget lines total "
                   f"{money(p, r['expected'])} ({_gap(p, r['cached'], r['expected'])}): the formula was typed "
                   f"over."),
        "Restore the Budget formula (copy it from another account's row) and change the budget through its lines.")


# --- budget: whole accounts against what the schedule costs ---------------------------------------------------


@derived
def _account_subtotals(p: Production) -> pd.Series:
    """Per account key: the sum of its budget lines' subtotals (before fringes, in the base currency)."""
    lines = _lines(p)
    return lines["base_subtotal"].groupby(lines["acct"]).sum()


def _maybe_cost_over(p: Production, table: str, days: pd.Series) -> bool:
    """False only when ``_people_cost_over`` finds no account: the same per-account costs summed with
    ``np.bincount`` instead of pandas' grouped (compensated) sums. Two sums of n terms differ by at most about
    n × 1e-16 of the sum of the terms' sizes; the margin allowed here (1e-9 of the sizes involved) is far wider,
    so an account anywhere near the limit goes to the exact computation."""
    people = p.df(table)
    with np.errstate(all="ignore"):  # an absurd rate overflows to inf, as it does in the exact computation
        cost = days.astype("float64").to_numpy() * _floats(people["day_rate"].astype("Float64").fillna(0))
    acc = _accounts(p)
    at = pd.Index(acc["acct"]).get_indexer(column_key(p, table, "account"))
    ok = at >= 0
    if not ok.any():
        return False
    n = np.bincount(at[ok], minlength=len(acc))
    with np.errstate(invalid="ignore"):
        total = np.bincount(at[ok], weights=cost[ok], minlength=len(acc))
        size = np.bincount(at[ok], weights=np.abs(cost[ok]), minlength=len(acc))
        budgeted = acc["acct"].map(_account_subtotals(p)).fillna(0.0).to_numpy(dtype="float64")
        return bool(((n > 0) & ~(total - budgeted <= CENT - 1e-9 * (size + np.abs(budgeted)))).any())


def _people_cost_over(p: Production, people: pd.DataFrame, days: pd.Series) -> pd.DataFrame:
    """Accounts rows where Σ days × day rate of ``people`` charged to them exceeds the lines' subtotals."""
    cost = (days.astype("float64") * people["day_rate"].astype("Float64").fillna(0).astype("float64"))
    acct = key(people["account"])
    by = pd.DataFrame({"acct": acct, "cost": cost, "n": 1}).dropna(subset=["acct"]).groupby("acct")[["cost", "n"]]
    totals = by.sum()
    subs = _account_subtotals(p)
    a = _accounts(p)
    a = a.assign(cost=a["acct"].map(totals["cost"]).fillna(0.0), n=a["acct"].map(totals["n"]).fillna(0).astype(int),
                 budgeted=a["acct"].map(subs).fillna(0.0))
    return a[(a["cost"] - a["budgeted"] > CENT) & (a["n"] > 0)]


@rule("BU011", "cast-cost-over-budget", "The cast charged to an account cost more on the schedule than the "
      "account budgets.", tables=("Accounts",))
def cast_cost_over_budget(p: Production) -> Iterator[Finding]:
    """
    **What it does.** For each account, adds up (work + hold days) × Day Rate of every cast member charged to
    it (the Cast table's Account) and compares that with the sum of the account's budget line subtotals
    (before fringes).

    **Why it matters.** The schedule decides how many days each performer is paid; when it grows past what
    the cast account budgets, the overage is certain and should be known before the shoot.

    **Example.** Account 1400 budgets 5,800 of cast days; the current stripboard puts the three performers on
    8 paid days for 6,800.

    **Fix.** Raise the account's cast lines (their Amount to the scheduled days), rework the schedule to
    save hold days, or correct a performer's Account or Day Rate.
    """
    wh = _work_and_hold(p)
    cast = p.cast
    days = column_key(p, "Cast", "cast_id").map(wh["work"] + wh["hold"]).fillna(0)
    if not _maybe_cost_over(p, "Cast", days):
        return
    bad = _people_cost_over(p, cast, days)
    yield from at_rows(
        p, cast_cost_over_budget.info, "Accounts", bad, "account",
        lambda r: f"{_account_name(r)}: the {r['n']} cast member{'s' if r['n'] != 1 else ''} charged to it cost "
                  f"{money(p, r['cost'])} on the current schedule (work + hold days × Day Rate), but its budget "
                  f"lines subtotal {money(p, r['budgeted'])}: {money(p, r['cost'] - r['budgeted'])} over.",
        lambda r: f"Raise the cast lines of account {r['account']} to the scheduled days, or rework the schedule "
                  f"(hold days) or the performers' Account or Day Rate.")


@rule("BU012", "crew-cost-over-budget", "The crew charged to an account cost more for their engaged shoot days "
      "than the account budgets.", Severity.WARNING, tables=("Accounts",))
def crew_cost_over_budget(p: Production) -> Iterator[Finding]:
    """
    **What it does.** For each account, adds up shoot days between Start and End Date × Day Rate of every crew
    member charged to it (the Crew table's Account) and compares that with the sum of the account's budget
    line subtotals (before fringes).

    **Why it matters.** Crew deals are made one by one; their sum drifting past the department's budget is
    how overages start. It is a warning because prep and wrap days, kit rentals and flat deals are often
    budgeted in the same account in other ways.

    **Example.** Account 2500 budgets 2,700 for set operations; the key grip and caterer engaged for all
    shoot days cost 3,300.

    **Fix.** Raise the account's lines, shorten an engagement (Start/End Date), or correct a crew member's
    Account or Day Rate.
    """
    crew = p.crew
    if not _maybe_cost_over(p, "Crew", crew_shoot_days(p)):
        return
    bad = _people_cost_over(p, crew, crew_shoot_days(p))
    yield from at_rows(
        p, crew_cost_over_budget.info, "Accounts", bad, "account",
        lambda r: f"{_account_name(r)}: the {r['n']} crew member{'s' if r['n'] != 1 else ''} charged to it cost "
                  f"{money(p, r['cost'])} for their shoot days (Start to End Date × Day Rate), but its budget lines "
                  f"subtotal {money(p, r['budgeted'])}: {money(p, r['cost'] - r['budgeted'])} over.",
        lambda r: f"Raise the lines of account {r['account']}, shorten an engagement, or correct a crew member's "
                  f"Account or Day Rate.")


# --- actuals and purchase orders --------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class _Ledger:
    """The Actuals columns every AC rule tests, as plain arrays over all rows (a season's ledger has 100,000):
    the rules test them here first, and build frames only for the rows they report."""

    live: np.ndarray  # not void
    status_codes: np.ndarray  # int code of each row's status, -1 when blank
    statuses: np.ndarray  # object: the status of each code, and last "Posted", which code -1 (blank) reads as
    acct: np.ndarray  # int codes of the account key, -1 when blank
    acct_keys: pd.arrays.StringArray  # the account key of each code

    def status_in(self, values: tuple[str, ...]) -> np.ndarray:
        """Per row: is the status (blank read as Posted) one of ``values``. Judged once per distinct status."""
        return np.isin(self.statuses, values)[self.status_codes]

    @property
    def status(self) -> np.ndarray:
        return self.statuses[self.status_codes]


def _codes(values: pd.Series, transform: Callable[[pd.Series], pd.Series]) -> tuple[np.ndarray, np.ndarray]:
    """``transform(values)`` (``key`` or ``name_key``) as integer codes, -1 where blank, and the transformed value
    of each code (an object array). Computed on the distinct values: a ledger repeats a few hundred vendors and
    accounts over 100,000 rows."""
    codes, uniques = pd.factorize(values.to_numpy(dtype=object))  # objects hash faster than a string array
    try:
        # Both keys work string by string: Python's own string methods (``facts.name_key_one`` for names) are
        # several times quicker than a round trip through a string array for thousands of PO numbers.
        one = name_key_one if transform is name_key else (lambda u: u.strip().casefold())
        keys = [one(u) for u in uniques]
    except (AttributeError, TypeError):  # not all text: the transform itself
        keys = [None if k is pd.NA else k for k in transform(pd.Series(uniques, dtype="string")).tolist()]
    if None not in keys and len(set(keys)) == len(keys):
        return codes.astype("int64"), np.array(keys, dtype=object)  # one key per distinct value: same codes
    key_codes, key_uniques = pd.factorize(np.array(keys, dtype=object))  # None (a blank name) is -1
    out = np.where(codes >= 0, key_codes[np.maximum(codes, 0)] if len(key_codes) else -1, -1)
    return out.astype("int64"), np.asarray(key_uniques, dtype=object)


@derived
def _ledger(p: Production) -> _Ledger:
    a = p.actuals
    codes, uniques = pd.factorize(a["status"].astype("string").to_numpy(dtype=object))
    statuses = np.append(np.asarray(uniques, dtype=object), "Posted")  # code -1 (blank) takes the last one
    acct, acct_keys = _codes(a["account"], key)
    return _Ledger(~np.isin(statuses, (VOID,))[codes], codes, statuses, acct, pd.array(acct_keys, dtype="string"))


def _live_rows(p: Production, rows: np.ndarray) -> pd.DataFrame:
    """The Actuals rows among ``rows`` (a mask over the table) that count (not void), with an account key
    (``acct``) and the status read as entered (``st``, blank = Posted): the rows a rule may report, built
    without copying the rest of the ledger."""
    led = _ledger(p)
    take = led.live & rows
    out = p.actuals[take].copy()
    out["st"] = pd.array(led.status[take], dtype="string")
    out["acct"] = led.acct_keys.take(led.acct[take], allow_fill=True)
    return out


def _same_payments(p: Production) -> np.ndarray:
    """Mask of the live Actuals rows in a group of two or more with the same vendor (name key), amount in cents
    and date: the only rows AC003 can report. Found on the amount and date first (numbers), so vendors' names
    are only compared for the few rows that share both."""
    a = p.actuals
    cents = (a["amount"].astype("Float64") * 100).round()
    # (A blank vendor has no name key: such rows are left out below, with the vendors' keys.)
    rows = _ledger(p).live & cents.notna().to_numpy(dtype=bool) & a["date"].notna().to_numpy(dtype=bool)
    at = np.flatnonzero(rows)
    # Amount and date as one complex number (both exact in a float; +0.0 makes -0.0 a plain 0): one hash, not two.
    c = cents.to_numpy(dtype="float64", na_value=np.nan)[at] + 0.0
    d = a["date"].to_numpy(dtype="datetime64[s]")[at].astype("int64").astype("float64")
    same = pd.Series(c + 1j * d).duplicated(keep=False).to_numpy()
    at = at[same]
    out = np.zeros(len(a), dtype=bool)
    if len(at):
        vk, _ = _codes(a["vendor"].iloc[at], name_key)
        ok = vk >= 0
        keys = pd.DataFrame({"v": vk[ok], "c": cents.to_numpy(dtype="float64", na_value=np.nan)[at[ok]],
                             "d": a["date"].to_numpy(dtype="datetime64[s]")[at[ok]]})
        out[at[ok][keys.duplicated(keep=False).to_numpy()]] = True
    return out


def _reused_pos(p: Production) -> np.ndarray:
    """Mask of the live Actuals rows of every PO number (key) whose rows do not all carry the vendor (name key)
    of its first row: the groups AC008 reports from, whole."""
    a = p.actuals
    at = np.flatnonzero(_ledger(p).live & a["po"].notna().to_numpy(dtype=bool))  # blank vendors: no name key
    out = np.zeros(len(a), dtype=bool)
    if not len(at):
        return out
    pk, _ = _codes(a["po"].iloc[at], key)
    vk, _ = _codes(a["vendor"].iloc[at], name_key)
    ok = (pk >= 0) & (vk >= 0)
    at, pk, vk = at[ok], pk[ok], vk[ok]
    if not len(at):
        return out
    _, first, group = np.unique(pk, return_index=True, return_inverse=True)
    other = vk != vk[first][group]
    out[at[np.isin(pk, pk[other])]] = True
    return out


def _txn(p: Production, r: dict[str, Any]) -> str:
    """'Transaction T003 (Good Eats, $500.00)': what a finance person searches the ledger by."""
    vendor = r.get("vendor")
    detail = [] if _blank(vendor) else [str(vendor)]
    detail.append(money(p, r.get("amount")))
    return f"Transaction {r['txn_id']} ({', '.join(detail)})"


@derived
def _spend(p: Production) -> pd.DataFrame:
    """Per chart account: cost to date, open commitments, their count and first Actuals row, and the budget."""
    led = _ledger(p)
    a = p.actuals
    amount = a["amount"].astype("Float64").fillna(0).astype("float64").to_numpy()
    counted = led.live & (led.acct >= 0)
    posted = np.where(led.status_in(COST_TO_DATE), amount, 0.0)
    open_po = np.where(led.status_in((COMMITMENT,)), amount, 0.0)
    # Grouped by the account key's integer code: the same sums (pandas' compensated group sums) in the same order
    # as grouping by the key itself.
    by = led.acct[counted]
    grouped = pd.DataFrame({"posted": posted[counted], "open": open_po[counted], "n": 1,
                            "first": a[ROW].to_numpy()[counted]}).groupby(by)  # fmt: skip
    g = grouped[["posted", "open", "n"]].sum()
    g["first"] = grouped["first"].min()
    budgets = B.budget_figures(p).carried  # lines, fringes posted and contractual charges, by account key
    acc = _accounts(p)
    code = pd.Index(led.acct_keys).get_indexer(acc["acct"])  # -1 (no actuals) matches no group

    def per_account(col: str) -> np.ndarray:
        return g[col].reindex(code).to_numpy()

    return acc.assign(
        posted=np.nan_to_num(per_account("posted"), nan=0.0), open=np.nan_to_num(per_account("open"), nan=0.0),
        n=pd.Series(per_account("n")).fillna(0).astype(int).to_numpy(), first=per_account("first"),
        budgeted=acc["acct"].map(budgets).fillna(0.0))  # fmt: skip


@rule("AC001", "actuals-over-budget", "An account's actuals (and open POs) are over its budget.",
      tables=("Accounts",))
def actuals_over_budget(p: Production) -> Iterator[Finding]:
    """
    **What it does.** For each budgeted account, compares the cost to date (Posted and Closed PO actuals)
    with the account's budget (its lines, the fringes and contractual charges posted to it): over budget is an
    error. When the cost to date
    is within budget but cost plus open purchase orders is not, it is a warning: the overage is committed but
    not yet spent.

    **Why it matters.** The cost report is where the producer and the studio see overages; finding them at
    the daily check, with the amount, leaves time to save elsewhere or to approve them.

    **Example.** Account 3200 Camera: 15,200 posted against a budget of 14,585 (error); or 9,000 posted plus
    6,000 in open POs (warning).

    **Fix.** Check the account's postings for miscoding first. If the overage is real, record it: raise the
    account's EFC Override in Accounts and tell the UPM; close POs that were already paid.
    """
    s = _spend(p)
    budgeted = s["budgeted"] > CENT / 2  # unbudgeted accounts are AC007's
    over = budgeted & (s["posted"] - s["budgeted"] > CENT)
    committed = budgeted & ~over & (s["posted"] + s["open"] - s["budgeted"] > CENT)
    info = actuals_over_budget.info

    def po_note(r: dict[str, Any]) -> str:
        return f", plus {money(p, r['open'])} in open POs" if r["open"] > CENT / 2 else ""

    yield from at_rows(
        p, info, "Accounts", s[over], "account",
        lambda r: f"{_account_name(r)}: actuals to date {money(p, r['posted'])} are over its budget "
                  f"{money(p, r['budgeted'])} by {money(p, r['posted'] - r['budgeted'])}{po_note(r)}.",
        lambda r: f"Check the postings coded to {r['account']} for miscoding; if the overage is real, set the "
                  f"account's EFC Override and tell the UPM.")
    yield from at_rows(
        p, info, "Accounts", s[committed], "account",
        lambda r: f"{_account_name(r)}: actuals {money(p, r['posted'])} plus open POs {money(p, r['open'])} come to "
                  f"{money(p, r['posted'] + r['open'])}, over its budget {money(p, r['budgeted'])} by "
                  f"{money(p, r['posted'] + r['open'] - r['budgeted'])}.",
        lambda r: f"Review the open POs on {r['account']}: close those already paid; if the overage is real, set "
                  f"the account's EFC Override.",
        severity=Severity.WARNING)


@rule("AC002", "actual-account-unknown", "An actual is coded to an account not in the chart, or a posted cost has "
      "no account.", tables=("Actuals",))
def actual_account_unknown(p: Production) -> Iterator[Finding]:
    """
    **What it does.** Checks the Account of every Actuals row that is not void against the Accounts table,
    and reports Posted or Closed PO rows with no account at all.

    **Why it matters.** A cost coded to an account that does not exist is missing from the cost report: the
    budget looks healthier than it is.

    **Example.** A catering invoice coded `2550` when the chart has `2500`; a posted invoice with a blank
    account.

    **Fix.** Code the transaction to an account from the Accounts table (or add the account to the chart).
    """
    led = _ledger(p)
    known = set(_accounts(p)["acct"])
    unknown_code = np.append(~pd.Series(led.acct_keys).isin(known).to_numpy(dtype=bool), False)  # -1: blank
    flagged = led.live & (unknown_code[led.acct] | ((led.acct < 0) & led.status_in(COST_TO_DATE)))
    if not flagged.any():
        return
    a = _live_rows(p, flagged)
    info = actual_account_unknown.info
    unknown = a[a["acct"].notna() & ~a["acct"].isin(known)]
    yield from at_rows(p, info, "Actuals", unknown, "account",
                       lambda r: f"{_txn(p, r)} is coded to account {r['account']}, which is not in the Accounts "
                                 f"table.",
                       "Code it to an account from the Accounts table, or add the account to the chart.")
    blank = a[a["acct"].isna() & a["st"].isin(COST_TO_DATE)]
    yield from at_rows(p, info, "Actuals", blank, "account",
                       lambda r: f"{_txn(p, r)} is {'a closed PO' if r['st'] == 'Closed PO' else 'posted'} but has "
                                 f"no account: it is missing from the cost report.",
                       "Code it to an account from the Accounts table.")


@rule("AC003", "possible-duplicate-payment", "Two transactions pay the same vendor the same amount on the same "
      "date.", Severity.WARNING, tables=("Actuals",))
def possible_duplicate_payment(p: Production) -> Iterator[Finding]:
    """
    **What it does.** Looks for non-void Actuals rows with the same vendor (ignoring case and spacing), the
    same amount and the same date but different transaction IDs, and reports each repeat after the first.

    **Why it matters.** An invoice entered twice is paid twice; it is the most common accounting error and
    the hardest to get back once the vendor is paid.

    **Example.** T003 and T017: Good Eats, 500.00, 1 March — the same catering invoice keyed by two people.

    **Fix.** Void the duplicate. If both are genuine (two separate deliveries), say so in the Notes with
    `noqa: AC003`. If one is the PO for the other, close the PO.
    """
    candidates = _same_payments(p)
    if not candidates.any():
        return
    a = _live_rows(p, candidates)
    a = a.assign(vk=name_key(a["vendor"]), cents=(a["amount"].astype("Float64") * 100).round(),
                 tk=key(a["txn_id"])).dropna(subset=["vk", "cents", "date"])  # fmt: skip
    if a.empty:
        return
    g = a.groupby(["vk", "cents", "date"], sort=False)
    first_txn = g["tk"].transform("first")
    dup = g.cumcount() > 0
    bad = a[dup & (a["tk"] != first_txn).fillna(True).astype(bool)]
    if bad.empty:
        return
    firsts = g[["txn_id", ROW]].transform("first").loc[bad.index]
    bad = bad.assign(first_txn=firsts["txn_id"], first_row=firsts[ROW])
    yield from at_rows(
        p, possible_duplicate_payment.info, "Actuals", bad, "amount",
        lambda r: f"Transaction {r['txn_id']} pays {r['vendor']} {money(p, r['amount'])} on "
                  f"{r['date']:%d-%b-%Y}, as transaction {r['first_txn']} (row {r['first_row']}) does: possibly paid "
                  f"twice.",
        "Void the duplicate; if both are genuine add 'noqa: AC003' to the Notes; if one is the PO for the other, "
        "close the PO.")


@rule("AC004", "actual-dated-in-future", "An actual or PO is dated after today.", tables=("Actuals",))
def actual_dated_in_future(p: Production) -> Iterator[Finding]:
    """
    **What it does.** Reports non-void Actuals rows dated after today.

    **Why it matters.** A cost to date cannot have happened tomorrow: it is a typo in the date (often the
    year, or day and month swapped), and the cost lands in the wrong period of the cost report.

    **Example.** An invoice dated 03/12/2027 entered on 2 March 2027 in a workbook read month-first.

    **Fix.** Correct the date (check the Date Order setting if many dates are off).
    """
    today = pd.Timestamp(p.today)
    later = (p.actuals["date"] > today).fillna(False).to_numpy(dtype=bool)
    if not (later & _ledger(p).live).any():
        return
    a = _live_rows(p, later)
    bad = a[(a["date"] > today).fillna(False).astype(bool)]
    yield from at_rows(p, actual_dated_in_future.info, "Actuals", bad, "date",
                       lambda r: f"{_txn(p, r)} is dated {r['date']:%d-%b-%Y}, after today ({p.today:%d-%b-%Y}).",
                       "Correct the date; if many dates are off, check the Date Order setting (MDY or DMY).")


@rule("AC005", "po-without-account", "An open purchase order has no account.", tables=("Actuals",))
def po_without_account(p: Production) -> Iterator[Finding]:
    """
    **What it does.** Reports Open PO rows in Actuals with a blank Account.

    **Why it matters.** An open PO is money committed; without an account it is missing from the commitments
    of the cost report, and the estimate at final cost is too low.

    **Example.** PO-31 to a lighting rental house, no account.

    **Fix.** Code the PO to the account it will be paid from.
    """
    led = _ledger(p)
    flagged = led.live & (led.acct < 0) & led.status_in((COMMITMENT,))
    if not flagged.any():
        return
    a = _live_rows(p, flagged)
    bad = a[a["acct"].isna() & (a["st"] == COMMITMENT)]
    yield from at_rows(p, po_without_account.info, "Actuals", bad, "account",
                       lambda r: f"{_txn(p, r)} is an open PO{'' if _blank(r['po']) else ' ' + str(r['po'])} "
                                 f"without an account: the commitment is missing from the cost report.",
                       "Code the PO to the account it will be paid from.")


@rule("AC006", "po-without-number", "A row marked as a purchase order has no PO number.", Severity.WARNING,
      tables=("Actuals",))
def po_without_number(p: Production) -> Iterator[Finding]:
    """
    **What it does.** Reports Actuals rows with status Open PO or Closed PO and a blank PO column.

    **Why it matters.** Invoices are matched to purchase orders by number; a PO without one cannot be
    relieved or closed, and stays open (or is paid again).

    **Example.** An Open PO to Lens Rentals Inc with no PO number.

    **Fix.** Enter the PO number from the purchase order, or change the status to Posted if it is not a PO.
    """
    led = _ledger(p)
    flagged = led.live & p.actuals["po"].isna().to_numpy(dtype=bool) & led.status_in((COMMITMENT, "Closed PO"))
    if not flagged.any():
        return
    a = _live_rows(p, flagged)
    bad = a[a["po"].isna() & a["st"].isin((COMMITMENT, "Closed PO"))]
    yield from at_rows(p, po_without_number.info, "Actuals", bad, "po",
                       lambda r: f"{_txn(p, r)} is {'an open' if r['st'] == COMMITMENT else 'a closed'} PO "
                                 f"without a PO number.",
                       "Enter the PO number, or set Status to Posted if it is not a purchase order.")


@rule("AC007", "spend-on-unbudgeted-account", "Money is spent or committed on an account with no budget.",
      Severity.WARNING, tables=("Accounts",))
def spend_on_unbudgeted_account(p: Production) -> Iterator[Finding]:
    """
    **What it does.** Reports accounts in the chart whose budget (the sum of their lines' totals) is zero but
    that carry actuals or open POs.

    **Why it matters.** Every cent there is over budget. Usually the cost was coded to a neighbouring
    account by mistake; sometimes a real cost was never budgeted.

    **Example.** 3 transactions totalling 1,250.00 on 3400 (Transportation), which has no budget lines.

    **Fix.** Recode the transactions to the budgeted account they belong to, or budget the account.
    """
    s = _spend(p)
    spent = s["posted"] + s["open"]
    bad = s.assign(spent=spent)[(s["budgeted"].abs() <= CENT / 2) & (spent > CENT / 2)]
    yield from at_rows(
        p, spend_on_unbudgeted_account.info, "Accounts", bad, "account",
        lambda r: f"{_account_name(r)} has no budget but {r['n']} transaction{'s' if r['n'] != 1 else ''} total "
                  f"{money(p, r['spent'])} (first on Actuals row {int(r['first'])}).",
        lambda r: f"Recode the transactions to the budgeted account they belong to, or add budget lines to account "
                  f"{r['account']}.")


@rule("AC008", "po-number-reused", "One PO number is used for two different vendors.", Severity.WARNING,
      tables=("Actuals",))
def po_number_reused(p: Production) -> Iterator[Finding]:
    """
    **What it does.** Groups non-void Actuals rows by PO number and reports rows whose vendor differs from the
    vendor of the PO's first row.

    **Why it matters.** A purchase order is raised to one vendor. The same number on two vendors is a typo in
    the PO number, and the invoice relieves the wrong commitment.

    **Example.** PO-12 raised to Lens Rentals Inc; an invoice from Good Eats also carries PO-12.

    **Fix.** Correct the PO number (or the vendor) on the later row.
    """
    reused = _reused_pos(p)
    if not reused.any():
        return
    a = _live_rows(p, reused)
    a = a.assign(pk=key(a["po"]), vk=name_key(a["vendor"])).dropna(subset=["pk", "vk"])
    if a.empty:
        return
    g = a.groupby("pk", sort=False)
    firsts = g[["vk", "vendor", ROW]].transform("first")
    bad = a.assign(first_vendor=firsts["vendor"], first_row=firsts[ROW])[a["vk"] != firsts["vk"]]
    yield from at_rows(p, po_number_reused.info, "Actuals", bad, "po",
                       "Transaction {txn_id} carries PO {po} for {vendor}, but PO {po} was raised to {first_vendor} "
                       "(row {first_row}).",
                       "Correct the PO number or the vendor on this row.")


RULES = (
    account_code_malformed, budget_line_duplicated, shoot_days_line_mismatch, cast_line_mismatch, crew_line_mismatch,
    schedule_link_malformed, budget_total_typed_over, account_total_mismatch, fringe_inputs_invalid,
    negative_budget_line, cast_cost_over_budget, crew_cost_over_budget,
    actuals_over_budget, actual_account_unknown, possible_duplicate_payment, actual_dated_in_future,
    po_without_account, po_without_number, spend_on_unbudgeted_account, po_number_reused,
)  # fmt: skip

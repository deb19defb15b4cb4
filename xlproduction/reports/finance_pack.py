"""The finance pack: a separate, macro-free workbook for the studio's finance people, with no personal data.

Finance needs the money — budget detail, top sheet, actuals, cost report — and nothing else. The production
workbook carries phone numbers, emails, emergency contacts, dates of birth and the deal of every named person;
none of that may travel with the figures. So the pack is built from the ``Production`` (never by copying the
workbook), every figure is a value (no formula depends on a sheet that is not there, so it reads the same in
Excel, LibreOffice, a previewer or pandas), and the privacy rules below are applied to every text cell.

What is left out, and why (decided here, tested by scanning every cell of a written pack):

- **No column the contract marks personal** (Cast, Crew, Locations: phones, emails, agents, emergency contacts,
  dates of birth, day rates, location contacts) is copied, and no Notes column (free text that may hold anything).
- **Names of people are scrubbed from every text cell**: a value of any personal column of the Cast, Crew and
  Locations tables found in a budget description, a vendor or an actual's description is replaced — a
  performer by ``[Cast 1]`` (the cast ID: finance can still tie the line to the DOOD), a crew member by their
  position ``[Key Grip]``, anything else (a phone typed into a description) by ``[withheld]``. Matching is
  case-insensitive, on whole words, on the values as typed in those tables. Characters are not people and stay
  (``MAYA - [Cast 1]``).
- **Rates of named people**: a budget line is a named person's when its Schedule Link is ``cast …``/``crew …`` or
  its description names a performer or crew member; its Amount, X and Rate are left blank (the line's
  subtotal, fringes and total stay, so the budget still adds up to the top sheet). An account holding one
  person's deal still shows that deal's total: that is the budget itself.
- **Per diems** (the Per Diems tab, when anyone from out of town is owed them) name each payee — the performer's
  or crew member's own name, the one personal datum accounting needs to pay them, as the logistics issue asks —
  and nothing else about them: no Cast ID or position beside the name (it would tie the name to the ``[Cast 1]``
  lines of the budget), no phone, email, address or home city.
- With Settings → **Finance May See Rates** = Yes, performer and crew names and the rates on their lines are
  kept (finance runs the payroll); phones, emails, emergency contacts and the rest are still withheld.

Every text cell goes through ``xlproduction.workbook.safety``: text that would read as a formula is stored as text with
the quote prefix. The pack's first tab says what it holds and what was withheld.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from typing import Any

import numpy as np
import pandas as pd

from ..model import budget as B
from ..model.contract import (
    ACCOUNTS,
    ACTUALS,
    BUDGET,
    CAST,
    CATEGORIES,
    CATEGORY_TITLES,
    COST_REPORT_COLUMNS,
    CREW,
    FINANCE_ACTUALS_SHEET,
    FINANCE_BUDGET_SHEET,
    FINANCE_README_SHEET,
    LOCATIONS,
    TOP_SHEET,
    TOP_SHEET_TOTALS,
    ColType,
    TableSpec,
)
from ..model.numformats import DATE_FORMAT, money_format
from ..model.perdiems import per_diems
from ..model.production import Production
from ..model.sheetspec import Block, SheetSpec, Style
from .cost import UNASSIGNED, UNASSIGNED_TITLE, CostReport, cost_report, cost_sheet
from .travel_perdiem import per_diem_sheet

WITHHELD = "[withheld]"
PEOPLE_TABLES: tuple[TableSpec, ...] = (CAST, CREW, LOCATIONS)
BUDGET_COLUMNS = ("account", "category", "description", "amount", "units", "x", "currency", "rate", "fringe_codes",
                  "group", "subtotal", "fx", "base_subtotal", "fringes", "total", "charges")  # fmt: skip
ACTUALS_COLUMNS = ("date", "txn_id", "account", "vendor", "description", "amount", "po", "status")
RATE_COLUMNS = ("amount", "x", "rate")  # blank on a named person's line unless finance may see rates
NAME_COLUMNS = {(CAST.name, "performer"), (CREW.name, "name")}  # kept when finance may see rates
_PERSON_LINK = re.compile(r"^\s*(?:cast|crew)\b", re.IGNORECASE)
MIN_SCRUB_LENGTH = 2  # a one-letter value would blank every "A" in the pack
assert not any(BUDGET.column(k).personal for k in BUDGET_COLUMNS)
assert not any(ACTUALS.column(k).personal for k in ACTUALS_COLUMNS)


@dataclass(frozen=True)
class Scrubber:
    """Replaces personal values in text (one compiled pattern; ``replace`` works on whole Series)."""

    pattern: re.Pattern[str] | None
    labels: dict[str, str]  # casefolded value -> replacement
    names: re.Pattern[str] | None  # performer and crew names only: "is this line a named person's?"

    def text(self, value: str) -> str:
        if self.pattern is None:
            return value
        return self.pattern.sub(lambda m: self.labels.get(m.group(0).lower(), WITHHELD), value)

    def replace(self, s: pd.Series) -> pd.Series:
        """``s`` with personal values replaced; each distinct text is scrubbed once (ledgers repeat their vendors
        and descriptions thousands of times)."""
        if self.pattern is None or s.empty:
            return s
        text = s.astype("string")
        codes, uniq = pd.factorize(text)  # NA -> code -1, which picks the NA appended below
        sub, labels = self.pattern.sub, self.labels  # as ``text`` does, bound once for 100,000 ledger texts

        def label(m: re.Match[str]) -> str:
            return labels.get(m.group(0).lower(), WITHHELD)

        scrubbed = np.array([sub(label, u) for u in uniq] + [pd.NA], dtype=object)
        return pd.Series(pd.array(scrubbed[codes], dtype="string"), index=s.index, name=s.name)

    def names_in(self, s: pd.Series) -> pd.Series:
        if self.names is None:
            return pd.Series(False, index=s.index)
        return s.astype("string").str.contains(self.names, na=False).astype(bool)


def _trie(words: list[str]) -> str:
    """One regex matching any of ``words``, as a trie (shared prefixes factored out): Python's engine tries a flat
    alternation of thousands of names one by one at every position, a trie only the branches that can match."""
    root: dict[str, Any] = {}
    for w in words:
        node = root
        for ch in w:
            node = node.setdefault(ch, {})
        node[""] = {}  # a word ends here

    def build(node: dict[str, Any]) -> str:
        alts = [re.escape(ch) + build(child) for ch, child in sorted(node.items()) if ch]
        if not alts:
            return ""
        body = alts[0] if len(alts) == 1 else "(?:" + "|".join(alts) + ")"
        return f"(?:{body})?" if "" in node else body  # greedy: the longest name that ends on a word boundary

    return build(root)


def _alternation(values: list[str]) -> re.Pattern[str] | None:
    if not values:
        return None
    # Whole words only (not inside other words or e-mail addresses), any case.
    words = sorted({v.lower() for v in values})
    return re.compile(rf"(?<![\w@.])(?:{_trie(words)})(?![\w@])", re.IGNORECASE)


def personal_values(p: Production) -> pd.DataFrame:
    """Every personal text value of the Cast, Crew and Locations tables: ``table``, ``key``, ``value`` and the
    ``label`` it is replaced by in the pack."""
    frames = []
    for spec in PEOPLE_TABLES:
        df = p.df(spec.name)
        for col in spec.columns:
            if not col.personal or col.key not in df or not (pd.api.types.is_string_dtype(df[col.key])
                                                            or pd.api.types.is_object_dtype(df[col.key])):
                continue
            v = df[col.key].astype("string").str.strip()
            if spec is CAST and col.key == "performer":
                label = "[Cast " + df["cast_id"].astype("string").str.strip().fillna("?") + "]"
            elif spec is CREW and col.key == "name":
                label = "[" + df["position"].astype("string").str.strip().fillna("crew") + "]"
            else:
                label = pd.Series(WITHHELD, index=df.index, dtype="string")
            frames.append(pd.DataFrame({"table": spec.name, "key": col.key, "value": v, "label": label}))
    if not frames:
        return pd.DataFrame(columns=["table", "key", "value", "label"])
    out = pd.concat(frames, ignore_index=True)
    out = out[out["value"].notna() & (out["value"].str.len() >= MIN_SCRUB_LENGTH)]
    return out.drop_duplicates("value").reset_index(drop=True)


def scrubber(p: Production, *, keep_names: bool) -> Scrubber:
    pv = personal_values(p)
    is_name = pd.Series([(t, k) in NAME_COLUMNS for t, k in zip(pv["table"], pv["key"], strict=True)],
                        index=pv.index, dtype=bool)  # fmt: skip
    names = _alternation(list(pv.loc[is_name, "value"]))
    scrub = pv[~is_name] if keep_names else pv
    labels = dict(zip(scrub["value"].str.lower(), scrub["label"], strict=True))
    return Scrubber(_alternation(list(scrub["value"])), labels, names)


# --- the pack's tables ---------------------------------------------------------------------------------------


def _values(df: pd.DataFrame) -> tuple[tuple[Any, ...], ...]:
    """Rows of plain Python values for a sheet block: NA → empty, timestamps → dates (vectorised per column)."""
    cols = []
    for c in df.columns:
        s = df[c]
        if pd.api.types.is_datetime64_any_dtype(s):
            arr = s.dt.date.astype(object).where(s.notna(), None).to_numpy(dtype=object)
        else:
            arr = s.astype(object).where(s.notna(), None).to_numpy(dtype=object)
        cols.append(arr.tolist())  # an object array's list holds the same objects
    if not cols:
        return ()
    return tuple(zip(*cols, strict=True)) if len(df) else ()  # rows without a 2-D object array in between


def budget_detail(p: Production, s: Scrubber, *, show_rates: bool) -> pd.DataFrame:
    """Budget lines with computed subtotal, fringes and total; text scrubbed; named people's rates withheld."""
    lines = B.budget_figures(p).lines
    # Detail lines only: finance sums the sheet, and a subtotal line would count its lines twice.
    lines = lines[lines["detail"].to_numpy(dtype=bool)]
    named = (lines["link"].astype("string").str.contains(_PERSON_LINK, na=False).astype(bool)
             | s.names_in(lines["description"]))  # fmt: skip
    # Amount, X and Rate as values (a global's name resolved), so the pack needs no Globals table.
    lines = lines.assign(amount=lines["amount_value"], x=lines["x_value"], rate=lines["rate_value"])
    out = lines[list(BUDGET_COLUMNS)].copy()
    out["fringe_codes"] = out["fringe_codes"].map(lambda t: ", ".join(t) if isinstance(t, tuple) else t)
    out["description"] = s.replace(out["description"])
    out["group"] = s.replace(out["group"])
    if not show_rates:
        for c in RATE_COLUMNS:
            out[c] = out[c].astype("Float64").mask(named)
    out["_named"] = named.to_numpy()
    return out


def actuals_detail(p: Production, s: Scrubber) -> pd.DataFrame:
    a = p.actuals[list(ACTUALS_COLUMNS)].copy()
    for c in ("vendor", "description", "po", "txn_id"):
        a[c] = s.replace(a[c])
    return a.sort_values(["date", "txn_id"], na_position="last", kind="stable").reset_index(drop=True)


@dataclass(frozen=True)
class FinancePack:
    specs: tuple[SheetSpec, ...]
    report: CostReport
    budget: pd.DataFrame
    actuals: pd.DataFrame
    withheld_rates: int  # named people's lines whose rates were withheld


def _table_sheet(name: str, title: str, note: str, spec: TableSpec, df: pd.DataFrame, currency: str,
                 *, headers: dict[str, str] | None = None) -> SheetSpec:  # fmt: skip
    keys = [c for c in df.columns if not c.startswith("_")]
    heads = tuple((headers or {}).get(k) or spec.header(k) for k in keys)
    blocks = [Block(1, 1, ((title,),), Style(bold=True, size=14)),
              Block(2, 1, ((note,),), Style(italic=True, color="595959")),
              Block(4, 1, (heads,), Style(bold=True, fill="D9D9D9", border=True, wrap=True))]
    values = _values(df[keys])
    if values:
        blocks.append(Block(5, 1, values, Style(border=True)))
        last = 4 + len(values)
        for i, k in enumerate(keys):
            col = spec.column(k) if k in spec.keys else None
            money_like = k in ("subtotal", "fringes", "total") or (col is not None and col.type is ColType.MONEY)
            fmt = money_format(currency) if money_like else DATE_FORMAT if k == "date" else None
            if fmt:
                blocks.append(Block(5, i + 1, tuple((r[i],) for r in values), Style(border=True, number_format=fmt)))
    else:
        last = 4
    widths = {i + 1: (spec.column(k).width if k in spec.keys else 12) for i, k in enumerate(keys)}
    widths = {c: max(w, 16 if keys[c - 1] == "date" else 14) for c, w in widths.items()}
    return SheetSpec(name=name, blocks=tuple(blocks), widths=widths, freeze="A5", landscape=True,
                     print_title_rows="4:4", autofilter=f"A4:{chr(ord('A') + len(keys) - 1)}{last}",
                     heights={4: 30}, literal_text=True)  # fmt: skip


def _top_sheet(r: CostReport, title: str, fig: B.BudgetFigures, s: Scrubber) -> SheetSpec:
    money = money_format(r.currency)
    blocks: list[Block] = [
        Block(1, 1, ((f"Top Sheet — {title}",),), Style(bold=True, size=14)),
        Block(3, 1, ((ACCOUNTS.header("account"), ACCOUNTS.header("name"), COST_REPORT_COLUMNS["budget"]),),
              Style(bold=True, fill="D9D9D9", border=True)),
    ]
    row = 4
    for cat in [*CATEGORIES, UNASSIGNED]:
        accts = r.accounts[r.accounts["category"] == cat]
        if accts.empty:
            continue
        ctitle = CATEGORY_TITLES.get(cat, UNASSIGNED_TITLE)
        blocks.append(Block(row, 1, ((cat, ctitle),), Style(bold=True, fill="DDEBF7")))
        row += 1
        vals = tuple((a, n, float(b)) for a, n, b in zip(accts["account"], accts["name"], accts["budget"],
                                                          strict=True))  # fmt: skip
        blocks.append(Block(row, 1, tuple(v[:2] for v in vals), Style(border=True)))
        blocks.append(Block(row, 3, tuple(v[2:] for v in vals), Style(border=True, number_format=money)))
        row += len(vals)
        total = float(r.top.set_index("line").at[cat, "budget"])
        blocks.append(Block(row, 2, ((f"Total {ctitle}", total),), Style(bold=True, fill="F2F2F2", border=True,
                                                                          number_format=money)))
        row += 2
    top = r.top.set_index("line")
    for line, label in TOP_SHEET_TOTALS.items():
        blocks.append(Block(row, 2, ((label, float(top.at[line, "budget"])),),
                            Style(bold=True, border=True, number_format=money,
                                  fill="BDD7EE" if line == "GRAND_TOTAL" else "F2F2F2")))
        row += 1
    if len(fig.charges):
        row += 1
        blocks.append(Block(row, 2, (("Contractual charges (included above, in their accounts)",),), Style(bold=True)))
        row += 1
        vals = tuple((a if a is not None and a is not pd.NA else "", str(n), float(v)) for a, n, v in
                     zip(fig.charges["account"], fig.charges["name"], fig.charges["amount"], strict=True))  # fmt: skip
        blocks.append(Block(row, 1, tuple(v[:2] for v in vals), Style(border=True)))
        blocks.append(Block(row, 3, tuple(v[2:] for v in vals), Style(border=True, number_format=money)))
        row += len(vals)
    if fig.groups:
        row += 1
        blocks.append(Block(row, 2, (("Groups",),), Style(bold=True)))
        row += 1
        grand = float(top.at["GRAND_TOTAL", "budget"])
        for g, amount in fig.groups.items():
            name = s.text(g)
            blocks.append(Block(row, 2, ((f"Group {name}", float(amount)), (f"Grand total without {name}",
                                                                            grand - float(amount))),
                                Style(border=True, number_format=money)))  # fmt: skip
            row += 2
    return SheetSpec(name=TOP_SHEET, blocks=tuple(blocks), widths={1: 10, 2: 36, 3: 18}, freeze="A4",
                     print_title_rows="3:3", literal_text=True)  # fmt: skip


def finance_pack(p: Production, start: dt.date | None = None, end: dt.date | None = None,
                 when: dt.datetime | None = None) -> FinancePack:  # fmt: skip
    """The finance pack's tabs, in order: About, Top Sheet, Cost Report, Budget Detail, Actuals, and Per Diems when
    anyone from out of town is owed them."""
    show = bool(p.settings.finance_may_see_rates)
    s = scrubber(p, keep_names=show)
    title = s.text(str(p.settings.title or "Production"))
    r = cost_report(p, start, end)
    r = CostReport(accounts=r.accounts.assign(name=s.replace(r.accounts["name"]).fillna("")),
                   categories=r.categories, top=r.top, start=r.start, end=r.end, currency=r.currency)  # fmt: skip
    bud = budget_detail(p, s, show_rates=show)
    act = actuals_detail(p, s)
    withheld = 0 if show else int(bud["_named"].sum())
    cur = r.currency
    stamp = (when or dt.datetime.now()).strftime("%a %d-%b-%Y %H:%M")
    rates = ("Day rates of named people are included (Settings: Finance May See Rates)." if show else
             f"Rates of named people are withheld: Amount, X and Rate are blank on {withheld} budget line"
             f"{'s' if withheld != 1 else ''} tied to a person; their totals are included.")  # fmt: skip
    lines = per_diems(p)
    about_lines = (
        (f"Finance pack — {title}",),
        (f"Company: {s.text(str(p.settings.company or ''))}. Currency {cur}. Generated {stamp}.",),
        (f"Cost report period {r.start:%a %d-%b-%Y} to {r.end:%a %d-%b-%Y}; to date = up to {r.end:%d-%b-%Y}.",),
        ("Every figure is a value: nothing here needs the production workbook or recalculation.",),
        ("No personal data: no phones, emails, addresses of people, emergency contacts, dates of birth or notes.",),
        ("Performer names read [Cast <ID>], crew names [<position>]; other personal details [withheld]."
         if not show else "Performer and crew names are included; other personal details read [withheld].",),
        (rates,),
        ("Text that a spreadsheet could read as a formula is stored as text (quote prefix), never run.",),
    ) + ((("Per Diems: each payee by name, the one personal datum accounting needs to pay them; nothing else "
           "about them.",),) if lines else ())
    about = SheetSpec(name=FINANCE_README_SHEET, blocks=(
        Block(1, 1, about_lines[:1], Style(bold=True, size=14)), Block(2, 1, about_lines[1:], Style(wrap=True)),
    ), widths={1: 120}, literal_text=True)  # fmt: skip
    budget_note = (f"{len(bud)} lines; subtotal = amount × X × rate in the line's currency, base subtotal = subtotal × "
                   f"FX rate to {cur}, fringes by code (cutoffs across a fringe range), total = base subtotal + "
                   "fringes; charges = the contractual charges the line bears (computed values).")
    actuals_note = ("Posted and Closed PO rows are cost to date; Open PO rows are commitments; Void rows count "
                    f"for nothing. {len(act)} transactions.")
    specs: tuple[SheetSpec, ...] = (
        about,
        _top_sheet(r, title, B.budget_figures(p), s),
        cost_sheet(r, p, formulas=False, when=when, title=title),
        _table_sheet(FINANCE_BUDGET_SHEET, f"Budget detail — {title}", budget_note, BUDGET, bud, cur),
        _table_sheet(FINANCE_ACTUALS_SHEET, f"Actuals — {title}", actuals_note, ACTUALS, act, cur),
    )
    # Per diems owed to the people from out of town: values only, each payee by name and nothing else about them
    # (accounting pays a person, and "[Driver]" may be four people). Name alone: no Cast ID or position beside it,
    # so the tab does not tie a name to the [Cast 3] lines whose deals the budget detail keeps.
    if lines:
        specs += (per_diem_sheet(p, lines, when),)
    return FinancePack(specs=specs, report=r, budget=bud.drop(columns="_named"), actuals=act,
                       withheld_rates=withheld)  # fmt: skip

"""The budget exchange file's columns, levels and header aliases, and how numbers and text are spelled in it.

Movie Magic's tab-delimited export and the accounting systems that load it (TPH Eclipse, EP Vista, Cast & Crew
PSL) read one row per detail line with its account; headers differ a little between them (`Amt`, `Unit`,
`Curr`, `Acct`), so the reader accepts aliases. Our rows of other Levels carry what rebuilds the whole budget:

==========  =========================================================================================
Level       What the row is, and which columns carry what
==========  =========================================================================================
``C``       a topsheet category (an account of the chart without a Topsheet Account): Account,
            Description (name), Units (its category: ATL, BTL, POST, OTHER), Total
``A``       an account under the ``C`` row above it: Account, Description, Units (category), Total
``D``       a detail line: every column (Amount, X and Rate as numbers; Globals says which were globals)
``S``       a subtotal line among its account's detail lines (Movie Magic's subtotal lines between Prep, Shoot
            and Wrap): Account, Description, Total (the detail lines of its account since the previous ``S``)
``FRINGE``  Account (code), Description, Rate (percent as a fraction: 0.062), Amount (flat), Units (flat
            per Line/Hour/Day/Week), Subtotal (cap)
``GLOBAL``  Account (name), Description, Amount (value), Units (schedule link)
``CURRENCY``  Currency (code), Rate (to the base currency), Description
``CHARGE``  Description (name), Rate (percent as a fraction), Fringe Codes (applies to), Fringe Range
            (excluding), Account (posted to), Total (its amount)
``SETTING`` Account (the setting, as the Settings table labels it), Description (its value)
==========  =========================================================================================

Totals are in the base currency (Settings → Currency) and include fringes: a ``D`` row's Total is the line's,
a ``C``/``A`` row's the sum of its detail lines (never of its ``S`` rows).
Subtotal on a ``D`` row is Amount × X × Rate in the line's currency.
"""

from __future__ import annotations

import math
import re
from typing import Any

from ...model.contract import normalise_header

COLUMNS = ("Level", "Account", "Description", "Amount", "Units", "X", "Currency", "Rate", "Subtotal", "Fringe Codes",
           "Fringe Range", "Group", "Location", "Set", "Total")  # fmt: skip
GLOBALS_COLUMN = "Globals"  # ours: which of Amount, X, Rate were a global ("Amount=SHOOT_WEEKS")
ALIASES = {
    "Amount": ("Amt", "Qty", "Quantity"), "Units": ("Unit", "Unit Type"), "Currency": ("Curr", "Cur"),
    "Account": ("Acct", "Acct #", "Account #", "Account No"), "Description": ("Desc", "Account Description"),
    "Fringe Codes": ("Fringes", "Fringe", "Frng"), "Fringe Range": ("Range",), "Subtotal": ("Sub Total", "Sub"),
    "X": ("Mult", "Multiplier", "x"), "Level": ("Lvl", "Row Type"), "Location": ("Loc",), "Group": ("Groups",),
}  # fmt: skip
LEVEL_ALIASES = {"C": "C", "CATEGORY": "C", "A": "A", "ACCOUNT": "A", "D": "D", "DETAIL": "D", "S": "S",
                 "SUBTOTAL": "S", "FRINGE": "FRINGE", "F": "FRINGE", "GLOBAL": "GLOBAL", "G": "GLOBAL",
                 "CURRENCY": "CURRENCY", "CUR": "CURRENCY",
                 "CHARGE": "CHARGE", "SETTING": "SETTING"}  # fmt: skip
DEFINITION_LEVELS = ("SETTING", "CURRENCY", "GLOBAL", "FRINGE", "CHARGE")
# The Settings a budget's arithmetic depends on, carried by SETTING rows.
BUDGET_SETTINGS = ("currency", "fringe_posting", "fringe_account", "hours_per_day", "hours_per_week",
                   "hours_per_month")  # fmt: skip
BOM = "\ufeff"
NEWLINE = "\r\n"  # what Excel and the Windows accounting systems write
_FORMULA_START = ("=", "+", "-", "@")


class BudgetFileError(ValueError):
    """The exchange file cannot be read; the message names the file, the line and the column."""


def header_key(text: str) -> str | None:
    """The column a header names (aliases and spelling ignored), or None for a column we do not know."""
    n = normalise_header(text)
    for col in (*COLUMNS, GLOBALS_COLUMN):
        if n == normalise_header(col) or n in {normalise_header(a) for a in ALIASES.get(col, ())}:
            return col
    return None


def number_text(v: Any) -> str:
    """An input number as the file spells it: shortest exact form ('6', '0.062', '333.33'); blank for none."""
    if v is None or (isinstance(v, float) and math.isnan(v)):
        return ""
    try:
        f = float(v)
    except (TypeError, ValueError):
        return ""
    if math.isnan(f):
        return ""
    if f.is_integer() and abs(f) < 1e15:
        return str(int(f))
    return repr(f)


def money_text(v: Any) -> str:
    """A computed figure: two decimals; blank for none (an error in the workbook)."""
    if v is None:
        return ""
    f = float(v)
    return "" if math.isnan(f) else f"{f:.2f}"


def text_cell(v: Any) -> str:
    """Text on one line without tabs; text a spreadsheet would run as a formula gets a leading apostrophe."""
    if v is None or (isinstance(v, float) and math.isnan(v)):
        return ""
    s = re.sub(r"[\t\r\n]+", " ", str(v)).strip()
    if s in ("<NA>", "nan"):
        return ""
    return "'" + s if s.startswith(_FORMULA_START) and not _is_number(s) else s


def untext(s: str) -> str:
    """``text_cell`` undone: the apostrophe that protected a formula-like text is dropped."""
    s = s.strip()
    if len(s) > 1 and s[0] == "'" and s[1] in _FORMULA_START:
        return s[1:]
    return s


def _is_number(s: str) -> bool:
    try:
        float(s)
    except ValueError:
        return False
    return True


_MONEY_NOISE = re.compile(r"[\s$€£¥,]")


def parse_number(s: str) -> float | None:
    """'1,250.00', '$1250', '(200)' for -200, '6'; None for blank. Raises ValueError for anything else."""
    t = _MONEY_NOISE.sub("", s.strip())
    if not t:
        return None
    negative = t.startswith("(") and t.endswith(")")
    if negative:
        t = t[1:-1]
    if t.endswith("%"):
        return (-1 if negative else 1) * float(t[:-1]) / 100
    f = float(t)
    if math.isnan(f) or math.isinf(f):
        raise ValueError(s)
    return -f if negative else f


def split_list(s: str) -> tuple[str, ...]:
    """'FICA, MED' / 'FICA;MED' / 'FICA MED' -> ('FICA', 'MED')."""
    parts = re.split(r"[,;/\n]", s) if re.search(r"[,;/\n]", s) else s.split()
    return tuple(p.strip() for p in parts if p.strip())

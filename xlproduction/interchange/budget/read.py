"""The exchange file read back into the workbook's tables (rows keyed by contract keys), figures kept aside.

Everything that cannot be read is collected — unknown Level, a number that is not one, a detail line with no
account — with its line and column, and reported together: an import that cannot be trusted writes nothing. The
file's own figures (Subtotal, Total) are not inputs: they are kept only to be compared with the recomputation
(``verify``). A header row is found by its ``Level`` column; other columns are found by name or alias, in any
order, and columns we do not know are ignored.
"""

from __future__ import annotations

import contextlib
from dataclasses import dataclass, field
from typing import Any

from ...model.contract import SETTINGS_BY_KEY, SUBTOTAL, normalise_header
from ...model.tabledata import Row
from .layout import (
    BOM,
    DEFINITION_LEVELS,
    GLOBALS_COLUMN,
    LEVEL_ALIASES,
    BudgetFileError,
    header_key,
    parse_number,
    split_list,
    untext,
)

_SETTING_BY_LABEL = {normalise_header(s.label): s for s in SETTINGS_BY_KEY.values()}
_GLOBAL_TARGETS = {"amount": "amount", "x": "x", "rate": "rate"}
MAX_ERRORS = 20


@dataclass
class FileFigure:
    """A figure the file states, to compare with the recomputation: the file line, what it is, and its value."""

    line: int
    level: str
    account: str
    description: str
    subtotal: float | None
    total: float | None
    index: int | None = None  # position among the detail lines (D rows)


@dataclass
class BudgetFile:
    """What the file carries: table rows by contract key, settings by key, and the figures it states."""

    name: str
    accounts: list[Row] = field(default_factory=list)
    lines: list[Row] = field(default_factory=list)
    fringes: list[Row] = field(default_factory=list)
    globals: list[Row] = field(default_factory=list)
    currencies: list[Row] = field(default_factory=list)
    charges: list[Row] = field(default_factory=list)
    settings: dict[str, Any] = field(default_factory=dict)
    figures: list[FileFigure] = field(default_factory=list)
    definitions: bool = False  # the file has rows of a definition Level (not --details-only)

    def levels(self) -> list[str]:
        return [f.level for f in self.figures]


def _lines(text: str) -> list[str]:
    return text.removeprefix(BOM).splitlines()


def read_budget_file(text: str, name: str) -> BudgetFile:
    """Parse the exchange file ``text`` (``name`` for messages). Raises ``BudgetFileError`` listing every problem."""
    rows = _lines(text)
    errors: list[str] = []
    header_at = next((i for i, r in enumerate(rows) if any(header_key(c) == "Level" for c in r.split("\t"))), None)
    if header_at is None:
        raise BudgetFileError(f"{name}: no header row with a 'Level' column was found. The first row should name the "
                              "columns: Level, Account, Description, Amount, Units, X, Currency, Rate, Subtotal, "
                              "Fringe Codes, Fringe Range, Group, Location, Set, Total.")  # fmt: skip
    heads = rows[header_at].split("\t")
    col: dict[str, int] = {}
    for j, h in enumerate(heads):
        k = header_key(h)
        if k is not None and k not in col:
            col[k] = j
    missing = [c for c in ("Account", "Description") if c not in col]
    if missing:
        raise BudgetFileError(f"{name} line {header_at + 1}: the header has no {' or '.join(missing)} column.")
    out = BudgetFile(name)
    parent: str | None = None  # the C row above, for A rows
    current: str | None = None  # the account of the last C/A row, for D rows without one
    for n, raw in enumerate(rows[header_at + 1:], start=header_at + 2):
        if not raw.strip():
            continue
        cells = raw.split("\t")

        def cell(c: str, cells: list[str] = cells) -> str:
            j = col.get(c)
            return untext(cells[j]) if j is not None and j < len(cells) else ""

        def num(c: str, n: int = n) -> float | None:
            try:
                return parse_number(cell(c))
            except ValueError:
                errors.append(f"line {n}, column {c}: {cell(c)!r} is not a number")
                return None

        level = LEVEL_ALIASES.get(cell("Level").upper())
        if level is None:
            errors.append(f"line {n}: unknown Level {cell('Level')!r} (expected C, A, D, S or one of "
                          f"{', '.join(DEFINITION_LEVELS)})")  # fmt: skip
            continue
        out.definitions |= level in DEFINITION_LEVELS
        account, description = cell("Account"), cell("Description")
        if level in ("C", "A"):
            current = account or current
            if level == "C":
                parent = account
            out.figures.append(FileFigure(n, level, account, description, None, num("Total")))
            if cell("Units"):  # an account of the chart (a C row for lines off the chart has no category)
                out.accounts.append({"account": account, "name": description or account,
                                     "category": cell("Units").upper(),
                                     "parent": parent if level == "A" else None})  # fmt: skip
        elif level == "D":
            acct = account or current
            if not acct:
                errors.append(f"line {n}: a detail line with no Account and no C or A row above it")
                continue
            line: Row = {"account": acct, "description": description, "amount": num("Amount"),
                         "units": cell("Units") or None, "x": num("X"), "currency": cell("Currency") or None,
                         "rate": num("Rate"), "fringe_codes": split_list(cell("Fringe Codes")),
                         "fringe_range": cell("Fringe Range") or None, "group": cell("Group") or None,
                         "location": cell("Location") or None, "set": cell("Set") or None}  # fmt: skip
            for item in split_list(cell(GLOBALS_COLUMN)):
                target, _, global_name = item.partition("=")
                key = _GLOBAL_TARGETS.get(target.strip().casefold())
                if key is None or not global_name.strip():
                    errors.append(f"line {n}, column {GLOBALS_COLUMN}: {item!r} is not Amount=, X= or Rate=<global>")
                else:
                    line[key] = global_name.strip()
            out.figures.append(FileFigure(n, "D", acct, description, num("Subtotal"), num("Total"), len(out.lines)))
            out.lines.append(line)
        elif level == "S":
            acct = account or current
            if not acct:
                errors.append(f"line {n}: a subtotal line with no Account and no C or A row above it")
                continue
            out.figures.append(FileFigure(n, "S", acct, description, None, num("Total"), len(out.lines)))
            out.lines.append({"account": acct, "description": description, "amount": None, "units": None, "x": None,
                              "currency": None, "rate": None, "fringe_codes": (), "fringe_range": None,
                              "group": None, "location": None, "set": None, "line_type": SUBTOTAL})  # fmt: skip
        elif level == "FRINGE":
            out.fringes.append({"code": account, "description": description or account, "percent": num("Rate"),
                                "flat": num("Amount"), "flat_per": cell("Units") or None, "cap": num("Subtotal")})
        elif level == "GLOBAL":
            value: Any = cell("Amount")
            # Another global's name stays as typed: the checks say what is wrong with it.
            with contextlib.suppress(ValueError):
                value = parse_number(value)
            out.globals.append({"name": account, "value": value, "link": cell("Units") or None,
                                "description": description or None})  # fmt: skip
        elif level == "CURRENCY":
            out.currencies.append({"code": cell("Currency") or account, "rate": num("Rate"),
                                   "description": description or None})  # fmt: skip
        elif level == "CHARGE":
            out.charges.append({"name": description or account, "percent": num("Rate"),
                                "applies_to": split_list(cell("Fringe Codes")),
                                "excluding": split_list(cell("Fringe Range")), "account": account or None})
            out.figures.append(FileFigure(n, "CHARGE", account, description, None, num("Total")))
        elif level == "SETTING":
            setting = _SETTING_BY_LABEL.get(normalise_header(account))
            if setting is None:
                errors.append(f"line {n}: {account!r} is not a setting of the workbook")
            else:
                v: Any = description
                if setting.type.value == "number" and description:
                    v = num("Description")
                out.settings[setting.key] = v if v != "" else None
    if errors:
        shown = errors[:MAX_ERRORS]
        more = f" (and {len(errors) - MAX_ERRORS} more)" if len(errors) > MAX_ERRORS else ""
        raise BudgetFileError(f"{name} cannot be imported; nothing was written:\n  " + "\n  ".join(shown) + more)
    return out

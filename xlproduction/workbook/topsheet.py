"""The budget Top Sheet of the production workbook: totals by category and by account, as live formulas.

Finance reads the top sheet first, often in plain Excel or LibreOffice without Python, so every figure on it is a
SUMIFS over the Budget table's computed columns rather than a number written by Python; the Python budget
arithmetic (``xlproduction.model.budget``) is tested to give the same figures. The layout is computed apart from the
writing (``layout``) so tests and other renderers can find each figure's cell without scanning the sheet.

The per-account lines are the chart of accounts known when the workbook is written; category and grand totals
are the Accounts table's Budget column summed by category, so accounts added later count. An account carries its
lines before fringes (in the base currency), the fringes posted to it and the contractual charges posted to it, so
the grand total includes fringes and charges wherever they are posted. Below the totals: each contractual charge
(informational: already inside its account) and each group's total with the grand total without it.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field

from openpyxl.styles import Alignment
from openpyxl.worksheet.worksheet import Worksheet

from ..model.contract import (
    ACCOUNTS,
    BUDGET,
    CATEGORIES,
    CATEGORY_TITLES,
    CHARGES,
    SETTINGS,
    SETTINGS_BY_KEY,
    SUBTOTAL,
    TOP_SHEET,
    TOP_SHEET_TOTALS,
    TableSpec,
)
from ..model.tabledata import Row
from .cellvalues import cell_value
from .styles import (
    BOLD,
    DOUBLE_RULE_BELOW,
    HEADER_FONT,
    RULE_ABOVE,
    RULE_BELOW,
    SUBTITLE_FONT,
    TITLE_FONT,
    money_format,
    print_setup,
)

HEADER_ROW = 4
FIRST_SUMMARY_ROW = HEADER_ROW + 1
ACCOUNT_COL, NAME_COL, TOTAL_COL = "A", "B", "C"
WIDTHS = {ACCOUNT_COL: 11.0, NAME_COL: 42.0, TOTAL_COL: 18.0}


def structured_ref(spec: TableSpec, key: str) -> str:
    """``Budget[Total]``; characters that are special inside a structured reference are escaped with '."""
    header = "".join("'" + ch if ch in "[]#'" else ch for ch in spec.header(key))
    return f"{spec.name}[{header}]"


@dataclass(frozen=True, slots=True)
class TopSheetLayout:
    """Where each figure sits: ``totals`` is keyed like ``budget.category_totals``; ``accounts`` by account."""

    totals: dict[str, str] = field(default_factory=dict)  # key -> cell of the amount, e.g. "C5"
    charges: dict[str, str] = field(default_factory=dict)  # charge name -> cell of its amount
    groups: dict[str, tuple[str, str]] = field(default_factory=dict)  # group -> (its total, grand total without it)
    category_rows: dict[str, int] = field(default_factory=dict)  # category -> row of its detail heading
    accounts: dict[str, str] = field(default_factory=dict)  # account -> cell of its total
    account_rows: tuple[tuple[int, Row], ...] = ()  # (row, account row) in print order


def layout(accounts: Sequence[Row], charges: Sequence[str] = (), groups: Sequence[str] = ()) -> TopSheetLayout:
    """Summary block first (one line per category, then above/below the line and grand total), the contractual
    charges and the groups, then the detail: a heading per category followed by its accounts in chart order."""
    totals: dict[str, str] = {}
    r = FIRST_SUMMARY_ROW
    for key in (*CATEGORIES, *TOP_SHEET_TOTALS):
        totals[key] = f"{TOTAL_COL}{r}"
        r += 1
    charge_cells: dict[str, str] = {}
    if charges:
        r += 2  # a blank line and a heading
        for name in charges:
            charge_cells.setdefault(name, f"{TOTAL_COL}{r}")
            r += 1
    group_cells: dict[str, tuple[str, str]] = {}
    if groups:
        r += 2
        for g in groups:
            if g not in group_cells:
                group_cells[g] = (f"{TOTAL_COL}{r}", f"{TOTAL_COL}{r + 1}")
                r += 2
    r += 1  # blank line before the detail
    category_rows: dict[str, int] = {}
    account_cells: dict[str, str] = {}
    placed: list[tuple[int, Row]] = []
    for cat in CATEGORIES:
        category_rows[cat] = r
        r += 1
        for acc in accounts:
            if acc.get("category") != cat or acc.get("account") in (None, ""):
                continue
            account_cells.setdefault(str(acc["account"]), f"{TOTAL_COL}{r}")
            placed.append((r, acc))
            r += 1
        r += 1
    return TopSheetLayout(totals, charge_cells, group_cells, category_rows, account_cells, tuple(placed))


def _setting_formula(key: str) -> str:
    """The value of a setting, looked up live in the Settings table (blank when absent)."""
    value, label = structured_ref(SETTINGS, "value"), SETTINGS_BY_KEY[key].label
    return f'=IFERROR(INDEX({value},MATCH("{label}",{structured_ref(SETTINGS, "key")},0))&"","")'


def account_formula(cell: str) -> str:
    """What the account in ``cell`` carries, as the Accounts table's Budget column computes it (for accounts that
    are not, or not yet, in the chart too)."""
    return (f"=SUMIFS({structured_ref(BUDGET, 'base_subtotal')},{structured_ref(BUDGET, 'account')},{cell}&\"\")"
            f"+SUMIFS({structured_ref(BUDGET, 'fringes')},{structured_ref(BUDGET, 'fringe_account')},{cell}&\"\")"
            f"+SUMIFS({structured_ref(CHARGES, 'amount')},{structured_ref(CHARGES, 'account')},{cell}&\"\")")


def write_top_sheet(ws: Worksheet, accounts: Sequence[Row], *, currency: str | None, paper: str | None,
                    charges: Sequence[str] = (), groups: Sequence[str] = ()) -> TopSheetLayout:  # fmt: skip
    """Fill ``ws`` with the top sheet; ``accounts`` are Accounts rows (keys account, name, category), ``charges``
    the names of the Charges rows, ``groups`` the groups the Budget lines name."""
    lay = layout(accounts, charges, groups)
    money = money_format(currency)
    acc_budget, acc_category = structured_ref(ACCOUNTS, "budget"), structured_ref(ACCOUNTS, "category")
    acc_account, acc_name = structured_ref(ACCOUNTS, "account"), structured_ref(ACCOUNTS, "name")

    ws["A1"] = _setting_formula("title")
    ws["A1"].font = TITLE_FONT
    ws["A2"] = TOP_SHEET
    ws["A2"].font = SUBTITLE_FONT
    for col, key in ((ACCOUNT_COL, "account"), (NAME_COL, "name")):
        ws[f"{col}{HEADER_ROW}"] = ACCOUNTS.header(key)
    ws[f"{TOTAL_COL}{HEADER_ROW}"] = BUDGET.header("total")
    for col in WIDTHS:
        cell = ws[f"{col}{HEADER_ROW}"]
        cell.font, cell.border = HEADER_FONT, RULE_BELOW
        ws.column_dimensions[col].width = WIDTHS[col]
    ws[f"{TOTAL_COL}{HEADER_ROW}"].alignment = Alignment(horizontal="right")

    def amount(cell_ref: str, formula: str, *, bold: bool = False) -> None:
        ws[cell_ref] = formula
        ws[cell_ref].number_format = money
        if bold:
            ws[cell_ref].font = BOLD

    # Summary: one line per category, then the lines finance reads first.
    for cat in CATEGORIES:
        cell_ref = lay.totals[cat]
        ws[f"{NAME_COL}{cell_ref[1:]}"] = CATEGORY_TITLES[cat]
        amount(cell_ref, f'=SUMIFS({acc_budget},{acc_category},"{cat}")')
    atl = lay.totals["TOTAL_ATL"]
    btl = lay.totals["TOTAL_BTL"]
    grand = lay.totals["GRAND_TOTAL"]
    below = [c for c in CATEGORIES if c != CATEGORIES[0]]  # everything after ATL is below the line
    amount(atl, f"={lay.totals[CATEGORIES[0]]}", bold=True)
    amount(btl, "=" + "+".join(lay.totals[c] for c in below), bold=True)
    amount(grand, f"={atl}+{btl}", bold=True)
    for key in TOP_SHEET_TOTALS:
        row = lay.totals[key][1:]
        ws[f"{NAME_COL}{row}"] = TOP_SHEET_TOTALS[key]
        ws[f"{NAME_COL}{row}"].font = BOLD
    ws[f"{NAME_COL}{atl[1:]}"].border = ws[atl].border = RULE_ABOVE
    ws[f"{NAME_COL}{grand[1:]}"].border = ws[grand].border = DOUBLE_RULE_BELOW

    # Contractual charges: each one's amount, live from the Charges table (already inside the account it posts to).
    if lay.charges:
        first = int(next(iter(lay.charges.values()))[1:])
        ws[f"{NAME_COL}{first - 1}"] = "Contractual charges (included above, in their accounts)"
        ws[f"{NAME_COL}{first - 1}"].font = BOLD
        charge_name, charge_amount = structured_ref(CHARGES, "name"), structured_ref(CHARGES, "amount")
        for name, ref in lay.charges.items():
            ws[f"{NAME_COL}{ref[1:]}"] = cell_value(name, CHARGES.column("name").type)
            amount(ref, f'=SUMIFS({charge_amount},{charge_name},{NAME_COL}{ref[1:]})')
    # Groups: each group's lines with the charges they bear, and the grand total without them.
    if lay.groups:
        first = int(next(iter(lay.groups.values()))[0][1:])
        ws[f"{NAME_COL}{first - 1}"] = "Groups"
        ws[f"{NAME_COL}{first - 1}"].font = BOLD
        line_group = structured_ref(BUDGET, "group")
        for g, (with_ref, without_ref) in lay.groups.items():
            row = with_ref[1:]
            ws[f"{ACCOUNT_COL}{row}"] = cell_value(g, BUDGET.column("group").type)
            ws[f"{NAME_COL}{row}"] = f"Group {g}"
            detail = f'{structured_ref(BUDGET, "line_type")},"<>{SUBTOTAL}"'  # a subtotal line sums others
            amount(with_ref, f"=SUMIFS({structured_ref(BUDGET, 'total')},{line_group},{ACCOUNT_COL}{row},{detail})"
                             f"+SUMIFS({structured_ref(BUDGET, 'charges')},{line_group},{ACCOUNT_COL}{row})")
            ws[f"{NAME_COL}{without_ref[1:]}"] = f"Grand total without {g}"
            amount(without_ref, f"={grand}-{with_ref}", bold=True)

    # Detail: a heading per category with its total, then its accounts.
    for cat, row in lay.category_rows.items():
        ws[f"{NAME_COL}{row}"] = CATEGORY_TITLES[cat]
        ws[f"{NAME_COL}{row}"].font = BOLD
        ws[f"{NAME_COL}{row}"].border = RULE_BELOW
        amount(f"{TOTAL_COL}{row}", f"={lay.totals[cat]}", bold=True)
        ws[f"{TOTAL_COL}{row}"].border = RULE_BELOW
    for row, acc in lay.account_rows:
        # Written as the Accounts table writes it, so MATCH and SUMIFS compare like with like.
        ws[f"{ACCOUNT_COL}{row}"] = cell_value(acc["account"], ACCOUNTS.column("account").type)
        ws[f"{ACCOUNT_COL}{row}"].alignment = Alignment(horizontal="left")
        ws[f"{NAME_COL}{row}"] = f'=IFERROR(INDEX({acc_name},MATCH(${ACCOUNT_COL}{row},{acc_account},0))&"","")'
        amount(f"{TOTAL_COL}{row}", account_formula(f"${ACCOUNT_COL}{row}"))

    print_setup(ws, landscape=False, paper=paper, title_rows=f"{HEADER_ROW}:{HEADER_ROW}")
    return lay

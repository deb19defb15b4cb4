"""The budget Top Sheet of the production workbook: totals by category and by account, as live formulas.

Finance reads the top sheet first, often in plain Excel or LibreOffice without Python, so every figure on it is a
SUMIFS over the Budget table's computed columns rather than a number written by Python; the Python budget
arithmetic (``xlproduction.model.budget``) is tested to give the same figures. The layout is computed apart from the
writing (``layout``) so tests and other renderers can find each figure's cell without scanning the sheet.

The per-account lines are the chart of accounts known when the workbook is written; category and grand totals
cover every budget line, including accounts added later.
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
    SETTINGS,
    SETTINGS_BY_KEY,
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
    category_rows: dict[str, int] = field(default_factory=dict)  # category -> row of its detail heading
    accounts: dict[str, str] = field(default_factory=dict)  # account -> cell of its total
    account_rows: tuple[tuple[int, Row], ...] = ()  # (row, account row) in print order


def layout(accounts: Sequence[Row]) -> TopSheetLayout:
    """Summary block first (one line per category, then above/below the line and grand total), then the
    detail: a heading per category followed by its accounts in chart-of-accounts order."""
    totals: dict[str, str] = {}
    r = FIRST_SUMMARY_ROW
    for key in (*CATEGORIES, *TOP_SHEET_TOTALS):
        totals[key] = f"{TOTAL_COL}{r}"
        r += 1
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
    return TopSheetLayout(totals, category_rows, account_cells, tuple(placed))


def _setting_formula(key: str) -> str:
    """The value of a setting, looked up live in the Settings table (blank when absent)."""
    value, label = structured_ref(SETTINGS, "value"), SETTINGS_BY_KEY[key].label
    return f'=IFERROR(INDEX({value},MATCH("{label}",{structured_ref(SETTINGS, "key")},0))&"","")'


def write_top_sheet(ws: Worksheet, accounts: Sequence[Row], *, currency: str | None,
                    paper: str | None) -> TopSheetLayout:  # fmt: skip
    """Fill ``ws`` with the top sheet; ``accounts`` are Accounts rows (keys account, name, category)."""
    lay = layout(accounts)
    money = money_format(currency)
    total, category = structured_ref(BUDGET, "total"), structured_ref(BUDGET, "category")
    line_account = structured_ref(BUDGET, "account")
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
        amount(cell_ref, f'=SUMIFS({total},{category},"{cat}")')
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
        amount(f"{TOTAL_COL}{row}", f"=SUMIFS({total},{line_account},${ACCOUNT_COL}{row})")

    print_setup(ws, landscape=False, paper=paper, title_rows=f"{HEADER_ROW}:{HEADER_ROW}")
    return lay

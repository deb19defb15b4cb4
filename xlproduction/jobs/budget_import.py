"""Budget import: an exchange file into the workbook's Budget, Accounts, Fringes, Globals, Currencies and Charges
tables and its budget Settings (the job behind `xlproduction budget import`).

The file is read completely first; a file that cannot be read writes nothing. Every figure it states is compared
with the recomputation (``interchange.budget.verify``), and the disagreeing lines are listed — the workbook keeps
its own formulas, so it shows the recomputed figures, never the file's. The rows are written through the table
update engine (``workbook/table_update.py``): the coordinator's table styles, extra columns, validations and
everything outside the tables stay; the write is atomic, with a backup when it goes into the workbook itself.

What the file replaces: the Budget rows (all of them: the file is the budget); with its definitions (not a
``--details-only`` file) the Fringes, Globals, Currencies and Charges rows and the budget Settings (base
currency, fringe posting, hours). Accounts are merged: the file's accounts update the name, category and topsheet
account of the same codes (their EFC Override and notes stay), new codes are added, and accounts the file does not
mention stay (actuals may be coded to them).
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pandas as pd

from ..interchange.budget import BudgetFile, BudgetFileError, Disagreement, disagreements, read_budget_file
from ..interchange.budget.verify import context_of_file, recompute
from ..model import budget as B
from ..model.contract import ACCOUNTS
from ..model.production import Production
from ..model.tableupdate import SettingValues, TableRows
from .budget_export import BUDGET_TABLES


class BudgetImportRefused(Exception):
    """The import was refused (``--strict`` and the file's figures disagree); nothing was written."""


@dataclass(frozen=True)
class ImportResult:
    file: BudgetFile
    disagreements: tuple[Disagreement, ...]
    written: Path | None  # None when nothing was written (dry run)
    tables: tuple[str, ...]  # the tables written


def _merged_accounts(p: Production, bf: BudgetFile) -> list[dict[str, Any]]:
    mine = p.accounts.drop(columns=[c for c in p.accounts.columns if c.startswith("_")]).to_dict("records")
    by = {B.fold(r["account"]): r for r in mine}
    for acc in bf.accounts:
        k = B.fold(acc["account"])
        if k in by:
            by[k].update(acc)
        else:
            row = {"account": acc["account"], "name": acc["name"], "category": acc["category"],
                   "parent": acc.get("parent")}  # fmt: skip
            mine.append(row)
            by[k] = row
    return mine


def import_budget(file: Path, workbook: Path, target: Path, *, backups: int | None = None, strict: bool = False,
                  dry_run: bool = False) -> ImportResult:  # fmt: skip
    """Read ``file``, check it against the recomputation and write it into ``workbook`` saved as ``target`` (the
    workbook itself for an in-place import). Raises ``BudgetFileError`` (unreadable file) or
    ``BudgetImportRefused`` (``strict`` and figures disagree) with nothing written."""
    from ..workbook.reader import load_production
    from ..workbook.safe_write import DEFAULT_BACKUPS
    from ..workbook.table_update import update_tables

    try:
        text = file.read_bytes().decode("utf-8-sig")
    except UnicodeDecodeError as e:
        raise BudgetFileError(f"{file.name} is not UTF-8 text (byte {e.start}): export it again as UTF-8 "
                              "(Excel: Save As → Unicode Text or CSV UTF-8).") from None  # fmt: skip
    bf = read_budget_file(text, file.name)
    p = load_production(workbook, tables=BUDGET_TABLES)
    accounts = _merged_accounts(p, bf)
    ctx = context_of_file(bf, B.context_of(p))
    fig = recompute(bf, ctx, p.fringes, pd.DataFrame(accounts, columns=[c.key for c in ACCOUNTS.input_columns]))
    found = tuple(disagreements(bf, fig))
    if strict and found:
        raise BudgetImportRefused(f"{len(found)} figure{'s' if len(found) != 1 else ''} of {file.name} disagree with "
                                  "the recomputation (--strict): nothing was written.")  # fmt: skip
    updates: list[TableRows | SettingValues] = [TableRows("Budget", bf.lines)]
    if bf.accounts:
        updates.append(TableRows("Accounts", accounts))
    if bf.definitions:
        updates += [TableRows("Fringes", bf.fringes), TableRows("Globals", bf.globals),
                    TableRows("Currencies", bf.currencies), TableRows("Charges", bf.charges)]  # fmt: skip
        if bf.settings:
            updates.append(SettingValues(bf.settings))
    names = tuple(u.table if isinstance(u, TableRows) else "Settings" for u in updates)
    if dry_run:
        return ImportResult(bf, found, None, names)
    out = update_tables(workbook, target, updates, backups=DEFAULT_BACKUPS if backups is None else backups)
    return ImportResult(bf, found, out, names)

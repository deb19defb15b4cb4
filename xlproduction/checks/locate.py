"""Turning flagged rows into findings that point at the right cell.

Rules compute a boolean mask over a table with vectorised pandas; only the flagged rows (few, in a workbook
worth sharing) are turned into ``Finding`` records here, each with the sheet and A1 cell of the offending value.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from typing import Any

import pandas as pd

from ..model.findings import Finding, RuleInfo, Severity
from ..model.production import ROW, Production

Text = str | Callable[[dict[str, Any]], str]


def _text(t: Text, row: dict[str, Any]) -> str:
    return t(row) if callable(t) else t.format_map(_RowFormat(row))


class _RowFormat(dict[str, Any]):
    """Lets message templates say ``{scene}`` for the row's value."""

    def __init__(self, row: dict[str, Any]) -> None:
        super().__init__()
        self.row = row

    def __missing__(self, key: str) -> Any:
        v = self.row.get(key)
        if v is None or v is pd.NA or v is pd.NaT or (isinstance(v, float) and pd.isna(v)):
            return _BLANK
        return v


class _Blank(str):
    """'(blank)' under any format spec: a template's ``{date:%d-%b-%Y}`` on an empty date must not raise."""

    def __format__(self, spec: str) -> str:
        return str(self)


_BLANK = _Blank("(blank)")


def at_rows(p: Production, info: RuleInfo, table: str, rows: pd.DataFrame, column: str, message: Text,
            hint: Text = "", severity: Severity | None = None) -> Iterator[Finding]:  # fmt: skip
    """One finding per row of ``rows`` (a filtered slice of the table), at ``column`` of that row."""
    t = p.table(table)
    header = t.spec.column(column).header if column in t.spec.keys else column
    if rows.empty:
        # Most rules flag nothing on a workbook worth sharing, and ``to_dict`` costs a Series per column even
        # for no rows: nearly a third of a whole check on a clean workbook.
        return
    # Records, not itertuples: namedtuples rename "_row" and headers with spaces.
    for r in rows.to_dict("records"):
        excel_row = int(r[ROW])
        yield info.finding(
            _text(message, r), severity=severity, sheet=t.sheet,
            cell=t.cell(column, excel_row) or _first_cell(t, excel_row), table=table, row=excel_row,
            column=header, hint=_text(hint, r))


def _first_cell(t: Any, row: int | None = None) -> str | None:
    """The row's cell in the table's leftmost column: where a finding points when the column it is about is not
    in the workbook at all (a deleted Emergency Contact column), so it still names a cell to go to."""
    loc = t.location
    if loc is None or not loc.letters:
        return None
    key = min(loc.letters, key=lambda k: (len(loc.letters[k]), loc.letters[k]))
    return loc.cell(key, row)


def at_table(p: Production, info: RuleInfo, table: str, message: str, hint: str = "", column: str | None = None,
             severity: Severity | None = None) -> Finding:  # fmt: skip
    """A finding about a table as a whole, pointing at its header (or at one column's header)."""
    t = p.table(table)
    first = column or (t.spec.columns[0].key)
    return info.finding(message, severity=severity, sheet=t.sheet, cell=t.cell(first) or _first_cell(t), table=table,
                        row=t.location.header_row if t.location else None, hint=hint)


def at_setting(p: Production, info: RuleInfo, key: str, message: str, hint: str = "",
               severity: Severity | None = None) -> Finding:  # fmt: skip
    s = p.settings
    return info.finding(message, severity=severity, sheet=s.sheet, cell=s.cells.get(key), table="Settings",
                        hint=hint)

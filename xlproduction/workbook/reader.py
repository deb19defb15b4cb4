"""Reading a production workbook into a ``Production``.

Two sources feed the same table builder: an .xlsx file read with python-calamine (tables found by their Excel
Table name, so sheets can be renamed or moved), and raw grids handed over by the Excel adapter (xlwings, where
calamine is not available, e.g. xlwings Lite). Everything the builder cannot make sense of becomes a Finding
with the sheet and cell; nothing here raises on bad content. A file that cannot be opened at all raises
``WorkbookUnreadable`` with a message for the coordinator.
"""

from __future__ import annotations

import datetime as dt
import difflib
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pandas as pd

from ..findings import Finding
from ..production import ROW, Production, Settings, Table, TableLocation, empty_table
from . import problems as P
from .coerce import coerce_column, is_blank, parse_value
from .contract import SETTINGS, SETTINGS_KEYS, TABLES, Column, TableSpec, normalise_header


class WorkbookUnreadable(Exception):
    """The file is not a workbook we can open; the message says why and what to do."""


@dataclass(frozen=True, slots=True)
class RawTable:
    """A table as found in a workbook: its header cells and data rows, before any typing."""

    sheet: str
    header_row: int  # 1-based Excel row of the header
    first_col: int  # 1-based Excel column of the first header cell
    headers: Sequence[Any]
    rows: Sequence[Sequence[Any]]
    is_table: bool = True


def column_letter(n: int) -> str:
    """1 -> A, 27 -> AA."""
    s = ""
    while n:
        n, r = divmod(n - 1, 26)
        s = chr(65 + r) + s
    return s


# --- from raw grids to typed tables -----------------------------------------------------------------------------


def _match_headers(spec: TableSpec, raw: RawTable) -> tuple[dict[str, int], dict[str, int], list[Finding]]:
    """Map contract keys and extra headers to positions; report duplicates."""
    lookup: dict[str, str] = {}
    for col in spec.columns:
        for name in (col.header, *col.aliases):
            lookup.setdefault(normalise_header(name), col.key)
    matched: dict[str, int] = {}
    extras: dict[str, int] = {}
    findings: list[Finding] = []
    for j, h in enumerate(raw.headers):
        if is_blank(h):
            continue
        key = lookup.get(normalise_header(h))
        if key is None:
            extras.setdefault(str(h).strip(), j)
        elif key in matched:
            first = column_letter(raw.first_col + matched[key])
            findings.append(P.DUPLICATE_COLUMN.finding(
                f"{spec.name}: column {str(h)!r} repeats column {first} ({spec.header(key)}); only {first} is read.",
                sheet=raw.sheet, cell=f"{column_letter(raw.first_col + j)}{raw.header_row}", table=spec.name,
                row=raw.header_row, column=str(h), hint="Delete or rename one of the two columns."))
        else:
            matched[key] = j
    return matched, extras, findings


def build_table(spec: TableSpec, raw: RawTable, date_order: str = "MDY") -> tuple[Table, list[Finding]]:
    matched, extras, findings = _match_headers(spec, raw)
    letters = {k: column_letter(raw.first_col + j) for k, j in matched.items()}
    loc = TableLocation(raw.sheet, raw.header_row, letters, raw.is_table)
    header_cell = f"{column_letter(raw.first_col)}{raw.header_row}"
    for col in spec.columns:
        if col.required and col.key not in matched:
            findings.append(P.MISSING_COLUMN.finding(
                f"{spec.name} has no {col.header!r} column.", sheet=raw.sheet, cell=header_cell, table=spec.name,
                row=raw.header_row, column=col.header,
                hint=f"Add a column headed {col.header!r} to the {spec.name} table."))

    width = len(raw.headers)
    input_pos = [j for k, j in matched.items() if spec.column(k).formula is None] + list(extras.values())
    kept: list[int] = []
    for i, r in enumerate(raw.rows):
        if any(j < len(r) and not is_blank(r[j]) for j in input_pos):
            kept.append(i)
    rows = [raw.rows[i] for i in kept]
    excel_rows = [raw.header_row + 1 + i for i in kept]

    def cells(j: int) -> list[Any]:
        return [r[j] if j < len(r) else None for r in rows]

    data: dict[str, Any] = {}
    for col in spec.columns:
        if col.key not in matched:
            series = coerce_column([col.default] * len(rows) if col.default is not None else [None] * len(rows),
                                   col, date_order)[0]
            data[col.key] = series
            continue
        j = matched[col.key]
        values = cells(j)
        if col.formula is not None:
            # Formula columns are Excel's view of other tables; Python recomputes them, so keep only the text.
            data[col.key] = pd.Series([None if is_blank(v) else v for v in values], dtype="object")
            continue
        series, errors, blanks = coerce_column(values, col, date_order)
        letter = letters[col.key]
        for pos, msg in errors:
            rule = P.VALUE_NOT_ALLOWED if col.allowed else P.UNREADABLE_VALUE
            findings.append(rule.finding(
                f"{spec.name} {col.header} on row {excel_rows[pos]}: {msg}.", sheet=raw.sheet,
                cell=f"{letter}{excel_rows[pos]}", table=spec.name, row=excel_rows[pos], column=col.header,
                hint=_type_hint(col)))
        if blanks and col.default is not None:
            filled = coerce_column([col.default], col, date_order)[0].iloc[0]
            series = series.copy()
            series.iloc[blanks] = filled
        elif col.required:
            for pos in blanks:
                findings.append(P.BLANK_REQUIRED.finding(
                    f"{spec.name} row {excel_rows[pos]} has no {col.header}.", sheet=raw.sheet,
                    cell=f"{letter}{excel_rows[pos]}", table=spec.name, row=excel_rows[pos], column=col.header,
                    hint=f"Fill in {col.header}, or delete the row if it is not used."))
        data[col.key] = series
    for name, j in extras.items():
        if name not in data:
            data[name] = pd.Series(cells(j), dtype="object")
    data[ROW] = pd.Series(excel_rows, dtype="int64")
    df = pd.DataFrame(data)
    findings.extend(_duplicates(spec, df, loc))
    del width
    return Table(spec, df, loc), findings


def _duplicates(spec: TableSpec, df: pd.DataFrame, loc: TableLocation) -> list[Finding]:
    out: list[Finding] = []
    for col in spec.columns:
        if not col.unique or col.key not in loc.letters or df.empty:
            continue
        s = df[col.key]
        key = s.astype("string").str.casefold() if col.type in (col.type.TEXT, col.type.ID) else s
        dup = key.notna() & key.duplicated(keep="first")
        if not dup.any():
            continue
        first_row = df.loc[key.notna()].groupby(key[key.notna()], sort=False)[ROW].first()
        for _, r in df.loc[dup].iterrows():
            first = first_row[key[_]]
            out.append(P.DUPLICATE_ID.finding(
                f"{spec.name}: {col.header} {r[col.key]!s} appears again on row {r[ROW]} (first on row {first}).",
                sheet=loc.sheet, cell=loc.cell(col.key, int(r[ROW])), table=spec.name, row=int(r[ROW]),
                column=col.header, hint=f"Make {col.header} unique, e.g. renumber to {r[col.key]!s}A."))
    return out


def _type_hint(col: Column) -> str:
    t = col.type.value
    examples = {
        "date": "Type a date such as 2027-03-02, or pick one with the date format.",
        "time": "Type a time such as 7:30 AM or 19:30.",
        "duration": "Type a duration such as 1:30 (h:mm) or 90 min.",
        "pages": "Type pages in eighths such as 1 3/8, 11/8 or 1.375.",
        "money": "Type an amount such as 1250 or $1,250.00.",
        "number": "Type a number.",
        "percent": "Type a percentage such as 6.2%.",
        "int": "Type a whole number.",
        "bool": "Type Yes or No.",
    }
    if col.allowed:
        return f"Pick one of: {', '.join(col.allowed)}."
    return examples.get(t, "Correct the value.")


def build_settings(raw: RawTable | None) -> tuple[Settings, list[Finding]]:
    if raw is None:
        return Settings({}), []
    table, findings = build_table(SETTINGS, raw)
    df, loc = table.df, table.location
    assert loc is not None
    by_label: dict[str, Any] = {}
    for s in SETTINGS_KEYS:
        for name in (s.label, s.key, *s.aliases):
            by_label[normalise_header(name)] = s
    values: dict[str, Any] = {}
    cells: dict[str, str] = {}
    raw_values = {int(r): v for r, v in zip(df[ROW], df["value"], strict=True)}
    for key, excel_row in zip(df["key"], df[ROW], strict=True):
        if pd.isna(key):
            continue
        spec = by_label.get(normalise_header(key))
        value_cell = loc.cell("value", int(excel_row)) or f"B{excel_row}"
        if spec is None:
            close = difflib.get_close_matches(str(key), [s.label for s in SETTINGS_KEYS], n=1)
            findings.append(P.UNKNOWN_SETTING.finding(
                f"Settings: {key!r} is not a known setting and is ignored.", sheet=loc.sheet,
                cell=loc.cell("key", int(excel_row)), table=SETTINGS.name, row=int(excel_row), column="Setting",
                hint=f"Did you mean {close[0]!r}?" if close else "See the README for the list of settings."))
            continue
        v = raw_values[int(excel_row)]
        cells[spec.key] = value_cell
        if v is None or is_blank(v):
            continue
        col = Column(spec.key, spec.label, spec.type, allowed=spec.allowed)
        try:
            values[spec.key] = parse_value(v, col)
        except ValueError as e:
            findings.append(P.UNREADABLE_VALUE.finding(
                f"Settings {spec.label}: {e}.", sheet=loc.sheet, cell=value_cell, table=SETTINGS.name,
                row=int(excel_row), column="Value", hint=_type_hint(col)))
    return Settings(values, cells, loc.sheet), findings


def build_production(raws: dict[str, RawTable | None], source: str = "",
                     extra_findings: Sequence[Finding] = (), today: dt.date | None = None) -> Production:
    """Type every table found (``raws`` maps table name -> raw table or None when absent)."""
    settings, findings = build_settings(raws.get(SETTINGS.name))
    findings = [*extra_findings, *findings]
    date_order = settings.date_order or "MDY"
    tables: dict[str, Table] = {}
    for spec in TABLES:
        raw = raws.get(spec.name)
        if raw is None:
            tables[spec.name] = empty_table(spec)
            if spec.required:
                findings.append(P.MISSING_TABLE.finding(
                    f"The workbook has no {spec.name} table.", table=spec.name,
                    hint=f"Insert an Excel Table named {spec.name!r} (Insert → Table, then Table Design → "
                         f"Table Name), or copy the {spec.sheet} sheet from a new template."))
            continue
        if not raw.is_table:
            findings.append(P.PLAIN_RANGE.finding(
                f"{spec.name} was found as plain cells on sheet {raw.sheet!r}, not as an Excel Table.",
                sheet=raw.sheet, cell=f"{column_letter(raw.first_col)}{raw.header_row}", table=spec.name,
                row=raw.header_row, hint=f"Click in the range, Insert → Table, and name it {spec.name!r}."))
        if spec is SETTINGS:
            table, _ = build_table(spec, raw, date_order)
        else:
            table, table_findings = build_table(spec, raw, date_order)
            findings.extend(table_findings)
        tables[spec.name] = table
    return Production(tables=tables, settings=settings, source=source, findings=tuple(findings),
                      today=today or dt.date.today())  # fmt: skip


# --- from an .xlsx file (python-calamine) --------------------------------------------------------------------


def _find_header_row(grid: Sequence[Sequence[Any]], spec: TableSpec) -> tuple[int, int] | None:
    """In a plain range, the first of the top 30 rows that holds most of the table's required headers."""
    wanted = {normalise_header(n) for c in spec.columns if c.required for n in (c.header, *c.aliases)}
    need = max(1, len([c for c in spec.columns if c.required]) // 2 + 1)
    for i, row in enumerate(grid[:30]):
        norm = [normalise_header(v) if not is_blank(v) else "" for v in row]
        hits = [j for j, n in enumerate(norm) if n in wanted]
        if len(hits) >= need:
            first = next(j for j, n in enumerate(norm) if n)
            return i, first
    return None


def read_raw_tables(path: str | Path) -> dict[str, RawTable | None]:
    """Every contract table of an .xlsx, found by Excel Table name, else by sheet name as a plain range."""
    try:
        from python_calamine import CalamineWorkbook
    except ImportError as e:  # pragma: no cover - Lite has no calamine; it reads through xlwings instead
        raise WorkbookUnreadable("python-calamine is not installed: pip install python-calamine") from e
    p = Path(path)
    if not p.exists():
        raise WorkbookUnreadable(f"{p} does not exist. Check the path, or create one with 'xlproduction new'.")
    try:
        wb = CalamineWorkbook.from_path(str(p), load_tables=True)
    except Exception as e:  # calamine raises several unrelated types for bad files
        raise WorkbookUnreadable(
            f"{p.name} could not be opened as an Excel workbook ({type(e).__name__}: {e}). "
            "Save it from Excel as 'Excel Workbook (.xlsx)' and try again.") from None
    try:
        names = {n.casefold(): n for n in wb.table_names}
    except Exception:  # .xls/.ods have no tables
        names = {}
    sheets = {normalise_header(s): s for s in wb.sheet_names}
    out: dict[str, RawTable | None] = {}
    for spec in TABLES:
        real = names.get(spec.name.casefold())
        if real is not None:
            t = wb.get_table_by_name(real)
            (r0, c0) = t.start
            out[spec.name] = RawTable(t.sheet, r0, c0 + 1, list(t.columns), t.to_python())
            continue
        sheet = sheets.get(normalise_header(spec.sheet)) or sheets.get(normalise_header(spec.name))
        if sheet is None:
            out[spec.name] = None
            continue
        grid = wb.get_sheet_by_name(sheet).to_python(skip_empty_area=False)
        found = _find_header_row(grid, spec)
        if found is None:
            out[spec.name] = None
            continue
        i, j = found
        out[spec.name] = RawTable(sheet, i + 1, j + 1, list(grid[i][j:]), [r[j:] for r in grid[i + 1:]],
                                  is_table=False)
    return out


def load_production(path: str | Path, today: dt.date | None = None) -> Production:
    """Read a production workbook (.xlsx). Bad content becomes findings; an unopenable file raises
    ``WorkbookUnreadable``."""
    return build_production(read_raw_tables(path), source=str(path), today=today)

"""Reading a production workbook into a ``Production``.

Two sources feed the same table builder: an .xlsx file read with python-calamine (tables found by their Excel
Table name, so sheets can be renamed or moved), and raw grids handed over by the Excel adapter (xlwings, where
calamine is not available, e.g. xlwings Lite). Everything the builder cannot make sense of becomes a Finding
with the sheet and cell; nothing here raises on bad content. A file that cannot be opened at all raises
``WorkbookUnreadable`` with a message for the coordinator; every file is inspected by ``guard`` before calamine
opens it (hostile files are refused there, and the error cells calamine reads as blanks are found there).
"""

from __future__ import annotations

import datetime as dt
import difflib
import io
import re
import zipfile
from collections.abc import Collection, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd

from ..model import problems as P
from ..model.contract import (
    SETTINGS,
    SETTINGS_KEYS,
    TABLES,
    ColType,
    Column,
    TableSpec,
    global_column,
    normalise_header,
)
from ..model.findings import Finding
from ..model.production import ROW, Production, Settings, Table, TableLocation, empty_table
from .coerce import OBJECT, coerce_cells, is_blank, parse_value, to_series
from .guard import Inspection, WorkbookUnreadable, check_file


@dataclass(frozen=True, slots=True)
class RawTable:
    """A table as found in a workbook: its header cells and data rows, before any typing."""

    sheet: str
    header_row: int  # 1-based Excel row of the header
    first_col: int  # 1-based Excel column of the first header cell
    headers: Sequence[Any]
    rows: Sequence[Sequence[Any]]
    is_table: bool = True
    # Cells showing an Excel error (#REF!, #N/A…), by absolute (row, column): calamine reads them as blanks.
    errors: Mapping[tuple[int, int], str] = field(default_factory=dict)
    merged: Sequence[tuple[int, int, int, int]] = ()  # merged ranges of the sheet: (row0, col0, row1, col1)


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
    # Headers first, then aliases: an alias of one column never hides another column's own header.
    for col in spec.columns:
        lookup.setdefault(normalise_header(col.header), col.key)
    for col in spec.columns:
        for name in col.aliases:
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


def _cell_blank(v: Any) -> bool:
    t = type(v)
    if t is str:
        return is_blank(v) if v else True
    if t is float:
        return v != v
    return is_blank(v)


def _column(rows: Sequence[Sequence[Any]], j: int, short: bool) -> list[Any]:
    """Column ``j`` of the grid (a list comprehension per column is the fastest transposition in CPython);
    ``short`` when some rows end before ``j``."""
    if short:
        return [r[j] if j < len(r) else None for r in rows]
    return [r[j] for r in rows]


def _transposed(rows: Sequence[Sequence[Any]]) -> tuple[list[Any] | None, int]:
    """The cells of a rectangular grid laid end to end in one list, row after row, and its width: column ``j`` is then
    every ``width``-th cell from ``j``, a slice (three times as fast as numpy, five times as a list comprehension per
    column, on a 100,000-row ledger; and no cell is ever taken for a sequence). For a ragged grid, which goes column
    by column, None and the length of its shortest row."""
    width = len(rows[0]) if rows else 0
    flat: list[Any] = []
    for r in rows:
        if len(r) != width:
            return None, min(map(len, rows))
        flat += r  # one C-level extend per row
    return (flat if width else None), width


def _fill(series: pd.Series, positions: Sequence[int], value: Any) -> pd.Series:
    series = series.copy()
    if isinstance(value, tuple):  # a list value: assigning a tuple to many cells would spread it over them
        for p in positions:
            series.iat[p] = value
    else:
        series.iloc[list(positions)] = value
    return series


def build_table(spec: TableSpec, raw: RawTable, date_order: str = "MDY") -> tuple[Table, list[Finding]]:
    """Type one raw table against its contract: one column per contract key (missing ones filled with the
    default or left empty), extra columns kept as typed, blank rows dropped, ``_row`` the Excel row of each row.
    What cannot be read is reported as findings at the exact cell."""
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

    # Type every column over all rows first, then drop the rows that are blank in every input column: the
    # blank positions fall out of the typing, so no cell is looked at twice.
    n = len(raw.rows)
    cells, shortest = _transposed(raw.rows)

    def grid(j: int) -> list[Any]:
        # Sliced only when it is typed, which is then done while its cells are still in the processor's cache.
        return cells[j::shortest] if cells is not None and j < shortest else _column(raw.rows, j, j >= shortest)

    def as_typed(values: Sequence[Any]) -> list[Any]:
        """The cells as typed, None where empty (calamine hands over "" for an empty cell)."""
        if set(map(type, values)) == {str}:
            # Once per distinct string (exact strings: equal ones are blank alike); most such cells are "".
            empty = {v: None for v in dict.fromkeys(values) if _cell_blank(v)}
            return list(map(empty.get, values, values)) if empty else list(values)
        return [None if _cell_blank(v) else v for v in values]

    nonblank = np.zeros(n, dtype=bool)
    typed: dict[str, tuple[pd.Series, list[tuple[int, str]], np.ndarray]] = {}
    raw_cols: dict[str, Sequence[Any]] = {}
    names: dict[str, list[str | None]] = {}
    for col in spec.columns:
        if col.key not in matched:
            continue
        j = matched[col.key]
        values = grid(j)
        if col.formula is not None:
            raw_cols[col.key] = values
            continue
        series, errors, blank = coerce_cells(values, col, date_order)
        if col.globals_allowed:
            errors, names[col.key] = _global_names(values, errors, n)
        nonblank |= ~blank
        typed[col.key] = (series, errors, blank)
    # A cell showing #REF! reaches us as a blank: it makes its row count, and is reported as what it is.
    shown_errors = _error_positions(spec, raw, matched, n)
    for by_pos in shown_errors.values():
        nonblank[list(by_pos)] = True
    extra_cols: dict[str, list[Any]] = {}
    for name, j in extras.items():
        # Extra columns keep what was typed, but an empty cell is None.
        values = as_typed(grid(j))
        nonblank |= np.fromiter((v is not None for v in values), dtype=bool, count=n)
        extra_cols[name] = values
    kept = np.flatnonzero(nonblank)
    every_row = len(kept) == n
    excel_rows = raw.header_row + 1 + kept
    first_row = raw.header_row + 1  # the Excel row of position 0: a cell with a finding is on a kept row

    def keep(series: pd.Series) -> pd.Series:
        return series if every_row else series.iloc[kept].reset_index(drop=True)

    m = len(kept)
    data: dict[str, Any] = {}
    for col in spec.columns:
        if col.key in raw_cols:
            # Formula columns are Excel's view of other tables; Python recomputes them, so keep only the text.
            data[col.key] = keep(pd.Series(as_typed(raw_cols[col.key]), dtype=OBJECT))
            continue
        if col.key not in typed:
            default = None if col.default is None else parse_value(col.default, col, date_order)
            data[col.key] = to_series([default] * m, col.type)
            continue
        series, errors, blank = typed[col.key]
        series = keep(series)
        letter = letters[col.key]
        for pos, msg in errors:
            row = first_row + pos
            rule = P.VALUE_NOT_ALLOWED if col.allowed else P.UNREADABLE_VALUE
            findings.append(rule.finding(
                f"{spec.name} {col.header} on row {row}: {msg}.", sheet=raw.sheet, cell=f"{letter}{row}",
                table=spec.name, row=row, column=col.header, hint=_type_hint(col)))
        shown = shown_errors.get(col.key, {})
        for pos, text in shown.items():
            row = first_row + pos
            findings.append(P.UNREADABLE_VALUE.finding(
                f"{spec.name} {col.header} on row {row} shows the Excel error {text} instead of a value.",
                sheet=raw.sheet, cell=f"{letter}{row}", table=spec.name, row=row, column=col.header,
                hint=_error_hint(text)))
        if shown:
            blank = blank.copy()
            blank[list(shown)] = False
        blank_pos: list[int] = np.flatnonzero(blank if every_row else blank[kept]).tolist()  # kept rows' blanks
        if blank_pos and col.default is not None:
            series = _fill(series, blank_pos, parse_value(col.default, col, date_order))
        elif col.required:
            covered = _merged_over(raw, matched[col.key]) if blank_pos else {}
            for pos in blank_pos:
                row = int(excel_rows[pos])
                top_left = covered.get(row)
                findings.append(P.BLANK_REQUIRED.finding(
                    f"{spec.name} row {row} has no {col.header}.", sheet=raw.sheet, cell=f"{letter}{row}",
                    table=spec.name, row=row, column=col.header,
                    hint=f"Fill in {col.header}, or delete the row if it is not used." if top_left is None else
                    f"{letter}{row} is merged with {top_left}, and a merged range keeps its value only in "
                    f"{top_left}: unmerge the cells (Home → Merge & Center) and fill in every row."))
        data[col.key] = series
    for k, found in names.items():
        data[global_column(k)] = keep(pd.Series(found, dtype="string"))
    for name, values in extra_cols.items():
        if name not in data and name != ROW:
            data[name] = keep(pd.Series(values, dtype=OBJECT))
    data[ROW] = pd.Series(excel_rows, dtype=np.int64)
    # From the columns' arrays (all of length m, each made here for this table alone): from the Series, pandas would
    # align their indexes, a third of the time of a small table. Object columns stay Series, which pandas 3 would
    # otherwise read as strings.
    df = pd.DataFrame({k: s if s.dtype == OBJECT else s.array for k, s in data.items()}, copy=False)
    findings.extend(_duplicates(spec, df, loc))
    return Table(spec, df, loc), findings


# What an Excel defined name looks like: a global's name typed in a number cell (SHOOT_WEEKS, Stage.Days).
GLOBAL_NAME = re.compile(r"[A-Za-z_][A-Za-z0-9_.]*")


def _global_names(values: Sequence[Any], errors: list[tuple[int, str]],
                  n: int) -> tuple[list[tuple[int, str]], list[str | None]]:  # fmt: skip
    """The cells of a number column that hold a global's name instead of a number: kept as names (the number stays
    NA, no finding: whether the global exists is a rule's business), every other error kept."""
    found: list[str | None] = [None] * n
    kept: list[tuple[int, str]] = []
    for pos, msg in errors:
        v = values[pos]
        text = v.strip() if isinstance(v, str) else ""
        if text and GLOBAL_NAME.fullmatch(text) and text.casefold() not in ("true", "false"):
            found[pos] = text
        else:
            kept.append((pos, msg))
    return kept, found


def _error_positions(spec: TableSpec, raw: RawTable, matched: Mapping[str, int], n: int) -> dict[str, dict[int, str]]:
    """Input column key -> {row position: error text} of the cells showing an Excel error (formula columns are
    Excel's own view of other tables and are recomputed, so their errors are not the coordinator's input)."""
    if not raw.errors:
        return {}
    key_at = {j: k for k, j in matched.items() if spec.column(k).formula is None}
    out: dict[str, dict[int, str]] = {}
    for (r, c), text in raw.errors.items():
        i, key = r - raw.header_row - 1, key_at.get(c - raw.first_col)
        if key is not None and 0 <= i < n:
            out.setdefault(key, {})[i] = text
    return out


_ERROR_MEANINGS = {
    "#REF!": "the formula refers to a row, column or sheet that was deleted",
    "#N/A": "a lookup found nothing",
    "#NAME?": "the formula uses a name or function this Excel does not know",
    "#DIV/0!": "the formula divides by zero",
    "#VALUE!": "the formula got text where it needed a number or date",
}


def _error_hint(text: str) -> str:
    why = _ERROR_MEANINGS.get(text.upper())
    return (f"{text} means {why}. " if why else "") + "Type the value itself, or fix the formula in the cell."


def _merged_over(raw: RawTable, j: int) -> dict[int, str]:
    """Excel row -> top-left cell of the merged range covering column ``j`` of the table on that row (top-left
    cells themselves left out): a merged range keeps its value only in its top-left cell."""
    if not raw.merged:
        return {}
    c = raw.first_col + j
    out: dict[int, str] = {}
    for r0, c0, r1, c1 in raw.merged:
        if c0 <= c <= c1 and r1 > raw.header_row:
            top_left = f"{column_letter(c0)}{r0}"
            for r in range(max(r0, raw.header_row + 1), min(r1, raw.header_row + len(raw.rows)) + 1):
                if (r, c) != (r0, c0):
                    out.setdefault(r, top_left)
    return out


def _duplicates(spec: TableSpec, df: pd.DataFrame, loc: TableLocation) -> list[Finding]:
    """ST006 on every repeat of a unique column's value, at the repeat's cell (IDs compare case-insensitively)."""
    out: list[Finding] = []
    for col in spec.columns:
        if not col.unique or col.key not in loc.letters or df.empty:
            continue
        s = df[col.key]
        text = col.type in (ColType.TEXT, ColType.ID)
        if text and isinstance(s.dtype, pd.StringDtype):
            # Most unique columns have no repeat (a ledger's 100,000 transaction numbers): casefolded and counted
            # in C first, the repeats are looked for in pandas only when there are some.
            cells = s.to_numpy(dtype=object).tolist()
            try:
                folded = list(map(str.casefold, cells))
            except TypeError:  # missing values (NA) among them
                folded = [v.casefold() for v in cells if isinstance(v, str)]
            if len(set(folded)) == len(folded):
                continue
        key = s.astype("string").str.casefold() if text else s
        present = key.notna()
        dup = present & key.duplicated(keep="first")
        if not dup.any():
            continue
        first_row = df.loc[present, ROW].groupby(key[present], sort=False).first()
        for k, value, row in zip(key[dup], s[dup], df.loc[dup, ROW], strict=True):
            first, row = int(first_row[k]), int(row)
            out.append(P.DUPLICATE_ID.finding(
                f"{spec.name}: {col.header} {value!s} appears again on row {row} (first on row {first}).",
                sheet=loc.sheet, cell=loc.cell(col.key, row), table=spec.name, row=row, column=col.header,
                hint=f"Make {col.header} unique, e.g. renumber to {value!s}A."))
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
    """Typed settings from the Settings table, reading each value from its cell as typed (a date stays a date)."""
    if raw is None:
        return Settings({}), []
    table, findings = build_table(SETTINGS, raw)
    # Repeated settings are reported below, whatever their spelling ('Title' and 'title', or a label and its key).
    findings = [f for f in findings if f.code != P.DUPLICATE_ID.code]
    df, loc = table.df, table.location
    assert loc is not None
    by_label: dict[str, Any] = {}
    for s in SETTINGS_KEYS:
        for name in (s.label, s.key, *s.aliases):
            by_label[normalise_header(name)] = s
    labels = {normalise_header(s.label): s.label for s in SETTINGS_KEYS}
    matched, _, _ = _match_headers(SETTINGS, raw)
    value_j = matched.get("value")
    entries: list[tuple[Any, int, Any]] = []
    first_row: dict[str, int] = {}
    cells: dict[str, str] = {}
    for key, excel_row in zip(df["key"], df[ROW], strict=True):
        if pd.isna(key):
            continue
        row = int(excel_row)
        spec = by_label.get(normalise_header(key))
        if spec is None:
            close = difflib.get_close_matches(normalise_header(key), list(labels), n=1)
            findings.append(P.UNKNOWN_SETTING.finding(
                f"Settings: {key!r} is not a known setting and is ignored.", sheet=loc.sheet,
                cell=loc.cell("key", row), table=SETTINGS.name, row=row, column="Setting",
                hint=f"Did you mean {labels[close[0]]!r}?" if close else "See the README for the list of settings."))
            continue
        if spec.key in first_row:
            # The first row wins, as for a repeated column: the finding names the row that is ignored.
            findings.append(P.DUPLICATE_ID.finding(
                f"Settings: {spec.label} appears again on row {row} (first on row {first_row[spec.key]}); "
                f"row {row} is ignored.", sheet=loc.sheet, cell=loc.cell("key", row), table=SETTINGS.name, row=row,
                column="Setting", hint="Delete one of the two rows."))
            continue
        first_row[spec.key] = row
        cells[spec.key] = loc.cell("value", row) or f"{column_letter(raw.first_col + 1)}{row}"
        cells_row = raw.rows[row - raw.header_row - 1]
        v = cells_row[value_j] if value_j is not None and value_j < len(cells_row) else None
        entries.append((spec, row, v))
    # Date Order first: it decides how the other dated settings typed as text are read.
    entries.sort(key=lambda e: e[0].key != "date_order")
    values: dict[str, Any] = {}
    date_order = "MDY"
    for spec, row, v in entries:
        if is_blank(v):
            continue
        col = Column(spec.key, spec.label, spec.type, allowed=spec.allowed)
        try:
            values[spec.key] = parse_value(v, col, date_order)
        except (ValueError, OverflowError) as e:
            rule = P.VALUE_NOT_ALLOWED if spec.allowed else P.UNREADABLE_VALUE
            findings.append(rule.finding(
                f"Settings {spec.label}: {e}.", sheet=loc.sheet, cell=cells[spec.key], table=SETTINGS.name, row=row,
                column="Value", hint=_type_hint(col)))
            continue
        if spec.key == "date_order":
            date_order = values[spec.key]
    return Settings(values, cells, loc.sheet), findings


def build_production(raws: dict[str, RawTable | None], source: str = "",
                     extra_findings: Sequence[Finding] = (), today: dt.date | None = None,
                     only: Collection[str] | None = None) -> Production:  # fmt: skip
    """Type every table found (``raws`` maps table name -> raw table, None or no entry when absent). ``only``: the
    tables that were read (see ``load_production``); the others are left out of the production."""
    settings, findings = build_settings(raws.get(SETTINGS.name))
    findings = [*extra_findings, *findings]
    date_order = settings.date_order or "MDY"
    tables: dict[str, Table] = {}
    for spec in TABLES:
        if only is not None and spec.name not in only and spec is not SETTINGS:
            continue  # not asked for (a partial read): absent from the production, not reported missing
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
                      today=today or settings.status_date or dt.date.today())  # fmt: skip


# --- from an .xlsx file (python-calamine) --------------------------------------------------------------------


def find_header_row(grid: Sequence[Sequence[Any]], spec: TableSpec) -> tuple[int, int] | None:
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


# What python-calamine can open of a workbook's sheets: it places a sheet by the folder of its part and raises for
# any other (an Excel 4.0 macro sheet) or for a sheet without a relationship (a legacy module sheet), which stops
# the whole workbook. (calamine reads the relationship's target text itself, relative to xl/.)
_CALAMINE_SHEET_FOLDERS = ("worksheets", "chartsheets", "dialogsheets")
_MACRO_SHEET_TYPES = ("/xlMacrosheet", "/xlIntlMacrosheet")


def _calamine_sheet_path(target: str) -> str:
    """The part python-calamine reads for a sheet relationship's target (xl/ assumed, as it does)."""
    if target.startswith("/xl/"):
        return target[1:]
    return target if target.startswith("xl/") else f"xl/{target}"


def _calamine_view(p: Path) -> tuple[io.BytesIO | None, dict[str, str]]:
    """A private copy of the package that python-calamine reads as Excel does, or None when the file itself will do;
    and the sheets left out of it (name -> what it is).

    Two things real files hold that calamine gets wrong: sheets it cannot open (an Excel 4.0 macro sheet, a legacy
    module sheet; it raises for the whole workbook), which the copy leaves out of its list of sheets (they hold no
    table: Excel Tables live on worksheets); and styles wrapped in ``mc:AlternateContent`` (Hancom Office), whose both
    branches calamine counts, so every number format after them shifts and a day number reads as a date: the copy
    holds the branch Excel takes. Every other part is copied still compressed, so the copy costs a few milliseconds
    and the file is never changed. Looking costs reading the workbook, its relationships and styles parts."""
    from .package import MAIN_NS, Package, _bytes, _xml, resolve, resolve_alternate_content, write_package

    skipped: dict[str, str] = {}
    changed: dict[str, bytes] = {}
    try:
        with zipfile.ZipFile(p) as z:
            pkg = Package(z)
            wb_part = pkg.workbook_part()
            wb = _xml(pkg.read(wb_part))
            rels = {r.get("Id"): r for r in pkg.rels(wb_part)}
            sheets = wb.find(f"{{{MAIN_NS}}}sheets")
            for sheet in [] if sheets is None else list(sheets):
                rid = next((v for k, v in sheet.attrib.items() if k.rsplit("}", 1)[-1] == "id"), "")
                rel = rels.get(rid)
                if rel is None:
                    skipped[sheet.get("name", "")] = ("a legacy module or dialog sheet, which has no part in an .xlsx "
                                                      "file")  # fmt: skip
                elif _calamine_sheet_path(rel.get("Target", "")).split("/")[1:2] not in (
                        [f] for f in _CALAMINE_SHEET_FOLDERS):  # fmt: skip
                    macro = rel.get("Type", "").endswith(_MACRO_SHEET_TYPES)
                    skipped[sheet.get("name", "")] = "an Excel 4.0 macro sheet" if macro else \
                        f"stored as {rel.get('Target', '')!r}, not as a worksheet"  # fmt: skip
                else:
                    continue
                sheets.remove(sheet)
            if skipped:
                changed[wb_part] = _bytes(wb)
            styles = next((pkg.find(resolve(wb_part, r.get("Target", ""))) for r in rels.values()
                           if r.get("Type", "").endswith("/styles")), None)  # fmt: skip
            if styles is not None:
                data = pkg.read(styles)
                if b"AlternateContent" in data:
                    root = _xml(data)
                    if resolve_alternate_content(root):
                        changed[styles] = _bytes(root)
    except Exception:  # a package this cannot make sense of (no workbook part, malformed XML): calamine says it
        return None, {}
    if not changed:
        return None, skipped
    view = io.BytesIO()
    write_package(p, view, changed)
    view.seek(0)
    return view, skipped


def open_calamine(path: str | Path, load_tables: bool = True) -> tuple[Any, dict[str, str]]:
    """python-calamine's workbook for ``path`` (through ``_calamine_view`` when the file needs it), and the sheets
    it leaves out (name -> what it is). Raises what calamine raises."""
    from python_calamine import CalamineWorkbook

    view, skipped = _calamine_view(Path(path))
    if view is None:
        return CalamineWorkbook.from_path(str(path), load_tables=load_tables), skipped
    return CalamineWorkbook.from_filelike(view, load_tables=load_tables), skipped


def _damaged(p: Path) -> WorkbookUnreadable:
    """A file the guard passed but calamine could not read (malformed XML inside a sound package)."""
    return WorkbookUnreadable(f"{p.name} could not be opened as an Excel workbook: it is damaged. Open it in Excel, "
                              "which may offer to repair it, save it as 'Excel Workbook (.xlsx)', and try again.")


def read_raw_tables(path: str | Path, tables: Collection[str] | None = None) -> dict[str, RawTable | None]:
    """Every contract table of an .xlsx (or only those named in ``tables``), found by Excel Table name, else by
    sheet name as a plain range. The tables not asked for are not in the result, and their sheets are not parsed."""
    try:
        import python_calamine  # noqa: F401
    except ImportError as e:  # pragma: no cover - Lite has no calamine; it reads through xlwings instead
        raise WorkbookUnreadable("python-calamine is not installed: pip install python-calamine") from e
    p = Path(path)
    specs = _specs(tables)
    # Refuses hostile and look-alike files before calamine sees them; only the sheets that will be parsed are scanned.
    inspection = check_file(p, None if tables is None else names_to_scan(tables))
    try:
        wb, skipped = open_calamine(p, load_tables=True)
    except Exception as e:  # calamine raises several unrelated types for bad files
        try:  # a damaged table part: the tables are still found as plain ranges, by their sheets' names
            wb, skipped = open_calamine(p, load_tables=False)
        except Exception:
            raise _damaged(p) from e
    try:
        raws = _raw_tables(wb, inspection, specs)
    except Exception as e:  # a damaged part of an otherwise opened file
        raise _damaged(p) from e
    _unread_sheets_needed(p, raws, skipped, specs)
    return raws


def _unread_sheets_needed(p: Path, raws: Mapping[str, RawTable | None], skipped: Mapping[str, str],
                          specs: Sequence[TableSpec]) -> None:  # fmt: skip
    """Refuse, naming the sheet and what it is, when a table the job needs was not found and a sheet calamine could
    not open stands where it would be looked for; sheets that hold nothing the job needs are passed over."""
    unread = {normalise_header(name): (name, what) for name, what in skipped.items()}
    for spec in specs:
        if raws.get(spec.name) is not None:
            continue
        hit = unread.get(normalise_header(spec.sheet)) or unread.get(normalise_header(spec.name))
        if hit is not None:
            name, what = hit
            raise WorkbookUnreadable(
                f"{p.name}: the sheet {name!r} is {what}, which xlproduction cannot read, and the {spec.name} table "
                "was not found on any worksheet. Copy the table onto a worksheet (Home → Insert → Insert Sheet), "
                f"name it {spec.name!r} (Insert → Table, then Table Design → Table Name), save, and try again.")


def names_to_scan(tables: Collection[str]) -> list[str]:
    """What the guard must scan for a read of ``tables``: their names (an Excel Table is found by name on any sheet)
    and their sheets' names (where a table typed as plain cells is looked for)."""
    return [n for spec in _specs(tables) for n in (spec.name, spec.sheet)]


def _specs(tables: Collection[str] | None) -> tuple[TableSpec, ...]:
    """The contract tables to read: all, or those named (Settings always: it says how to read dates)."""
    if tables is None:
        return TABLES
    unknown = set(tables) - {spec.name for spec in TABLES}
    if unknown:
        raise ValueError(f"not contract tables: {sorted(unknown)}")
    return tuple(spec for spec in TABLES if spec.name in tables or spec is SETTINGS)


def _raw_tables(wb: Any, inspection: Inspection | None = None,
                specs: Sequence[TableSpec] = TABLES) -> dict[str, RawTable | None]:  # fmt: skip
    try:
        # Table names are unique case-insensitively in Excel; 'Cast_Events' is accepted for 'CastEvents'.
        names = {normalise_header(n): n for n in wb.table_names}
    except Exception:  # .xls/.ods have no tables
        names = {}
    sheets = {normalise_header(s): s for s in wb.sheet_names}
    out: dict[str, RawTable | None] = {}
    for spec in specs:
        real = names.get(normalise_header(spec.name))
        if real is not None:
            t = wb.get_table_by_name(real)
            # calamine's start is the first data row (0-based), which is the header's 1-based row number.
            (r0, c0) = t.start
            out[spec.name] = RawTable(t.sheet, r0, c0 + 1, list(t.columns), t.to_python(),
                                      **_lost(inspection, t.sheet))
            continue
        sheet = sheets.get(normalise_header(spec.sheet)) or sheets.get(normalise_header(spec.name))
        if sheet is None:
            out[spec.name] = None
            continue
        grid = wb.get_sheet_by_name(sheet).to_python(skip_empty_area=False)
        found = find_header_row(grid, spec)
        if found is None:
            out[spec.name] = None
            continue
        i, j = found
        out[spec.name] = RawTable(sheet, i + 1, j + 1, list(grid[i][j:]), [r[j:] for r in grid[i + 1:]],
                                  is_table=False, **_lost(inspection, sheet))
    return out


def _lost(inspection: Inspection | None, sheet: str) -> dict[str, Any]:
    """What calamine does not hand over for ``sheet``: its error cells and merged ranges (found by the guard)."""
    if inspection is None:
        return {}
    return {"errors": inspection.errors(sheet), "merged": inspection.merged(sheet)}


def load_production(path: str | Path, today: dt.date | None = None,
                    tables: Collection[str] | None = None) -> Production:  # fmt: skip
    """Read a production workbook (.xlsx). Bad content becomes findings; an unopenable file raises
    ``WorkbookUnreadable``.

    ``tables`` reads only those contract tables (and Settings): the others are absent from the production (asking for
    one is a KeyError, never a silently empty table), and their sheets are not parsed (the guard checks their
    bytes, not their cells). A call sheet needs nine small tables, not a season's 100,000-line ledger."""
    return build_production(read_raw_tables(path, tables), source=str(path), today=today, only=tables)

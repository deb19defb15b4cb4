"""What an import writes into the coordinator's own tables, said once for both engines.

Script import, the USS schedule import, the budget exchange, task derivation and the optimizer's ``--in-place``
change the rows of the user's Excel Tables. The file engine (``workbook/table_update.py``, at the package level)
and the live engine (``excel/table_write.py``, through xlwings) take the same description of the change and must
read it the same way: which contract table, which of its columns a value goes to (contract keys, else an extra
column's header text, matched as the reader matches headers), which columns the update mentions at all, and when
a position still holds "the same row". That shared reading lives here, free of any spreadsheet library.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from .contract import SETTINGS, SETTINGS_BY_KEY, TABLES_BY_NAME, TableSpec, normalise_header
from .production import ROW


class TableUpdateError(Exception):
    """The update cannot be made as asked (no room below the table, a column missing, a table typed as plain
    cells…); the message says what to do. Nothing was written."""


@dataclass(frozen=True)
class TableRows:
    """The complete new content of one contract table.

    ``table`` is the contract table name ("Scenes"), found by its Excel Table name as the reader finds it. ``rows``
    map contract column keys to Python values as ``ProductionData`` holds them (date, timedelta, int eighths, tuple
    for lists, float money, str); extra user columns by their header text. Values of formula columns and ``_row``
    (what a row read from a ``Production`` carries) are ignored: formula columns stay formulas."""

    table: str
    rows: Sequence[Mapping[str, Any]]


@dataclass(frozen=True)
class SettingValues:
    """Settings keys to set ("script_revision" -> "Blue"); a key without a row in Settings gets one."""

    values: Mapping[str, Any]


Update = TableRows | SettingValues


def plan(updates: Iterable[Update]) -> list[tuple[TableSpec, Update]]:
    """Each update with its contract table; unknown tables, Settings as rows, a table twice and unknown setting keys
    are the caller's mistakes (ValueError/TypeError), found before anything is read."""
    out: list[tuple[TableSpec, Update]] = []
    seen: set[str] = set()
    for u in updates:
        if isinstance(u, SettingValues):
            spec = SETTINGS
            unknown = [k for k in u.values if k not in SETTINGS_BY_KEY]
            if unknown:
                raise ValueError(f"Unknown setting keys {', '.join(map(repr, unknown))}; settings are keyed by the "
                                 "contract's setting keys (e.g. 'script_revision'), not by label.")  # fmt: skip
        elif isinstance(u, TableRows):
            found = TABLES_BY_NAME.get(u.table)
            if found is None:
                raise ValueError(f"{u.table!r} is not a contract table ({', '.join(TABLES_BY_NAME)}).")
            if found is SETTINGS:
                raise ValueError("Settings is key/value: update it with SettingValues, not TableRows.")
            spec = found
            for i, row in enumerate(u.rows):
                if not isinstance(row, Mapping):
                    raise TypeError(f"{spec.name} row {i + 1} is a {type(row).__name__}, not a mapping of column -> "
                                    "value")  # fmt: skip
        else:
            raise TypeError(f"not a table update: {u!r}")
        if spec.name in seen:
            raise ValueError(f"{spec.name} is updated twice in one call; merge the two updates.")
        seen.add(spec.name)
        out.append((spec, u))
    return out


def match_headers(spec: TableSpec, headers: Sequence[Any]) -> tuple[dict[str, int], dict[int, str]]:
    """Contract key -> position of its column among ``headers`` (the first of repeated ones, as the reader reads),
    and the extra columns: position -> header text. Headers match as the reader matches them: case, spaces and
    punctuation aside, headers before aliases."""
    lookup: dict[str, str] = {}
    for col in spec.columns:
        lookup.setdefault(normalise_header(col.header), col.key)
    for col in spec.columns:
        for alias in col.aliases:
            lookup.setdefault(normalise_header(alias), col.key)
    keys: dict[str, int] = {}
    extras: dict[int, str] = {}
    for j, h in enumerate(headers):
        name = "" if h is None else str(h)
        key = lookup.get(normalise_header(name))
        if key is not None and key not in keys:
            keys[key] = j
        elif key is None and name.strip():
            extras[j] = name
    return keys, extras


def is_missing(v: Any) -> bool:
    """pandas' and numpy's missing values (NaN, NaT, NA), as a row taken from a DataFrame holds them: an empty cell."""
    if v is None:
        return True
    try:
        return bool(v != v)
    except (TypeError, ValueError):  # pandas.NA refuses to be a bool
        return True


@dataclass(frozen=True)
class Columns:
    """How an update's rows map onto a table's columns."""

    keys: dict[str, int]  # contract key -> column position
    extras: dict[int, str]  # column position -> header text of an extra column
    given: dict[int, str]  # positions the update mentions (a value in any row) -> the key it uses
    formula: frozenset[int]  # positions of the contract's formula columns


def columns(spec: TableSpec, headers: Sequence[Any], rows: Sequence[Mapping[str, Any]],
            where: str) -> tuple[Columns, list[dict[int, Any]]]:  # fmt: skip
    """The update's columns and its rows by column position (raw values; missing values None). Raises ValueError
    for keys that are neither contract columns nor headers of the table, and ``TableUpdateError`` when a contract
    column the table lacks is given a value (``where`` names the table for the message)."""
    keys, extras = match_headers(spec, headers)
    by_text = {name.strip(): j for j, name in extras.items()}
    by_norm = {normalise_header(name): j for j, name in extras.items()}
    formula_keys = {c.key for c in spec.columns if c.formula is not None}
    given: dict[int, str] = {}
    missing: dict[str, str] = {}
    unknown: list[str] = []
    out: list[dict[int, Any]] = []
    for row in rows:
        values: dict[int, Any] = {}
        for k, v in row.items():
            if k == ROW or k in formula_keys:
                continue  # Excel's cached text of a formula column, or where the row was read from
            j = keys.get(k)
            if j is None and isinstance(k, str) and k not in spec.keys:
                j = by_text.get(k.strip(), by_norm.get(normalise_header(k)))
            if j is None:
                if k in spec.keys:
                    if not is_missing(v) and v != "" and v != ():
                        missing.setdefault(k, spec.header(k))
                elif k not in unknown:
                    unknown.append(k)
                continue
            given.setdefault(j, k)
            values[j] = None if is_missing(v) else v
        out.append(values)
    if unknown:
        raise ValueError(f"{spec.name} rows have keys that are neither contract columns of {spec.name} nor headers of "
                         f"{where}: {', '.join(map(repr, unknown))}.")  # fmt: skip
    if missing:
        raise TableUpdateError(
            f"{where} has no {', '.join(repr(h) for h in missing.values())} column, and the update has values for it. "
            "Add the column to the table (anywhere in it) and try again. Nothing was written.")
    formula = frozenset(j for k, j in keys.items() if k in formula_keys)
    return Columns(keys, extras, given, formula), out


def comparable(v: Any) -> Any:
    """A cell's value reduced so that what Excel would show as the same compares equal: text without case or
    surrounding spaces, numbers (and numeric text, as an ID typed '12' or 12) to 12 significant digits."""
    if v is None or isinstance(v, bool):
        return v
    if isinstance(v, int | float):
        return float(f"{v:.12g}")
    s = str(v).strip()
    if not s:
        return None
    try:
        return float(f"{float(s):.12g}") if s[:1].isdigit() or s[:1] in "+-." else s.casefold()
    except ValueError:
        return s.casefold()


def identity_columns(spec: TableSpec, cols: Columns) -> list[int]:
    """The columns that say whether a position still holds the same row: the contract's key column when the table
    has it and the update gives it (Scene, Cast ID…), else every column the update gives."""
    key_j = cols.keys.get(spec.key) if spec.key else None
    return [key_j] if key_j is not None and key_j in cols.given else sorted(cols.given)


def setting_keys() -> dict[str, str]:
    """Normalised label, key or alias -> setting key: how a Settings row is recognised (as the reader does)."""
    out: dict[str, str] = {}
    for s in SETTINGS_BY_KEY.values():
        for name in (s.label, s.key, *s.aliases):
            out.setdefault(normalise_header(name), s.key)
    return out

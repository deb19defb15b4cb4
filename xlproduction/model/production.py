"""The production as read from a workbook: typed tables, settings, and where each value came from.

A ``Production`` is immutable and engine-neutral: the CLI builds it from a file, the Excel entry points build it
from a live workbook, and every check, call sheet and report works from it alone. Each table keeps the sheet
and the column letters it was read from, and every row keeps its Excel row number (``_row``), so any finding
can point at the exact cell a coordinator has to change.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from functools import wraps
from types import MappingProxyType
from typing import Any, TypeVar

import pandas as pd

from .contract import SETTINGS_BY_KEY, TABLES, TableSpec
from .findings import Finding

ROW = "_row"  # the Excel row number of each table row
T = TypeVar("T")


@dataclass(frozen=True, slots=True)
class TableLocation:
    sheet: str
    header_row: int  # 1-based Excel row of the header
    letters: Mapping[str, str]  # column key -> column letter
    is_table: bool = True  # False when found as a plain range (no Excel Table)

    def cell(self, key: str, row: int | None = None) -> str | None:
        letter = self.letters.get(key)
        if letter is None:
            return None
        return f"{letter}{row if row is not None else self.header_row}"


@dataclass(frozen=True, slots=True)
class Table:
    spec: TableSpec
    df: pd.DataFrame
    location: TableLocation | None = None

    @property
    def name(self) -> str:
        return self.spec.name

    @property
    def present(self) -> bool:
        return self.location is not None

    @property
    def sheet(self) -> str | None:
        return self.location.sheet if self.location else None

    def cell(self, key: str, row: int | None = None) -> str | None:
        """A1 address of ``key`` on Excel row ``row`` (the header when row is None)."""
        return self.location.cell(key, row) if self.location else None

    def __len__(self) -> int:
        return len(self.df)


class Settings(Mapping[str, Any]):
    """Typed settings by key (``settings.title``), with defaults from the contract and the cell of each value."""

    def __init__(self, values: Mapping[str, Any], cells: Mapping[str, str] | None = None,
                 sheet: str | None = None) -> None:  # fmt: skip
        merged = {s.key: s.default for s in SETTINGS_BY_KEY.values()}
        merged.update({k: v for k, v in values.items() if v is not None})
        self._values = MappingProxyType(merged)
        self.cells: Mapping[str, str] = MappingProxyType(dict(cells or {}))
        self.sheet = sheet

    def __getitem__(self, key: str) -> Any:
        return self._values[key]

    def __iter__(self) -> Iterator[str]:
        return iter(self._values)

    def __len__(self) -> int:
        return len(self._values)

    def __getattr__(self, key: str) -> Any:
        try:
            return self._values[key]
        except KeyError:
            raise AttributeError(key) from None


@dataclass(frozen=True, slots=True)
class Production:
    tables: Mapping[str, Table]
    settings: Settings
    source: str = ""
    findings: tuple[Finding, ...] = ()  # what reading the workbook found
    today: dt.date = field(default_factory=dt.date.today)
    # Facts derived from the tables that several rules ask for (who works which day, the live actuals…), computed
    # once per production by ``derived`` functions. Not part of the value: never compared, copied or passed in.
    _memo: dict[Any, Any] = field(default_factory=dict, init=False, repr=False, compare=False, hash=False)

    def table(self, name: str) -> Table:
        return self.tables[name]

    def df(self, name: str) -> pd.DataFrame:
        return self.tables[name].df

    # Short names for the tables everyone uses.
    @property
    def scenes(self) -> pd.DataFrame:
        return self.df("Scenes")

    @property
    def days(self) -> pd.DataFrame:
        return self.df("Days")

    @property
    def schedule(self) -> pd.DataFrame:
        return self.df("Schedule")

    @property
    def cast(self) -> pd.DataFrame:
        return self.df("Cast")

    @property
    def crew(self) -> pd.DataFrame:
        return self.df("Crew")

    @property
    def locations(self) -> pd.DataFrame:
        return self.df("Locations")

    @property
    def budget(self) -> pd.DataFrame:
        return self.df("Budget")

    @property
    def accounts(self) -> pd.DataFrame:
        return self.df("Accounts")

    @property
    def fringes(self) -> pd.DataFrame:
        return self.df("Fringes")

    @property
    def actuals(self) -> pd.DataFrame:
        return self.df("Actuals")

    # Logistics tables are optional: a workbook without them reads as empty tables (see ``optional``).
    @property
    def vehicles(self) -> pd.DataFrame:
        return self.optional("Vehicles")

    @property
    def transport(self) -> pd.DataFrame:
        return self.optional("Transport")

    @property
    def travel(self) -> pd.DataFrame:
        return self.optional("Travel")

    @property
    def accommodation(self) -> pd.DataFrame:
        return self.optional("Accommodation")

    @property
    def per_diem_rates(self) -> pd.DataFrame:
        return self.optional("PerDiemRates")

    def optional(self, name: str) -> pd.DataFrame:
        """An optional table's rows, or its columns with no rows when the workbook (or a partial read) lacks it."""
        if name in self.tables:
            return self.df(name)
        return empty_table(next(s for s in TABLES if s.name == name)).df


_PANDAS_3 = int(pd.__version__.split(".", 1)[0]) >= 3


def _copies_on_write() -> bool:
    """pandas 3 always does; pandas 2.x when ``mode.copy_on_write`` is on (read each time: it can be switched)."""
    return _PANDAS_3 or pd.get_option("mode.copy_on_write") is True


def derived(fn: Callable[..., T]) -> Callable[..., T]:
    """Compute ``fn(p, *args)`` once per production and hand out the same answer to every later caller.

    A ``Production`` never changes, and the rules ask the same questions many times (the DOOD, who works which
    day, the live actuals with their account keys): on a season's workbook recomputing them was most of the time
    of a check. DataFrames and Series are handed out as shallow copies, which pandas' copy-on-write makes cheap
    and safe: a caller that adds or changes a column, even in place, gets its own, and the next caller still gets
    the original. pandas 2.2 (what xlwings Lite ships) copies on write only when that mode is on; otherwise the
    copies are deep, or one rule writing into a cached frame would change what every later rule sees."""

    @wraps(fn)
    def cached(p: Production, *args: Any) -> T:
        key = (fn.__module__, fn.__qualname__, args)
        memo = p._memo
        if key not in memo:
            memo[key] = fn(p, *args)
        value = memo[key]
        if isinstance(value, pd.DataFrame | pd.Series):
            return value.copy(deep=not _copies_on_write())  # type: ignore[return-value]
        return value  # type: ignore[no-any-return]

    return cached


def empty_table(spec: TableSpec) -> Table:
    """A table with the contract's columns and no rows, for a table the workbook lacks."""
    from .columns import to_series

    cols = {c.key: to_series([], c.type) for c in spec.columns}
    cols[ROW] = pd.Series([], dtype="int64")
    return Table(spec, pd.DataFrame(cols))


def typed_columns(spec: TableSpec, rows: Sequence[Mapping[str, Any]], *,
                  formulas: bool = False) -> dict[str, pd.Series]:  # fmt: skip
    """Plain rows as the reader types a table's columns: one series per contract column (formula columns blank
    unless ``formulas``), and for a number column that may name a global (Movie Magic's SHOOT_DAYS in Amount) the
    name in its companion ``<key>_global`` column with the number left NA, as the reader keeps it."""
    from .columns import to_series
    from .contract import global_column

    cols: dict[str, pd.Series] = {}
    for c in spec.columns:
        values = [r.get(c.key) if (formulas or c.formula is None) else None for r in rows]
        if c.globals_allowed:
            names = [v.strip() if isinstance(v, str) and v.strip() else None for v in values]
            values = [None if n is not None else v for v, n in zip(values, names, strict=True)]
            cols[global_column(c.key)] = pd.Series(names, dtype="string")  # as the reader keeps it
        cols[c.key] = to_series(values, c.type)
    return cols


def with_rows(p: Production, table: str, rows: Sequence[Mapping[str, Any]],
              settings: Mapping[str, Any] | None = None) -> Production:  # fmt: skip
    """``p`` with ``table``'s rows replaced by ``rows`` (contract keys; extra columns by header) and ``settings`` set:
    what an import is about to write, as a production, so it can be compared with what is there before anything
    is written. Rows are typed like the reader types cells; ``_row`` counts from the table's first data row."""
    from dataclasses import replace

    from .columns import OBJECT

    old = p.tables[table] if table in p.tables else empty_table(next(s for s in TABLES if s.name == table))
    spec = old.spec
    cols = typed_columns(spec, rows, formulas=True)
    keys = set(cols)
    for extra in dict.fromkeys(k for r in rows for k in r if k not in keys and not k.startswith("_")):
        cols[extra] = pd.Series([r.get(extra) for r in rows], dtype=OBJECT)
    header = old.location.header_row if old.location is not None else 1
    cols[ROW] = pd.Series(range(header + 1, header + 1 + len(rows)), dtype="int64")
    tables = {**p.tables, table: Table(spec, pd.DataFrame(cols), old.location)}
    merged = dict(p.settings)
    merged.update(settings or {})
    return replace(p, tables=tables, settings=Settings(merged, p.settings.cells, p.settings.sheet))


def all_specs() -> tuple[TableSpec, ...]:
    return TABLES


def production_from_data(data: Any, today: dt.date | None = None, source: str = "") -> Production:
    """A ``Production`` of plain rows (a ``ProductionData``) as the template writer would lay them out and the reader
    read them back: each table on its contract sheet from A1, rows from Excel row 2, its input columns typed, formula
    columns left blank (Excel computes them). For the domain's own use where no workbook exists yet: the sample's
    derived prep tasks, a schedule read from a USS file before it is written anywhere."""
    from .tabledata import ProductionData

    assert isinstance(data, ProductionData)
    tables: dict[str, Table] = {}
    for spec in TABLES:
        if spec.name == "Settings":
            continue
        rows = data.rows(spec.name)
        cols = typed_columns(spec, rows)
        cols[ROW] = pd.Series(range(2, len(rows) + 2), dtype="int64")
        letters = {c.key: _letter(j) for j, c in enumerate(spec.columns, start=1)}
        tables[spec.name] = Table(spec, pd.DataFrame(cols), TableLocation(spec.sheet, 1, letters))
    when = today or data.settings.get("status_date") or dt.date.today()
    return Production(tables, Settings(data.settings), source=source, today=when)


def _letter(n: int) -> str:
    s = ""
    while n:
        n, r = divmod(n - 1, 26)
        s = chr(65 + r) + s
    return s

"""Property-based fuzzing of table contents through the reader and the checks (hypothesis; no files, so fast).

Two properties, over cells of every type calamine and xlwings hand over (text as people type it, numbers
including NaN, infinities and 1e308, dates from year 1 to 9999, times, durations, booleans, blanks, error texts,
formula-like text, control characters, scripts of every kind) and headers as people spell them (aliases, case,
spaces, repeats, junk, gaps):

1. **The reader** (``build_table``/``build_settings`` on one random table of the contract): never raises; the
   typed frame has every contract column with the contract's dtype; every row keeps a valid Excel row number;
   every finding names the table's sheet and a cell inside the table. CI: 10,000 examples.
2. **The reader and every rule** (``build_production`` + ``run_checks`` on the clean base production with 1 to 8
   random mutations: cells replaced, rows deleted or repeated, columns dropped or renamed, tables emptied): never
   raises and no rule crashes (no XP001 finding), except the known faults listed in tests/corpus/make_corpus.py.
   A production takes ~0.15 s to check (80 rules of pandas work), so CI runs 20 examples.

CI runs are derandomised (the same examples every run). The long run draws fresh examples: 200,000 reader
examples and 5,000 whole productions (about an hour on two cores):

    pytest tests/test_fuzz.py --hypothesis-profile=long        # or: XLP_FUZZ=long pytest tests/test_fuzz.py
"""

from __future__ import annotations

import datetime as dt
import os
import re
from typing import Any

import pandas as pd
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from xlproduction.checks import run_checks
from xlproduction.model.contract import SETTINGS, SETTINGS_BY_KEY, SETTINGS_KEYS, TABLES, TableSpec
from xlproduction.model.production import ROW
from xlproduction.workbook.coerce import dtype_for
from xlproduction.workbook.reader import RawTable, build_production, build_settings, build_table

from .rules.base import TODAY, base_data
from .rules.harness import _cell

LONG = os.environ.get("XLP_FUZZ") == "long" or settings.default.max_examples >= 100_000
READER_EXAMPLES = 200_000 if LONG else 10_000
PRODUCTION_EXAMPLES = 5_000 if LONG else 20
# Crashes in code owned elsewhere, reported with where they are (message fragment -> report); any other fails.
KNOWN_CRASHES: dict[str, str] = {}


def _settings(n: int) -> settings:
    return settings(max_examples=n, deadline=None, derandomize=not LONG, database=None, print_blob=True,
                    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large,
                                           HealthCheck.filter_too_much])  # fmt: skip


# --- cells -------------------------------------------------------------------------------------------------------

TYPED = [
    "1 3/8", "11/8", "3/8", "1.375", "2 pgs", "0", "-1", "7:30 AM", "19:30", "25:30", "25:75", "730p", "0700", "noon",
    "midnight", "13:00 PM", "24:00", "2027-03-01", "03/02/2027", "31/02/2027", "02/31/2027", "3 Mar 2027", "March",
    "46082", "46082.5", "2027-02-30", "1-Mar-27", "$1,250.00", "(200)", "12,5", "1.250,00", "6.2%", "1e308", "1e999",
    "-inf", "nan", "NaN", "TBD", "tba", "-", "—", "n/a", "none", "Yes", "no", "x", "✓", "TRUE", "INT", "ext.", "I/E",
    "DAY", "night", "Dusk", "Posted", "Open PO", "Camera", "Grip", "SAG-AFTRA", "IATSE", "1, 2", "1;2;9", "1 2 3",
    "12A", "12 pt 2", "A12", "12.1", "12-14", "L1", "L7", "cast 1", "crew Gus Grip", "shoot days", "#REF!", "#N/A",
    "#DIV/0!", "=SUM(A1:A3)", "=HYPERLINK(\"http://x\",\"y\")", "@cmd", "+1 310 555 0101", "ana@example.com", "ana@@x",
    "noqa", "noqa: SC002", "SC007=error", "Ignore", "America/Los_Angeles", "Mars/Olympus", "DMY", "YMD", "US", "CA",
    "\u202f7:30\u00a0AM", "１２", "١٢٣", "Zoë", "山田", "🎬", "\x07BELL", "a" * 300, " ", "\t", "\n",
]  # fmt: skip
CELLS = st.one_of(  # for the whole-production mutations (a few cells each: drawn one by one, and shrunk)
    st.sampled_from(TYPED),
    st.just(""),
    st.none(),
    st.text(max_size=12),
    st.floats(allow_nan=True, allow_infinity=True),
    st.integers(min_value=-(10**20), max_value=10**20),
    st.floats(min_value=-2, max_value=100_000).map(lambda x: round(x, 4)),
    st.booleans(),
    st.dates(min_value=dt.date(1, 1, 1), max_value=dt.date(9999, 12, 31)),
    st.datetimes(min_value=dt.datetime(1899, 12, 30), max_value=dt.datetime(2100, 1, 1)),
    st.times(),
    st.timedeltas(min_value=dt.timedelta(days=-3), max_value=dt.timedelta(days=3)),
)


def _spellings(name: str) -> list[str]:
    return [name, name.upper(), name.lower(), f"  {name} ", name.replace(" ", "_"), name.replace(" ", "")]


def _pool() -> list[Any]:
    """Cells of every kind, as calamine and xlwings hand them over: the typed texts above, the edges of every
    type, and 1,500 random strings (letters, digits, punctuation, controls, emoji, right-to-left marks) and
    numbers. Built once from a fixed seed: a table is then drawn from it with one integer, which keeps an example
    at ~2 ms (drawing 50 cells one by one through hypothesis costs ~10 ms)."""
    import random

    rnd = random.Random(20270301)
    edges: list[Any] = [
        None, "", 0.0, -0.0, 1.0, -1.0, 0.5, 1.0625, 46082.0, 2.0**53, 1e308, -1e308, 5e-324, float("nan"),
        float("inf"), float("-inf"), 0, 1, -1, 12, 10**12, -(10**19), True, False, dt.date(1, 1, 1),
        dt.date(1899, 12, 30), dt.date(1899, 12, 31), dt.date(1900, 1, 1), dt.date(1900, 2, 28), dt.date(2027, 3, 1),
        dt.date(9999, 12, 31), dt.datetime(1899, 12, 31, 1, 30), dt.datetime(1900, 1, 1, 1, 30),
        dt.datetime(2027, 3, 1, 7, 30), dt.datetime(9999, 12, 31, 23, 59, 59), dt.time(0, 0), dt.time(7, 30),
        dt.time(23, 59, 59, 999_999), dt.timedelta(0), dt.timedelta(hours=25, minutes=30), dt.timedelta(days=-1),
        dt.timedelta(days=999_999), dt.timedelta(microseconds=1),
    ]  # fmt: skip
    alphabet = ("abcXYZ0123456789 ,.;:/-+()$%#@!?'\"\t\n\r\x00\x07\x1b\u00e9\u00df\u65e5\u672c\u0627\u200f"
                "\u202e\u0301\U0001f3ac\uff11\u0661")  # fmt: skip
    texts = ["".join(rnd.choice(alphabet) for _ in range(rnd.randint(1, 14))) for _ in range(1500)]
    numbers: list[Any] = [rnd.choice([rnd.uniform(-1e6, 1e6), rnd.randint(-100, 100_000), rnd.random() * 2,
                                      round(rnd.uniform(0, 50), 3), rnd.randint(40_000, 60_000) + rnd.random()])
                          for _ in range(600)]  # fmt: skip
    moments: list[Any] = [dt.date(rnd.randint(1, 9999), rnd.randint(1, 12), rnd.randint(1, 28)) for _ in range(150)]
    moments += [dt.time(rnd.randint(0, 23), rnd.randint(0, 59)) for _ in range(100)]
    moments += [dt.timedelta(minutes=rnd.randint(-600, 3000)) for _ in range(100)]
    numeric_text = [f"{rnd.randint(0, 31)}/{rnd.randint(0, 13)}/{rnd.randint(0, 2100)}" for _ in range(100)]
    numeric_text += [f"{rnd.randint(0, 30)}:{rnd.randint(0, 99):02d}" for _ in range(100)]
    return [*TYPED, *TYPED, *edges, *edges, *texts, *numbers, *moments, *numeric_text]


POOL = _pool()
CELL_RANGE = len(POOL) - 1


@st.composite
def raw_tables(draw: Any) -> tuple[TableSpec, RawTable]:
    import random

    spec = draw(st.sampled_from(TABLES))
    rnd = random.Random(draw(st.integers(0, 2**32)))
    headers: list[Any] = [rnd.choice([s for n in (c.header, *c.aliases) for s in _spellings(n)])
                          for c in spec.columns if rnd.random() > 0.1]  # a column left out now and then
    headers += rnd.sample([rnd.choice(POOL), "Notes", "", None, 12.0, "Scene", "Cast ID"], rnd.randint(0, 2))
    rnd.shuffle(headers)
    width = len(headers)
    rows = [[POOL[rnd.randint(0, CELL_RANGE)] for _ in range(max(0, width + rnd.randint(-1, 1)))]
            for _ in range(draw(st.integers(0, 6)))]  # ragged rows: xlwings hands over what Excel had
    raw = RawTable(rnd.choice(["Sheet", "Décors 🎬", "Joe's"]), rnd.randint(1, 4), rnd.randint(1, 3), headers, rows,
                   is_table=rnd.random() < 0.5)  # fmt: skip
    return spec, raw


_CELL_REF = re.compile(r"([A-Z]+)(\d+)")


@_settings(READER_EXAMPLES)
@given(table=raw_tables(), date_order=st.sampled_from(["MDY", "DMY", "YMD"]))
def test_the_reader_types_any_table_and_points_at_its_cells(table: tuple[TableSpec, RawTable], date_order: str) -> None:
    spec, raw = table
    if spec is SETTINGS:
        s, findings = build_settings(raw)
        assert set(s.cells) <= {k.key for k in SETTINGS_KEYS}
    else:
        t, findings = build_table(spec, raw, date_order)
        df = t.df
        for col in spec.columns:  # formula columns are Excel's own view: kept as they read (object) when present
            want = {dtype_for(col.type), "object"} if col.formula is not None else {dtype_for(col.type)}
            assert str(df[col.key].dtype) in want, (spec.name, col.key, df[col.key].dtype)
        rows = df[ROW].tolist()
        assert rows == sorted(set(rows))
        assert all(raw.header_row < r <= raw.header_row + len(raw.rows) for r in rows)
    last_row = raw.header_row + len(raw.rows)
    for f in findings:
        assert f.sheet == raw.sheet and f.message and f.hint, f
        m = _CELL_REF.fullmatch(f.cell or "")
        assert m is not None, f
        assert raw.header_row <= int(m[2]) <= max(last_row, raw.header_row), f


# --- whole productions ------------------------------------------------------------------------------------------


def _base_raws() -> dict[str, list[list[Any]]]:
    """The base production as grids (header row first), as the reader would get them from a workbook."""
    data = base_data()
    grids: dict[str, list[list[Any]]] = {
        SETTINGS.name: [["Setting", "Value"]] + [[SETTINGS_BY_KEY[k].label, _cell(v, SETTINGS_BY_KEY[k].type.value)]
                                                 for k, v in data.settings.items()]}  # fmt: skip
    for spec in TABLES:
        if spec is SETTINGS:
            continue
        cols = list(spec.input_columns)
        grids[spec.name] = [[c.header for c in cols]] + [[_cell(r.get(c.key), c.type.value) for c in cols]
                                                         for r in data.tables.get(spec.name, [])]  # fmt: skip
    return grids


BASE = _base_raws()
NAMES = sorted(BASE)


@st.composite
def mutations(draw: Any) -> list[tuple[Any, ...]]:
    out = []
    for _ in range(draw(st.integers(1, 8))):
        table = draw(st.sampled_from(NAMES))
        grid = BASE[table]
        kind = draw(st.sampled_from(["cell", "cell", "cell", "cell", "delete", "repeat", "drop", "rename", "empty",
                                     "add"]))  # fmt: skip
        row = draw(st.integers(0, max(0, len(grid) - 2)))
        col = draw(st.integers(0, len(grid[0]) - 1))
        out.append((kind, table, row, col, draw(CELLS)))
    return out


def _mutate(muts: list[tuple[Any, ...]]) -> dict[str, RawTable | None]:
    grids = {k: [list(r) for r in v] for k, v in BASE.items()}
    for kind, table, row, col, value in muts:
        g = grids[table]
        body = g[1:]
        if kind == "cell" and body:
            cells = body[row % len(body)]
            if cells:
                cells[col % len(cells)] = value
        elif kind == "delete" and body:
            del body[row % len(body)]
        elif kind == "repeat" and body:
            body.insert(row % len(body), list(body[row % len(body)]))
        elif kind == "drop" and g[0]:
            col %= len(g[0])
            body = [r[:col] + r[col + 1:] for r in body]
            g[0] = g[0][:col] + g[0][col + 1:]
        elif kind == "rename" and g[0]:
            g[0][col % len(g[0])] = value if not isinstance(value, str) or value else "???"
        elif kind == "empty":
            body = []
        elif kind == "add":
            body.append([value] * len(g[0]))
        grids[table] = [g[0], *body]
    return {name: RawTable(name, 1, 1, g[0], g[1:]) for name, g in grids.items()}


@_settings(PRODUCTION_EXAMPLES)
@given(muts=mutations())
def test_no_rule_crashes_on_a_mutated_production(muts: list[tuple[Any, ...]]) -> None:
    p = build_production(_mutate(muts), source="fuzz", today=TODAY)
    findings = run_checks(p)
    crashed = [f.message for f in findings if f.code == "XP001"
               and not any(k in f.message for k in KNOWN_CRASHES)]  # fmt: skip
    assert not crashed, crashed
    for f in findings:
        assert f.message and f.hint, f
        if f.row is not None:
            assert f.sheet and f.cell, f


def test_the_base_grids_read_back_clean() -> None:
    """The fuzz starts from a production every rule passes (so a finding is the mutation's doing)."""
    p = build_production({n: RawTable(n, 1, 1, g[0], g[1:]) for n, g in BASE.items()}, source="fuzz", today=TODAY)
    assert [f for f in run_checks(p) if f.severity.value == "error"] == []
    assert len(p.scenes) == 6 and isinstance(p.scenes, pd.DataFrame)

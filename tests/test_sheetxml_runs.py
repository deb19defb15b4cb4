"""Tables are written a column at a time (a season's ledger: 800,000 cells), and must come out byte for byte as the
row-by-row writer would write them.

``sheetxml.write_sheet`` writes stretches of rows of one shape column by column and falls back to the row path for
anything unusual. Here random sheets — overlapping and overlay blocks, ragged rows, every kind of value, formats,
links, merges, row heights, literal text, shared or inline strings — are written both ways and every part of the
two workbooks must be identical; so must a real report (the sample's finance pack).
"""

from __future__ import annotations

import datetime as dt
import decimal
import io
import random
import zipfile
from pathlib import Path

import numpy as np
import pytest

from xlproduction.model.sheetspec import Block, Format, Formula, Link, SheetSpec, Style
from xlproduction.reports.finance_pack import finance_pack
from xlproduction.workbook import sheetxml
from xlproduction.workbook.reader import load_production

SAMPLE = Path(__file__).resolve().parents[1] / "workbook_templates" / "sample_production.xlsx"
POOL = [None, None, "", "a", "b", " lead", "trail ", "=x", "=", "-1", "+a", "@b", "x&<y", "_x0041_", "bell\x07",
        1, 0, -7, 2.5, 0.1, float("nan"), float("inf"), True, False, dt.date(2025, 1, 2), dt.date(2024, 2, 29),
        dt.datetime(2025, 1, 2, 3, 4), dt.time(1, 2), dt.timedelta(hours=3), decimal.Decimal("1.5"),
        np.float64(3.25), np.int64(4), Formula("=A1+1")]  # fmt: skip
TABLE_POOL = [None, "", "a", "b", "c", "-d", 1.5, 2.0, dt.date(2025, 3, 1), dt.date(2025, 3, 2), 3, float("nan")]
STYLES = [Style(), Style(bold=True), Style(border=True, number_format="0.00"), Style(fill="D9D9D9"),
          Style(number_format="General"), Style(number_format="yyyy-mm-dd"), Style(italic=True, wrap=True)]


def random_spec(rng: random.Random, i: int) -> SheetSpec:
    blocks = []
    pool = TABLE_POOL if rng.random() < 0.5 else POOL
    for _ in range(rng.randint(1, 6)):
        h, w = rng.randint(1, 12), rng.randint(1, 5)
        r, c = rng.randint(1, 10), rng.randint(1, 5)
        columns = [rng.sample(pool, k=3) for _ in range(w)]
        ragged = rng.random() < 0.1
        values = tuple(tuple(rng.choice(columns[j]) for j in range(rng.randint(0, w) if ragged and rng.random() < 0.3
                                                                    else w)) for _ in range(h))  # fmt: skip
        blocks.append(Block(r, c, values, rng.choice(STYLES)))
        if rng.random() < 0.4 and all(len(row) == w for row in values):  # an overlay of one column
            j = rng.randrange(w)
            blocks.append(Block(r, c + j, tuple((row[j],) for row in values), rng.choice(STYLES)))
    formats = tuple(Format(rng.choice(STYLES), ((rng.randint(1, 15), 1, rng.randint(15, 20), 3),))
                    for _ in range(rng.random() < 0.2))  # fmt: skip
    return SheetSpec(name=f"S{i}", blocks=tuple(blocks), formats=formats,
                     links=(Link(rng.randint(1, 12), rng.randint(1, 4), "X", "A1"),) if rng.random() < 0.2 else (),
                     merges=("B3:C4",) if rng.random() < 0.2 else (),
                     heights={rng.randint(1, 15): 30} if rng.random() < 0.2 else {},
                     literal_text=rng.random() < 0.5)  # fmt: skip


def parts(specs: list[SheetSpec], inline: bool, runs: bool, mp: pytest.MonkeyPatch) -> dict[str, bytes]:
    mp.setattr(sheetxml, "COLUMN_RUNS", runs)
    z = zipfile.ZipFile(io.BytesIO(sheetxml.workbook_bytes(specs, inline_strings=inline)))
    return {n: z.read(n) for n in z.namelist()}


@pytest.mark.parametrize("seed", range(4))
@pytest.mark.parametrize("max_run", [sheetxml._MAX_RUN, 3])  # 3: stretches cut into pieces mid-table
def test_random_sheets_are_written_the_same_both_ways(seed: int, max_run: int,
                                                      monkeypatch: pytest.MonkeyPatch) -> None:  # fmt: skip
    monkeypatch.setattr(sheetxml, "_MAX_RUN", max_run)
    rng = random.Random(seed)
    for _ in range(150):
        specs = [random_spec(rng, i) for i in range(rng.randint(1, 3))]
        inline = rng.random() < 0.5
        assert parts(specs, inline, True, monkeypatch) == parts(specs, inline, False, monkeypatch)


@pytest.mark.parametrize("max_run", [sheetxml._MAX_RUN, 7])
def test_the_finance_pack_is_written_the_same_both_ways(max_run: int, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(sheetxml, "_MAX_RUN", max_run)
    specs = [s for s in finance_pack(load_production(SAMPLE)).specs if sheetxml.supports(s)]  # charts: openpyxl
    assert any(len(b.values) > 100 for s in specs for b in s.blocks), "a real table, long enough for column runs"
    assert parts(specs, False, True, monkeypatch) == parts(specs, False, False, monkeypatch)

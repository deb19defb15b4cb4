"""Derived pickups added to the Transport table (`xlproduction transport --derive`) on real files: rows for the
shoot days without runs, the coordinator's days and rows left exactly as they were, every other part of the
package byte for byte, nothing written on blocking errors, and the added runs passing the pickup and seat checks
(LG001, LG002) on the hand-checked case and on the sample."""

from __future__ import annotations

import copy
import datetime as dt
import hashlib
import re
import zipfile
from pathlib import Path

import pandas as pd
import pytest
from lxml import etree
from typer.testing import CliRunner

from tests.logistics_support import HOTEL
from tests.rules.base import h
from tests.test_logistics_reports import OFFICE, data
from xlproduction.checks import ALL_RULES, run_checks
from xlproduction.cli import app
from xlproduction.sample import sample_production
from xlproduction.workbook.reader import load_production
from xlproduction.workbook.safe_write import backups_of
from xlproduction.workbook.writer import write_workbook

runner = CliRunner()
MIN = dt.timedelta(minutes=1)
MAIN = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
PICKUP_RULES = [r for r in ALL_RULES if r.code in ("LG001", "LG002")]


def digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def transport_rows(path: Path) -> list[tuple[object, ...]]:
    t = load_production(path).transport
    cols = ["day", "run", "vehicle", "pickup_time", "pickup_point", "passengers", "drop_off", "purpose",
            "flight_train", "notes"]  # fmt: skip
    return [tuple(None if pd.isna(v) else v.to_pytimedelta() if isinstance(v, pd.Timedelta) else v for v in r)
            for r in t[cols].itertuples(index=False)]


def parts(path: Path) -> dict[str, bytes]:
    with zipfile.ZipFile(path) as z:
        return {n: z.read(n) for n in z.namelist()}


def sheet_part(path: Path, sheet: str) -> str:
    """The worksheet part holding ``sheet``."""
    p = parts(path)
    wb = p["xl/workbook.xml"].decode()
    rid = re.search(rf'<sheet [^>]*name="{sheet}"[^>]*r:id="(rId\d+)"', wb)
    assert rid is not None
    rels = p["xl/_rels/workbook.xml.rels"].decode()
    target = re.search(rf'<Relationship [^>]*Id="{rid[1]}"[^>]*Target="([^"]+)"', rels) or re.search(
        rf'<Relationship [^>]*Target="([^"]+)"[^>]*Id="{rid[1]}"', rels)
    assert target is not None
    return "xl/" + target[1].lstrip("/").removeprefix("xl/")


def xml_row(xml: bytes, r: int) -> bytes:
    """Row ``r`` of a worksheet part, canonical (the sheet part is re-serialised: ``<c/>`` and ``<c></c>`` alike)."""
    rows = etree.fromstring(xml).findall(f".//{{{MAIN}}}row[@r='{r}']")
    assert len(rows) == 1, r
    return etree.tostring(rows[0], method="c14n")


@pytest.fixture
def book(tmp_path: Path) -> Path:
    return write_workbook(tmp_path / "prod.xlsx", data())


def test_rows_added_for_the_days_without_runs(book: Path) -> None:
    before = digest(book)
    old = transport_rows(book)
    r = runner.invoke(app, ["transport", str(book), "--derive"])
    assert r.exit_code == 0, r.output
    out = " ".join(r.output.split())
    assert "Day 1: already has 3 runs in the Transport table (yours, left as they are)." in out
    assert "derived pickups: 3 runs added for days 2, 3." in out
    assert digest(book) == before  # the workbook itself only with --in-place
    copy_ = book.with_name("prod.transport.xlsx")
    rows = transport_rows(copy_)
    assert rows[:3] == old  # day 1 as the transport captain planned it
    # Day 2 (L1, 20 minutes, crew call 07:00, 10-minute buffer): Gus and Sam for 07:00 and Rita (no makeup call:
    # the crew call) from their hotel at 07:00 − 30 = 06:30, three seats: CAR 1. Day 3 is the night shoot at L2
    # (25 minutes): the hotel at 17:25, Maya from the office at 23:55 for her 00:30 call (see
    # tests/test_logistics_derive.py).
    assert rows[3:] == [
        (2, "1", "CAR 1", h(6.5), HOTEL, "3, Gus Grip, Sam Sound", "L1", "Cast Pickup", None,
         "Derived: first call 07:00 (Crew Call)"),
        (3, "1", "CAR 1", h(17) + 25 * MIN, HOTEL, "Gus Grip, Sam Sound, 3", "L2", "Cast Pickup", None,
         "Derived: first call 18:00 (Crew Call)"),
        (3, "2", "CAR 1", h(23) + 55 * MIN, OFFICE, "1", "L2", "Cast Pickup", None,
         "Derived: first call 00:30 +1 (On Set)"),
    ]  # fmt: skip
    p = load_production(copy_)
    assert [f for f in run_checks(p, PICKUP_RULES)] == []
    # The movement order of day 3 now comes from the Transport table, not from the calls.
    r = runner.invoke(app, ["report", "transport", str(copy_), "--day", "3", "--no-workbook"])
    assert r.exit_code == 0 and "day 3: 2 runs in 1 vehicle" in r.output and "derived" not in r.output


def test_everything_else_is_kept_byte_for_byte(book: Path, tmp_path: Path) -> None:
    out = tmp_path / "out.xlsx"
    assert runner.invoke(app, ["transport", str(book), "--derive", "-o", str(out)]).exit_code == 0
    a, b = parts(book), parts(out)
    transport = sheet_part(book, "Transport")
    changed = {n for n in a.keys() | b.keys() if a.get(n) != b.get(n)}
    # The Transport sheet and its table part; the workbook asks Excel to recalculate; new text lands in the
    # shared strings (or inline).
    assert transport in changed
    assert changed <= {transport, *(n for n in changed if n.startswith("xl/tables/")), "xl/workbook.xml",
                       "xl/sharedStrings.xml", "[Content_Types].xml", "xl/_rels/workbook.xml.rels",
                       "xl/calcChain.xml"}, changed  # fmt: skip
    assert len([n for n in changed if n.startswith("xl/tables/")]) == 1
    # The header and the coordinator's three runs (rows 2–4): the same cells, values and styles.
    for r in (1, 2, 3, 4):
        assert xml_row(b[transport], r) == xml_row(a[transport], r)


def test_a_day_with_runs_is_never_touched(book: Path) -> None:
    r = runner.invoke(app, ["transport", str(book), "--day", "1", "--derive", "--in-place"])
    assert r.exit_code == 0, r.output
    assert "Day 1: already has 3 runs" in r.output and "no runs added" in r.output
    assert "Nothing written" in r.output
    assert backups_of(book) == [] and not book.with_name("prod.transport.xlsx").exists()


def test_one_day_in_place_keeps_a_backup(book: Path) -> None:
    old = transport_rows(book)
    r = runner.invoke(app, ["transport", str(book), "--day", "2", "--derive", "--in-place"])
    assert r.exit_code == 0, r.output
    assert "1 run added for day 2." in " ".join(r.output.split())
    rows = transport_rows(book)
    assert rows[:3] == old and [x[:3] for x in rows[3:]] == [(2, "1", "CAR 1")]
    assert len(backups_of(book)) == 1 and transport_rows(backups_of(book)[0]) == old


def test_preview_writes_nothing(book: Path) -> None:
    before = digest(book)
    r = runner.invoke(app, ["transport", str(book)])
    assert r.exit_code == 0, r.output
    assert "3 derived runs for the days without runs. Nothing written" in " ".join(r.output.split())
    assert "23:55" in r.output and "17:25" in r.output
    assert digest(book) == before and not book.with_name("prod.transport.xlsx").exists()


def test_unknown_day_and_blocking_errors_write_nothing(tmp_path: Path) -> None:
    good = write_workbook(tmp_path / "good.xlsx", data())
    r = runner.invoke(app, ["transport", str(good), "--day", "9", "--derive"])
    assert r.exit_code == 2 and "Day 9 is not in the Days table. Shoot days: 1, 2, 3." in " ".join(r.output.split())
    bad_data = data()
    bad_data.tables["Accommodation"][1]["check_in"] = "soon"
    bad = write_workbook(tmp_path / "bad.xlsx", bad_data)
    before = digest(bad)
    r = runner.invoke(app, ["transport", str(bad), "--derive", "--in-place"])
    assert r.exit_code == 2
    text = " ".join(r.output.split())
    assert "nothing was written" in text and "Accommodation!D3" in text
    assert digest(bad) == before and backups_of(bad) == []
    assert not bad.with_name("bad.transport.xlsx").exists()


def test_sample_days_without_runs_get_pickups_that_pass_the_checks(tmp_path: Path) -> None:
    d = copy.deepcopy(sample_production())
    # The transport captain has planned the first three days; the rest of the shoot is still to do.
    d.tables["Transport"] = [r for r in d.tables["Transport"] if r["day"] <= 3]
    book = write_workbook(tmp_path / "sample.xlsx", d)
    kept = transport_rows(book)
    r = runner.invoke(app, ["transport", str(book), "--derive", "--in-place"])
    assert r.exit_code == 0, r.output
    p = load_production(book)
    rows = transport_rows(book)
    assert rows[: len(kept)] == kept
    added = rows[len(kept):]
    days = sorted({int(x) for x in p.days["day"].dropna()})
    assert {x[0] for x in added} == {x for x in days if x > 3}  # every later day has someone to collect
    assert all(x[2] is not None for x in added)  # the fleet covers them
    assert {x[7] for x in added} <= {"Cast Pickup", "Crew Shuttle"}
    findings = run_checks(p, PICKUP_RULES)
    assert findings == [], [f.message for f in findings[:5]]

"""The logistics outputs through the CLI on real files: the day's movement order, the rooming list sent to a hotel,
travel movements, per diems (and their tab in the finance pack), the call sheet's pickups from Transport, and
nothing written while the tables a tab is made from have errors."""

from __future__ import annotations

import csv
import datetime as dt
import hashlib
from pathlib import Path

import pytest
from openpyxl import load_workbook
from typer.testing import CliRunner

from tests.logistics_support import HOTEL, logistics_data
from tests.rules.base import h
from xlproduction.cli import app
from xlproduction.model.contract import PER_DIEM_SHEET, ROOMING_SHEET, TRAVEL_SHEET
from xlproduction.model.tabledata import ProductionData
from xlproduction.workbook.writer import write_workbook

runner = CliRunner()
OFFICE = "1 Office Rd, Burbank, CA"


def data() -> ProductionData:
    out = logistics_data()
    t = out.tables
    # Day 1 as the transport captain planned it: Maya collected earlier than the Calls Pickup (05:30) says.
    t["Transport"] = [
        {"day": 1, "run": "1", "vehicle": "CAR 1", "pickup_time": h(5) + dt.timedelta(minutes=20),
         "pickup_point": OFFICE, "passengers": "1", "drop_off": "L1", "purpose": "Cast Pickup"},
        {"day": 1, "run": "2", "vehicle": "VAN 1", "pickup_time": h(6.5), "pickup_point": HOTEL,
         "passengers": "Gus Grip, Sam Sound", "drop_off": "L1", "purpose": "Crew Shuttle"},
        {"day": 1, "run": "3", "vehicle": "CAR 1", "pickup_time": h(9), "pickup_point": "LAX",
         "passengers": "Dana Photo", "drop_off": HOTEL, "purpose": "Airport", "flight_train": "AA 117",
         "notes": "Meet at arrivals"},
    ]  # fmt: skip
    t["Travel"] = [
        {"person": "3", "date": dt.date(2027, 2, 28), "origin": "JFK", "destination": "LAX", "mode": "Flight",
         "carrier": "AA 117", "depart": h(8), "arrive": h(11.5), "booking_ref": "QX7P2L", "cost": 420.0,
         "account": "1500"},
        {"person": "Gus Grip", "date": dt.date(2027, 2, 28), "origin": "ATL", "destination": "LAX", "mode": "Flight",
         "carrier": "DL 300", "depart": h(7), "arrive": h(9), "booking_ref": "ZZ12AB", "cost": 380.0,
         "account": "3500"},
    ]  # fmt: skip
    return out


@pytest.fixture
def book(tmp_path: Path) -> Path:
    return write_workbook(tmp_path / "prod.xlsx", data())


def cells(path: Path, sheet: str) -> list[tuple[object, ...]]:
    ws = load_workbook(path)[sheet]
    return [tuple(r) for r in ws.iter_rows(values_only=True)]


def digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def test_movement_order_of_a_day(book: Path, tmp_path: Path) -> None:
    before = digest(book)
    out = tmp_path / "day1.csv"
    r = runner.invoke(app, ["report", "transport", str(book), "--day", "1", "--csv", str(out)])
    assert r.exit_code == 0, r.output
    assert "day 1: 3 runs in 2 vehicles" in r.output
    assert digest(book) == before
    rows = cells(book.with_name("prod.transport.xlsx"), "Transport D01 Mon 01-Mar")
    text = [[c for c in row if c is not None] for row in rows]
    assert text[0][0].startswith("Movement order — Day 1, Mon 01-Mar-2027")
    facts = {row[0]: row[1] for row in text[3:8]}
    assert facts["Set"] == "L1 Starlite Diner — 100 Main St, Los Angeles, CA"
    assert facts["Base camp"] == "Lot B" and facts["Crew parking"] == "Lot behind the diner"
    assert facts["Nearest hospital"] == "General Hospital — 1 Care Way, Los Angeles, CA — +1 213 555 0100"
    assert facts["Crew call"] == "07:00"
    body = [list(row) for row in rows[9:]]
    # Vehicle → driver → its stops in pickup order → passengers → times (ETA = pickup + L1's 20 minutes); the vehicle
    # and its driver on the first row of its runs.
    assert body == [
        ["Vehicle", "Driver", "Driver Phone", "Run", "Pickup", "From", "Passengers", "Pax", "To", "ETA", "Purpose",
         "Flight/Train", "Notes"],
        ["CAR 1 (Car, 3 seats)", "Dee Driver", "+1 818 555 0190", "1", "05:20", OFFICE, "1 MAYA", 1, "L1", "05:40",
         "Cast Pickup", None, None],
        [None, None, None, "3", "09:00", "LAX", "Dana Photo", 1, HOTEL, None, "Airport", "AA 117", "Meet at arrivals"],
        ["VAN 1 (Van, 10 seats)", "Vic Van", "+1 818 555 0191", "2", "06:30", HOTEL, "Gus Grip, Sam Sound", 2, "L1",
         "06:50", "Crew Shuttle", None, None],
    ]  # fmt: skip
    with out.open(encoding="utf-8-sig") as f:
        flat = list(csv.DictReader(f))
    assert [(x["Vehicle"], x["Run"], x["Pickup"], x["Passengers"]) for x in flat] == [
        ("CAR 1", "1", "05:20", "1 MAYA"), ("CAR 1", "3", "09:00", "Dana Photo"),
        ("VAN 1", "2", "06:30", "Gus Grip, Sam Sound")]  # fmt: skip


def test_a_day_without_runs_is_laid_out_from_the_calls(book: Path) -> None:
    r = runner.invoke(app, ["report", "transport", str(book), "--day", "3"])
    assert r.exit_code == 0, r.output
    assert "derived from the calls" in r.output
    rows = cells(book.with_name("prod.transport.xlsx"), "Transport D03 Wed 03-Mar")
    assert "Derived from the day's calls" in rows[1][0]
    stops = [row[3:7] for row in rows[10:]]
    # The night shoot's pickups (tests/test_logistics_derive.py): 17:25 from the hotel, 23:55 from the office.
    assert stops == [("1", "17:25", HOTEL, "Gus Grip, Sam Sound, 3 RITA"), ("2", "23:55", OFFICE, "1 MAYA")]


def test_rooming_list_for_one_hotel_carries_nothing_else_personal(book: Path, tmp_path: Path) -> None:
    out_csv, out_xlsx = tmp_path / "hotel.csv", tmp_path / "hotel.xlsx"
    r = runner.invoke(app, ["report", "rooming", str(book), "--hotel", "hotel alameda", "--csv", str(out_csv),
                            "--xlsx", str(out_xlsx), "--no-workbook"])  # fmt: skip
    assert r.exit_code == 0, r.output
    assert "3 guests at 1 hotel" in r.output
    assert not book.with_name("prod.rooming.xlsx").exists()
    with out_csv.open(encoding="utf-8-sig") as f:
        rows = list(csv.DictReader(f))
    assert list(rows[0]) == ["Hotel", "Guest", "Arrival", "Departure", "Nights", "Room Type", "Sharing With", "Billing",
                             "Confirmation"]  # fmt: skip
    assert [(x["Guest"], x["Arrival"], x["Departure"], x["Nights"], x["Room Type"], x["Sharing With"],
             x["Confirmation"]) for x in rows] == [
        ("Cleo Demo", "2027-02-28", "2027-03-04", "4", "King", "", "HA-1"),
        ("Gus Grip", "2027-02-28", "2027-03-04", "4", "Double", "Sam Sound", "HA-2"),
        ("Sam Sound", "2027-02-28", "2027-03-04", "4", "Double", "Gus Grip", "HA-2"),
    ]  # fmt: skip
    grid = cells(out_xlsx, ROOMING_SHEET)
    flat = {str(c) for row in grid for c in row if c is not None}
    assert f"{HOTEL} — 5 Alameda Ave, Burbank, CA" in flat
    # Nothing about the guests beyond the list's columns: no phone, email, rate, account or character.
    for leak in ("+1 310 555", "@example.com", "180", "1500", "RITA", "Kin 3"):
        assert not any(leak in c for c in flat), leak


def test_unknown_hotel_is_a_one_line_error(book: Path) -> None:
    r = runner.invoke(app, ["report", "rooming", str(book), "--hotel", "Ritz"])
    assert r.exit_code == 2
    said = " ".join(r.output.split())  # the console wraps long lines
    assert "No booking at a hotel named 'Ritz'" in said and HOTEL in said
    assert not book.with_name("prod.rooming.xlsx").exists()


def test_travel_movements_by_date_and_departure(book: Path) -> None:
    r = runner.invoke(app, ["report", "travel", str(book)])
    assert r.exit_code == 0, r.output
    rows = cells(book.with_name("prod.travel.xlsx"), TRAVEL_SHEET)
    legs = [row[1:9] for row in rows[4:]]
    assert legs == [("Gus Grip", "ATL", "LAX", "Flight", "DL 300", "07:00", "09:00", "ZZ12AB"),
                    ("3 RITA (Cleo Demo)", "JFK", "LAX", "Flight", "AA 117", "08:00", "11:30", "QX7P2L")]
    assert rows[4][0] == dt.datetime(2027, 2, 28)


def test_per_diems_sheet_and_the_finance_pack(book: Path, tmp_path: Path) -> None:
    r = runner.invoke(app, ["report", "perdiem", str(book)])
    assert r.exit_code == 0, r.output
    # Rita 270 (tests/test_logistics_derive.py), Gus and Sam 185 each.
    assert "3 payees, 15 days, 640.00 in all" in r.output
    rows = cells(book.with_name("prod.perdiem.xlsx"), PER_DIEM_SHEET)
    totals = {row[0]: row[6] for row in rows if row[0] and str(row[0]).startswith(("Total", "Grand"))}
    assert totals == {"Total Cleo Demo": 270, "Total Gus Grip": 185, "Total Sam Sound": 185, "Grand total": 640}
    # Values only: not one formula.
    assert not any(isinstance(c, str) and c.startswith("=") for row in rows for c in row)
    pack = tmp_path / "pack.xlsx"
    r = runner.invoke(app, ["finance-pack", str(book), str(pack)])
    assert r.exit_code == 0, r.output
    grid = cells(pack, PER_DIEM_SHEET)
    # Accounting pays people: each payee by name, even where finance may not see names elsewhere in the pack …
    assert {row[0] for row in grid[4:] if row[0]} == {"Cleo Demo", "Gus Grip", "Sam Sound", "Total Cleo Demo",
                                                     "Total Gus Grip", "Total Sam Sound", "Grand total"}
    assert [row[:8] for row in grid[4:] if row[0] and str(row[0]).startswith(("Total", "Grand"))] == [
        r[:8] for r in rows if r[0] and str(r[0]).startswith(("Total", "Grand"))]  # the workbook's own tab's figures
    # … and nothing else about them: no Cast ID or position beside the name (which would tie it to the budget's
    # [Cast 3] lines), no phone, email, address, hotel or home city — the whole pack scanned.
    from tests.test_finance_pack import assert_no_personal_data
    from xlproduction.workbook.reader import load_production

    p = load_production(book)
    assert_no_personal_data(p, pack)
    texts = [str(c) for row in grid for c in row if c is not None]
    for leak in ("[Cast 3]", "[Key Grip]", "RITA", HOTEL, "Alameda Ave", OFFICE, "555"):
        assert not any(leak in t for t in texts), leak
    about = " ".join(str(r[0]) for r in cells(pack, "About") if r[0])
    assert "Per Diems: each payee by name" in about


def test_nothing_is_written_while_the_tables_have_errors(tmp_path: Path) -> None:
    bad = data()
    bad.tables["Accommodation"][1]["check_in"] = "soon"
    book = write_workbook(tmp_path / "prod.xlsx", bad)
    for kind in ("rooming", "perdiem", "transport"):
        r = runner.invoke(app, ["report", kind, str(book), "--day", "1"] if kind == "transport"
                          else ["report", kind, str(book)])  # fmt: skip
        assert r.exit_code == 2, (kind, r.output)
        said = " ".join(r.output.split())
        assert "nothing was written" in said and "Accommodation!D3" in said
        assert not book.with_name(f"prod.{kind}.xlsx").exists()
    # Travel is not made from Accommodation: it is written.
    assert runner.invoke(app, ["report", "travel", str(book)]).exit_code == 0


def test_call_sheet_takes_cast_pickups_from_transport(tmp_path: Path) -> None:
    from tests.rules.harness import production_of
    from xlproduction.callsheet.model import build_callsheet

    p = production_of(data(), tmp_path)
    maya = next(c for c in build_callsheet(p, 1).cast if c.cast_id == "1")
    assert maya.pickup == h(5) + dt.timedelta(minutes=20)  # the Transport run, not the Calls Pickup (05:30)
    rita = next(c for c in build_callsheet(p, 3).cast if c.cast_id == "1")
    assert rita.pickup == h(23.5)  # no run on day 3: the Calls Pickup stays

"""The Logistics buttons through the real xlwings API (remote engine, test-only licence): the tab each writes is
the one the file engine writes, a blocked table writes nothing, and the number of Excel calls stays the same when
the logistics grow (ten times the runs, vehicles, guests, hotels and payees)."""

from __future__ import annotations

import copy
import datetime as dt
from pathlib import Path
from typing import Any

import pytest

from tests.excel_support import apply_actions, payload, remote_book, sheet_values, shown
from tests.test_logistics_reports import OFFICE, data
from xlproduction.excel import entry_points as ep
from xlproduction.excel.cells import spec_grid
from xlproduction.model.contract import PER_DIEM_SHEET, ROOMING_SHEET, TRAVEL_SHEET
from xlproduction.model.tabledata import ProductionData
from xlproduction.workbook.reader import load_production
from xlproduction.workbook.writer import write_workbook

BUTTONS = {"transport": "Transport D01 Mon 01-Mar", "rooming_list": ROOMING_SHEET, "travel": TRAVEL_SHEET,
           "per_diems": PER_DIEM_SHEET}  # fmt: skip
HOTELS = ("Hotel Alameda", "Burbank Inn", "Olive Suites", "Magnolia Lodge", "Verdugo House")


def grown(n: int = 20) -> ProductionData:
    """The case with ``n`` more out-of-town grips: a room each at five hotels, a flight each, and on day 1 a van
    each (new vehicles, new drivers)."""
    d = copy.deepcopy(data())
    t = d.tables
    base = next(c for c in t["Crew"] if c["name"] == "Gus Grip")
    for k in range(n):
        name = f"Grip Number{k + 1}"
        t["Crew"].append({**base, "name": name, "phone": None, "emergency_phone": None, "local": False})
        t["Accommodation"].append({"person": name, "hotel": HOTELS[k % 5], "address": f"{k + 10} Olive Ave, Burbank",
                                   "check_in": dt.date(2027, 2, 28), "check_out": dt.date(2027, 3, 4),
                                   "room_type": "King", "billing": "Production", "confirmation": f"C-{k}",
                                   "nightly_rate": 120.0, "account": "3500"})  # fmt: skip
        t["Travel"].append({"person": name, "date": dt.date(2027, 2, 28), "origin": "ATL", "destination": "LAX",
                            "mode": "Flight", "carrier": f"DL {400 + k}", "depart": dt.timedelta(hours=7),
                            "arrive": dt.timedelta(hours=9), "booking_ref": f"REF{k:03d}"})  # fmt: skip
        t["Vehicles"].append({"vehicle": f"VAN {k + 2}", "type": "Van", "seats": 10, "driver": f"Driver {k + 2}",
                              "driver_phone": f"+1 818 555 01{k + 20}"})  # fmt: skip
        t["Transport"].append({"day": 1, "run": str(k + 4), "vehicle": f"VAN {k + 2}",
                               "pickup_time": dt.timedelta(hours=6, minutes=k), "pickup_point": HOTELS[k % 5],
                               "passengers": name, "drop_off": "L1", "purpose": "Crew Shuttle"})  # fmt: skip
    return d


@pytest.fixture(scope="module")
def books(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    d = tmp_path_factory.mktemp("excel-logistics")
    bad = data()
    bad.tables["Accommodation"][1]["check_in"] = "soon"
    return {"small": write_workbook(d / "small.xlsx", data()), "grown": write_workbook(d / "grown.xlsx", grown()),
            "bad": write_workbook(d / "bad.xlsx", bad)}  # fmt: skip


def on_day_one(path: Path) -> dict[str, Any]:
    """The workbook as Excel sends it with the Days row of shoot day 1 selected."""
    p = payload(path)
    p["book"]["active_sheet_index"] = [s["name"] for s in p["sheets"]].index("Days")
    p["book"]["selection"] = "A2"
    return p


class Run:
    def __init__(self, data: dict[str, Any], name: str) -> None:
        self.book = remote_book(data)
        self.result: ep.ButtonResult = getattr(ep, name)(self.book)
        self.actions: list[dict[str, Any]] = self.book.json()["actions"]
        self.after = apply_actions(data, self.actions)

    def values(self, name: str) -> list[list[Any]]:
        return [[shown(v) for v in row] for row in sheet_values(self.after, name)]


@pytest.fixture(scope="module")
def runs(books: dict[str, Path]) -> dict[tuple[str, str], Run]:
    payloads = {k: on_day_one(books[k]) for k in ("small", "grown")}
    return {(size, name): Run(payloads[size], name) for size in payloads for name in BUTTONS}


@pytest.mark.parametrize("name", list(BUTTONS))
def test_button_writes_the_tab_the_file_engine_writes(runs: dict[tuple[str, str], Run], books: dict[str, Path],
                                                      name: str) -> None:  # fmt: skip
    from xlproduction.jobs import logistics as L
    from xlproduction.jobs.source import workbook_file

    r = runs[("small", name)]
    assert r.result.ok, r.result.message
    tab = BUTTONS[name]
    assert r.result.tabs == [tab]
    job = {"transport": lambda s: L.transport_report(s, 1, write_tab=False),
           "rooming_list": lambda s: L.rooming_report(s, write_tab=False),
           "travel": lambda s: L.travel_report(s, write_tab=False),
           "per_diems": lambda s: L.per_diem_report(s, write_tab=False)}[name]  # fmt: skip
    want = spec_grid(job(workbook_file(books["small"])).tab)
    got = r.values(tab)
    # Below the generated-at line, cell for cell (dates as the remote engine returns them).
    for i, row in enumerate(want[3:], start=3):
        assert [_iso(shown(v)) for v in row] == got[i][: len(row)], (name, i + 1)


def _iso(v: Any) -> Any:
    """A date as the remote engine hands it back (ISO text)."""
    return v.isoformat() if isinstance(v, dt.date) else v


def test_movement_order_in_excel_names_the_drivers_and_the_set(runs: dict[tuple[str, str], Run]) -> None:
    got = runs[("small", "transport")].values("Transport D01 Mon 01-Mar")
    assert got[3][:2] == ["Set", "L1 Starlite Diner — 100 Main St, Los Angeles, CA"]
    first = got[10]
    assert first[:7] == ["CAR 1 (Car, 3 seats)", "Dee Driver", "+1 818 555 0190", "1", "05:20", OFFICE, "1 MAYA"]


def test_excel_calls_do_not_grow_with_the_logistics(runs: dict[tuple[str, str], Run]) -> None:
    counts = {n: (len(runs[("small", n)].actions), len(runs[("grown", n)].actions)) for n in BUTTONS}
    print("\nxlwings actions per Logistics button (case, +20 guests/vans/flights/payees):", counts)
    for name, (small, big) in counts.items():
        assert runs[("grown", name)].result.ok, runs[("grown", name)].result.message
        assert small == big, f"{name}: {small} actions on the case, {big} with ten times the logistics"
        assert runs[("small", name)].result.calls.reads == runs[("grown", name)].result.calls.reads
    # The grown tabs really are bigger.
    assert len(runs[("grown", "rooming_list")].values(ROOMING_SHEET)) > len(
        runs[("small", "rooming_list")].values(ROOMING_SHEET)) + 15


def test_a_blocked_table_writes_nothing(books: dict[str, Path]) -> None:
    data = on_day_one(books["bad"])
    for name in ("transport", "rooming_list", "per_diems"):
        r = Run(data, name)
        assert not r.result.ok
        message = " ".join(r.result.message.split())
        assert "nothing was written" in message and "Accommodation!D3" in message
        assert [a["func"] for a in r.actions] == ["alert"]
    assert Run(data, "travel").result.ok  # the travel list is not made from Accommodation


def test_file_and_live_read_the_same_logistics(books: dict[str, Path]) -> None:
    from xlproduction.excel.book import read_production

    live = read_production(remote_book(payload(books["small"])))
    file = load_production(books["small"])
    for table in ("Vehicles", "Transport", "Travel", "Accommodation", "PerDiemRates"):
        a, b = live.df(table).drop(columns="_row"), file.df(table).drop(columns="_row")
        assert a.astype(str).equals(b.astype(str)), table


@pytest.fixture(scope="module")
def derived(books: dict[str, Path]) -> dict[str, Any]:
    from tests.test_excel_interchange import TableRun

    return {k: TableRun(payload(books[k]), "derive_pickups") for k in ("small", "grown")}


def test_derive_pickups_adds_the_runs_the_file_engine_adds(derived: dict[str, Any], books: dict[str, Path],
                                                          tmp_path: Path) -> None:  # fmt: skip
    from tests.test_excel_interchange import live
    from xlproduction.jobs.pickups import derive
    from xlproduction.jobs.source import workbook_file

    r = derived["small"]
    assert r.result.ok and r.result.tabs == ["Transport"], r.result.message
    message = " ".join(r.result.message.split())
    assert message.startswith("Derived pickups: 3 runs added for days 2, 3.")
    assert "Day 1: already has 3 runs in the Transport table" in message
    cols = ["day", "run", "vehicle", "pickup_time", "pickup_point", "passengers", "drop_off", "purpose", "notes"]
    got = live(r.after).df("Transport")[cols].astype(str).values.tolist()
    before = load_production(books["small"]).df("Transport")[cols].astype(str).values.tolist()
    out = tmp_path / "file.xlsx"
    derive(workbook_file(books["small"], out))
    want = load_production(out).df("Transport")[cols].astype(str).values.tolist()
    assert got[:3] == before  # day 1's runs as they were
    assert got == want and len(got) == 6


def test_derive_pickups_calls_do_not_grow(derived: dict[str, Any]) -> None:
    small, big = derived["small"], derived["grown"]
    assert big.result.ok, big.result.message
    # The twenty extra out-of-town grips ride on days 2 and 3 too: more runs, the same Excel calls.
    assert "runs added for days 2, 3" in big.result.message and big.result.message != small.result.message
    assert len(big.actions) == len(small.actions)
    assert big.result.calls.reads == small.result.calls.reads and big.result.calls.writes == small.result.calls.writes


def test_derive_pickups_clicked_again_or_blocked_writes_nothing(derived: dict[str, Any],
                                                                books: dict[str, Path]) -> None:  # fmt: skip
    from tests.test_excel_interchange import TableRun

    again = TableRun(derived["small"].after, "derive_pickups")
    assert again.result.ok and again.result.tabs == []
    assert "no runs added" in again.result.message and "Nothing was written" in again.result.message
    assert [a["func"] for a in again.actions] == ["alert"]
    bad = Run(payload(books["bad"]), "derive_pickups")
    assert not bad.result.ok and "Accommodation!D3" in " ".join(bad.result.message.split())
    assert [a["func"] for a in bad.actions] == ["alert"]

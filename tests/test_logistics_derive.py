"""Pickups, hotel nights and per diems derived from the schedule, on hand-checked cases in a real workbook.

The three-day base production (tests/rules/base.py) is extended with what a coordinator types for logistics and
written and read back as a real .xlsx: day 3 at Echo Park becomes a night shoot (crew call 18:00, a performer on
set at 00:30 the next morning), performer 3 flies in on Sunday 28 February and home on Thursday 4 March, and two
out-of-town crew share a double at the same hotel. Every expected number below was worked out by hand and is
spelled out beside the assertion.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from tests.logistics_support import HOTEL, logistics_data
from tests.rules.base import base_data, h
from tests.rules.harness import production_of
from xlproduction.model.logistics import drive_minutes_between, haversine_km, split_people
from xlproduction.model.perdiems import per_diems
from xlproduction.model.pickups import Drives, derive_pickups
from xlproduction.model.production import Production
from xlproduction.model.stays import booked_nights, bookings, nights_needed, room_cost

d = dt.date


@pytest.fixture(scope="module")
def p(tmp_path_factory: pytest.TempPathFactory) -> Production:
    return production_of(logistics_data(), tmp_path_factory.mktemp("logistics"))


def test_passengers_cells_keep_crew_names_whole() -> None:
    assert split_people("1, 4, Jane Doe") == ("1", "4", "Jane Doe")
    assert split_people("Jane Doe") == ("Jane Doe",)
    assert split_people(12.0) == ("12",)
    assert split_people(None) == ()


def test_drive_between_two_locations_uses_their_coordinates(p: Production) -> None:
    # L1 (34.0522, -118.2437) to L2 (34.0781, -118.2606): 0.0259° of latitude is 2.880 km, 0.0169° of longitude at
    # 34.07° N is 1.558 km, so 3.27 km in a straight line; ×1.3 for the roads = 4.26 km at 40 km/h = 6.4 min → 7.
    assert haversine_km(34.0522, -118.2437, 34.0781, -118.2606) == pytest.approx(3.27, abs=0.02)
    assert drive_minutes_between(34.0522, -118.2437, 34.0781, -118.2606, 40) == 7
    drives = Drives(p)
    # A company move from L1 to L2 is the drive between the two locations, not L2's Travel Minutes (25) …
    assert drives.minutes("L1", "L2") == 7
    # … while from a hotel or an address it is the set's Travel Minutes, and from base camp nothing.
    assert drives.minutes(HOTEL, "L2") == 25
    assert drives.minutes("1 Office Rd, Burbank, CA", "L1") == 20
    assert drives.minutes("Base Camp", "L2") == 0
    assert drives.minutes(HOTEL, "L9") is None  # an unknown set: nobody can say


def test_day_pickups_group_by_point_and_reuse_a_vehicle_once_it_is_back(p: Production) -> None:
    runs = derive_pickups(p, 1)
    # Maya (local, a Pickup in Calls): makeup 06:00 − 20 min drive − 10 min buffer = 05:30 from the office.
    # Gus and Sam (out of town, crew call 07:00): 07:00 − 30 = 06:30 from their hotel, together.
    assert [(r.pickup_time, r.pickup_point, [x.ident for x in r.passengers], r.vehicle, r.purpose) for r in runs] == [
        (h(5.5), "1 Office Rd, Burbank, CA", ["1"], "CAR 1", "Cast Pickup"),
        # CAR 1 is back at 06:20 (05:30 + 20 there + 20 back + 10): free again for the 06:30 run. Smallest first.
        (h(6.5), HOTEL, ["Gus Grip", "Sam Sound"], "CAR 1", "Crew Shuttle"),
    ]
    assert all(r.drive_minutes == 20 and r.drop_off == "L1" for r in runs)


def test_night_shoot_pickups_and_a_call_after_midnight(p: Production) -> None:
    runs = derive_pickups(p, 3)
    got = [(r.pickup_time, r.pickup_point, [x.ident for x in r.passengers], r.vehicle) for r in runs]
    # Gus and Sam: crew call 18:00 − 25 − 10 = 17:25. Rita: makeup 18:30 − 35 = 17:55, from the same hotel and
    # within half an hour of 17:25, so she rides with them (three seats: CAR 1). Maya: on set 00:30 is after
    # midnight (twelve hours before the 18:00 call), i.e. 24:30, so she is collected at 23:55, not the evening before.
    assert got == [
        (h(17) + dt.timedelta(minutes=25), HOTEL, ["Gus Grip", "Sam Sound", "3"], "CAR 1"),
        (h(23) + dt.timedelta(minutes=55), "1 Office Rd, Burbank, CA", ["1"], "CAR 1"),
    ]
    assert runs[0].purpose == "Cast Pickup"
    rita = runs[0].passengers[2]
    assert (rita.call, rita.call_of, rita.name) == (h(18.5), "Makeup/Hair", "RITA")


def test_travel_days_bound_the_nights_a_performer_needs(p: Production) -> None:
    need = nights_needed(p)
    # Rita flies in Sun 28 Feb (TR), works Tue 2 and Wed 3, flies home Thu 4 (TR): the nights of 28 Feb, 1, 2 and
    # 3 March; Mon 1 March, a shoot day she does not work, is between arriving and leaving, so it counts.
    assert need["3"] == [d(2027, 2, 28), d(2027, 3, 1), d(2027, 3, 2), d(2027, 3, 3)]
    # Crew from out of town: the night before the start date (1 March) to the night of the end date (3 March).
    assert need["gus grip"] == need["sam sound"] == [d(2027, 2, 28), d(2027, 3, 1), d(2027, 3, 2), d(2027, 3, 3)]
    # Locals need none.
    assert "1" not in need and "dana photo" not in need
    assert booked_nights(p) == {k: set(v) for k, v in need.items()}


def test_a_shared_room_is_one_room_two_guests(p: Production) -> None:
    rows = {b.person: b for b in bookings(p)}
    gus, sam = rows["Gus Grip"], rows["Sam Sound"]
    assert (gus.sharing_with, sam.sharing_with) == ("Sam Sound", "Gus Grip")
    assert gus.confirmation == sam.confirmation == "HA-2"
    # Four nights each at a 100.00 share: the 200.00 double costs 800.00 in all, counted once per share.
    assert room_cost(gus) + room_cost(sam) == 800.0
    assert room_cost(rows["3"]) == 4 * 180.0


def test_per_diems_pay_travel_days_in_full_and_work_days_for_uncatered_meals(p: Production) -> None:
    lines = {(x.ident, x.date): x for x in per_diems(p)}
    rita = [(x.date, x.kind, x.breakfast, x.lunch, x.dinner) for x in per_diems(p) if x.ident == "3"]
    assert rita == [
        (d(2027, 2, 28), "Travel", 12.0, 18.0, 30.0),  # travel day: in full
        (d(2027, 3, 1), "Day off", 12.0, 18.0, 30.0),  # a shoot day she does not work: in full
        (d(2027, 3, 2), "Work", 0.0, 0.0, 30.0),  # breakfast and lunch served: the dinner only
        # The night shoot serves only a dinner, the first major meal: deducted at the (new) lunch rate, 20, so of the
        # 15 + 20 + 35 day she is owed 70 − 20 = 50, i.e. breakfast 15 and dinner 35.
        (d(2027, 3, 3), "Work", 15.0, 0.0, 35.0),
        (d(2027, 3, 4), "Travel", 15.0, 20.0, 35.0),  # the new SAG-AFTRA rates from 3 March
    ]
    assert sum(x.amount for x in per_diems(p) if x.ident == "3") == 60 + 60 + 30 + 50 + 70
    # Crew take the rates with a blank union (10 / 15 / 25): 50 + 25 + 25 + (10 + 25) + 50 = 185.
    assert sum(x.amount for x in per_diems(p) if x.ident == "Gus Grip") == 185.0
    assert lines[("Gus Grip", d(2027, 3, 3))].kind == "Work"
    # Payee: the performer's name, the only personal datum of a line.
    assert lines[("3", d(2027, 3, 2))].payee == "Cleo Demo"
    # Locals are owed nothing.
    assert not any(x.ident in ("1", "2", "Dana Photo") for x in per_diems(p))


def test_a_workbook_without_logistics_tables_derives_nothing(tmp_path: Path) -> None:
    p = production_of(base_data(), tmp_path)
    assert nights_needed(p) == {}
    assert per_diems(p) == ()
    # Maya has a Pickup in Calls on day 1: she is still collected, from the office, with no vehicle to name.
    runs = derive_pickups(p, 1)
    assert [(r.pickup_point, r.vehicle, r.drive_minutes) for r in runs] == [("Production office", None, None)]

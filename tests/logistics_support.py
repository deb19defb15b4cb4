"""The base production (tests/rules/base.py) with a night shoot, a performer flying in and two crew sharing a
room: the hand-checked logistics case the derivation, report and button tests share."""

from __future__ import annotations

import datetime as dt

from tests.rules.base import base_data, h
from xlproduction.model.tabledata import ProductionData

d = dt.date
HOTEL = "Hotel Alameda"


def logistics_data() -> ProductionData:
    """The base production with logistics (see tests/test_logistics_derive.py for what each row is for)."""
    data = base_data()
    t = data.tables
    data.settings["office_address"] = "1 Office Rd, Burbank, CA"
    for loc, minutes in zip(t["Locations"], (20, 25), strict=True):
        loc["travel_minutes"] = minutes
    for day in t["Days"]:
        day.update(breakfast_provided=True, lunch_provided=True, dinner_provided=False)
    # Day 3 is a night shoot: call 18:00, first meal (a hot dinner) at 23:00, wrap 05:00 the next morning.
    t["Days"][2].update(crew_call=h(18), shooting_call=h(19), lunch=h(23), est_wrap=h(5), breakfast_provided=False,
                        lunch_provided=False, dinner_provided=True)
    t["Cast"][2]["local"] = False  # Rita (3) flies in
    for c in t["Cast"][:2]:
        c["local"] = True
    for c in t["Crew"]:
        c["local"] = c["name"] not in ("Gus Grip", "Sam Sound")
    t["CastEvents"] += [{"cast_id": "3", "date": d(2027, 2, 28), "event": "Travel"},
                        {"cast_id": "3", "date": d(2027, 3, 4), "event": "Travel"}]
    t["Calls"] += [{"day": 3, "cast_id": "3", "makeup": h(18.5), "on_set": h(19.5)},
                   # Maya is collected for a scene after midnight: on set 00:30, i.e. 24:30 of the shoot day.
                   {"day": 3, "cast_id": "1", "pickup": h(23.5), "on_set": h(0.5)}]
    t["Vehicles"] = [
        {"vehicle": "CAR 1", "type": "Car", "seats": 3, "driver": "Dee Driver", "driver_phone": "+1 818 555 0190"},
        {"vehicle": "VAN 1", "type": "Van", "seats": 10, "driver": "Vic Van", "driver_phone": "+1 818 555 0191"},
        {"vehicle": "TRUCK 1", "type": "Truck", "seats": 2, "driver": "Tom Truck", "driver_phone": "+1 818 555 0192"},
    ]  # fmt: skip
    room = {"hotel": HOTEL, "address": "5 Alameda Ave, Burbank, CA", "billing": "Production", "account": "3500"}
    t["Accommodation"] = [
        {**room, "person": "3", "check_in": d(2027, 2, 28), "check_out": d(2027, 3, 4), "room_type": "King",
         "confirmation": "HA-1", "nightly_rate": 180.0, "account": "1500"},
        {**room, "person": "Gus Grip", "check_in": d(2027, 2, 28), "check_out": d(2027, 3, 4), "room_type": "Double",
         "sharing_with": "Sam Sound", "confirmation": "HA-2", "nightly_rate": 100.0},
        {**room, "person": "Sam Sound", "check_in": d(2027, 2, 28), "check_out": d(2027, 3, 4), "room_type": "Double",
         "sharing_with": "Gus Grip", "confirmation": "HA-2", "nightly_rate": 100.0},
    ]  # fmt: skip
    t["PerDiemRates"] = [
        {"effective_from": d(2026, 7, 1), "union": "SAG-AFTRA", "breakfast": 12.0, "lunch": 18.0, "dinner": 30.0},
        {"effective_from": d(2026, 7, 1), "breakfast": 10.0, "lunch": 15.0, "dinner": 25.0},
        # A new agreement from the night shoot on, for SAG-AFTRA only.
        {"effective_from": d(2027, 3, 3), "union": "SAG-AFTRA", "breakfast": 15.0, "lunch": 20.0, "dinner": 35.0},
    ]  # fmt: skip
    return data

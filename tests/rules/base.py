"""A tiny, fully consistent production that every rule passes: the base each rule fixture patches.

Three shoot days (Mon 1 – Wed 3 March 2027), six scenes, three cast, six crew, two locations, a budget whose
schedule-linked lines match the schedule, and actuals under budget. Keep it small: each fixture case writes and
reads it as a real .xlsx. Tables start at A1 (header on row 1), so data row n of a table is Excel row n + 1.
"""

from __future__ import annotations

import datetime as dt

from xlproduction.model.tabledata import ProductionData

TODAY = dt.date(2027, 3, 2)


def h(hours: float) -> dt.timedelta:
    return dt.timedelta(hours=hours)


def _person(i: int) -> dict[str, str]:
    return {"phone": f"+1 310 555 01{i:02d}", "emergency_contact": f"Kin {i}",
            "emergency_phone": f"+1 323 555 01{i:02d}"}  # fmt: skip


def base_data() -> ProductionData:
    settings = {
        "title": "Base Test", "company": "Test Pictures LLC", "planned_shoot_days": 3, "country": "US",
        "subdivision": "CA", "time_zone": "America/Los_Angeles", "production_type": "Feature", "currency": "USD",
        "producer": "Pat Producer", "director": "Dee Director", "upm": "Uma Manager", "coordinator": "Cory Coord",
        "coordinator_phone": "+1 310 555 0199", "coordinator_email": "office@example.com", "status_date": TODAY,
    }  # fmt: skip
    locations = [
        {"location_id": "L1", "name": "Starlite Diner", "address": "100 Main St, Los Angeles, CA",
         "latitude": 34.0522, "longitude": -118.2437, "parking": "Lot behind the diner", "base_camp": "Lot B",
         "hospital": "General Hospital", "hospital_address": "1 Care Way, Los Angeles, CA",
         "hospital_phone": "+1 213 555 0100", "contact": "Lou Owner", "contact_phone": "+1 213 555 0111",
         "permit": "FLA-1"},
        {"location_id": "L2", "name": "Echo Park", "address": "751 Echo Park Ave, Los Angeles, CA",
         "latitude": 34.0781, "longitude": -118.2606, "parking": "Street, Park Ave", "base_camp": "Lot C",
         "hospital": "Echo Medical", "hospital_address": "2 Lake St, Los Angeles, CA",
         "hospital_phone": "+1 213 555 0102", "contact": "Pam Parks", "contact_phone": "+1 213 555 0112",
         "permit": "FLA-2"},
    ]  # fmt: skip
    scenes = [
        {"scene": "1", "int_ext": "INT", "set": "DINER - MAIN ROOM", "day_night": "DAY", "pages": 12,
         "synopsis": "Maya meets Joe.", "cast": ("1", "2"), "location": "L1", "script_day": "D1",
         "est_time": h(2)},
        {"scene": "2", "int_ext": "INT", "set": "DINER - KITCHEN", "day_night": "DAY", "pages": 9,
         "synopsis": "Maya hides.", "cast": ("1",), "location": "L1", "script_day": "D1", "est_time": h(1.5)},
        {"scene": "3", "int_ext": "EXT", "set": "DINER - PARKING LOT", "day_night": "DAY", "pages": 6,
         "synopsis": "Rita arrives.", "cast": ("2", "3"), "location": "L1", "script_day": "D2",
         "background": "4 diners", "est_time": h(1)},
        {"scene": "4", "int_ext": "EXT", "set": "PARK - BENCH", "day_night": "DAY", "pages": 16,
         "synopsis": "The talk.", "cast": ("1", "3"), "location": "L2", "script_day": "D3", "est_time": h(3)},
        {"scene": "5", "int_ext": "EXT", "set": "PARK - LAKE", "day_night": "DUSK", "pages": 10,
         "synopsis": "Rita alone.", "cast": ("3",), "location": "L2", "script_day": "D3", "est_time": h(2)},
        {"scene": "6", "int_ext": "INT", "set": "DINER - MAIN ROOM", "day_night": "DAY", "pages": 8,
         "synopsis": "Closing time.", "cast": ("1", "2"), "location": "L1", "script_day": "D2",
         "est_time": h(1.5)},
    ]  # fmt: skip
    days = [
        {"day": n, "date": dt.date(2027, 3, n), "unit": "Main", "location": loc, "crew_call": h(7),
         "shooting_call": h(8), "lunch": h(13), "est_wrap": h(19), "weather": ""}
        for n, loc in ((1, "L1"), (2, "L1"), (3, "L2"))
    ]  # fmt: skip
    days[0]["actual_wrap"] = h(18.5)
    schedule = [
        {"day": d, "order": o, "scene": s}
        for d, o, s in ((1, 1, "1"), (1, 2, "2"), (2, 1, "3"), (2, 2, "6"), (3, 1, "4"), (3, 2, "5"))
    ]
    schedule[0]["banner"] = "LUNCH"
    avail = {"available_from": dt.date(2027, 2, 15), "available_to": dt.date(2027, 3, 31)}
    cast = [
        {"cast_id": "1", "character": "MAYA", "performer": "Ana Example", "email": "ana@example.com",
         "agent": "Top Agency", "agent_phone": "+1 310 555 0150", "union": "SAG-AFTRA", "minor": False,
         "day_rate": 1000.0, "account": "1400", **avail, **_person(1)},
        {"cast_id": "2", "character": "JOE", "performer": "Ben Sample", "email": "ben@example.com",
         "union": "SAG-AFTRA", "minor": False, "day_rate": 800.0, "account": "1400", **avail, **_person(2)},
        {"cast_id": "3", "character": "RITA", "performer": "Cleo Demo", "email": "cleo@example.com",
         "union": "SAG-AFTRA", "minor": False, "day_rate": 600.0, "account": "1400", **avail, **_person(3)},
    ]  # fmt: skip
    crew_rows = (
        ("Uma Manager", "Production", "UPM", 700.0, "2000", 0),
        ("Adam First", "Assistant Directors", "1st Assistant Director", 650.0, "2000", -30),
        ("Dana Photo", "Camera", "Director of Photography", 900.0, "3200", 0),
        ("Sam Sound", "Sound", "Production Sound Mixer", 600.0, "3300", 0),
        ("Gus Grip", "Grip", "Key Grip", 500.0, "2500", 0),
        ("Cat Ering", "Catering", "Caterer", 400.0, "2500", -90),
    )
    crew = [
        {"name": n, "department": d, "position": pos, "email": f"{n.split()[0].lower()}@example.com",
         "union": "IATSE", "day_rate": rate, "account": acct, "start_date": dt.date(2027, 3, 1),
         "end_date": dt.date(2027, 3, 3), "call_offset": off, "walkie": "1", **_person(10 + i)}
        for i, (n, d, pos, rate, acct, off) in enumerate(crew_rows)
    ]  # fmt: skip
    calls = [
        {"day": 1, "cast_id": "1", "pickup": h(5.5), "makeup": h(6), "on_set": h(8)},
        {"day": 1, "department": "Camera", "remarks": "Steadicam for sc. 1"},
    ]
    accounts = [
        {"account": a, "name": n, "category": c}
        for a, n, c in (("1400", "Cast", "ATL"), ("2000", "Production Staff", "BTL"), ("2500", "Set Operations", "BTL"),
                        ("3200", "Camera", "BTL"), ("3300", "Sound", "BTL"), ("3500", "Locations", "BTL"),
                        ("5000", "Editing", "POST"), ("6800", "General Expense", "OTHER"))
    ]  # fmt: skip
    fringes = [
        {"code": "FICA", "description": "Social security", "percent": 0.062, "flat": 0.0, "cap": 10000.0},
        {"code": "MED", "description": "Medicare", "percent": 0.0145, "flat": 0.0, "cap": 0.0},
        {"code": "SAG", "description": "SAG-AFTRA P&H", "percent": 0.21, "flat": 0.0, "cap": 0.0},
        {"code": "IAPH", "description": "IATSE pension & health", "percent": 0.0, "flat": 120.0, "cap": 0.0},
    ]

    def line(acct: str, desc: str, amount: float, units: str, rate: float, x: float = 1, fr: tuple[str, ...] = (),
             link: str = "") -> dict[str, object]:  # fmt: skip
        return {"account": acct, "description": desc, "amount": amount, "units": units, "x": x, "rate": rate,
                "fringe_codes": fr, "link": link}  # fmt: skip

    budget = [
        line("1400", "MAYA - Ana Example", 3, "Days", 1000, fr=("SAG", "FICA", "MED"), link="cast 1"),
        line("1400", "JOE - Ben Sample", 2, "Days", 800, fr=("SAG", "FICA", "MED"), link="cast 2"),
        line("1400", "RITA - Cleo Demo", 2, "Days", 600, fr=("SAG", "FICA", "MED"), link="cast 3"),
        line("2000", "UPM", 3, "Days", 700, fr=("FICA", "MED"), link="crew Uma Manager"),
        line("2000", "1st AD", 3, "Days", 650, fr=("FICA", "MED"), link="crew Adam First"),
        line("3200", "Director of Photography", 3, "Days", 900, fr=("FICA", "MED", "IAPH"), link="crew Dana Photo"),
        line("3200", "Camera package", 3, "Days", 1500, link="shoot days"),
        line("3300", "Sound mixer", 3, "Days", 600, fr=("FICA", "MED", "IAPH"), link="crew Sam Sound"),
        line("2500", "Key grip", 3, "Days", 500, fr=("FICA", "MED", "IAPH"), link="crew Gus Grip"),
        line("2500", "Catering", 3, "Days", 25, x=20, link="shoot days"),
        line("2500", "Caterer", 3, "Days", 400, link="crew Cat Ering"),
        line("3500", "Location fees", 3, "Days", 2000, link="shoot days"),
        line("5000", "Editor", 10, "Weeks", 3000, fr=("FICA", "MED")),
        line("6800", "Production office", 1, "Allow", 3000),
    ]
    actuals = [
        {"date": dt.date(2027, 2, 20), "txn_id": "T001", "account": "3500", "vendor": "City Permits",
         "description": "Permit fees", "amount": 1200.0, "status": "Posted"},
        {"date": dt.date(2027, 2, 25), "txn_id": "T002", "account": "3200", "vendor": "Lens Rentals Inc",
         "description": "Camera package deposit", "amount": 1500.0, "po": "PO-1", "status": "Closed PO"},
        {"date": dt.date(2027, 3, 1), "txn_id": "T003", "account": "2500", "vendor": "Good Eats",
         "description": "Catering day 1", "amount": 500.0, "status": "Posted"},
        {"date": dt.date(2027, 3, 1), "txn_id": "T004", "account": "3200", "vendor": "Lens Rentals Inc",
         "description": "Camera package balance", "amount": 3000.0, "po": "PO-2", "status": "Open PO"},
        {"date": dt.date(2027, 3, 2), "txn_id": "T005", "account": "6800", "vendor": "Office Depot",
         "description": "Office supplies", "amount": 250.0, "status": "Posted"},
    ]  # fmt: skip
    cast_events = [{"cast_id": "1", "date": dt.date(2027, 2, 26), "event": "Fitting"}]
    elements = [
        {"scene": "1", "category": "Props", "element": "Coffee pot"},
        {"scene": "3", "category": "Vehicles", "element": "1978 pickup"},
        {"scene": "4", "category": "Animals", "element": "Dog"},
    ]
    tasks = [
        {"task_id": "permit-L2", "task": "Location permit — Echo Park", "department": "Locations",
         "owner": "gus@example.com", "start": dt.date(2027, 2, 10), "due": dt.date(2027, 2, 20), "status": "Done",
         "linked_to": "Location L2"},
        {"task_id": "callsheet-day-3", "task": "Call sheet out — Day 3", "department": "Production",
         "owner": "office@example.com", "start": dt.date(2027, 3, 2), "due": dt.date(2027, 3, 2),
         "status": "In Progress", "linked_to": "Day 3"},
        {"task": "Order walkie batteries", "department": "Production", "due": dt.date(2027, 3, 5), "status": "To Do"},
    ]  # fmt: skip
    return ProductionData(settings=settings, tables={
        "Scenes": scenes, "Days": days, "Schedule": schedule, "Cast": cast, "CastEvents": cast_events,
        "Crew": crew, "Calls": calls, "Locations": locations, "Elements": elements, "Tasks": tasks,
        "Accounts": accounts, "Budget": budget, "Fringes": fringes, "Actuals": actuals,
    })  # fmt: skip

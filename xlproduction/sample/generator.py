"""Assembling a whole production (every table and setting) for a size and a seed.

Each part draws from its own random stream named after it, so changing how one table is generated does not
reshuffle the others, and the same size and seed always give the same production, byte for byte.
"""

from __future__ import annotations

import datetime as dt
import random
import zlib

import numpy as np

from ..model.budget import BudgetFigures
from ..model.contract import REVISION_COLOURS
from ..model.tabledata import ProductionData, Row
from .breakdown import element_rows, script_pages
from .castwork import cast_calls, cast_events, cast_scenes, plan_cast
from .crewlist import CORE, Position
from .ledger import (
    account_budgets,
    account_rows,
    actual_rows,
    budget_figures_of,
    budget_rows,
    charge_rows,
    currency_rows,
    fringe_rows,
    global_rows,
)
from .locations import build_places, location_id, location_rows
from .logistics import (
    accommodation_rows,
    cast_trailers,
    cover_travel_budget,
    per_diem_rows,
    transport_rows,
    travel_minutes,
    travel_rows,
    travellers,
    vehicle_rows,
)
from .people import Directory, crew_rows
from .people import cast_rows as build_cast_rows
from .places import OFFICE_ADDRESS, OFFICE_PHONE, Place
from .shootdays import MIN, DayTimes, H, day_times, night_flags, shoot_dates
from .sizes import START_DATE, size_spec
from .story import DEPARTMENT_NOTES, FIRST_DAY_NOTE, LATE_CALL_NOTE, NIGHT_NOTE, SYNOPSES_ONE, SYNOPSES_TWO, WEATHER
from .stripboard import Board, build_board

TITLE = "Last Call at Rosie's"
COMPANY = "Marigold Lane Pictures LLC"
# Departments whose note on a call sheet comes with an earlier call (minutes before crew call).
NOTE_CALLS = {"Special Effects": -60, "Catering": -90, "Grip": -30}


class _Streams:
    def __init__(self, seed: int, size: str) -> None:
        self.seed, self.size = seed, size

    def py(self, part: str) -> random.Random:
        return random.Random(f"{self.seed}:{self.size}:{part}")

    def np(self, part: str) -> np.random.Generator:
        return np.random.default_rng([self.seed, zlib.crc32(f"{self.size}:{part}".encode())])


def generate_production(size: str = "sample", seed: int = 7) -> ProductionData:
    """A complete, internally consistent production of the given size ("sample", "S", "L" or "XL")."""
    spec = size_spec(size)
    r = _Streams(seed, spec.name)
    dates = shoot_dates(START_DATE, spec.days)
    today = dates[spec.today_day - 1]
    nights = night_flags(dates, r.py("nights"))
    times = day_times(dates, nights, today, r.py("times"))
    places = build_places(spec.locations, r.py("places"))
    board = build_board(places, spec.days, spec.scenes, nights, times, spec.company_moves, spec.split_scenes,
                        r.py("board"), r.np("board"))  # fmt: skip
    plans = plan_cast(spec.cast, spec.minors, nights, times, r.py("cast"))
    cast_scenes(board, plans, r.py("casting"))

    directory = Directory(r.py("people"))
    minor_dates = [dates[d] for p in plans if p.minor for d in p.days]
    crew, positions = crew_rows(spec.crew, dates, minor_dates, directory, r.py("crew"))
    teacher = next((c["name"] for c in crew if c["position"] == "Studio Teacher"), None)
    cast_ids = [str(i + 1) for i in range(len(plans))]
    events, windows = cast_events(plans, dates, cast_ids, r.py("events"))
    # Nobody may be dropped and picked up: a drop-allowed performer whose gaps are all too short draws an
    # info finding (CA002), and the demo should check clean. Holds are therefore always paid as holds.
    cast = build_cast_rows(plans, windows, [False] * len(plans), START_DATE, directory, r.py("castlist"))
    contacts = [(" ".join(directory.name()), directory.phone()) for _ in places]

    scene_ids, scene_rows = _scenes(board, cast, r.py("scenes"))
    script_pages(scene_rows)
    kind_of = {scene_ids[i]: sc.kind for i, sc in enumerate(board.scenes)}
    elements = element_rows(scene_rows, [kind_of[str(s["scene"])] for s in scene_rows], r.py("elements"))
    calls = cast_calls(board, plans, times, teacher, cast_ids)
    calls += _teacher_calls(calls, cast, teacher)
    calls += _department_calls(board, times, scene_ids, crew, r.py("notes"))
    calls += _day_player_calls(crew, positions, dates, times)
    budget = budget_rows(spec.budget_lines, dates, board.places, places, plans, cast, crew, positions,
                         r.py("budget"))  # fmt: skip
    globals_ = global_rows(dates, board.places, places)
    # Logistics last, from their own streams: who comes from out of town, their flights, rooms and the day's runs.
    guests = travellers(events, plans, cast_ids, crew, r.py("travellers"))
    away = {g.person for g in guests}
    for row in cast:
        row["local"] = row["cast_id"] not in away
    for row in crew:
        row["local"] = row["name"] not in away
    travel = travel_rows(guests, r.py("travel"))
    minutes = travel_minutes(places)
    locations = location_rows(places, contacts)
    for row in locations:
        row["travel_minutes"] = minutes[row["location_id"]]
    runs, fleet = transport_rows(dates, times, board.places, board.moves, calls, plans, cast_ids, crew, guests,
                                 travel, minutes, r.py("transport"))  # fmt: skip
    vehicles = vehicle_rows(fleet + cast_trailers(len(cast)), crew,
                            lambda: (" ".join(directory.name()), directory.phone()))  # fmt: skip
    rooms = accommodation_rows(guests, r.py("rooms"))
    cover_travel_budget(budget, travel, rooms, len(dates))
    fig = budget_figures_of(budget, globals_)
    tables: dict[str, list[Row]] = {
        "Scenes": scene_rows,
        "Days": _days(board, dates, times, nights, places, scene_ids, today, r.py("days")),
        "Schedule": [{"day": d + 1, "order": k + 1, "scene": scene_ids[s.scene], "part": s.part, "banner": s.banner,
                      "pinned": None, "notes": None} for d, strips in enumerate(board.days)
                     for k, s in enumerate(strips)],
        "Cast": cast,
        "CastEvents": events,
        "Crew": crew,
        "Calls": sorted(calls, key=lambda c: c["day"]),
        "Locations": locations,
        "Elements": elements,
        "Vehicles": vehicles,
        "Transport": runs,
        "Travel": travel,
        "Accommodation": rooms,
        "PerDiemRates": per_diem_rows(dates[0]),
        "Accounts": _with_efc_overrides(account_rows(), fig),
        "Budget": budget,
        "Fringes": fringe_rows(),
        "Globals": globals_,
        "Currencies": currency_rows(),
        "Charges": charge_rows(),
        "Actuals": actual_rows(spec.actuals, fig, dates[0], today, r.np("actuals")),
    }  # fmt: skip
    data = ProductionData(settings=_settings(spec.name, len(dates), crew, dates, today), tables=tables)
    tables["Tasks"] = _tasks(data, today, r.py("tasks"))
    return data


def sample_production() -> ProductionData:
    """The committed demo production: an independent feature shooting in Los Angeles in spring 2027."""
    return generate_production("sample")


def _scenes(board: Board, cast: list[Row], rng: random.Random) -> tuple[list[str], list[Row]]:
    """Scene numbers in story order (a few inserted "A" scenes), script days, synopses; rows in script order."""
    n = len(board.scenes)
    story = rng.sample(range(n), n)
    ids = [""] * n
    number = 0
    for pos, i in enumerate(story):
        if pos and rng.random() < 0.03 and not ids[story[pos - 1]].endswith("A"):
            ids[i] = f"{number}A"
        else:
            number += 1
            ids[i] = str(number)
    rows: list[Row] = []
    script_day, was_night = 1, False
    for i in story:
        sc = board.scenes[i]
        night = sc.day_night == "NIGHT"
        if was_night and not night:
            script_day += 1
        was_night = night
        names = [_first_name(cast[c]["character"]) for c in sc.cast]
        if len(names) >= 2:
            synopsis = rng.choice(SYNOPSES_TWO).format(a=names[0], b=names[1])
        else:
            synopsis = rng.choice(SYNOPSES_ONE).format(a=names[0])
        rows.append({
            "scene": ids[i], "int_ext": sc.int_ext, "set": sc.set_name, "day_night": sc.day_night,
            "pages": sc.pages, "synopsis": synopsis, "cast": tuple(cast[c]["cast_id"] for c in sc.cast),
            "background": sc.background, "location": location_id(sc.place),
            "script_day": f"{'N' if night else 'D'}{script_day}", "est_time": sc.minutes * MIN,
            "notes": "Split over two days" if sc.split else None,
        })  # fmt: skip
    return ids, rows


# Tasks a coordinator adds by hand beside the derived ones: (task, department, days after the first shoot day due).
OWN_TASKS = (
    ("Order walkie-talkies and batteries", "Production", -10), ("Book the wrap party venue", "Production", 14),
    ("Confirm catering head count for night shoots", "Catering", -3),
)  # fmt: skip


def _tasks(data: ProductionData, today: dt.date, rng: random.Random) -> list[Row]:
    """The prep list as a coordinator keeps it mid-shoot: every derived task (with its ID and Derived checksum),
    those due before today done, those due in the next days in progress, and a few of the office's own."""
    from ..interchange.tasks.derive import derive_tasks, merge_tasks
    from ..model.production import production_from_data

    p = production_from_data(data, today)
    rows = merge_tasks([], derive_tasks(p)).rows
    for row in rows:
        if row["status"] != "Done":
            due = row["due"]
            row["status"] = ("Done" if due < today else "In Progress" if due <= today + dt.timedelta(days=2)
                             else "To Do")  # fmt: skip
    first = data.rows("Days")[0]["date"]
    coordinator = data.settings.get("coordinator_email")
    for task, dept, offset in OWN_TASKS:
        due = first + dt.timedelta(days=offset)
        rows.append({"task_id": None, "task": task, "department": dept, "owner": coordinator,
                     "start": due - dt.timedelta(days=rng.choice((3, 5, 7))), "due": due,
                     "status": "Done" if due < today else "To Do", "linked_to": None, "notes": None,
                     "derived": None})  # fmt: skip
    return rows


def _first_name(character: str) -> str:
    """How a synopsis refers to a character: 'DET. RUTH OYELARAN' -> 'Ruth', 'BARTENDER #2' -> 'the bartender'."""
    words = [w for w in character.replace("#", "").split() if not w.endswith(".") and not w.isdigit()]
    if len(words) == 1 or (character.isupper() and "#" in character):
        return "the " + " ".join(words).lower()
    return words[0].title()


def _days(board: Board, dates: list[dt.date], times: list[DayTimes], nights: list[bool], places: list[Place],
          scene_ids: list[str], today: dt.date, rng: random.Random) -> list[Row]:  # fmt: skip
    rows: list[Row] = []
    for d, (date, t) in enumerate(zip(dates, times, strict=True)):
        notes = []
        if d == 0:
            notes.append(FIRST_DAY_NOTE)
        if nights[d]:
            notes.append(NIGHT_NOTE)
        elif t.crew_call >= 10 * H:
            notes.append(LATE_CALL_NOTE)
        if d in board.moves:
            after = next(s for s in board.days[d] if s.banner == "COMPANY MOVE")
            to = board.moves[d]
            notes.append(f"Company move to {places[to].name} ({location_id(to)}) after sc. {scene_ids[after.scene]}")
        rows.append({
            "day": d + 1, "date": date, "unit": "Main", "location": location_id(board.places[d]),
            "crew_call": t.crew_call, "shooting_call": t.shooting_call, "lunch": t.lunch, "est_wrap": t.est_wrap,
            "actual_wrap": t.actual_wrap, "weather": rng.choice(WEATHER) if date <= today else None,
            # Catering serves breakfast and lunch every shoot day, and a hot second meal on nights.
            "breakfast_provided": True, "lunch_provided": True, "dinner_provided": nights[d],
            "notes": "; ".join(notes) or None,
        })  # fmt: skip
    return rows


def _teacher_calls(calls: list[Row], cast: list[Row], teacher: str | None) -> list[Row]:
    """The studio teacher is called with the minors, every day a minor works."""
    minors = {c["cast_id"] for c in cast if c["minor"]}
    first: dict[int, tuple[dt.timedelta, str]] = {}
    for c in calls:
        if c["cast_id"] in minors:
            at = c["pickup"] or c["makeup"]
            if c["day"] not in first or at < first[c["day"]][0]:
                first[c["day"]] = (at, c["cast_id"])
    if teacher is None:
        return []
    return [{"day": d, "cast_id": None, "crew": teacher, "department": None, "pickup": None, "makeup": None,
             "on_set": None, "call": at, "remarks": f"With minor cast {cid}", "notes": None}
            for d, (at, cid) in sorted(first.items())]  # fmt: skip


def _department_calls(board: Board, times: list[DayTimes], scene_ids: list[str], crew: list[Row],
                      rng: random.Random) -> list[Row]:  # fmt: skip
    """One or two department notes a day, only for departments on the crew list."""
    present = {c["department"] for c in crew}
    notes = [n for n in DEPARTMENT_NOTES if n[0] in present]
    rows: list[Row] = []
    for d, strips in enumerate(board.days):
        for dept, remark in rng.sample(notes, k=rng.choice((1, 1, 2))):
            scene = scene_ids[rng.choice(strips).scene]
            offset = NOTE_CALLS.get(dept)
            rows.append({"day": d + 1, "cast_id": None, "crew": None, "department": dept, "pickup": None,
                         "makeup": None, "on_set": None,
                         "call": times[d].crew_call + offset * MIN if offset is not None else None,
                         "remarks": remark.format(scene=scene), "notes": None})  # fmt: skip
    return rows


def _day_player_calls(crew: list[Row], positions: list[Position], dates: list[dt.date],
                      times: list[DayTimes]) -> list[Row]:  # fmt: skip
    """Crew hired for part of the shoot (Steadicam, stunt coordinator…) are called at shooting call."""
    rows: list[Row] = []
    for person, pos in zip(crew, positions, strict=True):
        if pos.span == "part" and pos in CORE:
            for d, date in enumerate(dates):
                if person["start_date"] <= date <= person["end_date"]:
                    rows.append({"day": d + 1, "cast_id": None, "crew": person["name"], "department": None,
                                 "pickup": None, "makeup": None, "on_set": None, "call": times[d].shooting_call,
                                 "remarks": f"{pos.title}: day player", "notes": None})  # fmt: skip
    return rows


# The accountant's estimates where the shoot is running off budget: transport over (fuel, a longer company move),
# locations under (a permit waived), so the cost report has variances to show.
EFC_FACTORS = {"3400": 1.08, "3500": 0.95}


def _with_efc_overrides(accounts: list[Row], fig: BudgetFigures) -> list[Row]:
    totals = account_budgets(fig)
    for a in accounts:
        factor = EFC_FACTORS.get(a["account"])
        if factor is not None and a["account"] in totals.index:
            a["efc_override"] = round(float(totals[a["account"]]) * factor, -2)
    return accounts


def _settings(size: str, n_days: int, crew: list[Row], dates: list[dt.date], today: dt.date) -> dict[str, object]:
    def person(title: str) -> Row:
        return next(c for c in crew if c["position"] == title)

    producer, director = person("Producer"), person("Director")
    upm, first_ad, coordinator = person("Unit Production Manager"), person("1st Assistant Director"), \
        person("Production Coordinator")  # fmt: skip
    return {
        "title": TITLE if size == "sample" else f"{TITLE} (generated {size})",
        "company": COMPANY, "episode": None, "production_type": "Feature",
        "producer": producer["name"], "producer_phone": producer["phone"], "director": director["name"],
        "upm": upm["name"], "upm_phone": upm["phone"], "first_ad": first_ad["name"],
        "first_ad_phone": first_ad["phone"], "coordinator": coordinator["name"],
        "coordinator_phone": coordinator["phone"], "coordinator_email": coordinator["email"],
        "office_address": OFFICE_ADDRESS, "office_phone": OFFICE_PHONE, "currency": "USD", "country": "US",
        "subdivision": "CA", "time_zone": "America/Los_Angeles", "date_order": "MDY", "planned_shoot_days": n_days,
        "paper_size": "Letter", "crew_turnaround_hours": 10.0, "cast_turnaround_hours": 12.0,
        "cast_weekly_rest_hours": 56.0, "crew_weekly_rest_hours": 54.0, "meal_interval_hours": 6.0,
        "max_pages_per_day": 64, "minor_earliest_call": 5 * H, "minor_latest_wrap": 22 * H,
        "script_revision": "Pink", "script_revision_date": dates[0] - dt.timedelta(days=7),
        "schedule_revision": "Blue", "schedule_revision_date": today - dt.timedelta(days=4),
        "revision_colours": REVISION_COLOURS, "ignore_rules": (), "rule_severity": (),
        "finance_may_see_rates": False, "status_date": today,
    }  # fmt: skip

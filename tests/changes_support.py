"""Two versions of the sample production, the second with the edits a coordinator makes in a week, for the tests of
``xlproduction changes`` and ``xlproduction publish``. Both are real .xlsx files written by the template writer."""

from __future__ import annotations

import copy
import datetime as dt
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from xlproduction.model.tabledata import ProductionData
from xlproduction.sample import sample_production
from xlproduction.workbook.writer import write_workbook


@dataclass(frozen=True)
class Planted:
    """What was edited in the new version, for the tests to look for."""

    moved_scene: str  # from MOVED_FROM to MOVED_TO
    moved_cast: tuple[str, ...]
    newly_working: str  # a cast ID in the moved scene who did not work MOVED_TO before
    unscheduled_scene: str
    omitted_scene: str
    reordered_day: int
    split_scene: str
    budget_line: str  # its description
    budget_account: str
    small_budget_line: str  # moved by less than the threshold
    posting_account: str
    changed_txn: str
    removed_txn: str
    crew_added: str
    crew_removed: str
    crew_moved: str  # to another department
    location: str


MOVED_FROM, MOVED_TO = 5, 9
EARLIER_CALL_DAY = 6
NEW_SCENE = "200"


def _days_of(data: ProductionData) -> dict[str, set[int]]:
    """cast ID -> the shoot days they work (from the schedule and the breakdown)."""
    cast_of = {s["scene"]: s["cast"] for s in data.tables["Scenes"]}
    out: dict[str, set[int]] = {}
    for r in data.tables["Schedule"]:
        for cid in cast_of.get(r["scene"], ()):
            out.setdefault(cid, set()).add(r["day"])
    return out


def plant(data: ProductionData) -> tuple[ProductionData, Planted]:
    d = copy.deepcopy(data)
    t = d.tables
    sched = t["Schedule"]
    scenes = {s["scene"]: s for s in t["Scenes"]}
    works = _days_of(data)

    # A scene of day 5 moves to day 9, with a performer who was not working day 9.
    candidates = [r for r in sched if r["day"] == MOVED_FROM]
    strip = next(r for r in candidates if any(MOVED_TO not in works.get(c, set()) for c in scenes[r["scene"]]["cast"]))
    moved = strip["scene"]
    newly = next(c for c in scenes[moved]["cast"] if MOVED_TO not in works.get(c, set()))
    strip["day"], strip["order"] = MOVED_TO, 90

    # Day 3's last strip goes back to the boneyard; day 4's first scene is omitted from the breakdown.
    unscheduled = next(r for r in reversed(sched) if r["day"] == 3)
    sched.remove(unscheduled)
    omitted = next(r for r in sched if r["day"] == 4)
    sched.remove(omitted)
    t["Scenes"].remove(scenes[omitted["scene"]])

    # A new scene on day 8, day 2's first two strips swapped, and day 10's first scene split over days 10 and 11.
    t["Scenes"].append({**scenes["1"], "scene": NEW_SCENE, "set": "ROSIE'S DINER - ROOF", "cast": ("1",)})
    sched.append({"day": 8, "order": 95, "scene": NEW_SCENE})
    first, second = [r for r in sched if r["day"] == 2][:2]
    first["order"], second["order"] = second["order"], first["order"]
    split = next(r for r in sched if r["day"] == 10)
    split["part"] = "1/2"
    sched.append({"day": 11, "order": 0, "scene": split["scene"], "part": "2/2"})

    # Day 1's LUNCH comes one strip later.
    day1 = sorted((r for r in sched if r["day"] == 1), key=lambda r: r["order"])
    lunch = next(i for i, r in enumerate(day1) if r.get("banner"))
    day1[lunch]["banner"], day1[lunch + 1]["banner"] = None, "LUNCH"

    # Shoot days: an earlier crew call, a new location, the weather.
    days = {r["day"]: r for r in t["Days"]}
    days[EARLIER_CALL_DAY]["crew_call"] -= dt.timedelta(minutes=30)
    days[12]["location"] = "L01"
    days[11]["weather"] = "Rain, 60% chance after 3 PM"

    # Calls: cast 1's pickup on day 1, the Locations note on day 2, a new Grip call on day 2.
    c1 = next(r for r in t["Calls"] if r["day"] == 1 and r["cast_id"] == "1")
    c1["pickup"] -= dt.timedelta(minutes=15)
    note = next(r for r in t["Calls"] if r["day"] == 2 and r["department"] == "Locations")
    note["remarks"] = "Parking moved to the church lot on Elm St"
    t["Calls"].append({"day": 2, "department": "Grip", "call": dt.timedelta(hours=6)})

    # Cast and crew lists.
    t["Cast"].append({"cast_id": "99", "character": "DELIVERY DRIVER", "performer": "Ola Newcombe"})
    cast2 = next(r for r in t["Cast"] if r["cast_id"] == "2")
    cast2["performer"] = "Ines Replacement"
    crew = t["Crew"]
    crew.append({"name": "Jane Newhire", "department": "Camera", "position": "2nd AC"})
    removed = crew.pop(20)
    mover = crew[12]
    old_dept = mover["department"]
    mover["department"] = "Electric" if old_dept != "Electric" else "Grip"

    # Location L01's address and hospital.
    loc = next(r for r in t["Locations"] if r["location_id"] == "L01")
    loc["address"] = "5110 Lankershim Blvd, North Hollywood, CA 91601"
    loc["hospital"] = "Valley Presbyterian Hospital"

    # Budget: one line well over the threshold, one under it.
    big = t["Budget"][0]
    big["rate"] += 25_000
    small = t["Budget"][1]
    small["rate"] += 100.0 / (small.get("amount") or 1) / (small.get("x") or 1)

    # Ledger: two new postings to one account, an amount corrected, a posting removed.
    acts = t["Actuals"]
    account = acts[0]["account"]
    for i in (1, 2):
        acts.append({"date": dt.date(2027, 3, 15), "txn_id": f"NEW-{i}", "account": account, "vendor": "Grip Co",
                     "description": "Rental", "amount": 1000.0 * i, "status": "Posted"})  # fmt: skip
    acts[5]["amount"] += 250.0
    gone = acts.pop(7)
    return d, Planted(
        moved_scene=moved, moved_cast=tuple(scenes[moved]["cast"]), newly_working=newly,
        unscheduled_scene=unscheduled["scene"], omitted_scene=omitted["scene"], reordered_day=2,
        split_scene=split["scene"], budget_line=big["description"], budget_account=big["account"],
        small_budget_line=small["description"], posting_account=account, changed_txn=acts[5]["txn_id"],
        removed_txn=gone["txn_id"], crew_added="Jane Newhire", crew_removed=removed["name"], crew_moved=mover["name"],
        location="L01",
    )  # fmt: skip


def write_versions(folder: Path, edit: Any = plant) -> tuple[Path, Path, Any]:
    """old.xlsx (the sample) and new.xlsx (``edit(sample)``) in ``folder``, and what ``edit`` returned beside."""
    data = sample_production()
    new, info = edit(data)
    old_path = write_workbook(folder / "old.xlsx", data)
    new_path = write_workbook(folder / "new.xlsx", new)
    return old_path, new_path, info

"""Productions and workbooks the call-sheet tests share.

``callsheet_data()`` is the tiny base production (tests/rules/base.py) patched so that shoot day 2 exercises every
rule of the call sheet: a performer on hold, a Calls override for a performer, a department call, a person's
call, department notes, a banner, two walkie channels. ``overflow_data()`` puts far more scenes and cast on day 2
than the template has rows, so the blocks must grow onto a second page.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from xlproduction.model.contract import CALLSHEET_TEMPLATE_SHEET
from xlproduction.model.tabledata import ProductionData

from .rules.harness import apply_patch, base

DAY = 2
DATE = dt.date(2027, 3, 2)
TAB = "CS D02 Tue 02-Mar"


def h(hours: float) -> dt.timedelta:
    return dt.timedelta(hours=hours)


def callsheet_data() -> ProductionData:
    return apply_patch(base(), {
        # Rita (3) works day 1 and day 3 but not day 2: on hold (H) on day 2.
        "set": [{"table": "Scenes", "where": {"scene": "1"}, "values": {"cast": ("1", "2", "3")}},
                {"table": "Scenes", "where": {"scene": "3"}, "values": {"cast": ("2",)}},
                {"table": "Schedule", "where": {"day": 2, "order": 1}, "values": {"banner": "LUNCH"}},
                {"table": "Crew", "where": {"name": "Dana Photo"}, "values": {"walkie": "5"}},
                {"table": "Days", "where": {"day": 2}, "values": {"weather": "Sunny, high 72°F"}}],
        "add": [
            {"table": "Calls", "row": {"day": 2, "cast_id": "2", "pickup": h(6.25), "makeup": h(6.75),
                                       "remarks": "Wet-down wardrobe"}},
            {"table": "Calls", "row": {"day": 2, "department": "Grip", "call": h(6.5)}},
            {"table": "Calls", "row": {"day": 2, "crew": "Dana Photo", "call": h(6), "remarks": "Steadicam prep"}},
            {"table": "Calls", "row": {"day": 2, "department": "Camera", "remarks": "B camera from 10 AM"}},
            {"table": "Calls", "row": {"day": 2, "department": "Assistant Directors",
                                       "remarks": "Safety meeting at crew call"}},
        ],
    })  # fmt: skip


def overflow_data(n_scenes: int = 40, n_cast: int = 15) -> ProductionData:
    """Day 2 with ``n_scenes`` extra short scenes (numbered 101…) and ``n_cast`` extra performers (IDs 11…)."""
    cast_ids = [str(11 + i) for i in range(n_cast)]
    avail = {"available_from": dt.date(2027, 2, 15), "available_to": dt.date(2027, 3, 31)}
    adds = [{"table": "Cast", "row": {"cast_id": c, "character": f"EXTRA ROLE {c}", "performer": f"Player {c}",
                                      "union": "SAG-AFTRA", "minor": False, "day_rate": 100.0, "account": "1400",
                                      **avail}} for c in cast_ids]  # fmt: skip
    for i in range(n_scenes):
        scene = str(101 + i)
        adds.append({"table": "Scenes", "row": {
            "scene": scene, "int_ext": "INT", "set": f"DINER - BOOTH {i + 1}", "day_night": "DAY", "pages": 2,
            "synopsis": f"Beat {i + 1}.", "cast": (cast_ids[i % n_cast],), "location": "L1", "est_time": h(0.1)}})
        adds.append({"table": "Schedule", "row": {"day": 2, "order": 10 + i, "scene": scene}})
    return apply_patch(callsheet_data(), {"add": adds, "settings": {"max_pages_per_day": 160}})


def write_book(path: Path, data: ProductionData) -> Path:
    """The production workbook as `xlproduction new` writes it, with the call-sheet template tab."""
    from xlproduction.workbook.callsheet_template import write_callsheet_template
    from xlproduction.workbook.writer import build_workbook, save_deterministic

    wb = build_workbook(data)
    if CALLSHEET_TEMPLATE_SHEET not in wb.sheetnames:  # until the writer adds it itself
        write_callsheet_template(wb)
    return save_deterministic(wb, path)

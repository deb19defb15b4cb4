"""Prep tasks: what is overdue, and what is linked to something the production no longer has.

The Tasks table (optional) is the office's prep list. A task past its due date that nobody closed is the permit
not filed or the hotel not booked; a task linked to a shoot day, scene, location or performer that has gone is
work nobody needs any more (or a link that lost its target when something was renumbered).
"""

from __future__ import annotations

from collections.abc import Iterator

import pandas as pd

from ..model.contract import TASK_CLOSED
from ..model.findings import Finding, Severity
from ..model.production import ROW, Production
from ..model.tasks import CAST, DAY, LOCATION, SCENE, parse_links
from .locate import at_rows
from .references import known_keys
from .registry import rule


@rule("TK001", "task-overdue", "A prep task is past its due date and not done.", Severity.WARNING, tables=("Tasks",))
def task_overdue(p: Production) -> Iterator[Finding]:
    """
    **What it does.** Flags every Tasks row whose Due date is before today (Settings → Status Date, else today) and
    whose Status is neither Done nor Cancelled.

    **Why it matters.** Prep tasks guard shoot days: a location permit or a minor's work permit not filed in time
    stops the shoot. An overdue task is either late work or a status nobody updated.

    **Example.** `Location permit — Rosie's Diner` was due 15-Feb-2027, it is 16-Mar-2027 and its Status is To Do.

    **Fix.** Do the task and set its Status to Done, move its Due date, or set it to Cancelled if it is no longer
    needed.
    """
    if "Tasks" not in p.tables:
        return
    t = p.df("Tasks")
    if t.empty:
        return
    closed = t["status"].isin(TASK_CLOSED).fillna(False).astype(bool)
    late = (t["due"] < pd.Timestamp(p.today)).fillna(False).astype(bool)
    bad = t[late & ~closed]
    yield from at_rows(p, task_overdue.info, "Tasks", bad, "due",
                       lambda r: f"Task '{r['task']}' was due {r['due']:%a %d-%b-%Y} and is "
                                 f"{_status(r['status'])}.",
                       "Do it and set Status to Done, move the Due date, or set Status to Cancelled.")


def _status(v: object) -> str:
    return "not started" if v is None or v is pd.NA or str(v).strip() in ("", "To Do") else f"still {v}"


_TABLE_OF = {DAY: ("Days", "day"), SCENE: ("Scenes", "scene"), LOCATION: ("Locations", "location_id"),
             CAST: ("Cast", "cast_id")}  # fmt: skip


@rule("TK002", "task-link-unknown",
      "A prep task is linked to a shoot day, scene, location or cast member that is not in the workbook.",
      Severity.WARNING, tables=("Tasks",))
def task_link_unknown(p: Production) -> Iterator[Finding]:
    """
    **What it does.** Reads each open task's Linked To (`Day 5`, `Scene 12A`, `Location L03`, `Cast 4`, several
    separated by commas) and looks each link up in Days, Scenes, Locations or Cast. A link it cannot read is
    reported too. Done and Cancelled tasks are left alone.

    **Why it matters.** A task for a location dropped from the schedule, or a performer recast under another ID,
    is either wasted work or a link that no longer tells anyone what the task is for.

    **Example.** `Tech recce — Echo Park` is linked to `Location L09`, but L09 was deleted when the park scenes
    moved to the studio.

    **Fix.** Set the task to Cancelled if it is no longer needed, or correct Linked To (the kind word, then the
    ID: `Location L03`).
    """
    if "Tasks" not in p.tables:
        return
    t = p.df("Tasks")
    if t.empty or t["linked_to"].isna().all():
        return
    closed = t["status"].isin(TASK_CLOSED).fillna(False).astype(bool)
    todo = t[~closed & t["linked_to"].notna()]
    bad_rows: list[int] = []
    why: dict[int, str] = {}
    days = set(p.days["day"].dropna().astype(int).tolist()) if "Days" in p.tables else set()
    for row, text in zip(todo[ROW].tolist(), todo["linked_to"].tolist(), strict=True):
        for link in parse_links(text):
            if link.kind is None:
                why[row] = f"'{link.text}' does not say what it links to"
            elif link.kind == DAY:
                if not link.id.isdigit() or int(link.id) not in days:
                    why[row] = f"shoot day {link.id} is not in the Days table"
            else:
                table, column = _TABLE_OF[link.kind]
                if table in p.tables and link.id.casefold() not in known_keys(p, table, column):
                    why[row] = f"{link.kind} {link.id} is not in the {table} table"
            if row in why:
                bad_rows.append(row)
                break
    bad = todo[todo[ROW].isin(bad_rows)]
    yield from at_rows(p, task_link_unknown.info, "Tasks", bad, "linked_to",
                       lambda r: f"Task '{r['task']}' is linked to {r['linked_to']}, but {why[int(r[ROW])]}.",
                       "Cancel the task if it is no longer needed, or correct Linked To (Day 5, Scene 12A, "
                       "Location L03, Cast 4).")


RULES = (task_overdue, task_link_unknown)

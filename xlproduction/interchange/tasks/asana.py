"""The open prep tasks as the rows of an Asana CSV import.

Asana's CSV importer recognises ``Name`` (always the left-most column), ``Description``, ``Section`` (sections are
created from the values: here, departments), ``Assignee`` (the e-mail of a workspace member), ``Collaborators``
(e-mails, comma-separated without spaces), ``Start Date`` and ``Due Date`` (``MM/DD/YYYY`` whatever the locale) and
``Dependencies`` (the Name of an earlier row). Its import only ever *adds* tasks, so a second import of the same
list duplicates it: each task's Description ends with ``xlproduction task: ID``, and an export given the previous
CSV (``--since``) leaves out the tasks that file already had.

Done and Cancelled tasks are not exported. A location permit depends on the location's insurance certificate (the
permit office asks for one with the application) when both are in the file.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

import pandas as pd

from ...model.contract import TASK_CLOSED
from ...model.production import ROW, Production

HEADER = ("Name", "Description", "Section", "Assignee", "Collaborators", "Start Date", "Due Date", "Dependencies")
MARK = "xlproduction task:"
_MARK = re.compile(r"xlproduction task:\s*(\S+)", re.IGNORECASE)
# (prefix of a task ID, prefix of the task it depends on): same subject after the prefix.
DEPENDS_ON = (("permit-", "insurance-"),)


@dataclass
class AsanaRows:
    rows: list[dict[str, str]] = field(default_factory=list)
    since: int = 0  # tasks left out: already in the previous export
    closed: int = 0  # Done or Cancelled: not exported


def _text(v: Any) -> str:
    return "" if v is None or v is pd.NA or v is pd.NaT or (isinstance(v, float) and v != v) else str(v).strip()


def us_date(v: Any) -> str:
    if v is None or v is pd.NaT or v is pd.NA or (isinstance(v, float) and v != v):
        return ""
    d = pd.Timestamp(v).date() if not isinstance(v, dt.date) or isinstance(v, dt.datetime) else v
    return f"{d:%m/%d/%Y}"


def task_key(task_id: Any, name: Any) -> str:
    """How a task is known across exports: its ID, else its name (a task typed without one)."""
    return _text(task_id) or "name:" + _text(name).casefold()


def previous_keys(text: str) -> set[str]:
    """The tasks an earlier export held: the IDs in its Descriptions, and the names of rows without one."""
    out: set[str] = set()
    reader = csv.DictReader(io.StringIO(text.lstrip("\ufeff")))
    for r in reader:
        m = _MARK.search(r.get("Description") or "")
        name = (r.get("Name") or "").strip()
        if name.startswith("'") and name[1:2] in ("=", "+", "-", "@", "＝", "＋", "－", "＠"):
            name = name[1:]  # the quote the export put before formula-like text
        out.add(m[1].casefold() if m else "name:" + name.casefold())
    return out


def asana_rows(p: Production, skip: Iterable[str] = ()) -> AsanaRows:
    """The open tasks of ``p`` as CSV rows (by header), in due-date order, without the tasks keyed in ``skip``."""
    out = AsanaRows()
    skip = {k.casefold() for k in skip}
    t = p.df("Tasks") if "Tasks" in p.tables else pd.DataFrame()
    if t.empty:
        return out
    t = t.sort_values(["due", ROW], na_position="last")
    coordinator = _text(p.settings.coordinator_email)
    names: dict[str, str] = {}
    picked: list[dict[str, Any]] = []
    for r in t.to_dict("records"):
        if _text(r.get("status")) in TASK_CLOSED:
            out.closed += 1
            continue
        if not _text(r.get("task")):
            continue
        key = task_key(r.get("task_id"), r.get("task"))
        if key.casefold() in skip:
            out.since += 1
            continue
        names[key.casefold()] = _text(r["task"])
        picked.append(r)
    for r in picked:
        tid = _text(r.get("task_id"))
        lines = [x for x in (_text(r.get("notes")), f"Linked to: {_text(r.get('linked_to'))}"
                             if _text(r.get("linked_to")) else "") if x]  # fmt: skip
        if tid:
            lines.append(f"{MARK} {tid}")
        owner = _text(r.get("owner"))
        deps = []
        for prefix, before in DEPENDS_ON:
            if tid.casefold().startswith(prefix):
                other = names.get((before + tid[len(prefix):]).casefold())
                if other and "," not in other:  # Asana separates several dependencies by commas
                    deps.append(other)
        out.rows.append({
            "Name": _text(r["task"]), "Description": "\n".join(lines), "Section": _text(r.get("department")) or "Other",
            "Assignee": owner, "Collaborators": coordinator if coordinator and coordinator != owner else "",
            "Start Date": us_date(r.get("start")), "Due Date": us_date(r.get("due")), "Dependencies": ",".join(deps),
        })  # fmt: skip
    # A dependency must name an earlier row: predecessors are pulled up before their dependants (an insurance
    # certificate is due before its permit by default, but a coordinator may move either date).
    by_name = {row["Name"]: row for row in out.rows}
    ordered: list[dict[str, str]] = []
    placed: set[int] = set()
    for row in out.rows:
        for dep in filter(None, row["Dependencies"].split(",")):
            first = by_name.get(dep)
            if first is not None and id(first) not in placed:
                ordered.append(first)
                placed.add(id(first))
        if id(row) not in placed:
            ordered.append(row)
            placed.add(id(row))
    out.rows = ordered
    return out

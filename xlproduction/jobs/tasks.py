"""Tasks: the prep list derived from the production and merged into the Tasks table (the job behind
`xlproduction tasks --derive` and the Tasks button), and the open tasks for listing."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import pandas as pd

from ..interchange.tasks.derive import DERIVE_TABLES, TaskMerge, derive_tasks, merge_tasks, open_tasks
from ..model.production import Production
from ..model.tableupdate import TableRows
from .source import Source

COMMAND = "xlproduction tasks WORKBOOK.xlsx --derive"


@dataclass(frozen=True)
class TasksResult:
    production: Production
    merge: TaskMerge | None = None
    written: Path | None = None
    open: pd.DataFrame | None = None

    @property
    def summary(self) -> str:
        m = self.merge
        if m is None:
            n = 0 if self.open is None else len(self.open)
            return f"{n} open task{'s' if n != 1 else ''}"
        bits = [f"{len(m.added)} added", f"{len(m.updated)} updated"]
        if m.kept:
            bits.append(f"{len(m.kept)} you edited kept as they are")
        if m.removed:
            bits.append(f"{len(m.removed)} no longer needed removed")
        if m.stale:
            bits.append(f"{len(m.stale)} no longer derived but kept (edited or started)")
        return ", ".join(bits)


def derive(source: Source, *, write: bool = True) -> TasksResult:
    """Derive the prep tasks and merge them into the Tasks table (written only when something changed)."""
    with source.step(f"Reading {source.name}"):
        p = source.read(DERIVE_TABLES)
    with source.step("Deriving the prep tasks"):
        existing = p.df("Tasks").to_dict("records") if "Tasks" in p.tables else []
        merge = merge_tasks(existing, derive_tasks(p))
    written = None
    if write and merge.changed:
        with source.step("Writing the Tasks table"):
            done = source.write_tables([TableRows("Tasks", merge.rows)])
        written = done.path
    return TasksResult(p, merge, written)


def list_open(source: Source) -> TasksResult:
    """The open tasks (not Done or Cancelled), by due date."""
    with source.step(f"Reading {source.name}"):
        p = source.read(("Tasks",))
    return TasksResult(p, open=open_tasks(p))

"""Import USS: a Universal Schedule Standard file into the workbook's Scenes, Cast, Locations, Elements,
CastEvents, Schedule, Days and Settings (the job behind `xlproduction import uss` and the Import USS button).

Nothing is written when the file cannot be trusted (``Schedule.trusted``): the notes say where (a JSON path) and
what to do. Otherwise the file is merged into the workbook's own tables (interchange/uss/merge.py says what is
kept) through the source's table writer — a copy, the workbook itself with a backup, or the open workbook — or
written as a new workbook from the template when there is none yet.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from ..interchange.uss.merge import IMPORT_TABLES, ImportPlan, plan_import
from ..interchange.uss.read import Note, Schedule, read_uss
from .source import Source

COMMAND = "xlproduction import uss SCHEDULE.uss WORKBOOK.xlsx"


@dataclass(frozen=True)
class UssImportResult:
    schedule: Schedule
    plan: ImportPlan | None = None
    written: Path | None = None  # the workbook written (None: nothing was, or the open workbook)
    created: bool = False  # a new workbook from the template

    @property
    def notes(self) -> list[Note]:
        return [*self.schedule.notes, *(self.plan.notes if self.plan else [])]

    @property
    def trusted(self) -> bool:
        return self.schedule.trusted


def import_uss(source: Source | None, data: bytes, *, stripboard: str | None = None,
               new_workbook: Path | None = None) -> UssImportResult:  # fmt: skip
    """Import the USS file ``data`` into ``source`` (or, with ``new_workbook``, into a new workbook at that path)."""
    s = read_uss(data, stripboard)
    if not s.trusted:
        return UssImportResult(s)
    if new_workbook is not None:
        from ..model.tabledata import ProductionData
        from ..workbook.safe_write import atomic_save
        from ..workbook.writer import write_workbook

        plan = plan_import(s, None)
        book = ProductionData(settings=plan.settings, tables=plan.tables)
        written = atomic_save(lambda tmp: write_workbook(tmp, book), Path(new_workbook))
        return UssImportResult(s, plan, written, created=True)
    assert source is not None
    with source.step(f"Reading {source.name}"):
        p = source.read(IMPORT_TABLES)
    with source.step("Merging the schedule"):
        plan = plan_import(s, p)
    with source.step("Writing the tables"):
        written = source.write_tables(plan.updates())
    return UssImportResult(s, plan, written.path)

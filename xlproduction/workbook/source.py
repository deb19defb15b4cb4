"""A production workbook *file* as a job's source: the file engine behind every command-line job.

Reads with python-calamine (only the tables a job needs; every file inspected by the guard first), writes
generated tabs into ``target`` — a copy, or the workbook itself for in-place writes, atomically and with a
backup — grafted at the package level so every other part stays byte for byte. It implements the protocol of
``jobs/source.py`` structurally.
"""

from __future__ import annotations

from collections.abc import Callable, Collection, Iterator, Sequence
from contextlib import AbstractContextManager, contextmanager, nullcontext
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from ..model.production import Production
from ..model.sheetspec import SheetSpec, WrittenTabs
from .safe_write import DEFAULT_BACKUPS


def _quiet(text: str) -> AbstractContextManager[None]:
    return nullcontext()


@dataclass
class FileWorkbook:
    """``path`` read; generated tabs written into ``target`` (None: the job may not write tabs)."""

    path: Path
    target: Path | None = None
    backups: int = DEFAULT_BACKUPS
    progress: Callable[[str], AbstractContextManager[None]] = _quiet
    today: Any = None  # a date standing in for today (tests); None: the Status Date setting, else today

    @property
    def name(self) -> str:
        return self.path.name

    def step(self, text: str) -> AbstractContextManager[None]:
        return self.progress(text)

    def read(self, tables: Collection[str] | None = None, *, also_sheets: Collection[str] = ()) -> Production:
        from .guard import check_file
        from .reader import load_production, names_to_scan

        if also_sheets:
            # One inspection scans every sheet that will be parsed; the reader's own is then answered from it.
            scan = None if tables is None else names_to_scan(tables)
            check_file(self.path, None if scan is None else [*also_sheets, *scan])
        return load_production(self.path, today=self.today, tables=tables)

    def _target(self) -> Path:
        if self.target is None:
            raise ValueError("This job was not given a workbook to write into.")
        return self.target

    def write_tabs(self, tabs: Sequence[SheetSpec]) -> WrittenTabs:
        from .render import write_sheets

        written = write_sheets(self.path, self._target(), tabs, backups=self.backups)
        return WrittenTabs(tuple(t.name for t in tabs), written)

    def write_tables(self, updates: Sequence[Any]) -> WrittenTabs:
        from .table_update import update_tables

        written = update_tables(self.path, self._target(), updates, backups=self.backups)
        return WrittenTabs(path=written)

    def file_beside(self, suffix: str, what: str, command: str) -> Path:
        return self.path.with_name(f"{self.path.stem}{suffix}")

    def selected_day(self, p: Production) -> int | None:
        return None  # a file has no selection

    @contextmanager
    def callsheets(self, pdf_dir: Path | None = None) -> Iterator[Any]:
        from .callsheet_canvas import file_canvas

        with file_canvas(self.path, self._target(), backups=self.backups, pdf_dir=pdf_dir) as canvas:
            yield canvas

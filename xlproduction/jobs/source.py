"""What a job asks of the workbook it works on, whether a file on disk or the workbook open in Excel.

Every job (check, call sheets, reports…) reads a production and hands back tabs and files; only *how* differs
between a .xlsx file (python-calamine reads, tabs grafted into a copy or in place with a backup) and a live
workbook (xlwings reads, tabs staged under temporary names and swapped in). ``Source`` is that difference, stated
once: the file engine implements it in ``workbook/source.py`` (``FileWorkbook``), the live engine in
``excel/source.py`` (``LiveWorkbook``). A job is written against this protocol only, so the command line and
the ribbon run the same code.

The protocol is structural (``typing.Protocol``): the engines do not import it, which keeps the arrows pointing
down — jobs call engines, never the other way round.
"""

from __future__ import annotations

from collections.abc import Callable, Collection, Iterator, Sequence
from contextlib import AbstractContextManager, contextmanager
from pathlib import Path
from typing import Any, Protocol

from ..model.production import Production
from ..model.sheetspec import SheetSpec, WrittenTabs


class Source(Protocol):
    """A production workbook a job can read and write generated tabs into."""

    @property
    def name(self) -> str:
        """How messages name the workbook (its file name)."""
        ...

    def step(self, text: str) -> AbstractContextManager[None]:
        """A step of the job, shown as progress where the source has a place to show it."""
        ...

    def read(self, tables: Collection[str] | None = None, *, also_sheets: Collection[str] = ()) -> Production:
        """The production, or only ``tables`` of it (others absent) where the engine can read less.
        ``also_sheets``: sheets the job will parse besides the tables (a file's guard scans their cells too)."""
        ...

    def write_tabs(self, tabs: Sequence[SheetSpec]) -> WrittenTabs:
        """Add or replace these generated tabs, all or nothing."""
        ...

    def write_tables(self, updates: Sequence[Any]) -> WrittenTabs:
        """Replace the rows of the user's own tables and set Settings values (``model.tableupdate.TableRows`` /
        ``SettingValues``): imports only, on the user's explicit request; all or nothing. Raises
        ``model.tableupdate.TableUpdateError`` (nothing written) when an update cannot be made as asked; what an
        update means: ``model/tableupdate.py``."""
        ...

    def file_beside(self, suffix: str, what: str, command: str) -> Path:
        """Where a file the job makes is saved next to the workbook (``<name><suffix>``). Raises an error naming
        ``what`` and the ``command`` to use instead when the source has no folder to save into."""
        ...

    def selected_day(self, p: Production) -> int | None:
        """The shoot day the user points at (the selected row of Days or Schedule), if any."""
        ...

    def callsheets(self, pdf_dir: Path | None = None) -> AbstractContextManager[Any]:
        """A call-sheet canvas (see ``jobs.callsheets.CallSheetCanvas``) whose drawings land when the block ends
        without error, with each tab's PDF in ``pdf_dir`` (refused before anything is written when the engine
        cannot print)."""
        ...


@contextmanager
def no_progress(text: str) -> Iterator[None]:
    """``Source.step`` for sources with nowhere to show progress."""
    yield


def workbook_file(path: Path, target: Path | None = None, *, backups: int | None = None,
                  progress: Callable[[str], AbstractContextManager[None]] | None = None) -> Source:  # fmt: skip
    """A workbook file as a source: read from ``path``, generated tabs written into ``target`` (``path`` itself
    for in-place writes, which keep ``backups`` timestamped copies)."""
    from ..workbook.source import FileWorkbook

    kwargs: dict[str, Any] = {}
    if backups is not None:
        kwargs["backups"] = backups
    if progress is not None:
        kwargs["progress"] = progress
    return FileWorkbook(Path(path), None if target is None else Path(target), **kwargs)

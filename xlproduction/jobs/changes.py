"""What changed between two versions of a production workbook: the job behind ``xlproduction changes``.

Both files are read whole (every table: the memo covers the schedule, the people, the locations and the money), each
through the guard first, and compared by ``xlproduction.changes``. With ``write_to``, the Changes tab is grafted into
a copy of the new version (or into it, with a backup): like every generated tab, it is the only part written.
"""

from __future__ import annotations

import time
from dataclasses import dataclass, field
from pathlib import Path

from ..changes import ChangeSet, compare
from ..changes.present import changes_sheet


@dataclass(frozen=True, slots=True)
class ChangesResult:
    changes: ChangeSet
    written: Path | None = None  # the workbook the Changes tab went into
    seconds: dict[str, float] = field(default_factory=dict)


def compare_workbooks(old: str | Path, new: str | Path, *, threshold: float | None = None,
                      write_to: str | Path | None = None, backups: int = 3) -> ChangesResult:  # fmt: skip
    """Compare ``old`` with ``new``; with ``write_to``, add the Changes tab to a copy of ``new`` saved there (``new``
    itself writes in place, keeping ``backups`` backups). Raises ``WorkbookUnreadable`` for a file that cannot be
    read (saying which)."""
    from ..workbook.reader import load_production

    timings: dict[str, float] = {}
    t = time.perf_counter()
    before = load_production(old)
    after = load_production(new)
    timings["read"] = time.perf_counter() - t
    t = time.perf_counter()
    cs = compare(before, after, threshold=threshold)
    timings["compare"] = time.perf_counter() - t
    written = None
    if write_to is not None:
        from ..workbook.render import write_sheets

        t = time.perf_counter()
        written = write_sheets(new, write_to, [changes_sheet(cs, paper=after.settings.paper_size or "Letter")],
                               backups=backups)  # fmt: skip
        timings["write"] = time.perf_counter() - t
    return ChangesResult(cs, written, timings)

"""What changed between two versions of a production workbook: the job behind ``xlproduction changes``.

Both versions are read whole (the memo covers the schedule, the people, the locations and the money) and compared
by ``xlproduction.changes``. With ``write``, the Changes tab goes into the new version's source — a copy of the
file, or the file itself with a backup — as the only part written, like every generated tab.
"""

from __future__ import annotations

import time
from dataclasses import dataclass, field

from ..changes import ChangeSet, compare
from ..changes.present import changes_sheet
from ..model.sheetspec import WrittenTabs
from .source import Source


@dataclass(frozen=True, slots=True)
class ChangesResult:
    changes: ChangeSet
    written: WrittenTabs | None = None  # the Changes tab, when asked for
    seconds: dict[str, float] = field(default_factory=dict)


def compare_versions(old: Source, new: Source, *, threshold: float | None = None,
                     write: bool = False) -> ChangesResult:  # fmt: skip
    """Every change from ``old`` to ``new``; with ``write``, the Changes tab written into ``new``. ``threshold``:
    budget changes smaller than this are not listed (default: the new version's Budget Change Threshold)."""
    timings: dict[str, float] = {}
    t = time.perf_counter()
    with old.step(f"Reading {old.name}"):
        before = old.read()
    with new.step(f"Reading {new.name}"):
        after = new.read()
    timings["read"] = time.perf_counter() - t
    t = time.perf_counter()
    with new.step("Comparing"):
        cs = compare(before, after, threshold=threshold)
    timings["compare"] = time.perf_counter() - t
    written = None
    if write:
        t = time.perf_counter()
        with new.step("Writing the Changes tab"):
            written = new.write_tabs([changes_sheet(cs, paper=after.settings.paper_size or "Letter")])
        timings["write"] = time.perf_counter() - t
    return ChangesResult(cs, written, timings)

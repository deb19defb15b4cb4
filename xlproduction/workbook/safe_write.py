"""Writing a workbook so that nothing is lost: temporary file, fsync, atomic rename, timestamped backup.

A coordinator's workbook is the production's memory. A crash, a full disk or a kill in the middle of a save
must leave either the old file or the new one, never half of each; and an in-place write keeps the previous
version beside it (``name.backup-YYYYmmdd-HHMMSS.xlsx``, the newest ``keep`` of them).
"""

from __future__ import annotations

import datetime as dt
import os
import shutil
import tempfile
from collections.abc import Callable
from pathlib import Path


def backup_path(target: Path, now: dt.datetime | None = None) -> Path:
    stamp = (now or dt.datetime.now()).strftime("%Y%m%d-%H%M%S")
    return target.with_name(f"{target.stem}.backup-{stamp}{target.suffix}")


def _prune(target: Path, keep: int) -> None:
    olds = sorted(target.parent.glob(f"{target.stem}.backup-*{target.suffix}"))
    for old in olds[: max(0, len(olds) - keep)]:
        old.unlink(missing_ok=True)


def atomic_save(save: Callable[[str], object], target: Path, *, backup: bool = False, keep: int = 3) -> Path:
    """Call ``save(tmp_path)`` then move the result over ``target`` atomically (same folder, fsync first)."""
    target = Path(target)
    fd, tmp = tempfile.mkstemp(prefix=f".{target.stem}.", suffix=".tmp" + target.suffix, dir=target.parent)
    os.close(fd)
    try:
        save(tmp)
        with open(tmp, "rb+") as f:
            os.fsync(f.fileno())
        if backup and target.exists():
            shutil.copy2(target, backup_path(target))
            _prune(target, keep)
        os.replace(tmp, target)
        dir_fd = os.open(target.parent, os.O_RDONLY)
        try:
            os.fsync(dir_fd)
        finally:
            os.close(dir_fd)
    finally:
        if os.path.exists(tmp):
            os.unlink(tmp)
    return target

"""Writing a workbook so that nothing is lost: temporary file, fsync, atomic rename, timestamped backup.

A coordinator's workbook is the production's memory. A crash, a full disk or a kill in the middle of a save
must leave either the old file or the new one, never half of each; and an in-place write keeps the previous
version beside it (``name.backup-YYYYmmdd-HHMMSS.xlsx``, the newest ``keep`` of them; a second backup within
the same second is ``name.backup-YYYYmmdd-HHMMSS-2.xlsx``).

How, and why each step:

- The new file is written to a hidden temporary file in the *same folder* (``.name.PID.xxxx.tmp.xlsx``), so the
  final rename never crosses a file system and is atomic; it is flushed to disk (fsync) before the rename, and
  the folder after it, so a power cut cannot leave a renamed but empty file.
- The new file gets the old one's permission bits: ``mkstemp`` makes owner-only files, and a workbook shared with
  the production office must stay readable by it.
- A symbolic link is written through: the file it points to is replaced, the link stays.
- The backup is a hard link to the old file (instant, and atomic: the old version cannot be half-copied), or a
  copy written the same careful way where the file system has no hard links (FAT, some network shares).
- A writer killed mid-save leaves only its temporary file; the next save in that folder removes temporary files
  of processes that no longer run, once they are ten minutes old (a live writer on another machine sharing the
  folder keeps touching its file).
"""

from __future__ import annotations

import datetime as dt
import os
import re
import shutil
import stat
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

DEFAULT_BACKUPS = 3
STALE_TEMP_SECONDS = 600
_STAMP = "%Y%m%d-%H%M%S"


def _backup_pattern(target: Path) -> re.Pattern[str]:
    # re.escape, not glob: a workbook called "Show [v2].xlsx" must find its own backups and nobody else's.
    return re.compile(rf"{re.escape(target.stem)}\.backup-(\d{{8}}-\d{{6}})(?:-(\d+))?{re.escape(target.suffix)}")


def backup_path(target: Path, now: dt.datetime | None = None) -> Path:
    """A backup name for ``target`` that does not exist yet: the timestamp, then -2, -3… within one second."""
    stamp = (now or dt.datetime.now()).strftime(_STAMP)
    candidate = target.with_name(f"{target.stem}.backup-{stamp}{target.suffix}")
    n = 2
    while candidate.exists():
        candidate = target.with_name(f"{target.stem}.backup-{stamp}-{n}{target.suffix}")
        n += 1
    return candidate


def backups_of(target: Path) -> list[Path]:
    """``target``'s backups, oldest first (by the time in their names, then their sequence number)."""
    pattern = _backup_pattern(target)
    found: list[tuple[str, int, Path]] = []
    try:
        entries = list(os.scandir(target.parent))
    except OSError:
        return []
    for e in entries:
        m = pattern.fullmatch(e.name)
        if m is not None:
            found.append((m[1], int(m[2] or 1), Path(e.path)))
    return [p for *_, p in sorted(found)]


def _prune(target: Path, keep: int) -> None:
    olds = backups_of(target)
    for old in olds[: max(0, len(olds) - keep)]:
        old.unlink(missing_ok=True)


def _fsync_dir(folder: Path) -> None:
    try:
        fd = os.open(folder, os.O_RDONLY)
    except OSError:  # Windows cannot open a folder; its renames are durable enough
        return
    try:
        os.fsync(fd)
    except OSError:
        pass
    finally:
        os.close(fd)


def _fsync_file(path: str | Path) -> None:
    with open(path, "rb+") as f:
        os.fsync(f.fileno())


def _keep_backup(target: Path, now: dt.datetime | None = None) -> Path:
    """The current ``target`` kept under a timestamped name, atomically (a hard link, else a careful copy)."""
    for _ in range(100):
        dest = backup_path(target, now)
        try:
            os.link(target, dest)
            return dest
        except FileExistsError:  # another writer took the name between the check and the link
            continue
        except OSError:
            break  # no hard links here
    dest = backup_path(target, now)
    fd, tmp = tempfile.mkstemp(prefix=f".{target.stem}.{os.getpid()}.", suffix=".tmp" + target.suffix,
                               dir=target.parent)  # fmt: skip
    os.close(fd)
    try:
        shutil.copy2(target, tmp)
        _fsync_file(tmp)
        os.replace(tmp, dest)
    finally:
        if os.path.exists(tmp):
            os.unlink(tmp)
    return dest


def _temp_pattern(target: Path) -> re.Pattern[str]:
    return re.compile(rf"\.{re.escape(target.stem)}\.(\d+)\.[^.]+\.tmp{re.escape(target.suffix)}")


def _pid_alive(pid: int) -> bool:
    if pid == os.getpid():
        return True
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except (PermissionError, OSError):  # alive under another user, or cannot tell (Windows): leave it
        return True
    return True


def remove_stale_temps(target: Path, older_than: float = STALE_TEMP_SECONDS) -> list[Path]:
    """Remove the temporary files that writers of ``target`` killed mid-save left behind (their process is gone
    and the file untouched for ``older_than`` seconds). Returns what was removed."""
    pattern = _temp_pattern(target)
    removed: list[Path] = []
    now = time.time()
    try:
        entries = list(os.scandir(target.parent))
    except OSError:
        return removed
    for e in entries:
        m = pattern.fullmatch(e.name)
        if m is None:
            continue
        try:
            if now - e.stat().st_mtime < older_than or _pid_alive(int(m[1])):
                continue
            os.unlink(e.path)
            removed.append(Path(e.path))
        except OSError:
            continue
    return removed


def _new_file_mode() -> int:
    umask = os.umask(0)
    os.umask(umask)
    return 0o666 & ~umask


def atomic_save(save: Callable[[str], object], target: Path, *, backup: bool = False,
                keep: int = DEFAULT_BACKUPS) -> Path:  # fmt: skip
    """Call ``save(tmp_path)`` then move the result over ``target`` atomically (same folder, fsync first). With
    ``backup`` (in-place writes) the previous ``target`` is kept as a timestamped backup, the newest ``keep`` of
    them (``keep=0``: none). Returns ``target``."""
    target = Path(target)
    if keep < 0:
        raise ValueError("the number of backups to keep cannot be negative")
    real = Path(os.path.realpath(target)) if target.is_symlink() else target
    remove_stale_temps(real)
    fd, tmp = tempfile.mkstemp(prefix=f".{real.stem}.{os.getpid()}.", suffix=".tmp" + real.suffix, dir=real.parent)
    os.close(fd)
    try:
        save(tmp)
        if real.exists():
            os.chmod(tmp, stat.S_IMODE(real.stat().st_mode))
        else:
            os.chmod(tmp, _new_file_mode())
        _fsync_file(tmp)
        if backup and keep > 0 and real.exists():
            _keep_backup(real)
            _prune(real, keep)
        os.replace(tmp, real)
        _fsync_dir(real.parent)
    finally:
        if os.path.exists(tmp):
            os.unlink(tmp)
    return target

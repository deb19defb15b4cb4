"""The publication log: what was sent, when, to which channels — so nobody gets the same call sheet twice by accident
and the next message can say what changed since.

One log per workbook, in the user's data folder (``data_dir()``: e.g. ``~/.local/share/xlproduction`` on Linux,
``%LOCALAPPDATA%\\xlproduction`` on Windows, ``~/Library/Application Support/xlproduction`` on macOS;
``XLPRODUCTION_DATA_DIR`` names another), never in the workbook, which travels. A workbook is known by its full
path, so a copy elsewhere has a log of its own. Each publication is one JSON line: the day, the call-sheet revision,
a hash of what the messages say, each channel's outcome. With it goes a copy of the workbook as it was published
(a snapshot): "the changes since the last publication" compare the workbook with that copy. Only the last few
snapshots are kept. The folder and its files are readable by their owner only: a snapshot holds personal data.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import hashlib
import json
import os
import shutil
from collections.abc import Mapping
from dataclasses import asdict, dataclass, field
from pathlib import Path

ENV_DATA = "XLPRODUCTION_DATA_DIR"
SNAPSHOTS_KEPT = 3


def data_dir(env: Mapping[str, str] | None = None) -> Path:
    env = os.environ if env is None else env
    if env.get(ENV_DATA):
        return Path(env[ENV_DATA]).expanduser()
    from platformdirs import user_data_dir

    return Path(user_data_dir("xlproduction", appauthor=False))


def workbook_key(path: str | Path) -> str:
    """The log's name for a workbook: its full path, hashed (case-insensitive where the file system is)."""
    full = os.path.normcase(str(Path(path).expanduser().resolve()))
    return hashlib.sha256(full.encode("utf-8")).hexdigest()[:20]


@dataclass(frozen=True, slots=True)
class Publication:
    at: str  # ISO time, local, with offset
    workbook: str
    title: str
    day: int
    date: str  # ISO date of the shoot day
    revision: int
    colour: str
    content_hash: str
    channels: dict[str, str] = field(default_factory=dict)  # channel -> sent | failed | skipped
    snapshot: str | None = None  # file name of the workbook's copy, in the log's folder

    @property
    def delivered(self) -> set[str]:
        return {c for c, status in self.channels.items() if status == "sent"}


def _private_dir(path: Path) -> None:
    path.mkdir(parents=True, exist_ok=True, mode=0o700)
    with contextlib.suppress(OSError):  # a file system without POSIX modes
        path.chmod(0o700)


class PublicationLog:
    def __init__(self, workbook: str | Path, root: Path | None = None) -> None:
        self.workbook = Path(workbook)
        self.folder = (root or data_dir()) / "publications" / workbook_key(workbook)
        self.file = self.folder / "log.jsonl"

    def entries(self) -> list[Publication]:
        if not self.file.is_file():
            return []
        out: list[Publication] = []
        for line in self.file.read_text(encoding="utf-8").splitlines():
            try:
                data = json.loads(line)
                out.append(Publication(**data))
            except (json.JSONDecodeError, TypeError):
                continue  # a line cut short by a crash: the rest of the log still counts
        return out

    def last(self, day: int | None = None) -> Publication | None:
        """The latest publication (of ``day``) that reached at least one channel."""
        for pub in reversed(self.entries()):
            if pub.delivered and (day is None or pub.day == day):
                return pub
        return None

    def delivered(self, day: int, content_hash: str) -> set[str]:
        """The channels whose latest call sheet of this day is this content. (A channel that was sent other content
        since does not have it any more: going back to an earlier version is news again.)"""
        out: set[str] = set()
        for pub in self.entries():
            if pub.day != day:
                continue
            if pub.content_hash == content_hash:
                out |= pub.delivered
            else:
                out -= pub.delivered
        return out

    def snapshot(self, pub: Publication | None) -> Path | None:
        """The copy of the workbook as ``pub`` published it, if it is still kept."""
        if pub is None or not pub.snapshot:
            return None
        path = self.folder / pub.snapshot
        return path if path.is_file() else None

    def record(self, pub: Publication, snapshot_of: Path | None = None) -> Publication:
        """Append ``pub``; with ``snapshot_of``, keep a copy of that file as the publication's snapshot."""
        _private_dir(self.folder)
        if snapshot_of is not None:
            stamp = dt.datetime.now().strftime("%Y%m%d-%H%M%S-%f")
            name = f"snapshot-{stamp}{snapshot_of.suffix or '.xlsx'}"
            target = self.folder / name
            shutil.copyfile(snapshot_of, target)
            target.chmod(0o600)
            pub = Publication(**{**asdict(pub), "snapshot": name})
            self._prune()
        fd = os.open(self.file, os.O_WRONLY | os.O_APPEND | os.O_CREAT, 0o600)
        with os.fdopen(fd, "a", encoding="utf-8") as fh:
            fh.write(json.dumps(asdict(pub), ensure_ascii=False) + "\n")
        return pub

    def _prune(self) -> None:
        snaps = sorted(self.folder.glob("snapshot-*"))
        for old in snaps[:-SNAPSHOTS_KEPT]:
            old.unlink(missing_ok=True)

"""Nothing lost: the input is never modified without --in-place, and an in-place write killed at any moment
leaves the workbook intact.

- Every write command is run on a workbook and the workbook's bytes and modification time are compared.
- In-place writes keep timestamped backups (--backups N, two in one second do not collide, names with glob
  characters), keep the file's permissions and symbolic links, and survive a failing save.
- The kill test: a separate process writes in place into a production workbook carrying a 16 MB picture (so the
  write takes long enough to be caught mid-way); it is killed with SIGKILL as soon as its temporary file appears,
  at 25, 50 and 90 % of the file written, and as the backup appears; each time the workbook must be the original,
  byte for byte, and still open.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import os
import signal
import stat
import subprocess
import sys
import time
import zipfile
from collections.abc import Iterator
from pathlib import Path

import pytest
from typer.testing import CliRunner

from xlproduction.cli import app
from xlproduction.workbook import safe_write
from xlproduction.workbook.reader import load_production
from xlproduction.workbook.safe_write import atomic_save, backups_of, remove_stale_temps
from xlproduction.workbook.writer import write_workbook

from .checks_memo import shared_checks
from .rules.harness import base

ROOT = Path(__file__).resolve().parents[1]
runner = CliRunner()


@pytest.fixture(scope="module", autouse=True)
def _rules_once() -> Iterator[None]:
    with shared_checks():
        yield


def digest(p: Path) -> str:
    return hashlib.sha256(p.read_bytes()).hexdigest()


@pytest.fixture(scope="module")
def workbook(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return write_workbook(tmp_path_factory.mktemp("wb") / "production.xlsx", base())


@pytest.fixture
def wb(workbook: Path, tmp_path: Path) -> Path:
    p = tmp_path / "production.xlsx"
    p.write_bytes(workbook.read_bytes())
    old = time.time() - 3600  # an hour old: a write would move the mtime
    os.utime(p, (old, old))
    return p


# --- the input is never modified without --in-place -------------------------------------------------------------

WRITE_COMMANDS = [
    ["check", "{wb}", "--write"],
    ["check", "{wb}", "--write", "-o", "{tmp}/issues.xlsx"],
    ["callsheet", "{wb}", "--all"],
    ["callsheet", "{wb}", "--day", "1", "--audience", "cast"],
    ["report", "dood", "{wb}"],
    ["report", "cost", "{wb}", "--csv", "{tmp}/cost.csv", "--xlsx", "{tmp}/cost.xlsx"],
    ["report", "crew", "{wb}", "--no-workbook", "--csv", "{tmp}/crew.csv"],
    ["finance-pack", "{wb}", "{tmp}/finance.xlsx"],
    ["calendar", "{wb}", "{tmp}/shoot.ics"],
]


@pytest.mark.parametrize("args", WRITE_COMMANDS, ids=lambda a: " ".join(x for x in a if "{" not in x))
def test_write_commands_leave_the_workbook_untouched(args: list[str], wb: Path, tmp_path: Path) -> None:
    before, mtime = digest(wb), wb.stat().st_mtime_ns
    r = runner.invoke(app, [a.format(wb=wb, tmp=tmp_path) for a in args])
    assert r.exit_code in (0, 1), r.output
    assert digest(wb) == before and wb.stat().st_mtime_ns == mtime, "the workbook changed without --in-place"
    assert not backups_of(wb), "no backup without --in-place"


def test_an_output_that_is_the_workbook_itself_is_refused(wb: Path, tmp_path: Path) -> None:
    before, mtime = digest(wb), wb.stat().st_mtime_ns
    other_spelling = Path(os.path.relpath(wb, Path.cwd())) if wb.is_absolute() else wb.resolve()
    link = tmp_path / "link.xlsx"
    link.symlink_to(wb)
    for out in (other_spelling, link):
        r = runner.invoke(app, ["check", str(wb), "--write", "-o", str(out)])
        assert r.exit_code == 2 and "is the workbook itself" in " ".join(r.output.split()), r.output
        r = runner.invoke(app, ["report", "dood", str(wb), "-o", str(out)])
        assert r.exit_code == 2 and "--in-place" in r.output, r.output
    assert digest(wb) == before and wb.stat().st_mtime_ns == mtime


def test_in_place_keeps_the_newest_n_backups(wb: Path) -> None:
    original = digest(wb)
    r = runner.invoke(app, ["check", str(wb), "--write", "--in-place"])
    assert r.exit_code == 0, r.output
    first = backups_of(wb)
    assert len(first) == 1 and digest(first[0]) == original
    assert "Issues" in zipfile.ZipFile(wb).read("xl/workbook.xml").decode()
    for _ in range(3):  # within the same second: the backup names must not collide
        assert runner.invoke(app, ["report", "crew", str(wb), "--in-place"]).exit_code == 0
    assert len(backups_of(wb)) == 3, "the default keeps three"
    assert runner.invoke(app, ["report", "dood", str(wb), "--in-place", "--backups", "1"]).exit_code == 0
    kept = backups_of(wb)
    assert len(kept) == 1
    assert len(load_production(kept[0]).scenes) == 6, "a backup is a whole workbook"
    assert runner.invoke(app, ["report", "dood", str(wb), "--in-place", "--backups", "0"]).exit_code == 0
    assert backups_of(wb) == kept, "--backups 0 keeps none of its own (and prunes nothing it did not make)"
    assert runner.invoke(app, ["report", "crew", str(wb), "--in-place", "--backups", "-1"]).exit_code == 2
    r = runner.invoke(app, ["callsheet", str(wb), "--day", "1", "--in-place", "--backups", "2"])
    assert r.exit_code == 0, r.output
    assert len(backups_of(wb)) == 2


def test_backups_in_the_same_second_get_distinct_names_and_sort_oldest_first(tmp_path: Path) -> None:
    target = tmp_path / "Show [v2] *.xlsx"  # glob characters in the name
    target.write_bytes(b"v0")
    for i in range(1, 5):
        atomic_save(lambda tmp, i=i: Path(tmp).write_bytes(f"v{i}".encode()), target, backup=True, keep=10)
    kept = backups_of(target)
    assert [p.read_bytes() for p in kept] == [b"v0", b"v1", b"v2", b"v3"], [p.name for p in kept]
    assert len({p.name for p in kept}) == 4
    atomic_save(lambda tmp: Path(tmp).write_bytes(b"v5"), target, backup=True, keep=2)
    assert [p.read_bytes() for p in backups_of(target)] == [b"v3", b"v4"]
    assert target.read_bytes() == b"v5"
    other = tmp_path / "Show [v2] *.other.xlsx"
    other.write_bytes(b"x")
    atomic_save(lambda tmp: Path(tmp).write_bytes(b"y"), other, backup=True, keep=1)
    assert [p.read_bytes() for p in backups_of(target)] == [b"v3", b"v4"], "another file's backups are its own"


def test_backup_name_follows_the_documented_pattern(tmp_path: Path) -> None:
    t = tmp_path / "prod.xlsx"
    t.write_bytes(b"x")
    now = dt.datetime(2027, 3, 2, 18, 30, 5)
    assert safe_write.backup_path(t, now).name == "prod.backup-20270302-183005.xlsx"
    safe_write.backup_path(t, now).write_bytes(b"y")
    assert safe_write.backup_path(t, now).name == "prod.backup-20270302-183005-2.xlsx"


def test_in_place_keeps_permissions_and_symbolic_links(tmp_path: Path) -> None:
    real = tmp_path / "shared" / "prod.xlsx"
    real.parent.mkdir()
    real.write_bytes(b"old")
    os.chmod(real, 0o640)
    link = tmp_path / "prod-link.xlsx"
    link.symlink_to(real)
    atomic_save(lambda tmp: Path(tmp).write_bytes(b"new"), link, backup=True)
    assert link.is_symlink() and real.read_bytes() == b"new"
    assert stat.S_IMODE(real.stat().st_mode) == 0o640, "mkstemp's owner-only mode must not leak into the workbook"
    assert [p.read_bytes() for p in backups_of(real)] == [b"old"]
    fresh = tmp_path / "fresh.xlsx"
    atomic_save(lambda tmp: Path(tmp).write_bytes(b"n"), fresh)
    umask = os.umask(0)
    os.umask(umask)
    assert stat.S_IMODE(fresh.stat().st_mode) == 0o666 & ~umask


def test_a_failing_save_leaves_the_original_and_no_temporary_file(tmp_path: Path) -> None:
    target = tmp_path / "prod.xlsx"
    target.write_bytes(b"precious")

    def half_then_crash(tmp: str) -> None:
        Path(tmp).write_bytes(b"half a workb")
        raise OSError(28, "No space left on device")

    with pytest.raises(OSError):
        atomic_save(half_then_crash, target, backup=True)
    assert target.read_bytes() == b"precious"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["prod.xlsx"], "no temporary file or backup left"


def test_a_failing_rename_leaves_the_original(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    target = tmp_path / "prod.xlsx"
    target.write_bytes(b"precious")

    def locked(*_: object) -> None:
        raise PermissionError(13, "The file is open in Excel", str(target))

    monkeypatch.setattr(safe_write.os, "replace", locked)
    with pytest.raises(PermissionError):
        atomic_save(lambda tmp: Path(tmp).write_bytes(b"new"), target)
    assert target.read_bytes() == b"precious"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["prod.xlsx"]


def test_stale_temporary_files_of_dead_writers_are_removed(tmp_path: Path) -> None:
    target = tmp_path / "prod.xlsx"
    target.write_bytes(b"x")
    dead = _dead_pid()
    stale = tmp_path / f".prod.{dead}.abc123.tmp.xlsx"
    fresh = tmp_path / f".prod.{dead}.def456.tmp.xlsx"
    alive = tmp_path / f".prod.{os.getppid()}.ghi789.tmp.xlsx"
    for p in (stale, fresh, alive):
        p.write_bytes(b"partial")
    old = time.time() - 3600
    os.utime(stale, (old, old))
    os.utime(alive, (old, old))
    assert remove_stale_temps(target) == [stale]
    assert fresh.exists() and alive.exists(), "a recent file or a live writer's file is left alone"


def _dead_pid() -> int:
    p = subprocess.Popen([sys.executable, "-c", "pass"])
    p.wait()
    return p.pid


# --- the kill test ------------------------------------------------------------------------------------------------

_WRITER = """
import sys
from xlproduction.model.sheetspec import Block, SheetSpec
from xlproduction.workbook.render import write_sheets
spec = SheetSpec(name="Issues", blocks=(Block(1, 1, (("Written by the killed writer",),)),))
write_sheets(sys.argv[1], sys.argv[1], [spec])
"""


@pytest.fixture(scope="module")
def heavy(workbook: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The base production plus a 16 MB photograph (random bytes, incompressible): writing it takes a while."""
    p = tmp_path_factory.mktemp("heavy") / "heavy.xlsx"
    with zipfile.ZipFile(workbook) as src, zipfile.ZipFile(p, "w", zipfile.ZIP_DEFLATED) as dst:
        for info in src.infolist():
            data = src.read(info)
            if info.filename == "[Content_Types].xml" and b'Extension="png"' not in data:
                data = data.replace(b"<Default ", b'<Default Extension="png" ContentType="image/png"/><Default ', 1)
            dst.writestr(info, data)
        dst.writestr(zipfile.ZipInfo("xl/media/set-photo.png"), b"\x89PNG\r\n\x1a\n" + os.urandom(16 << 20),
                     compress_type=zipfile.ZIP_STORED)  # fmt: skip
    return p


def _temp_files(folder: Path) -> list[Path]:
    return [p for p in folder.iterdir() if p.name.startswith(".") and ".tmp." in p.name]


def _run_and_kill(path: Path, when: str, fraction: float = 0.0) -> str:
    """Start the in-place writer on ``path`` and SIGKILL it when ``when`` happens; returns what was seen."""
    size = path.stat().st_size
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    proc = subprocess.Popen([sys.executable, "-c", _WRITER, str(path)], env=env, stdout=subprocess.DEVNULL,
                            stderr=subprocess.PIPE)  # fmt: skip
    seen = "finished before the kill"
    deadline = time.monotonic() + 60
    try:
        while proc.poll() is None and time.monotonic() < deadline:
            if when == "backup" and backups_of(path):
                seen = "backup appeared"
                break
            temps = _temp_files(path.parent)
            if when == "temp" and temps:
                grown = max((t.stat().st_size for t in temps if t.exists()), default=0)
                if grown >= fraction * size:
                    seen = f"temporary file at {grown / size:.0%}"
                    break
            time.sleep(0.0005)
    except FileNotFoundError:  # a temporary file renamed between listing and stat: the write just finished
        seen = "finished during the kill"
    finally:
        if proc.poll() is None:
            os.kill(proc.pid, signal.SIGKILL)
        proc.wait(timeout=30)
    return seen


@pytest.mark.parametrize(("when", "fraction"), [("temp", 0.0), ("temp", 0.25), ("temp", 0.5), ("temp", 0.9),
                                                 ("backup", 0.0)])  # fmt: skip
def test_killing_the_writer_mid_write_leaves_the_workbook_intact(
        heavy: Path, tmp_path: Path, when: str, fraction: float, record_property: object) -> None:  # fmt: skip
    path = tmp_path / "heavy.xlsx"
    path.write_bytes(heavy.read_bytes())
    original = digest(path)
    seen = _run_and_kill(path, when, fraction)
    record_property("killed", seen)  # type: ignore[operator]
    print(f"killed at: {seen}")
    if when == "temp":
        assert seen.startswith("temporary file"), f"the writer was not caught mid-write: {seen}"
    if digest(path) != original:
        # Only a kill after the atomic rename may change the file, and then it is the complete new workbook.
        assert seen.startswith(("backup", "finished")), seen
        assert "Issues" in zipfile.ZipFile(path).read("xl/workbook.xml").decode()
        assert [digest(b) for b in backups_of(path)] == [original]
    else:
        assert zipfile.ZipFile(path).testzip() is None
    p = load_production(path)  # the workbook still opens and reads
    assert len(p.scenes) == 6
    leftovers = {q.name for q in tmp_path.iterdir()} - {path.name} - {b.name for b in backups_of(path)}
    assert all(n.startswith(".heavy.") and ".tmp." in n for n in leftovers), leftovers
    # The next write works and, once the dead writer's file is old enough, removes it.
    for q in _temp_files(tmp_path):
        os.utime(q, (time.time() - 3600, time.time() - 3600))
    r = runner.invoke(app, ["report", "crew", str(path), "--in-place"])
    assert r.exit_code == 0, r.output
    assert not _temp_files(tmp_path), "stale temporary files are cleaned up"

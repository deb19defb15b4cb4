"""Headless LibreOffice: recalculating a workbook's formulas and printing it to PDF, without Excel.

openpyxl writes formulas without their values; LibreOffice computes them, so the CLI can hand finance a workbook
whose figures show in any viewer and tests can check the template's formulas against the Python arithmetic.
Each run gets its own temporary user profile: soffice hands a conversion to any instance already running with
the same profile, so parallel runs (pytest-xdist, two CLI calls) would otherwise collide or hang. The profile
is seeded to recalculate every formula on load, because by default LibreOffice keeps the values cached in an
.xlsx and only computes cells that have none. No domain logic lives here.
"""

from __future__ import annotations

import os
import shutil
import signal
import subprocess
import sys
import tempfile
from collections.abc import Sequence
from pathlib import Path

PER_FILE_TIMEOUT = 10.0  # seconds added to the base timeout for each further file of a run
DEFAULT_TIMEOUT = 180.0  # seconds; a first start on a slow CI machine takes a few, a big workbook a few more
_CANDIDATES = ("soffice", "libreoffice")
_WELL_KNOWN = (
    "/Applications/LibreOffice.app/Contents/MacOS/soffice",
    r"C:\Program Files\LibreOffice\program\soffice.exe",
    r"C:\Program Files (x86)\LibreOffice\program\soffice.exe",
)

# OOXMLRecalcMode / ODFRecalcMode 0 = "always recalculate" on load (1 = never, 2 = ask).
_PROFILE_SETTINGS = """<?xml version="1.0" encoding="UTF-8"?>
<oor:items xmlns:oor="http://openoffice.org/2001/registry" xmlns:xs="http://www.w3.org/2001/XMLSchema" \
xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance">
<item oor:path="/org.openoffice.Office.Calc/Formula/Load"><prop oor:name="OOXMLRecalcMode" oor:op="fuse">\
<value>0</value></prop></item>
<item oor:path="/org.openoffice.Office.Calc/Formula/Load"><prop oor:name="ODFRecalcMode" oor:op="fuse">\
<value>0</value></prop></item>
</oor:items>
"""


class LibreOfficeMissing(RuntimeError):
    """No LibreOffice executable was found."""


class LibreOfficeError(RuntimeError):
    """LibreOffice ran but did not produce the expected file (or took too long)."""


def find_soffice() -> str:
    """The LibreOffice executable: ``soffice`` or ``libreoffice`` on PATH, else a standard install location."""
    for name in _CANDIDATES:
        found = shutil.which(name)
        if found:
            return found
    for path in _WELL_KNOWN:
        if Path(path).is_file():
            return path
    raise LibreOfficeMissing(
        "LibreOffice is not installed (no 'soffice' or 'libreoffice' on PATH). Install it from "
        "https://www.libreoffice.org/download/ or, on Debian/Ubuntu, "
        "'apt-get install -y --no-install-recommends libreoffice-calc-nogui'.")  # fmt: skip


def available() -> bool:
    try:
        find_soffice()
    except LibreOfficeMissing:
        return False
    return True


def recalculate(xlsx: str | Path, out_dir: str | Path, *, timeout: float = DEFAULT_TIMEOUT) -> Path:
    """Open ``xlsx`` headless, compute every formula and save it as ``out_dir/<same name>.xlsx``.

    ``out_dir`` may be the source's own folder: the source is then replaced by the recalculated copy."""
    return _convert(xlsx, out_dir, "xlsx:Calc MS Excel 2007 XML", ".xlsx", timeout)


def to_pdf(xlsx: str | Path, out_dir: str | Path, *, timeout: float = DEFAULT_TIMEOUT) -> Path:
    """Print every visible sheet of ``xlsx`` (with its page setup) to ``out_dir/<same name>.pdf``."""
    return _convert(xlsx, out_dir, "pdf:calc_pdf_Export", ".pdf", timeout)


def to_pdf_many(sources: Sequence[str | Path], out_dir: str | Path, *, timeout: float = DEFAULT_TIMEOUT,
                per_file: float = PER_FILE_TIMEOUT) -> list[Path]:  # fmt: skip
    """Print several workbooks in one LibreOffice run: starting LibreOffice costs seconds, printing a call sheet
    well under one, so a season's call sheets print in one start instead of one per day."""
    return _convert_many(sources, out_dir, "pdf:calc_pdf_Export", ".pdf", timeout + per_file * len(sources))


def _convert(source: str | Path, out_dir: str | Path, target: str, suffix: str, timeout: float) -> Path:
    return _convert_many([source], out_dir, target, suffix, timeout)[0]


def _convert_many(sources: Sequence[str | Path], out_dir: str | Path, target: str, suffix: str,
                  timeout: float) -> list[Path]:  # fmt: skip
    srcs = [Path(s).resolve() for s in sources]
    if not srcs:
        return []
    for src in srcs:
        if not src.is_file():
            raise FileNotFoundError(f"{src} does not exist.")
    soffice = find_soffice()
    made: list[Path] = []
    with tempfile.TemporaryDirectory(prefix="xlproduction-lo-") as tmp:
        profile = Path(tmp, "profile")
        (profile / "user").mkdir(parents=True)
        (profile / "user" / "registrymodifications.xcu").write_text(_PROFILE_SETTINGS, encoding="utf-8")
        # Convert into a private folder, then move: soffice would silently overwrite the source when asked to
        # write next to it, and a failed run must not leave a half-written file at the destination.
        work = Path(tmp, "out")
        work.mkdir()
        cmd = [soffice, f"-env:UserInstallation={profile.as_uri()}", "--headless", "--invisible", "--norestore",
               "--nolockcheck", "--nodefault", "--nologo", "--convert-to", target, "--outdir", str(work),
               *map(str, srcs)]  # fmt: skip
        code, output = _run(cmd, timeout, srcs[0])
        dest_dir = Path(out_dir)
        dest_dir.mkdir(parents=True, exist_ok=True)
        for src in srcs:
            produced = work / (src.stem + suffix)
            if not produced.is_file() or (code != 0 and len(srcs) == 1):
                # soffice warns that Java is missing on every run; that line never explains a failure.
                lines = [ln for ln in output.splitlines() if ln.strip() and "javaldx" not in ln]
                detail = lines[-3:] or [f"exit code {code}"]
                raise LibreOfficeError(f"LibreOffice could not convert {src.name} to {suffix[1:]}: "
                                       f"{' / '.join(detail)}")  # fmt: skip
            dest = dest_dir / produced.name
            shutil.move(str(produced), dest)
            made.append(dest)
    return made


def _run(cmd: list[str], timeout: float, src: Path) -> tuple[int, str]:
    """Run soffice in its own process group, so a timeout ends soffice.bin too, not just the launcher."""
    posix = os.name == "posix"
    proc = subprocess.Popen(cmd, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, stdin=subprocess.DEVNULL,
                            start_new_session=posix,
                            creationflags=getattr(subprocess, "CREATE_NEW_PROCESS_GROUP", 0) if not posix else 0)
    try:
        out, _ = proc.communicate(timeout=timeout)
    except subprocess.TimeoutExpired:
        if posix:
            os.killpg(proc.pid, signal.SIGKILL)
        else:  # pragma: no cover - Windows
            proc.kill()
        proc.communicate()
        raise LibreOfficeError(f"LibreOffice did not finish converting {src.name} within {timeout:.0f} s.") from None
    return proc.returncode, out.decode(sys.getdefaultencoding(), errors="replace")

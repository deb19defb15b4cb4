"""Building ``vbaProject.bin`` from ``.bas`` sources with ms-ovba and ms-cfb, on any OS, without Excel.

Two known flaws of those packages are handled here (DESIGN §5), which is why this module exists:

- **Compression.** ms-ovba-compression 1.0.1 computes a copy token's maximum length as ``0xFFFF << bitcount + 3``
  instead of ``(0xFFFF >> bitcount) + 3`` (MS-OVBA 2.4.1.3.19.3), so any match longer than the real maximum is
  written with a length that overflows into the offset bits: modules longer than ~650 bytes come out corrupt. Its
  matcher is also quadratic per byte. ``compress`` below is the MS-OVBA algorithm (2.4.1.3.7), with the same
  longest-then-nearest match, found through an index of 3-byte prefixes; it replaces the package's compressor
  for the build.
- **State beside the inputs.** The builder writes ``dir.bin``, ``project.bin``… into the current directory and
  appends (``"a+"``) a ``.new`` file beside each module source — so a second build would double every module.
  The build therefore runs in a child process whose working directory is a fresh temporary folder holding copies
  of the sources (``build_vba_project``), and nothing outside it is touched.

``python -m xlproduction.excel.vbaproject WORKDIR MODULE.bas…`` is that child; it needs ms-ovba and ms-cfb (the
``excel`` extra).
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import tempfile
import uuid
from collections.abc import Sequence
from pathlib import Path

CHUNK = 4096
PROJECT_ID = "{5A1E7C3B-2D4F-4B8A-9C61-7E0F3A2B9D14}"  # fixed: the same sources give the same project
# The workbook's and its one sheet's code names: they must match workbook.xml and sheet1.xml of the add-in.
WORKBOOK_CODENAME = "ThisWorkbook"
SHEET_CODENAME = "Sheet1"


def _chunk(chunk: bytes) -> bytes:
    """One compressed chunk (MS-OVBA 2.4.1.3.7): token sequences of a flag byte and 8 literal/copy tokens."""
    n = len(chunk)
    body = bytearray()
    index: dict[bytes, list[int]] = {}

    def seen(p: int) -> None:
        if p + 3 <= n:
            index.setdefault(chunk[p:p + 3], []).append(p)

    pos = 0
    while pos < n:
        flag_at = len(body)
        body.append(0)
        flags = 0
        for bit in range(8):
            if pos >= n:
                break
            best_len, best_cand = 0, -1
            bit_count = max((pos - 1).bit_length(), 4)
            max_len = (0xFFFF >> bit_count) + 3
            if pos > 0 and n - pos >= 3:
                # Longest match among earlier positions of the chunk, the nearest on a tie (the spec scans from
                # the nearest candidate and keeps strictly longer matches). A match that already reaches the
                # longest a token can hold ends the search: farther ones could not encode more.
                enough = min(n - pos, max_len)
                for cand in reversed(index.get(chunk[pos:pos + 3], ())):
                    length = 3
                    while pos + length < n and chunk[cand + length] == chunk[pos + length]:
                        length += 1
                    if length > best_len:
                        best_len, best_cand = length, cand
                        if best_len >= enough:
                            break
            if best_len >= 3:
                length = min(best_len, max_len)
                offset = pos - best_cand
                token = ((offset - 1) << (16 - bit_count)) | (length - 3)
                body += token.to_bytes(2, "little")
                flags |= 1 << bit
                for p in range(pos, pos + length):
                    seen(p)
                pos += length
            else:
                body.append(chunk[pos])
                seen(pos)
                pos += 1
        body[flag_at] = flags
    if len(body) > CHUNK:  # incompressible: a raw chunk is always 4096 bytes
        return (0x3000 | (CHUNK - 1)).to_bytes(2, "little") + chunk.ljust(CHUNK, b"\x00")
    return (0xB000 | (len(body) + 2 - 3)).to_bytes(2, "little") + bytes(body)


def compress(data: bytes) -> bytes:
    """A compressed container (MS-OVBA 2.4.1.3.6): signature byte 1, then one chunk per 4096 bytes."""
    return b"\x01" + b"".join(_chunk(data[i:i + CHUNK]) for i in range(0, len(data), CHUNK))


def _patch_compressor() -> None:
    from ms_ovba_compression import ms_ovba

    def fixed(self: object, data: bytes) -> bytes:
        return compress(data)

    ms_ovba.MsOvba.compress = fixed  # type: ignore[method-assign]  # this child process only


def _build(workdir: Path, modules: Sequence[Path]) -> Path:
    """Write ``vbaProject.bin`` in ``workdir`` (the current directory) from the module sources."""
    import ms_ovba
    from ms_ovba.Models.Entities.doc_module import DocModule
    from ms_ovba.Models.Entities.reference import Reference
    from ms_ovba.Models.Entities.reference_registered import ReferenceRegistered
    from ms_ovba.Models.Entities.std_module import StdModule
    from ms_ovba.Models.Fields.libid_reference import LibidReference
    from ms_ovba.vbaProject import VbaProject
    from ms_ovba.Views.project_ole_file import ProjectOleFile

    _patch_compressor()
    blank = Path(ms_ovba.__file__).parent / "blank_files"
    project = VbaProject()
    project.project_id = PROJECT_ID
    for codename, guid in ((SHEET_CODENAME, "0002082000000000C000000000000046"),
                           (WORKBOOK_CODENAME, "0002081900000000C000000000000046")):  # fmt: skip
        src = workdir / f"{codename}.cls"
        text = (blank / f"{'Sheet1' if codename == SHEET_CODENAME else 'ThisWorkbook'}.cls").read_text()
        src.write_text(text.replace('"Sheet1"', f'"{codename}"'))
        doc = DocModule(codename)
        doc.add_file(str(src))
        doc.add_guid(uuid.UUID(guid))
        doc.normalize_file()
        project.add_module(doc)
    for path in modules:
        code = StdModule(path.stem)
        code.add_file(str(path))
        code.normalize_file()
        project.add_module(code)
    # stdole and the Office library (IRibbonControl): registered type libraries, found by GUID on the user's PC.
    stdole = LibidReference(uuid.UUID("0002043000000000C000000000000046"), "2.0", "0",
                            "C:\\Windows\\System32\\stdole2.tlb", "OLE Automation")  # fmt: skip
    office = LibidReference(uuid.UUID("2DF8D04C5BFA101BBDE500AA0044DE52"), "2.0", "0",
                            r"C:\Program Files\Common Files\Microsoft Shared\OFFICE16\MSO.DLL",
                            "Microsoft Office 16.0 Object Library")  # fmt: skip
    project.add_reference(Reference(ReferenceRegistered(stdole), "stdole"))
    project.add_reference(Reference(ReferenceRegistered(office), "Office"))
    ProjectOleFile.write_file(project)
    return workdir / "vbaProject.bin"


class VbaBuildError(RuntimeError):
    """The VBA project could not be built; the message says why."""


def build_vba_project(modules: Sequence[Path], timeout: float = 120.0) -> bytes:
    """The bytes of a ``vbaProject.bin`` holding ``modules`` (standard modules, named by file stem), built in a
    child process inside a temporary folder."""
    with tempfile.TemporaryDirectory(prefix="xlproduction-vba-") as tmp:
        work = Path(tmp)
        copies = []
        for m in modules:
            dest = work / Path(m).name
            shutil.copyfile(m, dest)
            copies.append(dest)
        cmd = [sys.executable, "-m", "xlproduction.excel.vbaproject", str(work), *map(str, copies)]
        # The child imports this very xlproduction (a checkout run without installing, or a stale editable install,
        # would otherwise find another one, or none).
        here = str(Path(__file__).resolve().parents[2])
        env = {**os.environ, "PYTHONPATH": os.pathsep.join(filter(None, (here, os.environ.get("PYTHONPATH"))))}
        proc = subprocess.run(cmd, cwd=work, capture_output=True, text=True, timeout=timeout, check=False, env=env)
        out = work / "vbaProject.bin"
        if proc.returncode != 0 or not out.is_file():
            detail = (proc.stderr or proc.stdout).strip().splitlines()[-3:]
            raise VbaBuildError("Building vbaProject.bin failed: " + " / ".join(detail) + (
                "" if "No module named 'ms_" not in proc.stderr else
                " — install the build tools: pip install 'xlproduction[excel]'"))  # fmt: skip
        return out.read_bytes()


if __name__ == "__main__":  # the child process of build_vba_project
    _build(Path(sys.argv[1]), [Path(a) for a in sys.argv[2:]])

"""From a file to a ``Script``: recognise what the file is before parsing anything, and refuse what is not a script.

Coordinators are sent scripts as PDFs and Word documents far more often than as Fountain or Final Draft files, so
the first job is to say, without a traceback, what to ask the writer for instead. The format is decided from the
file's first bytes, not its name: a ``.fdx`` renamed ``.txt`` still reads, and a PDF renamed ``.fountain`` is still
refused. Text is decoded as UTF-8 (byte-order mark or not), else as Windows-1252, which is what older Windows
editors saved Fountain in.
"""

from __future__ import annotations

import zipfile
from io import BytesIO
from pathlib import Path

from .model import Script
from .problems import ScriptUnreadable

# A 120-page feature is ~200 KB of Fountain and ~1 MB of FDX; a file a hundred times larger is not a script and
# would only make the parser work for nothing.
MAX_BYTES = 64 * 1024 * 1024

EXPORT_HINT = ("Export the script from your screenwriting app as Final Draft (.fdx) or Fountain (.fountain): "
               "Final Draft: File → Save As → Final Draft Document (.fdx); Fade In, WriterDuet, Highland, Arc Studio "
               "and Celtx: Export → Final Draft or Fountain.")  # fmt: skip


def read_script(path: str | Path) -> Script:
    """Read a Fountain or Final Draft file; ``ScriptUnreadable`` (with what to do) for anything else."""
    path = Path(path)
    try:
        size = path.stat().st_size
    except FileNotFoundError:
        raise ScriptUnreadable(f"{path}: no such file. Check the path and the file name.") from None
    if path.is_dir():
        raise ScriptUnreadable(f"{path} is a folder, not a script file.")
    if size > MAX_BYTES:
        raise ScriptUnreadable(f"{path.name} is {size // (1024 * 1024)} MB: far larger than any screenplay. "
                               + EXPORT_HINT)  # fmt: skip
    return parse_script(path.read_bytes(), path.name)


def parse_script(data: bytes, name: str = "script") -> Script:
    """Read a script from its bytes; ``name`` is what findings and messages call the file."""
    kind = sniff(data, name)
    if kind == "fdx":
        from .fdx import parse_fdx

        return parse_fdx(data, name)
    from .fountain import parse_fountain

    text, encoding = decode(data, name)
    return parse_fountain(text, name, encoding=encoding)


def sniff(data: bytes, name: str) -> str:
    """'fdx' or 'fountain', or ``ScriptUnreadable`` naming what the file is and what to export instead."""
    head = data[:4096]
    if head.startswith(b"%PDF"):
        raise ScriptUnreadable(f"{name} is a PDF. A PDF holds the printed pages, not the scenes and characters a "
                               "breakdown needs. " + EXPORT_HINT)  # fmt: skip
    if head.startswith(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"):
        raise ScriptUnreadable(f"{name} is an old Microsoft Office file (Word 97–2003 .doc or similar). "
                               + EXPORT_HINT + " From Word: File → Save As → Plain Text (.txt), then check that "
                               "each scene heading stands alone between blank lines.")  # fmt: skip
    if head.startswith(b"PK\x03\x04"):
        raise ScriptUnreadable(_zip_message(data, name))
    if head.lstrip().startswith(b"{\\rtf"):
        raise ScriptUnreadable(f"{name} is a Rich Text (.rtf) document. " + EXPORT_HINT)
    stripped = _strip_bom(head).lstrip()
    if stripped.startswith(b"<"):
        if b"<FinalDraft" in data[:65536]:
            return "fdx"
        if b"<html" in stripped[:512].lower() or b"<!doctype html" in stripped[:512].lower():
            raise ScriptUnreadable(f"{name} is a web page (HTML), not a script. " + EXPORT_HINT)
        raise ScriptUnreadable(f"{name} is an XML file but not a Final Draft script (no <FinalDraft> root). "
                               + EXPORT_HINT)  # fmt: skip
    if not (head.startswith((b"\xff\xfe", b"\xfe\xff"))) and b"\x00" in head:
        raise ScriptUnreadable(f"{name} is a binary file, not a screenplay. " + EXPORT_HINT)
    return "fountain"


def _zip_message(data: bytes, name: str) -> str:
    try:
        names = set(zipfile.ZipFile(BytesIO(data)).namelist())
    except (zipfile.BadZipFile, ValueError, OSError):
        names = set()
    if "word/document.xml" in names:
        what = "a Word document (.docx)"
        extra = (" From Word: File → Save As → Plain Text (.txt), then check that each scene heading stands alone "
                 "between blank lines.")  # fmt: skip
    elif "xl/workbook.xml" in names:
        return (f"{name} is an Excel workbook, not a script. Give the script first and the workbook second: "
                "xlproduction script import SCRIPT WORKBOOK.")  # fmt: skip
    elif any(n.endswith(".fdx") for n in names) or "document.xml" in names:
        what, extra = "a zipped screenplay package (Fade In, Celtx or similar)", ""
    else:
        what, extra = "a zip archive", ""
    return f"{name} is {what}, not a screenplay xlproduction reads. " + EXPORT_HINT + extra


def _strip_bom(b: bytes) -> bytes:
    return b[3:] if b.startswith(b"\xef\xbb\xbf") else b


def decode(data: bytes, name: str) -> tuple[str, str]:
    """The text of a Fountain file and the encoding it was read in."""
    if data.startswith(b"\xef\xbb\xbf"):
        return data[3:].decode("utf-8", errors="replace"), "utf-8-sig"
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        try:
            return data.decode("utf-16"), "utf-16"
        except UnicodeDecodeError:
            raise ScriptUnreadable(f"{name} says it is UTF-16 text but is not. " + EXPORT_HINT) from None
    try:
        return data.decode("utf-8"), "utf-8"
    except UnicodeDecodeError:
        pass
    # Windows-1252 leaves five bytes undefined; a Fountain file holding them is Latin-1 at worst.
    try:
        return data.decode("cp1252"), "cp1252"
    except UnicodeDecodeError:
        return data.decode("latin-1"), "latin-1"

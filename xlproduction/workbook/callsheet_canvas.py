"""Call sheets drawn into a workbook *file*: the file engine's side of the call-sheet job.

The job (``jobs/callsheets.py``) decides what each day's sheet says and fills it into the template's grid; this
canvas supplies what only a file can: the coordinator's "Call Sheet Template" tab read by openpyxl from the
package (only that tab is extracted, never the whole workbook), the revision numbers stored in tabs drawn before
(read with python-calamine), and at the end every tab drawn in one small workbook and grafted into the user's
file at the package level (``package.py``: every other part kept byte for byte; atomic, with a backup for
in-place writes). A regenerated tab is replaced where it stands; a new one goes after the last call sheet. PDFs
print each tab alone from a one-tab workbook through headless LibreOffice, several at a time.
"""

from __future__ import annotations

import io
import re
import tempfile
import time
import zipfile
from collections.abc import Iterable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from openpyxl import Workbook, load_workbook

from ..callsheet.fill import FilledSheet
from ..model.contract import CALLSHEET_REVISION_LABEL, CALLSHEET_TAB_PREFIX, CALLSHEET_TEMPLATE_SHEET
from .callsheet_template import write_callsheet_template
from .callsheet_xlsx import render_callsheet, template_grid
from .package import Tab, extract_sheets, graft_tabs, list_sheets


def read_revisions(path: str | Path, tabs: Iterable[str]) -> dict[str, int]:
    """Revision numbers stored in existing call-sheet tabs (read with python-calamine; tabs absent are left out)."""
    wanted = set(tabs)
    try:
        import python_calamine  # noqa: F401
    except ImportError:  # pragma: no cover - Lite reads through xlwings
        return {}
    from .reader import open_calamine

    wb, _ = open_calamine(path, load_tables=False)  # passes over sheets calamine cannot open (macro sheets)
    out: dict[str, int] = {}
    for name in wb.sheet_names:
        if name not in wanted:
            continue
        for row in wb.get_sheet_by_name(name).to_python():
            if CALLSHEET_REVISION_LABEL not in row:
                continue
            i = row.index(CALLSHEET_REVISION_LABEL)
            try:
                out[name] = int(float(row[i + 1]))
            except (IndexError, TypeError, ValueError):
                out[name] = 0
            break
    return out


def insert_index(sheetnames: Sequence[str], hidden: Sequence[bool]) -> int:
    """Where a new call sheet goes: after the last call sheet, else after the template, else last (before a
    trailing hidden sheet such as the dropdown lists)."""
    prefix = f"{CALLSHEET_TAB_PREFIX} D"
    cs = [i for i, n in enumerate(sheetnames) if n.startswith(prefix)]
    if cs:
        return cs[-1] + 1
    if CALLSHEET_TEMPLATE_SHEET in sheetnames:
        return sheetnames.index(CALLSHEET_TEMPLATE_SHEET) + 1
    n = len(sheetnames)
    while n > 0 and hidden[n - 1]:
        n -= 1
    return n


def _has_pictures(path: Path) -> bool:
    try:
        with zipfile.ZipFile(path) as z:
            return any(n.startswith("xl/media/") for n in z.namelist())
    except (zipfile.BadZipFile, OSError):
        return False


def _check_pictures(path: Path) -> None:
    # Without Pillow openpyxl silently drops every picture of a workbook it rewrites (the show's logo included).
    from openpyxl.drawing.image import PILImage

    if not PILImage and _has_pictures(path):
        raise RuntimeError(f"{path.name} contains pictures, which would be lost without the Pillow package: "
                           "pip install pillow, then retry.")  # fmt: skip


def pdf_file_name(tab: str) -> str:
    return re.sub(r"[^A-Za-z0-9._-]+", "_", tab).strip("_") + ".pdf"


@dataclass
class FileCanvas:
    """Call sheets drawn with openpyxl in a donor workbook holding the template tab, grafted at the end."""

    source: Path
    target: Path
    backups: int = 3
    _wb: Any = None
    _template: Any = None
    _sheets: list[Any] = field(default_factory=list)
    _drawn: list[tuple[str, FilledSheet, str | None, tuple[int, str] | None, list[str]]] = field(default_factory=list)
    pdfs: dict[str, Path] = field(default_factory=dict)
    written: Path | None = None
    seconds: dict[str, float] = field(default_factory=dict)  # "save" (the graft) and "pdf"

    def template_grid(self, paper: str | None) -> list[list[Any]]:
        """The template's layout grid (the workbook's own tab; the default layout for this run when it has
        none — xlproduction writes generated tabs into a user's workbook, nothing else)."""
        _check_pictures(self.source)
        self._sheets = list_sheets(self.source)
        has_template = CALLSHEET_TEMPLATE_SHEET in [s.name for s in self._sheets]
        self._wb = (load_workbook(io.BytesIO(extract_sheets(self.source, [CALLSHEET_TEMPLATE_SHEET])))
                    if has_template else Workbook())  # fmt: skip
        self._template = (self._wb[CALLSHEET_TEMPLATE_SHEET] if has_template
                          else write_callsheet_template(self._wb, paper=paper))  # fmt: skip
        return template_grid(self._template)

    def revisions(self, tabs: Iterable[str]) -> dict[str, int]:
        return read_revisions(self.source, tabs)

    def draw(self, tab: str, plan: FilledSheet, *, paper: str | None, revision: tuple[int, str] | None,
             notes: list[str]) -> None:  # fmt: skip
        render_callsheet(self._wb, self._template, plan, tab, paper=paper, revision=revision, notes=notes)
        self._drawn.append((tab, plan, paper, revision, notes))

    def commit(self, pdf_dir: Path | None) -> None:
        """Graft the drawn tabs into the target (each where it stands, new ones after the last call sheet), then
        print the PDFs."""
        order = [s.name for s in self._sheets]
        hidden = [s.state != "visible" for s in self._sheets]
        places: list[Tab] = []
        for tab, *_ in self._drawn:
            if tab in order:
                places.append(Tab(tab))
            else:
                index = insert_index(order, hidden)
                order.insert(index, tab)
                hidden.insert(index, False)
                places.append(Tab(tab, index))
        # PDFs are printed from one-tab workbooks made before the template is removed (it is their style source).
        pdf_books: list[tuple[str, Workbook]] = []
        if pdf_dir is not None:
            for tab, plan, paper, _, _ in self._drawn:
                one = Workbook()
                default = one.active
                render_callsheet(one, self._template, plan, tab, paper=paper)
                one.remove(default)
                pdf_books.append((tab, one))
        self._wb.remove(self._template)  # the donor carries the call sheets only
        t = time.perf_counter()
        donor = io.BytesIO()
        self._wb.save(donor)
        self.written = graft_tabs(self.source, self.target, donor.getvalue(), places, backups=self.backups)
        self.seconds["save"] = time.perf_counter() - t
        if pdf_books:
            t = time.perf_counter()
            self.pdfs = _print_pdfs(pdf_books, Path(pdf_dir))  # type: ignore[arg-type]
            self.seconds["pdf"] = time.perf_counter() - t


def _print_pdfs(books: Sequence[tuple[str, Any]], out_dir: Path) -> dict[str, Path]:
    from .libreoffice import to_pdf_many

    with tempfile.TemporaryDirectory(prefix="xlproduction-cs-") as tmp:
        sources: list[tuple[str, Path]] = []
        for tab, wb in books:
            xlsx = Path(tmp, pdf_file_name(tab)[: -len(".pdf")] + ".xlsx")
            wb.save(xlsx)
            sources.append((tab, xlsx))
        made = to_pdf_many([x for _, x in sources], out_dir)
    return {tab: pdf for (tab, _), pdf in zip(sources, made, strict=True)}


@contextmanager
def file_canvas(source: Path, target: Path, *, backups: int, pdf_dir: Path | None) -> Iterator[FileCanvas]:
    """A canvas whose tabs are grafted (and PDFs printed) when the block ends without error."""
    if pdf_dir is not None:
        from .libreoffice import find_soffice

        find_soffice()  # fail before writing anything
    canvas = FileCanvas(source, target, backups)
    yield canvas
    canvas.commit(pdf_dir)

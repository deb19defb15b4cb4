"""The workbook open in Excel as a job's source: the live engine behind every ribbon button and Lite script.

Reads every table once through the xlwings API (into the same builder the file reader uses), and writes tabs under
temporary names swapped in when the whole job has succeeded, so a failure never leaves a half-written tab. It
implements the protocol of ``jobs/source.py`` structurally; what only a live workbook has (the selection, the
folder the workbook was saved in, the calls made) is answered here.
"""

from __future__ import annotations

from collections.abc import Collection, Iterator, Sequence
from contextlib import AbstractContextManager, contextmanager, nullcontext
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from ..model.contract import CALLSHEET_TAB_PREFIX, COST_REPORT_SHEET, DAYS, DOOD_SHEET, SCHEDULE
from ..model.production import ROW, Production
from ..model.sheetspec import SheetSpec, WrittenTabs
from .book import CallCount, ExcelProblem, is_web, read_production
from .live_tabs import cost_tab, dood_tab
from .render import Staging, render_spec, staging


def _cell_row(rng: Any) -> tuple[str, int] | None:
    try:
        return str(rng.sheet.name), int(rng.row)
    except Exception:  # a shape or chart is selected
        return None


def _live(spec: SheetSpec) -> Any:
    """The tabs whose look follows their data cell by cell, made constant-cost for a live workbook."""
    if spec.name == DOOD_SHEET:
        return dood_tab(spec)
    if spec.name == COST_REPORT_SHEET:
        return cost_tab(spec)
    return spec


@dataclass
class LiveWorkbook:
    """An ``xw.Book``; ``calls`` counts the xlwings calls made (tests and bench assert they stay constant)."""

    book: Any
    calls: CallCount = field(default_factory=CallCount)

    @property
    def name(self) -> str:
        return str(self.book.name)

    def step(self, text: str) -> AbstractContextManager[None]:
        return nullcontext()  # Excel shows its own busy cursor

    def read(self, tables: Collection[str] | None = None, *, also_sheets: Collection[str] = ()) -> Production:
        # Every table, whatever the job needs: one read per table, and the call counts stay those of every button.
        return read_production(self.book, self.calls)

    def write_tabs(self, tabs: Sequence[SheetSpec]) -> WrittenTabs:
        with staging(self.book, self.calls) as st:
            for spec in tabs:
                render_spec(st.new_tab(spec.name), _live(spec), self.calls)
        return WrittenTabs(tuple(s.name for s in tabs))

    def write_tables(self, updates: Sequence[Any]) -> WrittenTabs:
        try:  # the live side of the table-update engine
            from .table_write import write_tables
        except ImportError:
            raise ExcelProblem("This version of xlproduction cannot write rows into the open workbook's tables yet. "
                               "Nothing was written. Use the command line on the saved workbook instead.") from None
        write_tables(self.book, updates, self.calls)
        return WrittenTabs()

    def read_file(self, path: str | Path, what: str, command: str) -> bytes:
        """A file the user picked on this computer (an import's input); xlwings Lite cannot read one."""
        if is_web(self.book):
            raise ExcelProblem(f"xlwings Lite cannot read files from this computer, so it cannot import the {what}. "
                               f"Use the desktop add-in, or the command line: {command}")  # fmt: skip
        return Path(path).read_bytes()

    def file_beside(self, suffix: str, what: str, command: str) -> Path:
        if is_web(self.book):
            raise ExcelProblem(f"xlwings Lite cannot save files next to the workbook, so it cannot make the {what}. "
                               f"Use the desktop add-in, or the command line: {command}")  # fmt: skip
        full = Path(str(self.book.fullname))
        if not full.is_absolute() or not full.parent.is_dir():
            raise ExcelProblem(f"The {what} is saved as a file next to the workbook, and this workbook has no folder "
                               f"on this computer (never saved, or on the web). Save it to a folder first, or use "
                               f"the command line: {command}")  # fmt: skip
        return full.with_name(f"{full.stem}{suffix}")

    def selected_day(self, p: Production) -> int | None:
        """The shoot day of the selected row when it is a row of the Days or Schedule table, else None."""
        try:
            sel = self.book.selection
        except Exception:  # no window (web engines without a selection): no selected day
            return None
        where = _cell_row(sel) if sel is not None else None
        if where is None:
            return None
        sheet, row = where
        for spec in (DAYS, SCHEDULE):
            t = p.table(spec.name)
            if t.sheet is None or t.sheet.casefold() != sheet.casefold():
                continue
            hit = t.df.loc[t.df[ROW] == row, "day"].dropna()
            if not hit.empty:
                return int(hit.iloc[0])
        return None

    @contextmanager
    def callsheets(self, pdf_dir: Path | None = None) -> Iterator[LiveCanvas]:
        if pdf_dir is not None:
            raise ExcelProblem("Call sheet PDFs are printed from the command line: xlproduction callsheet "
                               "WORKBOOK.xlsx --day N --pdf")  # fmt: skip
        with staging(self.book, self.calls) as st:
            canvas = LiveCanvas(st, self.calls)
            yield canvas
            canvas.finish()


@dataclass
class LiveCanvas:
    """Call sheets drawn in the open workbook by copying template rows (``callsheet_render``), inside a staging
    block: they replace their namesakes when the job succeeds."""

    staging: Staging
    calls: CallCount
    pdfs: dict[str, Path] = field(default_factory=dict)
    written: Path | None = None
    seconds: dict[str, float] = field(default_factory=dict)
    _template: Any = None
    _default: Any = None
    _anchor: Any = None
    _pending: list[tuple[str, Any, str | None, tuple[int, str] | None, list[str]]] = field(default_factory=list)

    def template_grid(self, paper: str | None) -> list[list[Any]]:
        from .callsheet_render import default_template_ws, read_template, template_layout

        self._template = read_template(self.staging, self.calls)
        if self._template is not None:
            return self._template.grid
        self._default = default_template_ws(paper)
        return template_layout(self._default)

    def revisions(self, tabs: Any) -> dict[str, int]:
        from .callsheet_render import read_revision

        out: dict[str, int] = {}
        for tab in tabs:
            previous = read_revision(self.staging, tab, self.calls)
            if previous is not None:
                out[tab] = previous
        return out

    def draw(self, tab: str, plan: Any, *, paper: str | None, revision: tuple[int, str] | None,
             notes: list[str]) -> None:  # fmt: skip
        # Everything is read first (the job asks every revision before drawing); drawing waits for the last day, so
        # no write happens while a later day could still block the run.
        self._pending.append((tab, plan, paper, revision, notes))

    def _first_anchor(self) -> Any | None:
        """Where a new call-sheet tab goes: after the last call sheet, else after the template, else last."""
        prefix = f"{CALLSHEET_TAB_PREFIX} D".casefold()
        names = [n for n in self.staging.names if n.casefold().startswith(prefix)]
        if names:
            return self.staging.find(names[-1])
        return self._template.sheet if self._template is not None else None

    def finish(self) -> None:
        from .callsheet_render import draw_default_template, render_callsheet

        anchor = self._first_anchor()
        # The default layout (for this run only) when the workbook has no template tab, then the tabs.
        template = self._template or draw_default_template(self.staging, self._default, self.calls)
        for tab, plan, paper, revision, notes in self._pending:
            anchor = render_callsheet(self.staging, template, plan, tab, self.calls, after=anchor, paper=paper,
                                      revision=revision, notes=notes)  # fmt: skip

"""One function per ribbon button (and xlwings Lite script): the jobs of the CLI, run on the open workbook.

Each entry point takes an optional ``xw.Book`` (default: the workbook the button was clicked in) and follows the
same order: read every table once (``book.read_production``), compute with the engine-neutral core, then write
the generated tabs — all under temporary names swapped in at the end, so a failure never leaves a half-written
tab. A coordinator never sees a traceback: a problem they can fix is shown as an Excel alert saying how, and an
unexpected error as one line to report. Each returns a ``ButtonResult`` (what was written, the alert, and the
xlwings calls made) for tests and for the Lite scripts.

Called from the ribbon add-in through the xlwings add-in's ``RunPython``, ``xw.Book.caller()`` is the add-in
itself (``xlproduction.xlam``, or ``xlwings.xlam``): the workbook to work on is then the active one.
"""

from __future__ import annotations

import datetime as dt
import importlib
import sys
from collections.abc import Callable
from dataclasses import dataclass, field
from functools import wraps
from pathlib import Path
from typing import Any

from ..model.contract import CALLSHEET_TAB_PREFIX, DAYS, SCHEDULE
from ..model.findings import Finding
from ..model.production import ROW, Production
from .book import CallCount, is_web, read_production
from .live_tabs import LiveTab, cost_tab, dood_tab
from .render import Staging, render_spec, staging

TITLE = "xlproduction"
MAX_ALERT = 900  # characters: Windows message boxes cut longer text
MAX_LISTED = 6  # problems listed in one alert


class ButtonError(Exception):
    """A problem the coordinator can fix; the message says what to do. Nothing was written."""


@dataclass
class ButtonResult:
    button: str
    ok: bool = True
    message: str = ""  # the alert shown, if any
    tabs: list[str] = field(default_factory=list)  # tabs written
    files: list[str] = field(default_factory=list)  # files saved
    calls: CallCount = field(default_factory=CallCount)


def resolve_book(book: Any | None = None) -> Any:
    """The workbook to work on: ``book``, else the caller — or the active workbook when the caller is an add-in."""
    if book is not None:
        return book
    import xlwings as xw

    caller = xw.Book.caller()
    if str(caller.name).casefold().endswith((".xlam", ".xla")):
        return caller.app.books.active
    return caller


def alert(book: Any, message: str, *, error: bool = False) -> str:
    text = message if len(message) <= MAX_ALERT else message[: MAX_ALERT - 1] + "…"
    try:
        book.app.alert(text, title=TITLE, mode="critical" if error else "info")
    except Exception:  # an engine without alerts (or Excel busy): the console of RunPython still shows it
        print(f"{TITLE}: {text}", file=sys.stderr)
    return text


def _describe(findings: list[Finding]) -> str:
    lines = []
    for f in findings[:MAX_LISTED]:
        where = f" ({f.location})" if f.location else ""
        fix = f" Fix: {f.hint}" if f.hint else ""
        lines.append(f"• {f.code} {f.message}{where}{fix}")
    if len(findings) > MAX_LISTED:
        lines.append(f"… and {len(findings) - MAX_LISTED} more: click Check for the full list.")
    return "\n".join(lines)


def button(name: str) -> Callable[[Callable[..., None]], Callable[..., ButtonResult]]:
    """Run the job with the workbook, turn every failure into an alert, and return what happened."""

    def wrap(job: Callable[..., None]) -> Callable[..., ButtonResult]:
        @wraps(job)
        def run(book: Any | None = None, **kwargs: Any) -> ButtonResult:
            result = ButtonResult(name)
            try:
                book = resolve_book(book)
            except Exception as e:  # not called from Excel: nowhere to show an alert
                result.ok, result.message = False, f"{name}: no workbook to work on ({e})."
                print(f"{TITLE}: {result.message}", file=sys.stderr)
                return result
            from ..workbook.reader import WorkbookUnreadable

            try:
                job(book, result, **kwargs)
            except ButtonError as e:
                message = f"{name}: {e}"
            except WorkbookUnreadable as e:
                message = f"{name}: the workbook could not be read. {e}"
            except PermissionError as e:
                message = (f"{name}: cannot write {e.filename or 'the file'}: it is open elsewhere or read-only. "
                           "Close it and click again.")  # fmt: skip
            except Exception as e:  # the last line of defence: one line to report, never a traceback
                message = (f"{name} failed: {type(e).__name__}: {e}. Nothing was written. Please report this "
                           "message to the xlproduction developers.")  # fmt: skip
            else:
                if result.message:
                    result.message = alert(book, result.message)
                return result
            result.ok = False
            result.tabs, result.files = [], []
            result.message = alert(book, message, error=True)
            return result

        return run

    return wrap


def _import(module: str, attr: str, what: str) -> Any:
    """A report builder of the core, or a ButtonError when this version of xlproduction lacks it."""
    try:
        return getattr(importlib.import_module(f"xlproduction.{module}"), attr)
    except (ImportError, AttributeError):
        raise ButtonError(f"{what} is not available in this version of xlproduction. Update it (pip install -U "
                          "xlproduction) and restart Excel.") from None  # fmt: skip


def _write(book: Any, result: ButtonResult, tabs: list[Any]) -> None:
    """Write the tabs (``SheetSpec``s, or ``LiveTab``s whose formats follow the data), all or nothing."""
    specs = [t.spec if isinstance(t, LiveTab) else t for t in tabs]
    with staging(book, result.calls) as st:
        for spec, tab in zip(specs, tabs, strict=True):
            render_spec(st.new_tab(spec.name), tab, result.calls)
    result.tabs = [s.name for s in specs]


# --- Check --------------------------------------------------------------------------------------------------------


@button("Check")
def check(book: Any, result: ButtonResult) -> None:
    """Cross-validate the workbook and write the Issues tab (errors first, each linked to its cell)."""
    from ..checks import run_checks
    from ..reports.issues import issues_sheet

    p = read_production(book, result.calls)
    findings = run_checks(p)
    _write(book, result, [issues_sheet(findings, p)])


# --- Call sheets --------------------------------------------------------------------------------------------------


def _cell_row(rng: Any) -> tuple[str, int] | None:
    try:
        return str(rng.sheet.name), int(rng.row)
    except Exception:  # a shape or chart is selected
        return None


def selected_day(book: Any, p: Production) -> int | None:
    """The shoot day of the selected row when it is a row of the Days or Schedule table, else None."""
    try:
        sel = book.selection
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


def next_day(p: Production) -> int:
    """The first shoot day on or after the Status Date (else today)."""
    d = p.days.dropna(subset=["day", "date"]).sort_values(["date", "day"])
    upcoming = d[d["date"] >= dt.datetime.combine(p.today, dt.time())]
    if upcoming.empty:
        when = f"{p.today:%a %d-%b-%Y}"
        raise ButtonError(f"No shoot day on or after {when} (Settings → Status Date, else today). Select a row of "
                          "the Days or Schedule table to choose the day.")  # fmt: skip
    return int(upcoming["day"].iloc[0])


def _callsheet_anchor(st: Staging, template: Any | None) -> Any | None:
    """Where a new call-sheet tab goes: after the last call sheet, else after the template, else last."""
    prefix = f"{CALLSHEET_TAB_PREFIX} D".casefold()
    names = [n for n in st.names if n.casefold().startswith(prefix)]
    if names:
        return st.find(names[-1])
    return template.sheet if template is not None else None


def _callsheets(book: Any, result: ButtonResult, days: list[int] | str | None, audience: str) -> None:
    from ..callsheet.fill import callsheet_values, fill
    from ..callsheet.model import Audience, build_callsheet, prepare
    from ..callsheet.readiness import readiness
    from ..checks import run_checks
    from ..jobs.callsheets import resolve_days, tab_name
    from .callsheet_render import (
        default_template_ws,
        draw_default_template,
        read_revision,
        read_template,
        render_callsheet,
        template_layout,
    )

    calls = result.calls
    aud = Audience(str(audience).lower())
    with staging(book, calls) as st:
        # Read everything first: the tables, the template, the revisions of the tabs to replace.
        p = read_production(book, calls)
        if days is None:
            wanted = [selected_day(book, p) or next_day(p)]
        else:
            try:
                wanted = resolve_days(p, days)
            except ValueError as e:
                raise ButtonError(str(e)) from None
        if not wanted:
            raise ButtonError("The Days table has no shoot day with a date: add the shoot days first.")
        template = read_template(st, calls)
        findings = run_checks(p)
        inputs = prepare(p)
        stamp = dt.datetime.now()
        planned = []
        blocked: dict[int, list[Finding]] = {}
        for n in wanted:
            cs = build_callsheet(p, n, aud, generated=stamp, inputs=inputs)
            tab = tab_name(n, cs.date, aud)
            previous = read_revision(st, tab, calls)
            cs = cs.with_revision(previous + 1 if previous is not None else 0)
            planned.append((cs, tab))
        default = default_template_ws(p.settings.paper_size) if template is None else None
        grid = template.grid if template is not None else template_layout(default)
        fills = []
        for cs, tab in planned:
            plan = fill(grid, values=callsheet_values(cs))
            errors, warns = readiness(findings, p, cs, plan.unknown)
            if errors:
                blocked[cs.day] = errors
            fills.append((cs, tab, plan, warns))
        if blocked:
            n = sum(len(v) for v in blocked.values())
            days_txt = ", ".join(str(d) for d in sorted(blocked))
            raise ButtonError(f"{n} error(s) block the call sheet of day {days_txt}; nothing was written.\n"
                              + _describe([f for v in blocked.values() for f in v]))  # fmt: skip
        # Now write: the default layout (for this run only) when the workbook has no template tab, then the tabs.
        anchor = _callsheet_anchor(st, template)
        if template is None:
            template = draw_default_template(st, default, calls)
        for cs, tab, plan, warns in fills:
            notes = [f"{w.severity.value.upper()} {w.code}: {w.message}" + (f" ({w.location})" if w.location else "")
                     for w in warns]  # fmt: skip
            anchor = render_callsheet(st, template, plan, tab, calls, after=anchor, paper=p.settings.paper_size,
                                      revision=(cs.revision, cs.revision_colour), notes=notes)  # fmt: skip
            result.tabs.append(tab)


@button("Call sheet")
def callsheet(book: Any, result: ButtonResult, day: int | None = None, audience: str = "crew") -> None:
    """The call sheet of the day of the selected Days/Schedule row, else of the next shoot day."""
    _callsheets(book, result, None if day is None else [day], audience)


@button("Call sheets (all days)")
def callsheets_all(book: Any, result: ButtonResult, audience: str = "crew") -> None:
    """The call sheet of every shoot day with a date; nothing is written if any day has a blocking error."""
    _callsheets(book, result, "all", audience)


# --- Reports ------------------------------------------------------------------------------------------------------


@button("DOOD")
def dood(book: Any, result: ButtonResult) -> None:
    """The Day Out of Days tab: each performer's code on every date of the shoot, with totals."""
    dood_sheet = _import("reports.dood_tab", "dood_sheet", "The Day Out of Days")
    p = read_production(book, result.calls)
    # The code colours as conditional formats: a constant number of calls, and they follow the coordinator's edits.
    _write(book, result, [dood_tab(dood_sheet(p))])


@button("Cost report")
def cost_report(book: Any, result: ButtonResult) -> None:
    """The Cost Report tab: budget, actuals this period and to date, open POs, ETC, EFC and variance per account."""
    build = _import("reports.cost", "cost_report", "The cost report")
    sheet = _import("reports.cost", "cost_sheet", "The cost report")
    p = read_production(book, result.calls)
    _write(book, result, [cost_tab(sheet(build(p), p))])


@button("Crew list")
def crew_list(book: Any, result: ButtonResult) -> None:
    """The Crew List tab: crew by department in call-sheet order, with positions and contacts."""
    sheet = _import("reports.crew_list", "crew_sheet", "The crew list")
    p = read_production(book, result.calls)
    _write(book, result, [sheet(p)])


def beside_workbook(book: Any, suffix: str, what: str, command: str) -> Path:
    """``<workbook name><suffix>`` in the workbook's folder: where the files a button makes are saved."""
    if is_web(book):
        raise ButtonError(f"xlwings Lite cannot save files next to the workbook, so it cannot make the {what}. Use "
                          f"the desktop add-in, or the command line: {command}")  # fmt: skip
    full = Path(str(book.fullname))
    if not full.is_absolute() or not full.parent.is_dir():
        raise ButtonError(f"The {what} is saved as a file next to the workbook, and this workbook has no folder on "
                          f"this computer (never saved, or on the web). Save it to a folder first, or use the "
                          f"command line: {command}")  # fmt: skip
    return full.with_name(f"{full.stem}{suffix}")


@button("Calendar")
def calendar(book: Any, result: ButtonResult) -> None:
    """The shoot calendar as an .ics file (one event per shoot day) saved next to the workbook, for phones."""
    target = beside_workbook(book, " shoot calendar.ics", "shoot calendar",
                             "xlproduction calendar WORKBOOK.xlsx SCHEDULE.ics")  # fmt: skip
    shoot_calendar = _import("reports.calendar", "shoot_calendar", "The shoot calendar")
    to_ics = _import("reports.calendar", "to_ics", "The shoot calendar")
    from ..reports.errors import ReportInputError
    from ..workbook.safe_write import atomic_save

    p = read_production(book, result.calls)
    try:
        cal = shoot_calendar(p)
    except ReportInputError as e:
        raise ButtonError(str(e)) from None
    data = to_ics(cal)
    written = atomic_save(lambda tmp: Path(tmp).write_bytes(data), target)
    n = sum(1 for _ in cal.walk("VEVENT"))
    result.files = [str(written)]
    result.message = f"Shoot calendar saved ({n} shoot days): {written}. Open or send it to add it to a calendar."


@button("Finance pack")
def finance_pack(book: Any, result: ButtonResult) -> None:
    """A macro-free workbook for finance (top sheet, cost report, budget, actuals; no personal data) saved next to
    the workbook. Nothing is written into the open workbook."""
    command = "xlproduction finance-pack WORKBOOK.xlsx PACK.xlsx"
    target = beside_workbook(book, " finance pack.xlsx", "finance pack", command)
    build = _import("reports.finance_pack", "finance_pack", "The finance pack")
    from ..reports.errors import ReportInputError
    from ..workbook.render import write_new_workbook

    p = read_production(book, result.calls)
    try:
        pack = build(p)
    except ReportInputError as e:
        raise ButtonError(str(e)) from None
    written = write_new_workbook(target, pack.specs)
    result.files = [str(written)]
    result.message = f"Finance pack saved (no personal data): {written}"


# --- Import script -----------------------------------------------------------------------------------------------

SCRIPT_COMMAND = "xlproduction script import SCRIPT.fdx WORKBOOK.xlsx"


@button("Import script")
def import_script(book: Any, result: ButtonResult, path: str | None = None) -> None:
    """A Final Draft or Fountain script into the open workbook's Scenes, Cast and Settings: the desktop ribbon's
    button opens a file picker and passes the chosen file here. xlwings Lite cannot read files from the computer."""
    if is_web(book):
        raise ButtonError("xlwings Lite cannot read files from your computer, so it cannot import a script. Use "
                          f"the desktop add-in (Production → Import script), or the command line: {SCRIPT_COMMAND}")
    if not path:
        raise ButtonError("choose the script (Final Draft .fdx or Fountain .fountain) in the file picker the "
                          f"button opens. From the command line: {SCRIPT_COMMAND}")  # fmt: skip
    from ..interchange.script import ScriptUnreadable, breakdown, read_script
    from ..interchange.script.revise import revise
    from ..jobs.script_import import table_rows
    from ..model.contract import CAST, SCENES, SCHEDULE
    from ..model.findings import Severity

    p = read_production(book, result.calls)
    try:
        draft = breakdown(read_script(path), p.settings.get("paper_size"))
    except ScriptUnreadable as e:
        raise ButtonError(str(e)) from None
    errors = [f for f in draft.findings if f.severity is Severity.ERROR]
    if errors:
        raise ButtonError(f"the script has errors; nothing was written.\n{_describe(errors)}")
    scenes = table_rows(p.tables[SCENES.name]) if SCENES.name in p.tables else []
    cast = table_rows(p.tables[CAST.name]) if CAST.name in p.tables else []
    scheduled: dict[str, list[object]] = {}
    for row in table_rows(p.tables[SCHEDULE.name]) if SCHEDULE.name in p.tables else []:
        scheduled.setdefault(str(row.get("scene")), []).append(row.get("day"))
    revision = revise(scenes, cast, draft, scheduled=scheduled,
                      current_revision=p.settings.get("script_revision") if scenes else None)  # fmt: skip
    try:  # the live-workbook side of the table-update engine (issue "tables")
        write_tables = importlib.import_module("xlproduction.excel.table_write").write_tables
    except (ImportError, AttributeError):
        raise ButtonError(
            f"{Path(path).name} reads as {len(draft.scenes)} scenes and {len(draft.characters)} speaking characters "
            f"({revision.summary}), but writing into the open workbook's Scenes, Cast and Settings needs the "
            "table-update engine, which this version of xlproduction does not have yet. Nothing was written. "
            "Meanwhile the command line writes it into a new workbook: xlproduction script import SCRIPT NEW.xlsx"
        ) from None
    write_tables(book, {SCENES.name: revision.scenes, CAST.name: revision.cast}, revision.settings)
    changes = "\n".join(f"• {c.message}" for c in revision.changes[:MAX_LISTED])
    more = len(revision.changes) - MAX_LISTED
    result.message = (f"Script imported: {len(draft.scenes)} scenes; {revision.summary}.\n{changes}"
                      + (f"\n… and {more} more changes." if more > 0 else ""))  # fmt: skip


BUTTONS: dict[str, Callable[..., ButtonResult]] = {
    "check": check, "callsheet": callsheet, "callsheets_all": callsheets_all, "dood": dood,
    "cost_report": cost_report, "crew_list": crew_list, "finance_pack": finance_pack, "calendar": calendar,
    "import_script": import_script,
}  # fmt: skip

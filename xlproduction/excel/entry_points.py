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

import importlib
import sys
from collections.abc import Callable
from dataclasses import dataclass, field
from functools import wraps
from typing import Any

from ..model.findings import Finding
from . import source as _live
from .book import CallCount, ExcelProblem, is_web
from .source import LiveWorkbook

TITLE = "xlproduction"
MAX_ALERT = 900  # characters: Windows message boxes cut longer text
MAX_LISTED = 6  # problems listed in one alert

ButtonError = ExcelProblem  # a problem the coordinator can fix; the message says what to do. Nothing was written.


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


def _source(book: Any, result: ButtonResult) -> LiveWorkbook:
    return LiveWorkbook(book, result.calls)


def _job(module: str, attr: str, what: str) -> Any:
    """A job of the core, or a ButtonError when this version of xlproduction lacks it."""
    return _import(f"jobs.{module}", attr, what)


# --- Check --------------------------------------------------------------------------------------------------------


@button("Check")
def check(book: Any, result: ButtonResult) -> None:
    """Cross-validate the workbook and write the Issues tab (errors first, each linked to its cell)."""
    done = _job("check", "check", "The check")(_source(book, result), write=True)
    result.tabs = list(done.written.tabs)


# --- Call sheets --------------------------------------------------------------------------------------------------


def _callsheets(book: Any, result: ButtonResult, days: list[int] | str | None, audience: str) -> None:
    from ..callsheet.model import UnknownDay
    from ..jobs.callsheets import CallSheetNotReady, make_callsheets

    try:
        done = make_callsheets(_source(book, result), days, audience)
    except CallSheetNotReady as e:
        raise ButtonError(f"{e}\n" + _describe([f for v in e.errors.values() for f in v])) from None
    except UnknownDay as e:
        raise ButtonError(str(e)) from None
    result.tabs = done.tabs


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
    done = _job("dood", "dood_report", "The Day Out of Days")(_source(book, result))
    result.tabs = list(done.written.tabs)


@button("Cost report")
def cost_report(book: Any, result: ButtonResult) -> None:
    """The Cost Report tab: budget, actuals this period and to date, open POs, ETC, EFC and variance per account."""
    done = _job("cost_report", "cost_report_tab", "The cost report")(_source(book, result))
    result.tabs = list(done.written.tabs)


@button("Crew list")
def crew_list(book: Any, result: ButtonResult) -> None:
    """The Crew List tab: crew by department in call-sheet order, with positions and contacts."""
    done = _job("crew_list", "crew_list", "The crew list")(_source(book, result))
    result.tabs = list(done.written.tabs)


@button("Calendar")
def calendar(book: Any, result: ButtonResult) -> None:
    """The shoot calendar as an .ics file (one event per shoot day) saved next to the workbook, for phones."""
    from ..reports.errors import ReportInputError

    try:
        done = _job("calendar", "make_calendar", "The shoot calendar")(_source(book, result))
    except ReportInputError as e:
        raise ButtonError(str(e)) from None
    result.files = [str(done.path)]
    result.message = (f"Shoot calendar saved ({done.events} shoot days): {done.path}. Open or send it to add it to "
                      "a calendar.")  # fmt: skip


@button("Finance pack")
def finance_pack(book: Any, result: ButtonResult) -> None:
    """A macro-free workbook for finance (top sheet, cost report, budget, actuals; no personal data) saved next to
    the workbook. Nothing is written into the open workbook."""
    from ..reports.errors import ReportInputError

    try:
        done = _job("finance_pack", "make_finance_pack", "The finance pack")(_source(book, result))
    except ReportInputError as e:
        raise ButtonError(str(e)) from None
    result.files = [str(done.path)]
    result.message = f"Finance pack saved (no personal data): {done.path}"


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
    from ..interchange.script import ScriptUnreadable
    from ..jobs.script_import import ImportRefused

    try:
        done = _job("script_import", "import_script_into", "The script import")(path, _source(book, result))
    except ScriptUnreadable as e:
        raise ButtonError(str(e)) from None
    except ImportRefused as e:
        raise ButtonError(f"the script has errors; nothing was written.\n{_describe(e.findings)}") from None
    revision = done.revision
    listed = [c.message for c in done.changes] if done.changes is not None else [c.message for c in revision.changes]
    changes = "\n".join(f"• {m}" for m in listed[:MAX_LISTED])
    more = len(listed) - MAX_LISTED
    result.message = (f"Script imported: {len(done.breakdown.scenes)} scenes; {revision.summary}.\n{changes}"
                      + (f"\n… and {more} more changes." if more > 0 else ""))  # fmt: skip


# --- Publish ---------------------------------------------------------------------------------------------------

PUBLISH_COMMAND = "xlproduction publish WORKBOOK.xlsx --day N"
LITE_CANNOT_PUBLISH = (
    "xlwings Lite runs inside the browser, which cannot post to Slack or Teams webhooks (they refuse requests from "
    "web pages) nor send email. Publish from desktop Excel (the Production tab's Publish button) or the command "
    f"line: {PUBLISH_COMMAND}"
)


@button("Publish")
def publish(book: Any, result: ButtonResult, day: int | None = None) -> None:
    """The call sheet of the day of the selected Days/Schedule row (else of the next shoot day) to Slack, Teams and
    email, as ``xlproduction publish`` sends it: from the workbook as saved on disk."""
    from pathlib import Path

    from ..callsheet.model import UnknownDay
    from . import source as live

    if live.is_web(book):
        raise ButtonError(LITE_CANNOT_PUBLISH)
    job = _job("publish", "publish", "Publishing")
    from ..jobs.callsheets import CallSheetNotReady
    from ..notify.config import ConfigError

    full = Path(str(book.fullname))
    if not full.is_absolute() or not full.is_file():
        raise ButtonError("Publishing sends the workbook as saved on disk, and this one has never been saved to a "
                          f"folder. Save it (.xlsx), then click Publish again, or use the command line: "
                          f"{PUBLISH_COMMAND}")  # fmt: skip
    try:
        done = job(full, day, selected=_source(book, result).selected_day)
    except ConfigError as e:
        raise ButtonError(str(e)) from None
    except UnknownDay as e:
        raise ButtonError(str(e)) from None
    except CallSheetNotReady as e:
        raise ButtonError(f"{e} Nothing was sent.\n" + _describe([f for v in e.errors.values() for f in v])) from None
    lines = [f"Day {done.day} ({done.date:%a %d-%b-%Y}), call-sheet revision {done.colour}, as saved in {full.name}:"]
    lines += [f"• {o.channel}: {o.status} — {o.detail}" for o in done.outcomes]
    if done.since:
        lines.append(f"{len(done.changes)} change(s) announced since {done.since}.")
    for audience, missing in done.missing.items():
        if missing:
            lines.append(f"No email for {len(missing)} on the {audience} list: tell them another way.")
    result.files = [str(p) for p in done.pdfs]
    if done.failed:
        raise ButtonError("\n".join(lines))
    result.message = "\n".join(lines)


# --- Interchange --------------------------------------------------------------------------------------------------


def live_is_web(book: Any) -> bool:
    return bool(_live.is_web(book))  # looked up at call time: tests stand in a desktop workbook for the remote one


def _table_error(e: Exception) -> ButtonError:
    return ButtonError(str(e))


@button("Import USS")
def import_uss(book: Any, result: ButtonResult, path: str | None = None, stripboard: str | None = None) -> None:
    """A Universal Schedule Standard file (picked in the ribbon's file dialog) into the open workbook's Scenes, Cast,
    Locations, Elements, Schedule, Days and Settings. Nothing is written when the file cannot be trusted."""
    from ..jobs.uss_import import COMMAND
    from ..model.findings import Severity
    from ..model.tableupdate import TableRows, TableUpdateError

    source = _source(book, result)
    if not path and not live_is_web(book):
        raise ButtonError(f"Pick the .uss file to import (the ribbon's Import USS opens a file dialog), or use the "
                          f"command line: {COMMAND}")  # fmt: skip
    data = source.read_file(path or "", "USS schedule", COMMAND)  # xlwings Lite: says it cannot, and what to do
    try:
        done = _job("uss_import", "import_uss", "The USS import")(source, data, stripboard=stripboard)
    except TableUpdateError as e:
        raise _table_error(e) from None
    notes = [n for n in done.notes if n.severity is not Severity.INFO]
    listed = "\n".join(f"• {n.message}" + (f" ({n.path})" if n.path.startswith("$") else "")
                        + (f" Fix: {n.hint}" if n.hint else "") for n in notes[:MAX_LISTED])  # fmt: skip
    if len(notes) > MAX_LISTED:
        listed += f"\n… and {len(notes) - MAX_LISTED} more: the command line lists them all ({COMMAND})."
    if not done.trusted:
        raise ButtonError(f"This file cannot be imported; nothing was written.\n{listed}")
    result.tabs = [u.table for u in done.plan.updates() if isinstance(u, TableRows)]  # the tables written
    chosen = f" (stripboard {done.schedule.chosen!r})" if done.schedule.chosen else ""
    result.message = f"Imported{chosen}: {done.plan.summary}." + (f"\n{listed}" if listed else "")


@button("Export USS")
def export_uss(book: Any, result: ButtonResult) -> None:
    """The breakdown, stripboard and calendar as a Universal Schedule Standard file saved next to the workbook."""
    done = _job("uss_export", "export_uss", "The USS export")(_source(book, result))
    result.files = [str(done.path)]
    warn = f" Note: {done.warnings[0]}" if done.warnings else ""
    result.message = (f"USS schedule saved ({done.breakdowns} breakdowns, {done.days} shoot days): {done.path}. Open "
                      f"it in your scheduler (Movie Magic, Set Hero, Think Crew, Filmustage…).{warn}")  # fmt: skip


@button("Tasks")
def tasks(book: Any, result: ButtonResult) -> None:
    """Derive the prep tasks (permits, recces, fittings, minors' permits, travel, call sheets) into the Tasks table,
    keeping every task you added or edited."""
    from ..model.tableupdate import TableUpdateError

    try:
        done = _job("tasks", "derive", "The prep tasks")(_source(book, result))
    except TableUpdateError as e:
        raise _table_error(e) from None
    if done.merge is not None and done.merge.changed:
        result.tabs = ["Tasks"]
    result.message = f"Prep tasks: {done.summary}."


# --- Logistics ----------------------------------------------------------------------------------------------------


def _report(job: str, what: str, *args: Any) -> Any:
    """A logistics report job on the live workbook; its input errors become one alert, nothing written."""
    from ..reports.errors import ReportInputError

    fn = _job("logistics", job, what)
    try:
        return fn(*args)
    except ReportInputError as e:
        raise ButtonError(str(e)) from None


@button("Transport")
def transport(book: Any, result: ButtonResult, day: int | None = None) -> None:
    """The movement order of the day of the selected Days or Schedule row, else of the next shoot day: vehicles,
    drivers, stops, passengers and times, with the set, base camp, parking and nearest hospital."""
    done = _report("transport_report", "The transport tab", _source(book, result), day)
    result.tabs = list(done.written.tabs)


@button("Rooming list")
def rooming_list(book: Any, result: ButtonResult, hotel: str | None = None) -> None:
    """The Rooming List tab: every hotel's guests by arrival (name, dates, nights, room, sharing, billing,
    confirmation — nothing else about them)."""
    done = _report("rooming_report", "The rooming list", _source(book, result), hotel)
    result.tabs = list(done.written.tabs)


@button("Travel")
def travel(book: Any, result: ButtonResult) -> None:
    """The Travel Movements tab: who travels when, from where to where, on which flight or train."""
    done = _report("travel_report", "The travel movement list", _source(book, result))
    result.tabs = list(done.written.tabs)


@button("Per diems")
def per_diems(book: Any, result: ButtonResult) -> None:
    """The Per Diems tab: what each person from out of town is owed per date (values only, for accounting)."""
    done = _report("per_diem_report", "The per-diem sheet", _source(book, result))
    result.tabs = list(done.written.tabs)


@button("Derive pickups")
def derive_pickups(book: Any, result: ButtonResult, day: int | None = None) -> None:
    """Add the pickups derived from the calls to the Transport table for the shoot days that have no runs yet
    (vehicles from the Vehicles table by seats); days that have runs are yours and are left as they are."""
    from ..model.tableupdate import TableUpdateError
    from ..reports.errors import ReportInputError

    fn = _job("pickups", "derive", "Derived pickups")
    try:
        done = fn(_source(book, result), day)
    except ReportInputError as e:  # not a shoot day, or errors in the tables: nothing written
        raise ButtonError(str(e)) from None
    except TableUpdateError as e:
        raise _table_error(e) from None
    if done.wrote:
        result.tabs = ["Transport"]
    skipped = "\n".join(f"• {line}" for line in done.skipped_lines[:MAX_LISTED])
    if len(done.skipped_lines) > MAX_LISTED:
        skipped += f"\n… and {len(done.skipped_lines) - MAX_LISTED} more days skipped."
    result.message = (f"Derived pickups: {done.summary}." + ("" if done.wrote else " Nothing was written.")
                      + (f"\n{skipped}" if skipped else ""))


# --- Schedule optimizer -------------------------------------------------------------------------------------------


OPTIMIZE_SECONDS = 30.0  # the button's solver time: Excel waits for it (the CLI's --time-limit goes further)


@button("Optimize")
def optimize(book: Any, result: ButtonResult, time_limit: float = OPTIMIZE_SECONDS) -> None:
    """Propose the stripboard that costs least in hold days and company moves: a Proposed Schedule tab, with the
    proof status and the saving; the Schedule itself is left alone. Infeasible: the conflicting constraints and
    their cells, nothing written."""
    run = _job("optimize", "optimize", "The schedule optimizer")
    from ..plan import SolverMissing

    try:
        done = run(_source(book, result), time_limit=time_limit, write_tab=True)
    except SolverMissing as e:
        raise ButtonError(str(e).split(" (")[0]) from None
    except ValueError as e:  # ProblemRefused: a stripboard that cannot be read as a problem
        raise ButtonError(str(e)) from None
    if done.status == "infeasible":
        lines = [f"• {c.text}" + (f" ({', '.join(c.cells)})" if c.cells else "") for c in done.conflict[:MAX_LISTED]]
        raise ButtonError("the schedule is infeasible: these constraints cannot all hold. Nothing was written.\n"
                          + "\n".join(lines))  # fmt: skip
    if not done.found:
        raise ButtonError(f"no schedule found in {time_limit:g} s. Run 'xlproduction optimize WORKBOOK.xlsx "
                          "--time-limit 300' for longer. Nothing was written.")  # fmt: skip
    result.tabs = list(done.written.tabs) if done.written is not None else []
    proof = ("proven optimal" if done.status == "optimal"
             else f"best found in {time_limit:g} s (gap {(done.gap or 0) * 100:.1f}%)")  # fmt: skip
    cur, new = done.current_cost, done.cost
    warn = f" The rules find {len(done.new_findings)} new issue(s): click Check." if done.new_findings else ""
    result.message = (f"Proposed Schedule written, {proof}: saves {done.saving.money:,.0f} (hold days "
                      f"{cur.hold_days} → {new.hold_days}, company moves {cur.moves} → {new.moves}); "
                      f"{len(done.changes or ())} changes.{warn}")  # fmt: skip


BUTTONS: dict[str, Callable[..., ButtonResult]] = {
    "check": check, "callsheet": callsheet, "callsheets_all": callsheets_all, "dood": dood,
    "cost_report": cost_report, "crew_list": crew_list, "finance_pack": finance_pack, "calendar": calendar,
    "import_script": import_script, "publish": publish, "import_uss": import_uss, "export_uss": export_uss,
    "tasks": tasks, "transport": transport, "rooming_list": rooming_list, "travel": travel, "per_diems": per_diems,
    "derive_pickups": derive_pickups, "optimize": optimize,
}  # fmt: skip

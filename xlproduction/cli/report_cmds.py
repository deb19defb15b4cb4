"""`xlproduction report dood|cost|crew|transport|rooming|travel|perdiem`, `xlproduction finance-pack` and
`xlproduction calendar`: the reports.

Same write rules as `check`: a report tab goes into a copy of the workbook (NAME.dood.xlsx beside it, or
--output) unless --in-place, which keeps a timestamped backup; every write is atomic. CSV and standalone .xlsx
exports are written on request, formula-like text neutralised (xlproduction.workbook.safety). Reading and writing a big
workbook takes a while, so each step shows on a progress line.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from contextlib import contextmanager
from enum import StrEnum
from pathlib import Path
from typing import Annotated

import typer
from rich.markup import escape
from rich.progress import Progress, SpinnerColumn, TextColumn, TimeElapsedColumn

from ..model.privacy import redact
from ..workbook.safe_write import DEFAULT_BACKUPS
from .common import BACKUPS_HELP, app, err, friendly, out, output_path

DATE_FORMATS = ["%Y-%m-%d"]


class ReportKind(StrEnum):
    dood = "dood"
    cost = "cost"
    crew = "crew"
    transport = "transport"
    rooming = "rooming"
    travel = "travel"
    perdiem = "perdiem"


class Steps:
    """A progress line per step of a command (transient: the summary printed at the end stays)."""

    def __init__(self, progress: Progress) -> None:
        self.progress = progress

    @contextmanager
    def step(self, text: str) -> Iterator[None]:
        task = self.progress.add_task(text, total=1)
        yield
        self.progress.update(task, completed=1)


@contextmanager
def steps() -> Iterator[Steps]:
    with Progress(SpinnerColumn(), TextColumn("{task.description}"), TimeElapsedColumn(), console=err,
                  transient=True) as progress:  # fmt: skip
        yield Steps(progress)


@contextmanager
def user_error() -> Iterator[None]:
    """A bad period, an unknown person, an invalid time zone: one red line and exit code 2, printed after the
    progress line is gone. (Outer to ``steps()`` so the progress display has stopped when it prints.)"""
    from ..reports.errors import ReportInputError

    try:
        yield
    except ReportInputError as e:
        err.print(f"[red]{escape(redact(str(e)))}[/red]")
        raise typer.Exit(2) from None


def _date(v: dt.datetime | None) -> dt.date | None:
    return v.date() if v is not None else None


@app.command()
@friendly
def report(
    kind: Annotated[ReportKind, typer.Argument(help="dood (Day Out of Days), cost (cost report), crew (crew list), "
                                                    "transport (a day's movement order), rooming (rooming list), "
                                                    "travel (travel movements) or perdiem (per diems).")],
    path: Annotated[Path, typer.Argument(help="The production workbook (.xlsx).")],
    in_place: Annotated[bool, typer.Option("--in-place", help="Write the tab into the workbook itself (keeps a "
                                                              "backup).")] = False,
    output: Annotated[Path | None, typer.Option("--output", "-o", help="The copy's path.")] = None,
    start: Annotated[dt.datetime | None, typer.Option("--from", formats=DATE_FORMATS,
                                                      help="Cost report: first day of the period (YYYY-MM-DD).")]
    = None,
    end: Annotated[dt.datetime | None, typer.Option("--to", formats=DATE_FORMATS,
                                                    help="Cost report: last day of the period and the 'to date' "
                                                         "(default: Settings → Status Date, else today).")] = None,
    csv: Annotated[Path | None, typer.Option("--csv", help="Also export the report as CSV here.")] = None,
    xlsx: Annotated[Path | None, typer.Option("--xlsx", help="Also export the tab alone as a new .xlsx here.")]
    = None,
    no_personal: Annotated[bool, typer.Option("--no-personal", help="Crew list without names or contact details.")]
    = False,
    day: Annotated[int | None, typer.Option("--day", help="Transport: the shoot day (default: the next shoot day "
                                                          "from Settings → Status Date).")] = None,
    hotel: Annotated[str | None, typer.Option("--hotel", help="Rooming list: only this hotel (what you send it).")]
    = None,
    no_workbook: Annotated[bool, typer.Option("--no-workbook", help="Only the exports: leave the workbook alone.")]
    = False,
    backups: Annotated[int, typer.Option("--backups", min=0, help=BACKUPS_HELP)] = DEFAULT_BACKUPS,
) -> None:
    """Write a report tab (DOOD, Cost Report, Crew List, a day's Transport, Rooming List, Travel Movements or Per
    Diems) into a copy of the workbook, and export it."""
    from ..jobs.source import workbook_file

    if kind is not ReportKind.cost and (start or end):
        err.print("[red]--from and --to are for the cost report.[/red]")
        raise typer.Exit(2)
    if no_personal and kind is not ReportKind.crew:
        err.print("[red]--no-personal is for the crew list.[/red]")
        raise typer.Exit(2)
    if day is not None and kind is not ReportKind.transport:
        err.print("[red]--day is for the transport report.[/red]")
        raise typer.Exit(2)
    if hotel is not None and kind is not ReportKind.rooming:
        err.print("[red]--hotel is for the rooming list.[/red]")
        raise typer.Exit(2)
    target = None if no_workbook else output_path(path, output, in_place, kind.value)
    with user_error(), steps() as s:
        source = workbook_file(path, target, backups=backups, progress=s.step)
        if kind is ReportKind.dood:
            from ..jobs.dood import dood_report

            result = dood_report(source, write_tab=not no_workbook, csv=csv, xlsx=xlsx)
        elif kind is ReportKind.cost:
            from ..jobs.cost_report import cost_report_tab

            result = cost_report_tab(source, _date(start), _date(end), write_tab=not no_workbook, csv=csv, xlsx=xlsx)
        elif kind is ReportKind.crew:
            from ..jobs.crew_list import crew_list

            result = crew_list(source, contacts=not no_personal, write_tab=not no_workbook, csv=csv, xlsx=xlsx)
        else:
            from ..jobs import logistics as L

            write = {"write_tab": not no_workbook, "csv": csv, "xlsx": xlsx}
            if kind is ReportKind.transport:
                result = L.transport_report(source, day, **write)
            elif kind is ReportKind.rooming:
                result = L.rooming_report(source, hotel, **write)
            elif kind is ReportKind.travel:
                result = L.travel_report(source, **write)
            else:
                result = L.per_diem_report(source, **write)
    out.print(f"{escape(path.name)}: {escape(result.summary)}.")
    if result.written is not None:
        out.print(escape(f"{result.tab.name} tab → {result.written.path}"))
    if result.csv is not None:
        out.print(escape(f"CSV → {result.csv}"))
    if result.xlsx is not None:
        out.print(escape(f".xlsx → {result.xlsx}"))


@app.command("finance-pack")
@friendly
def finance_pack_cmd(
    path: Annotated[Path, typer.Argument(help="The production workbook (.xlsx).")],
    target: Annotated[Path, typer.Argument(help="The finance pack to write (.xlsx).")],
    start: Annotated[dt.datetime | None, typer.Option("--from", formats=DATE_FORMATS,
                                                      help="First day of the cost report's period.")] = None,
    end: Annotated[dt.datetime | None, typer.Option("--to", formats=DATE_FORMATS,
                                                    help="Last day of the period (default: Status Date or today).")]
    = None,
) -> None:
    """Write a separate macro-free workbook for finance — top sheet, cost report, budget detail, actuals — with
    no personal data (names scrubbed, rates of named people withheld unless Settings allows them)."""
    from ..jobs.finance_pack import make_finance_pack
    from ..jobs.source import workbook_file

    if target.resolve() == path.resolve():
        err.print("[red]The finance pack is a separate file:[/red] give it another name than the workbook.")
        raise typer.Exit(2)
    if target.suffix.lower() != ".xlsx":
        err.print(f"[red]{target.name}:[/red] the finance pack is an .xlsx file.")
        raise typer.Exit(2)
    with user_error(), steps() as s:
        result = make_finance_pack(workbook_file(path, progress=s.step), target, _date(start), _date(end))
    p, pack = result.production, result.pack
    rates = ("rates included (Finance May See Rates)" if p.settings.finance_may_see_rates
             else f"rates withheld on {pack.withheld_rates} named lines")  # fmt: skip
    out.print(f"Finance pack written to {escape(str(result.path))}: {len(pack.budget)} budget lines, "
              f"{len(pack.actuals)} actuals, "
              f"{len(pack.report.accounts)} accounts; no personal data, {rates}.")


@app.command("calendar")
@friendly
def calendar_cmd(
    path: Annotated[Path, typer.Argument(help="The production workbook (.xlsx).")],
    target: Annotated[Path, typer.Argument(help="The iCalendar file to write (.ics).")],
    person: Annotated[str | None, typer.Option("--person", help="A performer's own calendar: cast ID, character or "
                                                                "performer name.")] = None,
    previous: Annotated[Path | None, typer.Option("--previous", help="The export this one updates (default: the file "
                                                                     "at TARGET): changed events get a higher "
                                                                     "SEQUENCE, removed ones are cancelled.")] = None,
) -> None:
    """Export the shoot schedule as an .ics calendar (one event per shoot day), or one performer's days. Writing
    over an earlier export updates its events in calendar apps (same UIDs, higher SEQUENCE) instead of adding
    copies."""
    from ..jobs.calendar import make_calendar
    from ..jobs.source import workbook_file

    if previous is not None and not previous.is_file():
        err.print(f"[red]{escape(str(previous))} does not exist.[/red] Give the .ics file sent last time, or leave out "
                  "--previous.")  # fmt: skip
        raise typer.Exit(2)
    with user_error(), steps() as s:
        result = make_calendar(workbook_file(path, progress=s.step), target, person, previous=previous)
    n = result.events
    who = f" for {person}" if person else ""
    out.print(f"Calendar{escape(who)} written to {escape(str(target))}: {n} event{'s' if n != 1 else ''}.")
    q = result.sequences
    if q is not None and (q.changed or q.unchanged or q.cancelled):
        out.print(f"Updates the previous export: {q.changed} changed (SEQUENCE raised), {q.unchanged} unchanged, "
                  f"{q.new} new, {q.cancelled} cancelled.")  # fmt: skip

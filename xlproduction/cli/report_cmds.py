"""`xlproduction report dood|cost|crew`, `xlproduction finance-pack` and `xlproduction calendar`: the reports.

Same write rules as `check`: a report tab goes into a copy of the workbook (NAME.dood.xlsx beside it, or
--output) unless --in-place, which keeps a timestamped backup; every write is atomic. CSV and standalone .xlsx
exports are written on request, formula-like text neutralised (xlproduction.workbook.safety). Reading and writing a big
workbook takes a while, so each step shows on a progress line.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from enum import StrEnum
from pathlib import Path
from typing import Annotated, Any

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


def _load(path: Path, s: Steps, tables: Sequence[str] | None = None) -> Any:
    """The production, or only the ``tables`` a report is made from (the others' sheets are not even parsed)."""
    from ..workbook.reader import load_production

    with s.step(f"Reading {path.name}"):
        return load_production(path, tables=tables)


def _report_tables(kind: ReportKind) -> Sequence[str] | None:
    from ..reports.crew_list import CREW_TABLES
    from ..reports.dood_tab import DOOD_TABLES

    return {ReportKind.dood: DOOD_TABLES, ReportKind.crew: CREW_TABLES}.get(kind)


@app.command()
@friendly
def report(
    kind: Annotated[ReportKind, typer.Argument(help="dood (Day Out of Days), cost (cost report) or crew (crew list).")],
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
    no_workbook: Annotated[bool, typer.Option("--no-workbook", help="Only the exports: leave the workbook alone.")]
    = False,
    backups: Annotated[int, typer.Option("--backups", min=0, help=BACKUPS_HELP)] = DEFAULT_BACKUPS,
) -> None:
    """Write a report tab (DOOD, Cost Report or Crew List) into a copy of the workbook, and export it."""
    from ..model.numformats import money_text
    from ..workbook.render import write_new_workbook, write_sheets
    from ..workbook.safety import write_csv

    if kind is not ReportKind.cost and (start or end):
        err.print("[red]--from and --to are for the cost report.[/red]")
        raise typer.Exit(2)
    if no_personal and kind is not ReportKind.crew:
        err.print("[red]--no-personal is for the crew list.[/red]")
        raise typer.Exit(2)
    written: list[str] = []
    with user_error(), steps() as s:
        p = _load(path, s, _report_tables(kind))
        with s.step(f"Computing the {kind.value} report"):
            if kind is ReportKind.dood:
                from ..model.dood import dood
                from ..reports.dood_tab import dood_sheet

                d = dood(p)
                spec = dood_sheet(p, d)
                frame = _dood_frame(d)
                summary = f"{len(d.people)} cast over {len(d.dates)} days ({int(d.dates['shoot'].sum())} shoot days)"
            elif kind is ReportKind.cost:
                from ..reports.cost import cost_frame, cost_report, cost_sheet

                r = cost_report(p, _date(start), _date(end))
                spec = cost_sheet(r, p)
                frame = cost_frame(r)
                g = r.top.set_index("line").loc["GRAND_TOTAL"]
                summary = (f"{len(r.accounts)} accounts, {r.start:%d-%b-%Y} to {r.end:%d-%b-%Y}: budget "
                           f"{money_text(g['budget'])}, EFC {money_text(g['efc'])}, variance "
                           f"{money_text(g['variance'])} {r.currency}")
            else:
                from ..reports.crew_list import crew_frame, crew_sheet

                spec = crew_sheet(p, contacts=not no_personal)
                frame = crew_frame(p, contacts=not no_personal)
                summary = f"{len(frame)} crew" + (" (no personal data)" if no_personal else " with contacts")
        if not no_workbook:
            with s.step("Writing the workbook"):
                target = write_sheets(path, output_path(path, output, in_place, kind.value), [spec], backups=backups)
            written.append(f"{spec.name} tab → {target}")
        if csv:
            with s.step("Writing CSV"):
                written.append(f"CSV → {write_csv(frame, csv)}")
        if xlsx:
            with s.step("Writing .xlsx"):
                written.append(f".xlsx → {write_new_workbook(xlsx, [spec])}")
    out.print(f"{escape(path.name)}: {escape(summary)}.")
    for w in written:
        out.print(escape(w))


def _dood_frame(d: Any) -> Any:
    """The DOOD as one flat table for CSV: cast ID, character, one column per date (ISO), then the totals."""
    import pandas as pd

    from ..model.contract import CAST, DOOD_TOTALS

    grid = d.grid.copy()
    grid.columns = [c.date().isoformat() for c in grid.columns]
    people = d.people.set_index("cast_id")
    totals = people[[k for k in DOOD_TOTALS]].copy()
    for c in ("start", "finish"):
        totals[c] = pd.to_datetime(totals[c]).dt.date
    totals.columns = [DOOD_TOTALS[k] for k in DOOD_TOTALS]
    frame = pd.concat([people[["character"]].rename(columns={"character": CAST.header("character")}), grid, totals],
                      axis=1)  # fmt: skip
    return frame.rename_axis(CAST.header("cast_id")).reset_index()


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
    from ..reports.finance_pack import finance_pack
    from ..workbook.render import write_new_workbook

    if target.resolve() == path.resolve():
        err.print("[red]The finance pack is a separate file:[/red] give it another name than the workbook.")
        raise typer.Exit(2)
    if target.suffix.lower() != ".xlsx":
        err.print(f"[red]{target.name}:[/red] the finance pack is an .xlsx file.")
        raise typer.Exit(2)
    with user_error(), steps() as s:
        p = _load(path, s)
        with s.step("Building the finance pack"):
            pack = finance_pack(p, _date(start), _date(end))
        with s.step(f"Writing {target.name}"):
            written = write_new_workbook(target, pack.specs)
    rates = ("rates included (Finance May See Rates)" if p.settings.finance_may_see_rates
             else f"rates withheld on {pack.withheld_rates} named lines")  # fmt: skip
    out.print(f"Finance pack written to {escape(str(written))}: {len(pack.budget)} budget lines, "
              f"{len(pack.actuals)} actuals, "
              f"{len(pack.report.accounts)} accounts; no personal data, {rates}.")


@app.command("calendar")
@friendly
def calendar_cmd(
    path: Annotated[Path, typer.Argument(help="The production workbook (.xlsx).")],
    target: Annotated[Path, typer.Argument(help="The iCalendar file to write (.ics).")],
    person: Annotated[str | None, typer.Option("--person", help="A performer's own calendar: cast ID, character or "
                                                                "performer name.")] = None,
) -> None:
    """Export the shoot schedule as an .ics calendar (one event per shoot day), or one performer's days."""
    from ..reports.calendar import person_calendar, shoot_calendar, to_ics
    from ..workbook.safe_write import atomic_save

    with user_error(), steps() as s:
        p = _load(path, s)
        with s.step("Building the calendar"):
            cal = person_calendar(p, person) if person else shoot_calendar(p)
            data = to_ics(cal)
        with s.step(f"Writing {target.name}"):
            atomic_save(lambda tmp: Path(tmp).write_bytes(data), target)
    n = sum(1 for c in cal.walk("VEVENT"))
    who = f" for {person}" if person else ""
    out.print(f"Calendar{escape(who)} written to {escape(str(target))}: {n} event{'s' if n != 1 else ''}.")

"""`xlproduction callsheet`: call sheets for one day, a date or the whole shoot, into a copy (or in place), with
PDFs through LibreOffice."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Annotated

import typer
from rich.markup import escape
from rich.table import Table as RichTable

from ..model.privacy import redact
from ..workbook.safe_write import DEFAULT_BACKUPS
from .common import BACKUPS_HELP, app, err, friendly, out, output_path, print_findings


@app.command()
@friendly
def callsheet(
    path: Annotated[Path, typer.Argument(help="The production workbook (.xlsx).")],
    day: Annotated[list[int] | None, typer.Option("--day", "-d", help="Shoot day number (repeatable).")] = None,
    date: Annotated[list[str] | None, typer.Option("--date", help="Shoot date YYYY-MM-DD (repeatable).")] = None,
    all_days: Annotated[bool, typer.Option("--all", help="Every shoot day.")] = False,
    pdf: Annotated[bool, typer.Option("--pdf", help="Also print each call sheet to PDF (LibreOffice).")] = False,
    pdf_dir: Annotated[Path | None, typer.Option(help="Folder for the PDFs (default: beside the output).")] = None,
    audience: Annotated[str, typer.Option(help="crew (everything), cast (no crew phones) or client.")] = "crew",
    in_place: Annotated[bool, typer.Option("--in-place", help="Write into the workbook itself (keeps a backup).")]
    = False,
    output: Annotated[Path | None, typer.Option("--output", "-o", help="The copy's path.")] = None,
    backups: Annotated[int, typer.Option("--backups", min=0, help=BACKUPS_HELP)] = DEFAULT_BACKUPS,
) -> None:
    """Generate call sheets from the workbook's "Call Sheet Template" tab: one tab per day (CS D05 Wed 03-Mar),
    replaced and its revision bumped (White, Blue, Pink…) when generated again. Errors in the day's data block
    it (exit 1, nothing written); warnings are listed and noted beside the sheet. Placeholders: docs/callsheets.md.
    """
    from ..callsheet.model import Audience, UnknownDay
    from ..jobs.callsheets import CallSheetNotReady, make_callsheets
    from ..jobs.source import workbook_file
    from ..workbook.libreoffice import LibreOfficeError, LibreOfficeMissing

    chosen = sum(bool(x) for x in (day, date, all_days))
    if chosen != 1:
        err.print("[red]Choose the days:[/red] --day N, --date YYYY-MM-DD or --all (one of them).")
        raise typer.Exit(2)
    if audience.lower() not in {a.value for a in Audience}:
        err.print(f"[red]Unknown audience {audience!r}.[/red] Use crew, cast or client.")
        raise typer.Exit(2)
    days: list[int | dt.date] | str
    try:
        days = "all" if all_days else (list(day or []) + [dt.date.fromisoformat(d) for d in date or []])
    except ValueError as e:
        err.print(f"[red]Bad date:[/red] {escape(str(e))}. Write dates as YYYY-MM-DD, e.g. 2027-03-05.")
        raise typer.Exit(2) from None
    target = output_path(path, output, in_place, "callsheets")
    pdfs = (pdf_dir or target.parent) if pdf else None
    try:
        result = make_callsheets(workbook_file(path, target, backups=backups), days, audience.lower(), pdfs)
    except CallSheetNotReady as e:
        for n, errors in sorted(e.errors.items()):
            out.print(f"[red]Day {n} is not ready:[/red]")
            print_findings(errors)
        err.print(f"[red]{escape(str(e))}[/red] Fix the cells listed, then run again.")
        raise typer.Exit(1) from None
    except UnknownDay as e:  # days not in the workbook (any other ValueError is a bug: reported as one)
        err.print(f"[red]{escape(redact(str(e)))}[/red]")
        raise typer.Exit(2) from None
    except LibreOfficeMissing as e:
        err.print(f"[red]Cannot make PDFs:[/red] {escape(str(e))} Nothing was written; run without --pdf for the "
                  "workbook only.")
        raise typer.Exit(2) from None
    except LibreOfficeError as e:
        err.print(f"[red]The workbook was written, but PDF printing failed:[/red] {escape(str(e))}")
        raise typer.Exit(2) from None
    t = RichTable(header_style="bold")
    for h in ("Day", "Date", "Tab", "Revision", "Scenes", "Warnings", *(["PDF"] if pdf else [])):
        t.add_column(h, overflow="fold")
    for s in result.sheets:
        t.add_row(str(s.day), f"{s.date:%a %d-%b-%Y}", escape(s.tab), escape(f"{s.revision_colour} ({s.revision})"),
                  escape(", ".join(s.scenes)) or "—", str(len(s.warnings)),
                  *([escape(str(s.pdf or ""))] if pdf else []))  # fmt: skip
    out.print(t)
    if result.warnings:
        out.print("[yellow]Warnings[/yellow] (also noted right of each call sheet's printed area):")
        print_findings(result.warnings, 50)
    out.print(f"Call sheets written to {escape(str(result.workbook))} in {result.seconds.get('total', 0):.1f} s"
              + (f" (PDFs {result.seconds.get('pdf', 0):.1f} s)" if pdf else "") + ".")  # fmt: skip

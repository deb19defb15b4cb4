"""`xlproduction transport WORKBOOK [--day N] [--derive]`: the pickups derived from the calls, shown, and with
--derive added to the Transport table for the shoot days that have no runs yet (a coordinator's starting point;
days with runs are theirs and are never touched).

Same write rules as `tasks --derive`: the rows go into a copy (NAME.transport.xlsx, or --output) unless --in-place,
which keeps a timestamped backup; every write is atomic and nothing is written while the tables the pickups are made
from have errors.
"""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer
from rich.markup import escape
from rich.table import Table as RichTable

from ..workbook.safe_write import DEFAULT_BACKUPS
from .common import BACKUPS_HELP, app, err, friendly, out, output_path
from .report_cmds import steps, user_error


@app.command("transport")
@friendly
def transport_cmd(
    path: Annotated[Path, typer.Argument(help="The production workbook (.xlsx).")],
    day: Annotated[int | None, typer.Option("--day", help="Only this shoot day (default: every shoot day).")] = None,
    derive: Annotated[bool, typer.Option("--derive", help="Add the derived pickups to the Transport table for the "
                                                          "days that have no runs yet.")] = False,
    in_place: Annotated[bool, typer.Option("--in-place", help="With --derive: write into the workbook itself (keeps "
                                                              "a backup).")] = False,
    output: Annotated[Path | None, typer.Option("--output", "-o", help="The copy's path.")] = None,
    backups: Annotated[int, typer.Option("--backups", min=0, help=BACKUPS_HELP)] = DEFAULT_BACKUPS,
) -> None:
    """Show the pickups derived from the day's calls for the shoot days without Transport runs, or with --derive
    add them to the Transport table (vehicles assigned from the Vehicles table by seats). Days that already have
    runs are never touched."""
    from ..jobs.pickups import derive as derive_job
    from ..jobs.source import workbook_file
    from ..reports.logistics_common import clock

    if not derive and (in_place or output):
        err.print("[red]--in-place and --output are for --derive.[/red]")
        raise typer.Exit(2)
    target = output_path(path, output, in_place, "transport") if derive else None
    with user_error(), steps() as s:
        result = derive_job(workbook_file(path, target, backups=backups, progress=s.step), day, write=derive)
    if not derive and result.derived.rows:
        t = RichTable(header_style="bold")
        for h in ("Day", "Run", "Vehicle", "Pickup", "From", "Passengers", "To", "Purpose"):
            t.add_column(h, overflow="fold")
        for r in result.derived.rows:
            t.add_row(str(r["day"]), str(r["run"]), escape(str(r["vehicle"] or "(none free)")),
                      clock(r["pickup_time"]), escape(str(r["pickup_point"])), escape(str(r["passengers"])),
                      escape(str(r["drop_off"] or "")), escape(str(r["purpose"])))  # fmt: skip
        out.print(t)
    for line in result.skipped_lines:
        out.print(escape(line))
    if derive:
        out.print(f"{escape(path.name)}: derived pickups: {escape(result.summary)}.")
        if result.written is not None:
            out.print(escape(f"Transport table → {result.written}"))
        else:
            out.print("Nothing written: no day without runs has anyone to collect.")
    else:
        n = len(result.derived.rows)
        out.print(f"{escape(path.name)}: {n} derived run{'s' if n != 1 else ''} for the days without runs. Nothing "
                  "written: add --derive to put them in the Transport table.")  # fmt: skip

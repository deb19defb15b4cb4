"""`xlproduction import uss`, `xlproduction export uss|asana|trello` and `xlproduction tasks`: schedules and prep
tasks in and out.

Same write rules as every command: an import writes into a copy of the workbook (NAME.imported.xlsx, or --output)
unless --in-place, which keeps a timestamped backup; a workbook that does not exist yet is created from the
template. A file that cannot be trusted writes nothing and exits 1, listing each problem with its JSON path and the
fix. Trello's key and token come from the environment only.
"""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer
from rich.markup import escape
from rich.table import Table as RichTable

from ..model.findings import Severity
from ..model.privacy import redact
from ..workbook.safe_write import DEFAULT_BACKUPS
from .common import BACKUPS_HELP, app, err, friendly, out, output_path
from .report_cmds import steps

import_app = typer.Typer(no_args_is_help=True, rich_markup_mode=None,
                         help="Bring a schedule into the workbook: import uss FILE.uss WORKBOOK.xlsx")  # fmt: skip
export_app = typer.Typer(no_args_is_help=True, rich_markup_mode=None,
                         help="Send the schedule or the prep tasks out: export uss|asana|trello WORKBOOK.xlsx …")
app.add_typer(import_app, name="import")
app.add_typer(export_app, name="export")

COLOURS = {Severity.ERROR: "red", Severity.WARNING: "yellow", Severity.INFO: "blue"}


def print_notes(notes: list, title: str = "") -> None:  # type: ignore[type-arg]
    """Import notes: severity, where (a JSON path, or the table), what, and the fix; errors first."""
    if not notes:
        return
    t = RichTable(show_lines=False, header_style="bold", title=title or None)
    for h in ("Severity", "Where", "Message", "Fix"):
        t.add_column(h, overflow="fold")
    for n in sorted(notes, key=lambda n: n.severity.rank):
        c = COLOURS[n.severity]
        t.add_row(f"[{c}]{n.severity.value}[/{c}]", escape(n.path), escape(redact(n.message)), escape(redact(n.hint)))
    out.print(t)


@import_app.command("uss")
@friendly
def import_uss_cmd(
    source: Annotated[Path, typer.Argument(help="The Universal Schedule Standard file (.uss, JSON).")],
    path: Annotated[Path, typer.Argument(help="The production workbook (.xlsx); created from the template when it "
                                              "does not exist.")],
    in_place: Annotated[bool, typer.Option("--in-place", help="Write into the workbook itself (keeps a backup).")]
    = False,
    output: Annotated[Path | None, typer.Option("--output", "-o", help="The copy's path.")] = None,
    stripboard: Annotated[str | None, typer.Option("--stripboard", help="The stripboard (scenario) to import, by "
                                                                        "name; default: the first with day "
                                                                        "breaks.")] = None,
    backups: Annotated[int, typer.Option("--backups", min=0, help=BACKUPS_HELP)] = DEFAULT_BACKUPS,
) -> None:
    """Import a USS schedule (Movie Magic, Set Hero, Think Crew, Filmustage…) into the workbook's Scenes, Cast,
    Locations, Elements, Schedule, Days and Settings. Nothing is written when the file cannot be trusted."""
    from ..jobs.source import workbook_file
    from ..jobs.uss_import import import_uss

    if not source.is_file():
        err.print(f"[red]{escape(str(source))} does not exist.[/red] Give the .uss file your scheduler exported.")
        raise typer.Exit(2)
    data = source.read_bytes()
    new = not path.exists()
    if new and path.suffix.lower() != ".xlsx":
        err.print(f"[red]{escape(path.name)}:[/red] the workbook is an .xlsx file.")
        raise typer.Exit(2)
    with steps() as s:
        if new:
            result = import_uss(None, data, stripboard=stripboard, new_workbook=path)
        else:
            target = output_path(path, output, in_place, "imported")
            result = import_uss(workbook_file(path, target, backups=backups, progress=s.step), data,
                                stripboard=stripboard)  # fmt: skip
    sched = result.schedule
    if len(sched.stripboards) > 1 or stripboard:
        listing = ", ".join(f"{b.name!r} ({b.days} days, {b.scenes} scenes)" if b.days else
                            f"{b.name!r} (no day breaks, {b.scenes} scenes)" for b in sched.stripboards)  # fmt: skip
        out.print(f"Stripboards in {escape(source.name)}: {escape(listing)}.")
    print_notes(result.notes)
    if not result.trusted:
        n = len(sched.errors)
        err.print(f"[red]{escape(source.name)} cannot be imported ({n} error{'s' if n != 1 else ''} above). "
                  "Nothing was written.[/red]")  # fmt: skip
        raise typer.Exit(1)
    assert result.plan is not None
    chosen = f" (stripboard {sched.chosen!r})" if sched.chosen else ""
    out.print(f"{escape(source.name)}{escape(chosen)}: {escape(result.plan.summary)}.")
    where = result.written or path
    out.print(escape(f"{'New workbook' if result.created else 'Imported into'} → {where}"))


@export_app.command("uss")
@friendly
def export_uss_cmd(
    path: Annotated[Path, typer.Argument(help="The production workbook (.xlsx).")],
    target: Annotated[Path, typer.Argument(help="The USS file to write (.uss).")],
) -> None:
    """Export the breakdown, stripboard and calendar as a Universal Schedule Standard 1.0.0 file (validated against
    the standard's schema before it is written)."""
    from ..jobs.source import workbook_file
    from ..jobs.uss_export import UssExportError, export_uss

    if target.resolve() == path.resolve():
        err.print("[red]The USS file is a separate file:[/red] give it another name than the workbook.")
        raise typer.Exit(2)
    try:
        with steps() as s:
            result = export_uss(workbook_file(path, progress=s.step), target)
    except UssExportError as e:
        err.print(f"[red]{escape(str(e))}[/red]")
        raise typer.Exit(2) from None
    for w in result.warnings:
        out.print(f"[yellow]warning[/yellow] {escape(w)}")
    for w in result.parity:
        out.print(f"[yellow]{escape(w.title)}[/yellow] {escape(w.path)}: {escape(w.message)}")
    out.print(f"USS 1.0.0 written to {escape(str(result.path))}: {result.breakdowns} breakdowns on {result.days} shoot "
              "days; valid against the standard's schema.")  # fmt: skip


@export_app.command("asana")
@friendly
def export_asana_cmd(
    path: Annotated[Path, typer.Argument(help="The production workbook (.xlsx).")],
    target: Annotated[Path, typer.Argument(help="The CSV to write, for Asana's CSV importer.")],
    since: Annotated[Path | None, typer.Option("--since", help="The previous export: its tasks are left out (Asana's "
                                                               "import only adds tasks).")] = None,
) -> None:
    """Export the open prep tasks (Tasks table) as a CSV for Asana's importer: Name, Description, Section
    (department), Assignee, Collaborators, Start Date, Due Date (MM/DD/YYYY), Dependencies."""
    from ..jobs.asana import export_asana
    from ..jobs.source import workbook_file

    if since is not None and not since.is_file():
        err.print(f"[red]{escape(str(since))} does not exist.[/red] Give the CSV you imported into Asana last time.")
        raise typer.Exit(2)
    with steps() as s:
        result = export_asana(workbook_file(path, progress=s.step), target, since)
    r = result.rows
    extra = f"; {r.since} already in {since.name}" if since is not None else ""
    out.print(f"{len(r.rows)} task{'s' if len(r.rows) != 1 else ''} written to {escape(str(result.path))} "
              f"({r.closed} done or cancelled left out{escape(extra)}).")


@export_app.command("trello")
@friendly
def export_trello_cmd(
    path: Annotated[Path, typer.Argument(help="The production workbook (.xlsx).")],
    board: Annotated[str | None, typer.Option("--board", help="The Trello board ID (from its address: "
                                                              "trello.com/b/BOARD_ID/…).")] = None,
    json_file: Annotated[Path | None, typer.Option("--json", help="Write the cards to this JSON file instead of "
                                                                  "sending them.")] = None,
    lists: Annotated[str, typer.Option("--lists", help="One list per department or per status.")] = "department",
    api: Annotated[str | None, typer.Option("--api", help="The API address (default https://api.trello.com, or "
                                                          "XLPRODUCTION_TRELLO_API).")] = None,
) -> None:
    """Create and update Trello cards for the prep tasks through Trello's REST API (key and token from
    XLPRODUCTION_TRELLO_KEY and XLPRODUCTION_TRELLO_TOKEN), or write the same cards to --json FILE."""
    from ..interchange.tasks.trello import TrelloError
    from ..jobs.source import workbook_file
    from ..jobs.trello import export_trello

    if lists not in ("department", "status"):
        err.print("[red]--lists is department or status.[/red]")
        raise typer.Exit(2)
    if board is None and json_file is None:
        err.print("[red]Give --board BOARD_ID to send the cards, or --json FILE to write them to a file.[/red]")
        raise typer.Exit(2)
    try:
        with steps() as s:
            result = export_trello(workbook_file(path, progress=s.step), board, json_path=json_file, group=lists,
                                   api=api)  # fmt: skip
    except TrelloError as e:
        err.print(f"[red]{escape(str(e))}[/red]")
        raise typer.Exit(2) from None
    if result.json_path is not None:
        out.print(f"{len(result.cards)} cards written to {escape(str(result.json_path))}.")
        return
    r = result.synced
    assert r is not None
    out.print(f"Trello board {escape(str(board))}: {len(r.created)} cards created, {len(r.updated)} updated, "
              f"{r.unchanged} unchanged, {len(r.archived)} archived; {len(r.lists_created)} lists and "
              f"{len(r.labels_created)} labels created ({r.requests} requests).")


@app.command("tasks")
@friendly
def tasks_cmd(
    path: Annotated[Path, typer.Argument(help="The production workbook (.xlsx).")],
    derive: Annotated[bool, typer.Option("--derive", help="Derive the prep tasks from the production into the "
                                                          "Tasks table.")] = False,
    in_place: Annotated[bool, typer.Option("--in-place", help="With --derive: write into the workbook itself (keeps "
                                                              "a backup).")] = False,
    output: Annotated[Path | None, typer.Option("--output", "-o", help="The copy's path.")] = None,
    backups: Annotated[int, typer.Option("--backups", min=0, help=BACKUPS_HELP)] = DEFAULT_BACKUPS,
) -> None:
    """List the open prep tasks, or with --derive add and update the tasks that follow from the production
    (permits, recces, fittings, minors' permits, travel, call sheets), never duplicating or overwriting yours."""
    from ..jobs.source import workbook_file
    from ..jobs.tasks import derive as derive_job
    from ..jobs.tasks import list_open

    if not derive:
        if in_place or output:
            err.print("[red]--in-place and --output are for --derive.[/red]")
            raise typer.Exit(2)
        with steps() as s:
            result = list_open(workbook_file(path, progress=s.step))
        t = RichTable(header_style="bold")
        for h in ("Due", "Task", "Department", "Owner", "Status", "Linked To"):
            t.add_column(h, overflow="fold")
        today = result.production.today
        shown = result.open if result.open is not None else []
        for r in shown.to_dict("records") if len(shown) else []:
            due = r.get("due")
            late = due is not None and due == due and due.date() < today
            when = f"{due:%a %d-%b}" if due is not None and due == due else ""
            t.add_row(f"[red]{when}[/red]" if late else when, escape(str(r.get("task") or "")),
                      escape(str(r.get("department") or "")), escape(str(r.get("owner") or "")),
                      escape(str(r.get("status") or "")), escape(str(r.get("linked_to") or "")))  # fmt: skip
        out.print(t)
        out.print(f"{escape(path.name)}: {escape(result.summary)}.")
        return
    target = output_path(path, output, in_place, "tasks")
    with steps() as s:
        result = derive_job(workbook_file(path, target, backups=backups, progress=s.step))
    out.print(f"{escape(path.name)}: prep tasks {escape(result.summary)}.")
    if result.written is not None:
        out.print(escape(f"Tasks table → {result.written}"))
    else:
        out.print("Nothing changed: the Tasks table is up to date.")

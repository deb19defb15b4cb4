"""`xlproduction script breakdown` and `xlproduction script import`: screenplays from the command line.

Reads a Fountain or Final Draft (.fdx) file, lays it out on the page, and prints one row per scene (number, I/E,
set, D/N, eighths, page, speaking characters, synopsis) and the cast numbered by scene count, as a table or as the
documented JSON. A file that is not a script (PDF, Word, binary, unsafe XML) exits 2 with what to export instead;
findings (no scenes, headings without INT/EXT, duplicate scene numbers…) are listed, and errors among them exit 1.

`script import` writes the breakdown into a workbook: a new one from the template when it does not exist, else a
copy (NAME.script.xlsx) unless --in-place; a revised draft updates Scenes and Cast and lists every change
(xlproduction.jobs.script_import).
"""

from __future__ import annotations

import json
import sys
from enum import StrEnum
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer
from rich.markup import escape
from rich.table import Table as RichTable

from ..model.findings import Severity
from ..model.pages import format_pages
from ..workbook.safe_write import DEFAULT_BACKUPS
from .common import BACKUPS_HELP, app, err, friendly, out, output_path

if TYPE_CHECKING:
    from ..interchange.script import Breakdown
    from ..interchange.script.revise import Revision

script_app = typer.Typer(no_args_is_help=True, rich_markup_mode=None,
                         help="Screenplays (Fountain, Final Draft .fdx) into the breakdown.")  # fmt: skip
app.add_typer(script_app, name="script")


class Format(StrEnum):
    table = "table"
    json = "json"


class PaperSize(StrEnum):
    letter = "letter"
    a4 = "a4"


PAPER_HELP = "Paper the page eighths are counted on (default: what the file says, else US Letter)."


@script_app.command("breakdown")
@friendly
def breakdown_cmd(
    script: Annotated[Path, typer.Argument(help="The screenplay: Fountain (.fountain, .txt) or Final Draft (.fdx).")],
    format: Annotated[Format, typer.Option("--format", "-f", help="table or json")] = Format.table,
    paper: Annotated[PaperSize | None, typer.Option(help=PAPER_HELP)] = None,
) -> None:
    """Print the script's breakdown: scenes with I/E, set, D/N, eighths and speaking cast; cast IDs by scene count."""
    from ..interchange.script import ScriptUnreadable, breakdown, read_script

    try:
        result = breakdown(read_script(script), paper.value if paper else None)
    except ScriptUnreadable as e:
        err.print(f"[red]Cannot read the script:[/red] {escape(str(e))}")
        raise typer.Exit(2) from None
    findings = sorted(result.findings, key=lambda f: (f.severity.rank, f.row or 0))
    if format is Format.json:
        json.dump(result.to_json(), sys.stdout, indent=2, ensure_ascii=False)
        sys.stdout.write("\n")
        for f in findings:  # stdout holds exactly the documented JSON; findings go to stderr
            err.print(f"{f.severity.value}: {f.code} {escape(f.message)}")
    else:
        _print_table(result)
        for f in findings:
            colour = {Severity.ERROR: "red", Severity.WARNING: "yellow"}.get(f.severity, "blue")
            out.print(f"[{colour}]{f.severity.value}[/{colour}] {f.code} {escape(f.message)}"
                      + (f" Fix: {escape(f.hint)}" if f.hint else ""))
    if any(f.severity is Severity.ERROR for f in findings):
        raise typer.Exit(1)


def _print_table(result: Breakdown) -> None:
    title = result.title or result.source
    t = RichTable(title=escape(title), header_style="bold", show_lines=False)
    for h in ("Scene", "I/E", "Set", "D/N", "Pages", "Page", "Characters", "Synopsis"):
        t.add_column(h, overflow="fold")
    for s in result.scenes:
        pages = format_pages(s.eighths) + ("" if not s.estimated else " ~")
        t.add_row(escape(s.scene), s.ie, escape(s.set), s.dn, pages, escape(s.script_page),
                  escape(", ".join(s.characters)), escape(s.synopsis))  # fmt: skip
    out.print(t)
    c = RichTable(title="Cast", header_style="bold")
    for h in ("Cast ID", "Character", "Scenes", "Also called"):
        c.add_column(h)
    for ch in result.characters:
        c.add_row(ch.cast_id, escape(ch.name), str(ch.scenes), escape(", ".join(ch.aliases)))
    if result.characters:
        out.print(c)
    if result.suggestions:
        names = ", ".join(f"{s.name} ({', '.join(s.scenes)})" for s in result.suggestions[:30])
        out.print(f"Named in capitals but never speaking (cast, background or props?): {escape(names)}")
    estimated = any(s.estimated for s in result.scenes)
    out.print(f"{len(result.scenes)} scenes, {format_pages(result.eighths)} pages "
              f"({result.page_count} printed pages on {result.paper})"
              + ("; ~ = eighths estimated by laying the script out, not given by the file." if estimated else "."))


WORKBOOK_HELP = "The production workbook (.xlsx); written from the template when it does not exist."
OUTPUT_HELP = "Where the updated copy goes (default: NAME.script.xlsx beside the workbook)."


@script_app.command("import")
@friendly
def import_cmd(
    script: Annotated[Path, typer.Argument(help="The screenplay: Fountain (.fountain, .txt) or Final Draft (.fdx).")],
    workbook: Annotated[Path, typer.Argument(help=WORKBOOK_HELP)],
    in_place: Annotated[bool, typer.Option("--in-place", help="Write into WORKBOOK itself (backup kept).")] = False,
    output: Annotated[Path | None, typer.Option("--output", "-o", help=OUTPUT_HELP)] = None,
    paper: Annotated[PaperSize | None, typer.Option(help=PAPER_HELP)] = None,
    dry_run: Annotated[bool, typer.Option("--dry-run", help="List the changes, write nothing.")] = False,
    backups: Annotated[int, typer.Option("--backups", min=0, help=BACKUPS_HELP)] = DEFAULT_BACKUPS,
) -> None:
    """Import the script into the workbook's Scenes and Cast (a revised draft updates them and lists every change)."""
    from ..interchange.script import ScriptUnreadable
    from ..jobs.script_import import ImportRefused, import_script_into, new_workbook_from_script
    from ..jobs.source import workbook_file

    size = paper.value if paper else None
    try:
        if not workbook.exists():
            result = new_workbook_from_script(script, workbook, paper=size, dry_run=dry_run)
        else:
            # Rows of existing tables: what a protected structure allows (a missing table's new sheet is refused in
            # place by the table updater).
            target = output_path(workbook, output, in_place, "script", adds_sheets=False)
            result = import_script_into(script, workbook_file(workbook, target, backups=backups), paper=size,
                                        dry_run=dry_run)  # fmt: skip
    except ScriptUnreadable as e:
        err.print(f"[red]Cannot read the script:[/red] {escape(str(e))}")
        raise typer.Exit(2) from None
    except ImportRefused as e:
        for f in e.findings:
            err.print(f"[red]error[/red] {f.code} {escape(f.message)}" + (f" Fix: {escape(f.hint)}" if f.hint else ""))
        err.print(f"[red]{escape(str(e))}[/red]")
        raise typer.Exit(1) from None
    _print_changes(result.revision)
    for f in sorted(result.findings, key=lambda f: (f.severity.rank, f.row or 0)):
        out.print(f"{f.severity.value} {f.code} {escape(f.message)}")
    b = result.breakdown
    what = f"{len(b.scenes)} scenes, {format_pages(b.eighths)} pages, {len(b.characters)} speaking characters"
    if result.target is None:
        out.print(f"Dry run: {what}; {result.revision.summary}. Nothing was written.")
    else:
        verb = "New workbook" if result.created else "Written"
        out.print(f"{verb}: {escape(str(result.target))} — {what}; {result.revision.summary}.")


def _print_changes(revision: Revision) -> None:
    for c in revision.changes:
        colour = {"omitted": "red", "check": "yellow", "added": "green"}.get(c.kind, "default")
        out.print(f"[{colour}]{c.kind:>10}[/{colour}]  {escape(c.message)}")
